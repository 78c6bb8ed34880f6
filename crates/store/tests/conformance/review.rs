//! Conformance tests for `ReviewStore`: review cycles, reviewer profiles, conflicts of
//! interest, assignments, reviews, exam sittings and reminders. Instantiated for both backends
//! by `both!` in `main.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, AssociationId, PersonId};
use lattice_domain::language::Language;
use lattice_domain::rights::StaffRole;
use lattice_store::*;
use serde_json::json;

use super::{application, association, at, audit, mail, person};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Moves an application one step with its own audit time, so the times a transition stamps
/// (`submitted_at`, `decided_at`) can be told apart.
async fn step(
    store: &SharedStore,
    app: ApplicationId,
    from: State,
    to: State,
    actor: PersonId,
    when: DateTime<Utc>,
) {
    let result = store
        .transition(
            app,
            from,
            to,
            &NewAudit {
                at: when,
                actor: Some(actor),
                association: None,
                subject: format!("application:{app}"),
                action: to.key().to_string(),
                reason: String::new(),
            },
            &Effects::default(),
        )
        .await;
    assert!(result.is_ok(), "{} -> {}: {result:?}", from.key(), to.key());
}

/// Takes a fresh draft through registration, confirmation and submission into review.
pub(crate) async fn into_review(store: &SharedStore, app: ApplicationId, actor: PersonId) {
    step(store, app, State::Draft, State::Registered, actor, at(2)).await;
    step(
        store,
        app,
        State::Registered,
        State::Confirmed,
        actor,
        at(2),
    )
    .await;
    step(store, app, State::Confirmed, State::Submitted, actor, at(3)).await;
    step(
        store,
        app,
        State::Submitted,
        State::UnderReview,
        actor,
        at(4),
    )
    .await;
}

fn new_review(
    app: ApplicationId,
    round: i64,
    reviewer: PersonId,
    assoc: AssociationId,
    when: DateTime<Utc>,
) -> NewReview {
    NewReview {
        application: app,
        round,
        reviewer,
        association: assoc,
        recommendation: json!({
            "kind": "more-work",
            "areas": ["reflective-practice", "law-ethics"],
            "weeks": 12,
            "note": "Needs \"more\" hours, ünïcode too"
        }),
        checklist: json!({"requirements": {"hours": true, "degree": false}, "areas": ["a", "b"]}),
        comments: "Strong portfolio overall.".to_string(),
        at: when,
        when_round_complete: None,
    }
}

fn person_audit(
    subject: PersonId,
    action: &str,
    actor: PersonId,
    assoc: AssociationId,
) -> NewAudit {
    NewAudit {
        at: at(5),
        actor: Some(actor),
        association: Some(assoc),
        subject: format!("person:{subject}"),
        action: action.to_string(),
        reason: String::new(),
    }
}

pub(crate) async fn review_cycles_stay_in_their_association(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let ct = association(&store, "ct-aimh").await;
    let coord = person(&store, "coord@example.org").await;
    let ana = person(&store, "ana@example.org").await;

    // Created in the opposite order of their deadlines: the list follows the deadlines.
    let spring = store
        .create_cycle(
            mass,
            "Spring 2027",
            day(2027, 3, 1),
            day(2027, 4, 15),
            at(1),
        )
        .await
        .expect("spring");
    let fall = store
        .create_cycle(mass, "Fall 2026", day(2026, 12, 1), day(2027, 1, 15), at(1))
        .await
        .expect("fall");
    assert_ne!(spring, fall);
    let cycles = store.cycles(mass).await.expect("cycles");
    assert_eq!(
        cycles,
        [
            CycleRow {
                id: fall,
                association: mass,
                name: "Fall 2026".into(),
                submission_deadline: day(2026, 12, 1),
                review_due: day(2027, 1, 15),
            },
            CycleRow {
                id: spring,
                association: mass,
                name: "Spring 2027".into(),
                submission_deadline: day(2027, 3, 1),
                review_due: day(2027, 4, 15),
            },
        ]
    );

    // Names are unique within an association, not across them.
    let duplicate = store
        .create_cycle(mass, "Spring 2027", day(2027, 5, 1), day(2027, 6, 1), at(2))
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "{duplicate:?}"
    );
    assert_eq!(store.cycles(mass).await.expect("cycles").len(), 2);
    let ct_spring = store
        .create_cycle(ct, "Spring 2027", day(2027, 3, 1), day(2027, 4, 15), at(2))
        .await
        .expect("same name elsewhere");
    assert_eq!(
        store
            .cycles(ct)
            .await
            .expect("cycles")
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>(),
        [ct_spring]
    );

    // The staff area reads the cycles with the exam windows in one statement: each list in
    // the order it has when read alone, another association's lines in neither.
    let summer = store
        .create_exam_window(mass, day(2027, 6, 1), day(2027, 6, 30), "Boston", at(2))
        .await
        .expect("summer window");
    let winter = store
        .create_exam_window(mass, day(2027, 1, 5), day(2027, 1, 20), "Online", at(2))
        .await
        .expect("winter window");
    store
        .create_exam_window(ct, day(2027, 2, 1), day(2027, 2, 2), "Hartford", at(2))
        .await
        .expect("another association's window");
    let calendar = store.calendar(mass).await.expect("calendar");
    assert_eq!(calendar.cycles, cycles);
    assert_eq!(
        calendar.exam_windows,
        [
            ExamWindowRow {
                id: winter,
                association: mass,
                opens: day(2027, 1, 5),
                closes: day(2027, 1, 20),
                place: "Online".into(),
            },
            ExamWindowRow {
                id: summer,
                association: mass,
                opens: day(2027, 6, 1),
                closes: day(2027, 6, 30),
                place: "Boston".into(),
            },
        ]
    );
    assert_eq!(
        calendar.exam_windows,
        store.exam_windows(mass).await.expect("windows")
    );
    let ct_calendar = store.calendar(ct).await.expect("calendar");
    assert_eq!(
        (ct_calendar.cycles.len(), ct_calendar.exam_windows.len()),
        (1, 1)
    );

    let app = application(&store, ana, mass).await;
    assert_eq!(store.application(app).await.expect("row").cycle, None);
    store
        .set_cycle(app, Some(spring), &audit(app, "set-cycle", coord))
        .await
        .expect("own cycle");
    assert_eq!(
        store.application(app).await.expect("row").cycle,
        Some(spring)
    );
    // Another association's cycle is not there for this application; nothing changes.
    let foreign = store
        .set_cycle(app, Some(ct_spring), &audit(app, "set-cycle", coord))
        .await;
    assert!(matches!(foreign, Err(StoreError::NotFound)), "{foreign:?}");
    assert_eq!(
        store.application(app).await.expect("row").cycle,
        Some(spring)
    );
    let missing = store
        .set_cycle(
            app,
            Some(spring + ct_spring + 100),
            &audit(app, "set-cycle", coord),
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    assert!(matches!(
        store
            .set_cycle(
                ApplicationId(9999),
                Some(spring),
                &audit(app, "set-cycle", coord)
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let set_cycles =
        |trail: Vec<AuditRow>| trail.iter().filter(|a| a.action == "set-cycle").count();
    assert_eq!(
        set_cycles(
            store
                .audit_of_subject(&format!("application:{app}"))
                .await
                .expect("audit")
        ),
        1,
        "refused changes write no audit row"
    );
    store
        .set_cycle(app, Some(fall), &audit(app, "set-cycle", coord))
        .await
        .expect("other own cycle");
    assert_eq!(store.application(app).await.expect("row").cycle, Some(fall));
    store
        .set_cycle(app, None, &audit(app, "set-cycle", coord))
        .await
        .expect("out of any cycle");
    assert_eq!(store.application(app).await.expect("row").cycle, None);

    // The rules edition: the creation day unless a coordinator keeps another one.
    let row = store.application(app).await.expect("row");
    assert_eq!(row.rules_date, None);
    assert_eq!(row.rules_as_of(), at(1).date_naive());
    store
        .set_rules_date(app, day(2025, 6, 1), &audit(app, "set-rules-date", coord))
        .await
        .expect("rules date");
    let row = store.application(app).await.expect("row");
    assert_eq!(row.rules_date, Some(day(2025, 6, 1)));
    assert_eq!(row.rules_as_of(), day(2025, 6, 1));
    assert!(matches!(
        store
            .set_rules_date(
                ApplicationId(9999),
                day(2025, 6, 1),
                &audit(ApplicationId(9999), "set-rules-date", coord)
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .audit_of_subject(&format!("application:{app}"))
            .await
            .expect("audit")
            .iter()
            .any(|a| a.action == "set-rules-date")
    );
}

pub(crate) async fn reviewers_of_an_association_with_open_reviews(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let ct = association(&store, "ct-aimh").await;
    // Names are "Person {email}", so these sort as a, b.
    let rev_a = person(&store, "a-rev@example.org").await;
    let rev_b = person(&store, "b-rev@example.org").await;
    let coord = person(&store, "coord@example.org").await;
    let ct_rev = person(&store, "ct-rev@example.org").await;
    let ana = person(&store, "ana@example.org").await;
    for (who, assoc, role) in [
        (rev_a, mass, StaffRole::Reviewer),
        (rev_b, mass, StaffRole::Reviewer),
        (coord, mass, StaffRole::Coordinator),
        (ct_rev, ct, StaffRole::Reviewer),
    ] {
        store
            .grant_staff(who, assoc, role, Some(coord))
            .await
            .expect("grant");
    }

    let endorsed = vec!["II".to_string(), "IV-C".to_string()];
    store
        .set_reviewer_profile(rev_a, "Early Head Start", &endorsed, at(1))
        .await
        .expect("profile");
    // A profile for someone who is no reviewer here does not make them one.
    store
        .set_reviewer_profile(coord, "Agency", &["III".to_string()], at(1))
        .await
        .expect("profile");
    let listed = store.reviewers_of(mass).await.expect("reviewers");
    assert_eq!(
        listed.iter().map(|r| r.person).collect::<Vec<_>>(),
        [rev_a, rev_b],
        "coordinators and other associations' reviewers are not listed"
    );
    // The staff area's one read: every active role here, by role and name, and the same
    // reviewer lines.
    let both = store.staff_and_reviewers(mass).await.expect("staff");
    assert_eq!(both.reviewers, listed);
    assert_eq!(both.staff, store.staff_of(mass).await.expect("staff"));
    assert_eq!(
        both.staff
            .iter()
            .map(|(p, role)| (p.id, *role))
            .collect::<Vec<_>>(),
        [
            (coord, StaffRole::Coordinator),
            (rev_a, StaffRole::Reviewer),
            (rev_b, StaffRole::Reviewer),
        ]
    );
    assert_eq!(listed[0].name, "Person a-rev@example.org");
    assert_eq!(listed[0].email, "a-rev@example.org");
    assert_eq!(listed[0].employer, "Early Head Start");
    assert_eq!(listed[0].endorsed, endorsed);
    assert_eq!(listed[0].open_reviews, 0);
    // No profile yet: empty, not missing.
    assert_eq!(listed[1].employer, "");
    assert!(listed[1].endorsed.is_empty());
    assert_eq!(
        store
            .reviewers_of(ct)
            .await
            .expect("reviewers")
            .iter()
            .map(|r| r.person)
            .collect::<Vec<_>>(),
        [ct_rev]
    );

    // Updating a profile replaces it.
    let updated = vec!["III".to_string()];
    store
        .set_reviewer_profile(rev_a, "Family Center", &updated, at(2))
        .await
        .expect("update");
    let listed = store.reviewers_of(mass).await.expect("reviewers");
    assert_eq!(
        (listed[0].employer.as_str(), listed[0].endorsed.clone()),
        ("Family Center", updated)
    );

    // Only assignments on applications under review count, until the review is in.
    let reviewed = application(&store, ana, mass).await;
    let draft = application(&store, ana, mass).await;
    into_review(&store, reviewed, coord).await;
    store
        .assign_reviewers(
            &[(reviewed, rev_a), (reviewed, rev_b), (draft, rev_a)],
            Some(day(2027, 1, 10)),
            coord,
            at(4),
        )
        .await
        .expect("assign");
    let open = |rows: &[ReviewerRow]| {
        rows.iter()
            .map(|r| (r.person, r.open_reviews))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        open(&store.reviewers_of(mass).await.expect("reviewers")),
        [(rev_a, 1), (rev_b, 1)]
    );
    store
        .submit_review(&new_review(reviewed, 1, rev_a, mass, at(5)))
        .await
        .expect("review");
    assert_eq!(
        open(&store.reviewers_of(mass).await.expect("reviewers")),
        [(rev_a, 0), (rev_b, 1)]
    );
}

pub(crate) async fn conflicts_keep_their_source(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let rev = person(&store, "rev@example.org").await;
    let coord = person(&store, "coord@example.org").await;
    let bo = person(&store, "bo@example.org").await;
    let other_rev = person(&store, "other-rev@example.org").await;

    let conflict = |source, by, reason: &str, on: u32| NewConflict {
        applicant: ana,
        reviewer: rev,
        source,
        reason: reason.to_string(),
        by,
        association: assoc,
        at: at(on),
    };
    let by_applicant = store
        .add_conflict(&conflict(
            ConflictSource::Applicant,
            ana,
            "former supervisor",
            1,
        ))
        .await
        .expect("applicant's");
    let by_reviewer = store
        .add_conflict(&conflict(ConflictSource::Reviewer, rev, "same agency", 2))
        .await
        .expect("reviewer's");
    let by_coordinator = store
        .add_conflict(&conflict(ConflictSource::Coordinator, coord, "pinned", 3))
        .await
        .expect("coordinator's");
    // Someone else's conflict is not theirs.
    store
        .add_conflict(&NewConflict {
            applicant: bo,
            reviewer: other_rev,
            source: ConflictSource::Applicant,
            reason: "cousin".into(),
            by: bo,
            association: assoc,
            at: at(3),
        })
        .await
        .expect("unrelated");

    let of_ana = store.conflicts_of(ana).await.expect("conflicts");
    assert_eq!(
        of_ana
            .iter()
            .map(|c| (c.id, c.source, c.reason.as_str(), c.created_at))
            .collect::<Vec<_>>(),
        [
            (
                by_applicant,
                ConflictSource::Applicant,
                "former supervisor",
                at(1)
            ),
            (by_reviewer, ConflictSource::Reviewer, "same agency", at(2)),
            (by_coordinator, ConflictSource::Coordinator, "pinned", at(3)),
        ]
    );
    assert!(of_ana.iter().all(|c| c.applicant == ana
        && c.reviewer == rev
        && c.applicant_name == "Person ana@example.org"
        && c.reviewer_name == "Person rev@example.org"));
    assert_eq!(store.conflicts_of(rev).await.expect("conflicts"), of_ana);
    assert!(store.conflicts_of(coord).await.expect("none").is_empty());

    // A pinned conflict stays for the applicant.
    let refused = store
        .remove_conflict(
            by_coordinator,
            &[ConflictSource::Applicant],
            &person_audit(ana, "remove-conflict", ana, assoc),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    assert_eq!(store.conflicts_of(ana).await.expect("conflicts").len(), 3);

    store
        .remove_conflict(
            by_applicant,
            &[ConflictSource::Applicant],
            &person_audit(ana, "remove-conflict", ana, assoc),
        )
        .await
        .expect("own conflict");
    let ids = |rows: Vec<ConflictRow>| rows.iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.conflicts_of(ana).await.expect("conflicts")),
        [by_reviewer, by_coordinator]
    );
    assert_eq!(
        ids(store.conflicts_of(rev).await.expect("conflicts")),
        [by_reviewer, by_coordinator]
    );
    // Removed once: gone.
    assert!(matches!(
        store
            .remove_conflict(
                by_applicant,
                &[ConflictSource::Applicant],
                &person_audit(ana, "remove-conflict", ana, assoc),
            )
            .await,
        Err(StoreError::NotFound)
    ));
    // A coordinator may remove any source.
    store
        .remove_conflict(
            by_coordinator,
            &[
                ConflictSource::Applicant,
                ConflictSource::Reviewer,
                ConflictSource::Coordinator,
            ],
            &person_audit(ana, "remove-conflict", coord, assoc),
        )
        .await
        .expect("coordinator removes");
    assert_eq!(
        ids(store.conflicts_of(ana).await.expect("conflicts")),
        [by_reviewer]
    );

    // Every add is audited on the applicant, by whoever declared it; refusals write nothing.
    let trail = store
        .audit_of_subject(&format!("person:{ana}"))
        .await
        .expect("audit");
    assert_eq!(
        trail
            .iter()
            .map(|a| (a.action.as_str(), a.actor))
            .collect::<Vec<_>>(),
        [
            ("conflict-applicant", Some(ana)),
            ("conflict-reviewer", Some(rev)),
            ("conflict-coordinator", Some(coord)),
            ("remove-conflict", Some(ana)),
            ("remove-conflict", Some(coord)),
        ]
    );
    assert!(
        trail[..3]
            .iter()
            .all(|a| a.association == Some(assoc) && a.reason.contains(&format!("person:{rev}")))
    );
}

pub(crate) async fn assigning_reviewers_is_all_or_nothing(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let rev_a = person(&store, "a-rev@example.org").await;
    let rev_b = person(&store, "b-rev@example.org").await;
    let coord = person(&store, "coord@example.org").await;
    let first = application(&store, ana, assoc).await;
    let second = application(&store, ana, assoc).await;

    store
        .assign_reviewers(&[(first, rev_a)], Some(day(2027, 1, 10)), coord, at(3))
        .await
        .expect("assign");
    // The last pair repeats an assignment: the whole batch fails and nothing of it stays.
    let batch = store
        .assign_reviewers(
            &[(second, rev_a), (second, rev_b), (first, rev_a)],
            Some(day(2027, 2, 1)),
            coord,
            at(4),
        )
        .await;
    assert!(matches!(batch, Err(StoreError::Conflict(_))), "{batch:?}");
    assert!(store.assignments(second).await.expect("none").is_empty());
    let kept = store.assignments(first).await.expect("assignments");
    assert_eq!(
        kept,
        [AssignmentRow {
            application: first,
            reviewer: rev_a,
            reviewer_name: "Person a-rev@example.org".into(),
            due_on: Some(day(2027, 1, 10)),
            assigned_at: at(3),
        }]
    );
    assert!(
        store
            .audit_of_subject(&format!("application:{second}"))
            .await
            .expect("audit")
            .iter()
            .all(|a| a.action != "assign-reviewer"),
        "no audit row of the failed batch"
    );

    store
        .assign_reviewers(
            &[(second, rev_a), (second, rev_b)],
            Some(day(2027, 2, 1)),
            coord,
            at(4),
        )
        .await
        .expect("good batch");
    let stored = store.assignments(second).await.expect("assignments");
    assert_eq!(
        stored
            .iter()
            .map(|a| (a.reviewer, a.due_on, a.assigned_at))
            .collect::<Vec<_>>(),
        [
            (rev_a, Some(day(2027, 2, 1)), at(4)),
            (rev_b, Some(day(2027, 2, 1)), at(4)),
        ]
    );
    let audited: Vec<(String, Option<AssociationId>)> = store
        .audit_of_subject(&format!("application:{second}"))
        .await
        .expect("audit")
        .into_iter()
        .filter(|a| a.action == "assign-reviewer")
        .map(|a| (a.reason, a.association))
        .collect();
    assert_eq!(
        audited,
        [
            (format!("person:{rev_a}"), Some(assoc)),
            (format!("person:{rev_b}"), Some(assoc)),
        ]
    );
    // Without a due date.
    store
        .assign_reviewers(&[(first, rev_b)], None, coord, at(5))
        .await
        .expect("no due date");
    let rows = store.assignments(first).await.expect("assignments");
    assert_eq!(
        rows.iter()
            .map(|a| (a.reviewer, a.due_on))
            .collect::<Vec<_>>(),
        [(rev_a, Some(day(2027, 1, 10))), (rev_b, None)]
    );
    assert_eq!(store.reviewers(first).await.expect("reviewers").len(), 2);

    store
        .unassign_reviewer(first, rev_b, &audit(first, "unassign-reviewer", coord))
        .await
        .expect("unassign");
    assert_eq!(
        store
            .assignments(first)
            .await
            .expect("assignments")
            .iter()
            .map(|a| a.reviewer)
            .collect::<Vec<_>>(),
        [rev_a]
    );
    assert!(matches!(
        store
            .unassign_reviewer(first, rev_b, &audit(first, "unassign-reviewer", coord))
            .await,
        Err(StoreError::NotFound)
    ));
}

pub(crate) async fn reviews_belong_to_assigned_reviewers_and_rounds(
    store: SharedStore,
    _url: String,
) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let rev_a = person(&store, "a-rev@example.org").await;
    let rev_b = person(&store, "b-rev@example.org").await;
    let outsider = person(&store, "outsider@example.org").await;
    let coord = person(&store, "coord@example.org").await;
    let app = application(&store, ana, assoc).await;
    store
        .assign_reviewers(
            &[(app, rev_a), (app, rev_b)],
            Some(day(2027, 1, 10)),
            coord,
            at(1),
        )
        .await
        .expect("assign");
    let refused = |result: StoreResult<()>| matches!(result, Err(StoreError::Conflict(_)));

    let row = store.application(app).await.expect("row");
    assert_eq!(
        (row.review_round, row.submitted_at, row.decided_at),
        (0, None, None)
    );
    // A draft is not under review, whatever the round.
    for round in [0, 1] {
        assert!(refused(
            store
                .submit_review(&new_review(app, round, rev_a, assoc, at(1)))
                .await
        ));
    }

    step(&store, app, State::Draft, State::Registered, ana, at(2)).await;
    step(
        &store,
        app,
        State::Registered,
        State::Confirmed,
        coord,
        at(2),
    )
    .await;
    step(&store, app, State::Confirmed, State::Submitted, ana, at(3)).await;
    let row = store.application(app).await.expect("row");
    assert_eq!(
        (row.review_round, row.submitted_at, row.decided_at),
        (0, Some(at(3)), None)
    );
    assert!(
        refused(
            store
                .submit_review(&new_review(app, 0, rev_a, assoc, at(3)))
                .await
        ),
        "submitted, not yet under review"
    );
    step(
        &store,
        app,
        State::Submitted,
        State::UnderReview,
        coord,
        at(4),
    )
    .await;
    let row = store.application(app).await.expect("row");
    assert_eq!(
        (
            row.state,
            row.review_round,
            row.submitted_at,
            row.decided_at
        ),
        (State::UnderReview, 1, Some(at(3)), None)
    );

    // Not assigned, or not the current round: refused.
    assert!(refused(
        store
            .submit_review(&new_review(app, 1, outsider, assoc, at(5)))
            .await
    ));
    for round in [0, 2] {
        assert!(refused(
            store
                .submit_review(&new_review(app, round, rev_a, assoc, at(5)))
                .await
        ));
    }
    assert!(store.reviews(app, 1).await.expect("reviews").is_empty());

    let review = new_review(app, 1, rev_a, assoc, at(5));
    store.submit_review(&review).await.expect("review");
    // Once per reviewer and round.
    assert!(refused(
        store
            .submit_review(&new_review(app, 1, rev_a, assoc, at(6)))
            .await
    ));
    let stored = store.reviews(app, 1).await.expect("reviews");
    assert_eq!(
        stored,
        [ReviewRow {
            application: app,
            round: 1,
            reviewer: rev_a,
            reviewer_name: "Person a-rev@example.org".into(),
            recommendation: review.recommendation.clone(),
            checklist: review.checklist.clone(),
            comments: review.comments.clone(),
            submitted_at: at(5),
        }]
    );
    let trail = store
        .audit_of_subject(&format!("application:{app}"))
        .await
        .expect("audit");
    let submitted: Vec<_> = trail
        .iter()
        .filter(|a| a.action == "submit-review")
        .collect();
    assert_eq!(submitted.len(), 1, "refused reviews are not audited");
    assert_eq!(
        (submitted[0].actor, submitted[0].reason.as_str()),
        (Some(rev_a), "")
    );

    // A decision: more work. Not under review any more, so the round is closed.
    let more = State::MoreWorkRequired {
        re_review_after: day(2027, 3, 1),
    };
    step(&store, app, State::UnderReview, more, coord, at(6)).await;
    let row = store.application(app).await.expect("row");
    assert_eq!(
        (row.state, row.review_round, row.decided_at),
        (more, 1, Some(at(6)))
    );
    assert!(
        refused(
            store
                .submit_review(&new_review(app, 1, rev_b, assoc, at(7)))
                .await
        ),
        "an assigned reviewer on the current round, but no longer under review"
    );

    // Resubmitted and back in review: a new round with no reviews yet.
    step(&store, app, more, State::Submitted, ana, at(8)).await;
    step(
        &store,
        app,
        State::Submitted,
        State::UnderReview,
        coord,
        at(9),
    )
    .await;
    let row = store.application(app).await.expect("row");
    assert_eq!(
        (
            row.state,
            row.review_round,
            row.submitted_at,
            row.decided_at
        ),
        (State::UnderReview, 2, Some(at(8)), Some(at(6)))
    );
    assert!(store.reviews(app, 2).await.expect("reviews").is_empty());
    assert_eq!(store.reviews(app, 1).await.expect("reviews").len(), 1);
    assert!(
        refused(
            store
                .submit_review(&new_review(app, 1, rev_b, assoc, at(10)))
                .await
        ),
        "the old round is closed"
    );
    store
        .submit_review(&new_review(app, 2, rev_a, assoc, at(10)))
        .await
        .expect("second round");
    assert_eq!(
        store
            .reviews(app, 2)
            .await
            .expect("reviews")
            .iter()
            .map(|r| (r.reviewer, r.round))
            .collect::<Vec<_>>(),
        [(rev_a, 2)]
    );
    assert_eq!(
        store
            .reviews_of_association(assoc)
            .await
            .expect("all")
            .iter()
            .map(|r| r.round)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    let other = association(&store, "ct-aimh").await;
    assert!(
        store
            .reviews_of_association(other)
            .await
            .expect("none")
            .is_empty()
    );

    step(
        &store,
        app,
        State::UnderReview,
        State::ApprovedForExam,
        coord,
        at(11),
    )
    .await;
    let row = store.application(app).await.expect("row");
    assert_eq!(
        (row.review_round, row.submitted_at, row.decided_at),
        (2, Some(at(8)), Some(at(11)))
    );
}

/// The coordinator's notice goes with the round's second review, in its transaction: not with
/// the first, not with a refused one, and once when both reviewers save at the same moment.
pub(crate) async fn the_second_review_queues_the_coordinators_notice(
    store: SharedStore,
    _url: String,
) {
    let assoc = association(&store, "massaimh").await;
    let coord = person(&store, "coord@example.org").await;
    let rev_a = person(&store, "a-rev@example.org").await;
    let rev_b = person(&store, "b-rev@example.org").await;
    let outsider = person(&store, "outsider@example.org").await;
    let with_notice = |app: ApplicationId, reviewer: PersonId, subject: &str| NewReview {
        when_round_complete: Some(mail("coord@example.org", subject, at(5))),
        ..new_review(app, 1, reviewer, assoc, at(5))
    };
    let notices = |subject: &'static str| {
        let store = store.clone();
        async move {
            store
                .mails_to("coord@example.org")
                .await
                .expect("mails")
                .iter()
                .filter(|m| m.subject == subject)
                .count()
        }
    };

    let ana = person(&store, "ana@example.org").await;
    let app = application(&store, ana, assoc).await;
    store
        .assign_reviewers(&[(app, rev_a), (app, rev_b)], None, coord, at(1))
        .await
        .expect("assign");
    into_review(&store, app, coord).await;
    store
        .submit_review(&with_notice(app, rev_a, "both in: Ana"))
        .await
        .expect("first review");
    assert_eq!(
        notices("both in: Ana").await,
        0,
        "the first review is alone"
    );
    assert!(
        store
            .submit_review(&with_notice(app, outsider, "both in: Ana"))
            .await
            .is_err()
    );
    assert!(
        store
            .submit_review(&with_notice(app, rev_a, "both in: Ana"))
            .await
            .is_err()
    );
    assert_eq!(
        notices("both in: Ana").await,
        0,
        "refused reviews queue nothing"
    );
    store
        .submit_review(&with_notice(app, rev_b, "both in: Ana"))
        .await
        .expect("second review");
    assert_eq!(
        notices("both in: Ana").await,
        1,
        "the second completes the round"
    );

    // Both reviewers at once: each must count the other's review, so exactly one notice.
    let bo = person(&store, "bo@example.org").await;
    let app = application(&store, bo, assoc).await;
    store
        .assign_reviewers(&[(app, rev_a), (app, rev_b)], None, coord, at(1))
        .await
        .expect("assign");
    into_review(&store, app, coord).await;
    let (by_a, by_b) = (
        with_notice(app, rev_a, "both in: Bo"),
        with_notice(app, rev_b, "both in: Bo"),
    );
    let (first, second) = tokio::join!(store.submit_review(&by_a), store.submit_review(&by_b));
    first.expect("one review");
    second.expect("the other");
    assert_eq!(notices("both in: Bo").await, 1);
}

pub(crate) async fn exam_sittings_are_scored_blind_until_decided(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let scorer_a = person(&store, "a-scorer@example.org").await;
    let scorer_b = person(&store, "b-scorer@example.org").await;
    let outsider = person(&store, "outsider@example.org").await;
    let coord = person(&store, "coord@example.org").await;
    let app = application(&store, ana, assoc).await;
    let sitting = |code: &str, scorers| NewSitting {
        application: app,
        association: assoc,
        sat_on: day(2027, 2, 1),
        blind_code: code.to_string(),
        scorers,
        by: coord,
        at: at(3),
    };

    let same = store
        .create_sitting(&sitting("X-1", [scorer_a, scorer_a]))
        .await;
    assert!(matches!(same, Err(StoreError::Conflict(_))), "{same:?}");
    assert!(store.sittings(app).await.expect("none").is_empty());

    // Slot 0 holds the later-created person, so slot order is not id order.
    let id = store
        .create_sitting(&sitting("X-17", [scorer_b, scorer_a]))
        .await
        .expect("sitting");
    let duplicate = store
        .create_sitting(&sitting("X-17", [scorer_a, scorer_b]))
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "blind codes are unique: {duplicate:?}"
    );
    let fresh = store.sitting(id).await.expect("sitting");
    assert_eq!(
        fresh,
        SittingRow {
            id,
            application: app,
            sat_on: day(2027, 2, 1),
            blind_code: "X-17".into(),
            part1_wrong: None,
            answers: String::new(),
            result: "pending".into(),
            scorers: vec![
                ScorerRow {
                    scorer: scorer_b,
                    scorer_name: "Person b-scorer@example.org".into(),
                    slot: 0,
                    scores: None,
                },
                ScorerRow {
                    scorer: scorer_a,
                    scorer_name: "Person a-scorer@example.org".into(),
                    slot: 1,
                    scores: None,
                },
            ],
            details: SittingDetails::default(),
        }
    );
    assert_eq!(
        store.sittings(app).await.expect("sittings"),
        std::slice::from_ref(&fresh)
    );
    assert_eq!(
        store.sittings_for_scorer(scorer_a).await.expect("mine"),
        std::slice::from_ref(&fresh)
    );
    assert_eq!(
        store.sittings_for_scorer(scorer_b).await.expect("mine"),
        std::slice::from_ref(&fresh)
    );
    assert!(
        store
            .sittings_for_scorer(outsider)
            .await
            .expect("none")
            .is_empty()
    );
    assert!(matches!(
        store.sitting(id + 100).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .audit_of_subject(&format!("application:{app}"))
            .await
            .expect("audit")
            .iter()
            .filter(|a| a.action == "schedule-exam")
            .count(),
        1,
        "only the sitting that was created is audited"
    );

    store
        .record_part1(id, 3, "1. ...\n2. ...", &audit(app, "record-part1", coord))
        .await
        .expect("part 1");
    store
        .score_part2(id, scorer_b, [3, 4], at(4))
        .await
        .expect("score b");
    store
        .score_part2(id, scorer_a, [2, 3], at(4))
        .await
        .expect("score a");
    let scored = store.sitting(id).await.expect("sitting");
    assert_eq!(
        (scored.part1_wrong, scored.answers.as_str()),
        (Some(3), "1. ...\n2. ...")
    );
    assert_eq!(
        scored
            .scorers
            .iter()
            .map(|s| (s.scorer, s.slot, s.scores))
            .collect::<Vec<_>>(),
        [(scorer_b, 0, Some([3, 4])), (scorer_a, 1, Some([2, 3]))]
    );
    assert!(matches!(
        store.score_part2(id, outsider, [4, 4], at(4)).await,
        Err(StoreError::NotFound)
    ));

    store
        .set_sitting_result(id, "passed")
        .await
        .expect("passed");
    // Decided: nothing about it changes any more.
    assert!(matches!(
        store
            .record_part1(id, 0, "changed", &audit(app, "record-part1", coord))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.score_part2(id, scorer_a, [0, 0], at(5)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.set_sitting_result(id, "failed").await,
        Err(StoreError::NotFound)
    ));
    let decided = store.sitting(id).await.expect("sitting");
    assert_eq!(decided.result, "passed");
    assert_eq!(
        (decided.part1_wrong, decided.answers.as_str()),
        (Some(3), "1. ...\n2. ...")
    );
    assert_eq!(decided.scorers, scored.scorers);
}

pub(crate) async fn reminders_find_what_waits_and_go_out_once(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let bo = person(&store, "bo@example.org").await;
    let cy = person(&store, "cy@example.org").await;
    let rev = person(&store, "rev@example.org").await;
    let rev_late = person(&store, "rev2@example.org").await;
    let coord = person(&store, "coord@example.org").await;

    // Confirmed with an intended date: listed. A draft with one, or a confirmed one without
    // one, is not.
    let confirmed = application(&store, ana, assoc).await;
    step(
        &store,
        confirmed,
        State::Draft,
        State::Registered,
        ana,
        at(2),
    )
    .await;
    step(
        &store,
        confirmed,
        State::Registered,
        State::Confirmed,
        coord,
        at(2),
    )
    .await;
    application(&store, bo, assoc).await;
    let undated = store
        .create_application(&NewApplication {
            person: bo,
            association: assoc,
            category: "IFS".into(),
            intended_submission: None,
            created_at: at(1),
        })
        .await
        .expect("application");
    step(&store, undated, State::Draft, State::Registered, bo, at(2)).await;
    step(
        &store,
        undated,
        State::Registered,
        State::Confirmed,
        coord,
        at(2),
    )
    .await;

    // Rater requests: one open, one answered, one cancelled.
    let request = |token: &str, name: &str| NewRaterRequest {
        application: confirmed,
        entry: None,
        waived: false,
        rater_name: name.to_string(),
        rater_email: format!("{}@example.org", name.to_lowercase()),
        role: "colleague".into(),
        token_hash: token::hash_token(token),
        created_at: at(1),
        expires_at: at(20),
        // The reminder pass reads the language back, so one not the default.
        language: Language::Spanish,
    };
    let open = store
        .create_rater_request(
            &request("t1", "Open"),
            &mail("open@example.org", "Rate", at(1)),
        )
        .await
        .expect("request");
    store
        .create_rater_request(
            &request("t2", "Used"),
            &mail("used@example.org", "Rate", at(1)),
        )
        .await
        .expect("request");
    let cancelled = store
        .create_rater_request(
            &request("t3", "Cancelled"),
            &mail("cancelled@example.org", "Rate", at(1)),
        )
        .await
        .expect("request");
    store
        .submit_rating(
            &token::hash_token("t2"),
            at(2),
            &NewRating {
                answers: json!({"reflective-supervision": "strength"}),
                not_enough_info: 0,
                comments: String::new(),
                known_since: None,
                submitted_at: at(2),
            },
            None,
        )
        .await
        .expect("rating");
    store
        .cancel_rater_request(cancelled, at(3))
        .await
        .expect("cancel");

    // Reviews: one due, one without a due date.
    let reviewed = application(&store, cy, assoc).await;
    into_review(&store, reviewed, coord).await;
    store
        .assign_reviewers(&[(reviewed, rev)], Some(day(2027, 1, 10)), coord, at(4))
        .await
        .expect("assign");
    store
        .assign_reviewers(&[(reviewed, rev_late)], None, coord, at(4))
        .await
        .expect("assign");

    let facts = store.reminder_facts(at(5)).await.expect("facts");
    assert_eq!(
        facts
            .confirmed
            .iter()
            .map(|(app, email, name)| (
                app.id,
                app.intended_submission,
                email.as_str(),
                name.as_str()
            ))
            .collect::<Vec<_>>(),
        [(
            confirmed,
            Some(day(2027, 1, 15)),
            "ana@example.org",
            "Person ana@example.org"
        )]
    );
    assert_eq!(facts.confirmed[0].0.state, State::Confirmed);
    assert_eq!(
        facts.open_requests,
        [OpenRequestFact {
            id: open,
            application: confirmed,
            rater_name: "Open".to_string(),
            rater_email: "open@example.org".to_string(),
            sent_at: at(1),
            language: Language::Spanish,
        }]
    );
    assert_eq!(
        facts.open_reviews,
        [(
            reviewed,
            rev,
            "rev@example.org".to_string(),
            day(2027, 1, 10)
        )]
    );

    // Once the review is in, it no longer waits.
    store
        .submit_review(&new_review(reviewed, 1, rev, assoc, at(5)))
        .await
        .expect("review");
    assert!(
        store
            .reminder_facts(at(5))
            .await
            .expect("facts")
            .open_reviews
            .is_empty()
    );

    // Each reminder key goes out once, and its mail is queued once.
    let key = format!("confirmed:{confirmed}:30d");
    let mails = [mail("ana@example.org", "Your portfolio", at(5))];
    assert!(
        store
            .send_reminder(&key, &mails, at(5))
            .await
            .expect("first")
    );
    assert!(
        !store
            .send_reminder(&key, &mails, at(6))
            .await
            .expect("second")
    );
    let queued = store.mails_to("ana@example.org").await.expect("mails");
    assert_eq!(
        queued
            .iter()
            .map(|m| m.subject.as_str())
            .collect::<Vec<_>>(),
        ["Your portfolio"]
    );
    // Another key is another reminder.
    assert!(
        store
            .send_reminder(&format!("confirmed:{confirmed}:7d"), &mails, at(7))
            .await
            .expect("other key")
    );
    assert_eq!(
        store
            .mails_to("ana@example.org")
            .await
            .expect("mails")
            .len(),
        2
    );
}
