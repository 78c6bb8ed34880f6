//! The requirement panel in Spanish (issue #23 item 2): the engine's phrases with ids are said
//! in the page's language (numbers with a decimal comma, dates in words, plurals by Fluent),
//! and an English reader sees exactly the engine's English, as `lattice check` prints it.

use lattice_store::Section;
use lattice_web::i18n::I18n;

use crate::support::TestApp;

/// Ana without "Attachment and Loss in the First Years" (7 of her 34.75 counted hours): 27.75
/// of MassAIMH's 30, so 2.25 hours short. Her ratings still miss Tomás Reyes's, requested.
async fn ana_two_and_a_quarter_hours_short(app: &TestApp) -> crate::support::Client<'_> {
    let store = app.state.store();
    let ana_id = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .0
        .id;
    let attachment = store
        .entries(ana_id)
        .await
        .expect("entries")
        .into_iter()
        .find(|e| {
            e.section == Section::Trainings
                && e.data["title"] == "Attachment and Loss in the First Years"
        })
        .expect("the 7-hour training");
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let deleted = ana
        .post(
            &format!("/portfolio/trainings/{}/delete", attachment.id.0),
            &[],
        )
        .await;
    assert!(deleted.status.is_redirection(), "{}", deleted.body);
    ana
}

async fn the_panel_speaks_the_reader_s_language(app: TestApp) {
    let mut ana = ana_two_and_a_quarter_hours_short(&app).await;

    // English: the engine's own words, as today.
    let english = ana.get("/dashboard").await;
    for text in [
        ">5 of 7 requirements met</span>",
        "27.75 of 30 hours",
        "Still needed: 2.25 more hours of training</p>",
        "<li>The training &#39;Supporting Teens in Crisis&#39; (2025-03-15): focused on adolescents; trainings primarily about school-age children, adolescents or the elderly do not count</li>",
        "<li>The rating from Tomás Reyes, your colleague: requested; the rater has not completed it yet</li>",
        "<summary>2 listed but not counted</summary>",
        ">Specialized work</span>",
        "2 of 3 · 2 of 3 ratings count; each role needs its own rater.</p>",
        "2 of 2 · Code of Ethics and Endorsement Agreement signed.</p>",
        "1 of 1 · Needs a bachelor&#39;s degree or higher; 1 qualifying degree completed.</p>",
        "Evidence: 2 ratings sent by the rater through the emailed link</p>",
        "Evidence: the association&#39;s membership record (massaimh)</p>",
        "Evidence: signed by the applicant in Lattice, dated by the server</p>",
        "Evidence: self-reported by the applicant; reviewers check it</p>",
        "27.75 of 30 hours · 27.75 of 30 h of relationship-based training counted. Applicants at this category typically list about 60 h to show every competency area.</p>",
        "38 of 24 hours · 38 of 24 h from qualified providers; received 2024-01-09 to 2025-06-24 (17 months; must span 12 to 24 months).</p>",
    ] {
        assert!(
            english.body.contains(text),
            "no {text:?} in {}",
            english.body
        );
    }

    // Spanish: the same panel, in Spanish, with no lang="en" around what it translates.
    ana.post("/language", &[("language", "es")]).await;
    for path in ["/dashboard", "/portfolio", "/portfolio/trainings"] {
        let page = ana.get(path).await;
        for text in [
            ">5 de 7 requisitos cumplidos</span>",
            "27,75 de 30 horas",
            "Aún falta: 2,25 horas más de capacitación</p>",
            "<li>La capacitación «Supporting Teens in Crisis» (15 de marzo de 2025): centrada en adolescentes; no cuentan las capacitaciones dedicadas sobre todo a niños en edad escolar, adolescentes o personas mayores</li>",
            "<li>La evaluación de Tomás Reyes, su colega: solicitada; el/la referente aún no la ha completado</li>",
            "<summary>2 registros no cuentan</summary>",
            ">Trabajo especializado</span>",
            ">Cumplido</span>",
            "2 de 3 · Cuentan 2 de 3 evaluaciones; cada rol necesita su propio/a referente.</p>",
            "2 de 2 · Código de Ética y Acuerdo de Endorsement® firmados.</p>",
            "1 de 1 · Se necesita una licenciatura o un título superior; 1 título válido completado.</p>",
            "Constancia: 2 evaluaciones enviadas por el/la referente mediante el enlace recibido por correo</p>",
            "Constancia: el registro de membresía de la asociación (massaimh)</p>",
            "Constancia: firmados por el/la solicitante en Lattice, con la fecha del servidor</p>",
            "Constancia: declarado por el/la solicitante; los/las revisores/as lo comprueban</p>",
            "27,75 de 30 horas · 27,75 de 30 h de capacitación centrada en las relaciones contabilizadas. Quienes solicitan esta categoría suelen presentar unas 60 h para mostrar todas las áreas de competencia.</p>",
            "38 de 24 horas · 38 de 24 h con proveedores/as calificados/as; recibida del 9 de enero de 2024 al 24 de junio de 2025 (17 meses; debe abarcar de 12 a 24 meses).</p>",
            // The document's title stays as published, marked English.
            "<p class=\"small muted rule-source\">Fuente: <span lang=\"en\"><a href=\"https://mi-aimh.org/endorsement/requirements-for-level-ii\" rel=\"external noopener\">MI-AIMH, Requirements for Level II</a></span></p>",
        ] {
            assert!(
                page.body.contains(text),
                "{path}: no {text:?} in {}",
                page.body
            );
        }
        assert!(!page.body.contains("more hours of training"), "{path}");
        assert!(
            !page
                .body
                .contains("aria-label=\"Your progress\" lang=\"en\""),
            "{path}"
        );
    }
    let missing = I18n::embedded().missing();
    assert!(missing.is_empty(), "messages missing: {missing:?}");
}

#[tokio::test]
async fn the_panel_speaks_the_reader_s_language_sqlite() {
    the_panel_speaks_the_reader_s_language(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_panel_speaks_the_reader_s_language_postgres() {
    if let Some(app) = TestApp::postgres().await {
        the_panel_speaks_the_reader_s_language(app).await;
    }
}
