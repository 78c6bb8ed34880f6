//! What the engine answers: per requirement, its status, counted against needed, and why each
//! item did or did not count. The JSON shape is the `lattice check` contract in DESIGN.md.

use chrono::NaiveDate;
use serde::Serialize;

use std::fmt;
use std::sync::Arc;

use crate::minutes::Minutes;
use crate::portfolio::{RscRecord, Training, WorkExperience};

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

/// An item that counted. Trainings and RS/C records are many, so they are kept as references
/// and only turned into text when a report is shown or serialized.
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
            Item::Text(text) => f.write_str(text),
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
            Item::Training { index, .. } | Item::Rsc { index, .. } | Item::Work { index, .. } => {
                Some(*index)
            }
            Item::Text(_) => None,
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
    pub contributing: Vec<Item<'a>>,
    pub excluded: Vec<Excluded<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
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
            contributing: Vec::new(),
            excluded: Vec::new(),
            parts: Vec::new(),
        }
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
    pub as_of: NaiveDate,
    pub person: String,
    pub ready: bool,
    pub requirements: Vec<RequirementReport<'a>>,
    pub advice: Vec<String>,
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
