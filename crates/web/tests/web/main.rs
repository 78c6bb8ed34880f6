//! The web service driven in-process through its router (no sockets), on SQLite and, where
//! it matters for storage, PostgreSQL too. Mail tests use the real `smtp-sink` process.

mod accessibility;
mod achievements;
mod browser;
mod browser_endorsed;
mod browser_review;
mod browser_staff;
mod credentials;
mod data_integrity;
mod evidence;
mod isolation;
mod journey;
mod mail;
mod members;
mod openapi;
mod operations;
mod pages;
mod portfolio;
mod registry;
mod registry_index;
mod reminders;
mod renewal;
mod reports;
mod review_admin;
mod review_flow;
mod review_rights;
mod security;
mod security_accounts;
mod security_hardening;
mod staff_accounts;
mod status_holds;
mod support;
mod threads;
mod transcripts;
mod transfers;
mod workflow;
