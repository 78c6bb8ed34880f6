//! The portfolio entry forms, described as data: one field list per section drives the form
//! page, reads the posted fields into a `lattice-portfolio/1` entry, and maps the domain's
//! validation errors back onto the fields, keeping what the person typed.

use chrono::NaiveDate;
use lattice_domain::competency::CompetencyArea;
use lattice_domain::format::parse_portfolio;
use lattice_domain::minutes::{Minutes, format_hours};
use lattice_store::Section;
use serde_json::{Map, Value, json};

/// A renewal requirement's name for people, from its id as the renewal page lists it (with
/// spaces for dashes): "rsc" reads "Reflective supervision/consultation".
pub fn renewal_requirement(label: &str) -> String {
    match label {
        "training" => "Training hours".to_string(),
        "rsc training" => "Training about providing RS/C".to_string(),
        "dei" => "Training in diversity, equity and inclusion".to_string(),
        "rsc" => "Reflective supervision/consultation".to_string(),
        "code of ethics" => "Code of Ethics".to_string(),
        "membership" => "Membership".to_string(),
        other => {
            let mut chars = other.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// A requirement's status for people: "Still needed" rather than "unmet".
pub fn status_words(status: &str) -> &'static str {
    match status {
        "met" => "Met",
        "unmet" => "Still needed",
        "pending" => "Waiting",
        _ => "Does not apply",
    }
}

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
    Select(&'static [(&'static str, &'static str)]),
    Check,
    /// Several of a list, sent as repeated fields.
    Multi(&'static [(&'static str, &'static str)]),
    /// The competency areas, grouped by domain, with a filter box.
    Competencies,
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

const LEVELS: &[(&str, &str)] = &[
    ("none", "No degree"),
    ("cda", "CDA credential"),
    ("associate", "Associate's degree"),
    ("bachelors", "Bachelor's degree"),
    ("masters", "Master's degree"),
    ("doctorate", "Doctorate"),
];
const KINDS: &[(&str, &str)] = &[
    ("workshop", "Workshop"),
    ("course", "Course (several sessions)"),
    ("conference", "Conference"),
    ("webinar", "Webinar"),
    ("in-service", "In-service training"),
    ("college-course", "College course"),
];
const POPULATIONS: &[(&str, &str)] = &[
    ("", "Not stated"),
    ("prenatal", "Prenatal"),
    ("infant-toddler", "Infants and toddlers"),
    ("early-childhood", "Early childhood (3–6)"),
    ("school-age", "School-age children"),
    ("adolescent", "Adolescents"),
    ("adult", "Adults"),
    ("elderly", "Elderly"),
];
const TOPICS: &[(&str, &str)] = &[
    ("rsc", "Providing reflective supervision/consultation"),
    ("dei", "Diversity, equity and inclusion"),
];
const AGES: &[(&str, &str)] = &[
    ("prenatal", "Prenatal"),
    ("birth-36m", "Birth to 36 months"),
    ("3-6y", "3 to 6 years"),
];
const SERVICES: &[(&str, &str)] = &[
    ("home-visiting", "Home visiting"),
    ("early-intervention", "Early intervention"),
    ("parent-infant-psychotherapy", "Parent-infant psychotherapy"),
    ("policy", "Policy"),
    ("program-administration", "Program administration"),
    ("university-teaching", "University teaching"),
    ("research", "Research"),
];
const ENDORSEMENTS: &[(&str, &str)] = &[
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
];
const RSC_FORMATS: &[(&str, &str)] = &[
    ("individual", "Individual"),
    ("group", "Group"),
    ("peer", "Peer (does not count)"),
];
const ROLES: &[(&str, &str)] = &[
    ("program-supervisor", "Program supervisor"),
    ("rsc-provider", "RS/C provider"),
    ("colleague", "Colleague"),
    ("supervisee", "Supervisee"),
    ("teacher", "Teacher or trainer"),
    ("parent", "Parent"),
    ("other", "Other"),
];
const REFERENCE_STATUS: &[(&str, &str)] = &[
    ("not-requested", "Not requested yet"),
    ("requested", "Requested"),
    ("completed", "Completed"),
    ("declined", "Declined"),
];

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
    pub message: String,
}

/// Reads the posted fields into an entry. Shape problems (a missing required field, hours
/// that are not a number) are found here; the rules of the format are checked by
/// [`validate`].
pub fn read(section: Section, form: &Posted) -> (Value, Vec<FieldProblem>) {
    let mut entry = Map::new();
    let mut problems = Vec::new();
    for field in fields(section) {
        let text = first(form, field.name);
        let problem = |message: &str| FieldProblem {
            field: field.name.to_string(),
            message: message.to_string(),
        };
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
                    problems.push(problem("required"));
                }
            }
            Kind::Number => match text.replace(',', ".").parse::<f64>() {
                Ok(number) if number.is_finite() => set(&mut entry, field.name, json!(number)),
                _ => problems.push(problem("enter a number, like 6.5")),
            },
            Kind::Count => match text.parse::<u32>() {
                Ok(number) => set(&mut entry, field.name, json!(number)),
                Err(_) => problems.push(problem("enter a whole number, like 12")),
            },
            Kind::Date => {
                if chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").is_ok() {
                    set(&mut entry, field.name, Value::String(text));
                } else {
                    problems.push(problem("enter a date as YYYY-MM-DD"));
                }
            }
            Kind::Select(list) if !list.iter().any(|(value, _)| *value == text) => {
                let accepted: Vec<&str> = list
                    .iter()
                    .map(|(value, _)| *value)
                    .filter(|v| !v.is_empty())
                    .collect();
                problems.push(problem(&format!("choose one of: {}", accepted.join(", "))));
            }
            Kind::Text | Kind::Email | Kind::Select(_) => {
                if text.chars().count() > 300 {
                    problems.push(problem("keep it under 300 characters"));
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
/// The dates of a section that must not lie after today: what has not happened yet cannot
/// count, and the server's calendar, not the applicant's, says what today is.
fn dated_fields(section: Section) -> &'static [(&'static str, &'static str)] {
    match section {
        Section::Education => &[("completed", "leave it empty until the degree is completed")],
        Section::Trainings => &[
            ("date", "add a planned training once it has taken place"),
            ("end_date", "add the training once its last day has passed"),
        ],
        Section::Work => &[
            ("start", "add the job once it has started"),
            ("end", "leave it empty while you still work there"),
        ],
        Section::Rsc => &[
            ("start", "add RS/C once it has started"),
            ("end", "record the hours received up to today"),
        ],
        Section::References => &[],
    }
}

/// The fields of an entry dated after `today`, each with what to do instead.
pub fn future_dates(section: Section, entry: &Value, today: NaiveDate) -> Vec<FieldProblem> {
    dated_fields(section)
        .iter()
        .filter_map(|(field, advice)| {
            let text = entry.get(*field)?.as_str()?;
            let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
            (date > today).then(|| FieldProblem {
                field: (*field).to_string(),
                message: format!("{date} is after today ({today}); {advice}"),
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
    pub errors: Vec<String>,
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
) -> Vec<FieldView> {
    fields(section)
        .into_iter()
        .map(|field| {
            let current = get(values, field.name);
            let chosen: Vec<String> = match current {
                Some(Value::Array(items)) => items.iter().map(|v| text_of(Some(v))).collect(),
                other => vec![text_of(other)],
            };
            let options = |list: &[(&str, &str)]| {
                list.iter()
                    .map(|(value, label)| OptionView {
                        value: (*value).to_string(),
                        label: (*label).to_string(),
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
                Kind::Competencies => ("competencies", competency_groups(&chosen)),
            };
            let mut value = text_of(current);
            if value.is_empty() {
                value = first(typed, field.name);
            }
            FieldView {
                name: field.name.to_string(),
                id: format!("f-{}", field.name.replace('.', "-")),
                label: field.label.to_string(),
                help: field.help.to_string(),
                required: field.required,
                kind,
                value,
                checked: matches!(current, Some(Value::Bool(true))),
                groups,
                errors: problems
                    .iter()
                    .filter(|p| p.field == field.name)
                    .map(|p| p.message.clone())
                    .collect(),
            }
        })
        .chain(if section == Section::Education {
            course_views(values, problems)
        } else {
            Vec::new()
        })
        .collect()
}

/// The education form's course rows: each stored course, then one empty row to add another.
fn course_views(values: &Value, problems: &[FieldProblem]) -> Vec<FieldView> {
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
        let errors = |name: &str| -> Vec<String> {
            problems
                .iter()
                .filter(|p| p.field == name)
                .map(|p| p.message.clone())
                .collect()
        };
        let number = n + 1;
        let (title_label, help) = if course.is_some() {
            (format!("Course {number}: title"), String::new())
        } else {
            (
                format!("Course {number}: title (to add one)"),
                "Courses document the competency areas they cover, as trainings do. Add one course at a time; Edit the entry to add another.".to_string(),
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
            label: format!("Course {number}: competency areas it covers"),
            help: String::new(),
            required: false,
            kind: "competencies",
            value: String::new(),
            checked: false,
            groups: competency_groups(&chosen),
            errors: errors(&areas),
            name: areas,
        });
    }
    views
}

fn competency_groups(chosen: &[String]) -> Vec<OptionGroup> {
    let mut groups: Vec<OptionGroup> = Vec::new();
    for area in CompetencyArea::all() {
        let domain = area.domain().name().to_string();
        let option = OptionView {
            value: area.id().to_string(),
            label: area.name().to_string(),
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

/// A one-line description of an entry for lists.
pub fn summary(section: Section, entry: &Value) -> String {
    let s = |key: &str| text_of(get(entry, key));
    match section {
        Section::Education => {
            let level = LEVELS
                .iter()
                .find(|(k, _)| *k == s("level"))
                .map(|(_, l)| *l)
                .unwrap_or("Degree");
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
                &s("completed"),
                &match courses {
                    0 => String::new(),
                    1 => "1 course".to_string(),
                    n => format!("{n} courses"),
                },
                &match certificate_areas {
                    0 => String::new(),
                    1 => "certificate program: 1 area".to_string(),
                    n => format!("certificate program: {n} areas"),
                },
            ])
        }
        Section::Trainings => join(&[
            &s("title"),
            &s("provider"),
            &s("date"),
            &format!("{} h", s("hours")),
        ]),
        Section::Work => {
            let end = s("end");
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
                    s("start"),
                    if end.is_empty() {
                        "now".to_string()
                    } else {
                        end
                    }
                ),
                &if weekly.is_empty() {
                    String::new()
                } else {
                    format!("{weekly} h a week")
                },
            ])
        }
        Section::Rsc => join(&[
            &s("provider.name"),
            &s("format"),
            &format!("{} – {}", s("start"), s("end")),
            &format!("{} h", s("hours")),
        ]),
        Section::References => {
            let status = match s("status").as_str() {
                "completed" => "rating received from the rater",
                "requested" => "asked; waiting for the rater",
                "declined" => "declined",
                _ => "not asked yet",
            };
            join(&[&s("name"), &s("role").replace('-', " "), status])
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
            let shown = view(Section::Work, &entry, &Vec::new(), &[]);
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
        let views = view(Section::Rsc, &entry, &Vec::new(), &[]);
        assert_eq!(views[0].value, "Dr. Kim");
        assert!(views[3].checked);
    }
}
