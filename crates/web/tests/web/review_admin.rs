//! The coordinator's review housekeeping: cycles and their due dates, bulk assignment from a
//! CSV file (all or nothing), and conflicts declared by the applicant or pinned by staff.

use axum::http::StatusCode;
use chrono::Utc;
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_store::{ConflictDecision, ConflictSource, SharedStore};

use crate::support::{Client, TestApp};

async fn person(store: &SharedStore, email: &str) -> PersonId {
    store.person_by_email(email).await.expect("person").0.id
}

/// Pays Elena's fees and starts her review, as her coordinator.
async fn elena_under_review(app: &TestApp, coordinator: &mut Client<'_>) -> i64 {
    let store = app.state.store();
    let elena = app.application_of("elena.morales@example.org").await;
    let by = person(store, "coordinator@massaimh.test").await;
    for invoice in store
        .invoices(ApplicationId(elena))
        .await
        .expect("invoices")
    {
        if !invoice.paid {
            store
                .mark_invoice_paid(invoice.id, by, Utc::now())
                .await
                .expect("paid");
        }
    }
    coordinator.verify_degrees(elena).await;
    coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    let started = coordinator
        .post(
            &format!("/applications/{elena}/events"),
            &[("event", "start-review")],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    elena
}

#[tokio::test]
async fn cycles_set_due_dates_and_filter_the_queue() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh").await;
    let fields = [
        ("name", "Spring 2027"),
        ("submission_deadline", "2027-03-01"),
        ("review_due", "2027-04-15"),
    ];
    let made = coordinator.post("/staff/massaimh/cycles", &fields).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let again = coordinator.post("/staff/massaimh/cycles", &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &again,
        "name",
        "There is already a cycle called \"Spring 2027\"",
    );
    let backwards = coordinator
        .post(
            "/staff/massaimh/cycles",
            &[
                ("name", "Backwards"),
                ("submission_deadline", "2027-03-01"),
                ("review_due", "2027-02-01"),
            ],
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &backwards,
        "review_due",
        "Reviews fall due after the submission deadline",
    );
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let cycles = store.cycles(massaimh).await.expect("cycles");
    assert_eq!(cycles.len(), 1);
    let cycle = cycles[0].id;

    // Another association's coordinator can neither add nor use MassAIMH's cycles.
    let mut other = app.client();
    other.sign_in("coordinator@ct-aimh.test").await;
    let refused = other.post("/staff/massaimh/cycles", &fields).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    let elena = elena_under_review(&app, &mut coordinator).await;
    let refused = other
        .post(
            &format!("/applications/{elena}/review/cycle"),
            &[("cycle", &cycle.to_string())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    let placed = coordinator
        .post(
            &format!("/applications/{elena}/review/cycle"),
            &[("cycle", &cycle.to_string())],
        )
        .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);

    // The queue filtered by cycle shows Elena and nobody else.
    let queue = coordinator
        .get(&format!("/staff/massaimh?cycle={cycle}"))
        .await;
    // (The messages from applicants further down the page are not the queue.)
    let listed = queue
        .body
        .split("<h2>Messages from applicants</h2>")
        .next()
        .expect("the queue");
    assert!(listed.contains("Elena Morales"), "{}", queue.body);
    assert!(!listed.contains("Farah Haddad"), "{}", queue.body);

    // An assignment without a date falls due on the cycle's review date.
    let reviewer = person(store, "reviewer1@massaimh.test").await;
    coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    let assigned = coordinator
        .post(
            &format!("/applications/{elena}/review/assign"),
            &[("reviewer", &reviewer.to_string())],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
    let rows = store
        .assignments(ApplicationId(elena))
        .await
        .expect("assignments");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].due_on.map(|d| d.to_string()).as_deref(),
        Some("2027-04-15")
    );
}

#[tokio::test]
async fn a_csv_assignment_is_all_or_nothing_and_respects_conflicts() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    // Before review starts, the applicant names reviewer 2, spelled loosely.
    let mut applicant = app.client();
    applicant.sign_in("elena.morales@example.org").await;
    let elena = app.application_of("elena.morales@example.org").await;
    applicant.get(&format!("/applications/{elena}")).await;
    let declared = applicant
        .post(
            &format!("/applications/{elena}/conflicts"),
            &[
                ("person", "  priya   NATARAJAN "),
                ("reason", "My former supervisor"),
            ],
        )
        .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.body);
    let elena = elena_under_review(&app, &mut coordinator).await;
    let farah = app.application_of("farah.haddad@example.org").await;

    // One good line, one unknown reviewer, one application already full: nothing is saved.
    coordinator.get("/staff/massaimh/assign").await;
    let bad = format!(
        "application_id,reviewer_email\n{elena},reviewer1@massaimh.test\n{elena},nobody@example.org\n{farah},reviewer1@massaimh.test\n"
    );
    let refused = coordinator
        .post_file("/staff/massaimh/assign/csv", "file", "assign.csv", &bad)
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("line 3"), "{}", refused.body);
    assert!(
        refused.body.contains("already assigned"),
        "{}",
        refused.body
    );
    assert!(
        store
            .reviewers(ApplicationId(elena))
            .await
            .expect("reviewers")
            .is_empty(),
        "a refused file saves nothing"
    );

    // The applicant named reviewer 2 (spelled loosely) before review: that line is refused too.
    coordinator.get("/staff/massaimh/assign").await;
    let both = format!(
        "application_id,reviewer_email\n{elena},reviewer1@massaimh.test\n{elena},REVIEWER2@massaimh.test\n"
    );
    let refused = coordinator
        .post_file("/staff/massaimh/assign/csv", "file", "assign.csv", &both)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("conflict of interest"),
        "{}",
        refused.body
    );
    assert!(
        store
            .reviewers(ApplicationId(elena))
            .await
            .expect("reviewers")
            .is_empty()
    );

    // A clean file is saved whole.
    coordinator.get("/staff/massaimh/assign").await;
    let good = format!("application_id,reviewer_email\n{elena},reviewer1@massaimh.test\n");
    let saved = coordinator
        .post_file("/staff/massaimh/assign/csv", "file", "assign.csv", &good)
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("id=\"imported\""), "{}", saved.body);
    assert_eq!(
        store
            .reviewers(ApplicationId(elena))
            .await
            .expect("reviewers"),
        vec![person(store, "reviewer1@massaimh.test").await]
    );

    // A reviewer cannot upload assignments.
    let mut reviewer = app.client();
    reviewer.sign_in("reviewer1@massaimh.test").await;
    let denied = reviewer
        .post_file("/staff/massaimh/assign/csv", "file", "assign.csv", &good)
        .await;
    assert_eq!(denied.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn applicants_declare_conflicts_before_review_but_cannot_lift_a_pinned_one() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let elena = app.application_of("elena.morales@example.org").await;
    let elena_person = person(store, "elena.morales@example.org").await;
    let lee = person(store, "reviewer1@massaimh.test").await;

    let mut applicant = app.client();
    applicant.sign_in("elena.morales@example.org").await;
    let page = applicant.get(&format!("/applications/{elena}")).await;
    assert!(page.body.contains("id=\"conflict-form\""), "{}", page.body);
    // Someone who reviews for nobody: the same answer, kept as typed like any other.
    let unknown = applicant
        .post(
            &format!("/applications/{elena}/conflicts"),
            &[("person", "Someone Else"), ("reason", "A neighbour")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::SEE_OTHER);
    let missing = applicant
        .post(
            &format!("/applications/{elena}/conflicts"),
            &[("person", "reviewer1@massaimh.test"), ("reason", "")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &missing,
        "reason",
        "Say briefly how you know them (under 2000 characters)",
    );
    let named = applicant
        .post(
            &format!("/applications/{elena}/conflicts"),
            &[
                ("person", "reviewer1@massaimh.test"),
                ("reason", "We work together"),
            ],
        )
        .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER);
    let declared = store
        .declared_conflicts(ApplicationId(elena))
        .await
        .expect("declared");
    assert_eq!(
        declared
            .iter()
            .map(|d| (d.named.as_str(), d.decision))
            .collect::<Vec<_>>(),
        vec![
            ("Someone Else", ConflictDecision::Pending),
            ("reviewer1@massaimh.test", ConflictDecision::Pending),
        ]
    );
    // Nothing is pinned on the reviewer: the coordinator decides.
    assert!(
        store
            .conflicts_of(elena_person)
            .await
            .expect("c")
            .is_empty()
    );
    let page = applicant.get(&format!("/applications/{elena}")).await;
    assert!(page.body.contains("We work together"), "{}", page.body);

    // The applicant may withdraw their own declaration before review.
    let removed = applicant
        .post(
            &format!("/applications/{elena}/conflicts/{}/remove", declared[0].id),
            &[],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(
        store
            .declared_conflicts(ApplicationId(elena))
            .await
            .expect("declared")[0]
            .decision,
        ConflictDecision::Withdrawn
    );

    // A conflict the coordinator pins stays, and the applicant's page does not show it.
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let elena_id = elena_under_review(&app, &mut coordinator).await;
    coordinator
        .get(&format!("/applications/{elena_id}/review"))
        .await;
    let pinned = coordinator
        .post(
            &format!("/applications/{elena_id}/review/conflicts"),
            &[
                ("reviewer", &lee.to_string()),
                ("reason", "Same agency board"),
            ],
        )
        .await;
    assert_eq!(pinned.status, StatusCode::SEE_OTHER, "{}", pinned.body);
    let pinned_row = store.conflicts_of(elena_person).await.expect("c");
    assert_eq!(pinned_row.len(), 1);
    assert_eq!(pinned_row[0].source, ConflictSource::Coordinator);
    let page = applicant.get(&format!("/applications/{elena}")).await;
    assert!(!page.body.contains("Same agency board"), "{}", page.body);
    // Under review the list is closed to the applicant: no form, and the routes refuse.
    assert!(
        page.body.contains("id=\"conflicts-closed\""),
        "{}",
        page.body
    );
    assert!(!page.body.contains("id=\"conflict-form\""), "{}", page.body);
    let lift = applicant
        .post(
            &format!("/applications/{elena}/conflicts/{}/remove", declared[1].id),
            &[],
        )
        .await;
    assert_eq!(
        lift.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        lift.body
    );
    let late = applicant
        .post(
            &format!("/applications/{elena}/conflicts"),
            &[("person", "Someone New"), ("reason", "Too late")],
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.body
    );
    assert!(late.body.contains("message"), "{}", late.body);
    assert_eq!(store.conflicts_of(elena_person).await.expect("c").len(), 1);
    assert_eq!(
        store
            .declared_conflicts(ApplicationId(elena))
            .await
            .expect("declared")
            .len(),
        2
    );

    // And the pinned reviewer cannot be assigned.
    coordinator
        .get(&format!("/applications/{elena_id}/review"))
        .await;
    let assign = coordinator
        .post(
            &format!("/applications/{elena_id}/review/assign"),
            &[("reviewer", &lee.to_string())],
        )
        .await;
    assert_eq!(assign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        assign.body.contains("conflict of interest"),
        "{}",
        assign.body
    );
}

#[tokio::test]
async fn coordinators_record_what_reviewers_hold() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let lee = person(store, "reviewer1@massaimh.test").await;
    let maria = person(store, "coordinator@massaimh.test").await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh").await;
    let path = format!("/staff/massaimh/reviewers/{lee}");
    let bad = coordinator
        .post(&path, &[("employer", "Clinic"), ("endorsed", "II, V")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &bad,
        "endorsed",
        "Unknown category \"V\" (expected one of I, II, RS, III, IV-C, IV-P, IV-R)",
    );
    let saved = coordinator
        .post(
            &path,
            &[
                ("employer", "Cape Ann Early Intervention"),
                ("endorsed", "ii iv-c II"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let massaimh = store.association_by_slug("massaimh").await.expect("a").id;
    let row = store
        .reviewers_of(massaimh)
        .await
        .expect("reviewers")
        .into_iter()
        .find(|r| r.person == lee)
        .expect("lee");
    assert_eq!(row.endorsed, vec!["II".to_string(), "IV-C".to_string()]);
    assert_eq!(row.employer, "Cape Ann Early Intervention");
    // Someone who is not a reviewer here, and another association's coordinator: not found.
    let not_reviewer = coordinator
        .post(
            &format!("/staff/massaimh/reviewers/{maria}"),
            &[("employer", ""), ("endorsed", "II")],
        )
        .await;
    assert_eq!(not_reviewer.status, StatusCode::NOT_FOUND);
    let mut other = app.client();
    other.sign_in("coordinator@ct-aimh.test").await;
    let refused = other
        .post(&path, &[("employer", "x"), ("endorsed", "IV-C")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}
