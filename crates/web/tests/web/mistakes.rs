//! Mistakes keep people where they were (#19 item 1): each mistake, sent over HTTP past the
//! browser's own checks, comes back as the page the form was on (its navigation and the form),
//! with the message beside the field in plain words (no `field:` prefix) and what was typed
//! kept. The helpers here read that marking; other test files use them to say what a refusal
//! now looks like.

use axum::http::StatusCode;

use crate::support::{Page, TestApp};

/// The message of the marked page: the paragraph beside the field, else the summary above the
/// form, in plain text.
pub fn message_of(page: &Page) -> Option<String> {
    between(&page.body, "id=\"mistake-error\">", "</p>")
        .or_else(|| {
            let summary = between(&page.body, "id=\"mistake\"", "</div>")?;
            between(&summary, "<p>", "</p>")
        })
        .map(|s| unescape(&s))
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(text[from..to].to_string())
}

fn unescape(text: &str) -> String {
    text.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The start tag of the control named `name` that the page marks, else of the first so named.
fn control(page: &Page, name: &str) -> String {
    let needle = format!("name=\"{name}\"");
    let tags: Vec<String> = page
        .body
        .match_indices(&needle)
        .filter_map(|(at, _)| {
            let start = page.body[..at].rfind('<')?;
            let end = at + page.body[at..].find('>')?;
            Some(page.body[start..=end].to_string())
        })
        .collect();
    tags.iter()
        .find(|t| t.contains("aria-invalid"))
        .or(tags.first())
        .cloned()
        .unwrap_or_else(|| panic!("no control named {name}: {}", page.body))
}

/// The refusal came back as a page with the site's navigation and a form, not a bare error page.
pub fn on_its_page(page: &Page) {
    assert!(
        matches!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT
        ),
        "{}: {}",
        page.status,
        page.body
    );
    assert!(
        page.body.contains("<nav aria-label=\"Account\">") && page.body.contains("<form"),
        "not the form's page: {}",
        page.body
    );
    assert!(
        !page.body.contains("Unprocessable Entity ·"),
        "a bare error page: {}",
        page.body
    );
}

/// `message` sits beside the control named `field`, which is marked invalid and described by it.
pub fn beside(page: &Page, field: &str, message: &str) {
    on_its_page(page);
    let tag = control(page, field);
    assert!(
        tag.contains("aria-invalid=\"true\"") && tag.contains("mistake-error"),
        "{field} is not marked: {tag}"
    );
    assert_eq!(
        between(&page.body, "id=\"mistake-error\">", "</p>").map(|s| unescape(&s)),
        Some(message.to_string()),
        "{}",
        page.body
    );
}

/// The page of the form says `message`, beside its field or above the form.
pub fn says(page: &Page, message: &str) {
    on_its_page(page);
    assert_eq!(message_of(page).as_deref(), Some(message), "{}", page.body);
}

/// The name of the control the page marks as the one to fix.
pub fn field_of(page: &Page) -> Option<String> {
    let at = page.body.find("aria-describedby=\"mistake-error")?;
    let start = page.body[..at].rfind('<')?;
    let end = at + page.body[at..].find('>')?;
    between(&page.body[start..=end], "name=\"", "\"")
}

/// `message` heads the form (it names no field of it).
pub fn above(page: &Page, message: &str) {
    on_its_page(page);
    assert!(!page.body.contains("id=\"mistake-error\""), "{}", page.body);
    assert_eq!(message_of(page).as_deref(), Some(message), "{}", page.body);
}

/// The control named `field` shows `value` again.
pub fn kept(page: &Page, field: &str, value: &str) {
    let tag = control(page, field);
    assert!(
        tag.contains(&format!("value=\"{value}\"")),
        "{field} lost what was typed: {tag}"
    );
}

#[tokio::test]
async fn an_invalid_rater_email_comes_back_beside_the_field_with_the_name_kept() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/references").await;
    let bad = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Grace Okafor"),
                ("email", "grace-at-example"),
                ("role", "colleague"),
            ],
        )
        .await;
    beside(
        &bad,
        "email",
        "Give the rater's email address, like name@example.org",
    );
    kept(&bad, "name", "Grace Okafor");
    kept(&bad, "email", "grace-at-example");
    assert!(
        bad.body
            .contains(r#"<option value="colleague" selected="">"#)
    );
    assert!(bad.body.contains("<h1>References</h1>"), "{}", bad.body);
}

#[tokio::test]
async fn a_file_of_the_wrong_type_comes_back_on_the_education_page() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/education").await;
    let wrong = ana
        .post_multipart(
            "/portfolio/education/transcripts",
            &[("entry", "")],
            ("file", "notes.txt", "just some text, not a transcript"),
        )
        .await;
    beside(
        &wrong,
        "file",
        "Only PDF, PNG or JPEG files are accepted, and this file is none of them",
    );
    assert!(wrong.body.contains("<h1>Education</h1>"), "{}", wrong.body);
}

#[tokio::test]
async fn a_file_over_the_limit_says_the_limit_beside_the_field() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let before = ana.get("/portfolio/trainings").await;
    // The limit is said before a file is chosen.
    assert!(
        before.body.contains("A PDF, PNG or JPEG of up to 10 MB."),
        "{}",
        before.body
    );
    let mut big = String::from("%PDF-1.4\n");
    big.push_str(&"x".repeat(11 * 1024 * 1024));
    let over = ana
        .post_multipart(
            "/portfolio/trainings/certificates",
            &[("entry", "")],
            ("file", "scan.pdf", &big),
        )
        .await;
    beside(
        &over,
        "file",
        "This file is larger than 10 MB, the largest accepted here; scan it at a lower resolution or save it as a smaller PDF",
    );
    assert!(over.body.contains("<h1>Trainings</h1>"), "{}", over.body);
}

#[tokio::test]
async fn out_of_range_registry_parameters_show_the_registry_with_a_sentence() {
    let app = TestApp::sqlite().await;
    let mut visitor = app.client();
    for query in ["skip=-1", "limit=100000", "skip=abc", "limit=2&limit=3"] {
        let page = visitor.get(&format!("/registry?name=Osei&{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(page.body.contains("id=\"registry-search\""), "{query}");
        let expected = if query.contains("limit=2&") {
            "The address of this search could not be read (a part given twice?); search again below"
        } else {
            "The address asks for a page of results that does not exist; the first results are shown instead."
        };
        assert_eq!(message_of(&page).as_deref(), Some(expected), "{query}");
    }
    // The typed name is kept and its results shown.
    let page = visitor.get("/registry?name=Osei&skip=-1").await;
    assert!(
        page.body
            .contains(r#"id="r-name" name="name" value="Osei""#)
    );
    assert!(
        page.body.contains("id=\"registry-results\""),
        "{}",
        page.body
    );
    // An unknown category: the message beside the category box, the name kept.
    let page = visitor.get("/registry?name=Osei&category=XYZ").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains(r#"aria-invalid="true" aria-describedby="r-category-error""#)
    );
    assert_eq!(
        between(&page.body, "id=\"r-category-error\">", "</p>").map(|s| unescape(&s)),
        Some("\"XYZ\" is not a category abbreviation (IFA, IFS, IMHS, …)".to_string())
    );
    assert!(page.body.contains(r#"value="Osei""#));

    // Each refusal beside its box, in English and in Spanish (issue #23); a visitor's
    // Spanish comes from the browser's Accept-Language.
    let long = "a".repeat(101);
    let spanish = &[("accept-language", "es-MX,es;q=0.9")];
    for (query, field, english, in_spanish) in [
        (
            "category=XYZ".to_string(),
            "category",
            "\"XYZ\" is not a category abbreviation (IFA, IFS, IMHS, …)",
            "«XYZ» no es la abreviatura de una categoría (IFA, IFS, IMHS, …)",
        ),
        (
            "association=nowhere".to_string(),
            "association",
            "No association \"nowhere\"",
            "No hay ninguna asociación «nowhere»",
        ),
        (
            format!("name={long}"),
            "name",
            "At most 100 characters",
            "Como máximo 100 caracteres",
        ),
        (
            format!("city={long}"),
            "city",
            "At most 100 characters",
            "Como máximo 100 caracteres",
        ),
    ] {
        let path = format!("/registry?{query}");
        for (headers, words) in [(&[][..], english), (&spanish[..], in_spanish)] {
            let page = visitor.get_with(&path, headers).await;
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            assert_eq!(
                between(&page.body, &format!("id=\"r-{field}-error\">"), "</p>")
                    .map(|s| unescape(&s)),
                Some(words.to_string()),
                "{query}"
            );
        }
    }
    // A name of exactly 100 characters is a search like any other.
    let page = visitor
        .get(&format!("/registry?name={}", "a".repeat(100)))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("r-name-error"), "{}", page.body);
    // The API keeps its English "field: words".
    let api = visitor.get("/api/registry?association=nowhere").await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        api.json()["error"].as_str(),
        Some("association: no association \"nowhere\""),
        "{}",
        api.body
    );
}

#[tokio::test]
async fn confirming_before_the_fee_is_paid_comes_back_above_the_confirm_button() {
    let app = TestApp::sqlite().await;
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get("/register?association=massaimh&category=IFS").await;
    let later = (chrono::Utc::now() + chrono::Duration::days(40))
        .date_naive()
        .to_string();
    let registered = ben
        .post(
            "/register",
            &[
                ("association", "massaimh"),
                ("category", "IFS"),
                ("intended_submission", &later),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let path = registered.location.expect("to the application");
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get(&path).await;
    let unpaid = coordinator
        .post(
            &format!("{path}/events"),
            &[("event", "confirm"), ("reason", "typed note")],
        )
        .await;
    above(
        &unpaid,
        "The registration fee is not marked paid yet; mark its invoice paid first",
    );
    // Above the form of the Confirm button, whose note keeps what was typed.
    let summary = unpaid.body.find("id=\"mistake\"").expect("summary");
    let form = &unpaid.body[summary..];
    let end = form.find("</form>").expect("the form");
    assert!(
        form[..end].contains(r#"name="event" value="confirm""#)
            && form[..end].contains(">typed note</textarea>"),
        "{}",
        unpaid.body
    );
}

#[tokio::test]
async fn a_review_sent_without_a_recommendation_keeps_the_ticks_and_comments() {
    let app = TestApp::sqlite().await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let mut reviewer = app.client();
    reviewer.sign_in("reviewer1@massaimh.test").await;
    let path = format!("/applications/{farah}/review");
    let form = reviewer.get(&path).await;
    assert!(form.body.contains("id=\"review-form\""), "{}", form.body);
    let refused = reviewer
        .post(
            &format!("{path}/submit"),
            &[
                ("comments", "Strong <b>work</b> so far"),
                ("more_rsc", "on"),
            ],
        )
        .await;
    beside(
        &refused,
        "recommendation",
        "Choose one of the recommendations",
    );
    assert!(
        refused
            .body
            .contains(">Strong &lt;b&gt;work&lt;/b&gt; so far</textarea>"),
        "{}",
        refused.body
    );
    assert!(
        control(&refused, "more_rsc").contains("checked"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn a_decision_box_left_unticked_past_the_browser_is_asked_for_again() {
    let app = TestApp::sqlite().await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get(&format!("/applications/{farah}")).await;
    // The form says it asked; the box was not ticked.
    let refused = coordinator
        .post(
            &format!("/applications/{farah}/events"),
            &[("event", "withdraw"), ("asked", "confirmed")],
        )
        .await;
    beside(
        &refused,
        "confirmed",
        "Tick the box to say you mean it; this step cannot be undone",
    );
    let state = app
        .state
        .store()
        .application(lattice_domain::ids::ApplicationId(farah))
        .await
        .expect("row")
        .state;
    assert_ne!(state, lattice_domain::application::State::Withdrawn);
}
