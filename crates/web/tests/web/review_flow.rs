//! A Category III application under the pre-2025 rules taken through the whole review, from
//! the pages: completeness, automatic assignment that passes over a conflicted reviewer, two
//! blind reviews, approval for the exam, a sitting scored blind, the result with its feedback
//! letter, and endorsement.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_store::SharedStore;

use crate::support::TestApp;

async fn person_id(store: &SharedStore, email: &str) -> PersonId {
    store.person_by_email(email).await.expect("person").0.id
}

async fn pay_everything(store: &SharedStore, application: i64, by: PersonId) {
    for invoice in store
        .invoices(ApplicationId(application))
        .await
        .expect("invoices")
    {
        if !invoice.paid {
            store
                .mark_invoice_paid(invoice.id, by, Utc::now())
                .await
                .expect("paid");
        }
    }
}

async fn state_of(store: &SharedStore, application: i64) -> State {
    store
        .application(ApplicationId(application))
        .await
        .expect("application")
        .state
}

fn see_other(page: &crate::support::Page) {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

#[tokio::test]
async fn category_three_before_2025_goes_from_completeness_to_endorsement() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let grace = app.application_of("grace.okafor@example.org").await;
    let luis = app.application_of("luis.herrera@example.org").await;
    let coordinator_id = person_id(&store, "coordinator@nmaimh.test").await;
    let tom = person_id(&store, "reviewer@nmaimh.test").await;
    let ruth = person_id(&store, "reviewer2@nmaimh.test").await;

    // A third reviewer, the least busy of all, who gave Grace her reflective supervision.
    let helen = crate::support::add_reviewer(
        &store,
        "nmaimh",
        "helen.baca@example.org",
        "Dr. Helen Baca",
        &["IV-C"],
    )
    .await;

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@nmaimh.test").await;

    // Tom already holds an open review, so a plan that ignored conflicts would pick Helen.
    pay_everything(&store, luis, coordinator_id).await;
    coordinator.verify_degrees(luis).await;
    coordinator
        .get(&format!("/applications/{luis}/review"))
        .await;
    see_other(
        &coordinator
            .post(
                &format!("/applications/{luis}/events"),
                &[("event", "start-review")],
            )
            .await,
    );
    coordinator
        .get(&format!("/applications/{luis}/review"))
        .await;
    see_other(
        &coordinator
            .post(
                &format!("/applications/{luis}/review/assign"),
                &[("reviewer", &tom.to_string())],
            )
            .await,
    );

    // Completeness: the pre-2025 edition applies, and the unpaid fee holds the review back
    // (the degrees are checked against their transcripts first).
    assert_eq!(
        coordinator.verify_degrees(grace).await,
        2,
        "a BS and an MSW"
    );
    let desk = coordinator
        .get(&format!("/applications/{grace}/review"))
        .await;
    assert_eq!(desk.status, StatusCode::OK, "{}", desk.body);
    assert!(desk.body.contains("2024-06-01"), "rules date shown");
    let refused = coordinator
        .post(
            &format!("/applications/{grace}/events"),
            &[("event", "start-review")],
        )
        .await;
    if store
        .invoices(ApplicationId(grace))
        .await
        .expect("invoices")
        .iter()
        .any(|i| !i.paid)
    {
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(refused.body.contains("fee is not paid"), "{}", refused.body);
        pay_everything(&store, grace, coordinator_id).await;
        let desk = coordinator
            .get(&format!("/applications/{grace}/review"))
            .await;
        assert!(desk.body.contains("chip-met\">Complete"), "{}", desk.body);
        see_other(
            &coordinator
                .post(
                    &format!("/applications/{grace}/events"),
                    &[("event", "start-review")],
                )
                .await,
        );
    } else {
        see_other(&refused);
    }
    assert_eq!(state_of(&store, grace).await, State::UnderReview);

    // Automatic assignment: the dry run saves nothing and names the conflict.
    let dry = coordinator.get("/staff/nmaimh/assign").await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert!(dry.body.contains("Grace Okafor"), "{}", dry.body);
    assert!(
        dry.body.contains("Dr. Helen Baca ("),
        "skipped: {}",
        dry.body
    );
    assert!(
        store
            .reviewers(ApplicationId(grace))
            .await
            .expect("reviewers")
            .is_empty()
    );
    let applied = coordinator
        .post("/staff/nmaimh/assign", &[("due_on", "")])
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    let mut chosen = store
        .reviewers(ApplicationId(grace))
        .await
        .expect("reviewers");
    chosen.sort();
    let mut expected = vec![tom, ruth];
    expected.sort();
    assert_eq!(chosen, expected, "the conflicted reviewer is never chosen");
    assert!(!chosen.contains(&helen));

    // Two blind reviews.
    let mut ruth_client = app.client();
    ruth_client.sign_in("reviewer2@nmaimh.test").await;
    let form = ruth_client
        .get(&format!("/applications/{grace}/review"))
        .await;
    assert!(form.body.contains("id=\"review-form\""), "{}", form.body);
    see_other(
        &ruth_client
            .post(
                &format!("/applications/{grace}/review/submit"),
                &[
                    ("recommendation", "approve-for-exam"),
                    ("comments", "Thoughtful dyadic work, ready for the exam"),
                    ("area:attachment-separation-trauma-grief-loss", "on"),
                ],
            )
            .await,
    );
    let mut tom_client = app.client();
    tom_client.sign_in("reviewer@nmaimh.test").await;
    let blind = tom_client
        .get(&format!("/applications/{grace}/review"))
        .await;
    assert!(blind.body.contains("id=\"blind-note\""), "{}", blind.body);
    assert!(!blind.body.contains("Thoughtful dyadic work"));
    see_other(
        &tom_client
            .post(
                &format!("/applications/{grace}/review/submit"),
                &[
                    ("recommendation", "approve-for-exam"),
                    ("comments", "Agree"),
                ],
            )
            .await,
    );
    let open = tom_client
        .get(&format!("/applications/{grace}/review"))
        .await;
    assert!(
        open.body.contains("Thoughtful dyadic work"),
        "{}",
        open.body
    );

    // The decision follows the agreed recommendation.
    let desk = coordinator
        .get(&format!("/applications/{grace}/review"))
        .await;
    assert!(desk.body.contains("id=\"agreement\""), "{}", desk.body);
    see_other(
        &coordinator
            .post(
                &format!("/applications/{grace}/review/decide"),
                &[("recommendation", "approve-for-exam"), ("reason", "")],
            )
            .await,
    );
    assert_eq!(state_of(&store, grace).await, State::ApprovedForExam);

    // The exam: a sitting with two scorers, Part 1, Part 2 scored blind.
    let exam = coordinator
        .get(&format!("/applications/{grace}/exam"))
        .await;
    assert!(exam.body.contains("at most 12 wrong"), "{}", exam.body);
    // Sat today, in a window open today: scores and the result are recorded from the
    // sitting's day on, not before.
    let today = Utc::now().date_naive();
    let nmaimh = store
        .association_by_slug("nmaimh")
        .await
        .expect("nmaimh")
        .id;
    store
        .create_exam_window(
            nmaimh,
            today - Duration::days(1),
            today,
            "On site",
            Utc::now(),
        )
        .await
        .expect("window");
    let sat_on = today.to_string();
    // By default a reviewer of the application is not offered as a scorer, nor taken: their
    // score would not be blind.
    for reviewer in [ruth, tom] {
        assert!(
            !exam.body.contains(&format!("<option value=\"{reviewer}\"")),
            "{}",
            exam.body
        );
    }
    // Only Helen is left, and Part 2 needs two: the page says so and what to do.
    assert!(
        exam.body
            .contains("only one reviewer of the association can score this sitting"),
        "{}",
        exam.body
    );
    assert!(!exam.body.contains("id=\"schedule-form\""));
    let refused = coordinator
        .post(
            &format!("/applications/{grace}/exam/sittings"),
            &[
                ("sat_on", &sat_on),
                ("starts_at", "09:00"),
                ("place", "On site"),
                ("first_scorer", &ruth.to_string()),
                ("second_scorer", &helen.to_string()),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The exam page lists its refusals in its own summary, each linked to its field; the
    // time and place were right, so the scorer is the one thing to correct.
    let summary = refused
        .body
        .split("id=\"exam-errors\"")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .unwrap_or_default();
    assert_eq!(summary.matches("<li>").count(), 1, "{}", refused.body);
    assert!(
        summary.contains(
            "<a href=\"#first-scorer\">This reviewer reviewed the application, so their score would not be blind; choose another scorer.</a>"
        ),
        "{}",
        refused.body
    );
    // NMAIMH has few reviewers and chooses to allow it, marked as not blind.
    coordinator.get("/staff/nmaimh").await;
    see_other(
        &coordinator
            .post("/staff/nmaimh/exam-scorers", &[("policy", "warn")])
            .await,
    );
    let exam = coordinator
        .get(&format!("/applications/{grace}/exam"))
        .await;
    assert!(
        exam.body.contains(&format!(
            "<option value=\"{ruth}\">Ruth Begay (reviewed this application: not blind)</option>"
        )),
        "{}",
        exam.body
    );
    assert_eq!(
        exam.body
            .matches("(reviewed this application: not blind)")
            .count(),
        // Two reviewers, in each of the two scorer lists.
        4
    );
    see_other(
        &coordinator
            .post(
                &format!("/applications/{grace}/exam/sittings"),
                &[
                    ("sat_on", &sat_on),
                    ("starts_at", "09:00"),
                    ("place", "On site"),
                    ("first_scorer", &ruth.to_string()),
                    ("second_scorer", &tom.to_string()),
                ],
            )
            .await,
    );
    let sitting = store
        .sittings(ApplicationId(grace))
        .await
        .expect("sittings")
        .pop()
        .expect("a sitting");
    coordinator
        .get(&format!("/applications/{grace}/exam"))
        .await;
    let too_many = coordinator
        .post(
            &format!("/applications/{grace}/exam/sittings/{}/part1", sitting.id),
            &[("wrong", "61"), ("answers", "x")],
        )
        .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_many.body.contains("wrong"), "{}", too_many.body);
    see_other(
        &coordinator
            .post(
                &format!("/applications/{grace}/exam/sittings/{}/part1", sitting.id),
                &[
                    ("wrong", "12"),
                    (
                        "answers",
                        "Vignette A: I would begin by wondering with the mother...",
                    ),
                ],
            )
            .await,
    );
    for (client, scores) in [
        (&mut ruth_client, ("3", "4")),
        (&mut tom_client, ("3", "3")),
    ] {
        let scoring = client.get("/scoring").await;
        assert!(
            scoring.body.contains(&sitting.blind_code),
            "{}",
            scoring.body
        );
        assert!(!scoring.body.contains("Grace Okafor"), "scoring is blind");
        assert!(!scoring.body.contains("Okafor"), "scoring is blind");
        see_other(
            &client
                .post(
                    &format!("/scoring/{}", sitting.id),
                    &[("first", scores.0), ("second", scores.1)],
                )
                .await,
        );
    }
    coordinator
        .get(&format!("/applications/{grace}/exam"))
        .await;
    see_other(
        &coordinator
            .post(
                &format!("/applications/{grace}/exam/sittings/{}/result", sitting.id),
                &[],
            )
            .await,
    );
    assert_eq!(state_of(&store, grace).await, State::ExamPassed);
    // Blind means blind: the scorers, who also reviewed Grace, read her application's history
    // and its API without the code; the scoring page shows the code without the date the
    // history names the sitting by.
    for client in [&mut ruth_client, &mut tom_client] {
        for path in [
            format!("/applications/{grace}"),
            format!("/applications/{grace}/review"),
            format!("/applications/{grace}/evidence"),
            format!("/api/applications/{grace}"),
        ] {
            let page = client.get(&path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert!(page.body.contains("Okafor"), "{path} names the examinee");
            assert!(
                !page.body.contains(&sitting.blind_code),
                "{path} links the code to the name: {}",
                page.body
            );
        }
        // Everywhere else a scorer goes, the code and the name never meet.
        for path in ["/dashboard", "/api/me", "/scoring", "/portfolio"] {
            let page = client.get(path).await;
            assert!(
                !(page.body.contains(&sitting.blind_code) && page.body.contains("Okafor")),
                "{path}: {}",
                page.body
            );
        }
        let scoring = client.get("/scoring").await;
        assert!(
            !scoring.body.contains(&sitting.sat_on.to_string()),
            "{}",
            scoring.body
        );
    }
    let letters = store
        .mails_to("grace.okafor@example.org")
        .await
        .expect("mails");
    let letter = letters
        .iter()
        .find(|m| m.subject.contains("exam results"))
        .expect("a feedback letter");
    assert!(letter.body.contains("12"), "{}", letter.body);

    // Endorsement.
    coordinator.get(&format!("/applications/{grace}")).await;
    see_other(
        &coordinator
            .post(
                &format!("/applications/{grace}/events"),
                &[("event", "endorse"), ("reason", "Welcome, Dr. Okafor")],
            )
            .await,
    );
    assert_eq!(state_of(&store, grace).await, State::Endorsed);
}

#[tokio::test]
async fn exam_dates_follow_the_windows_and_the_one_year_retake_rule() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    // George (IMHM-C) is approved for the exam; Hana (IMHM-C) did not pass it.
    let george = app.application_of("george.ito@example.org").await;
    let hana = app.application_of("hana.lopez@example.org").await;
    let lee = person_id(&store, "reviewer1@massaimh.test").await;
    let priya = person_id(&store, "reviewer2@massaimh.test").await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    // George's reviewers score his exam: MassAIMH allows it, marked as not blind.
    coordinator.get("/staff/massaimh").await;
    see_other(
        &coordinator
            .post("/staff/massaimh/exam-scorers", &[("policy", "warn")])
            .await,
    );
    coordinator
        .get(&format!("/applications/{george}/exam"))
        .await;
    let schedule = |date: String| {
        vec![
            ("sat_on".to_string(), date),
            ("first_scorer".to_string(), lee.to_string()),
            ("second_scorer".to_string(), priya.to_string()),
        ]
    };
    let today = Utc::now().date_naive();
    // The demo window runs from a week out for two months.
    for (date, expected) in [
        (today + Duration::days(2), "outside the exam windows"),
        (today + Duration::days(90), "outside the exam windows"),
    ] {
        let fields = schedule(date.to_string());
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let refused = coordinator
            .post(&format!("/applications/{george}/exam/sittings"), &fields)
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{date}");
        assert!(refused.body.contains(expected), "{date}: {}", refused.body);
    }
    let same = coordinator
        .post(
            &format!("/applications/{george}/exam/sittings"),
            &[
                ("sat_on", &(today + Duration::days(10)).to_string()),
                ("first_scorer", &lee.to_string()),
                ("second_scorer", &lee.to_string()),
            ],
        )
        .await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(same.body.contains("second_scorer"), "{}", same.body);
    assert!(
        store
            .sittings(ApplicationId(george))
            .await
            .expect("s")
            .is_empty()
    );

    // Hana failed a sitting a month ago: the retake opens a year after it.
    let massaimh = store.association_by_slug("massaimh").await.expect("a").id;
    let coordinator_id = person_id(&store, "coordinator@massaimh.test").await;
    let failed_on = today - Duration::days(30);
    let sitting = store
        .create_sitting(&lattice_store::NewSitting {
            application: ApplicationId(hana),
            association: massaimh,
            sat_on: failed_on,
            blind_code: "E-TEST01".to_string(),
            scorers: [lee, priya],
            by: coordinator_id,
            at: Utc::now(),
        })
        .await
        .expect("sitting");
    store
        .set_sitting_result(sitting, "failed")
        .await
        .expect("failed");
    let mut hana_client = app.client();
    hana_client.sign_in("hana.lopez@example.org").await;
    hana_client.get(&format!("/applications/{hana}")).await;
    let early = hana_client
        .post(
            &format!("/applications/{hana}/events"),
            &[("event", "retake-exam")],
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    let opens = lattice_domain::dates::add_months(failed_on, 12);
    assert!(
        early.body.contains(&format!("sat again from {opens}")),
        "{}",
        early.body
    );
    assert_eq!(state_of(&store, hana).await, State::ExamFailed);
}
