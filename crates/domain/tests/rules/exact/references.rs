//! Reference ratings: the as-of date and the one-year validity on both sides, the "not enough
//! information" limit, who the rater is (the RS/C provider presumption), how raters fill the
//! roles, and the exact reasons, detail and advice.
//!
//! Rules: DOMAIN.md "Reference ratings": three; a rating with 6 or more "not enough
//! information" answers does not count; ratings are valid one year; raters should have known
//! the applicant ≥ 1 year. Category I: one rater from a current supervisor/teacher/CDA mentor,
//! one from someone who meets II/III/IV criteria, the third a colleague or a parent.
//! Profile: `profiles/mi-aimh.toml`, `categories.I.references` (the second slot presumes an RS/C
//! provider meets the criteria: `presumed_roles = ["rsc-provider"]`) and
//! `categories.II.references`.

use crate::*;

const SUPERVISOR_SLOT: &str = "a current program supervisor, teacher, trainer or consultant";
const THIRD_SLOT: &str = "another supervisor, teacher, trainer, consultant or colleague, or a supervisee if you supervise others";
const CRITERIA_SLOT: &str = "someone who meets Category II, III or IV criteria";

fn reasons(r: &Report<'_>) -> Vec<String> {
    req(r, R::References)
        .excluded
        .iter()
        .map(|e| format!("{}: {}", e.item, e.reason))
        .collect()
}

fn contributing(r: &Report<'_>) -> Vec<String> {
    req(r, R::References)
        .contributing
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Each reason a rating does not count, in full, at the edges of each date and number.
#[rstest]
#[case::completed_on_the_as_of_date(|p: &mut Portfolio| p.references[0].completed_on = Some(d(AS_OF)), None)]
#[case::completed_the_day_after(
    |p: &mut Portfolio| p.references[0].completed_on = Some(d("2026-11-25")),
    Some("completed 2026-11-25, after 2026-11-24")
)]
#[case::completed_a_year_and_a_day_before(
    |p: &mut Portfolio| p.references[0].completed_on = Some(d("2025-11-23")),
    Some("completed 2025-11-23, more than 12 months before 2026-11-24; a rating is valid for 12 months")
)]
#[case::completed_exactly_a_year_before(|p: &mut Portfolio| p.references[0].completed_on = Some(d("2025-11-24")), None)]
#[case::six_not_enough_information(
    |p: &mut Portfolio| p.references[0].not_enough_info = 6,
    Some("6 \"not enough information\" answers; a rating with 6 or more does not count")
)]
#[case::five_not_enough_information(|p: &mut Portfolio| p.references[0].not_enough_info = 5, None)]
#[case::completed_without_a_date(
    |p: &mut Portfolio| p.references[0].completed_on = None,
    Some("completed without a date")
)]
#[case::not_requested(
    |p: &mut Portfolio| { p.references[0].status = ReferenceStatus::NotRequested; p.references[0].completed_on = None; },
    Some("not requested yet")
)]
#[case::requested(
    |p: &mut Portfolio| p.references[0].status = ReferenceStatus::Requested,
    Some("requested; the rater has not completed it yet")
)]
#[case::declined(
    |p: &mut Portfolio| p.references[0].status = ReferenceStatus::Declined,
    Some("the rater declined")
)]
#[case::typed_by_the_applicant(
    |p: &mut Portfolio| p.references[0].source = Some(Source::Applicant),
    Some("marked completed by the applicant; a rating counts only when the rater sends it")
)]
fn why_a_rating_does_not_count(#[case] tweak: Tweak, #[case] reason: Option<&str>) {
    let mut p = base();
    tweak(&mut p);
    let r = ifs(&p);
    let q = req(&r, R::References);
    match reason {
        None => {
            assert_eq!(
                (q.status, q.counted),
                (Status::Met, 3.0),
                "{:?}",
                reasons(&r)
            );
            assert_eq!(q.detail, "3 of 3 ratings count, one for each role.");
            assert!(q.missing.is_empty());
        }
        Some(reason) => {
            assert_eq!((q.status, q.counted), (Status::Unmet, 2.0));
            assert_eq!(
                reasons(&r),
                [format!(
                    "references[0] Janet Park (program-supervisor): {reason}"
                )]
            );
            assert_eq!(
                q.detail,
                "2 of 3 ratings count; each role needs its own rater."
            );
            assert_eq!(q.missing, [format!("a rating from {SUPERVISOR_SLOT}")]);
        }
    }
}

/// Each counted rating is named with the role it fills, in the order of the roles.
#[test]
fn counted_ratings_name_their_roles() {
    let p = base();
    let r = ifs(&p);
    assert_eq!(
        contributing(&r),
        [
            format!("references[0] Janet Park (program-supervisor) as {SUPERVISOR_SLOT}"),
            "references[1] Dr. Lena Ortiz (rsc-provider) as the RS/C provider".to_string(),
            format!("references[2] Sam Okafor (colleague) as {THIRD_SLOT}"),
        ]
    );
}

/// Two program supervisors and the RS/C provider: either supervisor could take the first role
/// and the other the third; the first listed takes the first role (the first full assignment
/// found is kept, so the order of the ratings decides, and nothing else).
#[test]
fn of_two_equal_assignments_the_first_listed_rater_takes_the_first_role() {
    let mut p = base();
    p.references[2].role = ReferenceRole::ProgramSupervisor;
    p.references.swap(1, 2);
    let r = ifs(&p);
    assert_eq!(
        contributing(&r),
        [
            format!("references[0] Janet Park (program-supervisor) as {SUPERVISOR_SLOT}"),
            "references[2] Dr. Lena Ortiz (rsc-provider) as the RS/C provider".to_string(),
            format!("references[1] Sam Okafor (program-supervisor) as {THIRD_SLOT}"),
        ]
    );
}

/// Raters should have known the applicant at least a year: exactly a year before the rating
/// gives no advice, a day less does (the rating still counts).
#[rstest]
#[case::exactly_a_year("2025-09-15", false)]
#[case::a_day_short_of_a_year("2025-09-16", true)]
fn raters_should_have_known_you_a_year(#[case] known_since: &str, #[case] advised: bool) {
    let mut p = base();
    // Janet Park rated on 2026-09-15.
    p.references[0].known_since = Some(d(known_since));
    let r = ifs(&p);
    assert_eq!(req(&r, R::References).status, Status::Met);
    let advice = "Janet Park had known you less than 12 months when rating; raters should have known you at least that long.";
    assert_eq!(
        r.advice.iter().any(|a| a.english == advice),
        advised,
        "{:#?}",
        r.advice
    );
}

/// Category I: the second role takes someone endorsed II, III or IV; an RS/C provider whose
/// endorsement is not recorded is presumed to meet the criteria, with advice to record it.
/// The endorsement may also come from the RS/C record of a provider of the same name.
#[rstest]
#[case::rsc_provider_with_no_endorsement_recorded(
    |p: &mut Portfolio| { p.references[1].role = ReferenceRole::RscProvider; p.references[1].endorsement = Endorsement::None; },
    Status::Met, true
)]
#[case::rsc_provider_endorsed_ifs(
    |p: &mut Portfolio| p.references[1].role = ReferenceRole::RscProvider,
    Status::Met, false
)]
#[case::rsc_provider_endorsed_only_ifa(
    |p: &mut Portfolio| { p.references[1].role = ReferenceRole::RscProvider; p.references[1].endorsement = endorsement("IFA"); },
    Status::Unmet, false
)]
#[case::colleague_with_no_endorsement(
    |p: &mut Portfolio| p.references[1].endorsement = Endorsement::None,
    Status::Unmet, false
)]
#[case::colleague_endorsed_on_an_rsc_record_of_the_same_name(
    |p: &mut Portfolio| {
        p.references[1].endorsement = Endorsement::None;
        p.references[1].name = " luis gomez ".into();
        p.rsc = vec![rsc("Luis Gomez", "IMHS", "2024-09-01", "2025-08-31", 12.0)];
    },
    Status::Met, false
)]
#[case::colleague_with_an_rsc_record_of_another_name(
    |p: &mut Portfolio| {
        p.references[1].endorsement = Endorsement::None;
        p.rsc = vec![rsc("Luisa Gomez", "IMHS", "2024-09-01", "2025-08-31", 12.0)];
    },
    Status::Unmet, false
)]
fn category_i_rater_who_meets_the_criteria(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] presumed: bool,
) {
    let mut p = associate();
    tweak(&mut p);
    let name = p.references[1].name.clone();
    let r = report(&p, "massaimh", "IFA", AS_OF);
    let q = req(&r, R::References);
    assert_eq!(q.status, status, "{:?}", reasons(&r));
    if status == Status::Met {
        assert_eq!(
            contributing(&r)[1],
            format!(
                "references[1] {name} ({}) as {CRITERIA_SLOT}",
                p.references[1].role.key()
            )
        );
    } else {
        assert_eq!(q.missing, [format!("a rating from {CRITERIA_SLOT}")]);
    }
    let advice = format!(
        "{name} is counted as {CRITERIA_SLOT} because, as your RS/C provider, they are expected to meet those criteria; record their endorsement so reviewers can confirm it."
    );
    assert_eq!(
        r.advice.iter().any(|a| a.english == advice),
        presumed,
        "{:#?}",
        r.advice
    );
}

/// The presumption is Category I's (its profile names it); IV-Clinical's RS/C-provider role
/// needs a recorded IV-Clinical endorsement and presumes nothing.
#[rstest]
#[case::endorsement_recorded(|_: &mut Portfolio| {}, Status::Met)]
#[case::no_endorsement_recorded_anywhere(
    |p: &mut Portfolio| { p.references[1].endorsement = Endorsement::None; p.rsc[0].provider.name = "Dr. R. Klein".into(); },
    Status::Unmet
)]
#[case::endorsement_on_the_rsc_record(
    |p: &mut Portfolio| p.references[1].endorsement = Endorsement::None,
    Status::Met
)]
fn imhm_c_rsc_provider_rater(#[case] tweak: Tweak, #[case] status: Status) {
    let mut p = mentor();
    tweak(&mut p);
    let r = report(&p, "massaimh", "IMHM-C", "2025-06-01");
    assert_eq!(req(&r, R::References).status, status, "{:?}", reasons(&r));
    assert!(
        !r.advice
            .iter()
            .any(|a| a.english.contains("expected to meet")),
        "{:#?}",
        r.advice
    );
}
