//! Everything a person's `lattice-portfolio/1` document is assembled from, read for many
//! people at once: one query per table for a whole batch, grouped by person in memory. The
//! rule-change preview reads an association's thousands of portfolios this way (seven queries
//! a person took 39 s at 10,000); the single-person path reads a batch of one through the
//! same code, so the two cannot assemble different documents. A supertrait of
//! [`Store`](crate::Store).

use std::collections::HashMap;

use async_trait::async_trait;
use lattice_domain::ids::{ApplicationId, EntryId, PersonId};
use serde_json::value::RawValue;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::endorsement::{ENDORSEMENT_COLUMNS, endorsement_row};
use crate::sql::{
    APPLICATION_COLUMNS, MEMBERSHIP_COLUMNS, PERSON_COLUMNS, RATER_COLUMNS, SqlStore,
    application_row, json, membership_row, person_row, rater_row,
};
use crate::{
    ApplicationRow, EndorsementRow, EntryRow, MembershipRow, PersonRow, RaterRequestRow, Section,
    StoreError, StoreResult,
};

/// One person's stored rows, in the order the single-person reads return them.
#[derive(Debug, Clone)]
pub struct PortfolioParts {
    pub person: PersonRow,
    /// The stored singletons (agreements, extra person fields, endorsements held elsewhere);
    /// `None` when the person never saved any.
    pub meta: Option<serde_json::Value>,
    /// By id, each as its stored JSON text (not parsed here: the preview turns 300,000
    /// entries straight into typed portfolios, and a `serde_json::Value` tree per entry was
    /// most of its read time).
    pub entries: Vec<StoredEntry>,
    /// By id.
    pub applications: Vec<ApplicationRow>,
    /// Rater links of all their applications, by application then id.
    pub rater_requests: Vec<RaterRequestRow>,
    /// Latest-ending first (as `memberships_of`).
    pub memberships: Vec<MembershipRow>,
    /// Granted here, any status, by id (as `endorsements_of_person`).
    pub endorsements: Vec<EndorsementRow>,
}

/// One portfolio entry as stored: its JSON exactly as written, unparsed.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub id: EntryId,
    pub section: Section,
    pub data: Box<RawValue>,
}

impl StoredEntry {
    /// The entry parsed, as the row-by-row read ([`crate::Store::entries`]) gives it.
    pub fn parsed(&self) -> StoreResult<EntryRow> {
        Ok(EntryRow {
            id: self.id,
            section: self.section,
            data: serde_json::from_str(self.data.get())
                .map_err(|e| StoreError::Other(format!("stored JSON: {e}")))?,
        })
    }
}

/// How many people one batch names in its `IN` lists: well under SQLite's and PostgreSQL's
/// limits on bound parameters, and few enough that a batch's rows stay small in memory.
pub const PORTFOLIO_BATCH: usize = 500;

#[async_trait]
pub trait PortfolioStore: Send + Sync {
    /// The parts of these people's portfolios, in the order given (unknown ids left out), read
    /// [`PORTFOLIO_BATCH`] people at a time with seven queries a batch.
    async fn portfolio_parts(&self, people: &[PersonId]) -> StoreResult<Vec<PortfolioParts>>;
}

/// `$1, $2, …` for `n` values.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl SqlStore {
    /// The rows of `sql` (whose `IN (…)` list is `{ids}`) with the ids bound in order.
    async fn rows_for(&self, sql: &str, ids: &[i64]) -> StoreResult<Vec<AnyRow>> {
        let sql = sql.replace("{ids}", &placeholders(ids.len()));
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        Ok(query.fetch_all(&mut *self.reader().await?).await?)
    }

    async fn portfolio_batch(&self, people: &[PersonId]) -> StoreResult<Vec<PortfolioParts>> {
        let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
        let mut parts: HashMap<PersonId, PortfolioParts> = HashMap::new();
        for row in self
            .rows_for(
                &format!("SELECT {PERSON_COLUMNS} FROM people WHERE id IN ({{ids}})"),
                &ids,
            )
            .await?
        {
            let person = person_row(&row)?;
            parts.insert(
                person.id,
                PortfolioParts {
                    person,
                    meta: None,
                    entries: Vec::new(),
                    applications: Vec::new(),
                    rater_requests: Vec::new(),
                    memberships: Vec::new(),
                    endorsements: Vec::new(),
                },
            );
        }
        // Rows of a person not asked for cannot come back (every query is by these ids), so
        // a miss below is a person deleted between the queries: their rows are dropped.
        let person_of = |row: &AnyRow| -> StoreResult<PersonId> {
            Ok(PersonId(row.try_get::<i64, _>("person_id")?))
        };
        for row in self
            .rows_for(
                "SELECT person_id, meta FROM portfolios WHERE person_id IN ({ids})",
                &ids,
            )
            .await?
        {
            if let Some(p) = parts.get_mut(&person_of(&row)?) {
                p.meta = Some(json(&row.try_get::<String, _>("meta")?)?);
            }
        }
        // One row a person, their entries joined by the database into one JSON array of
        // `[id, section, data]` in id order: every row crosses from SQLite's thread through
        // sqlx's `Any` driver (copied twice, sent over a channel), and a batch has some 15,000
        // entries but 500 people (docs/PERFORMANCE.md, rule-change preview).
        // `string_agg(… ORDER BY …)` is the same on both backends (SQLite from 3.44). The
        // stored data is JSON written by this service and the section one of five keys, so
        // joining the texts makes JSON; one that does not parse fails the read as before.
        for row in self
            .rows_for(
                "SELECT person_id, '[' || string_agg('[' || id || ',\"' || section || '\",' \
                 || data || ']', ',' ORDER BY id) || ']' AS entries FROM portfolio_entries \
                 WHERE person_id IN ({ids}) GROUP BY person_id",
                &ids,
            )
            .await?
        {
            let Some(p) = parts.get_mut(&person_of(&row)?) else {
                continue;
            };
            let text: String = row.try_get("entries")?;
            // Each entry's text is only checked to be JSON and copied, not built into a tree.
            let joined: Vec<(i64, &str, &RawValue)> = serde_json::from_str(&text)
                .map_err(|e| StoreError::Other(format!("stored JSON: {e}")))?;
            for (id, section, data) in joined {
                p.entries.push(StoredEntry {
                    id: EntryId(id),
                    section: Section::from_key(section)
                        .ok_or_else(|| StoreError::Other(format!("stored section {section:?}")))?,
                    data: data.to_owned(),
                });
            }
        }
        let mut owner: HashMap<ApplicationId, PersonId> = HashMap::new();
        for row in self
            .rows_for(
                &format!(
                    "SELECT {APPLICATION_COLUMNS} FROM applications a \
                     WHERE a.person_id IN ({{ids}}) ORDER BY a.id"
                ),
                &ids,
            )
            .await?
        {
            let application = application_row(&row)?;
            owner.insert(application.id, application.person);
            if let Some(p) = parts.get_mut(&application.person) {
                p.applications.push(application);
            }
        }
        for row in self
            .rows_for(
                &format!(
                    "SELECT {RATER_COLUMNS} FROM rater_requests WHERE application_id IN \
                     (SELECT id FROM applications WHERE person_id IN ({{ids}})) \
                     ORDER BY application_id, id"
                ),
                &ids,
            )
            .await?
        {
            let request = rater_row(&row)?;
            let person = owner.get(&request.application).copied();
            if let Some(p) = person.and_then(|person| parts.get_mut(&person)) {
                p.rater_requests.push(request);
            }
        }
        for row in self
            .rows_for(
                &format!(
                    "SELECT {MEMBERSHIP_COLUMNS} FROM memberships m \
                     JOIN associations a ON a.id = m.association_id \
                     WHERE m.person_id IN ({{ids}}) ORDER BY m.ends_on DESC, m.id DESC"
                ),
                &ids,
            )
            .await?
        {
            let membership = membership_row(&row)?;
            if let Some(p) = parts.get_mut(&membership.person) {
                p.memberships.push(membership);
            }
        }
        for row in self
            .rows_for(
                &format!(
                    "SELECT {ENDORSEMENT_COLUMNS} FROM endorsements e \
                     JOIN associations a ON a.id = e.association_id \
                     WHERE e.person_id IN ({{ids}}) ORDER BY e.id"
                ),
                &ids,
            )
            .await?
        {
            let endorsement = endorsement_row(&row)?;
            if let Some(p) = parts.get_mut(&endorsement.person) {
                p.endorsements.push(endorsement);
            }
        }
        Ok(people.iter().filter_map(|p| parts.remove(p)).collect())
    }
}

#[async_trait]
impl PortfolioStore for SqlStore {
    async fn portfolio_parts(&self, people: &[PersonId]) -> StoreResult<Vec<PortfolioParts>> {
        let mut all = Vec::with_capacity(people.len());
        for batch in people.chunks(PORTFOLIO_BATCH) {
            all.extend(self.portfolio_batch(batch).await?);
        }
        Ok(all)
    }
}
