//! Reminders before deadlines (issue #5): an applicant whose intended submission date is near,
//! a rater who has not answered after 7 and 14 days (and the applicant who asked them), a
//! reviewer whose review is due within a week.
//!
//! The domain decides which reminders are due (`lattice_domain::reminders::due`); this module
//! gathers the facts, writes the mails and hands each reminder to the store with its key. The
//! store records the key and queues the mails in one transaction and refuses a key it has seen,
//! so the pass can run as often as wanted, on as many nodes as there are, and each reminder
//! still goes out once.

use chrono::{DateTime, NaiveDate, Utc};
use lattice_domain::documents::{MailKind, compose_in};
use lattice_domain::ids::ApplicationId;
use lattice_domain::language::Language;
use lattice_domain::reminders::{self, Confirmed, OpenRequest, OpenReview, Reminder};
use lattice_store::{MailTemplateRow, NewMail, ReminderFacts, SharedStore, StoreError};

use crate::error::JobError;

/// One pass: queues every due reminder not sent before and returns how many were sent.
///
/// A reminder that fails (a lookup or the write) is logged and skipped; it is still due on the
/// next pass, and its key was not recorded, so it goes out then. Only failing to read the facts
/// fails the pass.
pub async fn send_due(
    store: &SharedStore,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, JobError> {
    let facts = store.reminder_facts(now).await?;
    let today = now.date_naive();
    let confirmed: Vec<Confirmed> = facts
        .confirmed
        .iter()
        .map(|(row, _, _)| Confirmed {
            application: row.id,
            intended: row.intended_submission,
        })
        .collect();
    let requests: Vec<OpenRequest> = facts
        .open_requests
        .iter()
        .map(|open| OpenRequest {
            request: open.id,
            sent_on: open.sent_at.date_naive(),
        })
        .collect();
    let reviews: Vec<OpenReview> = facts
        .open_reviews
        .iter()
        .map(|&(application, reviewer, _, due)| OpenReview {
            application,
            reviewer,
            due: Some(due),
        })
        .collect();
    let mut due = reminders::due(today, &confirmed, &requests, &reviews);
    let memberships: Vec<reminders::LatestMembership> = facts
        .ending_memberships
        .iter()
        .map(|&(membership, .., ends)| reminders::LatestMembership { membership, ends })
        .collect();
    due.extend(reminders::memberships_ending(today, &memberships));

    let base_url = base_url.trim_end_matches('/');
    let mut sent = 0;
    for reminder in &due {
        let key = reminder.key();
        // A passed-over reminder is recorded without mail, so it is never sent later either.
        let mails = if superseded(reminder, &due) {
            Vec::new()
        } else {
            match mails_for(store, &facts, reminder, base_url, today, now).await {
                Ok(mails) => mails,
                Err(error) => {
                    tracing::warn!(key, %error, "reminder not written; tried again next pass");
                    continue;
                }
            }
        };
        match store.send_reminder(&key, &mails, now).await {
            Ok(true) if mails.is_empty() => {
                tracing::info!(
                    key,
                    "reminder passed over for a later one of the same request"
                );
            }
            Ok(true) => {
                tracing::info!(key, mails = mails.len(), "reminder queued");
                sent += 1;
            }
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(key, %error, "reminder not queued; tried again next pass");
            }
        }
    }
    Ok(sent)
}

/// Whether a later reminder of the same reference request is due in the same pass. The domain
/// returns both thresholds once 14 days have passed, so a missed day-7 reminder still counts;
/// but when both would go out together (the worker was down, or reminders were just switched
/// on for old requests) two mails in one minute saying nearly the same thing help nobody, so
/// only the later one is sent.
fn superseded(reminder: &Reminder, due: &[Reminder]) -> bool {
    let Reminder::ReferencePending {
        request,
        after_days,
    } = reminder
    else {
        return false;
    };
    due.iter().any(|other| {
        matches!(other, Reminder::ReferencePending { request: r, after_days: a }
            if r == request && a > after_days)
    })
}

/// The mails of one reminder, with the names and addresses they need.
async fn mails_for(
    store: &SharedStore,
    facts: &ReminderFacts,
    reminder: &Reminder,
    base_url: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<NewMail>, JobError> {
    match *reminder {
        Reminder::SubmitSoon {
            application,
            intended,
        } => {
            let (row, email, name) = facts
                .confirmed
                .iter()
                .find(|(row, _, _)| row.id == application)
                .ok_or_else(|| missing("confirmed application", application.0))?;
            let association = store.association(row.association).await?;
            Ok(vec![submit_soon_mail(&SubmitSoon {
                to: email,
                name,
                category: &row.category,
                association: &association.name,
                intended,
                today,
                base_url,
                now,
            })])
        }
        Reminder::ReferencePending { request, .. } => {
            let open = facts
                .open_requests
                .iter()
                .find(|open| open.id == request)
                .ok_or_else(|| missing("reference request", request))?;
            let row = store.application(open.application).await?;
            let applicant = store.person(row.person).await?;
            let association = store.association(row.association).await?.name;
            // The association's own wording of the rater's reminder, if it saved one.
            let template = match store
                .mail_template(row.association, MailKind::RaterReminder.key())
                .await
            {
                Ok(t) => Some(t),
                Err(StoreError::NotFound) => None,
                Err(other) => return Err(other.into()),
            };
            let pending = ReferencePending {
                association: &association,
                template: template.as_ref(),
                rater: &open.rater_name,
                rater_email: &open.rater_email,
                language: open.language,
                applicant: &applicant.name,
                applicant_email: &applicant.email,
                sent_on: open.sent_at.date_naive(),
                today,
                base_url,
                now,
            };
            Ok(vec![
                reference_rater_mail(&pending),
                reference_applicant_mail(&pending),
            ])
        }
        Reminder::ReviewDue {
            application,
            reviewer,
            due,
        } => {
            let (_, _, email, _) = facts
                .open_reviews
                .iter()
                .find(|(a, r, _, d)| *a == application && *r == reviewer && *d == due)
                .ok_or_else(|| missing("open review", application.0))?;
            let person = store.person(reviewer).await?;
            Ok(vec![review_due_mail(&ReviewDue {
                to: email,
                name: &person.name,
                application,
                due,
                today,
                base_url,
                now,
            })])
        }
        Reminder::MembershipEnding { membership, .. } => Ok(vec![membership_ending_mail(
            facts, membership, base_url, today, now,
        )?]),
    }
}

/// The member is told, from a month before, that their membership ends and where to renew.
fn membership_ending_mail(
    facts: &ReminderFacts,
    membership: i64,
    base_url: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<NewMail, JobError> {
    let (_, email, name, association, ends) = facts
        .ending_memberships
        .iter()
        .find(|(id, ..)| *id == membership)
        .ok_or_else(|| missing("membership", membership))?;
    let left = (*ends - today).num_days();
    let when = if left == 0 {
        "today".to_string()
    } else if left == 1 {
        "tomorrow".to_string()
    } else {
        format!("in {left} days")
    };
    Ok(NewMail {
        recipient: email.clone(),
        subject: format!("Your {association} membership ends {when}"),
        body: format!(
            "Hello {name},\n\nYour {association} membership ends on {}. An endorsement needs an active membership, and so does an application.\n\nAsk to renew it from your portfolio: {base_url}/portfolio#membership\nYour coordinator records the renewal once the dues are in.\n",
            long_date(*ends)
        ),
        created_at: now,
    })
}

/// The domain only returns reminders for the facts it was given, so this is a bug if it shows.
fn missing(what: &str, id: i64) -> JobError {
    JobError::Internal(format!("reminder for a {what} ({id}) not among the facts"))
}

/// "Friday 15 January 2027": the day of the week helps people place a date.
fn long_date(date: NaiveDate) -> String {
    Language::English.long_date(date)
}

/// "today", "tomorrow", "in 12 days", counted from `today`.
fn from_today(date: NaiveDate, today: NaiveDate) -> String {
    match (date - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        days => format!("in {days} days"),
    }
}

struct SubmitSoon<'a> {
    to: &'a str,
    name: &'a str,
    category: &'a str,
    association: &'a str,
    intended: NaiveDate,
    today: NaiveDate,
    base_url: &'a str,
    now: DateTime<Utc>,
}

fn submit_soon_mail(m: &SubmitSoon<'_>) -> NewMail {
    let date = long_date(m.intended);
    NewMail {
        recipient: m.to.to_string(),
        subject: format!("Your {} application: planned submission {date}", m.category),
        body: format!(
            "Hello {name},\n\n\
             When you registered for {category} with {association}, you planned to submit your \
             application on {date}, which is {when}. It has not been submitted yet, so here is a \
             reminder while there is still time.\n\n\
             Your portfolio shows what is complete and what is still missing:\n\n\
             {base}/portfolio\n\n\
             If something is holding you up, you can write to your coordinator from your \
             portfolio pages.\n",
            name = m.name,
            category = m.category,
            association = m.association,
            when = from_today(m.intended, m.today),
            base = m.base_url,
        ),
        created_at: m.now,
    }
}

struct ReferencePending<'a> {
    association: &'a str,
    template: Option<&'a MailTemplateRow>,
    rater: &'a str,
    rater_email: &'a str,
    /// The language the applicant chose for the rater, which the request and form came in.
    language: Language,
    applicant: &'a str,
    applicant_email: &'a str,
    sent_on: NaiveDate,
    today: NaiveDate,
    base_url: &'a str,
    now: DateTime<Utc>,
}

/// To the rater, in the association's wording when it saved one. The link is not repeated:
/// only its hash is stored, so repeating it would mean a new token, and the one they already
/// have still works.
fn reference_rater_mail(m: &ReferencePending<'_>) -> NewMail {
    // The association's own wording is sent as saved: a template has one wording, written in
    // English so far, so its date is too. The built-in wording, and its date, come in the
    // language the rater was asked in.
    let wording = match m.template {
        Some(_) => Language::English,
        None => m.language,
    };
    let values = [
        ("rater_name", m.rater.to_string()),
        ("applicant_name", m.applicant.to_string()),
        ("association", m.association.to_string()),
        ("sent_on", wording.long_date(m.sent_on)),
    ];
    let (subject, body) = compose_in(
        MailKind::RaterReminder,
        m.template.map(|t| (t.subject.as_str(), t.body.as_str())),
        m.language,
        &values,
    );
    NewMail {
        recipient: m.rater_email.to_string(),
        subject,
        body,
        created_at: m.now,
    }
}

/// To the applicant who asked, so a silent rater does not quietly hold up their application.
fn reference_applicant_mail(m: &ReferencePending<'_>) -> NewMail {
    NewMail {
        recipient: m.applicant_email.to_string(),
        subject: format!("{} has not given your reference rating yet", m.rater),
        body: format!(
            "Hello {applicant},\n\n\
             You asked {rater} ({rater_email}) for a reference rating on {sent}. {days} days \
             later it has not come in, so we have sent {rater} a reminder today.\n\n\
             If the first email may not have reached them, you can send the link again, or \
             withdraw the request and ask someone else, from your references page:\n\n\
             {base}/portfolio/references\n",
            applicant = m.applicant,
            rater = m.rater,
            rater_email = m.rater_email,
            sent = long_date(m.sent_on),
            days = (m.today - m.sent_on).num_days(),
            base = m.base_url,
        ),
        created_at: m.now,
    }
}

struct ReviewDue<'a> {
    to: &'a str,
    name: &'a str,
    application: ApplicationId,
    due: NaiveDate,
    today: NaiveDate,
    base_url: &'a str,
    now: DateTime<Utc>,
}

/// To the reviewer. It names the application by number only: the page behind the link shows
/// the rest to whoever may see it.
fn review_due_mail(m: &ReviewDue<'_>) -> NewMail {
    NewMail {
        recipient: m.to.to_string(),
        subject: format!(
            "Your review of application {} is due {}",
            m.application,
            from_today(m.due, m.today)
        ),
        body: format!(
            "Hello {name},\n\n\
             Your review of application {id} is due {when}, {date}. You can read the \
             application and submit your review here:\n\n\
             {base}/applications/{id}/review\n\n\
             If you will not be able to finish by then, please let your coordinator know soon, \
             so they can plan.\n\n\
             Thank you for reviewing.\n",
            name = m.name,
            id = m.application,
            when = from_today(m.due, m.today),
            date = long_date(m.due),
            base = m.base_url,
        ),
        created_at: m.now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lattice_domain::ids::PersonId;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn now() -> DateTime<Utc> {
        "2027-01-08T09:00:00Z".parse().expect("test time")
    }

    #[test]
    fn dates_read_as_words() {
        assert_eq!(long_date(day("2027-01-15")), "Friday 15 January 2027");
        let today = day("2027-01-08");
        assert_eq!(from_today(day("2027-01-08"), today), "today");
        assert_eq!(from_today(day("2027-01-09"), today), "tomorrow");
        assert_eq!(from_today(day("2027-01-15"), today), "in 7 days");
    }

    #[test]
    fn a_later_reference_reminder_passes_over_an_earlier_one() {
        let seven = Reminder::ReferencePending {
            request: 5,
            after_days: 7,
        };
        let fourteen = Reminder::ReferencePending {
            request: 5,
            after_days: 14,
        };
        let other_seven = Reminder::ReferencePending {
            request: 6,
            after_days: 7,
        };
        let review = Reminder::ReviewDue {
            application: ApplicationId(1),
            reviewer: PersonId(2),
            due: day("2027-01-15"),
        };
        let due = [
            seven.clone(),
            fourteen.clone(),
            other_seven.clone(),
            review.clone(),
        ];
        assert!(superseded(&seven, &due));
        assert!(!superseded(&fourteen, &due));
        assert!(!superseded(&other_seven, &due), "another request's");
        assert!(!superseded(&review, &due));
        assert!(
            !superseded(&seven, std::slice::from_ref(&seven)),
            "alone it goes out"
        );
    }

    fn pending() -> ReferencePending<'static> {
        ReferencePending {
            association: "MassAIMH",
            template: None,
            rater: "Rosa Diaz",
            rater_email: "rosa@example.org",
            language: Language::English,
            applicant: "Ana Ruiz",
            applicant_email: "ana@example.org",
            sent_on: day("2026-12-25"),
            today: day("2027-01-08"),
            base_url: "http://lattice.test",
            now: now(),
        }
    }

    #[test]
    fn the_rater_is_reminded_without_a_link() {
        let mail = reference_rater_mail(&pending());
        assert_eq!(mail.recipient, "rosa@example.org");
        assert!(mail.subject.contains("Ana Ruiz"), "{}", mail.subject);
        assert!(mail.body.starts_with("Hello Rosa Diaz,"), "{}", mail.body);
        assert!(
            mail.body.contains("Friday 25 December 2026"),
            "{}",
            mail.body
        );
        // Tokens are hashed at rest: a link here would need a new one, and the old still works.
        assert!(!mail.body.contains("/rate/"), "{}", mail.body);
        assert!(!mail.body.contains("http"), "{}", mail.body);
        // The association's own wording, when it saved one, with the same values.
        let template = MailTemplateRow {
            association: lattice_domain::ids::AssociationId(1),
            kind: MailKind::RaterReminder.key().to_string(),
            subject: "{association}: {applicant_name} still needs you".to_string(),
            body: "Dear {rater_name}, asked on {sent_on}.".to_string(),
            updated_at: now(),
            updated_by: None,
        };
        let worded = reference_rater_mail(&ReferencePending {
            template: Some(&template),
            ..pending()
        });
        assert_eq!(worded.subject, "MassAIMH: Ana Ruiz still needs you");
        assert_eq!(
            worded.body,
            "Dear Rosa Diaz, asked on Friday 25 December 2026."
        );
        // Asked in Spanish: the built-in wording and its date in Spanish; the association's
        // saved wording still as written.
        let spanish = ReferencePending {
            language: Language::Spanish,
            ..pending()
        };
        let mail = reference_rater_mail(&spanish);
        assert_eq!(
            mail.subject,
            "Recordatorio: una evaluación de referencia para Ana Ruiz"
        );
        assert!(
            mail.body
                .starts_with("Hola, Rosa Diaz:\n\nEl viernes, 25 de diciembre de 2026, Ana Ruiz"),
            "{}",
            mail.body
        );
        let worded = reference_rater_mail(&ReferencePending {
            template: Some(&template),
            ..spanish
        });
        assert_eq!(
            worded.body,
            "Dear Rosa Diaz, asked on Friday 25 December 2026."
        );
    }

    #[test]
    fn the_applicant_hears_how_long_and_where_to_act() {
        let mail = reference_applicant_mail(&pending());
        assert_eq!(mail.recipient, "ana@example.org");
        assert!(mail.subject.contains("Rosa Diaz"), "{}", mail.subject);
        assert!(mail.body.contains("14 days later"), "{}", mail.body);
        assert!(
            mail.body
                .contains("http://lattice.test/portfolio/references\n"),
            "{}",
            mail.body
        );
    }

    #[test]
    fn the_applicant_sees_the_date_and_where_to_look() {
        let mail = submit_soon_mail(&SubmitSoon {
            to: "ana@example.org",
            name: "Ana Ruiz",
            category: "IFS",
            association: "MassAIMH",
            intended: day("2027-01-15"),
            today: day("2027-01-08"),
            base_url: "http://lattice.test",
            now: now(),
        });
        assert_eq!(mail.recipient, "ana@example.org");
        assert!(
            mail.subject.contains("Friday 15 January 2027"),
            "{}",
            mail.subject
        );
        assert!(mail.body.contains("which is in 7 days"), "{}", mail.body);
        assert!(
            mail.body.contains("http://lattice.test/portfolio\n"),
            "{}",
            mail.body
        );
        assert_eq!(mail.created_at, now());
    }

    #[test]
    fn the_reviewer_gets_the_review_page_and_the_day() {
        let mail = review_due_mail(&ReviewDue {
            to: "reviewer@example.org",
            name: "Rae Viewer",
            application: ApplicationId(12),
            due: day("2027-01-08"),
            today: day("2027-01-08"),
            base_url: "http://lattice.test",
            now: now(),
        });
        assert_eq!(mail.subject, "Your review of application 12 is due today");
        assert!(
            mail.body
                .contains("http://lattice.test/applications/12/review\n"),
            "{}",
            mail.body
        );
        assert!(
            mail.body.contains("due today, Friday 8 January 2027"),
            "{}",
            mail.body
        );
    }
}
