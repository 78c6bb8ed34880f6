//! The hardening of issue #16 (items 4 and 7–11): mail that others can trigger is limited,
//! private pages are not cached, files at rest are private, slow clients are cut off, errors
//! speak in the user's words, and the smaller entry rules. Storage-touching tests run on
//! SQLite and, when configured, PostgreSQL.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use http_body_util::BodyExt;
use lattice_domain::ids::ApplicationId;
use lattice_store::NewSitting;
use lattice_web::{Application, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use crate::support::{Page, TestApp};

const ANA: &str = "ana@example.org";

/// Every page these tests see is in the user's words: no database or SQL text.
fn plain(page: &Page) -> &Page {
    for word in ["constraint", "UNIQUE", "SQL", "sqlx", "duplicate key"] {
        assert!(
            !page.body.contains(word),
            "a page shows {word:?}: {}",
            page.body
        );
    }
    page
}

/// Runs `test` on SQLite, then on PostgreSQL when a test server is configured.
macro_rules! on_both {
    ($sqlite:ident, $postgres:ident, $body:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $body(TestApp::sqlite().await).await;
        }

        #[tokio::test]
        async fn $postgres() {
            let Some(app) = TestApp::postgres().await else {
                return;
            };
            $body(app).await;
        }
    };
}

async fn reset_mails(app: &TestApp, email: &str) -> Vec<String> {
    app.state
        .store()
        .mails_to(email)
        .await
        .expect("mails")
        .into_iter()
        .filter(|m| m.subject.contains("Reset your Lattice password"))
        .map(|m| m.body)
        .collect()
}

fn token_in(body: &str) -> String {
    let start = body.find("token=").expect("a reset link") + "token=".len();
    body[start..]
        .split(char::is_whitespace)
        .next()
        .expect("token")
        .to_string()
}

// Item 4: reset links.

async fn reset_links_are_limited_per_address(app: TestApp) {
    let mut client = app.client();
    let mut answers = Vec::new();
    for _ in 0..6 {
        client.get("/forgot-password").await;
        let page = client.post("/forgot-password", &[("email", ANA)]).await;
        answers.push(plain(&page).status);
    }
    assert_eq!(
        reset_mails(&app, ANA).await.len(),
        3,
        "three links an hour, not one a request"
    );
    assert_eq!(&answers[..3], &[StatusCode::OK; 3]);
    let refused = client.post("/forgot-password", &[("email", ANA)]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.body.contains("already sent it a reset link"),
        "{}",
        refused.body
    );

    // An address without an account answers exactly the same way, limit included.
    let nobody = "nobody-here@example.org";
    let mut stranger = app.client();
    let mut unknown = Vec::new();
    for _ in 0..4 {
        stranger.get("/forgot-password").await;
        unknown.push(
            stranger
                .post("/forgot-password", &[("email", nobody)])
                .await,
        );
    }
    assert_eq!(
        unknown.iter().map(|p| p.status).collect::<Vec<_>>(),
        answers[..4].to_vec()
    );
    assert!(
        unknown[3].body.contains("already sent it a reset link"),
        "the refusal must not tell an account from none: {}",
        unknown[3].body
    );
    assert!(reset_mails(&app, nobody).await.is_empty());
}
on_both!(
    reset_links_are_limited_per_address_on_sqlite,
    reset_links_are_limited_per_address_on_postgres,
    reset_links_are_limited_per_address
);

/// A form post with the client's address attached, as the server attaches it.
async fn post_from(
    app: &TestApp,
    from: SocketAddr,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let form = app
        .router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).expect("request"))
        .await
        .expect("answer");
    let cookie = form
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a form cookie")
        .to_string();
    let body = String::from_utf8_lossy(&form.into_body().collect().await.expect("body").to_bytes())
        .into_owned();
    let start = body.find("name=\"csrf\" value=\"").expect("csrf") + 19;
    let csrf = body[start..].split('"').next().expect("csrf").to_string();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    let mut request = Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(&all).expect("form")))
        .expect("request");
    request.extensions_mut().insert(ConnectInfo(from));
    let answer = app.router.clone().oneshot(request).await.expect("answer");
    let status = answer.status();
    let text = answer.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&text).into_owned())
}

async fn reset_links_are_limited_per_client(app: TestApp) {
    let one: SocketAddr = "203.0.113.7:40000".parse().expect("address");
    let other: SocketAddr = "198.51.100.9:40000".parse().expect("address");
    // The limit is 20 an hour (limits::RESETS_PER_CLIENT_HOUR).
    for n in 0..20 {
        let (status, body) = post_from(
            &app,
            one,
            "/forgot-password",
            &[("email", &format!("person{n}@example.org"))],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = post_from(
        &app,
        one,
        "/forgot-password",
        &[("email", "one-more@example.org")],
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body.contains("from your network"), "{body}");
    // Another client is not held back by the first.
    let (status, body) = post_from(&app, other, "/forgot-password", &[("email", ANA)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
on_both!(
    reset_links_are_limited_per_client_on_sqlite,
    reset_links_are_limited_per_client_on_postgres,
    reset_links_are_limited_per_client
);

async fn a_reset_ends_the_other_links(app: TestApp) {
    let mut client = app.client();
    for _ in 0..2 {
        client.get("/forgot-password").await;
        client.post("/forgot-password", &[("email", ANA)]).await;
    }
    let mails = reset_mails(&app, ANA).await;
    assert_eq!(mails.len(), 2);
    let (first, second) = (token_in(&mails[0]), token_in(&mails[1]));
    let new_password = "a quiet harbour at dawn 1987";
    client.get(&format!("/reset-password?token={second}")).await;
    let used = client
        .post(
            "/reset-password",
            &[
                ("token", &second),
                ("password", new_password),
                ("confirm", new_password),
            ],
        )
        .await;
    assert_eq!(plain(&used).status, StatusCode::OK, "{}", used.body);
    client.get(&format!("/reset-password?token={first}")).await;
    let older = client
        .post(
            "/reset-password",
            &[
                ("token", &first),
                ("password", "someone else's choice 42!"),
                ("confirm", "someone else's choice 42!"),
            ],
        )
        .await;
    assert_eq!(
        plain(&older).status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        older.body
    );
    assert!(older.body.contains("already used or has expired"));
}
on_both!(
    a_reset_ends_the_other_links_on_sqlite,
    a_reset_ends_the_other_links_on_postgres,
    a_reset_ends_the_other_links
);

// Item 4: rating requests.

async fn rating_requests_are_limited(app: TestApp) {
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in(ANA).await;
    ana.get("/portfolio/references").await;
    let sam = "sam.rater@example.org";
    let asked = ana
        .post(
            "/portfolio/references/request",
            &[("name", "Sam Rater"), ("email", sam), ("role", "colleague")],
        )
        .await;
    assert_eq!(
        plain(&asked).status,
        StatusCode::SEE_OTHER,
        "{}",
        asked.body
    );
    let (person, _) = store.person_by_email(ANA).await.expect("ana");
    let application = store.applications_of_person(person.id).await.expect("apps")[0].id;
    let request = store
        .rater_requests_of(application)
        .await
        .expect("requests")
        .into_iter()
        .find(|r| r.rater_email == sam)
        .expect("the request");
    let resend = format!("/portfolio/references/requests/{}/resend", request.id);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        ana.get("/portfolio/references").await;
        let page = ana.post(&resend, &[]).await;
        statuses.push(plain(&page).status);
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(page.body.contains("already sent several rating requests"));
        }
    }
    assert_eq!(
        statuses,
        [
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    assert_eq!(store.mails_to(sam).await.expect("mails").len(), 3);

    // Per applicant: new addresses each time, until the day's allowance is spent.
    let mut sent = 3;
    let mut refused = None;
    for n in 0..30 {
        ana.get("/portfolio/references").await;
        let email = format!("rater{n}@example.org");
        let page = ana
            .post(
                "/portfolio/references/request",
                &[
                    ("name", "A Rater"),
                    ("email", &email),
                    ("role", "colleague"),
                ],
            )
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(store.mails_to(&email).await.expect("mails").is_empty());
            refused = Some(page);
            break;
        }
        assert_eq!(plain(&page).status, StatusCode::SEE_OTHER, "{}", page.body);
        sent += 1;
    }
    let refused = refused.expect("a limit per applicant");
    assert!(
        refused.body.contains("rating requests in the last day"),
        "{}",
        refused.body
    );
    // limits::RATER_MAILS_PER_APPLICANT_DAY
    assert_eq!(sent, 15);
}
on_both!(
    rating_requests_are_limited_on_sqlite,
    rating_requests_are_limited_on_postgres,
    rating_requests_are_limited
);

// Item 7: caching.

fn no_store(page: &Page) -> bool {
    page.headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"))
}

#[tokio::test]
async fn private_pages_are_not_cached_and_public_ones_may_be() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in(ANA).await;
    ana.get("/portfolio/education").await;
    let pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    ana.post_file("/portfolio/education/transcripts", "file", "t.pdf", pdf)
        .await;
    let (person, _) = store.person_by_email(ANA).await.expect("ana");
    let upload = store.uploads_of(person.id).await.expect("uploads")[0].id;
    ana.get("/portfolio/references").await;
    ana.post(
        "/portfolio/references/request",
        &[
            ("name", "Cache Rater"),
            ("email", "cache@example.org"),
            ("role", "colleague"),
        ],
    )
    .await;
    let mail = &store.mails_to("cache@example.org").await.expect("mail")[0].body;
    let start = mail.find("/rate/").expect("link");
    let rate = mail[start..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_string();
    let application = app.application_of(ANA).await;

    let signed_in = [
        "/dashboard".to_string(),
        "/portfolio".to_string(),
        "/portfolio/education".to_string(),
        "/portfolio/export.json".to_string(),
        "/portfolio/summary".to_string(),
        format!("/applications/{application}"),
        format!("/uploads/{upload}"),
        "/api/me".to_string(),
        format!("/api/applications/{application}"),
        "/renewal".to_string(),
        "/register".to_string(),
        // A public page, shown to a signed-in person, carries their name.
        "/".to_string(),
    ];
    for path in &signed_in {
        let page = ana.get(path).await;
        assert!(page.status.is_success(), "{path}: {}", page.status);
        assert!(no_store(&page), "{path} may be cached: {:?}", page.headers);
    }
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    for path in [
        "/staff/massaimh",
        "/staff/massaimh/reports",
        "/staff/massaimh/reports/applications.csv",
        "/staff/massaimh/members",
        "/staff/massaimh/members/template.csv",
    ] {
        let page = coordinator.get(path).await;
        assert!(page.status.is_success(), "{path}: {}", page.status);
        assert!(no_store(&page), "{path} may be cached");
    }
    let mut anonymous = app.client();
    for path in [
        rate.as_str(),
        "/reset-password?token=abc",
        "/forgot-password",
        "/sign-in",
        "/sign-up",
    ] {
        let page = anonymous.get(path).await;
        assert!(page.status.is_success(), "{path}: {}", page.status);
        assert!(no_store(&page), "{path} may be cached");
    }
    for path in [
        "/",
        "/registry",
        "/static/app.css",
        "/a/massaimh",
        "/health",
    ] {
        let page = anonymous.get(path).await;
        assert!(page.status.is_success(), "{path}: {}", page.status);
        assert!(!no_store(&page), "{path} is public and may be cached");
    }
    let css = ana.get("/static/app.css").await;
    assert!(!no_store(&css), "static assets are the same for everyone");
}

// Item 8: files at rest.

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
fn all_private(root: &std::path::Path) {
    assert_eq!(mode(root), 0o700, "{}", root.display());
    for entry in std::fs::read_dir(root).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            all_private(&path);
        } else {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
}

#[cfg(unix)]
#[tokio::test]
async fn files_at_rest_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    // What an earlier version left behind, readable by everyone.
    for folder in ["files/uploads/1", "mail"] {
        std::fs::create_dir_all(data.join(folder)).expect("folder");
    }
    for file in ["files/uploads/1/old", "mail/00000001.eml"] {
        std::fs::write(data.join(file), "old").expect("file");
    }
    for path in ["", "files", "files/uploads", "files/uploads/1", "mail"] {
        std::fs::set_permissions(data.join(path), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
    }
    for path in ["files/uploads/1/old", "mail/00000001.eml"] {
        std::fs::set_permissions(data.join(path), std::fs::Permissions::from_mode(0o644))
            .expect("chmod");
    }
    let config = Config::load(
        None,
        [
            ("LATTICE_BIND".to_string(), "127.0.0.1:0".to_string()),
            ("LATTICE_DATA_DIR".to_string(), data.display().to_string()),
        ],
    )
    .expect("config");
    let app = Application::build(config).await.expect("build");
    app.state().store().ping().await.expect("ping");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("lattice.db")), 0o600);
    for extra in ["lattice.db-wal", "lattice.db-shm"] {
        if data.join(extra).exists() {
            assert_eq!(mode(&data.join(extra)), 0o600, "{extra}");
        }
    }
    all_private(&data.join("files"));
    all_private(&data.join("mail"));

    // New uploads and mail are written private too.
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in(ANA).await;
    ana.get("/portfolio/education").await;
    let pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let stored = ana
        .post_file("/portfolio/education/transcripts", "file", "t.pdf", pdf)
        .await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let mut anonymous = app.client();
    anonymous.get("/forgot-password").await;
    let asked = anonymous.post("/forgot-password", &[("email", ANA)]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let store = app.state.store().clone();
    let delivered = lattice_web::mail::deliver_due(
        &store,
        app.state.mailer(),
        "Lattice <a@b.test>",
        Utc::now(),
        50,
    )
    .await
    .expect("delivered");
    assert!(
        delivered.sent > 0,
        "{delivered:?} {:?}",
        std::fs::read_dir(app.mail_dir()).map(|d| d.count())
    );
    all_private(&app.dir.path().join("files"));
    all_private(&app.mail_dir());
}

// Item 9: slow clients.

async fn running(
    extra: &[(&str, &str)],
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut env = vec![
        ("LATTICE_BIND".to_string(), "127.0.0.1:0".to_string()),
        (
            "LATTICE_DATA_DIR".to_string(),
            dir.path().display().to_string(),
        ),
    ];
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let config = Config::load(None, env).expect("config");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let store = lattice_store::testing::open(&url).await.expect("store");
    let app = Application::build_with_store(config, store)
        .await
        .expect("build");
    let addr = app.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async move {
        let _ = stopped.await;
    }));
    (addr, stop, dir)
}

/// Reads until the server closes the connection; what it said, or None when it kept the
/// connection open past `bound`.
async fn closed_within(stream: &mut tokio::net::TcpStream, bound: Duration) -> Option<String> {
    let mut answer = Vec::new();
    let read = tokio::time::timeout(bound, async {
        let mut buffer = [0u8; 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn a_client_that_stalls_in_its_header_or_body_is_cut_off() {
    let (addr, stop, _dir) = running(&[
        ("LATTICE_HEADER_READ_TIMEOUT", "1s"),
        ("LATTICE_BODY_READ_TIMEOUT", "1s"),
    ])
    .await;
    // Half a header, then nothing: closed after the configured second, far short of 90.
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: lattice.test\r\nX-Slow: ")
        .await
        .expect("write");
    assert!(
        closed_within(&mut slow, Duration::from_secs(15))
            .await
            .is_some(),
        "a half-sent header kept its connection open"
    );

    // A whole header that promises a body and sends a little of it: refused, not held.
    let mut stalled = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stalled
        .write_all(
            b"POST /sign-in HTTP/1.1\r\nHost: lattice.test\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nemail=",
        )
        .await
        .expect("write");
    let answer = tokio::time::timeout(Duration::from_secs(15), async {
        let mut buffer = [0u8; 4096];
        let n = stalled.read(&mut buffer).await.unwrap_or(0);
        String::from_utf8_lossy(&buffer[..n]).into_owned()
    })
    .await
    .expect("a stalled body kept its request waiting");
    assert!(
        answer.is_empty() || !answer.starts_with("HTTP/1.1 2"),
        "a stalled body was accepted: {answer}"
    );

    // A client that sends its request in time is served as before.
    let mut quick = tokio::net::TcpStream::connect(addr).await.expect("connect");
    quick
        .write_all(b"GET /health HTTP/1.1\r\nHost: lattice.test\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let answer = closed_within(&mut quick, Duration::from_secs(15))
        .await
        .expect("answered and closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let _ = stop.send(());
}

#[test]
fn the_timeouts_are_configurable_with_defaults() {
    let defaults = Config::load(None, []).expect("defaults");
    assert_eq!(defaults.header_read_timeout, Duration::from_secs(10));
    assert_eq!(defaults.body_read_timeout, Duration::from_secs(60));
    let bad = Config::load(
        None,
        [(
            "LATTICE_HEADER_READ_TIMEOUT".to_string(),
            "soon".to_string(),
        )],
    )
    .expect_err("refused");
    assert!(bad.to_string().contains("header_read_timeout"), "{bad}");
}

// Item 10: errors in the user's words.

async fn a_second_review_is_refused_in_words(app: TestApp) {
    let farah = app.application_of("farah.haddad@example.org").await;
    let mut reviewer = app.client();
    reviewer.sign_in("reviewer1@massaimh.test").await;
    let path = format!("/applications/{farah}/review/submit");
    let fields = [("recommendation", "endorse"), ("comments", "Ready")];
    reviewer.get(&format!("/applications/{farah}/review")).await;
    let first = reviewer.post(&path, &fields).await;
    assert_eq!(
        plain(&first).status,
        StatusCode::SEE_OTHER,
        "{}",
        first.body
    );
    reviewer.get(&format!("/applications/{farah}/review")).await;
    let second = reviewer.post(&path, &fields).await;
    assert_eq!(
        plain(&second).status,
        StatusCode::CONFLICT,
        "{}",
        second.body
    );
    assert!(
        second.body.contains("already sent your review"),
        "{}",
        second.body
    );
}
on_both!(
    a_second_review_is_refused_in_words_on_sqlite,
    a_second_review_is_refused_in_words_on_postgres,
    a_second_review_is_refused_in_words
);

#[test]
fn a_conflict_in_the_database_words_reaches_people_in_ours() {
    use lattice_store::StoreError;
    use lattice_web::error::WebError;
    for internal in [
        "UNIQUE constraint failed: reviews.application_id, reviews.round, reviews.reviewer_id",
        "duplicate key value violates unique constraint \"reviews_pkey\"",
    ] {
        let error = WebError::from(StoreError::Conflict(internal.to_string()));
        let shown = error.to_string();
        assert!(matches!(error, WebError::Conflict(_)));
        for word in ["constraint", "UNIQUE", "unique", "reviews"] {
            assert!(!shown.contains(word), "{shown}");
        }
    }
    // Our own conflict messages pass unchanged.
    let ours = WebError::from(StoreError::Conflict(
        "the application changed meanwhile; reload it".to_string(),
    ));
    assert_eq!(
        ours.to_string(),
        "the application changed meanwhile; reload it"
    );
}

// Item 11: smaller rules.

async fn one_open_application_per_category(app: TestApp) {
    let store = app.state.store();
    let (person, _) = store.person_by_email(ANA).await.expect("ana");
    let before = store.applications_of_person(person.id).await.expect("apps");
    let open = before
        .iter()
        .find(|a| !a.state.is_final())
        .expect("an open one");
    let association = store
        .association(open.association)
        .await
        .expect("association");
    let mut ana = app.client();
    ana.sign_in(ANA).await;
    ana.get("/register").await;
    let again = ana
        .post(
            "/register",
            &[
                ("association", association.slug.as_str()),
                ("category", open.category.as_str()),
                ("intended_submission", "2031-01-15"),
            ],
        )
        .await;
    assert_eq!(
        plain(&again).status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.body
    );
    assert!(
        again.body.contains("already have an open application"),
        "{}",
        again.body
    );
    assert_eq!(
        store
            .applications_of_person(person.id)
            .await
            .expect("apps")
            .len(),
        before.len()
    );
}
on_both!(
    one_open_application_per_category_on_sqlite,
    one_open_application_per_category_on_postgres,
    one_open_application_per_category
);

async fn exam_results_wait_for_the_sitting(app: TestApp) {
    let store = app.state.store();
    let george = ApplicationId(app.application_of("george.ito@example.org").await);
    let application = store.application(george).await.expect("application");
    let coordinator = store
        .person_by_email("coordinator@massaimh.test")
        .await
        .expect("coordinator")
        .0
        .id;
    let reviewer = |email: &'static str| async move {
        store.person_by_email(email).await.expect("reviewer").0.id
    };
    let scorers = [
        reviewer("reviewer1@massaimh.test").await,
        reviewer("reviewer2@massaimh.test").await,
    ];
    let now = Utc::now();
    let sitting = store
        .create_sitting(&NewSitting {
            application: george,
            association: application.association,
            sat_on: now.date_naive() + chrono::Duration::days(10),
            blind_code: "LATER-1".into(),
            scorers,
            by: coordinator,
            at: now,
        })
        .await
        .expect("sitting");
    let mut client = app.client();
    client.sign_in("coordinator@massaimh.test").await;
    client.get(&format!("/applications/{george}/exam")).await;
    let part1 = client
        .post(
            &format!("/applications/{george}/exam/sittings/{sitting}/part1"),
            &[("wrong", "3"), ("answers", "")],
        )
        .await;
    assert_eq!(
        plain(&part1).status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        part1.body
    );
    assert!(
        part1.body.contains("can be recorded from that day"),
        "{}",
        part1.body
    );
    let result = client
        .post(
            &format!("/applications/{george}/exam/sittings/{sitting}/result"),
            &[],
        )
        .await;
    assert_eq!(plain(&result).status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut scorer = app.client();
    scorer.sign_in("reviewer1@massaimh.test").await;
    scorer.get("/scoring").await;
    let scored = scorer
        .post(
            &format!("/scoring/{sitting}"),
            &[("first", "3"), ("second", "3")],
        )
        .await;
    assert_eq!(
        plain(&scored).status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        scored.body
    );
    let row = store.sitting(sitting).await.expect("sitting");
    assert_eq!(row.part1_wrong, None);
}
on_both!(
    exam_results_wait_for_the_sitting_on_sqlite,
    exam_results_wait_for_the_sitting_on_postgres,
    exam_results_wait_for_the_sitting
);

#[tokio::test]
async fn a_signed_in_person_opening_sign_in_is_sent_on() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in(ANA).await;
    let page = ana.get("/sign-in").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/dashboard"));
    let page = ana.get("/sign-in?next=/portfolio").await;
    assert_eq!(page.location.as_deref(), Some("/portfolio"));
    let page = ana.get("/sign-in?next=//evil.example").await;
    assert_eq!(page.location.as_deref(), Some("/dashboard"));
}

async fn names_and_addresses_are_checked_at_entry(app: TestApp) {
    let store = app.state.store();
    // Sign-up.
    for (name, email, field) in [
        (
            "Eve\nBcc: all@example.org",
            "eve@example.org",
            "<li>Give your full name as it should appear on your certificate</li>",
        ),
        (
            "Eve\u{1b}[2J",
            "eve@example.org",
            "<li>Give your full name as it should appear on your certificate</li>",
        ),
        (
            "Eve Adams",
            "eve@@example.org",
            "<li>Give an email address you read</li>",
        ),
        (
            "Eve Adams",
            "eve@example..org",
            "<li>Give an email address you read</li>",
        ),
    ] {
        let mut client = app.client();
        client.get("/sign-up").await;
        let page = client
            .post(
                "/sign-up",
                &[
                    ("name", name),
                    ("email", email),
                    ("password", "a quiet harbour at dawn 1987"),
                    ("confirm", "a quiet harbour at dawn 1987"),
                ],
            )
            .await;
        assert_eq!(
            plain(&page).status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?} {email:?}: {}",
            page.body
        );
        assert!(page.body.contains(field), "{field}: {}", page.body);
    }
    assert!(store.person_by_email("eve@example.org").await.is_err());
    assert!(store.person_by_email("eve@@example.org").await.is_err());

    // Forgot password.
    let mut client = app.client();
    client.get("/forgot-password").await;
    let page = client
        .post("/forgot-password", &[("email", "ana@example..org")])
        .await;
    assert_eq!(plain(&page).status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &page,
        "email",
        "Enter the email you registered with, like name@example.org",
    );

    // A rater request.
    let mut ana = app.client();
    ana.sign_in(ANA).await;
    for (name, email, field) in [
        ("Sam\r\nRater", "sam@example.org", "name"),
        ("Sam Rater", "sam@@example.org", "email"),
        ("Sam Rater", "sam@example..org", "email"),
    ] {
        ana.get("/portfolio/references").await;
        let page = ana
            .post(
                "/portfolio/references/request",
                &[("name", name), ("email", email), ("role", "colleague")],
            )
            .await;
        assert_eq!(
            plain(&page).status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?} {email:?}: {}",
            page.body
        );
        crate::mistakes::on_its_page(&page);
        assert_eq!(
            crate::mistakes::field_of(&page).as_deref(),
            Some(field),
            "{}",
            page.body
        );
        assert!(store.mails_to(email).await.expect("mails").is_empty());
    }

    // A roster import.
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh/members").await;
    let file = "member_number,name,email,kind,starts_on,ends_on\n\
                M-900,Pat Lee,pat@@example.org,individual,2026-01-01,2026-12-31\n";
    let page = coordinator
        .post_file("/staff/massaimh/members/import", "file", "roster.csv", file)
        .await;
    assert_eq!(
        plain(&page).status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("(email)"), "{}", page.body);
}
on_both!(
    names_and_addresses_are_checked_at_entry_on_sqlite,
    names_and_addresses_are_checked_at_entry_on_postgres,
    names_and_addresses_are_checked_at_entry
);
