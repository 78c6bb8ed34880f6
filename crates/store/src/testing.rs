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
    let random = token::new_token()
        .expect("OS randomness")
        .to_lowercase()
        .replace(['-', '_'], "")
        .chars()
        .take(16)
        .collect::<String>();
    // `scripts/test` tags its run so that it drops every database the run made when it ends,
    // passed or failed: a CI run makes some five hundred, about 11 GB, and two runs' worth left
    // for the six-hour sweep once filled this machine's disk.
    let name = match run_tag() {
        Some(run) => format!("lattice_test_{created}_{run}_{random}"),
        None => format!("lattice_test_{created}_{random}"),
    };
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

/// The test run's tag from `LATTICE_TEST_RUN`, when it is a plain lowercase word that can
/// stand in a database name and a `LIKE` pattern.
fn run_tag() -> Option<String> {
    std::env::var("LATTICE_TEST_RUN").ok().filter(|tag| {
        !tag.is_empty()
            && tag.len() <= 20
            && tag
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}

/// Opens a store for a test.
pub async fn open(url: &str) -> StoreResult<SharedStore> {
    backend::connect(url, 8).await
}
