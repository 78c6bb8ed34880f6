//! The requirement panel in Spanish (issue #23 item 2): the engine's phrases with ids are said
//! in the page's language (numbers with a decimal comma, dates in words, plurals by Fluent),
//! and an English reader sees exactly the engine's English, as `lattice check` prints it.

use lattice_store::Section;
use lattice_web::i18n::I18n;

use crate::support::TestApp;

/// Fails naming the first of `texts` that `body` does not contain.
fn says_all(body: &str, texts: &[&str]) {
    for text in texts {
        assert!(body.contains(text), "no {text:?} in {body}");
    }
}

async fn ana_id(app: &TestApp) -> lattice_domain::ids::PersonId {
    let (ana, _) = app
        .state
        .store()
        .person_by_email("ana@example.org")
        .await
        .expect("ana");
    ana.id
}

/// Ana without "Attachment and Loss in the First Years" (7 of her 34.75 counted hours): 27.75
/// of MassAIMH's 30, so 2.25 hours short. Her ratings still miss Tomás Reyes's, requested.
async fn ana_two_and_a_quarter_hours_short(app: &TestApp) -> crate::support::Client<'_> {
    let store = app.state.store();
    let ana_id = ana_id(app).await;
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
    says_all(
        &english.body,
        &[
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
        ],
    );

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

/// The work form's fields for a job with infants and their parents; `paid` as given.
fn job<'a>(
    employer: &'a str,
    role: &'a str,
    (start, end): (&'a str, &'a str),
    hours: &'a str,
    paid: bool,
) -> Vec<(&'static str, &'a str)> {
    let mut fields = vec![
        ("employer", employer),
        ("role", role),
        ("start", start),
        ("end", end),
        ("hours_per_week", hours),
        ("supervised", "on"),
        ("families_served", "12"),
        ("ages", "birth-36m"),
        ("with_child_and_parent", "on"),
        ("services", "home-visiting"),
    ];
    if paid {
        fields.push(("paid", "on"));
    }
    fields
}

/// Ana keeps, through the work form, a half-time job from 2021-01-04 to 2025-01-01: 1459 days
/// at 20 of the profile's 40 hours are 729.5 full-time days, one day short of MassAIMH's 2
/// years (floored, 1.99 years), with 12 of 10 families; and an unpaid job, which this part does
/// not count. The work requirement is said in Spanish whole: the part in the profile's Spanish
/// words (`describe_es`), the day short, the part-time rule and the unpaid job's reason.
async fn the_work_requirement_speaks_spanish(app: TestApp) {
    let store = app.state.store();
    let ana_id = ana_id(&app).await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    for entry in store.entries(ana_id).await.expect("entries") {
        if entry.section == Section::Work {
            let path = format!("/portfolio/work/{}/delete", entry.id.0);
            let deleted = ana.post(&path, &[]).await;
            assert!(deleted.status.is_redirection(), "{}", deleted.body);
        }
    }
    for fields in [
        job(
            "Little Steps Home Visiting",
            "Home visitor",
            ("2021-01-04", "2025-01-01"),
            "20",
            true,
        ),
        job(
            "Helping Hands",
            "Volunteer",
            ("2024-03-01", ""),
            "40",
            false,
        ),
    ] {
        let added = ana.post("/portfolio/work", &fields).await;
        assert!(added.status.is_redirection(), "{}", added.body);
    }

    let english = ana.get("/dashboard").await;
    says_all(
        &english.body,
        &[
            "1.99 of 2 years · Paid, post-bachelor&#39;s prevention/early-intervention work with families (classroom teaching does not count): 1.99 of 2 years; 12 of 10 families served. Part-time work counts in proportion to a 40-hour week (MassAIMH&#39;s setting in Lattice; the association can change it): 2 years at 20 hours a week count as 1 year.</p>",
            "Still needed: 1 more day of paid, post-bachelor&#39;s prevention/early-intervention work with families (classroom teaching does not count)</p>",
            "<li>Your work at Helping Hands, Volunteer (since 2024-03-01): unpaid; this part counts paid work</li>",
            "Still needed: a rating from another supervisor, teacher, trainer, consultant or colleague, or a supervisee if you supervise others</p>",
        ],
    );

    ana.post("/language", &[("language", "es")]).await;
    let spanish = ana.get("/dashboard").await;
    says_all(
        &spanish.body,
        &[
            "1,99 de 2 años · Trabajo remunerado de prevención o intervención temprana con familias, posterior a la licenciatura (no cuenta la enseñanza en el aula): 1,99 de 2 años; 12 de 10 familias atendidas. El trabajo a tiempo parcial cuenta en proporción a una semana de 40 horas (ajuste de MassAIMH en Lattice; la asociación puede cambiarlo): 2 años a 20 horas semanales cuentan como 1 año.</p>",
            "Aún falta: 1 día más de trabajo remunerado de prevención o intervención temprana con familias, posterior a la licenciatura (no cuenta la enseñanza en el aula)</p>",
            "<li>Su trabajo en Helping Hands, Volunteer (desde el 1 de marzo de 2024): no remunerado; esta parte cuenta trabajo remunerado</li>",
            "Aún falta: una evaluación de otro/a supervisor/a, docente, capacitador/a, consultor/a o colega, o un/a supervisado/a si usted supervisa a otras personas</p>",
        ],
    );
    for english_only in [
        "more day",
        "Your work at",
        "a rating from",
        "Part-time work",
    ] {
        assert!(!spanish.body.contains(english_only), "{english_only}");
    }
}

#[tokio::test]
async fn the_work_requirement_speaks_spanish_sqlite() {
    the_work_requirement_speaks_spanish(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_work_requirement_speaks_spanish_postgres() {
    if let Some(app) = TestApp::postgres().await {
        the_work_requirement_speaks_spanish(app).await;
    }
}

/// The text of the first element of `body` that opens with `opening`, up to its closing tag.
fn element_text<'a>(body: &'a str, opening: &str) -> &'a str {
    let start = body
        .find(opening)
        .unwrap_or_else(|| panic!("no {opening:?} in {body}"))
        + opening.len();
    let end = body[start..].find('<').expect("a closing tag") + start;
    &body[start..end]
}

/// What the dashboard says of where an application or an endorsement stands, in each
/// language: George (approved for the exam, no sitting yet), Isabel (more work required until
/// a date) and Jack (endorsed, in good standing).
async fn the_dashboard_says_each_stage_in_the_reader_s_language(app: TestApp) {
    let mut george = app.client();
    george.sign_in("george.ito@example.org").await;
    let english = george.get("/dashboard").await.body;
    assert!(english.contains(">Not scheduled yet</span>"), "{english}");
    assert!(english.contains(
        "You are approved to sit the exam; your coordinator will schedule a sitting.</p>"
    ));
    george.post("/language", &[("language", "es")]).await;
    let spanish = george.get("/dashboard").await.body;
    for text in [
        "<span class=\"chip chip-pending\">Aún sin fecha</span>",
        "Usted está aprobado/a para presentar el examen; su coordinador/a programará una fecha.</p>",
    ] {
        assert!(spanish.contains(text), "no {text:?} in {spanish}");
    }
    assert!(!spanish.contains("Not scheduled yet"));

    dated_in_both_languages(
        &app,
        "isabel.reyes@example.org",
        "<span class=\"chip state-more-work-required\">",
        ("More work required (resubmit from ", ")"),
        (
            "Se requiere más trabajo (puede volver a enviarse a partir del ",
            ")",
        ),
    )
    .await;
    dated_in_both_languages(
        &app,
        "jack.osei@example.org",
        "id=\"standing-1\">",
        ("Active, in good standing through ", ""),
        ("Vigente, en regla hasta el ", ""),
    )
    .await;
}

/// Signs `email` in and reads the dashboard's element that opens with `opening`: in English
/// it is `english`'s two parts around an ISO date, and in Spanish `spanish`'s around the same
/// date in Spanish words.
async fn dated_in_both_languages(
    app: &TestApp,
    email: &str,
    opening: &str,
    english: (&str, &str),
    spanish: (&str, &str),
) {
    use lattice_domain::language::Language;

    let mut person = app.client();
    person.sign_in(email).await;
    let page = person.get("/dashboard").await.body;
    let said = element_text(&page, opening);
    let date = said
        .strip_prefix(english.0)
        .and_then(|rest| rest.strip_suffix(english.1))
        .unwrap_or_else(|| panic!("{email}: {said}"));
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("an ISO date");
    person.post("/language", &[("language", "es")]).await;
    let page = person.get("/dashboard").await.body;
    assert_eq!(
        element_text(&page, opening),
        format!("{}{}{}", spanish.0, Language::Spanish.date(date), spanish.1),
        "{email}"
    );
}

#[tokio::test]
async fn the_dashboard_says_each_stage_in_the_reader_s_language_sqlite() {
    the_dashboard_says_each_stage_in_the_reader_s_language(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_dashboard_says_each_stage_in_the_reader_s_language_postgres() {
    if let Some(app) = TestApp::postgres().await {
        the_dashboard_says_each_stage_in_the_reader_s_language(app).await;
    }
}

/// The engine's advice (what blocks nothing but helps) stands under the requirements, in the
/// reader's language: George's university IMH certificate and the Theoretical Foundations
/// areas nothing he counted covers. Without advice there is no list.
async fn the_advice_speaks_the_reader_s_language(app: TestApp) {
    let mut george = app.client();
    george.sign_in("george.ito@example.org").await;
    let english = george.get("/dashboard").await;
    says_all(
        &english.body,
        &[
            "<strong>Advice</strong>",
            "<li>The university IMH certificate (New Mexico State University) can document competencies; the 48 h training minimum still applies.</li>",
            "<li>Theoretical Foundations areas no counted training or course covers yet: Adult learning theory &#38; practice; Statistics; Research &#38; evaluation. Reviewers look for course work or training in each; work experience or ratings alone do not document them.</li>",
        ],
    );
    george.post("/language", &[("language", "es")]).await;
    let spanish = george.get("/dashboard").await;
    says_all(
        &spanish.body,
        &[
            "<strong>Consejos</strong>",
            "<li>El certificado universitario en salud mental infantil (New Mexico State University) puede documentar competencias; el mínimo de 48 h de capacitación sigue vigente.</li>",
            "<li>Áreas de Fundamentos teóricos que ninguna capacitación o curso contabilizado cubre todavía: Teoría y práctica del aprendizaje de adultos; Estadística; Investigación y evaluación. Los/las revisores/as buscan cursos o capacitaciones en cada una; la experiencia laboral y las evaluaciones de referencia por sí solas no las documentan.</li>",
        ],
    );
    assert!(!spanish.body.contains("IMH certificate"));

    // Ana's only advice is the one area nothing she counted covers; a training about it,
    // added through the form, takes the advice away.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let before = ana.get("/dashboard").await;
    says_all(
        &before.body,
        &[
            "<li>Theoretical Foundations areas no counted training or course covers yet: Disorders of infancy/early childhood. Reviewers",
        ],
    );
    let added = ana
        .post(
            "/portfolio/trainings",
            &[
                ("title", "Early Childhood Disorders"),
                ("provider", "MassAIMH"),
                ("date", "2025-03-02"),
                ("hours", "3"),
                ("kind", "workshop"),
                ("conference", ""),
                ("competencies", "disorders-of-infancy-early-childhood"),
                ("population", "infant-toddler"),
            ],
        )
        .await;
    assert!(added.status.is_redirection(), "{}", added.body);
    let after = ana.get("/dashboard").await;
    assert!(after.body.contains("requirements met"), "{}", after.body);
    assert!(!after.body.contains("class=\"advice\""), "{}", after.body);
}

#[tokio::test]
async fn the_advice_speaks_the_reader_s_language_sqlite() {
    the_advice_speaks_the_reader_s_language(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_advice_speaks_the_reader_s_language_postgres() {
    if let Some(app) = TestApp::postgres().await {
        the_advice_speaks_the_reader_s_language(app).await;
    }
}
