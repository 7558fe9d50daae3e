-- 0009-tax-id-problem.sql: tax IDs kept as written when they do not check out.
--
-- A mistyped RFC, RUT or NIT no longer refuses an import: the customer still
-- owes, so the row goes in with the ID as written and the reason it did not
-- check out, until someone edits it on the customer's page. NULL: the ID
-- checked out (it is stored normalised), or there is none; 'check-digit' or
-- 'invalid' (cbz_tax_id_problem_to_string): kept as written, unverified.
ALTER TABLE debtors ADD COLUMN tax_id_problem TEXT
  CHECK (tax_id_problem IS NULL OR tax_id_problem = 'check-digit' OR tax_id_problem = 'invalid');

-- An unverified ID says who a customer is no more than a name does: two
-- customers may carry the same typo, or the same "pendiente". Only IDs that
-- checked out are unique.
DROP INDEX debtors_tax_id;
CREATE UNIQUE INDEX debtors_tax_id ON debtors (tax_id) WHERE tax_id IS NOT NULL AND tax_id_problem IS NULL;
