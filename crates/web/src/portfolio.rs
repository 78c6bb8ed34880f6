//! A person's stored portfolio as a `lattice-portfolio/1` document, and the eligibility panel
//! computed from it by the same engine as `lattice check`.

use chrono::NaiveDate;
use lattice_domain::category::Category;
use lattice_domain::engine::{check, check_reinstatement};
use lattice_domain::format::{FORMAT_ID, parse_portfolio, portfolio_from_value};
use lattice_domain::ids::PersonId;
use lattice_domain::portfolio::Portfolio;
use std::collections::HashMap;

use lattice_domain::portfolio::Source;
use lattice_store::{
    ApplicationRow, MembershipRow, PORTFOLIO_BATCH, PersonRow, PortfolioParts, RaterRequestRow,
    Section, SharedStore, StoreError,
};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use crate::error::WebError;
use crate::state::AppState;
use crate::views::EligibilityView;

/// The document for `person`, assembled from the stored entries and the singletons, with
/// every item stamped with who vouches for it (see [`assemble`]). Read through the same bulk
/// read as [`documents`], with a batch of one.
pub async fn document(store: &SharedStore, person: &PersonRow) -> Result<Value, WebError> {
    let parts = store
        .portfolio_parts(&[person.id])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)?;
    assemble(parts, chrono::Utc::now()).into_value()
}

/// The documents of these people, in the order given (unknown ids left out), read a batch
/// of [`PORTFOLIO_BATCH`] people at a time and handed to `each` batch by batch, so that only
/// one batch's rows and documents are in memory at once (an association's 10,000 portfolios
/// are some seventy megabytes of JSON).
pub async fn documents(
    store: &SharedStore,
    people: &[PersonId],
    mut each: impl FnMut(PersonRow, Document),
) -> Result<(), WebError> {
    let now = chrono::Utc::now();
    // The next batch is read while this one is assembled and handed on: on two cores the
    // database's thread and the handler's then work at the same time, not by turns.
    let read = |batch: &[PersonId]| {
        let (store, batch) = (store.clone(), batch.to_vec());
        tokio::spawn(async move { store.portfolio_parts(&batch).await })
    };
    let mut batches = people.chunks(PORTFOLIO_BATCH);
    let mut reading = batches.next().map(read);
    while let Some(batch) = reading.take() {
        let parts = batch
            .await
            .map_err(|e| WebError::Internal(format!("portfolio read: {e}")))??;
        reading = batches.next().map(read);
        for parts in parts {
            let person = parts.person.clone();
            each(person, assemble(parts, now));
        }
    }
    Ok(())
}

/// An assembled `lattice-portfolio/1` document. Most entries stay the JSON text the store
/// holds, so that the rule-change preview reads thousands of documents straight into typed
/// portfolios ([`Document::portfolio`]) without building a `Value` tree per entry; a page
/// that shows or edits one takes it as a value ([`Document::into_value`]). Both are the
/// same document: the one [`assemble`] made.
#[derive(Debug)]
pub struct Document {
    person: Map<String, Value>,
    /// Every section, in [`Section::ALL`] order, empty ones included.
    sections: Vec<(Section, Vec<Item>)>,
    agreements: Option<Value>,
    membership: Option<Value>,
    endorsements: Vec<Value>,
}

/// One entry of a section: as stored, or as the service rewrote it.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Item {
    Stored(Box<RawValue>),
    Rewritten(Value),
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", FORMAT_ID)?;
        map.serialize_entry("person", &self.person)?;
        for (section, items) in &self.sections {
            map.serialize_entry(section.key(), items)?;
        }
        if let Some(agreements) = &self.agreements {
            map.serialize_entry("agreements", agreements)?;
        }
        if let Some(membership) = &self.membership {
            map.serialize_entry("membership", membership)?;
        }
        if !self.endorsements.is_empty() {
            map.serialize_entry("endorsements", &self.endorsements)?;
        }
        map.end()
    }
}

impl Document {
    /// The document as a JSON value, for the pages that show, compare or edit it.
    pub fn into_value(self) -> Result<Value, WebError> {
        serde_json::to_value(&self)
            .map_err(|e| WebError::Internal(format!("assembled document: {e}")))
    }

    /// The document read as the engine's portfolio, by the same reader as a file.
    pub fn portfolio(&self) -> Result<Portfolio, String> {
        let text = serde_json::to_string(self).map_err(|e| e.to_string())?;
        parse_portfolio(&text).map_err(|e| e.to_string())
    }
}

/// One person's document from their stored rows: a rating is completed only by its rater's
/// submission, and membership is the association's record, whatever an entry or the stored
/// meta says. The one place a document is assembled, for one person or thousands.
pub fn assemble(parts: PortfolioParts, now: chrono::DateTime<chrono::Utc>) -> Document {
    let PortfolioParts {
        person,
        meta,
        entries,
        applications,
        rater_requests,
        memberships,
        endorsements,
    } = parts;
    let mut meta = match meta {
        Some(Value::Object(meta)) => meta,
        _ => Map::new(),
    };
    // A later link to the same entry (a later application, a later request) speaks for it.
    let mut links = HashMap::new();
    for request in rater_requests {
        if let Some(entry) = request.entry {
            links.insert(entry, request);
        }
    }
    // Extra person fields (licences) come from the stored meta; name and email from the account.
    let mut who = match meta.remove("person") {
        Some(Value::Object(extra)) => extra,
        _ => Map::new(),
    };
    who.insert("name".into(), json!(person.name));
    who.insert("email".into(), json!(person.email));
    let mut sections: Vec<(Section, Vec<Item>)> =
        Section::ALL.iter().map(|s| (*s, Vec::new())).collect();
    for entry in entries {
        let item = match entry.section {
            Section::References => Item::Rewritten(vouched_reference(
                parsed(&entry.data),
                links.get(&entry.id),
                now,
            )),
            // A degree carries its id, so a transcript check made on the submitted copy
            // finds the entry it was about.
            Section::Education => {
                let mut data = parsed(&entry.data);
                if let Some(fields) = data.as_object_mut() {
                    fields.insert("entry_id".into(), json!(entry.id.0));
                }
                Item::Rewritten(data)
            }
            _ => Item::Stored(entry.data),
        };
        if let Some((_, items)) = sections.iter_mut().find(|(s, _)| *s == entry.section) {
            items.push(item);
        }
    }
    let membership = membership_record(&memberships, &applications).map(|record| {
        json!({
            "association": record.association_slug,
            "valid_until": record.ends_on.to_string(),
            "source": Source::Association,
            "member_number": record.member_number,
            "kind": record.kind,
            "starts_on": record.starts_on.to_string(),
            "other_association": record.other_association,
        })
    });
    // Endorsements granted here count as held for renewal, beside any the person recorded
    // from elsewhere; revoked ones are not held.
    let mut held = match meta.remove("endorsements") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    for row in endorsements {
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
    Document {
        person: who,
        sections,
        agreements: meta.remove("agreements"),
        membership,
        endorsements: held,
    }
}

/// A stored entry as a value, for the few the service rewrites. The store checked it is
/// JSON; one nested too deep for a value reads as nothing, as a non-object entry does.
fn parsed(data: &RawValue) -> Value {
    serde_json::from_str(data.get()).unwrap_or(Value::Null)
}

/// A reference entry as the rules see it: completed only when the rater sent the rating
/// through the link (the store wrote the entry in that same transaction); otherwise asked
/// (a live link) or not asked yet, whatever the entry itself claims.
fn vouched_reference(
    data: Value,
    link: Option<&RaterRequestRow>,
    now: chrono::DateTime<chrono::Utc>,
) -> Value {
    let mut entry = match data {
        Value::Object(entry) => entry,
        _ => Map::new(),
    };
    match link {
        Some(request) if request.used_at.is_some() => {
            let source = if request.recorded_by.is_some() {
                Source::Staff
            } else {
                Source::Rater
            };
            entry.insert("source".into(), json!(source));
        }
        _ => {
            entry.remove("completed_on");
            entry.remove("not_enough_info");
            let asked = link.is_some_and(|request| request.expires_at > now);
            let status = if asked { "requested" } else { "not-requested" };
            entry.insert("status".into(), json!(status));
            entry.insert("source".into(), json!(Source::Applicant));
        }
    }
    Value::Object(entry)
}

/// The membership that speaks for the person: the latest-ending record in an association
/// they apply to, or else their latest-ending record anywhere (another infant mental health
/// association, where the profile accepts one).
pub fn membership_record<'m>(
    memberships: &'m [MembershipRow],
    applications: &[ApplicationRow],
) -> Option<&'m MembershipRow> {
    let newest_first = applications.iter().rev();
    newest_first
        .filter_map(|a| memberships.iter().find(|m| m.association == a.association))
        .next()
        .or_else(|| memberships.first())
}

/// What changed between two submitted versions of a portfolio, in words a reviewer reads:
/// entries added to or removed from each section (an edited entry is both), and signatures.
pub fn changes(before: &Value, after: &Value) -> Vec<String> {
    // The same entry in two versions: compared without what the service adds to it.
    fn comparable(entry: &Value) -> Value {
        let mut entry = entry.clone();
        if let Some(fields) = entry.as_object_mut() {
            fields.remove("entry_id");
            fields.remove("source");
        }
        entry
    }
    let mut lines = Vec::new();
    for section in Section::ALL {
        let list = |doc: &Value| -> Vec<Value> {
            doc[section.key()]
                .as_array()
                .map(|l| l.iter().map(comparable).collect())
                .unwrap_or_default()
        };
        let (mut old, new) = (list(before), list(after));
        let mut added = Vec::new();
        for entry in new {
            match old.iter().position(|o| *o == entry) {
                Some(at) => {
                    old.remove(at);
                }
                None => added.push(entry),
            }
        }
        let title = crate::forms::title(section);
        for entry in &added {
            lines.push(format!(
                "Added to {title}: {}",
                crate::forms::summary(section, entry)
            ));
        }
        for entry in &old {
            lines.push(format!(
                "Removed from {title}: {}",
                crate::forms::summary(section, entry)
            ));
        }
    }
    for (key, name) in [
        ("code_of_ethics", "Code of Ethics"),
        ("endorsement_agreement", "Endorsement Agreement"),
    ] {
        let (was, is) = (&before["agreements"][key], &after["agreements"][key]);
        if was != is {
            lines.push(format!(
                "{name}: signed {}",
                is.as_str().unwrap_or("(not signed)")
            ));
        }
    }
    if before["membership"]["valid_until"] != after["membership"]["valid_until"] {
        lines.push(format!(
            "Membership: now until {}",
            after["membership"]["valid_until"]
                .as_str()
                .unwrap_or("(none)")
        ));
    }
    lines
}

/// What the applicant may read of their own panel: a rating whose reading they waived shows
/// neither its answers nor how many were "not enough information", only that it does not
/// count. Staff see the engine's reasons as they are.
pub fn for_the_applicant(view: &mut EligibilityView, document: &Value) {
    let references = document["references"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for requirement in &mut view.requirements {
        for (excluded, rating) in requirement
            .excluded
            .iter_mut()
            .zip(&requirement.excluded_ratings)
        {
            let waived = rating
                .and_then(|i| references.get(i))
                .filter(|r| r["waived"] == json!(true) && r["status"] == "completed");
            if let Some(r) = waived {
                *excluded = crate::views::Line::english(format!(
                    "The rating from {}: this rating does not count; you waived reading it, so what it says is not shown (your coordinator can tell you more)",
                    r["name"].as_str().unwrap_or("a rater")
                ));
            }
        }
    }
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
    eligibility_since(state, document, association, category, rules_as_of, None)
}

/// [`eligibility`], for the reinstatement of an endorsement that lapsed on `lapsed_on` when
/// given: only ratings completed from that day on count.
pub fn eligibility_since(
    state: &AppState,
    document: &Value,
    association: &str,
    category: &str,
    rules_as_of: NaiveDate,
    lapsed_on: Option<NaiveDate>,
) -> Result<EligibilityView, String> {
    let portfolio = portfolio_from_value(document).map_err(|e| e.to_string())?;
    let category: Category = category.parse()?;
    let profile = state
        .catalog()
        .profile(association, rules_as_of)
        .map_err(|e| e.to_string())?;
    let today = chrono::Utc::now().date_naive();
    let report = match lapsed_on {
        Some(lapsed_on) => check_reinstatement(&portfolio, profile, category, today, lapsed_on),
        None => check(&portfolio, profile, category, today),
    }
    .map_err(|e| e.to_string())?;
    Ok(EligibilityView::from_report(&report, &portfolio))
}

/// [`eligibility`] for `person`'s assembled `document`, from the cache
/// when this very document was checked today under the same rules. Here, not in
/// `report_cache`, so that the cache (held in the state) knows nothing of the state.
pub fn cached_eligibility(
    state: &AppState,
    person: PersonId,
    document: &serde_json::Value,
    association: &str,
    category: &str,
    rules_as_of: NaiveDate,
) -> Result<EligibilityView, String> {
    let cache = state.reports();
    let digest = crate::report_cache::digest(&document.to_string());
    let today = chrono::Utc::now().date_naive();
    if let Some(view) = cache.get(person, association, category, rules_as_of, &digest, today) {
        return Ok(view);
    }
    let view = eligibility(state, document, association, category, rules_as_of)?;
    cache.put(
        person,
        association,
        category,
        rules_as_of,
        digest,
        today,
        view.clone(),
    );
    Ok(view)
}

/// The portfolio reviewers judge: the copy frozen at submission, or the live one before that.
pub async fn reviewed_document(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<serde_json::Value, WebError> {
    let store = state.store();
    match store.latest_snapshot(application.id).await {
        Ok(document) => Ok(document),
        Err(lattice_store::StoreError::NotFound) => {
            let applicant = store.person(application.person).await?;
            document(store, &applicant).await
        }
        Err(other) => Err(other.into()),
    }
}

/// An entry read from a file, as the file may give it: the fields the service adds to a stored
/// entry (its id, its source, the association's import mark) are dropped, because only the
/// service sets them; an applicant's file claiming `imported_by` would otherwise pass its own
/// word off as the association's.
pub fn entry_from_file(entry: &Value) -> Value {
    let mut entry = entry.clone();
    if let Some(fields) = entry.as_object_mut() {
        for added in ["entry_id", "source", "imported_by"] {
            fields.remove(added);
        }
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_what_was_added_removed_and_signed() {
        let before = json!({
            "trainings": [{"title": "Attachment", "date": "2024-03-02", "hours": 6}],
            "rsc": [],
            "agreements": {"code_of_ethics": "2026-09-01"},
        });
        let after = json!({
            "trainings": [{"title": "Attachment", "date": "2024-03-02", "hours": 6, "source": "applicant"}],
            "rsc": [{"provider": {"name": "Dr. Ortiz"}, "format": "group", "start": "2025-01-01", "end": "2025-12-31", "hours": 12}],
            "agreements": {"code_of_ethics": "2026-09-01", "endorsement_agreement": "2026-11-30"},
        });
        assert_eq!(
            changes(&before, &after),
            vec![
                "Added to Reflective supervision/consultation: Dr. Ortiz · group · 2025-01-01 – 2025-12-31 · 12 h".to_string(),
                "Endorsement Agreement: signed 2026-11-30".to_string(),
            ]
        );
        assert_eq!(
            changes(&after, &before),
            vec![
                "Removed from Reflective supervision/consultation: Dr. Ortiz · group · 2025-01-01 – 2025-12-31 · 12 h".to_string(),
                "Endorsement Agreement: signed (not signed)".to_string(),
            ]
        );
        assert!(changes(&after, &after).is_empty());
    }

    #[test]
    fn a_file_cannot_set_what_only_the_service_adds() {
        let filed = json!({
            "title": "Attachment", "date": "2024-03-02", "hours": 6,
            "entry_id": 7, "source": "coordinator",
            "imported_by": {"name": "Pat Coordinator", "role": "coordinator"},
        });
        assert_eq!(
            entry_from_file(&filed),
            json!({"title": "Attachment", "date": "2024-03-02", "hours": 6})
        );
        // Anything else in the entry is the applicant's and kept as filed.
        let plain = json!({"title": "Attachment", "topics": ["x"]});
        assert_eq!(entry_from_file(&plain), plain);
    }
}
