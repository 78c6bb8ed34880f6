//! The competency coverage picture tells the truth: only coursework and training that the
//! engine counts document an area; ratings show an area without documenting it; work names
//! no areas. Cases start from Maya (IFS at MassAIMH, 2026-11-24), whose counted trainings
//! leave "Disorders of infancy/early childhood" undocumented.

use lattice_domain::category::Track;
use lattice_domain::competency::{AreaSet, CompetencyArea};
use lattice_domain::coverage::{AreaCoverage, RaterAreas, Standing, picture};
use lattice_domain::portfolio::{Population, Portfolio, Training, TrainingKind};
use rstest::rstest;

use crate::{AS_OF, Tweak, base, d, profile, training, workshop_at};

const DISORDERS: &str = "disorders-of-infancy-early-childhood";
const TF_RULE: &str = "Theoretical Foundations and Direct Service Skills areas must be documented by coursework or training; ratings and work experience do not document them.";

fn area(id: &str) -> CompetencyArea {
    id.parse().expect("a known competency area")
}

fn rated(rater: &str, ids: &[&str]) -> (String, AreaSet) {
    (
        rater.to_string(),
        CompetencyArea::set(ids.iter().map(|id| area(id))),
    )
}

/// The picture's entry for one area, for an applicant at `track` (or with no application).
fn tile<'a>(
    p: &'a Portfolio,
    track: Option<Track>,
    ratings: &'a [(String, AreaSet)],
    id: &str,
) -> AreaCoverage<'a> {
    let ratings: Vec<RaterAreas<'a>> = ratings
        .iter()
        .map(|(rater, areas)| RaterAreas {
            rater,
            areas: *areas,
        })
        .collect();
    picture(p, profile("massaimh", d(AS_OF)), track, &ratings, d(AS_OF))
        .into_iter()
        .find(|a| a.area == area(id))
        .expect("every area is in the picture")
}

fn disorders_training(title: &str) -> Training {
    training(title, "2025-02-10", 3.0, &[DISORDERS])
}

#[rstest]
#[case::nothing_names_it(
    |_: &mut Portfolio| {}, &[],
    Standing::Nothing, true,
    "expected; not yet documented by coursework or training",
    &[]
)]
#[case::only_a_rating_shows_it(
    |_: &mut Portfolio| {}, &[("Janet Park", &[DISORDERS][..])],
    Standing::ShownOnlyByRatings, true,
    "shown only by ratings; not documented by coursework or training · expected",
    &["Rating by Janet Park (shows, does not document)"]
)]
#[case::a_counted_workshop_documents_it(
    |p: &mut Portfolio| p.trainings.push(disorders_training("Early Disorders")), &[],
    Standing::Documented, false,
    "documented by 1 training or course · expected",
    &["Training: Early Disorders"]
)]
#[case::a_college_course_documents_it(
    |p: &mut Portfolio| p.trainings.push(Training { kind: TrainingKind::CollegeCourse, ..disorders_training("PSY 510") }), &[],
    Standing::Documented, false,
    "documented by 1 training or course · expected",
    &["Training: PSY 510"]
)]
#[case::a_training_and_a_rating(
    |p: &mut Portfolio| p.trainings.push(disorders_training("Early Disorders")), &[("Janet Park", &[DISORDERS][..])],
    Standing::Documented, false,
    "documented by 1 training or course · expected",
    &["Training: Early Disorders", "Rating by Janet Park (shows, does not document)"]
)]
#[case::two_trainings(
    |p: &mut Portfolio| { p.trainings.push(disorders_training("Early Disorders")); p.trainings.push(disorders_training("DC:0-5 Basics")); }, &[],
    Standing::Documented, false,
    "documented by 2 trainings or courses · expected",
    &["Training: Early Disorders", "Training: DC:0-5 Basics"]
)]
#[case::a_training_about_school_age_children_does_not_count(
    |p: &mut Portfolio| p.trainings.push(Training { population: Some(Population::SchoolAge), ..disorders_training("Childhood Disorders") }), &[],
    Standing::Nothing, true,
    "expected; not yet documented by coursework or training",
    &["Listed, not counted: Childhood Disorders (focused on school-age children; trainings primarily about school-age children, adolescents or the elderly do not count)"]
)]
#[case::a_training_dated_the_day_after_does_not_count(
    |p: &mut Portfolio| p.trainings.push(training("Early Disorders", "2026-11-25", 3.0, &[DISORDERS])), &[],
    Standing::Nothing, true,
    "expected; not yet documented by coursework or training",
    &["Listed, not counted: Early Disorders (dated 2026-11-25, after 2026-11-24)"]
)]
#[case::a_training_dated_on_the_day_counts(
    |p: &mut Portfolio| p.trainings.push(training("Early Disorders", AS_OF, 3.0, &[DISORDERS])), &[],
    Standing::Documented, false,
    "documented by 1 training or course · expected",
    &["Training: Early Disorders"]
)]
#[case::a_workshop_of_a_second_conference_does_not_count(
    |p: &mut Portfolio| p.trainings.push(workshop_at("ZERO TO THREE LEARN", "Early Disorders", "2025-10-20", 3.0, &[DISORDERS])), &[],
    Standing::Nothing, true,
    "expected; not yet documented by coursework or training",
    &["Listed, not counted: Early Disorders (another conference, \"ZERO TO THREE LEARN\": listed but not counted toward the 30-hour minimum; only 1 conference may count (MassAIMH Annual Conference 2025 counts))"]
)]
#[case::a_rating_does_not_fill_the_gap_a_school_age_training_leaves(
    |p: &mut Portfolio| p.trainings.push(Training { population: Some(Population::SchoolAge), ..disorders_training("Childhood Disorders") }), &[("Sam Okafor", &[DISORDERS][..])],
    Standing::ShownOnlyByRatings, true,
    "shown only by ratings; not documented by coursework or training · expected",
    &[
        "Listed, not counted: Childhood Disorders (focused on school-age children; trainings primarily about school-age children, adolescents or the elderly do not count)",
        "Rating by Sam Okafor (shows, does not document)",
    ]
)]
fn an_expected_theoretical_foundations_area(
    #[case] tweak: Tweak,
    #[case] raters: &[(&str, &[&str])],
    #[case] standing: Standing,
    #[case] gap: bool,
    #[case] verdict: &str,
    #[case] sources: &[&str],
) {
    let mut p = base();
    tweak(&mut p);
    let ratings: Vec<(String, AreaSet)> = raters.iter().map(|(r, ids)| rated(r, ids)).collect();
    let t = tile(&p, Some(Track::II), &ratings, DISORDERS);
    assert!(t.expected);
    assert_eq!(t.standing(), standing);
    assert_eq!(t.is_gap(), gap);
    assert_eq!(t.verdict(), verdict);
    assert_eq!(t.sources(), sources);
    assert_eq!(
        t.note(),
        (standing != Standing::Documented).then_some(TF_RULE)
    );
}

/// Areas the category does not list: a rating still never documents one, and the note about
/// coursework belongs to Theoretical Foundations and Direct Service Skills only.
#[rstest]
#[case::reflection_shown_by_a_rating(
    "reflective-supervision",
    Some(Track::II),
    Standing::ShownOnlyByRatings,
    "shown only by ratings; not documented by coursework or training",
    None
)]
#[case::direct_service_skills_shown_by_a_rating(
    "screening-assessment",
    Some(Track::II),
    Standing::ShownOnlyByRatings,
    "shown only by ratings; not documented by coursework or training",
    Some(TF_RULE)
)]
#[case::working_with_others_not_rated(
    "coaching-mentoring",
    Some(Track::II),
    Standing::Nothing,
    "not documented yet",
    None
)]
#[case::theoretical_foundations_outside_the_category(
    "statistics",
    Some(Track::II),
    Standing::Nothing,
    "not documented yet",
    Some(TF_RULE)
)]
#[case::documented_with_no_application(
    "cultural-competence",
    None,
    Standing::Documented,
    "documented by 1 training or course",
    None
)]
#[case::nothing_is_expected_with_no_application(
    DISORDERS,
    None,
    Standing::Nothing,
    "not documented yet",
    Some(TF_RULE)
)]
fn an_area_the_category_does_not_expect(
    #[case] id: &str,
    #[case] track: Option<Track>,
    #[case] standing: Standing,
    #[case] verdict: &str,
    #[case] note: Option<&str>,
) {
    let p = base();
    let ratings = [rated(
        "Janet Park",
        &["reflective-supervision", "screening-assessment"],
    )];
    let t = tile(&p, track, &ratings, id);
    assert!(!t.expected);
    assert!(!t.is_gap());
    assert_eq!(t.standing(), standing);
    assert_eq!(t.verdict(), verdict);
    assert_eq!(t.note(), note);
}

/// Work entries name no areas: a portfolio of work and ratings, without trainings, documents
/// nothing, and every area the category expects is a gap.
#[test]
fn work_and_ratings_alone_document_no_area() {
    let mut p = base();
    p.trainings.clear();
    let every_area: Vec<&str> = CompetencyArea::all().map(CompetencyArea::id).collect();
    let ratings = [rated("Janet Park", &every_area)];
    let ratings: Vec<RaterAreas> = ratings
        .iter()
        .map(|(rater, areas)| RaterAreas {
            rater,
            areas: *areas,
        })
        .collect();
    let all = picture(
        &p,
        profile("massaimh", d(AS_OF)),
        Some(Track::II),
        &ratings,
        d(AS_OF),
    );
    assert_eq!(all.len(), CompetencyArea::all().count());
    assert!(
        all.iter()
            .all(|a| a.standing() == Standing::ShownOnlyByRatings)
    );
    let gaps: Vec<&str> = all
        .iter()
        .filter(|a| a.is_gap())
        .map(|a| a.area.id())
        .collect();
    let expected: Vec<&str> = CompetencyArea::theoretical_foundations_for(Track::II)
        .into_iter()
        .map(CompetencyArea::id)
        .collect();
    assert_eq!(gaps, expected);
}

/// The report's own coverage (the CLI's `competencies`, the engine's advice) counts the same
/// trainings: one the engine excludes leaves the area missing.
#[rstest]
#[case::counted(None, &["infant-very-young-child-family-centered-practice"], "Infant/very young child & family-centered practice")]
#[case::about_school_age_children(
    Some(Population::SchoolAge),
    &["infant-very-young-child-family-centered-practice", DISORDERS],
    "Infant/very young child & family-centered practice; Disorders of infancy/early childhood"
)]
fn the_report_names_what_no_counted_training_covers(
    #[case] population: Option<Population>,
    #[case] missing: &[&str],
    #[case] names: &str,
) {
    let mut p = base();
    p.trainings.push(Training {
        population: population.or(Some(Population::InfantToddler)),
        ..disorders_training("Early Disorders")
    });
    let r = crate::ifs(&p);
    assert_eq!(r.competencies.missing, missing);
    assert_eq!(
        r.competencies.covered.contains(&DISORDERS),
        population.is_none()
    );
    let advice = format!(
        "Theoretical Foundations areas no counted training or course covers yet: {names}. Reviewers look for course work or training in each; work experience or ratings alone do not document them."
    );
    assert!(
        r.advice.iter().any(|a| a.english == advice),
        "{:#?}",
        r.advice
    );
}
