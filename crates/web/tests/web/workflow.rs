//! Moving applications through the state machine from the pages: legal events land with
//! their audit row and mail in one go; illegal ones are refused with a reason.

use axum::http::StatusCode;
use lattice_domain::application::State;
use lattice_domain::ids::ApplicationId;

use crate::support::TestApp;

async fn coordinator_moves_an_application(app: TestApp) {
    let id = app.application_of("elena.morales@example.org").await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    assert!(
        coordinator.verify_degrees(id).await > 0,
        "Elena lists a degree"
    );
    let page = coordinator.get(&format!("/applications/{id}")).await;
    assert!(
        page.body.contains("Portfolio complete: start review"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("Endorse</button>"),
        "endorse is not offered before review"
    );

    let moved = coordinator
        .post(
            &format!("/applications/{id}/events"),
            &[
                ("event", "start-review"),
                ("reason", "Complete; assigning readers"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let store = app.state.store();
    assert_eq!(
        store
            .application(ApplicationId(id))
            .await
            .expect("row")
            .state,
        State::UnderReview
    );
    let trail = store
        .audit_of_subject(&format!("application:{id}"))
        .await
        .expect("audit");
    let last = trail.last().expect("audit row");
    assert_eq!(last.action, "start-review");
    assert_eq!(last.reason, "Complete; assigning readers");
    let coordinator_id = store
        .person_by_email("coordinator@massaimh.test")
        .await
        .expect("p")
        .0
        .id;
    assert_eq!(last.actor, Some(coordinator_id));
    let mails = store
        .mails_to("elena.morales@example.org")
        .await
        .expect("mail");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Your IFS application: Under review");
    assert_eq!(
        mails[0].body,
        format!(
            "Hello Elena Morales,\n\nYour portfolio is complete and its review has started.\n\nWhat is next: two reviewers read it; we write to you when Massachusetts Association for Infant Mental Health has decided.\n\nNote from Massachusetts Association for Infant Mental Health:\nComplete; assigning readers\n\nSee your application: http://lattice.test/applications/{id}\n"
        )
    );

    // The page shows the new state and its history.
    let page = coordinator.get(&format!("/applications/{id}")).await;
    assert!(page.body.contains("Under review"));
    assert!(
        page.body
            .contains("found the portfolio complete and started the review")
    );

    // Illegal now: a second start, and an endorsement of a category that sits no exam is
    // allowed only from review, so submit (the applicant's) is refused for staff.
    for (event, message) in [
        ("start-review", "Cannot start-review"),
        ("submit", "You may not submit"),
        ("bogus", "Unknown event"),
    ] {
        let page = coordinator
            .post(&format!("/applications/{id}/events"), &[("event", event)])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{event}");
        crate::mistakes::on_its_page(&page);
        assert!(
            crate::mistakes::message_of(&page).is_some_and(|m| m.starts_with(message)),
            "{event}: {}",
            page.body
        );
    }
    let no_date = coordinator
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "require-more-work"), ("re_review_after", "soon")],
        )
        .await;
    crate::mistakes::says(&no_date, "Give the date resubmission opens, as YYYY-MM-DD");
    assert_eq!(
        store
            .application(ApplicationId(id))
            .await
            .expect("row")
            .state,
        State::UnderReview
    );

    // Decisions after review need both reviews: the generic events refuse them.
    let endorsed = coordinator
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "endorse"), ("reason", "Both reviewers agree")],
        )
        .await;
    assert_eq!(endorsed.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(
        &endorsed,
        "Decide on the review page, once both reviews are in",
    );
    assert_eq!(
        store
            .application(ApplicationId(id))
            .await
            .expect("row")
            .state,
        State::UnderReview
    );
}

#[tokio::test]
async fn transitions_on_sqlite() {
    coordinator_moves_an_application(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn transitions_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    coordinator_moves_an_application(app).await;
}

#[tokio::test]
async fn applicant_may_withdraw_but_not_judge_nor_submit_early() {
    let app = TestApp::sqlite().await;
    let id = app.application_of("ana@example.org").await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let page = ana.get(&format!("/applications/{id}")).await;
    assert!(page.body.contains("Submit portfolio for review"));
    let judge = ana
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "endorse")],
        )
        .await;
    assert_eq!(judge.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Ana's references are not complete yet, so submitting is refused (journey.rs completes it).
    let submit = ana
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "submit")],
        )
        .await;
    assert_eq!(submit.status, StatusCode::UNPROCESSABLE_ENTITY);
    let store = app.state.store();
    let withdraw = ana
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "withdraw"), ("reason", "moving states")],
        )
        .await;
    assert_eq!(withdraw.status, StatusCode::SEE_OTHER);
    assert_eq!(
        store
            .application(ApplicationId(id))
            .await
            .expect("row")
            .state,
        State::Withdrawn
    );
}
