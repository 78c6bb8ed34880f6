//! Mail templates with a preview (issue #21 item 2): MassAIMH's coordinator words the rating
//! request, previews it with sample values (escaped), is refused an unknown placeholder and a
//! body without the link (each naming the field), saves it (audited); Ana's next rating request
//! goes out in that wording and its link still opens the rating form; "Restore the default"
//! brings the built-in wording back. The renewal reminder of the yearly pass uses the
//! association's wording too. Other associations' staff get 404.

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use lattice_store::{NewEndorsement, NewPerson};

use crate::support::TestApp;

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

/// The yearly pass reminds MassAIMH's endorsee in MassAIMH's wording.
#[tokio::test]
async fn the_renewal_reminder_uses_the_associations_wording() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let mut coordinator = app.client();
    coordinator.sign_in(COORDINATOR).await;
    coordinator.get(SETTINGS).await;
    let saved = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "renewal-reminder"),
                ("action", "save"),
                ("subject", "{association}: renew for {year}"),
                (
                    "body",
                    "Renew by {deadline}, {days_left} days from now: {link}",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let hash = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .1;
    let person = store
        .create_person(&NewPerson {
            email: "rena@example.org".to_string(),
            name: "Rena Walsh".to_string(),
            password_hash: hash,
            admin: false,
        })
        .await
        .expect("person");
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    store
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
            valid_through: day(2026, 12, 31),
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    let now = day(2026, 12, 26)
        .and_hms_opt(9, 0, 0)
        .expect("time")
        .and_utc();
    let (_, sent) =
        lattice_web::lifecycle::run_pass(&store, app.state.catalog(), "http://lattice.test", now)
            .await
            .expect("pass");
    assert_eq!(sent, 1);
    let mails = store.mails_to("rena@example.org").await.expect("mails");
    let reminder = mails
        .iter()
        .find(|m| m.subject.contains("renew for"))
        .unwrap_or_else(|| panic!("{mails:?}"));
    assert_eq!(
        reminder.subject,
        "Massachusetts Association for Infant Mental Health: renew for 2026"
    );
    assert_eq!(
        reminder.body,
        "Renew by 2026-12-31, 5 days from now: http://lattice.test/renewal"
    );
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
