//! An association's own words (issue #21 item 2): the agreement texts applicants sign by
//! version, and the mail templates it may word itself. Pure: the kinds, the built-in wording
//! (version 1 of every association's texts, so signatures made before texts were versioned
//! read the same), and placeholder templates checked and filled without running anything the
//! user wrote.

use crate::language::Language;

/// The two agreements every profile requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgreementKind {
    CodeOfEthics,
    EndorsementAgreement,
}

impl AgreementKind {
    pub const ALL: [AgreementKind; 2] = [
        AgreementKind::CodeOfEthics,
        AgreementKind::EndorsementAgreement,
    ];

    /// The key in the portfolio's `agreements` object and in the store.
    pub fn key(self) -> &'static str {
        match self {
            AgreementKind::CodeOfEthics => "code_of_ethics",
            AgreementKind::EndorsementAgreement => "endorsement_agreement",
        }
    }

    pub fn from_key(key: &str) -> Option<AgreementKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn title(self) -> &'static str {
        match self {
            AgreementKind::CodeOfEthics => "Code of Ethics",
            AgreementKind::EndorsementAgreement => "Endorsement Agreement",
        }
    }

    /// The wording Lattice had before texts were versioned: version 1 of every association's
    /// text, so what earlier applicants signed is still shown as what they signed.
    pub fn built_in_body(self) -> &'static str {
        match self {
            AgreementKind::CodeOfEthics => {
                "I have read the Code of Ethics for infant and early childhood mental health professionals and will practise by it."
            }
            AgreementKind::EndorsementAgreement => {
                "I agree to the terms of the Endorsement: to keep it current each year and to use the mark only while it is active."
            }
        }
    }
}

/// The version a portfolio's signature of `kind` records: `agreements.<kind>_version`, beside
/// the date `lattice-portfolio/1` readers look for; 1 for a signature made before texts had
/// versions, None when unsigned.
pub fn signed_version(agreements: &serde_json::Value, kind: AgreementKind) -> Option<i64> {
    agreements[kind.key()].as_str()?;
    Some(
        agreements[format!("{}_version", kind.key())]
            .as_i64()
            .unwrap_or(1),
    )
}

/// Whose text a signature of `kind` is (`agreements.<kind>_association`, a slug); None for the
/// built-in wording or a signature made before texts had versions.
pub fn signed_association(agreements: &serde_json::Value, kind: AgreementKind) -> Option<&str> {
    agreements[format!("{}_association", kind.key())].as_str()
}

/// The longest agreement text accepted, in characters.
pub const MAX_AGREEMENT_CHARS: usize = 20_000;
/// The longest mail subject and body accepted, in characters.
pub const MAX_SUBJECT_CHARS: usize = 200;
pub const MAX_MAIL_BODY_CHARS: usize = 5_000;

/// A text's paragraphs: split on blank lines, each trimmed, empty ones dropped. Rendered as
/// escaped `<p>`s, so a text is plain text and never markup.
pub fn paragraphs(body: &str) -> Vec<String> {
    body.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Why an agreement text cannot be published, naming the field.
pub fn check_agreement(title: &str, body: &str) -> Result<(), TemplateError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_SUBJECT_CHARS || title.contains('\n') {
        return Err(TemplateError::new(
            "title",
            format!("give a title on one line, up to {MAX_SUBJECT_CHARS} characters"),
        ));
    }
    if body.trim().is_empty() {
        return Err(TemplateError::new(
            "body",
            "give the text applicants sign".into(),
        ));
    }
    if body.chars().count() > MAX_AGREEMENT_CHARS {
        return Err(TemplateError::new(
            "body",
            format!("up to {MAX_AGREEMENT_CHARS} characters"),
        ));
    }
    if body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(TemplateError::new(
            "body",
            "remove the control characters".into(),
        ));
    }
    Ok(())
}

/// The mails an association may word itself: every mail sent to its applicants, raters and
/// endorsees about their dealings with it. Mails about a person's own Lattice account (the
/// address confirmed at sign-up, before any association; a password reset; a sign-up with a
/// taken address) are Lattice's and keep one fixed wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    /// The applicant's request to a rater, with the single-use link.
    RatingRequest,
    /// To a rater who has not answered after 7 and 14 days. No link: only its hash is stored,
    /// and the one sent still works.
    RaterReminder,
    /// The endorsee's reminder before the renewal deadline.
    RenewalReminder,
    /// To an endorsee whose endorsement lapsed unrenewed.
    LapseNotice,
    /// To an applicant an import brought in, with the link to choose a password.
    ImportInvitation,
    /// To the applicant when their portfolio is handed in, with the processing fee.
    PortfolioReceived,
    /// To the applicant when the reviewers ask for more work before a decision.
    MoreWorkRequired,
    /// To the applicant when the association endorses them (a reinstatement has its own
    /// fixed words: it revives a credential rather than granting one).
    Endorsed,
    /// To the applicant when the coordinator asks for another transcript of a degree.
    AnotherTranscript,
    /// To the endorsee whose renewal came in by the deadline.
    RenewalReceived,
    /// To the endorsee whose renewal came in after the deadline, with the late fee.
    LateRenewalReceived,
    /// To the endorsee once the coordinator records a late renewal's fee.
    RenewalComplete,
    /// To a lapsed endorsee who started reinstating, with what is needed.
    ReinstatementStarted,
    /// To the applicant when their exam sitting is scheduled.
    ExamScheduled,
    /// To the applicant when their exam sitting moves to another day.
    ExamMoved,
    /// To the applicant with their exam results letter.
    ExamResults,
}

/// The headings the settings page lists the mails under, in its order.
pub const MAIL_GROUPS: [&str; 4] = ["Application", "References", "Exam", "Renewal"];

/// One named value a template may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    pub meaning: &'static str,
    /// What the preview shows for it.
    pub sample: &'static str,
    /// The body must carry it (the mail is useless without it).
    pub required: bool,
}

const fn ph(
    name: &'static str,
    meaning: &'static str,
    sample: &'static str,
    required: bool,
) -> Placeholder {
    Placeholder {
        name,
        meaning,
        sample,
        required,
    }
}

/// Placeholders several mails share.
const ASSOCIATION: Placeholder = ph("association", "your association's name", "MassAIMH", false);
const APPLICANT: Placeholder = ph("name", "the applicant's name", "Ana Ruiz", false);
const ENDORSEE: Placeholder = ph("name", "the endorsee's name", "Rena Walsh", false);
const CATEGORY: Placeholder = ph("category", "the category applied for", "IFS", false);
const YEAR: Placeholder = ph("year", "the renewal year", "2026", false);
const APPLICATION_LINK: Placeholder = ph(
    "link",
    "the application's page",
    "https://lattice.example/applications/42",
    true,
);
const CREDENTIAL_NUMBER: Placeholder = ph(
    "credential_number",
    "the credential's number",
    "MASS-2024-0001-42",
    false,
);
const TITLE: Placeholder = ph(
    "title",
    "the endorsement's title",
    "Infant Family Specialist",
    false,
);

const RATING_PLACEHOLDERS: &[Placeholder] = &[
    ph("rater_name", "the rater's name", "Dana Lee", false),
    ph("applicant_name", "the applicant's name", "Ana Ruiz", false),
    ASSOCIATION,
    CATEGORY,
    ph(
        "role",
        "the rater's role, e.g. program supervisor",
        "program supervisor",
        false,
    ),
    ph("link_days", "how many days the link works", "30", false),
    ph(
        "link",
        "the rater's single-use link",
        "https://lattice.example/rate/SAMPLE",
        true,
    ),
];

const RENEWAL_PLACEHOLDERS: &[Placeholder] = &[
    ASSOCIATION,
    ph("year", "the renewal year", "2027", false),
    ph("deadline", "the renewal deadline", "2027-01-31", false),
    ph(
        "days_left",
        "days from the mail to the deadline",
        "30",
        false,
    ),
    ph(
        "after_the_deadline",
        "what happens after the deadline: the last day a late renewal is taken (with any late fee) and the day the endorsement lapses",
        "An endorsement not renewed by then lapses on 2027-02-01.",
        false,
    ),
    ph(
        "link",
        "the renewal page",
        "https://lattice.example/renewal",
        true,
    ),
];

const RATER_REMINDER_PLACEHOLDERS: &[Placeholder] = &[
    ph("rater_name", "the rater's name", "Dana Lee", false),
    ph(
        "applicant_name",
        "the applicant who asked",
        "Ana Ruiz",
        true,
    ),
    ASSOCIATION,
    ph(
        "sent_on",
        "the day the request was sent",
        "Friday 1 January 2027",
        false,
    ),
];

const LAPSE_PLACEHOLDERS: &[Placeholder] = &[
    ENDORSEE,
    ASSOCIATION,
    TITLE,
    CREDENTIAL_NUMBER,
    ph(
        "link",
        "the page to reinstate it",
        "https://lattice.example/renewal",
        true,
    ),
];

const INVITATION_PLACEHOLDERS: &[Placeholder] = &[
    APPLICANT,
    ASSOCIATION,
    CATEGORY,
    ph(
        "entries",
        "how many portfolio entries were imported",
        "12",
        false,
    ),
    ph(
        "email",
        "the address they sign in with",
        "ana@example.org",
        false,
    ),
    ph("link_days", "how many days the link works", "14", false),
    ph(
        "link",
        "the single-use link to choose a password",
        "https://lattice.example/reset-password?token=SAMPLE",
        true,
    ),
];

const RECEIVED_PLACEHOLDERS: &[Placeholder] = &[
    APPLICANT,
    ASSOCIATION,
    CATEGORY,
    ph("date", "the day the portfolio came in", "2027-01-15", false),
    ph(
        "fee",
        "the processing fee and how to pay it, as a paragraph of its own; nothing when the category has no fee",
        "\nThe processing fee is $100. Pay the association as it asks (check or card by phone); your coordinator marks the fee paid in Lattice.\n",
        false,
    ),
    APPLICATION_LINK,
];

/// The note staff add to a change, as the applicant reads it.
const NOTE_MEANING: &str =
    "the note staff added, under \"Note from\" your association's name; nothing when there is none";
const NOTE_SAMPLE: &str = "\nNote from MassAIMH:\nPlease add the RS/C hours of 2026.\n";

const MORE_WORK_PLACEHOLDERS: &[Placeholder] = &[
    APPLICANT,
    ASSOCIATION,
    CATEGORY,
    ph(
        "submit_from",
        "the first day they may submit again",
        "2027-03-01",
        true,
    ),
    ph("note", NOTE_MEANING, NOTE_SAMPLE, true),
    APPLICATION_LINK,
];

const ENDORSED_PLACEHOLDERS: &[Placeholder] = &[
    APPLICANT,
    ASSOCIATION,
    ph("category", "the category endorsed", "IFS", false),
    ph("note", NOTE_MEANING, NOTE_SAMPLE, false),
    APPLICATION_LINK,
];

const TRANSCRIPT_PLACEHOLDERS: &[Placeholder] = &[
    APPLICANT,
    ASSOCIATION,
    ph(
        "degree",
        "the degree whose transcript was checked",
        "MSW, Social Work, Boston University (2019-05-15)",
        false,
    ),
    ph(
        "note",
        "what the coordinator says is wrong with the transcript",
        "The scan is cut off on the right.",
        true,
    ),
    ph(
        "link",
        "the Education page of their portfolio",
        "https://lattice.example/portfolio/education",
        true,
    ),
];

const RENEWAL_RECEIVED_PLACEHOLDERS: &[Placeholder] = &[
    ENDORSEE,
    ASSOCIATION,
    YEAR,
    ph(
        "valid_through",
        "the last day of good standing the renewal gives",
        "2027-12-31",
        true,
    ),
];

const LATE_RENEWAL_PLACEHOLDERS: &[Placeholder] = &[
    ENDORSEE,
    ASSOCIATION,
    YEAR,
    ph(
        "deadline",
        "the renewal deadline it missed",
        "2026-12-31",
        false,
    ),
    ph("fee", "the late fee in dollars, without the $", "25", true),
    ph(
        "how_to_pay",
        "how the fee is paid",
        "Pay the association as it asks (check or card by phone); your coordinator marks the fee paid in Lattice.",
        false,
    ),
    ph(
        "valid_through",
        "the last day of good standing once the fee is recorded",
        "2027-12-31",
        false,
    ),
];

const REINSTATEMENT_PLACEHOLDERS: &[Placeholder] = &[
    ENDORSEE,
    ASSOCIATION,
    ph("category", "the endorsement's category", "IFS", false),
    TITLE,
    CREDENTIAL_NUMBER,
    ph("lapsed_on", "the day it lapsed", "2026-02-01", false),
    ph(
        "endorsed_on",
        "its original endorsement date, which it keeps",
        "2024-06-01",
        false,
    ),
    ph(
        "needs",
        "what is still needed, one line each",
        "- Training: 15 more hours since the lapse\n- References: one new rating",
        true,
    ),
    ph(
        "link",
        "their dashboard, where they send the application",
        "https://lattice.example/dashboard",
        true,
    ),
];

/// The date, time and details of a sitting, shared by its notice and the notice it moved.
const SITTING_DATE: Placeholder = ph("date", "the day of the sitting", "2027-04-12", true);
const SITTING_TIME: Placeholder = ph("time", "when it starts", "09:30", false);
const SITTING_DETAILS: Placeholder = ph(
    "details",
    "the place, online link, instructions and what to bring, each on its own lines where given",
    "Place: MassAIMH office, 10 Main St, Boston\n\nWhat to bring:\nA photo ID\n",
    false,
);

const SCHEDULED_PLACEHOLDERS: &[Placeholder] = &[
    APPLICANT,
    ASSOCIATION,
    CATEGORY,
    SITTING_DATE,
    SITTING_TIME,
    SITTING_DETAILS,
    EXAM_LINK,
];

const MOVED_PLACEHOLDERS: &[Placeholder] = &[
    APPLICANT,
    ASSOCIATION,
    CATEGORY,
    ph(
        "moved_from",
        "the day it was on before",
        "2027-04-05",
        false,
    ),
    SITTING_DATE,
    SITTING_TIME,
    SITTING_DETAILS,
    EXAM_LINK,
];

const EXAM_LINK: Placeholder = ph(
    "link",
    "the exam page, where accommodations are asked for",
    "https://lattice.example/applications/42/exam",
    true,
);

const RESULTS_PLACEHOLDERS: &[Placeholder] = &[
    APPLICANT,
    ASSOCIATION,
    CATEGORY,
    ph("sat_on", "the day of the sitting", "2027-04-12", false),
    ph(
        "letter",
        "the results letter: each part's score against what passes, and what comes next",
        "Dear Ana Ruiz,\n\nThese are your results of the Infant Mental Health Mentor exam sat on 2027-04-12. ...\n",
        true,
    ),
    ph(
        "link",
        "the exam page",
        "https://lattice.example/applications/42/exam",
        false,
    ),
];

impl MailKind {
    pub const ALL: [MailKind; 16] = [
        MailKind::ImportInvitation,
        MailKind::PortfolioReceived,
        MailKind::AnotherTranscript,
        MailKind::MoreWorkRequired,
        MailKind::Endorsed,
        MailKind::RatingRequest,
        MailKind::RaterReminder,
        MailKind::ExamScheduled,
        MailKind::ExamMoved,
        MailKind::ExamResults,
        MailKind::RenewalReminder,
        MailKind::RenewalReceived,
        MailKind::LateRenewalReceived,
        MailKind::RenewalComplete,
        MailKind::LapseNotice,
        MailKind::ReinstatementStarted,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MailKind::RatingRequest => "rating-request",
            MailKind::RaterReminder => "rater-reminder",
            MailKind::RenewalReminder => "renewal-reminder",
            MailKind::LapseNotice => "lapse-notice",
            MailKind::ImportInvitation => "import-invitation",
            MailKind::PortfolioReceived => "portfolio-received",
            MailKind::MoreWorkRequired => "more-work-required",
            MailKind::Endorsed => "endorsed",
            MailKind::AnotherTranscript => "another-transcript",
            MailKind::RenewalReceived => "renewal-received",
            MailKind::LateRenewalReceived => "late-renewal-received",
            MailKind::RenewalComplete => "renewal-complete",
            MailKind::ReinstatementStarted => "reinstatement-started",
            MailKind::ExamScheduled => "exam-scheduled",
            MailKind::ExamMoved => "exam-moved",
            MailKind::ExamResults => "exam-results",
        }
    }

    pub fn from_key(key: &str) -> Option<MailKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn title(self) -> &'static str {
        match self {
            MailKind::RatingRequest => "Rating request to a rater",
            MailKind::RaterReminder => "Reminder to a rater who has not answered",
            MailKind::RenewalReminder => "Renewal reminder",
            MailKind::LapseNotice => "Lapse notice",
            MailKind::ImportInvitation => "Invitation to an imported applicant",
            MailKind::PortfolioReceived => "Portfolio received",
            MailKind::MoreWorkRequired => "More work required",
            MailKind::Endorsed => "Endorsed",
            MailKind::AnotherTranscript => "Please send another transcript",
            MailKind::RenewalReceived => "Renewal received",
            MailKind::LateRenewalReceived => "Late renewal received, with its fee",
            MailKind::RenewalComplete => "Late renewal complete (fee recorded)",
            MailKind::ReinstatementStarted => "Reinstatement started",
            MailKind::ExamScheduled => "Exam sitting scheduled",
            MailKind::ExamMoved => "Exam sitting moved",
            MailKind::ExamResults => "Exam results",
        }
    }

    /// Which of `MAIL_GROUPS` the settings page lists it under.
    pub fn group(self) -> &'static str {
        match self {
            MailKind::ImportInvitation
            | MailKind::PortfolioReceived
            | MailKind::AnotherTranscript
            | MailKind::MoreWorkRequired
            | MailKind::Endorsed => "Application",
            MailKind::RatingRequest | MailKind::RaterReminder => "References",
            MailKind::ExamScheduled | MailKind::ExamMoved | MailKind::ExamResults => "Exam",
            MailKind::RenewalReminder
            | MailKind::RenewalReceived
            | MailKind::LateRenewalReceived
            | MailKind::RenewalComplete
            | MailKind::LapseNotice
            | MailKind::ReinstatementStarted => "Renewal",
        }
    }

    pub fn placeholders(self) -> &'static [Placeholder] {
        match self {
            MailKind::RatingRequest => RATING_PLACEHOLDERS,
            MailKind::RaterReminder => RATER_REMINDER_PLACEHOLDERS,
            MailKind::RenewalReminder => RENEWAL_PLACEHOLDERS,
            MailKind::LapseNotice => LAPSE_PLACEHOLDERS,
            MailKind::ImportInvitation => INVITATION_PLACEHOLDERS,
            MailKind::PortfolioReceived => RECEIVED_PLACEHOLDERS,
            MailKind::MoreWorkRequired => MORE_WORK_PLACEHOLDERS,
            MailKind::Endorsed => ENDORSED_PLACEHOLDERS,
            MailKind::AnotherTranscript => TRANSCRIPT_PLACEHOLDERS,
            MailKind::RenewalReceived | MailKind::RenewalComplete => RENEWAL_RECEIVED_PLACEHOLDERS,
            MailKind::LateRenewalReceived => LATE_RENEWAL_PLACEHOLDERS,
            MailKind::ReinstatementStarted => REINSTATEMENT_PLACEHOLDERS,
            MailKind::ExamScheduled => SCHEDULED_PLACEHOLDERS,
            MailKind::ExamMoved => MOVED_PLACEHOLDERS,
            MailKind::ExamResults => RESULTS_PLACEHOLDERS,
        }
    }

    /// The built-in subject and body in `language`: [`MailKind::wording_language`]'s, so a
    /// kind without wording in `language` is in English (see there which ones).
    pub fn default_wording(self, language: Language) -> (&'static str, &'static str) {
        match self.wording_language(language) {
            Language::English => (self.default_subject(), self.default_body()),
            Language::Spanish => spanish_wording(self).unwrap_or_else(|| {
                unreachable!("wording_language answers Spanish only for kinds worded in Spanish")
            }),
        }
    }

    /// The language a mail of this kind to someone reading `language` is written in: theirs
    /// when the kind has built-in wording in it, English otherwise. Callers fill the values
    /// (dates, the fee paragraph, the note's heading) in this language, so a mail never mixes
    /// two. Every kind has Spanish wording: the invitation to an imported applicant goes in
    /// the language the association gave for them (the applicant import's `language`).
    pub fn wording_language(self, language: Language) -> Language {
        match language {
            Language::Spanish if spanish_wording(self).is_some() => Language::Spanish,
            _ => Language::English,
        }
    }

    /// The built-in wording, the one sent when the association has no template of its own.
    pub fn default_subject(self) -> &'static str {
        match self {
            MailKind::RatingRequest => {
                "{applicant_name} asks you for an Endorsement reference rating ({association})"
            }
            MailKind::RaterReminder => "Reminder: a reference rating for {applicant_name}",
            MailKind::RenewalReminder => "Your {year} renewal is due by {deadline}",
            MailKind::LapseNotice => "Your endorsement has lapsed",
            MailKind::ImportInvitation => "{association} invites you to finish your application",
            MailKind::PortfolioReceived => "We received your {category} portfolio",
            MailKind::MoreWorkRequired => {
                "Your {category} application: More work required (resubmit from {submit_from})"
            }
            MailKind::Endorsed => "Your {category} application: Endorsed",
            MailKind::AnotherTranscript => "Please send another transcript",
            MailKind::RenewalReceived | MailKind::LateRenewalReceived => "Your {year} renewal",
            MailKind::RenewalComplete => "Your {year} renewal is complete",
            MailKind::ReinstatementStarted => "Reinstating your {category} endorsement",
            MailKind::ExamScheduled => "Your {category} exam is scheduled for {date}",
            MailKind::ExamMoved => "Your {category} exam has moved to {date}",
            MailKind::ExamResults => "Your {category} exam results",
        }
    }

    pub fn default_body(self) -> &'static str {
        match self {
            MailKind::RatingRequest => {
                "Hello {rater_name},\n\n{applicant_name} is applying to {association} for the Endorsement for Culturally Sensitive, Relationship-Focused Practice Promoting Infant & Early Childhood Mental Health ({category}) and named you as a reference, as their {role}.\n\nPlease rate them here (no account needed; the link works once, for {link_days} days):\n\n{link}\n\nIf you cannot rate them, simply ignore this message.\n"
            }
            MailKind::RaterReminder => {
                "Hello {rater_name},\n\nOn {sent_on}, {applicant_name} asked you for a reference rating for their Endorsement application. It has not come in yet, so this is a friendly reminder in case the message got buried.\n\nThe link to the rating form is in the email we sent you that day (or in a later one, if {applicant_name} sent it again); please look for it there. For your security we do not repeat the link in this message. No account is needed to give the rating.\n\nIf you cannot find the email, or the link no longer works, please let {applicant_name} know and they can send you a new one. If you are not able to give a rating, telling {applicant_name} helps them ask someone else.\n\nThank you.\n"
            }
            MailKind::RenewalReminder => {
                "Hello,\n\nYour {association} endorsement is renewed each year. The {year} renewal is due by {deadline} ({days_left} days from now). {after_the_deadline}\n\nSee what is still needed and hand it in here: {link}\n"
            }
            MailKind::LapseNotice => {
                "Hello {name},\n\nYour {title} endorsement ({credential_number}) was not renewed and has lapsed; it no longer appears in the public registry. Its verification page says since when.\n\nYou can reinstate it: {link}\n"
            }
            MailKind::ImportInvitation => {
                "Hello {name},\n\n{association} has moved its applications to Lattice and brought in your application for the {category} endorsement, with the portfolio it had on file for you ({entries} entries, marked as imported by the association).\n\nChoose your password within {link_days} days with this link:\n\n{link}\n\nThen sign in with {email} to see your portfolio and what is still needed. Ratings are not carried over: ask your raters from the References page, and sign the agreements on their page.\nIf the link has expired, use \"Forgot password\" on the sign-in page.\n"
            }
            MailKind::PortfolioReceived => {
                "Hello {name},\n\n{association} received your portfolio for {category} on {date}. A copy of it as submitted is kept for the reviewers.\n{fee}\nYou can follow the review here: {link}\n"
            }
            MailKind::MoreWorkRequired => {
                "Hello {name},\n\nThe reviewers ask for more work before a decision.\n\nWhat is next: add it to your portfolio (see the note below); you can submit again from {submit_from}.\n{note}\nSee your application: {link}\n"
            }
            MailKind::Endorsed => {
                "Hello {name},\n\n{association} endorsed you in {category}.\n\nWhat is next: your certificate and credential are on your dashboard, and you are listed in the public registry. Renew each year to keep your endorsement.\n{note}\nSee your application: {link}\n"
            }
            MailKind::AnotherTranscript => {
                "Hello {name},\n\nYour coordinator checked the transcript of {degree} and asks for another:\n\n{note}\n\nUpload it on the Education page of your portfolio: {link}\n"
            }
            MailKind::RenewalReceived => {
                "Hello {name},\n\nThank you: your renewal for {year} is in, and your endorsement stays in good standing through {valid_through}.\n"
            }
            MailKind::LateRenewalReceived => {
                "Hello {name},\n\nYour renewal for {year} is in. It came after the {deadline} deadline, so a ${fee} late fee applies; {how_to_pay} Your endorsement is extended through {valid_through} once it is recorded.\n"
            }
            MailKind::RenewalComplete => {
                "Hello {name},\n\nWe recorded your late fee. Your endorsement is in good standing through {valid_through}.\n"
            }
            MailKind::ReinstatementStarted => {
                "Hello {name},\n\nYou started the reinstatement of your {title} endorsement ({credential_number}), which lapsed on {lapsed_on}. It is reviewed like an application; once reinstated, it keeps its number and its original endorsement date ({endorsed_on}).\n\nWhat is needed:\n{needs}\n\nNext: add your new experience to your portfolio, ask your raters for new ratings, and send the application to {association} from your dashboard: {link}\n"
            }
            MailKind::ExamScheduled => {
                "Dear {name},\n\nYour {category} exam is scheduled for {date} at {time}.\n{details}\nYour exam page, where you can also ask for accommodations: {link}\n"
            }
            MailKind::ExamMoved => {
                "Dear {name},\n\nYour {category} exam has moved: it was on {moved_from}; it is now on {date} at {time}.\n{details}\nYour exam page, where you can also ask for accommodations: {link}\n"
            }
            MailKind::ExamResults => "{letter}",
        }
    }

    /// The sample values the preview fills in.
    pub fn samples(self) -> Vec<(&'static str, String)> {
        self.placeholders()
            .iter()
            .map(|p| (p.name, p.sample.to_string()))
            .collect()
    }
}

/// The subject and body of a mail of `kind`: the association's `template` (subject, body) when
/// it saved one, the built-in wording otherwise, filled with `values`. The one place both the
/// requests and the background passes word a mail.
pub fn compose(
    kind: MailKind,
    template: Option<(&str, &str)>,
    values: &[(&str, String)],
) -> (String, String) {
    compose_in(kind, template, Language::English, values)
}

/// As [`compose`], with the built-in wording in `language` when the association saved none.
/// An association's own template has one wording, in whatever language it wrote it, and is
/// sent as saved whatever the language (template storage has no language; issue #23).
pub fn compose_in(
    kind: MailKind,
    template: Option<(&str, &str)>,
    language: Language,
    values: &[(&str, String)],
) -> (String, String) {
    let (subject, body) = template.unwrap_or_else(|| kind.default_wording(language));
    (fill(subject, values), fill(body, values))
}

/// The built-in Spanish subject and body of `kind`, for the kinds that have them
/// (docs/GLOSSARY-es.md: usted; "credencial Endorsement®"; a lapsed endorsement "venció").
fn spanish_wording(kind: MailKind) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        MailKind::RatingRequest => (RATING_REQUEST_SUBJECT_ES, RATING_REQUEST_BODY_ES),
        MailKind::RaterReminder => (RATER_REMINDER_SUBJECT_ES, RATER_REMINDER_BODY_ES),
        MailKind::PortfolioReceived => (
            "Recibimos su portafolio de {category}",
            "Hola, {name}:\n\n{association} recibió su portafolio de {category} el {date}. Se guarda una copia tal como lo envió para los/las revisores/as.\n{fee}\nPuede seguir la revisión aquí: {link}\n",
        ),
        MailKind::MoreWorkRequired => (
            "Su solicitud de {category}: se requiere más trabajo (puede volver a enviarla desde el {submit_from})",
            "Hola, {name}:\n\nLos/las revisores/as piden más trabajo antes de tomar una decisión.\n\nSiguiente paso: agréguelo a su portafolio (vea la nota abajo); puede volver a enviarlo desde el {submit_from}.\n{note}\nVea su solicitud: {link}\n",
        ),
        MailKind::Endorsed => (
            "Su solicitud de {category}: Endorsement® otorgado",
            "Hola, {name}:\n\n{association} le otorgó el Endorsement® en {category}.\n\nSiguiente paso: su certificado y su credencial están en Mi panel, y usted aparece en el registro público. Renueve cada año para mantener su credencial Endorsement®.\n{note}\nVea su solicitud: {link}\n",
        ),
        MailKind::AnotherTranscript => (
            "Por favor, envíe otro certificado de estudios",
            "Hola, {name}:\n\nSu coordinador/a revisó el certificado de estudios de {degree} y le pide otro:\n\n{note}\n\nSúbalo en la página Formación académica de su portafolio: {link}\n",
        ),
        MailKind::RenewalReminder => (
            "Su renovación de {year} vence el {deadline}",
            "Hola:\n\nSu credencial Endorsement® de {association} se renueva cada año. La renovación de {year} vence el {deadline} (dentro de {days_left} días). {after_the_deadline}\n\nVea lo que aún falta y entréguelo aquí: {link}\n",
        ),
        MailKind::RenewalReceived => (
            "Su renovación de {year}",
            "Hola, {name}:\n\nGracias: recibimos su renovación de {year}, y su credencial Endorsement® sigue vigente hasta el {valid_through}.\n",
        ),
        MailKind::LateRenewalReceived => (
            "Su renovación de {year}",
            "Hola, {name}:\n\nRecibimos su renovación de {year}. Llegó después de la fecha límite, el {deadline}, por lo que corresponde una cuota por atraso de {fee} US$; {how_to_pay} Su credencial Endorsement® se extiende hasta el {valid_through} una vez que se registre el pago.\n",
        ),
        MailKind::RenewalComplete => (
            "Su renovación de {year} está completa",
            "Hola, {name}:\n\nRegistramos su cuota por atraso. Su credencial Endorsement® está vigente hasta el {valid_through}.\n",
        ),
        MailKind::LapseNotice => (
            "Su credencial Endorsement® venció",
            "Hola, {name}:\n\nSu credencial Endorsement® {title} ({credential_number}) no se renovó y venció; ya no aparece en el registro público. Su página de verificación indica desde cuándo.\n\nPuede restablecerla aquí: {link}\n",
        ),
        MailKind::ExamScheduled => (
            "Su examen de {category} es el {date}",
            "Estimado/a {name}:\n\nSu examen de {category} está programado para el {date} a las {time}.\n{details}\nLa página de su examen, donde también puede pedir adaptaciones: {link}\n",
        ),
        MailKind::ExamMoved => (
            "Su examen de {category} cambió al {date}",
            "Estimado/a {name}:\n\nSu examen de {category} cambió de fecha: era el {moved_from}; ahora es el {date} a las {time}.\n{details}\nLa página de su examen, donde también puede pedir adaptaciones: {link}\n",
        ),
        // The letter is said paragraph by paragraph in the mail's language
        // (`exam::feedback_letter_said`).
        MailKind::ExamResults => ("Resultados de su examen de {category}", "{letter}"),
        // Its list of needs is said in the mail's language (`reinstatement::Need`'s phrases).
        MailKind::ReinstatementStarted => (
            "Restablecimiento de su credencial Endorsement® de {category}",
            "Hola, {name}:\n\nInició el restablecimiento de su credencial Endorsement® {title} ({credential_number}), que venció el {lapsed_on}. Se revisa como una solicitud; una vez restablecida, conserva su número y su fecha original de otorgamiento ({endorsed_on}).\n\nQué se necesita:\n{needs}\n\nSiguiente paso: agregue su experiencia nueva a su portafolio, pida a sus referentes evaluaciones de referencia nuevas y envíe la solicitud a {association} desde Mi panel: {link}\n",
        ),
        MailKind::ImportInvitation => (
            "{association} le invita a completar su solicitud",
            "Hola, {name}:\n\n{association} trasladó sus solicitudes a Lattice e incorporó su solicitud de {category}, con el portafolio que tenía de usted ({entries} registros, marcados como importados por la asociación).\n\nElija su contraseña dentro de los próximos {link_days} días con este enlace:\n\n{link}\n\nLuego inicie sesión con {email} para ver su portafolio y lo que aún falta. Las evaluaciones de referencia no se trasladan: pídaselas a sus referentes desde la página Referencias, y firme los acuerdos en su página.\nSi el enlace venció, use «¿Olvidó su contraseña?» en la página de inicio de sesión.\n",
        ),
    })
}

/// The note staff add to a change, as its own paragraph under the association's name; nothing
/// for an empty note.
pub fn note_paragraph(language: Language, association: &str, note: &str) -> String {
    let note = note.trim();
    if note.is_empty() {
        return String::new();
    }
    match language {
        Language::English => format!("\nNote from {association}:\n{note}\n"),
        Language::Spanish => format!("\nNota de {association}:\n{note}\n"),
    }
}

/// The processing fee and how to pay it, as the paragraph the receipt of a portfolio carries.
pub fn processing_fee_paragraph(language: Language, usd: u32, how_to_pay: &str) -> String {
    match language {
        Language::English => format!("\nThe processing fee is ${usd}. {how_to_pay}\n"),
        Language::Spanish => {
            format!("\nLa cuota de tramitación es de {usd} US$. {how_to_pay}\n")
        }
    }
}

/// The mails about a person's own Lattice account: Lattice's fixed wording, in the language
/// of the page that caused them (or the account's).
#[derive(Debug)]
pub enum AccountMail<'a> {
    /// The link that confirms a new account's address, working for `hours`.
    ConfirmEmail {
        name: &'a str,
        link: &'a str,
        hours: i64,
    },
    /// The link to choose a new password, working for an hour.
    ResetPassword { name: &'a str, link: &'a str },
    /// Someone signed up with an address that has an account: where to sign in or reset.
    AddressTaken { sign_in: &'a str, forgot: &'a str },
}

/// The subject and body of an account mail in `language`.
pub fn account_mail(language: Language, mail: &AccountMail<'_>) -> (String, String) {
    match (language, mail) {
        (Language::English, AccountMail::ConfirmEmail { name, link, hours }) => (
            "Confirm your email for Lattice".to_string(),
            format!(
                "Hello {name},\n\nPlease confirm that this is your email address by opening this link \
                 within {hours} hours:\n\n{link}\n\nThen sign in with the password you chose.\n\
                 If you did not create a Lattice account, ignore this message.\n"
            ),
        ),
        (Language::Spanish, AccountMail::ConfirmEmail { name, link, hours }) => (
            "Confirme su correo electrónico para Lattice".to_string(),
            format!(
                "Hola, {name}:\n\nConfirme que esta es su dirección de correo electrónico abriendo este enlace \
                 dentro de las próximas {hours} horas:\n\n{link}\n\nLuego inicie sesión con la contraseña que eligió.\n\
                 Si usted no creó una cuenta en Lattice, ignore este mensaje.\n"
            ),
        ),
        (Language::English, AccountMail::ResetPassword { name, link }) => (
            "Reset your Lattice password".to_string(),
            format!(
                "Hello {name},\n\nSomeone (we hope you) asked to reset the password of your Lattice account.\n\
                 Open this link within one hour to choose a new one:\n\n{link}\n\n\
                 If it was not you, ignore this message; your password stays as it is.\n"
            ),
        ),
        (Language::Spanish, AccountMail::ResetPassword { name, link }) => (
            "Restablezca su contraseña de Lattice".to_string(),
            format!(
                "Hola, {name}:\n\nAlguien (esperamos que usted) pidió restablecer la contraseña de su cuenta de Lattice.\n\
                 Abra este enlace dentro de la próxima hora para elegir una nueva:\n\n{link}\n\n\
                 Si no fue usted, ignore este mensaje; su contraseña no cambia.\n"
            ),
        ),
        (Language::English, AccountMail::AddressTaken { sign_in, forgot }) => (
            "Someone tried to create a Lattice account with your email".to_string(),
            format!(
                "Hello,\n\nSomeone (we hope you) tried to create a Lattice account with this \
                 email address, which already has one. Nothing was changed.\n\n\
                 To sign in: {sign_in}\nIf you forgot your password: {forgot}\n\n\
                 If it was not you, ignore this message.\n"
            ),
        ),
        (Language::Spanish, AccountMail::AddressTaken { sign_in, forgot }) => (
            "Alguien intentó crear una cuenta de Lattice con su correo electrónico".to_string(),
            format!(
                "Hola:\n\nAlguien (esperamos que usted) intentó crear una cuenta de Lattice con esta \
                 dirección de correo electrónico, que ya tiene una. No se cambió nada.\n\n\
                 Para iniciar sesión: {sign_in}\nSi olvidó su contraseña: {forgot}\n\n\
                 Si no fue usted, ignore este mensaje.\n"
            ),
        ),
    }
}

/// What the receipt of a registration says.
#[derive(Debug)]
pub struct Registration<'a> {
    pub name: &'a str,
    /// The category's abbreviation and title.
    pub category: &'a str,
    pub title: &'a str,
    pub association: &'a str,
    /// The registration fee in dollars and how to pay it, when the category has one.
    pub fee: Option<(u32, &'a str)>,
    pub portfolio_link: &'a str,
}

/// The applicant's receipt of a registration, in `language`: Lattice's fixed wording (it is
/// not among the kinds an association words itself).
pub fn registration_receipt(language: Language, r: &Registration<'_>) -> (String, String) {
    let Registration {
        name,
        category,
        title,
        association,
        fee,
        portfolio_link,
    } = r;
    match language {
        Language::English => (
            format!("Registered for {category} with {association}"),
            format!(
                "Hello {name},\n\nYou registered for {category} ({title}) with {association}. Your coordinator will confirm your membership and the registration fee{}\nMeanwhile, keep building your portfolio: {portfolio_link}\n",
                // The payment instructions end their own sentence: no second full stop.
                fee.map(|(usd, how)| format!(" (${usd}). {how}"))
                    .unwrap_or_else(|| ".".to_string()),
            ),
        ),
        Language::Spanish => (
            format!("Inscripción en {category} con {association}"),
            format!(
                "Hola, {name}:\n\nSe inscribió en {category} ({title}) con {association}. Su coordinador/a confirmará su membresía y la cuota de inscripción{}\nMientras tanto, siga armando su portafolio: {portfolio_link}\n",
                fee.map(|(usd, how)| format!(" ({usd} US$). {how}"))
                    .unwrap_or_else(|| ".".to_string()),
            ),
        ),
    }
}

/// The rating request's built-in wording in Spanish (docs/GLOSSARY-es.md: usted, "referente",
/// "evaluación de referencia"), for a rater the applicant asked in Spanish.
const RATING_REQUEST_SUBJECT_ES: &str =
    "{applicant_name} le pide una evaluación de referencia para Endorsement® ({association})";
const RATING_REQUEST_BODY_ES: &str = "Hola, {rater_name}:\n\n{applicant_name} solicita a {association} el Endorsement® para la práctica culturalmente sensible y centrada en las relaciones que promueve la salud mental infantil y de la primera infancia ({category}) y le nombró como referente, en su papel de {role}.\n\nPor favor, haga su evaluación aquí (no necesita una cuenta; el enlace funciona una sola vez, durante {link_days} días):\n\n{link}\n\nSi no puede hacer la evaluación, simplemente ignore este mensaje.\n";

/// The reminder to a rater who has not answered, in Spanish. Like the English one it does not
/// repeat the link, whose token only the first mail carries.
const RATER_REMINDER_SUBJECT_ES: &str =
    "Recordatorio: una evaluación de referencia para {applicant_name}";
const RATER_REMINDER_BODY_ES: &str = "Hola, {rater_name}:\n\nEl {sent_on}, {applicant_name} le pidió una evaluación de referencia para su solicitud de Endorsement®. Todavía no la hemos recibido, así que le enviamos este recordatorio por si el mensaje quedó entre otros correos.\n\nEl enlace al formulario de evaluación está en el correo que le enviamos ese día (o en uno posterior, si {applicant_name} se lo volvió a enviar); búsquelo allí, por favor. Por su seguridad, no repetimos el enlace en este mensaje. No necesita una cuenta para hacer la evaluación.\n\nSi no encuentra el correo, o el enlace ya no funciona, avísele a {applicant_name} para que le envíe uno nuevo. Si no puede hacer la evaluación, decírselo a {applicant_name} le ayudará a pedírsela a otra persona.\n\nGracias.\n";

/// A refusal naming the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub field: &'static str,
    pub message: String,
}

impl TemplateError {
    fn new(field: &'static str, message: String) -> TemplateError {
        TemplateError { field, message }
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A piece of a template: literal text or a `{name}`.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

/// Splits a template into text and `{name}`s, where a name is lowercase letters, digits and
/// underscores. Any other brace is text, so "{" alone or "{ x }" needs no escaping.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with('}') {
            if open > 0 {
                out.push(Piece::Text(&rest[..open]));
            }
            out.push(Piece::Name(&after[..name_len]));
            rest = &after[name_len + 1..];
        } else {
            out.push(Piece::Text(&rest[..=open]));
            rest = after;
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Checks a template for `kind`: lengths, the subject on one line, only its placeholders,
/// and every required one in the body. Each refusal names the field.
pub fn check_mail(kind: MailKind, subject: &str, body: &str) -> Result<(), TemplateError> {
    let known = kind.placeholders();
    let names = || {
        known
            .iter()
            .map(|p| format!("{{{}}}", p.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if subject.trim().is_empty() {
        return Err(TemplateError::new("subject", "give a subject".into()));
    }
    if subject.contains(['\n', '\r']) || subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(TemplateError::new(
            "subject",
            format!("one line, up to {MAX_SUBJECT_CHARS} characters"),
        ));
    }
    if body.trim().is_empty() {
        return Err(TemplateError::new("body", "give the mail's text".into()));
    }
    if body.chars().count() > MAX_MAIL_BODY_CHARS {
        return Err(TemplateError::new(
            "body",
            format!("up to {MAX_MAIL_BODY_CHARS} characters"),
        ));
    }
    for (field, text) in [("subject", subject), ("body", body)] {
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(TemplateError::new(
                field,
                "remove the control characters".into(),
            ));
        }
        for piece in pieces(text) {
            if let Piece::Name(name) = piece
                && !known.iter().any(|p| p.name == name)
            {
                return Err(TemplateError::new(
                    field,
                    format!(
                        "{{{name}}} is not a placeholder of this mail; use {}",
                        names()
                    ),
                ));
            }
        }
    }
    let in_body: Vec<&str> = pieces(body)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Name(n) => Some(n),
            Piece::Text(_) => None,
        })
        .collect();
    if let Some(missing) = known
        .iter()
        .find(|p| p.required && !in_body.contains(&p.name))
    {
        return Err(TemplateError::new(
            "body",
            format!("must contain {{{}}} ({})", missing.name, missing.meaning),
        ));
    }
    Ok(())
}

/// Fills a template's `{name}`s from `values` in one pass: a value is never read as a template,
/// so a name typed by an applicant cannot bring in another placeholder. A name without a value
/// is left as written.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Name(name) => match values.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_names_once_and_leaves_other_braces() {
        let values = [
            ("link", "{applicant_name}".to_string()),
            ("applicant_name", "Ana".to_string()),
        ];
        assert_eq!(
            fill("Hi {applicant_name}, { x } {link} {", &values),
            "Hi Ana, { x } {applicant_name} {"
        );
        assert_eq!(fill("{unknown}", &values), "{unknown}");
    }

    #[test]
    fn defaults_pass_their_own_check() {
        for kind in MailKind::ALL {
            assert_eq!(
                check_mail(kind, kind.default_subject(), kind.default_body()),
                Ok(())
            );
        }
    }

    #[test]
    fn compose_uses_the_associations_template_else_the_built_in_wording() {
        let values = [("link", "L".to_string()), ("name", "Rena".to_string())];
        assert_eq!(
            compose(
                MailKind::LapseNotice,
                Some(("Hi {name}", "Reinstate: {link}")),
                &values
            ),
            ("Hi Rena".to_string(), "Reinstate: L".to_string())
        );
        let (subject, body) = compose(MailKind::LapseNotice, None, &values);
        assert_eq!(subject, "Your endorsement has lapsed");
        assert!(body.starts_with("Hello Rena,\n\n"), "{body}");
        assert!(body.ends_with("You can reinstate it: L\n"), "{body}");
    }

    #[test]
    fn every_kind_is_found_by_its_key_and_needs_what_makes_it_useful() {
        for kind in MailKind::ALL {
            assert_eq!(MailKind::from_key(kind.key()), Some(kind));
            assert!(kind.placeholders().iter().any(|p| p.required), "{kind:?}");
        }
        // A rater reminder repeats no link (only its hash is kept) but must say for whom.
        assert_eq!(
            check_mail(MailKind::RaterReminder, "Reminder", "Please rate {link}")
                .expect_err("no link placeholder")
                .message,
            "{link} is not a placeholder of this mail; use {rater_name}, {applicant_name}, {association}, {sent_on}"
        );
        assert_eq!(
            check_mail(
                MailKind::RaterReminder,
                "Reminder",
                "Please rate, {rater_name}"
            )
            .expect_err("applicant missing")
            .message,
            "must contain {applicant_name} (the applicant who asked)"
        );
        // The invitation is useless without its link.
        assert_eq!(
            check_mail(MailKind::ImportInvitation, "Welcome", "Hello {name}")
                .expect_err("link missing")
                .field,
            "body"
        );
    }

    /// Every kind's built-in wording, filled with its samples, carries every required value and
    /// leaves no placeholder unfilled; with any required placeholder taken out of the body the
    /// check refuses it, naming that placeholder.
    #[test]
    fn every_default_composes_and_needs_each_required_placeholder() {
        for kind in MailKind::ALL {
            assert!(MAIL_GROUPS.contains(&kind.group()), "{kind:?}");
            let (subject, body) = compose(kind, None, &kind.samples());
            for p in kind.placeholders() {
                let written = format!("{{{}}}", p.name);
                assert!(!subject.contains(&written), "{kind:?}: {subject}");
                assert!(!body.contains(&written), "{kind:?}: {body}");
                if p.required {
                    assert!(
                        kind.default_body().contains(&written),
                        "{kind:?}: {written}"
                    );
                    assert!(body.contains(p.sample), "{kind:?}: {}", p.name);
                    // Other words stay, so the refusal is about the placeholder, not an empty text.
                    let without =
                        format!("{}\nThank you.", kind.default_body().replace(&written, ""));
                    let refused = check_mail(kind, kind.default_subject(), &without)
                        .expect_err("a required placeholder removed");
                    assert_eq!(refused.field, "body", "{kind:?}");
                    assert_eq!(
                        refused.message,
                        format!("must contain {written} ({})", p.meaning),
                        "{kind:?}"
                    );
                }
            }
        }
        // Sixteen mails, each listed once under its heading.
        assert_eq!(MailKind::ALL.len(), 16);
        let keys: std::collections::HashSet<_> = MailKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(keys.len(), MailKind::ALL.len());
    }

    /// The Spanish rating request is a valid template of its kind (every required placeholder,
    /// no unknown one), fills completely, and is what a Spanish request without the
    /// association's own wording gets; English, other kinds and saved wording are unchanged.
    /// The rater's reminder comes in the language of the request it follows; like the
    /// English one, it never carries the link.
    #[test]
    fn the_rater_reminder_has_spanish_wording() {
        let kind = MailKind::RaterReminder;
        let (subject, body) = kind.default_wording(Language::Spanish);
        assert_eq!(check_mail(kind, subject, body), Ok(()));
        let (subject, body) = compose_in(kind, None, Language::Spanish, &kind.samples());
        assert_eq!(
            subject,
            "Recordatorio: una evaluación de referencia para Ana Ruiz"
        );
        assert!(body.starts_with("Hola, Dana Lee:\n\nEl "), "{body}");
        assert!(!body.contains('{') && !body.contains("http"), "{body}");
        assert_ne!(
            (subject.as_str(), body.as_str()),
            kind.default_wording(Language::English)
        );
    }

    #[test]
    fn the_rating_request_has_spanish_wording_and_saved_wording_wins() {
        let kind = MailKind::RatingRequest;
        let (subject, body) = kind.default_wording(Language::Spanish);
        assert_eq!(check_mail(kind, subject, body), Ok(()));
        let (subject, body) = compose_in(kind, None, Language::Spanish, &kind.samples());
        assert_eq!(
            subject,
            "Ana Ruiz le pide una evaluación de referencia para Endorsement® (MassAIMH)"
        );
        assert!(
            body.starts_with("Hola, Dana Lee:\n\nAna Ruiz solicita a MassAIMH"),
            "{body}"
        );
        assert!(!body.contains('{'), "{body}");
        assert_eq!(
            compose_in(kind, None, Language::English, &kind.samples()),
            compose(kind, None, &kind.samples())
        );
        let saved = compose_in(
            kind,
            Some(("Rate {applicant_name}", "Here: {link}")),
            Language::Spanish,
            &kind.samples(),
        );
        assert_eq!(saved.0, "Rate Ana Ruiz");
    }

    /// The placeholders a template names, once each.
    fn named(template: &str) -> std::collections::BTreeSet<&str> {
        pieces(template)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Name(n) => Some(n),
                Piece::Text(_) => None,
            })
            .collect()
    }

    /// Every kind worded in Spanish is a valid template of its kind, names exactly the
    /// placeholders its English wording names (so no value a mail carries is dropped in one
    /// language), and fills completely.
    #[test]
    fn the_spanish_wordings_carry_what_the_english_ones_do() {
        for kind in MailKind::ALL {
            let (subject, body) = kind.default_wording(Language::Spanish);
            assert_eq!(kind.wording_language(Language::Spanish), Language::Spanish);
            assert_eq!(check_mail(kind, subject, body), Ok(()), "{kind:?}");
            let english = kind.default_wording(Language::English);
            assert_eq!(named(subject), named(english.0), "{kind:?} subject");
            assert_eq!(named(body), named(english.1), "{kind:?} body");
            let (_, filled) = compose_in(kind, None, Language::Spanish, &kind.samples());
            assert!(!filled.contains('{'), "{kind:?}: {filled}");
            if kind == MailKind::ExamResults {
                // The whole body is the letter, greeting included, which the caller says in
                // the mail's language (`exam::feedback_letter_said`).
                assert_eq!(body, "{letter}");
                continue;
            }
            assert!(
                filled.starts_with("Hola") || filled.starts_with("Estimado/a"),
                "{kind:?}: {filled}"
            );
        }
        assert_eq!(
            MailKind::PortfolioReceived
                .default_wording(Language::Spanish)
                .0,
            "Recibimos su portafolio de {category}"
        );
        assert_eq!(
            MailKind::Endorsed.wording_language(Language::English),
            Language::English
        );
    }

    #[test]
    fn mail_values_follow_the_mail_s_language() {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).expect("a date");
        assert_eq!(Language::English.mail_date(day), "2027-01-15");
        assert_eq!(
            Language::Spanish.mail_date(day),
            "viernes, 15 de enero de 2027"
        );
        assert_eq!(
            note_paragraph(Language::Spanish, "MassAIMH", "  Agregue las horas.  "),
            "\nNota de MassAIMH:\nAgregue las horas.\n"
        );
        assert_eq!(
            note_paragraph(Language::English, "MassAIMH", "Add the hours."),
            "\nNote from MassAIMH:\nAdd the hours.\n"
        );
        assert_eq!(note_paragraph(Language::Spanish, "MassAIMH", " \n "), "");
        assert_eq!(
            processing_fee_paragraph(Language::Spanish, 100, "Pague."),
            "\nLa cuota de tramitación es de 100 US$. Pague.\n"
        );
        assert_eq!(
            processing_fee_paragraph(Language::English, 100, "Pay."),
            "\nThe processing fee is $100. Pay.\n"
        );
    }

    #[test]
    fn refusals_name_the_field() {
        let kind = MailKind::RatingRequest;
        let unknown = check_mail(kind, "Hi {nickname}", "{link}").expect_err("refused");
        assert_eq!(unknown.field, "subject");
        assert!(unknown.message.contains("{nickname}"), "{unknown}");
        let missing = check_mail(kind, "Hi", "no link here").expect_err("refused");
        assert_eq!(missing.field, "body");
        assert!(missing.message.contains("{link}"), "{missing}");
        assert_eq!(
            check_mail(kind, "a\nb", "{link}")
                .expect_err("refused")
                .field,
            "subject"
        );
        // The renewal reminder has no rater, so the rater's name is unknown there.
        assert_eq!(
            check_mail(MailKind::RenewalReminder, "Hi", "{rater_name} {link}")
                .expect_err("refused")
                .field,
            "body"
        );
    }

    #[test]
    fn a_signature_without_a_version_is_version_one() {
        let agreements = serde_json::json!({
            "code_of_ethics": "2026-09-01",
            "endorsement_agreement": "2026-12-03",
            "endorsement_agreement_version": 3,
            "endorsement_agreement_association": "massaimh",
        });
        assert_eq!(
            signed_version(&agreements, AgreementKind::CodeOfEthics),
            Some(1)
        );
        assert_eq!(
            signed_association(&agreements, AgreementKind::CodeOfEthics),
            None
        );
        assert_eq!(
            signed_version(&agreements, AgreementKind::EndorsementAgreement),
            Some(3)
        );
        assert_eq!(
            signed_association(&agreements, AgreementKind::EndorsementAgreement),
            Some("massaimh")
        );
        assert_eq!(
            signed_version(&serde_json::json!({}), AgreementKind::CodeOfEthics),
            None
        );
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(
            paragraphs("One\r\nstill one\r\n\r\n\n  Two  \n\n"),
            vec!["One\nstill one".to_string(), "Two".to_string()]
        );
    }
}
