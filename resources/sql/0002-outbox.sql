-- 0002-outbox.sql: the durable outbox and the user's message templates.
-- A message is written here (state 'queued') before anything is sent, and its
-- state 'sending' is committed before the HTTP request goes out, so a crash
-- can neither lose a message nor send it twice without the user knowing.
-- Instants are INTEGER microseconds since the Unix epoch, UTC.

CREATE TABLE outbox (
  id                  INTEGER PRIMARY KEY,
  debtor_id           INTEGER NOT NULL REFERENCES debtors (id) ON DELETE CASCADE,
  -- The idempotency key: planning the same step or clicking the same button
  -- twice for the same invoices in the same cycle cannot enqueue twice.
  action              TEXT NOT NULL,             -- 'cadence:<cadence>:<step>' or 'manual:<what>'
  invoice_set         TEXT NOT NULL DEFAULT '',  -- sorted invoice ids, ',' separated
  cycle               TEXT NOT NULL DEFAULT '',  -- e.g. the planning date 'YYYY-MM-DD'
  -- CHECKs spelled with OR: sqlite builds a temporary b-tree for every IN
  -- list it evaluates, which made bulk enqueueing twice as slow.
  channel             TEXT NOT NULL CHECK (channel = 'sms' OR channel = 'whatsapp' OR channel = 'email'),
  provider            TEXT NOT NULL,             -- 'twilio', 'whatsapp', 'sendgrid', 'mailgun', 'postmark'
  recipient           TEXT NOT NULL,             -- E.164 number or email address
  template            TEXT,                      -- template name it was rendered from
  language            TEXT,
  subject             TEXT,                      -- email only
  body                TEXT NOT NULL,             -- SMS/WhatsApp text, email plain text
  html                TEXT,                      -- email only
  wa_template         TEXT,                      -- WhatsApp template name (Cloud API) or ContentSid (Twilio)
  wa_language         TEXT,
  wa_params           TEXT,                      -- JSON array of strings
  state               TEXT NOT NULL DEFAULT 'queued'
                      CHECK (state = 'queued' OR state = 'sending' OR state = 'sent' OR
                             state = 'delivered' OR state = 'failed' OR state = 'unknown' OR
                             state = 'dry-run' OR state = 'cancelled'),
  dry_run             INTEGER NOT NULL DEFAULT 0,
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     INTEGER NOT NULL,
  sending_since       INTEGER,                   -- when the current attempt was committed as 'sending'
  last_error          TEXT,                      -- for a person: why it failed or is held
  provider_message_id TEXT,
  event_id            INTEGER REFERENCES events (id) ON DELETE SET NULL,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  expires_at          INTEGER NOT NULL,          -- past this a queued message fails visibly
  UNIQUE (debtor_id, action, invoice_set, cycle)
);
-- The sender's queries: the next due messages and the expired ones. (No
-- index on state alone: every change of state would pay for it, and the
-- lists by state are read far less often than messages move.)
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'queued';
CREATE INDEX outbox_expiry ON outbox (expires_at) WHERE state = 'queued';
-- A customer's messages: the UNIQUE key above starts with debtor_id.
CREATE INDEX outbox_provider_message ON outbox (provider, provider_message_id)
  WHERE provider_message_id IS NOT NULL;

-- The user's own wording; built-in defaults live in the data resources under
-- /io/github/cobranza/Cobranza/messages/ and apply where no row exists.
CREATE TABLE message_templates (
  name        TEXT NOT NULL,                     -- 'reminder', 'final-notice', ...
  channel     TEXT NOT NULL CHECK (channel = 'sms' OR channel = 'whatsapp' OR channel = 'email'),
  language    TEXT NOT NULL,                     -- 'es', 'en'
  subject     TEXT,
  body        TEXT NOT NULL,
  html        TEXT,
  wa_template TEXT,
  wa_language TEXT,
  wa_params   TEXT,                              -- JSON array of template expressions
  sms_plain   INTEGER NOT NULL DEFAULT 0,        -- 1: replace accents GSM-7 lacks
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (name, channel, language)
) WITHOUT ROWID;
