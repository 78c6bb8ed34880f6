//! What the operator's `lattice admin` commands need beyond the web's use cases: the list of
//! every administrator and staff role across associations, a password set from the console,
//! and the emails on record (the demo refuses a database that holds real people). A
//! supertrait of [`Store`](crate::Store).

use async_trait::async_trait;
use lattice_domain::ids::PersonId;
use sqlx::Row;

use crate::records::NewAudit;
use crate::sql::{SqlStore, insert_audit, one_row};
use crate::staff::StaffStatus;
use crate::{StoreError, StoreResult};

/// One line of the operator's list: an administrator (no association), or one staff role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorListing {
    pub person: PersonId,
    pub email: String,
    pub name: String,
    pub admin: bool,
    /// The association's slug and the role there; `None` on an administrator's own line.
    pub role: Option<(String, String, StaffStatus)>,
}

#[async_trait]
pub trait OperatorStore {
    /// Administrators, then every staff role whatever its status, by email.
    async fn operator_listing(&self) -> StoreResult<Vec<OperatorListing>>;
    /// Sets the password hash and ends every session of the person, with the audit row, in
    /// one transaction. `NotFound` for an unknown person.
    async fn set_password(
        &self,
        person: PersonId,
        password_hash: &str,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// Every email on record, lower-cased as stored.
    async fn person_emails(&self) -> StoreResult<Vec<String>>;
}

#[async_trait]
impl OperatorStore for SqlStore {
    async fn operator_listing(&self) -> StoreResult<Vec<OperatorListing>> {
        let admins =
            sqlx::query("SELECT id, email, name FROM people WHERE admin <> 0 ORDER BY email")
                .fetch_all(&self.pool)
                .await?;
        let roles = sqlx::query(
            "SELECT p.id, p.email, p.name, p.admin, a.slug, r.role, r.status FROM staff_roles r \
             JOIN people p ON p.id = r.person_id JOIN associations a ON a.id = r.association_id \
             ORDER BY p.email, a.slug, r.role",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut listing = Vec::with_capacity(admins.len() + roles.len());
        for row in admins {
            listing.push(OperatorListing {
                person: PersonId(row.try_get("id")?),
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                admin: true,
                role: None,
            });
        }
        for row in roles {
            let admin = row.try_get::<i64, _>("admin")? != 0;
            listing.push(OperatorListing {
                person: PersonId(row.try_get("id")?),
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                admin,
                role: Some((
                    row.try_get("slug")?,
                    row.try_get("role")?,
                    StaffStatus::parse(&row.try_get::<String, _>("status")?)?,
                )),
            });
        }
        Ok(listing)
    }

    async fn set_password(
        &self,
        person: PersonId,
        password_hash: &str,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(person.0)
            .execute(&mut *tx)
            .await?;
        one_row(done.rows_affected())?;
        sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(person.0)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn person_emails(&self) -> StoreResult<Vec<String>> {
        sqlx::query_scalar("SELECT email FROM people ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::from)
    }
}
