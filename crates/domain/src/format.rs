//! The `lattice-portfolio/1` interchange format: JSON in, validated [`Portfolio`] out, and back.
//!
//! Parsing happens in two steps. Serde reads the JSON into wire structs that mirror the format
//! field for field (unknown fields are ignored so later versions can add fields); then each
//! value is checked and converted, collecting every problem with its field path
//! (`trainings[3].hours: must be > 0`) so a person can fix a file in one pass.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::category::Endorsement;
use crate::competency::CompetencyArea;
use crate::minutes::{HoursError, Minutes, format_hours};
use crate::portfolio::*;

pub const FORMAT_ID: &str = "lattice-portfolio/1";

/// One problem in the input, named by the path of the field that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in one portfolio, in document order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PortfolioError(pub Vec<FieldError>);

impl fmt::Display for PortfolioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

/// Parses and validates a portfolio document.
pub fn parse_portfolio(json: &str) -> Result<Portfolio, PortfolioError> {
    // Serde would describe any other top-level value in terms of our private wire struct.
    if !json.trim_start().starts_with('{') {
        return Err(PortfolioError(vec![FieldError {
            path: String::new(),
            message: format!("a portfolio is a JSON object with \"format\": \"{FORMAT_ID}\""),
        }]));
    }
    // Most documents are well formed: read them without tracking each field's path (it keeps
    // a string per key, a third of the rule-change preview's reading), and read a document
    // that fails again with the tracking, only to name the field.
    let wire: WirePortfolio = match serde_json::from_str(json) {
        Ok(wire) => wire,
        Err(_) => {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let message = if inner.is_eof() {
                    "the document ends too early".to_string()
                } else {
                    // serde_json appends " at line L column C"; keep it, it helps with big files.
                    inner.to_string()
                };
                PortfolioError(vec![FieldError { path, message }])
            })?
        }
    };
    wire.into_domain()
}

/// [`parse_portfolio`] for a document already held as a JSON value (the service's assembled
/// documents): read in place, with the same checks and field paths, instead of printed to a
/// string and parsed again, which cost the rule-change preview most of a second over 10,000
/// portfolios. Messages name the field but, with no text, no line and column.
pub fn portfolio_from_value(document: &serde_json::Value) -> Result<Portfolio, PortfolioError> {
    if !document.is_object() {
        return Err(PortfolioError(vec![FieldError {
            path: String::new(),
            message: format!("a portfolio is a JSON object with \"format\": \"{FORMAT_ID}\""),
        }]));
    }
    // As in `parse_portfolio`: the path is tracked only to name the field of a failure.
    let wire = match WirePortfolio::deserialize(document) {
        Ok(wire) => wire,
        Err(_) => serde_path_to_error::deserialize(document).map_err(|e| {
            let path = e.path().to_string();
            PortfolioError(vec![FieldError {
                path,
                message: e.into_inner().to_string(),
            }])
        })?,
    };
    wire.into_domain()
}

/// Writes a portfolio in the interchange format (pretty-printed).
pub fn write_portfolio(portfolio: &Portfolio) -> String {
    let wire = WirePortfolio::from_domain(portfolio);
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&wire).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Wire structs: exactly the field names of the format.

#[derive(Debug, Serialize, Deserialize)]
struct WirePortfolio {
    format: String,
    person: WirePerson,
    #[serde(default)]
    education: Vec<WireEducation>,
    #[serde(default)]
    trainings: Vec<WireTraining>,
    #[serde(default)]
    work: Vec<WireWork>,
    #[serde(default)]
    rsc: Vec<WireRsc>,
    #[serde(default)]
    references: Vec<WireReference>,
    #[serde(default)]
    agreements: WireAgreements,
    #[serde(default)]
    membership: Option<WireMembership>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    endorsements: Vec<WireHeldEndorsement>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WirePerson {
    name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    licences: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireEducation {
    level: DegreeLevel,
    #[serde(default)]
    degree: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    institution: String,
    #[serde(default)]
    completed: Option<WireDate>,
    #[serde(default)]
    imh_certificate: bool,
    /// Added for coursework as evidence: absent means none, and none is not written, so older
    /// readers and files see nothing new.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    competencies: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    courses: Vec<WireCourse>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireCourse {
    title: String,
    #[serde(default)]
    competencies: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireTraining {
    title: String,
    #[serde(default)]
    provider: String,
    #[serde(default)]
    date: WireDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end_date: Option<WireDate>,
    hours: f64,
    kind: TrainingKind,
    #[serde(default)]
    conference: Option<String>,
    #[serde(default)]
    competencies: Vec<String>,
    #[serde(default)]
    population: Option<Population>,
    #[serde(default)]
    topics: Vec<Topic>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireWork {
    employer: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    start: WireDate,
    #[serde(default)]
    end: Option<WireDate>,
    #[serde(default)]
    paid: bool,
    #[serde(default)]
    supervised: bool,
    #[serde(default)]
    internship: bool,
    #[serde(default)]
    families_served: Option<u32>,
    #[serde(default)]
    ages: Vec<AgeGroup>,
    #[serde(default)]
    with_child_and_parent: bool,
    #[serde(default)]
    classroom: bool,
    #[serde(default)]
    services: Vec<String>,
    #[serde(default)]
    provides_rsc: bool,
    #[serde(default)]
    leadership: bool,
    /// Added after the first files were written: absent means false, and false is not written,
    /// so older readers and files see nothing new.
    #[serde(default, skip_serializing_if = "is_false")]
    supervises_others: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    as_licensed_therapist: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    supervisor_endorsement: Option<Endorsement>,
    /// Absent: full time, as every file written before part-time work could be recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hours_per_week: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireRscProvider {
    name: String,
    #[serde(default)]
    endorsement: Endorsement,
    #[serde(default)]
    degree: DegreeLevel,
    #[serde(default)]
    receives_rsc: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    meets_criteria: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    imh_specialist: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireRsc {
    provider: WireRscProvider,
    format: RscFormat,
    #[serde(default)]
    start: WireDate,
    #[serde(default)]
    end: WireDate,
    hours: f64,
    #[serde(default)]
    about_own_rsc: f64,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireReference {
    role: ReferenceRole,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    status: ReferenceStatus,
    #[serde(default)]
    not_enough_info: u32,
    #[serde(default)]
    completed_on: Option<WireDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    endorsement: Option<Endorsement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    known_since: Option<WireDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    waived: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Source>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct WireAgreements {
    #[serde(default)]
    code_of_ethics: Option<WireDate>,
    #[serde(default)]
    endorsement_agreement: Option<WireDate>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireMembership {
    association: String,
    #[serde(default)]
    valid_until: WireDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Source>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireHeldEndorsement {
    category: crate::category::Category,
    association: String,
    #[serde(default)]
    endorsed_on: WireDate,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A calendar date written `YYYY-MM-DD`. A malformed one is kept with its error rather than
/// failing the whole document, so that the reader reports it beside every other problem.
#[derive(Debug, Clone)]
struct WireDate(Result<NaiveDate, String>);

/// A required date that is absent reads as this problem, beside the document's others.
impl Default for WireDate {
    fn default() -> Self {
        WireDate(Err("required: a calendar date as YYYY-MM-DD".to_string()))
    }
}

impl From<NaiveDate> for WireDate {
    fn from(date: NaiveDate) -> Self {
        WireDate(Ok(date))
    }
}

impl Serialize for WireDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(date) => s.collect_str(&date.format("%Y-%m-%d")),
            Err(_) => Err(serde::ser::Error::custom(
                "a malformed date is never written",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for WireDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(WireDate(parse_date(&text)))
    }
}

/// Parses `YYYY-MM-DD`, the only date form the format, profiles and CLI accept.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    // chrono's ISO reader is much faster than a format string; the shape check keeps it to
    // exactly YYYY-MM-DD: chrono also reads signed years ("-022-09-06" is year -22), which the
    // writer would give back as "-0022-09-06", a date no reader accepts.
    let shaped = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    trimmed
        .parse::<NaiveDate>()
        .ok()
        .filter(|_| shaped)
        .ok_or_else(|| format!("expected a calendar date as YYYY-MM-DD, got {text:?}"))
}

// ---------------------------------------------------------------------------------------------
// Wire -> domain, collecting every problem.

struct Problems(Vec<FieldError>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            path: path.into(),
            message: message.into(),
        });
    }

    fn hours(&mut self, path: &str, hours: f64, allow_zero: bool) -> Minutes {
        let parsed = if allow_zero {
            Minutes::parse_hours_or_zero(hours)
        } else {
            Minutes::parse_hours(hours)
        };
        parsed.unwrap_or_else(|e: HoursError| {
            self.add(path, e.to_string());
            Minutes::ZERO
        })
    }

    /// The date, or `None` with the problem recorded at `path`.
    fn date(&mut self, path: &str, date: &WireDate) -> Option<NaiveDate> {
        match &date.0 {
            Ok(date) => Some(*date),
            Err(message) => {
                self.add(path, message.clone());
                None
            }
        }
    }

    fn text(&mut self, path: &str, value: &str) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.add(path, "must not be empty");
        }
        trimmed.to_string()
    }
}

/// No job has more hours a week than a week has.
const HOURS_IN_A_WEEK: f64 = 168.0;

/// The most days one training record may span; a longer "training" is a course listed per term.
const MAX_TRAINING_SPAN_DAYS: i64 = 366;

impl WirePortfolio {
    fn into_domain(self) -> Result<Portfolio, PortfolioError> {
        let mut p = Problems(Vec::new());
        if self.format != FORMAT_ID {
            p.add(
                "format",
                format!("expected {FORMAT_ID:?}, got {:?}", self.format),
            );
        }
        let person = Person {
            name: p.text("person.name", &self.person.name),
            email: self
                .person
                .email
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty()),
            licences: self
                .person
                .licences
                .iter()
                .map(|l| l.trim().to_string())
                .collect(),
        };

        let education = self
            .education
            .into_iter()
            .enumerate()
            .map(|(i, e)| convert_education(&mut p, i, e))
            .collect();

        let trainings = self
            .trainings
            .into_iter()
            .enumerate()
            .map(|(i, t)| convert_training(&mut p, i, t))
            .collect();

        let work = self
            .work
            .into_iter()
            .enumerate()
            .map(|(i, w)| {
                let path = format!("work[{i}]");
                let start = p.date(&format!("{path}.start"), &w.start);
                let end = w.end.and_then(|d| p.date(&format!("{path}.end"), &d));
                if let (Some(start), Some(end)) = (start, end)
                    && end < start
                {
                    p.add(format!("{path}.end"), "must not be before start");
                }
                let hours_per_week = w.hours_per_week.map(|hours| {
                    let at = format!("{path}.hours_per_week");
                    if hours > HOURS_IN_A_WEEK {
                        p.add(
                            &at,
                            format!("{hours} is more than the {HOURS_IN_A_WEEK} hours in a week"),
                        );
                        return Minutes::ZERO;
                    }
                    p.hours(&at, hours, false)
                });
                WorkExperience {
                    employer: p.text(&format!("{path}.employer"), &w.employer),
                    role: w.role.trim().to_string(),
                    start: start.unwrap_or_default(),
                    end,
                    paid: w.paid,
                    supervised: w.supervised,
                    internship: w.internship,
                    families_served: w.families_served.unwrap_or(0),
                    ages: w.ages,
                    with_child_and_parent: w.with_child_and_parent,
                    classroom: w.classroom,
                    services: w.services.iter().map(|s| s.trim().to_lowercase()).collect(),
                    provides_rsc: w.provides_rsc,
                    leadership: w.leadership,
                    supervises_others: w.supervises_others,
                    as_licensed_therapist: w.as_licensed_therapist,
                    supervisor_endorsement: w.supervisor_endorsement.unwrap_or_default(),
                    hours_per_week,
                }
            })
            .collect();

        let rsc = self
            .rsc
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let path = format!("rsc[{i}]");
                let start = p.date(&format!("{path}.start"), &r.start);
                let end = p.date(&format!("{path}.end"), &r.end);
                if let (Some(start), Some(end)) = (start, end)
                    && end < start
                {
                    p.add(format!("{path}.end"), "must not be before start");
                }
                let hours = p.hours(&format!("{path}.hours"), r.hours, false);
                let about_own_rsc =
                    p.hours(&format!("{path}.about_own_rsc"), r.about_own_rsc, true);
                if about_own_rsc > hours {
                    p.add(
                        format!("{path}.about_own_rsc"),
                        format!("{about_own_rsc} is more than the record's {hours}"),
                    );
                }
                RscRecord {
                    provider: RscProvider {
                        name: p.text(&format!("{path}.provider.name"), &r.provider.name),
                        endorsement: r.provider.endorsement,
                        degree: r.provider.degree,
                        receives_rsc: r.provider.receives_rsc,
                        meets_criteria: r.provider.meets_criteria,
                        imh_specialist: r.provider.imh_specialist,
                    },
                    format: r.format,
                    start: start.unwrap_or_default(),
                    end: end.unwrap_or_default(),
                    hours,
                    about_own_rsc,
                }
            })
            .collect();

        let references = self
            .references
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let path = format!("references[{i}]");
                let completed_on = r
                    .completed_on
                    .as_ref()
                    .and_then(|d| p.date(&format!("{path}.completed_on"), d));
                if r.status == ReferenceStatus::Completed && r.completed_on.is_none() {
                    p.add(
                        format!("{path}.completed_on"),
                        "a completed rating needs its date",
                    );
                }
                Reference {
                    role: r.role,
                    name: p.text(&format!("{path}.name"), &r.name),
                    email: r.email,
                    status: r.status,
                    not_enough_info: r.not_enough_info,
                    completed_on,
                    endorsement: r.endorsement.unwrap_or_default(),
                    known_since: r
                        .known_since
                        .and_then(|d| p.date(&format!("{path}.known_since"), &d)),
                    waived: r.waived,
                    source: r.source,
                }
            })
            .collect();

        let membership = self.membership.map(|m| Membership {
            association: p
                .text("membership.association", &m.association)
                .to_lowercase(),
            valid_until: p
                .date("membership.valid_until", &m.valid_until)
                .unwrap_or_default(),
            source: m.source,
        });

        let endorsements = self
            .endorsements
            .into_iter()
            .enumerate()
            .map(|(i, e)| HeldEndorsement {
                category: e.category,
                association: p
                    .text(&format!("endorsements[{i}].association"), &e.association)
                    .to_lowercase(),
                endorsed_on: p
                    .date(&format!("endorsements[{i}].endorsed_on"), &e.endorsed_on)
                    .unwrap_or_default(),
            })
            .collect();

        let agreements = Agreements {
            code_of_ethics: self
                .agreements
                .code_of_ethics
                .and_then(|d| p.date("agreements.code_of_ethics", &d)),
            endorsement_agreement: self
                .agreements
                .endorsement_agreement
                .and_then(|d| p.date("agreements.endorsement_agreement", &d)),
        };

        if !p.0.is_empty() {
            return Err(PortfolioError(p.0));
        }
        Ok(Portfolio {
            person,
            education,
            trainings,
            work,
            rsc,
            references,
            agreements,
            membership,
            endorsements,
        })
    }
}

/// Competency area ids at `path[j]`, each unknown one a problem at its index.
fn areas(p: &mut Problems, path: &str, ids: &[String]) -> Vec<CompetencyArea> {
    ids.iter()
        .enumerate()
        .filter_map(|(j, id)| match id.trim().parse::<CompetencyArea>() {
            Ok(area) => Some(area),
            Err(message) => {
                p.add(format!("{path}[{j}]"), message);
                None
            }
        })
        .collect()
}

fn convert_education(p: &mut Problems, i: usize, e: WireEducation) -> Education {
    let path = format!("education[{i}]");
    let completed = e
        .completed
        .and_then(|d| p.date(&format!("{path}.completed"), &d));
    let competencies = areas(p, &format!("{path}.competencies"), &e.competencies);
    // A degree's areas are its courses'; only a certificate program is approved as a whole.
    if !e.competencies.is_empty() && !e.imh_certificate {
        p.add(
            format!("{path}.competencies"),
            "only a certificate program (imh_certificate) documents areas as a whole; list a degree's courses under \"courses\", each with its areas",
        );
    }
    let courses = e
        .courses
        .into_iter()
        .enumerate()
        .map(|(k, c)| {
            let course = format!("{path}.courses[{k}]");
            let competencies = areas(p, &format!("{course}.competencies"), &c.competencies);
            if c.competencies.is_empty() {
                p.add(
                    format!("{course}.competencies"),
                    "name at least one competency area the course covers",
                );
            }
            Course {
                title: p.text(&format!("{course}.title"), &c.title),
                competencies,
            }
        })
        .collect();
    Education {
        level: e.level,
        degree: e.degree.trim().to_string(),
        field: e.field.trim().to_string(),
        institution: e.institution.trim().to_string(),
        completed,
        imh_certificate: e.imh_certificate,
        competencies,
        courses,
    }
}

fn convert_training(p: &mut Problems, i: usize, t: WireTraining) -> Training {
    let path = format!("trainings[{i}]");
    let hours = p.hours(&format!("{path}.hours"), t.hours, false);
    let date = p.date(&format!("{path}.date"), &t.date);
    let end_date = t
        .end_date
        .and_then(|d| p.date(&format!("{path}.end_date"), &d));
    let days = match (date, end_date) {
        (Some(date), Some(end)) if end < date => {
            p.add(format!("{path}.end_date"), "must not be before date");
            1
        }
        (Some(date), Some(end)) => {
            let span = (end - date).num_days() + 1;
            if span > MAX_TRAINING_SPAN_DAYS {
                p.add(
                    format!("{path}.end_date"),
                    format!("a training may span at most {MAX_TRAINING_SPAN_DAYS} days; list a longer course per term"),
                );
            }
            span
        }
        _ => 1,
    };
    if hours > Minutes::from_hours(24) {
        if !t.kind.may_span_days() {
            p.add(
                format!("{path}.hours"),
                format!("{} h is more than one day holds; only a course or conference may record more than 24 h", format_hours(hours)),
            );
        } else if days == 1 {
            p.add(
                format!("{path}.hours"),
                format!(
                    "{} h on one day is more than 24 h; give the last day in \"end_date\"",
                    format_hours(hours)
                ),
            );
        } else if i64::from(hours.get()) > days * 24 * 60 {
            p.add(
                format!("{path}.hours"),
                format!("{} h is more than {days} days hold", format_hours(hours)),
            );
        }
    }
    let competencies = areas(p, &format!("{path}.competencies"), &t.competencies);
    Training {
        title: p.text(&format!("{path}.title"), &t.title),
        provider: t.provider.trim().to_string(),
        date: date.unwrap_or_default(),
        end_date,
        hours,
        kind: t.kind,
        conference: t
            .conference
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        competencies,
        population: t.population,
        topics: t.topics,
    }
}

// ---------------------------------------------------------------------------------------------
// Domain -> wire, for export.

impl WirePortfolio {
    fn from_domain(p: &Portfolio) -> Self {
        WirePortfolio {
            format: FORMAT_ID.to_string(),
            person: WirePerson {
                name: p.person.name.clone(),
                email: p.person.email.clone(),
                licences: p.person.licences.clone(),
            },
            education: p
                .education
                .iter()
                .map(|e| WireEducation {
                    level: e.level,
                    degree: e.degree.clone(),
                    field: e.field.clone(),
                    institution: e.institution.clone(),
                    completed: e.completed.map(WireDate::from),
                    imh_certificate: e.imh_certificate,
                    competencies: e.competencies.iter().map(|c| c.id().to_string()).collect(),
                    courses: e
                        .courses
                        .iter()
                        .map(|c| WireCourse {
                            title: c.title.clone(),
                            competencies: c
                                .competencies
                                .iter()
                                .map(|a| a.id().to_string())
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
            trainings: p
                .trainings
                .iter()
                .map(|t| WireTraining {
                    title: t.title.clone(),
                    provider: t.provider.clone(),
                    date: WireDate::from(t.date),
                    end_date: t.end_date.map(WireDate::from),
                    hours: t.hours.as_hours(),
                    kind: t.kind,
                    conference: t.conference.clone(),
                    competencies: t.competencies.iter().map(|c| c.id().to_string()).collect(),
                    population: t.population,
                    topics: t.topics.clone(),
                })
                .collect(),
            work: p
                .work
                .iter()
                .map(|w| WireWork {
                    employer: w.employer.clone(),
                    role: w.role.clone(),
                    start: WireDate::from(w.start),
                    end: w.end.map(WireDate::from),
                    paid: w.paid,
                    supervised: w.supervised,
                    internship: w.internship,
                    families_served: Some(w.families_served),
                    ages: w.ages.clone(),
                    with_child_and_parent: w.with_child_and_parent,
                    classroom: w.classroom,
                    services: w.services.clone(),
                    provides_rsc: w.provides_rsc,
                    leadership: w.leadership,
                    supervises_others: w.supervises_others,
                    as_licensed_therapist: w.as_licensed_therapist,
                    supervisor_endorsement: match w.supervisor_endorsement {
                        Endorsement::None => None,
                        held => Some(held),
                    },
                    hours_per_week: w.hours_per_week.map(Minutes::as_hours),
                })
                .collect(),
            rsc: p
                .rsc
                .iter()
                .map(|r| WireRsc {
                    provider: WireRscProvider {
                        name: r.provider.name.clone(),
                        endorsement: r.provider.endorsement,
                        degree: r.provider.degree,
                        receives_rsc: r.provider.receives_rsc,
                        meets_criteria: r.provider.meets_criteria,
                        imh_specialist: r.provider.imh_specialist,
                    },
                    format: r.format,
                    start: WireDate::from(r.start),
                    end: WireDate::from(r.end),
                    hours: r.hours.as_hours(),
                    about_own_rsc: r.about_own_rsc.as_hours(),
                })
                .collect(),
            references: p
                .references
                .iter()
                .map(|r| WireReference {
                    role: r.role,
                    name: r.name.clone(),
                    email: r.email.clone(),
                    status: r.status,
                    not_enough_info: r.not_enough_info,
                    completed_on: r.completed_on.map(WireDate::from),
                    endorsement: match r.endorsement {
                        Endorsement::None => None,
                        held => Some(held),
                    },
                    known_since: r.known_since.map(WireDate::from),
                    waived: r.waived,
                    source: r.source,
                })
                .collect(),
            agreements: WireAgreements {
                code_of_ethics: p.agreements.code_of_ethics.map(WireDate::from),
                endorsement_agreement: p.agreements.endorsement_agreement.map(WireDate::from),
            },
            membership: p.membership.as_ref().map(|m| WireMembership {
                association: m.association.clone(),
                valid_until: WireDate::from(m.valid_until),
                source: m.source,
            }),
            endorsements: p
                .endorsements
                .iter()
                .map(|e| WireHeldEndorsement {
                    category: e.category,
                    association: e.association.clone(),
                    endorsed_on: WireDate::from(e.endorsed_on),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_date, parse_portfolio};

    /// docs/PORTFOLIO.md promises every problem in one report: a malformed date must not hide
    /// the problems after it, nor those in other sections.
    #[test]
    fn a_malformed_date_is_reported_beside_every_other_problem() {
        let json = r#"{"format":"lattice-portfolio/1","person":{"name":"A"},
            "education":[{"level":"masters","completed":"2019-6-01"}],
            "trainings":[
              {"title":"t","date":"2024-02-30","hours":2,"kind":"workshop"},
              {"title":"","date":"2024-03-01","end_date":"2024-02-28","hours":-1,"kind":"course"}],
            "work":[{"employer":"E","start":"2020-01-01","end":"soon"}],
            "rsc":[{"provider":{"name":"P"},"format":"individual","start":"2023-01-01","end":"2023-13-01","hours":4}],
            "references":[{"role":"colleague","name":"R","status":"completed","completed_on":"yesterday"}],
            "agreements":{"code_of_ethics":"2024/01/01"},
            "membership":{"association":"massaimh","valid_until":"2027-02-29"},
            "endorsements":[{"category":"IFS","association":"massaimh","endorsed_on":"-022-09-06"}]}"#;
        let problems = parse_portfolio(json).expect_err("eleven problems");
        let found: Vec<String> = problems
            .0
            .iter()
            .map(|e| format!("{}: {}", e.path, e.message))
            .collect();
        assert_eq!(
            found,
            [
                r#"education[0].completed: expected a calendar date as YYYY-MM-DD, got "2019-6-01""#,
                r#"trainings[0].date: expected a calendar date as YYYY-MM-DD, got "2024-02-30""#,
                "trainings[1].hours: must be > 0",
                "trainings[1].end_date: must not be before date",
                "trainings[1].title: must not be empty",
                r#"work[0].end: expected a calendar date as YYYY-MM-DD, got "soon""#,
                r#"rsc[0].end: expected a calendar date as YYYY-MM-DD, got "2023-13-01""#,
                r#"references[0].completed_on: expected a calendar date as YYYY-MM-DD, got "yesterday""#,
                r#"membership.valid_until: expected a calendar date as YYYY-MM-DD, got "2027-02-29""#,
                r#"endorsements[0].endorsed_on: expected a calendar date as YYYY-MM-DD, got "-022-09-06""#,
                r#"agreements.code_of_ethics: expected a calendar date as YYYY-MM-DD, got "2024/01/01""#,
            ]
        );
    }

    #[test]
    fn dates_are_exactly_yyyy_mm_dd() {
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date(" 2024-02-29 ").is_ok());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-05",
            "24-01-05",
            "+2024-01-05",
            "2024/01/05",
            "",
            "20240-01-05",
            "-022-09-06",
            "+022-09-06",
            "0x22-09-06",
        ] {
            assert!(parse_date(bad).is_err(), "{bad} accepted");
        }
    }
}
