//! Reflective supervision/consultation received: qualified providers, the one-to-two-year
//! window, the majority rule and IV-Clinical's hours about the applicant's own RS/C.

use crate::phrase::{Phrase, Value};
use std::sync::Arc;

use super::Ctx;
use crate::category::{Endorsement, Track};
use crate::dates::{Span, add_months, months_between, spans_at_least, spans_at_most};
use crate::minutes::{Minutes, format_hours};
use crate::portfolio::{AgeGroup, DegreeLevel, RscFormat, RscRecord};
use crate::profile::RscRule;
use crate::report::{Item, RequirementId, RequirementReport, Status, Unit, hours_number};

const DAYS_PER_YEAR: i64 = 365;

fn item(index: usize, record: &RscRecord) -> Item<'_> {
    Item::Rsc { index, record }
}

/// Plain words for who may provide counted RS/C under a rule: "someone endorsed III or
/// IV-Clinical", with its id. The endorsements' labels are marks, the same in every language.
fn describe_providers(rule: &RscRule) -> Phrase {
    let mut tracks: Vec<Track> = rule
        .qualified_providers
        .iter()
        .filter_map(|e| e.track())
        .collect();
    tracks.sort();
    tracks.dedup();
    let vetted = tracks.contains(&Track::Rs);
    let mut labels: Vec<&str> = tracks
        .iter()
        .filter(|t| **t != Track::Rs)
        .map(|t| t.tier_label())
        .collect();
    let args = |labels: &[&str]| {
        let (head, tail) = match labels.split_last() {
            Some((last, rest)) => (rest.join(", "), (*last).to_string()),
            None => (String::new(), String::new()),
        };
        vec![
            ("count", Value::Number(labels.len() as f64)),
            ("head", Value::Name(head)),
            ("tail", Value::Name(tail)),
            ("vetted", Value::Key(if vetted { "yes" } else { "no" })),
        ]
    };
    let phrase_args = args(&labels);
    if vetted {
        labels.push("a vetted Reflective Supervisor");
    }
    let english = match labels.len() {
        0 => return Phrase::new("rsc-providers-none", vec![], "nobody".into()),
        1 => format!("someone endorsed {}", labels[0]),
        _ => {
            let last = labels.pop().unwrap_or_default();
            format!("someone endorsed {} or {last}", labels.join(", "))
        }
    };
    Phrase::new("rsc-providers", phrase_args, english)
}

/// Why a record's provider does not qualify, or `None` with a note when it does.
fn provider_check(
    ctx: &Ctx<'_, '_>,
    rule: &RscRule,
    providers: &Phrase,
    r: &RscRecord,
) -> Result<Option<Phrase>, Phrase> {
    let p = &r.provider;
    if rule.qualified_providers.contains(&p.endorsement) {
        return Ok(None);
    }
    if let Some(exception) = &rule.bachelors_exception
        && exception.provider_endorsements.contains(&p.endorsement)
    {
        let applicant_bachelors = ctx.portfolio.highest_degree(ctx.as_of) == DegreeLevel::Bachelors;
        if !applicant_bachelors {
            let highest = ctx.portfolio.highest_degree(ctx.as_of);
            return Err(Phrase::new(
                "why-rsc-bachelors-only",
                vec![
                    ("held", Value::Name(p.endorsement.to_string())),
                    ("degree", Value::Key(highest.key())),
                ],
                format!(
                    "provider holds {}; that counts only for a bachelor's-prepared applicant, and the highest degree here is {}",
                    p.endorsement,
                    highest.describe()
                ),
            ));
        }
        if p.degree < exception.provider_degree {
            return Err(Phrase::new(
                "why-rsc-exception-degree",
                vec![
                    ("held", Value::Name(p.endorsement.to_string())),
                    ("degree", Value::Key(exception.provider_degree.key())),
                ],
                format!(
                    "provider holds {} but not {}, which the bachelor's exception needs",
                    p.endorsement,
                    exception.provider_degree.describe()
                ),
            ));
        }
        if exception.provider_receives_rsc && !p.receives_rsc {
            return Err(Phrase::new(
                "why-rsc-exception-receives",
                vec![("held", Value::Name(p.endorsement.to_string()))],
                format!(
                    "provider holds {} but does not receive RS/C, which the bachelor's exception needs",
                    p.endorsement
                ),
            ));
        }
        return Ok(Some(Phrase::new(
            "advice-rsc-bachelors-exception",
            vec![
                ("name", Value::Name(p.name.clone())),
                ("held", Value::Name(p.endorsement.to_string())),
                ("degree", Value::Key(p.degree.key())),
            ],
            format!(
                "{} counted under the bachelor's exception ({} with {} who receives RS/C)",
                p.name,
                p.endorsement,
                p.degree.describe()
            ),
        )));
    }
    if rule.accept_meets_criteria && p.meets_criteria {
        if rule.meets_criteria_needs_imh_specialist && !p.imh_specialist {
            return Err(Phrase::new(
                "why-rsc-not-imh-specialist",
                held_args(p.endorsement),
                format!(
                    "provider {}, and this entry does not say they specialize in infant mental health; a provider not endorsed at Category III or IV counts only when they meet its criteria and specialize in infant mental health",
                    held_words(p.endorsement)
                ),
            ));
        }
        let specialist = if rule.meets_criteria_needs_imh_specialist {
            " and specialize in infant mental health"
        } else {
            ""
        };
        return Ok(Some(Phrase::new(
            "advice-rsc-meets-criteria",
            vec![
                ("name", Value::Name(p.name.clone())),
                (
                    "specialist",
                    Value::Key(if specialist.is_empty() { "no" } else { "yes" }),
                ),
            ],
            format!(
                "RS/C from {} is counted on your statement that they meet the criteria for Category III or IV{specialist}; reviewers confirm it",
                p.name
            ),
        )));
    }
    let mut args = held_args(p.endorsement);
    args.push(("providers", Value::Inner(Box::new(providers.clone()))));
    Err(Phrase::new(
        "why-rsc-provider",
        args,
        format!(
            "provider {}; counted RS/C must come from {}",
            held_words(p.endorsement),
            providers.english
        ),
    ))
}

/// The values behind [`held_words`]: the endorsement held, if any.
fn held_args(held: Endorsement) -> Vec<(&'static str, Value)> {
    let endorsed = held != Endorsement::None;
    vec![
        ("endorsed", Value::Key(if endorsed { "yes" } else { "no" })),
        (
            "held",
            Value::Name(if endorsed {
                held.to_string()
            } else {
                String::new()
            }),
        ),
    ]
}

/// "is not endorsed", "holds IFS".
fn held_words(held: Endorsement) -> String {
    match held {
        Endorsement::None => "is not endorsed".to_string(),
        e => format!("holds {e}"),
    }
}

/// A candidate set of records within one window, scored.
#[derive(Debug, Clone)]
struct Window {
    records: Vec<usize>,
    hours: Minutes,
    about_own: Minutes,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
    span_ok: bool,
    majority_hours: Minutes,
    majority_ok: bool,
    met: bool,
}

/// Records grouped by provider (same name, ignoring case), as small indexes for fast sums.
fn provider_ids(records: &[RscRecord]) -> (Vec<usize>, usize) {
    let mut names: Vec<&str> = Vec::new();
    let ids = records
        .iter()
        .map(|r| {
            let name = r.provider.name.trim();
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(name))
                .unwrap_or_else(|| {
                    names.push(name);
                    names.len() - 1
                })
        })
        .collect();
    (ids, names.len())
}

fn evaluate_window(
    records: &[RscRecord],
    providers: &[usize],
    provider_count: usize,
    members: &[usize],
    rule: &RscRule,
) -> Window {
    let hours: Minutes = members.iter().map(|&i| records[i].hours).sum();
    let about_own: Minutes = members.iter().map(|&i| records[i].about_own_rsc).sum();
    let first = members
        .iter()
        .map(|&i| records[i].start)
        .min()
        .unwrap_or_default();
    let last = members
        .iter()
        .map(|&i| records[i].end)
        .max()
        .unwrap_or_default();
    let span_ok = !members.is_empty() && spans_at_least(first, last, rule.span_min_months);
    let mut totals = vec![Minutes::ZERO; provider_count];
    for &i in members {
        totals[providers[i]] += records[i].hours;
    }
    totals.sort_unstable_by(|a, b| b.cmp(a));
    let majority_hours: Minutes = totals
        .iter()
        .take(rule.majority_from_at_most as usize)
        .copied()
        .sum();
    // "The majority of the required hours": strictly more than half of the minimum.
    let majority_ok = majority_hours.get() * 2 > rule.minimum_hours.get();
    let met = hours >= rule.minimum_hours
        && about_own >= rule.about_own_rsc_hours
        && span_ok
        && majority_ok;
    Window {
        records: Vec::new(),
        hours,
        about_own,
        first,
        last,
        span_ok,
        majority_hours,
        majority_ok,
        met,
    }
}

pub(super) fn requirement<'a>(
    ctx: &Ctx<'a, '_>,
    advice: &mut Vec<Phrase>,
) -> RequirementReport<'a> {
    let mut report = RequirementReport::new(RequirementId::Rsc, Unit::Hours);
    let Some(rule) = &ctx.rule.rsc else {
        report.set_detail(Phrase::new(
            "detail-rsc-none-required",
            vec![],
            "No RS/C minimum for this category (recommended).".into(),
        ));
        return report;
    };
    report.needed = hours_number(rule.minimum_hours);
    let records = &ctx.portfolio.rsc;
    let serving: Vec<Span> = ctx
        .portfolio
        .work
        .iter()
        .filter(|w| {
            w.serves(AgeGroup::Birth36m)
                || w.serves(AgeGroup::ThreeToSixYears)
                || w.serves(AgeGroup::Prenatal)
        })
        .filter_map(|w| Span::new(w.start, w.end.unwrap_or(ctx.as_of)))
        .collect();

    let provider_words = describe_providers(rule);
    let mut refusals = Vec::new();
    let mut qualified: Vec<usize> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let label = item(i, r);
        if r.end > ctx.as_of {
            report.exclude_said(
                label,
                Phrase::new(
                    "why-rsc-runs-until",
                    vec![
                        ("end", Value::Date(r.end)),
                        ("as_of", Value::Date(ctx.as_of)),
                    ],
                    format!(
                        "runs until {}, after {}; enter it once complete",
                        r.end, ctx.as_of
                    ),
                ),
            );
            continue;
        }
        if r.format == RscFormat::Peer {
            report.exclude_said(
                label,
                Phrase::new(
                    "why-rsc-peer",
                    vec![],
                    "peer supervision does not count".into(),
                ),
            );
            continue;
        }
        // Providers repeat across records: word each kind of refusal once.
        let key = (
            r.provider.endorsement,
            r.provider.degree,
            r.provider.receives_rsc,
            r.provider.meets_criteria,
            r.provider.imh_specialist,
        );
        let verdict: Result<Option<Phrase>, Arc<str>> =
            match refusals.iter().find(|(k, _)| *k == key) {
                Some((_, reason)) => Err(Arc::clone(reason)),
                None => match provider_check(ctx, rule, &provider_words, r) {
                    Err(reason) => {
                        let english: Arc<str> = Arc::from(reason.english.as_str());
                        report.remember(reason);
                        refusals.push((key, Arc::clone(&english)));
                        Err(english)
                    }
                    Ok(note) => Ok(note),
                },
            };
        match verdict {
            Err(reason) => {
                report.exclude(label, reason);
                continue;
            }
            Ok(Some(note)) => {
                if !advice.contains(&note) {
                    advice.push(note);
                }
            }
            Ok(None) => {}
        }
        let received = Span::new(r.start, r.end);
        if !received.is_some_and(|s| serving.iter().any(|w| w.overlaps(s))) {
            report.exclude_said(
                label,
                Phrase::new(
                    "why-rsc-not-serving",
                    vec![],
                    "no work with infants/young children and families is recorded for these dates; RS/C counts when received while serving them".into(),
                ),
            );
            continue;
        }
        if !spans_at_most(r.start, r.end, rule.span_max_months) {
            let months = months_between(r.start, r.end);
            report.exclude_said(
                label,
                Phrase::new(
                    "why-rsc-span-alone",
                    vec![
                        ("months", Value::Number(months as f64)),
                        ("max", Value::Number(f64::from(rule.span_max_months))),
                    ],
                    format!(
                        "spans {months} months on its own; counted RS/C must fall within {} months, so split it by dates",
                        rule.span_max_months
                    ),
                ),
            );
            continue;
        }
        qualified.push(i);
    }

    // Every maximal set of records that fits a window starts at some record's start; try each.
    // With the records sorted by start, a window's members follow its first record.
    let (providers, provider_count) = provider_ids(records);
    qualified.sort_by_key(|&i| (records[i].start, i));
    let mut members = Vec::with_capacity(qualified.len());
    let mut best: Option<Window> = None;
    for (k, &i) in qualified.iter().enumerate() {
        let window_end = add_months(records[i].start, rule.span_max_months);
        members.clear();
        members.extend(
            qualified[k..]
                .iter()
                .copied()
                .take_while(|&j| records[j].start <= window_end)
                .filter(|&j| records[j].end < window_end),
        );
        let better =
            |b: &Window, c: &Window| (c.met, c.hours, c.about_own) > (b.met, b.hours, b.about_own);
        let candidate = evaluate_window(records, &providers, provider_count, &members, rule);
        if best.as_ref().is_none_or(|b| better(b, &candidate)) {
            let mut chosen = members.clone();
            chosen.sort_unstable();
            best = Some(Window {
                records: chosen,
                ..candidate
            });
        }
    }
    let window =
        best.unwrap_or_else(|| evaluate_window(records, &providers, provider_count, &[], rule));

    let outside = Phrase::new(
        "why-rsc-outside-window",
        vec![
            ("max", Value::Number(f64::from(rule.span_max_months))),
            ("first", Value::Date(window.first)),
            ("last", Value::Date(window.last)),
        ],
        format!(
            "falls outside the {}-month window counted ({} to {}); counted RS/C must fall within {} months",
            rule.span_max_months, window.first, window.last, rule.span_max_months
        ),
    );
    let outside_english: Arc<str> = Arc::from(outside.english.as_str());
    let mut any_outside = false;
    for &i in &qualified {
        if !window.records.contains(&i) {
            report.exclude(item(i, &records[i]), outside_english.clone());
            any_outside = true;
        }
    }
    if any_outside {
        report.remember(outside);
    }
    report.excluded.sort_by_key(|e| e.item.index());
    report.contributing = window
        .records
        .iter()
        .map(|&i| item(i, &records[i]))
        .collect();
    report.counted = hours_number(window.hours);
    report.status = Status::from_met(window.met);

    let received = !window.records.is_empty();
    let span_months = months_between(window.first, window.last);
    let majority_short = received && !window.majority_ok;
    let mut parts = vec![format!(
        "{} of {} h from qualified providers",
        format_hours(window.hours),
        format_hours(rule.minimum_hours)
    )];
    if received {
        parts.push(format!(
            "received {} to {} ({} months; must span {} to {} months)",
            window.first, window.last, span_months, rule.span_min_months, rule.span_max_months
        ));
    }
    if rule.about_own_rsc_hours > Minutes::ZERO {
        parts.push(format!(
            "about the RS/C you provide: {} of {} h",
            format_hours(window.about_own),
            format_hours(rule.about_own_rsc_hours)
        ));
    }
    if majority_short {
        parts.push(format!(
            "no {} providers account for the majority of the required {} h (the largest {} give {} h)",
            rule.majority_from_at_most,
            format_hours(rule.minimum_hours),
            rule.majority_from_at_most,
            format_hours(window.majority_hours)
        ));
    }
    let yes_no = |said: bool| Value::Key(if said { "yes" } else { "no" });
    report.set_detail(Phrase::new(
        "detail-rsc",
        vec![
            ("hours", Value::Hours(window.hours)),
            ("minimum", Value::Hours(rule.minimum_hours)),
            ("received", yes_no(received)),
            ("first", Value::Date(window.first)),
            ("last", Value::Date(window.last)),
            ("span", Value::Number(f64::from(span_months))),
            ("span_min", Value::Number(f64::from(rule.span_min_months))),
            ("span_max", Value::Number(f64::from(rule.span_max_months))),
            ("about", Value::Hours(window.about_own)),
            ("about_minimum", Value::Hours(rule.about_own_rsc_hours)),
            ("majority_short", yes_no(majority_short)),
            (
                "at_most",
                Value::Number(f64::from(rule.majority_from_at_most)),
            ),
            ("majority_hours", Value::Hours(window.majority_hours)),
        ],
        format!("{}.", parts.join("; ")),
    ));

    // One line for what overlaps: hours about the RS/C you provide are RS/C hours too.
    let short = rule.minimum_hours.saturating_sub(window.hours);
    let own_short = rule.about_own_rsc_hours.saturating_sub(window.about_own);
    let still = short.max(own_short);
    if still > Minutes::ZERO {
        let of_which = if own_short > Minutes::ZERO {
            format!(
                ", of which {} about the RS/C you provide",
                format_hours(own_short)
            )
        } else {
            String::new()
        };
        report.need(Phrase::new(
            "need-rsc-hours",
            vec![
                ("hours", Value::Hours(still)),
                ("own", Value::Hours(own_short)),
                ("providers", Value::Inner(Box::new(provider_words.clone()))),
            ],
            format!(
                "{} of RS/C from {}{of_which}",
                super::training::more_hours(still),
                provider_words.english
            ),
        ));
        report.gap.hours = still;
    }
    if window.records.is_empty() {
        // Nothing counted yet: the whole minimum span is still ahead.
        report.gap.days = i64::from(rule.span_min_months) * DAYS_PER_YEAR / 12;
    } else if !window.span_ok {
        report.need(Phrase::new(
            "need-rsc-span",
            vec![("months", Value::Number(f64::from(rule.span_min_months)))],
            format!("RS/C spanning at least {} months", rule.span_min_months),
        ));
        report.gap.days =
            (add_months(window.first, rule.span_min_months) - window.last).num_days() - 1;
    }
    if !window.records.is_empty() && !window.majority_ok {
        report.need(Phrase::new(
            "need-rsc-providers",
            vec![],
            "most of the required hours from one or two providers".into(),
        ));
        report.gap.steps += 1;
    }
    report
}
