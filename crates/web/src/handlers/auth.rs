//! Signing in and out, and password reset by emailed link.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::{DateTime, Duration, Utc};
use lattice_domain::ids::PersonId;
use lattice_store::{NewAudit, NewMail, PersonRow, StoreError, token};
use serde::Deserialize;

use super::page;
use crate::auth::{
    ClientAddr, CsrfForm, CurrentUser, MaybeUser, SESSION_COOKIE, anonymous_csrf,
    check_new_password, hash_password, start_session, verify_password,
};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{
    EnrolPage, ForgotPage, Layout, MessagePage, RecoveryCodesPage, ResetPage, SignInCodePage,
    SignInPage, SignUpPage,
};

/// Sign-in failures are counted over this window, in the database so every node sees them.
const FAILURE_WINDOW_MINUTES: i64 = 15;
/// Wrong passwords for one account before each further try must wait. Small: an attacker
/// guessing one account's password gets a handful of tries, then fewer and fewer.
const FREE_ACCOUNT_FAILURES: i64 = 5;
/// Wrong passwords from one client (any accounts) before it must wait: enough for a shared
/// office where a few people mistype, too few for trying one password on many accounts.
const FREE_CLIENT_FAILURES: i64 = 10;
/// The first wait; each further failure doubles it, up to [`MAX_DELAY_SECONDS`].
const FIRST_DELAY_SECONDS: i64 = 30;
const MAX_DELAY_SECONDS: i64 = 15 * 60;

/// How long after its latest failure a key must wait, given its failures in the window.
/// A growing delay rather than a lockout: the owner of an account someone else is guessing
/// at waits at most [`MAX_DELAY_SECONDS`] (or resets the password, which clears the count),
/// while a guesser gets a few tries an hour.
fn delay_after(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(10);
    (FIRST_DELAY_SECONDS << doublings).min(MAX_DELAY_SECONDS)
}

/// Seconds still to wait before this key may try again (0: now).
async fn wait_for(
    state: &AppState,
    key: &str,
    free: i64,
    now: DateTime<Utc>,
) -> Result<i64, WebError> {
    let since = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let (failures, latest) = state.store().login_failure_stats(key, since).await?;
    let delay = delay_after(failures, free);
    Ok(latest.map_or(0, |latest| (delay - (now - latest).num_seconds()).max(0)))
}

/// "try again in 30 seconds" / "in 4 minutes", for the sign-in page.
fn wait_words(seconds: i64) -> String {
    if seconds < 120 {
        let unit = if seconds == 1 { "second" } else { "seconds" };
        format!("{seconds} {unit}")
    } else {
        format!("{} minutes", (seconds + 59) / 60)
    }
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&SignInPage {
        layout: Layout::anonymous("Sign in", csrf),
        email: String::new(),
        next: query.next,
        error: None,
    })?;
    Ok((jar, body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Where to go after signing in: only a path on this site, so a crafted link cannot send
/// people elsewhere. Browsers drop tabs and newlines from URLs and read `\` as `/`, so
/// `/\t/evil.example` is `//evil.example` to them: any control character or backslash, or a
/// second slash at the start, means the dashboard. What remains must also be a valid
/// header value and URI path, so the redirect itself can never fail.
pub fn safe_next(next: &str) -> &str {
    let fallback = "/dashboard";
    let mut chars = next.chars();
    if chars.next() != Some('/') || matches!(chars.next(), Some('/')) {
        return fallback;
    }
    if next.chars().any(|c| c.is_control() || c == '\\') || next.len() > 2048 {
        return fallback;
    }
    match next.parse::<axum::http::uri::PathAndQuery>() {
        Ok(parsed) if parsed.as_str() == next => next,
        _ => fallback,
    }
}

/// Renders the sign-in form again with a message (a wrong password, a wait, an unverified
/// email), keeping what was typed except the password.
fn sign_in_again(
    state: &AppState,
    jar: CookieJar,
    status: StatusCode,
    form: SignInForm,
    error: String,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&SignInPage {
        layout: Layout::anonymous("Sign in", csrf),
        email: form.email,
        next: form.next,
        error: Some(error),
    })?;
    Ok((status, jar, body).into_response())
}

pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim().to_lowercase();
    if email.is_empty() {
        return Err(WebError::BadRequest(
            "email: enter the email you registered with".to_string(),
        ));
    }
    // Limited per account (guessing one password) and per client (one password tried on
    // many accounts); whichever asks for the longer wait decides.
    let account_key = format!("email:{email}");
    let client_key = client.limit_key();
    let now = Utc::now();
    let wait = wait_for(&state, &account_key, FREE_ACCOUNT_FAILURES, now)
        .await?
        .max(wait_for(&state, &client_key, FREE_CLIENT_FAILURES, now).await?);
    if wait > 0 {
        let words = wait_words(wait);
        return sign_in_again(
            &state,
            jar,
            StatusCode::TOO_MANY_REQUESTS,
            form,
            format!(
                "Too many wrong passwords were tried. Please try again in {words}, \
                 or reset your password."
            ),
        );
    }
    let store = state.store();
    let found = match store.person_by_email(&email).await {
        Ok(found) => Some(found),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let stored_hash = found.as_ref().and_then(|(_, hash)| hash.clone());
    let matches = verify_password(form.password.clone(), stored_hash).await?;
    let Some((person, _)) = found.filter(|_| matches) else {
        store.record_login_failure(&account_key, now).await?;
        store.record_login_failure(&client_key, now).await?;
        return sign_in_again(
            &state,
            jar,
            StatusCode::UNAUTHORIZED,
            form,
            "That email and password do not match an account.".to_string(),
        );
    };
    // The client's count is kept: signing in to one's own account must not buy more guesses
    // at others'.
    store.clear_login_failures(&account_key).await?;
    if store.email_unverified(person.id).await? {
        send_verification(&state, &person).await?;
        return sign_in_again(
            &state,
            jar,
            StatusCode::FORBIDDEN,
            form,
            format!(
                "Please confirm your email address first. We have sent a new link to {}: \
                 open it, then sign in.",
                person.email
            ),
        );
    }
    // Decided before the session starts, so nothing after it can fail on a bad `next`.
    let target = safe_next(&form.next).to_string();
    // Staff (and anyone who turned it on) show a second factor before any page opens; staff
    // without one set it up first.
    let staff = person.admin || !store.staff_roles(person.id).await?.is_empty();
    let enrolled = has_second_factor(&state, person.id).await?;
    if staff || enrolled {
        let pending = crate::auth::new_token()?;
        store
            .create_pending_sign_in(
                &token::hash_token(&pending),
                person.id,
                now + Duration::minutes(PENDING_MINUTES),
            )
            .await?;
        let jar = jar.add(pending_cookie(&state, pending));
        let step = if enrolled {
            "/sign-in/code"
        } else {
            "/sign-in/enrol"
        };
        let query = serde_urlencoded::to_string([("next", target.as_str())])
            .map_err(|e| WebError::Internal(format!("next: {e}")))?;
        return Ok((jar, Redirect::to(&format!("{step}?{query}"))).into_response());
    }
    store
        .record_audit(&NewAudit {
            at: now,
            actor: Some(person.id),
            association: None,
            subject: format!("person:{}", person.id),
            action: "sign-in".to_string(),
            reason: String::new(),
        })
        .await?;
    let jar = start_session(&state, jar, &person).await?;
    Ok((jar, Redirect::to(&target)).into_response())
}

/// How long an emailed verification link works.
const VERIFY_HOURS: i64 = 48;

fn verification_mail(state: &AppState, name: &str, email: &str, link_token: &str) -> NewMail {
    let link = format!(
        "{}/verify-email?token={link_token}",
        state.config().base_url
    );
    NewMail {
        recipient: email.to_string(),
        subject: "Confirm your email for Lattice".to_string(),
        body: format!(
            "Hello {name},\n\nPlease confirm that this is your email address by opening this link \
             within {VERIFY_HOURS} hours:\n\n{link}\n\nThen sign in with the password you chose.\n\
             If you did not create a Lattice account, ignore this message.\n"
        ),
        created_at: Utc::now(),
    }
}

/// Sends a new verification link to a person whose account waits for one.
async fn send_verification(
    state: &AppState,
    person: &lattice_store::PersonRow,
) -> Result<(), WebError> {
    let link_token = crate::auth::new_token()?;
    let mail = verification_mail(state, &person.name, &person.email, &link_token);
    state
        .store()
        .renew_email_verification(
            person.id,
            &token::hash_token(&link_token),
            Utc::now() + Duration::hours(VERIFY_HOURS),
            &mail,
        )
        .await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn sign_out(
    State(state): State<AppState>,
    user: CurrentUser,
    jar: CookieJar,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state.store().delete_session(&user.session_hash).await?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/")).into_response())
}

pub async fn forgot_page(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&ForgotPage {
        layout: Layout::anonymous("Reset your password", csrf),
    })?;
    Ok((jar, body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    email: String,
}

/// Answers the same whether or not the email has an account, so the form cannot be used to
/// find out who is registered.
pub async fn forgot(
    State(state): State<AppState>,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim().to_lowercase();
    if !email.contains('@') {
        return Err(WebError::BadRequest(
            "email: enter the email you registered with".to_string(),
        ));
    }
    match state.store().person_by_email(&email).await {
        Ok((person, _)) => {
            let reset = crate::auth::new_token()?;
            let now = Utc::now();
            let link = format!("{}/reset-password?token={reset}", state.config().base_url);
            let mail = NewMail {
                recipient: person.email.clone(),
                subject: "Reset your Lattice password".to_string(),
                body: format!(
                    "Hello {},\n\nSomeone (we hope you) asked to reset the password of your Lattice account.\n\
                     Open this link within one hour to choose a new one:\n\n{link}\n\n\
                     If it was not you, ignore this message; your password stays as it is.\n",
                    person.name
                ),
                created_at: now,
            };
            state
                .store()
                .create_password_reset(
                    person.id,
                    &token::hash_token(&reset),
                    now + Duration::hours(1),
                    &mail,
                )
                .await?;
        }
        Err(StoreError::NotFound) => {}
        Err(other) => return Err(other.into()),
    }
    let body = page(&MessagePage {
        layout: Layout::anonymous("Check your email", String::new()),
        heading: "Check your email".to_string(),
        body: "If an account uses that address, we have sent it a link to choose a new password. The link works once, for one hour.".to_string(),
        link: "/sign-in".to_string(),
        link_text: "Back to sign in".to_string(),
    })?;
    Ok(body.into_response())
}

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn reset_page(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&ResetPage {
        layout: Layout::anonymous("Choose a new password", csrf),
        token: query.token,
        error: None,
    })?;
    Ok((jar, body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    token: String,
    password: String,
    confirm: String,
}

pub async fn reset(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, WebError> {
    let token_hash = token::hash_token(&form.token);
    let stale =
        || "token: this link was already used or has expired; ask for a new one".to_string();
    // Whose link it is comes first: the new password is checked against their name and email.
    let person = match state
        .store()
        .password_reset_person(&token_hash, Utc::now())
        .await
    {
        Ok(person) => Some(person),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let problem = match &person {
        None => Some(stale()),
        Some(person) => {
            if let Err(WebError::BadRequest(message)) =
                check_new_password(&form.password, &person.name, &person.email)
            {
                Some(message)
            } else if form.password != form.confirm {
                Some("confirm: the two passwords differ".to_string())
            } else {
                None
            }
        }
    };
    let problem = match (problem, person) {
        (Some(problem), _) => Some(problem),
        (None, None) => Some(stale()),
        (None, Some(person)) => {
            let hash = hash_password(form.password.clone()).await?;
            match state
                .store()
                .reset_password(&token_hash, &hash, Utc::now())
                .await
            {
                Ok(_) => {
                    // The owner proved it: whatever someone else's guessing built up is gone.
                    state
                        .store()
                        .clear_login_failures(&format!("email:{}", person.email.to_lowercase()))
                        .await?;
                    None
                }
                Err(StoreError::NotFound) => Some(stale()),
                Err(other) => return Err(other.into()),
            }
        }
    };
    if let Some(error) = problem {
        let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
        let body = page(&ResetPage {
            layout: Layout::anonymous("Choose a new password", csrf),
            token: form.token,
            error: Some(error),
        })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, body).into_response());
    }
    let body = page(&MessagePage {
        layout: Layout::anonymous("Password changed", String::new()),
        heading: "Your password is changed".to_string(),
        body: "Every earlier session was signed out. Sign in with the new password.".to_string(),
        link: "/sign-in".to_string(),
        link_text: "Sign in".to_string(),
    })?;
    Ok(body.into_response())
}

pub async fn sign_up_page(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&SignUpPage {
        layout: Layout::anonymous("Create your account", csrf),
        name: String::new(),
        email: String::new(),
        errors: Vec::new(),
    })?;
    Ok((jar, body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct SignUpForm {
    name: String,
    email: String,
    password: String,
    confirm: String,
}

/// Creates an applicant account that waits for its email to be confirmed. The answer is the
/// same whether or not the address already has an account, so the form cannot be used to
/// find out who is registered: a new address gets a confirmation link, an existing one a
/// note to its owner. Both paths hash the password, so they take the same time.
pub async fn sign_up(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SignUpForm>,
) -> Result<Response, WebError> {
    let name = form.name.trim();
    let email = form.email.trim().to_lowercase();
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > 200 {
        errors
            .push("name: give your full name as it should appear on your certificate".to_string());
    }
    if !email.contains('@') || email.contains(char::is_whitespace) || email.len() > 254 {
        errors.push("email: give an email address you read".to_string());
    }
    if let Err(WebError::BadRequest(message)) = check_new_password(&form.password, name, &email) {
        errors.push(message);
    } else if form.password != form.confirm {
        errors.push("confirm: the two passwords differ".to_string());
    }
    if !errors.is_empty() {
        let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
        let body = page(&SignUpPage {
            layout: Layout::anonymous("Create your account", csrf),
            name: form.name,
            email: form.email,
            errors,
        })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, body).into_response());
    }
    let hash = hash_password(form.password.clone()).await?;
    let link_token = crate::auth::new_token()?;
    let mail = verification_mail(&state, name, &email, &link_token);
    match state
        .store()
        .create_unverified_person(
            &lattice_store::NewPerson {
                email: email.clone(),
                name: name.to_string(),
                password_hash: Some(hash),
                admin: false,
            },
            &token::hash_token(&link_token),
            Utc::now() + Duration::hours(VERIFY_HOURS),
            &mail,
        )
        .await
    {
        Ok(id) => {
            state
                .store()
                .record_audit(&NewAudit {
                    at: Utc::now(),
                    actor: Some(id),
                    association: None,
                    subject: format!("person:{id}"),
                    action: "sign-up".to_string(),
                    reason: String::new(),
                })
                .await?;
        }
        Err(StoreError::Conflict(_)) => {
            let base = &state.config().base_url;
            state
                .store()
                .enqueue_mail(&NewMail {
                    recipient: email.clone(),
                    subject: "Someone tried to create a Lattice account with your email".to_string(),
                    body: format!(
                        "Hello,\n\nSomeone (we hope you) tried to create a Lattice account with this \
                         email address, which already has one. Nothing was changed.\n\n\
                         To sign in: {base}/sign-in\nIf you forgot your password: {base}/forgot-password\n\n\
                         If it was not you, ignore this message.\n"
                    ),
                    created_at: Utc::now(),
                })
                .await?;
        }
        Err(other) => return Err(other.into()),
    }
    let body = page(&MessagePage {
        layout: Layout::anonymous("Check your email", String::new()),
        heading: "Check your email".to_string(),
        body: format!(
            "We have sent a message to {email}. Open the link in it to confirm your address, then \
             sign in. The link works for {VERIFY_HOURS} hours."
        ),
        link: "/sign-in".to_string(),
        link_text: "Go to sign in".to_string(),
    })?;
    Ok((jar, body).into_response())
}

/// The emailed link: confirms the address once, then the person signs in as usual. It does
/// not sign in by itself, so a mail scanner opening the link starts no session.
pub async fn verify_email(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let (status, heading, body) = match state
        .store()
        .verify_email(&token::hash_token(&query.token), Utc::now())
        .await
    {
        Ok(_) => (
            StatusCode::OK,
            "Your email is confirmed",
            "Thank you. Sign in with your email and password to continue.",
        ),
        Err(StoreError::NotFound) => (
            StatusCode::NOT_FOUND,
            "This link no longer works",
            "It was already used, or it has expired. Sign in with your email and password: if \
             your address still needs confirming, we send a new link.",
        ),
        Err(other) => return Err(other.into()),
    };
    let page = page(&MessagePage {
        layout: Layout::anonymous(heading, String::new()),
        heading: heading.to_string(),
        body: body.to_string(),
        // A new applicant's next step is registering for a category.
        link: "/sign-in?next=/register".to_string(),
        link_text: "Sign in".to_string(),
    })?;
    Ok((status, page).into_response())
}

// ---- the second factor ---------------------------------------------------------------------

/// The cookie of a sign-in whose password was right and which waits for the second factor.
const PENDING_COOKIE: &str = "lattice_pending";
/// How long the second step may take.
const PENDING_MINUTES: i64 = 10;

fn pending_cookie(state: &AppState, value: String) -> Cookie<'static> {
    let mut cookie = Cookie::new(PENDING_COOKIE, value);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(state.config().secure_cookies);
    cookie.set_path("/");
    cookie
}

async fn has_second_factor(state: &AppState, person: PersonId) -> Result<bool, WebError> {
    match state.store().second_factor(person).await {
        Ok(factor) => Ok(factor.confirmed_at.is_some()),
        Err(StoreError::NotFound) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// The person of the pending sign-in in the cookie, and the cookie's hash.
async fn pending_person(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<(String, PersonRow)>, WebError> {
    let Some(cookie) = jar.get(PENDING_COOKIE) else {
        return Ok(None);
    };
    let hash = token::hash_token(cookie.value());
    match state.store().pending_sign_in(&hash, Utc::now()).await {
        Ok(id) => Ok(Some((hash, state.store().person(id).await?))),
        Err(StoreError::NotFound) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// Ends the pending step and starts the real session.
async fn finish_sign_in(
    state: &AppState,
    jar: CookieJar,
    pending_hash: &str,
    person: &PersonRow,
    how: &str,
) -> Result<CookieJar, WebError> {
    let store = state.store();
    store.delete_pending_sign_in(pending_hash).await?;
    store
        .clear_login_failures(&format!("email:{}", person.email.to_lowercase()))
        .await?;
    store
        .record_audit(&NewAudit {
            at: Utc::now(),
            actor: Some(person.id),
            association: None,
            subject: format!("person:{}", person.id),
            action: "sign-in".to_string(),
            reason: how.to_string(),
        })
        .await?;
    let jar = jar.remove(Cookie::build(PENDING_COOKIE).path("/"));
    start_session(state, jar, person).await
}

fn now_seconds() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or_default()
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

fn code_page(
    state: &AppState,
    jar: CookieJar,
    status: StatusCode,
    next: String,
    error: Option<String>,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&SignInCodePage {
        layout: Layout::anonymous("Enter your sign-in code", csrf),
        next,
        error,
    })?;
    Ok((status, jar, body).into_response())
}

pub async fn code_page_get(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    if pending_person(&state, &jar).await?.is_none() {
        return Ok(Redirect::to("/sign-in").into_response());
    }
    code_page(&state, jar, StatusCode::OK, query.next, None)
}

/// The second step: a TOTP code (its step spent, so it works once) or a recovery code (spent).
/// Wrong codes count as sign-in failures of the account and client, so the six digits cannot
/// be guessed through either.
pub async fn code(
    State(state): State<AppState>,
    client: ClientAddr,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let Some((pending, person)) = pending_person(&state, &jar).await? else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    let store = state.store();
    let account_key = format!("email:{}", person.email.to_lowercase());
    let client_key = client.limit_key();
    let now = Utc::now();
    let wait = wait_for(&state, &account_key, FREE_ACCOUNT_FAILURES, now)
        .await?
        .max(wait_for(&state, &client_key, FREE_CLIENT_FAILURES, now).await?);
    if wait > 0 {
        let words = wait_words(wait);
        return code_page(
            &state,
            jar,
            StatusCode::TOO_MANY_REQUESTS,
            form.next,
            Some(format!(
                "Too many wrong codes were tried. Please try again in {words}."
            )),
        );
    }
    let factor = match store.second_factor(person.id).await {
        Ok(factor) if factor.confirmed_at.is_some() => factor,
        Ok(_) | Err(StoreError::NotFound) => {
            return Ok(Redirect::to("/sign-in/enrol").into_response());
        }
        Err(other) => return Err(other.into()),
    };
    let secret = crate::second_factor::unseal(&state, person.id, &factor.sealed_secret).await?;
    let totp = crate::second_factor::totp(&secret)?;
    let typed = form.code.trim();
    let outcome: Result<&str, String> =
        match crate::second_factor::matching_step(&totp, typed, now_seconds()) {
            Some(step) => match store
                .use_totp_step(person.id, i64::try_from(step).unwrap_or(i64::MAX))
                .await
            {
                Ok(()) => Ok("authenticator code"),
                Err(StoreError::Conflict(_)) => Err(
                    "code: that code was already used. Wait for the next one in your app, then enter it."
                        .to_string(),
                ),
                Err(other) => return Err(other.into()),
            },
            None if typed.chars().filter(char::is_ascii_alphanumeric).count()
                == crate::second_factor::RECOVERY_CODE_LETTERS =>
            {
                match store
                    .use_recovery_code(
                        person.id,
                        &crate::second_factor::recovery_code_hash(typed),
                        now,
                    )
                    .await
                {
                    Ok(()) => Ok("recovery code"),
                    Err(StoreError::NotFound) => Err(
                        "code: that recovery code is not right, or it was already used."
                            .to_string(),
                    ),
                    Err(other) => return Err(other.into()),
                }
            }
            None => Err(
                "code: that code is not right. Enter the 6 digits your app shows now, or one of your recovery codes."
                    .to_string(),
            ),
        };
    match outcome {
        Ok(how) => {
            let target = safe_next(&form.next).to_string();
            let jar = finish_sign_in(&state, jar, &pending, &person, how).await?;
            Ok((jar, Redirect::to(&target)).into_response())
        }
        Err(error) => {
            store.record_login_failure(&account_key, now).await?;
            store.record_login_failure(&client_key, now).await?;
            code_page(
                &state,
                jar,
                StatusCode::UNAUTHORIZED,
                form.next,
                Some(error),
            )
        }
    }
}

/// Who is setting up the second factor: a signed-in person turning it on, or someone
/// between password and second factor (staff who have none yet).
enum Enroller {
    SignedIn(CurrentUser),
    Pending(String, PersonRow),
}

impl Enroller {
    fn person(&self) -> &PersonRow {
        match self {
            Enroller::SignedIn(user) => &user.person,
            Enroller::Pending(_, person) => person,
        }
    }
}

async fn enroller(
    state: &AppState,
    user: MaybeUser,
    jar: &CookieJar,
) -> Result<Option<Enroller>, WebError> {
    if let Some(user) = user.0 {
        return Ok(Some(Enroller::SignedIn(user)));
    }
    Ok(pending_person(state, jar)
        .await?
        .map(|(hash, person)| Enroller::Pending(hash, person)))
}

/// The enrolment form, with the person's unconfirmed secret (made now if there is none yet,
/// and kept across reloads so a code already scanned keeps working).
async fn enrol_form(
    state: &AppState,
    jar: CookieJar,
    who: &Enroller,
    status: StatusCode,
    next: String,
    error: Option<String>,
) -> Result<Response, WebError> {
    let person = who.person();
    let store = state.store();
    let secret = match store.second_factor(person.id).await {
        Ok(factor) => crate::second_factor::unseal(state, person.id, &factor.sealed_secret).await?,
        Err(StoreError::NotFound) => {
            let secret = crate::second_factor::new_secret()?;
            let sealed = crate::second_factor::seal(state, person.id, &secret).await?;
            store.begin_second_factor(person.id, &sealed).await?;
            secret
        }
        Err(other) => return Err(other.into()),
    };
    let totp = crate::second_factor::totp(&secret)?;
    let qr_svg =
        crate::second_factor::qr_svg(&crate::second_factor::otpauth_url(&totp, &person.email))?;
    let (jar, layout) = match who {
        Enroller::SignedIn(user) => (jar, Layout::new("Set up two-step sign-in", Some(user))),
        Enroller::Pending(..) => {
            let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
            (jar, Layout::anonymous("Set up two-step sign-in", csrf))
        }
    };
    let required = person.admin || !store.staff_roles(person.id).await?.is_empty();
    let body = page(&EnrolPage {
        layout,
        next,
        required,
        qr_svg,
        secret: crate::second_factor::secret_text(&totp),
        error,
    })?;
    Ok((status, jar, body).into_response())
}

pub async fn enrol_page(
    State(state): State<AppState>,
    user: MaybeUser,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    let Some(who) = enroller(&state, user, &jar).await? else {
        return Ok(Redirect::to("/sign-in?next=/sign-in/enrol").into_response());
    };
    if has_second_factor(&state, who.person().id).await? {
        return Ok(match who {
            Enroller::SignedIn(user) => page(&MessagePage {
                layout: Layout::new("Two-step sign-in", Some(&user)),
                heading: "Two-step sign-in is on".to_string(),
                body: "Signing in to your account needs a code from your authenticator app, or one of your recovery codes.".to_string(),
                link: "/dashboard".to_string(),
                link_text: "Back to your dashboard".to_string(),
            })?
            .into_response(),
            Enroller::Pending(..) => Redirect::to("/sign-in/code").into_response(),
        });
    }
    enrol_form(&state, jar, &who, StatusCode::OK, query.next, None).await
}

/// Confirms enrolment with a first good code; shows the recovery codes once. Between
/// password and second factor, this completes the sign-in.
pub async fn enrol(
    State(state): State<AppState>,
    user: MaybeUser,
    client: ClientAddr,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let Some(who) = enroller(&state, user, &jar).await? else {
        return Ok(Redirect::to("/sign-in?next=/sign-in/enrol").into_response());
    };
    let person = who.person().clone();
    let store = state.store();
    let factor = match store.second_factor(person.id).await {
        Ok(factor) if factor.confirmed_at.is_none() => factor,
        Ok(_) | Err(StoreError::NotFound) => {
            return Ok(Redirect::to("/sign-in/enrol").into_response());
        }
        Err(other) => return Err(other.into()),
    };
    let secret = crate::second_factor::unseal(&state, person.id, &factor.sealed_secret).await?;
    let totp = crate::second_factor::totp(&secret)?;
    let now = Utc::now();
    let Some(step) = crate::second_factor::matching_step(&totp, &form.code, now_seconds()) else {
        store
            .record_login_failure(&format!("email:{}", person.email.to_lowercase()), now)
            .await?;
        store.record_login_failure(&client.limit_key(), now).await?;
        return enrol_form(
            &state,
            jar,
            &who,
            StatusCode::UNPROCESSABLE_ENTITY,
            form.next,
            Some(
                "code: that code is not right. Enter the 6 digits the app shows now; if it \
                 keeps failing, check that your phone's clock is set automatically."
                    .to_string(),
            ),
        )
        .await;
    };
    let codes = crate::second_factor::new_recovery_codes()?;
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| crate::second_factor::recovery_code_hash(c))
        .collect();
    store
        .confirm_second_factor(
            person.id,
            i64::try_from(step).unwrap_or(i64::MAX),
            &hashes,
            now,
        )
        .await?;
    let next = safe_next(&form.next).to_string();
    let jar = match &who {
        Enroller::Pending(hash, person) => {
            finish_sign_in(&state, jar, hash, person, "enrolled a second factor").await?
        }
        Enroller::SignedIn(_) => jar,
    };
    let body = page(&RecoveryCodesPage {
        layout: Layout::anonymous("Two-step sign-in is on", String::new()),
        codes,
        next,
    })?;
    Ok((jar, body).into_response())
}
