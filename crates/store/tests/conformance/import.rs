//! An association's registry imported from its earlier records (issue #21): 2,000 endorsees
//! twice (the second time changes nothing), and a file whose rows clash with stored records
//! on several lines, which changes nothing and names each line.

use chrono::{Datelike, NaiveDate};
use lattice_domain::endorsement::{Status, valid_credential_number};
use lattice_domain::ids::AssociationId;
use lattice_store::*;

use super::{association, at, person};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Endorsee `i` of the old registry: every seventh lapsed, every third with two renewals.
fn endorsee(i: u64) -> EndorseeRow {
    let lapsed = i.is_multiple_of(7);
    EndorseeRow {
        line: i + 2,
        name: format!("Endorsee {i} Okafor"),
        email: format!("Endorsee{i}@Example.org"),
        category: if i.is_multiple_of(2) { "IFS" } else { "IMHM-C" }.to_string(),
        name_line: format!("Endorsee {i} Okafor, IMH-E®"),
        title_line: "Infant Family Specialist".to_string(),
        endorsed_on: day(2019, 5, 1),
        valid_through: if lapsed {
            day(2025, 6, 30)
        } else {
            day(2027, 6, 30)
        },
        renewals: if i.is_multiple_of(3) {
            vec![day(2023, 6, 30), day(2024, 6, 30)]
        } else {
            Vec::new()
        },
        status: if lapsed {
            Status::Lapsed
        } else {
            Status::Active
        },
        number: format!("MI-{i:05}"),
    }
}

async fn counts(store: &SharedStore, mass: AssociationId) -> (usize, i64) {
    let endorsements = store
        .endorsements_of_association(mass)
        .await
        .expect("endorsements");
    let newest = store
        .endorsements_changed_after(0)
        .await
        .expect("changes")
        .iter()
        .map(|(_, seq)| *seq)
        .max()
        .unwrap_or(0);
    (endorsements.len(), newest)
}

pub async fn endorsees_import_whole_and_a_second_time_changes_nothing(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    // One endorsee already has an account: it is used, not duplicated.
    let known = person(&store, "endorsee5@example.org").await;
    let rows: Vec<EndorseeRow> = (0..2_000).map(endorsee).collect();
    let audit = NewAudit {
        at: at(3),
        actor: Some(coordinator),
        association: Some(mass),
        subject: format!("association:{}", mass.0),
        action: "import-endorsees".into(),
        reason: "endorsees.csv".into(),
    };

    let started = std::time::Instant::now();
    let dry = store
        .plan_endorsee_import(mass, &rows)
        .await
        .expect("dry run");
    let planned_in = started.elapsed();
    assert!(dry.problems.is_empty(), "{:?}", dry.problems);
    assert!(!dry.applied);
    assert_eq!(
        (
            dry.created(),
            dry.changed(),
            dry.unchanged(),
            dry.new_accounts()
        ),
        (2_000, 0, 0, 1_999)
    );
    assert_eq!(counts(&store, mass).await.0, 0, "a dry run writes nothing");

    let started = std::time::Instant::now();
    let done = store
        .import_endorsees(mass, "MassAIMH", &rows, &audit)
        .await
        .expect("import");
    let imported_in = started.elapsed();
    assert!(done.applied);
    assert_eq!(done.rows, dry.rows, "the import does what the dry run said");
    let (stored, newest) = counts(&store, mass).await;
    assert_eq!(stored, 2_000);

    // Each imported endorsement has a change number, so every node's registry reads it.
    let changed = store.endorsements_changed_after(0).await.expect("changes");
    assert_eq!(changed.len(), 2_000);
    assert!(changed.iter().all(|(_, seq)| *seq > 0));

    // Endorsee 7: lapsed, found by the number carried in, given a number of ours.
    let seven = store
        .credential_number_for_former("MI-00007")
        .await
        .expect("found by the carried number");
    assert!(valid_credential_number(&seven), "{seven}");
    let row = store
        .endorsement_by_number(&seven)
        .await
        .expect("by number");
    assert_eq!(row.status, Status::Lapsed);
    assert_eq!(row.status_since, day(2025, 7, 1));
    assert_eq!(row.endorsed_on, day(2019, 5, 1));
    assert!(seven.starts_with("MASSAIMH-2019-"), "{seven}");
    // Endorsee 5 kept their account; endorsee 6 got one without a password.
    let five = store
        .credential_number_for_former("MI-00005")
        .await
        .expect("five");
    assert_eq!(
        store.endorsement_by_number(&five).await.expect("5").person,
        known
    );
    let (six, hash) = store
        .person_by_email("endorsee6@example.org")
        .await
        .expect("an account for six");
    assert_eq!(six.name, "Endorsee 6 Okafor");
    assert!(hash.is_none());
    // Endorsee 6's history: renewed for 2023 and 2024, each good until the next.
    let renewals = store.renewals_of_person(six.id).await.expect("renewals");
    let history: Vec<(i32, NaiveDate)> =
        renewals.iter().map(|r| (r.year, r.valid_through)).collect();
    assert_eq!(
        history,
        vec![(2023, day(2024, 6, 30)), (2024, day(2027, 6, 30))]
    );
    assert!(renewals.iter().all(|r| r.paid_at.is_some()));
    assert_eq!(renewals[0].submitted_at.date_naive().year(), 2023);

    // One audit row for the whole import, with its counts.
    let audit_rows: Vec<AuditRow> = store
        .audit_of_association(mass, 50)
        .await
        .expect("audit")
        .into_iter()
        .filter(|a| a.action == "import-endorsees")
        .collect();
    assert_eq!(audit_rows.len(), 1);
    assert_eq!(
        audit_rows[0].reason,
        "endorsees.csv: 2000 endorsements created, 0 changed, 0 left alone; 1999 accounts made"
    );

    // The same file again: every row left alone, nothing written but the audit row.
    let started = std::time::Instant::now();
    let again = store
        .import_endorsees(mass, "MassAIMH", &rows, &audit)
        .await
        .expect("again");
    // Printed for docs (run with --no-capture); not asserted: the machine is shared.
    eprintln!(
        "2,000 endorsees: dry run {planned_in:?}, import {imported_in:?}, the same again {:?}",
        started.elapsed()
    );
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!(
        (
            again.created(),
            again.changed(),
            again.unchanged(),
            again.new_accounts()
        ),
        (0, 0, 2_000, 0)
    );
    assert_eq!(counts(&store, mass).await, (stored, newest));
    assert_eq!(
        store
            .renewals_of_person(six.id)
            .await
            .expect("renewals")
            .len(),
        2
    );

    // A file with one endorsee renewed since: that row changes, and only it.
    let mut later = rows.clone();
    later[6].renewals.push(day(2025, 6, 30));
    later[6].valid_through = day(2028, 6, 30);
    let dry = store
        .plan_endorsee_import(mass, &later)
        .await
        .expect("dry run");
    assert_eq!(
        (dry.created(), dry.changed(), dry.unchanged()),
        (0, 1, 1_999)
    );
    let EndorseeAction::Change(words) = &dry.rows[6].action else {
        panic!("row 6 changes: {:?}", dry.rows[6]);
    };
    assert_eq!(
        words,
        &vec![
            "valid through 2027-06-30 → 2028-06-30".to_string(),
            "renewals added: 2025-06-30".to_string()
        ]
    );
}

pub async fn an_endorsee_file_that_clashes_changes_nothing_and_names_each_line(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    let audit = |association: AssociationId| NewAudit {
        at: at(3),
        actor: Some(coordinator),
        association: Some(association),
        subject: format!("association:{}", association.0),
        action: "import-endorsees".into(),
        reason: String::new(),
    };
    // Already stored: two of MassAIMH's, one of NMAIMH's, one of them revoked later.
    let first: Vec<EndorseeRow> = (0..3).map(endorsee).collect();
    store
        .import_endorsees(mass, "MassAIMH", &first[..2], &audit(mass))
        .await
        .expect("massaimh's");
    store
        .import_endorsees(nm, "NMAIMH", &first[2..], &audit(nm))
        .await
        .expect("nmaimh's");
    let mut revoked = first[1].clone();
    revoked.status = Status::Revoked;
    store
        .import_endorsees(mass, "MassAIMH", &[revoked], &audit(mass))
        .await
        .expect("revoked");
    let before = counts(&store, mass).await;
    let people_before = store
        .person_by_email("endorsee100@example.org")
        .await
        .is_err();
    assert!(people_before);

    let mut bad: Vec<EndorseeRow> = (100..110).map(endorsee).collect();
    // Line 104: endorsee 0's number given to someone else.
    bad[2].number = "MI-00000".into();
    // Line 106: a number of another association.
    bad[4].number = "MI-00002".into();
    // Line 109: endorsee 1, revoked, made active again.
    bad[7] = first[1].clone();
    bad[7].line = 109;
    let refused = store
        .import_endorsees(mass, "MassAIMH", &bad, &audit(mass))
        .await
        .expect("refused, not failed");
    assert!(!refused.applied);
    let named: Vec<(u64, &str)> = refused
        .problems
        .iter()
        .map(|p| (p.line, p.column))
        .collect();
    assert_eq!(
        named,
        vec![
            (104, "credential_number"),
            (106, "credential_number"),
            (109, "status")
        ],
        "{:?}",
        refused.problems
    );
    assert_eq!(
        refused.problems[0].message,
        "MI-00000 is already used by someone else (not endorsee102@example.org)"
    );
    assert_eq!(
        refused.problems[1].message,
        "MI-00002 is the credential number of an endorsement of another association"
    );
    assert!(
        refused.problems[2].message.contains("revocation is final"),
        "{}",
        refused.problems[2].message
    );
    // Nothing of the good rows was written either: no endorsement, no account.
    assert_eq!(counts(&store, mass).await, before);
    assert!(
        store
            .person_by_email("endorsee100@example.org")
            .await
            .is_err()
    );
    let imports = store
        .audit_of_association(mass, 50)
        .await
        .expect("audit")
        .into_iter()
        .filter(|a| a.action == "import-endorsees")
        .count();
    assert_eq!(imports, 2, "a refused import leaves no audit row");
}
