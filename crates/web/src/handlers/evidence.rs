//! The evidence page: the submitted portfolio whole, for the coordinator and the assigned
//! reviewers (see `crate::evidence` for what it shows and why).

use axum::extract::{Path, State};
use axum::response::Html;
use lattice_domain::category::Category;
use lattice_domain::competency::CompetencyArea;
use lattice_domain::coverage::RaterAreas;
use lattice_domain::documents::AgreementKind;
use lattice_domain::engine::check;
use lattice_domain::format::parse_portfolio;
use lattice_domain::portfolio::Portfolio;
use lattice_domain::profile::Profile;
use lattice_domain::rights::StaffRole;
use lattice_store::{ApplicationRow, RatingDetail};
use serde_json::Value;

use super::{coordinates, page, today, visible_application};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::evidence::{self, StaffNames};
use crate::portfolio::reviewed_document;
use crate::state::AppState;
use crate::views::{EvidencePage, Layout};

/// What a judge of the application reads: the snapshot, parsed, with its rules and ratings.
pub struct Judged<'s> {
    pub document: Value,
    pub portfolio: Portfolio,
    pub category: Category,
    pub profile: &'s Profile,
    pub ratings: Vec<RatingDetail>,
}

impl Judged<'_> {
    /// The areas each rater answered they see, for the coverage picture.
    pub fn rater_areas(&self) -> Vec<RaterAreas<'_>> {
        self.ratings
            .iter()
            .map(|rating| RaterAreas {
                rater: &rating.request.rater_name,
                areas: CompetencyArea::set(CompetencyArea::all().filter(|area| {
                    rating.answers[area.id()]
                        .as_str()
                        .is_some_and(|answer| super::insight::POSITIVE.contains(&answer))
                })),
            })
            .collect()
    }
}

pub async fn judged<'s>(
    state: &'s AppState,
    application: &ApplicationRow,
    association_slug: &str,
) -> Result<Judged<'s>, WebError> {
    let document = reviewed_document(state, application).await?;
    let portfolio = parse_portfolio(&document.to_string())
        .map_err(|e| WebError::Internal(format!("the submitted portfolio: {e}")))?;
    let category: Category = application
        .category
        .parse()
        .map_err(|e| WebError::Internal(format!("the application's category: {e}")))?;
    let profile = state
        .catalog()
        .profile(association_slug, application.rules_as_of())
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let ratings = state.store().rating_details(application.id).await?;
    Ok(Judged {
        document,
        portfolio,
        category,
        profile,
        ratings,
    })
}

pub async fn evidence_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let (application, reviewers) = visible_application(store, &user.viewer, &id).await?;
    let coordinator = coordinates(&user, &application);
    let is_reviewer = reviewers.contains(&user.person.id)
        && user
            .viewer
            .holds(application.association, StaffRole::Reviewer);
    if !coordinator && !is_reviewer {
        // The applicant reads their own portfolio; this is the judges' copy, waived ratings
        // included.
        return Err(WebError::NotFound);
    }
    let association = store.association(application.association).await?;
    let applicant = store.person(application.person).await?;
    let judged = judged(&state, &application, &association.slug).await?;
    let report = check(&judged.portfolio, judged.profile, judged.category, today())
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let mut staff = StaffNames::new();
    for coordinator in judged.ratings.iter().filter_map(|r| r.request.recorded_by) {
        if let std::collections::hash_map::Entry::Vacant(slot) = staff.entry(coordinator.0) {
            slot.insert(store.person(coordinator).await?.name);
        }
    }
    let handed_in = store
        .snapshots(application.id)
        .await?
        .last()
        .map(|(at, _)| at.date_naive().to_string())
        .unwrap_or_default();
    let degrees = super::transcripts::degree_views(&state, &application, &judged.document).await?;
    let mut evidence = evidence::build(
        &judged.portfolio,
        &judged.document,
        &report,
        &judged.ratings,
        &staff,
    );
    let mut current = [1; 2];
    for (slot, kind) in current.iter_mut().zip(AgreementKind::ALL) {
        *slot = super::agreement_texts::current(store, Some(association.id), kind)
            .await?
            .version;
    }
    evidence.link_texts(&association.slug, current);
    page(&EvidencePage {
        layout: Layout::new(format!("Evidence: {}", applicant.name), Some(&user)),
        id: application.id.0,
        applicant: applicant.name,
        category: application.category.clone(),
        association: association.name,
        handed_in,
        edition: judged.profile.effective.to_string(),
        degrees,
        evidence,
    })
}
