//! Pages in Spanish (issue #23): the browser's `Accept-Language` on a first visit, the switch
//! in the header (a cookie when signed out, the account when signed in, kept across sign-out
//! and sign-in on another browser), `<html lang>`, the error page, every translated page
//! rendered in both languages with no message missing, and the same pages in Chromium with
//! axe-core, at desktop and phone width, with nothing wider than the phone's screen.

use std::collections::BTreeSet;
use std::path::PathBuf;

use axum::http::StatusCode;
use lattice_web::i18n::{I18n, Language};
use serde_json::Value;

use crate::browser::{Driver, Served, Walk, browser_available};
use crate::registry::endorsement_of;
use crate::support::{Sink, TestApp};

const SPANISH: &[(&str, &str)] = &[("accept-language", "es-MX,es;q=0.9,en;q=0.5")];
const ENGLISH: &[(&str, &str)] = &[("accept-language", "en-US,en;q=0.9")];

/// The pages translated so far that anyone may open, with a sentence each shows in Spanish.
const PUBLIC_PAGES: &[(&str, &str)] = &[
    ("/", "desde la primera capacitación hasta la renovación"),
    ("/sign-in", "¿Olvidó su contraseña?"),
    ("/sign-up", "Cree su cuenta"),
    ("/forgot-password", "Restablezca su contraseña"),
    ("/reset-password?token=x", "Elija una contraseña nueva"),
    ("/a/massaimh", "Reglas vigentes:"),
    ("/a/nmaimh", "Reglas vigentes:"),
    ("/a/massaimh/achievements/IFS", "Criterios"),
];

/// The applicant's pages translated so far (issue #23 step 2).
const APPLICANT_PAGES: &[&str] = &["/portfolio"];

/// The portfolio's section pages with their forms (issue #23 item 2).
const SECTION_PAGES: &[&str] = &[
    "/portfolio/education",
    "/portfolio/trainings",
    "/portfolio/work",
    "/portfolio/rsc",
    "/portfolio/references",
];

fn lang_of(body: &str) -> &str {
    body.split("<html lang=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
}

#[tokio::test]
async fn the_browser_s_language_chooses_the_page_s_language() {
    let app = TestApp::sqlite().await;
    for (path, spanish) in PUBLIC_PAGES {
        let mut client = app.client();
        let page = client.get_with(path, SPANISH).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert_eq!(lang_of(&page.body), "es", "{path}");
        assert!(page.body.contains(spanish), "{path}: {}", page.body);
        // The header speaks Spanish too, and offers English by its own name.
        assert!(page.body.contains("Saltar al contenido"), "{path}");
        assert!(
            page.body
                .contains("value=\"en\" lang=\"en\" id=\"language-en\">English</button>"),
            "{path}"
        );
        assert!(!page.body.contains("id=\"language-es\""), "{path}");

        let mut client = app.client();
        let page = client.get_with(path, ENGLISH).await;
        assert_eq!(lang_of(&page.body), "en", "{path}");
        assert!(!page.body.contains(spanish), "{path}");
        assert!(page.body.contains("Skip to content"), "{path}");
        assert!(page.body.contains(">Español</button>"), "{path}");

        // No Accept-Language at all: English.
        let page = app.client().get(path).await;
        assert_eq!(lang_of(&page.body), "en", "{path}");
    }
    // A public page that differs by language says so to caches.
    let home = app.client().get_with("/", SPANISH).await;
    assert_eq!(
        home.headers.get("vary").and_then(|v| v.to_str().ok()),
        Some("Accept-Language, Cookie")
    );
    // The error page follows too, with its fixed words translated.
    let missing = app.client().get_with("/no-such-page", SPANISH).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(lang_of(&missing.body), "es");
    assert!(
        missing.body.contains("<h1>No encontrado</h1>"),
        "{}",
        missing.body
    );
    assert!(
        missing
            .body
            .contains("Aquí no hay nada, o no le corresponde verlo.")
    );
    let missing = app.client().get_with("/no-such-page", ENGLISH).await;
    assert!(
        missing.body.contains("<h1>Not Found</h1>"),
        "{}",
        missing.body
    );
}

#[tokio::test]
async fn a_wrong_password_and_a_wait_are_said_in_spanish() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    client.get("/language?language=es").await;
    client.get("/sign-in").await;
    let wrong = [
        ("email", "ana@example.org"),
        ("password", "not her password"),
        ("next", ""),
    ];
    // Five wrong passwords for one account are free; after them, a 30-second wait.
    for _ in 0..5 {
        let refused = client.post("/sign-in", &wrong).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.body);
        assert_eq!(lang_of(&refused.body), "es");
        assert!(
            refused.body.contains(
                "Ese correo electrónico y esa contraseña no corresponden a ninguna cuenta."
            )
        );
    }
    let waited = client.post("/sign-in", &wrong).await;
    assert_eq!(
        waited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        waited.body
    );
    // The first wait is 30 seconds; a second may pass between the failure and the answer.
    let sentence = waited
        .body
        .split("Se intentaron demasiadas contraseñas incorrectas. Vuelva a intentarlo dentro de ")
        .nth(1)
        .and_then(|rest| rest.split(" segundos o restablezca su contraseña.").next())
        .unwrap_or_else(|| panic!("no Spanish wait: {}", waited.body));
    let seconds: i64 = sentence.parse().expect("whole seconds");
    assert!((28..=30).contains(&seconds), "{seconds}");
}

#[tokio::test]
async fn the_switch_is_kept_on_the_account_across_sign_out_and_sign_in() {
    let app = TestApp::sqlite().await;
    let mut first = app.client();
    let dashboard = first.sign_in("ana@example.org").await;
    assert_eq!(lang_of(&dashboard.body), "en");
    assert!(
        dashboard.body.contains("Welcome, Ana"),
        "{}",
        dashboard.body
    );

    // The switch is a form with the session's token: without it, refused.
    let forged = first.post_raw("/language", &[("language", "es")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // A language the service does not speak is named as the field's mistake.
    let french = first.post("/language", &[("language", "fr")]).await;
    assert_eq!(french.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(french.body.contains("one of en, es"), "{}", french.body);

    let switched = first
        .post_with_headers(
            "/language",
            &[("language", "es")],
            &[("referer", "http://lattice.test/dashboard?before=x")],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.body);
    // Back to the page the switch was pressed on.
    assert_eq!(switched.location.as_deref(), Some("/dashboard?before=x"));
    let dashboard = first.get("/dashboard").await;
    assert_eq!(lang_of(&dashboard.body), "es");
    assert!(dashboard.body.contains("Le damos la bienvenida, Ana"));
    assert!(dashboard.body.contains("<title>Mi panel · Lattice</title>"));

    let signed_out = first.post("/sign-out", &[]).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);

    // Another browser that asks for English: the account's choice wins once signed in.
    let mut second = app.client();
    let sign_in = second.get_with("/sign-in", ENGLISH).await;
    assert_eq!(lang_of(&sign_in.body), "en");
    let dashboard = second.sign_in("ana@example.org").await;
    assert_eq!(lang_of(&dashboard.body), "es", "{}", dashboard.body);
    assert!(dashboard.body.contains("Le damos la bienvenida, Ana"));
    // Signing in also gave this browser the cookie, so the error page (drawn without the
    // session) speaks Spanish here too.
    let missing = second.get("/applications/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(lang_of(&missing.body), "es", "{}", missing.body);

    // And back to English, again kept.
    let back = second.post("/language", &[("language", "en")]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(back.location.as_deref(), Some("/"));
    let dashboard = app.client().sign_in("ana@example.org").await;
    assert_eq!(lang_of(&dashboard.body), "en");
    assert!(dashboard.body.contains("Welcome, Ana"));
}

#[tokio::test]
async fn signed_out_the_switch_sets_only_this_browser_s_cookie() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    let switched = client
        .get_with(
            "/language?language=es",
            &[("referer", "http://lattice.test/sign-up")],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location.as_deref(), Some("/sign-up"));
    let cookie = switched
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(cookie.starts_with("lattice_lang=es;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    // The cookie outranks the browser's Accept-Language.
    let page = client.get_with("/sign-up", ENGLISH).await;
    assert_eq!(lang_of(&page.body), "es");
    // A referer elsewhere, or none, leads home; a bad language is refused by name.
    let elsewhere = client
        .get_with("/language?language=en", &[("referer", "//evil.example/x")])
        .await;
    assert_eq!(elsewhere.location.as_deref(), Some("/dashboard"));
    let bad = client.get("/language?language=xx").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // An account made while reading Spanish is a Spanish account.
    let mut newcomer = app.client();
    newcomer.get("/language?language=es").await;
    let dashboard = newcomer
        .sign_up(
            "Lucia Torres",
            "lucia@example.org",
            "cuatro palabras sin relación",
        )
        .await;
    assert_eq!(lang_of(&dashboard.body), "es", "{}", dashboard.body);
    // Another browser, no cookie, no Accept-Language: still Spanish once signed in.
    let dashboard = app
        .client()
        .sign_in_with("lucia@example.org", "cuatro palabras sin relación")
        .await;
    assert_eq!(lang_of(&dashboard.body), "es");
    assert!(dashboard.body.contains("Aún no tiene ninguna solicitud."));
}

/// Every id a template or the web crate's code names with `t("…")`, `t1("…"`, `t2("…"` or
/// `t3("…"`, read from the files.
fn ids_named_in_sources() -> BTreeSet<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["templates", "src", "src/handlers"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("dir").flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "html" || e == "rs") {
                files.push(path);
            }
        }
    }
    let mut ids = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        // The module's own tests build bundles of their own ids.
        if file.ends_with("i18n.rs") {
            continue;
        }
        for call in ["t(\"", "t1(\"", "t2(\"", "t3(\""] {
            for (at, _) in text.match_indices(call) {
                let before = text[..at].chars().last();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[at + call.len()..];
                if let Some(id) = rest.split('"').next() {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    ids
}

#[test]
fn every_id_the_pages_name_exists_in_every_language() {
    let named = ids_named_in_sources();
    assert!(named.len() > 100, "{} ids named", named.len());
    for language in Language::ALL {
        let known = I18n::embedded().ids(language);
        let missing: Vec<_> = named.difference(&known).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
    }
}

#[test]
fn english_state_names_are_the_domain_s_own() {
    use lattice_domain::application::State;
    // The dashboard shows a state from its message; in English it must read as before.
    let tr = lattice_web::i18n::Tr::new(I18n::embedded(), Language::English);
    for state in [
        State::Draft,
        State::Registered,
        State::Confirmed,
        State::Submitted,
        State::UnderReview,
        State::ApprovedForExam,
        State::ExamPassed,
        State::ExamFailed,
        State::Endorsed,
        State::Withdrawn,
    ] {
        assert_eq!(
            tr.tk("state", state.key()),
            state.label(),
            "{}",
            state.key()
        );
    }
}

/// The rating form in English reads as before its words moved to messages: each area and
/// domain is the Competency Guidelines' own name, each scale label the one the evidence
/// page shows (`evidence::SCALE`).
#[test]
fn english_rating_words_are_the_domain_s_own() {
    use lattice_domain::competency::CompetencyArea;
    let tr = lattice_web::i18n::Tr::new(I18n::embedded(), Language::English);
    let es = lattice_web::i18n::Tr::new(I18n::embedded(), Language::Spanish);
    for area in CompetencyArea::all() {
        assert_eq!(tr.tk("area", area.id()), area.name());
        assert_eq!(tr.tk("domain", area.domain().key()), area.domain().name());
        assert_ne!(es.tk("area", area.id()), area.name(), "{}", area.id());
    }
    for (key, label) in [
        ("consistently", "Consistently demonstrates"),
        ("sometimes", "Demonstrates at times"),
        ("not-yet", "Not yet demonstrated"),
        ("not-enough-information", "Not enough information"),
    ] {
        assert_eq!(tr.tk("scale", key), label);
    }
    assert!(I18n::embedded().missing().is_empty());
}

/// Renders every translated page in both languages, as each kind of person, and asserts
/// that no page asked for a message its language lacks (or could not format).
#[tokio::test]
async fn every_translated_page_renders_in_both_languages_with_no_message_missing() {
    let app = TestApp::sqlite().await;
    let people = [
        "ana@example.org",
        "ben.carter@example.org",
        "dana.kim@example.org",
        "elena.morales@example.org",
        "farah.haddad@example.org",
        "george.ito@example.org",
        "hana.lopez@example.org",
        "isabel.reyes@example.org",
        "jack.osei@example.org",
        "kara.lind@example.org",
        "coordinator@massaimh.test",
        "reviewer1@massaimh.test",
        "admin@alliance.test",
    ];
    for (code, headers) in [("es", SPANISH), ("en", ENGLISH)] {
        for (path, _) in PUBLIC_PAGES {
            let page = app.client().get_with(path, headers).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert_eq!(lang_of(&page.body), code, "{path}");
        }
        for path in ["/no-such-page", "/verify-email?token=stale"] {
            let page = app.client().get_with(path, headers).await;
            assert_eq!(lang_of(&page.body), code, "{path}");
        }
        // The public registry and verification pages (issue #23 item 2), each status.
        for path in public_registry_pages(&app).await {
            let page = app.client().get_with(&path, headers).await;
            assert_eq!(lang_of(&page.body), code, "{path}");
        }
        for person in people {
            let mut client = app.client();
            client.get(&format!("/language?language={code}")).await;
            let dashboard = client.sign_in(person).await;
            assert_eq!(dashboard.status, StatusCode::OK, "{person}");
            assert_eq!(lang_of(&dashboard.body), code, "{person}");
            if code == "es" {
                assert!(
                    dashboard.body.contains("<title>Mi panel · Lattice</title>"),
                    "{person}"
                );
            }
            // The home page signed in (no sign-up button, the name in the header).
            let home = client.get("/").await;
            assert_eq!(lang_of(&home.body), code, "{person}");
            // The applicant's pages translated so far.
            if !person.ends_with(".test") {
                for path in APPLICANT_PAGES.iter().chain(SECTION_PAGES) {
                    let page = client.get(path).await;
                    assert_eq!(page.status, StatusCode::OK, "{person} {path}");
                    assert_eq!(lang_of(&page.body), code, "{person} {path}");
                }
            }
            // The application page, registration and agreements (issue #23 item 2), and
            // two-step sign-in (enrolment, or the page of someone who has it).
            for path in application_pages(&app, person)
                .await
                .into_iter()
                .chain(["/sign-in/enrol".to_string()])
            {
                let page = client.get(&path).await;
                assert_eq!(page.status, StatusCode::OK, "{person} {path}");
                assert_eq!(lang_of(&page.body), code, "{person} {path}");
            }
        }
    }
    // The endorsee's section was among them, in Spanish.
    let mut jack = app.client();
    jack.get("/language?language=es").await;
    let dashboard = jack.sign_in("jack.osei@example.org").await;
    assert!(dashboard.body.contains("Sus credenciales Endorsement®"));
    assert!(dashboard.body.contains("¿Se muda a otro estado?"));

    // The rating form in each language a request can carry, whatever the rater's browser says.
    let ana = app.application_of("ana@example.org").await;
    for language in Language::ALL {
        let link = rating_link(app.state.store(), ana, language).await;
        let form = app.client().get_with(&link, ENGLISH).await;
        assert_eq!(form.status, StatusCode::OK, "{language}");
        assert_eq!(lang_of(&form.body), language.code());
        if language == Language::Spanish {
            assert!(form.body.contains(SPANISH_AREA) && form.body.contains(SPANISH_SCALE));
        }
    }

    let missing = I18n::embedded().missing();
    assert!(missing.is_empty(), "messages missing: {missing:?}");
}

/// The translated pages in Chromium, chosen with the header's switch: axe-core finds no
/// serious or critical violation in Spanish, at 1280 and at 390 pixels, and no page is wider
/// than a phone's screen.
#[tokio::test]
async fn spanish_pages_pass_axe_at_desktop_and_phone_width() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url)
        .await
        .in_folder("spanish");
    // The switch on the home page, signed out: the cookie.
    walk.go("/").await;
    walk.click("#language-es").await;
    walk.expect_text("desde la primera capacitación").await;

    let anonymous = [
        ("home", "/"),
        ("sign-in", "/sign-in"),
        ("sign-up", "/sign-up"),
        ("forgot", "/forgot-password"),
        ("reset", "/reset-password?token=x"),
        ("not-found", "/no-such-page"),
        // The public registry and verification pages (issue #23 item 2).
        ("registry", "/registry"),
        ("verify-lookup", "/verify"),
        ("verify-unknown", "/verify?number=MASSAIMH-2026-999999-00"),
        // An association's categories and renewal.
        ("association", "/a/massaimh"),
        ("achievement", "/a/massaimh/achievements/IMHM-C"),
    ];
    let jack = endorsement_of(&served.store, "jack.osei@example.org").await;
    let verify_jack = format!("/verify/{}", jack.credential_number);
    let anonymous = anonymous
        .into_iter()
        .map(|(name, path)| (name, path.to_string()))
        .chain([("verify", verify_jack)]);
    let anonymous: Vec<_> = anonymous.collect();
    for (width, height) in [(1280, 900), (390, 844)] {
        walk.client
            .set_window_size(width, height)
            .await
            .expect("window size");
        for (name, path) in &anonymous {
            let path = path.as_str();
            walk.go(path).await;
            assert_eq!(
                attribute(&walk, "document.documentElement.lang").await,
                "es"
            );
            walk.check(&format!("es-{name}-{width}")).await;
            assert_fits(&walk, path, width).await;
        }
    }

    // Signed in through the Spanish form: the dashboard (an applicant with an application,
    // then an endorsee), whose switch is now the account's.
    walk.client
        .set_window_size(1280, 900)
        .await
        .expect("window size");
    for (who, name) in [
        ("ana@example.org", "dashboard-applicant"),
        ("jack.osei@example.org", "dashboard-endorsee"),
        ("george.ito@example.org", "dashboard-exam"),
    ] {
        sign_in_in_spanish(&walk, who).await;
        for (width, height) in [(1280, 900), (390, 844)] {
            walk.client
                .set_window_size(width, height)
                .await
                .expect("window size");
            walk.go("/dashboard").await;
            walk.check(&format!("es-{name}-{width}")).await;
            assert_fits(&walk, "/dashboard", width).await;
            if who == "ana@example.org" {
                walk.go("/portfolio").await;
                walk.check(&format!("es-portfolio-{width}")).await;
                assert_fits(&walk, "/portfolio", width).await;
                check_section_pages(&mut walk, width).await;
            }
            // The application page, registration and agreements (issue #23 item 2).
            if who == "ana@example.org" {
                let id = application_id(&served.store, who).await.expect("ana's");
                for (page, path) in [
                    ("application", format!("/applications/{id}")),
                    ("register", "/register?association=massaimh".to_string()),
                    ("agreements", "/portfolio/agreements".to_string()),
                    ("two-step", "/sign-in/enrol".to_string()),
                ] {
                    walk.go(&path).await;
                    walk.check(&format!("es-{page}-{width}")).await;
                    assert_fits(&walk, &path, width).await;
                }
            }
            // The exam page of an applicant approved to sit it.
            if who == "george.ito@example.org" {
                let id = application_id(&served.store, who).await.expect("george's");
                let path = format!("/applications/{id}/exam");
                walk.go(&path).await;
                walk.check(&format!("es-exam-{width}")).await;
                assert_fits(&walk, &path, width).await;
            }
        }
        walk.client
            .set_window_size(1280, 900)
            .await
            .expect("window size");
        walk.click_button("Cerrar sesión").await;
        walk.expect_text("desde la primera capacitación").await;
    }
    // The switch signed in: back to English, kept on Ana's account.
    sign_in_in_spanish(&walk, "ana@example.org").await;
    walk.click("#language-en").await;
    walk.expect_text("Welcome, Ana").await;
    assert_eq!(walk.path().await, "/dashboard");
    walk.check("en-dashboard-after-switch").await;

    assert!(walk.checked.len() >= 25, "{:?}", walk.checked);
    walk.client.close().await.expect("close");
    served.stop().await;
}

/// The public registry's and verification's pages to render in each language: the registry
/// with and without a search, an association's, the lookup box, a number that finds nothing,
/// and the verification page of a credential in each status.
async fn public_registry_pages(app: &TestApp) -> Vec<String> {
    let jack = endorsement_of(app.state.store(), "jack.osei@example.org").await;
    let mut pages: Vec<String> = [
        "/registry",
        "/registry?name=osei",
        "/registry?name=zzzz",
        "/registry?skip=-1",
        "/registry?name=a&name=b",
        "/a/massaimh/registry",
        "/verify",
        "/verify?number=MASSAIMH-2026-999999-00",
        "/verify?number=nonsense",
    ]
    .map(String::from)
    .to_vec();
    pages.push(format!("/verify/{}", jack.credential_number));
    pages
}

/// Signs a demo applicant in through the sign-in page (no second factor for applicants).
async fn sign_in_in_spanish(walk: &Walk, who: &str) {
    walk.go("/sign-in").await;
    walk.fill("email", who).await;
    walk.fill("password", lattice_web::demo::DEMO_PASSWORD)
        .await;
    walk.click("form.stack button[type=submit]").await;
    walk.expect_text("Le damos la bienvenida").await;
}

async fn attribute(walk: &Walk, script: &str) -> String {
    let value = walk
        .client
        .execute(&format!("return {script};"), vec![])
        .await
        .expect("script");
    value.as_str().unwrap_or_default().to_string()
}

/// Nothing on the page is wider than the window: no sideways scrolling at phone width.
pub(crate) async fn assert_fits(walk: &Walk, path: &str, width: u32) {
    let found = walk
        .client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("widths");
    let widths: Vec<u64> = match found {
        Value::Array(items) => items.iter().filter_map(Value::as_u64).collect(),
        other => panic!("widths: {other}"),
    };
    assert_eq!(widths.len(), 2, "{widths:?}");
    assert!(
        widths[0] <= widths[1],
        "{path} at {width}px: the page is {} px wide in a {} px window",
        widths[0],
        widths[1]
    );
}

/// Each association chooses the languages it offers (migration 20261204000050): the demo's
/// MassAIMH offers Spanish, NMAIMH English only. Its applicants are offered the switch only
/// where Spanish is offered, a browser asking for Spanish gets English where it is not, and
/// the coordinator's tick on the settings page changes that at once, audited.
async fn the_switch_offers_only_the_association_s_languages(app: TestApp) {
    let store = app.state.store();
    let nm = store
        .association_by_slug("nmaimh")
        .await
        .expect("nmaimh")
        .id;

    // MassAIMH's Ana is offered Spanish.
    let mut ana = app.client();
    let dashboard = ana.sign_in("ana@example.org").await;
    assert!(
        dashboard.body.contains("id=\"language-es\""),
        "{}",
        dashboard.body
    );

    // NMAIMH's Grace, whose browser asks for Spanish, reads English with no switch.
    let mut grace = app.client();
    grace.sign_in("grace.okafor@example.org").await;
    let dashboard = grace.get_with("/dashboard", SPANISH).await;
    assert_eq!(lang_of(&dashboard.body), "en", "{}", dashboard.body);
    assert!(
        dashboard.body.contains("Welcome, Grace"),
        "{}",
        dashboard.body
    );
    assert!(!dashboard.body.contains("id=\"language-switch\""));
    assert!(!dashboard.body.contains("Español"));
    // A hand-made switch to Spanish is refused by name, and nothing is kept.
    let refused = grace.post("/language", &[("language", "es")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Español is not offered by your association"),
        "{}",
        refused.body
    );
    let grace_id = store
        .person_by_email("grace.okafor@example.org")
        .await
        .expect("grace")
        .0
        .id;
    assert_eq!(store.person(grace_id).await.expect("grace").language, None);
    // Visitors not signed in are offered it whatever association they will join.
    let visitor = app.client().get("/sign-in").await;
    assert!(visitor.body.contains("id=\"language-es\""));

    // NMAIMH's coordinator sees English ticked by default and Spanish not, and ticks it.
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@nmaimh.test").await;
    let settings = coordinator.get("/staff/nmaimh/settings").await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.body);
    assert!(
        settings
            .body
            .contains("name=\"offer_es\" value=\"on\" id=\"offer_es\">"),
        "{}",
        settings.body
    );
    let saved = coordinator
        .post_form_data(
            "/staff/nmaimh/settings",
            &[("display_name", ""), ("colour", ""), ("offer_es", "on")],
            &[("logo", "", b"")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let settings = coordinator.get("/staff/nmaimh/settings").await;
    assert!(
        settings
            .body
            .contains("name=\"offer_es\" value=\"on\" id=\"offer_es\" checked>")
    );
    let audit = store.audit_of_association(nm, 50).await.expect("audit");
    let languages: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "set-languages")
        .map(|a| a.reason.as_str())
        .collect();
    assert_eq!(languages, ["languages: en → en, es"]);

    // Grace's next page offers it, and her browser's Spanish now counts.
    let dashboard = grace.get_with("/dashboard", SPANISH).await;
    assert_eq!(lang_of(&dashboard.body), "es", "{}", dashboard.body);
    assert!(dashboard.body.contains("id=\"language-en\""));

    // Unticked again: English only, and a second audit row.
    coordinator
        .post_form_data(
            "/staff/nmaimh/settings",
            &[("display_name", ""), ("colour", "")],
            &[("logo", "", b"")],
        )
        .await;
    let dashboard = grace.get_with("/dashboard", SPANISH).await;
    assert_eq!(lang_of(&dashboard.body), "en");
    let audit = store.audit_of_association(nm, 50).await.expect("audit");
    assert_eq!(
        audit.iter().filter(|a| a.action == "set-languages").count(),
        2
    );
    assert!(
        audit
            .iter()
            .any(|a| a.reason == "languages: en, es → en" && a.actor.is_some())
    );
    // Saving without changing anything adds no row.
    coordinator
        .post_form_data(
            "/staff/nmaimh/settings",
            &[("display_name", ""), ("colour", "")],
            &[("logo", "", b"")],
        )
        .await;
    let audit = store.audit_of_association(nm, 50).await.expect("audit");
    assert_eq!(
        audit.iter().filter(|a| a.action == "set-languages").count(),
        2
    );
}

#[tokio::test]
async fn the_switch_offers_only_the_association_s_languages_sqlite() {
    the_switch_offers_only_the_association_s_languages(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_switch_offers_only_the_association_s_languages_postgres() {
    if let Some(app) = TestApp::postgres().await {
        the_switch_offers_only_the_association_s_languages(app).await;
    }
}

/// The portfolio's front page in Spanish: each section's count in Fluent's plural ("Aún no
/// hay nada", "1 registro", "2 registros"), the agreements, the membership and the import
/// form, with the panel (not yet translated) marked as English.
#[tokio::test]
async fn the_portfolio_page_speaks_spanish_with_plurals() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut lucia = app.client();
    lucia.get("/language?language=es").await;
    lucia
        .sign_up(
            "Lucia Torres",
            "lucia@example.org",
            "cuatro palabras sin relación",
        )
        .await;
    let id = store
        .person_by_email("lucia@example.org")
        .await
        .expect("lucia")
        .0
        .id;
    let page = lucia.get("/portfolio").await;
    assert_eq!(lang_of(&page.body), "es");
    assert!(page.body.contains("<title>Su portafolio · Lattice</title>"));
    assert_eq!(
        page.body.matches("Aún no hay nada").count(),
        5,
        "{}",
        page.body
    );
    for name in [
        "Formación académica",
        "Capacitaciones",
        "Experiencia laboral",
        "Supervisión/\u{200b}consulta reflexiva (RS/C)",
        "Referencias",
        "Código de Ética: sin firmar",
        "Acuerdo de Endorsement®: sin firmar",
        "Aún no hay membresía registrada.",
        "Reemplazar mi portafolio con un archivo lattice-portfolio/1",
    ] {
        assert!(page.body.contains(name), "{name}: {}", page.body);
    }
    // The requirement panel speaks Spanish too (language_requirements.rs checks its words).
    assert!(
        page.body
            .contains("<aside class=\"side\" id=\"progress\" aria-label=\"Su progreso\">"),
        "{}",
        page.body
    );

    store
        .add_entry(
            id,
            lattice_store::Section::Education,
            &serde_json::json!({"level": "masters", "degree": "MSW", "field": "Social Work",
                "institution": "Boston University", "completed": "2019-05-15"}),
        )
        .await
        .expect("degree");
    for title in ["Attachment", "Trauma"] {
        store
            .add_entry(
                id,
                lattice_store::Section::Trainings,
                &serde_json::json!({"title": title, "provider": "MassAIMH",
                    "date": "2024-03-02", "hours": 6.5, "kind": "workshop"}),
            )
            .await
            .expect("training");
    }
    let page = lucia.get("/portfolio").await;
    assert!(page.body.contains(">1 registro</p>"), "{}", page.body);
    assert!(page.body.contains(">2 registros</p>"), "{}", page.body);
    assert_eq!(page.body.matches("Aún no hay nada").count(), 3);

    // The same page in English keeps its words.
    lucia.post("/language", &[("language", "en")]).await;
    let page = lucia.get("/portfolio").await;
    assert_eq!(lang_of(&page.body), "en");
    assert!(page.body.contains(">1 entry</p>"), "{}", page.body);
    assert!(page.body.contains(">2 entries</p>"));
    assert!(page.body.contains("Nothing entered yet"));
    assert!(page.body.contains("Code of Ethics: not signed"));
    assert!(
        page.body
            .contains("<aside class=\"side\" id=\"progress\" aria-label=\"Your progress\">")
    );
    let missing = I18n::embedded().missing();
    assert!(missing.is_empty(), "messages missing: {missing:?}");
}

/// The Spanish words of the rating form this suite checks: an area (a legend) and a scale label.
const SPANISH_AREA: &str = "<legend>Apego, separación, trauma, duelo y pérdida</legend>";
const SPANISH_SCALE: &str = "> Lo demuestra de manera constante</label>";

/// A rater asked in Spanish (issue #23 item 3, migration 20261204000060): MassAIMH offers
/// Spanish, so Ana's request form offers the choice (her own language preselected); the mail
/// is the built-in Spanish wording, sent again in Spanish; the form, its problems and its thanks
/// are in Spanish whatever the rater's browser says; the rating counts. Once the association
/// offers English only, the choice is gone and a forged `es` is refused by name.
async fn a_rater_asked_in_spanish_reads_spanish(app: TestApp) {
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;

    // English preselected while Ana reads English; Spanish once she chose it.
    let form = ana.get("/portfolio/references").await;
    assert!(
        form.body
            .contains("<label for=\"rater-language\">Language of the request and form</label>"),
        "{}",
        form.body
    );
    assert!(form.body.contains("<option value=\"en\" lang=\"en\" selected>English</option><option value=\"es\" lang=\"es\">Español</option>"), "{}", form.body);
    ana.post("/language", &[("language", "es")]).await;
    let form = ana.get("/portfolio/references").await;
    assert!(form.body.contains("<option value=\"en\" lang=\"en\">English</option><option value=\"es\" lang=\"es\" selected>Español</option>"), "{}", form.body);

    let asked = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Dra. Rosa Vega"),
                ("email", "rosa@example.org"),
                ("role", "program-supervisor"),
                ("language", "es"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let mails = store.mails_to("rosa@example.org").await.expect("mail");
    assert_eq!(mails.len(), 1);
    assert_eq!(
        mails[0].subject,
        "Ana Ruiz le pide una evaluación de referencia para Endorsement® (Massachusetts Association for Infant Mental Health)"
    );
    assert!(
        mails[0].body.starts_with("Hola, Dra. Rosa Vega:\n\nAna Ruiz solicita a Massachusetts Association for Infant Mental Health el Endorsement®")
            && mails[0].body.contains("(IFS) y le nombró como referente, en su papel de supervisor/a del programa.")
            && mails[0].body.contains("durante 30 días"),
        "{}",
        mails[0].body
    );
    let id = app.application_of("ana@example.org").await;
    let request = store
        .rater_requests_of(lattice_domain::ids::ApplicationId(id))
        .await
        .expect("requests")
        .into_iter()
        .find(|r| r.rater_email == "rosa@example.org")
        .expect("request");
    assert_eq!(request.language, Language::Spanish);

    // Sent again: in Spanish still, with a new link (the first one stops working).
    let first = crate::browser::link_in_message(&mails[0].body, "/rate/");
    let resent = ana
        .post(
            &format!("/portfolio/references/requests/{}/resend", request.id),
            &[],
        )
        .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER, "{}", resent.body);
    let mails = store.mails_to("rosa@example.org").await.expect("mail");
    assert_eq!(mails.len(), 2);
    assert!(
        mails
            .iter()
            .all(|m| m.subject.starts_with("Ana Ruiz le pide"))
    );
    let link = mails
        .iter()
        .map(|m| crate::browser::link_in_message(&m.body, "/rate/"))
        .find(|l| *l != first)
        .expect("a new link");

    // The rater's browser asks for English; the form is the request's Spanish.
    let mut rosa = app.client();
    let page = rosa.get_with(&link, ENGLISH).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(lang_of(&page.body), "es");
    assert!(
        page.body
            .contains("<title>Evaluación de referencia · Lattice</title>")
    );
    assert!(
        page.body
            .contains("<h1>Evaluación de referencia de Ana Ruiz</h1>")
    );
    assert!(page.body.contains(SPANISH_AREA), "{}", page.body);
    assert!(page.body.contains(SPANISH_SCALE), "{}", page.body);
    assert!(
        page.body
            .contains("<h2 class=\"h3 group-head\">Fundamentos teóricos</h2>")
    );
    // The item ids stay: what is stored is the same whatever the language.
    assert!(
        page.body.contains(
            "name=\"area:attachment-separation-trauma-grief-loss\" value=\"consistently\""
        )
    );
    // No switch: the applicant chose the language for the rater.
    assert!(!page.body.contains("id=\"language-switch\""));
    assert!(!page.body.contains("Not enough information"));

    let areas = crate::journey::asked_areas(&page.body);
    assert!(areas.len() > 20, "{areas:?}");
    let mut fields = crate::journey::answers(&areas, 2, "consistently");
    let incomplete = rosa.post(&link, &crate::journey::as_pairs(&fields)).await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(lang_of(&incomplete.body), "es");
    assert!(
        incomplete.body.contains(
            "<strong>Complete el formulario:</strong> faltan 2 respuestas o hay que cambiarlas"
        ),
        "{}",
        incomplete.body
    );
    assert!(
        incomplete
            .body
            .contains(">Embarazo y crianza temprana: elija una respuesta</a>"),
        "{}",
        incomplete.body
    );
    for area in &areas[..2] {
        fields.push((format!("area:{area}"), "sometimes".to_string()));
    }
    let thanks = rosa.post(&link, &crate::journey::as_pairs(&fields)).await;
    assert_eq!(thanks.status, StatusCode::OK, "{}", thanks.body);
    assert_eq!(lang_of(&thanks.body), "es");
    assert!(
        thanks.body.contains("<h1>Gracias por su evaluación</h1>"),
        "{}",
        thanks.body
    );
    // The spent link: the reader's own language, as no request is read for it.
    let gone = rosa.get_with(&link, SPANISH).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(
        gone.body.contains("<h1>Este enlace ya no funciona</h1>"),
        "{}",
        gone.body
    );
    let gone = rosa.get_with(&link, ENGLISH).await;
    assert!(gone.body.contains("<h1>This link no longer works</h1>"));

    // The rating counts: Ana's requests and her references show it received, in her Spanish
    // (her panel was already 3 of 3, so its figure does not move; the entry is what it counts).
    let references = ana.get("/portfolio/references").await;
    assert!(
        references.body.contains("<strong>Dra. Rosa Vega</strong> (supervisor/a del programa, rosa@example.org)<br><span class=\"small\">Evaluación recibida el"),
        "{}",
        references.body
    );
    // The portfolio's entry is the rater's completed rating, what the engine counts.
    assert!(
        references.body.contains(
            "<li><span>Dra. Rosa Vega · supervisor/a del programa · evaluación recibida del/de la referente</span>"
        ),
        "{}",
        references.body
    );
    let rating = store
        .rater_requests_of(lattice_domain::ids::ApplicationId(id))
        .await
        .expect("requests")
        .into_iter()
        .find(|r| r.rater_email == "rosa@example.org")
        .expect("request");
    assert!(rating.used_at.is_some());
    let answers = store
        .ratings_of(lattice_domain::ids::ApplicationId(id))
        .await
        .expect("ratings");
    let (_, answers) = answers
        .iter()
        .find(|(name, _)| name == "Dra. Rosa Vega")
        .expect("the rating");
    assert_eq!(answers[&areas[0]], "sometimes");
    assert_eq!(answers[&areas[2]], "consistently");

    // MassAIMH offers English only again: no choice, and a forged `es` is refused by name.
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let saved = coordinator
        .post_form_data(
            "/staff/massaimh/settings",
            &[("display_name", ""), ("colour", "")],
            &[("logo", "", b"")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let form = ana.get("/portfolio/references").await;
    assert!(form.body.contains("rater-name"), "{}", form.body);
    assert!(!form.body.contains("rater-language"), "{}", form.body);
    let forged = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Dr. Sam Ortiz"),
                ("email", "sam@example.org"),
                ("role", "colleague"),
                ("language", "es"),
            ],
        )
        .await;
    assert_eq!(
        forged.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        forged.body
    );
    crate::mistakes::says(
        &forged,
        "Rating requests can be sent only in the languages your association offers (en), not in es",
    );
    assert!(
        store
            .mails_to("sam@example.org")
            .await
            .expect("mail")
            .is_empty()
    );
    // Without a choice the request is English, the built-in English wording.
    let english = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Dr. Sam Ortiz"),
                ("email", "sam@example.org"),
                ("role", "colleague"),
            ],
        )
        .await;
    assert_eq!(english.status, StatusCode::SEE_OTHER, "{}", english.body);
    let mails = store.mails_to("sam@example.org").await.expect("mail");
    assert_eq!(
        mails[0].subject,
        "Ana Ruiz asks you for an Endorsement reference rating (Massachusetts Association for Infant Mental Health)"
    );

    let missing = I18n::embedded().missing();
    assert!(missing.is_empty(), "messages missing: {missing:?}");
}

#[tokio::test]
async fn a_rater_asked_in_spanish_reads_spanish_sqlite() {
    a_rater_asked_in_spanish_reads_spanish(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_rater_asked_in_spanish_reads_spanish_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_rater_asked_in_spanish_reads_spanish(app).await;
    }
}

/// A live rating link for the application, in `language`, made in the store (what the request
/// form does, without its mail).
async fn rating_link(
    store: &lattice_store::SharedStore,
    application: i64,
    language: Language,
) -> String {
    let link = format!("rating-link-{language}");
    let now = chrono::Utc::now();
    store
        .create_rater_request(
            &lattice_store::NewRaterRequest {
                application: lattice_domain::ids::ApplicationId(application),
                entry: None,
                waived: false,
                rater_name: "Dra. Rosa Vega".to_string(),
                rater_email: "rosa@example.org".to_string(),
                role: "colleague".to_string(),
                token_hash: lattice_store::token::hash_token(&link),
                created_at: now,
                expires_at: now + chrono::Duration::days(30),
                language,
            },
            &lattice_store::NewMail {
                recipient: "rosa@example.org".to_string(),
                subject: "Rate".to_string(),
                body: String::new(),
                created_at: now,
            },
        )
        .await
        .expect("request");
    format!("/rate/{link}")
}

/// The rating form in Spanish in Chromium, at 1280 and 390 pixels: `lang="es"`, axe-core finds
/// no serious or critical violation on the form or on it returned with problems, and nothing
/// is wider than the phone's screen.
#[tokio::test]
async fn the_rating_form_in_spanish_passes_axe_at_desktop_and_phone_width() {
    if !browser_available() {
        return;
    }
    let work = tempfile::tempdir().expect("dir");
    let sink = Sink::start(&work.path().join("sink"), 0);
    let served = Served::start(work.path(), &sink).await;
    let (ana, _) = served
        .store
        .person_by_email("ana@example.org")
        .await
        .expect("ana");
    let application = served
        .store
        .applications_of_person(ana.id)
        .await
        .expect("applications")
        .last()
        .expect("an application")
        .id;
    let link = rating_link(&served.store, application.0, Language::Spanish).await;
    let driver = Driver::start();
    let mut walk = Walk::open(&driver, work.path(), &served.config.base_url)
        .await
        .in_folder("spanish");
    for (width, height) in [(1280, 900), (390, 844)] {
        walk.client
            .set_window_size(width, height)
            .await
            .expect("window size");
        walk.go(&link).await;
        walk.expect_text("Evaluación de referencia de Ana Ruiz")
            .await;
        assert_eq!(
            attribute(&walk, "document.documentElement.lang").await,
            "es"
        );
        walk.check(&format!("es-rate-{width}")).await;
        assert_fits(&walk, &link, width).await;
        // Sent with nothing answered: the problems, in Spanish, linked to their questions.
        walk.click("form.stack button[type=submit]").await;
        walk.expect_text("Complete el formulario:").await;
        walk.check(&format!("es-rate-problems-{width}")).await;
        assert_fits(&walk, &link, width).await;
    }
    // Ana's request form, reading Spanish: the choice, her Spanish preselected. The switch's
    // page is awaited before the sign-in page is asked for, or a slow switch lands after it.
    walk.go("/").await;
    walk.click("#language-es").await;
    walk.expect_text("desde la primera capacitación").await;
    sign_in_in_spanish(&walk, "ana@example.org").await;
    for (width, height) in [(1280, 900), (390, 844)] {
        walk.client
            .set_window_size(width, height)
            .await
            .expect("window size");
        walk.go("/portfolio/references#rater-role").await;
        assert_eq!(
            attribute(&walk, "document.getElementById('rater-language').value").await,
            "es"
        );
        walk.check(&format!("references-rater-language-{width}"))
            .await;
        assert_fits(&walk, "/portfolio/references", width).await;
    }
    assert_eq!(walk.checked.len(), 6, "{:?}", walk.checked);
    walk.client.close().await.expect("close");
    served.stop().await;
}

/// The section pages in Spanish at one width, and the trainings form sent back with a mistake
/// (its summary, the field's error) checked too.
async fn check_section_pages(walk: &mut Walk, width: u32) {
    for path in SECTION_PAGES {
        walk.go(path).await;
        let name = path.trim_start_matches("/portfolio/");
        walk.check(&format!("es-section-{name}-{width}")).await;
        assert_fits(walk, path, width).await;
    }
    walk.go("/portfolio/trainings").await;
    walk.fill("f-title", "Apego temprano").await;
    walk.fill("f-hours", "seis").await;
    walk.click("form.entry-form button[type=submit]").await;
    walk.expect_text("Horas: escriba un número, como 6,5").await;
    walk.check(&format!("es-section-trainings-mistake-{width}"))
        .await;
    assert_fits(walk, "/portfolio/trainings (a mistake)", width).await;
}

/// A section page and its form in Spanish (issue #23 item 2): Ana (MassAIMH offers Spanish)
/// sends a training with mistakes and reads each in Spanish after the field's Spanish label,
/// with the count in Fluent's plural; fixed, the training is listed with its hours in the
/// plural. Ben, in English, reads the page as before.
async fn a_section_page_speaks_spanish(app: TestApp) {
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.post("/language", &[("language", "es")]).await;
    let page = ana.get("/portfolio/trainings").await;
    assert_eq!(lang_of(&page.body), "es");
    assert!(
        page.body
            .contains("<title>Capacitaciones · Lattice</title>")
    );
    for words in [
        ">Agregar un registro</h2>",
        "<label for=\"f-hours\">Horas <span",
        ">Horas de contacto, p. ej., 6,5.</p>",
        "<option value=\"workshop\">Taller</option>",
        "> Apego, separación, trauma, duelo y pérdida</label>",
        "<legend class=\"group\">Fundamentos teóricos</legend>",
        ">Buscar un área</label>",
        ">Importar capacitaciones desde una hoja de cálculo</h2>",
        ">Preguntas o comentarios para su coordinador/a</h2>",
    ] {
        assert!(page.body.contains(words), "{words}: {}", page.body);
    }
    let training = |title: &'static str, date: &'static str, hours: &'static str| {
        vec![
            ("title", title),
            ("provider", "MassAIMH"),
            ("date", date),
            ("hours", hours),
            ("kind", "workshop"),
            ("competencies", "attachment-separation-trauma-grief-loss"),
        ]
    };
    let one = ana
        .post(
            "/portfolio/trainings",
            &training("Apego temprano", "2025-03-02", "seis"),
        )
        .await;
    assert_eq!(one.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(lang_of(&one.body), "es");
    for words in [
        "<p>Corrija el campo marcado abajo; lo que escribió se conserva.</p>",
        "<a href=\"#f-hours\">Horas: escriba un número, como 6,5</a>",
        "<p class=\"error\" id=\"f-hours-error\">escriba un número, como 6,5</p>",
        "value=\"seis\"",
    ] {
        assert!(one.body.contains(words), "{words}: {}", one.body);
    }
    let two = ana
        .post(
            "/portfolio/trainings",
            &training("Apego temprano", "2 de marzo", "seis"),
        )
        .await;
    assert!(
        two.body.contains(
            "<p>Corrija los 2 problemas marcados abajo; lo que escribió se conserva.</p>"
        ),
        "{}",
        two.body
    );
    assert!(
        two.body
            .contains("<a href=\"#f-date\">Fecha: escriba una fecha como AAAA-MM-DD</a>")
    );
    // Fixed: one hour, then six and a half, each in the plural Spanish gives it.
    for hours in ["1", "6,5"] {
        let added = ana
            .post(
                "/portfolio/trainings",
                &training("Apego temprano", "2025-03-02", hours),
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let list = ana.get("/portfolio/trainings?done=added").await;
    for words in [
        "Apego temprano · MassAIMH · 2 de marzo de 2025 · 1 hora<",
        "Apego temprano · MassAIMH · 2 de marzo de 2025 · 6,5 horas<",
        "Registro agregado; aparece arriba del formulario.",
        ">Editar<span class=\"visually-hidden\"> Apego temprano",
    ] {
        assert!(list.body.contains(words), "{words}: {}", list.body);
    }

    // Ben reads English, as before.
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    let refused = ben
        .post(
            "/portfolio/trainings",
            &training("Early attachment", "2025-03-02", "six"),
        )
        .await;
    assert_eq!(lang_of(&refused.body), "en");
    for words in [
        "<p>Please fix the field marked below; what you typed is kept.</p>",
        "<a href=\"#f-hours\">Hours: enter a number, like 6.5</a>",
        ">Add an entry</h2>",
        "<option value=\"workshop\" selected>Workshop</option>",
        "> Attachment, separation, trauma, grief &#38; loss</label>",
    ] {
        assert!(refused.body.contains(words), "{words}: {}", refused.body);
    }
    ben.post(
        "/portfolio/trainings",
        &training("Early attachment", "2025-03-02", "6.5"),
    )
    .await;
    let list = ben.get("/portfolio/trainings?done=added").await;
    assert!(
        list.body
            .contains("Early attachment · MassAIMH · 2025-03-02 · 6.5 h<")
    );
    assert!(
        list.body
            .contains("Entry added; it is listed above the form.")
    );
    let missing = I18n::embedded().missing();
    assert!(missing.is_empty(), "messages missing: {missing:?}");
}

/// A person's first application, if they have one.
async fn application_id(store: &lattice_store::SharedStore, email: &str) -> Option<i64> {
    let (person, _) = store.person_by_email(email).await.expect("person");
    store
        .applications_of_person(person.id)
        .await
        .expect("applications")
        .first()
        .map(|a| a.id.0)
}

/// The application page, registration and agreements as each demo person may open them: an
/// applicant their own application, the register form and the agreements; MassAIMH's
/// coordinator and the Alliance's administrator Ana's application.
async fn application_pages(app: &TestApp, person: &str) -> Vec<String> {
    let store = app.state.store();
    let mut paths = Vec::new();
    if !person.ends_with(".test") {
        paths.extend([
            "/register".to_string(),
            "/register?association=massaimh&category=IFS".to_string(),
            "/portfolio/agreements".to_string(),
        ]);
        if let Some(id) = application_id(store, person).await {
            paths.push(format!("/applications/{id}"));
        }
        // The exam page of those approved to sit it, or past it.
        let (row, _) = store.person_by_email(person).await.expect("person");
        for application in store
            .applications_of_person(row.id)
            .await
            .expect("applications")
        {
            if application.state.key().contains("exam") {
                paths.push(format!("/applications/{}/exam", application.id.0));
            }
        }
    } else if person == "coordinator@massaimh.test" || person == "admin@alliance.test" {
        let ana = application_id(store, "ana@example.org")
            .await
            .expect("ana's");
        paths.push(format!("/applications/{ana}"));
    }
    paths
}

/// The date as the Spanish pages write it ("15 de enero de 2027"), spelled out here apart
/// from the messages so that a change to theirs fails the tests.
pub(crate) fn spanish_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    format!(
        "{} de {} de {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// Ana (MassAIMH offers Spanish), with Spanish chosen, registers for a second category
/// through the form: a date too early first, refused in Spanish beside its field; then the
/// application page in Spanish (its state, fee, planned submission as Spanish writes dates,
/// next step, withdrawal and its confirmation), her first application's reviewer count in
/// both plural forms and its submit step; the agreements page, a wrong name refused in
/// Spanish and a signature. In English the same pages keep their words.
async fn ana_registers_and_signs_in_spanish(app: TestApp) {
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.post("/language", &[("language", "es")]).await;
    let first = application_id(store, "ana@example.org")
        .await
        .expect("first");

    // The form in Spanish.
    let form = ana.get("/register?association=massaimh").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(lang_of(&form.body), "es");
    let today = chrono::Utc::now().date_naive();
    let earliest = today + chrono::Duration::weeks(4);
    for words in [
        "<title>Inscribirse en una categoría · Lattice</title>",
        "<label for=\"category\">Categoría en Massachusetts Association for Infant Mental Health</label>",
        "¿Cuándo piensa enviar su portafolio?",
        "Lo que pide cada categoría",
        ">Inscribirme</button>",
    ] {
        assert!(form.body.contains(words), "{words}: {}", form.body);
    }
    assert!(
        form.body.contains(&format!(
            "Elija el {} o una fecha posterior: su coordinador/a necesita 4 semanas",
            spanish_date(earliest)
        )),
        "{}",
        form.body
    );

    // A date too early: refused in Spanish, naming the field, the date kept.
    let soon = (today + chrono::Duration::days(10)).to_string();
    let early = register(&mut ana, "ECFS", &soon).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    let expected = format!(
        "id=\"register-error\">Fecha prevista de envío: elija el {} o una fecha posterior. Su coordinador/a necesita 4 semanas después de la inscripción para confirmarla antes de que usted envíe; mientras tanto puede seguir completando su portafolio.</p>",
        spanish_date(earliest)
    );
    assert!(early.body.contains(&expected), "{}", early.body);
    assert!(early.body.contains(&format!("value=\"{soon}\"")));
    // No category at all: the category is named.
    let none = register(&mut ana, "", &soon).await;
    assert!(
        none.body
            .contains("id=\"register-error\">Categoría: elija una categoría de la lista.</p>"),
        "{}",
        none.body
    );

    // Four weeks out exactly is allowed.
    let registered = register(&mut ana, "ECFS", &earliest.to_string()).await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let path = registered.location.expect("to the application");
    let id: i64 = path
        .trim_start_matches("/applications/")
        .parse()
        .expect("id");
    let fee = store
        .invoices(lattice_domain::ids::ApplicationId(id))
        .await
        .expect("invoices")[0]
        .amount_usd;

    let page = ana.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(lang_of(&page.body), "es");
    for words in [
        format!("› Solicitud {id}</p>"),
        ">Inscrita, en espera de confirmación</span>".to_string(),
        format!(
            "<dt>Envío previsto</dt><dd>{}</dd>",
            spanish_date(earliest)
        ),
        "<dt>Revisores/as</dt><dd>sin asignar</dd>".to_string(),
        format!("<span>Cuota de inscripción: {fee} US$</span>"),
        ">Aún sin pagar</span>".to_string(),
        "Siguiente paso: la asociación confirma su membresía y la cuota de inscripción; mientras tanto, arme su portafolio.".to_string(),
        ">Retirar la solicitud</button>".to_string(),
        " Quiero retirar esta solicitud. Esto no se puede deshacer.</label>".to_string(),
        "Mensajes con su asociación".to_string(),
        "Personas que no deben revisar su portafolio".to_string(),
        "<h2>Historial</h2>".to_string(),
    ] {
        assert!(page.body.contains(&words), "{words}: {}", page.body);
    }
    // The requirement panel speaks Spanish (language_requirements.rs checks its words), and
    // so does the history: the date in words, each step in Spanish.
    assert!(
        page.body
            .contains("<div class=\"panel\" role=\"group\" aria-label=\"Requisitos\">"),
        "{}",
        page.body
    );
    let today = chrono::Utc::now().date_naive();
    for words in [
        "<ol class=\"history\">".to_string(),
        format!("<li><span class=\"muted small\">{}, ", spanish_date(today)),
        " UTC</span> Ana Ruiz: inició una solicitud de ECFS</li>".to_string(),
        format!(
            " UTC</span> Ana Ruiz: se inscribió en la asociación <q>tiene previsto enviar el portafolio el {}</q></li>",
            spanish_date(earliest)
        ),
    ] {
        assert!(page.body.contains(&words), "{words}: {}", page.body);
    }
    assert!(
        !page.body.contains("started an application"),
        "{}",
        page.body
    );

    // Her first application: the reviewers counted in Spanish plurals, the submit step.
    let first_path = format!("/applications/{first}");
    let coordinator = store
        .person_by_email("coordinator@massaimh.test")
        .await
        .expect("coordinator")
        .0
        .id;
    let reviewers = [
        crate::support::add_reviewer(store, "massaimh", "r.one@example.org", "R One", &[]).await,
        crate::support::add_reviewer(store, "massaimh", "r.two@example.org", "R Two", &[]).await,
    ];
    let one = "1 asignado/a (no se da a conocer a los solicitantes quién revisa)";
    let two = "2 asignados/as (no se da a conocer a los solicitantes quién revisa)";
    // One reviewer, then two: each form of the plural, and not the other.
    for (reviewer, shown, not_shown) in [(reviewers[0], one, two), (reviewers[1], two, one)] {
        store
            .assign_reviewer(
                lattice_domain::ids::ApplicationId(first),
                reviewer,
                coordinator,
            )
            .await
            .expect("assign");
        let page = ana.get(&first_path).await;
        assert!(
            page.body.contains(shown) && !page.body.contains(not_shown),
            "{}",
            page.body
        );
    }
    let page = ana.get(&first_path).await;
    assert!(page.body.contains(">Armando el portafolio</span>"));
    assert!(
        page.body
            .contains("Enviar el portafolio a revisión</button>")
    );
    assert!(
        page.body.contains(" Revisé mi portafolio: una vez enviado, no se puede cambiar hasta que la asociación lo devuelva.</label>")
            || page.body.contains("El envío se habilita cuando se cumplen todos los requisitos. Aún falta: "),
        "{}",
        page.body
    );

    // The agreements: the frame in Spanish, the association's text marked as English.
    let agreements = ana.get("/portfolio/agreements").await;
    assert_eq!(lang_of(&agreements.body), "es");
    assert!(
        agreements.body.contains("<h1>Acuerdos</h1>"),
        "{}",
        agreements.body
    );
    assert!(
        agreements
            .body
            .contains("<div id=\"text-code_of_ethics\" lang=\"en\">")
    );
    let wrong = ana
        .post(
            "/portfolio/agreements",
            &[
                ("agreement", "code_of_ethics"),
                ("signature", "Ana R."),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains("Firma: escriba su nombre completo tal como figura en su cuenta (Ana Ruiz)."),
        "{}",
        wrong.body
    );
    let signed = ana
        .post(
            "/portfolio/agreements",
            &[
                ("agreement", "code_of_ethics"),
                ("signature", "Ana Ruiz"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let agreements = ana.get("/portfolio/agreements").await;
    assert!(
        agreements.body.contains(&format!(
            "id=\"signed-code_of_ethics\" class=\"chip chip-met\">Firmado el {}, versión 1</p>",
            spanish_date(today)
        )),
        "{}",
        agreements.body
    );

    // In English the same pages keep their words.
    ana.post("/language", &[("language", "en")]).await;
    let page = ana.get(&path).await;
    assert_eq!(lang_of(&page.body), "en");
    for words in [
        format!("› Application {id}</p>"),
        ">Registered, awaiting confirmation</span>".to_string(),
        format!("<dt>Intended submission</dt><dd>{earliest}</dd>"),
        format!("<span>Registration fee, ${fee}</span>"),
        "Next: the association confirms your membership and registration fee; meanwhile, build your portfolio.".to_string(),
        ">Withdraw application</button>".to_string(),
        " I want to withdraw this application. This cannot be undone.</label>".to_string(),
        "Messages with your association".to_string(),
        "<ol class=\"history\">".to_string(),
        format!("<li><span class=\"muted small\">{} ", chrono::Utc::now().date_naive()),
        " UTC</span> Ana Ruiz: started an application for ECFS</li>".to_string(),
        format!(
            " UTC</span> Ana Ruiz: registered with the association <q>intends to submit on {earliest}</q></li>"
        ),
    ] {
        assert!(page.body.contains(&words), "{words}: {}", page.body);
    }
    let page = ana.get(&first_path).await;
    assert!(
        page.body
            .contains("2 assigned (reviewers are not named to applicants)")
    );
    let early = register(&mut ana, "IFA", &soon).await;
    assert!(
        early.body.contains(&format!(
            "id=\"register-error\">Choose {earliest} or later. Your coordinator needs 4 weeks"
        )),
        "{}",
        early.body
    );
    let agreements = ana.get("/portfolio/agreements").await;
    assert!(agreements.body.contains(&format!(
        "class=\"chip chip-met\">Signed {today}, version 1</p>"
    )));
    let missing = I18n::embedded().missing();
    assert!(missing.is_empty(), "messages missing: {missing:?}");
}

#[tokio::test]
async fn a_section_page_speaks_spanish_sqlite() {
    a_section_page_speaks_spanish(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_section_page_speaks_spanish_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_section_page_speaks_spanish(app).await;
    }
}

/// Posts the register form for a MassAIMH category.
async fn register(
    client: &mut crate::support::Client<'_>,
    category: &str,
    intended_submission: &str,
) -> crate::support::Page {
    client
        .post(
            "/register",
            &[
                ("association", "massaimh"),
                ("category", category),
                ("intended_submission", intended_submission),
            ],
        )
        .await
}

#[tokio::test]
async fn ana_registers_and_signs_in_spanish_sqlite() {
    ana_registers_and_signs_in_spanish(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn ana_registers_and_signs_in_spanish_postgres() {
    if let Some(app) = TestApp::postgres().await {
        ana_registers_and_signs_in_spanish(app).await;
    }
}

/// The sign-up form's mistakes in Spanish, each naming its field, none marked English any
/// more; the same mistakes in English read as before.
#[tokio::test]
async fn sign_up_mistakes_are_said_in_the_reader_s_language() {
    let app = TestApp::sqlite().await;
    // The form's fields, then the list of mistakes in Spanish and in English.
    type Case<'a> = (&'a [(&'a str, &'a str)], [&'a str; 2]);
    let cases: [Case; 3] = [
        (
            &[
                ("name", ""),
                ("email", "nobody"),
                ("password", "corta"),
                ("confirm", "corta"),
            ],
            [
                "<li>Nombre completo: escríbalo tal como debe figurar en su certificado.</li><li>Correo electrónico: indique una dirección de correo que usted lea.</li><li>Contraseña: use al menos 10 caracteres.</li>",
                "<li>Give your full name as it should appear on your certificate</li><li>Give an email address you read</li><li>Use at least 10 characters</li>",
            ],
        ),
        (
            &[
                ("name", "Lucía Torres"),
                ("email", "lucia@example.org"),
                ("password", "luciatorres2026"),
                ("confirm", "luciatorres2026"),
            ],
            [
                "<li>Contraseña: es demasiado fácil de adivinar (contiene su nombre o su correo); unas cuantas palabras sin relación entre sí hacen una contraseña segura.</li>",
                "<li>Too easy to guess (it contains your name or email); a few unrelated words make a strong one</li>",
            ],
        ),
        (
            &[
                ("name", "Lucía Torres"),
                ("email", "lucia@example.org"),
                ("password", "cuatro palabras sin relación"),
                ("confirm", "cuatro palabras sin relacion"),
            ],
            [
                "<li>Repita la contraseña: las dos contraseñas no coinciden.</li>",
                "<li>The two passwords differ</li>",
            ],
        ),
    ];
    for (fields, [spanish, english]) in cases {
        for (code, expected) in [("es", spanish), ("en", english)] {
            let mut client = app.client();
            client.get(&format!("/language?language={code}")).await;
            client.get("/sign-up").await;
            let page = client.post("/sign-up", fields).await;
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(lang_of(&page.body), code);
            assert!(
                page.body.contains(&format!(
                    "<div class=\"alert\" role=\"alert\" id=\"sign-up-errors\"><ul>{expected}</ul>"
                )),
                "{code}: {}",
                page.body
            );
        }
    }
    let missing = I18n::embedded().missing();
    assert!(missing.is_empty(), "messages missing: {missing:?}");
}
