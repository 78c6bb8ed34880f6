//! The day's endorsement pass (lapses, renewal reminders) across real `lattice serve` nodes on
//! one PostgreSQL database: three nodes started together do its work once, and a node killed
//! with SIGKILL half-way leaves the rest for the next node, with nothing done twice.

use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, Utc};
use lattice_store::{NewEndorsement, NewPerson, SharedStore};
use sqlx::Row;

use crate::server::{SHARED_KEY, Server};

/// Endorsements that ended a month ago, all MassAIMH.
const LAPSING: usize = 3_000;
/// Endorsements good through the end of this year, whose renewal is due by December 31.
const RENEWING: usize = 500;

struct Cluster {
    url: String,
    store: SharedStore,
    /// For the counts the store has no method for; one pool, polled every few milliseconds.
    pool: sqlx::AnyPool,
    /// Kept for the nodes' `--data-dir`; removed when the test ends.
    dir: tempfile::TempDir,
    today: NaiveDate,
}

impl Cluster {
    /// A migrated PostgreSQL database with the associations and the endorsees the pass will
    /// find, before any node has started (a node runs the day's pass as it starts).
    async fn seeded() -> Option<Cluster> {
        let url = lattice_store::testing::postgres_url().await?;
        let store = lattice_store::connect(&url, 4).await.expect("connect");
        lattice_web::sync_profiles(&store)
            .await
            .expect("associations");
        let massaimh = store
            .association_by_slug("massaimh")
            .await
            .expect("massaimh");
        let today = Utc::now().date_naive();
        let end_of_year = NaiveDate::from_ymd_opt(today.year(), 12, 31).expect("date");
        for (prefix, count, valid_through) in [
            ("lapsing", LAPSING, today - chrono::Duration::days(30)),
            ("renewing", RENEWING, end_of_year),
        ] {
            let people: Vec<NewPerson> = (0..count)
                .map(|i| NewPerson {
                    email: format!("{prefix}{i}@passes.test"),
                    name: format!("Endorsee {prefix} {i}"),
                    password_hash: None,
                    admin: false,
                })
                .collect();
            let ids = store.add_people(&people).await.expect("people");
            let endorsements: Vec<NewEndorsement> = ids
                .iter()
                .zip(&people)
                .map(|(person, p)| NewEndorsement {
                    person: *person,
                    association: massaimh.id,
                    abbreviation: "MassAIMH".to_string(),
                    application: None,
                    category: "IFS".to_string(),
                    name_line: format!("{}, IMH-E®", p.name),
                    title_line: "Infant Family Specialist".to_string(),
                    display_name: p.name.clone(),
                    city: "Boston".to_string(),
                    region: "MA".to_string(),
                    endorsed_on: valid_through - chrono::Duration::days(365),
                    valid_through,
                    at: Utc::now(),
                })
                .collect();
            store
                .add_endorsements(&endorsements)
                .await
                .expect("endorsements");
        }
        let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
        Some(Cluster {
            url,
            store,
            pool,
            dir: tempfile::tempdir().expect("dir"),
            today,
        })
    }

    fn node(&self) -> Server {
        let dir = self.dir.path().display().to_string();
        Server::start_with(
            &["--database-url", &self.url, "--data-dir", &dir],
            &[("LATTICE_CREDENTIAL_KEY", SHARED_KEY)],
        )
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query(sql)
            .fetch_one(&self.pool)
            .await
            .expect(sql)
            .try_get(0)
            .expect("a count")
    }

    async fn lapsed(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM endorsements WHERE status = 'lapsed'")
            .await
    }

    async fn pass_finished(&self) -> bool {
        self.store
            .reminder_recorded(&lattice_web::lifecycle::day_key(self.today))
            .await
            .expect("day key")
    }

    async fn wait_for_the_pass(&self) {
        let started = Instant::now();
        while !self.pass_finished().await {
            assert!(
                started.elapsed() < Duration::from_secs(180),
                "the day's pass did not finish in 3 minutes"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Every lapse done once: each endorsement lapsed, one audit row and one notice for each,
    /// and (from November on, when the December 31 deadline is within the first reminder's
    /// 60 days) one renewal reminder for each renewing endorsee.
    async fn assert_done_once(&self) {
        assert_eq!(self.lapsed().await, LAPSING as i64);
        assert_eq!(
            self.count("SELECT COUNT(*) FROM audit_log WHERE action = 'lapse'")
                .await,
            LAPSING as i64
        );
        let notices = "SELECT COUNT(*) FROM outbox WHERE subject = 'Your endorsement has lapsed'";
        assert_eq!(self.count(notices).await, LAPSING as i64);
        let noticed_twice = "SELECT COUNT(*) FROM (SELECT recipient FROM outbox WHERE subject = \
             'Your endorsement has lapsed' GROUP BY recipient HAVING COUNT(*) > 1) twice";
        assert_eq!(self.count(noticed_twice).await, 0);
        // MassAIMH's renewal is due by December 31 (profiles/massaimh.toml).
        let deadline = NaiveDate::from_ymd_opt(self.today.year(), 12, 31).expect("date");
        let reminders_due = self.today >= deadline - chrono::Duration::days(60);
        let reminders = "SELECT COUNT(*) FROM outbox WHERE subject LIKE '%renewal is due%'";
        assert_eq!(
            self.count(reminders).await,
            if reminders_due { RENEWING as i64 } else { 0 }
        );
        let reminded_twice = "SELECT COUNT(*) FROM (SELECT recipient FROM outbox WHERE subject \
             LIKE '%renewal is due%' GROUP BY recipient HAVING COUNT(*) > 1) twice";
        assert_eq!(self.count(reminded_twice).await, 0);
    }
}

#[tokio::test]
async fn three_nodes_started_together_do_the_days_pass_once() {
    let Some(cluster) = Cluster::seeded().await else {
        return;
    };
    // Started side by side, so their passes overlap: each runs as it starts.
    let nodes: Vec<Server> = std::thread::scope(|scope| {
        let starting: Vec<_> = (0..3).map(|_| scope.spawn(|| cluster.node())).collect();
        starting
            .into_iter()
            .map(|node| node.join().expect("a node starts"))
            .collect()
    });
    cluster.wait_for_the_pass().await;
    cluster.assert_done_once().await;
    drop(nodes);
}

#[tokio::test]
async fn a_node_killed_during_the_pass_leaves_the_rest_to_another() {
    let Some(cluster) = Cluster::seeded().await else {
        return;
    };
    let mut first = cluster.node();
    // Killed once some pages are lapsed and not all: the pass rests between pages, so this
    // lands between or inside a page's transaction.
    let started = Instant::now();
    loop {
        let lapsed = cluster.lapsed().await;
        if lapsed > 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the first node lapsed nothing in a minute"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill_hard();
    let lapsed_by_the_first = cluster.lapsed().await;
    assert!(
        lapsed_by_the_first < LAPSING as i64,
        "the first node finished before it was killed ({lapsed_by_the_first}); seed more"
    );
    assert!(
        !cluster.pass_finished().await,
        "a pass cut short is not recorded as done"
    );

    let second = cluster.node();
    cluster.wait_for_the_pass().await;
    cluster.assert_done_once().await;
    drop(second);
}
