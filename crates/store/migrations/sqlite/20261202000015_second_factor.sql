-- The second factor at sign-in (TOTP, RFC 6238). The secret is sealed with the server's
-- credential key (like the credential signing keys), so a copy of the database alone cannot
-- make codes. `confirmed_at` is NULL while enrolment waits for the first code; `last_step` is
-- the latest 30-second step whose code was accepted, so a code works once.
CREATE TABLE second_factors (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    sealed_secret TEXT NOT NULL,
    confirmed_at INTEGER,
    last_step INTEGER NOT NULL DEFAULT 0
);

-- Single-use recovery codes, stored as SHA-256 hashes (each code has 120 random bits).
CREATE TABLE recovery_codes (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (person_id, code_hash)
);

-- A sign-in whose password was right and which waits for the second factor (or, for staff
-- who have none yet, for enrolment). Not a session: it opens no page but those two.
CREATE TABLE pending_sign_ins (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX pending_sign_ins_person ON pending_sign_ins(person_id);
