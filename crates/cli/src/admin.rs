//! `lattice admin`: the operator's way to make the first Alliance administrator and to grant
//! staff roles on a fresh production database, without the demo or hand-written SQL. The
//! password rules and hashing are the web sign-up's; every change is audited, naming the
//! command and the operating-system user who ran it. An account made here signs in with its
//! password and is then led to set up its second factor, as staff are on the web.

use std::io::{BufRead, IsTerminal};

use chrono::Utc;
use lattice_domain::rights::StaffRole;
use lattice_store::{NewAudit, NewPerson, OperatorListing, SharedStore, StaffStatus, StoreError};
use lattice_web::auth::{check_new_password, hash_password};
use lattice_web::error::WebError;

use crate::commands::{CliError, OutputFormat};
use crate::server::ServerArgs;

#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Create an Alliance administrator (the password is read from standard input).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input without a prompt (scripts).
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Give a person a staff role at an association.
    Grant {
        #[command(flatten)]
        role: RoleArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Take a staff role away (kept as removed, so the audit log still names it).
    Revoke {
        #[command(flatten)]
        role: RoleArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Set a new password (read from standard input) and end the person's sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// List administrators and staff roles with their associations.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Debug, clap::Args)]
pub struct RoleArgs {
    #[arg(long)]
    email: String,
    /// coordinator or reviewer.
    #[arg(long)]
    role: String,
    /// The association's id, e.g. massaimh.
    #[arg(long)]
    association: String,
}

/// Who ran the command, for the audit log: the store's actor is a person, and the console
/// is none, so the reason names it.
pub(crate) fn operator() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".to_string());
    format!("lattice admin (cli, OS user {user})")
}

fn audit(subject: String, action: &str, detail: &str) -> NewAudit {
    let reason = if detail.is_empty() {
        operator()
    } else {
        format!("{detail}; by {}", operator())
    };
    NewAudit {
        at: Utc::now(),
        actor: None,
        association: None,
        subject,
        action: action.to_string(),
        reason,
    }
}

fn web(error: WebError) -> CliError {
    match error {
        WebError::BadRequest(message) => CliError::Usage(message),
        other => CliError::Server(other.to_string()),
    }
}

fn stored(error: StoreError) -> CliError {
    CliError::Server(error.to_string())
}

/// The password from standard input: one line, without its line end; on a terminal it is
/// asked for twice without showing the typing.
fn read_password(email: &str, quiet: bool) -> Result<String, CliError> {
    let stdin = std::io::stdin();
    if !quiet && stdin.is_terminal() {
        // On a terminal: asked twice, the typing hidden, so a typo does not lock the
        // administrator out and the password stays off the screen and its scrollback.
        let asked = |prompt: &str| {
            rpassword::prompt_password(prompt)
                .map_err(|e| CliError::Usage(format!("password: reading the terminal: {e}")))
        };
        let password = asked(&format!("New password for {email}: "))?;
        if asked("The same password again: ")? != password {
            return Err(CliError::Usage(
                "password: the two entries differ; nothing changed".to_string(),
            ));
        }
        return non_empty(password);
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Usage(format!("password: reading standard input: {e}")))?;
    non_empty(line.trim_end_matches(['\r', '\n']).to_string())
}

fn non_empty(password: String) -> Result<String, CliError> {
    if password.is_empty() {
        return Err(CliError::Usage(
            "password: none given on standard input".to_string(),
        ));
    }
    Ok(password)
}

fn parse_email(email: &str) -> Result<String, CliError> {
    let email = email.trim().to_lowercase();
    if lattice_web::input::deliverable_email(&email) {
        Ok(email)
    } else {
        Err(CliError::Usage(format!(
            "--email: {email:?} is not an email address"
        )))
    }
}

fn parse_role(role: &str) -> Result<StaffRole, CliError> {
    StaffRole::from_key(role).ok_or_else(|| {
        CliError::Usage(format!(
            "--role: {role:?} is not a staff role (coordinator or reviewer)"
        ))
    })
}

/// The store, with the associations this binary knows seeded (as `serve` does), so a role
/// can be granted before the server first ran.
async fn open(server: &ServerArgs) -> Result<SharedStore, CliError> {
    let config = server.config(None)?;
    if config.database_url.is_none() {
        lattice_web::private_fs::create_dir(&config.data_dir)
            .and_then(|()| {
                lattice_web::private_fs::create_file(&config.data_dir.join("lattice.db"))
            })
            .map_err(|e| {
                CliError::Server(format!("data_dir {}: {e}", config.data_dir.display()))
            })?;
    }
    let store = lattice_store::connect(config.database_url().expose(), 2)
        .await
        .map_err(stored)?;
    lattice_web::sync_profiles(&store)
        .await
        .map_err(|e| CliError::Server(e.to_string()))?;
    Ok(store)
}

async fn person(store: &SharedStore, email: &str) -> Result<lattice_store::PersonRow, CliError> {
    match store.person_by_email(email).await {
        Ok((person, _)) => Ok(person),
        Err(StoreError::NotFound) => Err(CliError::Usage(format!(
            "--email: no account with the email {email}"
        ))),
        Err(other) => Err(stored(other)),
    }
}

pub fn run(command: AdminCommand) -> Result<String, CliError> {
    crate::server::runtime()?.block_on(run_async(command))
}

async fn run_async(command: AdminCommand) -> Result<String, CliError> {
    match command {
        AdminCommand::Create {
            email,
            name,
            password_stdin,
            server,
        } => {
            let email = parse_email(&email)?;
            let name = name.trim().to_string();
            if name.is_empty() {
                return Err(CliError::Usage("--name: empty".to_string()));
            }
            let password = read_password(&email, password_stdin)?;
            check_new_password(&password, &name, &email).map_err(web)?;
            let store = open(&server).await?;
            let hash = hash_password(password).await.map_err(web)?;
            let id = match store
                .create_person(&NewPerson {
                    email: email.clone(),
                    name,
                    password_hash: Some(hash),
                    admin: true,
                })
                .await
            {
                Ok(id) => id,
                Err(StoreError::Conflict(_)) => {
                    return Err(CliError::Usage(format!(
                        "--email: an account with the email {email} exists already"
                    )));
                }
                Err(other) => return Err(stored(other)),
            };
            store
                .record_audit(&audit(format!("person:{id}"), "create-admin", ""))
                .await
                .map_err(stored)?;
            Ok(format!(
                "created administrator {email}; at the first sign-in they set up their second factor\n"
            ))
        }
        AdminCommand::Grant { role, server } => change_role(&role, &server, true).await,
        AdminCommand::Revoke { role, server } => change_role(&role, &server, false).await,
        AdminCommand::ResetPassword {
            email,
            password_stdin,
            server,
        } => {
            let email = parse_email(&email)?;
            let store = open(&server).await?;
            let person = person(&store, &email).await?;
            let password = read_password(&email, password_stdin)?;
            check_new_password(&password, &person.name, &email).map_err(web)?;
            let hash = hash_password(password).await.map_err(web)?;
            store
                .set_password(
                    person.id,
                    &hash,
                    &audit(format!("person:{}", person.id), "reset-password", ""),
                )
                .await
                .map_err(stored)?;
            Ok(format!(
                "set a new password for {email}; their sessions are ended\n"
            ))
        }
        AdminCommand::List { format, server } => {
            let store = open(&server).await?;
            let listing = store.operator_listing().await.map_err(stored)?;
            Ok(match format {
                OutputFormat::Json => list_json(&listing),
                OutputFormat::Text => list_text(&listing),
            })
        }
    }
}

/// Grants (`true`) or revokes a staff role, audited with the operator's name.
async fn change_role(
    args: &RoleArgs,
    server: &ServerArgs,
    grant: bool,
) -> Result<String, CliError> {
    let email = parse_email(&args.email)?;
    let role = parse_role(&args.role)?;
    let store = open(server).await?;
    let association = match store.association_by_slug(&args.association).await {
        Ok(row) => row,
        Err(StoreError::NotFound) => {
            let known: Vec<String> = store
                .associations()
                .await
                .map_err(stored)?
                .into_iter()
                .map(|a| a.slug)
                .collect();
            return Err(CliError::Usage(format!(
                "--association: no association {:?} (known: {})",
                args.association,
                known.join(", ")
            )));
        }
        Err(other) => return Err(stored(other)),
    };
    let person = person(&store, &email).await?;
    let subject = format!("person:{}", person.id);
    let detail = format!("{} at {}", role.key(), association.slug);
    if grant {
        store
            .grant_staff(person.id, association.id, role, None)
            .await
            .map_err(stored)?;
        let mut row = audit(subject, &format!("cli-grant-{}", role.key()), &detail);
        row.association = Some(association.id);
        store.record_audit(&row).await.map_err(stored)?;
        Ok(format!("granted {detail} to {email}\n"))
    } else {
        let mut row = audit(subject, &format!("revoke-{}", role.key()), &detail);
        row.association = Some(association.id);
        match store
            .set_staff_status(person.id, association.id, role, StaffStatus::Removed, &row)
            .await
        {
            Ok(()) => Ok(format!("revoked {detail} from {email}\n")),
            Err(StoreError::NotFound) => Err(CliError::Usage(format!(
                "--role: {email} holds no {detail}"
            ))),
            Err(other) => Err(stored(other)),
        }
    }
}

fn role_of(line: &OperatorListing) -> Option<(&str, &str, &'static str)> {
    line.role
        .as_ref()
        .map(|(slug, role, status)| (slug.as_str(), role.as_str(), status.key()))
}

fn list_json(listing: &[OperatorListing]) -> String {
    let lines: Vec<serde_json::Value> = listing
        .iter()
        .map(|line| {
            let (association, role, status) = match role_of(line) {
                Some((slug, role, status)) => (Some(slug), role, status),
                None => (None, "administrator", "active"),
            };
            serde_json::json!({
                "email": line.email,
                "name": line.name,
                "admin": line.admin,
                "role": role,
                "association": association,
                "status": status,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&lines).unwrap_or_else(|_| "[]".to_string());
    text.push('\n');
    text
}

fn list_text(listing: &[OperatorListing]) -> String {
    if listing.is_empty() {
        return "no administrators or staff yet (lattice admin create)\n".to_string();
    }
    let mut text = String::new();
    for line in listing {
        let what = match role_of(line) {
            Some((slug, role, status)) => format!("{role} at {slug} ({status})"),
            None => "administrator".to_string(),
        };
        text.push_str(&format!("{:<36} {:<28} {what}\n", line.email, line.name));
    }
    text
}
