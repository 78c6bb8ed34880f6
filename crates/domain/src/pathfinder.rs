//! The pathfinder: one portfolio against every category an association offers, ranked, with
//! the shortest list of what is missing for each. The self-study "Getting Started Guide",
//! answered by the engine.

use chrono::NaiveDate;
use serde::Serialize;

use crate::category::{Category, Form, Track};
use crate::dates::{Span, union_days};
use crate::engine::{TrainingCounts, check_with};
use crate::portfolio::{AgeGroup, Portfolio};
use crate::profile::Profile;
use crate::report::{Report, RequirementId};

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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathReport {
    pub association: String,
    pub profile: String,
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
    let mut pathways: Vec<(Track, Pathway)> = reports
        .iter()
        .map(|(track, r)| {
            let unmet: Vec<RequirementId> = r.unmet().map(|q| q.id).collect();
            let missing = r.unmet().flat_map(|q| q.missing.iter().cloned()).collect();
            let exam = r
                .requirement(RequirementId::Exam)
                .is_some_and(|e| e.status == crate::report::Status::Pending);
            (
                *track,
                Pathway {
                    category: r.category.clone(),
                    title: r.title.clone(),
                    tier: r.tier.clone(),
                    ready: r.ready,
                    unmet,
                    missing,
                    exam,
                },
            )
        })
        .collect();
    // Ready categories first, highest on the lattice first; then the nearest (fewest missing),
    // the higher category first when two are equally near.
    pathways.sort_by(|(ta, a), (tb, b)| {
        b.ready.cmp(&a.ready).then_with(|| {
            if a.ready {
                tb.cmp(ta)
            } else {
                a.missing.len().cmp(&b.missing.len()).then(tb.cmp(ta))
            }
        })
    });
    let best_fit = pathways.first().map(|(_, p)| p.category.clone());
    PathReport {
        association: profile.association.id.clone(),
        profile: profile.id.clone(),
        as_of,
        person: portfolio.person.name.clone(),
        form,
        best_fit,
        pathways: pathways.into_iter().map(|(_, p)| p).collect(),
    }
}
