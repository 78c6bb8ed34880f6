//! Applicants in progress imported in real headless Chromium at 1280 px (issue #21): the
//! coordinator chooses the CSV and several portfolio files in one form, reads the dry run
//! (what each file may not say, and why) and applies it. Screenshots of the page (dry run and
//! result) are saved, and axe-core runs on each.

use fantoccini::Locator;
use lattice_web::demo::DEMO_PASSWORD;
use serde_json::json;

use crate::browser::{Driver, Served, Walk, browser_available};
use crate::support::Sink;

fn portfolio(name: &str, email: &str) -> String {
    json!({
        "format": "lattice-portfolio/1",
        "person": {"name": name, "email": email},
        "education": [{"level": "masters", "degree": "MSW", "field": "Social Work",
                       "institution": "Simmons University", "completed": "2019-05-15",
                       "imh_certificate": false}],
        "trainings": [{"title": "Attachment seminar", "provider": "MassAIMH",
                       "date": "2024-03-02", "hours": 6, "kind": "workshop",
                       "competencies": ["attachment-separation-trauma-grief-loss"]}],
        "references": [{"role": "program-supervisor", "name": "Rita Supervisor",
                        "status": "completed", "not_enough_info": 0,
                        "completed_on": "2026-10-01"}],
        "agreements": {"code_of_ethics": "2026-09-01", "endorsement_agreement": "2026-09-01"},
        "membership": {"association": "massaimh", "valid_until": "2027-01-31"}
    })
    .to_string()
}

#[tokio::test]
async fn a_coordinator_imports_applicants_with_their_portfolios_in_the_browser() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let csv = work.path().join("applicants.csv");
    std::fs::write(
        &csv,
        "name,email,category,intended_submission,portfolio\n\
         Lena Brandt,lena.brandt@example.org,IFS,2027-03-01,lena.json\n\
         Omar Haddad,omar.haddad@example.org,IMHM-C,,omar.json\n",
    )
    .expect("write the CSV");
    let lena = work.path().join("lena.json");
    let omar = work.path().join("omar.json");
    std::fs::write(&lena, portfolio("Lena Brandt", "lena.brandt@example.org")).expect("lena");
    std::fs::write(&omar, portfolio("Omar Haddad", "omar.haddad@example.org")).expect("omar");

    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    walk.client
        .set_window_size(1280, 1000)
        .await
        .expect("window size");

    walk.sign_in("coordinator@massaimh.test", DEMO_PASSWORD)
        .await;
    walk.go("/staff/massaimh").await;
    walk.click("#import-applicants").await;
    walk.expect_text("Upload the applicants").await;
    walk.check("applicant-import").await;
    let choose = |id: &'static str, paths: String| {
        let client = walk.client.clone();
        async move {
            client
                .find(Locator::Id(id))
                .await
                .expect("file field")
                .send_keys(&paths)
                .await
                .expect("choose the files");
        }
    };
    choose("applicant-file", csv.display().to_string()).await;
    // Several files in one field: the paths one per line, as chromedriver takes them.
    choose(
        "portfolio-files",
        format!("{}\n{}", lena.display(), omar.display()),
    )
    .await;
    walk.click("#upload-form button[type=submit]").await;
    let dry = walk.expect_text("Dry run").await;
    assert!(
        dry.contains("<strong>2</strong> applicants to create"),
        "{dry}"
    );
    assert!(dry.contains("membership: not taken"), "{dry}");
    walk.check("applicant-import-dry-run").await;
    assert!(
        store
            .person_by_email("lena.brandt@example.org")
            .await
            .is_err(),
        "the dry run saved nothing"
    );

    walk.click("#apply").await;
    let result = walk.expect_text("id=\"result\"").await;
    assert!(result.contains("2 applicants created"), "{result}");
    walk.check("applicant-import-result").await;
    assert_eq!(
        store
            .mails_to("lena.brandt@example.org")
            .await
            .expect("mail")
            .len(),
        1,
        "Lena's invitation"
    );
}
