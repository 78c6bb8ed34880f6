-- A review's one fewer open review is counted at commit, not at the insert. The reviewer's row
-- of reviewer_open_reviews is shared by every save of that reviewer, and a row lock taken by
-- the insert was held through the rest of the transaction and the client's round trip to
-- COMMIT; as a deferred constraint trigger it is taken inside the commit itself. The function
-- reads the application as it is then, which the save holds locked (FOR UPDATE), so the count
-- is the same as before.
DROP TRIGGER reviewer_open_reviews_review ON reviews;
CREATE CONSTRAINT TRIGGER reviewer_open_reviews_review AFTER INSERT ON reviews
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION reviewer_open_reviews_of_reviews();
