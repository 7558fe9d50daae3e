-- 0006-search-detail.sql: a smaller, faster-to-build search index.
--
-- The customer list searches with LIKE '%…%' on debtor_search's columns: the
-- trigram tokenizer answers those from the index (every trigram of the
-- pattern), then checks the candidates' text. For that the index needs no
-- token positions, so detail = none: building it for 100,000 customers and
-- their 1,000,000 invoice numbers takes 1.4 s instead of 2.5 s and 42 MB
-- instead of 73 MB, and searches take the same time.
DROP TABLE debtor_search;

CREATE VIRTUAL TABLE debtor_search USING fts5 (
  name, tax_id, numbers,
  tokenize = 'trigram',
  detail = none
);

INSERT INTO debtor_search (rowid, name, tax_id, numbers)
  SELECT d.id, cbz_search_key (d.name), COALESCE (d.tax_id, ''),
         COALESCE ((SELECT group_concat (i.number, ' ') FROM invoices i WHERE i.debtor_id = d.id), '')
  FROM debtors d;
