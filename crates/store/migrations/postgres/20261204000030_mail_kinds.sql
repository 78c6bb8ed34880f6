-- Every mail an association sends is its own (issue #21 item 2): besides the rating request
-- and the renewal reminder, the reminder to a rater who has not answered, the lapse notice and
-- the invitation of an imported applicant. Paired with migrations/sqlite of the same name.
ALTER TABLE mail_templates DROP CONSTRAINT mail_templates_kind_check;
ALTER TABLE mail_templates ADD CONSTRAINT mail_templates_kind_check
    CHECK (kind IN ('rating-request', 'rater-reminder', 'renewal-reminder', 'lapse-notice',
        'import-invitation'));
