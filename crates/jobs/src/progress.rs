//! What this node's background passes have done, as Prometheus counters and gauges. The web
//! crate registers them in its metrics registry (`PassProgress::register`) and serves them.

use chrono::{DateTime, Utc};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PassLabels {
    pass: PassKind,
}

/// The background passes the mail worker runs.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[expect(non_camel_case_types, reason = "the label values as they are written")]
pub enum PassKind {
    /// Review, rating and membership reminders, every `reminder_interval`.
    reminders,
    /// Lapses and renewal reminders, once a day across all nodes.
    yearly,
}

/// What this node's worker has done in its background passes. Clones share the counters.
#[derive(Debug, Clone, Default)]
pub struct PassProgress {
    reminders_queued: Counter,
    yearly_running: Gauge,
    yearly_lapsed: Counter,
    yearly_reminders: Counter,
    yearly_completed: Counter,
    yearly_finished_at: Gauge,
    failures: Family<PassLabels, Counter>,
}

impl PassProgress {
    /// A reminder pass queued `sent` reminders.
    pub fn reminders_queued(&self, sent: usize) {
        self.reminders_queued
            .inc_by(u64::try_from(sent).unwrap_or(u64::MAX));
    }

    /// This node starts the day's yearly pass.
    pub fn yearly_started(&self) {
        self.yearly_running.set(1);
    }

    /// This node finished the day's yearly pass.
    pub fn yearly_finished(&self, lapsed: usize, reminded: usize, at: DateTime<Utc>) {
        self.yearly_running.set(0);
        self.yearly_lapsed
            .inc_by(u64::try_from(lapsed).unwrap_or(u64::MAX));
        self.yearly_reminders
            .inc_by(u64::try_from(reminded).unwrap_or(u64::MAX));
        self.yearly_completed.inc();
        self.yearly_finished_at.set(at.timestamp());
    }

    /// A pass failed (it is tried again on the next interval).
    pub fn failed(&self, pass: PassKind) {
        if pass == PassKind::yearly {
            self.yearly_running.set(0);
        }
        self.failures.get_or_create(&PassLabels { pass }).inc();
    }

    /// Puts these counters in the app's registry, under the names the metrics page has
    /// always shown. The registry is the web crate's (one per app); the counters are the
    /// worker's, so the worker reports without knowing who reads.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "reminders_queued",
            "Reminders this node's reminder passes queued",
            self.reminders_queued.clone(),
        );
        registry.register(
            "yearly_pass_running",
            "1 while this node runs the day's yearly pass",
            self.yearly_running.clone(),
        );
        registry.register(
            "yearly_pass_lapsed",
            "Endorsements this node's yearly passes lapsed",
            self.yearly_lapsed.clone(),
        );
        registry.register(
            "yearly_pass_reminders",
            "Renewal reminders this node's yearly passes queued",
            self.yearly_reminders.clone(),
        );
        registry.register(
            "yearly_pass_completed",
            "Yearly passes this node completed",
            self.yearly_completed.clone(),
        );
        registry.register(
            "yearly_pass_node_finished_timestamp_seconds",
            "When this node last completed a yearly pass (Unix time; 0 if never)",
            self.yearly_finished_at.clone(),
        );
        registry.register(
            "background_pass_failures",
            "Background passes that failed (retried on the next interval), by pass",
            self.failures.clone(),
        );
    }
}
