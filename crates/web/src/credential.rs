//! Endorsements as verifiable credentials: each one is issued as an Open Badges 3.0
//! `OpenBadgeCredential` (a W3C Verifiable Credentials 2.0 document) secured as a VC-JWT,
//! signed ES256 with its association's P-256 key, the claims mapped as OB 3.0 §8.2.4 asks.
//! Each public key is published at its own URL (the `kid`) and in a JWKS, and each association
//! publishes two signed W3C Bitstring Status Lists (revocation and suspension), so any VC-JWT
//! verifier (not only this site) can tell a revoked endorsement from a good one. Ed25519 keys
//! made before ES256 stay published, so the credentials they signed keep verifying.
//! `docs/CREDENTIALS.md` explains it for employers.
//!
//! Private keys never leave the server unsealed: each is stored as its PKCS#8 document sealed
//! with ChaCha20-Poly1305 under a key-encryption key (`credential_key` in the configuration, or
//! a generated file in the data folder for a single-node install).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use lattice_domain::ids::AssociationId;
use lattice_store::{EndorsementRow, SigningKeyRow, StoreError};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::Ed25519KeyPair;
use serde_json::{Value, json};

// The pure parts live in `lattice-credentials`; re-exported under the paths the handlers, the
// CLI and the tests have always used.
pub use lattice_credentials::keys::{
    KeyError, KeyKind, ec_thumbprint, new_data_integrity_key, new_p256, sign_es256, thumbprint,
};
use lattice_credentials::openbadge::{VC_CONTEXT, rfc3339};
pub use lattice_credentials::openbadge::{
    credential_document, credential_id, credential_payload, issuer_id, key_url, status_list_id,
};
pub use lattice_credentials::status::{
    MIN_STATUS_BITS, Purpose, STATUS_TTL_MS, encode_status_list, status_bit,
};

use crate::error::WebError;
use crate::state::AppState;

/// The media type of one published public key.
pub const JWK_MEDIA_TYPE: &str = "application/jwk+json";

/// The media type of a VC secured with JOSE (W3C VC-JOSE-COSE), also the JWS `typ`.
pub const MEDIA_TYPE: &str = "application/vc+jwt";

/// How long a signed status list stays valid: a copy kept longer cannot be replayed to hide
/// a later revocation.
const STATUS_LIST_LIFETIME: Duration = Duration::days(1);

/// Seconds of clock difference tolerated when checking dates.
const LEEWAY_SECS: u64 = 60;

/// The name of the generated key-encryption key file under the data folder.
pub const KEY_FILE: &str = "credential.key";

/// A credential that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub credential_number: String,
    pub issuer: String,
    pub association_name: String,
    pub display_name: String,
    pub title: String,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    /// The signing key's thumbprint (its stored kid).
    pub kid: String,
    /// The whole verified payload.
    pub credential: Value,
}

/// Why a credential did not verify. These are answers to show a person, not faults: only
/// `Unavailable` means we could not decide.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("this is not a credential in the expected form: {0}")]
    Malformed(String),
    #[error("this credential was not issued by an association of this service")]
    UnknownIssuer,
    #[error("this credential was signed with a key its association does not publish")]
    UnknownKey,
    #[error(
        "the signature does not match: the credential was altered or not signed by the association"
    )]
    BadSignature,
    #[error("this credential has expired")]
    Expired,
    #[error("this credential is not valid yet")]
    NotYetValid,
    #[error("the association has revoked this endorsement (revocation status set)")]
    Revoked,
    #[error("this endorsement is not in good standing: lapsed or inactive (suspension status set)")]
    Suspended,
    #[error("the credential could not be checked: {0}")]
    Unavailable(String),
}

/// Seals a private key under the key-encryption key (`lattice_credentials::keys::seal`).
pub fn seal(kek: &[u8; 32], kid: &str, pkcs8: &[u8]) -> Result<String, WebError> {
    Ok(lattice_credentials::keys::seal(kek, kid, pkcs8)?)
}

/// Opens a sealed private key (`lattice_credentials::keys::unseal`).
pub fn unseal(kek: &[u8; 32], kid: &str, sealed: &str) -> Result<Vec<u8>, WebError> {
    Ok(lattice_credentials::keys::unseal(kek, kid, sealed)?)
}

impl From<KeyError> for WebError {
    fn from(error: KeyError) -> Self {
        WebError::Internal(error.to_string())
    }
}

impl From<StoreError> for VerifyError {
    fn from(error: StoreError) -> Self {
        VerifyError::Unavailable(error.to_string())
    }
}

impl From<WebError> for VerifyError {
    fn from(error: WebError) -> Self {
        VerifyError::Unavailable(error.to_string())
    }
}

fn internal(what: &str) -> impl Fn(ring::error::Unspecified) -> WebError + '_ {
    move |_| WebError::Internal(format!("credential keys: {what}"))
}

/// The public address without a trailing slash, so joined URLs never hold `//`.
fn base_url(state: &AppState) -> &str {
    state.config().base_url.trim_end_matches('/')
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/// The key-encryption key: from the configuration, else from (or newly into) the data folder.
pub(crate) async fn key_encryption_key(state: &AppState) -> Result<[u8; 32], WebError> {
    if let Some(secret) = &state.config().credential_key {
        return crate::config::decode_credential_key(secret.expose())
            .map_err(|problem| WebError::Internal(format!("credential_key: {problem}")));
    }
    let path = state.config().data_dir.join(KEY_FILE);
    tokio::task::spawn_blocking(move || load_or_create_key_file(&path))
        .await
        .map_err(|e| WebError::Internal(format!("credential key task: {e}")))?
}

/// Reads the generated key file, creating it first if it is missing. Creation writes a
/// temporary file and links it into place, which fails if another request got there first:
/// two racing first issuances then agree on one key instead of sealing with two.
fn load_or_create_key_file(path: &Path) -> Result<[u8; 32], WebError> {
    let io = |e: std::io::Error| WebError::Internal(format!("{}: {e}", path.display()));
    match std::fs::File::open(path) {
        Ok(mut file) => {
            let mut text = String::new();
            file.read_to_string(&mut text).map_err(io)?;
            return crate::config::decode_credential_key(text.trim())
                .map_err(|problem| WebError::Internal(format!("{}: {problem}", path.display())));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut key = [0u8; 32];
    SystemRandom::new()
        .fill(&mut key)
        .map_err(internal("randomness"))?;
    let temporary = temporary_path(path)?;
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temporary).map_err(io)?;
        file.write_all(STANDARD.encode(key).as_bytes())
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.sync_all())
            .map_err(io)?;
    }
    let linked = std::fs::hard_link(&temporary, path);
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Ok(()) => {
            tracing::warn!(
                path = %path.display(),
                "LATTICE_CREDENTIAL_KEY is not set: generated a credential key file; \
                 production (and any install with more than one node) should set it"
            );
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create_key_file(path),
        Err(e) => Err(io(e)),
    }
}

fn temporary_path(path: &Path) -> Result<PathBuf, WebError> {
    let mut suffix = [0u8; 8];
    SystemRandom::new()
        .fill(&mut suffix)
        .map_err(internal("randomness"))?;
    let name = format!("{KEY_FILE}.{}.tmp", URL_SAFE_NO_PAD.encode(suffix));
    Ok(path.with_file_name(name))
}

/// The associated data of a sealed secret: a secret copied onto another person's row does
/// not open. Kept with the sealing (not in `second_factor`, which seals through this module)
/// because `reseal` must name every kind of sealed secret.
pub(crate) fn second_factor_label(person: lattice_domain::ids::PersonId) -> String {
    format!("totp:{}", person.0)
}

/// Every sealed secret opened with the `old` key-encryption key and sealed anew under `new`,
/// each with its own label, for `lattice keys reseal`. Nothing is written here: a secret that
/// does not open with `old` stops the whole change before the store is touched.
pub fn reseal(
    old: &[u8; 32],
    new: &[u8; 32],
    secrets: &[lattice_store::SealedSecret],
) -> Result<Vec<(lattice_store::SealedSecret, String)>, WebError> {
    secrets
        .iter()
        .map(|secret| {
            let label = match &secret.owner {
                lattice_store::SealedOwner::SigningKey(kid) => kid.clone(),
                lattice_store::SealedOwner::SecondFactor(person) => second_factor_label(*person),
            };
            let opened = unseal(old, &label, &secret.sealed)?;
            Ok((secret.clone(), seal(new, &label, &opened)?))
        })
        .collect()
}

/// What a stored key signs, in words for the keys page: keys of one use replace each other,
/// and the newest unretired key of each use signs.
pub fn key_use(jwk: &Value) -> &'static str {
    match KeyKind::of(jwk) {
        Some(KeyKind::DataIntegrity) => "Data Integrity proofs (eddsa-rdfc-2022)",
        Some(KeyKind::P256 | KeyKind::Ed25519) => "VC-JWT and status lists",
        None => "unknown",
    }
}

/// The `kid` a key is published and signs under. A P-256 key's is its URL (so is a Data
/// Integrity key's `verificationMethod`); a legacy Ed25519 key keeps the bare thumbprint the
/// credentials it signed carry, so a verifier matching them against the JWKS by `kid` still
/// finds it.
fn published_kid(base: &str, slug: &str, key: &SigningKeyRow) -> String {
    match KeyKind::of(&key.public_jwk) {
        Some(KeyKind::P256 | KeyKind::DataIntegrity) => key_url(base, slug, &key.kid),
        _ => key.kid.clone(),
    }
}

/// Only the public members of a stored JWK, under its published kid: even a row holding more
/// never leaks it.
fn public_jwk(base: &str, slug: &str, stored: &SigningKeyRow) -> Value {
    let mut key = serde_json::Map::new();
    for member in ["kty", "crv", "x", "y", "alg", "use"] {
        if let Some(value) = stored.public_jwk.get(member) {
            key.insert(member.to_string(), value.clone());
        }
    }
    key.insert(
        "kid".to_string(),
        Value::String(published_kid(base, slug, stored)),
    );
    Value::Object(key)
}

/// A signing key ready to use: a P-256 one (VC-JWT) or a Data Integrity Ed25519 one.
struct Signer {
    /// The stored kid, the key's thumbprint.
    kid: String,
    pkcs8: Vec<u8>,
}

/// Makes, seals and stores a new key of `kind` for the association; it signs from now on
/// (the newest key of its kind signs) while older ones stay published so what they signed
/// still verifies.
async fn new_key(
    state: &AppState,
    association: AssociationId,
    kind: KeyKind,
) -> Result<Signer, WebError> {
    let (pkcs8, public_jwk) = match kind {
        KeyKind::P256 => new_p256()?,
        KeyKind::DataIntegrity => new_data_integrity_key()?,
        KeyKind::Ed25519 => {
            return Err(WebError::Internal(
                "credential keys: Ed25519 JWT keys are no longer made".to_string(),
            ));
        }
    };
    let kid = public_jwk["kid"]
        .as_str()
        .ok_or_else(|| WebError::Internal("credential keys: no kid".to_string()))?
        .to_string();
    let kek = key_encryption_key(state).await?;
    // The store keeps whole seconds and the newest key signs: a key made in the same second
    // as the one it replaces (a quick rotation) is dated a second later so it sorts first.
    let newest = state
        .store()
        .signing_keys(association)
        .await?
        .iter()
        .map(|k| k.created_at)
        .max();
    let created_at = match newest {
        Some(at) if at + Duration::seconds(1) > Utc::now() => at + Duration::seconds(1),
        _ => Utc::now(),
    };
    let row = SigningKeyRow {
        kid: kid.clone(),
        association,
        public_jwk,
        sealed_private_key: seal(&kek, &kid, &pkcs8)?,
        created_at,
        retired_at: None,
    };
    state.store().add_signing_key(&row).await?;
    tracing::info!(association = association.0, kid = %kid, ?kind, "new credential signing key");
    Ok(Signer { kid, pkcs8 })
}

/// The association's newest unretired key of `kind`, made on first use. Two first issuances
/// at once may each make one; both are published, so either's credentials verify, and the
/// newer signs after. An association with only Ed25519 JWT keys (made before ES256) gets a
/// P-256 key here; the Ed25519 key stays published for what it signed.
async fn signer_of(
    state: &AppState,
    association: AssociationId,
    kind: KeyKind,
) -> Result<Signer, WebError> {
    let keys = state.store().signing_keys(association).await?;
    let current = keys
        .into_iter()
        .find(|k| k.retired_at.is_none() && KeyKind::of(&k.public_jwk) == Some(kind));
    match current {
        Some(key) => {
            let kek = key_encryption_key(state).await?;
            let pkcs8 = unseal(&kek, &key.kid, &key.sealed_private_key)?;
            Ok(Signer {
                kid: key.kid,
                pkcs8,
            })
        }
        None => new_key(state, association, kind).await,
    }
}

/// The key that signs the association's VC-JWTs and status lists: a P-256 one.
async fn signer(state: &AppState, association: AssociationId) -> Result<Signer, WebError> {
    signer_of(state, association, KeyKind::P256).await
}

/// Starts signing the association's credentials with new keys; returns the new VC-JWT key's
/// kid. Credentials signed with the old ones keep verifying: the old JWT key stays in the
/// JWKS, the old Data Integrity key at its URL and in the issuer's `assertionMethod`. An
/// association that has never made a Data Integrity proof gets its first key when it does.
pub async fn rotate(state: &AppState, association: AssociationId) -> Result<String, WebError> {
    let has_proof_key = state
        .store()
        .signing_keys(association)
        .await?
        .iter()
        .any(|k| KeyKind::of(&k.public_jwk) == Some(KeyKind::DataIntegrity));
    if has_proof_key {
        new_key(state, association, KeyKind::DataIntegrity).await?;
    }
    // Made last, so the newest key of all is the JWT one (the keys page lists it first).
    Ok(new_key(state, association, KeyKind::P256).await?.kid)
}

/// Signs ES256 with the key's URL as `kid` (the association's, named by `slug`).
fn sign(
    state: &AppState,
    slug: &str,
    signer: &Signer,
    payload: &Value,
) -> Result<String, WebError> {
    let kid = key_url(base_url(state), slug, &signer.kid);
    Ok(sign_es256(&kid, &signer.pkcs8, payload)?)
}

/// A random `urn:uuid:` (version 4): a status list's JWT id, and a person's credential subject
/// id.
fn random_urn_uuid() -> Result<String, WebError> {
    let mut b = [0u8; 16];
    SystemRandom::new()
        .fill(&mut b)
        .map_err(internal("randomness"))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

/// The person's credential subject id: a random `urn:uuid:` given on their first credential
/// and kept, so renewals and transfers name the same subject, and no email or name shows.
pub async fn subject_id(
    state: &AppState,
    person: lattice_domain::ids::PersonId,
) -> Result<String, WebError> {
    Ok(state
        .store()
        .credential_subject(person, &random_urn_uuid()?)
        .await?)
}

/// Issues the endorsement's credential: a VC-JWT signed with its association's current key.
/// Every call signs anew (its own `iat`) the same credential: same `id` and `jti`.
pub async fn issue(state: &AppState, endorsement: &EndorsementRow) -> Result<String, WebError> {
    if endorsement.credential_number.is_empty() {
        return Err(WebError::Internal(format!(
            "endorsement {} has no credential number",
            endorsement.id
        )));
    }
    let signer = signer(state, endorsement.association).await?;
    let subject = subject_id(state, endorsement.person).await?;
    let payload = credential_payload(base_url(state), endorsement, &subject, Utc::now());
    sign(state, &endorsement.association_slug, &signer, &payload)
}

/// Issues the endorsement's credential with an embedded Data Integrity proof
/// (`eddsa-rdfc-2022`), signed with its association's current Ed25519 key: the JSON file for
/// wallets. Every call signs anew (its own `created`) the same credential.
pub async fn issue_with_proof(
    state: &AppState,
    endorsement: &EndorsementRow,
) -> Result<Value, WebError> {
    if endorsement.credential_number.is_empty() {
        return Err(WebError::Internal(format!(
            "endorsement {} has no credential number",
            endorsement.id
        )));
    }
    let signer = signer_of(state, endorsement.association, KeyKind::DataIntegrity).await?;
    let subject = subject_id(state, endorsement.person).await?;
    let base = base_url(state);
    let document = credential_document(base, endorsement, &subject);
    let method = key_url(base, &endorsement.association_slug, &signer.kid);
    let created = rfc3339(Utc::now());
    // Canonicalization is CPU work (milliseconds for a credential): off the async threads.
    tokio::task::spawn_blocking(move || {
        let pair = Ed25519KeyPair::from_pkcs8(&signer.pkcs8)
            .map_err(|e| WebError::Internal(format!("credential keys: {e}")))?;
        crate::data_integrity::sign(&document, &pair, &method, &created)
            .map_err(|e| WebError::Internal(format!("data integrity proof: {e}")))
    })
    .await
    .map_err(|e| WebError::Internal(format!("data integrity proof task: {e}")))?
}

// ---------------------------------------------------------------------------------------------
// Status lists
// ---------------------------------------------------------------------------------------------

/// Whether the association's published list for `purpose` has the endorsement's bit set. The
/// lists and the site's own verifier both ask this, so they cannot disagree. An endorsement
/// since transferred away is not on the old association's lists.
fn marked(endorsement: &EndorsementRow, association: AssociationId, purpose: Purpose) -> bool {
    endorsement.association == association && purpose.marks(endorsement.status)
}

/// The association's status list for `purpose` as a signed `BitstringStatusListCredential`.
///
/// Built from every endorsement of the association on each request: one query and a 16 KiB
/// bitstring, cheap at the size of today's associations (thousands). Past that, keep the
/// bitstring (or the set indices) up to date when statuses change instead.
pub async fn status_list(
    state: &AppState,
    association: AssociationId,
    slug: &str,
    purpose: Purpose,
) -> Result<String, WebError> {
    let endorsements = state
        .store()
        .endorsements_of_association(association)
        .await?;
    let set: Vec<usize> = endorsements
        .iter()
        .filter(|e| marked(e, association, purpose))
        .filter_map(|e| usize::try_from(e.status_index).ok())
        .collect();
    let base = base_url(state);
    let id = status_list_id(base, slug, purpose);
    let issuer = issuer_id(base, slug);
    let now = Utc::now();
    let until = now + STATUS_LIST_LIFETIME;
    let payload = json!({
        "@context": [VC_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": rfc3339(now),
        "validUntil": rfc3339(until),
        "credentialSubject": {
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose.key(),
            "encodedList": encode_status_list(&set)
                .map_err(|e| WebError::Internal(format!("status list: {e}")))?,
            "ttl": STATUS_TTL_MS,
        },
        "iss": issuer,
        "sub": id,
        "jti": random_urn_uuid()?,
        "iat": now.timestamp(),
        "nbf": now.timestamp(),
        "exp": until.timestamp(),
    });
    sign(state, slug, &signer(state, association).await?, &payload)
}

// ---------------------------------------------------------------------------------------------
// Public keys
// ---------------------------------------------------------------------------------------------

/// The public keys as a JWK Set: one association's, or every association's. Retired keys stay
/// listed so the credentials they signed still verify. Never any private member.
pub async fn jwks(state: &AppState, association: Option<AssociationId>) -> Result<Value, WebError> {
    let base = base_url(state);
    let mut keys = Vec::new();
    for listed in state.store().associations().await? {
        if association.is_some_and(|id| id != listed.id) {
            continue;
        }
        for key in state.store().signing_keys(listed.id).await? {
            // Data Integrity keys verify no JWT: they are published as Multikeys instead.
            if KeyKind::of(&key.public_jwk) != Some(KeyKind::DataIntegrity) {
                keys.push(public_jwk(base, &listed.slug, &key));
            }
        }
    }
    Ok(json!({ "keys": keys }))
}

/// A public key as published at its URL, in the form what it signed names it.
#[derive(Debug, Clone, PartialEq)]
pub enum PublishedKey {
    /// A VC-JWT key: the JWK its `kid` names.
    Jwk(Value),
    /// A Data Integrity key: the `Multikey` document its proofs' `verificationMethod` names.
    Multikey(Value),
}

/// One public key of the association by its thumbprint, as published at its URL (the `kid`
/// or `verificationMethod` of what it signs); `None` if the association has no such key.
pub async fn public_key(
    state: &AppState,
    association: AssociationId,
    slug: &str,
    thumbprint: &str,
) -> Result<Option<PublishedKey>, WebError> {
    let base = base_url(state);
    let keys = state.store().signing_keys(association).await?;
    let Some(key) = keys.iter().find(|key| key.kid == thumbprint) else {
        return Ok(None);
    };
    if KeyKind::of(&key.public_jwk) == Some(KeyKind::DataIntegrity) {
        let public = ed25519_public_key(key)?;
        return Ok(Some(PublishedKey::Multikey(
            crate::data_integrity::multikey_document(
                &key_url(base, slug, &key.kid),
                &issuer_id(base, slug),
                &public,
            ),
        )));
    }
    Ok(Some(PublishedKey::Jwk(public_jwk(base, slug, key))))
}

/// The 32 bytes of a stored Ed25519 key's public half (its JWK's `x`).
fn ed25519_public_key(key: &SigningKeyRow) -> Result<Vec<u8>, WebError> {
    key.public_jwk
        .get("x")
        .and_then(Value::as_str)
        .and_then(|x| URL_SAFE_NO_PAD.decode(x).ok())
        .filter(|bytes| bytes.len() == 32)
        .ok_or_else(|| WebError::Internal(format!("stored key {}: no Ed25519 x", key.kid)))
}

/// The issuer's controller document, answered at the issuer id for software that asks for
/// JSON: every Data Integrity key of the association (old ones too, so older proofs keep
/// verifying) under `assertionMethod`, as `@digitalbazaar/vc` checks a proof's purpose.
pub async fn controller_document(
    state: &AppState,
    association: AssociationId,
    slug: &str,
) -> Result<Value, WebError> {
    let base = base_url(state);
    let keys: Vec<String> = state
        .store()
        .signing_keys(association)
        .await?
        .iter()
        .filter(|key| KeyKind::of(&key.public_jwk) == Some(KeyKind::DataIntegrity))
        .map(|key| key_url(base, slug, &key.kid))
        .collect();
    Ok(crate::data_integrity::controller_document(
        &issuer_id(base, slug),
        &keys,
    ))
}

// ---------------------------------------------------------------------------------------------
// Verifying (the site's own verification page)
// ---------------------------------------------------------------------------------------------

/// The payload read without checking the signature: only to learn which issuer's keys to
/// check it with.
fn unverified_payload(jwt: &str) -> Result<Value, VerifyError> {
    let mut parts = jwt.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VerifyError::Malformed(
            "a VC-JWT has three parts separated by dots".to_string(),
        ));
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|e| VerifyError::Malformed(format!("payload: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| VerifyError::Malformed(format!("payload: {e}")))
}

fn text<'a>(value: &'a Value, pointer: &str) -> Result<&'a str, VerifyError> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .ok_or_else(|| VerifyError::Malformed(format!("{pointer} is missing")))
}

fn date_time(value: &Value, pointer: &str) -> Result<DateTime<Utc>, VerifyError> {
    DateTime::parse_from_rfc3339(text(value, pointer)?)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| VerifyError::Malformed(format!("{pointer}: {e}")))
}

/// The credential's revocation entry: its one `credentialStatus` object, or, in credentials
/// issued before that, the revocation entry of the array of two.
fn revocation_entry(payload: &Value) -> Result<&Value, VerifyError> {
    let is_revocation = |entry: &&Value| {
        entry.get("statusPurpose").and_then(Value::as_str) == Some(Purpose::Revocation.key())
    };
    match payload.get("credentialStatus") {
        Some(Value::Array(entries)) => entries.iter().find(is_revocation),
        Some(entry) => Some(entry).filter(is_revocation),
        None => None,
    }
    .ok_or_else(|| VerifyError::Malformed("no revocation status (credentialStatus)".to_string()))
}

/// The association an issuer id names, with its slug; only ours are known.
async fn issuing_association(
    state: &AppState,
    issuer: &str,
) -> Result<(String, lattice_store::AssociationRow), VerifyError> {
    let slug = issuer
        .strip_prefix(&format!("{}/a/", base_url(state)))
        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
        .ok_or(VerifyError::UnknownIssuer)?;
    match state.store().association_by_slug(slug).await {
        Ok(association) => Ok((slug.to_string(), association)),
        Err(StoreError::NotFound) => Err(VerifyError::UnknownIssuer),
        Err(other) => Err(other.into()),
    }
}

/// The issuing association's stored key with this thumbprint, and what kind of key it is; both
/// verification paths look keys up the same way and differ only in the kind they accept.
async fn issuer_key(
    state: &AppState,
    association: AssociationId,
    thumbprint: &str,
) -> Result<(SigningKeyRow, KeyKind), VerifyError> {
    let key = state
        .store()
        .signing_keys(association)
        .await?
        .into_iter()
        .find(|k| k.kid == thumbprint)
        .ok_or(VerifyError::UnknownKey)?;
    let kind = KeyKind::of(&key.public_jwk).ok_or_else(|| {
        VerifyError::Unavailable(format!("stored key {thumbprint}: unknown kind"))
    })?;
    Ok((key, kind))
}

/// Verifies a credential with an embedded Data Integrity proof (the JSON for wallets): the
/// `eddsa-rdfc-2022` proof against the issuing association's proof key its
/// `verificationMethod` names, then what [`verify`] also checks (dates, both status lists).
pub async fn verify_with_proof(
    state: &AppState,
    credential: &Value,
) -> Result<Verified, VerifyError> {
    let issuer = text(credential, "/issuer/id")?.to_string();
    let (slug, association) = issuing_association(state, &issuer).await?;
    let proof = match credential.get("proof") {
        Some(Value::Array(proofs)) if proofs.len() == 1 => &proofs[0],
        Some(proof @ Value::Object(_)) => proof,
        _ => return Err(VerifyError::Malformed("no single proof".to_string())),
    };
    let thumbprint = text(proof, "/verificationMethod")?
        .strip_prefix(&format!("{issuer}/keys/"))
        .ok_or(VerifyError::UnknownKey)?
        .to_string();
    let (key, kind) = issuer_key(state, association.id, &thumbprint).await?;
    // Only a Data Integrity key signs embedded proofs: a proof naming a JWT key was not ours.
    if kind != KeyKind::DataIntegrity {
        return Err(VerifyError::UnknownKey);
    }
    let public = ed25519_public_key(&key)?;
    let copy = credential.clone();
    tokio::task::spawn_blocking(move || crate::data_integrity::verify(&copy, &public))
        .await
        .map_err(|e| VerifyError::Unavailable(format!("proof task: {e}")))?
        .map_err(|e| match e {
            crate::data_integrity::ProofError::BadSignature => VerifyError::BadSignature,
            other => VerifyError::Malformed(other.to_string()),
        })?;
    checked(
        state,
        (association.id, association.name),
        &slug,
        issuer,
        thumbprint,
        credential.clone(),
    )
    .await
}

/// Verifies a credential this service issued: the signature against the issuing association's
/// published keys (ES256, or EdDSA for credentials signed before ES256, each only with a key
/// of its own kind), the validity dates, and both status lists' bits.
pub async fn verify(state: &AppState, jwt: &str) -> Result<Verified, VerifyError> {
    let jwt = jwt.trim();
    let header = jsonwebtoken::decode_header(jwt)
        .map_err(|e| VerifyError::Malformed(format!("header: {e}")))?;
    if !matches!(header.alg, Algorithm::ES256 | Algorithm::EdDSA) {
        return Err(VerifyError::Malformed(format!(
            "signed with {:?}, not ES256 (or EdDSA)",
            header.alg
        )));
    }
    let kid = header
        .kid
        .ok_or_else(|| VerifyError::Malformed("the header names no key (kid)".to_string()))?;
    let claimed = unverified_payload(jwt)?;
    let issuer = text(&claimed, "/iss")?.to_string();
    let (slug, association) = issuing_association(state, &issuer).await?;
    let slug = slug.as_str();
    // The kid is the key's URL (ES256), or its bare thumbprint (credentials signed EdDSA).
    let thumbprint = kid
        .strip_prefix(&format!("{issuer}/keys/"))
        .unwrap_or(&kid)
        .to_string();
    let (key, kind) = issuer_key(state, association.id, &thumbprint).await?;
    // A Data Integrity key signs embedded proofs only: a JWT naming it was not ours.
    if kind == KeyKind::DataIntegrity {
        return Err(VerifyError::UnknownKey);
    }
    // The key decides the algorithm: a token naming another one than its key's is refused
    // before any signature check (no algorithm confusion).
    if header.alg != kind.algorithm() {
        return Err(VerifyError::Malformed(format!(
            "the header's algorithm {:?} is not its key's ({:?})",
            header.alg,
            kind.algorithm()
        )));
    }
    let decoding = kind
        .decoding_key(&key.public_jwk)
        .map_err(|e| VerifyError::Unavailable(format!("stored key {thumbprint}: {e}")))?;
    let mut validation = Validation::new(kind.algorithm());
    validation.leeway = LEEWAY_SECS;
    validation.validate_nbf = true;
    validation.set_required_spec_claims(&["exp", "nbf", "iss"]);
    validation.set_issuer(&[issuer.as_str()]);
    let payload = jsonwebtoken::decode::<Value>(jwt, &decoding, &validation)
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature => VerifyError::BadSignature,
            ErrorKind::ExpiredSignature => VerifyError::Expired,
            ErrorKind::ImmatureSignature => VerifyError::NotYetValid,
            _ => VerifyError::Malformed(e.to_string()),
        })?
        .claims;

    checked(
        state,
        (association.id, association.name),
        slug,
        issuer.clone(),
        thumbprint,
        payload,
    )
    .await
}

/// What every credential of ours must also pass once its signature holds, whatever secures
/// it: its type, its own dates, and both status lists at its index.
async fn checked(
    state: &AppState,
    (association, association_name): (AssociationId, String),
    slug: &str,
    issuer: String,
    thumbprint: String,
    payload: Value,
) -> Result<Verified, VerifyError> {
    let base = base_url(state);
    let types = payload.get("type").and_then(Value::as_array);
    if !types.is_some_and(|t| t.iter().any(|t| t == "OpenBadgeCredential")) {
        return Err(VerifyError::Malformed(
            "not an OpenBadgeCredential".to_string(),
        ));
    }
    // The VC's own dates, besides the JWT's (which a JWT library has already checked).
    let valid_from = date_time(&payload, "/validFrom")?;
    let valid_until = date_time(&payload, "/validUntil")?;
    let now = Utc::now();
    let leeway = Duration::seconds(LEEWAY_SECS as i64);
    if now + leeway < valid_from {
        return Err(VerifyError::NotYetValid);
    }
    if now - leeway > valid_until {
        return Err(VerifyError::Expired);
    }

    // Both lists at the revocation entry's index: the credential names only the revocation
    // list, and the suspension list has the endorsement at the same index.
    let entry = revocation_entry(&payload)?;
    if text(entry, "/statusListCredential")? != status_list_id(base, slug, Purpose::Revocation) {
        return Err(VerifyError::Malformed(
            "the revocation status points at another list".to_string(),
        ));
    }
    let index: i64 = text(entry, "/statusListIndex")?
        .parse()
        .map_err(|_| VerifyError::Malformed("statusListIndex".to_string()))?;
    let endorsement = state.store().endorsement_by_status_index(index).await?;
    for purpose in Purpose::ALL {
        if marked(&endorsement, association, purpose) {
            return Err(match purpose {
                Purpose::Revocation => VerifyError::Revoked,
                Purpose::Suspension => VerifyError::Suspended,
            });
        }
    }

    let number = text(&payload, "/credentialSubject/licenseNumber")?.to_string();
    Ok(Verified {
        credential_number: number,
        issuer,
        association_name,
        display_name: text(&payload, "/credentialSubject/name")?.to_string(),
        title: text(&payload, "/name")?.to_string(),
        valid_from,
        valid_until,
        kid: thumbprint,
        credential: payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The revocation entry of a credential: its one object, or in credentials issued
    /// before, the revocation member of the array of two.
    #[test]
    fn the_revocation_entry_is_found_in_both_shapes() {
        let now =
            json!({"credentialStatus": {"statusPurpose": "revocation", "statusListIndex": "42"}});
        assert_eq!(
            revocation_entry(&now).expect("entry")["statusListIndex"],
            "42"
        );
        let old = json!({"credentialStatus": [
            {"statusPurpose": "suspension", "statusListIndex": "7"},
            {"statusPurpose": "revocation", "statusListIndex": "7"},
        ]});
        assert_eq!(
            revocation_entry(&old).expect("entry")["statusPurpose"],
            "revocation"
        );
        let suspension_only = json!({"credentialStatus": {"statusPurpose": "suspension"}});
        assert!(revocation_entry(&suspension_only).is_err());
    }

    #[test]
    fn resealed_secrets_open_with_the_new_key_only() {
        use lattice_domain::ids::PersonId;
        use lattice_store::{SealedOwner, SealedSecret};
        let (old, new) = ([7u8; 32], [9u8; 32]);
        let secrets = vec![
            SealedSecret {
                owner: SealedOwner::SigningKey("kid-1".to_string()),
                sealed: seal(&old, "kid-1", b"signing key").expect("seal"),
            },
            SealedSecret {
                owner: SealedOwner::SecondFactor(PersonId(4)),
                sealed: seal(&old, "totp:4", b"totp secret").expect("seal"),
            },
        ];
        let resealed = reseal(&old, &new, &secrets).expect("reseal");
        assert_eq!(resealed.len(), 2);
        assert_eq!(
            unseal(&new, "kid-1", &resealed[0].1).expect("open"),
            b"signing key"
        );
        assert_eq!(
            unseal(&new, "totp:4", &resealed[1].1).expect("open"),
            b"totp secret"
        );
        assert!(unseal(&old, "kid-1", &resealed[0].1).is_err());
        // A key that does not open what is stored changes nothing.
        assert!(reseal(&new, &old, &secrets).is_err());
    }

    #[test]
    fn the_key_file_is_made_once_and_private() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("nested").join(KEY_FILE);
        let first = load_or_create_key_file(&path).expect("create");
        let second = load_or_create_key_file(&path).expect("read");
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers = std::fs::read_dir(path.parent().expect("dir"))
            .expect("list")
            .count();
        assert_eq!(leftovers, 1, "the temporary file is removed");
    }

    #[test]
    fn random_ids_are_version_4_uuids() {
        let id = random_urn_uuid().expect("id");
        assert_eq!(id.len(), "urn:uuid:".len() + 36);
        assert_eq!(&id[9 + 14..9 + 15], "4");
        assert_ne!(id, random_urn_uuid().expect("id"));
    }

    #[test]
    fn the_keys_page_names_each_keys_use() {
        let ec = json!({"kty": "EC", "crv": "P-256", "x": "a", "y": "b"});
        let ed = json!({"kty": "OKP", "crv": "Ed25519", "x": "a"});
        let proof_key = json!({"kty": "OKP", "crv": "Ed25519", "x": "a",
                               "cryptosuite": "eddsa-rdfc-2022"});
        assert_eq!(
            key_use(&proof_key),
            "Data Integrity proofs (eddsa-rdfc-2022)"
        );
        assert_eq!(key_use(&ec), "VC-JWT and status lists");
        assert_eq!(key_use(&ec), key_use(&ed));
        assert_eq!(key_use(&json!({"kty": "RSA"})), "unknown");
    }
}
