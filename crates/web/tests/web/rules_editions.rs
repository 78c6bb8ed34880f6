//! Scheduled editions after the preview (issue #21 item 3 follow-ups): a coordinator withdraws
//! one before it takes effect, and is refused once it is in effect, while a later edition
//! builds on it, or when an application already registered under it; and a second node on the
//! same PostgreSQL database puts an edition scheduled or withdrawn on the first in force
//! without a restart.

use std::time::{Duration as StdDuration, Instant};

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use lattice_domain::ids::AssociationId;
use lattice_store::{NewApplication, NewAudit, NewPerson, StoreError};
use lattice_web::state::AppState;
use lattice_web::{Application, Config, router};

use crate::support::{Client, Page, TEST_CREDENTIAL_KEY, TestApp};

const RAISE: &str = "[[edition]]\neffective = \"2027-01-01\"\n[edition.categories.II.training]\nminimum_hours = 36\n";
const LATER: &str = "[[edition]]\neffective = \"2027-06-01\"\n[edition.categories.II.training]\nminimum_hours = 40\n";

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// The MassAIMH edition a node judges by on `on`.
fn in_force(state: &AppState, on: &str) -> String {
    in_catalog(state.catalog(), on)
}

fn in_catalog(catalog: &lattice_profiles::Catalog, on: &str) -> String {
    catalog
        .profile("massaimh", day(on))
        .expect("in force")
        .id
        .clone()
}

async fn schedule(client: &mut Client<'_>, text: &str) {
    let page = client
        .post("/staff/massaimh/rules/schedule", &[("text", text)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

/// The id of the scheduled MassAIMH edition taking effect on `effective`.
async fn edition(app: &TestApp, effective: &str) -> i64 {
    let store = app.state.store();
    let mass = store.association_by_slug("massaimh").await.expect("m").id;
    store
        .editions_of(mass)
        .await
        .expect("editions")
        .iter()
        .find(|e| e.effective == day(effective))
        .unwrap_or_else(|| panic!("no edition of {effective}"))
        .id
}

async fn withdraw(client: &mut Client<'_>, id: i64) -> Page {
    client
        .post(
            "/staff/massaimh/rules/withdraw",
            &[("edition", id.to_string().as_str())],
        )
        .await
}

/// Someone whose application was created on `on` (the day it registered, as the app dates
/// an application's rules).
async fn registered_on(app: &TestApp, mass: AssociationId, email: &str, on: &str) -> i64 {
    let store = app.state.store();
    let person = store
        .create_person(&NewPerson {
            email: email.into(),
            name: format!("Registered {on}"),
            password_hash: None,
            admin: false,
        })
        .await
        .expect("person");
    let created_at = Utc
        .from_local_datetime(&day(on).and_hms_opt(9, 0, 0).expect("time"))
        .single()
        .expect("time");
    store
        .create_application(&NewApplication {
            person,
            association: mass,
            category: "IFS".into(),
            intended_submission: None,
            created_at,
        })
        .await
        .expect("application")
        .0
}

async fn a_scheduled_edition_is_withdrawn_before_it_takes_effect(app: TestApp) {
    let store = app.state.store();
    let mass = store.association_by_slug("massaimh").await.expect("m").id;
    let mut coordinator = app.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    schedule(&mut coordinator, RAISE).await;
    schedule(&mut coordinator, LATER).await;
    let (first, later) = (
        edition(&app, "2027-01-01").await,
        edition(&app, "2027-06-01").await,
    );
    // Only the latest is offered: the one before it is what the later one changes.
    let page = coordinator.get("/staff/massaimh/rules").await;
    assert!(
        page.body.contains(&format!("id=\"withdraw-{later}\"")),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&format!("id=\"withdraw-{first}\"")));
    let refused = withdraw(&mut coordinator, first).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("The edition of 2027-01-01 was not withdrawn: a later edition is scheduled"),
        "{}",
        refused.body
    );

    // Another association's coordinator and a reviewer cannot withdraw it.
    for email in ["coordinator@nmaimh.test", "reviewer1@massaimh.test"] {
        let mut other = app.client();
        other.sign_in(email).await;
        let page = withdraw(&mut other, later).await;
        assert!(
            matches!(page.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{email}: {}",
            page.status
        );
    }
    assert_eq!(store.editions_of(mass).await.expect("editions").len(), 2);

    // An application registered on 2027-01-02 keeps the first edition: the later one (not
    // reached by it) goes, withdrawn by the Alliance administrator; the first then stays.
    let kept = registered_on(&app, mass, "jan@example.org", "2027-01-02").await;
    let mut admin = app.client();
    admin.sign_in("admin@alliance.test").await;
    let done = withdraw(&mut admin, later).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some("/staff/massaimh/rules?withdrawn=2027-06-01")
    );
    let page = admin
        .get("/staff/massaimh/rules?withdrawn=2027-06-01")
        .await;
    assert!(
        page.body
            .contains("The edition of 2027-06-01 is withdrawn: it will not take effect."),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<td>2027-06-01</td>"));
    assert_eq!(in_force(&app.state, "2027-07-01"), "massaimh@2027-01-01");
    assert_eq!(
        in_catalog(
            &lattice_web::sync_profiles(store).await.expect("catalog"),
            "2027-07-01"
        ),
        "massaimh@2027-01-01",
        "and after a restart"
    );
    let audit = store.audit_of_association(mass, 50).await.expect("audit");
    let withdrawals: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "withdraw-rules-edition")
        .collect();
    assert_eq!(withdrawals.len(), 1, "only the withdrawal that happened");
    assert_eq!(
        withdrawals[0].subject,
        "profile-edition:massaimh@2027-06-01"
    );

    let refused = withdraw(&mut coordinator, first).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            "The edition of 2027-01-01 was not withdrawn: 1 application already registered under the edition of 2027-01-01"
        ),
        "{}",
        refused.body
    );
    let page = coordinator.get(&format!("/applications/{kept}")).await;
    assert!(
        page.body
            .contains("MassAIMH&#39;s rules in force from 2027-01-01"),
        "{}",
        page.body
    );

    // In effect: on its own day the store refuses it whatever the page offered.
    let in_effect = store
        .withdraw_edition(
            mass,
            first,
            day("2027-01-01"),
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(mass),
                subject: "profile-edition:massaimh@2027-01-01".into(),
                action: "withdraw-rules-edition".into(),
                reason: "test".into(),
            },
        )
        .await;
    match in_effect {
        Err(StoreError::Conflict(why)) => {
            assert!(why.contains("took effect on 2027-01-01"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.editions_of(mass).await.expect("editions").len(), 1);
    assert_eq!(in_force(&app.state, "2027-01-02"), "massaimh@2027-01-01");
}

#[tokio::test]
async fn a_scheduled_edition_is_withdrawn_before_it_takes_effect_on_sqlite() {
    a_scheduled_edition_is_withdrawn_before_it_takes_effect(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_scheduled_edition_is_withdrawn_before_it_takes_effect_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_scheduled_edition_is_withdrawn_before_it_takes_effect(app).await;
    }
}

/// A second node on the database `url` (the first one loaded the demo there).
async fn second_node(url: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let env = vec![
        ("LATTICE_BIND".to_string(), "127.0.0.1:0".to_string()),
        (
            "LATTICE_DATA_DIR".to_string(),
            dir.path().display().to_string(),
        ),
        (
            "LATTICE_BASE_URL".to_string(),
            "http://lattice.test".to_string(),
        ),
        (
            "LATTICE_CREDENTIAL_KEY".to_string(),
            TEST_CREDENTIAL_KEY.to_string(),
        ),
    ];
    let config = Config::load(None, env).expect("config");
    let store = lattice_store::testing::open(url).await.expect("store");
    let app = Application::build_with_store(config, store)
        .await
        .expect("build");
    let state = app.state().clone();
    TestApp {
        router: router(state.clone()),
        state,
        dir,
    }
}

/// Waits (at most `bound`) until `node` judges 2027-01-02 by `edition`.
async fn until_in_force(node: &TestApp, edition: &str, bound: StdDuration) {
    let started = Instant::now();
    while in_force(&node.state, "2027-01-02") != edition {
        assert!(
            started.elapsed() < bound,
            "the second node still has {} after {bound:?}",
            in_force(&node.state, "2027-01-02")
        );
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn another_node_follows_scheduled_and_withdrawn_editions_without_restart() {
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    let first = TestApp::start(url.clone(), tempfile::tempdir().expect("dir"), &[]).await;
    let second = second_node(&url).await;
    let store = first.state.store();
    let mass = store.association_by_slug("massaimh").await.expect("m").id;
    assert_eq!(in_force(&second.state, "2027-01-02"), "massaimh@2025-01-01");

    // The second node's own tick, every 100 ms here (30 s in service).
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let follower = tokio::spawn(lattice_web::app::follow_editions(
        second.state.clone(),
        StdDuration::from_millis(100),
        stopped,
    ));
    let mut coordinator = first.client();
    coordinator.sign_in("coordinator@massaimh.test").await;
    schedule(&mut coordinator, RAISE).await;
    until_in_force(&second, "massaimh@2027-01-01", StdDuration::from_secs(5)).await;
    let id = edition(&first, "2027-01-01").await;
    let done = withdraw(&mut coordinator, id).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    until_in_force(&second, "massaimh@2025-01-01", StdDuration::from_secs(5)).await;
    stop.send(true).expect("stop");
    follower.await.expect("follower");

    // With no tick running, a registration on the second node compares first: scheduled
    // again on the first node, the edition is in force there from the registration on.
    schedule(&mut coordinator, RAISE).await;
    assert_eq!(in_force(&second.state, "2027-01-02"), "massaimh@2025-01-01");
    let mut ben = second.client();
    ben.sign_in("ben.carter@example.org").await;
    let later = (Utc::now() + Duration::days(40)).date_naive().to_string();
    let registered = ben
        .post(
            "/register",
            &[
                ("association", "massaimh"),
                ("category", "IFS"),
                ("intended_submission", &later),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    assert_eq!(in_force(&second.state, "2027-01-02"), "massaimh@2027-01-01");
    // Registered today, Ben keeps the edition in force today; someone registered on
    // 2027-01-02 is judged on the second node by the edition the first one scheduled.
    let bens = registered.location.expect("to the application");
    let mut staff = second.client();
    staff.sign_in("coordinator@massaimh.test").await;
    let page = staff.get(&bens).await;
    assert!(
        page.body
            .contains("MassAIMH&#39;s rules in force from 2025-01-01"),
        "{}",
        page.body
    );
    let late = registered_on(&second, mass, "late@example.org", "2027-01-02").await;
    let page = staff.get(&format!("/applications/{late}")).await;
    assert!(
        page.body
            .contains("MassAIMH&#39;s rules in force from 2027-01-01"),
        "{}",
        page.body
    );
}
