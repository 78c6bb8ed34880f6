//! The languages Lattice speaks. A person's choice is stored on their account by its code, and
//! each page, mail and form message is written in one of these; the words themselves live in
//! the web crate's Fluent files, not here.

use std::fmt;

use chrono::{Locale, NaiveDate, NaiveTime};

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

impl Language {
    /// A date written out as a letter would, with the day of the week, which helps people
    /// place it: "Friday 15 January 2027", "viernes, 15 de enero de 2027". The names and the
    /// order come from chrono's CLDR locale data, not from tables of our own.
    pub fn long_date(self, date: NaiveDate) -> String {
        self.written(date, true)
    }

    /// The same date without the day of the week, as a diploma prints it: "26 November 2026",
    /// "26 de noviembre de 2026" (the certificate).
    pub fn diploma_date(self, date: NaiveDate) -> String {
        self.written(date, false)
    }

    fn written(self, date: NaiveDate, weekday: bool) -> String {
        let (pattern, locale) = match (self, weekday) {
            (Language::English, true) => ("%A %-d %B %Y", Locale::en_US),
            (Language::English, false) => ("%-d %B %Y", Locale::en_US),
            (Language::Spanish, true) => ("%A, %-d de %B de %Y", Locale::es_ES),
            (Language::Spanish, false) => ("%-d de %B de %Y", Locale::es_ES),
        };
        date.and_time(NaiveTime::MIN)
            .and_utc()
            .format_localized(pattern, locale)
            .to_string()
    }

    /// A calendar date as the language's pages write it: English keeps the ISO form its
    /// pages have always shown (`2027-01-15`); Spanish the diploma's long form ("15 de enero
    /// de 2027").
    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Language::English => date.to_string(),
            Language::Spanish => self.diploma_date(date),
        }
    }

    /// A date in a mail: English mails keep the ISO form they always had; Spanish ones the
    /// long form with the weekday ([`Language::long_date`]), which reads naturally after "el".
    pub fn mail_date(self, date: NaiveDate) -> String {
        match self {
            Language::English => date.to_string(),
            Language::Spanish => self.long_date(date),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The languages an association offers the people who apply to it (issue #23): English
/// always, since every page is written in it first and pages not yet translated stay in it,
/// and whichever others the association chose on its settings page. Anonymous visitors and
/// staff are offered every language ([`OfferedLanguages::all`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OfferedLanguages(Vec<Language>);

impl Default for OfferedLanguages {
    /// What an association offers until it chooses: English only.
    fn default() -> OfferedLanguages {
        OfferedLanguages(vec![Language::English])
    }
}

impl OfferedLanguages {
    /// English and the given languages, in the switch's order, each once.
    pub fn new(languages: impl IntoIterator<Item = Language>) -> OfferedLanguages {
        let mut all: Vec<Language> = languages.into_iter().collect();
        all.push(Language::English);
        all.sort();
        all.dedup();
        OfferedLanguages(all)
    }

    /// Every language the service speaks.
    pub fn all() -> OfferedLanguages {
        OfferedLanguages::new(Language::ALL)
    }

    /// The stored form: codes joined by commas ("en,es").
    pub fn stored(&self) -> String {
        self.0
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The languages of a stored list, `None` when it names a code this build does not speak
    /// (only [`OfferedLanguages::stored`] writes the column, so that is a fault to report).
    pub fn from_stored(text: &str) -> Option<OfferedLanguages> {
        text.split(',')
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .map(Language::from_code)
            .collect::<Option<Vec<_>>>()
            .map(OfferedLanguages::new)
    }

    pub fn contains(&self, language: Language) -> bool {
        self.0.contains(&language)
    }

    /// The language the association writes to a person in: the one they chose for their
    /// account (`None`: none chosen) when it is offered, English otherwise.
    pub fn reader_language(&self, chosen: Option<Language>) -> Language {
        chosen
            .filter(|&language| self.contains(language))
            .unwrap_or_default()
    }

    /// The offered languages, English first.
    pub fn languages(&self) -> &[Language] {
        &self.0
    }

    /// The language a person gets: the one they want when it is offered, else English.
    pub fn choose(&self, wanted: Language) -> Language {
        if self.contains(wanted) {
            wanted
        } else {
            Language::English
        }
    }
}

impl fmt::Display for OfferedLanguages {
    /// As an audit row shows it: "en, es".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.stored().replace(',', ", "))
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn page_and_mail_dates_are_written_each_language_s_way() {
        use chrono::NaiveDate;
        let day = NaiveDate::from_ymd_opt(2027, 1, 15).expect("a date");
        assert_eq!(Language::English.date(day), "2027-01-15");
        assert_eq!(Language::Spanish.date(day), "15 de enero de 2027");
        let first = NaiveDate::from_ymd_opt(2026, 9, 1).expect("a date");
        assert_eq!(Language::Spanish.date(first), "1 de septiembre de 2026");
        assert_eq!(Language::English.mail_date(day), "2027-01-15");
        assert_eq!(
            Language::Spanish.mail_date(day),
            "viernes, 15 de enero de 2027"
        );
    }

    #[test]
    fn long_dates_are_written_each_language_s_way() {
        let day = |text: &str| text.parse::<chrono::NaiveDate>().expect("a date");
        let cases = [
            (Language::English, "2027-01-15", "Friday 15 January 2027"),
            (
                Language::Spanish,
                "2027-01-15",
                "viernes, 15 de enero de 2027",
            ),
            (
                Language::Spanish,
                "2026-09-02",
                "miércoles, 2 de septiembre de 2026",
            ),
        ];
        for (language, date, written) in cases {
            assert_eq!(language.long_date(day(date)), written);
        }
        // The certificate's form, without the day of the week.
        let cases = [
            (Language::English, "2026-11-06", "6 November 2026"),
            (Language::Spanish, "2026-09-02", "2 de septiembre de 2026"),
        ];
        for (language, date, written) in cases {
            assert_eq!(language.diploma_date(day(date)), written);
        }
    }

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

    #[test]
    fn english_is_always_offered_and_the_stored_form_reads_back() {
        use super::OfferedLanguages;
        assert_eq!(OfferedLanguages::default().languages(), [Language::English]);
        let spanish = Some(Language::Spanish);
        assert_eq!(
            OfferedLanguages::default().reader_language(spanish),
            Language::English
        );
        assert_eq!(
            OfferedLanguages::new([Language::Spanish]).reader_language(spanish),
            Language::Spanish
        );
        assert_eq!(
            OfferedLanguages::new([Language::Spanish]).reader_language(None),
            Language::English
        );
        assert_eq!(OfferedLanguages::default().stored(), "en");
        let both = OfferedLanguages::new([Language::Spanish]);
        assert_eq!(both.languages(), [Language::English, Language::Spanish]);
        assert_eq!(both.stored(), "en,es");
        assert_eq!(both.to_string(), "en, es");
        assert_eq!(OfferedLanguages::from_stored("en,es"), Some(both.clone()));
        assert_eq!(OfferedLanguages::from_stored("es"), Some(both.clone()));
        assert_eq!(
            OfferedLanguages::from_stored("es,en,es"),
            Some(both.clone())
        );
        assert_eq!(
            OfferedLanguages::from_stored(""),
            Some(OfferedLanguages::default())
        );
        assert_eq!(OfferedLanguages::from_stored("en,fr"), None);
        assert_eq!(OfferedLanguages::all(), both);
        // Wanting a language not offered gives English.
        let english = OfferedLanguages::default();
        assert_eq!(english.choose(Language::Spanish), Language::English);
        assert_eq!(both.choose(Language::Spanish), Language::Spanish);
        assert_eq!(english.choose(Language::English), Language::English);
    }
}
