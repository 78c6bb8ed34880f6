//! Applicants in progress imported by their association (issue #21): 200 people with their
//! portfolios, twice (the second time changes nothing: no account, application, entry, audit
//! row or invitation more); a file whose rows meet accounts that are someone's own changes
//! nothing and names each line.

use chrono::{Duration, NaiveDate};
use lattice_domain::application::State;
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_store::*;
use serde_json::json;

use super::{association, at, person};

/// Applicant `i`: a degree and `i % 4 + 1` trainings; every third with an intended date;
/// every fifth read Spanish by the association.
fn applicant(i: u64) -> ApplicantRow {
    let mut entries = vec![(
        Section::Education,
        json!({"level": "masters", "degree": "MSW", "field": "Social Work",
               "institution": "Simmons", "completed": "2019-05-15", "imh_certificate": false}),
    )];
    for t in 0..=(i % 4) {
        entries.push((
            Section::Trainings,
            json!({"title": format!("Training {t}"), "provider": "MassAIMH",
                   "date": "2024-03-02", "hours": 6, "kind": "workshop",
                   "competencies": ["attachment-separation-trauma-grief-loss"]}),
        ));
    }
    let email = format!("Applicant{i}@Example.org");
    ApplicantRow {
        line: i + 2,
        name: format!("Applicant {i} Mensah"),
        email: email.clone(),
        category: if i.is_multiple_of(2) { "IFS" } else { "IMHM-C" }.to_string(),
        intended_submission: i
            .is_multiple_of(3)
            .then(|| NaiveDate::from_ymd_opt(2027, 3, 1).expect("date")),
        file_name: format!("applicant-{i}.json"),
        entries,
        meta: json!({}),
        language: i
            .is_multiple_of(5)
            .then_some(lattice_domain::language::Language::Spanish),
        invitation: Invitation {
            token_hash: format!("invitation-{i}-{}", rand_suffix()),
            expires_at: at(3) + Duration::days(14),
            mail: NewMail {
                recipient: email.to_lowercase(),
                subject: "You are invited to Lattice".into(),
                body: "Set your password: https://lattice.test/reset-password?token=…".into(),
                created_at: at(3),
            },
        },
    }
}

/// Each import makes fresh tokens, as the web layer does: a second import must not need them.
fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_nanos()
}

fn audit(coordinator: PersonId, mass: AssociationId) -> NewAudit {
    NewAudit {
        at: at(3),
        actor: Some(coordinator),
        association: Some(mass),
        subject: format!("association:{}", mass.0),
        action: "import-applicants".into(),
        reason: "applicants.csv".into(),
    }
}

/// What an import can change: accounts, imported applicants, audit rows, queued invitations.
async fn counts(store: &SharedStore, mass: AssociationId) -> (usize, usize, usize, usize) {
    let accounts = store.person_emails().await.expect("accounts").len();
    let imported = store
        .imported_applicants(mass)
        .await
        .expect("imported")
        .len();
    let audit = store
        .audit_of_association(mass, 100_000)
        .await
        .expect("audit")
        .len();
    let mut mails = 0;
    for i in [0_u64, 7, 199] {
        mails += store
            .mails_to(&format!("applicant{i}@example.org"))
            .await
            .expect("mails")
            .len();
    }
    (accounts, imported, audit, mails)
}

pub async fn applicants_import_whole_and_a_second_time_changes_nothing(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    // Applicant 7 is on the member roster: an account without a password and nothing in it,
    // which becomes the applicant's.
    let roster = RosterRow {
        member_number: "M-7".into(),
        name: "Applicant 7 Mensah".into(),
        email: "applicant7@example.org".into(),
        kind: "individual".into(),
        starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
    };
    store
        .import_roster(mass, &[roster], coordinator, &audit(coordinator, mass))
        .await
        .expect("roster");
    let marker =
        json!({"name": "Casey Coordinator", "role": "coordinator", "association": "massaimh"});
    let rows: Vec<ApplicantRow> = (0..200).map(applicant).collect();
    let before = counts(&store, mass).await;

    let dry = store
        .plan_applicant_import(mass, &rows)
        .await
        .expect("dry run");
    assert!(dry.problems.is_empty(), "{:?}", dry.problems);
    assert_eq!(
        (
            dry.created(),
            dry.changed(),
            dry.unchanged(),
            dry.new_accounts()
        ),
        (200, 0, 0, 199)
    );
    assert!(!dry.applied);
    assert_eq!(
        counts(&store, mass).await,
        before,
        "a dry run writes nothing"
    );

    let started = std::time::Instant::now();
    let done = store
        .import_applicants(mass, &rows, &audit(coordinator, mass), &marker)
        .await
        .expect("import");
    let imported_in = started.elapsed();
    assert!(done.applied);
    assert_eq!(done.rows, dry.rows, "the import does what the dry run said");
    let after = counts(&store, mass).await;
    assert_eq!(
        after,
        (before.0 + 199, before.1 + 200, before.2 + 201, before.3 + 3),
        "accounts for new people, 200 applicants, an audit row per application and one for the file, one invitation each"
    );

    // Applicant 5: no password yet, a draft for IMHM-C, the portfolio marked as imported.
    let (five, hash) = store
        .person_by_email("applicant5@example.org")
        .await
        .expect("five");
    assert!(hash.is_none());
    // The language the association gave is the account's; none given, none chosen.
    assert_eq!(
        five.language,
        Some(lattice_domain::language::Language::Spanish)
    );
    let (six, _) = store
        .person_by_email("applicant6@example.org")
        .await
        .expect("six");
    assert_eq!(six.language, None);
    let applications = store.applications_of_person(five.id).await.expect("apps");
    assert_eq!(applications.len(), 1);
    assert_eq!(applications[0].state, State::Draft);
    assert_eq!(applications[0].category, "IMHM-C");
    assert_eq!(applications[0].association, mass);
    let entries = store.entries(five.id).await.expect("entries");
    assert_eq!(entries.len(), 3, "a degree and two trainings");
    assert!(entries.iter().all(|e| e.data["imported_by"] == marker));
    let invitation = store
        .mails_to("applicant5@example.org")
        .await
        .expect("mail");
    assert_eq!(invitation.len(), 1);
    // The invitation's token is a reset token: it names the applicant.
    let reset = store
        .password_reset_person(&rows[5].invitation.token_hash, at(3))
        .await
        .expect("the invitation's link is live");
    assert_eq!(reset.id, five.id);
    // Applicant 7 kept the roster's account and membership.
    let (seven, _) = store
        .person_by_email("applicant7@example.org")
        .await
        .expect("seven");
    assert_eq!(store.memberships_of(seven.id).await.expect("m").len(), 1);
    assert_eq!(store.entries(seven.id).await.expect("e").len(), 5);

    // The same files again (with fresh invitation tokens, as every request makes): every row
    // is left alone, and nothing is written.
    let rows: Vec<ApplicantRow> = (0..200).map(applicant).collect();
    let again = store
        .plan_applicant_import(mass, &rows)
        .await
        .expect("second dry run");
    assert_eq!(
        (again.created(), again.changed(), again.unchanged()),
        (0, 0, 200)
    );
    let second = store
        .import_applicants(mass, &rows, &audit(coordinator, mass), &marker)
        .await
        .expect("second import");
    assert!(!second.applied, "nothing to apply");
    assert_eq!(
        counts(&store, mass).await,
        after,
        "the second run changes nothing"
    );
    assert_eq!(store.entries(five.id).await.expect("entries").len(), 3);

    // A changed file for someone who has not set a password yet replaces their portfolio.
    let mut changed = vec![applicant(5)];
    changed[0].entries.pop();
    let plan = store
        .import_applicants(mass, &changed, &audit(coordinator, mass), &marker)
        .await
        .expect("changed");
    assert_eq!((plan.created(), plan.changed()), (0, 1));
    assert_eq!(store.entries(five.id).await.expect("entries").len(), 2);
    assert_eq!(
        store
            .mails_to("applicant5@example.org")
            .await
            .expect("mail")
            .len(),
        1,
        "no second invitation"
    );
    eprintln!("200 applicants imported in {imported_in:?}");
}

pub async fn an_applicant_file_meeting_own_accounts_changes_nothing_and_names_each_line(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    // Applicants 3 and 8 have signed up themselves (an account with a password).
    person(&store, "applicant3@example.org").await;
    person(&store, "applicant8@example.org").await;
    let before = counts(&store, mass).await;
    let rows: Vec<ApplicantRow> = (0..10).map(applicant).collect();
    let marker = json!({"name": "Casey Coordinator"});
    let plan = store
        .import_applicants(mass, &rows, &audit(coordinator, mass), &marker)
        .await
        .expect("refused, not failed");
    assert!(!plan.applied);
    let named: Vec<(u64, &str)> = plan.problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(
        named,
        vec![(5, "email"), (10, "email")],
        "{:?}",
        plan.problems
    );
    assert!(
        plan.problems[0]
            .message
            .contains("applicant3@example.org already has an account")
    );
    assert_eq!(
        counts(&store, mass).await,
        before,
        "nothing of the file is written"
    );
    assert!(
        store
            .person_by_email("applicant0@example.org")
            .await
            .is_err()
    );
}
