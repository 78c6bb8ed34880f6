//! An association's own words (issue #21 item 2): agreement texts by version and the mail
//! templates it words itself. Kinds are the keys of `lattice_domain::documents`; the store
//! keeps what was published and saved, and the handlers fall back to the built-in wording
//! when there is no row. A supertrait of [`Store`](crate::Store).

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use lattice_domain::ids::{AssociationId, PersonId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::records::NewAudit;
use crate::sql::{SqlStore, insert_audit, secs, time};
use crate::{StoreError, StoreResult};

/// One published version of an agreement text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementTextRow {
    pub association: AssociationId,
    pub kind: String,
    pub version: i32,
    pub title: String,
    pub body: String,
    pub published_at: DateTime<Utc>,
    /// None for the built-in version 1.
    pub published_by: Option<PersonId>,
}

/// A text to publish: `kind` is an `AgreementKind` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgreementText<'a> {
    pub association: AssociationId,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub by: PersonId,
    pub at: DateTime<Utc>,
}

/// An association's own wording of one mail: `kind` is a `MailKind` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailTemplateRow {
    pub association: AssociationId,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<PersonId>,
}

#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Every stored version of the association's text of `kind`, oldest first; empty when it
    /// has only the built-in version 1.
    async fn agreement_texts(
        &self,
        association: AssociationId,
        kind: &str,
    ) -> StoreResult<Vec<AgreementTextRow>>;
    /// Publishes the next version and returns its number, with the audit row in the same
    /// transaction. The first publication stores `built_in` (title, body) as version 1 first,
    /// so the history keeps what earlier applicants signed. Two publications at once: one is
    /// a `Conflict`.
    async fn publish_agreement_text(
        &self,
        text: &NewAgreementText<'_>,
        built_in: (&str, &str),
        audit: &NewAudit,
    ) -> StoreResult<i32>;
    /// The association's template of `kind`, or `NotFound` (the built-in wording applies).
    async fn mail_template(
        &self,
        association: AssociationId,
        kind: &str,
    ) -> StoreResult<MailTemplateRow>;
    /// Every association's template of `kind`, for the passes that mail many associations.
    async fn mail_templates_of_kind(
        &self,
        kind: &str,
    ) -> StoreResult<HashMap<AssociationId, MailTemplateRow>>;
    /// Saves (replacing) the association's template, audited in the same transaction.
    async fn save_mail_template(&self, row: &MailTemplateRow, audit: &NewAudit) -> StoreResult<()>;
    /// Removes the association's template (the built-in wording applies again), audited.
    async fn delete_mail_template(
        &self,
        association: AssociationId,
        kind: &str,
        audit: &NewAudit,
    ) -> StoreResult<()>;
}

fn text_row(row: &AnyRow) -> StoreResult<AgreementTextRow> {
    Ok(AgreementTextRow {
        association: AssociationId(row.try_get("association_id")?),
        kind: row.try_get("kind")?,
        version: i32::try_from(row.try_get::<i64, _>("version")?)
            .map_err(|e| StoreError::Other(e.to_string()))?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        published_at: time(row.try_get("published_at")?)?,
        published_by: row.try_get::<Option<i64>, _>("published_by")?.map(PersonId),
    })
}

fn template_row(row: &AnyRow) -> StoreResult<MailTemplateRow> {
    Ok(MailTemplateRow {
        association: AssociationId(row.try_get("association_id")?),
        kind: row.try_get("kind")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        updated_at: time(row.try_get("updated_at")?)?,
        updated_by: row.try_get::<Option<i64>, _>("updated_by")?.map(PersonId),
    })
}

#[async_trait]
impl DocumentStore for SqlStore {
    async fn agreement_texts(
        &self,
        association: AssociationId,
        kind: &str,
    ) -> StoreResult<Vec<AgreementTextRow>> {
        let rows = sqlx::query(
            "SELECT association_id, kind, CAST(version AS BIGINT) AS version, title, body, \
             published_at, published_by FROM agreement_texts \
             WHERE association_id = $1 AND kind = $2 ORDER BY version",
        )
        .bind(association.0)
        .bind(kind)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(text_row).collect()
    }

    async fn publish_agreement_text(
        &self,
        text: &NewAgreementText<'_>,
        built_in: (&str, &str),
        audit: &NewAudit,
    ) -> StoreResult<i32> {
        let mut tx = self.begin().await?;
        let latest: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(MAX(version) AS BIGINT) FROM agreement_texts \
             WHERE association_id = $1 AND kind = $2",
        )
        .bind(text.association.0)
        .bind(text.kind)
        .fetch_one(&mut *tx)
        .await?;
        let insert = "INSERT INTO agreement_texts \
             (association_id, kind, version, title, body, published_at, published_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)";
        let latest = match latest {
            Some(v) => v,
            None => {
                sqlx::query(insert)
                    .bind(text.association.0)
                    .bind(text.kind)
                    .bind(1_i32)
                    .bind(built_in.0)
                    .bind(built_in.1)
                    .bind(secs(text.at))
                    .bind(None::<i64>)
                    .execute(&mut *tx)
                    .await?;
                1
            }
        };
        let version = i32::try_from(latest + 1).map_err(|e| StoreError::Other(e.to_string()))?;
        sqlx::query(insert)
            .bind(text.association.0)
            .bind(text.kind)
            .bind(version)
            .bind(text.title)
            .bind(text.body)
            .bind(secs(text.at))
            .bind(Some(text.by.0))
            .execute(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Conflict(format!(
                    "version {version} was published at the same time; reload the page"
                )),
                other => other,
            })?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn mail_template(
        &self,
        association: AssociationId,
        kind: &str,
    ) -> StoreResult<MailTemplateRow> {
        let row = sqlx::query(
            "SELECT association_id, kind, subject, body, updated_at, updated_by \
             FROM mail_templates WHERE association_id = $1 AND kind = $2",
        )
        .bind(association.0)
        .bind(kind)
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .ok_or(StoreError::NotFound)?;
        template_row(&row)
    }

    async fn mail_templates_of_kind(
        &self,
        kind: &str,
    ) -> StoreResult<HashMap<AssociationId, MailTemplateRow>> {
        let rows = sqlx::query(
            "SELECT association_id, kind, subject, body, updated_at, updated_by \
             FROM mail_templates WHERE kind = $1",
        )
        .bind(kind)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|row| template_row(row).map(|t| (t.association, t)))
            .collect()
    }

    async fn save_mail_template(&self, row: &MailTemplateRow, audit: &NewAudit) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO mail_templates \
             (association_id, kind, subject, body, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (association_id, kind) DO UPDATE \
             SET subject = excluded.subject, body = excluded.body, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(row.association.0)
        .bind(&row.kind)
        .bind(&row.subject)
        .bind(&row.body)
        .bind(secs(row.updated_at))
        .bind(row.updated_by.map(|p| p.0))
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_mail_template(
        &self,
        association: AssociationId,
        kind: &str,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM mail_templates WHERE association_id = $1 AND kind = $2")
            .bind(association.0)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
