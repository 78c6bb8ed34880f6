//! Uploads on an S3-compatible server (moto's server mode, a separate process installed from
//! PyPI by scripts/test): a transcript uploaded through one node's form is in the bucket, not
//! on that node's disk, and downloads from another node with its own data dir.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::COOKIE;

use crate::server::{SHARED_KEY, Server, free_port, get, http, sign_in};

const BUCKET: &str = "lattice-uploads";

/// The moto server process, stopped when dropped.
struct S3Server {
    child: Child,
    endpoint: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `LATTICE_TEST_MOTO_SERVER`, or the one scripts/test installs under target/moto.
fn moto_server() -> Option<PathBuf> {
    let path = std::env::var_os("LATTICE_TEST_MOTO_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/moto/bin/moto_server")
        });
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but moto_server is missing at {}: scripts/test installs it",
        path.display()
    );
    eprintln!("moto_server is not installed; skipping (run ./scripts/test)");
    None
}

async fn start_s3(program: &Path) -> S3Server {
    let port = free_port();
    let child = Command::new(program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server starts");
    let server = S3Server {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let client = http();
    let started = Instant::now();
    // Creating the bucket is also the wait for the server to listen.
    loop {
        match client
            .put(format!("{}/{BUCKET}", server.endpoint))
            .send()
            .await
        {
            Ok(answer) if answer.status().is_success() => return server,
            _ => {
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "moto_server did not answer in a minute"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// A PDF the upload check accepts (it reads the content, not the name).
fn transcript() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.extend_from_slice(b"% Transcript of Ana Ruiz, uploaded to S3\n%%EOF\n");
    pdf
}

#[tokio::test]
async fn an_upload_through_one_node_downloads_from_another() {
    let Some(program) = moto_server() else { return };
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    let s3 = start_s3(&program).await;
    let env = [
        ("LATTICE_CREDENTIAL_KEY", SHARED_KEY),
        ("LATTICE_FILES_BUCKET", BUCKET),
        ("AWS_ENDPOINT", s3.endpoint.as_str()),
        ("AWS_ALLOW_HTTP", "true"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "lattice-test"),
        ("AWS_SECRET_ACCESS_KEY", "lattice-test-secret"),
    ];
    // Each node with its own data dir: only the bucket is shared.
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("a"),
        tempfile::tempdir().expect("b"),
    );
    let (data_a, data_b) = (
        dir_a.path().display().to_string(),
        dir_b.path().display().to_string(),
    );
    let a = Server::start_with(
        &[
            "--database-url",
            &url,
            "--data-dir",
            &data_a,
            "--demo",
            "--demo-on-postgres",
        ],
        &env,
    );
    let b = Server::start_with(&["--database-url", &url, "--data-dir", &data_b], &env);

    let client = http();
    let ana = sign_in(&client, &a, "ana@example.org").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", ana.csrf.clone())
        .text("entry", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(transcript())
                .file_name("transcript.pdf")
                .mime_str("application/pdf")
                .expect("mime"),
        );
    let uploaded = client
        .post(a.url("/portfolio/education/transcripts"))
        .header(COOKIE, &ana.cookie)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(uploaded.status(), StatusCode::SEE_OTHER);

    // In the bucket, and nowhere on node A's disk.
    let listing = client
        .get(format!(
            "{}/{BUCKET}?list-type=2&prefix=uploads/",
            s3.endpoint
        ))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("XML");
    assert_eq!(listing.matches("<Key>uploads/").count(), 1, "{listing}");
    assert!(
        !dir_a.path().join("files").exists(),
        "node A kept a local copy"
    );

    // Node B lists it on the page and serves the same bytes.
    let page = get(&client, &b, &ana.cookie, "/portfolio/education").await;
    let link = page
        .split("href=\"/uploads/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the upload on node B's page");
    let download = client
        .get(b.url(&format!("/uploads/{link}")))
        .header(COOKIE, &ana.cookie)
        .send()
        .await
        .expect("download");
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.bytes().await.expect("bytes").as_ref(),
        transcript()
    );
    // Another person's session does not open it through either node.
    let jack = sign_in(&client, &b, "jack.osei@example.org").await;
    let refused = client
        .get(b.url(&format!("/uploads/{link}")))
        .header(COOKIE, &jack.cookie)
        .send()
        .await
        .expect("refused");
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    // A backup says where the uploads are instead of copying an empty folder.
    let backup = dir_a.path().join("backup");
    let out = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .arg("backup")
        .arg(&backup)
        .args(["--database-url", &url, "--data-dir", &data_a])
        .envs(env.iter().copied())
        .output()
        .expect("backup runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("uploads: in the S3 bucket lattice-uploads, not copied"),
        "{said}"
    );
    let manifest = std::fs::read_to_string(backup.join("BACKUP.txt")).unwrap_or_default();
    assert!(
        manifest.contains("aws s3 sync s3://lattice-uploads/uploads"),
        "{manifest}"
    );
}

#[tokio::test]
async fn a_bucket_that_cannot_be_reached_stops_the_start_with_its_name() {
    let dir = tempfile::tempdir().expect("dir");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let out = crate::server::bounded(
        Command::new(env!("CARGO_BIN_EXE_lattice"))
            .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .env("LATTICE_FILES_BUCKET", BUCKET)
            .env("AWS_ENDPOINT", format!("http://{closed}"))
            .env("AWS_ALLOW_HTTP", "true")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "lattice-test")
            .env("AWS_SECRET_ACCESS_KEY", "lattice-test-secret")
            .env_remove("LATTICE_DATABASE_URL")
            .env_remove("DATABASE_URL"),
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("files_bucket lattice-uploads"), "{said}");
    assert!(said.contains("AWS_ENDPOINT"), "{said}");
}
