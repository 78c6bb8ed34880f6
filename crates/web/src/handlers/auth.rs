//! Signing in and out, and password reset by emailed link.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use chrono::{Duration, Utc};
use lattice_store::{NewAudit, NewMail, StoreError, token};
use serde::Deserialize;

use super::page;
use crate::auth::{
    CsrfForm, CurrentUser, MaybeUser, SESSION_COOKIE, anonymous_csrf, check_new_password,
    hash_password, start_session, verify_password,
};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{ForgotPage, Layout, MessagePage, ResetPage, SignInPage, SignUpPage};

/// Failed sign-ins allowed per email in [`LOCKOUT_MINUTES`] before we refuse to check more.
const MAX_FAILURES: i64 = 5;
const LOCKOUT_MINUTES: i64 = 15;

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    // Already signed in (a bookmark, the back button): on to where the form would lead, not
    // a form whose anonymous token the session would refuse.
    if user.is_some() {
        return Ok(Redirect::to(safe_next(&query.next)).into_response());
    }
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

/// Only local paths, so a crafted link cannot send people elsewhere after signing in.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/dashboard"
    }
}

pub async fn sign_in(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim().to_lowercase();
    if email.is_empty() {
        return Err(WebError::BadRequest(
            "email: enter the email you registered with".to_string(),
        ));
    }
    let key = format!("email:{email}");
    let now = Utc::now();
    let store = state.store();
    if store
        .login_failures_since(&key, now - Duration::minutes(LOCKOUT_MINUTES))
        .await?
        >= MAX_FAILURES
    {
        return Err(WebError::TooManyRequests(format!(
            "Too many failed sign-ins for this email. Wait {LOCKOUT_MINUTES} minutes, or reset your password."
        )));
    }
    let found = match store.person_by_email(&email).await {
        Ok(found) => Some(found),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let stored_hash = found.as_ref().and_then(|(_, hash)| hash.clone());
    let matches = verify_password(form.password, stored_hash).await?;
    let Some((person, _)) = found.filter(|_| matches) else {
        store.record_login_failure(&key, now).await?;
        let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
        let body = page(&SignInPage {
            layout: Layout::anonymous("Sign in", csrf),
            email: form.email,
            next: form.next,
            error: Some("That email and password do not match an account.".to_string()),
        })?;
        return Ok((StatusCode::UNAUTHORIZED, jar, body).into_response());
    };
    store.clear_login_failures(&key).await?;
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
    Ok((jar, Redirect::to(safe_next(&form.next))).into_response())
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
    client: crate::limits::ClientAddr,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim().to_lowercase();
    if !crate::input::deliverable_email(&email) {
        return Err(WebError::BadRequest(
            "email: enter the email you registered with, like name@example.org".to_string(),
        ));
    }
    crate::limits::reset_link(&state, &email, client).await?;
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
    let problem = if let Err(WebError::BadRequest(message)) = check_new_password(&form.password) {
        Some(message)
    } else if form.password != form.confirm {
        Some("confirm: the two passwords differ".to_string())
    } else {
        None
    };
    let problem = match problem {
        Some(problem) => Some(problem),
        None => {
            let hash = hash_password(form.password.clone()).await?;
            match state
                .store()
                .reset_password(&token::hash_token(&form.token), &hash, Utc::now())
                .await
            {
                Ok(_) => None,
                Err(StoreError::NotFound) => Some(
                    "token: this link was already used or has expired; ask for a new one"
                        .to_string(),
                ),
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

/// Creates an applicant account and signs it in; staff roles are granted separately.
pub async fn sign_up(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SignUpForm>,
) -> Result<Response, WebError> {
    let name = form.name.trim();
    let email = form.email.trim().to_lowercase();
    let mut errors = Vec::new();
    if !crate::input::clean_name(name) {
        errors
            .push("name: give your full name as it should appear on your certificate".to_string());
    }
    if !crate::input::deliverable_email(&email) {
        errors.push("email: give an email address you read".to_string());
    }
    if let Err(WebError::BadRequest(message)) = check_new_password(&form.password) {
        errors.push(message);
    } else if form.password != form.confirm {
        errors.push("confirm: the two passwords differ".to_string());
    }
    let mut created = None;
    if errors.is_empty() {
        let hash = hash_password(form.password.clone()).await?;
        match state
            .store()
            .create_person(&lattice_store::NewPerson {
                email: email.clone(),
                name: name.to_string(),
                password_hash: Some(hash),
                admin: false,
            })
            .await
        {
            Ok(id) => created = Some(id),
            Err(StoreError::Conflict(_)) => errors.push(
                "email: an account with this email exists; sign in, or reset its password"
                    .to_string(),
            ),
            Err(other) => return Err(other.into()),
        }
    }
    let Some(id) = created else {
        let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
        let body = page(&SignUpPage {
            layout: Layout::anonymous("Create your account", csrf),
            name: form.name,
            email: form.email,
            errors,
        })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, body).into_response());
    };
    let person = state.store().person(id).await?;
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
    let jar = start_session(&state, jar, &person).await?;
    Ok((jar, Redirect::to("/register")).into_response())
}
