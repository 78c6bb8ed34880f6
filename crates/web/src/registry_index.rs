//! The public registry searched from memory. Searches are the busiest public request and the
//! data changes rarely, so each server keeps the active endorsements in ordered maps (by
//! family name, given name and city) and catches up from the database by `updated_at`:
//! at most once a second on its own, and at once after a change made through this server.
//! The verification page still reads the database, so a lapse shows there immediately.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lattice_domain::endorsement::Status;
use lattice_store::{
    EndorsementRow, REGISTRY_COUNT_CAP, RegistryQuery, SharedStore, StoreResult, family_key,
    search_keys, search_text,
};
use tokio::sync::{Mutex, RwLock};

/// How stale a search may be about changes made through other servers.
const CATCH_UP_EVERY: Duration = Duration::from_secs(1);
/// Rows changed this long before the newest one seen are read again, so a write that took its
/// time before committing, or whose node's clock ran a little behind, is not missed; reading
/// one again is harmless. Kept short: a bulk import re-read every second would stall searches.
const OVERLAP_SECONDS: i64 = 5;

type Key = (String, i64);

#[derive(Debug, Default)]
struct Maps {
    rows: HashMap<i64, Arc<Listed>>,
    by_family: BTreeMap<Key, Arc<Listed>>,
    by_given: BTreeMap<Key, Arc<Listed>>,
    by_city: BTreeMap<Key, Arc<Listed>>,
    /// By association, then family name: the per-association registry pages and searches.
    by_association: BTreeMap<(i64, String, i64), Arc<Listed>>,
    /// Association slugs seen, so a search by association needs no database lookup.
    slugs: HashMap<String, lattice_domain::ids::AssociationId>,
    /// The newest `updated_at` read so far.
    newest: Option<i64>,
}

#[derive(Debug)]
struct Listed {
    row: EndorsementRow,
    family: String,
    given: String,
    city: String,
    region: String,
}

impl Maps {
    fn remove(&mut self, id: i64) {
        if let Some(old) = self.rows.remove(&id) {
            self.by_family.remove(&(old.family.clone(), id));
            self.by_given.remove(&(old.given.clone(), id));
            self.by_city.remove(&(old.city.clone(), id));
            self.by_association
                .remove(&(old.row.association.0, old.family.clone(), id));
        }
    }

    fn apply(&mut self, row: EndorsementRow) {
        let id = row.id;
        self.remove(id);
        if !self.slugs.contains_key(&row.association_slug) {
            self.slugs
                .insert(row.association_slug.clone(), row.association);
        }
        if row.status != Status::Active {
            return;
        }
        let (family, given) = search_keys(&row.display_name);
        let listed = Arc::new(Listed {
            family: family.clone(),
            given: given.clone(),
            city: search_text(&row.city),
            region: search_text(&row.region),
            row,
        });
        self.by_family.insert((family, id), listed.clone());
        self.by_given.insert((given, id), listed.clone());
        self.by_city
            .insert((listed.city.clone(), id), listed.clone());
        self.by_association.insert(
            (listed.row.association.0, listed.family.clone(), id),
            listed.clone(),
        );
        self.rows.insert(id, listed);
    }
}

#[derive(Debug)]
pub struct RegistryIndex {
    store: SharedStore,
    maps: RwLock<Maps>,
    /// When the maps last caught up; `None` forces the next search to catch up first.
    caught_up: Mutex<Option<Instant>>,
}

impl RegistryIndex {
    pub fn new(store: SharedStore) -> RegistryIndex {
        RegistryIndex {
            store,
            maps: RwLock::new(Maps::default()),
            caught_up: Mutex::new(None),
        }
    }

    /// Makes the next search catch up first: called after a change through this server.
    pub async fn invalidate(&self) {
        *self.caught_up.lock().await = None;
    }

    /// Reads what changed since the newest change seen. One search at a time does it; the
    /// others go on with what is loaded rather than queue behind the database (unless nothing
    /// is loaded yet).
    async fn catch_up(&self) -> StoreResult<()> {
        let mut caught_up = match self.caught_up.try_lock() {
            Ok(guard) => guard,
            Err(_) if self.maps.read().await.newest.is_some() => return Ok(()),
            Err(_) => self.caught_up.lock().await,
        };
        if caught_up.is_some_and(|at| at.elapsed() < CATCH_UP_EVERY) {
            return Ok(());
        }
        // From a little before the newest change seen, or before now once nothing has changed
        // for a while, so quiet periods re-read nothing.
        let now = chrono::Utc::now().timestamp();
        let since = self
            .maps
            .read()
            .await
            .newest
            .map_or(i64::MIN, |n| n.max(now) - OVERLAP_SECONDS);
        // Read outside the write lock, so searches go on meanwhile.
        let changed = self.store.endorsements_changed_since(since).await?;
        if !changed.is_empty() {
            let mut maps = self.maps.write().await;
            for (row, updated_at) in changed {
                maps.newest = Some(maps.newest.map_or(updated_at, |n| n.max(updated_at)));
                maps.apply(row);
            }
        }
        *caught_up = Some(Instant::now());
        Ok(())
    }

    /// The association behind a slug, when any of its endorsements has been seen.
    pub async fn association(&self, slug: &str) -> Option<lattice_domain::ids::AssociationId> {
        self.maps.read().await.slugs.get(slug).copied()
    }

    /// Active endorsements matching the query in the order the store would give them, and
    /// how many match, counted up to the cap.
    pub async fn search(&self, query: &RegistryQuery) -> StoreResult<(i64, Vec<EndorsementRow>)> {
        self.catch_up().await?;
        let maps = self.maps.read().await;
        let family = family_key(&query.name);
        let given = search_text(&query.given);
        let city = search_text(&query.city);
        let region = search_text(&query.region);
        let category = query.category.trim();
        // The one map read in order: the first filter that narrows by a prefix (within the
        // association, when there is one and the order is by family name).
        let by_family_order = !family.is_empty() || (given.is_empty() && city.is_empty());
        let ordered: Box<dyn Iterator<Item = &Arc<Listed>> + '_> =
            if let Some(association) = query.association.filter(|_| by_family_order) {
                let prefix = family.clone();
                let start = (association.0, prefix.clone(), i64::MIN);
                Box::new(
                    maps.by_association
                        .range(start..)
                        .take_while(move |((a, key, _), _)| {
                            *a == association.0 && key.starts_with(&prefix)
                        })
                        .map(|(_, listed)| listed),
                )
            } else {
                let (map, prefix) = if !family.is_empty() {
                    (&maps.by_family, family.clone())
                } else if !given.is_empty() {
                    (&maps.by_given, given.clone())
                } else if !city.is_empty() {
                    (&maps.by_city, city.clone())
                } else {
                    (&maps.by_family, String::new())
                };
                let start: Bound<Key> = Bound::Included((prefix.clone(), i64::MIN));
                Box::new(
                    map.range((start, Bound::Unbounded))
                        .take_while(move |((key, _), _)| key.starts_with(&prefix))
                        .map(|(_, listed)| listed),
                )
            };
        let matches = ordered
            .filter(|l| family.is_empty() || l.family.starts_with(&family))
            .filter(|l| given.is_empty() || l.given.starts_with(&given))
            .filter(|l| city.is_empty() || l.city.starts_with(&city))
            .filter(|l| region.is_empty() || l.region == region)
            .filter(|l| category.is_empty() || l.row.category == category)
            .filter(|l| query.association.is_none_or(|a| l.row.association == a));
        let limit = usize::try_from(query.limit.clamp(1, 200)).unwrap_or(20);
        let skip = usize::try_from(query.skip.max(0)).unwrap_or(0);
        let cap = usize::try_from(REGISTRY_COUNT_CAP + 1).unwrap_or(1001);
        let mut total = 0usize;
        let mut page = Vec::with_capacity(limit);
        // Counting stops past the cap, as in the store; the page may lie beyond it.
        for listed in matches {
            if total >= skip && page.len() < limit {
                page.push(listed.row.clone());
            }
            total += 1;
            if total >= cap && total >= skip + limit {
                break;
            }
        }
        Ok((i64::try_from(total.min(cap)).unwrap_or(0), page))
    }
}
