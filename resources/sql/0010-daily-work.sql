-- 0010-daily-work.sql: what a collector records all day.
--
-- Payments with the invoices they paid (and the customer's credit),
-- promises decided at the customer's local midnight, payment agreements in
-- instalments, disputes, reasons for non-payment, follow-up tasks, bank
-- statements, and who recorded each entry of the bitácora. Money is INTEGER
-- minor units with its ISO 4217 code; calendar dates are TEXT 'YYYY-MM-DD';
-- instants are INTEGER µs since the epoch, UTC.

-- What the customer list marks beside a customer (CbzSummaryFlags in
-- cbz-store.h): an open dispute, a pending promise, an agreement, a late
-- instalment. Kept by cbz_store_refresh_summaries() like the other figures.
ALTER TABLE debtor_summaries ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;

-- Who recorded an event (the system user's name for now; a login later).
ALTER TABLE events ADD COLUMN recorded_by TEXT;

-- The customer's own time zone (IANA name). NULL: derived from the country
-- and region when needed (core/cadence/cbz-customer-zone.h); set when the
-- import has a time-zone column or someone edits it.
ALTER TABLE debtors ADD COLUMN time_zone TEXT;
-- The latest reason for non-payment someone recorded (a nick of
-- CbzNonpaymentReason), or NULL.
ALTER TABLE debtors ADD COLUMN nonpayment_reason TEXT;

-- A payment that was undone keeps its row (and its events) with voided_at
-- set; its allocations are reversed by rows of its own (see below).
ALTER TABLE payments ADD COLUMN voided_at INTEGER;
ALTER TABLE payments ADD COLUMN recorded_by TEXT;
ALTER TABLE payments ADD COLUMN note TEXT;
-- The bank line it came from, when it was matched from a statement.
ALTER TABLE payments ADD COLUMN bank_line_id INTEGER REFERENCES bank_lines (id) ON DELETE SET NULL;
CREATE INDEX payments_bank_line ON payments (bank_line_id) WHERE bank_line_id IS NOT NULL;

-- Where each payment's money went (core/payments/cbz-allocation.h): one row
-- per invoice touched. Applying the customer's credit later writes rows with
-- payment_id NULL and source 'credit'; an undo writes the same rows negated
-- (reverses = the row undone). The sum of a payment's rows plus the credit it
-- left equals its amount, to the cent.
CREATE TABLE payment_allocations (
  id          INTEGER PRIMARY KEY,
  payment_id  INTEGER REFERENCES payments (id) ON DELETE CASCADE,
  invoice_id  INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  debtor_id   INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  source      TEXT NOT NULL CHECK (source = 'payment' OR source = 'credit'),
  currency    TEXT NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount <> 0),
  reverses    INTEGER REFERENCES payment_allocations (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL
);
CREATE INDEX payment_allocations_payment ON payment_allocations (payment_id);
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);
CREATE INDEX payment_allocations_debtor ON payment_allocations (debtor_id, created_at);

-- Payments recorded before this migration paid one invoice each, or the
-- account: the first kind gets its allocation row.
INSERT INTO payment_allocations (payment_id, invoice_id, debtor_id, source, currency, amount, created_at)
  SELECT p.id, p.invoice_id, p.debtor_id, 'payment', p.currency, p.amount, p.created_at
    FROM payments p JOIN invoices i ON i.id = p.invoice_id;

-- The customer's credit, per currency, as a ledger: + what an overpayment
-- (or a dispute upheld with a credit) left, − what was applied to invoices
-- later; an undo adds the opposite row. The balance is the sum.
CREATE TABLE credit_entries (
  id          INTEGER PRIMARY KEY,
  debtor_id   INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  currency    TEXT NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount <> 0),
  kind        TEXT NOT NULL
              CHECK (kind = 'overpayment' OR kind = 'applied' OR kind = 'dispute' OR kind = 'undo'),
  payment_id  INTEGER REFERENCES payments (id) ON DELETE CASCADE,
  dispute_id  INTEGER REFERENCES disputes (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL
);
CREATE INDEX credit_entries_debtor ON credit_entries (debtor_id, currency);

-- Promises: made_at is created_at; these record when and how one was decided
-- (kept or broken at the customer's local midnight after promised_on, see
-- core/payments/cbz-promise-evaluation.h) and the shortfall of a broken one.
ALTER TABLE promises ADD COLUMN decided_at INTEGER;
ALTER TABLE promises ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE promises ADD COLUMN shortfall INTEGER NOT NULL DEFAULT 0;
ALTER TABLE promises ADD COLUMN recorded_by TEXT;
CREATE INDEX promises_pending ON promises (promised_on) WHERE status = 'pending';

-- Payment agreements (convenios de pago): a total split in instalments
-- (core/payments/cbz-agreement.h). The instalments' states follow the
-- payments made after the agreement.
CREATE TABLE agreements (
  id           INTEGER PRIMARY KEY,
  debtor_id    INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  currency     TEXT NOT NULL,
  total        INTEGER NOT NULL CHECK (total > 0),
  every        TEXT,                         -- '1m', '15d', '7d', … or NULL when the dates were edited
  status       TEXT NOT NULL DEFAULT 'active'
               CHECK (status = 'active' OR status = 'completed' OR status = 'broken' OR status = 'cancelled'),
  note         TEXT,
  created_at   INTEGER NOT NULL,
  decided_at   INTEGER,                      -- when it was completed, broken or cancelled
  recorded_by  TEXT
);
CREATE INDEX agreements_debtor ON agreements (debtor_id, status);

-- The invoices an agreement covers (none: the whole balance at the time).
CREATE TABLE agreement_invoices (
  agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
  invoice_id   INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  PRIMARY KEY (agreement_id, invoice_id)
) WITHOUT ROWID;

CREATE TABLE agreement_instalments (
  id            INTEGER PRIMARY KEY,
  agreement_id  INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,            -- 1-based
  due_date      TEXT NOT NULL,
  amount        INTEGER NOT NULL CHECK (amount > 0),
  paid          INTEGER NOT NULL DEFAULT 0,
  state         TEXT NOT NULL DEFAULT 'due'
                CHECK (state = 'due' OR state = 'paid' OR state = 'late'),
  paid_at       INTEGER,                     -- when it was covered in full
  missed_at     INTEGER,                     -- when it was flagged late (an event was written)
  UNIQUE (agreement_id, seq)
);
CREATE INDEX agreement_instalments_due ON agreement_instalments (due_date) WHERE state = 'due';

-- Disputes: an invoice the customer says is wrong. While open, the invoice's
-- status is 'disputed' and it leaves the overdue figures and the reminders.
CREATE TABLE disputes (
  id            INTEGER PRIMARY KEY,
  invoice_id    INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  debtor_id     INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  reason        TEXT NOT NULL,               -- a nick of CbzDisputeReason
  note          TEXT,
  opened_at     INTEGER NOT NULL,
  resolution    TEXT CHECK (resolution IS NULL OR resolution = 'upheld' OR resolution = 'rejected'),
  credit        INTEGER NOT NULL DEFAULT 0,  -- what an upheld dispute credited, minor units
  resolved_at   INTEGER,
  resolution_note TEXT,
  prior_status  TEXT NOT NULL,               -- the invoice's status before, restored when rejected
  recorded_by   TEXT
);
CREATE INDEX disputes_debtor ON disputes (debtor_id);
CREATE UNIQUE INDEX disputes_open_invoice ON disputes (invoice_id) WHERE resolved_at IS NULL;

-- Things to do for a customer on a day: call back (from a call), a cadence's
-- call task, a follow-up. Done when someone records the outcome.
CREATE TABLE tasks (
  id            INTEGER PRIMARY KEY,
  debtor_id     INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL
                CHECK (kind = 'call-back' OR kind = 'follow-up' OR kind = 'cadence-call'),
  due_on        TEXT NOT NULL,               -- the customer's local date
  note          TEXT,
  source_event  INTEGER REFERENCES events (id) ON DELETE SET NULL,
  key           TEXT UNIQUE,                 -- idempotency key (cadence tasks), or NULL
  created_at    INTEGER NOT NULL,
  done_at       INTEGER,
  done_event    INTEGER REFERENCES events (id) ON DELETE SET NULL,
  recorded_by   TEXT
);
CREATE INDEX tasks_open ON tasks (due_on) WHERE done_at IS NULL;
CREATE INDEX tasks_debtor ON tasks (debtor_id, done_at);

-- Bank statements and their lines (core/payments/cbz-bank-statement.h). A
-- line's fingerprint is unique: importing the same statement again adds
-- nothing and matches nothing twice.
CREATE TABLE bank_statements (
  id           INTEGER PRIMARY KEY,
  file_name    TEXT NOT NULL,
  layout       TEXT NOT NULL,                -- the bank layout's id
  imported_at  INTEGER NOT NULL,
  n_lines      INTEGER NOT NULL DEFAULT 0,
  recorded_by  TEXT
);

CREATE TABLE bank_lines (
  id            INTEGER PRIMARY KEY,
  statement_id  INTEGER NOT NULL REFERENCES bank_statements (id) ON DELETE CASCADE,
  line_no       INTEGER NOT NULL,            -- in the file, for messages
  fingerprint   TEXT NOT NULL UNIQUE,
  posted_on     TEXT NOT NULL,
  description   TEXT,
  reference     TEXT,
  currency      TEXT NOT NULL,
  amount        INTEGER NOT NULL,            -- signed: credits > 0, debits < 0
  status        TEXT NOT NULL DEFAULT 'unmatched'
                CHECK (status = 'unmatched' OR status = 'matched' OR status = 'ignored'),
  decided_at    INTEGER
);
CREATE INDEX bank_lines_unmatched ON bank_lines (posted_on) WHERE status = 'unmatched';
