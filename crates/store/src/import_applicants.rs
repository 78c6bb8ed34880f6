//! Applicants in progress brought in by their association (issue #21): for each person of the
//! coordinator's CSV, an account without a password, their `lattice-portfolio/1` entries
//! (marked as imported by the coordinator), a draft application for the category, and an
//! invitation to set a password (a password-reset link, through the outbox). All or nothing
//! in one transaction with one audit row for the file; the same files twice change nothing.
//!
//! The web layer reads the CSV and each portfolio file and decides what a file may say (a
//! rating, a membership or a signature is never taken from it); the store checks what only
//! the database knows: who has an account already, who was imported before and with what.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::application::State;
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_domain::language::Language;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use crate::import::ImportProblem;
use crate::records::{NewAudit, NewMail, Section};
use crate::sql::{SqlStore, WriteTx, insert_audit, insert_audit_with_summary, insert_mail, secs};
use crate::{StoreResult, date_text};

/// One applicant as read from the coordinator's files, already checked by the web layer.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicantRow {
    /// The CSV's line, for the problems the store finds.
    pub line: u64,
    pub name: String,
    pub email: String,
    /// The category's abbreviation (`IMHM-C`).
    pub category: String,
    pub intended_submission: Option<NaiveDate>,
    /// The portfolio file the row names, as uploaded.
    pub file_name: String,
    /// The entries taken from the file (what the applicant may speak for), not yet marked.
    pub entries: Vec<(Section, serde_json::Value)>,
    /// The portfolio's meta taken from the file (licences, endorsements held elsewhere).
    pub meta: serde_json::Value,
    /// The language the association knows the person reads (the CSV's `language`): their
    /// account's language from the start, unless they have chosen one. The invitation is
    /// already worded in it.
    pub language: Option<Language>,
    /// The invitation, used only when the row creates an applicant: the hash of a fresh
    /// password-reset token, its expiry, and the mail carrying the link.
    pub invitation: Invitation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub mail: NewMail,
}

impl ApplicantRow {
    /// What the files said about this person: the same digest on a second import means
    /// nothing to do. The invitation (a fresh token each time) is not part of it.
    fn digest(&self) -> String {
        let said = serde_json::json!({
            "name": self.name,
            "email": self.email.trim().to_lowercase(),
            "category": self.category,
            "intended_submission": self.intended_submission.map(date_text),
            "entries": self.entries.iter().map(|(s, v)| serde_json::json!([s.key(), v])).collect::<Vec<_>>(),
            "meta": self.meta,
        });
        hex(&Sha256::digest(said.to_string().as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What applying a row does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicantAction {
    /// A new applicant: account (unless one without a password exists), portfolio, draft
    /// application and invitation.
    Create,
    /// Imported before from other files, and the applicant has not set a password yet: the
    /// portfolio is replaced and the draft's category and date follow the file. No new mail.
    Change,
    /// Imported before from the same files.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedApplicant {
    pub line: u64,
    pub name: String,
    pub email: String,
    pub category: String,
    pub file_name: String,
    pub entries: usize,
    pub new_account: bool,
    pub action: ApplicantAction,
}

/// What an applicant import would do (the dry run) or did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicantPlan {
    pub rows: Vec<PlannedApplicant>,
    pub problems: Vec<ImportProblem>,
    /// True once written; never when there are problems.
    pub applied: bool,
}

impl ApplicantPlan {
    pub fn created(&self) -> usize {
        self.count(ApplicantAction::Create)
    }
    pub fn changed(&self) -> usize {
        self.count(ApplicantAction::Change)
    }
    pub fn unchanged(&self) -> usize {
        self.count(ApplicantAction::Unchanged)
    }
    pub fn new_accounts(&self) -> usize {
        self.rows.iter().filter(|r| r.new_account).count()
    }
    fn count(&self, action: ApplicantAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
    /// The counts in words, as the audit row and the page say them.
    pub fn summary(&self) -> String {
        format!(
            "{} applicants created (each invited), {} changed, {} left alone; {} accounts made",
            self.created(),
            self.changed(),
            self.unchanged(),
            self.new_accounts()
        )
    }
}

/// A row's plan with what applying it needs.
struct Step {
    person: Option<i64>,
    /// The application made by an earlier import.
    application: Option<i64>,
    digest: String,
}

/// Reads what the rows meet in the database. Used by the dry run and again inside the
/// import's write transaction, so the two cannot disagree.
async fn plan(
    conn: &mut AnyConnection,
    association: AssociationId,
    rows: &[ApplicantRow],
) -> StoreResult<(ApplicantPlan, Vec<Step>)> {
    let mut plan = ApplicantPlan::default();
    let mut steps = Vec::with_capacity(rows.len());
    for row in rows {
        let email = row.email.trim().to_lowercase();
        let digest = row.digest();
        let problem = |column: &'static str, message: String| ImportProblem {
            line: row.line,
            column,
            message,
        };
        let person = sqlx::query("SELECT id, password_hash FROM people WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *conn)
            .await?;
        let (person, has_password) = match person {
            Some(found) => (
                Some(found.try_get::<i64, _>("id")?),
                found
                    .try_get::<Option<String>, _>("password_hash")?
                    .is_some(),
            ),
            None => (None, false),
        };
        let mut step = Step {
            person,
            application: None,
            digest: digest.clone(),
        };
        let action = match person {
            None => Some(ApplicantAction::Create),
            Some(id) => {
                let earlier = sqlx::query(
                    "SELECT i.application_id, i.digest, a.state FROM applicant_imports i \
                     JOIN applications a ON a.id = i.application_id \
                     WHERE i.association_id = $1 AND i.person_id = $2",
                )
                .bind(association.0)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
                match earlier {
                    Some(earlier) => {
                        step.application = Some(earlier.try_get("application_id")?);
                        let state: String = earlier.try_get("state")?;
                        if earlier.try_get::<String, _>("digest")? == digest {
                            Some(ApplicantAction::Unchanged)
                        } else if has_password {
                            plan.problems.push(problem(
                                "portfolio",
                                format!(
                                    "{email} was imported before and has since set a password: the portfolio is theirs now and is not replaced (they import a file themselves under Portfolio › Import)"
                                ),
                            ));
                            None
                        } else if state != State::Draft.key() {
                            plan.problems.push(problem(
                                "category",
                                format!("{email}'s application is past its draft ({state}) and is not changed by an import"),
                            ));
                            None
                        } else {
                            Some(ApplicantAction::Change)
                        }
                    }
                    None => {
                        let entries: i64 = sqlx::query_scalar(
                            "SELECT COUNT(*) FROM portfolio_entries WHERE person_id = $1",
                        )
                        .bind(id)
                        .fetch_one(&mut *conn)
                        .await?;
                        let applications: i64 = sqlx::query_scalar(
                            "SELECT COUNT(*) FROM applications WHERE person_id = $1 \
                             AND association_id = $2",
                        )
                        .bind(id)
                        .bind(association.0)
                        .fetch_one(&mut *conn)
                        .await?;
                        if has_password || entries > 0 {
                            plan.problems.push(problem(
                                "email",
                                format!(
                                    "{email} already has an account with {}: a portfolio of theirs is not replaced by the association's file (they import it themselves under Portfolio › Import)",
                                    if has_password { "a password" } else { "portfolio entries" }
                                ),
                            ));
                            None
                        } else if applications > 0 {
                            plan.problems.push(problem(
                                "email",
                                format!("{email} already has an application in this association"),
                            ));
                            None
                        } else {
                            // An account without a password and nothing in it (a member from
                            // the roster import): it becomes the applicant's.
                            Some(ApplicantAction::Create)
                        }
                    }
                }
            }
        };
        if let Some(action) = action {
            plan.rows.push(PlannedApplicant {
                line: row.line,
                name: row.name.clone(),
                email,
                category: row.category.clone(),
                file_name: row.file_name.clone(),
                entries: row.entries.len(),
                new_account: person.is_none(),
                action,
            });
        }
        steps.push(step);
    }
    Ok((plan, steps))
}

/// Each imported entry says who brought it in, so the applicant, the coordinator and the
/// reviewers read it as the association's import, not as typed by the applicant. Editing the
/// entry on its form replaces it with the applicant's own words (and drops the mark).
fn marked(entry: &serde_json::Value, marker: &serde_json::Value) -> serde_json::Value {
    let mut entry = entry.clone();
    if let Some(fields) = entry.as_object_mut() {
        fields.insert("imported_by".into(), marker.clone());
    }
    entry
}

/// The language the association gave for the person (the CSV's `language`) becomes their
/// account's, unless they have chosen one themselves.
async fn take_language(tx: &mut WriteTx, person: i64, row: &ApplicantRow) -> StoreResult<()> {
    if let Some(language) = row.language {
        sqlx::query("UPDATE people SET language = $1 WHERE id = $2 AND language IS NULL")
            .bind(language.code())
            .bind(person)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn write_portfolio(
    tx: &mut WriteTx,
    person: i64,
    row: &ApplicantRow,
    marker: &serde_json::Value,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM portfolio_entries WHERE person_id = $1 AND id NOT IN \
         (SELECT entry_id FROM rater_requests WHERE entry_id IS NOT NULL)",
    )
    .bind(person)
    .execute(&mut **tx)
    .await?;
    for (section, data) in &row.entries {
        sqlx::query(
            "INSERT INTO portfolio_entries (person_id, section, data, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(person)
        .bind(section.key())
        .bind(marked(data, marker).to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO portfolios (person_id, meta, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO UPDATE SET meta = excluded.meta, updated_at = excluded.updated_at",
    )
    .bind(person)
    .bind(row.meta.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn apply(
    tx: &mut WriteTx,
    association: AssociationId,
    rows: &[ApplicantRow],
    plan: &ApplicantPlan,
    steps: &[Step],
    audit: &NewAudit,
    marker: &serde_json::Value,
) -> StoreResult<()> {
    let now = secs(audit.at);
    let imported_by = audit.actor.map(|p| p.0);
    let planned: HashMap<u64, &PlannedApplicant> = plan.rows.iter().map(|p| (p.line, p)).collect();
    for (row, step) in rows.iter().zip(steps) {
        let Some(planned) = planned.get(&row.line) else {
            continue;
        };
        match planned.action {
            ApplicantAction::Unchanged => {}
            ApplicantAction::Create => {
                let person =
                    match step.person {
                        Some(id) => id,
                        None => sqlx::query_scalar(
                            "INSERT INTO people (email, name, password_hash, admin, created_at) \
                             VALUES ($1, $2, NULL, 0, $3) RETURNING id",
                        )
                        .bind(&planned.email)
                        .bind(&row.name)
                        .bind(now)
                        .fetch_one(&mut **tx)
                        .await?,
                    };
                take_language(tx, person, row).await?;
                write_portfolio(tx, person, row, marker, now).await?;
                let application: i64 = sqlx::query_scalar(
                    "INSERT INTO applications (person_id, association_id, category, state, \
                     intended_submission, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                )
                .bind(person)
                .bind(association.0)
                .bind(&row.category)
                .bind(State::Draft.key())
                .bind(row.intended_submission.map(date_text))
                .bind(now)
                .fetch_one(&mut **tx)
                .await?;
                // The application's history starts with its import, by the coordinator.
                insert_audit(
                    tx,
                    &NewAudit {
                        at: audit.at,
                        actor: audit.actor,
                        association: Some(association),
                        subject: format!("application:{application}"),
                        action: "create".to_string(),
                        reason: format!(
                            "category {}, imported by the coordinator from {}",
                            row.category, row.file_name
                        ),
                    },
                )
                .await?;
                sqlx::query(
                    "INSERT INTO applicant_imports (association_id, person_id, application_id, \
                     file_name, digest, imported_by, imported_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(association.0)
                .bind(person)
                .bind(application)
                .bind(&row.file_name)
                .bind(&step.digest)
                .bind(imported_by)
                .bind(now)
                .execute(&mut **tx)
                .await?;
                // The invitation is a password-reset link: setting the password spends it.
                sqlx::query(
                    "INSERT INTO password_resets (token_hash, person_id, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(&row.invitation.token_hash)
                .bind(person)
                .bind(now)
                .bind(secs(row.invitation.expires_at))
                .execute(&mut **tx)
                .await?;
                insert_mail(tx, &row.invitation.mail).await?;
            }
            ApplicantAction::Change => {
                let (Some(person), Some(application)) = (step.person, step.application) else {
                    continue;
                };
                take_language(tx, person, row).await?;
                write_portfolio(tx, person, row, marker, now).await?;
                sqlx::query(
                    "UPDATE applications SET category = $1, intended_submission = $2, \
                     updated_at = $3 WHERE id = $4",
                )
                .bind(&row.category)
                .bind(row.intended_submission.map(date_text))
                .bind(now)
                .bind(application)
                .execute(&mut **tx)
                .await?;
                sqlx::query(
                    "UPDATE applicant_imports SET file_name = $1, digest = $2, imported_by = $3, \
                     imported_at = $4 WHERE association_id = $5 AND person_id = $6",
                )
                .bind(&row.file_name)
                .bind(&step.digest)
                .bind(imported_by)
                .bind(now)
                .bind(association.0)
                .bind(person)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

impl SqlStore {
    pub(crate) async fn plan_applicant_import_in(
        &self,
        association: AssociationId,
        rows: &[ApplicantRow],
    ) -> StoreResult<ApplicantPlan> {
        let mut conn = self.reader().await?;
        Ok(plan(&mut conn, association, rows).await?.0)
    }

    /// Plans again inside one write transaction and, when there is no problem and something
    /// to do, applies the whole plan with one audit row for the file (its reason:
    /// `audit.reason` and the counts). With a problem nothing is written and the plan says
    /// why; with nothing to do (the same files again) nothing is written at all.
    pub(crate) async fn import_applicants_in(
        &self,
        association: AssociationId,
        rows: &[ApplicantRow],
        audit: &NewAudit,
        marker: &serde_json::Value,
    ) -> StoreResult<ApplicantPlan> {
        let mut tx = self.begin().await?;
        let (mut plan, steps) = plan(&mut tx, association, rows).await?;
        if !plan.problems.is_empty() {
            return Ok(plan);
        }
        if plan.created() + plan.changed() == 0 {
            return Ok(plan);
        }
        apply(&mut tx, association, rows, &plan, &steps, audit, marker).await?;
        insert_audit_with_summary(&mut tx, audit, &plan.summary()).await?;
        tx.commit().await?;
        plan.applied = true;
        Ok(plan)
    }

    /// The applicants an association imported: person, application, file, when.
    pub(crate) async fn imported_applicants_in(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<(PersonId, i64, String)>> {
        sqlx::query(
            "SELECT person_id, application_id, file_name FROM applicant_imports \
             WHERE association_id = $1 ORDER BY id",
        )
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok((
                PersonId(row.try_get("person_id")?),
                row.try_get("application_id")?,
                row.try_get("file_name")?,
            ))
        })
        .collect()
    }
}
