-- An association's own words (issue #21 item 2). Paired with migrations/sqlite of the same name.
--
-- Agreement texts by version. No row means the built-in wording (lattice_domain::documents),
-- which is version 1 of every association's texts: signatures made before texts were
-- versioned name no version and read as version 1. The first publication stores that
-- wording as version 1 beside the new version 2, so the history shows both.
CREATE TABLE agreement_texts (
    id BIGSERIAL PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    kind TEXT NOT NULL CHECK (kind IN ('code_of_ethics', 'endorsement_agreement')),
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    -- NULL for the built-in version 1.
    published_by BIGINT REFERENCES people(id),
    UNIQUE (association_id, kind, version)
);
-- The mails an association words itself; no row means the built-in wording.
CREATE TABLE mail_templates (
    association_id BIGINT NOT NULL REFERENCES associations(id),
    kind TEXT NOT NULL CHECK (kind IN ('rating-request', 'renewal-reminder')),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES people(id),
    PRIMARY KEY (association_id, kind)
);
