//! Reinstating a lapsed endorsement: only ratings completed on or after the lapse count, on
//! both sides of that day; experience must reach past it; what is needed reads in the
//! association's own figures.

use lattice_domain::engine::check_reinstatement;
use lattice_domain::reinstatement::{has_new_experience, needs};
use rstest::rstest;

use super::*;

/// Rosa's ratings were completed 2026-09-15, 2026-10-01 and 2026-10-05 (see `base`).
fn reinstating<'a>(p: &'a Portfolio, lapsed_on: &str) -> Report<'a> {
    let as_of = d(AS_OF);
    check_reinstatement(
        p,
        profile("massaimh", as_of),
        category("IFS"),
        as_of,
        d(lapsed_on),
    )
    .expect("IFS offered")
}

#[rstest]
// Lapsed before every rating: all three are new.
#[case("2026-09-15", 3.0, Status::Met, None)]
// A day later: the first rating (2026-09-15) is the day before the lapse and is refused.
#[case("2026-09-16", 2.0, Status::Unmet, Some("Janet Park"))]
// Lapsed on the day of the second rating: it counts, the first does not.
#[case("2026-10-01", 2.0, Status::Unmet, Some("Janet Park"))]
// A day after the second: two refused.
#[case("2026-10-02", 1.0, Status::Unmet, Some("Dr. Lena Ortiz"))]
// After all three: none counts.
#[case("2026-10-06", 0.0, Status::Unmet, Some("Sam Okafor"))]
fn only_ratings_from_the_lapse_day_on_count(
    #[case] lapsed_on: &str,
    #[case] counted: f64,
    #[case] status: Status,
    #[case] refused: Option<&str>,
) {
    let p = base();
    let r = reinstating(&p, lapsed_on);
    assert_req(&r, R::References, status, counted);
    match refused {
        Some(name) => assert_excluded(
            &r,
            R::References,
            name,
            &format!(
                "before your endorsement lapsed on {lapsed_on}; reinstatement needs new ratings"
            ),
        ),
        None => assert_not_excluded(&r, R::References),
    }
}

#[test]
fn an_ordinary_application_keeps_its_ratings_whatever_the_date() {
    let p = base();
    // The same portfolio, not a reinstatement: all three count.
    assert_req(&ifs(&p), R::References, Status::Met, 3.0);
    // And the reinstatement rule touches nothing but ratings.
    let r = reinstating(&p, "2026-10-06");
    for id in [R::Training, R::Work, R::Rsc, R::Membership, R::Agreements] {
        assert_eq!(req(&r, id).status, req(&ifs(&p), id).status, "{}", id.key());
    }
}

#[rstest]
// Rosa's job goes on (no end): experience past any lapse up to today.
#[case(None, "2026-11-01", true)]
// A job that ended the day before the lapse is old experience ...
#[case(Some("2026-10-31"), "2026-11-01", false)]
// ... one that ended on the lapse day reaches it.
#[case(Some("2026-11-01"), "2026-11-01", true)]
fn experience_must_reach_the_lapse(
    #[case] job_end: Option<&str>,
    #[case] lapsed_on: &str,
    #[case] expected: bool,
) {
    let mut p = base();
    p.work[0].end = job_end.map(d);
    // Every training of the base portfolio is older than these lapses.
    assert!(p.trainings.iter().all(|t| t.date < d("2026-10-31")));
    assert_eq!(has_new_experience(&p, d(lapsed_on), d(AS_OF)), expected);
}

#[rstest]
#[case("2026-11-10", "2026-11-10", true)]
#[case("2026-11-09", "2026-11-10", false)]
fn a_training_on_or_after_the_lapse_is_new_experience(
    #[case] trained: &str,
    #[case] lapsed_on: &str,
    #[case] expected: bool,
) {
    let mut p = base();
    p.work[0].end = Some(d("2026-01-31"));
    p.trainings.push(training(
        "Since the lapse",
        trained,
        3.0,
        &["cultural-competence"],
    ));
    assert_eq!(has_new_experience(&p, d(lapsed_on), d(AS_OF)), expected);
}

#[test]
fn the_needs_use_the_profile_figures() {
    let profile = profile("massaimh", d(AS_OF));
    let rule = profile.rule(category("IFS").track).expect("IFS");
    let listed = needs(profile, category("IFS"), d("2027-01-01")).expect("offered");
    let ids: Vec<&str> = listed.iter().map(|n| n.id).collect();
    assert_eq!(ids, ["membership", "experience", "ratings", "fee"]);
    assert_eq!(listed[2].label, "Three new ratings");
    assert_eq!(rule.references.count, 3);
    assert!(listed[2].detail.contains("on or after 2027-01-01"));
    let fee = rule.fees.as_ref().expect("MassAIMH publishes its fees");
    assert_eq!(
        listed[3].detail,
        format!(
            "The ${} processing fee, again: it is invoiced when you submit.",
            fee.processing_usd
        )
    );
}
