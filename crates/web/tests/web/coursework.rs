//! Coursework as evidence through the education form (issue #18, item 5): a course added with
//! its competency areas documents them on the coverage page and in the panel; a course row or
//! a certificate's areas that the rules refuse come back on their own fields.
//!
//! Ana (IFS at MassAIMH) has no counted training naming "Disorders of infancy/early
//! childhood": only a workshop of a second conference and her raters name it, so the tile is
//! a gap (see `portfolio::coverage_tells_documented_areas_from_areas_only_ratings_show`).

use axum::http::StatusCode;

use crate::support::TestApp;

const DISORDERS: &str = "disorders-of-infancy-early-childhood";

/// The education form's fields for a completed master's with one course.
fn degree_with_course<'a>(title: &'a str, areas: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("level", "masters"),
        ("degree", "MEd"),
        ("field", "Early Childhood"),
        ("institution", "Lesley University"),
        ("completed", "2024-05-18"),
        ("courses[0].title", title),
    ];
    fields.extend(areas.iter().map(|a| ("courses[0].competencies", *a)));
    fields
}

/// One tile of the coverage page, from its opening `<li>` to the end of its details.
pub(crate) fn tile(body: &str, name: &str) -> String {
    let at = body
        .find(&format!("<span class=\"tile-name\">{name}</span>"))
        .unwrap_or_else(|| panic!("a tile for {name}: {body}"));
    let start = body[..at].rfind("<li class=\"tile").expect("its tile");
    let end = at + body[at..].find("</details>").expect("its end");
    body[start..end].to_string()
}

#[tokio::test]
async fn a_course_added_through_the_form_documents_its_areas() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;

    let before = tile(
        &ana.get("/portfolio/coverage").await.body,
        "Disorders of infancy/early childhood",
    );
    assert!(before.starts_with("<li class=\"tile gap\">"), "{before}");

    let form = ana.get("/portfolio/education").await;
    assert!(
        form.body
            .contains("<legend>Course 1: competency areas it covers</legend>"),
        "the course's areas are a fieldset with a legend: {}",
        form.body
    );
    assert!(
        form.body
            .contains("<label for=\"f-courses-0-title\">Course 1: title (to add one)</label>"),
        "{}",
        form.body
    );
    let added = ana
        .post(
            "/portfolio/education",
            &degree_with_course("Disorders of Early Childhood", &[DISORDERS]),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);

    let page = ana.get("/portfolio/coverage").await;
    let disorders = tile(&page.body, "Disorders of infancy/early childhood");
    assert!(
        disorders.starts_with("<li class=\"tile one\">"),
        "{disorders}"
    );
    assert!(
        disorders.contains("<span class=\"tile-count\">documented by 1 course · expected</span>"),
        "{disorders}"
    );
    assert!(
        disorders.contains(
            "<li>Course: Disorders of Early Childhood (MEd Early Childhood, Lesley University)</li>"
        ),
        "{disorders}"
    );
    // The ratings are still listed beside it, and no longer stand alone.
    assert!(
        disorders.contains("<li>Rating by Dr. Lena Ortiz (shows, does not document)</li>"),
        "{disorders}"
    );

    // The panel's education line says it, and the entry lists its course.
    let section = ana.get("/portfolio/education").await;
    assert!(
        section.body.contains(
            "Coursework documents 1 competency area: Disorders of infancy/early childhood."
        ),
        "{}",
        section.body
    );
    let entry =
        "Master&#39;s degree MEd · Early Childhood · Lesley University · 2024-05-18 · 1 course";
    assert!(section.body.contains(entry), "{}", section.body);

    // Editing the entry shows the course with its areas, and an empty row to add another.
    let after = &section.body[section.body.find(entry).expect("the entry")..];
    let id = after
        .split("href=\"/portfolio/education/")
        .nth(1)
        .and_then(|rest| rest.split('#').next())
        .expect("an Edit link")
        .to_string();
    let edit = ana.get(&format!("/portfolio/education/{id}")).await;
    assert!(
        edit.body.contains("value=\"Disorders of Early Childhood\""),
        "{}",
        edit.body
    );
    assert!(
        edit.body.contains(&format!(
            "id=\"f-courses-0-competencies-{DISORDERS}\" name=\"courses[0].competencies\" value=\"{DISORDERS}\" checked"
        )),
        "{}",
        edit.body
    );
    assert!(edit.body.contains("Course 2: title (to add one)"));
}

/// Problems name the course row's field, and what was chosen is kept.
#[tokio::test]
async fn course_and_certificate_problems_name_their_fields() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/education").await;

    // Areas without a title; a plain degree naming areas as a whole.
    let mut fields = degree_with_course("", &[DISORDERS]);
    fields.push(("competencies", "screening-assessment"));
    let refused = ana.post("/portfolio/education", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("<p class=\"error\" id=\"f-courses-0-title-error\">must not be empty</p>"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("<a href=\"#f-courses-0-title\">Course 1: title: must not be empty</a>"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("id=\"f-competencies-error\">only a certificate program (imh_certificate) documents areas as a whole"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(&format!(
            "id=\"f-courses-0-competencies-{DISORDERS}\" name=\"courses[0].competencies\" value=\"{DISORDERS}\" checked"
        )),
        "the chosen area is kept: {}",
        refused.body
    );

    // A title without areas documents nothing, and says so on the areas.
    ana.get("/portfolio/education").await;
    let refused = ana
        .post(
            "/portfolio/education",
            &degree_with_course("Statistics I", &[]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            "id=\"f-courses-0-competencies-error\">name at least one competency area the course covers</p>"
        ),
        "{}",
        refused.body
    );
}

/// The same in headless Chromium, with axe-core on each page and screenshots to look at: the
/// education form's course row (its areas a fieldset of fieldsets, like a training's), the
/// entry listed with its course and the panel's words, and the coverage tile it documents.
#[tokio::test]
async fn a_course_in_the_browser() {
    use crate::browser::{Driver, Served, Walk, browser_available};
    use crate::support::Sink;
    use lattice_web::demo::DEMO_PASSWORD;

    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    walk.sign_in("ana@example.org", DEMO_PASSWORD).await;

    walk.go("/portfolio/education").await;
    walk.select("f-level", "masters").await;
    walk.fill("f-degree", "MEd").await;
    walk.fill("f-field", "Early Childhood").await;
    walk.fill("f-institution", "Lesley University").await;
    walk.set("f-completed", "2024-05-18").await;
    walk.fill("f-courses-0-title", "Disorders of Early Childhood")
        .await;
    walk.click(&format!(
        "input[name='courses[0].competencies'][value='{DISORDERS}']"
    ))
    .await;
    walk.client
        .execute(
            "document.querySelector(\"label[for='f-courses-0-title']\").scrollIntoView();
             window.scrollBy(0, -120);",
            vec![],
        )
        .await
        .expect("scroll");
    walk.check("coursework-education-form").await;
    walk.click("form.entry-form button[type=submit]").await;
    walk.expect_text("Lesley University · 2024-05-18 · 1 course")
        .await;
    walk.expect_text(
        "Coursework documents 1 competency area: Disorders of infancy/early childhood.",
    )
    .await;
    walk.check("coursework-education-listed").await;

    walk.go("/portfolio/coverage").await;
    walk.client
        .execute(
            "const tile = [...document.querySelectorAll('.tile-name')]
               .find(t => t.textContent === 'Disorders of infancy/early childhood')
               .closest('details');
             tile.open = true;
             tile.scrollIntoView();",
            vec![],
        )
        .await
        .expect("open the tile");
    walk.expect_text("documented by 1 course · expected").await;
    walk.check("coursework-coverage").await;
    assert_eq!(walk.checked.len(), 3);
}
