-- Applicants in progress brought in by their association's coordinator (issue #21): each
-- imported person is remembered with the application made for them and a digest of what the
-- coordinator's files said (the CSV row and the portfolio file). The same files again find the
-- same digest and change nothing (no second account, application or invitation); a changed
-- file replaces the portfolio only while the applicant has not yet set a password.
-- Paired with migrations/postgres of the same name.
CREATE TABLE applicant_imports (
    id INTEGER PRIMARY KEY,
    association_id INTEGER NOT NULL REFERENCES associations(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    application_id INTEGER NOT NULL REFERENCES applications(id),
    file_name TEXT NOT NULL,
    digest TEXT NOT NULL,
    imported_by INTEGER NOT NULL REFERENCES people(id),
    imported_at INTEGER NOT NULL,
    UNIQUE (association_id, person_id)
);
