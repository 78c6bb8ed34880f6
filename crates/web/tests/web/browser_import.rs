//! An association moves in, in real headless Chromium at 1366 px (issue #21): the coordinator
//! downloads nothing but uploads the old registry, reads the dry run, applies it; a visitor
//! verifies an imported endorsee by the number they carried; the endorsee sets a password
//! through "Forgot password" and hands in this year's renewal. Screenshots of the import page
//! (dry run and result) are saved, and axe-core runs on each.

use chrono::{Datelike, Utc};
use fantoccini::Locator;
use lattice_store::Section;
use lattice_web::demo::DEMO_PASSWORD;
use serde_json::json;

use crate::browser::{Driver, Served, Walk, browser_available, wait_for_mail};
use crate::support::Sink;

const ENDORSEE: &str = "rhea.lindqvist@example.org";
const ENDORSEE_PASSWORD: &str = "maple orbit lantern harbour";

/// The old registry: Rhea, due this year, and a dozen others (more than the dry run lists).
fn old_registry(year: i32) -> String {
    let mut text = String::from(
        "name,email,category,first_endorsed_on,valid_through,renewals,status,credential_number\n",
    );
    text.push_str(&format!(
        "Rhea Lindqvist,{ENDORSEE},IFS,2018-06-30,{year}-12-31,2022-06-30;2023-06-30;2024-06-30,active,MA 2018 117\n"
    ));
    for i in 0..12 {
        let (status, through) = if i % 5 == 4 {
            ("lapsed", format!("{}-12-31", year - 2))
        } else {
            ("active", format!("{}-12-31", year + 1))
        };
        text.push_str(&format!(
            "Old Registry {i} Haverford,haverford{i}@example.org,IFS,2020-03-01,{through},,{status},MA 2020 {i:03}\n"
        ));
    }
    text
}

/// Chooses `file` in the file field `id`, as a person does in the browser's dialog.
async fn choose(walk: &Walk, id: &str, file: &std::path::Path) {
    walk.client
        .find(Locator::Id(id))
        .await
        .expect("file field")
        .send_keys(file.to_str().expect("path"))
        .await
        .expect("choose the file");
}

#[tokio::test]
async fn a_coordinator_imports_the_registry_and_an_endorsee_verifies_and_renews() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let year = Utc::now().date_naive().year();
    let csv = work.path().join("old-registry.csv");
    std::fs::write(&csv, old_registry(year)).expect("write the file");

    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url).await;
    walk.client
        .set_window_size(1366, 1000)
        .await
        .expect("window size");

    // The coordinator finds the import on the staff page and uploads the file.
    walk.sign_in("coordinator@massaimh.test", DEMO_PASSWORD)
        .await;
    walk.go("/staff/massaimh").await;
    walk.click("#import-endorsees").await;
    walk.expect_text("Upload the registry").await;
    walk.check("endorsee-import").await;
    // A file with mistakes first: every one named, nothing saved.
    let bad = work.path().join("bad-registry.csv");
    std::fs::write(
        &bad,
        "name,email,category,first_endorsed_on,valid_through,renewals,status,credential_number\n\
         Ann Unknown,ann@example.org,IMH-X,2020-01-01,2030-12-31,,active,A-1\n\
         Bo Date,bo@example.org,IFS,2020-13-01,2030-12-31,2023-06-30;soon,active,A-2\n",
    )
    .expect("write the bad file");
    choose(&walk, "endorsee-file", &bad).await;
    walk.click("#upload-form button[type=submit]").await;
    let refused = walk.expect_text("Nothing was imported.").await;
    assert!(refused.contains("line 3, column 6 (renewals)"), "{refused}");
    walk.check("endorsee-import-errors").await;

    choose(&walk, "endorsee-file", &csv).await;
    walk.click("#upload-form button[type=submit]").await;
    let dry = walk.expect_text("Dry run of old-registry.csv").await;
    assert!(
        dry.contains("<strong>13</strong> endorsements to create"),
        "{dry}"
    );
    assert!(dry.contains("To create: the first 10 of 13"), "{dry}");
    assert!(dry.contains("MA-2018-117"), "{dry}");
    walk.check("endorsee-import-dry-run").await;
    walk.client
        .execute(
            "document.getElementById('apply-form').scrollIntoView({block: 'end'})",
            vec![],
        )
        .await
        .expect("scroll to Apply");
    walk.check("endorsee-import-apply").await;
    assert!(
        store
            .credential_number_for_former("MA-2018-117")
            .await
            .is_err(),
        "the dry run saved nothing"
    );

    walk.click("#apply").await;
    let result = walk.expect_text("id=\"result\"").await;
    assert!(
        result.contains("13 endorsements created, 0 changed, 0 left alone; 13 new accounts."),
        "{result}"
    );
    walk.check("endorsee-import-result").await;

    // The member roster has the same check before importing.
    let roster = work.path().join("roster.csv");
    std::fs::write(
        &roster,
        format!(
            "member_number,name,email,kind,starts_on,ends_on\nM-1,Rhea Lindqvist,{ENDORSEE},individual,{year}-01-01,{year}-12-31\n"
        ),
    )
    .expect("write the roster");
    walk.go("/staff/massaimh/members").await;
    choose(&walk, "roster-file", &roster).await;
    walk.click("#roster-dry-run").await;
    walk.expect_text(
        "The file is ready: importing it would record 1 membership and make no new account",
    )
    .await;
    walk.client
        .execute(
            "document.getElementById('roster-checked').scrollIntoView({block: 'start'})",
            vec![],
        )
        .await
        .expect("scroll to the check");
    walk.check("members-roster-checked").await;
    walk.sign_out().await;

    // A visitor types the number Rhea's old certificate shows.
    walk.go("/verify").await;
    walk.fill("verify-number", "ma 2018 117").await;
    walk.click("#verify-form button[type=submit]").await;
    let verified = walk.expect_text("Rhea Lindqvist, IMH-E®").await;
    assert!(verified.contains(&format!("Active, in good standing through {year}-12-31")));
    let ours = store
        .credential_number_for_former("MA-2018-117")
        .await
        .expect("kept");
    assert_eq!(walk.path().await, format!("/verify/{ours}"));
    assert!(verified.contains("<code>MA-2018-117</code>"), "{verified}");
    walk.check("endorsee-import-verified").await;

    // Rhea sets her password through "Forgot password"; no mail came before she asked.
    assert!(
        !sink
            .messages()
            .iter()
            .any(|m| m.contains(&format!("To: {ENDORSEE}")))
    );
    walk.go("/forgot-password").await;
    walk.fill("email", ENDORSEE).await;
    walk.click_button("Send the link").await;
    let mail = wait_for_mail(&sink, ENDORSEE, "Reset your Lattice password").await;
    let text = mail
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = text.find("/reset-password?token=").expect("link");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    walk.go(&link).await;
    walk.fill("password", ENDORSEE_PASSWORD).await;
    walk.fill("confirm", ENDORSEE_PASSWORD).await;
    walk.click_button("Change password").await;
    // Only the answer to the form says this; the form's own page already links "Sign in".
    walk.expect_text("Your password is changed").await;

    // This year's evidence is other tests' business: added through the store.
    let (rhea, _) = store.person_by_email(ENDORSEE).await.expect("rhea");
    store
        .add_entry(
            rhea.id,
            Section::Trainings,
            &json!({"title": "Attachment across cultures", "provider": "MassAIMH",
                "date": format!("{year}-03-10"), "hours": 16, "kind": "workshop",
                "conference": null,
                "competencies": ["attachment-separation-trauma-grief-loss", "cultural-competence"],
                "population": "infant-toddler", "topics": []}),
        )
        .await
        .expect("training");
    store
        .set_portfolio_meta(
            rhea.id,
            &json!({"agreements": {"code_of_ethics": format!("{year}-02-01"),
                                   "endorsement_agreement": "2024-05-01"}}),
        )
        .await
        .expect("agreements");
    crate::support::record_membership(&store, rhea.id, "massaimh", &format!("{}-06-30", year + 1))
        .await;

    walk.sign_in(ENDORSEE, ENDORSEE_PASSWORD).await;
    walk.go("/renewal").await;
    walk.expect_text(&format!("Hand in my {year} renewal"))
        .await;
    walk.click_button(&format!("Hand in my {year} renewal"))
        .await;
    walk.expect_text(&format!(
        "Renewed for {year}: good through {}-12-31",
        year + 1
    ))
    .await;
    let row = store.endorsement_by_number(&ours).await.expect("row");
    assert_eq!(row.valid_through.year(), year + 1);
}
