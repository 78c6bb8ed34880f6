-- The first schema, paired with migrations/postgres of the same name.
-- Times are UNIX seconds (INTEGER); calendar dates are ISO text.
CREATE TABLE associations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE profile_sources (
    association_id INTEGER PRIMARY KEY REFERENCES associations(id),
    file TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    admin INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE staff_roles (
    person_id INTEGER NOT NULL REFERENCES people(id),
    association_id INTEGER NOT NULL REFERENCES associations(id),
    role TEXT NOT NULL CHECK (role IN ('coordinator', 'reviewer')),
    PRIMARY KEY (person_id, association_id, role)
);
CREATE INDEX staff_roles_association ON staff_roles(association_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE portfolios (
    person_id INTEGER PRIMARY KEY REFERENCES people(id),
    meta TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE portfolio_entries (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    section TEXT NOT NULL CHECK (section IN ('education', 'trainings', 'work', 'rsc', 'references')),
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX portfolio_entries_person ON portfolio_entries(person_id, id);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    association_id INTEGER NOT NULL REFERENCES associations(id),
    category TEXT NOT NULL,
    state TEXT NOT NULL,
    re_review_after TEXT,
    intended_submission TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX applications_person ON applications(person_id);
CREATE INDEX applications_association ON applications(association_id, state);

CREATE TABLE application_reviewers (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, person_id)
);
CREATE INDEX application_reviewers_person ON application_reviewers(person_id);

CREATE TABLE rater_requests (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    rater_name TEXT NOT NULL,
    rater_email TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES people(id),
    association_id INTEGER REFERENCES associations(id),
    subject TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject, id);
CREATE INDEX audit_log_association ON audit_log(association_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_recipient ON outbox(recipient);
