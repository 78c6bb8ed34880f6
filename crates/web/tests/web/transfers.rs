//! Moving an endorsement between associations, on both backends: the endorsee asks, only the
//! receiving coordinator decides, and the endorsement keeps its number and its history.

use axum::http::StatusCode;
use lattice_store::{EndorsementRow, SharedStore};

use crate::support::TestApp;

const JACK: &str = "jack.osei@example.org";
const NM_COORDINATOR: &str = "coordinator@nmaimh.test";

async fn jacks_endorsement(store: &SharedStore) -> EndorsementRow {
    let (jack, _) = store.person_by_email(JACK).await.expect("Jack");
    store
        .endorsements_of_person(jack.id)
        .await
        .expect("endorsements")
        .into_iter()
        .find(|e| e.association_slug == "massaimh" && e.status.key() == "active")
        .expect("Jack's active MassAIMH endorsement")
}

async fn an_endorsee_moves_to_new_mexico(app: TestApp) {
    let store = app.state.store();
    let before = jacks_endorsement(store).await;
    let number = before.credential_number.clone();
    let transfer_path = format!("/credentials/{number}/transfer");
    let nmaimh = store
        .association_by_slug("nmaimh")
        .await
        .expect("nmaimh")
        .id;

    // Someone else cannot ask to move Jack's endorsement, and learns nothing of it.
    let mut other = app.client();
    other.sign_in("ana@example.org").await;
    let page = other
        .post(
            &transfer_path,
            &[("association", "nmaimh"), ("reason", "Not mine to move")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
    assert!(
        store
            .transfers_of(before.id)
            .await
            .expect("transfers")
            .is_empty()
    );

    let mut jack = app.client();
    let dashboard = jack.sign_in(JACK).await;
    assert!(
        dashboard.body.contains("Moving to another state?"),
        "the dashboard offers the transfer form"
    );
    assert!(dashboard.body.contains("value=\"nmaimh\""));

    // The reason is required, and the message says so.
    let page = jack
        .post(
            &transfer_path,
            &[("association", "nmaimh"), ("reason", "  ")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(&page, "Say why the endorsement should move (required)");
    // An association that does not exist is named as the field at fault.
    let page = jack
        .post(
            &transfer_path,
            &[("association", "atlantis"), ("reason", "Moving")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(&page, "No association \"atlantis\"");
    // Moving to where it already is makes no sense.
    let page = jack
        .post(
            &transfer_path,
            &[("association", "massaimh"), ("reason", "Moving")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);

    let page = jack
        .post(
            &transfer_path,
            &[
                ("association", "nmaimh"),
                ("reason", "We moved to Albuquerque for my new job."),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let transfers = store.transfers_of(before.id).await.expect("transfers");
    assert_eq!(transfers.len(), 1);
    let transfer = transfers[0].clone();
    assert_eq!(transfer.status, "requested");
    assert_eq!(transfer.to_association, nmaimh);
    let mails = store.mails_to(NM_COORDINATOR).await.expect("mail");
    let asked = mails
        .iter()
        .find(|m| m.body.contains(&number))
        .expect("the NMAIMH coordinator is told");
    assert!(
        asked.body.contains("/staff/nmaimh#transfers"),
        "{}",
        asked.body
    );
    let dashboard = jack.get("/dashboard").await;
    assert!(
        dashboard.body.contains("Transfer requests:"),
        "the endorsee sees the request"
    );

    // A second request while one waits is refused.
    let page = jack
        .post(
            &transfer_path,
            &[("association", "ct-aimh"), ("reason", "Changed my mind")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("already waiting"), "{}", page.body);
    assert_eq!(store.transfers_of(before.id).await.expect("t").len(), 1);

    // Neither a bystander association nor the one giving it up decides.
    for (email, slug) in [
        ("coordinator@ct-aimh.test", "ct-aimh"),
        ("coordinator@massaimh.test", "massaimh"),
        ("coordinator@ct-aimh.test", "nmaimh"),
        ("coordinator@massaimh.test", "nmaimh"),
    ] {
        let mut coordinator = app.client();
        coordinator.sign_in(email).await;
        let path = format!("/staff/{slug}/transfers/{}/accept", transfer.id);
        let page = coordinator.post(&path, &[]).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{email} {path}");
    }
    assert_eq!(
        store.transfers_of(before.id).await.expect("t")[0].status,
        "requested"
    );
    assert_eq!(
        store.endorsement(before.id).await.expect("e").association,
        before.association
    );

    // The receiving coordinator sees it and accepts.
    let mut nm = app.client();
    nm.sign_in(NM_COORDINATOR).await;
    let staff = nm.get("/staff/nmaimh").await;
    assert_eq!(staff.status, StatusCode::OK);
    assert!(staff.body.contains("id=\"transfers\""));
    assert!(staff.body.contains(&before.display_name), "{}", staff.body);
    assert!(staff.body.contains("We moved to Albuquerque"));
    let page = nm
        .post(
            &format!("/staff/nmaimh/transfers/{}/accept", transfer.id),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/staff/nmaimh#transfers"));

    let after = store.endorsement(before.id).await.expect("endorsement");
    assert_eq!(after.association, nmaimh);
    assert_eq!(after.association_slug, "nmaimh");
    assert_eq!(after.credential_number, number, "the number stays");
    assert_eq!(
        store.transfers_of(before.id).await.expect("t")[0].status,
        "accepted"
    );
    let history = store
        .audit_of_subject(&format!("person:{}", before.person))
        .await
        .expect("audit");
    let actions: Vec<&str> = history.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"endorse"), "{actions:?}");
    assert!(actions.contains(&"request-transfer"), "{actions:?}");
    assert!(actions.contains(&"accept-transfer"), "{actions:?}");
    let told = store.mails_to(JACK).await.expect("mail");
    assert!(
        told.iter().any(|m| m.subject.contains("accepted")),
        "Jack is told: {told:?}"
    );
    // Deciding twice is refused, and changes nothing.
    let again = nm
        .post(
            &format!("/staff/nmaimh/transfers/{}/decline", transfer.id),
            &[],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let staff = nm.get("/staff/nmaimh").await;
    assert!(staff.body.contains("Accepted"));

    // The public face follows the move.
    let verify = app.client().get(&format!("/verify/{number}")).await;
    assert_eq!(verify.status, StatusCode::OK);
    assert!(
        verify
            .body
            .contains("New Mexico Association for Infant Mental Health"),
        "{}",
        verify.body
    );
    let found = app
        .client()
        .get("/api/registry?name=osei&association=nmaimh")
        .await
        .json();
    let numbers: Vec<&str> = found["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["credential_number"].as_str())
        .collect();
    assert!(numbers.contains(&number.as_str()), "{found}");
    let left = app
        .client()
        .get("/api/registry?name=osei&association=massaimh")
        .await
        .json();
    assert!(
        !left["results"]
            .as_array()
            .expect("results")
            .iter()
            .any(|r| r["credential_number"] == number.as_str()),
        "{left}"
    );
}

#[tokio::test]
async fn transfers_on_sqlite() {
    an_endorsee_moves_to_new_mexico(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn transfers_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    an_endorsee_moves_to_new_mexico(app).await;
}

#[tokio::test]
async fn transfers_declined_leave_the_endorsement_where_it_was() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let before = jacks_endorsement(store).await;
    let mut jack = app.client();
    jack.sign_in(JACK).await;
    let page = jack
        .post(
            &format!("/credentials/{}/transfer", before.credential_number),
            &[("association", "ct-aimh"), ("reason", "Moving to Hartford")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let transfer = store.transfers_of(before.id).await.expect("t")[0].clone();

    let mut ct = app.client();
    ct.sign_in("coordinator@ct-aimh.test").await;
    ct.get("/staff/ct-aimh").await;
    let page = ct
        .post(
            &format!("/staff/ct-aimh/transfers/{}/decline", transfer.id),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        store.transfers_of(before.id).await.expect("t")[0].status,
        "declined"
    );
    assert_eq!(
        store.endorsement(before.id).await.expect("e").association,
        before.association
    );
    assert!(
        store
            .mails_to(JACK)
            .await
            .expect("mail")
            .iter()
            .any(|m| m.subject.contains("declined"))
    );
    // Declined, Jack may ask again elsewhere.
    jack.get("/dashboard").await;
    let page = jack
        .post(
            &format!("/credentials/{}/transfer", before.credential_number),
            &[("association", "nmaimh"), ("reason", "Moving to Santa Fe")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

#[tokio::test]
async fn only_an_active_endorsement_moves() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let before = jacks_endorsement(store).await;
    store
        .set_endorsement_status(
            before.id,
            lattice_domain::endorsement::Status::Lapsed,
            chrono::Utc::now().date_naive(),
            &lattice_store::NewAudit {
                at: chrono::Utc::now(),
                actor: None,
                association: Some(before.association),
                subject: format!("person:{}", before.person),
                action: "lapse".to_string(),
                reason: "test".to_string(),
            },
        )
        .await
        .expect("lapse");
    let mut jack = app.client();
    let dashboard = jack.sign_in(JACK).await;
    assert!(!dashboard.body.contains("Moving to another state?"));
    let page = jack
        .post(
            &format!("/credentials/{}/transfer", before.credential_number),
            &[("association", "nmaimh"), ("reason", "Moving")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("active"), "{}", page.body);
    assert!(store.transfers_of(before.id).await.expect("t").is_empty());
}
