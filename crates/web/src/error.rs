//! The one error type of the web layer. Handlers return `Result<_, WebError>`; the
//! [`render_errors`] middleware turns an error into the one error page (or a JSON body under
//! `/api/`) carrying the request id, so a person can quote it and staff can find the log line.

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lattice_store::StoreError;

use crate::i18n::{I18n, Language, Tr};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Missing, or not the viewer's to see: the two look the same on purpose.
    #[error("not found")]
    NotFound,
    #[error("sign in required")]
    SignInRequired,
    /// Bad input; the message names the field.
    #[error("{0}")]
    BadRequest(String),
    #[error("the form expired or came from another site")]
    Csrf,
    #[error("{0}")]
    TooManyRequests(String),
    /// A concurrent change or a duplicate.
    #[error("{0}")]
    Conflict(String),
    /// There, but no longer handed out (a revoked endorsement's credential); says why.
    #[error("{0}")]
    Gone(String),
    /// A fault of ours: details go to the log, never to the page.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => WebError::NotFound,
            // A last guard: should a database's own words reach here (a table, a
            // constraint), they go to the log and the person reads plain words.
            StoreError::Conflict(message) if looks_internal(&message) => {
                tracing::warn!(detail = %message, "a storage conflict in the database's words");
                WebError::Conflict(
                    "this was already recorded (perhaps from another tab); reload the page to see it"
                        .to_string(),
                )
            }
            StoreError::Conflict(message) => WebError::Conflict(message),
            StoreError::Other(message) => WebError::Internal(message),
        }
    }
}

/// Whether a message is in the database's words rather than ours.
fn looks_internal(message: &str) -> bool {
    let lower = message.to_lowercase();
    [
        "constraint",
        "unique",
        "duplicate key",
        "violates",
        "sqlstate",
        "foreign key",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// A query string that does not fit its parameters (a parameter given twice, say) is bad
/// input like any other: 422 with the one error body, not axum's plain-text 400.
impl From<axum::extract::rejection::QueryRejection> for WebError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        WebError::BadRequest(rejection.body_text())
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> Self {
        WebError::Internal(format!("template: {error}"))
    }
}

/// The message of a mistake a person can correct on the form they sent (a 422 or a 409 from a
/// handler), for `keep_place`, which shows it on that form's page.
pub(crate) fn mistake_of(response: &Response) -> Option<String> {
    matches!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT
    )
    .then(|| response.extensions().get::<ErrorBody>())
    .flatten()
    .map(|body| body.message.clone())
}

/// A multipart form that could not be read. Over the size limit is the one a person meets (a
/// large scan): said in their words, with the limit, on the `file` field; the parser's own
/// words ("Error parsing `multipart/form-data` request") are for the log.
pub fn multipart_error(error: &axum::extract::multipart::MultipartError, path: &str) -> WebError {
    let (field, limit) = crate::upload_limits::upload_field(path);
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::BadRequest(crate::upload_limits::too_large_message(field, limit))
    } else {
        tracing::info!(error = %error.body_text(), "an upload could not be read");
        WebError::BadRequest(format!(
            "{field}: the upload was cut off or could not be read; please choose the file and send it again"
        ))
    }
}

/// Carried from [`WebError::into_response`] to [`render_errors`], which knows the request id.
#[derive(Debug, Clone)]
struct ErrorBody {
    message: String,
    /// The message's id in the pages' messages (`i18n`), for the errors whose words are
    /// fixed; the others carry a handler's English words.
    message_id: Option<&'static str>,
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::SignInRequired => StatusCode::UNAUTHORIZED,
            WebError::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Gone(_) => StatusCode::GONE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn public_message(&self) -> String {
        match self {
            WebError::NotFound => "There is nothing here, or it is not yours to see.".to_string(),
            WebError::Internal(_) => {
                "Something went wrong on our side. Nothing you entered was lost; please try again."
                    .to_string()
            }
            WebError::Csrf => {
                "This form expired or came from another site. Go back, reload the page and send it again."
                    .to_string()
            }
            other => other.to_string(),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Internal(detail) = &self {
            // Logged once, inside the request span that carries the request id.
            tracing::error!(error = %detail, "request failed");
        }
        let mut response = self.status().into_response();
        let message_id = match &self {
            WebError::NotFound => Some("error-not-found"),
            WebError::Internal(_) => Some("error-internal"),
            WebError::Csrf => Some("error-csrf"),
            _ => None,
        };
        response.extensions_mut().insert(ErrorBody {
            message: self.public_message(),
            message_id,
        });
        response
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    /// Whether `message` is a handler's English words on a page in another language.
    message_in_english: bool,
    request_id: &'a str,
    tr: Tr,
}

/// Renders error bodies: JSON under `/api/`, the error page elsewhere; and sends people who
/// must sign in to the sign-in page.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let is_api = request.uri().path().starts_with("/api/");
    let path = request.uri().path().to_string();
    // The error page speaks the browser's language (the switch's cookie, set again at sign-in
    // from the account, or Accept-Language): read before the request is handed on.
    let tr = Tr::new(I18n::embedded(), crate::i18n::requested(request.headers()));
    let response = next.run(request).await;
    let Some(body) = response.extensions().get::<ErrorBody>().cloned() else {
        return response;
    };
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED && !is_api {
        let target = format!("/sign-in?next={}", urlencode(&path));
        return Redirect::to(&target).into_response();
    }
    let mut rendered = if is_api {
        let json = serde_json::json!({"error": body.message, "request_id": request_id});
        (status, axum::Json(json)).into_response()
    } else {
        let title = tr.t1("error-title", "status", status.as_u16());
        // The field a message names is for a form's mapping; a page without the form shows
        // the words alone.
        let (words, message_in_english) = match body.message_id {
            Some(id) => (tr.t(id), false),
            None => (
                split_field(&body.message).1,
                tr.language() != Language::English,
            ),
        };
        let page = ErrorPage {
            title: &title,
            message: &words,
            message_in_english,
            request_id: &request_id,
            tr,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, body.message).into_response(),
        }
    };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        rendered.headers_mut().insert("x-request-id", value);
    }
    rendered
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    rendered
}

fn urlencode(path: &str) -> String {
    serde_urlencoded::to_string([("", path)])
        .map(|s| s.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// Splits `field: message` into the field and the message a person reads (its first letter
/// made a capital). Here, not in `keep_place`, because the error page reads its words too and
/// `keep_place` builds on this module. A prefix with spaces or capitals is not a field name but
/// part of the words.
pub fn split_field(message: &str) -> (Option<&str>, String) {
    let (field, words) = match message.split_once(": ") {
        Some((field, words))
            if !field.is_empty()
                && field.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && field.chars().all(|c| {
                    c.is_ascii_lowercase()
                        || c.is_ascii_digit()
                        || matches!(c, '_' | '.' | '-' | '[' | ']' | ':')
                }) =>
        {
            (Some(field), words)
        }
        _ => (None, message),
    };
    let mut chars = words.chars();
    let words = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    (field, words)
}
