//! Accessibility over every page a role can reach: headless Chromium signs in through the
//! real sign-in page as each kind of demo user (and as nobody, and as a rater following the
//! link from the invitation), then follows every same-origin GET link and GET form
//! breadth-first from the home page or dashboard, and runs axe-core on each page (WCAG 2.0,
//! 2.1 and 2.2 A/AA rules and axe's best practices). Pages a crawl does not reach are checked
//! too: the 404 page, a failed sign-in, and the portfolio and rating forms sent back with
//! their validation errors. The test fails listing every serious or critical violation as
//! (page, rule, element); before the crawl it shows that a planted violation is caught.
//!
//! The crawl stays bounded: fragments are dropped; path segments holding digits (ids,
//! credential numbers, tokens) and association slugs are collapsed into one route pattern, of
//! which at most `PER_PATTERN` pages are opened per role (`PER_PATTERN_AGAIN` once an earlier
//! role has opened that pattern); the public pages are opened signed out and by one signed-in
//! role; the portfolio pages, which show the person's entries whatever the application's
//! stage, only for a full and an empty portfolio; downloads (PDF, CSV, JSON, JWT,
//! uploads, anything not served as HTML or served as an attachment) are never opened. A page
//! whose markup has the shape of one already checked (same elements, classes and attributes,
//! text and repeated rows aside) is visited for its links but not checked again.
//!
//! `LATTICE_A11Y_SHOTS=1` saves a screenshot of each checked page under
//! `target/browser-screenshots/accessibility/`.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

use lattice_web::demo::DEMO_PASSWORD;
use serde_json::{Value, json};

use crate::browser::{
    Driver, Served, Walk, axe_source, browser, browser_available, wait_for_mail, workspace,
};
use crate::support::Sink;

/// Pages opened per route pattern by the first role that reaches the pattern.
const PER_PATTERN: usize = 2;
/// Pages opened per route pattern by each later role: its own view, not every row again.
const PER_PATTERN_AGAIN: usize = 1;
/// A guard against a crawl that runs away (a link generating links); never reached today.
const MAX_PAGES_PER_ROLE: usize = 80;

/// Path prefixes and suffixes that are downloads or machine endpoints, not pages.
const SKIP_PREFIXES: &[&str] = &[
    "/api/",
    "/uploads/",
    "/static/",
    "/health",
    "/.well-known/",
    "/sign-out",
    // The language switch: a setting, not a page (its GET form, sent without the button's
    // value, names no language).
    "/language",
];
const SKIP_SUFFIXES: &[&str] = &[
    ".pdf", ".csv", ".json", ".jwt", ".eml", ".png", ".svg", ".txt",
];

/// Route segments whose next segment is a parameter without digits (an association slug):
/// `/a/{slug}` and `/staff/{slug}` in the router.
const SLUG_AFTER: &[&str] = &["a", "staff"];

/// The markup's shape, text left out: each element's tag, class, role and type and the names
/// of its other attributes, whether it holds text of its own, and the set of its children's
/// shapes (ten table rows, met and unmet, are two shapes). Two pages of one shape are the
/// same template branches over different data; axe-core checks one of them.
const SHAPE_JS: &str = "
    const shape = (el) => {
      const names = Array.from(el.attributes).map(a => a.name).sort();
      let s = el.tagName + '.' + (el.getAttribute('class') || '') + '|' +
              (el.getAttribute('role') || '') + '|' + (el.getAttribute('type') || '') + '|' +
              names.join(',');
      if (Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) s += '|t';
      const kids = Array.from(new Set(Array.from(el.children, shape))).sort();
      return s + '(' + kids.join(';') + ')';
    };
    const text = shape(document.documentElement);
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16) + (h1 >>> 0).toString(16) + ':' + text.length;";

/// One serious or critical axe-core violation on one element.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    page: String,
    rule: String,
    impact: String,
    target: String,
    help: String,
}

/// What one role's crawl did.
struct RoleCount {
    visited: usize,
    checked: usize,
    took: Duration,
}

struct Crawler {
    walk: Walk,
    axe: String,
    /// URLs visited while signed out: the public pages, visited signed in by one role only.
    public: BTreeSet<String>,
    /// Whether a signed-in role has visited the public pages.
    public_signed_in: bool,
    /// Route patterns an earlier role visited.
    patterns_seen: HashSet<String>,
    /// Whether each route pattern answers HTML (a page) or something else (a download).
    html_patterns: HashMap<String, bool>,
    /// The shapes of the pages axe-core checked.
    shapes: HashSet<String>,
    findings: BTreeSet<Finding>,
    /// Links that answered an error status while being crawled (reported, not failed on).
    broken: BTreeSet<String>,
    roles: Vec<RoleCount>,
    /// Pages in a particular state (an error shown), checked beside the crawl.
    states: Vec<String>,
    /// Time spent in axe-core and in everything else (navigation, HEAD, links, shapes).
    axe_time: Duration,
}

/// The route pattern of a path and query: segments holding a digit (ids, credential numbers,
/// tokens) and association slugs become `{}`, and the query keeps only its sorted keys, so
/// `/applications/7?tab=a` and `/applications/9?tab=b` share one pattern.
fn pattern(url: &str) -> String {
    let without_origin = url
        .find("://")
        .and_then(|i| url[i + 3..].find('/').map(|j| &url[i + 3 + j..]))
        .unwrap_or(url);
    let (path, query) = without_origin
        .split_once('?')
        .unwrap_or((without_origin, ""));
    let mut segments: Vec<&str> = Vec::new();
    for s in path.split('/') {
        let after_slug_route = segments.len() == 2 && SLUG_AFTER.contains(&segments[1]);
        if after_slug_route || s.chars().any(|c| c.is_ascii_digit()) {
            segments.push("{}");
        } else {
            segments.push(s);
        }
    }
    let mut keys: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split('=').next().unwrap_or(p))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        segments.join("/")
    } else {
        format!("{}?{}", segments.join("/"), keys.join("&"))
    }
}

fn path_of(url: &str, base: &str) -> String {
    url.strip_prefix(base).unwrap_or(url).to_string()
}

fn skipped(path: &str) -> bool {
    let bare = path.split('?').next().unwrap_or(path);
    SKIP_PREFIXES.iter().any(|p| bare.starts_with(p))
        || SKIP_SUFFIXES.iter().any(|s| bare.ends_with(s))
}

impl Crawler {
    /// The same-origin targets of the page's links and GET forms (as the browser would
    /// submit each form with its current values), fragments dropped.
    async fn links(&self) -> Vec<String> {
        let found = self
            .walk
            .client
            .execute(
                "const out = [];
                 const keep = (href) => {
                   const url = new URL(href, location.href);
                   if (url.origin !== location.origin) return;
                   url.hash = '';
                   out.push(url.href);
                 };
                 document.querySelectorAll('a[href]:not([download])').forEach(a => keep(a.href));
                 document.querySelectorAll('form').forEach(f => {
                   if ((f.getAttribute('method') || 'get').toLowerCase() !== 'get') return;
                   const url = new URL(f.getAttribute('action') || location.href, location.href);
                   url.search = new URLSearchParams(new FormData(f)).toString();
                   keep(url.href);
                 });
                 return out;",
                vec![],
            )
            .await
            .expect("collect links");
        match found {
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            other => panic!("links: unexpected {other}"),
        }
    }

    /// Whether a URL is an HTML page to open: asked with a HEAD request from the page, so
    /// the session's cookies go along and no download starts in the browser.
    async fn is_html_page(&self, url: &str) -> Result<bool, String> {
        let answer = self
            .walk
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0], {method: 'HEAD', credentials: 'same-origin'})
                   .then(r => done({status: r.status,
                                    type: r.headers.get('content-type') || '',
                                    disposition: r.headers.get('content-disposition') || ''}))
                   .catch(e => done({status: 0, type: String(e), disposition: ''}));",
                vec![json!(url)],
            )
            .await
            .expect("HEAD request");
        let status = answer["status"].as_u64().unwrap_or(0);
        let kind = answer["type"].as_str().unwrap_or("");
        let disposition = answer["disposition"].as_str().unwrap_or("");
        if status >= 400 || status == 0 {
            return Err(format!("{status} {kind}"));
        }
        Ok(kind.starts_with("text/html") && !disposition.starts_with("attachment"))
    }

    async fn shape(&self) -> String {
        let found = self
            .walk
            .client
            .execute(SHAPE_JS, vec![])
            .await
            .expect("page shape");
        found.as_str().expect("a shape").to_string()
    }

    /// Runs axe-core on the current page (every `<details>` opened first, so what they hide
    /// is checked too) and returns its serious and critical violations, under `page`.
    async fn axe(&mut self, page: &str) -> Vec<Finding> {
        let began = Instant::now();
        self.walk
            .client
            .execute(&self.axe, vec![])
            .await
            .expect("inject axe-core");
        let found = self
            .walk
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 document.querySelectorAll('details').forEach(d => { d.open = true; });
                 axe.run(document, {
                     runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                     'wcag22aa', 'best-practice']},
                     resultTypes: ['violations']})
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .flatMap(v => v.nodes.map(n => ({rule: v.id, impact: v.impact, help: v.help,
                                                      target: n.target.join(' ')})))))
                   .catch(e => done([{rule: 'axe-failed', impact: 'critical', help: String(e),
                                      target: ''}]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        self.axe_time += began.elapsed();
        let Value::Array(items) = found else {
            panic!("axe-core on {page}: unexpected result {found}");
        };
        items
            .iter()
            .map(|item| {
                let text = |k: &str| item[k].as_str().unwrap_or("?").to_string();
                Finding {
                    page: page.to_string(),
                    rule: text("rule"),
                    impact: text("impact"),
                    target: text("target"),
                    help: text("help"),
                }
            })
            .collect()
    }

    /// Checks the page the browser shows now unless a page of the same shape was checked;
    /// returns whether axe-core ran.
    async fn check_current(&mut self, role: &str) -> bool {
        let shape = self.shape().await;
        if !self.shapes.insert(shape) {
            return false;
        }
        let url = self.walk.client.current_url().await.expect("url");
        let mut page = path_of(url.as_str(), &self.walk.base);
        if let Some(i) = page.find('#') {
            page.truncate(i);
        }
        let found = self.axe(&format!("{role}: {page}")).await;
        self.findings.extend(found);
        self.screenshot(role, &page).await;
        true
    }

    /// With `LATTICE_A11Y_SHOTS=1`, saves what each checked page looks like, to review by eye
    /// after a change to the templates or the stylesheet (off by default: it costs time).
    async fn screenshot(&self, role: &str, page: &str) {
        if std::env::var("LATTICE_A11Y_SHOTS").as_deref() != Ok("1") {
            return;
        }
        let dir = self.walk.shots.join("accessibility");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let name: String = format!("{role}{page}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .take(120)
            .collect();
        let png = self.walk.client.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("save screenshot");
    }

    /// Checks the page the browser shows now, in a state a crawl does not reach (an error
    /// shown), whatever its shape.
    async fn check_state(&mut self, role: &str, label: &str) {
        self.shapes.insert(self.shape().await);
        let url = self.walk.client.current_url().await.expect("url");
        let page = format!(
            "{role}: {} [{label}]",
            path_of(url.as_str(), &self.walk.base)
        );
        let found = self.axe(&page).await;
        self.findings.extend(found);
        self.screenshot(role, &format!("-{label}")).await;
        self.states.push(page);
    }

    /// Breadth-first over the pages reachable from `start`, checking each.
    async fn crawl(&mut self, role: &str, start: &str, portfolio: bool) -> RoleCount {
        let began = Instant::now();
        let signed_in = role != "anonymous";
        let visit_public = signed_in && !self.public_signed_in;
        self.public_signed_in |= signed_in;
        let mut queue: VecDeque<String> = VecDeque::from([format!("{}{start}", self.walk.base)]);
        let mut queued: BTreeSet<String> = queue.iter().cloned().collect();
        let mut visited_urls: BTreeSet<String> = BTreeSet::new();
        let mut per_pattern: HashMap<String, usize> = HashMap::new();
        let (mut visited, mut checked) = (0, 0);
        // The HEAD requests go from the current page: it must be one of the service's.
        let here = self.walk.client.current_url().await.expect("url");
        if !here.as_str().starts_with(&self.walk.base) {
            self.walk.go("/").await;
        }
        while let Some(url) = queue.pop_front() {
            assert!(
                visited < MAX_PAGES_PER_ROLE,
                "{role}: more than {MAX_PAGES_PER_ROLE} pages; the crawl is not bounded \
                 (left: {queue:?})"
            );
            let path = path_of(&url, &self.walk.base);
            if skipped(&path)
                || (signed_in && !visit_public && self.public.contains(&url))
                || (!portfolio && path.starts_with("/portfolio"))
            {
                continue;
            }
            let shape = pattern(&url);
            let cap = if self.patterns_seen.contains(&shape) {
                PER_PATTERN_AGAIN
            } else {
                PER_PATTERN
            };
            let count = per_pattern.entry(shape.clone()).or_default();
            if *count >= cap {
                continue;
            }
            let html = match self.html_patterns.get(&shape) {
                Some(known) => *known,
                None => match self.is_html_page(&url).await {
                    Ok(html) => {
                        self.html_patterns.insert(shape, html);
                        html
                    }
                    Err(status) => {
                        self.broken
                            .insert(format!("{role}: {path} answered {status}"));
                        continue;
                    }
                },
            };
            if !html {
                continue;
            }
            *count += 1;
            self.walk.client.goto(&url).await.expect("navigate");
            // A redirect may land on a page this role has seen.
            let landed = self.walk.client.current_url().await.expect("url");
            let mut landed = landed.to_string();
            if let Some(i) = landed.find('#') {
                landed.truncate(i);
            }
            if !visited_urls.insert(landed.clone()) {
                continue;
            }
            visited += 1;
            if !signed_in {
                self.public.insert(landed);
            }
            if self.check_current(role).await {
                checked += 1;
            }
            for link in self.links().await {
                if queued.insert(link.clone()) {
                    queue.push_back(link);
                }
            }
        }
        self.patterns_seen.extend(per_pattern.into_keys());
        let count = RoleCount {
            visited,
            checked,
            took: began.elapsed(),
        };
        eprintln!(
            "accessibility: {role}: {visited} pages visited, {checked} of new shape checked \
             by axe-core, in {:.1?}",
            count.took
        );
        count
    }
}

#[tokio::test]
async fn every_page_each_role_reaches_passes_axe_core() {
    if !browser_available() {
        return;
    }
    let Some(axe) = axe_source() else { return };
    let began = Instant::now();
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let shots = workspace().join("target/browser-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let client = browser(&driver, &work.path().join("chromium")).await;
    let mut crawler = Crawler {
        walk: Walk {
            client,
            base: served.config.base_url.clone(),
            axe: Some(axe.clone()),
            shots,
            checked: Vec::new(),
        },
        axe,
        public: BTreeSet::new(),
        public_signed_in: false,
        patterns_seen: HashSet::new(),
        html_patterns: HashMap::new(),
        shapes: HashSet::new(),
        findings: BTreeSet::new(),
        broken: BTreeSet::new(),
        roles: Vec::new(),
        states: Vec::new(),
        axe_time: Duration::ZERO,
    };

    // The check can fail: an image without a text alternative planted on the home page is
    // reported (and not kept among the findings).
    crawler.walk.go("/").await;
    crawler
        .walk
        .client
        .execute(
            "const img = document.createElement('img'); img.src = '/static/app.css';
             document.querySelector('main').appendChild(img);",
            vec![],
        )
        .await
        .expect("plant an image");
    let planted = crawler.axe("planted").await;
    assert!(
        planted.iter().any(|f| f.rule == "image-alt"),
        "axe-core missed an image without alt text: {planted:?}"
    );

    // Signed out: the public site, then the error pages a visitor meets.
    let anonymous = crawler.crawl("anonymous", "/", false).await;
    assert!(
        anonymous.visited >= 10,
        "the public crawl visited only {} pages",
        anonymous.visited
    );
    crawler.roles.push(anonymous);
    crawler.walk.go("/no-such-page").await;
    crawler.walk.expect_text("There is nothing here").await;
    crawler.check_state("anonymous", "404").await;
    crawler.walk.go("/sign-in").await;
    crawler.walk.fill("email", "ana@example.org").await;
    crawler.walk.fill("password", "not the password").await;
    crawler.walk.click("form.stack button[type=submit]").await;
    crawler.walk.expect_text("role=\"alert\"").await;
    crawler.check_state("anonymous", "failed sign-in").await;

    // Each kind of user, signed in through the sign-in page: applicants at each stage of the
    // process that changes what they see, then staff.
    // The portfolio pages show the person's entries whatever the application's stage, so
    // they are crawled for a full portfolio and an empty one (a coordinator's).
    let roles = [
        ("applicant, building", "ana@example.org", true),
        ("applicant, draft", "ben.carter@example.org", false),
        ("applicant, registered", "dana.kim@example.org", false),
        ("applicant, submitted", "elena.morales@example.org", false),
        ("applicant, under review", "farah.haddad@example.org", false),
        ("applicant, more work", "isabel.reyes@example.org", false),
        (
            "applicant, approved for exam",
            "george.ito@example.org",
            false,
        ),
        ("applicant, exam failed", "hana.lopez@example.org", false),
        ("applicant, withdrawn", "kara.lind@example.org", false),
        ("endorsee", "jack.osei@example.org", false),
        ("coordinator", "coordinator@massaimh.test", true),
        ("coordinator, exam rules", "coordinator@nmaimh.test", false),
        ("reviewer", "reviewer1@massaimh.test", false),
        ("admin", "admin@alliance.test", false),
    ];
    let mut rating_link = None;
    let mut signing = Duration::ZERO;
    for (role, email, portfolio) in roles {
        let began = Instant::now();
        crawler.walk.sign_in(email, DEMO_PASSWORD).await;
        signing += began.elapsed();
        let count = crawler.crawl(role, "/dashboard", portfolio).await;
        assert!(
            count.visited >= 2,
            "{role} visited only {} pages",
            count.visited
        );
        crawler.roles.push(count);
        if email == "ana@example.org" {
            // A form sent back with its validation errors shown.
            crawler.walk.go("/portfolio/trainings").await;
            crawler
                .walk
                .click("form.entry-form button[type=submit]")
                .await;
            crawler.walk.expect_text("aria-invalid=\"true\"").await;
            crawler.check_state(role, "validation errors").await;
            // Ask a rater, whose link is crawled below once signed out.
            crawler.walk.go("/portfolio/references").await;
            crawler.walk.fill("rater-name", "Dr. Ruth Ames").await;
            crawler.walk.fill("rater-email", "ruth@example.org").await;
            crawler.walk.select("rater-role", "colleague").await;
            crawler
                .walk
                .click("form[action='/portfolio/references/request'] button[type=submit]")
                .await;
            let invitation = wait_for_mail(&sink, "ruth@example.org", "reference rating").await;
            let start = invitation
                .find("/rate/")
                .expect("a rating link in the mail");
            rating_link = Some(
                invitation[start..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect::<String>(),
            );
        }
        let began = Instant::now();
        crawler.walk.sign_out().await;
        signing += began.elapsed();
    }

    // The rater, with no account, from the link in the invitation.
    let link = rating_link.expect("the rating link");
    let rater = crawler.crawl("rater", &link, false).await;
    assert!(rater.checked >= 1, "the rating form was not checked");
    crawler.roles.push(rater);
    // The same form sent back incomplete shows its errors (the browser's own check of the
    // required answers is switched off so that the server's answer is what gets checked).
    crawler.walk.go(&link).await;
    crawler
        .walk
        .client
        .execute(
            "document.querySelector('form.stack').noValidate = true;",
            vec![],
        )
        .await
        .expect("skip the browser's validation");
    crawler.walk.click_button("Submit the rating").await;
    crawler.walk.expect_text("id=\"rate-errors\"").await;
    crawler.check_state("rater", "validation errors").await;

    let visited: usize = crawler.roles.iter().map(|r| r.visited).sum();
    let checked: usize = crawler.roles.iter().map(|r| r.checked).sum();
    eprintln!(
        "accessibility: {visited} pages visited over {} roles, {checked} of them of a new shape \
         checked by axe-core, plus {} pages showing errors ({}); {:.1?} in all, {:.1?} in \
         axe-core, {signing:.1?} signing in and out",
        crawler.roles.len(),
        crawler.states.len(),
        crawler.states.join("; "),
        began.elapsed(),
        crawler.axe_time,
    );
    for broken in &crawler.broken {
        eprintln!("accessibility: link answered an error: {broken}");
    }
    let findings: Vec<String> = crawler
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} | {} ({}) | {} | {}",
                f.page, f.rule, f.impact, f.target, f.help
            )
        })
        .collect();
    assert!(
        findings.is_empty(),
        "{} serious or critical axe-core violations (page | rule | element | help):\n{}",
        findings.len(),
        findings.join("\n")
    );
    crawler
        .walk
        .client
        .close()
        .await
        .expect("close the browser");
    served.stop().await;
}

#[test]
fn route_patterns_collapse_ids_and_query_values() {
    assert_eq!(
        pattern("http://127.0.0.1:1/applications/12/review"),
        "/applications/{}/review"
    );
    assert_eq!(
        pattern("http://127.0.0.1:1/staff/massaimh?state=submitted&cycle="),
        "/staff/{}?cycle&state"
    );
    assert_eq!(
        pattern("http://127.0.0.1:1/verify/MA-2026-000123"),
        "/verify/{}"
    );
    assert_eq!(
        pattern("http://127.0.0.1:1/staff/ct-aimh/reports"),
        "/staff/{}/reports"
    );
    assert_eq!(pattern("http://127.0.0.1:1/a/nmaimh"), "/a/{}");
    assert_eq!(
        pattern("http://127.0.0.1:1/portfolio/work"),
        "/portfolio/work"
    );
    assert!(skipped("/credentials/MA-1/certificate.pdf"));
    assert!(skipped("/api/me"));
    assert!(!skipped("/registry?q=ana"));
}
