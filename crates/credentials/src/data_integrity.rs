//! Embedded Data Integrity proofs, the `eddsa-rdfc-2022` cryptosuite of W3C vc-di-eddsa: the
//! credential format wallets such as the Learner Credential Wallet verify (the VC-JWT is for
//! JOSE verifiers). Pure: no store, no HTTP; `crate::credential` finds the key and the
//! document, `tests/vectors/` holds the W3C test vector this is checked against.
//!
//! The proof signs `SHA-256(canonical proof options) || SHA-256(canonical document)`, each
//! canonical form the RDFC-1.0 N-Quads of the JSON-LD read as RDF. Both steps come from the
//! Oxigraph project (`oxjsonld`, `oxrdf` with `rdfc-10`) rather than being written here: a
//! canonicalization that differs from other implementations in one escape breaks every
//! proof, and theirs is tested against the W3C suites. JSON-LD contexts are never fetched:
//! every context a credential may name is stored in `crates/credentials/contexts/` (sources in its
//! README) and served by [`load_context`]; any other makes the document unreadable.

use oxjsonld::{JsonLdLoadDocumentOptions, JsonLdParser, JsonLdRemoteDocument};
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use ring::digest::{SHA256, digest};
use ring::signature::{ED25519, Ed25519KeyPair, UnparsedPublicKey};
use serde_json::{Value, json};

/// The proof's `type` and `cryptosuite`.
pub const PROOF_TYPE: &str = "DataIntegrityProof";
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
/// What the proof asserts: the issuer states the credential (the controller document lists
/// the key under `assertionMethod`).
pub const PROOF_PURPOSE: &str = "assertionMethod";

/// The context a `Multikey` document names; verifiers (`@digitalbazaar/ed25519-multikey`)
/// check for it by name.
pub const MULTIKEY_CONTEXT: &str = "https://w3id.org/security/multikey/v1";
/// The context of the issuer's controller document (W3C Controlled Identifiers 1.0), which
/// lists the proof keys under `assertionMethod`.
pub const CID_CONTEXT: &str = "https://www.w3.org/ns/cid/v1";

/// Every JSON-LD context this service reads, by URL, stored in the repository. The same list
/// is `contexts/index.json`, which the Node verifier (`crates/web/tests/di/verify.mjs`) reads
/// (a test keeps the two equal).
pub const CONTEXTS: [(&str, &str); 4] = [
    (
        "https://www.w3.org/ns/credentials/v2",
        include_str!("../contexts/credentials-v2.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        include_str!("../contexts/ob-context-3.0.3.json"),
    ),
    (
        // The W3C test vector's credential names it; no Lattice credential does.
        "https://www.w3.org/ns/credentials/examples/v2",
        include_str!("../contexts/credentials-examples-v2.jsonld"),
    ),
    (CID_CONTEXT, include_str!("../contexts/cid-v1.jsonld")),
];

/// The multicodec prefix of an Ed25519 public key (`ed25519-pub`, 0xed as a varint).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// Why a proof could not be made or checked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProofError {
    #[error("the document is not JSON-LD this service can read: {0}")]
    JsonLd(String),
    #[error("the document has no proof of type {PROOF_TYPE} with cryptosuite {CRYPTOSUITE}")]
    NoProof,
    #[error("the proof's {0} is malformed")]
    Malformed(&'static str),
    #[error("the proof does not match the document: it was altered or signed by another key")]
    BadSignature,
}

/// The stored copy of a context, or an error naming it: nothing is fetched.
pub fn load_context(url: &str) -> Option<&'static str> {
    CONTEXTS
        .iter()
        .find(|(known, _)| *known == url)
        .map(|(_, text)| *text)
}

fn stored_context(
    url: &str,
    _options: &JsonLdLoadDocumentOptions,
) -> Result<JsonLdRemoteDocument, Box<dyn std::error::Error + Send + Sync>> {
    let text = load_context(url)
        .ok_or_else(|| format!("the context {url} is not one this service stores"))?;
    Ok(JsonLdRemoteDocument {
        document: text.as_bytes().to_vec(),
        document_url: url.to_string(),
    })
}

/// The RDFC-1.0 canonical N-Quads of a JSON-LD document: its quads with canonical blank node
/// labels, one per line, each ending ` .\n`, sorted by code point (RDFC-1.0 §4.4 step 5).
pub fn canonicalize(document: &Value) -> Result<String, ProofError> {
    let bytes = serde_json::to_vec(document).map_err(|e| ProofError::JsonLd(e.to_string()))?;
    let mut dataset = Dataset::new();
    for quad in JsonLdParser::new()
        .for_slice(&bytes)
        .with_load_document_callback(stored_context)
    {
        let quad = quad.map_err(|e| ProofError::JsonLd(e.to_string()))?;
        dataset.insert(&quad);
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(|quad| format!("{quad} .\n")).collect();
    lines.sort_unstable();
    Ok(lines.concat())
}

/// The proof without its `proofValue`, under the document's contexts: what the signature
/// covers besides the document (vc-di-eddsa §3.3.5 "Proof Configuration").
fn proof_configuration(document: &Value, proof: &Value) -> Value {
    let mut configuration = serde_json::Map::new();
    configuration.insert(
        "@context".to_string(),
        document.get("@context").cloned().unwrap_or(Value::Null),
    );
    if let Some(members) = proof.as_object() {
        for (name, value) in members {
            if name != "proofValue" {
                configuration.insert(name.clone(), value.clone());
            }
        }
    }
    Value::Object(configuration)
}

/// The bytes an `eddsa-rdfc-2022` signature covers (vc-di-eddsa §3.3.4 "Hashing"): the hash of
/// the canonical proof configuration, then the hash of the canonical document, 64 bytes.
pub fn signed_bytes(document: &Value, proof: &Value) -> Result<Vec<u8>, ProofError> {
    let mut unsecured = document.clone();
    if let Some(members) = unsecured.as_object_mut() {
        members.remove("proof");
    }
    let configuration = canonicalize(&proof_configuration(document, proof))?;
    let document = canonicalize(&unsecured)?;
    let mut bytes = digest(&SHA256, configuration.as_bytes()).as_ref().to_vec();
    bytes.extend_from_slice(digest(&SHA256, document.as_bytes()).as_ref());
    Ok(bytes)
}

/// `document` with an embedded `DataIntegrityProof` by `key`, named by `verification_method`
/// (a URL that dereferences to the key's `Multikey` document), `created` an RFC 3339 time.
/// The proof is written as an array of one: the OB 3.0 JSON Schema allows no other form, and
/// JSON-LD reads it as the same graph as the lone object (the signature is the same).
pub fn sign(
    document: &Value,
    key: &Ed25519KeyPair,
    verification_method: &str,
    created: &str,
) -> Result<Value, ProofError> {
    let proof = create_proof(document, key, verification_method, created)?;
    let mut secured = document.clone();
    secured
        .as_object_mut()
        .ok_or_else(|| ProofError::JsonLd("the document is not a JSON object".to_string()))?
        .insert("proof".to_string(), Value::Array(vec![proof]));
    Ok(secured)
}

/// The `DataIntegrityProof` object for `document` (vc-di-eddsa §3.3.1 "Create Proof").
pub fn create_proof(
    document: &Value,
    key: &Ed25519KeyPair,
    verification_method: &str,
    created: &str,
) -> Result<Value, ProofError> {
    let mut proof = json!({
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    });
    let signature = key.sign(&signed_bytes(document, &proof)?);
    proof["proofValue"] = Value::String(format!(
        "z{}",
        bs58::encode(signature.as_ref()).into_string()
    ));
    Ok(proof)
}

/// Checks the document's `eddsa-rdfc-2022` proof against `public_key` (32 bytes), the key its
/// `verificationMethod` names (finding that key is the caller's part). Checks the signature
/// only: dates and status belong to the credential.
pub fn verify(secured: &Value, public_key: &[u8]) -> Result<(), ProofError> {
    // The proof, alone or as the one member of an array (how [`sign`] writes it).
    let proof = match secured.get("proof") {
        Some(Value::Array(proofs)) if proofs.len() == 1 => &proofs[0],
        Some(proof @ Value::Object(_)) => proof,
        _ => return Err(ProofError::NoProof),
    };
    let text = |name| proof.get(name).and_then(Value::as_str);
    if text("type") != Some(PROOF_TYPE) || text("cryptosuite") != Some(CRYPTOSUITE) {
        return Err(ProofError::NoProof);
    }
    let signature = text("proofValue")
        .and_then(|value| value.strip_prefix('z'))
        .and_then(|value| bs58::decode(value).into_vec().ok())
        .filter(|bytes| bytes.len() == 64)
        .ok_or(ProofError::Malformed("proofValue"))?;
    let signed = signed_bytes(secured, proof)?;
    UnparsedPublicKey::new(&ED25519, public_key)
        .verify(&signed, &signature)
        .map_err(|_| ProofError::BadSignature)
}

/// An Ed25519 public key as a Multikey `publicKeyMultibase`: base58btc (`z`) of the
/// multicodec prefix and the 32 key bytes, the `z6Mk…` form.
pub fn public_key_multibase(public_key: &[u8]) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(public_key);
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The 32 key bytes of a `publicKeyMultibase`, if it is an Ed25519 one.
pub fn public_key_from_multibase(multibase: &str) -> Option<Vec<u8>> {
    let bytes = bs58::decode(multibase.strip_prefix('z')?).into_vec().ok()?;
    let key = bytes.strip_prefix(&ED25519_PUB)?;
    (key.len() == 32).then(|| key.to_vec())
}

/// The key's `Multikey` document, published at its `id` (the proofs' `verificationMethod`).
pub fn multikey_document(id: &str, controller: &str, public_key: &[u8]) -> Value {
    json!({
        "@context": MULTIKEY_CONTEXT,
        "id": id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public_key_multibase(public_key),
    })
}

/// The issuer's controller document: the keys it vouches for as its assertions, so a
/// verifier that checks the proof purpose (`@digitalbazaar/vc` does) accepts the proof.
pub fn controller_document(issuer: &str, assertion_keys: &[String]) -> Value {
    json!({
        "@context": [CID_CONTEXT],
        "id": issuer,
        "assertionMethod": assertion_keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTORS: &str = "tests/vectors/eddsa-rdfc-2022";

    fn vector(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(VECTORS)
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn json_vector(name: &str) -> Value {
        serde_json::from_str(&vector(name)).expect("vector JSON")
    }

    /// The W3C key pair of the vectors: multibase seed (prefix 0x8026) and public key.
    fn vector_key() -> (Ed25519KeyPair, Vec<u8>) {
        let pair = json_vector("keyPair.json");
        let public = public_key_from_multibase(pair["publicKeyMultibase"].as_str().expect("pk"))
            .expect("Ed25519 public key");
        let private = bs58::decode(
            pair["privateKeyMultibase"]
                .as_str()
                .and_then(|s| s.strip_prefix('z'))
                .expect("multibase"),
        )
        .into_vec()
        .expect("base58");
        let seed = private.strip_prefix(&[0x80, 0x26]).expect("ed25519-priv");
        let key = Ed25519KeyPair::from_seed_and_public_key(seed, &public).expect("key pair");
        (key, public)
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// vc-di-eddsa's eddsa-rdfc-2022 test vector, step by step: the canonical document and
    /// proof options, the combined hash, and the signature (Ed25519 is deterministic, so
    /// signing anew must give the spec's proofValue byte for byte).
    #[test]
    fn the_w3c_test_vector_is_reproduced() {
        let signed = json_vector("signedDataInt.json");
        let mut unsecured = signed.clone();
        let proof = unsecured
            .as_object_mut()
            .and_then(|m| m.remove("proof"))
            .expect("proof");
        assert_eq!(
            canonicalize(&unsecured).expect("canonical document"),
            vector("canonDocDataInt.txt")
        );
        assert_eq!(
            canonicalize(&proof_configuration(&unsecured, &proof)).expect("canonical proof"),
            vector("proofCanonDataInt.txt")
        );
        assert_eq!(
            hex(&signed_bytes(&signed, &proof).expect("hash")),
            vector("combinedHashDataInt.txt").trim()
        );
        let (key, public) = vector_key();
        let again = sign(
            &unsecured,
            &key,
            proof["verificationMethod"].as_str().expect("vm"),
            proof["created"].as_str().expect("created"),
        )
        .expect("sign");
        assert_eq!(
            again["proof"][0]["proofValue"],
            vector("sigBTC58DataInt.txt").trim()
        );
        assert_eq!(again["proof"][0], signed["proof"]);
        assert_eq!(verify(&signed, &public), Ok(()));
        // The array of one that `sign` writes verifies alike.
        assert_eq!(verify(&again, &public), Ok(()));
    }

    #[test]
    fn a_changed_document_or_proof_does_not_verify() {
        let signed = json_vector("signedDataInt.json");
        let (_, public) = vector_key();
        let mut renamed = signed.clone();
        renamed["credentialSubject"]["alumniOf"] = json!("The School of Other Examples");
        assert_eq!(verify(&renamed, &public), Err(ProofError::BadSignature));
        let mut redated = signed.clone();
        redated["validFrom"] = json!("2023-01-02T00:00:00Z");
        assert_eq!(verify(&redated, &public), Err(ProofError::BadSignature));
        let mut recreated = signed.clone();
        recreated["proof"]["created"] = json!("2023-02-25T23:36:38Z");
        assert_eq!(verify(&recreated, &public), Err(ProofError::BadSignature));
        // Another key's signature on the same bytes.
        let mut other = signed.clone();
        let value = other["proof"]["proofValue"]
            .as_str()
            .expect("pv")
            .to_string();
        let mut bytes = bs58::decode(&value[1..]).into_vec().expect("base58");
        bytes[10] ^= 1;
        other["proof"]["proofValue"] = json!(format!("z{}", bs58::encode(bytes).into_string()));
        assert_eq!(verify(&other, &public), Err(ProofError::BadSignature));
        let mut short = signed.clone();
        short["proof"]["proofValue"] = json!("z2YwC8");
        assert_eq!(
            verify(&short, &public),
            Err(ProofError::Malformed("proofValue"))
        );
        let mut jcs = signed;
        jcs["proof"]["cryptosuite"] = json!("eddsa-jcs-2022");
        assert_eq!(verify(&jcs, &public), Err(ProofError::NoProof));
    }

    #[test]
    fn only_stored_contexts_are_read() {
        let unknown = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://example.org/ctx"],
            "id": "urn:uuid:1",
            "type": ["VerifiableCredential"],
        });
        let error = canonicalize(&unknown).expect_err("unknown context");
        assert!(
            matches!(&error, ProofError::JsonLd(m) if m.contains("https://example.org/ctx")),
            "{error:?}"
        );
    }

    #[test]
    fn the_context_index_lists_the_stored_contexts() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contexts");
        let index: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("index.json")).expect("index.json"),
        )
        .expect("index JSON");
        let index = index.as_object().expect("object");
        assert_eq!(index.len(), CONTEXTS.len());
        for (url, text) in CONTEXTS {
            let file = index
                .get(url)
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{url} is not in contexts/index.json"));
            assert_eq!(
                std::fs::read_to_string(dir.join(file)).expect("context file"),
                text,
                "{url}"
            );
        }
    }

    #[test]
    fn multikeys_round_trip_in_the_z6mk_form() {
        let (_, public) = vector_key();
        let multibase = public_key_multibase(&public);
        assert_eq!(
            multibase,
            "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
        );
        assert_eq!(public_key_from_multibase(&multibase), Some(public));
        assert_eq!(public_key_from_multibase("zabc"), None);
        let document =
            multikey_document("https://l.test/a/x/keys/k", "https://l.test/a/x", &[0; 32]);
        assert_eq!(document["type"], "Multikey");
        assert_eq!(document["@context"], MULTIKEY_CONTEXT);
    }
}
