//! The rules of DOMAIN.md as table and property tests against the eligibility and renewal
//! engines.
//!
//! Most application cases start from one realistic portfolio that is ready for MassAIMH
//! Category II (IFS) on 2026-11-24 and change exactly one thing; other categories start from
//! their own ready portfolio, built the same way. Every case asserts the requirement's status
//! and its counted number, and an exclusion case also asserts the reason names the cause.

// Cases written against a JSON base portfolio (Rosa, IFS at MassAIMH), renewal cases and
// generated-portfolio properties.
mod application;
mod coursework;
mod coverage;
mod endorsement;
mod engine_core;
mod english_messages;
mod exact;
mod part_time;
mod phrases;
mod reinstatement;
mod rights;

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use lattice_domain::category::{Category, Endorsement};
use lattice_domain::engine::check;
use lattice_domain::format::{parse_portfolio, portfolio_from_value, write_portfolio};
use lattice_domain::minutes::Minutes;
use lattice_domain::portfolio::{
    AgeGroup, Agreements, DegreeLevel, Education, HeldEndorsement, Membership, Person, Population,
    Portfolio, Reference, ReferenceRole, ReferenceStatus, RscFormat, RscProvider, RscRecord,
    Source, Topic, Training, TrainingKind, WorkExperience,
};
use lattice_domain::profile::Profile;
use lattice_domain::renewal::{RenewalItem, RenewalReport, Standing, renewal};
use lattice_domain::report::{Report, RequirementId, RequirementReport, Status};
use lattice_profiles::Catalog;
use proptest::prelude::*;
use rstest::rstest;

use RequirementId as R;

// ---------------------------------------------------------------------------------------------
// Builders

const AS_OF: &str = "2026-11-24";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test dates are YYYY-MM-DD")
}

fn h(hours: f64) -> Minutes {
    Minutes::parse_hours_or_zero(hours).expect("test hours are whole minutes")
}

fn endorsement(abbr: &str) -> Endorsement {
    abbr.parse().expect("a known endorsement abbreviation")
}

fn category(abbr: &str) -> Category {
    abbr.parse().expect("a known category abbreviation")
}

fn training(title: &str, date: &str, hours: f64, areas: &[&str]) -> Training {
    Training {
        title: title.into(),
        provider: "Infant Mental Health Institute".into(),
        date: d(date),
        end_date: None,
        hours: h(hours),
        kind: TrainingKind::Workshop,
        conference: None,
        competencies: areas
            .iter()
            .map(|a| a.parse().expect("a known competency area"))
            .collect(),
        population: Some(Population::InfantToddler),
        topics: Vec::new(),
    }
}

fn workshop_at(conference: &str, title: &str, date: &str, hours: f64, areas: &[&str]) -> Training {
    Training {
        conference: Some(conference.into()),
        ..training(title, date, hours, areas)
    }
}

fn tagged(mut t: Training, topics: &[Topic]) -> Training {
    t.topics = topics.to_vec();
    t
}

/// Paid, supervised work with infants and their parents, ongoing unless `end` is given.
fn job(employer: &str, start: &str, end: Option<&str>, families: u32) -> WorkExperience {
    WorkExperience {
        employer: employer.into(),
        role: "Home visitor".into(),
        start: d(start),
        end: end.map(d),
        paid: true,
        supervised: true,
        internship: false,
        families_served: families,
        ages: vec![AgeGroup::Birth36m],
        with_child_and_parent: true,
        classroom: false,
        services: vec!["home-visiting".into()],
        provides_rsc: false,
        leadership: false,
        supervises_others: false,
        as_licensed_therapist: false,
        supervisor_endorsement: Endorsement::None,
        hours_per_week: None,
    }
}

/// Group RS/C from a master's-prepared provider who receives RS/C.
fn rsc(provider: &str, held: &str, start: &str, end: &str, hours: f64) -> RscRecord {
    RscRecord {
        provider: RscProvider {
            name: provider.into(),
            endorsement: endorsement(held),
            degree: DegreeLevel::Masters,
            receives_rsc: true,
            meets_criteria: false,
            imh_specialist: false,
        },
        format: RscFormat::Group,
        start: d(start),
        end: d(end),
        hours: h(hours),
        about_own_rsc: Minutes::ZERO,
    }
}

fn rating(role: ReferenceRole, name: &str, completed: &str) -> Reference {
    Reference {
        role,
        name: name.into(),
        email: Some(format!(
            "{}@example.org",
            name.to_lowercase().replace(['.', ' '], "")
        )),
        status: ReferenceStatus::Completed,
        not_enough_info: 0,
        completed_on: Some(d(completed)),
        endorsement: Endorsement::None,
        known_since: Some(d("2021-06-01")),
        waived: Some(true),
        source: None,
    }
}

fn degree(level: DegreeLevel, name: &str, field: &str, completed: &str) -> Education {
    Education {
        level,
        degree: name.into(),
        field: field.into(),
        institution: "University of Massachusetts Boston".into(),
        completed: Some(d(completed)),
        imh_certificate: false,
        competencies: Vec::new(),
        courses: Vec::new(),
    }
}

fn signed(on: &str) -> Agreements {
    Agreements {
        code_of_ethics: Some(d(on)),
        endorsement_agreement: Some(d(on)),
    }
}

fn member(association: &str, until: &str) -> Option<Membership> {
    Some(Membership {
        association: association.into(),
        valid_until: d(until),
        source: None,
    })
}

fn person(name: &str) -> Person {
    Person {
        name: name.into(),
        email: Some("applicant@example.org".into()),
        licences: Vec::new(),
    }
}

/// Maya, a bachelor's-prepared home visitor, ready for IFS at MassAIMH on 2026-11-24:
/// - 30 h of training exactly, 12 h of it at one conference (two workshops);
/// - 5.48 years of paid post-bachelor's home visiting with 14 families;
/// - 24 h of group RS/C from an IMHS over exactly 12 months;
/// - three ratings (program supervisor, the RS/C provider, a colleague);
/// - both agreements signed, MassAIMH membership into 2027.
fn base() -> Portfolio {
    Portfolio {
        person: person("Maya Torres"),
        education: vec![degree(
            DegreeLevel::Bachelors,
            "BA",
            "Psychology",
            "2019-05-15",
        )],
        trainings: vec![
            training(
                "Attachment and Loss in Infancy",
                "2024-03-02",
                6.5,
                &["attachment-separation-trauma-grief-loss"],
            ),
            Training {
                kind: TrainingKind::Course,
                ..training(
                    "Infant Development: The First Year",
                    "2024-05-10",
                    7.5,
                    &[
                        "infant-very-young-child-development-behavior",
                        "pregnancy-early-parenthood",
                    ],
                )
            },
            workshop_at(
                "MassAIMH Annual Conference 2025",
                "Family Dynamics in Home Visiting",
                "2025-04-11",
                5.5,
                &["family-relationships-dynamics"],
            ),
            workshop_at(
                "MassAIMH Annual Conference 2025",
                "Culture and Caregiving",
                "2025-04-12",
                6.5,
                &["cultural-competence"],
            ),
            Training {
                kind: TrainingKind::Webinar,
                ..training(
                    "Relationship-Focused Therapeutic Practice",
                    "2025-09-18",
                    4.0,
                    &["relationship-focused-therapeutic-practice"],
                )
            },
        ],
        work: vec![job("Early Intervention Partners", "2021-06-01", None, 14)],
        rsc: vec![rsc(
            "Dr. Lena Ortiz",
            "IMHS",
            "2024-09-01",
            "2025-08-31",
            24.0,
        )],
        references: vec![
            Reference {
                not_enough_info: 1,
                ..rating(ReferenceRole::ProgramSupervisor, "Janet Park", "2026-09-15")
            },
            rating(ReferenceRole::RscProvider, "Dr. Lena Ortiz", "2026-10-01"),
            Reference {
                not_enough_info: 2,
                ..rating(ReferenceRole::Colleague, "Sam Okafor", "2026-10-05")
            },
        ],
        agreements: signed("2026-09-01"),
        membership: member("massaimh", "2027-06-30"),
        endorsements: Vec::new(),
    }
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the embedded profiles load"))
}

fn profile(association: &str, as_of: NaiveDate) -> &'static Profile {
    catalog()
        .profile(association, as_of)
        .expect("a profile in force")
}

fn report<'a>(p: &'a Portfolio, association: &str, abbr: &str, as_of: &str) -> Report<'a> {
    let as_of = d(as_of);
    check(p, profile(association, as_of), category(abbr), as_of).expect("category offered")
}

fn ifs(p: &Portfolio) -> Report<'_> {
    report(p, "massaimh", "IFS", AS_OF)
}

fn req<'r, 'a>(r: &'r Report<'a>, id: RequirementId) -> &'r RequirementReport<'a> {
    r.requirement(id)
        .expect("every report lists every requirement")
}

#[track_caller]
fn assert_req(r: &Report<'_>, id: RequirementId, status: Status, counted: f64) {
    let q = req(r, id);
    assert_eq!(
        (q.status, q.counted),
        (status, counted),
        "{}: {} | excluded: {:?}",
        id.key(),
        q.detail,
        q.excluded
    );
}

#[track_caller]
fn assert_excluded(r: &Report<'_>, id: RequirementId, item: &str, reason: &str) {
    let q = req(r, id);
    assert!(
        q.excluded
            .iter()
            .any(|e| e.item.to_string().contains(item) && e.reason.contains(reason)),
        "{}: expected {item:?} excluded because {reason:?}; excluded: {:#?}",
        id.key(),
        q.excluded
    );
}

#[track_caller]
fn assert_not_excluded(r: &Report<'_>, id: RequirementId) {
    let q = req(r, id);
    assert!(q.excluded.is_empty(), "{}: {:#?}", id.key(), q.excluded);
}

/// Days as the engine's years: days/365 floored to two decimals, in exact integer arithmetic.
fn years(days: i64) -> f64 {
    (days * 100 / 365) as f64 / 100.0
}

fn days(first: &str, last: &str) -> i64 {
    (d(last) - d(first)).num_days() + 1
}

// ---------------------------------------------------------------------------------------------
// The base portfolios are ready

#[test]
fn the_base_portfolio_is_ready_for_ifs() {
    let p = base();
    let r = ifs(&p);
    assert!(r.ready, "unmet: {:#?}", r.unmet().collect::<Vec<_>>());
    assert_eq!(r.profile, "massaimh@2025-01-01");
    assert_req(&r, R::Education, Status::Met, 1.0);
    assert_req(&r, R::Training, Status::Met, 30.0);
    assert_req(&r, R::Work, Status::Met, years(days("2021-06-01", AS_OF)));
    assert_eq!(years(days("2021-06-01", AS_OF)), 5.48);
    assert_req(&r, R::Rsc, Status::Met, 24.0);
    assert_req(&r, R::References, Status::Met, 3.0);
    assert_req(&r, R::Agreements, Status::Met, 2.0);
    assert_req(&r, R::Membership, Status::Met, 1.0);
    assert_req(&r, R::Exam, Status::NotApplicable, 0.0);
    for id in [R::Training, R::Work, R::Rsc, R::References] {
        assert_not_excluded(&r, id);
    }
}

/// Every requirement a category has says where it comes from, and one it does not have (the
/// exam at IFS) cites nothing: MassAIMH's IFS rules cite MI-AIMH's Level II page for education
/// and work (docs/PROFILES.md, "Sources").
#[test]
fn each_requirement_of_the_category_cites_its_source_and_no_other() {
    let p = base();
    let r = ifs(&p);
    for q in &r.requirements {
        match q.status {
            Status::NotApplicable => assert!(q.source.is_none(), "{:?} cites {:?}", q.id, q.source),
            _ => assert!(q.source.is_some(), "{:?} cites nothing", q.id),
        }
    }
    assert_eq!(req(&r, R::Exam).status, Status::NotApplicable);
    let education = req(&r, R::Education)
        .source
        .as_ref()
        .expect("education source");
    let document = education.document.as_ref().expect("a document");
    assert_eq!(document.title, "Requirements for Level II");
}

// ---------------------------------------------------------------------------------------------
// IFS tables: one change to the base each

type Tweak = fn(&mut Portfolio);

/// Runs one IFS case: the changed requirement has `status` and `counted`, names the excluded
/// item and its cause when given, and every other requirement keeps the base's verdict.
#[track_caller]
fn ifs_case(
    tweak: Tweak,
    id: RequirementId,
    status: Status,
    counted: f64,
    excluded: Option<(&str, &str)>,
) {
    let mut p = base();
    tweak(&mut p);
    let r = ifs(&p);
    assert_req(&r, id, status, counted);
    match excluded {
        Some((item, reason)) => assert_excluded(&r, id, item, reason),
        None => assert_not_excluded(&r, id),
    }
    for other in r.requirements.iter().filter(|q| q.id != id) {
        assert_ne!(
            other.status,
            Status::Unmet,
            "{} changed too: {}",
            other.id.key(),
            other.detail
        );
    }
    assert_eq!(r.ready, status != Status::Unmet);
}

#[rstest]
#[case::exactly_30_hours(|_: &mut Portfolio| {}, Status::Met, 30.0, None)]
#[case::a_quarter_hour_short(
    |p: &mut Portfolio| p.trainings[4].hours = h(3.75),
    Status::Unmet, 29.75, None
)]
#[case::a_second_conference_is_listed_not_counted(
    |p: &mut Portfolio| p.trainings.push(Training {
        kind: TrainingKind::Conference,
        ..training("ZERO TO THREE LEARN Conference", "2025-10-20", 8.0, &["developmental-guidance"])
    }),
    Status::Met, 30.0, Some(("ZERO TO THREE LEARN", "another conference"))
)]
#[case::the_larger_conference_is_the_one_kept(
    |p: &mut Portfolio| {
        let summit = "Infant Mental Health Summit 2025";
        p.trainings.push(workshop_at(summit, "Keynote: Early Trauma", "2025-06-02", 7.0, &["attachment-separation-trauma-grief-loss"]));
        p.trainings.push(workshop_at(summit, "Screening in Practice", "2025-06-03", 7.0, &["screening-assessment"]));
    },
    // 18 h outside conferences + the 14 h summit; the 12 h MassAIMH conference is listed only.
    Status::Met, 32.0, Some(("Family Dynamics", "\"MassAIMH Annual Conference 2025\": listed but not counted"))
)]
#[case::no_competency_area(
    |p: &mut Portfolio| p.trainings[0].competencies.clear(),
    Status::Unmet, 23.5, Some(("Attachment and Loss", "names no competency area"))
)]
#[case::school_age(
    |p: &mut Portfolio| p.trainings[0].population = Some(Population::SchoolAge),
    Status::Unmet, 23.5, Some(("Attachment and Loss", "school-age children"))
)]
#[case::adolescent(
    |p: &mut Portfolio| p.trainings[0].population = Some(Population::Adolescent),
    Status::Unmet, 23.5, Some(("Attachment and Loss", "adolescents"))
)]
#[case::elderly(
    |p: &mut Portfolio| p.trainings[0].population = Some(Population::Elderly),
    Status::Unmet, 23.5, Some(("Attachment and Loss", "the elderly"))
)]
#[case::prenatal_population_counts(
    |p: &mut Portfolio| p.trainings[0].population = Some(Population::Prenatal),
    Status::Met, 30.0, None
)]
#[case::no_age_limit_on_trainings(
    |p: &mut Portfolio| p.trainings[0].date = d("2004-03-02"),
    Status::Met, 30.0, None
)]
#[case::dated_the_day_after_as_of(
    |p: &mut Portfolio| p.trainings[0].date = d("2026-11-25"),
    Status::Unmet, 23.5, Some(("Attachment and Loss", "after 2026-11-24"))
)]
#[case::dated_on_as_of_counts(
    |p: &mut Portfolio| p.trainings[0].date = d(AS_OF),
    Status::Met, 30.0, None
)]
fn ifs_training(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Option<(&str, &str)>,
) {
    ifs_case(tweak, R::Training, status, counted, excluded);
}

/// The RS/C record's provider, as a one-line change.
fn provider(p: &mut Portfolio, held: &str, level: DegreeLevel, receives: bool) {
    let provider = &mut p.rsc[0].provider;
    provider.endorsement = endorsement(held);
    provider.degree = level;
    provider.receives_rsc = receives;
}

/// `n` providers with equal group RS/C over the base's year, `each` hours apiece.
fn equal_providers(p: &mut Portfolio, n: usize, each: f64) {
    p.rsc = (0..n)
        .map(|i| {
            rsc(
                &format!("Provider {i}"),
                "IMHS",
                "2024-09-01",
                "2025-08-31",
                each,
            )
        })
        .collect();
    // Keep the RS/C-provider rating matched to a provider of the record.
    p.references[1].name = "Provider 0".into();
}

#[rstest]
#[case::spans_exactly_12_months(
    |p: &mut Portfolio| { p.rsc[0].start = d("2024-09-01"); p.rsc[0].end = d("2025-08-31"); },
    Status::Met, 24.0, None
)]
#[case::spans_a_day_under_12_months(
    |p: &mut Portfolio| p.rsc[0].end = d("2025-08-30"),
    Status::Unmet, 24.0, None
)]
#[case::spans_11_months(
    |p: &mut Portfolio| p.rsc[0].end = d("2025-07-31"),
    Status::Unmet, 24.0, None
)]
#[case::one_record_spans_exactly_24_months(
    |p: &mut Portfolio| p.rsc[0].start = d("2023-09-01"),
    Status::Met, 24.0, None
)]
#[case::one_record_spans_25_months(
    |p: &mut Portfolio| { p.rsc[0].start = d("2023-09-01"); p.rsc[0].end = d("2025-09-30"); },
    Status::Unmet, 0.0, Some(("rsc[0]", "spans 25 months on its own"))
)]
#[case::two_records_spanning_38_months_best_window_chosen(
    |p: &mut Portfolio| p.rsc = vec![
        rsc("Dr. Lena Ortiz", "IMHS", "2022-01-01", "2022-12-31", 20.0),
        rsc("Dr. Lena Ortiz", "IMHS", "2024-03-01", "2025-02-28", 24.0),
    ],
    // Together they span 38 months; [0] alone holds 20 h, [1] alone meets the rule.
    Status::Met, 24.0, Some(("rsc[0]", "falls outside the 24-month window counted (2024-03-01 to 2025-02-28)"))
)]
#[case::records_over_36_months_best_window_chosen(
    |p: &mut Portfolio| p.rsc = vec![
        rsc("Dr. Lena Ortiz", "IMHS", "2022-06-01", "2023-05-31", 12.0),
        rsc("Dr. Lena Ortiz", "IMHS", "2023-06-01", "2024-05-31", 12.0),
        rsc("Dr. Lena Ortiz", "IMHS", "2024-06-01", "2025-05-31", 20.0),
    ],
    // [0]+[1] fits 24 months with 24 h; [1]+[2] fits with 32 h and is chosen.
    Status::Met, 32.0, Some(("rsc[0]", "falls outside the 24-month window counted (2023-06-01 to 2025-05-31)"))
)]
#[case::peer_supervision(
    |p: &mut Portfolio| p.rsc[0].format = RscFormat::Peer,
    Status::Unmet, 0.0, Some(("rsc[0]", "peer supervision does not count"))
)]
#[case::individual_counts_like_group(
    |p: &mut Portfolio| p.rsc[0].format = RscFormat::Individual,
    Status::Met, 24.0, None
)]
#[case::provider_not_endorsed(
    |p: &mut Portfolio| provider(p, "none", DegreeLevel::Masters, true),
    Status::Unmet, 0.0, Some(("Dr. Lena Ortiz", "provider is not endorsed"))
)]
#[case::provider_only_ifa(
    |p: &mut Portfolio| provider(p, "IFA", DegreeLevel::Masters, true),
    Status::Unmet, 0.0, Some(("Dr. Lena Ortiz", "provider holds IFA"))
)]
#[case::provider_meets_criteria_without_endorsement(
    |p: &mut Portfolio| { provider(p, "none", DegreeLevel::Masters, true); p.rsc[0].provider.meets_criteria = true; p.rsc[0].provider.imh_specialist = true; },
    Status::Met, 24.0, None
)]
#[case::vetted_reflective_supervisor(
    |p: &mut Portfolio| provider(p, "IFRS", DegreeLevel::Masters, true),
    Status::Met, 24.0, None
)]
#[case::bachelors_exception_applies(
    |p: &mut Portfolio| provider(p, "IFS", DegreeLevel::Masters, true),
    Status::Met, 24.0, None
)]
#[case::bachelors_exception_not_for_a_masters_applicant(
    |p: &mut Portfolio| {
        provider(p, "IFS", DegreeLevel::Masters, true);
        p.education.push(degree(DegreeLevel::Masters, "MEd", "Early Childhood Education", "2023-05-20"));
    },
    Status::Unmet, 0.0, Some(("Dr. Lena Ortiz", "counts only for a bachelor's-prepared applicant"))
)]
#[case::bachelors_exception_needs_a_masters_provider(
    |p: &mut Portfolio| provider(p, "IFS", DegreeLevel::Bachelors, true),
    Status::Unmet, 0.0, Some(("Dr. Lena Ortiz", "not a master's degree"))
)]
#[case::bachelors_exception_needs_a_provider_who_receives_rsc(
    |p: &mut Portfolio| provider(p, "IFS", DegreeLevel::Masters, false),
    Status::Unmet, 0.0, Some(("Dr. Lena Ortiz", "does not receive RS/C"))
)]
#[case::five_equal_providers_hold_no_majority(
    // 4.8 h each: the largest two give 9.6 h, not more than half of 24.
    |p: &mut Portfolio| equal_providers(p, 5, 4.8),
    Status::Unmet, 24.0, None
)]
#[case::five_providers_over_the_minimum_still_no_majority(
    // 6 h each, 30 h in all: the largest two give exactly half of 24, which is no majority.
    |p: &mut Portfolio| equal_providers(p, 5, 6.0),
    Status::Unmet, 30.0, None
)]
#[case::three_equal_providers_hold_a_majority(
    |p: &mut Portfolio| equal_providers(p, 3, 8.0),
    Status::Met, 24.0, None
)]
#[case::received_while_not_serving_infants(
    |p: &mut Portfolio| p.rsc[0] = rsc("Dr. Lena Ortiz", "IMHS", "2019-09-01", "2020-08-31", 24.0),
    Status::Unmet, 0.0, Some(("rsc[0]", "no work with infants/young children"))
)]
fn ifs_rsc(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Option<(&str, &str)>,
) {
    ifs_case(tweak, R::Rsc, status, counted, excluded);
}

#[rstest]
#[case::nine_families(
    |p: &mut Portfolio| p.work[0].families_served = 9,
    Status::Unmet, 5.48, None
)]
#[case::ten_families(
    |p: &mut Portfolio| p.work[0].families_served = 10,
    Status::Met, 5.48, None
)]
#[case::classroom_teaching(
    |p: &mut Portfolio| p.work[0].classroom = true,
    Status::Unmet, 0.0, Some(("Early Intervention Partners", "classroom teaching does not count"))
)]
#[case::unpaid(
    |p: &mut Portfolio| p.work[0].paid = false,
    Status::Unmet, 0.0, Some(("Early Intervention Partners", "unpaid"))
)]
#[case::prenatal_only(
    |p: &mut Portfolio| p.work[0].ages = vec![AgeGroup::Prenatal],
    Status::Unmet, 0.0, Some(("Early Intervention Partners", "serves only pregnant women"))
)]
#[case::prenatal_job_counts_beside_infant_work(
    |p: &mut Portfolio| p.work.push(WorkExperience {
        ages: vec![AgeGroup::Prenatal],
        ..job("Healthy Start Prenatal Program", "2019-06-01", Some("2021-05-31"), 6)
    }),
    // 2019-06-01 to 2026-11-24 without a gap: 2734 days.
    Status::Met, 7.49, None
)]
#[case::overlapping_jobs_count_once(
    |p: &mut Portfolio| p.work = vec![
        job("Early Intervention Partners", "2023-01-02", Some("2024-12-31"), 6),
        job("Family Connections", "2024-07-01", Some("2025-06-30"), 5),
    ],
    // 730 + 365 days listed, but the union 2023-01-02..2025-06-30 is 911 days.
    Status::Met, 2.49, None
)]
#[case::only_post_bachelors_work_counts(
    |p: &mut Portfolio| p.education[0].completed = Some(d("2025-06-01")),
    // Clipped to 2025-06-01..2026-11-24: 542 days.
    Status::Unmet, 1.48, None
)]
#[case::a_job_ended_before_the_degree(
    |p: &mut Portfolio| p.work.push(job("Summer Program", "2018-06-01", Some("2018-08-31"), 4)),
    Status::Met, 5.48, Some(("Summer Program", "ended before the qualifying degree"))
)]
fn ifs_work(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Option<(&str, &str)>,
) {
    ifs_case(tweak, R::Work, status, counted, excluded);
}

#[test]
fn work_years_are_days_over_365_floored_to_two_decimals() {
    assert_eq!(days("2023-01-02", "2025-06-30"), 911);
    assert_eq!(years(911), 2.49);
    assert_eq!(days("2025-06-01", AS_OF), 542);
    assert_eq!(years(542), 1.48);
    assert_eq!(days("2019-06-01", AS_OF), 2734);
    assert_eq!(years(2734), 7.49);
    // Summing the jobs would give 3 years.
    assert_eq!(years(730 + 365), 3.0);
}

/// 1679 days is exactly 4.6 years (365 × 4.6 = 1679); computed as 1679.0 / 365.0 * 100.0 in
/// floating point it is 459.99999999999994, which would floor to 4.59.
#[test]
fn work_years_on_an_exact_hundredth() {
    let mut p = base();
    p.work[0].end = Some(d("2026-01-04"));
    assert_eq!(days("2021-06-01", "2026-01-04"), 1679);
    let r = ifs(&p);
    assert_req(&r, R::Work, Status::Met, 4.6);
}

#[rstest]
#[case::six_not_enough_information(
    |p: &mut Portfolio| p.references[0].not_enough_info = 6,
    Status::Unmet, 2.0, Some(("Janet Park", "6 \"not enough information\" answers"))
)]
#[case::five_not_enough_information(
    |p: &mut Portfolio| p.references[0].not_enough_info = 5,
    Status::Met, 3.0, None
)]
#[case::completed_13_months_before(
    |p: &mut Portfolio| p.references[0].completed_on = Some(d("2025-10-24")),
    Status::Unmet, 2.0, Some(("Janet Park", "valid for 12 months"))
)]
#[case::completed_exactly_12_months_before(
    |p: &mut Portfolio| p.references[0].completed_on = Some(d("2025-11-24")),
    Status::Met, 3.0, None
)]
#[case::completed_11_months_before(
    |p: &mut Portfolio| p.references[0].completed_on = Some(d("2025-12-24")),
    Status::Met, 3.0, None
)]
#[case::requested_not_completed(
    |p: &mut Portfolio| { p.references[0].status = ReferenceStatus::Requested; p.references[0].completed_on = None; },
    Status::Unmet, 2.0, Some(("Janet Park", "requested"))
)]
#[case::declined(
    |p: &mut Portfolio| p.references[0].status = ReferenceStatus::Declined,
    Status::Unmet, 2.0, Some(("Janet Park", "declined"))
)]
#[case::two_program_supervisors_and_no_rsc_provider(
    |p: &mut Portfolio| p.references[1].role = ReferenceRole::ProgramSupervisor,
    Status::Unmet, 2.0, Some(("references[", "no remaining role fits"))
)]
#[case::a_teacher_fills_the_supervisor_role(
    |p: &mut Portfolio| p.references[0].role = ReferenceRole::Teacher,
    Status::Met, 3.0, None
)]
#[case::a_parent_fits_no_ifs_role(
    |p: &mut Portfolio| p.references[2].role = ReferenceRole::Parent,
    Status::Unmet, 2.0, Some(("Sam Okafor", "no remaining role fits"))
)]
#[case::a_rating_the_applicant_marked_completed_does_not_count(
    |p: &mut Portfolio| p.references[1].source = Some(Source::Applicant),
    Status::Unmet, 2.0, Some(("Dr. Lena Ortiz", "marked completed by the applicant"))
)]
#[case::a_rating_from_its_rater_counts(
    |p: &mut Portfolio| p.references[1].source = Some(Source::Rater),
    Status::Met, 3.0, None
)]
#[case::a_paper_rating_recorded_by_staff_counts(
    |p: &mut Portfolio| p.references[1].source = Some(Source::Staff),
    Status::Met, 3.0, None
)]
#[case::the_same_rater_twice_is_one_rater(
    |p: &mut Portfolio| p.references[2].email = Some(" DrLenaOrtiz@Example.org ".into()),
    Status::Unmet, 2.0, Some(("Sam Okafor", "the same rater as the rating from Dr. Lena Ortiz (the same email)"))
)]
#[case::another_rater_with_a_different_email_counts(
    |p: &mut Portfolio| p.references[2].email = Some("lena.ortiz@example.org".into()),
    Status::Met, 3.0, None
)]
fn ifs_references(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Option<(&str, &str)>,
) {
    ifs_case(tweak, R::References, status, counted, excluded);
}

// A supervisee rates only an applicant who supervises (seed 001: "supervisee (if candidate is
// a supervisor)"). The profile names the roles under this condition (`only_if_supervising`);
// the work record says whether the applicant supervises others.

/// The words the applicant reads when a supervisee's rating cannot count.
const NOT_SUPERVISING: &str =
    "a supervisee counts only when you supervise others; no work entry says you do";

/// A job in which the applicant supervises staff, from `start`.
fn supervising_job(start: &str) -> WorkExperience {
    WorkExperience {
        role: "Program coordinator".into(),
        supervises_others: true,
        ..job("Family Partners", start, None, 0)
    }
}

#[rstest]
#[case::a_colleague_needs_no_supervision(|_: &mut Portfolio| {}, Status::Met, 3.0, None)]
#[case::a_supervisee_when_no_job_says_you_supervise(
    |p: &mut Portfolio| p.references[2].role = ReferenceRole::Supervisee,
    Status::Unmet, 2.0, Some(("references[2] Sam Okafor (supervisee)", NOT_SUPERVISING))
)]
#[case::a_supervisee_when_your_job_says_you_supervise(
    |p: &mut Portfolio| { p.references[2].role = ReferenceRole::Supervisee; p.work[0].supervises_others = true; },
    Status::Met, 3.0, None
)]
#[case::a_supervisee_when_an_earlier_job_says_you_supervised(
    |p: &mut Portfolio| {
        p.references[2].role = ReferenceRole::Supervisee;
        p.work.push(WorkExperience { end: Some(d("2021-05-31")), ..supervising_job("2019-06-01") });
    },
    Status::Met, 3.0, None
)]
#[case::supervising_from_the_as_of_date(
    |p: &mut Portfolio| { p.references[2].role = ReferenceRole::Supervisee; p.work.push(supervising_job(AS_OF)); },
    Status::Met, 3.0, None
)]
#[case::supervising_from_the_day_after_the_as_of_date(
    |p: &mut Portfolio| { p.references[2].role = ReferenceRole::Supervisee; p.work.push(supervising_job("2026-11-25")); },
    Status::Unmet, 2.0, Some((
        "Sam Okafor (supervisee)",
        "a supervisee counts only when you supervise others; the work entry that says you do begins after 2026-11-24",
    ))
)]
#[case::two_supervising_jobs_from_the_day_after(
    |p: &mut Portfolio| {
        p.references[2].role = ReferenceRole::Supervisee;
        p.work.push(supervising_job("2026-11-25"));
        p.work.push(supervising_job("2027-01-04"));
    },
    Status::Unmet, 2.0, Some((
        "Sam Okafor (supervisee)",
        "a supervisee counts only when you supervise others; the work entries that say you do begin after 2026-11-24",
    ))
)]
#[case::supervising_does_not_make_a_parent_fit(
    |p: &mut Portfolio| { p.references[2].role = ReferenceRole::Parent; p.work[0].supervises_others = true; },
    Status::Unmet, 2.0, Some(("Sam Okafor (parent)", "no remaining role fits"))
)]
fn ifs_supervisee_ratings(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Option<(&str, &str)>,
) {
    ifs_case(tweak, R::References, status, counted, excluded);
}

/// What the applicant reads while the third rating is missing says who may give it.
#[test]
fn the_missing_third_rating_names_the_supervision_condition() {
    let mut p = base();
    p.references[2].role = ReferenceRole::Supervisee;
    let r = ifs(&p);
    assert_eq!(
        req(&r, R::References).missing,
        [
            "a rating from another supervisor, teacher, trainer, consultant or colleague, or a supervisee if you supervise others"
        ]
    );
    assert_eq!(
        req(&r, R::References).detail,
        "2 of 3 ratings count; each role needs its own rater."
    );
}

/// Every category that rates with the II/III roles (IV uses the III roles; the Reflective
/// Supervisor copies them) carries the condition, under both Category III rule sets.
#[rstest]
#[case::ifs(base as fn() -> Portfolio, "massaimh", "IFS", AS_OF)]
#[case::ifrs(reflective_supervisor as fn() -> Portfolio, "ct-aimh", "IFRS", AS_OF)]
#[case::imhs_with_the_exam(specialist_2024 as fn() -> Portfolio, "massaimh", "IMHS", "2024-06-01")]
#[case::imhs_from_2025(specialist_2025 as fn() -> Portfolio, "massaimh", "IMHS", "2025-06-01")]
#[case::imhm_c(mentor as fn() -> Portfolio, "massaimh", "IMHM-C", "2025-06-01")]
#[case::imhm_p(mentor as fn() -> Portfolio, "nmaimh", "IMHM-P", "2025-06-01")]
#[case::imhm_r(mentor as fn() -> Portfolio, "ak-aimh", "IMHM-R", "2025-06-01")]
fn a_supervisee_counts_only_for_an_applicant_who_supervises(
    #[case] build: fn() -> Portfolio,
    #[case] association: &str,
    #[case] abbr: &str,
    #[case] as_of: &str,
) {
    let mut p = build();
    for job in &mut p.work {
        job.supervises_others = false;
    }
    let third = p
        .references
        .iter()
        .position(|r| matches!(r.role, ReferenceRole::Colleague | ReferenceRole::Supervisee))
        .expect("a third rater");
    p.references[third].role = ReferenceRole::Supervisee;
    let r = report(&p, association, abbr, as_of);
    assert_req(&r, R::References, Status::Unmet, 2.0);
    assert_excluded(&r, R::References, "(supervisee)", NOT_SUPERVISING);

    let last = p.work.len() - 1;
    p.work[last].supervises_others = true;
    let r = report(&p, association, abbr, as_of);
    assert_req(&r, R::References, Status::Met, 3.0);
    assert_not_excluded(&r, R::References);
}

/// Category I lists its own roles (a colleague or a parent may be the third rater); the
/// supervision condition is not among them.
#[test]
fn category_i_takes_a_supervisee_without_the_condition() {
    let mut p = associate();
    p.references[2].role = ReferenceRole::Supervisee;
    let r = report(&p, "massaimh", "IFA", AS_OF);
    assert!(p.work.iter().all(|w| !w.supervises_others));
    assert_req(&r, R::References, Status::Met, 3.0);
}

#[rstest]
#[case::no_endorsement_agreement(
    |p: &mut Portfolio| p.agreements.endorsement_agreement = None,
    R::Agreements, Status::Unmet, 1.0, None
)]
#[case::no_code_of_ethics(
    |p: &mut Portfolio| p.agreements.code_of_ethics = None,
    R::Agreements, Status::Unmet, 1.0, None
)]
#[case::agreement_dated_after_as_of(
    |p: &mut Portfolio| p.agreements.endorsement_agreement = Some(d("2026-12-01")),
    R::Agreements, Status::Unmet, 1.0, Some(("Endorsement Agreement", "after 2026-11-24"))
)]
#[case::membership_expired_the_day_before(
    |p: &mut Portfolio| p.membership = member("massaimh", "2026-11-23"),
    R::Membership, Status::Unmet, 0.0, Some(("membership massaimh", "expired on 2026-11-23"))
)]
#[case::membership_valid_through_as_of(
    |p: &mut Portfolio| p.membership = member("massaimh", AS_OF),
    R::Membership, Status::Met, 1.0, None
)]
#[case::no_membership(
    |p: &mut Portfolio| p.membership = None,
    R::Membership, Status::Unmet, 0.0, None
)]
#[case::membership_typed_by_the_applicant_does_not_count(
    |p: &mut Portfolio| p.membership = member("massaimh", "2027-06-30").map(|m| Membership { source: Some(Source::Applicant), ..m }),
    R::Membership, Status::Unmet, 0.0, Some(("membership massaimh", "typed by the applicant"))
)]
#[case::membership_from_the_association_record_counts(
    |p: &mut Portfolio| p.membership = member("massaimh", "2027-06-30").map(|m| Membership { source: Some(Source::Association), ..m }),
    R::Membership, Status::Met, 1.0, None
)]
#[case::massaimh_needs_its_own_membership(
    |p: &mut Portfolio| p.membership = member("nmaimh", "2027-06-30"),
    R::Membership, Status::Unmet, 0.0, Some(("membership nmaimh", "requires membership in MassAIMH"))
)]
#[case::associates_is_below_a_bachelors(
    |p: &mut Portfolio| p.education.insert(0, degree(DegreeLevel::Associate, "AA", "Human Services", "2017-05-15")),
    R::Education, Status::Met, 1.0, Some(("AA Human Services", "below the minimum"))
)]
#[case::a_doctorate_counts_as_at_least_a_bachelors(
    |p: &mut Portfolio| p.education[0].level = DegreeLevel::Doctorate,
    R::Education, Status::Met, 1.0, None
)]
fn ifs_agreements_membership_education(
    #[case] tweak: Tweak,
    #[case] id: RequirementId,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Option<(&str, &str)>,
) {
    ifs_case(tweak, id, status, counted, excluded);
}

/// The majority rule only bites with four or more providers: with three, the largest two hold
/// at least two thirds of the total, which is more than half of the minimum once the total
/// meets it.
#[test]
fn three_providers_cannot_lack_a_majority_once_the_minimum_is_met() {
    for (a, b, c) in [
        (8.0, 8.0, 8.0),
        (12.0, 6.0, 6.0),
        (0.25, 0.25, 23.5),
        (9.0, 8.0, 7.0),
    ] {
        let mut p = base();
        p.rsc = vec![
            rsc("A", "IMHS", "2024-09-01", "2025-08-31", a),
            rsc("B", "IMHS", "2024-09-01", "2025-08-31", b),
            rsc("C", "IMHM-C", "2024-09-01", "2025-08-31", c),
        ];
        let r = ifs(&p);
        assert_req(&r, R::Rsc, Status::Met, a + b + c);
        assert!(!req(&r, R::Rsc).detail.contains("majority"), "{a} {b} {c}");
    }
}

// ---------------------------------------------------------------------------------------------
// Other categories and associations

/// 30 h in three trainings dated in `year`.
fn thirty_hours(year: i32) -> Vec<Training> {
    [
        (
            "Attachment Across the First Three Years",
            2,
            "attachment-separation-trauma-grief-loss",
        ),
        ("Observation and Listening", 3, "observation-listening"),
        (
            "Family Relationships and Dynamics",
            4,
            "family-relationships-dynamics",
        ),
    ]
    .into_iter()
    .map(|(title, month, area)| training(title, &format!("{year}-{month:02}-10"), 10.0, &[area]))
    .collect()
}

/// A clinician ready for IMHM-C at MassAIMH on 2025-06-01: 48 h of training (15 about
/// providing RS/C, 3 DEI), six years of infant-parent work then nine supervising, and 50 h of
/// RS/C from a IV-Clinical mentor, 25 of them about the RS/C she provides.
fn mentor() -> Portfolio {
    let mut trainings = thirty_hours(2023);
    trainings.push(tagged(
        training(
            "Providing Reflective Supervision I",
            "2024-01-20",
            7.5,
            &["reflective-supervision"],
        ),
        &[Topic::Rsc],
    ));
    trainings.push(tagged(
        training(
            "Providing Reflective Supervision II",
            "2024-04-20",
            7.5,
            &["reflective-supervision"],
        ),
        &[Topic::Rsc],
    ));
    trainings.push(tagged(
        training(
            "Equity in Infant Mental Health",
            "2024-09-12",
            3.0,
            &["cultural-competence"],
        ),
        &[Topic::Dei],
    ));
    let clinician = WorkExperience {
        role: "Infant mental health therapist".into(),
        services: vec!["parent-infant-psychotherapy".into()],
        ..job("Family Center", "2010-09-01", Some("2016-08-31"), 40)
    };
    let supervisor = WorkExperience {
        role: "Clinical supervisor".into(),
        provides_rsc: true,
        leadership: true,
        ..job("Family Center", "2016-09-01", None, 20)
    };
    let mut received = rsc("Dr. Ruth Klein", "IMHM-C", "2023-06-01", "2024-05-31", 50.0);
    received.format = RscFormat::Individual;
    received.about_own_rsc = h(25.0);
    Portfolio {
        person: person("Elena Brooks"),
        education: vec![degree(
            DegreeLevel::Masters,
            "MSW",
            "Social Work",
            "2010-05-20",
        )],
        trainings,
        work: vec![clinician, supervisor],
        rsc: vec![received],
        references: vec![
            rating(
                ReferenceRole::ProgramSupervisor,
                "Alan Brooks",
                "2025-03-01",
            ),
            Reference {
                endorsement: endorsement("IMHM-C"),
                ..rating(ReferenceRole::RscProvider, "Dr. Ruth Klein", "2025-03-10")
            },
            rating(ReferenceRole::Colleague, "Priya Natarajan", "2025-03-15"),
        ],
        agreements: signed("2025-03-01"),
        membership: member("massaimh", "2026-01-31"),
        endorsements: Vec::new(),
    }
}

#[test]
fn the_mentor_is_ready_for_imhm_c_with_the_exam_to_come() {
    let p = mentor();
    let r = report(&p, "massaimh", "IMHM-C", "2025-06-01");
    assert!(r.ready, "unmet: {:#?}", r.unmet().collect::<Vec<_>>());
    assert_req(&r, R::Training, Status::Met, 48.0);
    assert_req(&r, R::Rsc, Status::Met, 50.0);
    assert_req(&r, R::Exam, Status::Pending, 0.0);
}

#[rstest]
#[case::twenty_five_hours_about_own_rsc(|_: &mut Portfolio| {}, Status::Met, 50.0, None)]
#[case::only_twenty_about_own_rsc(
    |p: &mut Portfolio| p.rsc[0].about_own_rsc = h(20.0),
    Status::Unmet, 50.0, None
)]
#[case::an_imhs_provider_does_not_count(
    |p: &mut Portfolio| p.rsc[0].provider.endorsement = endorsement("IMHS"),
    Status::Unmet, 0.0, Some(("Dr. Ruth Klein", "provider holds IMHS"))
)]
#[case::the_imhs_part_is_left_out(
    |p: &mut Portfolio| {
        p.rsc[0].hours = h(30.0);
        p.rsc.push(rsc("Dr. Ana Ruiz", "IMHS", "2023-06-01", "2024-05-31", 20.0));
    },
    Status::Unmet, 30.0, Some(("Dr. Ana Ruiz", "provider holds IMHS"))
)]
#[case::meets_criteria_is_not_accepted_for_iv_clinical(
    |p: &mut Portfolio| { p.rsc[0].provider.endorsement = Endorsement::None; p.rsc[0].provider.meets_criteria = true; },
    Status::Unmet, 0.0, Some(("Dr. Ruth Klein", "not endorsed"))
)]
fn imhm_c_rsc(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Option<(&str, &str)>,
) {
    let mut p = mentor();
    tweak(&mut p);
    let r = report(&p, "massaimh", "IMHM-C", "2025-06-01");
    assert_req(&r, R::Rsc, status, counted);
    match excluded {
        Some((item, reason)) => assert_excluded(&r, R::Rsc, item, reason),
        None => assert_not_excluded(&r, R::Rsc),
    }
}

/// A new MSW ready for IMHS at MassAIMH on 2024-06-01 (the exam rules): one year of
/// supervised graduate internship and one year of post-graduate work.
fn specialist_2024() -> Portfolio {
    let internship = WorkExperience {
        role: "Graduate intern".into(),
        paid: false,
        internship: true,
        services: vec!["parent-infant-psychotherapy".into()],
        ..job(
            "University Infant Clinic",
            "2021-09-01",
            Some("2022-08-31"),
            6,
        )
    };
    let clinician = WorkExperience {
        role: "Infant mental health therapist".into(),
        services: vec!["parent-infant-psychotherapy".into()],
        ..job("Harbor Family Services", "2023-06-01", None, 12)
    };
    let mut received = rsc("Dr. Lena Ortiz", "IMHS", "2022-06-01", "2023-05-31", 50.0);
    received.format = RscFormat::Individual;
    Portfolio {
        person: person("Noor Haddad"),
        education: vec![degree(
            DegreeLevel::Masters,
            "MSW",
            "Social Work",
            "2022-05-15",
        )],
        trainings: thirty_hours(2023),
        work: vec![internship, clinician],
        rsc: vec![received],
        references: vec![
            rating(ReferenceRole::ProgramSupervisor, "Grace Lin", "2024-04-01"),
            rating(ReferenceRole::RscProvider, "Dr. Lena Ortiz", "2024-04-10"),
            rating(ReferenceRole::Colleague, "Tom Reyes", "2024-04-20"),
        ],
        agreements: signed("2024-03-01"),
        membership: member("massaimh", "2025-01-31"),
        endorsements: Vec::new(),
    }
}

#[rstest]
#[case::internship_year_and_post_graduate_year(
    |_: &mut Portfolio| {},
    // 365 internship days + 367 days of work (2023-06-01..2024-06-01, over a leap day).
    Status::Met, 2.0
)]
#[case::two_internship_years_alone(
    |p: &mut Portfolio| { p.work.remove(1); p.work[0].start = d("2020-09-01"); },
    // At most one internship year counts.
    Status::Unmet, 1.0
)]
#[case::post_graduate_year_alone(
    |p: &mut Portfolio| { p.work.remove(0); },
    Status::Unmet, 1.0
)]
#[case::unsupervised_work_does_not_count(
    |p: &mut Portfolio| p.work[1].supervised = false,
    Status::Unmet, 1.0
)]
fn imhs_2024_internship_alternative(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
) {
    let mut p = specialist_2024();
    tweak(&mut p);
    let r = report(&p, "massaimh", "IMHS", "2024-06-01");
    assert_req(&r, R::Work, status, counted);
    assert_req(&r, R::Exam, Status::Pending, 0.0);
    assert_eq!(r.ready, status == Status::Met);
}

#[test]
fn imhs_2024_base_is_ready_and_few_families_advise_category_ii() {
    let p = specialist_2024();
    let r = report(&p, "massaimh", "IMHS", "2024-06-01");
    assert!(r.ready, "unmet: {:#?}", r.unmet().collect::<Vec<_>>());
    assert_eq!(r.profile, "massaimh@2024-01-01");
    // 6 + 12 families: no advice. Internship alone: 6 families, advice to consider II.
    assert!(
        !r.advice.iter().any(|a| a.english.contains("Category II")),
        "{:?}",
        r.advice
    );
    let mut alone = specialist_2024();
    alone.work.remove(1);
    let r = report(&alone, "massaimh", "IMHS", "2024-06-01");
    assert!(
        r.advice
            .iter()
            .any(|a| a.english.contains("fewer than 10 families")
                && a.english.contains("Category II")),
        "{:?}",
        r.advice
    );
}

/// A licensed counsellor ready for IMHS at MassAIMH on 2025-06-01 (the 2025 rules: no exam,
/// parent-infant psychotherapy as a licensed therapist, 33 h of training with 3 DEI).
fn specialist_2025() -> Portfolio {
    let mut trainings = thirty_hours(2024);
    trainings.push(tagged(
        training(
            "Anti-Bias Practice with Families",
            "2024-10-05",
            3.0,
            &["cultural-competence"],
        ),
        &[Topic::Dei],
    ));
    let therapist = WorkExperience {
        role: "Parent-infant psychotherapist".into(),
        services: vec!["parent-infant-psychotherapy".into()],
        as_licensed_therapist: true,
        ..job("Harbor Family Services", "2020-09-01", None, 20)
    };
    let mut received = rsc("Dr. Lena Ortiz", "IMHS", "2023-06-01", "2024-05-31", 50.0);
    received.format = RscFormat::Individual;
    Portfolio {
        person: Person {
            licences: vec!["LMHC".into()],
            ..person("Jordan Ellis")
        },
        education: vec![degree(
            DegreeLevel::Masters,
            "MA",
            "Counseling Psychology",
            "2020-05-15",
        )],
        trainings,
        work: vec![therapist],
        rsc: vec![received],
        references: vec![
            rating(ReferenceRole::ProgramSupervisor, "Grace Lin", "2025-04-01"),
            rating(ReferenceRole::RscProvider, "Dr. Lena Ortiz", "2025-04-10"),
            rating(ReferenceRole::Colleague, "Tom Reyes", "2025-04-20"),
        ],
        agreements: signed("2025-03-01"),
        membership: member("massaimh", "2026-01-31"),
        endorsements: Vec::new(),
    }
}

#[rstest]
#[case::ready_with_no_exam(|_: &mut Portfolio| {}, R::Exam, Status::NotApplicable, 0.0, None)]
#[case::as_a_licensed_therapist(|_: &mut Portfolio| {}, R::Work, Status::Met, years(days("2020-09-01", "2025-06-01")), None)]
#[case::not_as_a_licensed_therapist(
    |p: &mut Portfolio| p.work[0].as_licensed_therapist = false,
    R::Work, Status::Unmet, 0.0, Some(("Harbor Family Services", "licensed or license-eligible therapist"))
)]
#[case::not_parent_infant_psychotherapy(
    |p: &mut Portfolio| p.work[0].services = vec!["home-visiting".into()],
    R::Work, Status::Unmet, 0.0, Some(("Harbor Family Services", "parent-infant-psychotherapy"))
)]
#[case::licence_instead_of_a_masters(
    |p: &mut Portfolio| p.education[0] = degree(DegreeLevel::Bachelors, "BA", "Psychology", "2016-05-15"),
    R::Education, Status::Met, 1.0, Some(("BA Psychology", "below the minimum"))
)]
#[case::neither_masters_nor_licence(
    |p: &mut Portfolio| { p.education[0] = degree(DegreeLevel::Bachelors, "BA", "Psychology", "2016-05-15"); p.person.licences.clear(); },
    R::Education, Status::Unmet, 0.0, Some(("BA Psychology", "below the minimum"))
)]
#[case::thirty_three_hours_with_three_dei(|_: &mut Portfolio| {}, R::Training, Status::Met, 33.0, None)]
#[case::thirty_three_hours_without_dei(
    |p: &mut Portfolio| p.trainings[3].topics.clear(),
    R::Training, Status::Unmet, 33.0, None
)]
fn imhs_2025_rules(
    #[case] tweak: Tweak,
    #[case] id: RequirementId,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Option<(&str, &str)>,
) {
    let mut p = specialist_2025();
    tweak(&mut p);
    let r = report(&p, "massaimh", "IMHS", "2025-06-01");
    assert_eq!(r.profile, "massaimh@2025-01-01");
    assert_req(&r, id, status, counted);
    match excluded {
        Some((item, reason)) => assert_excluded(&r, id, item, reason),
        None => assert_not_excluded(&r, id),
    }
    assert_eq!(r.ready, status != Status::Unmet);
}

#[test]
fn a_licensed_bachelors_counts_work_from_its_start_under_the_2025_rule() {
    let mut p = specialist_2025();
    p.education[0] = degree(DegreeLevel::Bachelors, "BA", "Psychology", "2016-05-15");
    p.work[0].start = d("2014-09-01");
    let r = report(&p, "massaimh", "IMHS", "2025-06-01");
    assert_req(
        &r,
        R::Work,
        Status::Met,
        years(days("2014-09-01", "2025-06-01")),
    );
    assert!(r.ready, "unmet: {:#?}", r.unmet().collect::<Vec<_>>());
}

#[rstest]
#[case::the_last_day_of_the_exam_rules("2024-12-31", "massaimh@2024-01-01", Status::Pending, 30.0)]
#[case::the_first_day_without_the_exam(
    "2025-01-01",
    "massaimh@2025-01-01",
    Status::NotApplicable,
    33.0
)]
fn the_imhs_profile_switches_on_2025_01_01(
    #[case] as_of: &str,
    #[case] profile_id: &str,
    #[case] exam: Status,
    #[case] training_needed: f64,
) {
    let p = specialist_2024();
    let r = report(&p, "massaimh", "IMHS", as_of);
    assert_eq!(r.profile, profile_id);
    assert_req(&r, R::Exam, exam, 0.0);
    assert_eq!(req(&r, R::Training).needed, training_needed);
}

/// A child-care infant-room caregiver with a CDA, ready for IFA at MassAIMH on 2026-11-24.
fn associate() -> Portfolio {
    Portfolio {
        person: person("Kim Tran"),
        education: vec![Education {
            institution: "Council for Professional Recognition".into(),
            ..degree(DegreeLevel::Cda, "CDA", "Infant/Toddler", "2022-04-01")
        }],
        trainings: thirty_hours(2025),
        work: vec![WorkExperience {
            role: "Infant room caregiver".into(),
            classroom: true,
            with_child_and_parent: false,
            services: vec!["child-care".into()],
            ..job("Little Steps Child Care", "2022-01-10", None, 8)
        }],
        rsc: Vec::new(),
        references: vec![
            rating(ReferenceRole::ProgramSupervisor, "Dana White", "2026-10-01"),
            Reference {
                endorsement: endorsement("IFS"),
                ..rating(ReferenceRole::Colleague, "Luis Gomez", "2026-10-03")
            },
            rating(ReferenceRole::Parent, "Rae Morgan", "2026-10-05"),
        ],
        agreements: signed("2026-09-01"),
        membership: member("massaimh", "2027-06-30"),
        endorsements: Vec::new(),
    }
}

#[rstest]
#[case::rater_endorsed_ifs("IFS", Status::Met, 3.0)]
#[case::rater_endorsed_imhm_p("IMHM-P", Status::Met, 3.0)]
#[case::rater_endorsed_only_ifa("IFA", Status::Unmet, 2.0)]
#[case::rater_with_no_endorsement("none", Status::Unmet, 2.0)]
fn ifa_needs_a_rater_meeting_ii_iii_or_iv_criteria(
    #[case] held: &str,
    #[case] status: Status,
    #[case] counted: f64,
) {
    let mut p = associate();
    p.references[1].endorsement = endorsement(held);
    let r = report(&p, "massaimh", "IFA", AS_OF);
    assert_req(&r, R::References, status, counted);
    if status == Status::Unmet {
        assert_excluded(&r, R::References, "references[", "no remaining role fits");
        assert!(
            req(&r, R::References)
                .missing
                .iter()
                .any(|m| m.contains("meets Category II, III or IV criteria")),
            "{:?}",
            req(&r, R::References).missing
        );
    } else {
        assert!(r.ready, "unmet: {:#?}", r.unmet().collect::<Vec<_>>());
    }
}

#[rstest]
#[case::cda("2022-01-10", true, true, Status::Met, 1.0)]
#[case::no_degree_two_years_paid_infant_work("2022-01-10", false, true, Status::Met, 1.0)]
#[case::no_degree_two_years_supervised_volunteering("2022-01-10", false, false, Status::Met, 1.0)]
#[case::no_degree_one_and_a_half_years("2025-06-01", false, true, Status::Unmet, 0.0)]
fn ifa_education_or_two_years_of_work(
    #[case] start: &str,
    #[case] has_cda: bool,
    #[case] paid: bool,
    #[case] status: Status,
    #[case] counted: f64,
) {
    let mut p = associate();
    if !has_cda {
        p.education.clear();
    }
    p.work[0].start = d(start);
    p.work[0].paid = paid;
    let r = report(&p, "massaimh", "IFA", AS_OF);
    assert_req(&r, R::Education, status, counted);
}

#[rstest]
#[case::ct_aimh_from_2024_needs_no_degree("ct-aimh", AS_OF, Status::Met, Status::Met, 5.48)]
#[case::ct_aimh_before_2024_did("ct-aimh", "2023-12-31", Status::Unmet, Status::Unmet, 0.0)]
#[case::massaimh_needs_a_bachelors("massaimh", AS_OF, Status::Unmet, Status::Unmet, 0.0)]
fn ifs_without_a_degree(
    #[case] association: &str,
    #[case] as_of: &str,
    #[case] education: Status,
    #[case] work: Status,
    #[case] work_years: f64,
) {
    let mut p = base();
    p.education.clear();
    p.membership = member(association, "2027-06-30");
    let r = report(&p, association, "IFS", as_of);
    assert_eq!(req(&r, R::Education).status, education);
    assert_req(&r, R::Work, work, work_years);
    if work == Status::Unmet {
        assert_excluded(
            &r,
            R::Work,
            "Early Intervention Partners",
            "counts only after a bachelor's degree",
        );
    } else {
        assert!(r.ready, "unmet: {:#?}", r.unmet().collect::<Vec<_>>());
    }
}

#[rstest]
#[case::nmaimh_accepts_its_own("nmaimh", "nmaimh", Status::Met)]
#[case::nmaimh_accepts_massaimh("nmaimh", "massaimh", Status::Met)]
#[case::nmaimh_accepts_another_imh_association("nmaimh", "wa-aimh", Status::Met)]
#[case::ak_aimh_accepts_massaimh("ak-aimh", "massaimh", Status::Met)]
#[case::massaimh_refuses_nmaimh("massaimh", "nmaimh", Status::Unmet)]
#[case::ct_aimh_refuses_massaimh("ct-aimh", "massaimh", Status::Unmet)]
fn membership_in_another_association(
    #[case] association: &str,
    #[case] member_of: &str,
    #[case] status: Status,
) {
    let mut p = base();
    p.membership = member(member_of, "2027-06-30");
    let r = report(&p, association, "IFS", AS_OF);
    let counted = if status == Status::Met { 1.0 } else { 0.0 };
    assert_req(&r, R::Membership, status, counted);
    assert_eq!(r.ready, status == Status::Met);
}

/// A home-visiting program lead ready for the Reflective Supervisor (IFRS) at CT-AIMH:
/// 48 h of training, 15 h about providing RS/C and 3 h of DEI, each hour counted once.
fn reflective_supervisor() -> Portfolio {
    let mut trainings = thirty_hours(2025);
    trainings.push(tagged(
        training(
            "Foundations of Reflective Supervision",
            "2025-05-15",
            7.5,
            &["reflective-supervision"],
        ),
        &[Topic::Rsc],
    ));
    trainings.push(tagged(
        training(
            "Reflective Supervision in Practice",
            "2025-06-15",
            7.5,
            &["reflective-supervision"],
        ),
        &[Topic::Rsc],
    ));
    trainings.push(tagged(
        training(
            "Equity and Reflective Practice",
            "2025-07-15",
            3.0,
            &["cultural-competence"],
        ),
        &[Topic::Dei],
    ));
    Portfolio {
        person: person("Ana Ruiz"),
        education: vec![degree(
            DegreeLevel::Bachelors,
            "BS",
            "Human Development",
            "2014-05-15",
        )],
        trainings,
        work: vec![WorkExperience {
            role: "Home visiting program lead".into(),
            leadership: true,
            // The third rater is a supervisee, who counts only from an applicant who supervises.
            supervises_others: true,
            ..job("Nurturing Families Network", "2018-01-08", None, 30)
        }],
        rsc: vec![rsc(
            "Dr. Ruth Klein",
            "IMHM-C",
            "2024-09-01",
            "2025-08-31",
            24.0,
        )],
        references: vec![
            rating(ReferenceRole::ProgramSupervisor, "Janet Park", "2026-09-15"),
            rating(ReferenceRole::RscProvider, "Dr. Ruth Klein", "2026-10-01"),
            rating(ReferenceRole::Supervisee, "Sam Okafor", "2026-10-05"),
        ],
        agreements: signed("2026-09-01"),
        membership: member("ct-aimh", "2027-06-30"),
        endorsements: Vec::new(),
    }
}

#[rstest]
#[case::forty_eight_hours_with_both_topics(|_: &mut Portfolio| {}, Status::Met, 48.0)]
#[case::a_quarter_hour_short(|p: &mut Portfolio| p.trainings[0].hours = h(9.75), Status::Unmet, 47.75)]
#[case::rsc_topic_short(
    |p: &mut Portfolio| { p.trainings[3].hours = h(7.25); p.trainings[0].hours = h(10.25); },
    Status::Unmet, 48.0
)]
#[case::no_dei(|p: &mut Portfolio| p.trainings[5].topics.clear(), Status::Unmet, 48.0)]
#[case::one_training_cannot_serve_both_minimums(
    // RS/C-tagged 7.5 + 4.5 + 3 = 15 and DEI-tagged 3, but the 3 DEI hours are among the 15.
    |p: &mut Portfolio| {
        p.trainings[4].hours = h(4.5);
        p.trainings[5].topics = vec![Topic::Rsc, Topic::Dei];
        p.trainings.push(training("Developmental Guidance", "2025-08-15", 3.0, &["developmental-guidance"]));
    },
    Status::Unmet, 48.0
)]
#[case::separate_hours_serve_both_minimums(
    |p: &mut Portfolio| {
        p.trainings[5].topics = vec![Topic::Rsc, Topic::Dei];
        p.trainings.push(tagged(training("Culture in Home Visiting", "2025-08-15", 3.0, &["cultural-competence"]), &[Topic::Dei]));
    },
    Status::Met, 51.0
)]
fn ifrs_training_topics(#[case] tweak: Tweak, #[case] status: Status, #[case] counted: f64) {
    let mut p = reflective_supervisor();
    tweak(&mut p);
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    assert_req(&r, R::Training, status, counted);
    assert_eq!(req(&r, R::Training).needed, 48.0);
    assert_eq!(
        r.ready,
        status == Status::Met,
        "{:#?}",
        r.unmet().collect::<Vec<_>>()
    );
}

#[test]
fn a_training_tagged_both_topics_is_named_as_the_cause() {
    let mut p = reflective_supervisor();
    p.trainings[4].hours = h(4.5);
    p.trainings[5].topics = vec![Topic::Rsc, Topic::Dei];
    p.trainings.push(training(
        "Developmental Guidance",
        "2025-08-15",
        3.0,
        &["developmental-guidance"],
    ));
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    let training = req(&r, R::Training);
    assert!(
        training
            .detail
            .contains("count toward one of the two, not both"),
        "{}",
        training.detail
    );
    assert!(
        training
            .missing
            .iter()
            .any(|m| m.contains("(an hour tagged both counts toward one of the two)")),
        "{:?}",
        training.missing
    );
}

// ---------------------------------------------------------------------------------------------
// Renewal

/// Maya a year on: endorsed IFS at `association` on 2024-06-15, with 15 h of training in
/// 2026, 12 h of RS/C ending in 2026, the Code of Ethics re-signed and membership into 2027.
fn endorsee(association: &str) -> Portfolio {
    let mut p = base();
    p.endorsements = vec![HeldEndorsement {
        category: category("IFS"),
        association: association.into(),
        endorsed_on: d("2024-06-15"),
    }];
    p.trainings = vec![
        training(
            "Attachment Refresher",
            "2026-02-10",
            6.5,
            &["attachment-separation-trauma-grief-loss"],
        ),
        training(
            "Supporting Fathers",
            "2026-05-12",
            4.5,
            &["family-relationships-dynamics"],
        ),
        training(
            "Developmental Screening",
            "2026-09-22",
            4.0,
            &["screening-assessment"],
        ),
    ];
    p.rsc = vec![rsc(
        "Dr. Lena Ortiz",
        "IMHS",
        "2026-01-10",
        "2026-11-10",
        12.0,
    )];
    p.agreements.code_of_ethics = Some(d("2026-02-01"));
    p.membership = member(association, "2027-06-30");
    p
}

fn renew(p: &Portfolio, association: &str, year: i32, as_of: &str) -> RenewalReport {
    let as_of = d(as_of);
    renewal(p, profile(association, as_of), year, as_of).expect("an endorsement to renew")
}

fn renewal_item<'r>(r: &'r RenewalReport, id: &str) -> Option<&'r RenewalItem> {
    r.requirements.iter().find(|i| i.id == id)
}

#[track_caller]
fn assert_item(r: &RenewalReport, id: &str, required: bool, status: Status, counted: f64) {
    let item = renewal_item(r, id).unwrap_or_else(|| panic!("no {id} item: {r:#?}"));
    assert_eq!(
        (item.required, item.status, item.counted),
        (required, status, counted),
        "{id}: {}",
        item.detail
    );
}

/// The endorsee's held endorsement changed to `abbr`, providing RS/C to others in 2026 or not.
fn endorsee_at(abbr: &str, provides_rsc: bool) -> Portfolio {
    let mut p = endorsee("massaimh");
    p.endorsements[0].category = category(abbr);
    p.education.push(degree(
        DegreeLevel::Masters,
        "MSW",
        "Social Work",
        "2022-05-15",
    ));
    p.work[0].provides_rsc = provides_rsc;
    p.rsc[0].provider.endorsement = endorsement("IMHM-C");
    p
}

#[test]
fn the_endorsee_is_compliant() {
    let p = endorsee("massaimh");
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert!(r.compliant, "{r:#?}");
    assert_eq!(r.standing, Standing::Compliant);
    assert_eq!(r.deadline, d("2026-12-31"));
    assert_item(&r, "training", true, Status::Met, 15.0);
    assert_item(&r, "rsc", false, Status::Met, 12.0);
    assert_item(&r, "membership", true, Status::Met, 1.0);
    assert_item(&r, "code-of-ethics", true, Status::Met, 1.0);
    assert!(
        renewal_item(&r, "dei").is_none(),
        "MassAIMH asks no DEI hours"
    );
    assert!(
        renewal_item(&r, "rsc-training").is_none(),
        "IFS who provide no RS/C owe no RS/C topic"
    );
}

#[rstest]
#[case::fifteen_hours(4.0, Status::Met, 15.0)]
#[case::fourteen_and_three_quarters(3.75, Status::Unmet, 14.75)]
fn renewal_needs_fifteen_hours(#[case] last: f64, #[case] status: Status, #[case] counted: f64) {
    let mut p = endorsee("massaimh");
    p.trainings[2].hours = h(last);
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_item(&r, "training", true, status, counted);
    assert_eq!(r.compliant, status == Status::Met);
    assert_eq!(
        r.standing,
        if r.compliant {
            Standing::Compliant
        } else {
            Standing::Due
        }
    );
}

#[test]
fn renewal_counts_only_the_years_relationship_based_trainings() {
    let mut p = endorsee("massaimh");
    p.trainings.push(training(
        "Last Year's Workshop",
        "2025-12-31",
        8.0,
        &["speaking"],
    ));
    p.trainings.push(Training {
        population: Some(Population::Adolescent),
        ..training(
            "Teen Parents",
            "2026-03-03",
            8.0,
            &["family-relationships-dynamics"],
        )
    });
    p.trainings[2].hours = h(3.75);
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_item(&r, "training", true, Status::Unmet, 14.75);
    let training = renewal_item(&r, "training").expect("training item");
    assert!(
        training
            .excluded
            .iter()
            .any(|e| e.reason.contains("adolescents")),
        "{:?}",
        training.excluded
    );
}

#[rstest]
#[case::iii_providing_rsc_with_three_hours("IMHS", true, 3.0, Some((true, Status::Met)), true)]
#[case::iii_providing_rsc_short("IMHS", true, 2.75, Some((true, Status::Unmet)), false)]
#[case::iii_not_providing_rsc("IMHS", false, 0.0, None, true)]
#[case::iv_clinical_providing_rsc_recommended("IMHM-C", true, 0.0, Some((false, Status::Unmet)), true)]
#[case::iv_clinical_providing_rsc_with_three_hours("IMHM-C", true, 3.0, Some((false, Status::Met)), true)]
fn renewal_rsc_topic_hours(
    #[case] held: &str,
    #[case] provides_rsc: bool,
    #[case] rsc_topic: f64,
    #[case] expect: Option<(bool, Status)>,
    #[case] compliant: bool,
) {
    let mut p = endorsee_at(held, provides_rsc);
    if rsc_topic > 0.0 {
        p.trainings[2].hours = h(rsc_topic);
        p.trainings[2].topics = vec![Topic::Rsc];
        p.trainings.push(training(
            "Infant Sleep",
            "2026-10-01",
            4.0 - rsc_topic,
            &["developmental-guidance"],
        ));
    }
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_item(&r, "training", true, Status::Met, 15.0);
    match expect {
        Some((required, status)) => assert_item(&r, "rsc-training", required, status, rsc_topic),
        None => assert!(renewal_item(&r, "rsc-training").is_none(), "{r:#?}"),
    }
    assert_eq!(r.compliant, compliant, "{r:#?}");
}

#[rstest]
#[case::mi_aimh_one_dei_hour("mi-aimh", true, Some(Status::Met), true)]
#[case::mi_aimh_no_dei("mi-aimh", false, Some(Status::Unmet), false)]
#[case::massaimh_asks_none("massaimh", false, None, true)]
fn renewal_dei_hour(
    #[case] association: &str,
    #[case] dei: bool,
    #[case] expect: Option<Status>,
    #[case] compliant: bool,
) {
    let mut p = endorsee(association);
    if dei {
        p.trainings[2].topics = vec![Topic::Dei];
    }
    let r = renew(&p, association, 2026, "2026-12-01");
    match expect {
        Some(status) => assert_item(&r, "dei", true, status, if dei { 4.0 } else { 0.0 }),
        None => assert!(renewal_item(&r, "dei").is_none(), "{r:#?}"),
    }
    assert_eq!(r.compliant, compliant, "{r:#?}");
}

#[test]
fn the_first_year_owes_nothing_and_the_next_year_owes_hours() {
    let mut p = endorsee("massaimh");
    p.endorsements[0].endorsed_on = d("2026-03-01");
    p.trainings.clear();
    p.rsc.clear();
    let first = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_eq!(first.standing, Standing::FirstYear, "{first:#?}");
    assert!(first.compliant);
    assert_item(&first, "training", true, Status::NotApplicable, 0.0);
    assert!(renewal_item(&first, "code-of-ethics").is_none());

    p.agreements.code_of_ethics = Some(d("2027-02-01"));
    p.membership = member("massaimh", "2028-06-30");
    let next = renew(&p, "massaimh", 2027, "2027-12-01");
    assert_item(&next, "training", true, Status::Unmet, 0.0);
    assert_eq!(
        renewal_item(&next, "training").map(|i| i.needed),
        Some(15.0)
    );
    assert!(!next.compliant);
    assert_eq!(next.standing, Standing::Due);
}

#[rstest]
#[case::iv_clinical_twelve_hours("IMHM-C", 12.0, true, Status::Met, true)]
#[case::iv_clinical_short("IMHM-C", 11.75, true, Status::Unmet, false)]
#[case::ifs_recommended_only("IFS", 11.75, false, Status::Unmet, true)]
fn renewal_rsc_received(
    #[case] held: &str,
    #[case] hours: f64,
    #[case] required: bool,
    #[case] status: Status,
    #[case] compliant: bool,
) {
    let mut p = endorsee_at(held, false);
    p.rsc[0].hours = h(hours);
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_item(&r, "rsc", required, status, hours);
    assert_eq!(r.compliant, compliant, "{r:#?}");
}

#[test]
fn renewal_rsc_for_a_rsc_provider_must_come_from_iv_clinical() {
    let mut p = endorsee_at("IMHM-C", true);
    p.rsc[0].provider.endorsement = endorsement("IMHS");
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_item(&r, "rsc", true, Status::Unmet, 0.0);
    let rsc = renewal_item(&r, "rsc").expect("rsc item");
    assert!(
        rsc.excluded
            .iter()
            .any(|e| e.reason.contains("IV-Clinical")),
        "{:?}",
        rsc.excluded
    );
}

#[rstest]
#[case::through_the_december_deadline("massaimh", 2026, "2026-12-01", "2026-12-31", Status::Met)]
#[case::a_day_short_of_december("massaimh", 2026, "2026-12-01", "2026-12-30", Status::Unmet)]
#[case::through_the_old_january_deadline("massaimh", 2024, "2024-12-01", "2025-01-31", Status::Met)]
#[case::short_of_the_old_january_deadline(
    "massaimh",
    2024,
    "2024-12-01",
    "2025-01-30",
    Status::Unmet
)]
fn renewal_membership_runs_through_the_deadline(
    #[case] association: &str,
    #[case] year: i32,
    #[case] as_of: &str,
    #[case] valid_until: &str,
    #[case] status: Status,
) {
    let mut p = endorsee(association);
    p.endorsements[0].endorsed_on = d("2022-06-15");
    for t in &mut p.trainings {
        t.date = t.date.with_year(year).expect("a date in the year");
    }
    p.rsc[0].start = p.rsc[0].start.with_year(year).expect("a date in the year");
    p.rsc[0].end = p.rsc[0].end.with_year(year).expect("a date in the year");
    p.agreements.code_of_ethics = Some(NaiveDate::from_ymd_opt(year, 2, 1).expect("February 1"));
    p.membership = member(association, valid_until);
    let r = renew(&p, association, year, as_of);
    let counted = if status == Status::Met { 1.0 } else { 0.0 };
    assert_item(&r, "membership", true, status, counted);
    assert_eq!(r.compliant, status == Status::Met, "{r:#?}");
}

// DOMAIN.md, "Associations" (lines 25-26): membership "in the association or another infant
// mental health association" satisfies membership at NMAIMH and AK-AIMH; elsewhere only the
// association's own. Renewal applies the same rule as the application check.
#[rstest]
#[case::own_membership_at_massaimh("massaimh", "massaimh", None, Status::Met)]
#[case::another_association_at_massaimh("massaimh", "nmaimh", None, Status::Unmet)]
#[case::another_association_at_ct_aimh("ct-aimh", "nmaimh", None, Status::Unmet)]
#[case::another_association_at_mi_aimh("mi-aimh", "massaimh", None, Status::Unmet)]
#[case::another_association_at_nmaimh("nmaimh", "massaimh", None, Status::Met)]
#[case::another_association_at_ak_aimh("ak-aimh", "ct-aimh", None, Status::Met)]
#[case::own_but_typed_by_the_applicant("nmaimh", "nmaimh", Some(Source::Applicant), Status::Unmet)]
#[case::own_from_the_association_record(
    "massaimh",
    "massaimh",
    Some(Source::Association),
    Status::Met
)]
fn renewal_membership_is_the_associations_rule(
    #[case] association: &str,
    #[case] member_of: &str,
    #[case] source: Option<Source>,
    #[case] status: Status,
) {
    let mut p = endorsee(association);
    p.agreements.code_of_ethics = Some(d("2026-02-01"));
    p.membership = member(member_of, "2027-12-31");
    if let Some(m) = p.membership.as_mut() {
        m.source = source;
    }
    let r = renew(&p, association, 2026, "2026-12-01");
    let counted = if status == Status::Met { 1.0 } else { 0.0 };
    assert_item(&r, "membership", true, status, counted);
    let item = renewal_item(&r, "membership").expect("a membership item");
    if status == Status::Met {
        assert_eq!(
            item.contributing,
            [format!("membership {member_of} until 2027-12-31")]
        );
        assert!(item.excluded.is_empty(), "{:?}", item.excluded);
    } else {
        assert!(item.contributing.is_empty());
        assert_eq!(item.excluded.len(), 1, "{:?}", item.excluded);
        assert_eq!(
            item.excluded[0].item.to_string(),
            format!("membership {member_of} until 2027-12-31")
        );
    }
}

#[rstest]
#[case::signed_on_new_years_day("2026-01-01", Status::Met)]
#[case::signed_late_in_the_year("2026-12-01", Status::Met)]
#[case::signed_the_year_before("2025-12-31", Status::Unmet)]
fn renewal_code_of_ethics_is_re_signed_each_year(#[case] on: &str, #[case] status: Status) {
    let mut p = endorsee("massaimh");
    p.agreements.code_of_ethics = Some(d(on));
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    let counted = if status == Status::Met { 1.0 } else { 0.0 };
    assert_item(&r, "code-of-ethics", true, status, counted);
    assert_eq!(r.compliant, status == Status::Met);
}

#[rstest]
#[case::before_the_deadline("nmaimh", "2026-12-15", Standing::Due)]
#[case::on_the_deadline("nmaimh", "2026-12-31", Standing::Due)]
#[case::after_the_deadline("nmaimh", "2027-01-01", Standing::Overdue)]
#[case::on_the_last_day_before_removal("nmaimh", "2027-03-31", Standing::Overdue)]
#[case::nmaimh_removes_after_march_31("nmaimh", "2027-04-01", Standing::Lapsed)]
#[case::massaimh_has_no_removal_date("massaimh", "2027-06-01", Standing::Overdue)]
fn renewal_standing_over_time(
    #[case] association: &str,
    #[case] as_of: &str,
    #[case] standing: Standing,
) {
    let mut p = endorsee(association);
    p.trainings.truncate(2); // 11 h of 15
    let r = renew(&p, association, 2026, as_of);
    assert!(!r.compliant);
    assert_eq!(r.standing, standing, "{r:#?}");
    if association == "nmaimh" {
        assert_eq!(r.removal_after, Some(d("2027-03-31")));
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

const AREAS: [&str; 6] = [
    "attachment-separation-trauma-grief-loss",
    "cultural-competence",
    "family-relationships-dynamics",
    "developmental-guidance",
    "screening-assessment",
    "reflective-supervision",
];

fn day(offset: u32) -> NaiveDate {
    d("2015-01-01") + chrono::Days::new(u64::from(offset))
}

fn arb_population() -> impl Strategy<Value = Option<Population>> {
    prop::option::of(prop::sample::select(vec![
        Population::Prenatal,
        Population::InfantToddler,
        Population::EarlyChildhood,
        Population::SchoolAge,
        Population::Adolescent,
        Population::Adult,
        Population::Elderly,
    ]))
}

fn arb_topics() -> impl Strategy<Value = Vec<Topic>> {
    prop::sample::subsequence(vec![Topic::Rsc, Topic::Dei], 0..=2)
}

/// Any training, countable or not: dates up to a year past the as-of date, 0–2 areas,
/// sometimes a workshop of one of two conferences held on the same few days.
fn arb_training() -> impl Strategy<Value = Training> {
    (
        "[A-Z][a-z]{2,10}",
        0u32..4700,
        1u32..=40,
        prop::option::of(0usize..2),
        prop::sample::subsequence(AREAS.to_vec(), 0..=2),
        arb_population(),
        arb_topics(),
    )
        .prop_map(
            |(title, offset, quarters, conference, areas, population, topics)| {
                let conference = conference.map(|c| ["Spring Institute", "Fall Forum"][c]);
                // Both conferences fall on the same few days: equal ones tie on hours and date.
                let date = match conference {
                    Some(_) => day(3750 + offset % 3),
                    None => day(offset),
                };
                Training {
                    title,
                    provider: "P".into(),
                    date,
                    end_date: None,
                    hours: Minutes::new(quarters * 15),
                    kind: TrainingKind::Workshop,
                    conference: conference.map(Into::into),
                    competencies: areas
                        .iter()
                        .map(|a| a.parse().expect("known area"))
                        .collect(),
                    population,
                    topics,
                }
            },
        )
}

/// A training that counts on its own: dated by the as-of date, naming an area, not about
/// school-age children, adolescents or the elderly.
fn qualifying_training() -> impl Strategy<Value = Training> {
    (
        arb_training(),
        0usize..AREAS.len(),
        prop::option::of(prop::sample::select(vec![
            Population::Prenatal,
            Population::InfantToddler,
            Population::EarlyChildhood,
            Population::Adult,
        ])),
    )
        .prop_map(|(mut t, area, population)| {
            t.date = t.date.min(d(AS_OF));
            if t.competencies.is_empty() {
                t.competencies
                    .push(AREAS[area].parse().expect("known area"));
            }
            t.population = population;
            t
        })
}

fn arb_rsc() -> impl Strategy<Value = RscRecord> {
    (
        prop::sample::select(vec!["Ortiz", "Klein", "Ruiz", "Park"]),
        prop::sample::select(vec![
            "none", "IFA", "IFS", "IFRS", "IMHS", "IMHM-C", "ECMHS",
        ]),
        prop::sample::select(vec![DegreeLevel::Bachelors, DegreeLevel::Masters]),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![
            RscFormat::Individual,
            RscFormat::Group,
            RscFormat::Peer,
        ]),
        0u32..1700,
        0u32..800,
        1u32..=120,
        0u32..=100,
    )
        .prop_map(
            |(name, held, degree, receives, meets, format, offset, length, quarters, own)| {
                let start = day(2557 + offset); // from 2022-01-01
                RscRecord {
                    provider: RscProvider {
                        name: name.into(),
                        endorsement: endorsement(held),
                        degree,
                        receives_rsc: receives,
                        meets_criteria: meets,
                        imh_specialist: false,
                    },
                    format,
                    start,
                    end: start + chrono::Days::new(u64::from(length)),
                    hours: Minutes::new(quarters * 15),
                    about_own_rsc: Minutes::new(quarters * 15 * own / 100),
                }
            },
        )
}

/// What a report says, with items named by content rather than position.
fn summary(r: &Report<'_>) -> String {
    let mut lines = vec![format!(
        "ready {} advice {:?} areas {:?}",
        r.ready, r.advice, r.competencies
    )];
    for q in &r.requirements {
        let mut contributing: Vec<String> = q
            .contributing
            .iter()
            .map(|i| strip_index(&i.to_string()))
            .collect();
        contributing.sort();
        let mut excluded: Vec<String> = q
            .excluded
            .iter()
            .map(|e| format!("{} / {}", strip_index(&e.item.to_string()), e.reason))
            .collect();
        excluded.sort();
        lines.push(format!(
            "{} {:?} {} {} {} {:?} {contributing:?} {excluded:?}",
            q.id.key(),
            q.status,
            q.counted,
            q.needed,
            q.detail,
            q.missing
        ));
    }
    lines.join("\n")
}

/// `trainings[3] Title (2 h)` -> `Title (2 h)`.
fn strip_index(item: &str) -> String {
    match item.split_once("] ") {
        Some((_, rest)) => rest.to_string(),
        None => item.to_string(),
    }
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z .'-]{0,12}[a-z]"
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    (0u32..6000).prop_map(day)
}

fn arb_endorsement() -> impl Strategy<Value = Endorsement> {
    prop::sample::select(vec![
        "none", "IFA", "ECFS", "IFRS", "IMHS", "IMHM-C", "ECMHM-R",
    ])
    .prop_map(endorsement)
}

/// Any valid portfolio the format can hold.
fn arb_portfolio() -> impl Strategy<Value = Portfolio> {
    let person = (
        text(),
        prop::option::of("[a-z]{1,8}@example\\.org"),
        prop::collection::vec("[A-Z]{2,5}", 0..2),
    )
        .prop_map(|(name, email, licences)| Person {
            name,
            email,
            licences,
        });
    let education = prop::collection::vec(
        (
            prop::sample::select(vec![
                DegreeLevel::None,
                DegreeLevel::Cda,
                DegreeLevel::Associate,
                DegreeLevel::Bachelors,
                DegreeLevel::Masters,
                DegreeLevel::Doctorate,
            ]),
            text(),
            prop::option::of(arb_date()),
            any::<bool>(),
        )
            .prop_map(|(level, name, completed, certificate)| Education {
                level,
                degree: name.clone(),
                field: name.to_uppercase(),
                institution: name,
                completed,
                imh_certificate: certificate,
                competencies: Vec::new(),
                courses: Vec::new(),
            }),
        0..3,
    );
    let trainings = prop::collection::vec(
        (
            arb_training(),
            prop::sample::select(vec![
                TrainingKind::Workshop,
                TrainingKind::Course,
                TrainingKind::Conference,
                TrainingKind::Webinar,
                TrainingKind::InService,
                TrainingKind::CollegeCourse,
            ]),
            prop::option::of(0u64..30),
            1u32..=1440,
        )
            .prop_map(|(mut t, kind, days, minutes)| {
                t.kind = kind;
                t.end_date = days.map(|n| t.date + chrono::Days::new(n));
                t.hours = Minutes::new(minutes);
                t
            }),
        0..6,
    );
    let work = prop::collection::vec(
        (
            text(),
            arb_date(),
            prop::option::of(0u64..3000),
            prop::collection::vec(any::<bool>(), 9),
            0u32..60,
            prop::sample::subsequence(
                vec![
                    AgeGroup::Prenatal,
                    AgeGroup::Birth36m,
                    AgeGroup::ThreeToSixYears,
                ],
                0..=3,
            ),
            prop::collection::vec("[a-z]{3,8}(-[a-z]{3,8})?", 0..3),
            arb_endorsement(),
        )
            .prop_map(
                |(employer, start, length, flags, families, ages, services, supervisor)| {
                    WorkExperience {
                        role: employer.to_lowercase(),
                        employer,
                        start,
                        end: length.map(|n| start + chrono::Days::new(n)),
                        paid: flags[0],
                        supervised: flags[1],
                        internship: flags[2],
                        families_served: families,
                        ages,
                        with_child_and_parent: flags[3],
                        classroom: flags[4],
                        services,
                        provides_rsc: flags[5],
                        leadership: flags[6],
                        as_licensed_therapist: flags[7],
                        supervises_others: flags[8],
                        supervisor_endorsement: supervisor,
                        // Part-time on odd family counts, so the round trip covers the hours.
                        hours_per_week: (families % 2 == 1)
                            .then(|| Minutes::new(60 * (families % 40 + 1))),
                    }
                },
            ),
        0..4,
    );
    let references = prop::collection::vec(
        (
            prop::sample::select(ReferenceRole::ALL.to_vec()),
            text(),
            prop::sample::select(vec![
                ReferenceStatus::NotRequested,
                ReferenceStatus::Requested,
                ReferenceStatus::Completed,
                ReferenceStatus::Declined,
            ]),
            0u32..12,
            arb_date(),
            arb_endorsement(),
            prop::option::of(arb_date()),
            prop::option::of(any::<bool>()),
        )
            .prop_map(
                |(role, name, status, nei, done, held, known, waived)| Reference {
                    role,
                    email: Some(format!("{}@example.org", name.len())),
                    name,
                    status,
                    not_enough_info: nei,
                    completed_on: (status == ReferenceStatus::Completed).then_some(done),
                    endorsement: held,
                    known_since: known,
                    waived,
                    source: None,
                },
            ),
        0..4,
    );
    let rest = (
        prop::option::of(arb_date()),
        prop::option::of(arb_date()),
        prop::option::of((
            prop::sample::select(vec!["massaimh", "nmaimh", "wa-aimh"]),
            arb_date(),
        )),
        prop::collection::vec(
            (
                prop::sample::select(vec!["IFS", "IMHS", "ECMHM-C"]),
                arb_date(),
            ),
            0..2,
        ),
    );
    (
        person,
        education,
        trainings,
        work,
        prop::collection::vec(arb_rsc(), 0..4),
        references,
        rest,
    )
        .prop_map(
            |(person, education, trainings, work, rsc, references, rest)| {
                let (ethics, agreement, membership, endorsements) = rest;
                Portfolio {
                    person,
                    education,
                    trainings,
                    work,
                    rsc,
                    references,
                    agreements: Agreements {
                        code_of_ethics: ethics,
                        endorsement_agreement: agreement,
                    },
                    membership: membership.map(|(association, until)| Membership {
                        association: association.into(),
                        valid_until: until,
                        source: None,
                    }),
                    endorsements: endorsements
                        .into_iter()
                        .map(|(abbr, on)| HeldEndorsement {
                            category: category(abbr),
                            association: "massaimh".into(),
                            endorsed_on: on,
                        })
                        .collect(),
                }
            },
        )
}

/// Small text edits: replace, insert or delete a character at a position.
fn mutate(text: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, op, c) in edits {
        if chars.is_empty() {
            chars.push(c);
            continue;
        }
        let i = at % chars.len();
        match op % 3 {
            0 => chars[i] = c,
            1 => chars.insert(i, c),
            _ => {
                chars.remove(i);
            }
        }
    }
    chars.into_iter().collect()
}

/// Replaces a leaf value of the document: every field in turn meets odd values.
fn replace_leaf(value: &mut serde_json::Value, target: &mut usize, with: &serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for v in map.values_mut() {
                replace_leaf(v, target, with);
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                replace_leaf(v, target, with);
            }
        }
        leaf => {
            if *target == 0 {
                *leaf = with.clone();
            }
            *target = target.wrapping_sub(1);
        }
    }
}

fn odd_json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop::sample::select(vec![
        json!(null),
        json!(-1),
        json!(0),
        json!(0.33),
        json!(1e308),
        json!(-0.0),
        json!(u64::MAX),
        json!(""),
        json!("   "),
        json!("9999-12-31"),
        json!("0001-01-01"),
        json!("2024-02-30"),
        json!("IMHM-C"),
        json!("school-age"),
        json!(true),
        json!([]),
        json!({}),
        json!(2000.25),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn adding_a_qualifying_training_never_hurts(
        trainings in prop::collection::vec(arb_training(), 0..8),
        extra in qualifying_training(),
    ) {
        let mut p = base();
        p.trainings = trainings;
        let before = ifs(&p);
        let (met_before, counted_before) = (req(&before, R::Training).status, req(&before, R::Training).counted);
        let mut q = p.clone();
        q.trainings.push(extra);
        let after = ifs(&q);
        let training = req(&after, R::Training);
        prop_assert!(training.counted >= counted_before, "{} -> {}", counted_before, training.counted);
        prop_assert!(met_before != Status::Met || training.status == Status::Met);
    }

    #[test]
    fn adding_rsc_never_lowers_counted_hours_nor_unmeets(
        records in prop::collection::vec(arb_rsc(), 0..6),
        extra in arb_rsc(),
    ) {
        let mut p = base();
        p.rsc = records;
        let before = ifs(&p);
        let (status_before, counted_before) = (req(&before, R::Rsc).status, req(&before, R::Rsc).counted);
        let mut q = p.clone();
        q.rsc.push(extra);
        let after = ifs(&q);
        let rsc = req(&after, R::Rsc);
        prop_assert!(status_before != Status::Met || rsc.status == Status::Met);
        // A window that now meets every condition is preferred to a larger one that did not
        // (see `a_qualifying_window_is_preferred_to_a_larger_one`); otherwise hours only grow.
        if rsc.status == status_before {
            prop_assert!(rsc.counted >= counted_before, "{} -> {}", counted_before, rsc.counted);
        }
    }

    /// Three providers: the largest two always hold at least two thirds of the hours.
    #[test]
    fn three_providers_always_hold_a_majority(a in 1u32..=96, b in 1u32..=96, c in 1u32..=96) {
        prop_assume!((a + b + c) * 15 >= 24 * 60);
        let mut p = base();
        p.rsc = vec![
            RscRecord { hours: Minutes::new(a * 15), ..rsc("A", "IMHS", "2024-09-01", "2025-08-31", 1.0) },
            RscRecord { hours: Minutes::new(b * 15), ..rsc("B", "IMHS", "2024-09-01", "2025-08-31", 1.0) },
            RscRecord { hours: Minutes::new(c * 15), ..rsc("C", "IMHS", "2024-09-01", "2025-08-31", 1.0) },
        ];
        let r = ifs(&p);
        prop_assert_eq!(req(&r, R::Rsc).status, Status::Met, "{}", req(&r, R::Rsc).detail);
    }

    #[test]
    fn reordering_trainings_does_not_change_the_report(
        shuffled in prop::collection::vec(arb_training(), 0..8).prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
    ) {
        let (original, reordered) = shuffled;
        let mut p = base();
        p.trainings = original;
        let mut q = base();
        q.trainings = reordered;
        for (association, abbr) in [("massaimh", "IFS"), ("ct-aimh", "IFRS")] {
            let a = report(&p, association, abbr, AS_OF);
            let b = report(&q, association, abbr, AS_OF);
            prop_assert_eq!(summary(&a), summary(&b));
        }
    }

    #[test]
    fn written_portfolios_parse_back_the_same(p in arb_portfolio()) {
        let json = write_portfolio(&p);
        let back = parse_portfolio(&json);
        prop_assert_eq!(back.as_ref(), Ok(&p), "{}", json);
        let value: serde_json::Value = serde_json::from_str(&json).expect("written JSON is JSON");
        let read = portfolio_from_value(&value);
        prop_assert_eq!(read.as_ref(), Ok(&p), "{}", json);
    }

    #[test]
    fn parse_never_panics_on_arbitrary_text(text in any::<String>(), object in "\\{.{0,80}") {
        let _ = parse_portfolio(&text);
        let _ = parse_portfolio(&object);
    }

    #[test]
    fn parse_and_check_never_panic_on_mutated_documents(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), prop::sample::select(vec!['{', '}', '"', ',', ':', '[', ']', '0', '9', '.', '-', 'e', ' ', 'x'])), 1..6),
        leaf in any::<usize>(),
        odd in odd_json_value(),
    ) {
        let json = write_portfolio(&base());
        let _ = parse_portfolio(&mutate(&json, &edits));

        let mut value: serde_json::Value = serde_json::from_str(&json).expect("written JSON is JSON");
        let mut leaves = 0usize;
        count_leaves(&value, &mut leaves);
        let mut target = leaf % leaves.max(1);
        replace_leaf(&mut value, &mut target, &odd);
        // The service's documents are read as values, files as text: the same portfolio, or
        // problems at the same fields (serde_json's two readers word some type errors
        // differently, and the text's adds a line and column).
        let from_text = parse_portfolio(&value.to_string());
        prop_assert_eq!(fields_of(&portfolio_from_value(&value)), fields_of(&from_text));
        prop_assert_eq!(portfolio_from_value(&value).ok(), from_text.clone().ok());
        if let Ok(p) = from_text {
            // Whatever parses, the engines answer without panicking.
            let as_of = d(AS_OF);
            for abbr in ["IFA", "IFS", "IFRS", "IMHS", "IMHM-C"] {
                let _ = check(&p, profile("ct-aimh", as_of), category(abbr), as_of);
            }
            let _ = renewal(&p, profile("massaimh", as_of), 2026, as_of);
        }
    }
}

/// The fields a parse found problems at; none when it parsed.
fn fields_of(parsed: &Result<Portfolio, lattice_domain::format::PortfolioError>) -> Vec<String> {
    match parsed {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|f| f.path.clone()).collect(),
    }
}

fn count_leaves(value: &serde_json::Value, n: &mut usize) {
    match value {
        serde_json::Value::Object(map) => map.values().for_each(|v| count_leaves(v, n)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| count_leaves(v, n)),
        _ => *n += 1,
    }
}

/// Before: 30 h over 11 months from one provider (the span is too short). After adding 24 h
/// from another provider over a year, the year's window meets every condition and is the
/// one counted, though it holds fewer hours than the first window.
#[test]
fn a_qualifying_window_is_preferred_to_a_larger_one() {
    let mut p = base();
    p.rsc = vec![rsc(
        "Dr. Lena Ortiz",
        "IMHS",
        "2022-01-01",
        "2022-11-30",
        30.0,
    )];
    let before = ifs(&p);
    assert_req(&before, R::Rsc, Status::Unmet, 30.0);
    p.rsc.push(rsc(
        "Dr. Ruth Klein",
        "IMHM-C",
        "2024-09-01",
        "2025-08-31",
        24.0,
    ));
    let after = ifs(&p);
    assert_req(&after, R::Rsc, Status::Met, 24.0);
}

/// The one conference that counts should be the one that serves the applicant: here the
/// smaller conference holds RS/C-topic hours the Reflective Supervisor minimum needs, so
/// listing a larger conference without them must not turn a met requirement unmet.
#[test]
fn a_larger_conference_does_not_displace_needed_topic_hours() {
    let mut p = reflective_supervisor();
    p.trainings[3].conference = Some("Reflective Practice Institute".into());
    let before = report(&p, "ct-aimh", "IFRS", AS_OF);
    assert_req(&before, R::Training, Status::Met, 48.0);
    p.trainings.push(workshop_at(
        "Early Childhood Systems Summit",
        "Systems of Care",
        "2025-10-01",
        8.0,
        &["service-delivery-systems"],
    ));
    let after = report(&p, "ct-aimh", "IFRS", AS_OF);
    assert_req(&after, R::Training, Status::Met, 48.0);
    assert_excluded(&after, R::Training, "Systems of Care", "another conference");
}

/// Two conferences of equal hours that both start on the same day: which one counts should
/// not depend on the order the trainings are listed in.
#[test]
fn equal_conferences_tie_independently_of_order() {
    // Each larger than the base's 12 h conference, so the tie decides which one counts.
    let a = workshop_at(
        "Alpha Conference",
        "Alpha Keynote",
        "2025-05-01",
        13.0,
        &["cultural-competence"],
    );
    let b = workshop_at(
        "Beta Conference",
        "Beta Keynote",
        "2025-05-01",
        13.0,
        &["screening-assessment"],
    );
    let mut p = base();
    p.trainings.extend([a.clone(), b.clone()]);
    let mut q = base();
    q.trainings.extend([b, a]);
    assert_eq!(summary(&ifs(&p)), summary(&ifs(&q)));
}
