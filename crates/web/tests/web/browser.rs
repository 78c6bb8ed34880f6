//! A new applicant's whole journey in real headless Chromium over WebDriver (chromedriver),
//! through the forms each person uses and nothing else: sign-up, registration, asking to
//! join the association, every portfolio section typed entry by entry (a second conference,
//! seen excluded), a transcript upload, the agreements signed, the coordinator recording the
//! membership and confirming the paid fee, three ratings completed through the links read
//! from the SMTP sink, the submission (the portfolio then read-only), and the coordinator
//! verifying the degree against its transcript until the application is complete.
//! Each page also passes an axe-core check: no serious or critical violations.
//!
//! Needs `/usr/bin/chromium`, `/usr/bin/chromedriver` and axe-core (`scripts/test` installs
//! them). Under `CI=true` a missing one fails the test instead of skipping it.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::support::Sink;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const PASSWORD: &str = "a long enough passphrase";

pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The axe-core script, or None (skip) outside CI when it is not installed.
pub(crate) fn axe_source() -> Option<String> {
    let path = std::env::var("LATTICE_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target/axe/node_modules/axe-core/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but axe-core is missing at {}: {e}", path.display())
        }
        Err(_) => {
            eprintln!(
                "axe-core not installed ({}); skipping the accessibility checks",
                path.display()
            );
            None
        }
    }
}

pub(crate) fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present && std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but Chromium or ChromeDriver is missing: the browser test must run");
    }
    if !present {
        eprintln!(
            "Chromium/ChromeDriver not installed; skipping the browser test (run ./scripts/test)"
        );
    }
    present
}

/// chromedriver on a free port, killed on drop.
pub(crate) struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    pub(crate) fn start() -> Driver {
        let port = StdListener::bind("127.0.0.1:0")
            .expect("free port")
            .local_addr()
            .expect("addr")
            .port();
        let mut child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Driver {
                    child,
                    url: format!("http://127.0.0.1:{port}"),
                };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("chromedriver did not start");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Killed (or sent SIGTERM), chromedriver leaves its Chromium running, so a test that
        // fails before closing its session would leave the browser behind: kill the browsers
        // it started first (Chromium's helper processes end with them), then chromedriver.
        let browsers = children_of(self.child.id());
        if !browsers.is_empty() {
            let _ = Command::new("kill").arg("-KILL").args(&browsers).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The pids of a process's children, from /proc (none where the kernel does not list them).
fn children_of(pid: u32) -> Vec<String> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

pub(crate) async fn browser(driver: &Driver, profile: &Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session")
}

/// The journey's browser, with the page checks it makes along the way.
pub(crate) struct Walk {
    pub client: Client,
    pub base: String,
    pub axe: Option<String>,
    pub shots: PathBuf,
    pub checked: Vec<String>,
}

impl Walk {
    /// A fresh Chromium (its own profile under `work`) on `base`, checking each page with
    /// axe-core when it is installed and saving screenshots under `target/browser-screenshots`.
    pub(crate) async fn open(driver: &Driver, work: &Path, base: &str) -> Walk {
        let shots = workspace().join("target/browser-screenshots");
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        Walk {
            client: browser(driver, &work.join("chromium")).await,
            base: base.to_string(),
            axe: axe_source(),
            shots,
            checked: Vec::new(),
        }
    }

    /// The same walk saving its screenshots in `target/browser-screenshots/{folder}`.
    pub(crate) fn in_folder(self, folder: &str) -> Walk {
        let shots = self.shots.join(folder);
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        Walk { shots, ..self }
    }

    pub(crate) async fn go(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    pub(crate) async fn source(&self) -> String {
        self.client.source().await.expect("page source")
    }

    /// Waits (bounded) until the page shows `text`: a submitted form may still be loading.
    pub(crate) async fn expect_text(&self, text: &str) -> String {
        let mut source = String::new();
        for _ in 0..100 {
            source = self.source().await;
            if source.contains(text) {
                return source;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the page never showed {text:?}; it shows:\n{source}");
    }

    pub(crate) async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("url")
            .path()
            .to_string()
    }

    /// Adds one `lattice-portfolio/1` entry through its section's form, field by field, and
    /// waits for it to be listed.
    pub(crate) async fn add_entry(&self, section: &str, entry: &Value) {
        self.go(&format!("/portfolio/{section}")).await;
        let mut fields: Vec<(String, &Value)> = Vec::new();
        for (key, value) in entry.as_object().expect("an entry is an object") {
            match value {
                Value::Object(inner) => {
                    for (inner_key, inner_value) in inner {
                        fields.push((format!("{key}.{inner_key}"), inner_value));
                    }
                }
                _ => fields.push((key.clone(), value)),
            }
        }
        for (name, value) in fields {
            let id = format!("f-{}", name.replace('.', "-"));
            match value {
                Value::Null => {}
                Value::Bool(checked) => {
                    if *checked {
                        self.click(&format!("#{id}")).await;
                    }
                }
                Value::Array(items) => {
                    for item in items {
                        let item = item.as_str().expect("a listed value");
                        self.click(&format!("input[name='{name}'][value='{item}']"))
                            .await;
                    }
                }
                Value::Number(number) => self.fill(&id, &number.to_string()).await,
                Value::String(text) => {
                    let kind = self
                        .client
                        .find(Locator::Id(&id))
                        .await
                        .unwrap_or_else(|e| panic!("#{id}: {e}"));
                    let tag = kind.tag_name().await.expect("tag");
                    let input_type = kind.attr("type").await.expect("type");
                    if tag == "select" {
                        self.select(&id, text).await;
                    } else if input_type.as_deref() == Some("date") {
                        self.set(&id, text).await;
                    } else {
                        self.fill(&id, text).await;
                    }
                }
                Value::Object(_) => unreachable!("nested objects are flattened above"),
            }
        }
        self.click("form.entry-form button[type=submit]").await;
        let listed = entry
            .get("title")
            .or_else(|| entry.get("employer"))
            .or_else(|| entry.get("degree"))
            .or_else(|| entry.pointer("/provider/name"))
            .and_then(Value::as_str)
            .expect("a name to find the entry by");
        let page = self.expect_text(&format!("{listed} ·")).await;
        assert!(
            !page.contains("Please fix"),
            "{section} entry refused: {page}"
        );
    }

    pub(crate) async fn fill(&self, id: &str, text: &str) {
        // Found again when the page replaced the field in between (a stale element), as clicks are.
        for attempt in 1..=5 {
            let field = self
                .client
                .find(Locator::Id(id))
                .await
                .unwrap_or_else(|e| panic!("#{id}: {e}"));
            let typed = match field.clear().await {
                Ok(()) => field.send_keys(text).await,
                Err(e) => Err(e),
            };
            match typed {
                Ok(()) => return,
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference
                        && attempt < 5 =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("type into #{id}: {e}"),
            }
        }
    }

    /// Sets a value directly (date inputs take typed keys in the browser's locale format).
    pub(crate) async fn set(&self, id: &str, value: &str) {
        self.client
            .execute(
                "document.getElementById(arguments[0]).value = arguments[1];",
                vec![json!(id), json!(value)],
            )
            .await
            .expect("set value");
    }

    pub(crate) async fn select(&self, id: &str, value: &str) {
        self.client
            .find(Locator::Id(id))
            .await
            .expect("select")
            .select_by_value(value)
            .await
            .expect("choose");
    }

    pub(crate) async fn click(&self, css: &str) {
        self.click_found(Locator::Css(css), css).await;
    }

    pub(crate) async fn click_button(&self, text: &str) {
        let xpath = format!("//button[normalize-space()='{text}']");
        self.click_found(Locator::XPath(&xpath), &format!("button {text:?}"))
            .await;
    }

    /// Finds and clicks, finding again when the page replaced the element in between (seen in
    /// CI under load: a stale element reference). A stale element is refused before any click
    /// is dispatched, so trying again cannot click twice.
    async fn click_found(&self, locator: Locator<'_>, what: &str) {
        for attempt in 1..=5 {
            let element = self
                .client
                .find(locator)
                .await
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            match element.click().await {
                Ok(()) => return,
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference
                        && attempt < 5 =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click {what}: {e}"),
            }
        }
    }

    /// Screenshot for review and an axe-core run: no serious or critical violations.
    pub(crate) async fn check(&mut self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{name}.png")), png).expect("save screenshot");
        let Some(axe) = &self.axe else { return };
        self.client
            .execute(axe, vec![])
            .await
            .expect("inject axe-core");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
                          v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        let violations: Vec<String> = match found {
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().unwrap_or("?").to_string())
                .collect(),
            other => vec![format!("unexpected axe result {other}")],
        };
        assert!(violations.is_empty(), "{name}: {violations:#?}");
        self.checked.push(name.to_string());
    }

    /// On the application's page, the coordinator marks the registration fee paid and records
    /// the membership the applicant asked for (Individual, a year from today) as `number`: the
    /// association's record, answering the applicant's request.
    pub(crate) async fn fee_and_membership_recorded(&self, number: &str) {
        self.click_button("Mark paid (Registration fee, $20)").await;
        self.expect_text("Paid ").await;
        self.expect_text("Asked to join or renew as Individual")
            .await;
        let today = chrono::Utc::now().date_naive();
        self.fill("member-number", number).await;
        self.select("member-kind", "individual").await;
        self.set("member-starts", &today.to_string()).await;
        let ends = (today + chrono::Duration::days(365)).to_string();
        self.set("member-ends", &ends).await;
        self.click_button("Record membership").await;
        self.expect_text(&format!("member no. {number}")).await;
    }

    pub(crate) async fn sign_in(&self, email: &str, password: &str) {
        self.go("/sign-in").await;
        self.fill("email", email).await;
        self.fill("password", password).await;
        self.click("form.stack button[type=submit]").await;
        // Staff are asked for the code from their app next (demo staff share one key).
        let page = self
            .expect_either("Welcome,", "Enter your sign-in code")
            .await;
        if !page.contains("Welcome,") {
            let code = next_totp_code(
                &format!("{}|{email}", self.base),
                lattice_web::demo::DEMO_TOTP_SECRET,
            )
            .await;
            self.fill("code", &code).await;
            self.click("form.stack button[type=submit]").await;
            self.expect_text("Welcome,").await;
        }
    }

    /// Waits (bounded) until the browser is at `path`: after a click the old page may still
    /// be the current one for a moment (seen in CI under load).
    pub(crate) async fn expect_path(&self, path: &str) {
        for _ in 0..100 {
            if self.path().await == path {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(self.path().await, path);
    }

    /// The second-factor key the enrolment page shows, without its spaces.
    pub(crate) async fn totp_key_on_page(&self) -> String {
        self.client
            .find(Locator::Id("totp-secret"))
            .await
            .expect("the key")
            .text()
            .await
            .expect("key text")
            .replace(' ', "")
    }

    /// Waits (bounded) until the page shows one of two texts.
    pub(crate) async fn expect_either(&self, one: &str, other: &str) -> String {
        let mut source = String::new();
        for _ in 0..100 {
            source = self.source().await;
            if source.contains(one) || source.contains(other) {
                return source;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the page never showed {one:?} or {other:?}; it shows:\n{source}");
    }

    pub(crate) async fn sign_out(&self) {
        self.click_button("Sign out").await;
        self.expect_text("from first training to renewal").await;
    }
}

/// A TOTP code for `key`'s person that the server has not seen used: a code works once, so
/// a second sign-in takes the next step's code (accepted a step early), and a third within
/// the same 30 seconds waits for the clock. `who` names the server and person.
pub(crate) async fn next_totp_code(who: &str, key: &str) -> String {
    static USED: std::sync::Mutex<Vec<(String, i64)>> = std::sync::Mutex::new(Vec::new());
    let last = USED
        .lock()
        .expect("steps")
        .iter()
        .filter(|(w, _)| w == who)
        .map(|(_, step)| *step)
        .max()
        .unwrap_or(0);
    loop {
        let now = chrono::Utc::now().timestamp();
        let current = now / 30;
        let step = current.max(last + 1);
        if step <= current + 1 {
            USED.lock().expect("steps").push((who.to_string(), step));
            return crate::support::totp_at(key, step * 30);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The service on a real loopback port with the demo data, mail going to the sink.
pub(crate) struct Served {
    pub config: lattice_web::Config,
    pub store: lattice_store::SharedStore,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Served {
    pub async fn start(work: &Path, sink: &Sink) -> Served {
        let data = work.join("data");
        let mut env: Vec<(String, String)> = sink
            .env()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        env.extend([
            ("LATTICE_BIND".to_string(), "127.0.0.1:0".to_string()),
            ("LATTICE_DATA_DIR".to_string(), data.display().to_string()),
            ("LATTICE_MAIL_POLL_MS".to_string(), "50".to_string()),
        ]);
        std::fs::create_dir_all(&data).expect("data dir");
        let mut config = lattice_web::Config::load(None, env).expect("config");
        let store = lattice_store::testing::open(&lattice_store::testing::sqlite_url_in(&data))
            .await
            .expect("store");
        let probe = StdListener::bind("127.0.0.1:0").expect("port");
        config.bind = probe.local_addr().expect("addr");
        drop(probe);
        config.base_url = format!("http://{}", config.bind);
        let app = lattice_web::Application::build_with_store(config.clone(), store.clone())
            .await
            .expect("build");
        lattice_web::demo::load(app.state()).await.expect("demo");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        Served {
            config,
            store,
            stop,
            server,
        }
    }

    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.server.await.expect("server task").expect("server");
    }
}

/// The path of the first link in a mail from the sink whose path starts with `path`. Long
/// lines arrive quoted-printable: soft line breaks are joined and `=3D` read as `=` first.
pub(crate) fn link_in_message(message: &str, path: &str) -> String {
    let text = message
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = text.find(path).expect("the link in the mail");
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// The first message the sink received for `recipient` with `subject`, waiting (bounded).
pub(crate) async fn wait_for_mail(sink: &Sink, recipient: &str, subject: &str) -> String {
    for _ in 0..300 {
        let found = sink
            .messages()
            .into_iter()
            .find(|m| m.contains(&format!("To: {recipient}")) && m.contains(subject));
        if let Some(message) = found {
            return message;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no mail to {recipient} about {subject:?} reached the SMTP sink");
}

#[tokio::test]
async fn a_new_applicant_walks_from_sign_up_to_submission() {
    if !browser_available() {
        return;
    }
    let axe = axe_source();
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);

    let served = Served::start(work.path(), &sink).await;
    let config = served.config.clone();

    let driver = Driver::start();
    let shots = workspace().join("target/browser-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let client = browser(&driver, &work.path().join("chromium")).await;
    let mut walk = Walk {
        client,
        base: config.base_url.clone(),
        axe,
        shots,
        checked: Vec::new(),
    };

    // Sign up.
    walk.go("/sign-up").await;
    walk.check("sign-up").await;
    walk.fill("name", "Noor Haddad").await;
    walk.fill("email", "noor@example.org").await;
    walk.fill("password", PASSWORD).await;
    walk.fill("confirm", PASSWORD).await;
    walk.click("form.stack button[type=submit]").await;
    walk.expect_text("Check your email").await;
    walk.check("sign-up-sent").await;

    // She confirms her address with the emailed link, then signs in and lands on registering.
    let confirmation = wait_for_mail(&sink, "noor@example.org", "Confirm your email").await;
    let link = link_in_message(&confirmation, "/verify-email?token=");
    walk.go(&link).await;
    walk.expect_text("Your email is confirmed").await;
    walk.click("a[href='/sign-in?next=/register']").await;
    walk.expect_path("/sign-in").await;
    walk.fill("email", "noor@example.org").await;
    walk.fill("password", PASSWORD).await;
    walk.click("form.stack button[type=submit]").await;
    walk.expect_path("/register").await;

    // Register for IFS, first too early (the page explains), then four weeks out.
    walk.check("register").await;
    walk.select("category", "IFS").await;
    let soon = (chrono::Utc::now() + chrono::Duration::days(7))
        .date_naive()
        .to_string();
    walk.set("intended", &soon).await;
    walk.expect_text("needs 4 weeks after you register").await;
    walk.click("form.card button[type=submit]").await;
    // The date field's minimum holds the form back in the browser; the server refuses it too
    // (the router tests show its message).
    assert_eq!(walk.path().await, "/register");
    walk.select("category", "IFS").await;
    let later = (chrono::Utc::now() + chrono::Duration::days(45))
        .date_naive()
        .to_string();
    walk.set("intended", &later).await;
    walk.click("form.card button[type=submit]").await;
    walk.expect_text("Registered, awaiting confirmation").await;
    let application_path = walk.path().await;
    assert!(
        application_path.starts_with("/applications/"),
        "{application_path}"
    );
    walk.expect_text("Registered, awaiting confirmation").await;
    walk.check("application-registered").await;

    // She asks to join MassAIMH from her portfolio; the coordinator records it below.
    walk.go("/portfolio").await;
    walk.check("portfolio").await;
    walk.click("#membership summary").await;
    walk.select("join-kind", "individual").await;
    walk.click("form[action='/membership/request'] button[type=submit]")
        .await;
    walk.expect_text("You asked to join or renew (Individual)")
        .await;

    // Every section through its form, entry by entry, as she would type them: the entries of
    // examples/ana-ruiz.json (no import; ratings, membership and signatures come below from
    // the raters, the association and the agreements page).
    let document: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("examples/ana-ruiz.json")).expect("example"),
    )
    .expect("JSON");
    for section in ["education", "trainings", "work", "rsc"] {
        for entry in document[section].as_array().expect("entries") {
            walk.add_entry(section, entry).await;
        }
    }
    walk.go("/portfolio").await;
    walk.expect_text("8 entries").await;

    // A training at a further conference: listed, and shown as not counted.
    walk.go("/portfolio/trainings").await;
    walk.fill("f-title", "Autumn Summit keynote").await;
    walk.set("f-date", "2025-10-02").await;
    walk.fill("f-hours", "8").await;
    walk.select("f-kind", "conference").await;
    walk.fill("f-conference", "Autumn Summit 2025").await;
    walk.click("input[name=competencies][value=attachment-separation-trauma-grief-loss]")
        .await;
    walk.click("form.entry-form button[type=submit]").await;
    let trainings = walk
        .expect_text("The training 'Autumn Summit keynote' (2025-10-02): another conference")
        .await;
    assert!(
        trainings.contains("Autumn Summit keynote · MassAIMH")
            || trainings.contains("Autumn Summit keynote")
    );
    assert!(
        trainings.contains("The training 'Autumn Summit keynote' (2025-10-02)"),
        "the panel lists it as not counted"
    );
    assert!(trainings.contains("another conference"));
    walk.check("trainings").await;

    // A transcript, checked by content.
    let pdf = work.path().join("transcript.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
    )
    .expect("pdf");
    walk.go("/portfolio/education").await;
    walk.client
        .find(Locator::Id("transcript-file"))
        .await
        .expect("file input")
        .send_keys(&pdf.display().to_string())
        .await
        .expect("choose file");
    // For the degree listed above.
    walk.click("#transcript-entry option:nth-of-type(2)").await;
    walk.click("form[action='/portfolio/education/transcripts'] button[type=submit]")
        .await;
    walk.expect_text("transcript.pdf").await;
    walk.check("education").await;

    // Both agreements, signed by typed name.
    walk.go("/portfolio/agreements").await;
    walk.fill("sign-ethics", "Noor Haddad").await;
    walk.click("form:has(#sign-ethics) button").await;
    // The signed chip, not the word: the page before the post may already say "Signed" elsewhere.
    walk.expect_text("chip chip-met\">Signed ").await;
    walk.fill("sign-agreement", "Noor Haddad").await;
    walk.click("form:has(#sign-agreement) button").await;
    let today = chrono::Utc::now().date_naive().to_string();
    for _ in 0..100 {
        if walk
            .source()
            .await
            .matches(&format!("Signed {today}"))
            .count()
            == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let signed = walk.source().await;
    assert_eq!(
        signed.matches(&format!("Signed {today}")).count(),
        2,
        "both agreements signed"
    );
    walk.check("agreements").await;

    // The coordinator records the fee and confirms the registration.
    walk.sign_out().await;
    walk.sign_in(
        "coordinator@massaimh.test",
        lattice_web::demo::DEMO_PASSWORD,
    )
    .await;
    walk.go(&application_path).await;
    walk.check("application-coordinator").await;
    walk.fee_and_membership_recorded("M-30517").await;
    walk.check("application-membership").await;
    walk.click_button("Confirm membership and fee").await;
    walk.expect_text("Building portfolio").await;
    walk.sign_out().await;

    // The applicant asks three raters; each rates from the link in their mail, without an
    // account.
    let raters = [
        ("Karen Lowe", "karen@example.org", "program-supervisor"),
        ("Dr. Lena Ortiz", "lena@example.org", "rsc-provider"),
        ("Dr. Ruth Ames", "ruth@example.org", "colleague"),
    ];
    for (i, (name, email, role)) in raters.into_iter().enumerate() {
        walk.sign_in("noor@example.org", PASSWORD).await;
        if i == 0 {
            walk.go(&application_path).await;
            walk.expect_text("Still needed: Reference ratings").await;
        }
        walk.go("/portfolio/references").await;
        walk.fill("rater-name", name).await;
        walk.fill("rater-email", email).await;
        walk.select("rater-role", role).await;
        walk.click("form[action='/portfolio/references/request'] button[type=submit]")
            .await;
        walk.expect_text(&format!("{email})")).await;
        if i == 0 {
            walk.check("references").await;
        }
        let invitation = wait_for_mail(&sink, email, "reference rating").await;
        let start = invitation
            .find("/rate/")
            .expect("a rating link in the mail");
        let link: String = invitation[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        walk.sign_out().await;
        walk.go(&link).await;
        if i == 0 {
            walk.check("rating-form").await;
        }
        walk.client
            .execute("document.querySelectorAll('input[type=radio][value=consistently]').forEach(r => r.click());", vec![])
            .await
            .expect("answer");
        walk.set("known_since", "2019-09-01").await;
        walk.fill(
            "comments",
            &format!("{name} has seen Noor's home visits since 2019."),
        )
        .await;
        walk.click_button("Submit the rating").await;
        walk.expect_text("Thank you for your rating").await;
        walk.go(&link).await;
        walk.expect_text("This link no longer works").await;
    }

    // Everything is met: the applicant submits.
    walk.sign_in("noor@example.org", PASSWORD).await;
    walk.go("/portfolio/coverage").await;
    walk.check("coverage").await;
    walk.go(&application_path).await;
    assert!(
        !walk.source().await.contains("Still needed:"),
        "{}",
        walk.source().await
    );
    // Submitting cannot be undone: the box saying so holds the form until it is ticked.
    walk.click("#confirm-submit").await;
    walk.click_button("Submit portfolio for review").await;
    let submitted = walk.expect_text("chip state-submitted").await;
    assert!(submitted.contains("chip state-submitted"), "submitted");
    assert!(submitted.contains("Processing fee, $100"));
    walk.check("application-submitted").await;
    wait_for_mail(&sink, "noor@example.org", "We received your IFS portfolio").await;
    // Submitted: the portfolio is read-only until the coordinator returns it.
    walk.go("/portfolio/trainings").await;
    let frozen = walk
        .expect_text("is read-only while the association reviews it")
        .await;
    assert!(
        !frozen.contains("id=\"entry-form\""),
        "no form to add or edit"
    );
    walk.go("/portfolio/references").await;
    let references = walk
        .expect_text("3 ratings sent by the rater through the emailed link")
        .await;
    assert!(
        references.contains("Source: "),
        "each requirement names its source"
    );
    walk.check("portfolio-frozen").await;

    // The coordinator records the processing fee and checks the degree against the
    // transcript she uploaded; then nothing is missing.
    walk.sign_out().await;
    walk.sign_in(
        "coordinator@massaimh.test",
        lattice_web::demo::DEMO_PASSWORD,
    )
    .await;
    walk.go(&application_path).await;
    walk.click_button("Mark paid (Processing fee, $100)").await;
    walk.expect_text("Paid ").await;
    walk.go(&format!("{application_path}/review")).await;
    let desk = walk.expect_text("is not verified yet").await;
    assert!(
        desk.contains("transcript.pdf"),
        "the transcript is on the page"
    );
    walk.click("button[value=verified]").await;
    walk.expect_text("Verified against the official transcript by")
        .await;
    walk.expect_text("Every requirement is met and every fee is paid.")
        .await;
    walk.check("review-transcripts").await;

    // Review starts; the coordinator assigns two reviewers from the candidates table.
    walk.click_button("Portfolio complete: start review").await;
    walk.expect_text("chip state-under-review").await;
    let id: i64 = application_path
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("the application's id");
    for reviewer in ["Dr. Lee Chen", "Priya Natarajan"] {
        walk.go(&format!("{application_path}/review")).await;
        walk.click_button(&format!("Assign {reviewer}")).await;
        walk.expect_text(&format!("<li>{reviewer}")).await;
    }

    // Each reviewer reads the evidence: the transcript, every rating's answers and comments,
    // why a training did not count; then ticks what the evidence shows and recommends.
    for (reviewer, comments) in [
        (
            "reviewer1@massaimh.test",
            "Transcript, ratings and hours all check out.",
        ),
        (
            "reviewer2@massaimh.test",
            "Agree: the evidence supports IFS.",
        ),
    ] {
        walk.as_demo(reviewer).await;
        walk.go(&format!("{application_path}/review")).await;
        walk.click("#evidence-link").await;
        let evidence = walk.expect_text("Evidence: Noor Haddad").await;
        for expected in [
            "transcript.pdf",
            "Not counted: focused on adolescents",
            "Not counted: another conference, \"Autumn Summit 2025\"",
            "Karen Lowe has seen Noor's home visits since 2019.",
            "Dr. Ruth Ames has seen Noor's home visits since 2019.",
            "Sent by the rater through the emailed link",
            "Signed ",
        ] {
            assert!(evidence.contains(expected), "{expected}: {evidence}");
        }
        assert_eq!(
            evidence
                .matches("<td>Consistently demonstrates</td>")
                .count()
                % 3,
            0,
            "three raters answered every area they were asked"
        );
        assert!(evidence.contains("<td>Consistently demonstrates</td>"));
        if reviewer.starts_with("reviewer1") {
            walk.check("evidence-desktop").await;
            walk.client
                .set_window_size(820, 1180)
                .await
                .expect("tablet width");
            walk.check("evidence-tablet").await;
            walk.client
                .set_window_size(1280, 1024)
                .await
                .expect("desktop width");
        }
        // The transcript opens in the browser itself.
        let open = walk
            .client
            .find(Locator::Css("ul.transcripts a[target=_blank]"))
            .await
            .expect("an open link")
            .attr("href")
            .await
            .expect("href")
            .expect("a link");
        walk.go(&open).await;
        let kind = walk
            .client
            .execute("return document.contentType;", vec![])
            .await
            .expect("content type");
        assert_eq!(kind, json!("application/pdf"));
        // The form shows, under each tick, what it rests on.
        walk.go(&format!("{application_path}/review")).await;
        let form = walk.expect_text("Your review").await;
        assert!(
            form.contains("Training: Attachment and Loss in the First Years"),
            "{form}"
        );
        assert!(form.contains("Rating by Karen Lowe (shows, does not document)"));
        if reviewer.starts_with("reviewer1") {
            walk.check("review-form-evidence").await;
        }
        walk.review(id, "endorse", comments, None).await;
    }
    walk.as_demo("coordinator@massaimh.test").await;
    walk.decide(id, "endorse", None).await;
    walk.expect_text("chip state-endorsed").await;

    if walk.axe.is_some() {
        assert!(walk.checked.len() >= 15, "axe ran on {:?}", walk.checked);
    }
    walk.client.close().await.expect("close the browser");
    served.stop().await;
}
