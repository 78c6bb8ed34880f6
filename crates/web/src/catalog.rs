//! The texts the requirement catalog is built from, read the same way at start (`app`) and
//! when an edition is drafted, scheduled or withdrawn (`handlers::rules`), below both so that
//! neither imports the other; and how a node follows the editions other nodes schedule or
//! withdraw without a restart ([`refresh`]).

use lattice_profiles::Catalog;
use lattice_store::{SharedStore, StoreResult};

use crate::error::WebError;
use crate::state::AppState;

/// The stored profile files, each with the editions scheduled for its association on the
/// rules page appended (issue #21).
pub async fn profile_texts(store: &SharedStore) -> StoreResult<Vec<(String, String)>> {
    let stored = store.profile_sources().await?;
    let scheduled = store.scheduled_editions().await?;
    Ok(lattice_profiles::draft::with_editions(
        stored.into_iter().map(|s| (s.file, s.text)),
        &scheduled,
    ))
}

/// Puts the stored scheduled editions in force on this node when they differ from the ones
/// its catalog was built from (another node scheduled or withdrew one). One small query when
/// nothing changed (the scheduled editions: a few a year); the profile files are read and the
/// catalog rebuilt only on a change. Called before a registration and on the rules pages, and
/// on every tick of `app::follow_editions`, so every node is current within that interval.
pub async fn refresh(state: &AppState) -> Result<(), WebError> {
    let mut seen = state.editions_seen().await;
    let store = state.store();
    let scheduled = store.scheduled_editions().await?;
    if seen.as_ref() == Some(&scheduled) {
        return Ok(());
    }
    let stored = store.profile_sources().await?;
    let texts = lattice_profiles::draft::with_editions(
        stored.into_iter().map(|s| (s.file, s.text)),
        &scheduled,
    );
    let catalog =
        Catalog::from_texts(texts).map_err(|e| WebError::Internal(format!("profiles: {e}")))?;
    // The first comparison after start rebuilds once (what the start-up catalog was built
    // from is not kept): one catalog more, a few milliseconds.
    if seen.is_some() {
        tracing::info!(
            editions = scheduled.len(),
            "scheduled editions changed: catalog rebuilt"
        );
    }
    state.replace_catalog(catalog);
    *seen = Some(scheduled);
    Ok(())
}
