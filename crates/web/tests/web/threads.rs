//! Messages both ways: the applicant writes from the application page, the coordinator
//! answers in Lattice, the applicant is emailed, both read one thread; reviewers and other
//! associations are not part of it.

use axum::http::StatusCode;

use crate::support::TestApp;

#[tokio::test]
async fn the_coordinator_answers_in_lattice_and_the_applicant_reads_the_thread() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let george = app.application_of("george.ito@example.org").await;
    let page = format!("/applications/{george}");
    let post = format!("/applications/{george}/messages");

    let mut applicant = app.client();
    applicant.sign_in("george.ito@example.org").await;
    let mine = applicant.get(&page).await;
    assert!(mine.body.contains("Messages with your association"));
    assert!(mine.body.contains("No messages yet."));
    let sent = applicant
        .post(
            &post,
            &[
                ("kind", "help-process"),
                ("body", "When will I hear about my review?"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let to_coordinator = store
        .mails_to("coordinator@massaimh.test")
        .await
        .expect("mails");
    let question = to_coordinator
        .iter()
        .find(|m| m.subject.starts_with("Help: process from George Ito"))
        .expect("the coordinator is told");
    assert!(question.body.contains("When will I hear about my review?"));
    assert!(
        question
            .body
            .contains(&format!("/applications/{george}#messages"))
    );

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let staff = coordinator.get("/staff/massaimh").await;
    assert!(staff.body.contains("When will I hear about my review?"));
    assert!(
        staff
            .body
            .contains(&format!("/applications/{george}#messages"))
    );
    let desk = coordinator.get(&page).await;
    assert!(desk.body.contains("Messages with the applicant"));
    assert!(desk.body.contains("When will I hear about my review?"));
    let answered = coordinator
        .post(
            &post,
            &[("body", "Both reviews are due by the end of the month.")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let to_george = store
        .mails_to("george.ito@example.org")
        .await
        .expect("mails");
    let answer = to_george
        .iter()
        .find(|m| m.subject.ends_with("answered your message"))
        .expect("the applicant is emailed");
    assert!(
        answer
            .body
            .contains("Both reviews are due by the end of the month.")
    );
    assert!(answer.body.contains("Maria Santos"));

    // Both read the same thread, in order, the answer marked as the coordinator's.
    for client in [&mut applicant, &mut coordinator] {
        let thread = client.get(&page).await.body;
        let question = thread
            .find("When will I hear about my review?")
            .expect("the question");
        let answer = thread
            .find("Both reviews are due by the end of the month.")
            .expect("the answer");
        assert!(question < answer);
        assert!(thread.contains("Maria Santos, coordinator"));
    }
}

#[tokio::test]
async fn reviewers_and_other_associations_are_not_in_the_thread() {
    let app = TestApp::sqlite().await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let page = format!("/applications/{farah}");
    let post = format!("/applications/{farah}/messages");
    let mut applicant = app.client();
    applicant.sign_in("farah.haddad@example.org").await;
    applicant
        .post(
            &post,
            &[("kind", "comment"), ("body", "A private note for Maria.")],
        )
        .await;

    // An assigned reviewer reads the application but not the thread, and cannot write in it.
    let mut reviewer = app.client();
    reviewer.sign_in("reviewer1@massaimh.test").await;
    let seen = reviewer.get(&page).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("A private note for Maria."));
    let tried = reviewer.post(&post, &[("body", "Hello Farah")]).await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);
    let mut other = app.client();
    other.sign_in("coordinator@ct-aimh.test").await;
    other.get("/dashboard").await;
    let tried = other.post(&post, &[("body", "Hello Farah")]).await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);

    // Bad input names the field, and nothing is stored.
    for (fields, field) in [
        (vec![("body", "   ")], "body"),
        (vec![("body", "x".repeat(4001).leak() as &str)], "body"),
        (vec![("kind", "gossip"), ("body", "hello")], "kind"),
    ] {
        let refused = applicant.post(&post, &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        crate::mistakes::on_its_page(&refused);
        assert_eq!(
            crate::mistakes::field_of(&refused).as_deref(),
            Some(field),
            "{}",
            refused.body
        );
    }
    let thread = app
        .state
        .store()
        .messages_of_application(lattice_domain::ids::ApplicationId(farah))
        .await
        .expect("thread");
    // The demo's question and answer, and the note above.
    assert_eq!(thread.len(), 3);
    // 4,000 characters is the most that is kept: one more is refused above, exactly that many
    // goes in.
    let longest = "y".repeat(4000);
    let kept = applicant.post(&post, &[("body", &longest)]).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
}
