//! What the engine answers: per requirement, its status, counted against needed, and why each
//! item did or did not count. The JSON shape is the `lattice check` contract in DESIGN.md.

use chrono::NaiveDate;
use serde::Serialize;

use std::fmt;
use std::sync::Arc;

use crate::minutes::{Minutes, format_hours};
use crate::phrase::{Phrase, Value};
use crate::portfolio::{
    Education, Membership, Reference, ReferenceRole, RscRecord, Training, WorkExperience,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequirementId {
    Education,
    Training,
    Work,
    Rsc,
    References,
    Agreements,
    Membership,
    Exam,
}

impl RequirementId {
    pub fn label(self) -> &'static str {
        match self {
            RequirementId::Education => "Education",
            RequirementId::Training => "Training",
            RequirementId::Work => "Specialized work",
            RequirementId::Rsc => "Reflective supervision/consultation",
            RequirementId::References => "Reference ratings",
            RequirementId::Agreements => "Agreements",
            RequirementId::Membership => "Membership",
            RequirementId::Exam => "Exam",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            RequirementId::Education => "education",
            RequirementId::Training => "training",
            RequirementId::Work => "work",
            RequirementId::Rsc => "rsc",
            RequirementId::References => "references",
            RequirementId::Agreements => "agreements",
            RequirementId::Membership => "membership",
            RequirementId::Exam => "exam",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Met,
    Unmet,
    /// A later stage (the exam, after review): does not block submission.
    Pending,
    NotApplicable,
}

impl Status {
    pub fn blocks_submission(self) -> bool {
        self == Status::Unmet
    }

    pub fn from_met(met: bool) -> Status {
        if met { Status::Met } else { Status::Unmet }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Hours,
    Years,
    Count,
}

/// An item that counted or did not. Trainings and RS/C records are many, so they are kept as
/// references and only turned into text when a report is shown or serialized.
///
/// Two texts: [`fmt::Display`] names the item by its place in the portfolio file
/// (`trainings[0] …`), which the CLI's JSON keeps so scripts can find the entry; [`Item::prose`]
/// names it as the applicant knows it ("the training 'Circle of Security' (2023-03-04)"), for
/// `--format text` and the pages.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a> {
    Training {
        index: usize,
        training: &'a Training,
    },
    Rsc {
        index: usize,
        record: &'a RscRecord,
    },
    Work {
        index: usize,
        job: &'a WorkExperience,
    },
    Education {
        index: usize,
        entry: &'a Education,
    },
    Reference {
        index: usize,
        reference: &'a Reference,
    },
    Membership(&'a Membership),
    Text(String),
}

impl fmt::Display for Item<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Training { index, training: t } => {
                write!(f, "trainings[{index}] {} ({})", t.title, t.hours)
            }
            Item::Rsc { index, record: r } => write!(
                f,
                "rsc[{index}] {} ({}, {} to {}, {})",
                r.provider.name, r.provider.endorsement, r.start, r.end, r.hours
            ),
            Item::Work { index, job } => {
                write!(f, "work[{index}] {}", job.employer)?;
                if !job.role.is_empty() {
                    write!(f, ", {}", job.role)?;
                }
                match job.end {
                    Some(end) => write!(f, " ({} to {end})", job.start),
                    None => write!(f, " ({} to present)", job.start),
                }
            }
            Item::Education { index, entry: e } => {
                let text = format!("education[{index}] {} {}", e.degree, e.field);
                f.write_str(text.trim_end())
            }
            Item::Reference {
                index,
                reference: r,
            } => write!(f, "references[{index}] {} ({})", r.name, r.role.key()),
            Item::Membership(m) => {
                write!(f, "membership {} until {}", m.association, m.valid_until)
            }
            Item::Text(text) => f.write_str(text),
        }
    }
}

/// "your program supervisor": the rater's role as the applicant says it.
pub fn your_role(role: ReferenceRole) -> &'static str {
    match role {
        ReferenceRole::ProgramSupervisor => "your program supervisor",
        ReferenceRole::RscProvider => "your RS/C provider",
        ReferenceRole::Colleague => "your colleague",
        ReferenceRole::Supervisee => "your supervisee",
        ReferenceRole::Teacher => "your teacher, trainer or consultant",
        ReferenceRole::Parent => "a parent",
        ReferenceRole::Other => "a rater in another role",
    }
}

impl Item<'_> {
    /// The item as the applicant knows it, without the file's field names.
    pub fn prose(&self) -> String {
        match self {
            Item::Training { training: t, .. } => {
                format!("the training '{}' ({})", t.title, t.date)
            }
            Item::Rsc { record: r, .. } => format!(
                "the RS/C with {} ({} to {}, {} h)",
                r.provider.name,
                r.start,
                r.end,
                format_hours(r.hours)
            ),
            Item::Work { job, .. } => {
                let mut text = format!("your work at {}", job.employer);
                if !job.role.is_empty() {
                    text.push_str(&format!(", {}", job.role));
                }
                match job.end {
                    Some(end) => text.push_str(&format!(" ({} to {end})", job.start)),
                    None => text.push_str(&format!(" (since {})", job.start)),
                }
                text
            }
            Item::Education { entry: e, .. } => {
                let name = format!("{} {}", e.degree, e.field);
                match name.trim() {
                    "" => format!(
                        "your {}",
                        e.level
                            .describe()
                            .trim_start_matches("a ")
                            .trim_start_matches("an ")
                    ),
                    named => format!("your degree '{named}'"),
                }
            }
            Item::Reference { reference: r, .. } => {
                format!("the rating from {}, {}", r.name, your_role(r.role))
            }
            Item::Membership(m) => format!("your membership (valid until {})", m.valid_until),
            Item::Text(text) => text.clone(),
        }
    }
}

impl Item<'_> {
    /// [`Item::prose`] with an id, where the item has one in other languages.
    pub fn phrase(&self) -> Option<Phrase> {
        match self {
            Item::Training { training: t, .. } => Some(Phrase::new(
                "item-training",
                vec![
                    ("title", Value::Name(t.title.clone())),
                    ("date", Value::Date(t.date)),
                ],
                self.prose(),
            )),
            Item::Reference { reference: r, .. } => Some(Phrase::new(
                "item-rating",
                vec![
                    ("name", Value::Name(r.name.clone())),
                    ("role", Value::Name(r.role.key().to_string())),
                ],
                self.prose(),
            )),
            Item::Education { entry: e, .. } => {
                let name = format!("{} {}", e.degree, e.field);
                Some(Phrase::new(
                    "item-education",
                    vec![
                        ("name", Value::Name(name.trim().to_string())),
                        (
                            "named",
                            Value::Key(if name.trim().is_empty() { "no" } else { "yes" }),
                        ),
                        ("level", Value::Key(e.level.key())),
                    ],
                    self.prose(),
                ))
            }
            Item::Membership(m) => Some(Phrase::new(
                "item-membership",
                vec![("date", Value::Date(m.valid_until))],
                self.prose(),
            )),
            Item::Rsc { record: r, .. } => Some(Phrase::new(
                "item-rsc",
                vec![
                    ("name", Value::Name(r.provider.name.clone())),
                    ("start", Value::Date(r.start)),
                    ("end", Value::Date(r.end)),
                    ("hours", Value::Hours(r.hours)),
                ],
                self.prose(),
            )),
            Item::Work { job, .. } => Some(Phrase::new(
                "item-work",
                vec![
                    ("employer", Value::Name(job.employer.clone())),
                    ("role", Value::Name(job.role.clone())),
                    (
                        "has_role",
                        Value::Key(if job.role.is_empty() { "no" } else { "yes" }),
                    ),
                    ("start", Value::Date(job.start)),
                    ("end", Value::Date(job.end.unwrap_or(job.start))),
                    (
                        "has_end",
                        Value::Key(if job.end.is_some() { "yes" } else { "no" }),
                    ),
                ],
                self.prose(),
            )),
            _ => None,
        }
    }
}

impl Serialize for Item<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Item<'_> {
    /// Position in its portfolio section, for keeping exclusions in document order.
    pub fn index(&self) -> Option<usize> {
        match self {
            Item::Training { index, .. }
            | Item::Rsc { index, .. }
            | Item::Work { index, .. }
            | Item::Education { index, .. }
            | Item::Reference { index, .. } => Some(*index),
            Item::Membership(_) | Item::Text(_) => None,
        }
    }
}

impl From<&str> for Item<'_> {
    fn from(text: &str) -> Self {
        Item::Text(text.to_string())
    }
}

impl From<String> for Item<'_> {
    fn from(text: String) -> Self {
        Item::Text(text)
    }
}

/// An item that did not count, and the reason in plain words. Reasons are shared (`Arc`):
/// one conference or one kind of unqualified provider often excludes many items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded<'a> {
    pub item: Item<'a>,
    pub reason: Arc<str>,
}

/// One part of a requirement that has several (IV-Clinical's two kinds of work).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub describe: String,
    pub status: Status,
    pub counted: f64,
    pub needed: f64,
    pub unit: Unit,
}

/// How far an unmet requirement is from met, in the units a person plans with: the
/// pathfinder ranks categories by it (see [`crate::pathfinder`]), and the JSON carries it beside
/// the `missing` phrases so scripts need not parse them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gap {
    /// A degree (or licence) the person does not hold: no amount of work or training
    /// from where they stand reaches it.
    pub degree: bool,
    /// Calendar days that must still pass: the work years still missing, or the time the
    /// RS/C still has to span. Work and RS/C run side by side, so the longer counts.
    pub days: i64,
    /// Hours still to gather (training, RS/C). Topic hours below are part of these.
    pub hours: Minutes,
    /// Of `hours`, how many must be about providing RS/C.
    pub rsc_topic_hours: Minutes,
    /// Of `hours`, how many must be about diversity, equity and inclusion.
    pub dei_topic_hours: Minutes,
    /// Everything else, one each: a rating, a signature, membership, more families served.
    pub steps: u32,
}

impl Gap {
    pub fn is_none(&self) -> bool {
        *self == Gap::default()
    }

    /// Two gaps to close together: degrees and steps add up, hours add up, and time passes
    /// once for both (the longer wait).
    pub fn and(self, other: Gap) -> Gap {
        Gap {
            degree: self.degree || other.degree,
            days: self.days.max(other.days),
            hours: self.hours + other.hours,
            rsc_topic_hours: self.rsc_topic_hours + other.rsc_topic_hours,
            dei_topic_hours: self.dei_topic_hours + other.dei_topic_hours,
            steps: self.steps + other.steps,
        }
    }
}

impl Serialize for Gap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut g = s.serialize_struct("Gap", 5)?;
        g.serialize_field("degree", &self.degree)?;
        g.serialize_field("years", &years_number_up(self.days))?;
        g.serialize_field("hours", &self.hours.as_hours())?;
        g.serialize_field(
            "of_which",
            &OfWhich {
                rsc: self.rsc_topic_hours.as_hours(),
                dei: self.dei_topic_hours.as_hours(),
            },
        )?;
        g.serialize_field("steps", &self.steps)?;
        g.end()
    }
}

/// Topic hours inside a gap's hours, as the JSON writes them.
#[derive(Serialize)]
struct OfWhich {
    rsc: f64,
    dei: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementReport<'a> {
    pub id: RequirementId,
    pub status: Status,
    pub counted: f64,
    pub needed: f64,
    pub unit: Unit,
    pub detail: String,
    /// What is still missing, as short phrases ("0.25 more training hours").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// The same shortfall in numbers; absent when nothing is missing.
    #[serde(skip_serializing_if = "Gap::is_none")]
    pub gap: Gap,
    pub contributing: Vec<Item<'a>>,
    pub excluded: Vec<Excluded<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// Where the rule comes from: the public document, or the association's setting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Arc<crate::profile::RuleSource>>,
    /// The sentences of `missing` and of the exclusion reasons that have an id, for pages in
    /// another language ([`RequirementReport::said`] finds one by its English). Not in the JSON.
    #[serde(skip)]
    pub phrases: Vec<Phrase>,
    /// The sentences of `detail`, each with an id, where every one has one
    /// ([`RequirementReport::detail_said`]). Not in the JSON.
    #[serde(skip)]
    pub detail_phrases: Vec<Phrase>,
}

impl<'a> RequirementReport<'a> {
    pub fn new(id: RequirementId, unit: Unit) -> Self {
        RequirementReport {
            id,
            status: Status::NotApplicable,
            counted: 0.0,
            needed: 0.0,
            unit,
            detail: String::new(),
            missing: Vec::new(),
            gap: Gap::default(),
            contributing: Vec::new(),
            excluded: Vec::new(),
            parts: Vec::new(),
            source: None,
            phrases: Vec::new(),
            detail_phrases: Vec::new(),
        }
    }

    /// The requirement's detail, said with an id: its English goes to `detail`.
    pub fn set_detail(&mut self, phrase: Phrase) {
        self.detail = phrase.english.clone();
        self.detail_phrases = vec![phrase];
    }

    /// Another sentence of the detail, said with an id: its English follows the detail's
    /// after a space.
    pub fn add_to_detail(&mut self, phrase: Phrase) {
        self.detail.push(' ');
        self.detail.push_str(&phrase.english);
        self.detail_phrases.push(phrase);
    }

    /// The detail's sentences with their ids, when they say the whole detail: a detail
    /// written (or added to) without an id has none, and a page shows its English.
    pub fn detail_said(&self) -> Option<&[Phrase]> {
        let mut english = self.detail_phrases.iter().map(|p| p.english.as_str());
        let first = english.next()?;
        let whole = english.fold(first.to_string(), |whole, next| whole + " " + next);
        (whole == self.detail).then_some(self.detail_phrases.as_slice())
    }

    /// Something still missing, said with an id: its English goes to `missing`.
    pub fn need(&mut self, phrase: Phrase) {
        self.missing.push(phrase.english.clone());
        self.remember(phrase);
    }

    /// An item that did not count, with a reason that has an id.
    pub fn exclude_said(&mut self, item: impl Into<Item<'a>>, phrase: Phrase) {
        self.exclude(item, phrase.english.as_str());
        self.remember(phrase);
    }

    /// Keeps a phrase once: one reason often excludes many items.
    pub fn remember(&mut self, phrase: Phrase) {
        crate::phrase::remember(&mut self.phrases, phrase);
    }

    /// The phrase behind one of this requirement's English sentences, if it has an id; the
    /// sentences without one are still English only.
    pub fn said(&self, english: &str) -> Option<&Phrase> {
        self.phrases.iter().find(|p| p.english == english)
    }

    pub fn exclude(&mut self, item: impl Into<Item<'a>>, reason: impl Into<Arc<str>>) {
        self.excluded.push(Excluded {
            item: item.into(),
            reason: reason.into(),
        });
    }
}

/// Which competency areas the counted trainings document. Only coursework and training
/// document an area: ratings and work never enter here (see [`crate::coverage`] for the
/// picture that lists ratings beside the areas).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Theoretical Foundations areas the category expects.
    pub expected: Vec<&'static str>,
    /// Areas a counted training or course names.
    pub covered: Vec<&'static str>,
    /// Expected areas no counted training names.
    pub missing: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report<'a> {
    pub association: String,
    pub category: String,
    pub title: String,
    /// The association's name for the tier: "Category II", "Level III".
    pub tier: String,
    pub profile: String,
    /// The rules in force, as a person reads them ("MassAIMH's rules in force from
    /// 2025-01-01", its `english`), with its id for pages in another language: pages show
    /// this, never the profile id.
    #[serde(skip)]
    pub rules_said: Phrase,
    pub as_of: NaiveDate,
    pub person: String,
    pub ready: bool,
    pub requirements: Vec<RequirementReport<'a>>,
    /// Suggestions that block nothing (a rater who had known the applicant too short a time,
    /// the areas no training covers yet): the JSON and the CLI print their English.
    #[serde(serialize_with = "crate::phrase::english_only")]
    pub advice: Vec<Phrase>,
    pub competencies: Coverage,
}

impl<'a> Report<'a> {
    pub fn requirement(&self, id: RequirementId) -> Option<&RequirementReport<'a>> {
        self.requirements.iter().find(|r| r.id == id)
    }

    pub fn unmet(&self) -> impl Iterator<Item = &RequirementReport<'a>> {
        self.requirements
            .iter()
            .filter(|r| r.status.blocks_submission())
    }
}

/// Hours for a report's numbers: exact for quarter hours.
pub fn hours_number(m: Minutes) -> f64 {
    m.as_hours()
}

/// The rules in force in words: "MassAIMH's rules in force from 2025-01-01".
pub fn rules_in_words(profile: &crate::profile::Profile) -> String {
    format!(
        "{}'s rules in force from {}",
        profile.association.abbreviation, profile.effective
    )
}

/// [`rules_in_words`] with its id and values.
pub fn rules_phrase(profile: &crate::profile::Profile) -> Phrase {
    Phrase::new(
        "rules-in-force",
        vec![
            (
                "association",
                Value::Name(profile.association.abbreviation.clone()),
            ),
            ("date", Value::Date(profile.effective)),
        ],
        rules_in_words(profile),
    )
}

/// Days still missing as years, rounded up to two decimals so a shortfall never reads as zero.
pub fn years_number_up(days: i64) -> f64 {
    (days.max(0).unsigned_abs().saturating_mul(100)).div_ceil(365) as f64 / 100.0
}

/// Days as years for a report's numbers, to two decimals (a year is 365 days).
pub fn years_number(days: i64) -> f64 {
    // Whole hundredths first, in integers: 1679 days is exactly 4.60 years, which a float
    // division would floor to 4.59.
    days.saturating_mul(100).div_euclid(365) as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::years_number;

    #[test]
    fn years_floor_to_exact_hundredths() {
        assert_eq!(years_number(1679), 4.6);
        assert_eq!(years_number(730), 2.0);
        assert_eq!(years_number(729), 1.99);
        assert_eq!(years_number(0), 0.0);
    }
}
