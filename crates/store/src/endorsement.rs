//! Storage for endorsements once granted: the records behind certificates, credentials and the
//! public registry; the associations' signing keys; transfers between associations.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::endorsement::{STATUS_LIST_BITS, Status, credential_number};
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_domain::language::{Language, OfferedLanguages};
use sqlx::any::AnyRow;
use sqlx::{Connection, Row};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::records::{NewAudit, NewMail};
use crate::sql::{
    MailKind, SqlStore, WriteTx, date, insert_audit, insert_mail_of_kind, language_of, one_row,
    secs, time,
};
use crate::{StoreError, StoreResult, date_text};

/// What a new endorsement needs; written in the transaction that endorses the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEndorsement {
    pub person: PersonId,
    pub association: AssociationId,
    /// The association's abbreviation, the credential number's prefix.
    pub abbreviation: String,
    pub application: Option<lattice_domain::ids::ApplicationId>,
    pub category: String,
    pub name_line: String,
    pub title_line: String,
    pub display_name: String,
    pub city: String,
    pub region: String,
    pub endorsed_on: NaiveDate,
    pub valid_through: NaiveDate,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndorsementRow {
    pub id: i64,
    pub person: PersonId,
    pub association: AssociationId,
    pub association_slug: String,
    pub association_name: String,
    pub category: String,
    pub status: Status,
    pub credential_number: String,
    pub name_line: String,
    pub title_line: String,
    pub display_name: String,
    pub city: String,
    pub region: String,
    pub endorsed_on: NaiveDate,
    pub valid_through: NaiveDate,
    pub status_since: NaiveDate,
    /// Its bit in the association's status lists: drawn at random when it was granted (see
    /// [`STATUS_LIST_BITS`]), or its record id for endorsements granted before random indexes,
    /// whose credentials already carry that index.
    pub status_index: i64,
}

/// Counts past this are reported as "more than".
pub const REGISTRY_COUNT_CAP: i64 = 1000;

/// A registry search. Empty fields match everything. `name` is the start of the family name
/// ("oka"), or a name as written ("Grace Oka"), given name first; `given` the start of the
/// given name; `city` the start of the city.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryQuery {
    pub name: String,
    pub given: String,
    pub category: String,
    pub association: Option<AssociationId>,
    pub city: String,
    /// State or region, matched whole and without regard to case ("MA", "ma").
    pub region: String,
    pub skip: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKeyRow {
    pub kid: String,
    pub association: AssociationId,
    pub public_jwk: serde_json::Value,
    pub sealed_private_key: String,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferRow {
    pub id: i64,
    pub endorsement: i64,
    pub from_association: AssociationId,
    pub to_association: AssociationId,
    pub requested_by: PersonId,
    pub reason: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

/// Lower-cased words with single spaces and accents folded: the form search compares, so
/// "Nguyen" finds "Nguyễn" and "jose" finds "José". Commas separate words ("Osei, Jack").
pub fn search_text(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == ',' { ' ' } else { c })
        .collect();
    folded
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The two search keys of a name: family name first, and as written.
pub fn search_keys(display_name: &str) -> (String, String) {
    let written = search_text(display_name);
    (last_word_first(&written), written)
}

/// "grace ama okafor" → "okafor grace ama": a name as written, family name (its last word)
/// first.
fn last_word_first(written: &str) -> String {
    match written.rsplit_once(' ') {
        Some((rest, last)) => format!("{last} {rest}"),
        None => written.to_string(),
    }
}

/// The keys a typed name searches, `(family first, as written)`: a listing matches when its
/// family-first key starts with the first or its written key starts with the second. So
/// "Osei" (a family name), "Jack" (a given name), "Jack Osei" and "Osei, Jack" all find
/// Jack Osei, as does "Jack O" while it is being typed.
pub fn name_keys(typed: &str) -> (String, String) {
    if let Some((family, given)) = typed.split_once(',') {
        let joined = |a: &str, b: &str| search_text(&format!("{a} {b}"));
        return (joined(family, given), joined(given, family));
    }
    search_keys(typed)
}

/// The exclusive upper bound of a prefix range: the prefix with its last character bumped, so
/// `col >= prefix AND col < bound` finds every value starting with the prefix by index.
fn prefix_bound(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    // Only reached for an empty prefix, which callers do not range over.
    String::from(char::MAX)
}

/// A search parameter: the filters bind text and numbers.
enum Bind {
    Text(String),
    Int(i64),
}

pub(crate) const ENDORSEMENT_COLUMNS: &str = "e.id, e.person_id, e.association_id, a.slug, a.name AS association_name, \
     e.category, e.status, e.credential_number, e.name_line, e.title_line, e.display_name, \
     e.city, e.region, e.endorsed_on, e.valid_through, e.status_since, e.status_index";

pub(crate) fn endorsement_row(row: &AnyRow) -> StoreResult<EndorsementRow> {
    let status: String = row.try_get("status")?;
    let required = |key: &str| -> StoreResult<NaiveDate> {
        date(Some(row.try_get(key)?))?.ok_or_else(|| StoreError::Other(format!("{key} missing")))
    };
    Ok(EndorsementRow {
        id: row.try_get("id")?,
        person: PersonId(row.try_get("person_id")?),
        association: AssociationId(row.try_get("association_id")?),
        association_slug: row.try_get("slug")?,
        association_name: row.try_get("association_name")?,
        category: row.try_get("category")?,
        status: Status::from_key(&status)
            .ok_or_else(|| StoreError::Other(format!("stored status {status:?}")))?,
        credential_number: row
            .try_get::<Option<String>, _>("credential_number")?
            .unwrap_or_default(),
        name_line: row.try_get("name_line")?,
        title_line: row.try_get("title_line")?,
        display_name: row.try_get("display_name")?,
        city: row.try_get("city")?,
        region: row.try_get("region")?,
        endorsed_on: required("endorsed_on")?,
        valid_through: required("valid_through")?,
        status_since: required("status_since")?,
        status_index: row.try_get("status_index")?,
    })
}

/// Whom the background passes write to about an endorsement, and in which language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endorsee {
    pub email: String,
    pub name: String,
    /// The one they chose for their account when the association offers it, English
    /// otherwise (`OfferedLanguages::reader_language`).
    pub language: Language,
}

/// The columns [`endorsee`] reads, beside [`ENDORSEMENT_COLUMNS`] (people `p`, associations `a`).
const ENDORSEE_COLUMNS: &str = "p.email, p.name AS person_name, p.language AS person_language, \
     a.languages AS offered_languages";

fn endorsee(row: &AnyRow) -> StoreResult<Endorsee> {
    let offered: String = row.try_get("offered_languages")?;
    let offered = OfferedLanguages::from_stored(&offered)
        .ok_or_else(|| StoreError::Other(format!("stored languages {offered:?}")))?;
    Ok(Endorsee {
        email: row.try_get("email")?,
        name: row.try_get("person_name")?,
        language: offered.reader_language(language_of(row.try_get("person_language")?)?),
    })
}

/// How many random draws a new endorsement gets to find a free status index. The range is at
/// most half taken, so each draw finds one at least every other time: 64 failures in a row
/// mean something else is wrong.
const STATUS_INDEX_DRAWS: usize = 64;

/// Gives a new endorsement its status index, at random among the unused ones (the Bitstring
/// Status List recommends random assignment: neighbouring bits then say nothing about who was
/// endorsed when). Indexes are unique across all associations, not only within one, so an
/// endorsement keeps its index through a transfer and an index once used is never handed to
/// another endorsement (a credential issued earlier still points at it).
///
/// Each draw is tried under a savepoint: an index taken meanwhile by a concurrent endorsement
/// (the unique index refuses it) costs one more draw, not the whole transaction.
pub(crate) async fn assign_status_index(tx: &mut WriteTx, id: i64) -> StoreResult<()> {
    // Rows are never deleted, so the highest id bounds how many indexes are taken; the range
    // grows by whole lists to stay at most half full.
    let highest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM endorsements")
        .fetch_one(&mut **tx)
        .await?;
    let range = STATUS_LIST_BITS * (highest * 2 / STATUS_LIST_BITS + 1);
    for _ in 0..STATUS_INDEX_DRAWS {
        let draw = getrandom::u64().map_err(|e| StoreError::Other(format!("randomness: {e}")))?;
        // The modulo's bias is below 2^-40 for ranges this small.
        let index = i64::try_from(draw % range.unsigned_abs())
            .map_err(|_| StoreError::Other(format!("status index range {range}")))?;
        let mut attempt = tx.begin().await?;
        let written = sqlx::query("UPDATE endorsements SET status_index = $1 WHERE id = $2")
            .bind(index)
            .bind(id)
            .execute(&mut *attempt)
            .await;
        match written {
            Ok(_) => {
                attempt.commit().await?;
                return Ok(());
            }
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                attempt.rollback().await?;
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(StoreError::Other(format!(
        "no free status list index found for endorsement {id} in {STATUS_INDEX_DRAWS} draws"
    )))
}

/// Inserts an endorsement and gives it its credential number, inside the caller's transaction.
pub(crate) async fn insert_endorsement(tx: &mut WriteTx, new: &NewEndorsement) -> StoreResult<i64> {
    let (family, given) = search_keys(&new.display_name);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO endorsements (person_id, association_id, application_id, category, status, \
         name_line, title_line, display_name, search_family, search_given, city, region, \
         search_city, endorsed_on, valid_through, status_since, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $13, $15, $15) \
         RETURNING id",
    )
    .bind(new.person.0)
    .bind(new.association.0)
    .bind(new.application.map(|a| a.0))
    .bind(&new.category)
    .bind(&new.name_line)
    .bind(&new.title_line)
    .bind(&new.display_name)
    .bind(family)
    .bind(given)
    .bind(new.city.trim())
    .bind(new.region.trim())
    .bind(search_text(&new.city))
    .bind(date_text(new.endorsed_on))
    .bind(date_text(new.valid_through))
    .bind(secs(new.at))
    .fetch_one(&mut **tx)
    .await?;
    let sequence = u64::try_from(id).map_err(|_| StoreError::Other(format!("id {id}")))?;
    let number = credential_number(
        &new.abbreviation,
        new.endorsed_on
            .format("%Y")
            .to_string()
            .parse()
            .unwrap_or(0),
        sequence,
    );
    sqlx::query("UPDATE endorsements SET credential_number = $1 WHERE id = $2")
        .bind(&number)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    assign_status_index(tx, id).await?;
    insert_audit(
        tx,
        &NewAudit {
            at: new.at,
            actor: None,
            association: Some(new.association),
            subject: format!("person:{}", new.person),
            action: "endorse".to_string(),
            reason: format!("{} {number}", new.category),
        },
    )
    .await?;
    Ok(id)
}

/// Revives a lapsed endorsement (same credential number), inside the caller's transaction.
pub(crate) async fn reinstate(
    tx: &mut WriteTx,
    endorsement: i64,
    valid_through: NaiveDate,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE endorsements SET status = 'active', status_since = $1, valid_through = $2, \
         updated_at = $3 WHERE id = $4 AND status = 'lapsed'",
    )
    .bind(date_text(Utc::now().date_naive()))
    .bind(date_text(valid_through))
    .bind(secs(Utc::now()))
    .bind(endorsement)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict(
            "only a lapsed endorsement can be reinstated".to_string(),
        ));
    }
    Ok(())
}

/// A renewal handed in for one renewal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRenewal {
    pub person: PersonId,
    pub association: AssociationId,
    pub year: i32,
    /// The late fee owed, if any; the endorsements are extended once it is paid.
    pub fee_usd: i64,
    /// The new end of good standing.
    pub valid_through: NaiveDate,
    pub at: DateTime<Utc>,
    /// The mails it sends (the endorsee's confirmation, the coordinator's late-fee notice),
    /// queued in the same transaction so a crash never keeps one without the other.
    pub mails: Vec<crate::NewMail>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalRow {
    pub id: i64,
    pub person: PersonId,
    pub person_name: String,
    pub association: AssociationId,
    pub year: i32,
    pub fee_usd: i64,
    pub valid_through: NaiveDate,
    pub submitted_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

fn renewal_row(row: &AnyRow) -> StoreResult<RenewalRow> {
    let year: i64 = row.try_get("year")?;
    Ok(RenewalRow {
        id: row.try_get("id")?,
        person: PersonId(row.try_get("person_id")?),
        person_name: row.try_get("name")?,
        association: AssociationId(row.try_get("association_id")?),
        year: i32::try_from(year).map_err(|_| StoreError::Other(format!("year {year}")))?,
        fee_usd: row.try_get("fee_usd")?,
        valid_through: date(Some(row.try_get("valid_through")?))?
            .ok_or_else(|| StoreError::Other("valid_through missing".to_string()))?,
        submitted_at: time(row.try_get("submitted_at")?)?,
        paid_at: row
            .try_get::<Option<i64>, _>("paid_at")?
            .map(time)
            .transpose()?,
    })
}

/// Extends the person's active endorsements at the association, inside a transaction.
async fn extend_at(
    tx: &mut WriteTx,
    person: PersonId,
    association: AssociationId,
    valid_through: NaiveDate,
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    Ok(sqlx::query(
        "UPDATE endorsements SET valid_through = $1, updated_at = $2 \
         WHERE person_id = $3 AND association_id = $4 AND status = 'active' AND valid_through < $1",
    )
    .bind(date_text(valid_through))
    .bind(secs(at))
    .bind(person.0)
    .bind(association.0)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

const RENEWAL_COLUMNS: &str = "r.id, r.person_id, p.name, r.association_id, r.year, r.fee_usd, \
     r.valid_through, r.submitted_at, r.paid_at";

#[async_trait]
pub trait EndorsementStore: Send + Sync {
    /// Adds an endorsement outside any application (imports, generated test data).
    async fn add_endorsement(&self, new: &NewEndorsement) -> StoreResult<i64>;
    /// Adds many at once in one transaction (imports; the registry benchmark's 100,000).
    async fn add_endorsements(&self, news: &[NewEndorsement]) -> StoreResult<()>;
    /// Adds endorsees without a password (they set one by the reset link), all or none, for
    /// imports from another system.
    async fn add_people(&self, people: &[crate::NewPerson]) -> StoreResult<Vec<PersonId>>;
    async fn endorsement(&self, id: i64) -> StoreResult<EndorsementRow>;
    async fn endorsement_by_number(&self, number: &str) -> StoreResult<EndorsementRow>;
    /// The endorsement holding a status list index (unique across associations).
    async fn endorsement_by_status_index(&self, index: i64) -> StoreResult<EndorsementRow>;
    async fn endorsements_of_person(&self, person: PersonId) -> StoreResult<Vec<EndorsementRow>>;
    async fn endorsements_of_association(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<EndorsementRow>>;
    /// Active endorsements matching the query, and how many match in all.
    async fn search_registry(
        &self,
        query: &RegistryQuery,
    ) -> StoreResult<(i64, Vec<EndorsementRow>)>;
    async fn set_endorsement_status(
        &self,
        id: i64,
        status: Status,
        since: NaiveDate,
        audit: &NewAudit,
    ) -> StoreResult<()>;
    /// Every endorsement, whatever its status, whose last change has a number above `after`,
    /// with that number, in order: what each node's in-memory registry reads to catch up. The
    /// database numbers changes in commit order (see the migration `endorsement_changes`), so
    /// a reader that asks for what follows the largest number it has seen misses nothing,
    /// whatever the writing node's clock said.
    async fn endorsements_changed_after(
        &self,
        after: i64,
    ) -> StoreResult<Vec<(EndorsementRow, i64)>>;
    /// Moves every active endorsement of the person to the new end of validity (a renewal).
    async fn extend_endorsements(
        &self,
        person: PersonId,
        valid_through: NaiveDate,
        audit: &NewAudit,
    ) -> StoreResult<u64>;
    /// Active endorsements valid only through a day before `as_of` (due to lapse), the first
    /// `limit` by id after `after_id`, with the endorsee's email and name. The worker pages by
    /// id, since one a later grace period keeps in good standing stays in this set.
    async fn expired_endorsements(
        &self,
        as_of: NaiveDate,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<(EndorsementRow, Endorsee)>>;
    /// Lapses each endorsement given that is still active and expired at `as_of`, with its
    /// audit row and its notice (queued as bulk mail), all in one transaction; one lapsed by
    /// another node meanwhile is left alone. Returns how many were lapsed.
    async fn lapse_endorsements(
        &self,
        lapses: &[(i64, NewMail)],
        as_of: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<usize>;
    async fn set_listing(
        &self,
        id: i64,
        city: &str,
        region: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    // Renewals.
    /// Records a renewal; with no fee owed the endorsements are extended in the same
    /// transaction. A second renewal for the same year is a conflict.
    async fn submit_renewal(&self, renewal: &NewRenewal) -> StoreResult<i64>;
    /// Records the late fee paid and extends the endorsements, in one transaction.
    async fn mark_renewal_paid(
        &self,
        id: i64,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> StoreResult<RenewalRow>;
    async fn renewals_of_person(&self, person: PersonId) -> StoreResult<Vec<RenewalRow>>;
    async fn renewals_of_association(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<RenewalRow>>;
    /// Active endorsements good only through `before` or earlier, with the endorsee:
    /// what renewal reminders look at. One page: those of the next `people` endorsees after
    /// `after` (by person id), all of each person's together, ordered by person then id.
    async fn endorsements_ending_by(
        &self,
        before: NaiveDate,
        after: PersonId,
        people: i64,
    ) -> StoreResult<Vec<(EndorsementRow, Endorsee)>>;
    /// The renewals of the endorsees whose ids lie in `from..=through` (a page of the pass).
    async fn renewals_of_people(
        &self,
        from: PersonId,
        through: PersonId,
    ) -> StoreResult<Vec<RenewalRow>>;
    async fn set_reinstates(
        &self,
        application: lattice_domain::ids::ApplicationId,
        endorsement: i64,
    ) -> StoreResult<()>;

    // Signing keys.
    async fn add_signing_key(&self, key: &SigningKeyRow) -> StoreResult<()>;
    /// Every key of the association, newest first (retired ones still verify old credentials).
    async fn signing_keys(&self, association: AssociationId) -> StoreResult<Vec<SigningKeyRow>>;
    /// The person's credential subject id: the one stored, else `fresh` stored now. Two first
    /// issuances at once agree on whichever was stored first.
    async fn credential_subject(&self, person: PersonId, fresh: &str) -> StoreResult<String>;

    // Transfers.
    async fn request_transfer(
        &self,
        endorsement: i64,
        to: AssociationId,
        by: PersonId,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn transfers_to(&self, association: AssociationId) -> StoreResult<Vec<TransferRow>>;
    async fn transfers_of(&self, endorsement: i64) -> StoreResult<Vec<TransferRow>>;
    /// Accepts (the endorsement moves, history kept) or declines a requested transfer.
    async fn decide_transfer(
        &self,
        transfer: i64,
        accept: bool,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

fn transfer_row(row: &AnyRow) -> StoreResult<TransferRow> {
    Ok(TransferRow {
        id: row.try_get("id")?,
        endorsement: row.try_get("endorsement_id")?,
        from_association: AssociationId(row.try_get("from_association")?),
        to_association: AssociationId(row.try_get("to_association")?),
        requested_by: PersonId(row.try_get("requested_by")?),
        reason: row.try_get("reason")?,
        status: row.try_get("status")?,
        created_at: time(row.try_get("created_at")?)?,
    })
}

const TRANSFER_COLUMNS: &str = "id, endorsement_id, from_association, to_association, \
     requested_by, reason, status, created_at";

impl SqlStore {
    async fn endorsements_where(
        &self,
        clause: &str,
        bind: i64,
    ) -> StoreResult<Vec<EndorsementRow>> {
        sqlx::query(&format!(
            "SELECT {ENDORSEMENT_COLUMNS} FROM endorsements e \
             JOIN associations a ON a.id = e.association_id WHERE {clause} ORDER BY e.id"
        ))
        .bind(bind)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(endorsement_row)
        .collect()
    }
}

#[async_trait]
impl EndorsementStore for SqlStore {
    async fn add_endorsement(&self, new: &NewEndorsement) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id = insert_endorsement(&mut tx, new).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn add_endorsements(&self, news: &[NewEndorsement]) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for new in news {
            insert_endorsement(&mut tx, new).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn add_people(&self, people: &[crate::NewPerson]) -> StoreResult<Vec<PersonId>> {
        let mut tx = self.begin().await?;
        let mut ids = Vec::with_capacity(people.len());
        for person in people {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO people (email, name, password_hash, admin, created_at) \
                 VALUES ($1, $2, $3, 0, $4) RETURNING id",
            )
            .bind(person.email.trim().to_lowercase())
            .bind(&person.name)
            .bind(person.password_hash.as_deref())
            .bind(secs(Utc::now()))
            .fetch_one(&mut *tx)
            .await?;
            ids.push(PersonId(id));
        }
        tx.commit().await?;
        Ok(ids)
    }

    async fn endorsement(&self, id: i64) -> StoreResult<EndorsementRow> {
        self.endorsements_where("e.id = $1", id)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    async fn endorsement_by_status_index(&self, index: i64) -> StoreResult<EndorsementRow> {
        self.endorsements_where("e.status_index = $1", index)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    async fn endorsement_by_number(&self, number: &str) -> StoreResult<EndorsementRow> {
        let row = sqlx::query(&format!(
            "SELECT {ENDORSEMENT_COLUMNS} FROM endorsements e \
             JOIN associations a ON a.id = e.association_id WHERE e.credential_number = $1"
        ))
        .bind(number)
        .fetch_one(&mut *self.reader().await?)
        .await?;
        endorsement_row(&row)
    }

    async fn endorsements_of_person(&self, person: PersonId) -> StoreResult<Vec<EndorsementRow>> {
        self.endorsements_where("e.person_id = $1", person.0).await
    }

    async fn endorsements_of_association(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<EndorsementRow>> {
        self.endorsements_where("e.association_id = $1", association.0)
            .await
    }

    async fn search_registry(
        &self,
        query: &RegistryQuery,
    ) -> StoreResult<(i64, Vec<EndorsementRow>)> {
        let mut clauses = vec!["e.status = 'active'".to_string()];
        let mut binds: Vec<Bind> = Vec::new();
        // `column` starts with `prefix`, as a range the column's index answers.
        let range = |binds: &mut Vec<Bind>, column: &str, prefix: String| {
            let n = binds.len();
            let bound = prefix_bound(&prefix);
            binds.push(Bind::Text(prefix));
            binds.push(Bind::Text(bound));
            format!("{column} >= ${} AND {column} < ${}", n + 1, n + 2)
        };
        // The one column read in order: the first filter that has an index range.
        let (family, written) = name_keys(&query.name);
        let given = search_text(&query.given);
        let city = search_text(&query.city);
        let order = if !family.is_empty() {
            // A name is a family name's start or a written name's start (`name_keys`).
            let by_family = range(&mut binds, "e.search_family", family);
            let by_written = range(&mut binds, "e.search_given", written);
            clauses.push(format!("(({by_family}) OR ({by_written}))"));
            if !given.is_empty() {
                clauses.push(range(&mut binds, "e.search_given", given));
            }
            "e.search_family"
        } else if !given.is_empty() {
            clauses.push(range(&mut binds, "e.search_given", given));
            "e.search_given"
        } else if !city.is_empty() {
            clauses.push(range(&mut binds, "e.search_city", city.clone()));
            "e.search_city"
        } else {
            "e.search_family"
        };
        if order != "e.search_city" && !city.is_empty() {
            clauses.push(range(&mut binds, "e.search_city", city));
        }
        let region = search_text(&query.region);
        if !region.is_empty() {
            binds.push(Bind::Text(region));
            clauses.push(format!("LOWER(e.region) = ${}", binds.len()));
        }
        if !query.category.trim().is_empty() {
            binds.push(Bind::Text(query.category.trim().to_string()));
            clauses.push(format!("e.category = ${}", binds.len()));
        }
        if let Some(association) = query.association {
            binds.push(Bind::Int(association.0));
            clauses.push(format!("e.association_id = ${}", binds.len()));
        }
        let filter = clauses.join(" AND ");
        // Counting stops past the cap: an exact count of a common prefix would cost more than
        // the page itself, and nobody pages through a thousand names.
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM endorsements e WHERE {filter} LIMIT {}) t",
            REGISTRY_COUNT_CAP + 1
        );
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        for bind in &binds {
            count = match bind {
                Bind::Text(text) => count.bind(text),
                Bind::Int(number) => count.bind(number),
            };
        }
        let total = count.fetch_one(&mut *self.reader().await?).await?;
        let limit = query.limit.clamp(1, 200);
        let skip = query.skip.max(0);
        let list_sql = format!(
            "SELECT {ENDORSEMENT_COLUMNS} FROM endorsements e \
             JOIN associations a ON a.id = e.association_id WHERE {filter} \
             ORDER BY {order}, e.id LIMIT {limit} OFFSET {skip}"
        );
        let mut list = sqlx::query(&list_sql);
        for bind in &binds {
            list = match bind {
                Bind::Text(text) => list.bind(text),
                Bind::Int(number) => list.bind(number),
            };
        }
        let rows = list
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(endorsement_row)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((total, rows))
    }

    async fn set_endorsement_status(
        &self,
        id: i64,
        status: Status,
        since: NaiveDate,
        audit: &NewAudit,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let current: String = sqlx::query_scalar("SELECT status FROM endorsements WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if let Some(refused) = Status::from_key(&current).and_then(Status::change_refused) {
            return Err(StoreError::Conflict(refused.to_string()));
        }
        // The status read above is checked again in the write, so a revocation committed
        // in between is not undone either.
        let done = sqlx::query(
            "UPDATE endorsements SET status = $1, status_since = $2, updated_at = $3 \
             WHERE id = $4 AND status = $5",
        )
        .bind(status.key())
        .bind(date_text(since))
        .bind(secs(audit.at))
        .bind(id)
        .bind(&current)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "status: the endorsement changed meanwhile; reload the page and try again"
                    .to_string(),
            ));
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn endorsements_changed_after(
        &self,
        after: i64,
    ) -> StoreResult<Vec<(EndorsementRow, i64)>> {
        use futures_util::TryStreamExt;
        let sql = format!(
            "SELECT {ENDORSEMENT_COLUMNS}, e.change_seq FROM endorsements e \
             JOIN associations a ON a.id = e.association_id WHERE e.change_seq > $1 \
             ORDER BY e.change_seq"
        );
        // Row by row: a first read of every endorsement would otherwise hold all the raw rows
        // and their conversions at once, a peak the process keeps as resident memory.
        let mut rows = sqlx::query(&sql).bind(after).fetch(&self.pool);
        let mut changed = Vec::new();
        while let Some(row) = rows.try_next().await? {
            changed.push((endorsement_row(&row)?, row.try_get("change_seq")?));
        }
        Ok(changed)
    }

    async fn extend_endorsements(
        &self,
        person: PersonId,
        valid_through: NaiveDate,
        audit: &NewAudit,
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE endorsements SET valid_through = $1, updated_at = $2 \
             WHERE person_id = $3 AND status = 'active' AND valid_through < $1",
        )
        .bind(date_text(valid_through))
        .bind(secs(audit.at))
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    async fn expired_endorsements(
        &self,
        as_of: NaiveDate,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<(EndorsementRow, Endorsee)>> {
        sqlx::query(&format!(
            "SELECT {ENDORSEMENT_COLUMNS}, {ENDORSEE_COLUMNS} FROM endorsements e \
             JOIN associations a ON a.id = e.association_id JOIN people p ON p.id = e.person_id \
             WHERE e.status = 'active' AND e.valid_through < $1 AND e.id > $2 \
             ORDER BY e.id LIMIT $3"
        ))
        .bind(date_text(as_of))
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| Ok((endorsement_row(row)?, endorsee(row)?)))
        .collect()
    }

    async fn lapse_endorsements(
        &self,
        lapses: &[(i64, NewMail)],
        as_of: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let mut lapsed = 0;
        for (id, notice) in lapses {
            let row = sqlx::query(
                "UPDATE endorsements SET status = 'lapsed', status_since = $1, updated_at = $2 \
                 WHERE id = $3 AND status = 'active' AND valid_through < $1 \
                 RETURNING person_id, association_id, credential_number, valid_through",
            )
            .bind(date_text(as_of))
            .bind(secs(at))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                continue;
            };
            let person: i64 = row.try_get("person_id")?;
            let credential_number: String = row.try_get("credential_number")?;
            let valid_through: String = row.try_get("valid_through")?;
            insert_audit(
                &mut tx,
                &NewAudit {
                    at,
                    actor: None,
                    association: Some(AssociationId(row.try_get("association_id")?)),
                    subject: format!("person:{person}"),
                    action: "lapse".to_string(),
                    reason: format!(
                        "{credential_number} not renewed; valid through {valid_through}"
                    ),
                },
            )
            .await?;
            insert_mail_of_kind(&mut tx, notice, MailKind::Bulk).await?;
            lapsed += 1;
        }
        tx.commit().await?;
        Ok(lapsed)
    }

    async fn set_listing(
        &self,
        id: i64,
        city: &str,
        region: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE endorsements SET city = $1, region = $2, search_city = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(city.trim())
        .bind(region.trim())
        .bind(search_text(city))
        .bind(secs(at))
        .bind(id)
        .execute(&mut *self.autocommit().await?)
        .await?;
        one_row(done.rows_affected())
    }

    async fn submit_renewal(&self, renewal: &NewRenewal) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO renewals (person_id, association_id, year, fee_usd, valid_through, \
             submitted_at, paid_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(renewal.person.0)
        .bind(renewal.association.0)
        .bind(i64::from(renewal.year))
        .bind(renewal.fee_usd)
        .bind(date_text(renewal.valid_through))
        .bind(secs(renewal.at))
        .bind((renewal.fee_usd == 0).then(|| secs(renewal.at)))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(format!(
                "the renewal for {} was already handed in",
                renewal.year
            )),
            other => other,
        })?;
        if renewal.fee_usd == 0 {
            extend_at(
                &mut tx,
                renewal.person,
                renewal.association,
                renewal.valid_through,
                renewal.at,
            )
            .await?;
        }
        insert_audit(
            &mut tx,
            &NewAudit {
                at: renewal.at,
                actor: Some(renewal.person),
                association: Some(renewal.association),
                subject: format!("person:{}", renewal.person),
                action: "renew".to_string(),
                reason: if renewal.fee_usd == 0 {
                    format!("{}: good through {}", renewal.year, renewal.valid_through)
                } else {
                    format!("{}: late fee ${} owed", renewal.year, renewal.fee_usd)
                },
            },
        )
        .await?;
        for mail in &renewal.mails {
            crate::sql::insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn mark_renewal_paid(
        &self,
        id: i64,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> StoreResult<RenewalRow> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE renewals SET paid_at = $1, paid_by = $2 WHERE id = $3 AND paid_at IS NULL",
        )
        .bind(secs(at))
        .bind(by.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        one_row(done.rows_affected())?;
        let row = renewal_row(
            &sqlx::query(&format!(
                "SELECT {RENEWAL_COLUMNS} FROM renewals r JOIN people p ON p.id = r.person_id \
                 WHERE r.id = $1"
            ))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?,
        )?;
        extend_at(&mut tx, row.person, row.association, row.valid_through, at).await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at,
                actor: Some(by),
                association: Some(row.association),
                subject: format!("person:{}", row.person),
                action: "renewal-paid".to_string(),
                reason: format!("{}: good through {}", row.year, row.valid_through),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn renewals_of_person(&self, person: PersonId) -> StoreResult<Vec<RenewalRow>> {
        sqlx::query(&format!(
            "SELECT {RENEWAL_COLUMNS} FROM renewals r JOIN people p ON p.id = r.person_id \
             WHERE r.person_id = $1 ORDER BY r.year, r.id"
        ))
        .bind(person.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(renewal_row)
        .collect()
    }

    async fn renewals_of_association(
        &self,
        association: AssociationId,
    ) -> StoreResult<Vec<RenewalRow>> {
        sqlx::query(&format!(
            "SELECT {RENEWAL_COLUMNS} FROM renewals r JOIN people p ON p.id = r.person_id \
             WHERE r.association_id = $1 ORDER BY r.submitted_at DESC, r.id"
        ))
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(renewal_row)
        .collect()
    }

    async fn endorsements_ending_by(
        &self,
        before: NaiveDate,
        after: PersonId,
        people: i64,
    ) -> StoreResult<Vec<(EndorsementRow, Endorsee)>> {
        sqlx::query(&format!(
            "SELECT {ENDORSEMENT_COLUMNS}, {ENDORSEE_COLUMNS} FROM endorsements e \
             JOIN associations a ON a.id = e.association_id JOIN people p ON p.id = e.person_id \
             WHERE e.status = 'active' AND e.valid_through <= $1 AND e.person_id IN (\
                 SELECT DISTINCT person_id FROM endorsements WHERE status = 'active' \
                 AND valid_through <= $1 AND person_id > $2 ORDER BY person_id LIMIT $3) \
             ORDER BY e.person_id, e.id"
        ))
        .bind(date_text(before))
        .bind(after.0)
        .bind(people)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| Ok((endorsement_row(row)?, endorsee(row)?)))
        .collect()
    }

    async fn renewals_of_people(
        &self,
        from: PersonId,
        through: PersonId,
    ) -> StoreResult<Vec<RenewalRow>> {
        sqlx::query(&format!(
            "SELECT {RENEWAL_COLUMNS} FROM renewals r JOIN people p ON p.id = r.person_id \
             WHERE r.person_id BETWEEN $1 AND $2 ORDER BY r.person_id, r.year, r.id"
        ))
        .bind(from.0)
        .bind(through.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(renewal_row)
        .collect()
    }

    async fn set_reinstates(
        &self,
        application: lattice_domain::ids::ApplicationId,
        endorsement: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE applications SET reinstates = $1 WHERE id = $2")
            .bind(endorsement)
            .bind(application.0)
            .execute(&mut *self.autocommit().await?)
            .await?;
        one_row(done.rows_affected())
    }

    async fn add_signing_key(&self, key: &SigningKeyRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO signing_keys (kid, association_id, public_jwk, sealed_private_key, \
             created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&key.kid)
        .bind(key.association.0)
        .bind(key.public_jwk.to_string())
        .bind(&key.sealed_private_key)
        .bind(secs(key.created_at))
        .execute(&mut *self.autocommit().await?)
        .await?;
        Ok(())
    }

    async fn signing_keys(&self, association: AssociationId) -> StoreResult<Vec<SigningKeyRow>> {
        sqlx::query(
            "SELECT kid, association_id, public_jwk, sealed_private_key, created_at, retired_at \
             FROM signing_keys WHERE association_id = $1 ORDER BY created_at DESC, kid",
        )
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            let jwk: String = row.try_get("public_jwk")?;
            Ok(SigningKeyRow {
                kid: row.try_get("kid")?,
                association: AssociationId(row.try_get("association_id")?),
                public_jwk: serde_json::from_str(&jwk)
                    .map_err(|e| StoreError::Other(format!("stored JWK: {e}")))?,
                sealed_private_key: row.try_get("sealed_private_key")?,
                created_at: time(row.try_get("created_at")?)?,
                retired_at: row
                    .try_get::<Option<i64>, _>("retired_at")?
                    .map(time)
                    .transpose()?,
            })
        })
        .collect()
    }

    async fn credential_subject(&self, person: PersonId, fresh: &str) -> StoreResult<String> {
        sqlx::query(
            "UPDATE people SET credential_subject = $1 WHERE id = $2 AND credential_subject IS NULL",
        )
        .bind(fresh)
        .bind(person.0)
        .execute(&mut *self.autocommit().await?)
        .await?;
        sqlx::query_scalar::<_, Option<String>>(
            "SELECT credential_subject FROM people WHERE id = $1",
        )
        .bind(person.0)
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .flatten()
        .ok_or(StoreError::NotFound)
    }

    async fn request_transfer(
        &self,
        endorsement: i64,
        to: AssociationId,
        by: PersonId,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let held = sqlx::query(
            "SELECT association_id, status FROM endorsements WHERE id = $1 AND person_id = $2",
        )
        .bind(endorsement)
        .bind(by.0)
        .fetch_one(&mut *tx)
        .await?;
        let from: i64 = held.try_get("association_id")?;
        let status: String = held.try_get("status")?;
        // Its revocation bit is on its association's list: moving it would drop the bit.
        if status == Status::Revoked.key() {
            return Err(StoreError::Conflict(
                "a revoked endorsement cannot be transferred".to_string(),
            ));
        }
        if from == to.0 {
            return Err(StoreError::Conflict(
                "the endorsement is already held at that association".to_string(),
            ));
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM transfers WHERE endorsement_id = $1 AND status = 'requested'",
        )
        .bind(endorsement)
        .fetch_one(&mut *tx)
        .await?;
        if open > 0 {
            return Err(StoreError::Conflict(
                "a transfer of this endorsement is already waiting".to_string(),
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO transfers (endorsement_id, from_association, to_association, \
             requested_by, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(endorsement)
        .bind(from)
        .bind(to.0)
        .bind(by.0)
        .bind(reason)
        .bind(secs(at))
        .fetch_one(&mut *tx)
        .await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                at,
                actor: Some(by),
                association: Some(to),
                subject: format!("person:{by}"),
                action: "request-transfer".to_string(),
                reason: reason.to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn transfers_to(&self, association: AssociationId) -> StoreResult<Vec<TransferRow>> {
        sqlx::query(&format!(
            "SELECT {TRANSFER_COLUMNS} FROM transfers WHERE to_association = $1 ORDER BY id"
        ))
        .bind(association.0)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(transfer_row)
        .collect()
    }

    async fn transfers_of(&self, endorsement: i64) -> StoreResult<Vec<TransferRow>> {
        sqlx::query(&format!(
            "SELECT {TRANSFER_COLUMNS} FROM transfers WHERE endorsement_id = $1 ORDER BY id"
        ))
        .bind(endorsement)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(transfer_row)
        .collect()
    }

    async fn decide_transfer(
        &self,
        transfer: i64,
        accept: bool,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let row = transfer_row(
            &sqlx::query(&format!(
                "SELECT {TRANSFER_COLUMNS} FROM transfers WHERE id = $1 AND status = 'requested'"
            ))
            .bind(transfer)
            .fetch_one(&mut *tx)
            .await?,
        )?;
        sqlx::query(
            "UPDATE transfers SET status = $1, decided_at = $2, decided_by = $3 WHERE id = $4",
        )
        .bind(if accept { "accepted" } else { "declined" })
        .bind(secs(at))
        .bind(by.0)
        .bind(transfer)
        .execute(&mut *tx)
        .await?;
        if accept {
            // Revoked since the request: its revocation bit is on the old association's list,
            // which moving it would clear.
            let moved = sqlx::query(
                "UPDATE endorsements SET association_id = $1, updated_at = $2 \
                 WHERE id = $3 AND status <> 'revoked'",
            )
            .bind(row.to_association.0)
            .bind(secs(at))
            .bind(row.endorsement)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() == 0 {
                return Err(StoreError::Conflict(
                    "the endorsement was revoked since the request: a revoked endorsement \
                     cannot be transferred"
                        .to_string(),
                ));
            }
        }
        for association in [row.from_association, row.to_association] {
            insert_audit(
                &mut tx,
                &NewAudit {
                    at,
                    actor: Some(by),
                    association: Some(association),
                    subject: format!("person:{}", row.requested_by),
                    action: if accept {
                        "accept-transfer".to_string()
                    } else {
                        "decline-transfer".to_string()
                    },
                    reason: format!("endorsement {}", row.endorsement),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_searchable_family_first_and_as_written() {
        assert_eq!(
            search_keys("Grace  Okafor"),
            ("okafor grace".to_string(), "grace okafor".to_string())
        );
        assert_eq!(
            search_keys("Madonna"),
            ("madonna".to_string(), "madonna".to_string())
        );
    }

    #[test]
    fn a_typed_name_searches_family_first() {
        assert_eq!(name_keys("Oka"), ("oka".into(), "oka".into()));
        assert_eq!(
            name_keys("Grace  Okafor"),
            ("okafor grace".into(), "grace okafor".into())
        );
        assert_eq!(
            name_keys(" Okafor , Grace"),
            ("okafor grace".into(), "grace okafor".into())
        );
        assert_eq!(search_text("Nguyễn  Thị"), "nguyen thi");
        assert_eq!(search_text("JOSÉ"), "jose");
        assert_eq!(name_keys("  "), (String::new(), String::new()));
    }

    #[test]
    fn a_prefix_bound_is_just_above_every_extension() {
        let bound = prefix_bound("oka");
        assert_eq!(bound, "okb");
        for word in ["oka", "okafor", "oka zzz"] {
            assert!(word >= "oka" && word < bound.as_str(), "{word}");
        }
        assert!("okb" >= bound.as_str());
    }
}
