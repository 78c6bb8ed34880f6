//! The languages Lattice speaks. A person's choice is stored on their account by its code, and
//! each page, mail and form message is written in one of these; the words themselves live in
//! the web crate's Fluent files, not here.

use std::fmt;

/// A language the service is translated into. Adding one means its message files (the web
/// crate's `locales/`) and a variant here; the store keeps the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Language {
    #[default]
    English,
    Spanish,
}

impl Language {
    /// Every language, in the order a language switch lists them.
    pub const ALL: [Language; 2] = [Language::English, Language::Spanish];

    /// The BCP 47 code: what `<html lang>`, cookies and the store hold.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// The language's name in itself, as a switch offers it ("Español" to someone reading
    /// English who is looking for Spanish).
    pub fn endonym(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Spanish => "Español",
        }
    }

    /// The language of a stored or sent code; `None` for one we do not speak. Only the
    /// primary subtag counts ("es-MX" is Spanish), compared without regard to case.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|language| language.code().eq_ignore_ascii_case(primary))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn codes_read_back_and_regions_fall_to_their_language() {
        for language in Language::ALL {
            assert_eq!(Language::from_code(language.code()), Some(language));
        }
        assert_eq!(Language::from_code("es-MX"), Some(Language::Spanish));
        assert_eq!(Language::from_code("EN_us"), Some(Language::English));
        assert_eq!(Language::from_code("fr"), None);
        assert_eq!(Language::from_code(""), None);
    }
}
