//! What the metrics page reads from storage at each scrape: the outbox's state, when the
//! latest of some reminder keys was recorded (the yearly pass records one per day), and how
//! busy the connection pool is. Each is one query (or none), cheap enough for a scrape every
//! few seconds from each node; none returns anything about a person. A supertrait of
//! [`Store`](crate::Store), so its methods live apart from the use cases.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::StoreResult;
use crate::sql::{SqlStore, time};

/// The outbox at one moment. `waiting` counts mail not yet delivered, including a batch a
/// worker has claimed and is sending; `failed` is mail given up on, waiting for staff to send
/// it again from the failed-mail page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxGauges {
    pub waiting: i64,
    /// When the longest-waiting undelivered mail was queued; `None` when nothing waits.
    pub oldest_waiting: Option<DateTime<Utc>>,
    /// Of the waiting mail, how much has failed at least once and waits for its retry.
    pub retrying: i64,
    pub failed: i64,
}

/// The connection pool of this process (not of the database server: other nodes have theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    /// Connections open, idle or in use.
    pub open: u32,
    pub idle: u32,
    /// The most the pool will open; requests wait for a connection beyond it.
    pub max: u32,
}

#[async_trait]
pub trait MetricsStore {
    /// The outbox's depth, its oldest waiting mail and its failures, in one query.
    async fn outbox_gauges(&self) -> StoreResult<OutboxGauges>;
    /// When the latest of these reminder keys was recorded (keys are the primary key, so this
    /// is an index lookup per key); `None` when none of them was.
    async fn latest_key_recorded(&self, keys: &[String]) -> StoreResult<Option<DateTime<Utc>>>;
    /// No query: the pool's own counters.
    fn pool_usage(&self) -> PoolUsage;
}

#[async_trait]
impl MetricsStore for SqlStore {
    async fn outbox_gauges(&self) -> StoreResult<OutboxGauges> {
        // COUNT over CASE rather than SUM: PostgreSQL's SUM of integers is numeric, which the
        // Any driver cannot read. The WHERE keeps the scan to the status index's undelivered
        // part; sent mail, nearly all of the table, is never read.
        let (waiting, oldest, retrying, failed): (i64, Option<i64>, i64, i64) = sqlx::query_as(
            "SELECT COUNT(CASE WHEN status = 'pending' THEN 1 END), \
                    MIN(CASE WHEN status = 'pending' THEN created_at END), \
                    COUNT(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 END), \
                    COUNT(CASE WHEN status = 'failed' THEN 1 END) \
             FROM outbox WHERE status IN ('pending', 'failed')",
        )
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(OutboxGauges {
            waiting,
            oldest_waiting: oldest.map(time).transpose()?,
            retrying,
            failed,
        })
    }

    async fn latest_key_recorded(&self, keys: &[String]) -> StoreResult<Option<DateTime<Utc>>> {
        if keys.is_empty() {
            return Ok(None);
        }
        let places: Vec<String> = (1..=keys.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT MAX(sent_at) FROM reminders_sent WHERE key IN ({})",
            places.join(", ")
        );
        let mut query = sqlx::query_scalar::<_, Option<i64>>(&sql);
        for key in keys {
            query = query.bind(key.as_str());
        }
        let latest = query.fetch_one(&mut *self.reader().await?).await?;
        latest.map(time).transpose()
    }

    fn pool_usage(&self) -> PoolUsage {
        PoolUsage {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }
}
