//! The pathfinder: the IMH or ECMH form from the ages served (IMH on a tie), each pathway the
//! same as checking its category alone (training counts are shared between categories only
//! when their training rules are the same), the exam flag, and the order of the pathways.
//!
//! Rules: DOMAIN.md "Categories" (each tier has an IMH form, birth–36 months, and an ECMH form,
//! 3 up to 6 years; III and IV sit the exam before 2025); the pathfinder's own ordering (ready
//! categories first, highest first; then the nearest) is stated in `pathfinder.rs`.

use lattice_domain::category::Form;
use lattice_domain::pathfinder::{infer_form, paths};

use crate::*;

/// Days with infants against days with children 3 to 6; the form with more days wins, IMH on
/// a tie.
#[rstest]
#[case::infants_only(vec![(vec![AgeGroup::Birth36m], "2021-06-01")], Form::Imh)]
#[case::preschoolers_only(vec![(vec![AgeGroup::ThreeToSixYears], "2021-06-01")], Form::Ecmh)]
#[case::both_in_one_job(vec![(vec![AgeGroup::Birth36m, AgeGroup::ThreeToSixYears], "2021-06-01")], Form::Imh)]
#[case::preschoolers_a_day_longer(
    vec![(vec![AgeGroup::Birth36m], "2021-06-02"), (vec![AgeGroup::ThreeToSixYears], "2021-06-01")],
    Form::Ecmh
)]
#[case::infants_a_day_longer(
    vec![(vec![AgeGroup::Birth36m], "2021-06-01"), (vec![AgeGroup::ThreeToSixYears], "2021-06-02")],
    Form::Imh
)]
fn the_form_follows_the_ages_served(#[case] jobs: Vec<(Vec<AgeGroup>, &str)>, #[case] form: Form) {
    let mut p = base();
    p.work = jobs
        .into_iter()
        .map(|(ages, start)| WorkExperience {
            ages,
            ..job("Early Intervention Partners", start, None, 14)
        })
        .collect();
    assert_eq!(infer_form(&p, d(AS_OF)), form);
    assert_eq!(
        paths(&p, profile("massaimh", d(AS_OF)), None, d(AS_OF)).form,
        form
    );
}

/// Each pathway says what checking its category alone says: readiness, the unmet
/// requirements, every missing line, and whether an exam follows. The Reflective Supervisor
/// portfolio with two conferences is the sharp case: the Reflective Supervisor keeps the
/// smaller conference (it holds the RS/C-topic hours), the other categories the larger one.
#[rstest]
#[case::maya_at_massaimh(base as fn() -> Portfolio, "massaimh", AS_OF, true)]
#[case::ana_at_ct_aimh_with_two_conferences(
    two_conferences as fn() -> Portfolio, "ct-aimh", AS_OF, true
)]
#[case::elena_at_massaimh(mentor as fn() -> Portfolio, "massaimh", "2025-06-01", true)]
#[case::noor_before_2025(specialist_2024 as fn() -> Portfolio, "massaimh", "2024-06-01", true)]
fn each_pathway_is_the_check_of_its_category(
    #[case] build: fn() -> Portfolio,
    #[case] association: &str,
    #[case] as_of: &str,
    #[case] some_lines_with_ids: bool,
) {
    let p = build();
    let as_of = d(as_of);
    let profile = profile(association, as_of);
    let found = paths(&p, profile, None, as_of);
    assert!(!found.pathways.is_empty());
    for pathway in &found.pathways {
        let alone = check(&p, profile, category(&pathway.category), as_of).expect("offered");
        let unmet: Vec<RequirementId> = alone.unmet().map(|q| q.id).collect();
        let missing: Vec<String> = alone
            .unmet()
            .flat_map(|q| q.missing.iter().cloned())
            .collect();
        let exam = req(&alone, R::Exam).status == Status::Pending;
        assert_eq!(
            (
                pathway.ready,
                &pathway.unmet,
                &pathway.missing,
                pathway.exam
            ),
            (alone.ready, &unmet, &missing, exam),
            "{}",
            pathway.category
        );
        // Each missing line keeps its id, for a page in another language.
        for line in &pathway.missing {
            let phrase = alone.unmet().find_map(|q| q.said(line));
            assert_eq!(pathway.said(line), phrase, "{}: {line}", pathway.category);
        }
        assert_eq!(
            pathway.phrases.len(),
            pathway
                .missing
                .iter()
                .filter(|line| alone.unmet().any(|q| q.said(line).is_some()))
                .count(),
            "{}",
            pathway.category
        );
    }
    // Not vacuous: where some missing lines have ids, the pathways keep them.
    assert_eq!(
        found.pathways.iter().any(|w| !w.phrases.is_empty()),
        some_lines_with_ids,
        "{:#?}",
        found.pathways
    );
}

fn two_conferences() -> Portfolio {
    let mut p = reflective_supervisor();
    p.trainings[3].conference = Some("Reflective Practice Institute".into());
    p.trainings.push(workshop_at(
        "Early Childhood Systems Summit",
        "Systems of Care",
        "2025-04-01",
        8.0,
        &["service-delivery-systems"],
    ));
    p
}

/// The sharp case in numbers: the Reflective Supervisor counts 48 h (the RS/C conference),
/// IFS 48.5 h (the larger conference), whichever is checked first.
#[test]
fn categories_with_different_training_rules_count_their_own_conference() {
    let p = two_conferences();
    let as_of = d(AS_OF);
    let found = paths(&p, profile("ct-aimh", as_of), None, as_of);
    let ifrs = found
        .pathways
        .iter()
        .find(|w| w.category == "IFRS")
        .expect("offered");
    assert!(ifrs.ready, "{:?}", ifrs.missing);
    let alone = report(&p, "ct-aimh", "IFS", AS_OF);
    assert_eq!(req(&alone, R::Training).counted, 48.5);
    let alone = report(&p, "ct-aimh", "IFRS", AS_OF);
    assert_eq!(req(&alone, R::Training).counted, 48.0);
}

/// Ready categories first, the highest first; then the nearest by distance (a degree not held,
/// months to wait, hours, steps, compared in that order), the higher first when equally near.
/// The best fit is the first. The exact distances of six people are in `ranking.rs`.
#[rstest]
#[case::maya(base as fn() -> Portfolio, "massaimh", AS_OF, "IFS")]
#[case::ana(reflective_supervisor as fn() -> Portfolio, "ct-aimh", AS_OF, "IFRS")]
#[case::elena(mentor as fn() -> Portfolio, "massaimh", "2025-06-01", "IMHM-C")]
fn the_order_of_pathways(
    #[case] build: fn() -> Portfolio,
    #[case] association: &str,
    #[case] as_of: &str,
    #[case] best: &str,
) {
    let p = build();
    let found = paths(&p, profile(association, d(as_of)), None, d(as_of));
    assert_eq!(found.best_fit.as_deref(), Some(best));
    let rank = |abbr: &str| category(abbr).track;
    for pair in found.pathways.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let key = |w: &lattice_domain::pathfinder::Pathway| {
            (
                w.distance.degree,
                w.distance.months,
                w.distance.hours,
                w.distance.steps,
            )
        };
        let in_order = if a.ready != b.ready {
            a.ready
        } else if a.ready || key(a) == key(b) {
            rank(&a.category) > rank(&b.category)
        } else {
            key(a) < key(b)
        };
        assert!(in_order, "{} before {}", a.category, b.category);
    }
}
