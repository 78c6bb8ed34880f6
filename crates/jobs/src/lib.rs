//! The work the service does beside its requests, as `shared/DESIGN.md` planned it: the outbox
//! mail worker (`mail`), the reminder pass (`reminders`), the yearly pass of lapses and renewal
//! reminders (`lifecycle`), and the public registry's index caught up from the database's
//! change sequence (`registry_index`). The web crate builds the settings, registers the
//! metrics and starts the worker; nothing here serves HTTP (no axum, no `lattice-web`), so
//! the jobs never reach for a handler: what both need lives in `lattice-domain` or the store.

pub mod error;
pub mod lifecycle;
pub mod mail;
pub mod private_fs;
pub mod progress;
pub mod registry_index;
pub mod reminders;
pub mod settings;

pub use error::JobError;
