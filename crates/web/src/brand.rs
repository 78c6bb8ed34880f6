//! An association's brand on its pages (issue #21 item 2): the name, colour and logo it set on
//! its settings page, as a bar under the header. Every page of a signed-in applicant or
//! endorsee of one association carries it through the layout (`CurrentUser::brand`, read once
//! per request in `auth`), so no page has to remember it; staff pages and public pages of an
//! association set theirs the same way from [`lookup`].
//!
//! The same read brings the languages the association offers (issue #23), which the header's
//! language switch and the signed-in person's language need on every page: one [`Frame`].
//!
//! Every signed-in page would otherwise read the branding (and the association's name and
//! slug) again, so each node keeps what it read per association for [`TTL`]: a save on this
//! node forgets it at once ([`BrandCache::forget`]); a save on another node shows here within
//! the TTL. The logo's and stylesheet's URLs carry their version, so a browser never keeps an
//! old one once the page names the new.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lattice_domain::brand::BrandColour;
use lattice_domain::ids::AssociationId;
use lattice_domain::language::OfferedLanguages;
use lattice_store::{SharedStore, StoreResult};

/// How long a node trusts a brand it read before reading it again.
pub const TTL: Duration = Duration::from_secs(30);

/// An association's name, logo and colour in a page's header. Every value is checked before
/// it is stored; the colour reaches the page only through the stylesheet URL, whose CSS the
/// server writes from a parsed `BrandColour` (the site's CSP allows no inline style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    pub name: String,
    /// The association's public page.
    pub home: String,
    /// The logo's URL, versioned by its digest.
    pub logo: Option<String>,
    /// The stylesheet that colours the bar, versioned by the colour.
    pub stylesheet: Option<String>,
}

/// What every page of an association's applicants takes from it: its brand (None: it set
/// nothing of its own) and the languages it offers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    pub brand: Option<Brand>,
    pub languages: OfferedLanguages,
}

/// Each association's frame as this node last read it.
#[derive(Debug, Default)]
pub struct BrandCache {
    slots: Mutex<HashMap<AssociationId, (Instant, Frame)>>,
}

impl BrandCache {
    fn fresh(&self, association: AssociationId) -> Option<Frame> {
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots
            .get(&association)
            .filter(|(read, _)| read.elapsed() < TTL)
            .map(|(_, brand)| brand.clone())
    }

    fn keep(&self, association: AssociationId, frame: Frame) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        // One slot per association: the map is as large as the number of associations.
        slots.insert(association, (Instant::now(), frame));
    }

    /// Forgets the association's brand, after its settings were saved on this node.
    pub fn forget(&self, association: AssociationId) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.remove(&association);
    }
}

/// The logo's URL, versioned by its digest.
pub fn logo_url(slug: &str, digest: &str) -> String {
    format!(
        "/associations/{slug}/logo?v={}",
        &digest[..digest.len().min(16)]
    )
}

/// A stored colour, parsed again on the way out: only a checked colour reaches CSS.
pub fn stored_colour(text: Option<&str>) -> Option<BrandColour> {
    text.and_then(|t| BrandColour::parse(t).ok())
}

/// The brand bar for the association's pages, when it has set a name, colour or logo of its
/// own (an association that set nothing keeps the plain header it always had).
pub async fn lookup(
    store: &SharedStore,
    cache: &BrandCache,
    association: AssociationId,
) -> StoreResult<Option<Brand>> {
    Ok(frame(store, cache, association).await?.brand)
}

/// The association's brand and offered languages. From the cache when fresh; otherwise one
/// read, and a second (its name and slug) only when it has a brand of its own.
pub async fn frame(
    store: &SharedStore,
    cache: &BrandCache,
    association: AssociationId,
) -> StoreResult<Frame> {
    if let Some(frame) = cache.fresh(association) {
        return Ok(frame);
    }
    let branding = store.branding(association).await?;
    let languages = branding.languages.clone();
    let brand = if branding.is_plain() {
        None
    } else {
        let row = store.association(association).await?;
        let slug = row.slug;
        let stylesheet = stored_colour(branding.colour.as_deref()).map(|c| {
            format!(
                "/associations/{slug}/brand.css?v={}",
                c.to_string().trim_start_matches('#')
            )
        });
        Some(Brand {
            name: branding.display_name.unwrap_or(row.name),
            home: format!("/a/{slug}"),
            logo: branding.logo.map(|(_, digest)| logo_url(&slug, &digest)),
            stylesheet,
        })
    };
    let frame = Frame { brand, languages };
    cache.keep(association, frame.clone());
    Ok(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(name: &str) -> Brand {
        Brand {
            name: name.to_string(),
            home: "/a/massaimh".to_string(),
            logo: None,
            stylesheet: None,
        }
    }

    fn framed(brand: Option<Brand>) -> Frame {
        Frame {
            brand,
            languages: OfferedLanguages::default(),
        }
    }

    #[test]
    fn a_kept_brand_is_served_until_forgotten() {
        let cache = BrandCache::default();
        let mass = AssociationId(1);
        assert_eq!(cache.fresh(mass), None, "nothing read yet");
        cache.keep(mass, framed(Some(brand("MassAIMH"))));
        cache.keep(AssociationId(2), framed(None));
        assert_eq!(cache.fresh(mass), Some(framed(Some(brand("MassAIMH")))));
        assert_eq!(
            cache.fresh(AssociationId(2)),
            Some(framed(None)),
            "set nothing: kept too"
        );
        cache.forget(mass);
        assert_eq!(cache.fresh(mass), None);
        assert_eq!(
            cache.fresh(AssociationId(2)),
            Some(framed(None)),
            "others stay"
        );
    }

    #[test]
    fn a_brand_older_than_the_ttl_is_read_again() {
        let cache = BrandCache::default();
        let mass = AssociationId(1);
        let Some(long_ago) = Instant::now().checked_sub(TTL + Duration::from_secs(1)) else {
            return; // a clock too close to its start to go back; nothing to check
        };
        cache
            .slots
            .lock()
            .expect("lock")
            .insert(mass, (long_ago, framed(Some(brand("Old")))));
        assert_eq!(cache.fresh(mass), None);
    }
}
