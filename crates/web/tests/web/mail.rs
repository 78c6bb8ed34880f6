//! Mail goes through the outbox: written with the change, delivered by the worker over real
//! SMTP (the `smtp-sink` process), retried after a failure, and still delivered when the
//! server restarts between the two.

use std::time::Duration;

use axum::http::StatusCode;
use chrono::Utc;
use lattice_store::{MailStatus, NewMail};
use lattice_web::mail::{Delivered, Mailer, deliver_due};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::support::{Sink, TestApp};

/// Far longer than anything here should take: only a hang reaches it.
const HANG: Duration = Duration::from_secs(60);

/// A relay that accepts connections and never says a word (not even its greeting). Each
/// accepted connection is reported on the channel and held open until the task is aborted.
async fn silent_relay() -> (u16, mpsc::UnboundedReceiver<()>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (accepted, connections) = mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
            let _ = accepted.send(());
        }
    });
    (port, connections, task)
}

fn relay_env(port: u16, timeout: &str) -> Vec<(&'static str, String)> {
    vec![
        ("LATTICE_SMTP_HOST", "127.0.0.1".to_string()),
        ("LATTICE_SMTP_PORT", port.to_string()),
        ("LATTICE_SMTP_STARTTLS", "false".to_string()),
        ("LATTICE_SMTP_TIMEOUT", timeout.to_string()),
    ]
}

/// A relay that accepts and then says nothing costs one attempt of `smtp_timeout`, recorded
/// with the relay and the step; `/health` shows it stalled; the same mailer delivers the retry
/// once a working relay answers there, with a Message-ID and a Date.
#[tokio::test]
async fn a_silent_relay_fails_the_attempt_in_time_and_the_retry_gets_through() {
    let (port, _connections, relay) = silent_relay().await;
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let app = TestApp::start(url, dir, &relay_env(port, "1s")).await;
    let store = app.state.store().clone();
    let id = store
        .enqueue_mail(&mail("ana@example.org"))
        .await
        .expect("enqueue");
    let mailer = app.state.mailer();
    let from = &app.state.config().mail_from;

    let attempt = tokio::time::timeout(HANG, deliver_due(&store, mailer, from, Utc::now(), 50))
        .await
        .expect("the attempt ends at smtp_timeout, not never")
        .expect("pass");
    assert_eq!(attempt, done(1, 0));
    let row = store.mail(id).await.expect("row");
    assert_eq!((row.status, row.attempts), (MailStatus::Pending, 1));
    let error = row.last_error.clone().unwrap_or_default();
    assert!(
        error.contains(&format!("127.0.0.1:{port} stalled")) && error.contains("greeting"),
        "{error}"
    );
    let health = app.client().get("/health").await;
    assert_eq!(health.status, StatusCode::OK, "liveness stays up");
    let health = health.json();
    assert_eq!(health["mail"]["state"], "stalled", "{health}");
    assert!(
        health["mail"]["last_error"]
            .as_str()
            .unwrap_or("")
            .contains(&format!("127.0.0.1:{port}")),
        "{health}"
    );
    assert_eq!(health["mail"]["failed"], 0);

    // The relay comes back on the same address.
    relay.abort();
    let _ = relay.await;
    let sink_dir = tempfile::tempdir().expect("dir");
    let sink = Sink::start_on(sink_dir.path(), 0, port);
    let later = row.next_attempt_at + chrono::Duration::seconds(1);
    assert_eq!(
        deliver_due(&store, mailer, from, later, 50)
            .await
            .expect("pass"),
        done(1, 1)
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains(&format!(
            "Message-ID: <{}@lattice.test>\r\n",
            row.message_key
        )),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("\r\nDate: "), "{}", messages[0]);
    let health = app.client().get("/health").await.json();
    assert_eq!(health["mail"]["state"], "ok", "{health}");
    assert!(health["mail"]["last_success"].is_string(), "{health}");
}

/// A shutdown while the worker waits on a silent relay (with a deadline far away) ends the
/// server at once; the mail keeps its lease and is tried again later.
#[tokio::test]
async fn shutdown_does_not_wait_for_a_silent_relay() {
    let (port, mut connections, _relay) = silent_relay().await;
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let mut env: Vec<(String, String)> = relay_env(port, "1h")
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    env.extend([
        ("LATTICE_BIND".to_string(), "127.0.0.1:0".to_string()),
        (
            "LATTICE_DATA_DIR".to_string(),
            dir.path().display().to_string(),
        ),
        ("LATTICE_MAIL_POLL_MS".to_string(), "50".to_string()),
    ]);
    let config = lattice_web::Config::load(None, env).expect("config");
    let store = lattice_store::testing::open(&url).await.expect("open");
    let id = store
        .enqueue_mail(&mail("ana@example.org"))
        .await
        .expect("enqueue");
    let app = lattice_web::Application::build_with_store(config, store.clone())
        .await
        .expect("build");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    tokio::time::timeout(HANG, connections.recv())
        .await
        .expect("the worker connects to the relay")
        .expect("relay running");
    let _ = stop.send(());
    tokio::time::timeout(HANG, server)
        .await
        .expect("the server stops without waiting for the relay")
        .expect("server task")
        .expect("server ran");
    let row = store.mail(id).await.expect("row");
    assert_eq!(
        (row.status, row.attempts),
        (MailStatus::Pending, 0),
        "left for the next worker once its lease runs out"
    );
}

/// The administrator lists failed mail (never its message) and resends it to the relay, with
/// an audit row; coordinators and applicants find no such page.
async fn failed_mail_is_managed_by_the_administrator(app: TestApp, sink: Sink) {
    let store = app.state.store().clone();
    let id = store
        .enqueue_mail(&NewMail {
            recipient: "gone@example.org".to_string(),
            subject: "Please rate Ana".to_string(),
            body: "https://lattice.test/rate/SECRET-RATER-TOKEN\n".to_string(),
            created_at: Utc::now(),
        })
        .await
        .expect("enqueue");
    store
        .mark_mail_failed(id, "Connection refused (os error 111)", None)
        .await
        .expect("give up");
    let resend = format!("/admin/mail/{id}/resend");

    for outsider in ["coordinator@massaimh.test", "ana@example.org"] {
        let mut client = app.client();
        client.sign_in(outsider).await;
        assert_eq!(
            client.get("/admin/mail").await.status,
            StatusCode::NOT_FOUND,
            "{outsider}"
        );
        assert_eq!(
            client.post(&resend, &[]).await.status,
            StatusCode::NOT_FOUND,
            "{outsider}"
        );
    }
    assert_eq!(
        store.mail(id).await.expect("row").status,
        MailStatus::Failed
    );

    let mut admin = app.client();
    admin.sign_in("admin@alliance.test").await;
    let page = admin.get("/admin/mail").await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in [
        "gone@example.org",
        "Please rate Ana",
        "Connection refused (os error 111)",
        // A rating request is mail someone waits for, said in words.
        "Someone waits for it",
        &format!("action=\"{resend}\""),
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    assert!(!page.body.contains("SECRET-RATER-TOKEN"), "{}", page.body);
    let done = admin.post(&resend, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let row = store.mail(id).await.expect("row");
    assert_eq!((row.status, row.attempts), (MailStatus::Pending, 0));
    let audit = store
        .audit_of_subject(&format!("mail:{id}"))
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "resend-mail");
    let (admin_row, _) = store
        .person_by_email("admin@alliance.test")
        .await
        .expect("admin");
    assert_eq!(audit[0].actor, Some(admin_row.id));
    // Resent once: a second click finds nothing to resend.
    admin.get("/admin/mail").await;
    assert_eq!(admin.post(&resend, &[]).await.status, StatusCode::NOT_FOUND);

    let mailer = app.state.mailer();
    let sent = deliver_due(
        &store,
        mailer,
        &app.state.config().mail_from,
        Utc::now(),
        50,
    )
    .await
    .expect("pass");
    assert_eq!(sent.sent, sent.claimed);
    assert_eq!(store.mail(id).await.expect("row").status, MailStatus::Sent);
    assert!(
        sink.messages()
            .iter()
            .any(|m| m.contains("To: gone@example.org") && m.contains("Please rate Ana"))
    );
    let page = admin.get("/admin/mail").await;
    assert!(page.body.contains("No failed mail."), "{}", page.body);
}

#[tokio::test]
async fn failed_mail_is_managed_by_the_administrator_sqlite() {
    let sink_dir = tempfile::tempdir().expect("dir");
    let sink = Sink::start(sink_dir.path(), 0);
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let app = TestApp::start(url, dir, &sink.env()).await;
    failed_mail_is_managed_by_the_administrator(app, sink).await;
}

#[tokio::test]
async fn failed_mail_is_managed_by_the_administrator_postgres() {
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    let sink_dir = tempfile::tempdir().expect("dir");
    let sink = Sink::start(sink_dir.path(), 0);
    let app = TestApp::start(url, tempfile::tempdir().expect("dir"), &sink.env()).await;
    failed_mail_is_managed_by_the_administrator(app, sink).await;
}

/// Waited-for mail only: claimed and sent counts.
fn done(claimed: usize, sent: usize) -> Delivered {
    Delivered {
        claimed,
        bulk: 0,
        sent,
    }
}

fn mail(to: &str) -> NewMail {
    NewMail {
        recipient: to.to_string(),
        subject: "Your IFS application: Under review".to_string(),
        body: "Hello,\n.line starting with a dot\nbye\n".to_string(),
        created_at: Utc::now(),
    }
}

#[tokio::test]
async fn smtp_delivery_retries_after_a_temporary_failure() {
    let sink_dir = tempfile::tempdir().expect("dir");
    let sink = Sink::start(sink_dir.path(), 1);
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let app = TestApp::start(url, dir, &sink.env()).await;
    let store = app.state.store().clone();
    let id = store
        .enqueue_mail(&mail("ana@example.org"))
        .await
        .expect("enqueue");
    let mailer = Mailer::new(&app.state.config().mail_settings()).expect("mailer");
    let from = &app.state.config().mail_from;

    assert_eq!(
        deliver_due(&store, &mailer, from, Utc::now(), 50)
            .await
            .expect("pass"),
        done(1, 0),
        "claimed, refused by the relay"
    );
    let row = store.mail(id).await.expect("row");
    assert_eq!((row.status, row.attempts), (MailStatus::Pending, 1));
    assert!(
        row.last_error.as_deref().unwrap_or("").contains("451"),
        "{row:?}"
    );
    assert!(sink.messages().is_empty());
    // Not retried before its backoff, then delivered.
    assert_eq!(
        deliver_due(&store, &mailer, from, Utc::now(), 50)
            .await
            .expect("pass"),
        done(0, 0)
    );
    let later = row.next_attempt_at + chrono::Duration::seconds(1);
    assert_eq!(
        deliver_due(&store, &mailer, from, later, 50)
            .await
            .expect("pass"),
        done(1, 1)
    );
    assert_eq!(store.mail(id).await.expect("row").status, MailStatus::Sent);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("Subject: Your IFS application: Under review"));
    assert!(messages[0].contains("To: ana@example.org"));
    assert!(
        messages[0].contains("\n.line starting with a dot"),
        "dot-stuffing undone: {}",
        messages[0]
    );
}

/// A batch goes out over several pooled SMTP connections at once, each mail exactly once, and
/// the worker takes the next batch at once while mail is due.
#[tokio::test]
async fn smtp_batches_deliver_each_mail_once() {
    let sink_dir = tempfile::tempdir().expect("dir");
    let sink = Sink::start(sink_dir.path(), 0);
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let app = TestApp::start(url, dir, &sink.env()).await;
    let store = app.state.store().clone();
    let recipients: Vec<String> = (0..73).map(|i| format!("batch{i}@example.org")).collect();
    for to in &recipients {
        store.enqueue_mail(&mail(to)).await.expect("enqueue");
    }
    let mailer = Mailer::new(&app.state.config().mail_settings()).expect("mailer");
    let from = &app.state.config().mail_from;
    let first = deliver_due(&store, &mailer, from, Utc::now(), 50)
        .await
        .expect("pass");
    assert_eq!(first, done(50, 50), "one full batch");
    let second = deliver_due(&store, &mailer, from, Utc::now(), 50)
        .await
        .expect("pass");
    assert_eq!(second, done(23, 23));
    let messages = sink.messages();
    for to in &recipients {
        let copies = messages
            .iter()
            .filter(|m| m.contains(&format!("To: {to}\r\n")) || m.contains(&format!("To: {to}\n")))
            .count();
        assert_eq!(copies, 1, "{to}");
    }
    assert_eq!(messages.len(), recipients.len());
}

/// Bulk mail goes only as far as the room the worker's rate leaves; waited-for mail always.
#[tokio::test]
async fn bulk_mail_waits_for_its_room() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let mailer = Mailer::new(&app.state.config().mail_settings()).expect("mailer");
    let from = &app.state.config().mail_from;
    // Whatever the demo data queued goes first.
    while deliver_due(&store, &mailer, from, Utc::now(), 50)
        .await
        .expect("drain")
        .claimed
        > 0
    {}
    let reminders: Vec<(String, Vec<NewMail>)> = (0..12)
        .map(|i| {
            (
                format!("test-bulk:{i}"),
                vec![mail(&format!("b{i}@example.org"))],
            )
        })
        .collect();
    store
        .send_reminders(&reminders, Utc::now())
        .await
        .expect("bulk");
    store
        .enqueue_mail(&mail("waited@example.org"))
        .await
        .expect("mail");
    let first = deliver_due(&store, &mailer, from, Utc::now(), 5)
        .await
        .expect("pass");
    assert_eq!(
        first,
        Delivered {
            claimed: 6,
            bulk: 5,
            sent: 6
        }
    );
    let none = deliver_due(&store, &mailer, from, Utc::now(), 0)
        .await
        .expect("pass");
    assert_eq!(none, done(0, 0), "no room, no bulk mail");
    let rest = deliver_due(&store, &mailer, from, Utc::now(), 50)
        .await
        .expect("pass");
    assert_eq!(rest.bulk, 7);
}

#[tokio::test]
async fn file_backend_writes_one_eml_per_mail() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    store
        .enqueue_mail(&mail("ana@example.org"))
        .await
        .expect("enqueue");
    let mailer = Mailer::new(&app.state.config().mail_settings()).expect("mailer");
    let sent = deliver_due(
        &store,
        &mailer,
        &app.state.config().mail_from,
        Utc::now(),
        50,
    )
    .await
    .expect("pass");
    assert_eq!(sent, done(1, 1));
    let files: Vec<_> = std::fs::read_dir(app.mail_dir())
        .expect("mail dir")
        .map(|entry| entry.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1);
    // The demo's .eml files carry what a relay would get: a Message-ID and a Date.
    let eml = std::fs::read_to_string(&files[0]).expect("eml");
    let row = &store.mails_to("ana@example.org").await.expect("row")[0];
    assert!(
        eml.contains(&format!("Message-ID: <{}@lattice.test>", row.message_key)),
        "{eml}"
    );
    assert!(eml.contains("\r\nDate: "), "{eml}");
}

/// The mail is queued by one server, which stops before any delivery (its SMTP relay is
/// down); a second server on the same database delivers it.
#[tokio::test]
async fn queued_mail_survives_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().to_path_buf();
    let url = lattice_store::testing::sqlite_url_in(&db);
    let dead_relay = vec![
        ("LATTICE_SMTP_HOST", "127.0.0.1".to_string()),
        ("LATTICE_SMTP_PORT", "9".to_string()),
        ("LATTICE_SMTP_STARTTLS", "false".to_string()),
    ];
    {
        let first =
            TestApp::start(url.clone(), tempfile::tempdir().expect("dir"), &dead_relay).await;
        let mut client = first.client();
        client.get("/forgot-password").await;
        let page = client
            .post("/forgot-password", &[("email", "ana@example.org")])
            .await;
        assert_eq!(page.status, axum::http::StatusCode::OK);
        let queued = first
            .state
            .store()
            .mails_to("ana@example.org")
            .await
            .expect("outbox");
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].status, MailStatus::Pending);
    } // The first server is gone; nothing was delivered.

    let sink_dir = tempfile::tempdir().expect("dir");
    let sink = Sink::start(sink_dir.path(), 0);
    let mut env: Vec<(String, String)> = sink
        .env()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    env.extend([
        ("LATTICE_BIND".to_string(), "127.0.0.1:0".to_string()),
        ("LATTICE_DATA_DIR".to_string(), db.display().to_string()),
        ("LATTICE_MAIL_POLL_MS".to_string(), "50".to_string()),
    ]);
    let config = lattice_web::Config::load(None, env).expect("config");
    let store = lattice_store::testing::open(&url).await.expect("reopen");
    let second = lattice_web::Application::build_with_store(config, store.clone())
        .await
        .expect("build");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(second.run_until_stopped(async {
        let _ = stopped.await;
    }));
    // The worker runs inside the server; wait (bounded) for the sink to receive the mail.
    // The sink sees the message a moment before the worker records it as sent, so wait for
    // both; stopping in between would leave the row pending (to be sent again, by design).
    let mut delivered = Vec::new();
    let mut status = MailStatus::Pending;
    for _ in 0..200 {
        delivered = sink.messages();
        status = store.mails_to("ana@example.org").await.expect("outbox")[0].status;
        if !delivered.is_empty() && status == MailStatus::Sent {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    server.await.expect("server task").expect("server ran");
    assert_eq!(
        delivered.len(),
        1,
        "the queued mail was delivered after the restart"
    );
    assert!(delivered[0].contains("Reset your Lattice password"));
    assert_eq!(status, MailStatus::Sent);
}
