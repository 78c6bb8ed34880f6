//! Mistakes and steps that cannot be undone, in headless Chromium (#19 items 1 and 3): the
//! upload limit is said before a file is chosen and a file over it is stopped in the page; a
//! form sent past the browser's own checks comes back as its page with the message beside the
//! field and what was typed; deleting an entry and withdrawing an application each ask first,
//! without any script, and nothing happens until the person says yes.

use fantoccini::Locator;
use lattice_domain::application::State;
use lattice_domain::ids::ApplicationId;
use lattice_store::Section;
use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{Driver, Served, Walk, browser_available};
use crate::support::Sink;

#[tokio::test]
async fn mistakes_come_back_on_their_page_and_what_cannot_be_undone_asks_first() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let ana = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .0
        .id;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    walk.sign_in("ana@example.org", DEMO_PASSWORD).await;

    // The limit is said before a file is chosen; a file over it is stopped in the page, with
    // the message beside the box, and nothing is sent.
    walk.go("/portfolio/trainings").await;
    walk.expect_text("A PDF, PNG or JPEG of up to 10 MB.").await;
    let big = work.path().join("scan.pdf");
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(11 * 1024 * 1024, b'x');
    std::fs::write(&big, &bytes).expect("big file");
    let uploads_before = store.uploads_of(ana).await.expect("uploads").len();
    walk.client
        .find(Locator::Id("certificate-file"))
        .await
        .expect("file box")
        .send_keys(&big.display().to_string())
        .await
        .expect("choose the file");
    walk.expect_text("This file is 11.0 MB, larger than 10 MB, the largest accepted here")
        .await;
    walk.check("mistake-upload-too-large").await;
    walk.click("form[action='/portfolio/trainings/certificates'] button[type=submit]")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(walk.path().await, "/portfolio/trainings");
    assert_eq!(
        store.uploads_of(ana).await.expect("uploads").len(),
        uploads_before,
        "nothing was sent"
    );

    // A file of the wrong type goes to the server, which sends the page back with the
    // message beside the box.
    let text = work.path().join("notes.pdf");
    std::fs::write(&text, "only words, not a PDF").expect("file");
    walk.client
        .find(Locator::Id("certificate-file"))
        .await
        .expect("file box")
        .send_keys(&text.display().to_string())
        .await
        .expect("choose the file");
    walk.click("form[action='/portfolio/trainings/certificates'] button[type=submit]")
        .await;
    let page = walk
        .expect_text("Only PDF, PNG or JPEG files are accepted, and this file is none of them")
        .await;
    assert!(page.contains("<h1>Trainings</h1>"), "{page}");
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    walk.check("mistake-upload-wrong-type").await;

    // A rater's email sent past the browser's own check: the references page comes back with
    // the message beside the email and the name as typed.
    walk.go("/portfolio/references").await;
    walk.fill("rater-name", "Dr. Ruth Ames").await;
    walk.fill("rater-email", "ruth-at-example").await;
    walk.client
        .execute(
            "document.querySelector(\"form[action='/portfolio/references/request']\").noValidate = true;",
            vec![],
        )
        .await
        .expect("skip the browser's check");
    walk.click_button("Send the request").await;
    let page = walk
        .expect_text("Give the rater's email address, like name@example.org")
        .await;
    assert!(page.contains("value=\"Dr. Ruth Ames\""), "{page}");
    assert!(page.contains("value=\"ruth-at-example\""), "{page}");
    walk.check("mistake-rater-email").await;

    // Deleting an entry asks first, in plain words; nothing is deleted until "Yes".
    let trainings = |store: lattice_store::SharedStore| async move {
        store
            .entries(ana)
            .await
            .expect("entries")
            .into_iter()
            .filter(|e| e.section == Section::Trainings)
            .count()
    };
    let before = trainings(store.clone()).await;
    walk.go("/portfolio/trainings").await;
    walk.click("details.confirm-step > summary").await;
    walk.expect_text("Delete this entry for good? It cannot be brought back.")
        .await;
    walk.check("confirm-delete").await;
    assert_eq!(trainings(store.clone()).await, before, "not deleted yet");
    walk.click("details.confirm-step[open] button.danger").await;
    walk.expect_text("Entry deleted.").await;
    assert_eq!(trainings(store.clone()).await, before - 1);

    // Withdrawing asks for a box stated in plain words: the browser holds the form until it
    // is ticked, with the keyboard too.
    let application = store
        .applications_of_person(ana)
        .await
        .expect("applications")
        .into_iter()
        .next()
        .expect("an application")
        .id;
    walk.go(&format!("/applications/{}", application.0)).await;
    walk.expect_text("I want to withdraw this application. This cannot be undone.")
        .await;
    walk.check("confirm-withdraw").await;
    walk.click_button("Withdraw application").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let state = |id: ApplicationId| {
        let store = store.clone();
        async move { store.application(id).await.expect("row").state }
    };
    assert_ne!(
        state(application).await,
        State::Withdrawn,
        "held by the box"
    );
    walk.client
        .find(Locator::Id("confirm-withdraw"))
        .await
        .expect("the box")
        .send_keys(" ")
        .await
        .expect("tick it with the space bar");
    walk.click_button("Withdraw application").await;
    walk.expect_text("withdrew the application").await;
    assert_eq!(state(application).await, State::Withdrawn);

    walk.client.close().await.expect("close");
    served.stop().await;
}
