//! The screenshot tour: every page each role reaches on the demo data, at a desktop width
//! (1366 px) and a phone width (390 px), saved under `target/browser-screenshots/tour/` to be
//! looked at page by page. The pages are found by following the links each role sees, from
//! where that role starts, so a new page joins the tour without being listed here. Each page
//! passes axe-core (no serious or critical violations) at both widths and, at phone width,
//! does not scroll sideways: on a phone a page that does is read by panning line by line.
//!
//! One page of each kind is visited (`/applications/7` and `/applications/9` are one kind):
//! the tour is for looking, and CI time matters.

use std::collections::{BTreeSet, VecDeque};
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use crate::browser::{
    Driver, Served, Walk, axe_source, browser, browser_available, link_in_message, wait_for_mail,
    workspace,
};
use crate::support::Sink;

const DESKTOP: u32 = 1366;
const PHONE: u32 = 390;
/// The height a page is first shown at, and the most a screenshot shows of it: long pages are
/// cut there (their tops hold what a person looks at first, and a taller picture is hard to
/// read on a screen anyway).
const SCREEN: u32 = 900;
const TALLEST: u32 = 4000;

/// Where a link leads that is not a page to look at: files, machine-readable documents, and
/// the JSON API (its own contract test covers it).
fn not_a_page(path: &str) -> bool {
    const SKIPPED_PREFIXES: [&str; 5] =
        ["/api/", "/uploads/", "/static/", "/.well-known/", "/rate/"];
    const SKIPPED_ENDINGS: [&str; 7] = [".pdf", ".json", ".jwt", ".csv", ".svg", ".js", ".css"];
    SKIPPED_PREFIXES.iter().any(|p| path.starts_with(p))
        || SKIPPED_ENDINGS.iter().any(|e| path.ends_with(e))
        || path.contains("/status/")
        || path.contains("/keys/")
}

/// A page's kind: its path with identifiers and names of things (an association, a
/// category, a credential number) replaced, so that one of each kind is visited.
fn kind(path: &str) -> String {
    const NAMED_AFTER: [&str; 8] = [
        "a",
        "staff",
        "achievements",
        "verify",
        "credentials",
        "applications",
        "renewal",
        "rate",
    ];
    let mut out = Vec::new();
    let mut previous = "";
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if NAMED_AFTER.contains(&previous) || segment.chars().any(|c| c.is_ascii_digit()) {
            out.push("_");
        } else {
            out.push(segment);
        }
        previous = segment;
    }
    format!("/{}", out.join("/"))
}

/// The screenshot's file name for a page kind: `/staff/_/assign` → `staff-_-assign`.
fn shot_name(kind: &str) -> String {
    let name = kind.trim_matches('/').replace('/', "-");
    if name.is_empty() {
        "home".to_string()
    } else {
        name
    }
}

fn shots() -> PathBuf {
    let dir = workspace().join("target/browser-screenshots/tour");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

async fn read(walk: &Walk, expression: &str) -> Value {
    walk.client
        .execute(&format!("return ({expression});"), vec![])
        .await
        .unwrap_or_else(|e| panic!("read {expression}: {e}"))
}

/// axe-core's serious and critical violations on the page as it is now, in a line each.
async fn axe(walk: &Walk) -> Vec<String> {
    let Some(axe) = &walk.axe else {
        return Vec::new();
    };
    walk.client
        .execute(axe, vec![])
        .await
        .expect("inject axe-core");
    let found = walk
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
    match found {
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().unwrap_or("?").to_string())
            .collect(),
        other => vec![format!("unexpected axe result {other}")],
    }
}

/// What the tour found wrong, all of it, so one run lists every page to fix.
#[derive(Default)]
struct Findings {
    pages: Vec<String>,
    problems: Vec<String>,
}

impl Findings {
    fn assert_none(&self, role: &str) {
        eprintln!(
            "{role}: toured {} pages: {:?}",
            self.pages.len(),
            self.pages
        );
        assert!(
            self.problems.is_empty(),
            "{role}: {} problems:\n{}",
            self.problems.len(),
            self.problems.join("\n")
        );
    }
}

/// The page as it is now, at one width: a screenshot as tall as the page (up to `TALLEST`),
/// axe-core, and at phone width the sideways-scroll check.
async fn look(walk: &Walk, name: &str, width: u32, findings: &mut Findings) {
    walk.client
        .set_window_size(width, SCREEN)
        .await
        .expect("window size");
    let inner = read(walk, "window.innerWidth").await;
    let scroll = read(walk, "document.scrollingElement.scrollWidth").await;
    if scroll.as_f64() > inner.as_f64() {
        // Which elements stick out (the innermost ones), to say where to look.
        let wide = read(
            walk,
            "Array.from(document.querySelectorAll('body *')) \
               .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1) \
               .filter(e => !Array.from(e.children).some(c => \
                  c.getBoundingClientRect().right > window.innerWidth + 1)) \
               .slice(0, 4) \
               .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
                  (e.className ? '.' + e.className : '') + ' \"' + \
                  (e.textContent || '').trim().slice(0, 40) + '\"') \
               .join(', ')",
        )
        .await;
        findings.problems.push(format!(
            "{name} at {width} px scrolls sideways: {scroll} px wide in {inner} px ({wide})"
        ));
    }
    let height = read(walk, "document.scrollingElement.scrollHeight").await;
    let height = (height.as_f64().unwrap_or(f64::from(SCREEN)) as u32).clamp(SCREEN, TALLEST);
    walk.client
        .set_window_size(width, height)
        .await
        .expect("window size");
    let png = walk.client.screenshot().await.expect("screenshot");
    std::fs::write(walk.shots.join(format!("{name}-{width}.png")), png).expect("save screenshot");
    for violation in axe(walk).await {
        findings
            .problems
            .push(format!("{name} at {width} px: {violation}"));
    }
}

/// Visits `starts` and every page reachable from them by links, one of each kind, at both
/// widths. Names the screenshots `{role}-{kind}-{width}.png`.
async fn tour(walk: &Walk, role: &str, starts: &[&str], findings: &mut Findings) {
    let mut queue: VecDeque<String> = starts.iter().map(|s| s.to_string()).collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        let page_kind = kind(path.split('?').next().unwrap_or(&path));
        if !seen.insert(page_kind.clone()) {
            continue;
        }
        walk.client
            .set_window_size(DESKTOP, SCREEN)
            .await
            .expect("window size");
        walk.go(&path).await;
        // A link that ends elsewhere (a redirect) is the page it ends on.
        let landed = kind(&walk.path().await);
        if landed != page_kind && !seen.insert(landed.clone()) {
            continue;
        }
        let name = format!("{role}-{}", shot_name(&landed));
        let links = read(
            walk,
            "Array.from(document.querySelectorAll('a[href]')) \
               .filter(a => a.origin === location.origin) \
               .map(a => a.pathname + a.search)",
        )
        .await;
        for link in links.as_array().into_iter().flatten() {
            let link = link.as_str().unwrap_or("/").to_string();
            if !not_a_page(&link) && !seen.contains(&kind(link.split('?').next().unwrap_or("/"))) {
                queue.push_back(link);
            }
        }
        look(walk, &name, DESKTOP, findings).await;
        look(walk, &name, PHONE, findings).await;
        findings.pages.push(format!("{landed} ({path})"));
    }
}

struct Session {
    work: tempfile::TempDir,
    sink: Sink,
    served: Served,
    _driver: Driver,
    walk: Walk,
}

async fn start() -> Session {
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let client = browser(&driver, &work.path().join("chromium")).await;
    let walk = Walk {
        client,
        base: served.config.base_url.clone(),
        axe: axe_source(),
        shots: shots(),
        checked: Vec::new(),
    };
    Session {
        work,
        sink,
        served,
        _driver: driver,
        walk,
    }
}

impl Session {
    async fn finish(self) {
        let _ = self.walk.client.close().await;
        self.served.stop().await;
        drop(self.work);
    }
}

/// The page as printed: Chromium's own print-to-PDF of the page as the browser holds it, the
/// stylesheet inlined (the PDF is made apart from the session), saved beside the screenshots
/// (`pdftoppm -png` turns it into pictures to look at).
async fn print(walk: &Walk, name: &str) {
    let css = std::fs::read_to_string(workspace().join("crates/web/static/app.css")).expect("css");
    let page = walk.source().await;
    let link = r#"<link rel="stylesheet" href="/static/app.css">"#;
    assert!(page.contains(link), "{name}: the stylesheet link moved");
    let html = walk.shots.join(format!("{name}-print.html"));
    let pdf = walk.shots.join(format!("{name}-print.pdf"));
    std::fs::write(&html, page.replace(link, &format!("<style>{css}</style>"))).expect("html");
    let _ = std::fs::remove_file(&pdf);
    let status = std::process::Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", html.display()),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium");
    assert!(status.success(), "{name}: print-to-PDF failed");
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF"), "{name}: not a PDF");
}

/// Signs in and tours from the dashboard.
async fn tour_signed_in(role: &str, email: &str) {
    if !browser_available() {
        return;
    }
    let session = start().await;
    session
        .walk
        .sign_in(email, lattice_web::demo::DEMO_PASSWORD)
        .await;
    let mut findings = Findings::default();
    tour(&session.walk, role, &["/dashboard"], &mut findings).await;
    // The printable summary on paper, where the role reaches it.
    if findings
        .pages
        .iter()
        .any(|p| p.starts_with("/portfolio/summary "))
    {
        session.walk.go("/portfolio/summary").await;
        print(&session.walk, &format!("{role}-summary")).await;
    }
    session.finish().await;
    findings.assert_none(role);
}

#[tokio::test]
async fn tour_of_the_public_pages() {
    if !browser_available() {
        return;
    }
    let session = start().await;
    let mut findings = Findings::default();
    // What a visitor is sent to by a search or a typed number, besides what links reach.
    tour(
        &session.walk,
        "public",
        &["/", "/registry", "/verify", "/sign-up", "/forgot-password"],
        &mut findings,
    )
    .await;
    session.finish().await;
    findings.assert_none("public");
}

#[tokio::test]
async fn tour_of_ana_building_her_portfolio() {
    tour_signed_in("ana", "ana@example.org").await;
}

#[tokio::test]
async fn tour_of_jack_endorsed() {
    tour_signed_in("jack", "jack.osei@example.org").await;
}

#[tokio::test]
async fn tour_of_the_reviewer() {
    tour_signed_in("reviewer", "reviewer1@massaimh.test").await;
}

#[tokio::test]
async fn tour_of_the_coordinator() {
    tour_signed_in("coordinator", "coordinator@massaimh.test").await;
}

#[tokio::test]
async fn tour_of_the_admin() {
    tour_signed_in("admin", "admin@alliance.test").await;
}

/// The rater reaches two pages, through the emailed link: the rating form and the thanks.
#[tokio::test]
async fn tour_of_the_rater() {
    if !browser_available() {
        return;
    }
    let session = start().await;
    let walk = &session.walk;
    walk.sign_in("ana@example.org", lattice_web::demo::DEMO_PASSWORD)
        .await;
    walk.go("/portfolio/references").await;
    walk.fill("rater-name", "Dr. Ruth Ames").await;
    walk.fill("rater-email", "ruth@example.org").await;
    walk.select("rater-role", "colleague").await;
    walk.click("form[action='/portfolio/references/request'] button[type=submit]")
        .await;
    walk.expect_text("ruth@example.org)").await;
    let invitation = wait_for_mail(&session.sink, "ruth@example.org", "reference rating").await;
    let link = link_in_message(&invitation, "/rate/");
    walk.sign_out().await;

    let mut findings = Findings::default();
    walk.go(&link).await;
    walk.expect_text("known").await;
    look(walk, "rater-rate", DESKTOP, &mut findings).await;
    look(walk, "rater-rate", PHONE, &mut findings).await;
    walk.client
        .set_window_size(DESKTOP, SCREEN)
        .await
        .expect("window size");
    walk.client
        .execute(
            "document.querySelectorAll('input[type=radio][value=consistently]').forEach(r => r.click());",
            vec![],
        )
        .await
        .expect("answer");
    walk.set("known_since", "2019-09-01").await;
    walk.click_button("Submit the rating").await;
    walk.expect_text("Thank you for your rating").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    look(walk, "rater-thanks", DESKTOP, &mut findings).await;
    look(walk, "rater-thanks", PHONE, &mut findings).await;
    findings.pages.extend([link, "thanks".to_string()]);
    session.finish().await;
    findings.assert_none("rater");
}

#[test]
fn a_page_kind_stands_for_every_page_like_it() {
    assert_eq!(kind("/applications/42/review"), "/applications/_/review");
    assert_eq!(kind("/a/massaimh/achievements/IFS"), "/a/_/achievements/_");
    assert_eq!(kind("/verify/MI-IFS-0001"), "/verify/_");
    assert_eq!(kind("/portfolio/trainings"), "/portfolio/trainings");
    assert_eq!(kind("/"), "/");
    assert_eq!(shot_name("/staff/_/assign"), "staff-_-assign");
    assert_eq!(shot_name("/"), "home");
    assert!(not_a_page("/credentials/X/certificate.pdf"));
    assert!(not_a_page("/api/registry"));
    assert!(!not_a_page("/registry"));
}
