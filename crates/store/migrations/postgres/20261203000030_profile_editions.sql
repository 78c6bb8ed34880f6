-- Editions of an association's requirement profile drafted on the rules page (issue #21):
-- the TOML of one [[edition]], in the files' shape. A draft is what the coordinator last
-- previewed; a scheduled edition joins the rules catalog after the embedded files (at start
-- and when it is scheduled), and from its effective date new registrations get it, while an
-- application keeps the edition of the day it registered (applications.rules_date, or the
-- day it was created). Paired with migrations/sqlite of the same name.
CREATE TABLE profile_editions (
    id BIGSERIAL PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    text TEXT NOT NULL,
    effective TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled')),
    drafted_by BIGINT REFERENCES people(id),
    drafted_at BIGINT NOT NULL,
    scheduled_at BIGINT
);
-- One edition per association and day once scheduled; drafts may repeat a day.
CREATE UNIQUE INDEX profile_editions_scheduled ON profile_editions(association_id, effective)
    WHERE status = 'scheduled';
