//! The second step of signing in: a TOTP code or a recovery code after the password, and
//! setting up the second factor (staff between password and code, or anyone signed in).
//! Codes and secrets are made and sealed by [`crate::second_factor`].

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use chrono::Utc;
use lattice_store::{NewAudit, PersonRow, StoreError, token};
use serde::Deserialize;

use super::auth::{
    FREE_ACCOUNT_FAILURES, FREE_CLIENT_FAILURES, NextQuery, safe_next, wait_for, wait_message,
};
use super::page;
use crate::auth::{
    ClientAddr, CsrfForm, CurrentUser, MaybeUser, RequestLanguage, anonymous_csrf, start_session,
};
use crate::error::WebError;
use crate::i18n::{Language, Tr};
use crate::second_factor::PENDING_COOKIE;
use crate::second_factor::has_second_factor;
use crate::state::AppState;
use crate::views::{EnrolPage, Layout, RecoveryCodesPage, SignInCodePage, TwoStepPage};

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

/// The language of the pages between password and second factor: the account's, else the
/// browser's.
fn pending_tr(state: &AppState, person: &PersonRow, browser: Language) -> Tr {
    state.tr(person.language.unwrap_or(browser))
}

fn code_page(
    state: &AppState,
    tr: Tr,
    jar: CookieJar,
    status: StatusCode,
    next: String,
    error: Option<String>,
) -> Result<Response, WebError> {
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&SignInCodePage {
        layout: Layout::anonymous(tr.t("two-step-code-title"), csrf).in_language(tr),
        next,
        error,
    })?;
    Ok((status, jar, body).into_response())
}

pub async fn code_page_get(
    State(state): State<AppState>,
    RequestLanguage(language): RequestLanguage,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    let Some((_, person)) = pending_person(&state, &jar).await? else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    let tr = pending_tr(&state, &person, language);
    code_page(&state, tr, jar, StatusCode::OK, query.next, None)
}

/// The second step: a TOTP code (its step spent, so it works once) or a recovery code (spent).
/// Wrong codes count as sign-in failures of the account and client, so the six digits cannot
/// be guessed through either.
pub async fn code(
    State(state): State<AppState>,
    RequestLanguage(language): RequestLanguage,
    client: ClientAddr,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let Some((pending, person)) = pending_person(&state, &jar).await? else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    let tr = pending_tr(&state, &person, language);
    let store = state.store();
    let account_key = format!("email:{}", person.email.to_lowercase());
    let client_key = client.limit_key();
    let now = Utc::now();
    let wait = wait_for(&state, &account_key, FREE_ACCOUNT_FAILURES, now)
        .await?
        .max(wait_for(&state, &client_key, FREE_CLIENT_FAILURES, now).await?);
    if wait > 0 {
        crate::security_log::sign_in_throttled(&person.email, &client_key, wait);
        return code_page(
            &state,
            tr,
            jar,
            StatusCode::TOO_MANY_REQUESTS,
            form.next,
            Some(wait_message(&tr, "two-step", wait)),
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
                Err(StoreError::Conflict(_)) => {
                    Err(format!("code: {}", tr.t("two-step-code-used")))
                }
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
                    Err(StoreError::NotFound) => {
                        Err(format!("code: {}", tr.t("two-step-recovery-wrong")))
                    }
                    Err(other) => return Err(other.into()),
                }
            }
            None => Err(format!("code: {}", tr.t("two-step-code-wrong"))),
        };
    match outcome {
        Ok(how) => {
            let target = safe_next(&form.next).to_string();
            let jar = finish_sign_in(&state, jar, &pending, &person, how).await?;
            Ok((jar, Redirect::to(&target)).into_response())
        }
        Err(error) => {
            crate::security_log::second_factor_failed(person.id, &client_key);
            store.record_login_failure(&account_key, now).await?;
            store.record_login_failure(&client_key, now).await?;
            code_page(
                &state,
                tr,
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

    /// The enrolment's pages speak the signed-in reader's language, or the pending account's
    /// (else the browser's).
    fn tr(&self, state: &AppState, browser: Language) -> Tr {
        match self {
            Enroller::SignedIn(user) => state.tr(user.language),
            Enroller::Pending(_, person) => pending_tr(state, person, browser),
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
    tr: Tr,
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
        Enroller::SignedIn(user) => (jar, Layout::new(tr.t("two-step-enrol-title"), Some(user))),
        Enroller::Pending(..) => {
            let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
            (jar, Layout::anonymous(tr.t("two-step-enrol-title"), csrf))
        }
    };
    let layout = layout.in_language(tr);
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
    RequestLanguage(language): RequestLanguage,
    user: MaybeUser,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    let Some(who) = enroller(&state, user, &jar).await? else {
        return Ok(Redirect::to("/sign-in?next=/sign-in/enrol").into_response());
    };
    if has_second_factor(&state, who.person().id).await? {
        return Ok(match who {
            Enroller::SignedIn(user) => two_step_page(&state, &user, StatusCode::OK, None).await?,
            Enroller::Pending(..) => Redirect::to("/sign-in/code").into_response(),
        });
    }
    let tr = who.tr(&state, language);
    enrol_form(&state, tr, jar, &who, StatusCode::OK, query.next, None).await
}

/// Confirms enrolment with a first good code; shows the recovery codes once. Between
/// password and second factor, this completes the sign-in.
pub async fn enrol(
    State(state): State<AppState>,
    RequestLanguage(language): RequestLanguage,
    user: MaybeUser,
    client: ClientAddr,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let Some(who) = enroller(&state, user, &jar).await? else {
        return Ok(Redirect::to("/sign-in?next=/sign-in/enrol").into_response());
    };
    let person = who.person().clone();
    let tr = who.tr(&state, language);
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
            tr,
            jar,
            &who,
            StatusCode::UNPROCESSABLE_ENTITY,
            form.next,
            Some(format!("code: {}", tr.t("two-step-code-wrong-clock"))),
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
    // The codes are shown only now: the page offers no language switch, which would load
    // another page in its place.
    let layout = match &who {
        Enroller::SignedIn(user) => Layout::new(tr.t("two-step-on-title"), Some(user)),
        Enroller::Pending(..) => Layout::anonymous(tr.t("two-step-on-title"), String::new()),
    };
    let body = page(&RecoveryCodesPage {
        layout: layout.fixed_language(tr),
        codes,
        next,
    })?;
    Ok((jar, body).into_response())
}

/// The page of a signed-in person whose two-step sign-in is on.
async fn two_step_page(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, WebError> {
    let codes_left = state.store().recovery_codes_left(user.person.id).await?;
    let tr = state.tr(user.language);
    let body = page(&TwoStepPage {
        layout: Layout::new(tr.t("two-step-title"), Some(user)).in_language(tr),
        codes_left,
        error,
    })?;
    Ok((status, body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct NewCodesForm {
    #[serde(default)]
    code: String,
}

/// A new set of recovery codes, shown once; the old set stops working. It takes a fresh code
/// from the app (used once, as at sign-in), not a recovery code: whoever holds the session
/// alone, or a leaked recovery code, must not be able to mint codes that outlive it.
pub async fn new_recovery_codes(
    State(state): State<AppState>,
    user: CurrentUser,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<NewCodesForm>,
) -> Result<Response, WebError> {
    let store = state.store();
    let person = &user.person;
    let tr = state.tr(user.language);
    let account_key = format!("email:{}", person.email.to_lowercase());
    let client_key = client.limit_key();
    let now = Utc::now();
    let wait = wait_for(&state, &account_key, FREE_ACCOUNT_FAILURES, now)
        .await?
        .max(wait_for(&state, &client_key, FREE_CLIENT_FAILURES, now).await?);
    if wait > 0 {
        return two_step_page(
            &state,
            &user,
            StatusCode::TOO_MANY_REQUESTS,
            Some(format!("code: {}", wait_message(&tr, "two-step", wait))),
        )
        .await;
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
    let refusal = match crate::second_factor::matching_step(&totp, form.code.trim(), now_seconds())
    {
        Some(step) => match store
            .use_totp_step(person.id, i64::try_from(step).unwrap_or(i64::MAX))
            .await
        {
            Ok(()) => None,
            Err(StoreError::Conflict(_)) => Some("two-step-code-used"),
            Err(other) => return Err(other.into()),
        },
        None => Some("two-step-code-wrong-app"),
    };
    if let Some(refusal) = refusal {
        crate::security_log::second_factor_failed(person.id, &client_key);
        store.record_login_failure(&account_key, now).await?;
        store.record_login_failure(&client_key, now).await?;
        return two_step_page(
            &state,
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(format!("code: {}", tr.t(refusal))),
        )
        .await;
    }
    let codes = crate::second_factor::new_recovery_codes()?;
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| crate::second_factor::recovery_code_hash(c))
        .collect();
    store.replace_recovery_codes(person.id, &hashes).await?;
    store
        .record_audit(&NewAudit {
            at: now,
            actor: Some(person.id),
            association: None,
            subject: format!("person:{}", person.id),
            action: "recovery-codes-replaced".to_string(),
            reason: format!(
                "{} new recovery codes; the earlier ones no longer work",
                codes.len()
            ),
        })
        .await?;
    let body = page(&RecoveryCodesPage {
        layout: Layout::new(tr.t("two-step-codes-title"), Some(&user)).fixed_language(tr),
        codes,
        next: "/dashboard".to_string(),
    })?;
    Ok(body.into_response())
}
