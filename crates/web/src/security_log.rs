//! Security events in the log, each with a stable `event=` field to alert on. They name
//! accounts by id, or by a short hash of the address typed when there may be no account, and
//! never carry a password, a code or a token.

use lattice_domain::ids::PersonId;

/// A short, stable digest of an address typed at sign-in: repeated guesses at one account
/// show up together without the log holding the address.
pub fn account_hash(email: &str) -> String {
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        email.trim().to_lowercase().as_bytes(),
    );
    digest.as_ref()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A wrong email or password at sign-in.
pub fn sign_in_failed(email: &str, client: &str) {
    tracing::warn!(
        event = "sign_in_failed",
        account = %account_hash(email),
        client = %client,
        "sign-in refused: email and password do not match"
    );
}

/// Too many failures: the sign-in or second step was refused without checking.
pub fn sign_in_throttled(email: &str, client: &str, wait_secs: i64) {
    tracing::warn!(
        event = "sign_in_throttled",
        account = %account_hash(email),
        client = %client,
        wait_secs,
        "sign-in refused: too many failures"
    );
}

/// A wrong second-factor or recovery code.
pub fn second_factor_failed(person: PersonId, client: &str) {
    tracing::warn!(
        event = "second_factor_failed",
        person = %person,
        client = %client,
        "second factor refused"
    );
}

/// A limit on mail others can make the service send was reached.
/// The limit's kind is logged with a hash of its subject (an address or account).
pub fn mail_throttled(limit: &str) {
    let (kind, subject) = limit.split_once(':').unwrap_or((limit, ""));
    tracing::warn!(
        event = "mail_throttled",
        limit = %kind,
        subject = %account_hash(subject),
        "mail limit reached"
    );
}

/// A staff account's role or status changed.
pub fn staff_changed(actor: PersonId, person: PersonId, action: &str) {
    tracing::info!(
        event = "staff_changed",
        actor = %actor,
        person = %person,
        action = %action,
        "staff account changed"
    );
}
