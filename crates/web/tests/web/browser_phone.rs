//! At phone width the progress panel sits below the forms: a one-line summary near the top
//! keeps what is still missing in view and links to the panel. The breadcrumb keeps its
//! distance from the header bar.

use serde_json::{Value, json};

use crate::browser::{Driver, Served, Walk, browser_available};
use crate::support::Sink;

async fn read(walk: &Walk, expression: &str) -> Value {
    walk.client
        .execute(&format!("return ({expression});"), vec![])
        .await
        .unwrap_or_else(|e| panic!("read {expression}: {e}"))
}

#[tokio::test]
async fn on_a_phone_the_missing_requirements_are_near_the_top() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url)
        .await
        .in_folder("phone");
    walk.sign_in("ana@example.org", lattice_web::demo::DEMO_PASSWORD)
        .await;
    walk.client
        .set_window_size(390, 844)
        .await
        .expect("phone width");
    walk.go("/portfolio/trainings").await;
    walk.check("trainings-phone").await;

    // Ana's demo portfolio meets all but the ratings (the panel says the same below).
    assert_eq!(
        read(
            &walk,
            "document.querySelector('.phone-summary').innerText.trim()"
        )
        .await,
        json!("6 of 7 met Still needed: Reference ratings. See your progress")
    );
    assert_eq!(
        read(
            &walk,
            "getComputedStyle(document.querySelector('.phone-summary')).display"
        )
        .await,
        json!("block")
    );
    // The summary is above the forms, within the first screen; the panel it links to is not.
    let summary_top = read(
        &walk,
        "document.querySelector('.phone-summary').getBoundingClientRect().top",
    )
    .await;
    assert!(summary_top.as_f64().expect("top") < 844.0, "{summary_top}");
    let panel_top = read(
        &walk,
        "document.querySelector('#progress').getBoundingClientRect().top",
    )
    .await;
    assert!(panel_top.as_f64().expect("top") > 844.0, "{panel_top}");
    assert_eq!(
        read(
            &walk,
            "document.querySelector('.phone-summary a').getAttribute('href')"
        )
        .await,
        json!("#progress")
    );
    let gap = read(
        &walk,
        "document.querySelector('.crumbs').getBoundingClientRect().top - \
         document.querySelector('header.site').getBoundingClientRect().bottom",
    )
    .await;
    assert!(
        gap.as_f64().expect("gap") >= 16.0,
        "the breadcrumb keeps its distance from the header: {gap}"
    );

    // Beside the panel, at desktop width, the summary is not repeated.
    walk.client
        .set_window_size(1280, 1000)
        .await
        .expect("desktop width");
    walk.go("/portfolio/trainings").await;
    assert_eq!(
        read(
            &walk,
            "getComputedStyle(document.querySelector('.phone-summary')).display"
        )
        .await,
        json!("none")
    );
    walk.check("trainings-desktop").await;
}
