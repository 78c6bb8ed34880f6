//! Agreement texts as versioned documents (issue #21 item 2): MassAIMH's coordinator publishes
//! a second version of the Code of Ethics; Ana Ruiz, who signed version 1 (the built-in
//! wording, before texts had versions), is told so, reads the new text and signs version 2;
//! her coordinator's evidence page and her summary say version 2 and link its text. Refusals
//! name the field, publishing is audited, and other associations' staff get 404.

use axum::http::StatusCode;
use lattice_domain::category::Category;
use lattice_domain::documents::AgreementKind;
use lattice_domain::engine::check;
use lattice_domain::format::parse_portfolio;
use lattice_domain::report::{RequirementId, Status};

use crate::support::{Client, TestApp};

/// The agreements requirement of the applicant's exported portfolio under MassAIMH's IFS rules
/// today, as the engine judges it.
async fn agreements_status(app: &TestApp, client: &mut Client<'_>) -> Status {
    let exported = client.get("/portfolio/export.json").await;
    let portfolio = parse_portfolio(&exported.body).expect("lattice-portfolio/1");
    let today = chrono::Utc::now().date_naive();
    let profile = app
        .state
        .catalog()
        .profile("massaimh", today)
        .expect("profile");
    let category: Category = "IFS".parse().expect("category");
    let report = check(&portfolio, profile, category, today).expect("report");
    report
        .requirement(RequirementId::Agreements)
        .expect("agreements")
        .status
}

const SETTINGS: &str = "/staff/massaimh/settings/agreements";
const ANA: &str = "ana@example.org";
const COORDINATOR: &str = "coordinator@massaimh.test";
const NEW_TITLE: &str = "Code of Ethics (2027)";
/// Two paragraphs, one with markup that must be shown as text.
const NEW_BODY: &str = "I will put the relationship between infant and parent first.\r\n\r\nI will keep <script>alert(1)</script> confidences & seek reflective supervision.";

async fn a_new_version_is_published_read_and_signed(app: TestApp) {
    let today = chrono::Utc::now().date_naive().to_string();
    let mut coordinator = app.client();
    coordinator.sign_in(COORDINATOR).await;
    let before = coordinator.get(SETTINGS).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(
        before.body.contains("Code of Ethics: version 1"),
        "{}",
        before.body
    );
    assert!(
        before
            .body
            .contains(AgreementKind::CodeOfEthics.built_in_body()),
        "version 1 is the built-in wording: {}",
        before.body
    );

    // Refusals name the field and publish nothing.
    let empty = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "code_of_ethics"),
                ("title", NEW_TITLE),
                ("body", "  "),
            ],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .body
            .contains("id=\"error-code_of_ethics\">body: give the text"),
        "{}",
        empty.body
    );
    let same = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "code_of_ethics"),
                ("title", "Code of Ethics"),
                ("body", AgreementKind::CodeOfEthics.built_in_body()),
            ],
        )
        .await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        same.body
            .contains("body: this is the text of version 1 already"),
        "{}",
        same.body
    );
    let long_title = "T".repeat(201);
    let long = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "code_of_ethics"),
                ("title", &long_title),
                ("body", NEW_BODY),
            ],
        )
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.body.contains(">title: give a title"), "{}", long.body);
    let mass = app
        .state
        .store()
        .association_by_slug("massaimh")
        .await
        .expect("MassAIMH");
    assert!(
        app.state
            .store()
            .agreement_texts(mass.id, "code_of_ethics")
            .await
            .expect("texts")
            .is_empty(),
        "a refusal stores nothing"
    );

    let published = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "code_of_ethics"),
                ("title", NEW_TITLE),
                ("body", NEW_BODY),
            ],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let after = coordinator
        .get(published.location.as_deref().expect("redirect"))
        .await;
    assert!(after.body.contains("id=\"published\""), "{}", after.body);
    assert!(
        after.body.contains("Code of Ethics: version 2"),
        "{}",
        after.body
    );
    // The Endorsement Agreement is untouched.
    assert!(
        after.body.contains("Endorsement Agreement: version 1"),
        "{}",
        after.body
    );
    // Plain text, escaped, in paragraphs.
    assert!(
        after.body.contains(
            "<p>I will keep &#60;script&#62;alert(1)&#60;/script&#62; confidences &#38; seek"
        ),
        "{}",
        after.body
    );
    assert!(!after.body.contains("<script>alert(1)"));
    let history = &after.body[after
        .body
        .find("id=\"history-code_of_ethics\"")
        .expect("history")..];
    let history = &history[..history.find("</table>").expect("end")];
    assert!(
        history.contains("/a/massaimh/agreements/code_of_ethics/2\">Version 2"),
        "{history}"
    );
    assert!(
        history.contains("/a/massaimh/agreements/code_of_ethics/1\">Version 1"),
        "{history}"
    );
    assert!(history.contains("Lattice (built-in wording)"), "{history}");
    let audit = app
        .state
        .store()
        .audit_of_association(mass.id, 50)
        .await
        .expect("audit");
    let row = audit
        .iter()
        .find(|a| a.action == "publish-code-of-ethics")
        .expect("the publication is audited");
    assert!(row.reason.contains("version 2"), "{}", row.reason);
    assert!(row.actor.is_some());

    // Each version's text is public and says which is current.
    let mut visitor = app.client();
    let one = visitor.get("/a/massaimh/agreements/code_of_ethics/1").await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(
        one.body
            .contains(AgreementKind::CodeOfEthics.built_in_body())
    );
    assert!(one.body.contains("id=\"newer-version\""), "{}", one.body);
    let two = visitor.get("/a/massaimh/agreements/code_of_ethics/2").await;
    assert!(two.body.contains(NEW_TITLE) && !two.body.contains("id=\"newer-version\""));
    for missing in [
        "/a/massaimh/agreements/code_of_ethics/3",
        "/a/massaimh/agreements/privacy/1",
        "/a/nowhere/agreements/code_of_ethics/1",
    ] {
        assert_eq!(
            visitor.get(missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    // Another association's texts are its own: NMAIMH still has the built-in version only.
    let nm = visitor.get("/a/nmaimh/agreements/code_of_ethics/2").await;
    assert_eq!(nm.status, StatusCode::NOT_FOUND);

    // Ana signed before texts had versions: that reads as version 1, and she is told.
    let mut ana = app.client();
    ana.sign_in(ANA).await;
    let page = ana.get("/portfolio/agreements").await;
    assert!(
        page.body.contains("Signed 2026-09-01, version 1"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("You signed version 1; version 2 is current."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("I will put the relationship between infant and parent first.")
    );
    assert!(page.body.contains("Type your full name to sign version 2"));
    // Her older signature still counts: the engine reads the date, so the requirement stays
    // met and the application is not stopped by a publication.
    assert_eq!(agreements_status(&app, &mut ana).await, Status::Met);
    let stale = ana
        .post(
            "/portfolio/agreements",
            &[
                ("agreement", "code_of_ethics"),
                ("version", "1"),
                ("signature", "Ana Ruiz"),
            ],
        )
        .await;
    assert_eq!(
        stale.status,
        StatusCode::CONFLICT,
        "a text not read is not signed"
    );
    let signed = ana
        .post(
            "/portfolio/agreements",
            &[
                ("agreement", "code_of_ethics"),
                ("version", "2"),
                ("signature", "Ana Ruiz"),
            ],
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let page = ana.get("/portfolio/agreements").await;
    assert!(
        page.body.contains(&format!("Signed {today}, version 2")),
        "{}",
        page.body
    );
    assert!(!page.body.contains("id=\"outdated-code_of_ethics\""));

    // Stored beside the date, where lattice-portfolio/1 readers pass over it.
    let (person, _) = app.state.store().person_by_email(ANA).await.expect("Ana");
    let meta = app
        .state
        .store()
        .portfolio_meta(person.id)
        .await
        .expect("meta");
    assert_eq!(meta["agreements"]["code_of_ethics"], today.as_str());
    assert_eq!(meta["agreements"]["code_of_ethics_version"], 2);
    assert_eq!(meta["agreements"]["code_of_ethics_association"], "massaimh");
    let exported = ana.get("/portfolio/export.json").await;
    assert_eq!(exported.json()["agreements"]["code_of_ethics_version"], 2);
    let parsed = parse_portfolio(&exported.body).expect("still lattice-portfolio/1");
    assert_eq!(
        parsed.agreements.code_of_ethics.map(|d| d.to_string()),
        Some(today.clone())
    );
    let signing = app
        .state
        .store()
        .audit_of_subject(&format!("person:{}", person.id))
        .await
        .expect("audit");
    assert!(
        signing
            .iter()
            .any(|a| a.action == "sign-code-of-ethics" && a.reason.contains("version 2")),
        "{signing:?}"
    );

    // Her judges see which version she signed and open its text.
    let application = app.application_of(ANA).await;
    let evidence = coordinator
        .get(&format!("/applications/{application}/evidence"))
        .await;
    assert_eq!(evidence.status, StatusCode::OK, "{}", evidence.body);
    assert!(
        evidence.body.contains(&format!(
            "id=\"signed-code_of_ethics\" class=\"chip chip-met\">Signed {today}, <a href=\"/a/massaimh/agreements/code_of_ethics/2\">version 2</a>"
        )),
        "{}",
        evidence.body
    );
    assert!(
        evidence.body.contains(
            "id=\"signed-endorsement_agreement\" class=\"chip chip-met\">Signed 2026-09-01, <a href=\"/a/massaimh/agreements/endorsement_agreement/1\">version 1</a></span>"
        ),
        "{}",
        evidence.body
    );
    let summary = ana.get("/portfolio/summary").await;
    assert!(
        summary
            .body
            .contains(&format!("Code of Ethics: {today}, version 2")),
        "{}",
        summary.body
    );

    // A newer version again: the judges see that the signed one is no longer current.
    coordinator.get(SETTINGS).await;
    let third = coordinator
        .post(
            SETTINGS,
            &[
                ("kind", "code_of_ethics"),
                ("title", NEW_TITLE),
                ("body", "Version three."),
            ],
        )
        .await;
    assert_eq!(third.status, StatusCode::SEE_OTHER);
    let evidence = coordinator
        .get(&format!("/applications/{application}/evidence"))
        .await;
    assert!(
        evidence
            .body
            .contains("version 2</a> (version 3 is current)"),
        "{}",
        evidence.body
    );
}

#[tokio::test]
async fn a_new_version_is_published_read_and_signed_on_sqlite() {
    a_new_version_is_published_read_and_signed(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_new_version_is_published_read_and_signed_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_new_version_is_published_read_and_signed(app).await;
    }
}

/// Only the association's coordinator (or the Alliance administrator) reaches its texts.
#[tokio::test]
async fn other_associations_staff_and_reviewers_get_404() {
    let app = TestApp::sqlite().await;
    for who in ["coordinator@nmaimh.test", "reviewer1@massaimh.test", ANA] {
        let mut client = app.client();
        client.sign_in(who).await;
        let page = client.get(SETTINGS).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{who}");
        client.get("/portfolio").await;
        let post = client
            .post(
                SETTINGS,
                &[
                    ("kind", "code_of_ethics"),
                    ("title", "Mine"),
                    ("body", "Forged."),
                ],
            )
            .await;
        assert_eq!(post.status, StatusCode::NOT_FOUND, "{who}");
    }
    let mut admin = app.client();
    admin.sign_in("admin@alliance.test").await;
    assert_eq!(admin.get(SETTINGS).await.status, StatusCode::OK);
    let mass = app
        .state
        .store()
        .association_by_slug("massaimh")
        .await
        .expect("MassAIMH");
    assert!(
        app.state
            .store()
            .agreement_texts(mass.id, "code_of_ethics")
            .await
            .expect("texts")
            .is_empty()
    );
}
