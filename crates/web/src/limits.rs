//! Limits on mail that someone other than its recipient can make the service send: password
//! reset links (anyone can type any address) and rating requests (an applicant names any
//! address, and the mail comes from the association's sender). Each is counted per account,
//! per recipient and per client address in the database, so the limits hold across nodes.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use chrono::{Duration, Utc};
use lattice_domain::ids::PersonId;
use lattice_store::MailLimit;

use crate::error::WebError;
use crate::state::AppState;

/// Reset links per address an hour: a lost first mail can be asked for again, a script
/// cannot fill an inbox.
pub const RESETS_PER_ADDRESS_HOUR: i64 = 3;
/// Reset links asked for from one client address an hour, whatever the addresses typed.
pub const RESETS_PER_CLIENT_HOUR: i64 = 20;
/// Rating requests and resends one applicant sends a day.
pub const RATER_MAILS_PER_APPLICANT_DAY: i64 = 15;
/// Rating requests and resends one rater's address receives a day, from all applicants.
pub const RATER_MAILS_PER_RECIPIENT_DAY: i64 = 3;
/// Rating requests and resends sent from one client address a day.
pub const RATER_MAILS_PER_CLIENT_DAY: i64 = 40;

/// The address the connection came from, when the server knows it (in-process tests have
/// none). Behind a reverse proxy every client shares the proxy's address, so the per-client
/// limits are set high enough for that; the per-account and per-recipient ones still hold.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip()),
        ))
    }
}

/// One limit and the words a person reads when it is reached.
struct Rule {
    limit: MailLimit,
    message: String,
}

async fn allow(state: &AppState, rules: Vec<Rule>) -> Result<(), WebError> {
    let limits: Vec<MailLimit> = rules.iter().map(|r| r.limit.clone()).collect();
    match state.store().count_mail(&limits, Utc::now()).await? {
        None => Ok(()),
        Some(index) => {
            crate::security_log::mail_throttled(&limits[index].key);
            Err(WebError::TooManyRequests(rules[index].message.clone()))
        }
    }
}

/// Counts a reset link for `email` (lower-cased, as typed) whether or not an account uses it,
/// so the answer never tells who is registered.
pub async fn reset_link(state: &AppState, email: &str, client: ClientAddr) -> Result<(), WebError> {
    let mut rules = vec![Rule {
        limit: MailLimit {
            key: format!("reset:{email}"),
            max: RESETS_PER_ADDRESS_HOUR,
            window: Duration::hours(1),
        },
        message: "If an account uses this address, we've already sent it a reset link. \
                  Check your mail (and its spam folder), or try again in an hour."
            .to_string(),
    }];
    if let ClientAddr(Some(ip)) = client {
        rules.push(Rule {
            limit: MailLimit {
                key: format!("reset-client:{ip}"),
                max: RESETS_PER_CLIENT_HOUR,
                window: Duration::hours(1),
            },
            message: "Many reset links were asked for from your network in the last hour. \
                      Try again in an hour."
                .to_string(),
        });
    }
    allow(state, rules).await
}

/// Counts a rating request or resend from `applicant` to `recipient`.
pub async fn rater_mail(
    state: &AppState,
    applicant: PersonId,
    recipient: &str,
    client: ClientAddr,
) -> Result<(), WebError> {
    let day = Duration::days(1);
    let mut rules = vec![
        Rule {
            limit: MailLimit {
                key: format!("rater-applicant:{applicant}"),
                max: RATER_MAILS_PER_APPLICANT_DAY,
                window: day,
            },
            message: format!(
                "You have sent {RATER_MAILS_PER_APPLICANT_DAY} rating requests in the last day. \
                 Send the next ones tomorrow."
            ),
        },
        Rule {
            limit: MailLimit {
                key: format!("rater-recipient:{}", recipient.to_lowercase()),
                max: RATER_MAILS_PER_RECIPIENT_DAY,
                window: day,
            },
            message: "This address was already sent several rating requests in the last day. \
                      Give the rater time to answer, or send it again tomorrow."
                .to_string(),
        },
    ];
    if let ClientAddr(Some(ip)) = client {
        rules.push(Rule {
            limit: MailLimit {
                key: format!("rater-client:{ip}"),
                max: RATER_MAILS_PER_CLIENT_DAY,
                window: day,
            },
            message: "Many rating requests were sent from your network in the last day. \
                      Send the next ones tomorrow."
                .to_string(),
        });
    }
    allow(state, rules).await
}
