//! Staff accounts as coordinators run them: invitations by emailed single-use link (the token
//! stored hashed, like password resets), suspension and removal, the reviewer's consent to be
//! asked by other associations, and the conflicts applicants declare for a coordinator to
//! decide. A supertrait of [`Store`](crate::Store).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use lattice_domain::ids::{ApplicationId, AssociationId, PersonId};
use lattice_domain::rights::StaffRole;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::records::{NewAudit, NewMail};
use crate::sql::{SqlStore, insert_audit, insert_mail, one_row, secs};
use crate::{StoreError, StoreResult};

/// Where a staff role stands. Only `Active` roles count for rights (`Store::staff_roles`),
/// assignment (`reviewers_of`) and mail to staff (`staff_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffStatus {
    /// Invited by link, not yet accepted.
    Invited,
    Active,
    Suspended,
    /// Kept (not deleted) so old reviews and the audit log still name a role that existed.
    Removed,
}

impl StaffStatus {
    pub fn key(self) -> &'static str {
        match self {
            StaffStatus::Invited => "invited",
            StaffStatus::Active => "active",
            StaffStatus::Suspended => "suspended",
            StaffStatus::Removed => "removed",
        }
    }

    pub fn parse(key: &str) -> StoreResult<StaffStatus> {
        Ok(match key {
            "invited" => StaffStatus::Invited,
            "active" => StaffStatus::Active,
            "suspended" => StaffStatus::Suspended,
            "removed" => StaffStatus::Removed,
            other => return Err(StoreError::Other(format!("stored staff status {other:?}"))),
        })
    }
}

/// One staff role at an association, whatever its status, with the reviewer profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccountRow {
    pub person: PersonId,
    pub name: String,
    pub email: String,
    pub role: StaffRole,
    pub status: StaffStatus,
    pub employer: String,
    pub endorsed: Vec<String>,
    pub reviews_elsewhere: bool,
}

/// An invitation to hold a staff role; the person is created (without a password) when the
/// email has no account yet.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub email: String,
    pub name: String,
    pub association: AssociationId,
    pub role: StaffRole,
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub by: PersonId,
    pub at: DateTime<Utc>,
    /// The mail with the link; its recipient is filled from `email`.
    pub subject: String,
    pub body: String,
}

/// A live invitation, read by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRow {
    pub person: PersonId,
    pub name: String,
    pub email: String,
    pub association: AssociationId,
    pub association_name: String,
    pub role: StaffRole,
    /// Whether the person can already sign in (then accepting sets no password).
    pub has_password: bool,
}

/// A reviewer of another association who agreed to be asked, for the "no one left" page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideReviewerRow {
    pub person: PersonId,
    pub name: String,
    pub email: String,
    pub association_name: String,
    pub endorsed: Vec<String>,
    pub employer: String,
}

/// What a coordinator decided about a conflict an applicant declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictDecision {
    /// Not decided yet: it keeps the named person off the application meanwhile.
    Pending,
    Accepted,
    /// The coordinator found no conflict (with a reason).
    Overridden,
    /// The applicant took it back before review.
    Withdrawn,
}

impl ConflictDecision {
    pub fn key(self) -> &'static str {
        match self {
            ConflictDecision::Pending => "pending",
            ConflictDecision::Accepted => "accepted",
            ConflictDecision::Overridden => "overridden",
            ConflictDecision::Withdrawn => "withdrawn",
        }
    }

    fn parse(key: &str) -> StoreResult<ConflictDecision> {
        Ok(match key {
            "pending" => ConflictDecision::Pending,
            "accepted" => ConflictDecision::Accepted,
            "overridden" => ConflictDecision::Overridden,
            "withdrawn" => ConflictDecision::Withdrawn,
            other => return Err(StoreError::Other(format!("stored decision {other:?}"))),
        })
    }
}

/// A conflict as the applicant typed it: a name or email, matched against reviewers when
/// they are considered, so the applicant never learns whether that person reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredConflictRow {
    pub id: i64,
    pub application: ApplicationId,
    pub named: String,
    pub reason: String,
    pub decision: ConflictDecision,
    pub decision_reason: String,
}

#[async_trait]
pub trait StaffStore {
    /// Every staff role of the association, whatever its status, by role then name.
    async fn staff_accounts(&self, association: AssociationId)
    -> StoreResult<Vec<StaffAccountRow>>;
    /// Creates the person if needed, marks the role invited (an active role is a `Conflict`),
    /// stores the token hash and queues the mail, with the audit row, in one transaction.
    async fn invite_staff(&self, invitation: &NewInvitation) -> StoreResult<PersonId>;
    /// The invitation behind a token hash; `NotFound` when unknown, used or expired.
    async fn invitation(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<InvitationRow>;
    /// Spends the token once: sets the password when given (ending the person's sessions),
    /// makes the invited role active, audits it. `NotFound` when unknown, used or expired,
    /// `Conflict` when the role was suspended or removed meanwhile.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<PersonId>;
    /// Moves a role to `status`. Leaving `Active`, the person's unreviewed assignments at the
    /// association go back to the coordinator (unassigned, each audited), so nothing waits on
    /// someone who can no longer sign in to it.
    async fn set_staff_status(
        &self,
        person: PersonId,
        association: AssociationId,
        role: StaffRole,
        status: StaffStatus,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// Whether the association may ask reviewers endorsed at other associations.
    async fn outside_reviewers(&self, association: AssociationId) -> StoreResult<bool>;
    async fn set_outside_reviewers(
        &self,
        association: AssociationId,
        on: bool,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// The reviewer's own consent to be asked by other associations.
    async fn set_reviews_elsewhere(
        &self,
        person: PersonId,
        consent: bool,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    async fn reviews_elsewhere(&self, person: PersonId) -> StoreResult<bool>;
    /// Active reviewers of other associations who agreed to be asked.
    async fn consenting_reviewers(
        &self,
        besides: AssociationId,
    ) -> StoreResult<Vec<OutsideReviewerRow>>;

    async fn declare_applicant_conflict(
        &self,
        application: ApplicationId,
        named: &str,
        reason: &str,
        audit: &NewAudit,
    ) -> StoreResult<i64>;
    /// Every declaration of the application, withdrawn ones included, oldest first.
    async fn declared_conflicts(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<DeclaredConflictRow>>;
    /// Records a decision on a declaration that is still `from`; `NotFound` otherwise.
    async fn decide_applicant_conflict(
        &self,
        id: i64,
        from: &[ConflictDecision],
        to: ConflictDecision,
        by: PersonId,
        reason: &str,
        audit: &NewAudit,
    ) -> StoreResult<()>;
}

fn keys(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn role(row: &AnyRow) -> StoreResult<StaffRole> {
    let key: String = row.try_get("role")?;
    StaffRole::from_key(&key).ok_or_else(|| StoreError::Other(format!("stored role {key:?}")))
}

fn declared_row(row: &AnyRow) -> StoreResult<DeclaredConflictRow> {
    Ok(DeclaredConflictRow {
        id: row.try_get("id")?,
        application: ApplicationId(row.try_get("application_id")?),
        named: row.try_get("named")?,
        reason: row.try_get("reason")?,
        decision: ConflictDecision::parse(&row.try_get::<String, _>("status")?)?,
        decision_reason: row.try_get("decision_reason")?,
    })
}

#[async_trait]
impl StaffStore for SqlStore {
    async fn staff_accounts(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<StaffAccountRow>> {
        sqlx::query(
            "SELECT p.id, p.name, p.email, s.role, s.status, \
             COALESCE(r.employer, '') AS employer, COALESCE(r.endorsed, '') AS endorsed, \
             COALESCE(r.reviews_elsewhere, 0) AS reviews_elsewhere \
             FROM staff_roles s JOIN people p ON p.id = s.person_id \
             LEFT JOIN reviewer_profiles r ON r.person_id = p.id \
             WHERE s.association_id = $1 ORDER BY s.role, p.name, p.id",
        )
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok(StaffAccountRow {
                person: PersonId(row.try_get("id")?),
                name: row.try_get("name")?,
                email: row.try_get("email")?,
                role: role(row)?,
                status: StaffStatus::parse(&row.try_get::<String, _>("status")?)?,
                employer: row.try_get("employer")?,
                endorsed: keys(&row.try_get::<String, _>("endorsed")?),
                reviews_elsewhere: row.try_get::<i64, _>("reviews_elsewhere")? != 0,
            })
        })
        .collect()
    }

    async fn invite_staff(&self, invitation: &NewInvitation) -> StoreResult<PersonId> {
        let email = invitation.email.trim().to_lowercase();
        let mut tx = self.begin().await?;
        // A write first, so SQLite takes its lock up front.
        sqlx::query(
            "INSERT INTO people (email, name, password_hash, admin, created_at) \
             VALUES ($1, $2, NULL, 0, $3) ON CONFLICT (email) DO NOTHING",
        )
        .bind(&email)
        .bind(invitation.name.trim())
        .bind(secs(invitation.at))
        .execute(&mut *tx)
        .await?;
        let person: i64 = sqlx::query_scalar("SELECT id FROM people WHERE email = $1")
            .bind(&email)
            .fetch_one(&mut *tx)
            .await?;
        let current: Option<String> = sqlx::query_scalar(
            "SELECT status FROM staff_roles WHERE person_id = $1 AND association_id = $2 \
             AND role = $3",
        )
        .bind(person)
        .bind(invitation.association.0)
        .bind(invitation.role.key())
        .fetch_optional(&mut *tx)
        .await?;
        if current.as_deref() == Some("active") {
            return Err(StoreError::Conflict(format!(
                "{email} is already an active {} here",
                invitation.role.key()
            )));
        }
        sqlx::query(
            "INSERT INTO staff_roles (person_id, association_id, role, status) \
             VALUES ($1, $2, $3, 'invited') \
             ON CONFLICT (person_id, association_id, role) DO UPDATE SET status = 'invited'",
        )
        .bind(person)
        .bind(invitation.association.0)
        .bind(invitation.role.key())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO staff_invitations (token_hash, person_id, association_id, role, \
             created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&invitation.token_hash)
        .bind(person)
        .bind(invitation.association.0)
        .bind(invitation.role.key())
        .bind(invitation.by.0)
        .bind(secs(invitation.at))
        .bind(secs(invitation.expires_at))
        .execute(&mut *tx)
        .await?;
        insert_mail(
            &mut tx,
            &NewMail {
                recipient: email.clone(),
                subject: invitation.subject.clone(),
                body: invitation.body.clone(),
                created_at: invitation.at,
            },
        )
        .await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at: invitation.at,
                actor: Some(invitation.by),
                association: Some(invitation.association),
                subject: format!("person:{person}"),
                action: format!("invite-{}", invitation.role.key()),
                reason: email,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(PersonId(person))
    }

    async fn invitation(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<InvitationRow> {
        let row = sqlx::query(
            "SELECT i.person_id, i.association_id, i.role, p.name, p.email, \
             CASE WHEN p.password_hash IS NULL THEN 0 ELSE 1 END AS has_password, \
             a.name AS association_name \
             FROM staff_invitations i JOIN people p ON p.id = i.person_id \
             JOIN associations a ON a.id = i.association_id \
             WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2",
        )
        .bind(token_hash)
        .bind(secs(now))
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(InvitationRow {
            person: PersonId(row.try_get("person_id")?),
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            association: AssociationId(row.try_get("association_id")?),
            association_name: row.try_get("association_name")?,
            role: role(&row)?,
            has_password: row.try_get::<i64, _>("has_password")? != 0,
        })
    }

    async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<PersonId> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "UPDATE staff_invitations SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
             RETURNING person_id, association_id, role",
        )
        .bind(secs(now))
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
        let person: i64 = row.try_get("person_id")?;
        let association: i64 = row.try_get("association_id")?;
        let role_key: String = row.try_get("role")?;
        let activated = sqlx::query(
            "UPDATE staff_roles SET status = 'active' WHERE person_id = $1 \
             AND association_id = $2 AND role = $3 AND status IN ('invited', 'active')",
        )
        .bind(person)
        .bind(association)
        .bind(&role_key)
        .execute(&mut *tx)
        .await?;
        if activated.rows_affected() == 0 {
            // Suspended or removed after the invitation went out: the link no longer admits.
            return Err(StoreError::Conflict(
                "this invitation was withdrawn; ask the coordinator".to_string(),
            ));
        }
        if let Some(hash) = password_hash {
            sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(person)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE person_id = $1")
                .bind(person)
                .execute(&mut *tx)
                .await?;
        }
        insert_audit(
            &mut tx,
            &NewAudit {
                at: now,
                actor: Some(PersonId(person)),
                association: Some(AssociationId(association)),
                subject: format!("person:{person}"),
                action: format!("accept-{role_key}-invitation"),
                reason: if password_hash.is_some() {
                    "password set by emailed link".to_string()
                } else {
                    "by emailed link".to_string()
                },
            },
        )
        .await?;
        tx.commit().await?;
        Ok(PersonId(person))
    }

    async fn set_staff_status(
        &self,
        person: PersonId,
        association: AssociationId,
        role_wanted: StaffRole,
        status: StaffStatus,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE staff_roles SET status = $1 WHERE person_id = $2 AND association_id = $3 \
             AND role = $4",
        )
        .bind(status.key())
        .bind(person.0)
        .bind(association.0)
        .bind(role_wanted.key())
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        if status != StaffStatus::Active && role_wanted == StaffRole::Reviewer {
            let open: Vec<i64> = sqlx::query_scalar(
                "SELECT ar.application_id FROM application_reviewers ar \
                 JOIN applications a ON a.id = ar.application_id \
                 WHERE ar.person_id = $1 AND a.association_id = $2 \
                 AND a.state = 'under-review' AND NOT EXISTS (SELECT 1 FROM reviews v \
                 WHERE v.application_id = a.id AND v.round = a.review_round \
                 AND v.reviewer_id = ar.person_id) ORDER BY ar.application_id",
            )
            .bind(person.0)
            .bind(association.0)
            .fetch_all(&mut *tx)
            .await?;
            for application in open {
                sqlx::query(
                    "DELETE FROM application_reviewers WHERE application_id = $1 \
                     AND person_id = $2",
                )
                .bind(application)
                .bind(person.0)
                .execute(&mut *tx)
                .await?;
                insert_audit(
                    &mut tx,
                    &NewAudit {
                        at: audit.at,
                        actor: audit.actor,
                        association: Some(association),
                        subject: format!("application:{application}"),
                        action: "unassign-reviewer".to_string(),
                        reason: format!("person:{person}"),
                    },
                )
                .await?;
            }
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn outside_reviewers(&self, association: AssociationId) -> StoreResult<bool> {
        let on: i64 =
            sqlx::query_scalar("SELECT outside_reviewers FROM associations WHERE id = $1")
                .bind(association.0)
                .fetch_one(&mut *self.reader().await?)
                .await?;
        Ok(on != 0)
    }

    async fn set_outside_reviewers(
        &self,
        association: AssociationId,
        on: bool,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE associations SET outside_reviewers = $1 WHERE id = $2")
            .bind(i64::from(on))
            .bind(association.0)
            .execute(&mut *tx)
            .await?;
        one_row(done.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_reviews_elsewhere(
        &self,
        person: PersonId,
        consent: bool,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO reviewer_profiles (person_id, employer, endorsed, updated_at, \
             reviews_elsewhere) VALUES ($1, '', '', $2, $3) ON CONFLICT (person_id) DO UPDATE \
             SET reviews_elsewhere = excluded.reviews_elsewhere, updated_at = excluded.updated_at",
        )
        .bind(person.0)
        .bind(secs(audit.at))
        .bind(i64::from(consent))
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reviews_elsewhere(&self, person: PersonId) -> StoreResult<bool> {
        let on: Option<i64> = sqlx::query_scalar(
            "SELECT reviews_elsewhere FROM reviewer_profiles WHERE person_id = $1",
        )
        .bind(person.0)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        Ok(on.unwrap_or(0) != 0)
    }

    async fn consenting_reviewers(
        &self,
        besides: AssociationId,
    ) -> StoreResult<Vec<OutsideReviewerRow>> {
        sqlx::query(
            "SELECT p.id, p.name, p.email, a.name AS association_name, r.endorsed, r.employer \
             FROM staff_roles s JOIN people p ON p.id = s.person_id \
             JOIN associations a ON a.id = s.association_id \
             JOIN reviewer_profiles r ON r.person_id = p.id \
             WHERE s.role = 'reviewer' AND s.status = 'active' AND s.association_id <> $1 \
             AND r.reviews_elsewhere <> 0 AND NOT EXISTS (SELECT 1 FROM staff_roles o \
             WHERE o.person_id = p.id AND o.association_id = $1 AND o.role = 'reviewer') \
             ORDER BY p.name, p.id, a.name",
        )
        .bind(besides.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok(OutsideReviewerRow {
                person: PersonId(row.try_get("id")?),
                name: row.try_get("name")?,
                email: row.try_get("email")?,
                association_name: row.try_get("association_name")?,
                endorsed: keys(&row.try_get::<String, _>("endorsed")?),
                employer: row.try_get("employer")?,
            })
        })
        .collect()
    }

    async fn declare_applicant_conflict(
        &self,
        application: ApplicationId,
        named: &str,
        reason: &str,
        audit: &NewAudit,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO declared_conflicts (application_id, named, reason, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(application.0)
        .bind(named)
        .bind(reason)
        .bind(secs(audit.at))
        .fetch_one(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn declared_conflicts(
        &self,
        application: ApplicationId,
    ) -> StoreResult<Vec<DeclaredConflictRow>> {
        sqlx::query(
            "SELECT id, application_id, named, reason, status, decision_reason \
             FROM declared_conflicts WHERE application_id = $1 ORDER BY id",
        )
        .bind(application.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(declared_row)
        .collect()
    }

    async fn decide_applicant_conflict(
        &self,
        id: i64,
        from: &[ConflictDecision],
        to: ConflictDecision,
        by: PersonId,
        reason: &str,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // The allowed states are enum keys written as literals (never user input); the
        // update comes first so SQLite takes its write lock up front.
        let allowed: Vec<String> = from.iter().map(|d| format!("'{}'", d.key())).collect();
        let done = sqlx::query(&format!(
            "UPDATE declared_conflicts SET status = $1, decided_by = $2, decision_reason = $3, \
             decided_at = $4 WHERE id = $5 AND status IN ({})",
            allowed.join(", ")
        ))
        .bind(to.key())
        .bind(by.0)
        .bind(reason)
        .bind(secs(audit.at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
