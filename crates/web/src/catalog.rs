//! The texts the requirement catalog is built from, read the same way at start (`app`) and
//! when an edition is drafted or scheduled (`handlers::rules`), below both so that neither
//! imports the other.

use lattice_store::{SharedStore, StoreResult};

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
