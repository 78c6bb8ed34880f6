//! `lattice mail failed` and `lattice mail resend`: failed mail from the command line, the
//! same list and action as the administrator's page (`/admin/mail`), for an operator after an
//! outage of the mail relay. They open the configured database like `lattice migrate`.

use lattice_domain::ids::MailId;
use lattice_store::{MailRow, SharedStore, StoreError};
use serde::Serialize;

use crate::commands::{CliError, OutputFormat};
use crate::server::{ServerArgs, open_existing, runtime};

#[derive(Debug, clap::Subcommand)]
pub enum MailCommand {
    /// List mail given up on after its last attempt (never its message: it may carry links).
    Failed {
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Queue failed mail again now, its attempts counted from zero (audited).
    Resend {
        /// The mail's id, as `lattice mail failed` lists it.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<i64>,
        /// Every failed mail.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        server: ServerArgs,
    },
}

/// One failed mail as the list shows it; the JSON form is a stable contract.
#[derive(Debug, Serialize)]
struct FailedMail {
    id: i64,
    recipient: String,
    subject: String,
    kind: &'static str,
    attempts: i64,
    last_error: Option<String>,
    queued_at: chrono::DateTime<chrono::Utc>,
}

impl From<&MailRow> for FailedMail {
    fn from(mail: &MailRow) -> FailedMail {
        FailedMail {
            id: mail.id.0,
            recipient: mail.recipient.clone(),
            subject: mail.subject.clone(),
            kind: mail.kind(),
            attempts: mail.attempts,
            last_error: mail.last_error.clone(),
            queued_at: mail.created_at,
        }
    }
}

pub fn run(command: MailCommand) -> Result<String, CliError> {
    match command {
        MailCommand::Failed { format, server } => {
            let failed: Vec<FailedMail> = with_store(&server, |store| async move {
                Ok(store
                    .failed_mails()
                    .await?
                    .iter()
                    .map(FailedMail::from)
                    .collect())
            })?;
            Ok(match format {
                OutputFormat::Json => crate::render::json(&failed),
                OutputFormat::Text => failed_text(&failed),
            })
        }
        MailCommand::Resend { id, all, server } => {
            let resent = with_store(&server, |store| async move {
                let ids = match id {
                    Some(id) => vec![MailId(id)],
                    None if all => store.failed_mails().await?.iter().map(|m| m.id).collect(),
                    None => Vec::new(),
                };
                for id in &ids {
                    let audit = lattice_web::mail::resend_audit(*id, None, "lattice mail resend");
                    store.resend_mail(*id, &audit).await.map_err(|e| match e {
                        StoreError::NotFound => CliError::Usage(format!(
                            "mail {id}: no failed mail with this id (see lattice mail failed)"
                        )),
                        other => CliError::Server(other.to_string()),
                    })?;
                }
                Ok(ids.len())
            })?;
            Ok(format!(
                "{resent} mail(s) queued again; the running server sends them within its poll interval\n"
            ))
        }
    }
}

fn failed_text(failed: &[FailedMail]) -> String {
    if failed.is_empty() {
        return "No failed mail.\n".to_string();
    }
    let mut text = String::new();
    for mail in failed {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{} attempts\tqueued {}\t{}\n",
            mail.id,
            mail.recipient,
            mail.subject,
            mail.kind,
            mail.attempts,
            mail.queued_at.format("%Y-%m-%d %H:%M UTC"),
            mail.last_error.as_deref().unwrap_or("")
        ));
    }
    text
}

/// Opens the configured database (refusing to make a new SQLite file) and runs `work`.
fn with_store<T, F, Fut>(server: &ServerArgs, work: F) -> Result<T, CliError>
where
    F: FnOnce(SharedStore) -> Fut,
    Fut: Future<Output = Result<T, CliError>>,
{
    let config = server.config(None)?;
    runtime()?.block_on(async move { work(open_existing(&config).await?).await })
}

impl From<StoreError> for CliError {
    fn from(error: StoreError) -> CliError {
        CliError::Server(error.to_string())
    }
}
