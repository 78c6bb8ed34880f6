//! The rules page in real headless Chromium at 1280 and 390 px (issue #21 item 3): MassAIMH's
//! coordinator opens it from the staff page, previews a draft with a mistake, then one that
//! raises the Category II training minimum, and reads the impact table. Screenshots of the
//! draft, the refusal and the preview are saved, and axe-core runs on each.

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
async fn a_coordinator_previews_a_rule_change_in_the_browser() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    for (width, suffix) in [(1280, ""), (390, "-phone")] {
        walk.client
            .set_window_size(width, 1000)
            .await
            .expect("window size");
        if suffix.is_empty() {
            walk.sign_in("coordinator@massaimh.test", DEMO_PASSWORD)
                .await;
        }
        walk.go("/staff/massaimh").await;
        walk.click("#rules").await;
        walk.expect_text("Draft an edition").await;
        walk.check(&format!("rules-draft{suffix}")).await;

        walk.set(
            "draft-text",
            "[[edition]]\neffective = \"2027-01-01\"\n[edition.categories.II.training]\nminimum_hourz = 36\n",
        )
        .await;
        walk.click("#preview").await;
        let refused = walk.expect_text("The draft was not checked.").await;
        assert!(refused.contains("line 4: "), "{refused}");
        walk.check(&format!("rules-errors{suffix}")).await;

        walk.set("draft-text", RAISE).await;
        walk.click("#preview").await;
        let shown = walk.expect_text("id=\"affected\"").await;
        assert!(shown.contains("Elena Morales"), "{shown}");
        scroll_to(&walk, "impact").await;
        walk.check(&format!("rules-preview{suffix}")).await;
    }
    served.stop().await;
}
