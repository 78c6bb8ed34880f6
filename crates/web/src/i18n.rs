//! Pages in the reader's language (issue #23), with Project Fluent: one message file per area
//! and language under `crates/web/locales/`, embedded in the binary and parsed once, the first
//! time any page asks (the app's state holds the handle from start-up). Plurals follow each
//! language's CLDR rules inside the messages ("1 hour" / "2 hours", "1 hora" / "2 horas"), and
//! numbers are written the language's way ("1,250.5" / "1250,5", "12.500"); a sentence is one
//! message with its values as arguments, never pieces joined in code.
//!
//! Which language a request gets is decided in `language` (the account's choice, the switch's
//! cookie, then the browser's `Accept-Language`); a page opts in by building its layout with a
//! [`Tr`], and its template reads `{{ layout.tr.t("id") }}`. Pages not yet translated keep an
//! English [`Tr`] (the `Layout` default), header and all, so no page mixes languages.

use std::collections::BTreeSet;
use std::sync::{LazyLock, Mutex};

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::memoizer::MemoizerKind;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
pub use lattice_domain::language::Language;

/// The message files of each language, by name. Every language has the same names (a test
/// holds the ids inside them equal too).
macro_rules! locale_files {
    ($($name:literal),* $(,)?) => {
        [
            (Language::English, &[$(($name, include_str!(concat!("../locales/en/", $name)))),*]),
            (Language::Spanish, &[$(($name, include_str!(concat!("../locales/es/", $name)))),*]),
        ]
    };
}

type Files = [(Language, &'static [(&'static str, &'static str)]); 2];

const FILES: Files = locale_files!(
    "frame.ftl",
    "auth.ftl",
    "home.ftl",
    "dashboard.ftl",
    "portfolio.ftl",
    "rating.ftl",
    // The portfolio's section pages and their forms (issue #23 item 2).
    "section.ftl",
    "forms.ftl",
    "application.ftl",
    // The public registry and the verification pages (issue #23 item 2).
    "registry.ftl",
    // The requirement panel and the engine's phrases (issue #23 item 2).
    "requirements.ftl",
    // The coverage picture, the pathfinder and the printable summary (issue #23 item 2).
    "coverage.ftl",
    // The renewal and reinstatement pages (issue #23 item 2).
    "renewal.ftl",
    // The applicant's exam page (issue #23 item 2).
    "exam.ftl",
);

/// Every language's messages, parsed once. Missing ids met while rendering are remembered (and
/// logged): the page shows the id instead of failing, and tests ask [`I18n::missing`].
pub struct I18n {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
    ids: Vec<(Language, BTreeSet<String>)>,
    missing: Mutex<BTreeSet<String>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field(
                "languages",
                &self.ids.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

static EMBEDDED: LazyLock<I18n> = LazyLock::new(|| I18n::parse(&FILES));

impl I18n {
    /// The messages built into this binary. A file that does not parse, or an id defined
    /// twice, is a fault of the build (the tests parse them all), so it is logged and the
    /// rest of the file still serves.
    pub fn embedded() -> &'static I18n {
        &EMBEDDED
    }

    fn parse(files: &Files) -> I18n {
        let mut bundles = Vec::new();
        let mut ids = Vec::new();
        for (language, files) in files {
            let mut bundle = FluentBundle::new_concurrent(vec![language_id(*language)]);
            // Fluent wraps each value in bidi isolation marks for right-to-left text among
            // left-to-right; both languages here run left to right, and the marks would sit
            // invisibly inside every number and name (and every test's expected text).
            bundle.set_use_isolating(false);
            match language {
                Language::English => bundle.set_formatter(Some(format_english)),
                Language::Spanish => bundle.set_formatter(Some(format_spanish)),
            }
            let mut names = BTreeSet::new();
            for (file, text) in files.iter() {
                let resource = match FluentResource::try_new((*text).to_string()) {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        tracing::error!(%language, file, ?errors, "a message file has errors");
                        resource
                    }
                };
                names.extend(entry_ids(&resource));
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(%language, file, ?errors, "a message file clashes");
                }
            }
            bundles.push((*language, bundle));
            ids.push((*language, names));
        }
        I18n {
            bundles,
            ids,
            missing: Mutex::new(BTreeSet::new()),
        }
    }

    /// The ids of a language's messages and terms (`-endorsement`), for the test that every
    /// language has the same ones.
    pub fn ids(&self, language: Language) -> BTreeSet<String> {
        self.ids
            .iter()
            .find(|(l, _)| *l == language)
            .map(|(_, ids)| ids.clone())
            .unwrap_or_default()
    }

    /// Every `language:id` a page asked for that was not there, or that Fluent could not
    /// format (a missing argument), since the process started.
    pub fn missing(&self) -> BTreeSet<String> {
        self.missing.lock().map(|m| m.clone()).unwrap_or_default()
    }

    fn format(&self, language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some((_, bundle)) = self.bundles.iter().find(|(l, _)| *l == language) else {
            return self.miss(language, id, "no bundle");
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return self.miss(language, id, "no such message");
        };
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned();
        if !errors.is_empty() {
            self.miss(language, id, &format!("{errors:?}"));
        }
        text
    }

    fn miss(&self, language: Language, id: &str, why: &str) -> String {
        tracing::error!(%language, id, why, "a page asked for a message it could not have");
        if let Ok(mut missing) = self.missing.lock() {
            missing.insert(format!("{language}:{id}"));
        }
        id.to_string()
    }
}

/// The cookie the language switch sets: what a visitor not signed in chose, and on this
/// browser what the account holds (set again at sign-in).
pub const LANGUAGE_COOKIE: &str = "lattice_lang";

/// How long a browser keeps its language: a year.
const COOKIE_SECONDS: u32 = 365 * 24 * 60 * 60;

/// The cookie that carries a browser's language: a year, for every path, not for scripts.
pub fn language_cookie(language: Language, secure: bool) -> Cookie<'static> {
    // The cookie crate's own parser sets Max-Age (its builder would need the `time` crate).
    let mut cookie = Cookie::parse(format!(
        "{LANGUAGE_COOKIE}={}; Max-Age={COOKIE_SECONDS}; Path=/; HttpOnly; SameSite=Lax",
        language.code()
    ))
    .unwrap_or_else(|_| Cookie::new(LANGUAGE_COOKIE, language.code()));
    cookie.set_secure(secure);
    cookie
}

/// The language a browser asks for: the switch's cookie, else the first language of its
/// `Accept-Language` that the service speaks (Fluent's negotiation, "es-MX" finding "es"),
/// else English.
pub fn requested(headers: &HeaderMap) -> Language {
    let chosen = CookieJar::from_headers(headers)
        .get(LANGUAGE_COOKIE)
        .and_then(|cookie| Language::from_code(cookie.value()));
    if let Some(chosen) = chosen {
        return chosen;
    }
    headers
        .get_all(ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .map(negotiate)
        .next()
        .unwrap_or_default()
}

/// The best of our languages for an `Accept-Language` value.
fn negotiate(accept_language: &str) -> Language {
    let requested = fluent_langneg::accepted_languages::parse(accept_language);
    let available: Vec<_> = Language::ALL.into_iter().map(language_id).collect();
    let default = language_id(Language::default());
    fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    )
    .first()
    .and_then(|id| Language::from_code(&id.to_string()))
    .unwrap_or_default()
}

fn language_id(language: Language) -> unic_langid::LanguageIdentifier {
    // The codes are the crate's own constants, valid BCP 47; the default (und) is never met.
    language.code().parse().unwrap_or_default()
}

fn entry_ids(resource: &FluentResource) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(message) => Some(message.id.name.to_string()),
            Entry::Term(term) => Some(format!("-{}", term.id.name)),
            _ => None,
        })
        .collect()
}

/// Numbers as English writes them: 1,250.5.
fn format_english<M: MemoizerKind>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(number) => Some(group(&number.as_string(), ',', '.', 4)),
        _ => None,
    }
}

/// Numbers as Spanish writes them (CLDR `es`: a decimal comma, points between thousands from
/// five digits on): 1250,5 and 12.500.
fn format_spanish<M: MemoizerKind>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(number) => Some(group(&number.as_string(), '.', ',', 5)),
        _ => None,
    }
}

/// Rewrites Fluent's plain `1234.5` with the language's separators, grouping thousands once
/// the whole part has `from` digits (CLDR's minimum grouping digits).
fn group(plain: &str, thousands: char, decimal: char, from: usize) -> String {
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let mut out = String::from(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && whole.len() >= from && (whole.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push(decimal);
        out.push_str(fraction);
    }
    out
}

/// A value handed to a message: text, a number (which then chooses plural forms and is
/// written the language's way) or a date (written in the language's words). Implemented for
/// what page structs hold.
pub trait Arg {
    fn value(&self, language: Language) -> FluentValue<'static>;
}

impl Arg for str {
    fn value(&self, _: Language) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

impl Arg for String {
    fn value(&self, _: Language) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

/// A page keeps a date as a date, so each language writes it its own way
/// ([`Language::date`]: ISO in English, "4 de diciembre de 2026" in Spanish).
impl Arg for chrono::NaiveDate {
    fn value(&self, language: Language) -> FluentValue<'static> {
        FluentValue::from(language.date(*self))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn value(&self, _: Language) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_args!(i32, i64, u16, u32, u64, usize, f64);

impl<T: Arg + ?Sized> Arg for &T {
    fn value(&self, language: Language) -> FluentValue<'static> {
        (**self).value(language)
    }
}

/// A page's translator: the messages and the language to read them in. Cheap to copy; the
/// default is English, what every page not yet translated speaks.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    i18n: &'static I18n,
    language: Language,
}

impl Default for Tr {
    fn default() -> Tr {
        Tr::new(I18n::embedded(), Language::English)
    }
}

impl Tr {
    pub fn new(i18n: &'static I18n, language: Language) -> Tr {
        Tr { i18n, language }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message with this id.
    pub fn t(&self, id: &str) -> String {
        self.i18n.format(self.language, id, None)
    }

    /// The message with one named value.
    pub fn t1(&self, id: &str, name: &str, value: impl Arg) -> String {
        self.with(id, [(name, value.value(self.language))])
    }

    /// The message with two named values.
    pub fn t2(
        &self,
        id: &str,
        first: &str,
        first_value: impl Arg,
        second: &str,
        second_value: impl Arg,
    ) -> String {
        self.with(
            id,
            [
                (first, first_value.value(self.language)),
                (second, second_value.value(self.language)),
            ],
        )
    }

    /// The message with three named values.
    #[expect(clippy::too_many_arguments, reason = "three name and value pairs")]
    pub fn t3(
        &self,
        id: &str,
        first: &str,
        first_value: impl Arg,
        second: &str,
        second_value: impl Arg,
        third: &str,
        third_value: impl Arg,
    ) -> String {
        self.with(
            id,
            [
                (first, first_value.value(self.language)),
                (second, second_value.value(self.language)),
                (third, third_value.value(self.language)),
            ],
        )
    }

    /// The message with any number of named text values (a sentence with four or five).
    pub fn tn(&self, id: &str, values: &[(&str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), FluentValue::from(value.clone()));
        }
        self.i18n.format(self.language, id, Some(&args))
    }

    /// The message with any number of named values of any kind, numbers kept numbers (for
    /// plurals and the language's digits).
    pub fn ta(&self, id: &str, values: &[(&str, &dyn Arg)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), value.value(self.language));
        }
        self.i18n.format(self.language, id, Some(&args))
    }

    fn with<const N: usize>(&self, id: &str, values: [(&str, FluentValue<'static>); N]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), value);
        }
        self.i18n.format(self.language, id, Some(&args))
    }

    /// A calendar date the page's language's way ([`Language::date`]).
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        self.language.date(date)
    }

    /// A stored `YYYY-MM-DD` date in this language's words ([`Tr::date`]); anything else as
    /// it was kept.
    pub fn kept_date(&self, kept: &str) -> String {
        chrono::NaiveDate::parse_from_str(kept, "%Y-%m-%d")
            .map_or_else(|_| kept.to_string(), |date| self.date(date))
    }

    /// One of the engine's phrases in this language. English pages print the engine's own
    /// English, byte for byte what `lattice check` prints.
    pub fn phrase(&self, phrase: &lattice_domain::phrase::Phrase) -> String {
        use lattice_domain::phrase::Value;
        if self.language == Language::English {
            return phrase.english.clone();
        }
        let mut args = FluentArgs::new();
        for (name, value) in &phrase.args {
            let value = match value {
                Value::Number(n) => FluentValue::from(*n),
                Value::Hours(m) => FluentValue::from(m.as_hours()),
                Value::Date(d) => FluentValue::from(self.date(*d)),
                Value::Name(text) => FluentValue::from(text.clone()),
                Value::Key(key) => FluentValue::from(*key),
                Value::Areas(ids) => FluentValue::from(
                    ids.iter()
                        .map(|id| self.tk("area", id))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                // A page asks `Phrase::speaks` first; English stands in if it did not.
                Value::Described(words) => FluentValue::from(
                    words
                        .in_language(self.language)
                        .unwrap_or(&words.english)
                        .to_string(),
                ),
                Value::Inner(inner) => FluentValue::from(self.phrase(inner)),
            };
            args.set(*name, value);
        }
        self.i18n.format(self.language, phrase.id, Some(&args))
    }

    /// The message for a stored key, `prefix-key` ("state-under-review"): for values the
    /// page holds as keys.
    pub fn tk(&self, prefix: &str, key: &str) -> String {
        self.t(&format!("{prefix}-{key}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_same_message_ids() {
        let i18n = I18n::embedded();
        let english = i18n.ids(Language::English);
        assert!(english.len() > 50, "{} ids", english.len());
        for language in Language::ALL {
            let ids = i18n.ids(language);
            let only_english: Vec<_> = english.difference(&ids).collect();
            let only_here: Vec<_> = ids.difference(&english).collect();
            assert!(
                only_english.is_empty() && only_here.is_empty(),
                "{language}: missing {only_english:?}, not in English {only_here:?}"
            );
        }
    }

    #[test]
    fn every_file_parses_without_a_clash() {
        for (language, files) in FILES {
            let mut bundle = FluentBundle::new_concurrent(vec![language_id(language)]);
            for (file, text) in files {
                let resource = FluentResource::try_new((*text).to_string())
                    .unwrap_or_else(|(_, e)| panic!("{language}/{file}: {e:?}"));
                bundle
                    .add_resource(resource)
                    .unwrap_or_else(|e| panic!("{language}/{file}: {e:?}"));
            }
        }
    }

    #[test]
    fn a_test_bundle_missing_an_id_is_caught() {
        // The guard above must fail when a language lacks an id: built from files that differ
        // by one message, the id sets differ by exactly it.
        let files: Files = [
            (Language::English, &[("a.ftl", "one = One\ntwo = Two\n")]),
            (Language::Spanish, &[("a.ftl", "one = Uno\n")]),
        ];
        let i18n = I18n::parse(&files);
        let english = i18n.ids(Language::English);
        let spanish = i18n.ids(Language::Spanish);
        assert_eq!(
            english.difference(&spanish).collect::<Vec<_>>(),
            vec!["two"]
        );
        // And a page asking for it gets the id back, recorded as missing.
        let i18n: &'static I18n = Box::leak(Box::new(i18n));
        assert_eq!(Tr::new(i18n, Language::Spanish).t("two"), "two");
        assert_eq!(
            i18n.missing().into_iter().collect::<Vec<_>>(),
            vec!["es:two"]
        );
    }

    #[test]
    fn plurals_and_numbers_follow_each_language() {
        let files: Files = [
            (
                Language::English,
                &[(
                    "a.ftl",
                    "hours = { $n ->\n    [one] { $n } hour\n   *[other] { $n } hours\n}\n",
                )],
            ),
            (
                Language::Spanish,
                &[(
                    "a.ftl",
                    "hours = { $n ->\n    [one] { $n } hora\n   *[other] { $n } horas\n}\n",
                )],
            ),
        ];
        let i18n: &'static I18n = Box::leak(Box::new(I18n::parse(&files)));
        let en = Tr::new(i18n, Language::English);
        let es = Tr::new(i18n, Language::Spanish);
        assert_eq!(en.t1("hours", "n", 1), "1 hour");
        assert_eq!(en.t1("hours", "n", 2), "2 hours");
        assert_eq!(en.t1("hours", "n", 0), "0 hours");
        assert_eq!(es.t1("hours", "n", 1), "1 hora");
        assert_eq!(es.t1("hours", "n", 0), "0 horas");
        assert_eq!(en.t1("hours", "n", 1250.5), "1,250.5 hours");
        assert_eq!(es.t1("hours", "n", 1250.5), "1250,5 horas");
        assert_eq!(es.t1("hours", "n", 12500), "12.500 horas");
        assert_eq!(en.t1("hours", "n", 999), "999 hours");
        assert_eq!(en.t1("hours", "n", 1000), "1,000 hours");
        assert!(i18n.missing().is_empty(), "{:?}", i18n.missing());
        // A missing argument is a miss too, not silence.
        let _ = es.t("hours");
        assert_eq!(
            i18n.missing().into_iter().collect::<Vec<_>>(),
            vec!["es:hours"]
        );
    }

    #[test]
    fn the_cookie_then_the_browser_then_english() {
        let headers = |pairs: &[(&str, &str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.append(
                    axum::http::HeaderName::from_bytes(name.as_bytes()).expect("name"),
                    value.parse().expect("value"),
                );
            }
            map
        };
        let cases: &[(&[(&str, &str)], Language)] = &[
            (&[], Language::English),
            (
                &[("accept-language", "es-MX,es;q=0.9,en;q=0.8")],
                Language::Spanish,
            ),
            (
                &[("accept-language", "en-US,en;q=0.9,es;q=0.8")],
                Language::English,
            ),
            // A language we do not speak first: the next one we do.
            (&[("accept-language", "fr-CA,es;q=0.5")], Language::Spanish),
            (&[("accept-language", "fr, de")], Language::English),
            // The switch's cookie outranks the browser.
            (
                &[("accept-language", "es"), ("cookie", "lattice_lang=en")],
                Language::English,
            ),
            (&[("cookie", "lattice_lang=es")], Language::Spanish),
            // A cookie naming a language we do not speak is ignored.
            (
                &[("accept-language", "es"), ("cookie", "lattice_lang=xx")],
                Language::Spanish,
            ),
        ];
        for (pairs, expected) in cases {
            assert_eq!(requested(&headers(pairs)), *expected, "{pairs:?}");
        }
    }

    #[test]
    fn every_engine_phrase_has_a_message_in_every_language() {
        let i18n = I18n::embedded();
        for language in Language::ALL {
            let ids = i18n.ids(language);
            let missing: Vec<_> = lattice_domain::phrase::ALL_IDS
                .iter()
                .filter(|id| !ids.contains(**id))
                .collect();
            assert!(missing.is_empty(), "{language}: no message for {missing:?}");
        }
    }

    #[test]
    fn engine_phrases_in_spanish_with_a_decimal_comma_and_plurals() {
        use lattice_domain::minutes::Minutes;
        use lattice_domain::phrase::{Phrase, Value};
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        let en = Tr::new(I18n::embedded(), Language::English);
        let hours = |minutes: u32| {
            Phrase::new(
                "need-training-hours",
                vec![
                    ("hours", Value::Hours(Minutes::new(minutes))),
                    ("rsc", Value::Hours(Minutes::ZERO)),
                    ("dei", Value::Hours(Minutes::ZERO)),
                ],
                "the English".into(),
            )
        };
        assert_eq!(es.phrase(&hours(150)), "2,5 horas más de capacitación");
        assert_eq!(es.phrase(&hours(60)), "1 hora más de capacitación");
        assert_eq!(es.phrase(&hours(15)), "0,25 horas más de capacitación");
        // English pages print the engine's own English, whatever the message says.
        assert_eq!(en.phrase(&hours(150)), "the English");
        let expired = Phrase::new(
            "why-membership-expired",
            vec![(
                "date",
                Value::Date(chrono::NaiveDate::from_ymd_opt(2026, 1, 31).expect("date")),
            )],
            "expired on 2026-01-31".into(),
        );
        assert_eq!(es.phrase(&expired), "venció el 31 de enero de 2026");
        let conference = |kept: f64| {
            Phrase::new(
                "why-another-conference",
                vec![
                    ("conference", Value::Name("LEARN 2024".into())),
                    ("minimum", Value::Hours(Minutes::new(30 * 60))),
                    ("cap", Value::Number(1.0)),
                    ("counts", Value::Name("Annual 2024".into())),
                    ("kept", Value::Number(kept)),
                ],
                String::new(),
            )
        };
        assert_eq!(
            es.phrase(&conference(1.0)),
            "otra conferencia, «LEARN 2024»: figura en la lista pero no cuenta para el mínimo de 30 horas; solo puede contar 1 conferencia (cuenta Annual 2024)"
        );
        assert_eq!(
            es.phrase(&conference(0.0)),
            "otra conferencia, «LEARN 2024»: figura en la lista pero no cuenta para el mínimo de 30 horas; solo puede contar 1 conferencia"
        );
        assert!(
            I18n::embedded().missing().is_empty(),
            "{:?}",
            I18n::embedded().missing()
        );
    }

    #[test]
    fn grouping_starts_at_the_language_s_minimum() {
        assert_eq!(group("1234", ',', '.', 4), "1,234");
        assert_eq!(group("123", ',', '.', 4), "123");
        assert_eq!(group("-1234567.25", ',', '.', 4), "-1,234,567.25");
        assert_eq!(group("1234", '.', ',', 5), "1234");
        assert_eq!(group("12345", '.', ',', 5), "12.345");
    }
}
