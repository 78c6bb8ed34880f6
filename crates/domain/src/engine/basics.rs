//! Education, agreements, membership and the exam: the requirements with no counting window.

use crate::phrase::{Phrase, Value};
use chrono::NaiveDate;

use super::Ctx;
use super::work::{WorkFilter, qualifying_days};
use crate::competency::{AreaSet, CompetencyArea};
use crate::portfolio::{Course, DegreeLevel, Education, Portfolio};
use crate::profile::Profile;
use crate::report::{Item, RequirementId, RequirementReport, Status, Unit, years_number};

pub(super) fn education<'a>(ctx: &Ctx<'a, '_>, advice: &mut Vec<Phrase>) -> RequirementReport<'a> {
    let mut report = degree_requirement(ctx, advice);
    // The degree is the requirement; what its coursework documents is said beside it, so the
    // panel shows a course the moment it counts.
    let documented = coursework_areas(ctx.portfolio, ctx.profile, ctx.as_of);
    let names: Vec<&str> = documented.iter().map(CompetencyArea::name).collect();
    let ids = || documented.iter().map(|area| area.id()).collect::<Vec<_>>();
    let sentence = match names.as_slice() {
        [] => None,
        [one] => Some(Phrase::new(
            "detail-coursework-areas",
            vec![
                ("count", Value::Number(1.0)),
                ("areas", Value::Areas(ids())),
            ],
            format!("Coursework documents 1 competency area: {one}."),
        )),
        few if few.len() <= 3 => Some(Phrase::new(
            "detail-coursework-areas",
            vec![
                ("count", Value::Number(few.len() as f64)),
                ("areas", Value::Areas(ids())),
            ],
            format!(
                "Coursework documents {} competency areas: {}.",
                few.len(),
                few.join("; ")
            ),
        )),
        many => Some(Phrase::new(
            "detail-coursework-many",
            vec![("count", Value::Number(many.len() as f64))],
            format!(
                "Coursework documents {} competency areas (the coverage picture lists them).",
                many.len()
            ),
        )),
    };
    if let Some(sentence) = sentence {
        report.add_to_detail(sentence);
    }
    report
}

fn degree_requirement<'a>(ctx: &Ctx<'a, '_>, advice: &mut Vec<Phrase>) -> RequirementReport<'a> {
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
                    report.exclude_said(
                        item,
                        Phrase::new(
                            "why-degree-below",
                            vec![
                                ("level", Value::Key(e.level.key())),
                                ("degree", Value::Key(rule.minimum.key())),
                            ],
                            format!(
                                "{} is below the minimum, {}",
                                e.level.describe(),
                                rule.minimum.describe()
                            ),
                        ),
                    );
                } else {
                    report
                        .contributing
                        .push(format!("{item} ({})", done.format("%Y")).into());
                }
            }
            Some(done) => report.exclude_said(
                item,
                Phrase::new(
                    "why-degree-completes-after",
                    vec![
                        ("date", Value::Date(done)),
                        ("as_of", Value::Date(ctx.as_of)),
                    ],
                    format!("completes on {done}, after {}", ctx.as_of),
                ),
            ),
            None => report.exclude_said(
                item,
                Phrase::new(
                    "why-degree-not-completed",
                    vec![],
                    "not completed yet".into(),
                ),
            ),
        }
        if e.imh_certificate {
            advice.push(Phrase::new(
                "advice-imh-certificate",
                vec![
                    ("institution", Value::Name(e.institution.clone())),
                    ("hours", Value::Hours(ctx.rule.training.minimum_hours)),
                ],
                format!(
                    "The university IMH certificate ({}) can document competencies; the {} training minimum still applies.",
                    e.institution, ctx.rule.training.minimum_hours
                ),
            ));
        }
    }
    report.counted = f64::from(qualifying);
    if rule.minimum == DegreeLevel::None {
        report.status = Status::Met;
        report.set_detail(Phrase::new(
            "detail-degree-none-required",
            vec![],
            "No degree minimum for this category.".into(),
        ));
        return report;
    }
    if qualifying > 0 {
        report.status = Status::Met;
        report.set_detail(Phrase::new(
            "detail-degree-met",
            vec![
                ("degree", Value::Key(rule.minimum.key())),
                ("count", Value::Number(f64::from(qualifying))),
            ],
            format!(
                "Needs {} or higher; {} completed.",
                rule.minimum.describe(),
                plural(qualifying, "qualifying degree")
            ),
        ));
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
    let (licence, licence_key) = if rule.licence_alternative {
        (" or a professional mental-health licence", "yes")
    } else {
        ("", "no")
    };
    report.set_detail(Phrase::new(
        "detail-degree-unmet",
        vec![
            ("degree", Value::Key(rule.minimum.key())),
            ("licence", Value::Key(licence_key)),
            ("date", Value::Date(ctx.as_of)),
        ],
        format!(
            "Needs {} or higher{licence}; none completed by {}.",
            rule.minimum.describe(),
            ctx.as_of
        ),
    ));
    report.need(Phrase::new(
        "need-degree",
        vec![
            ("degree", Value::Key(rule.minimum.key())),
            ("licence", Value::Key(licence_key)),
        ],
        format!("{}{licence}", rule.minimum.describe()),
    ));
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
    if missing.is_empty() {
        report.set_detail(Phrase::new(
            "detail-agreements-signed",
            vec![],
            "Code of Ethics and Endorsement Agreement signed.".into(),
        ));
    } else {
        let which = match missing.as_slice() {
            [only] if *only == "Code of Ethics" => "code-of-ethics",
            [_] => "endorsement-agreement",
            _ => "both",
        };
        report.set_detail(Phrase::new(
            "detail-agreements-to-sign",
            vec![("which", Value::Key(which))],
            format!("Still to sign: {}.", missing.join(" and ")),
        ));
    }
    for m in &missing {
        let id = if *m == "Code of Ethics" {
            "need-sign-code-of-ethics"
        } else {
            "need-sign-endorsement-agreement"
        };
        report.need(Phrase::new(id, vec![], format!("sign the {m}")));
    }
    report.gap.steps = missing.len() as u32;
    report
}

pub(super) fn membership<'a>(ctx: &Ctx<'a, '_>) -> RequirementReport<'a> {
    let mut report = RequirementReport::new(RequirementId::Membership, Unit::Count);
    report.needed = 1.0;
    let own = &ctx.profile.association;
    let any_imh = ctx.profile.membership.any_imh_association;
    let accepted = if any_imh {
        format!(
            "{} or another infant mental health association",
            own.abbreviation
        )
    } else {
        own.abbreviation.clone()
    };
    // The association's abbreviation, and whether any other IMH association's membership
    // counts too: each language says "or another association" its own way.
    let accepted_args = || {
        vec![
            ("association", Value::Name(own.abbreviation.clone())),
            ("any", Value::Key(if any_imh { "yes" } else { "no" })),
        ]
    };
    let Some(m) = &ctx.portfolio.membership else {
        report.status = Status::Unmet;
        report.set_detail(Phrase::new(
            "detail-membership-none",
            accepted_args(),
            format!("Needs active membership in {accepted}; none recorded."),
        ));
        report.need(Phrase::new(
            "need-membership",
            accepted_args(),
            format!("active membership in {accepted}"),
        ));
        report.gap.steps = 1;
        return report;
    };
    let item = Item::Membership(m);
    let right_association = ctx.profile.membership.any_imh_association || m.association == own.id;
    if m.source == Some(crate::portfolio::Source::Applicant) {
        report.exclude_said(
            item,
            Phrase::new(
                "why-membership-typed",
                vec![],
                "typed by the applicant; membership counts from the association's record".into(),
            ),
        );
        report.status = Status::Unmet;
        report.set_detail(Phrase::new(
            "detail-membership-unrecorded",
            accepted_args(),
            format!("Needs active membership in {accepted}, recorded by the association."),
        ));
        report.need(Phrase::new(
            "need-membership-recorded",
            accepted_args(),
            format!("membership in {accepted} recorded by the association"),
        ));
    } else if !right_association {
        let association = || vec![("association", Value::Name(own.abbreviation.clone()))];
        report.exclude_said(
            item,
            Phrase::new(
                "why-membership-elsewhere",
                association(),
                format!(
                    "{} requires membership in {}",
                    own.abbreviation, own.abbreviation
                ),
            ),
        );
        report.status = Status::Unmet;
        report.set_detail(Phrase::new(
            "detail-membership-needed",
            accepted_args(),
            format!("Needs active membership in {accepted}."),
        ));
        report.need(Phrase::new(
            "need-membership-here",
            association(),
            format!("membership in {}", own.abbreviation),
        ));
    } else if m.valid_until < ctx.as_of {
        report.exclude_said(
            item,
            Phrase::new(
                "why-membership-expired",
                vec![("date", Value::Date(m.valid_until))],
                format!("expired on {}", m.valid_until),
            ),
        );
        report.status = Status::Unmet;
        report.set_detail(Phrase::new(
            "detail-membership-expired",
            vec![("date", Value::Date(m.valid_until))],
            format!("Membership expired on {}; renew it.", m.valid_until),
        ));
        report.need(Phrase::new(
            "need-renew-membership",
            vec![],
            "renew membership".into(),
        ));
    } else {
        report.counted = 1.0;
        report.contributing.push(Item::Membership(m));
        report.status = Status::Met;
        report.set_detail(Phrase::new(
            "detail-membership-active",
            vec![("date", Value::Date(m.valid_until))],
            format!("Active until {}.", m.valid_until),
        ));
    }
    report.gap.steps = report.missing.len() as u32;
    report
}

pub(super) fn exam<'a>(ctx: &Ctx<'a, '_>) -> RequirementReport<'a> {
    let mut report = RequirementReport::new(RequirementId::Exam, Unit::Count);
    let Some(exam) = &ctx.rule.exam else {
        report.set_detail(Phrase::new(
            "detail-exam-none",
            vec![],
            "No exam for this category.".into(),
        ));
        return report;
    };
    report.status = Status::Pending;
    report.needed = 1.0;
    let part2_pass = exam
        .part2_pass_percent
        .map(|p| format!(", passing at {p}%"))
        .unwrap_or_else(|| ", scored by two reviewers blind to identity".into());
    let number = |n: u32| Value::Number(f64::from(n));
    report.set_detail(Phrase::new(
        "detail-exam",
        vec![
            ("questions", number(exam.part1_questions)),
            ("minutes", number(exam.part1_minutes)),
            ("percent", number(exam.part1_pass_percent)),
            ("wrong", number(exam.part1_max_wrong())),
            ("answered", number(exam.part2_answered)),
            ("vignettes", number(exam.part2_vignettes)),
            ("part2_minutes", number(exam.part2_minutes)),
            (
                "part2_percent",
                number(exam.part2_pass_percent.unwrap_or_default()),
            ),
            ("months", number(exam.approval_valid_months)),
        ],
        format!(
            "After reviewers approve: Part 1, {} multiple-choice questions in {} minutes, passing at {}% (at most {} wrong); Part 2, {} of {} vignettes in {} minutes{part2_pass}. Approval to sit is valid {} months.",
            exam.part1_questions,
            exam.part1_minutes,
            exam.part1_pass_percent,
            exam.part1_max_wrong(),
            exam.part2_answered,
            exam.part2_vignettes,
            exam.part2_minutes,
            exam.approval_valid_months,
        ),
    ));
    report
}

/// What one course, or one certificate program as a whole, documents: coursework stands
/// beside training as evidence of the Theoretical Foundations and Direct Service Skills areas,
/// which ratings and work experience never document (CT-AIMH, *Endorsement FAQ*).
#[derive(Debug, Clone, PartialEq)]
pub struct Coursework<'a> {
    /// Position of the education entry in the portfolio.
    pub index: usize,
    pub entry: &'a Education,
    /// `None`: the certificate program as a whole.
    pub course: Option<&'a Course>,
    /// The areas it documents.
    pub documented: AreaSet,
    /// Areas it names that do not count, with why (`None` when all count).
    pub not_counted: Option<(AreaSet, String)>,
}

impl Coursework<'_> {
    /// "Course: Infant development (MSW, Boston University)", "Certificate program: …", with
    /// an id so a page can say it in its language (the titles stay as typed).
    pub fn label(&self) -> Phrase {
        let entry = entry_name(self.entry);
        match self.course {
            Some(course) => Phrase::new(
                "source-course",
                vec![
                    ("title", Value::Name(course.title.clone())),
                    ("entry", Value::Name(entry.clone())),
                ],
                format!("Course: {} ({entry})", course.title),
            ),
            None => Phrase::new(
                "source-certificate-program",
                vec![("entry", Value::Name(entry.clone()))],
                format!("Certificate program: {entry}"),
            ),
        }
    }
}

/// An education entry as the applicant entered it: degree and field, then institution.
fn entry_name(e: &Education) -> String {
    let degree = format!("{} {}", e.degree, e.field);
    let parts: Vec<&str> = [degree.trim(), e.institution.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        e.level.describe().to_string()
    } else {
        parts.join(", ")
    }
}

/// Every course and certificate program of the portfolio with what it documents on `as_of`.
/// An entry's coursework counts once the entry is completed, since the entry (and its
/// transcript) dates it; a certificate program documents only the areas the profile's
/// [`crate::profile::CertificateProgram`] allows, and nothing where the profile has none.
pub fn coursework<'a>(
    portfolio: &'a Portfolio,
    profile: &Profile,
    as_of: NaiveDate,
) -> Vec<Coursework<'a>> {
    let mut found = Vec::new();
    for (index, entry) in portfolio.education.iter().enumerate() {
        let unfinished = match entry.completed {
            Some(done) if done <= as_of => None,
            Some(done) => Some(format!("completes on {done}, after {as_of}")),
            None => Some("not completed yet".to_string()),
        };
        let judge =
            |listed: AreaSet, allowed: Option<(AreaSet, String)>| match (&unfinished, allowed) {
                (Some(why), _) => (AreaSet::default(), Some((listed, why.clone()))),
                (None, None) => (listed, None),
                (None, Some((allowed, why))) => {
                    let kept = CompetencyArea::set(listed.iter().filter(|a| allowed.contains(*a)));
                    let left = CompetencyArea::set(listed.iter().filter(|a| !allowed.contains(*a)));
                    (kept, (!left.is_empty()).then_some((left, why)))
                }
            };
        if entry.imh_certificate && !entry.competencies.is_empty() {
            let listed = CompetencyArea::set(entry.competencies.iter().copied());
            let allowed = match &profile.certificate_program {
                Some(rule) => (
                    rule.areas(),
                    format!(
                        "{} counts a certificate program only for {} areas as defined for {} ({}); list the course that covers it",
                        profile.association.abbreviation,
                        rule.describe(),
                        rule.as_defined_for
                            .iter()
                            .map(|t| profile.tier_name(*t))
                            .collect::<Vec<_>>()
                            .join(" or "),
                        rule.source
                    ),
                ),
                None => (
                    AreaSet::default(),
                    format!(
                        "{} has not said which areas a certificate program documents; list the program's courses with the areas each covers",
                        profile.association.abbreviation
                    ),
                ),
            };
            let (documented, not_counted) = judge(listed, Some(allowed));
            found.push(Coursework {
                index,
                entry,
                course: None,
                documented,
                not_counted,
            });
        }
        for course in &entry.courses {
            let listed = CompetencyArea::set(course.competencies.iter().copied());
            let (documented, not_counted) = judge(listed, None);
            found.push(Coursework {
                index,
                entry,
                course: Some(course),
                documented,
                not_counted,
            });
        }
    }
    found
}

/// The areas the portfolio's coursework documents on `as_of`.
pub fn coursework_areas(portfolio: &Portfolio, profile: &Profile, as_of: NaiveDate) -> AreaSet {
    coursework(portfolio, profile, as_of)
        .iter()
        .fold(AreaSet::default(), |all, c| all.union(c.documented))
}

pub(crate) fn plural(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
