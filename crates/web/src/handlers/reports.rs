//! An association's reports for its coordinators: a page of counts by state and category and
//! of the time from submission to decision, and CSV exports of applications, reviews and
//! endorsements. The counting is done by the pure functions at the end, which the page and
//! the tests share.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::str::FromStr;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::application::State as Stage;
use lattice_domain::category::Category;
use lattice_domain::ids::PersonId;
use lattice_domain::review::Recommendation;
use lattice_domain::rights::{Action, Object};
use lattice_store::{ApplicationRow, PersonRow, SharedStore};

use super::{STATE_ORDER, association_id, authorize, category_title, page};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;
use crate::views::{CrossTab, CrossTabCell, CrossTabRow, DecisionTimeView, Layout, ReportsPage};

/// The CSV files offered, named as they appear in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Applications,
    Reviews,
    Endorsements,
}

impl Export {
    pub fn file_name(self) -> &'static str {
        match self {
            Export::Applications => "applications.csv",
            Export::Reviews => "reviews.csv",
            Export::Endorsements => "endorsements.csv",
        }
    }
}

impl FromStr for Export {
    type Err = WebError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "applications.csv" => Ok(Export::Applications),
            "reviews.csv" => Ok(Export::Reviews),
            "endorsements.csv" => Ok(Export::Endorsements),
            _ => Err(WebError::NotFound),
        }
    }
}

/// The report page. Coordinators of the association and admins only: reviewers see a part of
/// the applications, and a report of the whole would tell them about the rest.
pub async fn reports_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let row = store.association(association).await?;
    let applications = store.applications_of_association(association).await?;
    let table = cross_tab(&applications);
    let times = table
        .categories
        .iter()
        .map(|category| {
            let days: Vec<i64> = applications
                .iter()
                .filter(|a| &a.category == category)
                .filter_map(days_to_decision)
                .collect();
            time_view(category.clone(), &decision_times(&days))
        })
        .collect();
    let all_days: Vec<i64> = applications.iter().filter_map(days_to_decision).collect();
    page(&ReportsPage {
        layout: Layout::new(format!("{} reports", row.name), Some(&user)),
        name: row.name,
        slug: row.slug,
        table,
        times,
        overall: time_view("All categories".to_string(), &decision_times(&all_days)),
    })
}

/// One CSV export, as a download named after the association.
pub async fn export(
    State(state): State<AppState>,
    Path((slug, kind)): Path<(String, String)>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let kind: Export = kind.parse()?;
    let store = state.store();
    let association = association_id(store, &slug).await?;
    authorize(&user.viewer, Action::Manage, Object::StaffArea(association))?;
    let slug = store.association(association).await?.slug;
    let text = match kind {
        Export::Applications => applications_csv(store, association).await?,
        Export::Reviews => reviews_csv(store, association).await?,
        Export::Endorsements => endorsements_csv(store, association).await?,
    };
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"{slug}-{}\"",
        kind.file_name()
    ))
    .map_err(|e| WebError::Internal(format!("content-disposition for {slug:?}: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            // Names, emails and reviewers' comments: keep them out of shared caches.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        text,
    )
        .into_response())
}

async fn applications_csv(
    store: &SharedStore,
    association: lattice_domain::ids::AssociationId,
) -> Result<String, WebError> {
    let applications = store.applications_of_association(association).await?;
    let people = people_of(store, &applications).await?;
    let mut csv = Csv::new(&[
        "application_id",
        "applicant",
        "email",
        "category",
        "state",
        "created_on",
        "submitted_on",
        "decided_on",
        "days_to_decision",
        "rules_as_of",
        "review_round",
    ])?;
    for a in &applications {
        let person = person(&people, a.person)?;
        csv.row(&[
            a.id.0.to_string(),
            person.name.clone(),
            person.email.clone(),
            a.category.clone(),
            a.state.key().to_string(),
            a.created_at.date_naive().to_string(),
            day(a.submitted_at),
            day(a.decided_at),
            days_to_decision(a)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            a.rules_as_of().to_string(),
            a.review_round.to_string(),
        ])?;
    }
    csv.finish()
}

async fn reviews_csv(
    store: &SharedStore,
    association: lattice_domain::ids::AssociationId,
) -> Result<String, WebError> {
    // Reviews first: an application created in between then has no review yet, rather than
    // a review arriving without its application.
    let reviews = store.reviews_of_association(association).await?;
    let applications = store.applications_of_association(association).await?;
    let people = people_of(store, &applications).await?;
    let mut csv = Csv::new(&[
        "application_id",
        "applicant",
        "category",
        "round",
        "reviewer",
        "recommendation",
        "re_review_after",
        "submitted_on",
        "comments",
    ])?;
    for review in &reviews {
        let application = applications
            .iter()
            .find(|a| a.id == review.application)
            .ok_or_else(|| {
                WebError::Internal(format!(
                    "review of application {} outside its association",
                    review.application.0
                ))
            })?;
        // The serde tag is the stable key; the rest is read through the domain type.
        let kind = review
            .recommendation
            .get("kind")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        let re_review_after =
            match serde_json::from_value::<Recommendation>(review.recommendation.clone()) {
                Ok(Recommendation::MoreWork {
                    re_review_after, ..
                }) => re_review_after.to_string(),
                _ => String::new(),
            };
        csv.row(&[
            application.id.0.to_string(),
            person(&people, application.person)?.name.clone(),
            application.category.clone(),
            review.round.to_string(),
            review.reviewer_name.clone(),
            kind.to_string(),
            re_review_after,
            review.submitted_at.date_naive().to_string(),
            review.comments.clone(),
        ])?;
    }
    csv.finish()
}

async fn endorsements_csv(
    store: &SharedStore,
    association: lattice_domain::ids::AssociationId,
) -> Result<String, WebError> {
    let endorsed: Vec<ApplicationRow> = store
        .applications_of_association(association)
        .await?
        .into_iter()
        .filter(|a| a.state == Stage::Endorsed)
        .collect();
    let people = people_of(store, &endorsed).await?;
    let mut csv = Csv::new(&[
        "application_id",
        "applicant",
        "email",
        "category",
        "category_title",
        "endorsed_on",
    ])?;
    for a in &endorsed {
        let person = person(&people, a.person)?;
        csv.row(&[
            a.id.0.to_string(),
            person.name.clone(),
            person.email.clone(),
            a.category.clone(),
            category_title(&a.category),
            // Reaching "endorsed" is the last decision, so its time is the endorsement's.
            day(a.decided_at),
        ])?;
    }
    csv.finish()
}

/// The applicants of these applications, each read once.
async fn people_of(
    store: &SharedStore,
    applications: &[ApplicationRow],
) -> Result<HashMap<PersonId, PersonRow>, WebError> {
    let mut people = HashMap::new();
    for a in applications {
        if let Entry::Vacant(slot) = people.entry(a.person) {
            slot.insert(store.person(a.person).await?);
        }
    }
    Ok(people)
}

fn person(people: &HashMap<PersonId, PersonRow>, id: PersonId) -> Result<&PersonRow, WebError> {
    people
        .get(&id)
        .ok_or_else(|| WebError::Internal(format!("person {} not read", id.0)))
}

fn day(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.date_naive().to_string()).unwrap_or_default()
}

/// A CSV document built in memory; every cell goes through [`neutralise`].
struct Csv {
    writer: csv::Writer<Vec<u8>>,
}

impl Csv {
    fn new(header: &[&str]) -> Result<Csv, WebError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(header).map_err(csv_error)?;
        Ok(Csv { writer })
    }

    fn row(&mut self, cells: &[String]) -> Result<(), WebError> {
        for cell in cells {
            self.writer
                .write_field(neutralise(cell).as_bytes())
                .map_err(csv_error)?;
        }
        // An empty record ends the row of fields written one by one.
        self.writer.write_record(None::<&[u8]>).map_err(csv_error)
    }

    fn finish(self) -> Result<String, WebError> {
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| WebError::Internal(format!("csv: {e}")))?;
        String::from_utf8(bytes).map_err(|e| WebError::Internal(format!("csv: {e}")))
    }
}

fn csv_error(error: csv::Error) -> WebError {
    WebError::Internal(format!("csv: {error}"))
}

/// A cell as it is safe to open in a spreadsheet. Names, emails and comments are typed by
/// applicants and reviewers, and a spreadsheet runs a cell starting with `=`, `+`, `-` or `@`
/// (or a tab or carriage return before one) as a formula, which can leak other cells or run
/// commands on the coordinator's computer. A leading `'` makes it plain text; nothing we
/// write ourselves starts with these characters (days are never negative).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Whole days from submission to decision, counted on the calendar as the CSV's
/// `submitted_on` and `decided_on` columns show them. `None` until both are known, and when
/// the decision is older than the submission: a resubmission after "more work" restarts the
/// clock, and the earlier decision does not answer it.
pub fn days_to_decision(application: &ApplicationRow) -> Option<i64> {
    let submitted = application.submitted_at?;
    let decided = application.decided_at?;
    (decided >= submitted).then(|| days_between(submitted.date_naive(), decided.date_naive()))
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// How many applications were decided, and the median and mean days it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionTimes {
    pub decided: usize,
    pub median_days: Option<f64>,
    pub mean_days: Option<f64>,
}

pub fn decision_times(days: &[i64]) -> DecisionTimes {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    // Counts of days and of applications are small; f64 holds them exactly.
    let (median_days, mean_days) = if n == 0 {
        (None, None)
    } else {
        let median = if n % 2 == 1 {
            sorted[n / 2] as f64
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
        };
        let mean = sorted.iter().sum::<i64>() as f64 / n as f64;
        (Some(median), Some(mean))
    };
    DecisionTimes {
        decided: n,
        median_days,
        mean_days,
    }
}

fn time_view(category: String, times: &DecisionTimes) -> DecisionTimeView {
    let days = |d: Option<f64>| d.map_or_else(|| "—".to_string(), |d| format!("{d:.1}"));
    DecisionTimeView {
        category,
        decided: times.decided,
        median: days(times.median_days),
        mean: days(times.mean_days),
    }
}

/// Applications counted by state and category. Rows are the states that occur, in the order of
/// the process; columns the categories that occur, in the order of the lattice (unknown
/// abbreviations last), so the table has no wall of zeros yet reads the same way every time.
pub fn cross_tab(applications: &[ApplicationRow]) -> CrossTab {
    let mut categories: Vec<String> = applications.iter().map(|a| a.category.clone()).collect();
    categories.sort_by_key(|c| {
        let known = c.parse::<Category>().ok();
        (known.is_none(), known, c.clone())
    });
    categories.dedup();
    let count = |state: Option<&str>, category: &str| {
        applications
            .iter()
            .filter(|a| a.category == category && state.is_none_or(|s| a.state.key() == s))
            .count()
    };
    let rows = STATE_ORDER
        .iter()
        .filter_map(|&key| {
            let first = applications.iter().find(|a| a.state.key() == key)?;
            let cells: Vec<CrossTabCell> = categories
                .iter()
                .map(|category| CrossTabCell {
                    category: category.clone(),
                    count: count(Some(key), category),
                })
                .collect();
            Some(CrossTabRow {
                key,
                label: state_label(first.state),
                total: cells.iter().map(|c| c.count).sum(),
                cells,
            })
        })
        .collect();
    let totals = categories
        .iter()
        .map(|category| CrossTabCell {
            category: category.clone(),
            count: count(None, category),
        })
        .collect();
    CrossTab {
        categories,
        rows,
        totals,
        total: applications.len(),
    }
}

/// A state's label without the data of one application (the re-review date differs between
/// the applications of one row).
fn state_label(state: Stage) -> String {
    match state {
        Stage::MoreWorkRequired { .. } => "More work required".to_string(),
        other => other.label(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use lattice_domain::ids::{ApplicationId, AssociationId};

    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0)
            .single()
            .expect("valid time")
    }

    fn application(
        id: i64,
        category: &str,
        state: Stage,
        submitted: Option<DateTime<Utc>>,
        decided: Option<DateTime<Utc>>,
    ) -> ApplicationRow {
        ApplicationRow {
            id: ApplicationId(id),
            person: PersonId(id),
            association: AssociationId(1),
            category: category.to_string(),
            state,
            intended_submission: None,
            created_at: at(1, 9),
            updated_at: at(1, 9),
            rules_date: None,
            cycle: None,
            review_round: 0,
            submitted_at: submitted,
            decided_at: decided,
            reinstates: None,
        }
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for (cell, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Ana Ruiz", "Ana Ruiz"),
            ("ana@example.org", "ana@example.org"),
            ("2026-03-01", "2026-03-01"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn export_kinds_parse_from_their_file_names_only() {
        for kind in [Export::Applications, Export::Reviews, Export::Endorsements] {
            assert_eq!(kind.file_name().parse::<Export>().ok(), Some(kind));
        }
        for other in ["applications", "people.csv", "APPLICATIONS.CSV", ""] {
            assert!(other.parse::<Export>().is_err(), "{other:?}");
        }
    }

    #[test]
    fn days_to_decision_counts_calendar_days_once_both_are_known() {
        let decided = |s, d| application(1, "IFS", Stage::Endorsed, s, d);
        assert_eq!(
            days_to_decision(&decided(Some(at(1, 9)), Some(at(11, 8)))),
            Some(10)
        );
        // Late on one day to early the next is a day on the calendar.
        assert_eq!(
            days_to_decision(&decided(Some(at(1, 23)), Some(at(2, 1)))),
            Some(1)
        );
        assert_eq!(
            days_to_decision(&decided(Some(at(1, 9)), Some(at(1, 9)))),
            Some(0)
        );
        assert_eq!(days_to_decision(&decided(None, Some(at(2, 9)))), None);
        assert_eq!(days_to_decision(&decided(Some(at(1, 9)), None)), None);
        // Resubmitted after an earlier decision: not decided yet.
        assert_eq!(
            days_to_decision(&decided(Some(at(5, 9)), Some(at(2, 9)))),
            None
        );
    }

    #[test]
    fn decision_times_give_median_and_mean() {
        assert_eq!(
            decision_times(&[]),
            DecisionTimes {
                decided: 0,
                median_days: None,
                mean_days: None
            }
        );
        assert_eq!(
            decision_times(&[7]),
            DecisionTimes {
                decided: 1,
                median_days: Some(7.0),
                mean_days: Some(7.0)
            }
        );
        assert_eq!(
            decision_times(&[30, 2, 10]),
            DecisionTimes {
                decided: 3,
                median_days: Some(10.0),
                mean_days: Some(14.0)
            }
        );
        assert_eq!(
            decision_times(&[4, 1, 9, 2]),
            DecisionTimes {
                decided: 4,
                median_days: Some(3.0),
                mean_days: Some(4.0)
            }
        );
    }

    #[test]
    fn time_view_formats_days_and_marks_none() {
        let view = time_view("IFS".into(), &decision_times(&[1, 2]));
        assert_eq!((view.median.as_str(), view.mean.as_str()), ("1.5", "1.5"));
        let empty = time_view("IFA".into(), &decision_times(&[]));
        assert_eq!((empty.decided, empty.median.as_str()), (0, "—"));
    }

    #[test]
    fn cross_tab_counts_by_state_and_category_with_totals() {
        let more_work = |d| Stage::MoreWorkRequired {
            re_review_after: NaiveDate::from_ymd_opt(2026, 6, d).expect("date"),
        };
        let applications = [
            application(1, "IMHM-C", Stage::Endorsed, None, None),
            application(2, "IFS", Stage::Endorsed, None, None),
            application(3, "IFS", Stage::Draft, None, None),
            application(4, "IFA", Stage::Draft, None, None),
            application(5, "IFS", more_work(1), None, None),
            application(6, "IFS", more_work(2), None, None),
            application(7, "XYZ", Stage::Withdrawn, None, None),
        ];
        let table = cross_tab(&applications);
        // Lattice order (IFA, IFS, …, IMHM-C), unknown last.
        assert_eq!(table.categories, ["IFA", "IFS", "IMHM-C", "XYZ"]);
        let rows: Vec<(&str, &str, Vec<usize>, usize)> = table
            .rows
            .iter()
            .map(|r| {
                (
                    r.key,
                    r.label.as_str(),
                    r.cells.iter().map(|c| c.count).collect(),
                    r.total,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("draft", "Draft", vec![1, 1, 0, 0], 2),
                (
                    "more-work-required",
                    "More work required",
                    vec![0, 2, 0, 0],
                    2
                ),
                ("endorsed", "Endorsed", vec![0, 1, 1, 0], 2),
                ("withdrawn", "Withdrawn", vec![0, 0, 0, 1], 1),
            ]
        );
        let totals: Vec<usize> = table.totals.iter().map(|c| c.count).collect();
        assert_eq!(totals, [1, 4, 1, 1]);
        assert_eq!(table.total, 7);
    }

    #[test]
    fn cross_tab_of_nothing_is_empty() {
        assert_eq!(cross_tab(&[]), CrossTab::default());
    }
}
