/* cbz-store-company.c: the company profile (table company_profile)
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-store-company.h"
#include "cbz-store-private.h"

G_DEFINE_BOXED_TYPE (CbzCompanyProfile, cbz_company_profile,
                     cbz_company_profile_copy, cbz_company_profile_free)

/* Column order of both SELECT and INSERT below. */
#define PROFILE_COLUMNS \
  "name, tax_id, address, city, phone, email, website, logo_png, signature_png, " \
  "signer_name, signer_title, bank, account_holder, account_label, account, " \
  "reference_pattern, payment_link_pattern, paper, late_fee_kind, late_fee_rate_bp, " \
  "late_fee_period"

CbzCompanyProfile *
cbz_company_profile_new (void)
{
  CbzCompanyProfile *self = g_new0 (CbzCompanyProfile, 1);

  self->paper = CBZ_PAPER_A4;
  self->late_fee_kind = CBZ_LATE_FEE_NONE;
  self->late_fee_period = CBZ_LATE_FEE_PERIOD_MONTHLY;
  return self;
}

CbzCompanyProfile *
cbz_company_profile_copy (const CbzCompanyProfile *self)
{
  CbzCompanyProfile *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (CbzCompanyProfile, 1);
  *copy = *self;
  copy->name = g_strdup (self->name);
  copy->tax_id = g_strdup (self->tax_id);
  copy->address = g_strdup (self->address);
  copy->city = g_strdup (self->city);
  copy->phone = g_strdup (self->phone);
  copy->email = g_strdup (self->email);
  copy->website = g_strdup (self->website);
  copy->logo_png = self->logo_png != NULL ? g_bytes_ref (self->logo_png) : NULL;
  copy->signature_png = self->signature_png != NULL ? g_bytes_ref (self->signature_png) : NULL;
  copy->signer_name = g_strdup (self->signer_name);
  copy->signer_title = g_strdup (self->signer_title);
  copy->bank = g_strdup (self->bank);
  copy->account_holder = g_strdup (self->account_holder);
  copy->account_label = g_strdup (self->account_label);
  copy->account = g_strdup (self->account);
  copy->reference_pattern = g_strdup (self->reference_pattern);
  copy->payment_link_pattern = g_strdup (self->payment_link_pattern);
  return copy;
}

void
cbz_company_profile_free (CbzCompanyProfile *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->tax_id);
  g_free (self->address);
  g_free (self->city);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->website);
  g_clear_pointer (&self->logo_png, g_bytes_unref);
  g_clear_pointer (&self->signature_png, g_bytes_unref);
  g_free (self->signer_name);
  g_free (self->signer_title);
  g_free (self->bank);
  g_free (self->account_holder);
  g_free (self->account_label);
  g_free (self->account);
  g_free (self->reference_pattern);
  g_free (self->payment_link_pattern);
  g_free (self);
}

const char *
cbz_paper_size_to_string (CbzPaperSize paper)
{
  return paper == CBZ_PAPER_LETTER ? "letter" : "a4";
}

CbzPaperSize
cbz_paper_size_from_string (const char *str)
{
  return g_strcmp0 (str, "letter") == 0 ? CBZ_PAPER_LETTER : CBZ_PAPER_A4;
}

/* An empty text is no text. */
static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           col)
{
  const void *blob = sqlite3_column_blob (stmt, col);
  int size = sqlite3_column_bytes (stmt, col);

  return blob != NULL && size > 0 ? g_bytes_new (blob, size) : NULL;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           col,
           const char   *text)
{
  _cbz_bind_text (stmt, col, text != NULL && *text != '\0' ? text : NULL);
}

static void
bind_bytes (sqlite3_stmt *stmt,
            int           col,
            GBytes       *bytes)
{
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    sqlite3_bind_blob64 (stmt, col, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                         SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

static void
read_profile (CbzCompanyProfile *self,
              sqlite3_stmt      *stmt)
{
  int c = 0;

  self->name = column_text (stmt, c++);
  self->tax_id = column_text (stmt, c++);
  self->address = column_text (stmt, c++);
  self->city = column_text (stmt, c++);
  self->phone = column_text (stmt, c++);
  self->email = column_text (stmt, c++);
  self->website = column_text (stmt, c++);
  self->logo_png = column_bytes (stmt, c++);
  self->signature_png = column_bytes (stmt, c++);
  self->signer_name = column_text (stmt, c++);
  self->signer_title = column_text (stmt, c++);
  self->bank = column_text (stmt, c++);
  self->account_holder = column_text (stmt, c++);
  self->account_label = column_text (stmt, c++);
  self->account = column_text (stmt, c++);
  self->reference_pattern = column_text (stmt, c++);
  self->payment_link_pattern = column_text (stmt, c++);
  self->paper = cbz_paper_size_from_string ((const char *) sqlite3_column_text (stmt, c++));
  self->late_fee_kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, c++), "simple-interest") == 0
                          ? CBZ_LATE_FEE_SIMPLE_INTEREST : CBZ_LATE_FEE_NONE;
  self->late_fee_rate_bp = sqlite3_column_int64 (stmt, c++);
  self->late_fee_period = g_strcmp0 ((const char *) sqlite3_column_text (stmt, c++), "annual") == 0
                            ? CBZ_LATE_FEE_PERIOD_ANNUAL : CBZ_LATE_FEE_PERIOD_MONTHLY;
}

/**
 * cbz_store_load_company_profile:
 *
 * Returns: (transfer full) (nullable): the stored profile (an empty one when
 *   none was saved), or %NULL with a %CBZ_STORE_ERROR.
 */
CbzCompanyProfile *
cbz_store_load_company_profile (CbzStore  *self,
                                GError   **error)
{
  static const char sql[] = "SELECT " PROFILE_COLUMNS " FROM company_profile WHERE id = 1";
  g_autoptr(CbzCompanyProfile) profile = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  profile = cbz_company_profile_new ();
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    read_profile (profile, stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_steal_pointer (&profile);
}

gboolean
cbz_store_save_company_profile (CbzStore                 *self,
                                const CbzCompanyProfile  *profile,
                                GError                  **error)
{
  static const char sql[] =
    "INSERT OR REPLACE INTO company_profile (id, " PROFILE_COLUMNS ", updated_at) "
    "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";
  sqlite3_stmt *stmt;
  int c = 1;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  _cbz_bind_text (stmt, c++, profile->name != NULL ? profile->name : "");
  bind_text (stmt, c++, profile->tax_id);
  bind_text (stmt, c++, profile->address);
  bind_text (stmt, c++, profile->city);
  bind_text (stmt, c++, profile->phone);
  bind_text (stmt, c++, profile->email);
  bind_text (stmt, c++, profile->website);
  bind_bytes (stmt, c++, profile->logo_png);
  bind_bytes (stmt, c++, profile->signature_png);
  bind_text (stmt, c++, profile->signer_name);
  bind_text (stmt, c++, profile->signer_title);
  bind_text (stmt, c++, profile->bank);
  bind_text (stmt, c++, profile->account_holder);
  bind_text (stmt, c++, profile->account_label);
  bind_text (stmt, c++, profile->account);
  bind_text (stmt, c++, profile->reference_pattern);
  bind_text (stmt, c++, profile->payment_link_pattern);
  sqlite3_bind_text (stmt, c++, cbz_paper_size_to_string (profile->paper), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, c++, profile->late_fee_kind == CBZ_LATE_FEE_SIMPLE_INTEREST ? "simple-interest" : "none",
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, c++, MAX (profile->late_fee_rate_bp, 0));
  sqlite3_bind_text (stmt, c++, profile->late_fee_period == CBZ_LATE_FEE_PERIOD_ANNUAL ? "annual" : "monthly",
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, c++, cbz_store_now ());

  if (!_cbz_store_step_done (self, stmt, sql, error))
    return FALSE;
  cbz_store_mark_changed (self);
  return TRUE;
}
