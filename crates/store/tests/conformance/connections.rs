//! Opening the database: PostgreSQL over TLS, and errors that say which database could not
//! be reached.

/// `sslmode=require` reaches the test server over TLS (scripts/postgres turns it on) and
/// migrates a fresh database there.
#[tokio::test]
async fn postgres_over_tls() {
    let Some(url) = lattice_store::testing::postgres_empty_database().await else {
        return;
    };
    let tls = format!("{url}?sslmode=require");
    let applied = lattice_store::migrate(&tls)
        .await
        .expect("migrate over TLS");
    assert!(applied > 0);
    let store = lattice_store::connect(&tls, 2)
        .await
        .expect("connect over TLS");
    assert!(store.associations().await.expect("query").is_empty());
    // The connection really is encrypted: PostgreSQL reports it for this session.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&tls).await.expect("pool");
    let (encrypted,): (bool,) =
        sqlx::query_as("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&pool)
            .await
            .expect("pg_stat_ssl");
    assert!(encrypted, "sslmode=require connected without TLS");
}

/// An unreachable PostgreSQL server is named by host and port, without the password.
#[tokio::test]
async fn an_unreachable_server_is_named() {
    // Port 9 (discard) refuses connections on the loopback.
    let Err(error) =
        lattice_store::connect("postgres://lattice:hunter2@127.0.0.1:9/lattice", 1).await
    else {
        panic!("connected to a closed port");
    };
    let message = error.to_string();
    assert!(message.contains("database_url"), "{message}");
    assert!(message.contains("127.0.0.1:9"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
}

/// A SQLite file that cannot be opened is named.
#[tokio::test]
async fn an_unopenable_sqlite_file_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("missing-folder").join("lattice.db");
    let Err(error) = lattice_store::connect(&format!("sqlite://{}", path.display()), 1).await
    else {
        panic!("opened a file in a missing folder");
    };
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
}
