-- 0001-initial.sql: the portfolio.
-- Money is INTEGER minor units + ISO 4217 code. Dates are TEXT 'YYYY-MM-DD'
-- (calendar dates, no zone). Instants are INTEGER microseconds since the Unix
-- epoch, UTC.

CREATE TABLE debtors (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  name_key         TEXT NOT NULL,              -- normalised for matching: casefolded, no accents/punctuation, single spaces
  tax_id           TEXT,                       -- normalised: uppercase, no spaces, dots or dashes
  tax_id_kind      TEXT,                       -- 'RFC', 'RUT', 'CUIT', 'NIT', 'RUC' or NULL when unknown
  contact_person   TEXT,
  phone            TEXT,                       -- E.164
  mobile           TEXT,                       -- E.164
  whatsapp         TEXT,                       -- E.164
  email            TEXT,                       -- one or more, separated by ', '
  address          TEXT,
  city             TEXT,
  region           TEXT,
  postal_code      TEXT,
  country          TEXT,                       -- ISO 3166-1 alpha-2
  language         TEXT NOT NULL DEFAULT 'es', -- letters and messages
  currency         TEXT NOT NULL DEFAULT 'MXN',
  opt_out_sms      INTEGER NOT NULL DEFAULT 0,
  opt_out_whatsapp INTEGER NOT NULL DEFAULT 0,
  opt_out_email    INTEGER NOT NULL DEFAULT 0,
  opt_out_letter   INTEGER NOT NULL DEFAULT 0,
  opt_out_call     INTEGER NOT NULL DEFAULT 0,
  notes            TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX debtors_tax_id ON debtors (tax_id) WHERE tax_id IS NOT NULL;
CREATE INDEX debtors_name_key ON debtors (name_key);

CREATE TABLE debtor_tags (
  debtor_id INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  tag       TEXT NOT NULL,
  PRIMARY KEY (debtor_id, tag)
) WITHOUT ROWID;
CREATE INDEX debtor_tags_tag ON debtor_tags (tag);

CREATE TABLE invoices (
  id          INTEGER PRIMARY KEY,
  debtor_id   INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  number      TEXT NOT NULL,
  issue_date  TEXT,
  due_date    TEXT NOT NULL,
  currency    TEXT NOT NULL,
  amount      INTEGER NOT NULL,
  balance     INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open'
              CHECK (status IN ('open', 'partially-paid', 'paid', 'disputed', 'written-off')),
  description TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (debtor_id, number)
);
CREATE INDEX invoices_debtor_due ON invoices (debtor_id, due_date);
CREATE INDEX invoices_number ON invoices (number);

CREATE TABLE payments (
  id         INTEGER PRIMARY KEY,
  debtor_id  INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  invoice_id INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
  paid_on    TEXT NOT NULL,
  currency   TEXT NOT NULL,
  amount     INTEGER NOT NULL CHECK (amount > 0),
  method     TEXT,
  reference  TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX payments_debtor ON payments (debtor_id, paid_on);

CREATE TABLE promises (
  id          INTEGER PRIMARY KEY,
  debtor_id   INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  promised_on TEXT NOT NULL,                  -- the date the customer said they would pay
  currency    TEXT NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount > 0),
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'kept', 'broken', 'cancelled')),
  note        TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX promises_debtor ON promises (debtor_id, promised_on);

-- The bitácora: everything that happened with a customer.
CREATE TABLE events (
  id                  INTEGER PRIMARY KEY,
  debtor_id           INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  occurred_at         INTEGER NOT NULL,
  kind                TEXT NOT NULL,          -- 'import', 'reminder', 'letter', 'reply', 'call', 'payment', 'promise', 'note', 'opt-out', 'status'
  channel             TEXT,                   -- 'sms', 'whatsapp', 'email', 'letter', 'phone', 'in-person' or NULL
  direction           TEXT NOT NULL DEFAULT 'internal'
                      CHECK (direction IN ('outbound', 'inbound', 'internal')),
  summary             TEXT NOT NULL,
  body                TEXT,
  delivery_state      TEXT,                   -- 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown', 'dry-run', 'by-hand'
  provider_message_id TEXT,
  attachment          TEXT,                   -- content-addressed document name (e.g. 'sha256-….pdf') or NULL
  data                TEXT                    -- JSON with kind-specific details
);
CREATE INDEX events_debtor_time ON events (debtor_id, occurred_at DESC, id DESC);

CREATE TABLE event_invoices (
  event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  PRIMARY KEY (event_id, invoice_id)
) WITHOUT ROWID;
CREATE INDEX event_invoices_invoice ON event_invoices (invoice_id);

-- Per-debtor figures the customer list reads without scanning invoices. Kept
-- current by the store after every write that touches invoices, payments or
-- events (cbz_store_refresh_summaries), and recomputed for everyone when the
-- calendar day changes (overdue depends on today): see meta 'summaries_as_of'.
CREATE TABLE debtor_summaries (
  debtor_id         INTEGER PRIMARY KEY REFERENCES debtors (id) ON DELETE CASCADE,
  currency          TEXT NOT NULL,             -- currency of the figures (the debtor's main one)
  other_currencies  INTEGER NOT NULL DEFAULT 0,-- 1 when open invoices exist in other currencies
  open_count        INTEGER NOT NULL DEFAULT 0,
  open_balance      INTEGER NOT NULL DEFAULT 0,
  overdue_balance   INTEGER NOT NULL DEFAULT 0,
  oldest_due_date   TEXT,                      -- earliest due date among open invoices with balance > 0
  days_overdue      INTEGER NOT NULL DEFAULT 0,-- as of meta 'summaries_as_of'; 0 when nothing is overdue
  last_contact_at   INTEGER,                   -- latest outbound or inbound event
  next_action       TEXT                       -- filled by the planner (cadences); NULL until then
);
CREATE INDEX debtor_summaries_overdue ON debtor_summaries (overdue_balance);
CREATE INDEX debtor_summaries_days ON debtor_summaries (days_overdue);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
