//! Applicants in progress imported by their association's coordinator (issue #21): the CSV
//! and each applicant's `lattice-portfolio/1` file in one upload, the dry run naming what of
//! each file is not taken, Apply, the invitation mail, the applicant setting a password and
//! finding the imported portfolio and the live panel; the same files again change nothing; a
//! file with bad rows names each and stores nothing. On both backends.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Page, TestApp};

const HEADER: &str = "name,email,category,intended_submission,portfolio\n";

/// The value of the hidden input `name` on the page, as the browser would post it.
fn hidden(page: &Page, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field: {}", page.body))
        + marker.len();
    let end = start + page.body[start..].find('"').expect("closing quote");
    page.body[start..end]
        .replace("&#43;", "+")
        .replace("&#x2f;", "/")
        .replace("&#61;", "=")
        .replace("&amp;", "&")
}

/// A portfolio file as an association kept it: a degree, trainings, a rating it marked
/// completed, a membership and signed agreements (the last three are not taken).
pub(crate) fn portfolio(name: &str, email: &str, trainings: usize) -> String {
    let trainings: Vec<_> = (0..trainings)
        .map(|t| {
            json!({"title": format!("Attachment seminar {t}"), "provider": "MassAIMH",
                   "date": "2024-03-02", "hours": 6, "kind": "workshop",
                   "competencies": ["attachment-separation-trauma-grief-loss"],
                   "population": "infant-toddler", "topics": []})
        })
        .collect();
    json!({
        "format": "lattice-portfolio/1",
        "person": {"name": name, "email": email},
        "education": [{"level": "masters", "degree": "MSW", "field": "Social Work",
                       "institution": "Simmons University", "completed": "2019-05-15",
                       "imh_certificate": false}],
        "trainings": trainings,
        "work": [],
        "rsc": [],
        "references": [{"role": "program-supervisor", "name": "Rita Supervisor",
                        "status": "completed", "not_enough_info": 0,
                        "completed_on": "2026-10-01"}],
        "agreements": {"code_of_ethics": "2026-09-01", "endorsement_agreement": "2026-09-01"},
        "membership": {"association": "massaimh", "valid_until": "2027-01-31"}
    })
    .to_string()
}

/// The CSV and three portfolio files.
fn files() -> (String, Vec<(String, String)>) {
    let csv = format!(
        "{HEADER}Lena Brandt,lena.brandt@example.org,IFS,2027-03-01,lena.json\n\
         Omar Haddad,omar.haddad@example.org,IMHM-C,,omar.json\n\
         Ines Moreau,Ines.Moreau@example.org,IFS,,ines.json\n"
    );
    let portfolios = vec![
        (
            "lena.json".to_string(),
            portfolio("Lena Brandt", "lena.brandt@example.org", 3),
        ),
        (
            "omar.json".to_string(),
            portfolio("Omar Haddad", "omar.haddad@example.org", 1),
        ),
        (
            "ines.json".to_string(),
            portfolio("Ines Moreau", "ines.moreau@example.org", 2),
        ),
    ];
    (csv, portfolios)
}

async fn upload(
    client: &mut crate::support::Client<'_>,
    csv: &str,
    portfolios: &[(String, String)],
) -> Page {
    client.get("/staff/massaimh/applicants").await;
    let mut parts: Vec<(&str, &str, &str)> = vec![("file", "applicants.csv", csv)];
    for (name, text) in portfolios {
        parts.push(("portfolios", name, text));
    }
    client
        .post_files("/staff/massaimh/applicants/dry-run", &parts)
        .await
}

/// The dry run of the files, then Apply, as the coordinator would click it; the answer to Apply.
pub(crate) async fn upload_and_apply(
    client: &mut crate::support::Client<'_>,
    csv: &str,
    portfolios: &[(String, String)],
) -> Page {
    let dry = upload(client, csv, portfolios).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    apply(client, &dry).await
}

/// Apply on the dry run's page: the files and digest it carries, posted back.
async fn apply(client: &mut crate::support::Client<'_>, dry: &Page) -> Page {
    let applied = client
        .post(
            "/staff/massaimh/applicants/apply",
            &[
                ("files", &hidden(dry, "files")),
                ("digest", &hidden(dry, "digest")),
            ],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    applied
}

async fn applicants_import_after_a_dry_run(app: TestApp) {
    let store = app.state.store();
    let mass = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let staff = coordinator.get("/staff/massaimh").await;
    assert!(
        staff.body.contains("href=\"/staff/massaimh/applicants\""),
        "the staff page links the import"
    );
    let template = coordinator
        .get("/staff/massaimh/applicants/template.csv")
        .await;
    assert!(
        template
            .body
            .starts_with("name,email,category,intended_submission,portfolio,language\n"),
        "{}",
        template.body
    );

    let (csv, portfolios) = files();
    let audit_before = store
        .audit_of_association(mass, 10_000)
        .await
        .expect("audit")
        .len();
    let dry = upload(&mut coordinator, &csv, &portfolios).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert!(
        dry.body
            .contains("<strong>3</strong> applicants to create (3 new accounts"),
        "{}",
        dry.body
    );
    // What only a third party may vouch for is named as left out, with why.
    for left_out in [
        "references[0].status: Rita Supervisor&#39;s rating is &#34;completed&#34; in the file",
        "membership: not taken; membership comes only from the association&#39;s records",
        "agreements: not taken; the applicant signs them on the Agreements page",
    ] {
        assert!(dry.body.contains(left_out), "{left_out}: {}", dry.body);
    }
    assert!(
        store
            .person_by_email("lena.brandt@example.org")
            .await
            .is_err(),
        "a dry run writes nothing"
    );

    let applied = apply(&mut coordinator, &dry).await;
    let location = applied.location.clone().expect("redirect");
    assert!(
        location.contains("created=3&changed=0&unchanged=0"),
        "{location}"
    );
    let result = coordinator.get(&location).await;
    assert!(
        result.body.contains("3 applicants created"),
        "{}",
        result.body
    );
    let audit_after = store
        .audit_of_association(mass, 10_000)
        .await
        .expect("audit")
        .len();
    assert_eq!(
        audit_after,
        audit_before + 4,
        "the file's audit row and each application's first"
    );

    // Lena: an invitation, a password set through its link, and her imported portfolio.
    assert_eq!(
        store
            .mails_to("lena.brandt@example.org")
            .await
            .expect("mail")
            .len(),
        1
    );
    let link = app
        .link_in_mail("lena.brandt@example.org", "/reset-password?token=")
        .await;
    let token = link.split("token=").nth(1).expect("token").to_string();
    let mut lena = app.client();
    let form = lena.get(&format!("/reset-password?token={token}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let password = "harbour violet compass";
    let set = lena
        .post(
            "/reset-password",
            &[
                ("token", &token),
                ("password", password),
                ("confirm", password),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    lena.get("/sign-in").await;
    let signed_in = lena
        .post(
            "/sign-in",
            &[
                ("email", "lena.brandt@example.org"),
                ("password", password),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    let overview = lena.get("/portfolio").await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    assert!(
        overview.body.contains("id=\"progress\""),
        "the live panel: {}",
        overview.body
    );
    assert!(overview.body.contains("3 entries"), "{}", overview.body);
    let trainings = lena.get("/portfolio/trainings").await;
    assert!(
        trainings.body.contains("Attachment seminar 2"),
        "{}",
        trainings.body
    );
    assert!(
        trainings.body.contains("Imported by")
            && trainings
                .body
                .contains("(coordinator) from the association&#39;s records"),
        "each imported entry says who brought it in: {}",
        trainings.body
    );
    let references = lena.get("/portfolio/references").await;
    assert!(
        references.body.contains("Rita Supervisor"),
        "{}",
        references.body
    );
    let (person, _) = store
        .person_by_email("lena.brandt@example.org")
        .await
        .expect("lena");
    let applications = store.applications_of_person(person.id).await.expect("apps");
    assert_eq!(applications.len(), 1);
    assert_eq!(applications[0].category, "IFS");

    // The same files again: everyone is left alone, and no second invitation goes out.
    let again = upload(&mut coordinator, &csv, &portfolios).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(
        again.body.contains("id=\"nothing-to-do\""),
        "{}",
        again.body
    );
    assert!(!again.body.contains("id=\"apply-form\""));
    assert_eq!(
        store
            .audit_of_association(mass, 10_000)
            .await
            .expect("audit")
            .len(),
        audit_after
    );
    assert_eq!(
        store
            .mails_to("omar.haddad@example.org")
            .await
            .expect("mail")
            .len(),
        1,
        "no second invitation"
    );
}

#[tokio::test]
async fn applicants_import_after_a_dry_run_on_sqlite() {
    applicants_import_after_a_dry_run(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn applicants_import_after_a_dry_run_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    applicants_import_after_a_dry_run(app).await;
}

/// The association knows which language an applicant reads (the CSV's optional `language`):
/// the invitation is written in it and the account starts in it, so the pages after the link
/// are in it too; a row without one is English. A language Lattice does not speak, or one
/// the association does not offer (NMAIMH offers English only), is refused by name.
async fn the_invitation_speaks_the_language_the_association_gave(app: TestApp) {
    let store = app.state.store();
    let association = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh");
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let csv = "name,email,category,intended_submission,portfolio,language\n\
               Lena Brandt,lena.brandt@example.org,IFS,,lena.json,es\n\
               Omar Haddad,omar.haddad@example.org,IMHM-C,,omar.json,\n";
    let portfolios = vec![
        (
            "lena.json".to_string(),
            portfolio("Lena Brandt", "lena.brandt@example.org", 2),
        ),
        (
            "omar.json".to_string(),
            portfolio("Omar Haddad", "omar.haddad@example.org", 1),
        ),
    ];
    upload_and_apply(&mut coordinator, csv, &portfolios).await;

    let lena_mail = store
        .mails_to("lena.brandt@example.org")
        .await
        .expect("mail");
    assert_eq!(lena_mail.len(), 1);
    assert_eq!(
        lena_mail[0].subject,
        format!("{} le invita a completar su solicitud", association.name)
    );
    assert!(
        lena_mail[0].body.starts_with(&format!(
            "Hola, Lena Brandt:\n\n{} trasladó sus solicitudes a Lattice e incorporó su solicitud de IFS, con el portafolio que tenía de usted (4 registros, marcados como importados por la asociación).\n\nElija su contraseña dentro de los próximos 14 días con este enlace:",
            association.name
        )),
        "{}",
        lena_mail[0].body
    );
    let omar_mail = store
        .mails_to("omar.haddad@example.org")
        .await
        .expect("mail");
    assert_eq!(
        omar_mail[0].subject,
        format!(
            "{} invites you to finish your application",
            association.name
        )
    );
    let language_of = |email: &'static str| async move {
        store
            .person_by_email(email)
            .await
            .expect("person")
            .0
            .language
    };
    assert_eq!(
        language_of("lena.brandt@example.org").await,
        Some(lattice_domain::language::Language::Spanish)
    );
    assert_eq!(language_of("omar.haddad@example.org").await, None);

    // Lena follows the link: her pages are in Spanish from the first.
    let link = app
        .link_in_mail("lena.brandt@example.org", "/reset-password?token=")
        .await;
    let token = link.split("token=").nth(1).expect("token").to_string();
    let mut lena = app.client();
    let form = lena.get(&format!("/reset-password?token={token}")).await;
    assert!(form.body.contains("<html lang=\"es\""), "{}", form.body);
    let password = "harbour violet compass";
    let set = lena
        .post(
            "/reset-password",
            &[
                ("token", &token),
                ("password", password),
                ("confirm", password),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    lena.get("/sign-in").await;
    lena.post(
        "/sign-in",
        &[
            ("email", "lena.brandt@example.org"),
            ("password", password),
            ("next", ""),
        ],
    )
    .await;
    let dashboard = lena.get("/dashboard").await;
    assert!(
        dashboard.body.contains("<html lang=\"es\""),
        "{}",
        dashboard.body
    );

    // A language Lattice does not speak is refused by name.
    let french = "name,email,category,intended_submission,portfolio,language\n\
                  Ada Good,ada.good@example.org,IFS,,ada.json,fr\n";
    let ada = vec![(
        "ada.json".to_string(),
        portfolio("Ada Good", "ada.good@example.org", 1),
    )];
    let refused = upload(&mut coordinator, french, &ada).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            "line 2, column 6 (language): &#34;fr&#34; is not a language Lattice speaks; use en or es, or leave it empty for English"
        ),
        "{}",
        refused.body
    );
    // NMAIMH offers English only: Spanish is refused there, English taken.
    let mut nm = app.client();
    nm.sign_in("coordinator@nmaimh.test").await;
    nm.get("/staff/nmaimh/applicants").await;
    let spanish_at_nm = nm
        .post_files(
            "/staff/nmaimh/applicants/dry-run",
            &[
                (
                    "file",
                    "applicants.csv",
                    "name,email,category,intended_submission,portfolio,language\n\
                     Ada Good,ada.good@example.org,IFS,,ada.json,es\n",
                ),
                ("portfolios", "ada.json", ada[0].1.as_str()),
            ],
        )
        .await;
    assert_eq!(spanish_at_nm.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        spanish_at_nm
            .body
            .contains("line 2, column 6 (language): New Mexico"),
        "{}",
        spanish_at_nm.body
    );
    assert!(
        spanish_at_nm
            .body
            .contains("does not offer Español (es); leave it empty for English"),
        "{}",
        spanish_at_nm.body
    );
    let english_at_nm = nm
        .post_files(
            "/staff/nmaimh/applicants/dry-run",
            &[
                (
                    "file",
                    "applicants.csv",
                    "name,email,category,intended_submission,portfolio,language\n\
                     Ada Good,ada.good@example.org,IFS,,ada.json,en\n",
                ),
                ("portfolios", "ada.json", ada[0].1.as_str()),
            ],
        )
        .await;
    assert_eq!(
        english_at_nm.status,
        StatusCode::OK,
        "{}",
        english_at_nm.body
    );
}

#[tokio::test]
async fn the_invitation_speaks_the_language_the_association_gave_on_sqlite() {
    the_invitation_speaks_the_language_the_association_gave(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_invitation_speaks_the_language_the_association_gave_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        the_invitation_speaks_the_language_the_association_gave(app).await;
    }
}

async fn bad_rows_are_each_named_and_nothing_is_stored(app: TestApp) {
    let store = app.state.store();
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let bad_hours =
        portfolio("Dee Bad", "dee@example.org", 1).replace("\"hours\":6", "\"hours\":-2");
    let csv = format!(
        "{HEADER}Ada Good,ada.good@example.org,IFS,,ada.json\n\
         Bea Wrong,not-an-email,IFS,,bea.json\n\
         Cal Wrong,cal@example.org,XYZ,,cal.json\n\
         Dee Bad,dee@example.org,IFS,someday,dee.json\n\
         Eve Missing,eve@example.org,IFS,,eve.json\n"
    );
    let portfolios = vec![
        (
            "ada.json".to_string(),
            portfolio("Ada Good", "ada.good@example.org", 1),
        ),
        ("bea.json".to_string(), portfolio("Bea Wrong", "", 1)),
        (
            "cal.json".to_string(),
            portfolio("Cal Wrong", "cal@example.org", 1),
        ),
        ("dee.json".to_string(), bad_hours),
    ];
    let refused = upload(&mut coordinator, &csv, &portfolios).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    for named in [
        "line 3, column 2 (email): &#34;not-an-email&#34; is not an email address",
        "line 4, column 3 (category): &#34;XYZ&#34; is not a category",
        "line 5, column 4 (intended_submission): &#34;someday&#34; is not a date",
        "line 5, column 5 (portfolio): dee.json: trainings[0].hours",
        "line 6, column 5 (portfolio): eve.json is not among the uploaded portfolio files",
    ] {
        assert!(refused.body.contains(named), "{named}: {}", refused.body);
    }
    assert!(!refused.body.contains("id=\"apply-form\""));
    assert!(
        store.person_by_email("ada.good@example.org").await.is_err(),
        "not even the good row is stored"
    );
}

#[tokio::test]
async fn bad_rows_are_each_named_and_nothing_is_stored_on_sqlite() {
    bad_rows_are_each_named_and_nothing_is_stored(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn bad_rows_are_each_named_and_nothing_is_stored_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    bad_rows_are_each_named_and_nothing_is_stored(app).await;
}

/// The Alliance administrator imports for an association without being its coordinator: the
/// import works the same, and each entry and the audit say it was the administrator, not a
/// coordinator, who brought it in.
async fn the_alliance_admin_imports_under_their_own_role(app: TestApp) {
    let store = app.state.store();
    let mass = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let mut admin = app.client();
    admin.sign_in("admin@alliance.test").await;
    let csv = format!("{HEADER}Lena Brandt,lena.brandt@example.org,IFS,,lena.json\n");
    let portfolios = vec![(
        "lena.json".to_string(),
        portfolio("Lena Brandt", "lena.brandt@example.org", 2),
    )];
    upload_and_apply(&mut admin, &csv, &portfolios).await;
    let (admin_person, _) = store
        .person_by_email("admin@alliance.test")
        .await
        .expect("admin");
    let audit = store
        .audit_of_association(mass, 10_000)
        .await
        .expect("audit");
    let row = audit
        .iter()
        .find(|row| row.action == "import-applicants")
        .expect("the import's audit row");
    assert_eq!(row.actor, Some(admin_person.id));

    let (lena, _) = store
        .person_by_email("lena.brandt@example.org")
        .await
        .expect("lena imported");
    let entries = store.entries(lena.id).await.expect("entries");
    let trainings: Vec<_> = entries
        .iter()
        .filter(|e| e.section.key() == "trainings")
        .collect();
    assert_eq!(trainings.len(), 2);
    for entry in trainings {
        assert_eq!(entry.data["imported_by"]["role"], "alliance-admin");
        assert_eq!(
            entry.data["imported_by"]["name"],
            admin_person.name.as_str()
        );
    }

    // What Lena reads on her trainings page once she has set a password.
    let link = app
        .link_in_mail("lena.brandt@example.org", "/reset-password?token=")
        .await;
    let token = link.split("token=").nth(1).expect("token").to_string();
    let mut lena = app.client();
    lena.get(&format!("/reset-password?token={token}")).await;
    let password = "harbour violet compass";
    lena.post(
        "/reset-password",
        &[
            ("token", &token),
            ("password", password),
            ("confirm", password),
        ],
    )
    .await;
    lena.get("/sign-in").await;
    let signed_in = lena
        .post(
            "/sign-in",
            &[
                ("email", "lena.brandt@example.org"),
                ("password", password),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    let page = lena.get("/portfolio/trainings").await;
    let said = format!(
        "Imported by {} (Alliance administrator) from the association&#39;s records",
        admin_person.name
    );
    assert!(page.body.contains(&said), "{said}: {}", page.body);
    assert!(!page.body.contains("(coordinator) from"), "{}", page.body);
}

#[tokio::test]
async fn the_alliance_admin_imports_under_their_own_role_on_sqlite() {
    the_alliance_admin_imports_under_their_own_role(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_alliance_admin_imports_under_their_own_role_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    the_alliance_admin_imports_under_their_own_role(app).await;
}
