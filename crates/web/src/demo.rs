//! The demo dataset behind `lattice serve --demo`: several associations, applicants at every
//! stage of the process, a coordinator and reviewers, all with printed logins. Applications
//! reach their stage by walking the real state machine, so their history reads true.

use chrono::{Duration, NaiveDate, Utc};
use lattice_domain::application::{Actor, Context, Event, State};
use lattice_domain::ids::{AssociationId, EntryId, PersonId};
use lattice_domain::rights::StaffRole;
use lattice_store::{NewApplication, NewAudit, NewPerson, Section, SharedStore, StoreError};
use serde_json::Value;

use crate::auth::hash_password;
use crate::error::WebError;
use crate::state::AppState;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "lattice-demo-2026";

/// The TOTP key every demo staff account is enrolled with (base32, as an authenticator app
/// takes it typed in). Staff sign in with a second factor; published here and in the README
/// so a person trying the demo can add it to their app, and tests can make codes.
pub const DEMO_TOTP_SECRET: &str = "LATTICEDEMOTOTPSECRETKEY234567AB";

const ANA: &str = include_str!("../../../examples/ana-ruiz.json");
const GRACE: &str = include_str!("../../../examples/grace-okafor.json");

/// A login printed at start-up.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub role: String,
    pub email: String,
}

struct Staff {
    email: &'static str,
    name: &'static str,
    roles: &'static [(&'static str, StaffRole)],
    admin: bool,
}

const STAFF: &[Staff] = &[
    Staff {
        email: "admin@alliance.test",
        name: "Alex Morgan",
        roles: &[],
        admin: true,
    },
    Staff {
        email: "coordinator@massaimh.test",
        name: "Maria Santos",
        roles: &[("massaimh", StaffRole::Coordinator)],
        admin: false,
    },
    Staff {
        email: "reviewer1@massaimh.test",
        name: "Dr. Lee Chen",
        roles: &[("massaimh", StaffRole::Reviewer)],
        admin: false,
    },
    Staff {
        email: "reviewer2@massaimh.test",
        name: "Priya Natarajan",
        roles: &[("massaimh", StaffRole::Reviewer)],
        admin: false,
    },
    Staff {
        email: "coordinator@nmaimh.test",
        name: "Rosa Baca",
        roles: &[("nmaimh", StaffRole::Coordinator)],
        admin: false,
    },
    Staff {
        email: "reviewer@nmaimh.test",
        name: "Tom Yazzie",
        roles: &[("nmaimh", StaffRole::Reviewer)],
        admin: false,
    },
    Staff {
        email: "reviewer2@nmaimh.test",
        name: "Ruth Begay",
        roles: &[("nmaimh", StaffRole::Reviewer)],
        admin: false,
    },
    Staff {
        email: "coordinator@ct-aimh.test",
        name: "Jean Miller",
        roles: &[("ct-aimh", StaffRole::Coordinator)],
        admin: false,
    },
];

/// Where each demo applicant stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Draft,
    Registered,
    Confirmed,
    Submitted,
    UnderReview,
    ApprovedForExam,
    ExamFailed,
    MoreWork,
    Endorsed,
    Withdrawn,
}

impl Target {
    /// Whether the application got as far as submission.
    fn handed_in(self) -> bool {
        !matches!(
            self,
            Target::Draft | Target::Registered | Target::Confirmed | Target::Withdrawn
        )
    }
}

struct Applicant {
    email: &'static str,
    name: &'static str,
    association: &'static str,
    category: &'static str,
    portfolio: &'static str,
    /// Keep only the first entries of each section: an early, thin portfolio.
    keep: Option<usize>,
    target: Target,
    reviewers: &'static [&'static str],
}

const APPLICANTS: &[Applicant] = &[
    Applicant {
        email: "ana@example.org",
        name: "Ana Ruiz",
        association: "massaimh",
        category: "IFS",
        portfolio: ANA,
        keep: None,
        target: Target::Confirmed,
        reviewers: &[],
    },
    Applicant {
        email: "ben.carter@example.org",
        name: "Ben Carter",
        association: "massaimh",
        category: "IFA",
        portfolio: ANA,
        keep: Some(2),
        target: Target::Draft,
        reviewers: &[],
    },
    Applicant {
        email: "dana.kim@example.org",
        name: "Dana Kim",
        association: "massaimh",
        category: "IFS",
        portfolio: ANA,
        keep: Some(4),
        target: Target::Registered,
        reviewers: &[],
    },
    Applicant {
        email: "elena.morales@example.org",
        name: "Elena Morales",
        association: "massaimh",
        category: "IFS",
        portfolio: ANA,
        keep: None,
        target: Target::Submitted,
        reviewers: &[],
    },
    Applicant {
        email: "farah.haddad@example.org",
        name: "Farah Haddad",
        association: "massaimh",
        category: "IFS",
        portfolio: ANA,
        keep: None,
        target: Target::UnderReview,
        reviewers: &["reviewer1@massaimh.test", "reviewer2@massaimh.test"],
    },
    Applicant {
        email: "george.ito@example.org",
        name: "George Ito",
        association: "massaimh",
        category: "IMHM-C",
        portfolio: GRACE,
        keep: None,
        target: Target::ApprovedForExam,
        reviewers: &["reviewer1@massaimh.test", "reviewer2@massaimh.test"],
    },
    Applicant {
        email: "hana.lopez@example.org",
        name: "Hana Lopez",
        association: "massaimh",
        category: "IMHM-C",
        portfolio: GRACE,
        keep: None,
        target: Target::ExamFailed,
        reviewers: &["reviewer2@massaimh.test"],
    },
    Applicant {
        email: "isabel.reyes@example.org",
        name: "Isabel Reyes",
        association: "massaimh",
        category: "IFS",
        portfolio: ANA,
        keep: None,
        target: Target::MoreWork,
        reviewers: &["reviewer1@massaimh.test"],
    },
    Applicant {
        email: "jack.osei@example.org",
        name: "Jack Osei",
        association: "massaimh",
        category: "IFS",
        portfolio: ANA,
        keep: None,
        target: Target::Endorsed,
        reviewers: &["reviewer1@massaimh.test", "reviewer2@massaimh.test"],
    },
    Applicant {
        email: "kara.lind@example.org",
        name: "Kara Lind",
        association: "massaimh",
        category: "IFA",
        portfolio: ANA,
        keep: Some(3),
        target: Target::Withdrawn,
        reviewers: &[],
    },
    Applicant {
        email: "grace.okafor@example.org",
        name: "Grace Okafor",
        association: "nmaimh",
        category: "IMHS",
        portfolio: GRACE,
        keep: None,
        // Registered before 2025 (see EARLIER_RULES): waits for the completeness check, then
        // review and the exam.
        target: Target::Submitted,
        reviewers: &[],
    },
    Applicant {
        email: "luis.herrera@example.org",
        name: "Luis Herrera",
        association: "nmaimh",
        category: "IFS",
        portfolio: ANA,
        keep: None,
        target: Target::Submitted,
        reviewers: &[],
    },
    Applicant {
        email: "mei.wong@example.org",
        name: "Mei Wong",
        association: "ct-aimh",
        category: "IFS",
        portfolio: ANA,
        keep: None,
        target: Target::Submitted,
        reviewers: &[],
    },
];

/// Every demo login, for printing.
pub fn logins() -> Vec<DemoLogin> {
    let mut logins: Vec<DemoLogin> = STAFF
        .iter()
        .map(|s| DemoLogin {
            role: if s.admin {
                "Alliance admin".to_string()
            } else {
                s.roles
                    .iter()
                    .map(|(a, r)| format!("{} {a}", r.key()))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            email: s.email.to_string(),
        })
        .collect();
    // The applicants the README's table names, and Grace: one building a portfolio, one
    // endorsed, one under the pre-2025 rules.
    for a in APPLICANTS.iter().filter(|a| {
        [
            "ana@example.org",
            "jack.osei@example.org",
            "grace.okafor@example.org",
        ]
        .contains(&a.email)
    }) {
        let stage = if a.target == Target::Endorsed {
            "endorsed"
        } else {
            "applicant"
        };
        logins.push(DemoLogin {
            role: format!("{stage} ({} at {})", a.category, a.association),
            email: a.email.to_string(),
        });
    }
    logins
}

/// The demo staff's TOTP code at a time (seconds since 1970), as their app would show it:
/// for tools and tests that sign in as demo staff.
pub fn demo_totp_code(at: u64) -> Result<String, WebError> {
    let secret = totp_rs::Secret::Encoded(DEMO_TOTP_SECRET.to_string())
        .to_bytes()
        .map_err(|e| WebError::Internal(format!("demo totp secret: {e:?}")))?;
    Ok(crate::second_factor::totp(&secret)?.generate(at))
}

/// Enrols a demo staff member with [`DEMO_TOTP_SECRET`] (sealed like any other secret).
async fn enrol_demo_second_factor(state: &AppState, person: PersonId) -> Result<(), WebError> {
    let secret = totp_rs::Secret::Encoded(DEMO_TOTP_SECRET.to_string())
        .to_bytes()
        .map_err(|e| WebError::Internal(format!("demo totp secret: {e:?}")))?;
    let sealed = crate::second_factor::seal(state, person, &secret).await?;
    let store = state.store();
    store.begin_second_factor(person, &sealed).await?;
    store
        .confirm_second_factor(person, 0, &[], Utc::now())
        .await?;
    Ok(())
}

/// Why the demo may not fill this database, if it may not. The demo adds an administrator
/// whose password is published and fake endorsees to the public registry, so it goes only
/// into a database that holds nothing but itself (a fresh one, or one it filled before), and
/// into PostgreSQL, the production backend, only when the operator says that database is a
/// throwaway one (`allow_postgres`).
pub async fn refusal(state: &AppState, allow_postgres: bool) -> Result<Option<String>, WebError> {
    let store = state.store();
    if store.backend() == lattice_store::Backend::Postgres && !allow_postgres {
        return Ok(Some(
            "--demo: refused on PostgreSQL, the production backend: the demo adds an administrator \
             with a published password and fake endorsees to the public registry. For a throwaway \
             database, add --demo-on-postgres (or set LATTICE_DEMO_ON_POSTGRES=1)"
                .to_string(),
        ));
    }
    let demo_emails: Vec<&str> = STAFF
        .iter()
        .map(|s| s.email)
        .chain(APPLICANTS.iter().map(|a| a.email))
        .collect();
    let others = store
        .person_emails()
        .await?
        .into_iter()
        .filter(|email| !demo_emails.contains(&email.as_str()))
        .count();
    Ok((others > 0).then(|| {
        format!(
            "--demo: refused: this database already holds {others} account(s) that are not demo \
             logins; the demo loads only into a fresh database or one it made (use another \
             --data-dir or database)"
        )
    }))
}

/// Loads the dataset unless people already exist (so restarting keeps what was clicked).
/// Returns whether it loaded anything.
pub async fn load(state: &AppState) -> Result<bool, WebError> {
    let store = state.store();
    match store.person_by_email(STAFF[0].email).await {
        Ok(_) => return Ok(false),
        Err(StoreError::NotFound) => {}
        Err(other) => return Err(other.into()),
    }
    let hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    let person = |email: &str, name: &str, admin: bool| NewPerson {
        email: email.to_string(),
        name: name.to_string(),
        password_hash: Some(hash.clone()),
        admin,
    };
    let mut people: Vec<(&str, PersonId)> = Vec::new();
    for staff in STAFF {
        let id = store
            .create_person(&person(staff.email, staff.name, staff.admin))
            .await?;
        for (slug, role) in staff.roles {
            let association = store.association_by_slug(slug).await?.id;
            store.grant_staff(id, association, *role, None).await?;
        }
        enrol_demo_second_factor(state, id).await?;
        people.push((staff.email, id));
    }
    let find = |email: &str| {
        people
            .iter()
            .find(|(e, _)| *e == email)
            .map(|(_, id)| *id)
            .ok_or_else(|| WebError::Internal(format!("demo: no person {email}")))
    };
    for applicant in APPLICANTS {
        let id = store
            .create_person(&person(applicant.email, applicant.name, false))
            .await?;
        let rated = store_portfolio(store, id, applicant).await?;
        let association = store.association_by_slug(applicant.association).await?.id;
        let coordinator = STAFF
            .iter()
            .find(|s| {
                s.roles
                    .contains(&(applicant.association, StaffRole::Coordinator))
            })
            .map(|s| find(s.email))
            .transpose()?
            .unwrap_or(id);
        let reviewers = applicant
            .reviewers
            .iter()
            .map(|e| find(e))
            .collect::<Result<Vec<_>, _>>()?;
        let evidence = Evidence {
            rated,
            member: applicant.keep.is_none(),
            // Whoever got past the completeness check had their degrees verified.
            verified: applicant.target.handed_in()
                && !matches!(applicant.target, Target::Submitted),
        };
        walk(
            state,
            id,
            association,
            coordinator,
            &reviewers,
            applicant,
            &evidence,
        )
        .await?;
        if let Some(rules) = EARLIER_RULES
            .iter()
            .find(|(email, _)| *email == applicant.email)
            .and_then(|(_, date)| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())
        {
            // Registered before the 2025 rules: the application keeps the edition with the exam.
            // (Set after the walk, which creates the application.)
            let application = store
                .applications_of_person(id)
                .await?
                .first()
                .map(|a| a.id)
                .ok_or_else(|| WebError::Internal("demo: no application".to_string()))?;
            store
                .set_rules_date(
                    application,
                    rules,
                    &lattice_store::NewAudit {
                        at: Utc::now(),
                        actor: Some(coordinator),
                        association: Some(association),
                        subject: format!("application:{application}"),
                        action: "set-rules-edition".to_string(),
                        reason: format!("registered under the rules in force on {rules}"),
                    },
                )
                .await?;
        }
    }
    // The exam is offered from next week for two months where applicants sit it.
    for slug in ["massaimh", "nmaimh"] {
        let association = store.association_by_slug(slug).await?.id;
        let today = Utc::now().date_naive();
        store
            .create_exam_window(
                association,
                today + Duration::days(7),
                today + Duration::days(60),
                "Online, proctored",
                Utc::now(),
            )
            .await?;
    }
    for (email, employer, endorsed) in REVIEWER_PROFILES {
        let endorsed: Vec<String> = endorsed.iter().map(|t| (*t).to_string()).collect();
        store
            .set_reviewer_profile(find(email)?, employer, &endorsed, Utc::now())
            .await?;
    }
    // MassAIMH's demo has two reviewers, who reviewed George Ito's application: it lets them
    // score his exam, marked as not blind, so the exam can be clicked through.
    let massaimh = store.association_by_slug("massaimh").await?.id;
    store
        .set_reviewer_as_scorer(
            massaimh,
            lattice_domain::exam::ReviewerAsScorer::Warn,
            &lattice_store::NewAudit {
                at: Utc::now(),
                actor: Some(find("coordinator@massaimh.test")?),
                association: Some(massaimh),
                subject: "association:massaimh".to_string(),
                action: "set-reviewer-as-scorer".to_string(),
                reason: "warn".to_string(),
            },
        )
        .await?;
    // MassAIMH offers Spanish (issue #23), so its demo applicants see the language switch;
    // CT-AIMH keeps English only, so the demo shows both. Whatever it shows of its own stays.
    let branding = store.branding(massaimh).await?;
    let offered = lattice_domain::language::OfferedLanguages::all();
    store
        .save_branding(
            &lattice_store::BrandingUpdate {
                association: massaimh,
                display_name: branding.display_name,
                colour: branding.colour,
                logo: lattice_store::LogoChange::Keep,
                languages: offered.clone(),
                by: find("coordinator@massaimh.test")?,
                at: Utc::now(),
            },
            &[lattice_store::NewAudit {
                at: Utc::now(),
                actor: Some(find("coordinator@massaimh.test")?),
                association: Some(massaimh),
                subject: format!("association:{}", massaimh.0),
                action: "set-languages".to_string(),
                reason: format!("languages: {} → {offered}", branding.languages),
            }],
        )
        .await?;
    // A question and its answer in one application's thread, so the messages read as they do
    // in use.
    let farah = store
        .person_by_email("farah.haddad@example.org")
        .await?
        .0
        .id;
    let farah_application = store
        .applications_of_person(farah)
        .await?
        .first()
        .map(|a| (a.id, a.association))
        .ok_or_else(|| WebError::Internal("demo: no application for Farah".to_string()))?;
    for (body, kind, author, minutes_ago) in [
        (
            "My second conference is listed as not counted. Should I remove it before the review?",
            "help-process",
            None,
            90,
        ),
        (
            "No need: the reviewers see it marked as not counted, with the reason. Your training hours are met without it.",
            "comment",
            Some(find("coordinator@massaimh.test")?),
            30,
        ),
    ] {
        store
            .add_message(
                &lattice_store::NewMessage {
                    person: farah,
                    association: farah_application.1,
                    application: Some(farah_application.0),
                    section: "application".to_string(),
                    kind: kind.to_string(),
                    body: body.to_string(),
                    created_at: Utc::now() - Duration::minutes(minutes_ago),
                    author,
                },
                None,
            )
            .await?;
    }
    Ok(true)
}

/// Applicants whose application is judged by an earlier edition of the rules.
const EARLIER_RULES: [(&str, &str); 1] = [("grace.okafor@example.org", "2024-06-01")];

/// Where the demo reviewers work and the categories they hold, for conflicts and eligibility.
const REVIEWER_PROFILES: [(&str, &str, &[&str]); 4] = [
    (
        "reviewer1@massaimh.test",
        "Boston Children's Clinic",
        &["IV-C"],
    ),
    (
        "reviewer2@massaimh.test",
        "Family Partners of Worcester",
        &["III"],
    ),
    (
        "reviewer@nmaimh.test",
        "UNM Center for Development",
        &["IV-C"],
    ),
    (
        "reviewer2@nmaimh.test",
        "First Born Program of Gallup",
        &["III"],
    ),
];

/// Stores the applicant's own entries and signatures; returns the reference entries that
/// their raters complete (through the same store call as the rating link) once the
/// application exists.
async fn store_portfolio(
    store: &SharedStore,
    person: PersonId,
    applicant: &Applicant,
) -> Result<Vec<(EntryId, Value)>, WebError> {
    let mut rated = Vec::new();
    let doc: Value = serde_json::from_str(applicant.portfolio)
        .map_err(|e| WebError::Internal(format!("demo portfolio: {e}")))?;
    for section in Section::ALL {
        let Some(Value::Array(entries)) = doc.get(section.key()) else {
            continue;
        };
        for entry in entries.iter().take(applicant.keep.unwrap_or(usize::MAX)) {
            let mut entry = entry.clone();
            // Whoever has handed a portfolio in has all three ratings, completed recently
            // enough to be valid today.
            if section == Section::References && applicant.target.handed_in() {
                let completed = (Utc::now() - Duration::days(30)).date_naive().to_string();
                entry["status"] = Value::from("completed");
                entry["completed_on"] = Value::from(completed);
            }
            let asked = section == Section::References
                && (entry["status"] == "completed" || entry["status"] == "requested");
            if asked {
                // Until its rater sends it, the entry is only a rater to ask.
                let mut asked = entry.clone();
                asked["status"] = Value::from("requested");
                if let Some(listed) = asked.as_object_mut() {
                    listed.remove("completed_on");
                    listed.remove("not_enough_info");
                }
                let id = store.add_entry(person, section, &asked).await?;
                rated.push((id, entry));
            } else {
                store.add_entry(person, section, &entry).await?;
            }
        }
    }
    let mut meta = serde_json::Map::new();
    if applicant.keep.is_none() {
        for key in ["agreements", "endorsements"] {
            if let Some(value) = doc.get(key) {
                meta.insert(key.to_string(), value.clone());
            }
        }
        if let Some(Value::Object(who)) = doc.get("person")
            && let Some(licences) = who.get("licences")
        {
            meta.insert(
                "person".to_string(),
                serde_json::json!({"licences": licences}),
            );
        }
    }
    store
        .set_portfolio_meta(person, &Value::Object(meta))
        .await?;
    Ok(rated)
}

/// What third parties vouch for in a demo applicant's portfolio.
struct Evidence {
    /// Reference entries whose raters were asked, with the entry as the file has it: those
    /// marked completed are sent by their raters.
    rated: Vec<(EntryId, Value)>,
    /// The association records a membership.
    member: bool,
    /// The coordinator verified each degree against its transcript.
    verified: bool,
}

/// The raters send their ratings through the same store call as the emailed link, and the
/// coordinator records the membership: the demo's evidence comes from where a real
/// association's would.
async fn vouch(
    store: &SharedStore,
    application: lattice_domain::ids::ApplicationId,
    person: PersonId,
    association: AssociationId,
    coordinator: PersonId,
    evidence: &Evidence,
) -> Result<(), WebError> {
    let now = Utc::now();
    for (entry, completed) in &evidence.rated {
        let name = completed["name"].as_str().unwrap_or("Rater").to_string();
        let email = completed["email"].as_str().map_or_else(
            || {
                let local: String = name
                    .to_lowercase()
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                format!("{local}@example.org")
            },
            str::to_string,
        );
        let link = crate::auth::new_token()?;
        let hash = lattice_store::token::hash_token(&link);
        store
            .create_rater_request(
                &lattice_store::NewRaterRequest {
                    application,
                    entry: Some(*entry),
                    waived: completed["waived"].as_bool().unwrap_or(true),
                    rater_name: name.clone(),
                    rater_email: email.clone(),
                    role: completed["role"]
                        .as_str()
                        .unwrap_or("colleague")
                        .to_string(),
                    token_hash: hash.clone(),
                    created_at: now,
                    expires_at: now + Duration::days(30),
                    language: lattice_domain::language::Language::English,
                },
                &lattice_store::NewMail {
                    recipient: email.clone(),
                    subject: "Endorsement reference rating (demo)".to_string(),
                    body: "A demo invitation; the demo rater answered it.".to_string(),
                    created_at: now,
                },
            )
            .await?;
        // The demo's invitations went out before the demo begins: none is left to deliver.
        for mail in store.mails_to(&email).await? {
            if mail.sent_at.is_none() {
                store.mark_mail_sent(mail.id, now).await?;
            }
        }
        if completed["status"] != "completed" {
            // Asked, and the rater has not answered yet: the link stays live.
            continue;
        }
        let not_enough_info = completed["not_enough_info"].as_i64().unwrap_or(0);
        let answers: serde_json::Map<String, Value> =
            lattice_domain::competency::CompetencyArea::all()
                .enumerate()
                .map(|(i, area)| {
                    let answer = if (i as i64) < not_enough_info {
                        "not-enough-information"
                    } else {
                        "consistently"
                    };
                    (area.id().to_string(), Value::from(answer))
                })
                .collect();
        let mut data = completed.clone();
        data["source"] = Value::from("rater");
        store
            .submit_rating(
                &hash,
                now,
                &lattice_store::NewRating {
                    answers: Value::Object(answers),
                    not_enough_info,
                    comments: format!("{name} has worked alongside the applicant for years."),
                    known_since: completed["known_since"]
                        .as_str()
                        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
                    submitted_at: now,
                },
                Some((person, *entry, data)),
            )
            .await?;
    }
    if evidence.verified {
        for entry in store.entries(person).await? {
            let degree = entry.section == Section::Education
                && entry.data["completed"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty());
            if !degree {
                continue;
            }
            store
                .record_education_check(
                    &lattice_store::NewEducationCheck {
                        person,
                        entry: entry.id,
                        entry_data: entry.data.clone(),
                        verified: true,
                        // The demo uploads no files: its transcripts came by post.
                        note: "the official transcript came by post".to_string(),
                        checked_by: coordinator,
                        checked_at: now,
                    },
                    &NewAudit {
                        at: now,
                        actor: Some(coordinator),
                        association: Some(association),
                        subject: format!("application:{application}"),
                        action: "verify-transcript".to_string(),
                        reason: "official transcript received".to_string(),
                    },
                    None,
                )
                .await?;
        }
    }
    if evidence.member {
        let today = now.date_naive();
        store
            .record_membership(
                &lattice_store::NewMembership {
                    person,
                    association,
                    member_number: format!("{:05}", 10_000 + person.0),
                    kind: "individual".to_string(),
                    starts_on: today - Duration::days(165),
                    ends_on: today + Duration::days(200),
                    recorded_by: Some(coordinator),
                    recorded_at: now,
                },
                &NewAudit {
                    at: now,
                    actor: Some(coordinator),
                    association: Some(association),
                    subject: format!("application:{application}"),
                    action: "record-membership".to_string(),
                    reason: "dues received".to_string(),
                },
            )
            .await?;
    }
    Ok(())
}

/// Moves a new application to its target through the state machine, as the right people.
async fn walk(
    state: &AppState,
    person: PersonId,
    association: AssociationId,
    coordinator: PersonId,
    reviewers: &[PersonId],
    applicant: &Applicant,
    evidence: &Evidence,
) -> Result<(), WebError> {
    let store = state.store();
    let now = Utc::now();
    let id = store
        .create_application(&NewApplication {
            person,
            association,
            category: applicant.category.to_string(),
            intended_submission: Some((now + Duration::days(60)).date_naive()),
            created_at: now,
        })
        .await?;
    vouch(store, id, person, association, coordinator, evidence).await?;
    let exam_required = state
        .catalog()
        .profile(applicant.association, now.date_naive())
        .ok()
        .and_then(|p| {
            let category: lattice_domain::category::Category = applicant.category.parse().ok()?;
            p.categories
                .get(&category.track)
                .map(|rule| rule.exam.is_some())
        })
        .unwrap_or(false);
    use Actor::{Applicant as A, Coordinator as C};
    let review = [
        (Event::Register, A),
        (Event::Confirm, C),
        (Event::Submit, A),
        (Event::StartReview, C),
    ];
    let mut events: Vec<(Event, Actor)> = match applicant.target {
        Target::Draft => vec![],
        Target::Withdrawn => vec![(Event::Register, A), (Event::Withdraw, A)],
        Target::Registered => review[..1].to_vec(),
        Target::Confirmed => review[..2].to_vec(),
        Target::Submitted => review[..3].to_vec(),
        Target::UnderReview => review.to_vec(),
        Target::ApprovedForExam | Target::ExamFailed => {
            let mut e = review.to_vec();
            e.push((Event::ApproveForExam, C));
            e
        }
        Target::MoreWork => {
            let mut e = review.to_vec();
            e.push((
                Event::RequireMoreWork {
                    re_review_after: (now + Duration::days(90)).date_naive(),
                },
                C,
            ));
            e
        }
        Target::Endorsed => review.to_vec(),
    };
    match applicant.target {
        Target::ExamFailed => events.push((Event::RecordExam { passed: false }, C)),
        Target::Endorsed if exam_required => events.extend([
            (Event::ApproveForExam, C),
            (Event::RecordExam { passed: true }, C),
            (Event::Endorse, C),
        ]),
        Target::Endorsed => events.push((Event::Endorse, C)),
        _ => {}
    }
    let context = Context {
        exam_required,
        today: now.date_naive(),
    };
    let mut current = State::Draft;
    for (event, actor) in events {
        let next = current
            .apply(event, actor, context)
            .map_err(|e| WebError::Internal(format!("demo walk for {}: {e}", applicant.email)))?;
        if event == Event::StartReview {
            for reviewer in reviewers {
                store.assign_reviewer(id, *reviewer, coordinator).await?;
            }
        }
        let actor_id = if actor == A { person } else { coordinator };
        let audit = NewAudit {
            at: now,
            actor: Some(actor_id),
            association: Some(association),
            subject: format!("application:{id}"),
            action: event.name().to_string(),
            reason: demo_reason(event).to_string(),
        };
        // Endorsing makes the endorsement record, as it does from the review page.
        let mut effects = lattice_store::Effects::default();
        if event == Event::Submit {
            // What reviewers judge: the portfolio as handed in.
            let applicant_row = store.person(person).await?;
            effects.snapshot = Some(crate::portfolio::document(store, &applicant_row).await?);
        }
        if event == Event::Endorse {
            let application = store.application(id).await?;
            let applicant_row = store.person(person).await?;
            let association_row = store.association(association).await?;
            effects.endorsement = Some(
                crate::handlers::endorsements::new_endorsement(
                    state,
                    &application,
                    &applicant_row,
                    &association_row,
                )
                .await?,
            );
        }
        store
            .transition(id, current, next, &audit, &effects)
            .await?;
        current = next;
    }
    Ok(())
}

fn demo_reason(event: Event) -> &'static str {
    match event {
        Event::Confirm => "Membership and registration fee received",
        Event::RequireMoreWork { .. } => {
            "Please document 6 more hours of RS/C and a second reference from a supervisor"
        }
        Event::RecordExam { passed: false } => "Part 2 below the pass mark; Part 1 passed",
        Event::Endorse => "Reviewers agreed",
        _ => "",
    }
}

#[cfg(test)]
mod login_tests {
    /// Every account the README's table of demo logins names is among the logins
    /// `lattice serve --demo` prints.
    #[test]
    fn the_printed_logins_include_every_account_the_readme_lists() {
        let readme = include_str!("../../../README.md");
        let listed: Vec<&str> = readme
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split_once('`').map(|(email, _)| email))
            .filter(|email| email.contains('@'))
            .collect();
        assert!(listed.len() >= 7, "the README's table was read: {listed:?}");
        let printed: Vec<String> = super::logins().into_iter().map(|l| l.email).collect();
        for email in listed {
            assert!(
                printed.iter().any(|p| p == email),
                "{email} is in the README but not printed"
            );
        }
    }
}
