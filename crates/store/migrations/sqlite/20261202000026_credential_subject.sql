-- The id a credential gives its subject (`credentialSubject.id`, the JWT `sub`): a random
-- `urn:uuid:` per person, made when their first credential is issued and kept for good, so
-- every credential of one person (renewals, transfers) names the same subject without
-- revealing an email or a name. NULL until then.
-- Paired with migrations/postgres of the same name.
ALTER TABLE people ADD COLUMN credential_subject TEXT;
CREATE UNIQUE INDEX people_credential_subject ON people(credential_subject);
