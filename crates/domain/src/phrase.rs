//! The engine's sentences as data beside their English (issue #23): a stable id and typed
//! values, so a page can say the same thing in the reader's language. Each [`Phrase`] is made
//! where the English is written, from the same values, so the two cannot drift; the English
//! stays what the CLI's text and JSON print, byte for byte.

use chrono::NaiveDate;

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
    // Items as the applicant knows them (`Item::phrase`).
    "item-training",
    "item-rating",
    // What documents an area in the coverage picture (`AreaCoverage::coursework`).
    "source-course",
    "source-certificate-program",
];

/// Adds a phrase to a list once: one reason often excludes many items.
pub fn remember(list: &mut Vec<Phrase>, phrase: Phrase) {
    if !list.iter().any(|p| p.english == phrase.english) {
        list.push(phrase);
    }
}
