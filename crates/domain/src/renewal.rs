//! Renewal compliance for one year: the annual training hours, the RS/C-topic and DEI hours
//! where they apply, RS/C received (required or recommended by role), membership, the Code of
//! Ethics, and the first-year rule. Hours are entered once however many endorsements are held.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::category::{Endorsement, Track};
use crate::dates::Span;
use crate::engine::{TopicHours, training_exclusion};
use crate::minutes::{Minutes, format_hours};
use crate::phrase::{Phrase, Value};
use crate::portfolio::{DegreeLevel, Population, Portfolio, RscFormat, Source, Topic};
use crate::profile::Profile;
use crate::report::{Excluded, Item, Status, Unit, hours_number};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenewalError {
    #[error(
        "endorsements: the portfolio records no endorsement held at {0}; renewal needs one (e.g. {{\"category\": \"IFS\", \"association\": \"{1}\", \"endorsed_on\": \"2024-06-01\"}})"
    )]
    NoEndorsement(String, String),
    #[error("--year: {0} has no renewal deadline in {1}'s calendar")]
    BadYear(i32, String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenewalItem {
    pub id: &'static str,
    /// `false` for recommendations: shown, never blocking.
    pub required: bool,
    pub status: Status,
    pub counted: f64,
    pub needed: f64,
    pub unit: Unit,
    pub detail: String,
    /// The detail as a phrase, for a page in another language.
    #[serde(skip)]
    pub said: Phrase,
    pub contributing: Vec<String>,
    pub excluded: Vec<Excluded<'static>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Every requirement met.
    Compliant,
    /// Not yet met, and the deadline has not passed.
    Due,
    /// The deadline has passed; a late fee may apply.
    Overdue,
    /// Past the association's removal date: off the registry until reinstated.
    Lapsed,
    /// Endorsed this year: the first renewal hours are owed next year.
    FirstYear,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenewalReport {
    pub association: String,
    pub profile: String,
    pub person: String,
    pub year: i32,
    pub as_of: NaiveDate,
    pub endorsements: Vec<String>,
    pub deadline: NaiveDate,
    pub late_fee_usd: Option<u32>,
    pub removal_after: Option<NaiveDate>,
    pub compliant: bool,
    pub standing: Standing,
    pub requirements: Vec<RenewalItem>,
}

/// RS/C providers who suit an endorsee's role, per the continuing recommendations: the
/// tracks, whether a master's-prepared II who receives RS/C counts, and who in words (with
/// the key a page in another language says them by).
fn suitable_providers(
    highest: Track,
    degree: DegreeLevel,
    provides_rsc: bool,
) -> (Vec<Track>, bool, &'static str, &'static str) {
    if provides_rsc {
        return (
            vec![Track::IvClinical],
            false,
            "an IV-Clinical mentor (you provide RS/C to others)",
            "iv-clinical-mentor",
        );
    }
    match highest {
        Track::I | Track::II if degree <= DegreeLevel::Bachelors => (
            vec![Track::III, Track::IvClinical],
            true,
            "a master's-prepared II who receives RS/C, or a III or IV-Clinical",
            "ii-masters-or-iii-iv",
        ),
        _ => (
            vec![Track::III, Track::IvClinical],
            false,
            "a III or IV-Clinical",
            "iii-iv",
        ),
    }
}

pub fn renewal(
    portfolio: &Portfolio,
    profile: &Profile,
    year: i32,
    as_of: NaiveDate,
) -> Result<RenewalReport, RenewalError> {
    let rules = &profile.renewal;
    let held: Vec<_> = portfolio
        .endorsements
        .iter()
        .filter(|e| e.association == profile.association.id)
        .collect();
    if held.is_empty() {
        return Err(RenewalError::NoEndorsement(
            profile.association.abbreviation.clone(),
            profile.association.id.clone(),
        ));
    }
    let deadline = rules
        .deadline
        .in_renewal_year(year)
        .ok_or_else(|| RenewalError::BadYear(year, profile.association.abbreviation.clone()))?;
    let removal_after = rules.removal_after.and_then(|r| r.in_renewal_year(year));
    // The last day of good standing: past the deadline a late renewal is still taken (with
    // the late fee) until the grace period or the removal date ends, whichever is later.
    let last_day = crate::endorsement::good_through(rules, year).unwrap_or(deadline);
    let year_span = Span {
        first: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of),
        last: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(as_of),
    };
    let tracks: Vec<Track> = held.iter().map(|e| e.category.track).collect();
    let highest = tracks
        .iter()
        .copied()
        .max_by_key(|t| (t.rank(), *t))
        .unwrap_or(Track::I);
    let first_endorsed = held.iter().map(|e| e.endorsed_on).min().unwrap_or(as_of);
    let first_year = first_endorsed.year() >= year;
    let provides_rsc = portfolio
        .work
        .iter()
        .filter(|w| w.provides_rsc)
        .filter_map(|w| Span::new(w.start, w.end.unwrap_or(as_of)))
        .any(|s| s.overlaps(year_span));

    let mut items = Vec::new();
    // Trainings dated in the renewal year, relationship-based, as for applications.
    let excluded_populations = [
        Population::SchoolAge,
        Population::Adolescent,
        Population::Elderly,
    ];
    let mut counted_idx = Vec::new();
    let mut hours = TopicHours::default();
    let mut excluded = Vec::new();
    for (i, t) in portfolio.trainings.iter().enumerate() {
        if t.date.year() != year {
            continue;
        }
        let label = Item::Training {
            index: i,
            training: t,
        }
        .to_string();
        match training_exclusion(t, &excluded_populations, as_of) {
            Some(reason) => excluded.push(Excluded {
                item: label.into(),
                reason: reason.english.into(),
            }),
            None => {
                hours.add(t);
                counted_idx.push((i, label));
            }
        }
    }
    let labels = |pred: &dyn Fn(usize) -> bool| -> Vec<String> {
        counted_idx
            .iter()
            .filter(|(i, _)| pred(*i))
            .map(|(_, l)| l.clone())
            .collect()
    };

    // Who suits as an RS/C provider: the RS/C item's words.
    let degree = portfolio.highest_degree(as_of);
    let (provider_tracks, ii_masters_ok, describe, providers_key) =
        suitable_providers(highest, degree, provides_rsc);
    // `what` is said in words and by the key (the item's id) a page in another language uses.
    let hours_item = |id: &'static str,
                      required: bool,
                      counted: Minutes,
                      needed: Minutes,
                      what: &str,
                      contributing: Vec<String>,
                      excluded: Vec<Excluded<'static>>| {
        let said = if first_year {
            let endorsed = first_endorsed.year();
            Phrase::new(
                "renewal-hours-first-year",
                vec![
                    ("endorsed", Value::Name(endorsed.to_string())),
                    ("owed", Value::Name((endorsed + 1).to_string())),
                ],
                format!(
                    "Endorsed in {endorsed}: renewal hours are first owed for {}.",
                    endorsed + 1
                ),
            )
        } else {
            Phrase::new(
                "renewal-hours",
                vec![
                    ("counted", Value::Hours(counted)),
                    ("needed", Value::Hours(needed)),
                    ("what", Value::Key(id)),
                    ("providers", Value::Key(providers_key)),
                    ("year", Value::Name(year.to_string())),
                    ("required", Value::Key(if required { "yes" } else { "no" })),
                ],
                format!(
                    "{} of {} h {what} in {year}{}.",
                    format_hours(counted),
                    format_hours(needed),
                    if required { "" } else { " (recommended)" }
                ),
            )
        };
        RenewalItem {
            id,
            required,
            status: if first_year {
                Status::NotApplicable
            } else {
                Status::from_met(counted >= needed)
            },
            counted: hours_number(counted),
            needed: hours_number(needed),
            unit: Unit::Hours,
            detail: said.english.clone(),
            said,
            contributing,
            excluded,
        }
    };

    items.push(hours_item(
        "training",
        true,
        hours.total,
        rules.training_hours,
        "of relationship-based training",
        labels(&|_| true),
        excluded,
    ));

    let rsc_topic_required = provides_rsc
        && tracks
            .iter()
            .any(|t| rules.rsc_topic_required_for.contains(t));
    let rsc_topic_recommended = provides_rsc
        && tracks
            .iter()
            .any(|t| rules.rsc_topic_recommended_for.contains(t));
    if rsc_topic_required || rsc_topic_recommended {
        let is_rsc = |i: usize| portfolio.trainings[i].has_topic(Topic::Rsc);
        items.push(hours_item(
            "rsc-training",
            rsc_topic_required,
            hours.rsc,
            rules.rsc_topic_hours,
            "of that training about providing RS/C",
            labels(&is_rsc),
            Vec::new(),
        ));
    }
    if rules.dei_hours > Minutes::ZERO {
        let is_dei = |i: usize| portfolio.trainings[i].has_topic(Topic::Dei);
        items.push(hours_item(
            "dei",
            true,
            hours.dei,
            rules.dei_hours,
            "of that training about diversity, equity & inclusion",
            labels(&is_dei),
            Vec::new(),
        ));
    }

    // RS/C received: a record counts in the year it ends.
    let mut rsc_hours = Minutes::ZERO;
    let mut rsc_contributing = Vec::new();
    let mut rsc_excluded = Vec::new();
    for (i, r) in portfolio.rsc.iter().enumerate() {
        if r.end.year() != year {
            continue;
        }
        let label = format!(
            "rsc[{i}] {} ({}, {})",
            r.provider.name, r.provider.endorsement, r.hours
        );
        let by_track = r
            .provider
            .endorsement
            .track()
            .is_some_and(|t| provider_tracks.contains(&t));
        let by_ii = ii_masters_ok
            && r.provider.endorsement.track() == Some(Track::II)
            && r.provider.degree >= DegreeLevel::Masters
            && r.provider.receives_rsc;
        if r.format == RscFormat::Peer {
            rsc_excluded.push(Excluded {
                item: label.into(),
                reason: "peer supervision does not count".into(),
            });
        } else if by_track || by_ii {
            rsc_hours += r.hours;
            rsc_contributing.push(label);
        } else {
            let held = if r.provider.endorsement == Endorsement::None {
                "no endorsement".to_string()
            } else {
                r.provider.endorsement.to_string()
            };
            rsc_excluded.push(Excluded {
                item: label.into(),
                reason: format!("provider holds {held}; suitable providers are {describe}").into(),
            });
        }
    }
    let rsc_required = tracks.iter().any(|t| rules.rsc_required_for.contains(t));
    // When only recommended, an unmet RS/C item is shown but does not block compliance.
    items.push(hours_item(
        "rsc",
        rsc_required,
        rsc_hours,
        rules.rsc_hours,
        &format!("of RS/C received from {describe}"),
        rsc_contributing,
        rsc_excluded,
    ));

    items.push(membership_item(portfolio, profile, deadline));

    if rules.code_of_ethics_annual && !first_year {
        let signed = portfolio.agreements.code_of_ethics;
        let in_cycle = signed.is_some_and(|d| d >= year_span.first && d <= deadline);
        let said = match signed {
            Some(d) if in_cycle => Phrase::new(
                "renewal-ethics-signed",
                vec![("signed", Value::Date(d))],
                format!("Code of Ethics re-signed on {d}."),
            ),
            Some(d) => Phrase::new(
                "renewal-ethics-resign-between",
                vec![
                    ("signed", Value::Date(d)),
                    ("first", Value::Date(year_span.first)),
                    ("deadline", Value::Date(deadline)),
                ],
                format!(
                    "Code of Ethics last signed {d}; re-sign it between {} and {deadline}.",
                    year_span.first
                ),
            ),
            None => Phrase::new(
                "renewal-ethics-resign-by",
                vec![("deadline", Value::Date(deadline))],
                format!("Re-sign the Code of Ethics by {deadline}."),
            ),
        };
        items.push(RenewalItem {
            id: "code-of-ethics",
            required: true,
            status: Status::from_met(in_cycle),
            counted: if in_cycle { 1.0 } else { 0.0 },
            needed: 1.0,
            unit: Unit::Count,
            detail: said.english.clone(),
            said,
            contributing: signed
                .filter(|_| in_cycle)
                .map(|d| vec![format!("Code of Ethics {d}")])
                .unwrap_or_default(),
            excluded: Vec::new(),
        });
    }

    let compliant = items
        .iter()
        .all(|i| !(i.required && i.status == Status::Unmet));
    let standing = if first_year && compliant {
        Standing::FirstYear
    } else if compliant {
        Standing::Compliant
    } else if last_day > deadline && as_of > last_day {
        Standing::Lapsed
    } else if as_of > deadline {
        Standing::Overdue
    } else {
        Standing::Due
    };
    Ok(RenewalReport {
        association: profile.association.id.clone(),
        profile: profile.id.clone(),
        person: portfolio.person.name.clone(),
        year,
        as_of,
        endorsements: held.iter().map(|e| e.category.to_string()).collect(),
        deadline,
        late_fee_usd: rules.late_fee_usd,
        removal_after,
        compliant,
        standing,
        requirements: items,
    })
}

/// Membership through the deadline, by the same rule as the application check: the
/// association's own membership, or another infant mental health association's where the
/// profile accepts it (AK-AIMH, NMAIMH), and only from the association's record.
fn membership_item(portfolio: &Portfolio, profile: &Profile, deadline: NaiveDate) -> RenewalItem {
    let own = &profile.association;
    let any = profile.membership.any_imh_association;
    let accepted = if any {
        format!(
            "{} or another infant mental health association",
            own.abbreviation
        )
    } else {
        own.abbreviation.clone()
    };
    // Whose membership counts, as every sentence below names it.
    let whose = || {
        vec![
            ("association", Value::Name(own.abbreviation.clone())),
            ("any", Value::Key(if any { "yes" } else { "no" })),
        ]
    };
    // The item from its detail: met, or not with what was left out and why.
    let item = |said: Phrase, met: bool, contributing: Vec<String>, excluded| RenewalItem {
        id: "membership",
        required: true,
        status: Status::from_met(met),
        counted: if met { 1.0 } else { 0.0 },
        needed: 1.0,
        unit: Unit::Count,
        detail: said.english.clone(),
        said,
        contributing,
        excluded,
    };
    let Some(m) = &portfolio.membership else {
        return item(
            Phrase::new(
                "renewal-membership-none",
                whose(),
                format!(
                    "No membership recorded; renew membership in {accepted} with the endorsement."
                ),
            ),
            false,
            Vec::new(),
            Vec::new(),
        );
    };
    let label = format!("membership {} until {}", m.association, m.valid_until);
    let left_out = |reason: String| {
        vec![Excluded {
            item: label.clone().into(),
            reason: reason.into(),
        }]
    };
    if m.source == Some(Source::Applicant) {
        item(
            Phrase::new(
                "renewal-membership-typed",
                whose(),
                format!("Needs membership in {accepted}, recorded by the association."),
            ),
            false,
            Vec::new(),
            left_out(
                "typed by the applicant; membership counts from the association's record".into(),
            ),
        )
    } else if !any && m.association != own.id {
        let mut args = whose();
        args.push(("deadline", Value::Date(deadline)));
        item(
            Phrase::new(
                "renewal-membership-elsewhere",
                args,
                format!("Needs membership in {accepted} through {deadline}."),
            ),
            false,
            Vec::new(),
            left_out(format!(
                "{} requires membership in {}",
                own.abbreviation, own.abbreviation
            )),
        )
    } else if m.valid_until < deadline {
        item(
            Phrase::new(
                "renewal-membership-ends",
                vec![
                    ("until", Value::Date(m.valid_until)),
                    ("deadline", Value::Date(deadline)),
                ],
                format!(
                    "Membership ends {}; renew it to run through the {deadline} deadline.",
                    m.valid_until
                ),
            ),
            false,
            Vec::new(),
            Vec::new(),
        )
    } else {
        item(
            Phrase::new(
                "renewal-membership-valid",
                vec![
                    ("held", Value::Name(m.association.clone())),
                    ("until", Value::Date(m.valid_until)),
                ],
                format!(
                    "Membership ({}) valid until {}.",
                    m.association, m.valid_until
                ),
            ),
            true,
            vec![label.clone()],
            Vec::new(),
        )
    }
}
