//! The applicant's words and the numbers behind them (issue #18 items 2, 3, 8): how items are
//! named on pages and in `--format text`, each requirement's gap in numbers, and the
//! pathfinder's distance in words. Expected values worked out by hand in the comments.

use lattice_domain::pathfinder::Distance;
use lattice_domain::report::{Gap, Item, your_role};

use crate::*;

/// Each kind of item by what the applicant calls it; Display keeps the file's place for the
/// JSON.
#[test]
fn items_by_the_names_the_applicant_knows() {
    let p = base();
    let t = Item::Training {
        index: 0,
        training: &p.trainings[0],
    };
    assert_eq!(
        t.prose(),
        "the training 'Attachment and Loss in Infancy' (2024-03-02)"
    );
    assert_eq!(
        t.to_string(),
        "trainings[0] Attachment and Loss in Infancy (6.5 h)"
    );
    let r = Item::Rsc {
        index: 0,
        record: &p.rsc[0],
    };
    assert_eq!(
        r.prose(),
        "the RS/C with Dr. Lena Ortiz (2024-09-01 to 2025-08-31, 24 h)"
    );
    let ongoing = Item::Work {
        index: 0,
        job: &p.work[0],
    };
    assert_eq!(
        ongoing.prose(),
        "your work at Early Intervention Partners, Home visitor (since 2021-06-01)"
    );
    let ended = WorkExperience {
        role: String::new(),
        ..job("Family Connections", "2019-01-01", Some("2020-12-31"), 5)
    };
    assert_eq!(
        Item::Work {
            index: 1,
            job: &ended
        }
        .prose(),
        "your work at Family Connections (2019-01-01 to 2020-12-31)"
    );
    assert_eq!(
        Item::Education {
            index: 0,
            entry: &p.education[0]
        }
        .prose(),
        "your degree 'BA Psychology'"
    );
    let unnamed = Education {
        degree: String::new(),
        field: String::new(),
        ..degree(DegreeLevel::Masters, "", "", "2020-05-15")
    };
    let unnamed_item = Item::Education {
        index: 3,
        entry: &unnamed,
    };
    assert_eq!(unnamed_item.prose(), "your master's degree");
    assert_eq!(unnamed_item.to_string(), "education[3]");
    assert_eq!(unnamed_item.index(), Some(3));
    let rating = Item::Reference {
        index: 2,
        reference: &p.references[0],
    };
    assert_eq!(
        rating.prose(),
        "the rating from Janet Park, your program supervisor"
    );
    assert_eq!(
        rating.to_string(),
        "references[2] Janet Park (program-supervisor)"
    );
    assert_eq!(rating.index(), Some(2));
    let membership = p.membership.as_ref().expect("member");
    let m = Item::Membership(membership);
    assert_eq!(m.prose(), "your membership (valid until 2027-06-30)");
    assert_eq!(m.to_string(), "membership massaimh until 2027-06-30");
    assert_eq!(m.index(), None);
    assert_eq!(Item::from("Code of Ethics").prose(), "Code of Ethics");
}

#[test]
fn raters_by_their_role_to_the_applicant() {
    let roles = [
        (ReferenceRole::ProgramSupervisor, "your program supervisor"),
        (ReferenceRole::RscProvider, "your RS/C provider"),
        (ReferenceRole::Colleague, "your colleague"),
        (ReferenceRole::Supervisee, "your supervisee"),
        (
            ReferenceRole::Teacher,
            "your teacher, trainer or consultant",
        ),
        (ReferenceRole::Parent, "a parent"),
        (ReferenceRole::Other, "a rater in another role"),
    ];
    for (role, words) in roles {
        assert_eq!(your_role(role), words);
    }
}

/// Three topic parts in one line: RS/C-only 7.5 h, 1 h tagged both, no DEI-only hours, 46 h
/// in all. RS/C 8.5 of 15 (6.5 short), DEI 1 of 3 (2 short); topic hours owed
/// (15 - 7.5) + (3 - 0) - 1 = 9.5 > 48 - 46 = 2, so 9.5 h, of which the 1 h beyond
/// 6.5 + 2 may be either.
#[test]
fn a_line_with_every_kind_of_topic_hour() {
    let mut p = reflective_supervisor();
    p.trainings[4].topics.clear();
    p.trainings[5].hours = h(1.0);
    p.trainings[5].topics = vec![Topic::Rsc, Topic::Dei];
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    let t = req(&r, R::Training);
    assert_eq!(
        t.missing,
        [
            "9.5 more hours of training, of which 6.5 about providing RS/C, 2 about DEI and 1 about providing RS/C or about DEI (an hour tagged both counts toward one of the two)"
        ]
    );
    assert_eq!(
        t.gap,
        Gap {
            hours: h(9.5),
            rsc_topic_hours: h(6.5),
            dei_topic_hours: h(2.0),
            ..Gap::default()
        }
    );
}

/// Each requirement's gap: a wait in days, hours, or single steps.
#[test]
fn each_requirement_reports_its_gap_in_numbers() {
    // Category I without a degree and 365 days of work (2025-11-25 to 2026-11-24): 730 - 365
    // days still to work, no degree needed.
    let mut p = base();
    p.education.clear();
    p.work = vec![job("Early Head Start", "2025-11-25", None, 6)];
    let r = report(&p, "massaimh", "IFA", AS_OF);
    assert_eq!(
        req(&r, R::Education).gap,
        Gap {
            days: 365,
            ..Gap::default()
        }
    );

    // RS/C from 2026-01-01 to 2026-06-30, 24 h: 12 months need a session on 2026-12-31,
    // 184 days after the last one.
    let mut p = base();
    p.rsc = vec![rsc(
        "Dr. Lena Ortiz",
        "IMHS",
        "2026-01-01",
        "2026-06-30",
        24.0,
    )];
    assert_eq!(
        req(&ifs(&p), R::Rsc).gap,
        Gap {
            days: 184,
            ..Gap::default()
        }
    );
    // No RS/C at all: 24 h over the whole 12-month span, 365 days.
    p.rsc.clear();
    assert_eq!(
        req(&ifs(&p), R::Rsc).gap,
        Gap {
            days: 365,
            hours: h(24.0),
            ..Gap::default()
        }
    );

    // Category I's paid work with young children, none at all (a researcher's job serves no
    // young children): a month to wait, 365 / 12 = 30 days.
    let mut p = base();
    p.work = vec![WorkExperience {
        ages: Vec::new(),
        ..job("State University", "2016-09-01", None, 0)
    }];
    assert_eq!(
        req(&report(&p, "massaimh", "IFA", AS_OF), R::Work).gap,
        Gap {
            days: 30,
            ..Gap::default()
        }
    );

    // Nothing signed, no membership: two steps and one.
    let mut p = base();
    p.agreements = Agreements {
        code_of_ethics: None,
        endorsement_agreement: None,
    };
    p.membership = None;
    let r = ifs(&p);
    assert_eq!(req(&r, R::Agreements).gap.steps, 2);
    assert_eq!(req(&r, R::Membership).gap.steps, 1);
    // Expired membership: one step (renew it).
    p.membership = member("massaimh", "2026-11-23");
    assert_eq!(req(&ifs(&p), R::Membership).gap.steps, 1);
    // A met requirement has no gap.
    assert!(req(&ifs(&base()), R::Membership).gap.is_none());
    assert!(!req(&ifs(&p), R::Membership).gap.is_none());
}

/// Gaps of two requirements together: a degree if either needs one, the longer wait, hours
/// and steps added.
#[test]
fn gaps_add_up_with_the_longer_wait() {
    let a = Gap {
        degree: false,
        days: 100,
        hours: h(3.0),
        rsc_topic_hours: h(1.0),
        dei_topic_hours: h(2.0),
        steps: 1,
    };
    let b = Gap {
        degree: true,
        days: 40,
        hours: h(24.0),
        rsc_topic_hours: h(4.0),
        dei_topic_hours: h(0.5),
        steps: 2,
    };
    let both = Gap {
        degree: true,
        days: 100,
        hours: h(27.0),
        rsc_topic_hours: h(5.0),
        dei_topic_hours: h(2.5),
        steps: 3,
    };
    assert_eq!(a.and(b), both);
    assert_eq!(b.and(a), both);
}

#[rstest]
#[case::degree_and_everything(true, 24, 12.0, 1, "a degree first, 24 months, 12 h, 1 step")]
#[case::one_month_two_steps(false, 1, 0.0, 2, "1 month, 2 steps")]
#[case::hours_only(false, 0, 0.25, 0, "0.25 h")]
#[case::nothing(false, 0, 0.0, 0, "")]
fn the_distance_in_words(
    #[case] degree: bool,
    #[case] months: u32,
    #[case] hours: f64,
    #[case] steps: u32,
    #[case] words: &str,
) {
    let distance = Distance {
        degree,
        months,
        hours: h(hours),
        steps,
    };
    assert_eq!(distance.describe(), words);
}

/// Days to months, rounded up (a month is 365/12 days): 30 days is 1 month (986 of 1000),
/// 31 days 2 (1.02 months), 365 days 12, 366 days 13.
#[rstest]
#[case(0, 0)]
#[case(30, 1)]
#[case(31, 2)]
#[case(365, 12)]
#[case(366, 13)]
fn months_round_up(#[case] days: i64, #[case] months: u32) {
    let distance = Distance::of(Gap {
        days,
        ..Gap::default()
    });
    assert_eq!(distance.months, months);
}
