//! What the portfolio shows as a whole: the competency coverage picture (which counted
//! training or course documents each area, and which raters only show it), the pathfinder
//! across the association's categories, and a printable summary.

use axum::extract::State;
use axum::response::Html;
use lattice_domain::category::{Category, Form};
use lattice_domain::competency::CompetencyArea;
use lattice_domain::coverage::{RaterAreas, Standing, picture};
use lattice_domain::documents::AgreementKind;
use lattice_domain::format::parse_portfolio;
use lattice_domain::pathfinder::paths;
use serde_json::Value;

use super::current_application;
use super::{page, today};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::forms;
use crate::portfolio;
use crate::state::AppState;
use crate::views::{
    CoverageDomain, CoveragePage, CoverageTile, Layout, PathView, SummaryPage, SummarySection,
};

/// The answers that say a rater sees an area (shown beside it; a rating never documents one).
pub(crate) const POSITIVE: [&str; 2] = ["consistently", "sometimes"];

pub async fn coverage(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let document = portfolio::document(store, &user.person).await?;
    let current = current_application(store, user.person.id).await?;
    let (slug, track, ratings) = match &current {
        Some(application) => {
            let slug = store.association(application.association).await?.slug;
            let track = application
                .category
                .parse::<Category>()
                .ok()
                .map(|c| c.track);
            (slug, track, store.ratings_of(application.id).await?)
        }
        None => ("massaimh".to_string(), None, Vec::new()),
    };
    let portfolio =
        parse_portfolio(&document.to_string()).map_err(|e| WebError::Internal(e.to_string()))?;
    let profile = state
        .catalog()
        .profile(&slug, today())
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let raters: Vec<RaterAreas> = ratings
        .iter()
        .map(|(rater, answers)| RaterAreas {
            rater,
            areas: CompetencyArea::set(CompetencyArea::all().filter(|area| {
                answers[area.id()]
                    .as_str()
                    .is_some_and(|a| POSITIVE.contains(&a))
            })),
        })
        .collect();
    // The domain decides what documents an area (counted coursework and training only); the
    // page only shades it.
    let areas = picture(&portfolio, profile, track, &raters, today());
    let has_expected = areas.iter().any(|a| a.expected);
    let mut domains: Vec<CoverageDomain> = Vec::new();
    for area in &areas {
        let level = match area.standing() {
            Standing::Documented => match area.documents() {
                1 => "one",
                2 => "two",
                _ => "many",
            },
            _ if area.is_gap() => "gap",
            Standing::ShownOnlyByRatings => "rated",
            Standing::Nothing => "none",
        };
        let tile = CoverageTile {
            name: area.area.name().to_string(),
            level,
            verdict: area.verdict(),
            sources: area.sources(),
            note: area.note().unwrap_or_default().to_string(),
        };
        let domain = area.area.domain().name().to_string();
        match domains.iter_mut().find(|d| d.name == domain) {
            Some(d) => d.tiles.push(tile),
            None => domains.push(CoverageDomain {
                name: domain,
                tiles: vec![tile],
            }),
        }
    }
    // The pathfinder over the association's categories, in the form the work points to.
    let form: Option<Form> = current
        .as_ref()
        .and_then(|a| a.category.parse::<Category>().ok())
        .map(|c| c.form);
    let report = paths(&portfolio, profile, form, today());
    let pathways = report
        .pathways
        .iter()
        .map(|p| PathView {
            category: p.category.clone(),
            title: p.title.clone(),
            tier: p.tier.clone(),
            ready: p.ready,
            missing: p.missing.clone(),
            how_far: p.distance.describe(),
            exam: p.exam,
            best: report.best_fit.as_deref() == Some(p.category.as_str()),
            current: current.as_ref().is_some_and(|a| a.category == p.category),
        })
        .collect();
    page(&CoveragePage {
        layout: Layout::new("Competency coverage", Some(&user)),
        domains,
        has_expected,
        association: profile.association.name.clone(),
        pathways,
    })
}

/// "signed 2026-12-03, version 2" or "not signed", for the printed summary.
fn signed_in_words(agreements: &Value, kind: AgreementKind) -> String {
    match (
        agreements[kind.key()].as_str(),
        lattice_domain::documents::signed_version(agreements, kind),
    ) {
        (Some(on), Some(version)) => format!("{on}, version {version}"),
        _ => "not signed".to_string(),
    }
}

pub async fn summary(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let document = portfolio::document(state.store(), &user.person).await?;
    let sections = lattice_store::Section::ALL
        .into_iter()
        .map(|section| SummarySection {
            title: forms::title(section),
            lines: document[section.key()]
                .as_array()
                .into_iter()
                .flatten()
                .map(|entry: &Value| forms::summary(section, entry))
                .collect(),
        })
        .collect();
    let agreements = &document["agreements"];
    // On paper too, where the portfolio stands comes first: the same panel as the dashboard's.
    let s = super::portfolio::panel(&state, &user, &document).await?;
    page(&SummaryPage {
        layout: Layout::new("Portfolio summary", Some(&user)),
        name: user.person.name.clone(),
        email: user.person.email.clone(),
        printed: today().to_string(),
        sections,
        s,
        code_of_ethics: signed_in_words(agreements, AgreementKind::CodeOfEthics),
        endorsement_agreement: signed_in_words(agreements, AgreementKind::EndorsementAgreement),
    })
}
