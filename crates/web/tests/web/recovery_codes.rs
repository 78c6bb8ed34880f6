//! A signed-in person with two-step sign-in sees how many recovery codes they have left and
//! makes a new set with a fresh code from the app: the page shows the new codes once, the old
//! set stops working at sign-in, the new one works, a wrong or reused app code is refused
//! naming the field, and the change is audited. On both backends.

use axum::http::StatusCode;
use lattice_web::demo::DEMO_TOTP_SECRET;

use crate::support::{Client, TestApp, recovery_codes_on, totp_at};

const EMAIL: &str = "coordinator@massaimh.test";

/// Password, then `code` on the second step; the status of the second step.
async fn sign_in_with_code(app: &TestApp, code: &str) -> StatusCode {
    let mut client: Client<'_> = app.client();
    client.password_then_code_page(EMAIL).await;
    client
        .post("/sign-in/code", &[("code", code), ("next", "")])
        .await
        .status
}

async fn new_recovery_codes_replace_the_old_set(app: TestApp) {
    let store = app.state.store();
    let mut coordinator = app.client();
    // The test sign-in gives the coordinator one recovery code and spends it.
    coordinator.sign_in(EMAIL).await;
    let page = coordinator.get("/sign-in/enrol").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("<p id=\"codes-left\">You have no unused recovery codes left.</p>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("action=\"/account/recovery-codes\""));

    let now = chrono::Utc::now().timestamp();
    let current = totp_at(DEMO_TOTP_SECRET, now);
    let wrong = if current == "000000" {
        "111111"
    } else {
        "000000"
    };
    let refused = coordinator
        .post("/account/recovery-codes", &[("code", wrong)])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("That code is not right"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("id=\"recovery-codes\""));

    let first = coordinator
        .post("/account/recovery-codes", &[("code", &current)])
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(
        first.body.contains("<h1>New recovery codes</h1>"),
        "{}",
        first.body
    );
    // Shown only now: no language switch that would load another page in their place.
    assert!(
        !first.body.contains("id=\"language-switch\""),
        "{}",
        first.body
    );
    let first_set = recovery_codes_on(&first.body);
    assert_eq!(first_set.len(), 10);
    let counted = coordinator.get("/sign-in/enrol").await;
    assert!(
        counted
            .body
            .contains("<p id=\"codes-left\">You have 10 unused recovery codes left.</p>"),
        "{}",
        counted.body
    );

    // The same app code twice is refused: a code works once, as at sign-in.
    let reused = coordinator
        .post("/account/recovery-codes", &[("code", &current)])
        .await;
    assert_eq!(
        reused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reused.body
    );
    assert!(reused.body.contains("already used"), "{}", reused.body);

    // The app's next code makes a second set; the first stops working at sign-in.
    let second = coordinator
        .post(
            "/account/recovery-codes",
            &[("code", &totp_at(DEMO_TOTP_SECRET, now + 30))],
        )
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let second_set = recovery_codes_on(&second.body);
    assert_eq!(second_set.len(), 10);
    assert!(second_set.iter().all(|code| !first_set.contains(code)));
    assert_eq!(
        sign_in_with_code(&app, &first_set[0]).await,
        StatusCode::UNAUTHORIZED,
        "a code of the replaced set"
    );
    assert_eq!(
        sign_in_with_code(&app, &second_set[0]).await,
        StatusCode::SEE_OTHER,
        "a code of the new set"
    );
    assert_eq!(
        store
            .recovery_codes_left(
                store
                    .person_by_email(EMAIL)
                    .await
                    .expect("coordinator")
                    .0
                    .id
            )
            .await
            .expect("left"),
        9
    );

    let (person, _) = store.person_by_email(EMAIL).await.expect("coordinator");
    let audited = store
        .audit_of_subject(&format!("person:{}", person.id))
        .await
        .expect("audit")
        .into_iter()
        .filter(|row| row.action == "recovery-codes-replaced")
        .count();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_set_on_sqlite() {
    new_recovery_codes_replace_the_old_set(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_set_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    new_recovery_codes_replace_the_old_set(app).await;
}

/// Someone signed in without two-step sign-in has no codes to replace: the post sends them
/// to set it up and makes nothing.
#[tokio::test]
async fn without_a_second_factor_there_is_nothing_to_replace() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let page = ana
        .post("/account/recovery-codes", &[("code", "123456")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/sign-in/enrol"));
}
