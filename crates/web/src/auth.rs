//! Who is asking: passwords (argon2id), database sessions, the signed-in user extractor and
//! CSRF-checked forms.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::body::Bytes;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::{Duration, Utc};
use lattice_domain::language::OfferedLanguages;
use lattice_domain::rights::Viewer;
use lattice_store::{NewSession, PersonRow, SignedIn, StoreError, token};
use serde::Deserialize;
use serde::de::DeserializeOwned;

pub use crate::current_user::CurrentUser;
use crate::error::WebError;
use crate::i18n::Language;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "lattice_session";
/// For forms shown before sign-in (double-submit: the cookie and the field must match).
pub const ANON_CSRF_COOKIE: &str = "lattice_csrf";

/// Password hashing at once is limited to one per core. Each argon2id run takes 19 MiB and a
/// core's worth of time: 500 sign-ins at once otherwise ran side by side, each finishing only
/// when all did (seconds), with gigabytes resident; queued, each takes its few milliseconds.
async fn hashing_turn() -> Result<tokio::sync::SemaphorePermit<'static>, WebError> {
    static HASHING: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    HASHING
        .get_or_init(|| {
            tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
            )
        })
        .acquire()
        .await
        .map_err(|e| WebError::Internal(format!("hashing queue: {e}")))
}

/// Hashes off the async runtime: argon2id is deliberately slow.
pub async fn hash_password(password: String) -> Result<String, WebError> {
    let _turn = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| WebError::Internal(format!("hashing: {e}")))
    })
    .await
    .map_err(|e| WebError::Internal(format!("hashing task: {e}")))?
}

/// Checks a password. With no stored hash, a dummy hash is checked instead so that unknown
/// emails take as long as known ones and cannot be told apart by timing.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, WebError> {
    let _turn = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash_text = stored.unwrap_or_else(|| dummy_hash().to_string());
        let parsed = PasswordHash::new(&hash_text)
            .map_err(|e| WebError::Internal(format!("stored hash: {e}")))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await
    .map_err(|e| WebError::Internal(format!("verify task: {e}")))?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"not a real password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// The shortest password accepted. NIST SP 800-63B asks for at least 8 and for length over
/// composition rules; the service has asked for 10 since its first release, and keeps that.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a new password was refused: each has a stable message id (`password-error-…`), so a
/// page words it in the reader's language; [`check_new_password`] words it in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// It contains the account's name or the email's local part.
    HoldsOwnName,
    /// zxcvbn scores it under 3; its warning (English, from the crate), when it gave one.
    EasyToGuess {
        hint: Option<String>,
    },
}

impl PasswordProblem {
    /// The message id of this refusal (`password-error-…` in `auth.ftl`).
    pub fn id(&self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password-error-short",
            PasswordProblem::TooLong => "password-error-long",
            PasswordProblem::HoldsOwnName => "password-error-own-name",
            PasswordProblem::EasyToGuess { .. } => "password-error-weak",
        }
    }

    /// The refusal as `password: …` in the reader's language. English adds zxcvbn's own
    /// warning in brackets; other languages leave the crate's English out.
    pub fn message(&self, tr: crate::i18n::Tr) -> String {
        let hint = match self {
            PasswordProblem::EasyToGuess { hint: Some(w) } => format!(" ({w})"),
            _ => String::new(),
        };
        format!(
            "password: {}",
            tr.t2(self.id(), "min", MIN_PASSWORD_CHARS, "hint", hint)
        )
    }
}

/// A new password, following NIST SP 800-63B: long enough, not too long to hash, and not
/// guessable. Guessability is zxcvbn's estimate (it knows common and breached passwords,
/// keyboard walks, repeats, sequences and dates), told the account's own name and email so
/// that `ana.ruiz2026` is refused for Ana Ruiz; a score of 3 means more than 10^8 guesses.
/// No composition rules: they push people to `Password1!`. The message names the field.
pub fn check_new_password(password: &str, name: &str, email: &str) -> Result<(), WebError> {
    password_problem(password, name, email)
        .map_err(|problem| WebError::BadRequest(problem.message(crate::i18n::Tr::default())))
}

/// [`check_new_password`]'s rules, with the reason a password is refused.
pub fn password_problem(password: &str, name: &str, email: &str) -> Result<(), PasswordProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if password.len() > 1024 {
        return Err(PasswordProblem::TooLong);
    }
    // zxcvbn rates `NoorHaddad1` fair for Noor Haddad (two known words and a digit are still
    // many guesses in general), but it is the first thing anyone who knows her would try.
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let typed = letters(password);
    let local = email.split('@').next().unwrap_or_default();
    if [letters(name), letters(local)]
        .iter()
        .any(|own| own.chars().count() >= 4 && typed.contains(own.as_str()))
    {
        return Err(PasswordProblem::HoldsOwnName);
    }
    let mut own: Vec<&str> = vec![name, email];
    own.extend(name.split_whitespace());
    own.extend(
        email
            .split(['@', '.', '-', '_', '+'])
            .filter(|p| !p.is_empty()),
    );
    let estimate = zxcvbn::zxcvbn(password, &own);
    if estimate.score() < zxcvbn::Score::Three {
        return Err(PasswordProblem::EasyToGuess {
            hint: estimate
                .feedback()
                .and_then(|f| f.warning())
                .map(|w| w.to_string()),
        });
    }
    Ok(())
}

/// Starts a session: a random cookie whose hash is stored, with its own CSRF token.
pub async fn start_session(
    state: &AppState,
    jar: CookieJar,
    person: &PersonRow,
) -> Result<CookieJar, WebError> {
    let cookie_token = new_token()?;
    let now = Utc::now();
    state
        .store()
        .create_session(&NewSession {
            token_hash: token::hash_token(&cookie_token),
            person: person.id,
            csrf_token: new_token()?,
            created_at: now,
            expires_at: now + Duration::hours(state.config().session_hours),
        })
        .await?;
    let mut cookie = Cookie::new(SESSION_COOKIE, cookie_token);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(state.config().secure_cookies);
    cookie.set_path("/");
    let jar = jar.add(cookie);
    // The account's language for this browser too: the error page, drawn without reading the
    // session, follows the cookie.
    Ok(match person.language {
        Some(language) => jar.add(crate::i18n::language_cookie(
            language,
            state.config().secure_cookies,
        )),
        None => jar,
    })
}

pub fn new_token() -> Result<String, WebError> {
    token::new_token().map_err(|e| WebError::Internal(format!("randomness: {e}")))
}

/// Where a request came from, as far as the service can tell: sign-in limits count against
/// it. None only when the router runs without a listener (in-process tests that set none).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// The key its sign-in failures are counted under. An IPv6 client usually holds a whole
    /// /64, so the limit applies to the /64: otherwise each of its addresses starts afresh.
    pub fn limit_key(&self) -> String {
        match self.0 {
            None => "client:unknown".to_string(),
            Some(IpAddr::V4(v4)) => format!("client:{v4}"),
            Some(IpAddr::V6(v6)) => {
                let s = v6.segments();
                format!("client:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(peer.map(|peer| {
            client_ip(peer, &parts.headers, &state.config().trusted_proxies)
        })))
    }
}

/// The client behind any trusted proxies: each proxy appends the address it heard from to
/// `X-Forwarded-For`, so reading from the right, the first address that is not one of ours
/// is the one no proxy of ours can vouch past. Entries further left were written by the
/// client itself and are ignored.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        let Ok(ip) = entry.trim().parse::<IpAddr>() else {
            break;
        };
        client = ip;
        if !trusted.contains(&ip) {
            break;
        }
    }
    client
}

async fn load_user(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, WebError> {
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let session_hash = token::hash_token(cookie.value());
    let SignedIn {
        session,
        person,
        staff,
        home_association,
        has_applications,
        has_endorsements,
    } = match state.store().signed_in(&session_hash, Utc::now()).await {
        Ok(signed_in) => signed_in,
        Err(StoreError::NotFound) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    let viewer = Viewer {
        person: person.id,
        admin: person.admin,
        staff,
    };
    // Staff pages speak for the association they are about and set its brand themselves.
    // Staff, and people of no association yet, are offered every language.
    let frame = match home_association {
        Some(association) if !viewer.admin && viewer.staff.is_empty() => {
            crate::brand::frame(state.store(), state.brands(), association).await?
        }
        _ => crate::brand::Frame {
            brand: None,
            languages: OfferedLanguages::all(),
        },
    };
    let wanted = person
        .language
        .unwrap_or_else(|| crate::i18n::requested(&parts.headers));
    // A language their association does not offer falls back to English.
    let language = frame.languages.choose(wanted);
    Ok(Some(CurrentUser {
        person,
        viewer,
        csrf: session.csrf_token,
        session_hash,
        brand: frame.brand,
        language,
        languages: frame.languages,
        has_applications,
        has_endorsements,
    }))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let user = load_user(parts, state)
            .await?
            .ok_or(WebError::SignInRequired)?;
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

/// The signed-in person if there is one (public pages adapt to it).
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(MaybeUser(Some(user.clone())));
        }
        let user = load_user(parts, state).await?;
        if let Some(user) = &user {
            parts.extensions.insert(user.clone());
        }
        Ok(MaybeUser(user))
    }
}

/// The language a page is in: the signed-in person's (see [`CurrentUser::language`]), or for
/// someone not signed in, the switch's cookie or the browser's `Accept-Language`.
#[derive(Debug, Clone, Copy)]
pub struct RequestLanguage(pub Language);

impl FromRequestParts<AppState> for RequestLanguage {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        Ok(RequestLanguage(match user {
            Some(user) => user.language,
            None => crate::i18n::requested(&parts.headers),
        }))
    }
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

/// A urlencoded form whose `csrf` field was checked against the session (or, before sign-in,
/// against the double-submit cookie). Every POST handler takes its body through this.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = request.into_parts();
        let user = MaybeUser::from_request_parts(&mut parts, state).await?;
        let expected = match user.0 {
            Some(user) => user.csrf,
            None => CookieJar::from_headers(&parts.headers)
                .get(ANON_CSRF_COOKIE)
                .map(|c| c.value().to_string())
                .ok_or(WebError::Csrf)?,
        };
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| WebError::BadRequest(format!("form: {e}")))?;
        let field: CsrfField = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| WebError::BadRequest(format!("form: {e}")))?;
        if expected.is_empty() || !constant_time_eq(field.csrf.as_bytes(), expected.as_bytes()) {
            return Err(WebError::Csrf);
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
            // serde names the field: "missing field `email`"; said beside that field.
            let text = e.to_string();
            match text
                .strip_prefix("missing field `")
                .and_then(|rest| rest.strip_suffix('`'))
            {
                Some(field) => WebError::BadRequest(format!(
                    "{field}: this is needed; fill it in or choose one"
                )),
                None => WebError::BadRequest(format!("form: {text}")),
            }
        })?;
        Ok(CsrfForm(form))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The CSRF token for a form shown before sign-in: reuses the cookie or sets a new one.
pub fn anonymous_csrf(jar: CookieJar, secure: bool) -> Result<(CookieJar, String), WebError> {
    if let Some(existing) = jar.get(ANON_CSRF_COOKIE) {
        let value = existing.value().to_string();
        return Ok((jar, value));
    }
    let value = new_token()?;
    let mut cookie = Cookie::new(ANON_CSRF_COOKIE, value.clone());
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(secure);
    cookie.set_path("/");
    Ok((jar.add(cookie), value))
}

/// One part of a multipart form.
#[derive(Debug, Clone)]
pub struct UploadPart {
    pub name: String,
    pub file_name: Option<String>,
    pub bytes: Bytes,
}

/// A multipart form (file uploads) whose `csrf` part was checked like [`CsrfForm`].
#[derive(Debug)]
pub struct CsrfUpload(pub Vec<UploadPart>);

impl CsrfUpload {
    /// The first part called `name`.
    pub fn part(&self, name: &str) -> Option<&UploadPart> {
        self.0.iter().find(|p| p.name == name)
    }
}

impl FromRequest<AppState> for CsrfUpload {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = request.into_parts();
        let user = MaybeUser::from_request_parts(&mut parts, state).await?;
        let expected = user.0.map(|u| u.csrf).ok_or(WebError::SignInRequired)?;
        let path = parts.uri.path().to_string();
        let mut multipart =
            axum::extract::Multipart::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(|e| WebError::BadRequest(format!("file: {}", e.body_text())))?;
        let mut fields = Vec::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| crate::error::multipart_error(&e, &path))?
        {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| crate::error::multipart_error(&e, &path))?;
            fields.push(UploadPart {
                name,
                file_name,
                bytes,
            });
        }
        let given = fields
            .iter()
            .find(|p| p.name == "csrf")
            .map(|p| p.bytes.clone())
            .unwrap_or_default();
        if !constant_time_eq(&given, expected.as_bytes()) {
            return Err(WebError::Csrf);
        }
        Ok(CsrfUpload(fields))
    }
}
