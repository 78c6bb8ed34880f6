-- Fees as invoices, reference ratings, and the portfolio snapshot frozen at submission.
-- Paired with migrations/postgres of the same name.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL CHECK (kind IN ('registration', 'processing')),
    amount_usd INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid')),
    provider TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    paid_at INTEGER,
    paid_by INTEGER REFERENCES people(id)
);
CREATE INDEX invoices_application ON invoices(application_id);

ALTER TABLE rater_requests ADD COLUMN entry_id INTEGER;
ALTER TABLE rater_requests ADD COLUMN waived INTEGER NOT NULL DEFAULT 0;

CREATE TABLE ratings (
    id INTEGER PRIMARY KEY,
    rater_request_id INTEGER NOT NULL UNIQUE REFERENCES rater_requests(id),
    answers TEXT NOT NULL,
    not_enough_info INTEGER NOT NULL,
    comments TEXT NOT NULL,
    known_since TEXT,
    submitted_at INTEGER NOT NULL
);

CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX snapshots_application ON snapshots(application_id, id);
