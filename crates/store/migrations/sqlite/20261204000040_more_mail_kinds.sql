-- The rest of the mails an association sends in its own words (issue #21 item 2): to the
-- applicant when the portfolio comes in, when more work is required, when endorsed and when
-- another transcript is asked for; to the endorsee when a renewal (on time or late) comes in,
-- when a late one's fee is recorded and when a reinstatement starts; to the
-- applicant when an exam sitting is scheduled or moved, and with the exam results. Paired with
-- migrations/postgres of the same name.
-- SQLite cannot change a CHECK in place, so the table is rebuilt (nothing references it).
CREATE TABLE mail_templates_new (
    association_id INTEGER NOT NULL REFERENCES associations(id),
    kind TEXT NOT NULL CHECK (kind IN ('rating-request', 'rater-reminder', 'renewal-reminder',
        'lapse-notice', 'import-invitation', 'portfolio-received', 'more-work-required',
        'endorsed', 'another-transcript', 'renewal-received', 'late-renewal-received',
        'renewal-complete', 'reinstatement-started', 'exam-scheduled', 'exam-moved', 'exam-results')),
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
