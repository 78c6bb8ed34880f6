//! Storage behind one use-case trait, [`Store`], with two backends: SQLite (the embedded
//! default, one WAL file under the data dir) and PostgreSQL (many stateless nodes). Both run
//! the same SQL through sqlx's `Any` driver; the parts that differ (schema, pragmas, backup)
//! live in [`backend`]. Every state change and the audit row and mail it causes are written in
//! one transaction.

mod backend;
mod documents;
mod editions;
mod endorsement;
mod import;
mod import_applicants;
mod metrics;
mod operator;
mod portfolios;
mod records;
mod review;
mod scope;
mod settings;
mod sql;
mod staff;
pub mod testing;
pub mod token;

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::application::State;
use lattice_domain::ids::{ApplicationId, AssociationId, EntryId, MailId, PersonId};
use lattice_domain::language::Language;
use lattice_domain::rights::StaffRole;

pub use backend::{Backend, checkpoint_sqlite, connect, migrate, pending_migrations, sqlite_url};
pub use documents::*;
pub use editions::*;
pub use endorsement::*;
pub use import::*;
pub use import_applicants::*;
pub use metrics::*;
pub use operator::*;
pub use portfolios::*;
pub use records::*;
pub use review::*;
pub use scope::request_scope;
pub use settings::*;
pub use staff::*;

/// Errors of the storage layer. A missing row is `NotFound`, never an empty `Option`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule or a concurrent change got in the way.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("storage: {0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                // The database's words name tables and constraints: they go to the log, and
                // the person is told, in theirs, that the thing is there already. Callers
                // that know what it was (a review, an email) say so more exactly.
                tracing::info!(detail = %db.message(), "a uniqueness rule refused a write");
                StoreError::Conflict(
                    "this was already recorded (perhaps from another tab); reload the page to see it"
                        .to_string(),
                )
            }
            _ => StoreError::Other(error.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Other(format!("migration: {error}"))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The shared handle every part of the server holds.
pub type SharedStore = Arc<dyn Store>;

/// What the application needs from storage, one method per use case.
#[async_trait]
pub trait Store:
    ReviewStore
    + EditionStore
    + EndorsementStore
    + StaffStore
    + OperatorStore
    + MetricsStore
    + SettingsStore
    + DocumentStore
    + PortfolioStore
    + Send
    + Sync
    + std::fmt::Debug
{
    /// Which backend this is.
    fn backend(&self) -> Backend;
    /// A cheap round trip, for the health endpoint.
    async fn ping(&self) -> StoreResult<()>;
    /// Why this binary should not serve from the database as it is now, if it should not:
    /// migrations it has that the database lacks (`lattice migrate` not run yet), or a schema
    /// migrated by a newer release. For the readiness endpoint.
    async fn schema_problem(&self) -> StoreResult<Option<String>>;

    // Associations and their requirement profiles.
    /// Creates the association or updates its name and profile source; returns its id.
    async fn upsert_association(
        &self,
        slug: &str,
        name: &str,
        profile: &ProfileSource,
    ) -> StoreResult<AssociationId>;
    async fn associations(&self) -> StoreResult<Vec<AssociationRow>>;
    async fn association(&self, id: AssociationId) -> StoreResult<AssociationRow>;
    async fn association_by_slug(&self, slug: &str) -> StoreResult<AssociationRow>;
    /// Every stored profile file, to build the rules catalog from.
    async fn profile_sources(&self) -> StoreResult<Vec<ProfileSource>>;

    // People and roles.
    /// Fails with `Conflict` when the email is taken (emails compare lower-cased).
    async fn create_person(&self, person: &NewPerson) -> StoreResult<PersonId>;
    async fn person(&self, id: PersonId) -> StoreResult<PersonRow>;
    /// The language a person chose from the switch in the page header (`None`: none chosen,
    /// the browser decides). `NotFound` for an unknown person.
    async fn set_person_language(
        &self,
        person: PersonId,
        language: Option<Language>,
    ) -> StoreResult<()>;
    /// The names of these people in one query (unknown ids are left out), for pages that name
    /// many people: history lines, messages.
    async fn names_of(&self, ids: &[PersonId]) -> StoreResult<HashMap<PersonId, String>>;
    /// The person and their password hash, for signing in.
    async fn person_by_email(&self, email: &str) -> StoreResult<(PersonRow, Option<String>)>;
    async fn grant_staff(
        &self,
        person: PersonId,
        association: AssociationId,
        role: StaffRole,
        by: Option<PersonId>,
    ) -> StoreResult<()>;
    /// Active roles only: a suspended, removed or not yet accepted role grants nothing.
    async fn staff_roles(&self, person: PersonId) -> StoreResult<Vec<(AssociationId, StaffRole)>>;
    async fn staff_of(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<(PersonRow, StaffRole)>>;

    // Sessions and sign-in protection.
    async fn create_session(&self, session: &NewSession) -> StoreResult<()>;
    /// A live session by its token hash; `NotFound` when absent or expired.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<SessionRow>;
    /// A live session with its person and their active staff roles, in one query: what every
    /// signed-in request reads first. `NotFound` when absent or expired.
    async fn signed_in(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<SignedIn>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn record_login_failure(&self, key: &str, at: DateTime<Utc>) -> StoreResult<()>;
    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;
    /// Counts one mail under the key of every limit, unless one of them already reached its
    /// `max` within its window: then nothing is counted and that limit's index is returned.
    /// Counts older than a day are forgotten as new ones are written. Two nodes counting at
    /// the same moment may each let one through, which a limit of this kind can afford.
    async fn count_mail(
        &self,
        limits: &[MailLimit],
        at: DateTime<Utc>,
    ) -> StoreResult<Option<usize>>;
    /// How many failures under the key since then, and when the latest was: sign-in delays
    /// grow with the count and run from the latest.
    async fn login_failure_stats(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, Option<DateTime<Utc>>)>;

    // The second factor (TOTP and recovery codes) and sign-ins waiting for it.
    /// `NotFound` when the person has none, confirmed or not.
    async fn second_factor(&self, person: PersonId) -> StoreResult<SecondFactorRow>;
    /// Starts (or restarts) enrolment with a new sealed secret. A confirmed factor is never
    /// replaced this way: `Conflict`.
    async fn begin_second_factor(&self, person: PersonId, sealed_secret: &str) -> StoreResult<()>;
    /// Confirms enrolment with the step of the first good code, replaces the recovery codes
    /// and audits it, in one transaction. `Conflict` when already confirmed.
    async fn confirm_second_factor(
        &self,
        person: PersonId,
        step: i64,
        recovery_code_hashes: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Spends a time step: succeeds only if it is later than every step used before, so a
    /// code works once even with two nodes racing. `Conflict` otherwise.
    async fn use_totp_step(&self, person: PersonId, step: i64) -> StoreResult<()>;
    /// Spends a recovery code once. `NotFound` when unknown or already used.
    async fn use_recovery_code(
        &self,
        person: PersonId,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Replaces every recovery code of the person.
    async fn replace_recovery_codes(&self, person: PersonId, hashes: &[String]) -> StoreResult<()>;
    /// How many unused recovery codes the person has left.
    async fn recovery_codes_left(&self, person: PersonId) -> StoreResult<i64>;
    /// Records a sign-in waiting for its second factor; pending sign-ins expired by `now`
    /// (abandoned ones) are removed on the way.
    async fn create_pending_sign_in(
        &self,
        token_hash: &str,
        person: PersonId,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Whose live pending sign-in this is; `NotFound` when unknown or expired.
    async fn pending_sign_in(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<PersonId>;
    async fn delete_pending_sign_in(&self, token_hash: &str) -> StoreResult<()>;

    // Email verification at sign-up.
    /// Creates an applicant account that cannot sign in until its email is verified, stores
    /// the link's hash and queues the mail, in one transaction. `Conflict` when the email is
    /// taken.
    async fn create_unverified_person(
        &self,
        person: &NewPerson,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &NewMail,
    ) -> StoreResult<PersonId>;
    /// Whether the person's email still waits for verification.
    async fn email_unverified(&self, person: PersonId) -> StoreResult<bool>;
    /// Replaces the person's pending verification link (a new mail, a new expiry).
    async fn renew_email_verification(
        &self,
        person: PersonId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &NewMail,
    ) -> StoreResult<()>;
    /// Uses a verification link once. `NotFound` when unknown, used or expired.
    async fn verify_email(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<PersonId>;

    // Password reset by emailed token.
    /// Stores the token hash and queues the mail in one transaction.
    async fn create_password_reset(
        &self,
        person: PersonId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &NewMail,
    ) -> StoreResult<()>;
    /// Whose live reset token this is, without using it (a new password is checked against
    /// the person's own name and email first). `NotFound` when unknown, used or expired.
    async fn password_reset_person(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<PersonRow>;
    /// Uses the token once: sets the new password hash, ends every session and every other
    /// outstanding reset link of the person (an older mail in the inbox no longer resets the
    /// new password) and audits it. `NotFound` when the token is unknown, used or expired.
    async fn reset_password(
        &self,
        token_hash: &str,
        new_password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<PersonId>;

    // Portfolios.
    async fn portfolio_meta(&self, person: PersonId) -> StoreResult<serde_json::Value>;
    async fn set_portfolio_meta(
        &self,
        person: PersonId,
        meta: &serde_json::Value,
    ) -> StoreResult<()>;
    async fn add_entry(
        &self,
        person: PersonId,
        section: Section,
        data: &serde_json::Value,
    ) -> StoreResult<EntryId>;
    /// `NotFound` when the entry is not the person's.
    async fn update_entry(
        &self,
        person: PersonId,
        id: EntryId,
        data: &serde_json::Value,
    ) -> StoreResult<()>;
    async fn delete_entry(&self, person: PersonId, id: EntryId) -> StoreResult<()>;
    /// Adds several entries in one transaction: all or none (a CSV import).
    async fn add_entries(
        &self,
        person: PersonId,
        entries: &[(Section, serde_json::Value)],
    ) -> StoreResult<Vec<EntryId>>;
    /// Replaces the portfolio (entries and meta) in one transaction (a JSON import). Entries a
    /// rater's request points at stay: they are the rater's record, not the applicant's.
    async fn replace_portfolio(
        &self,
        person: PersonId,
        entries: &[(Section, serde_json::Value)],
        meta: &serde_json::Value,
    ) -> StoreResult<()>;
    async fn entries(&self, person: PersonId) -> StoreResult<Vec<EntryRow>>;

    // Applications and their state machine.
    /// Creates a draft and audits it.
    async fn create_application(&self, application: &NewApplication) -> StoreResult<ApplicationId>;
    async fn application(&self, id: ApplicationId) -> StoreResult<ApplicationRow>;
    async fn applications_of_person(&self, person: PersonId) -> StoreResult<Vec<ApplicationRow>>;
    async fn applications_of_association(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<ApplicationRow>>;
    /// One page of the association's applications, newest change first, each with its
    /// applicant's name and reviewers: two queries, whatever the page's place in the queue.
    async fn queue_page(
        &self,
        association: AssociationId,
        query: &QueueQuery,
    ) -> StoreResult<Vec<QueueRow>>;
    /// How many of the association's applications are in each state and cycle, and their
    /// categories (only the reviewer's assignments when given), from tallies the database
    /// keeps as applications and assignments change: as cheap at 50,000 as at 50.
    async fn queue_totals(
        &self,
        association: AssociationId,
        reviewer: Option<PersonId>,
    ) -> StoreResult<QueueTotals>;
    /// The applications a reviewer is assigned to, as [`Store::queue_page`] reads its lines.
    async fn queue_for_reviewer(&self, reviewer: PersonId) -> StoreResult<Vec<QueueRow>>;
    /// One page of a reviewer's assignments in every association, newest application first
    /// (highest id), starting after the application `before` names (exclusive): two queries
    /// along an index, whatever the page's place in the list.
    async fn assignments_page(
        &self,
        reviewer: PersonId,
        before: Option<ApplicationId>,
        limit: i64,
    ) -> StoreResult<Vec<QueueRow>>;
    /// Moves the application from `from` to `to` only if it is still in `from` (else
    /// `Conflict`), with the audit row and the effects (mail, invoice, snapshot), all in one
    /// transaction.
    async fn transition(
        &self,
        id: ApplicationId,
        from: State,
        to: State,
        audit: &NewAudit,
        effects: &Effects,
    ) -> StoreResult<()>;
    /// Creates an application already registered: the creation and the registration are
    /// audited, and the registration invoice and mail written, in one transaction.
    async fn register_application(
        &self,
        application: &NewApplication,
        reason: &str,
        effects: &Effects,
    ) -> StoreResult<ApplicationId>;
    async fn invoices(&self, application: ApplicationId) -> StoreResult<Vec<InvoiceRow>>;
    /// Marks an open invoice paid and audits it; `NotFound` when there is no such open invoice.
    async fn mark_invoice_paid(
        &self,
        invoice: i64,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> StoreResult<ApplicationId>;
    /// The portfolio frozen at the latest submission.
    async fn latest_snapshot(&self, application: ApplicationId) -> StoreResult<serde_json::Value>;
    /// Every submitted version of the application, oldest first, with when it was handed in.
    async fn snapshots(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<(DateTime<Utc>, serde_json::Value)>>;
    async fn assign_reviewer(
        &self,
        application: ApplicationId,
        reviewer: PersonId,
        by: PersonId,
    ) -> StoreResult<()>;
    async fn reviewers(&self, application: ApplicationId) -> StoreResult<Vec<PersonId>>;
    async fn applications_for_reviewer(
        &self,
        reviewer: PersonId,
    ) -> StoreResult<Vec<ApplicationRow>>;

    // Reference raters act through single-use, expiring, hashed tokens.
    /// Stores the request and queues the mail carrying the link in one transaction.
    async fn create_rater_request(
        &self,
        request: &NewRaterRequest,
        mail: &NewMail,
    ) -> StoreResult<i64>;
    /// The request behind a live token (unused, unexpired), without spending it.
    async fn rater_request_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<RaterRequestRow>;
    async fn rater_requests_of(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<RaterRequestRow>>;
    /// The submitted ratings of an application: the rater's name and their answers.
    async fn ratings_of(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<(String, serde_json::Value)>>;
    /// Every answered rating of the application with its request, in the order they came.
    async fn rating_details(&self, application: ApplicationId) -> StoreResult<Vec<RatingDetail>>;
    /// Spends the token and stores the rating, and updates the portfolio's references entry,
    /// in one transaction. `NotFound` when the token is unknown, used or expired.
    async fn submit_rating(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        rating: &NewRating,
        entry: Option<(PersonId, EntryId, serde_json::Value)>,
    ) -> StoreResult<RaterRequestRow>;
    /// A paper rating a coordinator attests to: the reference entry, an answered request
    /// carrying the coordinator's id, the rating and the audit row, in one transaction.
    async fn record_paper_rating(
        &self,
        person: PersonId,
        request: &NewRaterRequest,
        entry: &serde_json::Value,
        rating: &NewRating,
        recorded_by: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<EntryId>;
    /// Ends an unanswered request: its link stops working now.
    async fn cancel_rater_request(&self, request: i64, now: DateTime<Utc>) -> StoreResult<()>;
    /// Gives an unanswered request a new token (the old link stops working) and queues the
    /// mail with the new link.
    async fn renew_rater_token(
        &self,
        request: i64,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &NewMail,
    ) -> StoreResult<()>;

    // The audit log (append-only: the schema refuses updates and deletes).
    async fn record_audit(&self, audit: &NewAudit) -> StoreResult<()>;
    async fn audit_of_subject(&self, subject: &str) -> StoreResult<Vec<AuditRow>>;
    async fn audit_of_association(
        &self,
        association: AssociationId,
        limit: i64,
    ) -> StoreResult<Vec<AuditRow>>;

    // The email outbox.
    async fn enqueue_mail(&self, mail: &NewMail) -> StoreResult<MailId>;
    /// Takes up to `limit` mails due at `now` and leases them until `lease_until`, so another
    /// worker (on another node) does not send them at the same time. Mail somebody waits for
    /// comes before bulk mail (reminders, lapse notices), of which at most `bulk_limit` are
    /// taken (the worker's rate for it); the oldest first within each.
    async fn claim_due_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
        bulk_limit: i64,
    ) -> StoreResult<Vec<MailRow>>;
    /// Records what became of a batch of claimed mails, in one transaction.
    async fn record_deliveries(&self, deliveries: &[Delivery]) -> StoreResult<()>;
    async fn mark_mail_sent(&self, id: MailId, at: DateTime<Utc>) -> StoreResult<()>;
    /// Records a failed attempt; `retry_at` None gives up on the mail.
    async fn mark_mail_failed(
        &self,
        id: MailId,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()>;
    async fn mail(&self, id: MailId) -> StoreResult<MailRow>;
    async fn mails_to(&self, recipient: &str) -> StoreResult<Vec<MailRow>>;
    /// Mail given up on after its last attempt, oldest first.
    async fn failed_mails(&self) -> StoreResult<Vec<MailRow>>;
    async fn count_failed_mails(&self) -> StoreResult<i64>;
    /// Queues a failed mail again now, its attempts counted from zero, with the audit row, in
    /// one transaction. `NotFound` unless the mail is failed (pending or sent mail is left).
    async fn resend_mail(&self, id: MailId, audit: &NewAudit) -> StoreResult<()>;

    // Comments and help requests to coordinators.
    /// Stores the message and queues its notification in one transaction.
    async fn add_message(&self, message: &NewMessage, mail: Option<&NewMail>) -> StoreResult<i64>;
    /// The application's thread, oldest first: the applicant's messages and the answers.
    async fn messages_of_application(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<MessageRow>>;
    async fn messages_of_association(
        &self,
        association: AssociationId,
        limit: i64,
    ) -> StoreResult<Vec<MessageRow>>;

    // Membership: the association's record, never the applicant's word.
    /// Records a membership with its audit row in one transaction, closing the person's open
    /// request to that association if there is one; `Conflict` when the association already
    /// has that member number starting that day.
    async fn record_membership(
        &self,
        membership: &NewMembership,
        audit: &NewAudit,
    ) -> StoreResult<i64>;
    /// A person asks the association to record their membership; the dues the association
    /// charges for that type (if any) are fixed on the request, to be paid through
    /// `provider`; the mail (to its coordinator) goes in the same transaction. `Conflict`
    /// while one is open.
    async fn request_membership(
        &self,
        person: PersonId,
        association: AssociationId,
        kind: &str,
        provider: &str,
        at: DateTime<Utc>,
        mail: Option<&NewMail>,
    ) -> StoreResult<i64>;
    /// The dues the association charges, per membership type.
    async fn membership_dues(&self, association: AssociationId) -> StoreResult<Vec<(String, i64)>>;
    /// Replaces the association's dues (a type left out is not charged), with the audit row.
    async fn set_membership_dues(
        &self,
        association: AssociationId,
        dues: &[(String, i64)],
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// A coordinator records the dues of an open request paid. `NotFound` unless the request
    /// is the association's, open, and owes dues not yet paid.
    async fn mark_dues_paid(
        &self,
        request: i64,
        association: AssociationId,
        by: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// A person asks the association to verify their membership in another infant mental
    /// health association from an uploaded proof; the mail goes in the same transaction.
    async fn request_other_membership(
        &self,
        person: PersonId,
        association: AssociationId,
        claim: &OtherMembershipClaim,
        at: DateTime<Utc>,
        mail: Option<&NewMail>,
    ) -> StoreResult<i64>;
    /// The coordinator verified the proof of an open request for membership elsewhere: the
    /// membership is recorded (from today to the day the proof shows), the request closed,
    /// the audit row written, in one transaction. `NotFound` unless the request is open and
    /// the association's.
    async fn verify_other_membership(
        &self,
        request: i64,
        association: AssociationId,
        by: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<i64>;
    /// Ends a membership of the association on `last_day` (not after its own last day), with
    /// the reason and the audit row. `NotFound` unless it is the association's.
    async fn end_membership(
        &self,
        membership: i64,
        association: AssociationId,
        last_day: NaiveDate,
        reason: &str,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// Open requests: the person's own (any association), or an association's.
    async fn open_membership_requests(
        &self,
        person: Option<PersonId>,
        association: Option<AssociationId>,
    ) -> StoreResult<Vec<MembershipRequestRow>>;
    /// The person's memberships in every association, the latest ending first.
    async fn memberships_of(&self, person: PersonId) -> StoreResult<Vec<MembershipRow>>;
    /// Imports a member roster in one transaction: every row, or none. A person not known
    /// yet (by email) gets an account without a password, to set through "forgot password".
    /// A row recorded already exactly so is left alone, so the same file twice changes nothing
    /// (and writes no audit row the second time). `Conflict` names every 0-based row that
    /// clashes with a membership recorded differently (`row 3: …; row 9: …`).
    async fn import_roster(
        &self,
        association: AssociationId,
        rows: &[RosterRow],
        recorded_by: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<usize>;
    /// How many memberships the association holds, and the `limit` latest-recorded.
    async fn memberships_of_association(
        &self,
        association: AssociationId,
        limit: i64,
    ) -> StoreResult<(i64, Vec<MemberListing>)>;

    // Degrees checked against their transcripts by a coordinator.
    /// Records a check with its audit row (and, when another transcript is asked for, the
    /// mail to the applicant) in one transaction.
    async fn record_education_check(
        &self,
        check: &NewEducationCheck,
        audit: &NewAudit,
        mail: Option<&NewMail>,
    ) -> StoreResult<i64>;
    /// Every check of the person's degrees, oldest first (the latest per entry is in force).
    async fn education_checks_of(&self, person: PersonId) -> StoreResult<Vec<EducationCheckRow>>;

    // Uploaded files (the bytes are in object storage).
    async fn add_upload(&self, upload: &NewUpload) -> StoreResult<i64>;
    async fn upload(&self, id: i64) -> StoreResult<UploadRow>;
    async fn uploads_of(&self, person: PersonId) -> StoreResult<Vec<UploadRow>>;

    /// A consistent copy of the database taken while it serves (SQLite only).
    async fn backup_to(&self, path: &std::path::Path) -> StoreResult<()>;

    // An association's registry imported from its earlier records (`import.rs`).
    /// The dry run of an endorsee import: per row, created, changed (and how) or left alone,
    /// and the problems only the stored records show (a number someone else holds, a revoked
    /// endorsement). Writes nothing.
    async fn plan_endorsee_import(
        &self,
        association: AssociationId,
        rows: &[EndorseeRow],
    ) -> StoreResult<EndorseePlan>;
    /// Imports endorsees all or nothing in one transaction: plans again and, with no problem,
    /// creates accounts (without a password), endorsements (new Lattice numbers, the carried
    /// ones kept as former numbers) and renewals, with one audit row giving the counts. With a
    /// problem nothing is written and the returned plan names it. The same rows twice: the
    /// second plan leaves every row alone.
    async fn import_endorsees(
        &self,
        association: AssociationId,
        abbreviation: &str,
        rows: &[EndorseeRow],
        audit: &NewAudit,
    ) -> StoreResult<EndorseePlan>;
    /// The Lattice credential number of the endorsement that carried `former` in before its
    /// import (in the written form of a typed number).
    async fn credential_number_for_former(&self, former: &str) -> StoreResult<String>;
    /// The number an imported endorsement carried in, if it was imported with one.
    async fn former_number_of(&self, endorsement: i64) -> StoreResult<Option<String>>;
    /// The dry run of an applicant import (`import_applicants.rs`): per row, created, changed
    /// or left alone, and the problems only the stored records show (an account that is
    /// someone's own already). Writes nothing.
    async fn plan_applicant_import(
        &self,
        association: AssociationId,
        rows: &[ApplicantRow],
    ) -> StoreResult<ApplicantPlan>;
    /// Imports applicants in progress all or nothing in one transaction: plans again and, with
    /// no problem, makes accounts (without a password), portfolios (each entry marked with
    /// `marker` as `imported_by`), draft applications and invitations (a password-reset link
    /// through the outbox), with one audit row for the file. The same rows twice: the second
    /// plan leaves every row alone and nothing is written, no mail either.
    async fn import_applicants(
        &self,
        association: AssociationId,
        rows: &[ApplicantRow],
        audit: &NewAudit,
        marker: &serde_json::Value,
    ) -> StoreResult<ApplicantPlan>;
    /// The applicants an association imported, oldest first: the person, their application's
    /// id and the portfolio file's name.
    async fn imported_applicants(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<(PersonId, i64, String)>>;
    /// The dry run of [`Store::import_roster`]: what it would record, and the rows that clash
    /// with memberships already recorded. Writes nothing.
    async fn plan_roster_import(
        &self,
        association: AssociationId,
        rows: &[RosterRow],
    ) -> StoreResult<RosterPlan>;
}

/// Dates are stored as ISO text on both backends.
pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
