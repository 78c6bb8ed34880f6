//! Checks shared by every form where a person types a name or an email address, so that what
//! one form refuses no other form lets in.

/// Whether the mailer can deliver to the address: what lettre, which sends our mail, parses as
/// an address, and no longer than an SMTP path allows. Checked at entry, so a mistyped
/// address is named on the page instead of failing eight times in the outbox.
pub fn deliverable_email(text: &str) -> bool {
    text.len() <= 254
        && !text.contains(char::is_whitespace)
        && text.parse::<lettre::Address>().is_ok()
}

/// Whether a name can be shown and mailed as typed: 1 to 200 characters, none of them a
/// control character (a line break or an escape in a name would reach mail bodies, CSV
/// exports and certificates).
pub fn clean_name(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 200 && !text.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_the_mailer_cannot_use_are_refused() {
        assert!(deliverable_email("ana@example.org"));
        assert!(!deliverable_email("ana@"));
        assert!(!deliverable_email("@example.org"));
        assert!(!deliverable_email("ana@@example.org"));
        assert!(!deliverable_email("ana@exa mple.org"));
        assert!(!deliverable_email("ana@example..org"));
        assert!(!deliverable_email(&format!(
            "{}@example.org",
            "a".repeat(250)
        )));
    }

    #[test]
    fn names_with_control_characters_are_refused() {
        assert!(clean_name("Ana Ruiz"));
        assert!(clean_name("Zoë Ó Briain-Nguyễn"));
        assert!(!clean_name(""));
        assert!(!clean_name("Ana\nBcc: x@example.org"));
        assert!(!clean_name("Ana\u{1b}[31m"));
        assert!(!clean_name("Ana\u{7f}"));
    }
}
