//! The yearly life of endorsements, run by the mail worker: endorsements past their good
//! standing lapse (and leave the registry), and endorsees hear 60, 30 and 7 days before their
//! renewal deadline. Each reminder has a key, so it goes out once however many nodes run this.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use lattice_profiles::Catalog;
use lattice_store::{NewMail, SharedStore};

use crate::error::WebError;
use crate::handlers::renewal::renewal_year;

/// Days before the deadline when endorsees are reminded.
pub const RENEWAL_REMINDER_DAYS: [i64; 3] = [60, 30, 7];

/// How far ahead endorsements are looked at: the earliest reminder plus the longest gap
/// between a deadline and the end of good standing (NMAIMH keeps people listed 90 days more).
const LOOK_AHEAD_DAYS: i64 = 60 + 100;

/// Runs one pass; returns (lapsed, reminders sent).
pub async fn run_pass(
    store: &SharedStore,
    catalog: &Catalog,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(usize, usize), WebError> {
    let today = now.date_naive();
    let lapsed = store.lapse_expired(today, now).await?;
    for row in &lapsed {
        let person = store.person(row.person).await?;
        store
            .enqueue_mail(&NewMail {
                recipient: person.email,
                subject: "Your endorsement has lapsed".to_string(),
                body: format!(
                    "Hello {},\n\nYour {} endorsement ({}) was not renewed and has lapsed; it no longer appears in the public registry. Its verification page says since when.\n\nYou can reinstate it: {base_url}/renewal\n",
                    person.name, row.title_line, row.credential_number
                ),
                created_at: now,
            })
            .await?;
    }
    // One reminder per person and association, for the earliest renewal they owe.
    let mut owed: BTreeMap<(i64, i64), (String, String, i32, chrono::NaiveDate)> = BTreeMap::new();
    for (row, email) in store
        .endorsements_ending_by(today + Duration::days(LOOK_AHEAD_DAYS))
        .await?
    {
        let Ok(profile) = catalog.profile(&row.association_slug, today) else {
            continue;
        };
        let year = renewal_year(profile, row.valid_through);
        let Some(deadline) = profile.renewal.deadline.in_renewal_year(year) else {
            continue;
        };
        let key = (row.person.0, row.association.0);
        let keep = owed.get(&key).is_none_or(|(_, _, y, _)| year < *y);
        if keep {
            owed.insert(key, (email, row.association_name.clone(), year, deadline));
        }
    }
    let mut sent = 0;
    for ((person, association), (email, association_name, year, deadline)) in owed {
        if today > deadline {
            continue;
        }
        let renewed = store
            .renewals_of_person(lattice_domain::ids::PersonId(person))
            .await?
            .iter()
            .any(|r| r.association.0 == association && r.year == year);
        if renewed {
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
                vec![NewMail {
                    recipient: email.clone(),
                    subject: format!("Your {year} renewal is due by {deadline}"),
                    body: format!(
                        "Hello,\n\nYour {association_name} endorsement is renewed each year. The {year} renewal is due by {deadline} ({} days from now).\n\nSee what is still needed and hand it in here: {base_url}/renewal\n",
                        (deadline - today).num_days()
                    ),
                    created_at: now,
                }]
            } else {
                Vec::new()
            };
            if store.send_reminder(&key, &mails, now).await? && !mails.is_empty() {
                sent += 1;
            }
        }
    }
    Ok((lapsed.len(), sent))
}
