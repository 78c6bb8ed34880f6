//! The pathfinder: one portfolio against every category an association offers, ranked, with
//! the shortest list of what is missing for each. The self-study "Getting Started Guide",
//! answered by the engine.
//!
//! # How far is a category?
//!
//! Counting unmet requirements says little: one missing rating and three missing years of
//! research work are each "one item". The pathfinder ranks instead by [`Distance`], a key
//! compared part by part, each part deciding only when the ones before it are equal:
//!
//! 1. **A degree (or licence) not held.** Work and training cannot earn it from where the
//!    person stands; a category that needs one ranks below every category that does not,
//!    however much else those lack.
//! 2. **Months still to wait**, rounded up: the years of work still missing, or the time RS/C
//!    must still span (the two run side by side, so the longer counts). Time cannot be
//!    hurried, and a month of it outweighs any number of training hours, which a person can
//!    take in weeks.
//! 3. **Hours still to gather**: training and RS/C, counting overlapping minimums once (hours
//!    about DEI are training hours too).
//! 4. **Steps**: each rating, signature, membership or other single item still missing.
//!
//! Months rather than days, so that a few days' difference in start dates does not outrank
//! many hours of training. Categories ready now come first, the highest first; among equally
//! distant categories the higher one comes first. See docs/PROFILES.md, "The pathfinder's
//! order".

use chrono::NaiveDate;
use serde::Serialize;

use crate::category::{Category, Form, Track};
use crate::dates::{Span, union_days};
use crate::engine::{TrainingCounts, check_with};
use crate::minutes::Minutes;
use crate::phrase::Phrase;
use crate::portfolio::{AgeGroup, Portfolio};
use crate::profile::Profile;
use crate::report::{Gap, Report, RequirementId};

/// How far a person is from a category, compared in field order (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Distance {
    /// A degree or licence not held.
    pub degree: bool,
    /// Months still to wait for work years or the RS/C span, rounded up.
    pub months: u32,
    /// Hours of training and RS/C still to gather.
    #[serde(serialize_with = "as_hours")]
    pub hours: Minutes,
    /// Single items still missing: ratings, signatures, membership.
    pub steps: u32,
}

fn as_hours<S: serde::Serializer>(m: &Minutes, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(m.as_hours())
}

impl Distance {
    /// How far, in words for the page and the terminal: "a degree first, 24
    /// months, 29 h, 1 step". Empty when nothing is missing.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.degree {
            parts.push("a degree first".to_string());
        }
        match self.months {
            0 => {}
            1 => parts.push("1 month".into()),
            m => parts.push(format!("{m} months")),
        }
        if self.hours > Minutes::ZERO {
            parts.push(format!("{} h", crate::minutes::format_hours(self.hours)));
        }
        match self.steps {
            0 => {}
            1 => parts.push("1 step".into()),
            n => parts.push(format!("{n} steps")),
        }
        parts.join(", ")
    }

    /// The distance of a category whose unmet requirements leave these gaps together.
    pub fn of(gap: Gap) -> Distance {
        Distance {
            degree: gap.degree,
            // A month is a twelfth of the 365-day year the work requirement counts in.
            months: (gap.days.max(0).unsigned_abs() * 12).div_ceil(365) as u32,
            hours: gap.hours,
            steps: gap.steps,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pathway {
    pub category: String,
    pub title: String,
    pub tier: String,
    pub ready: bool,
    /// Requirement ids not yet met.
    pub unmet: Vec<RequirementId>,
    /// What is missing, shortest first within each requirement.
    pub missing: Vec<String>,
    /// Whether a later exam follows review.
    pub exam: bool,
    /// How far the person is from this category: what the ranking compares.
    pub distance: Distance,
    /// The unmet requirements' gaps together, in the units of the `missing` lines.
    pub gap: Gap,
    /// The `missing` lines that have an id, for pages in another language
    /// ([`Pathway::said`]). Not in the JSON.
    #[serde(skip)]
    pub phrases: Vec<Phrase>,
}

impl Pathway {
    /// The phrase behind one of the `missing` lines, if it has an id.
    pub fn said(&self, english: &str) -> Option<&Phrase> {
        self.phrases.iter().find(|p| p.english == english)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathReport {
    pub association: String,
    pub profile: String,
    /// The rules in force in words, for pages and text (the id stays in `profile`).
    #[serde(skip)]
    pub rules: String,
    pub as_of: NaiveDate,
    pub person: String,
    pub form: Form,
    /// The highest category ready now, or else the nearest one.
    pub best_fit: Option<String>,
    pub pathways: Vec<Pathway>,
}

/// IMH or ECMH, from the ages the applicant's work serves (more days decides; IMH on a tie).
pub fn infer_form(portfolio: &Portfolio, as_of: NaiveDate) -> Form {
    let days = |age: AgeGroup| {
        let spans: Vec<Span> = portfolio
            .work
            .iter()
            .filter(|w| w.serves(age))
            .filter_map(|w| Span::new(w.start, w.end.unwrap_or(as_of).min(as_of)))
            .collect();
        union_days(&spans)
    };
    if days(AgeGroup::ThreeToSixYears) > days(AgeGroup::Birth36m) {
        Form::Ecmh
    } else {
        Form::Imh
    }
}

pub fn paths(
    portfolio: &Portfolio,
    profile: &Profile,
    form: Option<Form>,
    as_of: NaiveDate,
) -> PathReport {
    let form = form.unwrap_or_else(|| infer_form(portfolio, as_of));
    let mut counts = TrainingCounts::default();
    let reports: Vec<(Track, Report)> = profile
        .offered()
        .filter_map(|track| {
            check_with(
                portfolio,
                profile,
                Category::new(track, form),
                as_of,
                &mut counts,
            )
            .ok()
            .map(|r| (track, r))
        })
        .collect();
    // The reports are not kept: their names move into the pathways rather than being copied.
    let mut pathways: Vec<(Track, Pathway)> = reports
        .into_iter()
        .map(|(track, r)| {
            let unmet: Vec<RequirementId> = r.unmet().map(|q| q.id).collect();
            let missing = r.unmet().flat_map(|q| q.missing.iter().cloned()).collect();
            let phrases = r
                .unmet()
                .flat_map(|q| q.missing.iter().filter_map(|m| q.said(m)).cloned())
                .collect();
            let exam = r
                .requirement(RequirementId::Exam)
                .is_some_and(|e| e.status == crate::report::Status::Pending);
            let gap = r.unmet().fold(Gap::default(), |sum, q| sum.and(q.gap));
            (
                track,
                Pathway {
                    category: r.category,
                    title: r.title,
                    tier: r.tier,
                    ready: r.ready,
                    unmet,
                    missing,
                    exam,
                    distance: Distance::of(gap),
                    gap,
                    phrases,
                },
            )
        })
        .collect();
    // Ready categories first, highest on the lattice first; then the nearest by distance, the
    // higher category first when two are equally near. A ready category's distance is zero.
    pathways.sort_by(|(ta, a), (tb, b)| {
        b.ready
            .cmp(&a.ready)
            .then(a.distance.cmp(&b.distance))
            .then(tb.cmp(ta))
    });
    let best_fit = pathways.first().map(|(_, p)| p.category.clone());
    PathReport {
        association: profile.association.id.clone(),
        profile: profile.id.clone(),
        rules: crate::report::rules_in_words(profile),
        as_of,
        person: portfolio.person.name.clone(),
        form,
        best_fit,
        pathways: pathways.into_iter().map(|(_, p)| p).collect(),
    }
}
