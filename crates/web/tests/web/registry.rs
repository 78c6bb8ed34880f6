//! Endorsed for real: the record an endorsement makes, the public registry (page and JSON),
//! the verification page, the certificate download and who may have it.

use axum::http::StatusCode;
use chrono::Utc;
use lattice_domain::endorsement::{Status, valid_credential_number};
use lattice_store::{EndorsementRow, NewAudit, RegistryQuery, SharedStore};

use crate::support::TestApp;

pub(crate) async fn endorsement_of(store: &SharedStore, email: &str) -> EndorsementRow {
    let person = store.person_by_email(email).await.expect("person").0.id;
    store
        .endorsements_of_person(person)
        .await
        .expect("endorsements")
        .pop()
        .expect("an endorsement")
}

pub(crate) async fn set_status(store: &SharedStore, row: &EndorsementRow, status: Status) {
    store
        .set_endorsement_status(
            row.id,
            status,
            Utc::now().date_naive(),
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(row.association),
                subject: format!("person:{}", row.person),
                action: status.key().to_string(),
                reason: "test".to_string(),
            },
        )
        .await
        .expect("status");
}

#[tokio::test]
async fn an_endorsement_is_found_verified_and_then_lapses_from_search() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    // Jack Osei's IFS application was endorsed in the demo, which made the record.
    let jack = endorsement_of(store, "jack.osei@example.org").await;
    assert!(
        valid_credential_number(&jack.credential_number),
        "{}",
        jack.credential_number
    );
    assert!(
        jack.credential_number.starts_with("MASSAIMH-"),
        "{}",
        jack.credential_number
    );
    assert_eq!(jack.status, Status::Active);
    assert!(jack.name_line.ends_with("IMH-E®"), "{}", jack.name_line);
    assert_eq!(jack.title_line, "Infant Family Specialist");
    assert!(jack.valid_through > Utc::now().date_naive());

    let mut public = app.client();
    let page = public.get("/registry?name=osei").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&jack.credential_number), "{}", page.body);
    // A name as people type it: given, "Family, Given", "Given Family", any case.
    for typed in ["jack", "Osei%2C+Jack", "Jack+Osei", "JACK+O", "osei,jack"] {
        let found = public.get(&format!("/registry?name={typed}")).await;
        assert!(
            found.body.contains(&jack.credential_number),
            "{typed}: {}",
            found.body
        );
    }
    let nobody = public.get("/registry?name=Jack+Ozzie").await;
    assert!(!nobody.body.contains(&jack.credential_number));
    // An empty search lists everyone, paged, and says so.
    let everyone = public.get("/registry").await;
    assert!(
        everyone.body.contains("Everyone endorsed today")
            && everyone.body.contains(", by family name.")
            && everyone.body.contains(&jack.credential_number),
        "{}",
        everyone.body
    );
    let listed = app
        .state
        .registry()
        .search(&RegistryQuery::default())
        .await
        .expect("all")
        .0;
    assert!(
        everyone.body.contains(&format!(
            ">{listed} {}, by family name.",
            if listed == 1 { "person" } else { "people" }
        )),
        "{listed}: {}",
        everyone.body
    );
    assert!(page.body.contains("not a license"), "{}", page.body);
    let api = public.get("/api/registry?name=Os&category=IFS").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let json = api.json();
    // A category in any case finds the same people.
    let lower = public
        .get("/api/registry?name=Os&category=ifs")
        .await
        .json();
    assert_eq!(lower["total"], json["total"], "{lower}");
    assert_eq!(lower["results"], json["results"]);
    assert!(json["result_count"].as_u64().expect("count") >= 1);
    let first = &json["results"][0];
    for field in [
        "credential_number",
        "name",
        "mark",
        "category",
        "category_title",
        "association",
        "association_name",
        "city",
        "region",
        "status",
        "endorsed_on",
        "valid_through",
        "verification_url",
    ] {
        assert!(first.get(field).is_some(), "{field} missing: {first}");
    }
    assert!(
        json["notice"]
            .as_str()
            .expect("notice")
            .contains("not a license")
    );

    // Bad parameters name themselves; nothing breaks.
    for (query, field) in [
        ("limit=500", "limit"),
        ("skip=-1", "skip"),
        ("category=XYZ", "category"),
        ("association=nowhere", "association"),
    ] {
        let bad = public.get(&format!("/api/registry?{query}")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(bad.body.contains(field), "{query}: {}", bad.body);
    }

    // The verification page, then the endorsee lists a city and is found by it.
    let verified = public
        .get(&format!("/verify/{}", jack.credential_number))
        .await;
    assert_eq!(verified.status, StatusCode::OK);
    assert!(
        verified.body.contains("Active, in good standing"),
        "{}",
        verified.body
    );
    assert_eq!(
        public.get("/verify/NOT-A-NUMBER").await.status,
        StatusCode::NOT_FOUND
    );
    let unknown = lattice_domain::endorsement::credential_number("MassAIMH", 2026, 999_999);
    let nobody = public.get(&format!("/verify/{unknown}")).await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
    assert!(
        nobody
            .body
            .contains(&format!("No endorsement has the number {unknown}.")),
        "{}",
        nobody.body
    );
    assert!(
        nobody.body.contains(r#"id="verify-form""#),
        "{}",
        nobody.body
    );

    // The box the home page invites visitors to use: any case, spaces or dashes.
    let form = public.get("/verify").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"name="number""#), "{}", form.body);
    let number = &jack.credential_number;
    for typed in [
        number.to_lowercase(),
        number.replace('-', " "),
        format!(" {} ", number.replace('-', " - ")),
    ] {
        let query = serde_urlencoded::to_string([("number", &typed)]).expect("a query");
        let found = public.get(&format!("/verify?{query}")).await;
        assert_eq!(found.status, StatusCode::SEE_OTHER, "{typed:?}");
        assert_eq!(
            found.location.as_deref(),
            Some(format!("/verify/{number}").as_str()),
            "{typed:?}"
        );
    }
    let lower = public
        .get(&format!("/verify/{}", number.to_lowercase()))
        .await;
    assert_eq!(
        lower.location.as_deref(),
        Some(format!("/verify/{number}").as_str())
    );
    // A slip in one digit fails the check digits: plain words, what was typed kept.
    let at = number.len() - 4;
    let digit = if &number[at..=at] == "9" { "8" } else { "9" };
    let slipped = format!("{}{digit}{}", &number[..at], &number[at + 1..]);
    let refused = public
        .get(&format!("/verify?number={}", slipped.replace('-', "+")))
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(
        refused.body.contains("No endorsement has the number")
            && refused.body.contains(&slipped.replace('-', " ")),
        "{}",
        refused.body
    );
    let mut endorsee = app.client();
    let dashboard = endorsee.sign_in("jack.osei@example.org").await;
    assert!(
        dashboard.body.contains("Your endorsements"),
        "{}",
        dashboard.body
    );
    let listed = endorsee
        .post(
            &format!("/credentials/{}/listing", jack.credential_number),
            &[("city", "Boston"), ("region", "MA")],
        )
        .await;
    assert_eq!(listed.status, StatusCode::SEE_OTHER, "{}", listed.body);
    let by_region = public.get("/api/registry?region=ma&name=osei").await.json();
    assert_eq!(by_region["result_count"], 1, "{by_region}");
    let elsewhere = public.get("/api/registry?region=NM&name=osei").await.json();
    assert_eq!(elsewhere["result_count"], 0, "{elsewhere}");
    let by_city = public.get("/api/registry?city=bos").await.json();
    assert!(
        by_city["results"]
            .as_array()
            .expect("results")
            .iter()
            .any(|r| r["credential_number"] == jack.credential_number.as_str()),
        "{by_city}"
    );

    // Lapsed: gone from search, still verifiable, and says since when. The change was made
    // behind the server's back, so its registry is told to catch up (it would within a second).
    set_status(store, &jack, Status::Lapsed).await;
    app.state.registry().invalidate().await;
    let after = public.get("/api/registry?name=osei").await.json();
    assert_eq!(after["result_count"], 0, "{after}");
    let lapsed = public
        .get(&format!("/verify/{}", jack.credential_number))
        .await;
    assert!(lapsed.body.contains("Lapsed since"), "{}", lapsed.body);
    let association_page = public.get("/a/massaimh/registry?name=osei").await;
    assert!(!association_page.body.contains(&jack.credential_number));
}

#[tokio::test]
async fn certificates_go_to_the_endorsee_and_their_coordinators_only() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let jack = endorsement_of(store, "jack.osei@example.org").await;
    let path = format!("/credentials/{}/certificate.pdf", jack.credential_number);
    for (who, expected) in [
        ("jack.osei@example.org", StatusCode::OK),
        ("coordinator@massaimh.test", StatusCode::OK),
        ("admin@alliance.test", StatusCode::OK),
        ("ana@example.org", StatusCode::NOT_FOUND),
        ("coordinator@ct-aimh.test", StatusCode::NOT_FOUND),
        ("reviewer1@massaimh.test", StatusCode::NOT_FOUND),
    ] {
        let mut client = app.client();
        client.sign_in(who).await;
        let pdf = client.get(&path).await;
        assert_eq!(pdf.status, expected, "{who}");
        if expected == StatusCode::OK {
            assert!(pdf.body.starts_with("%PDF-"), "{who}: not a PDF");
        }
    }
    let mut anonymous = app.client();
    let refused = anonymous.get(&path).await;
    assert_ne!(refused.status, StatusCode::OK);
}

#[tokio::test]
async fn only_the_association_changes_an_endorsement_status_and_says_why() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let jack = endorsement_of(store, "jack.osei@example.org").await;
    let path = format!("/credentials/{}/status", jack.credential_number);
    let mut other = app.client();
    other.sign_in("coordinator@ct-aimh.test").await;
    let refused = other
        .post(&path, &[("status", "revoked"), ("reason", "not ours")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let mut maria = app.client();
    maria.sign_in("coordinator@massaimh.test").await;
    let page = maria
        .get(&format!("/verify/{}", jack.credential_number))
        .await;
    assert!(page.body.contains("id=\"status-form\""), "{}", page.body);
    let no_reason = maria
        .post(&path, &[("status", "revoked"), ("reason", "")])
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &no_reason,
        "reason",
        "Say why (under 2000 characters); it is kept in the record",
    );
    let bogus = maria
        .post(&path, &[("status", "suspended"), ("reason", "x")])
        .await;
    assert_eq!(bogus.status, StatusCode::UNPROCESSABLE_ENTITY);
    let revoked = maria
        .post(
            &path,
            &[("status", "revoked"), ("reason", "Ethics board finding")],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    assert_eq!(
        store.endorsement(jack.id).await.expect("row").status,
        Status::Revoked
    );
    let mut public = app.client();
    let shown = public
        .get(&format!("/verify/{}", jack.credential_number))
        .await;
    assert!(shown.body.contains("Revoked on"), "{}", shown.body);
    assert!(
        !shown.body.contains("status-form"),
        "the public sees no form"
    );
    let trail = store
        .audit_of_subject(&format!("person:{}", jack.person))
        .await
        .expect("audit");
    assert!(
        trail
            .iter()
            .any(|a| a.action == "endorsement-revoked" && a.reason.contains("Ethics board")),
        "{trail:?}"
    );
}
