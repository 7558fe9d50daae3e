/* cbz-store-debtors.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-store-private.h"

/* Debtors, invoices, payments and promises. */

#define DEBTOR_COLUMNS \
  "id, name, name_key, tax_id, tax_id_kind, contact_person, phone, mobile, whatsapp, " \
  "email, address, city, region, postal_code, country, language, currency, " \
  "opt_out_sms, opt_out_whatsapp, opt_out_email, opt_out_letter, opt_out_call, " \
  "notes, created_at, updated_at"

#define INVOICE_COLUMNS \
  "id, debtor_id, number, issue_date, due_date, currency, amount, balance, status, " \
  "description, created_at, updated_at, " \
  "CASE WHEN due_date < ?1 THEN CAST (julianday (?1) - julianday (due_date) AS INTEGER) ELSE 0 END"

typedef enum
{
  NOT_FOUND_DEBTOR,
  NOT_FOUND_INVOICE,
  NOT_FOUND_PROMISE,
} NotFound;

static void
set_not_found (GError   **error,
               NotFound   what,
               gint64     id)
{
  g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  switch (what)
    {
    case NOT_FOUND_DEBTOR:
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   _("There is no customer with id %s in the portfolio"), id_str);
      break;
    case NOT_FOUND_INVOICE:
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   _("There is no invoice with id %s in the portfolio"), id_str);
      break;
    case NOT_FOUND_PROMISE:
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   _("There is no promise to pay with id %s in the portfolio"), id_str);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Amount for a timeline summary, e.g. "MXN 1,234.56" (no locale: the summary
 * is stored once and read in any language). */
static char *
format_amount (gint64      minor,
               const char *currency)
{
  static const char * const no_decimals[] = { "CLP", "COP", "JPY", "KRW", "PYG", NULL };
  gboolean decimals = !g_strv_contains (no_decimals, currency);
  guint64 abs_minor = minor < 0 ? (guint64) -minor : (guint64) minor;
  guint64 units = decimals ? abs_minor / 100 : abs_minor;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, units);
  GString *out = g_string_new (currency);
  gsize len = strlen (digits);

  g_string_append_c (out, ' ');
  if (minor < 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  if (decimals)
    g_string_append_printf (out, ".%02u", (guint) (abs_minor % 100));
  return g_string_free (out, FALSE);
}

static CbzDebtor *
debtor_from_row (sqlite3_stmt *stmt)
{
  CbzDebtor *debtor = cbz_debtor_new ();
  int c = 0;

  debtor->id = sqlite3_column_int64 (stmt, c++);
  debtor->name = _cbz_column_dup (stmt, c++);
  debtor->name_key = _cbz_column_dup (stmt, c++);
  debtor->tax_id = _cbz_column_dup (stmt, c++);
  debtor->tax_id_kind = _cbz_column_dup (stmt, c++);
  debtor->contact_person = _cbz_column_dup (stmt, c++);
  debtor->phone = _cbz_column_dup (stmt, c++);
  debtor->mobile = _cbz_column_dup (stmt, c++);
  debtor->whatsapp = _cbz_column_dup (stmt, c++);
  debtor->email = _cbz_column_dup (stmt, c++);
  debtor->address = _cbz_column_dup (stmt, c++);
  debtor->city = _cbz_column_dup (stmt, c++);
  debtor->region = _cbz_column_dup (stmt, c++);
  debtor->postal_code = _cbz_column_dup (stmt, c++);
  debtor->country = _cbz_column_dup (stmt, c++);
  g_free (debtor->language);
  debtor->language = _cbz_column_dup (stmt, c++);
  g_free (debtor->currency);
  debtor->currency = _cbz_column_dup (stmt, c++);
  debtor->opt_out_sms = sqlite3_column_int (stmt, c++) != 0;
  debtor->opt_out_whatsapp = sqlite3_column_int (stmt, c++) != 0;
  debtor->opt_out_email = sqlite3_column_int (stmt, c++) != 0;
  debtor->opt_out_letter = sqlite3_column_int (stmt, c++) != 0;
  debtor->opt_out_call = sqlite3_column_int (stmt, c++) != 0;
  debtor->notes = _cbz_column_dup (stmt, c++);
  debtor->created_at = sqlite3_column_int64 (stmt, c++);
  debtor->updated_at = sqlite3_column_int64 (stmt, c++);
  return debtor;
}

static GStrv
read_tags (CbzStore  *self,
           gint64     debtor_id,
           GError   **error)
{
  static const char sql[] = "SELECT tag FROM debtor_tags WHERE debtor_id = ?1 ORDER BY tag";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, debtor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

/**
 * cbz_store_get_debtor:
 *
 * Returns: (transfer full): the debtor with its tags, or NULL with
 *   %CBZ_STORE_ERROR_NOT_FOUND when there is none with @id.
 */
CbzDebtor *
cbz_store_get_debtor (CbzStore  *self,
                      gint64     id,
                      GError   **error)
{
  static const char sql[] = "SELECT " DEBTOR_COLUMNS " FROM debtors WHERE id = ?1";
  g_autoptr(CbzDebtor) debtor = NULL;
  sqlite3_stmt *stmt;
  GStrv tags;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    debtor = debtor_from_row (stmt);
  else if (rc == SQLITE_DONE)
    set_not_found (error, NOT_FOUND_DEBTOR, id);
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);

  if (debtor == NULL)
    return NULL;

  tags = read_tags (self, id, error);
  if (tags == NULL)
    return NULL;
  g_strfreev (debtor->tags);
  debtor->tags = tags;

  return g_steal_pointer (&debtor);
}

static gboolean
write_tags (CbzStore   *self,
            CbzDebtor  *debtor,
            GError    **error)
{
  static const char delete_sql[] = "DELETE FROM debtor_tags WHERE debtor_id = ?1";
  static const char insert_sql[] =
    "INSERT OR IGNORE INTO debtor_tags (debtor_id, tag) VALUES (?1, ?2)";
  sqlite3_stmt *stmt;

  stmt = _cbz_store_prepare (self, delete_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, debtor->id);
  if (!_cbz_store_step_done (self, stmt, delete_sql, error))
    return FALSE;

  for (guint i = 0; debtor->tags != NULL && debtor->tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (debtor->tags[i]));

      if (*tag == '\0')
        continue;
      stmt = _cbz_store_prepare (self, insert_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, debtor->id);
      _cbz_bind_text (stmt, 2, tag);
      if (!_cbz_store_step_done (self, stmt, insert_sql, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * cbz_store_save_debtor:
 *
 * Inserts @debtor when its id is 0 (and sets the id and created_at) or
 * updates every column of the existing row; replaces its tags. name_key is
 * computed from the name when NULL.
 */
gboolean
cbz_store_save_debtor (CbzStore   *self,
                       CbzDebtor  *debtor,
                       GError    **error)
{
  static const char insert_sql[] =
    "INSERT INTO debtors (name, name_key, tax_id, tax_id_kind, contact_person, phone, mobile,"
    " whatsapp, email, address, city, region, postal_code, country, language, currency,"
    " opt_out_sms, opt_out_whatsapp, opt_out_email, opt_out_letter, opt_out_call, notes,"
    " created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
    " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";
  static const char update_sql[] =
    "UPDATE debtors SET name = ?1, name_key = ?2, tax_id = ?3, tax_id_kind = ?4,"
    " contact_person = ?5, phone = ?6, mobile = ?7, whatsapp = ?8, email = ?9, address = ?10,"
    " city = ?11, region = ?12, postal_code = ?13, country = ?14, language = ?15,"
    " currency = ?16, opt_out_sms = ?17, opt_out_whatsapp = ?18, opt_out_email = ?19,"
    " opt_out_letter = ?20, opt_out_call = ?21, notes = ?22, created_at = ?23,"
    " updated_at = ?24 WHERE id = ?25";
  g_autofree char *name_key = NULL;
  sqlite3_stmt *stmt;
  gint64 now = cbz_store_now ();
  gboolean insert;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (debtor != NULL, FALSE);

  if (debtor->name == NULL || *debtor->name == '\0')
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("A customer needs a name"));
      return FALSE;
    }

  insert = debtor->id == 0;
  name_key = debtor->name_key != NULL ? g_strdup (debtor->name_key) : _cbz_search_key (debtor->name);

  if (!cbz_store_begin (self, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, insert ? insert_sql : update_sql, error);
  if (stmt == NULL)
    goto fail;

  _cbz_bind_text (stmt, 1, debtor->name);
  _cbz_bind_text (stmt, 2, name_key);
  _cbz_bind_text (stmt, 3, debtor->tax_id);
  _cbz_bind_text (stmt, 4, debtor->tax_id_kind);
  _cbz_bind_text (stmt, 5, debtor->contact_person);
  _cbz_bind_text (stmt, 6, debtor->phone);
  _cbz_bind_text (stmt, 7, debtor->mobile);
  _cbz_bind_text (stmt, 8, debtor->whatsapp);
  _cbz_bind_text (stmt, 9, debtor->email);
  _cbz_bind_text (stmt, 10, debtor->address);
  _cbz_bind_text (stmt, 11, debtor->city);
  _cbz_bind_text (stmt, 12, debtor->region);
  _cbz_bind_text (stmt, 13, debtor->postal_code);
  _cbz_bind_text (stmt, 14, debtor->country);
  _cbz_bind_text (stmt, 15, debtor->language != NULL ? debtor->language : "es");
  _cbz_bind_text (stmt, 16, debtor->currency != NULL ? debtor->currency : "MXN");
  sqlite3_bind_int (stmt, 17, debtor->opt_out_sms);
  sqlite3_bind_int (stmt, 18, debtor->opt_out_whatsapp);
  sqlite3_bind_int (stmt, 19, debtor->opt_out_email);
  sqlite3_bind_int (stmt, 20, debtor->opt_out_letter);
  sqlite3_bind_int (stmt, 21, debtor->opt_out_call);
  _cbz_bind_text (stmt, 22, debtor->notes);
  sqlite3_bind_int64 (stmt, 23, debtor->created_at != 0 ? debtor->created_at : now);
  sqlite3_bind_int64 (stmt, 24, now);
  if (!insert)
    sqlite3_bind_int64 (stmt, 25, debtor->id);

  if (!_cbz_store_step_done (self, stmt, insert ? insert_sql : update_sql, error))
    goto fail;

  if (insert)
    debtor->id = sqlite3_last_insert_rowid (cbz_store_get_handle (self));
  else if (sqlite3_changes (cbz_store_get_handle (self)) == 0)
    {
      set_not_found (error, NOT_FOUND_DEBTOR, debtor->id);
      goto fail;
    }

  if (debtor->created_at == 0)
    debtor->created_at = now;
  debtor->updated_at = now;
  if (debtor->name_key == NULL)
    debtor->name_key = g_steal_pointer (&name_key);

  if (!write_tags (self, debtor, error) ||
      !cbz_store_refresh_summaries (self, &debtor->id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

gint64
cbz_store_count_debtors (CbzStore  *self,
                         GError   **error)
{
  static const char sql[] = "SELECT COUNT(*) FROM debtors";
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (CBZ_IS_STORE (self), -1);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return count;
}

/**
 * cbz_store_list_tags:
 *
 * Returns: (transfer full): every tag in use, sorted; NULL on error.
 */
GStrv
cbz_store_list_tags (CbzStore  *self,
                     GError   **error)
{
  static const char sql[] = "SELECT DISTINCT tag FROM debtor_tags ORDER BY tag";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/**
 * cbz_store_set_opt_out:
 * @channel: SMS, WhatsApp, email, letter or phone
 * @evidence: (nullable): how the customer asked (kept as the event body)
 *
 * Sets or clears the debtor's opt-out flag for @channel and records an
 * 'opt-out' event on the timeline, in one transaction.
 */
gboolean
cbz_store_set_opt_out (CbzStore         *self,
                       gint64            debtor_id,
                       CbzEventChannel   channel,
                       gboolean          opt_out,
                       const char       *evidence,
                       GError          **error)
{
  const char *column = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(CbzEvent) event = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  switch (channel)
    {
    case CBZ_EVENT_CHANNEL_SMS:
      column = "opt_out_sms";
      break;
    case CBZ_EVENT_CHANNEL_WHATSAPP:
      column = "opt_out_whatsapp";
      break;
    case CBZ_EVENT_CHANNEL_EMAIL:
      column = "opt_out_email";
      break;
    case CBZ_EVENT_CHANNEL_LETTER:
      column = "opt_out_letter";
      break;
    case CBZ_EVENT_CHANNEL_PHONE:
      column = "opt_out_call";
      break;
    case CBZ_EVENT_CHANNEL_NONE:
    case CBZ_EVENT_CHANNEL_IN_PERSON:
    default:
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Customers cannot opt out of the channel “%s”"),
                   cbz_event_channel_get_label (channel));
      return FALSE;
    }

  /* The column name comes from the fixed list above, never from input. */
  sql = g_strdup_printf ("UPDATE debtors SET %s = ?1, updated_at = ?2 WHERE id = ?3", column);

  if (!cbz_store_begin (self, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, opt_out ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, cbz_store_now ());
  sqlite3_bind_int64 (stmt, 3, debtor_id);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  if (sqlite3_changes (cbz_store_get_handle (self)) == 0)
    {
      set_not_found (error, NOT_FOUND_DEBTOR, debtor_id);
      goto fail;
    }

  if (opt_out)
    /* Translators: %s is a channel such as "WhatsApp" */
    summary = g_strdup_printf (_("Opted out of %s"), cbz_event_channel_get_label (channel));
  else
    /* Translators: %s is a channel such as "WhatsApp" */
    summary = g_strdup_printf (_("Opted back in to %s"), cbz_event_channel_get_label (channel));

  event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_OPT_OUT, summary);
  cbz_event_set_channel (event, channel);
  cbz_event_set_body (event, evidence);
  cbz_event_set_data (event, opt_out ? "{\"opt_out\":true}" : "{\"opt_out\":false}");
  if (cbz_store_add_event (self, event, error) == 0 || !cbz_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

/* Invoices */

static CbzInvoice *
invoice_from_row (sqlite3_stmt *stmt)
{
  CbzInvoice *invoice = cbz_invoice_new ();
  const char *status;
  int c = 0;

  invoice->id = sqlite3_column_int64 (stmt, c++);
  invoice->debtor_id = sqlite3_column_int64 (stmt, c++);
  invoice->number = _cbz_column_dup (stmt, c++);
  invoice->issue_date = _cbz_column_dup (stmt, c++);
  invoice->due_date = _cbz_column_dup (stmt, c++);
  invoice->currency = _cbz_column_dup (stmt, c++);
  invoice->amount = sqlite3_column_int64 (stmt, c++);
  invoice->balance = sqlite3_column_int64 (stmt, c++);
  status = (const char *) sqlite3_column_text (stmt, c++);
  if (!cbz_invoice_status_from_string (status, &invoice->status))
    invoice->status = CBZ_INVOICE_STATUS_OPEN;
  invoice->description = _cbz_column_dup (stmt, c++);
  invoice->created_at = sqlite3_column_int64 (stmt, c++);
  invoice->updated_at = sqlite3_column_int64 (stmt, c++);
  invoice->days_overdue = sqlite3_column_int64 (stmt, c++);
  return invoice;
}

/**
 * cbz_store_list_invoices:
 * @open_only: only invoices still owed (balance > 0, open, partially paid or
 *   disputed)
 *
 * Returns: (transfer full) (element-type CbzInvoice): the debtor's invoices,
 *   oldest due date first, with days_overdue as of the store's today.
 */
GPtrArray *
cbz_store_list_invoices (CbzStore  *self,
                         gint64     debtor_id,
                         gboolean   open_only,
                         GError   **error)
{
  static const char all_sql[] =
    "SELECT " INVOICE_COLUMNS " FROM invoices WHERE debtor_id = ?2 ORDER BY due_date, id";
  static const char open_sql[] =
    "SELECT " INVOICE_COLUMNS " FROM invoices WHERE debtor_id = ?2 AND balance > 0"
    " AND status IN ('open', 'partially-paid', 'disputed') ORDER BY due_date, id";
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_invoice_unref);
  const char *sql = open_only ? open_sql : all_sql;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  _cbz_bind_text (stmt, 1, cbz_store_get_today (self));
  sqlite3_bind_int64 (stmt, 2, debtor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (invoices, invoice_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_steal_pointer (&invoices);
}

CbzInvoice *
cbz_store_get_invoice (CbzStore  *self,
                       gint64     id,
                       GError   **error)
{
  static const char sql[] = "SELECT " INVOICE_COLUMNS " FROM invoices WHERE id = ?2";
  CbzInvoice *invoice = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  _cbz_bind_text (stmt, 1, cbz_store_get_today (self));
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    invoice = invoice_from_row (stmt);
  else if (rc == SQLITE_DONE)
    set_not_found (error, NOT_FOUND_INVOICE, id);
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return invoice;
}

/**
 * cbz_store_save_invoice:
 *
 * Inserts @invoice when its id is 0 (setting the id) or updates it, then
 * refreshes the debtor's summary.
 */
gboolean
cbz_store_save_invoice (CbzStore    *self,
                        CbzInvoice  *invoice,
                        GError     **error)
{
  static const char insert_sql[] =
    "INSERT INTO invoices (debtor_id, number, issue_date, due_date, currency, amount, balance,"
    " status, description, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  static const char update_sql[] =
    "UPDATE invoices SET debtor_id = ?1, number = ?2, issue_date = ?3, due_date = ?4,"
    " currency = ?5, amount = ?6, balance = ?7, status = ?8, description = ?9,"
    " created_at = ?10, updated_at = ?11 WHERE id = ?12";
  gint64 now = cbz_store_now ();
  gboolean insert;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoice != NULL, FALSE);

  if (invoice->number == NULL || invoice->due_date == NULL || invoice->currency == NULL)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("An invoice needs a number, a due date and a currency"));
      return FALSE;
    }

  insert = invoice->id == 0;
  if (!cbz_store_begin (self, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, insert ? insert_sql : update_sql, error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, invoice->debtor_id);
  _cbz_bind_text (stmt, 2, invoice->number);
  _cbz_bind_text (stmt, 3, invoice->issue_date);
  _cbz_bind_text (stmt, 4, invoice->due_date);
  _cbz_bind_text (stmt, 5, invoice->currency);
  sqlite3_bind_int64 (stmt, 6, invoice->amount);
  sqlite3_bind_int64 (stmt, 7, invoice->balance);
  _cbz_bind_text (stmt, 8, cbz_invoice_status_to_string (invoice->status));
  _cbz_bind_text (stmt, 9, invoice->description);
  sqlite3_bind_int64 (stmt, 10, invoice->created_at != 0 ? invoice->created_at : now);
  sqlite3_bind_int64 (stmt, 11, now);
  if (!insert)
    sqlite3_bind_int64 (stmt, 12, invoice->id);

  if (!_cbz_store_step_done (self, stmt, insert ? insert_sql : update_sql, error))
    goto fail;

  if (insert)
    invoice->id = sqlite3_last_insert_rowid (cbz_store_get_handle (self));
  else if (sqlite3_changes (cbz_store_get_handle (self)) == 0)
    {
      set_not_found (error, NOT_FOUND_INVOICE, invoice->id);
      goto fail;
    }
  if (invoice->created_at == 0)
    invoice->created_at = now;
  invoice->updated_at = now;

  if (!cbz_store_refresh_summaries (self, &invoice->debtor_id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

/**
 * cbz_store_set_invoice_status:
 *
 * Changes the status (e.g. to disputed or written off), records a 'status'
 * event linked to the invoice and refreshes the summary.
 */
gboolean
cbz_store_set_invoice_status (CbzStore          *self,
                              gint64             invoice_id,
                              CbzInvoiceStatus   status,
                              GError           **error)
{
  static const char sql[] = "UPDATE invoices SET status = ?1, updated_at = ?2 WHERE id = ?3";
  g_autoptr(CbzInvoice) invoice = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  invoice = cbz_store_get_invoice (self, invoice_id, error);
  if (invoice == NULL)
    return FALSE;
  if (invoice->status == status)
    return TRUE;

  if (!cbz_store_begin (self, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  _cbz_bind_text (stmt, 1, cbz_invoice_status_to_string (status));
  sqlite3_bind_int64 (stmt, 2, cbz_store_now ());
  sqlite3_bind_int64 (stmt, 3, invoice_id);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;

  /* Translators: first %s is an invoice number, second a status such as "Disputed" */
  summary = g_strdup_printf (_("Invoice %s: %s"), invoice->number, cbz_invoice_status_get_label (status));
  event = cbz_event_new (invoice->debtor_id, CBZ_EVENT_KIND_STATUS, summary);
  cbz_event_add_invoice_id (event, invoice_id);
  if (cbz_store_add_event (self, event, error) == 0 ||
      !cbz_store_refresh_summaries (self, &invoice->debtor_id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

/* Payments */

static gboolean
apply_to_invoice (CbzStore    *self,
                  CbzInvoice  *invoice,
                  gint64      *remaining,
                  GError     **error)
{
  static const char sql[] =
    "UPDATE invoices SET balance = ?1, status = ?2, updated_at = ?3 WHERE id = ?4";
  gint64 applied = MIN (*remaining, invoice->balance);
  gint64 balance = invoice->balance - applied;
  CbzInvoiceStatus status;
  sqlite3_stmt *stmt;

  if (applied <= 0)
    return TRUE;

  if (balance == 0)
    status = CBZ_INVOICE_STATUS_PAID;
  else if (invoice->status == CBZ_INVOICE_STATUS_DISPUTED)
    status = CBZ_INVOICE_STATUS_DISPUTED;
  else
    status = CBZ_INVOICE_STATUS_PARTIALLY_PAID;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, balance);
  _cbz_bind_text (stmt, 2, cbz_invoice_status_to_string (status));
  sqlite3_bind_int64 (stmt, 3, cbz_store_now ());
  sqlite3_bind_int64 (stmt, 4, invoice->id);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    return FALSE;

  *remaining -= applied;
  return TRUE;
}

/**
 * cbz_store_add_payment:
 *
 * Records @payment and applies it: to its invoice, or (invoice_id 0) to the
 * debtor's open invoices in the payment's currency, oldest due date first.
 * Balances go down, statuses become partially paid or paid; any amount left
 * over stays recorded on the account. Adds a 'payment' event and refreshes
 * the summary.
 *
 * Returns: the new payment id (also set in @payment), 0 on error.
 */
gint64
cbz_store_add_payment (CbzStore    *self,
                       CbzPayment  *payment,
                       GError     **error)
{
  static const char sql[] =
    "INSERT INTO payments (debtor_id, invoice_id, paid_on, currency, amount, method, reference,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt;
  gint64 remaining;

  g_return_val_if_fail (CBZ_IS_STORE (self), 0);
  g_return_val_if_fail (payment != NULL, 0);

  if (payment->amount <= 0 || payment->currency == NULL || payment->paid_on == NULL)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("A payment needs a date, a currency and an amount greater than zero"));
      return 0;
    }

  /* Read the invoices inside the (write-locked) transaction, so no other
   * connection changes their balances between reading and applying. */
  if (!cbz_store_begin (self, error))
    return 0;

  if (payment->invoice_id != 0)
    {
      CbzInvoice *invoice = cbz_store_get_invoice (self, payment->invoice_id, error);

      if (invoice == NULL)
        goto fail;
      targets = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_invoice_unref);
      g_ptr_array_add (targets, invoice);
      if (invoice->debtor_id != payment->debtor_id ||
          g_strcmp0 (invoice->currency, payment->currency) != 0)
        {
          g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                       _("Invoice %s is in %s for another customer or currency; "
                         "the payment (%s) cannot be applied to it"),
                       invoice->number, invoice->currency, payment->currency);
          goto fail;
        }
    }
  else
    {
      targets = cbz_store_list_invoices (self, payment->debtor_id, TRUE, error);
      if (targets == NULL)
        goto fail;
    }

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, payment->debtor_id);
  _cbz_bind_id_or_null (stmt, 2, payment->invoice_id);
  _cbz_bind_text (stmt, 3, payment->paid_on);
  _cbz_bind_text (stmt, 4, payment->currency);
  sqlite3_bind_int64 (stmt, 5, payment->amount);
  _cbz_bind_text (stmt, 6, payment->method);
  _cbz_bind_text (stmt, 7, payment->reference);
  sqlite3_bind_int64 (stmt, 8, payment->created_at != 0 ? payment->created_at : cbz_store_now ());
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  payment->id = sqlite3_last_insert_rowid (cbz_store_get_handle (self));

  amount = format_amount (payment->amount, payment->currency);
  /* Translators: %s is an amount such as "MXN 1,250.00" */
  summary = g_strdup_printf (_("Payment of %s received"), amount);
  event = cbz_event_new (payment->debtor_id, CBZ_EVENT_KIND_PAYMENT, summary);

  remaining = payment->amount;
  for (guint i = 0; i < targets->len && remaining > 0; i++)
    {
      CbzInvoice *invoice = g_ptr_array_index (targets, i);

      if (g_strcmp0 (invoice->currency, payment->currency) != 0 || !cbz_invoice_is_open (invoice))
        continue;
      if (!apply_to_invoice (self, invoice, &remaining, error))
        goto fail;
      cbz_event_add_invoice_id (event, invoice->id);
    }

  data = g_strdup_printf ("{\"payment_id\":%" G_GINT64_FORMAT ",\"amount\":%" G_GINT64_FORMAT
                          ",\"currency\":\"%s\",\"unapplied\":%" G_GINT64_FORMAT "}",
                          payment->id, payment->amount, payment->currency, remaining);
  cbz_event_set_data (event, data);
  cbz_event_set_body (event, payment->reference);

  if (cbz_store_add_event (self, event, error) == 0 ||
      !cbz_store_refresh_summaries (self, &payment->debtor_id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;

  return payment->id;

fail:
  cbz_store_rollback (self);
  payment->id = 0;
  return 0;
}

/**
 * cbz_store_list_payments:
 *
 * Returns: (transfer full) (element-type CbzPayment): newest first.
 */
GPtrArray *
cbz_store_list_payments (CbzStore  *self,
                         gint64     debtor_id,
                         GError   **error)
{
  static const char sql[] =
    "SELECT id, debtor_id, invoice_id, paid_on, currency, amount, method, reference, created_at"
    " FROM payments WHERE debtor_id = ?1 ORDER BY paid_on DESC, id DESC";
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_payment_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CbzPayment *payment = cbz_payment_new ();

      payment->id = sqlite3_column_int64 (stmt, 0);
      payment->debtor_id = sqlite3_column_int64 (stmt, 1);
      payment->invoice_id = sqlite3_column_int64 (stmt, 2);
      payment->paid_on = _cbz_column_dup (stmt, 3);
      payment->currency = _cbz_column_dup (stmt, 4);
      payment->amount = sqlite3_column_int64 (stmt, 5);
      payment->method = _cbz_column_dup (stmt, 6);
      payment->reference = _cbz_column_dup (stmt, 7);
      payment->created_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (payments, payment);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_steal_pointer (&payments);
}

/* Promises */

/**
 * cbz_store_add_promise:
 *
 * Records a promise to pay and a 'promise' event (inbound: the customer
 * said it). Returns the new id (also set in @promise), 0 on error.
 */
gint64
cbz_store_add_promise (CbzStore    *self,
                       CbzPromise  *promise,
                       GError     **error)
{
  static const char sql[] =
    "INSERT INTO promises (debtor_id, promised_on, currency, amount, status, note, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), 0);
  g_return_val_if_fail (promise != NULL, 0);

  if (promise->amount <= 0 || promise->currency == NULL || promise->promised_on == NULL)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("A promise to pay needs a date, a currency and an amount greater than zero"));
      return 0;
    }

  if (!cbz_store_begin (self, error))
    return 0;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, promise->debtor_id);
  _cbz_bind_text (stmt, 2, promise->promised_on);
  _cbz_bind_text (stmt, 3, promise->currency);
  sqlite3_bind_int64 (stmt, 4, promise->amount);
  _cbz_bind_text (stmt, 5, cbz_promise_status_to_string (promise->status));
  _cbz_bind_text (stmt, 6, promise->note);
  sqlite3_bind_int64 (stmt, 7, promise->created_at != 0 ? promise->created_at : cbz_store_now ());
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  promise->id = sqlite3_last_insert_rowid (cbz_store_get_handle (self));

  amount = format_amount (promise->amount, promise->currency);
  /* Translators: first %s is an amount such as "MXN 1,250.00", second a date */
  summary = g_strdup_printf (_("Promised to pay %s on %s"), amount, promise->promised_on);
  event = cbz_event_new (promise->debtor_id, CBZ_EVENT_KIND_PROMISE, summary);
  cbz_event_set_body (event, promise->note);
  data = g_strdup_printf ("{\"promise_id\":%" G_GINT64_FORMAT "}", promise->id);
  cbz_event_set_data (event, data);

  if (cbz_store_add_event (self, event, error) == 0 || !cbz_store_commit (self, error))
    goto fail;
  return promise->id;

fail:
  cbz_store_rollback (self);
  promise->id = 0;
  return 0;
}

gboolean
cbz_store_set_promise_status (CbzStore          *self,
                              gint64             promise_id,
                              CbzPromiseStatus   status,
                              GError           **error)
{
  static const char sql[] = "UPDATE promises SET status = ?1 WHERE id = ?2";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  _cbz_bind_text (stmt, 1, cbz_promise_status_to_string (status));
  sqlite3_bind_int64 (stmt, 2, promise_id);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    return FALSE;
  if (sqlite3_changes (cbz_store_get_handle (self)) == 0)
    {
      set_not_found (error, NOT_FOUND_PROMISE, promise_id);
      return FALSE;
    }
  cbz_store_mark_changed (self);
  return TRUE;
}

/**
 * cbz_store_list_promises:
 *
 * Returns: (transfer full) (element-type CbzPromise): newest promised date
 *   first.
 */
GPtrArray *
cbz_store_list_promises (CbzStore  *self,
                         gint64     debtor_id,
                         GError   **error)
{
  static const char sql[] =
    "SELECT id, debtor_id, promised_on, currency, amount, status, note, created_at"
    " FROM promises WHERE debtor_id = ?1 ORDER BY promised_on DESC, id DESC";
  g_autoptr(GPtrArray) promises = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_promise_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CbzPromise *promise = cbz_promise_new ();

      promise->id = sqlite3_column_int64 (stmt, 0);
      promise->debtor_id = sqlite3_column_int64 (stmt, 1);
      promise->promised_on = _cbz_column_dup (stmt, 2);
      promise->currency = _cbz_column_dup (stmt, 3);
      promise->amount = sqlite3_column_int64 (stmt, 4);
      if (!cbz_promise_status_from_string ((const char *) sqlite3_column_text (stmt, 5), &promise->status))
        promise->status = CBZ_PROMISE_STATUS_PENDING;
      promise->note = _cbz_column_dup (stmt, 6);
      promise->created_at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (promises, promise);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_steal_pointer (&promises);
}
