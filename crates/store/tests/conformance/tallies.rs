//! Conformance tests for the queue's tallies (migration 20261203000020): the counts by state,
//! category and cycle that `Store::queue_totals` reads from a table kept by triggers must equal
//! what the applications and assignments themselves say, after every kind of change that
//! moves an application between counts; and `Store::assignments_page` pages through a
//! reviewer's assignments, newest application first. Instantiated for both backends by
//! `both!` in `main.rs`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, AssociationId, PersonId};
use lattice_store::*;

use super::{association, at, audit, person};

/// The totals as the rows themselves say, read without the tallies.
async fn truth(
    store: &SharedStore,
    association: AssociationId,
    reviewer: Option<PersonId>,
) -> QueueTotals {
    let rows = match reviewer {
        None => store
            .applications_of_association(association)
            .await
            .expect("applications"),
        Some(reviewer) => store
            .applications_for_reviewer(reviewer)
            .await
            .expect("assignments")
            .into_iter()
            .filter(|a| a.association == association)
            .collect(),
    };
    let mut states: BTreeMap<String, i64> = BTreeMap::new();
    let mut categories = BTreeSet::new();
    let mut cycles: BTreeMap<i64, i64> = BTreeMap::new();
    for row in rows {
        *states.entry(row.state.key().to_string()).or_default() += 1;
        categories.insert(row.category.clone());
        if let Some(cycle) = row.cycle {
            *cycles.entry(cycle).or_default() += 1;
        }
    }
    QueueTotals {
        states: states.into_iter().collect(),
        categories: categories.into_iter().collect(),
        cycles: cycles.into_iter().collect(),
    }
}

async fn tallies_match(
    store: &SharedStore,
    scopes: &[(AssociationId, Option<PersonId>)],
    step: &str,
) {
    for &(association, reviewer) in scopes {
        assert_eq!(
            store
                .queue_totals(association, reviewer)
                .await
                .expect("totals"),
            truth(store, association, reviewer).await,
            "after {step}, association {association:?}, reviewer {reviewer:?}"
        );
    }
}

pub async fn queue_tallies_follow_every_change(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let rev = person(&store, "rev@tallies.test").await;
    let other = person(&store, "other@tallies.test").await;
    let coord = person(&store, "coord@tallies.test").await;
    let mut apps = Vec::new();
    for n in 0..8 {
        let who = person(&store, &format!("p{n}@tallies.test")).await;
        let id = store
            .create_application(&NewApplication {
                person: who,
                association: if n < 6 { mass } else { nm },
                category: if n % 3 == 0 { "IMHM-C" } else { "IFS" }.to_string(),
                intended_submission: None,
                created_at: at(10),
            })
            .await
            .expect("application");
        apps.push(id);
    }
    let scopes = [
        (mass, None),
        (nm, None),
        (mass, Some(rev)),
        (nm, Some(rev)),
        (mass, Some(other)),
    ];
    tallies_match(&store, &scopes, "creation").await;
    assert_eq!(
        store.queue_totals(mass, None).await.expect("totals").states,
        [("draft".to_string(), 6)],
        "the tallies count something"
    );

    let pairs: Vec<(ApplicationId, PersonId)> = [0, 2, 4, 6]
        .iter()
        .map(|&n| (apps[n], rev))
        .chain([(apps[0], other)])
        .collect();
    store
        .assign_reviewers(&pairs, None, coord, at(11))
        .await
        .expect("assign");
    tallies_match(&store, &scopes, "assignment").await;

    // A state change moves the application, and its reviewers' counts with it.
    for n in [0, 1] {
        store
            .transition(
                apps[n],
                State::Draft,
                State::Registered,
                &audit(apps[n], "register", coord),
                &Effects::default(),
            )
            .await
            .expect("register");
    }
    tallies_match(&store, &scopes, "a state change").await;

    let cycle = store
        .create_cycle(
            mass,
            "Spring 2027",
            NaiveDate::from_ymd_opt(2027, 3, 1).expect("date"),
            NaiveDate::from_ymd_opt(2027, 4, 1).expect("date"),
            at(11),
        )
        .await
        .expect("cycle");
    for n in [0, 2, 3] {
        store
            .set_cycle(apps[n], Some(cycle), &audit(apps[n], "cycle", coord))
            .await
            .expect("cycle");
    }
    store
        .set_cycle(apps[3], None, &audit(apps[3], "cycle", coord))
        .await
        .expect("out of the cycle");
    tallies_match(&store, &scopes, "cycles").await;
    assert_eq!(
        store.queue_totals(mass, None).await.expect("totals").cycles,
        [(cycle, 2)]
    );

    store
        .unassign_reviewer(apps[2], rev, &audit(apps[2], "unassign", coord))
        .await
        .expect("unassign");
    tallies_match(&store, &scopes, "unassignment").await;
    // A state change after the unassignment no longer moves the reviewer's counts.
    store
        .transition(
            apps[2],
            State::Draft,
            State::Registered,
            &audit(apps[2], "register", coord),
            &Effects::default(),
        )
        .await
        .expect("register");
    tallies_match(&store, &scopes, "a change after unassignment").await;
}

pub async fn assignment_pages_follow_each_other_newest_first(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let rev = person(&store, "rev@assigned.test").await;
    let coord = person(&store, "coord@assigned.test").await;
    let mut mine = Vec::new();
    for n in 0..9 {
        let who = person(&store, &format!("p{n}@assigned.test")).await;
        let id = store
            .create_application(&NewApplication {
                person: who,
                association: if n % 2 == 0 { mass } else { nm },
                category: "IFS".to_string(),
                intended_submission: None,
                created_at: at(10),
            })
            .await
            .expect("application");
        if n != 4 {
            store
                .assign_reviewers(&[(id, rev)], None, coord, at(11))
                .await
                .expect("assign");
            mine.push(id);
        }
    }
    mine.sort_by_key(|id| std::cmp::Reverse(id.0));
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let lines = store.assignments_page(rev, before, 3).await.expect("page");
        assert!(lines.len() <= 3);
        let Some(last) = lines.last() else { break };
        before = Some(last.application.id);
        assert!(lines.iter().all(|l| l.reviewers.contains(&rev)));
        seen.extend(lines.iter().map(|l| l.application.id));
    }
    assert_eq!(
        seen, mine,
        "every assignment once, newest application first"
    );
    assert!(
        store
            .assignments_page(coord, None, 3)
            .await
            .expect("none")
            .is_empty()
    );
}

/// Open reviews as the rows say: assigned, under review, no review of the current round.
async fn open_truth(store: &SharedStore, reviewer: PersonId) -> i64 {
    let mut open = 0;
    for a in store
        .applications_for_reviewer(reviewer)
        .await
        .expect("assignments")
    {
        if a.state == State::UnderReview
            && !store
                .reviews(a.id, a.review_round)
                .await
                .expect("reviews")
                .iter()
                .any(|r| r.reviewer == reviewer)
        {
            open += 1;
        }
    }
    open
}

async fn open_matches(store: &SharedStore, association: AssociationId, step: &str) -> Vec<i64> {
    let mut counts = Vec::new();
    for row in store.reviewers_of(association).await.expect("reviewers") {
        assert_eq!(
            row.open_reviews,
            open_truth(store, row.person).await,
            "after {step}, reviewer {}",
            row.email
        );
        counts.push(row.open_reviews);
    }
    counts
}

pub async fn open_reviews_follow_every_change(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let coord = person(&store, "coord@open.test").await;
    let a = person(&store, "a@open.test").await;
    let b = person(&store, "b@open.test").await;
    for (who, assoc) in [(a, mass), (b, mass), (a, nm)] {
        store
            .grant_staff(
                who,
                assoc,
                lattice_domain::rights::StaffRole::Reviewer,
                Some(coord),
            )
            .await
            .expect("grant");
    }
    let mut apps = Vec::new();
    for n in 0..4 {
        let who = person(&store, &format!("p{n}@open.test")).await;
        apps.push(
            store
                .create_application(&NewApplication {
                    person: who,
                    association: if n < 3 { mass } else { nm },
                    category: "IFS".to_string(),
                    intended_submission: None,
                    created_at: at(10),
                })
                .await
                .expect("application"),
        );
    }
    let move_to = |app: ApplicationId, from: State, to: State| {
        let store = store.clone();
        async move {
            store
                .transition(
                    app,
                    from,
                    to,
                    &audit(app, "move", coord),
                    &Effects::default(),
                )
                .await
                .expect("transition");
        }
    };
    // Assigned before review starts, and after.
    store
        .assign_reviewers(
            &[(apps[0], a), (apps[0], b), (apps[1], a)],
            None,
            coord,
            at(11),
        )
        .await
        .expect("assign");
    assert_eq!(
        open_matches(&store, mass, "assignment of drafts").await,
        [0, 0]
    );
    for &app in &apps {
        move_to(app, State::Draft, State::UnderReview).await;
    }
    store
        .assign_reviewers(&[(apps[2], a), (apps[3], a)], None, coord, at(11))
        .await
        .expect("assign");
    // a: apps 0, 1, 2 in MassAIMH and 3 in NMAIMH (a reviewer's whole load); b: app 0.
    assert_eq!(open_matches(&store, mass, "review started").await, [4, 1]);
    let review = |app: ApplicationId, reviewer: PersonId, round: i64| NewReview {
        application: app,
        round,
        reviewer,
        association: mass,
        recommendation: serde_json::json!("more-work"),
        checklist: serde_json::json!([]),
        comments: String::new(),
        at: at(12),
        when_round_complete: None,
    };
    let round = store.application(apps[0]).await.expect("app").review_round;
    store
        .submit_review(&review(apps[0], a, round))
        .await
        .expect("review");
    assert_eq!(open_matches(&store, mass, "a review").await, [3, 1]);
    store
        .unassign_reviewer(apps[1], a, &audit(apps[1], "unassign", coord))
        .await
        .expect("unassign");
    assert_eq!(open_matches(&store, mass, "an unassignment").await, [2, 1]);
    // A new round of review opens the reviewed application again; leaving review closes it.
    let more = State::MoreWorkRequired {
        re_review_after: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"),
    };
    move_to(apps[0], State::UnderReview, more).await;
    assert_eq!(open_matches(&store, mass, "leaving review").await, [2, 0]);
    move_to(apps[0], more, State::UnderReview).await;
    assert_eq!(open_matches(&store, mass, "a new round").await, [3, 1]);
}
