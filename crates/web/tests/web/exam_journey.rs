//! The exam as the applicant lives it and scores that hold (issue #26 items 1 and 2), from the
//! pages, on SQLite and PostgreSQL: George Ito (IMHM-C at MassAIMH, approved to sit) sees his
//! sitting and asks for an accommodation that the coordinator grants; he is mailed at
//! scheduling, rescheduling and results; nothing is recorded before the sitting's day; a
//! submitted score is final until the coordinator reopens it, and both versions are kept.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_store::SharedStore;

use crate::support::{Page, TestApp};

const GEORGE: &str = "george.ito@example.org";
const COORDINATOR: &str = "coordinator@massaimh.test";
const LEE: &str = "reviewer1@massaimh.test";
const PRIYA: &str = "reviewer2@massaimh.test";

fn see_other(page: &Page) {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

async fn subjects_to(store: &SharedStore, email: &str) -> Vec<String> {
    store
        .mails_to(email)
        .await
        .expect("mails")
        .into_iter()
        .map(|m| m.subject)
        .collect()
}

async fn actions(store: &SharedStore, application: i64) -> Vec<String> {
    store
        .audit_of_subject(&format!("application:{application}"))
        .await
        .expect("audit")
        .into_iter()
        .map(|a| a.action)
        .collect()
}

#[tokio::test]
async fn the_exam_journey_on_sqlite() {
    journey(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_exam_journey_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    journey(app).await;
}

/// The store, George's application and exam page, and his two scorers' ids.
async fn cast(app: &TestApp) -> (SharedStore, i64, String, PersonId, PersonId) {
    let store = app.state.store().clone();
    let george = app.application_of(GEORGE).await;
    let lee = store.person_by_email(LEE).await.expect("lee").0.id;
    let priya = store.person_by_email(PRIYA).await.expect("priya").0.id;
    (
        store,
        george,
        format!("/applications/{george}/exam"),
        lee,
        priya,
    )
}

async fn journey(app: TestApp) {
    let (store, george, exam_path, lee, priya) = cast(&app).await;

    let mut applicant = app.client();
    applicant.sign_in(GEORGE).await;
    let mut coordinator = app.client();
    coordinator.sign_in(COORDINATOR).await;

    // Before any sitting, his page says where he stands instead of "not found".
    let page = applicant.get(&exam_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Not scheduled yet"), "{}", page.body);
    assert!(!page.body.contains("id=\"schedule-form\""));

    // An accommodation request: an empty one is sent back beside its field, a real one kept.
    let empty = applicant
        .post(&format!("{exam_path}/accommodations"), &[("request", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("aria-invalid=\"true\"")
            && empty.body.contains("Say what you need at the exam"),
        "{}",
        empty.body
    );
    applicant.get(&exam_path).await;
    see_other(
        &applicant
            .post(
                &format!("{exam_path}/accommodations"),
                &[("request", "Extra time for Part 2 (dyslexia)")],
            )
            .await,
    );
    let asked = store
        .accommodations(ApplicationId(george))
        .await
        .expect("asked");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].decision, "pending");
    assert!(
        applicant
            .get(&exam_path)
            .await
            .body
            .contains("Waiting for the coordinator")
    );
    assert!(
        subjects_to(&store, COORDINATOR)
            .await
            .iter()
            .any(|s| s.starts_with("Exam accommodation requested"))
    );

    // The coordinator grants it with a note; he reads it granted, and is mailed.
    let staff = coordinator.get(&exam_path).await;
    assert!(staff.body.contains("Extra time for Part 2 (dyslexia)"));
    let decline_without_note = coordinator
        .post(
            &format!("{exam_path}/accommodations/{}/decision", asked[0].id),
            &[("decision", "decline"), ("note", "")],
        )
        .await;
    assert_eq!(
        decline_without_note.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(
                &format!("{exam_path}/accommodations/{}/decision", asked[0].id),
                &[
                    ("decision", "grant"),
                    ("note", "30 more minutes for Part 2"),
                ],
            )
            .await,
    );
    let mine = applicant.get(&exam_path).await;
    assert!(mine.body.contains("Granted"), "{}", mine.body);
    assert!(mine.body.contains("30 more minutes for Part 2"));
    assert!(
        subjects_to(&store, GEORGE)
            .await
            .contains(&"Your exam accommodation request was granted".to_string())
    );
    // Deciding twice is refused.
    coordinator.get(&exam_path).await;
    let again = coordinator
        .post(
            &format!("{exam_path}/accommodations/{}/decision", asked[0].id),
            &[("decision", "decline"), ("note", "changed my mind")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let audit = actions(&store, george).await;
    assert!(audit.contains(&"request-exam-accommodation".to_string()));
    assert!(audit.contains(&"grant-exam-accommodation".to_string()));

    // MassAIMH lets his reviewers score, marked as not blind.
    coordinator.get("/staff/massaimh").await;
    see_other(
        &coordinator
            .post("/staff/massaimh/exam-scorers", &[("policy", "warn")])
            .await,
    );

    // Bad input comes back on the form, each message beside its field, nothing scheduled.
    let today = Utc::now().date_naive();
    let later = (today + Duration::days(10)).to_string();
    coordinator.get(&exam_path).await;
    let bad = coordinator
        .post(
            &format!("{exam_path}/sittings"),
            &[
                ("sat_on", later.as_str()),
                ("starts_at", "25:99"),
                ("place", ""),
                ("online_link", "http://exam.example.org"),
                ("first_scorer", &lee.to_string()),
                ("second_scorer", &priya.to_string()),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    for (id, message) in [
        ("starts-at-error", "Give the start time as HH:MM"),
        ("online-link-error", "full https:// address"),
    ] {
        let at = bad.body.find(&format!("id=\"{id}\"")).expect(id);
        assert!(
            bad.body[at..at + 200].contains(message),
            "{id}: {}",
            &bad.body[at..at + 200]
        );
    }
    assert!(bad.body.contains("id=\"exam-errors\""), "an error summary");
    assert!(
        bad.body.contains("href=\"#starts-at\""),
        "linked to the field"
    );
    assert!(
        bad.body.contains("value=\"http://exam.example.org\""),
        "what was typed is kept"
    );
    assert!(
        store
            .sittings(ApplicationId(george))
            .await
            .expect("s")
            .is_empty()
    );

    // Scheduled: ten days out, with everything he needs; he is mailed.
    let mailed_before = subjects_to(&store, GEORGE).await.len();
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(
                &format!("{exam_path}/sittings"),
                &[
                    ("sat_on", later.as_str()),
                    ("starts_at", "09:30"),
                    ("place", "MassAIMH office, 2nd floor"),
                    ("online_link", ""),
                    ("instructions", "Arrive fifteen minutes early."),
                    ("bring", "Photo identification"),
                    ("first_scorer", &lee.to_string()),
                    ("second_scorer", &priya.to_string()),
                ],
            )
            .await,
    );
    let sitting = store
        .sittings(ApplicationId(george))
        .await
        .expect("sittings")
        .pop()
        .expect("a sitting");
    let mail = store
        .mails_to(GEORGE)
        .await
        .expect("mails")
        .into_iter()
        .nth(mailed_before)
        .expect("the scheduling mail");
    assert_eq!(
        mail.subject,
        format!("Your IMHM-C exam is scheduled for {later}")
    );
    for fact in [
        "at 09:30",
        "MassAIMH office, 2nd floor",
        "Arrive fifteen minutes early.",
        "Photo identification",
    ] {
        assert!(mail.body.contains(fact), "{fact}: {}", mail.body);
    }
    let mine = applicant.get(&exam_path).await;
    for fact in [
        later.as_str(),
        "09:30",
        "MassAIMH office, 2nd floor",
        "Arrive fifteen minutes early.",
        "Photo identification",
        "Scheduled",
    ] {
        assert!(mine.body.contains(fact), "{fact}: {}", mine.body);
    }
    // Staff-only parts stay staff's: Part 2 is scored blind, so not the scorers nor the code.
    for hidden in [
        "Lee Chen",
        "Priya Natarajan",
        sitting.blind_code.as_str(),
        "Part 2 scorers",
    ] {
        assert!(
            !mine.body.contains(hidden),
            "{hidden} shown to the applicant"
        );
    }
    let dashboard = applicant.get("/dashboard").await;
    assert!(
        dashboard.body.contains(&format!("Scheduled for {later}")),
        "{}",
        dashboard.body
    );

    // Nothing is recorded before the sitting's day.
    let early_part1 = coordinator
        .post(
            &format!("{exam_path}/sittings/{}/part1", sitting.id),
            &[("wrong", "5"), ("answers", "A: ...")],
        )
        .await;
    assert_eq!(early_part1.status, StatusCode::UNPROCESSABLE_ENTITY);
    let early = coordinator
        .post(&format!("{exam_path}/sittings/{}/result", sitting.id), &[])
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early.body.contains("can be recorded from that day"),
        "{}",
        early.body
    );
    assert_eq!(
        store
            .application(ApplicationId(george))
            .await
            .expect("a")
            .state,
        State::ApprovedForExam
    );

    // Moved to today (in a window opened for it): he is mailed with both dates.
    let massaimh = store.association_by_slug("massaimh").await.expect("a").id;
    store
        .create_exam_window(massaimh, today, today, "Online", Utc::now())
        .await
        .expect("window");
    let moved_to = today.to_string();
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(
                &format!("{exam_path}/sittings/{}/reschedule", sitting.id),
                &[
                    ("sat_on", moved_to.as_str()),
                    ("starts_at", "13:00"),
                    ("place", ""),
                    ("online_link", "https://meet.example.org/exam-room"),
                    ("instructions", "Join ten minutes early."),
                    ("bring", ""),
                ],
            )
            .await,
    );
    let moved = store
        .mails_to(GEORGE)
        .await
        .expect("mails")
        .into_iter()
        .find(|m| m.subject == format!("Your IMHM-C exam has moved to {moved_to}"))
        .expect("the rescheduling mail");
    assert!(
        moved.body.contains(&format!("it was on {later}")),
        "{}",
        moved.body
    );
    assert!(moved.body.contains("https://meet.example.org/exam-room"));
    assert!(
        actions(&store, george)
            .await
            .contains(&"reschedule-exam".to_string())
    );
    let mine = applicant.get(&exam_path).await;
    assert!(
        mine.body
            .contains("href=\"https://meet.example.org/exam-room\"")
    );

    // Part 1, then Part 2: 3/3 and 3/2.
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(
                &format!("{exam_path}/sittings/{}/part1", sitting.id),
                &[("wrong", "10"), ("answers", "Vignette A: ...")],
            )
            .await,
    );
    let mut lee_client = app.client();
    lee_client.sign_in(LEE).await;
    let mut priya_client = app.client();
    priya_client.sign_in(PRIYA).await;
    for (client, scores) in [
        (&mut lee_client, ("3", "3")),
        (&mut priya_client, ("3", "2")),
    ] {
        client.get("/scoring").await;
        see_other(
            &client
                .post(
                    &format!("/scoring/{}", sitting.id),
                    &[("first", scores.0), ("second", scores.1)],
                )
                .await,
        );
    }
    // Final: Priya cannot re-save, and her page says so instead of offering the form.
    let scoring = priya_client.get("/scoring").await;
    assert!(
        scoring.body.contains("submitted and final"),
        "{}",
        scoring.body
    );
    let resave = priya_client
        .post(
            &format!("/scoring/{}", sitting.id),
            &[("first", "4"), ("second", "4")],
        )
        .await;
    assert_eq!(resave.status, StatusCode::CONFLICT, "{}", resave.body);
    // The staff page gives each answer's scores by scorer, the mean and the rule applied.
    let staff = coordinator.get(&exam_path).await;
    for fact in [
        "Answer 1: Dr. Lee Chen 3, Priya Natarajan 3; mean 3",
        "Answer 2: Dr. Lee Chen 3, Priya Natarajan 2; mean 2.5",
        "Part 2 not passed: each answer must reach a mean of at least 3 of 4 from its two scorers; answer 1: 3 and 3, mean 3 (reaches it); answer 2: 3 and 2, mean 2.5 (below 3).",
    ] {
        assert!(staff.body.contains(fact), "{fact}: {}", staff.body);
    }
    // Scorers never see the rule's words, which name the other scorer's scores.
    assert!(!scoring.body.contains("Dr. Lee Chen 3"));

    // Reopened with a reason: both versions kept, audited; Priya submits again.
    let no_reason = coordinator
        .post(
            &format!("{exam_path}/sittings/{}/scores/{priya}/reopen", sitting.id),
            &[("reason", " ")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(
                &format!("{exam_path}/sittings/{}/scores/{priya}/reopen", sitting.id),
                &[("reason", "Answer 2 was scored against the wrong vignette")],
            )
            .await,
    );
    priya_client.get("/scoring").await;
    see_other(
        &priya_client
            .post(
                &format!("/scoring/{}", sitting.id),
                &[("first", "3"), ("second", "3")],
            )
            .await,
    );
    let versions = store.score_versions(sitting.id).await.expect("versions");
    let kept: Vec<([u32; 2], bool)> = versions
        .iter()
        .filter(|v| v.scorer == priya)
        .map(|v| (v.scores, v.reopened_at.is_some()))
        .collect();
    assert_eq!(kept, [([3, 2], true), ([3, 3], false)]);
    let reopen_audit: Vec<String> = store
        .audit_of_subject(&format!("application:{george}"))
        .await
        .expect("audit")
        .into_iter()
        .filter(|a| a.action == "reopen-exam-score")
        .map(|a| a.reason)
        .collect();
    assert_eq!(reopen_audit.len(), 1);
    assert!(reopen_audit[0].contains("Answer 2 was scored against the wrong vignette"));
    assert!(
        !reopen_audit[0].contains("Priya"),
        "the applicant reads his history: scorers by slot, not name"
    );
    let staff = coordinator.get(&exam_path).await;
    assert!(
        staff
            .body
            .contains("Answer 2 was scored against the wrong vignette"),
        "the history is on the staff page"
    );
    assert!(staff.body.contains("Part 2 passed"), "{}", staff.body);

    // The result: recorded on the day, the letter mailed, the dashboard says so.
    see_other(
        &coordinator
            .post(&format!("{exam_path}/sittings/{}/result", sitting.id), &[])
            .await,
    );
    assert_eq!(
        store
            .application(ApplicationId(george))
            .await
            .expect("a")
            .state,
        State::ExamPassed
    );
    assert!(
        subjects_to(&store, GEORGE)
            .await
            .contains(&"Your IMHM-C exam results".to_string())
    );
    let dashboard = applicant.get("/dashboard").await;
    assert!(
        dashboard
            .body
            .contains(&format!("Passed (sat on {moved_to})")),
        "{}",
        dashboard.body
    );

    // Nobody else reads his exam page: another applicant, nor a reviewer who scored it.
    let mut jack = app.client();
    jack.sign_in("jack.osei@example.org").await;
    assert_eq!(jack.get(&exam_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        lee_client.get(&exam_path).await.status,
        StatusCode::NOT_FOUND
    );
    // Nor may he ask on another's application, or decide his own request.
    let jack_app = app.application_of("jack.osei@example.org").await;
    applicant.get(&exam_path).await;
    let others = applicant
        .post(
            &format!("/applications/{jack_app}/exam/accommodations"),
            &[("request", "forged")],
        )
        .await;
    assert_eq!(others.status, StatusCode::NOT_FOUND);
    let own_decision = applicant
        .post(
            &format!("{exam_path}/accommodations/{}/decision", asked[0].id),
            &[("decision", "grant"), ("note", "")],
        )
        .await;
    assert_eq!(own_decision.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_results_letter_follows_a_spanish_reader_on_sqlite() {
    results_letter_in_spanish(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_results_letter_follows_a_spanish_reader_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        results_letter_in_spanish(app).await;
    }
}

/// George chooses Spanish (MassAIMH offers it); the coordinator schedules him for today, the
/// two reviewers score Part 2 (3/3, 3/2) and the result is recorded: his letter comes in
/// Spanish, paragraph by paragraph, with the dates and the half-point mean in Spanish.
async fn results_letter_in_spanish(app: TestApp) {
    use lattice_domain::language::Language;
    let (store, george, exam_path, lee, priya) = cast(&app).await;

    let mut applicant = app.client();
    applicant.sign_in(GEORGE).await;
    applicant.get("/dashboard").await;
    see_other(&applicant.post("/language", &[("language", "es")]).await);
    let spanish = Language::Spanish;
    let today = Utc::now().date_naive();

    // His exam page in Spanish: where the exam stands, the association's rules, the
    // accommodations and their mistakes. The English page is held by `journey`.
    let page = applicant.get(&exam_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for text in [
        "<html lang=\"es\"",
        "<h1>Su examen de IMHM-C</h1>",
        "<span class=\"chip state-approved-for-exam\">Aprobada para el examen</span>",
        "<strong>Aún sin fecha.</strong> Usted está aprobado/a para presentar el examen; su coordinador/a programará una fecha.",
        "<p>Su aprobación para presentar el examen es válida hasta el ",
        "<p>Parte 1: 60 preguntas en 90 minutos; se aprueba con 12 respuestas incorrectas como máximo. Parte 2: 3 viñetas, de las que se responden 2 en 90 minutos;",
        "La aprobación para presentar el examen dura 12 meses; un examen no aprobado puede volver a presentarse pasados 12 meses.</p>",
        "<p class=\"muted\">Aún no hay ninguna fecha programada. Recibirá un correo electrónico cuando la haya.</p>",
        "<p class=\"muted\">No ha pedido ninguna.</p>",
        "<label for=\"request\">¿Qué necesita en el examen?</label>",
        "<button type=\"submit\">Pedir adaptaciones</button>",
    ] {
        assert!(page.body.contains(text), "{text:?} in {}", page.body);
    }
    for english in [
        "Your sittings",
        "Accommodations",
        "Part 1:",
        "Not scheduled yet",
    ] {
        assert!(!page.body.contains(english), "{english:?} in {}", page.body);
    }
    // A request is at most 2,000 characters (counted as characters, not bytes).
    let accommodations = format!("{exam_path}/accommodations");
    for (request, said) in [
        (
            " ".to_string(),
            Some(
                "Indique qué necesita en el examen, por ejemplo más tiempo o una persona que le lea.",
            ),
        ),
        (
            "é".repeat(2001),
            Some("La petición debe tener menos de 2000 caracteres."),
        ),
        ("é".repeat(2000), None),
    ] {
        applicant.get(&exam_path).await;
        let sent = applicant
            .post(&accommodations, &[("request", request.as_str())])
            .await;
        match said {
            Some(said) => {
                assert_eq!(
                    sent.status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{}",
                    sent.body
                );
                assert!(
                    sent.body.contains(&format!("role=\"alert\">{said}</p>")),
                    "{said}: {}",
                    sent.body
                );
            }
            None => see_other(&sent),
        }
    }
    let asked = store
        .accommodations(ApplicationId(george))
        .await
        .expect("asked");
    assert_eq!(
        asked.len(),
        1,
        "only the request of 2,000 characters is kept"
    );
    let waiting = applicant.get(&exam_path).await;
    for text in [
        format!(
            "<strong>Pedida el {}:</strong> {}",
            spanish.date(today),
            "é".repeat(2000)
        ),
        "<span class=\"chip\">Pendiente de la decisión del/de la coordinador/a</span>".to_string(),
    ] {
        assert!(waiting.body.contains(&text), "{text:?} in {}", waiting.body);
    }

    let mut coordinator = app.client();
    coordinator.sign_in(COORDINATOR).await;
    coordinator.get("/staff/massaimh").await;
    see_other(
        &coordinator
            .post("/staff/massaimh/exam-scorers", &[("policy", "warn")])
            .await,
    );
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(
                &format!("{exam_path}/accommodations/{}/decision", asked[0].id),
                &[
                    ("decision", "decline"),
                    ("note", "Una sala aparte no es posible"),
                ],
            )
            .await,
    );
    let declined = applicant.get(&exam_path).await;
    assert!(
        declined.body.contains(
            "<span class=\"chip\">Denegada</span> Nota de su coordinador/a: Una sala aparte no es posible</p>"
        ),
        "{}",
        declined.body
    );
    let massaimh = store.association_by_slug("massaimh").await.expect("a").id;
    store
        .create_exam_window(massaimh, today, today, "Online", Utc::now())
        .await
        .expect("window");
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(
                &format!("{exam_path}/sittings"),
                &[
                    ("sat_on", today.to_string().as_str()),
                    ("starts_at", "09:30"),
                    ("place", "MassAIMH office"),
                    ("online_link", ""),
                    ("first_scorer", &lee.to_string()),
                    ("second_scorer", &priya.to_string()),
                ],
            )
            .await,
    );
    let sitting = store
        .sittings(ApplicationId(george))
        .await
        .expect("sittings")
        .pop()
        .expect("a sitting");
    let scheduled = applicant.get(&exam_path).await;
    for text in [
        format!(
            "<strong>Con fecha.</strong> Programado para el {}.",
            spanish.date(today)
        ),
        format!(
            "<h3>{} a las 09:30 <span class=\"chip\">Programado</span></h3>",
            spanish.date(today)
        ),
        "<dt>Hora de inicio</dt><dd>09:30</dd>".to_string(),
        "<dt>Lugar</dt><dd>MassAIMH office</dd>".to_string(),
    ] {
        assert!(
            scheduled.body.contains(&text),
            "{text:?} in {}",
            scheduled.body
        );
    }
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(
                &format!("{exam_path}/sittings/{}/part1", sitting.id),
                &[("wrong", "10"), ("answers", "Vignette A: ...")],
            )
            .await,
    );
    for (who, scores) in [(LEE, ("3", "3")), (PRIYA, ("3", "2"))] {
        let mut scorer = app.client();
        scorer.sign_in(who).await;
        scorer.get("/scoring").await;
        see_other(
            &scorer
                .post(
                    &format!("/scoring/{}", sitting.id),
                    &[("first", scores.0), ("second", scores.1)],
                )
                .await,
        );
    }
    coordinator.get(&exam_path).await;
    see_other(
        &coordinator
            .post(&format!("{exam_path}/sittings/{}/result", sitting.id), &[])
            .await,
    );

    let sat = applicant.get(&exam_path).await;
    for text in [
        "<span class=\"chip state-exam-failed\">Examen no aprobado</span>".to_string(),
        format!(
            "<h3>{} a las 09:30 <span class=\"chip\">No aprobado</span></h3>",
            spanish.date(today)
        ),
        "<p class=\"small\">Le enviamos por correo electrónico la carta de resultados; indica el resultado de cada parte y su motivo.</p>".to_string(),
    ] {
        assert!(sat.body.contains(&text), "{text:?} in {}", sat.body);
    }
    let letter = store
        .mails_to(GEORGE)
        .await
        .expect("mails")
        .into_iter()
        .find(|m| m.subject == "Resultados de su examen de IMHM-C")
        .expect("the results letter, in Spanish");
    let retake = lattice_domain::dates::add_months(today, 12);
    assert!(
        letter
            .body
            .starts_with("Estimado/a George Ito:\n\nGracias por presentar el examen de "),
        "{}",
        letter.body
    );
    for paragraph in [
        format!(" el {}. Estos son sus resultados.\n\n", spanish.date(today)),
        "\nParte 1 (opción múltiple): aprobada. Respondió mal 10 de 60 preguntas; se aprueba con 12 respuestas incorrectas como máximo.\n".to_string(),
        "\nParte 2 (viñetas): no aprobada. Cada respuesta se aprueba con una media de al menos 3 de 4 entre sus dos evaluadores/as; las medias de sus respuestas fueron 3 y 2,5.\n\n".to_string(),
        format!(
            "\nNo aprobó la Parte 2. Una parte no aprobada puede volver a presentarse a partir del {}.\n",
            spanish.date(retake)
        ),
    ] {
        assert!(letter.body.contains(&paragraph), "{paragraph}\n{}", letter.body);
    }
    assert!(!letter.body.contains("Part "), "{}", letter.body);
}

/// A result recorded without a sitting (the demo's Hana: not passed, no sitting on record)
/// reads as the state, in each language, not as an exam still to schedule; a category without
/// an exam (Ana's IFS) has no exam page.
#[tokio::test]
async fn a_result_without_a_sitting_reads_as_the_state_and_no_exam_no_page() {
    let app = TestApp::sqlite().await;
    let hana = app.application_of("hana.lopez@example.org").await;
    let mut client = app.client();
    client.sign_in("hana.lopez@example.org").await;
    for (language, said, unsaid) in [
        (
            "en",
            "<strong>Exam not passed.</strong> </p>",
            "Not scheduled yet",
        ),
        (
            "es",
            "<strong>Examen no aprobado.</strong> </p>",
            "Aún sin fecha",
        ),
    ] {
        see_other(&client.post("/language", &[("language", language)]).await);
        let page = client.get(&format!("/applications/{hana}/exam")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(said), "{language}: {}", page.body);
        assert!(!page.body.contains(unsaid), "{language}: {}", page.body);
    }
    let ana = app.application_of("ana@example.org").await;
    let mut client = app.client();
    client.sign_in("ana@example.org").await;
    let none = client.get(&format!("/applications/{ana}/exam")).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.body);
}
