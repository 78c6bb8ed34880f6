//! Official transcripts: completeness needs every degree of the submitted portfolio checked
//! by the coordinator against its transcript; asking for another tells the applicant why; an
//! edited degree is no longer verified; nobody else can check one.

use axum::http::StatusCode;
use chrono::Utc;
use lattice_domain::ids::ApplicationId;

use crate::support::TestApp;

#[tokio::test]
async fn each_degree_is_verified_by_the_coordinator_before_review() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let elena = app.application_of("elena.morales@example.org").await;
    let row = store.application(ApplicationId(elena)).await.expect("row");
    let coordinator_id = store
        .person_by_email("coordinator@massaimh.test")
        .await
        .expect("coordinator")
        .0
        .id;
    for invoice in store
        .invoices(ApplicationId(elena))
        .await
        .expect("invoices")
    {
        if !invoice.paid {
            store
                .mark_invoice_paid(invoice.id, coordinator_id, Utc::now())
                .await
                .expect("paid");
        }
    }
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let desk = coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    assert!(desk.body.contains("id=\"transcripts\""), "{}", desk.body);
    assert!(desk.body.contains("is not verified yet"), "{}", desk.body);
    let prefix = format!("/applications/{elena}/education/");
    let at = desk.body.find(&prefix).expect("a degree's form");
    let action: String = desk.body[at..].chars().take_while(|c| *c != '"').collect();

    // Completeness refuses while a degree is unchecked.
    let early = coordinator
        .post(
            &format!("/applications/{elena}/events"),
            &[("event", "start-review")],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("is not verified yet"), "{}", early.body);

    // Nobody but the association's coordinator checks: a reviewer not assigned, the applicant, another
    // association's coordinator.
    for (who, status) in [
        ("reviewer1@massaimh.test", StatusCode::NOT_FOUND),
        (
            "elena.morales@example.org",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("coordinator@ct-aimh.test", StatusCode::NOT_FOUND),
    ] {
        let mut other = app.client();
        other.sign_in(who).await;
        other.get("/dashboard").await;
        let tried = other
            .post(&action, &[("decision", "verified"), ("note", "")])
            .await;
        assert_eq!(tried.status, status, "{who}: {}", tried.body);
    }
    assert!(
        store
            .education_checks_of(row.person)
            .await
            .expect("checks")
            .is_empty()
    );

    // Asking for another transcript needs a note; the applicant gets it by mail and sees it.
    let bare = coordinator
        .post(&action, &[("decision", "another"), ("note", " ")])
        .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(
        &bare,
        "Say what is wrong with the transcript, so the applicant can send the right one",
    );
    let asked = coordinator
        .post(
            &action,
            &[
                ("decision", "another"),
                ("note", "The scan is cut off at the bottom"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let mails = store
        .mails_to("elena.morales@example.org")
        .await
        .expect("mail");
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "Please send another transcript"
                && m.body.contains("The scan is cut off at the bottom"))
    );
    let mut elena_client = app.client();
    elena_client.sign_in("elena.morales@example.org").await;
    let education = elena_client.get("/portfolio/education").await;
    assert!(
        education
            .body
            .contains("Another transcript was asked for: The scan is cut off at the bottom"),
        "{}",
        education.body
    );
    let refused = coordinator
        .post(
            &format!("/applications/{elena}/events"),
            &[("event", "start-review")],
        )
        .await;
    assert!(
        refused.body.contains("another transcript of"),
        "{}",
        refused.body
    );

    // Verified: the check names who and when, and review can start.
    let verified = coordinator.verify_degrees(elena).await;
    assert!(verified > 0);
    let desk = coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    let today = Utc::now().date_naive();
    assert!(
        desk.body
            .contains("Verified against the official transcript by "),
        "{}",
        desk.body
    );
    assert!(desk.body.contains(&today.to_string()));
    let started = coordinator
        .post(
            &format!("/applications/{elena}/events"),
            &[("event", "start-review")],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let history = store
        .audit_of_subject(&format!("application:{elena}"))
        .await
        .expect("audit");
    assert!(history.iter().any(|a| a.action == "verify-transcript"));
    assert!(
        history
            .iter()
            .any(|a| a.action == "ask-for-another-transcript")
    );
}

/// A degree changed after its check is no longer verified: the check saw other data.
#[tokio::test]
async fn an_edited_degree_needs_a_new_check() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let elena = app.application_of("elena.morales@example.org").await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.verify_degrees(elena).await;
    let desk = coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    assert!(!desk.body.contains("is not verified yet"), "{}", desk.body);
    // Returned, the applicant edits the degree and submits again.
    coordinator.get(&format!("/applications/{elena}")).await;
    let returned = coordinator
        .post(
            &format!("/applications/{elena}/events"),
            &[
                ("event", "return-incomplete"),
                ("reason", "Please check your degree"),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let person = store
        .application(ApplicationId(elena))
        .await
        .expect("row")
        .person;
    let degree = store
        .entries(person)
        .await
        .expect("entries")
        .into_iter()
        .find(|e| e.section == lattice_store::Section::Education && e.data["completed"].is_string())
        .expect("a degree");
    let mut applicant = app.client();
    applicant.sign_in("elena.morales@example.org").await;
    let path = format!("/portfolio/education/{}", degree.id.0);
    let form = applicant.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    let mut fields: Vec<(String, String)> = Vec::new();
    for (key, value) in degree.data.as_object().expect("object") {
        match value {
            serde_json::Value::String(text) => fields.push((key.clone(), text.clone())),
            serde_json::Value::Bool(true) => fields.push((key.clone(), "on".into())),
            _ => {}
        }
    }
    for (key, value) in fields.iter_mut() {
        if key == "institution" {
            *value = format!("{value} (Online)");
        }
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = applicant.post(&path, &pairs).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    applicant.get(&format!("/applications/{elena}")).await;
    let submitted = applicant
        .post(
            &format!("/applications/{elena}/events"),
            &[("event", "submit")],
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let desk = coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    assert!(
        desk.body.contains("(Online)") && desk.body.contains("is not verified yet"),
        "{}",
        desk.body
    );
    // The reviewers see what changed since the version before.
    assert!(
        desk.body
            .contains("What changed since the version handed in on"),
        "{}",
        desk.body
    );
    assert!(
        desk.body.contains("Added to Education: ")
            && desk.body.contains("Removed from Education: ")
    );
}
