/* cbz-store-invoices.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-store-private.h"

/* Invoices: reading, saving and changing their status. */

#define INVOICE_COLUMNS \
  "id, debtor_id, number, issue_date, due_date, currency, amount, balance, status, " \
  "description, created_at, updated_at, " \
  "CASE WHEN due_date < ?1 THEN CAST (julianday (?1) - julianday (due_date) AS INTEGER) ELSE 0 END"

static void
set_invoice_not_found (GError **error,
                       gint64   id)
{
  g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
               _("There is no invoice with id %s in the portfolio"), id_str);
}

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
    set_invoice_not_found (error, id);
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
      set_invoice_not_found (error, invoice->id);
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
