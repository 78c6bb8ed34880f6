//! Signing in (with its limits) and out, sign-up with a confirmed email, and password reset by
//! emailed link. The second step of signing in is in `second_factor`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use chrono::{DateTime, Duration, Utc};
use lattice_store::{NewAudit, NewMail, PersonRow, StoreError, token};
use serde::Deserialize;

use super::page;
use crate::auth::{
    ClientAddr, CsrfForm, CurrentUser, MaybeUser, RequestLanguage, SESSION_COOKIE, anonymous_csrf,
    hash_password, start_session, verify_password,
};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::second_factor;
use crate::state::AppState;
use crate::views::{ForgotPage, Layout, MessagePage, ResetPage, SignInPage, SignUpPage};
use lattice_domain::documents::{AccountMail, account_mail};
use lattice_domain::language::Language;

/// Sign-in failures are counted over this window, in the database so every node sees them.
const FAILURE_WINDOW_MINUTES: i64 = 15;
/// Wrong passwords for one account before each further try must wait. Small: an attacker
/// guessing one account's password gets a handful of tries, then fewer and fewer.
pub(super) const FREE_ACCOUNT_FAILURES: i64 = 5;
/// Wrong passwords from one client (any accounts) before it must wait: enough for a shared
/// office where a few people mistype, too few for trying one password on many accounts.
pub(super) const FREE_CLIENT_FAILURES: i64 = 10;
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
pub(super) async fn wait_for(
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

/// A page's whole message for a wait, in its language: one sentence per unit, so each
/// language words and pluralises it whole. `page` names the messages (`sign-in` for wrong
/// passwords, `two-step` for wrong codes): `{page}-wait-seconds` and `{page}-wait-minutes`.
pub(super) fn wait_message(tr: &Tr, page: &str, seconds: i64) -> String {
    if seconds < 120 {
        tr.t1(&format!("{page}-wait-seconds"), "seconds", seconds)
    } else {
        tr.t1(
            &format!("{page}-wait-minutes"),
            "minutes",
            (seconds + 59) / 60,
        )
    }
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    pub(super) next: String,
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    RequestLanguage(language): RequestLanguage,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    // Already signed in (a bookmark, the back button): on to where the form would lead, not
    // a form whose anonymous token the session would refuse.
    if user.is_some() {
        return Ok(Redirect::to(safe_next(&query.next)).into_response());
    }
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let tr = state.tr(language);
    let body = page(&SignInPage {
        layout: Layout::anonymous(tr.t("sign-in-title"), csrf).in_language(tr),
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
    tr: Tr,
    jar: CookieJar,
    status: StatusCode,
    form: SignInForm,
    error: String,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&SignInPage {
        layout: Layout::anonymous(tr.t("sign-in-title"), csrf).in_language(tr),
        email: form.email,
        next: form.next,
        error: Some(error),
    })?;
    Ok((status, jar, body).into_response())
}

pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    RequestLanguage(language): RequestLanguage,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response, WebError> {
    let tr = state.tr(language);
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
        crate::security_log::sign_in_throttled(&email, &client_key, wait);
        let words = wait_message(&tr, "sign-in", wait);
        return sign_in_again(&state, tr, jar, StatusCode::TOO_MANY_REQUESTS, form, words);
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
        crate::security_log::sign_in_failed(&email, &client_key);
        store.record_login_failure(&account_key, now).await?;
        store.record_login_failure(&client_key, now).await?;
        return sign_in_again(
            &state,
            tr,
            jar,
            StatusCode::UNAUTHORIZED,
            form,
            tr.t("sign-in-no-match"),
        );
    };
    // The client's count is kept: signing in to one's own account must not buy more guesses
    // at others'.
    store.clear_login_failures(&account_key).await?;
    if store.email_unverified(person.id).await? {
        send_verification(&state, &person).await?;
        return sign_in_again(
            &state,
            tr,
            jar,
            StatusCode::FORBIDDEN,
            form,
            tr.t1("sign-in-confirm-email", "email", &person.email),
        );
    }
    // Decided before the session starts, so nothing after it can fail on a bad `next`.
    let target = safe_next(&form.next).to_string();
    // Staff (and anyone who turned it on) show a second factor before any page opens; staff
    // without one set it up first.
    let staff = person.admin || !store.staff_roles(person.id).await?.is_empty();
    let enrolled = second_factor::has_second_factor(&state, person.id).await?;
    if staff || enrolled {
        let pending = crate::auth::new_token()?;
        store
            .create_pending_sign_in(
                &token::hash_token(&pending),
                person.id,
                now,
                now + Duration::minutes(second_factor::PENDING_MINUTES),
            )
            .await?;
        let jar = jar.add(second_factor::pending_cookie(&state, pending));
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

/// The mail with the link that confirms the address, in `language`: the sign-up page's, or
/// the account's when a link is sent again.
fn verification_mail(
    state: &AppState,
    language: Language,
    (name, email): (&str, &str),
    link_token: &str,
) -> NewMail {
    let link = format!(
        "{}/verify-email?token={link_token}",
        state.config().base_url
    );
    let (subject, body) = account_mail(
        language,
        &AccountMail::ConfirmEmail {
            name,
            link: &link,
            hours: VERIFY_HOURS,
        },
    );
    NewMail {
        recipient: email.to_string(),
        subject,
        body,
        created_at: Utc::now(),
    }
}

/// Sends a new verification link to a person whose account waits for one.
async fn send_verification(state: &AppState, person: &PersonRow) -> Result<(), WebError> {
    let link_token = crate::auth::new_token()?;
    let mail = verification_mail(
        state,
        person.language.unwrap_or_default(),
        (&person.name, &person.email),
        &link_token,
    );
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
    RequestLanguage(language): RequestLanguage,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let tr = state.tr(language);
    let body = page(&ForgotPage {
        layout: Layout::anonymous(tr.t("forgot-title"), csrf).in_language(tr),
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
    RequestLanguage(language): RequestLanguage,
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
            // The account's language when it has one, else the page's.
            let (subject, body) = account_mail(
                person.language.unwrap_or(language),
                &AccountMail::ResetPassword {
                    name: &person.name,
                    link: &link,
                },
            );
            let mail = NewMail {
                recipient: person.email.clone(),
                subject,
                body,
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
    let tr = state.tr(language);
    let body = page(&MessagePage {
        layout: Layout::anonymous(tr.t("forgot-check-title"), String::new()).in_language(tr),
        heading: tr.t("forgot-check-title"),
        body: tr.t("forgot-check-body"),
        link: "/sign-in".to_string(),
        link_text: tr.t("forgot-back"),
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
    RequestLanguage(language): RequestLanguage,
    jar: CookieJar,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    // A live link speaks its owner's language when their account has one (an imported
    // applicant's invitation came in it), as their pages will once they sign in.
    let owner = match state
        .store()
        .password_reset_person(&token::hash_token(&query.token), Utc::now())
        .await
    {
        Ok(person) => person.language,
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let tr = state.tr(owner.unwrap_or(language));
    let body = page(&ResetPage {
        layout: Layout::anonymous(tr.t("reset-title"), csrf).in_language(tr),
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
    RequestLanguage(language): RequestLanguage,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, WebError> {
    let token_hash = token::hash_token(&form.token);
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
    // The same language as the form the link opened (`reset_page`), mistakes included.
    let tr = state.tr(person.as_ref().and_then(|p| p.language).unwrap_or(language));
    let stale = || format!("token: {}", tr.t("reset-stale"));
    let problem = match &person {
        None => Some(stale()),
        Some(person) => {
            if let Err(problem) =
                crate::auth::password_problem(&form.password, &person.name, &person.email)
            {
                Some(problem.message(tr))
            } else if form.password != form.confirm {
                Some(format!("confirm: {}", tr.t("sign-up-error-confirm")))
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
            layout: Layout::anonymous(tr.t("reset-title"), csrf).in_language(tr),
            token: form.token,
            error: Some(error),
        })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, body).into_response());
    }
    let body = page(&MessagePage {
        layout: Layout::anonymous(tr.t("reset-done-title"), String::new()).in_language(tr),
        heading: tr.t("reset-done-heading"),
        body: tr.t("reset-done-body"),
        link: "/sign-in".to_string(),
        link_text: tr.t("reset-sign-in"),
    })?;
    Ok(body.into_response())
}

pub async fn sign_up_page(
    State(state): State<AppState>,
    RequestLanguage(language): RequestLanguage,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let tr = state.tr(language);
    let body = page(&SignUpPage {
        layout: Layout::anonymous(tr.t("sign-up-title"), csrf).in_language(tr),
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
    RequestLanguage(language): RequestLanguage,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<SignUpForm>,
) -> Result<Response, WebError> {
    let tr = state.tr(language);
    let name = form.name.trim();
    let email = form.email.trim().to_lowercase();
    // Each mistake is `field: message`, the message in the reader's language.
    let mut errors = Vec::new();
    if !crate::input::clean_name(name) {
        errors.push(format!("name: {}", tr.t("sign-up-error-name")));
    }
    if !crate::input::deliverable_email(&email) {
        errors.push(format!("email: {}", tr.t("sign-up-error-email")));
    }
    if let Err(problem) = crate::auth::password_problem(&form.password, name, &email) {
        errors.push(problem.message(tr));
    } else if form.password != form.confirm {
        errors.push(format!("confirm: {}", tr.t("sign-up-error-confirm")));
    }
    if !errors.is_empty() {
        let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
        let body = page(&SignUpPage {
            layout: Layout::anonymous(tr.t("sign-up-title"), csrf).in_language(tr),
            name: form.name,
            email: form.email,
            errors,
        })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, body).into_response());
    }
    let hash = hash_password(form.password.clone()).await?;
    let link_token = crate::auth::new_token()?;
    let mail = verification_mail(&state, language, (name, &email), &link_token);
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
            // The language the account was made in is the account's, until changed.
            state
                .store()
                .set_person_language(id, Some(language))
                .await?;
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
            let (subject, body) = account_mail(
                language,
                &AccountMail::AddressTaken {
                    sign_in: &format!("{base}/sign-in"),
                    forgot: &format!("{base}/forgot-password"),
                },
            );
            state
                .store()
                .enqueue_mail(&NewMail {
                    recipient: email.clone(),
                    subject,
                    body,
                    created_at: Utc::now(),
                })
                .await?;
        }
        Err(other) => return Err(other.into()),
    }
    let body = page(&MessagePage {
        layout: Layout::anonymous(tr.t("sign-up-check-title"), String::new()).in_language(tr),
        heading: tr.t("sign-up-check-title"),
        body: tr.t2("sign-up-check-body", "email", &email, "hours", VERIFY_HOURS),
        link: "/sign-in".to_string(),
        link_text: tr.t("sign-up-go-sign-in"),
    })?;
    Ok((jar, body).into_response())
}

/// The emailed link: confirms the address once, then the person signs in as usual. It does
/// not sign in by itself, so a mail scanner opening the link starts no session.
pub async fn verify_email(
    State(state): State<AppState>,
    RequestLanguage(language): RequestLanguage,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let tr = state.tr(language);
    let (status, heading, body) = match state
        .store()
        .verify_email(&token::hash_token(&query.token), Utc::now())
        .await
    {
        Ok(_) => (
            StatusCode::OK,
            tr.t("verify-done-heading"),
            tr.t("verify-done-body"),
        ),
        Err(StoreError::NotFound) => (
            StatusCode::NOT_FOUND,
            tr.t("verify-stale-heading"),
            tr.t("verify-stale-body"),
        ),
        Err(other) => return Err(other.into()),
    };
    let page = page(&MessagePage {
        layout: Layout::anonymous(heading.clone(), String::new()).in_language(tr),
        heading,
        body,
        // A new applicant's next step is registering for a category.
        link: "/sign-in?next=/register".to_string(),
        link_text: tr.t("reset-sign-in"),
    })?;
    Ok((status, page).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Language};

    /// Under two minutes the wait is said in seconds, from two minutes in whole minutes rounded
    /// up; one second is singular. Both pages, both languages.
    #[test]
    fn a_wait_is_said_in_seconds_then_in_minutes() {
        let en = Tr::new(I18n::embedded(), Language::English);
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        for (tr, page, seconds, said) in [
            (
                en,
                "sign-in",
                1,
                "Too many wrong passwords were tried. Please try again in 1 second, or reset your password.",
            ),
            (
                en,
                "sign-in",
                119,
                "Too many wrong passwords were tried. Please try again in 119 seconds, or reset your password.",
            ),
            (
                en,
                "sign-in",
                120,
                "Too many wrong passwords were tried. Please try again in 2 minutes, or reset your password.",
            ),
            (
                en,
                "two-step",
                1,
                "Too many wrong codes were tried. Please try again in 1 second.",
            ),
            (
                en,
                "two-step",
                119,
                "Too many wrong codes were tried. Please try again in 119 seconds.",
            ),
            (
                en,
                "two-step",
                120,
                "Too many wrong codes were tried. Please try again in 2 minutes.",
            ),
            (
                en,
                "two-step",
                121,
                "Too many wrong codes were tried. Please try again in 3 minutes.",
            ),
            (
                es,
                "two-step",
                1,
                "Se intentaron demasiados códigos incorrectos. Vuelva a intentarlo dentro de 1 segundo.",
            ),
            (
                es,
                "two-step",
                119,
                "Se intentaron demasiados códigos incorrectos. Vuelva a intentarlo dentro de 119 segundos.",
            ),
            (
                es,
                "two-step",
                120,
                "Se intentaron demasiados códigos incorrectos. Vuelva a intentarlo dentro de 2 minutos.",
            ),
            (
                es,
                "sign-in",
                121,
                "Se intentaron demasiadas contraseñas incorrectas. Vuelva a intentarlo dentro de 3 minutos o restablezca su contraseña.",
            ),
        ] {
            assert_eq!(wait_message(&tr, page, seconds), said, "{page} {seconds}");
        }
    }
}
