//! Rotating an association's credential signing key, from the administrator's page or from
//! `lattice keys rotate`: the new key signs from now on, the old ones stay published in the
//! key set so every credential they signed still verifies. Each rotation is audited.

use std::sync::Arc;

use lattice_domain::ids::{AssociationId, PersonId};
use lattice_profiles::Catalog;
use lattice_store::{NewAudit, SharedStore};

use crate::config::Config;
use crate::error::WebError;
use crate::state::AppState;
use lattice_jobs::mail::Mailer;

/// The service's state for a command that signs or seals (`lattice keys rotate`) without
/// serving: the embedded rules and no uploaded files.
pub fn command_state(store: SharedStore, config: Config) -> Result<AppState, String> {
    let catalog = Catalog::embedded().map_err(|e| format!("requirement profiles: {e}"))?;
    let mailer = Mailer::new(&config.mail_settings())?;
    Ok(AppState::new(
        store,
        catalog,
        config,
        mailer,
        Arc::new(object_store::memory::InMemory::new()),
    ))
}

/// Makes the association's new signing key and records who did it and how; returns its kid.
pub async fn rotate(
    state: &AppState,
    association: AssociationId,
    actor: Option<PersonId>,
    how: &str,
) -> Result<String, WebError> {
    let kid = crate::credential::rotate(state, association).await?;
    state
        .store()
        .record_audit(&NewAudit {
            at: chrono::Utc::now(),
            actor,
            association: Some(association),
            subject: format!("signing-key:{kid}"),
            action: "rotate-signing-key".to_string(),
            reason: format!("new signing key {kid}; the earlier keys stay published ({how})"),
        })
        .await?;
    tracing::info!(association = association.0, kid = %kid, how, "signing key rotated");
    Ok(kid)
}
