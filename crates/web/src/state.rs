//! What every handler shares: the store, the rules catalog, the configuration, the mailer.

use std::sync::Arc;

use lattice_profiles::Catalog;
use lattice_store::SharedStore;
use object_store::ObjectStore;

use crate::brand::BrandCache;
use crate::config::Config;
use crate::i18n::{I18n, Language, Tr};
use crate::metrics::Metrics;
use crate::payments::{ManualPayments, PaymentProvider};
use crate::report_cache::ReportCache;
use lattice_jobs::mail::Mailer;
use lattice_jobs::registry_index::RegistryIndex;

#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

/// The rules catalogs this node has had, oldest first: scheduling an edition (a few times a
/// year) adds one. Handlers borrow `&Catalog` across awaits, so a catalog is never dropped
/// or changed while the app runs; the list only grows, and each link is set once.
#[derive(Debug)]
struct Catalogs {
    catalog: Catalog,
    next: std::sync::OnceLock<Box<Catalogs>>,
}

impl Catalogs {
    fn newest(&self) -> &Catalog {
        let mut node = self;
        while let Some(next) = node.next.get() {
            node = next;
        }
        &node.catalog
    }

    fn push(&self, catalog: Catalog) {
        let mut node = self;
        let mut link = Box::new(Catalogs {
            catalog,
            next: std::sync::OnceLock::new(),
        });
        loop {
            match node.next.get() {
                Some(next) => node = next,
                // Another request set it first: go on to the end from there.
                None => match node.next.set(link) {
                    Ok(()) => return,
                    Err(back) => link = back,
                },
            }
        }
    }
}

#[derive(Debug)]
struct Inner {
    store: SharedStore,
    catalog: Catalogs,
    config: Config,
    mailer: Mailer,
    payments: Arc<dyn PaymentProvider>,
    files: Arc<dyn ObjectStore>,
    registry: RegistryIndex,
    /// This app's own metrics registry (tests run many apps in one process).
    metrics: Metrics,
    /// Applicants' eligibility panels, reused while their portfolio is unchanged.
    reports: ReportCache,
    /// Associations' brands, read at most once per `brand::TTL` per association.
    brands: BrandCache,
    /// Set when a stop signal came: `/ready` says so while requests are still served.
    draining: std::sync::atomic::AtomicBool,
    /// The scheduled editions (association slug, text) the newest catalog was built from, once
    /// known; held while a node compares them with the stored ones and rebuilds, so two
    /// requests that notice a change add one catalog, not two (see `catalog::refresh`).
    editions_seen: tokio::sync::Mutex<Option<Vec<(String, String)>>>,
    /// The pages' words in every language, parsed once (`i18n`).
    i18n: &'static I18n,
}

impl AppState {
    pub fn new(
        store: SharedStore,
        catalog: Catalog,
        config: Config,
        mailer: Mailer,
        files: Arc<dyn ObjectStore>,
    ) -> AppState {
        AppState(Arc::new(Inner {
            registry: RegistryIndex::new(store.clone()),
            metrics: Metrics::new(store.backend()),
            store,
            catalog: Catalogs {
                catalog,
                next: std::sync::OnceLock::new(),
            },
            config,
            mailer,
            payments: Arc::new(ManualPayments),
            files,
            reports: ReportCache::default(),
            brands: BrandCache::default(),
            draining: std::sync::atomic::AtomicBool::new(false),
            editions_seen: tokio::sync::Mutex::new(None),
            i18n: I18n::embedded(),
        }))
    }

    /// Whether this node is on its way out (a stop signal came): it still serves, but tells
    /// the load balancer not to send more.
    pub fn draining(&self) -> bool {
        self.0.draining.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn start_draining(&self) {
        self.0
            .draining
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn store(&self) -> &SharedStore {
        &self.0.store
    }

    pub fn reports(&self) -> &ReportCache {
        &self.0.reports
    }

    pub(crate) fn brands(&self) -> &BrandCache {
        &self.0.brands
    }

    /// The rules catalog in force on this node: the newest, once an edition was scheduled.
    pub fn catalog(&self) -> &Catalog {
        self.0.catalog.newest()
    }

    /// Puts a catalog with a newly scheduled edition in force on this node; requests already
    /// running finish with the one they read.
    pub fn replace_catalog(&self, catalog: Catalog) {
        self.0.catalog.push(catalog);
    }

    /// The scheduled editions the catalog in force was built from (`None` until first
    /// compared), locked: `catalog::refresh` holds it while it compares and rebuilds.
    pub(crate) async fn editions_seen(
        &self,
    ) -> tokio::sync::MutexGuard<'_, Option<Vec<(String, String)>>> {
        self.0.editions_seen.lock().await
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn mailer(&self) -> &Mailer {
        &self.0.mailer
    }

    /// Where uploaded files live.
    pub fn files(&self) -> &dyn ObjectStore {
        self.0.files.as_ref()
    }

    /// The public registry, searched from memory.
    pub fn registry(&self) -> &RegistryIndex {
        &self.0.registry
    }

    /// What the metrics page reports, and the handles that count into it.
    pub fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    /// A translator for a page in this language.
    pub fn tr(&self, language: Language) -> Tr {
        Tr::new(self.0.i18n, language)
    }

    pub fn payments(&self) -> &dyn PaymentProvider {
        self.0.payments.as_ref()
    }
}
