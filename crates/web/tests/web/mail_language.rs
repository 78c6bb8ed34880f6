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

/// Lattice's own mails about an account follow the page that caused them: a sign-up on a
/// Spanish page is confirmed in Spanish (and the link sent again on a refused sign-in comes
/// in the account's language), a taken address is told in the page's language, and a reset
/// asked from a Spanish page for an account with no language comes in Spanish, while one
/// asked for an English account stays English.
async fn account_mails_follow_the_page_s_language(app: TestApp) {
    let store = app.state.store();
    let mut visitor = app.client();
    visitor.get("/language?language=es").await;
    visitor.get("/sign-up").await;
    for email in ["lucia.vega@example.org", "ana@example.org"] {
        let sent = visitor
            .post(
                "/sign-up",
                &[
                    ("name", "Lucía Vega"),
                    ("email", email),
                    ("password", "arce órbita farol nube"),
                    ("confirm", "arce órbita farol nube"),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    }
    let confirm = store
        .mails_to("lucia.vega@example.org")
        .await
        .expect("outbox");
    assert_eq!(confirm.len(), 1);
    assert_eq!(
        confirm[0].subject,
        "Confirme su correo electrónico para Lattice"
    );
    assert!(
        confirm[0].body.starts_with(
            "Hola, Lucía Vega:\n\nConfirme que esta es su dirección de correo electrónico abriendo este enlace dentro de las próximas 48 horas:\n\nhttp://lattice.test/verify-email?token="
        ),
        "{}",
        confirm[0].body
    );
    let taken = store.mails_to("ana@example.org").await.expect("outbox");
    assert_eq!(
        taken.last().expect("the owner is told").subject,
        "Alguien intentó crear una cuenta de Lattice con su correo electrónico"
    );

    // Signing in before confirming sends the link again, in the account's language, though
    // this browser now asks for English.
    let mut english = app.client();
    english.get("/sign-in").await;
    let early = english
        .post(
            "/sign-in",
            &[
                ("email", "lucia.vega@example.org"),
                ("password", "arce órbita farol nube"),
            ],
        )
        .await;
    assert_eq!(early.status, StatusCode::FORBIDDEN, "{}", early.body);
    let again = store
        .mails_to("lucia.vega@example.org")
        .await
        .expect("outbox");
    assert_eq!(again.len(), 2);
    assert!(
        again
            .iter()
            .all(|m| m.subject == "Confirme su correo electrónico para Lattice"),
        "{again:?}"
    );

    // A reset asked from the Spanish page: Ana has chosen no language, so the page's.
    visitor.get("/forgot-password").await;
    let asked = visitor
        .post("/forgot-password", &[("email", "ana@example.org")])
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let reset = store.mails_to("ana@example.org").await.expect("outbox");
    let reset = reset.last().expect("the reset mail");
    assert_eq!(reset.subject, "Restablezca su contraseña de Lattice");
    assert!(
        reset
            .body
            .starts_with("Hola, Ana Ruiz:\n\nAlguien (esperamos que usted) pidió restablecer"),
        "{}",
        reset.body
    );
    // The link's page and its mistakes speak Spanish too, in the browser that asked; the same mistakes in English are
    // held by `security_accounts` and `pages`.
    let link = app
        .link_in_mail("ana@example.org", "/reset-password?token=")
        .await;
    let token = link.split("token=").nth(1).expect("token").to_string();
    let form = visitor.get(&format!("/reset-password?token={token}")).await;
    assert!(form.body.contains("<html lang=\"es\""), "{}", form.body);
    for (password, confirm, said) in [
        (
            "short one",
            "short one",
            "Contraseña: use al menos 10 caracteres.",
        ),
        (
            "maple orbit lantern",
            "maple orbit lanterns",
            "Repita la contraseña: las dos contraseñas no coinciden.",
        ),
    ] {
        let refused = visitor
            .post(
                "/reset-password",
                &[
                    ("token", token.as_str()),
                    ("password", password),
                    ("confirm", confirm),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .body
                .contains(&format!("<p class=\"alert\" role=\"alert\">{said}</p>")),
            "{said}: {}",
            refused.body
        );
    }
    let stale = visitor
        .post(
            "/reset-password",
            &[
                ("token", "not-a-token"),
                ("password", "maple orbit lantern"),
                ("confirm", "maple orbit lantern"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        stale.body.contains(
            "<p class=\"alert\" role=\"alert\">Este enlace ya se usó o caducó; pida uno nuevo</p>"
        ),
        "{}",
        stale.body
    );
    // Jack chooses English on his account; a reset asked from a Spanish page stays English.
    let mut jack = app.client();
    jack.sign_in("jack.osei@example.org").await;
    let chosen = jack.post("/language", &[("language", "en")]).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    let asked = visitor
        .post("/forgot-password", &[("email", "jack.osei@example.org")])
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let reset = store
        .mails_to("jack.osei@example.org")
        .await
        .expect("outbox");
    assert_eq!(
        reset.last().expect("the reset mail").subject,
        "Reset your Lattice password"
    );
}

#[tokio::test]
async fn account_mails_follow_the_page_s_language_on_sqlite() {
    account_mails_follow_the_page_s_language(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn account_mails_follow_the_page_s_language_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    account_mails_follow_the_page_s_language(app).await;
}
