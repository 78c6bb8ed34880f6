//! Endorsements as Open Badges 3.0 credentials (VC-JWT, ES256). The central test checks them
//! the way an employer's software would, with implementations that share no code with ours:
//! `tests/jose/verify.mjs`, a Node script using the npm `jose` library, run against a real
//! server on loopback so it fetches the keys and the status lists over HTTP, and
//! `tests/schema/validate.mjs`, which checks each credential against the official OB 3.0 JSON
//! Schema with the npm `ajv`. The others drive the router in-process: who may download a
//! credential, and the site's own verifier.
//!
//! Needs `node`, jose, ajv and ajv-formats (`scripts/test` installs them into target/jose and
//! exports `LATTICE_JOSE_DIR`). Under `CI=true` a missing one fails the test instead of
//! skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use lattice_domain::endorsement::{Status, credential_number};
use lattice_store::{EndorsementRow, NewAudit, NewEndorsement, SharedStore, SigningKeyRow};
use lattice_web::credential::{self, VerifyError};
use serde_json::{Value, json};

use crate::browser::{Served, workspace};
use crate::support::{Sink, TestApp};

pub(crate) fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// The folder holding `node_modules/jose`, or None (skip) outside CI when node or jose is
/// missing.
fn jose_dir() -> Option<PathBuf> {
    let dir = std::env::var("LATTICE_JOSE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target/jose"));
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    let packages = ["jose", "ajv", "ajv-formats"].iter().all(|name| {
        dir.join(format!("node_modules/{name}/package.json"))
            .exists()
    });
    if node && packages {
        return Some(dir);
    }
    let missing = if node {
        format!("jose, ajv or ajv-formats in {}", dir.display())
    } else {
        "node".to_string()
    };
    if in_ci() {
        panic!("CI=true but {missing} is missing: the credential test must run (scripts/test)");
    }
    eprintln!("{missing} is not installed; skipping the jose credential test (run ./scripts/test)");
    None
}

/// What the jose script answered: its exit code and its JSON.
#[derive(Debug)]
pub(crate) struct Verdict {
    pub(crate) code: i32,
    pub(crate) report: Value,
}

impl Verdict {
    fn reason(&self) -> String {
        self.report["reason"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// Runs the jose verifier. It runs as a child process on the async runtime because it calls
/// back into the server this same runtime serves.
pub(crate) async fn jose_verify(jose: &Path, args: &[&str], jwt: &str) -> Verdict {
    node_script(jose, "tests/jose/verify.mjs", args, jwt).await
}

/// Checks a credential (a VC-JWT or its JSON) against the official OB 3.0 JSON Schema.
pub(crate) async fn schema_check(jose: &Path, credential: &str) -> Verdict {
    node_script(jose, "tests/schema/validate.mjs", &[], credential).await
}

pub(crate) async fn node_script(jose: &Path, script: &str, args: &[&str], jwt: &str) -> Verdict {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(script);
    let output = tokio::process::Command::new("node")
        .arg(&script)
        .args(args)
        .arg(jwt)
        .env("LATTICE_JOSE_DIR", jose)
        .output()
        .await
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "{} printed no JSON ({e}): {stdout}\n{}",
            script.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    Verdict {
        code: output.status.code().unwrap_or(-1),
        report,
    }
}

/// A fresh endorsement of a demo person at MassAIMH, endorsed a month ago.
pub(crate) async fn endorse(store: &SharedStore, email: &str, name: &str) -> EndorsementRow {
    endorse_at(store, "massaimh", email, name).await
}

pub(crate) async fn endorse_at(
    store: &SharedStore,
    slug: &str,
    email: &str,
    name: &str,
) -> EndorsementRow {
    let (person, _) = store.person_by_email(email).await.expect("demo person");
    let association = store.association_by_slug(slug).await.expect("association");
    let today = Utc::now().date_naive();
    let id = store
        .add_endorsement(&NewEndorsement {
            person: person.id,
            association: association.id,
            abbreviation: "MassAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: format!("{name}, MSW, IMH-E®"),
            title_line: "Infant Family Specialist".to_string(),
            display_name: name.to_string(),
            city: "Boston".to_string(),
            region: "MA".to_string(),
            endorsed_on: today - Duration::days(30),
            valid_through: today + Duration::days(300),
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    store.endorsement(id).await.expect("stored endorsement")
}

pub(crate) async fn set_status(store: &SharedStore, row: &EndorsementRow, status: Status) {
    store
        .set_endorsement_status(
            row.id,
            status,
            Utc::now().date_naive(),
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(row.association),
                subject: format!("endorsement:{}", row.id),
                action: format!("set-{status}"),
                reason: "test".to_string(),
            },
        )
        .await
        .expect("set status");
}

/// The same JWT with one character of its payload changed and re-encoded, not re-signed.
fn tampered(jwt: &str) -> String {
    let parts: Vec<&str> = jwt.split('.').collect();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).expect("payload"))
        .expect("UTF-8 payload");
    assert!(payload.contains("Infant Family Specialist"), "{payload}");
    let changed = payload.replacen("Infant Family Specialist", "Infant Family Specialisu", 1);
    format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(changed),
        parts[2]
    )
}

/// The JWT's decoded header and payload.
fn parts(jwt: &str) -> (Value, Value) {
    let decode = |part: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON")
    };
    let parts: Vec<&str> = jwt.split('.').collect();
    (decode(parts[0]), decode(parts[1]))
}

/// The same JWT with its header changed, not re-signed.
fn with_header(jwt: &str, change: impl FnOnce(&mut Value)) -> String {
    let (mut header, _) = parts(jwt);
    change(&mut header);
    let rest = jwt.split_once('.').expect("dots").1;
    format!("{}.{rest}", URL_SAFE_NO_PAD.encode(header.to_string()))
}

/// A session on the real server, signed in as a demo person, following no redirects.
pub(crate) struct Browser {
    pub(crate) http: reqwest::Client,
    base: String,
    cookies: Vec<String>,
}

impl Browser {
    pub(crate) async fn sign_in(base: &str, email: &str) -> Browser {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let mut browser = Browser {
            http,
            base: base.to_string(),
            cookies: Vec::new(),
        };
        let form = browser.get("/sign-in").await;
        let body = form.text().await.expect("sign-in page");
        let start = body.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
        let csrf = body[start..].split('"').next().expect("csrf").to_string();
        let fields = serde_urlencoded::to_string([
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", lattice_web::demo::DEMO_PASSWORD),
            ("next", ""),
        ])
        .expect("form");
        let response = browser
            .http
            .post(format!("{base}/sign-in"))
            .header("cookie", browser.cookies.join("; "))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(fields)
            .send()
            .await
            .expect("sign in");
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "sign-in of {email}"
        );
        browser.keep_cookies(&response);
        let second_step = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| l.starts_with("/sign-in/code"));
        if second_step {
            // Staff: the code from the demo key's app.
            let now = u64::try_from(Utc::now().timestamp()).expect("time");
            let code = lattice_web::demo::demo_totp_code(now).expect("code");
            let fields = serde_urlencoded::to_string([
                ("csrf", csrf.as_str()),
                ("code", code.as_str()),
                ("next", ""),
            ])
            .expect("form");
            let response = browser
                .http
                .post(format!("{base}/sign-in/code"))
                .header("cookie", browser.cookies.join("; "))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(fields)
                .send()
                .await
                .expect("second factor");
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "second factor of {email}"
            );
            browser.keep_cookies(&response);
        }
        browser
    }

    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all("set-cookie") {
            let pair = value
                .to_str()
                .expect("cookie")
                .split(';')
                .next()
                .expect("pair")
                .to_string();
            let name = pair.split('=').next().unwrap_or_default().to_string();
            self.cookies.retain(|c| !c.starts_with(&format!("{name}=")));
            self.cookies.push(pair);
        }
    }

    pub(crate) async fn get(&mut self, path: &str) -> reqwest::Response {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookies.join("; "))
            .send()
            .await
            .expect("request");
        self.keep_cookies(&response);
        response
    }

    pub(crate) async fn credential(&mut self, number: &str) -> String {
        let response = self
            .get(&format!("/credentials/{number}/credential.jwt"))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            credential::MEDIA_TYPE,
            "content type"
        );
        response.text().await.expect("jwt")
    }
}

/// What the jose tests start from: a real server on loopback (jose fetches keys and status
/// lists over HTTP), Jack endorsed and signed in there.
pub(crate) struct JoseRig {
    pub(crate) jose: PathBuf,
    pub(crate) work: tempfile::TempDir,
    /// Kept for the server's mail while the test runs.
    pub(crate) _sink: Sink,
    pub(crate) served: Served,
    pub(crate) base: String,
    pub(crate) store: SharedStore,
    pub(crate) jack: EndorsementRow,
    pub(crate) browser: Browser,
}

impl JoseRig {
    /// None (skip) outside CI when node or jose is missing.
    pub(crate) async fn start() -> Option<JoseRig> {
        let jose = jose_dir()?;
        let work = tempfile::tempdir().expect("dir");
        let sink = Sink::start(&work.path().join("sink"), 0);
        let served = Served::start(work.path(), &sink).await;
        let base = served.config.base_url.clone();
        let store = served.store.clone();
        let jack = endorse(&store, "jack.osei@example.org", "Jack Osei").await;
        let browser = Browser::sign_in(&base, "jack.osei@example.org").await;
        Some(JoseRig {
            jose,
            work,
            _sink: sink,
            served,
            base,
            store,
            jack,
            browser,
        })
    }
}

#[tokio::test]
async fn issued_credentials_verify_with_jose_until_tampered_revoked_or_lapsed() {
    let Some(JoseRig {
        jose,
        work,
        _sink,
        served,
        base,
        store,
        jack,
        mut browser,
    }) = JoseRig::start().await
    else {
        return;
    };

    // (a) A fresh credential, downloaded by its endorsee, verifies with jose: keys from the
    // site-wide JWKS, from the association's, and from a saved copy of it.
    let jwt = browser.credential(&jack.credential_number).await;
    let site_jwks = format!("{base}/.well-known/jwks.json");
    let verdict = jose_verify(&jose, &["--jwks", &site_jwks], &jwt).await;
    assert_eq!(verdict.code, 0, "{verdict:?}");
    assert_eq!(verdict.report["verified"], true);
    assert_eq!(verdict.report["alg"], "ES256");
    assert_eq!(verdict.report["subject"], "Jack Osei");
    assert_eq!(verdict.report["achievement"], "Infant Family Specialist");
    assert_eq!(verdict.report["issuer"]["id"], format!("{base}/a/massaimh"));
    assert_eq!(verdict.report["statuses"]["revocation"], false);
    // One status entry: revocation (the suspension list is read on request, below).
    assert!(verdict.report["statuses"].get("suspension").is_none());
    // OB 3.0 §8.2.4: jti is the credential's id, sub its subject's id, a urn:uuid that
    // reveals no email or name.
    assert_eq!(verdict.report["jti"], verdict.report["id"]);
    let subject = verdict.report["sub"].as_str().expect("sub").to_string();
    assert_eq!(verdict.report["subjectId"], subject.as_str());
    assert!(subject.starts_with("urn:uuid:"), "{subject}");
    assert!(!jwt.contains("example.org"), "no email in the credential");
    // The kid is the key's URL, ending in the thumbprint jose computes of the key.
    let issuer = format!("{base}/a/massaimh");
    let (header, payload) = parts(&jwt);
    assert_eq!(header["alg"], "ES256");
    let kid = header["kid"].as_str().expect("kid").to_string();
    let thumbprint = verdict.report["thumbprint"].as_str().expect("thumbprint");
    assert_eq!(kid, format!("{issuer}/keys/{thumbprint}"));
    // The same credential each download: same id, jti and subject.
    let again = browser.credential(&jack.credential_number).await;
    let (_, again) = parts(&again);
    assert_eq!(again["jti"], payload["jti"]);
    assert_eq!(again["sub"], payload["sub"]);
    // Without a key set, jose takes the key from the kid's URL.
    let verdict = jose_verify(&jose, &["--issuer", &issuer], &jwt).await;
    assert_eq!(verdict.code, 0, "key found by its kid: {verdict:?}");
    assert_eq!(verdict.report["jwks"], "kid");
    assert_eq!(verdict.report["thumbprint"], thumbprint);

    // The official OB 3.0 JSON Schema accepts it; the shape issued before (two status
    // entries in an array) it rejects.
    let conforms = schema_check(&jose, &jwt).await;
    assert_eq!(conforms.code, 0, "new endorsement: {conforms:?}");
    let mut two_entries = payload.clone();
    two_entries["credentialStatus"] = json!([
        payload["credentialStatus"].clone(),
        payload["credentialStatus"].clone()
    ]);
    let refused = schema_check(&jose, &two_entries.to_string()).await;
    assert_eq!(refused.code, 1, "{refused:?}");
    assert_eq!(refused.report["errors"][0]["at"], "/credentialStatus");

    // The kid's URL answers that one public key, cacheable by anyone; an unknown one is not
    // found.
    let response = browser.http.get(&kid).send().await.expect("key");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/jwk+json");
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");
    let key: Value = response.json().await.expect("JWK");
    assert_eq!(key["kid"], kid.as_str());
    assert_eq!(key["kty"], "EC");
    assert!(key.get("d").is_none(), "{key}");
    assert_eq!(
        browser
            .get(&format!("/a/massaimh/keys/{}", "A".repeat(43)))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        browser
            .get(&format!("/a/nmaimh/keys/{thumbprint}"))
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "another association's key address"
    );

    // (e) The key sets hold public keys only, cacheable by anyone.
    for path in ["/.well-known/jwks.json", "/a/massaimh/jwks.json"] {
        let response = browser.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=300",
            "{path}"
        );
        let jwks: Value = response.json().await.expect("JWKS JSON");
        let keys = jwks["keys"].as_array().expect("keys");
        assert!(!keys.is_empty(), "{path}: {jwks}");
        for key in keys {
            assert_eq!(key["kty"], "EC");
            assert_eq!(key["crv"], "P-256");
            assert_eq!(key["alg"], "ES256");
            assert_eq!(key["use"], "sig");
            assert!(
                key["kid"]
                    .as_str()
                    .is_some_and(|kid| kid.starts_with(&format!("{base}/a/"))),
                "{key}"
            );
            assert!(key.get("d").is_none(), "{path} leaks a private key: {key}");
        }
        assert!(!jwks.to_string().contains("\"d\""), "{jwks}");
    }
    let saved = work.path().join("jwks.json");
    let jwks_text = browser
        .get("/a/massaimh/jwks.json")
        .await
        .text()
        .await
        .expect("jwks");
    std::fs::write(&saved, jwks_text).expect("save JWKS");
    let token_file = work.path().join("credential.jwt");
    std::fs::write(&token_file, &jwt).expect("save credential");
    let verdict = jose_verify(
        &jose,
        &["--jwks", &saved.display().to_string()],
        &token_file.display().to_string(),
    )
    .await;
    assert_eq!(verdict.code, 0, "keys and token from files: {verdict:?}");
    let other = jose_verify(
        &jose,
        &["--jwks", &format!("{base}/a/nmaimh/jwks.json")],
        &jwt,
    )
    .await;
    assert_ne!(other.code, 0, "another association's keys: {other:?}");

    // The status lists are public signed VC-JWTs; an unknown purpose is not found.
    let list = browser.get("/a/massaimh/status/revocation").await;
    assert_eq!(list.status(), StatusCode::OK);
    assert_eq!(list.headers()["content-type"], credential::MEDIA_TYPE);
    assert_eq!(
        browser.get("/a/massaimh/status/other").await.status(),
        StatusCode::NOT_FOUND
    );

    // (b) One changed character in the payload, not re-signed, fails.
    let verdict = jose_verify(&jose, &["--jwks", &site_jwks], &tampered(&jwt)).await;
    assert_ne!(verdict.code, 0, "{verdict:?}");
    assert_eq!(verdict.report["verified"], false);
    assert!(verdict.reason().contains("signature"), "{verdict:?}");

    // (c) Revoked: the same credential now fails on its revocation status.
    set_status(&store, &jack, Status::Revoked).await;
    let verdict = jose_verify(&jose, &["--jwks", &site_jwks], &jwt).await;
    assert_eq!(verdict.code, 1, "{verdict:?}");
    assert!(verdict.reason().contains("revocation"), "{verdict:?}");

    // (d) Lapsed: the association's suspension list, read at the same index, has it; it
    // verifies again once renewed.
    let ben = endorse(&store, "ben.carter@example.org", "Ben Carter").await;
    let mut coordinator = Browser::sign_in(&base, "coordinator@massaimh.test").await;
    let ben_jwt = coordinator.credential(&ben.credential_number).await;
    let with_suspension = ["--jwks", site_jwks.as_str(), "--suspension"];
    let verdict = jose_verify(&jose, &with_suspension, &ben_jwt).await;
    assert_eq!(verdict.code, 0, "{verdict:?}");
    assert_eq!(verdict.report["statuses"]["suspension"], false);
    set_status(&store, &ben, Status::Lapsed).await;
    let verdict = jose_verify(&jose, &with_suspension, &ben_jwt).await;
    assert_eq!(verdict.code, 1, "{verdict:?}");
    assert!(verdict.reason().contains("suspension"), "{verdict:?}");
    assert!(!verdict.reason().contains("revocation"), "{verdict:?}");
    set_status(&store, &ben, Status::Active).await;
    let verdict = jose_verify(&jose, &with_suspension, &ben_jwt).await;
    assert_eq!(verdict.code, 0, "renewed: {verdict:?}");

    // (f) A renewal and a transfer issue credentials that verify and conform too, naming the
    // same subject.
    let ana = endorse(&store, "ana@example.org", "Ana Ruiz").await;
    let mut ana_browser = Browser::sign_in(&base, "ana@example.org").await;
    let first = ana_browser.credential(&ana.credential_number).await;
    let (_, first) = parts(&first);
    let renewed_through = ana.valid_through + Duration::days(365);
    store
        .extend_endorsements(
            ana.person,
            renewed_through,
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(ana.association),
                subject: format!("endorsement:{}", ana.id),
                action: "renewed".to_string(),
                reason: "test".to_string(),
            },
        )
        .await
        .expect("renewal");
    let renewed = ana_browser.credential(&ana.credential_number).await;
    let (_, renewed_payload) = parts(&renewed);
    assert_ne!(
        renewed_payload["validUntil"], first["validUntil"],
        "renewed"
    );
    let nmaimh = store.association_by_slug("nmaimh").await.expect("nmaimh");
    let transfer = store
        .request_transfer(ana.id, nmaimh.id, ana.person, "moved", Utc::now())
        .await
        .expect("transfer");
    store
        .decide_transfer(transfer, true, ana.person, Utc::now())
        .await
        .expect("accepted");
    let transferred = ana_browser.credential(&ana.credential_number).await;
    let (_, transferred_payload) = parts(&transferred);
    assert_eq!(
        transferred_payload["issuer"]["id"],
        format!("{base}/a/nmaimh")
    );
    for (kind, issued, payload) in [
        ("renewal", &renewed, &renewed_payload),
        ("transfer", &transferred, &transferred_payload),
    ] {
        let verdict = jose_verify(&jose, &[], issued).await;
        assert_eq!(verdict.code, 0, "{kind}: {verdict:?}");
        assert_eq!(verdict.report["jwks"], "kid", "{kind}");
        let conforms = schema_check(&jose, issued).await;
        assert_eq!(conforms.code, 0, "{kind}: {conforms:?}");
        assert_eq!(payload["sub"], first["sub"], "{kind} keeps the subject");
        assert_eq!(payload["jti"], payload["id"], "{kind}");
        let verdict = jose_verify(&jose, &[], &tampered(issued)).await;
        assert_eq!(verdict.code, 1, "{kind} tampered: {verdict:?}");
    }

    served.stop().await;
}

#[tokio::test]
async fn credential_downloads_are_for_the_endorsee_their_coordinator_and_admins() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let jack = endorse(store, "jack.osei@example.org", "Jack Osei").await;
    let path = format!("/credentials/{}/credential.jwt", jack.credential_number);

    // Signed out: sent to sign in.
    let page = app.client().get(&path).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

    for (email, allowed) in [
        ("jack.osei@example.org", true),
        ("coordinator@massaimh.test", true),
        ("admin@alliance.test", true),
        ("ana@example.org", false),
        ("reviewer1@massaimh.test", false),
        ("coordinator@nmaimh.test", false),
    ] {
        let mut client = app.client();
        client.sign_in(email).await;
        let page = client.get(&path).await;
        let expected = if allowed {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(page.status, expected, "{email}: {}", page.body);
        if allowed {
            assert_eq!(page.headers["content-type"], credential::MEDIA_TYPE);
            assert_eq!(page.headers["cache-control"], "no-store");
            assert_eq!(page.body.split('.').count(), 3, "a compact JWS");
        }
    }

    // A malformed number and a well-formed unknown one look the same.
    let mut client = app.client();
    client.sign_in("jack.osei@example.org").await;
    let unknown = credential_number("MassAIMH", 2026, 999_999);
    let mistyped = jack.credential_number.replace("-0", "-9");
    for number in [unknown.as_str(), mistyped.as_str(), "nothing"] {
        let page = client
            .get(&format!("/credentials/{number}/credential.jwt"))
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{number}");
    }
    // No such association's keys or lists.
    for path in ["/a/nowhere/jwks.json", "/a/nowhere/status/revocation"] {
        assert_eq!(
            client.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

/// The site's own verifier on both backends: signature, dates, both statuses, key rotation,
/// and the private keys sealed at rest.
#[tokio::test]
async fn the_site_verifier_checks_signature_dates_status_and_rotation() {
    let mut apps = vec![("sqlite", TestApp::sqlite().await)];
    if let Some(app) = TestApp::postgres().await {
        apps.push(("postgres", app));
    }
    for (backend, app) in apps {
        let state = &app.state;
        let store = state.store();
        let jack = endorse(store, "jack.osei@example.org", "Jack Osei").await;
        let jwt = credential::issue(state, &jack).await.expect("issue");
        let verified = credential::verify(state, &jwt).await.expect("verifies");
        assert_eq!(parts(&jwt).0["alg"], "ES256", "{backend}");
        // The person's subject id is kept: a second issue names the same subject.
        let second = credential::issue(state, &jack).await.expect("issue");
        assert_eq!(parts(&second).1["sub"], parts(&jwt).1["sub"], "{backend}");
        assert_eq!(
            parts(&jwt).1["sub"],
            credential::subject_id(state, jack.person)
                .await
                .expect("subject")
                .as_str()
        );
        assert_eq!(
            verified.credential_number, jack.credential_number,
            "{backend}"
        );
        assert_eq!(verified.display_name, "Jack Osei");
        assert_eq!(verified.title, "Infant Family Specialist");
        assert_eq!(verified.issuer, "http://lattice.test/a/massaimh");

        // Sealed at rest: the stored key opens only with the key-encryption key: the one
        // configured (PostgreSQL requires one), else the generated key file's, which only
        // its owner may read.
        let keys = store.signing_keys(jack.association).await.expect("keys");
        assert_eq!(keys.len(), 1, "{backend}");
        assert!(keys[0].public_jwk.get("d").is_none());
        let key_file = app.dir.path().join(credential::KEY_FILE);
        let kek =
            lattice_web::config::decode_credential_key(&match &state.config().credential_key {
                Some(configured) => configured.expose().to_string(),
                None => std::fs::read_to_string(&key_file).expect("key file"),
            })
            .expect("key");
        let pkcs8 =
            credential::unseal(&kek, &keys[0].kid, &keys[0].sealed_private_key).expect("opens");
        let stored = base64::engine::general_purpose::STANDARD
            .decode(&keys[0].sealed_private_key)
            .expect("base64");
        // The private scalar in ring's PKCS#8 document for a P-256 key.
        let seed = &pkcs8[36..68];
        assert!(
            !stored.windows(seed.len()).any(|w| w == seed),
            "the private key is not stored in the clear"
        );
        #[cfg(unix)]
        if state.config().credential_key.is_none() {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key_file)
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{backend}");
        }

        let forged = tampered(&jwt);
        assert!(matches!(
            credential::verify(state, &forged).await,
            Err(VerifyError::BadSignature)
        ));
        assert!(matches!(
            credential::verify(state, "not.a.jwt").await,
            Err(VerifyError::Malformed(_))
        ));
        // The key decides the algorithm: the same token claiming EdDSA, or HS256, is refused
        // before any signature check.
        for alg in ["EdDSA", "HS256"] {
            let confused = with_header(&jwt, |h| h["alg"] = json!(alg));
            let refused = credential::verify(state, &confused).await;
            assert!(
                matches!(refused, Err(VerifyError::Malformed(_))),
                "{alg}: {refused:?}"
            );
        }

        // An association whose key is an Ed25519 one from before ES256: what that key signed
        // still verifies, and its next credential is signed ES256 with a new key.
        let (legacy, legacy_row) = legacy_ed25519_credential(state, &kek).await;
        let verified_legacy = credential::verify(state, &legacy)
            .await
            .expect("an Ed25519 credential from before verifies");
        assert_eq!(
            verified_legacy.credential_number,
            legacy_row.credential_number
        );
        let tampered_legacy = credential::verify(state, &tampered(&legacy)).await;
        assert!(
            matches!(tampered_legacy, Err(VerifyError::BadSignature)),
            "{tampered_legacy:?}"
        );
        let confused = with_header(&legacy, |h| h["alg"] = json!("ES256"));
        let refused = credential::verify(state, &confused).await;
        assert!(
            matches!(refused, Err(VerifyError::Malformed(_))),
            "{refused:?}"
        );
        let fresh = credential::issue(state, &legacy_row).await.expect("issue");
        let (fresh_header, _) = parts(&fresh);
        assert_eq!(fresh_header["alg"], "ES256");
        let fresh_kid = credential::verify(state, &fresh)
            .await
            .expect("verifies")
            .kid;
        assert_ne!(fresh_kid, verified_legacy.kid);
        credential::verify(state, &legacy)
            .await
            .expect("still verifies beside the new key");
        let nmaimh_keys = credential::jwks(state, Some(legacy_row.association))
            .await
            .expect("jwks");
        let kinds: Vec<&str> = nmaimh_keys["keys"]
            .as_array()
            .expect("keys")
            .iter()
            .filter_map(|k| k["alg"].as_str())
            .collect();
        assert_eq!(kinds, ["ES256", "EdDSA"], "newest first: {nmaimh_keys}");

        // Rotation: new credentials carry the new key; old ones still verify.
        let new_kid = credential::rotate(state, jack.association)
            .await
            .expect("rotate");
        let rotated = credential::issue(state, &jack).await.expect("issue");
        let verified_new = credential::verify(state, &rotated).await.expect("new");
        assert_eq!(verified_new.kid, new_kid);
        assert_ne!(verified.kid, new_kid);
        credential::verify(state, &jwt)
            .await
            .expect("old still verifies");
        let jwks = credential::jwks(state, Some(jack.association))
            .await
            .expect("jwks");
        assert_eq!(jwks["keys"].as_array().map(Vec::len), Some(2), "{jwks}");

        set_status(store, &jack, Status::Inactive).await;
        assert!(matches!(
            credential::verify(state, &jwt).await,
            Err(VerifyError::Suspended)
        ));
        set_status(store, &jack, Status::Revoked).await;
        let refused = credential::verify(state, &jwt).await;
        assert!(matches!(refused, Err(VerifyError::Revoked)), "{refused:?}");
        assert!(
            refused
                .expect_err("revoked")
                .to_string()
                .contains("revocation")
        );

        // An endorsement whose validity ended is refused on its dates.
        let mut old = endorse(store, "ben.carter@example.org", "Ben Carter").await;
        old.endorsed_on -= Duration::days(800);
        old.valid_through = Utc::now().date_naive() - Duration::days(2);
        let expired = credential::issue(state, &old).await.expect("issue");
        assert!(matches!(
            credential::verify(state, &expired).await,
            Err(VerifyError::Expired)
        ));
    }
}

/// An endorsement at NMAIMH and its credential as issued before ES256: signed EdDSA with an
/// Ed25519 key (stored sealed like any key, `kid` the bare thumbprint) and two status entries.
async fn legacy_ed25519_credential(
    state: &lattice_web::state::AppState,
    kek: &[u8; 32],
) -> (String, EndorsementRow) {
    use ring::signature::{Ed25519KeyPair, KeyPair};
    let store = state.store();
    let row = endorse_at(store, "nmaimh", "ben.carter@example.org", "Ben Carter").await;
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).expect("key");
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).expect("pair");
    let x = URL_SAFE_NO_PAD.encode(pair.public_key().as_ref());
    let kid = credential::thumbprint(&x);
    store
        .add_signing_key(&SigningKeyRow {
            kid: kid.clone(),
            association: row.association,
            public_jwk: json!({
                "kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig",
            }),
            sealed_private_key: credential::seal(kek, &kid, pkcs8.as_ref()).expect("seal"),
            created_at: Utc::now() - Duration::days(30),
            retired_at: None,
        })
        .await
        .expect("legacy key");
    let base = state.config().base_url.trim_end_matches('/').to_string();
    let mut payload = credential::credential_payload(&base, &row, "urn:uuid:x", Utc::now());
    let entry = |purpose: &str| {
        let list = format!("{base}/a/nmaimh/status/{purpose}");
        json!({
            "id": format!("{list}#{}", row.status_index), "type": "BitstringStatusListEntry",
            "statusPurpose": purpose, "statusListIndex": row.status_index.to_string(),
            "statusListCredential": list,
        })
    };
    payload["credentialStatus"] = json!([entry("revocation"), entry("suspension")]);
    payload["sub"] = payload["id"].clone();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.typ = Some("vc+jwt".to_string());
    header.kid = Some(kid);
    let jwt = jsonwebtoken::encode(
        &header,
        &payload,
        &jsonwebtoken::EncodingKey::from_ed_der(pkcs8.as_ref()),
    )
    .expect("sign");
    (jwt, row)
}
