//! Who may see reviews and act on them, on both backends: only the assigned reviewers of an
//! application and its association's coordinator; reviews stay blind until one's own is in;
//! and the coordinator's decision follows the reviewers or records why it does not.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, PersonId};

use crate::support::{Page, TestApp};

async fn person_id(app: &TestApp, email: &str) -> PersonId {
    app.state
        .store()
        .person_by_email(email)
        .await
        .expect("demo person")
        .0
        .id
}

async fn round_of(app: &TestApp, id: i64) -> i64 {
    app.state
        .store()
        .application(ApplicationId(id))
        .await
        .expect("application")
        .review_round
}

async fn state_of(app: &TestApp, id: i64) -> State {
    app.state
        .store()
        .application(ApplicationId(id))
        .await
        .expect("application")
        .state
}

/// The first competency-area checkbox key of a review form.
fn area_key(page: &Page) -> String {
    let start = page
        .body
        .find("name=\"area:")
        .unwrap_or_else(|| panic!("no area checkbox on the review form: {}", page.body));
    let rest = &page.body[start + "name=\"".len()..];
    rest.split('"').next().expect("area key").to_string()
}

fn tomorrow() -> String {
    (Utc::now() + Duration::days(1)).date_naive().to_string()
}

/// Gives a demo applicant the third reference rating the demo portfolio lacks, through the
/// emailed link, so that its completeness check passes and review can start. The portfolio
/// is frozen once submitted: the coordinator returns it, the rater answers, the applicant
/// submits again and the coordinator records the new processing fee.
async fn complete_references(app: &TestApp, email: &str, rater_email: &str) {
    let store = app.state.store();
    let id = app.application_of(email).await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get(&format!("/applications/{id}")).await;
    let returned = coordinator
        .post(
            &format!("/applications/{id}/events"),
            &[
                ("event", "return-incomplete"),
                ("reason", "A third rating is missing"),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let mut applicant = app.client();
    applicant.sign_in(email).await;
    applicant.get("/portfolio/references").await;
    let asked = applicant
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Dr. Ruth Ames"),
                ("email", rater_email),
                ("role", "colleague"),
                ("waived", "yes"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let mails = store.mails_to(rater_email).await.expect("mail");
    let body = &mails.last().expect("rating request").body;
    let start = body.find("/rate/").expect("rating link");
    let link = body[start..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_string();
    let mut rater = app.client();
    let form = rater.get(&link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let areas: std::collections::BTreeSet<String> = form
        .body
        .match_indices("name=\"area:")
        .map(|(i, _)| {
            form.body[i + 11..]
                .split('"')
                .next()
                .expect("id")
                .to_string()
        })
        .collect();
    let mut fields: Vec<(String, String)> = areas
        .iter()
        .map(|a| (format!("area:{a}"), "consistently".to_string()))
        .collect();
    fields.push(("known_since".to_string(), "2019-05-01".to_string()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let thanks = rater.post(&link, &pairs).await;
    assert_eq!(thanks.status, StatusCode::OK, "{}", thanks.body);
    applicant.get(&format!("/applications/{id}")).await;
    let submitted = applicant
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "submit")],
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    for invoice in store
        .invoices(ApplicationId(id))
        .await
        .expect("invoices")
        .into_iter()
        .filter(|i| !i.paid)
    {
        coordinator.get(&format!("/applications/{id}")).await;
        let paid = coordinator
            .post(
                &format!("/applications/{id}/invoices/{}/paid", invoice.id),
                &[],
            )
            .await;
        assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    }
}

async fn review_rights_and_blind_review(app: TestApp) {
    let store = app.state.store();
    let farah = app.application_of("farah.haddad@example.org").await;
    let elena = app.application_of("elena.morales@example.org").await;
    let grace = app.application_of("grace.okafor@example.org").await;
    let round = round_of(&app, farah).await;
    let reviewer1_id = person_id(&app, "reviewer1@massaimh.test").await;
    let reviewer2_id = person_id(&app, "reviewer2@massaimh.test").await;
    let nm_reviewer_id = person_id(&app, "reviewer@nmaimh.test").await;
    let farah_person = person_id(&app, "farah.haddad@example.org").await;
    assert_eq!(
        store
            .reviewers(ApplicationId(farah))
            .await
            .expect("reviewers"),
        {
            let mut both = vec![reviewer1_id, reviewer2_id];
            both.sort_by_key(|p| p.0);
            both
        },
        "the demo assigns both MassAIMH reviewers to Farah"
    );

    // A MassAIMH reviewer sees the review they are assigned to, and nothing else.
    let mut reviewer1 = app.client();
    reviewer1.sign_in("reviewer1@massaimh.test").await;
    let own = reviewer1
        .get(&format!("/applications/{farah}/review"))
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(own.body.contains("Farah Haddad"));
    for path in [
        format!("/applications/{elena}/review"),
        format!("/applications/{elena}"),
        format!("/applications/{grace}/review"),
        format!("/applications/{grace}"),
        format!("/applications/{grace}/exam"),
        "/staff/nmaimh".to_string(),
        "/staff/massaimh/assign".to_string(),
    ] {
        let page = reviewer1.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "reviewer1 on {path}");
        assert!(
            !page.body.contains("Grace Okafor") && !page.body.contains("Elena Morales"),
            "{path} leaks a name"
        );
    }

    // The NMAIMH reviewer sees no MassAIMH review and can do nothing to Farah's.
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let mut nm = app.client();
    nm.sign_in("reviewer@nmaimh.test").await;
    for application in store
        .applications_of_association(massaimh)
        .await
        .expect("applications")
    {
        let path = format!("/applications/{}/review", application.id.0);
        assert_eq!(
            nm.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "NM reviewer on {path}"
        );
    }
    nm.get("/dashboard").await;
    let nm_id = nm_reviewer_id.0.to_string();
    let date = tomorrow();
    let attempts: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "submit",
            vec![
                ("recommendation", "endorse"),
                ("comments", "from the wrong association"),
            ],
        ),
        (
            "decide",
            vec![
                ("recommendation", "more-work"),
                ("more_rsc", "on"),
                ("re_review_after", date.as_str()),
                ("reason", "not mine to decide"),
            ],
        ),
        ("assign", vec![("reviewer", nm_id.as_str())]),
        (
            "conflicts",
            vec![("reviewer", nm_id.as_str()), ("reason", "I know her")],
        ),
    ];
    for (action, fields) in &attempts {
        let page = nm
            .post(&format!("/applications/{farah}/review/{action}"), fields)
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "NM reviewer {action}");
    }
    assert!(
        store
            .reviews(ApplicationId(farah), round)
            .await
            .expect("reviews")
            .is_empty(),
        "a refused review left a row"
    );
    assert_eq!(
        store
            .assignments(ApplicationId(farah))
            .await
            .expect("a")
            .len(),
        2
    );
    assert!(
        store
            .conflicts_of(farah_person)
            .await
            .expect("conflicts")
            .is_empty(),
        "a refused conflict was stored"
    );
    assert!(
        store
            .conflicts_of(nm_reviewer_id)
            .await
            .expect("conflicts")
            .is_empty()
    );
    assert_eq!(state_of(&app, farah).await, State::UnderReview);

    // Reviews are not for applicants, not even their own.
    let mut applicant = app.client();
    applicant.sign_in("farah.haddad@example.org").await;
    assert_eq!(
        applicant
            .get(&format!("/applications/{farah}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        applicant
            .get(&format!("/applications/{farah}/review"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    applicant.get("/dashboard").await;
    let self_review = applicant
        .post(
            &format!("/applications/{farah}/review/submit"),
            &[("recommendation", "endorse"), ("comments", "I am great")],
        )
        .await;
    assert_eq!(self_review.status, StatusCode::NOT_FOUND);

    // Another association's coordinator: nothing, and the plan cannot be applied from there.
    complete_references(&app, "elena.morales@example.org", "ruth@example.org").await;
    let mut mass = app.client();
    mass.sign_in("coordinator@massaimh.test").await;
    mass.verify_degrees(elena).await;
    mass.get(&format!("/applications/{elena}")).await;
    let started = mass
        .post(
            &format!("/applications/{elena}/events"),
            &[("event", "start-review"), ("reason", "")],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let mut ct = app.client();
    ct.sign_in("coordinator@ct-aimh.test").await;
    for path in [
        format!("/applications/{farah}/review"),
        "/staff/massaimh/assign".to_string(),
    ] {
        assert_eq!(
            ct.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "CT coordinator on {path}"
        );
    }
    ct.get("/dashboard").await;
    let applied = ct.post("/staff/massaimh/assign", &[("due_on", "")]).await;
    assert_eq!(applied.status, StatusCode::NOT_FOUND);
    let decided = ct
        .post(
            &format!("/applications/{farah}/review/decide"),
            &[("recommendation", "endorse"), ("reason", "x")],
        )
        .await;
    assert_eq!(decided.status, StatusCode::NOT_FOUND);
    assert!(
        store
            .reviewers(ApplicationId(elena))
            .await
            .expect("reviewers")
            .is_empty(),
        "another association's coordinator assigned reviewers"
    );

    // Blind review: reviewer1 goes first.
    let form = reviewer1
        .get(&format!("/applications/{farah}/review"))
        .await;
    assert!(form.body.contains("id=\"review-form\""), "{}", form.body);
    let area = area_key(&form);
    let sent = reviewer1
        .post(
            &format!("/applications/{farah}/review/submit"),
            &[
                ("recommendation", "endorse"),
                ("comments", "Solid reflective practice"),
                (area.as_str(), "on"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let reviews = store
        .reviews(ApplicationId(farah), round)
        .await
        .expect("reviews");
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].reviewer, reviewer1_id);
    assert_eq!(reviews[0].comments, "Solid reflective practice");
    let areas = reviews[0].checklist["areas"]
        .as_array()
        .expect("areas list");
    assert_eq!(
        areas,
        &vec![serde_json::Value::String(
            area.trim_start_matches("area:").to_string()
        )]
    );
    // Reviewer1 now reads their own review and has no form any more.
    let after = reviewer1
        .get(&format!("/applications/{farah}/review"))
        .await;
    assert!(after.body.contains("Solid reflective practice"));
    assert!(!after.body.contains("id=\"review-form\""));

    // A second review from the same reviewer is refused and changes nothing.
    let again = reviewer1
        .post(
            &format!("/applications/{farah}/review/submit"),
            &[
                ("recommendation", "endorse"),
                ("comments", "Changed my mind"),
            ],
        )
        .await;
    assert_ne!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert!(
        again.status == StatusCode::CONFLICT
            || again.status == StatusCode::UNPROCESSABLE_ENTITY
            || again.status == StatusCode::BAD_REQUEST,
        "second review: {} {}",
        again.status,
        again.body
    );
    let reviews = store
        .reviews(ApplicationId(farah), round)
        .await
        .expect("reviews");
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].comments, "Solid reflective practice");

    // Reviewer2 cannot read reviewer1's review before sending theirs.
    let mut reviewer2 = app.client();
    reviewer2.sign_in("reviewer2@massaimh.test").await;
    let blind = reviewer2
        .get(&format!("/applications/{farah}/review"))
        .await;
    assert_eq!(blind.status, StatusCode::OK);
    assert!(
        !blind.body.contains("Solid reflective practice"),
        "the other review shows before one's own is in"
    );
    assert!(blind.body.contains("id=\"blind-note\""), "{}", blind.body);
    assert!(blind.body.contains("id=\"review-form\""));
    let sent = reviewer2
        .post(
            &format!("/applications/{farah}/review/submit"),
            &[
                ("recommendation", "endorse"),
                ("comments", "Agree, well documented"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let open = reviewer2
        .get(&format!("/applications/{farah}/review"))
        .await;
    assert!(open.body.contains("Solid reflective practice"));
    assert!(open.body.contains("Agree, well documented"));
    assert!(!open.body.contains("id=\"blind-note\""));
    // Reviewers read; they do not decide.
    assert!(!open.body.contains("id=\"decision-form\""));
    let self_decided = reviewer2
        .post(
            &format!("/applications/{farah}/review/decide"),
            &[("recommendation", "endorse")],
        )
        .await;
    assert_eq!(self_decided.status, StatusCode::NOT_FOUND);
    assert_eq!(state_of(&app, farah).await, State::UnderReview);

    // The coordinator sees both, and that they agree.
    let coordinator_page = mass.get(&format!("/applications/{farah}/review")).await;
    assert_eq!(coordinator_page.status, StatusCode::OK);
    assert!(coordinator_page.body.contains("Solid reflective practice"));
    assert!(coordinator_page.body.contains("Agree, well documented"));
    assert!(coordinator_page.body.contains("id=\"agreement\""));
    assert!(!coordinator_page.body.contains("id=\"disagreement\""));
    assert!(coordinator_page.body.contains("id=\"decision-form\""));
    assert_eq!(
        store
            .reviews(ApplicationId(farah), round)
            .await
            .expect("reviews")
            .len(),
        2
    );
}

#[tokio::test]
async fn review_rights_on_sqlite() {
    review_rights_and_blind_review(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn review_rights_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    review_rights_and_blind_review(app).await;
}

#[tokio::test]
async fn assigned_reviewer_cannot_review_outside_review() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    // Jack was endorsed with both reviewers assigned; Isabel waits on more work.
    for email in ["jack.osei@example.org", "isabel.reyes@example.org"] {
        let id = app.application_of(email).await;
        let round = round_of(&app, id).await;
        let before = state_of(&app, id).await;
        let mut reviewer1 = app.client();
        reviewer1.sign_in("reviewer1@massaimh.test").await;
        let page = reviewer1.get(&format!("/applications/{id}/review")).await;
        assert_eq!(page.status, StatusCode::OK, "{email}");
        assert!(
            !page.body.contains("id=\"review-form\""),
            "{email}: a review form outside review"
        );
        let late = reviewer1
            .post(
                &format!("/applications/{id}/review/submit"),
                &[("recommendation", "endorse"), ("comments", "late")],
            )
            .await;
        assert_ne!(late.status, StatusCode::SEE_OTHER, "{email}: {}", late.body);
        assert!(
            store
                .reviews(ApplicationId(id), round)
                .await
                .expect("reviews")
                .is_empty(),
            "{email}: a review was stored outside review"
        );
        assert_eq!(state_of(&app, id).await, before);
    }
}

#[tokio::test]
async fn more_work_path_and_disagreement() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let elena = app.application_of("elena.morales@example.org").await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let reviewer1_id = person_id(&app, "reviewer1@massaimh.test").await;
    let reviewer2_id = person_id(&app, "reviewer2@massaimh.test").await;

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let page = coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // The demo submitted Elena with two of three reference ratings; the check says so.
    if page.body.contains("Reference ratings (2 of 3)") {
        assert!(page.body.contains("id=\"missing\""), "{}", page.body);
        complete_references(&app, "elena.morales@example.org", "ruth@example.org").await;
    }
    let page = coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    if page.body.contains("fee is not paid") {
        for invoice in store
            .invoices(ApplicationId(elena))
            .await
            .expect("invoices")
        {
            if !invoice.paid {
                let paid = coordinator
                    .post(
                        &format!("/applications/{elena}/invoices/{}/paid", invoice.id),
                        &[],
                    )
                    .await;
                assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
            }
        }
        let page = coordinator
            .get(&format!("/applications/{elena}/review"))
            .await;
        assert!(!page.body.contains("fee is not paid"), "{}", page.body);
    }
    coordinator.verify_degrees(elena).await;
    let page = coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    assert!(
        page.body.contains("Portfolio complete: start review"),
        "{}",
        page.body
    );
    let started = coordinator
        .post(
            &format!("/applications/{elena}/events"),
            &[("event", "start-review"), ("reason", "")],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    assert_eq!(state_of(&app, elena).await, State::UnderReview);
    let round = round_of(&app, elena).await;

    // The automatic plan: a dry run that saves nothing, then applied.
    let dry = coordinator.get("/staff/massaimh/assign").await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert!(dry.body.contains("Elena Morales"), "{}", dry.body);
    assert!(dry.body.contains("A dry run"));
    assert!(
        store
            .reviewers(ApplicationId(elena))
            .await
            .expect("reviewers")
            .is_empty(),
        "the dry run saved assignments"
    );
    let applied = coordinator
        .post("/staff/massaimh/assign", &[("due_on", "")])
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert!(applied.body.contains("id=\"applied\""), "{}", applied.body);
    let mut assigned = store
        .reviewers(ApplicationId(elena))
        .await
        .expect("reviewers");
    assigned.sort_by_key(|p| p.0);
    let mut both = vec![reviewer1_id, reviewer2_id];
    both.sort_by_key(|p| p.0);
    assert_eq!(assigned, both, "{}", applied.body);
    assert_eq!(
        store
            .mails_to("reviewer1@massaimh.test")
            .await
            .expect("mail")
            .iter()
            .filter(|m| m.body.contains(&format!("/applications/{elena}/review")))
            .count(),
        1,
        "reviewer1 is told once"
    );

    // Both reviewers ask for more work; resubmission opens tomorrow.
    let date = tomorrow();
    for email in ["reviewer1@massaimh.test", "reviewer2@massaimh.test"] {
        let mut reviewer = app.client();
        reviewer.sign_in(email).await;
        let form = reviewer.get(&format!("/applications/{elena}/review")).await;
        assert!(
            form.body.contains("id=\"review-form\""),
            "{email}: {}",
            form.body
        );
        let sent = reviewer
            .post(
                &format!("/applications/{elena}/review/submit"),
                &[
                    ("recommendation", "more-work"),
                    ("re_review_after", date.as_str()),
                    ("more_rsc", "on"),
                    ("comments", "Needs more RS/C hours"),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{email}: {}", sent.body);
    }
    assert_eq!(
        store
            .reviews(ApplicationId(elena), round)
            .await
            .expect("reviews")
            .len(),
        2
    );
    let page = coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    assert!(page.body.contains("id=\"agreement\""), "{}", page.body);
    assert!(!page.body.contains("id=\"disagreement\""));
    let decided = coordinator
        .post(
            &format!("/applications/{elena}/review/decide"),
            &[
                ("recommendation", "more-work"),
                ("more_rsc", "on"),
                ("re_review_after", date.as_str()),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let expected_date = (Utc::now() + Duration::days(1)).date_naive();
    assert_eq!(
        state_of(&app, elena).await,
        State::MoreWorkRequired {
            re_review_after: expected_date
        }
    );
    let mails = store
        .mails_to("elena.morales@example.org")
        .await
        .expect("mail");
    let last = mails.last().expect("a mail to Elena");
    assert_eq!(
        last.subject,
        format!("Your IFS application: More work required (resubmit from {date})")
    );
    assert_eq!(
        last.body,
        format!(
            "Hello Elena Morales,\n\nThe reviewers ask for more work before a decision.\n\nWhat is next: add it to your portfolio (see the note below); you can submit again from {date}.\n\nNote from Massachusetts Association for Infant Mental Health:\nMore RS/C, then re-review after {date}.\n\nSee your application: http://lattice.test/applications/{elena}\n"
        )
    );
    // A second decision is refused: the application is no longer under review.
    coordinator
        .get(&format!("/applications/{elena}/review"))
        .await;
    let twice = coordinator
        .post(
            &format!("/applications/{elena}/review/decide"),
            &[("recommendation", "endorse"), ("reason", "second thoughts")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(
        state_of(&app, elena).await,
        State::MoreWorkRequired { .. }
    ));

    // Elena cannot resubmit before the date.
    let mut applicant = app.client();
    applicant.sign_in("elena.morales@example.org").await;
    applicant.get(&format!("/applications/{elena}")).await;
    let early = applicant
        .post(
            &format!("/applications/{elena}/events"),
            &[("event", "submit")],
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert!(
        crate::mistakes::message_of(&early).is_some_and(|m| m.starts_with("Resubmission opens on")),
        "{}",
        early.body
    );
    assert!(early.body.contains(&date), "{}", early.body);
    assert!(matches!(
        state_of(&app, elena).await,
        State::MoreWorkRequired { .. }
    ));

    // Disagreement on Farah: the coordinator must say why.
    let farah_round = round_of(&app, farah).await;
    for (email, fields) in [
        (
            "reviewer1@massaimh.test",
            vec![("recommendation", "endorse")],
        ),
        (
            "reviewer2@massaimh.test",
            vec![
                ("recommendation", "more-work"),
                ("re_review_after", date.as_str()),
                ("more_rsc", "on"),
            ],
        ),
    ] {
        let mut reviewer = app.client();
        reviewer.sign_in(email).await;
        reviewer.get(&format!("/applications/{farah}/review")).await;
        let sent = reviewer
            .post(&format!("/applications/{farah}/review/submit"), &fields)
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{email}: {}", sent.body);
    }
    assert_eq!(
        store
            .reviews(ApplicationId(farah), farah_round)
            .await
            .expect("reviews")
            .len(),
        2
    );
    let page = coordinator
        .get(&format!("/applications/{farah}/review"))
        .await;
    assert!(page.body.contains("id=\"disagreement\""), "{}", page.body);
    assert!(!page.body.contains("id=\"agreement\""));
    let no_reason = coordinator
        .post(
            &format!("/applications/{farah}/review/decide"),
            &[("recommendation", "endorse"), ("reason", "")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("reason"), "{}", no_reason.body);
    assert_eq!(state_of(&app, farah).await, State::UnderReview);
    let reason = "The RS/C log already exceeds the requirement";
    let with_reason = coordinator
        .post(
            &format!("/applications/{farah}/review/decide"),
            &[("recommendation", "endorse"), ("reason", reason)],
        )
        .await;
    assert_eq!(
        with_reason.status,
        StatusCode::SEE_OTHER,
        "{}",
        with_reason.body
    );
    assert_eq!(state_of(&app, farah).await, State::Endorsed);
    let trail = store
        .audit_of_subject(&format!("application:{farah}"))
        .await
        .expect("audit");
    let last = trail.last().expect("audit row");
    assert_eq!(last.action, "endorse");
    assert!(last.reason.contains(reason), "{}", last.reason);
    assert_eq!(
        last.actor,
        Some(person_id(&app, "coordinator@massaimh.test").await)
    );
}

/// Blind review holds on every page: the application's history (page and API), which the
/// other reviewer and the applicant can read, must not carry a submitted recommendation.
#[tokio::test]
async fn a_recommendation_does_not_leak_through_the_history() {
    let app = TestApp::sqlite().await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let mut reviewer1 = app.client();
    reviewer1.sign_in("reviewer1@massaimh.test").await;
    reviewer1
        .get(&format!("/applications/{farah}/review"))
        .await;
    let sent = reviewer1
        .post(
            &format!("/applications/{farah}/review/submit"),
            &[
                ("recommendation", "more-work"),
                ("re_review_after", tomorrow().as_str()),
                ("more_rsc", "on"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let mut reviewer2 = app.client();
    reviewer2.sign_in("reviewer2@massaimh.test").await;
    let mut applicant = app.client();
    applicant.sign_in("farah.haddad@example.org").await;
    for (who, client) in [("reviewer2", &mut reviewer2), ("applicant", &mut applicant)] {
        let page = client.get(&format!("/applications/{farah}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.body.contains("more-work"),
            "{who} reads reviewer1's recommendation in the history: {}",
            page.body
        );
        let api = client.get(&format!("/api/applications/{farah}")).await;
        assert_eq!(api.status, StatusCode::OK);
        let json = api.json();
        let leaked: Vec<&serde_json::Value> = json["audit"]
            .as_array()
            .expect("audit")
            .iter()
            .filter(|row| row["action"] == "submit-review" && row["reason"] != "")
            .collect();
        assert!(
            leaked.is_empty(),
            "{who} reads a recommendation through the API: {leaked:?}"
        );
    }
}
