//! The portfolio entry forms, described as data: one field list per section drives the form
//! page, reads the posted fields into a `lattice-portfolio/1` entry, and maps the domain's
//! validation errors back onto the fields, keeping what the person typed.

use chrono::NaiveDate;
use lattice_domain::competency::CompetencyArea;
use lattice_domain::format::parse_portfolio;
use lattice_domain::minutes::{Minutes, format_hours};
use lattice_store::Section;
use serde_json::{Map, Value, json};

use crate::i18n::Tr;

/// "a" or "an" before `word`, by its sound: an initialism is read letter by letter ("an IFS
/// portfolio", "an ECMHS", "a CDA"), other words by their first letter ("an infant").
pub fn article(word: &str) -> &'static str {
    let letters: String = word.chars().take_while(|c| c.is_alphabetic()).collect();
    let initialism = letters.len() > 1 && letters.chars().all(|c| c.is_ascii_uppercase());
    let first = letters.chars().next().unwrap_or('x').to_ascii_uppercase();
    let vowel_sound = if initialism {
        "AEFHILMNORSX".contains(first)
    } else {
        "AEIOU".contains(first)
    };
    if vowel_sound { "an" } else { "a" }
}

/// [`article`] at the start of a sentence.
pub fn capital_article(word: &str) -> &'static str {
    if article(word) == "an" { "An" } else { "A" }
}

/// The words of the box a person ticks before a workflow step that cannot be undone, by the
/// event's name; `None` for steps that can be.
pub fn confirmation_of(event: &str) -> Option<&'static str> {
    match event {
        "submit" => Some(
            "I have checked my portfolio: once submitted, it cannot be changed until the association hands it back.",
        ),
        "withdraw" => Some("I want to withdraw this application. This cannot be undone."),
        "return-incomplete" | "approve-for-exam" | "require-more-work" | "record-exam-passed"
        | "record-exam-failed" | "endorse" => {
            Some("I have decided: the applicant is told at once, and this cannot be undone.")
        }
        _ => None,
    }
}

/// The value of the hidden `asked` field of a form that shows the confirmation box.
pub const ASKED: &str = "confirmed";

/// A step that cannot be undone asks for a tick in a box (`confirmed=yes`) stated in plain
/// words. The browser holds the form until it is ticked (`required`, no script needed); the
/// server holds it too whenever the form says it asked (`asked=confirmed`), so a form sent
/// past the browser's checks comes back with the message beside the box. Scripts that post
/// without the page were never shown the box and are not asked.
pub fn check_confirmed(asked: &str, confirmed: &str) -> Result<(), crate::error::WebError> {
    if asked == ASKED && confirmed != "yes" {
        return Err(crate::error::WebError::BadRequest(
            "confirmed: tick the box to say you mean it; this step cannot be undone".to_string(),
        ));
    }
    Ok(())
}

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Email,
    Date,
    /// Hours and other decimals.
    Number,
    /// Whole numbers.
    Count,
    Select(&'static Options),
    Check,
    /// Several of a list, sent as repeated fields.
    Multi(&'static Options),
    /// The competency areas, grouped by domain, with a filter box.
    Competencies,
}

/// A list of choices: its message prefix (`option-level-masters`) and each value with its
/// English words.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    pub key: &'static str,
    pub items: &'static [(&'static str, &'static str)],
}

impl Options {
    /// An option's words in the page's language. A label that is its own value is a
    /// registered mark (the endorsement categories: "IMHM-C") and reads the same in every
    /// language; the empty value is "not stated".
    pub fn label(&self, value: &str, english: &str, tr: Tr) -> String {
        if value == english {
            english.to_string()
        } else if value.is_empty() {
            tr.t(&format!("option-{}-not-stated", self.key))
        } else {
            tr.t(&format!("option-{}-{value}", self.key))
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key in the entry; a dot reaches into an object (`provider.name`).
    pub name: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub help: &'static str,
}

const fn field(name: &'static str, label: &'static str, kind: Kind, required: bool) -> Field {
    Field {
        name,
        label,
        kind,
        required,
        help: "",
    }
}

const fn helped(
    name: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    help: &'static str,
) -> Field {
    Field {
        name,
        label,
        kind,
        required,
        help,
    }
}

const LEVELS: &Options = &Options {
    key: "level",
    items: &[
        ("none", "No degree"),
        ("cda", "CDA credential"),
        ("associate", "Associate's degree"),
        ("bachelors", "Bachelor's degree"),
        ("masters", "Master's degree"),
        ("doctorate", "Doctorate"),
    ],
};
const KINDS: &Options = &Options {
    key: "kind",
    items: &[
        ("workshop", "Workshop"),
        ("course", "Course (several sessions)"),
        ("conference", "Conference"),
        ("webinar", "Webinar"),
        ("in-service", "In-service training"),
        ("college-course", "College course"),
    ],
};
const POPULATIONS: &Options = &Options {
    key: "population",
    items: &[
        ("", "Not stated"),
        ("prenatal", "Prenatal"),
        ("infant-toddler", "Infants and toddlers"),
        ("early-childhood", "Early childhood (3–6)"),
        ("school-age", "School-age children"),
        ("adolescent", "Adolescents"),
        ("adult", "Adults"),
        ("elderly", "Elderly"),
    ],
};
const TOPICS: &Options = &Options {
    key: "topic",
    items: &[
        ("rsc", "Providing reflective supervision/consultation"),
        ("dei", "Diversity, equity and inclusion"),
    ],
};
const AGES: &Options = &Options {
    key: "age",
    items: &[
        ("prenatal", "Prenatal"),
        ("birth-36m", "Birth to 36 months"),
        ("3-6y", "3 to 6 years"),
    ],
};
const SERVICES: &Options = &Options {
    key: "service",
    items: &[
        ("home-visiting", "Home visiting"),
        ("early-intervention", "Early intervention"),
        ("parent-infant-psychotherapy", "Parent-infant psychotherapy"),
        ("policy", "Policy"),
        ("program-administration", "Program administration"),
        ("university-teaching", "University teaching"),
        ("research", "Research"),
    ],
};
const ENDORSEMENTS: &Options = &Options {
    key: "endorsement",
    items: &[
        ("none", "Not endorsed"),
        ("IFA", "IFA"),
        ("ECFA", "ECFA"),
        ("IFS", "IFS"),
        ("ECFS", "ECFS"),
        ("IFRS", "IFRS"),
        ("ECFRS", "ECFRS"),
        ("IMHS", "IMHS"),
        ("ECMHS", "ECMHS"),
        ("IMHM-C", "IMHM-C"),
        ("IMHM-P", "IMHM-P"),
        ("IMHM-R", "IMHM-R"),
        ("ECMHM-C", "ECMHM-C"),
        ("ECMHM-P", "ECMHM-P"),
        ("ECMHM-R", "ECMHM-R"),
    ],
};
const RSC_FORMATS: &Options = &Options {
    key: "rsc-format",
    items: &[
        ("individual", "Individual"),
        ("group", "Group"),
        ("peer", "Peer (does not count)"),
    ],
};
const ROLES: &Options = &Options {
    key: "role",
    items: &[
        ("program-supervisor", "Program supervisor"),
        ("rsc-provider", "RS/C provider"),
        ("colleague", "Colleague"),
        ("supervisee", "Supervisee"),
        ("teacher", "Teacher or trainer"),
        ("parent", "Parent"),
        ("other", "Other"),
    ],
};
const REFERENCE_STATUS: &Options = &Options {
    key: "reference-status",
    items: &[
        ("not-requested", "Not requested yet"),
        ("requested", "Requested"),
        ("completed", "Completed"),
        ("declined", "Declined"),
    ],
};

/// The fields of a section, in the order the form shows them.
pub fn fields(section: Section) -> Vec<Field> {
    use Kind::*;
    match section {
        Section::Education => vec![
            field("level", "Level", Select(LEVELS), true),
            field("degree", "Degree (e.g. MSW)", Text, false),
            field("field", "Field of study", Text, false),
            field("institution", "Institution", Text, false),
            helped(
                "completed",
                "Completed on",
                Date,
                false,
                "Leave empty while still studying.",
            ),
            helped(
                "imh_certificate",
                "Is or includes a university certificate program in infant or early childhood mental health",
                Check,
                false,
                "A certificate documents competency areas; the training hours are still required.",
            ),
            helped(
                "competencies",
                "Areas the certificate program documents",
                Competencies,
                false,
                "Only for a certificate program: the areas your association approved for it. A degree's areas are those of its courses, below.",
            ),
        ],
        Section::Trainings => vec![
            field("title", "Title", Text, true),
            field("provider", "Provider", Text, false),
            field("date", "Date", Date, true),
            helped(
                "end_date",
                "Last day",
                Date,
                false,
                "For a course or conference over several days.",
            ),
            helped("hours", "Hours", Number, true, "Contact hours, e.g. 6.5."),
            field("kind", "Kind", Select(KINDS), true),
            helped(
                "conference",
                "Conference name",
                Text,
                false,
                "Workshops of one conference share its name; only one conference counts toward the minimum.",
            ),
            helped(
                "competencies",
                "Competency areas",
                Competencies,
                false,
                "A training counts only when it names at least one area.",
            ),
            field("population", "Mainly about", Select(POPULATIONS), false),
            field("topics", "Also about", Multi(TOPICS), false),
        ],
        Section::Work => vec![
            field("employer", "Employer", Text, true),
            field("role", "Role", Text, false),
            field("start", "Started", Date, true),
            helped(
                "end",
                "Ended",
                Date,
                false,
                "Leave empty if you still work there.",
            ),
            helped(
                "hours_per_week",
                "Hours a week",
                Number,
                false,
                "Leave empty for full-time work. Part-time work counts in proportion to your association's full-time week: at half its hours, 2 years count as 1 year. Your progress names the week.",
            ),
            field("paid", "Paid", Check, false),
            field("supervised", "Supervised", Check, false),
            field("internship", "Internship", Check, false),
            field("families_served", "Families served", Count, false),
            field("ages", "Ages served", Multi(AGES), false),
            field(
                "with_child_and_parent",
                "Works with the child and parent together",
                Check,
                false,
            ),
            field("classroom", "Classroom teaching", Check, false),
            field("services", "Services", Multi(SERVICES), false),
            field(
                "provides_rsc",
                "Provides reflective supervision/consultation",
                Check,
                false,
            ),
            field("leadership", "In a leadership role", Check, false),
            helped(
                "supervises_others",
                "Supervises other staff",
                Check,
                false,
                "A supervisee's rating counts only when a job says you supervise others.",
            ),
        ],
        Section::Rsc => vec![
            field("provider.name", "Provider's name", Text, true),
            field(
                "provider.endorsement",
                "Provider's endorsement",
                Select(ENDORSEMENTS),
                false,
            ),
            field(
                "provider.degree",
                "Provider's degree",
                Select(LEVELS),
                false,
            ),
            field(
                "provider.receives_rsc",
                "The provider receives RS/C",
                Check,
                false,
            ),
            helped(
                "provider.meets_criteria",
                "Not endorsed, but meets the criteria for Category III or IV",
                Check,
                false,
                "Counted on your word; reviewers confirm it.",
            ),
            helped(
                "provider.imh_specialist",
                "The provider specializes in infant mental health",
                Check,
                false,
                "Some associations count RS/C from a provider who is not endorsed only when they specialize in infant mental health.",
            ),
            field("format", "Format", Select(RSC_FORMATS), true),
            field("start", "From", Date, true),
            field("end", "To", Date, true),
            field("hours", "Hours", Number, true),
            helped(
                "about_own_rsc",
                "Of which about the RS/C you provide",
                Number,
                false,
                "Hours spent on your own practice as a provider (Mentor – Clinical).",
            ),
        ],
        Section::References => vec![
            field("role", "Rater's role", Select(ROLES), true),
            field("name", "Rater's name", Text, true),
            field("email", "Rater's email", Email, false),
            field("status", "Status", Select(REFERENCE_STATUS), true),
            field(
                "not_enough_info",
                "\"Not enough information\" answers",
                Count,
                false,
            ),
            field("completed_on", "Completed on", Date, false),
        ],
    }
}

/// The posted form, with repeated keys kept.
pub type Posted = Vec<(String, String)>;

fn posted<'a>(form: &'a Posted, name: &str) -> impl Iterator<Item = &'a str> {
    form.iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn first(form: &Posted, name: &str) -> String {
    posted(form, name).next().unwrap_or("").trim().to_string()
}

fn set(entry: &mut Map<String, Value>, name: &str, value: Value) {
    match name.split_once('.') {
        Some((outer, inner)) => {
            let object = entry.entry(outer.to_string()).or_insert_with(|| json!({}));
            if let Value::Object(object) = object {
                object.insert(inner.to_string(), value);
            }
        }
        None => {
            entry.insert(name.to_string(), value);
        }
    }
}

fn get<'a>(entry: &'a Value, name: &str) -> Option<&'a Value> {
    match name.split_once('.') {
        Some((outer, inner)) => entry.get(outer)?.get(inner),
        None => entry.get(name),
    }
}

/// A field's problem, to show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    /// The English words, as a file's import and the CLI print them.
    pub message: String,
    /// The message id and its values, so a page says it in its own language; `None` for the
    /// portfolio reader's own words (the domain's, English for now).
    pub says: Option<Says>,
}

/// A form mistake as a message id (`mistake-number`) with its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Says {
    pub id: &'static str,
    pub values: Vec<(&'static str, String)>,
}

impl FieldProblem {
    /// A problem the forms find themselves, its English words from the English messages.
    fn said(field: &str, id: &'static str, values: Vec<(&'static str, String)>) -> FieldProblem {
        FieldProblem {
            field: field.to_string(),
            message: Tr::default().tn(id, &values),
            says: Some(Says { id, values }),
        }
    }

    /// The problem in the page's language, and whether it stayed English (the reader's).
    pub fn text(&self, tr: Tr) -> ErrorText {
        match &self.says {
            Some(says) => ErrorText {
                text: tr.tn(says.id, &says.values),
                english: false,
            },
            None => ErrorText {
                text: self.message.clone(),
                english: true,
            },
        }
    }
}

/// A problem's words as a page shows them; `english` marks the reader's untranslated words
/// (the page gives them `lang="en"`).
#[derive(Debug, Clone)]
pub struct ErrorText {
    pub text: String,
    pub english: bool,
}

/// Reads the posted fields into an entry. Shape problems (a missing required field, hours
/// that are not a number) are found here; the rules of the format are checked by
/// [`validate`].
pub fn read(section: Section, form: &Posted) -> (Value, Vec<FieldProblem>) {
    let mut entry = Map::new();
    let mut problems = Vec::new();
    for field in fields(section) {
        let text = first(form, field.name);
        let problem = |id: &'static str| FieldProblem::said(field.name, id, Vec::new());
        match field.kind {
            Kind::Check => set(&mut entry, field.name, Value::Bool(!text.is_empty())),
            Kind::Multi(_) | Kind::Competencies => {
                let values: Vec<Value> = posted(form, field.name)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| Value::String(v.trim().to_string()))
                    .collect();
                set(&mut entry, field.name, Value::Array(values));
            }
            _ if text.is_empty() => {
                if field.required {
                    problems.push(problem("mistake-required"));
                }
            }
            Kind::Number => match text.replace(',', ".").parse::<f64>() {
                Ok(number) if number.is_finite() => set(&mut entry, field.name, json!(number)),
                _ => problems.push(problem("mistake-number")),
            },
            Kind::Count => match text.parse::<u32>() {
                Ok(number) => set(&mut entry, field.name, json!(number)),
                Err(_) => problems.push(problem("mistake-whole-number")),
            },
            Kind::Date => {
                if chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").is_ok() {
                    set(&mut entry, field.name, Value::String(text));
                } else {
                    problems.push(problem("mistake-date"));
                }
            }
            Kind::Select(list) if !list.items.iter().any(|(value, _)| *value == text) => {
                let accepted: Vec<&str> = list
                    .items
                    .iter()
                    .map(|(value, _)| *value)
                    .filter(|v| !v.is_empty())
                    .collect();
                problems.push(FieldProblem::said(
                    field.name,
                    "mistake-choose",
                    vec![("accepted", accepted.join(", "))],
                ));
            }
            Kind::Text | Kind::Email | Kind::Select(_) => {
                if text.chars().count() > 300 {
                    problems.push(problem("mistake-too-long"));
                } else {
                    set(&mut entry, field.name, Value::String(text));
                }
            }
        }
    }
    if section == Section::Education {
        entry.insert("courses".into(), Value::Array(read_courses(form)));
    }
    (Value::Object(entry), problems)
}

/// The course rows of the education form (`courses[N].title`, `courses[N].competencies`), in
/// row order; a row left empty is no course. Rows are numbered again from 0, as the entry
/// stores them, so a problem the reader names (`courses[0].title`) is the row shown again.
fn read_courses(form: &Posted) -> Vec<Value> {
    let mut rows: Vec<usize> = form.iter().filter_map(|(k, _)| course_row(k)).collect();
    rows.sort_unstable();
    rows.dedup();
    rows.into_iter()
        .filter_map(|n| {
            let title = first(form, &format!("courses[{n}].title"));
            let areas: Vec<Value> = posted(form, &format!("courses[{n}].competencies"))
                .filter(|v| !v.trim().is_empty())
                .map(|v| Value::String(v.trim().to_string()))
                .collect();
            (!title.is_empty() || !areas.is_empty())
                .then(|| json!({"title": title, "competencies": areas}))
        })
        .collect()
}

/// The row number of a course field's name, `courses[3].title` → 3 (at most a few dozen).
fn course_row(name: &str) -> Option<usize> {
    let rest = name.strip_prefix("courses[")?;
    let (n, field) = rest.split_once("].")?;
    matches!(field, "title" | "competencies")
        .then(|| n.parse().ok())
        .flatten()
        .filter(|n| *n < MAX_COURSE_ROWS)
}

/// More rows than one form would ever show are not read: a posted name cannot make the server
/// build thousands of rows.
const MAX_COURSE_ROWS: usize = 100;

/// Checks one entry with the portfolio reader, so a form entry meets exactly the rules of an
/// imported file; each error is mapped to the field it names.
/// The dates of a section that must not lie after today, each with the message saying what
/// to do instead: what has not happened yet cannot count, and the server's calendar, not the
/// applicant's, says what today is.
fn dated_fields(section: Section) -> &'static [(&'static str, &'static str)] {
    match section {
        Section::Education => &[("completed", "mistake-future-completed")],
        Section::Trainings => &[
            ("date", "mistake-future-training-date"),
            ("end_date", "mistake-future-training-end"),
        ],
        Section::Work => &[
            ("start", "mistake-future-work-start"),
            ("end", "mistake-future-work-end"),
        ],
        Section::Rsc => &[
            ("start", "mistake-future-rsc-start"),
            ("end", "mistake-future-rsc-end"),
        ],
        Section::References => &[],
    }
}

/// The fields of an entry dated after `today`, each with what to do instead.
pub fn future_dates(section: Section, entry: &Value, today: NaiveDate) -> Vec<FieldProblem> {
    dated_fields(section)
        .iter()
        .filter_map(|(field, id)| {
            let text = entry.get(*field)?.as_str()?;
            let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
            (date > today).then(|| {
                FieldProblem::said(
                    field,
                    id,
                    vec![("date", date.to_string()), ("today", today.to_string())],
                )
            })
        })
        .collect()
}

pub fn validate(section: Section, entry: &Value) -> Vec<FieldProblem> {
    let mut doc = json!({"format": "lattice-portfolio/1", "person": {"name": "check"}});
    doc[section.key()] = json!([entry]);
    match parse_portfolio(&doc.to_string()) {
        Ok(_) => Vec::new(),
        Err(error) => {
            let prefix = format!("{}[0]", section.key());
            error
                .0
                .iter()
                .map(|e| {
                    let path = e
                        .path
                        .strip_prefix(&prefix)
                        .unwrap_or(&e.path)
                        .trim_start_matches('.');
                    // `competencies[2]` is about the competencies field, and
                    // `courses[0].competencies[1]` about that course's; `courses[0].title`
                    // names its field whole.
                    let field = match path.rsplit_once('[') {
                        Some((head, tail)) if tail.ends_with(']') && !tail.contains('.') => head,
                        _ => path,
                    }
                    .to_string();
                    let field = if field.is_empty() {
                        missing_field(&e.message).unwrap_or_default()
                    } else {
                        field
                    };
                    FieldProblem {
                        field,
                        message: e.message.clone(),
                        says: None,
                    }
                })
                .collect()
        }
    }
}

fn missing_field(message: &str) -> Option<String> {
    let start = message.find("missing field `")? + 15;
    Some(message[start..].split('`').next()?.to_string())
}

/// One option of a select or checkbox list, as the template shows it.
#[derive(Debug, Clone)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub chosen: bool,
}

#[derive(Debug, Clone)]
pub struct OptionGroup {
    pub label: String,
    pub options: Vec<OptionView>,
}

/// A field ready to render: its current value (typed or stored) and its problems.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub name: String,
    pub id: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    /// `text`, `email`, `date`, `number`, `count`, `select`, `check`, `multi`, `competencies`.
    pub kind: &'static str,
    pub value: String,
    pub checked: bool,
    pub groups: Vec<OptionGroup>,
    pub errors: Vec<ErrorText>,
}

impl FieldView {
    /// What the control's `aria-describedby` names: the help text's id and the error's, each
    /// when the page shows it (empty: no attribute).
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.help.is_empty() {
            ids.push(format!("{}-help", self.id));
        }
        if !self.errors.is_empty() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }

    /// The id of a competency list's filter box. The training form's keeps the id it has
    /// always had; the education form's course rows each get their own.
    pub fn filter_id(&self) -> String {
        if self.name == "competencies" {
            "competency-filter".to_string()
        } else {
            format!("{}-filter", self.id)
        }
    }

    /// The id the error summary links to: the control itself, or a list's first box (a link
    /// to a fieldset would move no focus, and the user should land where they can answer).
    pub fn anchor(&self) -> String {
        match self.kind {
            "multi" | "competencies" => self
                .groups
                .iter()
                .flat_map(|g| g.options.first())
                .next()
                .map_or_else(|| self.id.clone(), |o| format!("{}-{}", self.id, o.value)),
            _ => self.id.clone(),
        }
    }
}

fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The views of a section's fields, filled from `values` (a stored entry, or the posted form
/// turned into one) and annotated with `problems`. `typed` holds raw text the person entered
/// that could not be read, so it is shown back as typed.
pub fn view(
    section: Section,
    values: &Value,
    typed: &Posted,
    problems: &[FieldProblem],
    tr: Tr,
) -> Vec<FieldView> {
    fields(section)
        .into_iter()
        .map(|field| {
            let current = get(values, field.name);
            let chosen: Vec<String> = match current {
                Some(Value::Array(items)) => items.iter().map(|v| text_of(Some(v))).collect(),
                other => vec![text_of(other)],
            };
            let options = |list: &Options| {
                list.items
                    .iter()
                    .map(|(value, label)| OptionView {
                        value: (*value).to_string(),
                        label: list.label(value, label, tr),
                        chosen: chosen.iter().any(|c| c == value),
                    })
                    .collect::<Vec<_>>()
            };
            let (kind, groups) = match field.kind {
                Kind::Text => ("text", vec![]),
                Kind::Email => ("email", vec![]),
                Kind::Date => ("date", vec![]),
                Kind::Number => ("number", vec![]),
                Kind::Count => ("count", vec![]),
                Kind::Check => ("check", vec![]),
                Kind::Select(list) => (
                    "select",
                    vec![OptionGroup {
                        label: String::new(),
                        options: options(list),
                    }],
                ),
                Kind::Multi(list) => (
                    "multi",
                    vec![OptionGroup {
                        label: String::new(),
                        options: options(list),
                    }],
                ),
                Kind::Competencies => ("competencies", competency_groups(&chosen, tr)),
            };
            let mut value = text_of(current);
            if value.is_empty() {
                value = first(typed, field.name);
            }
            FieldView {
                name: field.name.to_string(),
                id: format!("f-{}", field.name.replace('.', "-")),
                label: tr.t(&label_id(section, field.name)),
                help: if field.help.is_empty() {
                    String::new()
                } else {
                    tr.t(&format!("{}-help", label_id(section, field.name)))
                },
                required: field.required,
                kind,
                value,
                checked: matches!(current, Some(Value::Bool(true))),
                groups,
                errors: problems
                    .iter()
                    .filter(|p| p.field == field.name)
                    .map(|p| p.text(tr))
                    .collect(),
            }
        })
        .chain(if section == Section::Education {
            course_views(values, problems, tr)
        } else {
            Vec::new()
        })
        .collect()
}

/// The education form's course rows: each stored course, then one empty row to add another.
fn course_views(values: &Value, problems: &[FieldProblem], tr: Tr) -> Vec<FieldView> {
    let stored = values
        .get("courses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let rows = stored.len() + 1;
    let mut views = Vec::new();
    for n in 0..rows {
        let course = stored.get(n);
        let chosen: Vec<String> = course
            .and_then(|c| c.get("competencies"))
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| text_of(Some(v))).collect())
            .unwrap_or_default();
        let errors = |name: &str| -> Vec<ErrorText> {
            problems
                .iter()
                .filter(|p| p.field == name)
                .map(|p| p.text(tr))
                .collect()
        };
        let number = n + 1;
        let (title_label, help) = if course.is_some() {
            (tr.t1("course-title", "number", number), String::new())
        } else {
            (
                tr.t1("course-title-to-add", "number", number),
                tr.t("course-help"),
            )
        };
        let title = format!("courses[{n}].title");
        let areas = format!("courses[{n}].competencies");
        views.push(FieldView {
            id: format!("f-courses-{n}-title"),
            label: title_label,
            help,
            required: false,
            kind: "text",
            value: text_of(course.and_then(|c| c.get("title"))),
            checked: false,
            groups: Vec::new(),
            errors: errors(&title),
            name: title,
        });
        views.push(FieldView {
            id: format!("f-courses-{n}-competencies"),
            label: tr.t1("course-areas", "number", number),
            help: String::new(),
            required: false,
            kind: "competencies",
            value: String::new(),
            checked: false,
            groups: competency_groups(&chosen, tr),
            errors: errors(&areas),
            name: areas,
        });
    }
    views
}

/// The competency areas by domain, named as the rating form names them (`area-…`,
/// `domain-…`, the Competency Guidelines' own words in English).
fn competency_groups(chosen: &[String], tr: Tr) -> Vec<OptionGroup> {
    let mut groups: Vec<OptionGroup> = Vec::new();
    for area in CompetencyArea::all() {
        let domain = tr.tk("domain", area.domain().key());
        let option = OptionView {
            value: area.id().to_string(),
            label: tr.tk("area", area.id()),
            chosen: chosen.iter().any(|c| c == area.id()),
        };
        match groups.iter_mut().find(|g| g.label == domain) {
            Some(group) => group.options.push(option),
            None => groups.push(OptionGroup {
                label: domain,
                options: vec![option],
            }),
        }
    }
    groups
}

/// The message id of a field's label (`field-trainings-hours`); its help text's adds `-help`.
fn label_id(section: Section, name: &str) -> String {
    format!("field-{}-{}", section.key(), name.replace('.', "-"))
}

/// A rater's role as an entry's line and the request list name it ("program supervisor").
pub fn role_words(role: &str, tr: Tr) -> String {
    if ROLES.items.iter().any(|(key, _)| *key == role) {
        tr.tk("entry-role", role)
    } else {
        role.replace('-', " ")
    }
}

/// A one-line description of an entry for lists, in English.
pub fn summary(section: Section, entry: &Value) -> String {
    summary_in(section, entry, Tr::default())
}

/// [`summary`] in the page's language.
pub fn summary_in(section: Section, entry: &Value, tr: Tr) -> String {
    let s = |key: &str| text_of(get(entry, key));
    // A date in the language's words ("4 de marzo de 2023"; ISO in English, as stored), or
    // as typed where it is not one.
    let date = |key: &str| tr.kept_date(&s(key));
    // Hours as stored ("6.5", as English has always shown them), and as a number for the
    // language's plural and separators.
    let hours = |key: &str| {
        let count = get(entry, key).and_then(Value::as_f64).unwrap_or(0.0);
        tr.t2("entry-hours", "hours", s(key), "count", count)
    };
    match section {
        Section::Education => {
            let level = LEVELS
                .items
                .iter()
                .find(|(k, _)| *k == s("level"))
                .map(|(k, l)| LEVELS.label(k, l, tr))
                .unwrap_or_else(|| tr.t("entry-degree"));
            let courses = get(entry, "courses")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let certificate_areas = get(entry, "competencies")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            join(&[
                format!("{level} {}", s("degree")).trim(),
                &s("field"),
                &s("institution"),
                &date("completed"),
                &match courses {
                    0 => String::new(),
                    n => tr.t1("entry-courses", "count", n),
                },
                &match certificate_areas {
                    0 => String::new(),
                    n => tr.t1("entry-certificate-areas", "count", n),
                },
            ])
        }
        Section::Trainings => join(&[&s("title"), &s("provider"), &date("date"), &hours("hours")]),
        Section::Work => {
            let end = date("end");
            // As the rules print hours: "20", "17.5" (a stored 20 reads back as 20.0).
            let weekly = get(entry, "hours_per_week")
                .and_then(Value::as_f64)
                .and_then(|h| Minutes::parse_hours(h).ok())
                .map(format_hours)
                .unwrap_or_default();
            join(&[
                &s("employer"),
                &s("role"),
                &format!(
                    "{} – {}",
                    date("start"),
                    if end.is_empty() {
                        tr.t("entry-now")
                    } else {
                        end
                    }
                ),
                &if weekly.is_empty() {
                    String::new()
                } else {
                    let count = get(entry, "hours_per_week")
                        .and_then(Value::as_f64)
                        .unwrap_or(0.0);
                    tr.t2("entry-weekly", "hours", weekly, "count", count)
                },
            ])
        }
        Section::Rsc => {
            let format = s("format");
            join(&[
                &s("provider.name"),
                &if RSC_FORMATS.items.iter().any(|(k, _)| *k == format) {
                    tr.tk("entry-format", &format)
                } else {
                    format
                },
                &format!("{} – {}", date("start"), date("end")),
                &hours("hours"),
            ])
        }
        Section::References => {
            let status = match s("status").as_str() {
                "completed" => "entry-reference-completed",
                "requested" => "entry-reference-requested",
                "declined" => "entry-reference-declined",
                _ => "entry-reference-not-asked",
            };
            join(&[&s("name"), &role_words(&s("role"), tr), &tr.t(status)])
        }
    }
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn title(section: Section) -> &'static str {
    match section {
        Section::Education => "Education",
        Section::Trainings => "Trainings",
        Section::Work => "Work experience",
        Section::Rsc => "Reflective supervision/consultation",
        Section::References => "References",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Posted {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The forms in English read as before their words moved to messages, and Spanish has
    /// every label, help text and option the forms name.
    #[test]
    fn english_form_words_are_the_forms_own() {
        use crate::i18n::{I18n, Language};
        let en = Tr::new(I18n::embedded(), Language::English);
        let es = Tr::new(I18n::embedded(), Language::Spanish);
        for section in Section::ALL {
            let english = view(section, &json!({}), &Vec::new(), &[], en);
            let spanish = view(section, &json!({}), &Vec::new(), &[], es);
            for (field, (e, s)) in fields(section)
                .iter()
                .zip(english.iter().zip(spanish.iter()))
            {
                assert_eq!(e.label, field.label);
                assert_eq!(e.help, field.help);
                assert_ne!(s.label, field.label, "{}", field.name);
                let list = match field.kind {
                    Kind::Select(list) | Kind::Multi(list) => list.items,
                    _ => &[],
                };
                let shown: Vec<&str> = e.groups[..]
                    .iter()
                    .flat_map(|g| g.options.iter().map(|o| o.label.as_str()))
                    .collect();
                if !list.is_empty() {
                    let own: Vec<&str> = list.iter().map(|(_, l)| *l).collect();
                    assert_eq!(shown, own, "{}", field.name);
                }
            }
        }
        assert!(
            I18n::embedded().missing().is_empty(),
            "{:?}",
            I18n::embedded().missing()
        );
    }

    #[test]
    fn articles_follow_the_sound() {
        for (word, article_of) in [
            ("IFS", "an"),
            ("ECMHS", "an"),
            ("IMHM-C", "an"),
            ("ECFS", "an"),
            ("IFA", "an"),
            ("ECMHM-C", "an"),
            ("CDA", "a"),
            ("infant", "an"),
            ("category", "a"),
        ] {
            assert_eq!(article(word), article_of, "{word}");
        }
        assert_eq!(capital_article("IMHS"), "An");
        assert_eq!(capital_article("CDA"), "A");
    }

    #[test]
    fn a_training_reads_and_validates() {
        let posted = form(&[
            ("title", "Attachment basics"),
            ("date", "2024-03-02"),
            ("hours", "6,5"),
            ("kind", "workshop"),
            ("competencies", "attachment-separation-trauma-grief-loss"),
            ("topics", "dei"),
        ]);
        let (entry, problems) = read(Section::Trainings, &posted);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entry["hours"], json!(6.5));
        assert_eq!(entry["topics"], json!(["dei"]));
        assert!(validate(Section::Trainings, &entry).is_empty());
    }

    #[test]
    fn problems_name_their_fields() {
        let posted = form(&[
            ("title", ""),
            ("date", "March 2"),
            ("hours", "six"),
            ("kind", "workshop"),
        ]);
        let (_, problems) = read(Section::Trainings, &posted);
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["title", "date", "hours"]);

        let posted = form(&[
            ("title", "T"),
            ("date", "2024-03-02"),
            ("hours", "-2"),
            ("kind", "workshop"),
            ("competencies", "attachment"),
        ]);
        let (entry, problems) = read(Section::Trainings, &posted);
        assert!(problems.is_empty());
        let found = validate(Section::Trainings, &entry);
        let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
        assert!(
            fields.contains(&"hours") && fields.contains(&"competencies"),
            "{found:?}"
        );
    }

    /// The box a supervisor ticks reaches the rules: ticked, the job says the applicant
    /// supervises others; left empty, it says they do not.
    #[test]
    fn a_job_says_whether_the_applicant_supervises_others() {
        let field = fields(Section::Work)
            .into_iter()
            .find(|f| f.name == "supervises_others")
            .expect("a work field");
        assert_eq!(
            (field.label, field.kind, field.required),
            ("Supervises other staff", Kind::Check, false)
        );
        for (ticked, supervises) in [(Some("on"), true), (None, false)] {
            let mut pairs = vec![("employer", "Family Partners"), ("start", "2022-01-10")];
            pairs.extend(ticked.map(|v| ("supervises_others", v)));
            let (entry, problems) = read(Section::Work, &form(&pairs));
            assert!(problems.is_empty(), "{problems:?}");
            assert!(validate(Section::Work, &entry).is_empty());
            let doc =
                json!({"format": "lattice-portfolio/1", "person": {"name": "N"}, "work": [entry]});
            let portfolio = parse_portfolio(&doc.to_string()).expect("a valid entry");
            assert_eq!(portfolio.work[0].supervises_others, supervises);
            let shown = view(Section::Work, &entry, &Vec::new(), &[], Tr::default());
            let check = shown
                .iter()
                .find(|v| v.name == "supervises_others")
                .expect("shown");
            assert_eq!((check.kind, check.checked), ("check", supervises));
        }
    }

    /// Hours a week reach the rules as typed, are optional (empty: full time), and a refused
    /// value is named by its field.
    #[test]
    fn a_job_takes_hours_a_week() {
        let field = fields(Section::Work)
            .into_iter()
            .find(|f| f.name == "hours_per_week")
            .expect("a work field");
        assert_eq!(
            (field.label, field.kind, field.required),
            ("Hours a week", Kind::Number, false)
        );
        for (typed, expected) in [
            (Some("20"), Some(20.0)),
            (Some("17,5"), Some(17.5)),
            (None, None),
        ] {
            let mut pairs = vec![("employer", "Family Partners"), ("start", "2022-01-10")];
            pairs.extend(typed.map(|v| ("hours_per_week", v)));
            let (entry, problems) = read(Section::Work, &form(&pairs));
            assert!(problems.is_empty(), "{problems:?}");
            assert!(validate(Section::Work, &entry).is_empty());
            let doc =
                json!({"format": "lattice-portfolio/1", "person": {"name": "N"}, "work": [entry]});
            let portfolio = parse_portfolio(&doc.to_string()).expect("a valid entry");
            assert_eq!(
                portfolio.work[0].hours_per_week.map(|m| m.as_hours()),
                expected
            );
        }
        for (typed, message) in [
            ("0", "must be > 0"),
            ("200", "200 is more than the 168 hours in a week"),
        ] {
            let pairs = [
                ("employer", "Family Partners"),
                ("start", "2022-01-10"),
                ("hours_per_week", typed),
            ];
            let (entry, problems) = read(Section::Work, &form(&pairs));
            assert!(problems.is_empty(), "{problems:?}");
            let found: Vec<(String, String)> = validate(Section::Work, &entry)
                .into_iter()
                .map(|p| (p.field, p.message))
                .collect();
            assert_eq!(found, [("hours_per_week".to_string(), message.to_string())]);
        }
        let (_, problems) = read(
            Section::Work,
            &form(&[
                ("employer", "E"),
                ("start", "2022-01-10"),
                ("hours_per_week", "half"),
            ]),
        );
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["hours_per_week"]);
    }

    /// The two statements about a provider who is not endorsed reach the rules.
    #[test]
    fn an_rsc_provider_may_be_an_imh_specialist() {
        let posted = form(&[
            ("provider.name", "Dr. Kim"),
            ("provider.endorsement", "none"),
            ("provider.meets_criteria", "on"),
            ("provider.imh_specialist", "on"),
            ("format", "individual"),
            ("start", "2024-01-01"),
            ("end", "2024-12-31"),
            ("hours", "24"),
        ]);
        let (entry, problems) = read(Section::Rsc, &posted);
        assert!(problems.is_empty(), "{problems:?}");
        let doc = json!({"format": "lattice-portfolio/1", "person": {"name": "N"}, "rsc": [entry]});
        let portfolio = parse_portfolio(&doc.to_string()).expect("a valid entry");
        let provider = &portfolio.rsc[0].provider;
        assert!(provider.meets_criteria && provider.imh_specialist);
    }

    #[test]
    fn nested_rsc_provider_fields_round_trip() {
        let posted = form(&[
            ("provider.name", "Dr. Kim"),
            ("provider.endorsement", "IMHM-C"),
            ("provider.degree", "masters"),
            ("provider.receives_rsc", "on"),
            ("format", "group"),
            ("start", "2024-01-01"),
            ("end", "2024-12-31"),
            ("hours", "24"),
        ]);
        let (entry, problems) = read(Section::Rsc, &posted);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entry["provider"]["receives_rsc"], json!(true));
        assert!(
            validate(Section::Rsc, &entry).is_empty(),
            "{:?}",
            validate(Section::Rsc, &entry)
        );
        let views = view(Section::Rsc, &entry, &Vec::new(), &[], Tr::default());
        assert_eq!(views[0].value, "Dr. Kim");
        assert!(views[3].checked);
    }
}
