//! Reinstatement in headless Chromium: the yearly pass lapses an endorsee; from the renewal
//! page she reads what reinstating needs before anything is created, starts it, and sees her
//! old ratings refused in plain words and a new one, sent through the emailed link, counted.
//! Each page passes the axe-core check.

use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{Driver, Served, Walk, browser_available, link_in_message, wait_for_mail};
use crate::reinstatement::lapsed_endorsee;
use crate::support::Sink;

#[tokio::test]
async fn a_lapsed_endorsee_reinstates_with_new_ratings_only() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let catalog = lattice_profiles::Catalog::embedded().expect("profiles");
    let lapsed = lapsed_endorsee(&served.store, &catalog, "rena@example.org", "Rena Walsh").await;
    let number = lapsed.number.clone();

    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;

    // The renewal page offers reinstatement; its page lists the needs before anything exists.
    walk.sign_in("rena@example.org", DEMO_PASSWORD).await;
    walk.go("/renewal").await;
    walk.expect_text("Deadline, grace period, late fee, lapse and reinstatement")
        .await;
    walk.check("reinstatement-renewal-lapsed").await;
    walk.click(&format!("a[href='/credentials/{number}/reinstate']"))
        .await;
    let needs = walk.expect_text("What is needed").await;
    for need in [
        "Updated membership",
        "New experience",
        "Three new ratings",
        "The processing fee",
    ] {
        assert!(needs.contains(need), "{need}: {needs}");
    }
    assert!(
        needs.contains(&format!(
            "<dt>Lapsed on</dt><dd><strong>{}</strong></dd>",
            lapsed.lapsed_on
        )),
        "{needs}"
    );
    let before = served
        .store
        .applications_of_person(lapsed.person)
        .await
        .expect("apps")
        .len();
    walk.check("reinstatement-needs").await;
    walk.click_button("Start the reinstatement").await;
    let page = walk.expect_text("id=\"next-step\"").await;
    assert_eq!(
        served
            .store
            .applications_of_person(lapsed.person)
            .await
            .expect("apps")
            .len(),
        before + 1,
        "created only on confirmation"
    );
    assert!(
        page.contains(&format!(
            "only ratings completed on or after {} count",
            lapsed.lapsed_on
        )),
        "{page}"
    );
    let application_path = walk.path().await;

    // The old ratings are refused, each in plain words.
    let old_reason = format!(
        "completed {}, before your endorsement lapsed on {}; reinstatement needs new ratings, completed on or after that day",
        lapsed.rated_on, lapsed.lapsed_on
    );
    assert_eq!(page.matches(&old_reason).count(), 3, "{page}");
    assert!(page.contains("0 of 3 ratings count"), "{page}");
    walk.check("reinstatement-application").await;
    wait_for_mail(
        &sink,
        "rena@example.org",
        "Reinstating your IFS endorsement",
    )
    .await;
    // The coordinator's long subject arrives folded; one word of it is enough.
    wait_for_mail(&sink, "coordinator@massaimh.test", "reinstatement").await;

    // A new rating: asked for from the portfolio, sent through the emailed link.
    walk.go("/portfolio/references").await;
    walk.fill("rater-name", "Dr. Ruth Ames").await;
    walk.fill("rater-email", "ruth@example.org").await;
    walk.select("rater-role", "colleague").await;
    walk.click("form[action='/portfolio/references/request'] button[type=submit]")
        .await;
    walk.expect_text("ruth@example.org)").await;
    let invitation = wait_for_mail(&sink, "ruth@example.org", "reference rating").await;
    let link = link_in_message(&invitation, "/rate/");
    walk.sign_out().await;
    walk.go(&link).await;
    walk.client
        .execute(
            "document.querySelectorAll('input[type=radio][value=consistently]').forEach(r => r.click());",
            vec![],
        )
        .await
        .expect("answer");
    walk.set("known_since", "2019-09-01").await;
    walk.click_button("Submit the rating").await;
    walk.expect_text("Thank you for your rating").await;

    // Counted: one new rating, the three old ones still refused.
    walk.sign_in("rena@example.org", DEMO_PASSWORD).await;
    walk.go(&application_path).await;
    let page = walk.expect_text("1 of 3 ratings count").await;
    assert_eq!(page.matches(&old_reason).count(), 3, "{page}");
    walk.check("reinstatement-new-rating-counted").await;

    // The coordinator's queue marks it.
    walk.sign_out().await;
    walk.sign_in("coordinator@massaimh.test", DEMO_PASSWORD)
        .await;
    walk.go("/staff/massaimh").await;
    walk.expect_text(">Reinstatement</span>").await;
    walk.check("reinstatement-queue").await;

    walk.client.close().await.expect("close");
    served.stop().await;
}
