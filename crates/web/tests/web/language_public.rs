//! The public registry and the verification pages in the visitor's language (issue #23 item
//! 2): a Spanish visitor, by the switch's cookie or by `Accept-Language`, reads the exact
//! Spanish words, plural forms and dates; an English one reads today's; the credential's own
//! data (the mark, the category's registered title) stays as issued; and every such answer
//! says it varies by language, so no cache hands one language's copy to the other.

use axum::http::StatusCode;
use axum::http::header::VARY;
use chrono::Utc;
use lattice_domain::endorsement::Status;

use crate::language::spanish_date;
use crate::registry::{endorsement_of, set_status};
use crate::reinstatement::pdf_text;
use crate::support::{Page, TestApp};

const BY_COOKIE: &[(&str, &str)] = &[("cookie", "lattice_lang=es")];
const BY_BROWSER: &[(&str, &str)] = &[("accept-language", "es-MX,es;q=0.9,en;q=0.5")];
const ENGLISH: &[(&str, &str)] = &[("accept-language", "en-US,en;q=0.9")];

fn varies_by_language(page: &Page, path: &str) {
    let vary = page
        .headers
        .get(VARY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        vary.contains("Accept-Language") && vary.contains("Cookie"),
        "{path}: Vary {vary:?}"
    );
}

async fn public_pages_speak_the_visitor_s_language(app: TestApp) {
    let jack = endorsement_of(app.state.store(), "jack.osei@example.org").await;
    let number = jack.credential_number.clone();
    let everyone = app.client().get("/api/registry").await.json()["total"]
        .as_i64()
        .expect("a total");
    // The demo's one endorsee: the listing's sentence in its singular form (a search finding
    // no one below shows the plural).
    assert_eq!(everyone, 1);

    // The registry: everyone, then a search finding exactly one (the plural's other side).
    for spanish in [BY_COOKIE, BY_BROWSER] {
        let listing = app.client().get_with("/registry", spanish).await;
        assert_eq!(listing.status, StatusCode::OK);
        assert!(
            listing.body.contains(r#"<html lang="es""#),
            "{}",
            listing.body
        );
        for words in [
            "<title>Registro público de Endorsement® · Lattice</title>",
            "<h1>Encuentre a un/a profesional con Endorsement®</h1>",
            "<h2 id=\"results\">Todas las personas con Endorsement® vigente hoy</h2>",
            "<p id=\"listing-all\">1 persona, por apellido. Escriba un nombre o elija una ciudad para encontrar a alguien.</p>",
            "<label for=\"r-city\">Ciudad</label>",
            "<th scope=\"col\">Credencial</th>",
            "<button type=\"submit\">Buscar</button>",
            "No es una licencia para ejercer.",
        ] {
            assert!(listing.body.contains(words), "{words}: {}", listing.body);
        }
        varies_by_language(&listing, "/registry");
        let found = app.client().get_with("/registry?name=osei", spanish).await;
        assert!(
            found
                .body
                .contains("<h2 id=\"results\">1 profesional con Endorsement®</h2>"),
            "{}",
            found.body
        );
        // The credential's data as issued: the mark and the registered category title.
        assert!(found.body.contains(&jack.name_line), "{}", found.body);
        assert!(found.body.contains("<td>Infant Family Specialist</td>"));
        let none = app.client().get_with("/registry?name=zzzz", spanish).await;
        assert!(
            none.body
                .contains("<h2 id=\"results\">0 profesionales con Endorsement®</h2>")
                && none.body.contains("Nadie coincide."),
            "{}",
            none.body
        );
        let association = app
            .client()
            .get_with("/a/massaimh/registry?name=osei", spanish)
            .await;
        assert!(
            association
                .body
                .contains(": profesionales con Endorsement®</h1>"),
            "{}",
            association.body
        );
        varies_by_language(&association, "/a/massaimh/registry");
    }
    let listing = app.client().get_with("/registry", ENGLISH).await;
    assert!(listing.body.contains(r#"<html lang="en""#));
    for words in [
        "<title>Endorsement® registry · Lattice</title>",
        "<h1>Find an endorsed professional</h1>",
        "<h2 id=\"results\">Everyone endorsed today</h2>",
        "<p id=\"listing-all\">1 person, by family name. Type a name or choose a city to find someone.</p>",
        "It is not a license to practice.",
    ] {
        assert!(listing.body.contains(words), "{words}: {}", listing.body);
    }
    varies_by_language(&listing, "/registry");
    let found = app.client().get_with("/registry?name=osei", ENGLISH).await;
    assert!(
        found
            .body
            .contains("<h2 id=\"results\">1 endorsed person</h2>")
    );
    let none = app.client().get_with("/registry?name=zzzz", ENGLISH).await;
    assert!(
        none.body
            .contains("<h2 id=\"results\">0 endorsed people</h2>")
    );

    // The verification page: the status and both dates the Spanish way.
    let path = format!("/verify/{number}");
    let through = spanish_date(jack.valid_through);
    let endorsed = spanish_date(jack.endorsed_on);
    for spanish in [BY_COOKIE, BY_BROWSER] {
        let verified = app.client().get_with(&path, spanish).await;
        assert_eq!(verified.status, StatusCode::OK);
        for words in [
            format!("<title>Verificar {number} · Lattice</title>"),
            format!("id=\"standing\">Vigente, en regla hasta el {through}</p>"),
            format!("<dt>Otorgado el</dt><dd>{endorsed}</dd>"),
            "<dt>Número de credencial</dt>".to_string(),
            "<h1>Verificar una credencial Endorsement®</h1>".to_string(),
            format!("<h2>{}</h2>", jack.name_line),
            "<p class=\"lead\">Infant Family Specialist</p>".to_string(),
        ] {
            assert!(verified.body.contains(&words), "{words}: {}", verified.body);
        }
        varies_by_language(&verified, &path);
    }
    let verified = app.client().get_with(&path, ENGLISH).await;
    for words in [
        format!(
            "id=\"standing\">Active, in good standing through {}</p>",
            jack.valid_through
        ),
        format!("<dt>Endorsed</dt><dd>{}</dd>", jack.endorsed_on),
        "<h1>Verify an endorsement</h1>".to_string(),
    ] {
        assert!(verified.body.contains(&words), "{words}: {}", verified.body);
    }
    varies_by_language(&verified, &path);

    // The box to type a number in, and a number that finds nothing.
    let lookup = app.client().get_with("/verify", BY_BROWSER).await;
    assert!(
        lookup
            .body
            .contains("<label for=\"verify-number\">Número de credencial</label>"),
        "{}",
        lookup.body
    );
    varies_by_language(&lookup, "/verify");
    let unknown = lattice_domain::endorsement::credential_number("MassAIMH", 2026, 999_999);
    let nobody = app
        .client()
        .get_with(&format!("/verify/{unknown}"), BY_COOKIE)
        .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
    assert!(
        nobody.body.contains(&format!(
            "Ninguna credencial Endorsement® tiene el número {unknown}."
        )),
        "{}",
        nobody.body
    );
    varies_by_language(&nobody, "/verify/unknown");

    // Lapsed today: "since" and the date, in each language.
    let today = Utc::now().date_naive();
    set_status(app.state.store(), &jack, Status::Lapsed).await;
    let lapsed = app.client().get_with(&path, BY_COOKIE).await;
    let since = spanish_date(today);
    assert!(
        lapsed.body.contains(&format!(
            "id=\"standing\">Vencida desde el {since}: no se renovó</p>"
        )),
        "{}",
        lapsed.body
    );
    let lapsed = app.client().get_with(&path, ENGLISH).await;
    assert!(
        lapsed.body.contains(&format!(
            "id=\"standing\">Lapsed since {today}: not renewed</p>"
        )),
        "{}",
        lapsed.body
    );
}

/// The certificate in the endorsee's account language by default, in either language the
/// association offers when asked (the verification page offers both to its holder), and a
/// language it does not offer refused by name. English stays as it always was.
async fn the_certificate_is_made_in_the_endorsee_s_language(app: TestApp) {
    let jack = endorsement_of(app.state.store(), "jack.osei@example.org").await;
    let pdf = format!("/credentials/{}/certificate.pdf", jack.credential_number);
    let contains = |bytes: &[u8], needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    let english_dates = format!(
        "Endorsed {} · valid through {}",
        jack.endorsed_on.format("%-d %B %Y"),
        jack.valid_through.format("%-d %B %Y")
    );
    let spanish_dates = format!(
        "Otorgada el {} · válida hasta el {}",
        spanish_date(jack.endorsed_on),
        spanish_date(jack.valid_through)
    );
    let mut holder = app.client();
    holder.sign_in("jack.osei@example.org").await;
    let english = holder.get(&pdf).await;
    assert_eq!(english.status, StatusCode::OK);
    let text = pdf_text(&english.bytes);
    assert!(text.contains("This certifies that"), "{text}");
    assert!(text.contains(&english_dates), "{english_dates} in {text}");
    assert!(contains(&english.bytes, b"/Lang(en)"));

    // Spanish chosen on the account: the dashboard's download is Spanish.
    let chosen = holder.post("/language", &[("language", "es")]).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    let spanish = holder.get(&pdf).await;
    assert_eq!(spanish.status, StatusCode::OK);
    let text = pdf_text(&spanish.bytes);
    for words in [
        "Certificado de Endorsement®",
        "Se certifica que",
        "ha obtenido la credencial Endorsement® como",
        "Infant Family Specialist (IFS)",
        "otorgada por Massachusetts Association for Infant Mental Health",
        &spanish_dates,
        &format!("Número de credencial {}", jack.credential_number),
        "Endorsement® es una credencial, no una licencia para ejercer.",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
    assert!(contains(&spanish.bytes, b"/Lang(es)"));
    assert!(!contains(&spanish.bytes, b"/Lang(en)"));

    // The other language on request, offered on the verification page to its holder only.
    let asked = holder.get(&format!("{pdf}?language=en")).await;
    assert!(pdf_text(&asked.bytes).contains(&english_dates));
    let page = holder
        .get(&format!("/verify/{}", jack.credential_number))
        .await;
    for code in ["en", "es"] {
        let link = format!("href=\"{pdf}?language={code}\"");
        assert!(page.body.contains(&link), "{link}: {}", page.body);
    }
    let anonymous = app
        .client()
        .get(&format!("/verify/{}", jack.credential_number))
        .await;
    assert!(!anonymous.body.contains("id=\"certificates\""));
    let refused = holder.get(&format!("{pdf}?language=fr")).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("fr"), "{}", refused.body);
}

#[tokio::test]
async fn the_certificate_is_made_in_the_endorsee_s_language_sqlite() {
    the_certificate_is_made_in_the_endorsee_s_language(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_certificate_is_made_in_the_endorsee_s_language_postgres() {
    if let Some(app) = TestApp::postgres().await {
        the_certificate_is_made_in_the_endorsee_s_language(app).await;
    }
}

#[tokio::test]
async fn public_pages_speak_the_visitor_s_language_sqlite() {
    public_pages_speak_the_visitor_s_language(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn public_pages_speak_the_visitor_s_language_postgres() {
    if let Some(app) = TestApp::postgres().await {
        public_pages_speak_the_visitor_s_language(app).await;
    }
}

/// An association's page in the visitor's language: what each category asks for and costs,
/// and the yearly renewal, in MassAIMH's figures; its own notes and the documents cited stay
/// English, marked so. The same lines in English for an English visitor, and the
/// registration form's side list in the applicant's language.
#[tokio::test]
async fn the_association_page_speaks_the_visitor_s_language() {
    let app = TestApp::sqlite().await;
    for spanish in [BY_COOKIE, BY_BROWSER] {
        let page = app.client().get_with("/a/massaimh", spanish).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(r#"<html lang="es""#), "{}", page.body);
        let vary = page
            .headers
            .get(VARY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(vary, "Accept, Accept-Language, Cookie");
        for words in [
            "<p class=\"crumbs\"><a href=\"/\">Asociaciones</a> › MassAIMH</p>",
            "Categorías de Endorsement® que se ofrecen en MA, con lo que pide y lo que cuesta cada una. Reglas vigentes: <code>",
            "<h2><span class=\"tier\">Categoría II</span> IFS / ECFS</h2>",
            "<li>Formación académica: una licenciatura o superior</li>",
            "<li>Capacitación: al menos 30 h en las áreas de competencia</li>",
            "<li>Supervisión/consulta reflexiva (RS/C): al menos 24 h a lo largo de 12 a 24 meses</li>",
            "<li>Referencias: 3 evaluaciones de referencia</li>",
            "<li>Examen después de la revisión: Parte 1 (60 preguntas) y Parte 2 (2 de 3 viñetas)</li>",
            "<strong>Cuotas:</strong> 20 US$ de inscripción, 100 US$ de tramitación de la solicitud</p>",
            "Cuotas: consulte a la asociación (no publicadas)",
            ">Inscribirse en IFS</a>",
            "<h2>Renovación</h2>",
            "<li>Renovación cada año a más tardar el 31 de diciembre: 15 h de capacitación\n<p class=\"small muted rule-source\">Fuente: <span lang=\"en\">",
            "<li>Cuota por renovación tardía: 25 US$",
            // The association's note, in its words.
            "<li><span lang=\"en\">From 2025 there is no Category III exam;",
        ] {
            assert!(page.body.contains(words), "{words}: {}", page.body);
        }
        for english in [
            "Education:",
            "Training:",
            "Renew every year",
            "Not offered here",
        ] {
            assert!(!page.body.contains(english), "{english}: {}", page.body);
        }
    }

    let page = app.client().get_with("/a/massaimh", ENGLISH).await;
    assert!(page.body.contains(r#"<html lang="en""#), "{}", page.body);
    for words in [
        "<h2><span class=\"tier\">Category II</span> IFS / ECFS</h2>",
        "<li>Education: a bachelor&#39;s degree or higher</li>",
        "<li>Training: at least 30 h across the competency areas</li>",
        "<li>Reflective supervision/consultation: at least 24 h over 12 to 24 months</li>",
        "<li>References: 3 reference ratings</li>",
        "<li>Exam after review: Part 1 (60 questions) and Part 2 (2 of 3 vignettes)</li>",
        "<strong>Fees:</strong> $20 registration, $100 application processing</p>",
        "Fees: ask the association (not published)",
        "<li>Renew every year by December 31: 15 h of training\n<p class=\"small muted rule-source\">Source: ",
        "<li>Late renewal fee: $25",
        "<li>From 2025 there is no Category III exam;",
    ] {
        assert!(page.body.contains(words), "{words}: {}", page.body);
    }

    // The category as an achievement: the same criteria and the areas in the visitor's
    // language, the credential's own description as issued, marked English.
    let achievement = app
        .client()
        .get_with("/a/massaimh/achievements/IFS", BY_BROWSER)
        .await;
    assert_eq!(achievement.status, StatusCode::OK);
    assert_eq!(
        achievement.headers.get(VARY).and_then(|v| v.to_str().ok()),
        Some("Accept, Accept-Language, Cookie")
    );
    for words in [
        "<h2>Criterios</h2>",
        "<li>Formación académica: una licenciatura o superior</li>",
        "<li>Referencias: 3 evaluaciones de referencia</li>",
        "<li>Renovación cada año a más tardar el 31 de diciembre: 15 h de capacitación</li>",
        "<h2>Áreas de competencia</h2>",
        "<li id=\"pregnancy-early-parenthood\">Embarazo y crianza temprana <span class=\"muted small\">(Fundamentos teóricos)</span></li>",
        "<p class=\"lead\" lang=\"en\">The Endorsement for Culturally Sensitive",
        "Los programas lo leen como JSON-LD en esta misma dirección con <code>Accept: application/ld+json</code>, o en <a href=\"/a/massaimh/achievements/IFS.json\">IFS.json</a>.",
    ] {
        assert!(
            achievement.body.contains(words),
            "{words}: {}",
            achievement.body
        );
    }
    let achievement = app
        .client()
        .get_with("/a/massaimh/achievements/IFS", ENGLISH)
        .await;
    for words in [
        "<h2>Criteria</h2>",
        "<li>Education: a bachelor&#39;s degree or higher</li>",
        "<li>Renew every year by December 31: 15 h of training</li>",
        "<li id=\"pregnancy-early-parenthood\">Pregnancy &#38; early parenthood <span class=\"muted small\">(Theoretical Foundations)</span></li>",
        "<p class=\"lead\">The Endorsement for Culturally Sensitive",
    ] {
        assert!(
            achievement.body.contains(words),
            "{words}: {}",
            achievement.body
        );
    }

    // The registration form's list of what each category asks, in Ana's Spanish.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.post("/language", &[("language", "es")]).await;
    let form = ana.get("/register?association=massaimh").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    for words in [
        "<details class=\"small\"><summary><strong>IFS / ECFS</strong> Categoría II</summary>",
        "<li>Formación académica: una licenciatura o superior</li>",
        "<p>Cuotas: 20 US$ de inscripción, 100 US$ de tramitación de la solicitud</p>",
    ] {
        assert!(form.body.contains(words), "{words}: {}", form.body);
    }
}
