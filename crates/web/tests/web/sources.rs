//! Every rule shown to a person says where it comes from (issue #18 item 7): the requirement
//! panel and the renewal page cite the public document by association and title, linking to
//! its address where known, and say where a value is the association's setting in Lattice.
//! The texts below are written from the profiles' citations, not read back from the pages.

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use lattice_domain::ids::PersonId;
use lattice_store::{NewEndorsement, NewPerson};

use crate::support::TestApp;

/// The part of a page from one marker up to the next, for asserting on one block of it.
fn between<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let start = body
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} in {body}"));
    let rest = &body[start..];
    let end = rest.find(to).unwrap_or(rest.len());
    &rest[..end]
}

/// The text with each run of whitespace as one space: templates indent and break lines.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No page names the project's own notes as a source.
fn cites_no_internal_file(body: &str) {
    for internal in ["seed 0", "DOMAIN.md", "shared/"] {
        assert!(!body.contains(internal), "{internal} in {body}");
    }
}

#[tokio::test]
async fn the_panel_cites_each_requirement_beside_it() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let page = ana.get("/portfolio/trainings").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let panel = between(&page.body, "aria-label=\"Requirements\"", "Checked against");
    // Ana applies for IFS at MassAIMH: Category II's degree comes from MI-AIMH's Level II
    // page, which has an address; MassAIMH's FAQ has none, so it is named without a link.
    let education = between(panel, "<span class=\"req-label\">Education</span>", "</li>");
    assert!(
        education.contains(
            "<p class=\"small muted rule-source\">Source: <a href=\"https://mi-aimh.org/endorsement/requirements-for-level-ii\" rel=\"external noopener\">MI-AIMH, Requirements for Level II</a></p>"
        ),
        "{education}"
    );
    let membership = between(
        panel,
        "<span class=\"req-label\">Membership</span>",
        "</li>",
    );
    assert!(
        membership.contains(
            "<p class=\"small muted rule-source\">Source: <cite>MassAIMH, Endorsement FAQ (what is required for the application)</cite></p>"
        ),
        "{membership}"
    );
    // Who vouches for the evidence is a different line from where the rule comes from.
    assert!(
        membership.contains("Evidence: the association&#39;s membership record"),
        "{membership}"
    );
    let ratings = between(
        panel,
        "<span class=\"req-label\">Reference ratings</span>",
        "</li>",
    );
    assert!(
        ratings.contains(
            "Source: <a href=\"https://mi-aimh.org/endorsement/tips-regarding-reference-ratings/\" rel=\"external noopener\">MI-AIMH, Tips Regarding Reference Ratings</a>"
        ),
        "{ratings}"
    );
    cites_no_internal_file(&page.body);
}

/// An endorsee of `association`, good through the end of 2026.
async fn endorsee(app: &TestApp, email: &str, association: &str, abbreviation: &str) -> PersonId {
    let store = app.state.store();
    let hash = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .1;
    let person = store
        .create_person(&NewPerson {
            email: email.to_string(),
            name: "Rena Walsh".to_string(),
            password_hash: hash,
            admin: false,
        })
        .await
        .expect("person");
    let association_id = store.association_by_slug(association).await.expect("a").id;
    store
        .add_endorsement(&NewEndorsement {
            person,
            association: association_id,
            abbreviation: abbreviation.to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: "Rena Walsh, MSW, IMH-E®".to_string(),
            title_line: "Infant Family Specialist".to_string(),
            display_name: "Rena Walsh".to_string(),
            city: "Boston".to_string(),
            region: "MA".to_string(),
            endorsed_on: NaiveDate::from_ymd_opt(2024, 6, 1).expect("date"),
            valid_through: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    person
}

#[tokio::test]
async fn the_renewal_page_cites_the_deadline_late_fee_and_items() {
    let app = TestApp::sqlite().await;
    endorsee(&app, "rena@example.org", "massaimh", "MassAIMH").await;
    let mut rena = app.client();
    rena.sign_in("rena@example.org").await;
    let page = rena.get("/renewal").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let terms = between(&page.body, "id=\"terms-massaimh\"", "</details>");
    // MassAIMH's renewal page states December 31 and the $25 late fee; when they began is
    // not published, so the page says that part is MassAIMH's setting.
    let cited = "Source: <a href=\"https://massaimh.org/endorsement-renewal/\" rel=\"external noopener\">MassAIMH, Endorsement Renewal</a>. ";
    let setting = " This is MassAIMH&#39;s setting in Lattice; the association can change it.</p>";
    let deadline = between(terms, "Renewal for 2026 is due by 2026-12-31.", "</li>");
    assert!(
        deadline.contains(&format!(
            "{cited}MassAIMH&#39;s FAQ gave January 31; when the date moved to December 31 is not published, so Lattice applies it from 2025.{setting}"
        )),
        "{deadline}"
    );
    // No grace period at MassAIMH: the renewal page is cited, its setting said once above.
    let no_grace = between(terms, "There is no grace period", "</li>");
    assert!(
        no_grace.contains("Source: <a href=\"https://massaimh.org/endorsement-renewal/\" rel=\"external noopener\">MassAIMH, Endorsement Renewal</a></p>"),
        "{no_grace}"
    );
    let late_fee = between(
        terms,
        "Late fee: a renewal handed in after 2026-12-31 costs $25.",
        "</li>",
    );
    assert!(
        late_fee.contains(&format!(
            "{cited}When the late fee began is not published, so Lattice applies it from 2025.{setting}"
        )),
        "{late_fee}"
    );
    let lapse = between(terms, "Lapse:", "</li>");
    assert!(
        lapse.contains("Source: <a href=\"https://mi-aimh.org/endorsement/endorsement-policies-2/\" rel=\"external noopener\">MI-AIMH, Endorsement Policies</a></p>"),
        "{lapse}"
    );
    // Each of the year's items cites its rule: the 15 hours from MassAIMH's own document.
    let items = between(&page.body, "<ul class=\"requirements\">", "</ul>");
    assert!(
        items.contains("Source: <cite>MassAIMH, Maintaining Endorsement</cite></p>"),
        "{items}"
    );
    cites_no_internal_file(&page.body);
}

/// NMAIMH keeps a late renewer in the registry until March 31: the grace period cites the
/// NMAIMH renewal page, where MassAIMH has none to cite.
#[tokio::test]
async fn the_grace_period_cites_the_association_that_grants_it() {
    let app = TestApp::sqlite().await;
    endorsee(&app, "nell@example.org", "nmaimh", "NMAIMH").await;
    let mut nell = app.client();
    nell.sign_in("nell@example.org").await;
    let page = nell.get("/renewal").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let terms = between(&page.body, "id=\"terms-nmaimh\"", "</details>");
    let grace = between(terms, "Grace period:", "</li>");
    assert!(
        grace.contains("Source: <a href=\"https://nmaimh.org/endorsement-renewal\" rel=\"external noopener\">NMAIMH, Endorsement Renewal</a></p>"),
        "{grace}"
    );
    cites_no_internal_file(&page.body);
}

/// The association page shows the fees, the 2025 Category III change and the renewal terms,
/// each beside its source.
#[tokio::test]
async fn the_association_page_cites_fees_the_2025_change_and_renewal() {
    let app = TestApp::sqlite().await;
    let page = app.client().get("/a/massaimh").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = squeeze(&page.body);
    let iii = between(&body, "id=\"IMHS\"", "</section>");
    assert!(
        iii.contains(
            "<p class=\"fees\"><strong>Fees:</strong> $25 registration, $300 application processing</p> <p class=\"small muted rule-source\">Source: <cite>MassAIMH, Endorsement FAQ (how much does Endorsement cost)</cite></p>"
        ),
        "{iii}"
    );
    assert!(
        iii.contains(
            "<li>From 2025 there is no Category III exam; the work requirement is supervised, paid parent-infant psychotherapy. <p class=\"small muted rule-source\">Source: <a href=\"https://ct-aimh.org/updates-for-the-endorsement-requirements-i-ec-mental-health-specialist\" rel=\"external noopener\">CT-AIMH, Updates for the Endorsement Requirements: I/EC Mental Health Specialist</a></p>"
        ),
        "{iii}"
    );
    // MassAIMH publishes no Reflective Supervisor fee: nothing to cite.
    let rs = between(&body, "id=\"IFRS\"", "</section>");
    assert!(
        rs.contains("Fees: ask the association (not published)"),
        "{rs}"
    );
    assert!(!rs.contains("how much does Endorsement cost"), "{rs}");
    let renewal = between(&body, "<h2>Renewal</h2>", "</section>");
    assert!(
        renewal.contains("Late renewal fee: $25 <p class=\"small muted rule-source\">Source: <a href=\"https://massaimh.org/endorsement-renewal/\" rel=\"external noopener\">MassAIMH, Endorsement Renewal</a>. When the late fee began is not published, so Lattice applies it from 2025. This is MassAIMH&#39;s setting in Lattice; the association can change it.</p>"),
        "{renewal}"
    );
    cites_no_internal_file(&page.body);
}
