//! The applicant's dashboard reuses the eligibility panel while the portfolio is unchanged
//! (issue #20), and never shows an old one: a saved entry changes the panel at once.

use axum::http::StatusCode;

use crate::support::TestApp;

/// The requirement panel of a dashboard page, as served.
fn panel(body: &str) -> String {
    let start = body
        .find(r#"aria-label="Requirements""#)
        .unwrap_or_else(|| panic!("no requirement panel on the dashboard: {body}"));
    let end = body[start..]
        .find("Checked against")
        .expect("the panel's end")
        + start;
    body[start..end].to_string()
}

async fn a_saved_entry_changes_the_panel_at_once(app: TestApp) {
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let before = panel(&ana.get("/dashboard").await.body);
    assert!(
        !app.state.reports().is_empty(),
        "the dashboard filed its panel in the cache"
    );
    // Served again from the cache: the same panel.
    assert_eq!(panel(&ana.get("/dashboard").await.body), before);

    ana.get("/portfolio/trainings").await;
    let page = ana
        .post(
            "/portfolio/trainings",
            &[
                ("title", "Infant Mental Health in Practice"),
                ("provider", "MassAIMH"),
                ("date", "2025-03-02"),
                ("hours", "12"),
                ("kind", "workshop"),
                ("conference", ""),
                ("competencies", "attachment-separation-trauma-grief-loss"),
                ("population", "infant-toddler"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let after = panel(&ana.get("/dashboard").await.body);
    assert_ne!(
        after, before,
        "the panel did not change after the entry was saved"
    );
}

#[tokio::test]
async fn a_saved_entry_changes_the_cached_panel_at_once_sqlite() {
    a_saved_entry_changes_the_panel_at_once(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_saved_entry_changes_the_cached_panel_at_once_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    a_saved_entry_changes_the_panel_at_once(app).await;
}
