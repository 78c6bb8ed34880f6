//! The exam as a Category III applicant under the pre-2025 rules lives it, in real headless
//! Chromium: from approval to sit, her exam page and dashboard, an accommodation she asks for
//! and the coordinator grants, the mails at scheduling and results, the scores, to endorsement.

use chrono::Utc;
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_store::{Effects, NewAudit, SharedStore};

use crate::browser::{Driver, Served, Walk, browser_available, wait_for_mail};
use crate::support::Sink;

const GRACE: &str = "grace.okafor@example.org";
const COORDINATOR: &str = "coordinator@nmaimh.test";

async fn person(store: &SharedStore, email: &str) -> PersonId {
    store.person_by_email(email).await.expect("person").0.id
}

/// Moves the application one step as the coordinator, with the audit action the exam reads
/// its approval date from.
async fn step(store: &SharedStore, app: i64, from: State, to: State, action: &str) {
    let coordinator = person(store, COORDINATOR).await;
    let nmaimh = store
        .association_by_slug("nmaimh")
        .await
        .expect("nmaimh")
        .id;
    store
        .transition(
            ApplicationId(app),
            from,
            to,
            &NewAudit {
                at: Utc::now(),
                actor: Some(coordinator),
                association: Some(nmaimh),
                subject: format!("application:{app}"),
                action: action.to_string(),
                reason: String::new(),
            },
            &Effects::default(),
        )
        .await
        .expect(action);
}

#[tokio::test]
async fn category_three_before_2025_lives_the_exam_from_approval_to_endorsement() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let grace = store
        .applications_of_person(person(&store, GRACE).await)
        .await
        .expect("applications")[0]
        .id
        .0;
    let tom = person(&store, "reviewer@nmaimh.test").await;
    let ruth = person(&store, "reviewer2@nmaimh.test").await;
    // The review itself is browser_review's walk; here Grace is approved to sit, as after it.
    step(
        &store,
        grace,
        State::Submitted,
        State::UnderReview,
        "start-review",
    )
    .await;
    step(
        &store,
        grace,
        State::UnderReview,
        State::ApprovedForExam,
        "approve-for-exam",
    )
    .await;
    let today = Utc::now().date_naive();
    let nmaimh = store
        .association_by_slug("nmaimh")
        .await
        .expect("nmaimh")
        .id;
    store
        .create_exam_window(nmaimh, today, today, "Albuquerque", Utc::now())
        .await
        .expect("window");

    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    let exam = format!("/applications/{grace}/exam");

    // Her dashboard leads to the exam, which is not scheduled yet; she asks for more time.
    walk.as_demo(GRACE).await;
    walk.go("/dashboard").await;
    walk.expect_text("Not scheduled yet").await;
    walk.click(&format!("#exam-link-{grace}")).await;
    walk.expect_text("Your IMHS exam").await;
    walk.check("exam-applicant-before").await;
    // An empty request is sent back with its message beside the field.
    walk.click_button("Ask for accommodations").await;
    walk.expect_text("Say what you need at the exam").await;
    walk.fill("request", "Extra time for Part 2: I have dyslexia.")
        .await;
    walk.click_button("Ask for accommodations").await;
    walk.expect_text("Waiting for the coordinator").await;

    // The coordinator grants it and schedules the sitting with its details.
    walk.as_demo(COORDINATOR).await;
    walk.pay_all(grace).await;
    walk.go(&exam).await;
    walk.expect_text("Extra time for Part 2").await;
    walk.fill(
        &format!(
            "note-{}",
            store.accommodations(ApplicationId(grace)).await.expect("a")[0].id
        ),
        "Thirty more minutes for Part 2.",
    )
    .await;
    walk.click_button("Grant").await;
    walk.expect_text("Thirty more minutes for Part 2.").await;
    walk.set("sat-on", &today.to_string()).await;
    walk.set("starts-at", "09:30").await;
    walk.fill("place", "NMAIMH office, 1st floor, Albuquerque")
        .await;
    walk.fill("instructions", "Arrive fifteen minutes early.")
        .await;
    walk.fill("bring", "Photo identification and two pencils.")
        .await;
    walk.select("first-scorer", &ruth.to_string()).await;
    walk.select("second-scorer", &tom.to_string()).await;
    walk.click_button("Schedule and tell the applicant").await;
    walk.expect_text("Sitting of").await;
    walk.check("exam-staff-scheduled").await;
    let notice = wait_for_mail(&sink, GRACE, "exam is scheduled for").await;
    assert!(notice.contains("NMAIMH office"), "{notice}");

    // What she sees: the sitting with everything she needs, her accommodation granted.
    walk.as_demo(GRACE).await;
    walk.go("/dashboard").await;
    walk.expect_text(&format!("Scheduled for {today}")).await;
    walk.go(&exam).await;
    let mine = walk
        .expect_text("NMAIMH office, 1st floor, Albuquerque")
        .await;
    for fact in [
        "09:30",
        "Arrive fifteen minutes early.",
        "Photo identification and two pencils.",
        "Granted",
        "Thirty more minutes for Part 2.",
    ] {
        assert!(mine.contains(fact), "{fact}");
    }
    assert!(!mine.contains("Ruth Begay"), "scorers are not shown to her");
    walk.check("exam-applicant-scheduled").await;

    // Part 1, two blind scores, the result.
    let sitting = store
        .sittings(ApplicationId(grace))
        .await
        .expect("sittings")
        .pop()
        .expect("sitting");
    walk.as_demo(COORDINATOR).await;
    walk.go(&exam).await;
    walk.fill(&format!("wrong-{}", sitting.id), "8").await;
    walk.fill(
        &format!("answers-{}", sitting.id),
        "Vignette A: I would wonder with the mother about the baby's cries.",
    )
    .await;
    walk.click_button("Save Part 1 and the answers").await;
    walk.expect_text("8 wrong of 60").await;
    for (scorer, scores) in [
        ("reviewer2@nmaimh.test", ("3", "4")),
        ("reviewer@nmaimh.test", ("3", "3")),
    ] {
        walk.as_demo(scorer).await;
        walk.go("/scoring").await;
        walk.fill(&format!("first-{}", sitting.id), scores.0).await;
        walk.fill(&format!("second-{}", sitting.id), scores.1).await;
        walk.click_button("Submit scores").await;
        walk.expect_text("submitted and final").await;
    }
    walk.as_demo(COORDINATOR).await;
    walk.go(&exam).await;
    walk.expect_text("Part 2 passed: each answer must reach a mean of at least 3")
        .await;
    walk.check("exam-staff-scored").await;
    walk.click_button("Record the result and send the feedback letter")
        .await;
    walk.expect_text("Exam passed").await;
    let letter = wait_for_mail(&sink, GRACE, "exam results").await;
    assert!(letter.contains("You have passed the exam"), "{letter}");

    // She reads it on her dashboard; the coordinator endorses her.
    walk.as_demo(GRACE).await;
    walk.go("/dashboard").await;
    walk.expect_text(&format!("Passed (sat on {today})")).await;
    walk.check("exam-applicant-dashboard-passed").await;
    walk.as_demo(COORDINATOR).await;
    walk.go(&format!("/applications/{grace}")).await;
    // Endorsing cannot be undone: the box saying so holds the form until it is ticked.
    walk.click("#confirm-endorse").await;
    walk.click_button("Endorse").await;
    walk.expect_text("Endorsed").await;
    assert_eq!(
        store
            .application(ApplicationId(grace))
            .await
            .expect("application")
            .state,
        State::Endorsed
    );

    walk.client.close().await.expect("close");
    served.stop().await;
}
