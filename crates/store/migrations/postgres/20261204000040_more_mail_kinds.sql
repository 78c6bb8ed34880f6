-- The rest of the mails an association sends in its own words (issue #21 item 2): to the
-- applicant when the portfolio comes in, when more work is required, when endorsed and when
-- another transcript is asked for; to the endorsee when a renewal (on time or late) comes in,
-- when a late one's fee is recorded and when a reinstatement starts; to the
-- applicant when an exam sitting is scheduled or moved, and with the exam results. Paired with
-- migrations/sqlite of the same name.
ALTER TABLE mail_templates DROP CONSTRAINT mail_templates_kind_check;
ALTER TABLE mail_templates ADD CONSTRAINT mail_templates_kind_check
    CHECK (kind IN ('rating-request', 'rater-reminder', 'renewal-reminder', 'lapse-notice',
        'import-invitation', 'portfolio-received', 'more-work-required', 'endorsed',
        'another-transcript', 'renewal-received', 'late-renewal-received', 'renewal-complete',
        'reinstatement-started', 'exam-scheduled', 'exam-moved', 'exam-results'));
