//! Storage for the coordinator's and reviewers' work: review cycles, reviewer profiles,
//! conflicts of interest, assignments, reviews, exam sittings and sent reminders. It is a
//! supertrait of [`Store`](crate::Store), so every store handle has these methods too.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::exam::ReviewerAsScorer;
use lattice_domain::ids::{ApplicationId, AssociationId, PersonId};
use lattice_domain::language::Language;
use lattice_domain::rights::StaffRole;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::records::{ApplicationRow, NewAudit, NewMail, PersonRow};
use crate::sql::{
    APPLICATION_COLUMNS, MailKind, SqlStore, WriteTx, application_row, date, insert_audit,
    insert_mail_of_kind, insert_mail_where, json, one_row, person_row, reviewer_as_scorer_of,
    role_of, secs, time,
};
use crate::{Store, StoreError, StoreResult, date_text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleRow {
    pub id: i64,
    pub association: AssociationId,
    pub name: String,
    pub submission_deadline: NaiveDate,
    pub review_due: NaiveDate,
}

/// A reviewer of an association with what assignment needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerRow {
    pub person: PersonId,
    pub name: String,
    pub email: String,
    pub employer: String,
    /// Category keys they hold (`II`, `III`, `IV-C`), as entered by a coordinator.
    pub endorsed: Vec<String>,
    /// Assignments on applications still under review without their review.
    pub open_reviews: i64,
}

/// Who declared a conflict: the applicant, the reviewer, or a coordinator (pinned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictSource {
    Applicant,
    Reviewer,
    Coordinator,
}

impl ConflictSource {
    pub fn key(self) -> &'static str {
        match self {
            ConflictSource::Applicant => "applicant",
            ConflictSource::Reviewer => "reviewer",
            ConflictSource::Coordinator => "coordinator",
        }
    }

    fn parse(key: &str) -> StoreResult<ConflictSource> {
        match key {
            "applicant" => Ok(ConflictSource::Applicant),
            "reviewer" => Ok(ConflictSource::Reviewer),
            "coordinator" => Ok(ConflictSource::Coordinator),
            other => Err(StoreError::Other(format!(
                "stored conflict source {other:?}"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConflict {
    pub applicant: PersonId,
    pub reviewer: PersonId,
    pub source: ConflictSource,
    pub reason: String,
    pub by: PersonId,
    pub association: AssociationId,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    pub id: i64,
    pub applicant: PersonId,
    pub applicant_name: String,
    pub reviewer: PersonId,
    pub reviewer_name: String,
    pub source: ConflictSource,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRow {
    pub application: ApplicationId,
    pub reviewer: PersonId,
    pub reviewer_name: String,
    pub due_on: Option<NaiveDate>,
    pub assigned_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewReview {
    pub application: ApplicationId,
    pub round: i64,
    pub reviewer: PersonId,
    pub association: AssociationId,
    /// The domain's `Recommendation`, as JSON.
    pub recommendation: serde_json::Value,
    /// Requirements and competency areas the reviewer checked off, as JSON.
    pub checklist: serde_json::Value,
    pub comments: String,
    pub at: DateTime<Utc>,
    /// The coordinator's notice that the decision is theirs, queued in the review's own
    /// transaction when this review is the round's second, and only then.
    pub when_round_complete: Option<NewMail>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub application: ApplicationId,
    pub round: i64,
    pub reviewer: PersonId,
    pub reviewer_name: String,
    pub recommendation: serde_json::Value,
    pub checklist: serde_json::Value,
    pub comments: String,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSitting {
    pub application: ApplicationId,
    pub association: AssociationId,
    pub sat_on: NaiveDate,
    pub blind_code: String,
    /// The two Part 2 scorers, in slot order.
    pub scorers: [PersonId; 2],
    pub by: PersonId,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorerRow {
    pub scorer: PersonId,
    pub scorer_name: String,
    pub slot: i64,
    /// Rubric scores for the first and second answer, once given.
    pub scores: Option<[u32; 2]>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SittingRow {
    pub id: i64,
    pub application: ApplicationId,
    pub sat_on: NaiveDate,
    pub blind_code: String,
    pub part1_wrong: Option<u32>,
    /// The two Part 2 answers as transcribed for the scorers, without the examinee's name.
    pub answers: String,
    /// `pending`, `passed` or `failed`.
    pub result: String,
    pub scorers: Vec<ScorerRow>,
    /// Where, when and how: what the applicant is told.
    pub details: SittingDetails,
}

/// What the applicant is told about a sitting beyond its date. The web layer checks that a
/// place or an online link is given; sittings scheduled before these were kept have them empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SittingDetails {
    /// "HH:MM", local to the place.
    pub starts_at: String,
    pub place: String,
    pub online_link: String,
    pub instructions: String,
    /// What to bring.
    pub bring: String,
}

/// One submitted Part 2 score, kept for good: the one in force has no `reopened_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreVersionRow {
    pub scorer: PersonId,
    pub scorer_name: String,
    pub scores: [u32; 2],
    pub scored_at: DateTime<Utc>,
    pub reopened_at: Option<DateTime<Utc>>,
    pub reopened_by: Option<String>,
    pub reopen_reason: String,
}

/// An accommodation the applicant asked for and what the coordinator decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccommodationRow {
    pub id: i64,
    pub application: ApplicationId,
    pub request: String,
    pub requested_at: DateTime<Utc>,
    /// `pending`, `granted` or `declined`.
    pub decision: String,
    pub note: String,
    pub decided_at: Option<DateTime<Utc>>,
}

/// A period in which the association offers the exam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamWindowRow {
    pub id: i64,
    pub association: AssociationId,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    pub place: String,
}

/// An association's review cycles and exam windows, each in the order `cycles` and
/// `exam_windows` give them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    pub cycles: Vec<CycleRow>,
    pub exam_windows: Vec<ExamWindowRow>,
}

/// An association's active staff, one line per role held, by role and name; and those of them
/// who review, by name, with what assignment needs to know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffList {
    pub staff: Vec<(PersonRow, StaffRole)>,
    pub reviewers: Vec<ReviewerRow>,
}

/// A rating request neither completed nor cancelled, as the reminder pass reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRequestFact {
    pub id: i64,
    pub application: ApplicationId,
    pub rater_name: String,
    pub rater_email: String,
    pub sent_at: DateTime<Utc>,
    /// The language the applicant chose for the rater: the reminder comes in it too.
    pub language: Language,
}

/// What the reminder worker looks at, across every association.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReminderFacts {
    /// Confirmed applications with an intended submission date (on the row): (application,
    /// applicant email, applicant name).
    pub confirmed: Vec<(ApplicationRow, String, String)>,
    /// Rating requests neither completed nor cancelled.
    pub open_requests: Vec<OpenRequestFact>,
    /// Assignments with a due date and no review in the current round: (application,
    /// reviewer, reviewer email, due).
    pub open_reviews: Vec<(ApplicationId, PersonId, String, NaiveDate)>,
    /// Memberships ending from today to 30 days on with no later record for the person and
    /// association: (membership id, member email, member name, association name, last day).
    pub ending_memberships: Vec<(i64, String, String, String, NaiveDate)>,
}

#[async_trait]
pub trait ReviewStore: Send + Sync {
    // Review cycles.
    async fn create_cycle(
        &self,
        association: AssociationId,
        name: &str,
        submission_deadline: NaiveDate,
        review_due: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn cycles(&self, association: AssociationId) -> StoreResult<Vec<CycleRow>>;
    /// The association's review cycles and exam windows, in one statement: the staff area
    /// shows both, and every statement is a round trip.
    async fn calendar(&self, association: AssociationId) -> StoreResult<Calendar>;
    /// Puts an application in a cycle of its own association (`None` takes it out).
    async fn set_cycle(
        &self,
        application: ApplicationId,
        cycle: Option<i64>,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// Keeps an application on an earlier (or later) edition of the rules.
    async fn set_rules_date(
        &self,
        application: ApplicationId,
        rules_date: NaiveDate,
        audit: &NewAudit,
    ) -> StoreResult<()>;

    // Reviewers and conflicts.
    async fn set_reviewer_profile(
        &self,
        person: PersonId,
        employer: &str,
        endorsed: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn reviewers_of(&self, association: AssociationId) -> StoreResult<Vec<ReviewerRow>>;
    /// The association's active staff with their roles (as `Store::staff_of` lists them) and
    /// its reviewers (as `reviewers_of`), in one statement: the staff area shows both.
    async fn staff_and_reviewers(&self, association: AssociationId) -> StoreResult<StaffList>;
    async fn add_conflict(&self, conflict: &NewConflict) -> StoreResult<i64>;
    /// Removes a conflict if `allowed` includes its source; a pinned one stays for applicants.
    async fn remove_conflict(
        &self,
        id: i64,
        allowed: &[ConflictSource],
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// Conflicts in force where the person is the applicant or the reviewer.
    async fn conflicts_of(&self, person: PersonId) -> StoreResult<Vec<ConflictRow>>;

    // Assignments and reviews.
    /// Assigns every pair or none: one transaction, one audit row per pair. Without `due_on`,
    /// each review is due on its application's cycle's review date, if it has a cycle.
    async fn assign_reviewers(
        &self,
        pairs: &[(ApplicationId, PersonId)],
        due_on: Option<NaiveDate>,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn unassign_reviewer(
        &self,
        application: ApplicationId,
        reviewer: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    async fn assignments(&self, application: ApplicationId) -> StoreResult<Vec<AssignmentRow>>;
    async fn submit_review(&self, review: &NewReview) -> StoreResult<()>;
    async fn reviews(&self, application: ApplicationId, round: i64) -> StoreResult<Vec<ReviewRow>>;
    async fn reviews_of_association(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<ReviewRow>>;

    // Exams.
    async fn create_exam_window(
        &self,
        association: AssociationId,
        opens: NaiveDate,
        closes: NaiveDate,
        place: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn exam_windows(&self, association: AssociationId) -> StoreResult<Vec<ExamWindowRow>>;
    async fn reviewer_as_scorer(&self, association: AssociationId)
    -> StoreResult<ReviewerAsScorer>;
    async fn set_reviewer_as_scorer(
        &self,
        association: AssociationId,
        policy: ReviewerAsScorer,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    async fn create_sitting(&self, sitting: &NewSitting) -> StoreResult<i64>;
    async fn sittings(&self, application: ApplicationId) -> StoreResult<Vec<SittingRow>>;
    async fn sitting(&self, id: i64) -> StoreResult<SittingRow>;
    /// Sittings where this person scores Part 2, with nothing that names the examinee.
    async fn sittings_for_scorer(&self, scorer: PersonId) -> StoreResult<Vec<SittingRow>>;
    async fn record_part1(
        &self,
        sitting: i64,
        wrong: u32,
        answers: &str,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    async fn score_part2(
        &self,
        sitting: i64,
        scorer: PersonId,
        scores: [u32; 2],
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn set_sitting_result(&self, sitting: i64, result: &str) -> StoreResult<()>;
    /// Creates the sitting with what the applicant is told, audited, and queues `mails` (the
    /// applicant's notice) in the same transaction, so a sitting is never scheduled unsaid.
    async fn schedule_sitting(
        &self,
        sitting: &NewSitting,
        details: &SittingDetails,
        mails: &[NewMail],
    ) -> StoreResult<i64>;
    /// Moves a pending sitting to another date and details, audited, with its mails.
    /// `NotFound` once the sitting is decided.
    async fn reschedule_sitting(
        &self,
        sitting: i64,
        sat_on: NaiveDate,
        details: &SittingDetails,
        audit: &NewAudit,
        mails: &[NewMail],
    ) -> StoreResult<()>;
    /// Every score submitted for the sitting, oldest first, reopened ones included.
    async fn score_versions(&self, sitting: i64) -> StoreResult<Vec<ScoreVersionRow>>;
    /// A coordinator reopens a submitted score so its scorer can submit again: the version in
    /// force is marked reopened (kept), the score in force cleared, and the audit written.
    /// `NotFound` for a decided sitting or an unknown scorer; `Conflict` when nothing is
    /// submitted to reopen.
    async fn reopen_score(
        &self,
        sitting: i64,
        scorer: PersonId,
        by: PersonId,
        reason: &str,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    async fn request_accommodation(
        &self,
        application: ApplicationId,
        request: &str,
        audit: &NewAudit,
        mails: &[NewMail],
    ) -> StoreResult<i64>;
    /// Grants or declines a pending request once; `Conflict` if already decided, `NotFound` if
    /// it is not this application's.
    #[expect(
        clippy::too_many_arguments,
        reason = "one use case, each argument a fact of it"
    )]
    async fn decide_accommodation(
        &self,
        application: ApplicationId,
        id: i64,
        granted: bool,
        note: &str,
        by: PersonId,
        audit: &NewAudit,
        mails: &[NewMail],
    ) -> StoreResult<()>;
    async fn accommodations(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<AccommodationRow>>;

    // Reminders.
    async fn reminder_facts(&self, now: DateTime<Utc>) -> StoreResult<ReminderFacts>;
    /// Records the reminder `key` and queues its mails in one transaction; `false` when the key
    /// was already sent, in which case nothing is queued.
    async fn send_reminder(
        &self,
        key: &str,
        mails: &[NewMail],
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// `send_reminder` for many keys in one transaction (a page of the yearly pass); returns
    /// how many new keys queued mail (a key recorded without mail marks a passed-over one).
    async fn send_reminders(
        &self,
        reminders: &[(String, Vec<NewMail>)],
        at: DateTime<Utc>,
    ) -> StoreResult<usize>;
    /// Whether the reminder `key` was recorded (a pass already done today, say).
    async fn reminder_recorded(&self, key: &str) -> StoreResult<bool>;
}

/// An association's cycles and its exam windows under the same column names, so the two can be
/// read alone or as one `UNION ALL` (`kind` tells their lines apart).
const CYCLES: &str = "SELECT 'cycle' AS kind, id, association_id, name, \
     submission_deadline AS starts, review_due AS ends, '' AS place FROM review_cycles \
     WHERE association_id = $1";
const EXAM_WINDOWS: &str = "SELECT 'window' AS kind, id, association_id, '' AS name, \
     opens AS starts, closes AS ends, place FROM exam_windows WHERE association_id = $1";

fn cycle_row(row: &AnyRow) -> StoreResult<CycleRow> {
    Ok(CycleRow {
        id: row.try_get("id")?,
        association: AssociationId(row.try_get("association_id")?),
        name: row.try_get("name")?,
        submission_deadline: required_date(row.try_get("starts")?)?,
        review_due: required_date(row.try_get("ends")?)?,
    })
}

fn exam_window_row(row: &AnyRow) -> StoreResult<ExamWindowRow> {
    Ok(ExamWindowRow {
        id: row.try_get("id")?,
        association: AssociationId(row.try_get("association_id")?),
        opens: required_date(row.try_get("starts")?)?,
        closes: required_date(row.try_get("ends")?)?,
        place: row.try_get("place")?,
    })
}

fn required_date(text: String) -> StoreResult<NaiveDate> {
    date(Some(text))?.ok_or_else(|| StoreError::Other("missing date".to_string()))
}

fn review_row(row: &AnyRow) -> StoreResult<ReviewRow> {
    let recommendation: String = row.try_get("recommendation")?;
    let checklist: String = row.try_get("checklist")?;
    Ok(ReviewRow {
        application: ApplicationId(row.try_get("application_id")?),
        round: row.try_get("round")?,
        reviewer: PersonId(row.try_get("reviewer_id")?),
        reviewer_name: row.try_get("name")?,
        recommendation: json(&recommendation)?,
        checklist: json(&checklist)?,
        comments: row.try_get("comments")?,
        submitted_at: time(row.try_get("submitted_at")?)?,
    })
}

fn score(value: Option<i64>) -> StoreResult<Option<u32>> {
    value
        .map(|v| u32::try_from(v).map_err(|_| StoreError::Other(format!("stored score {v}"))))
        .transpose()
}

const SITTING_COLUMNS: &str = "s.id, s.application_id, s.sat_on, s.blind_code, s.part1_wrong, \
     s.answers, s.result, s.starts_at, s.place, s.online_link, s.instructions, s.bring";

impl SqlStore {
    async fn sitting_rows(&self, rows: Vec<AnyRow>) -> StoreResult<Vec<SittingRow>> {
        let mut sittings = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let scorers = sqlx::query(
                "SELECT x.scorer_id, p.name, x.slot, x.first_score, x.second_score \
                 FROM exam_scorers x JOIN people p ON p.id = x.scorer_id \
                 WHERE x.sitting_id = $1 ORDER BY x.slot",
            )
            .bind(id)
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(|r| {
                let first = score(r.try_get("first_score")?)?;
                let second = score(r.try_get("second_score")?)?;
                Ok(ScorerRow {
                    scorer: PersonId(r.try_get("scorer_id")?),
                    scorer_name: r.try_get("name")?,
                    slot: r.try_get("slot")?,
                    scores: first.zip(second).map(|(a, b)| [a, b]),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
            sittings.push(SittingRow {
                id,
                application: ApplicationId(row.try_get("application_id")?),
                sat_on: required_date(row.try_get("sat_on")?)?,
                blind_code: row.try_get("blind_code")?,
                part1_wrong: score(row.try_get("part1_wrong")?)?,
                answers: row.try_get("answers")?,
                result: row.try_get("result")?,
                scorers,
                details: SittingDetails {
                    starts_at: row.try_get("starts_at")?,
                    place: row.try_get("place")?,
                    online_link: row.try_get("online_link")?,
                    instructions: row.try_get("instructions")?,
                    bring: row.try_get("bring")?,
                },
            });
        }
        Ok(sittings)
    }
}

#[async_trait]
impl ReviewStore for SqlStore {
    async fn create_cycle(
        &self,
        association: AssociationId,
        name: &str,
        submission_deadline: NaiveDate,
        review_due: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO review_cycles (association_id, name, submission_deadline, review_due, \
             created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(association.0)
        .bind(name)
        .bind(date_text(submission_deadline))
        .bind(date_text(review_due))
        .bind(secs(at))
        .fetch_one(&mut *self.autocommit().await?)
        .await?)
    }

    async fn cycles(&self, association: AssociationId) -> StoreResult<Vec<CycleRow>> {
        sqlx::query(&format!("{CYCLES} ORDER BY starts, id"))
            .bind(association.0)
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(cycle_row)
            .collect()
    }

    async fn calendar(&self, association: AssociationId) -> StoreResult<Calendar> {
        let mut calendar = Calendar::default();
        for row in sqlx::query(&format!(
            "{CYCLES} UNION ALL {EXAM_WINDOWS} ORDER BY kind, starts, id"
        ))
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        {
            match row.try_get::<String, _>("kind")?.as_str() {
                "cycle" => calendar.cycles.push(cycle_row(&row)?),
                _ => calendar.exam_windows.push(exam_window_row(&row)?),
            }
        }
        Ok(calendar)
    }

    async fn set_cycle(
        &self,
        application: ApplicationId,
        cycle: Option<i64>,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // The cycle must belong to the application's own association.
        let done = sqlx::query(
            "UPDATE applications SET cycle_id = $1 WHERE id = $2 AND ($1 IS NULL OR EXISTS \
             (SELECT 1 FROM review_cycles c WHERE c.id = $1 \
              AND c.association_id = applications.association_id))",
        )
        .bind(cycle)
        .bind(application.0)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_rules_date(
        &self,
        application: ApplicationId,
        rules_date: NaiveDate,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE applications SET rules_date = $1 WHERE id = $2")
            .bind(date_text(rules_date))
            .bind(application.0)
            .execute(&mut *tx)
            .await?;
        one_row(done.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_reviewer_profile(
        &self,
        person: PersonId,
        employer: &str,
        endorsed: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO reviewer_profiles (person_id, employer, endorsed, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO UPDATE SET \
             employer = excluded.employer, endorsed = excluded.endorsed, \
             updated_at = excluded.updated_at",
        )
        .bind(person.0)
        .bind(employer.trim())
        .bind(endorsed.join(","))
        .bind(secs(at))
        .execute(&mut *self.autocommit().await?)
        .await?;
        Ok(())
    }

    async fn reviewers_of(&self, association: AssociationId) -> StoreResult<Vec<ReviewerRow>> {
        Ok(self.staff_and_reviewers(association).await?.reviewers)
    }

    async fn staff_and_reviewers(&self, association: AssociationId) -> StoreResult<StaffList> {
        // Open reviews in every association (a reviewer's whole load), from the counts the
        // triggers of migration 20261203000020 keep: counting them here read every assignment.
        // Ordered by role, then name and id, so the reviewer lines are in `reviewers_of`'s order
        // (name, id) as the database collates names.
        let rows = sqlx::query(
            "SELECT p.id, p.email, p.name, p.admin, p.created_at, p.language, s.role, \
             COALESCE(r.employer, '') AS employer, COALESCE(r.endorsed, '') AS endorsed, \
             CASE WHEN s.role = 'reviewer' THEN \
               (SELECT CAST(COALESCE(SUM(o.n), 0) AS BIGINT) FROM reviewer_open_reviews o \
                WHERE o.reviewer_id = p.id) END AS open_reviews \
             FROM staff_roles s JOIN people p ON p.id = s.person_id \
             LEFT JOIN reviewer_profiles r ON r.person_id = p.id \
             WHERE s.association_id = $1 AND s.status = 'active' \
             ORDER BY s.role, p.name, p.id",
        )
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        let mut list = StaffList::default();
        for row in &rows {
            let person = person_row(row)?;
            let role = role_of(row)?;
            if role == StaffRole::Reviewer {
                let endorsed: String = row.try_get("endorsed")?;
                list.reviewers.push(ReviewerRow {
                    person: person.id,
                    name: person.name.clone(),
                    email: person.email.clone(),
                    employer: row.try_get("employer")?,
                    endorsed: endorsed
                        .split(',')
                        .filter(|t| !t.is_empty())
                        .map(str::to_string)
                        .collect(),
                    open_reviews: row.try_get("open_reviews")?,
                });
            }
            list.staff.push((person, role));
        }
        Ok(list)
    }

    async fn add_conflict(&self, conflict: &NewConflict) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO conflicts (applicant_id, reviewer_id, source, reason, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(conflict.applicant.0)
        .bind(conflict.reviewer.0)
        .bind(conflict.source.key())
        .bind(&conflict.reason)
        .bind(conflict.by.0)
        .bind(secs(conflict.at))
        .fetch_one(&mut *tx)
        .await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at: conflict.at,
                actor: Some(conflict.by),
                association: Some(conflict.association),
                subject: format!("person:{}", conflict.applicant),
                action: format!("conflict-{}", conflict.source.key()),
                reason: format!("reviewer person:{}: {}", conflict.reviewer, conflict.reason),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn remove_conflict(
        &self,
        id: i64,
        allowed: &[ConflictSource],
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let source: String =
            sqlx::query_scalar("SELECT source FROM conflicts WHERE id = $1 AND removed_at IS NULL")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if !allowed.contains(&ConflictSource::parse(&source)?) {
            return Err(StoreError::Conflict(format!(
                "this conflict was declared by the {source}; you cannot remove it"
            )));
        }
        sqlx::query("UPDATE conflicts SET removed_at = $1 WHERE id = $2")
            .bind(secs(audit.at))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn conflicts_of(&self, person: PersonId) -> StoreResult<Vec<ConflictRow>> {
        sqlx::query(
            "SELECT c.id, c.applicant_id, a.name AS applicant_name, c.reviewer_id, \
             r.name AS reviewer_name, c.source, c.reason, c.created_at FROM conflicts c \
             JOIN people a ON a.id = c.applicant_id JOIN people r ON r.id = c.reviewer_id \
             WHERE c.removed_at IS NULL AND (c.applicant_id = $1 OR c.reviewer_id = $1) \
             ORDER BY c.id",
        )
        .bind(person.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            let source: String = row.try_get("source")?;
            Ok(ConflictRow {
                id: row.try_get("id")?,
                applicant: PersonId(row.try_get("applicant_id")?),
                applicant_name: row.try_get("applicant_name")?,
                reviewer: PersonId(row.try_get("reviewer_id")?),
                reviewer_name: row.try_get("reviewer_name")?,
                source: ConflictSource::parse(&source)?,
                reason: row.try_get("reason")?,
                created_at: time(row.try_get("created_at")?)?,
            })
        })
        .collect()
    }

    async fn assign_reviewers(
        &self,
        pairs: &[(ApplicationId, PersonId)],
        due_on: Option<NaiveDate>,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for &(application, reviewer) in pairs {
            let association: i64 = sqlx::query_scalar(
                // Without a date of its own, a review is due when the application's cycle says.
                "INSERT INTO application_reviewers (application_id, person_id, assigned_at, \
                 due_on) VALUES ($1, $2, $3, COALESCE($4, (SELECT c.review_due \
                 FROM review_cycles c JOIN applications a ON a.cycle_id = c.id WHERE a.id = $1))) \
                 RETURNING (SELECT association_id FROM applications WHERE id = $1)",
            )
            .bind(application.0)
            .bind(reviewer.0)
            .bind(secs(at))
            .bind(due_on.map(date_text))
            .fetch_one(&mut *tx)
            .await?;
            insert_audit(
                &mut tx,
                &NewAudit {
                    at,
                    actor: Some(by),
                    association: Some(AssociationId(association)),
                    subject: format!("application:{application}"),
                    action: "assign-reviewer".to_string(),
                    reason: format!("person:{reviewer}"),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn unassign_reviewer(
        &self,
        application: ApplicationId,
        reviewer: PersonId,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "DELETE FROM application_reviewers WHERE application_id = $1 AND person_id = $2",
        )
        .bind(application.0)
        .bind(reviewer.0)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn assignments(&self, application: ApplicationId) -> StoreResult<Vec<AssignmentRow>> {
        sqlx::query(
            "SELECT ar.application_id, ar.person_id, p.name, ar.due_on, ar.assigned_at \
             FROM application_reviewers ar JOIN people p ON p.id = ar.person_id \
             WHERE ar.application_id = $1 ORDER BY ar.assigned_at, p.id",
        )
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok(AssignmentRow {
                application: ApplicationId(row.try_get("application_id")?),
                reviewer: PersonId(row.try_get("person_id")?),
                reviewer_name: row.try_get("name")?,
                due_on: date(row.try_get("due_on")?)?,
                assigned_at: time(row.try_get("assigned_at")?)?,
            })
        })
        .collect()
    }

    async fn submit_review(&self, review: &NewReview) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        if self.backend() == crate::backend::Backend::Postgres {
            // Two reviewers saving at once would each count only their own review under READ
            // COMMITTED and neither would queue the notice; the application's row makes them
            // count in turn (SQLite's writer's turn already does).
            sqlx::query("SELECT id FROM applications WHERE id = $1 FOR UPDATE")
                .bind(review.application.0)
                .fetch_optional(&mut *tx)
                .await?;
        }
        if let Some(mail) = &review.when_round_complete {
            // Before this review goes in, exactly one of the round means this one is second.
            insert_mail_where(
                &mut tx,
                mail,
                "(SELECT COUNT(*) FROM reviews WHERE application_id = $6 AND round = $7) = 1",
                &[review.application.0, review.round],
            )
            .await?;
        }
        insert_audit(
            &mut tx,
            &NewAudit {
                at: review.at,
                actor: Some(review.reviewer),
                association: Some(review.association),
                subject: format!("application:{}", review.application),
                action: "submit-review".to_string(),
                // The recommendation stays out of the trail: the history is shown to the
                // applicant and to the other reviewer, and reviews are blind.
                reason: String::new(),
            },
        )
        .await?;
        // Only an assigned reviewer, on the application's current round, while under review.
        let done = sqlx::query(
            "INSERT INTO reviews (application_id, round, reviewer_id, recommendation, checklist, \
             comments, submitted_at) SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS \
             (SELECT 1 FROM applications a JOIN application_reviewers ar \
              ON ar.application_id = a.id WHERE a.id = $1 AND ar.person_id = $3 \
              AND a.review_round = $2 AND a.state = 'under-review')",
        )
        .bind(review.application.0)
        .bind(review.round)
        .bind(review.reviewer.0)
        .bind(review.recommendation.to_string())
        .bind(review.checklist.to_string())
        .bind(&review.comments)
        .bind(secs(review.at))
        .execute(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(
                "you already sent your review of this application for this round; a review is sent once"
                    .to_string(),
            ),
            other => other,
        })?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "this application is no longer waiting for your review".to_string(),
            ));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn reviews(&self, application: ApplicationId, round: i64) -> StoreResult<Vec<ReviewRow>> {
        sqlx::query(
            "SELECT v.application_id, v.round, v.reviewer_id, p.name, v.recommendation, \
             v.checklist, v.comments, v.submitted_at FROM reviews v \
             JOIN people p ON p.id = v.reviewer_id \
             WHERE v.application_id = $1 AND v.round = $2 ORDER BY v.submitted_at, p.id",
        )
        .bind(application.0)
        .bind(round)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(review_row)
        .collect()
    }

    async fn reviews_of_association(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<ReviewRow>> {
        sqlx::query(
            "SELECT v.application_id, v.round, v.reviewer_id, p.name, v.recommendation, \
             v.checklist, v.comments, v.submitted_at FROM reviews v \
             JOIN people p ON p.id = v.reviewer_id \
             JOIN applications a ON a.id = v.application_id \
             WHERE a.association_id = $1 ORDER BY v.application_id, v.round, v.submitted_at",
        )
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(review_row)
        .collect()
    }

    async fn create_exam_window(
        &self,
        association: AssociationId,
        opens: NaiveDate,
        closes: NaiveDate,
        place: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO exam_windows (association_id, opens, closes, place, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(association.0)
        .bind(date_text(opens))
        .bind(date_text(closes))
        .bind(place)
        .bind(secs(at))
        .fetch_one(&mut *self.autocommit().await?)
        .await?)
    }

    async fn exam_windows(&self, association: AssociationId) -> StoreResult<Vec<ExamWindowRow>> {
        sqlx::query(&format!("{EXAM_WINDOWS} ORDER BY starts, id"))
            .bind(association.0)
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(exam_window_row)
            .collect()
    }

    async fn reviewer_as_scorer(
        &self,
        association: AssociationId,
    ) -> StoreResult<ReviewerAsScorer> {
        let key: String = sqlx::query("SELECT reviewer_as_scorer FROM associations WHERE id = $1")
            .bind(association.0)
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or(StoreError::NotFound)?
            .try_get("reviewer_as_scorer")?;
        reviewer_as_scorer_of(&key)
    }

    async fn set_reviewer_as_scorer(
        &self,
        association: AssociationId,
        policy: ReviewerAsScorer,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query("UPDATE associations SET reviewer_as_scorer = $1 WHERE id = $2")
            .bind(policy.key())
            .bind(association.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        one_row(changed)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_sitting(&self, sitting: &NewSitting) -> StoreResult<i64> {
        self.schedule_sitting(sitting, &SittingDetails::default(), &[])
            .await
    }

    async fn sittings(&self, application: ApplicationId) -> StoreResult<Vec<SittingRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {SITTING_COLUMNS} FROM exam_sittings s WHERE s.application_id = $1 \
             ORDER BY s.id"
        ))
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        self.sitting_rows(rows).await
    }

    async fn sitting(&self, id: i64) -> StoreResult<SittingRow> {
        let rows = sqlx::query(&format!(
            "SELECT {SITTING_COLUMNS} FROM exam_sittings s WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        self.sitting_rows(rows)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    async fn sittings_for_scorer(&self, scorer: PersonId) -> StoreResult<Vec<SittingRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {SITTING_COLUMNS} FROM exam_sittings s \
             JOIN exam_scorers x ON x.sitting_id = s.id WHERE x.scorer_id = $1 \
             ORDER BY s.sat_on DESC, s.id"
        ))
        .bind(scorer.0)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        self.sitting_rows(rows).await
    }

    async fn record_part1(
        &self,
        sitting: i64,
        wrong: u32,
        answers: &str,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE exam_sittings SET part1_wrong = $1, answers = $2 \
             WHERE id = $3 AND result = 'pending'",
        )
        .bind(i64::from(wrong))
        .bind(answers)
        .bind(sitting)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn score_part2(
        &self,
        sitting: i64,
        scorer: PersonId,
        scores: [u32; 2],
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        // A submitted score is final: re-saving one could flip a result after the fact. Only a
        // coordinator's reopen (kept in exam_score_versions) clears it for a new submission.
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE exam_scorers SET first_score = $1, second_score = $2, scored_at = $3 \
             WHERE sitting_id = $4 AND scorer_id = $5 AND first_score IS NULL AND EXISTS \
             (SELECT 1 FROM exam_sittings s WHERE s.id = $4 AND s.result = 'pending')",
        )
        .bind(i64::from(scores[0]))
        .bind(i64::from(scores[1]))
        .bind(secs(at))
        .bind(sitting)
        .bind(scorer.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let scored: Option<Option<i64>> = sqlx::query_scalar(
                "SELECT x.first_score FROM exam_scorers x \
                 JOIN exam_sittings s ON s.id = x.sitting_id \
                 WHERE x.sitting_id = $1 AND x.scorer_id = $2 AND s.result = 'pending'",
            )
            .bind(sitting)
            .bind(scorer.0)
            .fetch_optional(&mut *tx)
            .await?;
            return Err(match scored {
                Some(Some(_)) => StoreError::Conflict(
                    "this score was submitted and is final; a coordinator may reopen it"
                        .to_string(),
                ),
                _ => StoreError::NotFound,
            });
        }
        sqlx::query(
            "INSERT INTO exam_score_versions (sitting_id, scorer_id, first_score, second_score, \
             scored_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(sitting)
        .bind(scorer.0)
        .bind(i64::from(scores[0]))
        .bind(i64::from(scores[1]))
        .bind(secs(at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_sitting_result(&self, sitting: i64, result: &str) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE exam_sittings SET result = $1 WHERE id = $2 AND result = 'pending'",
        )
        .bind(result)
        .bind(sitting)
        .execute(&mut *self.autocommit().await?)
        .await?;
        one_row(done.rows_affected())
    }

    async fn schedule_sitting(
        &self,
        sitting: &NewSitting,
        details: &SittingDetails,
        mails: &[NewMail],
    ) -> StoreResult<i64> {
        if sitting.scorers[0] == sitting.scorers[1] {
            return Err(StoreError::Conflict(
                "Part 2 needs two different scorers".to_string(),
            ));
        }
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO exam_sittings (application_id, sat_on, blind_code, created_at, \
             starts_at, place, online_link, instructions, bring) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(sitting.application.0)
        .bind(date_text(sitting.sat_on))
        .bind(&sitting.blind_code)
        .bind(secs(sitting.at))
        .bind(&details.starts_at)
        .bind(&details.place)
        .bind(&details.online_link)
        .bind(&details.instructions)
        .bind(&details.bring)
        .fetch_one(&mut *tx)
        .await?;
        for (slot, scorer) in sitting.scorers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO exam_scorers (sitting_id, scorer_id, slot) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(scorer.0)
            .bind(slot as i64)
            .execute(&mut *tx)
            .await?;
        }
        insert_audit(
            &mut tx,
            &NewAudit {
                at: sitting.at,
                actor: Some(sitting.by),
                association: Some(sitting.association),
                subject: format!("application:{}", sitting.application),
                action: "schedule-exam".to_string(),
                // No blind code: the application's history is read by reviewers who may score.
                reason: format!("sitting on {}", sitting.sat_on),
            },
        )
        .await?;
        queue_waited(&mut tx, mails).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn reschedule_sitting(
        &self,
        sitting: i64,
        sat_on: NaiveDate,
        details: &SittingDetails,
        audit: &NewAudit,
        mails: &[NewMail],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE exam_sittings SET sat_on = $1, starts_at = $2, place = $3, online_link = $4, \
             instructions = $5, bring = $6 WHERE id = $7 AND result = 'pending'",
        )
        .bind(date_text(sat_on))
        .bind(&details.starts_at)
        .bind(&details.place)
        .bind(&details.online_link)
        .bind(&details.instructions)
        .bind(&details.bring)
        .bind(sitting)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        commit_with_notice(tx, audit, mails).await?;
        Ok(())
    }

    async fn score_versions(&self, sitting: i64) -> StoreResult<Vec<ScoreVersionRow>> {
        sqlx::query(
            "SELECT v.scorer_id, p.name, v.first_score, v.second_score, v.scored_at, \
             v.reopened_at, r.name AS reopened_by, v.reopen_reason \
             FROM exam_score_versions v JOIN people p ON p.id = v.scorer_id \
             LEFT JOIN people r ON r.id = v.reopened_by \
             WHERE v.sitting_id = $1 ORDER BY v.id",
        )
        .bind(sitting)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|r| {
            let first = score(Some(r.try_get("first_score")?))?.unwrap_or_default();
            let second = score(Some(r.try_get("second_score")?))?.unwrap_or_default();
            Ok(ScoreVersionRow {
                scorer: PersonId(r.try_get("scorer_id")?),
                scorer_name: r.try_get("name")?,
                scores: [first, second],
                scored_at: time(r.try_get("scored_at")?)?,
                reopened_at: r
                    .try_get::<Option<i64>, _>("reopened_at")?
                    .map(time)
                    .transpose()?,
                reopened_by: r.try_get("reopened_by")?,
                reopen_reason: r.try_get("reopen_reason")?,
            })
        })
        .collect()
    }

    async fn reopen_score(
        &self,
        sitting: i64,
        scorer: PersonId,
        by: PersonId,
        reason: &str,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let scored: Option<i64> = sqlx::query_scalar(
            "SELECT x.first_score FROM exam_scorers x JOIN exam_sittings s ON s.id = x.sitting_id \
             WHERE x.sitting_id = $1 AND x.scorer_id = $2 AND s.result = 'pending'",
        )
        .bind(sitting)
        .bind(scorer.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if scored.is_none() {
            return Err(StoreError::Conflict(
                "this scorer has not submitted a score to reopen".to_string(),
            ));
        }
        sqlx::query(
            "UPDATE exam_score_versions SET reopened_at = $1, reopened_by = $2, reopen_reason = $3 \
             WHERE id = (SELECT MAX(id) FROM exam_score_versions \
             WHERE sitting_id = $4 AND scorer_id = $5 AND reopened_at IS NULL)",
        )
        .bind(secs(audit.at))
        .bind(by.0)
        .bind(reason)
        .bind(sitting)
        .bind(scorer.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE exam_scorers SET first_score = NULL, second_score = NULL, scored_at = NULL \
             WHERE sitting_id = $1 AND scorer_id = $2",
        )
        .bind(sitting)
        .bind(scorer.0)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn request_accommodation(
        &self,
        application: ApplicationId,
        request: &str,
        audit: &NewAudit,
        mails: &[NewMail],
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO exam_accommodations (application_id, request, requested_at) \
             VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(application.0)
        .bind(request)
        .bind(secs(audit.at))
        .fetch_one(&mut *tx)
        .await?;
        commit_with_notice(tx, audit, mails).await?;
        Ok(id)
    }

    async fn decide_accommodation(
        &self,
        application: ApplicationId,
        id: i64,
        granted: bool,
        note: &str,
        by: PersonId,
        audit: &NewAudit,
        mails: &[NewMail],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let decision: String = sqlx::query_scalar(
            "SELECT decision FROM exam_accommodations WHERE id = $1 AND application_id = $2",
        )
        .bind(id)
        .bind(application.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if decision != "pending" {
            return Err(StoreError::Conflict(format!(
                "this request was already {decision}"
            )));
        }
        let done = sqlx::query(
            "UPDATE exam_accommodations SET decision = $1, note = $2, decided_by = $3, \
             decided_at = $4 WHERE id = $5 AND decision = 'pending'",
        )
        .bind(if granted { "granted" } else { "declined" })
        .bind(note)
        .bind(by.0)
        .bind(secs(audit.at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        commit_with_notice(tx, audit, mails).await?;
        Ok(())
    }

    async fn accommodations(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<AccommodationRow>> {
        sqlx::query(
            "SELECT id, application_id, request, requested_at, decision, note, decided_at \
             FROM exam_accommodations WHERE application_id = $1 ORDER BY id",
        )
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|r| {
            Ok(AccommodationRow {
                id: r.try_get("id")?,
                application: ApplicationId(r.try_get("application_id")?),
                request: r.try_get("request")?,
                requested_at: time(r.try_get("requested_at")?)?,
                decision: r.try_get("decision")?,
                note: r.try_get("note")?,
                decided_at: r
                    .try_get::<Option<i64>, _>("decided_at")?
                    .map(time)
                    .transpose()?,
            })
        })
        .collect()
    }

    async fn reminder_facts(&self, now: DateTime<Utc>) -> StoreResult<ReminderFacts> {
        let mut facts = ReminderFacts::default();
        for row in sqlx::query(&format!(
            "SELECT {APPLICATION_COLUMNS}, p.email, p.name FROM applications a \
             JOIN people p ON p.id = a.person_id \
             WHERE a.state = 'confirmed' AND a.intended_submission IS NOT NULL"
        ))
        .fetch_all(&mut *self.reader().await?)
        .await?
        {
            facts.confirmed.push((
                application_row(&row)?,
                row.try_get("email")?,
                row.try_get("name")?,
            ));
        }
        for row in sqlx::query(
            "SELECT id, application_id, rater_name, rater_email, created_at, language \
             FROM rater_requests WHERE used_at IS NULL AND expires_at > $1",
        )
        .bind(secs(now))
        .fetch_all(&mut *self.reader().await?)
        .await?
        {
            let language: String = row.try_get("language")?;
            facts.open_requests.push(OpenRequestFact {
                id: row.try_get("id")?,
                application: ApplicationId(row.try_get("application_id")?),
                rater_name: row.try_get("rater_name")?,
                rater_email: row.try_get("rater_email")?,
                sent_at: time(row.try_get("created_at")?)?,
                language: Language::from_code(&language)
                    .ok_or_else(|| StoreError::Other(format!("stored language {language:?}")))?,
            });
        }
        for row in sqlx::query(
            "SELECT ar.application_id, ar.person_id, p.email, ar.due_on \
             FROM application_reviewers ar JOIN applications a ON a.id = ar.application_id \
             JOIN people p ON p.id = ar.person_id \
             WHERE a.state = 'under-review' AND ar.due_on IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM reviews v WHERE v.application_id = a.id AND v.round = a.review_round \
              AND v.reviewer_id = ar.person_id)",
        )
        .fetch_all(&mut *self.reader().await?)
        .await?
        {
            facts.open_reviews.push((
                ApplicationId(row.try_get("application_id")?),
                PersonId(row.try_get("person_id")?),
                row.try_get("email")?,
                required_date(row.try_get("due_on")?)?,
            ));
        }
        let today = now.date_naive();
        for row in sqlx::query(
            "SELECT m.id, p.email, p.name, a.name AS association_name, m.ends_on \
             FROM memberships m JOIN people p ON p.id = m.person_id \
             JOIN associations a ON a.id = m.association_id \
             WHERE m.ends_on >= $1 AND m.ends_on <= $2 AND NOT EXISTS \
             (SELECT 1 FROM memberships n WHERE n.person_id = m.person_id \
              AND n.association_id = m.association_id AND n.ends_on > m.ends_on)",
        )
        .bind(crate::date_text(today))
        .bind(crate::date_text(today + chrono::Duration::days(31)))
        .fetch_all(&mut *self.reader().await?)
        .await?
        {
            facts.ending_memberships.push((
                row.try_get("id")?,
                row.try_get("email")?,
                row.try_get("name")?,
                row.try_get("association_name")?,
                required_date(row.try_get("ends_on")?)?,
            ));
        }
        Ok(facts)
    }

    async fn send_reminder(
        &self,
        key: &str,
        mails: &[NewMail],
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let new = record_reminder(&mut tx, key, mails, at).await?;
        tx.commit().await?;
        Ok(new)
    }

    async fn send_reminders(
        &self,
        reminders: &[(String, Vec<NewMail>)],
        at: DateTime<Utc>,
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let mut new = 0;
        for (key, mails) in reminders {
            if record_reminder(&mut tx, key, mails, at).await? && !mails.is_empty() {
                new += 1;
            }
        }
        tx.commit().await?;
        Ok(new)
    }

    async fn reminder_recorded(&self, key: &str) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM reminders_sent WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        Ok(found.is_some())
    }
}

/// Inserts the reminder key and, when it is new, queues its mails as bulk mail.
async fn record_reminder(
    tx: &mut WriteTx,
    key: &str,
    mails: &[NewMail],
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let inserted = sqlx::query(
        "INSERT INTO reminders_sent (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(secs(at))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    for mail in mails {
        insert_mail_of_kind(tx, mail, MailKind::Bulk).await?;
    }
    Ok(true)
}

/// Queues the mails that announce a change, in the change's transaction (they go out first,
/// ahead of bulk mail).
async fn queue_waited(tx: &mut WriteTx, mails: &[NewMail]) -> StoreResult<()> {
    for mail in mails {
        insert_mail_of_kind(tx, mail, MailKind::Waited).await?;
    }
    Ok(())
}

/// Ends a change's transaction: its audit row and the mails announcing it are written with
/// it, so the change, its history and its notice are kept or lost together.
async fn commit_with_notice(
    mut tx: WriteTx,
    audit: &NewAudit,
    mails: &[NewMail],
) -> StoreResult<()> {
    insert_audit(&mut tx, audit).await?;
    queue_waited(&mut tx, mails).await?;
    tx.commit().await?;
    Ok(())
}
