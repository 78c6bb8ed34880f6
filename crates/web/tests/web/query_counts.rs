//! Pages whose cost does not grow with the association: the number of database statements a
//! staff page runs is counted (every statement sqlx runs is reported as a `sqlx::query` event)
//! with a few applications and with many more, and must be the same.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::StatusCode;
use chrono::Utc;
use lattice_store::{NewApplication, NewPerson};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::support::{Client, TestApp};

/// Statements run in this test process so far. Each nextest test runs in a process of its own,
/// and the test app runs no background workers, so a difference around one request is the
/// request's own statements.
static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

struct CountStatements;

impl<S: Subscriber> Layer<S> for CountStatements {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn count_statements() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(
            tracing_subscriber::registry().with(CountStatements),
        )
        .expect("the only subscriber in this process");
    });
}

async fn statements_of(client: &mut Client<'_>, path: &str) -> usize {
    let before = STATEMENTS.load(Ordering::SeqCst);
    let page = client.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    STATEMENTS.load(Ordering::SeqCst) - before
}

/// Adds `count` applicants to MassAIMH, each with a draft application that both demo
/// reviewers are assigned to, so the coordinator's queue and the reviewers' lists grow.
async fn add_applications(app: &TestApp, from: usize, count: usize) {
    let store = app.state.store();
    let association = store
        .association_by_slug("massaimh")
        .await
        .expect("association")
        .id;
    let (coordinator, _) = store
        .person_by_email("coordinator@massaimh.test")
        .await
        .expect("coordinator");
    let mut reviewers = Vec::new();
    for email in ["reviewer1@massaimh.test", "reviewer2@massaimh.test"] {
        reviewers.push(store.person_by_email(email).await.expect("reviewer").0.id);
    }
    for n in from..from + count {
        let person = store
            .create_person(&NewPerson {
                email: format!("applicant{n}@example.org"),
                name: format!("Applicant {n}"),
                password_hash: None,
                admin: false,
            })
            .await
            .expect("person");
        let application = store
            .create_application(&NewApplication {
                person,
                association,
                category: "IFS".to_string(),
                intended_submission: None,
                created_at: Utc::now(),
            })
            .await
            .expect("application");
        for reviewer in &reviewers {
            store
                .assign_reviewer(application, *reviewer, coordinator.id)
                .await
                .expect("assignment");
        }
    }
}

/// The statements a page runs: read once so caches and the pool are warm, then the fewest of
/// three reads. Work started by the sign-ins (mail the outbox hands on, in a task of its own)
/// can run during a request and only ever adds to its count, so the fewest is the page's own.
async fn cost_of(client: &mut Client<'_>, path: &str) -> usize {
    statements_of(client, path).await;
    let mut fewest = usize::MAX;
    for _ in 0..3 {
        fewest = fewest.min(statements_of(client, path).await);
    }
    fewest
}

async fn page_costs(app: &TestApp) -> Vec<(&'static str, usize)> {
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let mut reviewer = app.client();
    reviewer.sign_in("reviewer1@massaimh.test").await;
    let mut applicant = app.client();
    applicant.sign_in("ana@example.org").await;
    vec![
        ("queue", cost_of(&mut coordinator, "/staff/massaimh").await),
        (
            "filtered queue",
            cost_of(&mut coordinator, "/staff/massaimh?state=draft&category=IFS").await,
        ),
        (
            "reviewer dashboard",
            cost_of(&mut reviewer, "/dashboard").await,
        ),
        (
            "coordinator dashboard",
            cost_of(&mut coordinator, "/dashboard").await,
        ),
        (
            "applicant dashboard",
            cost_of(&mut applicant, "/dashboard").await,
        ),
    ]
}

/// The most statements each page may run, as counted when they were last cut down
/// (`docs/PERFORMANCE.md`, "Where a signed-in request's time goes"). Every statement is a
/// round trip (to SQLite's connection thread, or over the network to PostgreSQL), so a page
/// that starts reading more fails here and is looked at, even when its count does not grow
/// with the applications.
/// Since then the association's brand is one more read on the queue and the applicant's
/// dashboard, and the applicant's portfolio is assembled by the same bulk reader as the rule
/// preview's (`Store::portfolio_parts`, seven statements for any number of people), which
/// reads the person and their applications again. The brand is now read once per association
/// per `brand::TTL` on each node, and the applicant's association comes with the session: the
/// queue 19 -> 18, the applicant's dashboard 15 -> 13.
/// Since then the staff area reads the associations once instead of three times (with the
/// reviewer-as-scorer setting), the cycles with the exam windows, the staff with the reviewers, the
/// names of its messages and its history together, and each queue line's reviewers in the line's
/// own statement (which the reviewer's dashboard shares): the queue and the filtered queue
/// 18 -> 11, the reviewer's dashboard 7 -> 6.
/// Since then the dashboard reads the associations once for the applications, the staff areas
/// and the endorsements, and someone who is no association's staff has no assignments read:
/// the applicant's dashboard 13 -> 11.
/// Since then the session says whether the person holds any application or endorsement, and
/// staff who hold neither have neither read: the reviewer's and coordinator's dashboards 6 -> 4.
const MOST_STATEMENTS: [(&str, usize); 5] = [
    ("queue", 11),
    ("filtered queue", 11),
    ("reviewer dashboard", 4),
    ("coordinator dashboard", 4),
    ("applicant dashboard", 11),
];

async fn costs_do_not_grow(app: TestApp) {
    count_statements();
    add_applications(&app, 0, 3).await;
    let few = page_costs(&app).await;
    assert!(
        few.iter().all(|(_, n)| *n > 0),
        "statements are counted: {few:?}"
    );
    add_applications(&app, 3, 40).await;
    let many = page_costs(&app).await;
    eprintln!("statements per page: {many:?}");
    assert_eq!(
        few, many,
        "statements per page with 3 and with 43 more applications"
    );
    for ((page, counted), (named, most)) in many.iter().zip(MOST_STATEMENTS) {
        assert_eq!(*page, named);
        assert!(
            *counted <= most,
            "{page}: {counted} statements, more than the {most} it was cut down to"
        );
    }
}

#[tokio::test]
async fn staff_pages_cost_the_same_with_more_applications_on_sqlite() {
    costs_do_not_grow(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn staff_pages_cost_the_same_with_more_applications_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    costs_do_not_grow(app).await;
}

/// The ids of the applications listed in the queue's table.
fn listed(body: &str) -> Vec<i64> {
    let table = body
        .split("<tbody>")
        .nth(1)
        .and_then(|rest| rest.split("</tbody>").next())
        .unwrap_or("");
    table
        .split("<a href=\"/applications/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

fn next_link(body: &str) -> Option<String> {
    let at = body.find("id=\"next-page\"")?;
    let start = body[..at].rfind("href=\"")? + "href=\"".len();
    let end = start + body[start..].find('"')?;
    // As a browser reads the attribute: askama writes `&` as `&#38;`.
    Some(body[start..end].replace("&#38;", "&").replace("&amp;", "&"))
}

/// With more than a page of applications, the queue shows 50 at a time, and its next-page
/// links visit every application once, in order; the counts above it are of all of them.
#[tokio::test]
async fn the_queue_pages_through_every_application() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let association = store
        .association_by_slug("massaimh")
        .await
        .expect("association")
        .id;
    add_applications(&app, 0, 110).await;
    let mut expected: Vec<(chrono::DateTime<Utc>, i64)> = store
        .applications_of_association(association)
        .await
        .expect("applications")
        .iter()
        .map(|a| (a.updated_at, a.id.0))
        .collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();
    assert!(expected.len() > 110);
    let drafts = store
        .applications_of_association(association)
        .await
        .expect("applications")
        .iter()
        .filter(|a| a.state.key() == "draft")
        .count();

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let mut path = "/staff/massaimh".to_string();
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = coordinator.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        if pages == 0 {
            assert!(
                page.body
                    .contains(&format!("<span>Draft</span> <strong>{drafts}</strong>")),
                "the count is of every draft, not of one page"
            );
            assert!(!page.body.contains("id=\"first-page\""));
        } else {
            assert!(page.body.contains("id=\"first-page\""), "{path}");
        }
        let ids = listed(&page.body);
        pages += 1;
        seen.extend(ids.iter().copied());
        match next_link(&page.body) {
            Some(next) => {
                assert_eq!(ids.len(), 50, "a full page before the next");
                path = next;
            }
            None => break,
        }
    }
    assert_eq!(pages, expected.len().div_ceil(50));
    assert_eq!(seen, expected);

    // A filter holds across pages: the drafts only, however many pages.
    let mut path = "/staff/massaimh?state=draft".to_string();
    let mut filtered = 0;
    loop {
        let page = coordinator.get(&path).await;
        filtered += listed(&page.body).len();
        match next_link(&page.body) {
            Some(next) => {
                assert!(next.contains("state=draft"), "{next}");
                path = next;
            }
            None => break,
        }
    }
    assert_eq!(filtered, drafts);

    // A broken page link shows the first page and says so; a good one does not.
    let broken = coordinator.get("/staff/massaimh?after=yesterday").await;
    assert_eq!(broken.status, StatusCode::OK);
    assert!(
        broken.body.contains(
            "That link to a later page of the queue was broken, so this is the first page."
        ),
        "{}",
        broken.body
    );
    assert_eq!(listed(&broken.body), expected[..50].to_vec());
    assert!(!broken.body.contains("id=\"first-page\""));
    let first = coordinator.get("/staff/massaimh").await;
    assert!(!first.body.contains("id=\"queue-notice\""));
}

/// The ids of the applications in the reviewer's "Assigned to you" table.
fn assigned(body: &str) -> Vec<i64> {
    let table = body
        .split("id=\"assigned\"")
        .nth(1)
        .and_then(|rest| rest.split("<tbody>").nth(1))
        .and_then(|rest| rest.split("</tbody>").next())
        .unwrap_or("");
    table
        .split("<a href=\"/applications/")
        .skip(1)
        .filter_map(|rest| rest.split('/').next()?.parse().ok())
        .collect()
}

fn link_with_id(body: &str, id: &str) -> Option<String> {
    let at = body.find(&format!("id=\"{id}\""))?;
    let start = body[..at].rfind("href=\"")? + "href=\"".len();
    let end = start + body[start..].find('"')?;
    Some(body[start..end].replace("&#38;", "&").replace("&amp;", "&"))
}

/// The reviewer's dashboard shows 50 assignments at a time, newest application first, and its
/// next-page links visit every assignment once; the counts by state are of all of them.
async fn the_reviewer_pages_through_every_assignment(app: TestApp) {
    let store = app.state.store();
    let (reviewer, _) = store
        .person_by_email("reviewer1@massaimh.test")
        .await
        .expect("reviewer");
    add_applications(&app, 0, 110).await;
    let mut expected: Vec<i64> = store
        .applications_for_reviewer(reviewer.id)
        .await
        .expect("assignments")
        .iter()
        .map(|a| a.id.0)
        .collect();
    expected.sort_unstable_by(|a, b| b.cmp(a));
    assert!(expected.len() > 110);
    let drafts = store
        .applications_for_reviewer(reviewer.id)
        .await
        .expect("assignments")
        .iter()
        .filter(|a| a.state.key() == "draft")
        .count();
    assert!(drafts >= 110, "the added applications are drafts");

    let mut client = app.client();
    client.sign_in("reviewer1@massaimh.test").await;
    let mut path = "/dashboard".to_string();
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = client.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        if pages == 0 {
            assert!(
                page.body
                    .contains(&format!("<span>Draft</span> <strong>{drafts}</strong>")),
                "the count is of every assigned draft, not of one page: {}",
                page.body
            );
            assert!(!page.body.contains("id=\"first-assignments\""));
        } else {
            assert!(page.body.contains("id=\"first-assignments\""), "{path}");
        }
        let ids = assigned(&page.body);
        pages += 1;
        seen.extend(ids.iter().copied());
        match link_with_id(&page.body, "next-assignments") {
            Some(next) => {
                assert_eq!(ids.len(), 50, "a full page before the next");
                path = next;
            }
            None => break,
        }
    }
    assert_eq!(pages, expected.len().div_ceil(50));
    assert_eq!(seen, expected);

    // A broken link shows the first page and says so.
    let broken = client.get("/dashboard?before=yesterday").await;
    assert_eq!(broken.status, StatusCode::OK);
    assert!(
        broken.body.contains("id=\"assignments-notice\""),
        "{}",
        broken.body
    );
    assert_eq!(assigned(&broken.body), expected[..50].to_vec());
}

#[tokio::test]
async fn the_reviewer_pages_through_every_assignment_on_sqlite() {
    the_reviewer_pages_through_every_assignment(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_reviewer_pages_through_every_assignment_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    the_reviewer_pages_through_every_assignment(app).await;
}
