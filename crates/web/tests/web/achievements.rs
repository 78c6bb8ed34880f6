//! Achievements as real resources: the `achievement.id` an issued credential names answers
//! an Open Badges 3.0 `Achievement` (JSON-LD for software, a page for people), with a badge
//! image drawn by the service; and the endorsee's "Add to LinkedIn profile" link.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lattice_store::ProfileSource;
use serde_json::Value;

use crate::support::TestApp;

const JACK: &str = "jack.osei@example.org";
const BASE: &str = "http://lattice.test";

/// The endorsement the demo gives Jack.
async fn jacks_endorsement(app: &TestApp) -> lattice_store::EndorsementRow {
    let store = app.state.store();
    let (person, _) = store.person_by_email(JACK).await.expect("Jack");
    store
        .endorsements_of_person(person.id)
        .await
        .expect("endorsements")
        .into_iter()
        .next()
        .expect("the demo endorses Jack")
}

/// The payload of the VC-JWT Jack downloads, and his endorsement's credential number.
async fn jacks_credential(app: &TestApp) -> (Value, lattice_store::EndorsementRow) {
    let endorsement = jacks_endorsement(app).await;
    let mut client = app.client();
    client.sign_in(JACK).await;
    let download = client
        .get(&format!(
            "/credentials/{}/credential.jwt",
            endorsement.credential_number
        ))
        .await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.body);
    let payload = download.body.split('.').nth(1).expect("a JWS payload");
    let payload = URL_SAFE_NO_PAD.decode(payload).expect("base64url payload");
    (
        serde_json::from_slice(&payload).expect("JSON payload"),
        endorsement,
    )
}

/// The path of a URL of the test server.
fn local(url: &str) -> &str {
    url.strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not on {BASE}"))
}

async fn the_achievement_a_credential_names_answers(app: &TestApp, backend: &str) {
    let (credential, endorsement) = jacks_credential(app).await;
    let named = credential["credentialSubject"]["achievement"]["id"]
        .as_str()
        .expect("achievement.id")
        .to_string();
    assert_eq!(
        named,
        format!("{BASE}/a/massaimh/achievements/IFS"),
        "{backend}"
    );
    assert_eq!(endorsement.category, "IFS");

    let mut client = app.client();
    let answer = client
        .get_with(local(&named), &[("accept", "application/ld+json")])
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{backend}: {}", answer.body);
    assert_eq!(answer.headers["content-type"], "application/ld+json");
    assert_eq!(answer.headers["vary"], "Accept");
    assert_eq!(answer.headers["access-control-allow-origin"], "*");
    let achievement = answer.json();
    assert_eq!(achievement["id"], named.as_str(), "{backend}");
    assert_eq!(
        achievement["@context"],
        serde_json::json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    assert_eq!(achievement["type"], serde_json::json!(["Achievement"]));
    assert_eq!(achievement["achievementType"], "Certification");
    assert_eq!(achievement["name"], "Infant Family Specialist");
    assert_eq!(achievement["humanCode"], "IFS");
    let description = achievement["description"].as_str().expect("description");
    assert!(
        description.contains("Infant Family Specialist (IFS)"),
        "{description}"
    );

    // Criteria: in plain words, from the association's rules, linking to its requirements.
    let criteria = &achievement["criteria"];
    assert_eq!(criteria["id"], format!("{BASE}/a/massaimh#IFS"));
    let narrative = criteria["narrative"].as_str().expect("narrative");
    for words in [
        "Education:",
        "Training: at least",
        "Work:",
        "References:",
        "Renew every year",
    ] {
        assert!(narrative.contains(words), "{words} in {narrative}");
    }
    let association = app.client().get("/a/massaimh").await;
    assert!(
        association.body.contains("id=\"IFS\""),
        "the requirements page has the criteria's anchor"
    );

    // The image is the badge, and it is served.
    let image = &achievement["image"];
    assert_eq!(image["id"], format!("{named}/badge.svg"));
    assert_eq!(image["type"], "Image");
    assert!(image["caption"].as_str().is_some_and(|c| c.contains("IFS")));
    let badge = client
        .get(local(image["id"].as_str().expect("image id")))
        .await;
    assert_eq!(badge.status, StatusCode::OK);
    assert_eq!(badge.headers["content-type"], "image/svg+xml");

    // The creator is the issuer of the credential.
    assert_eq!(achievement["creator"]["id"], credential["issuer"]["id"]);
    assert_eq!(achievement["creator"]["name"], credential["issuer"]["name"]);
    assert_eq!(
        achievement["creator"]["type"],
        serde_json::json!(["Profile"])
    );

    // Aligned with the competency areas of Category II, each a resolvable anchor.
    let alignment = achievement["alignment"].as_array().expect("alignment");
    let expected =
        lattice_domain::competency::CompetencyArea::rated_for(lattice_domain::category::Track::II);
    assert_eq!(alignment.len(), expected.len());
    for (entry, area) in alignment.iter().zip(&expected) {
        assert_eq!(entry["type"], serde_json::json!(["Alignment"]));
        assert_eq!(entry["targetName"], area.name());
        assert_eq!(entry["targetCode"], area.id());
        assert_eq!(entry["targetType"], "ext:CompetencyArea");
        assert_eq!(entry["targetUrl"], format!("{named}#{}", area.id()));
    }

    // The same with plain JSON and with the `.json` address.
    for (path, accept) in [
        (local(&named).to_string(), "application/json"),
        (format!("{}.json", local(&named)), "*/*"),
    ] {
        let again = client.get_with(&path, &[("accept", accept)]).await;
        assert_eq!(again.status, StatusCode::OK, "{path}");
        assert_eq!(again.json(), achievement, "{path}");
    }

    // A browser gets the page, with the badge, the criteria and the areas, for everyone.
    let page = client
        .get_with(
            local(&named),
            &[("accept", "text/html,application/xhtml+xml,*/*;q=0.8")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/html"))
    );
    for part in [
        "Infant Family Specialist",
        "/a/massaimh/achievements/IFS/badge.svg",
        "id=\"criteria\"",
        "href=\"/a/massaimh#IFS\"",
    ] {
        assert!(page.body.contains(part), "{part} on the page");
    }
    for area in &expected {
        let anchor = format!("id=\"{}\"", area.id());
        assert!(
            page.body.contains(&anchor),
            "{anchor}: the alignment's target"
        );
    }
}

#[tokio::test]
async fn the_achievement_a_credential_names_answers_on_sqlite() {
    let app = TestApp::sqlite().await;
    the_achievement_a_credential_names_answers(&app, "sqlite").await;
}

#[tokio::test]
async fn the_achievement_a_credential_names_answers_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    the_achievement_a_credential_names_answers(&app, "postgres").await;
}

#[tokio::test]
async fn unknown_achievements_and_badges_are_not_found() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    for path in [
        "/a/massaimh/achievements/NOPE",
        "/a/massaimh/achievements/ifs",
        "/a/massaimh/achievements/NOPE.json",
        "/a/nowhere/achievements/IFS",
        "/a/massaimh/achievements/NOPE/badge.svg",
        "/a/nowhere/achievements/IFS/badge.svg",
    ] {
        let answer = client
            .get_with(path, &[("accept", "application/ld+json")])
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
    }
    // The other spellings next to them do answer.
    for path in [
        "/a/massaimh/achievements/IFS",
        "/a/massaimh/achievements/ECMHM-C",
        "/a/massaimh/achievements/ECMHM-C/badge.svg",
    ] {
        assert_eq!(client.get(path).await.status, StatusCode::OK, "{path}");
    }
}

/// The badge is well-formed SVG, and an association name full of markup stays text.
#[tokio::test]
async fn the_badge_is_well_formed_svg_that_escapes_names() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let hostile = "<script>alert('x')</script> & \"Co\" ]]>";
    let profile: ProfileSource = store
        .profile_sources()
        .await
        .expect("profiles")
        .into_iter()
        .find(|p| p.file.starts_with("massaimh"))
        .expect("the MassAIMH profile");
    store
        .upsert_association("massaimh", hostile, &profile)
        .await
        .expect("rename");

    let mut client = app.client();
    for (category, colour) in [("IFS", "#2e5aa8"), ("ECMHM-R", "#8a5a1c")] {
        let badge = client
            .get(&format!("/a/massaimh/achievements/{category}/badge.svg"))
            .await;
        assert_eq!(badge.status, StatusCode::OK);
        assert_eq!(badge.headers["cache-control"], "public, max-age=300");
        let svg = roxmltree::Document::parse(&badge.body)
            .unwrap_or_else(|e| panic!("not well-formed XML ({e}): {}", badge.body));
        let root = svg.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert!(
            svg.descendants().all(|n| n.tag_name().name() != "script"),
            "no element from the name"
        );
        let title = svg
            .descendants()
            .find(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "title")))
            .and_then(|n| n.text())
            .expect("a title");
        assert!(title.contains(hostile), "the name is text: {title}");
        let texts: Vec<&str> = svg
            .descendants()
            .filter(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "text")))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains(&"MassAIMH"), "{texts:?}");
        assert!(texts.contains(&category), "{texts:?}");
        assert!(
            svg.descendants()
                .any(|n| n.attribute("fill") == Some(colour)),
            "{category} in its family's colour"
        );
    }
    // The page escapes it too.
    let page = client.get("/a/massaimh/achievements/IFS").await;
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
}

/// The endorsee's page links to LinkedIn's "Add to profile" form with every field filled in
/// and encoded.
#[tokio::test]
async fn the_endorsee_can_add_the_endorsement_to_linkedin() {
    let app = TestApp::sqlite().await;
    let endorsement = jacks_endorsement(&app).await;
    let mut client = app.client();
    let dashboard = client.sign_in(JACK).await;
    let marker = format!("id=\"linkedin-{}\"", endorsement.id);
    let tag_end = dashboard.body.find(&marker).expect("the LinkedIn link");
    let tag_start = dashboard.body[..tag_end].rfind("<a ").expect("its tag");
    let tag = &dashboard.body[tag_start..tag_end];
    let href = tag
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("href");
    assert!(!href.contains(' '), "encoded: {href}");
    assert!(
        href.contains("IMH-E%C2%AE"),
        "the mark percent-encoded: {href}"
    );
    // Undo the page's HTML escaping of `&`, the only markup character in an encoded query.
    let href = href.replace("&#38;", "&").replace("&amp;", "&");
    let url = reqwest::Url::parse(&href).expect("a URL");
    assert_eq!(url.host_str(), Some("www.linkedin.com"));
    assert_eq!(url.path(), "/profile/add");
    let query: std::collections::BTreeMap<String, String> =
        url.query_pairs().into_owned().collect();
    let number = &endorsement.credential_number;
    let expected: std::collections::BTreeMap<String, String> = [
        ("startTask", "CERTIFICATION_NAME".to_string()),
        ("name", "Infant Family Specialist (IFS), IMH-E®".to_string()),
        ("organizationName", endorsement.association_name.clone()),
        (
            "issueYear",
            chrono::Datelike::year(&endorsement.endorsed_on).to_string(),
        ),
        (
            "issueMonth",
            chrono::Datelike::month(&endorsement.endorsed_on).to_string(),
        ),
        (
            "expirationYear",
            chrono::Datelike::year(&endorsement.valid_through).to_string(),
        ),
        (
            "expirationMonth",
            chrono::Datelike::month(&endorsement.valid_through).to_string(),
        ),
        ("certUrl", format!("{BASE}/verify/{number}")),
        ("certId", number.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(query, expected);
    // The credential download is still offered beside it.
    assert!(
        dashboard
            .body
            .contains(&format!("/credentials/{number}/credential.jwt"))
    );
}
