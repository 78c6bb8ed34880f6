//! The language switch in every page's header (issue #23). Signed in, the choice is a POST
//! with the session's CSRF token and is kept on the account, so it follows the person to
//! another browser; not signed in, a GET that only sets this browser's cookie, which a forged
//! link could at worst flip back and forth (no account, nothing stored). Either way the person
//! goes back to the page they were reading, now in the chosen language where it is translated.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::header::REFERER;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::auth::safe_next;
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::i18n::{Language, language_cookie};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct LanguageChoice {
    #[serde(default)]
    language: String,
}

impl LanguageChoice {
    fn language(&self) -> Result<Language, WebError> {
        Language::from_code(&self.language).ok_or_else(|| {
            let offered: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
            WebError::BadRequest(format!("language: choose one of {}", offered.join(", ")))
        })
    }
}

/// Not signed in: this browser's cookie only.
pub async fn choose_for_browser(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Query(choice): Query<LanguageChoice>,
) -> Result<Response, WebError> {
    let language = choice.language()?;
    let jar = jar.add(language_cookie(language, state.config().secure_cookies));
    Ok((jar, Redirect::to(&back(&headers))).into_response())
}

/// Signed in: kept on the account, and in the cookie for the pages drawn before the session
/// is read (the error page).
pub async fn choose_for_account(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    jar: CookieJar,
    CsrfForm(choice): CsrfForm<LanguageChoice>,
) -> Result<Response, WebError> {
    let language = choice.language()?;
    if !user.languages.contains(language) {
        // The switch never shows it; a hand-made request gets the reason, not a silent no.
        return Err(WebError::BadRequest(format!(
            "language: {} is not offered by your association",
            language.endonym()
        )));
    }
    state
        .store()
        .set_person_language(user.person.id, Some(language))
        .await?;
    tracing::info!(person = user.person.id.0, %language, "language chosen");
    let jar = jar.add(language_cookie(language, state.config().secure_cookies));
    Ok((jar, Redirect::to(&back(&headers))).into_response())
}

/// The page the switch was pressed on: the path of the `Referer` (sent on our own pages by
/// the `same-origin` policy), kept to a path on this site by `safe_next`; else the home page.
fn back(headers: &HeaderMap) -> String {
    headers
        .get(REFERER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<axum::http::Uri>().ok())
        .and_then(|uri| {
            uri.path_and_query()
                .map(|p| safe_next(p.as_str()).to_string())
        })
        .unwrap_or_else(|| "/".to_string())
}
