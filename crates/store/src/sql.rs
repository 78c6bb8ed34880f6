//! The one implementation of [`Store`] for both backends. The SQL is the common subset of
//! SQLite and PostgreSQL (numbered `$n` parameters, `RETURNING`, `ON CONFLICT`); every write
//! transaction is a [`WriteTx`], which on SQLite takes the write lock up front.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::application::State;
use lattice_domain::exam::ReviewerAsScorer;
use lattice_domain::ids::{ApplicationId, AssociationId, AuditId, EntryId, MailId, PersonId};
use lattice_domain::language::Language;
use lattice_domain::rights::StaffRole;
use sqlx::any::{AnyArguments, AnyRow};
use std::sync::Arc;
use std::time::Duration;

use sqlx::{Any, AnyConnection, AnyPool, Row, Transaction};

use crate::backend::Backend;
use crate::records::*;
use crate::{Store, StoreError, StoreResult, date_text};

#[derive(Debug)]
pub(crate) struct SqlStore {
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// This process's SQLite writers, one at a time (see [`SqlStore::begin`]); `None` on
    /// PostgreSQL, whose row locks let writers run side by side.
    writers: Option<Arc<tokio::sync::Mutex<()>>>,
    /// How many requests may keep a connection for their reads at once (see `crate::scope`).
    pub(crate) holders: Arc<tokio::sync::Semaphore>,
}

/// How long a write waits for its turn before the person is told to try again; the same as
/// SQLite's own `busy_timeout`.
const WRITE_TURN_WAIT: Duration = Duration::from_secs(10);

/// A write transaction. Dropped without [`WriteTx::commit`], it rolls back and then gives up
/// its turn (fields drop in order).
pub(crate) struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    /// When [`SqlStore::begin`] was called, and how long it waited for its turn and its
    /// connection: with the commit's own time, what separates a slow save's parts.
    asked: std::time::Instant,
    waited: Duration,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        let committing = std::time::Instant::now();
        let WriteTx {
            tx,
            _turn,
            asked,
            waited,
        } = self;
        tx.commit().await?;
        // At debug (`LATTICE_LOG=lattice_store::write=debug`): how a write's time divides
        // between waiting for its turn, its statements and the commit (which syncs to disk).
        tracing::debug!(
            target: "lattice_store::write",
            waited_us = waited.as_micros() as u64,
            statements_us = (committing - asked - waited).as_micros() as u64,
            commit_us = committing.elapsed().as_micros() as u64,
            "write transaction committed"
        );
        Ok(())
    }
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// A pooled connection for one autocommit write, holding the writer's turn on SQLite (see
/// [`SqlStore::autocommit`]); the connection goes back to the pool before the turn is given up.
pub(crate) struct Autocommit {
    conn: sqlx::pool::PoolConnection<Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for Autocommit {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Autocommit {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

impl SqlStore {
    /// Queue lines in two queries: the applications `scope` selects and orders (joined with
    /// their applicant's and association's names), then the reviewers of just those.
    async fn queue(&self, scope: &str, binds: Vec<Bind>) -> StoreResult<Vec<QueueRow>> {
        // Each line's reviewers come in the same statement, joined by the database into one
        // text of ids (`string_agg(… ORDER BY …)` is the same on both backends, SQLite from
        // 3.44; a lookup in `application_reviewers`' primary key per line): a second statement
        // for them was one more round trip on every queue page and reviewer's dashboard.
        let sql = format!(
            "SELECT {APPLICATION_COLUMNS}, p.name AS applicant_name, s.name AS association_name, \
             (SELECT string_agg(CAST(ar.person_id AS TEXT), ',' ORDER BY ar.person_id) \
              FROM application_reviewers ar WHERE ar.application_id = a.id) AS reviewer_ids \
             FROM applications a JOIN people p ON p.id = a.person_id \
             JOIN associations s ON s.id = a.association_id {scope}"
        );
        bound(&sql, &binds)
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(|row| {
                let reviewers = row
                    .try_get::<Option<String>, _>("reviewer_ids")?
                    .unwrap_or_default()
                    .split(',')
                    .filter(|id| !id.is_empty())
                    .map(|id| {
                        id.parse()
                            .map(PersonId)
                            .map_err(|_| StoreError::Other(format!("stored reviewer id {id:?}")))
                    })
                    .collect::<StoreResult<Vec<PersonId>>>()?;
                Ok(QueueRow {
                    application: application_row(row)?,
                    applicant: row.try_get("applicant_name")?,
                    association: row.try_get("association_name")?,
                    reviewers,
                })
            })
            .collect()
    }

    pub(crate) fn new(pool: AnyPool, backend: Backend) -> SqlStore {
        let writers = (backend == Backend::Sqlite).then(|| Arc::new(tokio::sync::Mutex::new(())));
        let holders = crate::scope::holders_for(pool.options().get_max_connections());
        SqlStore {
            pool,
            backend,
            writers,
            holders,
        }
    }

    /// Begins a write transaction. SQLite's plain `BEGIN` reads first and upgrades at the first
    /// write; when another connection has committed in between, the upgrade fails at once with
    /// "database is locked" (the busy handler cannot help a stale snapshot), so SQLite begins
    /// `IMMEDIATE`. Its busy handler also waits by polling with sleeps that grow to 100 ms,
    /// which gave a review save an 800 ms p99 under 16 clients; so this process's writers queue
    /// on a fair async lock first, and the next one starts the moment the last one ends. Other
    /// processes (the CLI beside a server) still meet at SQLite's own lock.
    pub(crate) async fn begin(&self) -> StoreResult<WriteTx> {
        let asked = std::time::Instant::now();
        self.release_held();
        let turn = self.writer_turn().await?;
        let tx = match turn {
            None => self.pool.begin().await?,
            Some(_) => self.pool.begin_with("BEGIN IMMEDIATE").await?,
        };
        Ok(WriteTx {
            tx,
            _turn: turn,
            asked,
            waited: asked.elapsed(),
        })
    }

    /// A connection for one statement that writes on its own (autocommit), in its turn among
    /// this process's SQLite writers like a [`WriteTx`]. Such statements used to go straight
    /// to the pool and meet the writers at SQLite's lock instead: the mail worker's claim of
    /// due mail, for one, then waited in SQLite's busy handler (sleeps of up to 100 ms), and
    /// so did the `BEGIN IMMEDIATE` of a writer that had its turn while the claim held the
    /// lock, with every later writer queued behind it: that was the review save's p99 tail.
    pub(crate) async fn autocommit(&self) -> StoreResult<Autocommit> {
        self.release_held();
        let turn = self.writer_turn().await?;
        Ok(Autocommit {
            conn: self.pool.acquire().await?,
            _turn: turn,
        })
    }

    /// This process's turn to write to SQLite (None on PostgreSQL), waited for at most
    /// [`WRITE_TURN_WAIT`].
    async fn writer_turn(&self) -> StoreResult<Option<tokio::sync::OwnedMutexGuard<()>>> {
        let Some(writers) = &self.writers else {
            return Ok(None);
        };
        let turn = tokio::time::timeout(WRITE_TURN_WAIT, writers.clone().lock_owned())
            .await
            .map_err(|_| {
                StoreError::Other(
                    "the database was busy with other changes for 10 seconds; try again"
                        .to_string(),
                )
            })?;
        Ok(Some(turn))
    }
}

pub(crate) fn secs(at: DateTime<Utc>) -> i64 {
    at.timestamp()
}

pub(crate) fn time(secs: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0)
        .ok_or_else(|| StoreError::Other(format!("stored time {secs} is out of range")))
}

pub(crate) fn date(text: Option<String>) -> StoreResult<Option<NaiveDate>> {
    text.map(|t| {
        NaiveDate::parse_from_str(&t, "%Y-%m-%d")
            .map_err(|e| StoreError::Other(format!("stored date {t:?}: {e}")))
    })
    .transpose()
}

pub(crate) fn json(text: &str) -> StoreResult<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| StoreError::Other(format!("stored JSON: {e}")))
}

fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub(crate) const PERSON_COLUMNS: &str = "id, email, name, admin, created_at, language";

pub(crate) const MEMBERSHIP_COLUMNS: &str = "m.id, m.person_id, m.association_id, a.slug, a.name, \
     m.member_number, m.kind, m.starts_on, m.ends_on, m.recorded_by, m.recorded_at, \
     m.ended_reason, m.other_association";

pub(crate) fn membership_row(row: &AnyRow) -> StoreResult<MembershipRow> {
    let day = |column: &str| -> StoreResult<NaiveDate> {
        date(Some(row.try_get(column)?))?
            .ok_or_else(|| StoreError::Other(format!("memberships.{column} is empty")))
    };
    Ok(MembershipRow {
        id: row.try_get("id")?,
        person: PersonId(row.try_get("person_id")?),
        association: AssociationId(row.try_get("association_id")?),
        association_slug: row.try_get("slug")?,
        association_name: row.try_get("name")?,
        member_number: row.try_get("member_number")?,
        kind: row.try_get("kind")?,
        starts_on: day("starts_on")?,
        ends_on: day("ends_on")?,
        recorded_by: row.try_get::<Option<i64>, _>("recorded_by")?.map(PersonId),
        recorded_at: time(row.try_get("recorded_at")?)?,
        ended_reason: row.try_get("ended_reason")?,
        other_association: row.try_get("other_association")?,
    })
}

fn other_claim(row: &AnyRow) -> StoreResult<Option<OtherMembershipClaim>> {
    let Some(association) = row.try_get::<Option<String>, _>("other_association")? else {
        return Ok(None);
    };
    Ok(Some(OtherMembershipClaim {
        association,
        member_number: row
            .try_get::<Option<String>, _>("other_number")?
            .unwrap_or_default(),
        valid_until: date(row.try_get("other_until")?)?
            .ok_or_else(|| StoreError::Other("membership_requests.other_until is empty".into()))?,
        proof_upload: row
            .try_get::<Option<i64>, _>("proof_upload_id")?
            .ok_or_else(|| {
                StoreError::Other("membership_requests.proof_upload_id is empty".into())
            })?,
    }))
}

pub(crate) fn person_row(row: &AnyRow) -> StoreResult<PersonRow> {
    Ok(PersonRow {
        id: PersonId(row.try_get("id")?),
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        admin: row.try_get::<i64, _>("admin")? != 0,
        created_at: time(row.try_get("created_at")?)?,
        language: language_of(row.try_get("language")?)?,
    })
}

/// A stored language code as the language; a code this build does not speak is a fault (only
/// [`Store::set_person_language`] writes the column, from a `Language`).
pub(crate) fn language_of(code: Option<String>) -> StoreResult<Option<Language>> {
    code.map(|code| {
        Language::from_code(&code)
            .ok_or_else(|| StoreError::Other(format!("stored language {code:?}")))
    })
    .transpose()
}

pub(crate) fn role_of(row: &AnyRow) -> StoreResult<StaffRole> {
    let role: String = row.try_get("role")?;
    StaffRole::from_key(&role).ok_or_else(|| StoreError::Other(format!("stored role {role:?}")))
}

const ASSOCIATION_COLUMNS: &str = "id, slug, name, reviewer_as_scorer";

fn association_row(row: &AnyRow) -> StoreResult<AssociationRow> {
    Ok(AssociationRow {
        id: AssociationId(row.try_get("id")?),
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        reviewer_as_scorer: reviewer_as_scorer_of(
            &row.try_get::<String, _>("reviewer_as_scorer")?,
        )?,
    })
}

/// The stored key of an association's `reviewer_as_scorer` setting, as the domain's value.
pub(crate) fn reviewer_as_scorer_of(key: &str) -> StoreResult<ReviewerAsScorer> {
    ReviewerAsScorer::from_key(key)
        .ok_or_else(|| StoreError::Other(format!("unknown reviewer_as_scorer {key:?}")))
}

pub(crate) const APPLICATION_COLUMNS: &str = "a.id, a.person_id, a.association_id, a.category, \
     a.state, a.re_review_after, a.intended_submission, a.created_at, a.updated_at, a.rules_date, \
     a.cycle_id, a.review_round, a.submitted_at, a.decided_at, a.reinstates";

/// A value bound to a statement built with a varying number of parameters.
enum Bind {
    Int(i64),
    Text(String),
}

/// The statement with its values bound in order.
fn bound<'q>(sql: &'q str, binds: &'q [Bind]) -> sqlx::query::Query<'q, Any, AnyArguments<'q>> {
    binds
        .iter()
        .fold(sqlx::query(sql), |query, bind| match bind {
            Bind::Int(value) => query.bind(*value),
            Bind::Text(value) => query.bind(value.as_str()),
        })
}

/// `FROM applications a` onwards for an association's queue: its applications, or only the
/// reviewer's assignments there; binds `$1` (and `$2`).
fn queue_scope(association: AssociationId, reviewer: Option<PersonId>) -> (String, Vec<Bind>) {
    match reviewer {
        None => (
            "WHERE a.association_id = $1".to_string(),
            vec![Bind::Int(association.0)],
        ),
        Some(reviewer) => (
            "JOIN application_reviewers mine ON mine.application_id = a.id \
             WHERE a.association_id = $1 AND mine.person_id = $2"
                .to_string(),
            vec![Bind::Int(association.0), Bind::Int(reviewer.0)],
        ),
    }
}

pub(crate) fn application_row(row: &AnyRow) -> StoreResult<ApplicationRow> {
    let key: String = row.try_get("state")?;
    let re_review_after = date(row.try_get("re_review_after")?)?;
    let state = State::from_parts(&key, re_review_after)
        .ok_or_else(|| StoreError::Other(format!("stored state {key:?} is unknown")))?;
    Ok(ApplicationRow {
        id: ApplicationId(row.try_get("id")?),
        person: PersonId(row.try_get("person_id")?),
        association: AssociationId(row.try_get("association_id")?),
        category: row.try_get("category")?,
        state,
        intended_submission: date(row.try_get("intended_submission")?)?,
        created_at: time(row.try_get("created_at")?)?,
        updated_at: time(row.try_get("updated_at")?)?,
        rules_date: date(row.try_get("rules_date")?)?,
        cycle: row.try_get("cycle_id")?,
        review_round: row.try_get("review_round")?,
        submitted_at: optional_time(row.try_get("submitted_at")?)?,
        decided_at: optional_time(row.try_get("decided_at")?)?,
        reinstates: row.try_get("reinstates")?,
    })
}

pub(crate) fn optional_time(secs: Option<i64>) -> StoreResult<Option<DateTime<Utc>>> {
    secs.map(time).transpose()
}

fn audit_row(row: &AnyRow) -> StoreResult<AuditRow> {
    Ok(AuditRow {
        id: AuditId(row.try_get("id")?),
        at: time(row.try_get("at")?)?,
        actor: row.try_get::<Option<i64>, _>("actor_id")?.map(PersonId),
        association: row
            .try_get::<Option<i64>, _>("association_id")?
            .map(AssociationId),
        subject: row.try_get("subject")?,
        action: row.try_get("action")?,
        reason: row.try_get("reason")?,
    })
}

const MAIL_COLUMNS: &str = "id, recipient, subject, body, status, attempts, next_attempt_at, \
     last_error, sent_at, bulk, created_at, message_key";

fn mail_row(row: &AnyRow) -> StoreResult<MailRow> {
    let status: String = row.try_get("status")?;
    let status = match status.as_str() {
        "pending" => MailStatus::Pending,
        "sent" => MailStatus::Sent,
        "failed" => MailStatus::Failed,
        other => return Err(StoreError::Other(format!("stored mail status {other:?}"))),
    };
    Ok(MailRow {
        id: MailId(row.try_get("id")?),
        recipient: row.try_get("recipient")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        status,
        attempts: row.try_get("attempts")?,
        bulk: row.try_get::<i64, _>("bulk")? != 0,
        next_attempt_at: time(row.try_get("next_attempt_at")?)?,
        last_error: row.try_get("last_error")?,
        sent_at: row
            .try_get::<Option<i64>, _>("sent_at")?
            .map(time)
            .transpose()?,
        created_at: time(row.try_get("created_at")?)?,
        message_key: row.try_get("message_key")?,
    })
}

async fn insert_rating(tx: &mut WriteTx, request: i64, rating: &NewRating) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO ratings (rater_request_id, answers, not_enough_info, comments, known_since, \
         submitted_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(request)
    .bind(rating.answers.to_string())
    .bind(rating.not_enough_info)
    .bind(&rating.comments)
    .bind(rating.known_since.map(date_text))
    .bind(secs(rating.submitted_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn insert_audit(tx: &mut WriteTx, audit: &NewAudit) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, association_id, subject, action, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(secs(audit.at))
    .bind(audit.actor.map(|p| p.0))
    .bind(audit.association.map(|a| a.0))
    .bind(&audit.subject)
    .bind(&audit.action)
    .bind(&audit.reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An import's audit row: the importer's reason (the file's name, when given) followed by what
/// the import created, changed and left alone, so the log says what a file did.
pub(crate) async fn insert_audit_with_summary(
    tx: &mut WriteTx,
    audit: &NewAudit,
    summary: &str,
) -> StoreResult<()> {
    let reason = if audit.reason.is_empty() {
        summary.to_string()
    } else {
        format!("{}: {summary}", audit.reason)
    };
    insert_audit(
        tx,
        &NewAudit {
            reason,
            ..audit.clone()
        },
    )
    .await
}

pub(crate) async fn insert_mail(tx: &mut WriteTx, mail: &NewMail) -> StoreResult<MailId> {
    insert_mail_of_kind(tx, mail, MailKind::Waited).await
}

/// Whether somebody is waiting for a mail (sent first) or it is one of many alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MailKind {
    Waited,
    Bulk,
}

impl MailKind {
    /// The `outbox.bulk` value, written into the SQL as a literal (never user input).
    fn column(self) -> i32 {
        match self {
            MailKind::Waited => 0,
            MailKind::Bulk => 1,
        }
    }
}

pub(crate) async fn insert_mail_of_kind(
    tx: &mut WriteTx,
    mail: &NewMail,
    kind: MailKind,
) -> StoreResult<MailId> {
    let sql = outbox_insert(kind, None);
    let id: i64 = bind_mail(sqlx::query(&sql), mail)
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
    Ok(MailId(id))
}

/// Queues a waited-for `mail` only while `condition` holds, checked and queued in one
/// statement (so a SQLite writer's turn stays short). `condition` is SQL whose parameters
/// start at `$6`, bound from `values` in order.
pub(crate) async fn insert_mail_where(
    tx: &mut WriteTx,
    mail: &NewMail,
    condition: &str,
    values: &[i64],
) -> StoreResult<()> {
    let sql = outbox_insert(MailKind::Waited, Some(condition));
    let mut query = bind_mail(sqlx::query(&sql), mail);
    for value in values {
        query = query.bind(*value);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// The outbox's insert, its five values as `$1`–`$5` (see [`bind_mail`]); with a condition
/// the row is selected only where it holds. Made of literals only, never of input.
fn outbox_insert(kind: MailKind, condition: Option<&str>) -> String {
    let values = format!("$1, $2, $3, $4, $1, {}, $5", kind.column());
    let row = match condition {
        None => format!("VALUES ({values})"),
        Some(condition) => format!("SELECT {values} WHERE {condition}"),
    };
    format!(
        "INSERT INTO outbox (created_at, recipient, subject, body, next_attempt_at, bulk, \
         message_key) {row} RETURNING id"
    )
}

fn bind_mail<'q>(
    query: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
    mail: &'q NewMail,
) -> sqlx::query::Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(secs(mail.created_at))
        .bind(&mail.recipient)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(uuid::Uuid::new_v4().simple().to_string())
}

/// Replaces a person's recovery codes (the old ones stop working).
async fn replace_codes(tx: &mut WriteTx, person: PersonId, hashes: &[String]) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE person_id = $1")
        .bind(person.0)
        .execute(&mut **tx)
        .await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (person_id, code_hash) VALUES ($1, $2)")
            .bind(person.0)
            .bind(hash)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Marks one mail sent, or records a failed attempt (`retry_at` None gives up on it).
async fn record_delivery(tx: &mut WriteTx, delivery: &Delivery) -> StoreResult<()> {
    let done = match &delivery.outcome {
        DeliveryOutcome::Sent { at } => {
            sqlx::query(
                "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
                 last_error = NULL WHERE id = $2",
            )
            .bind(secs(*at))
            .bind(delivery.id.0)
            .execute(&mut **tx)
            .await?
        }
        DeliveryOutcome::Failed { error, retry_at } => {
            // A retry moves the next attempt; giving up marks the mail failed for staff to see.
            let (change, id_param) = match retry_at {
                Some(_) => ("next_attempt_at = $2", "$3"),
                None => ("status = 'failed'", "$2"),
            };
            let sql = format!(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $1, {change} \
                 WHERE id = {id_param}"
            );
            let mut query = sqlx::query(&sql).bind(error);
            if let Some(at) = retry_at {
                query = query.bind(secs(*at));
            }
            query.bind(delivery.id.0).execute(&mut **tx).await?
        }
    };
    one_row(done.rows_affected())
}

/// Inserts an application in `state`, auditing its creation and then each of `steps`
/// (action, reason) taken to reach that state.
async fn insert_application(
    tx: &mut WriteTx,
    application: &NewApplication,
    state: State,
    steps: &[(&str, &str)],
) -> StoreResult<ApplicationId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO applications (person_id, association_id, category, state, \
         intended_submission, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
         RETURNING id",
    )
    .bind(application.person.0)
    .bind(application.association.0)
    .bind(&application.category)
    .bind(state.key())
    .bind(application.intended_submission.map(date_text))
    .bind(secs(application.created_at))
    .fetch_one(&mut **tx)
    .await?;
    let created = format!("category {}", application.category);
    let audits = std::iter::once(("create", created.as_str())).chain(steps.iter().copied());
    for (action, reason) in audits {
        insert_audit(
            tx,
            &NewAudit {
                at: application.created_at,
                actor: Some(application.person),
                association: Some(application.association),
                subject: format!("application:{id}"),
                action: action.to_string(),
                reason: reason.to_string(),
            },
        )
        .await?;
    }
    Ok(ApplicationId(id))
}

/// Writes what a state change brings with it, inside its transaction.
async fn apply_effects(
    tx: &mut WriteTx,
    application: ApplicationId,
    effects: &Effects,
) -> StoreResult<()> {
    for mail in &effects.mails {
        insert_mail(tx, mail).await?;
    }
    if let Some(invoice) = &effects.invoice {
        sqlx::query(
            "INSERT INTO invoices (application_id, kind, amount_usd, provider, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(application.0)
        .bind(invoice.kind.key())
        .bind(invoice.amount_usd)
        .bind(&invoice.provider)
        .bind(secs(invoice.created_at))
        .execute(&mut **tx)
        .await?;
    }
    if let Some(document) = &effects.snapshot {
        sqlx::query(
            "INSERT INTO snapshots (application_id, document, created_at) VALUES ($1, $2, $3)",
        )
        .bind(application.0)
        .bind(document.to_string())
        .bind(secs(Utc::now()))
        .execute(&mut **tx)
        .await?;
    }
    if let Some(endorsement) = &effects.endorsement {
        crate::endorsement::insert_endorsement(tx, endorsement).await?;
    }
    if let Some((endorsement, valid_through)) = effects.reinstatement {
        crate::endorsement::reinstate(tx, endorsement, valid_through).await?;
    }
    Ok(())
}

pub(crate) const RATER_COLUMNS: &str = "id, application_id, entry_id, waived, rater_name, rater_email, role, \
     created_at, expires_at, used_at, recorded_by, language";

pub(crate) fn rater_row(row: &AnyRow) -> StoreResult<RaterRequestRow> {
    Ok(RaterRequestRow {
        id: row.try_get("id")?,
        application: ApplicationId(row.try_get("application_id")?),
        entry: row.try_get::<Option<i64>, _>("entry_id")?.map(EntryId),
        waived: row.try_get::<i64, _>("waived")? != 0,
        rater_name: row.try_get("rater_name")?,
        rater_email: row.try_get("rater_email")?,
        role: row.try_get("role")?,
        created_at: time(row.try_get("created_at")?)?,
        expires_at: time(row.try_get("expires_at")?)?,
        used_at: row
            .try_get::<Option<i64>, _>("used_at")?
            .map(time)
            .transpose()?,
        recorded_by: row.try_get::<Option<i64>, _>("recorded_by")?.map(PersonId),
        language: {
            let code: String = row.try_get("language")?;
            language_of(Some(code))?.unwrap_or_default()
        },
    })
}

const MESSAGE_SELECT: &str = "SELECT m.id, m.person_id, m.application_id, m.section, m.kind, \
     m.body, m.created_at, m.author_id, a.name AS author_name FROM messages m \
     LEFT JOIN people a ON a.id = m.author_id";

fn message_row(row: &AnyRow) -> StoreResult<MessageRow> {
    let author = match row.try_get::<Option<i64>, _>("author_id")? {
        Some(id) => Some((PersonId(id), row.try_get("author_name")?)),
        None => None,
    };
    Ok(MessageRow {
        id: row.try_get("id")?,
        person: PersonId(row.try_get("person_id")?),
        application: row
            .try_get::<Option<i64>, _>("application_id")?
            .map(ApplicationId),
        section: row.try_get("section")?,
        kind: row.try_get("kind")?,
        body: row.try_get("body")?,
        created_at: time(row.try_get("created_at")?)?,
        author,
    })
}

const UPLOAD_COLUMNS: &str =
    "id, person_id, entry_id, kind, file_name, content_type, size, object_key, created_at";

fn upload_row(row: &AnyRow) -> StoreResult<UploadRow> {
    Ok(UploadRow {
        id: row.try_get("id")?,
        person: PersonId(row.try_get("person_id")?),
        entry: row.try_get::<Option<i64>, _>("entry_id")?.map(EntryId),
        kind: row.try_get("kind")?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        object_key: row.try_get("object_key")?,
        created_at: time(row.try_get("created_at")?)?,
    })
}

async fn insert_entries(
    tx: &mut WriteTx,
    person: PersonId,
    entries: &[(Section, serde_json::Value)],
) -> StoreResult<Vec<EntryId>> {
    let now = secs(Utc::now());
    let mut ids = Vec::with_capacity(entries.len());
    for (section, data) in entries {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO portfolio_entries (person_id, section, data, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(person.0)
        .bind(section.key())
        .bind(data.to_string())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        ids.push(EntryId(id));
    }
    Ok(ids)
}

pub(crate) fn one_row(affected: u64) -> StoreResult<()> {
    if affected == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        self.backend
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn schema_problem(&self) -> StoreResult<Option<String>> {
        crate::backend::schema_problem(&self.pool, self.backend).await
    }

    async fn upsert_association(
        &self,
        slug: &str,
        name: &str,
        profile: &ProfileSource,
    ) -> StoreResult<AssociationId> {
        let now = secs(Utc::now());
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO associations (slug, name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO profile_sources (association_id, file, text, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (association_id) \
             DO UPDATE SET file = excluded.file, text = excluded.text, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(&profile.file)
        .bind(&profile.text)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(AssociationId(id))
    }

    async fn associations(&self) -> StoreResult<Vec<AssociationRow>> {
        sqlx::query(&format!(
            "SELECT {ASSOCIATION_COLUMNS} FROM associations ORDER BY name"
        ))
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(association_row)
        .collect()
    }

    async fn association(&self, id: AssociationId) -> StoreResult<AssociationRow> {
        let row = sqlx::query(&format!(
            "SELECT {ASSOCIATION_COLUMNS} FROM associations WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        association_row(&row)
    }

    async fn association_by_slug(&self, slug: &str) -> StoreResult<AssociationRow> {
        let row = sqlx::query(&format!(
            "SELECT {ASSOCIATION_COLUMNS} FROM associations WHERE slug = $1"
        ))
        .bind(slug)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        association_row(&row)
    }

    async fn profile_sources(&self) -> StoreResult<Vec<ProfileSource>> {
        sqlx::query("SELECT file, text FROM profile_sources ORDER BY file")
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(|row| {
                Ok(ProfileSource {
                    file: row.try_get("file")?,
                    text: row.try_get("text")?,
                })
            })
            .collect()
    }

    async fn create_person(&self, person: &NewPerson) -> StoreResult<PersonId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (email, name, password_hash, admin, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(normalize_email(&person.email))
        .bind(&person.name)
        .bind(person.password_hash.as_deref())
        .bind(i64::from(person.admin))
        .bind(secs(Utc::now()))
        .fetch_one(&mut *self.autocommit().await?)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict("an account with this email exists".to_string())
            }
            other => other,
        })?;
        Ok(PersonId(id))
    }

    async fn person(&self, id: PersonId) -> StoreResult<PersonRow> {
        let row = sqlx::query(&format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        person_row(&row)
    }

    async fn set_person_language(
        &self,
        person: PersonId,
        language: Option<Language>,
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE people SET language = $1 WHERE id = $2")
            .bind(language.map(Language::code))
            .bind(person.0)
            .execute(&mut *self.autocommit().await?)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn names_of(&self, ids: &[PersonId]) -> StoreResult<HashMap<PersonId, String>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT id, name FROM people WHERE id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(id.0);
        }
        query
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(|row| Ok((PersonId(row.try_get("id")?), row.try_get("name")?)))
            .collect()
    }

    async fn person_by_email(&self, email: &str) -> StoreResult<(PersonRow, Option<String>)> {
        let row = sqlx::query(&format!(
            "SELECT {PERSON_COLUMNS}, password_hash FROM people WHERE email = $1"
        ))
        .bind(normalize_email(email))
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok((person_row(&row)?, row.try_get("password_hash")?))
    }

    async fn grant_staff(
        &self,
        person: PersonId,
        association: AssociationId,
        role: StaffRole,
        by: Option<PersonId>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO staff_roles (person_id, association_id, role, status) \
             VALUES ($1, $2, $3, 'active') \
             ON CONFLICT (person_id, association_id, role) DO UPDATE SET status = 'active'",
        )
        .bind(person.0)
        .bind(association.0)
        .bind(role.key())
        .execute(&mut *tx)
        .await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at: Utc::now(),
                actor: by,
                association: Some(association),
                subject: format!("person:{person}"),
                action: format!("grant-{}", role.key()),
                reason: String::new(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn staff_roles(&self, person: PersonId) -> StoreResult<Vec<(AssociationId, StaffRole)>> {
        sqlx::query(
            "SELECT association_id, role FROM staff_roles WHERE person_id = $1 \
             AND status = 'active' ORDER BY association_id, role",
        )
        .bind(person.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| Ok((AssociationId(row.try_get("association_id")?), role_of(row)?)))
        .collect()
    }

    async fn staff_of(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<(PersonRow, StaffRole)>> {
        sqlx::query(
            "SELECT p.id, p.email, p.name, p.admin, p.created_at, p.language, s.role \
             FROM staff_roles s JOIN people p ON p.id = s.person_id \
             WHERE s.association_id = $1 AND s.status = 'active' ORDER BY s.role, p.name",
        )
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| Ok((person_row(row)?, role_of(row)?)))
        .collect()
    }

    async fn create_session(&self, session: &NewSession) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&session.token_hash)
        .bind(session.person.0)
        .bind(&session.csrf_token)
        .bind(secs(session.created_at))
        .bind(secs(session.expires_at))
        .execute(&mut *self.autocommit().await?)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<SessionRow> {
        let row = sqlx::query(
            "SELECT person_id, csrf_token, expires_at FROM sessions \
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(secs(now))
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(SessionRow {
            person: PersonId(row.try_get("person_id")?),
            csrf_token: row.try_get("csrf_token")?,
            expires_at: time(row.try_get("expires_at")?)?,
        })
    }

    async fn signed_in(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<SignedIn> {
        // One row per active role (one row with no role for a person without any). The
        // person's one association as applicant or endorsee rides along in the same statement:
        // every signed-in page reads it (its brand frames the page). So does whether they hold
        // any application or endorsement, which spares staff the dashboard's reads of both.
        let rows = sqlx::query(
            "SELECT s.csrf_token, s.expires_at, p.id, p.email, p.name, p.admin, p.created_at, p.language, \
             r.association_id, r.role, \
             (SELECT CASE WHEN COUNT(DISTINCT t.association_id) = 1 \
                     THEN MIN(t.association_id) END \
              FROM (SELECT association_id FROM applications WHERE person_id = p.id \
                    UNION ALL SELECT association_id FROM endorsements WHERE person_id = p.id) t) \
             AS home_association, \
             (SELECT COUNT(*) FROM applications WHERE person_id = p.id) AS applications_held, \
             (SELECT COUNT(*) FROM endorsements WHERE person_id = p.id) AS endorsements_held \
             FROM sessions s JOIN people p ON p.id = s.person_id \
             LEFT JOIN staff_roles r ON r.person_id = p.id AND r.status = 'active' \
             WHERE s.token_hash = $1 AND s.expires_at > $2 ORDER BY r.association_id, r.role",
        )
        .bind(token_hash)
        .bind(secs(now))
        .fetch_all(&mut *self.reader().await?)
        .await?;
        let first = rows.first().ok_or(StoreError::NotFound)?;
        let person = person_row(first)?;
        let mut staff = Vec::new();
        for row in &rows {
            if let Some(association) = row.try_get::<Option<i64>, _>("association_id")? {
                staff.push((AssociationId(association), role_of(row)?));
            }
        }
        Ok(SignedIn {
            session: SessionRow {
                person: person.id,
                csrf_token: first.try_get("csrf_token")?,
                expires_at: time(first.try_get("expires_at")?)?,
            },
            person,
            staff,
            home_association: first
                .try_get::<Option<i64>, _>("home_association")?
                .map(AssociationId),
            has_applications: first.try_get::<i64, _>("applications_held")? > 0,
            has_endorsements: first.try_get::<i64, _>("endorsements_held")? > 0,
        })
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *self.autocommit().await?)
            .await?;
        Ok(())
    }

    async fn record_login_failure(&self, key: &str, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
            .bind(key)
            .bind(secs(at))
            .execute(&mut *self.autocommit().await?)
            .await?;
        Ok(())
    }

    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(secs(since))
                .fetch_one(&mut *self.reader().await?)
                .await?,
        )
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(&mut *self.autocommit().await?)
            .await?;
        Ok(())
    }

    async fn count_mail(
        &self,
        limits: &[MailLimit],
        at: DateTime<Utc>,
    ) -> StoreResult<Option<usize>> {
        let mut tx = self.begin().await?;
        if self.backend == Backend::Postgres {
            // Counting and then inserting under READ COMMITTED lets two senders both see room
            // for one more; this lock makes them count in turn (SQLite's write lock already
            // does). Mail is a few sends a minute, so one lock for all keys costs nothing.
            sqlx::query("SELECT pg_advisory_xact_lock(7406272)")
                .execute(&mut *tx)
                .await?;
        }
        for (index, limit) in limits.iter().enumerate() {
            let counted: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM mail_sends WHERE key = $1 AND at > $2")
                    .bind(&limit.key)
                    .bind(secs(at - limit.window))
                    .fetch_one(&mut *tx)
                    .await?;
            if counted >= limit.max {
                return Ok(Some(index));
            }
        }
        for limit in limits {
            sqlx::query("INSERT INTO mail_sends (key, at) VALUES ($1, $2)")
                .bind(&limit.key)
                .bind(secs(at))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM mail_sends WHERE at < $1")
            .bind(secs(at - chrono::Duration::days(1)))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(None)
    }

    async fn login_failure_stats(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MAX(at) AS latest FROM login_failures WHERE key = $1 AND at >= $2",
        )
        .bind(key)
        .bind(secs(since))
        .fetch_one(&mut *self.reader().await?)
        .await?;
        let latest: Option<i64> = row.try_get("latest")?;
        Ok((row.try_get("n")?, optional_time(latest)?))
    }

    async fn second_factor(&self, person: PersonId) -> StoreResult<SecondFactorRow> {
        let row = sqlx::query(
            "SELECT sealed_secret, confirmed_at, last_step FROM second_factors WHERE person_id = $1",
        )
        .bind(person.0)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(SecondFactorRow {
            person,
            sealed_secret: row.try_get("sealed_secret")?,
            confirmed_at: optional_time(row.try_get("confirmed_at")?)?,
            last_step: row.try_get("last_step")?,
        })
    }

    async fn begin_second_factor(&self, person: PersonId, sealed_secret: &str) -> StoreResult<()> {
        let done = sqlx::query(
            "INSERT INTO second_factors (person_id, sealed_secret, confirmed_at, last_step) \
             VALUES ($1, $2, NULL, 0) ON CONFLICT (person_id) DO UPDATE \
             SET sealed_secret = excluded.sealed_secret, last_step = 0 \
             WHERE second_factors.confirmed_at IS NULL",
        )
        .bind(person.0)
        .bind(sealed_secret)
        .execute(&mut *self.autocommit().await?)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "a second factor is already set up".to_string(),
            ));
        }
        Ok(())
    }

    async fn confirm_second_factor(
        &self,
        person: PersonId,
        step: i64,
        recovery_code_hashes: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE second_factors SET confirmed_at = $1, last_step = $2 \
             WHERE person_id = $3 AND confirmed_at IS NULL",
        )
        .bind(secs(now))
        .bind(step)
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "a second factor is already set up".to_string(),
            ));
        }
        replace_codes(&mut tx, person, recovery_code_hashes).await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at: now,
                actor: Some(person),
                association: None,
                subject: format!("person:{}", person.0),
                action: "enrol-second-factor".to_string(),
                reason: "TOTP".to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn use_totp_step(&self, person: PersonId, step: i64) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE second_factors SET last_step = $1 \
             WHERE person_id = $2 AND last_step < $1 AND confirmed_at IS NOT NULL",
        )
        .bind(step)
        .bind(person.0)
        .execute(&mut *self.autocommit().await?)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "this code was already used".to_string(),
            ));
        }
        Ok(())
    }

    async fn use_recovery_code(
        &self,
        person: PersonId,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE person_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(secs(now))
        .bind(person.0)
        .bind(code_hash)
        .execute(&mut *self.autocommit().await?)
        .await?;
        one_row(done.rows_affected())
    }

    async fn replace_recovery_codes(&self, person: PersonId, hashes: &[String]) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        replace_codes(&mut tx, person, hashes).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recovery_codes_left(&self, person: PersonId) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE person_id = $1 AND used_at IS NULL",
        )
        .bind(person.0)
        .fetch_one(&mut *self.reader().await?)
        .await?)
    }

    async fn create_pending_sign_in(
        &self,
        token_hash: &str,
        person: PersonId,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM pending_sign_ins WHERE expires_at <= $1")
            .bind(secs(now))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO pending_sign_ins (token_hash, person_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(person.0)
        .bind(secs(expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn pending_sign_in(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<PersonId> {
        let person: i64 = sqlx::query_scalar(
            "SELECT person_id FROM pending_sign_ins WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(secs(now))
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(PersonId(person))
    }

    async fn delete_pending_sign_in(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM pending_sign_ins WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *self.autocommit().await?)
            .await?;
        Ok(())
    }

    async fn create_unverified_person(
        &self,
        person: &NewPerson,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &NewMail,
    ) -> StoreResult<PersonId> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (email, name, password_hash, admin, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(normalize_email(&person.email))
        .bind(&person.name)
        .bind(person.password_hash.as_deref())
        .bind(i64::from(person.admin))
        .bind(secs(mail.created_at))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO email_verifications (person_id, token_hash, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(token_hash)
        .bind(secs(expires_at))
        .execute(&mut *tx)
        .await?;
        insert_mail(&mut tx, mail).await?;
        tx.commit().await?;
        Ok(PersonId(id))
    }

    async fn email_unverified(&self, person: PersonId) -> StoreResult<bool> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM email_verifications WHERE person_id = $1")
                .bind(person.0)
                .fetch_one(&mut *self.reader().await?)
                .await?;
        Ok(count > 0)
    }

    async fn renew_email_verification(
        &self,
        person: PersonId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &NewMail,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE email_verifications SET token_hash = $1, expires_at = $2 WHERE person_id = $3",
        )
        .bind(token_hash)
        .bind(secs(expires_at))
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        insert_mail(&mut tx, mail).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn verify_email(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<PersonId> {
        let mut tx = self.begin().await?;
        let person: i64 = sqlx::query_scalar(
            "DELETE FROM email_verifications WHERE token_hash = $1 AND expires_at > $2 \
             RETURNING person_id",
        )
        .bind(token_hash)
        .bind(secs(now))
        .fetch_one(&mut *tx)
        .await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at: now,
                actor: Some(PersonId(person)),
                association: None,
                subject: format!("person:{person}"),
                action: "verify-email".to_string(),
                reason: "by emailed link".to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(PersonId(person))
    }

    async fn password_reset_person(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<PersonRow> {
        let row = sqlx::query(&format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE id = (SELECT person_id FROM password_resets \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2)"
        ))
        .bind(token_hash)
        .bind(secs(now))
        .fetch_one(&mut *self.reader().await?)
        .await?;
        person_row(&row)
    }

    async fn create_password_reset(
        &self,
        person: PersonId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &NewMail,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO password_resets (token_hash, person_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(person.0)
        .bind(secs(mail.created_at))
        .bind(secs(expires_at))
        .execute(&mut *tx)
        .await?;
        insert_mail(&mut tx, mail).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reset_password(
        &self,
        token_hash: &str,
        new_password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<PersonId> {
        let mut tx = self.begin().await?;
        let person: i64 = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING person_id",
        )
        .bind(secs(now))
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
        // The other links of the person end with this one: whoever holds an older mail can no
        // longer change the password just chosen.
        sqlx::query(
            "UPDATE password_resets SET used_at = $1 WHERE person_id = $2 AND used_at IS NULL",
        )
        .bind(secs(now))
        .bind(person)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2")
            .bind(new_password_hash)
            .bind(person)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(person)
            .execute(&mut *tx)
            .await?;
        // The reset link reached the address, which is all a verification link would prove.
        sqlx::query("DELETE FROM email_verifications WHERE person_id = $1")
            .bind(person)
            .execute(&mut *tx)
            .await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at: now,
                actor: Some(PersonId(person)),
                association: None,
                subject: format!("person:{person}"),
                action: "reset-password".to_string(),
                reason: "by emailed link".to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(PersonId(person))
    }

    async fn portfolio_meta(&self, person: PersonId) -> StoreResult<serde_json::Value> {
        let text: String = sqlx::query_scalar("SELECT meta FROM portfolios WHERE person_id = $1")
            .bind(person.0)
            .fetch_one(&mut *self.reader().await?)
            .await?;
        json(&text)
    }

    async fn set_portfolio_meta(
        &self,
        person: PersonId,
        meta: &serde_json::Value,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO portfolios (person_id, meta, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id) DO UPDATE SET meta = excluded.meta, updated_at = excluded.updated_at",
        )
        .bind(person.0)
        .bind(meta.to_string())
        .bind(secs(Utc::now()))
        .execute(&mut *self.autocommit().await?)
        .await?;
        Ok(())
    }

    async fn add_entry(
        &self,
        person: PersonId,
        section: Section,
        data: &serde_json::Value,
    ) -> StoreResult<EntryId> {
        let now = secs(Utc::now());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO portfolio_entries (person_id, section, data, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(person.0)
        .bind(section.key())
        .bind(data.to_string())
        .bind(now)
        .fetch_one(&mut *self.autocommit().await?)
        .await?;
        Ok(EntryId(id))
    }

    async fn update_entry(
        &self,
        person: PersonId,
        id: EntryId,
        data: &serde_json::Value,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE portfolio_entries SET data = $1, updated_at = $2 WHERE id = $3 AND person_id = $4",
        )
        .bind(data.to_string())
        .bind(secs(Utc::now()))
        .bind(id.0)
        .bind(person.0)
        .execute(&mut *self.autocommit().await?)
        .await?;
        one_row(done.rows_affected())
    }

    async fn delete_entry(&self, person: PersonId, id: EntryId) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM portfolio_entries WHERE id = $1 AND person_id = $2")
            .bind(id.0)
            .bind(person.0)
            .execute(&mut *self.autocommit().await?)
            .await?;
        one_row(done.rows_affected())
    }

    async fn add_entries(
        &self,
        person: PersonId,
        entries: &[(Section, serde_json::Value)],
    ) -> StoreResult<Vec<EntryId>> {
        let mut tx = self.begin().await?;
        let ids = insert_entries(&mut tx, person, entries).await?;
        tx.commit().await?;
        Ok(ids)
    }

    async fn replace_portfolio(
        &self,
        person: PersonId,
        entries: &[(Section, serde_json::Value)],
        meta: &serde_json::Value,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // What a rater's request points at is the rater's record, not the applicant's to
        // replace: those entries stay, with their links and ratings.
        sqlx::query(
            "DELETE FROM portfolio_entries WHERE person_id = $1 AND id NOT IN \
             (SELECT entry_id FROM rater_requests WHERE entry_id IS NOT NULL)",
        )
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        insert_entries(&mut tx, person, entries).await?;
        sqlx::query(
            "INSERT INTO portfolios (person_id, meta, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id) DO UPDATE SET meta = excluded.meta, updated_at = excluded.updated_at",
        )
        .bind(person.0)
        .bind(meta.to_string())
        .bind(secs(Utc::now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn entries(&self, person: PersonId) -> StoreResult<Vec<EntryRow>> {
        sqlx::query(
            "SELECT id, section, data FROM portfolio_entries WHERE person_id = $1 ORDER BY id",
        )
        .bind(person.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            let section: String = row.try_get("section")?;
            Ok(EntryRow {
                id: EntryId(row.try_get("id")?),
                section: Section::from_key(&section)
                    .ok_or_else(|| StoreError::Other(format!("stored section {section:?}")))?,
                data: json(&row.try_get::<String, _>("data")?)?,
            })
        })
        .collect()
    }

    async fn create_application(&self, application: &NewApplication) -> StoreResult<ApplicationId> {
        let mut tx = self.begin().await?;
        let id = insert_application(&mut tx, application, State::Draft, &[]).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn application(&self, id: ApplicationId) -> StoreResult<ApplicationRow> {
        let row = sqlx::query(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.id = $1"
        ))
        .bind(id.0)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        application_row(&row)
    }

    async fn applications_of_person(&self, person: PersonId) -> StoreResult<Vec<ApplicationRow>> {
        sqlx::query(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.person_id = $1 ORDER BY a.id"
        ))
        .bind(person.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(application_row)
        .collect()
    }

    async fn applications_of_association(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<ApplicationRow>> {
        sqlx::query(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.association_id = $1 \
             ORDER BY a.updated_at DESC, a.id"
        ))
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(application_row)
        .collect()
    }

    async fn queue_page(
        &self,
        association: AssociationId,
        query: &QueueQuery,
    ) -> StoreResult<Vec<QueueRow>> {
        let (mut scope, mut binds) = queue_scope(association, query.reviewer);
        let mut next = binds.len() + 1;
        for (column, value) in [("a.state", &query.state), ("a.category", &query.category)] {
            if let Some(value) = value {
                scope.push_str(&format!(" AND {column} = ${next}"));
                binds.push(Bind::Text(value.clone()));
                next += 1;
            }
        }
        if let Some(cycle) = query.cycle {
            scope.push_str(&format!(" AND a.cycle_id = ${next}"));
            binds.push(Bind::Int(cycle));
            next += 1;
        }
        if let Some((updated_at, id)) = query.after {
            // The first condition alone is a range of the queue's indexes, so a later page
            // starts reading where the last one ended instead of at the top of the queue.
            scope.push_str(&format!(
                " AND a.updated_at <= ${next} \
                 AND (a.updated_at < ${next} OR (a.updated_at = ${next} AND a.id > ${}))",
                next + 1
            ));
            binds.extend([Bind::Int(secs(updated_at)), Bind::Int(id.0)]);
            next += 2;
        }
        scope.push_str(&format!(" ORDER BY a.updated_at DESC, a.id LIMIT ${next}"));
        binds.push(Bind::Int(query.limit));
        self.queue(&scope, binds).await
    }

    async fn queue_totals(
        &self,
        association: AssociationId,
        reviewer: Option<PersonId>,
    ) -> StoreResult<QueueTotals> {
        // The tallies the triggers of migration 20261203000020 keep: one row per (state,
        // category, cycle) present, so this reads tens of rows however many applications
        // there are (reviewer 0 is the whole association, cycle 0 none).
        let rows = sqlx::query(
            "SELECT state, category, cycle_id, n FROM application_tallies \
             WHERE association_id = $1 AND reviewer_id = $2 AND n > 0",
        )
        .bind(association.0)
        .bind(reviewer.map_or(0, |r| r.0))
        .fetch_all(&mut *self.reader().await?)
        .await?;
        let mut states: BTreeMap<String, i64> = BTreeMap::new();
        let mut categories: BTreeSet<String> = BTreeSet::new();
        let mut cycles: BTreeMap<i64, i64> = BTreeMap::new();
        for row in &rows {
            let n: i64 = row.try_get("n")?;
            *states.entry(row.try_get("state")?).or_default() += n;
            categories.insert(row.try_get("category")?);
            let cycle: i64 = row.try_get("cycle_id")?;
            if cycle != 0 {
                *cycles.entry(cycle).or_default() += n;
            }
        }
        Ok(QueueTotals {
            states: states.into_iter().collect(),
            categories: categories.into_iter().collect(),
            cycles: cycles.into_iter().collect(),
        })
    }

    async fn queue_for_reviewer(&self, reviewer: PersonId) -> StoreResult<Vec<QueueRow>> {
        self.queue(
            "JOIN application_reviewers mine ON mine.application_id = a.id \
             WHERE mine.person_id = $1 ORDER BY a.updated_at DESC, a.id",
            vec![Bind::Int(reviewer.0)],
        )
        .await
    }

    async fn assignments_page(
        &self,
        reviewer: PersonId,
        before: Option<ApplicationId>,
        limit: i64,
    ) -> StoreResult<Vec<QueueRow>> {
        // In the order of the index (person_id, application_id), read backwards from `before`:
        // the page reads its lines and stops, however many assignments come after.
        let (scope, binds) = match before {
            None => (
                "JOIN application_reviewers mine ON mine.application_id = a.id \
                 WHERE mine.person_id = $1 ORDER BY mine.application_id DESC LIMIT $2",
                vec![Bind::Int(reviewer.0), Bind::Int(limit)],
            ),
            Some(before) => (
                "JOIN application_reviewers mine ON mine.application_id = a.id \
                 WHERE mine.person_id = $1 AND mine.application_id < $2 \
                 ORDER BY mine.application_id DESC LIMIT $3",
                vec![Bind::Int(reviewer.0), Bind::Int(before.0), Bind::Int(limit)],
            ),
        };
        self.queue(scope, binds).await
    }

    async fn transition(
        &self,
        id: ApplicationId,
        from: State,
        to: State,
        audit: &NewAudit,
        effects: &Effects,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // Compare-and-set on the state, so two people acting at once cannot both win.
        let done = sqlx::query(
            "UPDATE applications SET state = $1, re_review_after = $2, updated_at = $3, \
             review_round = review_round + $7, \
             submitted_at = CASE WHEN $1 = 'submitted' THEN $3 ELSE submitted_at END, \
             decided_at = CASE WHEN $8 = 1 THEN $3 ELSE decided_at END \
             WHERE id = $4 AND state = $5 AND COALESCE(re_review_after, '') = $6",
        )
        .bind(to.key())
        .bind(to.re_review_after().map(date_text))
        .bind(secs(audit.at))
        .bind(id.0)
        .bind(from.key())
        .bind(from.re_review_after().map(date_text).unwrap_or_default())
        .bind(i64::from(to == State::UnderReview))
        .bind(i64::from(to.is_decision()))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications WHERE id = $1")
                .bind(id.0)
                .fetch_one(&mut *tx)
                .await?;
            return Err(if exists == 0 {
                StoreError::NotFound
            } else {
                StoreError::Conflict("the application changed meanwhile; reload it".to_string())
            });
        }
        insert_audit(&mut tx, audit).await?;
        apply_effects(&mut tx, id, effects).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn register_application(
        &self,
        application: &NewApplication,
        reason: &str,
        effects: &Effects,
    ) -> StoreResult<ApplicationId> {
        let mut tx = self.begin().await?;
        if self.backend == Backend::Postgres {
            // The page checks for an open application first, but two registrations at once
            // (a double submit, two tabs) would both pass that check under READ COMMITTED.
            // Locking on the person makes them check in turn; SQLite's write lock already does.
            sqlx::query("SELECT pg_advisory_xact_lock(7406273, CAST($1 % 2147483647 AS INTEGER))")
                .bind(application.person.0)
                .execute(&mut *tx)
                .await?;
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM applications WHERE person_id = $1 AND association_id = $2 \
             AND category = $3 AND state NOT IN ($4, $5)",
        )
        .bind(application.person.0)
        .bind(application.association.0)
        .bind(&application.category)
        // The states `State::is_final` names: an application in them is over.
        .bind(State::Endorsed.key())
        .bind(State::Withdrawn.key())
        .fetch_one(&mut *tx)
        .await?;
        if open > 0 {
            return Err(StoreError::Conflict(format!(
                "an application for {} is already open; continue that one from your dashboard",
                application.category
            )));
        }
        let id = insert_application(
            &mut tx,
            application,
            State::Registered,
            &[("register", reason)],
        )
        .await?;
        apply_effects(&mut tx, id, effects).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn invoices(&self, application: ApplicationId) -> StoreResult<Vec<InvoiceRow>> {
        sqlx::query(
            "SELECT id, application_id, kind, amount_usd, status, provider, created_at, paid_at \
             FROM invoices WHERE application_id = $1 ORDER BY id",
        )
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(InvoiceRow {
                id: row.try_get("id")?,
                application: ApplicationId(row.try_get("application_id")?),
                kind: if kind == "processing" {
                    InvoiceKind::Processing
                } else {
                    InvoiceKind::Registration
                },
                amount_usd: row.try_get("amount_usd")?,
                paid: row.try_get::<String, _>("status")? == "paid",
                provider: row.try_get("provider")?,
                created_at: time(row.try_get("created_at")?)?,
                paid_at: row
                    .try_get::<Option<i64>, _>("paid_at")?
                    .map(time)
                    .transpose()?,
            })
        })
        .collect()
    }

    async fn mark_invoice_paid(
        &self,
        invoice: i64,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> StoreResult<ApplicationId> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "UPDATE invoices SET status = 'paid', paid_at = $1, paid_by = $2 \
             WHERE id = $3 AND status = 'open' RETURNING application_id, kind, amount_usd",
        )
        .bind(secs(at))
        .bind(by.0)
        .bind(invoice)
        .fetch_one(&mut *tx)
        .await?;
        let application: i64 = row.try_get("application_id")?;
        let association: i64 =
            sqlx::query_scalar("SELECT association_id FROM applications WHERE id = $1")
                .bind(application)
                .fetch_one(&mut *tx)
                .await?;
        let kind: String = row.try_get("kind")?;
        let amount: i64 = row.try_get("amount_usd")?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at,
                actor: Some(by),
                association: Some(AssociationId(association)),
                subject: format!("application:{application}"),
                action: "mark-paid".to_string(),
                reason: format!("{kind} fee, ${amount}"),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ApplicationId(application))
    }

    async fn latest_snapshot(&self, application: ApplicationId) -> StoreResult<serde_json::Value> {
        let text: String = sqlx::query_scalar(
            "SELECT document FROM snapshots WHERE application_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(application.0)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        json(&text)
    }

    async fn snapshots(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<(DateTime<Utc>, serde_json::Value)>> {
        sqlx::query(
            "SELECT document, created_at FROM snapshots WHERE application_id = $1 ORDER BY id",
        )
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok((
                time(row.try_get("created_at")?)?,
                json(&row.try_get::<String, _>("document")?)?,
            ))
        })
        .collect()
    }

    async fn assign_reviewer(
        &self,
        application: ApplicationId,
        reviewer: PersonId,
        by: PersonId,
    ) -> StoreResult<()> {
        crate::ReviewStore::assign_reviewers(self, &[(application, reviewer)], None, by, Utc::now())
            .await
    }

    async fn reviewers(&self, application: ApplicationId) -> StoreResult<Vec<PersonId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT person_id FROM application_reviewers WHERE application_id = $1 ORDER BY person_id",
        )
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        Ok(ids.into_iter().map(PersonId).collect())
    }

    async fn applications_for_reviewer(
        &self,
        reviewer: PersonId,
    ) -> StoreResult<Vec<ApplicationRow>> {
        sqlx::query(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a \
             JOIN application_reviewers r ON r.application_id = a.id \
             WHERE r.person_id = $1 ORDER BY a.updated_at DESC, a.id"
        ))
        .bind(reviewer.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(application_row)
        .collect()
    }

    async fn create_rater_request(
        &self,
        request: &NewRaterRequest,
        mail: &NewMail,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO rater_requests (application_id, entry_id, waived, rater_name, rater_email, \
             role, token_hash, created_at, expires_at, language) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(request.application.0)
        .bind(request.entry.map(|e| e.0))
        .bind(i64::from(request.waived))
        .bind(&request.rater_name)
        .bind(normalize_email(&request.rater_email))
        .bind(&request.role)
        .bind(&request.token_hash)
        .bind(secs(request.created_at))
        .bind(secs(request.expires_at))
        .bind(request.language.code())
        .fetch_one(&mut *tx)
        .await?;
        insert_mail(&mut tx, mail).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn rater_request_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<RaterRequestRow> {
        let row = sqlx::query(&format!(
            "SELECT {RATER_COLUMNS} FROM rater_requests \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2"
        ))
        .bind(token_hash)
        .bind(secs(now))
        .fetch_one(&mut *self.reader().await?)
        .await?;
        rater_row(&row)
    }

    async fn rater_requests_of(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<RaterRequestRow>> {
        sqlx::query(&format!(
            "SELECT {RATER_COLUMNS} FROM rater_requests WHERE application_id = $1 ORDER BY id"
        ))
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(rater_row)
        .collect()
    }

    async fn ratings_of(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<(String, serde_json::Value)>> {
        sqlx::query(
            "SELECT q.rater_name, r.answers FROM ratings r \
             JOIN rater_requests q ON q.id = r.rater_request_id \
             WHERE q.application_id = $1 ORDER BY r.id",
        )
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.try_get("rater_name")?,
                json(&row.try_get::<String, _>("answers")?)?,
            ))
        })
        .collect()
    }

    async fn rating_details(&self, application: ApplicationId) -> StoreResult<Vec<RatingDetail>> {
        // The request's columns come from a subquery so their names stay unqualified for
        // `rater_row`; the rating's own columns are renamed beside them.
        sqlx::query(&format!(
            "SELECT q.*, r.answers AS rating_answers, r.not_enough_info AS rating_not_enough_info, \
             r.comments AS rating_comments, r.known_since AS rating_known_since, \
             r.submitted_at AS rating_submitted_at \
             FROM (SELECT {RATER_COLUMNS} FROM rater_requests WHERE application_id = $1) q \
             JOIN ratings r ON r.rater_request_id = q.id ORDER BY r.id"
        ))
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok(RatingDetail {
                request: rater_row(row)?,
                answers: json(&row.try_get::<String, _>("rating_answers")?)?,
                not_enough_info: row.try_get("rating_not_enough_info")?,
                comments: row.try_get("rating_comments")?,
                known_since: date(row.try_get("rating_known_since")?)?,
                submitted_at: time(row.try_get("rating_submitted_at")?)?,
            })
        })
        .collect()
    }

    async fn submit_rating(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        rating: &NewRating,
        entry: Option<(PersonId, EntryId, serde_json::Value)>,
    ) -> StoreResult<RaterRequestRow> {
        let mut tx = self.begin().await?;
        // Spending the token first makes a second submission of the same link fail.
        let row = sqlx::query(&format!(
            "UPDATE rater_requests SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING {RATER_COLUMNS}"
        ))
        .bind(secs(now))
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
        let request = rater_row(&row)?;
        insert_rating(&mut tx, request.id, rating).await?;
        if let Some((person, id, data)) = entry {
            sqlx::query(
                "UPDATE portfolio_entries SET data = $1, updated_at = $2 WHERE id = $3 AND person_id = $4",
            )
            .bind(data.to_string())
            .bind(secs(now))
            .bind(id.0)
            .bind(person.0)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(request)
    }

    async fn record_paper_rating(
        &self,
        person: PersonId,
        request: &NewRaterRequest,
        entry: &serde_json::Value,
        rating: &NewRating,
        recorded_by: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<EntryId> {
        let mut tx = self.begin().await?;
        let entry_id = insert_entries(&mut tx, person, &[(Section::References, entry.clone())])
            .await?
            .first()
            .copied()
            .ok_or_else(|| StoreError::Other("no entry inserted".to_string()))?;
        let request_id: i64 = sqlx::query_scalar(
            "INSERT INTO rater_requests (application_id, entry_id, waived, rater_name, rater_email, \
             role, token_hash, created_at, expires_at, used_at, recorded_by, language) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(request.application.0)
        .bind(entry_id.0)
        .bind(i64::from(request.waived))
        .bind(&request.rater_name)
        .bind(normalize_email(&request.rater_email))
        .bind(&request.role)
        .bind(&request.token_hash)
        .bind(secs(request.created_at))
        .bind(secs(request.expires_at))
        .bind(secs(rating.submitted_at))
        .bind(recorded_by.0)
        .bind(request.language.code())
        .fetch_one(&mut *tx)
        .await?;
        insert_rating(&mut tx, request_id, rating).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(entry_id)
    }

    async fn cancel_rater_request(&self, request: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE rater_requests SET expires_at = $1 WHERE id = $2 AND used_at IS NULL",
        )
        .bind(secs(now))
        .bind(request)
        .execute(&mut *self.autocommit().await?)
        .await?;
        one_row(done.rows_affected())
    }

    async fn renew_rater_token(
        &self,
        request: i64,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &NewMail,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE rater_requests SET token_hash = $1, expires_at = $2 WHERE id = $3 AND used_at IS NULL",
        )
        .bind(token_hash)
        .bind(secs(expires_at))
        .bind(request)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        insert_mail(&mut tx, mail).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_audit(&self, audit: &NewAudit) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit_of_subject(&self, subject: &str) -> StoreResult<Vec<AuditRow>> {
        sqlx::query(
            "SELECT id, at, actor_id, association_id, subject, action, reason FROM audit_log \
             WHERE subject = $1 ORDER BY id",
        )
        .bind(subject)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(audit_row)
        .collect()
    }

    async fn audit_of_association(
        &self,
        association: AssociationId,
        limit: i64,
    ) -> StoreResult<Vec<AuditRow>> {
        sqlx::query(
            "SELECT id, at, actor_id, association_id, subject, action, reason FROM audit_log \
             WHERE association_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(association.0)
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(audit_row)
        .collect()
    }

    async fn enqueue_mail(&self, mail: &NewMail) -> StoreResult<MailId> {
        let mut tx = self.begin().await?;
        let id = insert_mail(&mut tx, mail).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn claim_due_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
        bulk_limit: i64,
    ) -> StoreResult<Vec<MailRow>> {
        let mut claimed = Vec::new();
        for kind in [MailKind::Waited, MailKind::Bulk] {
            let mut room = limit - i64::try_from(claimed.len()).unwrap_or(limit);
            if kind == MailKind::Bulk {
                room = room.min(bulk_limit);
            }
            if room <= 0 {
                break;
            }
            // One statement claims the batch. The outer conditions repeat the inner ones: under
            // PostgreSQL's read committed, a second worker blocked on the same rows re-checks
            // them after the first commits, sees the moved lease, and skips them.
            let rows = sqlx::query(&format!(
                "UPDATE outbox SET next_attempt_at = $1 WHERE id IN (\
                     SELECT id FROM outbox WHERE status = 'pending' AND bulk = {bulk} \
                     AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3) \
                 AND status = 'pending' AND next_attempt_at <= $2 RETURNING {MAIL_COLUMNS}",
                bulk = kind.column()
            ))
            .bind(secs(lease_until))
            .bind(secs(now))
            .bind(room)
            .fetch_all(&mut *self.autocommit().await?)
            .await?;
            let mut batch = rows.iter().map(mail_row).collect::<StoreResult<Vec<_>>>()?;
            // RETURNING gives no order; send oldest first.
            batch.sort_by_key(|mail| mail.id);
            claimed.extend(batch);
        }
        Ok(claimed)
    }

    async fn record_deliveries(&self, deliveries: &[Delivery]) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for delivery in deliveries {
            record_delivery(&mut tx, delivery).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn mark_mail_sent(&self, id: MailId, at: DateTime<Utc>) -> StoreResult<()> {
        self.record_deliveries(&[Delivery {
            id,
            outcome: DeliveryOutcome::Sent { at },
        }])
        .await
    }

    async fn mark_mail_failed(
        &self,
        id: MailId,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        self.record_deliveries(&[Delivery {
            id,
            outcome: DeliveryOutcome::Failed {
                error: error.to_string(),
                retry_at,
            },
        }])
        .await
    }

    async fn mail(&self, id: MailId) -> StoreResult<MailRow> {
        let row = sqlx::query(&format!("SELECT {MAIL_COLUMNS} FROM outbox WHERE id = $1"))
            .bind(id.0)
            .fetch_one(&mut *self.reader().await?)
            .await?;
        mail_row(&row)
    }

    async fn failed_mails(&self) -> StoreResult<Vec<MailRow>> {
        sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM outbox WHERE status = 'failed' ORDER BY id"
        ))
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(mail_row)
        .collect()
    }

    async fn count_failed_mails(&self) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'failed'")
                .fetch_one(&mut *self.reader().await?)
                .await?,
        )
    }

    async fn resend_mail(&self, id: MailId, audit: &NewAudit) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // Only a failed mail: a pending one is already on its way, a sent one went.
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = 0, last_error = NULL, \
             next_attempt_at = $1 WHERE id = $2 AND status = 'failed'",
        )
        .bind(secs(audit.at))
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mails_to(&self, recipient: &str) -> StoreResult<Vec<MailRow>> {
        sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM outbox WHERE recipient = $1 ORDER BY id"
        ))
        .bind(normalize_email(recipient))
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(mail_row)
        .collect()
    }

    async fn add_message(&self, message: &NewMessage, mail: Option<&NewMail>) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO messages (person_id, association_id, application_id, section, kind, body, \
             created_at, author_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(message.person.0)
        .bind(message.association.0)
        .bind(message.application.map(|a| a.0))
        .bind(&message.section)
        .bind(&message.kind)
        .bind(&message.body)
        .bind(secs(message.created_at))
        .bind(message.author.map(|a| a.0))
        .fetch_one(&mut *tx)
        .await?;
        if let Some(mail) = mail {
            insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn messages_of_application(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<MessageRow>> {
        sqlx::query(&format!(
            "{MESSAGE_SELECT} WHERE m.application_id = $1 ORDER BY m.id"
        ))
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(message_row)
        .collect()
    }

    async fn messages_of_association(
        &self,
        association: AssociationId,
        limit: i64,
    ) -> StoreResult<Vec<MessageRow>> {
        sqlx::query(&format!(
            "{MESSAGE_SELECT} WHERE m.association_id = $1 ORDER BY m.id DESC LIMIT $2"
        ))
        .bind(association.0)
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(message_row)
        .collect()
    }

    async fn record_membership(
        &self,
        membership: &NewMembership,
        audit: &NewAudit,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO memberships (person_id, association_id, member_number, kind, starts_on, \
             ends_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(membership.person.0)
        .bind(membership.association.0)
        .bind(&membership.member_number)
        .bind(&membership.kind)
        .bind(date_text(membership.starts_on))
        .bind(date_text(membership.ends_on))
        .bind(membership.recorded_by.map(|p| p.0))
        .bind(secs(membership.recorded_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(
                "this member number already has a membership starting that day".to_string(),
            ),
            other => other,
        })?;
        sqlx::query(
            "UPDATE membership_requests SET status = 'recorded', decided_by = $1, decided_at = $2 \
             WHERE person_id = $3 AND association_id = $4 AND status = 'open'",
        )
        .bind(membership.recorded_by.map(|p| p.0))
        .bind(secs(membership.recorded_at))
        .bind(membership.person.0)
        .bind(membership.association.0)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn request_membership(
        &self,
        person: PersonId,
        association: AssociationId,
        kind: &str,
        provider: &str,
        at: DateTime<Utc>,
        mail: Option<&NewMail>,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        // The dues in force when asked are the request's, whatever they become later.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO membership_requests (person_id, association_id, kind, requested_at, status, \
             dues_usd, dues_provider) VALUES ($1, $2, $3, $4, 'open', \
             (SELECT amount_usd FROM membership_dues WHERE association_id = $2 AND kind = $3), $5) \
             RETURNING id",
        )
        .bind(person.0)
        .bind(association.0)
        .bind(kind)
        .bind(secs(at))
        .bind(provider)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(
                "kind: your request to this association is already waiting for the coordinator"
                    .to_string(),
            ),
            other => other,
        })?;
        if let Some(mail) = mail {
            insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn membership_dues(&self, association: AssociationId) -> StoreResult<Vec<(String, i64)>> {
        sqlx::query(
            "SELECT kind, amount_usd FROM membership_dues WHERE association_id = $1 ORDER BY kind",
        )
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("kind")?, row.try_get("amount_usd")?)))
        .collect()
    }

    async fn set_membership_dues(
        &self,
        association: AssociationId,
        dues: &[(String, i64)],
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM membership_dues WHERE association_id = $1")
            .bind(association.0)
            .execute(&mut *tx)
            .await?;
        for (kind, amount) in dues {
            sqlx::query(
                "INSERT INTO membership_dues (association_id, kind, amount_usd) VALUES ($1, $2, $3)",
            )
            .bind(association.0)
            .bind(kind)
            .bind(amount)
            .execute(&mut *tx)
            .await?;
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mark_dues_paid(
        &self,
        request: i64,
        association: AssociationId,
        by: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE membership_requests SET dues_paid_at = $1, dues_paid_by = $2 \
             WHERE id = $3 AND association_id = $4 AND status = 'open' \
             AND dues_usd IS NOT NULL AND dues_paid_at IS NULL",
        )
        .bind(secs(audit.at))
        .bind(by.0)
        .bind(request)
        .bind(association.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        one_row(changed)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn request_other_membership(
        &self,
        person: PersonId,
        association: AssociationId,
        claim: &OtherMembershipClaim,
        at: DateTime<Utc>,
        mail: Option<&NewMail>,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO membership_requests (person_id, association_id, kind, requested_at, \
             status, other_association, other_number, other_until, proof_upload_id) \
             VALUES ($1, $2, 'other-imh-association', $3, 'open', $4, $5, $6, $7) RETURNING id",
        )
        .bind(person.0)
        .bind(association.0)
        .bind(secs(at))
        .bind(&claim.association)
        .bind(&claim.member_number)
        .bind(date_text(claim.valid_until))
        .bind(claim.proof_upload)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(
                "other_association: a request of yours to this association is already waiting for the coordinator"
                    .to_string(),
            ),
            other => other,
        })?;
        if let Some(mail) = mail {
            insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn verify_other_membership(
        &self,
        request: i64,
        association: AssociationId,
        by: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        // Closing the request first makes a second verification of it find nothing.
        let row = sqlx::query(
            "UPDATE membership_requests SET status = 'recorded', decided_by = $1, decided_at = $2 \
             WHERE id = $3 AND association_id = $4 AND status = 'open' \
             AND other_association IS NOT NULL \
             RETURNING person_id, other_association, other_number, other_until",
        )
        .bind(by.0)
        .bind(secs(audit.at))
        .bind(request)
        .bind(association.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let until: String = row.try_get("other_until")?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO memberships (person_id, association_id, member_number, kind, starts_on, \
             ends_on, recorded_by, recorded_at, other_association) \
             VALUES ($1, $2, $3, 'other-imh-association', $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(row.try_get::<i64, _>("person_id")?)
        .bind(association.0)
        .bind(row.try_get::<String, _>("other_number")?)
        .bind(date_text(audit.at.date_naive()))
        .bind(until)
        .bind(by.0)
        .bind(secs(audit.at))
        .bind(row.try_get::<String, _>("other_association")?)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(
                "this member number already has a membership starting today".to_string(),
            ),
            other => other,
        })?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn end_membership(
        &self,
        membership: i64,
        association: AssociationId,
        last_day: NaiveDate,
        reason: &str,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // ISO dates compare as text on both backends; a membership is never lengthened here.
        let changed = sqlx::query(
            "UPDATE memberships SET ends_on = CASE WHEN ends_on < $1 THEN ends_on ELSE $1 END, \
             ended_reason = $2 WHERE id = $3 AND association_id = $4",
        )
        .bind(date_text(last_day))
        .bind(reason)
        .bind(membership)
        .bind(association.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        one_row(changed)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn open_membership_requests(
        &self,
        person: Option<PersonId>,
        association: Option<AssociationId>,
    ) -> StoreResult<Vec<MembershipRequestRow>> {
        sqlx::query(
            "SELECT r.id, r.person_id, r.association_id, p.name, p.email, r.kind, r.requested_at, \
             r.other_association, r.other_number, r.other_until, r.proof_upload_id, \
             r.dues_usd, r.dues_provider, r.dues_paid_at \
             FROM membership_requests r JOIN people p ON p.id = r.person_id \
             WHERE r.status = 'open' AND ($1 IS NULL OR r.person_id = $1) \
             AND ($2 IS NULL OR r.association_id = $2) ORDER BY r.id",
        )
        .bind(person.map(|p| p.0))
        .bind(association.map(|a| a.0))
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok(MembershipRequestRow {
                id: row.try_get("id")?,
                person: PersonId(row.try_get("person_id")?),
                association: AssociationId(row.try_get("association_id")?),
                name: row.try_get("name")?,
                email: row.try_get("email")?,
                kind: row.try_get("kind")?,
                requested_at: time(row.try_get("requested_at")?)?,
                other: other_claim(row)?,
                dues: match row.try_get::<Option<i64>, _>("dues_usd")? {
                    Some(amount_usd) => Some(DuesRow {
                        amount_usd,
                        provider: row
                            .try_get::<Option<String>, _>("dues_provider")?
                            .unwrap_or_default(),
                        paid_at: optional_time(row.try_get("dues_paid_at")?)?,
                    }),
                    None => None,
                },
            })
        })
        .collect()
    }

    async fn memberships_of(&self, person: PersonId) -> StoreResult<Vec<MembershipRow>> {
        sqlx::query(&format!(
            "SELECT {MEMBERSHIP_COLUMNS} FROM memberships m \
             JOIN associations a ON a.id = m.association_id \
             WHERE m.person_id = $1 ORDER BY m.ends_on DESC, m.id DESC"
        ))
        .bind(person.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(membership_row)
        .collect()
    }

    async fn import_roster(
        &self,
        association: AssociationId,
        rows: &[RosterRow],
        recorded_by: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<usize> {
        self.import_roster_in(association, rows, recorded_by, audit)
            .await
    }

    async fn memberships_of_association(
        &self,
        association: AssociationId,
        limit: i64,
    ) -> StoreResult<(i64, Vec<MemberListing>)> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE association_id = $1")
                .bind(association.0)
                .fetch_one(&mut *self.reader().await?)
                .await?;
        let listed = sqlx::query(&format!(
            "SELECT {MEMBERSHIP_COLUMNS}, p.name AS person_name, p.email AS person_email \
             FROM memberships m JOIN associations a ON a.id = m.association_id \
             JOIN people p ON p.id = m.person_id \
             WHERE m.association_id = $1 ORDER BY m.id DESC LIMIT $2"
        ))
        .bind(association.0)
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok(MemberListing {
                membership: membership_row(row)?,
                name: row.try_get("person_name")?,
                email: row.try_get("person_email")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        Ok((count, listed))
    }

    async fn record_education_check(
        &self,
        check: &NewEducationCheck,
        audit: &NewAudit,
        mail: Option<&NewMail>,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO education_checks (person_id, entry_id, entry_data, verified, note, \
             checked_by, checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(check.person.0)
        .bind(check.entry.0)
        .bind(check.entry_data.to_string())
        .bind(i64::from(check.verified))
        .bind(&check.note)
        .bind(check.checked_by.0)
        .bind(secs(check.checked_at))
        .fetch_one(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        if let Some(mail) = mail {
            insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn education_checks_of(&self, person: PersonId) -> StoreResult<Vec<EducationCheckRow>> {
        sqlx::query(
            "SELECT c.id, c.person_id, c.entry_id, c.entry_data, c.verified, c.note, c.checked_by, \
             p.name AS checked_by_name, c.checked_at FROM education_checks c \
             JOIN people p ON p.id = c.checked_by WHERE c.person_id = $1 ORDER BY c.id",
        )
        .bind(person.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok(EducationCheckRow {
                id: row.try_get("id")?,
                person: PersonId(row.try_get("person_id")?),
                entry: EntryId(row.try_get("entry_id")?),
                entry_data: json(&row.try_get::<String, _>("entry_data")?)?,
                verified: row.try_get::<i64, _>("verified")? != 0,
                note: row.try_get("note")?,
                checked_by: PersonId(row.try_get("checked_by")?),
                checked_by_name: row.try_get("checked_by_name")?,
                checked_at: time(row.try_get("checked_at")?)?,
            })
        })
        .collect()
    }

    async fn add_upload(&self, upload: &NewUpload) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO uploads (person_id, entry_id, kind, file_name, content_type, size, \
             object_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(upload.person.0)
        .bind(upload.entry.map(|e| e.0))
        .bind(&upload.kind)
        .bind(&upload.file_name)
        .bind(&upload.content_type)
        .bind(upload.size)
        .bind(&upload.object_key)
        .bind(secs(upload.created_at))
        .fetch_one(&mut *self.autocommit().await?)
        .await?)
    }

    async fn upload(&self, id: i64) -> StoreResult<UploadRow> {
        let row = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE id = $1"
        ))
        .bind(id)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        upload_row(&row)
    }

    async fn uploads_of(&self, person: PersonId) -> StoreResult<Vec<UploadRow>> {
        sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE person_id = $1 ORDER BY id"
        ))
        .bind(person.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(upload_row)
        .collect()
    }

    async fn backup_to(&self, path: &std::path::Path) -> StoreResult<()> {
        match self.backend {
            // VACUUM INTO writes a consistent snapshot while other connections keep working.
            Backend::Sqlite => {
                let target = path
                    .to_str()
                    .ok_or_else(|| StoreError::Other("backup path is not UTF-8".to_string()))?;
                sqlx::query("VACUUM INTO $1").bind(target).execute(&self.pool).await?;
                Ok(())
            }
            Backend::Postgres => Err(StoreError::Other(
                "PostgreSQL is backed up with its own tools (pg_dump, base backups); see docs/OPERATIONS.md"
                    .to_string(),
            )),
        }
    }

    // The endorsee import lives in `import.rs`.
    async fn plan_endorsee_import(
        &self,
        association: AssociationId,
        rows: &[crate::EndorseeRow],
    ) -> StoreResult<crate::EndorseePlan> {
        self.plan_endorsee_import_in(association, rows).await
    }

    async fn import_endorsees(
        &self,
        association: AssociationId,
        abbreviation: &str,
        rows: &[crate::EndorseeRow],
        audit: &NewAudit,
    ) -> StoreResult<crate::EndorseePlan> {
        self.import_endorsees_in(association, abbreviation, rows, audit)
            .await
    }

    async fn credential_number_for_former(&self, former: &str) -> StoreResult<String> {
        self.credential_number_for_former_in(former).await
    }

    async fn former_number_of(&self, endorsement: i64) -> StoreResult<Option<String>> {
        self.former_number_of_in(endorsement).await
    }

    async fn plan_applicant_import(
        &self,
        association: AssociationId,
        rows: &[crate::ApplicantRow],
    ) -> StoreResult<crate::ApplicantPlan> {
        self.plan_applicant_import_in(association, rows).await
    }

    async fn import_applicants(
        &self,
        association: AssociationId,
        rows: &[crate::ApplicantRow],
        audit: &NewAudit,
        marker: &serde_json::Value,
    ) -> StoreResult<crate::ApplicantPlan> {
        self.import_applicants_in(association, rows, audit, marker)
            .await
    }

    async fn imported_applicants(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<(PersonId, i64, String)>> {
        self.imported_applicants_in(association).await
    }

    async fn plan_roster_import(
        &self,
        association: AssociationId,
        rows: &[RosterRow],
    ) -> StoreResult<crate::RosterPlan> {
        self.plan_roster_import_in(association, rows).await
    }
}
