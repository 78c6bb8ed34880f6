//! The eligibility engine: portfolio + profile + as-of date → an explainable [`Report`].
//!
//! Each requirement is evaluated by its own function over the whole portfolio, so the same
//! code serves the CLI, the live progress panel, reviewers and the pathfinder.

mod basics;
mod references;
mod rsc;
mod training;
mod work;

use chrono::NaiveDate;

use crate::category::{Category, Track};
use crate::competency::{AreaSet, CompetencyArea};
use crate::phrase::{Described, Phrase, Value};
use crate::portfolio::Portfolio;
use crate::profile::{CategoryRule, Profile};
use crate::report::{Coverage, Report, RequirementReport, Status};

pub use basics::{Coursework, coursework, coursework_areas};
/// Renewal hours exclude trainings for the same reasons as applications.
pub(crate) use training::training_exclusion;
pub use training::{TopicHours, TrainingCount, count_trainings};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("{association} does not offer {category} ({title})")]
    NotOffered {
        association: String,
        category: String,
        title: String,
    },
}

/// What every requirement check reads.
pub(crate) struct Ctx<'a, 'p> {
    pub portfolio: &'a Portfolio,
    pub profile: &'p Profile,
    pub rule: &'p CategoryRule,
    pub category: Category,
    pub as_of: NaiveDate,
    /// For a reinstatement: the day the endorsement lapsed. Ratings completed before it are
    /// the old endorsement's, and the rules ask for new ones.
    pub lapsed_on: Option<NaiveDate>,
}

impl Ctx<'_, '_> {
    pub fn tier(&self, track: Track) -> String {
        self.profile.tier_name(track)
    }
}

/// Checks a portfolio against one category of the profile in force.
pub fn check<'a>(
    portfolio: &'a Portfolio,
    profile: &Profile,
    category: Category,
    as_of: NaiveDate,
) -> Result<Report<'a>, EngineError> {
    check_with(
        portfolio,
        profile,
        category,
        as_of,
        &mut TrainingCounts::default(),
    )
}

/// Training counts already made for one portfolio and date, keyed by the training rule, so
/// that checking several categories (the pathfinder) counts each distinct rule once.
#[derive(Debug, Default)]
pub struct TrainingCounts(Vec<(crate::profile::TrainingRule, TrainingCount)>);

impl TrainingCounts {
    fn get_or_count(
        &mut self,
        trainings: &[crate::portfolio::Training],
        rule: &crate::profile::TrainingRule,
        as_of: NaiveDate,
    ) -> &TrainingCount {
        let position = match self.0.iter().position(|(r, _)| r.counts_like(rule)) {
            Some(p) => p,
            None => {
                self.0
                    .push((rule.clone(), count_trainings(trainings, rule, as_of)));
                self.0.len() - 1
            }
        };
        &self.0[position].1
    }
}

/// [`check`], reusing training counts across calls for the same portfolio and date.
pub fn check_with<'a>(
    portfolio: &'a Portfolio,
    profile: &Profile,
    category: Category,
    as_of: NaiveDate,
    counts: &mut TrainingCounts,
) -> Result<Report<'a>, EngineError> {
    check_inner(portfolio, profile, category, as_of, None, counts)
}

/// [`check`] for the reinstatement of an endorsement that lapsed on `lapsed_on`: the same
/// requirements, with only ratings completed on or after that day counted (see
/// [`crate::reinstatement`]).
pub fn check_reinstatement<'a>(
    portfolio: &'a Portfolio,
    profile: &Profile,
    category: Category,
    as_of: NaiveDate,
    lapsed_on: NaiveDate,
) -> Result<Report<'a>, EngineError> {
    check_inner(
        portfolio,
        profile,
        category,
        as_of,
        Some(lapsed_on),
        &mut TrainingCounts::default(),
    )
}

fn check_inner<'a>(
    portfolio: &'a Portfolio,
    profile: &Profile,
    category: Category,
    as_of: NaiveDate,
    lapsed_on: Option<NaiveDate>,
    counts: &mut TrainingCounts,
) -> Result<Report<'a>, EngineError> {
    let rule = profile
        .rule(category.track)
        .ok_or_else(|| EngineError::NotOffered {
            association: profile.association.abbreviation.clone(),
            category: category.abbreviation().to_string(),
            title: category.title().to_string(),
        })?;
    let ctx = Ctx {
        portfolio,
        profile,
        rule,
        category,
        as_of,
        lapsed_on,
    };
    let mut advice = Vec::new();

    let counted_trainings = counts.get_or_count(&portfolio.trainings, &rule.training, as_of);
    let mut requirements: Vec<RequirementReport<'a>> = vec![
        basics::education(&ctx, &mut advice),
        training::requirement(&ctx, counted_trainings),
        work::requirement(&ctx, &mut advice),
        rsc::requirement(&ctx, &mut advice),
        references::requirement(&ctx, &mut advice),
        basics::agreements(&ctx),
        basics::membership(&ctx),
        basics::exam(&ctx),
    ];
    // The profile words its notes in English only: a page in another language shows them so.
    advice.extend(rule.notes.iter().map(|note| {
        Phrase::new(
            "advice-note",
            vec![("note", Value::Described(Described::new(note, None)))],
            note.clone(),
        )
    }));
    // A requirement the category does not have cites nothing.
    for r in requirements
        .iter_mut()
        .filter(|r| r.status != crate::report::Status::NotApplicable)
    {
        r.source = profile.source(Some(category.track), r.id.key()).cloned();
    }

    // Trainings and coursework document areas alike; ratings and work never do.
    let covered = counted_trainings
        .covered_areas
        .union(coursework_areas(portfolio, profile, as_of));
    let competencies = coverage(covered, category.track);
    let uncovered_areas: Vec<CompetencyArea> =
        CompetencyArea::theoretical_foundations_for(category.track)
            .into_iter()
            .filter(|a| !covered.contains(*a))
            .collect();
    let uncovered: Vec<&str> = uncovered_areas.iter().map(|a| a.name()).collect();
    let uncovered_ids: Vec<&'static str> = uncovered_areas.iter().map(|a| a.id()).collect();
    if !uncovered.is_empty() {
        advice.push(Phrase::new(
            "advice-theory-uncovered",
            vec![("areas", Value::Areas(uncovered_ids))],
            format!(
                "Theoretical Foundations areas no counted training or course covers yet: {}. Reviewers look for course work or training in each; work experience or ratings alone do not document them.",
                uncovered.join("; ")
            ),
        ));
    }

    let ready = requirements.iter().all(|r| !r.status.blocks_submission());
    Ok(Report {
        association: profile.association.id.clone(),
        category: category.abbreviation().to_string(),
        title: category.title().to_string(),
        tier: profile.tier_name(category.track),
        profile: profile.id.clone(),
        rules_said: crate::report::rules_phrase(profile),
        as_of,
        person: portfolio.person.name.clone(),
        ready,
        requirements,
        advice,
        competencies,
    })
}

fn coverage(covered: AreaSet, track: Track) -> Coverage {
    let expected: Vec<CompetencyArea> = CompetencyArea::theoretical_foundations_for(track);
    let missing = expected
        .iter()
        .filter(|a| !covered.contains(**a))
        .map(|a| a.id())
        .collect();
    Coverage {
        expected: expected.iter().map(|a| a.id()).collect(),
        covered: covered.iter().map(|a| a.id()).collect(),
        missing,
    }
}

/// A report's status for a category's parts all being met (or the requirement absent).
pub(crate) fn status_of(parts_met: impl IntoIterator<Item = bool>) -> Status {
    Status::from_met(parts_met.into_iter().all(|m| m))
}
