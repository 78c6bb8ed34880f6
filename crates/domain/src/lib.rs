//! Lattice's domain: the Endorsement® rules as pure functions over plain values.
//!
//! Nothing here performs IO or knows about HTTP, SQL or files; callers parse input into these
//! types, ask the engine, and render or store what it returns.

pub mod application;
pub mod brand;
pub mod category;
pub mod competency;
pub mod coverage;
pub mod dates;
pub mod documents;
pub mod endorsement;
pub mod engine;
pub mod exam;
pub mod format;
pub mod ids;
pub mod language;
pub mod minutes;
pub mod pathfinder;
pub mod phrase;
pub mod portfolio;
pub mod preview;
pub mod profile;
pub mod reinstatement;
pub mod reminders;
pub mod renewal;
pub mod renewal_change;
pub mod report;
pub mod review;
pub mod rights;
