-- 0003-company.sql: who sends the collection letters, and the user's edits
-- of the built-in letter templates. No secrets here: payment instructions
-- are what the letters print anyway.

CREATE TABLE company_profile (
  id                   INTEGER PRIMARY KEY CHECK (id = 1), -- one row
  name                 TEXT NOT NULL DEFAULT '',
  tax_id               TEXT,
  address              TEXT,                  -- may hold several lines
  city                 TEXT,                  -- the place in the letter's date line
  phone                TEXT,
  email                TEXT,
  website              TEXT,
  logo_png             BLOB,                  -- PNG bytes, scaled into the letterhead
  signature_png        BLOB,                  -- PNG bytes, above the signer's name
  signer_name          TEXT,
  signer_title         TEXT,
  bank                 TEXT,
  account_holder       TEXT,
  account_label        TEXT,                  -- 'CLABE', 'CBU', 'Account', ...
  account              TEXT,
  reference_pattern    TEXT,                  -- template, e.g. '{{id_fiscal}}'
  payment_link_pattern TEXT,                  -- template, e.g. 'https://pay.example/{{factura}}'
  paper                TEXT NOT NULL DEFAULT 'a4' CHECK (paper IN ('a4', 'letter')),
  late_fee_kind        TEXT NOT NULL DEFAULT 'none' CHECK (late_fee_kind IN ('none', 'simple-interest')),
  late_fee_rate_bp     INTEGER NOT NULL DEFAULT 0 CHECK (late_fee_rate_bp >= 0),
  late_fee_period      TEXT NOT NULL DEFAULT 'monthly' CHECK (late_fee_period IN ('monthly', 'annual')),
  updated_at           INTEGER NOT NULL
);

-- The user's version of a built-in letter; absent means the built-in text.
CREATE TABLE letter_templates (
  level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  language   TEXT NOT NULL,                   -- 'es', 'en'
  body       TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (level, language)
) WITHOUT ROWID;
