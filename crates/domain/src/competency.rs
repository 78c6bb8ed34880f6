//! The Competency Guidelines: domains and the areas within them.
//!
//! Area ids are the kebab-case of the area names, so a portfolio written by hand from the
//! guidelines' wording gets them right: "attachment, separation, trauma, grief & loss" is
//! `attachment-separation-trauma-grief-loss`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize, Serializer};

use crate::category::Track;

/// Profiles name domains (what a certificate program may document) by the same kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompetencyDomain {
    TheoreticalFoundations,
    LawRegulationAgencyPolicy,
    SystemsExpertise,
    DirectServiceSkills,
    WorkingWithOthers,
    Communicating,
    Thinking,
    Reflection,
    Administration,
    ResearchEvaluation,
}

impl CompetencyDomain {
    /// The kebab-case id profiles use (the serde form); pages translate a domain's name by it.
    pub fn key(self) -> &'static str {
        match self {
            CompetencyDomain::TheoreticalFoundations => "theoretical-foundations",
            CompetencyDomain::LawRegulationAgencyPolicy => "law-regulation-agency-policy",
            CompetencyDomain::SystemsExpertise => "systems-expertise",
            CompetencyDomain::DirectServiceSkills => "direct-service-skills",
            CompetencyDomain::WorkingWithOthers => "working-with-others",
            CompetencyDomain::Communicating => "communicating",
            CompetencyDomain::Thinking => "thinking",
            CompetencyDomain::Reflection => "reflection",
            CompetencyDomain::Administration => "administration",
            CompetencyDomain::ResearchEvaluation => "research-evaluation",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CompetencyDomain::TheoreticalFoundations => "Theoretical Foundations",
            CompetencyDomain::LawRegulationAgencyPolicy => "Law, Regulation & Agency Policy",
            CompetencyDomain::SystemsExpertise => "Systems Expertise",
            CompetencyDomain::DirectServiceSkills => "Direct Service Skills",
            CompetencyDomain::WorkingWithOthers => "Working with Others",
            CompetencyDomain::Communicating => "Communicating",
            CompetencyDomain::Thinking => "Thinking",
            CompetencyDomain::Reflection => "Reflection",
            CompetencyDomain::Administration => "Administration",
            CompetencyDomain::ResearchEvaluation => "Research & Evaluation",
        }
    }
}

/// One knowledge or skill area of the guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CompetencyArea(u8);

struct AreaDef {
    id: &'static str,
    name: &'static str,
    domain: CompetencyDomain,
}

use CompetencyDomain as D;

const AREAS: &[AreaDef] = &[
    AreaDef {
        id: "pregnancy-early-parenthood",
        name: "Pregnancy & early parenthood",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "infant-very-young-child-development-behavior",
        name: "Infant/very young child development & behavior",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "infant-very-young-child-family-centered-practice",
        name: "Infant/very young child & family-centered practice",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "relationship-focused-practice",
        name: "Relationship-focused practice",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "relationship-focused-therapeutic-practice",
        name: "Relationship-focused therapeutic practice",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "family-relationships-dynamics",
        name: "Family relationships & dynamics",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "attachment-separation-trauma-grief-loss",
        name: "Attachment, separation, trauma, grief & loss",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "cultural-competence",
        name: "Cultural competence",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "disorders-of-infancy-early-childhood",
        name: "Disorders of infancy/early childhood",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "psychotherapeutic-behavioral-theories-of-change",
        name: "Psychotherapeutic & behavioral theories of change",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "mental-behavioral-disorders-in-adults",
        name: "Mental & behavioral disorders in adults",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "adult-learning-theory-practice",
        name: "Adult learning theory & practice",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "statistics",
        name: "Statistics",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "research-evaluation",
        name: "Research & evaluation",
        domain: D::TheoreticalFoundations,
    },
    AreaDef {
        id: "ethical-practice",
        name: "Ethical practice",
        domain: D::LawRegulationAgencyPolicy,
    },
    AreaDef {
        id: "government-law-regulation",
        name: "Government, law & regulation",
        domain: D::LawRegulationAgencyPolicy,
    },
    AreaDef {
        id: "agency-policy",
        name: "Agency policy",
        domain: D::LawRegulationAgencyPolicy,
    },
    AreaDef {
        id: "service-delivery-systems",
        name: "Service delivery systems",
        domain: D::SystemsExpertise,
    },
    AreaDef {
        id: "program-management",
        name: "Program management",
        domain: D::SystemsExpertise,
    },
    AreaDef {
        id: "screening-assessment",
        name: "Screening & assessment",
        domain: D::DirectServiceSkills,
    },
    AreaDef {
        id: "parent-infant-relationship-based-therapies-practices",
        name: "Parent-infant relationship-based therapies & practices",
        domain: D::DirectServiceSkills,
    },
    AreaDef {
        id: "developmental-guidance",
        name: "Developmental guidance",
        domain: D::DirectServiceSkills,
    },
    AreaDef {
        id: "observation-listening",
        name: "Observation & listening",
        domain: D::DirectServiceSkills,
    },
    AreaDef {
        id: "coaching-mentoring",
        name: "Coaching & mentoring",
        domain: D::WorkingWithOthers,
    },
    AreaDef {
        id: "speaking",
        name: "Speaking",
        domain: D::Communicating,
    },
    AreaDef {
        id: "reflective-supervision",
        name: "Reflective supervision",
        domain: D::Reflection,
    },
    AreaDef {
        id: "emotional-response",
        name: "Emotional response",
        domain: D::Reflection,
    },
];

/// Theoretical Foundations areas named for each tier, in the guidelines' order.
const TF_I: &[&str] = &[
    "pregnancy-early-parenthood",
    "infant-very-young-child-development-behavior",
    "infant-very-young-child-family-centered-practice",
    "relationship-focused-practice",
    "family-relationships-dynamics",
    "attachment-separation-trauma-grief-loss",
    "cultural-competence",
];
const TF_II: &[&str] = &[
    "pregnancy-early-parenthood",
    "infant-very-young-child-development-behavior",
    "infant-very-young-child-family-centered-practice",
    "relationship-focused-therapeutic-practice",
    "family-relationships-dynamics",
    "attachment-separation-trauma-grief-loss",
    "cultural-competence",
    "disorders-of-infancy-early-childhood",
];
const TF_III_EXTRA: &[&str] = &[
    "psychotherapeutic-behavioral-theories-of-change",
    "mental-behavioral-disorders-in-adults",
];
const TF_IV_EXTRA: &[&str] = &[
    "adult-learning-theory-practice",
    "statistics",
    "research-evaluation",
];

/// A set of areas as bits: the guidelines have fewer than 64 areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AreaSet(u64);

impl AreaSet {
    pub fn contains(self, area: CompetencyArea) -> bool {
        self.0 & (1 << area.0) != 0
    }

    pub fn insert(&mut self, area: CompetencyArea) {
        self.0 |= 1 << area.0;
    }

    /// The areas in either set: what trainings and coursework document together.
    pub fn union(self, other: AreaSet) -> AreaSet {
        AreaSet(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The areas in guideline order.
    pub fn iter(self) -> impl Iterator<Item = CompetencyArea> {
        CompetencyArea::all().filter(move |a| self.contains(*a))
    }
}

impl CompetencyArea {
    pub fn set(areas: impl IntoIterator<Item = CompetencyArea>) -> AreaSet {
        let mut set = AreaSet::default();
        for area in areas {
            set.insert(area);
        }
        set
    }

    pub fn all() -> impl Iterator<Item = CompetencyArea> {
        (0..AREAS.len()).map(|i| CompetencyArea(i as u8))
    }

    fn def(self) -> &'static AreaDef {
        &AREAS[usize::from(self.0)]
    }

    pub fn id(self) -> &'static str {
        self.def().id
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    pub fn domain(self) -> CompetencyDomain {
        self.def().domain
    }

    /// The Theoretical Foundations areas a tier's applicants are expected to document.
    pub fn theoretical_foundations_for(track: Track) -> Vec<CompetencyArea> {
        // Parsed from the ids once: every check and the pathfinder's seven ask for them.
        static BY_RANK: std::sync::LazyLock<[Vec<CompetencyArea>; 4]> =
            std::sync::LazyLock::new(|| {
                let parse = |ids: Vec<&str>| -> Vec<CompetencyArea> {
                    ids.into_iter().filter_map(|id| id.parse().ok()).collect()
                };
                [
                    parse(TF_I.to_vec()),
                    parse(TF_II.to_vec()),
                    parse([TF_II, TF_III_EXTRA].concat()),
                    parse([TF_II, TF_III_EXTRA, TF_IV_EXTRA].concat()),
                ]
            });
        let rank = match track {
            Track::I => 0,
            Track::II | Track::Rs => 1,
            Track::III => 2,
            Track::IvClinical | Track::IvPolicy | Track::IvResearch => 3,
        };
        BY_RANK[rank].clone()
    }

    /// The areas a rater rates and a reviewer looks for at this track: the track's own
    /// Theoretical Foundations, every area of the practice domains, and the Administration and
    /// Research & Evaluation domains only at Category IV, whose mentors lead in them.
    pub fn rated_for(track: Track) -> Vec<CompetencyArea> {
        let foundations = CompetencyArea::theoretical_foundations_for(track);
        let mentor = track.rank() == 4;
        CompetencyArea::all()
            .filter(|area| match area.domain() {
                CompetencyDomain::TheoreticalFoundations => foundations.contains(area),
                CompetencyDomain::Administration | CompetencyDomain::ResearchEvaluation => mentor,
                _ => true,
            })
            .collect()
    }
}

impl FromStr for CompetencyArea {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AREAS
            .iter()
            .position(|a| a.id == s)
            .map(|i| CompetencyArea(i as u8))
            .ok_or_else(|| {
                format!("unknown competency area {s:?} (`lattice competencies` lists the ids)")
            })
    }
}

impl fmt::Display for CompetencyArea {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for CompetencyArea {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A domain's key is its serde form, the one profiles write.
    #[test]
    fn domain_keys_are_their_serde_form() {
        use CompetencyDomain as D;
        let all = [
            D::TheoreticalFoundations,
            D::LawRegulationAgencyPolicy,
            D::SystemsExpertise,
            D::DirectServiceSkills,
            D::WorkingWithOthers,
            D::Communicating,
            D::Thinking,
            D::Reflection,
            D::Administration,
            D::ResearchEvaluation,
        ];
        for domain in all {
            assert_eq!(
                serde_json::to_value(domain).expect("serialize"),
                serde_json::Value::String(domain.key().to_string())
            );
        }
    }

    /// The ids must stay the kebab-case of the names, since applicants derive them by hand.
    #[test]
    fn ids_are_kebab_case_of_names() {
        for area in CompetencyArea::all() {
            let derived: String = area
                .name()
                .to_lowercase()
                .replace(['&', ','], " ")
                .replace('/', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("-");
            assert_eq!(area.id(), derived, "{}", area.name());
        }
    }

    #[test]
    fn area_sets_hold_every_area() {
        assert!(AREAS.len() <= 64);
        let all = CompetencyArea::set(CompetencyArea::all());
        assert_eq!(all.iter().count(), AREAS.len());
        let one = CompetencyArea::set(["cultural-competence"
            .parse::<CompetencyArea>()
            .expect("known")]);
        assert_eq!(
            one.iter().map(|a| a.id()).collect::<Vec<_>>(),
            ["cultural-competence"]
        );
    }

    #[test]
    fn tier_lists_grow_up_the_lattice() {
        let i = CompetencyArea::theoretical_foundations_for(Track::I).len();
        let ii = CompetencyArea::theoretical_foundations_for(Track::II).len();
        let iii = CompetencyArea::theoretical_foundations_for(Track::III).len();
        let iv = CompetencyArea::theoretical_foundations_for(Track::IvClinical).len();
        assert_eq!((i, ii, iii, iv), (7, 8, 10, 13));
    }

    #[test]
    fn raters_rate_the_areas_of_the_category() {
        let count = |track| CompetencyArea::rated_for(track).len();
        let all = CompetencyArea::all().count();
        let foundations = CompetencyArea::all()
            .filter(|a| a.domain() == CompetencyDomain::TheoreticalFoundations)
            .count();
        let mentor_only = CompetencyArea::all()
            .filter(|a| {
                matches!(
                    a.domain(),
                    CompetencyDomain::Administration | CompetencyDomain::ResearchEvaluation
                )
            })
            .count();
        // Below IV: the track's foundations and the practice domains, no mentor domains.
        assert_eq!(count(Track::I), all - foundations - mentor_only + 7);
        assert_eq!(count(Track::II), all - foundations - mentor_only + 8);
        assert_eq!(count(Track::III), all - foundations - mentor_only + 10);
        // IV: every area there is.
        assert_eq!(count(Track::IvClinical), all - foundations + 13);
    }
}
