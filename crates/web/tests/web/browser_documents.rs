//! The association's own words in real headless Chromium at 1280 and 390 px (issue #21 item
//! 2): MassAIMH's coordinator opens the agreement texts from the staff page and publishes a
//! second Code of Ethics, previews a worded rating request, and Ana Ruiz reads the new text on
//! her agreements page, told which version she signed. Screenshots are saved and axe-core runs
//! on each page.

use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{Driver, Served, Walk, browser_available};
use crate::support::Sink;

const NEW_TEXT: &str = "As an infant and early childhood mental health professional I put the relationship between the baby and the parent at the centre of my work.\n\nI keep what families tell me confidential, within the limits of the law, and I say those limits at the start.\n\nI seek reflective supervision or consultation regularly, and I practise within my competence.";

#[tokio::test]
async fn the_associations_words_in_the_browser() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    walk.client
        .set_window_size(1280, 1000)
        .await
        .expect("window size");
    walk.sign_in("coordinator@massaimh.test", DEMO_PASSWORD)
        .await;
    walk.go("/staff/massaimh").await;
    walk.click("#settings").await;
    walk.click("#settings-agreements").await;
    walk.expect_text("Code of Ethics: version 1").await;
    walk.click("#code_of_ethics summary").await;
    walk.set("title-code_of_ethics", "Code of Ethics (2027)")
        .await;
    walk.set("body-code_of_ethics", NEW_TEXT).await;
    walk.click("#publish-code_of_ethics").await;
    walk.expect_text("Code of Ethics: version 2").await;
    for (width, suffix) in [(1280, ""), (390, "-phone")] {
        walk.client
            .set_window_size(width, 1000)
            .await
            .expect("window size");
        walk.go("/staff/massaimh/settings/agreements").await;
        walk.check(&format!("agreement-settings{suffix}")).await;
    }

    walk.client
        .set_window_size(1280, 1000)
        .await
        .expect("window size");
    walk.go("/staff/massaimh").await;
    walk.click("#settings").await;
    walk.click("#settings-mail").await;
    walk.expect_text("Rating request to a rater").await;
    walk.set(
        "subject-rating-request",
        "A reference for {applicant_name}, please",
    )
    .await;
    walk.click("#preview-button-rating-request").await;
    walk.expect_text("id=\"preview-rating-request\"").await;
    for (width, suffix) in [(1280, ""), (390, "-phone")] {
        walk.client
            .set_window_size(width, 1000)
            .await
            .expect("window size");
        walk.check(&format!("mail-settings-preview{suffix}")).await;
    }
    walk.set("body-renewal-reminder", "Renew now, {nickname}")
        .await;
    walk.click("#save-renewal-reminder").await;
    walk.expect_text("id=\"error-renewal-reminder\"").await;
    walk.check("mail-settings-refused-phone").await;
    walk.sign_out().await;

    walk.client
        .set_window_size(1280, 1000)
        .await
        .expect("window size");
    walk.sign_in("ana@example.org", DEMO_PASSWORD).await;
    for (width, suffix) in [(1280, ""), (390, "-phone")] {
        walk.client
            .set_window_size(width, 1000)
            .await
            .expect("window size");
        walk.go("/portfolio/agreements").await;
        walk.expect_text("You signed version 1; version 2 is current.")
            .await;
        walk.check(&format!("agreements-new-version{suffix}")).await;
    }
    walk.go("/a/massaimh/agreements/code_of_ethics/1").await;
    walk.expect_text("A newer version is in force").await;
    walk.check("agreement-text-v1").await;
    served.stop().await;
}
