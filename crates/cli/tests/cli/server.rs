//! The real `lattice serve` process: it survives `kill -9` without losing a committed write,
//! backs up and restores while serving, shuts down cleanly on SIGTERM, and runs as two nodes
//! on one PostgreSQL database.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lattice_store::StoreError;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

const PASSWORD: &str = "lattice-demo-2026";
/// A key-encryption key for nodes sharing one PostgreSQL database (32 bytes, base64).
pub(super) const SHARED_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// A running server process, killed if still running when dropped.
pub(super) struct Server {
    child: Child,
    base: String,
}

impl Server {
    pub(super) fn start(args: &[&str]) -> Server {
        Server::start_with(args, &[])
    }

    pub(super) fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_lattice"))
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .env("LATTICE_LOG", "warn")
            .env_remove("LATTICE_DATABASE_URL")
            .env_remove("DATABASE_URL")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("lattice serve starts");
        // Owned by the guard from here on, so a panic below (no address) kills it too.
        let mut server = Server {
            child,
            base: String::new(),
        };
        let stdout = server.child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if let Some(address) = line.strip_prefix("Lattice is serving on ") {
                    let _ = tx.send(address.trim().to_string());
                }
            }
        });
        server.base = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the server prints its address");
        server
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(super) fn kill_hard(&mut self) {
        // SIGKILL: no shutdown code runs.
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reaped");
    }

    pub(super) fn terminate(mut self) -> std::process::ExitStatus {
        self.signal_stop();
        self.child.wait().expect("exits")
    }

    /// SIGTERM, without waiting for the process to end.
    pub(super) fn signal_stop(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success());
    }

    /// The exit status once the process has ended, waiting at most `limit`.
    pub(super) fn ended_within(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let started = std::time::Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port free now, for a helper process (HAProxy, moto) that takes its port as an
/// argument.
pub(super) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

pub(super) fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

fn csrf_of(html: &str) -> String {
    let start = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    html[start..].split('"').next().expect("token").to_string()
}

fn cookie_of(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

/// A signed-in browser: its session cookie and the session's CSRF token.
#[derive(Clone)]
pub(super) struct Session {
    pub(super) cookie: String,
    pub(super) csrf: String,
}

/// The first step of signing in: the answer, the anonymous CSRF cookie and its token.
pub(super) async fn submit_password(
    client: &reqwest::Client,
    server: &Server,
    email: &str,
    password: &str,
) -> (reqwest::Response, String, String) {
    let page = client
        .get(server.url("/sign-in"))
        .send()
        .await
        .expect("sign-in page");
    let anon = cookie_of(&page, "lattice_csrf").expect("csrf cookie");
    let csrf = csrf_of(&page.text().await.expect("body"));
    let response = client
        .post(server.url("/sign-in"))
        .header(COOKIE, &anon)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
            ("next", ""),
        ])
        .send()
        .await
        .expect("sign in");
    (response, anon, csrf)
}

pub(super) async fn sign_in(client: &reqwest::Client, server: &Server, email: &str) -> Session {
    let (response, anon, csrf) = submit_password(client, server, email, PASSWORD).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "sign in as {email}"
    );
    let mut response = response;
    let second_step = response
        .headers()
        .get(LOCATION)
        .and_then(|l| l.to_str().ok())
        .is_some_and(|l| l.starts_with("/sign-in/code"));
    if second_step {
        // Staff: the code from the demo key's app, once per sign-in.
        let pending = cookie_of(&response, "lattice_pending").expect("pending cookie");
        let now = u64::try_from(chrono::Utc::now().timestamp()).expect("time");
        let code = lattice_web::demo::demo_totp_code(now).expect("code");
        response = client
            .post(server.url("/sign-in/code"))
            .header(COOKIE, format!("{anon}; {pending}"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("code", code.as_str()),
                ("next", ""),
            ])
            .send()
            .await
            .expect("second factor");
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "second factor of {email}"
        );
    }
    let cookie = cookie_of(&response, "lattice_session").expect("session cookie");
    let dashboard = get(client, server, &cookie, "/dashboard").await;
    Session {
        csrf: csrf_of(&dashboard),
        cookie,
    }
}

pub(super) async fn get(
    client: &reqwest::Client,
    server: &Server,
    cookie: &str,
    path: &str,
) -> String {
    let response = client
        .get(server.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.text().await.expect("body")
}

async fn application_state(
    client: &reqwest::Client,
    server: &Server,
    session: &Session,
    id: &str,
) -> String {
    let body = get(
        client,
        server,
        &session.cookie,
        &format!("/api/applications/{id}"),
    )
    .await;
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    json["state"]["state"].as_str().expect("state").to_string()
}

fn first_application_link(html: &str) -> String {
    let start = html
        .find("href=\"/applications/")
        .expect("an application link")
        + 20;
    html[start..].split('"').next().expect("id").to_string()
}

async fn event(
    client: &reqwest::Client,
    server: &Server,
    session: &Session,
    id: &str,
    event: &str,
) {
    let response = client
        .post(server.url(&format!("/applications/{id}/events")))
        .header(COOKIE, &session.cookie)
        .form(&[
            ("csrf", session.csrf.as_str()),
            ("event", event),
            ("reason", ""),
        ])
        .send()
        .await
        .expect("POST event");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{event}");
    assert!(response.headers().get(LOCATION).is_some());
}

/// How many migrations the PostgreSQL schema has, from the files themselves.
fn postgres_migrations() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/migrations/postgres");
    std::fs::read_dir(dir)
        .expect("migrations folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count()
}

/// Runs a command that must end by itself; a hang fails the test instead of stalling the run.
pub(super) fn bounded(command: &mut Command) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    for _ in 0..600 {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the command did not finish within 60 s");
}

pub(super) fn data_dir_args(dir: &Path) -> Vec<String> {
    vec!["--data-dir".to_string(), dir.display().to_string()]
}

/// Every write the server acknowledged before `kill -9` is there after the restart.
#[tokio::test]
async fn committed_writes_survive_kill_9() {
    let dir = tempfile::tempdir().expect("dir");
    let args = data_dir_args(dir.path());
    let mut args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    args_ref.push("--demo");
    let mut server = Server::start(&args_ref);
    let client = http();
    let ana = sign_in(&client, &server, "ana@example.org").await;
    let id = first_application_link(&get(&client, &server, &ana.cookie, "/dashboard").await);
    event(&client, &server, &ana, &id, "withdraw").await;

    // Writers keep sending the coordinator messages from a portfolio (a row and an outbox
    // mail each) while the process is killed; count only what the server confirmed. (Reset
    // requests did this before; they are limited to a few an hour now.)
    let ben = sign_in(&client, &server, "ben.carter@example.org").await;
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for _ in 0..4 {
        let (client, url, ben, acknowledged) = (
            client.clone(),
            server.url("/portfolio/trainings/messages"),
            ben.clone(),
            acknowledged.clone(),
        );
        writers.push(tokio::spawn(async move {
            for _ in 0..500 {
                let sent = client
                    .post(&url)
                    .header(COOKIE, &ben.cookie)
                    .form(&[
                        ("csrf", ben.csrf.as_str()),
                        ("kind", "comment"),
                        ("body", "Is my conference counted?"),
                    ])
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == StatusCode::SEE_OTHER => {
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                    }
                    _ => return,
                }
            }
        }));
    }
    while acknowledged.load(Ordering::SeqCst) < 40 {
        // Writers that all stopped early would leave this waiting for ever.
        assert!(
            !writers.iter().all(|w| w.is_finished()),
            "the writers stopped after {} confirmed writes",
            acknowledged.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill_hard();
    for writer in writers {
        writer.await.expect("writer");
    }
    let confirmed = acknowledged.load(Ordering::SeqCst);

    let restarted = Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>());
    // The session cookie from before the kill still works: sessions live in the database.
    assert_eq!(
        application_state(&client, &restarted, &ana, &id).await,
        "withdrawn"
    );
    let store = lattice_store::connect(
        &lattice_store::sqlite_url(&dir.path().join("lattice.db")),
        1,
    )
    .await
    .expect("open the database");
    let mails = store
        .mails_to("coordinator@massaimh.test")
        .await
        .expect("outbox");
    assert!(
        mails.len() >= confirmed,
        "{} mails stored, {confirmed} confirmed before the kill",
        mails.len()
    );
}

/// A backup taken while serving restores to exactly that moment; SIGTERM stops cleanly.
#[tokio::test]
async fn backup_while_serving_then_restore() {
    let dir = tempfile::tempdir().expect("dir");
    let args = data_dir_args(dir.path());
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut with_demo = args_ref.clone();
    with_demo.push("--demo");
    let server = Server::start(&with_demo);
    let client = http();
    let ana = sign_in(&client, &server, "ana@example.org").await;
    let id = first_application_link(&get(&client, &server, &ana.cookie, "/dashboard").await);
    // The backup is taken with the application confirmed; it is withdrawn after.

    let backup = dir.path().join("backup.db");
    let out = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .arg("backup")
        .arg(&backup)
        .args(&args_ref)
        .output()
        .expect("backup runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("backed up"));
    // A second backup to the same file is refused rather than overwriting it.
    let again = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .arg("backup")
        .arg(&backup)
        .args(&args_ref)
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));

    event(&client, &server, &ana, &id, "withdraw").await;
    assert_eq!(
        application_state(&client, &server, &ana, &id).await,
        "withdrawn"
    );
    let status = server.terminate();
    assert!(status.success(), "graceful shutdown exits 0: {status:?}");

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "not a database").expect("write");
    let refused = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .arg("restore")
        .arg(&garbage)
        .args(&args_ref)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a usable Lattice backup"));

    let restored = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .arg("restore")
        .arg(&backup)
        .args(&args_ref)
        .output()
        .expect("runs");
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(String::from_utf8_lossy(&restored.stdout).contains("previous database is kept"));

    let server = Server::start(&args_ref);
    let ana = sign_in(&client, &server, "ana@example.org").await;
    assert_eq!(
        application_state(&client, &server, &ana, &id).await,
        "confirmed"
    );
}

/// Two processes on one PostgreSQL database serve the same data, and a session made on one
/// works on the other: the nodes keep no state of their own.
#[tokio::test]
async fn two_nodes_share_one_postgres() {
    let Some(url) = lattice_store::testing::postgres_empty_database().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let dir_arg = dir.path().display().to_string();

    // A node refuses a schema it does not match, and says what to do.
    // A node started without LATTICE_CREDENTIAL_KEY, which must end by itself.
    let serve_keyless = || {
        bounded(
            Command::new(env!("CARGO_BIN_EXE_lattice"))
                .args([
                    "serve",
                    "--bind",
                    "127.0.0.1:0",
                    "--database-url",
                    &url,
                    "--data-dir",
                    &dir_arg,
                ])
                .env_remove("LATTICE_CREDENTIAL_KEY"),
        )
    };
    let early = serve_keyless();
    assert_eq!(early.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&early.stderr).contains("lattice migrate"),
        "{}",
        String::from_utf8_lossy(&early.stderr)
    );
    let migrated = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(["migrate", "--database-url", &url])
        .output()
        .expect("runs");
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(
        String::from_utf8_lossy(&migrated.stdout)
            .contains(&format!("{} migration(s) applied", postgres_migrations()))
    );

    // Nodes on one database must share the key sealing the signing keys: without it set, a
    // node refuses to start and says how to make one.
    let keyless = serve_keyless();
    let said = String::from_utf8_lossy(&keyless.stderr);
    assert!(!keyless.status.success(), "{said}");
    assert!(said.contains("credential_key"), "{said}");
    assert!(said.contains("openssl rand -base64 32"), "{said}");
    let key = [("LATTICE_CREDENTIAL_KEY", SHARED_KEY)];
    let a = Server::start_with(
        &[
            "--database-url",
            &url,
            "--data-dir",
            &dir_arg,
            "--demo",
            "--demo-on-postgres",
        ],
        &key,
    );
    let b = Server::start_with(&["--database-url", &url, "--data-dir", &dir_arg], &key);
    let client = http();
    for node in [&a, &b] {
        let health: serde_json::Value = client
            .get(node.url("/health"))
            .send()
            .await
            .expect("health")
            .json()
            .await
            .expect("JSON");
        assert_eq!(health["database"], "postgres");
    }
    let ana = sign_in(&client, &a, "ana@example.org").await;
    let on_b = get(&client, &b, &ana.cookie, "/dashboard").await;
    assert!(on_b.contains("Ana Ruiz"), "node B knows node A's session");
    let id = first_application_link(&on_b);
    event(&client, &b, &ana, &id, "withdraw").await;
    assert_eq!(application_state(&client, &a, &ana, &id).await, "withdrawn");

    let coordinator = sign_in(&client, &b, "coordinator@massaimh.test").await;
    let staff_a = get(&client, &a, &coordinator.cookie, "/staff/massaimh").await;
    assert!(staff_a.contains("Ana Ruiz"));
    let store = lattice_store::connect(&url, 1).await.expect("connect");
    match store.association_by_slug("massaimh").await {
        Ok(row) => assert_eq!(row.slug, "massaimh"),
        Err(StoreError::NotFound) => panic!("the associations were seeded"),
        Err(other) => panic!("{other}"),
    }
}

/// A server with the given `shutdown_grace` and a client stalled in the middle of a request
/// body (it announced a megabyte and sent a few bytes).
fn server_with_a_stalled_client(grace: &str) -> (Server, std::net::TcpStream, tempfile::TempDir) {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("dir");
    let args = data_dir_args(dir.path());
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let server = Server::start_with(&args_ref, &[("LATTICE_SHUTDOWN_GRACE", grace)]);
    let address = server.base.trim_start_matches("http://").to_string();
    let mut stalled = std::net::TcpStream::connect(&address).expect("connect");
    write!(
        stalled,
        "POST /sign-in HTTP/1.1\r\nHost: {address}\r\nCookie: lattice_csrf=x\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\n\
         csrf=x&email="
    )
    .expect("send the start of a request");
    stalled.flush().expect("flush");
    // Let the server take the connection and start reading the body.
    std::thread::sleep(Duration::from_millis(300));
    (server, stalled, dir)
}

fn send_term(server: &Server) {
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
}

/// The exit status when the process ends within 20 s; None when it is still running (the
/// guard kills it when dropped).
fn exit_within_20s(server: &mut Server) -> Option<std::process::ExitStatus> {
    for _ in 0..200 {
        if let Some(status) = server.child.try_wait().expect("wait") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

/// A client stalled in the middle of its request body does not keep the process alive after
/// SIGTERM beyond `shutdown_grace` (the body read timeout alone would hold it for a minute).
#[test]
fn a_stalled_upload_does_not_hold_the_shutdown_past_the_grace() {
    let (mut server, stalled, _dir) = server_with_a_stalled_client("2s");
    send_term(&server);
    assert!(
        exit_within_20s(&mut server).is_some(),
        "the server still runs 20 s after SIGTERM with a 2 s shutdown_grace"
    );
    drop(stalled);
}

/// A second SIGTERM stops the process at once, even while the first waits for a request.
#[test]
fn a_second_signal_stops_at_once() {
    // A grace far longer than the test waits: only the second signal can end it in time.
    let (mut server, stalled, _dir) = server_with_a_stalled_client("10m");
    send_term(&server);
    std::thread::sleep(Duration::from_millis(500));
    send_term(&server);
    let exited =
        exit_within_20s(&mut server).expect("the server still runs 20 s after a second SIGTERM");
    assert!(
        !exited.success(),
        "a forced stop is not a clean exit: {exited:?}"
    );
    drop(stalled);
}
