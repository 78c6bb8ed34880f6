//! A member roster at an association's scale (issue #21): 3,000 members imported, then the
//! same file again, which changes nothing (no membership, account or audit row more); and a
//! file whose rows clash with recorded memberships on several lines, which changes nothing and
//! names each of them.

use chrono::NaiveDate;
use lattice_domain::ids::AssociationId;
use lattice_store::*;

use super::{association, at, person};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Member `i` of the old roster: every fifth a student; ten of them (110, 120, … 190, and 100)
/// the same person as member `i - 100`, so one account holds two memberships.
fn member(i: usize) -> RosterRow {
    let who = if (100..200).contains(&i) && i.is_multiple_of(10) {
        i - 100
    } else {
        i
    };
    RosterRow {
        member_number: format!("M-{i:05}"),
        name: format!("Member {who} Osei"),
        email: format!("Member{who}@Example.org"),
        kind: if i.is_multiple_of(5) {
            "student"
        } else {
            "individual"
        }
        .to_string(),
        starts_on: day(2026, 1, 1),
        ends_on: day(2026, 12, 31),
    }
}

/// What a roster import can change: the association's memberships, the audit rows about it,
/// and the accounts.
async fn counts(store: &SharedStore, mass: AssociationId) -> (i64, usize, usize) {
    let (memberships, _) = store
        .memberships_of_association(mass, 1)
        .await
        .expect("memberships");
    let audit = store
        .audit_of_association(mass, 100_000)
        .await
        .expect("audit")
        .len();
    let accounts = store.person_emails().await.expect("accounts").len();
    (memberships, audit, accounts)
}

fn audit(coordinator: lattice_domain::ids::PersonId, mass: AssociationId) -> NewAudit {
    NewAudit {
        at: at(4),
        actor: Some(coordinator),
        association: Some(mass),
        subject: format!("association:{}", mass.0),
        action: "import-member-roster".into(),
        reason: "roster.csv".into(),
    }
}

pub async fn members_import_whole_and_a_second_time_changes_nothing(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    // Member 7 has an account already: it is used, not duplicated.
    let known = person(&store, "member7@example.org").await;
    let rows: Vec<RosterRow> = (0..3_000).map(member).collect();
    let before = counts(&store, mass).await;

    let dry = store
        .plan_roster_import(mass, &rows)
        .await
        .expect("dry run");
    // 3,000 rows name 2,990 people (10 rows are a second membership of an earlier member);
    // one of them has an account.
    assert_eq!(
        (
            dry.memberships,
            dry.new_accounts,
            dry.unchanged.len(),
            dry.clashes.len()
        ),
        (3_000, 2_989, 0, 0)
    );
    assert_eq!(
        counts(&store, mass).await,
        before,
        "a dry run writes nothing"
    );

    let started = std::time::Instant::now();
    let recorded = store
        .import_roster(mass, &rows, coordinator, &audit(coordinator, mass))
        .await
        .expect("import");
    let imported_in = started.elapsed();
    assert_eq!(recorded, 3_000);
    let after = counts(&store, mass).await;
    assert_eq!(
        after,
        (before.0 + 3_000, before.1 + 1, before.2 + 2_989),
        "every membership, one audit row, an account per new person"
    );
    let seven = store.memberships_of(known).await.expect("member 7");
    assert_eq!(seven.len(), 1);
    assert_eq!(seven[0].member_number, "M-00007");
    let (twice, _) = store
        .person_by_email("member10@example.org")
        .await
        .expect("member 10");
    assert_eq!(
        store.memberships_of(twice.id).await.expect("10").len(),
        2,
        "M-00010 and M-00110 are one person's two memberships"
    );

    // The same file again: every row is left alone, and so is the database.
    let again = store
        .plan_roster_import(mass, &rows)
        .await
        .expect("second dry run");
    assert_eq!(
        (again.memberships, again.new_accounts, again.unchanged.len()),
        (0, 0, 3_000)
    );
    assert!(again.clashes.is_empty(), "{:?}", again.clashes);
    let started = std::time::Instant::now();
    let recorded = store
        .import_roster(mass, &rows, coordinator, &audit(coordinator, mass))
        .await
        .expect("second import");
    let second_in = started.elapsed();
    assert_eq!(recorded, 0);
    assert_eq!(
        counts(&store, mass).await,
        after,
        "the second run changes nothing"
    );
    eprintln!("3,000 members: imported in {imported_in:?}, the second run in {second_in:?}");
}

pub async fn a_roster_that_clashes_changes_nothing_and_names_each_line(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    let first: Vec<RosterRow> = (0..20).map(member).collect();
    store
        .import_roster(mass, &first, coordinator, &audit(coordinator, mass))
        .await
        .expect("first roster");
    let before = counts(&store, mass).await;

    // Rows 0 and 2 are recorded as they stand (left alone), row 1 is new; rows 3, 5 and 6 say
    // something else about memberships already recorded: another person, another type,
    // another last day.
    let mut rows: Vec<RosterRow> = vec![member(0), member(30), member(2)];
    rows.push(RosterRow {
        email: "someone.else@example.org".into(),
        ..member(3)
    });
    rows.push(member(31));
    rows.push(RosterRow {
        kind: "student".into(),
        ..member(4)
    });
    rows.push(RosterRow {
        ends_on: day(2027, 6, 30),
        ..member(6)
    });

    let plan = store
        .plan_roster_import(mass, &rows)
        .await
        .expect("dry run");
    assert_eq!(plan.unchanged, vec![0, 2]);
    assert_eq!(plan.memberships, 2);
    let named: Vec<usize> = plan.clashes.iter().map(|(row, _)| *row).collect();
    assert_eq!(named, vec![3, 5, 6], "{:?}", plan.clashes);
    assert!(
        plan.clashes[0].1.contains("member3@example.org"),
        "{:?}",
        plan.clashes
    );
    assert!(
        plan.clashes[1].1.contains("its type is individual"),
        "{:?}",
        plan.clashes
    );
    assert!(
        plan.clashes[2].1.contains("it ends 2026-12-31"),
        "{:?}",
        plan.clashes
    );

    let refused = store
        .import_roster(mass, &rows, coordinator, &audit(coordinator, mass))
        .await;
    let Err(StoreError::Conflict(message)) = refused else {
        panic!("a clash refuses the file: {refused:?}");
    };
    for row in ["row 3:", "row 5:", "row 6:"] {
        assert!(message.contains(row), "{row} in {message}");
    }
    assert_eq!(
        counts(&store, mass).await,
        before,
        "nothing of the file is recorded, not even its new rows"
    );
}
