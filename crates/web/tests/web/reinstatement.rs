//! Reinstatement as the rules say (issue #26, items 3 and 4): before lapse the renewal page
//! explains the deadline, grace period, late fee, lapse and reinstatement in the association's
//! figures; a lapsed endorsee reads what is needed before anything is created; only ratings
//! completed from the lapse day on count; the endorsee and the coordinator are mailed; the
//! queue marks the reinstatement; the coordinator hears when both reviews are in; the final
//! mail says "reinstated" and the certificate keeps the original endorsement date.

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use lattice_domain::application::State;
use lattice_domain::endorsement::Status;
use lattice_domain::ids::{ApplicationId, PersonId};
use lattice_store::{
    Effects, NewApplication, NewAudit, NewEndorsement, NewPerson, NewRaterRequest, NewRating,
    Section, SharedStore,
};
use serde_json::json;

use crate::support::TestApp;

pub(crate) const ENDORSED_ON: &str = "2024-06-01";

/// A MassAIMH endorsee whose endorsement has lapsed through the yearly pass.
pub(crate) struct Lapsed {
    pub person: PersonId,
    pub endorsement: i64,
    pub number: String,
    /// The day the pass lapsed it (today).
    pub lapsed_on: NaiveDate,
    /// When the old endorsement's three ratings were completed: before the lapse.
    pub rated_on: NaiveDate,
}

/// An IFS endorsee of MassAIMH, endorsed on [`ENDORSED_ON`], good through yesterday, whose
/// original application carries three ratings completed 40 days ago (sent by their raters,
/// through the store call the rating link uses), a job that goes on, and a current membership;
/// then the yearly pass lapses the endorsement.
pub(crate) async fn lapsed_endorsee(
    store: &SharedStore,
    catalog: &lattice_profiles::Catalog,
    email: &str,
    name: &str,
) -> Lapsed {
    let store = store.clone();
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
    let today = Utc::now().date_naive();
    let endorsement = store
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
            endorsed_on: NaiveDate::parse_from_str(ENDORSED_ON, "%Y-%m-%d").expect("date"),
            valid_through: today - Duration::days(1),
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    let job = json!({"employer": "Early Intervention Partners", "role": "Home visitor",
        "start": "2021-06-01", "end": null, "paid": true, "supervised": true,
        "internship": false, "families_served": 14, "ages": ["birth-36m"],
        "with_child_and_parent": true, "classroom": false, "services": ["home-visiting"],
        "provides_rsc": false, "leadership": false});
    store
        .add_entry(person, Section::Work, &job)
        .await
        .expect("work");
    store
        .set_portfolio_meta(
            person,
            &json!({"agreements": {"code_of_ethics": today.to_string(),
                                   "endorsement_agreement": "2024-05-01"}}),
        )
        .await
        .expect("meta");
    crate::support::record_membership(
        &store,
        person,
        "massaimh",
        &(today + Duration::days(300)).to_string(),
    )
    .await;

    // The original application and its three ratings, completed before the lapse.
    let now = Utc::now();
    let original = store
        .register_application(
            &NewApplication {
                person,
                association,
                category: "IFS".to_string(),
                intended_submission: None,
                created_at: now,
            },
            "original application",
            &Effects::default(),
        )
        .await
        .expect("application");
    let rated_on = today - Duration::days(40);
    for (role, rater) in [
        ("program-supervisor", "Janet Park"),
        ("rsc-provider", "Dr. Lena Ortiz"),
        ("colleague", "Sam Okafor"),
    ] {
        let rater_email = format!(
            "{}@raters.example.org",
            rater.to_lowercase().replace(['.', ' '], "")
        );
        let entry = json!({"role": role, "name": rater, "email": rater_email,
            "status": "requested", "endorsement": "none"});
        let id = store
            .add_entry(person, Section::References, &entry)
            .await
            .expect("reference");
        let token = format!("old-rating-{person}-{role}");
        let hash = lattice_store::token::hash_token(&token);
        store
            .create_rater_request(
                &NewRaterRequest {
                    application: original,
                    entry: Some(id),
                    waived: false,
                    rater_name: rater.to_string(),
                    rater_email: rater_email.clone(),
                    role: role.to_string(),
                    token_hash: hash.clone(),
                    created_at: now,
                    expires_at: now + Duration::days(30),
                    language: lattice_domain::language::Language::English,
                },
                &lattice_store::NewMail {
                    recipient: rater_email,
                    subject: "rating".to_string(),
                    body: "rating".to_string(),
                    created_at: now,
                },
            )
            .await
            .expect("request");
        let answers: serde_json::Map<String, serde_json::Value> =
            lattice_domain::competency::CompetencyArea::all()
                .map(|a| (a.id().to_string(), json!("consistently")))
                .collect();
        let mut data = entry.clone();
        data["status"] = json!("completed");
        data["completed_on"] = json!(rated_on.to_string());
        data["not_enough_info"] = json!(0);
        data["source"] = json!("rater");
        store
            .submit_rating(
                &hash,
                now,
                &NewRating {
                    answers: serde_json::Value::Object(answers),
                    not_enough_info: 0,
                    comments: String::new(),
                    known_since: None,
                    submitted_at: now,
                },
                Some((person, id, data)),
            )
            .await
            .expect("rating");
    }
    walk(
        &store,
        original,
        &[State::Registered, State::Confirmed, State::Submitted]
            .into_iter()
            .chain([State::UnderReview, State::Endorsed])
            .collect::<Vec<_>>(),
    )
    .await;

    // A served app's own worker may run the same pass first; either way it is lapsed after.
    lattice_web::lifecycle::run_pass(&store, catalog, "http://lattice.test", Utc::now())
        .await
        .expect("pass");
    let row = store.endorsement(endorsement).await.expect("row");
    assert_eq!(row.status, Status::Lapsed);
    Lapsed {
        person,
        endorsement,
        number: row.credential_number,
        lapsed_on: row.status_since,
        rated_on,
    }
}

/// Moves an application through `states` in the store, as staff pages would.
pub(crate) async fn walk(store: &SharedStore, application: ApplicationId, states: &[State]) {
    let mut state = store.application(application).await.expect("app").state;
    for next in states {
        store
            .transition(
                application,
                state,
                *next,
                &NewAudit {
                    at: Utc::now(),
                    actor: None,
                    association: None,
                    subject: format!("application:{application}"),
                    action: "test-walk".to_string(),
                    reason: String::new(),
                },
                &Effects::default(),
            )
            .await
            .expect("walk");
        state = *next;
    }
}

/// The reinstatement application of a person.
async fn reinstating(store: &SharedStore, person: PersonId) -> lattice_store::ApplicationRow {
    store
        .applications_of_person(person)
        .await
        .expect("applications")
        .into_iter()
        .find(|a| a.reinstates.is_some())
        .expect("a reinstatement")
}

#[tokio::test]
async fn before_lapse_the_renewal_page_tells_deadline_grace_late_fee_lapse_and_reinstatement() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let hash = store
        .person_by_email("ana@example.org")
        .await
        .expect("ana")
        .1;
    let person = store
        .create_person(&NewPerson {
            email: "rita@example.org".to_string(),
            name: "Rita Vale".to_string(),
            password_hash: hash,
            admin: false,
        })
        .await
        .expect("person");
    let association = store.association_by_slug("massaimh").await.expect("a").id;
    let today = Utc::now().date_naive();
    let profile = app
        .state
        .catalog()
        .profile("massaimh", today)
        .expect("profile");
    // Good through the end of the first renewal year the profile's calendar gives today.
    let through = lattice_domain::endorsement::first_good_through(&profile.renewal, today)
        .expect("a deadline");
    store
        .add_endorsement(&NewEndorsement {
            person,
            association,
            abbreviation: "MassAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: "Rita Vale, IMH-E®".to_string(),
            title_line: "Infant Family Specialist".to_string(),
            display_name: "Rita Vale".to_string(),
            city: "Boston".to_string(),
            region: "MA".to_string(),
            endorsed_on: NaiveDate::from_ymd_opt(2024, 6, 1).expect("date"),
            valid_through: through,
            at: Utc::now(),
        })
        .await
        .expect("endorsement");
    let mut rita = app.client();
    rita.sign_in("rita@example.org").await;
    let page = rita.get("/renewal").await;
    assert_eq!(page.status, StatusCode::OK);

    // Every figure comes from the profile: the deadline, the late fee, the lapse day, the
    // rating count and the processing fee.
    let year = (through.year() - 1..=through.year() + 1)
        .find(|y| lattice_domain::endorsement::good_through(&profile.renewal, *y) == Some(through))
        .expect("the renewal year");
    let deadline = profile
        .renewal
        .deadline
        .in_renewal_year(year)
        .expect("deadline");
    let rule = profile
        .rule(lattice_domain::category::Track::II)
        .expect("IFS");
    let fee = rule.fees.as_ref().expect("fees").processing_usd;
    let mut expected = vec![format!("Renewal for {year} is due by {deadline}.")];
    expected.push(if through > deadline {
        format!("Grace period: a late renewal is still taken until {through}")
    } else {
        "There is no grace period: the deadline is the last day of good standing.".to_string()
    });
    expected.push(match profile.renewal.late_fee_usd {
        Some(late) => format!("Late fee: a renewal handed in after {deadline} costs ${late}."),
        None => "No late fee is charged.".to_string(),
    });
    expected.push(format!(
        "Lapse: not renewed by {through}, the endorsement lapses on the next day."
    ));
    expected.push(format!(
        "three new ratings (Ratings completed on or after {}",
        through + Duration::days(1)
    ));
    expected.push(format!(
        "the processing fee (The ${fee} processing fee, again"
    ));
    for line in expected {
        assert!(page.body.contains(&line), "{line:?} in {}", page.body);
    }
    // Not lapsed: nothing to reinstate.
    assert!(!page.body.contains("/reinstate\""), "{}", page.body);
}

async fn reinstatement_reads_needs_first_and_counts_only_new_ratings(app: TestApp) {
    let store = app.state.store().clone();
    let lapsed = lapsed_endorsee(
        app.state.store(),
        app.state.catalog(),
        "rena@example.org",
        "Rena Walsh",
    )
    .await;
    let number = &lapsed.number;
    let before = store
        .applications_of_person(lapsed.person)
        .await
        .expect("apps")
        .len();

    // The renewal page links to what is needed; reading it creates nothing.
    let mut rena = app.client();
    rena.sign_in("rena@example.org").await;
    let renewal = rena.get("/renewal").await;
    assert!(
        renewal
            .body
            .contains(&format!("href=\"/credentials/{number}/reinstate\"")),
        "{}",
        renewal.body
    );
    let needs = rena.get(&format!("/credentials/{number}/reinstate")).await;
    assert_eq!(needs.status, StatusCode::OK, "{}", needs.body);
    let profile = app
        .state
        .catalog()
        .profile("massaimh", Utc::now().date_naive())
        .expect("profile");
    let fee = profile
        .rule(lattice_domain::category::Track::II)
        .and_then(|r| r.fees.clone())
        .expect("fees")
        .processing_usd;
    for text in [
        format!(
            "<dt>Lapsed on</dt><dd><strong>{}</strong></dd>",
            lapsed.lapsed_on
        ),
        format!("<dt>Endorsed on</dt><dd>{ENDORSED_ON}</dd>"),
        "Updated membership".to_string(),
        "New experience".to_string(),
        "Three new ratings".to_string(),
        format!("Ratings completed on or after {}.", lapsed.lapsed_on),
        format!("The ${fee} processing fee, again: it is invoiced when you submit."),
        "Start the reinstatement".to_string(),
    ] {
        assert!(needs.body.contains(&text), "{text:?} in {}", needs.body);
    }
    assert_eq!(
        store
            .applications_of_person(lapsed.person)
            .await
            .expect("apps")
            .len(),
        before,
        "reading the page creates nothing"
    );
    // Someone else's lapsed endorsement is not theirs to read.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    assert_eq!(
        ana.get(&format!("/credentials/{number}/reinstate"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Confirming starts it, and mails the endorsee and the coordinator.
    let started = rena
        .post(&format!("/credentials/{number}/reinstate"), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let application = reinstating(&store, lapsed.person).await;
    assert_eq!(application.reinstates, Some(lapsed.endorsement));
    assert_eq!(
        started.location.as_deref(),
        Some(format!("/applications/{}", application.id).as_str())
    );
    let row = store.endorsement(lapsed.endorsement).await.expect("row");
    let mails = store.mails_to("rena@example.org").await.expect("mails");
    let started_mail = mails
        .iter()
        .find(|m| m.subject == "Reinstating your IFS endorsement")
        .expect("the endorsee's mail");
    assert_eq!(
        started_mail.body,
        format!(
            "Hello Rena Walsh,\n\nYou started the reinstatement of your Infant Family Specialist endorsement ({number}), which lapsed on {lapsed_on}. It is reviewed like an application; once reinstated, it keeps its number and its original endorsement date ({ENDORSED_ON}).\n\nWhat is needed:\n- Updated membership: A current membership of MassAIMH, recorded by MassAIMH.\n- New experience: Work or training since {lapsed_on}, added to your portfolio: a job that went on after that day, or a training dated on or after it.\n- Three new ratings: Ratings completed on or after {lapsed_on}. Ratings completed before your endorsement lapsed do not count again; each rating is valid for {months} months.\n- The processing fee: The ${fee} processing fee, again: it is invoiced when you submit.\n\nNext: add your new experience to your portfolio, ask your raters for new ratings, and send the application to {association} from your dashboard: http://lattice.test/dashboard\n",
            lapsed_on = lapsed.lapsed_on,
            months = profile
                .rule(lattice_domain::category::Track::II)
                .expect("IFS")
                .references
                .valid_months,
            association = row.association_name,
        )
    );
    let coordinator_mails = store
        .mails_to("coordinator@massaimh.test")
        .await
        .expect("mails");
    let told = coordinator_mails
        .iter()
        .find(|m| {
            m.subject
                == format!(
                    "{}: Rena Walsh started a reinstatement",
                    row.association_name
                )
        })
        .expect("the coordinator's mail");
    assert_eq!(
        told.body,
        format!(
            "Rena Walsh (rena@example.org) started reinstating {number} (IFS), which lapsed on {lapsed_on}.\n\nNext: when the application is sent to you, record their updated membership and confirm it; at submission the processing fee is invoiced again. Only ratings completed on or after {lapsed_on} count.\n\nThe queue marks it as a reinstatement: http://lattice.test/staff/massaimh\n",
            lapsed_on = lapsed.lapsed_on,
        )
    );
    // The queue marks it.
    let mut maria = app.client();
    maria.sign_in("coordinator@massaimh.test").await;
    let queue = maria.get("/staff/massaimh").await;
    assert!(
        queue.body.contains(&format!(
            "id=\"reinstatement-{}\">Reinstatement</span>",
            application.id
        )),
        "{}",
        queue.body
    );
    // Starting twice is refused: the first is open.
    let again = rena
        .post(&format!("/credentials/{number}/reinstate"), &[])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The old ratings are refused in plain words; none counts.
    let page = rena.get(&format!("/applications/{}", application.id)).await;
    let old_reason = format!(
        "completed {}, before your endorsement lapsed on {}; reinstatement needs new ratings, completed on or after that day",
        lapsed.rated_on, lapsed.lapsed_on
    );
    assert_eq!(
        page.body.matches(&old_reason).count(),
        3,
        "each old rating refused: {}",
        page.body
    );
    assert!(page.body.contains("0 of 3 ratings count"), "{}", page.body);

    // A new rating, asked for and sent today, counts.
    rena.get("/portfolio/references").await;
    let asked = rena
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Dr. Ruth Ames"),
                ("email", "ruth@example.org"),
                ("role", "colleague"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let link = app.link_in_mail("ruth@example.org", "/rate/").await;
    rate_through_the_link(&app, &link).await;
    let page = rena.get(&format!("/applications/{}", application.id)).await;
    assert!(page.body.contains("1 of 3 ratings count"), "{}", page.body);
    assert_eq!(page.body.matches(&old_reason).count(), 3, "{}", page.body);
}

/// The rater answers every area "consistently" through the emailed link.
pub(crate) async fn rate_through_the_link(app: &TestApp, link: &str) {
    let mut rater = app.client();
    let form = rater.get(link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let fields: Vec<(String, String)> = form
        .body
        .match_indices("name=\"area:")
        .map(|(at, _)| {
            let rest = &form.body[at + "name=\"".len()..];
            rest[..rest.find('"').expect("quote")].to_string()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|name| (name, "consistently".to_string()))
        .chain([("known_since".to_string(), "2019-05-01".to_string())])
        .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let thanks = rater.post(link, &fields).await;
    assert_eq!(thanks.status, StatusCode::OK, "{}", thanks.body);
}

#[tokio::test]
async fn reinstatement_reads_needs_first_and_counts_only_new_ratings_on_sqlite() {
    reinstatement_reads_needs_first_and_counts_only_new_ratings(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn reinstatement_reads_needs_first_and_counts_only_new_ratings_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        reinstatement_reads_needs_first_and_counts_only_new_ratings(app).await;
    }
}

#[tokio::test]
async fn both_reviews_in_tell_the_coordinator_and_the_final_mail_says_reinstated() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let lapsed = lapsed_endorsee(
        app.state.store(),
        app.state.catalog(),
        "rena@example.org",
        "Rena Walsh",
    )
    .await;
    let mut rena = app.client();
    rena.sign_in("rena@example.org").await;
    let started = rena
        .post(&format!("/credentials/{}/reinstate", lapsed.number), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let application = reinstating(&store, lapsed.person).await;
    let id = application.id;
    walk(
        &store,
        id,
        &[
            State::Registered,
            State::Confirmed,
            State::Submitted,
            State::UnderReview,
        ],
    )
    .await;

    // Under review with nobody assigned: the coordinator's page says to assign reviewers.
    let mut maria = app.client();
    maria.sign_in("coordinator@massaimh.test").await;
    let page = maria.get(&format!("/applications/{id}")).await;
    assert!(
        page.body.contains(&format!(
            "Next: assign two reviewers. <a href=\"/applications/{id}/review#reviewers\" id=\"next-step-link\">Assign reviewers</a>"
        )),
        "{}",
        page.body
    );
    let desk = maria.get(&format!("/applications/{id}/review")).await;
    assert!(
        desk.body
            .contains("Next: assign two reviewers <a href=\"#reviewers\">under Reviewers</a>."),
        "{}",
        desk.body
    );

    let lee = store
        .person_by_email("reviewer1@massaimh.test")
        .await
        .expect("lee")
        .0
        .id;
    let priya = store
        .person_by_email("reviewer2@massaimh.test")
        .await
        .expect("priya")
        .0
        .id;
    let coordinator = store
        .person_by_email("coordinator@massaimh.test")
        .await
        .expect("c")
        .0
        .id;
    store
        .assign_reviewers(&[(id, lee), (id, priya)], None, coordinator, Utc::now())
        .await
        .expect("assign");
    let subject =
        "Massachusetts Association for Infant Mental Health: both reviews are in for Rena Walsh";
    let both_in = |mails: Vec<lattice_store::MailRow>| {
        mails
            .into_iter()
            .filter(|m| m.subject == subject)
            .collect::<Vec<_>>()
    };
    for (n, reviewer) in ["reviewer1@massaimh.test", "reviewer2@massaimh.test"]
        .into_iter()
        .enumerate()
    {
        let mut client = app.client();
        client.sign_in(reviewer).await;
        client.get(&format!("/applications/{id}/review")).await;
        let sent = client
            .post(
                &format!("/applications/{id}/review/submit"),
                &[
                    ("recommendation", "endorse"),
                    ("comments", "New ratings, new work"),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let told = both_in(
            store
                .mails_to("coordinator@massaimh.test")
                .await
                .expect("mails"),
        );
        // Nothing after the first review; one mail after the second.
        assert_eq!(told.len(), n, "{told:?}");
    }
    let told = both_in(
        store
            .mails_to("coordinator@massaimh.test")
            .await
            .expect("mails"),
    );
    assert_eq!(
        told[0].body,
        format!(
            "Both reviews of Rena Walsh's IFS application are in (a reinstatement).\n\nWhat is next: read them and decide on the review page: http://lattice.test/applications/{id}/review\n"
        )
    );

    maria.get(&format!("/applications/{id}/review")).await;
    let decided = maria
        .post(
            &format!("/applications/{id}/review/decide"),
            &[("recommendation", "endorse"), ("reason", "")],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let row = store.endorsement(lapsed.endorsement).await.expect("row");
    assert_eq!(row.status, Status::Active);
    assert_eq!(
        row.endorsed_on.to_string(),
        ENDORSED_ON,
        "the original date"
    );
    let mails = store.mails_to("rena@example.org").await.expect("mails");
    let last = mails
        .iter()
        .find(|m| m.subject == "Your IFS endorsement is reinstated")
        .expect("the reinstated mail");
    assert_eq!(
        last.body,
        format!(
            "Hello Rena Walsh,\n\nMassachusetts Association for Infant Mental Health reinstated your IFS endorsement.\n\nWhat is next: it is back in the public registry with its number and original endorsement date; your certificate is on your dashboard. Renew it each year to keep it.\n\nSee your application: http://lattice.test/applications/{id}\n"
        )
    );
    assert!(
        !mails.iter().any(|m| m.body.contains("Note from")),
        "no label repeated as a note: {mails:?}"
    );

    // The certificate keeps the original date and says when it was reinstated.
    let pdf = rena
        .get(&format!("/credentials/{}/certificate.pdf", lapsed.number))
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    let text = pdf_text(&pdf.bytes);
    let today = Utc::now().date_naive();
    let expected = format!(
        "Endorsed 1 June 2024 · reinstated {} · valid through",
        today.format("%-d %B %Y")
    );
    assert!(text.contains(&expected), "{expected:?} in {text}");
}

/// The text of a PDF, by poppler's `pdftotext` (required under `CI=true`).
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("certificate.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args([path.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).replace('\n', " ")
}

#[tokio::test]
async fn after_the_exam_decision_the_review_page_links_to_the_exam_page() {
    let app = TestApp::sqlite().await;
    let store = app.state.store().clone();
    let lapsed = lapsed_endorsee(
        app.state.store(),
        app.state.catalog(),
        "rena@example.org",
        "Rena Walsh",
    )
    .await;
    let mut rena = app.client();
    rena.sign_in("rena@example.org").await;
    rena.post(&format!("/credentials/{}/reinstate", lapsed.number), &[])
        .await;
    let id = reinstating(&store, lapsed.person).await.id;
    let mut maria = app.client();
    maria.sign_in("coordinator@massaimh.test").await;
    let link =
        format!("<a href=\"/applications/{id}/exam\" id=\"exam-page-link\">Open the exam page</a>");
    // Before the decision there is no exam to open.
    walk(
        &store,
        id,
        &[
            State::Registered,
            State::Confirmed,
            State::Submitted,
            State::UnderReview,
        ],
    )
    .await;
    let desk = maria.get(&format!("/applications/{id}/review")).await;
    assert!(!desk.body.contains(&link), "{}", desk.body);
    walk(&store, id, &[State::ApprovedForExam]).await;
    let desk = maria.get(&format!("/applications/{id}/review")).await;
    assert!(desk.body.contains(&link), "{}", desk.body);
    let page = maria.get(&format!("/applications/{id}")).await;
    assert!(
        page.body.contains(&format!(
            "Next: schedule the exam sitting and record its results. <a href=\"/applications/{id}/exam\" id=\"next-step-link\">Open the exam page</a>"
        )),
        "{}",
        page.body
    );
    // The applicant is pointed to her exam page too.
    let mine = rena.get(&format!("/applications/{id}")).await;
    assert!(
        mine.body.contains(&format!(
            "Next: the exam. The association schedules your sitting and mails you its details. <a href=\"/applications/{id}/exam\" id=\"next-step-link\">Your exam page</a>"
        )),
        "{}",
        mine.body
    );
}
