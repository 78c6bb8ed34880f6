//! Mail templates with a preview (issue #21 item 2): MassAIMH's coordinator words the rating
//! request, previews it with sample values (escaped), is refused an unknown placeholder and a
//! body without the link (each naming the field), saves it (audited); Ana's next rating request
//! goes out in that wording and its link still opens the rating form; "Restore the default"
//! brings the built-in wording back. Every other mail the association words (the rater's
//! reminder, the renewal reminder, the lapse notice, the imported applicant's invitation) goes
//! out in the built-in wording until it saves its own, then in its own, and the SMTP relay
//! receives that. Other associations' staff get 404. Both backends.

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use lattice_store::{NewEndorsement, NewPerson};
use lattice_web::mail::{Mailer, deliver_due};

use crate::applicant_import::{portfolio, upload_and_apply};
use crate::support::{Client, Sink, TestApp};

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
const WORDINGS: [(&str, &str, &str); 4] = [
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
];

/// An endorsee of MassAIMH good through `valid_through`.
async fn endorsee(app: &TestApp, name: &str, email: &str, valid_through: NaiveDate) {
    let store = app.state.store();
    let hash = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .1;
    let person = store
        .create_person(&NewPerson {
            email: email.to_string(),
            name: name.to_string(),
            password_hash: hash,
            admin: false,
        })
        .await
        .expect("person");
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

/// The one mail to `to` whose subject starts with `subject`, from the outbox.
async fn one_mail(app: &TestApp, to: &str, subject: &str) -> lattice_store::MailRow {
    let mut mails: Vec<_> = app
        .state
        .store()
        .mails_to(to)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.subject.starts_with(subject))
        .collect();
    assert_eq!(mails.len(), 1, "{to}: {subject}: {mails:?}");
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
    let mass = "Massachusetts Association for Infant Mental Health";

    send_each(&app, &mut coordinator, &mut ana, "a").await;
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
