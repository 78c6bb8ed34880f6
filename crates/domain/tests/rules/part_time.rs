//! Part-time work counts in proportion, and RS/C from a provider who is not endorsed counts at
//! MassAIMH only from a specialist in infant mental health.
//!
//! Sources, and what they leave open:
//! - CT-AIMH, *Endorsement FAQ*: IFS/ECFS needs a "minimum two years paid, post Bachelor's,
//!   professional work experience" with at least 10 families (DOMAIN.md gives the same for
//!   every association's Category II). Neither it nor MassAIMH's *Endorsement FAQ* (which
//!   speaks of work "over time" and of 10 families and six months) says how part-time work
//!   counts: the profiles choose a 40-hour full-time week and count
//!   fewer hours in proportion, with no minimum (`profiles/mi-aimh.toml`, `[edition.work]`;
//!   docs/PROFILES.md, "Part-time work"). A year is 365 days (docs/PROFILES.md).
//! - MassAIMH, *Endorsement FAQ*, on RS/C: counted RS/C comes from someone endorsed at
//!   Category III or IV, or who would meet the III/IV training and RS/C criteria, or a vetted
//!   Reflective Supervisor, and only hours "provided by an individual who specializes in
//!   infant mental health" are listed. CT-AIMH's FAQ does not say this.
//!
//! Expected numbers are worked out by hand in each case's comment, from the rules above.

use crate::*;

const IFS_WORK: &str = "paid, post-bachelor's prevention/early-intervention work with families (classroom teaching does not count)";
const PART_TIME_RULE: &str = "Part-time work counts in proportion to a 40-hour week (MassAIMH's setting in Lattice; the association can change it): 2 years at 20 hours a week count as 1 year.";

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().expect("text").to_uppercase();
    first.chain(chars).collect()
}

/// The base IFS portfolio with its one job (14 families, from 2021-06-01) ending on `end` at
/// `hours` a week (`None`: no hours recorded, which is full time).
fn one_job(end: &str, hours: Option<f64>) -> Portfolio {
    let mut p = base();
    p.work[0].end = Some(d(end));
    p.work[0].hours_per_week = hours.map(h);
    p
}

/// IFS needs 2 years = 730 full-time days. From 2021-06-01, 730 calendar days end 2023-05-31
/// and 1460 end 2025-05-30.
#[rstest]
// No hours recorded: full time, as before (files written before the field keep their meaning).
#[case::unrecorded_is_full_time_730_days("2023-05-31", None, Status::Met, 2.0, None)]
#[case::unrecorded_is_full_time_729_days(
    "2023-05-30",
    None,
    Status::Unmet,
    1.99,
    Some("1 more day")
)]
// 40 hours is the full-time week: the same as unrecorded.
#[case::forty_hours_730_days("2023-05-31", Some(40.0), Status::Met, 2.0, None)]
#[case::forty_hours_729_days("2023-05-30", Some(40.0), Status::Unmet, 1.99, Some("1 more day"))]
// More than full time counts as full time, never more: 729 days at 50 h are still 729 days.
#[case::fifty_hours_729_days("2023-05-30", Some(50.0), Status::Unmet, 1.99, Some("1 more day"))]
// 4 years at 20 h = 1460 × 20/40 = 730 full-time days = 2 years exactly.
#[case::twenty_hours_1460_days("2025-05-30", Some(20.0), Status::Met, 2.0, None)]
// One day less: 1459 × 20/40 = 729.5, which is not 730: 1 more day.
#[case::twenty_hours_1459_days("2025-05-29", Some(20.0), Status::Unmet, 1.99, Some("1 more day"))]
// One hour a week less: 1460 × 19/40 = 693.5 → 693 days = 1.89 years; 37 days short, which is
// 37/365 = 0.1014 years, rounded up to 0.11.
#[case::nineteen_hours_1460_days(
    "2025-05-30",
    Some(19.0),
    Status::Unmet,
    1.89,
    Some("0.11 more years")
)]
// Half an hour counts too (no minimum): 1460 × 0.5/40 = 18.25 → 18 days = 0.04 years (18/365 =
// 0.049); 712 days short = 1.9506 years, up to 1.96.
#[case::half_an_hour_counts_a_little(
    "2025-05-30",
    Some(0.5),
    Status::Unmet,
    0.04,
    Some("1.96 more years")
)]
fn part_time_years_count_in_proportion(
    #[case] end: &str,
    #[case] hours: Option<f64>,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] short: Option<&str>,
) {
    let p = one_job(end, hours);
    let r = ifs(&p);
    let q = req(&r, R::Work);
    assert_eq!((q.status, q.counted, q.needed), (status, counted, 2.0));
    let missing: Vec<String> = short
        .map(|s| format!("{s} of {IFS_WORK}"))
        .into_iter()
        .collect();
    assert_eq!(q.missing, missing);
    // The rule is explained whenever a counted job is part-time, and only then.
    let part_time = hours.is_some_and(|h| h < 40.0);
    let rule = if part_time {
        format!(" {PART_TIME_RULE}")
    } else {
        String::new()
    };
    assert_eq!(
        q.detail,
        format!(
            "{}: {counted} of 2 years; 14 of 10 families served.{rule}",
            capitalised(IFS_WORK)
        )
    );
}

/// Jobs on the same days never count more than full time for those days (730 calendar days,
/// 2021-06-01 to 2023-05-31, and 729 to 2023-05-30).
#[rstest]
// Two half-time jobs side by side make full time: 730 × (20 + 20)/40 = 730 days, met.
#[case::two_half_time_jobs_make_full_time("2023-05-31", 20.0, 20.0, Status::Met, 2.0)]
// One day less is still short: 729 days.
#[case::two_half_time_jobs_one_day_less("2023-05-30", 20.0, 20.0, Status::Unmet, 1.99)]
// 30 + 30 = 60 hours is capped at the 40-hour week: 729 days, not 729 × 1.5 = 1093.
#[case::sixty_hours_a_week_count_as_forty("2023-05-30", 30.0, 30.0, Status::Unmet, 1.99)]
// 20 + 10 = 30 of 40 hours: 730 × 30/40 = 547.5 → 547 days = 1.49 years.
#[case::thirty_of_forty_hours("2023-05-31", 20.0, 10.0, Status::Unmet, 1.49)]
fn overlapping_jobs_count_at_most_full_time(
    #[case] end: &str,
    #[case] first: f64,
    #[case] second: f64,
    #[case] status: Status,
    #[case] counted: f64,
) {
    let mut p = one_job(end, Some(first));
    p.work[0].families_served = 7;
    p.work.push(WorkExperience {
        hours_per_week: Some(h(second)),
        ..job("Family Connections", "2021-06-01", Some(end), 7)
    });
    let r = ifs(&p);
    assert_req(&r, R::Work, status, counted);
}

/// Two full-time jobs on the same days count once, as before part-time work was recorded:
/// 729 days twice is 729 days.
#[test]
fn two_full_time_jobs_on_the_same_days_count_once() {
    let mut p = one_job("2023-05-30", None);
    p.work.push(job(
        "Family Connections",
        "2021-06-01",
        Some("2023-05-30"),
        3,
    ));
    let r = ifs(&p);
    assert_req(&r, R::Work, Status::Unmet, 1.99);
}

/// A part-time job next to a full-time one: the days they share count full time once, the
/// others at their own hours. Full time 2021-06-01 to 2022-05-31 (365 days); 20 h a week
/// 2022-01-01 to 2024-12-31 (1096 days: 2024 is a leap year), of which 151 days fall in the
/// full-time year. 365 + (1096 − 151) × 20/40 = 365 + 472.5 = 837.5 → 837 days, met.
/// Ending the part-time job 2024-03-09 instead (799 days, 648 of them outside the full-time
/// year) gives 365 + 648 × 20/40 = 689 days: 1.88 years, 41 days short (41/365 = 0.112, up to
/// 0.12 years).
#[rstest]
#[case::met("2024-12-31", Status::Met, 2.29, vec![])]
#[case::short("2024-03-09", Status::Unmet, 1.88, vec![format!("0.12 more years of {IFS_WORK}")])]
fn shared_days_count_once_at_full_time(
    #[case] end: &str,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] missing: Vec<String>,
) {
    let mut p = one_job("2022-05-31", None);
    p.work.push(WorkExperience {
        hours_per_week: Some(h(20.0)),
        ..job("Family Connections", "2022-01-01", Some(end), 3)
    });
    let r = ifs(&p);
    let q = req(&r, R::Work);
    assert_eq!((q.status, q.counted), (status, counted), "{}", q.detail);
    assert_eq!(q.missing, missing);
}

/// The base RS/C (24 h of group RS/C over 12 months, MassAIMH IFS) from a provider who is not
/// endorsed, said to meet the Category III/IV criteria, and said (or not) to specialize in
/// infant mental health.
fn unendorsed_provider(specialist: bool) -> Portfolio {
    let mut p = base();
    let provider = &mut p.rsc[0].provider;
    provider.endorsement = Endorsement::None;
    provider.meets_criteria = true;
    provider.imh_specialist = specialist;
    p
}

const NOT_A_SPECIALIST: &str = "provider is not endorsed, and this entry does not say they specialize in infant mental health; a provider not endorsed at Category III or IV counts only when they meet its criteria and specialize in infant mental health";

/// MassAIMH counts the RS/C of a provider who is not endorsed only from a specialist in infant
/// mental health; CT-AIMH's sources do not ask it, so the same entry counts there.
#[rstest]
#[case::massaimh_specialist("massaimh", true, Status::Met, 24.0, None)]
#[case::massaimh_not_said("massaimh", false, Status::Unmet, 0.0, Some(NOT_A_SPECIALIST))]
#[case::ct_aimh_not_said("ct-aimh", false, Status::Met, 24.0, None)]
fn an_unendorsed_provider_must_specialize_in_imh_at_massaimh(
    #[case] association: &str,
    #[case] specialist: bool,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] reason: Option<&str>,
) {
    let p = unendorsed_provider(specialist);
    let r = report(&p, association, "IFS", AS_OF);
    let q = req(&r, R::Rsc);
    assert_eq!((q.status, q.counted), (status, counted), "{}", q.detail);
    let reasons: Vec<&str> = q.excluded.iter().map(|e| &*e.reason).collect();
    assert_eq!(reasons, reason.into_iter().collect::<Vec<_>>());
}

/// Counted on the applicant's word, the RS/C is flagged for reviewers in the same words the
/// rule uses: at MassAIMH the statement includes the specialization.
#[rstest]
#[case::massaimh(
    "massaimh",
    "RS/C from Dr. Lena Ortiz is counted on your statement that they meet the criteria for Category III or IV and specialize in infant mental health; reviewers confirm it"
)]
#[case::ct_aimh(
    "ct-aimh",
    "RS/C from Dr. Lena Ortiz is counted on your statement that they meet the criteria for Category III or IV; reviewers confirm it"
)]
fn the_statement_counted_is_said(#[case] association: &str, #[case] note: &str) {
    let p = unendorsed_provider(true);
    let r = report(&p, association, "IFS", AS_OF);
    assert!(
        r.advice.iter().any(|a| a.english == note),
        "{note:?} not in {:#?}",
        r.advice
    );
}

/// An endorsed provider is a specialist by their endorsement: nothing more is asked at
/// MassAIMH (the base RS/C comes from an IMHS and is not marked).
#[test]
fn an_endorsed_provider_needs_no_mark() {
    let p = base();
    assert!(!p.rsc[0].provider.imh_specialist);
    let r = ifs(&p);
    assert_req(&r, R::Rsc, Status::Met, 24.0);
}

/// Without "meets the criteria", being a specialist is not enough: the provider must be
/// endorsed or meet the III/IV criteria (MassAIMH, *Endorsement FAQ*).
#[test]
fn a_specialist_who_does_not_meet_the_criteria_does_not_count() {
    let mut p = unendorsed_provider(true);
    p.rsc[0].provider.meets_criteria = false;
    let r = ifs(&p);
    assert_req(&r, R::Rsc, Status::Unmet, 0.0);
    assert_excluded(&r, R::Rsc, "Dr. Lena Ortiz", "provider is not endorsed;");
}

/// The format: hours a week are optional, must be more than zero and fit in a week; the
/// specialist mark is optional; both survive a round trip and are not written when absent.
#[rstest]
#[case::twenty(r#""hours_per_week": 20"#, None)]
#[case::a_whole_week(r#""hours_per_week": 168"#, None)]
#[case::more_than_a_week(
    r#""hours_per_week": 168.5"#,
    Some("work[0].hours_per_week: 168.5 is more than the 168 hours in a week")
)]
#[case::zero(r#""hours_per_week": 0"#, Some("work[0].hours_per_week: must be > 0"))]
#[case::negative(
    r#""hours_per_week": -20"#,
    Some("work[0].hours_per_week: must be > 0")
)]
fn hours_a_week_are_checked(#[case] field: &str, #[case] error: Option<&str>) {
    let json = format!(
        r#"{{"format":"lattice-portfolio/1","person":{{"name":"A"}},
            "work":[{{"employer":"E","start":"2022-01-01",{field}}}]}}"#
    );
    match (parse_portfolio(&json), error) {
        (Ok(p), None) => {
            let again = parse_portfolio(&write_portfolio(&p)).expect("round trip");
            assert_eq!(again.work[0].hours_per_week, p.work[0].hours_per_week);
            assert!(p.work[0].hours_per_week.is_some());
        }
        (Err(e), Some(message)) => assert_eq!(e.to_string(), message),
        (result, _) => panic!("{field}: {result:?}"),
    }
}

#[test]
fn absent_fields_keep_their_meaning_and_are_not_written() {
    let json = r#"{"format":"lattice-portfolio/1","person":{"name":"A"},
        "work":[{"employer":"E","start":"2022-01-01"}],
        "rsc":[{"provider":{"name":"P","meets_criteria":true},"format":"group",
                "start":"2023-01-01","end":"2023-12-31","hours":24}]}"#;
    let p = parse_portfolio(json).expect("valid");
    assert_eq!(p.work[0].hours_per_week, None);
    assert!(!p.rsc[0].provider.imh_specialist);
    let written = write_portfolio(&p);
    assert!(!written.contains("hours_per_week"), "{written}");
    assert!(!written.contains("imh_specialist"), "{written}");

    let mut marked = p.clone();
    marked.rsc[0].provider.imh_specialist = true;
    marked.work[0].hours_per_week = Some(h(17.5));
    let again = parse_portfolio(&write_portfolio(&marked)).expect("round trip");
    assert!(again.rsc[0].provider.imh_specialist);
    assert_eq!(again.work[0].hours_per_week, Some(h(17.5)));
}

/// Category III's graduate internship counts in proportion too, up to its one full-time year
/// (DOMAIN.md: "1 year supervised graduate internship + 1 year post-graduate work"). The
/// clinician's job runs 2023-06-01 to the as-of date 2024-05-30: 365 days. Internship at 20
/// hours a week from the given start to 2022-08-31:
#[rstest]
// 730 days × 20/40 = 365: one internship year, 365 + 365 = 730 days, exactly 2 years.
#[case::two_years_half_time("2020-09-01", Status::Met, 2.0, 1.0, vec![])]
// 729 days × 20/40 = 364.5: 365 + 364.5 = 729.5, one day short; the internship shows 364 days.
#[case::one_day_less("2020-09-02", Status::Unmet, 1.99, 0.99, vec!["1 more day of post-graduate, supervised, relationship-focused IMH services with both the young child and the parent".to_string()])]
// 1461 days (2020 is a leap year) × 20/40 = 730.5, capped at one year: still 730 days.
#[case::four_years_half_time_are_capped("2018-09-01", Status::Met, 2.0, 1.0, vec![])]
fn a_part_time_internship_counts_in_proportion(
    #[case] start: &str,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] internship: f64,
    #[case] missing: Vec<String>,
) {
    let mut p = specialist_2024();
    p.work[0].start = d(start);
    p.work[0].hours_per_week = Some(h(20.0));
    let r = report(&p, "massaimh", "IMHS", "2024-05-30");
    let q = req(&r, R::Work);
    assert_eq!((q.status, q.counted), (status, counted), "{}", q.detail);
    assert_eq!(
        q.detail,
        format!(
            "Post-graduate, supervised, relationship-focused IMH services with both the young child and the parent: {counted} of 2 years (including {internship} years of supervised graduate internship). {PART_TIME_RULE}"
        )
    );
    assert_eq!(q.missing, missing);
}

/// Work with pregnant women counts beside infant work (DOMAIN.md), and a part-time prenatal
/// job counts in proportion like any other: the rule is explained. Prenatal program at 20
/// hours a week 2019-06-01 to 2021-05-31 (731 days) before the base job (from 2021-06-01,
/// 2003 days to 2026-11-24). Part-time: 2003 + 731 × 20/40 = 2368.5 → 2368 days = 6.48 years
/// (2368 / 365 = 6.487); full time: 2003 + 731 = 2734 days = 7.49 years (7.490).
#[rstest]
#[case::part_time(Some(20.0), 6.48, true)]
#[case::full_time(None, 7.49, false)]
fn a_part_time_prenatal_job_counts_in_proportion(
    #[case] hours: Option<f64>,
    #[case] counted: f64,
    #[case] explained: bool,
) {
    let mut p = base();
    p.work.push(WorkExperience {
        ages: vec![AgeGroup::Prenatal],
        hours_per_week: hours.map(h),
        ..job(
            "Healthy Start Prenatal Program",
            "2019-06-01",
            Some("2021-05-31"),
            6,
        )
    });
    let r = ifs(&p);
    let q = req(&r, R::Work);
    assert_eq!(q.counted, counted, "{}", q.detail);
    assert_eq!(
        q.detail.ends_with(PART_TIME_RULE),
        explained,
        "{}",
        q.detail
    );
}

/// Category I accepts "2 years paid work with infants/young children and families" in place of
/// a degree (DOMAIN.md, Education, I); part-time work counts toward it in proportion. No
/// degree; one job from 2021-06-01 at 20 hours a week: to 2025-05-30 (1460 days) it is 730
/// full-time days, 2 years; a day less is 729.5 → 729 days, 1.99 years.
#[rstest]
#[case::two_years_half_time(
    "2025-05-30",
    Status::Met,
    "Needs a CDA credential or 2 years of paid work with young children and families; 2 years of such work counted instead."
)]
#[case::one_day_less(
    "2025-05-29",
    Status::Unmet,
    "Needs a CDA credential (CDA, associate's or any degree) or 2 years of paid work with young children and families; 1.99 years of such work so far."
)]
fn category_i_work_in_place_of_a_degree_counts_in_proportion(
    #[case] end: &str,
    #[case] status: Status,
    #[case] detail: &str,
) {
    let mut p = one_job(end, Some(20.0));
    p.education.clear();
    let r = report(&p, "massaimh", "IFA", AS_OF);
    let q = req(&r, R::Education);
    assert_eq!((q.status, q.detail.as_str()), (status, detail));
}
