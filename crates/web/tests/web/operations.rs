//! What operators rely on: one access line per request with the route's pattern and a safe
//! request id, security events with a stable `event=` field, no token in any log line, and a
//! data directory checked for writing at start.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

use crate::support::TestApp;

/// Every log line written on this thread while the guard lives.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn start(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

async fn get_with_id(app: &TestApp, path: &str, id: &str) -> axum::response::Response {
    let request = Request::get(path)
        .header("x-request-id", id)
        .body(Body::empty())
        .expect("request");
    app.router.clone().oneshot(request).await.expect("response")
}

#[tokio::test]
async fn request_ids_are_kept_only_when_plain() {
    let app = TestApp::sqlite().await;
    let logs = Captured::default();
    let _guard = logs.start();
    let forged = "abc\" status=200 admin=\"yes";
    let response = get_with_id(&app, "/health", forged).await;
    let echoed = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("an id")
        .to_string();
    assert_ne!(echoed, forged);
    assert!(!logs.text().contains("admin="), "{}", logs.text());

    let plain = "req-2024.05_abc";
    let response = get_with_id(&app, "/health", plain).await;
    assert_eq!(
        response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some(plain)
    );
    let text = logs.text();
    assert!(text.contains(plain), "{text}");
    // One access line for a success and for a page that is not there.
    let response = get_with_id(&app, "/no/such/page", "missing-1").await;
    assert_eq!(response.status(), 404);
    let text = logs.text();
    let access: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("finished processing request"))
        .collect();
    assert!(
        access
            .iter()
            .any(|l| l.contains(plain) && l.contains("status=200")),
        "{text}"
    );
    assert!(
        access
            .iter()
            .any(|l| l.contains("missing-1") && l.contains("status=404")),
        "{text}"
    );
}

#[tokio::test]
async fn tokens_in_paths_never_reach_the_log() {
    let app = TestApp::sqlite().await;
    let logs = Captured::default();
    let _guard = logs.start();
    let token = "SECRETtoken0123456789abcdef";
    get_with_id(&app, &format!("/rate/{token}"), "rate-1").await;
    let text = logs.text();
    assert!(!text.contains(token), "{text}");
    assert!(text.contains("/rate/{token}"), "{text}");
}

#[tokio::test]
async fn a_failed_sign_in_is_a_security_event() {
    let app = TestApp::sqlite().await;
    let logs = Captured::default();
    let _guard = logs.start();
    let mut client = app.client();
    client.get("/sign-in").await;
    let password = "wrong-password-xyz";
    client
        .post(
            "/sign-in",
            &[
                ("email", "ana@example.org"),
                ("password", password),
                ("next", ""),
            ],
        )
        .await;
    let text = logs.text();
    assert!(
        text.contains("event=\"sign_in_failed\"") || text.contains("event=sign_in_failed"),
        "{text}"
    );
    assert!(!text.contains(password), "{text}");
    assert!(!text.contains("ana@example.org"), "{text}");
}

/// A data folder the service cannot write to stops the start, named.
#[tokio::test]
async fn an_unwritable_data_dir_stops_the_start() {
    let dir = tempfile::tempdir().expect("dir");
    // Where the start-up probe writes, a folder: no file can be made there, even as root.
    std::fs::create_dir_all(dir.path().join("files/.lattice-write-probe/x")).expect("dirs");
    let config = lattice_web::Config::load(
        None,
        [
            ("LATTICE_BIND", "127.0.0.1:0".to_string()),
            ("LATTICE_DATA_DIR", dir.path().display().to_string()),
        ]
        .map(|(k, v)| (k.to_string(), v)),
    )
    .expect("config");
    let error = lattice_web::Application::build(config)
        .await
        .expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("data_dir"), "{message}");
    assert!(
        message.contains(&dir.path().join("files").display().to_string()),
        "{message}"
    );
}
