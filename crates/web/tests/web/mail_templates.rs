//! Mail templates with a preview (issue #21 item 2): MassAIMH's coordinator words the rating
//! request, previews it with sample values (escaped), is refused an unknown placeholder and a
//! body without the link (each naming the field), saves it (audited); Ana's next rating request
//! goes out in that wording and its link still opens the rating form; "Restore the default"
//! brings the built-in wording back. Every other mail the association words (`WORDINGS`: the
//! rater's reminder; the renewal reminder, receipts on time and late, completion, lapse notice
//! and reinstatement; the imported applicant's invitation, the portfolio's receipt, the request
//! for another transcript, more work required and the endorsement) goes out in the built-in
//! wording until it saves its own, then in its own, and the SMTP relay receives that. Other
//! associations' staff get 404. Both backends.

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use lattice_domain::application::State as Stage;
use lattice_domain::ids::PersonId;
use lattice_store::{Effects, NewApplication, NewAudit, NewEndorsement, NewReview};
use lattice_web::mail::{Mailer, deliver_due};

use crate::applicant_import::{portfolio, upload_and_apply};
use crate::support::{Client, Sink, TestApp, person_with_demo_password};

const SETTINGS: &str = "/staff/massaimh/settings/mail";
const COORDINATOR: &str = "coordinator@massaimh.test";
const SUBJECT: &str = "A reference for {applicant_name}, please";
const BODY: &str = "Dear {rater_name},\n\n{applicant_name} asks for your rating as their {role} for the {association} Endorsement <b>now</b>.\n\nRate here within {link_days} days: {link}\n\nWith thanks, the MassAIMH team\n";

async fn a_saved_template_words_the_next_rating_request(app: TestApp) {
    let store = app.state.store().clone();
    let mass = store
        .association_by_slug("massaimh")
        .await
        .expect("MassAIMH");
    let mut coordinator = app.client();
    coordinator.sign_in(COORDINATOR).await;
    let page = coordinator.get(SETTINGS).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("id=\"using-rating-request\">Sent now: The built-in wording")
    );

    // Refusals name the field, keep what was typed and save nothing.
    let unknown = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "rating-request"),
                ("action", "save"),
                ("subject", "Hello {nickname}"),
                ("body", BODY),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body.contains(
            "id=\"error-rating-request\">subject: {nickname} is not a placeholder of this mail"
        ),
        "{}",
        unknown.body
    );
    assert!(unknown.body.contains("value=\"Hello {nickname}\""));
    let no_link = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "rating-request"),
                ("action", "preview"),
                ("subject", SUBJECT),
                ("body", "Dear {rater_name}, please rate {applicant_name}."),
            ],
        )
        .await;
    assert_eq!(no_link.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_link
            .body
            .contains("id=\"error-rating-request\">body: must contain {link}"),
        "{}",
        no_link.body
    );
    // The renewal reminder has no rater.
    let wrong_mail = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "renewal-reminder"),
                ("action", "save"),
                ("subject", "Renew"),
                ("body", "Dear {rater_name}: {link}"),
            ],
        )
        .await;
    assert!(
        wrong_mail
            .body
            .contains("id=\"error-renewal-reminder\">body: {rater_name} is not a placeholder"),
        "{}",
        wrong_mail.body
    );
    assert!(
        store
            .mail_template(mass.id, "rating-request")
            .await
            .is_err(),
        "nothing saved"
    );

    // The preview fills sample values and shows markup as text; it saves nothing.
    let preview = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "rating-request"),
                ("action", "preview"),
                ("subject", SUBJECT),
                ("body", BODY),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains(
            "id=\"preview-subject-rating-request\">A reference for Ana Ruiz, please</span>"
        ),
        "{}",
        preview.body
    );
    assert!(
        preview
            .body
            .contains("Dear Dana Lee,\n\nAna Ruiz asks for your rating as their program supervisor for the MassAIMH Endorsement &#60;b&#62;now&#60;/b&#62;."),
        "{}",
        preview.body
    );
    assert!(
        preview
            .body
            .contains("Rate here within 30 days: https://lattice.example/rate/SAMPLE")
    );
    assert!(
        store
            .mail_template(mass.id, "rating-request")
            .await
            .is_err()
    );

    let saved = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "rating-request"),
                ("action", "save"),
                ("subject", SUBJECT),
                ("body", BODY),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = coordinator
        .get(saved.location.as_deref().expect("redirect"))
        .await;
    assert!(
        page.body.contains("Sent now: Your wording, saved"),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"restore-rating-request\""));
    let audit = store
        .audit_of_association(mass.id, 50)
        .await
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|a| a.action == "save-mail-template" && a.reason.starts_with("rating-request")),
        "{audit:?}"
    );

    // Ana's next rating request is sent in MassAIMH's wording, and its link works.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/references").await;
    let asked = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Dr. Ruth Ames"),
                ("email", "ruth@example.org"),
                ("role", "program-supervisor"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let mails = store.mails_to("ruth@example.org").await.expect("outbox");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "A reference for Ana Ruiz, please");
    assert!(
        mails[0].body.starts_with(
            "Dear Dr. Ruth Ames,\n\nAna Ruiz asks for your rating as their program supervisor for the Massachusetts Association for Infant Mental Health Endorsement <b>now</b>.\n\nRate here within 30 days: http://lattice.test/rate/"
        ),
        "{}",
        mails[0].body
    );
    let link = app.link_in_mail("ruth@example.org", "/rate/").await;
    let path = link.trim_start_matches("http://lattice.test");
    let mut rater = app.client();
    let form = rater.get(path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Ana Ruiz"), "{}", form.body);

    // Restored: the next request is in the built-in wording again.
    coordinator.get(SETTINGS).await;
    let restored = coordinator
        .post(
            SETTINGS,
            &[("kind", "rating-request"), ("action", "restore")],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    assert!(
        store
            .mail_template(mass.id, "rating-request")
            .await
            .is_err()
    );
    let audit = store
        .audit_of_association(mass.id, 50)
        .await
        .expect("audit");
    assert!(audit.iter().any(|a| a.action == "restore-mail-template"));
    ana.get("/portfolio/references").await;
    ana.post(
        "/portfolio/references/request",
        &[
            ("name", "Dr. Sam Ortiz"),
            ("email", "sam@example.org"),
            ("role", "colleague"),
        ],
    )
    .await;
    let mails = store.mails_to("sam@example.org").await.expect("outbox");
    assert_eq!(
        mails[0].subject,
        "Ana Ruiz asks you for an Endorsement reference rating (Massachusetts Association for Infant Mental Health)"
    );
}

#[tokio::test]
async fn a_saved_template_words_the_next_rating_request_on_sqlite() {
    a_saved_template_words_the_next_rating_request(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_saved_template_words_the_next_rating_request_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_saved_template_words_the_next_rating_request(app).await;
    }
}

/// The wording each mail other than the rating request is saved in, (kind, subject, body):
/// short lines, so the relay gets them as written.
const WORDINGS: [(&str, &str, &str); 15] = [
    (
        "rater-reminder",
        "Still waiting: {applicant_name}",
        "Dear {rater_name}, {applicant_name} asked you on {sent_on} ({association}).",
    ),
    (
        "renewal-reminder",
        "Renew for {year} by {deadline}",
        "{association}: renew by {deadline}, {days_left} days from now: {link}",
    ),
    (
        "lapse-notice",
        "Lapsed: {credential_number}",
        "Dear {name}, your {title} lapsed. Reinstate: {link}",
    ),
    (
        "import-invitation",
        "Welcome, {name}",
        "{category}, {entries} entries; sign in as {email} after choosing a password within {link_days} days: {link}",
    ),
    (
        "portfolio-received",
        "In: {name}'s {category} portfolio",
        "{association} has it since {date}.{fee}Follow it: {link}",
    ),
    (
        "another-transcript",
        "Transcript again, {name}",
        "{degree}: {note} Upload: {link}",
    ),
    (
        "more-work-required",
        "More work for {category} by {name}",
        "From {submit_from}: {link}{note}",
    ),
    (
        "endorsed",
        "Congratulations, {name}: {category}",
        "{association} endorses you. {link}{note}",
    ),
    (
        "renewal-received",
        "Renewed for {year}, {name}",
        "{association}: good through {valid_through}.",
    ),
    (
        "late-renewal-received",
        "Late for {year}: ${fee}",
        "{name}, after {deadline}: ${fee}. {how_to_pay} Then through {valid_through}.",
    ),
    (
        "renewal-complete",
        "Complete for {year}, {name}",
        "{association}: fee recorded, good through {valid_through}.",
    ),
    (
        "exam-scheduled",
        "Sitting on {date}, {name}",
        "{category} on {date} at {time}.\n{details}Page: {link}",
    ),
    (
        "exam-moved",
        "Moved from {moved_from} to {date}",
        "{name}: now {date} at {time}. {link}",
    ),
    (
        "exam-results",
        "Results of {sat_on} for {name}",
        "{association} writes:\n{letter}",
    ),
    (
        "reinstatement-started",
        "Reinstating {credential_number} ({category})",
        "{name}, {title} lapsed {lapsed_on}, endorsed {endorsed_on}:\n{needs}\n{link}",
    ),
];

/// An endorsee of MassAIMH good through `valid_through`.
async fn endorsee(app: &TestApp, name: &str, email: &str, valid_through: NaiveDate) -> PersonId {
    let store = app.state.store();
    let person = person_with_demo_password(store, name, email).await;
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    store
        .add_endorsement(&NewEndorsement {
            person,
            association,
            abbreviation: "MassAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: format!("{name}, MSW, IMH-E®"),
            title_line: "Infant Family Specialist".to_string(),
            display_name: name.to_string(),
            city: "Boston".to_string(),
            region: "MA".to_string(),
            endorsed_on: day(2024, 6, 1),
            valid_through,
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    person
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Makes each of the four mails go out once, to addresses tagged `tag`: Ana asks a rater who
/// then stays silent for eight days; an endorsee lapses and another is reminded by the yearly
/// pass on 2026-12-26 (the renewal deadline is 2026-12-31); the coordinator imports an
/// applicant.
async fn send_each(app: &TestApp, coordinator: &mut Client<'_>, ana: &mut Client<'_>, tag: &str) {
    let store = app.state.store().clone();
    ana.get("/portfolio/references").await;
    let asked = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", &format!("Rater {tag}")),
                ("email", &format!("rater-{tag}@example.org")),
                ("role", "colleague"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    lattice_web::reminders::send_due(
        &store,
        "http://lattice.test",
        Utc::now() + Duration::days(8),
    )
    .await
    .expect("reminder pass");

    endorsee(
        app,
        &format!("Lapsing {tag}"),
        &format!("lapsing-{tag}@example.org"),
        day(2025, 12, 31),
    )
    .await;
    endorsee(
        app,
        &format!("Renewing {tag}"),
        &format!("renewing-{tag}@example.org"),
        day(2026, 12, 31),
    )
    .await;
    let pass_day = day(2026, 12, 26)
        .and_hms_opt(9, 0, 0)
        .expect("time")
        .and_utc();
    lattice_web::lifecycle::run_pass(&store, app.state.catalog(), "http://lattice.test", pass_day)
        .await
        .expect("yearly pass");

    let name = format!("Imported {tag}");
    let email = format!("imported-{tag}@example.org");
    let csv = format!(
        "name,email,category,intended_submission,portfolio\n{name},{email},IFS,,{tag}.json\n"
    );
    let files = vec![(format!("{tag}.json"), portfolio(&name, &email, 2))];
    upload_and_apply(coordinator, &csv, &files).await;
}

/// A new MassAIMH applicant in `category`, walked to review by the store (as the earlier steps
/// would) with both reviewers recommending endorsement: the coordinator's decision is what is
/// left.
async fn under_review(app: &TestApp, name: &str, email: &str, category: &str) -> i64 {
    let store = app.state.store();
    let person = person_with_demo_password(store, name, email).await;
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    let id = store
        .register_application(
            &NewApplication {
                person,
                association,
                category: category.to_string(),
                intended_submission: None,
                created_at: Utc::now(),
            },
            "test",
            &Effects::default(),
        )
        .await
        .expect("application");
    let staff =
        |email: &'static str| async move { store.person_by_email(email).await.expect(email).0.id };
    let coordinator = staff(COORDINATOR).await;
    let mut from = store.application(id).await.expect("row").state;
    for to in [Stage::Confirmed, Stage::Submitted, Stage::UnderReview] {
        walk(store, id.0, from, to).await;
        from = to;
    }
    let reviewers = [
        staff("reviewer1@massaimh.test").await,
        staff("reviewer2@massaimh.test").await,
    ];
    store
        .assign_reviewers(&reviewers.map(|r| (id, r)), None, coordinator, Utc::now())
        .await
        .expect("assign");
    let round = store.application(id).await.expect("row").review_round;
    for reviewer in reviewers {
        store
            .submit_review(&NewReview {
                application: id,
                round,
                reviewer,
                association,
                recommendation: serde_json::json!({"kind": "endorse"}),
                checklist: serde_json::json!({"requirements": [], "areas": []}),
                comments: String::new(),
                at: Utc::now(),
                when_round_complete: None,
            })
            .await
            .expect("review");
    }
    id.0
}

/// Moves an application from `from` to `to` by the store, as the step between would.
async fn walk(store: &lattice_store::SharedStore, id: i64, from: Stage, to: Stage) {
    let row = store
        .application(lattice_domain::ids::ApplicationId(id))
        .await
        .expect("row");
    store
        .transition(
            row.id,
            from,
            to,
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(row.association),
                subject: format!("application:{id}"),
                action: "test-walk".to_string(),
                reason: String::new(),
            },
            &Effects::default(),
        )
        .await
        .expect("walk");
}

/// Makes each of the application and renewal mails go out once, to people tagged `tag`
/// (after `send_each`, whose pass lapsed `lapsing-{tag}`): the coordinator asks Elena for
/// another transcript, returns her portfolio and she submits it again; the coordinator decides
/// more work for one applicant and endorses another; one endorsee renews on time, another
/// after the 2025 deadline and the coordinator records the late fee; the lapsed endorsee
/// starts reinstating; an IMHM-C applicant approved for the exam is scheduled ten days out,
/// moved to today, scored and sent the results.
async fn send_each_more(
    app: &TestApp,
    coordinator: &mut Client<'_>,
    elena: &mut Client<'_>,
    tag: &str,
) {
    let store = app.state.store().clone();
    let application = app.application_of("elena.morales@example.org").await;
    let desk = format!("/applications/{application}/review");
    let page = coordinator.get(&desk).await;
    let prefix = format!("/applications/{application}/education/");
    let at = page.body.find(&prefix).expect("a degree's form");
    let degree: String = page.body[at..].chars().take_while(|c| *c != '"').collect();
    let note = format!("Scan {tag} is cut off.");
    act(
        coordinator,
        &desk,
        &degree,
        &[("decision", "another"), ("note", &note)],
    )
    .await;
    let events = format!("/applications/{application}/events");
    let page = format!("/applications/{application}");
    act(
        coordinator,
        &page,
        &events,
        &[
            ("event", "return-incomplete"),
            ("reason", "Add the new scan"),
        ],
    )
    .await;
    act(elena, &page, &events, &[("event", "submit")]).await;

    let resubmit_from = (Utc::now().date_naive() + Duration::days(30)).to_string();
    for (who, decision, reason) in [
        ("more", "more-work", "Add the RS/C hours."),
        ("endorsed", "endorse", ""),
    ] {
        let name = format!("Decided {who} {tag}");
        let id = under_review(app, &name, &format!("{who}-{tag}@example.org"), "IFS").await;
        act(
            coordinator,
            &format!("/applications/{id}/review"),
            &format!("/applications/{id}/review/decide"),
            &[
                ("recommendation", decision),
                ("re_review_after", &resubmit_from),
                ("more_rsc", "on"),
                ("reason", reason),
            ],
        )
        .await;
    }

    for (who, valid_through, year) in [
        ("ontime", day(2026, 12, 31), 2026),
        ("late", day(2025, 12, 31), 2025),
    ] {
        let email = format!("{who}-{tag}@example.org");
        let person = endorsee(app, &format!("Renewing {who} {tag}"), &email, valid_through).await;
        crate::fee_settings::complete_the_year(&store, person, year).await;
        let mut endorsee = app.client();
        endorsee.sign_in(&email).await;
        act(
            &mut endorsee,
            "/renewal",
            &format!("/renewal/massaimh/{year}"),
            &[],
        )
        .await;
        if who == "late" {
            let renewal = store
                .renewals_of_person(person)
                .await
                .expect("renewals")
                .pop()
                .expect("the late renewal");
            assert_eq!(renewal.fee_usd, 25);
            let paid = format!("/staff/massaimh/renewals/{}/paid", renewal.id);
            act(coordinator, "/staff/massaimh", &paid, &[]).await;
        }
    }

    let lapsed = format!("lapsing-{tag}@example.org");
    let person = store.person_by_email(&lapsed).await.expect("lapsed").0.id;
    let number = store
        .endorsements_of_person(person)
        .await
        .expect("endorsements")
        .pop()
        .expect("the lapsed one")
        .credential_number;
    let mut endorsee = app.client();
    endorsee.sign_in(&lapsed).await;
    let reinstate = format!("/credentials/{number}/reinstate");
    act(&mut endorsee, &reinstate, &reinstate, &[]).await;

    let today = Utc::now().date_naive();
    let massaimh = store.association_by_slug("massaimh").await.expect("a").id;
    store
        .create_exam_window(
            massaimh,
            today,
            today + Duration::days(20),
            "Online",
            Utc::now(),
        )
        .await
        .expect("window");
    let email = format!("exam-{tag}@example.org");
    let id = under_review(app, &format!("Examinee {tag}"), &email, "IMHM-C").await;
    walk(&store, id, Stage::UnderReview, Stage::ApprovedForExam).await;
    let exam = format!("/applications/{id}/exam");
    let staff = |email: &'static str| {
        let store = store.clone();
        async move {
            store
                .person_by_email(email)
                .await
                .expect(email)
                .0
                .id
                .to_string()
        }
    };
    let (lee, priya) = (
        staff("reviewer1@massaimh.test").await,
        staff("reviewer2@massaimh.test").await,
    );
    let later = (today + Duration::days(10)).to_string();
    act(
        coordinator,
        &exam,
        &format!("{exam}/sittings"),
        &[
            ("sat_on", &later),
            ("starts_at", "09:30"),
            ("place", "MassAIMH office"),
            ("online_link", ""),
            ("instructions", ""),
            ("bring", "Photo identification"),
            ("first_scorer", &lee),
            ("second_scorer", &priya),
        ],
    )
    .await;
    let sitting = store
        .sittings(lattice_domain::ids::ApplicationId(id))
        .await
        .expect("sittings")
        .pop()
        .expect("a sitting")
        .id;
    let sittings = format!("{exam}/sittings/{sitting}");
    act(
        coordinator,
        &exam,
        &format!("{sittings}/reschedule"),
        &[
            ("sat_on", &today.to_string()),
            ("starts_at", "13:00"),
            ("place", ""),
            ("online_link", "https://meet.example.org/exam-room"),
            ("instructions", ""),
            ("bring", ""),
        ],
    )
    .await;
    act(
        coordinator,
        &exam,
        &format!("{sittings}/part1"),
        &[("wrong", "10"), ("answers", "Vignette A")],
    )
    .await;
    for scorer in ["reviewer1@massaimh.test", "reviewer2@massaimh.test"] {
        let mut client = app.client();
        client.sign_in(scorer).await;
        act(
            &mut client,
            "/scoring",
            &format!("/scoring/{sitting}"),
            &[("first", "3"), ("second", "3")],
        )
        .await;
    }
    act(coordinator, &exam, &format!("{sittings}/result"), &[]).await;
}

/// Opens `page` (for its form's token), posts `fields` to `action` and expects the redirect
/// of a change done.
async fn act(client: &mut Client<'_>, page: &str, action: &str, fields: &[(&str, &str)]) {
    client.get(page).await;
    let done = client.post(action, fields).await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{action}: {}",
        done.body
    );
}

/// The one mail to `to` whose subject starts with `subject`, from the outbox.
async fn one_mail(app: &TestApp, to: &str, subject: &str) -> lattice_store::MailRow {
    only_mail(app, to, |s| s.starts_with(subject)).await
}

/// The one mail to `to` with exactly `subject` (a late renewal's receipt and its completion
/// begin alike).
async fn titled(app: &TestApp, to: &str, subject: &str) -> lattice_store::MailRow {
    only_mail(app, to, |s| s == subject).await
}

async fn only_mail(
    app: &TestApp,
    to: &str,
    wanted: impl Fn(&str) -> bool,
) -> lattice_store::MailRow {
    let mut mails: Vec<_> = app
        .state
        .store()
        .mails_to(to)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| wanted(&m.subject))
        .collect();
    assert_eq!(mails.len(), 1, "{to}: {mails:?}");
    mails.remove(0)
}

/// Every other mail MassAIMH words: before it saves a wording each goes out in the built-in
/// one; after, in its own, filled with the real values, and that is what the SMTP relay
/// receives.
async fn each_mail_goes_out_in_the_saved_wording(app: TestApp, sink: Sink) {
    let mut coordinator = app.client();
    coordinator.sign_in(COORDINATOR).await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let mut elena = app.client();
    elena.sign_in("elena.morales@example.org").await;
    let elenas = app.application_of("elena.morales@example.org").await;
    let mass = "Massachusetts Association for Infant Mental Health";
    let today = Utc::now().date_naive();
    let resubmit_from = today + Duration::days(30);

    send_each(&app, &mut coordinator, &mut ana, "a").await;
    send_each_more(&app, &mut coordinator, &mut elena, "a").await;
    one_mail(
        &app,
        "rater-a@example.org",
        "Reminder: a reference rating for Ana Ruiz",
    )
    .await;
    let reminder = one_mail(
        &app,
        "renewing-a@example.org",
        "Your 2026 renewal is due by 2026-12-31",
    )
    .await;
    assert!(
        reminder.body.starts_with(&format!(
            "Hello,\n\nYour {mass} endorsement is renewed each year."
        )),
        "{}",
        reminder.body
    );
    let lapse = one_mail(&app, "lapsing-a@example.org", "Your endorsement has lapsed").await;
    assert!(
        lapse
            .body
            .starts_with("Hello Lapsing a,\n\nYour Infant Family Specialist endorsement (MASS"),
        "{}",
        lapse.body
    );
    assert!(
        lapse
            .body
            .ends_with("You can reinstate it: http://lattice.test/renewal\n")
    );
    let invitation = one_mail(
        &app,
        "imported-a@example.org",
        &format!("{mass} invites you to finish your application"),
    )
    .await;
    assert!(
        invitation
            .body
            .contains("(4 entries, marked as imported by the association)"),
        "{}",
        invitation.body
    );

    // The application and renewal mails, in the built-in wording: today's fixed texts.
    let elena_mail = "elena.morales@example.org";
    let transcript = one_mail(&app, elena_mail, "Please send another transcript").await;
    assert!(
        transcript.body.starts_with(
            "Hello Elena Morales,\n\nYour coordinator checked the transcript of "
        ) && transcript.body.ends_with(
            " and asks for another:\n\nScan a is cut off.\n\nUpload it on the Education page of your portfolio: http://lattice.test/portfolio/education\n"
        ),
        "{}",
        transcript.body
    );
    let received = one_mail(&app, elena_mail, "We received your IFS portfolio").await;
    assert!(
        received.body.starts_with(&format!(
            "Hello Elena Morales,\n\n{mass} received your portfolio for IFS on {today}. A copy of it as submitted is kept for the reviewers.\n"
        )) && received.body.ends_with(&format!(
            "\nYou can follow the review here: http://lattice.test/applications/{elenas}\n"
        )),
        "{}",
        received.body
    );
    let more = one_mail(
        &app,
        "more-a@example.org",
        &format!("Your IFS application: More work required (resubmit from {resubmit_from})"),
    )
    .await;
    assert!(
        more.body.starts_with(&format!(
            "Hello Decided more a,\n\nThe reviewers ask for more work before a decision.\n\nWhat is next: add it to your portfolio (see the note below); you can submit again from {resubmit_from}.\n\nNote from {mass}:\n"
        )) && more.body.contains("Add the RS/C hours.\n\nSee your application: http://lattice.test/applications/"),
        "{}",
        more.body
    );
    let endorsed = one_mail(
        &app,
        "endorsed-a@example.org",
        "Your IFS application: Endorsed",
    )
    .await;
    assert!(
        endorsed.body.starts_with(&format!(
            "Hello Decided endorsed a,\n\n{mass} endorsed you in IFS.\n\nWhat is next: your certificate and credential are on your dashboard, and you are listed in the public registry. Renew each year to keep your endorsement.\n\nSee your application: http://lattice.test/applications/"
        )),
        "{}",
        endorsed.body
    );
    let on_time = titled(&app, "ontime-a@example.org", "Your 2026 renewal").await;
    assert_eq!(
        on_time.body,
        "Hello Renewing ontime a,\n\nThank you: your renewal for 2026 is in, and your endorsement stays in good standing through 2027-12-31.\n"
    );
    let late = titled(&app, "late-a@example.org", "Your 2025 renewal").await;
    assert!(
        late.body.starts_with(
            "Hello Renewing late a,\n\nYour renewal for 2025 is in. It came after the 2025-12-31 deadline, so a $25 late fee applies; Pay the association as it asks"
        ),
        "{}",
        late.body
    );
    let complete = titled(&app, "late-a@example.org", "Your 2025 renewal is complete").await;
    assert!(
        complete.body.starts_with(
            "Hello Renewing late a,\n\nWe recorded your late fee. Your endorsement is in good standing through 20"
        ),
        "{}",
        complete.body
    );
    let reinstating = one_mail(
        &app,
        "lapsing-a@example.org",
        "Reinstating your IFS endorsement",
    )
    .await;
    assert!(
        reinstating.body.starts_with(
            "Hello Lapsing a,\n\nYou started the reinstatement of your Infant Family Specialist endorsement (MASS"
        ) && reinstating.body.ends_with(&format!(
            "send the application to {mass} from your dashboard: http://lattice.test/dashboard\n"
        )),
        "{}",
        reinstating.body
    );

    let examinee = "exam-a@example.org";
    let later = today + Duration::days(10);
    let scheduled = one_mail(
        &app,
        examinee,
        &format!("Your IMHM-C exam is scheduled for {later}"),
    )
    .await;
    assert!(
        scheduled.body.starts_with(&format!(
            "Dear Examinee a,\n\nYour IMHM-C exam is scheduled for {later} at 09:30"
        )) && scheduled.body.contains(
            "\nPlace: MassAIMH office\n\nWhat to bring:\nPhoto identification\n\nYour exam page, where you can also ask for accommodations: http://lattice.test/applications/"
        ),
        "{}",
        scheduled.body
    );
    let moved = one_mail(
        &app,
        examinee,
        &format!("Your IMHM-C exam has moved to {today}"),
    )
    .await;
    assert!(
        moved.body.starts_with(&format!(
            "Dear Examinee a,\n\nYour IMHM-C exam has moved: it was on {later}; it is now on {today} at 13:00"
        )) && moved
            .body
            .contains("\nOnline: https://meet.example.org/exam-room\n\nYour exam page"),
        "{}",
        moved.body
    );
    let results = one_mail(&app, examinee, "Your IMHM-C exam results").await;
    assert!(
        results.body.starts_with("Dear Examinee a,\n\n"),
        "{}",
        results.body
    );

    for (kind, subject, body) in WORDINGS {
        coordinator.get(SETTINGS).await;
        let saved = coordinator
            .post(
                SETTINGS,
                &[
                    ("kind", kind),
                    ("action", "save"),
                    ("subject", subject),
                    ("body", body),
                ],
            )
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{kind}: {}",
            saved.body
        );
    }
    send_each(&app, &mut coordinator, &mut ana, "b").await;
    send_each_more(&app, &mut coordinator, &mut elena, "b").await;
    let reminder = one_mail(&app, "rater-b@example.org", "Still waiting: Ana Ruiz").await;
    let asked_on = (Utc::now().date_naive()).format("%A %-d %B %Y").to_string();
    assert_eq!(
        reminder.body,
        format!("Dear Rater b, Ana Ruiz asked you on {asked_on} ({mass}).")
    );
    let renewal = one_mail(
        &app,
        "renewing-b@example.org",
        "Renew for 2026 by 2026-12-31",
    )
    .await;
    assert_eq!(
        renewal.body,
        format!("{mass}: renew by 2026-12-31, 5 days from now: http://lattice.test/renewal")
    );
    let lapse = one_mail(&app, "lapsing-b@example.org", "Lapsed: MASS").await;
    assert!(
        lapse
            .body
            .starts_with("Dear Lapsing b, your Infant Family Specialist lapsed. Reinstate: http://lattice.test/renewal"),
        "{}",
        lapse.body
    );
    let invitation = one_mail(&app, "imported-b@example.org", "Welcome, Imported b").await;
    assert!(
        invitation.body.starts_with(
            "IFS, 4 entries; sign in as imported-b@example.org after choosing a password within 14 days: http://lattice.test/reset-password?token="
        ),
        "{}",
        invitation.body
    );
    // The application and renewal mails, in MassAIMH's wording with the real values.
    let transcript = one_mail(&app, elena_mail, "Transcript again, Elena Morales").await;
    assert!(
        transcript
            .body
            .ends_with(": Scan b is cut off. Upload: http://lattice.test/portfolio/education"),
        "{}",
        transcript.body
    );
    let received = one_mail(&app, elena_mail, "In: Elena Morales's IFS portfolio").await;
    assert!(
        received
            .body
            .starts_with(&format!("{mass} has it since {today}."))
            && received.body.ends_with(&format!(
                "Follow it: http://lattice.test/applications/{elenas}"
            )),
        "{}",
        received.body
    );
    let more = one_mail(
        &app,
        "more-b@example.org",
        "More work for IFS by Decided more b",
    )
    .await;
    assert!(
        more.body.starts_with(&format!(
            "From {resubmit_from}: http://lattice.test/applications/"
        )) && more.body.contains(&format!("\nNote from {mass}:\n"))
            && more.body.ends_with("Add the RS/C hours.\n"),
        "{}",
        more.body
    );
    let endorsed = one_mail(
        &app,
        "endorsed-b@example.org",
        "Congratulations, Decided endorsed b: IFS",
    )
    .await;
    assert!(
        endorsed.body.starts_with(&format!(
            "{mass} endorses you. http://lattice.test/applications/"
        )),
        "{}",
        endorsed.body
    );
    let on_time = one_mail(
        &app,
        "ontime-b@example.org",
        "Renewed for 2026, Renewing ontime b",
    )
    .await;
    assert_eq!(on_time.body, format!("{mass}: good through 2027-12-31."));
    let late = one_mail(&app, "late-b@example.org", "Late for 2025: $25").await;
    assert!(
        late.body
            .starts_with("Renewing late b, after 2025-12-31: $25. Pay the association as it asks"),
        "{}",
        late.body
    );
    let complete = one_mail(
        &app,
        "late-b@example.org",
        "Complete for 2025, Renewing late b",
    )
    .await;
    assert!(
        complete
            .body
            .starts_with(&format!("{mass}: fee recorded, good through 20")),
        "{}",
        complete.body
    );
    let reinstating = one_mail(&app, "lapsing-b@example.org", "Reinstating MASS").await;
    assert!(
        reinstating.subject.ends_with(" (IFS)")
            && reinstating
                .body
                .starts_with("Lapsing b, Infant Family Specialist lapsed ")
            && reinstating
                .body
                .ends_with("\nhttp://lattice.test/dashboard"),
        "{}",
        reinstating.body
    );

    let examinee = "exam-b@example.org";
    let scheduled = one_mail(&app, examinee, &format!("Sitting on {later}, Examinee b")).await;
    assert!(
        scheduled
            .body
            .starts_with(&format!("IMHM-C on {later} at 09:30"))
            && scheduled.body.contains(
                ".\nPlace: MassAIMH office\n\nWhat to bring:\nPhoto identification\nPage: http://lattice.test/applications/"
            )
            && scheduled.body.ends_with("/exam"),
        "{}",
        scheduled.body
    );
    let moved = one_mail(&app, examinee, &format!("Moved from {later} to {today}")).await;
    assert!(
        moved
            .body
            .starts_with(&format!("Examinee b: now {today} at 13:00"))
            && moved.body.ends_with("/exam"),
        "{}",
        moved.body
    );
    let results = one_mail(
        &app,
        examinee,
        &format!("Results of {today} for Examinee b"),
    )
    .await;
    assert!(
        results
            .body
            .starts_with(&format!("{mass} writes:\nDear Examinee b,\n\n")),
        "{}",
        results.body
    );

    // The link works: it opens the password form.
    let link = app
        .link_in_mail("imported-b@example.org", "/reset-password?token=")
        .await;
    let mut imported = app.client();
    let form = imported
        .get(link.trim_start_matches("http://lattice.test"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);

    // What the relay receives is that mail: deliver everything due, then read the relay.
    let store = app.state.store().clone();
    let mailer = Mailer::new(&app.state.config().mail_settings()).expect("mailer");
    let from = &app.state.config().mail_from;
    let later = day(2027, 1, 1)
        .and_hms_opt(0, 0, 0)
        .expect("time")
        .and_utc();
    while deliver_due(&store, &mailer, from, later, 50)
        .await
        .expect("delivery")
        .claimed
        > 0
    {}
    let messages = sink.messages();
    for (to, subject) in [
        ("rater-b@example.org", "Still waiting: Ana Ruiz"),
        ("renewing-b@example.org", "Renew for 2026 by 2026-12-31"),
        ("lapsing-b@example.org", lapse.subject.as_str()),
        ("imported-b@example.org", "Welcome, Imported b"),
        (
            "rater-a@example.org",
            "Reminder: a reference rating for Ana Ruiz",
        ),
        ("lapsing-a@example.org", "Your endorsement has lapsed"),
        (elena_mail, transcript.subject.as_str()),
        (elena_mail, received.subject.as_str()),
        ("more-b@example.org", more.subject.as_str()),
        ("endorsed-b@example.org", endorsed.subject.as_str()),
        ("ontime-b@example.org", on_time.subject.as_str()),
        ("late-b@example.org", late.subject.as_str()),
        ("late-b@example.org", complete.subject.as_str()),
        ("lapsing-b@example.org", reinstating.subject.as_str()),
        (examinee, scheduled.subject.as_str()),
        (examinee, moved.subject.as_str()),
        (examinee, results.subject.as_str()),
        ("endorsed-a@example.org", "Your IFS application: Endorsed"),
        ("late-a@example.org", "Your 2025 renewal is complete"),
    ] {
        let received = messages
            .iter()
            .filter(|m| {
                m.contains(&format!("To: {to}\r\n"))
                    && m.contains(&format!("Subject: {subject}\r\n"))
            })
            .count();
        assert_eq!(received, 1, "{to}: {subject}");
    }
}

#[tokio::test]
async fn each_mail_goes_out_in_the_saved_wording_on_sqlite() {
    let sink_dir = tempfile::tempdir().expect("dir");
    let sink = Sink::start(sink_dir.path(), 0);
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    let app = TestApp::start(url, dir, &sink.env()).await;
    each_mail_goes_out_in_the_saved_wording(app, sink).await;
}

#[tokio::test]
async fn each_mail_goes_out_in_the_saved_wording_on_postgres() {
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    let sink_dir = tempfile::tempdir().expect("dir");
    let sink = Sink::start(sink_dir.path(), 0);
    let app = TestApp::start(url, tempfile::tempdir().expect("dir"), &sink.env()).await;
    each_mail_goes_out_in_the_saved_wording(app, sink).await;
}

#[tokio::test]
async fn other_associations_staff_get_404() {
    let app = TestApp::sqlite().await;
    for who in ["coordinator@nmaimh.test", "reviewer1@massaimh.test"] {
        let mut client = app.client();
        client.sign_in(who).await;
        assert_eq!(
            client.get(SETTINGS).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
        client.get("/dashboard").await;
        let post = client
            .post(
                SETTINGS,
                &[
                    ("kind", "rating-request"),
                    ("action", "save"),
                    ("subject", "Forged"),
                    ("body", "{link}"),
                ],
            )
            .await;
        assert_eq!(post.status, StatusCode::NOT_FOUND, "{who}");
    }
    let mass = app
        .state
        .store()
        .association_by_slug("massaimh")
        .await
        .expect("MassAIMH");
    assert!(
        app.state
            .store()
            .mail_template(mass.id, "rating-request")
            .await
            .is_err()
    );
}
