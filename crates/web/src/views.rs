//! One askama struct per page, and the small view models they show. Values are escaped by
//! askama; nothing here builds HTML by hand.

use askama::Template;
use lattice_domain::phrase::Phrase;
use lattice_domain::portfolio::Portfolio;
use lattice_domain::report::{Report, RequirementId, Status, Unit};

use crate::current_user::CurrentUser;
use crate::evidence::Evidence;
pub(crate) use crate::figures::number;
use crate::i18n::{Language, Tr};
use lattice_domain::language::OfferedLanguages;

/// What the frame of every page needs: who is signed in and the form token.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub title: String,
    pub user_name: Option<String>,
    pub csrf: String,
    /// Whether the header links to a portfolio: not for staff (coordinators, reviewers, the
    /// Alliance administrator), who keep none here; an applicant who is also staff reaches
    /// theirs from the dashboard.
    pub portfolio_link: bool,
    /// The association the page speaks for, when it has set its own name, colour or logo:
    /// shown as a bar under the header (`crate::brand`). By default the signed-in applicant's
    /// or endorsee's association; a page about another association sets that one.
    pub brand: Option<Brand>,
    /// The page's language and its words (`{{ layout.tr.t(…) }}` with a message id).
    /// English unless the page's handler translated it (`in_language`): a page not yet
    /// translated stays wholly English, header included.
    pub tr: Tr,
    /// The languages the header's switch may offer: the signed-in applicant's association's
    /// choice; every language for visitors not signed in and for staff.
    pub languages: OfferedLanguages,
    /// The page speaks a language someone else chose for the reader (the rating form, in the
    /// language the applicant chose for the rater), so the header offers no switch.
    pub language_fixed: bool,
}

pub use crate::brand::Brand;

impl Layout {
    pub fn new(title: impl Into<String>, user: Option<&CurrentUser>) -> Layout {
        Layout {
            title: title.into(),
            user_name: user.map(|u| u.person.name.clone()),
            csrf: user.map(|u| u.csrf.clone()).unwrap_or_default(),
            portfolio_link: user.is_some_and(|u| !u.viewer.admin && u.viewer.staff.is_empty()),
            brand: user.and_then(|u| u.brand.clone()),
            tr: Tr::default(),
            languages: user.map_or_else(OfferedLanguages::all, |u| u.languages.clone()),
            language_fixed: false,
        }
    }

    /// The page speaks `tr`'s language whatever the reader's switch says, and offers none.
    pub fn fixed_language(self, tr: Tr) -> Layout {
        Layout {
            tr,
            language_fixed: true,
            ..self
        }
    }

    /// The page is translated: its frame speaks the same language as its body.
    pub fn in_language(self, tr: Tr) -> Layout {
        Layout { tr, ..self }
    }

    /// `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.tr.language().code()
    }

    /// The languages the header's switch offers: every other one offered here, each named in
    /// itself.
    pub fn other_languages(&self) -> Vec<Language> {
        if self.language_fixed {
            return Vec::new();
        }
        self.languages
            .languages()
            .iter()
            .copied()
            .filter(|l| *l != self.tr.language())
            .collect()
    }

    /// An application's state in the page's language (`state-…`); more-work-required says
    /// from when it may be resubmitted. `None` only when that date is not known.
    pub fn state_in(&self, key: &str, resubmit_from: &Option<chrono::NaiveDate>) -> Option<String> {
        match (key, *resubmit_from) {
            ("more-work-required", Some(date)) => Some(self.tr.t1(
                "state-more-work-required-from",
                "date",
                self.tr.date(date),
            )),
            ("more-work-required", None) => None,
            _ => Some(self.tr.tk("state", key)),
        }
    }

    /// For pages shown before sign-in, whose forms use the double-submit token.
    pub fn anonymous(title: impl Into<String>, csrf: String) -> Layout {
        Layout {
            title: title.into(),
            csrf,
            languages: OfferedLanguages::all(),
            ..Layout::default()
        }
    }
}

#[derive(Debug, Clone)]
pub struct AssociationCard {
    pub slug: String,
    pub name: String,
    pub abbreviation: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub associations: Vec<AssociationCard>,
}

#[derive(Debug, Clone)]
pub struct CategoryView {
    /// "Category I", in the page's language where the profile words its tier in it.
    pub tier: Said,
    pub imh: String,
    pub ecmh: String,
    pub title: String,
    pub fees: Option<String>,
    pub fees_source: Option<SourceView>,
    pub requirements: Vec<Said>,
    /// The category's notes (the 2025 Category III change), each shown with `notes_source`:
    /// the association's words, in English.
    pub notes: Vec<String>,
    pub notes_source: Option<SourceView>,
    pub offered: bool,
}

#[derive(Template)]
#[template(path = "association.html")]
pub struct AssociationPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub abbreviation: String,
    pub state: String,
    pub profile: String,
    pub categories: Vec<CategoryView>,
    /// The renewal terms, each with its source.
    pub renewal: Vec<TermView>,
}

/// An association's category as an Open Badges achievement, for people; the same resource
/// answers JSON-LD to software (`handlers/achievements`).
#[derive(Template)]
#[template(path = "achievement.html")]
pub struct AchievementPage {
    pub layout: Layout,
    pub slug: String,
    pub association: String,
    pub abbreviation: &'static str,
    pub title: &'static str,
    pub description: String,
    pub badge_url: String,
    pub badge_caption: String,
    pub requirements_url: String,
    /// The criteria in the page's language, then the association's notes (its words).
    pub requirements: Vec<Said>,
    pub notes: Vec<String>,
    pub renewal: Vec<String>,
    pub alignments: Vec<AlignmentView>,
}

/// A competency area an achievement aligns to, named in the page's language; `code` is its
/// anchor and the alignment's `targetCode`.
#[derive(Debug, Clone)]
pub struct AlignmentView {
    pub code: &'static str,
    pub name: String,
    pub domain: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub layout: Layout,
    pub email: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "forgot.html")]
pub struct ForgotPage {
    pub layout: Layout,
}

#[derive(Template)]
#[template(path = "reset.html")]
pub struct ResetPage {
    pub layout: Layout,
    pub token: String,
    pub error: Option<String>,
}

/// A short page that tells the person what happened and where to go next.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub layout: Layout,
    pub heading: String,
    pub body: String,
    pub link: String,
    pub link_text: String,
}

/// One line the engine wrote: its English (what the CLI prints), and its phrases where it has
/// ids, so a page in another language says it in that language (`Tr::line`); a line without
/// one is shown in English, marked `lang="en"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub english: String,
    /// The whole line, or for an exclusion its reason.
    pub phrase: Option<Phrase>,
    /// For an exclusion, the item it is about.
    pub item: Option<Phrase>,
}

impl Line {
    /// A line with no id: English on every page.
    pub fn english(text: String) -> Line {
        Line {
            english: text,
            phrase: None,
            item: None,
        }
    }

    /// A line the engine made as a phrase (its English is the phrase's own).
    pub fn of(phrase: &Phrase) -> Line {
        Line::missing(&phrase.english, Some(phrase))
    }

    /// A line still missing, with its phrase where it has one.
    pub fn missing(english: &str, phrase: Option<&Phrase>) -> Line {
        Line {
            english: english.to_string(),
            phrase: phrase.cloned(),
            item: None,
        }
    }

    /// Whether a page in `tr`'s language can say it: it has ids, and the association's
    /// profile words its parts in that language.
    pub fn translatable(&self, tr: &Tr) -> bool {
        let speaks = |phrase: &Phrase| phrase.speaks(tr.language());
        self.phrase.as_ref().is_some_and(speaks) && self.item.as_ref().is_none_or(speaks)
    }

    /// The line in a page's language: its phrases where it has them (an exclusion as its item
    /// then its reason), else its English.
    pub fn said(&self, tr: &Tr) -> String {
        match (&self.phrase, &self.item) {
            _ if tr.language() == Language::English || !self.translatable(tr) => {
                self.english.clone()
            }
            (Some(reason), Some(item)) => tr.tn(
                "excluded-line",
                &[("item", tr.phrase(item)), ("reason", tr.phrase(reason))],
            ),
            (Some(phrase), None) => tr.phrase(phrase),
            (None, _) => self.english.clone(),
        }
    }
}

impl std::fmt::Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

/// One row of a requirement panel, from the same engine as `lattice check`.
#[derive(Debug, Clone)]
pub struct RequirementView {
    /// The requirement's id (`training`): its name in a page's language is `req-{key}`.
    pub key: &'static str,
    pub label: String,
    pub status: &'static str,
    pub status_text: &'static str,
    /// The status text is not the engine's (the exam's stage after review).
    pub status_own: bool,
    /// That status as a message key, `exam-stage-{key}` (empty when the status is the
    /// engine's).
    pub own_status_key: &'static str,
    pub progress: String,
    /// `progress` in numbers, for pages in another language.
    pub counted: f64,
    pub needed: f64,
    pub unit: Unit,
    pub percent: u32,
    pub detail: String,
    /// `detail` with an id, for pages in another language.
    /// The detail's sentences with ids, when they say all of it (empty: English only).
    pub detail_phrases: Vec<Phrase>,
    pub missing: Vec<Line>,
    pub excluded: Vec<Line>,
    /// For each line of `excluded`, the index of the rating it is about, if it is one: the
    /// applicant's panel hides what a waived rating says (`portfolio::for_the_applicant`).
    pub excluded_ratings: Vec<Option<usize>>,
    /// Who vouches for what this requirement counts.
    pub evidence: Provenance,
    /// Where the rule comes from: the public document, or the association's setting.
    pub rule_source: Option<SourceView>,
}

impl RequirementView {
    /// The detail in a page's language, when its sentences have ids and the profile words
    /// them in that language; `None` where the page shows the English.
    pub fn detail_in(&self, tr: &Tr) -> Option<String> {
        let speaks = |phrase: &Phrase| phrase.speaks(tr.language());
        if self.detail_phrases.is_empty() || !self.detail_phrases.iter().all(speaks) {
            return None;
        }
        let sentences: Vec<String> = self.detail_phrases.iter().map(|p| tr.phrase(p)).collect();
        Some(sentences.join(" "))
    }

    /// "34,75 de 30 horas": the progress in a page's language (English keeps the panel's own
    /// figures).
    pub fn progress_in(&self, tr: &Tr) -> String {
        if tr.language() == Language::English {
            return self.progress.clone();
        }
        let id = match self.unit {
            Unit::Hours => "req-progress-hours",
            Unit::Years => "req-progress-years",
            Unit::Count => "req-progress-count",
        };
        tr.t2(id, "counted", self.counted, "needed", self.needed)
    }
}

/// A rule's source as a page shows it beside the rule: a short citation linking to the
/// document where its address is known, and, where Lattice assumes what no document states,
/// that it is the association's setting. `_source.html` renders it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceView {
    /// "MassAIMH, Endorsement FAQ (how much does Endorsement cost)".
    pub citation: Option<String>,
    pub url: Option<String>,
    /// "… This is MassAIMH's setting in Lattice; the association can change it."
    pub setting: Option<String>,
}

impl SourceView {
    pub fn of(source: &lattice_domain::profile::RuleSource) -> SourceView {
        SourceView {
            citation: source.citation(),
            url: source.url().map(str::to_string),
            setting: source.setting_words(),
        }
    }
}

/// Who vouches for the items of a requirement, in words for the panel.
fn provenance(id: RequirementId, portfolio: &Portfolio) -> Provenance {
    use lattice_domain::portfolio::Source;
    match id {
        RequirementId::References => {
            let from = |source: Source| {
                portfolio
                    .references
                    .iter()
                    .filter(|r| r.source == Some(source))
                    .filter(|r| r.status == lattice_domain::portfolio::ReferenceStatus::Completed)
                    .count()
            };
            Provenance::Ratings {
                raters: from(Source::Rater),
                staff: from(Source::Staff),
            }
        }
        RequirementId::Membership => match &portfolio.membership {
            Some(m) if m.source.is_some_and(Source::is_third_party) => {
                Provenance::MembershipRecord(m.association.clone())
            }
            Some(_) => Provenance::MembershipTyped,
            None => Provenance::MembershipNone,
        },
        RequirementId::Agreements => Provenance::Agreements,
        RequirementId::Exam => Provenance::Exam,
        RequirementId::Education
        | RequirementId::Training
        | RequirementId::Work
        | RequirementId::Rsc => Provenance::SelfReported,
    }
}

/// Who vouches for what a requirement counts: ratings by their raters (or on paper, by a
/// coordinator), membership by the association, the rest by the applicant's own word.
#[derive(Debug, Clone, PartialEq)]
pub enum Provenance {
    Ratings {
        raters: usize,
        staff: usize,
    },
    /// The association's record, by the association's slug.
    MembershipRecord(String),
    MembershipTyped,
    MembershipNone,
    Agreements,
    Exam,
    SelfReported,
}

impl Provenance {
    pub fn english(&self) -> String {
        match self {
            Provenance::Ratings { raters, staff } => {
                let mut parts = vec![format!(
                    "{raters} rating{} sent by the rater through the emailed link",
                    if *raters == 1 { "" } else { "s" }
                )];
                if *staff > 0 {
                    parts.push(format!(
                        "{staff} paper rating{} recorded by a coordinator",
                        if *staff == 1 { "" } else { "s" }
                    ));
                }
                parts.join("; ")
            }
            Provenance::MembershipRecord(association) => {
                format!("the association's membership record ({association})")
            }
            Provenance::MembershipTyped => "typed by the applicant (does not count)".into(),
            Provenance::MembershipNone => "no membership record from the association yet".into(),
            Provenance::Agreements => {
                "signed by the applicant in Lattice, dated by the server".into()
            }
            Provenance::Exam => "recorded by the coordinator after the exam".into(),
            Provenance::SelfReported => "self-reported by the applicant; reviewers check it".into(),
        }
    }

    /// In a page's language (English as [`Provenance::english`] says it).
    pub fn said(&self, tr: &Tr) -> String {
        match self {
            _ if tr.language() == Language::English => self.english(),
            Provenance::Ratings { raters, staff } => {
                tr.t2("evidence-ratings", "raters", *raters, "staff", *staff)
            }
            Provenance::MembershipRecord(association) => {
                tr.t1("evidence-membership-record", "association", association)
            }
            Provenance::MembershipTyped => tr.t("evidence-membership-typed"),
            Provenance::MembershipNone => tr.t("evidence-membership-none"),
            Provenance::Agreements => tr.t("evidence-agreements"),
            Provenance::Exam => tr.t("evidence-exam"),
            Provenance::SelfReported => tr.t("evidence-self-reported"),
        }
    }
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// The requirements still unmet, named in one line (the compact summary on phones).
impl EligibilityView {
    pub fn still_needed(&self) -> String {
        self.requirements
            .iter()
            .filter(|r| r.status == "unmet")
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// [`EligibilityView::still_needed`] in a page's language.
    pub fn still_needed_in(&self, tr: &Tr) -> String {
        if tr.language() == Language::English {
            return self.still_needed();
        }
        self.requirements
            .iter()
            .filter(|r| r.status == "unmet")
            .map(|r| tr.tk("req", r.key))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone)]
pub struct EligibilityView {
    pub ready: bool,
    /// The rules in force in words ("MassAIMH's rules in force from 2025-01-01", its English
    /// in `english`): the profile id is for the JSON, not for a page.
    pub rules: Phrase,
    pub requirements: Vec<RequirementView>,
    pub met: usize,
    pub total: usize,
    /// The engine's advice: what blocks nothing but helps (a rater who had known the
    /// applicant too short a time, the Theoretical Foundations areas nothing covers yet).
    pub advice: Vec<Line>,
}

impl EligibilityView {
    pub fn from_report(report: &Report<'_>, portfolio: &Portfolio) -> EligibilityView {
        let requirements: Vec<RequirementView> = report
            .requirements
            .iter()
            .filter(|r| r.status != Status::NotApplicable)
            .map(|r| {
                let (status, status_text) = match r.status {
                    Status::Met => ("met", "Met"),
                    Status::Unmet => ("unmet", "Still needed"),
                    Status::Pending => ("pending", "Later stage"),
                    Status::NotApplicable => ("na", "Not needed"),
                };
                let unit = match r.unit {
                    Unit::Hours => "hours",
                    Unit::Years => "years",
                    Unit::Count => "",
                };
                let percent = if r.needed > 0.0 {
                    ((r.counted / r.needed).clamp(0.0, 1.0) * 100.0).round() as u32
                } else if r.status == Status::Met {
                    100
                } else {
                    0
                };
                RequirementView {
                    key: r.id.key(),
                    label: r.id.label().to_string(),
                    status,
                    status_text,
                    status_own: false,
                    own_status_key: "",
                    counted: r.counted,
                    needed: r.needed,
                    unit: r.unit,
                    progress: format!("{} of {} {unit}", number(r.counted), number(r.needed))
                        .trim_end()
                        .to_string(),
                    percent,
                    detail: r.detail.clone(),
                    detail_phrases: r.detail_said().map(<[Phrase]>::to_vec).unwrap_or_default(),
                    missing: r
                        .missing
                        .iter()
                        .map(|m| Line::missing(m, r.said(m)))
                        .collect(),
                    excluded: r
                        .excluded
                        .iter()
                        .map(|e| {
                            // Translated whole or not at all: both the item and the reason.
                            let item = e.item.phrase();
                            Line {
                                english: format!("{}: {}", capitalise(&e.item.prose()), e.reason),
                                phrase: item.as_ref().and(r.said(&e.reason).cloned()),
                                item,
                            }
                        })
                        .collect(),
                    excluded_ratings: r
                        .excluded
                        .iter()
                        .map(|e| match e.item {
                            lattice_domain::report::Item::Reference { index, .. } => Some(index),
                            _ => None,
                        })
                        .collect(),
                    evidence: provenance(r.id, portfolio),
                    rule_source: r.source.as_deref().map(SourceView::of),
                }
            })
            .collect();
        EligibilityView {
            ready: report.ready,
            rules: report.rules_said.clone(),
            met: requirements.iter().filter(|r| r.status == "met").count(),
            total: requirements.len(),
            requirements,
            advice: report.advice.iter().map(Line::of).collect(),
        }
    }
}

/// "The training …" at the start of a list line.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Debug, Clone)]
pub struct ApplicationSummary {
    pub id: i64,
    pub association: String,
    pub category: String,
    pub category_title: String,
    pub applicant: String,
    pub state: String,
    pub state_key: &'static str,
    /// For more work required: the day from which it may be resubmitted.
    pub resubmit_from: Option<chrono::NaiveDate>,
    pub updated: chrono::NaiveDate,
    /// The application reinstates a lapsed endorsement: marked in the queue.
    pub reinstatement: bool,
    pub eligibility: Option<EligibilityView>,
    pub problem: Option<String>,
}

impl ApplicationSummary {
    /// The badge of an application whose requirements are all met. Only a confirmed
    /// application can be submitted; before that the association still has a step to take,
    /// and after it "ready to submit" would tell the applicant to do what is done.
    pub fn all_met_id(&self) -> &'static str {
        if self.state_key == "confirmed" {
            "req-ready"
        } else {
            "req-all-met"
        }
    }
}

#[derive(Debug, Clone)]
pub struct StateCount {
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone)]
pub struct StaffAreaSummary {
    pub slug: String,
    pub name: String,
    pub role: String,
    pub counts: Vec<StateCount>,
    pub open: usize,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub name: String,
    pub admin: bool,
    pub own: Vec<ApplicationSummary>,
    pub staff_areas: Vec<StaffAreaSummary>,
    pub assigned: Vec<ApplicationSummary>,
    /// The next page of the reviewer's assignments, when there is one.
    pub next_assignments: Option<String>,
    /// The first page, when this is a later one.
    pub first_assignments: Option<String>,
    pub assignments_notice: Option<String>,
    pub assignments_page_size: i64,
    pub endorsements: Vec<EndorsementView>,
    /// Where an endorsement can move to (the transfer form).
    pub associations: Vec<ChoiceView>,
}

#[derive(Debug, Clone)]
pub struct AuditView {
    pub at: String,
    pub actor: String,
    pub action: String,
    /// The action has no words in the page's language (a key the history does not word).
    pub action_in_english: bool,
    pub subject: String,
    /// Where the subject can be opened, when it is a page.
    pub link: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct PersonView {
    pub name: String,
    pub email: String,
    pub role: String,
}

#[derive(Template)]
#[template(path = "staff.html")]
pub struct StaffPage {
    pub layout: Layout,
    pub messages: Vec<MessageView>,
    pub name: String,
    pub slug: String,
    pub coordinator: bool,
    pub counts: Vec<StateCount>,
    pub applications: Vec<ApplicationSummary>,
    /// The link to the queue's next page, when there is one.
    pub next_page: Option<String>,
    /// The link back to the queue's first page, on a later page.
    pub first_page: Option<String>,
    /// Why the first page is shown when another was asked for.
    pub queue_notice: Option<String>,
    pub page_size: i64,
    pub state_filters: Vec<ChoiceView>,
    pub category_filters: Vec<ChoiceView>,
    pub filter_state: String,
    pub filter_category: String,
    pub filter_cycle: String,
    pub cycles: Vec<CycleView>,
    /// Reviewers with what qualification and conflict checks read: (id, name, employer,
    /// endorsed categories, open reviews).
    pub reviewers: Vec<(i64, String, String, String, i64)>,
    /// Exam windows, in words.
    pub exam_windows: Vec<String>,
    /// `exclude` or `warn`: scorers who reviewed the examinee's application.
    pub reviewer_as_scorer: &'static str,
    /// Renewals waiting for their late fee: (id, name, year, fee, handed in).
    pub renewals: Vec<(i64, String, i32, i64, String)>,
    pub staff: Vec<PersonView>,
    pub audit: Vec<AuditView>,
    /// Endorsements asked to move here (coordinators only).
    pub transfers: Vec<TransferView>,
}

#[derive(Debug, Clone)]
pub struct EventButton {
    pub event: &'static str,
    pub label: String,
    pub needs_date: bool,
    pub danger: bool,
    /// The words of the box to tick first, for a step that cannot be undone.
    pub confirmation: Option<String>,
}

#[derive(Template)]
#[template(path = "application.html")]
pub struct ApplicationPage {
    /// What comes next for the viewer, with a link to where it is done.
    pub next_hint: Option<(String, Option<(String, String)>)>,
    pub layout: Layout,
    /// Named `s` because the shared requirement panel template reads `s`.
    pub s: ApplicationSummary,
    pub applicant_email: String,
    pub intended_submission: String,
    pub reviewers: Vec<String>,
    pub events: Vec<EventButton>,
    pub audit: Vec<AuditView>,
    pub as_coordinator: bool,
    /// Assigned to review it.
    pub as_reviewer: bool,
    /// The applicant's own application: they may name people who should not review it.
    pub as_applicant: bool,
    /// Conflicts the applicant declared, as typed: (id, name or email, reason).
    pub declared_conflicts: Vec<(i64, String, String)>,
    /// Before review starts the applicant may still add or withdraw conflicts.
    pub conflicts_open: bool,
    /// Approved for the exam, or past it.
    pub exam_stage: bool,
    pub invoices: Vec<InvoiceView>,
    pub payment_note: String,
    pub has_open_invoice: bool,
    /// The requirements still unmet (the panel's labels), when the submit button is shown
    /// but cannot be used yet.
    pub submit_blocked: Option<String>,
    /// The association's membership record of the applicant, in words.
    pub membership: Option<String>,
    pub membership_kinds: &'static [(&'static str, &'static str)],
    pub today: String,
    /// The applicant's open request to join or renew, in words.
    pub membership_request: Option<String>,
    /// The application's messages and answers, for the applicant and the coordinators.
    pub thread: Vec<ThreadMessage>,
    /// The applicant or a coordinator: they write in the thread.
    pub in_thread: bool,
}

#[derive(Debug, Clone)]
pub struct SectionLink {
    /// The section's key; its name on the page is the message `section-{key}`.
    pub key: &'static str,
    pub count: usize,
}

#[derive(Template)]
#[template(path = "portfolio.html")]
pub struct PortfolioPage {
    pub layout: Layout,
    pub sections: Vec<SectionLink>,
    pub code_of_ethics: String,
    pub endorsement_agreement: String,
    /// The current application's panel (named `s` for the shared panel template).
    pub s: Option<ApplicationSummary>,
    pub import_errors: Vec<String>,
    /// What an accepted import did not take, and why (a rating, membership, signatures).
    pub import_notices: Vec<String>,
    /// Why the portfolio is read-only, while an application holds it.
    pub frozen: Option<String>,
    /// The association's membership record, in words; `None` when there is none.
    pub membership: Option<String>,
    /// The open request to join or renew, in words.
    pub membership_request: Option<String>,
    /// Where the join form sends the request, and the choices it offers.
    pub join_association: String,
    pub associations: Vec<(String, String)>,
    /// The associations whose rules accept membership in another infant mental health
    /// association (slug, name): the applicant may send a proof to them.
    pub elsewhere_accepted: Vec<(String, String)>,
    pub today: String,
    pub membership_kinds: &'static [(&'static str, &'static str)],
    pub payment_note: String,
}

impl PortfolioPage {
    /// The associations that accept membership elsewhere, named in one list.
    pub fn elsewhere_names(&self) -> String {
        self.elsewhere_accepted
            .iter()
            .map(|(_, name)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone)]
pub struct EntryView {
    pub id: i64,
    pub summary: String,
    /// Where the association stands on it (a degree's transcript check), if anywhere.
    pub status: Option<String>,
}

#[derive(Template)]
#[template(path = "section.html")]
pub struct SectionPage {
    pub layout: Layout,
    pub key: &'static str,
    pub title: String,
    pub entries: Vec<EntryView>,
    pub fields: Vec<crate::forms::FieldView>,
    /// The entry being edited, or None for the add form.
    pub editing: Option<i64>,
    /// A message to the coordinator was just sent from this page.
    pub message_sent: bool,
    /// What the last change did ("Training added."), said once after the redirect.
    pub done: Option<String>,
    pub problem_count: usize,
    pub csv_errors: Vec<String>,
    pub s: Option<ApplicationSummary>,
    /// The rating requests (references section only).
    pub raters: Vec<RaterView>,
    /// The languages a rating request may be sent in, the preselected one marked; empty when
    /// the association offers English only (no choice is shown).
    pub rater_languages: Vec<(Language, bool)>,
    /// Uploaded transcripts (education section only).
    pub uploads: Vec<UploadView>,
    /// Why the portfolio is read-only, while an application holds it.
    pub frozen: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UploadView {
    pub id: i64,
    pub file_name: String,
    pub size_kb: i64,
    pub uploaded: chrono::NaiveDate,
}

#[derive(Template)]
#[template(path = "agreements.html")]
pub struct AgreementsPage {
    pub layout: Layout,
    pub name: String,
    /// The Code of Ethics and the Endorsement Agreement, each with its current text.
    pub cards: Vec<AgreementCard>,
    pub error: Option<String>,
    /// A message to the coordinator was just sent from this page.
    pub message_sent: bool,
    pub s: Option<ApplicationSummary>,
    /// Why the portfolio is read-only, while an application holds it.
    pub frozen: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CategoryChoice {
    pub abbreviation: String,
    pub title: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "register.html")]
pub struct RegisterPage {
    pub layout: Layout,
    pub association: String,
    pub slug: String,
    pub associations: Vec<(String, String)>,
    pub categories: Vec<CategoryView>,
    pub choices: Vec<CategoryChoice>,
    /// The earliest intended submission date allowed (four weeks from today).
    pub earliest: String,
    /// The same date as the reader's language writes it.
    pub earliest_words: String,
    pub intended: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct InvoiceView {
    pub id: i64,
    pub label: String,
    pub paid: bool,
    pub paid_on: String,
}

#[derive(Debug, Clone)]
pub struct RaterView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub can_resend: bool,
}

#[derive(Debug, Clone)]
pub struct RateArea {
    pub id: String,
    pub name: String,
    pub domain: String,
    /// The first area of its domain, where the domain heading goes.
    pub first_in_domain: bool,
    pub answer: String,
}

#[derive(Template)]
#[template(path = "rate.html")]
pub struct RatePage {
    pub layout: Layout,
    pub token: String,
    pub rater: String,
    pub applicant: String,
    pub category: String,
    pub areas: Vec<RateArea>,
    pub scale: Vec<(String, String)>,
    pub waived: bool,
    pub errors: Vec<RateProblem>,
    /// What the rater typed, shown back when the form returns with problems.
    pub known_since: String,
    pub comments: String,
}

/// A problem with a submitted rating, and the id of the control it is about (the error
/// summary links there, so a keyboard user lands where they can answer).
#[derive(Debug, Clone)]
pub struct RateProblem {
    pub anchor: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct CoverageTile {
    pub name: String,
    /// The tile's shade: `gap` (expected, no counted training or course documents it),
    /// `none`, `rated` (shown only by ratings), `one`, `two`, `many` (counted trainings).
    pub level: &'static str,
    /// The line under the name in the page's language ("shown only by ratings; not
    /// documented by coursework or training").
    pub verdict: String,
    pub sources: Vec<Said>,
    /// Why coursework is needed here, or empty.
    pub note: String,
}

/// A line a handler has already put in the page's language, or kept in English where the
/// words are someone else's (an association's reason): a page marks those `lang="en"`.
#[derive(Debug, Clone)]
pub struct Said {
    pub text: String,
    pub english: bool,
}

impl Said {
    /// Words in the page's language.
    pub fn in_language(text: String) -> Said {
        Said {
            text,
            english: false,
        }
    }

    /// Words that stay English on every page.
    pub fn english(text: String) -> Said {
        Said {
            text,
            english: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CoverageDomain {
    pub name: String,
    pub tiles: Vec<CoverageTile>,
}

impl CoverageTile {
    /// Documented by at least one counted training or course (any of the three shades).
    pub fn documented(&self) -> bool {
        matches!(self.level, "one" | "two" | "many")
    }
}

impl CoverageDomain {
    /// How many of the domain's areas are documented: the count beside its heading.
    pub fn documented(&self) -> usize {
        self.tiles.iter().filter(|t| t.documented()).count()
    }
}

impl CoveragePage {
    /// The picture in one line, counted over every area: documented, expected but missing.
    pub fn documented(&self) -> usize {
        self.domains.iter().map(CoverageDomain::documented).sum()
    }

    pub fn areas(&self) -> usize {
        self.domains.iter().map(|d| d.tiles.len()).sum()
    }

    pub fn gaps(&self) -> usize {
        self.domains
            .iter()
            .flat_map(|d| &d.tiles)
            .filter(|t| t.level == "gap")
            .count()
    }
}

#[derive(Debug, Clone)]
pub struct PathView {
    pub category: String,
    pub title: String,
    pub tier: String,
    /// `tier` with its id ("Categoría II" on a Spanish page).
    pub tier_said: Option<Phrase>,
    pub ready: bool,
    /// What is missing, each line in the page's language where it has an id.
    pub missing: Vec<Line>,
    /// How far, in the page's words ("12 months, 29 h, 1 step"); empty when ready.
    pub how_far: String,
    pub exam: bool,
    pub best: bool,
    pub current: bool,
}

impl PathView {
    /// The tier in a page's language, where the profile words it in that language.
    pub fn tier_in(&self, tr: &Tr) -> Option<String> {
        self.tier_said
            .as_ref()
            .filter(|phrase| phrase.speaks(tr.language()))
            .map(|phrase| tr.phrase(phrase))
    }
}

#[derive(Template)]
#[template(path = "coverage.html")]
pub struct CoveragePage {
    pub layout: Layout,
    pub domains: Vec<CoverageDomain>,
    pub has_expected: bool,
    pub association: String,
    pub pathways: Vec<PathView>,
}

#[derive(Debug, Clone)]
pub struct SummarySection {
    pub title: String,
    pub lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "summary.html")]
pub struct SummaryPage {
    pub layout: Layout,
    pub name: String,
    pub email: String,
    pub printed: chrono::NaiveDate,
    pub sections: Vec<SummarySection>,
    /// The current application with its requirement panel, printed above the entries.
    pub s: Option<ApplicationSummary>,
    pub code_of_ethics: String,
    pub endorsement_agreement: String,
}

#[derive(Template)]
#[template(path = "sign_up.html")]
pub struct SignUpPage {
    pub layout: Layout,
    pub name: String,
    pub email: String,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct MessageView {
    pub from: String,
    pub kind: &'static str,
    pub section: String,
    pub at: String,
    pub body: String,
    pub link: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CycleView {
    pub id: String,
    pub name: String,
    pub submission_deadline: String,
    pub review_due: String,
    pub applications: usize,
}

#[derive(Debug, Clone)]
pub struct ChoiceView {
    pub key: String,
    pub label: String,
}

/// A reviewer as the coordinator sees them when assigning.
#[derive(Debug, Clone)]
pub struct CandidateView {
    pub id: i64,
    pub name: String,
    pub endorsed: String,
    pub employer: String,
    pub load: i64,
    pub qualified: bool,
    pub conflicts: Vec<String>,
    pub assigned: bool,
}

#[derive(Debug, Clone)]
pub struct ConflictView {
    pub reviewer: String,
    pub source: &'static str,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct ReviewView {
    pub reviewer: String,
    pub recommendation: String,
    pub comments: String,
    pub verified: usize,
    pub areas: usize,
    pub submitted: String,
}

#[derive(Template)]
#[template(path = "review.html")]
pub struct ReviewPage {
    pub layout: Layout,
    pub id: i64,
    pub applicant: String,
    pub category: String,
    pub association: String,
    pub state_key: &'static str,
    pub state_label: String,
    pub coordinator: bool,
    /// The effective date of the edition of the rules that applies.
    pub edition: String,
    pub rules_date: String,
    pub can_change_rules: bool,
    pub submitted: bool,
    pub under_review: bool,
    pub complete: bool,
    pub missing: Vec<String>,
    pub eligibility: Option<EligibilityView>,
    pub candidates: Vec<CandidateView>,
    pub assigned: Vec<String>,
    pub conflicts: Vec<ConflictView>,
    pub reviews: Vec<ReviewView>,
    pub hidden_reviews: usize,
    pub can_review: bool,
    pub outcomes: Vec<ChoiceView>,
    /// The areas the reviewer ticks, each with what documents or shows it.
    pub areas: Vec<crate::evidence::AreaEvidenceGroup>,
    /// Each requirement with the items it counted, under its tick.
    pub requirement_evidence: Vec<crate::evidence::RequirementEvidence>,
    pub agreement: Option<String>,
    pub disagree: bool,
    pub can_decide: bool,
    pub default_date: String,
    /// The association's cycles, and the id of the application's own (empty when none).
    pub cycles: Vec<ChoiceView>,
    pub cycle: String,
    /// The degrees of the reviewed portfolio, checked against their transcripts.
    pub degrees: Vec<DegreeView>,
    /// When the version before the latest was handed in, if it was resubmitted.
    pub changed_since: Option<String>,
    /// What changed since that version.
    pub changes: Vec<String>,
}

/// One line of an automatic assignment plan.
#[derive(Debug, Clone)]
pub struct PlanLine {
    pub application: i64,
    pub applicant: String,
    pub category: String,
    pub reviewers: Vec<String>,
    pub skipped: Vec<String>,
    pub unfilled: Option<String>,
}

#[derive(Template)]
#[template(path = "assign.html")]
pub struct AssignPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub lines: Vec<PlanLine>,
    pub assignments: usize,
    pub applied: bool,
    /// Rows saved from a bulk assignment file.
    pub imported: Option<usize>,
    /// Why a bulk assignment file was refused, line by line.
    pub errors: Vec<String>,
}

/// One cell of the report's state × category table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossTabCell {
    pub category: String,
    pub count: usize,
}

/// One state's row of the report's table: a cell per category column, then the row total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossTabRow {
    pub key: &'static str,
    pub label: String,
    pub cells: Vec<CrossTabCell>,
    pub total: usize,
}

/// Applications counted by state (rows) and category (columns), with totals both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrossTab {
    pub categories: Vec<String>,
    pub rows: Vec<CrossTabRow>,
    /// The column totals, in the order of `categories`.
    pub totals: Vec<CrossTabCell>,
    pub total: usize,
}

/// Time from submission to decision for one category, or overall; days already formatted.
#[derive(Debug, Clone)]
pub struct DecisionTimeView {
    pub category: String,
    pub decided: usize,
    pub median: String,
    pub mean: String,
}

#[derive(Template)]
#[template(path = "reports.html")]
pub struct ReportsPage {
    pub layout: Layout,
    pub name: String,
    pub slug: String,
    pub table: CrossTab,
    pub times: Vec<DecisionTimeView>,
    pub overall: DecisionTimeView,
}

/// One of the endorsee's own endorsements, on the dashboard.
#[derive(Debug, Clone)]
pub struct EndorsementView {
    pub id: i64,
    pub number: String,
    pub mark: String,
    pub title: String,
    pub association: String,
    /// The status, and the day it took effect: said by [`EndorsementView::standing_in`]
    /// ("Revoked on 2026-05-04").
    pub status: lattice_domain::endorsement::Status,
    pub status_since: chrono::NaiveDate,
    pub status_key: &'static str,
    /// Why no certificate or credential is offered, when none is.
    pub withheld: Option<&'static str>,
    pub valid_through: chrono::NaiveDate,
    pub city: String,
    pub region: String,
    /// The slug of the association holding it, left out of the transfer form's choices.
    pub association_slug: String,
    /// Its transfer requests, one line each: where to, when, and how it stands.
    pub transfers: Vec<String>,
    /// LinkedIn's "Add to profile" form, pre-filled (`crate::achievement::linkedin_add_url`).
    pub linkedin: String,
    /// The achievement the credential names, with its badge.
    pub achievement: String,
}

impl EndorsementView {
    /// The status in words with the date it took effect, in a page's language.
    pub fn standing_in(&self, tr: &Tr) -> String {
        standing(*tr, self.status, self.status_since, self.valid_through)
    }
}

/// The status in words with the date it took effect, in the page's language: in English the
/// domain's own sentence (`Status::standing`; a test holds the two equal), dates as the
/// language writes them.
pub fn standing(
    tr: Tr,
    status: lattice_domain::endorsement::Status,
    since: chrono::NaiveDate,
    valid_through: chrono::NaiveDate,
) -> String {
    let date = match status {
        lattice_domain::endorsement::Status::Active => valid_through,
        _ => since,
    };
    tr.t2(
        "verify-standing",
        "status",
        status.key(),
        "date",
        tr.date(date),
    )
}

/// A transfer of an endorsement to the association whose staff page lists it.
#[derive(Debug, Clone)]
pub struct TransferView {
    pub id: i64,
    pub endorsee: String,
    pub mark: String,
    pub category: String,
    pub number: String,
    pub from: String,
    pub reason: String,
    pub requested: String,
    /// Still waiting for a decision.
    pub open: bool,
    pub status: &'static str,
}

#[derive(Debug, Clone)]
pub struct RegistryRow {
    pub mark: String,
    pub title: String,
    pub association: String,
    pub place: String,
    pub number: String,
}

#[derive(Template)]
#[template(path = "registry.html")]
pub struct RegistryPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub fixed_association: bool,
    pub name: String,
    pub city: String,
    pub region: String,
    pub category: String,
    pub association: String,
    pub associations: Vec<ChoiceView>,
    pub categories: Vec<ChoiceView>,
    pub searched: bool,
    pub total: i64,
    /// The count stopped at the cap: "more than 1000".
    pub more_than_cap: bool,
    pub rows: Vec<RegistryRow>,
    /// The query string of the next page of results, when there is one.
    pub next: Option<String>,
    /// A search that could not be run as typed: the box it concerns (`name`, `city`,
    /// `region`, `category`, `association`; empty for the address itself) and what to do.
    pub problem_field: String,
    pub problem: Option<String>,
}

/// `/verify`: a box to type a credential number, and what a number that finds nothing means.
#[derive(Template)]
#[template(path = "verify_lookup.html")]
pub struct VerifyLookupPage {
    pub layout: Layout,
    /// What was typed, kept in the box.
    pub typed: String,
    pub problem: Option<String>,
}

#[derive(Template)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    pub layout: Layout,
    pub number: String,
    pub mark: String,
    pub title: String,
    pub association: String,
    pub association_slug: String,
    pub endorsed_on: String,
    /// The number an imported endorsement carried before (it still leads here).
    pub former: Option<String>,
    pub status_key: &'static str,
    pub standing: String,
    pub good: bool,
    /// The languages its certificate can be downloaded in, for a viewer who may hold it.
    pub certificates: Vec<lattice_domain::language::Language>,
    /// A coordinator of its association may change the status here.
    pub can_manage: bool,
    pub statuses: Vec<ChoiceView>,
}

#[derive(Debug, Clone)]
pub struct RenewalItemView {
    /// The requirement's id (`training`, `rsc-training`, …): its name is `renewal-item-{id}`.
    pub id: &'static str,
    pub required: bool,
    pub status: &'static str,
    pub detail: String,
    /// Where the rule comes from (the renewal report's item, cited in the profile).
    pub source: Option<SourceView>,
}

/// One renewal term (deadline, grace period, late fee, lapse, reinstatement) and its source.
#[derive(Debug, Clone)]
pub struct TermView {
    pub text: String,
    pub source: Option<SourceView>,
}

/// One association's renewal on the renewal page.
#[derive(Debug, Clone)]
pub struct RenewalBlock {
    pub association: String,
    pub slug: String,
    pub year: i32,
    pub deadline: String,
    pub standing: String,
    pub compliant: bool,
    pub fee: Option<u32>,
    /// Set once this year's renewal is handed in.
    pub renewed: Option<String>,
    /// The latest renewal handed in, for confirmation once the page has moved to next year.
    pub last_renewal: Option<String>,
    pub problem: Option<String>,
    pub items: Vec<RenewalItemView>,
    /// (credential number, title, status and good-through date in words, lapsed)
    pub endorsements: Vec<(String, String, String, bool)>,
    /// What the deadline, grace period, late fee, lapse and reinstatement mean, in the
    /// association's figures, each with its source.
    pub terms: Vec<TermView>,
}

/// What reinstating a lapsed endorsement asks, shown before anything is created.
#[derive(Template)]
#[template(path = "reinstate.html")]
pub struct ReinstatePage {
    pub layout: Layout,
    pub number: String,
    pub title: String,
    pub association: String,
    pub endorsed_on: String,
    pub lapsed_on: String,
    /// (id, label, detail), in the page's language.
    pub needs: Vec<(&'static str, String, String)>,
    /// An application already open, which must be finished or withdrawn first.
    pub open_application: Option<i64>,
}

#[derive(Template)]
#[template(path = "renewal.html")]
pub struct RenewalPage {
    pub layout: Layout,
    pub blocks: Vec<RenewalBlock>,
}

/// A degree of the reviewed portfolio with its transcripts and where it stands.
#[derive(Debug, Clone)]
pub struct DegreeView {
    pub entry: i64,
    pub summary: String,
    pub transcripts: Vec<UploadView>,
    pub verified: bool,
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct RequestView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub kind: String,
    pub requested_on: String,
    /// Membership elsewhere: what the applicant claims, in words, and the proof's upload id.
    pub other: Option<(String, i64)>,
    /// The dues owed, in words ("$65, not paid yet"), and whether they can be marked paid.
    pub dues: Option<(String, bool)>,
}

#[derive(Debug, Clone)]
pub struct MemberView {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub email: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub active: bool,
    /// "Active", "Ended early: why", "Expired", "Starts …".
    pub status: String,
}

#[derive(Template)]
#[template(path = "members.html")]
pub struct MembersPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub count: i64,
    pub members: Vec<MemberView>,
    /// Open requests to join or renew.
    pub requests: Vec<RequestView>,
    pub kind_options: &'static [(&'static str, &'static str)],
    pub today: String,
    /// How many members the import just recorded.
    pub imported: Option<usize>,
    pub errors: Vec<String>,
    /// What a "check only" upload found: the file is ready, and what importing it would do.
    pub checked: Option<String>,
    pub columns: String,
    pub kinds: String,
    /// Each membership type with the dues charged for it (empty: not charged through Lattice).
    pub dues: Vec<(&'static str, &'static str, String)>,
}

/// The second step of signing in: a code from the authenticator app or a recovery code.
#[derive(Template)]
#[template(path = "sign_in_code.html")]
pub struct SignInCodePage {
    pub layout: Layout,
    pub next: String,
    pub error: Option<String>,
}

/// Turning on the second factor: the QR code, the secret to type instead, the first code.
#[derive(Template)]
#[template(path = "enrol.html")]
pub struct EnrolPage {
    pub layout: Layout,
    pub next: String,
    /// Staff must; applicants may.
    pub required: bool,
    /// An inline `<svg>` made by the `qrcode` crate from our own text.
    pub qr_svg: String,
    pub secret: String,
    pub error: Option<String>,
}

/// The second factor of a signed-in person who has one: how many recovery codes are left, and
/// making a new set (which needs a code from the app, so a borrowed session cannot do it).
#[derive(Template)]
#[template(path = "two_step.html")]
pub struct TwoStepPage {
    pub layout: Layout,
    pub codes_left: i64,
    pub error: Option<String>,
}

/// The recovery codes, shown once when enrolment is confirmed.
#[derive(Template)]
#[template(path = "recovery_codes.html")]
pub struct RecoveryCodesPage {
    pub layout: Layout,
    pub codes: Vec<String>,
    pub next: String,
}

/// The submitted portfolio, whole, as its judges read it (built by `crate::evidence`).
#[derive(Template)]
#[template(path = "evidence.html")]
pub struct EvidencePage {
    pub layout: Layout,
    pub id: i64,
    pub applicant: String,
    pub category: String,
    pub association: String,
    pub handed_in: String,
    pub edition: String,
    pub degrees: Vec<DegreeView>,
    pub evidence: Evidence,
}

/// One message of the thread as the page shows it.
#[derive(Debug, Clone)]
pub struct ThreadMessage {
    pub from: String,
    pub from_staff: bool,
    pub kind: String,
    pub at: String,
    pub body: String,
}

/// One person whose outcome a drafted edition changes, on the rules page (issue #21).
pub struct RuleChangeView {
    pub name: String,
    /// "Application 12 (IFS)" or "Endorsement IMHS-… (IMHS, active)".
    pub what: String,
    /// The application's page, for an applicant.
    pub link: Option<String>,
    /// "ready -> not ready", when readiness changes.
    pub ready: Option<String>,
    /// Each requirement that changes, before -> after in words.
    pub changes: Vec<String>,
    pub note: Option<String>,
}

/// The impact of a drafted edition on its effective date.
pub struct RulePreviewView {
    pub effective: String,
    pub before: String,
    pub after: String,
    pub checked: usize,
    pub people: Vec<RuleChangeView>,
    /// Portfolios that could not be read (named, so the count is honest).
    pub unreadable: Vec<String>,
}

/// An edition drafted or scheduled on the rules page.
pub struct RuleEditionView {
    pub effective: String,
    pub status: &'static str,
    pub by: String,
    pub at: String,
    /// The edition's id when it may be withdrawn (scheduled, latest, not yet in effect).
    pub withdraw: Option<i64>,
}

/// A typed field of the fee settings form, with what was typed and its error.
pub struct FeeFieldView {
    pub id: String,
    pub name: String,
    pub label: String,
    pub value: String,
    pub help: String,
    pub error: Option<String>,
}

/// The fee settings in force today and in each scheduled edition: one column per edition.
pub struct FeeTableView {
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

/// One agreement's text on its settings page: the version in force, the draft of the next,
/// and every version published.
pub struct AgreementTextView {
    pub key: &'static str,
    pub heading: &'static str,
    pub version: i32,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub published: String,
    pub next_version: i32,
    /// What the form holds: the current text, or a refused draft as typed.
    pub draft_title: String,
    pub draft_body: String,
    /// Why the draft was refused, naming the field.
    pub error: Option<String>,
    pub history: Vec<AgreementHistoryView>,
}

pub struct AgreementHistoryView {
    pub version: i32,
    pub title: String,
    pub published: String,
    pub by: String,
    pub link: String,
}

#[derive(Template)]
#[template(path = "agreement_settings.html")]
pub struct AgreementSettingsPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub notice: Option<String>,
    pub documents: Vec<AgreementTextView>,
}

/// One published version of an association's agreement text, public.
#[derive(Template)]
#[template(path = "agreement_text.html")]
pub struct AgreementTextPage {
    pub layout: Layout,
    pub slug: String,
    pub association: String,
    pub heading: &'static str,
    pub title: String,
    pub version: i32,
    pub latest: i32,
    pub published: String,
    pub paragraphs: Vec<String>,
    pub current_link: String,
}

/// One agreement on the applicant's page: its current text and their signature.
pub struct AgreementCard {
    pub key: &'static str,
    pub heading: String,
    /// The signing field's id (kept from before texts had versions).
    pub input_id: &'static str,
    pub title: String,
    pub version: i32,
    pub paragraphs: Vec<String>,
    /// The signing date, empty when unsigned.
    pub signed_on: String,
    pub signed_version: Option<i64>,
    /// "You signed version 1; version 2 is current", when it is so.
    pub outdated: Option<String>,
    /// The text of the version signed, when it is not the current one.
    pub signed_link: Option<String>,
}

pub struct MailPlaceholderView {
    pub name: String,
    pub meaning: &'static str,
    pub sample: &'static str,
    pub required: bool,
}

/// One heading of the mail templates page and the mails under it.
pub struct MailGroupView {
    pub heading: &'static str,
    /// The heading's anchor, e.g. `group-renewal`.
    pub id: String,
    pub mails: Vec<MailTemplateView>,
}

/// One mail on the mail templates page: its wording in the form, its placeholders, and the
/// preview or refusal of what was posted.
pub struct MailTemplateView {
    pub key: &'static str,
    pub heading: &'static str,
    /// "The built-in wording" or "Your wording, saved … by …".
    pub using: String,
    pub customised: bool,
    pub placeholders: Vec<MailPlaceholderView>,
    pub subject: String,
    pub body: String,
    pub error: Option<String>,
    pub preview_subject: Option<String>,
    pub preview_body: Option<String>,
}

#[derive(Template)]
#[template(path = "mail_settings.html")]
pub struct MailSettingsPage {
    pub layout: Layout,
    pub slug: String,
    pub name: String,
    pub notice: Option<String>,
    /// The mails under their headings (`documents::MAIL_GROUPS`), so a dozen and more stay
    /// findable.
    pub groups: Vec<MailGroupView>,
}

#[cfg(test)]
mod tests {
    use lattice_domain::phrase::{Described, Value};

    use super::*;
    use crate::i18n::I18n;

    /// "A rating from …" with the slot's words in English and, where given, Spanish.
    fn rating_from(spanish: Option<&str>) -> Line {
        let phrase = Phrase::new(
            "need-rating-from",
            vec![(
                "role",
                Value::Described(Described::new("the RS/C provider", spanish)),
            )],
            "a rating from the RS/C provider".into(),
        );
        Line::missing(&phrase.english.clone(), Some(&phrase))
    }

    #[test]
    fn a_line_is_said_in_spanish_only_when_the_profile_words_it_in_spanish() {
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        let worded = rating_from(Some("su proveedor/a de RS/C"));
        assert!(worded.translatable(&es));
        assert_eq!(worded.said(&es), "una evaluación de su proveedor/a de RS/C");
        // An association that restates the slot without Spanish: the whole line in English
        // (the page marks it lang="en"), never half and half.
        let unworded = rating_from(None);
        assert!(!unworded.translatable(&es));
        assert_eq!(unworded.said(&es), "a rating from the RS/C provider");
        let en = Tr::new(I18n::embedded(), Language::English);
        assert_eq!(worded.said(&en), "a rating from the RS/C provider");
    }

    /// The dashboard's English withheld notice is the domain's sentence, word for word, and
    /// every status that withholds has its message in every language.
    #[test]
    fn every_withheld_credential_is_explained_in_each_language() {
        use lattice_domain::endorsement::Status;
        let en = Tr::new(I18n::embedded(), Language::English);
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        let mut withheld = 0;
        for status in [
            Status::Active,
            Status::Emeritus,
            Status::Lapsed,
            Status::Inactive,
            Status::Revoked,
        ] {
            if let Some(why) = status.credential_withheld() {
                withheld += 1;
                assert_eq!(en.tk("dashboard-withheld", status.key()), why);
                let spanish = es.tk("dashboard-withheld", status.key());
                assert!(
                    spanish.starts_with("Esta credencial") || spanish.starts_with("La asociación"),
                    "{spanish}"
                );
            }
        }
        assert_eq!(withheld, 3);
    }
}
