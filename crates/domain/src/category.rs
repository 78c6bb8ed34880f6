//! Categories of Endorsement: the tier/track on the lattice and the form (IMH or ECMH).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A rung of the lattice, with the Mentor tracks told apart because their rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Track {
    #[serde(rename = "I")]
    I,
    #[serde(rename = "II")]
    II,
    /// Reflective Supervisor.
    #[serde(rename = "RS")]
    Rs,
    #[serde(rename = "III")]
    III,
    #[serde(rename = "IV-C")]
    IvClinical,
    #[serde(rename = "IV-P")]
    IvPolicy,
    #[serde(rename = "IV-R")]
    IvResearch,
}

impl Track {
    pub const ALL: [Track; 7] = [
        Track::I,
        Track::II,
        Track::Rs,
        Track::III,
        Track::IvClinical,
        Track::IvPolicy,
        Track::IvResearch,
    ];

    /// The key used in profiles and reports: `I`, `II`, `RS`, `III`, `IV-C`, `IV-P`, `IV-R`.
    pub fn key(self) -> &'static str {
        match self {
            Track::I => "I",
            Track::II => "II",
            Track::Rs => "RS",
            Track::III => "III",
            Track::IvClinical => "IV-C",
            Track::IvPolicy => "IV-P",
            Track::IvResearch => "IV-R",
        }
    }

    /// The tier as an association names it after its tier word ("Category III", "Level IV").
    pub fn tier_label(self) -> &'static str {
        match self {
            Track::I => "I",
            Track::II => "II",
            Track::Rs => "Reflective Supervisor",
            Track::III => "III",
            Track::IvClinical => "IV-Clinical",
            Track::IvPolicy => "IV-Policy",
            Track::IvResearch => "IV-Research/Faculty",
        }
    }

    /// Rank on the lattice for "same category or higher" comparisons. The Reflective
    /// Supervisor sits beside III rather than above it, so the two share a rank.
    pub fn rank(self) -> u8 {
        match self {
            Track::I => 1,
            Track::II => 2,
            Track::Rs => 3,
            Track::III => 3,
            Track::IvClinical | Track::IvPolicy | Track::IvResearch => 4,
        }
    }
}

impl fmt::Display for Track {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Track {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Track::ALL
            .into_iter()
            .find(|t| t.key().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown category {s:?} (expected one of I, II, RS, III, IV-C, IV-P, IV-R)")
            })
    }
}

/// Infant mental health (birth to 36 months) or early childhood mental health (3 up to 6 years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    Imh,
    Ecmh,
}

impl Form {
    pub const ALL: [Form; 2] = [Form::Imh, Form::Ecmh];

    /// The mark after the endorsee's name.
    pub fn mark(self) -> &'static str {
        match self {
            Form::Imh => "IMH-E®",
            Form::Ecmh => "ECMH-E®",
        }
    }

    /// The ages served that make work or RS/C count for this form.
    pub fn age_group(self) -> crate::portfolio::AgeGroup {
        match self {
            Form::Imh => crate::portfolio::AgeGroup::Birth36m,
            Form::Ecmh => crate::portfolio::AgeGroup::ThreeToSixYears,
        }
    }
}

impl FromStr for Form {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "imh" => Ok(Form::Imh),
            "ecmh" => Ok(Form::Ecmh),
            _ => Err(format!("unknown form {s:?} (expected imh or ecmh)")),
        }
    }
}

/// One endorsement category in one form, named by its abbreviation (`IFS`, `ECMHM-C`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Category {
    pub track: Track,
    pub form: Form,
}

impl Category {
    pub const fn new(track: Track, form: Form) -> Self {
        Category { track, form }
    }

    pub fn all() -> impl Iterator<Item = Category> {
        Form::ALL.into_iter().flat_map(|form| {
            Track::ALL
                .into_iter()
                .map(move |track| Category { track, form })
        })
    }

    pub fn abbreviation(self) -> &'static str {
        use Form::*;
        use Track::*;
        match (self.form, self.track) {
            (Imh, I) => "IFA",
            (Imh, II) => "IFS",
            (Imh, Rs) => "IFRS",
            (Imh, III) => "IMHS",
            (Imh, IvClinical) => "IMHM-C",
            (Imh, IvPolicy) => "IMHM-P",
            (Imh, IvResearch) => "IMHM-R",
            (Ecmh, I) => "ECFA",
            (Ecmh, II) => "ECFS",
            (Ecmh, Rs) => "ECFRS",
            (Ecmh, III) => "ECMHS",
            (Ecmh, IvClinical) => "ECMHM-C",
            (Ecmh, IvPolicy) => "ECMHM-P",
            (Ecmh, IvResearch) => "ECMHM-R",
        }
    }

    pub fn title(self) -> &'static str {
        use Form::*;
        use Track::*;
        match (self.form, self.track) {
            (Imh, I) => "Infant Family Associate",
            (Imh, II) => "Infant Family Specialist",
            (Imh, Rs) => "Infant Family Reflective Supervisor",
            (Imh, III) => "Infant Mental Health Specialist",
            (Imh, IvClinical) => "Infant Mental Health Mentor – Clinical",
            (Imh, IvPolicy) => "Infant Mental Health Mentor – Policy",
            (Imh, IvResearch) => "Infant Mental Health Mentor – Research/Faculty",
            (Ecmh, I) => "Early Childhood Family Associate",
            (Ecmh, II) => "Early Childhood Family Specialist",
            (Ecmh, Rs) => "Early Childhood Family Reflective Supervisor",
            (Ecmh, III) => "Early Childhood Mental Health Specialist",
            (Ecmh, IvClinical) => "Early Childhood Mental Health Mentor – Clinical",
            (Ecmh, IvPolicy) => "Early Childhood Mental Health Mentor – Policy",
            (Ecmh, IvResearch) => "Early Childhood Mental Health Mentor – Research/Faculty",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.abbreviation())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::all()
            .find(|c| c.abbreviation().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let known: Vec<_> = Category::all().map(Category::abbreviation).collect();
                format!(
                    "unknown category {s:?} (expected one of {})",
                    known.join(", ")
                )
            })
    }
}

/// An endorsement someone holds, as portfolios record it: a category or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Endorsement {
    #[default]
    None,
    Held(Category),
}

impl Endorsement {
    pub fn category(self) -> Option<Category> {
        match self {
            Endorsement::None => None,
            Endorsement::Held(c) => Some(c),
        }
    }

    pub fn track(self) -> Option<Track> {
        self.category().map(|c| c.track)
    }
}

impl fmt::Display for Endorsement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endorsement::None => f.write_str("none"),
            Endorsement::Held(c) => c.fmt(f),
        }
    }
}

impl FromStr for Endorsement {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("none") {
            Ok(Endorsement::None)
        } else {
            s.parse().map(Endorsement::Held)
        }
    }
}

impl Serialize for Endorsement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Endorsement {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_round_trip_and_are_unique() {
        let all: Vec<_> = Category::all().collect();
        assert_eq!(all.len(), 14);
        for c in &all {
            assert_eq!(c.abbreviation().parse::<Category>(), Ok(*c));
        }
        let mut abbrs: Vec<_> = all.iter().map(|c| c.abbreviation()).collect();
        abbrs.sort_unstable();
        abbrs.dedup();
        assert_eq!(abbrs.len(), 14);
    }

    #[test]
    fn endorsement_none_and_unknown() {
        assert_eq!("none".parse::<Endorsement>(), Ok(Endorsement::None));
        assert!("IMHX".parse::<Endorsement>().is_err());
        assert_eq!(
            "imhm-c".parse::<Endorsement>(),
            Ok(Endorsement::Held(Category::new(
                Track::IvClinical,
                Form::Imh
            )))
        );
    }
}
