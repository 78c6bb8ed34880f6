-- The first schema, paired with migrations/sqlite of the same name.
-- Times are UNIX seconds (BIGINT); calendar dates are ISO text.
CREATE TABLE associations (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE profile_sources (
    association_id BIGINT PRIMARY KEY REFERENCES associations(id),
    file TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE people (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    admin BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE staff_roles (
    person_id BIGINT NOT NULL REFERENCES people(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    role TEXT NOT NULL CHECK (role IN ('coordinator', 'reviewer')),
    PRIMARY KEY (person_id, association_id, role)
);
CREATE INDEX staff_roles_association ON staff_roles(association_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE portfolios (
    person_id BIGINT PRIMARY KEY REFERENCES people(id),
    meta TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE portfolio_entries (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    section TEXT NOT NULL CHECK (section IN ('education', 'trainings', 'work', 'rsc', 'references')),
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX portfolio_entries_person ON portfolio_entries(person_id, id);

CREATE TABLE applications (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    category TEXT NOT NULL,
    state TEXT NOT NULL,
    re_review_after TEXT,
    intended_submission TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX applications_person ON applications(person_id);
CREATE INDEX applications_association ON applications(association_id, state);

CREATE TABLE application_reviewers (
    application_id BIGINT NOT NULL REFERENCES applications(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    assigned_at BIGINT NOT NULL,
    PRIMARY KEY (application_id, person_id)
);
CREATE INDEX application_reviewers_person ON application_reviewers(person_id);

CREATE TABLE rater_requests (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    rater_name TEXT NOT NULL,
    rater_email TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES people(id),
    association_id BIGINT REFERENCES associations(id),
    subject TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject, id);
CREATE INDEX audit_log_association ON audit_log(association_id, id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    created_at BIGINT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_recipient ON outbox(recipient);
