//! Accounts (issue #16): sign-in limits per client and per account with growing delays,
//! passwords judged by guessability, a second factor for staff (TOTP with recovery codes),
//! sign-up that does not tell who has an account, and the `next=` target after signing in.
//! Anything stored is tried on SQLite and PostgreSQL; the second factor also in Chromium.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use lattice_domain::rights::StaffRole;
use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{Driver, Served, Walk, browser_available, next_totp_code};
use crate::support::{Page, Sink, TestApp, recovery_codes_on, secret_on, totp_at, totp_now};

fn sign_in_form<'a>(email: &'a str, password: &'a str, next: &'a str) -> [(&'a str, &'a str); 3] {
    [("email", email), ("password", password), ("next", next)]
}

// ---- next= --------------------------------------------------------------------------------

#[tokio::test]
async fn after_sign_in_only_a_same_site_path_is_followed() {
    let app = TestApp::sqlite().await;
    let off_site = [
        "/\t/evil.example/x",
        "/\n/evil.example/x",
        "/x\r\nSet-Cookie: stolen=1",
        "//evil.example/x",
        "/\\evil.example/x",
        "\\/evil.example/x",
        "https://evil.example/x",
        "evil.example",
        "/\u{7f}/evil.example",
        "",
    ];
    for next in off_site {
        let mut client = app.client();
        client.get("/sign-in").await;
        let page = client
            .post(
                "/sign-in",
                &sign_in_form("ana@example.org", DEMO_PASSWORD, next),
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{next:?}: {}",
            page.body
        );
        assert_eq!(page.location.as_deref(), Some("/dashboard"), "{next:?}");
    }
    // A path on the site, with its query, is kept.
    let mut client = app.client();
    client.get("/sign-in?next=/portfolio/work").await;
    let page = client
        .post(
            "/sign-in",
            &sign_in_form("ana@example.org", DEMO_PASSWORD, "/portfolio?section=work"),
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/portfolio?section=work"));
}

// ---- passwords ----------------------------------------------------------------------------

/// Ten characters each, accepted by a length rule alone.
const GUESSABLE: [&str; 4] = ["aaaaaaaaaa", "1234567890", "password12", "          "];

fn refused_naming_password(page: &Page, what: &str) {
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{what:?} was accepted"
    );
    assert!(
        page.body.contains(">Too easy to guess"),
        "{what:?}: {}",
        page.body
    );
}

#[tokio::test]
async fn guessable_passwords_and_ones_made_of_the_account_are_refused_at_sign_up() {
    let app = TestApp::sqlite().await;
    let mut newcomer = app.client();
    newcomer.get("/sign-up").await;
    let email = "noor.haddad@example.org";
    let mut tries: Vec<&str> = GUESSABLE.to_vec();
    tries.extend([email, "NoorHaddad1", "noor.haddad2026"]);
    for password in tries {
        let page = newcomer
            .post(
                "/sign-up",
                &[
                    ("name", "Noor Haddad"),
                    ("email", email),
                    ("password", password),
                    ("confirm", password),
                ],
            )
            .await;
        refused_naming_password(&page, password);
    }
    let store = app.state.store();
    assert!(
        store.person_by_email(email).await.is_err(),
        "no account was made"
    );
    // A few unrelated words pass.
    let page = newcomer
        .post(
            "/sign-up",
            &[
                ("name", "Noor Haddad"),
                ("email", email),
                ("password", "maple orbit lantern"),
                ("confirm", "maple orbit lantern"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
}

#[tokio::test]
async fn guessable_passwords_and_ones_made_of_the_account_are_refused_at_reset() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    client.get("/forgot-password").await;
    client
        .post("/forgot-password", &[("email", "ana@example.org")])
        .await;
    let link = app
        .link_in_mail("ana@example.org", "/reset-password?token=")
        .await;
    let token = link.split("token=").nth(1).expect("token").to_string();
    client.get(&format!("/reset-password?token={token}")).await;
    let mut tries: Vec<&str> = GUESSABLE.to_vec();
    tries.extend(["ana@example.org", "AnaRuiz2026"]);
    for password in tries {
        let page = client
            .post(
                "/reset-password",
                &[
                    ("token", &token),
                    ("password", password),
                    ("confirm", password),
                ],
            )
            .await;
        refused_naming_password(&page, password);
    }
    let done = client
        .post(
            "/reset-password",
            &[
                ("token", &token),
                ("password", "maple orbit lantern"),
                ("confirm", "maple orbit lantern"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
}

// ---- sign-in limits -----------------------------------------------------------------------

/// One client trying one password on many accounts is slowed after a few, though no single
/// account saw more than one failure.
async fn spraying_is_slowed(app: &TestApp) {
    let mut sprayer = app.client();
    sprayer.get("/sign-in").await;
    let mut checked = 0;
    let mut refused = None;
    for i in 0..40 {
        let email = format!("person{i}@example.org");
        let page = sprayer
            .post("/sign-in", &sign_in_form(&email, "Spring2026!", ""))
            .await;
        match page.status {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                refused = Some(page);
                break;
            }
            other => panic!("{email}: {other}"),
        }
    }
    assert_eq!(checked, 10, "ten tries from one client before it waits");
    let refused = refused.expect("the client was made to wait");
    // Thirty seconds from the latest failure, stored to the second.
    assert!(
        refused.body.contains("Please try again in 30 seconds")
            || refused.body.contains("Please try again in 29 seconds"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("name=\"email\""),
        "the form is shown again"
    );
    // The wait is the client's: the real Ana, elsewhere, signs in.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
}

/// Wrong passwords for one account delay its sign-ins, the real owner's too, but only for
/// a while that grows with the failures: nobody can lock the owner out.
async fn guessing_one_account_delays_rather_than_locks(app: &TestApp) {
    let store = app.state.store();
    let mut guesser = app.client();
    guesser.get("/sign-in").await;
    for _ in 0..5 {
        let page = guesser
            .post(
                "/sign-in",
                &sign_in_form("ana@example.org", "not her password", ""),
            )
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let mut ana = app.client();
    ana.get("/sign-in").await;
    let waiting = ana
        .post(
            "/sign-in",
            &sign_in_form("ana@example.org", DEMO_PASSWORD, ""),
        )
        .await;
    assert_eq!(waiting.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(waiting.body.contains("try again in"), "{}", waiting.body);
    // The same five failures 40 seconds ago: the 30-second wait is over.
    let key = "email:ana@example.org";
    store.clear_login_failures(key).await.expect("clear");
    let earlier = Utc::now() - Duration::seconds(40);
    for _ in 0..5 {
        store
            .record_login_failure(key, earlier)
            .await
            .expect("failure");
    }
    let page = ana
        .post(
            "/sign-in",
            &sign_in_form("ana@example.org", DEMO_PASSWORD, ""),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    // Each further failure doubles the wait: after twelve, the 40 seconds are far too few.
    for _ in 0..7 {
        store
            .record_login_failure(key, earlier)
            .await
            .expect("failure");
    }
    let mut later = app.client();
    later.get("/sign-in").await;
    let page = later
        .post(
            "/sign-in",
            &sign_in_form("ana@example.org", DEMO_PASSWORD, ""),
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("try again in"), "{}", page.body);
}

/// Behind a trusted proxy, each forwarded client has its own count; a client that is not a
/// trusted proxy cannot escape its count by sending the header.
async fn forwarded_clients_are_counted_apart(url: String) {
    let proxy: std::net::SocketAddr = "192.0.2.10:50000".parse().expect("addr");
    let app = TestApp::start(
        url,
        tempfile::tempdir().expect("dir"),
        &[("LATTICE_TRUSTED_PROXIES", "192.0.2.10".to_string())],
    )
    .await;
    let mut sprayer = app.client();
    sprayer.addr = proxy;
    sprayer.forwarded_for = Some("203.0.113.7, 192.0.2.10".to_string());
    sprayer.get("/sign-in").await;
    for i in 0..10 {
        let email = format!("person{i}@example.org");
        let page = sprayer
            .post("/sign-in", &sign_in_form(&email, "Spring2026!", ""))
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let page = sprayer
        .post(
            "/sign-in",
            &sign_in_form("x@example.org", "Spring2026!", ""),
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    // Another client through the same proxy is not held up.
    let mut other = app.client();
    other.addr = proxy;
    other.forwarded_for = Some("203.0.113.8".to_string());
    other.sign_in("grace.okafor@example.org").await;
    // A direct client's own header is ignored: it stays counted under its address.
    let mut liar = app.client();
    liar.get("/sign-in").await;
    for i in 0..10 {
        liar.forwarded_for = Some(format!("198.51.100.{i}"));
        let email = format!("person{i}@example.org");
        let page = liar
            .post("/sign-in", &sign_in_form(&email, "Spring2026!", ""))
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    liar.forwarded_for = Some("198.51.100.99".to_string());
    let page = liar
        .post(
            "/sign-in",
            &sign_in_form("x@example.org", "Spring2026!", ""),
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sign_in_limits_per_client_and_account_on_sqlite() {
    let app = TestApp::sqlite().await;
    spraying_is_slowed(&app).await;
    guessing_one_account_delays_rather_than_locks(&app).await;
    let dir = tempfile::tempdir().expect("dir");
    forwarded_clients_are_counted_apart(lattice_store::testing::sqlite_url_in(dir.path())).await;
}

#[tokio::test]
async fn sign_in_limits_per_client_and_account_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    spraying_is_slowed(&app).await;
    guessing_one_account_delays_rather_than_locks(&app).await;
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    forwarded_clients_are_counted_apart(url).await;
}

// ---- sign-up ------------------------------------------------------------------------------

/// The same answer for a new and a taken address; the new one is confirmed by an emailed
/// link before it can sign in, the taken one's owner gets a note.
async fn sign_up_tells_nobody_who_has_an_account(app: &TestApp) {
    let store = app.state.store();
    let mut visitor = app.client();
    visitor.get("/sign-up").await;
    let form = |email: &'static str| {
        [
            ("name", "Noor Haddad"),
            ("email", email),
            ("password", "maple orbit lantern"),
            ("confirm", "maple orbit lantern"),
        ]
    };
    let taken = visitor.post("/sign-up", &form("ana@example.org")).await;
    let new = visitor.post("/sign-up", &form("noor@example.org")).await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
    assert_eq!(new.status, taken.status);
    assert_eq!(
        new.body.replace("noor@example.org", "EMAIL"),
        taken.body.replace("ana@example.org", "EMAIL"),
        "the two answers are the same"
    );
    let note = store.mails_to("ana@example.org").await.expect("outbox");
    assert!(
        note.iter().any(|m| m.subject.contains("tried to create")),
        "the owner is told"
    );
    let (ana, _) = store.person_by_email("ana@example.org").await.expect("ana");
    assert_eq!(ana.name, "Ana Ruiz", "the existing account is untouched");

    // Before confirming, signing in is refused and a new link is sent.
    let first = app
        .link_in_mail("noor@example.org", "/verify-email?token=")
        .await;
    visitor.get("/sign-in").await;
    let early = visitor
        .post(
            "/sign-in",
            &sign_in_form("noor@example.org", "maple orbit lantern", ""),
        )
        .await;
    assert_eq!(early.status, StatusCode::FORBIDDEN, "{}", early.body);
    assert!(early.body.contains("confirm your email"), "{}", early.body);
    assert!(visitor.get("/dashboard").await.status != StatusCode::OK);
    let second = app
        .link_in_mail("noor@example.org", "/verify-email?token=")
        .await;
    assert_ne!(first, second, "a new link");
    let path = |link: &str| link.trim_start_matches("http://lattice.test").to_string();
    let stale = visitor.get(&path(&first)).await;
    assert_eq!(
        stale.status,
        StatusCode::NOT_FOUND,
        "the first link was replaced"
    );
    let confirmed = visitor.get(&path(&second)).await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert!(confirmed.body.contains("Your email is confirmed"));
    assert_eq!(
        visitor.get(&path(&second)).await.status,
        StatusCode::NOT_FOUND,
        "a link works once"
    );
    visitor.get("/sign-in").await;
    let signed_in = visitor
        .post(
            "/sign-in",
            &sign_in_form("noor@example.org", "maple orbit lantern", "/register"),
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    assert_eq!(signed_in.location.as_deref(), Some("/register"));
}

#[tokio::test]
async fn sign_up_does_not_reveal_accounts_and_verifies_email_on_sqlite() {
    let app = TestApp::sqlite().await;
    sign_up_tells_nobody_who_has_an_account(&app).await;
}

#[tokio::test]
async fn sign_up_does_not_reveal_accounts_and_verifies_email_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    sign_up_tells_nobody_who_has_an_account(&app).await;
}

// ---- the second factor --------------------------------------------------------------------

/// A coordinator of MassAIMH who has never signed in (so has no second factor yet).
async fn new_coordinator(app: &TestApp, email: &str) {
    let store = app.state.store();
    let hash = lattice_web::auth::hash_password("maple orbit lantern".to_string())
        .await
        .expect("hash");
    let id = store
        .create_person(&lattice_store::NewPerson {
            email: email.to_string(),
            name: "Cora Lindqvist".to_string(),
            password_hash: Some(hash),
            admin: false,
        })
        .await
        .expect("person");
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("assoc")
        .id;
    store
        .grant_staff(id, massaimh, StaffRole::Coordinator, None)
        .await
        .expect("role");
}

async fn password_step(
    client: &mut crate::support::Client<'_>,
    email: &str,
    password: &str,
) -> Page {
    client.get("/sign-in").await;
    client
        .post(
            "/sign-in",
            &sign_in_form(email, password, "/staff/massaimh"),
        )
        .await
}

async fn staff_enrol_then_codes_work_once(app: &TestApp) {
    let email = "cora@massaimh.test";
    new_coordinator(app, email).await;
    let store = app.state.store();

    // The password alone leads to enrolment, and opens no staff page.
    let mut cora = app.client();
    let first = password_step(&mut cora, email, "maple orbit lantern").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let enrol_path = first.location.clone().expect("location");
    assert!(enrol_path.starts_with("/sign-in/enrol"), "{enrol_path}");
    let staff = cora.get("/staff/massaimh").await;
    assert_eq!(staff.status, StatusCode::SEE_OTHER, "not signed in yet");
    assert!(
        staff
            .location
            .as_deref()
            .unwrap_or("")
            .starts_with("/sign-in")
    );

    // The enrolment page shows the QR code and the key; the key is sealed at rest.
    let form = cora.get(&enrol_path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("<svg"), "a QR code");
    let secret = secret_on(&form.body);
    let (person, _) = store.person_by_email(email).await.expect("person");
    let stored = store.second_factor(person.id).await.expect("factor");
    assert!(stored.confirmed_at.is_none());
    assert!(
        !stored.sealed_secret.contains(&secret),
        "sealed, not the key"
    );
    let wrong = cora
        .post(
            "/sign-in/enrol",
            &[("code", "12345x"), ("next", "/staff/massaimh")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains(">That code is not right"),
        "{}",
        wrong.body
    );
    assert_eq!(secret_on(&wrong.body), secret, "the same key on a retry");
    let now = Utc::now().timestamp();
    let enrol_code = totp_at(&secret, now);
    let done = cora
        .post(
            "/sign-in/enrol",
            &[("code", &enrol_code), ("next", "/staff/massaimh")],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let codes = recovery_codes_on(&done.body);
    assert_eq!(codes.len(), 10, "{}", done.body);
    assert!(
        done.body.contains("href=\"/staff/massaimh\""),
        "continues to next"
    );
    assert_eq!(cora.get("/staff/massaimh").await.status, StatusCode::OK);

    // Next sign-in: the code used at enrolment is spent; the next step's code works once.
    let mut again = app.client();
    let second = password_step(&mut again, email, "maple orbit lantern").await;
    assert!(
        second
            .location
            .as_deref()
            .unwrap_or("")
            .starts_with("/sign-in/code"),
        "{:?}",
        second.location
    );
    again.get("/sign-in/code").await;
    let replay = again
        .post(
            "/sign-in/code",
            &[("code", &enrol_code), ("next", "/staff/massaimh")],
        )
        .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "{}", replay.body);
    assert!(replay.body.contains("already used"), "{}", replay.body);
    let next_code = totp_at(&secret, now + 30);
    let ok = again
        .post(
            "/sign-in/code",
            &[("code", &next_code), ("next", "/staff/massaimh")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.location.as_deref(), Some("/staff/massaimh"));
    let mut thief = app.client();
    password_step(&mut thief, email, "maple orbit lantern").await;
    thief.get("/sign-in/code").await;
    let stolen = thief
        .post("/sign-in/code", &[("code", &next_code), ("next", "")])
        .await;
    assert_eq!(stolen.status, StatusCode::UNAUTHORIZED, "a code works once");

    // A recovery code instead of the app, once.
    let mut phoneless = app.client();
    password_step(&mut phoneless, email, "maple orbit lantern").await;
    phoneless.get("/sign-in/code").await;
    let typed = codes[0].to_lowercase();
    let recovered = phoneless
        .post("/sign-in/code", &[("code", &typed), ("next", "")])
        .await;
    assert_eq!(
        recovered.status,
        StatusCode::SEE_OTHER,
        "{}",
        recovered.body
    );
    let mut twice = app.client();
    password_step(&mut twice, email, "maple orbit lantern").await;
    twice.get("/sign-in/code").await;
    let spent = twice
        .post("/sign-in/code", &[("code", &codes[0]), ("next", "")])
        .await;
    assert_eq!(spent.status, StatusCode::UNAUTHORIZED);
    assert!(spent.body.contains("already used"), "{}", spent.body);
    assert_eq!(store.recovery_codes_left(person.id).await.expect("left"), 9);
}

async fn applicants_may_turn_it_on(app: &TestApp) {
    let mut ana = app.client();
    let page = ana.sign_in("ana@example.org").await;
    assert!(
        page.body.contains("href=\"/sign-in/enrol\""),
        "offered on the dashboard"
    );
    let done = ana.enrol("/sign-in/enrol").await;
    assert_eq!(recovery_codes_on(&done.body).len(), 10);
    let mut later = app.client();
    later.get("/sign-in").await;
    let page = later
        .post(
            "/sign-in",
            &sign_in_form("ana@example.org", DEMO_PASSWORD, ""),
        )
        .await;
    assert!(
        page.location
            .as_deref()
            .unwrap_or("")
            .starts_with("/sign-in/code"),
        "{:?}",
        page.location
    );
}

#[tokio::test]
async fn staff_sign_in_with_a_second_factor_on_sqlite() {
    let app = TestApp::sqlite().await;
    staff_enrol_then_codes_work_once(&app).await;
    applicants_may_turn_it_on(&app).await;
}

#[tokio::test]
async fn staff_sign_in_with_a_second_factor_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    staff_enrol_then_codes_work_once(&app).await;
    applicants_may_turn_it_on(&app).await;
}

/// Demo staff are enrolled with the published key, so a person trying the demo can sign in.
#[tokio::test]
async fn demo_staff_sign_in_with_the_published_key() {
    let app = TestApp::sqlite().await;
    let mut coordinator = app.client();
    let page = password_step(&mut coordinator, "coordinator@massaimh.test", DEMO_PASSWORD).await;
    assert!(
        page.location
            .as_deref()
            .unwrap_or("")
            .starts_with("/sign-in/code"),
        "{:?}",
        page.location
    );
    coordinator.get("/sign-in/code").await;
    let code = totp_now(lattice_web::demo::DEMO_TOTP_SECRET);
    let done = coordinator
        .post(
            "/sign-in/code",
            &[("code", &code), ("next", "/staff/massaimh")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        coordinator.get("/staff/massaimh").await.status,
        StatusCode::OK
    );
}

/// In Chromium: a new coordinator scans nothing but types the key, enrols, keeps the
/// recovery codes, signs in again with the app's code, then with a recovery code, and that
/// recovery code is refused the second time.
#[tokio::test]
async fn a_coordinator_enrols_then_signs_in_with_a_code_and_a_recovery_code() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let email = "cora@massaimh.test";
    let store = served.store.clone();
    let hash = lattice_web::auth::hash_password("maple orbit lantern".to_string())
        .await
        .expect("hash");
    let id = store
        .create_person(&lattice_store::NewPerson {
            email: email.to_string(),
            name: "Cora Lindqvist".to_string(),
            password_hash: Some(hash),
            admin: false,
        })
        .await
        .expect("person");
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("assoc")
        .id;
    store
        .grant_staff(id, massaimh, StaffRole::Coordinator, None)
        .await
        .expect("role");

    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    let who = format!("{}|{email}", walk.base);
    // Enrolment, straight after the password.
    browser_password_step(&walk, email).await;
    walk.expect_text("Set up two-step sign-in").await;
    walk.check("enrol").await;
    let key = walk.totp_key_on_page().await;
    let code = next_totp_code(&who, &key).await;
    walk.fill("code", &code).await;
    walk.click("form.stack button[type=submit]").await;
    let page = walk.expect_text("Two-step sign-in is on").await;
    walk.check("recovery-codes").await;
    let codes = recovery_codes_on(&page);
    assert_eq!(codes.len(), 10);
    walk.click("a.button").await;
    walk.expect_text("Welcome,").await;
    walk.sign_out().await;

    // With the app's next code.
    browser_password_step(&walk, email).await;
    walk.expect_text("Enter your sign-in code").await;
    walk.check("sign-in-code").await;
    let code = next_totp_code(&who, &key).await;
    walk.fill("code", &code).await;
    walk.click("form.stack button[type=submit]").await;
    walk.expect_text("Welcome,").await;
    walk.sign_out().await;

    // With a recovery code, which then is spent.
    for round in 0..2 {
        browser_password_step(&walk, email).await;
        walk.expect_text("Enter your sign-in code").await;
        walk.fill("code", &codes[3]).await;
        walk.click("form.stack button[type=submit]").await;
        if round == 0 {
            walk.expect_text("Welcome,").await;
            walk.sign_out().await;
        } else {
            walk.expect_text("already used").await;
            walk.check("sign-in-code-refused").await;
            assert_eq!(walk.path().await, "/sign-in/code");
        }
    }
    walk.client.close().await.expect("close");
    served.stop().await;
}

async fn browser_password_step(walk: &Walk, email: &str) {
    walk.go("/sign-in").await;
    walk.fill("email", email).await;
    walk.fill("password", "maple orbit lantern").await;
    walk.click("form.stack button[type=submit]").await;
}
