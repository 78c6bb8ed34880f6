//! The applicant's journey through the service: registering with the four-week rule and its
//! invoice, the coordinator's confirmation once the fee is paid, a reference rating through
//! the emailed single-use link, and a submission that freezes the portfolio.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use lattice_domain::application::State;
use lattice_domain::ids::ApplicationId;
use lattice_store::InvoiceKind;

use crate::support::TestApp;

fn link_in(body: &str, marker: &str) -> String {
    let line = body
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no {marker} in {body}"));
    let start = line.find(marker).expect("marker");
    line[start..].trim().to_string()
}

#[tokio::test]
async fn registration_waits_four_weeks_and_the_fee_is_confirmed() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    let page = ben.get("/register?association=massaimh&category=IFS").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("4 weeks"),
        "the page explains the lead time"
    );
    assert!(
        page.body.contains("$20 registration"),
        "fees shown: {}",
        page.body
    );

    let soon = (Utc::now() + Duration::days(10)).date_naive().to_string();
    let early = ben
        .post(
            "/register",
            &[
                ("association", "massaimh"),
                ("category", "IFS"),
                ("intended_submission", &soon),
            ],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early.body.contains("id=\"register-error\">Choose "),
        "{}",
        early.body
    );
    assert!(
        early.body.contains(&format!("value=\"{soon}\"")),
        "the date typed is kept"
    );

    let later = (Utc::now() + Duration::days(40)).date_naive().to_string();
    let registered = ben
        .post(
            "/register",
            &[
                ("association", "massaimh"),
                ("category", "IFS"),
                ("intended_submission", &later),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let path = registered.location.expect("to the application");
    let id: i64 = path
        .trim_start_matches("/applications/")
        .parse()
        .expect("id");
    let row = store.application(ApplicationId(id)).await.expect("row");
    assert_eq!(row.state, State::Registered);
    let invoices = store.invoices(row.id).await.expect("invoices");
    assert_eq!(
        (invoices.len(), invoices[0].kind, invoices[0].amount_usd),
        (1, InvoiceKind::Registration, 20)
    );
    assert!(
        store
            .mails_to("coordinator@massaimh.test")
            .await
            .expect("mail")
            .iter()
            .any(|m| m.subject.contains("new registration"))
    );

    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get(&path).await;
    let unpaid = coordinator
        .post(&format!("{path}/events"), &[("event", "confirm")])
        .await;
    assert_eq!(unpaid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unpaid.body.contains("registration fee is not marked paid"));
    // The applicant cannot mark their own fee paid.
    ben.get(&path).await;
    let own = ben
        .post(&format!("{path}/invoices/{}/paid", invoices[0].id), &[])
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    let paid = coordinator
        .post(&format!("{path}/invoices/{}/paid", invoices[0].id), &[])
        .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    // Paid is not enough: confirming says the association has the applicant as a member,
    // and only its own record says so.
    let no_member = coordinator
        .post(&format!("{path}/events"), &[("event", "confirm")])
        .await;
    assert_eq!(no_member.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::above(
        &no_member,
        "No active membership is recorded for the applicant; record it under Membership first",
    );
    // The applicant cannot record their own membership.
    let today = chrono::Utc::now().date_naive();
    let year_later = (today + chrono::Duration::days(365)).to_string();
    let membership = [
        ("member_number", "M-2041"),
        ("kind", "individual"),
        ("starts_on", &today.to_string()),
        ("ends_on", &year_later),
    ];
    let own_membership = ben.post(&format!("{path}/membership"), &membership).await;
    assert_eq!(own_membership.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        store
            .memberships_of(row.person)
            .await
            .expect("none")
            .is_empty()
    );
    // A membership that ended yesterday does not confirm a registration today.
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    let lapsed = coordinator
        .post(
            &format!("{path}/membership"),
            &[
                ("member_number", "M-1999"),
                ("kind", "individual"),
                ("starts_on", "2025-01-01"),
                ("ends_on", &yesterday),
            ],
        )
        .await;
    assert_eq!(lapsed.status, StatusCode::SEE_OTHER, "{}", lapsed.body);
    let still_no = coordinator
        .post(&format!("{path}/events"), &[("event", "confirm")])
        .await;
    assert_eq!(still_no.status, StatusCode::UNPROCESSABLE_ENTITY);
    let recorded = coordinator
        .post(&format!("{path}/membership"), &membership)
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let page = ben.get(&path).await;
    assert!(
        page.body.contains(&format!(
            "member no. M-2041 (Individual), {today} to {year_later}"
        )),
        "{}",
        page.body
    );
    let confirmed = coordinator
        .post(&format!("{path}/events"), &[("event", "confirm")])
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert_eq!(
        store.application(row.id).await.expect("row").state,
        State::Confirmed
    );
}

#[tokio::test]
async fn a_rating_through_the_emailed_link_lets_the_portfolio_be_submitted() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let id = app.application_of("ana@example.org").await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;

    // Not ready yet: the submit button says what is missing, and the server refuses too.
    let page = ana.get(&format!("/applications/{id}")).await;
    assert!(
        page.body.contains("Still needed: Reference ratings"),
        "{}",
        page.body
    );
    let refused = ana
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "submit")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("still needed: Reference ratings"));

    ana.get("/portfolio/references").await;
    let bad = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Dr. Ruth Ames"),
                ("email", "nope"),
                ("role", "colleague"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    crate::mistakes::beside(
        &bad,
        "email",
        "Give the rater's email address, like name@example.org",
    );
    crate::mistakes::kept(&bad, "name", "Dr. Ruth Ames");
    let asked = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Dr. Ruth Ames"),
                ("email", "ruth@example.org"),
                ("role", "colleague"),
                ("waived", "yes"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    let mails = store.mails_to("ruth@example.org").await.expect("mail");
    // The rater learns which association asks and in which role they rate.
    assert_eq!(
        mails[0].subject,
        "Ana Ruiz asks you for an Endorsement reference rating (Massachusetts Association for Infant Mental Health)"
    );
    assert!(
        mails[0]
            .body
            .contains("applying to Massachusetts Association for Infant Mental Health")
            && mails[0]
                .body
                .contains("(IFS) and named you as a reference, as their colleague."),
        "{}",
        mails[0].body
    );
    let link = link_in(&mails[0].body, "/rate/");
    let list = ana.get("/portfolio/references").await;
    assert!(
        list.body.contains("Dr. Ruth Ames") && list.body.contains("Waiting"),
        "{}",
        list.body
    );

    // The rater, with no account, opens the link and rates.
    let mut rater = app.client();
    let form = rater.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Reference rating for Ana Ruiz"));
    let areas = asked_areas(&form.body);
    assert!(areas.len() > 20, "{areas:?}");
    let mut fields = answers(&areas, 1, "consistently");
    let incomplete = rater.post(&link, &as_pairs(&fields)).await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        incomplete.body.contains("choose an answer"),
        "{}",
        incomplete.body
    );
    assert!(
        incomplete.body.contains("value=\"consistently\" checked"),
        "answers kept"
    );
    fields.push((
        format!("area:{}", areas[0]),
        "not-enough-information".to_string(),
    ));
    fields.push(("known_since".to_string(), "2019-05-01".to_string()));
    let thanks = rater.post(&link, &as_pairs(&fields)).await;
    assert_eq!(thanks.status, StatusCode::OK, "{}", thanks.body);
    assert!(thanks.body.contains("Thank you"));
    let again = rater.get(&link).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("no longer works"));

    let page = ana.get(&format!("/applications/{id}")).await;
    assert!(
        !page.body.contains("Still needed: Reference ratings"),
        "{}",
        page.body
    );
    let submitted = ana
        .post(
            &format!("/applications/{id}/events"),
            &[("event", "submit")],
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let application = ApplicationId(id);
    assert_eq!(
        store.application(application).await.expect("row").state,
        State::Submitted
    );
    let snapshot = store.latest_snapshot(application).await.expect("snapshot");
    assert!(
        snapshot["references"]
            .as_array()
            .expect("refs")
            .iter()
            .any(|r| r["name"] == "Dr. Ruth Ames" && r["status"] == "completed")
    );
    let invoices = store.invoices(application).await.expect("invoices");
    assert!(
        invoices
            .iter()
            .any(|i| i.kind == InvoiceKind::Processing && i.amount_usd == 100 && !i.paid),
        "{invoices:?}"
    );
    assert!(
        store
            .mails_to("ana@example.org")
            .await
            .expect("mail")
            .iter()
            .any(|m| m.subject.contains("We received your IFS portfolio"))
    );
}

#[tokio::test]
async fn a_rating_with_six_not_enough_information_answers_does_not_count() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/references").await;
    ana.post(
        "/portfolio/references/request",
        &[
            ("name", "Sam Vague"),
            ("email", "sam@example.org"),
            ("role", "colleague"),
        ],
    )
    .await;
    let link = link_in(
        &store.mails_to("sam@example.org").await.expect("mail")[0].body,
        "/rate/",
    );
    let mut rater = app.client();
    let form = rater.get(&link).await;
    let areas: std::collections::BTreeSet<String> = form
        .body
        .match_indices("name=\"area:")
        .map(|(i, _)| {
            form.body[i + 11..]
                .split('"')
                .next()
                .expect("id")
                .to_string()
        })
        .collect();
    let fields: Vec<(String, String)> = areas
        .iter()
        .enumerate()
        .map(|(n, a)| {
            (
                format!("area:{a}"),
                if n < 6 {
                    "not-enough-information"
                } else {
                    "sometimes"
                }
                .to_string(),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(rater.post(&link, &pairs).await.status, StatusCode::OK);
    let page = ana.get("/portfolio/references").await;
    assert!(
        page.body
            .contains("Still needed: a rating from another supervisor"),
        "still missing: {}",
        page.body
    );
    assert!(page.body.contains("Sam Vague"));
}

#[tokio::test]
async fn a_request_can_be_sent_again_or_cancelled_to_ask_someone_else() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/references").await;
    ana.post(
        "/portfolio/references/request",
        &[
            ("name", "Lee Park"),
            ("email", "lee@example.org"),
            ("role", "supervisee"),
        ],
    )
    .await;
    let first = link_in(
        &store.mails_to("lee@example.org").await.expect("mail")[0].body,
        "/rate/",
    );
    let application = ApplicationId(app.application_of("ana@example.org").await);
    let request = store
        .rater_requests_of(application)
        .await
        .expect("requests")
        .last()
        .expect("one")
        .id;

    let page = ana.get("/portfolio/references").await;
    assert!(page.body.contains("Send the link again"));
    let resent = ana
        .post(
            &format!("/portfolio/references/requests/{request}/resend"),
            &[],
        )
        .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER);
    let mails = store.mails_to("lee@example.org").await.expect("mail");
    assert_eq!(mails.len(), 2);
    let second = link_in(&mails[1].body, "/rate/");
    let mut rater = app.client();
    assert_eq!(
        rater.get(&first).await.status,
        StatusCode::NOT_FOUND,
        "the old link died"
    );
    assert_eq!(rater.get(&second).await.status, StatusCode::OK);

    // Another applicant cannot touch it.
    let mut ben = app.client();
    ben.sign_in("ben.carter@example.org").await;
    ben.get("/portfolio/references").await;
    assert_eq!(
        ben.post(
            &format!("/portfolio/references/requests/{request}/cancel"),
            &[]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    ana.get("/portfolio/references").await;
    let cancelled = ana
        .post(
            &format!("/portfolio/references/requests/{request}/cancel"),
            &[],
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(
        rater.get(&second).await.status,
        StatusCode::NOT_FOUND,
        "the link no longer works"
    );
    let refs = ana.get("/portfolio/references").await;
    assert!(
        !refs.body.contains("Lee Park · supervisee"),
        "its reference entry is gone"
    );
}

/// A rating the applicant waived reading: staff see why it does not count, the applicant sees
/// only that it does not, neither its answers nor its count, in the panel or the export.
#[tokio::test]
async fn a_waived_rating_shows_the_applicant_nothing_of_its_answers() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/references").await;
    let asked = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Wren Waived"),
                ("email", "wren@example.org"),
                ("role", "colleague"),
                ("waived", "yes"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    let link = link_in(
        &store.mails_to("wren@example.org").await.expect("mail")[0].body,
        "/rate/",
    );
    let mut rater = app.client();
    let form = rater.get(&link).await;
    let answers: Vec<(String, String)> = asked_areas(&form.body)
        .into_iter()
        .enumerate()
        .map(|(n, a)| {
            let answer = if n < 7 {
                "not-enough-information"
            } else {
                "sometimes"
            };
            (format!("area:{a}"), answer.to_string())
        })
        .collect();
    let pairs: Vec<(&str, &str)> = answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(rater.post(&link, &pairs).await.status, StatusCode::OK);

    let count = "7 &#34;not enough information&#34; answers";
    let page = ana.get("/portfolio/references").await;
    assert!(
        page.body
            .contains("Wren Waived: this rating does not count; you waived reading it"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(count), "{}", page.body);
    let id = app.application_of("ana@example.org").await;
    let own = ana.get(&format!("/applications/{id}")).await;
    assert!(!own.body.contains(count));
    let export = ana.get("/portfolio/export.json").await.json();
    let wren = export["references"]
        .as_array()
        .expect("references")
        .iter()
        .find(|r| r["name"] == "Wren Waived")
        .expect("listed")
        .clone();
    assert_eq!(wren["status"], "completed");
    assert!(wren.get("not_enough_info").is_none(), "{wren}");

    // Her coordinator reads the reason as the engine gives it.
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let staff = coordinator.get(&format!("/applications/{id}")).await;
    assert!(staff.body.contains(count), "{}", staff.body);
}

/// The rating form's fields: every asked area `answer`ed except the first `unanswered`.
pub(crate) fn answers(areas: &[String], unanswered: usize, answer: &str) -> Vec<(String, String)> {
    areas
        .iter()
        .skip(unanswered)
        .map(|a| (format!("area:{a}"), answer.to_string()))
        .collect()
}

/// Fields as the test client posts them.
pub(crate) fn as_pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The competency areas a rating form asks about, by id, in the form's order.
pub(crate) fn asked_areas(body: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (i, _) in body.match_indices("name=\"area:") {
        let id = body[i + 11..].split('"').next().expect("id").to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The rating form asks only about the areas of the applicant's category, and keeps nothing
/// else: Ana applies for IFS (Category II), so the foundations added at III and IV are not
/// asked, and an answer about one of them is not stored.
#[tokio::test]
async fn the_rating_form_asks_the_areas_of_the_applicants_category() {
    use lattice_domain::category::Track;
    use lattice_domain::competency::CompetencyArea;
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/references").await;
    let asked = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Rae Rater"),
                ("email", "rae@example.org"),
                ("role", "colleague"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    let link = link_in(
        &store.mails_to("rae@example.org").await.expect("mail")[0].body,
        "/rate/",
    );
    let mut rater = app.client();
    let form = rater.get(&link).await;
    let expected: Vec<String> = CompetencyArea::rated_for(Track::II)
        .iter()
        .map(|a| a.id().to_string())
        .collect();
    assert_eq!(asked_areas(&form.body), expected);
    let beyond: Vec<CompetencyArea> = CompetencyArea::rated_for(Track::IvClinical)
        .into_iter()
        .filter(|a| !expected.contains(&a.id().to_string()))
        .collect();
    assert!(!beyond.is_empty(), "IV asks more than II");
    for area in &beyond {
        assert!(!form.body.contains(&format!("name=\"area:{}\"", area.id())));
    }
    // Every asked area answered, and one more that was not asked.
    let mut answers: Vec<(String, String)> = expected
        .iter()
        .map(|a| (format!("area:{a}"), "consistently".to_string()))
        .collect();
    answers.push((format!("area:{}", beyond[0].id()), "not-yet".to_string()));
    let pairs: Vec<(&str, &str)> = answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let thanks = rater.post(&link, &pairs).await;
    assert_eq!(thanks.status, StatusCode::OK, "{}", thanks.body);
    let id = app.application_of("ana@example.org").await;
    let stored = store
        .rating_details(lattice_domain::ids::ApplicationId(id))
        .await
        .expect("ratings");
    let rae = stored
        .iter()
        .find(|r| r.request.rater_email == "rae@example.org")
        .expect("stored");
    let kept: Vec<&String> = rae.answers.as_object().expect("answers").keys().collect();
    assert_eq!(kept.len(), expected.len());
    assert!(rae.answers.get(beyond[0].id()).is_none());
}
