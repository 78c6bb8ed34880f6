//! A new edition drafted outside the files (on the rules page, issue #21): one `[[edition]]`
//! of one association, in the same TOML as the files, appended to that association's file and
//! loaded by [`Catalog::from_texts`], so it is validated exactly as a file is.
//!
//! Scheduled editions are stored beside the embedded files; the app builds its catalog with
//! [`with_editions`], so a scheduled edition is read the same way after a restart.

use std::path::Path;

use chrono::NaiveDate;
use toml::{Table, Value};

use crate::{Catalog, ProfileError};

/// Why a draft was refused; the message names the key and, where it can be found, the line
/// of the draft (`line 3: categories.II.training.minimum_hours: …`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DraftError {
    pub message: String,
}

impl DraftError {
    fn at(text: &str, key: Option<&str>, message: String) -> DraftError {
        match key.and_then(|k| line_of(text, k)) {
            Some(line) => DraftError {
                message: format!("line {line}: {message}"),
            },
            None => DraftError { message },
        }
    }
}

/// A drafted edition that loaded: the catalog with it, and the day it takes effect.
#[derive(Debug, Clone)]
pub struct Drafted {
    pub catalog: Catalog,
    pub effective: NaiveDate,
}

/// The file of `association` among `sources` (named `<id>.toml`, as the embedded files are).
fn is_file_of(file: &str, association: &str) -> bool {
    Path::new(file)
        .file_stem()
        .is_some_and(|stem| stem.eq_ignore_ascii_case(association))
}

/// Each association's file with its scheduled editions (association id, TOML text) appended,
/// oldest first as given. An edition naming no file is left out: the store only keeps
/// editions of associations it has.
pub fn with_editions(
    sources: impl IntoIterator<Item = (String, String)>,
    editions: &[(String, String)],
) -> Vec<(String, String)> {
    sources
        .into_iter()
        .map(|(file, mut text)| {
            for (_, edition) in editions.iter().filter(|(a, _)| is_file_of(&file, a)) {
                text.push_str("\n\n");
                text.push_str(edition);
                text.push('\n');
            }
            (file, text)
        })
        .collect()
}

/// The one `[[edition]]` of a draft and its effective date, or why the shape is wrong.
pub fn read_draft(text: &str) -> Result<NaiveDate, DraftError> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let message = e.message().to_string();
        DraftError {
            message: match line {
                Some(line) => format!("line {line}: {message}"),
                None => message,
            },
        }
    })?;
    if let Some(key) = table.keys().find(|k| *k != "edition") {
        return Err(DraftError::at(
            text,
            Some(key),
            format!("{key}: a draft holds one [[edition]] and nothing else"),
        ));
    }
    let editions = match table.get("edition") {
        Some(Value::Array(list)) if list.len() == 1 => list,
        Some(Value::Array(list)) => {
            return Err(DraftError {
                message: format!(
                    "edition: a draft holds one [[edition]], this one has {}",
                    list.len()
                ),
            });
        }
        _ => {
            return Err(DraftError {
                message: "edition: start the draft with [[edition]]".into(),
            });
        }
    };
    match editions[0].get("effective") {
        Some(Value::String(s)) => lattice_domain::format::parse_date(s)
            .map_err(|e| DraftError::at(text, Some("effective"), format!("effective: {e}"))),
        _ => Err(DraftError::at(
            text,
            Some("effective"),
            "effective: needs a \"YYYY-MM-DD\" date".into(),
        )),
    }
}

/// Loads `sources` (the files the catalog in force was built from, scheduled editions
/// included) with the draft appended to `association`'s file. `today` refuses a date before
/// tomorrow; a date on or before the association's latest edition is refused too, since editions
/// are added in order and one in the past would change applications already judged.
pub fn load_draft(
    sources: &[(String, String)],
    current: &Catalog,
    association: &str,
    text: &str,
    today: NaiveDate,
) -> Result<Drafted, DraftError> {
    let effective = read_draft(text)?;
    // Not today either: an application is judged by the rules of the day it registered, and
    // one registered earlier today would otherwise change editions.
    if effective <= today {
        return Err(DraftError::at(
            text,
            Some("effective"),
            format!(
                "effective: {effective} is not after today; an edition takes effect from tomorrow at the earliest, so applications already registered keep their rules"
            ),
        ));
    }
    if let Some(latest) = current.editions(association).last()
        && effective <= latest.effective
    {
        return Err(DraftError::at(
            text,
            Some("effective"),
            format!(
                "effective: {association}'s latest edition takes effect on {}; a new one must come after it",
                latest.effective
            ),
        ));
    }
    if !sources
        .iter()
        .any(|(file, _)| is_file_of(file, association))
    {
        return Err(DraftError {
            message: format!("no profile file for {association:?}"),
        });
    }
    let texts = with_editions(
        sources.iter().cloned(),
        &[(association.to_string(), text.to_string())],
    );
    let catalog = Catalog::from_texts(texts).map_err(|e| {
        let message = match e {
            ProfileError::Invalid { message, .. } => message,
            other => other.to_string(),
        };
        let key = key_in(&message);
        DraftError::at(text, key.as_deref(), message)
    })?;
    Ok(Drafted { catalog, effective })
}

/// The key an error message names: a `backticked` field (serde's "unknown field `x`"), or
/// the last part of a dotted path before a colon (`categories.II.training: …`).
fn key_in(message: &str) -> Option<String> {
    if let Some(start) = message.find('`') {
        let rest = &message[start + 1..];
        if let Some(end) = rest.find('`') {
            return Some(rest[..end].to_string());
        }
    }
    message
        .split(": ")
        .filter(|part| !part.contains(' ') && !part.is_empty())
        .last()
        .and_then(|path| path.rsplit('.').next())
        .map(str::to_string)
}

/// The first line of the draft that sets `key` (`key = …`) or opens a table ending in it.
fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim();
            if line.starts_with('#') {
                return false;
            }
            let sets = line
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            let quoted = line
                .strip_prefix(&format!("\"{key}\""))
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            let table = line.starts_with('[')
                && line
                    .trim_matches(|c| c == '[' || c == ']')
                    .rsplit('.')
                    .next()
                    .is_some_and(|last| last == key);
            let inline =
                line.contains(&format!("{{ {key} =")) || line.contains(&format!(", {key} ="));
            sets || quoted || table || inline
        })
        .map(|i| i + 1)
}

/// The text the rules page starts a draft from: an `[[edition]]` on `effective` with the
/// numbers of the edition in force as comments, so a coordinator uncomments what changes.
pub fn template(profile: &lattice_domain::profile::Profile, effective: NaiveDate) -> String {
    use lattice_domain::report::hours_number;
    let mut text = format!(
        "[[edition]]\neffective = \"{effective}\"\n\n# Each key below is a change from the edition in force ({}).\n# Uncomment and edit what changes: tables merge key by key, lists replace lists,\n# and `key = false` removes a table or number.\n",
        profile.id
    );
    for (track, rule) in &profile.categories {
        text.push_str(&format!(
            "\n# [edition.categories.{}.training]\n# minimum_hours = {}\n",
            track.key(),
            hours_number(rule.training.minimum_hours)
        ));
        if let Some(rsc) = &rule.rsc {
            text.push_str(&format!(
                "# [edition.categories.{}.rsc]\n# minimum_hours = {}\n",
                track.key(),
                hours_number(rsc.minimum_hours)
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(
        "unknown field `minimum_hourz`, expected one of",
        Some("minimum_hourz")
    )]
    #[case("categories.II.references: 2 slots for 3 ratings", Some("references"))]
    #[case("no categories", None)]
    fn the_key_an_error_names(#[case] message: &str, #[case] key: Option<&str>) {
        assert_eq!(key_in(message).as_deref(), key);
    }

    #[rstest]
    #[case("minimum_hours", Some(4))]
    #[case("training", Some(3))]
    #[case("effective", Some(2))]
    #[case("conference_cap", Some(5))]
    #[case("exam", None)]
    fn the_line_of_a_key(#[case] key: &str, #[case] line: Option<usize>) {
        let text = "[[edition]]\neffective = \"2027-01-01\"\n[edition.categories.II.training]\nminimum_hours = 36\nx = { conference_cap = 1 }\n# exam = false\n";
        assert_eq!(line_of(text, key), line);
    }
}
