/* cbz-store-promises.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-store-private.h"

/* Promises to pay. */

static void
set_promise_not_found (GError **error,
                       gint64   id)
{
  g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
               _("There is no promise to pay with id %s in the portfolio"), id_str);
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

  amount = _cbz_store_format_amount (promise->amount, promise->currency);
  /* Translators: first %s is an amount such as "MXN 1,250.00", second a date */
  summary = g_strdup_printf (_("Promised to pay %s on %s"), amount, promise->promised_on);
  event = cbz_event_new (promise->debtor_id, CBZ_EVENT_KIND_PROMISE, summary);
  cbz_event_set_body (event, promise->note);
  data = g_strdup_printf ("{\"promise_id\":%" G_GINT64_FORMAT "}", promise->id);
  cbz_event_set_data (event, data);

  /* The list marks a customer with a pending promise. */
  if (cbz_store_add_event (self, event, error) == 0 ||
      !cbz_store_refresh_summaries (self, &promise->debtor_id, 1, error) ||
      !cbz_store_commit (self, error))
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
  static const char sql[] = "UPDATE promises SET status = ?1 WHERE id = ?2 RETURNING debtor_id";
  sqlite3_stmt *stmt;
  gint64 debtor_id = 0;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (!cbz_store_begin (self, error))
    return FALSE;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  _cbz_bind_text (stmt, 1, cbz_promise_status_to_string (status));
  sqlite3_bind_int64 (stmt, 2, promise_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    debtor_id = sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      goto fail;
    }
  if (debtor_id == 0)
    {
      set_promise_not_found (error, promise_id);
      goto fail;
    }
  cbz_store_mark_changed (self);
  if (!cbz_store_refresh_summaries (self, &debtor_id, 1, error) || !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
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
