//! The applicant's eligibility panel, reused while nothing it is computed from has changed
//! (issue #20: the parsed portfolio and its engine report were rebuilt on every dashboard
//! request).
//!
//! The panel is a pure function of the assembled `lattice-portfolio/1` document, the profile
//! edition, the category and today's date. The store has no single version that changes on
//! every write the document reflects: entries, meta, rating requests and ratings, membership
//! records and endorsements are written by different paths, and `updated_at` is in whole
//! seconds (two saves in one second would look alike) and says nothing of deletions. So each
//! slot keeps a SHA-256 digest of the document's canonical text (serde_json's maps are sorted)
//! and is used only when the document of this request has the same digest: a changed
//! portfolio cannot be served an old panel, whichever path changed it. What is saved is the
//! parse through the format reader and the engine's check; the document's own queries still
//! run.
//!
//! One slot per (person, association, category, edition): a new version replaces the old
//! one instead of piling up beside it, and the map holds at most `CAPACITY` slots.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;
use lattice_domain::ids::PersonId;

use crate::views::EligibilityView;

/// Slots kept at most: one per applicant and application in use, a few kilobytes each.
const CAPACITY: usize = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    person: PersonId,
    association: String,
    category: String,
    rules_as_of: NaiveDate,
}

#[derive(Debug)]
struct Slot {
    digest: [u8; 32],
    today: NaiveDate,
    view: EligibilityView,
}

#[derive(Debug)]
pub struct ReportCache {
    slots: Mutex<HashMap<Key, Slot>>,
    capacity: usize,
}

impl Default for ReportCache {
    fn default() -> Self {
        ReportCache::with_capacity(CAPACITY)
    }
}

/// The digest a document's panel is filed under: of its exact text.
pub fn digest(document_text: &str) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, document_text.as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

impl ReportCache {
    pub fn with_capacity(capacity: usize) -> ReportCache {
        ReportCache {
            slots: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
        }
    }

    /// The panel computed before for exactly this document on `today`, if any.
    pub fn get(
        &self,
        person: PersonId,
        association: &str,
        category: &str,
        rules_as_of: NaiveDate,
        digest: &[u8; 32],
        today: NaiveDate,
    ) -> Option<EligibilityView> {
        let key = Key {
            person,
            association: association.to_string(),
            category: category.to_string(),
            rules_as_of,
        };
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots
            .get(&key)
            .filter(|slot| slot.digest == *digest && slot.today == today)
            .map(|slot| slot.view.clone())
    }

    /// Files the panel of this document, replacing whatever the slot held.
    #[allow(clippy::too_many_arguments)]
    pub fn put(
        &self,
        person: PersonId,
        association: &str,
        category: &str,
        rules_as_of: NaiveDate,
        digest: [u8; 32],
        today: NaiveDate,
        view: EligibilityView,
    ) {
        let key = Key {
            person,
            association: association.to_string(),
            category: category.to_string(),
            rules_as_of,
        };
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.len() >= self.capacity && !slots.contains_key(&key) {
            // Full: drop an arbitrary slot. A dropped panel is only computed again.
            if let Some(victim) = slots.keys().next().cloned() {
                slots.remove(&victim);
            }
        }
        slots.insert(
            key,
            Slot {
                digest,
                today,
                view,
            },
        );
    }

    pub fn len(&self) -> usize {
        self.slots.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(rules: &str) -> EligibilityView {
        EligibilityView {
            ready: false,
            rules: lattice_domain::phrase::Phrase::new("rules-in-force", vec![], rules.to_string()),
            requirements: Vec::new(),
            met: 0,
            total: 0,
            advice: Vec::new(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("date")
    }

    #[test]
    fn a_panel_is_served_only_for_the_same_document_and_day() {
        let cache = ReportCache::default();
        let (ana, ben) = (PersonId(1), PersonId(2));
        let first = digest(r#"{"trainings":[]}"#);
        let second = digest(r#"{"trainings":[{"hours":7}]}"#);
        cache.put(ana, "massaimh", "IFS", day(1), first, day(3), view("v1"));
        let hit = cache.get(ana, "massaimh", "IFS", day(1), &first, day(3));
        assert_eq!(hit.map(|v| v.rules.english), Some("v1".to_string()));
        // Another document, day, person, category or edition is a miss.
        assert!(
            cache
                .get(ana, "massaimh", "IFS", day(1), &second, day(3))
                .is_none()
        );
        assert!(
            cache
                .get(ana, "massaimh", "IFS", day(1), &first, day(4))
                .is_none()
        );
        assert!(
            cache
                .get(ben, "massaimh", "IFS", day(1), &first, day(3))
                .is_none()
        );
        assert!(
            cache
                .get(ana, "massaimh", "IFA", day(1), &first, day(3))
                .is_none()
        );
        assert!(
            cache
                .get(ana, "massaimh", "IFS", day(2), &first, day(3))
                .is_none()
        );
        // A new version replaces the slot: the old document is no longer served.
        cache.put(ana, "massaimh", "IFS", day(1), second, day(3), view("v2"));
        assert!(
            cache
                .get(ana, "massaimh", "IFS", day(1), &first, day(3))
                .is_none()
        );
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let cache = ReportCache::with_capacity(3);
        for person in 0..10 {
            let d = digest(&person.to_string());
            cache.put(PersonId(person), "m", "IFS", day(1), d, day(3), view("x"));
            assert!(cache.len() <= 3);
        }
        // The newest is always kept.
        let d = digest("9");
        assert!(
            cache
                .get(PersonId(9), "m", "IFS", day(1), &d, day(3))
                .is_some()
        );
    }
}
