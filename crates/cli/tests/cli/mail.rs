//! `lattice mail failed` and `lattice mail resend` against a database with failed mail, on
//! SQLite (by `--data-dir`) and PostgreSQL (by `--database-url`).

use std::process::{Command, Output};

use chrono::Utc;
use lattice_store::{MailStatus, NewMail, SharedStore};
use serde_json::Value;

fn lattice_mail(args: &[&str], database: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lattice"))
        .arg("mail")
        .args(args)
        .args(database)
        .env_remove("LATTICE_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .env_remove("LATTICE_CONFIG")
        .output()
        .expect("the lattice binary runs")
}

async fn failed_mail(store: &SharedStore, to: &str) -> lattice_domain::ids::MailId {
    let id = store
        .enqueue_mail(&NewMail {
            recipient: to.to_string(),
            subject: "Your rating link".to_string(),
            body: "https://lattice.test/rate/SECRET-TOKEN".to_string(),
            created_at: Utc::now(),
        })
        .await
        .expect("enqueue");
    store
        .mark_mail_failed(id, "Connection refused (os error 111)", None)
        .await
        .expect("give up");
    id
}

async fn lists_and_resends(store: SharedStore, database: &[&str]) {
    let first = failed_mail(&store, "ana@example.org").await;
    let second = failed_mail(&store, "ben@example.org").await;
    let third = failed_mail(&store, "cy@example.org").await;

    let listed = lattice_mail(&["failed", "--format", "json"], database);
    assert!(listed.status.success(), "{listed:?}");
    let json: Value = serde_json::from_slice(&listed.stdout).expect("json");
    let rows = json.as_array().expect("a list");
    assert_eq!(
        rows.iter().map(|r| r["id"].as_i64()).collect::<Vec<_>>(),
        [Some(first.0), Some(second.0), Some(third.0)]
    );
    assert_eq!(rows[0]["recipient"], "ana@example.org");
    assert_eq!(rows[0]["attempts"], 1);
    assert_eq!(rows[0]["last_error"], "Connection refused (os error 111)");
    let text = lattice_mail(&["failed"], database);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("ben@example.org"), "{text}");
    assert!(
        !text.contains("SECRET-TOKEN")
            && !String::from_utf8_lossy(&listed.stdout).contains("SECRET-TOKEN"),
        "no message bodies: {text}"
    );

    let one = lattice_mail(&["resend", &first.to_string()], database);
    assert!(one.status.success(), "{one:?}");
    assert!(String::from_utf8_lossy(&one.stdout).starts_with("1 mail(s) queued again"));
    let row = store.mail(first).await.expect("row");
    assert_eq!((row.status, row.attempts), (MailStatus::Pending, 0));
    let audit = store
        .audit_of_subject(&format!("mail:{first}"))
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].action.as_str(), audit[0].reason.as_str()),
        ("resend-mail", "lattice mail resend")
    );
    // Not failed any more: named as not found, exit 2, nothing audited twice.
    let again = lattice_mail(&["resend", &first.to_string()], database);
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains(&format!("mail {first}: no failed mail")),
        "{again:?}"
    );
    let none = lattice_mail(&["resend"], database);
    assert_eq!(none.status.code(), Some(2), "an id or --all: {none:?}");

    let all = lattice_mail(&["resend", "--all"], database);
    assert!(all.status.success(), "{all:?}");
    assert!(String::from_utf8_lossy(&all.stdout).starts_with("2 mail(s) queued again"));
    for id in [second, third] {
        assert_eq!(
            store.mail(id).await.expect("row").status,
            MailStatus::Pending
        );
    }
    let empty = lattice_mail(&["failed"], database);
    assert_eq!(String::from_utf8_lossy(&empty.stdout), "No failed mail.\n");
}

#[tokio::test]
async fn mail_failed_and_resend_on_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let store = lattice_store::testing::open(&lattice_store::testing::sqlite_url_in(dir.path()))
        .await
        .expect("open");
    let data_dir = dir.path().display().to_string();
    lists_and_resends(store, &["--data-dir", &data_dir]).await;
    let missing = lattice_mail(&["failed"], &["--data-dir", &format!("{data_dir}/nowhere")]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no database here"));
}

#[tokio::test]
async fn mail_failed_and_resend_on_postgres() {
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    let store = lattice_store::testing::open(&url).await.expect("open");
    lists_and_resends(store, &["--database-url", &url]).await;
}
