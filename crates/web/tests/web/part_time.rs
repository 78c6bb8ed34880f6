//! A part-time job entered through the work form counts in proportion on the progress panel,
//! which says how (issue #18 item 4); the hours a week are checked and named by their field.

use axum::http::StatusCode;
use lattice_store::Section;

use crate::support::TestApp;

/// Text between two markers of a page, for asserting on one part of it.
fn between<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let start = body
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} in {body}"));
    let rest = &body[start..];
    let end = rest.find(to).unwrap_or(rest.len());
    &rest[..end]
}

/// The work form's fields for a paid home-visiting job with infants and their parents.
fn job<'a>(start: &'a str, end: &'a str, hours: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("employer", "Little Steps Home Visiting"),
        ("role", "Home visitor"),
        ("start", start),
        ("end", end),
        ("hours_per_week", hours),
        ("paid", "on"),
        ("supervised", "on"),
        ("families_served", "12"),
        ("ages", "birth-36m"),
        ("with_child_and_parent", "on"),
        ("services", "home-visiting"),
    ]
}

/// Ana (MassAIMH, Infant Family Specialist: 2 years of paid post-bachelor's work, 10
/// families) keeps only a job of 20 hours a week over 1460 days: 1460 × 20/40 = 730 full-time
/// days, exactly 2 years. The profile's full-time week is 40 hours (`profiles/mi-aimh.toml`).
#[tokio::test]
async fn a_part_time_job_counts_half_and_the_panel_says_why() {
    let app = TestApp::sqlite().await;
    let ana_id = app
        .state
        .store()
        .person_by_email("ana@example.org")
        .await
        .expect("person")
        .0
        .id;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/work").await;
    let jobs: Vec<i64> = app
        .state
        .store()
        .entries(ana_id)
        .await
        .expect("entries")
        .into_iter()
        .filter(|e| e.section == Section::Work)
        .map(|e| e.id.0)
        .collect();
    assert!(!jobs.is_empty(), "Ana's demo portfolio lists jobs");
    for id in jobs {
        let deleted = ana.post(&format!("/portfolio/work/{id}/delete"), &[]).await;
        assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    }

    let added = ana
        .post("/portfolio/work", &job("2021-01-04", "2025-01-02", "20"))
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = ana.get("/portfolio/work").await;
    assert!(
        page.body.contains(
            "Little Steps Home Visiting · Home visitor · 2021-01-04 – 2025-01-02 · 20 h a week"
        ),
        "{}",
        page.body
    );
    let panel = between(&page.body, "aria-label=\"Requirements\"", "</p>\n</div>");
    assert!(
        panel.contains(
            "Paid, post-bachelor&#39;s prevention/early-intervention work with families (classroom teaching does not count): 2 of 2 years; 12 of 10 families served. Part-time work counts in proportion to a 40-hour week (MassAIMH&#39;s setting in Lattice; the association can change it): 2 years at 20 hours a week count as 1 year."
        ),
        "{panel}"
    );
    let help = between(&page.body, "id=\"f-hours_per_week-help\"", "</");
    assert!(
        help.contains("Part-time work counts in proportion to your association&#39;s full-time week: at half its hours, 2 years count as 1 year."),
        "{help}"
    );
}

/// One day less at 20 hours a week is 729.5 full-time days: not yet 2 years, and the panel
/// says what is still needed.
#[tokio::test]
async fn one_day_less_part_time_is_still_needed() {
    let app = TestApp::sqlite().await;
    let mut dana = app.client();
    // Dana's early portfolio (MassAIMH IFS) has her first jobs; a part-time job on other days
    // adds half its time. Her jobs are removed so only the part-time one counts.
    let dana_id = app
        .state
        .store()
        .person_by_email("dana.kim@example.org")
        .await
        .expect("person")
        .0
        .id;
    dana.sign_in("dana.kim@example.org").await;
    dana.get("/portfolio/work").await;
    for e in app.state.store().entries(dana_id).await.expect("entries") {
        if e.section == Section::Work {
            let deleted = dana
                .post(&format!("/portfolio/work/{}/delete", e.id.0), &[])
                .await;
            assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
        }
    }
    let added = dana
        .post("/portfolio/work", &job("2021-01-04", "2025-01-01", "20"))
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = dana.get("/portfolio/work").await;
    let panel = between(&page.body, "aria-label=\"Requirements\"", "</p>\n</div>");
    assert!(
        panel.contains(": 1.99 of 2 years; 12 of 10 families served. Part-time work counts in proportion to a 40-hour week"),
        "{panel}"
    );
    assert!(
        panel.contains("Still needed: 1 more day of paid, post-bachelor&#39;s prevention/early-intervention work"),
        "{panel}"
    );
}

/// Hours a week must be more than zero and fit in a week; the form keeps what was typed and
/// names the field.
#[tokio::test]
async fn hours_a_week_are_checked_by_field() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/work").await;
    for (typed, message) in [
        ("0", "Hours a week: must be &#62; 0"),
        (
            "200",
            "Hours a week: 200 is more than the 168 hours in a week",
        ),
        ("half", "Hours a week: enter a number, like 6.5"),
    ] {
        let page = ana
            .post("/portfolio/work", &job("2021-01-04", "2025-01-02", typed))
            .await;
        assert_ne!(page.status, StatusCode::SEE_OTHER, "{typed} was accepted");
        let problems = between(&page.body, "id=\"problems\"", "</div>");
        assert!(problems.contains(message), "{typed}: {problems}");
        // What was typed stays in the box (a number as read: 0 shows as 0.0).
        let input = between(&page.body, "id=\"f-hours_per_week\"", ">");
        assert!(
            input.contains(&format!("value=\"{typed}")),
            "{typed} is kept: {input}"
        );
    }
}

/// In headless Chromium: the work form with its hours-a-week field and help, a part-time job
/// added through it, and the panel's words; screenshots for review and axe-core on each page.
#[tokio::test]
async fn the_work_form_and_panel_in_a_browser() {
    use crate::browser::{Driver, Served, Walk, browser_available};
    use crate::support::Sink;

    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    walk.sign_in("ana@example.org", lattice_web::demo::DEMO_PASSWORD)
        .await;

    walk.go("/portfolio/work#f-end").await;
    walk.expect_text("Part-time work counts in proportion to your association")
        .await;
    walk.check("part-time-work-form").await;
    walk.add_entry(
        "work",
        &serde_json::json!({
            "employer": "Little Steps Home Visiting",
            "role": "Home visitor",
            "start": "2021-01-04",
            "end": "2025-01-02",
            "hours_per_week": 20,
            "paid": true,
            "supervised": true,
            "families_served": 12,
            "ages": ["birth-36m"],
            "with_child_and_parent": true,
            "services": ["home-visiting"],
        }),
    )
    .await;
    walk.expect_text("2025-01-02 · 20 h a week").await;
    walk.go("/portfolio/work#progress").await;
    walk.expect_text("Part-time work counts in proportion to a 40-hour week (MassAIMH's setting in Lattice; the association can change it): 2 years at 20 hours a week count as 1 year.")
        .await;
    walk.check("part-time-work-panel").await;
    walk.go("/portfolio/rsc#f-provider-degree").await;
    walk.expect_text("The provider specializes in infant mental health")
        .await;
    walk.check("part-time-rsc-form").await;
    walk.client.close().await.expect("close the browser");
    served.stop().await;
}
