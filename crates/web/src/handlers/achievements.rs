//! `GET /a/{slug}/achievements/{category}`: a category of an association as an Open Badges
//! achievement, JSON-LD for software and a page for people at the one address a credential
//! names; and its badge image. The documents are built in `crate::achievement`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lattice_domain::category::Category;
use lattice_domain::competency::CompetencyArea;

use super::credentials::public;
use super::public::{renewal_lines, requirement_lines, requirement_lines_in};
use super::{JSON_LD, page, prefers_json, today};
use crate::achievement::{AchievementFacts, badge_url, requirements_url};
use crate::auth::{MaybeUser, RequestLanguage};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{AchievementPage, AlignmentView, Layout};

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
    RequestLanguage(language): RequestLanguage,
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
        // The page in the visitor's language; the credential's own words (the category's
        // registered title, the achievement's description) as issued.
        let tr = state.tr(language);
        let profile = state
            .catalog()
            .profile(&facts.slug, today())
            .map_err(|_| WebError::NotFound)?;
        let rule = profile
            .rule(facts.category.track)
            .ok_or(WebError::NotFound)?;
        page(&AchievementPage {
            layout: Layout::new(
                format!("{} ({})", facts.category.title(), facts.association_name),
                user.as_ref(),
            )
            .in_language(tr),
            slug: facts.slug.clone(),
            association: facts.association_name.clone(),
            abbreviation: facts.category.abbreviation(),
            title: facts.category.title(),
            description: facts.description(),
            badge_url: badge_url("", &facts.slug, facts.category),
            badge_caption: facts.badge_caption(),
            requirements_url: requirements_url("", &facts.slug, facts.category),
            requirements: requirement_lines_in(rule, &tr),
            notes: rule.notes.clone(),
            renewal: renewal_lines(profile, &tr).into_iter().take(1).collect(),
            alignments: facts
                .alignments()
                .into_iter()
                .map(|a| AlignmentView {
                    name: tr.tk("area", a.code),
                    domain: a.code.parse::<CompetencyArea>().map_or_else(
                        |_| a.domain.to_string(),
                        |area| tr.tk("domain", area.domain().key()),
                    ),
                    code: a.code,
                })
                .collect(),
        })?
        .into_response()
    };
    // One address, two representations, and the page in each language: caches must keep
    // them apart (the JSON-LD is the same in every language).
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static(if json_asked {
            "Accept"
        } else {
            "Accept, Accept-Language, Cookie"
        }),
    );
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
