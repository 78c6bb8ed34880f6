//! An association's own words (issue #21 item 2): the agreement texts applicants sign by
//! version, and the mail templates it may word itself. Pure: the kinds, the built-in wording
//! (version 1 of every association's texts, so signatures made before texts were versioned
//! read the same), and placeholder templates checked and filled without running anything the
//! user wrote.

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

/// The mails an association may word itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    /// The applicant's request to a rater, with the single-use link.
    RatingRequest,
    /// The endorsee's reminder before the renewal deadline.
    RenewalReminder,
}

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

const RATING_PLACEHOLDERS: &[Placeholder] = &[
    ph("rater_name", "the rater's name", "Dana Lee", false),
    ph("applicant_name", "the applicant's name", "Ana Ruiz", false),
    ph("association", "your association's name", "MassAIMH", false),
    ph("category", "the category applied for", "IFS", false),
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
    ph("association", "your association's name", "MassAIMH", false),
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

impl MailKind {
    pub const ALL: [MailKind; 2] = [MailKind::RatingRequest, MailKind::RenewalReminder];

    pub fn key(self) -> &'static str {
        match self {
            MailKind::RatingRequest => "rating-request",
            MailKind::RenewalReminder => "renewal-reminder",
        }
    }

    pub fn from_key(key: &str) -> Option<MailKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn title(self) -> &'static str {
        match self {
            MailKind::RatingRequest => "Rating request to a rater",
            MailKind::RenewalReminder => "Renewal reminder",
        }
    }

    pub fn placeholders(self) -> &'static [Placeholder] {
        match self {
            MailKind::RatingRequest => RATING_PLACEHOLDERS,
            MailKind::RenewalReminder => RENEWAL_PLACEHOLDERS,
        }
    }

    /// The built-in wording, the one sent when the association has no template of its own.
    pub fn default_subject(self) -> &'static str {
        match self {
            MailKind::RatingRequest => {
                "{applicant_name} asks you for an Endorsement reference rating ({association})"
            }
            MailKind::RenewalReminder => "Your {year} renewal is due by {deadline}",
        }
    }

    pub fn default_body(self) -> &'static str {
        match self {
            MailKind::RatingRequest => {
                "Hello {rater_name},\n\n{applicant_name} is applying to {association} for the Endorsement for Culturally Sensitive, Relationship-Focused Practice Promoting Infant & Early Childhood Mental Health ({category}) and named you as a reference, as their {role}.\n\nPlease rate them here (no account needed; the link works once, for {link_days} days):\n\n{link}\n\nIf you cannot rate them, simply ignore this message.\n"
            }
            MailKind::RenewalReminder => {
                "Hello,\n\nYour {association} endorsement is renewed each year. The {year} renewal is due by {deadline} ({days_left} days from now). {after_the_deadline}\n\nSee what is still needed and hand it in here: {link}\n"
            }
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
