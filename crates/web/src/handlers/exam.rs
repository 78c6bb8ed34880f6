//! The exam of Categories III (before 2025) and IV: sittings, Part 1 results, blind Part 2
//! scoring, the result with its feedback letter, and the one-year rules.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, NaiveTime, Utc};
use lattice_domain::application::{Actor, Event, State as Stage};
use lattice_domain::documents::MailKind;
use lattice_domain::exam::{
    ExamStage, Part1, Part2, ReviewerAsScorer, SittingResult, approval_expires, blind_code,
    exam_stage, feedback_letter_said, part1_passes, part2_passes, part2_rule_in_words,
};
use lattice_domain::ids::PersonId;
use lattice_domain::language::Language;
use lattice_domain::profile::ExamRule;
use lattice_store::{
    AccommodationRow, ApplicationRow, NewAudit, NewMail, NewSitting, SittingDetails, SittingRow,
};
use serde::Deserialize;

use super::coordinates;
use super::mail_templates::{compose, mail_language};
use super::workflow::{exam_rule, perform};
use super::{category_title, page, path_id, today, visible_application};
use crate::auth::{CsrfForm, CurrentUser};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::views::{ChoiceView, Layout};
use lattice_store::PersonRow;

/// The day approval to sit was given: the latest approve-for-exam or retake in the history.
async fn approved_on(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<Option<NaiveDate>, WebError> {
    let audit = state
        .store()
        .audit_of_subject(&format!("application:{}", application.id))
        .await?;
    Ok(audit
        .iter()
        .rev()
        .find(|a| a.action == "approve-for-exam" || a.action == "retake-exam")
        .map(|a| a.at.date_naive()))
}

/// One sitting as staff and scorers read it.
#[derive(Debug, Clone)]
pub struct SittingView {
    pub id: i64,
    pub sat_on: String,
    pub code: String,
    pub part1: String,
    pub scorers: Vec<String>,
    pub part2: String,
    pub result: String,
    /// Both parts are in and the result can be recorded.
    pub ready: bool,
    pub answers: String,
    pub details: SittingDetails,
    /// Each answer's scores by scorer and their mean, once both scorers are in.
    pub answer_rows: Vec<String>,
    /// The Part 2 pass rule applied, in words (from the domain crate).
    pub rule_words: String,
    /// Every submitted score, reopened ones with who reopened them and why.
    pub history: Vec<String>,
    /// Scorers whose submitted score a coordinator may reopen: (person id, name).
    pub reopenable: Vec<ChoiceView>,
    /// The reschedule form's values and messages when it was sent back.
    pub form: ScheduleValues,
    pub errors: FieldErrors,
    /// Scoring page: the scorer viewing it has submitted; the score is final.
    pub own_done: bool,
}

/// Field messages of a form sent back, beside their fields.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The messages in field order, for the error summary: (the field's element id, the
    /// message). Ids are the field names with dashes, plus `suffix` on a sitting's own form.
    pub fn summary(&self, suffix: &str) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|(f, m)| (format!("{}{suffix}", f.replace('_', "-")), m.clone()))
            .collect()
    }

    fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }
}

/// What was typed into a schedule or reschedule form, kept when it is sent back.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScheduleValues {
    #[serde(default)]
    pub sat_on: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_link: String,
    #[serde(default)]
    pub instructions: String,
    #[serde(default)]
    pub bring: String,
    /// Schedule form only: the scorers chosen, as person ids.
    #[serde(default)]
    pub first_scorer: String,
    #[serde(default)]
    pub second_scorer: String,
}

#[derive(Template)]
#[template(path = "exam.html")]
pub struct ExamPage {
    pub layout: Layout,
    pub id: i64,
    pub applicant: String,
    pub category: String,
    pub state_key: &'static str,
    pub state_label: String,
    pub rules: String,
    pub approval_until: String,
    pub can_schedule: bool,
    pub sittings: Vec<SittingView>,
    pub scorers: Vec<ChoiceView>,
    /// The association's choice for scorers who reviewed the application, in words.
    pub scorer_policy: &'static str,
    /// Exam windows still open or to come, in words.
    pub windows: Vec<String>,
    pub accommodations: Vec<AccommodationView>,
    /// The schedule form's values and messages when it was sent back.
    pub form: ScheduleValues,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "scoring.html")]
pub struct ScoringPage {
    pub layout: Layout,
    pub sittings: Vec<SittingView>,
}

#[derive(Debug, Clone)]
pub struct AccommodationView {
    pub id: i64,
    pub request: String,
    pub requested_on: String,
    pub decision: String,
    pub note: String,
    pub pending: bool,
}

impl AccommodationView {
    /// The request as the page shows it, its date and decision in the page's language (the
    /// staff page is English).
    fn of(row: &AccommodationRow, tr: &Tr) -> Self {
        AccommodationView {
            id: row.id,
            request: row.request.clone(),
            requested_on: tr.date(row.requested_at.date_naive()),
            decision: match row.decision.as_str() {
                "granted" => tr.t("exam-decision-granted"),
                "declined" => tr.t("exam-decision-declined"),
                _ => tr.t("exam-decision-pending"),
            },
            note: row.note.clone(),
            pending: row.decision == "pending",
        }
    }
}

/// A sitting as the examinee sees it: where, when and how, never the scorers or the code.
#[derive(Debug, Clone)]
pub struct ApplicantSittingView {
    /// The date in the page's language.
    pub sat_on: String,
    pub details: SittingDetails,
    /// `passed`, `failed`, `awaiting` (sat, no result yet) or `scheduled` (`exam-result-…`).
    pub result: &'static str,
}

#[derive(Template)]
#[template(path = "exam_applicant.html")]
pub struct ApplicantExamPage {
    pub layout: Layout,
    pub id: i64,
    pub category: String,
    pub state_key: &'static str,
    pub state_label: String,
    pub rules: String,
    pub stage_label: String,
    pub stage_words: String,
    /// The last day the approval to sit lasts, in the page's language.
    pub approval_until: Option<String>,
    pub sittings: Vec<ApplicantSittingView>,
    pub accommodations: Vec<AccommodationView>,
    pub can_request: bool,
    pub request: String,
    pub request_error: String,
}

fn sitting_view(sitting: &SittingRow, rule: &ExamRule) -> SittingView {
    let part2 = part2_of(sitting);
    let answer_rows = match part2 {
        Some(p) => {
            let names: Vec<&str> = [0, 1]
                .iter()
                .map(|slot| {
                    sitting
                        .scorers
                        .iter()
                        .find(|s| s.slot == *slot)
                        .map_or("", |s| s.scorer_name.as_str())
                })
                .collect();
            p.scores
                .iter()
                .enumerate()
                .map(|(i, [a, b])| {
                    let sum = a + b;
                    let mean = if sum % 2 == 0 {
                        format!("{}", sum / 2)
                    } else {
                        format!("{}.5", sum / 2)
                    };
                    format!(
                        "Answer {}: {} {a}, {} {b}; mean {mean}",
                        i + 1,
                        names[0],
                        names[1]
                    )
                })
                .collect()
        }
        None => Vec::new(),
    };
    SittingView {
        id: sitting.id,
        sat_on: sitting.sat_on.to_string(),
        code: sitting.blind_code.clone(),
        part1: sitting
            .part1_wrong
            .map(|w| {
                let passed = part1_passes(rule, Part1 { wrong: w }).unwrap_or(false);
                format!(
                    "{w} wrong of {} ({}; at most {} wrong pass)",
                    rule.part1_questions,
                    if passed { "passed" } else { "not passed" },
                    rule.part1_max_wrong()
                )
            })
            .unwrap_or_default(),
        scorers: sitting
            .scorers
            .iter()
            .map(|s| match s.scores {
                Some([a, b]) => format!("{}: {a} and {b}", s.scorer_name),
                None => format!("{}: not scored yet", s.scorer_name),
            })
            .collect(),
        part2: part2
            .map(|p| {
                if part2_passes(rule, p).unwrap_or(false) {
                    "passed".to_string()
                } else {
                    "not passed".to_string()
                }
            })
            .unwrap_or_default(),
        result: sitting.result.clone(),
        ready: sitting.result == "pending" && sitting.part1_wrong.is_some() && part2.is_some(),
        answers: sitting.answers.clone(),
        details: sitting.details.clone(),
        answer_rows,
        rule_words: part2
            .map(|p| part2_rule_in_words(rule, p).unwrap_or_else(|e| e.to_string()))
            .unwrap_or_default(),
        history: Vec::new(),
        reopenable: if sitting.result == "pending" {
            sitting
                .scorers
                .iter()
                .filter(|s| s.scores.is_some())
                .map(|s| ChoiceView {
                    key: s.scorer.0.to_string(),
                    label: s.scorer_name.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
        form: ScheduleValues {
            sat_on: sitting.sat_on.to_string(),
            starts_at: sitting.details.starts_at.clone(),
            place: sitting.details.place.clone(),
            online_link: sitting.details.online_link.clone(),
            instructions: sitting.details.instructions.clone(),
            bring: sitting.details.bring.clone(),
            ..ScheduleValues::default()
        },
        errors: FieldErrors::default(),
        own_done: false,
    }
}

/// Both scorers' rubric scores, once both are in.
fn part2_of(sitting: &SittingRow) -> Option<Part2> {
    let first = sitting.scorers.iter().find(|s| s.slot == 0)?.scores?;
    let second = sitting.scorers.iter().find(|s| s.slot == 1)?.scores?;
    Some(Part2 {
        scores: [[first[0], second[0]], [first[1], second[1]]],
    })
}

/// The association's exam rules in one paragraph, in `tr`'s language.
fn rules_in_words(rule: &ExamRule, tr: &Tr) -> String {
    tr.ta(
        "exam-rules",
        &[
            ("questions", &rule.part1_questions),
            ("minutes", &rule.part1_minutes),
            ("wrong", &rule.part1_max_wrong()),
            ("vignettes", &rule.part2_vignettes),
            ("answered", &rule.part2_answered),
            ("part2_minutes", &rule.part2_minutes),
            ("approval_months", &rule.approval_valid_months),
            ("retake_months", &rule.retake_after_months),
        ],
    )
}

fn sitting_result(result: &str) -> SittingResult {
    match result {
        "passed" => SittingResult::Passed,
        "failed" => SittingResult::Failed,
        _ => SittingResult::Pending,
    }
}

/// Where the applicant stands with the exam, from her sittings (the dashboard reads it too).
pub async fn stage_of(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<Option<ExamStage>, WebError> {
    if !matches!(
        application.state,
        Stage::ApprovedForExam | Stage::ExamPassed | Stage::ExamFailed
    ) {
        return Ok(None);
    }
    let Ok(rule) = exam_rule(state, application).await else {
        return Ok(None);
    };
    let sittings = state.store().sittings(application.id).await?;
    Ok(Some(stage_from(&rule, &sittings)))
}

/// Where the exam stands today, from the sittings already read.
fn stage_from(rule: &ExamRule, sittings: &[SittingRow]) -> ExamStage {
    let sittings: Vec<(NaiveDate, SittingResult)> = sittings
        .iter()
        .map(|s| (s.sat_on, sitting_result(&s.result)))
        .collect();
    exam_stage(rule, today(), &sittings)
}

/// The rule an exam page is about: a category without an exam has no exam page.
async fn page_rule(state: &AppState, application: &ApplicationRow) -> Result<ExamRule, WebError> {
    exam_rule(state, application).await.map_err(|e| match e {
        WebError::BadRequest(_) => WebError::NotFound,
        other => other,
    })
}

pub async fn exam_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let (application, _) = visible_application(state.store(), &user.viewer, &id).await?;
    if coordinates(&user, &application) {
        staff_page(
            &state,
            &user,
            &application,
            ScheduleValues::default(),
            FieldErrors::default(),
            String::new(),
        )
        .await
    } else if application.person == user.person.id {
        applicant_page(&state, &user, &application, String::new(), String::new()).await
    } else {
        // A reviewer may see the application, but not its exam: a scorer would meet the code.
        Err(WebError::NotFound)
    }
}

async fn applicant_page(
    state: &AppState,
    user: &CurrentUser,
    application: &ApplicationRow,
    request: String,
    request_error: String,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let rule = page_rule(state, application).await?;
    let approved = approved_on(state, application).await?;
    let sittings = store.sittings(application.id).await?;
    let stage = stage_from(&rule, &sittings);
    let tr = state.tr(user.language);
    let (stage_label, stage_words) = match (application.state, stage) {
        // A result recorded without a sitting here (one kept on paper, or the demo's): the
        // state says it; there is no sitting to date it.
        (Stage::ExamPassed | Stage::ExamFailed, ExamStage::NotScheduled) => {
            (tr.tk("state", application.state.key()), String::new())
        }
        (Stage::ApprovedForExam | Stage::ExamPassed | Stage::ExamFailed, _) => {
            (tr.tk("exam-stage", stage.key()), tr.phrase(&stage.phrase()))
        }
        _ => (tr.t("exam-stage-not-yet"), tr.t("exam-said-not-yet")),
    };
    let today = today();
    page(&ApplicantExamPage {
        layout: Layout::new(
            tr.t1("exam-title", "category", application.category.as_str()),
            Some(user),
        )
        .in_language(tr),
        id: application.id.0,
        category: application.category.clone(),
        state_key: application.state.key(),
        state_label: tr.tk("state", application.state.key()),
        rules: rules_in_words(&rule, &tr),
        stage_label,
        stage_words,
        approval_until: approved.map(|d| tr.date(approval_expires(&rule, d))),
        sittings: sittings
            .iter()
            .map(|s| ApplicantSittingView {
                sat_on: tr.date(s.sat_on),
                details: s.details.clone(),
                result: match s.result.as_str() {
                    "passed" => "passed",
                    "failed" => "failed",
                    _ if s.sat_on < today => "awaiting",
                    _ => "scheduled",
                },
            })
            .collect(),
        accommodations: store
            .accommodations(application.id)
            .await?
            .iter()
            .map(|row| AccommodationView::of(row, &tr))
            .collect(),
        can_request: may_request(application),
        request,
        request_error,
    })
}

/// Accommodations are asked for while the exam is ahead: from approval to sit until a result.
fn may_request(application: &ApplicationRow) -> bool {
    application.state == Stage::ApprovedForExam
}

async fn staff_page(
    state: &AppState,
    user: &CurrentUser,
    application: &ApplicationRow,
    form: ScheduleValues,
    errors: FieldErrors,
    error_form: String,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let rule = page_rule(state, application).await?;
    let applicant = store.person(application.person).await?;
    let approved = approved_on(state, application).await?;
    let sittings = store.sittings(application.id).await?;
    let policy = store.reviewer_as_scorer(application.association).await?;
    let reviewed = reviewed_by(state, application).await?;
    let scorers: Vec<ChoiceView> = store
        .reviewers_of(application.association)
        .await?
        .into_iter()
        .filter(|r| r.person != application.person)
        .filter(|r| policy == ReviewerAsScorer::Warn || !reviewed.contains(&r.person))
        .map(|r| ChoiceView {
            key: r.person.0.to_string(),
            label: if reviewed.contains(&r.person) {
                format!("{} (reviewed this application: not blind)", r.name)
            } else {
                r.name
            },
        })
        .collect();
    let mut sitting_views = Vec::with_capacity(sittings.len());
    for sitting in &sittings {
        let mut view = sitting_view(sitting, &rule);
        // A coordinator who also scores a sitting reads it here without its code.
        if sitting.scorers.iter().any(|s| s.scorer == user.person.id) {
            view.code = "code hidden: you score this sitting".to_string();
        }
        view.history = store
            .score_versions(sitting.id)
            .await?
            .iter()
            .map(|v| {
                let [a, b] = v.scores;
                match v.reopened_at {
                    Some(at) => format!(
                        "{}: {a} and {b}, submitted {}; reopened {} by {}: {}",
                        v.scorer_name,
                        v.scored_at.date_naive(),
                        at.date_naive(),
                        v.reopened_by.as_deref().unwrap_or("a coordinator"),
                        v.reopen_reason
                    ),
                    None => format!(
                        "{}: {a} and {b}, submitted {} (in force)",
                        v.scorer_name,
                        v.scored_at.date_naive()
                    ),
                }
            })
            .collect();
        if error_form == format!("sitting-{}", sitting.id) {
            view.form = form.clone();
            view.errors = errors.clone();
        }
        sitting_views.push(view);
    }
    let (schedule_form, schedule_errors) = if error_form == "schedule" {
        (form, errors)
    } else {
        (ScheduleValues::default(), FieldErrors::default())
    };
    page(&ExamPage {
        layout: Layout::new(format!("Exam: {}", applicant.name), Some(user)),
        id: application.id.0,
        applicant: applicant.name,
        category: application.category.clone(),
        state_key: application.state.key(),
        state_label: application.state.label(),
        rules: rules_in_words(&rule, &Tr::default()),
        approval_until: approved
            .map(|d| approval_expires(&rule, d).to_string())
            .unwrap_or_default(),
        can_schedule: application.state == Stage::ApprovedForExam
            && !sittings.iter().any(|s| s.result == "pending"),
        sittings: sitting_views,
        form: ScheduleValues {
            first_scorer: if schedule_form.first_scorer.is_empty() {
                scorers.first().map(|c| c.key.clone()).unwrap_or_default()
            } else {
                schedule_form.first_scorer.clone()
            },
            second_scorer: if schedule_form.second_scorer.is_empty() {
                scorers.get(1).map(|c| c.key.clone()).unwrap_or_default()
            } else {
                schedule_form.second_scorer.clone()
            },
            ..schedule_form
        },
        scorers,
        scorer_policy: match policy {
            ReviewerAsScorer::Exclude => {
                "Reviewers of this application are not offered as scorers: they have read the portfolio under the examinee's name."
            }
            ReviewerAsScorer::Warn => {
                "Your association allows a reviewer of this application to score it; such a scorer is marked, since their score is not blind."
            }
        },
        windows: store
            .exam_windows(application.association)
            .await?
            .into_iter()
            .filter(|w| w.closes >= today())
            .map(|w| format!("{} to {}, {}", w.opens, w.closes, w.place))
            .collect(),
        accommodations: store
            .accommodations(application.id)
            .await?
            .iter()
            .map(|row| AccommodationView::of(row, &Tr::default()))
            .collect(),
        errors: schedule_errors,
    })
}

const PLACE_MAX: usize = 200;
const LINK_MAX: usize = 500;
const INSTRUCTIONS_MAX: usize = 2000;
const BRING_MAX: usize = 1000;

/// The date and the details of a schedule or reschedule form, each `None` with its fields'
/// messages added; the date apart, so that it is checked against the windows even when
/// another field needs correcting.
fn parse_details(
    values: &ScheduleValues,
    errors: &mut FieldErrors,
) -> (Option<NaiveDate>, Option<SittingDetails>) {
    let sat_on = NaiveDate::parse_from_str(values.sat_on.trim(), "%Y-%m-%d").ok();
    if sat_on.is_none() {
        errors.add("sat_on", "Give the exam date as YYYY-MM-DD.");
    }
    let starts_at = NaiveTime::parse_from_str(values.starts_at.trim(), "%H:%M").ok();
    if starts_at.is_none() {
        errors.add(
            "starts_at",
            "Give the start time as HH:MM (24-hour clock), e.g. 09:30.",
        );
    }
    let place = values.place.trim();
    let link = values.online_link.trim();
    if place.is_empty() && link.is_empty() {
        errors.add(
            "place",
            "Say where the exam is held, or give the online link below (or both).",
        );
    }
    if place.chars().count() > PLACE_MAX {
        errors.add(
            "place",
            format!("Keep the place under {PLACE_MAX} characters."),
        );
    }
    if !link.is_empty() {
        // An https address with a host: the applicant follows it to sit the exam.
        let ok = link.chars().count() <= LINK_MAX
            && Uri::try_from(link)
                .ok()
                .is_some_and(|u| u.scheme_str() == Some("https") && u.host().is_some());
        if !ok {
            errors.add(
                "online_link",
                "Give the online link as a full https:// address (at most 500 characters).",
            );
        }
    }
    if values.instructions.trim().chars().count() > INSTRUCTIONS_MAX {
        errors.add(
            "instructions",
            format!("Keep the instructions under {INSTRUCTIONS_MAX} characters."),
        );
    }
    if values.bring.trim().chars().count() > BRING_MAX {
        errors.add(
            "bring",
            format!("Keep what to bring under {BRING_MAX} characters."),
        );
    }
    let details = starts_at
        .filter(|_| errors.is_empty())
        .map(|starts_at| SittingDetails {
            starts_at: starts_at.format("%H:%M").to_string(),
            place: place.to_string(),
            online_link: link.to_string(),
            instructions: values.instructions.trim().to_string(),
            bring: values.bring.trim().to_string(),
        });
    (sat_on, details)
}

/// The date must fall in an exam window and within the approval's year.
async fn check_date(
    state: &AppState,
    application: &ApplicationRow,
    rule: &ExamRule,
    sat_on: NaiveDate,
    errors: &mut FieldErrors,
) -> Result<(), WebError> {
    if let Some(approved) = approved_on(state, application).await? {
        let until = approval_expires(rule, approved);
        if sat_on > until {
            errors.add(
                "sat_on",
                format!("Approval to sit is valid until {until}; choose a date on or before it."),
            );
        }
    }
    let windows = state.store().exam_windows(application.association).await?;
    if windows.is_empty() {
        errors.add(
            "sat_on",
            "No exam window is open yet; add one in the staff area first.",
        );
    } else if !windows
        .iter()
        .any(|w| w.opens <= sat_on && sat_on <= w.closes)
    {
        let listed: Vec<String> = windows
            .iter()
            .map(|w| format!("{} to {}", w.opens, w.closes))
            .collect();
        errors.add(
            "sat_on",
            format!(
                "{sat_on} is outside the exam windows ({}).",
                listed.join("; ")
            ),
        );
    }
    Ok(())
}

/// The applicant's notice of a sitting: the date and everything she needs to be there, in
/// the association's wording when it saved one (`exam-scheduled`, `exam-moved`).
async fn sitting_mail(
    state: &AppState,
    application: &ApplicationRow,
    applicant: &PersonRow,
    sat_on: NaiveDate,
    details: &SittingDetails,
    moved_from: Option<NaiveDate>,
) -> Result<NewMail, WebError> {
    let kind = match moved_from {
        None => MailKind::ExamScheduled,
        Some(_) => MailKind::ExamMoved,
    };
    let language = mail_language(state, application.association, applicant, kind).await?;
    // The headings of the sitting's details, in the mail's language.
    let [place, online, instructions, bring] = match language {
        Language::English => ["Place", "Online", "Instructions", "What to bring"],
        Language::Spanish => ["Lugar", "En línea", "Instrucciones", "Qué llevar"],
    };
    let mut lines = String::new();
    if !details.place.is_empty() {
        lines.push_str(&format!("{place}: {}\n", details.place));
    }
    if !details.online_link.is_empty() {
        lines.push_str(&format!("{online}: {}\n", details.online_link));
    }
    if !details.instructions.is_empty() {
        lines.push_str(&format!("\n{instructions}:\n{}\n", details.instructions));
    }
    if !details.bring.is_empty() {
        lines.push_str(&format!("\n{bring}:\n{}\n", details.bring));
    }
    let store = state.store();
    let (association, link) = exam_mail_values(state, application).await?;
    let mut values = vec![
        ("name", applicant.name.clone()),
        ("association", association),
        ("category", application.category.clone()),
        ("date", language.mail_date(sat_on)),
        ("time", details.starts_at.to_string()),
        ("details", lines),
        ("link", link),
    ];
    values.extend(moved_from.map(|before| ("moved_from", language.mail_date(before))));
    let (subject, body) = compose(store, application.association, kind, language, &values).await?;
    Ok(NewMail {
        recipient: applicant.email.clone(),
        subject,
        body,
        created_at: Utc::now(),
    })
}

/// What every exam mail fills in: the association's name and the applicant's exam page.
async fn exam_mail_values(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<(String, String), WebError> {
    let association = state
        .store()
        .association(application.association)
        .await?
        .name;
    let link = format!(
        "{}/applications/{}/exam",
        state.config().base_url,
        application.id
    );
    Ok((association, link))
}

/// A form sent back: the staff page again with each message beside its field.
async fn sent_back(
    state: &AppState,
    user: &CurrentUser,
    application: &ApplicationRow,
    form: ScheduleValues,
    errors: FieldErrors,
    which: String,
) -> Result<Response, WebError> {
    let html = staff_page(state, user, application, form, errors, which).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

pub async fn schedule(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ScheduleValues>,
) -> Result<Response, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    if application.state != Stage::ApprovedForExam {
        return Err(WebError::BadRequest(
            "exam: the application is not approved to sit the exam".to_string(),
        ));
    }
    let rule = exam_rule(&state, &application).await?;
    let mut errors = FieldErrors::default();
    let (sat_on, details) = parse_details(&form, &mut errors);
    if let Some(sat_on) = sat_on {
        check_date(&state, &application, &rule, sat_on, &mut errors).await?;
    }
    let first = form.first_scorer.trim().parse::<PersonId>().ok();
    let second = form.second_scorer.trim().parse::<PersonId>().ok();
    if first.is_none() {
        errors.add("first_scorer", "Choose the first scorer.");
    }
    if second.is_none() {
        errors.add("second_scorer", "Choose the second scorer.");
    }
    if first.is_some() && first == second {
        errors.add("second_scorer", "Part 2 needs two different scorers.");
    }
    let known = store.reviewers_of(application.association).await?;
    let excluded = match store.reviewer_as_scorer(application.association).await? {
        ReviewerAsScorer::Exclude => reviewed_by(&state, &application).await?,
        ReviewerAsScorer::Warn => Vec::new(),
    };
    for (field, scorer) in [("first_scorer", first), ("second_scorer", second)] {
        let Some(scorer) = scorer else { continue };
        if !known.iter().any(|r| r.person == scorer) || scorer == application.person {
            errors.add(field, "Not a reviewer of this association.");
        } else if excluded.contains(&scorer) {
            errors.add(
                field,
                "This reviewer reviewed the application, so their score would not be blind; choose another scorer.",
            );
        }
    }
    let (Some(sat_on), Some(details), Some(first), Some(second), true) =
        (sat_on, details, first, second, errors.is_empty())
    else {
        return sent_back(
            &state,
            &user,
            &application,
            form,
            errors,
            "schedule".to_string(),
        )
        .await;
    };
    // The code must not be guessable from the examinee, so it comes from fresh randomness.
    let seed = crate::auth::new_token()?
        .bytes()
        .fold(0u64, |acc, b| acc.rotate_left(7) ^ u64::from(b));
    let applicant = store.person(application.person).await?;
    let mail = sitting_mail(&state, &application, &applicant, sat_on, &details, None).await?;
    store
        .schedule_sitting(
            &NewSitting {
                application: application.id,
                association: application.association,
                sat_on,
                blind_code: blind_code(seed),
                scorers: [first, second],
                by: user.person.id,
                at: Utc::now(),
            },
            &details,
            &[mail],
        )
        .await?;
    Ok(Redirect::to(&format!("/applications/{}/exam", application.id)).into_response())
}

/// A coordinator moves a sitting still to be decided: new date and details, and the
/// applicant is told.
pub async fn reschedule(
    State(state): State<AppState>,
    Path((id, sid)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ScheduleValues>,
) -> Result<Response, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let sitting = own_sitting(&state, &application, &sid).await?;
    if sitting.result != "pending" {
        return Err(WebError::Conflict(
            "exam: this sitting's result is recorded; it cannot be moved".to_string(),
        ));
    }
    let rule = exam_rule(&state, &application).await?;
    let mut errors = FieldErrors::default();
    let (sat_on, details) = parse_details(&form, &mut errors);
    if let Some(sat_on) = sat_on {
        check_date(&state, &application, &rule, sat_on, &mut errors).await?;
    }
    let (Some(sat_on), Some(details), true) = (sat_on, details, errors.is_empty()) else {
        return sent_back(
            &state,
            &user,
            &application,
            form,
            errors,
            format!("sitting-{}", sitting.id),
        )
        .await;
    };
    let applicant = store.person(application.person).await?;
    let mail = sitting_mail(
        &state,
        &application,
        &applicant,
        sat_on,
        &details,
        Some(sitting.sat_on),
    )
    .await?;
    store
        .reschedule_sitting(
            sitting.id,
            sat_on,
            &details,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "reschedule-exam".to_string(),
                // Named by dates, never by the blind code (see record_part1).
                reason: format!("sitting on {} moved to {sat_on}", sitting.sat_on),
            },
            &[mail],
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam#sitting-{}",
        application.id, sitting.id
    ))
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct ReopenForm {
    #[serde(default)]
    reason: String,
}

/// A coordinator reopens one scorer's submitted Part 2 score: the old version is kept, the
/// scorer submits again.
pub async fn reopen_score(
    State(state): State<AppState>,
    Path((id, sid, scorer)): Path<(String, String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ReopenForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let sitting = own_sitting(&state, &application, &sid).await?;
    let scorer: PersonId = path_id(&scorer)?;
    let Some(slot) = sitting
        .scorers
        .iter()
        .find(|s| s.scorer == scorer)
        .map(|s| s.slot)
    else {
        return Err(WebError::NotFound);
    };
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(WebError::BadRequest(
            "reason: say why the score is reopened (at most 1,000 characters)".to_string(),
        ));
    }
    store
        .reopen_score(
            sitting.id,
            scorer,
            user.person.id,
            reason,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "reopen-exam-score".to_string(),
                // The slot, not the name: the applicant reads her application's history.
                reason: format!(
                    "sitting on {}: scorer {}'s Part 2 scores reopened: {reason}",
                    sitting.sat_on,
                    slot + 1
                ),
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam#sitting-{}",
        application.id, sitting.id
    )))
}

#[derive(Debug, Deserialize)]
pub struct AccommodationForm {
    #[serde(default)]
    request: String,
}

const REQUEST_MAX: usize = 2000;

/// The applicant asks for accommodations at the exam, in her own words; the coordinator
/// decides.
pub async fn request_accommodation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<AccommodationForm>,
) -> Result<Response, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if application.person != user.person.id {
        return Err(WebError::NotFound);
    }
    let request = form.request.trim();
    let tr = state.tr(user.language);
    let problem = if !may_request(&application) {
        Some(tr.t("exam-request-closed"))
    } else if request.is_empty() {
        Some(tr.t("exam-request-empty"))
    } else if request.chars().count() > REQUEST_MAX {
        Some(tr.t1("exam-request-long", "most", REQUEST_MAX))
    } else {
        None
    };
    if let Some(problem) = problem {
        let html =
            applicant_page(&state, &user, &application, form.request.clone(), problem).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let mails = match super::coordinator_of(store, application.association).await? {
        Some(coordinator) => vec![NewMail {
            recipient: coordinator.email,
            subject: format!(
                "Exam accommodation requested (application {})",
                application.id
            ),
            body: format!(
                "{} asks for accommodations at the {} exam. Decide on the exam page: {}/applications/{}/exam#accommodations\n",
                user.person.name,
                application.category,
                state.config().base_url,
                application.id
            ),
            created_at: Utc::now(),
        }],
        None => Vec::new(),
    };
    store
        .request_accommodation(
            application.id,
            request,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "request-exam-accommodation".to_string(),
                reason: request.to_string(),
            },
            &mails,
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam#accommodations",
        application.id
    ))
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

/// The coordinator grants or declines a requested accommodation with a note; the applicant
/// is told.
pub async fn decide_accommodation(
    State(state): State<AppState>,
    Path((id, aid)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let aid: i64 = path_id(&aid)?;
    let granted = match form.decision.as_str() {
        "grant" => true,
        "decline" => false,
        _ => {
            return Err(WebError::BadRequest(
                "decision: grant or decline the request".to_string(),
            ));
        }
    };
    let note = form.note.trim();
    if note.chars().count() > REQUEST_MAX {
        return Err(WebError::BadRequest(
            "note: keep the note under 2,000 characters".to_string(),
        ));
    }
    if !granted && note.is_empty() {
        return Err(WebError::BadRequest(
            "note: say why the request is declined".to_string(),
        ));
    }
    let applicant = store.person(application.person).await?;
    let verdict = if granted { "granted" } else { "declined" };
    let mail = NewMail {
        recipient: applicant.email.clone(),
        subject: format!("Your exam accommodation request was {verdict}"),
        body: format!(
            "Dear {},\n\nYour request for accommodations at the {} exam was {verdict}.{}\n\nYour exam page: {}/applications/{}/exam\n",
            applicant.name,
            application.category,
            if note.is_empty() {
                String::new()
            } else {
                format!("\n\nThe coordinator's note: {note}")
            },
            state.config().base_url,
            application.id
        ),
        created_at: Utc::now(),
    };
    store
        .decide_accommodation(
            application.id,
            aid,
            granted,
            note,
            user.person.id,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: format!(
                    "{}-exam-accommodation",
                    if granted { "grant" } else { "decline" }
                ),
                reason: note.to_string(),
            },
            &[mail],
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam#accommodations",
        application.id
    )))
}

#[derive(Debug, Deserialize)]
pub struct Part1Form {
    wrong: String,
    #[serde(default)]
    answers: String,
}

/// The sitting `sid` of this application, or not found.
async fn own_sitting(
    state: &AppState,
    application: &ApplicationRow,
    sid: &str,
) -> Result<SittingRow, WebError> {
    let sitting = state.store().sitting(path_id(sid)?).await?;
    if sitting.application != application.id {
        return Err(WebError::NotFound);
    }
    Ok(sitting)
}

/// Scores and results come from a sitting that took place: recorded before its date they could
/// only be a mistake (the wrong sitting) or made up.
fn sat_already(sitting: &SittingRow) -> Result<(), WebError> {
    let today = super::today();
    if sitting.sat_on > today {
        return Err(WebError::BadRequest(format!(
            "exam: this sitting is on {}; its scores and result can be recorded from that day (today is {today})",
            sitting.sat_on
        )));
    }
    Ok(())
}

pub async fn record_part1(
    State(state): State<AppState>,
    Path((id, sid)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<Part1Form>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let sitting = own_sitting(&state, &application, &sid).await?;
    sat_already(&sitting)?;
    let rule = exam_rule(&state, &application).await?;
    let wrong: u32 = form.wrong.trim().parse().map_err(|_| {
        WebError::BadRequest("wrong: give the number of wrong Part 1 answers".to_string())
    })?;
    part1_passes(&rule, Part1 { wrong })
        .map_err(|e| WebError::BadRequest(format!("wrong: {e}")))?;
    if form.answers.len() > 50_000 {
        return Err(WebError::BadRequest(
            "answers: keep the transcribed answers under 50,000 characters".to_string(),
        ));
    }
    store
        .record_part1(
            sitting.id,
            wrong,
            form.answers.trim(),
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(application.association),
                subject: format!("application:{}", application.id),
                action: "record-exam-part1".to_string(),
                // The history is read by reviewers who may score: it names the sitting by its
                // date, never by its blind code.
                reason: format!("sitting on {}: {wrong} wrong", sitting.sat_on),
            },
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam",
        application.id
    )))
}

/// Both parts are in: the result moves the application and the feedback letter goes out,
/// whatever the result.
pub async fn record_result(
    State(state): State<AppState>,
    Path((id, sid)): Path<(String, String)>,
    user: CurrentUser,
    CsrfForm(_): CsrfForm<crate::forms::Posted>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let (application, _) = visible_application(store, &user.viewer, &id).await?;
    if !coordinates(&user, &application) {
        return Err(WebError::NotFound);
    }
    let sitting = own_sitting(&state, &application, &sid).await?;
    sat_already(&sitting)?;
    let rule = exam_rule(&state, &application).await?;
    let (Some(wrong), Some(part2)) = (sitting.part1_wrong, part2_of(&sitting)) else {
        return Err(WebError::BadRequest(
            "exam: Part 1 and both Part 2 scores must be in first".to_string(),
        ));
    };
    let part1 = Part1 { wrong };
    let passed = part1_passes(&rule, part1)
        .and_then(|p1| part2_passes(&rule, part2).map(|p2| p1 && p2))
        .map_err(|e| WebError::BadRequest(format!("exam: {e}")))?;
    let applicant = store.person(application.person).await?;
    let language = mail_language(
        &state,
        application.association,
        &applicant,
        MailKind::ExamResults,
    )
    .await?;
    // Paragraph by paragraph in the mail's language; an English mail is the English letter.
    let tr = state.tr(language);
    let letter = feedback_letter_said(
        &applicant.name,
        &category_title(&application.category),
        &rule,
        Some(part1),
        Some(part2),
        sitting.sat_on,
    )
    .text(|paragraph| tr.phrase(paragraph));
    let (association, link) = exam_mail_values(&state, &application).await?;
    let (subject, body) = compose(
        store,
        application.association,
        MailKind::ExamResults,
        language,
        &[
            ("name", applicant.name.clone()),
            ("association", association),
            ("category", application.category.clone()),
            ("sat_on", language.mail_date(sitting.sat_on)),
            ("letter", letter),
            ("link", link),
        ],
    )
    .await?;
    let mail = NewMail {
        recipient: applicant.email.clone(),
        subject,
        body,
        created_at: Utc::now(),
    };
    perform(
        &state,
        &user,
        &application,
        Event::RecordExam { passed },
        Actor::Coordinator,
        &format!("sitting on {}", sitting.sat_on),
        vec![mail],
    )
    .await?;
    store
        .set_sitting_result(sitting.id, if passed { "passed" } else { "failed" })
        .await?;
    Ok(Redirect::to(&format!(
        "/applications/{}/exam",
        application.id
    )))
}

/// Part 2 scoring, blind: the scorer sees the code and the answers, never the name.
/// Whether the viewer holds an active staff role at the association (the viewer's roles are
/// read from active roles only, so a suspension takes effect here at once).
fn active_staff_of(user: &CurrentUser, association: lattice_domain::ids::AssociationId) -> bool {
    user.viewer.staff_associations().any(|a| a == association)
}

pub async fn scoring_page(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let sittings = state.store().sittings_for_scorer(user.person.id).await?;
    let mut views = Vec::new();
    for sitting in &sittings {
        let application = state.store().application(sitting.application).await?;
        // A suspended or removed scorer keeps the row but no longer sees the answers.
        if !active_staff_of(&user, application.association) {
            continue;
        }
        let rule = exam_rule(&state, &application).await?;
        let mut view = sitting_view(sitting, &rule);
        view.own_done = sitting
            .scorers
            .iter()
            .any(|s| s.scorer == user.person.id && s.scores.is_some());
        // Staff-only: the other scorer's name and scores, the rule applied and the history.
        view.answer_rows = Vec::new();
        view.rule_words = String::new();
        view.reopenable = Vec::new();
        // Scorers see only their own scores until the result is recorded.
        view.scorers = sitting
            .scorers
            .iter()
            .filter(|s| s.scorer == user.person.id)
            .map(|s| match s.scores {
                Some([a, b]) => format!("your scores: {a} and {b}"),
                None => "not scored yet".to_string(),
            })
            .collect();
        view.part1 = String::new();
        view.part2 = String::new();
        // The date would link the code to the application's history, which names the
        // sitting by its date.
        view.sat_on = String::new();
        views.push(view);
    }
    page(&ScoringPage {
        layout: Layout::new("Exam scoring", Some(&user)),
        sittings: views,
    })
}

#[derive(Debug, Deserialize)]
pub struct ScoreForm {
    first: String,
    second: String,
}

pub async fn score(
    State(state): State<AppState>,
    Path(sid): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ScoreForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let sitting = store.sitting(path_id(&sid)?).await?;
    let association = store.application(sitting.application).await?.association;
    if !sitting.scorers.iter().any(|s| s.scorer == user.person.id)
        || !active_staff_of(&user, association)
    {
        return Err(WebError::NotFound);
    }
    sat_already(&sitting)?;
    let parse = |text: &str, field: &str| -> Result<u32, WebError> {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|s| *s <= lattice_domain::exam::RUBRIC_MAX)
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "{field}: give a rubric score from 0 to {}",
                    lattice_domain::exam::RUBRIC_MAX
                ))
            })
    };
    let scores = [parse(&form.first, "first")?, parse(&form.second, "second")?];
    store
        .score_part2(sitting.id, user.person.id, scores, Utc::now())
        .await?;
    Ok(Redirect::to("/scoring"))
}

#[derive(Debug, Deserialize)]
pub struct WindowForm {
    opens: String,
    closes: String,
    place: String,
}

/// A coordinator opens an exam window: the exam is offered between two dates.
pub async fn create_window(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<WindowForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = super::association_id(store, &slug).await?;
    super::authorize(
        &user.viewer,
        lattice_domain::rights::Action::Manage,
        lattice_domain::rights::Object::StaffArea(association),
    )?;
    let opens = super::required_date(&form.opens, "opens")?;
    let closes = super::required_date(&form.closes, "closes")?;
    if closes < opens {
        return Err(WebError::BadRequest(
            "closes: the window closes on or after it opens".to_string(),
        ));
    }
    if closes < today() {
        return Err(WebError::BadRequest(
            "closes: this window would already be over".to_string(),
        ));
    }
    let place = form.place.trim();
    if place.is_empty() || place.chars().count() > 200 {
        return Err(WebError::BadRequest(
            "place: say where or how the exam is held (at most 200 characters)".to_string(),
        ));
    }
    store
        .create_exam_window(association, opens, closes, place, Utc::now())
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}#exam-windows")))
}

/// Everyone who has read the application under the applicant's name as a reviewer: those
/// assigned now and those who reviewed it in any round.
async fn reviewed_by(
    state: &AppState,
    application: &ApplicationRow,
) -> Result<Vec<PersonId>, WebError> {
    let store = state.store();
    let mut people = store.reviewers(application.id).await?;
    for round in 1..=application.review_round {
        for review in store.reviews(application.id, round).await? {
            if !people.contains(&review.reviewer) {
                people.push(review.reviewer);
            }
        }
    }
    Ok(people)
}

#[derive(Debug, Deserialize)]
pub struct ScorerPolicyForm {
    policy: String,
}

/// The association's choice for scorers who reviewed the examinee's application.
pub async fn set_scorer_policy(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ScorerPolicyForm>,
) -> Result<Redirect, WebError> {
    let store = state.store();
    let association = super::association_id(store, &slug).await?;
    super::authorize(
        &user.viewer,
        lattice_domain::rights::Action::Manage,
        lattice_domain::rights::Object::StaffArea(association),
    )?;
    let policy = ReviewerAsScorer::from_key(form.policy.trim()).ok_or_else(|| {
        WebError::BadRequest(
            "policy: choose to exclude such scorers or to allow them with a warning".to_string(),
        )
    })?;
    store
        .set_reviewer_as_scorer(
            association,
            policy,
            &NewAudit {
                at: Utc::now(),
                actor: Some(user.person.id),
                association: Some(association),
                subject: format!("association:{slug}"),
                action: "set-reviewer-as-scorer".to_string(),
                reason: policy.key().to_string(),
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/staff/{slug}#exam-windows")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    /// MassAIMH's IMHM-C exam as its profile gives it, with the two spans under test.
    fn rule(approval_valid_months: u32, retake_after_months: u32) -> ExamRule {
        let catalog = lattice_profiles::Catalog::embedded().expect("profiles");
        let on = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
        let profile = catalog.profile("massaimh", on).expect("massaimh");
        let track = lattice_domain::category::Track::IvClinical;
        ExamRule {
            approval_valid_months,
            retake_after_months,
            ..profile
                .rule(track)
                .and_then(|r| r.exam.clone())
                .expect("its exam")
        }
    }

    /// The rules paragraph gives the profile's figures in both languages; Spanish says one
    /// month and many months each its own way.
    #[test]
    fn the_exam_rules_are_said_with_the_profile_s_figures() {
        let en = Tr::new(I18n::embedded(), Language::English);
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        assert_eq!(
            rules_in_words(&rule(12, 6), &en),
            "Part 1: 60 questions in 90 minutes, passing with at most 12 wrong. Part 2: 3 vignettes, 2 answered in 90 minutes, each answer scored 0–4 by two scorers who do not see the examinee's name. Approval to sit lasts 12 months; a failed exam can be sat again after 6 months."
        );
        assert_eq!(
            rules_in_words(&rule(1, 12), &es),
            "Parte 1: 60 preguntas en 90 minutos; se aprueba con 12 respuestas incorrectas como máximo. Parte 2: 3 viñetas, de las que se responden 2 en 90 minutos; dos evaluadores/as que no ven el nombre de quien se examina califican cada respuesta de 0 a 4. La aprobación para presentar el examen dura 1 mes; un examen no aprobado puede volver a presentarse pasados 12 meses."
        );
        assert!(rules_in_words(&rule(2, 1), &es).ends_with(
            "dura 2 meses; un examen no aprobado puede volver a presentarse pasados 1 mes."
        ));
    }
}
