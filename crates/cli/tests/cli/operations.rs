//! The operator's commands against real `lattice serve` processes: restore never loses a
//! committed write nor runs under a server, backups hold everything and only for the service's
//! user, the first accounts come from `lattice admin`, the demo stays out of real databases,
//! and an old binary leaves a newer schema alone.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};

use super::server::{Server, bounded, data_dir_args, get, http, sign_in, submit_password};

const ADMIN_PASSWORD: &str = "violet kettle harbour 1987";

fn lattice(args: &[&str]) -> Output {
    bounded(
        Command::new(env!("CARGO_BIN_EXE_lattice"))
            .args(args)
            .env_remove("LATTICE_DATABASE_URL")
            .env_remove("LATTICE_DEMO_ON_POSTGRES"),
    )
}

/// The flags of a PostgreSQL node: the database, the data dir for its uploads, and a
/// configuration file with the shared `credential_key` nodes on PostgreSQL must have.
fn postgres_args(url: &str, dir: &Path) -> Vec<String> {
    let config = dir.join("lattice.toml");
    std::fs::write(
        &config,
        "credential_key = \"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"\n",
    )
    .expect("configuration file");
    let mut args = vec![
        "--config".to_string(),
        config.display().to_string(),
        "--database-url".to_string(),
        url.to_string(),
    ];
    args.extend(data_dir_args(dir));
    args
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn succeeded(output: &Output) -> String {
    assert!(output.status.success(), "{}", stderr(output));
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn with(args: &[String], more: &[&str]) -> Vec<String> {
    more.iter()
        .map(|s| s.to_string())
        .chain(args.iter().cloned())
        .collect()
}

fn refs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// The coordinator's mails in the database file alone, opened from a copy with no log beside
/// it: what survives when only that file is kept.
async fn coordinator_mails_in(file: &Path) -> usize {
    let dir = tempfile::tempdir().expect("dir");
    let copy = dir.path().join("copy.db");
    std::fs::copy(file, &copy).expect("copy");
    let store = lattice_store::connect(&lattice_store::sqlite_url(&copy), 1)
        .await
        .expect("the file alone is a complete database");
    store
        .mails_to("coordinator@massaimh.test")
        .await
        .expect("outbox")
        .len()
}

async fn post_message(client: &reqwest::Client, server: &Server, email: &str) {
    let session = sign_in(client, server, email).await;
    let response = client
        .post(server.url("/portfolio/trainings/messages"))
        .header(COOKIE, &session.cookie)
        .form(&[
            ("csrf", session.csrf.as_str()),
            ("kind", "comment"),
            ("body", "Is my conference counted?"),
        ])
        .send()
        .await
        .expect("message");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// `restore` refuses while a server runs on the data dir, and names it; after a `kill -9`
/// the database it replaces is kept complete, with the write the server confirmed last.
#[tokio::test]
async fn restore_refuses_a_served_dir_and_keeps_what_it_replaces() {
    let dir = tempfile::tempdir().expect("dir");
    let args = data_dir_args(dir.path());
    let mut server = Server::start(&refs(&with(&args, &["--demo"])));
    let backup = dir.path().join("backup");
    succeeded(&lattice(&refs(&with(
        &args,
        &["backup", backup.to_str().expect("path")],
    ))));
    let in_backup = coordinator_mails_in(&backup.join("lattice.db")).await;

    let refused = lattice(&refs(&with(
        &args,
        &["restore", backup.to_str().expect("path")],
    )));
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("in use by a running `lattice serve`, process"),
        "{}",
        stderr(&refused)
    );

    // A write the server confirms, then a crash before any checkpoint could fold it in.
    post_message(&http(), &server, "ben.carter@example.org").await;
    server.kill_hard();
    let restored = succeeded(&lattice(&refs(&with(
        &args,
        &["restore", backup.to_str().expect("path")],
    ))));
    assert!(restored.contains("previous database is kept"), "{restored}");
    let kept = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("lattice.db.replaced-") && !n.contains("-wal"))
        })
        .expect("the replaced database is kept");
    assert_eq!(coordinator_mails_in(&kept).await, in_backup + 1);
    assert_eq!(
        coordinator_mails_in(&dir.path().join("lattice.db")).await,
        in_backup
    );
}

fn assert_private(path: &Path) {
    let mode = std::fs::symlink_metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777;
    let wanted = if path.is_dir() { 0o700 } else { 0o600 };
    assert_eq!(mode, wanted, "{}", path.display());
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("dir") {
            assert_private(&entry.expect("entry").path());
        }
    }
}

/// A backup holds the database, the uploads and the credential key, readable by the
/// service's user only; restored into a new data dir, staff second factors still open (the
/// sealed secrets need the key) and the uploads are back.
#[tokio::test]
async fn backup_holds_uploads_and_key_and_restores_them() {
    let old = tempfile::tempdir().expect("dir");
    let old_args = data_dir_args(old.path());
    let server = Server::start(&refs(&with(&old_args, &["--demo"])));
    let upload = old.path().join("files/transcripts/1/transcript.pdf");
    std::fs::create_dir_all(upload.parent().expect("parent")).expect("folders");
    std::fs::write(&upload, b"%PDF-1.4 transcript").expect("upload");
    let backup = old.path().join("backup");
    let written = succeeded(&lattice(&refs(&with(
        &old_args,
        &["backup", backup.to_str().expect("path")],
    ))));
    assert!(
        written.contains("credential key: credential.key"),
        "{written}"
    );
    assert!(server.terminate().success());
    assert!(backup.join("lattice.db").is_file());
    assert!(backup.join("credential.key").is_file());
    assert_private(&backup);

    let new = tempfile::tempdir().expect("dir");
    let new_args = data_dir_args(new.path());
    succeeded(&lattice(&refs(&with(
        &new_args,
        &["restore", backup.to_str().expect("path")],
    ))));
    assert_eq!(
        std::fs::read(new.path().join("files/transcripts/1/transcript.pdf")).expect("upload"),
        b"%PDF-1.4 transcript"
    );
    assert_eq!(
        std::fs::read(new.path().join("credential.key")).expect("key"),
        std::fs::read(old.path().join("credential.key")).expect("key")
    );
    assert_private(&new.path().join("files"));
    assert_private(&new.path().join("credential.key"));
    let server = Server::start(&refs(&new_args));
    // The coordinator's code opens only with the restored key.
    let coordinator = sign_in(&http(), &server, "coordinator@massaimh.test").await;
    let page = get(&http(), &server, &coordinator.cookie, "/staff/massaimh").await;
    assert!(page.contains("Ana Ruiz"));
}

/// Where the first step of signing in leads: the second-factor step, or `None` when refused.
async fn password_step(server: &Server, email: &str, password: &str) -> Option<String> {
    let (response, _, _) = submit_password(&http(), server, email, password).await;
    (response.status() == StatusCode::SEE_OTHER)
        .then(|| {
            response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::to_string)
        })
        .flatten()
}

/// `lattice admin` on a fresh database: the first administrator signs in with the password
/// given on standard input and is led to set up a second factor; roles are granted and
/// revoked, every change audited; bad input names its field and exits 2. `database` names the
/// database and the data dir.
async fn first_accounts(database: &[String], store_url: &str) {
    let admin = |more: &[&str]| lattice(&refs(&with(database, more)));
    let create = |email: &str, name: &str, password: &str| {
        crate::lattice_stdin(
            &refs(&with(
                database,
                &[
                    "admin",
                    "create",
                    "--email",
                    email,
                    "--name",
                    name,
                    "--password-stdin",
                ],
            )),
            &format!("{password}\n"),
        )
    };
    succeeded(&admin(&["migrate"]));
    let weak = create("root@alliance.example", "Robin Ode", "password123");
    assert_eq!(weak.status.code(), Some(2));
    assert!(
        stderr(&weak).starts_with("error: password:"),
        "{}",
        stderr(&weak)
    );
    succeeded(&create(
        "root@alliance.example",
        "Robin Ode",
        ADMIN_PASSWORD,
    ));
    let twice = create("Root@alliance.example", "Robin Ode", ADMIN_PASSWORD);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("--email"), "{}", stderr(&twice));

    let grant = |role: &str, association: &str| {
        admin(&[
            "admin",
            "grant",
            "--email",
            "root@alliance.example",
            "--role",
            role,
            "--association",
            association,
        ])
    };
    let unknown = grant("coordinator", "atlantis");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("--association"),
        "{}",
        stderr(&unknown)
    );
    let bad_role = grant("overlord", "massaimh");
    assert_eq!(bad_role.status.code(), Some(2));
    assert!(
        stderr(&bad_role).contains("--role"),
        "{}",
        stderr(&bad_role)
    );
    succeeded(&grant("coordinator", "massaimh"));
    let listed: serde_json::Value =
        serde_json::from_str(&succeeded(&admin(&["admin", "list", "--format", "json"])))
            .expect("JSON");
    assert!(listed.as_array().expect("list").iter().any(|line| {
        line["role"] == "coordinator"
            && line["association"] == "massaimh"
            && line["status"] == "active"
    }));

    let store = lattice_store::connect(store_url, 1).await.expect("store");
    let (person, _) = store
        .person_by_email("root@alliance.example")
        .await
        .expect("the administrator");
    assert!(person.admin);
    assert_eq!(store.staff_roles(person.id).await.expect("roles").len(), 1);
    succeeded(&admin(&[
        "admin",
        "revoke",
        "--email",
        "root@alliance.example",
        "--role",
        "coordinator",
        "--association",
        "massaimh",
    ]));
    assert!(
        store
            .staff_roles(person.id)
            .await
            .expect("roles")
            .is_empty()
    );
    let actions: Vec<String> = store
        .audit_of_subject(&format!("person:{}", person.id))
        .await
        .expect("audit")
        .into_iter()
        .filter(|row| row.reason.contains("lattice admin (cli, OS user"))
        .map(|row| row.action)
        .collect();
    for action in [
        "create-admin",
        "cli-grant-coordinator",
        "revoke-coordinator",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }

    let server = Server::start(&refs(database));
    let step = password_step(&server, "root@alliance.example", ADMIN_PASSWORD).await;
    assert!(
        step.as_deref()
            .is_some_and(|to| to.starts_with("/sign-in/enrol")),
        "{step:?}"
    );
    assert_eq!(
        password_step(&server, "root@alliance.example", "not the password at all").await,
        None
    );
}

#[tokio::test]
async fn first_accounts_on_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::sqlite_url(&dir.path().join("lattice.db"));
    first_accounts(&data_dir_args(dir.path()), &url).await;
}

#[tokio::test]
async fn first_accounts_on_postgres() {
    let Some(url) = lattice_store::testing::postgres_empty_database().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    first_accounts(&postgres_args(&url, dir.path()), &url).await;
}

/// The demo refuses a database with real accounts, and PostgreSQL unless asked for a
/// throwaway database.
#[tokio::test]
async fn demo_refuses_real_databases() {
    let dir = tempfile::tempdir().expect("dir");
    let args = data_dir_args(dir.path());
    succeeded(&crate::lattice_stdin(
        &refs(&with(
            &args,
            &[
                "admin",
                "create",
                "--email",
                "root@alliance.example",
                "--name",
                "Robin Ode",
                "--password-stdin",
            ],
        )),
        &format!("{ADMIN_PASSWORD}\n"),
    ));
    let refused = lattice(&refs(&with(
        &args,
        &["serve", "--bind", "127.0.0.1:0", "--demo"],
    )));
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("not demo logins"),
        "{}",
        stderr(&refused)
    );

    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    let pg_dir = tempfile::tempdir().expect("dir");
    let pg_args = postgres_args(&url, pg_dir.path());
    let refused = lattice(&refs(&with(
        &pg_args,
        &["serve", "--bind", "127.0.0.1:0", "--demo"],
    )));
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("--demo-on-postgres"),
        "{}",
        stderr(&refused)
    );
    let server = Server::start(&refs(&with(&pg_args, &["--demo", "--demo-on-postgres"])));
    sign_in(&http(), &server, "ana@example.org").await;
}

/// A database migrated by a newer release: this binary neither migrates nor serves it.
async fn newer_schema_refused(database: &[String], url: &str, checksum: &str) {
    succeeded(&lattice(&refs(&with(database, &["migrate"]))));
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    sqlx::query(&format!(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99991231000001, 'from a newer release', TRUE, {checksum}, 0)"
    ))
    .execute(&pool)
    .await
    .expect("a migration from the future");
    pool.close().await;
    for command in [vec!["migrate"], vec!["serve", "--bind", "127.0.0.1:0"]] {
        let refused = lattice(&refs(&with(database, &command)));
        assert!(!refused.status.success(), "{command:?}");
        assert!(
            stderr(&refused)
                .contains("migrated by a newer Lattice (it has migration 99991231000001"),
            "{command:?}: {}",
            stderr(&refused)
        );
    }
}

#[tokio::test]
async fn newer_schema_is_refused_on_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::sqlite_url(&dir.path().join("lattice.db"));
    newer_schema_refused(&data_dir_args(dir.path()), &url, "X'00'").await;
}

#[tokio::test]
async fn newer_schema_is_refused_on_postgres() {
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    newer_schema_refused(&postgres_args(&url, dir.path()), &url, "'\\x00'::bytea").await;
}

/// `lattice keys reseal` puts every sealed secret under a new key-encryption key: refused
/// while the server runs and with a current key that opens nothing; afterwards the staff's
/// second factors and the signing keys open with the new key only, and the public keys (so
/// every credential issued) are unchanged.
#[tokio::test]
async fn keys_reseal_moves_every_sealed_secret_to_the_new_key() {
    let dir = tempfile::tempdir().expect("dir");
    let args = data_dir_args(dir.path());
    let new_key = dir.path().join("new.key");
    std::fs::write(&new_key, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n").expect("key");
    let reseal = with(
        &args,
        &[
            "keys",
            "reseal",
            "--new-key-file",
            new_key.to_str().expect("path"),
        ],
    );
    let server = Server::start(&refs(&with(&args, &["--demo"])));
    let client = http();
    // A signed status list makes the association's signing key.
    get(&client, &server, "", "/a/massaimh/status/revocation").await;
    // The kid is a URL on the server's address, which changes with each start: the key
    // itself is compared without it.
    let jwks_without_base = |jwks: String, server: &Server| jwks.replace(&server.url(""), "");
    let jwks_before = jwks_without_base(
        get(&client, &server, "", "/a/massaimh/jwks.json").await,
        &server,
    );
    assert!(jwks_before.contains("\"kid\""), "{jwks_before}");
    let refused = lattice(&refs(&reseal));
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("lattice serve"),
        "{}",
        stderr(&refused)
    );
    assert!(server.terminate().success());

    let old_key = std::fs::read_to_string(dir.path().join("credential.key")).expect("old key");
    // A current key that opens nothing stops before anything changes.
    let wrong = bounded(
        Command::new(env!("CARGO_BIN_EXE_lattice"))
            .args(refs(&reseal))
            .env(
                "LATTICE_CREDENTIAL_KEY",
                "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=",
            )
            .env_remove("LATTICE_DATABASE_URL"),
    );
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(
        stderr(&wrong).contains("does not open what is stored")
            && stderr(&wrong).contains("nothing changed"),
        "{}",
        stderr(&wrong)
    );

    let said = succeeded(&lattice(&refs(&reseal)));
    assert!(said.contains("resealed 1 signing key(s)"), "{said}");
    assert!(
        !said.contains(" 0 second factor(s)"),
        "the demo staff's second factors: {said}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("credential.key"))
            .expect("new key")
            .trim(),
        "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
    );
    assert_private(&dir.path().join("credential.key"));
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("credential.key.replaced-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(kept[0].path()).expect("kept"),
        old_key
    );

    // With the new key: the coordinator's second factor opens, the status list is signed with
    // the same key as before.
    let server = Server::start(&refs(&args));
    let coordinator = sign_in(&client, &server, "coordinator@massaimh.test").await;
    let page = get(&client, &server, &coordinator.cookie, "/staff/massaimh").await;
    assert!(page.contains("Ana Ruiz"));
    get(&client, &server, "", "/a/massaimh/status/revocation").await;
    assert_eq!(
        jwks_without_base(
            get(&client, &server, "", "/a/massaimh/jwks.json").await,
            &server
        ),
        jwks_before
    );
    // The old key opens nothing any more.
    assert!(server.terminate().success());
    std::fs::rename(kept[0].path(), dir.path().join("credential.key")).expect("old key back");
    let again = lattice(&refs(&reseal));
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
}

/// `lattice keys rotate` gives an association a new signing key while the server runs: the
/// published key set then holds both (the web tests show the new one signs). An unknown
/// association is refused naming the flag.
#[tokio::test]
async fn keys_rotate_adds_a_signing_key_and_keeps_the_old_one_published() {
    let dir = tempfile::tempdir().expect("dir");
    let args = data_dir_args(dir.path());
    let server = Server::start(&refs(&with(&args, &["--demo"])));
    let client = http();
    // A signed status list makes the association's first signing key.
    get(&client, &server, "", "/a/massaimh/status/revocation").await;
    let before: serde_json::Value =
        serde_json::from_str(&get(&client, &server, "", "/a/massaimh/jwks.json").await)
            .expect("JWKS");
    let old_kid = before["keys"][0]["kid"].as_str().expect("kid").to_string();

    let unknown = lattice(&refs(&with(
        &args,
        &["keys", "rotate", "--association", "nowhere"],
    )));
    assert_eq!(unknown.status.code(), Some(2), "{}", stderr(&unknown));
    assert!(
        stderr(&unknown).contains("--association"),
        "{}",
        stderr(&unknown)
    );

    let said = succeeded(&lattice(&refs(&with(
        &args,
        &["keys", "rotate", "--association", "massaimh"],
    ))));
    let after: serde_json::Value =
        serde_json::from_str(&get(&client, &server, "", "/a/massaimh/jwks.json").await)
            .expect("JWKS");
    let kids: Vec<&str> = after["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .filter_map(|k| k["kid"].as_str())
        .collect();
    assert_eq!(kids.len(), 2, "{after}");
    assert!(
        kids.contains(&old_kid.as_str()),
        "the old key stays: {after}"
    );
    let new_kid = kids.iter().find(|k| **k != old_kid).expect("new kid");
    // The kid is the key's URL; the command names its thumbprint, the URL's last part.
    let thumbprint = new_kid.rsplit('/').next().expect("thumbprint");
    assert!(said.contains(thumbprint), "{said}");
    assert!(server.terminate().success());
}
