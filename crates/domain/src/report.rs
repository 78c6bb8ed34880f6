//! What the engine answers: per requirement, its status, counted against needed, and why each
//! item did or did not count. The JSON shape is the `lattice check` contract in DESIGN.md.

use chrono::NaiveDate;
use serde::Serialize;

use crate::minutes::Minutes;

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

/// An item that did not count, and the reason in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    pub item: String,
    pub reason: String,
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
pub struct RequirementReport {
    pub id: RequirementId,
    pub status: Status,
    pub counted: f64,
    pub needed: f64,
    pub unit: Unit,
    pub detail: String,
    /// What is still missing, as short phrases ("0.25 more training hours").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    pub contributing: Vec<String>,
    pub excluded: Vec<Excluded>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

impl RequirementReport {
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

    pub fn exclude(&mut self, item: impl Into<String>, reason: impl Into<String>) {
        self.excluded.push(Excluded {
            item: item.into(),
            reason: reason.into(),
        });
    }
}

/// Which competency areas the counted trainings document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Theoretical Foundations areas the category expects.
    pub expected: Vec<&'static str>,
    pub covered: Vec<&'static str>,
    /// Expected areas no counted training names.
    pub missing: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub association: String,
    pub category: String,
    pub title: String,
    /// The association's name for the tier: "Category II", "Level III".
    pub tier: String,
    pub profile: String,
    pub as_of: NaiveDate,
    pub person: String,
    pub ready: bool,
    pub requirements: Vec<RequirementReport>,
    pub advice: Vec<String>,
    pub competencies: Coverage,
}

impl Report {
    pub fn requirement(&self, id: RequirementId) -> Option<&RequirementReport> {
        self.requirements.iter().find(|r| r.id == id)
    }

    pub fn unmet(&self) -> impl Iterator<Item = &RequirementReport> {
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
    (days as f64 / 365.0 * 100.0).floor() / 100.0
}
