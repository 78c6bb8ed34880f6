//! The bulk read of portfolios (the rule-change preview reads an association's thousands this
//! way) assembles for every person exactly the document the single-person path does: all the
//! demo people and a few seeded ones, read together in one batch and each alone, compared as
//! JSON. A row grouped under the wrong person, or lost, shows as a difference.

use chrono::{Duration, Utc};
use lattice_domain::format::portfolio_from_value;
use lattice_domain::ids::PersonId;
use lattice_store::{NewApplication, NewMail, NewPerson, NewRaterRequest, Section};
use serde_json::{Value, json};

use crate::support::{TestApp, record_membership};

/// Someone applying in two associations, a member of one, whose reference claims a completed
/// rating that no rater sent (the link is only asked), and whose meta has agreements.
async fn seed(app: &TestApp, n: usize) -> PersonId {
    let store = app.state.store();
    let person = store
        .create_person(&NewPerson {
            email: format!("bulk{n}@example.org"),
            name: format!("Bulk Person {n}"),
            password_hash: None,
            admin: false,
        })
        .await
        .expect("person");
    store
        .set_portfolio_meta(
            person,
            &json!({"agreements": {"code_of_ethics": "2026-09-01"},
                    "person": {"licenses": [format!("LICSW {n}")]}}),
        )
        .await
        .expect("meta");
    store
        .add_entry(
            person,
            Section::Trainings,
            &json!({"title": format!("Workshop {n}"), "provider": "MassAIMH",
                    "date": "2026-05-04", "hours": 3, "kind": "workshop", "conference": null,
                    "competencies": [], "population": "infant-toddler", "topics": []}),
        )
        .await
        .expect("training");
    let reference = store
        .add_entry(
            person,
            Section::References,
            &json!({"role": "program-supervisor", "name": format!("Rater {n}"),
                    "status": "completed", "not_enough_info": 0, "completed_on": "2026-10-01"}),
        )
        .await
        .expect("reference");
    let mut applications = Vec::new();
    for slug in ["nmaimh", "massaimh"] {
        let association = store.association_by_slug(slug).await.expect(slug).id;
        applications.push(
            store
                .create_application(&NewApplication {
                    person,
                    association,
                    category: "IFS".into(),
                    intended_submission: None,
                    created_at: Utc::now(),
                })
                .await
                .expect("application"),
        );
    }
    let now = Utc::now();
    store
        .create_rater_request(
            &NewRaterRequest {
                application: applications[1],
                entry: Some(reference),
                waived: false,
                rater_name: format!("Rater {n}"),
                rater_email: format!("rater{n}@example.org"),
                role: "program-supervisor".into(),
                token_hash: format!("bulk-token-{n}"),
                created_at: now,
                expires_at: now + Duration::days(14),
                language: lattice_domain::language::Language::English,
            },
            &NewMail {
                recipient: format!("rater{n}@example.org"),
                subject: "A rating".into(),
                body: "link".into(),
                created_at: now,
            },
        )
        .await
        .expect("rater request");
    record_membership(store, person, "massaimh", "2027-06-30").await;
    person
}

async fn bulk_documents_equal_single_ones(app: TestApp) {
    let seeded = [seed(&app, 1).await, seed(&app, 2).await];
    let store = app.state.store();
    // Every person there is (ids past the last are left out by both reads).
    let last = seeded[1].0;
    let mut ids: Vec<PersonId> = (1..=last + 50).map(PersonId).collect();
    // Ids of nobody in the middle, so that the people fall into three batches of the bulk
    // read (each batch is read while the one before is assembled).
    let nobody = (0..2 * lattice_store::PORTFOLIO_BATCH as i64).map(|i| PersonId(10_000_000 + i));
    ids.splice(10..10, nobody);
    let mut bulk = Vec::new();
    lattice_web::portfolio_documents(store, &ids, |person, document| {
        // The preview reads the document as text into a portfolio; the pages take it as a
        // value. Both views of one assembled document give the engine the same portfolio.
        let typed = document.portfolio();
        let value = document.into_value().expect("document as a value");
        assert_eq!(
            typed,
            portfolio_from_value(&value).map_err(|e| e.to_string()),
            "{}'s portfolio",
            person.name
        );
        bulk.push((person, value))
    })
    .await
    .expect("bulk read");
    let names = store.names_of(&ids).await.expect("names");
    assert_eq!(bulk.len(), names.len(), "one document per person, no more");
    let known: Vec<PersonId> = ids
        .iter()
        .copied()
        .filter(|id| names.contains_key(id))
        .collect();
    let read: Vec<PersonId> = bulk.iter().map(|(p, _)| p.id).collect();
    assert_eq!(read, known, "in the order asked, across batches");
    assert!(bulk.len() > 20, "the demo people and the seeded ones");
    for (person, document) in &bulk {
        let alone = store.person(person.id).await.expect("person");
        let single = lattice_web::portfolio_document(store, &alone)
            .await
            .expect("single read");
        assert_eq!(
            document.to_string(),
            single.to_string(),
            "{}'s document",
            person.name
        );
    }

    // The comparison covers what provenance decides: ratings sent by raters, memberships
    // recorded by the association, endorsements granted here.
    let all: Vec<&Value> = bulk.iter().map(|(_, d)| d).collect();
    let references = all
        .iter()
        .flat_map(|d| d["references"].as_array().cloned().unwrap_or_default());
    assert!(
        references.clone().any(|r| r["source"] == "rater"),
        "some rating was sent by its rater"
    );
    assert!(
        all.iter()
            .any(|d| d["membership"]["source"] == "association")
    );
    assert!(all.iter().any(|d| d["endorsements"].is_array()));
    for person in seeded {
        let (_, document) = bulk
            .iter()
            .find(|(p, _)| p.id == person)
            .expect("seeded person read");
        // Claimed completed in the entry; the rater was only asked.
        assert_eq!(document["references"][0]["status"], "requested");
        assert_eq!(document["references"][0]["source"], "applicant");
        assert!(document["references"][0].get("completed_on").is_none());
        assert_eq!(document["membership"]["association"], "massaimh");
        assert_eq!(document["membership"]["valid_until"], "2027-06-30");
        assert_eq!(document["agreements"]["code_of_ethics"], "2026-09-01");
        assert_eq!(document["trainings"].as_array().map(Vec::len), Some(1));
    }
}

#[tokio::test]
async fn bulk_documents_equal_single_ones_on_sqlite() {
    bulk_documents_equal_single_ones(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn bulk_documents_equal_single_ones_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        bulk_documents_equal_single_ones(app).await;
    }
}
