-- An account made at sign-up waits here until its owner follows the emailed link: the row's
-- presence is what "not yet verified" means, so accounts made any other way (staff, roster
-- import, demo) need no flag. Only the link's hash is kept, like every other token.
CREATE TABLE email_verifications (
    person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL
);
