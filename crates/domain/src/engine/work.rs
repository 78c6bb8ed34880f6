//! Specialized work experience: years from date ranges (overlaps counted once), the families
//! served, and the Category III graduate-internship alternative.
//!
//! Part-time work counts in proportion to the profile's full-time week: each day counts the
//! hours a week of the jobs covering it, at most one full-time week, so two half-time jobs on
//! the same days make one full day and two full-time jobs never make more than one.

use super::{Ctx, status_of};
use crate::category::{Endorsement, Form};
use crate::dates::Span;
use crate::minutes::{Minutes, format_hours};
use crate::phrase::{Phrase, Value, capitalise};
use crate::portfolio::{AgeGroup, DegreeLevel, WorkExperience};
use crate::profile::WorkRule;
use crate::report::{Item, Part, RequirementId, RequirementReport, Status, Unit, years_number};

const DAYS_PER_YEAR: i64 = 365;

/// The conditions one job must meet to count toward one part of the work requirement.
#[derive(Debug, Clone)]
pub(crate) struct WorkFilter {
    paid: bool,
    /// Category I's alternative to a degree: paid work, or supervised volunteer work.
    paid_or_supervised: bool,
    supervised: bool,
    ages: Option<AgeGroup>,
    exclude_classroom: bool,
    with_child_and_parent: bool,
    services_any: Vec<String>,
    provides_rsc: bool,
    leadership: bool,
    as_licensed_therapist: bool,
    after_degree: Option<DegreeLevel>,
    after_degree_optional: bool,
}

impl WorkFilter {
    fn from_rule(rule: &WorkRule, form: Form) -> Self {
        WorkFilter {
            paid: rule.paid,
            paid_or_supervised: false,
            supervised: rule.supervised,
            ages: rule.serves_form_ages.then(|| form.age_group()),
            exclude_classroom: rule.exclude_classroom,
            with_child_and_parent: rule.with_child_and_parent,
            services_any: rule.services_any.clone(),
            provides_rsc: rule.provides_rsc,
            leadership: rule.leadership,
            as_licensed_therapist: rule.as_licensed_therapist,
            after_degree: rule.after_degree,
            after_degree_optional: rule.after_degree_optional,
        }
    }

    pub(crate) fn paid_or_supervised_with_young_children(form: Form) -> Self {
        WorkFilter {
            paid: false,
            paid_or_supervised: true,
            supervised: false,
            ages: Some(form.age_group()),
            exclude_classroom: false,
            with_child_and_parent: false,
            services_any: Vec::new(),
            provides_rsc: false,
            leadership: false,
            as_licensed_therapist: false,
            after_degree: None,
            after_degree_optional: false,
        }
    }

    /// Why the job does not meet the conditions that do not depend on dates. Internships
    /// are judged under the internship rule instead, which waives pay and licensure.
    fn reason(&self, job: &WorkExperience, as_internship: bool) -> Option<Phrase> {
        let plain = |id: &'static str, english: &str| Some(Phrase::new(id, vec![], english.into()));
        if self.paid && !job.paid && !as_internship {
            return plain("why-work-unpaid", "unpaid; this part counts paid work");
        }
        if self.paid_or_supervised && !job.paid && !job.supervised {
            return plain(
                "why-work-neither-paid-nor-supervised",
                "neither paid nor supervised volunteer work",
            );
        }
        if (self.supervised || as_internship) && !job.supervised {
            return plain(
                "why-work-not-supervised",
                "not supervised; this part counts supervised work",
            );
        }
        if let Some(age) = self.ages
            && !job.serves(age)
            && !job.serves(AgeGroup::Prenatal)
        {
            return Some(Phrase::new(
                "why-work-age",
                vec![("ages", Value::Key(age_key(age)))],
                format!("does not serve {}", describe_age(age)),
            ));
        }
        if self.exclude_classroom && job.classroom {
            return plain(
                "why-work-classroom",
                "classroom teaching does not count toward this category's work",
            );
        }
        if self.with_child_and_parent && !job.with_child_and_parent {
            return plain(
                "why-work-not-child-and-parent",
                "not with both the young child and the parent (biological, foster or adoptive)",
            );
        }
        if !self.services_any.is_empty() && !self.services_any.iter().any(|s| job.has_service(s)) {
            let services = self.services_any.join(", ");
            return Some(Phrase::new(
                "why-work-services",
                vec![("services", Value::Name(services.clone()))],
                format!("none of the services this part counts: {services}"),
            ));
        }
        if self.provides_rsc && !job.provides_rsc {
            return plain(
                "why-work-no-rsc",
                "does not provide reflective supervision/consultation",
            );
        }
        if self.leadership && !job.leadership {
            return plain("why-work-not-leadership", "not a leadership role");
        }
        if self.as_licensed_therapist && !job.as_licensed_therapist && !as_internship {
            return plain(
                "why-work-not-therapist",
                "not as a licensed or license-eligible therapist",
            );
        }
        None
    }
}

/// The age group as a message key (`birth-36m`; Fluent keys cannot start with a digit, so
/// not the format's `3-6y`): a page names it in its language.
fn age_key(age: AgeGroup) -> &'static str {
    match age {
        AgeGroup::Birth36m => "birth-36m",
        AgeGroup::ThreeToSixYears => "three-to-six-years",
        AgeGroup::Prenatal => "prenatal",
    }
}

fn describe_age(age: AgeGroup) -> &'static str {
    match age {
        AgeGroup::Birth36m => "infants/toddlers (birth to 36 months)",
        AgeGroup::ThreeToSixYears => "young children (3 up to 6 years)",
        AgeGroup::Prenatal => "pregnant women and families",
    }
}

fn item(index: usize, job: &WorkExperience) -> Item<'_> {
    Item::Work { index, job }
}

/// A stretch of work and the hours a week it counts (at most a full-time week).
type Weighted = (Span, Minutes);

/// Minutes-a-week times days over the calendar: each day counts the hours a week of the jobs
/// covering it, capped at one full-time week `full` (overlapping jobs never make a day count
/// more than once). Divided by `full` this is full-time days.
fn weighted_days(jobs: &[Weighted], full: Minutes) -> i64 {
    // A sweep over the days where the set of jobs changes: +hours on a job's first day,
    // -hours on the day after its last.
    let mut changes: Vec<(chrono::NaiveDate, i64)> = Vec::with_capacity(jobs.len() * 2);
    for (span, hours) in jobs {
        let hours = i64::from(hours.get());
        changes.push((span.first, hours));
        changes.push((span.last.succ_opt().unwrap_or(span.last), -hours));
    }
    changes.sort_unstable();
    let cap = i64::from(full.get());
    let mut total = 0;
    let mut running = 0;
    let mut since: Option<chrono::NaiveDate> = None;
    for (day, change) in changes {
        if let Some(from) = since {
            total += (day - from).num_days() * running.min(cap);
        }
        running += change;
        since = Some(day);
    }
    total
}

/// The days and families that one part of the work requirement counts.
struct PartCount<'a> {
    /// Full-time days: calendar days weighted by hours a week over the full-time week.
    days: i64,
    internship_days: i64,
    /// A counted job was part-time, so the report explains how part-time work counts.
    part_time: bool,
    families: u32,
    jobs: usize,
    contributing: Vec<Item<'a>>,
    excluded: Vec<(Item<'a>, Phrase)>,
}

fn count_part<'a>(
    ctx: &Ctx<'a, '_>,
    filter: &WorkFilter,
    internship_max_years: Option<u32>,
    internship_supervisors: &[Endorsement],
) -> PartCount<'a> {
    let as_of = ctx.as_of;
    let degree_date = filter
        .after_degree
        .map(|level| ctx.portfolio.first_degree_at_least(level, as_of));
    let mut regular = Vec::new();
    let mut internships = Vec::new();
    let mut prenatal_only = Vec::new();
    let full = ctx.profile.work.full_time_hours_per_week;
    let mut out = PartCount {
        days: 0,
        internship_days: 0,
        part_time: false,
        families: 0,
        jobs: 0,
        contributing: Vec::new(),
        excluded: Vec::new(),
    };

    for (i, job) in ctx.portfolio.work.iter().enumerate() {
        let label = item(i, job);
        if job.start > as_of {
            out.excluded.push((
                label,
                Phrase::new(
                    "why-work-starts-after",
                    vec![
                        ("start", Value::Date(job.start)),
                        ("as_of", Value::Date(as_of)),
                    ],
                    format!("starts {}, after {as_of}", job.start),
                ),
            ));
            continue;
        }
        let as_internship = job.internship && internship_max_years.is_some();
        if let Some(reason) = filter.reason(job, as_internship) {
            out.excluded.push((label, reason));
            continue;
        }
        if as_internship
            && !internship_supervisors.is_empty()
            && !internship_supervisors.contains(&job.supervisor_endorsement)
        {
            out.excluded.push((
                label,
                Phrase::new(
                    "why-work-internship-supervisor",
                    vec![],
                    "an internship counts only under a supervisor endorsed at III or IV-Clinical"
                        .into(),
                ),
            ));
            continue;
        }
        let last = job.end.unwrap_or(as_of).min(as_of);
        let mut first = job.start;
        if !as_internship && let Some(level_date) = degree_date {
            match level_date {
                Some(done) => first = first.max(done),
                None if filter.after_degree_optional => {}
                None => {
                    let level = filter.after_degree.unwrap_or_default();
                    out.excluded.push((
                        label,
                        Phrase::new(
                            "why-work-before-degree",
                            vec![("degree", Value::Key(level.key()))],
                            format!(
                                "counts only after {} is completed, and none is",
                                level.describe()
                            ),
                        ),
                    ));
                    continue;
                }
            }
        }
        let Some(span) = Span::new(first, last) else {
            out.excluded.push((
                label,
                Phrase::new(
                    "why-work-ended-before-degree",
                    vec![("date", Value::Date(first))],
                    format!("ended before the qualifying degree was completed ({first})"),
                ),
            ));
            continue;
        };
        let weighted = (span, job.weekly_hours(full));
        let serves_form = filter.ages.is_none_or(|age| job.serves(age));
        if !serves_form {
            prenatal_only.push((i, weighted, label));
            continue;
        }
        out.contributing.push(label);
        out.families += job.families_served;
        out.jobs += 1;
        out.part_time |= weighted.1 < full;
        if as_internship {
            internships.push(weighted);
        } else {
            regular.push(weighted);
        }
    }
    // Work with pregnant women counts only alongside work with the category's young children.
    for (i, weighted, label) in prenatal_only {
        if out.jobs > 0 {
            out.contributing.push(label);
            out.families += ctx.portfolio.work[i].families_served;
            out.part_time |= weighted.1 < full;
            regular.push(weighted);
        } else {
            out.excluded.push((
                label,
                Phrase::new(
                    "why-work-prenatal-only",
                    vec![],
                    "serves only pregnant women; such work counts only together with work with infants/young children".into(),
                ),
            ));
        }
    }
    // In minute-days until the end, then floored once to whole full-time days: a day's part
    // is never lost to rounding job by job, and comparing whole days with a whole-day minimum
    // is exact (floor(x / full) >= n exactly when x >= n * full).
    let per_day = i64::from(full.get());
    let regular_days = weighted_days(&regular, full);
    let all: Vec<Weighted> = regular.iter().chain(internships.iter()).copied().collect();
    let internship_extra = weighted_days(&all, full) - regular_days;
    // The cap in whole days first, so a year more or less is a day count a test can see.
    let cap = internship_max_years.map_or(0, |y| i64::from(y) * DAYS_PER_YEAR) * per_day;
    let internship = internship_extra.min(cap);
    out.internship_days = internship / per_day;
    out.days = (regular_days + internship) / per_day;
    out
}

/// The sentence that says how part-time work counts, with the profile's full-time week:
/// "2 years at 20 hours a week count as 1 year". No source says how part-time work counts, so
/// the sentence says whose choice the week is (docs/PROFILES.md, "Sources").
fn part_time_rule(full: Minutes, association: &str) -> Phrase {
    let half = Minutes::new(full.get() / 2);
    Phrase::new(
        "detail-work-part-time",
        vec![
            ("full", Value::Hours(full)),
            ("half", Value::Hours(half)),
            ("association", Value::Name(association.to_string())),
        ],
        format!(
            "Part-time work counts in proportion to a {}-hour week ({association}'s setting in Lattice; the association can change it): 2 years at {} hours a week count as 1 year.",
            format_hours(full),
            format_hours(half)
        ),
    )
}

/// One part's sentence of the detail ("Paid work with …: 1.5 of 2 years; 4 of 10 families
/// served"), ending the detail with a full stop or, when another part follows, a semicolon.
fn part_sentence(rule: &WorkRule, count: &PartCount<'_>, counted: f64, last: bool) -> Phrase {
    let kind = match (rule.years, count.jobs) {
        (0, 0) => "none",
        (0, _) => "documented",
        _ => "years",
    };
    let mut text = match kind {
        "none" => format!("{}: none recorded yet", capitalise(&rule.describe)),
        "documented" => format!("{}: documented", capitalise(&rule.describe)),
        _ => format!(
            "{}: {counted} of {} years",
            capitalise(&rule.describe),
            rule.years
        ),
    };
    let internship = years_number(count.internship_days);
    if count.internship_days > 0 {
        text.push_str(&format!(
            " (including {internship} years of supervised graduate internship)"
        ));
    }
    if let Some(n) = rule.min_families {
        text.push_str(&format!("; {} of {n} families served", count.families));
    }
    text.push(if last { '.' } else { ';' });
    Phrase::new(
        "detail-work-part",
        vec![
            ("part", Value::Described(rule.described().capitalised())),
            ("kind", Value::Key(kind)),
            ("counted", Value::Number(counted)),
            ("years", Value::Number(f64::from(rule.years))),
            ("internship", Value::Number(internship)),
            (
                "families_rule",
                Value::Key(if rule.min_families.is_some() {
                    "yes"
                } else {
                    "no"
                }),
            ),
            ("families", Value::Number(f64::from(count.families))),
            (
                "families_needed",
                Value::Number(f64::from(rule.min_families.unwrap_or_default())),
            ),
            ("end", Value::Key(if last { "last" } else { "more" })),
        ],
        text,
    )
}

/// Days of qualifying work under a filter, for the Category I education alternative.
pub(crate) fn qualifying_days<'a>(ctx: &Ctx<'a, '_>, filter: &WorkFilter) -> (i64, Vec<Item<'a>>) {
    let part = count_part(ctx, filter, None, &[]);
    (part.days, part.contributing)
}

pub(super) fn requirement<'a>(
    ctx: &Ctx<'a, '_>,
    advice: &mut Vec<Phrase>,
) -> RequirementReport<'a> {
    let mut report = RequirementReport::new(RequirementId::Work, Unit::Years);
    let parts = ctx.rule.work.len();
    let mut binding: Option<(f64, f64, f64)> = None;
    let mut part_time = false;
    for (part, rule) in ctx.rule.work.iter().enumerate() {
        let filter = WorkFilter::from_rule(rule, ctx.category.form);
        let internship_years = rule.internship.as_ref().map(|r| r.max_years);
        let supervisors = rule
            .internship
            .as_ref()
            .map_or(&[][..], |r| r.supervisor_endorsements.as_slice());
        let count = count_part(ctx, &filter, internship_years, supervisors);
        part_time |= count.part_time;
        let needed_days = i64::from(rule.years) * DAYS_PER_YEAR;
        let years_met = if rule.years == 0 {
            count.jobs > 0
        } else {
            count.days >= needed_days
        };
        let families_met = rule.min_families.is_none_or(|n| count.families >= n);
        let met = years_met && families_met;
        let counted = years_number(count.days);
        let needed = f64::from(rule.years);

        let sentence = part_sentence(rule, &count, counted, part + 1 == parts);
        if part == 0 {
            report.set_detail(sentence);
        } else {
            report.add_to_detail(sentence);
        }

        if !years_met {
            if rule.years == 0 {
                report.need(Phrase::new(
                    "need-work-kind",
                    vec![("part", Value::Described(rule.described()))],
                    rule.describe.clone(),
                ));
                // A kind of work not done at all cannot be done today: count it as a month
                // to wait, so it ranks behind hours of training (see `pathfinder`).
                report.gap.days = report.gap.days.max(DAYS_PER_YEAR / 12);
            } else {
                // Parts run side by side (IV-Clinical's two kinds of work may overlap): the
                // longest shortfall is how long is left.
                report.gap.days = report.gap.days.max(needed_days - count.days);
                report.need(shortfall(needed_days - count.days, rule));
            }
        }
        if let Some(n) = rule.min_families.filter(|_| !families_met) {
            let more = n - count.families;
            report.need(Phrase::new(
                "need-families",
                vec![("count", Value::Number(f64::from(more)))],
                format!("{more} more families served"),
            ));
            report.gap.steps += 1;
        }
        if let Some(lower) = &rule.advise_lower
            && (count.families < lower.families || count.days < months_in_days(lower.months))
        {
            advice.push(Phrase::new(
                "advice-lower-tier",
                vec![
                    ("families", Value::Number(f64::from(lower.families))),
                    ("months", Value::Number(f64::from(lower.months))),
                    (
                        "tier",
                        Value::Inner(Box::new(ctx.profile.tier_phrase(lower.track))),
                    ),
                ],
                format!(
                    "With fewer than {} families or under {} months of this work so far, {} may be the better fit now.",
                    lower.families,
                    lower.months,
                    ctx.tier(lower.track)
                ),
            ));
        }
        let ratio = if needed > 0.0 {
            counted / needed
        } else if met {
            1.0
        } else {
            0.0
        };
        if binding.is_none_or(|(r, _, _)| ratio < r) {
            binding = Some((ratio, counted, needed));
        }
        report.parts.push(Part {
            describe: rule.describe.clone(),
            status: Status::from_met(met),
            counted,
            needed,
            unit: Unit::Years,
        });
        for c in count.contributing {
            if !report.contributing.contains(&c) {
                report.contributing.push(c);
            }
        }
        for (item, reason) in count.excluded {
            let reason = if parts > 1 {
                Phrase::new(
                    "why-for-part",
                    vec![
                        ("part", Value::Described(rule.described())),
                        ("reason", Value::Inner(Box::new(reason.clone()))),
                    ],
                    format!("{} (for: {})", reason.english, rule.describe),
                )
            } else {
                reason
            };
            report.exclude_said(item, reason);
        }
    }
    // A job that counts toward one part is not "excluded" by another part's conditions.
    let counted_jobs: Vec<Option<usize>> = report.contributing.iter().map(Item::index).collect();
    report
        .excluded
        .retain(|e| !counted_jobs.contains(&e.item.index()));
    if let Some((_, counted, needed)) = binding {
        report.counted = counted;
        report.needed = needed;
    }
    report.status = status_of(report.parts.iter().map(|p| p.status == Status::Met));
    if part_time {
        report.add_to_detail(part_time_rule(
            ctx.profile.work.full_time_hours_per_week,
            &ctx.profile.association.abbreviation,
        ));
    }
    if ctx.rule.work.len() == 1 {
        report.parts.clear();
    }
    report
}

/// What is still missing, in words a person plans with: days when under a month, else
/// years rounded up to two decimals (so a shortfall never reads as zero).
fn shortfall(days: i64, rule: &WorkRule) -> Phrase {
    let (english, unit, amount) = match days {
        1 => ("1 more day".to_string(), "days", 1.0),
        d if d < 31 => (format!("{d} more days"), "days", d as f64),
        d => {
            let years = ((d * 100).unsigned_abs().div_ceil(DAYS_PER_YEAR as u64)) as f64 / 100.0;
            let unit = if years == 1.0 { "year" } else { "years" };
            (format!("{years} more {unit}"), "years", years)
        }
    };
    Phrase::new(
        "need-work-time",
        vec![
            ("amount", Value::Number(amount)),
            ("unit", Value::Key(unit)),
            ("part", Value::Described(rule.described())),
        ],
        format!("{english} of {}", rule.describe),
    )
}

fn months_in_days(months: u32) -> i64 {
    i64::from(months) * DAYS_PER_YEAR / 12
}

#[cfg(test)]
mod tests {
    use super::shortfall;
    use crate::language::Language;
    use crate::phrase::Value;
    use crate::profile::WorkRule;

    fn rule(spanish: Option<&str>) -> WorkRule {
        let mut json = serde_json::json!({"describe": "paid work with families", "years": 2});
        if let Some(words) = spanish {
            json["describe_es"] = words.into();
        }
        serde_json::from_value(json).expect("a work rule")
    }

    #[test]
    fn shortfalls_never_read_as_zero() {
        let work = rule(None);
        let said = |days| shortfall(days, &work).english;
        assert_eq!(said(1), "1 more day of paid work with families");
        assert_eq!(said(20), "20 more days of paid work with families");
        assert_eq!(said(365), "1 more year of paid work with families");
        assert_eq!(said(366), "1.01 more years of paid work with families");
        assert_eq!(said(730), "2 more years of paid work with families");
        // The page's language gets the same amount and unit.
        let amount = |days| shortfall(days, &work).args[..2].to_vec();
        assert_eq!(
            amount(30),
            [
                ("amount", Value::Number(30.0)),
                ("unit", Value::Key("days"))
            ]
        );
        assert_eq!(
            amount(31),
            [
                ("amount", Value::Number(0.09)),
                ("unit", Value::Key("years"))
            ]
        );
    }

    #[test]
    fn a_part_without_spanish_words_is_said_in_english_on_spanish_pages() {
        assert!(!shortfall(20, &rule(None)).speaks(Language::Spanish));
        assert!(shortfall(20, &rule(None)).speaks(Language::English));
        assert!(
            shortfall(20, &rule(Some("trabajo remunerado con familias"))).speaks(Language::Spanish)
        );
    }
}
