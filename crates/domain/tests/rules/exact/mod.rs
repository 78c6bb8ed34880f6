//! Exact reports: each rule's boundaries on both sides, and the exact words and numbers of
//! every "missing" line, detail and piece of advice a person reads.
//!
//! Written against the mutants `scripts/mutants` found surviving (docs/RELIABILITY.md,
//! "Mutation testing"): a test here fails when the rule it names changes. Expected values come
//! from the rules (DOMAIN.md, the seeds, `profiles/*.toml`), worked out by hand in the comments,
//! never copied from the engine's output.

mod basics;
mod pathfinder;
mod ranking;
mod references;
mod renewal;
mod rsc;
mod training;
mod words;
mod work;
