//! Posted forms and query strings. A portfolio entry form, as a list of key/value pairs
//! (repeated keys included), goes through each section's reader and validator and the page
//! that shows it back; and the same pairs, url-encoded, are decoded into every form and query
//! struct the handlers take, with the checks those handlers run before the store.
#![no_main]

use arbitrary::Arbitrary;
use lattice_store::Section;
use lattice_web::forms::Posted;
use lattice_web::fuzzing::{decode_forms, portfolio_entry};
use libfuzzer_sys::fuzz_target;

/// The names the forms read, so that most generated pairs reach a field; `Other` covers
/// every other key (the csrf token, misspellings, injected names).
#[derive(Debug, Arbitrary)]
enum Key {
    Known(u8),
    Other(String),
}

const KNOWN: &[&str] = &[
    // The portfolio sections' fields (crates/web/src/forms.rs).
    "about_own_rsc",
    "ages",
    "classroom",
    "competencies",
    "completed",
    "completed_on",
    "conference",
    "date",
    "degree",
    "email",
    "employer",
    "end",
    "end_date",
    "families_served",
    "field",
    "format",
    "hours",
    "imh_certificate",
    "institution",
    "internship",
    "kind",
    "leadership",
    "level",
    "name",
    "not_enough_info",
    "paid",
    "population",
    "provider",
    "provider.degree",
    "provider.endorsement",
    "provider.name",
    "provider.receives_rsc",
    "provides_rsc",
    "role",
    "services",
    "start",
    "status",
    "supervised",
    "title",
    "topics",
    "with_child_and_parent",
    // The other forms' and queries' fields.
    "accept",
    "agreement",
    "answers",
    "association",
    "body",
    "category",
    "city",
    "closes",
    "complete",
    "confirm",
    "csrf",
    "cycle",
    "due_on",
    "event",
    "first",
    "first_scorer",
    "given",
    "id",
    "intended_submission",
    "limit",
    "next",
    "opens",
    "password",
    "person",
    "place",
    "re_review_after",
    "reason",
    "region",
    "review_due",
    "reviewer",
    "reviewer_email",
    "rules_date",
    "sat_on",
    "second",
    "second_scorer",
    "signature",
    "skip",
    "slug",
    "submission_deadline",
    "token",
    "waived",
    "wrong",
];

#[derive(Debug, Arbitrary)]
struct Input {
    /// Which section the entry is posted to.
    section: u8,
    pairs: Vec<(Key, String)>,
    /// Raw bytes appended to the encoded body: malformed escapes, stray `&` and `=`.
    tail: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let posted: Posted = input
        .pairs
        .into_iter()
        .map(|(key, value)| {
            let key = match key {
                Key::Known(i) => KNOWN[usize::from(i) % KNOWN.len()].to_string(),
                Key::Other(name) => name,
            };
            (key, value)
        })
        .collect();
    let section = Section::ALL[usize::from(input.section) % Section::ALL.len()];
    let problems = portfolio_entry(section, &posted);
    // A problem is shown beside its field; one without a field name would be lost.
    for problem in &problems {
        assert!(
            !problem.field.is_empty(),
            "a problem without a field: {problem:?}"
        );
    }
    let mut body = url_encode(&posted).into_bytes();
    body.extend_from_slice(&input.tail);
    decode_forms(&body);
});

fn url_encode(pairs: &Posted) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, key);
        out.push('=');
        encode_into(&mut out, value);
    }
    out
}

/// `application/x-www-form-urlencoded`, as browsers send it.
fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}
