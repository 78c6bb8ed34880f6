//! Argument parsing and the subcommands. Each command reads its input, asks the domain, and
//! hands the answer to `render`; no rule lives here.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use lattice_domain::category::{Category, Form};
use lattice_domain::competency::CompetencyArea;
use lattice_domain::engine::{EngineError, check};
use lattice_domain::format::{PortfolioError, parse_date, parse_portfolio};
use lattice_domain::pathfinder::paths;
use lattice_domain::portfolio::Portfolio;
use lattice_domain::renewal::{RenewalError, renewal};
use lattice_profiles::{Catalog, ProfileError};

use crate::render;
use crate::server::{self, ServerArgs};

#[derive(Debug, Parser)]
#[command(
    name = "lattice",
    version,
    about = "Lattice: the Endorsement® portfolio, eligibility and renewal engine"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
struct Common {
    /// Association id, e.g. massaimh, ct-aimh, nmaimh, ak-aimh, mi-aimh.
    #[arg(long)]
    association: String,
    /// Evaluate as of this date (YYYY-MM-DD); default: today.
    #[arg(long, value_parser = parse_date_arg)]
    as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// Read requirement profiles from this folder instead of the built-in set.
    #[arg(long)]
    profiles: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a portfolio against one category: what is met, what is missing, and why.
    Check {
        /// A lattice-portfolio/1 JSON file ("-" reads standard input).
        portfolio: PathBuf,
        /// Category abbreviation: IFA, IFS, IFRS, IMHS, IMHM-C, IMHM-P, IMHM-R or their ECMH forms.
        #[arg(long, value_parser = parse_category_arg)]
        category: Category,
        #[command(flatten)]
        common: Common,
    },
    /// Rank every category of an association for a portfolio, with what each still needs.
    Paths {
        portfolio: PathBuf,
        /// imh or ecmh; default: from the ages the portfolio's work serves.
        #[arg(long, value_parser = parse_form_arg)]
        form: Option<Form>,
        #[command(flatten)]
        common: Common,
    },
    /// Check renewal compliance for one year of an endorsee's portfolio.
    Renewal {
        portfolio: PathBuf,
        /// The renewal year (the calendar year whose training and RS/C count).
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        common: Common,
    },
    /// List the competency area ids that trainings may name.
    Competencies,
    /// List the associations and the editions of their requirement profiles.
    Profiles {
        #[arg(long)]
        profiles: Option<PathBuf>,
    },
    /// Run the web service (SQLite under the data dir unless a PostgreSQL URL is configured).
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080 (also LATTICE_BIND).
        #[arg(long)]
        bind: Option<std::net::SocketAddr>,
        /// Load the demo dataset (associations, applicants at every stage, staff logins).
        #[arg(long)]
        demo: bool,
        /// Allow --demo on PostgreSQL: for a throwaway database only, never production
        /// (also LATTICE_DEMO_ON_POSTGRES=1).
        #[arg(long, requires = "demo")]
        demo_on_postgres: bool,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Apply database migrations (PostgreSQL moves only through this; SQLite also at start).
    Migrate {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Write a backup folder (database snapshot, uploads, credential key) while the server runs.
    Backup {
        /// The new backup folder (must not exist yet).
        output: PathBuf,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Change the key-encryption key (credential_key) that seals signing keys and second factors.
    Keys {
        #[command(subcommand)]
        command: crate::keys::KeysCommand,
    },
    /// Create the first administrator, grant and revoke staff roles, reset a password.
    Admin {
        #[command(subcommand)]
        command: crate::admin::AdminCommand,
    },
    /// Put a backup folder back: database, uploads, credential key (the server must be stopped).
    Restore {
        /// A folder written by `lattice backup` (or an older single database file).
        input: PathBuf,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Failed mail: list it, or queue it again after a relay outage.
    Mail {
        #[command(subcommand)]
        command: crate::mail::MailCommand,
    },
}

/// Errors the CLI reports; all are the user's input to fix, so all exit 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:\n{source}")]
    Portfolio {
        path: String,
        source: PortfolioError,
    },
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error("--category: {0}")]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Renewal(#[from] RenewalError),
    /// Bad arguments or configuration.
    #[error("{0}")]
    Usage(String),
    /// The service could not start or stopped with an error.
    #[error("{0}")]
    Server(String),
}

impl CliError {
    /// 2 for input the user can fix, 1 when the service itself failed.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Server(_) => 1,
            _ => 2,
        }
    }
}

fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
}

fn parse_category_arg(text: &str) -> Result<Category, String> {
    text.parse()
}

fn parse_form_arg(text: &str) -> Result<Form, String> {
    text.parse()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn load_portfolio(path: &Path) -> Result<Portfolio, CliError> {
    let from_stdin = path.as_os_str() == "-";
    let shown = if from_stdin {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let text = if from_stdin {
        std::io::read_to_string(std::io::stdin()).map_err(|source| CliError::Read {
            path: shown.clone(),
            source,
        })?
    } else {
        std::fs::read_to_string(path).map_err(|source| CliError::Read {
            path: shown.clone(),
            source,
        })?
    };
    parse_portfolio(&text).map_err(|source| CliError::Portfolio {
        path: shown,
        source,
    })
}

/// What every portfolio command reads before it asks the domain anything.
struct Input {
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: NaiveDate,
}

impl Input {
    fn load(path: &Path, common: &Common) -> Result<Input, CliError> {
        Ok(Input {
            portfolio: load_portfolio(path)?,
            catalog: catalog(common.profiles.as_deref())?,
            as_of: common.as_of.unwrap_or_else(today),
        })
    }
}

/// The report as JSON (the stable contract) or as text for a person.
fn emit<T: serde::Serialize>(
    format: OutputFormat,
    report: &T,
    text: impl FnOnce() -> String,
) -> String {
    match format {
        OutputFormat::Json => render::json(report),
        OutputFormat::Text => text(),
    }
}

fn catalog(dir: Option<&Path>) -> Result<Catalog, CliError> {
    Ok(match dir {
        Some(dir) => Catalog::from_dir(dir)?,
        None => Catalog::embedded()?,
    })
}

pub fn run(cli: Cli) -> Result<String, CliError> {
    match cli.command {
        Command::Check {
            portfolio,
            category,
            common,
        } => {
            let input = Input::load(&portfolio, &common)?;
            let profile = input.catalog.profile(&common.association, input.as_of)?;
            let report = check(&input.portfolio, profile, category, input.as_of)?;
            Ok(emit(common.format, &report, || {
                render::check_text(&report, profile)
            }))
        }
        Command::Paths {
            portfolio,
            form,
            common,
        } => {
            let input = Input::load(&portfolio, &common)?;
            let profile = input.catalog.profile(&common.association, input.as_of)?;
            let report = paths(&input.portfolio, profile, form, input.as_of);
            Ok(emit(common.format, &report, || {
                render::paths_text(&report, profile)
            }))
        }
        Command::Renewal {
            portfolio,
            year,
            common,
        } => {
            let input = Input::load(&portfolio, &common)?;
            // The rules for a renewal year are those in force at the year's end.
            let year_end = NaiveDate::from_ymd_opt(year, 12, 31)
                .ok_or(RenewalError::BadYear(year, common.association.clone()))?;
            let profile = input.catalog.profile(&common.association, year_end)?;
            let report = renewal(&input.portfolio, profile, year, input.as_of)?;
            Ok(emit(common.format, &report, || {
                render::renewal_text(&report, profile)
            }))
        }
        Command::Competencies => Ok(render::competencies(CompetencyArea::all())),
        Command::Profiles { profiles } => {
            let catalog = catalog(profiles.as_deref())?;
            Ok(render::profiles(&catalog))
        }
        Command::Serve {
            bind,
            demo,
            demo_on_postgres,
            server,
        } => server::serve(server, bind, demo, demo_on_postgres),
        Command::Migrate { server } => server::migrate(server),
        Command::Backup { output, server } => server::backup(server, &output),
        Command::Restore { input, server } => server::restore(server, &input),
        Command::Admin { command } => crate::admin::run(command),
        Command::Mail { command } => crate::mail::run(command),
        Command::Keys { command } => crate::keys::run(command),
    }
}
