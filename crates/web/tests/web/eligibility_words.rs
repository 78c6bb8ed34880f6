//! The requirement panel and the pathfinder speak the applicant's language (issue #18 items 2,
//! 3 and 8): items named as the applicant knows them, the rules by association and date, one
//! line for overlapping hours, and each category's distance in words, in the order it ranks.

use axum::http::StatusCode;

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

#[tokio::test]
async fn the_panel_names_items_and_rules_in_words() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/trainings").await;
    for (title, conference) in [
        ("Keynote day", "Spring Institute 2025"),
        ("Second keynote", "Autumn Summit 2025"),
    ] {
        let page = ana
            .post(
                "/portfolio/trainings",
                &[
                    ("title", title),
                    ("provider", "MassAIMH"),
                    ("date", "2025-03-02"),
                    ("hours", "7"),
                    ("kind", "conference"),
                    ("conference", conference),
                    ("competencies", "attachment-separation-trauma-grief-loss"),
                    ("population", "infant-toddler"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    let page = ana.get("/portfolio/trainings").await;
    let panel = between(&page.body, "aria-label=\"Requirements\"", "</p>\n</div>");
    assert!(
        panel.contains("Checked against MassAIMH&#39;s rules in force from 2025-01-01."),
        "{panel}"
    );
    // Of two conferences on one day with the same hours, the earlier name alphabetically is
    // kept; neither beats Ana's MassAIMH conference (the one that counts).
    assert!(
        panel.contains("<li>The training &#39;Keynote day&#39; (2025-03-02): another conference, &#34;Spring Institute 2025&#34;"),
        "{panel}"
    );
    assert!(
        panel.contains("<li>The rating from Tomás Reyes, your colleague: requested; the rater has not completed it yet</li>"),
        "{panel}"
    );
    for internal in [
        "trainings[",
        "references[",
        "rsc[",
        "work[",
        "@20",
        "as-of",
        "program-supervisor",
    ] {
        assert!(!panel.contains(internal), "{internal} in {panel}");
    }
}

#[tokio::test]
async fn the_pathfinder_says_how_far_each_category_is() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let page = ana.get("/portfolio/coverage").await;
    assert_eq!(page.status, StatusCode::OK);
    let table = between(&page.body, "Which category fits", "</table>");
    assert!(
        table.contains("a degree or licence you do not hold counts most"),
        "{table}"
    );
    // Ana (bachelor's, 9 years of home visiting, 38 h RS/C, 34.75 h training, a rating
    // missing): the Reflective Supervisor lacks a leadership year and 15 h about providing
    // RS/C; III a master's (or licence), 2 years of psychotherapy work and 12 h RS/C; the
    // Mentor tracks a master's and 3 years of their work, Clinical 15 h training and 25 h RS/C
    // about her own RS/C more. Mentor-Research and -Policy tie (higher first).
    let rows = [
        ("IFS", "1 step"),
        ("IFA", "1 step"),
        ("IFRS", "12 months, 15 h, 1 step"),
        ("IMHS", "a degree first, 24 months, 12 h, 1 step"),
        ("IMHM-R", "a degree first, 36 months, 1 step"),
        ("IMHM-P", "a degree first, 36 months, 1 step"),
        ("IMHM-C", "a degree first, 36 months, 40 h, 1 step"),
    ];
    let mut from = 0;
    for (category, how_far) in rows {
        let at = table[from..]
            .find(&format!("<strong>{category}</strong>"))
            .unwrap_or_else(|| panic!("{category} after the row before it in {table}"));
        let row = between(&table[from + at..], "<strong>", "</tr>");
        assert!(
            row.contains(&format!("<span class=\"small muted\">{how_far}</span>")),
            "{row}"
        );
        from += at + 1;
    }
    assert!(
        table.contains("15 more hours of training, of which 15 about providing RS/C;"),
        "one line for the overlapping training hours: {table}"
    );
}
