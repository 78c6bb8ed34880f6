//! One pooled connection for all the reads of a request.
//!
//! sqlx pings every connection on its way back to the pool: on SQLite a round trip to the
//! connection's thread, on PostgreSQL one over the network. Run statement by statement on the
//! pool, a page of six reads paid six pings, as much again as the reads themselves
//! (`docs/PERFORMANCE.md`, "One connection per request"). Inside [`request_scope`] the reads
//! share one connection, taken at the first read and given back (with its one ping) when the
//! request ends.
//!
//! A request that holds a connection and asks for another (a write, or a read begun while
//! another read of the request still holds the first) must not wait for ever on requests
//! that do the same. So:
//! - a write first gives the request's connection back ([`SqlStore::release_held`]);
//! - a read that finds the request's connection busy takes one from the pool for itself;
//! - and a quarter of the pool (at least one connection) is never kept by a request, so such
//!   a second connection always comes free once the statements running on it end.
//!
//! Outside a scope (the jobs, the CLI) every read takes a connection of its own, as before.

use std::future::Future;
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection};
use tokio::sync::{Mutex, OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

use crate::sql::SqlStore;

/// A request's connection, with its place among the requests allowed to keep one.
pub(crate) struct Held {
    conn: PoolConnection<Any>,
    _place: OwnedSemaphorePermit,
}

type Slot = Arc<Mutex<Option<Held>>>;

tokio::task_local! {
    static HELD: Slot;
}

/// Runs `request` with one pooled connection for its reads (see the module's note). The web
/// layer wraps every request in it.
pub async fn request_scope<F: Future>(request: F) -> F::Output {
    HELD.scope(Arc::new(Mutex::new(None)), request).await
}

/// How many requests may keep a connection at once in a pool of `max_connections`: all but a
/// quarter of it, at least one connection left free.
pub(crate) fn holders_for(max_connections: u32) -> Arc<Semaphore> {
    let max = max_connections as usize;
    let free = (max / 4).max(1);
    Arc::new(Semaphore::new(max.saturating_sub(free)))
}

/// A connection for one read: the request's own, or one from the pool (outside a request,
/// while another read of the same request holds the request's, or when as many requests as
/// may already keep one).
#[clippy::has_significant_drop]
pub(crate) enum Reader {
    Held(OwnedMutexGuard<Option<Held>>),
    Pooled(PoolConnection<Any>),
}

impl std::ops::Deref for Reader {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match self {
            Reader::Held(slot) => &slot.as_ref().expect("filled before use").conn,
            Reader::Pooled(conn) => conn,
        }
    }
}

impl std::ops::DerefMut for Reader {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            Reader::Held(slot) => &mut slot.as_mut().expect("filled before use").conn,
            Reader::Pooled(conn) => conn,
        }
    }
}

impl SqlStore {
    /// A connection for a read. Never waits for the request's own connection.
    pub(crate) async fn reader(&self) -> Result<Reader, sqlx::Error> {
        if let Ok(slot) = HELD.try_with(Arc::clone)
            && let Ok(mut held) = slot.try_lock_owned()
        {
            if held.is_some() {
                return Ok(Reader::Held(held));
            }
            if let Ok(place) = self.holders.clone().try_acquire_owned() {
                let conn = self.pool.acquire().await?;
                *held = Some(Held {
                    conn,
                    _place: place,
                });
                return Ok(Reader::Held(held));
            }
        }
        Ok(Reader::Pooled(self.pool.acquire().await?))
    }

    /// Gives the request's connection back to the pool, before a write waits for its turn
    /// or its own connection. The request's next read takes one again.
    pub(crate) fn release_held(&self) {
        if let Ok(slot) = HELD.try_with(Arc::clone)
            && let Ok(mut held) = slot.try_lock()
        {
            held.take();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::holders_for;

    #[test]
    fn a_quarter_of_the_pool_is_never_kept_by_a_request() {
        assert_eq!(holders_for(16).available_permits(), 12);
        assert_eq!(holders_for(8).available_permits(), 6);
        assert_eq!(holders_for(4).available_permits(), 3);
        assert_eq!(holders_for(3).available_permits(), 2);
        assert_eq!(holders_for(2).available_permits(), 1);
        assert_eq!(holders_for(1).available_permits(), 0);
    }
}
