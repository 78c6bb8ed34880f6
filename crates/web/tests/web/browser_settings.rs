//! The association settings page in real headless Chromium at 1280 and 390 px (issue #21
//! item 2): MassAIMH's coordinator opens Settings from the staff page, tries a colour white
//! text cannot be read on (refused by name), then saves a name, colour and logo, and sees the
//! brand bar on the staff page and the association's registry. Screenshots of each are saved
//! and axe-core runs on each.

use fantoccini::Locator;
use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{Driver, Served, Walk, axe_source, browser, browser_available, workspace};
use crate::support::Sink;

async fn scroll_to(walk: &Walk, id: &str) {
    walk.client
        .execute(
            "document.getElementById(arguments[0]).scrollIntoView({block: 'center'})",
            vec![serde_json::json!(id)],
        )
        .await
        .expect("scroll");
}

#[tokio::test]
async fn a_coordinator_brands_the_association_in_the_browser() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let shots = workspace().join("target/browser-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    // Chromium takes only a canonical path for a file field.
    let logo = workspace()
        .join("crates/credentials/tests/fixtures/logo.png")
        .canonicalize()
        .expect("the logo fixture");
    let mut walk = Walk {
        client: browser(&driver, &work.path().join("chromium")).await,
        base: served.config.base_url.clone(),
        axe: axe_source(),
        shots,
        checked: Vec::new(),
    };
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
        walk.click("#settings").await;
        walk.expect_text("Settings pages").await;
        walk.check(&format!("settings{suffix}")).await;

        walk.set("display_name", "MassAIMH Endorsement Office")
            .await;
        walk.set("colour", "#77aadd").await;
        walk.click("#save-branding").await;
        let refused = walk.expect_text("Nothing was saved.").await;
        assert!(
            refused.contains("Brand colour: #77aadd has a contrast of"),
            "{refused}"
        );
        walk.check(&format!("settings-refused{suffix}")).await;
        scroll_to(&walk, "colour").await;
        walk.check(&format!("settings-refused-field{suffix}")).await;

        walk.set("colour", "#7a1f5c").await;
        walk.client
            .find(Locator::Id("logo"))
            .await
            .expect("file field")
            .send_keys(logo.to_str().expect("path"))
            .await
            .expect("choose the logo");
        walk.click("#save-branding").await;
        walk.expect_text("The settings are saved.").await;
        scroll_to(&walk, "brand-heading").await;
        walk.check(&format!("settings-saved{suffix}")).await;
        // The languages offered (issue #23): the demo's MassAIMH offers Spanish, and saving
        // the form as it was shown kept it ticked.
        let ticked = walk
            .client
            .execute("return document.getElementById('offer_es').checked", vec![])
            .await
            .expect("the Spanish box");
        assert_eq!(ticked, serde_json::json!(true));
        scroll_to(&walk, "languages").await;
        walk.check(&format!("settings-languages{suffix}")).await;

        walk.go("/staff/massaimh").await;
        let staff = walk.expect_text("id=\"association-brand\"").await;
        assert!(staff.contains("MassAIMH Endorsement Office"));
        walk.check(&format!("staff-branded{suffix}")).await;

        walk.go("/a/massaimh/registry").await;
        walk.expect_text("id=\"association-logo\"").await;
        walk.check(&format!("registry-branded{suffix}")).await;
    }
    served.stop().await;
}
