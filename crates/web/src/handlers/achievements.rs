//! `GET /a/{slug}/achievements/{category}`: a category of an association as an Open Badges
//! achievement, JSON-LD for software and a page for people at the one address a credential
//! names; and its badge image. The documents are built in `crate::achievement`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lattice_domain::category::Category;

use super::credentials::public;
use super::public::{renewal_lines, requirement_lines};
use super::{JSON_LD, page, prefers_json, today};
use crate::achievement::{AchievementFacts, badge_url, requirements_url};
use crate::auth::MaybeUser;
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{AchievementPage, Layout};

/// The association's category, or not found: an unknown association, a code that is no
/// category (or not spelled as the credentials spell it), or a category the association's
/// rules do not have.
async fn facts(state: &AppState, slug: &str, code: &str) -> Result<AchievementFacts, WebError> {
    let category = code
        .parse::<Category>()
        .ok()
        .filter(|c| c.abbreviation() == code)
        .ok_or(WebError::NotFound)?;
    let association = state.store().association_by_slug(slug).await?;
    let profile = state
        .catalog()
        .profile(&association.slug, today())
        .map_err(|_| WebError::NotFound)?;
    let rule = profile
        .categories
        .get(&category.track)
        .ok_or(WebError::NotFound)?;
    Ok(AchievementFacts {
        base: state.config().base_url.trim_end_matches('/').to_string(),
        slug: association.slug,
        association_name: association.name,
        short_name: profile.association.abbreviation.clone(),
        category,
        requirements: requirement_lines(rule),
        // The yearly renewal; its late fee is no criterion.
        renewal: renewal_lines(profile, &crate::i18n::Tr::default())
            .into_iter()
            .take(1)
            .collect(),
    })
}

/// `GET /a/{slug}/achievements/{category}` (JSON-LD or the page, by `Accept`) and
/// `GET /a/{slug}/achievements/{category}.json` (always JSON-LD).
pub async fn achievement(
    State(state): State<AppState>,
    Path((slug, category)): Path<(String, String)>,
    MaybeUser(user): MaybeUser,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (code, json_asked) = match category.strip_suffix(".json") {
        Some(code) => (code, true),
        None => (category.as_str(), prefers_json(&headers)),
    };
    let facts = facts(&state, &slug, code).await?;
    let mut response = if json_asked {
        public(Json(facts.document()).into_response(), JSON_LD)
    } else {
        page(&AchievementPage {
            layout: Layout::new(
                format!("{} ({})", facts.category.title(), facts.association_name),
                user.as_ref(),
            ),
            slug: facts.slug.clone(),
            association: facts.association_name.clone(),
            abbreviation: facts.category.abbreviation(),
            title: facts.category.title(),
            description: facts.description(),
            badge_url: badge_url("", &facts.slug, facts.category),
            badge_caption: facts.badge_caption(),
            requirements_url: requirements_url("", &facts.slug, facts.category),
            requirements: facts.requirements.clone(),
            renewal: facts.renewal.clone(),
            alignments: facts.alignments(),
        })?
        .into_response()
    };
    // One address, two representations: caches must keep them apart.
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    Ok(response)
}

/// `GET /a/{slug}/achievements/{category}/badge.svg`: the category's badge, drawn here.
pub async fn badge(
    State(state): State<AppState>,
    Path((slug, category)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let facts = facts(&state, &slug, &category).await?;
    let svg = facts.badge_svg()?;
    Ok(public(svg.into_response(), "image/svg+xml"))
}
