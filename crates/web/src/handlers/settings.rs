//! An association's settings (issue #21 item 2): `/staff/{slug}/settings` is the hub that
//! links to each settings page (fees, agreement texts, email templates, rules) and holds the
//! branding form: the name the association is shown by, its colour and its logo. They appear
//! on the association's pages (a bar under the header, [`brand`]) and on its certificates.
//! The same form chooses the languages its applicants are offered (issue #23): English always,
//! Spanish when ticked.
//!
//! Only the association's coordinator or the Alliance administrator may see or change them
//! (the same right as the staff area). Each value is parsed before it is stored: the name and
//! colour by `lattice_domain::brand` (a colour white text cannot be read on is refused), the
//! logo by the certificate's reader, which takes a PNG or JPEG by its bytes and draws it once.
//! Every field changed leaves an audit row saying who changed it, from what to what.

use crate::brand::{logo_url, stored_colour};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use lattice_credentials::certificate::{Logo, LogoError, LogoFormat};
use lattice_domain::brand::{BrandColour, DisplayName};
use lattice_domain::ids::AssociationId;
use lattice_domain::language::{Language, OfferedLanguages};
use lattice_store::{BrandingUpdate, LogoChange, NewAudit};
use serde::Deserialize;

use super::{answer, association_id};
use crate::auth::{CsrfUpload, CurrentUser};
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{Brand, Layout};

/// The largest request the branding form may send: the logo's limit and room for the other
/// fields, so a logo a little too big reaches the handler and is refused by name on the form.
pub const MAX_FORM_BYTES: usize = 1024 * 1024;

/// One link of the hub.
pub struct SettingsLink {
    pub href: String,
    pub id: &'static str,
    pub label: &'static str,
    pub help: &'static str,
}

#[derive(askama::Template)]
#[template(path = "settings.html")]
pub struct SettingsPage {
    pub layout: Layout,
    pub slug: String,
    /// The association's name from its profile: the display name's default.
    pub profile_name: String,
    pub links: Vec<SettingsLink>,
    /// The values in the form: as stored, or as typed when the form was refused.
    pub display_name: String,
    pub colour: String,
    /// Each language besides English, and whether it is offered (stored, or as ticked).
    pub languages: Vec<(Language, bool)>,
    /// The stored logo, described ("PNG, 240 × 80 pixels"), with its URL.
    pub logo: Option<(String, String)>,
    /// Problems as (field id, message); each names its field.
    pub errors: Vec<(&'static str, String)>,
    pub notice: Option<String>,
}

impl SettingsPage {
    /// The problem with a field, for the message beside it.
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    saved: Option<String>,
}

/// The association whose settings these are, once the viewer may manage it.
struct Target {
    id: AssociationId,
    name: String,
}

async fn target(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Target, WebError> {
    let super::ManagedAssociation { id, name } =
        super::managed_association(state, user, slug).await?;
    Ok(Target { id, name })
}

fn links(slug: &str) -> Vec<SettingsLink> {
    vec![
        SettingsLink {
            href: format!("/staff/{slug}/settings/fees"),
            id: "settings-fees",
            label: "Fees and renewal deadline",
            help: "Application and renewal fees, late fees, the renewal deadline and its grace period.",
        },
        SettingsLink {
            href: format!("/staff/{slug}/settings/agreements"),
            id: "settings-agreements",
            label: "Agreement texts",
            help: "The Code of Ethics and the Endorsement Agreement applicants sign, by version.",
        },
        SettingsLink {
            href: format!("/staff/{slug}/settings/mail"),
            id: "settings-mail",
            label: "Email templates",
            help: "What the association's emails say, with a preview.",
        },
        SettingsLink {
            href: format!("/staff/{slug}/rules"),
            id: "settings-rules",
            label: "Requirement rules",
            help: "A new edition of the requirement profile, with a preview of whom it affects.",
        },
    ]
}

/// The brand bar for the association's pages (see `crate::brand`: cached per node).
pub async fn brand(
    state: &AppState,
    association: AssociationId,
) -> Result<Option<Brand>, WebError> {
    Ok(crate::brand::lookup(state.store(), state.brands(), association).await?)
}

/// What the certificate of an endorsement of `association` shows of its branding: its
/// display name (when set), accent colour and logo.
pub async fn certificate_branding(
    state: &AppState,
    association: AssociationId,
) -> Result<(Option<String>, Option<(u8, u8, u8)>, Option<Logo>), WebError> {
    let store = state.store();
    let branding = store.branding(association).await?;
    let accent = stored_colour(branding.colour.as_deref()).map(BrandColour::rgb);
    let logo = match branding.logo {
        Some(_) => store
            .logo(association)
            .await?
            .and_then(|row| match Logo::stored(row.bytes) {
                Ok(logo) => Some(logo),
                Err(e) => {
                    // Checked when it was taken; a certificate without it beats none at all.
                    tracing::error!(association = association.0, error = %e, "stored logo unreadable");
                    None
                }
            }),
        None => None,
    };
    Ok((branding.display_name, accent, logo))
}

fn describe(format: &str, bytes: usize, width: u32, height: u32) -> String {
    let kind = if format == "png" { "PNG" } else { "JPEG" };
    format!(
        "{kind}, {width} × {height} pixels, {} KB",
        bytes.div_ceil(1024)
    )
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    target: &Target,
    form: Option<(String, String, OfferedLanguages)>,
    errors: Vec<(&'static str, String)>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let store = state.store();
    let branding = store.branding(target.id).await?;
    let logo = match &branding.logo {
        Some((_, digest)) => store.logo(target.id).await?.map(|row| {
            let (w, h) = Logo::stored(row.bytes.clone())
                .map(|l| (l.width(), l.height()))
                .unwrap_or_default();
            (
                describe(&row.format, row.bytes.len(), w, h),
                logo_url(slug, digest),
            )
        }),
        None => None,
    };
    let (display_name, colour, offered) = form.unwrap_or_else(|| {
        (
            branding
                .display_name
                .clone()
                .unwrap_or_else(|| target.name.clone()),
            branding.colour.clone().unwrap_or_default(),
            branding.languages.clone(),
        )
    });
    let languages = Language::ALL
        .into_iter()
        .filter(|l| *l != Language::English)
        .map(|l| (l, offered.contains(l)))
        .collect();
    let mut layout = Layout::new(format!("Settings: {}", target.name), Some(user));
    layout.brand = brand(state, target.id).await?;
    answer(
        !errors.is_empty(),
        &SettingsPage {
            layout,
            slug: slug.to_string(),
            profile_name: target.name.clone(),
            links: links(slug),
            display_name,
            colour,
            languages,
            logo,
            errors,
            notice,
        },
    )
}

pub async fn settings_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    Query(query): Query<SettingsQuery>,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let notice = query
        .saved
        .is_some()
        .then(|| "The settings are saved.".to_string());
    render(&state, &user, &slug, &target, None, Vec::new(), notice).await
}

fn text_part(form: &CsrfUpload, name: &str) -> String {
    form.part(name)
        .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
        .unwrap_or_default()
}

pub async fn save(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    form: CsrfUpload,
) -> Result<Response, WebError> {
    let target = target(&state, &user, &slug).await?;
    let typed_name = text_part(&form, "display_name");
    let typed_colour = text_part(&form, "colour");
    let remove_logo = form.part("remove_logo").is_some();
    // A ticked box sends `offer_es=on`; an unticked one sends nothing.
    let languages = OfferedLanguages::new(
        Language::ALL
            .into_iter()
            .filter(|l| form.part(&format!("offer_{}", l.code())).is_some()),
    );
    let mut errors: Vec<(&'static str, String)> = Vec::new();

    // The profile's name is the default: typing it (or nothing) stores no name of its own.
    let display_name = if typed_name.trim().is_empty() || typed_name.trim() == target.name {
        None
    } else {
        match DisplayName::parse(&typed_name) {
            Ok(name) => Some(name.to_string()),
            Err(e) => {
                errors.push(("display_name", format!("Display name {e}.")));
                None
            }
        }
    };
    let colour = if typed_colour.trim().is_empty() {
        None
    } else {
        match BrandColour::parse(&typed_colour) {
            Ok(c) => Some(c.to_string()),
            Err(e) => {
                errors.push(("colour", format!("Brand colour: {e}.")));
                None
            }
        }
    };
    let upload = form
        .part("logo")
        .filter(|p| !p.bytes.is_empty())
        .map(|p| p.bytes.to_vec());
    let logo = match upload {
        Some(bytes) if bytes.len() > Logo::MAX_BYTES => {
            Err(LogoError::TooLarge { bytes: bytes.len() })
        }
        // Reading draws a certificate with it: CPU work, off the async workers.
        Some(bytes) => tokio::task::spawn_blocking(move || Logo::read(bytes))
            .await
            .map_err(|e| WebError::Internal(format!("logo task: {e}")))?
            .map(Some),
        None => Ok(None),
    };
    let logo = match logo {
        Ok(Some(logo)) => LogoChange::Set {
            format: logo.format().key().to_string(),
            bytes: logo.bytes().to_vec(),
        },
        Ok(None) if remove_logo => LogoChange::Remove,
        Ok(None) => LogoChange::Keep,
        Err(e) => {
            errors.push(("logo", format!("Logo: the file {e}.")));
            LogoChange::Keep
        }
    };
    if !errors.is_empty() {
        return render(
            &state,
            &user,
            &slug,
            &target,
            Some((typed_name, typed_colour, languages)),
            errors,
            None,
        )
        .await;
    }

    let before = state.store().branding(target.id).await?;
    let now = Utc::now();
    let audit = |action: &str, reason: String| NewAudit {
        at: now,
        actor: Some(user.person.id),
        association: Some(target.id),
        subject: format!("association:{}", target.id.0),
        action: action.to_string(),
        reason,
    };
    let shown = |v: &Option<String>, default: &str| match v {
        Some(v) => format!("“{v}”"),
        None => format!("default (“{default}”)"),
    };
    let mut audits = Vec::new();
    if before.display_name != display_name {
        audits.push(audit(
            "set-display-name",
            format!(
                "display name: {} → {}",
                shown(&before.display_name, &target.name),
                shown(&display_name, &target.name)
            ),
        ));
    }
    if before.colour != colour {
        audits.push(audit(
            "set-brand-colour",
            format!(
                "brand colour: {} → {}",
                shown(&before.colour, "Lattice's"),
                shown(&colour, "Lattice's")
            ),
        ));
    }
    let old_logo = match &before.logo {
        Some((format, digest)) => format!("{format} {}", &digest[..digest.len().min(12)]),
        None => "none".to_string(),
    };
    match &logo {
        LogoChange::Set { bytes, format } => {
            let digest = lattice_store::logo_digest(bytes);
            if before.logo.as_ref().map(|(_, d)| d) != Some(&digest) {
                audits.push(audit(
                    "set-logo",
                    format!(
                        "logo: {old_logo} → {format} {} ({} bytes)",
                        &digest[..12],
                        bytes.len()
                    ),
                ));
            }
        }
        LogoChange::Remove if before.logo.is_some() => {
            audits.push(audit("remove-logo", format!("logo: {old_logo} → none")));
        }
        LogoChange::Remove | LogoChange::Keep => {}
    }
    if before.languages != languages {
        audits.push(audit(
            "set-languages",
            format!("languages: {} → {languages}", before.languages),
        ));
    }
    if !audits.is_empty() {
        state
            .store()
            .save_branding(
                &BrandingUpdate {
                    association: target.id,
                    display_name,
                    colour,
                    logo,
                    languages,
                    by: user.person.id,
                    at: now,
                },
                &audits,
            )
            .await?;
        // This node shows the new brand at once; others within `brand::TTL`.
        state.brands().forget(target.id);
    }
    Ok(Redirect::to(&format!("/staff/{slug}/settings?saved=1")).into_response())
}

/// Whether the client's `If-None-Match` already names this ETag.
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

/// Cache headers for a versioned public resource: a year when the URL names the current
/// version (a new version is a new URL), five minutes otherwise.
fn cache_control(asked: Option<&str>, current: &str) -> &'static str {
    if asked.is_some_and(|v| !v.is_empty() && current.starts_with(v)) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct VersionQuery {
    v: Option<String>,
}

/// `/associations/{slug}/logo`: the stored bytes with their own content type, never sniffed.
pub async fn logo(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<VersionQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let id = association_id(state.store(), &slug).await?;
    let row = state.store().logo(id).await?.ok_or(WebError::NotFound)?;
    let format = LogoFormat::from_key(&row.format)
        .ok_or_else(|| WebError::Internal(format!("logo format {:?}", row.format)))?;
    let etag = format!("\"{}\"", row.digest);
    let cache = cache_control(query.v.as_deref(), &row.digest);
    let common = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, cache.to_string()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
    ];
    if not_modified(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let mut response = (common, row.bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    Ok(response)
}

/// `/associations/{slug}/brand.css`: the bar's colour. Written from the parsed colour, so no
/// typed text reaches CSS; the site's CSP allows no inline style, hence a stylesheet.
pub async fn stylesheet(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<VersionQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let id = association_id(state.store(), &slug).await?;
    let colour = stored_colour(state.store().branding(id).await?.colour.as_deref())
        .ok_or(WebError::NotFound)?;
    let hex = colour.to_string().trim_start_matches('#').to_string();
    let etag = format!("\"{hex}\"");
    let common = [
        (header::ETAG, etag.clone()),
        (
            header::CACHE_CONTROL,
            cache_control(query.v.as_deref().filter(|v| *v == hex), &hex).to_string(),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        (header::CONTENT_TYPE, "text/css; charset=utf-8".to_string()),
    ];
    if not_modified(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    Ok((
        common,
        format!(".association-brand {{ --association: {colour}; }}\n"),
    )
        .into_response())
}
