//! An association's own settings (issue #21 item 2): the name, colour and logo it shows on its
//! pages and certificate, and (issue #23) the languages it offers its applicants. The web layer checks the values (`lattice_domain::brand`, the
//! certificate's logo reader) before they come here. A supertrait of [`Store`](crate::Store).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_domain::language::OfferedLanguages;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::StoreResult;
use crate::records::NewAudit;
use crate::sql::{SqlStore, insert_audit, secs};

/// What an association shows besides Lattice's defaults; `None` keeps the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Branding {
    pub display_name: Option<String>,
    /// `#rrggbb`, checked before it was stored.
    pub colour: Option<String>,
    /// The logo's format (`png` or `jpeg`) and the SHA-256 of its bytes (hex), which versions
    /// its URL; the bytes are read only by [`SettingsStore::logo`].
    pub logo: Option<(String, String)>,
    /// The languages the association offers (a column of `associations`), read here because
    /// every signed-in applicant's page needs both, so one query serves the header.
    pub languages: OfferedLanguages,
}

impl Branding {
    /// Whether the association shows nothing of its own (name, colour, logo): its pages keep
    /// Lattice's plain header. The languages it offers are not part of the look.
    pub fn is_plain(&self) -> bool {
        self.display_name.is_none() && self.colour.is_none() && self.logo.is_none()
    }
}

/// A stored logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoRow {
    pub bytes: Vec<u8>,
    /// `png` or `jpeg`.
    pub format: String,
    pub digest: String,
}

/// What to do with the logo when the settings are saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoChange {
    Keep,
    Remove,
    /// New bytes, already checked, and their format (`png` or `jpeg`).
    Set {
        bytes: Vec<u8>,
        format: String,
    },
}

/// The settings as saved from the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandingUpdate {
    pub association: AssociationId,
    pub display_name: Option<String>,
    pub colour: Option<String>,
    pub logo: LogoChange,
    pub languages: OfferedLanguages,
    pub by: PersonId,
    pub at: DateTime<Utc>,
}

/// The SHA-256 of a logo's bytes, in hex: its version in URLs and its ETag.
pub fn logo_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[async_trait]
pub trait SettingsStore: Send + Sync {
    /// The association's branding, default (all `None`, English only) when it never set any
    /// or does not exist.
    async fn branding(&self, association: AssociationId) -> StoreResult<Branding>;
    /// The association's logo with its bytes, if it has one.
    async fn logo(&self, association: AssociationId) -> StoreResult<Option<LogoRow>>;
    /// Saves the settings with one audit row per field changed, in one transaction.
    async fn save_branding(&self, update: &BrandingUpdate, audits: &[NewAudit]) -> StoreResult<()>;
}

#[async_trait]
impl SettingsStore for SqlStore {
    async fn branding(&self, association: AssociationId) -> StoreResult<Branding> {
        let row = sqlx::query(
            "SELECT a.languages, s.display_name, s.colour, s.logo_format, s.logo_digest \
             FROM associations a \
             LEFT JOIN association_settings s ON s.association_id = a.id WHERE a.id = $1",
        )
        .bind(association.0)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        let Some(row) = row else {
            return Ok(Branding::default());
        };
        let format: Option<String> = row.try_get("logo_format")?;
        let digest: Option<String> = row.try_get("logo_digest")?;
        let languages: String = row.try_get("languages")?;
        Ok(Branding {
            display_name: row.try_get("display_name")?,
            colour: row.try_get("colour")?,
            logo: format.zip(digest),
            languages: OfferedLanguages::from_stored(&languages).ok_or_else(|| {
                crate::StoreError::Other(format!("stored languages {languages:?}"))
            })?,
        })
    }

    async fn logo(&self, association: AssociationId) -> StoreResult<Option<LogoRow>> {
        let row = sqlx::query(
            "SELECT logo, logo_format, logo_digest FROM association_settings \
             WHERE association_id = $1 AND logo IS NOT NULL",
        )
        .bind(association.0)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        row.map(|row| {
            Ok(LogoRow {
                bytes: row.try_get("logo")?,
                format: row.try_get("logo_format")?,
                digest: row.try_get("logo_digest")?,
            })
        })
        .transpose()
    }

    async fn save_branding(&self, update: &BrandingUpdate, audits: &[NewAudit]) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO association_settings \
             (association_id, display_name, colour, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (association_id) DO UPDATE SET display_name = excluded.display_name, \
             colour = excluded.colour, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(update.association.0)
        .bind(update.display_name.as_deref())
        .bind(update.colour.as_deref())
        .bind(update.by.0)
        .bind(secs(update.at))
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE associations SET languages = $1 WHERE id = $2")
            .bind(update.languages.stored())
            .bind(update.association.0)
            .execute(&mut *tx)
            .await?;
        match &update.logo {
            LogoChange::Keep => {}
            LogoChange::Remove => {
                sqlx::query(
                    "UPDATE association_settings SET logo = NULL, logo_format = NULL, \
                     logo_digest = NULL WHERE association_id = $1",
                )
                .bind(update.association.0)
                .execute(&mut *tx)
                .await?;
            }
            LogoChange::Set { bytes, format } => {
                sqlx::query(
                    "UPDATE association_settings SET logo = $1, logo_format = $2, \
                     logo_digest = $3 WHERE association_id = $4",
                )
                .bind(bytes.as_slice())
                .bind(format.as_str())
                .bind(logo_digest(bytes))
                .bind(update.association.0)
                .execute(&mut *tx)
                .await?;
            }
        }
        for audit in audits {
            insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
