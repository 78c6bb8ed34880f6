//! Mail delivery. Changes write their mail to the outbox table in the same transaction; this
//! worker takes due mail, sends it (SMTP through lettre, or `.eml` files for the demo), and on
//! failure tries again later with growing gaps. A node that stops mid-way loses nothing: an
//! unsent mail stays in the table and its lease runs out for the next worker.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use futures_util::stream::{self, StreamExt};
use lattice_domain::ids::{MailId, PersonId};
use lattice_store::{Delivery, DeliveryOutcome, MailRow, NewAudit, SharedStore, StoreResult};
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;

use crate::error::JobError;
use crate::progress::{PassKind, PassProgress};
use crate::settings::{MailConfig, MailSettings};

/// After this many failed attempts a mail is marked failed and left for staff to see.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a claimed mail is held before another worker may try it.
const LEASE: i64 = 120;

/// Where mail goes, and how the last attempts went (for `/health`).
#[derive(Debug, Clone)]
pub struct Mailer {
    transport: Transport,
    /// The right-hand side of every Message-ID: the host of the base URL.
    message_id_host: String,
    health: Arc<MailHealth>,
}

#[derive(Clone)]
enum Transport {
    Files {
        dir: PathBuf,
    },
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// `host:port`, for the log and the error a stalled attempt records.
        relay: String,
        /// The whole SMTP conversation of one mail.
        deadline: StdDuration,
    },
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::Files { dir } => write!(f, "Files({})", dir.display()),
            Transport::Smtp { relay, .. } => write!(f, "Smtp({relay})"),
        }
    }
}

/// Why one attempt failed: the relay said no or could not be reached, or it went silent.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SendError {
    Failed(String),
    Stalled(String),
}

impl SendError {
    fn message(self) -> String {
        match self {
            SendError::Failed(message) | SendError::Stalled(message) => message,
        }
    }
}

impl Mailer {
    pub fn new(config: &MailSettings) -> Result<Mailer, String> {
        let message_id_host = config
            .base_url
            .parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.host().map(str::to_string))
            .ok_or_else(|| {
                format!(
                    "base_url: {:?} has no host to name mail by (Message-ID)",
                    config.base_url
                )
            })?;
        let transport = match &config.mail {
            MailConfig::Files { dir } => Transport::Files { dir: dir.clone() },
            MailConfig::Smtp {
                host,
                port,
                starttls,
                username,
                password,
            } => {
                // lettre's own timeout bounds the TCP connect only (its async client reads the
                // greeting and replies without one), so `send` also puts a deadline on the whole
                // conversation.
                let mut builder = if *starttls {
                    AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                        .map_err(|e| format!("smtp_host: {e}"))?
                } else {
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                }
                .port(*port)
                .timeout(Some(config.smtp_timeout));
                if let (Some(user), Some(password)) = (username, password) {
                    builder = builder.credentials(Credentials::new(
                        user.clone(),
                        password.expose().to_string(),
                    ));
                }
                Transport::Smtp {
                    transport: builder.build(),
                    relay: format!("{host}:{port}"),
                    deadline: config.smtp_timeout,
                }
            }
        };
        Ok(Mailer {
            transport,
            message_id_host,
            health: Arc::new(MailHealth::default()),
        })
    }

    /// How the last attempts went, shared by every clone of this mailer.
    pub fn health(&self) -> &MailHealth {
        &self.health
    }

    /// The Message-ID of a mail: the same on every attempt and after a resend.
    pub fn message_id(&self, mail: &MailRow) -> String {
        format!("<{}@{}>", mail.message_key, self.message_id_host)
    }

    /// The message as it goes out (SMTP or `.eml`).
    fn message(&self, from: &str, mail: &MailRow) -> Result<Message, SendError> {
        Message::builder()
            .from(
                from.parse()
                    .map_err(|e| SendError::Failed(format!("mail_from: {e}")))?,
            )
            .to(mail
                .recipient
                .parse()
                .map_err(|e| SendError::Failed(format!("recipient {}: {e}", mail.recipient)))?)
            .subject(mail.subject.clone())
            .message_id(Some(self.message_id(mail)))
            .date_now()
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| SendError::Failed(format!("building the message: {e}")))
    }

    async fn send(&self, from: &str, mail: &MailRow) -> Result<(), String> {
        let sent = match self.message(from, mail) {
            Ok(message) => self.transmit(mail, message).await,
            Err(error) => Err(error),
        };
        self.health.record(&sent, Utc::now());
        sent.map_err(SendError::message)
    }

    async fn transmit(&self, mail: &MailRow, message: Message) -> Result<(), SendError> {
        match &self.transport {
            Transport::Files { dir } => write_eml(dir, mail, &message)
                .await
                .map_err(SendError::Failed),
            Transport::Smtp {
                transport,
                relay,
                deadline,
            } => match tokio::time::timeout(*deadline, transport.send(message)).await {
                Ok(sent) => sent
                    .map(|_| ())
                    .map_err(|e| SendError::Failed(e.to_string())),
                Err(_) => {
                    // Dropping the send drops its connection: a silent relay keeps nothing.
                    let step = "connecting, its greeting or a reply to a command";
                    tracing::warn!(
                        mail_id = mail.id.0,
                        relay,
                        timeout_secs = deadline.as_secs(),
                        step,
                        "SMTP relay stalled"
                    );
                    Err(SendError::Stalled(format!(
                        "SMTP relay {relay} stalled: no answer within {}s ({step})",
                        deadline.as_secs()
                    )))
                }
            },
        }
    }
}

/// Writes one `.eml` file, readable by the service alone (messages carry reset and rating
/// links).
async fn write_eml(dir: &std::path::Path, mail: &MailRow, message: &Message) -> Result<(), String> {
    let mut folder = tokio::fs::DirBuilder::new();
    folder.recursive(true);
    #[cfg(unix)]
    folder.mode(crate::private_fs::DIR_MODE);
    folder
        .create(dir)
        .await
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    // Written whole then renamed, so a reader never sees half a message; the name is the
    // outbox id, so a retry overwrites instead of duplicating.
    let target = dir.join(format!("{:08}.eml", mail.id.0));
    let partial = dir.join(format!(".{:08}.eml.partial", mail.id.0));
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(crate::private_fs::FILE_MODE);
    let written = async {
        let mut file = options.open(&partial).await?;
        tokio::io::AsyncWriteExt::write_all(&mut file, &message.formatted()).await?;
        tokio::io::AsyncWriteExt::flush(&mut file).await
    };
    written
        .await
        .map_err(|e| format!("{}: {e}", partial.display()))?;
    tokio::fs::rename(&partial, &target)
        .await
        .map_err(|e| format!("{}: {e}", target.display()))
}

/// How mail delivery went lately, as `/health` reports it. Kept in memory by each node: it
/// says what this node's worker saw, which is what an operator looking at a node wants.
#[derive(Debug, Default)]
pub struct MailHealth(Mutex<HealthState>);

#[derive(Debug, Default, Clone)]
struct HealthState {
    last_success: Option<DateTime<Utc>>,
    last_error: Option<(DateTime<Utc>, String)>,
    /// Whether the latest attempt went silent (the relay stopped answering).
    stalled: bool,
    /// Whether the latest attempt failed.
    failing: bool,
}

/// What `/health` shows of mail delivery.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MailHealthReport {
    /// `idle` (nothing attempted since start), `ok` (the latest attempt was sent), `failing`
    /// (the latest attempt was refused or could not connect), `stalled` (the latest attempt
    /// got no answer within `smtp_timeout`).
    pub state: &'static str,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
}

impl MailHealth {
    fn record(&self, sent: &Result<(), SendError>, at: DateTime<Utc>) {
        let mut state = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match sent {
            Ok(()) => {
                state.last_success = Some(at);
                state.stalled = false;
                state.failing = false;
            }
            Err(error) => {
                state.stalled = matches!(error, SendError::Stalled(_));
                state.failing = true;
                state.last_error = Some((at, error.clone().message()));
            }
        }
    }

    pub fn report(&self) -> MailHealthReport {
        let state = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        MailHealthReport {
            state: match (state.stalled, state.failing, state.last_success) {
                (true, _, _) => "stalled",
                (false, true, _) => "failing",
                (false, false, Some(_)) => "ok",
                (false, false, None) => "idle",
            },
            last_success: state.last_success,
            last_error_at: state.last_error.as_ref().map(|(at, _)| *at),
            last_error: state.last_error.map(|(_, error)| error),
        }
    }
}

/// The audit row of a resend of failed mail, by the administrator on the failed-mail page or
/// by the operator's `lattice mail resend` (no actor).
pub fn resend_audit(id: MailId, actor: Option<PersonId>, reason: &str) -> NewAudit {
    NewAudit {
        at: Utc::now(),
        actor,
        association: None,
        subject: format!("mail:{id}"),
        action: "resend-mail".to_string(),
        reason: reason.to_string(),
    }
}

/// The wait before the next try after `attempts` failures: 30 s doubling, at most 6 h.
pub fn backoff(attempts: i64) -> Duration {
    let exponent = u32::try_from(attempts.clamp(0, 12)).unwrap_or(12);
    Duration::seconds((30_i64 << exponent).min(6 * 3600))
}

/// Mails taken per claim. A batch is sent and recorded before the next claim, well within
/// the lease even over a slow SMTP relay.
const BATCH: i64 = 50;
/// Mails in flight at once (lettre keeps a pool of SMTP connections).
const IN_FLIGHT: usize = 8;

/// What one call of [`deliver_due`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub claimed: usize,
    /// Of those claimed, how many were bulk mail (counted against the bulk rate).
    pub bulk: usize,
    pub sent: usize,
}

/// One batch of due mail: waited-for mail first, then at most `bulk_room` bulk mails. The
/// outcomes are recorded together in one transaction: a crash before it sends the batch again
/// (at least once; the `.eml` writer overwrites by outbox id).
pub async fn deliver_due(
    store: &SharedStore,
    mailer: &Mailer,
    from: &str,
    now: DateTime<Utc>,
    bulk_room: usize,
) -> StoreResult<Delivered> {
    let bulk_limit = i64::try_from(bulk_room).unwrap_or(BATCH);
    let claimed = store
        .claim_due_mail(now, now + Duration::seconds(LEASE), BATCH, bulk_limit)
        .await?;
    if claimed.is_empty() {
        return Ok(Delivered {
            claimed: 0,
            bulk: 0,
            sent: 0,
        });
    }
    // The futures are made first: a closure inside the stream's type trips the compiler's
    // higher-ranked lifetime check when the worker is spawned.
    let sends: Vec<_> = claimed
        .iter()
        .map(|mail| async move { delivery(mail, mailer.send(from, mail).await) })
        .collect();
    let deliveries: Vec<Delivery> = stream::iter(sends)
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    store.record_deliveries(&deliveries).await?;
    Ok(Delivered {
        claimed: claimed.len(),
        bulk: claimed.iter().filter(|mail| mail.bulk).count(),
        sent: deliveries
            .iter()
            .filter(|d| matches!(d.outcome, DeliveryOutcome::Sent { .. }))
            .count(),
    })
}

/// The bulk-mail allowance: `per_second` a second, saved up for at most one second.
#[derive(Debug)]
struct BulkAllowance {
    per_second: f64,
    available: f64,
    at: Instant,
}

impl BulkAllowance {
    fn new(per_second: u32, now: Instant) -> BulkAllowance {
        BulkAllowance {
            per_second: f64::from(per_second),
            available: f64::from(per_second),
            at: now,
        }
    }

    /// Whole mails that may go at `now`.
    fn room(&mut self, now: Instant) -> usize {
        let earned = now.saturating_duration_since(self.at).as_secs_f64() * self.per_second;
        self.available = (self.available + earned).min(self.per_second);
        self.at = now;
        // The floor of a small non-negative number (at most `per_second`, a u32).
        self.available.max(0.0).floor() as usize
    }

    fn spend(&mut self, mails: usize) {
        self.available -= mails as f64;
    }
}

/// What to record for one attempt: sent, or failed with the next try after a growing gap.
fn delivery(mail: &MailRow, result: Result<(), String>) -> Delivery {
    let outcome = match result {
        Ok(()) => {
            tracing::info!(mail_id = mail.id.0, "mail sent");
            DeliveryOutcome::Sent { at: Utc::now() }
        }
        Err(error) => {
            let attempts = mail.attempts + 1;
            let retry_at = (attempts < MAX_ATTEMPTS).then(|| Utc::now() + backoff(attempts));
            tracing::warn!(mail_id = mail.id.0, attempts, %error, gives_up = retry_at.is_none(), "mail not sent");
            DeliveryOutcome::Failed { error, retry_at }
        }
    };
    Delivery {
        id: mail.id,
        outcome,
    }
}

/// When the worker looks for due reminders, and the address their links point at.
#[derive(Debug, Clone)]
pub struct ReminderSchedule {
    pub base_url: String,
    pub every: StdDuration,
    /// The rules, for renewal deadlines.
    pub catalog: lattice_profiles::Catalog,
    /// Where the passes report what they did, for the metrics page.
    pub progress: PassProgress,
}

/// Runs until `shutdown` turns true. Store errors are logged and retried on the next tick.
///
/// Delivery takes batch after batch while mail is due, then waits `poll`; bulk mail goes at
/// most `bulk_per_second` a second, waited-for mail at once. The reminder and
/// yearly passes run beside it, at start and then once per `reminders.every`, so a long pass
/// never holds up a confirmation somebody is waiting for. Every node runs this; the store sends
/// each reminder key once, so several nodes cannot send one twice.
pub async fn run_worker(
    store: SharedStore,
    mailer: Mailer,
    from: String,
    poll: StdDuration,
    bulk_per_second: u32,
    reminders: ReminderSchedule,
    mut shutdown: watch::Receiver<bool>,
) {
    let passes = tokio::spawn(run_passes(store.clone(), reminders, shutdown.clone()));
    let mut allowance = BulkAllowance::new(bulk_per_second, Instant::now());
    loop {
        let room = allowance.room(Instant::now());
        // A shutdown does not wait for a batch in flight: its mails keep their lease and are
        // sent again once it runs out (at least once, as after a crash).
        let pass = tokio::select! {
            pass = deliver_due(&store, &mailer, &from, Utc::now(), room) => pass,
            _ = shutdown.changed() => break,
        };
        let full = match pass {
            Ok(done) => {
                allowance.spend(done.bulk);
                done.claimed == usize::try_from(BATCH).unwrap_or(usize::MAX)
            }
            Err(error) => {
                tracing::error!(%error, "mail worker pass failed");
                false
            }
        };
        if !full {
            // Nothing more due, or the bulk allowance spent: the next poll earns more of it.
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => {}
            }
        }
        if *shutdown.borrow() {
            break;
        }
    }
    let _ = passes.await;
}

/// The review reminders, then the yearly pass (lapses and renewal reminders) once a day: a
/// node that restarts, or several nodes, skip a day's pass another already finished.
async fn run_passes(
    store: SharedStore,
    reminders: ReminderSchedule,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let now = Utc::now();
        match crate::reminders::send_due(&store, &reminders.base_url, now).await {
            Ok(0) => {}
            Ok(sent) => {
                reminders.progress.reminders_queued(sent);
                tracing::info!(sent, "reminders queued");
            }
            Err(error) => {
                reminders.progress.failed(PassKind::reminders);
                tracing::error!(%error, "reminder pass failed");
            }
        }
        if let Err(error) = yearly_pass_once_a_day(&store, &reminders, now).await {
            reminders.progress.failed(PassKind::yearly);
            tracing::error!(%error, "endorsement pass failed");
        }
        // Counted from the start of the pass, failed or not: a failing database is retried
        // on the next interval rather than at once, and reminders are by the day.
        let next = tokio::time::Instant::now() + reminders.every;
        tokio::select! {
            _ = tokio::time::sleep_until(next) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

async fn yearly_pass_once_a_day(
    store: &SharedStore,
    reminders: &ReminderSchedule,
    now: DateTime<Utc>,
) -> Result<(), JobError> {
    let day = crate::lifecycle::day_key(now.date_naive());
    if store.reminder_recorded(&day).await? {
        return Ok(());
    }
    reminders.progress.yearly_started();
    let (lapsed, reminded) =
        crate::lifecycle::run_pass(store, &reminders.catalog, &reminders.base_url, now).await?;
    if lapsed > 0 || reminded > 0 {
        tracing::info!(lapsed, reminded, "endorsements kept");
    }
    // Recorded only once the whole pass is done: a pass cut short runs again, and its keys
    // make sure nothing goes out twice.
    store.send_reminder(&day, &[], now).await?;
    reminders
        .progress
        .yearly_finished(lapsed, reminded, Utc::now());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_mail_is_allowed_its_rate_and_saves_up_one_second_at_most() {
        let start = Instant::now();
        let mut allowance = BulkAllowance::new(20, start);
        assert_eq!(allowance.room(start), 20);
        allowance.spend(20);
        assert_eq!(allowance.room(start), 0);
        assert_eq!(allowance.room(start + StdDuration::from_millis(500)), 10);
        allowance.spend(3);
        assert_eq!(allowance.room(start + StdDuration::from_millis(500)), 7);
        // An idle hour earns one second's worth, not 72,000 mails at once.
        assert_eq!(allowance.room(start + StdDuration::from_secs(3600)), 20);
    }

    #[test]
    fn backoff_doubles_then_caps() {
        assert_eq!(backoff(1), Duration::seconds(60));
        assert_eq!(backoff(2), Duration::seconds(120));
        assert_eq!(backoff(12), Duration::hours(6));
        assert_eq!(backoff(100), Duration::hours(6));
    }
}
