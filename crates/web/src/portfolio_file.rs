//! What a `lattice-portfolio/1` file may put into a stored portfolio, one rule for both ways a
//! file comes in: the applicant importing their own (the Portfolio page) and the association
//! importing an applicant in progress (the applicant import). A file speaks only where the
//! applicant may (`docs/PORTFOLIO.md`, "Who vouches for what"): education, trainings, work and
//! RS/C are taken as the applicant's statements; a rating becomes a rater to ask, since only
//! the rater can send it; membership and signatures are never taken, since the association
//! and the signing page vouch for them. Two copies of this rule once drifted apart in wording;
//! one function keeps the two doors the same.

use chrono::NaiveDate;
use lattice_store::Section;
use serde_json::{Map, Value, json};

/// Who reads the list of what was not taken: the wording differs, the rule does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The applicant, importing their own file.
    Applicant,
    /// A coordinator or the Alliance administrator, importing it for the applicant.
    Staff,
}

/// What of one file is taken, and what is left out with its reason.
#[derive(Debug, Default)]
pub struct Taken {
    /// The entries to store, each as the file may give it.
    pub entries: Vec<(Section, Value)>,
    /// Endorsements held elsewhere, as the file lists them.
    pub endorsements: Option<Value>,
    /// The person's licences, as the file lists them.
    pub licences: Option<Value>,
    /// One line per thing not taken, naming its field and why.
    pub left_out: Vec<String>,
}

impl Taken {
    /// The portfolio meta the file brings: endorsements and licences held elsewhere.
    pub fn meta(&self) -> Value {
        let mut meta = Map::new();
        self.put_into(&mut meta);
        Value::Object(meta)
    }

    /// Replaces the file's part of an existing meta (the signatures made in Lattice stay;
    /// membership is the association's and never comes from a file).
    pub fn put_into(&self, meta: &mut Map<String, Value>) {
        meta.remove("membership");
        meta.remove("endorsements");
        meta.remove("person");
        if let Some(endorsements) = &self.endorsements {
            meta.insert("endorsements".to_string(), endorsements.clone());
        }
        if let Some(licences) = &self.licences {
            meta.insert("person".to_string(), json!({"licences": licences}));
        }
    }
}

/// Every date in the file that lies after `today`, as `section[i].field: message`. A file is
/// refused whole when it has any: a training or RS/C dated in the future has not happened.
pub fn future_dates(raw: &Value, today: NaiveDate) -> Vec<String> {
    let mut problems = Vec::new();
    for (section, i, entry) in filed_entries(raw) {
        for problem in crate::forms::future_dates(section, entry, today) {
            problems.push(format!(
                "{}[{i}].{}: {}",
                section.key(),
                problem.field,
                problem.message
            ));
        }
    }
    problems
}

/// What of `raw` (a file that parsed as `lattice-portfolio/1`) is taken. `already_asked` are
/// references whose rater was already sent a request: a file naming the same rater again
/// leaves them as they are, since the store keeps what a request points at. Pure.
pub fn take(raw: &Value, reader: Reader, already_asked: &[&Value]) -> Taken {
    let mut taken = Taken::default();
    for (section, i, entry) in filed_entries(raw) {
        if section != Section::References {
            taken
                .entries
                .push((section, crate::portfolio::entry_from_file(entry)));
            continue;
        }
        if already_asked.iter().any(|kept| same_rater(kept, entry)) {
            continue;
        }
        let name = entry["name"].as_str().unwrap_or("the rater");
        if entry["status"] != "not-requested" {
            let status = entry["status"].as_str().unwrap_or("");
            taken.left_out.push(match reader {
                    Reader::Applicant => format!(
                        "references[{i}].status: {name}'s rating was marked \"{status}\" in the file; a rating counts only when the rater sends it, so {name} is listed as a rater to ask on the References page"
                    ),
                    Reader::Staff => format!(
                        "references[{i}].status: {name}'s rating is \"{status}\" in the file; a rating counts only when the rater sends it, so {name} is listed as a rater for the applicant to ask"
                    ),
                });
        }
        // Who the rater is and how long they have known the applicant are the rater's to
        // say (a rater's endorsement fills Category I's "meets II/III/IV criteria" slot):
        // a file names the rater, nothing more.
        let mut listed = Map::new();
        for key in ["role", "name", "email", "waived"] {
            if let Some(value) = entry.get(key).filter(|v| !v.is_null()) {
                listed.insert(key.to_string(), value.clone());
            }
        }
        listed.insert("status".into(), json!("not-requested"));
        taken.entries.push((section, Value::Object(listed)));
    }
    if raw.get("membership").is_some_and(|m| !m.is_null()) {
        taken.left_out.push(match reader {
            Reader::Applicant => "membership: not taken from the file; your association records membership, and your coordinator confirms it",
            Reader::Staff => "membership: not taken; membership comes only from the association's records (the member roster)",
        }.to_string());
    }
    if raw.get("agreements").is_some_and(|a| {
        a.as_object()
            .is_some_and(|a| a.values().any(|v| !v.is_null()))
    }) {
        taken.left_out.push(match reader {
            Reader::Applicant => "agreements: not taken from the file; sign them on the Agreements page, where a signature is dated the day you sign",
            Reader::Staff => "agreements: not taken; the applicant signs them on the Agreements page, dated the day they sign",
        }.to_string());
    }
    // The applicant's own degrees are theirs to state; the association importing them is
    // told that a file is no transcript check, so no one reads "imported" as "verified".
    if reader == Reader::Staff && raw["education"].as_array().is_some_and(|e| !e.is_empty()) {
        taken.left_out.push(
            "education: degrees are taken as the applicant's statements; no transcript check comes from a file (a coordinator checks each degree against its transcript)"
                .to_string(),
        );
    }
    taken.endorsements = raw.get("endorsements").filter(|v| !v.is_null()).cloned();
    taken.licences = raw["person"].get("licences").cloned();
    taken
}

/// Every entry of every section of the file, with its index in its section.
fn filed_entries(raw: &Value) -> impl Iterator<Item = (Section, usize, &Value)> {
    Section::ALL.into_iter().flat_map(move |section| {
        raw[section.key()]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(move |(i, entry)| (section, i, entry))
    })
}

/// The same rater: by email when both have one, else by name and role.
fn same_rater(kept: &Value, filed: &Value) -> bool {
    match (kept["email"].as_str(), filed["email"].as_str()) {
        (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        _ => kept["name"] == filed["name"] && kept["role"] == filed["role"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Value {
        json!({
            "format": "lattice-portfolio/1",
            "person": {"name": "Ana", "email": "ana@example.org", "licences": ["LMHC"]},
            "education": [{"degree": "MSW", "field": "social work", "institution": "BU", "year": 2015}],
            "trainings": [{"title": "Attachment", "date": "2024-03-02", "hours": 6, "source": "coordinator"}],
            "references": [
                {"role": "supervisor", "name": "Dr. Ortiz", "email": "ortiz@example.org",
                 "status": "received", "known_months": 30, "ratings": {"a": 5}},
                {"role": "colleague", "name": "Kim Lee", "email": "kim@example.org", "status": "not-requested"}
            ],
            "membership": {"association": "massaimh", "number": "M-1"},
            "agreements": {"code_of_ethics": "2026-01-01", "endorsement_agreement": null},
            "endorsements": [{"category": "IFS", "association": "ct-aimh"}]
        })
    }

    #[test]
    fn a_file_names_raters_and_never_brings_their_ratings_membership_or_signatures() {
        for reader in [Reader::Applicant, Reader::Staff] {
            let taken = take(&file(), reader, &[]);
            let references: Vec<&Value> = taken
                .entries
                .iter()
                .filter(|(s, _)| *s == Section::References)
                .map(|(_, v)| v)
                .collect();
            assert_eq!(
                references,
                [
                    &json!({"role": "supervisor", "name": "Dr. Ortiz", "email": "ortiz@example.org", "status": "not-requested"}),
                    &json!({"role": "colleague", "name": "Kim Lee", "email": "kim@example.org", "status": "not-requested"}),
                ]
            );
            let training = taken
                .entries
                .iter()
                .find(|(s, _)| *s == Section::Trainings)
                .map(|(_, v)| v);
            assert_eq!(
                training,
                Some(&json!({"title": "Attachment", "date": "2024-03-02", "hours": 6}))
            );
            let fields: Vec<&str> = taken
                .left_out
                .iter()
                .map(|line| line.split(':').next().unwrap_or(""))
                .collect();
            let expected: &[&str] = match reader {
                Reader::Applicant => &["references[0].status", "membership", "agreements"],
                Reader::Staff => &[
                    "references[0].status",
                    "membership",
                    "agreements",
                    "education",
                ],
            };
            assert_eq!(fields, expected, "{reader:?}");
            assert_eq!(
                taken.meta(),
                json!({
                    "endorsements": [{"category": "IFS", "association": "ct-aimh"}],
                    "person": {"licences": ["LMHC"]}
                })
            );
        }
    }

    #[test]
    fn a_rater_already_asked_is_left_as_the_request_stands() {
        let asked = json!({"role": "supervisor", "name": "Dr. Ortiz", "email": " ORTIZ@example.org", "status": "requested"});
        let taken = take(&file(), Reader::Applicant, &[&asked]);
        let names: Vec<&Value> = taken
            .entries
            .iter()
            .filter(|(s, _)| *s == Section::References)
            .map(|(_, v)| &v["name"])
            .collect();
        assert_eq!(names, [&json!("Kim Lee")]);
        // Its rating in the file is not reported either: the request already stands.
        assert!(!taken.left_out.iter().any(|l| l.starts_with("references")));
        // Without an email, the same name and role are the same rater; another role is not.
        let by_name = json!({"role": "colleague", "name": "Kim Lee"});
        let other_role = json!({"role": "supervisor", "name": "Kim Lee"});
        let filed = json!({"role": "colleague", "name": "Kim Lee"});
        assert!(same_rater(&by_name, &filed));
        assert!(!same_rater(&other_role, &filed));
    }

    #[test]
    fn the_meta_keeps_signatures_and_drops_the_files_membership() {
        let taken = take(&json!({"person": {}}), Reader::Applicant, &[]);
        let mut meta = Map::new();
        meta.insert("agreements".into(), json!({"code_of_ethics": "2026-02-01"}));
        meta.insert("membership".into(), json!({"number": "old"}));
        meta.insert("endorsements".into(), json!(["old"]));
        taken.put_into(&mut meta);
        assert_eq!(
            Value::Object(meta),
            json!({"agreements": {"code_of_ethics": "2026-02-01"}})
        );
    }

    #[test]
    fn future_dates_are_named_by_section_index_and_field() {
        let raw = json!({"trainings": [
            {"title": "Past", "date": "2026-01-01", "hours": 2},
            {"title": "Next", "date": "2026-12-04", "hours": 2}
        ]});
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date");
        let problems = future_dates(&raw, today);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("trainings[1].date: "),
            "{problems:?}"
        );
        let on_the_day = NaiveDate::from_ymd_opt(2026, 12, 4).expect("a date");
        assert!(future_dates(&raw, on_the_day).is_empty());
    }
}
