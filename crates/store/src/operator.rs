//! What the operator's `lattice admin` commands need beyond the web's use cases: the list of
//! every administrator and staff role across associations, a password set from the console,
//! the emails on record (the demo refuses a database that holds real people), and the
//! secrets sealed under the key-encryption key, for `lattice keys reseal`. A supertrait of
//! [`Store`](crate::Store).

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

/// What a sealed secret belongs to; the web crate seals each with its own label (the kid, or
/// the person), so the label comes from here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealedOwner {
    /// An association's credential signing key, by its kid.
    SigningKey(String),
    /// A staff member's TOTP secret.
    SecondFactor(PersonId),
}

/// One secret sealed at rest under the key-encryption key, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecret {
    pub owner: SealedOwner,
    pub sealed: String,
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
    /// Every secret sealed under the key-encryption key: signing keys, then second factors.
    async fn sealed_secrets(&self) -> StoreResult<Vec<SealedSecret>>;
    /// Replaces sealed secrets, each `(as read, sealed anew)`, with the audit row, in one
    /// transaction. A secret changed since it was read (a second factor set up meanwhile)
    /// rolls everything back with `Conflict`, so no secret is left under the old key.
    async fn reseal(
        &self,
        replacements: &[(SealedSecret, String)],
        audit: &NewAudit,
    ) -> StoreResult<()>;
}

#[async_trait]
impl OperatorStore for SqlStore {
    async fn operator_listing(&self) -> StoreResult<Vec<OperatorListing>> {
        let admins =
            sqlx::query("SELECT id, email, name FROM people WHERE admin <> 0 ORDER BY email")
                .fetch_all(&mut *self.reader().await?)
                .await?;
        let roles = sqlx::query(
            "SELECT p.id, p.email, p.name, p.admin, a.slug, r.role, r.status FROM staff_roles r \
             JOIN people p ON p.id = r.person_id JOIN associations a ON a.id = r.association_id \
             ORDER BY p.email, a.slug, r.role",
        )
        .fetch_all(&mut *self.reader().await?)
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
        let mut tx = self.begin().await?;
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
            .fetch_all(&mut *self.reader().await?)
            .await
            .map_err(StoreError::from)
    }

    async fn sealed_secrets(&self) -> StoreResult<Vec<SealedSecret>> {
        let keys = sqlx::query("SELECT kid, sealed_private_key FROM signing_keys ORDER BY kid")
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let factors =
            sqlx::query("SELECT person_id, sealed_secret FROM second_factors ORDER BY person_id")
                .fetch_all(&mut *self.reader().await?)
                .await?;
        let mut secrets = Vec::with_capacity(keys.len() + factors.len());
        for row in keys {
            secrets.push(SealedSecret {
                owner: SealedOwner::SigningKey(row.try_get("kid")?),
                sealed: row.try_get("sealed_private_key")?,
            });
        }
        for row in factors {
            secrets.push(SealedSecret {
                owner: SealedOwner::SecondFactor(PersonId(row.try_get("person_id")?)),
                sealed: row.try_get("sealed_secret")?,
            });
        }
        Ok(secrets)
    }

    async fn reseal(
        &self,
        replacements: &[(SealedSecret, String)],
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for (old, new) in replacements {
            let query = match &old.owner {
                SealedOwner::SigningKey(kid) => sqlx::query(
                    "UPDATE signing_keys SET sealed_private_key = $1 \
                     WHERE kid = $2 AND sealed_private_key = $3",
                )
                .bind(new.as_str())
                .bind(kid.as_str()),
                SealedOwner::SecondFactor(person) => sqlx::query(
                    "UPDATE second_factors SET sealed_secret = $1 \
                     WHERE person_id = $2 AND sealed_secret = $3",
                )
                .bind(new.as_str())
                .bind(person.0),
            };
            let done = query.bind(old.sealed.as_str()).execute(&mut *tx).await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Conflict(format!(
                    "{:?} changed while it was resealed; run the command again",
                    old.owner
                )));
            }
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
