//! Editions of an association's requirement profile drafted on the rules page (issue #21).
//! The text is one `[[edition]]` in the profile files' shape; the profiles crate validates it
//! before it is stored. A supertrait of [`Store`](crate::Store).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::ids::{AssociationId, PersonId};
use sqlx::Row;

use crate::records::NewAudit;
use crate::sql::{SqlStore, date, insert_audit, secs, time};
use crate::{StoreError, StoreResult, date_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditionStatus {
    /// Previewed, not in force: the association's latest draft.
    Draft,
    /// In the rules catalog from its effective date.
    Scheduled,
}

impl EditionStatus {
    pub fn key(self) -> &'static str {
        match self {
            EditionStatus::Draft => "draft",
            EditionStatus::Scheduled => "scheduled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEdition {
    pub association: AssociationId,
    pub text: String,
    pub effective: NaiveDate,
    pub status: EditionStatus,
    pub by: Option<PersonId>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionRow {
    pub id: i64,
    pub association: AssociationId,
    pub text: String,
    pub effective: NaiveDate,
    pub status: EditionStatus,
    pub drafted_by: Option<PersonId>,
    pub drafted_at: DateTime<Utc>,
    pub scheduled_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait EditionStore: Send + Sync {
    /// Saves a draft (replacing the association's earlier draft, so the page reopens on the
    /// last one previewed) or schedules an edition (the draft goes: it became this). Audited
    /// in the same transaction. A second scheduled edition on the same day is a conflict.
    async fn save_edition(&self, edition: &NewEdition, audit: &NewAudit) -> StoreResult<i64>;
    /// The association's draft and scheduled editions, oldest first.
    async fn editions_of(&self, association: AssociationId) -> StoreResult<Vec<EditionRow>>;
    /// Every scheduled edition as (association slug, text), by effective date: what the app
    /// appends to the profile files when it builds its catalog.
    async fn scheduled_editions(&self) -> StoreResult<Vec<(String, String)>>;
    /// Withdraws the association's scheduled edition `edition` before it takes effect, audited
    /// in the same transaction. `NotFound` unless it is that association's scheduled edition;
    /// `Conflict`, saying why, once it is in effect (`effective <= today`), while a later
    /// edition is scheduled (each edition states changes from the one before, so the later
    /// one would change meaning), or when an application already registered under it (its
    /// rules date, or the day it was created, on or after the effective date).
    async fn withdraw_edition(
        &self,
        association: AssociationId,
        edition: i64,
        today: NaiveDate,
        audit: &NewAudit,
    ) -> StoreResult<()>;
}

#[async_trait]
impl EditionStore for SqlStore {
    async fn save_edition(&self, edition: &NewEdition, audit: &NewAudit) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM profile_editions WHERE association_id = $1 AND status = 'draft'")
            .bind(edition.association.0)
            .execute(&mut *tx)
            .await?;
        let scheduled_at = (edition.status == EditionStatus::Scheduled).then(|| secs(edition.at));
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO profile_editions \
             (association_id, text, effective, status, drafted_by, drafted_at, scheduled_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(edition.association.0)
        .bind(&edition.text)
        .bind(date_text(edition.effective))
        .bind(edition.status.key())
        .bind(edition.by.map(|p| p.0))
        .bind(secs(edition.at))
        .bind(scheduled_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(format!(
                "an edition taking effect on {} is already scheduled",
                edition.effective
            )),
            other => other,
        })?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn editions_of(&self, association: AssociationId) -> StoreResult<Vec<EditionRow>> {
        let rows = sqlx::query(
            "SELECT id, association_id, text, effective, status, drafted_by, drafted_at, \
             scheduled_at FROM profile_editions WHERE association_id = $1 ORDER BY id",
        )
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                Ok(EditionRow {
                    id: row.try_get("id")?,
                    association: AssociationId(row.try_get("association_id")?),
                    text: row.try_get("text")?,
                    effective: date(row.try_get("effective")?)?
                        .ok_or_else(|| StoreError::Other("edition without a date".into()))?,
                    status: if status == "scheduled" {
                        EditionStatus::Scheduled
                    } else {
                        EditionStatus::Draft
                    },
                    drafted_by: row.try_get::<Option<i64>, _>("drafted_by")?.map(PersonId),
                    drafted_at: time(row.try_get("drafted_at")?)?,
                    scheduled_at: row
                        .try_get::<Option<i64>, _>("scheduled_at")?
                        .map(time)
                        .transpose()?,
                })
            })
            .collect()
    }

    async fn withdraw_edition(
        &self,
        association: AssociationId,
        edition: i64,
        today: NaiveDate,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let effective: String = sqlx::query_scalar(
            "SELECT effective FROM profile_editions \
             WHERE id = $1 AND association_id = $2 AND status = 'scheduled'",
        )
        .bind(edition)
        .bind(association.0)
        .fetch_one(&mut *tx)
        .await?;
        let day = date(Some(effective.clone()))?
            .ok_or_else(|| StoreError::Other("edition without a date".into()))?;
        if day <= today {
            return Err(StoreError::Conflict(format!(
                "the edition took effect on {day}; an edition in force cannot be withdrawn, only followed by a new one"
            )));
        }
        let later: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM profile_editions \
             WHERE association_id = $1 AND status = 'scheduled' AND effective > $2",
        )
        .bind(association.0)
        .bind(&effective)
        .fetch_one(&mut *tx)
        .await?;
        if later > 0 {
            return Err(StoreError::Conflict(format!(
                "a later edition is scheduled and states its changes from this one; withdraw the later one first, then the edition of {day}"
            )));
        }
        let midnight = day
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .ok_or_else(|| StoreError::Other(format!("no midnight on {day}")))?;
        let registered: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM applications WHERE association_id = $1 \
             AND (rules_date >= $2 OR (rules_date IS NULL AND created_at >= $3))",
        )
        .bind(association.0)
        .bind(&effective)
        .bind(secs(midnight))
        .fetch_one(&mut *tx)
        .await?;
        if registered > 0 {
            return Err(StoreError::Conflict(format!(
                "{registered} application{} already registered under the edition of {day}, and keep{} it; it cannot be withdrawn",
                if registered == 1 { "" } else { "s" },
                if registered == 1 { "s" } else { "" },
            )));
        }
        sqlx::query("DELETE FROM profile_editions WHERE id = $1")
            .bind(edition)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn scheduled_editions(&self) -> StoreResult<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT a.slug, e.text FROM profile_editions e \
             JOIN associations a ON a.id = e.association_id \
             WHERE e.status = 'scheduled' ORDER BY e.effective, e.id",
        )
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("slug")?, row.try_get("text")?)))
            .collect()
    }
}
