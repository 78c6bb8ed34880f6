//! The public registry searched from memory. Searches are the busiest public request and the
//! data changes rarely, so each server keeps the active endorsements in sorted vectors (by
//! family name, given name, city, and association then family name) and catches up from the
//! database by `updated_at`: at most once a second on its own, and at once after a change
//! made through this server. The verification page still reads the database, so a lapse
//! shows there immediately.
//!
//! Sorted vectors rather than trees: a prefix is a contiguous run found by two binary
//! searches, so a search that filters by nothing else counts its matches without walking
//! them. Listings share their repeated texts (association, category title, city), which keeps
//! 100,000 endorsements in a few tens of megabytes.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lattice_domain::endorsement::Status;
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_store::{
    EndorsementRow, REGISTRY_COUNT_CAP, RegistryQuery, SharedStore, StoreResult, name_keys,
    search_keys, search_text,
};
use tokio::sync::{Mutex, OnceCell, RwLock};

/// How stale a search may be about changes made through other servers.
const CATCH_UP_EVERY: Duration = Duration::from_secs(1);
/// Past this many changes in one catch-up, the indexes are sorted again from scratch rather
/// than patched one insertion at a time (each a shift of the whole vector).
const REBUILD_AFTER: usize = 256;

/// One active endorsement as the registry shows it.
#[derive(Debug)]
pub struct Listing {
    pub id: i64,
    pub person: PersonId,
    pub association: AssociationId,
    pub association_slug: Arc<str>,
    pub association_name: Arc<str>,
    pub category: Arc<str>,
    pub credential_number: Box<str>,
    pub name_line: Box<str>,
    pub title_line: Arc<str>,
    pub display_name: Box<str>,
    pub city: Arc<str>,
    pub region: Arc<str>,
    pub endorsed_on: NaiveDate,
    pub valid_through: NaiveDate,
    family: Box<str>,
    given: Box<str>,
    city_key: Arc<str>,
    region_key: Arc<str>,
}

impl Listing {
    fn family_order(&self, other: &Listing) -> Ordering {
        (&*self.family, self.id).cmp(&(&*other.family, other.id))
    }
    fn given_order(&self, other: &Listing) -> Ordering {
        (&*self.given, self.id).cmp(&(&*other.given, other.id))
    }
    fn city_order(&self, other: &Listing) -> Ordering {
        (&*self.city_key, self.id).cmp(&(&*other.city_key, other.id))
    }
    fn association_order(&self, other: &Listing) -> Ordering {
        (self.association.0, &*self.family, self.id).cmp(&(
            other.association.0,
            &*other.family,
            other.id,
        ))
    }
}

/// Texts that repeat across listings, kept once.
#[derive(Debug, Default)]
struct Interner(std::collections::HashSet<Arc<str>>);

impl Interner {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(known) = self.0.get(text) {
            return known.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(shared.clone());
        shared
    }
}

type Order = fn(&Listing, &Listing) -> Ordering;

/// The listings in one order.
#[derive(Debug)]
struct Index {
    order: Order,
    listings: Vec<Arc<Listing>>,
}

impl Index {
    fn new(order: Order) -> Index {
        Index {
            order,
            listings: Vec::new(),
        }
    }

    fn insert(&mut self, listing: &Arc<Listing>) {
        let at = self
            .listings
            .partition_point(|l| (self.order)(l, listing) == Ordering::Less);
        self.listings.insert(at, listing.clone());
    }

    fn remove(&mut self, listing: &Listing) {
        let at = self
            .listings
            .partition_point(|l| (self.order)(l, listing) == Ordering::Less);
        if self.listings.get(at).is_some_and(|l| l.id == listing.id) {
            self.listings.remove(at);
        }
    }

    fn rebuild<'a>(&mut self, all: impl Iterator<Item = &'a Arc<Listing>>) {
        self.listings = all.cloned().collect();
        let order = self.order;
        self.listings.sort_unstable_by(|a, b| order(a, b));
    }

    /// The contiguous run of sorted listings that are not `before` it and are `within` it,
    /// found by two binary searches.
    fn run(
        listings: &[Arc<Listing>],
        before: impl Fn(&Listing) -> bool,
        within: impl Fn(&Listing) -> bool,
    ) -> &[Arc<Listing>] {
        let start = listings.partition_point(|l| before(l));
        let rest = &listings[start..];
        &rest[..rest.partition_point(|l| within(l))]
    }
}

#[derive(Debug)]
struct Maps {
    rows: HashMap<i64, Arc<Listing>>,
    by_family: Index,
    by_given: Index,
    by_city: Index,
    /// By association, then family name: the per-association registry pages and searches.
    by_association: Index,
    texts: Interner,
    /// Association slugs seen, so a search by association needs no database lookup.
    slugs: HashMap<String, AssociationId>,
    /// The largest change number read so far: the database numbers endorsement changes in
    /// commit order, so what follows it is exactly what this node has not seen, whatever the
    /// clocks of the nodes that wrote it.
    newest: Option<i64>,
}

impl Default for Maps {
    fn default() -> Maps {
        Maps {
            rows: HashMap::new(),
            by_family: Index::new(Listing::family_order),
            by_given: Index::new(Listing::given_order),
            by_city: Index::new(Listing::city_order),
            by_association: Index::new(Listing::association_order),
            texts: Interner::default(),
            slugs: HashMap::new(),
            newest: None,
        }
    }
}

impl Maps {
    fn indexes(&mut self) -> [&mut Index; 4] {
        [
            &mut self.by_family,
            &mut self.by_given,
            &mut self.by_city,
            &mut self.by_association,
        ]
    }

    /// Applies changed rows; `patch` keeps the sorted indexes up to date one row at a time,
    /// otherwise the caller rebuilds them afterwards.
    fn apply(&mut self, row: EndorsementRow, patch: bool) {
        if let Some(old) = self.rows.remove(&row.id)
            && patch
        {
            for index in self.indexes() {
                index.remove(&old);
            }
        }
        if !self.slugs.contains_key(&row.association_slug) {
            self.slugs
                .insert(row.association_slug.clone(), row.association);
        }
        if row.status != Status::Active {
            return;
        }
        let (family, given) = search_keys(&row.display_name);
        let texts = &mut self.texts;
        let listing = Arc::new(Listing {
            id: row.id,
            person: row.person,
            association: row.association,
            association_slug: texts.get(&row.association_slug),
            association_name: texts.get(&row.association_name),
            category: texts.get(&row.category),
            credential_number: row.credential_number.into(),
            name_line: row.name_line.into(),
            title_line: texts.get(&row.title_line),
            city: texts.get(&row.city),
            region: texts.get(&row.region),
            city_key: texts.get(&search_text(&row.city)),
            region_key: texts.get(&search_text(&row.region)),
            display_name: row.display_name.into(),
            endorsed_on: row.endorsed_on,
            valid_through: row.valid_through,
            family: family.into(),
            given: given.into(),
        });
        if patch {
            for index in self.indexes() {
                index.insert(&listing);
            }
        }
        self.rows.insert(listing.id, listing);
    }

    fn rebuild(&mut self) {
        let Maps {
            rows,
            by_family,
            by_given,
            by_city,
            by_association,
            ..
        } = self;
        for index in [by_family, by_given, by_city, by_association] {
            index.rebuild(rows.values());
        }
    }
}

#[derive(Debug)]
pub struct RegistryIndex {
    store: SharedStore,
    maps: RwLock<Maps>,
    /// When the maps last caught up; `None` forces the next search to catch up first.
    caught_up: Mutex<Option<Instant>>,
    /// Association slugs and names for the search form. Associations are written only when a
    /// server starts (from its built-in profiles), so one read per process is enough.
    associations: OnceCell<Vec<(String, String)>>,
}

impl RegistryIndex {
    pub fn new(store: SharedStore) -> RegistryIndex {
        RegistryIndex {
            store,
            maps: RwLock::new(Maps::default()),
            caught_up: Mutex::new(None),
            associations: OnceCell::new(),
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
        let after = self.maps.read().await.newest.unwrap_or(i64::MIN);
        // Read outside the write lock, so searches go on meanwhile.
        let changed = self.store.endorsements_changed_after(after).await?;
        if !changed.is_empty() {
            let patch = changed.len() <= REBUILD_AFTER;
            let mut maps = self.maps.write().await;
            for (row, change) in changed {
                maps.newest = Some(maps.newest.map_or(change, |n| n.max(change)));
                maps.apply(row, patch);
            }
            if !patch {
                maps.rebuild();
            }
        }
        *caught_up = Some(Instant::now());
        Ok(())
    }

    /// The association behind a slug, when any of its endorsements has been seen.
    pub async fn association(&self, slug: &str) -> Option<AssociationId> {
        self.maps.read().await.slugs.get(slug).copied()
    }

    /// Every association's slug and name, in the store's order.
    pub async fn association_choices(&self) -> StoreResult<&[(String, String)]> {
        let choices = self
            .associations
            .get_or_try_init(|| async {
                let rows = self.store.associations().await?;
                Ok::<_, lattice_store::StoreError>(
                    rows.into_iter().map(|a| (a.slug, a.name)).collect(),
                )
            })
            .await?;
        Ok(choices.as_slice())
    }

    /// Active endorsements matching the query in the order the store would give them, and
    /// how many match, counted up to the cap.
    pub async fn search(&self, query: &RegistryQuery) -> StoreResult<(i64, Vec<Arc<Listing>>)> {
        self.catch_up().await?;
        let maps = self.maps.read().await;
        let (family, written) = name_keys(&query.name);
        let given = search_text(&query.given);
        let city = search_text(&query.city);
        let region = search_text(&query.region);
        let category = query.category.trim();
        let limit = usize::try_from(query.limit.clamp(1, 200)).unwrap_or(20);
        let skip = usize::try_from(query.skip.max(0)).unwrap_or(0);
        let cap = usize::try_from(REGISTRY_COUNT_CAP + 1).unwrap_or(1001);
        let others = |l: &Listing| {
            (given.is_empty() || l.given.starts_with(&given))
                && (city.is_empty() || l.city_key.starts_with(&city))
                && (region.is_empty() || *l.region_key == *region)
                && (category.is_empty() || &*l.category == category)
                && query.association.is_none_or(|a| l.association == a)
        };
        if !family.is_empty() {
            // A name is the start of a family name or of a name as written (`name_keys`):
            // the two runs, less the listings in both, in family-name order as the store
            // gives them.
            let by_family = Index::run(
                &maps.by_family.listings,
                |l| *l.family < *family,
                |l| l.family.starts_with(&family),
            );
            let by_written = Index::run(
                &maps.by_given.listings,
                |l| *l.given < *written,
                |l| l.given.starts_with(&written),
            );
            let mut found: Vec<&Arc<Listing>> = by_family
                .iter()
                .chain(by_written.iter().filter(|l| !l.family.starts_with(&family)))
                .filter(|l| others(l))
                .collect();
            found.sort_unstable_by(|a, b| a.family_order(b));
            let page = found
                .iter()
                .skip(skip)
                .take(limit)
                .map(|l| (*l).clone())
                .collect();
            return Ok((i64::try_from(found.len().min(cap)).unwrap_or(0), page));
        }
        // No name: the one index read in order is the first filter that narrows by a prefix,
        // or the association's stretch of the family-name order, or the whole of it. `run`
        // is the contiguous stretch of that index the filter selects.
        let by_family_order = given.is_empty() && city.is_empty();
        let (run, given_done, city_done, association_done) =
            if let Some(association) = query.association.filter(|_| by_family_order) {
                let run = Index::run(
                    &maps.by_association.listings,
                    |l| l.association.0 < association.0,
                    |l| l.association == association,
                );
                (run, false, false, true)
            } else if by_family_order {
                (&maps.by_family.listings[..], false, false, false)
            } else if !given.is_empty() {
                let run = Index::run(
                    &maps.by_given.listings,
                    |l| *l.given < *given,
                    |l| l.given.starts_with(&given),
                );
                (run, true, false, false)
            } else {
                let run = Index::run(
                    &maps.by_city.listings,
                    |l| *l.city_key < *city,
                    |l| l.city_key.starts_with(&city),
                );
                (run, false, true, false)
            };
        let nothing_else = (given_done || given.is_empty())
            && (city_done || city.is_empty())
            && region.is_empty()
            && category.is_empty()
            && (association_done || query.association.is_none());
        if nothing_else {
            // The run is exactly the matches: counted and paged without walking it.
            let page = run.iter().skip(skip).take(limit).cloned().collect();
            return Ok((i64::try_from(run.len().min(cap)).unwrap_or(0), page));
        }
        let matches = run.iter().filter(|l| others(l));
        let mut total = 0usize;
        let mut page = Vec::with_capacity(limit);
        // Counting stops past the cap, as in the store; the page may lie beyond it.
        for listing in matches {
            if total >= skip && page.len() < limit {
                page.push(listing.clone());
            }
            total += 1;
            if total >= cap && total >= skip + limit {
                break;
            }
        }
        Ok((i64::try_from(total.min(cap)).unwrap_or(0), page))
    }
}
