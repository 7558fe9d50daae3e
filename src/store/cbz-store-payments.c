/* cbz-store-payments.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-store-private.h"

/* Payments. */

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

  amount = _cbz_store_format_amount (payment->amount, payment->currency);
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
