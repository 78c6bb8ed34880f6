-- Fees as invoices, reference ratings, and the portfolio snapshot frozen at submission.
-- Paired with migrations/sqlite of the same name.
CREATE TABLE invoices (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL CHECK (kind IN ('registration', 'processing')),
    amount_usd BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid')),
    provider TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    paid_at BIGINT,
    paid_by BIGINT REFERENCES people(id)
);
CREATE INDEX invoices_application ON invoices(application_id);

ALTER TABLE rater_requests ADD COLUMN entry_id BIGINT;
ALTER TABLE rater_requests ADD COLUMN waived BIGINT NOT NULL DEFAULT 0;

CREATE TABLE ratings (
    id BIGSERIAL PRIMARY KEY,
    rater_request_id BIGINT NOT NULL UNIQUE REFERENCES rater_requests(id),
    answers TEXT NOT NULL,
    not_enough_info BIGINT NOT NULL,
    comments TEXT NOT NULL,
    known_since TEXT,
    submitted_at BIGINT NOT NULL
);

CREATE TABLE snapshots (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    document TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX snapshots_application ON snapshots(application_id, id);
