//! Opening the database: PostgreSQL over TLS, and errors that say which database could not
//! be reached; how a request keeps a connection.

use lattice_store::*;

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

/// How many of the pool's connections are out (in use or kept), once connections on their
/// way back to the pool (sqlx returns them in a task of its own) have arrived.
async fn settled_in_use(store: &lattice_store::SharedStore) -> u32 {
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let usage = store.pool_usage();
    usage.open - usage.idle
}

/// A request's reads share one pooled connection, kept until the request ends; a write gives
/// it back before it takes its own; a read begun while another read holds the request's
/// connection takes one from the pool instead of waiting. Outside a request nothing is kept.
pub async fn a_request_keeps_one_connection_for_its_reads(_: SharedStore, url: String) {
    // Two connections: one a request may keep, one never kept.
    let store = lattice_store::connect(&url, 2).await.expect("connect");
    store.associations().await.expect("read outside a request");
    assert_eq!(settled_in_use(&store).await, 0, "kept outside a request");

    lattice_store::request_scope(async {
        store.associations().await.expect("first read");
        assert_eq!(
            settled_in_use(&store).await,
            1,
            "the first read's connection is kept"
        );
        store.associations().await.expect("second read");
        assert_eq!(
            settled_in_use(&store).await,
            1,
            "the second read used the kept one"
        );

        let id = store
            .create_person(&NewPerson {
                email: "kept@example.org".into(),
                name: "Kept".into(),
                password_hash: None,
                admin: false,
            })
            .await
            .expect("write");
        assert_eq!(
            settled_in_use(&store).await,
            0,
            "the write gave the request's connection back"
        );

        // The read after the write sees it, on a connection kept again.
        assert_eq!(store.person(id).await.expect("read back").name, "Kept");
        assert_eq!(settled_in_use(&store).await, 1);

        // Two reads at once: one on the kept connection, the other on the free one.
        let (first, second) = tokio::join!(store.associations(), store.person(id));
        first.expect("first of two reads");
        second.expect("second of two reads");
    })
    .await;
    assert_eq!(
        settled_in_use(&store).await,
        0,
        "given back at the request's end"
    );
}

/// With a pool of one connection no request keeps it (a quarter of the pool, at least one
/// connection, is never kept), so two requests that read and write at once both finish.
pub async fn a_pool_of_one_is_never_kept(_: SharedStore, url: String) {
    let store = lattice_store::connect(&url, 1).await.expect("connect");
    lattice_store::request_scope(async {
        store.associations().await.expect("read");
        assert_eq!(settled_in_use(&store).await, 0, "a pool of one was kept");
    })
    .await;
    let request = |email: &'static str| {
        let store = store.clone();
        lattice_store::request_scope(async move {
            store.associations().await.expect("read");
            store
                .create_person(&NewPerson {
                    email: email.into(),
                    name: "One".into(),
                    password_hash: None,
                    admin: false,
                })
                .await
                .expect("write")
        })
    };
    let (one, two) = tokio::join!(request("one@example.org"), request("two@example.org"));
    assert_ne!(one, two);
}
