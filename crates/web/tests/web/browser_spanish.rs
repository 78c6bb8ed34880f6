//! The applicant's journey in Spanish (issue #23), at a phone's width in real headless
//! Chromium, through the forms she uses and nothing else: she chooses Español with the
//! header's switch, signs up, confirms her address, registers, asks to join MassAIMH, types her
//! portfolio entry by entry, signs the agreements, asks three raters in Spanish (each answers
//! the Spanish form from the link in the Spanish mail, without an account) and submits. The
//! coordinator, who reads English, records the membership and the fee between. Every page she
//! and the raters see is in Spanish (`lang="es"`), passes axe-core, fits 390 pixels, and is
//! saved as a screenshot under `target/browser-screenshots/spanish-journey/`.

use std::time::Duration;

use lattice_domain::language::Language;
use serde_json::Value;

use crate::browser::{Driver, Served, Walk, browser_available, link_in_message, workspace};
use crate::support::Sink;

const PASSWORD: &str = "una frase de paso bastante larga";
const NOOR: &str = "noor.es@example.org";
const PHONE: (u32, u32) = (390, 844);

/// The mail the outbox holds for `recipient` whose subject starts with `subject`, waiting
/// (bounded). Read from the store rather than the SMTP sink: the sink keeps the encoded MIME
/// text, and Spanish subjects and bodies arrive encoded.
async fn outbox_mail(
    store: &lattice_store::SharedStore,
    recipient: &str,
    subject: &str,
) -> (String, String) {
    for _ in 0..300 {
        let found = store
            .mails_to(recipient)
            .await
            .expect("mails")
            .into_iter()
            .find(|m| m.subject.starts_with(subject));
        if let Some(mail) = found {
            return (mail.subject, mail.body);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no mail to {recipient} starting {subject:?}");
}

/// Checks the page as every page of the journey is checked: Spanish, axe-core clean, and no
/// wider than the phone.
async fn look(walk: &mut Walk, name: &str) {
    let lang = walk
        .client
        .execute("return document.documentElement.lang;", vec![])
        .await
        .expect("lang");
    assert_eq!(lang, Value::from("es"), "{name}");
    walk.check(name).await;
    let path = walk.path().await;
    crate::language::assert_fits(walk, &path, PHONE.0).await;
}

/// Noor signs in through the sign-in form; her account's language makes her pages Spanish.
/// The page says `before` and then today's date in Spanish words ("4 de diciembre de 2026"),
/// not the ISO form English pages keep. Yesterday's date is accepted too, for a run that
/// crosses midnight (UTC).
#[track_caller]
fn says_today_in_spanish(page: &str, before: &str) {
    let today = chrono::Utc::now().date_naive();
    let said = [today, today.pred_opt().expect("a day before")]
        .iter()
        .any(|day| page.contains(&format!("{before}{}", Language::Spanish.date(*day))));
    assert!(said, "no Spanish date after {before:?} in {page}");
    assert!(
        !page.contains(&format!("{before}{today}")),
        "an ISO date after {before:?}"
    );
}

async fn noor_signs_in(walk: &Walk) {
    walk.go("/sign-in").await;
    walk.fill("email", NOOR).await;
    walk.fill("password", PASSWORD).await;
    walk.click("form.stack button[type=submit]").await;
    walk.expect_text("Le damos la bienvenida, Noor").await;
}

async fn signs_out_in_spanish(walk: &Walk) {
    walk.click_button("Cerrar sesión").await;
    walk.expect_text("desde la primera capacitación").await;
}

#[tokio::test]
async fn an_applicant_walks_from_sign_up_to_submission_in_spanish() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let store = served.store.clone();
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url)
        .await
        .in_folder("spanish-journey");
    walk.client
        .set_window_size(PHONE.0, PHONE.1)
        .await
        .expect("phone width");

    // Español from the header's switch, then sign-up in Spanish.
    walk.go("/").await;
    walk.click("#language-es").await;
    walk.expect_text("desde la primera capacitación").await;
    look(&mut walk, "01-home").await;
    walk.go("/sign-up").await;
    walk.expect_text("Cree su cuenta").await;
    look(&mut walk, "02-sign-up").await;
    walk.fill("name", "Noor Haddad").await;
    walk.fill("email", NOOR).await;
    walk.fill("password", PASSWORD).await;
    walk.fill("confirm", PASSWORD).await;
    walk.click("form.stack button[type=submit]").await;
    walk.expect_text("Revise su correo electrónico").await;
    look(&mut walk, "03-sign-up-sent").await;

    // The confirmation link from the mail, then sign-in and straight on to registering.
    let (subject, body) = outbox_mail(&store, NOOR, "Confirme su correo").await;
    assert_eq!(subject, "Confirme su correo electrónico para Lattice");
    let link = link_in_message(&body, "/verify-email?token=");
    walk.go(&link).await;
    walk.expect_text("Su correo electrónico está confirmado")
        .await;
    look(&mut walk, "04-email-confirmed").await;
    walk.click("a[href='/sign-in?next=/register']").await;
    walk.expect_path("/sign-in").await;
    walk.fill("email", NOOR).await;
    walk.fill("password", PASSWORD).await;
    walk.click("form.stack button[type=submit]").await;
    walk.expect_path("/register").await;
    walk.expect_text("Inscribirme").await;
    look(&mut walk, "05-register").await;
    walk.select("category", "IFS").await;
    let later = (chrono::Utc::now() + chrono::Duration::days(45)).date_naive();
    walk.set("intended", &later.to_string()).await;
    walk.click("form.card button[type=submit]").await;
    walk.expect_text("Inscrita, en espera de confirmación")
        .await;
    let application_path = walk.path().await;
    assert!(
        application_path.starts_with("/applications/"),
        "{application_path}"
    );
    look(&mut walk, "06-application-registered").await;
    let (subject, body) = outbox_mail(&store, NOOR, "Inscripción en IFS").await;
    assert_eq!(
        subject,
        "Inscripción en IFS con Massachusetts Association for Infant Mental Health"
    );
    assert!(
        body.starts_with("Hola, Noor Haddad:\n\nSe inscribió en IFS (Infant Family Specialist)"),
        "{body}"
    );
    assert!(body.contains("(20 US$). Pague a la asociación"), "{body}");

    // She asks to join MassAIMH; the coordinator records it below.
    walk.go("/portfolio").await;
    look(&mut walk, "07-portfolio").await;
    walk.click("#membership summary").await;
    walk.select("join-kind", "individual").await;
    walk.click("form[action='/membership/request'] button[type=submit]")
        .await;
    walk.expect_text("Usted pidió afiliarse o renovar (Individual)")
        .await;

    // Every section through its Spanish form, entry by entry: the entries of
    // examples/ana-ruiz.json.
    let document: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("examples/ana-ruiz.json")).expect("example"),
    )
    .expect("JSON");
    for section in ["education", "trainings", "work", "rsc"] {
        for entry in document[section].as_array().expect("entries") {
            walk.add_entry(section, entry).await;
            assert!(
                !walk.source().await.contains("Corrija"),
                "{section}: {}",
                walk.source().await
            );
        }
        look(&mut walk, &format!("08-{section}")).await;
    }
    walk.go("/portfolio").await;
    walk.expect_text("8 registros").await;

    // Both agreements, signed by typed name.
    walk.go("/portfolio/agreements").await;
    look(&mut walk, "09-agreements").await;
    walk.fill("sign-ethics", "Noor Haddad").await;
    walk.click("form:has(#sign-ethics) button").await;
    walk.expect_text("chip chip-met\">Firmado el ").await;
    walk.fill("sign-agreement", "Noor Haddad").await;
    walk.click("form:has(#sign-agreement) button").await;
    for _ in 0..100 {
        if walk
            .source()
            .await
            .matches("chip chip-met\">Firmado el ")
            .count()
            == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        walk.source()
            .await
            .matches("chip chip-met\">Firmado el ")
            .count(),
        2,
        "both agreements signed"
    );
    signs_out_in_spanish(&walk).await;

    // The coordinator reads English: she switches back before signing in.
    walk.click("#language-en").await;
    walk.expect_text("from first training to renewal").await;
    walk.sign_in(
        "coordinator@massaimh.test",
        lattice_web::demo::DEMO_PASSWORD,
    )
    .await;
    walk.go(&application_path).await;
    walk.fee_and_membership_recorded("M-40612").await;
    walk.click_button("Confirm membership and fee").await;
    walk.expect_text("Building portfolio").await;
    walk.sign_out().await;
    let (subject, _) = outbox_mail(&store, NOOR, "Su solicitud de IFS").await;
    assert_eq!(subject, "Su solicitud de IFS: Armando el portafolio");

    // Three raters, asked in Spanish; each answers the Spanish form from the Spanish mail.
    let raters = [
        ("Karen Lowe", "karen.es@example.org", "program-supervisor"),
        ("Dra. Lena Ortiz", "lena.es@example.org", "rsc-provider"),
        ("Dra. Ruth Ames", "ruth.es@example.org", "colleague"),
    ];
    for (i, (name, email, role)) in raters.into_iter().enumerate() {
        noor_signs_in(&walk).await;
        walk.go("/portfolio/references").await;
        walk.fill("rater-name", name).await;
        walk.fill("rater-email", email).await;
        walk.select("rater-role", role).await;
        walk.select("rater-language", "es").await;
        if i == 0 {
            look(&mut walk, "10-references").await;
        }
        walk.click("form[action='/portfolio/references/request'] button[type=submit]")
            .await;
        walk.expect_text(&format!("{email})")).await;
        signs_out_in_spanish(&walk).await;

        let (subject, body) = outbox_mail(&store, email, "Noor Haddad le pide").await;
        assert_eq!(
            subject,
            "Noor Haddad le pide una evaluación de referencia para Endorsement® (Massachusetts Association for Infant Mental Health)"
        );
        let start = body.find("/rate/").expect("a rating link in the mail");
        let link: String = body[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        walk.go(&link).await;
        walk.expect_text("Enviar la evaluación").await;
        if i == 0 {
            look(&mut walk, "11-rating-form").await;
        }
        walk.client
            .execute("document.querySelectorAll('input[type=radio][value=consistently]').forEach(r => r.click());", vec![])
            .await
            .expect("answer");
        walk.set("known_since", "2019-09-01").await;
        walk.fill(
            "comments",
            &format!("{name} conoce las visitas de Noor desde 2019."),
        )
        .await;
        walk.click_button("Enviar la evaluación").await;
        walk.expect_text("Gracias por su evaluación").await;
        if i == 0 {
            look(&mut walk, "12-rating-thanks").await;
        }
        walk.go(&link).await;
        walk.expect_text("Este enlace ya no funciona").await;
    }

    // Everything is met: she submits, in Spanish, and is told so in Spanish.
    noor_signs_in(&walk).await;
    look(&mut walk, "13-dashboard").await;
    says_today_in_spanish(&walk.source().await, "actualizada el ");
    walk.go(&application_path).await;
    look(&mut walk, "14-application-ready").await;
    walk.click("#confirm-submit").await;
    walk.click_button("Enviar el portafolio a revisión").await;
    let submitted = walk.expect_text("chip state-submitted").await;
    assert!(submitted.contains(">Enviada<"), "{submitted}");
    look(&mut walk, "15-application-submitted").await;
    let (subject, body) = outbox_mail(&store, NOOR, "Recibimos").await;
    assert_eq!(subject, "Recibimos su portafolio de IFS");
    assert!(
        body.starts_with(
            "Hola, Noor Haddad:\n\nMassachusetts Association for Infant Mental Health recibió su portafolio de IFS el "
        ),
        "{body}"
    );
    assert!(
        body.contains("\nLa cuota de tramitación es de 100 US$. Pague a la asociación"),
        "{body}"
    );
    walk.go("/portfolio/trainings").await;
    look(&mut walk, "16-portfolio-frozen").await;
    says_today_in_spanish(&walk.source().await, "se envió para IFS el ");
    // What the portfolio shows as a whole, in Spanish too, at a phone's width.
    walk.go("/portfolio/coverage").await;
    walk.expect_text("<h1>Cobertura de competencias</h1>").await;
    look(&mut walk, "17-coverage").await;
    walk.go("/portfolio/summary").await;
    walk.expect_text("<h1>Portafolio de Noor Haddad</h1>").await;
    says_today_in_spanish(&walk.source().await, "impreso el ");
    look(&mut walk, "18-summary").await;

    assert!(walk.checked.len() >= 21, "{:?}", walk.checked);
    walk.client.close().await.expect("close the browser");
    served.stop().await;
}
