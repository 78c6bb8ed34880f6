//! An association's registry imported from its earlier records (issue #21): endorsees with
//! their category, dates, renewal history, status and the credential number they carry.
//!
//! One planner serves the dry run and the import itself, so what the coordinator reads is what
//! is applied: the import plans again inside its write transaction and applies only a plan
//! without problems. People are matched by normalised email, endorsements by the number they
//! carry (kept as `former_number`, or a Lattice number already theirs), so the same file a
//! second time plans nothing to do and changes nothing.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use lattice_domain::endorsement::{Status, credential_number};
use lattice_domain::ids::AssociationId;
use sqlx::{AnyConnection, Row};

use crate::endorsement::{assign_status_index, search_keys};
use crate::records::NewAudit;
use crate::sql::{SqlStore, date, insert_audit, insert_audit_with_summary, secs};
use crate::{StoreError, StoreResult, date_text};

/// One endorsee as read from the association's file (the web layer parses and checks each
/// cell; the store checks what only the database knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndorseeRow {
    /// The file's line, for the problems the store finds.
    pub line: u64,
    pub name: String,
    pub email: String,
    /// The category's abbreviation (`IMHM-C`).
    pub category: String,
    pub name_line: String,
    pub title_line: String,
    pub endorsed_on: NaiveDate,
    pub valid_through: NaiveDate,
    /// The days the endorsee renewed, oldest first, at most one per calendar year.
    pub renewals: Vec<NaiveDate>,
    pub status: Status,
    /// The credential number they carry, in its written form (upper case, dashes).
    pub number: String,
}

/// What applying a row does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndorseeAction {
    Create,
    /// The words for each difference from the stored record.
    Change(Vec<String>),
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEndorsee {
    pub line: u64,
    pub name: String,
    pub email: String,
    pub number: String,
    /// The Lattice credential number it has, when the endorsement is already stored.
    pub credential_number: Option<String>,
    /// A person not known by this email gets an account without a password.
    pub new_account: bool,
    pub action: EndorseeAction,
}

/// A problem only the stored records reveal, named by the file's line and the column's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: u64,
    pub column: &'static str,
    pub message: String,
}

/// What an import would do (the dry run) or did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndorseePlan {
    pub rows: Vec<PlannedEndorsee>,
    pub problems: Vec<ImportProblem>,
    /// True once written; never when there are problems.
    pub applied: bool,
}

impl EndorseePlan {
    pub fn created(&self) -> usize {
        self.count(|a| matches!(a, EndorseeAction::Create))
    }
    pub fn changed(&self) -> usize {
        self.count(|a| matches!(a, EndorseeAction::Change(_)))
    }
    pub fn unchanged(&self) -> usize {
        self.count(|a| matches!(a, EndorseeAction::Unchanged))
    }
    pub fn new_accounts(&self) -> usize {
        self.rows.iter().filter(|r| r.new_account).count()
    }
    fn count(&self, which: impl Fn(&EndorseeAction) -> bool) -> usize {
        self.rows.iter().filter(|r| which(&r.action)).count()
    }
    /// The counts in words, as the audit row and the page say them.
    pub fn summary(&self) -> String {
        format!(
            "{} endorsements created, {} changed, {} left alone; {} accounts made",
            self.created(),
            self.changed(),
            self.unchanged(),
            self.new_accounts()
        )
    }
}

/// The stored endorsement a carried number finds.
#[derive(Clone)]
struct Stored {
    id: i64,
    person: i64,
    association: i64,
    category: String,
    status: Status,
    endorsed_on: NaiveDate,
    valid_through: NaiveDate,
    display_name: String,
    credential_number: String,
    former_number: Option<String>,
}

/// A row's plan with what applying it needs.
struct Step {
    person: Option<i64>,
    stored: Option<Stored>,
    /// Renewal days whose renewal year has no record yet.
    missing_renewals: Vec<NaiveDate>,
}

fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// What the renewal of `day` is recorded as good through: the next renewal, or the row's end.
fn renewal_good_through(row: &EndorseeRow, index: usize) -> NaiveDate {
    row.renewals
        .get(index + 1)
        .copied()
        .unwrap_or(row.valid_through)
}

/// When the status in the file took effect, as far as the file says: a lapse the day after
/// good standing ended, anything else from the day endorsed (the file carries no other day).
fn status_since(row: &EndorseeRow) -> NaiveDate {
    match row.status {
        Status::Lapsed => row.valid_through.succ_opt().unwrap_or(row.valid_through),
        _ => row.endorsed_on,
    }
}

/// How many values one `IN (…)` list binds: well below both backends' limits on parameters.
const CHUNK: usize = 500;

/// `$from, $from+1, …` for `count` values.
fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn stored_row(found: &sqlx::any::AnyRow) -> StoreResult<Stored> {
    let status: String = found.try_get("status")?;
    let day = |column: &str| -> StoreResult<NaiveDate> {
        date(Some(found.try_get(column)?))?
            .ok_or_else(|| StoreError::Other(format!("endorsements.{column} is empty")))
    };
    Ok(Stored {
        id: found.try_get("id")?,
        person: found.try_get("person_id")?,
        association: found.try_get("association_id")?,
        category: found.try_get("category")?,
        status: Status::from_key(&status)
            .ok_or_else(|| StoreError::Other(format!("stored status {status:?}")))?,
        endorsed_on: day("endorsed_on")?,
        valid_through: day("valid_through")?,
        display_name: found.try_get("display_name")?,
        credential_number: found
            .try_get::<Option<String>, _>("credential_number")?
            .unwrap_or_default(),
        former_number: found.try_get("former_number")?,
    })
}

/// What the stored records say about the file's people and numbers, read a few hundred at a
/// time rather than row by row: the accounts by email, the endorsements whose number (ours or
/// carried in) the file names, and the renewal years already recorded for those people.
struct Known {
    people: HashMap<String, i64>,
    endorsements: HashMap<String, Vec<Stored>>,
    renewal_years: HashMap<i64, Vec<i64>>,
}

async fn known(
    conn: &mut AnyConnection,
    association: AssociationId,
    rows: &[EndorseeRow],
) -> StoreResult<Known> {
    let emails: Vec<String> = rows.iter().map(|r| r.email.trim().to_lowercase()).collect();
    let numbers: Vec<&str> = rows.iter().map(|r| r.number.as_str()).collect();
    let mut people = HashMap::new();
    for chunk in emails.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, email FROM people WHERE email IN ({})",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for email in chunk {
            query = query.bind(email);
        }
        for row in query.fetch_all(&mut *conn).await? {
            people.insert(row.try_get::<String, _>("email")?, row.try_get("id")?);
        }
    }
    let mut endorsements: HashMap<String, Vec<Stored>> = HashMap::new();
    // A number may be one of ours (a file exported from Lattice) or one carried in.
    for column in ["credential_number", "former_number"] {
        for chunk in numbers.chunks(CHUNK) {
            let sql = format!(
                "SELECT id, person_id, association_id, category, status, endorsed_on, \
                 valid_through, display_name, credential_number, former_number \
                 FROM endorsements WHERE {column} IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for number in chunk {
                query = query.bind(*number);
            }
            for row in query.fetch_all(&mut *conn).await? {
                let stored = stored_row(&row)?;
                let key = if column == "credential_number" {
                    stored.credential_number.clone()
                } else {
                    stored.former_number.clone().unwrap_or_default()
                };
                let listed = endorsements.entry(key).or_default();
                if !listed.iter().any(|s| s.id == stored.id) {
                    listed.push(stored);
                }
            }
        }
    }
    let mut ids: Vec<i64> = people.values().copied().collect();
    ids.sort_unstable();
    let mut renewal_years: HashMap<i64, Vec<i64>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT person_id, year FROM renewals WHERE association_id = $1 AND person_id IN ({})",
            placeholders(2, chunk.len())
        );
        let mut query = sqlx::query(&sql).bind(association.0);
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            renewal_years
                .entry(row.try_get("person_id")?)
                .or_default()
                .push(row.try_get("year")?);
        }
    }
    Ok(Known {
        people,
        endorsements,
        renewal_years,
    })
}

async fn plan(
    conn: &mut AnyConnection,
    association: AssociationId,
    rows: &[EndorseeRow],
) -> StoreResult<(EndorseePlan, Vec<Step>)> {
    let known = known(conn, association, rows).await?;
    let mut plan = EndorseePlan::default();
    let mut steps = Vec::with_capacity(rows.len());
    for row in rows {
        let email = row.email.trim().to_lowercase();
        let person = known.people.get(&email).copied();
        let mut stored: Option<Stored> = None;
        for candidate in known.endorsements.get(&row.number).into_iter().flatten() {
            // Our own number first: it is the one the verifier shows.
            if stored.is_none() || candidate.credential_number == row.number {
                stored = Some(candidate.clone());
            }
        }
        // Renewal days whose renewal year has no record yet.
        let missing = |person: i64| -> Vec<NaiveDate> {
            let years = known.renewal_years.get(&person);
            row.renewals
                .iter()
                .filter(|day| !years.is_some_and(|y| y.contains(&i64::from(day.year()))))
                .copied()
                .collect()
        };
        let problem = |message: String| ImportProblem {
            line: row.line,
            column: "credential_number",
            message,
        };
        let mut action = EndorseeAction::Create;
        let mut missing_renewals = Vec::new();
        if let Some(found) = &stored {
            if found.association != association.0 {
                plan.problems.push(problem(format!(
                    "{} is the credential number of an endorsement of another association",
                    row.number
                )));
            } else if Some(found.person) != person {
                plan.problems.push(problem(format!(
                    "{} is already used by someone else (not {email})",
                    row.number
                )));
            } else {
                let mut changes = Vec::new();
                if found.category != row.category {
                    changes.push(format!("category {} → {}", found.category, row.category));
                }
                if found.status != row.status {
                    if let Some(why) = found.status.change_refused() {
                        plan.problems.push(ImportProblem {
                            line: row.line,
                            column: "status",
                            message: format!("{}: {why}", row.number),
                        });
                    }
                    changes.push(format!("status {} → {}", found.status, row.status));
                }
                if found.endorsed_on != row.endorsed_on {
                    changes.push(format!(
                        "first endorsed {} → {}",
                        found.endorsed_on, row.endorsed_on
                    ));
                }
                if found.valid_through != row.valid_through {
                    changes.push(format!(
                        "valid through {} → {}",
                        found.valid_through, row.valid_through
                    ));
                }
                if found.display_name != row.name {
                    changes.push(format!("name {} → {}", found.display_name, row.name));
                }
                missing_renewals = missing(found.person);
                if !missing_renewals.is_empty() {
                    changes.push(format!(
                        "renewals added: {}",
                        missing_renewals
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                action = if changes.is_empty() {
                    EndorseeAction::Unchanged
                } else {
                    EndorseeAction::Change(changes)
                };
            }
        } else if let Some(person) = person {
            missing_renewals = missing(person);
        } else {
            missing_renewals = row.renewals.clone();
        }
        plan.rows.push(PlannedEndorsee {
            line: row.line,
            name: row.name.clone(),
            email,
            number: row.number.clone(),
            credential_number: stored.as_ref().map(|s| s.credential_number.clone()),
            new_account: person.is_none(),
            action,
        });
        steps.push(Step {
            person,
            stored,
            missing_renewals,
        });
    }
    Ok((plan, steps))
}

async fn apply(
    tx: &mut crate::sql::WriteTx,
    association: AssociationId,
    abbreviation: &str,
    rows: &[EndorseeRow],
    steps: &[Step],
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let now = secs(at);
    for (row, step) in rows.iter().zip(steps) {
        let person = match step.person {
            Some(id) => id,
            None => {
                sqlx::query_scalar(
                    "INSERT INTO people (email, name, password_hash, admin, created_at) \
                     VALUES ($1, $2, NULL, 0, $3) RETURNING id",
                )
                .bind(row.email.trim().to_lowercase())
                .bind(&row.name)
                .bind(now)
                .fetch_one(&mut **tx)
                .await?
            }
        };
        let (family, given) = search_keys(&row.name);
        match &step.stored {
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO endorsements (person_id, association_id, application_id, \
                     category, status, name_line, title_line, display_name, search_family, \
                     search_given, endorsed_on, valid_through, status_since, former_number, \
                     created_at, updated_at) \
                     VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) \
                     RETURNING id",
                )
                .bind(person)
                .bind(association.0)
                .bind(&row.category)
                .bind(row.status.key())
                .bind(&row.name_line)
                .bind(&row.title_line)
                .bind(&row.name)
                .bind(family)
                .bind(given)
                .bind(date_text(row.endorsed_on))
                .bind(date_text(row.valid_through))
                .bind(date_text(status_since(row)))
                .bind(&row.number)
                .bind(now)
                .fetch_one(&mut **tx)
                .await?;
                let sequence =
                    u64::try_from(id).map_err(|_| StoreError::Other(format!("id {id}")))?;
                let number = credential_number(abbreviation, row.endorsed_on.year(), sequence);
                sqlx::query("UPDATE endorsements SET credential_number = $1 WHERE id = $2")
                    .bind(&number)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                assign_status_index(tx, id).await?;
            }
            Some(stored) => {
                let same = stored.category == row.category
                    && stored.status == row.status
                    && stored.endorsed_on == row.endorsed_on
                    && stored.valid_through == row.valid_through
                    && stored.display_name == row.name;
                if !same {
                    let since = if stored.status == row.status {
                        None
                    } else {
                        Some(date_text(status_since(row)))
                    };
                    sqlx::query(
                        "UPDATE endorsements SET category = $1, status = $2, name_line = $3, \
                         title_line = $4, display_name = $5, search_family = $6, \
                         search_given = $7, endorsed_on = $8, valid_through = $9, \
                         status_since = COALESCE($10, status_since), updated_at = $11 \
                         WHERE id = $12",
                    )
                    .bind(&row.category)
                    .bind(row.status.key())
                    .bind(&row.name_line)
                    .bind(&row.title_line)
                    .bind(&row.name)
                    .bind(family)
                    .bind(given)
                    .bind(date_text(row.endorsed_on))
                    .bind(date_text(row.valid_through))
                    .bind(since)
                    .bind(now)
                    .bind(stored.id)
                    .execute(&mut **tx)
                    .await?;
                }
            }
        }
        for day in &step.missing_renewals {
            let index = row.renewals.iter().position(|d| d == day).unwrap_or(0);
            let paid = secs(day_start(*day));
            sqlx::query(
                "INSERT INTO renewals (person_id, association_id, year, fee_usd, valid_through, \
                 submitted_at, paid_at) VALUES ($1, $2, $3, 0, $4, $5, $5)",
            )
            .bind(person)
            .bind(association.0)
            .bind(i64::from(day.year()))
            .bind(date_text(renewal_good_through(row, index)))
            .bind(paid)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// The dry run of a member roster import (`Store::import_roster`): how many memberships it
/// would record, how many accounts it would make, the rows already recorded exactly as the file
/// has them (left alone, so the same file twice changes nothing), and the rows that clash with
/// a membership recorded differently (0-based, as `import_roster` names them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterPlan {
    pub memberships: usize,
    pub new_accounts: usize,
    pub unchanged: Vec<usize>,
    pub clashes: Vec<(usize, String)>,
}

/// What the import does with one row: record it (for a known person or a new account), or
/// leave it alone because the same membership is recorded already.
enum RosterStep {
    Record(Option<i64>),
    LeaveAlone,
}

/// Reads what the roster's rows meet in the database. Used by the dry run and again inside
/// the import's write transaction, so the two cannot disagree.
async fn plan_roster(
    conn: &mut AnyConnection,
    association: AssociationId,
    rows: &[crate::RosterRow],
) -> StoreResult<(RosterPlan, Vec<RosterStep>)> {
    let mut plan = RosterPlan::default();
    let mut steps = Vec::with_capacity(rows.len());
    let mut new_emails = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let email = row.email.trim().to_lowercase();
        let recorded = sqlx::query(
            "SELECT p.email, m.kind, m.ends_on FROM memberships m JOIN people p \
             ON p.id = m.person_id WHERE m.association_id = $1 AND m.member_number = $2 \
             AND m.starts_on = $3",
        )
        .bind(association.0)
        .bind(&row.member_number)
        .bind(date_text(row.starts_on))
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(recorded) = recorded {
            let (had_email, kind, ends_on): (String, String, String) = (
                recorded.try_get(0)?,
                recorded.try_get(1)?,
                recorded.try_get(2)?,
            );
            let mut differs = Vec::new();
            if had_email != email {
                differs.push(format!("it belongs to {had_email}"));
            }
            if kind != row.kind {
                differs.push(format!("its type is {kind}"));
            }
            if ends_on != date_text(row.ends_on) {
                differs.push(format!("it ends {ends_on}"));
            }
            if differs.is_empty() {
                plan.unchanged.push(i);
                steps.push(RosterStep::LeaveAlone);
            } else {
                plan.clashes.push((
                    i,
                    format!(
                        "member number {} already has a membership starting {}, recorded differently: {}",
                        row.member_number,
                        row.starts_on,
                        differs.join(", ")
                    ),
                ));
                steps.push(RosterStep::LeaveAlone);
            }
            continue;
        }
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *conn)
            .await?;
        if known.is_none() && new_emails.insert(email) {
            plan.new_accounts += 1;
        }
        plan.memberships += 1;
        steps.push(RosterStep::Record(known));
    }
    Ok((plan, steps))
}

/// Applies a roster plan without clashes: accounts for new people (without a password), then
/// the memberships. Rows left alone are skipped.
async fn apply_roster(
    tx: &mut crate::sql::WriteTx,
    association: AssociationId,
    rows: &[crate::RosterRow],
    steps: &[RosterStep],
    recorded_by: lattice_domain::ids::PersonId,
    now: i64,
) -> StoreResult<()> {
    // Two rows of one new person (two memberships) share the account made for the first.
    let mut made: HashMap<String, i64> = HashMap::new();
    for (row, step) in rows.iter().zip(steps) {
        let RosterStep::Record(known) = step else {
            continue;
        };
        let email = row.email.trim().to_lowercase();
        let person = match (known, made.get(&email)) {
            (Some(id), _) | (None, Some(id)) => *id,
            (None, None) => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO people (email, name, password_hash, admin, created_at) \
                     VALUES ($1, $2, NULL, 0, $3) RETURNING id",
                )
                .bind(&email)
                .bind(&row.name)
                .bind(now)
                .fetch_one(&mut **tx)
                .await?;
                made.insert(email, id);
                id
            }
        };
        sqlx::query(
            "INSERT INTO memberships (person_id, association_id, member_number, kind, \
             starts_on, ends_on, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(person)
        .bind(association.0)
        .bind(&row.member_number)
        .bind(&row.kind)
        .bind(date_text(row.starts_on))
        .bind(date_text(row.ends_on))
        .bind(recorded_by.0)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl SqlStore {
    /// The roster import: plans again inside the write transaction; a clash refuses the whole
    /// file (`Conflict` naming every clashing 0-based row); with nothing to record (the same
    /// file again) nothing is written, not even an audit row. Returns how many memberships
    /// were recorded.
    pub(crate) async fn import_roster_in(
        &self,
        association: AssociationId,
        rows: &[crate::RosterRow],
        recorded_by: lattice_domain::ids::PersonId,
        audit: &NewAudit,
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let (plan, steps) = plan_roster(&mut tx, association, rows).await?;
        if !plan.clashes.is_empty() {
            return Err(StoreError::Conflict(
                plan.clashes
                    .iter()
                    .map(|(row, why)| format!("row {row}: {why}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
        }
        if plan.memberships == 0 {
            return Ok(0);
        }
        apply_roster(
            &mut tx,
            association,
            rows,
            &steps,
            recorded_by,
            secs(audit.at),
        )
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(plan.memberships)
    }
}

impl SqlStore {
    /// The dry run: what importing `rows` into the association would do, and the problems only
    /// the stored records show. Reads only.
    pub(crate) async fn plan_endorsee_import_in(
        &self,
        association: AssociationId,
        rows: &[EndorseeRow],
    ) -> StoreResult<EndorseePlan> {
        let mut conn = self.reader().await?;
        Ok(plan(&mut conn, association, rows).await?.0)
    }

    /// Plans again inside one write transaction and, when there is no problem, applies the
    /// whole plan with one audit row (its reason: `audit.reason` and the counts). With any
    /// problem nothing is written and the plan says why.
    pub(crate) async fn import_endorsees_in(
        &self,
        association: AssociationId,
        abbreviation: &str,
        rows: &[EndorseeRow],
        audit: &NewAudit,
    ) -> StoreResult<EndorseePlan> {
        let mut tx = self.begin().await?;
        let (mut plan, steps) = plan(&mut tx, association, rows).await?;
        if !plan.problems.is_empty() {
            return Ok(plan);
        }
        apply(&mut tx, association, abbreviation, rows, &steps, audit.at).await?;
        insert_audit_with_summary(&mut tx, audit, &plan.summary()).await?;
        tx.commit().await?;
        plan.applied = true;
        Ok(plan)
    }

    pub(crate) async fn plan_roster_import_in(
        &self,
        association: AssociationId,
        rows: &[crate::RosterRow],
    ) -> StoreResult<RosterPlan> {
        let mut conn = self.reader().await?;
        Ok(plan_roster(&mut conn, association, rows).await?.0)
    }

    pub(crate) async fn former_number_of_in(
        &self,
        endorsement: i64,
    ) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT former_number FROM endorsements WHERE id = $1",
        )
        .bind(endorsement)
        .fetch_one(&mut *self.reader().await?)
        .await?)
    }

    pub(crate) async fn credential_number_for_former_in(
        &self,
        number: &str,
    ) -> StoreResult<String> {
        let found: Option<Option<String>> = sqlx::query_scalar(
            "SELECT credential_number FROM endorsements WHERE former_number = $1",
        )
        .bind(number)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        found.flatten().ok_or(StoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(renewals: &[&str], status: Status) -> EndorseeRow {
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").expect("date");
        EndorseeRow {
            line: 2,
            name: "Ana Ruiz".into(),
            email: "ana@example.org".into(),
            category: "IFS".into(),
            name_line: String::new(),
            title_line: String::new(),
            endorsed_on: day("2021-05-01"),
            valid_through: day("2026-06-30"),
            renewals: renewals.iter().map(|t| day(t)).collect(),
            status,
            number: "MI-1234".into(),
        }
    }

    #[test]
    fn each_renewal_is_good_until_the_next_and_the_last_until_the_end() {
        let r = row(&["2023-06-30", "2024-06-30"], Status::Active);
        assert_eq!(renewal_good_through(&r, 0), r.renewals[1]);
        assert_eq!(renewal_good_through(&r, 1), r.valid_through);
    }

    #[test]
    fn a_lapse_dates_from_the_day_after_good_standing_ended() {
        let lapsed = row(&[], Status::Lapsed);
        assert_eq!(
            status_since(&lapsed),
            NaiveDate::from_ymd_opt(2026, 7, 1).expect("date")
        );
        assert_eq!(
            status_since(&row(&[], Status::Active)),
            row(&[], Status::Active).endorsed_on
        );
    }
}
