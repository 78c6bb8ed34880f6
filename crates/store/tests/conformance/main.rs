//! One conformance suite, run against SQLite and PostgreSQL: every test is written once as an
//! `async fn(SharedStore, url)` and instantiated for both backends by `both!`.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use lattice_domain::application::State;
use lattice_domain::exam::ReviewerAsScorer;
use lattice_domain::ids::{ApplicationId, AssociationId, EntryId, MailId, PersonId};
use lattice_domain::rights::StaffRole;
use lattice_store::*;
use serde_json::json;

mod changes;
mod connections;
mod documents;
mod exam;
mod import;
mod import_applicants;
mod import_members;
mod language;
mod portfolios;
mod review;
mod staff;
mod tallies;
use changes::*;
use connections::*;
use documents::*;
use exam::*;
use import::*;
use import_applicants::*;
use import_members::*;
use language::*;
use portfolios::*;
use review::*;
use staff::*;
use tallies::*;

macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = lattice_store::testing::sqlite_url_in(dir.path());
                let store = lattice_store::testing::open(&url).await.expect("open sqlite");
                super::$name(store, url).await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(url) = lattice_store::testing::postgres_url().await else { return };
                let store = lattice_store::testing::open(&url).await.expect("open postgres");
                super::$name(store, url).await;
            }
        }
    )*};
}

/// The embedded SQLite is built without STAT4 (`.cargo/config.toml`): with its statistics in a
/// database, every bound parameter the plan might depend on expires the cached statement, and
/// each request's queries were parsed and planned again (docs/PERFORMANCE.md).
#[tokio::test]
async fn the_embedded_sqlite_keeps_its_statements_prepared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    lattice_store::testing::open(&url)
        .await
        .expect("open sqlite");
    let pool = sqlx::SqlitePool::connect(&url).await.expect("pool");
    let stat4: i64 = sqlx::query_scalar("SELECT sqlite_compileoption_used('ENABLE_STAT4')")
        .fetch_one(&pool)
        .await
        .expect("compile options");
    assert_eq!(stat4, 0, "SQLite was built with STAT4");
    // And so ANALYZE, as an operator might run it, keeps to table and index sizes.
    sqlx::raw_sql("ANALYZE")
        .execute(&pool)
        .await
        .expect("analyze");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%' ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .expect("statistics tables");
    assert_eq!(tables, ["sqlite_stat1"]);
}

both!(
    a_request_keeps_one_connection_for_its_reads,
    a_pool_of_one_is_never_kept,
    an_association_offers_english_until_it_chooses_more,
    applicants_import_whole_and_a_second_time_changes_nothing,
    an_applicant_file_meeting_own_accounts_changes_nothing_and_names_each_line,
    members_import_whole_and_a_second_time_changes_nothing,
    a_roster_that_clashes_changes_nothing_and_names_each_line,
    endorsees_import_whole_and_a_second_time_changes_nothing,
    an_endorsee_file_that_clashes_changes_nothing_and_names_each_line,
    associations_and_profiles,
    people_and_roles,
    sessions_expire_and_end,
    login_failures_count_per_key,
    writers_that_read_first_take_turns,
    password_reset_is_single_use_and_queues_mail,
    portfolio_entries_belong_to_their_person,
    application_transitions_compare_and_set_with_audit,
    audit_log_is_append_only,
    outbox_leases_retries_and_gives_up,
    bulk_mail_waits_and_claims_never_overlap,
    failed_mail_is_listed_and_resent_with_its_message_id,
    rater_tokens_are_single_use_and_expire,
    a_rater_request_keeps_its_language,
    reviewers_see_their_assignments,
    backup_is_a_consistent_copy,
    imports_are_all_or_nothing,
    registration_invoices_and_snapshots,
    a_person_registers_once_per_category_even_twice_at_once,
    uploads_belong_to_a_person,
    messages_reach_their_association,
    an_application_has_one_thread_with_its_answers,
    memberships_end_and_elsewhere_is_verified,
    review_cycles_stay_in_their_association,
    reviewers_of_an_association_with_open_reviews,
    conflicts_keep_their_source,
    assigning_reviewers_is_all_or_nothing,
    reviews_belong_to_assigned_reviewers_and_rounds,
    the_second_review_queues_the_coordinators_notice,
    exam_sittings_are_scored_blind_until_decided,
    exam_scores_are_final_until_reopened_and_every_version_is_kept,
    exam_sittings_carry_their_details_and_mail_in_one_transaction,
    exam_accommodations_are_decided_once,
    reminders_find_what_waits_and_go_out_once,
    memberships_are_the_associations_records,
    an_import_keeps_the_entries_raters_point_at,
    education_checks_keep_what_was_checked,
    invitations_are_single_use_and_only_active_roles_count,
    declared_conflicts_are_decided_once,
    credential_subjects_are_given_once_per_person,
    queues_read_names_and_reviewers_together,
    queue_pages_follow_each_other_with_filters_and_totals,
    a_signed_in_request_reads_session_person_and_roles_at_once,
    endorsement_changes_are_numbered_whatever_the_clock,
    queue_tallies_follow_every_change,
    assignment_pages_follow_each_other_newest_first,
    open_reviews_follow_every_change,
    agreement_texts_are_numbered_and_templates_replaced,
    a_person_s_language_is_kept_on_the_account,
    bulk_parts_hold_each_persons_entries_as_stored,
);

/// Pages of the queue follow one another without overlap or gap, newest change first (ties
/// by id), within the filters and the reviewer's assignments; totals count every line.
async fn queue_pages_follow_each_other_with_filters_and_totals(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let rev = person(&store, "rev@pages.test").await;
    let coord = person(&store, "coord@pages.test").await;
    let mut ids = Vec::new();
    for n in 0..7 {
        let who = person(&store, &format!("p{n}@pages.test")).await;
        // Two share each creation time, so ties are ordered by id.
        let id = store
            .create_application(&NewApplication {
                person: who,
                association: mass,
                category: if n % 3 == 0 { "IMHM-C" } else { "IFS" }.to_string(),
                intended_submission: None,
                created_at: at(10 + n / 2),
            })
            .await
            .expect("application");
        if n % 2 == 0 {
            store.assign_reviewer(id, rev, coord).await.expect("assign");
        }
        ids.push((n, id));
    }
    let elsewhere = person(&store, "x@pages.test").await;
    application(&store, elsewhere, nm).await;
    let page = |reviewer, category: Option<&str>, after, limit| QueueQuery {
        reviewer,
        state: None,
        category: category.map(str::to_string),
        cycle: None,
        after,
        limit,
    };
    // The queue's order: newest change first, then id.
    let mut expected: Vec<(i64, ApplicationId)> = ids
        .iter()
        .map(|(n, id)| (-(10 + i64::from(n / 2)), *id))
        .collect();
    expected.sort();
    let expected: Vec<ApplicationId> = expected.into_iter().map(|(_, id)| id).collect();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let lines = store
            .queue_page(mass, &page(None, None, after, 3))
            .await
            .expect("page");
        assert!(lines.len() <= 3);
        let Some(last) = lines.last() else { break };
        after = Some((last.application.updated_at, last.application.id));
        seen.extend(lines.iter().map(|l| l.application.id));
    }
    assert_eq!(seen, expected);

    let reviewers_ids: Vec<ApplicationId> = store
        .queue_page(mass, &page(Some(rev), None, None, 10))
        .await
        .expect("assigned")
        .iter()
        .map(|l| l.application.id)
        .collect();
    let assigned: Vec<ApplicationId> = expected
        .iter()
        .copied()
        .filter(|id| ids.iter().any(|(n, i)| i == id && n % 2 == 0))
        .collect();
    assert_eq!(reviewers_ids, assigned);
    let consultants = store
        .queue_page(mass, &page(None, Some("IMHM-C"), None, 10))
        .await
        .expect("filtered");
    assert_eq!(consultants.len(), 3);
    assert!(
        consultants
            .iter()
            .all(|l| l.application.category == "IMHM-C")
    );
    let none = store
        .queue_page(
            mass,
            &QueueQuery {
                state: Some("endorsed".into()),
                ..page(None, None, None, 10)
            },
        )
        .await
        .expect("none");
    assert!(none.is_empty());

    let totals = store.queue_totals(mass, None).await.expect("totals");
    assert_eq!(totals.states, [("draft".to_string(), 7)]);
    assert_eq!(totals.categories, ["IFS", "IMHM-C"]);
    assert!(totals.cycles.is_empty());
    let mine = store.queue_totals(mass, Some(rev)).await.expect("totals");
    assert_eq!(mine.states, [("draft".to_string(), 4)]);
    assert_eq!(mine.categories, ["IFS", "IMHM-C"]);
}

/// The session, its person and their active roles come together; a person without a role
/// still has their session; suspended roles and expired or unknown sessions give nothing.
async fn a_signed_in_request_reads_session_person_and_roles_at_once(
    store: SharedStore,
    _url: String,
) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let ana = person(&store, "ana@signed.test").await;
    let rita = person(&store, "rita@signed.test").await;
    for (token, who) in [("ana-token", ana), ("rita-token", rita)] {
        store
            .create_session(&NewSession {
                token_hash: token.into(),
                person: who,
                csrf_token: format!("csrf-{token}"),
                created_at: at(1),
                expires_at: at(3),
            })
            .await
            .expect("session");
    }
    for (association, role) in [
        (nm, StaffRole::Reviewer),
        (mass, StaffRole::Coordinator),
        (mass, StaffRole::Reviewer),
    ] {
        store
            .grant_staff(rita, association, role, None)
            .await
            .expect("grant");
    }
    store
        .set_staff_status(
            rita,
            mass,
            StaffRole::Reviewer,
            StaffStatus::Suspended,
            &NewAudit {
                at: at(1),
                actor: None,
                association: Some(mass),
                subject: format!("person:{rita}"),
                action: "suspend-reviewer".into(),
                reason: String::new(),
            },
        )
        .await
        .expect("suspend");

    let plain = store.signed_in("ana-token", at(2)).await.expect("ana");
    assert_eq!(plain.person, store.person(ana).await.expect("person"));
    assert_eq!(plain.session.person, ana);
    assert_eq!(plain.session.csrf_token, "csrf-ana-token");
    assert_eq!(plain.session.expires_at, at(3));
    assert!(plain.staff.is_empty());

    let staff = store.signed_in("rita-token", at(2)).await.expect("rita");
    assert_eq!(staff.person.email, "rita@signed.test");
    let mut expected = vec![(mass, StaffRole::Coordinator), (nm, StaffRole::Reviewer)];
    expected.sort_by_key(|(association, role)| (*association, role.key()));
    assert_eq!(staff.staff, expected);
    assert_eq!(staff.staff, store.staff_roles(rita).await.expect("roles"));

    for (token, now) in [("ana-token", at(3)), ("nobody", at(2))] {
        assert!(matches!(
            store.signed_in(token, now).await,
            Err(StoreError::NotFound)
        ));
    }

    // The one association the person applies to or is endorsed by comes in the same read:
    // none without applications, the one of all their applications and endorsements, none
    // again once they reach a second association.
    let home = |token: &'static str| {
        let store = store.clone();
        async move {
            store
                .signed_in(token, at(2))
                .await
                .expect("signed in")
                .home_association
        }
    };
    // So do whether they hold any application and any endorsement.
    let holds = |token: &'static str| {
        let store = store.clone();
        async move {
            let signed_in = store.signed_in(token, at(2)).await.expect("signed in");
            (signed_in.has_applications, signed_in.has_endorsements)
        }
    };
    assert_eq!(home("ana-token").await, None);
    assert_eq!(home("rita-token").await, None, "staff roles are not it");
    assert_eq!(holds("ana-token").await, (false, false));
    assert_eq!(holds("rita-token").await, (false, false));
    application(&store, ana, mass).await;
    assert_eq!(holds("ana-token").await, (true, false), "one application");
    application(&store, ana, mass).await;
    assert_eq!(home("ana-token").await, Some(mass));
    assert_eq!(holds("ana-token").await, (true, false));
    store
        .add_endorsement(&lattice_store::NewEndorsement {
            person: rita,
            association: nm,
            abbreviation: "NMAIMH".to_string(),
            application: None,
            category: "IFS".to_string(),
            name_line: "Rita, MSW".to_string(),
            title_line: "Infant Family Specialist".to_string(),
            display_name: "Rita".to_string(),
            city: "Santa Fe".to_string(),
            region: "NM".to_string(),
            endorsed_on: NaiveDate::from_ymd_opt(2024, 6, 1).expect("date"),
            valid_through: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
            at: at(1),
        })
        .await
        .expect("endorsement");
    assert_eq!(
        home("rita-token").await,
        Some(nm),
        "an endorsee's association"
    );
    assert_eq!(holds("rita-token").await, (false, true), "an endorsement");
    application(&store, rita, mass).await;
    assert_eq!(
        home("rita-token").await,
        None,
        "two associations: no one brand"
    );
    assert_eq!(holds("rita-token").await, (true, true));
}

/// A queue line carries its applicant's and association's names and all its reviewers; the
/// reviewer's queue spans associations and only their own assignments; names are read by id.
async fn queues_read_names_and_reviewers_together(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let ana = person(&store, "ana@queue.test").await;
    let ben = person(&store, "ben@queue.test").await;
    let rev = person(&store, "rev@queue.test").await;
    let rev2 = person(&store, "rev2@queue.test").await;
    let coord = person(&store, "coord@queue.test").await;
    let ana_app = application(&store, ana, mass).await;
    let unassigned = application(&store, ben, mass).await;
    let ben_app = application(&store, ben, nm).await;
    for (app, reviewer) in [(ana_app, rev2), (ana_app, rev), (ben_app, rev)] {
        store
            .assign_reviewer(app, reviewer, coord)
            .await
            .expect("assign");
    }
    let lines = |queue: Vec<QueueRow>| {
        let mut lines: Vec<_> = queue
            .into_iter()
            .map(|l| (l.application.id, l.applicant, l.association, l.reviewers))
            .collect();
        lines.sort();
        lines
    };
    let mut reviewers = vec![rev, rev2];
    reviewers.sort();
    let whole = QueueQuery {
        reviewer: None,
        state: None,
        category: None,
        cycle: None,
        after: None,
        limit: 100,
    };
    assert_eq!(
        lines(store.queue_page(mass, &whole).await.expect("queue")),
        [
            (
                ana_app,
                "Person ana@queue.test".to_string(),
                "MASSAIMH".to_string(),
                reviewers.clone()
            ),
            (
                unassigned,
                "Person ben@queue.test".to_string(),
                "MASSAIMH".to_string(),
                vec![]
            ),
        ]
    );
    assert_eq!(
        lines(store.queue_for_reviewer(rev).await.expect("queue")),
        [
            (
                ana_app,
                "Person ana@queue.test".to_string(),
                "MASSAIMH".to_string(),
                reviewers
            ),
            (
                ben_app,
                "Person ben@queue.test".to_string(),
                "NMAIMH".to_string(),
                vec![rev]
            ),
        ]
    );
    assert!(
        store
            .queue_for_reviewer(ana)
            .await
            .expect("none")
            .is_empty()
    );
    let names = store
        .names_of(&[ana, ben, ana, PersonId(999_999)])
        .await
        .expect("names");
    assert_eq!(names.len(), 2);
    assert_eq!(names[&ana], "Person ana@queue.test");
    assert_eq!(names[&ben], "Person ben@queue.test");
    assert!(store.names_of(&[]).await.expect("none").is_empty());
}

/// A person's credential subject id is stored on first use and never replaced; each person
/// has their own, and an unknown person has none.
async fn credential_subjects_are_given_once_per_person(store: SharedStore, _url: String) {
    let ana = person(&store, "ana@subject.test").await;
    let ben = person(&store, "ben@subject.test").await;
    let first = store
        .credential_subject(ana, "urn:uuid:a")
        .await
        .expect("given");
    assert_eq!(first, "urn:uuid:a");
    let again = store
        .credential_subject(ana, "urn:uuid:other")
        .await
        .expect("kept");
    assert_eq!(again, "urn:uuid:a", "the first one stays");
    let bens = store
        .credential_subject(ben, "urn:uuid:b")
        .await
        .expect("given");
    assert_eq!(bens, "urn:uuid:b");
    assert!(matches!(
        store
            .credential_subject(PersonId(999_999), "urn:uuid:c")
            .await,
        Err(StoreError::NotFound)
    ));
}

fn at(day: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0)
        .single()
        .expect("valid time")
}

fn source(slug: &str) -> ProfileSource {
    ProfileSource {
        file: format!("{slug}.toml"),
        text: format!("# {slug}\n"),
    }
}

async fn association(store: &SharedStore, slug: &str) -> AssociationId {
    store
        .upsert_association(slug, &slug.to_uppercase(), &source(slug))
        .await
        .expect("association")
}

async fn person(store: &SharedStore, email: &str) -> PersonId {
    store
        .create_person(&NewPerson {
            email: email.to_string(),
            name: format!("Person {email}"),
            password_hash: Some("$argon2id$fake".to_string()),
            admin: false,
        })
        .await
        .expect("person")
}

fn mail(to: &str, subject: &str, created: chrono::DateTime<Utc>) -> NewMail {
    NewMail {
        recipient: to.to_string(),
        subject: subject.to_string(),
        body: "body".to_string(),
        created_at: created,
    }
}

async fn application(store: &SharedStore, owner: PersonId, assoc: AssociationId) -> ApplicationId {
    store
        .create_application(&NewApplication {
            person: owner,
            association: assoc,
            category: "IFS".to_string(),
            intended_submission: NaiveDate::from_ymd_opt(2027, 1, 15),
            created_at: at(1),
        })
        .await
        .expect("application")
}

fn audit(subject: ApplicationId, action: &str, actor: PersonId) -> NewAudit {
    NewAudit {
        at: at(2),
        actor: Some(actor),
        association: None,
        subject: format!("application:{subject}"),
        action: action.to_string(),
        reason: "because".to_string(),
    }
}

async fn associations_and_profiles(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let ct = association(&store, "ct-aimh").await;
    assert_ne!(mass, ct);
    // Upserting again keeps the id and replaces the profile text.
    let again = store
        .upsert_association(
            "massaimh",
            "MassAIMH",
            &ProfileSource {
                file: "massaimh.toml".into(),
                text: "# v2\n".into(),
            },
        )
        .await
        .expect("upsert");
    assert_eq!(again, mass);
    let found = store
        .association_by_slug("massaimh")
        .await
        .expect("by slug");
    assert_eq!(found.name, "MassAIMH");
    assert_eq!(store.association(ct).await.expect("by id").slug, "ct-aimh");
    assert_eq!(store.associations().await.expect("list").len(), 2);
    // Each association row carries its reviewer-as-scorer setting, as the setting's own
    // read gives it.
    assert_eq!(found.reviewer_as_scorer, ReviewerAsScorer::Exclude);
    let coord = person(&store, "coord@example.org").await;
    store
        .set_reviewer_as_scorer(
            mass,
            ReviewerAsScorer::Warn,
            &NewAudit {
                at: at(1),
                actor: Some(coord),
                association: Some(mass),
                subject: format!("association:{mass}"),
                action: "reviewer-as-scorer".into(),
                reason: String::new(),
            },
        )
        .await
        .expect("setting");
    for row in store.associations().await.expect("list") {
        assert_eq!(
            row.reviewer_as_scorer,
            store.reviewer_as_scorer(row.id).await.expect("setting")
        );
    }
    assert_eq!(
        store
            .association(mass)
            .await
            .expect("by id")
            .reviewer_as_scorer,
        ReviewerAsScorer::Warn
    );
    assert_eq!(
        store
            .association(ct)
            .await
            .expect("by id")
            .reviewer_as_scorer,
        ReviewerAsScorer::Exclude
    );
    let sources = store.profile_sources().await.expect("sources");
    assert_eq!(sources.len(), 2);
    assert!(
        sources
            .iter()
            .any(|s| s.file == "massaimh.toml" && s.text == "# v2\n")
    );
    assert!(matches!(
        store.association_by_slug("nope").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.association(AssociationId(999)).await,
        Err(StoreError::NotFound)
    ));
}

async fn people_and_roles(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let other = association(&store, "nmaimh").await;
    let ana = person(&store, "Ana@Example.org").await;
    // Emails compare without case, so a second account cannot take the same address.
    let duplicate = store
        .create_person(&NewPerson {
            email: "ana@example.ORG".into(),
            name: "Other".into(),
            password_hash: None,
            admin: false,
        })
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "{duplicate:?}"
    );
    let (row, hash) = store
        .person_by_email(" ANA@example.org ")
        .await
        .expect("by email");
    assert_eq!(row.id, ana);
    assert_eq!(row.email, "ana@example.org");
    assert_eq!(hash.as_deref(), Some("$argon2id$fake"));
    assert!(matches!(
        store.person_by_email("x@y.z").await,
        Err(StoreError::NotFound)
    ));

    store
        .grant_staff(ana, assoc, StaffRole::Coordinator, None)
        .await
        .expect("grant");
    store
        .grant_staff(ana, assoc, StaffRole::Coordinator, None)
        .await
        .expect("grant twice");
    store
        .grant_staff(ana, other, StaffRole::Reviewer, None)
        .await
        .expect("grant");
    let roles = store.staff_roles(ana).await.expect("roles");
    assert_eq!(roles.len(), 2);
    assert!(roles.contains(&(assoc, StaffRole::Coordinator)));
    assert!(roles.contains(&(other, StaffRole::Reviewer)));
    let staff = store.staff_of(assoc).await.expect("staff");
    assert_eq!(staff.len(), 1);
    assert_eq!(staff[0].0.id, ana);
    assert_eq!(
        store
            .audit_of_association(assoc, 10)
            .await
            .expect("audit")
            .len(),
        2
    );
}

async fn sessions_expire_and_end(store: SharedStore, _url: String) {
    let ana = person(&store, "ana@example.org").await;
    let hash = token::hash_token("cookie-value");
    store
        .create_session(&NewSession {
            token_hash: hash.clone(),
            person: ana,
            csrf_token: "csrf".into(),
            created_at: at(1),
            expires_at: at(3),
        })
        .await
        .expect("session");
    let live = store.session(&hash, at(2)).await.expect("live session");
    assert_eq!(live.person, ana);
    assert_eq!(live.csrf_token, "csrf");
    assert!(matches!(
        store.session(&hash, at(3)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.session("other", at(2)).await,
        Err(StoreError::NotFound)
    ));
    store.delete_session(&hash).await.expect("delete");
    assert!(matches!(
        store.session(&hash, at(2)).await,
        Err(StoreError::NotFound)
    ));
}

/// Writers that read before they write (the mail limit counts, then records) meet at once:
/// none fails with "database is locked" (SQLite's plain BEGIN cannot upgrade a snapshot that
/// another commit has overtaken), and the limit admits exactly its maximum, no more.
async fn writers_that_read_first_take_turns(store: SharedStore, _url: String) {
    let limits = vec![MailLimit {
        key: "rater-request:ana@example.org".to_string(),
        max: 5,
        window: Duration::hours(1),
    }];
    let mut senders = tokio::task::JoinSet::new();
    for second in 0..32 {
        let (store, limits) = (store.clone(), limits.clone());
        senders.spawn(async move {
            store
                .count_mail(&limits, at(1) + Duration::seconds(second))
                .await
        });
    }
    let (mut admitted, mut refused) = (0, 0);
    while let Some(outcome) = senders.join_next().await {
        match outcome.expect("the sender ran").expect("no writer fails") {
            None => admitted += 1,
            Some(0) => refused += 1,
            Some(other) => panic!("only one limit was given, not {other}"),
        }
    }
    assert_eq!((admitted, refused), (5, 27));
}

async fn login_failures_count_per_key(store: SharedStore, _url: String) {
    for day in [1, 2, 3] {
        store
            .record_login_failure("ana@example.org", at(day))
            .await
            .expect("failure");
    }
    store
        .record_login_failure("bo@example.org", at(3))
        .await
        .expect("failure");
    assert_eq!(
        store
            .login_failures_since("ana@example.org", at(2))
            .await
            .expect("count"),
        2
    );
    assert_eq!(
        store
            .login_failures_since("ana@example.org", at(1))
            .await
            .expect("count"),
        3
    );
    store
        .clear_login_failures("ana@example.org")
        .await
        .expect("clear");
    assert_eq!(
        store
            .login_failures_since("ana@example.org", at(1))
            .await
            .expect("count"),
        0
    );
    assert_eq!(
        store
            .login_failures_since("bo@example.org", at(1))
            .await
            .expect("count"),
        1
    );
}

async fn password_reset_is_single_use_and_queues_mail(store: SharedStore, _url: String) {
    let ana = person(&store, "ana@example.org").await;
    let session = token::hash_token("s");
    store
        .create_session(&NewSession {
            token_hash: session.clone(),
            person: ana,
            csrf_token: "c".into(),
            created_at: at(1),
            expires_at: at(20),
        })
        .await
        .expect("session");
    let reset = token::hash_token("reset");
    store
        .create_password_reset(ana, &reset, at(3), &mail("ana@example.org", "Reset", at(2)))
        .await
        .expect("reset");
    assert_eq!(
        store
            .mails_to("ana@example.org")
            .await
            .expect("mails")
            .len(),
        1
    );
    // Expired tokens do nothing.
    assert!(matches!(
        store.reset_password(&reset, "$argon2id$new", at(4)).await,
        Err(StoreError::NotFound)
    ));
    let expiring = token::hash_token("reset2");
    store
        .create_password_reset(
            ana,
            &expiring,
            at(5),
            &mail("ana@example.org", "Reset", at(2)),
        )
        .await
        .expect("reset");
    assert_eq!(
        store
            .reset_password(&expiring, "$argon2id$new", at(4))
            .await
            .expect("use"),
        ana
    );
    let (_, hash) = store
        .person_by_email("ana@example.org")
        .await
        .expect("person");
    assert_eq!(hash.as_deref(), Some("$argon2id$new"));
    // Used once; every session of the person ended with it.
    assert!(matches!(
        store
            .reset_password(&expiring, "$argon2id$again", at(4))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.session(&session, at(4)).await,
        Err(StoreError::NotFound)
    ));
    let audit = store
        .audit_of_subject(&format!("person:{ana}"))
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "reset-password");
}

async fn portfolio_entries_belong_to_their_person(store: SharedStore, _url: String) {
    let ana = person(&store, "ana@example.org").await;
    let bo = person(&store, "bo@example.org").await;
    assert!(matches!(
        store.portfolio_meta(ana).await,
        Err(StoreError::NotFound)
    ));
    let meta = json!({"agreements": {"code_of_ethics": "2026-09-01"}});
    store.set_portfolio_meta(ana, &meta).await.expect("meta");
    store
        .set_portfolio_meta(ana, &meta)
        .await
        .expect("meta again");
    assert_eq!(store.portfolio_meta(ana).await.expect("meta"), meta);

    let training = json!({"title": "Attachment", "hours": 6.5, "date": "2024-03-02"});
    let id = store
        .add_entry(ana, Section::Trainings, &training)
        .await
        .expect("add");
    let degree = json!({"level": "masters"});
    store
        .add_entry(ana, Section::Education, &degree)
        .await
        .expect("add");
    let entries = store.entries(ana).await.expect("entries");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].id, id);
    assert_eq!(entries[0].section, Section::Trainings);
    assert_eq!(entries[0].data, training);

    // Another person can neither change nor delete it.
    let changed = json!({"title": "Attachment II", "hours": 7});
    assert!(matches!(
        store.update_entry(bo, id, &changed).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_entry(bo, id).await,
        Err(StoreError::NotFound)
    ));
    store.update_entry(ana, id, &changed).await.expect("update");
    assert_eq!(store.entries(ana).await.expect("entries")[0].data, changed);
    store.delete_entry(ana, id).await.expect("delete");
    assert_eq!(store.entries(ana).await.expect("entries").len(), 1);
    assert!(matches!(
        store.delete_entry(ana, EntryId(id.0)).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.entries(bo).await.expect("entries").is_empty());
}

async fn application_transitions_compare_and_set_with_audit(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let app = application(&store, ana, assoc).await;
    let row = store.application(app).await.expect("application");
    assert_eq!(row.state, State::Draft);
    assert_eq!(
        row.intended_submission,
        NaiveDate::from_ymd_opt(2027, 1, 15)
    );

    store
        .transition(
            app,
            State::Draft,
            State::Registered,
            &audit(app, "register", ana),
            &Effects {
                mails: vec![mail("coord@example.org", "New registration", at(2))],
                ..Effects::default()
            },
        )
        .await
        .expect("register");
    // A stale `from` loses: someone else moved it first.
    let stale = store
        .transition(
            app,
            State::Draft,
            State::Registered,
            &audit(app, "register", ana),
            &Effects::default(),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    let missing = store
        .transition(
            ApplicationId(9999),
            State::Draft,
            State::Registered,
            &audit(ApplicationId(9999), "register", ana),
            &Effects::default(),
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");

    // The date of more-work-required is part of the state, and of the compare.
    let after = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
    let more = State::MoreWorkRequired {
        re_review_after: after,
    };
    store
        .transition(
            app,
            State::Registered,
            more,
            &audit(app, "require-more-work", ana),
            &Effects::default(),
        )
        .await
        .expect("more work");
    assert_eq!(store.application(app).await.expect("row").state, more);
    let wrong_date = State::MoreWorkRequired {
        re_review_after: NaiveDate::from_ymd_opt(2027, 4, 1).expect("date"),
    };
    assert!(matches!(
        store
            .transition(
                app,
                wrong_date,
                State::Submitted,
                &audit(app, "submit", ana),
                &Effects::default()
            )
            .await,
        Err(StoreError::Conflict(_))
    ));

    let trail = store
        .audit_of_subject(&format!("application:{app}"))
        .await
        .expect("audit");
    let actions: Vec<&str> = trail.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["create", "register", "require-more-work"]);
    assert_eq!(trail[1].actor, Some(ana));
    assert_eq!(trail[1].reason, "because");
    assert_eq!(
        store
            .mails_to("coord@example.org")
            .await
            .expect("mail")
            .len(),
        1
    );
    assert_eq!(
        store.applications_of_person(ana).await.expect("mine").len(),
        1
    );
    assert_eq!(
        store
            .applications_of_association(assoc)
            .await
            .expect("theirs")
            .len(),
        1
    );
    let other = association(&store, "ct-aimh").await;
    assert!(
        store
            .applications_of_association(other)
            .await
            .expect("none")
            .is_empty()
    );
}

async fn audit_log_is_append_only(store: SharedStore, url: String) {
    let ana = person(&store, "ana@example.org").await;
    store
        .record_audit(&NewAudit {
            at: at(1),
            actor: Some(ana),
            association: None,
            subject: "person:1".into(),
            action: "sign-in".into(),
            reason: String::new(),
        })
        .await
        .expect("audit");
    // Even a direct connection cannot rewrite history.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    let update = sqlx::query("UPDATE audit_log SET action = 'nothing'")
        .execute(&pool)
        .await;
    assert!(update.is_err(), "update went through");
    let delete = sqlx::query("DELETE FROM audit_log").execute(&pool).await;
    assert!(delete.is_err(), "delete went through");
    pool.close().await;
    assert_eq!(
        store.audit_of_subject("person:1").await.expect("audit")[0].action,
        "sign-in"
    );
}

async fn outbox_leases_retries_and_gives_up(store: SharedStore, _url: String) {
    let first = store
        .enqueue_mail(&mail("a@example.org", "One", at(1)))
        .await
        .expect("mail");
    let second = store
        .enqueue_mail(&mail("b@example.org", "Two", at(2)))
        .await
        .expect("mail");
    // Not due yet before its time.
    assert!(
        store
            .claim_due_mail(at(1) - Duration::hours(1), at(1), 10, 10)
            .await
            .expect("claim")
            .is_empty()
    );
    let claimed = store
        .claim_due_mail(at(3), at(3) + Duration::minutes(5), 10, 10)
        .await
        .expect("claim");
    assert_eq!(
        claimed.iter().map(|m| m.id).collect::<Vec<_>>(),
        [first, second]
    );
    // Leased: a second worker gets nothing until the lease runs out.
    assert!(
        store
            .claim_due_mail(at(3), at(3), 10, 10)
            .await
            .expect("claim")
            .is_empty()
    );

    store.mark_mail_sent(first, at(3)).await.expect("sent");
    store
        .mark_mail_failed(second, "connection refused", Some(at(4)))
        .await
        .expect("failed");
    let row = store.mail(second).await.expect("mail");
    assert_eq!(row.status, MailStatus::Pending);
    assert_eq!(row.attempts, 1);
    assert_eq!(row.last_error.as_deref(), Some("connection refused"));
    let again = store
        .claim_due_mail(at(4), at(5), 10, 10)
        .await
        .expect("claim");
    assert_eq!(again.len(), 1);
    store
        .mark_mail_failed(second, "still refused", None)
        .await
        .expect("give up");
    let row = store.mail(second).await.expect("mail");
    assert_eq!(row.status, MailStatus::Failed);
    assert_eq!(row.attempts, 2);
    assert!(
        store
            .claim_due_mail(at(20), at(21), 10, 10)
            .await
            .expect("claim")
            .is_empty()
    );
    let sent = store.mail(first).await.expect("mail");
    assert_eq!((sent.status, sent.sent_at), (MailStatus::Sent, Some(at(3))));
    assert!(matches!(
        store
            .mark_mail_sent(lattice_domain::ids::MailId(999), at(3))
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn failed_mail_is_listed_and_resent_with_its_message_id(store: SharedStore, _url: String) {
    let given_up = store
        .enqueue_mail(&mail("a@example.org", "One", at(1)))
        .await
        .expect("mail");
    let retrying = store
        .enqueue_mail(&mail("b@example.org", "Two", at(1)))
        .await
        .expect("mail");
    let first = store.mail(given_up).await.expect("row");
    assert_eq!(first.message_key.len(), 32, "a uuid without dashes");
    assert_ne!(
        first.message_key,
        store.mail(retrying).await.expect("row").message_key
    );
    store
        .mark_mail_failed(given_up, "connection refused", None)
        .await
        .expect("gave up");
    store
        .mark_mail_failed(retrying, "connection refused", Some(at(2)))
        .await
        .expect("will retry");
    let failed = store.failed_mails().await.expect("failed");
    assert_eq!(failed.iter().map(|m| m.id).collect::<Vec<_>>(), [given_up]);
    assert_eq!(failed[0].created_at, at(1));
    assert_eq!(store.count_failed_mails().await.expect("count"), 1);

    let audit = |id: MailId| NewAudit {
        at: at(5),
        actor: None,
        association: None,
        subject: format!("mail:{id}"),
        action: "resend-mail".to_string(),
        reason: String::new(),
    };
    // A mail still retrying is not failed: nothing to resend, nothing audited.
    assert!(matches!(
        store.resend_mail(retrying, &audit(retrying)).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .audit_of_subject(&format!("mail:{retrying}"))
            .await
            .expect("audit")
            .is_empty()
    );
    store
        .resend_mail(given_up, &audit(given_up))
        .await
        .expect("resend");
    let row = store.mail(given_up).await.expect("row");
    assert_eq!(
        (row.status, row.attempts, row.last_error.as_deref()),
        (MailStatus::Pending, 0, None)
    );
    assert_eq!(row.next_attempt_at, at(5), "due at once");
    assert_eq!(row.message_key, first.message_key, "the same message");
    assert_eq!(
        store
            .audit_of_subject(&format!("mail:{given_up}"))
            .await
            .expect("audit")[0]
            .action,
        "resend-mail"
    );
    assert!(store.failed_mails().await.expect("failed").is_empty());
    // Resent once: a second click finds nothing failed.
    assert!(matches!(
        store.resend_mail(given_up, &audit(given_up)).await,
        Err(StoreError::NotFound)
    ));
}

async fn bulk_mail_waits_and_claims_never_overlap(store: SharedStore, _url: String) {
    // Reminders queued first (bulk), then a confirmation somebody waits for.
    let reminders: Vec<(String, Vec<NewMail>)> = (0..3)
        .map(|i| {
            (
                format!("bulk-test:{i}"),
                vec![mail(&format!("r{i}@example.org"), "Reminder", at(1))],
            )
        })
        .collect();
    assert_eq!(
        store.send_reminders(&reminders, at(1)).await.expect("bulk"),
        3
    );
    assert_eq!(
        store
            .send_reminders(&reminders, at(1))
            .await
            .expect("again"),
        0
    );
    assert!(store.reminder_recorded("bulk-test:0").await.expect("key"));
    assert!(!store.reminder_recorded("bulk-test:9").await.expect("key"));
    let waited = store
        .enqueue_mail(&mail("c@example.org", "Confirmation", at(2)))
        .await
        .expect("mail");
    // With no room for bulk mail (the worker's rate spent), only the waited-for mail.
    let held = store
        .claim_due_mail(at(3), at(3), 10, 0)
        .await
        .expect("claim");
    assert_eq!(held.iter().map(|m| m.id).collect::<Vec<_>>(), [waited]);
    let first = store
        .claim_due_mail(at(3), at(3) + Duration::minutes(5), 2, 2)
        .await
        .expect("claim");
    assert_eq!(
        first.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>(),
        ["Confirmation", "Reminder"],
        "waited-for mail first, then the oldest bulk"
    );
    assert_eq!(first[0].id, waited);
    // One transaction records a batch's outcomes.
    store
        .record_deliveries(&[
            Delivery {
                id: first[0].id,
                outcome: DeliveryOutcome::Sent { at: at(3) },
            },
            Delivery {
                id: first[1].id,
                outcome: DeliveryOutcome::Failed {
                    error: "refused".to_string(),
                    retry_at: Some(at(4)),
                },
            },
        ])
        .await
        .expect("record");
    assert_eq!(
        store.mail(waited).await.expect("mail").status,
        MailStatus::Sent
    );
    let retried = store.mail(first[1].id).await.expect("mail");
    assert_eq!((retried.status, retried.attempts), (MailStatus::Pending, 1));
    // A batch naming a mail that does not exist records nothing.
    let rest = store
        .claim_due_mail(at(3), at(3) + Duration::minutes(5), 10, 10)
        .await
        .expect("claim");
    assert_eq!(rest.len(), 2);
    let missing = store
        .record_deliveries(&[
            Delivery {
                id: rest[0].id,
                outcome: DeliveryOutcome::Sent { at: at(3) },
            },
            Delivery {
                id: lattice_domain::ids::MailId(999_999),
                outcome: DeliveryOutcome::Sent { at: at(3) },
            },
        ])
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    assert_eq!(
        store.mail(rest[0].id).await.expect("mail").status,
        MailStatus::Pending
    );

    // Workers claiming at once never get the same mail.
    for i in 0..120 {
        store
            .enqueue_mail(&mail(&format!("n{i}@example.org"), "Many", at(5)))
            .await
            .expect("mail");
    }
    let claims = (0..4).map(|_| {
        let store = store.clone();
        tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let got = store
                    .claim_due_mail(at(6), at(6) + Duration::minutes(5), 7, 7)
                    .await
                    .expect("claim");
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|m| m.id));
            }
        })
    });
    let mut all = Vec::new();
    for claim in claims {
        all.extend(claim.await.expect("worker"));
    }
    let distinct: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(distinct.len(), all.len(), "a mail was claimed twice");
    // The 120 new ones, the bulk mail whose retry fell due on day 4, and the two whose lease
    // ran out (their batch's record was refused).
    assert_eq!(all.len(), 123);
}

async fn rater_tokens_are_single_use_and_expire(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let app = application(&store, ana, assoc).await;
    let entry = store
        .add_entry(
            ana,
            Section::References,
            &json!({"role": "colleague", "name": "Dr. Rater", "status": "requested"}),
        )
        .await
        .expect("entry");
    let request = |token: &str, expires| NewRaterRequest {
        application: app,
        entry: Some(entry),
        waived: true,
        rater_name: "Dr. Rater".into(),
        rater_email: "Rater@Example.org".into(),
        role: "colleague".into(),
        token_hash: token::hash_token(token),
        created_at: at(1),
        expires_at: expires,
        language: lattice_domain::language::Language::English,
    };
    store
        .create_rater_request(
            &request("t1", at(10)),
            &mail("rater@example.org", "Rate", at(1)),
        )
        .await
        .expect("request");
    let short = store
        .create_rater_request(
            &request("t2", at(2)),
            &mail("rater@example.org", "Rate", at(1)),
        )
        .await
        .expect("request");
    let live = store
        .rater_request_by_token(&token::hash_token("t1"), at(5))
        .await
        .expect("live");
    assert_eq!(
        (live.application, live.entry, live.waived),
        (app, Some(entry), true)
    );
    assert!(matches!(
        store
            .rater_request_by_token(&token::hash_token("t2"), at(5))
            .await,
        Err(StoreError::NotFound)
    ));
    let rating = NewRating {
        answers: json!({"reflective-supervision": "strength"}),
        not_enough_info: 0,
        comments: "Thoughtful".into(),
        known_since: NaiveDate::from_ymd_opt(2020, 1, 1),
        submitted_at: at(5),
    };
    let completed = json!({"role": "colleague", "name": "Dr. Rater", "status": "completed", "completed_on": "2026-11-05"});
    let used = store
        .submit_rating(
            &token::hash_token("t1"),
            at(5),
            &rating,
            Some((ana, entry, completed.clone())),
        )
        .await
        .expect("submit");
    assert_eq!(used.rater_email, "rater@example.org");
    assert_eq!(
        store.entries(ana).await.expect("entries")[0].data,
        completed
    );
    // Single use: the same link again, or an expired one, is refused and changes nothing.
    assert!(matches!(
        store
            .submit_rating(&token::hash_token("t1"), at(5), &rating, None)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .submit_rating(&token::hash_token("t2"), at(5), &rating, None)
            .await,
        Err(StoreError::NotFound)
    ));
    // A renewed token revives the expired request; the old link stays dead.
    store
        .renew_rater_token(
            short,
            &token::hash_token("t3"),
            at(20),
            &mail("rater@example.org", "Again", at(5)),
        )
        .await
        .expect("renew");
    assert!(
        store
            .rater_request_by_token(&token::hash_token("t3"), at(6))
            .await
            .is_ok()
    );
    assert!(
        store
            .rater_request_by_token(&token::hash_token("t2"), at(1))
            .await
            .is_err()
    );
    assert!(matches!(
        store
            .renew_rater_token(
                live.id,
                "x",
                at(20),
                &mail("rater@example.org", "No", at(5))
            )
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .cancel_rater_request(short, at(6))
        .await
        .expect("cancel");
    assert!(
        store
            .rater_request_by_token(&token::hash_token("t3"), at(7))
            .await
            .is_err(),
        "cancelled"
    );
    assert!(
        matches!(
            store.cancel_rater_request(live.id, at(6)).await,
            Err(StoreError::NotFound)
        ),
        "answered ones stay"
    );
    let requests = store.rater_requests_of(app).await.expect("requests");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].used_at, Some(at(5)));
    assert_eq!(
        store
            .mails_to("rater@example.org")
            .await
            .expect("mails")
            .len(),
        3
    );
}

async fn registration_invoices_and_snapshots(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let coordinator = person(&store, "coord@example.org").await;
    let effects = Effects {
        mails: vec![mail("coord@example.org", "New registration", at(1))],
        invoice: Some(NewInvoice {
            kind: InvoiceKind::Registration,
            amount_usd: 20,
            provider: "manual".into(),
            created_at: at(1),
        }),
        ..Effects::default()
    };
    let app = store
        .register_application(
            &NewApplication {
                person: ana,
                association: assoc,
                category: "IFS".into(),
                intended_submission: NaiveDate::from_ymd_opt(2027, 1, 15),
                created_at: at(1),
            },
            "intends to submit 2027-01-15",
            &effects,
        )
        .await
        .expect("register");
    assert_eq!(
        store.application(app).await.expect("row").state,
        State::Registered
    );
    let actions: Vec<String> = store
        .audit_of_subject(&format!("application:{app}"))
        .await
        .expect("audit")
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, ["create", "register"]);
    let invoices = store.invoices(app).await.expect("invoices");
    assert_eq!(invoices.len(), 1);
    assert!(!invoices[0].paid);
    assert_eq!(
        (invoices[0].kind, invoices[0].amount_usd),
        (InvoiceKind::Registration, 20)
    );
    assert_eq!(
        store
            .mark_invoice_paid(invoices[0].id, coordinator, at(2))
            .await
            .expect("paid"),
        app
    );
    assert!(matches!(
        store
            .mark_invoice_paid(invoices[0].id, coordinator, at(3))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(store.invoices(app).await.expect("invoices")[0].paid);

    assert!(matches!(
        store.latest_snapshot(app).await,
        Err(StoreError::NotFound)
    ));
    let frozen = json!({"format": "lattice-portfolio/1", "trainings": [{"title": "A"}]});
    store
        .transition(
            app,
            State::Registered,
            State::Confirmed,
            &audit(app, "confirm", coordinator),
            &Effects {
                snapshot: Some(frozen.clone()),
                ..Effects::default()
            },
        )
        .await
        .expect("transition");
    assert_eq!(store.latest_snapshot(app).await.expect("snapshot"), frozen);
    let versions = store.snapshots(app).await.expect("versions");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].1, frozen);
}

async fn a_person_registers_once_per_category_even_twice_at_once(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let coordinator = person(&store, "coord@example.org").await;
    let registration = |category: &str| NewApplication {
        person: ana,
        association: assoc,
        category: category.into(),
        intended_submission: NaiveDate::from_ymd_opt(2027, 1, 15),
        created_at: at(1),
    };
    // A double submit: eight registrations of the same category at once.
    let mut registrations = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (store, new) = (store.clone(), registration("IFS"));
        registrations.spawn(async move {
            store
                .register_application(&new, "intends to submit", &Effects::default())
                .await
        });
    }
    let (mut registered, mut refused) = (Vec::new(), 0);
    while let Some(outcome) = registrations.join_next().await {
        match outcome.expect("the registration ran") {
            Ok(id) => registered.push(id),
            Err(StoreError::Conflict(why)) => {
                assert!(why.contains("already open"), "{why}");
                refused += 1;
            }
            Err(other) => panic!("a registration failed: {other}"),
        }
    }
    assert_eq!((registered.len(), refused), (1, 7));
    // Another category is another attempt.
    store
        .register_application(&registration("IFRP"), "intends", &Effects::default())
        .await
        .expect("a second category");
    // Once the first is over, the same category may be started again.
    let first = registered[0];
    store
        .transition(
            first,
            State::Registered,
            State::Withdrawn,
            &audit(first, "withdraw", coordinator),
            &Effects::default(),
        )
        .await
        .expect("withdraw");
    let again = store
        .register_application(&registration("IFS"), "intends", &Effects::default())
        .await
        .expect("the same category after a withdrawal");
    assert_ne!(again, first);
}

async fn reviewers_see_their_assignments(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let rev = person(&store, "rev@example.org").await;
    let coord = person(&store, "coord@example.org").await;
    let app = application(&store, ana, assoc).await;
    application(&store, ana, assoc).await;
    store
        .assign_reviewer(app, rev, coord)
        .await
        .expect("assign");
    assert!(matches!(
        store.assign_reviewer(app, rev, coord).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.reviewers(app).await.expect("reviewers"), [rev]);
    let mine = store
        .applications_for_reviewer(rev)
        .await
        .expect("assigned");
    assert_eq!(mine.iter().map(|a| a.id).collect::<Vec<_>>(), [app]);
    assert!(
        store
            .applications_for_reviewer(ana)
            .await
            .expect("none")
            .is_empty()
    );
}

async fn backup_is_a_consistent_copy(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    application(&store, ana, assoc).await;
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("backup.db");
    match store.backend() {
        Backend::Sqlite => {
            store.backup_to(&target).await.expect("backup");
            let copy = lattice_store::testing::open(&sqlite_url(&target))
                .await
                .expect("open copy");
            assert_eq!(
                copy.applications_of_person(ana).await.expect("apps").len(),
                1
            );
            assert_eq!(
                copy.person(ana).await.expect("person").email,
                "ana@example.org"
            );
        }
        Backend::Postgres => {
            let refused = store.backup_to(&target).await;
            assert!(matches!(refused, Err(StoreError::Other(_))), "{refused:?}");
        }
    }
}

async fn imports_are_all_or_nothing(store: SharedStore, _url: String) {
    let ana = person(&store, "ana@example.org").await;
    let first = json!({"title": "One"});
    store
        .add_entry(ana, Section::Trainings, &first)
        .await
        .expect("add");
    let batch = vec![
        (Section::Trainings, json!({"title": "Two"})),
        (Section::Education, json!({"level": "masters"})),
    ];
    let ids = store.add_entries(ana, &batch).await.expect("batch");
    assert_eq!(ids.len(), 2);
    assert_eq!(store.entries(ana).await.expect("entries").len(), 3);

    // A batch for a person who does not exist fails whole: nothing of it is stored.
    let ghost = PersonId(987_654);
    assert!(store.add_entries(ghost, &batch).await.is_err());
    assert!(store.entries(ghost).await.expect("entries").is_empty());

    let meta = json!({"agreements": {"code_of_ethics": "2026-11-01"}});
    let replacement = vec![(Section::Work, json!({"employer": "Early Head Start"}))];
    store
        .replace_portfolio(ana, &replacement, &meta)
        .await
        .expect("replace");
    let entries = store.entries(ana).await.expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].section, Section::Work);
    assert_eq!(store.portfolio_meta(ana).await.expect("meta"), meta);
    // A failing replacement leaves the old portfolio whole.
    assert!(
        store
            .replace_portfolio(ghost, &replacement, &meta)
            .await
            .is_err()
    );
    assert_eq!(store.entries(ana).await.expect("entries").len(), 1);
}

async fn uploads_belong_to_a_person(store: SharedStore, _url: String) {
    let ana = person(&store, "ana@example.org").await;
    let upload = NewUpload {
        person: ana,
        entry: None,
        kind: "transcript".into(),
        file_name: "transcript.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1234,
        object_key: "uploads/1/abc".into(),
        created_at: at(1),
    };
    let id = store.add_upload(&upload).await.expect("upload");
    let row = store.upload(id).await.expect("row");
    assert_eq!(
        (row.person, row.size, row.file_name.as_str()),
        (ana, 1234, "transcript.pdf")
    );
    assert_eq!(store.uploads_of(ana).await.expect("list").len(), 1);
    assert!(
        matches!(
            store.add_upload(&upload).await,
            Err(StoreError::Conflict(_))
        ),
        "object keys are unique"
    );
    assert!(matches!(
        store.upload(id + 100).await,
        Err(StoreError::NotFound)
    ));
}

async fn messages_reach_their_association(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let ct = association(&store, "ct-aimh").await;
    let ana = person(&store, "ana@example.org").await;
    let message = NewMessage {
        person: ana,
        association: mass,
        application: None,
        section: "trainings".into(),
        kind: "help-technical".into(),
        body: "The CSV import says line 3.".into(),
        created_at: at(1),
        author: None,
    };
    store
        .add_message(&message, Some(&mail("coord@example.org", "Help", at(1))))
        .await
        .expect("message");
    let listed = store
        .messages_of_association(mass, 10)
        .await
        .expect("messages");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].kind.as_str(), listed[0].person),
        ("help-technical", ana)
    );
    assert!(
        store
            .messages_of_association(ct, 10)
            .await
            .expect("messages")
            .is_empty()
    );
    assert_eq!(
        store
            .mails_to("coord@example.org")
            .await
            .expect("mail")
            .len(),
        1
    );
    let bad = NewMessage {
        kind: "gossip".into(),
        ..message
    };
    assert!(
        store.add_message(&bad, None).await.is_err(),
        "kinds are checked by the schema"
    );
}

async fn an_application_has_one_thread_with_its_answers(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    let mine = application(&store, ana, mass).await;
    let message = |body: &str, author: Option<PersonId>, day: u32| NewMessage {
        person: ana,
        association: mass,
        application: Some(mine),
        section: "application".into(),
        kind: "comment".into(),
        body: body.into(),
        created_at: at(day),
        author,
    };
    for (body, author, day) in [
        ("Does a webinar count?", None, 1),
        ("Yes, when it is live.", Some(coordinator), 2),
        ("Thank you.", None, 3),
    ] {
        store
            .add_message(&message(body, author, day), None)
            .await
            .expect("message");
    }
    let thread = store.messages_of_application(mine).await.expect("thread");
    let read: Vec<(&str, Option<&str>)> = thread
        .iter()
        .map(|m| {
            (
                m.body.as_str(),
                m.author.as_ref().map(|(_, name)| name.as_str()),
            )
        })
        .collect();
    assert_eq!(
        read,
        vec![
            ("Does a webinar count?", None),
            (
                "Yes, when it is live.",
                Some("Person coordinator@massaimh.test")
            ),
            ("Thank you.", None),
        ]
    );
    assert!(thread.iter().all(|m| m.person == ana));
    // Another application's thread is its own.
    let other = application(&store, person(&store, "ben@example.org").await, mass).await;
    assert!(
        store
            .messages_of_application(other)
            .await
            .expect("none")
            .is_empty()
    );
}

async fn memberships_end_and_elsewhere_is_verified(store: SharedStore, _url: String) {
    let ak = association(&store, "ak-aimh").await;
    let nm = association(&store, "nmaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let coordinator = person(&store, "coordinator@ak-aimh.test").await;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let upload = store
        .add_upload(&NewUpload {
            person: ana,
            entry: None,
            kind: "membership-proof".into(),
            file_name: "card.pdf".into(),
            content_type: "application/pdf".into(),
            size: 10,
            object_key: "uploads/x/y".into(),
            created_at: at(1),
        })
        .await
        .expect("upload");
    let claim = OtherMembershipClaim {
        association: "Zero to Three".into(),
        member_number: "ZT-1".into(),
        valid_until: day(2027, 6, 30),
        proof_upload: upload,
    };
    let request = store
        .request_other_membership(ana, ak, &claim, at(2), None)
        .await
        .expect("request");
    let open = store
        .open_membership_requests(Some(ana), Some(ak))
        .await
        .expect("open");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].other.as_ref(), Some(&claim));
    let verify = |association| NewAudit {
        at: at(3),
        actor: Some(coordinator),
        association: Some(association),
        subject: format!("membership-request:{request}"),
        action: "verify-other-membership".into(),
        reason: String::new(),
    };
    // Only the association it was sent to verifies it, and only once.
    assert!(matches!(
        store
            .verify_other_membership(request, nm, coordinator, &verify(nm))
            .await,
        Err(StoreError::NotFound)
    ));
    let id = store
        .verify_other_membership(request, ak, coordinator, &verify(ak))
        .await
        .expect("verified");
    assert!(matches!(
        store
            .verify_other_membership(request, ak, coordinator, &verify(ak))
            .await,
        Err(StoreError::NotFound)
    ));
    let recorded = store.memberships_of(ana).await.expect("memberships");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].id, id);
    assert_eq!(
        recorded[0].other_association.as_deref(),
        Some("Zero to Three")
    );
    assert_eq!(recorded[0].ends_on, day(2027, 6, 30));
    assert_eq!(recorded[0].starts_on, at(3).date_naive());
    // Ending early shortens it, never lengthens it, and only the association's own.
    let end = |last, association| {
        let store = store.clone();
        async move {
            store
                .end_membership(
                    id,
                    association,
                    last,
                    "left",
                    &NewAudit {
                        at: at(4),
                        actor: Some(coordinator),
                        association: Some(association),
                        subject: format!("membership:{id}"),
                        action: "end-membership".into(),
                        reason: String::new(),
                    },
                )
                .await
        }
    };
    assert!(matches!(
        end(day(2027, 1, 1), nm).await,
        Err(StoreError::NotFound)
    ));
    end(day(2027, 1, 1), ak).await.expect("ended");
    end(day(2027, 3, 1), ak).await.expect("not lengthened");
    let row = &store.memberships_of(ana).await.expect("memberships")[0];
    assert_eq!(row.ends_on, day(2027, 1, 1));
    assert_eq!(row.ended_reason.as_deref(), Some("left"));
}

async fn memberships_are_the_associations_records(store: SharedStore, _url: String) {
    let mass = association(&store, "massaimh").await;
    let nm = association(&store, "nmaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    assert!(store.memberships_of(ana).await.expect("none").is_empty());
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let membership = |association, number: &str, starts, ends| NewMembership {
        person: ana,
        association,
        member_number: number.into(),
        kind: "individual".into(),
        starts_on: starts,
        ends_on: ends,
        recorded_by: Some(coordinator),
        recorded_at: at(3),
    };
    let audit = |action: &str| NewAudit {
        at: at(3),
        actor: Some(coordinator),
        association: Some(mass),
        subject: format!("person:{}", ana.0),
        action: action.into(),
        reason: "dues received".into(),
    };
    store
        .record_membership(
            &membership(mass, "M-1", day(2026, 2, 1), day(2027, 1, 31)),
            &audit("record-membership"),
        )
        .await
        .expect("record");
    store
        .record_membership(
            &membership(nm, "NM-7", day(2026, 4, 1), day(2027, 3, 31)),
            &audit("record-membership"),
        )
        .await
        .expect("record another association's");
    // The same number starting the same day is one membership, not two.
    assert!(matches!(
        store
            .record_membership(
                &membership(mass, "M-1", day(2026, 2, 1), day(2027, 6, 30)),
                &audit("record-membership"),
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    let rows = store.memberships_of(ana).await.expect("rows");
    let seen: Vec<(&str, &str, NaiveDate, NaiveDate, Option<PersonId>)> = rows
        .iter()
        .map(|m| {
            (
                m.association_slug.as_str(),
                m.member_number.as_str(),
                m.starts_on,
                m.ends_on,
                m.recorded_by,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "nmaimh",
                "NM-7",
                day(2026, 4, 1),
                day(2027, 3, 31),
                Some(coordinator)
            ),
            (
                "massaimh",
                "M-1",
                day(2026, 2, 1),
                day(2027, 1, 31),
                Some(coordinator)
            ),
        ],
        "the latest ending first"
    );
    let audit_rows = store
        .audit_of_subject(&format!("person:{}", ana.0))
        .await
        .expect("audit");
    assert_eq!(
        audit_rows
            .iter()
            .filter(|a| a.action == "record-membership")
            .count(),
        2,
        "each recorded membership has its audit row; the refused one has none"
    );
}

async fn an_import_keeps_the_entries_raters_point_at(store: SharedStore, _url: String) {
    let assoc = association(&store, "massaimh").await;
    let ana = person(&store, "ana@example.org").await;
    let app = application(&store, ana, assoc).await;
    let rated = store
        .add_entry(
            ana,
            Section::References,
            &json!({"role": "colleague", "name": "Dr. Rater", "status": "requested"}),
        )
        .await
        .expect("entry");
    store
        .add_entry(ana, Section::Trainings, &json!({"title": "Old"}))
        .await
        .expect("entry");
    store
        .create_rater_request(
            &NewRaterRequest {
                application: app,
                entry: Some(rated),
                waived: false,
                rater_name: "Dr. Rater".into(),
                rater_email: "rater@example.org".into(),
                role: "colleague".into(),
                token_hash: token::hash_token("keep"),
                created_at: at(1),
                expires_at: at(20),
                language: lattice_domain::language::Language::English,
            },
            &mail("rater@example.org", "Rate", at(1)),
        )
        .await
        .expect("request");
    store
        .replace_portfolio(
            ana,
            &[(Section::Trainings, json!({"title": "New"}))],
            &json!({}),
        )
        .await
        .expect("replace");
    let entries = store.entries(ana).await.expect("entries");
    let kept: Vec<(EntryId, serde_json::Value)> =
        entries.iter().map(|e| (e.id, e.data.clone())).collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(
        kept.iter().any(|(id, _)| *id == rated),
        "the rater's entry stays"
    );
    assert!(kept.iter().any(|(_, data)| data["title"] == "New"));
    assert!(!kept.iter().any(|(_, data)| data["title"] == "Old"));
}

async fn education_checks_keep_what_was_checked(store: SharedStore, _url: String) {
    let ana = person(&store, "ana@example.org").await;
    let coordinator = person(&store, "coordinator@massaimh.test").await;
    let degree = json!({"level": "masters", "degree": "MSW", "completed": "2019-05-15"});
    let entry = store
        .add_entry(ana, Section::Education, &degree)
        .await
        .expect("entry");
    let check = |verified: bool, note: &str| NewEducationCheck {
        person: ana,
        entry,
        entry_data: degree.clone(),
        verified,
        note: note.into(),
        checked_by: coordinator,
        checked_at: at(4),
    };
    let audit = NewAudit {
        at: at(4),
        actor: Some(coordinator),
        association: None,
        subject: format!("person:{}", ana.0),
        action: "check-education".into(),
        reason: String::new(),
    };
    store
        .record_education_check(
            &check(false, "The scan is unreadable"),
            &audit,
            Some(&mail("ana@example.org", "Another transcript", at(4))),
        )
        .await
        .expect("ask again");
    store
        .record_education_check(&check(true, ""), &audit, None)
        .await
        .expect("verified");
    let checks = store.education_checks_of(ana).await.expect("checks");
    let seen: Vec<(EntryId, bool, &str, &str)> = checks
        .iter()
        .map(|c| {
            (
                c.entry,
                c.verified,
                c.note.as_str(),
                c.checked_by_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                entry,
                false,
                "The scan is unreadable",
                "Person coordinator@massaimh.test"
            ),
            (entry, true, "", "Person coordinator@massaimh.test"),
        ]
    );
    assert_eq!(checks[1].entry_data, degree);
    assert_eq!(
        store.mails_to("ana@example.org").await.expect("mail").len(),
        1
    );
}
