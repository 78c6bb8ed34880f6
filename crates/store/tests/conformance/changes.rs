//! Endorsement changes carry numbers the database assigns when they are written, so a node
//! that reads "what follows the largest number I have seen" misses nothing, whatever the
//! clock of the node that wrote the change.

use chrono::{Duration, Utc};
use lattice_domain::endorsement::Status;
use lattice_store::*;

use super::{association, person};

pub async fn endorsement_changes_are_numbered_whatever_the_clock(store: SharedStore, url: String) {
    let mass = association(&store, "massaimh").await;
    let now = Utc::now();
    let today = now.date_naive();
    let mut people = Vec::new();
    for n in 0..3 {
        people.push(person(&store, &format!("c{n}@changes.test")).await);
    }
    let endorsements: Vec<NewEndorsement> = people
        .iter()
        .map(|who| NewEndorsement {
            person: *who,
            association: mass,
            abbreviation: "MASSAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: "A Person, IMH-E®".to_string(),
            title_line: "Infant Family Specialist".to_string(),
            display_name: "A Person".to_string(),
            city: "Boston".to_string(),
            region: "MA".to_string(),
            endorsed_on: today,
            valid_through: today + Duration::days(300),
            at: now,
        })
        .collect();
    store.add_endorsements(&endorsements).await.expect("add");
    let first = store
        .endorsements_changed_after(i64::MIN)
        .await
        .expect("read");
    assert_eq!(first.len(), 3);
    let numbers: Vec<i64> = first.iter().map(|(_, n)| *n).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    let seen = *numbers.last().expect("numbers");
    assert!(
        store
            .endorsements_changed_after(seen)
            .await
            .expect("read")
            .is_empty()
    );

    // A node an hour behind moves one to another city, then a day behind revokes another:
    // each comes after everything seen, in the order written.
    let (moved, revoked) = (first[0].0.id, first[2].0.id);
    store
        .set_listing(moved, "Taos", "NM", now - Duration::hours(1))
        .await
        .expect("listing");
    store
        .set_endorsement_status(
            revoked,
            Status::Revoked,
            today,
            &NewAudit {
                at: now - Duration::days(1),
                actor: None,
                association: Some(mass),
                subject: "endorsement".to_string(),
                action: "revoke".to_string(),
                reason: "test".to_string(),
            },
        )
        .await
        .expect("revoke");
    let next = store.endorsements_changed_after(seen).await.expect("read");
    let ids: Vec<i64> = next.iter().map(|(row, _)| row.id).collect();
    assert_eq!(ids, vec![moved, revoked]);
    assert!(next.iter().all(|(_, n)| *n > seen));
    assert_eq!(next[0].0.city, "Taos");
    assert_eq!(next[1].0.status, Status::Revoked);
    // Reading from the newest number again finds nothing: nothing is read twice.
    let newest = next.iter().map(|(_, n)| *n).max().expect("newest");
    assert!(
        store
            .endorsements_changed_after(newest)
            .await
            .expect("read")
            .is_empty()
    );

    // Numbers follow commit order. One transaction changes an endorsement and stays open;
    // another changes a second one meanwhile. Until the first commits, the second cannot
    // take a number after it and commit: a reader at that moment finds nothing new (with a
    // plain sequence on PostgreSQL it would find the second, move past its number, and miss
    // the first when it committed with a smaller one).
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    let mut open = pool.begin().await.expect("begin");
    sqlx::query("UPDATE endorsements SET city = 'Salem' WHERE id = $1")
        .bind(moved)
        .execute(&mut *open)
        .await
        .expect("first change");
    let second = first[1].0.id;
    let other = pool.clone();
    let meanwhile = tokio::spawn(async move {
        sqlx::query("UPDATE endorsements SET city = 'Lowell' WHERE id = $1")
            .bind(second)
            .execute(&other)
            .await
            .expect("second change");
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        store
            .endorsements_changed_after(newest)
            .await
            .expect("read")
            .is_empty(),
        "a change became visible ahead of one that took its number first"
    );
    open.commit().await.expect("commit");
    meanwhile.await.expect("second");
    let last = store
        .endorsements_changed_after(newest)
        .await
        .expect("read");
    let ids: Vec<i64> = last.iter().map(|(row, _)| row.id).collect();
    assert_eq!(ids, vec![moved, second]);
    assert!(last[0].1 < last[1].1);
    pool.close().await;
}
