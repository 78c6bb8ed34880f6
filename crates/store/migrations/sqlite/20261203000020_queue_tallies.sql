-- Issue #20: the queue, the coordinator's dashboard and the reviewer's dashboard cost the same
-- at 50 and at 50,000 applications.
--
-- Their counts (by state, category and cycle, for the association and for each reviewer's
-- assignments) used to be GROUP BY queries over every application, or over every assignment
-- joined with its application, so a page read 50,000 rows to print ten numbers. The counts now
-- live in application_tallies, kept by triggers on the two tables they count, so that every
-- write path (the store, the CLI's imports, the load tool's bulk seeding) keeps them right
-- without remembering to. A page reads at most one row per (state, category, cycle) present.
-- reviewer_id 0 is the whole association; cycle_id 0 is "no cycle" (ids start at 1).
CREATE TABLE application_tallies (
    association_id INTEGER NOT NULL,
    reviewer_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    category TEXT NOT NULL,
    cycle_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (association_id, reviewer_id, state, category, cycle_id)
);

INSERT INTO application_tallies (association_id, reviewer_id, state, category, cycle_id, n)
SELECT association_id, 0, state, category, COALESCE(cycle_id, 0), COUNT(*)
FROM applications GROUP BY association_id, state, category, COALESCE(cycle_id, 0);

INSERT INTO application_tallies (association_id, reviewer_id, state, category, cycle_id, n)
SELECT a.association_id, r.person_id, a.state, a.category, COALESCE(a.cycle_id, 0), COUNT(*)
FROM application_reviewers r JOIN applications a ON a.id = r.application_id
GROUP BY a.association_id, r.person_id, a.state, a.category, COALESCE(a.cycle_id, 0);

CREATE TRIGGER application_tallies_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_tallies (association_id, reviewer_id, state, category, cycle_id, n)
    VALUES (NEW.association_id, 0, NEW.state, NEW.category, COALESCE(NEW.cycle_id, 0), 1)
    ON CONFLICT (association_id, reviewer_id, state, category, cycle_id) DO UPDATE SET n = n + 1;
END;

-- Only a change of what is counted moves an application between tallies (a state change
-- does; a new updated_at alone does not). Its reviewers' tallies move with it.
CREATE TRIGGER application_tallies_update
AFTER UPDATE OF association_id, state, category, cycle_id ON applications
WHEN OLD.association_id IS NOT NEW.association_id OR OLD.state IS NOT NEW.state
    OR OLD.category IS NOT NEW.category OR OLD.cycle_id IS NOT NEW.cycle_id
BEGIN
    UPDATE application_tallies SET n = n - 1
    WHERE association_id = OLD.association_id AND state = OLD.state
      AND category = OLD.category AND cycle_id = COALESCE(OLD.cycle_id, 0)
      AND (reviewer_id = 0 OR reviewer_id IN
           (SELECT person_id FROM application_reviewers WHERE application_id = OLD.id));
    INSERT INTO application_tallies (association_id, reviewer_id, state, category, cycle_id, n)
    SELECT NEW.association_id, 0, NEW.state, NEW.category, COALESCE(NEW.cycle_id, 0), 1
    UNION ALL
    SELECT NEW.association_id, person_id, NEW.state, NEW.category, COALESCE(NEW.cycle_id, 0), 1
    FROM application_reviewers WHERE application_id = NEW.id
    ON CONFLICT (association_id, reviewer_id, state, category, cycle_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER application_tallies_delete AFTER DELETE ON applications
BEGIN
    UPDATE application_tallies SET n = n - 1
    WHERE association_id = OLD.association_id AND reviewer_id = 0 AND state = OLD.state
      AND category = OLD.category AND cycle_id = COALESCE(OLD.cycle_id, 0);
END;

CREATE TRIGGER application_tallies_assign AFTER INSERT ON application_reviewers
BEGIN
    INSERT INTO application_tallies (association_id, reviewer_id, state, category, cycle_id, n)
    SELECT a.association_id, NEW.person_id, a.state, a.category, COALESCE(a.cycle_id, 0), 1
    FROM applications a WHERE a.id = NEW.application_id
    ON CONFLICT (association_id, reviewer_id, state, category, cycle_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER application_tallies_unassign AFTER DELETE ON application_reviewers
BEGIN
    UPDATE application_tallies SET n = n - 1
    WHERE reviewer_id = OLD.person_id
      AND (association_id, state, category, cycle_id) =
          (SELECT a.association_id, a.state, a.category, COALESCE(a.cycle_id, 0)
           FROM applications a WHERE a.id = OLD.application_id);
END;

-- The queue's filtered pages: each filter it offers (state, state and category, category,
-- cycle) has an index in the queue's order, so a filtered page reads its 51 lines in order
-- and stops, instead of reading every match and sorting it. (association_id, state) is a
-- prefix of the first, so the older index on it goes.
DROP INDEX applications_association;
CREATE INDEX applications_queue_state ON applications(association_id, state, updated_at DESC, id);
CREATE INDEX applications_queue_state_category
    ON applications(association_id, state, category, updated_at DESC, id);
CREATE INDEX applications_queue_category
    ON applications(association_id, category, updated_at DESC, id);
CREATE INDEX applications_queue_cycle ON applications(association_id, cycle_id, updated_at DESC, id);

-- The reviewer's dashboard pages through their assignments newest application first; this
-- index is that order (the older one on person_id alone is its prefix).
DROP INDEX application_reviewers_person;
CREATE INDEX application_reviewers_person ON application_reviewers(person_id, application_id);

-- The open reviews of each reviewer (assigned, application under review, no review of its
-- current round yet), per association: the queue page's "Reviewers" table and the automatic
-- assignment's balance read them. Counting them read every assignment of every reviewer
-- (13,000 for one reviewer at 50,000 applications, on every queue page), so they are kept here
-- by triggers on the three tables they depend on. Reviews are never updated or deleted.
CREATE TABLE reviewer_open_reviews (
    reviewer_id INTEGER NOT NULL,
    association_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (reviewer_id, association_id)
);

INSERT INTO reviewer_open_reviews (reviewer_id, association_id, n)
SELECT r.person_id, a.association_id, COUNT(*)
FROM application_reviewers r JOIN applications a ON a.id = r.application_id
WHERE a.state = 'under-review' AND NOT EXISTS (SELECT 1 FROM reviews v
    WHERE v.application_id = a.id AND v.round = a.review_round AND v.reviewer_id = r.person_id)
GROUP BY r.person_id, a.association_id;

CREATE TRIGGER reviewer_open_reviews_assign AFTER INSERT ON application_reviewers
BEGIN
    INSERT INTO reviewer_open_reviews (reviewer_id, association_id, n)
    SELECT NEW.person_id, a.association_id, 1 FROM applications a
    WHERE a.id = NEW.application_id AND a.state = 'under-review' AND NOT EXISTS (SELECT 1
        FROM reviews v WHERE v.application_id = a.id AND v.round = a.review_round
        AND v.reviewer_id = NEW.person_id)
    ON CONFLICT (reviewer_id, association_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER reviewer_open_reviews_unassign AFTER DELETE ON application_reviewers
BEGIN
    UPDATE reviewer_open_reviews SET n = n - 1
    WHERE reviewer_id = OLD.person_id AND association_id =
        (SELECT a.association_id FROM applications a
         WHERE a.id = OLD.application_id AND a.state = 'under-review' AND NOT EXISTS (SELECT 1
             FROM reviews v WHERE v.application_id = a.id AND v.round = a.review_round
             AND v.reviewer_id = OLD.person_id));
END;

CREATE TRIGGER reviewer_open_reviews_update
AFTER UPDATE OF association_id, state, review_round ON applications
WHEN OLD.association_id IS NOT NEW.association_id OR OLD.state IS NOT NEW.state
    OR OLD.review_round IS NOT NEW.review_round
BEGIN
    UPDATE reviewer_open_reviews SET n = n - 1
    WHERE association_id = OLD.association_id AND OLD.state = 'under-review'
      AND reviewer_id IN (SELECT r.person_id FROM application_reviewers r
          WHERE r.application_id = OLD.id AND NOT EXISTS (SELECT 1 FROM reviews v
              WHERE v.application_id = OLD.id AND v.round = OLD.review_round
              AND v.reviewer_id = r.person_id));
    INSERT INTO reviewer_open_reviews (reviewer_id, association_id, n)
    SELECT r.person_id, NEW.association_id, 1 FROM application_reviewers r
    WHERE r.application_id = NEW.id AND NEW.state = 'under-review' AND NOT EXISTS (SELECT 1
        FROM reviews v WHERE v.application_id = NEW.id AND v.round = NEW.review_round
        AND v.reviewer_id = r.person_id)
    ON CONFLICT (reviewer_id, association_id) DO UPDATE SET n = n + 1;
END;

-- A review of the current round of an application under review, by an assigned reviewer.
CREATE TRIGGER reviewer_open_reviews_review AFTER INSERT ON reviews
BEGIN
    UPDATE reviewer_open_reviews SET n = n - 1
    WHERE reviewer_id = NEW.reviewer_id AND association_id =
        (SELECT a.association_id FROM applications a JOIN application_reviewers r
             ON r.application_id = a.id AND r.person_id = NEW.reviewer_id
         WHERE a.id = NEW.application_id AND a.state = 'under-review'
           AND a.review_round = NEW.round);
END;
