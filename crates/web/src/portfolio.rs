//! A person's stored portfolio as a `lattice-portfolio/1` document, and the eligibility panel
//! computed from it by the same engine as `lattice check`.

use chrono::NaiveDate;
use lattice_domain::category::Category;
use lattice_domain::engine::check;
use lattice_domain::format::parse_portfolio;
use lattice_store::{PersonRow, Section, SharedStore, StoreError};
use serde_json::{Map, Value, json};

use crate::error::WebError;
use crate::state::AppState;
use crate::views::EligibilityView;

/// The document for `person`, assembled from the stored entries and the singletons.
pub async fn document(store: &SharedStore, person: &PersonRow) -> Result<Value, WebError> {
    let meta = match store.portfolio_meta(person.id).await {
        Ok(Value::Object(meta)) => meta,
        Ok(_) | Err(StoreError::NotFound) => Map::new(),
        Err(other) => return Err(other.into()),
    };
    let mut doc = Map::new();
    doc.insert("format".into(), json!("lattice-portfolio/1"));
    // Extra person fields (licences) come from the stored meta; name and email from the account.
    let mut who = match meta.get("person") {
        Some(Value::Object(extra)) => extra.clone(),
        _ => Map::new(),
    };
    who.insert("name".into(), json!(person.name));
    who.insert("email".into(), json!(person.email));
    doc.insert("person".into(), Value::Object(who));
    for section in Section::ALL {
        doc.insert(section.key().into(), Value::Array(Vec::new()));
    }
    for entry in store.entries(person.id).await? {
        if let Some(Value::Array(list)) = doc.get_mut(entry.section.key()) {
            list.push(entry.data);
        }
    }
    for key in ["agreements", "membership", "endorsements"] {
        if let Some(value) = meta.get(key) {
            doc.insert(key.into(), value.clone());
        }
    }
    // Endorsements granted here count as held for renewal, beside any the person recorded
    // from elsewhere; revoked ones are not held.
    let mut held = match doc.remove("endorsements") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    for row in store.endorsements_of_person(person.id).await? {
        if row.status == lattice_domain::endorsement::Status::Revoked {
            continue;
        }
        let entry = json!({
            "category": row.category,
            "association": row.association_slug,
            "endorsed_on": row.endorsed_on.to_string(),
        });
        if !held.contains(&entry) {
            held.push(entry);
        }
    }
    if !held.is_empty() {
        doc.insert("endorsements".into(), Value::Array(held));
    }
    Ok(Value::Object(doc))
}

/// The panel for one application; the error text says what in the stored data is wrong.
/// `rules_as_of` picks the edition of the rules (an application keeps the edition it was
/// registered under); the portfolio itself is judged as of today.
pub fn eligibility(
    state: &AppState,
    document: &Value,
    association: &str,
    category: &str,
    rules_as_of: NaiveDate,
) -> Result<EligibilityView, String> {
    let portfolio = parse_portfolio(&document.to_string()).map_err(|e| e.to_string())?;
    let category: Category = category.parse()?;
    let profile = state
        .catalog()
        .profile(association, rules_as_of)
        .map_err(|e| e.to_string())?;
    let today = chrono::Utc::now().date_naive();
    let report = check(&portfolio, profile, category, today).map_err(|e| e.to_string())?;
    Ok(EligibilityView::from_report(&report))
}
