//! The engine's sentences as data beside their English (issue #23): a stable id and typed
//! values, so a page can say the same thing in the reader's language. Each [`Phrase`] is made
//! where the English is written, from the same values, so the two cannot drift; the English
//! stays what the CLI's text and JSON print, byte for byte.

use chrono::NaiveDate;

use crate::language::Language;
use crate::minutes::Minutes;

/// A value inside a phrase, typed so each language writes it its own way: numbers with its
/// decimal mark and plural forms, dates in its words.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    /// Hours held as minutes (the engine's unit); shown as hours.
    Hours(Minutes),
    Date(NaiveDate),
    /// A name the person or the association typed (a training's title): never translated.
    Name(String),
    /// A term each language names in its own words, by a stable key: a degree level
    /// (`bachelors`), which a message chooses its words for.
    Key(&'static str),
    /// Competency areas by id, each named in the language and listed with semicolons.
    Areas(Vec<&'static str>),
    /// Words the association's profile gives (a part of the work requirement, a rating's
    /// role): a language the profile does not word them in says the whole sentence in English.
    Described(Described),
    /// A sentence inside another ("… (for: the part)"), said in the same language.
    Inner(Box<Phrase>),
}

/// Words from an association's profile, in English and in each other language the profile
/// gives them in (`describe_es`).
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    pub english: String,
    pub spanish: Option<String>,
}

impl Described {
    pub fn new(english: &str, spanish: Option<&str>) -> Described {
        Described {
            english: english.to_string(),
            spanish: spanish.map(str::to_string),
        }
    }

    /// The words in a language, if the profile gives them in it.
    pub fn in_language(&self, language: Language) -> Option<&str> {
        match language {
            Language::English => Some(&self.english),
            Language::Spanish => self.spanish.as_deref(),
        }
    }

    /// The same words starting a sentence, in every language.
    pub fn capitalised(&self) -> Described {
        Described {
            english: capitalise(&self.english),
            spanish: self.spanish.as_deref().map(capitalise),
        }
    }
}

/// The text with its first letter upper-case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // The rest copied as one slice rather than char by char: this runs on every check.
        Some(c) => {
            let mut out = String::with_capacity(text.len());
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
        None => String::new(),
    }
}

/// One sentence of the engine: its id (a message in the web's `requirements.ftl`), its values
/// by name, and the English the CLI prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub id: &'static str,
    pub args: Vec<(&'static str, Value)>,
    pub english: String,
}

impl Phrase {
    pub fn new(id: &'static str, args: Vec<(&'static str, Value)>, english: String) -> Phrase {
        debug_assert!(ALL_IDS.contains(&id), "{id} is not in phrase::ALL_IDS");
        Phrase { id, args, english }
    }

    /// Whether the phrase can be said in a language: every profile wording in it is given in
    /// that language.
    pub fn speaks(&self, language: Language) -> bool {
        self.args.iter().all(|(_, value)| match value {
            Value::Described(words) => words.in_language(language).is_some(),
            Value::Inner(inner) => inner.speaks(language),
            _ => true,
        })
    }
}

/// Every id the engine can put in a [`Phrase`]: the web's test holds that each has a message
/// in every language.
pub const ALL_IDS: &[&str] = &[
    // What is still missing (`RequirementReport::missing`).
    "need-training-hours",
    "need-training-hours-rsc",
    "need-training-hours-dei",
    "need-training-hours-rsc-dei",
    "need-sign-code-of-ethics",
    "need-sign-endorsement-agreement",
    "need-renew-membership",
    "need-families",
    "need-rsc-span",
    "need-rsc-providers",
    "need-degree",
    "need-work-kind",
    "need-work-time",
    "need-rating-from",
    "need-rsc-hours",
    "need-membership",
    "need-membership-recorded",
    "need-membership-here",
    // Why an item did not count (`Excluded::reason`).
    "why-dated-after",
    "why-no-competency",
    "why-population-school-age",
    "why-population-adolescent",
    "why-population-elderly",
    "why-population-other",
    "why-another-conference",
    "why-rating-not-requested",
    "why-rating-requested",
    "why-rating-declined",
    "why-membership-expired",
    "why-no-category",
    "why-work-starts-after",
    "why-work-unpaid",
    "why-work-neither-paid-nor-supervised",
    "why-work-not-supervised",
    "why-work-age",
    "why-work-classroom",
    "why-work-not-child-and-parent",
    "why-work-services",
    "why-work-no-rsc",
    "why-work-not-leadership",
    "why-work-not-therapist",
    "why-work-internship-supervisor",
    "why-work-before-degree",
    "why-work-ended-before-degree",
    "why-work-prenatal-only",
    "why-for-part",
    "why-membership-typed",
    "why-degree-below",
    "why-degree-completes-after",
    "why-degree-not-completed",
    "why-membership-elsewhere",
    "why-rsc-runs-until",
    "why-rsc-peer",
    "why-rsc-not-serving",
    "why-rsc-span-alone",
    "why-rsc-outside-window",
    "why-rsc-bachelors-only",
    "why-rsc-exception-degree",
    "why-rsc-exception-receives",
    "why-rsc-not-imh-specialist",
    "why-rsc-provider",
    // A requirement's detail (`RequirementReport::detail`), one sentence each.
    "detail-degree-none-required",
    "detail-degree-met",
    "detail-degree-unmet",
    "detail-coursework-areas",
    "detail-coursework-many",
    "detail-training",
    "detail-training-typical",
    "detail-rsc-none-required",
    "detail-rsc",
    "detail-agreements-signed",
    "detail-membership-active",
    "detail-ratings-all",
    "detail-ratings-some",
    "detail-work-part",
    "detail-agreements-to-sign",
    "detail-membership-none",
    "detail-membership-unrecorded",
    "detail-membership-needed",
    "detail-membership-expired",
    "detail-exam-none",
    "detail-exam",
    "detail-work-part-time",
    // Items as the applicant knows them (`Item::phrase`).
    "item-training",
    "item-rating",
    "item-work",
    "item-rsc",
    "item-education",
    "item-membership",
    // Where an applicant stands with the exam (`ExamStage::phrase`).
    "exam-said-not-scheduled",
    "exam-said-scheduled",
    "exam-said-awaiting-results",
    "exam-said-passed",
    "exam-said-not-passed",
    // The exam's feedback letter, paragraph by paragraph (`exam::feedback_letter_said`).
    "exam-letter-greeting",
    "exam-letter-thanks",
    "exam-letter-part1-unscored",
    "exam-letter-part1-bad-record",
    "exam-letter-part1",
    "exam-letter-part2-unscored",
    "exam-letter-part2-bad-record",
    "exam-letter-part2-points",
    "exam-letter-part2-means",
    "exam-letter-passed",
    "exam-letter-incomplete",
    "exam-letter-not-passed",
    // Advice that blocks nothing (`Report::advice`).
    "advice-rating-presumed",
    "advice-rater-known-short",
    "advice-lower-tier",
    "advice-imh-certificate",
    "advice-rsc-bachelors-exception",
    "advice-rsc-meets-criteria",
    "advice-theory-uncovered",
    "advice-note",
    // A renewal requirement's detail (`RenewalItem::said`).
    "renewal-hours",
    "renewal-hours-first-year",
    "renewal-ethics-signed",
    "renewal-ethics-resign-between",
    "renewal-ethics-resign-by",
    "renewal-membership-none",
    "renewal-membership-typed",
    "renewal-membership-elsewhere",
    "renewal-membership-ends",
    "renewal-membership-valid",
    // What reinstating asks (`reinstatement::Need`): each label, then its detail.
    "reinstate-label-membership",
    "reinstate-label-experience",
    "reinstate-label-ratings",
    "reinstate-label-fee",
    "reinstate-membership",
    "reinstate-experience",
    "reinstate-ratings",
    "reinstate-fee",
    "reinstate-fee-association",
    // A category's tier ("Category II"), by `Profile::tier_phrase`.
    "tier",
    // The rules a check was made against (`Report::rules_said`).
    "rules-in-force",
    // Who may provide counted RS/C, inside the sentences above.
    "rsc-providers",
    "rsc-providers-none",
    // What documents an area in the coverage picture (`AreaCoverage::coursework`).
    "source-course",
    "source-certificate-program",
];

/// Phrases as the JSON writes them: their English, one string each.
pub fn english_only<S: serde::Serializer>(phrases: &[Phrase], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(phrases.iter().map(|p| p.english.as_str()))
}

/// Adds a phrase to a list once: one reason often excludes many items.
pub fn remember(list: &mut Vec<Phrase>, phrase: Phrase) {
    if !list.iter().any(|p| p.english == phrase.english) {
        list.push(phrase);
    }
}
