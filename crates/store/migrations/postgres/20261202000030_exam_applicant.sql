-- The exam as the applicant lives it, and scores that hold (issue #26 items 1 and 2).
-- Paired with migrations/sqlite of the same name.

-- Where and how a sitting is held, so the applicant's page and mails can tell her: the start
-- time ("HH:MM", local to the place), a place or an online link (at least one, checked by the
-- web layer), instructions and what to bring. Empty for sittings scheduled before this.
ALTER TABLE exam_sittings ADD COLUMN starts_at TEXT NOT NULL DEFAULT '';
ALTER TABLE exam_sittings ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE exam_sittings ADD COLUMN online_link TEXT NOT NULL DEFAULT '';
ALTER TABLE exam_sittings ADD COLUMN instructions TEXT NOT NULL DEFAULT '';
ALTER TABLE exam_sittings ADD COLUMN bring TEXT NOT NULL DEFAULT '';

-- Every Part 2 score a scorer submitted, kept when a coordinator reopens it: exam_scorers
-- holds the score in force, this table every version with why it was reopened.
CREATE TABLE exam_score_versions (
    id BIGSERIAL PRIMARY KEY,
    sitting_id BIGINT NOT NULL REFERENCES exam_sittings(id),
    scorer_id BIGINT NOT NULL REFERENCES people(id),
    first_score BIGINT NOT NULL,
    second_score BIGINT NOT NULL,
    scored_at BIGINT NOT NULL,
    reopened_at BIGINT,
    reopened_by BIGINT REFERENCES people(id),
    reopen_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exam_score_versions_sitting ON exam_score_versions(sitting_id, scorer_id);
-- Scores given before versions were kept are their first version.
INSERT INTO exam_score_versions (sitting_id, scorer_id, first_score, second_score, scored_at)
SELECT sitting_id, scorer_id, first_score, second_score, COALESCE(scored_at, 0)
FROM exam_scorers WHERE first_score IS NOT NULL AND second_score IS NOT NULL;

-- Accommodations an applicant asks for (free text) and the coordinator's decision with a note.
CREATE TABLE exam_accommodations (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    request TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'granted', 'declined')),
    note TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES people(id),
    decided_at BIGINT
);
CREATE INDEX exam_accommodations_application ON exam_accommodations(application_id);
