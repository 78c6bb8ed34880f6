//! Conformance test for the bulk read of portfolios (`PortfolioStore::portfolio_parts`), whose
//! entries each database joins into one JSON text a person: every entry comes back exactly as
//! the row-by-row read (`Store::entries`) gives it, whatever characters its JSON escapes, under
//! its own person, in id order. Instantiated for both backends by `both!` in `main.rs`.

use lattice_domain::ids::PersonId;
use lattice_store::*;
use serde_json::json;

use super::person;

pub(crate) async fn bulk_parts_hold_each_persons_entries_as_stored(
    store: SharedStore,
    _url: String,
) {
    let ana = person(&store, "parts-ana@example.org").await;
    let bo = person(&store, "parts-bo@example.org").await;
    let nobody = person(&store, "parts-empty@example.org").await;
    // Text that only survives being joined into JSON if every quote, backslash, bracket and
    // comma stays inside its string; numbers and nesting beside it.
    let awkward = json!({
        "title": "He said \"6.5 h\", then \\ and ], [ and } ' ñ 日本 \u{1F600}\nnext line\ttab",
        "hours": 6.5, "families_served": 14, "end": null, "paid": true,
        "nested": {"list": [1, 2.25, null, false, "x,y"], "empty": {}},
    });
    let sections = [
        Section::Education,
        Section::Trainings,
        Section::Work,
        Section::Rsc,
        Section::References,
    ];
    // The two people's entries interleaved, so that ids alone do not group them.
    for (i, section) in sections.into_iter().enumerate() {
        for who in [bo, ana] {
            let mut data = awkward.clone();
            data["n"] = json!(i);
            store.add_entry(who, section, &data).await.expect("entry");
        }
    }
    store
        .add_entry(ana, Section::Trainings, &json!({"title": "Last"}))
        .await
        .expect("entry");

    let unknown = PersonId(nobody.0 + 1_000_000);
    let parts = store
        .portfolio_parts(&[bo, unknown, nobody, ana])
        .await
        .expect("parts");
    let order: Vec<PersonId> = parts.iter().map(|p| p.person.id).collect();
    assert_eq!(
        order,
        [bo, nobody, ana],
        "in the order asked, unknown left out"
    );
    for p in &parts {
        let one_by_one = store.entries(p.person.id).await.expect("entries");
        let bulk: Vec<EntryRow> = p
            .entries
            .iter()
            .map(|e| e.parsed().expect("stored JSON"))
            .collect();
        assert_eq!(bulk, one_by_one, "{}'s entries", p.person.email);
    }
    assert!(parts[1].entries.is_empty(), "no entries, no rows invented");
    let ana_parts = &parts[2];
    assert_eq!(ana_parts.entries.len(), 6);
    let read_sections: Vec<Section> = ana_parts.entries.iter().map(|e| e.section).collect();
    assert_eq!(
        read_sections,
        [
            Section::Education,
            Section::Trainings,
            Section::Work,
            Section::Rsc,
            Section::References,
            Section::Trainings,
        ]
    );
    let mut first = awkward.clone();
    first["n"] = json!(0);
    let data = |i: usize| ana_parts.entries[i].parsed().expect("stored JSON").data;
    assert_eq!(data(0), first);
    assert_eq!(data(5), json!({"title": "Last"}));
    assert!(
        ana_parts.entries.windows(2).all(|w| w[0].id.0 < w[1].id.0),
        "by id"
    );
}
