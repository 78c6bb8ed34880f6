-- Every mail an association sends is its own (issue #21 item 2): besides the rating request
-- and the renewal reminder, the reminder to a rater who has not answered, the lapse notice and
-- the invitation of an imported applicant. Paired with migrations/postgres of the same name.
-- SQLite cannot change a CHECK in place, so the table is rebuilt (nothing references it).
CREATE TABLE mail_templates_new (
    association_id INTEGER NOT NULL REFERENCES associations(id),
    kind TEXT NOT NULL CHECK (kind IN ('rating-request', 'rater-reminder', 'renewal-reminder',
        'lapse-notice', 'import-invitation')),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES people(id),
    PRIMARY KEY (association_id, kind)
);
INSERT INTO mail_templates_new (association_id, kind, subject, body, updated_at, updated_by)
    SELECT association_id, kind, subject, body, updated_at, updated_by FROM mail_templates;
DROP TABLE mail_templates;
ALTER TABLE mail_templates_new RENAME TO mail_templates;
