-- Review cycles, reviewer profiles, conflicts of interest, reviews, exams and sent reminders.
-- Paired with migrations/postgres of the same name.
CREATE TABLE review_cycles (
    id INTEGER PRIMARY KEY,
    association_id INTEGER NOT NULL REFERENCES associations(id),
    name TEXT NOT NULL,
    submission_deadline TEXT NOT NULL,
    review_due TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (association_id, name)
);

-- The edition of the rules an application is judged by (the day it was registered, unless a
-- coordinator kept an earlier edition for it), its cycle, and the times the reports measure.
ALTER TABLE applications ADD COLUMN rules_date TEXT;
ALTER TABLE applications ADD COLUMN cycle_id INTEGER REFERENCES review_cycles(id);
ALTER TABLE applications ADD COLUMN review_round INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN submitted_at INTEGER;
ALTER TABLE applications ADD COLUMN decided_at INTEGER;
ALTER TABLE application_reviewers ADD COLUMN due_on TEXT;

-- What an association knows of a reviewer: where they work and the categories they hold.
CREATE TABLE reviewer_profiles (
    person_id INTEGER PRIMARY KEY REFERENCES people(id),
    employer TEXT NOT NULL DEFAULT '',
    endorsed TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES people(id),
    reviewer_id INTEGER NOT NULL REFERENCES people(id),
    source TEXT NOT NULL CHECK (source IN ('applicant', 'reviewer', 'coordinator')),
    reason TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    removed_at INTEGER
);
CREATE INDEX conflicts_applicant ON conflicts(applicant_id);
CREATE INDEX conflicts_reviewer ON conflicts(reviewer_id);

CREATE TABLE reviews (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    round INTEGER NOT NULL,
    reviewer_id INTEGER NOT NULL REFERENCES people(id),
    recommendation TEXT NOT NULL,
    checklist TEXT NOT NULL,
    comments TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, round, reviewer_id)
);

CREATE TABLE exam_sittings (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    sat_on TEXT NOT NULL,
    blind_code TEXT NOT NULL UNIQUE,
    part1_wrong INTEGER,
    answers TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'passed', 'failed')),
    created_at INTEGER NOT NULL
);
CREATE INDEX exam_sittings_application ON exam_sittings(application_id);

CREATE TABLE exam_scorers (
    sitting_id INTEGER NOT NULL REFERENCES exam_sittings(id),
    scorer_id INTEGER NOT NULL REFERENCES people(id),
    slot INTEGER NOT NULL CHECK (slot IN (0, 1)),
    first_score INTEGER,
    second_score INTEGER,
    scored_at INTEGER,
    PRIMARY KEY (sitting_id, scorer_id),
    UNIQUE (sitting_id, slot)
);

-- One row per reminder trigger: inserting it and queueing its mail share a transaction, so
-- each reminder goes out once however often the worker looks.
CREATE TABLE reminders_sent (
    key TEXT PRIMARY KEY,
    sent_at INTEGER NOT NULL
);
