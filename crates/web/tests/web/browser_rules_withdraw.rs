//! A scheduled edition and its Withdraw button in real headless Chromium at 1280 and 390 px
//! (issue #21 item 3 follow-ups): MassAIMH's coordinator previews and schedules an edition,
//! reads it in the list of editions with its Withdraw button (screenshots and axe-core at
//! both widths), then withdraws it.

use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{Driver, Served, Walk, browser_available};
use crate::support::Sink;

const RAISE: &str = "[[edition]]\neffective = \"2027-01-01\"\n[edition.categories.II.training]\nminimum_hours = 36\n";

async fn scroll_to(walk: &Walk, id: &str) {
    walk.client
        .execute(
            "document.getElementById(arguments[0]).scrollIntoView({block: 'start'})",
            vec![serde_json::json!(id)],
        )
        .await
        .expect("scroll");
}

#[tokio::test]
async fn a_coordinator_withdraws_a_scheduled_edition_in_the_browser() {
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
    walk.go("/staff/massaimh/rules").await;
    walk.set("draft-text", RAISE).await;
    walk.click("#preview").await;
    walk.expect_text("id=\"affected\"").await;
    walk.click("#schedule").await;
    walk.expect_text("The edition is scheduled: it takes effect on 2027-01-01")
        .await;
    for (width, suffix) in [(1280, ""), (390, "-phone")] {
        walk.client
            .set_window_size(width, 1000)
            .await
            .expect("window size");
        walk.go("/staff/massaimh/rules").await;
        let page = walk.expect_text("<td>scheduled</td>").await;
        assert!(
            page.contains(">Withdraw the edition of 2027-01-01</button>"),
            "{page}"
        );
        scroll_to(&walk, "editions-heading").await;
        walk.check(&format!("rules-scheduled{suffix}")).await;
    }
    walk.click("form[id^=withdraw-] button").await;
    let after = walk
        .expect_text("The edition of 2027-01-01 is withdrawn: it will not take effect.")
        .await;
    assert!(!after.contains("<td>scheduled</td>"), "{after}");
    walk.check("rules-withdrawn-phone").await;
    served.stop().await;
}
