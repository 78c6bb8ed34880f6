//! The server-side subcommands: `serve`, `migrate`, `backup`, `restore`. They load the same
//! layered configuration as the service (defaults, `--config` file, `LATTICE_*` environment,
//! then these flags).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use lattice_web::{Application, Config, demo};

use crate::commands::CliError;

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// A TOML configuration file (keys as in docs/OPERATIONS.md).
    #[arg(long, env = "LATTICE_CONFIG")]
    config: Option<PathBuf>,
    /// Folder of the embedded database and the demo mail folder.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// PostgreSQL URL (otherwise SQLite under the data dir). Also LATTICE_DATABASE_URL.
    #[arg(long)]
    database_url: Option<String>,
}

impl ServerArgs {
    pub(crate) fn config(&self) -> Result<Config, CliError> {
        let mut config = Config::load(self.config.as_deref(), std::env::vars())
            .map_err(|e| CliError::Usage(e.to_string()))?;
        if let Some(dir) = &self.data_dir {
            config.data_dir = dir.clone();
            if let lattice_web::config::MailConfig::Files { dir: mail } = &mut config.mail {
                *mail = dir.join("mail");
            }
        }
        if let Some(url) = &self.database_url {
            config.database_url = Some(lattice_web::config::Secret::new(url.clone()));
        }
        Ok(config)
    }
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Server(format!("starting the runtime: {e}")))
}

fn init_logs(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("LATTICE_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match config.log_format {
        lattice_web::config::LogFormat::Json => builder.json().try_init(),
        lattice_web::config::LogFormat::Text => builder.with_ansi(false).try_init(),
    };
}

/// Resolves on Ctrl-C or SIGTERM, so `kill` and service managers stop the server cleanly.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

pub fn serve(
    args: ServerArgs,
    bind: Option<SocketAddr>,
    load_demo: bool,
) -> Result<String, CliError> {
    let mut config = args.config()?;
    if let Some(bind) = bind {
        config.bind = bind;
        if std::env::var("LATTICE_BASE_URL").is_err() {
            config.base_url = format!("http://{bind}");
        }
    }
    init_logs(&config);
    tracing::info!(?config, "configuration");
    runtime()?.block_on(async move {
        let app = Application::build(config.clone())
            .await
            .map_err(|e| CliError::Server(e.to_string()))?;
        let address = app
            .local_addr()
            .map_err(|e| CliError::Server(e.to_string()))?;
        if load_demo {
            let loaded = demo::load(app.state())
                .await
                .map_err(|e| CliError::Server(format!("demo data: {e}")))?;
            if loaded {
                tracing::info!("demo dataset loaded");
            }
        }
        let mut banner = format!("\nLattice is serving on http://{address}\n");
        match &config.database_url {
            Some(_) => banner.push_str("Database: PostgreSQL\n"),
            None => banner.push_str(&format!(
                "Database: {}\n",
                config.data_dir.join("lattice.db").display()
            )),
        }
        if let lattice_web::config::MailConfig::Files { dir } = &config.mail {
            banner.push_str(&format!(
                "Mail is written to {} (one .eml file per message)\n",
                dir.display()
            ));
        }
        if load_demo {
            banner.push_str(&format!(
                "\nDemo logins (password for all: {}):\n",
                demo::DEMO_PASSWORD
            ));
            for login in demo::logins() {
                banner.push_str(&format!("  {:<32} {}\n", login.email, login.role));
            }
            banner.push_str(&format!(
                "Staff sign in with a second factor: add the key {} to an authenticator app\n\
                 (time-based, 6 digits, 30 seconds) and enter the code it shows.\n",
                demo::DEMO_TOTP_SECRET
            ));
        }
        banner.push_str("\nStop with Ctrl-C.\n");
        println!("{banner}");
        app.run_until_stopped(shutdown_signal())
            .await
            .map_err(|e| CliError::Server(e.to_string()))?;
        Ok(String::new())
    })
}

pub fn migrate(args: ServerArgs) -> Result<String, CliError> {
    let config = args.config()?;
    runtime()?.block_on(async move {
        let applied = lattice_store::migrate(config.database_url().expose())
            .await
            .map_err(|e| CliError::Server(e.to_string()))?;
        Ok(format!(
            "{applied} migration(s) applied; the schema is current\n"
        ))
    })
}

/// The configured database, refusing to make a new SQLite file: a typo in `--data-dir` would
/// otherwise give an empty database instead of an error.
pub(crate) async fn open_existing(config: &Config) -> Result<lattice_store::SharedStore, CliError> {
    if config.database_url.is_none() {
        let database = config.data_dir.join("lattice.db");
        if !database.exists() {
            return Err(CliError::Usage(format!(
                "{}: no database here (check --data-dir)",
                database.display()
            )));
        }
    }
    lattice_store::connect(config.database_url().expose(), 2)
        .await
        .map_err(|e| CliError::Server(e.to_string()))
}

pub fn backup(args: ServerArgs, output: &Path) -> Result<String, CliError> {
    let config = args.config()?;
    if output.exists() {
        return Err(CliError::Usage(format!(
            "{}: already exists; choose a new file",
            output.display()
        )));
    }
    if config.database_url.is_some() {
        return Err(CliError::Usage(
            "backup copies the embedded SQLite database; back PostgreSQL up with pg_dump (docs/OPERATIONS.md)".to_string(),
        ));
    }
    let database = config.data_dir.join("lattice.db");
    runtime()?.block_on(async move {
        let store = open_existing(&config).await?;
        store
            .backup_to(output)
            .await
            .map_err(|e| CliError::Server(e.to_string()))?;
        let size = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
        Ok(format!(
            "backed up {} to {} ({size} bytes)\n",
            database.display(),
            output.display()
        ))
    })
}

/// Replaces the embedded database with a backup. The server must be stopped; the database it
/// replaces is kept beside it, renamed.
pub fn restore(args: ServerArgs, input: &Path) -> Result<String, CliError> {
    let config = args.config()?;
    if config.database_url.is_some() {
        return Err(CliError::Usage(
            "restore is for the embedded SQLite database; restore PostgreSQL with pg_restore"
                .to_string(),
        ));
    }
    if !input.is_file() {
        return Err(CliError::Usage(format!(
            "{}: no such backup file",
            input.display()
        )));
    }
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| CliError::Server(format!("{}: {e}", config.data_dir.display())))?;
    let database = config.data_dir.join("lattice.db");
    let staging = config.data_dir.join("lattice.db.restoring");
    let io = |what: &Path, e: std::io::Error| CliError::Server(format!("{}: {e}", what.display()));
    std::fs::copy(input, &staging).map_err(|e| io(&staging, e))?;
    // Open the copy first: a file that is not a Lattice database stops here, before anything
    // is replaced.
    let checked = runtime()?.block_on(async {
        let store = lattice_store::connect(&lattice_store::sqlite_url(&staging), 1).await?;
        let associations = store.associations().await?.len();
        Ok::<usize, lattice_store::StoreError>(associations)
    });
    let associations = match checked {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&staging);
            return Err(CliError::Usage(format!(
                "{}: not a usable Lattice backup ({e})",
                input.display()
            )));
        }
    };
    let mut kept = String::new();
    if database.exists() {
        let aside = config.data_dir.join(format!(
            "lattice.db.replaced-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%S")
        ));
        std::fs::rename(&database, &aside).map_err(|e| io(&database, e))?;
        kept = format!("; the previous database is kept as {}", aside.display());
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(config.data_dir.join(format!("lattice.db{suffix}")));
        let _ = std::fs::remove_file(
            config
                .data_dir
                .join(format!("lattice.db.restoring{suffix}")),
        );
    }
    std::fs::rename(&staging, &database).map_err(|e| io(&database, e))?;
    Ok(format!(
        "restored {} ({associations} associations){kept}\n",
        input.display()
    ))
}
