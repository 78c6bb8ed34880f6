//! An association's registry imported as its coordinator does it (issue #21): the upload's
//! dry run, Apply, and the imported endorsee in the public registry and on /verify with the
//! number they already carried; another association's coordinator can neither see nor apply
//! it; a bad file is refused whole with every problem named.

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use lattice_store::Section;
use serde_json::json;

use crate::support::{Page, TestApp};

const HEADER: &str =
    "name,email,category,first_endorsed_on,valid_through,renewals,status,credential_number\n";

/// `rows` endorsees of MassAIMH's old registry, then the extra lines as given.
fn registry_file(rows: usize, extra: &[String]) -> String {
    let today = Utc::now().date_naive();
    let good = (today + Duration::days(200)).to_string();
    let mut text = String::from(HEADER);
    for i in 0..rows {
        text.push_str(&format!(
            "Endorsee {i} Zelinski,zelinski{i}@example.org,IFS,2019-06-30,{good},2023-06-30;2024-06-30,active,MA-OLD-{i:04}\n"
        ));
    }
    for line in extra {
        text.push_str(line);
        text.push('\n');
    }
    text
}

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

async fn endorsees_import_after_a_dry_run(app: TestApp) {
    let store = app.state.store();
    let mass = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let before = store
        .endorsements_of_association(mass)
        .await
        .expect("endorsements")
        .len();
    let today = Utc::now().date_naive();
    // Ben has an account already; his line uses it.
    let ben = format!(
        "Ben Carter,Ben.Carter@example.org,IMHM-C,2015-05-01,{},,active,mi 0042 b",
        today + Duration::days(100)
    );
    let file = registry_file(30, &[ben]);

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let staff = coordinator.get("/staff/massaimh").await;
    assert!(
        staff.body.contains("href=\"/staff/massaimh/endorsees\""),
        "the staff page links the import"
    );
    let page = coordinator.get("/staff/massaimh/endorsees").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let template = coordinator
        .get("/staff/massaimh/endorsees/template.csv")
        .await;
    assert!(template.body.starts_with(HEADER), "{}", template.body);

    let dry = coordinator
        .post_file(
            "/staff/massaimh/endorsees/dry-run",
            "file",
            "old-registry.csv",
            &file,
        )
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert!(
        dry.body.contains(
            "<strong>31</strong> endorsements to create (30 for people without an account"
        ),
        "{}",
        dry.body
    );
    assert!(dry.body.contains("<strong>0</strong> to change"));
    assert!(
        dry.body.contains("To create: the first 10 of 31"),
        "{}",
        dry.body
    );
    assert!(dry.body.contains("Endorsee 0 Zelinski"));
    assert!(dry.body.contains("No mail is sent"));
    assert_eq!(
        store
            .endorsements_of_association(mass)
            .await
            .expect("endorsements")
            .len(),
        before,
        "a dry run saves nothing"
    );
    let carried = [
        ("file", hidden(&dry, "file")),
        ("file_name", hidden(&dry, "file_name")),
        ("digest", hidden(&dry, "digest")),
    ];
    let fields: Vec<(&str, &str)> = carried.iter().map(|(k, v)| (*k, v.as_str())).collect();

    // Another association's coordinator can neither see the page nor apply the file.
    let mut other = app.client();
    other.sign_in("coordinator@ct-aimh.test").await;
    assert_eq!(
        other.get("/staff/massaimh/endorsees").await.status,
        StatusCode::NOT_FOUND
    );
    other.get("/staff/ct-aimh/endorsees").await;
    assert_eq!(
        other
            .post("/staff/massaimh/endorsees/apply", &fields)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        store
            .endorsements_of_association(mass)
            .await
            .expect("endorsements")
            .len(),
        before
    );

    let applied = coordinator
        .post("/staff/massaimh/endorsees/apply", &fields)
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let result = coordinator
        .get(applied.location.as_deref().expect("to the result"))
        .await;
    assert!(
        result
            .body
            .contains("31 endorsements created, 0 changed, 0 left alone; 30 new accounts."),
        "{}",
        result.body
    );
    assert!(result.body.contains("No mail was sent."));
    assert_eq!(
        store
            .endorsements_of_association(mass)
            .await
            .expect("endorsements")
            .len(),
        before + 31
    );
    let audit = store.audit_of_association(mass, 20).await.expect("audit");
    let imports: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "import-endorsees")
        .collect();
    assert_eq!(imports.len(), 1);
    assert!(
        imports[0].reason.starts_with("old-registry.csv (sha-256 ")
            && imports[0]
                .reason
                .ends_with("31 endorsements created, 0 changed, 0 left alone; 30 accounts made"),
        "{}",
        imports[0].reason
    );

    // Applying the same form again: the records changed since that dry run, so nothing is
    // applied and the new dry run says the file is all here already.
    let again = coordinator
        .post("/staff/massaimh/endorsees/apply", &fields)
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(again.body.contains("id=\"plan-changed\""), "{}", again.body);
    assert!(again.body.contains("<strong>31</strong> to leave alone"));
    assert!(again.body.contains("there is nothing to apply"));
    assert!(!again.body.contains("id=\"apply-form\""));
    assert_eq!(
        store
            .endorsements_of_association(mass)
            .await
            .expect("endorsements")
            .len(),
        before + 31
    );

    // The public finds an imported endorsee in the registry...
    let mut public = app.client();
    let found = public.get("/registry?name=zelinski").await;
    assert!(found.body.contains("30 endorsed people"), "{}", found.body);
    assert!(found.body.contains("Endorsee 1 Zelinski"), "{}", found.body);
    // ...and verifies them with the number they carried, typed as people type it.
    let typed = public.get("/verify?number=ma-old-0001").await;
    assert_eq!(typed.status, StatusCode::SEE_OTHER, "{}", typed.body);
    let ours = typed.location.clone().expect("to our number");
    let verified = public.get(&ours).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    assert!(
        verified.body.contains("Endorsee 1 Zelinski, IMH-E®"),
        "{}",
        verified.body
    );
    assert!(verified.body.contains("Active, in good standing through"));
    assert!(
        verified
            .body
            .contains("<dt>Earlier number</dt><dd><code>MA-OLD-0001</code>")
    );
    // Ben's carried number, written with spaces, leads to his own endorsement.
    let ben_typed = public.get("/verify?number=MI+0042+B").await;
    let ben_page = public
        .get(ben_typed.location.as_deref().expect("redirected"))
        .await;
    assert!(ben_page.body.contains("Ben Carter"), "{}", ben_page.body);
    // A new endorsee has an account without a password, to set through "Forgot password".
    let (_, hash) = store
        .person_by_email("zelinski1@example.org")
        .await
        .expect("account");
    assert!(hash.is_none());
}

#[tokio::test]
async fn endorsees_import_after_a_dry_run_on_sqlite() {
    endorsees_import_after_a_dry_run(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn endorsees_import_after_a_dry_run_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    endorsees_import_after_a_dry_run(app).await;
}

#[tokio::test]
async fn a_bad_endorsee_file_imports_nothing_and_names_each_cell() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mass = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let before = store
        .endorsements_of_association(mass)
        .await
        .expect("endorsements")
        .len();
    let today = Utc::now().date_naive();
    let good = today + Duration::days(30);
    let file = registry_file(
        3,
        &[
            // line 5: an unknown category
            format!("Ann Unknown,ann@example.org,IMH-X,2020-01-01,{good},,active,A-1"),
            // line 6: a bad date and a renewal not a date
            format!("Bo Date,bo@example.org,IFS,2020-13-01,{good},2023-06-30;soon,active,A-2"),
            // line 7: the email of line 2, written in capitals
            format!("Cy Twice,ZELINSKI0@example.org,IFS,2020-01-01,{good},,active,A-3"),
            // line 8: the number of line 3
            format!("Di Same,di@example.org,IFS,2020-01-01,{good},,active,ma old 0001"),
            // line 9: an active endorsement that ran out, and an unknown status after it
            "Ed Late,ed@example.org,IFS,2020-01-01,2021-06-30,,active,A-5".to_string(),
            format!("Fay Status,fay@example.org,IFS,2020-01-01,{good},,retired,A-6"),
        ],
    );
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh/endorsees").await;
    let refused = coordinator
        .post_file(
            "/staff/massaimh/endorsees/dry-run",
            "file",
            "bad.csv",
            &file,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let expected = [
        "line 5, column 3 (category): &#34;IMH-X&#34; is not a category; use one of",
        "line 6, column 4 (first_endorsed_on): &#34;2020-13-01&#34; is not a date (YYYY-MM-DD)",
        "line 6, column 6 (renewals): &#34;soon&#34; is not a date (YYYY-MM-DD; dates separated by ;)",
        "line 7, column 2 (email): ZELINSKI0@example.org is already on line 2; give each person one line",
        "line 8, column 8 (credential_number): MA-OLD-0001 is already on line 3",
        "line 9, column 5 (valid_through): an active endorsement good only through 2021-06-30 has run out",
        "line 10, column 7 (status): &#34;retired&#34; is not a status; use one of active, lapsed, inactive, emeritus, revoked",
    ];
    for message in expected {
        assert!(
            refused.body.contains(message),
            "missing {message:?} in {}",
            refused.body
        );
    }
    assert_eq!(
        refused.body.matches("<li>line ").count(),
        expected.len(),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Nothing was imported."));
    assert!(!refused.body.contains("id=\"apply-form\""));
    assert_eq!(
        store
            .endorsements_of_association(mass)
            .await
            .expect("endorsements")
            .len(),
        before
    );
    assert!(
        store
            .person_by_email("zelinski0@example.org")
            .await
            .is_err()
    );
}

/// An imported endorsee is like everyone else: they set a password through "Forgot
/// password", sign in, find their renewal and download their certificate and credential.
#[tokio::test]
async fn an_imported_endorsee_signs_in_renews_and_downloads_their_credential() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    // Endorsee 1 is due to renew this year: good through December 31.
    let year = Utc::now().date_naive().year();
    let file = registry_file(
        1,
        &[format!(
            "Endorsee 1 Zelinski,zelinski1@example.org,IFS,2019-06-30,{year}-12-31,2023-06-30;2024-06-30,active,MA-OLD-0001"
        )],
    );
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh/endorsees").await;
    let dry = coordinator
        .post_file(
            "/staff/massaimh/endorsees/dry-run",
            "file",
            "two.csv",
            &file,
        )
        .await;
    let applied = coordinator
        .post(
            "/staff/massaimh/endorsees/apply",
            &[
                ("file", &hidden(&dry, "file")),
                ("file_name", "two.csv"),
                ("digest", &hidden(&dry, "digest")),
            ],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    assert!(
        store
            .mails_to("zelinski1@example.org")
            .await
            .expect("mails")
            .is_empty(),
        "the import sends no mail"
    );
    let number = store
        .credential_number_for_former("MA-OLD-0001")
        .await
        .expect("imported");

    let mut endorsee = app.client();
    endorsee.get("/forgot-password").await;
    endorsee
        .post("/forgot-password", &[("email", "zelinski1@example.org")])
        .await;
    let link = app
        .link_in_mail("zelinski1@example.org", "/reset-password?token=")
        .await;
    let token = link.split("token=").nth(1).expect("token").to_string();
    endorsee
        .get(&format!("/reset-password?token={token}"))
        .await;
    let password = "maple orbit lantern";
    let set = endorsee
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
    endorsee.get("/sign-in").await;
    let signed_in = endorsee
        .post(
            "/sign-in",
            &[
                ("email", "zelinski1@example.org"),
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
    let dashboard = endorsee.get("/dashboard").await;
    assert!(dashboard.body.contains(&number), "{}", dashboard.body);
    let renewal = endorsee.get("/renewal").await;
    assert_eq!(renewal.status, StatusCode::OK, "{}", renewal.body);
    assert!(
        renewal
            .body
            .contains("Massachusetts Association for Infant Mental Health"),
        "{}",
        renewal.body
    );
    // This year's training, the Code of Ethics and membership in, they hand in the renewal.
    let (person, _) = store
        .person_by_email("zelinski1@example.org")
        .await
        .expect("person");
    store
        .add_entry(
            person.id,
            Section::Trainings,
            &json!({"title": "Attachment across cultures", "provider": "MassAIMH",
                "date": format!("{year}-03-10"), "hours": 16, "kind": "workshop",
                "conference": null,
                "competencies": ["attachment-separation-trauma-grief-loss", "cultural-competence"],
                "population": "infant-toddler", "topics": []}),
        )
        .await
        .expect("training");
    store
        .set_portfolio_meta(
            person.id,
            &json!({"agreements": {"code_of_ethics": format!("{year}-02-01"),
                                   "endorsement_agreement": "2024-05-01"}}),
        )
        .await
        .expect("agreements");
    crate::support::record_membership(store, person.id, "massaimh", &format!("{}-06-30", year + 1))
        .await;
    endorsee.get("/renewal").await;
    let renewed = endorsee
        .post(&format!("/renewal/massaimh/{year}"), &[])
        .await;
    assert_eq!(renewed.status, StatusCode::SEE_OTHER, "{}", renewed.body);
    let row = store.endorsement_by_number(&number).await.expect("row");
    assert_eq!(
        row.valid_through,
        NaiveDate::from_ymd_opt(year + 1, 12, 31).expect("date")
    );
    let certificate = endorsee
        .get(&format!("/credentials/{number}/certificate.pdf"))
        .await;
    assert_eq!(certificate.status, StatusCode::OK, "{}", certificate.body);
    assert!(certificate.bytes.starts_with(b"%PDF"));
    let credential = endorsee
        .get(&format!("/credentials/{number}/credential.json"))
        .await;
    assert_eq!(credential.status, StatusCode::OK, "{}", credential.body);
    assert!(credential.body.contains(&number), "{}", credential.body);
}

/// What only the stored records show (a number someone else holds) is named like a bad cell,
/// by the column where this file has it.
#[tokio::test]
async fn a_number_someone_else_holds_is_named_in_the_files_own_column() {
    let app = TestApp::sqlite().await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh/endorsees").await;
    let first = registry_file(2, &[]);
    let dry = coordinator
        .post_file(
            "/staff/massaimh/endorsees/dry-run",
            "file",
            "first.csv",
            &first,
        )
        .await;
    let applied = coordinator
        .post(
            "/staff/massaimh/endorsees/apply",
            &[
                ("file", &hidden(&dry, "file")),
                ("file_name", "first.csv"),
                ("digest", &hidden(&dry, "digest")),
            ],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let good = (Utc::now().date_naive() + Duration::days(90)).to_string();
    let reordered = format!(
        "credential_number,status,name,email,category,first_endorsed_on,valid_through\n\
         MA-OLD-0001,active,Someone Else,someone.else@example.org,IFS,2020-01-01,{good}\n"
    );
    coordinator.get("/staff/massaimh/endorsees").await;
    let refused = coordinator
        .post_file(
            "/staff/massaimh/endorsees/dry-run",
            "file",
            "second.csv",
            &reordered,
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(
            "line 2, column 1 (credential_number): MA-OLD-0001 is already used by someone else (not someone.else@example.org)"
        ),
        "{}",
        refused.body
    );
    assert!(
        app.state
            .store()
            .person_by_email("someone.else@example.org")
            .await
            .is_err()
    );
}
