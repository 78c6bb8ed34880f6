-- What the association does with an exam scorer who reviewed the examinee's application:
-- 'exclude' (the default: such a scorer is not offered) or 'warn' (offered, with a warning).
-- Paired with migrations/postgres of the same name.
ALTER TABLE associations ADD COLUMN reviewer_as_scorer TEXT NOT NULL DEFAULT 'exclude';
