//! The member roster's "Check only" (issue #21, the roster brought to the endorsee import's
//! bar): the same checks as the import and the clashes with recorded memberships, nothing
//! saved.

use axum::http::StatusCode;
use chrono::{Duration, Utc};

use crate::support::TestApp;

#[tokio::test]
async fn a_roster_dry_run_says_what_it_would_record_and_saves_nothing() {
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
    let (starts, ends) = (today - Duration::days(10), today + Duration::days(355));
    let file = format!(
        "member_number,name,email,kind,starts_on,ends_on\n\
         D-1,Dana One,dana.one@example.org,individual,{starts},{ends}\n\
         D-2,Ben Carter,ben.carter@example.org,student,{starts},{ends}\n\
         D-3,Dana Three,dana.three@example.org,individual,{starts},{ends}\n"
    );
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    coordinator.get("/staff/massaimh/members").await;
    let checked = coordinator
        .post_multipart(
            "/staff/massaimh/members/import",
            &[("dry_run", "1")],
            ("file", "roster.csv", &file),
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(
        checked.body.contains(
            "The file is ready: importing it would record 3 memberships and make 2 accounts"
        ),
        "{}",
        checked.body
    );
    let count = |store: lattice_store::SharedStore| async move {
        store
            .memberships_of_association(mass, 1)
            .await
            .expect("count")
            .0
    };
    assert_eq!(
        count(store.clone()).await,
        before,
        "a dry run saves nothing"
    );
    assert!(store.person_by_email("dana.one@example.org").await.is_err());

    let imported = coordinator
        .post_file(
            "/staff/massaimh/members/import",
            "file",
            "roster.csv",
            &file,
        )
        .await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    assert_eq!(count(store.clone()).await, before + 3);

    // Checked again, every line is recorded already exactly so: left alone, nothing to do.
    coordinator.get("/staff/massaimh/members").await;
    let again = coordinator
        .post_multipart(
            "/staff/massaimh/members/import",
            &[("dry_run", "1")],
            ("file", "roster.csv", &file),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(
        again.body.contains("would record 0 memberships")
            && again
                .body
                .contains("3 rows are recorded already exactly so and would be left alone"),
        "{}",
        again.body
    );

    // The same members with another last day: every line clashes, each named.
    let later = (ends + Duration::days(1)).to_string();
    let moved = file.replace(&ends.to_string(), &later);
    let clashes = coordinator
        .post_multipart(
            "/staff/massaimh/members/import",
            &[("dry_run", "1")],
            ("file", "roster.csv", &moved),
        )
        .await;
    assert_eq!(clashes.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (line, number) in [(2, "D-1"), (3, "D-2"), (4, "D-3")] {
        let message = format!(
            "line {line}, column 1 (member_number): member number {number} already has a membership starting {starts}, recorded differently: it ends {ends}"
        );
        assert!(
            clashes.body.contains(&message),
            "{message}: {}",
            clashes.body
        );
    }
    assert_eq!(count(store.clone()).await, before + 3);
}
