//! The renewal page, the reinstatement page and the reinstatement mail in Spanish (issue #23
//! item 2): a lapsed endorsee who reads Spanish sees what the year asks, what the deadline,
//! grace period, late fee, lapse and reinstatement mean, and what reinstating needs, in the
//! association's figures, with dates in words; the mail that starts it comes in Spanish too.
//! The English of the same pages is held by `reinstatement` and `renewal`.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use lattice_domain::language::Language;

use crate::reinstatement::{ENDORSED_ON, lapsed_endorsee};
use crate::support::TestApp;

fn spanish(date: chrono::NaiveDate) -> String {
    Language::Spanish.date(date)
}

async fn a_lapsed_endorsee_reinstates_in_spanish(app: TestApp) {
    let store = app.state.store().clone();
    let lapsed = lapsed_endorsee(
        app.state.store(),
        app.state.catalog(),
        "rena@example.org",
        "Rena Walsh",
    )
    .await;
    let number = &lapsed.number;
    let today = Utc::now().date_naive();
    let profile = app
        .state
        .catalog()
        .profile("massaimh", today)
        .expect("profile");
    let rule = profile
        .rule(lattice_domain::category::Track::II)
        .expect("IFS");
    let fee = rule.fees.as_ref().expect("fees").processing_usd;
    let months = rule.references.valid_months;

    let mut rena = app.client();
    rena.sign_in("rena@example.org").await;
    rena.post("/language", &[("language", "es")]).await;

    let renewal = rena.get("/renewal").await;
    assert_eq!(renewal.status, StatusCode::OK, "{}", renewal.body);
    let lapsed_on = spanish(lapsed.lapsed_on);
    for text in [
        "<html lang=\"es\"".to_string(),
        "<h1>Mantener su credencial Endorsement®</h1>".to_string(),
        format!(
            "<span class=\"chip\">Vencida; válida hasta el {}</span>",
            spanish(lapsed.lapsed_on - Duration::days(1))
        ),
        format!("<a class=\"button secondary\" href=\"/credentials/{number}/reinstate\">Restablecer"),
        "<summary>Fecha límite, período de gracia, cuota por atraso, vencimiento y restablecimiento</summary>".to_string(),
        "Restablecimiento: una credencial vencida se revisa de nuevo y conserva su número y su fecha original. Requiere membresía actualizada (".to_string(),
        "3 evaluaciones de referencia nuevas (Evaluaciones de referencia completadas a partir del ".to_string(),
        format!("la cuota de tramitación (La cuota de tramitación de {fee} US$, de nuevo: se factura cuando envíe la solicitud)."),
        ">Horas de capacitación</span>".to_string(),
        ">Código de Ética</span>".to_string(),
        "de capacitación centrada en las relaciones en ".to_string(),
    ] {
        assert!(renewal.body.contains(&text), "{text:?} in {}", renewal.body);
    }
    for english in [
        "Keeping your endorsement",
        "Renewal for ",
        "Lapse:",
        "good through",
        "Still needed",
    ] {
        assert!(
            !renewal.body.contains(english),
            "{english:?} in {}",
            renewal.body
        );
    }

    let needs = rena.get(&format!("/credentials/{number}/reinstate")).await;
    assert_eq!(needs.status, StatusCode::OK, "{}", needs.body);
    for text in [
        "<h1>Restablecer su credencial Endorsement®</h1>".to_string(),
        format!("<dt>Venció el</dt><dd><strong>{lapsed_on}</strong></dd>"),
        format!(
            "<dt>Otorgada el</dt><dd>{}</dd>",
            spanish(chrono::NaiveDate::parse_from_str(ENDORSED_ON, "%Y-%m-%d").expect("date"))
        ),
        "<span class=\"req-label\">Membresía actualizada</span>".to_string(),
        "<p class=\"small\">Una membresía vigente en MassAIMH, registrada por MassAIMH.</p>"
            .to_string(),
        "<span class=\"req-label\">Experiencia nueva</span>".to_string(),
        format!(
            "<p class=\"small\">Trabajo o capacitación desde el {lapsed_on}, agregados a su portafolio: un empleo que continuó después de ese día, o una capacitación con esa fecha o posterior.</p>"
        ),
        "<span class=\"req-label\">3 evaluaciones de referencia nuevas</span>".to_string(),
        format!(
            "<p class=\"small\">Evaluaciones de referencia completadas a partir del {lapsed_on}. Las completadas antes de que venciera su Endorsement® no vuelven a contar; cada evaluación es válida durante {months} meses.</p>"
        ),
        "<span class=\"req-label\">La cuota de tramitación</span>".to_string(),
        format!(
            "<p class=\"small\">La cuota de tramitación de {fee} US$, de nuevo: se factura cuando envíe la solicitud.</p>"
        ),
        "<button type=\"submit\">Empezar el restablecimiento</button>".to_string(),
    ] {
        assert!(needs.body.contains(&text), "{text:?} in {}", needs.body);
    }
    assert!(!needs.body.contains("Updated membership"), "{}", needs.body);

    let started = rena
        .post(&format!("/credentials/{number}/reinstate"), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let row = store.endorsement(lapsed.endorsement).await.expect("row");
    let mails = store.mails_to("rena@example.org").await.expect("mails");
    let mail = mails
        .iter()
        .find(|m| m.subject == "Restablecimiento de su credencial Endorsement® de IFS")
        .unwrap_or_else(|| panic!("the Spanish mail among {mails:#?}"));
    let endorsed_on = chrono::NaiveDate::parse_from_str(ENDORSED_ON, "%Y-%m-%d").expect("date");
    assert_eq!(
        mail.body,
        format!(
            "Hola, Rena Walsh:\n\nInició el restablecimiento de su credencial Endorsement® Infant Family Specialist ({number}), que venció el {lapsed_long}. Se revisa como una solicitud; una vez restablecida, conserva su número y su fecha original de otorgamiento ({endorsed_long}).\n\nQué se necesita:\n- Membresía actualizada: Una membresía vigente en MassAIMH, registrada por MassAIMH.\n- Experiencia nueva: Trabajo o capacitación desde el {lapsed_on}, agregados a su portafolio: un empleo que continuó después de ese día, o una capacitación con esa fecha o posterior.\n- 3 evaluaciones de referencia nuevas: Evaluaciones de referencia completadas a partir del {lapsed_on}. Las completadas antes de que venciera su Endorsement® no vuelven a contar; cada evaluación es válida durante {months} meses.\n- La cuota de tramitación: La cuota de tramitación de {fee} US$, de nuevo: se factura cuando envíe la solicitud.\n\nSiguiente paso: agregue su experiencia nueva a su portafolio, pida a sus referentes evaluaciones de referencia nuevas y envíe la solicitud a {association} desde Mi panel: http://lattice.test/dashboard\n",
            lapsed_long = Language::Spanish.mail_date(lapsed.lapsed_on),
            endorsed_long = Language::Spanish.mail_date(endorsed_on),
            association = row.association_name,
        )
    );
}

#[tokio::test]
async fn a_lapsed_endorsee_reinstates_in_spanish_sqlite() {
    a_lapsed_endorsee_reinstates_in_spanish(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_lapsed_endorsee_reinstates_in_spanish_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_lapsed_endorsee_reinstates_in_spanish(app).await;
    }
}
