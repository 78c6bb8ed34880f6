//! Keeping an endorsement: the renewal page reads the same engine as `lattice renewal`, the
//! renewal is refused until everything is in, then extends good standing; endorsements past
//! their good standing lapse and leave the registry; a lapsed one is reinstated by review.

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use lattice_domain::endorsement::Status;
use lattice_domain::ids::PersonId;
use lattice_store::{NewEndorsement, NewPerson, Section, SharedStore};
use serde_json::json;

use crate::support::TestApp;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// An endorsee of MassAIMH endorsed in 2024, good through the end of 2026: this year's
/// renewal is theirs to hand in.
async fn endorsee(app: &TestApp, email: &str, valid_through: NaiveDate) -> (PersonId, i64) {
    let store = app.state.store();
    let hash = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .1;
    let person = store
        .create_person(&NewPerson {
            email: email.to_string(),
            name: "Rena Walsh".to_string(),
            password_hash: hash,
            admin: false,
        })
        .await
        .expect("person");
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    let id = store
        .add_endorsement(&NewEndorsement {
            person,
            association,
            abbreviation: "MassAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: "Rena Walsh, MSW, IMH-E®".to_string(),
            title_line: "Infant Family Specialist".to_string(),
            display_name: "Rena Walsh".to_string(),
            city: "Boston".to_string(),
            region: "MA".to_string(),
            endorsed_on: day(2024, 6, 1),
            valid_through,
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    (person, id)
}

async fn complete_the_year(store: &SharedStore, person: PersonId) {
    let training = json!({"title": "Attachment across cultures", "provider": "MassAIMH",
        "date": "2026-03-10", "hours": 16, "kind": "workshop", "conference": null,
        "competencies": ["attachment-separation-trauma-grief-loss", "cultural-competence"],
        "population": "infant-toddler", "topics": []});
    store
        .add_entry(person, Section::Trainings, &training)
        .await
        .expect("training");
    store
        .set_portfolio_meta(
            person,
            &json!({
                "agreements": {"code_of_ethics": "2026-02-01", "endorsement_agreement": "2024-05-01"},
            }),
        )
        .await
        .expect("meta");
    crate::support::record_membership(store, person, "massaimh", "2027-06-30").await;
}

#[tokio::test]
async fn a_renewal_is_refused_until_complete_then_extends_good_standing() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let (person, id) = endorsee(&app, "rena@example.org", day(2026, 12, 31)).await;
    let mut rena = app.client();
    rena.sign_in("rena@example.org").await;
    let page = rena.get("/renewal").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Massachusetts"), "{}", page.body);
    assert!(page.body.contains("2026"), "{}", page.body);
    assert!(
        !page.body.contains("Hand in my 2026 renewal"),
        "{}",
        page.body
    );
    let early = rena.post("/renewal/massaimh/2026", &[]).await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert!(
        crate::mistakes::message_of(&early)
            .is_some_and(|m| m.starts_with("Not everything is in yet: ")),
        "{}",
        early.body
    );

    complete_the_year(store, person).await;
    let page = rena.get("/renewal").await;
    assert!(
        page.body.contains("Hand in my 2026 renewal"),
        "{}",
        page.body
    );
    let done = rena.post("/renewal/massaimh/2026", &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = rena.get("/renewal").await;
    assert!(
        page.body
            .contains("Renewed for 2026: good through 2027-12-31"),
        "{}",
        page.body
    );
    let row = store.endorsement(id).await.expect("row");
    assert_eq!(row.valid_through, day(2027, 12, 31));
    assert_eq!(row.status, Status::Active);
    let again = rena.post("/renewal/massaimh/2026", &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("already handed in"), "{}", again.body);
    let mails = store.mails_to("rena@example.org").await.expect("mails");
    assert!(
        mails.iter().any(|m| m.subject == "Your 2026 renewal"),
        "{mails:?}"
    );
    // Someone else cannot renew for her, and she cannot renew where she holds nothing.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    assert_eq!(
        ana.post("/renewal/massaimh/2026", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        rena.post("/renewal/nmaimh/2026", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unrenewed_endorsements_lapse_then_are_reinstated_by_review() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let yesterday = Utc::now().date_naive() - Duration::days(1);
    let (_, id) = endorsee(&app, "rena@example.org", yesterday).await;
    let number = store.endorsement(id).await.expect("row").credential_number;
    let mut public = app.client();
    assert!(
        public.get("/api/registry?name=walsh").await.json()["result_count"]
            .as_u64()
            .expect("count")
            >= 1
    );

    // The worker's pass lapses it, mails her, and the registry no longer lists her.
    let (lapsed, _) = lattice_web::lifecycle::run_pass(
        &store,
        app.state.catalog(),
        "http://lattice.test",
        Utc::now(),
    )
    .await
    .expect("pass");
    assert_eq!(lapsed, 1);
    let row = store.endorsement(id).await.expect("row");
    assert_eq!(row.status, Status::Lapsed);
    // The worker's change reaches this server's in-memory registry within a second; tell it now.
    app.state.registry().invalidate().await;
    let listed = public.get("/api/registry?name=walsh").await.json();
    assert!(
        !listed["results"]
            .as_array()
            .expect("results")
            .iter()
            .any(|r| r["credential_number"] == number.as_str()),
        "{listed}"
    );
    let verify = public.get(&format!("/verify/{number}")).await;
    assert!(verify.body.contains("Lapsed since"), "{}", verify.body);
    let mails = store.mails_to("rena@example.org").await.expect("mails");
    assert!(
        mails.iter().any(|m| m.subject.contains("lapsed")),
        "{mails:?}"
    );
    // A second pass lapses nothing more.
    let (again, _) = lattice_web::lifecycle::run_pass(
        &store,
        app.state.catalog(),
        "http://lattice.test",
        Utc::now(),
    )
    .await
    .expect("pass");
    assert_eq!(again, 0);

    // Reinstatement: a new application that, once endorsed, revives the same credential.
    let mut rena = app.client();
    rena.sign_in("rena@example.org").await;
    let page = rena.get("/renewal").await;
    assert!(page.body.contains("Reinstate"), "{}", page.body);
    let started = rena
        .post(&format!("/credentials/{number}/reinstate"), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let person = store
        .person_by_email("rena@example.org")
        .await
        .expect("p")
        .0
        .id;
    let application = store
        .applications_of_person(person)
        .await
        .expect("applications")
        .pop()
        .expect("application");
    assert_eq!(application.reinstates, Some(id));
    assert_eq!(application.category, "IFS");
    // Walk it to endorsement through the store, as review would, then endorse from the page.
    let coordinator = store
        .person_by_email("coordinator@massaimh.test")
        .await
        .expect("c")
        .0
        .id;
    let mut state = application.state;
    for next in [
        lattice_domain::application::State::Confirmed,
        lattice_domain::application::State::Submitted,
        lattice_domain::application::State::UnderReview,
    ] {
        store
            .transition(
                application.id,
                state,
                next,
                &lattice_store::NewAudit {
                    at: Utc::now(),
                    actor: Some(coordinator),
                    association: Some(application.association),
                    subject: format!("application:{}", application.id),
                    action: "test-walk".to_string(),
                    reason: String::new(),
                },
                &lattice_store::Effects::default(),
            )
            .await
            .expect("walk");
        state = next;
    }
    // Two reviews that agree, then the coordinator's decision from the review page.
    let lee = store
        .person_by_email("reviewer1@massaimh.test")
        .await
        .expect("lee")
        .0
        .id;
    let priya = store
        .person_by_email("reviewer2@massaimh.test")
        .await
        .expect("priya")
        .0
        .id;
    store
        .assign_reviewers(
            &[(application.id, lee), (application.id, priya)],
            None,
            coordinator,
            Utc::now(),
        )
        .await
        .expect("assign");
    let round = store
        .application(application.id)
        .await
        .expect("a")
        .review_round;
    for reviewer in [lee, priya] {
        store
            .submit_review(&lattice_store::NewReview {
                application: application.id,
                round,
                reviewer,
                association: application.association,
                recommendation: json!({"kind": "endorse"}),
                checklist: json!({"requirements": [], "areas": []}),
                comments: String::new(),
                at: Utc::now(),
                when_round_complete: None,
            })
            .await
            .expect("review");
    }
    let mut maria = app.client();
    maria.sign_in("coordinator@massaimh.test").await;
    maria
        .get(&format!("/applications/{}/review", application.id))
        .await;
    let decided = maria
        .post(
            &format!("/applications/{}/review/decide", application.id),
            &[("recommendation", "endorse"), ("reason", "")],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let revived = store.endorsement(id).await.expect("row");
    assert_eq!(revived.status, Status::Active);
    assert_eq!(revived.credential_number, number, "the same credential");
    assert!(revived.valid_through > Utc::now().date_naive());
    assert_eq!(
        store.endorsements_of_person(person).await.expect("e").len(),
        1,
        "no second endorsement"
    );
}

#[tokio::test]
async fn renewal_reminders_come_60_30_and_7_days_before_the_deadline_once_each() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    // Good through December 31, 2026, MassAIMH's deadline for the 2026 renewal.
    endorsee(&app, "rena@example.org", day(2026, 12, 31)).await;
    let at = |y, m, d| day(y, m, d).and_hms_opt(9, 0, 0).expect("time").and_utc();
    let pass = |now| {
        let store = store.clone();
        let catalog = app.state.catalog().clone();
        async move {
            lattice_web::lifecycle::run_pass(&store, &catalog, "http://lattice.test", now)
                .await
                .expect("pass")
                .1
        }
    };
    let mails = || async {
        store
            .mails_to("rena@example.org")
            .await
            .expect("mails")
            .into_iter()
            .filter(|m| m.subject.contains("renewal is due"))
            .count()
    };
    assert_eq!(
        pass(at(2026, 10, 31)).await,
        0,
        "61 days before: nothing yet"
    );
    assert_eq!(pass(at(2026, 11, 1)).await, 1, "60 days before");
    assert_eq!(
        pass(at(2026, 11, 15)).await,
        0,
        "the same trigger sends once"
    );
    assert_eq!(pass(at(2026, 12, 1)).await, 1, "30 days before");
    assert_eq!(pass(at(2026, 12, 24)).await, 1, "7 days before");
    assert_eq!(pass(at(2026, 12, 30)).await, 0);
    assert_eq!(mails().await, 3);
}

#[tokio::test]
async fn a_late_first_look_sends_one_reminder_not_three() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    endorsee(&app, "rena@example.org", day(2026, 12, 31)).await;
    let now = day(2026, 12, 26)
        .and_hms_opt(9, 0, 0)
        .expect("time")
        .and_utc();
    let (_, sent) =
        lattice_web::lifecycle::run_pass(&store, app.state.catalog(), "http://lattice.test", now)
            .await
            .expect("pass");
    assert_eq!(sent, 1);
    let due: Vec<String> = store
        .mails_to("rena@example.org")
        .await
        .expect("mails")
        .into_iter()
        .filter(|m| m.subject.contains("renewal is due"))
        .map(|m| m.body)
        .collect();
    assert_eq!(due.len(), 1, "{due:?}");
    assert!(due[0].contains("5 days from now"), "{}", due[0]);
}

#[tokio::test]
async fn moving_up_the_lattice_is_a_new_application_on_the_same_portfolio() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let person = store
        .person_by_email("jack.osei@example.org")
        .await
        .expect("jack")
        .0
        .id;
    let entries_before = store.entries(person).await.expect("entries").len();
    let mut jack = app.client();
    jack.sign_in("jack.osei@example.org").await;
    jack.get("/register").await;
    let intended = (Utc::now().date_naive() + Duration::days(60)).to_string();
    let registered = jack
        .post(
            "/register",
            &[
                ("association", "massaimh"),
                ("category", "IMHS"),
                ("intended_submission", &intended),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let applications = store.applications_of_person(person).await.expect("apps");
    assert_eq!(applications.len(), 2);
    assert_eq!(applications[1].category, "IMHS");
    // The same portfolio, now judged against Category III, and the IFS endorsement stays.
    assert_eq!(
        store.entries(person).await.expect("entries").len(),
        entries_before
    );
    let page = jack
        .get(&format!("/applications/{}", applications[1].id))
        .await;
    assert!(
        page.body.contains("Infant Mental Health Specialist"),
        "{}",
        page.body
    );
    let held = store.endorsements_of_person(person).await.expect("held");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].status, Status::Active);
}

#[tokio::test]
async fn the_yearly_pass_reaches_every_endorsee_once_page_by_page_on_sqlite() {
    yearly_pass_reaches_every_endorsee_once(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_yearly_pass_reaches_every_endorsee_once_page_by_page_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    yearly_pass_reaches_every_endorsee_once(app).await;
}

/// More endorsees than one page of the yearly pass holds: each is reminded once whatever page
/// they fall in (one holds two endorsements, reminded once), the expired lapse with one notice
/// each, a second pass adds nothing, and the reminders wait behind mail somebody waits for.
async fn yearly_pass_reaches_every_endorsee_once(app: TestApp) {
    const DUE: usize = 600;
    const EXPIRED: usize = 20;
    let store = app.state.store().clone();
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    let people: Vec<NewPerson> = (0..DUE + EXPIRED)
        .map(|i| NewPerson {
            email: format!("page{i}@pass.test"),
            name: format!("Page {i}"),
            password_hash: None,
            admin: false,
        })
        .collect();
    let ids = store.add_people(&people).await.expect("people");
    let endorsement = |person: PersonId, category: &str, valid_through| NewEndorsement {
        person,
        association,
        abbreviation: "MassAIMH".to_string(),
        application: None,
        category: category.to_string(),
        name_line: "Page, IMH-E®".to_string(),
        title_line: "Infant Family Specialist".to_string(),
        display_name: "Page".to_string(),
        city: "Boston".to_string(),
        region: "MA".to_string(),
        endorsed_on: day(2024, 6, 1),
        valid_through,
        at: Utc::now(),
    };
    let mut news: Vec<NewEndorsement> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let through = if i < DUE {
                day(2026, 12, 31)
            } else {
                day(2026, 10, 15)
            };
            endorsement(*id, "IFS", through)
        })
        .collect();
    news.push(endorsement(ids[0], "IFA", day(2026, 12, 31)));
    store.add_endorsements(&news).await.expect("endorsements");

    let now = day(2026, 11, 1)
        .and_hms_opt(9, 0, 0)
        .expect("time")
        .and_utc();
    let pass = || lattice_web::lifecycle::run_pass(&store, app.state.catalog(), "http://x", now);
    let (lapsed, reminded) = pass().await.expect("pass");
    assert!(lapsed >= EXPIRED, "{lapsed}");
    assert!(reminded >= DUE, "{reminded}");
    for (i, person) in people.iter().enumerate() {
        let mails = store.mails_to(&person.email).await.expect("mails");
        let due = mails
            .iter()
            .filter(|m| m.subject.contains("is due"))
            .count();
        let notices = mails
            .iter()
            .filter(|m| m.subject.contains("lapsed"))
            .count();
        let expected = if i < DUE { (1, 0) } else { (0, 1) };
        assert_eq!((due, notices), expected, "{}", person.email);
    }
    assert_eq!(
        pass().await.expect("again"),
        (0, 0),
        "a second pass adds nothing"
    );

    // A confirmation queued after all that still goes out first.
    let waited = store
        .enqueue_mail(&lattice_store::NewMail {
            recipient: "page0@pass.test".to_string(),
            subject: "Your 2026 renewal".to_string(),
            body: "Received.".to_string(),
            created_at: now,
        })
        .await
        .expect("mail");
    let first = store
        .claim_due_mail(Utc::now(), Utc::now() + Duration::minutes(2), 1, 1)
        .await
        .expect("claim");
    assert_eq!(first.iter().map(|m| m.id).collect::<Vec<_>>(), [waited]);
}
