//! The yearly life of endorsements, run by the mail worker: endorsements past their good
//! standing lapse (and leave the registry), and endorsees hear 60, 30 and 7 days before their
//! renewal deadline. Each reminder has a key, so it goes out once however many nodes run this.
//!
//! The pass reads endorsees a page at a time and writes each page's reminders in one
//! transaction: with 100,000 endorsees due in a year it holds one page in memory, and each
//! write keeps the database's writer only briefly from the renewals people are handing in.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use lattice_domain::documents::{MailKind, compose_in};
use lattice_domain::endorsement::{good_through, last_day, renewal_year};
use lattice_domain::ids::{AssociationId, PersonId};
use lattice_domain::language::Language;
use lattice_profiles::Catalog;
use lattice_store::{Endorsee, EndorsementRow, MailTemplateRow, NewMail, SharedStore};

use crate::error::JobError;

/// Days before the deadline when endorsees are reminded.
pub const RENEWAL_REMINDER_DAYS: [i64; 3] = [60, 30, 7];

/// How far ahead endorsements are looked at, at least: the earliest reminder plus the gap
/// between a deadline and the end of good standing NMAIMH keeps (90 days). A longer grace
/// period in force widens it (see `look_ahead_days`).
const LOOK_AHEAD_DAYS: i64 = 60 + 100;

/// The look-ahead for today's rules: an endorsement good through its deadline plus a grace
/// period is still reminded 60 days before the deadline.
fn look_ahead_days(catalog: &Catalog, today: NaiveDate) -> i64 {
    let longest_gap = catalog
        .association_ids()
        .filter_map(|id| catalog.profile(id, today).ok())
        .filter_map(|p| {
            let rule = &p.renewal;
            let year = today.year();
            Some((good_through(rule, year)? - rule.deadline.in_renewal_year(year)?).num_days())
        })
        .max()
        .unwrap_or(0);
    LOOK_AHEAD_DAYS.max(RENEWAL_REMINDER_DAYS[0] + longest_gap + 1)
}

/// Whether an endorsement whose stored good standing has ended is past the last day the rules
/// in force today give it (`lattice_domain::endorsement::last_day`, which the fee settings'
/// preview reads too).
fn past_last_day(row: &EndorsementRow, catalog: &Catalog, today: NaiveDate) -> bool {
    let Ok(profile) = catalog.profile(&row.association_slug, today) else {
        return true;
    };
    today > last_day(&profile.renewal, row.valid_through)
}

/// Endorsees read and reminded per transaction.
const PAGE_PEOPLE: i64 = 250;

/// The shortest pause after each page of the pass.
const PAGE_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

/// The key the worker records when a day's pass has run, so restarts that day skip it.
pub fn day_key(today: NaiveDate) -> String {
    format!("lifecycle-pass:{today}")
}

/// Runs one pass; returns (lapsed, reminders sent).
pub async fn run_pass(
    store: &SharedStore,
    catalog: &Catalog,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(usize, usize), JobError> {
    let today = now.date_naive();
    let mut lapsed = 0;
    let mut after_id = 0;
    // The associations' own wording of the lapse notice and the reminder
    // (`/staff/{slug}/settings/mail`), read once per pass.
    let lapse_templates = store
        .mail_templates_of_kind(MailKind::LapseNotice.key())
        .await?;
    loop {
        let page_started = std::time::Instant::now();
        let expired = store
            .expired_endorsements(today, after_id, PAGE_PEOPLE)
            .await?;
        let Some((last, _)) = expired.last() else {
            break;
        };
        after_id = last.id;
        let lapses: Vec<(i64, NewMail)> = expired
            .iter()
            .filter(|(row, _)| past_last_day(row, catalog, today))
            .map(|(row, endorsee)| {
                let template = lapse_templates.get(&row.association);
                (row.id, lapse_notice(row, endorsee, template, base_url, now))
            })
            .collect();
        lapsed += store.lapse_endorsements(&lapses, today, now).await?;
        rest_after(page_started).await;
    }

    let templates = store
        .mail_templates_of_kind(MailKind::RenewalReminder.key())
        .await?;
    let mut sent = 0;
    let mut after = PersonId(0);
    let look_ahead = look_ahead_days(catalog, today);
    loop {
        let page_started = std::time::Instant::now();
        let page = store
            .endorsements_ending_by(today + Duration::days(look_ahead), after, PAGE_PEOPLE)
            .await?;
        let (Some((first, _)), Some((last, _))) = (page.first(), page.last()) else {
            break;
        };
        let (from, through) = (first.person, last.person);
        let renewed: HashSet<(i64, i64, i32)> = store
            .renewals_of_people(from, through)
            .await?
            .iter()
            .map(|r| (r.person.0, r.association.0, r.year))
            .collect();
        let reminders =
            renewal_reminders(&page, &renewed, catalog, (base_url, &templates), today, now);
        sent += store.send_reminders(&reminders, now).await?;
        after = through;
        rest_after(page_started).await;
    }
    Ok((lapsed, sent))
}

/// The pass is background work: after each page it rests twice as long as the page took (at
/// least PAGE_PAUSE), so it takes at most a third of a core, or of the database's writer, from
/// people using the site.
async fn rest_after(page_started: std::time::Instant) {
    tokio::time::sleep(PAGE_PAUSE.max(page_started.elapsed() * 2)).await;
}

/// The mail telling an endorsee their endorsement lapsed, in the association's wording when it
/// saved one.
fn lapse_notice(
    row: &EndorsementRow,
    endorsee: &Endorsee,
    template: Option<&MailTemplateRow>,
    base_url: &str,
    now: DateTime<Utc>,
) -> NewMail {
    let kind = MailKind::LapseNotice;
    let values = [
        ("name", endorsee.name.clone()),
        ("association", row.association_name.clone()),
        ("title", row.title_line.clone()),
        ("credential_number", row.credential_number.clone()),
        ("link", format!("{base_url}/renewal")),
    ];
    let (subject, body) = compose_in(
        kind,
        template.map(|t| (t.subject.as_str(), t.body.as_str())),
        kind.wording_language(endorsee.language),
        &values,
    );
    NewMail {
        recipient: endorsee.email.clone(),
        subject,
        body,
        created_at: now,
    }
}

/// The renewal a person owes an association, as a reminder states it.
struct Owed<'a> {
    email: &'a str,
    /// The language of the reminder's wording and values.
    language: Language,
    association_name: &'a str,
    year: i32,
    deadline: NaiveDate,
    /// The last day of good standing: the deadline plus any grace period.
    last_day: NaiveDate,
    late_fee_usd: Option<u32>,
}

impl Owed<'_> {
    /// What happens after the deadline, with the real last day.
    fn after_the_deadline(&self) -> String {
        let date = |day: NaiveDate| self.language.mail_date(day);
        let lapses_on = date(self.last_day + Duration::days(1));
        let last_day = date(self.last_day);
        let late = self.last_day > self.deadline;
        match self.language {
            Language::English if late => {
                let fee = self
                    .late_fee_usd
                    .map(|fee| format!(" with a ${fee} late fee"))
                    .unwrap_or_default();
                format!(
                    "A late renewal is still taken until {last_day}{fee}; an endorsement not renewed by then lapses on {lapses_on}."
                )
            }
            Language::English => {
                format!("An endorsement not renewed by then lapses on {lapses_on}.")
            }
            Language::Spanish if late => {
                let fee = self
                    .late_fee_usd
                    .map(|fee| format!(", con una cuota por atraso de {fee} US$"))
                    .unwrap_or_default();
                format!(
                    "Todavía se acepta una renovación tardía hasta el {last_day}{fee}; una credencial no renovada para entonces vence el {lapses_on}."
                )
            }
            Language::Spanish => {
                format!("Una credencial no renovada para entonces vence el {lapses_on}.")
            }
        }
    }
}

/// The renewal reminders a page of endorsements calls for: one per person and association, for
/// the earliest renewal they owe and have not handed in.
fn renewal_reminders(
    page: &[(EndorsementRow, Endorsee)],
    renewed: &HashSet<(i64, i64, i32)>,
    catalog: &Catalog,
    (base_url, templates): (&str, &HashMap<AssociationId, MailTemplateRow>),
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<(String, Vec<NewMail>)> {
    let mut owed: BTreeMap<(i64, i64), Owed> = BTreeMap::new();
    for (row, endorsee) in page {
        let Ok(profile) = catalog.profile(&row.association_slug, today) else {
            continue;
        };
        let rule = &profile.renewal;
        let year = renewal_year(rule, row.valid_through);
        let Some(deadline) = rule.deadline.in_renewal_year(year) else {
            continue;
        };
        let key = (row.person.0, row.association.0);
        if owed.get(&key).is_none_or(|o| year < o.year) {
            owed.insert(
                key,
                Owed {
                    email: &endorsee.email,
                    language: MailKind::RenewalReminder.wording_language(endorsee.language),
                    association_name: &row.association_name,
                    year,
                    deadline,
                    last_day: good_through(rule, year).unwrap_or(deadline),
                    late_fee_usd: rule.late_fee_usd,
                },
            );
        }
    }
    let mut reminders = Vec::new();
    for ((person, association), o) in owed {
        let Owed {
            email,
            association_name,
            year,
            deadline,
            ..
        } = o;
        if today > deadline || renewed.contains(&(person, association, year)) {
            continue;
        }
        let due: Vec<i64> = RENEWAL_REMINDER_DAYS
            .iter()
            .copied()
            .filter(|d| today >= deadline - Duration::days(*d))
            .collect();
        // Only the nearest threshold is mailed; earlier ones that were missed (a node down, a
        // first run) are recorded without a mail, so nobody gets three at once.
        let Some(&nearest) = due.iter().min() else {
            continue;
        };
        for days in due {
            let key = format!("renewal:person:{person}:assoc:{association}:{year}:day-{days}");
            let mails = if days == nearest {
                let values = [
                    ("association", association_name.to_string()),
                    ("year", year.to_string()),
                    ("deadline", o.language.mail_date(deadline)),
                    ("days_left", (deadline - today).num_days().to_string()),
                    ("after_the_deadline", o.after_the_deadline()),
                    ("link", format!("{base_url}/renewal")),
                ];
                let (subject, body) = compose_in(
                    MailKind::RenewalReminder,
                    templates
                        .get(&AssociationId(association))
                        .map(|t| (t.subject.as_str(), t.body.as_str())),
                    o.language,
                    &values,
                );
                vec![NewMail {
                    recipient: email.to_string(),
                    subject,
                    body,
                    created_at: now,
                }]
            } else {
                Vec::new()
            };
            reminders.push((key, mails));
        }
    }
    reminders
}
