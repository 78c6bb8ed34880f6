//! The Lattice web service: axum router, pages and JSON API, sessions and rights; it starts
//! the background worker of `lattice-jobs`. Handlers are thin; rules live in
//! `lattice-domain`, storage behind `lattice-store`.

pub mod app;
pub mod auth;
mod brand;
mod catalog;
pub mod config;
pub mod credential;
mod current_user;
pub mod demo;
pub mod error;
mod evidence;
mod figures;
pub mod forms;
pub mod fuzzing;
mod handlers;
pub mod i18n;
pub mod input;
mod keep_place;
pub mod key_rotation;
pub mod limits;
pub mod metrics;
pub mod metrics_routes;
pub mod payments;
mod portfolio;
mod portfolio_file;
mod report_cache;
pub mod second_factor;
pub mod security_log;
pub mod state;
mod upload_limits;
mod views;

pub use app::{Application, StartError, router, sync_profiles};
pub use config::Config;
/// The credentials crate's modules under their former paths: handlers, the CLI and the tests
/// name them as `lattice_web::…`.
pub use lattice_credentials::{achievement, certificate, data_integrity};
/// The background work, moved to `lattice-jobs`, under the paths it had: the CLI and the tests
/// name it as `lattice_web::…`.
pub use lattice_jobs::{lifecycle, mail, private_fs, registry_index, reminders};
/// A person's portfolio document, alone or many people's in batches (the tests compare them).
pub use portfolio::{document as portfolio_document, documents as portfolio_documents};
/// The largest upload the service accepts, in bytes.
pub use upload_limits::MAX_BYTES as MAX_UPLOAD_BYTES;
