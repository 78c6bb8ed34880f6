//! Table tests of the eligibility rules written against a JSON portfolio, each case one change
//! to a portfolio that is otherwise ready for MassAIMH Category II (IFS) on 2026-11-24.

use chrono::NaiveDate;
use lattice_domain::category::Category;
use lattice_domain::engine::check;
use lattice_domain::format::parse_portfolio;
use lattice_domain::portfolio::Portfolio;
use lattice_domain::report::{Report, RequirementId, Status};
use lattice_profiles::Catalog;
use rstest::rstest;
use serde_json::{Value, json};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn training(title: &str, day: &str, hours: f64) -> Value {
    json!({"title": title, "provider": "P", "date": day, "hours": hours, "kind": "workshop",
           "competencies": ["attachment-separation-trauma-grief-loss"], "population": "infant-toddler"})
}

fn rsc(provider: &str, endorsement: &str, start: &str, end: &str, hours: f64) -> Value {
    json!({"provider": {"name": provider, "endorsement": endorsement, "degree": "masters", "receives_rsc": true},
           "format": "group", "start": start, "end": end, "hours": hours})
}

/// Ready for IFS at MassAIMH on 2026-11-24: 30 h of training, 3 years' post-bachelor's work
/// with 12 families, 24 h of RS/C over 12 months from an IMHS, three ratings.
fn base() -> Value {
    json!({
        "format": "lattice-portfolio/1",
        "person": {"name": "Rosa Diaz"},
        "education": [{"level": "bachelors", "degree": "BA", "field": "Psychology", "institution": "U", "completed": "2020-05-15"}],
        "trainings": [
            training("A", "2023-01-10", 10.0),
            training("B", "2023-03-10", 10.0),
            training("C", "2023-06-10", 10.0),
        ],
        "work": [{"employer": "EI", "role": "Home visitor", "start": "2021-01-04", "end": null, "paid": true,
                  "supervised": true, "families_served": 12, "ages": ["birth-36m"], "with_child_and_parent": true}],
        "rsc": [rsc("Ann Lee", "IMHS", "2024-01-01", "2025-01-01", 24.0)],
        "references": [
            {"role": "program-supervisor", "name": "S", "status": "completed", "not_enough_info": 0, "completed_on": "2026-06-01"},
            {"role": "rsc-provider", "name": "Ann Lee", "status": "completed", "not_enough_info": 0, "completed_on": "2026-06-01"},
            {"role": "colleague", "name": "C", "status": "completed", "not_enough_info": 0, "completed_on": "2026-06-01"}
        ],
        "agreements": {"code_of_ethics": "2026-01-01", "endorsement_agreement": "2026-01-01"},
        "membership": {"association": "massaimh", "valid_until": "2027-01-31"}
    })
}

fn portfolio(doc: &Value) -> Portfolio {
    parse_portfolio(&doc.to_string()).expect("valid test portfolio")
}

fn run(
    doc: &Value,
    association: &str,
    category: &str,
    as_of: &str,
) -> (Portfolio, String, NaiveDate) {
    (
        portfolio(doc),
        format!("{association}|{category}"),
        date(as_of),
    )
}

/// Checks and hands the report to `inspect` (reports borrow the portfolio).
fn with_report<T>(
    doc: &Value,
    association: &str,
    category: &str,
    as_of: &str,
    inspect: impl FnOnce(&Report) -> T,
) -> T {
    let (p, _, as_of) = run(doc, association, category, as_of);
    let catalog = Catalog::embedded().expect("profiles");
    let profile = catalog
        .profile(association, as_of)
        .expect("profile in force");
    let category: Category = category.parse().expect("category");
    let report = check(&p, profile, category, as_of).expect("offered");
    inspect(&report)
}

fn status(report: &Report, id: RequirementId) -> (Status, f64) {
    let r = report.requirement(id).expect("requirement present");
    (r.status, r.counted)
}

fn excluded_reasons(report: &Report, id: RequirementId) -> Vec<String> {
    report
        .requirement(id)
        .expect("present")
        .excluded
        .iter()
        .map(|e| format!("{}: {}", e.item, e.reason))
        .collect()
}

#[test]
fn the_base_portfolio_is_ready() {
    with_report(&base(), "massaimh", "IFS", "2026-11-24", |r| {
        assert!(r.ready, "{:#?}", r.unmet().collect::<Vec<_>>());
        assert_eq!(status(r, RequirementId::Training), (Status::Met, 30.0));
        assert_eq!(status(r, RequirementId::Rsc), (Status::Met, 24.0));
        assert_eq!(status(r, RequirementId::References), (Status::Met, 3.0));
        assert_eq!(status(r, RequirementId::Exam).0, Status::NotApplicable);
    });
}

#[rstest]
#[case::exactly_30(10.0, Status::Met, 30.0)]
#[case::quarter_short(9.75, Status::Unmet, 29.75)]
#[case::over(12.5, Status::Met, 32.5)]
fn the_thirty_hour_minimum(#[case] third: f64, #[case] expected: Status, #[case] counted: f64) {
    let mut doc = base();
    doc["trainings"][2]["hours"] = json!(third);
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Training), (expected, counted));
        assert_eq!(r.ready, expected == Status::Met);
    });
}

#[test]
fn only_the_largest_conference_counts() {
    let mut doc = base();
    doc["trainings"][2]["hours"] = json!(4.0);
    let trainings = doc["trainings"].as_array_mut().expect("array");
    for (title, hours, conference) in [
        ("Keynote", 3.0, "Spring Summit"),
        ("Workshop", 4.0, "Spring Summit"),
        ("Plenary", 5.0, "Fall Forum"),
    ] {
        let mut t = training(title, "2024-04-01", hours);
        t["conference"] = json!(conference);
        trainings.push(t);
    }
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        // 24 h of trainings + the 7 h Spring Summit; the 5 h Fall Forum is listed, not counted.
        assert_eq!(status(r, RequirementId::Training), (Status::Met, 31.0));
        let reasons = excluded_reasons(r, RequirementId::Training);
        assert_eq!(reasons.len(), 1, "{reasons:?}");
        assert!(
            reasons[0].contains("Plenary")
                && reasons[0].contains("listed but not counted toward the 30-hour minimum"),
            "{reasons:?}"
        );
    });
}

#[rstest]
#[case::no_competency(json!([]), json!("infant-toddler"), "names no competency area")]
#[case::school_age(json!(["cultural-competence"]), json!("school-age"), "focused on school-age children")]
#[case::adolescent(json!(["cultural-competence"]), json!("adolescent"), "focused on adolescents")]
#[case::elderly(json!(["cultural-competence"]), json!("elderly"), "focused on the elderly")]
fn trainings_that_do_not_count(
    #[case] competencies: Value,
    #[case] population: Value,
    #[case] reason: &str,
) {
    let mut doc = base();
    doc["trainings"][0]["competencies"] = competencies;
    doc["trainings"][0]["population"] = population;
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Training), (Status::Unmet, 20.0));
        let reasons = excluded_reasons(r, RequirementId::Training);
        assert!(
            reasons
                .iter()
                .any(|x| x.starts_with("trainings[0]") && x.contains(reason)),
            "{reasons:?}"
        );
    });
}

#[rstest]
#[case::a_year_of_monthly_sessions("2024-06-01", "2025-05-31", Status::Met)]
#[case::a_day_short_of_a_year("2024-06-01", "2025-05-30", Status::Unmet)]
#[case::eleven_months("2024-01-01", "2024-11-30", Status::Unmet)]
#[case::exactly_24_months("2024-01-01", "2025-12-31", Status::Met)]
#[case::a_day_over_24_months("2024-01-01", "2026-01-01", Status::Unmet)]
fn the_rsc_span(#[case] start: &str, #[case] end: &str, #[case] expected: Status) {
    let mut doc = base();
    doc["rsc"] = json!([rsc("Ann Lee", "IMHS", start, end, 24.0)]);
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(
            status(r, RequirementId::Rsc).0,
            expected,
            "{}",
            r.requirement(RequirementId::Rsc)
                .map(|q| q.detail.clone())
                .unwrap_or_default()
        );
    });
}

#[test]
fn one_record_longer_than_two_years_must_be_split() {
    let mut doc = base();
    doc["rsc"] = json!([rsc("Ann Lee", "IMHS", "2023-01-01", "2025-02-01", 40.0)]);
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Rsc), (Status::Unmet, 0.0));
        let reasons = excluded_reasons(r, RequirementId::Rsc);
        assert!(
            reasons[0].contains("spans 25 months on its own"),
            "{reasons:?}"
        );
    });
}

#[test]
fn the_best_two_year_window_is_chosen() {
    let mut doc = base();
    doc["rsc"] = json!([
        rsc("Ann Lee", "IMHS", "2021-03-01", "2021-09-01", 10.0),
        rsc("Ann Lee", "IMHS", "2023-01-01", "2023-12-01", 14.0),
        rsc("Ann Lee", "IMHS", "2024-01-01", "2024-06-01", 12.0),
    ]);
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Rsc), (Status::Met, 26.0));
        let reasons = excluded_reasons(r, RequirementId::Rsc);
        assert!(
            reasons.len() == 1
                && reasons[0].starts_with("rsc[0]")
                && reasons[0].contains("outside the 24-month window"),
            "{reasons:?}"
        );
    });
}

#[rstest]
#[case::peer("peer", "IMHS", "peer supervision does not count")]
#[case::unendorsed("group", "none", "provider is not endorsed")]
#[case::ifs_for_a_masters_applicant(
    "group",
    "IFS",
    "counts only for a bachelor's-prepared applicant"
)]
fn rsc_that_does_not_count(#[case] format: &str, #[case] endorsement: &str, #[case] reason: &str) {
    let mut doc = base();
    doc["rsc"][0]["format"] = json!(format);
    doc["rsc"][0]["provider"]["endorsement"] = json!(endorsement);
    doc["education"]
        .as_array_mut()
        .expect("array")
        .push(json!({"level": "masters", "degree": "MSW", "completed": "2022-05-01"}));
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Rsc), (Status::Unmet, 0.0));
        let reasons = excluded_reasons(r, RequirementId::Rsc);
        assert!(reasons.iter().any(|x| x.contains(reason)), "{reasons:?}");
    });
}

#[rstest]
#[case::counts(true, "masters", Status::Met)]
#[case::provider_without_rsc(false, "masters", Status::Unmet)]
#[case::provider_without_masters(true, "bachelors", Status::Unmet)]
fn the_bachelors_exception(#[case] receives: bool, #[case] degree: &str, #[case] expected: Status) {
    let mut doc = base();
    doc["rsc"][0]["provider"] = json!({"name": "Ann Lee", "endorsement": "IFS", "degree": degree, "receives_rsc": receives});
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Rsc).0, expected)
    });
}

#[test]
fn five_equal_providers_hold_no_majority_but_three_always_do() {
    let names = ["A", "B", "C", "D", "E"];
    let mut doc = base();
    doc["rsc"] = json!(
        names
            .iter()
            .map(|n| rsc(n, "IMHS", "2024-01-01", "2025-01-01", 5.0))
            .collect::<Vec<_>>()
    );
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        // 25 h in all, but the largest two give 10 h: not more than half of the required 24.
        assert_eq!(status(r, RequirementId::Rsc), (Status::Unmet, 25.0));
        assert!(
            r.requirement(RequirementId::Rsc)
                .expect("rsc")
                .detail
                .contains("majority")
        );
    });
    // With three providers meeting the minimum, the two largest hold at least two thirds.
    doc["rsc"] = json!(
        names[..3]
            .iter()
            .map(|n| rsc(n, "IMHS", "2024-01-01", "2025-01-01", 8.0))
            .collect::<Vec<_>>()
    );
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Rsc), (Status::Met, 24.0))
    });
}

#[rstest]
#[case::nine_families(9, Status::Unmet)]
#[case::ten_families(10, Status::Met)]
fn ten_families(#[case] families: u32, #[case] expected: Status) {
    let mut doc = base();
    doc["work"][0]["families_served"] = json!(families);
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Work).0, expected)
    });
}

#[test]
fn overlapping_jobs_count_once_and_only_after_the_degree() {
    let mut doc = base();
    doc["work"] = json!([
        {"employer": "A", "start": "2019-01-01", "end": "2021-06-30", "paid": true, "families_served": 6, "ages": ["birth-36m"]},
        {"employer": "B", "start": "2021-01-01", "end": "2022-05-14", "paid": true, "families_served": 6, "ages": ["birth-36m"]}
    ]);
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        // From the degree (2020-05-15) to 2022-05-14: 730 days = 2 years; 2019 does not count.
        assert_eq!(status(r, RequirementId::Work), (Status::Met, 2.0));
    });
    doc["work"][1]["end"] = json!("2022-05-13");
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Work), (Status::Unmet, 1.99))
    });
}

#[rstest]
#[case::classroom(json!({"classroom": true}), "classroom teaching does not count")]
#[case::prenatal_only(json!({"ages": ["prenatal"]}), "serves only pregnant women")]
#[case::unpaid(json!({"paid": false}), "unpaid")]
fn work_that_does_not_count_for_ifs(#[case] change: Value, #[case] reason: &str) {
    let mut doc = base();
    for (k, v) in change.as_object().expect("object") {
        doc["work"][0][k] = v.clone();
    }
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Work).0, Status::Unmet);
        assert!(
            excluded_reasons(r, RequirementId::Work)
                .iter()
                .any(|x| x.contains(reason))
        );
    });
}

#[rstest]
#[case::five_not_enough_info(5, "2026-06-01", Status::Met)]
#[case::six_not_enough_info(6, "2026-06-01", Status::Unmet)]
#[case::eleven_months_old(0, "2025-12-24", Status::Met)]
#[case::thirteen_months_old(0, "2025-10-24", Status::Unmet)]
fn rating_validity(
    #[case] not_enough_info: u32,
    #[case] completed: &str,
    #[case] expected: Status,
) {
    let mut doc = base();
    doc["references"][2]["not_enough_info"] = json!(not_enough_info);
    doc["references"][2]["completed_on"] = json!(completed);
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::References).0, expected)
    });
}

#[test]
fn each_role_needs_its_own_rater() {
    let mut doc = base();
    doc["references"][1]["role"] = json!("program-supervisor");
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::References), (Status::Unmet, 2.0));
        assert!(
            r.requirement(RequirementId::References)
                .expect("refs")
                .missing
                .iter()
                .any(|m| m.contains("RS/C provider"))
        );
    });
}

/// `work[].supervises_others` came after the first files: a file without it still reads (as
/// not supervising), and the writer leaves it out unless it is true, so files that never
/// used it are written as before.
#[rstest]
#[case::absent_as_in_older_files(None, false, Status::Unmet)]
#[case::false_when_written_out(Some(false), false, Status::Unmet)]
#[case::true_lets_a_supervisee_rate(Some(true), true, Status::Met)]
fn the_supervision_flag_of_a_job(
    #[case] flag: Option<bool>,
    #[case] read: bool,
    #[case] references: Status,
) {
    let mut doc = base();
    doc["references"][2]["role"] = json!("supervisee");
    if let Some(flag) = flag {
        doc["work"][0]["supervises_others"] = json!(flag);
    }
    let p = portfolio(&doc);
    assert_eq!(p.work[0].supervises_others, read);
    let written: Value = serde_json::from_str(&lattice_domain::format::write_portfolio(&p))
        .expect("the writer writes JSON");
    assert_eq!(
        written["work"][0].get("supervises_others"),
        read.then_some(&json!(true))
    );
    assert_eq!(
        parse_portfolio(&written.to_string()).expect("reads back"),
        p
    );
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::References).0, references);
    });
}

#[test]
fn membership_rules_differ_by_association() {
    let mut doc = base();
    doc["membership"]["association"] = json!("mi-aimh");
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Membership).0, Status::Unmet)
    });
    with_report(&doc, "nmaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Membership).0, Status::Met)
    });
    doc["membership"]["valid_until"] = json!("2026-11-23");
    with_report(&doc, "nmaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Membership).0, Status::Unmet)
    });
}

#[test]
fn ct_aimh_needs_no_degree_for_ifs_from_2024() {
    let mut doc = base();
    doc["education"] = json!([]);
    with_report(&doc, "ct-aimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Education).0, Status::Met);
        // Without a degree the work counts from its start.
        assert_eq!(status(r, RequirementId::Work).0, Status::Met);
    });
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Education).0, Status::Unmet);
        assert_eq!(status(r, RequirementId::Work).0, Status::Unmet);
    });
}

#[test]
fn agreements_need_both_signatures() {
    let mut doc = base();
    doc["agreements"]["endorsement_agreement"] = Value::Null;
    with_report(&doc, "massaimh", "IFS", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Agreements), (Status::Unmet, 1.0));
        assert!(!r.ready);
    });
}

/// A master's-prepared IMH Specialist candidate with a graduate internship.
fn imhs_candidate() -> Value {
    let mut doc = base();
    doc["education"] = json!([{"level": "masters", "degree": "MSW", "completed": "2024-05-15"}]);
    doc["work"] = json!([
        {"employer": "Clinic", "role": "Intern", "start": "2023-05-15", "end": "2024-05-14", "supervised": true, "internship": true,
         "families_served": 5, "ages": ["birth-36m"], "with_child_and_parent": true, "services": ["parent-infant-psychotherapy"],
         "supervisor_endorsement": "IMHM-C"},
        {"employer": "Clinic", "role": "Therapist", "start": "2024-05-15", "end": null, "paid": true, "supervised": true,
         "families_served": 9, "ages": ["birth-36m"], "with_child_and_parent": true, "services": ["parent-infant-psychotherapy"],
         "as_licensed_therapist": true}
    ]);
    doc["rsc"] = json!([rsc("Ann Lee", "IMHM-C", "2024-06-01", "2025-05-31", 50.0)]);
    let mut dei = training("Equity in infant mental health", "2024-09-01", 3.0);
    dei["topics"] = json!(["dei"]);
    doc["trainings"].as_array_mut().expect("array").push(dei);
    doc["references"][1]["name"] = json!("Ann Lee");
    for r in doc["references"].as_array_mut().expect("array") {
        r["completed_on"] = json!("2025-05-01");
    }
    doc["agreements"] =
        json!({"code_of_ethics": "2025-05-01", "endorsement_agreement": "2025-05-01"});
    doc["membership"]["valid_until"] = json!("2026-01-31");
    doc
}

#[test]
fn imhs_before_2025_has_the_exam_and_the_internship_alternative() {
    let doc = imhs_candidate();
    with_report(&doc, "massaimh", "IMHS", "2024-12-31", |r| {
        assert_eq!(r.profile, "massaimh@2024-01-01");
        // Internship 2023-05-15..2024-05-14 (366 days, capped at 365) + post-graduate work
        // 2024-05-15..2024-12-31 (231 days) = 596 days: not yet two years.
        assert_eq!(status(r, RequirementId::Work), (Status::Unmet, 1.63));
        assert_eq!(status(r, RequirementId::Exam).0, Status::Pending);
    });
    // An internship alone never makes the two years: at most one year of it counts.
    let mut interns_only = doc.clone();
    interns_only["work"][0]["end"] = json!("2025-05-14");
    interns_only["work"]
        .as_array_mut()
        .expect("array")
        .truncate(1);
    with_report(&interns_only, "massaimh", "IMHS", "2024-12-31", |r| {
        assert_eq!(status(r, RequirementId::Work), (Status::Unmet, 1.0))
    });
}

#[test]
fn imhs_from_2025_has_no_exam() {
    let doc = imhs_candidate();
    with_report(&doc, "massaimh", "IMHS", "2025-06-01", |r| {
        assert_eq!(r.profile, "massaimh@2025-01-01");
        assert_eq!(status(r, RequirementId::Exam).0, Status::NotApplicable);
        // 365 internship days + 2024-05-15..2025-06-01 (383 days) = 748 days.
        assert_eq!(status(r, RequirementId::Work), (Status::Met, 2.04));
        assert!(
            r.ready,
            "{:#?}",
            r.unmet().map(|u| (&u.id, &u.detail)).collect::<Vec<_>>()
        );
    });
    // Fewer than 10 families: the report suggests Category II, and the work still counts.
    let mut few_families = doc.clone();
    few_families["work"][1]["families_served"] = json!(3);
    with_report(&few_families, "massaimh", "IMHS", "2025-06-01", |r| {
        assert_eq!(status(r, RequirementId::Work).0, Status::Met);
        assert!(
            r.advice
                .iter()
                .any(|a| a.english.contains("Category II may be the better fit")),
            "{:?}",
            r.advice
        );
    });
}

#[test]
fn iv_clinical_needs_25_hours_about_own_rsc_from_a_iv_clinical() {
    let mut doc = imhs_candidate();
    doc["rsc"][0]["about_own_rsc"] = json!(20.0);
    with_report(&doc, "massaimh", "IMHM-C", "2025-06-01", |r| {
        assert_eq!(status(r, RequirementId::Rsc), (Status::Unmet, 50.0));
        assert!(
            r.requirement(RequirementId::Rsc)
                .expect("rsc")
                .missing
                .iter()
                .any(|m| m.ends_with("5 more hours of RS/C from someone endorsed IV-Clinical, of which 5 about the RS/C you provide"))
        );
    });
    doc["rsc"][0]["about_own_rsc"] = json!(25.0);
    with_report(&doc, "massaimh", "IMHM-C", "2025-06-01", |r| {
        assert_eq!(status(r, RequirementId::Rsc), (Status::Met, 50.0))
    });
    doc["rsc"][0]["provider"]["endorsement"] = json!("IMHS");
    with_report(&doc, "massaimh", "IMHM-C", "2025-06-01", |r| {
        assert_eq!(status(r, RequirementId::Rsc), (Status::Unmet, 0.0));
        assert!(
            excluded_reasons(r, RequirementId::Rsc)[0].contains("someone endorsed IV-Clinical")
        );
    });
}

#[test]
fn reflective_supervisor_training_topics_cannot_share_hours() {
    let mut doc = base();
    let trainings = doc["trainings"].as_array_mut().expect("array");
    let mut rs = training("Providing RS/C", "2024-02-01", 15.0);
    rs["topics"] = json!(["rsc"]);
    let mut both = training("Equity in reflective practice", "2024-03-01", 3.0);
    both["topics"] = json!(["rsc", "dei"]);
    trainings.push(rs);
    trainings.push(both);
    with_report(&doc, "ct-aimh", "IFRS", "2026-11-24", |r| {
        // 48 h in all; RS/C topic 18 h and DEI 3 h, but the 3 h tagged both cannot serve both
        // minimums: 15 h RS/C-only + 3 h both = 18 h < 15 + 3 needed separately? No: 18 >= 18.
        assert_eq!(status(r, RequirementId::Training), (Status::Met, 48.0));
    });
    doc["trainings"][3]["hours"] = json!(14.0);
    doc["trainings"][0]["hours"] = json!(11.0);
    with_report(&doc, "ct-aimh", "IFRS", "2026-11-24", |r| {
        // Still 48 h, RS/C 17 h and DEI 3 h, but only 17 distinct topic hours for 18 needed.
        let t = r.requirement(RequirementId::Training).expect("training");
        assert_eq!((t.status, t.counted), (Status::Unmet, 48.0));
        assert!(
            t.missing
                == [
                    "1 more hour of training, of which 1 about providing RS/C or about DEI (an hour tagged both counts toward one of the two)"
                ],
            "{:?}",
            t.missing
        );
    });
}

#[test]
fn category_i_counts_two_years_of_work_instead_of_a_degree_and_a_qualified_rater() {
    let mut doc = base();
    doc["education"] = json!([]);
    doc["rsc"] = json!([]);
    doc["references"][1] = json!({"role": "colleague", "name": "Dr. Q", "status": "completed", "completed_on": "2026-06-01", "endorsement": "IMHS"});
    with_report(&doc, "massaimh", "IFA", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::Education).0, Status::Met);
        assert_eq!(status(r, RequirementId::Rsc).0, Status::NotApplicable);
        assert_eq!(status(r, RequirementId::References), (Status::Met, 3.0));
        assert!(r.ready);
    });
    doc["references"][1]["endorsement"] = json!("IFA");
    with_report(&doc, "massaimh", "IFA", "2026-11-24", |r| {
        assert_eq!(status(r, RequirementId::References).0, Status::Unmet)
    });
}

mod properties {
    //! Properties that hold for any portfolio, checked on generated ones.

    use super::*;
    use proptest::prelude::*;

    const AS_OF: &str = "2026-11-24";

    fn a_training() -> impl Strategy<Value = Value> {
        let areas = [
            "cultural-competence",
            "attachment-separation-trauma-grief-loss",
            "screening-assessment",
        ];
        let populations = [
            "infant-toddler",
            "early-childhood",
            "school-age",
            "adult",
            "elderly",
        ];
        let kinds = ["workshop", "webinar", "in-service", "conference"];
        (
            1u32..=48,
            0usize..3,
            0usize..populations.len(),
            0usize..kinds.len(),
            prop::option::of(0usize..3),
            0i64..2500,
            any::<bool>(),
        )
            .prop_map(
                move |(quarters, n_areas, pop, kind, conference, day, dei)| {
                    let date = date("2019-01-01") + chrono::Duration::days(day);
                    json!({
                        "title": format!("T{day}"), "provider": "P", "date": date.to_string(),
                        "hours": f64::from(quarters) / 4.0, "kind": kinds[kind],
                        "conference": conference.map(|c| format!("Conference {c}")),
                        "competencies": areas[..n_areas].to_vec(), "population": populations[pop],
                        "topics": if dei { vec!["dei"] } else { vec![] },
                    })
                },
            )
    }

    fn an_rsc_record() -> impl Strategy<Value = Value> {
        let endorsements = ["IMHS", "IMHM-C", "IFS", "none"];
        (0usize..4, 0usize..4, 0i64..1500, 1i64..400, 1u32..=40).prop_map(
            move |(who, e, start, len, hours)| {
                let first = date("2022-01-01") + chrono::Duration::days(start);
                let last = first + chrono::Duration::days(len);
                rsc(
                    &format!("Provider {who}"),
                    endorsements[e],
                    &first.to_string(),
                    &last.to_string(),
                    f64::from(hours),
                )
            },
        )
    }

    fn a_portfolio() -> impl Strategy<Value = Value> {
        (
            prop::collection::vec(a_training(), 0..25),
            prop::collection::vec(an_rsc_record(), 0..12),
        )
            .prop_map(|(trainings, records)| {
                let mut doc = base();
                doc["trainings"] = Value::Array(trainings);
                doc["rsc"] = Value::Array(records);
                doc["work"][0]["start"] = json!("2020-06-01");
                doc
            })
    }

    fn summary(doc: &Value, category: &str) -> Vec<(RequirementId, Status, f64)> {
        with_report(doc, "massaimh", category, AS_OF, |r| {
            r.requirements
                .iter()
                .map(|q| (q.id, q.status, q.counted))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn adding_a_qualifying_training_never_loses_ground(doc in a_portfolio(), extra in a_training(), category in prop::sample::select(vec!["IFS", "IFRS", "IMHM-C"])) {
            let mut extra = extra;
            extra["competencies"] = json!(["cultural-competence"]);
            extra["population"] = json!("infant-toddler");
            let before = summary(&doc, category);
            let mut after_doc = doc.clone();
            after_doc["trainings"].as_array_mut().expect("array").push(extra);
            let after = summary(&after_doc, category);
            let training = |s: &[(RequirementId, Status, f64)]| s.iter().find(|r| r.0 == RequirementId::Training).copied().expect("training");
            let (b, a) = (training(&before), training(&after));
            prop_assert!(a.2 >= b.2, "counted fell from {} to {}", b.2, a.2);
            prop_assert!(b.1 != Status::Met || a.1 == Status::Met, "met became {:?}", a.1);
        }

        #[test]
        fn adding_rsc_never_turns_met_into_unmet(doc in a_portfolio(), extra in an_rsc_record()) {
            let rsc_status = |d: &Value| with_report(d, "massaimh", "IFS", AS_OF, |r| r.requirement(RequirementId::Rsc).expect("rsc").status);
            let before = rsc_status(&doc);
            let mut after_doc = doc.clone();
            after_doc["rsc"].as_array_mut().expect("array").push(extra);
            prop_assert!(before != Status::Met || rsc_status(&after_doc) == Status::Met);
        }

        #[test]
        fn the_order_of_entries_does_not_matter(doc in a_portfolio(), seed in any::<u64>()) {
            let mut shuffled = doc.clone();
            for list in ["trainings", "rsc"] {
                let items = shuffled[list].as_array_mut().expect("array");
                let n = items.len();
                for i in (1..n).rev() {
                    let j = (seed.wrapping_mul(i as u64 + 7) % (i as u64 + 1)) as usize;
                    items.swap(i, j);
                }
            }
            prop_assert_eq!(summary(&doc, "IFS"), summary(&shuffled, "IFS"));
        }

        #[test]
        fn written_portfolios_read_back_the_same(doc in a_portfolio()) {
            let original = portfolio(&doc);
            let written = lattice_domain::format::write_portfolio(&original);
            prop_assert_eq!(parse_portfolio(&written).expect("reads back"), original);
        }

        #[test]
        fn any_text_gets_an_answer_not_a_panic(text in ".{0,200}") {
            let _ = parse_portfolio(&text);
        }

        #[test]
        fn damaged_documents_get_an_answer_not_a_panic(doc in a_portfolio(), cut in 0usize..4000, byte in any::<u8>()) {
            let mut text = doc.to_string().into_bytes();
            let at = cut % text.len().max(1);
            if at < text.len() {
                text[at] = byte;
            }
            let text = String::from_utf8_lossy(&text);
            if let Err(e) = parse_portfolio(&text) {
                prop_assert!(!e.0.is_empty(), "an error names at least one problem");
            }
        }
    }
}

mod renewals {
    //! Renewal compliance for one year.

    use super::*;
    use lattice_domain::renewal::{RenewalReport, Standing, renewal};

    /// An IMHS endorsed at `association` in 2023 with 15 h of training in 2026.
    fn endorsee(association: &str) -> Value {
        let mut doc = base();
        doc["endorsements"] =
            json!([{"category": "IMHS", "association": association, "endorsed_on": "2023-06-01"}]);
        doc["trainings"] = json!([
            training("A", "2026-02-01", 7.5),
            training("B", "2026-09-01", 7.5),
            training("Old", "2025-12-31", 6.0)
        ]);
        doc["membership"] = json!({"association": association, "valid_until": "2027-03-31"});
        doc["agreements"] =
            json!({"code_of_ethics": "2026-01-15", "endorsement_agreement": "2023-01-01"});
        doc
    }

    fn renew<T>(
        doc: &Value,
        association: &str,
        year: i32,
        as_of: &str,
        inspect: impl FnOnce(&RenewalReport) -> T,
    ) -> T {
        let p = portfolio(doc);
        let catalog = Catalog::embedded().expect("profiles");
        let profile = catalog
            .profile(association, date(&format!("{year}-12-31")))
            .expect("profile");
        inspect(&renewal(&p, profile, year, date(as_of)).expect("endorsed"))
    }

    fn item(r: &RenewalReport, id: &str) -> Option<(Status, f64, bool)> {
        r.requirements
            .iter()
            .find(|i| i.id == id)
            .map(|i| (i.status, i.counted, i.required))
    }

    #[test]
    fn fifteen_hours_in_the_year() {
        let mut doc = endorsee("massaimh");
        renew(&doc, "massaimh", 2026, "2026-11-24", |r| {
            assert_eq!(item(r, "training"), Some((Status::Met, 15.0, true)));
            assert!(r.compliant);
            assert_eq!(r.standing, Standing::Compliant);
            assert_eq!(r.deadline, date("2026-12-31"));
            // MassAIMH owes no DEI hour.
            assert_eq!(item(r, "dei"), None);
        });
        doc["trainings"][1]["hours"] = json!(7.25);
        renew(&doc, "massaimh", 2026, "2026-11-24", |r| {
            assert_eq!(item(r, "training"), Some((Status::Unmet, 14.75, true)));
            assert_eq!(r.standing, Standing::Due);
        });
        renew(&doc, "massaimh", 2026, "2027-01-02", |r| {
            assert_eq!(r.standing, Standing::Overdue)
        });
        // Before 2025 MassAIMH's deadline was January 31 of the next year (its FAQ).
        renew(&doc, "massaimh", 2024, "2024-12-01", |r| {
            assert_eq!(r.deadline, date("2025-01-31"))
        });
    }

    #[test]
    fn mi_aimh_asks_for_a_dei_hour() {
        let mut doc = endorsee("mi-aimh");
        renew(&doc, "mi-aimh", 2026, "2026-11-24", |r| {
            assert_eq!(item(r, "dei"), Some((Status::Unmet, 0.0, true)));
            assert!(!r.compliant);
        });
        doc["trainings"][0]["topics"] = json!(["dei"]);
        renew(&doc, "mi-aimh", 2026, "2026-11-24", |r| {
            assert_eq!(item(r, "dei"), Some((Status::Met, 7.5, true)));
            assert!(r.compliant);
        });
    }

    #[test]
    fn those_who_provide_rsc_need_hours_about_it() {
        let mut doc = endorsee("massaimh");
        doc["work"][0]["provides_rsc"] = json!(true);
        renew(&doc, "massaimh", 2026, "2026-11-24", |r| {
            assert_eq!(item(r, "rsc-training"), Some((Status::Unmet, 0.0, true)));
            assert!(!r.compliant);
        });
        doc["endorsements"][0]["category"] = json!("IMHM-C");
        renew(&doc, "massaimh", 2026, "2026-11-24", |r| {
            // Recommended only for IV-Clinical; but IV-Clinical must receive 12 h of RS/C.
            assert_eq!(item(r, "rsc-training"), Some((Status::Unmet, 0.0, false)));
            assert_eq!(
                item(r, "rsc").map(|i| (i.0, i.2)),
                Some((Status::Unmet, true))
            );
            assert!(!r.compliant);
        });
        doc["rsc"] = json!([rsc("Mentor", "IMHM-C", "2026-01-10", "2026-10-10", 12.0)]);
        renew(&doc, "massaimh", 2026, "2026-11-24", |r| {
            assert_eq!(item(r, "rsc"), Some((Status::Met, 12.0, true)));
            assert!(r.compliant);
        });
    }

    #[test]
    fn the_first_year_owes_nothing() {
        let mut doc = endorsee("massaimh");
        doc["endorsements"][0]["endorsed_on"] = json!("2026-03-01");
        doc["trainings"] = json!([]);
        renew(&doc, "massaimh", 2026, "2026-11-24", |r| {
            assert_eq!(r.standing, Standing::FirstYear);
            assert_eq!(
                item(r, "training").map(|i| i.0),
                Some(Status::NotApplicable)
            );
        });
        renew(&doc, "massaimh", 2027, "2027-11-24", |r| {
            assert_eq!(item(r, "training"), Some((Status::Unmet, 0.0, true)));
        });
    }

    #[test]
    fn membership_and_code_of_ethics_each_year() {
        let mut doc = endorsee("massaimh");
        doc["membership"]["valid_until"] = json!("2026-12-30");
        doc["agreements"]["code_of_ethics"] = json!("2025-12-31");
        renew(&doc, "massaimh", 2026, "2026-11-24", |r| {
            assert_eq!(item(r, "membership").map(|i| i.0), Some(Status::Unmet));
            assert_eq!(item(r, "code-of-ethics").map(|i| i.0), Some(Status::Unmet));
        });
    }

    #[test]
    fn nmaimh_lapses_after_march_31() {
        let mut doc = endorsee("nmaimh");
        doc["trainings"] = json!([]);
        renew(&doc, "nmaimh", 2026, "2027-03-31", |r| {
            assert_eq!(r.standing, Standing::Overdue)
        });
        renew(&doc, "nmaimh", 2026, "2027-04-01", |r| {
            assert_eq!(r.standing, Standing::Lapsed)
        });
    }

    #[test]
    fn renewal_needs_an_endorsement_at_that_association() {
        let doc = endorsee("nmaimh");
        let catalog = Catalog::embedded().expect("profiles");
        let profile = catalog
            .profile("massaimh", date("2026-12-31"))
            .expect("profile");
        assert!(renewal(&portfolio(&doc), profile, 2026, date("2026-11-24")).is_err());
    }
}
