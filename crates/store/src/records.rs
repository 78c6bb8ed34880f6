//! The rows the store reads and writes. Inputs are `New*`; outputs are `*Row`.

use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::application::State;
use lattice_domain::exam::ReviewerAsScorer;
use lattice_domain::ids::{ApplicationId, AssociationId, AuditId, EntryId, MailId, PersonId};
use lattice_domain::language::Language;
use lattice_domain::rights::StaffRole;

/// One requirement-profile file as stored: the same text as `profiles/*.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSource {
    pub file: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssociationRow {
    pub id: AssociationId,
    pub slug: String,
    pub name: String,
    /// Whether a reviewer may score Part 2 (`ReviewStore::reviewer_as_scorer`): a column of the
    /// same row, read with it so the staff area needs no statement of its own for it.
    pub reviewer_as_scorer: ReviewerAsScorer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub email: String,
    pub name: String,
    /// An argon2id PHC string, or None for a person who has not set a password yet.
    pub password_hash: Option<String>,
    pub admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: PersonId,
    pub email: String,
    pub name: String,
    pub admin: bool,
    pub created_at: DateTime<Utc>,
    /// The language the person chose for pages (and, later, mail); `None` until they choose,
    /// when the browser's own preference decides.
    pub language: Option<Language>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token_hash: String,
    pub person: PersonId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A person's TOTP second factor; the secret stays sealed here (the web layer opens it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactorRow {
    pub person: PersonId,
    pub sealed_secret: String,
    /// None while enrolment waits for the first code.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The latest time step whose code was accepted (codes of it and earlier are spent).
    pub last_step: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub person: PersonId,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// The repeated sections of a portfolio; one stored row per entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Education,
    Trainings,
    Work,
    Rsc,
    References,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Education,
        Section::Trainings,
        Section::Work,
        Section::Rsc,
        Section::References,
    ];

    /// The key of the section in `lattice-portfolio/1`.
    pub fn key(self) -> &'static str {
        match self {
            Section::Education => "education",
            Section::Trainings => "trainings",
            Section::Work => "work",
            Section::Rsc => "rsc",
            Section::References => "references",
        }
    }

    pub fn from_key(key: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryRow {
    pub id: EntryId,
    pub section: Section,
    /// The entry exactly as in `lattice-portfolio/1`.
    pub data: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplication {
    pub person: PersonId,
    pub association: AssociationId,
    /// The category abbreviation (IFS, IMHM-C, ...).
    pub category: String,
    pub intended_submission: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRow {
    pub id: ApplicationId,
    pub person: PersonId,
    pub association: AssociationId,
    pub category: String,
    pub state: State,
    pub intended_submission: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The day whose edition of the rules judges it; `None` means the day it was created.
    pub rules_date: Option<NaiveDate>,
    pub cycle: Option<i64>,
    /// How many times review has started; reviews belong to one round.
    pub review_round: i64,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The lapsed endorsement this application revives, for a reinstatement.
    pub reinstates: Option<i64>,
}

/// One page of an association's queue: its filters, whose assignments (a reviewer who is not
/// the coordinator sees only theirs), and where the page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueQuery {
    pub reviewer: Option<PersonId>,
    pub state: Option<String>,
    pub category: Option<String>,
    pub cycle: Option<i64>,
    /// The last line of the previous page, as (last change, id): the page goes on after it in
    /// the queue's order (newest change first, then id), however many lines came before.
    pub after: Option<(DateTime<Utc>, ApplicationId)>,
    pub limit: i64,
}

/// The queue's totals over every line the viewer may see (not one page), read with counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueTotals {
    /// (state key, how many), in key order.
    pub states: Vec<(String, i64)>,
    pub categories: Vec<String>,
    /// (cycle id, how many), in id order.
    pub cycles: Vec<(i64, i64)>,
}

/// A live session, its person and their active staff roles (association, role), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub session: SessionRow,
    pub person: PersonRow,
    pub staff: Vec<(AssociationId, StaffRole)>,
    /// The one association the person applies to or is endorsed by (None for none, or more
    /// than one): whose brand frames their pages.
    pub home_association: Option<AssociationId>,
    /// Whether the person has any application (of any state) and any endorsement (of any
    /// status): without one, a page has no statement to run for them.
    pub has_applications: bool,
    pub has_endorsements: bool,
}

/// One line of the coordinator's queue: the application, its applicant's name and its assigned
/// reviewers, read together so the queue costs the same number of queries however long it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub application: ApplicationRow,
    pub applicant: String,
    /// The association's name.
    pub association: String,
    pub reviewers: Vec<PersonId>,
}

impl ApplicationRow {
    /// The day whose edition of the association's profile applies to this application.
    pub fn rules_as_of(&self) -> NaiveDate {
        self.rules_date
            .unwrap_or_else(|| self.created_at.date_naive())
    }
}

/// One audit row: who did what to which thing, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAudit {
    pub at: DateTime<Utc>,
    /// None for the system itself (the worker, a migration).
    pub actor: Option<PersonId>,
    pub association: Option<AssociationId>,
    /// What it is about, as `kind:id` (`application:12`, `person:3`).
    pub subject: String,
    pub action: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: AuditId,
    pub at: DateTime<Utc>,
    pub actor: Option<PersonId>,
    pub association: Option<AssociationId>,
    pub subject: String,
    pub action: String,
    pub reason: String,
}

/// At most `max` mails counted under `key` within `window`: a limit on mail that someone
/// other than its recipient can make the service send (a reset request, a rater request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLimit {
    pub key: String,
    pub max: i64,
    pub window: chrono::Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// What became of one claimed mail, recorded with others in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: MailId,
    pub outcome: DeliveryOutcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeliveryOutcome {
    Sent {
        at: DateTime<Utc>,
    },
    /// `retry_at` None gives up on the mail (it is marked failed for staff to see).
    Failed {
        error: String,
        retry_at: Option<DateTime<Utc>>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailStatus {
    Pending,
    Sent,
    Failed,
}

impl MailStatus {
    pub fn key(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRow {
    pub id: MailId,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub status: MailStatus,
    pub attempts: i64,
    /// Bulk mail (reminders, lapse notices) waits behind mail somebody waits for.
    pub bulk: bool,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The unique part of the mail's Message-ID, kept through retries and resends (the mailer
    /// adds `@host`).
    pub message_key: String,
}

impl MailRow {
    /// `bulk` (reminders, lapse notices) or `waited-for`, as the CLI lists it.
    pub fn kind(&self) -> &'static str {
        if self.bulk { "bulk" } else { "waited-for" }
    }
}

/// What a state change brings with it, written in the same transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effects {
    pub mails: Vec<NewMail>,
    pub invoice: Option<NewInvoice>,
    /// The portfolio document frozen for review (at submission).
    pub snapshot: Option<serde_json::Value>,
    /// The endorsement an endorsed application creates.
    pub endorsement: Option<crate::NewEndorsement>,
    /// A reinstatement revives this lapsed endorsement, good through the date.
    pub reinstatement: Option<(i64, NaiveDate)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceKind {
    Registration,
    Processing,
}

impl InvoiceKind {
    pub fn key(self) -> &'static str {
        match self {
            InvoiceKind::Registration => "registration",
            InvoiceKind::Processing => "processing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvoice {
    pub kind: InvoiceKind,
    pub amount_usd: i64,
    /// The payment provider that collects it (`manual`: paid to the association, marked by
    /// the coordinator).
    pub provider: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRow {
    pub id: i64,
    pub application: ApplicationId,
    pub kind: InvoiceKind,
    pub amount_usd: i64,
    pub paid: bool,
    pub provider: String,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// A reference rating as the rater submitted it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRating {
    /// Competency area id to the rater's answer (`"not-enough-information"` among them).
    pub answers: serde_json::Value,
    pub not_enough_info: i64,
    pub comments: String,
    pub known_since: Option<NaiveDate>,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRaterRequest {
    pub application: ApplicationId,
    /// The references entry of the portfolio this rating completes.
    pub entry: Option<EntryId>,
    /// Whether the applicant waived the right to read the rating.
    pub waived: bool,
    pub rater_name: String,
    pub rater_email: String,
    /// A reference role key (`program-supervisor`, ...).
    pub role: String,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The language the applicant chose for the rater: the mail and the rating form use it.
    pub language: Language,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaterRequestRow {
    pub id: i64,
    pub application: ApplicationId,
    pub entry: Option<EntryId>,
    pub waived: bool,
    pub rater_name: String,
    pub rater_email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// When the rating was submitted (the token is spent).
    pub used_at: Option<DateTime<Utc>>,
    /// The coordinator who recorded it from a paper form; `None` when the rater sent it.
    pub recorded_by: Option<PersonId>,
    /// The language of the request's mail and of the rating form.
    pub language: Language,
}

/// An answered rating with the request it answers: what reviewers and coordinators read.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingDetail {
    pub request: RaterRequestRow,
    /// Competency area id to the rater's answer; `{"paper-form": true}` for a paper rating,
    /// whose answers stay on the paper the coordinator holds.
    pub answers: serde_json::Value,
    pub not_enough_info: i64,
    pub comments: String,
    pub known_since: Option<NaiveDate>,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUpload {
    pub person: PersonId,
    pub entry: Option<EntryId>,
    /// `transcript` or `certificate`.
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub object_key: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRow {
    pub id: i64,
    pub person: PersonId,
    pub entry: Option<EntryId>,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub object_key: String,
    pub created_at: DateTime<Utc>,
}

/// A membership as the association records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMembership {
    pub person: PersonId,
    pub association: AssociationId,
    pub member_number: String,
    /// `individual`, `student`, `organizational`, … as the association names its types.
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The coordinator who recorded it; `None` for a roster import run by the system.
    pub recorded_by: Option<PersonId>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRow {
    pub id: i64,
    pub person: PersonId,
    pub association: AssociationId,
    pub association_slug: String,
    pub association_name: String,
    pub member_number: String,
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub recorded_by: Option<PersonId>,
    pub recorded_at: DateTime<Utc>,
    /// Why a coordinator ended it before its last day; `None` while it runs its course.
    pub ended_reason: Option<String>,
    /// Membership in another infant mental health association, verified from the applicant's
    /// proof by this row's association; `None` for the association's own member.
    pub other_association: Option<String>,
}

/// What an applicant says of their membership in another infant mental health association,
/// with the uploaded proof a coordinator checks it against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherMembershipClaim {
    pub association: String,
    pub member_number: String,
    pub valid_until: NaiveDate,
    pub proof_upload: i64,
}

/// A coordinator's check of one degree against its transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEducationCheck {
    pub person: PersonId,
    pub entry: EntryId,
    /// The entry as it was checked: an edit afterwards voids the check.
    pub entry_data: serde_json::Value,
    pub verified: bool,
    pub note: String,
    pub checked_by: PersonId,
    pub checked_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EducationCheckRow {
    pub id: i64,
    pub person: PersonId,
    pub entry: EntryId,
    pub entry_data: serde_json::Value,
    pub verified: bool,
    pub note: String,
    pub checked_by: PersonId,
    pub checked_by_name: String,
    pub checked_at: DateTime<Utc>,
}

/// An open request to join or renew, with who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRequestRow {
    pub id: i64,
    pub person: PersonId,
    pub association: AssociationId,
    pub name: String,
    pub email: String,
    pub kind: String,
    pub requested_at: DateTime<Utc>,
    /// Membership elsewhere, to verify from its proof; `None` to join or renew here.
    pub other: Option<OtherMembershipClaim>,
    /// The dues the request was told, when the association charges them for its type.
    pub dues: Option<DuesRow>,
}

/// Dues owed on a request to join or renew, and whether a coordinator recorded them paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuesRow {
    pub amount_usd: i64,
    /// The payment provider's key (`manual` today).
    pub provider: String,
    pub paid_at: Option<DateTime<Utc>>,
}

/// One line of a member roster, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub member_number: String,
    pub name: String,
    pub email: String,
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// A membership with the member's name and email, for the association's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberListing {
    pub membership: MembershipRow,
    pub name: String,
    pub email: String,
}

/// A comment or help request from an applicant to the coordinators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub person: PersonId,
    pub association: AssociationId,
    pub application: Option<ApplicationId>,
    /// The portfolio section it was written from.
    pub section: String,
    /// `comment`, `help-technical` or `help-process`.
    pub kind: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// The coordinator who answered in the applicant's thread; `None` when the applicant
    /// (`person`) wrote it.
    pub author: Option<PersonId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub id: i64,
    /// The applicant whose thread it is.
    pub person: PersonId,
    pub application: Option<ApplicationId>,
    pub section: String,
    pub kind: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// The coordinator who wrote it, with their name; `None` when the applicant did.
    pub author: Option<(PersonId, String)>,
}
