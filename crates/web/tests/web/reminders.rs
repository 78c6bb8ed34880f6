//! Reminders before deadlines (issue #5), through `reminders::send_due` at chosen times: the
//! right people get the right mail, once per trigger, not before the window, and not after
//! the thing they were reminded of was done. The reference reminders run on PostgreSQL too.
//!
//! The scenarios use days far from the demo's own dates (the demo's applications are made
//! "now"), so each one's mails are its own.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_domain::language::Language;
use lattice_store::{
    MailRow, NewMail, NewPerson, NewRaterRequest, NewRating, NewReview, SharedStore, token,
};
use lattice_web::reminders::send_due;
use serde_json::json;

use crate::support::TestApp;

const BASE: &str = "http://lattice.test";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("test time")
}

/// Nine in the morning on `date`, as the worker might run.
fn morning(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(9, 0, 0).expect("time").and_utc()
}

async fn due(store: &SharedStore, now: DateTime<Utc>) -> usize {
    send_due(store, BASE, now).await.expect("reminder pass")
}

async fn mails(store: &SharedStore, email: &str) -> Vec<MailRow> {
    store.mails_to(email).await.expect("mails")
}

/// The mails to `email` whose subject contains `marker`.
async fn mails_about(store: &SharedStore, email: &str, marker: &str) -> Vec<MailRow> {
    mails(store, email)
        .await
        .into_iter()
        .filter(|m| m.subject.contains(marker))
        .collect()
}

async fn person_id(store: &SharedStore, email: &str) -> PersonId {
    store.person_by_email(email).await.expect("person").0.id
}

/// Withdraws the rating requests the demo left waiting (its raters asked "now"), so that the
/// reminders a scenario counts are its own.
async fn withdraw_demo_requests(store: &SharedStore) {
    for association in store.associations().await.expect("associations") {
        for application in store
            .applications_of_association(association.id)
            .await
            .expect("applications")
        {
            for request in store
                .rater_requests_of(application.id)
                .await
                .expect("requests")
            {
                if request.used_at.is_none() {
                    store
                        .cancel_rater_request(request.id, Utc::now())
                        .await
                        .expect("cancel");
                }
            }
        }
    }
}

async fn submit_soon_from_thirty_days_before(app: &TestApp) {
    let store = app.state.store();
    withdraw_demo_requests(store).await;
    // The demo's Ana is confirmed and has not submitted; Elena has submitted. Both were given
    // the same intended date when the demo was made.
    let ana = ApplicationId(app.application_of("ana@example.org").await);
    let intended = store
        .application(ana)
        .await
        .expect("ana's application")
        .intended_submission
        .expect("an intended date");
    let before = mails(store, "ana@example.org").await.len();
    let marker = "planned submission";

    assert_eq!(due(store, morning(intended - Duration::days(31))).await, 0);
    assert_eq!(mails(store, "ana@example.org").await.len(), before);

    assert_eq!(due(store, morning(intended - Duration::days(30))).await, 1);
    let sent = mails_about(store, "ana@example.org", marker).await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    let mail = &sent[0];
    assert!(
        mail.subject
            .contains(&intended.format("%-d %B %Y").to_string()),
        "{}",
        mail.subject
    );
    assert!(mail.body.starts_with("Hello Ana Ruiz,"), "{}", mail.body);
    assert!(mail.body.contains("in 30 days"), "{}", mail.body);
    assert!(
        mail.body.contains(&format!("{BASE}/portfolio\n")),
        "{}",
        mail.body
    );

    // The same trigger, again the same day and later in the window: nothing new.
    assert_eq!(due(store, morning(intended - Duration::days(30))).await, 0);
    assert_eq!(due(store, morning(intended - Duration::days(3))).await, 0);
    assert_eq!(mails_about(store, "ana@example.org", marker).await.len(), 1);
    // Whoever already submitted is not told to.
    assert!(
        mails_about(store, "elena.morales@example.org", marker)
            .await
            .is_empty()
    );
}

/// A rating request from Ana's application, sent at `sent`; its token is `link`.
async fn ask_rater(
    store: &SharedStore,
    application: ApplicationId,
    rater: (&str, &str),
    link: &str,
    sent: DateTime<Utc>,
) -> i64 {
    ask_rater_in(store, application, rater, link, sent, Language::English).await
}

async fn ask_rater_in(
    store: &SharedStore,
    application: ApplicationId,
    rater: (&str, &str),
    link: &str,
    sent: DateTime<Utc>,
    language: Language,
) -> i64 {
    let (name, email) = rater;
    store
        .create_rater_request(
            &NewRaterRequest {
                application,
                entry: None,
                waived: false,
                rater_name: name.to_string(),
                rater_email: email.to_string(),
                role: "colleague".to_string(),
                token_hash: token::hash_token(link),
                created_at: sent,
                expires_at: sent + Duration::days(30),
                language,
            },
            &NewMail {
                recipient: email.to_string(),
                subject: "Ana Ruiz asks you for a rating".to_string(),
                body: format!("{BASE}/rate/{link}"),
                created_at: sent,
            },
        )
        .await
        .expect("rating request")
}

async fn references_at_seven_and_fourteen_days(app: &TestApp) {
    let store = app.state.store();
    let ana = ApplicationId(app.application_of("ana@example.org").await);
    let sent = at("2031-03-01T10:00:00Z");
    ask_rater(
        store,
        ana,
        ("Rosa Diaz", "rosa@example.org"),
        "rosa-link",
        sent,
    )
    .await;
    ask_rater(store, ana, ("Sam Obi", "sam@example.org"), "sam-link", sent).await;
    let reminder = "Reminder: a reference rating";
    let ana_hears = |rater: &'static str| mails_about(store, "ana@example.org", rater);

    // Six days: nothing yet.
    assert_eq!(due(store, sent + Duration::days(6)).await, 0);
    assert!(
        mails_about(store, "rosa@example.org", reminder)
            .await
            .is_empty()
    );

    // Sam answers on day three; Rosa does not.
    store
        .submit_rating(
            &token::hash_token("sam-link"),
            sent + Duration::days(3),
            &NewRating {
                answers: json!({}),
                not_enough_info: 0,
                comments: String::new(),
                known_since: None,
                submitted_at: sent + Duration::days(3),
            },
            None,
        )
        .await
        .expect("sam rates");

    // Day seven: Rosa and Ana hear, once.
    assert_eq!(due(store, sent + Duration::days(7)).await, 1);
    let to_rosa = mails_about(store, "rosa@example.org", reminder).await;
    assert_eq!(to_rosa.len(), 1, "{to_rosa:#?}");
    assert!(
        to_rosa[0].body.starts_with("Hello Rosa Diaz,"),
        "{}",
        to_rosa[0].body
    );
    assert!(
        to_rosa[0].body.contains("Saturday 1 March 2031"),
        "{}",
        to_rosa[0].body
    );
    assert!(
        !to_rosa[0].body.contains("/rate/") && !to_rosa[0].body.contains("rosa-link"),
        "no link, no token: {}",
        to_rosa[0].body
    );
    let to_ana = ana_hears("Rosa Diaz").await;
    assert_eq!(to_ana.len(), 1, "{to_ana:#?}");
    assert!(
        to_ana[0].body.contains("7 days later"),
        "{}",
        to_ana[0].body
    );
    assert!(
        to_ana[0]
            .body
            .contains(&format!("{BASE}/portfolio/references\n")),
        "{}",
        to_ana[0].body
    );
    // Sam's request was completed: no reminder for it, to Sam or about Sam.
    assert!(
        mails_about(store, "sam@example.org", reminder)
            .await
            .is_empty()
    );
    assert!(ana_hears("Sam Obi").await.is_empty());

    // Again the same day, and later that week: the day-7 reminder is not sent twice.
    assert_eq!(due(store, sent + Duration::days(7)).await, 0);
    assert_eq!(due(store, sent + Duration::days(10)).await, 0);
    assert_eq!(
        mails_about(store, "rosa@example.org", reminder).await.len(),
        1
    );

    // Day fourteen is a trigger of its own.
    assert_eq!(due(store, sent + Duration::days(14)).await, 1);
    assert_eq!(
        mails_about(store, "rosa@example.org", reminder).await.len(),
        2
    );
    let to_ana = ana_hears("Rosa Diaz").await;
    assert_eq!(to_ana.len(), 2, "{to_ana:#?}");
    assert!(
        to_ana[1].body.contains("14 days later"),
        "{}",
        to_ana[1].body
    );
    assert_eq!(due(store, sent + Duration::days(20)).await, 0);
    assert_eq!(
        mails_about(store, "rosa@example.org", reminder).await.len(),
        2
    );
}

async fn review_due_in_seven_days(app: &TestApp) {
    let store = app.state.store();
    // Farah's application is under review; two more reviewers get it with a due date.
    let farah = ApplicationId(app.application_of("farah.haddad@example.org").await);
    let row = store.application(farah).await.expect("farah's application");
    let coordinator = person_id(store, "coordinator@massaimh.test").await;
    let mut reviewers = Vec::new();
    for (email, name) in [
        ("rae.lindqvist@example.org", "Rae Lindqvist"),
        ("bo.mensah@example.org", "Bo Mensah"),
    ] {
        reviewers.push(
            store
                .create_person(&NewPerson {
                    email: email.to_string(),
                    name: name.to_string(),
                    password_hash: None,
                    admin: false,
                })
                .await
                .expect("reviewer"),
        );
    }
    let due_on: NaiveDate = "2031-06-15".parse().expect("date");
    let (rae, bo) = (reviewers[0], reviewers[1]);
    store
        .assign_reviewers(
            &[(farah, rae), (farah, bo)],
            Some(due_on),
            coordinator,
            at("2031-05-01T10:00:00Z"),
        )
        .await
        .expect("assigned");
    // Bo reviews early.
    store
        .submit_review(&NewReview {
            application: farah,
            round: row.review_round,
            reviewer: bo,
            association: row.association,
            recommendation: json!({"decision": "endorse"}),
            checklist: json!({}),
            comments: "Clear and complete.".to_string(),
            at: at("2031-06-01T10:00:00Z"),
            when_round_complete: None,
        })
        .await
        .expect("bo's review");
    let marker = "is due";

    assert_eq!(due(store, morning(due_on - Duration::days(8))).await, 0);
    assert!(
        mails_about(store, "rae.lindqvist@example.org", marker)
            .await
            .is_empty()
    );

    assert_eq!(due(store, morning(due_on - Duration::days(7))).await, 1);
    let to_rae = mails_about(store, "rae.lindqvist@example.org", marker).await;
    assert_eq!(to_rae.len(), 1, "{to_rae:#?}");
    assert_eq!(
        to_rae[0].subject,
        format!("Your review of application {farah} is due in 7 days")
    );
    assert!(
        to_rae[0].body.starts_with("Hello Rae Lindqvist,"),
        "{}",
        to_rae[0].body
    );
    assert!(
        to_rae[0]
            .body
            .contains(&format!("{BASE}/applications/{farah}/review\n")),
        "{}",
        to_rae[0].body
    );
    assert!(
        to_rae[0].body.contains("Sunday 15 June 2031"),
        "{}",
        to_rae[0].body
    );
    // A submitted review is not chased.
    assert!(
        mails_about(store, "bo.mensah@example.org", marker)
            .await
            .is_empty()
    );

    // Once per trigger, through the due date itself.
    assert_eq!(due(store, morning(due_on - Duration::days(7))).await, 0);
    assert_eq!(due(store, morning(due_on)).await, 0);
    assert_eq!(
        mails_about(store, "rae.lindqvist@example.org", marker)
            .await
            .len(),
        1
    );
}

/// A rater the applicant asked in Spanish is reminded in Spanish, with the date written the
/// Spanish way; a rater asked in English the same day still reads English.
async fn a_rater_asked_in_spanish_is_reminded_in_spanish(app: &TestApp) {
    let store = app.state.store();
    let ana = ApplicationId(app.application_of("ana@example.org").await);
    let sent = at("2033-03-01T10:00:00Z");
    ask_rater_in(
        store,
        ana,
        ("Lucía Pérez", "lucia@example.org"),
        "lucia-link",
        sent,
        Language::Spanish,
    )
    .await;
    ask_rater(store, ana, ("Ed Moss", "ed@example.org"), "ed-link", sent).await;

    assert_eq!(due(store, sent + Duration::days(7)).await, 2);
    let to_lucia = mails(store, "lucia@example.org").await;
    let reminder = to_lucia
        .iter()
        .find(|m| m.subject.starts_with("Recordatorio"))
        .expect("a reminder in Spanish");
    assert_eq!(
        reminder.subject,
        "Recordatorio: una evaluación de referencia para Ana Ruiz"
    );
    assert!(
        reminder
            .body
            .starts_with("Hola, Lucía Pérez:\n\nEl martes, 1 de marzo de 2033, Ana Ruiz le pidió"),
        "{}",
        reminder.body
    );
    assert!(!reminder.body.contains("lucia-link"), "{}", reminder.body);
    let to_ed = mails_about(store, "ed@example.org", "Reminder: a reference rating").await;
    assert_eq!(to_ed.len(), 1, "{to_ed:#?}");
    assert!(
        to_ed[0]
            .body
            .contains("On Tuesday 1 March 2033, Ana Ruiz asked you"),
        "{}",
        to_ed[0].body
    );
}

#[tokio::test]
async fn reminders_a_rater_asked_in_spanish_on_sqlite() {
    a_rater_asked_in_spanish_is_reminded_in_spanish(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn reminders_submit_soon_on_sqlite() {
    submit_soon_from_thirty_days_before(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn reminders_references_on_sqlite() {
    references_at_seven_and_fourteen_days(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn reminders_review_due_on_sqlite() {
    review_due_in_seven_days(&TestApp::sqlite().await).await;
}

/// The scenarios use days far apart, so they run one after another on one database.
#[tokio::test]
async fn reminders_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    submit_soon_from_thirty_days_before(&app).await;
    references_at_seven_and_fourteen_days(&app).await;
    review_due_in_seven_days(&app).await;
    a_rater_asked_in_spanish_is_reminded_in_spanish(&app).await;
}

#[tokio::test]
async fn reminders_a_late_first_pass_sends_only_the_fourteen_day_reminder() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let ana = ApplicationId(app.application_of("ana@example.org").await);
    let sent = at("2031-03-01T10:00:00Z");
    ask_rater(
        store,
        ana,
        ("Rosa Diaz", "rosa@example.org"),
        "rosa-link",
        sent,
    )
    .await;
    let reminder = "Reminder: a reference rating";

    // The worker first looks on day fifteen (it was down, or reminders just came in): one
    // reminder, not two in the same minute.
    assert_eq!(due(store, sent + Duration::days(15)).await, 1);
    let to_rosa = mails_about(store, "rosa@example.org", reminder).await;
    assert_eq!(to_rosa.len(), 1, "{to_rosa:#?}");
    let to_ana = mails_about(store, "ana@example.org", "Rosa Diaz").await;
    assert_eq!(to_ana.len(), 1, "{to_ana:#?}");
    assert!(
        to_ana[0].body.contains("15 days later"),
        "{}",
        to_ana[0].body
    );
    // The passed-over day-7 reminder is recorded too: it never comes later.
    assert_eq!(due(store, sent + Duration::days(16)).await, 0);
    assert_eq!(
        mails_about(store, "rosa@example.org", reminder).await.len(),
        1
    );
}

/// The wiring: a server's mail worker finds a due reminder on its own and delivers it.
#[tokio::test]
async fn reminders_go_out_from_the_running_worker() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let ana = ApplicationId(app.application_of("ana@example.org").await);
    ask_rater(
        &store,
        ana,
        ("Rosa Diaz", "rosa@example.org"),
        "rosa-link",
        Utc::now() - Duration::days(8),
    )
    .await;

    let data = tempfile::tempdir().expect("dir");
    let config = lattice_web::Config::load(
        None,
        [
            ("LATTICE_BIND", "127.0.0.1:0".to_string()),
            ("LATTICE_DATA_DIR", data.path().display().to_string()),
            ("LATTICE_BASE_URL", BASE.to_string()),
            ("LATTICE_MAIL_POLL_MS", "50".to_string()),
            ("LATTICE_REMINDER_INTERVAL", "1h".to_string()),
        ]
        .map(|(k, v)| (k.to_string(), v)),
    )
    .expect("config");
    let server = lattice_web::Application::build_with_store(config, store.clone())
        .await
        .expect("build");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run_until_stopped(async {
        let _ = stopped.await;
    }));
    // The first pass runs at start; wait (bounded) for its mail to be delivered.
    let mut delivered = Vec::new();
    for _ in 0..200 {
        delivered = mails_about(&store, "rosa@example.org", "Reminder: a reference rating")
            .await
            .into_iter()
            .filter(|m| m.status == lattice_store::MailStatus::Sent)
            .collect();
        if !delivered.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    running.await.expect("server task").expect("server ran");
    assert_eq!(delivered.len(), 1, "the day-7 reminder reached the rater");
    let files = std::fs::read_dir(data.path().join("mail"))
        .expect("mail dir")
        .count();
    assert!(files >= 1, "written by the file backend");
}

/// A member hears a month before their membership ends, once, and not after it is renewed.
#[tokio::test]
async fn reminders_a_membership_ending_within_a_month() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    withdraw_demo_requests(store).await;
    let ben = person_id(store, "ben.carter@example.org").await;
    let today = Utc::now().date_naive();
    let ends = today + Duration::days(40);
    crate::support::record_membership(store, ben, "massaimh", &ends.to_string()).await;
    let marker = "membership ends";
    // 31 days before: nothing; 30 days before: the reminder, once.
    due(store, morning(ends - Duration::days(31))).await;
    assert!(
        mails_about(store, "ben.carter@example.org", marker)
            .await
            .is_empty()
    );
    due(store, morning(ends - Duration::days(30))).await;
    let sent = mails_about(store, "ben.carter@example.org", marker).await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(
        sent[0].subject,
        "Your Massachusetts Association for Infant Mental Health membership ends in 30 days"
    );
    assert!(
        sent[0].body.contains("/portfolio#membership"),
        "{}",
        sent[0].body
    );
    due(store, morning(ends - Duration::days(10))).await;
    assert_eq!(
        mails_about(store, "ben.carter@example.org", marker)
            .await
            .len(),
        1
    );
    // Renewed: a later record; the old one's end earns nothing more, the new one is far off.
    let renewed = ends + Duration::days(365);
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    store
        .record_membership(
            &lattice_store::NewMembership {
                person: ben,
                association,
                member_number: "T-renewed".to_string(),
                kind: "individual".to_string(),
                starts_on: today,
                ends_on: renewed,
                recorded_by: None,
                recorded_at: Utc::now(),
            },
            &lattice_store::NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(association),
                subject: format!("person:{}", ben.0),
                action: "record-membership".to_string(),
                reason: "renewed".to_string(),
            },
        )
        .await
        .expect("renewed");
    due(store, morning(ends)).await;
    assert_eq!(
        mails_about(store, "ben.carter@example.org", marker)
            .await
            .len(),
        1
    );
}
