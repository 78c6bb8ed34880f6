//! RS/C received: the as-of date, the one-to-two-year window on both sides, who may provide
//! it, the majority rule, IV-Clinical's hours about the applicant's own RS/C, ties between
//! equal windows, and the exact detail, missing lines and advice.
//!
//! Rules: DOMAIN.md "Reflective supervision/consultation (RS/C) received": II ≥ 24 h, IV-Clinical
//! ≥ 50 h with ≥ 25 about the RS/C the applicant provides; counted hours within no less than 1
//! and no more than 2 years; received while serving infants/young children and families;
//! qualified providers III or IV (or meeting their criteria, or a vetted Reflective Supervisor),
//! the bachelor's exception (an endorsed II, master's prepared, who receives RS/C); IV-Clinical
//! needs a IV-Clinical provider; peer supervision does not count; the majority of the required
//! hours from one or two providers. Profile: `profiles/mi-aimh.toml`, `categories.II.rsc` and
//! `categories.IV-C.rsc`.

use crate::*;

/// Who may provide II's RS/C, in the words of the missing line (the qualified endorsements'
/// tiers in lattice order, the Reflective Supervisor last).
const II_PROVIDERS: &str = "someone endorsed III, IV-Clinical, IV-Policy, IV-Research/Faculty or a vetted Reflective Supervisor";

#[track_caller]
fn assert_rsc(r: &Report<'_>, status: Status, counted: f64, detail: &str, missing: &[String]) {
    let q = req(r, R::Rsc);
    assert_eq!(
        (q.status, q.counted),
        (status, counted),
        "{} {:#?}",
        q.detail,
        q.excluded
    );
    assert_eq!(q.detail, detail);
    assert_eq!(q.missing, missing);
}

fn reasons(r: &Report<'_>) -> Vec<String> {
    req(r, R::Rsc)
        .excluded
        .iter()
        .map(|e| format!("{}: {}", e.item, e.reason))
        .collect()
}

fn counted_records(r: &Report<'_>) -> Vec<usize> {
    req(r, R::Rsc)
        .contributing
        .iter()
        .filter_map(|i| i.index())
        .collect()
}

#[rstest]
#[case::the_base(
    |_: &mut Portfolio| {},
    Status::Met, 24.0,
    "24 of 24 h from qualified providers; received 2024-09-01 to 2025-08-31 (12 months; must span 12 to 24 months).",
    vec![]
)]
#[case::a_quarter_hour_short(
    |p: &mut Portfolio| p.rsc[0].hours = h(23.75),
    Status::Unmet, 23.75,
    "23.75 of 24 h from qualified providers; received 2024-09-01 to 2025-08-31 (12 months; must span 12 to 24 months).",
    vec![format!("0.25 more hours of RS/C from {II_PROVIDERS}")]
)]
#[case::a_day_short_of_a_year(
    |p: &mut Portfolio| p.rsc[0].end = d("2025-08-30"),
    Status::Unmet, 24.0,
    "24 of 24 h from qualified providers; received 2024-09-01 to 2025-08-30 (11 months; must span 12 to 24 months).",
    vec!["RS/C spanning at least 12 months".to_string()]
)]
#[case::none_recorded(
    |p: &mut Portfolio| p.rsc.clear(),
    Status::Unmet, 0.0,
    "0 of 24 h from qualified providers.",
    vec![format!("24 more hours of RS/C from {II_PROVIDERS}")]
)]
#[case::five_equal_providers(
    // 6 h each: the largest two give 12 h, exactly half of 24, which is no majority.
    |p: &mut Portfolio| p.rsc = (0..5).map(|i| rsc(&format!("Provider {i}"), "IMHS", "2024-09-01", "2025-08-31", 6.0)).collect(),
    Status::Unmet, 30.0,
    "30 of 24 h from qualified providers; received 2024-09-01 to 2025-08-31 (12 months; must span 12 to 24 months); no 2 providers account for the majority of the required 24 h (the largest 2 give 12 h).",
    vec!["most of the required hours from one or two providers".to_string()]
)]
#[case::four_providers_with_a_bare_majority(
    // 6.25 + 6 = 12.25 h from the largest two: more than half of 24.
    |p: &mut Portfolio| p.rsc = [6.25, 6.0, 6.0, 5.75].iter().enumerate().map(|(i, hours)| rsc(&format!("Provider {i}"), "IMHS", "2024-09-01", "2025-08-31", *hours)).collect(),
    Status::Met, 24.0,
    "24 of 24 h from qualified providers; received 2024-09-01 to 2025-08-31 (12 months; must span 12 to 24 months).",
    vec![]
)]
#[case::short_in_hours_span_and_majority(
    |p: &mut Portfolio| p.rsc = (0..5).map(|i| rsc(&format!("Provider {i}"), "IMHS", "2024-09-01", "2025-06-30", 4.0)).collect(),
    Status::Unmet, 20.0,
    "20 of 24 h from qualified providers; received 2024-09-01 to 2025-06-30 (10 months; must span 12 to 24 months); no 2 providers account for the majority of the required 24 h (the largest 2 give 8 h).",
    vec![
        format!("4 more hours of RS/C from {II_PROVIDERS}"),
        "RS/C spanning at least 12 months".to_string(),
        "most of the required hours from one or two providers".to_string(),
    ]
)]
fn ifs_rsc_lines(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] detail: &str,
    #[case] missing: Vec<String>,
) {
    let mut p = base();
    tweak(&mut p);
    assert_rsc(&ifs(&p), status, counted, detail, &missing);
}

/// A record counts once it has ended by the as-of date: one ending on it counts, one ending
/// the day after does not yet (DESIGN.md: an item dated after the as-of date does not count).
#[rstest]
#[case::ends_on_the_as_of_date("2026-11-24", Status::Met, 24.0, vec![])]
#[case::ends_the_day_after(
    "2026-11-25", Status::Unmet, 0.0,
    vec!["rsc[0] Dr. Lena Ortiz (IMHS, 2025-11-24 to 2026-11-25, 24 h): runs until 2026-11-25, after 2026-11-24; enter it once complete".to_string()]
)]
fn rsc_ending_around_the_as_of_date(
    #[case] end: &str,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] excluded: Vec<String>,
) {
    let mut p = base();
    p.rsc[0].start = d("2025-11-24");
    p.rsc[0].end = d(end);
    let r = ifs(&p);
    assert_eq!(
        (req(&r, R::Rsc).status, req(&r, R::Rsc).counted),
        (status, counted)
    );
    assert_eq!(reasons(&r), excluded);
}

/// The window is at most 24 months from the first record's start: a second record ending on
/// the last day of those 24 months joins it; one ending a day later does not, so each record
/// stands alone with 12 h (the earlier window kept, see `equal_windows_keep_the_earliest`).
#[rstest]
#[case::ends_on_the_last_day_of_24_months("2025-08-31", Status::Met, 24.0, vec![0, 1])]
#[case::ends_a_day_past_24_months("2025-09-01", Status::Unmet, 12.0, vec![0])]
fn the_window_holds_24_months_and_no_more(
    #[case] second_end: &str,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] kept: Vec<usize>,
) {
    let mut p = base();
    p.rsc = vec![
        rsc("Dr. Lena Ortiz", "IMHS", "2023-09-01", "2024-08-31", 12.0),
        rsc("Dr. Lena Ortiz", "IMHS", "2024-09-01", second_end, 12.0),
    ];
    let r = ifs(&p);
    assert_eq!(
        (req(&r, R::Rsc).status, req(&r, R::Rsc).counted),
        (status, counted),
        "{}",
        req(&r, R::Rsc).detail
    );
    assert_eq!(counted_records(&r), kept);
    if kept.len() == 1 {
        assert_eq!(
            reasons(&r),
            [format!(
                "rsc[1] Dr. Lena Ortiz (IMHS, 2024-09-01 to {second_end}, 12 h): falls outside the 24-month window counted (2023-09-01 to 2024-08-31); counted RS/C must fall within 24 months"
            )]
        );
    }
}

/// Two windows that both meet the rule with the same hours: the earlier one counts (the
/// windows are tried in date order and only a better one replaces the one kept), so the report
/// never depends on the order of entry. The same holds for two windows that both fall short.
#[rstest]
#[case::both_met(24.0, Status::Met)]
#[case::both_short(20.0, Status::Unmet)]
fn equal_windows_keep_the_earliest(#[case] hours: f64, #[case] status: Status) {
    for order in [[0, 1], [1, 0]] {
        let windows = [
            rsc("Dr. Lena Ortiz", "IMHS", "2021-07-01", "2022-06-30", hours),
            rsc("Dr. Lena Ortiz", "IMHS", "2024-09-01", "2025-08-31", hours),
        ];
        let mut p = base();
        p.rsc = order.iter().map(|&i| windows[i].clone()).collect();
        let r = ifs(&p);
        assert_eq!(
            (req(&r, R::Rsc).status, req(&r, R::Rsc).counted),
            (status, hours)
        );
        let earlier = order.iter().position(|&i| i == 0).expect("listed");
        assert_eq!(counted_records(&r), [earlier], "{order:?}");
    }
}

/// RS/C counts when received while serving infants, young children (3 to 6) or pregnant
/// women and their families; a job ended before the RS/C began shows no such service.
#[rstest]
#[case::infants(vec![AgeGroup::Birth36m], None, Status::Met, 24.0)]
#[case::young_children(vec![AgeGroup::ThreeToSixYears], None, Status::Met, 24.0)]
#[case::pregnant_women(vec![AgeGroup::Prenatal], None, Status::Met, 24.0)]
#[case::a_job_ended_the_day_before(vec![AgeGroup::Birth36m], Some("2024-08-31"), Status::Unmet, 0.0)]
#[case::a_job_ended_on_the_first_day(vec![AgeGroup::Birth36m], Some("2024-09-01"), Status::Met, 24.0)]
fn rsc_received_while_serving(
    #[case] ages: Vec<AgeGroup>,
    #[case] end: Option<&str>,
    #[case] status: Status,
    #[case] counted: f64,
) {
    let mut p = base();
    p.work[0].ages = ages;
    p.work[0].end = end.map(d);
    let r = ifs(&p);
    assert_eq!(
        (req(&r, R::Rsc).status, req(&r, R::Rsc).counted),
        (status, counted),
        "{:?}",
        reasons(&r)
    );
}

/// The exact reason for each kind of provider that does not qualify, each worded for its own
/// kind even when several records share the portfolio.
#[test]
fn each_kind_of_unqualified_provider_has_its_own_reason() {
    let mut p = base();
    let mut peer = rsc("Ana Peer", "IMHS", "2024-09-01", "2025-08-31", 2.0);
    peer.format = RscFormat::Peer;
    let mut not_endorsed = rsc("Bo Grant", "none", "2024-09-01", "2025-08-31", 2.0);
    not_endorsed.provider.receives_rsc = false;
    p.rsc = vec![
        rsc("Cy Hale", "IFA", "2024-09-01", "2025-08-31", 2.0),
        not_endorsed,
        rsc("Di Moss", "IFA", "2024-09-01", "2025-08-31", 2.0),
        peer,
        rsc("Ed Voss", "IMHS", "2022-09-01", "2024-09-30", 2.0),
    ];
    let r = ifs(&p);
    assert_eq!(
        reasons(&r),
        [
            format!(
                "rsc[0] Cy Hale (IFA, 2024-09-01 to 2025-08-31, 2 h): provider holds IFA; counted RS/C must come from {II_PROVIDERS}"
            ),
            format!(
                "rsc[1] Bo Grant (none, 2024-09-01 to 2025-08-31, 2 h): provider is not endorsed; counted RS/C must come from {II_PROVIDERS}"
            ),
            format!(
                "rsc[2] Di Moss (IFA, 2024-09-01 to 2025-08-31, 2 h): provider holds IFA; counted RS/C must come from {II_PROVIDERS}"
            ),
            "rsc[3] Ana Peer (IMHS, 2024-09-01 to 2025-08-31, 2 h): peer supervision does not count".to_string(),
            "rsc[4] Ed Voss (IMHS, 2022-09-01 to 2024-09-30, 2 h): spans 25 months on its own; counted RS/C must fall within 24 months, so split it by dates".to_string(),
        ]
    );
}

/// The bachelor's exception and the meets-criteria statement each add one line of advice
/// saying on what the RS/C was counted (once, however many records rest on it).
#[rstest]
#[case::bachelors_exception(
    |p: &mut Portfolio| {
        p.rsc[0].provider.endorsement = endorsement("IFS");
        let mut second = p.rsc[0].clone();
        second.hours = h(1.0);
        p.rsc.push(second);
    },
    "Dr. Lena Ortiz counted under the bachelor's exception (IFS with a master's degree who receives RS/C)"
)]
#[case::meets_criteria(
    |p: &mut Portfolio| {
        p.rsc[0].provider.endorsement = Endorsement::None;
        p.rsc[0].provider.meets_criteria = true;
        // MassAIMH also asks that such a provider specialize in infant mental health.
        p.rsc[0].provider.imh_specialist = true;
        let mut second = p.rsc[0].clone();
        second.hours = h(1.0);
        p.rsc.push(second);
    },
    "RS/C from Dr. Lena Ortiz is counted on your statement that they meet the criteria for Category III or IV and specialize in infant mental health; reviewers confirm it"
)]
fn advice_on_what_the_rsc_was_counted(#[case] tweak: Tweak, #[case] advice: &str) {
    let mut p = base();
    tweak(&mut p);
    let r = ifs(&p);
    assert_eq!(req(&r, R::Rsc).status, Status::Met);
    assert_eq!(
        r.advice.iter().filter(|a| a.english == advice).count(),
        1,
        "{:#?}",
        r.advice
    );
}

/// The bachelor's exception, refused for each missing condition in its own words, and a
/// doctorate provider counting as at least master's prepared.
#[rstest]
#[case::doctorate_provider(
    |p: &mut Portfolio| p.rsc[0].provider.degree = DegreeLevel::Doctorate,
    None
)]
#[case::masters_applicant(
    |p: &mut Portfolio| p.education.push(degree(DegreeLevel::Masters, "MEd", "Early Childhood Education", "2023-05-20")),
    Some("provider holds IFS; that counts only for a bachelor's-prepared applicant, and the highest degree here is a master's degree")
)]
#[case::bachelors_provider(
    |p: &mut Portfolio| p.rsc[0].provider.degree = DegreeLevel::Bachelors,
    Some("provider holds IFS but not a master's degree, which the bachelor's exception needs")
)]
#[case::provider_without_rsc(
    |p: &mut Portfolio| p.rsc[0].provider.receives_rsc = false,
    Some("provider holds IFS but does not receive RS/C, which the bachelor's exception needs")
)]
fn the_bachelors_exception(#[case] tweak: Tweak, #[case] refused: Option<&str>) {
    let mut p = base();
    p.rsc[0].provider.endorsement = endorsement("IFS");
    tweak(&mut p);
    let r = ifs(&p);
    let q = req(&r, R::Rsc);
    match refused {
        None => assert_eq!((q.status, q.counted), (Status::Met, 24.0)),
        Some(reason) => {
            assert_eq!((q.status, q.counted), (Status::Unmet, 0.0));
            assert_eq!(
                reasons(&r),
                [format!(
                    "rsc[0] Dr. Lena Ortiz (IFS, 2024-09-01 to 2025-08-31, 24 h): {reason}"
                )]
            );
        }
    }
}

/// IV-Clinical: 50 h, 25 of them about the RS/C the applicant provides, from a IV-Clinical.
#[rstest]
#[case::exactly_25_about_own(25.0, Status::Met, "about the RS/C you provide: 25 of 25 h.", vec![])]
#[case::a_quarter_hour_short(
    24.75, Status::Unmet, "about the RS/C you provide: 24.75 of 25 h.",
    // 50 h counted, so the 0.25 h still owed are RS/C hours about the applicant's own RS/C: one line.
    vec!["0.25 more hours of RS/C from someone endorsed IV-Clinical, of which 0.25 about the RS/C you provide".to_string()]
)]
fn imhm_c_hours_about_own_rsc(
    #[case] about_own: f64,
    #[case] status: Status,
    #[case] tail: &str,
    #[case] missing: Vec<String>,
) {
    let mut p = mentor();
    p.rsc[0].about_own_rsc = h(about_own);
    let r = report(&p, "massaimh", "IMHM-C", "2025-06-01");
    assert_rsc(
        &r,
        status,
        50.0,
        &format!(
            "50 of 50 h from qualified providers; received 2023-06-01 to 2024-05-31 (12 months; must span 12 to 24 months); {tail}"
        ),
        &missing,
    );
}

/// Two IV-Clinical windows with the same hours, both short of the 25 h about the applicant's
/// own RS/C: the one with more such hours is the one counted, whichever comes first.
#[rstest]
#[case::more_in_the_later(20.0, 22.0, 22.0)]
#[case::more_in_the_earlier(22.0, 20.0, 22.0)]
fn of_equal_windows_the_one_with_more_hours_about_own_rsc_counts(
    #[case] early_own: f64,
    #[case] late_own: f64,
    #[case] counted_own: f64,
) {
    let mut early = rsc("Dr. Ruth Klein", "IMHM-C", "2020-06-01", "2021-05-31", 50.0);
    early.about_own_rsc = h(early_own);
    let mut late = rsc("Dr. Ruth Klein", "IMHM-C", "2023-06-01", "2024-05-31", 50.0);
    late.about_own_rsc = h(late_own);
    let mut p = mentor();
    p.rsc = vec![early, late];
    let r = report(&p, "massaimh", "IMHM-C", "2025-06-01");
    assert_eq!(req(&r, R::Rsc).status, Status::Unmet);
    let kept = if early_own > late_own { 0 } else { 1 };
    assert_eq!(counted_records(&r), [kept]);
    assert_eq!(
        req(&r, R::Rsc).missing,
        [format!(
            "{} more hours of RS/C from someone endorsed IV-Clinical, of which {} about the RS/C you provide",
            25.0 - counted_own,
            25.0 - counted_own
        )]
    );
}

/// IV-Clinical's missing line names the one kind of provider it takes.
#[test]
fn imhm_c_names_its_one_kind_of_provider() {
    let mut p = mentor();
    p.rsc[0].hours = h(49.5);
    let r = report(&p, "massaimh", "IMHM-C", "2025-06-01");
    assert_eq!(
        req(&r, R::Rsc).missing,
        ["0.5 more hours of RS/C from someone endorsed IV-Clinical"]
    );
}

/// A profile may name no qualified provider at all; the missing line then says so rather
/// than naming an empty list.
#[test]
fn a_rule_naming_no_provider_says_nobody() {
    let as_of = d(AS_OF);
    let mut rules = profile("massaimh", as_of).clone();
    rules
        .categories
        .get_mut(&lattice_domain::category::Track::II)
        .and_then(|c| c.rsc.as_mut())
        .expect("II has an RS/C rule")
        .qualified_providers
        .clear();
    let p = base();
    let r = check(&p, &rules, category("IFS"), as_of).expect("offered");
    assert_eq!(
        req(&r, R::Rsc).missing,
        ["24 more hours of RS/C from nobody"]
    );
}
