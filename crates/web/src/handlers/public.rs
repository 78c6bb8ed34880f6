//! Pages anyone may see: the list of associations, each association's landing page with its
//! categories and fees, and the health check.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use lattice_domain::category::{Category, Form};
use lattice_domain::profile::{CategoryRule, Profile, keys};

use super::{page, today};
use crate::auth::{MaybeUser, RequestLanguage};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{
    AssociationCard, AssociationPage, CategoryView, HomePage, Layout, SourceView, TermView,
};

pub async fn home(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    RequestLanguage(language): RequestLanguage,
) -> Result<Response, WebError> {
    let mut associations = Vec::new();
    for row in state.store().associations().await? {
        let Ok(profile) = state.catalog().profile(&row.slug, today()) else {
            continue;
        };
        associations.push(AssociationCard {
            slug: row.slug,
            name: row.name,
            abbreviation: profile.association.abbreviation.clone(),
            state: profile.association.state.clone(),
        });
    }
    let body = page(&HomePage {
        layout: Layout::new("Lattice", user.as_ref()).in_language(state.tr(language)),
        associations,
    })?;
    // A public page whose words follow the browser: a cache must keep one copy per language.
    Ok((
        [(
            axum::http::header::VARY,
            axum::http::HeaderValue::from_static("Accept-Language, Cookie"),
        )],
        body,
    )
        .into_response())
}

/// `GET /health`: 200 while the node can serve (its database answers), whatever the mail
/// relay does, so a load balancer never takes every node out over a mail outage. The `mail`
/// detail is for monitoring: what this node's latest delivery attempt did and how many mails
/// were given up on (see docs/OPERATIONS.md, "Mail").
pub async fn health(State(state): State<AppState>) -> Response {
    let failed = match state.store().ping().await {
        Ok(()) => state.store().count_failed_mails().await,
        Err(error) => Err(error),
    };
    match failed {
        Ok(failed) => {
            let mail = state.mailer().health().report();
            Json(serde_json::json!({
                "status": "ok",
                "database": state.store().backend().name(),
                "version": env!("CARGO_PKG_VERSION"),
                "mail": {
                    "state": mail.state,
                    "last_success": mail.last_success,
                    "last_error": mail.last_error,
                    "last_error_at": mail.last_error_at,
                    "failed": failed,
                },
            }))
            .into_response()
        }
        Err(error) => {
            tracing::error!(%error, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

/// `GET /ready`: whether a load balancer should send this node requests. 503 with the reason
/// while the node drains after a stop signal (it still serves the requests it gets), while its
/// database does not answer, and while the schema does not match this binary (migrations
/// pending, or a newer release migrated it); 200 otherwise. `/health` stays the detail for
/// monitoring.
pub async fn ready(State(state): State<AppState>) -> Response {
    let problem = if state.draining() {
        Some("draining: this node is stopping".to_string())
    } else {
        match state.store().schema_problem().await {
            Ok(problem) => problem.map(|p| format!("schema: {p}")),
            Err(error) => {
                tracing::error!(%error, "readiness: database unreachable");
                Some("database unreachable".to_string())
            }
        }
    };
    match problem {
        None => Json(serde_json::json!({"ready": true})).into_response(),
        Some(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"ready": false, "reason": reason})),
        )
            .into_response(),
    }
}

/// `GET /a/{slug}`: the association's page; for software that asks for JSON (`Accept`), the
/// issuer's controller document instead, which lists the keys of its Data Integrity proofs
/// (the issuer id of its credentials is this address).
pub async fn association(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    MaybeUser(user): MaybeUser,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let row = state.store().association_by_slug(&slug).await?;
    if super::prefers_json(&headers) {
        let document = crate::credential::controller_document(&state, row.id, &row.slug).await?;
        return Ok(super::credentials::public(
            Json(document).into_response(),
            super::JSON_LD,
        ));
    }
    let profile = state
        .catalog()
        .profile(&row.slug, today())
        .map_err(|_| WebError::NotFound)?;
    let mut layout = Layout::new(row.name.clone(), user.as_ref());
    layout.brand = super::settings::brand(&state, row.id).await?;
    page(&AssociationPage {
        layout,
        slug: row.slug.clone(),
        name: row.name,
        abbreviation: profile.association.abbreviation.clone(),
        state: profile.association.state.clone(),
        profile: profile.id.clone(),
        categories: categories(profile),
        renewal: renewal_terms(profile),
    })
    .map(IntoResponse::into_response)
}

pub fn categories(profile: &Profile) -> Vec<CategoryView> {
    profile
        .categories
        .iter()
        .map(|(&track, rule)| {
            let imh = Category::new(track, Form::Imh);
            let ecmh = Category::new(track, Form::Ecmh);
            let mut requirements = requirement_lines(rule);
            // The notes close the list; they are shown with their own source.
            let notes = requirements.split_off(requirements.len() - rule.notes.len());
            let cite = |key: &str| profile.source(Some(track), key).map(|s| SourceView::of(s));
            CategoryView {
                tier: format!("{} {}", profile.association.tier_word, track.tier_label()),
                imh: imh.abbreviation().to_string(),
                ecmh: ecmh.abbreviation().to_string(),
                title: format!("{} / {}", imh.title(), ecmh.title()),
                fees: rule.fees.as_ref().map(|f| {
                    format!(
                        "${} registration, ${} application processing",
                        f.registration_usd, f.processing_usd
                    )
                }),
                fees_source: cite(keys::FEES),
                requirements,
                notes,
                notes_source: cite(keys::NOTES),
                offered: rule.offered,
            }
        })
        .collect()
}

/// A category's requirements in plain words, one line each, as the association page lists
/// them and an achievement's criteria tell them.
pub fn requirement_lines(rule: &CategoryRule) -> Vec<String> {
    let mut requirements = Vec::new();
    requirements.push(match rule.education.minimum {
        lattice_domain::portfolio::DegreeLevel::None => "Education: no degree required".to_string(),
        minimum => format!("Education: {} or higher", minimum.describe()),
    });
    requirements.push(format!(
        "Training: at least {} across the competency areas",
        rule.training.minimum_hours
    ));
    for work in &rule.work {
        requirements.push(format!("Work: {}", work.describe));
    }
    if let Some(rsc) = &rule.rsc {
        requirements.push(format!(
            "Reflective supervision/consultation: at least {} over {} to {} months",
            rsc.minimum_hours, rsc.span_min_months, rsc.span_max_months
        ));
    }
    requirements.push(format!(
        "References: {} reference ratings",
        rule.references.slots.len()
    ));
    if let Some(exam) = &rule.exam {
        requirements.push(format!(
            "Exam after review: Part 1 ({} questions) and Part 2 ({} of {} vignettes)",
            exam.part1_questions, exam.part2_answered, exam.part2_vignettes
        ));
    }
    requirements.extend(rule.notes.iter().cloned());
    requirements
}

pub fn renewal_lines(profile: &Profile) -> Vec<String> {
    let rule = &profile.renewal;
    let mut lines = vec![format!(
        "Renew every year by {}: {} of training",
        month_day(rule.deadline.month, rule.deadline.day),
        rule.training_hours
    )];
    if let Some(fee) = rule.late_fee_usd {
        lines.push(format!("Late renewal fee: ${fee}"));
    }
    lines
}

/// The renewal lines of the association page, each beside its source.
fn renewal_terms(profile: &Profile) -> Vec<TermView> {
    // The deadline's line, then the late fee's where there is one.
    renewal_lines(profile)
        .into_iter()
        .zip([keys::RENEWAL_DEADLINE, keys::RENEWAL_LATE_FEE])
        .map(|(text, key)| TermView {
            text,
            source: profile.source(None, key).map(|s| SourceView::of(s)),
        })
        .collect()
}

fn month_day(month: u32, day: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(2000, month, day)
        .map(|d| d.format("%B %-d").to_string())
        .unwrap_or_else(|| format!("{month}/{day}"))
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}
