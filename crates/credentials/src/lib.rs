//! Lattice's credentials, apart from HTTP: the certificate PDF, each endorsement as an Open
//! Badges 3.0 credential and each category as an achievement with its badge, the embedded
//! Data Integrity proof, the encoding of the status lists, and the making, signing with,
//! sealing and naming of signing keys. Pure: no store access, no HTTP, no async. The web
//! service (`lattice-web`'s `credential` module) finds keys and records and serves what this
//! crate makes.

pub mod achievement;
pub mod certificate;
pub mod data_integrity;
pub mod keys;
pub mod openbadge;
pub mod status;
