//! The association's membership records: a roster imported from CSV as the coordinator does
//! it, all or nothing, on both backends; what the import records is what the applicant's
//! panel counts.

use axum::http::StatusCode;
use chrono::{Duration, Utc};

use crate::support::TestApp;

fn roster(rows: usize, extra: &[String]) -> String {
    let today = Utc::now().date_naive();
    let starts = (today - Duration::days(40)).to_string();
    let ends = (today + Duration::days(325)).to_string();
    let mut text = String::from("member_number,name,email,kind,starts_on,ends_on\n");
    for i in 0..rows {
        let kind = if i % 7 == 0 { "student" } else { "individual" };
        text.push_str(&format!(
            "R-{i:05},Member {i},member{i}@example.org,{kind},{starts},{ends}\n"
        ));
    }
    for line in extra {
        text.push_str(line);
        text.push('\n');
    }
    text
}

async fn a_roster_of_five_thousand_imports_whole(app: TestApp) {
    let store = app.state.store();
    let mass = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let (before, _) = store
        .memberships_of_association(mass, 1)
        .await
        .expect("count");
    let today = Utc::now().date_naive();
    let ben_line = format!(
        "B-1,Ben Carter,Ben.Carter@example.org,individual,{},{}",
        today - Duration::days(10),
        today + Duration::days(355)
    );
    let file = roster(4_999, &[ben_line]);

    // Before: Ben's panel has no membership to count.
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    let panel = ben.get("/portfolio").await;
    assert!(
        panel
            .body
            .contains("no membership record from the association yet")
    );

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let page = coordinator.get("/staff/massaimh/members").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let imported = coordinator
        .post_file(
            "/staff/massaimh/members/import",
            "file",
            "roster.csv",
            &file,
        )
        .await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    let (after, listed) = store
        .memberships_of_association(mass, 200)
        .await
        .expect("count");
    assert_eq!(after, before + 5_000);
    assert_eq!(listed.len(), 200);
    let page = coordinator
        .get("/staff/massaimh/members?imported=5000")
        .await;
    assert!(
        page.body.contains("Imported 5000 memberships."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("{} membership records", before + 5_000))
    );

    // Ben, already known by his email, now counts his membership from the record.
    let panel = ben.get("/portfolio").await;
    assert!(
        panel
            .body
            .contains("the association&#39;s membership record (massaimh)"),
        "{}",
        panel.body
    );
    assert!(
        panel.body.contains("member no. B-1 (Individual)"),
        "{}",
        panel.body
    );
    // A new member got an account without a password.
    let (member, hash) = store
        .person_by_email("member4321@example.org")
        .await
        .expect("created");
    assert_eq!(member.name, "Member 4321");
    assert!(hash.is_none());

    // The same file again: every line is recorded already exactly so and left alone.
    let again = coordinator
        .post_file(
            "/staff/massaimh/members/import",
            "file",
            "roster.csv",
            &file,
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let page = coordinator.get("/staff/massaimh/members?imported=0").await;
    assert!(page.body.contains("Nothing new"), "{}", page.body);
    let (unchanged, _) = store
        .memberships_of_association(mass, 1)
        .await
        .expect("count");
    assert_eq!(unchanged, before + 5_000);

    // A file that says something else about a recorded membership (R-00001's type) clashes on
    // that line: nothing of it is recorded, not even its new line.
    let changed = roster(
        2,
        &[format!(
            "N-1,New Member,new.member@example.org,individual,{},{}",
            today - Duration::days(1),
            today + Duration::days(300)
        )],
    )
    .replacen(
        "R-00001,Member 1,member1@example.org,individual",
        "R-00001,Member 1,member1@example.org,student",
        1,
    );
    let clash = coordinator
        .post_file(
            "/staff/massaimh/members/import",
            "file",
            "roster.csv",
            &changed,
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        clash.body.contains(
            "line 3, column 1 (member_number): member number R-00001 already has a membership starting"
        ) && clash.body.contains("recorded differently: its type is individual"),
        "{}",
        clash.body
    );
    let (unchanged, _) = store
        .memberships_of_association(mass, 1)
        .await
        .expect("count");
    assert_eq!(unchanged, before + 5_000);
    assert!(
        store
            .person_by_email("new.member@example.org")
            .await
            .is_err()
    );

    // Another association's coordinator and the member cannot reach the page or the import.
    let mut other = app.client();
    other.sign_in("coordinator@ct-aimh.test").await;
    assert_eq!(
        other.get("/staff/massaimh/members").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ben.get("/staff/massaimh/members").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_roster_of_five_thousand_imports_whole_on_sqlite() {
    a_roster_of_five_thousand_imports_whole(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_roster_of_five_thousand_imports_whole_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    a_roster_of_five_thousand_imports_whole(app).await;
}

#[tokio::test]
async fn a_roster_with_bad_rows_records_nothing_and_names_each_cell() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mass = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let (before, _) = store
        .memberships_of_association(mass, 1)
        .await
        .expect("count");
    let today = Utc::now().date_naive();
    let tomorrow = today + Duration::days(1);
    let bad = roster(
        3,
        &[
            format!("X-1,No Email,not-an-email,individual,{today},{today}"),
            format!("X-2,Early Bird,early@example.org,individual,{tomorrow},{tomorrow}"),
            format!(
                "X-3,Backwards,back@example.org,student,{today},{}",
                today - Duration::days(1)
            ),
            format!("X-4,Odd Kind,odd@example.org,lifetime,{today},{today}"),
            "X-5,Bad Date,bad@example.org,individual,2026-13-01,2027-01-01".to_string(),
            format!(
                "R-00001,Twice,twice@example.org,individual,{},{}",
                today - Duration::days(40),
                today + Duration::days(325)
            ),
        ],
    );
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh/members").await;
    let refused = coordinator
        .post_file("/staff/massaimh/members/import", "file", "roster.csv", &bad)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in [
        "line 5, column 3 (email): &#34;not-an-email&#34; is not an email address".to_string(),
        format!("line 6, column 5 (starts_on): {tomorrow} is after today ({today})"),
        format!(
            "line 7, column 6 (ends_on): {} is before the first day",
            today - Duration::days(1)
        ),
        "line 8, column 4 (kind): &#34;lifetime&#34; is not a membership type".to_string(),
        "line 9, column 5 (starts_on): &#34;2026-13-01&#34; is not a date".to_string(),
        "line 10, column 1 (member_number): R-00001 starting".to_string(),
    ] {
        assert!(
            refused.body.contains(&expected),
            "{expected}: {}",
            refused.body
        );
    }
    assert!(refused.body.contains("Nothing was imported."));
    let (after, _) = store
        .memberships_of_association(mass, 1)
        .await
        .expect("count");
    assert_eq!(after, before, "nothing recorded");
    // Today and a one-day membership are fine: the boundaries are inclusive.
    let good = roster(
        0,
        &[format!(
            "X-6,One Day,oneday@example.org,individual,{today},{today}"
        )],
    );
    let imported = coordinator
        .post_file(
            "/staff/massaimh/members/import",
            "file",
            "roster.csv",
            &good,
        )
        .await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    // A header that is not the template's.
    let wrong = "number,name\nX-7,Someone\n";
    let refused = coordinator
        .post_file(
            "/staff/massaimh/members/import",
            "file",
            "roster.csv",
            wrong,
        )
        .await;
    assert!(
        refused
            .body
            .contains("line 1: the column &#34;member_number&#34; is missing")
    );
    assert!(
        refused
            .body
            .contains("line 1: unknown column &#34;number&#34;")
    );
}

/// Joining is asked for by the person and recorded by the coordinator: the request alone
/// counts for nothing, the record answers it.
#[tokio::test]
async fn a_member_asks_to_join_and_the_coordinator_records_it() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    let page = ben.get("/portfolio").await;
    assert!(page.body.contains("Join the association"), "{}", page.body);
    let bad = ben
        .post(
            "/membership/request",
            &[("association", "nowhere"), ("kind", "individual")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(&bad, "Choose the association to join");
    let asked = ben
        .post(
            "/membership/request",
            &[("association", "massaimh"), ("kind", "student")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let twice = ben
        .post(
            "/membership/request",
            &[("association", "massaimh"), ("kind", "student")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("already waiting for the coordinator"));
    let page = ben.get("/portfolio").await;
    assert!(
        page.body.contains("You asked to join or renew (Student)"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("no membership record from the association yet"),
        "a request is not a membership: {}",
        page.body
    );
    let mails = store
        .mails_to("coordinator@massaimh.test")
        .await
        .expect("mail");
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "Membership request from Ben Carter")
    );

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let members = coordinator.get("/staff/massaimh/members").await;
    assert!(
        members.body.contains("ben.carter@example.org"),
        "{}",
        members.body
    );
    let today = Utc::now().date_naive();
    let unknown = coordinator
        .post(
            "/staff/massaimh/members/record",
            &[
                ("email", "nobody@example.org"),
                ("member_number", "S-9"),
                ("kind", "student"),
                ("starts_on", &today.to_string()),
                ("ends_on", &(today + Duration::days(364)).to_string()),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &unknown,
        "email",
        "No account uses nobody@example.org; add the member with a roster import instead",
    );
    let recorded = coordinator
        .post(
            "/staff/massaimh/members/record",
            &[
                ("email", "Ben.Carter@example.org"),
                ("member_number", "S-9"),
                ("kind", "student"),
                ("starts_on", &today.to_string()),
                ("ends_on", &(today + Duration::days(364)).to_string()),
            ],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let members = coordinator.get("/staff/massaimh/members").await;
    assert!(
        members.body.contains("No open requests."),
        "{}",
        members.body
    );
    let page = ben.get("/portfolio").await;
    assert!(
        page.body.contains("member no. S-9 (Student)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Renew your membership"));
    assert!(
        page.body
            .contains("the association&#39;s membership record (massaimh)"),
        "{}",
        page.body
    );
}

/// A rating on paper counts only as a coordinator's attested record, named in the audit;
/// the applicant cannot record one, and the panel says whose word it is.
#[tokio::test]
async fn a_paper_rating_is_the_coordinators_attested_record() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let ben_app = app.application_of("ben.carter@example.org").await;
    let today = Utc::now().date_naive();
    let form = |attest: &'static str, date: String| {
        vec![
            ("name".to_string(), "Paula Paper".to_string()),
            ("email".to_string(), "paula@example.org".to_string()),
            ("role".to_string(), "program-supervisor".to_string()),
            ("completed_on".to_string(), date),
            ("not_enough_info".to_string(), "2".to_string()),
            ("attest".to_string(), attest.to_string()),
        ]
    };
    let pairs = |fields: &[(String, String)]| -> Vec<(String, String)> { fields.to_vec() };
    let path = format!("/applications/{ben_app}/paper-rating");
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get(&format!("/applications/{ben_app}")).await;
    let own = pairs(&form("yes", today.to_string()));
    let own: Vec<(&str, &str)> = own.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let refused = ben.post(&path, &own).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(
        &refused,
        "Only the association's coordinator records a paper rating",
    );

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let page = coordinator.get(&format!("/applications/{ben_app}")).await;
    assert!(
        page.body.contains("Record a paper rating form"),
        "{}",
        page.body
    );
    for (fields, says) in [
        (
            form("", today.to_string()),
            ("attest", "Confirm that you hold the rater's signed form"),
        ),
        (
            form("yes", (today + Duration::days(1)).to_string()),
            ("completed_on", "is after today"),
        ),
    ] {
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let bad = coordinator.post(&path, &fields).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        crate::mistakes::on_its_page(&bad);
        assert_eq!(crate::mistakes::field_of(&bad).as_deref(), Some(says.0));
        assert!(
            crate::mistakes::message_of(&bad).is_some_and(|m| m.contains(says.1)),
            "{says:?}: {}",
            bad.body
        );
    }
    let person = store
        .application(lattice_domain::ids::ApplicationId(ben_app))
        .await
        .expect("row")
        .person;
    let before = store.entries(person).await.expect("entries").len();
    let recorded = coordinator.post(&path, &own).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    assert_eq!(
        store.entries(person).await.expect("entries").len(),
        before + 1
    );
    let export = ben.get("/portfolio/export.json").await.json();
    let paula = export["references"]
        .as_array()
        .expect("references")
        .iter()
        .find(|r| r["name"] == "Paula Paper")
        .expect("listed")
        .clone();
    assert_eq!(paula["status"], "completed");
    assert_eq!(paula["source"], "staff");
    assert_eq!(paula["not_enough_info"], 2);
    let panel = ben.get("/portfolio").await;
    assert!(
        panel
            .body
            .contains("Evidence: 2 ratings sent by the rater through the emailed link; 1 paper rating recorded by a coordinator</p>"),
        "{}",
        panel.body
    );
    // In Spanish, the same counts in Spanish words.
    ben.post("/language", &[("language", "es")]).await;
    let panel = ben.get("/portfolio").await;
    assert!(
        panel.body.contains(
            "Constancia: 2 evaluaciones enviadas por el/la referente mediante el enlace recibido por correo; 1 evaluación en papel registrada por un/a coordinador/a</p>"
        ),
        "{}",
        panel.body
    );
    let history = store
        .audit_of_subject(&format!("application:{ben_app}"))
        .await
        .expect("audit");
    let row = history
        .iter()
        .find(|a| a.action == "record-paper-rating")
        .expect("audited");
    assert!(row.reason.contains("Paula Paper (program-supervisor)"));
    assert!(row.actor.is_some());
}

/// A coordinator ends a membership early: the record stays with its reason, and from the day
/// after its last day it no longer counts. Then, at an association whose rules accept
/// membership elsewhere, the applicant sends proof of another association's membership and a
/// coordinator verifies it; it counts again, named as the other association's.
async fn memberships_end_early_and_elsewhere_is_verified_from_proof(app: TestApp) {
    let store = app.state.store().clone();
    let (person, _) = store
        .person_by_email("grace.okafor@example.org")
        .await
        .expect("grace");
    let today = Utc::now().date_naive();
    let record = store
        .memberships_of(person.id)
        .await
        .expect("memberships")
        .into_iter()
        .next()
        .expect("Grace is a member of NMAIMH in the demo");
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@nmaimh.test").await;
    let page = coordinator.get("/staff/nmaimh/members").await;
    assert!(
        page.body
            .contains(&format!("/staff/nmaimh/members/{}/end", record.id))
    );
    let end = format!("/staff/nmaimh/members/{}/end", record.id);

    // Refused: no reason; another association's coordinator.
    let refused = coordinator
        .post(&end, &[("last_day", &today.to_string()), ("reason", " ")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &refused,
        "reason",
        "Say why it ends early (up to 500 characters)",
    );
    let mut other = app.client();
    other.sign_in("coordinator@massaimh.test").await;
    other.get("/dashboard").await;
    let tried = other
        .post(
            &format!("/staff/massaimh/members/{}/end", record.id),
            &[("last_day", &today.to_string()), ("reason", "forged")],
        )
        .await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);

    // Ending on today: it still counts today.
    let ended = coordinator
        .post(
            &end,
            &[("last_day", &today.to_string()), ("reason", "moved away")],
        )
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    // (Grace's application reads the portfolio she handed in; her portfolio page reads the
    // records as they are now.)
    let mut applicant = app.client();
    applicant.sign_in("grace.okafor@example.org").await;
    let mine = applicant.get("/portfolio").await;
    assert!(
        mine.body.contains(&format!("runs until {today}")),
        "{}",
        mine.body
    );
    // Ending on yesterday: it no longer counts, and says why.
    let yesterday = (today - Duration::days(1)).to_string();
    let ended = coordinator
        .post(&end, &[("last_day", &yesterday), ("reason", "moved away")])
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    let page = coordinator.get("/staff/nmaimh/members").await;
    assert!(
        page.body.contains("Ended early: moved away"),
        "{}",
        page.body
    );
    let mine = applicant.get("/portfolio").await;
    assert!(
        mine.body.contains(&format!("ended {yesterday}")),
        "{}",
        mine.body
    );
    let row = store
        .memberships_of(person.id)
        .await
        .expect("memberships")
        .into_iter()
        .find(|m| m.id == record.id)
        .expect("kept");
    assert_eq!(row.ends_on, today - Duration::days(1));
    // Ending never lengthens: a later day leaves it as it is.
    coordinator
        .post(
            &end,
            &[
                ("last_day", &(today + Duration::days(30)).to_string()),
                ("reason", "typo"),
            ],
        )
        .await;
    let row = store
        .memberships_of(person.id)
        .await
        .expect("memberships")
        .into_iter()
        .find(|m| m.id == record.id)
        .expect("kept");
    assert_eq!(row.ends_on, today - Duration::days(1));

    // Grace is a member of another association: NMAIMH accepts that, from a proof.
    let portfolio = applicant.get("/portfolio").await;
    assert!(portfolio.body.contains("id=\"membership-elsewhere\""));
    let until = (today + Duration::days(200)).to_string();
    let fields = |association: &'static str| {
        vec![
            ("association", association),
            ("other_association", "Zero to Three Learning Network"),
            ("member_number", "ZT-4471"),
        ]
    };
    // MassAIMH counts only its own membership.
    let mut massaimh = fields("massaimh");
    massaimh.push(("valid_until", &until));
    let refused = applicant
        .post_multipart(
            "/membership/other",
            &massaimh,
            ("proof", "card.pdf", "%PDF-1.4 membership card"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(
        &refused,
        "Massachusetts Association for Infant Mental Health counts only membership in itself; join it instead",
    );
    // A proof that is not a PDF or an image is refused, naming the field.
    let mut nmaimh = fields("nmaimh");
    nmaimh.push(("valid_until", &until));
    let refused = applicant
        .post_multipart(
            "/membership/other",
            &nmaimh,
            ("proof", "card.pdf", "not a pdf"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::says(
        &refused,
        "Only PDF, PNG or JPEG files are accepted, and this file is none of them",
    );
    let sent = applicant
        .post_multipart(
            "/membership/other",
            &nmaimh,
            ("proof", "card.pdf", "%PDF-1.4 membership card"),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    // Nothing counts until a coordinator checks the proof.
    let mine = applicant.get("/portfolio").await;
    assert!(
        mine.body
            .contains("You sent proof of your membership of Zero to Three Learning Network")
    );
    assert!(mine.body.contains(&format!("ended {yesterday}")));
    let requests = store
        .open_membership_requests(Some(person.id), None)
        .await
        .expect("requests");
    let request = requests.first().expect("the request");
    let claim = request
        .other
        .clone()
        .expect("a claim of membership elsewhere");
    assert_eq!(claim.member_number, "ZT-4471");
    let page = coordinator.get("/staff/nmaimh/members").await;
    assert!(
        page.body
            .contains("Says: member of Zero to Three Learning Network (no. ZT-4471)")
    );
    // The coordinator opens the proof; another association's cannot.
    let proof = coordinator
        .get(&format!("/uploads/{}?view=inline", claim.proof_upload))
        .await;
    assert_eq!(proof.status, StatusCode::OK);
    assert!(proof.body.starts_with("%PDF-1.4"));
    assert_eq!(
        other
            .get(&format!("/uploads/{}", claim.proof_upload))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let verify = format!("/staff/nmaimh/members/requests/{}/verify", request.id);
    let tried = other.post(&verify, &[]).await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);
    let verified = coordinator.post(&verify, &[]).await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.body);
    // Once: the request is closed.
    assert_eq!(
        coordinator.post(&verify, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let mine = applicant.get("/portfolio").await;
    assert!(
        mine.body
            .contains("Member of Zero to Three Learning Network (no. ZT-4471)"),
        "{}",
        mine.body
    );
    let latest = store
        .memberships_of(person.id)
        .await
        .expect("memberships")
        .into_iter()
        .next()
        .expect("recorded");
    assert_eq!(
        latest.other_association.as_deref(),
        Some("Zero to Three Learning Network")
    );
    assert_eq!(latest.ends_on.to_string(), until);
    let audit = store
        .audit_of_subject(&format!("membership-request:{}", request.id))
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
}

#[tokio::test]
async fn memberships_end_early_and_elsewhere_is_verified_from_proof_on_sqlite() {
    memberships_end_early_and_elsewhere_is_verified_from_proof(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn memberships_end_early_and_elsewhere_is_verified_from_proof_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        memberships_end_early_and_elsewhere_is_verified_from_proof(app).await;
    }
}

/// Dues: the coordinator sets what each type pays; a request keeps the amount it was told, the
/// applicant reads it with the provider's instructions, and a coordinator records it paid.
async fn dues_are_told_at_request_and_recorded_paid(app: TestApp) {
    let store = app.state.store().clone();
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let page = coordinator.get("/staff/massaimh/members").await;
    assert!(page.body.contains("id=\"dues-form\""));
    // Bad amounts name their field; nothing is saved.
    for bad in ["-5", "abc", "100001"] {
        let refused = coordinator
            .post(
                "/staff/massaimh/members/dues",
                &[("dues:individual", "65"), ("dues:student", bad)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(
            crate::mistakes::field_of(&refused).as_deref(),
            Some("dues:student"),
            "{}",
            refused.body
        );
    }
    let massaimh = store.association_by_slug("massaimh").await.expect("a").id;
    assert!(
        store
            .membership_dues(massaimh)
            .await
            .expect("dues")
            .is_empty()
    );
    let saved = coordinator
        .post(
            "/staff/massaimh/members/dues",
            &[
                ("dues:individual", "$65"),
                ("dues:student", "0"),
                ("dues:organizational", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        store.membership_dues(massaimh).await.expect("dues"),
        vec![("individual".to_string(), 65), ("student".to_string(), 0)]
    );

    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get("/portfolio").await;
    let asked = ben
        .post(
            "/membership/request",
            &[("association", "massaimh"), ("kind", "individual")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    // The amount is the request's: changing the dues later does not change what Ben owes.
    coordinator
        .post("/staff/massaimh/members/dues", &[("dues:individual", "80")])
        .await;
    let mine = ben.get("/portfolio").await;
    assert!(
        mine.body.contains("Dues: $65, not paid yet."),
        "{}",
        mine.body
    );
    assert!(mine.body.contains("Pay the association as it asks"));
    let request = store
        .open_membership_requests(
            Some(
                store
                    .person_by_email("ben.carter@example.org")
                    .await
                    .expect("ben")
                    .0
                    .id,
            ),
            None,
        )
        .await
        .expect("requests")
        .pop()
        .expect("open");
    let dues = request.dues.clone().expect("dues");
    assert_eq!((dues.amount_usd, dues.provider.as_str()), (65, "manual"));
    let page = coordinator.get("/staff/massaimh/members").await;
    assert!(
        page.body.contains("Dues $65 not paid yet."),
        "{}",
        page.body
    );
    let paid = format!("/staff/massaimh/members/requests/{}/dues-paid", request.id);
    let mut other = app.client();
    other.sign_in("coordinator@ct-aimh.test").await;
    other.get("/dashboard").await;
    assert_eq!(
        other
            .post(
                &format!("/staff/ct-aimh/members/requests/{}/dues-paid", request.id),
                &[]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        coordinator.post(&paid, &[]).await.status,
        StatusCode::SEE_OTHER
    );
    // Once.
    assert_eq!(
        coordinator.post(&paid, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let mine = ben.get("/portfolio").await;
    assert!(
        mine.body.contains("Dues of $65 recorded paid on"),
        "{}",
        mine.body
    );
    let audit = store
        .audit_of_subject(&format!("membership-request:{}", request.id))
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "membership-dues-paid");
}

#[tokio::test]
async fn dues_are_told_at_request_and_recorded_paid_on_sqlite() {
    dues_are_told_at_request_and_recorded_paid(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn dues_are_told_at_request_and_recorded_paid_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        dues_are_told_at_request_and_recorded_paid(app).await;
    }
}
