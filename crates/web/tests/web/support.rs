//! `TestApp`: the service with the demo dataset on a fresh database, and a cookie-keeping
//! client that reads CSRF tokens off the pages it gets, as a browser would submit them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use lattice_web::state::AppState;
use lattice_web::{Application, Config, demo, router};
use tower::ServiceExt;

/// The key-encryption key of test servers on PostgreSQL (32 bytes, base64).
pub const TEST_CREDENTIAL_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = lattice_store::testing::sqlite_url_in(dir.path());
        TestApp::start(url, dir, &[]).await
    }

    /// None when no PostgreSQL test server is configured (and not in CI).
    pub async fn postgres() -> Option<TestApp> {
        let url = lattice_store::testing::postgres_url().await?;
        let dir = tempfile::tempdir().expect("temp dir");
        Some(TestApp::start(url, dir, &[]).await)
    }

    pub async fn start(
        url: String,
        dir: tempfile::TempDir,
        extra_env: &[(&str, String)],
    ) -> TestApp {
        let mut env = vec![
            ("LATTICE_BIND".to_string(), "127.0.0.1:0".to_string()),
            (
                "LATTICE_DATA_DIR".to_string(),
                dir.path().display().to_string(),
            ),
            (
                "LATTICE_BASE_URL".to_string(),
                "http://lattice.test".to_string(),
            ),
            ("LATTICE_MAIL_POLL_MS".to_string(), "50".to_string()),
        ];
        if url.starts_with("postgres") {
            // The service refuses PostgreSQL without a shared key-encryption key.
            env.push((
                "LATTICE_CREDENTIAL_KEY".to_string(),
                TEST_CREDENTIAL_KEY.to_string(),
            ));
        }
        env.extend(extra_env.iter().map(|(k, v)| (k.to_string(), v.clone())));
        let config = Config::load(None, env).expect("config");
        let store = lattice_store::testing::open(&url)
            .await
            .expect("open store");
        let app = Application::build_with_store(config, store)
            .await
            .expect("build");
        demo::load(app.state()).await.expect("demo data");
        let state = app.state().clone();
        TestApp {
            router: router(state.clone()),
            state,
            dir,
        }
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.dir.path().join("mail")
    }

    /// A new browser, at an address of its own (sign-in limits count per client address,
    /// as the server's listener reports it).
    pub fn client(&self) -> Client<'_> {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let ip = std::net::Ipv4Addr::from(0x0a00_0000 | (n & 0x00ff_ffff));
        Client {
            app: self,
            cookies: BTreeMap::new(),
            csrf: None,
            addr: SocketAddr::from((ip, 40000)),
            forwarded_for: None,
        }
    }

    /// The link of the latest mail to `recipient` that contains `marker`, from the outbox.
    pub async fn link_in_mail(&self, recipient: &str, marker: &str) -> String {
        let mails = self
            .state
            .store()
            .mails_to(recipient)
            .await
            .expect("outbox");
        let body = &mails
            .iter()
            .rev()
            .find(|m| m.body.contains(marker))
            .unwrap_or_else(|| panic!("no mail to {recipient} with {marker}"))
            .body;
        let line = body
            .lines()
            .find(|l| l.contains(marker))
            .expect("link line");
        let at = line.find("http").expect("link");
        line[at..].trim().to_string()
    }

    /// The id of a demo applicant's application.
    pub async fn application_of(&self, email: &str) -> i64 {
        let store = self.state.store();
        let (person, _) = store.person_by_email(email).await.expect("demo person");
        store
            .applications_of_person(person.id)
            .await
            .expect("applications")[0]
            .id
            .0
    }
}

#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub request_id: Option<String>,
    /// The response headers, for downloads (content type, file name).
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent, for binary downloads (a certificate's text read by `pdftotext`).
    pub bytes: Vec<u8>,
}

impl Page {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub struct Client<'a> {
    app: &'a TestApp,
    cookies: BTreeMap<String, String>,
    /// The last CSRF token seen in a page, as a browser would have it in the form.
    pub csrf: Option<String>,
    /// The address the requests come from.
    pub addr: SocketAddr,
    /// An `X-Forwarded-For` header sent with every request, as a proxy (or a liar) would.
    pub forwarded_for: Option<String>,
}

impl Client<'_> {
    /// As the application's coordinator: marks every degree of the submitted portfolio
    /// verified against its transcript, through the review page's forms. Returns how many.
    pub async fn verify_degrees(&mut self, application: i64) -> usize {
        let page = self
            .get(&format!("/applications/{application}/review"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let prefix = format!("/applications/{application}/education/");
        let actions: Vec<String> = page
            .body
            .match_indices(&prefix)
            .filter_map(|(at, _)| {
                let rest = &page.body[at..];
                let end = rest.find('"')?;
                Some(rest[..end].to_string())
            })
            .collect();
        for action in &actions {
            self.get(&format!("/applications/{application}/review"))
                .await;
            let checked = self
                .post(action, &[("decision", "verified"), ("note", "")])
                .await;
            assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
        }
        actions.len()
    }

    async fn send(&mut self, mut request: Request<Body>) -> Page {
        request.extensions_mut().insert(ConnectInfo(self.addr));
        if let Some(forwarded) = &self.forwarded_for {
            request
                .headers_mut()
                .insert("x-forwarded-for", forwarded.parse().expect("header value"));
        }
        let response = self
            .app
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().expect("cookie text");
            let pair = text.split(';').next().expect("cookie pair");
            let (name, value) = pair.split_once('=').expect("name=value");
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().expect("location").to_string());
        let request_id = response
            .headers()
            .get("x-request-id")
            .map(|v| v.to_str().expect("id").to_string());
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        // Binary bodies (PDFs) are read lossily; tests of them look at their first bytes.
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(start) = body.find("name=\"csrf\" value=\"") {
            let rest = &body[start + 19..];
            self.csrf = rest.split('"').next().map(str::to_string);
        }
        Page {
            status,
            location,
            request_id,
            headers,
            body,
            bytes: bytes.to_vec(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = Request::get(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    /// A GET with extra request headers (content negotiation).
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = Request::get(path).header(header::COOKIE, self.cookie_header());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).expect("request"))
            .await
    }

    /// Posts a form with the given fields exactly (no CSRF added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).expect("form");
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// Posts a form with the CSRF token of the last page, as the browser would.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_with_headers(path, fields, &[]).await
    }

    /// Posts a form with the CSRF token of the last page and extra request headers (the
    /// `Referer` a browser sends).
    pub async fn post_with_headers(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let csrf = self
            .csrf
            .clone()
            .expect("a page with a form was loaded first");
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).expect("form");
        let mut request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).expect("request"))
            .await
    }

    /// Posts a multipart form with the page's CSRF token and one file.
    /// A multipart form: text fields and one file, as a browser sends a form with both.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &str),
    ) -> Page {
        let csrf = self
            .csrf
            .clone()
            .expect("a page with a form was loaded first");
        let boundary = "lattice-test-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
        );
        for (name, value) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        let (field, file_name, content) = file;
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n{content}\r\n--{boundary}--\r\n"
        ));
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// A multipart form with several files, as a browser sends `<input type=file multiple>`
    /// beside other file inputs: each (field, file name, content).
    pub async fn post_files(&mut self, path: &str, files: &[(&str, &str, &str)]) -> Page {
        let csrf = self
            .csrf
            .clone()
            .expect("a page with a form was loaded first");
        let boundary = "lattice-test-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
        );
        for (field, file_name, content) in files {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n{content}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    pub async fn post_file(
        &mut self,
        path: &str,
        field: &str,
        file_name: &str,
        content: &str,
    ) -> Page {
        let csrf = self
            .csrf
            .clone()
            .expect("a page with a form was loaded first");
        let boundary = "lattice-test-boundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n{content}\r\n--{boundary}--\r\n"
        );
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// A multipart form with the page's CSRF token, text fields and binary files (field,
    /// file name, bytes), as a browser sends an image upload.
    pub async fn post_form_data(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Page {
        let csrf = self
            .csrf
            .clone()
            .expect("a page with a form was loaded first");
        let boundary = "lattice-test-boundary-7d1c";
        let mut body = Vec::new();
        for (name, value) in std::iter::once(&("csrf", csrf.as_str())).chain(fields) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        for (field, file_name, content) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// Signs up through the form, follows the emailed confirmation link and signs in.
    pub async fn sign_up(&mut self, name: &str, email: &str, password: &str) -> Page {
        self.get("/sign-up").await;
        let asked = self
            .post(
                "/sign-up",
                &[
                    ("name", name),
                    ("email", email),
                    ("password", password),
                    ("confirm", password),
                ],
            )
            .await;
        assert_eq!(asked.status, StatusCode::OK, "sign-up: {}", asked.body);
        let link = self.app.link_in_mail(email, "/verify-email?token=").await;
        let path = link.trim_start_matches("http://lattice.test");
        let confirmed = self.get(path).await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
        self.get("/sign-in").await;
        let signed_in = self
            .post(
                "/sign-in",
                &[("email", email), ("password", password), ("next", "")],
            )
            .await;
        assert_eq!(
            signed_in.status,
            StatusCode::SEE_OTHER,
            "sign-in: {}",
            signed_in.body
        );
        self.get("/dashboard").await
    }

    pub async fn sign_in(&mut self, email: &str) -> Page {
        self.sign_in_with(email, demo::DEMO_PASSWORD).await
    }

    /// Signs in with this password (through a second factor when asked) and loads the
    /// dashboard.
    pub async fn sign_in_with(&mut self, email: &str, password: &str) -> Page {
        self.get("/sign-in").await;
        let page = self
            .post(
                "/sign-in",
                &[("email", email), ("password", password), ("next", "")],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email}: {}",
            page.body
        );
        let location = page.location.clone().unwrap_or_default();
        if location.starts_with("/sign-in/code") {
            self.second_factor_by_recovery_code(email).await;
        } else if location.starts_with("/sign-in/enrol") {
            self.enrol(&location).await;
        }
        // Load a signed-in page so the session's CSRF token is at hand.
        self.get("/dashboard").await
    }

    /// The password step alone, for a person with a second factor: asserts it leads to the
    /// code page and loads that page (its form token at hand).
    pub async fn password_then_code_page(&mut self, email: &str) -> Page {
        self.get("/sign-in").await;
        let first = self
            .post(
                "/sign-in",
                &[
                    ("email", email),
                    ("password", demo::DEMO_PASSWORD),
                    ("next", ""),
                ],
            )
            .await;
        assert!(
            first
                .location
                .as_deref()
                .is_some_and(|l| l.starts_with("/sign-in/code")),
            "sign-in of {email}: {}",
            first.body
        );
        self.get("/sign-in/code").await
    }

    /// The second step for a person with a second factor, for tests about something else:
    /// gives them one fresh recovery code and spends it. (TOTP codes work once per 30
    /// seconds, and tests sign the same person in more often; the TOTP path itself is tried
    /// in security_accounts.rs and the browser.)
    pub async fn second_factor_by_recovery_code(&mut self, email: &str) {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let code = format!(
            "TESTCODETESTCODE{:08}",
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let store = self.app.state.store();
        let (person, _) = store.person_by_email(email).await.expect("person");
        store
            .replace_recovery_codes(
                person.id,
                &[lattice_web::second_factor::recovery_code_hash(&code)],
            )
            .await
            .expect("recovery code");
        self.get("/sign-in/code").await;
        let done = self
            .post("/sign-in/code", &[("code", &code), ("next", "")])
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "second factor of {email}: {}",
            done.body
        );
    }

    /// Sets up the second factor from the enrolment page, as a person with an app would.
    /// Returns the recovery codes page.
    pub async fn enrol(&mut self, path: &str) -> Page {
        let form = self.get(path).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        let secret = secret_on(&form.body);
        let code = totp_now(&secret);
        let next = path.split("next=").nth(1).unwrap_or("");
        let next = serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("next={next}"))
            .expect("next")
            .pop()
            .map(|(_, v)| v)
            .unwrap_or_default();
        let done = self
            .post("/sign-in/enrol", &[("code", &code), ("next", &next)])
            .await;
        assert_eq!(done.status, StatusCode::OK, "enrolment: {}", done.body);
        assert!(done.body.contains("recovery-codes"), "{}", done.body);
        done
    }
}

/// The TOTP key shown on an enrolment page (`<code id="totp-secret">`), without its spaces.
pub fn secret_on(body: &str) -> String {
    let marker = "id=\"totp-secret\">";
    let start = body.find(marker).expect("the key on the page") + marker.len();
    let end = start + body[start..].find('<').expect("end of the key");
    body[start..end].replace(' ', "")
}

/// The current code of a base32 TOTP key, as an authenticator app shows it.
pub fn totp_now(secret: &str) -> String {
    totp_at(secret, chrono::Utc::now().timestamp())
}

/// The code of a base32 TOTP key at a time (seconds since 1970).
pub fn totp_at(secret: &str, at: i64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32 key");
    lattice_web::second_factor::totp(&bytes)
        .expect("totp")
        .generate(u64::try_from(at).expect("time"))
}

/// The recovery codes listed on the page shown after enrolment.
pub fn recovery_codes_on(body: &str) -> Vec<String> {
    let start = body.find("id=\"recovery-codes\"").expect("the codes");
    let end = start + body[start..].find("</ul>").expect("end of list");
    body[start..end]
        .split("<code>")
        .skip(1)
        .filter_map(|rest| rest.split("</code>").next())
        .map(str::to_string)
        .collect()
}

/// A running `smtp-sink`, killed on drop.
pub struct Sink {
    child: Child,
    pub port: u16,
    dir: PathBuf,
}

impl Sink {
    pub fn start(dir: &Path, fail_first: usize) -> Sink {
        Sink::start_on(dir, fail_first, 0)
    }

    /// On a given port (0: any free one), e.g. where a relay that stalled was.
    pub fn start_on(dir: &Path, fail_first: usize, port: u16) -> Sink {
        let child = Command::new(env!("CARGO_BIN_EXE_smtp-sink"))
            .args([
                "--dir",
                &dir.display().to_string(),
                "--fail-first",
                &fail_first.to_string(),
                "--port",
                &port.to_string(),
            ])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start smtp-sink");
        // Owned by the guard from here on, so a panic below (no banner) kills it too.
        let mut sink = Sink {
            child,
            port: 0,
            dir: dir.to_path_buf(),
        };
        let mut line = String::new();
        BufReader::new(sink.child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("banner");
        sink.port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("listening ADDR");
        sink
    }

    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("sink dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("message"))
            .collect()
    }

    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LATTICE_SMTP_HOST", "127.0.0.1".to_string()),
            ("LATTICE_SMTP_PORT", self.port.to_string()),
            ("LATTICE_SMTP_STARTTLS", "false".to_string()),
        ]
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A person who signs in with the demo password (Ana's hash), for tests that need someone
/// new: an endorsee, an applicant walked by the store.
pub async fn person_with_demo_password(
    store: &lattice_store::SharedStore,
    name: &str,
    email: &str,
) -> lattice_domain::ids::PersonId {
    let hash = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .1;
    store
        .create_person(&lattice_store::NewPerson {
            email: email.to_string(),
            name: name.to_string(),
            password_hash: hash,
            admin: false,
        })
        .await
        .expect("person")
}

/// Adds a reviewer to an association, endorsed in `endorsed`, without a password.
pub async fn add_reviewer(
    store: &lattice_store::SharedStore,
    slug: &str,
    email: &str,
    name: &str,
    endorsed: &[&str],
) -> lattice_domain::ids::PersonId {
    let association = store
        .association_by_slug(slug)
        .await
        .expect("association")
        .id;
    let id = store
        .create_person(&lattice_store::NewPerson {
            email: email.to_string(),
            name: name.to_string(),
            password_hash: None,
            admin: false,
        })
        .await
        .expect("reviewer");
    store
        .grant_staff(
            id,
            association,
            lattice_domain::rights::StaffRole::Reviewer,
            None,
        )
        .await
        .expect("role");
    let endorsed: Vec<String> = endorsed.iter().map(|t| (*t).to_string()).collect();
    store
        .set_reviewer_profile(id, "", &endorsed, chrono::Utc::now())
        .await
        .expect("profile");
    id
}

/// The association's membership record for a person, as its coordinator records it (for
/// tests about something else: renewal, endorsement). Ends on `until`.
pub async fn record_membership(
    store: &lattice_store::SharedStore,
    person: lattice_domain::ids::PersonId,
    association: &str,
    until: &str,
) {
    let association = store
        .association_by_slug(association)
        .await
        .expect("association");
    let ends_on = chrono::NaiveDate::parse_from_str(until, "%Y-%m-%d").expect("date");
    let now = chrono::Utc::now();
    store
        .record_membership(
            &lattice_store::NewMembership {
                person,
                association: association.id,
                member_number: format!("T-{}", person.0),
                kind: "individual".to_string(),
                starts_on: now.date_naive() - chrono::Duration::days(30),
                ends_on,
                recorded_by: None,
                recorded_at: now,
            },
            &lattice_store::NewAudit {
                at: now,
                actor: None,
                association: Some(association.id),
                subject: format!("person:{}", person.0),
                action: "record-membership".to_string(),
                reason: "test".to_string(),
            },
        )
        .await
        .expect("membership");
}
