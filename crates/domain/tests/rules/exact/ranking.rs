//! The pathfinder ranks by distance (issue #18 item 2): six realistic people, each category's
//! distance and the order worked out by hand from the rules before running the engine.
//!
//! Rules used (DOMAIN.md, `profiles/mi-aimh.toml` as MassAIMH and CT-AIMH inherit it, on
//! 2026-11-24): I needs a CDA or any degree (or 2 years of paid work) and some paid work with
//! young children; II a bachelor's (none at CT-AIMH from 2024), 2 years of post-bachelor's
//! work with 10 families, classroom teaching excluded, 24 h RS/C over 12 months; the
//! Reflective Supervisor 48 h training (15 about providing RS/C + 3 DEI), 2 years of paid work
//! with young children and 1 in a leadership role, 24 h RS/C; III (2025 rule) a master's or a
//! licence, 2 years of parent-infant psychotherapy as a licensed therapist, 33 h (3 DEI), 50 h
//! RS/C with the majority from one or two providers; IV a master's, 3 years of RS/C provision
//! (C), policy (P) or research/teaching (R) after it, 48 h (C: 15 + 3) or 33 h (P, R: 3 DEI),
//! C 50 h RS/C with 25 about the RS/C provided.
//!
//! The distance (`pathfinder.rs`): a degree not held, then months still to wait (work years or
//! the RS/C span, the longer; a kind of work not done at all is a month), then hours (training
//! and RS/C, overlaps once), then steps. Ready first, highest first; ties, the higher first.
//!
//! Every person here has 30 h of training with no topic, three ratings (program supervisor,
//! an RS/C provider endorsed IMHM-C, a colleague), both agreements and membership, so those
//! differ only where the rules do: 30 h leaves 3 h (DEI) for III, IV-P and IV-R and
//! 18 h (15 RS/C + 3 DEI) for the Reflective Supervisor and IV-C.

use lattice_domain::pathfinder::{Distance, paths};

use crate::*;

fn person_with(name: &str, association: &str) -> Portfolio {
    let mut p = base();
    p.person = person(name);
    p.membership = member(association, "2027-06-30");
    p.trainings = (0..5)
        .map(|i| {
            training(
                &format!("Relationship-Based Practice {}", i + 1),
                &format!("2025-0{}-10", i + 1),
                6.0,
                &["relationship-focused-therapeutic-practice"],
            )
        })
        .collect();
    p.references = vec![
        rating(ReferenceRole::ProgramSupervisor, "Janet Park", "2026-09-15"),
        Reference {
            endorsement: endorsement("IMHM-C"),
            ..rating(ReferenceRole::RscProvider, "Dr. Ruth Klein", "2026-10-01")
        },
        rating(ReferenceRole::Colleague, "Sam Okafor", "2026-10-05"),
    ];
    p.rsc = Vec::new();
    p
}

/// 24 h of group RS/C from an IMHM-C over exactly 12 months, ending before 2026-11-24.
fn a_year_of_rsc(start: &str, end: &str) -> Vec<RscRecord> {
    vec![rsc("Dr. Ruth Klein", "IMHM-C", start, end, 24.0)]
}

/// Paid, unsupervised work with no young children: policy, research, teaching adults.
fn desk_job(employer: &str, start: &str, services: &[&str], leadership: bool) -> WorkExperience {
    WorkExperience {
        ages: Vec::new(),
        with_child_and_parent: false,
        supervised: false,
        families_served: 0,
        services: services.iter().map(|s| s.to_string()).collect(),
        leadership,
        role: "Lead".into(),
        ..job(employer, start, None, 0)
    }
}

/// A home visitor with a bachelor's (2023), visiting 8 families since 2025-06-01 (542 days),
/// 24 h RS/C over the last year.
fn home_visitor() -> Portfolio {
    let mut p = person_with("Rosa Diaz", "massaimh");
    p.education = vec![degree(
        DegreeLevel::Bachelors,
        "BA",
        "Psychology",
        "2023-05-15",
    )];
    p.work = vec![job("Healthy Families", "2025-06-01", None, 8)];
    p.rsc = a_year_of_rsc("2025-09-01", "2026-08-31");
    p
}

/// A licensed master's clinician with one year (366 days) of parent-infant psychotherapy.
fn masters_clinician() -> Portfolio {
    let mut p = person_with("Kim Lee", "massaimh");
    p.person.licences = vec!["LICSW".into()];
    p.education = vec![degree(
        DegreeLevel::Masters,
        "MSW",
        "Social Work",
        "2024-05-15",
    )];
    p.work = vec![WorkExperience {
        role: "Clinician".into(),
        services: vec!["parent-infant-psychotherapy".into()],
        as_licensed_therapist: true,
        ..job("Child Guidance Clinic", "2025-11-24", None, 12)
    }];
    p.rsc = a_year_of_rsc("2025-11-24", "2026-11-23");
    p
}

/// A CT-AIMH home visitor with no degree, 12 families since 2023-06-01 (3.48 years).
fn ct_without_degree() -> Portfolio {
    let mut p = person_with("Jo Hart", "ct-aimh");
    p.education = Vec::new();
    p.work = vec![job("Nurturing Families", "2023-06-01", None, 12)];
    p.rsc = a_year_of_rsc("2025-09-01", "2026-08-31");
    p
}

/// A PhD researcher at a university since 2016, with no direct work with families.
fn researcher() -> Portfolio {
    let mut p = person_with("Dr. Ada Moss", "massaimh");
    p.education = vec![degree(
        DegreeLevel::Doctorate,
        "PhD",
        "Psychology",
        "2015-05-15",
    )];
    p.work = vec![desk_job(
        "State University",
        "2016-09-01",
        &["research", "university-teaching"],
        false,
    )];
    p
}

/// A policy lead with a master's (2012), leading a state early childhood office since 2014.
fn policy_lead() -> Portfolio {
    let mut p = person_with("Ben Carter", "massaimh");
    p.education = vec![degree(
        DegreeLevel::Masters,
        "MPH",
        "Public Health",
        "2012-05-15",
    )];
    p.work = vec![desk_job(
        "Office of Early Childhood",
        "2014-01-01",
        &["policy", "program-administration"],
        true,
    )];
    p
}

/// A preschool teacher with a bachelor's (2020), in a classroom of 3-to-5-year-olds since 2020:
/// the ECMH form.
fn early_childhood_teacher() -> Portfolio {
    let mut p = person_with("Lia Stone", "massaimh");
    p.education = vec![degree(
        DegreeLevel::Bachelors,
        "BA",
        "Early Childhood Education",
        "2020-05-15",
    )];
    p.work = vec![WorkExperience {
        role: "Lead teacher".into(),
        ages: vec![AgeGroup::ThreeToSixYears],
        classroom: true,
        with_child_and_parent: false,
        services: vec!["classroom-teaching".into()],
        ..job("Little Acorns Preschool", "2020-09-01", None, 20)
    }];
    p
}

/// (degree missing, months, hours, steps)
fn far(degree: bool, months: u32, hours: f64, steps: u32) -> Distance {
    Distance {
        degree,
        months,
        hours: h(hours),
        steps,
    }
}

/// A distance as written in the cases: (degree missing, months, hours, steps).
type Far = (bool, u32, f64, u32);

const READY: Far = (false, 0, 0.0, 0);

#[rstest]
// IFS: 730 - 542 = 188 days of work, 188 × 12 / 365 = 6.2 → 7 months; 8 of 10 families, a
// step. IFRS: the leadership year not begun (12 months), 18 h. IMHS: no master's; 2 years of
// psychotherapy (24 months); 3 h DEI + 26 h RS/C; 24 h from one provider is not the majority
// of 50 (a step). IV-C: 36 months of providing RS/C, 18 + 26 h (the 25 h about own RS/C are
// among the 26), the majority step. IV-P, IV-R: 36 months, 3 h; IV-R first on the tie.
#[case::home_visitor_with_a_bachelors(home_visitor as fn() -> Portfolio, "massaimh", &[
    ("IFA", READY),
    ("IFS", (false, 7, 0.0, 1)),
    ("IFRS", (false, 12, 18.0, 0)),
    ("IMHS", (true, 24, 29.0, 1)),
    ("IMHM-R", (true, 36, 3.0, 0)),
    ("IMHM-P", (true, 36, 3.0, 0)),
    ("IMHM-C", (true, 36, 44.0, 1)),
])]
// One year of work (366 days): II and III each lack 364 days = 12 months, so hours decide:
// IFS none, IFRS 18, IMHS 3 + 26 and the majority step. Mentor-Research and -Policy lack
// three years of research or policy work and rank below both IMHS and IFS.
#[case::masters_clinician_with_one_year(masters_clinician as fn() -> Portfolio, "massaimh", &[
    ("IFA", READY),
    ("IFS", (false, 12, 0.0, 0)),
    ("IFRS", (false, 12, 18.0, 0)),
    ("IMHS", (false, 12, 29.0, 1)),
    ("IMHM-R", (false, 36, 3.0, 0)),
    ("IMHM-P", (false, 36, 3.0, 0)),
    ("IMHM-C", (false, 36, 44.0, 1)),
])]
// CT-AIMH II has no degree minimum from 2024 and counts work from its start: ready, and above
// IFA. Everything from III up needs the master's she does not have: last, however near.
#[case::ct_applicant_without_a_degree(ct_without_degree as fn() -> Portfolio, "ct-aimh", &[
    ("IFS", READY),
    ("IFA", READY),
    ("IFRS", (false, 12, 18.0, 0)),
    ("IMHS", (true, 24, 29.0, 1)),
    ("IMHM-R", (true, 36, 3.0, 0)),
    ("IMHM-P", (true, 36, 3.0, 0)),
    ("IMHM-C", (true, 36, 44.0, 1)),
])]
// Ten years of research after the PhD: only the 3 h DEI for IV-R. IFA lacks any work with
// young children (a month). II: 24 months of work, 24 h RS/C (none yet, so 12 months of span
// too, within the 24), 10 families. IFRS: 24 months, 18 + 24 h. IMHS: 24 months, 3 + 50 h.
// IV-P: 36 months, 3 h. IV-C: 36 months, 18 + 50 h.
#[case::researcher(researcher as fn() -> Portfolio, "massaimh", &[
    ("IMHM-R", (false, 0, 3.0, 0)),
    ("IFA", (false, 1, 0.0, 0)),
    ("IFS", (false, 24, 24.0, 1)),
    ("IFRS", (false, 24, 42.0, 0)),
    ("IMHS", (false, 24, 53.0, 0)),
    ("IMHM-P", (false, 36, 3.0, 0)),
    ("IMHM-C", (false, 36, 68.0, 0)),
])]
// The researcher's mirror: IV-P lacks only 3 h; the leadership role meets the Reflective
// Supervisor's leadership year, but not its 2 years with young children.
#[case::policy_lead(policy_lead as fn() -> Portfolio, "massaimh", &[
    ("IMHM-P", (false, 0, 3.0, 0)),
    ("IFA", (false, 1, 0.0, 0)),
    ("IFS", (false, 24, 24.0, 1)),
    ("IFRS", (false, 24, 42.0, 0)),
    ("IMHS", (false, 24, 53.0, 0)),
    ("IMHM-R", (false, 36, 3.0, 0)),
    ("IMHM-C", (false, 36, 68.0, 0)),
])]
// ECMH form. Classroom teaching counts for ECFA and the Reflective Supervisor's paid work, not
// for ECFS: ECFRS (the leadership year, 12 months) ranks above ECFS (24 months, 10 families).
#[case::early_childhood_teacher(early_childhood_teacher as fn() -> Portfolio, "massaimh", &[
    ("ECFA", READY),
    ("ECFRS", (false, 12, 42.0, 0)),
    ("ECFS", (false, 24, 24.0, 1)),
    ("ECMHS", (true, 24, 53.0, 0)),
    ("ECMHM-R", (true, 36, 3.0, 0)),
    ("ECMHM-P", (true, 36, 3.0, 0)),
    ("ECMHM-C", (true, 36, 68.0, 0)),
])]
fn six_people_ranked_by_distance(
    #[case] build: fn() -> Portfolio,
    #[case] association: &str,
    #[case] expected: &[(&str, Far)],
) {
    let p = build();
    let found = paths(&p, profile(association, d(AS_OF)), None, d(AS_OF));
    let got: Vec<(&str, Distance)> = found
        .pathways
        .iter()
        .map(|w| (w.category.as_str(), w.distance))
        .collect();
    let want: Vec<(&str, Distance)> = expected
        .iter()
        .map(|&(c, (g, m, hours, s))| (c, far(g, m, hours, s)))
        .collect();
    assert_eq!(got, want);
    assert_eq!(found.best_fit.as_deref(), Some(expected[0].0));
}
