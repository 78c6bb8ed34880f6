//! The credential with an embedded Data Integrity proof (`eddsa-rdfc-2022`), checked the way a
//! wallet or the Digital Credentials Consortium's verifier would: `tests/di/verify.mjs` runs
//! `@digitalbazaar/vc` with the eddsa-rdfc-2022 cryptosuite against a real server on loopback,
//! loading the key and the issuer's controller document over HTTP and every JSON-LD context
//! from the copies in `contexts/` (nothing from the internet). Each kind of issued credential
//! (new endorsement, renewal, transfer) verifies and conforms to the OB 3.0 JSON Schema;
//! tampered copies, a revoked endorsement and a proof by an unlisted key do not.
//!
//! Needs `node` and the npm packages `scripts/test` installs into target/jose. Under
//! `CI=true` a missing one fails the test instead of skipping it.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use lattice_domain::endorsement::Status;
use lattice_store::NewAudit;
use lattice_web::credential::{self, VerifyError};
use serde_json::{Value, json};

use crate::credentials::{Browser, JoseRig, Verdict, in_ci, node_script, schema_check, set_status};

/// The npm packages the proof verifier needs, beside jose and ajv.
const PACKAGES: [&str; 5] = [
    "@digitalbazaar/vc",
    "@digitalbazaar/data-integrity",
    "@digitalbazaar/eddsa-rdfc-2022-cryptosuite",
    "@digitalbazaar/security-context",
    "jose",
];

/// Whether node and the verifier's packages are there; outside CI a missing one skips.
fn packages_installed() -> bool {
    let dir = std::env::var("LATTICE_JOSE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| crate::browser::workspace().join("target/jose"));
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    let missing: Vec<&str> = PACKAGES
        .iter()
        .copied()
        .filter(|name| {
            !dir.join(format!("node_modules/{name}/package.json"))
                .exists()
        })
        .collect();
    if node && missing.is_empty() {
        return true;
    }
    let what = if node {
        format!("{} in {}", missing.join(", "), dir.display())
    } else {
        "node".to_string()
    };
    if in_ci() {
        panic!("CI=true but {what} is missing: the Data Integrity test must run (scripts/test)");
    }
    eprintln!("{what} is not installed; skipping the Data Integrity test (run ./scripts/test)");
    false
}

async fn di_verify(jose: &Path, args: &[&str], credential: &Value) -> Verdict {
    node_script(jose, "tests/di/verify.mjs", args, &credential.to_string()).await
}

/// The endorsement's credential as JSON-LD with its proof, downloaded as its endorsee would.
async fn download(browser: &mut Browser, number: &str) -> Value {
    let response = browser
        .get(&format!("/credentials/{number}/credential.json"))
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{number}");
    assert_eq!(response.headers()["content-type"], "application/vc");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(
        response.headers()["content-disposition"],
        format!("attachment; filename=\"{number}.json\"").as_str()
    );
    response.json().await.expect("credential JSON")
}

/// Asserts the verifier refuses `credential`, naming why.
async fn refused(jose: &Path, credential: &Value, what: &str, because: &str) {
    let verdict = di_verify(jose, &[], credential).await;
    assert_eq!(verdict.code, 1, "{what}: {verdict:?}");
    assert_eq!(verdict.report["verified"], false, "{what}");
    let reason = verdict.report["reason"].as_str().unwrap_or_default();
    assert!(reason.contains(because), "{what}: {verdict:?}");
}

#[tokio::test]
async fn embedded_proofs_verify_with_the_dcc_libraries_until_tampered_or_revoked() {
    if !packages_installed() {
        return;
    }
    let Some(JoseRig {
        jose,
        work: _work,
        _sink,
        served,
        base,
        store,
        jack,
        mut browser,
    }) = JoseRig::start().await
    else {
        return;
    };
    let issuer = format!("{base}/a/massaimh");

    // A new endorsement's credential: a DataIntegrityProof by the association's Ed25519 key,
    // named by its URL; the same credential as the VC-JWT, without the JWT claims.
    let credential = download(&mut browser, &jack.credential_number).await;
    // An array of one proof, as the OB 3.0 schema asks.
    assert_eq!(
        credential["proof"].as_array().map(Vec::len),
        Some(1),
        "{credential}"
    );
    let proof = &credential["proof"][0];
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(proof["proofPurpose"], "assertionMethod");
    let method = proof["verificationMethod"]
        .as_str()
        .expect("vm")
        .to_string();
    assert!(method.starts_with(&format!("{issuer}/keys/")), "{method}");
    assert!(
        proof["proofValue"]
            .as_str()
            .is_some_and(|v| v.starts_with('z'))
    );
    assert_eq!(credential["issuer"]["id"], issuer.as_str());
    for claim in ["iss", "sub", "jti", "iat", "nbf", "exp"] {
        assert!(credential.get(claim).is_none(), "{claim} in {credential}");
    }
    let jwt = browser.credential(&jack.credential_number).await;
    let jwt_payload = jwt_payload(&jwt);
    for member in [
        "id",
        "credentialSubject",
        "validFrom",
        "validUntil",
        "issuer",
    ] {
        assert_eq!(credential[member], jwt_payload[member], "{member}");
    }

    // The DCC libraries verify it: proof, key, the issuer's assertionMethod, dates, status.
    let verdict = di_verify(&jose, &["--issuer", &issuer], &credential).await;
    assert_eq!(verdict.code, 0, "{verdict:?}");
    assert_eq!(verdict.report["verified"], true);
    assert_eq!(verdict.report["subject"], "Jack Osei");
    assert_eq!(verdict.report["statuses"]["revocation"], false);
    let loaded: Vec<&str> = verdict.report["loaded"]
        .as_array()
        .expect("loaded")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(loaded.contains(&method.as_str()), "{loaded:?}");
    assert!(loaded.contains(&issuer.as_str()), "{loaded:?}");
    // And it conforms to the OB 3.0 JSON Schema, proof and all.
    let conforms = schema_check(&jose, &credential.to_string()).await;
    assert_eq!(conforms.code, 0, "{conforms:?}");

    // The key's URL answers its Multikey document; the issuer id, asked for JSON-LD, its
    // controller document listing the key; asked by a browser, still the page.
    let response = browser.http.get(&method).send().await.expect("key");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/ld+json");
    let key: Value = response.json().await.expect("Multikey");
    assert_eq!(key["type"], "Multikey");
    assert_eq!(key["id"], method.as_str());
    assert_eq!(key["controller"], issuer.as_str());
    assert!(
        key["publicKeyMultibase"]
            .as_str()
            .is_some_and(|k| k.starts_with("z6Mk")),
        "{key}"
    );
    assert!(key.get("d").is_none() && !key.to_string().contains("private"));
    // The service's own check agrees with the DCC libraries, with the published key.
    let public = lattice_web::data_integrity::public_key_from_multibase(
        key["publicKeyMultibase"].as_str().expect("multibase"),
    )
    .expect("Ed25519 key");
    assert_eq!(
        lattice_web::data_integrity::verify(&credential, &public),
        Ok(())
    );
    let mut renamed = credential.clone();
    renamed["credentialSubject"]["name"] = json!("Jack Oseii");
    assert_eq!(
        lattice_web::data_integrity::verify(&renamed, &public),
        Err(lattice_web::data_integrity::ProofError::BadSignature)
    );
    let controller: Value = browser
        .http
        .get(&issuer)
        .header("accept", "application/ld+json")
        .send()
        .await
        .expect("controller")
        .json()
        .await
        .expect("controller JSON");
    assert_eq!(controller["id"], issuer.as_str());
    assert_eq!(controller["assertionMethod"], json!([method]));
    let page = browser
        .http
        .get(&issuer)
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .expect("page");
    assert!(
        page.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/html"))
    );
    // The proof key is no JWT key: the key sets hold only the ES256 keys.
    let jwks: Value = browser
        .get("/a/massaimh/jwks.json")
        .await
        .json()
        .await
        .expect("JWKS");
    let keys = jwks["keys"].as_array().expect("keys");
    assert!(!keys.is_empty());
    assert!(keys.iter().all(|k| k["kty"] == "EC"), "{jwks}");

    // Tampered copies fail: the name, a date, the signature, the key it names.
    let mut renamed = credential.clone();
    renamed["credentialSubject"]["name"] = json!("Jack Oseii");
    refused(&jose, &renamed, "a changed name", "Invalid signature").await;
    let mut redated = credential.clone();
    redated["validUntil"] = json!("2099-12-31T23:59:59Z");
    refused(&jose, &redated, "a changed date", "Invalid signature").await;
    let mut resigned = credential.clone();
    let value = proof["proofValue"].as_str().expect("proofValue");
    let mut bytes = bs58::decode(&value[1..]).into_vec().expect("base58");
    bytes[0] ^= 1;
    resigned["proof"][0]["proofValue"] = json!(format!("z{}", bs58::encode(bytes).into_string()));
    refused(
        &jose,
        &resigned,
        "a changed proofValue",
        "Invalid signature",
    )
    .await;
    let mut elsewhere = credential.clone();
    elsewhere["proof"][0]["verificationMethod"] = json!(format!(
        "{base}/a/nmaimh/keys/{}",
        method.rsplit('/').next().expect("kid")
    ));
    refused(&jose, &elsewhere, "another association's key URL", "404").await;

    // Names with characters canonical N-Quads escapes (a quote, a backslash) and beyond ASCII
    // canonicalize alike here and in the DCC's libraries.
    let ben = crate::credentials::endorse(
        &store,
        "ben.carter@example.org",
        "Benoît \"Ben\" Carter \\ 卡特 🎓",
    )
    .await;
    let mut ben_browser = Browser::sign_in(&base, "ben.carter@example.org").await;
    let escaped = download(&mut ben_browser, &ben.credential_number).await;
    assert_eq!(
        escaped["credentialSubject"]["name"],
        "Benoît \"Ben\" Carter \\ 卡特 🎓"
    );
    let verdict = di_verify(&jose, &[], &escaped).await;
    assert_eq!(verdict.code, 0, "escaped name: {verdict:?}");

    // A renewal and a transfer issue credentials that verify and conform too.
    let ana = crate::credentials::endorse(&store, "ana@example.org", "Ana Ruiz").await;
    let mut ana_browser = Browser::sign_in(&base, "ana@example.org").await;
    let first = download(&mut ana_browser, &ana.credential_number).await;
    store
        .extend_endorsements(
            ana.person,
            ana.valid_through + Duration::days(365),
            &NewAudit {
                at: Utc::now(),
                actor: None,
                association: Some(ana.association),
                subject: format!("endorsement:{}", ana.id),
                action: "renewed".to_string(),
                reason: "test".to_string(),
            },
        )
        .await
        .expect("renewal");
    let renewed = download(&mut ana_browser, &ana.credential_number).await;
    assert_ne!(renewed["validUntil"], first["validUntil"], "renewed");
    let nmaimh = store.association_by_slug("nmaimh").await.expect("nmaimh");
    let transfer = store
        .request_transfer(ana.id, nmaimh.id, ana.person, "moved", Utc::now())
        .await
        .expect("transfer");
    store
        .decide_transfer(transfer, true, ana.person, Utc::now())
        .await
        .expect("accepted");
    let transferred = download(&mut ana_browser, &ana.credential_number).await;
    let nmaimh_issuer = format!("{base}/a/nmaimh");
    assert_eq!(transferred["issuer"]["id"], nmaimh_issuer.as_str());
    assert!(
        transferred["proof"][0]["verificationMethod"]
            .as_str()
            .is_some_and(|m| m.starts_with(&format!("{nmaimh_issuer}/keys/"))),
        "{transferred}"
    );
    for (kind, issued) in [("renewal", &renewed), ("transfer", &transferred)] {
        let verdict = di_verify(&jose, &[], issued).await;
        assert_eq!(verdict.code, 0, "{kind}: {verdict:?}");
        let conforms = schema_check(&jose, &issued.to_string()).await;
        assert_eq!(conforms.code, 0, "{kind}: {conforms:?}");
        assert_eq!(
            issued["credentialSubject"]["id"], first["credentialSubject"]["id"],
            "{kind} keeps the subject"
        );
        let mut renamed = issued.clone();
        renamed["credentialSubject"]["name"] = json!("Ana Ruíz");
        refused(&jose, &renamed, kind, "Invalid signature").await;
    }

    // Rotation: the association's proofs are signed by a new key from then on; what the old
    // one signed still verifies (its Multikey stays published, listed by the issuer).
    let state = lattice_web::key_rotation::command_state(store.clone(), served.config.clone())
        .expect("state");
    credential::rotate(&state, jack.association)
        .await
        .expect("rotate");
    let after = download(&mut browser, &jack.credential_number).await;
    let new_method = after["proof"][0]["verificationMethod"]
        .as_str()
        .expect("vm");
    assert_ne!(new_method, method, "the new key signs");
    for (which, issued) in [("before rotation", &credential), ("after rotation", &after)] {
        let verdict = di_verify(&jose, &[], issued).await;
        assert_eq!(verdict.code, 0, "{which}: {verdict:?}");
        // The site's own verifier agrees.
        let verified = credential::verify_with_proof(&state, issued)
            .await
            .unwrap_or_else(|e| panic!("{which}: {e}"));
        assert_eq!(verified.display_name, "Jack Osei", "{which}");
        assert_eq!(
            verified.credential_number, jack.credential_number,
            "{which}"
        );
    }
    assert!(matches!(
        credential::verify_with_proof(&state, &renamed).await,
        Err(VerifyError::BadSignature)
    ));
    assert!(matches!(
        credential::verify_with_proof(&state, &elsewhere).await,
        Err(VerifyError::UnknownKey)
    ));
    // A JWT key named as the proof's key is refused: only proof keys verify proofs.
    let jwt_kid = jwt_header_kid(&jwt);
    let mut jwt_key = credential.clone();
    jwt_key["proof"][0]["verificationMethod"] = json!(jwt_kid);
    assert!(matches!(
        credential::verify_with_proof(&state, &jwt_key).await,
        Err(VerifyError::UnknownKey)
    ));

    // Revoked: the same credential now fails on its status, and none is issued any more.
    set_status(&store, &jack, Status::Revoked).await;
    refused(&jose, &credential, "revoked", "revocation").await;
    assert!(matches!(
        credential::verify_with_proof(&state, &credential).await,
        Err(VerifyError::Revoked)
    ));
    let response = browser
        .get(&format!(
            "/credentials/{}/credential.json",
            jack.credential_number
        ))
        .await;
    assert_eq!(response.status(), StatusCode::GONE);

    served.stop().await;
}

fn jwt_header_kid(jwt: &str) -> String {
    use base64::Engine;
    let header = jwt.split('.').next().expect("header");
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .expect("base64url"),
    )
    .expect("JSON");
    header["kid"].as_str().expect("kid").to_string()
}

fn jwt_payload(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).expect("payload");
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .expect("base64url"),
    )
    .expect("JSON")
}
