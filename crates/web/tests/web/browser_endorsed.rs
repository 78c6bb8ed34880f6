//! Endorsed for real, in headless Chromium: an endorsee renews for the year and downloads
//! the certificate; the registry then finds her and not a colleague whose endorsement lapsed,
//! whose verification page says so. Each page passes the axe-core check.

use chrono::{Duration, NaiveDate, Utc};
use fantoccini::Locator;
use lattice_domain::endorsement::Status;
use lattice_store::{NewEndorsement, NewPerson, Section, SharedStore};
use lattice_web::demo::DEMO_PASSWORD;
use serde_json::{Value, json};

use crate::browser::{Driver, Served, Walk, browser_available};
use crate::support::Sink;

/// An endorsee of MassAIMH with a password (the demo's), good through `valid_through`.
async fn endorsee(
    store: &SharedStore,
    email: &str,
    name: &str,
    valid_through: NaiveDate,
) -> String {
    let hash = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .1;
    let person = store
        .create_person(&NewPerson {
            email: email.to_string(),
            name: name.to_string(),
            password_hash: hash,
            admin: false,
        })
        .await
        .expect("person");
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    let id = store
        .add_endorsement(&NewEndorsement {
            person,
            association,
            abbreviation: "MassAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: format!("{name}, MSW, IMH-E®"),
            title_line: "Infant Family Specialist".to_string(),
            display_name: name.to_string(),
            city: "Worcester".to_string(),
            region: "MA".to_string(),
            endorsed_on: NaiveDate::from_ymd_opt(2024, 6, 1).expect("date"),
            valid_through,
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    let training = json!({"title": "Attachment across cultures", "provider": "MassAIMH",
        "date": "2026-03-10", "hours": 16, "kind": "workshop", "conference": null,
        "competencies": ["attachment-separation-trauma-grief-loss", "cultural-competence"],
        "population": "infant-toddler", "topics": []});
    store
        .add_entry(person, Section::Trainings, &training)
        .await
        .expect("training");
    store
        .set_portfolio_meta(
            person,
            &json!({
                "agreements": {"code_of_ethics": "2026-02-01", "endorsement_agreement": "2024-05-01"},
            }),
        )
        .await
        .expect("meta");
    crate::support::record_membership(store, person, "massaimh", "2027-06-30").await;
    store.endorsement(id).await.expect("row").credential_number
}

#[tokio::test]
async fn an_endorsee_renews_downloads_the_certificate_and_the_registry_follows() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let end_of_year = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
    let rena = endorsee(&store, "rena@example.org", "Rena Walsh", end_of_year).await;
    let yesterday = Utc::now().date_naive() - Duration::days(1);
    let larry = endorsee(&store, "larry@example.org", "Larry Walsh", yesterday).await;
    // The worker's yearly pass lapses Larry, who did not renew.
    let catalog = lattice_profiles::Catalog::embedded().expect("profiles");
    lattice_web::lifecycle::run_pass(&store, &catalog, &served.config.base_url, Utc::now())
        .await
        .expect("pass");
    // The server's own worker runs the same pass when it starts, and under load it can get to
    // Larry first; either way he is lapsed now, and Rena is not.
    let status = |number: String| {
        let store = store.clone();
        async move {
            store
                .endorsement_by_number(&number)
                .await
                .expect("endorsement")
                .status
        }
    };
    assert_eq!(status(larry.clone()).await, Status::Lapsed);
    assert_eq!(status(rena.clone()).await, Status::Active);

    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;

    // Renewal.
    walk.sign_in("rena@example.org", DEMO_PASSWORD).await;
    walk.go("/renewal").await;
    walk.expect_text("Hand in my 2026 renewal").await;
    walk.check("renewal").await;
    walk.click_button("Hand in my 2026 renewal").await;
    walk.expect_text("Renewed for 2026: good through 2027-12-31")
        .await;

    // The certificate, fetched by the signed-in browser from the dashboard's link.
    walk.go("/dashboard").await;
    walk.expect_text("Your endorsements").await;
    walk.check("endorsee-dashboard").await;
    let href = walk
        .client
        .find(Locator::XPath("//a[normalize-space()='Certificate (PDF)']"))
        .await
        .expect("certificate link")
        .attr("href")
        .await
        .expect("href")
        .expect("an href");
    assert_eq!(href, format!("/credentials/{rena}/certificate.pdf"));
    let fetched = walk
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(async r => {
               const bytes = new Uint8Array(await r.arrayBuffer());
               done({status: r.status, type: r.headers.get('content-type'), size: bytes.length,
                     head: String.fromCharCode(...bytes.slice(0, 5))});
             }).catch(e => done({error: String(e)}));",
            vec![json!(href)],
        )
        .await
        .expect("download");
    assert_eq!(fetched["status"], 200, "{fetched}");
    assert_eq!(fetched["type"], "application/pdf", "{fetched}");
    assert_eq!(fetched["head"], "%PDF-", "{fetched}");
    assert!(
        fetched["size"].as_u64().expect("size") > 10_000,
        "{fetched}"
    );

    // The registry finds Rena, not Larry; Larry's page says he lapsed.
    walk.go("/registry?name=walsh").await;
    let results = walk.expect_text("registry-results").await;
    walk.check("registry").await;
    assert!(results.contains(&rena), "renewed endorsee listed");
    assert!(!results.contains(&larry), "lapsed endorsee not listed");
    walk.go(&format!("/verify/{larry}")).await;
    walk.expect_text("Lapsed since").await;
    walk.check("verify-lapsed").await;
    walk.go(&format!("/verify/{rena}")).await;
    walk.expect_text("Active, in good standing through 2027-12-31")
        .await;

    let api: Value = reqwest::get(format!(
        "{}/api/registry?name=walsh",
        served.config.base_url
    ))
    .await
    .expect("api")
    .json()
    .await
    .expect("json");
    let numbers: Vec<&str> = api["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["credential_number"].as_str())
        .collect();
    assert!(
        numbers.contains(&rena.as_str()) && !numbers.contains(&larry.as_str()),
        "{api}"
    );

    walk.client.close().await.expect("close");
    served.stop().await;
}
