//! The second factor at sign-in: TOTP (RFC 6238, via `totp-rs`) with single-use recovery
//! codes. The secret is sealed at rest with the credential key, so a copy of the database
//! alone cannot make codes; recovery codes are stored as hashes, like every other token.

use lattice_domain::ids::PersonId;
use lattice_store::token;
use qrcode::QrCode;
use qrcode::render::svg;
use ring::rand::{SecureRandom, SystemRandom};
use totp_rs::{Algorithm, TOTP};

use crate::error::WebError;
use crate::state::AppState;

/// Seconds per code: what every authenticator app assumes.
pub const STEP_SECONDS: u64 = 30;
/// How many recovery codes a person gets at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Random bytes per recovery code: 120 bits, 24 base32 letters.
const RECOVERY_CODE_BYTES: usize = 15;
/// The letters of a recovery code as typed (without dashes or spaces).
pub const RECOVERY_CODE_LETTERS: usize = 24;
const ISSUER: &str = "Lattice";

fn internal(what: &'static str) -> impl Fn(String) -> WebError {
    move |e| WebError::Internal(format!("{what}: {e}"))
}

/// The TOTP of a raw secret: SHA-1, six digits, 30 seconds, one step of clock drift either
/// way (the parameters authenticator apps support everywhere).
pub fn totp(secret: &[u8]) -> Result<TOTP, WebError> {
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECONDS, secret.to_vec())
        .map_err(|e| WebError::Internal(format!("totp: {e}")))
}

/// A new random 160-bit secret (RFC 4226's recommended length).
pub fn new_secret() -> Result<Vec<u8>, WebError> {
    let mut secret = vec![0u8; 20];
    SystemRandom::new()
        .fill(&mut secret)
        .map_err(|_| WebError::Internal("randomness".to_string()))?;
    Ok(secret)
}

pub async fn seal(state: &AppState, person: PersonId, secret: &[u8]) -> Result<String, WebError> {
    let kek = crate::credential::key_encryption_key(state).await?;
    crate::credential::seal(
        &kek,
        &crate::credential::second_factor_label(person),
        secret,
    )
}

pub async fn unseal(state: &AppState, person: PersonId, sealed: &str) -> Result<Vec<u8>, WebError> {
    let kek = crate::credential::key_encryption_key(state).await?;
    crate::credential::unseal(
        &kek,
        &crate::credential::second_factor_label(person),
        sealed,
    )
}

/// The time step a six-digit code belongs to, if it is right for now (allowing one step of
/// drift). The caller spends the step, so the same code cannot be used twice.
pub fn matching_step(totp: &TOTP, code: &str, now: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let current = now / STEP_SECONDS;
    // Latest first: with drift, the newest matching step is the one to spend.
    [current + 1, current, current.saturating_sub(1)]
        .into_iter()
        .find(|step| totp.generate(step * STEP_SECONDS) == code)
}

/// The secret as authenticator apps take it typed in: base32, in groups of four.
pub fn secret_text(totp: &TOTP) -> String {
    let plain = totp.get_secret_base32();
    plain
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(totp: &TOTP, email: &str) -> String {
    let label: String = email
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"@._-".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!(
        "otpauth://totp/{ISSUER}:{label}?secret={}&issuer={ISSUER}&algorithm=SHA1&digits=6&period={STEP_SECONDS}",
        totp.get_secret_base32()
    )
}

/// The QR code of the address as an inline SVG element (made by the `qrcode` crate from
/// our own text, never from input).
pub fn qr_svg(text: &str) -> Result<String, WebError> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| internal("qr code")(e.to_string()))?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Inline in the page, so without the XML declaration.
    Ok(image
        .find("<svg")
        .map_or(image.clone(), |at| image[at..].to_string()))
}

/// New recovery codes: 120 random bits each (ASVS 2.6.2 asks 112 for an unsalted hash),
/// shown as six groups of four base32 letters.
pub fn new_recovery_codes() -> Result<Vec<String>, WebError> {
    let random = SystemRandom::new();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; RECOVERY_CODE_BYTES];
            random
                .fill(&mut bytes)
                .map_err(|_| WebError::Internal("randomness".to_string()))?;
            let text = base32_plain(&bytes)?;
            Ok(text
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-"))
        })
        .collect()
}

/// RFC 4648 base32 through `totp-rs` (which carries the encoder), without padding.
fn base32_plain(bytes: &[u8]) -> Result<String, WebError> {
    match totp_rs::Secret::Raw(bytes.to_vec()).to_encoded() {
        totp_rs::Secret::Encoded(text) => Ok(text),
        totp_rs::Secret::Raw(_) => Err(WebError::Internal("base32".to_string())),
    }
}

/// A typed recovery code in the form it is hashed in: upper case, no spaces or dashes, so
/// `abcd efgh-…` matches what was shown.
pub fn recovery_code_hash(typed: &str) -> String {
    let plain: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    token::hash_token(&plain)
}

// The pending sign-in, shared by the password step (handlers::auth) and the code step
// (handlers::second_factor), here below both so neither uses the other.
/// The cookie of a sign-in whose password was right and which waits for the second factor.
pub(crate) const PENDING_COOKIE: &str = "lattice_pending";
/// How long the second step may take.
pub(crate) const PENDING_MINUTES: i64 = 10;

pub(crate) fn pending_cookie(
    state: &AppState,
    value: String,
) -> axum_extra::extract::cookie::Cookie<'static> {
    let mut cookie = axum_extra::extract::cookie::Cookie::new(PENDING_COOKIE, value);
    cookie.set_http_only(true);
    cookie.set_same_site(axum_extra::extract::cookie::SameSite::Lax);
    cookie.set_secure(state.config().secure_cookies);
    cookie.set_path("/");
    cookie
}

pub(crate) async fn has_second_factor(
    state: &AppState,
    person: PersonId,
) -> Result<bool, WebError> {
    match state.store().second_factor(person).await {
        Ok(factor) => Ok(factor.confirmed_at.is_some()),
        Err(lattice_store::StoreError::NotFound) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_step_and_its_neighbours_only() {
        let totp = totp(&[7u8; 20]).expect("totp");
        let now = 1_800_000_015;
        let step = now / STEP_SECONDS;
        let code = totp.generate(now);
        assert_eq!(matching_step(&totp, &code, now), Some(step));
        assert_eq!(
            matching_step(&totp, &code, now + STEP_SECONDS),
            Some(step),
            "a step of drift"
        );
        assert_eq!(matching_step(&totp, &code, now + 3 * STEP_SECONDS), None);
        assert_eq!(matching_step(&totp, "12345", now), None);
    }

    #[test]
    fn recovery_codes_hash_alike_however_typed() {
        let codes = new_recovery_codes().expect("codes");
        assert_eq!(codes.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert_eq!(code.len(), 29, "{code}");
        assert_eq!(
            recovery_code_hash(code),
            recovery_code_hash(&code.to_lowercase().replace('-', " "))
        );
    }
}
