//! An association's reports: the page of counts and decision times, and the CSV exports, for
//! its coordinators (and admins) only; every cell safe to open in a spreadsheet.

use axum::http::{StatusCode, header};
use chrono::{Duration, Utc};
use lattice_domain::application::State;
use lattice_domain::review::Recommendation;
use lattice_store::{NewApplication, NewPerson, NewReview};

use crate::support::{Page, TestApp};

const PAGE: &str = "/staff/massaimh/reports";
const EXPORTS: [&str; 3] = ["applications.csv", "reviews.csv", "endorsements.csv"];

/// The records of a CSV download, header first, after checking it is sent as one.
fn records(page: &Page, file: &str) -> Vec<csv::StringRecord> {
    assert_eq!(page.status, StatusCode::OK, "{file}: {}", page.body);
    assert_eq!(
        page.headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8",
        "{file}"
    );
    assert_eq!(
        page.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"massaimh-{file}\"").as_str()
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(page.body.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{file} is not CSV ({e}): {}", page.body))
}

fn header_of(records: &[csv::StringRecord]) -> Vec<&str> {
    records[0].iter().collect()
}

fn column<'r>(records: &'r [csv::StringRecord], name: &str) -> Vec<&'r str> {
    let index = records[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    records[1..].iter().map(|r| &r[index]).collect()
}

#[tokio::test]
async fn the_page_counts_every_application_by_state_and_category() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let association = store
        .association_by_slug("massaimh")
        .await
        .expect("demo association")
        .id;
    let applications = store
        .applications_of_association(association)
        .await
        .expect("applications");
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;

    let staff = coordinator.get("/staff/massaimh").await;
    assert!(
        staff.body.contains("href=\"/staff/massaimh/reports\""),
        "the staff area links the reports"
    );

    let page = coordinator.get(PAGE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mut categories: Vec<&str> = applications.iter().map(|a| a.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    let mut states: Vec<&str> = applications.iter().map(|a| a.state.key()).collect();
    states.sort_unstable();
    states.dedup();
    // The demo has an application in every state, so every row of the table shows.
    assert!(states.len() >= 10, "demo states: {states:?}");
    for state in &states {
        for category in &categories {
            let expected = applications
                .iter()
                .filter(|a| a.state.key() == *state && a.category == *category)
                .count();
            let cell = format!("id=\"count-{state}-{category}\">{expected}<");
            assert!(page.body.contains(&cell), "{cell} in {}", page.body);
        }
        let total = applications
            .iter()
            .filter(|a| a.state.key() == *state)
            .count();
        let cell = format!("id=\"total-{state}\"><strong>{total}<");
        assert!(page.body.contains(&cell), "{cell}");
    }
    for category in &categories {
        let total = applications
            .iter()
            .filter(|a| a.category == *category)
            .count();
        let cell = format!("id=\"total-category-{category}\"><strong>{total}<");
        assert!(page.body.contains(&cell), "{cell}");
    }
    let cell = format!("id=\"total-all\"><strong>{}<", applications.len());
    assert!(page.body.contains(&cell), "{cell}");

    // Decision times: Jack Osei's endorsement at least was decided after submission.
    let decided = applications
        .iter()
        .filter(|a| matches!((a.submitted_at, a.decided_at), (Some(s), Some(d)) if d >= s))
        .count();
    assert!(decided >= 1, "the demo has decided applications");
    assert!(
        page.body.contains(&format!(
            "<tr id=\"decision-times-overall\"><th scope=\"row\">All categories</th><td class=\"num\">{decided}</td>"
        )),
        "{}",
        page.body
    );
    for file in EXPORTS {
        assert!(
            page.body
                .contains(&format!("href=\"/staff/massaimh/reports/{file}\""))
        );
    }
}

#[tokio::test]
async fn the_exports_list_applications_reviews_and_endorsements() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let association = store
        .association_by_slug("massaimh")
        .await
        .expect("demo association")
        .id;
    let applications = store
        .applications_of_association(association)
        .await
        .expect("applications");
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;

    let page = coordinator
        .get("/staff/massaimh/reports/applications.csv")
        .await;
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let rows = records(&page, "applications.csv");
    assert_eq!(
        header_of(&rows),
        [
            "application_id",
            "applicant",
            "email",
            "category",
            "state",
            "created_on",
            "submitted_on",
            "decided_on",
            "days_to_decision",
            "rules_as_of",
            "review_round",
        ]
    );
    assert_eq!(
        rows.len() - 1,
        applications.len(),
        "one row per application"
    );
    let mut ids: Vec<String> = applications.iter().map(|a| a.id.0.to_string()).collect();
    let mut listed: Vec<String> = column(&rows, "application_id")
        .into_iter()
        .map(str::to_string)
        .collect();
    ids.sort();
    listed.sort();
    assert_eq!(listed, ids);
    let jack = rows
        .iter()
        .find(|r| &r[1] == "Jack Osei")
        .expect("Jack Osei in applications.csv");
    assert_eq!(&jack[2], "jack.osei@example.org");
    assert_eq!(&jack[4], "endorsed");
    assert!(!jack[6].is_empty() && !jack[7].is_empty(), "{jack:?}");
    assert!(jack[8].parse::<u32>().is_ok(), "days to decision: {jack:?}");

    let page = coordinator
        .get("/staff/massaimh/reports/endorsements.csv")
        .await;
    let rows = records(&page, "endorsements.csv");
    assert_eq!(
        header_of(&rows),
        [
            "application_id",
            "applicant",
            "email",
            "category",
            "category_title",
            "endorsed_on",
        ]
    );
    let endorsed = applications
        .iter()
        .filter(|a| a.state == State::Endorsed)
        .count();
    assert_eq!(rows.len() - 1, endorsed);
    let names = column(&rows, "applicant");
    assert!(names.contains(&"Jack Osei"), "{names:?}");
    assert!(
        !names.contains(&"Farah Haddad"),
        "under review, not endorsed"
    );
    let jack = rows.iter().find(|r| &r[1] == "Jack Osei").expect("Jack");
    assert_eq!(&jack[4], "Infant Family Specialist");
    assert!(!jack[5].is_empty(), "endorsed on: {jack:?}");

    // The demo reaches its states without reviews on record: two reviewers give theirs on
    // Farah Haddad's application, one asking for more work with a comment over two lines.
    let farah = applications
        .iter()
        .find(|a| a.state == State::UnderReview)
        .expect("an application under review");
    let re_review_after = (Utc::now() + Duration::days(90)).date_naive();
    for (email, recommendation, comments) in [
        (
            "reviewer1@massaimh.test",
            Recommendation::MoreWork {
                re_review_after,
                training: true,
                rsc: false,
            },
            "More training on attachment, please.\n-- also see the RS/C log",
        ),
        ("reviewer2@massaimh.test", Recommendation::Endorse, "Ready."),
    ] {
        let reviewer = store.person_by_email(email).await.expect("reviewer").0.id;
        store
            .submit_review(&NewReview {
                application: farah.id,
                round: farah.review_round,
                reviewer,
                association,
                recommendation: serde_json::to_value(recommendation).expect("json"),
                checklist: serde_json::json!({}),
                comments: comments.to_string(),
                at: Utc::now(),
                when_round_complete: None,
            })
            .await
            .expect("review");
    }
    let reviews = store
        .reviews_of_association(association)
        .await
        .expect("reviews");
    let page = coordinator.get("/staff/massaimh/reports/reviews.csv").await;
    let rows = records(&page, "reviews.csv");
    assert_eq!(
        header_of(&rows),
        [
            "application_id",
            "applicant",
            "category",
            "round",
            "reviewer",
            "recommendation",
            "re_review_after",
            "submitted_on",
            "comments",
        ]
    );
    assert_eq!(reviews.len(), 2);
    assert_eq!(rows.len() - 1, reviews.len(), "one row per review");
    for (row, review) in rows[1..].iter().zip(&reviews) {
        assert_eq!(&row[0], review.application.0.to_string());
        assert_eq!(&row[4], review.reviewer_name);
        assert_eq!(Some(&row[5]), review.recommendation["kind"].as_str());
        assert_eq!(
            row[6].is_empty(),
            review.recommendation["kind"] != "more-work",
            "{row:?}"
        );
    }
    let more_work = rows
        .iter()
        .find(|r| &r[5] == "more-work")
        .expect("the more-work review");
    assert_eq!(&more_work[1], "Farah Haddad");
    assert_eq!(&more_work[6], re_review_after.to_string());
    assert_eq!(
        &more_work[8],
        "More training on attachment, please.\n-- also see the RS/C log"
    );

    let missing = coordinator.get("/staff/massaimh/reports/people.csv").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_formula_in_a_name_is_neutralised() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let association = store
        .association_by_slug("massaimh")
        .await
        .expect("demo association")
        .id;
    let name = "=HYPERLINK(\"http://evil.test\",\"click\")";
    let person = store
        .create_person(&NewPerson {
            email: "formula@example.org".to_string(),
            name: name.to_string(),
            password_hash: None,
            admin: false,
        })
        .await
        .expect("person");
    store
        .create_application(&NewApplication {
            person,
            association,
            category: "IFS".to_string(),
            intended_submission: None,
            created_at: Utc::now(),
        })
        .await
        .expect("application");
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    let page = coordinator
        .get("/staff/massaimh/reports/applications.csv")
        .await;
    let rows = records(&page, "applications.csv");
    let names = column(&rows, "applicant");
    assert!(names.contains(&format!("'{name}").as_str()), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with('=')), "{names:?}");
}

#[tokio::test]
async fn only_the_associations_coordinators_and_admins_see_reports() {
    let app = TestApp::sqlite().await;
    let paths: Vec<String> = std::iter::once(PAGE.to_string())
        .chain(EXPORTS.iter().map(|f| format!("{PAGE}/{f}")))
        .collect();
    for email in ["reviewer1@massaimh.test", "coordinator@ct-aimh.test"] {
        let mut client = app.client();
        client.sign_in(email).await;
        for path in &paths {
            let page = client.get(path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{email} {path}");
            assert!(!page.body.contains("Jack Osei"), "{email} {path}");
        }
        let staff = client.get("/staff/massaimh").await;
        assert!(
            !staff.body.contains("/staff/massaimh/reports"),
            "{email} sees no link to the reports"
        );
    }
    let mut admin = app.client();
    admin.sign_in("admin@alliance.test").await;
    for path in &paths {
        assert_eq!(admin.get(path).await.status, StatusCode::OK, "admin {path}");
    }
    let mut ct = app.client();
    ct.sign_in("coordinator@ct-aimh.test").await;
    let own = ct.get("/staff/ct-aimh/reports/applications.csv").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("Mei Wong") && !own.body.contains("Jack Osei"));

    let anonymous = app.client().get(PAGE).await;
    assert_ne!(anonymous.status, StatusCode::OK);
    assert!(!anonymous.body.contains("Jack Osei"));
}
