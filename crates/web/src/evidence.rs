//! The evidence view: the submitted portfolio, whole, as the coordinator and the assigned
//! reviewers judge it. Every item carries whether the engine counted it (and why not) and who
//! vouches for it, so a reviewer's tick rests on something they can read.
//!
//! The builder is pure: the handler gathers the snapshot, the engine's report, the ratings
//! and the coverage picture, and this module only arranges them for the page and for the
//! review form.

use lattice_domain::competency::CompetencyArea;
use lattice_domain::coverage::AreaCoverage;
use lattice_domain::documents::AgreementKind;
use lattice_domain::portfolio::{Portfolio, ReferenceStatus, Source};
use lattice_domain::report::{Item, Report, RequirementId, Status, Unit};
use lattice_store::RatingDetail;
use serde_json::Value;

use crate::figures::number;

/// The answers a rater may give for each area: the rating form offers them, the evidence
/// shows them.
pub const SCALE: [(&str, &str); 4] = [
    ("consistently", "Consistently demonstrates"),
    ("sometimes", "Demonstrates at times"),
    ("not-yet", "Not yet demonstrated"),
    ("not-enough-information", "Not enough information"),
];

/// Whether one listed item counted toward its requirement, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    pub counted: bool,
    /// "Counted", or the engine's reason it did not count.
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct TrainingRow {
    pub title: String,
    pub provider: String,
    pub dates: String,
    pub hours: String,
    pub kind: String,
    pub areas: Vec<String>,
    pub counted: Counted,
}

#[derive(Debug, Clone)]
pub struct WorkRow {
    pub employer: String,
    pub role: String,
    pub dates: String,
    pub details: String,
    pub counted: Counted,
}

#[derive(Debug, Clone)]
pub struct RscRow {
    pub provider: String,
    /// The provider's qualifications as the applicant typed them.
    pub qualifications: String,
    pub format: String,
    pub dates: String,
    pub hours: String,
    pub counted: Counted,
}

#[derive(Debug, Clone)]
pub struct AnswerRow {
    pub area: String,
    pub answer: String,
}

#[derive(Debug, Clone)]
pub struct RatingCard {
    pub rater: String,
    pub email: String,
    pub role: String,
    pub status: String,
    /// Who vouches for the rating: the rater through the link, or a coordinator's paper form.
    pub source: String,
    pub known_since: String,
    pub waived: bool,
    pub answers: Vec<AnswerRow>,
    pub not_enough_info: i64,
    pub comments: String,
    pub counts: bool,
}

/// One requirement with the items it counted and the ones it set aside.
#[derive(Debug, Clone)]
pub struct RequirementEvidence {
    pub key: &'static str,
    pub label: String,
    pub status: &'static str,
    pub status_text: &'static str,
    pub progress: String,
    pub counted: Vec<String>,
    pub excluded: Vec<String>,
}

/// One competency area on the review form with what documents or shows it.
#[derive(Debug, Clone)]
pub struct AreaEvidence {
    pub key: String,
    pub label: String,
    pub verdict: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AreaEvidenceGroup {
    pub domain: String,
    pub areas: Vec<AreaEvidence>,
}

#[derive(Debug, Clone, Default)]
pub struct MembershipView {
    pub association: String,
    pub number: String,
    pub kind: String,
    pub period: String,
}

/// Everything the page shows, built from the snapshot alone.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub requirements: Vec<RequirementEvidence>,
    pub trainings: Vec<TrainingRow>,
    pub training_hours_counted: String,
    pub work: Vec<WorkRow>,
    pub rsc: Vec<RscRow>,
    pub ratings: Vec<RatingCard>,
    pub code_of_ethics: String,
    pub endorsement_agreement: String,
    /// The version of each agreement signed, in the order of the two above; the handler
    /// links each to its text ([`Evidence::link_texts`]).
    pub signed_texts: [Option<SignedText>; 2],
    pub membership: Option<MembershipView>,
}

/// Where one version of an association's agreement text is read (public).
pub fn agreement_text_link(slug: &str, kind: AgreementKind, version: i64) -> String {
    format!("/a/{slug}/agreements/{}/{version}", kind.key())
}

/// The version of an agreement text an applicant signed, and where to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedText {
    pub version: i64,
    /// Whose text it was (a slug); None for the built-in wording or a signature made before
    /// texts had versions, read as the application's association's.
    pub association: Option<String>,
    pub link: String,
    /// "version 3 is current", when a newer one was published since.
    pub newer: Option<String>,
}

impl Evidence {
    /// Links each signed version to its text at the application's association (`slug`) unless
    /// the signature names another, and says when a newer version is current (`current`, in
    /// the order of `AgreementKind::ALL`).
    pub fn link_texts(&mut self, slug: &str, current: [i32; 2]) {
        for ((signed, kind), latest) in self
            .signed_texts
            .iter_mut()
            .zip(AgreementKind::ALL)
            .zip(current)
        {
            if let Some(signed) = signed {
                let whose = signed
                    .association
                    .clone()
                    .unwrap_or_else(|| slug.to_string());
                signed.link = agreement_text_link(&whose, kind, signed.version);
                if whose == slug && signed.version < i64::from(latest) {
                    signed.newer = Some(format!("version {latest} is current"));
                }
            }
        }
    }
}

/// Who recorded a paper rating, by their id; the handler looks the names up.
pub type StaffNames = std::collections::HashMap<i64, String>;

/// Arranges the snapshot for the page. `ratings` are the application's answered ratings;
/// staff read waived ones too (the applicant gave up reading them, not the reviewers).
pub fn build(
    portfolio: &Portfolio,
    document: &Value,
    report: &Report<'_>,
    ratings: &[RatingDetail],
    staff: &StaffNames,
) -> Evidence {
    let training = report.requirement(RequirementId::Training);
    let trainings = portfolio
        .trainings
        .iter()
        .enumerate()
        .map(|(index, t)| TrainingRow {
            title: t.title.clone(),
            provider: t.provider.clone(),
            dates: match t.end_date {
                Some(end) if end != t.date => format!("{} – {end}", t.date),
                _ => t.date.to_string(),
            },
            hours: t.hours.to_string(),
            kind: key_words(&t.kind),
            areas: t
                .competencies
                .iter()
                .map(|a| a.name().to_string())
                .collect(),
            counted: standing(
                training,
                |item| matches!(item, Item::Training { index: i, .. } if *i == index),
            ),
        })
        .collect();
    let work_requirement = report.requirement(RequirementId::Work);
    let work = portfolio
        .work
        .iter()
        .enumerate()
        .map(|(index, job)| {
            let mut details = Vec::new();
            details.push(if job.paid { "paid" } else { "unpaid" }.to_string());
            if job.internship {
                details.push("internship".into());
            }
            if job.supervised {
                details.push("supervised".into());
            }
            // Part-time work counts in proportion: reviewers see the hours it was counted at.
            if let Some(hours) = job.hours_per_week {
                details.push(format!("{hours} a week"));
            }
            if job.families_served > 0 {
                details.push(format!("{} families served", job.families_served));
            }
            if !job.ages.is_empty() {
                let ages: Vec<String> = job.ages.iter().map(key_words).collect();
                details.push(format!("ages: {}", ages.join(", ")));
            }
            if job.with_child_and_parent {
                details.push("with child and parent together".into());
            }
            if job.provides_rsc {
                details.push("provides RS/C".into());
            }
            if job.supervises_others {
                details.push("supervises others".into());
            }
            if job.as_licensed_therapist {
                details.push("as a licensed therapist".into());
            }
            if !job.services.is_empty() {
                details.push(format!("services: {}", job.services.join(", ")));
            }
            WorkRow {
                employer: job.employer.clone(),
                role: job.role.clone(),
                dates: format!(
                    "{} – {}",
                    job.start,
                    job.end
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "now".into())
                ),
                details: details.join(" · "),
                counted: standing(
                    work_requirement,
                    |item| matches!(item, Item::Work { index: i, .. } if *i == index),
                ),
            }
        })
        .collect();
    let rsc_requirement = report.requirement(RequirementId::Rsc);
    let rsc = portfolio
        .rsc
        .iter()
        .enumerate()
        .map(|(index, record)| {
            let p = &record.provider;
            let mut qualifications = vec![match p.endorsement.category() {
                Some(category) => format!("endorsed {category}"),
                None => "not endorsed".to_string(),
            }];
            qualifications.push(format!("degree: {}", key_words(&p.degree)));
            if p.receives_rsc {
                qualifications.push("receives RS/C".into());
            }
            if p.meets_criteria {
                qualifications.push("meets the RS/C provider criteria".into());
            }
            if p.imh_specialist {
                qualifications.push("specializes in infant mental health".into());
            }
            RscRow {
                provider: p.name.clone(),
                qualifications: format!(
                    "{} (as stated by the applicant; check against the registry)",
                    qualifications.join(", ")
                ),
                format: key_words(&record.format),
                dates: format!("{} – {}", record.start, record.end),
                hours: record.hours.to_string(),
                counted: standing(
                    rsc_requirement,
                    |item| matches!(item, Item::Rsc { index: i, .. } if *i == index),
                ),
            }
        })
        .collect();
    Evidence {
        requirements: requirement_evidence(report),
        trainings,
        training_hours_counted: training
            .map(|r| number(r.counted))
            .unwrap_or_else(|| "0".into()),
        work,
        rsc,
        ratings: rating_cards(portfolio, ratings, staff),
        code_of_ethics: portfolio
            .agreements
            .code_of_ethics
            .map(|d| d.to_string())
            .unwrap_or_default(),
        endorsement_agreement: portfolio
            .agreements
            .endorsement_agreement
            .map(|d| d.to_string())
            .unwrap_or_default(),
        signed_texts: AgreementKind::ALL.map(|kind| {
            let agreements = &document["agreements"];
            lattice_domain::documents::signed_version(agreements, kind).map(|version| SignedText {
                version,
                association: lattice_domain::documents::signed_association(agreements, kind)
                    .map(str::to_string),
                link: String::new(),
                newer: None,
            })
        }),
        membership: membership(document),
    }
}

/// Each applicable requirement with its counted and excluded items, in the report's order.
pub fn requirement_evidence(report: &Report<'_>) -> Vec<RequirementEvidence> {
    report
        .requirements
        .iter()
        .filter(|r| r.status != Status::NotApplicable)
        .map(|r| {
            let (status, status_text) = match r.status {
                Status::Met => ("met", "Met"),
                Status::Unmet => ("unmet", "Still needed"),
                Status::Pending => ("pending", "Later stage"),
                Status::NotApplicable => ("na", "Not needed"),
            };
            RequirementEvidence {
                key: r.id.key(),
                label: r.id.label().to_string(),
                status,
                status_text,
                progress: format!(
                    "{} of {} {}",
                    number(r.counted),
                    number(r.needed),
                    match r.unit {
                        Unit::Hours => "hours",
                        Unit::Years => "years",
                        Unit::Count => "",
                    }
                )
                .trim_end()
                .to_string(),
                counted: r.contributing.iter().map(item_words).collect(),
                excluded: r
                    .excluded
                    .iter()
                    .map(|e| format!("{}: {}", item_words(&e.item), e.reason))
                    .collect(),
            }
        })
        .collect()
}

/// The review form's areas, each with what documents it (counted trainings) and what only
/// shows it (ratings), from the domain's coverage picture.
pub fn area_evidence(
    picture: &[AreaCoverage<'_>],
    wanted: impl Fn(CompetencyArea) -> bool,
) -> Vec<AreaEvidenceGroup> {
    let mut groups: Vec<AreaEvidenceGroup> = Vec::new();
    for coverage in picture.iter().filter(|c| wanted(c.area)) {
        let area = AreaEvidence {
            key: coverage.area.id().to_string(),
            label: coverage.area.name().to_string(),
            verdict: coverage.verdict(),
            sources: coverage.sources(),
        };
        let domain = coverage.area.domain().name();
        match groups.iter_mut().find(|g| g.domain == domain) {
            Some(group) => group.areas.push(area),
            None => groups.push(AreaEvidenceGroup {
                domain: domain.to_string(),
                areas: vec![area],
            }),
        }
    }
    groups
}

/// An item in a reviewer's words: what it is, without the report's index prefix.
fn item_words(item: &Item<'_>) -> String {
    match item {
        Item::Training { training: t, .. } => format!("{} · {} · {}", t.title, t.date, t.hours),
        Item::Rsc { record: r, .. } => format!(
            "{} · {} · {} – {} · {}",
            r.provider.name,
            key_words(&r.format),
            r.start,
            r.end,
            r.hours
        ),
        Item::Work { job, .. } => {
            let end = job
                .end
                .map(|d| d.to_string())
                .unwrap_or_else(|| "now".into());
            if job.role.is_empty() {
                format!("{} · {} – {end}", job.employer, job.start)
            } else {
                format!("{} · {} · {} – {end}", job.employer, job.role, job.start)
            }
        }
        // The engine names other items by their place in the file ("references[1] Karen
        // Lowe …"); the place means nothing on a page.
        other => {
            let text = other.to_string();
            match text.split_once("] ") {
                Some((place, rest)) if place.contains('[') && !place.contains(' ') => {
                    rest.to_string()
                }
                _ => text,
            }
        }
    }
}

/// Counted, excluded with the engine's reason, or not looked at by this category's rules.
fn standing(
    requirement: Option<&lattice_domain::report::RequirementReport<'_>>,
    is_this: impl Fn(&Item<'_>) -> bool,
) -> Counted {
    let Some(requirement) = requirement.filter(|r| r.status != Status::NotApplicable) else {
        return Counted {
            counted: false,
            note: "Not needed for this category".into(),
        };
    };
    if requirement.contributing.iter().any(&is_this) {
        return Counted {
            counted: true,
            note: "Counted".into(),
        };
    }
    match requirement.excluded.iter().find(|e| is_this(&e.item)) {
        Some(excluded) => Counted {
            counted: false,
            note: format!("Not counted: {}", excluded.reason),
        },
        // The requirement was met before this item was needed.
        None => Counted {
            counted: false,
            note: "Not needed: the requirement was met without it".into(),
        },
    }
}

/// Each reference of the snapshot with the rating that answers it, matched by the rater's
/// email (the request carries it); ratings no reference names are listed after them.
fn rating_cards(
    portfolio: &Portfolio,
    ratings: &[RatingDetail],
    staff: &StaffNames,
) -> Vec<RatingCard> {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let mut used = vec![false; ratings.len()];
    let mut cards = Vec::new();
    for reference in &portfolio.references {
        let found = ratings.iter().enumerate().rev().find(|(i, r)| {
            !used[*i]
                && match &reference.email {
                    Some(email) => same(email, &r.request.rater_email),
                    None => same(&reference.name, &r.request.rater_name),
                }
        });
        let counts = reference.status == ReferenceStatus::Completed
            && reference.source.is_some_and(Source::is_third_party);
        let mut card = match found {
            Some((i, rating)) => {
                used[i] = true;
                rating_card(rating, staff)
            }
            None => RatingCard {
                rater: reference.name.clone(),
                email: reference.email.clone().unwrap_or_default(),
                role: role_words(reference.role),
                status: match reference.status {
                    ReferenceStatus::Requested => "Asked; no rating yet".into(),
                    ReferenceStatus::Declined => "Declined".into(),
                    _ => "Not asked".into(),
                },
                source: "No rating received: nothing from this rater to read".into(),
                known_since: String::new(),
                waived: reference.waived == Some(true),
                answers: Vec::new(),
                not_enough_info: 0,
                comments: String::new(),
                counts: false,
            },
        };
        card.role = role_words(reference.role);
        card.counts = counts;
        cards.push(card);
    }
    for (i, rating) in ratings.iter().enumerate() {
        if !used[i] {
            let mut card = rating_card(rating, staff);
            card.status = "Received; the submitted portfolio no longer lists this rater".into();
            cards.push(card);
        }
    }
    cards
}

fn rating_card(rating: &RatingDetail, staff: &StaffNames) -> RatingCard {
    let request = &rating.request;
    let on = rating.submitted_at.date_naive();
    let (source, answers) = match request.recorded_by {
        Some(coordinator) => (
            format!(
                "Paper form recorded by {} on {on}; the answers are on the signed form the association keeps",
                staff
                    .get(&coordinator.0)
                    .map(String::as_str)
                    .unwrap_or("a coordinator")
            ),
            Vec::new(),
        ),
        None => (
            format!("Sent by the rater through the emailed link on {on}"),
            CompetencyArea::all()
                .filter_map(|area| {
                    let answer = rating.answers.get(area.id())?.as_str()?;
                    let words = SCALE
                        .iter()
                        .find(|(key, _)| *key == answer)
                        .map(|(_, label)| *label)
                        .unwrap_or(answer);
                    Some(AnswerRow {
                        area: area.name().to_string(),
                        answer: words.to_string(),
                    })
                })
                .collect(),
        ),
    };
    RatingCard {
        rater: request.rater_name.clone(),
        email: request.rater_email.clone(),
        role: request.role.replace('-', " "),
        status: "Rating received".into(),
        source,
        known_since: rating
            .known_since
            .map(|d| d.to_string())
            .unwrap_or_default(),
        waived: request.waived,
        answers,
        not_enough_info: rating.not_enough_info,
        comments: rating.comments.clone(),
        counts: true,
    }
}

fn membership(document: &Value) -> Option<MembershipView> {
    let record = document.get("membership")?;
    let text = |key: &str| {
        record
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let other = text("other_association");
    Some(MembershipView {
        association: if other.is_empty() {
            text("association")
        } else {
            format!("{other} (proof checked by {})", text("association"))
        },
        number: text("member_number"),
        kind: text("kind"),
        period: format!("{} – {}", text("starts_on"), text("valid_until")),
    })
}

/// "program supervisor", not the sentence form "a program supervisor".
fn role_words(role: lattice_domain::portfolio::ReferenceRole) -> String {
    let label = role.noun();
    label
        .strip_prefix("a ")
        .or_else(|| label.strip_prefix("an "))
        .unwrap_or(label)
        .to_string()
}

/// A serde key ("in-person", "masters") in words.
fn key_words(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(key)) => key.replace(['-', '_'], " "),
        _ => String::new(),
    }
}
