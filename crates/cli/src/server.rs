//! The server-side subcommands: `serve`, `migrate`, `backup`, `restore`. They load the same
//! layered configuration as the service (defaults, `--config` file, `LATTICE_*` environment,
//! then these flags).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use lattice_web::{Application, Config, demo};

use crate::commands::CliError;
use crate::data_lock;

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
    /// The configuration with these flags (and `--bind`) over the file and the environment:
    /// each flag sets its own setting only, and defaults derived from another setting (the
    /// base URL from the address, the mail folder from the data dir) apply only where the
    /// setting was given nowhere.
    pub(crate) fn config(&self, bind: Option<SocketAddr>) -> Result<Config, CliError> {
        let flags = lattice_web::config::Flags {
            bind: bind.map(|b| b.to_string()),
            data_dir: self.data_dir.clone(),
            database_url: self.database_url.clone(),
        };
        Config::load_with_flags(self.config.as_deref(), std::env::vars(), flags)
            .map_err(|e| CliError::Usage(e.to_string()))
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
/// A second one stops the process at once, without waiting for requests in flight.
async fn shutdown_signal() {
    stop_signal().await;
    tracing::info!("shutting down: finishing requests in flight (a second signal stops at once)");
    tokio::spawn(async {
        stop_signal().await;
        tracing::warn!(event = "shutdown_forced", "second stop signal: exiting now");
        std::process::exit(130);
    });
}

async fn stop_signal() {
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
}

pub fn serve(
    args: ServerArgs,
    bind: Option<SocketAddr>,
    load_demo: bool,
    demo_on_postgres: bool,
) -> Result<String, CliError> {
    let config = args.config(bind)?;
    init_logs(&config);
    tracing::info!(?config, "configuration");
    let mode = match config.database_url {
        None => data_lock::Mode::Alone,
        Some(_) => data_lock::Mode::Shared,
    };
    // Held until the process ends: `restore` refuses meanwhile.
    let _lock = data_lock::lock(&config.data_dir, mode, "restoring")?;
    runtime()?.block_on(async move {
        let app = Application::build(config.clone())
            .await
            .map_err(|e| CliError::Server(e.to_string()))?;
        let address = app
            .local_addr()
            .map_err(|e| CliError::Server(e.to_string()))?;
        if load_demo {
            let allow_postgres = demo_on_postgres
                || matches!(
                    std::env::var("LATTICE_DEMO_ON_POSTGRES").as_deref(),
                    Ok("1" | "true" | "yes")
                );
            let refusal = demo::refusal(app.state(), allow_postgres)
                .await
                .map_err(|e| CliError::Server(format!("demo data: {e}")))?;
            if let Some(why) = refusal {
                return Err(CliError::Usage(why));
            }
            let loaded = demo::load(app.state())
                .await
                .map_err(|e| CliError::Server(format!("demo data: {e}")))?;
            if loaded {
                tracing::info!("demo dataset loaded");
            }
        }
        let mut banner = format!("\nLattice is serving on http://{address}\n");
        if let Some(metrics) = app.metrics_addr() {
            let metrics = metrics.map_err(|e| CliError::Server(e.to_string()))?;
            banner.push_str(&format!(
                "Metrics for Prometheus: http://{metrics}/metrics\n"
            ));
        }
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
    let config = args.config(None)?;
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

/// Writes a backup folder (see [`crate::archive`]) while the server runs.
pub fn backup(args: ServerArgs, output: &Path) -> Result<String, CliError> {
    let config = args.config(None)?;
    runtime()?.block_on(crate::archive::backup(&config, output))
}

/// Puts a backup back. Refused while a server runs on the data dir; what it replaces is kept
/// beside it, renamed.
pub fn restore(args: ServerArgs, input: &Path) -> Result<String, CliError> {
    let config = args.config(None)?;
    crate::archive::restore(&config, input)
}
