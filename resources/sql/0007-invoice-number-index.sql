-- 0007-invoice-number-index.sql: no index on invoice numbers alone.
--
-- invoices_number was the customer search's way to invoice numbers until
-- 0004 moved that search to debtor_search (its numbers column, a trigram
-- index that finds any part of a number). Since then no statement reads it:
-- an import looks an invoice up by customer and number, which the
-- UNIQUE (debtor_id, number) index answers. Keeping it cost every written
-- invoice a B-tree insert at a random place, and a first import of 1,000,000
-- invoices 0.8 s to build it again.
DROP INDEX invoices_number;
