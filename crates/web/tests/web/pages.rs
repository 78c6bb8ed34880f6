//! Public pages, signing in as each demo role, dashboards with real data, and the guards on
//! forms: CSRF, rate limiting, field-named errors, escaping.

use axum::http::StatusCode;
use lattice_store::{NewApplication, NewPerson};

use crate::support::TestApp;

#[tokio::test]
async fn health_answers_with_the_backend() {
    let app = TestApp::sqlite().await;
    let page = app.client().get("/health").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.json()["status"], "ok");
    assert_eq!(page.json()["database"], "sqlite");
}

#[tokio::test]
async fn landing_pages_show_categories_and_fees() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    let home = client.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    for name in [
        "/a/massaimh",
        "/a/ct-aimh",
        "/a/nmaimh",
        "/a/mi-aimh",
        "/a/ak-aimh",
    ] {
        assert!(home.body.contains(name), "home links {name}");
    }
    let mass = client.get("/a/massaimh").await;
    assert_eq!(mass.status, StatusCode::OK);
    assert!(mass.body.contains("IFS / ECFS"), "{}", mass.body);
    assert!(mass.body.contains("registration"), "fees shown");
    assert!(mass.body.contains("Renew every year by"), "renewal shown");
    assert_eq!(client.get("/a/nowhere").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_demo_role_signs_in_to_a_dashboard_of_real_data() {
    let app = TestApp::sqlite().await;
    let cases = [
        (
            "admin@alliance.test",
            vec![
                "Alliance admin",
                "Massachusetts",
                "New Mexico",
                "Connecticut",
            ],
        ),
        (
            "coordinator@massaimh.test",
            vec!["Coordinator", "/staff/massaimh", "Under review"],
        ),
        (
            "reviewer1@massaimh.test",
            vec!["Assigned to you for review", "Farah Haddad", "Jack Osei"],
        ),
        (
            "ana@example.org",
            vec![
                "Your applications",
                "Infant Family Specialist",
                "Building portfolio",
                "Training",
            ],
        ),
        ("grace.okafor@example.org", vec!["IMHS", "Submitted"]),
    ];
    for (email, expected) in cases {
        let mut client = app.client();
        let dashboard = client.sign_in(email).await;
        assert_eq!(dashboard.status, StatusCode::OK, "{email}");
        for text in expected {
            assert!(
                dashboard.body.contains(text),
                "{email}'s dashboard lacks {text:?}"
            );
        }
    }
    // The reviewer sees only what was assigned: Elena's submitted portfolio is not theirs.
    let mut reviewer = app.client();
    let page = reviewer.sign_in("reviewer1@massaimh.test").await;
    assert!(!page.body.contains("Elena Morales"));
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = TestApp::sqlite().await;
    let page = app.client().get("/dashboard").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/sign-in?next=%2Fdashboard"));
    let api = app.client().get("/api/me").await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert!(api.json()["request_id"].is_string());
}

#[tokio::test]
async fn sign_in_goes_back_to_the_page_asked_for_but_never_off_site() {
    let app = TestApp::sqlite().await;
    for (next, expected) in [
        ("/a/massaimh", "/a/massaimh"),
        ("//evil.example", "/dashboard"),
        ("https://evil.example", "/dashboard"),
    ] {
        let mut client = app.client();
        client.get("/sign-in").await;
        let page = client
            .post(
                "/sign-in",
                &[
                    ("email", "ana@example.org"),
                    ("password", lattice_web::demo::DEMO_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(page.location.as_deref(), Some(expected), "next={next}");
    }
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_rate_limited() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    client.get("/sign-in").await;
    for _ in 0..5 {
        let page = client
            .post(
                "/sign-in",
                &[
                    ("email", "ana@example.org"),
                    ("password", "wrong password"),
                    ("next", ""),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(page.body.contains("do not match"));
        assert!(
            page.body.contains("ana@example.org"),
            "the email typed is kept"
        );
    }
    // Now even the right password waits.
    let page = client
        .post(
            "/sign-in",
            &[
                ("email", "ANA@example.org"),
                ("password", lattice_web::demo::DEMO_PASSWORD),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("Please try again in"), "{}", page.body);
    // Other accounts are unaffected.
    client.sign_in("grace.okafor@example.org").await;
    // Unknown emails get the same answer as wrong passwords.
    let mut other = app.client();
    other.get("/sign-in").await;
    let page = other
        .post(
            "/sign-in",
            &[
                ("email", "nobody@example.org"),
                ("password", "whatever"),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    client.get("/sign-in").await;
    let forged = client
        .post_raw(
            "/sign-in",
            &[
                ("csrf", "forged"),
                ("email", "ana@example.org"),
                ("password", lattice_web::demo::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let missing = client
        .post_raw(
            "/sign-in",
            &[("email", "ana@example.org"), ("password", "x")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);

    client.sign_in("coordinator@massaimh.test").await;
    let id = app.application_of("elena.morales@example.org").await;
    let path = format!("/applications/{id}/events");
    let page = client
        .post_raw(&path, &[("csrf", "guess"), ("event", "start-review")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let signed_out = client.post_raw("/sign-out", &[]).await;
    assert_eq!(signed_out.status, StatusCode::FORBIDDEN);
    let state = app.client().get("/health").await;
    assert_eq!(state.status, StatusCode::OK);
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    client.sign_in("ana@example.org").await;
    let out = client.post("/sign-out", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(client.get("/dashboard").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn errors_show_one_page_with_a_request_id() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    let page = client.get("/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let id = page.request_id.expect("request id header");
    assert!(page.body.contains(&id), "the page quotes the request id");
    assert!(page.body.contains("not yours to see"));
    client.sign_in("ana@example.org").await;
    for path in [
        "/applications/abc",
        "/applications/99999999999999999999",
        "/api/applications/-1",
    ] {
        assert_eq!(
            client.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn names_are_escaped_wherever_they_are_shown() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let person = store
        .create_person(&NewPerson {
            email: "mallory@example.org".into(),
            name: "<script>alert('x')</script>".into(),
            password_hash: None,
            admin: false,
        })
        .await
        .expect("person");
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("association")
        .id;
    store
        .create_application(&NewApplication {
            person,
            association: massaimh,
            category: "IFA".into(),
            intended_submission: None,
            created_at: chrono::Utc::now(),
        })
        .await
        .expect("application");
    let mut client = app.client();
    client.sign_in("coordinator@massaimh.test").await;
    let page = client.get("/staff/massaimh").await;
    assert!(
        !page.body.contains("<script>alert"),
        "raw markup reached the page"
    );
    assert!(page.body.contains("&#60;script&#62;"), "{}", page.body);
}

#[tokio::test]
async fn password_reset_by_emailed_single_use_link() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    client.get("/forgot-password").await;
    let sent = client
        .post("/forgot-password", &[("email", "ana@example.org")])
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    // Unknown emails get the same page, so the form does not reveal who has an account.
    let unknown = client
        .post("/forgot-password", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(unknown.body, sent.body);
    let bad = client
        .post("/forgot-password", &[("email", "not an email")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &bad,
        "email",
        "Enter the email you registered with, like name@example.org",
    );
    crate::mistakes::kept(&bad, "email", "not an email");

    let mails = app
        .state
        .store()
        .mails_to("ana@example.org")
        .await
        .expect("outbox");
    let body = &mails.last().expect("a reset mail").body;
    let link = body
        .lines()
        .find(|l| l.contains("/reset-password?token="))
        .expect("link in mail");
    let token = link.split("token=").nth(1).expect("token").trim();
    client.get(&format!("/reset-password?token={token}")).await;
    let short = client
        .post(
            "/reset-password",
            &[
                ("token", token),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains(">Use at least 10 characters<"),
        "{}",
        short.body
    );
    let mismatch = client
        .post(
            "/reset-password",
            &[
                ("token", token),
                ("password", "a new passphrase"),
                ("confirm", "another one!"),
            ],
        )
        .await;
    assert!(
        mismatch.body.contains(">The two passwords differ<") && !mismatch.body.contains("confirm:"),
        "{}",
        mismatch.body
    );
    let done = client
        .post(
            "/reset-password",
            &[
                ("token", token),
                ("password", "a new passphrase"),
                ("confirm", "a new passphrase"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.body.contains("Your password is changed"));
    let again = client
        .post(
            "/reset-password",
            &[
                ("token", token),
                ("password", "third passphrase"),
                ("confirm", "third passphrase"),
            ],
        )
        .await;
    assert!(again.body.contains("already used or has expired"));

    let mut fresh = app.client();
    fresh.get("/sign-in").await;
    let old = fresh
        .post(
            "/sign-in",
            &[
                ("email", "ana@example.org"),
                ("password", lattice_web::demo::DEMO_PASSWORD),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = fresh
        .post(
            "/sign-in",
            &[
                ("email", "ana@example.org"),
                ("password", "a new passphrase"),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);
}

/// Elena's demo portfolio meets every requirement. Submitted, her application says so
/// without telling her to submit again; handed back by the coordinator (confirmed again),
/// it is hers to submit and says "Ready to submit" (#19 item 2).
#[tokio::test]
async fn only_a_confirmed_application_says_ready_to_submit() {
    let app = TestApp::sqlite().await;
    let elena = "elena.morales@example.org";
    let application = app.application_of(elena).await;
    let badge = |badge: &str| format!("<span class=\"chip chip-met\">{badge}</span>");
    let mut applicant = app.client();
    let dashboard = applicant.sign_in(elena).await;
    assert!(dashboard.body.contains("Submitted"), "{}", dashboard.body);
    assert!(dashboard.body.contains(&badge("All requirements met")));
    assert!(!dashboard.body.contains("Ready to submit"));
    let page = applicant.get(&format!("/applications/{application}")).await;
    assert!(
        page.body.contains(&badge("All requirements met")),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Ready to submit"));

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let returned = coordinator
        .post(
            &format!("/applications/{application}/events"),
            &[
                ("event", "return-incomplete"),
                ("reason", "Please add the date of your degree"),
                ("asked", "confirmed"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let dashboard = applicant.get("/dashboard").await;
    assert!(
        dashboard.body.contains(&badge("Ready to submit")),
        "{}",
        dashboard.body
    );
    assert!(!dashboard.body.contains("All requirements met"));
}
