//! Training: which trainings count toward the minimum, and the one-conference cap.

use std::sync::Arc;

use chrono::NaiveDate;

use super::Ctx;
use crate::competency::{AreaSet, CompetencyArea};
use crate::minutes::{Minutes, format_hours};
use crate::phrase::{Phrase, Value, remember};
use crate::portfolio::{Population, Topic, Training};
use crate::profile::TrainingRule;
use crate::report::{Excluded, Item, RequirementId, RequirementReport, Status, Unit, hours_number};

/// The outcome of counting trainings, shared by the requirement, the coverage view and renewal.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingCount {
    pub counted: Vec<usize>,
    pub excluded: Vec<(usize, Arc<str>)>,
    /// The reasons of `excluded` with their ids, each once (see [`crate::phrase`]).
    pub said: Vec<Phrase>,
    /// The counted trainings' hours, in all and by topic.
    pub hours: TopicHours,
    pub covered_areas: AreaSet,
}

/// The trainings of one conference, with what ranks it against the others.
struct ConferenceGroup<'t> {
    name: &'t str,
    sums: TopicHours,
    first_day: NaiveDate,
    trainings: Vec<usize>,
}

/// Hours in all, and tagged by topic: what the training minimums are judged on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TopicHours {
    pub total: Minutes,
    /// About providing RS/C.
    pub rsc: Minutes,
    /// About diversity, equity and inclusion.
    pub dei: Minutes,
    /// Tagged both: each such hour may serve only one of the two topic minimums.
    pub rsc_and_dei: Minutes,
}

impl TopicHours {
    pub fn add(&mut self, t: &Training) {
        self.total += t.hours;
        let (rsc, dei) = (t.has_topic(Topic::Rsc), t.has_topic(Topic::Dei));
        if rsc {
            self.rsc += t.hours;
        }
        if dei {
            self.dei += t.hours;
        }
        if rsc && dei {
            self.rsc_and_dei += t.hours;
        }
    }

    fn plus(self, other: TopicHours) -> TopicHours {
        TopicHours {
            total: self.total + other.total,
            rsc: self.rsc + other.rsc,
            dei: self.dei + other.dei,
            rsc_and_dei: self.rsc_and_dei + other.rsc_and_dei,
        }
    }

    /// The minimum and its topic minimums, where one hour serves only one topic minimum.
    fn meets(self, rule: &TrainingRule) -> bool {
        self.total >= rule.minimum_hours && self.topics_met(rule.rsc_hours, rule.dei_hours)
    }

    /// The fewest more hours that meet both topic minimums when an hour tagged both serves
    /// only one of them: what each minimum lacks beyond the hours tagged with its topic alone,
    /// less the hours tagged both (each can fill one of the two).
    pub fn topic_shortfall(self, rsc_needed: Minutes, dei_needed: Minutes) -> Minutes {
        let rsc_only = self.rsc.saturating_sub(self.rsc_and_dei);
        let dei_only = self.dei.saturating_sub(self.rsc_and_dei);
        (rsc_needed.saturating_sub(rsc_only) + dei_needed.saturating_sub(dei_only))
            .saturating_sub(self.rsc_and_dei)
    }

    /// Whether topic minimums can be met from the tagged hours when one hour serves one minimum.
    pub fn topics_met(self, rsc_needed: Minutes, dei_needed: Minutes) -> bool {
        let union = (self.rsc + self.dei).saturating_sub(self.rsc_and_dei);
        self.rsc >= rsc_needed && self.dei >= dei_needed && union >= rsc_needed + dei_needed
    }
}

/// Why a single training cannot count, whatever else is in the portfolio.
pub(crate) fn training_exclusion(
    t: &Training,
    excluded_populations: &[Population],
    as_of: NaiveDate,
) -> Option<Phrase> {
    if t.date > as_of {
        return Some(Phrase::new(
            "why-dated-after",
            vec![("date", Value::Date(t.date)), ("as_of", Value::Date(as_of))],
            format!("dated {}, after {as_of}", t.date),
        ));
    }
    if t.competencies.is_empty() {
        return Some(Phrase::new(
            "why-no-competency",
            vec![],
            "names no competency area; a training counts only when it covers at least one".into(),
        ));
    }
    if let Some(population) = t.population.filter(|p| excluded_populations.contains(p)) {
        let (id, who) = match population {
            Population::SchoolAge => ("why-population-school-age", "school-age children"),
            Population::Adolescent => ("why-population-adolescent", "adolescents"),
            Population::Elderly => ("why-population-elderly", "the elderly"),
            _ => (
                "why-population-other",
                "a population outside the endorsement",
            ),
        };
        return Some(Phrase::new(
            id,
            vec![],
            format!(
                "focused on {who}; trainings primarily about school-age children, adolescents or the elderly do not count"
            ),
        ));
    }
    None
}

/// Counts trainings under an application's rule, applying the conference cap.
pub fn count_trainings(
    trainings: &[Training],
    rule: &TrainingRule,
    as_of: NaiveDate,
) -> TrainingCount {
    let mut excluded = Vec::new();
    let mut said = Vec::new();
    let mut eligible = Vec::with_capacity(trainings.len());
    for (i, t) in trainings.iter().enumerate() {
        match training_exclusion(t, &rule.excluded_populations, as_of) {
            Some(reason) => {
                excluded.push((i, Arc::from(reason.english.as_str())));
                remember(&mut said, reason);
            }
            None => eligible.push(i),
        }
    }

    // Conferences: keep the `cap` that serve the applicant best: one that lets the minimums be
    // met (a smaller conference may hold the RS/C-topic hours a larger one lacks), then the
    // most hours. Few conferences per portfolio: a list searched by name beats a map.
    let mut base = TopicHours::default();
    let mut ranked: Vec<ConferenceGroup> = Vec::new();
    for &i in &eligible {
        let Some(name) = trainings[i].conference_name() else {
            base.add(&trainings[i]);
            continue;
        };
        let position = match ranked
            .iter()
            .position(|g| g.name.eq_ignore_ascii_case(name))
        {
            Some(p) => p,
            None => {
                ranked.push(ConferenceGroup {
                    name,
                    sums: TopicHours::default(),
                    first_day: trainings[i].date,
                    trainings: Vec::new(),
                });
                ranked.len() - 1
            }
        };
        let group = &mut ranked[position];
        group.sums.add(&trainings[i]);
        group.first_day = group.first_day.min(trainings[i].date);
        group.trainings.push(i);
    }
    // Ties go to the earlier conference, then by name, so the order of entries never matters.
    ranked.sort_by(|a, b| {
        let meets = |g: &ConferenceGroup| base.plus(g.sums).meets(rule);
        meets(b)
            .cmp(&meets(a))
            .then(b.sums.total.cmp(&a.sums.total))
            .then(a.first_day.cmp(&b.first_day))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let cap = rule.conference_cap as usize;
    let kept_names: Vec<String> = ranked
        .iter()
        .take(cap)
        .map(|g| display_conference(&trainings[g.trainings[0]]))
        .collect();
    let mut capped = vec![false; trainings.len()];
    let counts = if kept_names.is_empty() {
        String::new()
    } else {
        format!(" ({} counts)", kept_names.join(", "))
    };
    for group in ranked.iter().skip(cap) {
        // One reason per conference, shared by its workshops.
        let conference = display_conference(&trainings[group.trainings[0]]);
        let phrase = Phrase::new(
            "why-another-conference",
            vec![
                ("conference", Value::Name(conference.clone())),
                ("minimum", Value::Hours(rule.minimum_hours)),
                ("cap", Value::Number(f64::from(cap as u32))),
                ("counts", Value::Name(kept_names.join(", "))),
                ("kept", Value::Number(kept_names.len() as f64)),
            ],
            format!(
                "another conference, \"{conference}\": listed but not counted toward the {}-hour minimum; only {} conference{} may count{counts}",
                format_hours(rule.minimum_hours),
                cap,
                if cap == 1 { "" } else { "s" },
            ),
        );
        let reason: Arc<str> = Arc::from(phrase.english.as_str());
        remember(&mut said, phrase);
        for &i in &group.trainings {
            capped[i] = true;
            excluded.push((i, reason.clone()));
        }
    }
    let counted: Vec<usize> = eligible.into_iter().filter(|&i| !capped[i]).collect();
    excluded.sort_by_key(|(i, _)| *i);
    let hours = ranked
        .iter()
        .take(cap)
        .fold(base, |sum, g| sum.plus(g.sums));
    let covered_areas = CompetencyArea::set(
        counted
            .iter()
            .flat_map(|&i| trainings[i].competencies.iter().copied()),
    );
    TrainingCount {
        hours,
        counted,
        excluded,
        said,
        covered_areas,
    }
}

fn display_conference(t: &Training) -> String {
    t.conference.clone().unwrap_or_else(|| t.title.clone())
}

pub(crate) fn item(index: usize, training: &Training) -> Item<'_> {
    Item::Training { index, training }
}

pub(super) fn requirement<'a>(ctx: &Ctx<'a, '_>, count: &TrainingCount) -> RequirementReport<'a> {
    let rule = &ctx.rule.training;
    let hours = count.hours;
    let trainings = &ctx.portfolio.trainings;
    let mut report = RequirementReport::new(RequirementId::Training, Unit::Hours);
    report.counted = hours_number(hours.total);
    report.needed = hours_number(rule.minimum_hours);
    report.contributing = count
        .counted
        .iter()
        .map(|&i| item(i, &trainings[i]))
        .collect();
    report.excluded = count
        .excluded
        .iter()
        .map(|(i, reason)| Excluded {
            item: item(*i, &trainings[*i]),
            reason: Arc::clone(reason),
        })
        .collect();
    for phrase in &count.said {
        report.remember(phrase.clone());
    }

    let total_met = hours.total >= rule.minimum_hours;
    let topics_ok = hours.topics_met(rule.rsc_hours, rule.dei_hours);
    report.status = Status::from_met(total_met && topics_ok);

    // Hours tagged both topics fill one topic minimum only: said when that is what falls
    // short, each topic's own hours being enough. (With no hour tagged both, hours enough for
    // each topic are enough for both, so this needs no test of its own that some are.)
    let overlap = !topics_ok && hours.rsc >= rule.rsc_hours && hours.dei >= rule.dei_hours;
    let mut detail = format!(
        "{} of {} h of relationship-based training counted",
        format_hours(hours.total),
        format_hours(rule.minimum_hours)
    );
    if rule.rsc_hours > Minutes::ZERO {
        detail.push_str(&format!(
            "; about providing RS/C: {} of {} h",
            format_hours(hours.rsc),
            format_hours(rule.rsc_hours)
        ));
    }
    if rule.dei_hours > Minutes::ZERO {
        detail.push_str(&format!(
            "; diversity, equity & inclusion: {} of {} h",
            format_hours(hours.dei),
            format_hours(rule.dei_hours)
        ));
    }
    if overlap {
        detail.push_str("; hours tagged both RS/C and DEI count toward one of the two, not both");
    }
    detail.push('.');
    // A minimum of zero is no minimum: the sentence leaves its topic out.
    report.set_detail(Phrase::new(
        "detail-training",
        vec![
            ("hours", Value::Hours(hours.total)),
            ("minimum", Value::Hours(rule.minimum_hours)),
            ("rsc", Value::Hours(hours.rsc)),
            ("rsc_minimum", Value::Hours(rule.rsc_hours)),
            ("dei", Value::Hours(hours.dei)),
            ("dei_minimum", Value::Hours(rule.dei_hours)),
            ("overlap", Value::Key(if overlap { "yes" } else { "no" })),
        ],
        detail,
    ));
    if rule.typical_hours > Minutes::ZERO {
        report.add_to_detail(Phrase::new(
            "detail-training-typical",
            vec![("hours", Value::Hours(rule.typical_hours))],
            format!(
                "Applicants at this category typically list about {} h to show every competency area.",
                format_hours(rule.typical_hours)
            ),
        ));
    }

    // One line for what overlaps: topic hours are training hours too, so "3 more hours" and
    // "3 more hours about DEI" are 3 hours, said once with what they must be about.
    let total_short = rule.minimum_hours.saturating_sub(hours.total);
    let still = total_short.max(hours.topic_shortfall(rule.rsc_hours, rule.dei_hours));
    if still > Minutes::ZERO {
        let rsc_short = rule.rsc_hours.saturating_sub(hours.rsc);
        let dei_short = rule.dei_hours.saturating_sub(hours.dei);
        let topics = hours.topic_shortfall(rule.rsc_hours, rule.dei_hours);
        let line = missing_line(still, rsc_short, dei_short, topics);
        let either = topics.saturating_sub(rsc_short + dei_short);
        match missing_phrase(still, rsc_short, dei_short, either, &line) {
            Some(phrase) => report.need(phrase),
            None => report.missing.push(line),
        }
        report.gap.hours = still;
        report.gap.rsc_topic_hours = rsc_short;
        report.gap.dei_topic_hours = dei_short;
    }
    report
}

/// "1 more hour", "2.5 more hours".
pub(super) fn more_hours(m: Minutes) -> String {
    if m == Minutes::from_hours(1) {
        "1 more hour".into()
    } else {
        format!("{} more hours", format_hours(m))
    }
}

/// The line of [`missing_line`] with an id, when it says no more than the hours and the
/// topic minimums (the rarer "either topic" case stays English only).
fn missing_phrase(
    still: Minutes,
    rsc_short: Minutes,
    dei_short: Minutes,
    either: Minutes,
    english: &str,
) -> Option<Phrase> {
    if either > Minutes::ZERO {
        return None;
    }
    let id = match (rsc_short > Minutes::ZERO, dei_short > Minutes::ZERO) {
        (false, false) => "need-training-hours",
        (true, false) => "need-training-hours-rsc",
        (false, true) => "need-training-hours-dei",
        (true, true) => "need-training-hours-rsc-dei",
    };
    Some(Phrase::new(
        id,
        vec![
            ("hours", Value::Hours(still)),
            ("rsc", Value::Hours(rsc_short)),
            ("dei", Value::Hours(dei_short)),
        ],
        english.to_string(),
    ))
}

/// "18 more hours of training, of which 15 about providing RS/C and 3 about DEI": the hours
/// still to take, and what the topic minimums ask of them. `topics` is the fewest more topic
/// hours; when hours tagged both RS/C and DEI already fill each minimum on its own but cannot
/// fill both, the rest may be about either.
fn missing_line(still: Minutes, rsc_short: Minutes, dei_short: Minutes, topics: Minutes) -> String {
    let mut of_which = Vec::new();
    if rsc_short > Minutes::ZERO {
        of_which.push(format!("{} about providing RS/C", format_hours(rsc_short)));
    }
    if dei_short > Minutes::ZERO {
        of_which.push(format!("{} about DEI", format_hours(dei_short)));
    }
    let either = topics.saturating_sub(rsc_short + dei_short);
    if either > Minutes::ZERO {
        of_which.push(format!(
            "{} about providing RS/C or about DEI (an hour tagged both counts toward one of the two)",
            format_hours(either)
        ));
    }
    let mut line = format!("{} of training", more_hours(still));
    match of_which.as_slice() {
        [] => {}
        [one] => line.push_str(&format!(", of which {one}")),
        [first @ .., last] => line.push_str(&format!(", of which {} and {last}", first.join(", "))),
    }
    line
}
