//! Metrics for Prometheus, served on their own address (`metrics_bind`), never on the site's.
//!
//! Each app has its own registry in its state rather than a process-wide recorder: the tests
//! run many apps in one process, and each must count only its own requests.
//!
//! What is counted never names a person: requests are labelled by the route's pattern
//! (`/verify/{number}`, never the number), a method from a fixed list and a status class; the
//! outbox, the yearly pass and the pool are numbers. The store's figures are read when the
//! page is scraped, one query each, so they are as fresh as the scrape and cost nothing
//! between scrapes.

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use lattice_jobs::progress::PassProgress;
use lattice_store::SharedStore;
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;

/// Upper bounds of the latency buckets, in seconds: 1 ms to 5 s, about 2.5x apart, so a p99
/// can be read to within a bucket from a page answered from memory to a slow export.
pub const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// The `route` label of a request no route matched (a 404 from the fallback): one series
/// for all of them, whatever paths people or scanners try.
pub const UNMATCHED_ROUTE: &str = "(no route)";

/// How many past days' yearly-pass keys the scrape looks up: the last completed pass is
/// reported if it ran within this window (an alert fires long before it runs out).
const PASS_DAYS_LOOKED_AT: i64 = 7;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: MethodLabel,
    status: StatusClass,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: MethodLabel,
}

/// The methods the site answers, and `OTHER` for anything a client makes up, so an invented
/// method cannot add series.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[expect(
    clippy::upper_case_acronyms,
    reason = "methods are written as HTTP writes them"
)]
enum MethodLabel {
    GET,
    HEAD,
    POST,
    PUT,
    PATCH,
    DELETE,
    OPTIONS,
    OTHER,
}

impl From<&Method> for MethodLabel {
    fn from(method: &Method) -> MethodLabel {
        match *method {
            Method::GET => MethodLabel::GET,
            Method::HEAD => MethodLabel::HEAD,
            Method::POST => MethodLabel::POST,
            Method::PUT => MethodLabel::PUT,
            Method::PATCH => MethodLabel::PATCH,
            Method::DELETE => MethodLabel::DELETE,
            Method::OPTIONS => MethodLabel::OPTIONS,
            _ => MethodLabel::OTHER,
        }
    }
}

/// `2xx`, `3xx`, …: the class is what alerts need, and a label per status code would only
/// multiply the series.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq)]
enum StatusClass {
    Informational,
    Success,
    Redirection,
    ClientError,
    ServerError,
}

impl From<StatusCode> for StatusClass {
    fn from(status: StatusCode) -> StatusClass {
        match status.as_u16() {
            100..=199 => StatusClass::Informational,
            200..=299 => StatusClass::Success,
            300..=399 => StatusClass::Redirection,
            400..=499 => StatusClass::ClientError,
            _ => StatusClass::ServerError,
        }
    }
}

impl EncodeLabelValue for StatusClass {
    fn encode(
        &self,
        encoder: &mut prometheus_client::encoding::LabelValueEncoder<'_>,
    ) -> Result<(), std::fmt::Error> {
        use std::fmt::Write;
        encoder.write_str(match self {
            StatusClass::Informational => "1xx",
            StatusClass::Success => "2xx",
            StatusClass::Redirection => "3xx",
            StatusClass::ClientError => "4xx",
            StatusClass::ServerError => "5xx",
        })
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
    backend: &'static str,
}

/// The registry of one app and the handles that record into it.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    outbox_waiting: Gauge,
    outbox_oldest_age: Gauge<f64, AtomicU64>,
    mail_retrying: Gauge,
    mail_failed: Gauge,
    yearly_pass_last_completed: Gauge,
    database_up: Gauge,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    progress: PassProgress,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

impl Metrics {
    pub fn new(backend: lattice_store::Backend) -> Metrics {
        let mut registry = Registry::with_prefix("lattice");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route pattern, method and status class",
            requests.clone(),
        );
        let durations = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its response's head, by route pattern and method",
            durations.clone(),
        );
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let gauge = Gauge::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        let outbox_waiting = gauge(
            &mut registry,
            "mail_outbox_waiting",
            "Mails queued and not yet delivered (including a batch being sent)",
        );
        let outbox_oldest_age = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "mail_outbox_oldest_waiting_age_seconds",
            "How long the longest-waiting undelivered mail has waited; 0 when none waits",
            outbox_oldest_age.clone(),
        );
        let mail_retrying = gauge(
            &mut registry,
            "mail_outbox_retrying",
            "Undelivered mails that failed at least once and wait for a retry",
        );
        let mail_failed = gauge(
            &mut registry,
            "mail_failed",
            "Mails given up on after their retries, waiting for staff to send them again",
        );
        let yearly_pass_last_completed = gauge(
            &mut registry,
            "yearly_pass_last_completed_timestamp_seconds",
            "When the latest daily yearly pass completed on any node (Unix time; 0 if none in a week)",
        );
        let database_up = gauge(
            &mut registry,
            "database_up",
            "1 when this scrape could read the database, else 0 (the store figures are then stale)",
        );
        let pool_open = gauge(
            &mut registry,
            "db_pool_connections",
            "Database connections this node has open, idle or in use",
        );
        let pool_idle = gauge(
            &mut registry,
            "db_pool_idle_connections",
            "Database connections this node has open and idle",
        );
        let pool_max = gauge(
            &mut registry,
            "db_pool_max_connections",
            "The most database connections this node opens",
        );
        let progress = PassProgress::default();
        progress.register(&mut registry);
        registry.register(
            "build",
            "The running version and database backend",
            Info::new(BuildLabels {
                version: env!("CARGO_PKG_VERSION"),
                backend: match backend {
                    lattice_store::Backend::Sqlite => "sqlite",
                    lattice_store::Backend::Postgres => "postgres",
                },
            }),
        );
        Metrics {
            registry,
            requests,
            durations,
            outbox_waiting,
            outbox_oldest_age,
            mail_retrying,
            mail_failed,
            yearly_pass_last_completed,
            database_up,
            pool_open,
            pool_idle,
            pool_max,
            progress,
        }
    }

    /// The handle the mail worker records its passes with.
    pub fn progress(&self) -> &PassProgress {
        &self.progress
    }

    pub(crate) fn observe(&self, route: &str, method: &Method, status: StatusCode, took: Duration) {
        let method = MethodLabel::from(method);
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                method,
                status: status.into(),
            })
            .inc();
        self.durations
            .get_or_create(&RouteLabels {
                route: route.to_string(),
                method,
            })
            .observe(took.as_secs_f64());
    }

    /// Reads the store's figures into the gauges. A failed read leaves them as they were and
    /// says so in `database_up`, so the request figures are still served.
    pub(crate) async fn refresh(&self, store: &SharedStore, now: DateTime<Utc>) {
        let pool = store.pool_usage();
        self.pool_open.set(i64::from(pool.open));
        self.pool_idle.set(i64::from(pool.idle));
        self.pool_max.set(i64::from(pool.max));
        let days: Vec<String> = (0..PASS_DAYS_LOOKED_AT)
            .map(|back| {
                lattice_jobs::lifecycle::day_key(now.date_naive() - chrono::Days::new(back as u64))
            })
            .collect();
        let outbox = store.outbox_gauges().await;
        let pass = store.latest_key_recorded(&days).await;
        match (outbox, pass) {
            (Ok(outbox), Ok(pass)) => {
                self.database_up.set(1);
                self.outbox_waiting.set(outbox.waiting);
                self.mail_retrying.set(outbox.retrying);
                self.mail_failed.set(outbox.failed);
                let age = outbox.oldest_waiting.map_or(0.0, |at| {
                    (now - at).num_milliseconds().max(0) as f64 / 1000.0
                });
                self.outbox_oldest_age.set(age);
                self.yearly_pass_last_completed
                    .set(pass.map_or(0, |at| at.timestamp()));
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "metrics: reading the outbox or the pass failed");
                self.database_up.set(0);
            }
        }
    }

    /// The registry in Prometheus's text format (version 0.0.4).
    pub(crate) fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}
