//! What the portfolio shows as a whole: the competency coverage picture (which counted
//! training or course documents each area, and which raters only show it), the pathfinder
//! across the association's categories, and a printable summary.

use axum::extract::State;
use axum::response::Html;
use lattice_domain::category::{Category, Form};
use lattice_domain::competency::CompetencyArea;
use lattice_domain::coverage::{AreaCoverage, RaterAreas, Standing, picture};
use lattice_domain::documents::AgreementKind;
use lattice_domain::format::parse_portfolio;
use lattice_domain::minutes::Minutes;
use lattice_domain::pathfinder::{Distance, paths};
use serde_json::Value;

use super::current_application;
use super::{page, today};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::forms;
use crate::i18n::{Language, Tr};
use crate::portfolio;
use crate::state::AppState;
use crate::views::{
    CoverageDomain, CoveragePage, CoverageTile, Layout, Line, PathView, Said, SummaryPage,
    SummarySection,
};

/// The answers that say a rater sees an area (shown beside it; a rating never documents one).
pub(crate) const POSITIVE: [&str; 2] = ["consistently", "sometimes"];

pub async fn coverage(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let tr = state.tr(user.language);
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
            name: tr.tk("area", area.area.id()),
            level,
            verdict: verdict_in(area, tr),
            sources: sources_in(area, tr),
            note: area
                .note()
                .map(|english| match tr.language() {
                    Language::English => english.to_string(),
                    _ => tr.t("coverage-note"),
                })
                .unwrap_or_default(),
        };
        let domain = tr.tk("domain", area.area.domain().key());
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
            tier_said: p
                .category
                .parse::<Category>()
                .ok()
                .map(|c| profile.tier_phrase(c.track)),
            ready: p.ready,
            missing: p
                .missing
                .iter()
                .map(|m| Line::missing(m, p.said(m)))
                .collect(),
            how_far: how_far_in(&p.distance, tr),
            exam: p.exam,
            best: report.best_fit.as_deref() == Some(p.category.as_str()),
            current: current.as_ref().is_some_and(|a| a.category == p.category),
        })
        .collect();
    page(&CoveragePage {
        layout: Layout::new(tr.t("coverage-title"), Some(&user)).in_language(tr),
        domains,
        has_expected,
        association: profile.association.name.clone(),
        pathways,
    })
}

/// The line under an area's name: the domain's English on an English page, else the same
/// counts in the page's words.
fn verdict_in(area: &AreaCoverage<'_>, tr: Tr) -> String {
    if tr.language() == Language::English {
        return area.verdict();
    }
    let line = match area.standing() {
        Standing::Documented if area.coursework.is_empty() => {
            tr.t1("coverage-verdict-trainings", "count", area.trainings.len())
        }
        Standing::Documented => {
            let courses = area.coursework.len() - area.certificate_programs;
            let listed = [
                ("coverage-part-courses", courses),
                ("coverage-part-programs", area.certificate_programs),
                ("coverage-part-trainings", area.trainings.len()),
            ]
            .into_iter()
            .filter(|(_, count)| *count > 0)
            .map(|(id, count)| tr.t1(id, "count", count))
            .reduce(|first, second| tr.t2("coverage-list-and", "first", first, "second", second))
            .unwrap_or_default();
            tr.t1("coverage-verdict-parts", "parts", listed)
        }
        Standing::ShownOnlyByRatings => tr.t("coverage-verdict-rated"),
        Standing::Nothing if area.expected => tr.t("coverage-verdict-expected-none"),
        Standing::Nothing => tr.t("coverage-verdict-nothing"),
    };
    if area.expected && area.standing() != Standing::Nothing {
        tr.t1("coverage-verdict-expected", "verdict", line)
    } else {
        line
    }
}

/// What stands behind an area, one line each, in the page's language; a course the
/// association's rule leaves out keeps the rule's English reason.
fn sources_in(area: &AreaCoverage<'_>, tr: Tr) -> Vec<Said> {
    if tr.language() == Language::English {
        return area.sources().into_iter().map(Said::in_language).collect();
    }
    let documents = area
        .coursework
        .iter()
        .map(|course| Said::in_language(tr.phrase(course)))
        .chain(area.trainings.iter().map(|t| {
            Said::in_language(tr.t1("coverage-source-training", "title", t.title.as_str()))
        }));
    let listed = area
        .coursework_not_counted
        .iter()
        .map(|(what, why)| Said::english(format!("Listed, not counted: {what} ({why})")))
        .chain(area.not_counted.iter().map(|(t, why)| {
            Said::in_language(tr.t2(
                "coverage-source-not-counted",
                "what",
                t.title.as_str(),
                "why",
                tr.phrase(why),
            ))
        }));
    let rated = area
        .raters
        .iter()
        .map(|rater| Said::in_language(tr.t1("coverage-source-rating", "rater", *rater)));
    documents.chain(listed).chain(rated).collect()
}

/// How far a category is, in the page's words: the domain's English on an English page.
fn how_far_in(distance: &Distance, tr: Tr) -> String {
    if tr.language() == Language::English {
        return distance.describe();
    }
    let mut parts = Vec::new();
    if distance.degree {
        parts.push(tr.t("coverage-far-degree"));
    }
    if distance.months > 0 {
        parts.push(tr.t1("coverage-far-months", "count", distance.months));
    }
    if distance.hours > Minutes::ZERO {
        parts.push(tr.t1("coverage-far-hours", "hours", distance.hours.as_hours()));
    }
    if distance.steps > 0 {
        parts.push(tr.t1("coverage-far-steps", "count", distance.steps));
    }
    parts.join(", ")
}

/// "signed 2026-12-03, version 2" or "not signed", for the printed summary, in its language
/// (the date in words where the language writes it so).
fn signed_in_words(agreements: &Value, kind: AgreementKind, tr: Tr) -> String {
    match (
        agreements[kind.key()].as_str(),
        lattice_domain::documents::signed_version(agreements, kind),
    ) {
        (Some(on), Some(version)) => tr.t2(
            "summary-signed",
            "date",
            tr.kept_date(on),
            "version",
            version,
        ),
        _ => tr.t("portfolio-not-signed"),
    }
}

pub async fn summary(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let tr = state.tr(user.language);
    let document = portfolio::document(state.store(), &user.person).await?;
    let sections = lattice_store::Section::ALL
        .into_iter()
        .map(|section| SummarySection {
            title: tr.tk("section", section.key()),
            lines: document[section.key()]
                .as_array()
                .into_iter()
                .flatten()
                .map(|entry: &Value| forms::summary_in(section, entry, tr))
                .collect(),
        })
        .collect();
    let agreements = &document["agreements"];
    // On paper too, where the portfolio stands comes first: the same panel as the dashboard's.
    let s = super::portfolio::panel(&state, &user, &document).await?;
    page(&SummaryPage {
        layout: Layout::new(tr.t("summary-title"), Some(&user)).in_language(tr),
        name: user.person.name.clone(),
        email: user.person.email.clone(),
        printed: today(),
        sections,
        s,
        code_of_ethics: signed_in_words(agreements, AgreementKind::CodeOfEthics, tr),
        endorsement_agreement: signed_in_words(agreements, AgreementKind::EndorsementAgreement, tr),
    })
}
