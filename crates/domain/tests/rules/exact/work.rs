//! Specialized work experience: years on both sides of each minimum, the families served, the
//! graduate-internship alternative, IV-Clinical's two parts (the second counting only work
//! that provides RS/C), the advice that Category II may fit better, and the exact detail,
//! missing lines and reasons.
//!
//! Rules: DOMAIN.md "Specialized work experience": II ≥ 2 years paid, post-bachelor's, ≥ 10
//! families, no classroom teaching; III ≥ 2 years post-graduate, supervised, with both the
//! young child and the parent, or 1 year of supervised graduate internship + 1 year; "fewer
//! than 10 families or less than 6 months: advise Category II"; IV-Clinical: III work + 3 years
//! post-graduate providing RS/C; Reflective Supervisor: ≥ 2 years paid, ≥ 1 year leading.
//! A year is 365 days; overlapping jobs count once. Profile: `profiles/mi-aimh.toml`
//! (`categories.*.work`).

use crate::*;

const IFS_WORK: &str = "paid, post-bachelor's prevention/early-intervention work with families (classroom teaching does not count)";

fn reasons(r: &Report<'_>) -> Vec<String> {
    req(r, R::Work)
        .excluded
        .iter()
        .map(|e| format!("{}: {}", e.item, e.reason))
        .collect()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().expect("text").to_uppercase();
    first.chain(chars).collect()
}

/// IFS: one job from 2021-06-01 ending on the given day (14 families); the shortfall in days
/// under a month, else in years rounded up to hundredths.
#[rstest]
#[case::the_base_ongoing(None, Status::Met, 5.48, None)]
#[case::exactly_730_days(Some("2023-05-31"), Status::Met, 2.0, None)]
#[case::days_729(Some("2023-05-30"), Status::Unmet, 1.99, Some("1 more day"))]
#[case::days_700(Some("2023-05-01"), Status::Unmet, 1.91, Some("30 more days"))]
#[case::days_699(Some("2023-04-30"), Status::Unmet, 1.91, Some("0.09 more years"))]
#[case::days_365(Some("2022-05-31"), Status::Unmet, 1.0, Some("1 more year"))]
fn ifs_years_on_both_sides_of_two(
    #[case] end: Option<&str>,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] short: Option<&str>,
) {
    let mut p = base();
    p.work[0].end = end.map(d);
    let r = ifs(&p);
    let q = req(&r, R::Work);
    assert_eq!((q.status, q.counted, q.needed), (status, counted, 2.0));
    assert_eq!(
        q.detail,
        format!(
            "{}: {counted} of 2 years; 14 of 10 families served.",
            capitalised(IFS_WORK)
        )
    );
    let missing: Vec<String> = short
        .map(|s| format!("{s} of {IFS_WORK}"))
        .into_iter()
        .collect();
    assert_eq!(q.missing, missing);
    assert!(q.parts.is_empty(), "one part: no parts listed");
}

/// Families served add up across jobs (6 + 3 = 9 is one short of 10; 6 + 4 = 10 meets it).
#[rstest]
#[case::nine(3, Status::Unmet, vec!["1 more families served".to_string()])]
#[case::ten(4, Status::Met, vec![])]
fn families_add_up_across_jobs(
    #[case] second: u32,
    #[case] status: Status,
    #[case] missing: Vec<String>,
) {
    let mut p = base();
    p.work[0].families_served = 6;
    p.work.push(job(
        "Family Connections",
        "2022-01-03",
        Some("2022-12-30"),
        second,
    ));
    let r = ifs(&p);
    let q = req(&r, R::Work);
    assert_eq!(q.status, status);
    assert!(
        q.detail
            .ends_with(&format!("; {} of 10 families served.", 6 + second)),
        "{}",
        q.detail
    );
    assert_eq!(q.missing, missing);
}

/// The reason each kind of job does not count, word for word.
#[rstest]
#[case::starts_the_day_after(
    |p: &mut Portfolio| p.work.push(job("Family Connections", "2026-11-25", None, 3)),
    "work[1] Family Connections, Home visitor (2026-11-25 to present): starts 2026-11-25, after 2026-11-24"
)]
#[case::serves_only_preschoolers(
    |p: &mut Portfolio| p.work.push(WorkExperience { ages: vec![AgeGroup::ThreeToSixYears], ..job("Head Start", "2022-01-03", None, 3) }),
    "work[1] Head Start, Home visitor (2022-01-03 to present): does not serve infants/toddlers (birth to 36 months)"
)]
#[case::ended_before_the_degree(
    |p: &mut Portfolio| p.work.push(job("Summer Program", "2018-06-01", Some("2018-08-31"), 4)),
    "work[1] Summer Program, Home visitor (2018-06-01 to 2018-08-31): ended before the qualifying degree was completed (2019-05-15)"
)]
#[case::neither_paid(
    |p: &mut Portfolio| p.work.push(WorkExperience { paid: false, ..job("Volunteer Doulas", "2022-01-03", None, 3) }),
    "work[1] Volunteer Doulas, Home visitor (2022-01-03 to present): unpaid; this part counts paid work"
)]
#[case::no_degree(
    |p: &mut Portfolio| p.education.clear(),
    "work[0] Early Intervention Partners, Home visitor (2021-06-01 to present): counts only after a bachelor's degree is completed, and none is"
)]
fn why_a_job_does_not_count(#[case] tweak: Tweak, #[case] reason: &str) {
    let mut p = base();
    tweak(&mut p);
    assert_eq!(reasons(&ifs(&p)), [reason]);
}

/// A job starting on the as-of date counts (one day), one starting the day after does not.
#[test]
fn a_job_starting_on_the_as_of_date_counts() {
    let mut p = base();
    p.work.push(job("Family Connections", AS_OF, None, 3));
    let r = ifs(&p);
    let q = req(&r, R::Work);
    assert!(q.excluded.is_empty(), "{:?}", reasons(&r));
    assert_eq!(q.contributing.len(), 2);
    assert!(
        q.detail.ends_with("; 17 of 10 families served."),
        "{}",
        q.detail
    );
}

/// ECFS serves children 3 up to 6 years: a job with infants alone does not count, in words
/// naming the ages.
#[test]
fn ecfs_names_its_ages() {
    let p = base();
    let r = report(&p, "massaimh", "ECFS", AS_OF);
    assert_eq!(
        reasons(&r),
        [
            "work[0] Early Intervention Partners, Home visitor (2021-06-01 to present): does not serve young children (3 up to 6 years)"
        ]
    );
}

/// Category I needs paid work with no minimum of years: documented by one job, or missing.
#[rstest]
#[case::documented(|_: &mut Portfolio| {}, Status::Met, "documented", vec![])]
#[case::none_recorded(
    |p: &mut Portfolio| p.work.clear(),
    Status::Unmet, "none recorded yet",
    vec!["paid work with infants/young children and their families".to_string()]
)]
#[case::only_volunteering(
    |p: &mut Portfolio| p.work[0].paid = false,
    Status::Unmet, "none recorded yet",
    vec!["paid work with infants/young children and their families".to_string()]
)]
fn ifa_work_is_documented_or_missing(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] word: &str,
    #[case] missing: Vec<String>,
) {
    let mut p = associate();
    tweak(&mut p);
    let r = report(&p, "massaimh", "IFA", AS_OF);
    let q = req(&r, R::Work);
    assert_eq!((q.status, q.needed), (status, 0.0));
    assert_eq!(
        q.detail,
        format!("Paid work with infants/young children and their families: {word}.")
    );
    assert_eq!(q.missing, missing);
}

/// IV-Clinical's two parts: III work (2 years) and work providing RS/C (3 years). Only the
/// supervisor's job (2016-09-01 to 2025-06-01, 3196 days = 8.75 years) provides RS/C; the
/// clinician's years (2010-09-01 to 2016-08-31, 2192 days) count toward the first part only.
/// The report's number is the part furthest from its minimum (8.75 / 3 < 14.76 / 2).
#[rstest]
#[case::the_supervisor_provides_rsc(true, Status::Met, 8.75, Status::Met)]
#[case::nobody_provides_rsc(false, Status::Unmet, 0.0, Status::Unmet)]
fn imhm_c_counts_only_work_providing_rsc(
    #[case] provides: bool,
    #[case] status: Status,
    #[case] rsc_years: f64,
    #[case] rsc_part: Status,
) {
    let mut p = mentor();
    p.work[1].provides_rsc = provides;
    let r = report(&p, "massaimh", "IMHM-C", "2025-06-01");
    let q = req(&r, R::Work);
    assert_eq!(q.status, status);
    assert_eq!((q.counted, q.needed), (rsc_years, 3.0));
    let parts: Vec<(Status, f64, f64)> = q
        .parts
        .iter()
        .map(|p| (p.status, p.counted, p.needed))
        .collect();
    assert_eq!(
        parts,
        [(Status::Met, 14.76, 2.0), (rsc_part, rsc_years, 3.0)]
    );
    let first = "post-graduate, supervised, relationship-focused IMH services with both the young child and the parent (Category III work)";
    let second = "post-graduate work providing IMH reflective supervision/consultation";
    assert_eq!(
        q.detail,
        format!(
            "{}: 14.76 of 2 years; {}: {rsc_years} of 3 years.",
            capitalised(first),
            capitalised(second)
        )
    );
    if provides {
        assert!(q.missing.is_empty(), "{:?}", q.missing);
        assert!(q.excluded.is_empty(), "{:?}", reasons(&r));
    } else {
        assert_eq!(q.missing, [format!("3 more years of {second}")]);
        // Both jobs count toward the first part, so neither is listed as excluded.
        assert!(q.excluded.is_empty(), "{:?}", reasons(&r));
    }
}

/// The Reflective Supervisor's two parts, with the part named on a job that fits only the
/// other, and the report's number from the part furthest from its minimum; on a tie, the
/// first part.
#[rstest]
#[case::a_year_of_leadership("2025-11-25", (2.0, 2.0))]
#[case::leadership_for_181_days("2026-05-28", (0.49, 1.0))]
fn reflective_supervisor_parts(#[case] lead_from: &str, #[case] binding: (f64, f64)) {
    // Two years exactly of paid work with infants (2024-11-25 to 2026-11-24, 730 days), in two
    // jobs: the second, from `lead_from`, in a leadership role.
    let mut p = reflective_supervisor();
    let before = d(lead_from).pred_opt().expect("a day before");
    p.work = vec![
        WorkExperience {
            supervises_others: true,
            end: Some(before),
            ..job("Nurturing Families Network", "2024-11-25", None, 30)
        },
        WorkExperience {
            leadership: true,
            supervises_others: true,
            ..job("Family Center", lead_from, None, 3)
        },
    ];
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    let q = req(&r, R::Work);
    assert_eq!((q.counted, q.needed), binding, "{}", q.detail);
    let parts: Vec<(&str, f64, f64)> = q
        .parts
        .iter()
        .map(|p| (p.describe.as_str(), p.counted, p.needed))
        .collect();
    assert_eq!(
        parts,
        [
            (
                "paid work with infants/young children and their families",
                2.0,
                2.0
            ),
            ("paid work in a leadership role", binding.0.min(1.0), 1.0),
        ]
    );
    // The first job is not a leadership role, but it counts toward the first part, so it is
    // not listed as excluded.
    assert!(q.excluded.is_empty(), "{:?}", reasons(&r));

    // With preschoolers only, neither job serves infants: each reason names its part.
    for job in &mut p.work {
        job.ages = vec![AgeGroup::ThreeToSixYears];
    }
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    assert_eq!(
        reasons(&r),
        [
            format!(
                "work[0] Nurturing Families Network, Home visitor (2024-11-25 to {before}): does not serve infants/toddlers (birth to 36 months) (for: paid work with infants/young children and their families)"
            ),
            format!(
                "work[0] Nurturing Families Network, Home visitor (2024-11-25 to {before}): not a leadership role (for: paid work in a leadership role)"
            ),
        ]
    );
}

/// "Fewer than 10 families or less than 6 months: advise Category II." Six months is 182
/// days (6 × 365 / 12, floored). One post-graduate job alone, as of 2024-06-01.
#[rstest]
#[case::ten_families_182_days("2023-12-03", 10, false)]
#[case::ten_families_181_days("2023-12-04", 10, true)]
#[case::nine_families_182_days("2023-12-03", 9, true)]
fn imhs_advises_category_ii(#[case] start: &str, #[case] families: u32, #[case] advised: bool) {
    let mut p = specialist_2024();
    p.work.remove(0);
    p.work[0].start = d(start);
    p.work[0].families_served = families;
    let r = report(&p, "massaimh", "IMHS", "2024-06-01");
    let advice = "With fewer than 10 families or under 6 months of this work so far, Category II may be the better fit now.";
    assert_eq!(
        r.advice.iter().any(|a| a.english == advice),
        advised,
        "{:#?}",
        r.advice
    );
}

/// The internship year counts only for the days no regular job covers, up to one year, and
/// the detail says how much of the total it is.
#[rstest]
#[case::the_base(|_: &mut Portfolio| {}, 2.0, Some(1.0))]
#[case::overlapping_the_job_by_a_month(
    // Internship 2022-09-01..2023-06-30 (303 days), 30 of them inside the job from 2023-06-01
    // (367 days to 2024-06-01): 273 extra days.
    |p: &mut Portfolio| { p.work[0].start = d("2022-09-01"); p.work[0].end = Some(d("2023-06-30")); },
    1.75, Some(0.74)
)]
#[case::inside_the_job(
    |p: &mut Portfolio| { p.work[0].start = d("2023-07-01"); p.work[0].end = Some(d("2023-12-31")); },
    1.0, None
)]
fn imhs_internship_days(
    #[case] tweak: Tweak,
    #[case] counted: f64,
    #[case] internship: Option<f64>,
) {
    let mut p = specialist_2024();
    tweak(&mut p);
    let r = report(&p, "massaimh", "IMHS", "2024-06-01");
    let q = req(&r, R::Work);
    assert_eq!(q.counted, counted, "{}", q.detail);
    let describe = "Post-graduate, supervised, relationship-focused IMH services with both the young child and the parent";
    let with = internship
        .map(|y| format!(" (including {y} years of supervised graduate internship)"))
        .unwrap_or_default();
    assert_eq!(q.detail, format!("{describe}: {counted} of 2 years{with}."));
}

/// The 2025 Category III rule: an internship counts only under a supervisor endorsed III or
/// IV-Clinical, and is exempt from pay and licensure; other work must be as a licensed or
/// license-eligible therapist.
#[rstest]
#[case::internship_under_an_imhs("IMHS", None)]
#[case::internship_under_nobody_endorsed(
    "none",
    Some("an internship counts only under a supervisor endorsed at III or IV-Clinical")
)]
fn imhs_2025_internship_supervisor(#[case] supervisor: &str, #[case] refused: Option<&str>) {
    let mut p = specialist_2025();
    p.work.push(WorkExperience {
        role: "Graduate intern".into(),
        paid: false,
        internship: true,
        as_licensed_therapist: false,
        services: vec!["parent-infant-psychotherapy".into()],
        supervisor_endorsement: endorsement(supervisor),
        ..job(
            "University Infant Clinic",
            "2020-09-01",
            Some("2021-08-31"),
            6,
        )
    });
    let last = p.work.len() - 1;
    let r = report(&p, "massaimh", "IMHS", "2025-06-01");
    let q = req(&r, R::Work);
    match refused {
        None => assert!(
            q.contributing.iter().any(|c| c.index() == Some(last)),
            "{:?}",
            reasons(&r)
        ),
        Some(reason) => assert_eq!(
            reasons(&r),
            [format!(
                "work[{last}] University Infant Clinic, Graduate intern (2020-09-01 to 2021-08-31): {reason}"
            )]
        ),
    }
}

/// The reasons of the 2025 Category III rule for jobs that are not licensed parent-infant
/// psychotherapy with both child and parent.
#[rstest]
#[case::not_licensed(
    |w: &mut WorkExperience| w.as_licensed_therapist = false,
    "not as a licensed or license-eligible therapist"
)]
#[case::not_psychotherapy(
    |w: &mut WorkExperience| w.services = vec!["home-visiting".into()],
    "none of the services this part counts: parent-infant-psychotherapy"
)]
#[case::not_with_the_parent(
    |w: &mut WorkExperience| w.with_child_and_parent = false,
    "not with both the young child and the parent (biological, foster or adoptive)"
)]
#[case::not_supervised(
    |w: &mut WorkExperience| w.supervised = false,
    "not supervised; this part counts supervised work"
)]
fn imhs_2025_reasons(#[case] change: fn(&mut WorkExperience), #[case] reason: &str) {
    let mut p = specialist_2025();
    let mut extra = p.work[0].clone();
    extra.employer = "Second Clinic".into();
    change(&mut extra);
    p.work.push(extra);
    let last = p.work.len() - 1;
    let r = report(&p, "massaimh", "IMHS", "2025-06-01");
    let found: Vec<String> = reasons(&r)
        .into_iter()
        .filter(|x| x.starts_with(&format!("work[{last}]")))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with(&format!("): {reason}")), "{found:?}");
}

/// At most one internship year counts: two years of internship and 364 days of work are
/// 365 + 364 = 729 days, a day short of two years.
#[test]
fn one_internship_year_at_most_even_when_a_day_short() {
    let mut p = specialist_2024();
    p.work[0].start = d("2020-09-01");
    p.work[1].start = d("2023-06-04");
    let r = report(&p, "massaimh", "IMHS", "2024-06-01");
    let q = req(&r, R::Work);
    assert_eq!((q.status, q.counted), (Status::Unmet, 1.99), "{}", q.detail);
    assert_eq!(
        q.missing,
        [
            "1 more day of post-graduate, supervised, relationship-focused IMH services with both the young child and the parent"
        ]
    );
}

/// A job with pregnant women alone counts beside infant work, and so do its families:
/// 14 + 6 = 20.
#[test]
fn prenatal_families_add_to_the_count() {
    let mut p = base();
    p.work.push(WorkExperience {
        ages: vec![AgeGroup::Prenatal],
        ..job(
            "Healthy Start Prenatal Program",
            "2019-06-01",
            Some("2021-05-31"),
            6,
        )
    });
    let r = ifs(&p);
    assert!(
        req(&r, R::Work)
            .detail
            .ends_with("; 20 of 10 families served."),
        "{}",
        req(&r, R::Work).detail
    );
}

/// An internship is judged as an internship only where the part has an internship rule: for
/// IFS, an unpaid internship is unpaid work.
#[test]
fn an_unpaid_internship_is_unpaid_work_for_ifs() {
    let mut p = base();
    p.work.push(WorkExperience {
        paid: false,
        internship: true,
        ..job(
            "University Infant Clinic",
            "2020-09-01",
            Some("2021-05-31"),
            4,
        )
    });
    assert_eq!(
        reasons(&ifs(&p)),
        [
            "work[1] University Infant Clinic, Home visitor (2020-09-01 to 2021-05-31): unpaid; this part counts paid work"
        ]
    );
}

/// The report's one number is the part furthest from its minimum; a part that needs no years
/// counts as exactly met (ratio 1) when documented. Category I with a second part added (a
/// year of leadership, from the Reflective Supervisor's rule) that is well over its minimum:
/// the documented first part is the nearer one, so its numbers are shown.
#[test]
fn a_part_needing_no_years_ranks_as_exactly_met() {
    use lattice_domain::category::Track;
    let as_of = d(AS_OF);
    let mut rules = profile("ct-aimh", as_of).clone();
    let lead = rules.categories[&Track::Rs].work[1].clone();
    rules
        .categories
        .get_mut(&Track::I)
        .expect("Category I")
        .work
        .push(lead);
    let mut p = associate();
    p.work[0].leadership = true;
    let r = check(&p, &rules, category("IFA"), as_of).expect("offered");
    let q = req(&r, R::Work);
    // 2022-01-10 to 2026-11-24: 1780 days, 4.87 years, against no minimum.
    assert_eq!((q.status, q.counted, q.needed), (Status::Met, 4.87, 0.0));
}
