//! The sealing of private signing keys and the names of public ones. Private keys never
//! leave the server unsealed: each is stored as its PKCS#8 document sealed with
//! ChaCha20-Poly1305 under a key-encryption key, the key's own name (its kid) as associated
//! data. A key's name is its RFC 7638 JWK thumbprint.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair, KeyPair};
use serde_json::{Value, json};

/// Why a key could not be sealed or opened: a fault of the server's configuration or data,
/// never of a visitor's input.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("credential keys: {0}")]
pub struct KeyError(pub String);

fn internal(what: &str) -> impl Fn(ring::error::Unspecified) -> KeyError + '_ {
    move |_| KeyError(what.to_string())
}

fn aead_key(kek: &[u8; 32]) -> Result<LessSafeKey, KeyError> {
    UnboundKey::new(&CHACHA20_POLY1305, kek)
        .map(LessSafeKey::new)
        .map_err(internal("key-encryption key"))
}

/// Seals a private key: base64 of `nonce || ciphertext+tag`. The kid is the associated data,
/// so a sealed key copied onto another key's row does not open.
pub fn seal(kek: &[u8; 32], kid: &str, pkcs8: &[u8]) -> Result<String, KeyError> {
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new()
        .fill(&mut nonce)
        .map_err(internal("randomness"))?;
    let mut sealed = pkcs8.to_vec();
    aead_key(kek)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(kid.as_bytes()),
            &mut sealed,
        )
        .map_err(internal("sealing"))?;
    let mut stored = nonce.to_vec();
    stored.extend_from_slice(&sealed);
    Ok(STANDARD.encode(stored))
}

pub fn unseal(kek: &[u8; 32], kid: &str, sealed: &str) -> Result<Vec<u8>, KeyError> {
    let bytes = STANDARD
        .decode(sealed.trim())
        .map_err(|e| KeyError(format!("sealed key {kid}: {e}")))?;
    if bytes.len() <= NONCE_LEN {
        return Err(KeyError(format!("sealed key {kid}: too short")));
    }
    let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(internal("nonce"))?;
    let mut buffer = ciphertext.to_vec();
    let opened = aead_key(kek)?
        .open_in_place(nonce, Aad::from(kid.as_bytes()), &mut buffer)
        .map_err(|_| {
            KeyError(format!(
                "sealed key {kid} does not open with this credential_key (was it changed?)"
            ))
        })?;
    Ok(opened.to_vec())
}

/// SHA-256 of a JWK's required members, base64url (RFC 7638). The members are written in
/// lexicographic order and their values are base64url, so this is the canonical form.
fn jwk_thumbprint(required: &Value) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        required.to_string().as_bytes(),
    ))
}

/// The RFC 7638 thumbprint of an Ed25519 public key (RFC 8037). Stable, so the kid names the
/// key itself.
pub fn thumbprint(x: &str) -> String {
    jwk_thumbprint(&json!({"crv": "Ed25519", "kty": "OKP", "x": x}))
}

/// The RFC 7638 thumbprint of a P-256 public key.
pub fn ec_thumbprint(x: &str, y: &str) -> String {
    jwk_thumbprint(&json!({"crv": "P-256", "kty": "EC", "x": x, "y": y}))
}

/// The kinds of signing key. New VC-JWT keys are P-256 (ES256): OB 3.0 verifiers and
/// 1EdTech's validator accept RS256 or ES256 only. Ed25519 keys made before stay to verify
/// what they signed, and sign nothing new. Each association also has an Ed25519 key for the
/// embedded Data Integrity proof (`eddsa-rdfc-2022` asks for Ed25519), kept apart from the
/// JWT keys: it signs no JWT and is not in the JWKS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    P256,
    Ed25519,
    DataIntegrity,
}

/// The member of a stored key's JWK that marks it as a Data Integrity key, with its
/// cryptosuite as value. Not a JWK member: it is never published (see [`public_jwk`]); it
/// keeps the keys of both formats in one table, sealed and rotated alike, without a schema
/// change.
pub const CRYPTOSUITE_MEMBER: &str = "cryptosuite";

impl KeyKind {
    pub fn of(jwk: &Value) -> Option<KeyKind> {
        let member = |name| jwk.get(name).and_then(Value::as_str);
        match (member("kty"), member("crv"), member(CRYPTOSUITE_MEMBER)) {
            (Some("EC"), Some("P-256"), None) => Some(KeyKind::P256),
            (Some("OKP"), Some("Ed25519"), None) => Some(KeyKind::Ed25519),
            (Some("OKP"), Some("Ed25519"), Some(crate::data_integrity::CRYPTOSUITE)) => {
                Some(KeyKind::DataIntegrity)
            }
            _ => None,
        }
    }

    /// The one algorithm a key of this kind verifies: the key decides, never the token. A
    /// Data Integrity key verifies no JWT (the web service's verifier refuses it before asking).
    pub fn algorithm(self) -> Algorithm {
        match self {
            KeyKind::P256 => Algorithm::ES256,
            KeyKind::Ed25519 | KeyKind::DataIntegrity => Algorithm::EdDSA,
        }
    }

    pub fn decoding_key(self, jwk: &Value) -> Result<DecodingKey, String> {
        let member = |name| {
            jwk.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| format!("has no {name}"))
        };
        match self {
            KeyKind::P256 => DecodingKey::from_ec_components(member("x")?, member("y")?),
            KeyKind::Ed25519 | KeyKind::DataIntegrity => {
                DecodingKey::from_ed_components(member("x")?)
            }
        }
        .map_err(|e| e.to_string())
    }
}

/// A new Ed25519 key for Data Integrity proofs: its PKCS#8 document and stored public JWK
/// (marked with its cryptosuite; the kid its RFC 7638 thumbprint, as for every key).
pub fn new_data_integrity_key() -> Result<(Vec<u8>, Value), KeyError> {
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .map_err(internal("generating a key"))?;
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).map_err(|e| KeyError(e.to_string()))?;
    let x = URL_SAFE_NO_PAD.encode(pair.public_key().as_ref());
    let kid = thumbprint(&x);
    Ok((
        pkcs8.as_ref().to_vec(),
        json!({
            "kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid,
            CRYPTOSUITE_MEMBER: crate::data_integrity::CRYPTOSUITE,
        }),
    ))
}

/// A new P-256 key for VC-JWTs: its PKCS#8 document and public JWK.
pub fn new_p256() -> Result<(Vec<u8>, Value), KeyError> {
    let random = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &random)
        .map_err(internal("generating a key"))?;
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &random)
        .map_err(|e| KeyError(e.to_string()))?;
    // The public key is the uncompressed point: 0x04, then x and y, 32 bytes each.
    let point = pair.public_key().as_ref();
    let (Some(0x04), Some(x), Some(y), None) = (
        point.first(),
        point.get(1..33),
        point.get(33..65),
        point.get(65),
    ) else {
        return Err(KeyError(
            "the P-256 public key is not an uncompressed point".to_string(),
        ));
    };
    let (x, y) = (URL_SAFE_NO_PAD.encode(x), URL_SAFE_NO_PAD.encode(y));
    let kid = ec_thumbprint(&x, &y);
    Ok((
        pkcs8.as_ref().to_vec(),
        json!({
            "kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": kid, "alg": "ES256", "use": "sig",
        }),
    ))
}

/// The JOSE `typ` of a VC-JWT.
pub const VC_JWT_TYP: &str = "vc+jwt";

/// A compact JWS signed ES256 with the P-256 key in `pkcs8`, `kid` naming it (its URL) and
/// `typ` the VC-JWT media type.
pub fn sign_es256(kid: &str, pkcs8: &[u8], payload: &Value) -> Result<String, KeyError> {
    let mut header = Header::new(KeyKind::P256.algorithm());
    header.typ = Some(VC_JWT_TYP.to_string());
    header.kid = Some(kid.to_string());
    // jsonwebtoken reads an EC private key as PKCS#8, what ring made and the store sealed.
    jsonwebtoken::encode(&header, payload, &EncodingKey::from_ec_der(pkcs8))
        .map_err(|e| KeyError(format!("signing a credential: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbprints_follow_rfc_8037() {
        // RFC 8037, appendix A.3.
        assert_eq!(
            thumbprint("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }

    #[test]
    fn sealed_keys_open_only_with_their_key_and_kid() {
        let kek = [7u8; 32];
        let sealed = seal(&kek, "kid-1", b"private bytes").expect("seal");
        assert!(!sealed.contains("private"));
        assert_eq!(
            unseal(&kek, "kid-1", &sealed).expect("open"),
            b"private bytes"
        );
        assert!(unseal(&[8u8; 32], "kid-1", &sealed).is_err());
        assert!(unseal(&kek, "kid-2", &sealed).is_err());
        // A fresh nonce each time: the same key seals differently.
        assert_ne!(sealed, seal(&kek, "kid-1", b"private bytes").expect("seal"));
    }

    #[test]
    fn key_kinds_come_from_the_stored_jwk_and_fix_the_algorithm() {
        let ec = json!({"kty": "EC", "crv": "P-256", "x": "a", "y": "b"});
        let ed = json!({"kty": "OKP", "crv": "Ed25519", "x": "a"});
        assert_eq!(KeyKind::of(&ec), Some(KeyKind::P256));
        assert_eq!(KeyKind::of(&ed), Some(KeyKind::Ed25519));
        assert_eq!(KeyKind::of(&json!({"kty": "EC", "crv": "P-384"})), None);
        assert_eq!(KeyKind::of(&json!({"kty": "RSA"})), None);
        // A Data Integrity key is an Ed25519 key marked with its cryptosuite: never taken for
        // a legacy JWT key (nor the reverse), and any other cryptosuite is no known kind.
        let proof_key = json!({"kty": "OKP", "crv": "Ed25519", "x": "a",
                               "cryptosuite": "eddsa-rdfc-2022"});
        assert_eq!(KeyKind::of(&proof_key), Some(KeyKind::DataIntegrity));
        let other_suite = json!({"kty": "OKP", "crv": "Ed25519", "x": "a",
                                 "cryptosuite": "eddsa-jcs-2022"});
        assert_eq!(KeyKind::of(&other_suite), None);
        let marked_ec = json!({"kty": "EC", "crv": "P-256", "cryptosuite": "eddsa-rdfc-2022"});
        assert_eq!(KeyKind::of(&marked_ec), None);
        assert_eq!(KeyKind::P256.algorithm(), Algorithm::ES256);
        assert_eq!(KeyKind::Ed25519.algorithm(), Algorithm::EdDSA);
    }
}
