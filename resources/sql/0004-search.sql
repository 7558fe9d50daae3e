-- 0004-search.sql: what the customer list needs to search and sort fast.

-- Search index for the customer list: one row per debtor (rowid = debtors.id)
-- with the name as a search key (cbz_search_key: lowercase, no accents, no
-- punctuation), the normalised tax ID and all its invoice numbers separated by
-- spaces. The trigram tokenizer answers "contains" queries of 3+ characters
-- from the index. Kept current by cbz_store_refresh_summaries (no triggers,
-- so bulk imports pay for it once per debtor, not once per invoice row).
CREATE VIRTUAL TABLE debtor_search USING fts5 (
  name, tax_id, numbers,
  tokenize = 'trigram'
);

INSERT INTO debtor_search (rowid, name, tax_id, numbers)
  SELECT d.id, cbz_search_key (d.name), COALESCE (d.tax_id, ''),
         COALESCE ((SELECT group_concat (i.number, ' ') FROM invoices i WHERE i.debtor_id = d.id), '')
  FROM debtors d;

-- Sorting the list by these columns reads an index instead of sorting.
CREATE INDEX debtor_summaries_open_balance ON debtor_summaries (open_balance);
CREATE INDEX debtor_summaries_open_count ON debtor_summaries (open_count);
CREATE INDEX debtor_summaries_last_contact ON debtor_summaries (last_contact_at);
CREATE INDEX debtor_summaries_next_action ON debtor_summaries (next_action);

-- Delivery receipts find their event by the provider's message id.
CREATE INDEX events_provider_message ON events (provider_message_id)
  WHERE provider_message_id IS NOT NULL;
