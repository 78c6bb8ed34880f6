//! A Category III application under the pre-2025 rules taken through the whole review, from
//! the pages: completeness, automatic assignment that passes over a conflicted reviewer, two
//! blind reviews, approval for the exam, a sitting scored blind, the result with its feedback
//! letter, and endorsement.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_domain::rights::StaffRole;
use lattice_store::{NewPerson, SharedStore};

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
    let nmaimh = store
        .association_by_slug("nmaimh")
        .await
        .expect("nmaimh")
        .id;

    // A third reviewer, the least busy of all, who gave Grace her reflective supervision.
    let helen = store
        .create_person(&NewPerson {
            email: "helen.baca@example.org".to_string(),
            name: "Dr. Helen Baca".to_string(),
            password_hash: None,
            admin: false,
        })
        .await
        .expect("helen");
    store
        .grant_staff(helen, nmaimh, StaffRole::Reviewer, None)
        .await
        .expect("role");
    store
        .set_reviewer_profile(helen, "", &["IV-C".to_string()], Utc::now())
        .await
        .expect("profile");

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@nmaimh.test").await;

    // Tom already holds an open review, so a plan that ignored conflicts would pick Helen.
    pay_everything(&store, luis, coordinator_id).await;
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

    // Completeness: the pre-2025 edition applies, and the unpaid fee holds the review back.
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
    let sat_on = (Utc::now().date_naive() + Duration::days(14)).to_string();
    see_other(
        &coordinator
            .post(
                &format!("/applications/{grace}/exam/sittings"),
                &[
                    ("sat_on", &sat_on),
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
