//! An association's settings page (issue #21 item 2): MassAIMH's coordinator sets its display
//! name, colour and logo and sees them on its staff page, an applicant's dashboard, its
//! registry and verification pages and its certificate; another association's coordinator
//! cannot reach the page and its pages show nothing of it; an SVG, a renamed text file, a too
//! big file and a colour white text cannot be read on are refused, naming the field and
//! keeping what was typed; every change leaves an audit row. On SQLite and PostgreSQL.

use axum::http::StatusCode;
use lattice_store::SharedStore;

use crate::support::{Page, TestApp};

static PNG: &[u8] = include_bytes!("../../../credentials/tests/fixtures/logo.png");
static JPEG: &[u8] = include_bytes!("../../../credentials/tests/fixtures/logo.jpg");

const NAME: &str = "MassAIMH Endorsement Office";
const COLOUR: &str = "#7a1f5c";

fn header<'p>(page: &'p Page, name: &str) -> &'p str {
    page.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// The brand bar of a page, if it has one.
fn brand_bar(page: &Page) -> Option<&str> {
    let start = page.body.find("<div class=\"association-brand\"")?;
    let rest = &page.body[start..];
    Some(&rest[..rest.find("</div>\n</div>").expect("end of the bar")])
}

async fn massaimh(store: &SharedStore) -> lattice_domain::ids::AssociationId {
    store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id
}

async fn branding_is_set_shown_and_audited(app: TestApp) {
    let store = app.state.store();
    let mass = massaimh(store).await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;

    // The staff page links to the settings; nothing branded yet.
    let staff = coordinator.get("/staff/massaimh").await;
    assert!(staff.body.contains("href=\"/staff/massaimh/settings\""));
    assert_eq!(brand_bar(&staff), None);

    // The hub links to every settings page.
    let hub = coordinator.get("/staff/massaimh/settings").await;
    assert_eq!(hub.status, StatusCode::OK, "{}", hub.body);
    for href in [
        "/staff/massaimh/settings/fees",
        "/staff/massaimh/settings/agreements",
        "/staff/massaimh/settings/mail",
        "/staff/massaimh/rules",
    ] {
        assert!(hub.body.contains(&format!("href=\"{href}\"")), "{href}");
    }
    // The display name starts as the profile's name.
    let profile_name = store.association(mass).await.expect("row").name;
    assert!(
        hub.body
            .contains(&format!("name=\"display_name\" value=\"{profile_name}\""))
    );

    let saved = coordinator
        .post_form_data(
            "/staff/massaimh/settings",
            &[("display_name", NAME), ("colour", COLOUR)],
            &[("logo", "logo.png", PNG)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location.as_deref(),
        Some("/staff/massaimh/settings?saved=1")
    );

    // The staff page shows the name, the versioned logo and the colour's stylesheet.
    let staff = coordinator.get("/staff/massaimh").await;
    let bar = brand_bar(&staff).expect("a brand bar on the staff page");
    assert!(bar.contains(NAME), "{bar}");
    let digest = lattice_store::logo_digest(PNG);
    let logo_url = format!("/associations/massaimh/logo?v={}", &digest[..16]);
    assert!(bar.contains(&logo_url), "{bar}");
    assert!(
        staff
            .body
            .contains("href=\"/associations/massaimh/brand.css?v=7a1f5c\"")
    );

    // The logo is served as the PNG it is, never sniffed, cached by its version.
    let mut anyone = app.client();
    let logo = anyone.get(&logo_url).await;
    assert_eq!(logo.status, StatusCode::OK);
    assert_eq!(logo.bytes, PNG);
    assert_eq!(header(&logo, "content-type"), "image/png");
    assert_eq!(header(&logo, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&logo, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let etag = header(&logo, "etag").to_string();
    assert_eq!(etag, format!("\"{digest}\""));
    let again = anyone
        .get_with("/associations/massaimh/logo", &[("if-none-match", &etag)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    // An old version's URL is not cached for long.
    let stale = anyone
        .get("/associations/massaimh/logo?v=0123456789abcdef")
        .await;
    assert_eq!(header(&stale, "cache-control"), "public, max-age=300");
    // The colour's stylesheet is written from the parsed colour.
    let css = anyone
        .get("/associations/massaimh/brand.css?v=7a1f5c")
        .await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(header(&css, "content-type"), "text/css; charset=utf-8");
    assert_eq!(css.body, ".association-brand { --association: #7a1f5c; }\n");

    // The association's applicant, its public page, registry and verification pages.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let dashboard = ana.get("/dashboard").await;
    assert!(
        brand_bar(&dashboard).is_some_and(|b| b.contains(NAME)),
        "no brand on Ana's dashboard"
    );
    // Every page Ana sees as MassAIMH's applicant carries it, from the layout: her application,
    // her portfolio's pages, the rules and the association's page.
    let application = app.application_of("ana@example.org").await;
    for path in [
        format!("/applications/{application}"),
        "/portfolio".to_string(),
        "/portfolio/trainings".to_string(),
        "/portfolio/references".to_string(),
        "/portfolio/agreements".to_string(),
        "/portfolio/coverage".to_string(),
        "/portfolio/summary".to_string(),
    ] {
        let page = ana.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert!(
            brand_bar(&page).is_some_and(|b| b.contains(NAME) && b.contains(&logo_url)),
            "no brand on Ana's {path}"
        );
    }
    for path in ["/a/massaimh", "/a/massaimh/registry"] {
        let page = anyone.get(path).await;
        assert!(
            brand_bar(&page).is_some_and(|b| b.contains(NAME) && b.contains(&logo_url)),
            "{path}"
        );
    }
    let jack = store
        .endorsements_of_person(
            store
                .person_by_email("jack.osei@example.org")
                .await
                .expect("Jack")
                .0
                .id,
        )
        .await
        .expect("endorsements")
        .pop()
        .expect("Jack's endorsement");
    let verify = anyone
        .get(&format!("/verify/{}", jack.credential_number))
        .await;
    assert!(brand_bar(&verify).is_some_and(|b| b.contains(NAME)));

    // The certificate carries the logo (an image XObject) and is still drawn.
    let mut holder = app.client();
    holder.sign_in("jack.osei@example.org").await;
    let pdf = holder
        .get(&format!(
            "/credentials/{}/certificate.pdf",
            jack.credential_number
        ))
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let has_image = |b: &[u8]| {
        [&b"/Subtype /Image"[..], &b"/Subtype/Image"[..]]
            .iter()
            .any(|needle| b.windows(needle.len()).any(|w| w == *needle))
    };
    assert!(has_image(&pdf.bytes), "no logo in the certificate");

    // Each field changed left an audit row naming who, what and from what to what.
    let audit = store.audit_of_association(mass, 50).await.expect("audit");
    let coordinator_id = store
        .person_by_email("coordinator@massaimh.test")
        .await
        .expect("coordinator")
        .0
        .id;
    let row = |action: &str| {
        audit
            .iter()
            .find(|a| a.action == action)
            .unwrap_or_else(|| panic!("no {action} in {audit:?}"))
    };
    let name_row = row("set-display-name");
    assert_eq!(name_row.actor, Some(coordinator_id));
    assert_eq!(
        name_row.reason,
        format!("display name: default (“{profile_name}”) → “{NAME}”")
    );
    assert_eq!(
        row("set-brand-colour").reason,
        "brand colour: default (“Lattice's”) → “#7a1f5c”"
    );
    assert!(row("set-logo").reason.starts_with(&format!(
        "logo: none → png {} ({} bytes)",
        &digest[..12],
        PNG.len()
    )));

    // Replacing the logo by a JPEG and removing it are audited too; the URL follows.
    coordinator.get("/staff/massaimh/settings").await;
    let saved = coordinator
        .post_form_data(
            "/staff/massaimh/settings",
            &[("display_name", NAME), ("colour", COLOUR)],
            &[("logo", "logo.jpg", JPEG)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let logo = anyone.get("/associations/massaimh/logo").await;
    assert_eq!(header(&logo, "content-type"), "image/jpeg");
    assert_eq!(logo.bytes, JPEG);
    coordinator.get("/staff/massaimh/settings").await;
    coordinator
        .post_form_data(
            "/staff/massaimh/settings",
            &[
                ("display_name", NAME),
                ("colour", COLOUR),
                ("remove_logo", "on"),
            ],
            &[("logo", "", b"")],
        )
        .await;
    assert_eq!(
        anyone.get("/associations/massaimh/logo").await.status,
        StatusCode::NOT_FOUND
    );
    let audit = store.audit_of_association(mass, 50).await.expect("audit");
    assert_eq!(audit.iter().filter(|a| a.action == "set-logo").count(), 2);
    assert!(audit.iter().any(|a| a.action == "remove-logo"));
    // The name and colour were not changed by those saves: no new rows for them.
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == "set-display-name" || a.action == "set-brand-colour")
            .count(),
        2
    );
}

async fn other_associations_see_nothing_of_it(app: TestApp) {
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh/settings").await;
    let saved = coordinator
        .post_form_data(
            "/staff/massaimh/settings",
            &[("display_name", NAME), ("colour", COLOUR)],
            &[("logo", "logo.png", PNG)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let mut other = app.client();
    other.sign_in("coordinator@nmaimh.test").await;
    assert_eq!(
        other.get("/staff/massaimh/settings").await.status,
        StatusCode::NOT_FOUND
    );
    // A post with the other coordinator's own valid token changes nothing.
    let post = other
        .post_form_data(
            "/staff/massaimh/settings",
            &[("display_name", "Taken over"), ("colour", "#000000")],
            &[("logo", "", b"")],
        )
        .await;
    assert!(
        matches!(post.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
        "{}",
        post.status
    );
    let store = app.state.store();
    let branding = store
        .branding(massaimh(store).await)
        .await
        .expect("branding");
    assert_eq!(branding.display_name.as_deref(), Some(NAME));
    assert_eq!(branding.colour.as_deref(), Some(COLOUR));
    // NMAIMH's own pages show no brand, least of all MassAIMH's.
    let own = other.get("/staff/nmaimh").await;
    assert_eq!(own.status, StatusCode::OK);
    let mut anyone = app.client();
    for page in [
        own,
        other.get("/staff/nmaimh/settings").await,
        anyone.get("/a/nmaimh").await,
        anyone.get("/a/nmaimh/registry").await,
    ] {
        assert_eq!(brand_bar(&page), None);
        assert!(!page.body.contains(NAME));
        assert!(!page.body.contains("/associations/massaimh/"));
    }
    // An applicant (Ana is MassAIMH's) and a signed-out visitor cannot reach the page.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    assert_eq!(
        ana.get("/staff/massaimh/settings").await.status,
        StatusCode::NOT_FOUND
    );
    let anonymous = anyone.get("/staff/massaimh/settings").await;
    assert!(
        anonymous.status == StatusCode::SEE_OTHER || anonymous.status == StatusCode::UNAUTHORIZED,
        "{}",
        anonymous.status
    );
    // The Alliance administrator may.
    let mut admin = app.client();
    admin.sign_in("admin@alliance.test").await;
    assert_eq!(
        admin.get("/staff/massaimh/settings").await.status,
        StatusCode::OK
    );
}

async fn bad_values_are_refused_by_name(app: TestApp) {
    let store = app.state.store();
    let mass = massaimh(store).await;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#;
    // A PNG signature on 300 KB: too big, refused before it is read.
    let mut big = PNG.to_vec();
    big.resize(300 * 1024, 0);
    let long_name = "N".repeat(121);
    // (display name, colour, file name, file, the field refused, what it says)
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [u8], &'a str, &'a str);
    let cases: [Case<'_>; 5] = [
        (
            NAME,
            COLOUR,
            "logo.svg",
            svg,
            "logo",
            "Logo: the file is an SVG file",
        ),
        (
            NAME,
            COLOUR,
            "logo.png",
            b"a text file renamed logo.png\n",
            "logo",
            "Logo: the file is not a PNG or JPEG image",
        ),
        (
            NAME,
            COLOUR,
            "big.png",
            &big,
            "logo",
            "most a logo may be is 262144 bytes (256 KB)",
        ),
        (
            NAME,
            "#ffcc00",
            "logo.png",
            PNG,
            "colour",
            "Brand colour: #ffcc00 has a contrast of 1.",
        ),
        (
            &long_name,
            COLOUR,
            "logo.png",
            PNG,
            "display_name",
            "Display name is 121 characters; the most is 120.",
        ),
    ];
    for (name, colour, file, bytes, field, message) in cases {
        coordinator.get("/staff/massaimh/settings").await;
        let page = coordinator
            .post_form_data(
                "/staff/massaimh/settings",
                &[("display_name", name), ("colour", colour)],
                &[("logo", file, bytes)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{file}: {}",
            page.body
        );
        assert!(page.body.contains(message), "{message}: {}", page.body);
        // The message sits by its field and the summary links to it.
        assert!(
            page.body.contains(&format!("id=\"{field}-error\"")),
            "{field}"
        );
        assert!(
            page.body.contains(&format!("<a href=\"#{field}\">")),
            "{field}"
        );
        assert!(page.body.contains(&format!(
            "id=\"{field}\" name=\"{field}\"{}",
            if field == "logo" {
                " type=\"file\""
            } else {
                ""
            }
        )));
        // What was typed is kept.
        assert!(
            page.body.contains(&format!("value=\"{colour}\"")),
            "{colour}"
        );
        assert!(page.body.contains(&format!("value=\"{name}\"")));
    }
    // The colour's message says why and what is needed.
    coordinator.get("/staff/massaimh/settings").await;
    let page = coordinator
        .post_form_data(
            "/staff/massaimh/settings",
            &[("display_name", NAME), ("colour", "#777777")],
            &[("logo", "", b"")],
        )
        .await;
    assert!(
        page.body
            .contains("#777777 has a contrast of 4.47:1 with white text; it needs at least 4.5:1"),
        "{}",
        page.body
    );
    // Nothing was stored, nothing audited (the demo's MassAIMH offers Spanish, and still
    // does: the refused form did not tick it).
    assert_eq!(
        store.branding(mass).await.expect("branding"),
        lattice_store::Branding {
            languages: lattice_domain::language::OfferedLanguages::all(),
            ..lattice_store::Branding::default()
        }
    );
    let audit = store.audit_of_association(mass, 50).await.expect("audit");
    assert!(!audit.iter().any(|a| matches!(
        a.action.as_str(),
        "set-display-name" | "set-brand-colour" | "set-logo" | "remove-logo"
    )));
    assert_eq!(
        audit.iter().filter(|a| a.action == "set-languages").count(),
        1,
        "only the demo data's own"
    );
}

#[tokio::test]
async fn branding_is_set_shown_and_audited_sqlite() {
    branding_is_set_shown_and_audited(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn branding_is_set_shown_and_audited_postgres() {
    if let Some(app) = TestApp::postgres().await {
        branding_is_set_shown_and_audited(app).await;
    }
}

#[tokio::test]
async fn other_associations_see_nothing_of_it_sqlite() {
    other_associations_see_nothing_of_it(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn other_associations_see_nothing_of_it_postgres() {
    if let Some(app) = TestApp::postgres().await {
        other_associations_see_nothing_of_it(app).await;
    }
}

#[tokio::test]
async fn bad_values_are_refused_by_name_sqlite() {
    bad_values_are_refused_by_name(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn bad_values_are_refused_by_name_postgres() {
    if let Some(app) = TestApp::postgres().await {
        bad_values_are_refused_by_name(app).await;
    }
}
