//! The forms as a keyboard-only user lives them, in real headless Chromium over WebDriver:
//! every step is a key (Tab, Enter, Space, arrows) sent as WebDriver key actions, never a
//! click or a value set by script. Scripts run only to read where focus is and what shows.
//!
//! An applicant adds a training whose competency area she finds with the filter (Enter in the
//! filter submits nothing), reaches the field she left empty from the error summary that took
//! focus, hears the status message that takes focus after the add, an edit, a delete and a
//! rating request; the rater sends
//! the form incomplete, gets the server's message with what he typed kept, follows its link to
//! the question and answers every area with Space and the arrow keys. axe-core checks each
//! page; screenshots go to `/tmp/shots-forms` (or `LATTICE_SHOTS_FORMS`).
//!
//! Needs Chromium, ChromeDriver and axe-core as `browser.rs` does; under `CI=true` a missing
//! one fails the test.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::browser::{Driver, Served, Walk, axe_source, browser, browser_available};
use crate::support::Sink;

/// One key pressed and released.
async fn press(walk: &Walk, key: Key) {
    let key: char = key.into();
    let actions = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    walk.client
        .perform_actions(actions)
        .await
        .expect("press a key");
}

/// Text typed key by key into whatever has focus.
async fn type_keys(walk: &Walk, text: &str) {
    let mut actions = KeyActions::new("keyboard".to_string());
    for c in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    walk.client
        .perform_actions(actions)
        .await
        .expect("type keys");
}

/// Reads (never changes) the page: the value of a script expression.
async fn read(walk: &Walk, expression: &str) -> Value {
    walk.client
        .execute(&format!("return ({expression});"), vec![])
        .await
        .unwrap_or_else(|e| panic!("read {expression}: {e}"))
}

/// Whether the element with focus matches `css`.
async fn focus_is(walk: &Walk, css: &str) -> bool {
    read(
        walk,
        &format!(
            "document.activeElement !== null && document.activeElement.matches({})",
            json!(css)
        ),
    )
    .await
        == json!(true)
}

/// A description of the element with focus, for failure messages.
async fn focused(walk: &Walk) -> String {
    read(
        walk,
        "document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : 'nothing'",
    )
    .await
    .as_str()
    .unwrap_or("?")
    .to_string()
}

/// Presses Tab until the element with focus matches `css` (bounded: a page's controls, date
/// inputs taking a Tab per part). Fails naming where focus went instead.
async fn tab_to(walk: &Walk, css: &str) {
    for _ in 0..150 {
        press(walk, Key::Tab).await;
        if focus_is(walk, css).await {
            return;
        }
    }
    panic!(
        "Tab never reached {css}; focus is on {}",
        focused(walk).await
    );
}

/// Waits (bounded) until the element matching `css` exists and has focus: after Enter the
/// next page may still be loading.
async fn expect_focus(walk: &Walk, css: &str) {
    for _ in 0..100 {
        if focus_is(walk, css).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "focus never reached {css}; it is on {}\n{}",
        focused(walk).await,
        walk.source().await
    );
}

async fn displayed(walk: &Walk, css: &str) -> bool {
    walk.client
        .find(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .is_displayed()
        .await
        .expect("displayed")
}

fn shots() -> PathBuf {
    let dir = std::env::var("LATTICE_SHOTS_FORMS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/tmp/shots-forms"));
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

#[tokio::test]
async fn a_keyboard_user_adds_a_training_fixes_an_error_and_completes_a_rating() {
    if !browser_available() {
        return;
    }
    let axe = axe_source();
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let client = browser(&driver, &work.path().join("chromium")).await;
    let mut walk = Walk {
        client,
        base: served.config.base_url.clone(),
        axe,
        shots: shots(),
        checked: Vec::new(),
    };
    let ana = "ana@example.org";

    // Signing in, by keyboard too.
    walk.go("/sign-in").await;
    tab_to(&walk, "#email").await;
    type_keys(&walk, ana).await;
    tab_to(&walk, "#password").await;
    type_keys(&walk, lattice_web::demo::DEMO_PASSWORD).await;
    press(&walk, Key::Enter).await;
    walk.expect_text("Welcome,").await;

    // The training form: title and date typed, the area found through the filter.
    walk.go("/portfolio/trainings").await;
    let title = "Keyboard-only attachment day";
    tab_to(&walk, "#f-title").await;
    type_keys(&walk, title).await;
    tab_to(&walk, "#f-date").await;
    // Chromium's date input takes its parts in the page's locale order (en-US).
    type_keys(&walk, "03022024").await;
    tab_to(&walk, "#competency-filter").await;
    walk.check("trainings-areas").await;
    type_keys(&walk, "attachment").await;
    walk.expect_text("1 area shown").await;
    let wanted = "#f-competencies-attachment-separation-trauma-grief-loss";
    assert!(displayed(&walk, wanted).await, "the matching area shows");
    for other in [
        "#f-competencies-pregnancy-early-parenthood",
        "#f-competencies-reflective-supervision",
    ] {
        assert!(
            !displayed(&walk, other).await,
            "{other} does not match and is hidden"
        );
    }
    assert_eq!(
        read(
            &walk,
            "[...document.querySelectorAll('fieldset.group-set')].filter(g => g.offsetParent !== null).length"
        )
        .await,
        json!(1),
        "only the group holding the match shows"
    );
    // Enter in the filter submits nothing: a submit listener (reading only) counts attempts.
    read(
        &walk,
        "(window.submits = 0, document.addEventListener('submit', () => window.submits++, true), 0)",
    )
    .await;
    press(&walk, Key::Enter).await;
    assert_eq!(
        read(&walk, "window.submits").await,
        json!(0),
        "Enter in the filter submitted the form"
    );
    assert!(focus_is(&walk, "#competency-filter").await);
    // The next Tab reaches the one area left, skipping the hidden ones; Space ticks it.
    press(&walk, Key::Tab).await;
    assert!(
        focus_is(&walk, wanted).await,
        "Tab went to {} instead of the area the filter left",
        focused(&walk).await
    );
    // Focus scrolled the area into view, the filter above it.
    walk.check("trainings-filtered").await;
    press(&walk, Key::Space).await;
    assert_eq!(
        read(
            &walk,
            &format!("document.querySelector('{wanted}').checked")
        )
        .await,
        json!(true)
    );

    // Sent without hours: the error summary takes focus and links to the field.
    tab_to(&walk, "form.entry-form button[type=submit]").await;
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "#problems").await;
    let page = walk.source().await;
    assert!(page.contains("href=\"#f-hours\""), "{page}");
    assert!(
        page.contains("aria-describedby=\"f-hours-help f-hours-error\""),
        "the hours field names its help and its error"
    );
    walk.check("trainings-error").await;
    press(&walk, Key::Tab).await;
    assert!(
        focus_is(&walk, "#problems a[href='#f-hours']").await,
        "the first Tab from the summary reaches its link, not {}",
        focused(&walk).await
    );
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "#f-hours").await;
    // What she typed is kept, the chosen area too.
    assert_eq!(
        read(&walk, "document.getElementById('f-title').value").await,
        json!(title)
    );
    assert_eq!(
        read(
            &walk,
            &format!("document.querySelector('{wanted}').checked")
        )
        .await,
        json!(true)
    );
    type_keys(&walk, "6.5").await;
    press(&walk, Key::Enter).await;

    // Saved: the status message says so and has focus.
    expect_focus(&walk, "#status[role=status]").await;
    let page = walk.source().await;
    assert!(page.contains("Entry added"), "{page}");
    assert!(page.contains(title));
    walk.check("trainings-added").await;
    let (person, _) = served.store.person_by_email(ana).await.expect("Ana");
    let saved = |hours: f64| {
        let store = served.store.clone();
        async move {
            let found: Vec<_> = store
                .entries(person.id)
                .await
                .expect("entries")
                .into_iter()
                .filter(|e| e.data["title"] == json!(title))
                .collect();
            assert_eq!(found.len(), 1, "one training saved: {found:?}");
            assert_eq!(
                found[0].data["competencies"],
                json!(["attachment-separation-trauma-grief-loss"])
            );
            assert_eq!(found[0].data["hours"], json!(hours));
            found[0].id.0
        }
    };
    let id = saved(6.5).await;

    // Edited from its Edit link: the hours retyped (Tab selects what the field holds).
    tab_to(
        &walk,
        &format!("a[href='/portfolio/trainings/{id}#entry-form']"),
    )
    .await;
    press(&walk, Key::Enter).await;
    walk.expect_text("Edit this entry").await;
    tab_to(&walk, "#f-hours").await;
    type_keys(&walk, "7").await;
    // On through the areas (unfiltered, in their groups) to the Save button.
    tab_to(&walk, "#f-competencies-government-law-regulation").await;
    walk.check("trainings-edit-areas").await;
    tab_to(&walk, "form.entry-form button[type=submit]").await;
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "#status[role=status]").await;
    walk.expect_text("Changes saved.").await;
    assert_eq!(saved(7.0).await, id);

    // Deleted with its Delete button, which first asks (Enter opens the question, and Tab
    // goes on to the real button).
    tab_to(
        &walk,
        &format!(
            "details.confirm-step:has(form[action='/portfolio/trainings/{id}/delete']) > summary"
        ),
    )
    .await;
    press(&walk, Key::Enter).await;
    walk.expect_text("Delete this entry for good?").await;
    tab_to(
        &walk,
        &format!("form[action='/portfolio/trainings/{id}/delete'] button"),
    )
    .await;
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "#status[role=status]").await;
    walk.expect_text("Entry deleted.").await;
    walk.check("trainings-deleted").await;
    assert!(
        !served
            .store
            .entries(person.id)
            .await
            .expect("entries")
            .iter()
            .any(|e| e.data["title"] == json!(title)),
        "the training is gone"
    );

    // A message to the coordinator from the same page: its confirmation takes focus too.
    tab_to(&walk, "#message-body").await;
    type_keys(&walk, "Is a keyboard-only day a workshop?").await;
    tab_to(&walk, "form[action='/portfolio/trainings/messages'] button").await;
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "#message-sent[role=status]").await;
    // And from the agreements page, which said nothing before.
    walk.go("/portfolio/agreements").await;
    tab_to(&walk, "#message-body").await;
    type_keys(&walk, "Can I sign on paper?").await;
    tab_to(
        &walk,
        "form[action='/portfolio/agreements/messages'] button",
    )
    .await;
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "#message-sent[role=status]").await;

    // A rating request: the role chosen with the arrow keys, the waiver with Space.
    walk.go("/portfolio/references").await;
    tab_to(&walk, "#rater-name").await;
    type_keys(&walk, "Rosa Keys").await;
    tab_to(&walk, "#rater-email").await;
    type_keys(&walk, "rosa.keys@example.org").await;
    tab_to(&walk, "#rater-role").await;
    press(&walk, Key::Down).await;
    assert_eq!(
        read(&walk, "document.getElementById('rater-role').value").await,
        json!("rsc-provider")
    );
    tab_to(&walk, "input[name=waived]").await;
    press(&walk, Key::Space).await;
    tab_to(
        &walk,
        "form[action='/portfolio/references/request'] button[type=submit]",
    )
    .await;
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "#status[role=status]").await;
    walk.expect_text("Rating request sent").await;
    walk.check("references-requested").await;

    // The rater, without an account: the link from the mail.
    let invitation =
        crate::browser::wait_for_mail(&sink, "rosa.keys@example.org", "reference rating").await;
    let link = crate::browser::link_in_message(&invitation, "/rate/");
    walk.client.delete_all_cookies().await.expect("sign out");
    walk.go(&link).await;
    walk.check("rating-form").await;
    let areas = read(&walk, "document.querySelectorAll('fieldset.rate').length")
        .await
        .as_u64()
        .expect("a count");
    assert!(areas > 5, "{areas} areas");
    // Comments first, then sent incomplete: the server says what is missing (the browser's
    // own checks do not stop the form) and keeps the comments.
    let comments = "Rosa has seen her home visits since 2019.";
    tab_to(&walk, "#comments").await;
    type_keys(&walk, comments).await;
    tab_to(&walk, "form button[type=submit]").await;
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "#rate-errors").await;
    assert_eq!(
        read(&walk, "document.getElementById('comments').value").await,
        json!(comments)
    );
    assert_eq!(
        read(&walk, "document.querySelectorAll('#rate-errors a').length").await,
        json!(areas),
        "one linked message per unanswered area"
    );
    walk.check("rating-incomplete").await;
    // The summary's first link leads to the first area's answers.
    press(&walk, Key::Tab).await;
    press(&walk, Key::Enter).await;
    expect_focus(&walk, "fieldset.rate:first-of-type input[type=radio]").await;
    // The arrow key moves to (and chooses) the second answer in the first area; each further
    // Tab reaches the next area's answers, where Space chooses the first.
    press(&walk, Key::Down).await;
    let mut answered = 1;
    loop {
        press(&walk, Key::Tab).await;
        if !focus_is(&walk, "input[type=radio]").await {
            break;
        }
        press(&walk, Key::Space).await;
        answered += 1;
    }
    assert_eq!(answered, areas, "every area reached by Tab");
    assert!(
        focus_is(&walk, "#known_since").await,
        "{}",
        focused(&walk).await
    );
    type_keys(&walk, "09012019").await;
    tab_to(&walk, "form button[type=submit]").await;
    press(&walk, Key::Enter).await;
    walk.expect_text("Thank you for your rating").await;
    walk.check("rating-thanks").await;

    let application = served
        .store
        .applications_of_person(person.id)
        .await
        .expect("applications")
        .into_iter()
        .last()
        .expect("Ana's application");
    let rating = served
        .store
        .rating_details(application.id)
        .await
        .expect("ratings")
        .into_iter()
        .find(|r| r.request.rater_email == "rosa.keys@example.org")
        .expect("Rosa's rating");
    let answers = rating.answers.as_object().expect("answers");
    assert_eq!(answers.len() as u64, areas);
    assert_eq!(
        answers.values().filter(|a| *a == "sometimes").count(),
        1,
        "the arrow key chose one answer: {answers:?}"
    );
    assert_eq!(
        answers.values().filter(|a| *a == "consistently").count() as u64,
        areas - 1
    );
    assert_eq!(rating.comments, comments);
    assert_eq!(
        rating.known_since.map(|d| d.to_string()).as_deref(),
        Some("2019-09-01")
    );
    assert!(rating.request.waived, "Space ticked the waiver");

    walk.client.close().await.expect("close");
    served.stop().await;
}
