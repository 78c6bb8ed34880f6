//! Status that holds (issue #17): revocation is final, no certificate or credential leaves
//! while an endorsement is revoked or suspended, status indexes are drawn at random, and an
//! association's signing key can be rotated while what the old key signed still verifies.

use std::collections::HashSet;

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use lattice_domain::endorsement::{STATUS_LIST_BITS, Status};
use lattice_store::{NewAudit, StoreError};
use lattice_web::credential::{self, VerifyError};
use serde_json::Value;

use crate::credentials::{JoseRig, endorse, jose_verify, set_status};
use crate::support::{Client, TestApp};

async fn apps() -> Vec<(&'static str, TestApp)> {
    let mut apps = vec![("sqlite", TestApp::sqlite().await)];
    if let Some(app) = TestApp::postgres().await {
        apps.push(("postgres", app));
    }
    apps
}

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let mut client = app.client();
    client.sign_in(email).await;
    client
}

/// A JWT's payload, read without checking it (the signature is checked elsewhere).
fn payload(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("payload part");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON")
}

/// The thumbprint of the key that signed a VC-JWT: its `kid` is the key's URL, ending in it.
fn header_kid(jwt: &str) -> String {
    let part = jwt.split('.').next().expect("header part");
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON");
    let kid = header["kid"].as_str().expect("kid");
    assert!(kid.starts_with("http"), "the kid is the key's URL: {kid}");
    kid.rsplit('/').next().expect("thumbprint").to_string()
}

/// The association's published revocation list, as the bits a verifier reads.
async fn revocation_list(client: &mut Client<'_>) -> String {
    let page = client.get("/a/massaimh/status/revocation").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    payload(page.body.trim())["credentialSubject"]["encodedList"]
        .as_str()
        .expect("encodedList")
        .to_string()
}

#[tokio::test]
async fn revocation_is_final_and_withholds_the_credential_while_suspension_is_reversible() {
    for (backend, app) in apps().await {
        let state = &app.state;
        let store = state.store();
        let jack = endorse(store, "jack.osei@example.org", "Jack Osei").await;
        let number = jack.credential_number.clone();
        let verify_page = format!("/verify/{number}");
        let status_path = format!("/credentials/{number}/status");
        let jwt_path = format!("/credentials/{number}/credential.jwt");
        let pdf_path = format!("/credentials/{number}/certificate.pdf");
        let issued_before = credential::issue(state, &jack).await.expect("issue");

        // Suspension is reversible: while inactive nothing is handed out, active again it is.
        let mut coordinator = signed_in(&app, "coordinator@massaimh.test").await;
        let page = coordinator.get(&verify_page).await;
        assert!(page.body.contains("id=\"status-form\""), "{backend}");
        let moved = coordinator
            .post(&status_path, &[("status", "inactive"), ("reason", "leave")])
            .await;
        assert_eq!(
            moved.status,
            StatusCode::SEE_OTHER,
            "{backend}: {}",
            moved.body
        );
        let withheld = coordinator.get(&jwt_path).await;
        assert_eq!(withheld.status, StatusCode::GONE, "{backend}");
        assert!(withheld.body.contains("inactive"), "{}", withheld.body);
        coordinator.get(&verify_page).await;
        let back = coordinator
            .post(&status_path, &[("status", "active"), ("reason", "back")])
            .await;
        assert_eq!(
            back.status,
            StatusCode::SEE_OTHER,
            "{backend}: {}",
            back.body
        );
        assert_eq!(coordinator.get(&jwt_path).await.status, StatusCode::OK);
        assert_eq!(coordinator.get(&pdf_path).await.status, StatusCode::OK);

        // Revoked: no certificate and no credential, for the endorsee, the coordinator and
        // an administrator alike, each told why.
        coordinator.get(&verify_page).await;
        let revoked = coordinator
            .post(&status_path, &[("status", "revoked"), ("reason", "ethics")])
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
        for email in [
            "jack.osei@example.org",
            "coordinator@massaimh.test",
            "admin@alliance.test",
        ] {
            let mut client = signed_in(&app, email).await;
            for path in [&jwt_path, &pdf_path] {
                let page = client.get(path).await;
                assert_eq!(page.status, StatusCode::GONE, "{backend} {email} {path}");
                assert!(page.body.contains("was revoked"), "{email}: {}", page.body);
            }
        }

        // No way back: the page offers no change, a forged form is refused naming the rule,
        // and so is the store itself.
        let today = Utc::now().date_naive();
        let page = coordinator.get(&verify_page).await;
        assert!(!page.body.contains("id=\"status-form\""), "{}", page.body);
        assert!(page.body.contains(&format!("Revoked on {today}")));
        for status in ["active", "inactive", "lapsed", "emeritus", "revoked"] {
            let forged = coordinator
                .post(&status_path, &[("status", status), ("reason", "undo")])
                .await;
            assert_eq!(forged.status, StatusCode::CONFLICT, "{backend} {status}");
            assert!(
                forged.body.contains("revocation is final"),
                "{status}: {}",
                forged.body
            );
        }
        let direct = store
            .set_endorsement_status(
                jack.id,
                Status::Active,
                today,
                &NewAudit {
                    at: Utc::now(),
                    actor: None,
                    association: Some(jack.association),
                    subject: format!("person:{}", jack.person),
                    action: "endorsement-active".to_string(),
                    reason: "undo".to_string(),
                },
            )
            .await;
        assert!(
            matches!(&direct, Err(StoreError::Conflict(m)) if m.contains("revocation is final")),
            "{backend}: {direct:?}"
        );
        let row = store.endorsement(jack.id).await.expect("row");
        assert_eq!(row.status, Status::Revoked, "{backend}");

        // The endorsee's page says so and why, and offers no download.
        let mut endorsee = signed_in(&app, "jack.osei@example.org").await;
        let dashboard = endorsee.get("/dashboard").await;
        assert!(
            dashboard.body.contains(&format!("Revoked on {today}")),
            "{}",
            dashboard.body
        );
        assert!(
            dashboard
                .body
                .contains(&format!("id=\"withheld-{}\"", jack.id))
        );
        assert!(!dashboard.body.contains(&jwt_path), "{}", dashboard.body);
        assert!(!dashboard.body.contains(&pdf_path));

        // The revocation bit stays set: the copy issued before fails, the list says so.
        assert!(matches!(
            credential::verify(state, &issued_before).await,
            Err(VerifyError::Revoked)
        ));
        let list = revocation_list(&mut endorsee).await;
        let index = usize::try_from(row.status_index).expect("index");
        assert_eq!(credential::status_bit(&list, index), Ok(true), "{backend}");
    }
}

/// A transfer asked for before a revocation is not carried out after it: moving the
/// endorsement would take it off the list that holds its revocation bit.
#[tokio::test]
async fn a_revoked_endorsement_is_not_transferred() {
    for (backend, app) in apps().await {
        let store = app.state.store();
        let jack = endorse(store, "jack.osei@example.org", "Jack Osei").await;
        let nmaimh = store.association_by_slug("nmaimh").await.expect("nmaimh");
        let transfer = store
            .request_transfer(jack.id, nmaimh.id, jack.person, "Moving", Utc::now())
            .await
            .expect("request");
        set_status(store, &jack, Status::Revoked).await;
        let (coordinator, _) = store
            .person_by_email("coordinator@nmaimh.test")
            .await
            .expect("coordinator");
        let refused = store
            .decide_transfer(transfer, true, coordinator.id, Utc::now())
            .await;
        assert!(
            matches!(&refused, Err(StoreError::Conflict(m)) if m.contains("revoked")),
            "{backend}: {refused:?}"
        );
        let row = store.endorsement(jack.id).await.expect("row");
        assert_eq!(row.association, jack.association, "{backend}");
        let again = store
            .request_transfer(jack.id, nmaimh.id, jack.person, "Moving", Utc::now())
            .await;
        assert!(
            matches!(&again, Err(StoreError::Conflict(m)) if m.contains("revoked")),
            "{backend}: {again:?}"
        );
        let list = revocation_list(&mut app.client()).await;
        let index = usize::try_from(row.status_index).expect("index");
        assert_eq!(credential::status_bit(&list, index), Ok(true), "{backend}");
    }
}

#[tokio::test]
async fn the_endorsee_page_shows_the_status_and_its_date() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let jack = endorse(store, "jack.osei@example.org", "Jack Osei").await;
    let mut endorsee = signed_in(&app, "jack.osei@example.org").await;
    let page = endorsee.get("/dashboard").await;
    assert!(
        page.body.contains(&format!(
            "Active, in good standing through {}",
            jack.valid_through
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!(
        "/credentials/{}/credential.jwt",
        jack.credential_number
    )));
    set_status(store, &jack, Status::Inactive).await;
    let page = endorsee.get("/dashboard").await;
    let today = Utc::now().date_naive();
    assert!(
        page.body
            .contains(&format!("Inactive (suspended) since {today}")),
        "{}",
        page.body
    );
    assert!(page.body.contains("issued again once it is active"));
    assert!(
        !page.body.contains(&format!(
            "/credentials/{}/credential.jwt",
            jack.credential_number
        )),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn status_indexes_are_random_unique_and_the_revoked_bit_is_at_its_index() {
    assert_eq!(
        usize::try_from(STATUS_LIST_BITS).expect("bits"),
        credential::MIN_STATUS_BITS
    );
    for (backend, app) in apps().await {
        let state = &app.state;
        let store = state.store();
        let mut rows = Vec::new();
        for i in 0..20 {
            rows.push(endorse(store, "jack.osei@example.org", &format!("Jack Osei {i}")).await);
        }
        let indexes: Vec<i64> = rows.iter().map(|r| r.status_index).collect();
        let distinct: HashSet<i64> = indexes.iter().copied().collect();
        assert_eq!(distinct.len(), 20, "{backend}: {indexes:?}");
        assert!(
            indexes.iter().all(|i| (0..STATUS_LIST_BITS).contains(i)),
            "{indexes:?}"
        );
        // Created in id order; drawn at random, the indexes are not in that order.
        assert!(
            indexes.windows(2).any(|pair| pair[0] > pair[1]),
            "{backend}: sequential {indexes:?}"
        );
        assert!(rows.iter().any(|r| r.status_index != r.id), "{indexes:?}");
        for row in &rows {
            let found = store
                .endorsement_by_status_index(row.status_index)
                .await
                .expect("by index");
            assert_eq!(found.id, row.id, "{backend}");
        }

        let revoked = &rows[7];
        let good_copy = credential::issue(state, &rows[3]).await.expect("issue");
        let revoked_copy = credential::issue(state, revoked).await.expect("issue");
        set_status(store, revoked, Status::Revoked).await;
        let mut client = app.client();
        let list = revocation_list(&mut client).await;
        for row in &rows {
            let index = usize::try_from(row.status_index).expect("index");
            assert_eq!(
                credential::status_bit(&list, index),
                Ok(row.id == revoked.id),
                "{backend}: endorsement {} at {index}",
                row.id
            );
        }
        assert!(matches!(
            credential::verify(state, &revoked_copy).await,
            Err(VerifyError::Revoked)
        ));
        credential::verify(state, &good_copy)
            .await
            .expect("the others still verify");
    }
}

#[tokio::test]
async fn the_administrator_rotates_a_key_and_old_credentials_still_verify() {
    for (backend, app) in apps().await {
        let state = &app.state;
        let store = state.store();
        let jack = endorse(store, "jack.osei@example.org", "Jack Osei").await;
        let before = credential::issue(state, &jack).await.expect("issue");
        let old_kid = header_kid(&before);

        for email in [
            "coordinator@massaimh.test",
            "ana@example.org",
            "jack.osei@example.org",
        ] {
            let mut client = signed_in(&app, email).await;
            assert_eq!(
                client.get("/admin/keys").await.status,
                StatusCode::NOT_FOUND,
                "{email}"
            );
            client.get("/dashboard").await;
            let forged = client.post("/admin/keys/massaimh/rotate", &[]).await;
            assert_eq!(forged.status, StatusCode::NOT_FOUND, "{email}");
        }
        assert_eq!(
            store
                .signing_keys(jack.association)
                .await
                .expect("keys")
                .len(),
            1,
            "{backend}: nobody but the administrator rotated"
        );

        let mut admin = signed_in(&app, "admin@alliance.test").await;
        let page = admin.get("/admin/keys").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(&old_kid) && page.body.contains("ES256"));
        let without_csrf = admin
            .post_raw("/admin/keys/massaimh/rotate", &[("csrf", "forged")])
            .await;
        assert_eq!(without_csrf.status, StatusCode::FORBIDDEN);
        let rotated = admin.post("/admin/keys/massaimh/rotate", &[]).await;
        assert_eq!(rotated.status, StatusCode::SEE_OTHER, "{}", rotated.body);
        assert_eq!(rotated.headers["location"], "/admin/keys?rotated=massaimh");
        let keys = store.signing_keys(jack.association).await.expect("keys");
        assert_eq!(keys.len(), 2, "{backend}");
        let new_kid = keys[0].kid.clone();
        assert_ne!(new_kid, old_kid);
        let page = admin.get("/admin/keys?rotated=massaimh").await;
        assert!(page.body.contains(&new_kid) && page.body.contains(&old_kid));
        assert!(page.body.contains("Replaced"), "{}", page.body);

        // The new key signs; the old copy still verifies; the rotation is in the audit log.
        let after = credential::issue(state, &jack).await.expect("issue");
        assert_eq!(header_kid(&after), new_kid);
        assert_eq!(
            credential::verify(state, &after).await.expect("new").kid,
            new_kid
        );
        assert_eq!(
            credential::verify(state, &before).await.expect("old").kid,
            old_kid
        );
        let audit = store
            .audit_of_association(jack.association, 50)
            .await
            .expect("audit");
        let (admin_person, _) = store
            .person_by_email("admin@alliance.test")
            .await
            .expect("admin");
        assert!(
            audit.iter().any(|a| a.action == "rotate-signing-key"
                && a.actor == Some(admin_person.id)
                && a.subject == format!("signing-key:{new_kid}")),
            "{backend}: {audit:?}"
        );
    }
}

/// After a rotation (made the way `lattice keys rotate` makes it), the independent jose
/// verifier accepts both the credential signed before and the one signed after, each by its
/// own key from the published key set.
#[tokio::test]
async fn jose_verifies_credentials_signed_before_and_after_a_rotation() {
    let Some(mut rig) = JoseRig::start().await else {
        return;
    };
    let number = rig.jack.credential_number.clone();
    let before = rig.browser.credential(&number).await;

    let tool =
        lattice_web::key_rotation::command_state(rig.store.clone(), rig.served.config.clone())
            .expect("state");
    let new_kid = lattice_web::key_rotation::rotate(&tool, rig.jack.association, None, "test")
        .await
        .expect("rotate");
    let after = rig.browser.credential(&number).await;
    assert_eq!(header_kid(&after), new_kid);
    assert_ne!(header_kid(&before), new_kid);

    let jwks = format!("{}/a/massaimh/jwks.json", rig.base);
    for (which, jwt) in [("before", &before), ("after", &after)] {
        let verdict = jose_verify(&rig.jose, &["--jwks", &jwks], jwt).await;
        assert_eq!(verdict.code, 0, "{which}: {verdict:?}");
        assert_eq!(verdict.report["verified"], true, "{which}");
    }
    rig.served.stop().await;
}
