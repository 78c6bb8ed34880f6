//! The coverage picture, the pathfinder and the printable summary in Spanish (issue #23
//! item 2): counts, verdicts, sources and distances said in the page's language from the same
//! figures as the English, which stays the engine's own words. What has no id yet (most
//! pathway lines, a tier's name) stays English, marked `lang="en"`.

use axum::http::StatusCode;
use lattice_web::i18n::I18n;

use crate::coursework::tile;
use crate::support::TestApp;

/// One row of the pathfinder's table, by its category's abbreviation.
fn pathway(body: &str, category: &str) -> String {
    let at = body
        .find(&format!("<td><strong>{category}</strong>"))
        .unwrap_or_else(|| panic!("a row for {category}: {body}"));
    body[at..at + body[at..].find("</tr>").expect("row end")].to_string()
}

fn contains_all(page: &str, what: &str, texts: &[&str]) {
    for text in texts {
        assert!(page.contains(text), "{what}: no {text:?} in {page}");
    }
}

async fn coverage_and_summary_speak_the_reader_s_language(app: TestApp) {
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    // With her bachelor's only, a specialist category needs a degree first.
    let english = ana.get("/portfolio/coverage").await.body;
    contains_all(
        &pathway(&english, "IMHS"),
        "English IMHS",
        &["a degree first, 24 months, 12 h, 1 step</span>"],
    );
    ana.post("/language", &[("language", "es")]).await;
    let spanish = ana.get("/portfolio/coverage").await.body;
    contains_all(
        &pathway(&spanish, "IMHS"),
        "Spanish IMHS",
        &["primero, un título, 24 meses, 12 h, 1 paso</span>"],
    );
    ana.post("/language", &[("language", "en")]).await;

    // A finished degree with one course on pregnancy, which a training (the keynote) already
    // documents, and an unfinished one whose course is listed but does not count yet.
    for (completed, title) in [
        ("2024-05-18", "Prenatal Development"),
        ("", "Infant Observation"),
    ] {
        let added = ana
            .post(
                "/portfolio/education",
                &[
                    ("level", "masters"),
                    ("degree", "MEd"),
                    ("field", "Early Childhood"),
                    ("institution", "Lesley University"),
                    ("completed", completed),
                    ("courses[0].title", title),
                    ("courses[0].competencies", "pregnancy-early-parenthood"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }

    // English: the engine's own words.
    let english = ana.get("/portfolio/coverage").await.body;
    contains_all(
        &english,
        "English coverage",
        &[
            "<strong>9 of 27 areas documented</strong> by counted training or coursework; <span class=\"missing\"><span aria-hidden=\"true\">! </span>1 area your category expects still needed</span>.</p>",
            "<span class=\"domain-count\">7 of 14 documented</span>",
        ],
    );
    let pregnancy = tile(&english, "Pregnancy &#38; early parenthood");
    contains_all(
        &pregnancy,
        "English tile",
        &[
            "<span class=\"tile-count\">documented by 1 course and 1 training · expected</span>",
            "<li>Course: Prenatal Development (MEd Early Childhood, Lesley University)</li>",
            "<li>Training: Keynote and workshops</li>",
            "<li>Listed, not counted: Course: Infant Observation (MEd Early Childhood, Lesley University) (not completed yet)</li>",
            "<li>Rating by Dr. Lena Ortiz (shows, does not document)</li>",
        ],
    );
    contains_all(
        &pathway(&english, "IFRS"),
        "English pathway",
        &[
            "12 months, 15 h, 1 step</span>",
            "Reflective Supervisor</span>",
        ],
    );

    // Spanish: the same figures in Spanish words.
    ana.post("/language", &[("language", "es")]).await;
    let spanish = ana.get("/portfolio/coverage").await.body;
    contains_all(
        &spanish,
        "Spanish coverage",
        &[
            "<html lang=\"es\"",
            "<h1>Cobertura de competencias</h1>",
            "<strong>9 de 27 áreas documentadas</strong> con capacitaciones o cursos que cuentan; <span class=\"missing\"><span aria-hidden=\"true\">! </span>falta 1 área que su categoría espera</span>.</p>",
            "<h2 class=\"h3\">Fundamentos teóricos <span class=\"domain-count\">7 de 14 documentadas</span></h2>",
            "<span class=\"tile-name\">Trastornos de la infancia y la primera infancia</span> <span class=\"tile-count\">solo la muestran evaluaciones de referencia; no está documentada con cursos ni capacitaciones · esperada</span>",
            "<li>Figura en la lista, no cuenta: Supporting Teens in Crisis (centrada en adolescentes; no cuentan las capacitaciones dedicadas sobre todo a niños en edad escolar, adolescentes o personas mayores)</li>",
            "<p class=\"small\">Las áreas de Fundamentos teóricos y de Habilidades de servicio directo deben documentarse con cursos o capacitaciones; las evaluaciones de referencia y la experiencia laboral no las documentan.</p>",
            "<h2>Qué categoría corresponde a su portafolio en Massachusetts Association for Infant Mental Health</h2>",
        ],
    );
    let pregnancy = tile(&spanish, "Embarazo y crianza temprana");
    contains_all(
        &pregnancy,
        "Spanish tile",
        &[
            "<span class=\"tile-count\">documentada por 1 curso y 1 capacitación · esperada</span>",
            "<li>Curso: Prenatal Development (MEd Early Childhood, Lesley University)</li>",
            "<li>Capacitación: Keynote and workshops</li>",
            // The rule's reason has no id yet: English, and marked so.
            "<li lang=\"en\">Listed, not counted: Course: Infant Observation (MEd Early Childhood, Lesley University) (not completed yet)</li>",
            "<li>Evaluación de Dr. Lena Ortiz (la muestra, no la documenta)</li>",
        ],
    );
    let ifs = pathway(&spanish, "IFS");
    contains_all(
        &ifs,
        "Spanish IFS",
        &[
            // The tier in the profile's Spanish word; the label is a mark.
            "<span class=\"small muted\">Categoría II · su solicitud · la más adecuada</span>",
            "<span class=\"chip chip-unmet\">Todavía no</span><br><span class=\"small muted\">1 paso</span>",
            "<span class=\"phone-only\">Aún falta: </span>una evaluación de otro/a supervisor/a, docente, capacitador/a, consultor/a o colega, o un/a supervisado/a si usted supervisa a otras personas</td>",
        ],
    );
    contains_all(
        &pathway(&spanish, "IFRS"),
        "Spanish IFRS",
        &[
            "12 meses, 15 h, 1 paso</span>",
            // Every shortfall in Spanish, the work part in the profile's Spanish words.
            "<span class=\"phone-only\">Aún falta: </span>15 horas más de capacitación, de las cuales 15 sobre cómo brindar RS/C; 1 año más de trabajo remunerado en un puesto de liderazgo",
        ],
    );
    for english_only in [
        "documented by",
        "Training: ",
        "Rating by",
        "Still needed",
        "of 27 areas",
        " step</span>",
    ] {
        assert!(
            !spanish.contains(english_only),
            "{english_only:?} left in English"
        );
    }

    // The printable summary: headings, dates in words, signatures, the panel.
    let summary = ana.get("/portfolio/summary").await.body;
    contains_all(
        &summary,
        "Spanish summary",
        &[
            "<html lang=\"es\"",
            "<h1>Portafolio de Ana Ruiz</h1>",
            "<a href=\"/portfolio\">Volver al portafolio</a> · Use la función Imprimir de su navegador para papel o PDF.",
            "<h2 id=\"progress-title\">Progreso hacia IFS · Infant Family Specialist</h2>",
            "<h2>Formación académica</h2>",
            "<h2>Capacitaciones</h2>",
            "Foundations of Infant Mental Health · MassAIMH · 4 de marzo de 2023 · 6,5 horas",
            "Boston Early Intervention · Developmental Specialist · 1 de julio de 2021 – actualidad",
            "Dr. Lena Ortiz · individual · 9 de enero de 2024 – 24 de junio de 2025 · 26 horas",
            "<h2>Acuerdos</h2>",
            "Código de Ética: 1 de septiembre de 2026, versión 1<br>Acuerdo de Endorsement®: 1 de septiembre de 2026, versión 1",
            "2 de 1 · Se necesita una licenciatura o un título superior; 2 títulos válidos completados. Los cursos documentan 1 área de competencia: Embarazo y crianza temprana.</p>",
        ],
    );
    let printed = format!(
        "ana@example.org · impreso el {}",
        lattice_domain::language::Language::Spanish.date(chrono::Utc::now().date_naive())
    );
    assert!(summary.contains(&printed), "no {printed:?} in {summary}");

    // And in English, as before.
    ana.post("/language", &[("language", "en")]).await;
    let summary = ana.get("/portfolio/summary").await.body;
    contains_all(
        &summary,
        "English summary",
        &[
            "<h1>Portfolio of Ana Ruiz</h1>",
            "<h2>Trainings</h2>",
            "Foundations of Infant Mental Health · MassAIMH · 2023-03-04 · 6.5 h</li>",
            "Code of Ethics: 2026-09-01, version 1<br>Endorsement® Agreement: 2026-09-01, version 1",
        ],
    );
    let missing = I18n::embedded().missing();
    assert!(missing.is_empty(), "messages missing: {missing:?}");
}

#[tokio::test]
async fn coverage_and_summary_speak_the_reader_s_language_sqlite() {
    coverage_and_summary_speak_the_reader_s_language(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn coverage_and_summary_speak_the_reader_s_language_postgres() {
    if let Some(app) = TestApp::postgres().await {
        coverage_and_summary_speak_the_reader_s_language(app).await;
    }
}
