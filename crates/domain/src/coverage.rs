//! The competency coverage picture: for each area of the guidelines, what documents it and
//! what only shows it.
//!
//! Only coursework and training document an area: a training that the eligibility engine
//! counts (of any kind: workshop, course, conference, webinar, in-service, college course)
//! and that names the area, or a course or certificate program of a completed education entry
//! ([`crate::engine::coursework`]; a certificate program within the profile's bound). A rating shows how a rater sees the applicant in an area; it is
//! listed beside the area but never documents it, since Theoretical Foundations and Direct
//! Service Skills must be documented by course work or training (DOMAIN.md). Work entries
//! name no areas, so work never appears here. Trainings the engine does not count (focused on
//! school-age children, dated later, a further conference) are listed with the reason, so the
//! picture never disagrees with the report.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::category::Track;
use crate::competency::{AreaSet, CompetencyArea, CompetencyDomain};
use crate::engine::{count_trainings, coursework};
use crate::phrase::Phrase;
use crate::portfolio::{Portfolio, Training};
use crate::profile::Profile;

/// The areas one rater answered they see the applicant demonstrate.
#[derive(Debug, Clone, PartialEq)]
pub struct RaterAreas<'r> {
    pub rater: &'r str,
    pub areas: AreaSet,
}

/// What stands behind an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// A counted training or course names it.
    Documented,
    /// No counted training names it, but at least one rater sees it.
    ShownOnlyByRatings,
    /// Neither.
    Nothing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AreaCoverage<'a> {
    pub area: CompetencyArea,
    /// The applicant's category expects the area documented (its Theoretical Foundations).
    pub expected: bool,
    /// Counted trainings that name the area, in portfolio order.
    pub trainings: Vec<&'a Training>,
    /// Trainings that name the area but do not count, with the engine's reason.
    pub not_counted: Vec<(&'a Training, Phrase)>,
    /// Courses and certificate programs that document the area, as the applicant knows them
    /// ("Course: Infant development (MSW, Boston University)").
    pub coursework: Vec<Phrase>,
    /// How many of `coursework` are whole certificate programs rather than courses.
    pub certificate_programs: usize,
    /// Coursework that names the area but does not document it, with why.
    pub coursework_not_counted: Vec<(String, String)>,
    /// Raters who answered that they see the area.
    pub raters: Vec<&'a str>,
}

impl AreaCoverage<'_> {
    /// How many items document the area: counted trainings, courses and certificate programs.
    pub fn documents(&self) -> usize {
        self.trainings.len() + self.coursework.len()
    }

    pub fn standing(&self) -> Standing {
        if !self.trainings.is_empty() || !self.coursework.is_empty() {
            Standing::Documented
        } else if !self.raters.is_empty() {
            Standing::ShownOnlyByRatings
        } else {
            Standing::Nothing
        }
    }

    /// The domains whose areas only coursework or training may document (DOMAIN.md).
    pub fn needs_coursework(&self) -> bool {
        matches!(
            self.area.domain(),
            CompetencyDomain::TheoreticalFoundations | CompetencyDomain::DirectServiceSkills
        )
    }

    /// An area the category expects that no counted training documents: ratings do not fill
    /// the gap.
    pub fn is_gap(&self) -> bool {
        self.expected && self.standing() != Standing::Documented
    }

    /// The line under the area's name.
    pub fn verdict(&self) -> String {
        let mut line = match self.standing() {
            Standing::Documented if self.coursework.is_empty() => match self.trainings.len() {
                1 => "documented by 1 training or course".to_string(),
                n => format!("documented by {n} trainings or courses"),
            },
            // Coursework said as such: "documented by 1 course and 2 trainings".
            Standing::Documented => {
                let count = |n: usize, one: &str, many: &str| match n {
                    0 => None,
                    1 => Some(one.to_string()),
                    n => Some(format!("{n} {many}")),
                };
                let courses = self.coursework.len() - self.certificate_programs;
                let parts: Vec<String> = [
                    count(courses, "1 course", "courses"),
                    count(
                        self.certificate_programs,
                        "a certificate program",
                        "certificate programs",
                    ),
                    count(self.trainings.len(), "1 training", "trainings"),
                ]
                .into_iter()
                .flatten()
                .collect();
                format!("documented by {}", parts.join(" and "))
            }
            Standing::ShownOnlyByRatings => {
                "shown only by ratings; not documented by coursework or training".to_string()
            }
            Standing::Nothing if self.expected => {
                "expected; not yet documented by coursework or training".to_string()
            }
            Standing::Nothing => "not documented yet".to_string(),
        };
        if self.expected && self.standing() != Standing::Nothing {
            line.push_str(" · expected");
        }
        line
    }

    /// One line per item behind the area: what documents it, what does not count, who sees it.
    pub fn sources(&self) -> Vec<String> {
        let documents = self.coursework.iter().map(|c| c.english.clone()).chain(
            self.trainings
                .iter()
                .map(|t| format!("Training: {}", t.title)),
        );
        let listed = self
            .coursework_not_counted
            .iter()
            .map(|(what, why)| format!("Listed, not counted: {what} ({why})"))
            .chain(
                self.not_counted
                    .iter()
                    .map(|(t, why)| format!("Listed, not counted: {} ({})", t.title, why.english)),
            );
        let rated = self
            .raters
            .iter()
            .map(|r| format!("Rating by {r} (shows, does not document)"));
        documents.chain(listed).chain(rated).collect()
    }

    /// Why coursework is needed, where the area lacks it and the rule asks for it.
    pub fn note(&self) -> Option<&'static str> {
        (self.needs_coursework() && self.standing() != Standing::Documented).then_some(
            "Theoretical Foundations and Direct Service Skills areas must be documented by coursework or training; ratings and work experience do not document them.",
        )
    }
}

/// The picture for every area of the guidelines, in guideline order. `track` is the
/// applicant's category, whose Theoretical Foundations are expected and whose training rule
/// decides which trainings count; with none, nothing is expected and the association's
/// first category offered decides.
pub fn picture<'a>(
    portfolio: &'a Portfolio,
    profile: &Profile,
    track: Option<Track>,
    ratings: &[RaterAreas<'a>],
    as_of: NaiveDate,
) -> Vec<AreaCoverage<'a>> {
    let expected = CompetencyArea::set(
        track
            .into_iter()
            .flat_map(CompetencyArea::theoretical_foundations_for),
    );
    let rule = track
        .and_then(|t| profile.rule(t))
        .or_else(|| profile.categories.values().find(|r| r.offered));
    let trainings = &portfolio.trainings;
    // Each excluded training with its reason's phrase: the count keeps each reason's phrase
    // once, beside the English it gave the training.
    let (counted, excluded): (Vec<usize>, Vec<(usize, Phrase)>) = match rule {
        Some(rule) => {
            let count = count_trainings(trainings, &rule.training, as_of);
            let phrase_of = |why: &Arc<str>| {
                count
                    .said
                    .iter()
                    .find(|p| p.english == **why)
                    .cloned()
                    .unwrap_or_else(|| Phrase::new("", vec![], why.to_string()))
            };
            let excluded = count
                .excluded
                .iter()
                .map(|(i, why)| (*i, phrase_of(why)))
                .collect();
            (count.counted, excluded)
        }
        None => {
            let why = Phrase::new(
                "why-no-category",
                vec![],
                "the association offers no category to count it for".into(),
            );
            (
                Vec::new(),
                (0..trainings.len()).map(|i| (i, why.clone())).collect(),
            )
        }
    };
    let coursework = coursework(portfolio, profile, as_of);
    CompetencyArea::all()
        .map(|area| AreaCoverage {
            coursework: coursework
                .iter()
                .filter(|c| c.documented.contains(area))
                .map(|c| c.label())
                .collect(),
            certificate_programs: coursework
                .iter()
                .filter(|c| c.course.is_none() && c.documented.contains(area))
                .count(),
            coursework_not_counted: coursework
                .iter()
                .filter_map(|c| {
                    let (areas, why) = c.not_counted.as_ref()?;
                    areas
                        .contains(area)
                        .then(|| (c.label().english, why.clone()))
                })
                .collect(),
            area,
            expected: expected.contains(area),
            trainings: counted
                .iter()
                .map(|&i| &trainings[i])
                .filter(|t| t.competencies.contains(&area))
                .collect(),
            not_counted: excluded
                .iter()
                .filter(|(i, _)| trainings[*i].competencies.contains(&area))
                .map(|(i, why)| (&trainings[*i], why.clone()))
                .collect(),
            raters: ratings
                .iter()
                .filter(|r| r.areas.contains(area))
                .map(|r| r.rater)
                .collect(),
        })
        .collect()
}
