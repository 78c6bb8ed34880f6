//! What differs between SQLite and PostgreSQL: how to connect, the schema migrations (paired
//! by name under `migrations/sqlite` and `migrations/postgres`), and online backup.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Connection, Executor, Row};

use crate::sql::SqlStore;
use crate::{SharedStore, StoreError, StoreResult};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> StoreResult<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Other(
                "database URL must start with sqlite: or postgres:".to_string(),
            ))
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The URL of the embedded database file.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// How long a connection may sit idle in the pool before it is pinged on its way out.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);

async fn pool(url: &str, max_connections: u32) -> StoreResult<(Backend, AnyPool)> {
    sqlx::any::install_default_drivers();
    let backend = Backend::from_url(url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // sqlx pings every connection it hands out (and again when it comes back): on SQLite
        // a round trip to the connection's thread, on PostgreSQL one over the network, for
        // every statement run on the pool. A connection that sat idle a while is still
        // checked before use; one used a moment ago is not.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > IDLE_BEFORE_PING {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers run beside the writer; FULL syncs each commit so a
                    // crash or power cut loses nothing that was reported as saved.
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = FULL",
                        "PRAGMA foreign_keys = ON",
                        "PRAGMA busy_timeout = 10000",
                    ] {
                        conn.execute(pragma).await?;
                    }
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(|error| unreachable_database(url, backend, error))?;
    Ok((backend, pool))
}

/// Says which database could not be opened: the PostgreSQL host and port (never the URL,
/// which may hold a password), or the SQLite file. sqlx's own words ("pool timed out",
/// "unable to open database file") name neither.
fn unreachable_database(url: &str, backend: Backend, error: sqlx::Error) -> StoreError {
    use std::str::FromStr;
    let detail = match &error {
        sqlx::Error::PoolTimedOut => "no connection within 10 s".to_string(),
        other => other.to_string(),
    };
    match backend {
        Backend::Postgres => match sqlx::postgres::PgConnectOptions::from_str(url) {
            Ok(options) => StoreError::Other(format!(
                "database_url: cannot reach {}:{} ({detail})",
                options.get_host(),
                options.get_port()
            )),
            Err(_) => StoreError::Other(format!("database_url: not a PostgreSQL URL ({detail})")),
        },
        Backend::Sqlite => match sqlx::sqlite::SqliteConnectOptions::from_str(url) {
            Ok(options) => StoreError::Other(format!(
                "cannot open the SQLite database {} ({detail})",
                options.get_filename().display()
            )),
            Err(_) => StoreError::Other(format!("database_url: {detail}")),
        },
    }
}

/// Opens the store. SQLite migrates itself here (it is one process's file); PostgreSQL is
/// shared by many nodes, so its schema moves only through `lattice migrate`, and a node
/// refuses to start against a schema it does not match.
pub async fn connect(url: &str, max_connections: u32) -> StoreResult<SharedStore> {
    let (backend, pool) = pool(url, max_connections).await?;
    refuse_newer_schema(&pool, backend).await?;
    match backend {
        Backend::Sqlite => backend.migrator().run(&pool).await?,
        Backend::Postgres => {
            let pending = pending_on(&pool, backend).await?;
            if !pending.is_empty() {
                return Err(StoreError::Other(format!(
                    "the PostgreSQL schema is behind this binary ({} migration(s) pending: {}); run `lattice migrate` first",
                    pending.len(),
                    pending.join(", ")
                )));
            }
        }
    }
    Ok(Arc::new(SqlStore::new(pool, backend)))
}

/// Applies pending migrations; returns how many were applied.
pub async fn migrate(url: &str) -> StoreResult<usize> {
    let (backend, pool) = pool(url, 2).await?;
    refuse_newer_schema(&pool, backend).await?;
    let pending = pending_on(&pool, backend).await?.len();
    backend.migrator().run(&pool).await?;
    pool.close().await;
    Ok(pending)
}

/// The descriptions of migrations not yet applied.
pub async fn pending_migrations(url: &str) -> StoreResult<Vec<String>> {
    let (backend, pool) = pool(url, 1).await?;
    let pending = pending_on(&pool, backend).await;
    pool.close().await;
    pending
}

/// The versions of the migrations the database records as applied; none before the first.
async fn applied_versions(pool: &AnyPool) -> StoreResult<Vec<i64>> {
    match sqlx::query("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
        .fetch_all(pool)
        .await
    {
        Ok(rows) => Ok(rows
            .iter()
            .map(|r| r.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()?),
        // No table yet: nothing applied.
        Err(sqlx::Error::Database(_)) => Ok(Vec::new()),
        Err(other) => Err(other.into()),
    }
}

async fn pending_on(pool: &AnyPool, backend: Backend) -> StoreResult<Vec<String>> {
    Ok(pending_of(&applied_versions(pool).await?, backend))
}

/// The migrations this binary has that are not among `applied`.
fn pending_of(applied: &[i64], backend: Backend) -> Vec<String> {
    backend
        .migrator()
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .map(|m| format!("{}_{}", m.version, m.description))
        .collect()
}

/// A database migrated by a newer release has tables and rules this binary does not know:
/// writing to it could break what that release relies on, so this binary does not touch it.
async fn refuse_newer_schema(pool: &AnyPool, backend: Backend) -> StoreResult<()> {
    match newer_schema(&applied_versions(pool).await?, backend) {
        None => Ok(()),
        Some(problem) => Err(StoreError::Other(problem)),
    }
}

/// Why this binary must not touch a database with these migrations applied, if one of them
/// is unknown to it (a newer release migrated it).
fn newer_schema(applied: &[i64], backend: Backend) -> Option<String> {
    let known: Vec<i64> = backend.migrator().iter().map(|m| m.version).collect();
    let newest_unknown = applied
        .iter()
        .copied()
        .filter(|version| !known.contains(version))
        .max();
    newest_unknown.map(|version| {
        format!(
            "the database was migrated by a newer Lattice (it has migration {version}, which this \
             binary does not know; the newest it knows is {}); run that release or a newer one, \
             or restore the backup taken before the upgrade",
            known.iter().max().copied().unwrap_or_default()
        )
    })
}

/// Why this binary should not serve from the database as it is, if it should not: a schema
/// migrated by a newer release, or migrations it has that are not applied. One read of the
/// migration table, for the readiness endpoint that load balancers poll.
pub(crate) async fn schema_problem(
    pool: &AnyPool,
    backend: Backend,
) -> StoreResult<Option<String>> {
    let applied = applied_versions(pool).await?;
    if let Some(newer) = newer_schema(&applied, backend) {
        return Ok(Some(newer));
    }
    let pending = pending_of(&applied, backend);
    Ok((!pending.is_empty()).then(|| {
        format!(
            "{} migration(s) pending ({}); run `lattice migrate`",
            pending.len(),
            pending.join(", ")
        )
    }))
}

/// Folds the embedded database's write-ahead log into the database file and empties it, so
/// the file alone holds every committed write (before it is copied, moved or kept aside).
/// Fails when the log could not be folded in completely, e.g. while another process reads.
pub async fn checkpoint_sqlite(path: &std::path::Path) -> StoreResult<()> {
    let (_, pool) = pool(&sqlite_url(path), 1).await?;
    let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&pool)
        .await;
    pool.close().await;
    let busy: i64 = row?.try_get(0)?;
    if busy != 0 {
        return Err(StoreError::Other(format!(
            "{}: another process is using the database; its log could not be folded in",
            path.display()
        )));
    }
    Ok(())
}
