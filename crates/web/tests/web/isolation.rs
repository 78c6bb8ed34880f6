//! Tenant isolation, on both backends: staff of one association get "not found" for every
//! page and API object of another, exactly as for things that do not exist.

use axum::http::StatusCode;

use crate::support::TestApp;

async fn coordinator_of_one_association_sees_nothing_of_another(app: TestApp) {
    let store = app.state.store();
    let massaimh = store
        .association_by_slug("massaimh")
        .await
        .expect("massaimh")
        .id;
    let theirs = store
        .applications_of_association(massaimh)
        .await
        .expect("applications");
    assert!(
        theirs.len() >= 8,
        "the demo gives MassAIMH applicants at every stage"
    );

    let mut ct = app.client();
    ct.sign_in("coordinator@ct-aimh.test").await;
    let not_found_body = ct.get("/applications/987654321").await;
    assert_eq!(not_found_body.status, StatusCode::NOT_FOUND);

    for application in &theirs {
        let id = application.id.0;
        for path in [
            format!("/applications/{id}"),
            format!("/api/applications/{id}"),
        ] {
            let page = ct.get(&path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
            assert!(
                !page
                    .body
                    .contains(&store.person(application.person).await.expect("p").name),
                "{path} leaks a name"
            );
        }
        // Acting on it is refused the same way, and changes nothing.
        ct.get("/dashboard").await;
        for event in ["confirm", "start-review", "endorse", "withdraw"] {
            let page = ct
                .post(
                    &format!("/applications/{id}/events"),
                    &[("event", event), ("reason", "")],
                )
                .await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{event} on {id}");
        }
        assert_eq!(
            store.application(application.id).await.expect("row").state,
            application.state
        );
    }
    for path in [
        "/staff/massaimh",
        "/api/associations/massaimh/applications",
        "/staff/nmaimh",
    ] {
        assert_eq!(ct.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Their own area works, and lists only their own people.
    let own = ct.get("/api/associations/ct-aimh/applications").await;
    assert_eq!(own.status, StatusCode::OK);
    let listed = own.json()["applications"].as_array().expect("list").len();
    assert_eq!(listed, 1);
    let dashboard = ct.get("/dashboard").await;
    assert!(
        !dashboard.body.contains("Massachusetts"),
        "the dashboard names another association"
    );

    // The MassAIMH coordinator, for contrast, sees all of them.
    let mut mass = app.client();
    mass.sign_in("coordinator@massaimh.test").await;
    let list = mass.get("/api/associations/massaimh/applications").await;
    assert_eq!(
        list.json()["applications"].as_array().expect("list").len(),
        theirs.len()
    );
    for application in &theirs {
        assert_eq!(
            mass.get(&format!("/applications/{}", application.id.0))
                .await
                .status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn isolation_on_sqlite() {
    coordinator_of_one_association_sees_nothing_of_another(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn isolation_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    coordinator_of_one_association_sees_nothing_of_another(app).await;
}

#[tokio::test]
async fn applicants_and_reviewers_see_only_their_own() {
    let app = TestApp::sqlite().await;
    let elena = app.application_of("elena.morales@example.org").await;
    let farah = app.application_of("farah.haddad@example.org").await;
    let ana = app.application_of("ana@example.org").await;

    let mut applicant = app.client();
    applicant.sign_in("ana@example.org").await;
    assert_eq!(
        applicant.get(&format!("/applications/{ana}")).await.status,
        StatusCode::OK
    );
    for id in [elena, farah] {
        assert_eq!(
            applicant.get(&format!("/applications/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            applicant
                .get(&format!("/api/applications/{id}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        applicant.get("/staff/massaimh").await.status,
        StatusCode::NOT_FOUND
    );

    let mut reviewer = app.client();
    reviewer.sign_in("reviewer1@massaimh.test").await;
    assert_eq!(
        reviewer.get(&format!("/applications/{farah}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        reviewer.get(&format!("/applications/{elena}")).await.status,
        StatusCode::NOT_FOUND
    );
    let listed = reviewer
        .get("/api/associations/massaimh/applications")
        .await
        .json();
    let ids: Vec<i64> = listed["applications"]
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["id"].as_i64().expect("id"))
        .collect();
    assert!(ids.contains(&farah) && !ids.contains(&elena), "{ids:?}");
    // Reviewers read; they do not move applications.
    reviewer.get(&format!("/applications/{farah}")).await;
    let page = reviewer
        .post(
            &format!("/applications/{farah}/events"),
            &[("event", "endorse")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
}
