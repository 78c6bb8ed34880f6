//! Staff accounts, run by the association's coordinators (the Alliance admin for any
//! association): invitations by emailed single-use link, the reviewer profile, suspension and
//! removal, and whether the association asks reviewers endorsed elsewhere. A reviewer's own
//! consent to be asked by other associations is on their own page. Every change is audited.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::{Duration, Utc};
use lattice_domain::category::Track;
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_domain::rights::{Action, Object, StaffRole};
use lattice_store::{NewAudit, NewInvitation, StaffAccountRow, StaffStatus, StoreError, token};
use serde::Deserialize;

use super::{association_id, authorize, page, path_id};
use crate::auth::{
    CsrfForm, CurrentUser, anonymous_csrf, check_new_password, hash_password, new_token,
};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{Layout, MessagePage};

/// How long an invitation link works. Longer than a password reset's hour: volunteers read
/// their mail days later, and the link still works once only.
pub const INVITATION_DAYS: i64 = 7;

/// A checkbox per category a reviewer can hold.
#[derive(Debug, Clone)]
pub struct TrackBox {
    pub key: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

fn track_boxes(held: &[String]) -> Vec<TrackBox> {
    Track::ALL
        .iter()
        .map(|t| TrackBox {
            key: t.key(),
            label: t.tier_label(),
            checked: held.iter().any(|h| h == t.key()),
        })
        .collect()
}

/// One staff role as the page lists it.
#[derive(Debug, Clone)]
pub struct AccountView {
    pub person: i64,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub status: &'static str,
    pub reviewer: bool,
    pub employer: String,
    pub endorsed: String,
    pub boxes: Vec<TrackBox>,
    pub reviews_elsewhere: bool,
    /// The signed-in coordinator's own row: no buttons that would lock them out.
    pub me: bool,
}

/// The invitation form as typed, shown again with its problems.
#[derive(Debug, Clone, Default)]
pub struct InviteDraft {
    pub name: String,
    pub email: String,
    pub role: String,
    pub employer: String,
    pub boxes: Vec<TrackBox>,
}

#[derive(Template)]
#[template(path = "staff_accounts.html")]
pub struct StaffAccountsPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub accounts: Vec<AccountView>,
    pub draft: InviteDraft,
    pub errors: Vec<String>,
    pub notice: Option<String>,
    pub outside_reviewers: bool,
}

fn account_view(row: &StaffAccountRow, me: PersonId) -> AccountView {
    AccountView {
        person: row.person.0,
        name: row.name.clone(),
        email: row.email.clone(),
        role: row.role.key(),
        status: row.status.key(),
        reviewer: row.role == StaffRole::Reviewer,
        employer: row.employer.clone(),
        endorsed: row.endorsed.join(", "),
        boxes: track_boxes(&row.endorsed),
        reviews_elsewhere: row.reviews_elsewhere,
        me: row.person == me,
    }
}

async fn manage(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
) -> Result<AssociationId, WebError> {
    let association = association_id(state.store(), slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    Ok(association)
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    slug: String,
    association: AssociationId,
    draft: InviteDraft,
    errors: Vec<String>,
    notice: Option<String>,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let row = store.association(association).await?;
    let accounts = store
        .staff_accounts(association)
        .await?
        .iter()
        .map(|a| account_view(a, user.person.id))
        .collect();
    let draft = InviteDraft {
        role: if draft.role.is_empty() {
            "reviewer".to_string()
        } else {
            draft.role
        },
        boxes: if draft.boxes.is_empty() {
            track_boxes(&[])
        } else {
            draft.boxes
        },
        ..draft
    };
    page(&StaffAccountsPage {
        layout: Layout::new(format!("Staff accounts: {}", row.name), Some(user)),
        slug,
        name: row.name,
        accounts,
        draft,
        errors,
        notice,
        outside_reviewers: store.outside_reviewers(association).await?,
    })
}

/// The page again with the form as typed and what is wrong with it.
async fn refused(
    state: &AppState,
    user: &CurrentUser,
    slug: String,
    association: AssociationId,
    draft: InviteDraft,
    errors: Vec<String>,
) -> Result<Response, WebError> {
    let body = render(state, user, slug, association, draft, errors, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
}

/// `GET /staff/{slug}/accounts`.
pub async fn accounts_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let association = manage(&state, &user, &slug).await?;
    render(
        &state,
        &user,
        slug,
        association,
        InviteDraft::default(),
        Vec::new(),
        None,
    )
    .await
}

fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.trim())
}

/// The categories ticked (`endorsed:III=on`), in the lattice's order.
fn ticked(form: &[(String, String)]) -> Vec<String> {
    Track::ALL
        .iter()
        .filter(|t| {
            form.iter()
                .any(|(k, _)| k.strip_prefix("endorsed:") == Some(t.key()))
        })
        .map(|t| t.key().to_string())
        .collect()
}

fn check_employer(employer: &str, errors: &mut Vec<String>) {
    if employer.chars().count() > 200 {
        errors.push("employer: at most 200 characters".to_string());
    }
}

/// `POST /staff/{slug}/accounts/invite`: a reviewer or coordinator by email. A bad field
/// shows the form again with what was typed and the problem named.
pub async fn invite(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let association = manage(&state, &user, &slug).await?;
    let store = state.store();
    let name = field(&form, "name");
    let email = field(&form, "email").to_lowercase();
    let role_key = field(&form, "role");
    let employer = field(&form, "employer");
    let endorsed = ticked(&form);
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push("name: give the person's full name (at most 200 characters)".to_string());
    }
    if !email.contains('@') || email.contains(char::is_whitespace) || email.len() > 254 {
        errors.push("email: give the address the invitation should go to".to_string());
    }
    let role = StaffRole::from_key(role_key);
    if role.is_none() {
        errors.push("role: choose reviewer or coordinator".to_string());
    }
    check_employer(employer, &mut errors);
    let draft = InviteDraft {
        name: name.to_string(),
        email: email.clone(),
        role: role_key.to_string(),
        employer: employer.to_string(),
        boxes: track_boxes(&endorsed),
    };
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return refused(&state, &user, slug, association, draft, errors).await;
    };
    let association_row = store.association(association).await?;
    let link_token = new_token()?;
    let now = Utc::now();
    let link = format!(
        "{}/staff-invitation?token={link_token}",
        state.config().base_url
    );
    let what = match role {
        StaffRole::Reviewer => "review Endorsement portfolios",
        StaffRole::Coordinator => "coordinate Endorsement",
    };
    let invited = store
        .invite_staff(&NewInvitation {
            email: email.clone(),
            name: name.to_string(),
            association,
            role,
            token_hash: token::hash_token(&link_token),
            expires_at: now + Duration::days(INVITATION_DAYS),
            by: user.person.id,
            at: now,
            subject: format!("You are invited to {what} for {}", association_row.name),
            body: format!(
                "Hello {name},\n\n{} invites you to {what} for {} on Lattice.\n\
                 Open this link within {INVITATION_DAYS} days to accept (and choose a password if you have none yet):\n\n{link}\n\n\
                 The link works once. If you did not expect this, ignore this message.\n",
                user.person.name, association_row.name
            ),
        })
        .await;
    let person = match invited {
        Ok(person) => person,
        Err(StoreError::Conflict(why)) => {
            let errors = vec![format!("email: {why}")];
            return refused(&state, &user, slug, association, draft, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    if role == StaffRole::Reviewer && (!endorsed.is_empty() || !employer.is_empty()) {
        save_profile(&state, &user, association, person, employer, &endorsed).await?;
    }
    let body = render(
        &state,
        &user,
        slug,
        association,
        InviteDraft::default(),
        Vec::new(),
        Some(format!(
            "Invitation sent to {email}. The link works once, for {INVITATION_DAYS} days."
        )),
    )
    .await?;
    Ok(body.into_response())
}

async fn save_profile(
    state: &AppState,
    user: &CurrentUser,
    association: AssociationId,
    person: PersonId,
    employer: &str,
    endorsed: &[String],
) -> Result<(), WebError> {
    let store = state.store();
    store
        .set_reviewer_profile(person, employer, endorsed, Utc::now())
        .await?;
    store
        .record_audit(&NewAudit {
            at: Utc::now(),
            actor: Some(user.person.id),
            association: Some(association),
            subject: format!("person:{person}"),
            action: "set-reviewer-profile".to_string(),
            reason: format!("endorsed {}; employer {employer}", endorsed.join(", ")),
        })
        .await?;
    Ok(())
}

/// The role of `person` at the association named in the form, or not found.
async fn account(
    state: &AppState,
    association: AssociationId,
    person: PersonId,
    role: &str,
) -> Result<StaffAccountRow, WebError> {
    let role = StaffRole::from_key(role)
        .ok_or_else(|| WebError::BadRequest("role: reviewer or coordinator".to_string()))?;
    state
        .store()
        .staff_accounts(association)
        .await?
        .into_iter()
        .find(|a| a.person == person && a.role == role)
        .ok_or(WebError::NotFound)
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    status: String,
}

/// `POST /staff/{slug}/accounts/{person}/status`: suspend, reinstate or remove a role.
pub async fn set_status(
    State(state): State<AppState>,
    Path((slug, person)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, WebError> {
    let association = manage(&state, &user, &slug).await?;
    let person: PersonId = path_id(&person)?;
    let row = account(&state, association, person, &form.role).await?;
    let status = match form.status.as_str() {
        "suspended" => StaffStatus::Suspended,
        "active" => StaffStatus::Active,
        "removed" => StaffStatus::Removed,
        _ => {
            return Err(WebError::BadRequest(
                "status: suspended, active or removed".to_string(),
            ));
        }
    };
    // Coordinators cannot lock themselves out; another coordinator or the admin can.
    if person == user.person.id && !user.person.admin {
        let errors =
            vec!["status: you cannot change your own role; ask another coordinator".to_string()];
        return refused(
            &state,
            &user,
            slug,
            association,
            InviteDraft::default(),
            errors,
        )
        .await;
    }
    // An invitation not yet accepted is made active by its link, not by a button.
    if status == StaffStatus::Active && row.status == StaffStatus::Invited {
        let errors = vec![format!(
            "status: {} has not accepted the invitation yet; invite them again if the link expired",
            row.name
        )];
        return refused(
            &state,
            &user,
            slug,
            association,
            InviteDraft::default(),
            errors,
        )
        .await;
    }
    let action = match status {
        StaffStatus::Suspended => "suspend",
        StaffStatus::Active => "reinstate",
        StaffStatus::Removed => "remove",
        StaffStatus::Invited => "invite",
    };
    state
        .store()
        .set_staff_status(
            person,
            association,
            row.role,
            status,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(association),
                subject: format!("person:{person}"),
                action: format!("{action}-{}", row.role.key()),
                reason: format!("was {}", row.status.key()),
            },
        )
        .await?;
    crate::security_log::staff_changed(
        user.person.id,
        person,
        &format!("{action}-{}", row.role.key()),
    );
    Ok(Redirect::to(&format!("/staff/{slug}/accounts#person-{person}")).into_response())
}

/// `POST /staff/{slug}/accounts/{person}/profile`: where a reviewer works (for conflicts)
/// and the categories they hold (what they may review).
pub async fn set_profile(
    State(state): State<AppState>,
    Path((slug, person)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let association = manage(&state, &user, &slug).await?;
    let person: PersonId = path_id(&person)?;
    account(&state, association, person, "reviewer").await?;
    let employer = field(&form, "employer");
    let mut errors = Vec::new();
    check_employer(employer, &mut errors);
    if !errors.is_empty() {
        return refused(
            &state,
            &user,
            slug,
            association,
            InviteDraft::default(),
            errors,
        )
        .await;
    }
    save_profile(&state, &user, association, person, employer, &ticked(&form)).await?;
    Ok(Redirect::to(&format!("/staff/{slug}/accounts#person-{person}")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct OutsideForm {
    #[serde(default)]
    on: String,
}

/// `POST /staff/{slug}/accounts/outside-reviewers`: whether the association asks reviewers
/// endorsed at other associations (off by default).
pub async fn set_outside(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<OutsideForm>,
) -> Result<Redirect, WebError> {
    let association = manage(&state, &user, &slug).await?;
    let on = form.on == "yes";
    state
        .store()
        .set_outside_reviewers(
            association,
            on,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(association),
                subject: format!("association:{association}"),
                action: "set-outside-reviewers".to_string(),
                reason: if on { "on" } else { "off" }.to_string(),
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}/accounts#outside")))
}

#[derive(Template)]
#[template(path = "staff_invitation.html")]
pub struct InvitationPage {
    pub layout: Layout,
    pub token: String,
    pub name: String,
    pub email: String,
    pub association: String,
    pub role: &'static str,
    pub has_password: bool,
    pub error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

fn expired_page() -> Result<Response, WebError> {
    let body = page(&MessagePage {
        layout: Layout::anonymous("Invitation", String::new()),
        heading: "This invitation link no longer works".to_string(),
        body: "It was already used, has expired, or was withdrawn. Ask your coordinator to invite you again.".to_string(),
        link: "/sign-in".to_string(),
        link_text: "Sign in".to_string(),
    })?;
    Ok((StatusCode::NOT_FOUND, body).into_response())
}

/// `GET /staff-invitation?token=…`: who is invited to what, and the password form.
pub async fn invitation_page(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let invitation = match state
        .store()
        .invitation(&token::hash_token(&query.token), Utc::now())
        .await
    {
        Ok(invitation) => invitation,
        Err(StoreError::NotFound) => return expired_page(),
        Err(other) => return Err(other.into()),
    };
    let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
    let body = page(&InvitationPage {
        layout: Layout::anonymous("Accept your invitation", csrf),
        token: query.token,
        name: invitation.name,
        email: invitation.email,
        association: invitation.association_name,
        role: invitation.role.key(),
        has_password: invitation.has_password,
        error: None,
    })?;
    Ok((jar, body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /staff-invitation`: spends the link. A new account chooses its password here, under
/// the same rules as a password reset (`check_new_password`).
pub async fn accept(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<Response, WebError> {
    let store = state.store();
    let hash = token::hash_token(&form.token);
    let invitation = match store.invitation(&hash, Utc::now()).await {
        Ok(invitation) => invitation,
        Err(StoreError::NotFound) => return expired_page(),
        Err(other) => return Err(other.into()),
    };
    let problem = if invitation.has_password {
        None
    } else if let Err(WebError::BadRequest(message)) =
        check_new_password(&form.password, &invitation.name, &invitation.email)
    {
        Some(message)
    } else if form.password != form.confirm {
        Some("confirm: the two passwords differ".to_string())
    } else {
        None
    };
    if let Some(error) = problem {
        let (jar, csrf) = anonymous_csrf(jar, state.config().secure_cookies)?;
        let body = page(&InvitationPage {
            layout: Layout::anonymous("Accept your invitation", csrf),
            token: form.token,
            name: invitation.name,
            email: invitation.email,
            association: invitation.association_name,
            role: invitation.role.key(),
            has_password: false,
            error: Some(error),
        })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, body).into_response());
    }
    let password_hash = if invitation.has_password {
        None
    } else {
        Some(hash_password(form.password.clone()).await?)
    };
    match store
        .accept_invitation(&hash, password_hash.as_deref(), Utc::now())
        .await
    {
        Ok(_) => {}
        Err(StoreError::NotFound | StoreError::Conflict(_)) => return expired_page(),
        Err(other) => return Err(other.into()),
    }
    let body = page(&MessagePage {
        layout: Layout::anonymous("Invitation accepted", String::new()),
        heading: "Welcome".to_string(),
        body: format!(
            "You are now a {} for {}. Sign in with {}.",
            invitation.role.key(),
            invitation.association_name,
            invitation.email
        ),
        link: "/sign-in".to_string(),
        link_text: "Sign in".to_string(),
    })?;
    Ok(body.into_response())
}

#[derive(Template)]
#[template(path = "reviewing.html")]
pub struct ReviewingPage {
    pub layout: Layout,
    pub associations: Vec<String>,
    pub consent: bool,
    pub saved: bool,
}

#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: String,
}

/// `GET /account/reviewing`: a reviewer's own consent to be asked by other associations.
pub async fn reviewing_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<SavedQuery>,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let mut associations = Vec::new();
    for (association, role) in &user.viewer.staff {
        if *role == StaffRole::Reviewer {
            associations.push(store.association(*association).await?.name);
        }
    }
    page(&ReviewingPage {
        layout: Layout::new("Reviewing for other associations", Some(&user)),
        associations,
        consent: store.reviews_elsewhere(user.person.id).await?,
        saved: query.saved == "1",
    })
}

#[derive(Debug, Deserialize)]
pub struct ConsentForm {
    #[serde(default)]
    consent: String,
}

/// `POST /account/reviewing`.
pub async fn set_reviewing(
    State(state): State<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ConsentForm>,
) -> Result<Redirect, WebError> {
    if !user
        .viewer
        .staff
        .iter()
        .any(|(_, role)| *role == StaffRole::Reviewer)
    {
        return Err(WebError::NotFound);
    }
    let consent = form.consent == "yes";
    state
        .store()
        .set_reviews_elsewhere(
            user.person.id,
            consent,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: None,
                subject: format!("person:{}", user.person.id),
                action: "set-reviews-elsewhere".to_string(),
                reason: if consent { "yes" } else { "no" }.to_string(),
            },
        )
        .await?;
    Ok(Redirect::to("/account/reviewing?saved=1"))
}
