//! The applicant's portfolio as the rules see it: parsed, validated values only.
//!
//! Values here are built by [`crate::format`] from the `lattice-portfolio/1` interchange
//! format (and later by the web forms), so every field already holds a legal value.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::category::{Category, Endorsement};
use crate::competency::CompetencyArea;
use crate::minutes::Minutes;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Portfolio {
    pub person: Person,
    pub education: Vec<Education>,
    pub trainings: Vec<Training>,
    pub work: Vec<WorkExperience>,
    pub rsc: Vec<RscRecord>,
    pub references: Vec<Reference>,
    pub agreements: Agreements,
    pub membership: Option<Membership>,
    /// Endorsements already held; renewal compliance is computed for these.
    pub endorsements: Vec<HeldEndorsement>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Person {
    pub name: String,
    pub email: Option<String>,
    /// Professional licences (e.g. `LMSW`), shown in the mark and accepted by the 2025
    /// Category III rule in place of a master's degree.
    pub licences: Vec<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum DegreeLevel {
    #[default]
    None,
    Cda,
    Associate,
    Bachelors,
    Masters,
    Doctorate,
}

impl DegreeLevel {
    /// The level as the format writes it (`bachelors`): a page names it in its language.
    pub fn key(self) -> &'static str {
        match self {
            DegreeLevel::None => "none",
            DegreeLevel::Cda => "cda",
            DegreeLevel::Associate => "associate",
            DegreeLevel::Bachelors => "bachelors",
            DegreeLevel::Masters => "masters",
            DegreeLevel::Doctorate => "doctorate",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            DegreeLevel::None => "no degree",
            DegreeLevel::Cda => "a CDA credential",
            DegreeLevel::Associate => "an associate's degree",
            DegreeLevel::Bachelors => "a bachelor's degree",
            DegreeLevel::Masters => "a master's degree",
            DegreeLevel::Doctorate => "a doctorate",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Education {
    pub level: DegreeLevel,
    pub degree: String,
    pub field: String,
    pub institution: String,
    /// `None` while the degree is in progress.
    pub completed: Option<NaiveDate>,
    /// The entry is (or includes) a university certificate program in infant or early
    /// childhood mental health.
    pub imh_certificate: bool,
    /// The areas the certificate program documents as a whole. Programs differ, so the entry
    /// names them (as the association approved them for the program) and the profile's
    /// [`crate::profile::CertificateProgram`] bounds them; only an `imh_certificate` entry may
    /// carry them. Empty for a plain degree.
    pub competencies: Vec<CompetencyArea>,
    /// Courses of the entry, each with the areas it covers: coursework documents Theoretical
    /// Foundations and Direct Service Skills areas as training does.
    pub courses: Vec<Course>,
}

/// One course taken within an education entry (or outside a degree, under an entry with
/// level `none`), with the competency areas it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub title: String,
    pub competencies: Vec<CompetencyArea>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrainingKind {
    Workshop,
    Course,
    Conference,
    Webinar,
    InService,
    CollegeCourse,
}

impl TrainingKind {
    /// Only these may run over several days and so record more than 24 hours.
    pub fn may_span_days(self) -> bool {
        matches!(
            self,
            TrainingKind::Course | TrainingKind::CollegeCourse | TrainingKind::Conference
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Population {
    Prenatal,
    InfantToddler,
    EarlyChildhood,
    SchoolAge,
    Adolescent,
    Adult,
    Elderly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// About providing reflective supervision/consultation.
    Rsc,
    /// Diversity, equity and inclusion.
    Dei,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    pub title: String,
    pub provider: String,
    pub date: NaiveDate,
    /// Last day of a course or conference that runs over several days.
    pub end_date: Option<NaiveDate>,
    pub hours: Minutes,
    pub kind: TrainingKind,
    pub conference: Option<String>,
    pub competencies: Vec<CompetencyArea>,
    pub population: Option<Population>,
    pub topics: Vec<Topic>,
}

impl Training {
    /// The conference this training belongs to, if it is (part of) one. Workshops of one
    /// conference share the name (compared ignoring case); a conference entered as one record
    /// is its own.
    pub fn conference_name(&self) -> Option<&str> {
        match (&self.conference, self.kind) {
            (Some(name), _) => Some(name.trim()),
            (None, TrainingKind::Conference) => Some(self.title.trim()),
            (None, _) => None,
        }
    }

    pub fn has_topic(&self, topic: Topic) -> bool {
        self.topics.contains(&topic)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgeGroup {
    #[serde(rename = "prenatal")]
    Prenatal,
    #[serde(rename = "birth-36m")]
    Birth36m,
    #[serde(rename = "3-6y")]
    ThreeToSixYears,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkExperience {
    pub employer: String,
    pub role: String,
    pub start: NaiveDate,
    /// `None` while the job goes on.
    pub end: Option<NaiveDate>,
    pub paid: bool,
    pub supervised: bool,
    pub internship: bool,
    pub families_served: u32,
    pub ages: Vec<AgeGroup>,
    pub with_child_and_parent: bool,
    pub classroom: bool,
    pub services: Vec<String>,
    pub provides_rsc: bool,
    pub leadership: bool,
    /// The applicant supervised other staff in this job. Some rating slots accept a
    /// supervisee only from an applicant who supervises (`ReferenceSlot::only_if_supervising`).
    pub supervises_others: bool,
    /// Worked as a licensed or license-eligible therapist (the 2025 Category III rule).
    pub as_licensed_therapist: bool,
    /// The endorsement of whoever supervised this work; the 2025 Category III rule counts an
    /// internship year only under a III or IV-Clinical supervisor.
    pub supervisor_endorsement: Endorsement,
    /// Hours worked a week; `None` is full time (files written before part-time work could
    /// be recorded keep their meaning).
    pub hours_per_week: Option<Minutes>,
}

impl WorkExperience {
    /// The hours a week this job counts against a full-time week of `full`: its own hours,
    /// at most `full` (overtime does not make a year longer).
    pub fn weekly_hours(&self, full: Minutes) -> Minutes {
        self.hours_per_week.map_or(full, |h| h.min(full))
    }

    pub fn serves(&self, age: AgeGroup) -> bool {
        self.ages.contains(&age)
    }

    pub fn has_service(&self, service: &str) -> bool {
        self.services.iter().any(|s| s == service)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RscFormat {
    Individual,
    Group,
    /// Peers reflecting together; never counts.
    Peer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RscProvider {
    pub name: String,
    pub endorsement: Endorsement,
    pub degree: DegreeLevel,
    pub receives_rsc: bool,
    /// The applicant says the provider meets III/IV criteria without holding the
    /// endorsement; counted, and flagged for the reviewers to confirm.
    pub meets_criteria: bool,
    /// The applicant says the provider specializes in infant mental health; some
    /// associations count a provider who is not endorsed only then (`RscRule`).
    pub imh_specialist: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RscRecord {
    pub provider: RscProvider,
    pub format: RscFormat,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub hours: Minutes,
    pub about_own_rsc: Minutes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceRole {
    ProgramSupervisor,
    RscProvider,
    Colleague,
    Supervisee,
    /// Teacher, trainer or consultant.
    Teacher,
    Parent,
    Other,
}

impl ReferenceRole {
    pub const ALL: [ReferenceRole; 7] = [
        ReferenceRole::ProgramSupervisor,
        ReferenceRole::RscProvider,
        ReferenceRole::Colleague,
        ReferenceRole::Supervisee,
        ReferenceRole::Teacher,
        ReferenceRole::Parent,
        ReferenceRole::Other,
    ];

    /// The role in a sentence: "a supervisee counts only when …".
    pub fn noun(self) -> &'static str {
        match self {
            ReferenceRole::ProgramSupervisor => "a program supervisor",
            ReferenceRole::RscProvider => "an RS/C provider",
            ReferenceRole::Colleague => "a colleague",
            ReferenceRole::Supervisee => "a supervisee",
            ReferenceRole::Teacher => "a teacher, trainer or consultant",
            ReferenceRole::Parent => "a parent",
            ReferenceRole::Other => "a rater in another role",
        }
    }

    /// The role as the format writes it.
    pub fn key(self) -> &'static str {
        match self {
            ReferenceRole::ProgramSupervisor => "program-supervisor",
            ReferenceRole::RscProvider => "rsc-provider",
            ReferenceRole::Colleague => "colleague",
            ReferenceRole::Supervisee => "supervisee",
            ReferenceRole::Teacher => "teacher",
            ReferenceRole::Parent => "parent",
            ReferenceRole::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceStatus {
    NotRequested,
    Requested,
    Completed,
    Declined,
}

/// Who vouches for an item. The rules let the applicant speak for their own education,
/// trainings, work and RS/C; a rating must come from its rater and membership from the
/// association's record. `None` is a file read by the command line, which has no one to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Typed or imported by the applicant.
    Applicant,
    /// Submitted by the rater through the emailed link.
    Rater,
    /// A record of the association (membership).
    Association,
    /// Entered by a named coordinator, in the audit log.
    Staff,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Applicant => "self-reported",
            Source::Rater => "from the rater",
            Source::Association => "association record",
            Source::Staff => "recorded by staff",
        }
    }

    /// Whether this source may vouch for what a third party must (a rating, membership).
    pub fn is_third_party(self) -> bool {
        !matches!(self, Source::Applicant)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub role: ReferenceRole,
    pub name: String,
    pub email: Option<String>,
    pub status: ReferenceStatus,
    pub not_enough_info: u32,
    pub completed_on: Option<NaiveDate>,
    /// The rater's own endorsement (Category I needs one rater who meets II/III/IV criteria).
    pub endorsement: Endorsement,
    pub known_since: Option<NaiveDate>,
    pub waived: Option<bool>,
    pub source: Option<Source>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agreements {
    pub code_of_ethics: Option<NaiveDate>,
    pub endorsement_agreement: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// Association id, e.g. `massaimh`; any infant mental health association may appear.
    pub association: String,
    pub valid_until: NaiveDate,
    pub source: Option<Source>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeldEndorsement {
    pub category: Category,
    pub association: String,
    pub endorsed_on: NaiveDate,
}

impl Portfolio {
    /// The highest degree completed on or before `as_of`.
    pub fn highest_degree(&self, as_of: NaiveDate) -> DegreeLevel {
        self.education
            .iter()
            .filter(|e| e.completed.is_some_and(|d| d <= as_of))
            .map(|e| e.level)
            .max()
            .unwrap_or(DegreeLevel::None)
    }

    /// The earliest completion date of a degree at `level` or above, on or before `as_of`.
    pub fn first_degree_at_least(&self, level: DegreeLevel, as_of: NaiveDate) -> Option<NaiveDate> {
        self.education
            .iter()
            .filter(|e| e.level >= level)
            .filter_map(|e| e.completed)
            .filter(|d| *d <= as_of)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::ReferenceRole;

    /// `key` must agree with the format's spelling, which serde derives.
    #[test]
    fn role_keys_match_the_format() {
        for role in ReferenceRole::ALL {
            assert_eq!(
                serde_json::to_value(role).ok(),
                Some(serde_json::json!(role.key()))
            );
        }
    }
}
