//! The jobs' one error type: a pass fails on the store, or on facts that do not fit together.

use lattice_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something that should not happen (facts missing from what the store returned).
    #[error("{0}")]
    Internal(String),
}
