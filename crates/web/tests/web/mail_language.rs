//! Mails in the reader's language (issue #23): an applicant who chose Spanish gets the
//! association's mails in Spanish while it offers Spanish, and in English once it stops.

use axum::http::StatusCode;

use crate::support::{Client, TestApp};

const MASS: &str = "Massachusetts Association for Infant Mental Health";

/// MassAIMH's coordinator saves the settings form with Spanish offered or not.
async fn offer_spanish(coordinator: &mut Client<'_>, offered: bool) {
    let mut fields = vec![("display_name", ""), ("colour", "")];
    if offered {
        fields.push(("offer_es", "on"));
    }
    let saved = coordinator
        .post_form_data("/staff/massaimh/settings", &fields, &[("logo", "", b"")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

async fn elena_s_mails_follow_her_language_and_what_massaimh_offers(app: TestApp) {
    let id = app.application_of("elena.morales@example.org").await;
    let mut elena = app.client();
    elena.sign_in("elena.morales@example.org").await;
    let chosen = elena.post("/language", &[("language", "es")]).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    assert!(coordinator.verify_degrees(id).await > 0);

    // Spanish not offered: her Spanish choice does not make a Spanish mail.
    offer_spanish(&mut coordinator, false).await;
    let moved = coordinator
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "start-review"), ("reason", "Complete")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let store = app.state.store();
    let mails = store
        .mails_to("elena.morales@example.org")
        .await
        .expect("mail");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Your IFS application: Under review");
    assert!(
        mails[0]
            .body
            .starts_with("Hello Elena Morales,\n\nYour portfolio is complete"),
        "{}",
        mails[0].body
    );

    // Offered again: the next change reaches her in Spanish, the state by its Spanish name
    // and the coordinator's note under a Spanish heading.
    offer_spanish(&mut coordinator, true).await;
    let closed = coordinator
        .post(
            &format!("/applications/{id}/events"),
            &[
                ("event", "withdraw"),
                ("reason", "A pedido de la solicitante"),
            ],
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    let mails = store
        .mails_to("elena.morales@example.org")
        .await
        .expect("mail");
    assert_eq!(mails.len(), 2);
    let spanish = mails
        .iter()
        .find(|m| m.subject != "Your IFS application: Under review")
        .expect("the second mail");
    assert_eq!(spanish.subject, "Su solicitud de IFS: Retirada");
    assert_eq!(
        spanish.body,
        format!(
            "Hola, Elena Morales:\n\nSu solicitud fue retirada.\n\nSiguiente paso: no necesita hacer nada más. Puede comenzar una nueva solicitud desde Mi panel.\n\nNota de {MASS}:\nA pedido de la solicitante\n\nVea su solicitud: http://lattice.test/applications/{id}\n"
        )
    );
}

#[tokio::test]
async fn mails_follow_the_reader_s_language_on_sqlite() {
    elena_s_mails_follow_her_language_and_what_massaimh_offers(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn mails_follow_the_reader_s_language_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    elena_s_mails_follow_her_language_and_what_massaimh_offers(app).await;
}
