//! An endorsement as an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credentials
//! 2.0 document), and the addresses it names. Pure: the service signs it (as a VC-JWT, or with
//! an embedded Data Integrity proof, `crate::data_integrity`) and serves the addresses.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, SecondsFormat, Utc};
use lattice_domain::category::Category;
use lattice_store::EndorsementRow;
use serde_json::{Value, json};

use crate::status::Purpose;

pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// The association as an issuer: its public page.
pub fn issuer_id(base: &str, slug: &str) -> String {
    format!("{base}/a/{slug}")
}

pub fn credential_id(base: &str, number: &str) -> String {
    format!("{base}/credentials/{number}")
}

/// Where one public key is published: the `kid` of what it signs, so a verifier (1EdTech's
/// validator among them) fetches the key from the token itself.
pub fn key_url(base: &str, slug: &str, thumbprint: &str) -> String {
    format!("{}/keys/{thumbprint}", issuer_id(base, slug))
}

pub fn status_list_id(base: &str, slug: &str, purpose: Purpose) -> String {
    format!("{}/status/{}", issuer_id(base, slug), purpose.key())
}

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// The last second of the day: an endorsement valid through a date is good all that day.
pub fn end_of(day: NaiveDate) -> DateTime<Utc> {
    start_of(day) + Duration::days(1) - Duration::seconds(1)
}

/// The OpenBadgeCredential for an endorsement, with the JWT claims beside it (VC-JOSE-COSE:
/// the payload is the credential itself) mapped as OB 3.0 §8.2.4 asks: `jti` the credential's
/// `id`, `sub` the subject's `id`, `iss` the issuer's, `nbf`/`exp` its validity. `subject` is
/// the person's credential subject id (the service's `credential::subject_id`). Pure, so its shape is tested without a
/// server.
pub fn credential_payload(
    base: &str,
    endorsement: &EndorsementRow,
    subject: &str,
    now: DateTime<Utc>,
) -> Value {
    let issuer = issuer_id(base, &endorsement.association_slug);
    let id = credential_id(base, &endorsement.credential_number);
    let title = match endorsement.title_line.trim() {
        "" => endorsement
            .category
            .parse::<Category>()
            .map(|c| c.title().to_string())
            .unwrap_or_else(|_| endorsement.category.clone()),
        line => line.to_string(),
    };
    let valid_from = start_of(endorsement.endorsed_on);
    let valid_until = end_of(endorsement.valid_through);
    // One entry, as the OB 3.0 schema allows: revocation, which every Bitstring Status List
    // verifier checks. Suspension (lapsed, inactive) is on the association's suspension list
    // at the same index, which this site's verifier and the registry consult; a lapsed
    // credential has also passed its `exp` (docs/CREDENTIALS.md, "What the status bits mean").
    let revocation = status_list_id(base, &endorsement.association_slug, Purpose::Revocation);
    let status_index = endorsement.status_index.to_string();
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer,
            "type": ["Profile"],
            "name": endorsement.association_name,
            "url": issuer,
        },
        "validFrom": rfc3339(valid_from),
        "validUntil": rfc3339(valid_until),
        "name": title,
        "description": format!(
            "{} holds the Endorsement® as {title}, granted by {}.",
            endorsement.name_line, endorsement.association_name
        ),
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            // Readable as plain JSON; the identifier below is how Open Badges names a
            // recipient who has no DID.
            "name": endorsement.display_name,
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "identityHash": endorsement.display_name,
                "hashed": false,
            }],
            "licenseNumber": endorsement.credential_number,
            "achievement": {
                "id": format!("{issuer}/achievements/{}", endorsement.category),
                "type": ["Achievement"],
                // A professional credential granted by an association after review of
                // education, training, experience and references: a certification.
                "achievementType": "Certification",
                "name": title,
                "humanCode": endorsement.category,
                "description": format!(
                    "The Endorsement for Culturally Sensitive, Relationship-Focused Practice \
                     Promoting Infant & Early Childhood Mental Health® in the category {title} \
                     ({}): recognition that the professional meets the competency guidelines \
                     for this category.",
                    endorsement.category
                ),
                "criteria": {
                    "narrative": format!(
                        "Met {}'s requirements for {title}: education; specialized in-service \
                         training in the infant and early childhood mental health competencies; \
                         work experience; reflective supervision/consultation where the \
                         category requires it; professional references; the signed code of \
                         ethics and endorsement agreement; and the examination where the \
                         category requires it. The portfolio was reviewed by the association. \
                         Endorsement is renewed each year with continuing education.",
                        endorsement.association_name
                    ),
                },
                "creator": {"id": issuer, "type": ["Profile"], "name": endorsement.association_name},
            },
        },
        "credentialStatus": {
            "id": format!("{revocation}#{status_index}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": Purpose::Revocation.key(),
            "statusListIndex": status_index,
            "statusListCredential": revocation,
        },
        "iss": issuer,
        "sub": subject,
        "jti": id,
        "iat": now.timestamp(),
        "nbf": valid_from.timestamp(),
        "exp": valid_until.timestamp(),
    })
}

/// The JWT claims [`credential_payload`] adds beside the credential: the JSON-LD credential
/// goes without them (they are no terms of its contexts).
const JWT_CLAIMS: [&str; 6] = ["iss", "sub", "jti", "iat", "nbf", "exp"];

/// The OpenBadgeCredential as a JSON-LD document, without the JWT claims: what the Data
/// Integrity proof secures.
pub fn credential_document(base: &str, endorsement: &EndorsementRow, subject: &str) -> Value {
    let mut document = credential_payload(base, endorsement, subject, Utc::now());
    if let Some(members) = document.as_object_mut() {
        for claim in JWT_CLAIMS {
            members.remove(claim);
        }
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;
    use lattice_domain::endorsement::Status;
    use lattice_domain::ids::{AssociationId, PersonId};

    fn endorsement() -> EndorsementRow {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        EndorsementRow {
            id: 42,
            person: PersonId(7),
            association: AssociationId(2),
            association_slug: "massaimh".to_string(),
            association_name: "MassAIMH".to_string(),
            category: "IFS".to_string(),
            status: Status::Active,
            credential_number: "MASSAIMH-2026-000042-31".to_string(),
            name_line: "Jack Osei, MSW, IMH-E®".to_string(),
            title_line: "Infant Family Specialist".to_string(),
            display_name: "Jack Osei".to_string(),
            city: String::new(),
            region: String::new(),
            endorsed_on: day(2026, 3, 1),
            valid_through: day(2027, 2, 28),
            status_since: day(2026, 3, 1),
            status_index: 42,
        }
    }

    #[test]
    fn the_payload_is_an_open_badge_with_claims_mapped_as_ob3_asks() {
        let now = Utc::now();
        let subject = "urn:uuid:0f3b2a1c-0000-4000-8000-000000000001";
        let payload = credential_payload("https://l.test", &endorsement(), subject, now);
        assert_eq!(payload["type"][1], "OpenBadgeCredential");
        assert_eq!(
            payload["id"],
            "https://l.test/credentials/MASSAIMH-2026-000042-31"
        );
        assert_eq!(payload["issuer"]["id"], "https://l.test/a/massaimh");
        assert_eq!(payload["iss"], payload["issuer"]["id"]);
        // OB 3.0 §8.2.4: jti is the credential's id, sub the subject's.
        assert_eq!(payload["jti"], payload["id"]);
        assert_eq!(payload["credentialSubject"]["id"], subject);
        assert_eq!(payload["sub"], subject);
        assert_eq!(
            payload["nbf"].as_i64(),
            Some(start_of(endorsement().endorsed_on).timestamp())
        );
        assert_eq!(payload["iat"].as_i64(), Some(now.timestamp()));
        assert_eq!(payload["validFrom"], "2026-03-01T00:00:00Z");
        assert_eq!(payload["validUntil"], "2027-02-28T23:59:59Z");
        assert_eq!(
            payload["exp"].as_i64(),
            Some(end_of(endorsement().valid_through).timestamp())
        );
        let achievement = &payload["credentialSubject"]["achievement"];
        assert_eq!(achievement["name"], "Infant Family Specialist");
        assert_eq!(achievement["achievementType"], "Certification");
        // One status object (the schema allows no array): revocation.
        let status = &payload["credentialStatus"];
        assert!(status.is_object(), "{status}");
        assert_eq!(status["type"], "BitstringStatusListEntry");
        assert_eq!(status["statusPurpose"], "revocation");
        assert_eq!(status["statusListIndex"], "42");
        assert_eq!(
            status["statusListCredential"],
            "https://l.test/a/massaimh/status/revocation"
        );
    }

    #[test]
    fn the_json_ld_credential_is_the_payload_without_the_jwt_claims() {
        let subject = "urn:uuid:0f3b2a1c-0000-4000-8000-000000000001";
        let document = credential_document("https://l.test", &endorsement(), subject);
        let payload = credential_payload("https://l.test", &endorsement(), subject, Utc::now());
        for claim in JWT_CLAIMS {
            assert!(document.get(claim).is_none(), "{claim}");
            assert!(payload.get(claim).is_some(), "{claim}");
        }
        for member in [
            "@context",
            "id",
            "type",
            "issuer",
            "credentialSubject",
            "credentialStatus",
        ] {
            assert_eq!(document[member], payload[member], "{member}");
        }
    }
}
