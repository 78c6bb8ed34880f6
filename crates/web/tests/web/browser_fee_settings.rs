//! The fees and renewal settings page in real headless Chromium at 1280 and 390 px (issue #21
//! item 2): MassAIMH's coordinator opens it from the staff page, sends a negative fee and
//! February 30, reads the errors beside the fields, then schedules a processing fee and a
//! grace period. Screenshots of the form, the errors and the page after scheduling are saved,
//! and axe-core runs on each.

use lattice_web::demo::DEMO_PASSWORD;

use crate::browser::{Driver, Served, Walk, browser_available};
use crate::support::Sink;

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
async fn a_coordinator_changes_fees_and_grace_in_the_browser() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    // The second width schedules a second edition, the day after the first.
    for (width, suffix, fee, effective) in [
        (1280, "", "120", "2027-01-01"),
        (390, "-phone", "130", "2027-01-02"),
    ] {
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
        walk.click("#settings-fees").await;
        let form = walk.expect_text("Change them").await;
        assert!(form.contains(&format!("value=\"{effective}\"")), "{form}");
        walk.check(&format!("fees-form{suffix}")).await;
        scroll_to(&walk, "change-heading").await;
        walk.check(&format!("fees-form-fields{suffix}")).await;

        walk.set("fee-II-processing", "-5").await;
        walk.set("deadline_month", "2").await;
        walk.set("deadline_day", "30").await;
        walk.click("#schedule").await;
        let refused = walk.expect_text("Nothing was scheduled.").await;
        assert!(
            refused.contains("February 30 is not a day of every year"),
            "{refused}"
        );
        assert!(refused.contains("value=\"-5\""), "what was typed is kept");
        walk.check(&format!("fees-errors{suffix}")).await;
        scroll_to(&walk, "fee-II-registration").await;
        walk.check(&format!("fees-errors-fields{suffix}")).await;

        walk.set("fee-II-processing", fee).await;
        walk.set("deadline_month", "12").await;
        walk.set("deadline_day", "31").await;
        walk.set("grace_days", "30").await;
        walk.click("#schedule").await;
        let scheduled = walk
            .expect_text(&format!("they take effect on {effective}"))
            .await;
        assert!(
            scheduled.contains(&format!("<td>${fee}</td>")),
            "{scheduled}"
        );
        walk.check(&format!("fees-scheduled{suffix}")).await;
    }
    served.stop().await;
}
