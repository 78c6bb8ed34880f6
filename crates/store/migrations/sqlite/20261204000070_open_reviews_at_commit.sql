-- Paired with PostgreSQL's migration of the same name, which moves the count of a review's
-- open reviews to the commit. SQLite's writers already take turns, one transaction at a
-- time, so its trigger stays as it is.
SELECT 1;
