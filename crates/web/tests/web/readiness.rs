//! `/ready` answers 503 with its reason when the schema does not match the binary (migrations
//! pending, or a newer release migrated the database) and while the node drains; `/health`
//! stays about the database answering.

use axum::http::StatusCode;

use crate::support::TestApp;

async fn readiness(app: &TestApp) -> (StatusCode, serde_json::Value) {
    let page = app.client().get("/ready").await;
    (page.status, page.json())
}

#[tokio::test]
async fn ready_means_the_schema_matches_and_the_node_is_not_stopping() {
    let app = TestApp::sqlite().await;
    assert_eq!(
        readiness(&app).await,
        (StatusCode::OK, serde_json::json!({"ready": true}))
    );

    // A database one migration behind this binary: not ready until `lattice migrate`.
    sqlx::any::install_default_drivers();
    let url = lattice_store::testing::sqlite_url_in(app.dir.path());
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    let newest: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .expect("newest");
    for statement in [
        "CREATE TABLE hidden AS SELECT * FROM _sqlx_migrations WHERE version = $1",
        "DELETE FROM _sqlx_migrations WHERE version = $1",
    ] {
        sqlx::query(statement)
            .bind(newest)
            .execute(&pool)
            .await
            .expect("hide the newest migration");
    }
    let (status, body) = readiness(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let reason = body["reason"].as_str().expect("reason");
    assert!(
        reason.starts_with("schema: 1 migration(s) pending (")
            && reason.contains(&newest.to_string())
            && reason.ends_with("run `lattice migrate`"),
        "{reason}"
    );
    // The health check is about the database answering, and it does.
    assert_eq!(app.client().get("/health").await.status, StatusCode::OK);

    // Migrated by a newer release: not ready either.
    sqlx::query(
        "INSERT INTO _sqlx_migrations SELECT version + 1000000, description, installed_on, \
         success, checksum, execution_time FROM hidden",
    )
    .execute(&pool)
    .await
    .expect("a newer migration");
    let (status, body) = readiness(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let reason = body["reason"].as_str().expect("reason");
    assert!(
        reason.starts_with("schema: the database was migrated by a newer Lattice"),
        "{reason}"
    );
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version > $1")
        .bind(newest)
        .execute(&pool)
        .await
        .expect("no newer migration");
    sqlx::query("INSERT INTO _sqlx_migrations SELECT * FROM hidden")
        .execute(&pool)
        .await
        .expect("as it was");
    pool.close().await;
    assert_eq!(readiness(&app).await.0, StatusCode::OK);

    // A stop signal came: still serving, no longer ready.
    app.state.start_draining();
    assert_eq!(
        readiness(&app).await,
        (
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({"ready": false, "reason": "draining: this node is stopping"})
        )
    );
    assert_eq!(app.client().get("/").await.status, StatusCode::OK);
}
