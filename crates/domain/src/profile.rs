//! Requirement profiles: an association's rules in force from an effective date.
//!
//! Profiles are data (TOML under `profiles/`, loaded by the `lattice-profiles` crate). This
//! module holds the resolved shape the engine reads; every number and list that differs
//! between associations or over time lives here rather than in code.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::category::{Endorsement, Track};
use crate::competency::{AreaSet, CompetencyArea, CompetencyDomain};
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
    /// The public documents the rules come from (this file's and those of the file it extends).
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Where each rule comes from, by rule key (see [`keys`]): `"training"` for every category,
    /// `"III.training"` for one. Tables merge edition by edition like the rules they cite.
    #[serde(default)]
    pub cite: BTreeMap<String, Cite>,
    /// `cite` resolved against `documents` by [`Profile::resolve_sources`].
    #[serde(skip)]
    resolved: ResolvedSources,
    pub membership: MembershipRule,
    pub renewal: RenewalRule,
    /// Which areas a university certificate program in infant or early childhood mental health
    /// may document as a whole; `None` where the association has not said, and then only the
    /// program's listed courses document areas.
    #[serde(default)]
    pub certificate_program: Option<CertificateProgram>,
    /// How work time is counted, for every category of this profile.
    pub work: WorkSettings,
    pub categories: BTreeMap<Track, CategoryRule>,
}

/// The bound on what a certificate program documents. The approved areas vary from program to
/// program, so an education entry names its program's areas; those outside this bound are
/// listed but do not count.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateProgram {
    /// Domains whose areas a certificate program may document.
    pub domains: Vec<CompetencyDomain>,
    /// Categories whose Theoretical Foundations areas are meant ("as defined for" them): an
    /// area the guidelines add only at another category (Category IV's statistics) is outside.
    pub as_defined_for: Vec<Track>,
    /// The public document the bound comes from, in plain words, shown beside the rule.
    pub source: String,
}

impl CertificateProgram {
    /// The areas a certificate program may document under this bound.
    pub fn areas(&self) -> AreaSet {
        let foundations = CompetencyArea::set(
            self.as_defined_for
                .iter()
                .flat_map(|t| CompetencyArea::theoretical_foundations_for(*t)),
        );
        CompetencyArea::set(CompetencyArea::all().filter(|a| {
            self.domains.contains(&a.domain())
                && (a.domain() != CompetencyDomain::TheoreticalFoundations
                    || foundations.contains(*a))
        }))
    }

    /// The domains in words: "Theoretical Foundations and Direct Service Skills".
    pub fn describe(&self) -> String {
        let names: Vec<&str> = self.domains.iter().map(|d| d.name()).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [first @ .., last] => format!("{} and {last}", first.join(", ")),
        }
    }

    /// What the loader refuses: a bound that names no domain or no categories, or no source.
    pub fn check(&self) -> Result<(), String> {
        if self.domains.is_empty() {
            return Err("certificate_program.domains: name at least one domain".into());
        }
        if self
            .domains
            .contains(&CompetencyDomain::TheoreticalFoundations)
            && self.as_defined_for.is_empty()
        {
            return Err(
                "certificate_program.as_defined_for: name the categories whose Theoretical Foundations areas are meant"
                    .into(),
            );
        }
        if self.source.trim().is_empty() {
            return Err("certificate_program.source: say where the rule comes from".into());
        }
        Ok(())
    }
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
    /// The same word in Spanish ("Categoría", "Nivel"), for pages in Spanish.
    #[serde(default)]
    pub tier_word_es: Option<String>,
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
    /// Days after the deadline an unrenewed endorsement stays in good standing (a late
    /// renewal, with the late fee, is still taken); 0 to 366, checked when the file loads
    /// (signed, so that a negative number is refused naming this key, not as a type error).
    #[serde(default)]
    pub grace_days: i64,
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

impl TrainingRule {
    /// Whether two rules count the same portfolio's trainings alike: every field but the
    /// typical hours, which only guide. Categories differ mostly in those, so the pathfinder
    /// counts once for most of them. Fields are named so that a new one must be placed here.
    pub fn counts_like(&self, other: &TrainingRule) -> bool {
        let TrainingRule {
            minimum_hours,
            rsc_hours,
            dei_hours,
            conference_cap,
            excluded_populations,
            typical_hours: _,
        } = self;
        *minimum_hours == other.minimum_hours
            && *rsc_hours == other.rsc_hours
            && *dei_hours == other.dei_hours
            && *conference_cap == other.conference_cap
            && *excluded_populations == other.excluded_populations
    }
}

/// One part of the specialized work requirement; a category may need several at once
/// (IV-Clinical: III-type work and years providing RS/C).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkRule {
    /// Plain words for the report: "paid prevention/early-intervention work".
    pub describe: String,
    /// The same words in Spanish, for pages in Spanish (without them those pages say this
    /// part's sentences in English).
    #[serde(default)]
    pub describe_es: Option<String>,
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

impl WorkRule {
    /// [`WorkRule::describe`] in each language the profile gives.
    pub fn described(&self) -> crate::phrase::Described {
        crate::phrase::Described::new(&self.describe, self.describe_es.as_deref())
    }
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
    /// The same words in Spanish, as for [`WorkRule::describe_es`].
    #[serde(default)]
    pub describe_es: Option<String>,
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

impl ReferenceSlot {
    /// [`ReferenceSlot::describe`] in each language the profile gives.
    pub fn described(&self) -> crate::phrase::Described {
        crate::phrase::Described::new(&self.describe, self.describe_es.as_deref())
    }
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

/// A public document that states rules: named by association and title, with its address
/// where known. A person can look it up; internal notes and file names never stand here.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: String,
    /// Who publishes it: "MassAIMH", "Alliance for the Advancement of Infant Mental Health".
    pub association: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Where one rule comes from, as a profile writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// The id of a document in the profile's `documents`.
    #[serde(default)]
    pub document: Option<String>,
    /// Where in the document, in the document's own headings (no quotation).
    #[serde(default)]
    pub section: Option<String>,
    /// What Lattice assumes that the document does not say, in plain words. Set alone, the
    /// value is the association's setting in Lattice; beside a document, it marks what the
    /// document leaves open (when a change took effect).
    #[serde(default)]
    pub setting: Option<String>,
}

/// A rule's source, resolved: shared (`Arc`) so that every report can carry it cheaply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setting: Option<String>,
    /// The abbreviation of the association whose setting it is ("MassAIMH"): the profile's
    /// own, even for a citation inherited from the file it extends.
    #[serde(skip)]
    pub owner: String,
}

impl RuleSource {
    /// The short citation a person reads: "MassAIMH, Endorsement FAQ", with the section where
    /// the profile names one ("MassAIMH, Endorsement FAQ (how much does Endorsement cost)").
    pub fn citation(&self) -> Option<String> {
        self.document.as_ref().map(|d| match &self.section {
            Some(section) => format!("{}, {} ({section})", d.association, d.title),
            None => format!("{}, {}", d.association, d.title),
        })
    }

    pub fn url(&self) -> Option<&str> {
        self.document.as_ref().and_then(|d| d.url.as_deref())
    }

    /// What Lattice assumes, said as the association's setting: "Lattice reads … . This is
    /// MassAIMH's setting in Lattice; the association can change it." `None` where the
    /// document states the rule whole.
    pub fn setting_words(&self) -> Option<String> {
        self.setting.as_ref().map(|setting| {
            format!(
                "{}. This is {}'s setting in Lattice; the association can change it.",
                setting.trim_end_matches('.'),
                self.owner
            )
        })
    }

    /// One line for a terminal: the citation with its address, then the setting if any.
    pub fn in_words(&self) -> String {
        let cited = self.citation().map(|c| match self.url() {
            Some(url) => format!("{c} <{url}>"),
            None => c,
        });
        match (cited, self.setting_words()) {
            (Some(c), Some(s)) => format!("{c}. {s}"),
            (Some(c), None) => c,
            (None, Some(s)) => s,
            (None, None) => String::new(),
        }
    }
}

/// Rule keys a profile cites: requirement ids (`"education"` … `"exam"`, see
/// `RequirementId::key`), each also per category (`"III.training"`), and these.
pub mod keys {
    pub const FEES: &str = "fees";
    /// Category notes shown with a report (the 2025 Category III change).
    pub const NOTES: &str = "notes";
    pub const RENEWAL_DEADLINE: &str = "renewal.deadline";
    pub const RENEWAL_LATE_FEE: &str = "renewal.late_fee";
    pub const RENEWAL_REMOVAL: &str = "renewal.removal_after";
    pub const RENEWAL_GRACE: &str = "renewal.grace_days";
    pub const RENEWAL_FIRST_YEAR: &str = "renewal.first_year";
    /// An endorsement not renewed leaves the registry.
    pub const RENEWAL_LAPSE: &str = "renewal.lapse";
    pub const RENEWAL_REINSTATEMENT: &str = "renewal.reinstatement";
    // The renewal report's items, as `renewal.` and the item's id.
    pub const RENEWAL_TRAINING: &str = "renewal.training";
    pub const RENEWAL_RSC_TRAINING: &str = "renewal.rsc-training";
    pub const RENEWAL_DEI: &str = "renewal.dei";
    pub const RENEWAL_RSC: &str = "renewal.rsc";
    pub const RENEWAL_MEMBERSHIP: &str = "renewal.membership";
    pub const RENEWAL_ETHICS: &str = "renewal.code-of-ethics";
}

/// Sources by category (`None`: every category) and rule key.
#[derive(Debug, Clone, Default, PartialEq)]
struct ResolvedSources(BTreeMap<Option<Track>, BTreeMap<String, Arc<RuleSource>>>);

/// Why a text may not stand as a source: it names the project's own notes ("seed 002",
/// "DOMAIN.md"), which no applicant or coordinator can look up.
pub fn internal_name(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "seed" || w == "seeds")
    {
        Some("a seed file")
    } else if lower.contains(".md") || lower.contains("shared/") {
        Some("a project file")
    } else {
        None
    }
}

impl Profile {
    /// Resolves `cite` against `documents`: every cited document must exist, every citation
    /// must name a document or a setting, and no text may name an internal file.
    pub fn resolve_sources(&mut self) -> Result<(), String> {
        let mut seen = std::collections::BTreeSet::new();
        for d in &self.documents {
            if !seen.insert(d.id.as_str()) {
                return Err(format!("documents: {:?} is listed twice", d.id));
            }
            for text in [Some(&d.association), Some(&d.title), d.url.as_ref()]
                .into_iter()
                .flatten()
            {
                if let Some(what) = internal_name(text) {
                    return Err(format!(
                        "documents.{}: {text:?} names {what}; cite the public document",
                        d.id
                    ));
                }
            }
        }
        let mut resolved = ResolvedSources::default();
        for (key, cite) in &self.cite {
            let (track, rule) = match key.split_once('.') {
                Some((head, rest)) => match head.parse::<Track>() {
                    Ok(track) => (Some(track), rest),
                    Err(_) => (None, key.as_str()),
                },
                None => (None, key.as_str()),
            };
            for text in [&cite.section, &cite.setting].into_iter().flatten() {
                if let Some(what) = internal_name(text) {
                    return Err(format!(
                        "cite.{key}: {text:?} names {what}; cite the public document"
                    ));
                }
            }
            let document = match &cite.document {
                Some(id) => Some(
                    self.documents
                        .iter()
                        .find(|d| &d.id == id)
                        .cloned()
                        .ok_or_else(|| format!("cite.{key}: no document {id:?} in documents"))?,
                ),
                None => None,
            };
            if document.is_none() && cite.setting.is_none() {
                return Err(format!(
                    "cite.{key}: name a document, or a setting where no document states the rule"
                ));
            }
            resolved.0.entry(track).or_default().insert(
                rule.to_string(),
                Arc::new(RuleSource {
                    document,
                    section: cite.section.clone(),
                    setting: cite.setting.clone(),
                    owner: self.association.abbreviation.clone(),
                }),
            );
        }
        self.resolved = resolved;
        Ok(())
    }

    /// Where a renewal item comes from, by the renewal report's item id (`training`, `rsc` …).
    pub fn renewal_source(&self, item: &str) -> Option<&Arc<RuleSource>> {
        self.resolved
            .0
            .get(&None)
            .and_then(|m| m.get(format!("renewal.{item}").as_str()))
    }

    /// Where a rule comes from: the category's own citation, else the one for every category.
    pub fn source(&self, track: Option<Track>, key: &str) -> Option<&Arc<RuleSource>> {
        let of = |t: Option<Track>| self.resolved.0.get(&t).and_then(|m| m.get(key));
        track.and_then(|t| of(Some(t))).or_else(|| of(None))
    }

    /// The rules this profile shows a person that have no source: each offered category's
    /// requirements, fees and notes, and the renewal terms in force. Empty for a sound profile.
    pub fn uncited(&self) -> Vec<String> {
        let mut missing = Vec::new();
        for track in self.offered() {
            let rule = &self.categories[&track];
            let mut shown = vec![
                "education",
                "training",
                "work",
                "references",
                "agreements",
                "membership",
            ];
            if rule.rsc.is_some() {
                shown.push("rsc");
            }
            if rule.exam.is_some() {
                shown.push("exam");
            }
            if rule.fees.is_some() {
                shown.push(keys::FEES);
            }
            if !rule.notes.is_empty() {
                shown.push(keys::NOTES);
            }
            missing.extend(
                shown
                    .into_iter()
                    .filter(|k| self.source(Some(track), k).is_none())
                    .map(|k| format!("{track}.{k}")),
            );
        }
        let r = &self.renewal;
        let mut renewal = vec![
            keys::RENEWAL_DEADLINE,
            keys::RENEWAL_LAPSE,
            keys::RENEWAL_REINSTATEMENT,
            keys::RENEWAL_TRAINING,
            keys::RENEWAL_RSC,
            keys::RENEWAL_MEMBERSHIP,
        ];
        if r.rsc_topic_hours > Minutes::ZERO {
            renewal.push(keys::RENEWAL_RSC_TRAINING);
        }
        if r.late_fee_usd.is_some() {
            renewal.push(keys::RENEWAL_LATE_FEE);
        }
        if r.removal_after.is_some() {
            renewal.push(keys::RENEWAL_REMOVAL);
        }
        if r.grace_days > 0 {
            renewal.push(keys::RENEWAL_GRACE);
        }
        if r.dei_hours > Minutes::ZERO {
            renewal.push(keys::RENEWAL_DEI);
        }
        if r.code_of_ethics_annual {
            renewal.push(keys::RENEWAL_ETHICS);
        }
        if r.first_year_exempt {
            renewal.push(keys::RENEWAL_FIRST_YEAR);
        }
        missing.extend(
            renewal
                .into_iter()
                .filter(|k| self.source(None, k).is_none())
                .map(str::to_string),
        );
        missing
    }

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

    /// [`Profile::tier_name`] with its id: the tier word in each language the profile gives
    /// it in, the label (a mark) the same in all.
    pub fn tier_phrase(&self, track: Track) -> crate::phrase::Phrase {
        use crate::phrase::{Described, Phrase, Value};
        let word = Described::new(
            &self.association.tier_word,
            self.association.tier_word_es.as_deref(),
        );
        Phrase::new(
            "tier",
            vec![
                ("word", Value::Described(word)),
                ("label", Value::Name(track.tier_label().to_string())),
                (
                    "numbered",
                    Value::Key(if track == Track::Rs { "no" } else { "yes" }),
                ),
            ],
            self.tier_name(track),
        )
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

    /// Only the typical hours may differ between rules that count alike; every other field
    /// changes what counts (or the words of an exclusion), so it must tell the rules apart.
    #[test]
    fn training_rules_count_alike_unless_a_counting_field_differs() {
        let rule = TrainingRule {
            minimum_hours: Minutes::from_hours(30),
            rsc_hours: Minutes::from_hours(3),
            dei_hours: Minutes::from_hours(3),
            conference_cap: 1,
            excluded_populations: vec![Population::SchoolAge],
            typical_hours: Minutes::from_hours(45),
        };
        let with = |change: fn(&mut TrainingRule)| {
            let mut other = rule.clone();
            change(&mut other);
            other
        };
        assert!(rule.counts_like(&with(|r| r.typical_hours = Minutes::from_hours(75))));
        for (field, other) in [
            (
                "minimum",
                with(|r| r.minimum_hours = Minutes::from_hours(24)),
            ),
            ("RS/C", with(|r| r.rsc_hours = Minutes::ZERO)),
            ("DEI", with(|r| r.dei_hours = Minutes::ZERO)),
            ("cap", with(|r| r.conference_cap = 2)),
            ("populations", with(|r| r.excluded_populations.clear())),
        ] {
            assert!(!rule.counts_like(&other), "{field}");
            assert!(!other.counts_like(&rule), "{field}");
        }
    }

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

    fn bound(
        domains: Vec<CompetencyDomain>,
        tracks: Vec<Track>,
        source: &str,
    ) -> CertificateProgram {
        CertificateProgram {
            domains,
            as_defined_for: tracks,
            source: source.into(),
        }
    }

    /// The loader refuses a bound that would silently document nothing or cite nothing.
    #[test]
    fn a_certificate_bound_must_name_domains_categories_and_source() {
        use CompetencyDomain as D;
        let ok = bound(vec![D::TheoreticalFoundations], vec![Track::II], "FAQ");
        assert_eq!(ok.check(), Ok(()));
        assert_eq!(
            bound(vec![], vec![Track::II], "FAQ").check(),
            Err("certificate_program.domains: name at least one domain".into())
        );
        assert!(
            bound(vec![D::TheoreticalFoundations], vec![], "FAQ")
                .check()
                .is_err_and(|e| e.starts_with("certificate_program.as_defined_for"))
        );
        // Without Theoretical Foundations no categories are needed.
        assert_eq!(
            bound(vec![D::DirectServiceSkills], vec![], "FAQ").check(),
            Ok(())
        );
        assert_eq!(
            bound(vec![D::DirectServiceSkills], vec![], " ").check(),
            Err("certificate_program.source: say where the rule comes from".into())
        );
    }

    #[test]
    fn a_certificate_bound_reads_as_its_domains() {
        use CompetencyDomain as D;
        let two = bound(
            vec![D::TheoreticalFoundations, D::DirectServiceSkills],
            vec![Track::II],
            "FAQ",
        );
        assert_eq!(
            two.describe(),
            "Theoretical Foundations and Direct Service Skills"
        );
        let three = bound(
            vec![D::Reflection, D::Thinking, D::DirectServiceSkills],
            vec![],
            "FAQ",
        );
        assert_eq!(
            three.describe(),
            "Reflection, Thinking and Direct Service Skills"
        );
        assert_eq!(bound(vec![], vec![], "FAQ").describe(), "");
        let one = bound(vec![D::DirectServiceSkills], vec![], "FAQ");
        assert_eq!(one.describe(), "Direct Service Skills");
        assert_eq!(
            one.areas().iter().map(|a| a.id()).collect::<Vec<_>>(),
            [
                "screening-assessment",
                "parent-infant-relationship-based-therapies-practices",
                "developmental-guidance",
                "observation-listening"
            ]
        );
        // Category I's foundations only: its own relationship-focused practice, not II's.
        let first = bound(vec![D::TheoreticalFoundations], vec![Track::I], "FAQ");
        assert_eq!(first.areas().iter().count(), 7);
    }
}
