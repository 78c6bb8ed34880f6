//! The applicant's portfolio pages: entries checked field by field with what was typed kept,
//! the live panel, ownership of entries, agreements, JSON export/import and CSV import, each
//! import all or nothing.

use axum::http::StatusCode;
use lattice_store::Section;

use crate::support::TestApp;

fn training<'a>(title: &'a str, hours: &'a str, conference: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("provider", "MassAIMH"),
        ("date", "2025-03-02"),
        ("hours", hours),
        ("kind", "workshop"),
        ("conference", conference),
        ("competencies", "attachment-separation-trauma-grief-loss"),
        ("population", "infant-toddler"),
    ]
}

#[tokio::test]
async fn entries_are_checked_field_by_field_and_keep_what_was_typed() {
    let app = TestApp::sqlite().await;
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    let page = ben.get("/portfolio/trainings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Competency areas"));

    let mut bad = training("Infant observation", "six", "");
    bad.retain(|(k, _)| *k != "date");
    let refused = ben.post("/portfolio/trainings", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("enter a number, like 6.5"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("f-date-error"),
        "the date error is tied to its field"
    );
    assert!(
        refused.body.contains("value=\"Infant observation\""),
        "typed title kept"
    );
    assert!(refused.body.contains("value=\"six\""), "typed hours kept");

    // The format's own rules (here: more than 24 h for a workshop) come back on the field too.
    let long = ben
        .post("/portfolio/trainings", &training("Marathon", "30", ""))
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.body.contains("f-hours-error"), "{}", long.body);

    let before = app
        .state
        .store()
        .entries(person(&app, "ben.carter@example.org").await)
        .await
        .expect("entries")
        .len();
    let added = ben
        .post(
            "/portfolio/trainings",
            &training("Infant observation", "6.5", ""),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let list = ben.get("/portfolio/trainings").await;
    assert!(
        list.body
            .contains("Infant observation · MassAIMH · 2025-03-02 · 6.5 h"),
        "{}",
        list.body
    );
    let after = app
        .state
        .store()
        .entries(person(&app, "ben.carter@example.org").await)
        .await
        .expect("entries")
        .len();
    assert_eq!(after, before + 1);
}

async fn person(app: &TestApp, email: &str) -> lattice_domain::ids::PersonId {
    app.state
        .store()
        .person_by_email(email)
        .await
        .expect("person")
        .0
        .id
}

#[tokio::test]
async fn the_panel_shows_a_second_conference_listed_but_not_counted() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/trainings").await;
    for (title, conference) in [
        ("Keynote day", "Spring Institute 2025"),
        ("Second keynote", "Autumn Summit 2025"),
    ] {
        let mut form = training(title, "7", conference);
        form.retain(|(k, _)| *k != "kind");
        form.push(("kind", "conference"));
        let page = ana.post("/portfolio/trainings", &form).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    let page = ana.get("/portfolio/trainings").await;
    assert!(page.body.contains("Progress: IFS"));
    assert!(
        page.body.contains("listed but not counted"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("another conference"),
        "the reason names the conference rule"
    );
}

#[tokio::test]
async fn entries_can_be_edited_and_deleted_only_by_their_owner() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let ana_id = person(&app, "ana@example.org").await;
    let entry = store
        .entries(ana_id)
        .await
        .expect("entries")
        .into_iter()
        .find(|e| e.section == Section::Trainings)
        .expect("a training");
    let id = entry.id.0;

    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get("/portfolio/trainings").await;
    assert_eq!(
        ben.get(&format!("/portfolio/trainings/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let update = ben
        .post(
            &format!("/portfolio/trainings/{id}"),
            &training("Taken over", "3", ""),
        )
        .await;
    assert_eq!(update.status, StatusCode::NOT_FOUND);
    let delete = ben
        .post(&format!("/portfolio/trainings/{id}/delete"), &[])
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    assert_eq!(
        store
            .entries(ana_id)
            .await
            .expect("entries")
            .iter()
            .find(|e| e.id == entry.id)
            .expect("kept")
            .data,
        entry.data
    );

    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let edit = ana.get(&format!("/portfolio/trainings/{id}")).await;
    assert!(edit.body.contains("Save changes"));
    let saved = ana
        .post(
            &format!("/portfolio/trainings/{id}"),
            &training("Renamed training", "3", ""),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(
        ana.get("/portfolio/trainings")
            .await
            .body
            .contains("Renamed training")
    );
    let deleted = ana
        .post(&format!("/portfolio/trainings/{id}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert!(
        store
            .entries(ana_id)
            .await
            .expect("entries")
            .iter()
            .all(|e| e.id != entry.id)
    );
    assert_eq!(
        ana.get("/portfolio/nonsense").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn agreements_are_signed_by_typing_the_account_name() {
    let app = TestApp::sqlite().await;
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get("/portfolio/agreements").await;
    let wrong = ben
        .post(
            "/portfolio/agreements",
            &[("agreement", "code_of_ethics"), ("signature", "B. C.")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains("id=\"signature-error\">Type your full name"),
        "{}",
        wrong.body
    );
    let signed = ben
        .post(
            "/portfolio/agreements",
            &[
                ("agreement", "code_of_ethics"),
                ("signature", " ben carter "),
            ],
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let page = ben.get("/portfolio/agreements").await;
    assert!(
        page.body
            .contains(&format!("Signed {}", chrono::Utc::now().date_naive())),
        "{}",
        page.body
    );
    let audit = app
        .state
        .store()
        .audit_of_subject(&format!(
            "person:{}",
            person(&app, "ben.carter@example.org").await
        ))
        .await
        .expect("audit");
    assert!(audit.iter().any(|a| a.action == "sign-code-of-ethics"));
}

async fn upload(
    client: &mut crate::support::Client<'_>,
    path: &str,
    file: &str,
) -> crate::support::Page {
    client.post_file(path, "file", "upload", file).await
}

#[tokio::test]
async fn the_portfolio_exports_and_imports_whole() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let exported = ana.get("/portfolio/export.json").await;
    assert_eq!(exported.status, StatusCode::OK);
    let document = exported.json();
    assert_eq!(document["format"], "lattice-portfolio/1");
    assert_eq!(
        document["trainings"].as_array().expect("trainings").len(),
        8
    );
    lattice_domain::format::parse_portfolio(&exported.body).expect("the export reads back");

    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get("/portfolio").await;
    let ben_id = person(&app, "ben.carter@example.org").await;
    let ben_before = app.state.store().entries(ben_id).await.expect("entries");
    let broken = exported.body.replacen("\"hours\": 6.5", "\"hours\": -1", 1);
    let refused = upload(&mut ben, "/portfolio/import", &broken).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("trainings[") && refused.body.contains("hours"),
        "{}",
        refused.body
    );
    assert_eq!(
        app.state.store().entries(ben_id).await.expect("entries"),
        ben_before,
        "a refused import changes nothing"
    );

    // Ben imports Ana's export: his own entries are taken; her ratings, membership and
    // signatures are not his to bring, and the page says so field by field.
    // (Ben's own demo raters differ from Ana's here: theirs are renamed and unmailed.)
    let mut hers = document.clone();
    for reference in hers["references"].as_array_mut().expect("references") {
        let name = format!("{} of Ana", reference["name"].as_str().expect("name"));
        reference["name"] = serde_json::Value::from(name);
        reference.as_object_mut().expect("object").remove("email");
    }
    let imported = upload(&mut ben, "/portfolio/import", &hers.to_string()).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert!(
        imported.body.contains("id=\"import-notices\""),
        "{}",
        imported.body
    );
    assert!(
        imported.body.contains("references[0].status:")
            && imported
                .body
                .contains("a rating counts only when the rater sends it"),
        "{}",
        imported.body
    );
    assert!(
        imported
            .body
            .contains("membership: not taken from the file")
    );
    assert!(
        imported
            .body
            .contains("agreements: not taken from the file")
    );
    let again = ben.get("/portfolio/export.json").await.json();
    for key in ["education", "trainings", "work", "rsc"] {
        assert_eq!(again[key], document[key], "{key} round-trips");
    }
    let theirs = hers["references"].as_array().expect("references");
    let listed = again["references"].as_array().expect("references");
    assert!(
        theirs
            .iter()
            .any(|r| r["status"] == "completed" && r["source"] == "rater")
    );
    for original in theirs {
        let mine = listed
            .iter()
            .find(|r| r["name"] == original["name"])
            .expect("listed");
        assert_eq!(mine["role"], original["role"]);
        assert_eq!(
            mine["status"], "not-requested",
            "a rater to ask, not a rating"
        );
        assert_eq!(mine["source"], "applicant");
        assert!(mine.get("completed_on").is_none());
    }
    assert!(again.get("membership").is_none(), "{again}");
    assert_ne!(again["agreements"], document["agreements"]);
    assert_eq!(
        again["person"]["name"], "Ben Carter",
        "the account keeps its own name"
    );

    // Ana imports her own export: the ratings her raters sent stay, once each.
    let own = upload(&mut ana, "/portfolio/import", &exported.body).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let back = ana.get("/portfolio/export.json").await.json();
    assert_eq!(back["references"], document["references"]);
    assert_eq!(back["membership"], document["membership"]);
    assert_eq!(back["agreements"], document["agreements"]);
}

/// What a third party must vouch for cannot be typed or imported, and what has not happened
/// yet cannot be entered: each bypass is refused, by form and by import.
#[tokio::test]
async fn an_applicant_cannot_vouch_for_what_others_must() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get("/portfolio/references").await;
    let ben_id = person(&app, "ben.carter@example.org").await;
    let before = store.entries(ben_id).await.expect("entries");

    // A completed rating typed into the references form.
    let typed = ben
        .post(
            "/portfolio/references",
            &[
                ("role", "colleague"),
                ("name", "Sam Self"),
                ("status", "completed"),
                ("completed_on", "2026-10-01"),
            ],
        )
        .await;
    assert_eq!(typed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        typed
            .body
            .contains("a rating counts only when the rater sends it")
    );
    assert_eq!(store.entries(ben_id).await.expect("entries"), before);

    // Future dates, by form: the field is named and what was typed is kept.
    let today = chrono::Utc::now().date_naive();
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    ben.get("/portfolio/trainings").await;
    let planned = ben
        .post(
            "/portfolio/trainings",
            &[
                ("title", "Planned institute"),
                ("date", &tomorrow),
                ("hours", "6"),
                ("kind", "workshop"),
                ("competencies", "attachment-separation-trauma-grief-loss"),
            ],
        )
        .await;
    assert_eq!(planned.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        planned
            .body
            .contains(&format!("{tomorrow} is after today ({today})")),
        "{}",
        planned.body
    );
    assert!(
        planned.body.contains("value=\"Planned institute\""),
        "typed text kept"
    );
    // Today itself is not the future.
    let held = ben
        .post(
            "/portfolio/trainings",
            &[
                ("title", "Held today"),
                ("date", &today.to_string()),
                ("hours", "6"),
                ("kind", "workshop"),
                ("competencies", "attachment-separation-trauma-grief-loss"),
            ],
        )
        .await;
    assert_eq!(held.status, StatusCode::SEE_OTHER, "{}", held.body);
    ben.get("/portfolio/rsc").await;
    let rsc = ben
        .post(
            "/portfolio/rsc",
            &[
                ("provider.name", "Dr. Next Year"),
                ("format", "individual"),
                ("start", "2026-01-05"),
                ("end", &tomorrow),
                ("hours", "10"),
            ],
        )
        .await;
    assert_eq!(rsc.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(rsc.body.contains("record the hours received up to today"));

    // By import: a self-declared completed rating and membership to 2099 are not taken;
    // future-dated items refuse the whole file.
    let before = store.entries(ben_id).await.expect("entries");
    let future = serde_json::json!({
        "format": "lattice-portfolio/1",
        "person": {"name": "Ben Carter"},
        "work": [{"employer": "Next Door", "start": tomorrow, "end": null}],
    });
    let refused = upload(&mut ben, "/portfolio/import", &future.to_string()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains(&format!("work[0].start: {tomorrow} is after today")),
        "{}",
        refused.body
    );
    assert_eq!(store.entries(ben_id).await.expect("entries"), before);
    let claims = serde_json::json!({
        "format": "lattice-portfolio/1",
        "person": {"name": "Ben Carter"},
        "references": [
            {"role": "program-supervisor", "name": "Pat Self", "status": "completed",
             "completed_on": "2026-10-01", "not_enough_info": 0, "source": "rater",
             "endorsement": "IMHM-C", "known_since": "2010-01-01"},
        ],
        "membership": {"association": "massaimh", "valid_until": "2099-12-31", "source": "association"},
        "agreements": {"code_of_ethics": "2026-09-01", "endorsement_agreement": "2026-09-01"},
    });
    let imported = upload(&mut ben, "/portfolio/import", &claims.to_string()).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert!(
        imported.body.contains("Pat Self&#39;s rating was marked"),
        "{}",
        imported.body
    );
    let after = ben.get("/portfolio/export.json").await.json();
    let pat = after["references"]
        .as_array()
        .expect("references")
        .iter()
        .find(|r| r["name"] == "Pat Self")
        .expect("Pat listed");
    assert_eq!(pat["status"], "not-requested");
    assert_eq!(pat["source"], "applicant");
    // The rater's endorsement and how long they knew her are the rater's to say.
    assert!(pat.get("endorsement").is_none(), "{pat}");
    assert!(pat.get("known_since").is_none(), "{pat}");
    assert!(after.get("membership").is_none(), "{after}");
    // The panel counts none of it.
    let panel = ben.get("/portfolio").await;
    assert!(
        panel
            .body
            .contains("no membership record from the association yet"),
        "{}",
        panel.body
    );
    let from_raters = after["references"]
        .as_array()
        .expect("references")
        .iter()
        .filter(|r| r["source"] == "rater")
        .count();
    assert!(
        panel.body.contains(&format!(
            "{from_raters} rating{} sent by the rater through the emailed link",
            if from_raters == 1 { "" } else { "s" }
        )),
        "{}",
        panel.body
    );
}

#[tokio::test]
async fn trainings_import_from_csv_all_or_nothing() {
    let app = TestApp::sqlite().await;
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    let template = ben.get("/portfolio/trainings/template.csv").await;
    assert_eq!(template.status, StatusCode::OK);
    assert!(
        template
            .body
            .starts_with("title,provider,date,end_date,hours,kind")
    );
    ben.get("/portfolio/trainings").await;
    let ben_id = person(&app, "ben.carter@example.org").await;
    let before = app
        .state
        .store()
        .entries(ben_id)
        .await
        .expect("entries")
        .len();

    let bad = "title,provider,date,end_date,hours,kind,conference,competencies,population,topics\n\
               Good one,X,2024-01-05,,3,workshop,,reflective-supervision,,\n\
               Bad hours,X,2024-01-06,,lots,workshop,,reflective-supervision,,\n\
               Bad area,X,2024-01-07,,2,workshop,,made-up-area,,\n\
               Three bad cells,X,2024-13-01,,30,workshop,,made-up-area,,\n";
    let refused = upload(&mut ben, "/portfolio/trainings/import", bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("line 3, column 5 (hours)"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("line 4, column 8 (competencies)"),
        "{}",
        refused.body
    );
    // One bad cell hides no other on its line: the date, the hours a workshop cannot hold
    // and the unknown area are all named.
    for cell in [
        "line 5, column 3 (date): enter a date as YYYY-MM-DD",
        "line 5, column 5 (hours): 30 h is more than one day holds",
        "line 5, column 8 (competencies)",
    ] {
        assert!(refused.body.contains(cell), "{cell}: {}", refused.body);
    }
    assert_eq!(
        app.state
            .store()
            .entries(ben_id)
            .await
            .expect("entries")
            .len(),
        before,
        "nothing half-imported"
    );

    let imported = upload(&mut ben, "/portfolio/trainings/import", &template.body).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    assert_eq!(
        app.state
            .store()
            .entries(ben_id)
            .await
            .expect("entries")
            .len(),
        before + 2
    );
    let missing_column = upload(
        &mut ben,
        "/portfolio/trainings/import",
        "title,date\nx,2024-01-01\n",
    )
    .await;
    assert!(
        missing_column
            .body
            .contains("the column &#34;hours&#34; is missing"),
        "{}",
        missing_column.body
    );
}

#[tokio::test]
async fn a_new_applicant_signs_up_and_is_sent_to_register() {
    let app = TestApp::sqlite().await;
    let mut newcomer = app.client();
    newcomer.get("/sign-up").await;
    let short = newcomer
        .post(
            "/sign-up",
            &[
                ("name", "Noor Haddad"),
                ("email", "noor@example.org"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains(">Use at least 10 characters<"),
        "{}",
        short.body
    );
    assert!(
        short.body.contains("value=\"Noor Haddad\""),
        "typed name kept"
    );
    let created = newcomer
        .post(
            "/sign-up",
            &[
                ("name", "Noor Haddad"),
                ("email", "noor@example.org"),
                ("password", "long enough pass"),
                ("confirm", "long enough pass"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert!(created.body.contains("Check your email"));
    // The emailed link confirms the address and leads to signing in, then registering.
    let link = app
        .link_in_mail("noor@example.org", "/verify-email?token=")
        .await;
    let confirmed = newcomer
        .get(link.trim_start_matches("http://lattice.test"))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert!(confirmed.body.contains("/sign-in?next=/register"));
    newcomer.get("/sign-in?next=/register").await;
    let signed_in = newcomer
        .post(
            "/sign-in",
            &[
                ("email", "noor@example.org"),
                ("password", "long enough pass"),
                ("next", "/register"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert_eq!(signed_in.location.as_deref(), Some("/register"));
    let register = newcomer.get("/register").await;
    assert_eq!(register.status, StatusCode::OK, "signed in right away");
    assert!(register.body.contains("Register for a category"));
    let dashboard = newcomer.get("/dashboard").await;
    assert!(dashboard.body.contains("You have no application yet"));
}

#[tokio::test]
async fn coverage_picture_pathfinder_and_printable_summary() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let page = ana.get("/portfolio/coverage").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Training: Attachment and Loss in the First Years"),
        "sources listed per area"
    );
    assert!(
        page.body.contains("tile gap")
            || page.body.contains("tile many")
            || page.body.contains("tile one")
    );
    assert!(page.body.contains("Which category fits your portfolio"));
    assert!(
        page.body.contains("IFA") && page.body.contains("IMHM-C"),
        "every category ranked"
    );
    assert!(page.body.contains("your application"));
    let summary = ana.get("/portfolio/summary").await;
    assert_eq!(summary.status, StatusCode::OK);
    assert!(summary.body.contains("Portfolio of Ana Ruiz"));
    assert!(summary.body.contains("Foundations of Infant Mental Health"));
}

/// The coverage page tells documented areas from areas only ratings show. Ana's two raters
/// answered "consistently" for nearly every area, but "Disorders of infancy/early childhood"
/// is named only by a workshop of a second conference, which does not count: the tile is a
/// gap that says so, where it used to count three sources.
#[tokio::test]
async fn coverage_tells_documented_areas_from_areas_only_ratings_show() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let page = ana.get("/portfolio/coverage").await;
    assert_eq!(page.status, StatusCode::OK);
    let tile = |name: &str| -> String {
        let at = page
            .body
            .find(&format!("<span class=\"tile-name\">{name}</span>"))
            .unwrap_or_else(|| panic!("a tile for {name}: {}", page.body));
        let start = page.body[..at].rfind("<li class=\"tile").expect("its tile");
        let end = at + page.body[at..].find("</details>").expect("its end");
        page.body[start..end].to_string()
    };

    let disorders = tile("Disorders of infancy/early childhood");
    assert!(
        disorders.starts_with("<li class=\"tile gap\">"),
        "{disorders}"
    );
    assert!(
        disorders.contains(
            "<span class=\"tile-count\">shown only by ratings; not documented by coursework or training · expected</span>"
        ),
        "{disorders}"
    );
    assert!(
        disorders.contains(
            "<li>Listed, not counted: Zero to Three LEARN sessions (another conference, "
        ),
        "{disorders}"
    );
    assert!(
        disorders.contains("<li>Rating by Dr. Lena Ortiz (shows, does not document)</li>"),
        "{disorders}"
    );
    assert!(
        disorders.contains("Theoretical Foundations and Direct Service Skills areas must be documented by coursework or training; ratings and work experience do not document them."),
        "{disorders}"
    );

    let attachment = tile("Attachment, separation, trauma, grief &#38; loss");
    assert!(
        attachment.starts_with("<li class=\"tile one\">"),
        "{attachment}"
    );
    assert!(
        attachment.contains(
            "<span class=\"tile-count\">documented by 1 training or course · expected</span>"
        ),
        "{attachment}"
    );
    assert!(
        attachment.contains("<li>Training: Attachment and Loss in the First Years</li>"),
        "{attachment}"
    );

    // The adolescent workshop does not count; the in-service training does.
    let family = tile("Family relationships &#38; dynamics");
    assert!(family.starts_with("<li class=\"tile one\">"), "{family}");
    assert!(
        family.contains(
            "<li>Listed, not counted: Supporting Teens in Crisis (focused on adolescents;"
        ),
        "{family}"
    );

    // Reflection is not among the areas Category II expects documented: shown by ratings only.
    let reflection = tile("Reflective supervision");
    assert!(
        reflection.starts_with("<li class=\"tile rated\">"),
        "{reflection}"
    );
    assert!(
        reflection.contains(
            "<span class=\"tile-count\">shown only by ratings; not documented by coursework or training</span>"
        ),
        "{reflection}"
    );
    assert!(
        page.body.contains("Only your trainings and courses document an area, and only those that count toward your training hours"),
        "the page says what documents an area"
    );
}

#[tokio::test]
async fn transcripts_are_checked_by_content_and_shown_only_to_those_entitled() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/education").await;
    let fake = ana
        .post_file(
            "/portfolio/education/transcripts",
            "file",
            "transcript.pdf",
            "just text, not a PDF",
        )
        .await;
    assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &fake,
        "file",
        "Only PDF, PNG or JPEG files are accepted, and this file is none of them",
    );
    let pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let stored = ana
        .post_file(
            "/portfolio/education/transcripts",
            "file",
            "odd name.pdf",
            pdf,
        )
        .await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let page = ana.get("/portfolio/education").await;
    assert!(page.body.contains("odd name.pdf"));
    let ana_id = app
        .state
        .store()
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .0
        .id;
    let upload = app.state.store().uploads_of(ana_id).await.expect("uploads")[0].clone();
    assert_eq!(upload.content_type, "application/pdf");
    let path = format!("/uploads/{}", upload.id);
    let own = ana.get(&path).await;
    assert_eq!((own.status, own.body.as_str()), (StatusCode::OK, pdf));

    for (email, expected) in [
        ("coordinator@massaimh.test", StatusCode::OK),
        ("coordinator@ct-aimh.test", StatusCode::NOT_FOUND),
        ("reviewer1@massaimh.test", StatusCode::NOT_FOUND),
        ("ben.carter@example.org", StatusCode::NOT_FOUND),
    ] {
        let mut other = app.client();
        other.sign_in(email).await;
        assert_eq!(other.get(&path).await.status, expected, "{email}");
    }
    // Certificates go with trainings, checked the same way.
    ana.get("/portfolio/trainings").await;
    let png = "\u{89}PNG";
    let refused = ana
        .post_file("/portfolio/trainings/certificates", "file", "cert.png", png)
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "UTF-8 encoded bytes are not a PNG"
    );
    let certificate = ana
        .post_file(
            "/portfolio/trainings/certificates",
            "file",
            "certificate.pdf",
            pdf,
        )
        .await;
    assert_eq!(certificate.status, StatusCode::SEE_OTHER);
    assert!(
        ana.get("/portfolio/trainings")
            .await
            .body
            .contains("certificate.pdf")
    );
    assert!(
        !ana.get("/portfolio/education")
            .await
            .body
            .contains("certificate.pdf"),
        "listed with its own section"
    );
    let too_big = "%PDF-".to_string() + &"x".repeat(lattice_web::MAX_UPLOAD_BYTES + 1);
    let refused = ana
        .post_file(
            "/portfolio/education/transcripts",
            "file",
            "big.pdf",
            &too_big,
        )
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    assert_eq!(
        app.state
            .store()
            .uploads_of(ana_id)
            .await
            .expect("uploads")
            .len(),
        2
    );
}

#[tokio::test]
async fn comments_and_help_requests_reach_the_coordinator_only() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/trainings").await;
    let empty = ana
        .post(
            "/portfolio/trainings/messages",
            &[("kind", "help-technical"), ("body", "  ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(&empty, "Write your message (up to 4000 characters)");
    let odd = ana
        .post(
            "/portfolio/trainings/messages",
            &[("kind", "gossip"), ("body", "hi")],
        )
        .await;
    crate::mistakes::on_its_page(&odd);
    assert_eq!(
        crate::mistakes::field_of(&odd).as_deref(),
        Some("kind"),
        "{}",
        odd.body
    );
    let sent = ana
        .post(
            "/portfolio/trainings/messages",
            &[
                ("kind", "help-process"),
                ("body", "Does a webinar series count as one conference?"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert!(
        ana.get("/portfolio/trainings?sent=1")
            .await
            .body
            .contains("Sent to your coordinator")
    );
    let mails = app
        .state
        .store()
        .mails_to("coordinator@massaimh.test")
        .await
        .expect("mail");
    assert!(
        mails.iter().any(|m| m
            .subject
            .starts_with("Help request (process) from Ana Ruiz")),
        "{mails:?}"
    );

    let mut mass = app.client();
    mass.sign_in("coordinator@massaimh.test").await;
    let staff = mass.get("/staff/massaimh").await;
    assert!(
        staff
            .body
            .contains("Does a webinar series count as one conference?")
    );
    assert!(staff.body.contains("Help: process"));
    let mut ct = app.client();
    ct.sign_in("coordinator@ct-aimh.test").await;
    assert!(
        !ct.get("/staff/ct-aimh")
            .await
            .body
            .contains("webinar series")
    );
}
