//! Coursework as evidence of competency (issue #18, item 5), written from the sources before
//! running the engine. What the sources say, and what each case below rests on:
//!
//! - CT-AIMH, *Endorsement FAQ* ("How do I know when my EASy application demonstrates enough to
//!   show a competency area has been met?"): Theoretical Foundations and Direct Service Skills
//!   areas must be documented by course work and/or in-service training; work experience
//!   alone is not enough.
//! - CT-AIMH, *Endorsement FAQ* ("What benefit is there if I've earned a certificate in infant
//!   mental health?"): a certificate holder's course work may document all the areas under
//!   Theoretical Foundations and Direct Service Skills as defined for the Specialist
//!   categories (II, III); the approved areas vary from program to program; the 30 hours of
//!   in-service training are still required.
//! - NMAIMH, *Infant Mental Health Specialist (Level III)*: education includes a "university
//!   certificate program, and/or course work" in the competency areas; the portfolio documents
//!   competencies "through course work, in-service training, and reflective
//!   supervision/consultation".
//! - MassAIMH, *Endorsement FAQ*: candidates document competency via college course work,
//!   on-the-job training, in-service training and RS/C; it does not say which areas a
//!   certificate program documents, so at MassAIMH only a certificate's listed courses do.
//!
//! Maya (IFS at MassAIMH, 2026-11-24, see `base`) has no counted training naming "Disorders of
//! infancy/early childhood" or "Infant/very young child & family-centered practice".

use lattice_domain::category::Track;
use lattice_domain::competency::CompetencyArea;
use lattice_domain::coverage::{Standing, picture};
use lattice_domain::format::{parse_portfolio, write_portfolio};
use lattice_domain::portfolio::{Course, DegreeLevel, Education, Portfolio};
use lattice_domain::report::{RequirementId, Status};
use rstest::rstest;

use crate::{AS_OF, base, d, degree, profile, report, req};

const DISORDERS: &str = "disorders-of-infancy-early-childhood";
const FAMILY_CENTERED: &str = "infant-very-young-child-family-centered-practice";

fn area(id: &str) -> CompetencyArea {
    id.parse().expect("a known competency area")
}

fn course(title: &str, areas: &[&str]) -> Course {
    Course {
        title: title.into(),
        competencies: areas.iter().map(|a| area(a)).collect(),
    }
}

/// A master's completed on `completed` with one course naming `areas`.
pub(crate) fn msw_with_course(completed: &str, areas: &[&str]) -> Education {
    Education {
        courses: vec![course("Disorders of Early Childhood", areas)],
        ..degree(DegreeLevel::Masters, "MSW", "Social Work", completed)
    }
}

/// A post-graduate IMH certificate program completed on `completed`, naming `areas`.
fn certificate(completed: &str, areas: &[&str]) -> Education {
    Education {
        level: DegreeLevel::None,
        degree: "Infant Mental Health Certificate".into(),
        field: String::new(),
        institution: "University of Connecticut".into(),
        completed: Some(d(completed)),
        imh_certificate: true,
        competencies: areas.iter().map(|a| area(a)).collect(),
        courses: Vec::new(),
    }
}

/// The verdict and sources of one area of the picture for an IFS applicant.
fn tile(
    p: &Portfolio,
    association: &str,
    as_of: &str,
    id: &str,
) -> (Standing, String, Vec<String>) {
    let tile = picture(
        p,
        profile(association, d(as_of)),
        Some(Track::II),
        &[],
        d(as_of),
    )
    .into_iter()
    .find(|a| a.area == area(id))
    .expect("every area is in the picture");
    (tile.standing(), tile.verdict(), tile.sources())
}

/// A course documents the areas it names once its education entry is completed, at every
/// association (CT-AIMH FAQ: "course work and/or in-service training"; MassAIMH FAQ: "college
/// course work"). Both sides of the completion date.
#[rstest]
#[case::completed_before("massaimh", "2026-05-15", Standing::Documented,
    "documented by 1 course · expected",
    &["Course: Disorders of Early Childhood (MSW Social Work, University of Massachusetts Boston)"])]
#[case::completed_on_the_day("massaimh", AS_OF, Standing::Documented,
    "documented by 1 course · expected",
    &["Course: Disorders of Early Childhood (MSW Social Work, University of Massachusetts Boston)"])]
#[case::completed_the_day_after("massaimh", "2026-11-25", Standing::Nothing,
    "expected; not yet documented by coursework or training",
    &["Listed, not counted: Course: Disorders of Early Childhood (MSW Social Work, University of Massachusetts Boston) (completes on 2026-11-25, after 2026-11-24)"])]
#[case::at_ct_aimh_too("ct-aimh", "2026-05-15", Standing::Documented,
    "documented by 1 course · expected",
    &["Course: Disorders of Early Childhood (MSW Social Work, University of Massachusetts Boston)"])]
fn a_course_documents_its_areas_once_completed(
    #[case] association: &str,
    #[case] completed: &str,
    #[case] standing: Standing,
    #[case] verdict: &str,
    #[case] sources: &[&str],
) {
    let mut p = base();
    p.education.push(msw_with_course(completed, &[DISORDERS]));
    assert_eq!(
        tile(&p, association, AS_OF, DISORDERS),
        (
            standing,
            verdict.to_string(),
            sources.iter().map(|s| s.to_string()).collect()
        )
    );
}

/// An entry still in progress documents nothing yet.
#[test]
fn coursework_of_a_degree_in_progress_is_listed_not_counted() {
    let mut p = base();
    p.education.push(Education {
        completed: None,
        ..msw_with_course("2030-05-15", &[DISORDERS])
    });
    let (standing, _, sources) = tile(&p, "massaimh", AS_OF, DISORDERS);
    assert_eq!(standing, Standing::Nothing);
    assert_eq!(
        sources,
        [
            "Listed, not counted: Course: Disorders of Early Childhood (MSW Social Work, University of Massachusetts Boston) (not completed yet)"
        ]
    );
}

const CT_BOUND: &str = "CT-AIMH counts a certificate program only for Theoretical Foundations and Direct Service Skills areas as defined for Category II or Category III (CT-AIMH, Endorsement FAQ); list the course that covers it";
const CERT: &str =
    "Certificate program: Infant Mental Health Certificate, University of Connecticut";

/// A certificate program documents, as a whole, only the areas the CT-AIMH FAQ allows it:
/// Theoretical Foundations areas of the Specialist categories (II, III) and Direct Service
/// Skills areas. Outside them (Category IV's statistics, Reflection) its areas are listed but
/// not counted; a course naming them still counts. MassAIMH's sources name no such bound.
#[rstest]
#[case::tf_area_of_ii(
    "ct-aimh",
    DISORDERS,
    Standing::Documented,
    "documented by a certificate program",
    None
)]
#[case::tf_area_of_iii_only(
    "ct-aimh",
    "mental-behavioral-disorders-in-adults",
    Standing::Documented,
    "documented by a certificate program",
    None
)]
#[case::direct_service_skill(
    "ct-aimh",
    "screening-assessment",
    Standing::Documented,
    "documented by a certificate program",
    None
)]
#[case::tf_area_of_iv_only(
    "ct-aimh",
    "statistics",
    Standing::Nothing,
    "not documented yet",
    Some(CT_BOUND)
)]
#[case::reflection(
    "ct-aimh",
    "emotional-response",
    Standing::Nothing,
    "not documented yet",
    Some(CT_BOUND)
)]
#[case::no_bound_at_massaimh(
    "massaimh",
    "screening-assessment",
    Standing::Nothing,
    "not documented yet",
    Some(
        "MassAIMH has not said which areas a certificate program documents; list the program's courses with the areas each covers"
    )
)]
fn a_certificate_program_documents_only_what_the_profile_allows(
    #[case] association: &str,
    #[case] id: &str,
    #[case] standing: Standing,
    #[case] verdict: &str,
    #[case] refused: Option<&str>,
) {
    let mut p = base();
    p.education.push(certificate("2025-06-01", &[id]));
    let (got_standing, got_verdict, sources) = tile(&p, association, AS_OF, id);
    let expected_sources: Vec<String> = match refused {
        None => vec![CERT.to_string()],
        Some(why) => vec![format!("Listed, not counted: {CERT} ({why})")],
    };
    // DISORDERS is expected at IFS, so its verdict says so.
    let verdict = if id == DISORDERS {
        format!("{verdict} · expected")
    } else {
        verdict.to_string()
    };
    assert_eq!(
        (got_standing, got_verdict, sources),
        (standing, verdict, expected_sources)
    );

    // The same area in a course of the certificate counts wherever the entry is completed.
    let mut listed = base();
    listed.education.push(Education {
        competencies: Vec::new(),
        courses: vec![course("Seminar", &[id])],
        ..certificate("2025-06-01", &[])
    });
    assert_eq!(
        tile(&listed, association, AS_OF, id).0,
        Standing::Documented
    );
}

/// A course and a training naming the same area are both said.
#[test]
fn coursework_and_training_are_said_together() {
    let mut p = base();
    p.education.push(msw_with_course(
        "2026-05-15",
        &["attachment-separation-trauma-grief-loss"],
    ));
    p.education.push(certificate(
        "2025-06-01",
        &["attachment-separation-trauma-grief-loss"],
    ));
    let (_, verdict, sources) = tile(
        &p,
        "ct-aimh",
        AS_OF,
        "attachment-separation-trauma-grief-loss",
    );
    assert_eq!(
        verdict,
        "documented by 1 course and a certificate program and 1 training · expected"
    );
    assert_eq!(
        sources,
        [
            "Course: Disorders of Early Childhood (MSW Social Work, University of Massachusetts Boston)",
            CERT,
            "Training: Attachment and Loss in Infancy",
        ]
    );
}

const ADVICE_BOTH: &str = "Theoretical Foundations areas no counted training or course covers yet: Infant/very young child & family-centered practice; Disorders of infancy/early childhood. Reviewers look for course work or training in each; work experience or ratings alone do not document them.";
const ADVICE_ONE: &str = "Theoretical Foundations areas no counted training or course covers yet: Infant/very young child & family-centered practice. Reviewers look for course work or training in each; work experience or ratings alone do not document them.";

/// The engine's coverage and advice count coursework (CT-AIMH FAQ); work and ratings never
/// document these areas, however much of them there is: Maya's years of home visiting and her
/// three ratings leave both areas missing until a course names one.
#[rstest]
#[case::work_and_ratings_alone(None, &[FAMILY_CENTERED, DISORDERS], ADVICE_BOTH)]
#[case::a_course_names_one(Some("2026-05-15"), &[FAMILY_CENTERED], ADVICE_ONE)]
#[case::a_course_not_yet_completed(Some("2026-11-25"), &[FAMILY_CENTERED, DISORDERS], ADVICE_BOTH)]
fn the_report_counts_coursework_not_work_or_ratings(
    #[case] course_completed: Option<&str>,
    #[case] missing: &[&str],
    #[case] advice: &str,
) {
    let mut p = base();
    assert!(
        !p.work.is_empty() && p.references.len() == 3,
        "Maya works and is rated"
    );
    if let Some(completed) = course_completed {
        p.education.push(msw_with_course(completed, &[DISORDERS]));
    }
    let r = report(&p, "massaimh", "IFS", AS_OF);
    assert_eq!(r.competencies.missing, missing);
    assert_eq!(
        r.competencies.covered.contains(&DISORDERS),
        missing.len() == 1
    );
    assert!(
        r.advice.iter().any(|a| a.english == advice),
        "{:#?}",
        r.advice
    );
}

/// A certificate program that documents every area does not replace the 30 hours of
/// in-service training (CT-AIMH FAQ: certificate holders "must still include at least 30
/// hours"): the training requirement is unmet with no trainings, and the areas are covered.
#[test]
fn a_certificate_documents_areas_but_not_the_training_hours() {
    let mut p = base();
    p.trainings.clear();
    let every_ii_area: Vec<&str> = CompetencyArea::theoretical_foundations_for(Track::II)
        .into_iter()
        .map(CompetencyArea::id)
        .collect();
    p.education.push(certificate("2025-06-01", &every_ii_area));
    let r = report(&p, "ct-aimh", "IFS", AS_OF);
    assert_eq!(req(&r, RequirementId::Training).status, Status::Unmet);
    assert_eq!(req(&r, RequirementId::Training).counted, 0.0);
    assert!(r.competencies.missing.is_empty(), "{:?}", r.competencies);
    // At MassAIMH, with no bound, the same certificate documents nothing.
    let r = report(&p, "massaimh", "IFS", AS_OF);
    assert_eq!(r.competencies.missing, every_ii_area);
}

/// The format keeps working: files without the new fields read as before and write without
/// them; courses and a certificate's areas round-trip; problems name their fields.
#[test]
fn the_format_carries_courses_and_names_their_problems() {
    let old = r#"{"format":"lattice-portfolio/1","person":{"name":"A"},
        "education":[{"level":"masters","degree":"MSW","completed":"2019-05-15","imh_certificate":false}]}"#;
    let p = parse_portfolio(old).expect("an older file reads");
    assert!(p.education[0].courses.is_empty() && p.education[0].competencies.is_empty());
    let written = write_portfolio(&p);
    assert!(
        !written.contains("courses") && !written.contains("competencies"),
        "{written}"
    );

    let mut p = base();
    p.education
        .push(msw_with_course("2026-05-15", &[DISORDERS]));
    p.education
        .push(certificate("2025-06-01", &["screening-assessment"]));
    let again = parse_portfolio(&write_portfolio(&p)).expect("what is written reads");
    assert_eq!(again.education, p.education);

    let bad = r#"{"format":"lattice-portfolio/1","person":{"name":"A"},
        "education":[{"level":"masters","completed":"2019-05-15","competencies":["statistics"],
          "courses":[{"title":" ","competencies":["cultural-competence","attachment"]},
                     {"title":"Statistics I"}]}]}"#;
    let problems: Vec<String> = parse_portfolio(bad)
        .expect_err("four problems")
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "education[0].competencies: only a certificate program (imh_certificate) documents areas as a whole; list a degree's courses under \"courses\", each with its areas",
            "education[0].courses[0].competencies[1]: unknown competency area \"attachment\" (`lattice competencies` lists the ids)",
            "education[0].courses[0].title: must not be empty",
            "education[0].courses[1].competencies: name at least one competency area the course covers",
        ]
    );
}

/// The education requirement says what coursework documents beside the degree: the areas by
/// name up to three, a count beyond (a certificate program may name a dozen).
#[rstest]
#[case::none(&[], "Needs a bachelor's degree or higher; 1 qualifying degree completed.")]
#[case::one(&[DISORDERS], "Needs a bachelor's degree or higher; 2 qualifying degrees completed. Coursework documents 1 competency area: Disorders of infancy/early childhood.")]
#[case::three(&[DISORDERS, FAMILY_CENTERED, "statistics"], "Needs a bachelor's degree or higher; 2 qualifying degrees completed. Coursework documents 3 competency areas: Infant/very young child & family-centered practice; Disorders of infancy/early childhood; Statistics.")]
#[case::four(&[DISORDERS, FAMILY_CENTERED, "statistics", "speaking"], "Needs a bachelor's degree or higher; 2 qualifying degrees completed. Coursework documents 4 competency areas (the coverage picture lists them).")]
fn the_education_requirement_names_what_coursework_documents(
    #[case] areas: &[&str],
    #[case] detail: &str,
) {
    let mut p = base();
    if !areas.is_empty() {
        p.education.push(msw_with_course("2026-05-15", areas));
    }
    let r = report(&p, "massaimh", "IFS", AS_OF);
    assert_eq!(req(&r, RequirementId::Education).detail, detail);
}

/// Only a certificate program documents areas as a whole: a plain degree's areas are its
/// courses' (the reader refuses areas on one; built in code, the engine ignores them too).
#[test]
fn a_plain_degree_documents_nothing_as_a_whole() {
    let mut p = base();
    p.education.push(Education {
        imh_certificate: false,
        ..certificate("2025-06-01", &["screening-assessment"])
    });
    let (standing, _, sources) = tile(&p, "ct-aimh", AS_OF, "screening-assessment");
    assert_eq!(
        (standing, sources),
        (Standing::Nothing, Vec::<String>::new())
    );
    p.education.last_mut().expect("the entry").imh_certificate = true;
    assert_eq!(
        tile(&p, "ct-aimh", AS_OF, "screening-assessment").0,
        Standing::Documented
    );
}
