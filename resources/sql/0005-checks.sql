-- 0005-checks.sql: the CHECKs on invoices and events spelled with OR.
-- cobranza: foreign_keys off
--
-- sqlite evaluates an IN list in a CHECK by building a temporary b-tree of
-- its values for every row written: about a microsecond per row, a second of
-- an import of 1,000,000 invoices. The OR spelling means the same, so every
-- stored row still passes. A CHECK cannot be altered in place: this is
-- sqlite's twelve-step rebuild (lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"). The line above makes the migration runner turn
-- foreign keys off around the transaction, as the procedure requires, and
-- run PRAGMA foreign_key_check before committing; the tables that refer to
-- these (payments, event_invoices, outbox) refer to them by name and need no
-- change. The indexes of the rebuilt tables are created again below; no
-- triggers or views refer to them, and the search index is a table of its
-- own keyed by debtor id.

CREATE TABLE invoices_new (
  id          INTEGER PRIMARY KEY,
  debtor_id   INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  number      TEXT NOT NULL,
  issue_date  TEXT,
  due_date    TEXT NOT NULL,
  currency    TEXT NOT NULL,
  amount      INTEGER NOT NULL,
  balance     INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open'
              CHECK (status = 'open' OR status = 'partially-paid' OR status = 'paid' OR
                     status = 'disputed' OR status = 'written-off'),
  description TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (debtor_id, number)
);
INSERT INTO invoices_new (id, debtor_id, number, issue_date, due_date, currency, amount, balance,
                          status, description, created_at, updated_at)
  SELECT id, debtor_id, number, issue_date, due_date, currency, amount, balance,
         status, description, created_at, updated_at
  FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_new RENAME TO invoices;
CREATE INDEX invoices_debtor_due ON invoices (debtor_id, due_date);
CREATE INDEX invoices_number ON invoices (number);

CREATE TABLE events_new (
  id                  INTEGER PRIMARY KEY,
  debtor_id           INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  occurred_at         INTEGER NOT NULL,
  kind                TEXT NOT NULL,          -- 'import', 'reminder', 'letter', 'reply', 'call', 'payment', 'promise', 'note', 'opt-out', 'status'
  channel             TEXT,                   -- 'sms', 'whatsapp', 'email', 'letter', 'phone', 'in-person' or NULL
  direction           TEXT NOT NULL DEFAULT 'internal'
                      CHECK (direction = 'outbound' OR direction = 'inbound' OR direction = 'internal'),
  summary             TEXT NOT NULL,
  body                TEXT,
  delivery_state      TEXT,                   -- 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown', 'dry-run', 'by-hand'
  provider_message_id TEXT,
  attachment          TEXT,                   -- content-addressed document name (e.g. 'sha256-….pdf') or NULL
  data                TEXT                    -- JSON with kind-specific details
);
INSERT INTO events_new (id, debtor_id, occurred_at, kind, channel, direction, summary, body,
                        delivery_state, provider_message_id, attachment, data)
  SELECT id, debtor_id, occurred_at, kind, channel, direction, summary, body,
         delivery_state, provider_message_id, attachment, data
  FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_debtor_time ON events (debtor_id, occurred_at DESC, id DESC);
CREATE INDEX events_provider_message ON events (provider_message_id)
  WHERE provider_message_id IS NOT NULL;
