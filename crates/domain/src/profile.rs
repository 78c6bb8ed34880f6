//! Requirement profiles: an association's rules in force from an effective date.
//!
//! Profiles are data (TOML under `profiles/`, loaded by the `lattice-profiles` crate). This
//! module holds the resolved shape the engine reads; every number and list that differs
//! between associations or over time lives here rather than in code.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::category::{Endorsement, Track};
use crate::minutes::Minutes;
use crate::portfolio::{DegreeLevel, Population, ReferenceRole};

/// One association's rules as in force from `effective`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `association@effective`, e.g. `massaimh@2025-01-01`.
    #[serde(default)]
    pub id: String,
    pub effective: NaiveDate,
    pub association: Association,
    /// Where the rules come from; assumptions are marked as such.
    #[serde(default)]
    pub sources: Vec<String>,
    pub membership: MembershipRule,
    pub renewal: RenewalRule,
    /// How work time is counted, for every category of this profile.
    pub work: WorkSettings,
    pub categories: BTreeMap<Track, CategoryRule>,
}

/// How the engine turns jobs into years of work. The sources count years of work without
/// saying how part-time work counts, so each association states its own full-time week
/// (`docs/PROFILES.md`, "Part-time work").
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkSettings {
    /// A job of this many hours a week or more counts its calendar time in full; a job of
    /// fewer hours counts in proportion (20 of 40 hours: half its days).
    #[serde(with = "positive_hours")]
    pub full_time_hours_per_week: Minutes,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Association {
    pub id: String,
    pub name: String,
    pub abbreviation: String,
    /// "Category" or "Level".
    pub tier_word: String,
    #[serde(default)]
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipRule {
    /// `true`: membership in any infant mental health association counts (NMAIMH, AK-AIMH);
    /// `false`: only this association's own.
    pub any_imh_association: bool,
}

/// A month and day, for deadlines that recur every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearlyDate {
    pub month: u32,
    pub day: u32,
    /// 0: in the renewal year itself (December 31, Y); 1: in the year after (January 31, Y+1).
    #[serde(default)]
    pub years_after: i32,
}

impl YearlyDate {
    pub fn in_renewal_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year + self.years_after, self.month, self.day)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalRule {
    pub deadline: YearlyDate,
    #[serde(default)]
    pub late_fee_usd: Option<u32>,
    /// After this date an unrenewed endorsement leaves the registry (NMAIMH: March 31).
    #[serde(default)]
    pub removal_after: Option<YearlyDate>,
    #[serde(with = "hours")]
    pub training_hours: Minutes,
    /// Hours about RS/C owed by those at the listed tracks who provide RS/C.
    #[serde(with = "hours")]
    pub rsc_topic_hours: Minutes,
    pub rsc_topic_required_for: Vec<Track>,
    pub rsc_topic_recommended_for: Vec<Track>,
    #[serde(with = "hours", default)]
    pub dei_hours: Minutes,
    /// RS/C received per year; required for the listed tracks, recommended for all others.
    #[serde(with = "hours")]
    pub rsc_hours: Minutes,
    pub rsc_required_for: Vec<Track>,
    /// Endorsed in year N: renewal hours are first owed for year N+1.
    pub first_year_exempt: bool,
    pub code_of_ethics_annual: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    pub registration_usd: u32,
    pub processing_usd: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewOutcome {
    Endorse,
    Emerging,
    ApproveForExam,
    MoreWorkThenReReview,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRule {
    #[serde(default = "yes")]
    pub offered: bool,
    /// `None` where the association has not published fees for the category.
    #[serde(default)]
    pub fees: Option<Fees>,
    pub review_outcomes: Vec<ReviewOutcome>,
    pub education: EducationRule,
    pub training: TrainingRule,
    pub work: Vec<WorkRule>,
    #[serde(default)]
    pub rsc: Option<RscRule>,
    pub references: ReferenceRule,
    #[serde(default)]
    pub exam: Option<ExamRule>,
    /// Notes shown with the report, e.g. the exam's replacement in 2025.
    #[serde(default)]
    pub notes: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EducationRule {
    pub minimum: DegreeLevel,
    /// Category I: two years' paid work with young children and families instead of a degree.
    #[serde(default)]
    pub alternative_work_years: Option<u32>,
    /// The 2025 Category III rule: a professional mental-health licence instead of a master's.
    #[serde(default)]
    pub licence_alternative: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingRule {
    #[serde(with = "hours")]
    pub minimum_hours: Minutes,
    /// Of the minimum, hours about providing RS/C (trainings tagged `rsc`).
    #[serde(with = "hours", default)]
    pub rsc_hours: Minutes,
    /// Of the minimum, hours about diversity, equity and inclusion (tagged `dei`).
    #[serde(with = "hours", default)]
    pub dei_hours: Minutes,
    /// How many conferences may count toward the minimum.
    pub conference_cap: u32,
    pub excluded_populations: Vec<Population>,
    /// What applicants typically submit; shown as a guide, never enforced.
    #[serde(with = "hours", default)]
    pub typical_hours: Minutes,
}

/// One part of the specialized work requirement; a category may need several at once
/// (IV-Clinical: III-type work and years providing RS/C).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkRule {
    /// Plain words for the report: "paid prevention/early-intervention work".
    pub describe: String,
    pub years: u32,
    #[serde(default)]
    pub paid: bool,
    #[serde(default)]
    pub supervised: bool,
    /// Counts only time after completing a degree at this level ("post-bachelor's").
    #[serde(default)]
    pub after_degree: Option<DegreeLevel>,
    /// With no such degree, count the work from its start (CT-AIMH II from 2024).
    #[serde(default)]
    pub after_degree_optional: bool,
    /// The work must serve the category's ages (birth–36 months or 3–6 years).
    #[serde(default)]
    pub serves_form_ages: bool,
    #[serde(default)]
    pub min_families: Option<u32>,
    #[serde(default)]
    pub exclude_classroom: bool,
    #[serde(default)]
    pub with_child_and_parent: bool,
    /// Any one of these services qualifies a job; empty means any service.
    #[serde(default)]
    pub services_any: Vec<String>,
    #[serde(default)]
    pub provides_rsc: bool,
    #[serde(default)]
    pub leadership: bool,
    #[serde(default)]
    pub as_licensed_therapist: bool,
    /// The graduate-internship alternative (Category III).
    #[serde(default)]
    pub internship: Option<InternshipRule>,
    /// Below these, the report advises a lower category (III: 10 families, 6 months).
    #[serde(default)]
    pub advise_lower: Option<AdviseLower>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternshipRule {
    /// At most this many years of supervised graduate internship count toward `years`.
    pub max_years: u32,
    /// Supervisors whose internships count; empty means any.
    #[serde(default)]
    pub supervisor_endorsements: Vec<Endorsement>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdviseLower {
    pub families: u32,
    pub months: u32,
    pub track: Track,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RscRule {
    #[serde(with = "hours")]
    pub minimum_hours: Minutes,
    /// Of the minimum, hours about the RS/C the applicant provides (IV-Clinical: 25).
    #[serde(with = "hours", default)]
    pub about_own_rsc_hours: Minutes,
    pub span_min_months: u32,
    pub span_max_months: u32,
    /// Endorsements whose holders may provide counted RS/C.
    pub qualified_providers: Vec<Endorsement>,
    /// Count providers the applicant says meet these criteria without the endorsement.
    #[serde(default)]
    pub accept_meets_criteria: bool,
    /// Such a provider (not endorsed, said to meet the criteria) counts only when the
    /// applicant also says they specialize in infant mental health (MassAIMH's FAQ: only
    /// hours from "an individual who specializes in infant mental health").
    #[serde(default)]
    pub meets_criteria_needs_imh_specialist: bool,
    #[serde(default)]
    pub bachelors_exception: Option<BachelorsException>,
    /// The majority of the required hours must come from at most this many providers.
    pub majority_from_at_most: u32,
}

/// A bachelor's-prepared applicant may count RS/C from a master's-prepared provider endorsed
/// at these categories who receives RS/C themselves.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BachelorsException {
    pub provider_endorsements: Vec<Endorsement>,
    pub provider_degree: DegreeLevel,
    pub provider_receives_rsc: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRule {
    pub count: u32,
    pub slots: Vec<ReferenceSlot>,
    /// A rating with more "not enough information" answers than this does not count.
    pub max_not_enough_info: u32,
    pub valid_months: u32,
    /// Raters should have known the applicant this long (advice, not a rule).
    #[serde(default)]
    pub known_months: u32,
}

/// One of the ratings a category asks for, and who may give it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSlot {
    pub describe: String,
    pub roles: Vec<ReferenceRole>,
    /// When non-empty, the rater must hold one of these endorsements.
    #[serde(default)]
    pub rater_endorsements: Vec<Endorsement>,
    /// Raters in these roles whose endorsement is not recorded are taken to meet
    /// `rater_endorsements` (an RS/C provider is expected to meet the criteria); the report
    /// says so, for reviewers to confirm.
    #[serde(default)]
    pub presumed_roles: Vec<ReferenceRole>,
    /// Of `roles`, those that fit only when a work entry says the applicant supervises others:
    /// the seeds accept "a supervisee if the applicant supervises". Data, so an association
    /// can widen or drop the condition without code.
    #[serde(default)]
    pub only_if_supervising: Vec<ReferenceRole>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExamRule {
    pub part1_questions: u32,
    pub part1_minutes: u32,
    pub part1_pass_percent: u32,
    pub part2_vignettes: u32,
    pub part2_answered: u32,
    pub part2_minutes: u32,
    /// When set, Part 2 also passes at this percentage (AK-AIMH: 80 on both parts).
    #[serde(default)]
    pub part2_pass_percent: Option<u32>,
    pub approval_valid_months: u32,
    pub retake_after_months: u32,
}

impl ExamRule {
    /// Most wrong answers that still pass Part 1 (60 questions at 80%: 12).
    pub fn part1_max_wrong(&self) -> u32 {
        self.part1_questions - (self.part1_questions * self.part1_pass_percent).div_ceil(100)
    }
}

impl Profile {
    pub fn rule(&self, track: Track) -> Option<&CategoryRule> {
        self.categories.get(&track).filter(|r| r.offered)
    }

    /// "Category III", "Level IV-Clinical".
    pub fn tier_name(&self, track: Track) -> String {
        match track {
            // Not a numbered tier, so it takes no tier word.
            Track::Rs => track.tier_label().to_string(),
            _ => format!("{} {}", self.association.tier_word, track.tier_label()),
        }
    }

    pub fn offered(&self) -> impl Iterator<Item = Track> + '_ {
        self.categories
            .iter()
            .filter(|(_, r)| r.offered)
            .map(|(t, _)| *t)
    }
}

/// Hours in profiles are written as decimal hours (`30`, `1.5`) and held as minutes.
mod hours {
    use serde::{Deserialize, Deserializer};

    use crate::minutes::Minutes;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Minutes, D::Error> {
        let value = f64::deserialize(d)?;
        Minutes::parse_hours_or_zero(value).map_err(serde::de::Error::custom)
    }
}

/// Hours that must be more than zero: the engine divides by them.
mod positive_hours {
    use serde::{Deserialize, Deserializer};

    use crate::minutes::Minutes;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Minutes, D::Error> {
        let value = f64::deserialize(d)?;
        Minutes::parse_hours(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part1_pass_mark_allows_twelve_wrong() {
        let exam = ExamRule {
            part1_questions: 60,
            part1_minutes: 90,
            part1_pass_percent: 80,
            part2_vignettes: 3,
            part2_answered: 2,
            part2_minutes: 90,
            part2_pass_percent: None,
            approval_valid_months: 12,
            retake_after_months: 12,
        };
        assert_eq!(exam.part1_max_wrong(), 12);
    }
}
