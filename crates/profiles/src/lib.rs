//! The requirement profiles under `profiles/`: embedded at build time, resolved into
//! [`lattice_domain::profile::Profile`] values by effective date.
//!
//! A profile file holds one association and a list of editions. Each edition overlays the one
//! before it, and a file that `extends` another overlays that association's rules date by date
//! (MassAIMH extends the MI-AIMH baseline). Overlaying merges tables key by key, replaces
//! lists, and removes a table where the overlay says `false`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use lattice_domain::minutes::Minutes;
use lattice_domain::profile::Profile;
use toml::{Table, Value};

pub mod draft;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProfileError {
    #[error("unknown association {id:?} (known: {known})")]
    UnknownAssociation { id: String, known: String },
    #[error(
        "{association} has no requirement profile in force on {as_of}; its earliest takes effect on {earliest}"
    )]
    NotInForce {
        association: String,
        as_of: NaiveDate,
        earliest: NaiveDate,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// Every association's profiles, each list sorted by effective date.
#[derive(Debug, Clone)]
pub struct Catalog {
    associations: BTreeMap<String, Vec<Profile>>,
}

/// One association's file, before overlaying.
struct Source {
    file: String,
    association: Table,
    extends: Option<String>,
    /// The public documents this file's rules cite (`[[documents]]`).
    documents: Vec<Value>,
    /// Cumulative editions: each already merged over the ones before it.
    editions: Vec<(NaiveDate, Table)>,
}

/// (file name, text) of the profiles built into the binary, for seeding a database.
pub fn embedded_sources() -> Vec<(String, String)> {
    embedded::EMBEDDED
        .iter()
        .map(|(name, text)| ((*name).to_string(), (*text).to_string()))
        .collect()
}

impl Catalog {
    /// The profiles built into the binary.
    pub fn embedded() -> Result<Catalog, ProfileError> {
        Catalog::from_texts(
            embedded::EMBEDDED
                .iter()
                .map(|(name, text)| ((*name).to_string(), (*text).to_string())),
        )
    }

    /// Reads every `*.toml` in a folder (an association's own rule files, or a test set).
    pub fn from_dir(dir: &Path) -> Result<Catalog, ProfileError> {
        let invalid = |message: String| ProfileError::Invalid {
            file: dir.display().to_string(),
            message,
        };
        let mut texts = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| invalid(e.to_string()))?;
        for entry in entries {
            let path = entry.map_err(|e| invalid(e.to_string()))?.path();
            if path.extension().is_some_and(|x| x == "toml") {
                let text = std::fs::read_to_string(&path).map_err(|e| invalid(e.to_string()))?;
                texts.push((path.display().to_string(), text));
            }
        }
        Catalog::from_texts(texts)
    }

    /// Parses and resolves profile files given as (file name, text).
    pub fn from_texts(
        texts: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Catalog, ProfileError> {
        let mut sources = BTreeMap::new();
        for (file, text) in texts {
            let source = Source::parse(file, &text)?;
            let id = source.id()?;
            if let Some(previous) = sources.insert(id.clone(), source) {
                return Err(ProfileError::Invalid {
                    file: previous.file,
                    message: format!("association {id:?} is defined twice"),
                });
            }
        }
        let mut associations = BTreeMap::new();
        for id in sources.keys() {
            let editions = resolve(&sources, id, &mut Vec::new())?;
            let source = &sources[id];
            let mut profiles = Vec::new();
            for (effective, table) in editions {
                let mut table = table;
                table.insert(
                    "association".into(),
                    Value::Table(source.association.clone()),
                );
                table.insert("effective".into(), Value::String(effective.to_string()));
                table.insert("id".into(), Value::String(format!("{id}@{effective}")));
                table.insert("documents".into(), Value::Array(documents_of(&sources, id)));
                let mut profile: Profile =
                    Value::Table(table)
                        .try_into()
                        .map_err(|e: toml::de::Error| ProfileError::Invalid {
                            file: source.file.clone(),
                            message: format!("edition in force from {effective}: {}", e.message()),
                        })?;
                profile
                    .resolve_sources()
                    .and_then(|()| check(&profile))
                    .map_err(|message| ProfileError::Invalid {
                        file: source.file.clone(),
                        message: format!("edition in force from {effective}: {message}"),
                    })?;
                profiles.push(profile);
            }
            associations.insert(id.clone(), profiles);
        }
        Ok(Catalog { associations })
    }

    /// The profile in force: the latest effective on or before `as_of`.
    pub fn profile(&self, association: &str, as_of: NaiveDate) -> Result<&Profile, ProfileError> {
        let key = association.trim().to_lowercase();
        let profiles =
            self.associations
                .get(&key)
                .ok_or_else(|| ProfileError::UnknownAssociation {
                    id: association.to_string(),
                    known: self
                        .associations
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
        profiles
            .iter()
            .rev()
            .find(|p| p.effective <= as_of)
            .ok_or_else(|| ProfileError::NotInForce {
                association: key.clone(),
                as_of,
                earliest: profiles.first().map_or(as_of, |p| p.effective),
            })
    }

    pub fn association_ids(&self) -> impl Iterator<Item = &str> {
        self.associations.keys().map(String::as_str)
    }

    /// Every edition of one association, oldest first.
    pub fn editions(&self, association: &str) -> &[Profile] {
        self.associations
            .get(association)
            .map_or(&[], Vec::as_slice)
    }
}

impl Source {
    fn parse(file: String, text: &str) -> Result<Source, ProfileError> {
        let invalid = |message: String| ProfileError::Invalid {
            file: file.clone(),
            message,
        };
        let mut table: Table = text
            .parse()
            .map_err(|e: toml::de::Error| invalid(e.to_string()))?;
        let association = match table.remove("association") {
            Some(Value::Table(t)) => t,
            _ => return Err(invalid("missing [association] table".into())),
        };
        let extends = match table.remove("extends") {
            None => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => return Err(invalid("extends: must be an association id".into())),
        };
        let documents = match table.remove("documents") {
            None => Vec::new(),
            Some(Value::Array(a)) => a,
            Some(_) => return Err(invalid("documents: must be a list of [[documents]]".into())),
        };
        let raw = match table.remove("edition") {
            Some(Value::Array(a)) => a,
            _ => return Err(invalid("missing [[edition]] entries".into())),
        };
        if let Some(key) = table.keys().next() {
            return Err(invalid(format!("unknown top-level key {key:?}")));
        }
        let mut dated = Vec::new();
        for (i, edition) in raw.into_iter().enumerate() {
            let Value::Table(mut edition) = edition else {
                return Err(invalid(format!("edition[{i}]: must be a table")));
            };
            let effective = match edition.remove("effective") {
                Some(Value::String(s)) => lattice_domain::format::parse_date(&s)
                    .map_err(|e| invalid(format!("edition[{i}].effective: {e}")))?,
                _ => {
                    return Err(invalid(format!(
                        "edition[{i}].effective: needs a \"YYYY-MM-DD\" date"
                    )));
                }
            };
            dated.push((effective, edition));
        }
        dated.sort_by_key(|(d, _)| *d);
        if dated.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(invalid("two editions share an effective date".into()));
        }
        let mut editions: Vec<(NaiveDate, Table)> = Vec::new();
        for (effective, patch) in dated {
            let base = editions.last().map(|(_, t)| t.clone()).unwrap_or_default();
            editions.push((effective, overlay(base, patch)));
        }
        Ok(Source {
            file,
            association,
            extends,
            documents,
            editions,
        })
    }

    fn id(&self) -> Result<String, ProfileError> {
        match self.association.get("id") {
            Some(Value::String(id)) if !id.trim().is_empty() => Ok(id.trim().to_lowercase()),
            _ => Err(ProfileError::Invalid {
                file: self.file.clone(),
                message: "association.id: missing".into(),
            }),
        }
    }

    fn in_force(&self, date: NaiveDate) -> Option<&Table> {
        self.editions
            .iter()
            .rev()
            .find(|(d, _)| *d <= date)
            .map(|(_, t)| t)
    }
}

/// The dated, fully overlaid editions of one association.
fn resolve(
    sources: &BTreeMap<String, Source>,
    id: &str,
    chain: &mut Vec<String>,
) -> Result<Vec<(NaiveDate, Table)>, ProfileError> {
    let source = &sources[id];
    if chain.iter().any(|c| c == id) {
        return Err(ProfileError::Invalid {
            file: source.file.clone(),
            message: format!("extends forms a cycle: {} -> {id}", chain.join(" -> ")),
        });
    }
    let Some(parent) = &source.extends else {
        return Ok(source.editions.clone());
    };
    if !sources.contains_key(parent) {
        return Err(ProfileError::Invalid {
            file: source.file.clone(),
            message: format!("extends: unknown association {parent:?}"),
        });
    }
    chain.push(id.to_string());
    let base = resolve(sources, parent, chain)?;
    chain.pop();
    let first_own = source.editions.first().map(|(d, _)| *d);
    let dates: BTreeSet<NaiveDate> = base
        .iter()
        .map(|(d, _)| *d)
        .chain(source.editions.iter().map(|(d, _)| *d))
        .filter(|d| first_own.is_some_and(|first| *d >= first))
        .collect();
    let mut resolved = Vec::new();
    for date in dates {
        let Some((_, base_table)) = base.iter().rev().find(|(d, _)| *d <= date) else {
            continue;
        };
        let own = source.in_force(date).cloned().unwrap_or_default();
        let merged = overlay(base_table.clone(), own);
        resolved.push((date, merged));
    }
    Ok(resolved)
}

/// The documents an association's rules may cite: those of the file it extends, then its own.
/// `resolve` has already refused cycles.
fn documents_of(sources: &BTreeMap<String, Source>, id: &str) -> Vec<Value> {
    let source = &sources[id];
    let mut documents = match &source.extends {
        Some(parent) if sources.contains_key(parent) => documents_of(sources, parent),
        _ => Vec::new(),
    };
    documents.extend(source.documents.iter().cloned());
    documents
}

/// Merges `patch` over `base`: tables key by key, anything else replaced, and `false` where a
/// table or number stood removes the key (`exam = false`, `late_fee_usd = false`). A `false`
/// over nothing is kept, since it may be a plain flag (`any_imh_association = false`).
fn overlay(mut base: Table, patch: Table) -> Table {
    for (key, value) in patch {
        match (base.remove(&key), value) {
            // A citation is whole: a newer one replaces the older, so no section or setting
            // of the older document lingers under the newer.
            (Some(Value::Table(mut b)), Value::Table(p)) if key == "cite" => {
                b.extend(p);
                base.insert(key, Value::Table(b));
            }
            (Some(Value::Table(b)), Value::Table(p)) => {
                base.insert(key, Value::Table(overlay(b, p)));
            }
            (Some(old), Value::Boolean(false)) if !old.is_bool() => {}
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
    base
}

/// Consistency a profile must have beyond its shape.
fn check(profile: &Profile) -> Result<(), String> {
    if profile.categories.is_empty() {
        return Err("no categories".into());
    }
    if let Some(certificate) = &profile.certificate_program {
        certificate.check()?;
    }
    for (track, rule) in &profile.categories {
        let refs = &rule.references;
        if refs.slots.len() != refs.count as usize {
            return Err(format!(
                "categories.{track}.references: {} slots for {} ratings",
                refs.slots.len(),
                refs.count
            ));
        }
        // A condition on a role the slot does not take would silently do nothing (a typo for
        // `supervisee`, or a role dropped from `roles` but not from the condition).
        for (i, slot) in refs.slots.iter().enumerate() {
            if let Some(role) = slot
                .only_if_supervising
                .iter()
                .find(|r| !slot.roles.contains(r))
            {
                return Err(format!(
                    "categories.{track}.references.slots[{i}]: only_if_supervising names {:?}, which is not among the slot's roles",
                    role.key()
                ));
            }
        }
        if rule.work.is_empty() {
            return Err(format!(
                "categories.{track}.work: at least one part is needed"
            ));
        }
        if let Some(rsc) = &rule.rsc {
            if rsc.span_min_months > rsc.span_max_months {
                return Err(format!(
                    "categories.{track}.rsc: span_min_months exceeds span_max_months"
                ));
            }
            if rsc.about_own_rsc_hours > rsc.minimum_hours {
                return Err(format!(
                    "categories.{track}.rsc: about_own_rsc_hours exceeds minimum_hours"
                ));
            }
        }
        let t = &rule.training;
        if t.rsc_hours + t.dei_hours > t.minimum_hours {
            return Err(format!(
                "categories.{track}.training: topic hours exceed the minimum"
            ));
        }
    }
    // Zero is refused when read (the engine divides by it); a week has 168 hours.
    if profile.work.full_time_hours_per_week > Minutes::from_hours(168) {
        return Err("work.full_time_hours_per_week: more than the 168 hours in a week".into());
    }
    // A year and a day at most: a longer grace would run into the next year's deadline.
    if !(0..=366).contains(&profile.renewal.grace_days) {
        return Err(format!(
            "renewal.grace_days: {} is not between 0 and 366 days",
            profile.renewal.grace_days
        ));
    }
    if profile.renewal.deadline.in_renewal_year(2024).is_none() {
        return Err("renewal.deadline: not a calendar date".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lattice_domain::category::Track;
    use rstest::rstest;

    fn date(s: &str) -> NaiveDate {
        lattice_domain::format::parse_date(s).expect("test date")
    }

    #[test]
    fn every_embedded_profile_resolves() {
        let catalog = Catalog::embedded().expect("embedded profiles are valid");
        let ids: Vec<_> = catalog.association_ids().collect();
        assert_eq!(ids, ["ak-aimh", "ct-aimh", "massaimh", "mi-aimh", "nmaimh"]);
        for id in ids {
            for profile in catalog.editions(id) {
                assert_eq!(profile.categories.len(), 7, "{}", profile.id);
            }
        }
    }

    #[test]
    fn the_profile_in_force_follows_the_as_of_date() {
        let catalog = Catalog::embedded().expect("valid");
        let before = catalog
            .profile("massaimh", date("2024-12-31"))
            .expect("in force");
        let after = catalog
            .profile("massaimh", date("2025-01-01"))
            .expect("in force");
        assert!(before.categories[&Track::III].exam.is_some());
        assert!(after.categories[&Track::III].exam.is_none());
        assert_eq!(after.id, "massaimh@2025-01-01");
        assert_eq!(before.id, "massaimh@2024-01-01");
        assert!(matches!(
            catalog.profile("massaimh", date("2001-01-01")),
            Err(ProfileError::NotInForce { .. })
        ));
        assert!(matches!(
            catalog.profile("xx-aimh", date("2025-01-01")),
            Err(ProfileError::UnknownAssociation { .. })
        ));
    }

    #[test]
    fn associations_differ_where_the_rules_do() {
        let catalog = Catalog::embedded().expect("valid");
        let on = date("2025-06-01");
        let ct = catalog.profile("ct-aimh", on).expect("ct");
        let ma = catalog.profile("massaimh", on).expect("ma");
        let nm = catalog.profile("nmaimh", on).expect("nm");
        let ak = catalog.profile("ak-aimh", date("2024-06-01")).expect("ak");
        use lattice_domain::portfolio::DegreeLevel;
        assert_eq!(
            ct.categories[&Track::II].education.minimum,
            DegreeLevel::None
        );
        assert_eq!(
            ma.categories[&Track::II].education.minimum,
            DegreeLevel::Bachelors
        );
        assert_eq!(
            ct.categories[&Track::Rs]
                .fees
                .as_ref()
                .map(|f| f.processing_usd),
            Some(150)
        );
        assert!(ma.categories[&Track::Rs].fees.is_none());
        assert!(nm.membership.any_imh_association && !ma.membership.any_imh_association);
        assert_eq!(nm.association.tier_word, "Level");
        assert_eq!(
            ak.categories[&Track::III]
                .exam
                .as_ref()
                .and_then(|e| e.part2_pass_percent),
            Some(80)
        );
        assert_eq!(ma.renewal.dei_hours, lattice_domain::minutes::Minutes::ZERO);
        let mi = catalog.profile("mi-aimh", on).expect("mi");
        assert_eq!(
            mi.renewal.dei_hours,
            lattice_domain::minutes::Minutes::from_hours(1)
        );
        let ma_2020 = catalog
            .profile("massaimh", date("2020-06-01"))
            .expect("ma 2020");
        assert_eq!(ma_2020.renewal.deadline.month, 1);
        assert_eq!(ma_2020.renewal.late_fee_usd, None);
        assert_eq!(
            ma_2020
                .source(None, lattice_domain::profile::keys::RENEWAL_DEADLINE)
                .and_then(|s| s.citation()),
            Some("MassAIMH, Endorsement FAQ (renewing endorsement)".to_string())
        );
    }

    /// Every rule a person is shown, in every edition of every association, says where it
    /// comes from: a public document, or the association's setting where none states it.
    #[test]
    fn every_rule_shown_has_a_source() {
        let catalog = Catalog::embedded().expect("valid");
        let ids: Vec<String> = catalog.association_ids().map(str::to_string).collect();
        for id in ids {
            for profile in catalog.editions(&id) {
                assert_eq!(profile.uncited(), Vec::<String>::new(), "{}", profile.id);
                for track in profile.offered() {
                    for key in ["education", "training", "work", "references"] {
                        let source = profile.source(Some(track), key).expect("cited");
                        let named = source.document.is_some() || source.setting.is_some();
                        assert!(named, "{} {track}.{key}", profile.id);
                    }
                }
            }
        }
    }

    /// Where the sources do not date a change, the profile says it is a setting, beside the
    /// document that states the new value.
    #[test]
    fn an_undated_change_is_the_associations_setting() {
        use lattice_domain::profile::keys;
        let catalog = Catalog::embedded().expect("valid");
        let ma = catalog.profile("massaimh", date("2025-06-01")).expect("ma");
        let deadline = ma.source(None, keys::RENEWAL_DEADLINE).expect("cited");
        assert_eq!(
            deadline.citation().as_deref(),
            Some("MassAIMH, Endorsement Renewal")
        );
        assert_eq!(
            deadline.url(),
            Some("https://massaimh.org/endorsement-renewal/")
        );
        assert!(deadline.setting.is_some());
        let mi = catalog.profile("mi-aimh", date("2025-06-01")).expect("mi");
        let mi_deadline = mi.source(None, keys::RENEWAL_DEADLINE).expect("cited");
        assert_eq!(mi_deadline.setting, None);
        // The 2025 Category III training minimum cites the public change and marks the DEI
        // reading as Lattice's.
        let iii = mi.source(Some(Track::III), "training").expect("cited");
        assert_eq!(
            iii.document.as_ref().map(|d| d.id.as_str()),
            Some("ct-imhs-2025")
        );
        assert!(iii.setting.is_some());
        let before = catalog.profile("mi-aimh", date("2024-06-01")).expect("mi");
        assert_eq!(
            before
                .source(Some(Track::III), "training")
                .and_then(|s| s.citation()),
            Some("MassAIMH, Endorsement FAQ (in-service trainings and conferences)".to_string())
        );
    }

    /// Each rule in force cites the document that states it in that edition: a later
    /// change cites the change, even where an association's own file cited its older rule.
    #[rstest]
    #[case::nm_iii_before_2025("nmaimh", "2024-06-01", Track::III, "education", "nmaimh-level-iii")]
    #[case::nm_iii_from_2025("nmaimh", "2025-06-01", Track::III, "work", "ct-imhs-2025")]
    #[case::nm_membership("nmaimh", "2025-06-01", Track::II, "membership", "nmaimh-level-iii")]
    #[case::mentor_training_from_2024(
        "ct-aimh",
        "2024-06-01",
        Track::IvClinical,
        "training",
        "ct-changes-2024"
    )]
    #[case::mentor_training_before(
        "ct-aimh",
        "2023-06-01",
        Track::IvClinical,
        "training",
        "massaimh-faq"
    )]
    #[case::ct_fees("ct-aimh", "2025-06-01", Track::Rs, "fees", "ct-faq")]
    #[case::ma_fees("massaimh", "2025-06-01", Track::III, "fees", "massaimh-faq")]
    #[case::reflective_supervisor_work("massaimh", "2025-06-01", Track::Rs, "work", "ct-rs")]
    fn the_rule_in_force_cites_its_document(
        #[case] association: &str,
        #[case] on: &str,
        #[case] track: Track,
        #[case] key: &str,
        #[case] document: &str,
    ) {
        let catalog = Catalog::embedded().expect("valid");
        let profile = catalog.profile(association, date(on)).expect("in force");
        let cited = profile
            .source(Some(track), key)
            .and_then(|s| s.document.as_ref())
            .map(|d| d.id.as_str());
        assert_eq!(cited, Some(document));
    }

    /// A source that names the project's own notes, a document the profile does not list, or
    /// nothing at all is refused when the file loads.
    #[rstest]
    #[case::a_seed_file(
        r#"training = { setting = "seed 002 says so" }"#,
        "cite.training: \"seed 002 says so\" names a seed file; cite the public document"
    )]
    #[case::the_digest(
        r#"training = { document = "mi-renewal", section = "DOMAIN.md, Keeping the endorsement" }"#,
        "cite.training: \"DOMAIN.md, Keeping the endorsement\" names a project file; cite the public document"
    )]
    #[case::an_unknown_document(
        r#""II.work" = { document = "wa-faq" }"#,
        "cite.II.work: no document \"wa-faq\" in documents"
    )]
    #[case::neither_document_nor_setting(
        r#"fees = { section = "fees" }"#,
        "cite.fees: name a document, or a setting where no document states the rule"
    )]
    fn sources_must_be_public_documents(#[case] cite: &str, #[case] error: &str) {
        let base = embedded::EMBEDDED
            .iter()
            .find(|(n, _)| *n == "mi-aimh.toml")
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .expect("baseline");
        let wa = format!(
            r#"
            extends = "mi-aimh"
            [association]
            id = "wa-aimh"
            name = "Washington Association for Infant Mental Health"
            abbreviation = "WA-AIMH"
            tier_word = "Category"
            [[edition]]
            effective = "2018-01-01"
            [edition.cite]
            {cite}
            "#
        );
        let err = Catalog::from_texts([base, ("wa-aimh.toml".into(), wa)]).expect_err("refused");
        assert_eq!(
            err.to_string(),
            format!("wa-aimh.toml: edition in force from 2018-01-01: {error}")
        );
    }

    /// A file cites its own documents and those of the file it extends, and no other's.
    #[test]
    fn a_file_cites_its_own_and_its_parents_documents() {
        let catalog = Catalog::embedded().expect("valid");
        let on = date("2025-06-01");
        let ma = catalog.profile("massaimh", on).expect("ma");
        let ids =
            |p: &Profile| -> Vec<String> { p.documents.iter().map(|d| d.id.clone()).collect() };
        assert!(ids(ma).contains(&"massaimh-renewal".to_string()));
        assert!(ids(ma).contains(&"mi-renewal".to_string()));
        let ct = catalog.profile("ct-aimh", on).expect("ct");
        assert!(!ids(ct).contains(&"massaimh-renewal".to_string()));
    }

    #[test]
    fn a_new_association_is_a_new_file() {
        let base = embedded::EMBEDDED
            .iter()
            .find(|(n, _)| *n == "mi-aimh.toml")
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .expect("baseline");
        let wa = r#"
            extends = "mi-aimh"
            [association]
            id = "wa-aimh"
            name = "Washington Association for Infant Mental Health"
            abbreviation = "WA-AIMH"
            tier_word = "Category"
            [[edition]]
            effective = "2020-01-01"
            [edition.categories.II]
            fees = { registration_usd = 30, processing_usd = 90 }
        "#;
        let catalog =
            Catalog::from_texts([base, ("wa-aimh.toml".into(), wa.into())]).expect("valid");
        let p = catalog
            .profile("wa-aimh", date("2025-03-01"))
            .expect("in force");
        assert_eq!(
            p.categories[&Track::II]
                .fees
                .as_ref()
                .map(|f| f.registration_usd),
            Some(30)
        );
        assert_eq!(p.effective, date("2025-01-01"));
        assert!(catalog.profile("wa-aimh", date("2019-12-31")).is_err());
    }

    /// The seeds' third rater for II and III ("a supervisee if the applicant supervises") is
    /// data in every association's every edition; IV uses the III roles and the Reflective
    /// Supervisor copies them. Category I lists its own roles without the condition.
    #[test]
    fn a_supervisee_rates_only_an_applicant_who_supervises() {
        use lattice_domain::portfolio::ReferenceRole;
        let catalog = Catalog::embedded().expect("valid");
        let ids: Vec<String> = catalog.association_ids().map(str::to_string).collect();
        for id in ids {
            for profile in catalog.editions(&id) {
                for (track, rule) in &profile.categories {
                    let conditional: Vec<(usize, &Vec<ReferenceRole>)> = rule
                        .references
                        .slots
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| !s.only_if_supervising.is_empty())
                        .map(|(i, s)| (i, &s.only_if_supervising))
                        .collect();
                    if *track == Track::I {
                        assert!(conditional.is_empty(), "{} {track}", profile.id);
                    } else {
                        assert_eq!(
                            conditional,
                            [(2, &vec![ReferenceRole::Supervisee])],
                            "{} {track}",
                            profile.id
                        );
                        assert_eq!(
                            rule.references.slots[2].describe,
                            "another supervisor, teacher, trainer, consultant or colleague, or a supervisee if you supervise others",
                            "{} {track}",
                            profile.id
                        );
                    }
                }
            }
        }
    }

    /// An association can change the condition without code; one on a role the slot does not
    /// take is refused, since it would silently do nothing.
    #[rstest]
    #[case::dropped("[]", None)]
    #[case::widened_to_colleagues("[\"supervisee\", \"colleague\"]", None)]
    #[case::a_role_the_slot_does_not_take(
        "[\"parent\"]",
        Some(
            "wa-aimh.toml: edition in force from 2018-01-01: categories.II.references.slots[2]: only_if_supervising names \"parent\", which is not among the slot's roles"
        )
    )]
    fn the_supervision_condition_is_checked_data(#[case] roles: &str, #[case] error: Option<&str>) {
        let base = embedded::EMBEDDED
            .iter()
            .find(|(n, _)| *n == "mi-aimh.toml")
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .expect("baseline");
        let wa = format!(
            r#"
            extends = "mi-aimh"
            [association]
            id = "wa-aimh"
            name = "Washington Association for Infant Mental Health"
            abbreviation = "WA-AIMH"
            tier_word = "Category"
            [[edition]]
            effective = "2018-01-01"
            [edition.categories.II.references]
            slots = [
              {{ describe = "a supervisor", roles = ["program-supervisor", "teacher"] }},
              {{ describe = "the RS/C provider", roles = ["rsc-provider"] }},
              {{ describe = "another rater", roles = ["colleague", "supervisee"], only_if_supervising = {roles} }},
            ]
            "#
        );
        let loaded = Catalog::from_texts([base, ("wa-aimh.toml".into(), wa)]);
        match error {
            Some(message) => {
                assert_eq!(loaded.expect_err("refused").to_string(), message);
            }
            None => {
                let catalog = loaded.expect("valid");
                let slot = &catalog
                    .profile("wa-aimh", date("2025-03-01"))
                    .expect("in force")
                    .categories[&Track::II]
                    .references
                    .slots[2];
                let expected: Vec<lattice_domain::portfolio::ReferenceRole> =
                    serde_json::from_str(roles).expect("roles");
                assert_eq!(slot.only_if_supervising, expected);
            }
        }
    }

    /// The full-time week is each association's setting (40 hours in every file today, a
    /// choice the sources leave open); it must be more than zero and fit in a week.
    #[rstest]
    #[case::half_a_week("20", None)]
    #[case::every_hour_of_a_week("168", None)]
    #[case::more_than_a_week(
        "168.25",
        Some(
            "wa-aimh.toml: edition in force from 2018-01-01: work.full_time_hours_per_week: more than the 168 hours in a week"
        )
    )]
    #[case::zero("0", Some("must be > 0"))]
    fn the_full_time_week_is_checked_data(#[case] hours: &str, #[case] error: Option<&str>) {
        let base = embedded::EMBEDDED
            .iter()
            .find(|(n, _)| *n == "mi-aimh.toml")
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .expect("baseline");
        let wa = format!(
            "extends = \"mi-aimh\"\n[association]\nid = \"wa-aimh\"\nname = \"n\"\nabbreviation = \"WA-AIMH\"\ntier_word = \"Category\"\n[[edition]]\neffective = \"2018-01-01\"\n[edition.work]\nfull_time_hours_per_week = {hours}\n"
        );
        let loaded = Catalog::from_texts([base, ("wa-aimh.toml".into(), wa)]);
        match error {
            Some(message) => {
                let error = loaded.expect_err("refused").to_string();
                assert!(error.contains(message), "{error}");
            }
            None => {
                let catalog = loaded.expect("valid");
                let week = catalog
                    .profile("wa-aimh", date("2025-03-01"))
                    .expect("in force")
                    .work
                    .full_time_hours_per_week;
                let hours: u32 = hours.parse().expect("whole hours");
                assert_eq!(week, Minutes::from_hours(hours));
            }
        }
    }

    /// The grace period is each association's setting: 0 to 366 days, added to the deadline
    /// for the last day of good standing; more is refused naming the key.
    #[rstest]
    #[case::none("0", None)]
    #[case::a_month("30", None)]
    #[case::a_leap_year("366", None)]
    #[case::more_than_a_year(
        "367",
        Some(
            "wa-aimh.toml: edition in force from 2018-01-01: renewal.grace_days: 367 is not between 0 and 366 days"
        )
    )]
    #[case::negative("-1", Some("renewal.grace_days: -1 is not between 0 and 366 days"))]
    fn the_grace_period_is_checked_data(#[case] days: &str, #[case] error: Option<&str>) {
        let base = embedded::EMBEDDED
            .iter()
            .find(|(n, _)| *n == "mi-aimh.toml")
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .expect("baseline");
        let wa = format!(
            "extends = \"mi-aimh\"\n[association]\nid = \"wa-aimh\"\nname = \"n\"\nabbreviation = \"WA-AIMH\"\ntier_word = \"Category\"\n[[edition]]\neffective = \"2018-01-01\"\n[edition.cite]\n\"renewal.grace_days\" = {{ setting = \"WA-AIMH's grace period\" }}\n[edition.renewal]\ngrace_days = {days}\n"
        );
        let loaded = Catalog::from_texts([base, ("wa-aimh.toml".into(), wa)]);
        match error {
            Some(message) => {
                let error = loaded.expect_err("refused").to_string();
                assert!(error.contains(message), "{error}");
            }
            None => {
                let catalog = loaded.expect("valid");
                let rule = &catalog
                    .profile("wa-aimh", date("2025-03-01"))
                    .expect("in force")
                    .renewal;
                let days: i64 = days.parse().expect("whole days");
                // MI-AIMH's deadline is December 31 of the renewal year.
                assert_eq!(
                    lattice_domain::endorsement::good_through(rule, 2026),
                    Some(date("2026-12-31") + chrono::Duration::days(days))
                );
            }
        }
    }

    #[test]
    fn every_association_states_a_forty_hour_week() {
        let catalog = Catalog::embedded().expect("valid");
        let ids: Vec<String> = catalog.association_ids().map(str::to_string).collect();
        for id in ids {
            for profile in catalog.editions(&id) {
                assert_eq!(
                    profile.work.full_time_hours_per_week,
                    Minutes::from_hours(40),
                    "{}",
                    profile.id
                );
            }
        }
    }

    /// MassAIMH's FAQ counts RS/C only from a specialist in infant mental health: a provider
    /// counted on meeting the criteria must be marked so. The other associations' sources do
    /// not say it, and IV-Clinical takes no such provider at all.
    #[test]
    fn only_massaimh_asks_for_an_imh_specialist() {
        let catalog = Catalog::embedded().expect("valid");
        let ids: Vec<String> = catalog.association_ids().map(str::to_string).collect();
        for id in ids {
            for profile in catalog.editions(&id) {
                for (track, rule) in &profile.categories {
                    let asks = rule
                        .rsc
                        .as_ref()
                        .is_some_and(|r| r.meets_criteria_needs_imh_specialist);
                    let expected =
                        id == "massaimh" && matches!(track, Track::II | Track::Rs | Track::III);
                    assert_eq!(asks, expected, "{} {track}", profile.id);
                }
            }
        }
    }

    #[test]
    fn broken_files_are_named() {
        let err = Catalog::from_texts([(
            "bad.toml".to_string(),
            "[association]\nid = \"x\"\n".to_string(),
        )])
        .expect_err("no editions");
        assert!(err.to_string().starts_with("bad.toml:"), "{err}");
        let cyclic = |id: &str, parent: &str| {
            (
                format!("{id}.toml"),
                format!(
                    "extends = \"{parent}\"\n[association]\nid = \"{id}\"\nname = \"n\"\nabbreviation = \"a\"\ntier_word = \"Level\"\n[[edition]]\neffective = \"2020-01-01\"\n"
                ),
            )
        };
        let err = Catalog::from_texts([cyclic("a", "b"), cyclic("b", "a")]).expect_err("cycle");
        assert!(err.to_string().contains("cycle"), "{err}");
    }
}
