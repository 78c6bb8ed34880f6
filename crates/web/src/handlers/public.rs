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
use crate::i18n::Tr;
use crate::state::AppState;
use crate::views::{
    AssociationCard, AssociationPage, CategoryView, HomePage, Layout, Said, SourceView, TermView,
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
    Ok(super::by_language(body.into_response()))
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
    RequestLanguage(language): RequestLanguage,
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
    let tr = state.tr(language);
    let mut layout = Layout::new(row.name.clone(), user.as_ref()).in_language(tr);
    layout.brand = super::settings::brand(&state, row.id).await?;
    let body = page(&AssociationPage {
        layout,
        slug: row.slug.clone(),
        name: row.name,
        abbreviation: profile.association.abbreviation.clone(),
        state: profile.association.state.clone(),
        profile: profile.id.clone(),
        categories: categories(profile, &tr),
        renewal: renewal_terms(profile, &tr),
    })?;
    // The words follow the visitor's language, and the address also answers JSON: a cache
    // keeps one copy per language and per representation.
    let mut response = body.into_response();
    response.headers_mut().insert(
        axum::http::header::VARY,
        axum::http::HeaderValue::from_static("Accept, Accept-Language, Cookie"),
    );
    Ok(response)
}

/// Each category of the profile as the association page and the registration form show it,
/// in `tr`'s language: the association's own words (its notes, and a work requirement or tier
/// word it gives in English only) stay English and are marked so.
pub fn categories(profile: &Profile, tr: &Tr) -> Vec<CategoryView> {
    profile
        .categories
        .iter()
        .map(|(&track, rule)| {
            let imh = Category::new(track, Form::Imh);
            let ecmh = Category::new(track, Form::Ecmh);
            let cite = |key: &str| profile.source(Some(track), key).map(|s| SourceView::of(s));
            let tier = profile.tier_phrase(track);
            CategoryView {
                tier: if tier.speaks(tr.language()) {
                    Said::in_language(tr.phrase(&tier))
                } else {
                    Said::english(tier.english)
                },
                imh: imh.abbreviation().to_string(),
                ecmh: ecmh.abbreviation().to_string(),
                title: format!("{} / {}", imh.title(), ecmh.title()),
                fees: rule.fees.as_ref().map(|f| {
                    tr.t2(
                        "public-fees",
                        "registration",
                        f.registration_usd,
                        "processing",
                        f.processing_usd,
                    )
                }),
                fees_source: cite(keys::FEES),
                requirements: requirement_lines_in(rule, tr),
                // The notes close the list; they are shown with their own source.
                notes: rule.notes.clone(),
                notes_source: cite(keys::NOTES),
                offered: rule.offered,
            }
        })
        .collect()
}

/// A category's requirements in plain English, one line each, then its notes: an
/// achievement's criteria tell them so.
pub fn requirement_lines(rule: &CategoryRule) -> Vec<String> {
    requirement_lines_in(rule, &Tr::default())
        .into_iter()
        .map(|line| line.text)
        .chain(rule.notes.iter().cloned())
        .collect()
}

/// A category's requirements in plain words, one line each, in `tr`'s language (a work
/// requirement the profile words in English only stays English).
pub fn requirement_lines_in(rule: &CategoryRule, tr: &Tr) -> Vec<Said> {
    let mut requirements = vec![Said::in_language(match rule.education.minimum {
        lattice_domain::portfolio::DegreeLevel::None => tr.t("public-req-education-none"),
        minimum => tr.t1("public-req-education", "level", minimum.key()),
    })];
    requirements.push(Said::in_language(tr.t1(
        "public-req-training",
        "hours",
        rule.training.minimum_hours.as_hours(),
    )));
    for work in &rule.work {
        requirements.push(match work.described().in_language(tr.language()) {
            Some(words) => Said::in_language(tr.t1("public-req-work", "describe", words)),
            None => Said::english(Tr::default().t1("public-req-work", "describe", &work.describe)),
        });
    }
    if let Some(rsc) = &rule.rsc {
        requirements.push(Said::in_language(tr.t3(
            "public-req-rsc",
            "hours",
            rsc.minimum_hours.as_hours(),
            "min",
            rsc.span_min_months,
            "max",
            rsc.span_max_months,
        )));
    }
    requirements.push(Said::in_language(tr.t1(
        "public-req-references",
        "count",
        rule.references.slots.len(),
    )));
    if let Some(exam) = &rule.exam {
        requirements.push(Said::in_language(tr.t3(
            "public-req-exam",
            "questions",
            exam.part1_questions,
            "answered",
            exam.part2_answered,
            "vignettes",
            exam.part2_vignettes,
        )));
    }
    requirements
}

/// The yearly renewal in plain words: its deadline and hours, then its late fee where there is
/// one, in `tr`'s language.
pub fn renewal_lines(profile: &Profile, tr: &Tr) -> Vec<String> {
    let rule = &profile.renewal;
    let mut lines = vec![tr.t3(
        "public-renewal",
        "month",
        rule.deadline.month,
        "day",
        rule.deadline.day,
        "hours",
        rule.training_hours.as_hours(),
    )];
    if let Some(fee) = rule.late_fee_usd {
        lines.push(tr.t1("public-renewal-late-fee", "fee", fee));
    }
    lines
}

/// The renewal lines of the association page, each beside its source.
fn renewal_terms(profile: &Profile, tr: &Tr) -> Vec<TermView> {
    // The deadline's line, then the late fee's where there is one.
    renewal_lines(profile, tr)
        .into_iter()
        .zip([keys::RENEWAL_DEADLINE, keys::RENEWAL_LATE_FEE])
        .map(|(text, key)| TermView {
            text,
            source: profile.source(None, key).map(|s| SourceView::of(s)),
        })
        .collect()
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Language};
    use lattice_domain::category::Track;
    use lattice_domain::minutes::Minutes;

    fn texts(lines: &[Said]) -> Vec<(&str, bool)> {
        lines.iter().map(|l| (l.text.as_str(), l.english)).collect()
    }

    /// The lines take the profile's figures, say one rating and fractional hours each
    /// language's way, and keep a work requirement the profile words in English only in
    /// English, marked so.
    #[test]
    fn a_category_s_lines_follow_its_rule_in_each_language() {
        let catalog = lattice_profiles::Catalog::embedded().expect("profiles");
        let profile = catalog
            .profile(
                "massaimh",
                chrono::NaiveDate::from_ymd_opt(2026, 6, 1).expect("date"),
            )
            .expect("massaimh");
        let mut rule = profile.rule(Track::II).expect("IFS").clone();
        rule.training.minimum_hours = Minutes::new(29 * 60 + 45);
        rule.references.slots.truncate(1);
        rule.work[0].describe_es = None;
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        let en = Tr::new(I18n::embedded(), Language::English);
        let work = format!("Work: {}", rule.work[0].describe);
        assert_eq!(
            texts(&requirement_lines_in(&rule, &es)),
            [
                ("Formación académica: una licenciatura o superior", false),
                (
                    "Capacitación: al menos 29,75 h en las áreas de competencia",
                    false
                ),
                (work.as_str(), true),
                (
                    "Supervisión/consulta reflexiva (RS/C): al menos 24 h a lo largo de 12 a 24 meses",
                    false
                ),
                ("Referencias: 1 evaluación de referencia", false),
            ]
        );
        assert_eq!(
            texts(&requirement_lines_in(&rule, &en)),
            [
                ("Education: a bachelor's degree or higher", false),
                (
                    "Training: at least 29.75 h across the competency areas",
                    false
                ),
                (work.as_str(), false),
                (
                    "Reflective supervision/consultation: at least 24 h over 12 to 24 months",
                    false
                ),
                ("References: 1 reference rating", false),
            ]
        );
    }
}
