-- Issue #20: the queue, the coordinator's dashboard and the reviewer's dashboard cost the same
-- at 50 and at 50,000 applications. See the SQLite migration of the same name for why; this
-- is the same table, kept by the same rules.
--
-- Every change of tallies is one INSERT ... ON CONFLICT whose rows are in key order, so two
-- transactions moving applications in opposite directions (submitted -> under review and back)
-- take the tally rows' locks in the same order and cannot deadlock on them.
CREATE TABLE application_tallies (
    association_id BIGINT NOT NULL,
    reviewer_id BIGINT NOT NULL,
    state TEXT NOT NULL,
    category TEXT NOT NULL,
    cycle_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (association_id, reviewer_id, state, category, cycle_id)
);

INSERT INTO application_tallies (association_id, reviewer_id, state, category, cycle_id, n)
SELECT association_id, 0, state, category, COALESCE(cycle_id, 0), COUNT(*)
FROM applications GROUP BY association_id, state, category, COALESCE(cycle_id, 0);

INSERT INTO application_tallies (association_id, reviewer_id, state, category, cycle_id, n)
SELECT a.association_id, r.person_id, a.state, a.category, COALESCE(a.cycle_id, 0), COUNT(*)
FROM application_reviewers r JOIN applications a ON a.id = r.application_id
GROUP BY a.association_id, r.person_id, a.state, a.category, COALESCE(a.cycle_id, 0);

CREATE FUNCTION application_tallies_of_applications() RETURNS trigger AS $$
BEGIN
    INSERT INTO application_tallies AS t (association_id, reviewer_id, state, category, cycle_id, n)
    SELECT d.association_id, d.reviewer_id, d.state, d.category, d.cycle_id, d.n
    FROM (
        SELECT OLD.association_id, 0::BIGINT, OLD.state, OLD.category,
               COALESCE(OLD.cycle_id, 0), -1::BIGINT
        WHERE TG_OP IN ('UPDATE', 'DELETE')
        UNION ALL
        SELECT OLD.association_id, r.person_id, OLD.state, OLD.category,
               COALESCE(OLD.cycle_id, 0), -1::BIGINT
        FROM application_reviewers r WHERE TG_OP = 'UPDATE' AND r.application_id = OLD.id
        UNION ALL
        SELECT NEW.association_id, 0::BIGINT, NEW.state, NEW.category,
               COALESCE(NEW.cycle_id, 0), 1::BIGINT
        WHERE TG_OP IN ('INSERT', 'UPDATE')
        UNION ALL
        SELECT NEW.association_id, r.person_id, NEW.state, NEW.category,
               COALESCE(NEW.cycle_id, 0), 1::BIGINT
        FROM application_reviewers r WHERE TG_OP = 'UPDATE' AND r.application_id = NEW.id
    ) AS d (association_id, reviewer_id, state, category, cycle_id, n)
    ORDER BY d.association_id, d.reviewer_id, d.state, d.category, d.cycle_id
    ON CONFLICT (association_id, reviewer_id, state, category, cycle_id)
    DO UPDATE SET n = t.n + excluded.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER application_tallies_insert AFTER INSERT ON applications
FOR EACH ROW EXECUTE FUNCTION application_tallies_of_applications();
-- Only a change of what is counted moves an application between tallies.
CREATE TRIGGER application_tallies_update
AFTER UPDATE OF association_id, state, category, cycle_id ON applications
FOR EACH ROW WHEN (OLD.association_id IS DISTINCT FROM NEW.association_id
    OR OLD.state IS DISTINCT FROM NEW.state OR OLD.category IS DISTINCT FROM NEW.category
    OR OLD.cycle_id IS DISTINCT FROM NEW.cycle_id)
EXECUTE FUNCTION application_tallies_of_applications();
CREATE TRIGGER application_tallies_delete AFTER DELETE ON applications
FOR EACH ROW EXECUTE FUNCTION application_tallies_of_applications();

CREATE FUNCTION application_tallies_of_reviewers() RETURNS trigger AS $$
DECLARE
    assignment application_reviewers;
    delta BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        assignment := NEW;
        delta := 1;
    ELSE
        assignment := OLD;
        delta := -1;
    END IF;
    INSERT INTO application_tallies AS t (association_id, reviewer_id, state, category, cycle_id, n)
    SELECT a.association_id, assignment.person_id, a.state, a.category,
           COALESCE(a.cycle_id, 0), delta
    FROM applications a WHERE a.id = assignment.application_id
    ON CONFLICT (association_id, reviewer_id, state, category, cycle_id)
    DO UPDATE SET n = t.n + excluded.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER application_tallies_assign AFTER INSERT OR DELETE ON application_reviewers
FOR EACH ROW EXECUTE FUNCTION application_tallies_of_reviewers();

-- The queue's filtered pages: an index in the queue's order for each filter it offers.
DROP INDEX applications_association;
CREATE INDEX applications_queue_state ON applications(association_id, state, updated_at DESC, id);
CREATE INDEX applications_queue_state_category
    ON applications(association_id, state, category, updated_at DESC, id);
CREATE INDEX applications_queue_category
    ON applications(association_id, category, updated_at DESC, id);
CREATE INDEX applications_queue_cycle ON applications(association_id, cycle_id, updated_at DESC, id);

-- The reviewer's dashboard pages through their assignments newest application first.
DROP INDEX application_reviewers_person;
CREATE INDEX application_reviewers_person ON application_reviewers(person_id, application_id);

-- The open reviews of each reviewer, per association; see the SQLite migration of the same
-- name. Changes are again single INSERT ... ON CONFLICT statements with rows in key order.
CREATE TABLE reviewer_open_reviews (
    reviewer_id BIGINT NOT NULL,
    association_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (reviewer_id, association_id)
);

INSERT INTO reviewer_open_reviews (reviewer_id, association_id, n)
SELECT r.person_id, a.association_id, COUNT(*)
FROM application_reviewers r JOIN applications a ON a.id = r.application_id
WHERE a.state = 'under-review' AND NOT EXISTS (SELECT 1 FROM reviews v
    WHERE v.application_id = a.id AND v.round = a.review_round AND v.reviewer_id = r.person_id)
GROUP BY r.person_id, a.association_id;

CREATE FUNCTION reviewer_open_reviews_of_reviewers() RETURNS trigger AS $$
DECLARE
    assignment application_reviewers;
    delta BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        assignment := NEW;
        delta := 1;
    ELSE
        assignment := OLD;
        delta := -1;
    END IF;
    INSERT INTO reviewer_open_reviews AS t (reviewer_id, association_id, n)
    SELECT assignment.person_id, a.association_id, delta FROM applications a
    WHERE a.id = assignment.application_id AND a.state = 'under-review' AND NOT EXISTS (SELECT 1
        FROM reviews v WHERE v.application_id = a.id AND v.round = a.review_round
        AND v.reviewer_id = assignment.person_id)
    ON CONFLICT (reviewer_id, association_id) DO UPDATE SET n = t.n + excluded.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER reviewer_open_reviews_assign AFTER INSERT OR DELETE ON application_reviewers
FOR EACH ROW EXECUTE FUNCTION reviewer_open_reviews_of_reviewers();

CREATE FUNCTION reviewer_open_reviews_of_applications() RETURNS trigger AS $$
BEGIN
    INSERT INTO reviewer_open_reviews AS t (reviewer_id, association_id, n)
    SELECT d.reviewer_id, d.association_id, CAST(SUM(d.n) AS BIGINT)
    FROM (
        SELECT r.person_id, OLD.association_id, -1::BIGINT FROM application_reviewers r
        WHERE r.application_id = OLD.id AND OLD.state = 'under-review' AND NOT EXISTS (SELECT 1
            FROM reviews v WHERE v.application_id = OLD.id AND v.round = OLD.review_round
            AND v.reviewer_id = r.person_id)
        UNION ALL
        SELECT r.person_id, NEW.association_id, 1::BIGINT FROM application_reviewers r
        WHERE r.application_id = NEW.id AND NEW.state = 'under-review' AND NOT EXISTS (SELECT 1
            FROM reviews v WHERE v.application_id = NEW.id AND v.round = NEW.review_round
            AND v.reviewer_id = r.person_id)
    ) AS d (reviewer_id, association_id, n)
    GROUP BY d.reviewer_id, d.association_id
    ORDER BY d.reviewer_id, d.association_id
    ON CONFLICT (reviewer_id, association_id) DO UPDATE SET n = t.n + excluded.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER reviewer_open_reviews_update
AFTER UPDATE OF association_id, state, review_round ON applications
FOR EACH ROW WHEN (OLD.association_id IS DISTINCT FROM NEW.association_id
    OR OLD.state IS DISTINCT FROM NEW.state OR OLD.review_round IS DISTINCT FROM NEW.review_round)
EXECUTE FUNCTION reviewer_open_reviews_of_applications();

CREATE FUNCTION reviewer_open_reviews_of_reviews() RETURNS trigger AS $$
BEGIN
    UPDATE reviewer_open_reviews t SET n = t.n - 1
    FROM applications a JOIN application_reviewers r
        ON r.application_id = a.id AND r.person_id = NEW.reviewer_id
    WHERE a.id = NEW.application_id AND a.state = 'under-review' AND a.review_round = NEW.round
      AND t.reviewer_id = NEW.reviewer_id AND t.association_id = a.association_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER reviewer_open_reviews_review AFTER INSERT ON reviews
FOR EACH ROW EXECUTE FUNCTION reviewer_open_reviews_of_reviews();
