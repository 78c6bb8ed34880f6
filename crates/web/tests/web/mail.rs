//! Mail goes through the outbox: written with the change, delivered by the worker over real
//! SMTP (the `smtp-sink` process), retried after a failure, and still delivered when the
//! server restarts between the two.

use std::time::Duration;

use chrono::Utc;
use lattice_store::{MailStatus, NewMail};
use lattice_web::mail::{Delivered, Mailer, deliver_due};

use crate::support::{Sink, TestApp};

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
    let mailer = Mailer::from_config(app.state.config()).expect("mailer");
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
    let mailer = Mailer::from_config(app.state.config()).expect("mailer");
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
    let mailer = Mailer::from_config(app.state.config()).expect("mailer");
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
    let mailer = Mailer::from_config(app.state.config()).expect("mailer");
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
        .collect();
    assert_eq!(files.len(), 1);
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
    let mut delivered = Vec::new();
    for _ in 0..200 {
        delivered = sink.messages();
        if !delivered.is_empty() {
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
    let row = &store.mails_to("ana@example.org").await.expect("outbox")[0];
    assert_eq!(row.status, MailStatus::Sent);
}
