//! The sealing of private signing keys and the names of public ones. Private keys never
//! leave the server unsealed: each is stored as its PKCS#8 document sealed with
//! ChaCha20-Poly1305 under a key-encryption key, the key's own name (its kid) as associated
//! data. A key's name is its RFC 7638 JWK thumbprint.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
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
}
