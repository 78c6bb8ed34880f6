//! W3C Bitstring Status Lists: what the two lists of an association mean, and their
//! encoding. Signing a list and reading the endorsements for it belong to the service.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lattice_domain::endorsement::Status;

/// The smallest status list the W3C recommends: a list this long hides which credential a
/// verifier asked about among many others ("herd privacy").
pub const MIN_STATUS_BITS: usize = 131_072;

/// How long a verifier may cache a status list, in milliseconds (the list's `ttl`); the HTTP
/// caching of the list says the same.
pub const STATUS_TTL_MS: u64 = 300_000;

/// What a status list says about its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Withdrawn for good by the association.
    Revocation,
    /// Not in good standing for now (lapsed or inactive); renewal or return clears it.
    Suspension,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::Revocation, Purpose::Suspension];

    pub fn key(self) -> &'static str {
        match self {
            Purpose::Revocation => "revocation",
            Purpose::Suspension => "suspension",
        }
    }

    pub fn from_key(key: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Whether an endorsement in `status` has its bit set in this list. Together the two
    /// lists set a bit exactly for the statuses that do not verify (`Status::verifies`).
    pub fn marks(self, status: Status) -> bool {
        match self {
            Purpose::Revocation => status == Status::Revoked,
            Purpose::Suspension => matches!(status, Status::Lapsed | Status::Inactive),
        }
    }
}

/// A status bitstring with bit `i` set for each index given, at least [`MIN_STATUS_BITS`]
/// long (whole multiples of it, so the length says little about the association's size),
/// gzipped and base64url-encoded with the multibase prefix `u`. Bit 0 is the left-most bit of
/// the first byte, as the W3C Bitstring Status List specifies.
pub fn encode_status_list(set: &[usize]) -> std::io::Result<String> {
    let highest = set.iter().copied().max().unwrap_or(0);
    let bits = (highest / MIN_STATUS_BITS + 1) * MIN_STATUS_BITS;
    let mut bytes = vec![0u8; bits / 8];
    for &index in set {
        bytes[index / 8] |= 0x80 >> (index % 8);
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&bytes)?;
    let compressed = gzip.finish()?;
    Ok(format!("u{}", URL_SAFE_NO_PAD.encode(compressed)))
}

/// The bit at `index` of an encoded list: the inverse of [`encode_status_list`], used by the
/// tests; a list too short for the index is an error, as the specification asks.
pub fn status_bit(encoded: &str, index: usize) -> Result<bool, String> {
    let text = encoded
        .strip_prefix('u')
        .ok_or("the encoded list lacks the multibase prefix u")?;
    let compressed = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| format!("encoded list: {e}"))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_end(&mut bytes)
        .map_err(|e| format!("encoded list: {e}"))?;
    let byte = bytes
        .get(index / 8)
        .ok_or_else(|| format!("index {index} is beyond the list"))?;
    Ok(byte & (0x80 >> (index % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_bits_are_set_exactly_for_statuses_that_do_not_verify() {
        for status in Status::ALL {
            let marked = Purpose::ALL.iter().any(|p| p.marks(status));
            assert_eq!(marked, !status.verifies(), "{status}");
        }
        assert!(Purpose::Revocation.marks(Status::Revoked));
        assert!(Purpose::Suspension.marks(Status::Lapsed));
        assert!(Purpose::Suspension.marks(Status::Inactive));
        assert!(!Purpose::Suspension.marks(Status::Revoked));
    }

    #[test]
    fn status_lists_round_trip_left_most_bit_first() {
        let encoded = encode_status_list(&[0, 9, 131_071]).expect("list");
        assert!(encoded.starts_with('u'));
        for (index, set) in [
            (0, true),
            (1, false),
            (9, true),
            (8, false),
            (131_071, true),
        ] {
            assert_eq!(status_bit(&encoded, index), Ok(set), "{index}");
        }
        assert!(status_bit(&encoded, MIN_STATUS_BITS).is_err());
        // The first byte of the gunzipped list is 0b1000_0000 for index 0.
        let raw = URL_SAFE_NO_PAD.decode(&encoded[1..]).expect("base64url");
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut bytes)
            .expect("gzip");
        assert_eq!(bytes.len(), MIN_STATUS_BITS / 8);
        assert_eq!(bytes[0], 0x80);
        // Longer lists grow in whole multiples of the minimum.
        let long = encode_status_list(&[MIN_STATUS_BITS + 5]).expect("list");
        assert_eq!(status_bit(&long, MIN_STATUS_BITS + 5), Ok(true));
        assert!(status_bit(&long, 2 * MIN_STATUS_BITS - 1).is_ok());
    }
}
