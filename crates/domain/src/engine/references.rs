//! Reference ratings: who may rate, which ratings still count, and matching raters to roles.

use super::Ctx;
use crate::category::Endorsement;
use crate::dates::add_months;
use crate::phrase::{Phrase, Value};
use crate::portfolio::{Reference, ReferenceStatus, Source};
use crate::profile::ReferenceSlot;
use crate::reinstatement::{old_rating_reason, rating_is_new};
use crate::report::{Item, RequirementId, RequirementReport, Status, Unit};

/// Reasons a rating does not count that need no values: (phrase id, English).
const NOT_REQUESTED: (&str, &str) = ("why-rating-not-requested", "not requested yet");
const REQUESTED: (&str, &str) = (
    "why-rating-requested",
    "requested; the rater has not completed it yet",
);
const DECLINED: (&str, &str) = ("why-rating-declined", "the rater declined");

fn item(index: usize, reference: &Reference) -> Item<'_> {
    Item::Reference { index, reference }
}

/// Whether the rater may fill the slot. `supervises`: a work entry says the applicant
/// supervises others, which some slots ask of a supervisee (`only_if_supervising`).
fn fits(slot: &ReferenceSlot, r: &Reference, endorsement: Endorsement, supervises: bool) -> bool {
    slot.roles.contains(&r.role)
        && (supervises || !slot.only_if_supervising.contains(&r.role))
        && (slot.rater_endorsements.is_empty()
            || slot.rater_endorsements.contains(&endorsement)
            || presumed(slot, r, endorsement))
}

/// The rater fits the slot only by the profile's presumption for their role.
fn presumed(slot: &ReferenceSlot, r: &Reference, endorsement: Endorsement) -> bool {
    endorsement == Endorsement::None
        && slot.presumed_roles.contains(&r.role)
        && !slot.rater_endorsements.is_empty()
}

/// The rater's endorsement: as recorded on the rating, or else that of the RS/C provider of
/// the same name, since the RS/C record already says what the provider holds.
fn rater_endorsement(ctx: &Ctx<'_, '_>, r: &Reference) -> Endorsement {
    if r.endorsement != Endorsement::None {
        return r.endorsement;
    }
    let name = r.name.trim();
    ctx.portfolio
        .rsc
        .iter()
        .find(|s| s.provider.name.trim().eq_ignore_ascii_case(name))
        .map_or(Endorsement::None, |s| s.provider.endorsement)
}

/// Whether the applicant's work record, up to the as-of date, shows them supervising others.
/// A job not yet begun shows nothing, like any item dated after the as-of date.
fn supervises_others(ctx: &Ctx<'_, '_>) -> bool {
    ctx.portfolio
        .work
        .iter()
        .any(|w| w.supervises_others && w.start <= ctx.as_of)
}

/// Why a valid rating fits no slot only because the applicant does not supervise anyone, if
/// that is why: some slot would take it were the work record to show supervision.
fn needs_supervision(
    ctx: &Ctx<'_, '_>,
    slots: &[ReferenceSlot],
    r: &Reference,
    endorsement: Endorsement,
) -> Option<String> {
    let conditional = slots
        .iter()
        .any(|s| fits(s, r, endorsement, true) && !fits(s, r, endorsement, false));
    if !conditional {
        return None;
    }
    let why = match ctx
        .portfolio
        .work
        .iter()
        .filter(|w| w.supervises_others)
        .count()
    {
        0 => "no work entry says you do".to_string(),
        1 => format!("the work entry that says you do begins after {}", ctx.as_of),
        _ => format!("the work entries that say you do begin after {}", ctx.as_of),
    };
    Some(format!(
        "{} counts only when you supervise others; {why}",
        r.role.noun()
    ))
}

/// Fills as many slots as possible with distinct ratings (slots are few: plain backtracking).
fn best_assignment(
    slots: &[ReferenceSlot],
    refs: &[(usize, &Reference, Endorsement)],
    supervises: bool,
) -> Vec<Option<usize>> {
    fn search(
        slot: usize,
        slots: &[ReferenceSlot],
        refs: &[(usize, &Reference, Endorsement)],
        supervises: bool,
        used: &mut Vec<bool>,
        current: &mut Vec<Option<usize>>,
        best: &mut (usize, Vec<Option<usize>>),
    ) {
        if slot == slots.len() {
            let filled = current.iter().flatten().count();
            if filled > best.0 {
                *best = (filled, current.clone());
            }
            return;
        }
        for (k, (i, r, e)) in refs.iter().enumerate() {
            if !used[k] && fits(&slots[slot], r, *e, supervises) {
                used[k] = true;
                current.push(Some(*i));
                search(slot + 1, slots, refs, supervises, used, current, best);
                current.pop();
                used[k] = false;
            }
        }
        current.push(None);
        search(slot + 1, slots, refs, supervises, used, current, best);
        current.pop();
    }
    let mut best = (0, vec![None; slots.len()]);
    search(
        0,
        slots,
        refs,
        supervises,
        &mut vec![false; refs.len()],
        &mut Vec::new(),
        &mut best,
    );
    best.1
}

pub(super) fn requirement<'a>(
    ctx: &Ctx<'a, '_>,
    advice: &mut Vec<Phrase>,
) -> RequirementReport<'a> {
    let rule = &ctx.rule.references;
    let mut report = RequirementReport::new(RequirementId::References, Unit::Count);
    report.needed = f64::from(rule.count);
    let mut valid = Vec::new();
    for (i, r) in ctx.portfolio.references.iter().enumerate() {
        let label = item(i, r);
        // A reinstatement asks for new ratings: one completed before the lapse is the old
        // endorsement's.
        let before_lapse = r
            .completed_on
            .zip(ctx.lapsed_on)
            .filter(|(done, lapsed)| !rating_is_new(*done, *lapsed));
        let reason = match (r.status, r.completed_on) {
            (ReferenceStatus::NotRequested, _) => Some(NOT_REQUESTED.1.to_string()),
            (ReferenceStatus::Requested, _) => Some(REQUESTED.1.to_string()),
            (ReferenceStatus::Declined, _) => Some(DECLINED.1.to_string()),
            // Only the rater (through the emailed link) or a coordinator recording a paper
            // rating can complete one; the applicant's own word is not a rating.
            (ReferenceStatus::Completed, _) if r.source == Some(Source::Applicant) => Some(
                "marked completed by the applicant; a rating counts only when the rater sends it"
                    .to_string(),
            ),
            (ReferenceStatus::Completed, None) => Some("completed without a date".to_string()),
            (ReferenceStatus::Completed, Some(_)) if before_lapse.is_some() => {
                before_lapse.map(|(done, lapsed)| old_rating_reason(done, lapsed))
            }
            (ReferenceStatus::Completed, Some(done)) if done > ctx.as_of => {
                Some(format!("completed {done}, after {}", ctx.as_of))
            }
            (ReferenceStatus::Completed, Some(done))
                if add_months(done, rule.valid_months) < ctx.as_of =>
            {
                Some(format!(
                    "completed {done}, more than {} months before {}; a rating is valid for {} months",
                    rule.valid_months, ctx.as_of, rule.valid_months
                ))
            }
            (ReferenceStatus::Completed, Some(_))
                if r.not_enough_info > rule.max_not_enough_info =>
            {
                Some(format!(
                    "{} \"not enough information\" answers; a rating with {} or more does not count",
                    r.not_enough_info,
                    rule.max_not_enough_info + 1
                ))
            }
            (ReferenceStatus::Completed, Some(_)) => None,
        };
        // Three ratings means three people: the same email twice is one rater.
        let reason = reason.or_else(|| {
            let email = r.email.as_deref()?.trim();
            valid
                .iter()
                .find(|(_, earlier, _): &&(usize, &Reference, Endorsement)| {
                    earlier
                        .email
                        .as_deref()
                        .is_some_and(|e| e.trim().eq_ignore_ascii_case(email))
                })
                .map(|(_, earlier, _)| {
                    format!("the same rater as the rating from {} (the same email); each rating must come from a different person", earlier.name)
                })
        });
        match reason {
            Some(reason) => match [NOT_REQUESTED, REQUESTED, DECLINED]
                .into_iter()
                .find(|(_, english)| *english == reason)
            {
                Some((id, english)) => {
                    report.exclude_said(label, Phrase::new(id, vec![], english.to_string()))
                }
                None => report.exclude(label, reason),
            },
            None => valid.push((i, r, rater_endorsement(ctx, r))),
        }
    }
    let supervises = supervises_others(ctx);
    let assignment = best_assignment(&rule.slots, &valid, supervises);
    let mut still_needed = Vec::new();
    for (slot, chosen) in rule.slots.iter().zip(&assignment) {
        match chosen {
            Some(i) => {
                let r = &ctx.portfolio.references[*i];
                report
                    .contributing
                    .push(format!("{} as {}", item(*i, r), slot.describe).into());
                let endorsement = valid
                    .iter()
                    .find(|(k, _, _)| k == i)
                    .map_or(Endorsement::None, |v| v.2);
                if presumed(slot, r, endorsement) {
                    advice.push(Phrase::new(
                        "advice-rating-presumed",
                        vec![
                            ("name", Value::Name(r.name.clone())),
                            ("role", Value::Described(slot.described())),
                        ],
                        format!(
                            "{} is counted as {} because, as your RS/C provider, they are expected to meet those criteria; record their endorsement so reviewers can confirm it.",
                            r.name, slot.describe
                        ),
                    ));
                }
                if let (Some(known), Some(done)) = (r.known_since, r.completed_on)
                    && add_months(known, rule.known_months) > done
                {
                    advice.push(Phrase::new(
                        "advice-rater-known-short",
                        vec![
                            ("name", Value::Name(r.name.clone())),
                            ("months", Value::Number(f64::from(rule.known_months))),
                        ],
                        format!(
                            "{} had known you less than {} months when rating; raters should have known you at least that long.",
                            r.name, rule.known_months
                        ),
                    ));
                }
            }
            None => still_needed.push(slot),
        }
    }
    for (i, r, e) in &valid {
        if !assignment.contains(&Some(*i)) {
            let reason = (!supervises)
                .then(|| needs_supervision(ctx, &rule.slots, r, *e))
                .flatten()
                .unwrap_or_else(|| "a valid rating, but no remaining role fits this rater".into());
            report.exclude(item(*i, r), reason);
        }
    }
    report.excluded.sort_by_key(|e| e.item.to_string());
    let filled = assignment.iter().flatten().count() as u32;
    report.counted = f64::from(filled);
    report.status = Status::from_met(still_needed.is_empty());
    let counts = vec![
        ("filled", Value::Number(f64::from(filled))),
        ("count", Value::Number(f64::from(rule.count))),
    ];
    report.set_detail(if still_needed.is_empty() {
        Phrase::new(
            "detail-ratings-all",
            counts,
            format!(
                "{} of {} ratings count, one for each role.",
                filled, rule.count
            ),
        )
    } else {
        Phrase::new(
            "detail-ratings-some",
            counts,
            format!(
                "{filled} of {} ratings count; each role needs its own rater.",
                rule.count
            ),
        )
    });
    for slot in &still_needed {
        report.need(Phrase::new(
            "need-rating-from",
            vec![("role", Value::Described(slot.described()))],
            format!("a rating from {}", slot.describe),
        ));
    }
    report.gap.steps = still_needed.len() as u32;
    report
}
