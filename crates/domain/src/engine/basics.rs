//! Education, agreements, membership and the exam: the requirements with no counting window.

use super::Ctx;
use super::work::{WorkFilter, qualifying_days};
use crate::portfolio::DegreeLevel;
use crate::report::{Item, RequirementId, RequirementReport, Status, Unit, years_number};

pub(super) fn education<'a>(ctx: &Ctx<'a, '_>, advice: &mut Vec<String>) -> RequirementReport<'a> {
    let rule = &ctx.rule.education;
    let mut report = RequirementReport::new(RequirementId::Education, Unit::Count);
    report.needed = if rule.minimum == DegreeLevel::None {
        0.0
    } else {
        1.0
    };
    let mut qualifying = 0;
    for (i, e) in ctx.portfolio.education.iter().enumerate() {
        let item = Item::Education { index: i, entry: e };
        match e.completed {
            Some(done) if done <= ctx.as_of => {
                if e.level >= rule.minimum && rule.minimum != DegreeLevel::None {
                    qualifying += 1;
                    report
                        .contributing
                        .push(format!("{item} ({})", done.format("%Y")).into());
                } else if rule.minimum != DegreeLevel::None {
                    report.exclude(
                        item,
                        format!(
                            "{} is below the minimum, {}",
                            e.level.describe(),
                            rule.minimum.describe()
                        ),
                    );
                } else {
                    report
                        .contributing
                        .push(format!("{item} ({})", done.format("%Y")).into());
                }
            }
            Some(done) => report.exclude(item, format!("completes on {done}, after {}", ctx.as_of)),
            None => report.exclude(item, "not completed yet"),
        }
        if e.imh_certificate {
            advice.push(format!(
                "The university IMH certificate ({}) can document competencies; the {} training minimum still applies.",
                e.institution, ctx.rule.training.minimum_hours
            ));
        }
    }
    report.counted = f64::from(qualifying);
    if rule.minimum == DegreeLevel::None {
        report.status = Status::Met;
        report.detail = "No degree minimum for this category.".into();
        return report;
    }
    if qualifying > 0 {
        report.status = Status::Met;
        report.detail = format!(
            "Needs {} or higher; {} completed.",
            rule.minimum.describe(),
            plural(qualifying, "qualifying degree")
        );
        return report;
    }
    if rule.licence_alternative && !ctx.portfolio.person.licences.is_empty() {
        report.status = Status::Met;
        report.counted = 1.0;
        report.detail = format!(
            "Needs {} or a professional mental-health licence; licence held: {}.",
            rule.minimum.describe(),
            ctx.portfolio.person.licences.join(", ")
        );
        return report;
    }
    if let Some(years) = rule.alternative_work_years {
        let filter = WorkFilter::paid_or_supervised_with_young_children(ctx.category.form);
        let (days, items) = qualifying_days(ctx, &filter);
        if days >= i64::from(years) * 365 {
            report.status = Status::Met;
            report.counted = 1.0;
            report.contributing.extend(items);
            report.detail = format!(
                "Needs {} or {years} years of paid work with young children and families; {} years of such work counted instead.",
                rule.minimum.describe(),
                years_number(days)
            );
            return report;
        }
        report.status = Status::Unmet;
        report.detail = format!(
            "Needs {} (CDA, associate's or any degree) or {years} years of paid work with young children and families; {} years of such work so far.",
            rule.minimum.describe(),
            years_number(days)
        );
        report.missing.push(format!(
            "{} or {years} years of paid work with young children",
            rule.minimum.describe()
        ));
        // Reachable by work from where the person stands: a wait, not a degree.
        report.gap.days = i64::from(years) * 365 - days;
        return report;
    }
    report.status = Status::Unmet;
    let licence = if rule.licence_alternative {
        " or a professional mental-health licence"
    } else {
        ""
    };
    report.detail = format!(
        "Needs {} or higher{licence}; none completed by {}.",
        rule.minimum.describe(),
        ctx.as_of
    );
    report
        .missing
        .push(format!("{}{licence}", rule.minimum.describe()));
    report.gap.degree = true;
    report
}

pub(super) fn agreements<'a>(ctx: &Ctx<'a, '_>) -> RequirementReport<'a> {
    let mut report = RequirementReport::new(RequirementId::Agreements, Unit::Count);
    report.needed = 2.0;
    let signed = [
        ("Code of Ethics", ctx.portfolio.agreements.code_of_ethics),
        (
            "Endorsement Agreement",
            ctx.portfolio.agreements.endorsement_agreement,
        ),
    ];
    let mut missing = Vec::new();
    for (name, date) in signed {
        match date {
            Some(d) if d <= ctx.as_of => {
                report.counted += 1.0;
                report
                    .contributing
                    .push(format!("{name} signed {d}").into());
            }
            Some(d) => {
                report.exclude(name, format!("dated {d}, after {}", ctx.as_of));
                missing.push(name);
            }
            None => missing.push(name),
        }
    }
    report.status = Status::from_met(missing.is_empty());
    report.detail = if missing.is_empty() {
        "Code of Ethics and Endorsement Agreement signed.".into()
    } else {
        format!("Still to sign: {}.", missing.join(" and "))
    };
    report.missing = missing.iter().map(|m| format!("sign the {m}")).collect();
    report.gap.steps = missing.len() as u32;
    report
}

pub(super) fn membership<'a>(ctx: &Ctx<'a, '_>) -> RequirementReport<'a> {
    let mut report = RequirementReport::new(RequirementId::Membership, Unit::Count);
    report.needed = 1.0;
    let own = &ctx.profile.association;
    let accepted = if ctx.profile.membership.any_imh_association {
        format!(
            "{} or another infant mental health association",
            own.abbreviation
        )
    } else {
        own.abbreviation.clone()
    };
    let Some(m) = &ctx.portfolio.membership else {
        report.status = Status::Unmet;
        report.detail = format!("Needs active membership in {accepted}; none recorded.");
        report
            .missing
            .push(format!("active membership in {accepted}"));
        report.gap.steps = 1;
        return report;
    };
    let item = Item::Membership(m);
    let right_association = ctx.profile.membership.any_imh_association || m.association == own.id;
    if m.source == Some(crate::portfolio::Source::Applicant) {
        report.exclude(
            item,
            "typed by the applicant; membership counts from the association's record",
        );
        report.status = Status::Unmet;
        report.detail =
            format!("Needs active membership in {accepted}, recorded by the association.");
        report.missing.push(format!(
            "membership in {accepted} recorded by the association"
        ));
    } else if !right_association {
        report.exclude(
            item,
            format!(
                "{} requires membership in {}",
                own.abbreviation, own.abbreviation
            ),
        );
        report.status = Status::Unmet;
        report.detail = format!("Needs active membership in {accepted}.");
        report
            .missing
            .push(format!("membership in {}", own.abbreviation));
    } else if m.valid_until < ctx.as_of {
        report.exclude(item, format!("expired on {}", m.valid_until));
        report.status = Status::Unmet;
        report.detail = format!("Membership expired on {}; renew it.", m.valid_until);
        report.missing.push("renew membership".into());
    } else {
        report.counted = 1.0;
        report.contributing.push(Item::Membership(m));
        report.status = Status::Met;
        report.detail = format!("Active until {}.", m.valid_until);
    }
    report.gap.steps = report.missing.len() as u32;
    report
}

pub(super) fn exam<'a>(ctx: &Ctx<'a, '_>) -> RequirementReport<'a> {
    let mut report = RequirementReport::new(RequirementId::Exam, Unit::Count);
    let Some(exam) = &ctx.rule.exam else {
        report.detail = "No exam for this category.".into();
        return report;
    };
    report.status = Status::Pending;
    report.needed = 1.0;
    let part2_pass = exam
        .part2_pass_percent
        .map(|p| format!(", passing at {p}%"))
        .unwrap_or_else(|| ", scored by two reviewers blind to identity".into());
    report.detail = format!(
        "After reviewers approve: Part 1, {} multiple-choice questions in {} minutes, passing at {}% (at most {} wrong); Part 2, {} of {} vignettes in {} minutes{part2_pass}. Approval to sit is valid {} months.",
        exam.part1_questions,
        exam.part1_minutes,
        exam.part1_pass_percent,
        exam.part1_max_wrong(),
        exam.part2_answered,
        exam.part2_vignettes,
        exam.part2_minutes,
        exam.approval_valid_months,
    );
    report
}

pub(crate) fn plural(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
