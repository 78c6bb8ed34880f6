//! Fresh databases for tests of this crate and the ones above it. PostgreSQL tests read the
//! server URL from `LATTICE_TEST_POSTGRES_URL` (`scripts/postgres` prints one); when it is
//! missing they say so and pass, except under `CI=true`, where a missing server fails the run.

use std::path::Path;

use crate::{SharedStore, StoreResult, backend, token};

/// The URL of a fresh SQLite database file inside `dir`.
pub fn sqlite_url_in(dir: &Path) -> String {
    backend::sqlite_url(&dir.join("lattice.db"))
}

/// The URL of a fresh, migrated PostgreSQL database, or None when no test server is set.
/// Panics under `CI=true` when the server is missing, so CI cannot skip these tests.
pub async fn postgres_url() -> Option<String> {
    let url = postgres_empty_database().await?;
    backend::migrate(&url)
        .await
        .expect("migrate the test database");
    Some(url)
}

/// Like [`postgres_url`], without migrating: for testing `lattice migrate` itself.
pub async fn postgres_empty_database() -> Option<String> {
    let Ok(base) = std::env::var("LATTICE_TEST_POSTGRES_URL") else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!(
                "CI=true but LATTICE_TEST_POSTGRES_URL is not set: the PostgreSQL tests must run"
            );
        }
        eprintln!(
            "LATTICE_TEST_POSTGRES_URL is not set; skipping a PostgreSQL test (run ./scripts/test)"
        );
        return None;
    };
    // The creation time leads the name so that `scripts/postgres` can sweep away databases
    // that earlier runs left behind (a test that panics never drops its own) without touching
    // those of a run still going.
    let created = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|age| age.as_secs())
        .unwrap_or_default();
    let name = format!(
        "lattice_test_{created}_{}",
        token::new_token()
            .expect("OS randomness")
            .to_lowercase()
            .replace(['-', '_'], "")
            .chars()
            .take(16)
            .collect::<String>()
    );
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&base)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create a test database");
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').expect("a URL with a database name");
    Some(format!("{prefix}/{name}"))
}

/// Opens a store for a test.
pub async fn open(url: &str) -> StoreResult<SharedStore> {
    backend::connect(url, 8).await
}
