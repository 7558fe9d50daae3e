/* cbz-store-disputes.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-store-disputes.h"
#include "cbz-store-private.h"

/* Disputed invoices: opening, resolving, taking back (see
 * cbz-store-disputes.h); the _async forms are in cbz-store-disputes-async.c. */

#define DISPUTE_COLUMNS \
  "d.id, d.invoice_id, d.debtor_id, i.number, i.currency, i.amount, i.balance, d.reason, d.note, " \
  "d.opened_at, d.recorded_by, d.prior_status, d.resolved_at, d.resolution, d.credit, " \
  "d.resolution_note"

static CbzDispute *
dispute_from_row (sqlite3_stmt *stmt)
{
  CbzDispute *dispute = cbz_dispute_new ();
  CbzDisputeReason reason;
  CbzDisputeResolution resolution;
  CbzInvoiceStatus status;

  dispute->id = sqlite3_column_int64 (stmt, 0);
  dispute->invoice_id = sqlite3_column_int64 (stmt, 1);
  dispute->debtor_id = sqlite3_column_int64 (stmt, 2);
  dispute->invoice_number = _cbz_column_dup (stmt, 3);
  dispute->currency = _cbz_column_dup (stmt, 4);
  dispute->invoice_amount = sqlite3_column_int64 (stmt, 5);
  dispute->invoice_balance = sqlite3_column_int64 (stmt, 6);
  if (cbz_dispute_reason_from_string ((const char *) sqlite3_column_text (stmt, 7), &reason))
    dispute->reason = reason;
  else
    dispute->reason = CBZ_DISPUTE_REASON_OTHER;
  dispute->note = _cbz_column_dup (stmt, 8);
  dispute->opened_at = sqlite3_column_int64 (stmt, 9);
  dispute->recorded_by = _cbz_column_dup (stmt, 10);
  if (cbz_invoice_status_from_string ((const char *) sqlite3_column_text (stmt, 11), &status))
    dispute->prior_status = status;
  dispute->resolved_at = sqlite3_column_int64 (stmt, 12);
  if (cbz_dispute_resolution_from_string ((const char *) sqlite3_column_text (stmt, 13), &resolution))
    dispute->resolution = resolution;
  dispute->credit = sqlite3_column_int64 (stmt, 14);
  dispute->resolution_note = _cbz_column_dup (stmt, 15);
  return dispute;
}

static void
set_dispute_not_found (GError **error,
                       gint64   id)
{
  g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
               _("There is no dispute number %s in the portfolio"), id_str);
}

CbzDispute *
cbz_store_get_dispute (CbzStore  *self,
                       gint64     dispute_id,
                       GError   **error)
{
  static const char sql[] =
    "SELECT " DISPUTE_COLUMNS " FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE d.id = ?1";
  CbzDispute *dispute = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dispute_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    dispute = dispute_from_row (stmt);
  else if (rc == SQLITE_DONE)
    set_dispute_not_found (error, dispute_id);
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return dispute;
}

GPtrArray *
cbz_store_list_disputes (CbzStore  *self,
                         gint64     debtor_id,
                         gboolean   open_only,
                         GError   **error)
{
  static const char sql[] =
    "SELECT " DISPUTE_COLUMNS " FROM disputes d JOIN invoices i ON i.id = d.invoice_id"
    " WHERE (?1 = 0 OR d.debtor_id = ?1) AND (?2 = 0 OR d.resolved_at IS NULL)"
    " ORDER BY d.opened_at, d.id";
  g_autoptr(GPtrArray) disputes = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_dispute_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  sqlite3_bind_int (stmt, 2, open_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (disputes, dispute_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_steal_pointer (&disputes);
}

gint64
cbz_store_find_open_dispute (CbzStore  *self,
                             gint64     invoice_id,
                             GError   **error)
{
  static const char sql[] = "SELECT id FROM disputes WHERE invoice_id = ?1 AND resolved_at IS NULL";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), -1);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

GPtrArray *
cbz_store_list_disputable_invoices (CbzStore  *self,
                                    gint64     debtor_id,
                                    GError   **error)
{
  g_autoptr(GPtrArray) invoices = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  invoices = cbz_store_list_invoices (self, debtor_id, TRUE, error);
  if (invoices == NULL)
    return NULL;
  for (guint i = invoices->len; i > 0; i--)
    {
      CbzInvoice *invoice = g_ptr_array_index (invoices, i - 1);
      gint64 open = 0;

      if (invoice->status == CBZ_INVOICE_STATUS_DISPUTED)
        open = cbz_store_find_open_dispute (self, invoice->id, error);
      if (open < 0)
        return NULL;
      if (open > 0)
        g_ptr_array_remove_index (invoices, i - 1);
    }
  return g_steal_pointer (&invoices);
}

/**
 * cbz_store_list_invoices_by_number:
 *
 * Without a customer, the search index's trigrams of invoice numbers
 * narrow the customers first, so a portfolio of a million invoices is not
 * read through (numbers of fewer than three characters, or with LIKE's
 * wildcards in them, are looked for the slow way).
 */
GPtrArray *
cbz_store_list_invoices_by_number (CbzStore    *self,
                                   const char  *number,
                                   gint64       debtor_id,
                                   GError     **error)
{
  static const char customer_sql[] =
    "SELECT id FROM invoices WHERE debtor_id = ?1 AND number = ?2";
  static const char indexed_sql[] =
    "SELECT id FROM invoices WHERE number = ?2 AND debtor_id IN"
    " (SELECT rowid FROM debtor_search WHERE numbers LIKE ?3) ORDER BY debtor_id";
  static const char scan_sql[] = "SELECT id FROM invoices WHERE number = ?2 ORDER BY debtor_id";
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_invoice_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *pattern = NULL;
  const char *sql;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  if (debtor_id != 0)
    sql = customer_sql;
  else if (g_utf8_strlen (number, -1) >= 3 && strpbrk (number, "%_") == NULL)
    {
      sql = indexed_sql;
      pattern = g_strdup_printf ("%%%s%%", number);
    }
  else
    sql = scan_sql;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (debtor_id != 0)
    sqlite3_bind_int64 (stmt, 1, debtor_id);
  _cbz_bind_text (stmt, 2, number);
  if (pattern != NULL)
    _cbz_bind_text (stmt, 3, pattern);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      CbzInvoice *invoice = cbz_store_get_invoice (self, g_array_index (ids, gint64, i), error);

      if (invoice == NULL)
        return NULL;
      g_ptr_array_add (invoices, invoice);
    }
  return g_steal_pointer (&invoices);
}

/* The event of each step, with the data keys the timeline reads. */
static gboolean
add_dispute_event (CbzStore          *self,
                   const CbzDispute  *dispute,
                   const char        *state,
                   const char        *summary,
                   const char        *body,
                   gint64             amount,
                   GError           **error)
{
  g_autoptr(CbzEvent) event = cbz_event_new (dispute->debtor_id, CBZ_EVENT_KIND_DISPUTE, summary);
  g_autofree char *number = g_strescape (dispute->invoice_number != NULL ? dispute->invoice_number : "", NULL);
  g_autofree char *data = NULL;

  data = g_strdup_printf ("{\"dispute_id\":%" G_GINT64_FORMAT ",\"invoice_id\":%" G_GINT64_FORMAT
                          ",\"number\":\"%s\",\"reason\":\"%s\",\"state\":\"%s\",\"credit\":%"
                          G_GINT64_FORMAT ",\"amount\":%" G_GINT64_FORMAT ",\"currency\":\"%s\"}",
                          dispute->id, dispute->invoice_id, number,
                          cbz_dispute_reason_to_string (dispute->reason), state, dispute->credit,
                          amount, dispute->currency != NULL ? dispute->currency : "");
  cbz_event_set_body (event, body != NULL && *body != '\0' ? body : NULL);
  cbz_event_set_data (event, data);
  cbz_event_set_recorded_by (event, cbz_event_get_local_user ());
  cbz_event_add_invoice_id (event, dispute->invoice_id);
  return cbz_store_add_event (self, event, error) != 0;
}

/* A whole sentence per reason: translators see each as it is said. */
static char *
describe_opened (CbzDisputeReason  reason,
                 const char       *number)
{
  switch (reason)
    {
    case CBZ_DISPUTE_REASON_WRONG_AMOUNT:
      /* Translators: %s is an invoice number */
      return g_strdup_printf (_("Invoice %s disputed: the customer says the amount is wrong"), number);
    case CBZ_DISPUTE_REASON_NOT_RECEIVED:
      /* Translators: %s is an invoice number */
      return g_strdup_printf (_("Invoice %s disputed: the customer says the goods or service were not received"),
                              number);
    case CBZ_DISPUTE_REASON_ALREADY_PAID:
      /* Translators: %s is an invoice number */
      return g_strdup_printf (_("Invoice %s disputed: the customer says it is paid already"), number);
    case CBZ_DISPUTE_REASON_QUALITY:
      /* Translators: %s is an invoice number */
      return g_strdup_printf (_("Invoice %s disputed: the customer reports a quality problem"), number);
    case CBZ_DISPUTE_REASON_OTHER:
    default:
      /* Translators: %s is an invoice number */
      return g_strdup_printf (_("Invoice %s disputed"), number);
    }
}

static gboolean
update_invoice (CbzStore          *self,
                gint64             invoice_id,
                gint64             balance,
                CbzInvoiceStatus   status,
                GError           **error)
{
  static const char sql[] = "UPDATE invoices SET balance = ?2, status = ?3, updated_at = ?4 WHERE id = ?1";
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_bind_int64 (stmt, 2, balance);
  _cbz_bind_text (stmt, 3, cbz_invoice_status_to_string (status));
  sqlite3_bind_int64 (stmt, 4, cbz_store_now ());
  return _cbz_store_step_done (self, stmt, sql, error);
}

/**
 * cbz_store_open_dispute:
 *
 * See cbz-store-disputes.h.
 */
CbzDispute *
cbz_store_open_dispute (CbzStore          *self,
                        gint64             invoice_id,
                        CbzDisputeReason   reason,
                        const char        *note,
                        GError           **error)
{
  static const char sql[] =
    "INSERT INTO disputes (invoice_id, debtor_id, reason, note, opened_at, prior_status, recorded_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  g_autoptr(CbzInvoice) invoice = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autofree char *summary = NULL;
  CbzInvoiceStatus prior;
  sqlite3_stmt *stmt;
  gint64 existing;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) reason < CBZ_DISPUTE_REASON_N_VALUES, NULL);

  if (note != NULL && *note == '\0')
    note = NULL;

  /* Read inside the write transaction: nobody pays or disputes the invoice
   * between the checks and the writes. */
  if (!cbz_store_begin (self, error))
    return NULL;

  invoice = cbz_store_get_invoice (self, invoice_id, error);
  if (invoice == NULL)
    goto fail;

  existing = cbz_store_find_open_dispute (self, invoice_id, error);
  if (existing < 0)
    goto fail;
  if (existing > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, existing);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Invoice %s is already disputed (dispute number %s)"), invoice->number, id);
      goto fail;
    }

  switch (invoice->status)
    {
    case CBZ_INVOICE_STATUS_OPEN:
    case CBZ_INVOICE_STATUS_PARTIALLY_PAID:
      prior = invoice->status;
      break;
    case CBZ_INVOICE_STATUS_DISPUTED:
      /* Marked disputed by an import, with no reason recorded until now. */
      prior = invoice->balance < invoice->amount ? CBZ_INVOICE_STATUS_PARTIALLY_PAID
                                                 : CBZ_INVOICE_STATUS_OPEN;
      break;
    case CBZ_INVOICE_STATUS_PAID:
    case CBZ_INVOICE_STATUS_WRITTEN_OFF:
    default:
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Invoice %s is not owed (%s); only an invoice still owed can be disputed"),
                   invoice->number, cbz_invoice_status_get_label (invoice->status));
      goto fail;
    }
  if (invoice->balance <= 0)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Invoice %s owes nothing; only an invoice still owed can be disputed"),
                   invoice->number);
      goto fail;
    }

  dispute = cbz_dispute_new ();
  dispute->invoice_id = invoice->id;
  dispute->debtor_id = invoice->debtor_id;
  dispute->invoice_number = g_strdup (invoice->number);
  dispute->currency = g_strdup (invoice->currency);
  dispute->reason = reason;
  dispute->prior_status = prior;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, invoice->id);
  sqlite3_bind_int64 (stmt, 2, invoice->debtor_id);
  _cbz_bind_text (stmt, 3, cbz_dispute_reason_to_string (reason));
  _cbz_bind_text (stmt, 4, note);
  sqlite3_bind_int64 (stmt, 5, cbz_store_now ());
  _cbz_bind_text (stmt, 6, cbz_invoice_status_to_string (prior));
  _cbz_bind_text (stmt, 7, cbz_event_get_local_user ());
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  dispute->id = sqlite3_last_insert_rowid (cbz_store_get_handle (self));

  summary = describe_opened (reason, invoice->number);
  if (!update_invoice (self, invoice->id, invoice->balance, CBZ_INVOICE_STATUS_DISPUTED, error) ||
      !add_dispute_event (self, dispute, "opened", summary, note, invoice->balance, error) ||
      !cbz_store_refresh_summaries (self, &invoice->debtor_id, 1, error))
    goto fail;

  existing = dispute->id;
  g_clear_pointer (&dispute, cbz_dispute_unref);
  dispute = cbz_store_get_dispute (self, existing, error);
  if (dispute == NULL || !cbz_store_commit (self, error))
    goto fail;
  return g_steal_pointer (&dispute);

fail:
  cbz_store_rollback (self);
  return NULL;
}

static char *
describe_resolved (const CbzDispute *dispute,
                   gint64            credit)
{
  g_autofree char *amount = NULL;

  if (dispute->resolution == CBZ_DISPUTE_RESOLUTION_REJECTED)
    /* Translators: %s is an invoice number */
    return g_strdup_printf (_("Dispute over invoice %s rejected; the invoice is owed again"),
                            dispute->invoice_number);
  if (credit == 0)
    /* Translators: %s is an invoice number */
    return g_strdup_printf (_("Dispute over invoice %s upheld, with no credit"), dispute->invoice_number);

  amount = _cbz_store_format_amount (credit, dispute->currency);
  /* Translators: first %s is an invoice number, second an amount such as "MXN 1,250.00" */
  return g_strdup_printf (_("Dispute over invoice %s upheld; a credit of %s comes off the invoice"),
                          dispute->invoice_number, amount);
}

/* The invoice's status once the dispute ends: see cbz-store-disputes.h. */
static CbzInvoiceStatus
status_after (const CbzInvoice *invoice,
              const CbzDispute *dispute,
              gint64            balance)
{
  if (invoice->status != CBZ_INVOICE_STATUS_DISPUTED)
    return invoice->status;
  if (balance == 0)
    return CBZ_INVOICE_STATUS_PAID;
  /* Payments made during the dispute, or the credit. */
  if (balance < invoice->amount)
    return CBZ_INVOICE_STATUS_PARTIALLY_PAID;
  return dispute->prior_status;
}

/**
 * cbz_store_resolve_dispute:
 *
 * See cbz-store-disputes.h.
 */
CbzDispute *
cbz_store_resolve_dispute (CbzStore              *self,
                           gint64                 dispute_id,
                           CbzDisputeResolution   resolution,
                           gint64                 credit,
                           const char            *note,
                           GError               **error)
{
  static const char sql[] =
    "UPDATE disputes SET resolution = ?2, credit = ?3, resolved_at = ?4, resolution_note = ?5"
    " WHERE id = ?1 AND resolved_at IS NULL";
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzInvoice) invoice = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;
  gint64 balance;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) resolution < CBZ_DISPUTE_RESOLUTION_N_VALUES, NULL);

  if (note != NULL && *note == '\0')
    note = NULL;

  if (!cbz_store_begin (self, error))
    return NULL;

  dispute = cbz_store_get_dispute (self, dispute_id, error);
  if (dispute == NULL)
    goto fail;
  if (!cbz_dispute_is_open (dispute))
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, dispute_id);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Dispute number %s over invoice %s is resolved already"), id, dispute->invoice_number);
      goto fail;
    }
  invoice = cbz_store_get_invoice (self, dispute->invoice_id, error);
  if (invoice == NULL)
    goto fail;

  if (credit < 0 || (credit > 0 && resolution != CBZ_DISPUTE_RESOLUTION_UPHELD))
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Only a dispute that is upheld takes a credit, and the credit cannot be negative"));
      goto fail;
    }
  if (credit > invoice->balance)
    {
      g_autofree char *wanted = _cbz_store_format_amount (credit, invoice->currency);
      g_autofree char *owed = _cbz_store_format_amount (invoice->balance, invoice->currency);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("The credit (%s) is more than invoice %s still owes (%s)"),
                   wanted, invoice->number, owed);
      goto fail;
    }

  balance = invoice->balance - credit;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, dispute_id);
  _cbz_bind_text (stmt, 2, cbz_dispute_resolution_to_string (resolution));
  sqlite3_bind_int64 (stmt, 3, credit);
  sqlite3_bind_int64 (stmt, 4, cbz_store_now ());
  _cbz_bind_text (stmt, 5, note);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;

  dispute->resolution = resolution;
  dispute->credit = credit;
  summary = describe_resolved (dispute, credit);
  if (!update_invoice (self, invoice->id, balance, status_after (invoice, dispute, balance), error) ||
      !add_dispute_event (self, dispute,
                          resolution == CBZ_DISPUTE_RESOLUTION_UPHELD ? "upheld" : "rejected",
                          summary, note, invoice->balance, error) ||
      !cbz_store_refresh_summaries (self, &invoice->debtor_id, 1, error))
    goto fail;

  g_clear_pointer (&dispute, cbz_dispute_unref);
  dispute = cbz_store_get_dispute (self, dispute_id, error);
  if (dispute == NULL || !cbz_store_commit (self, error))
    goto fail;
  return g_steal_pointer (&dispute);

fail:
  cbz_store_rollback (self);
  return NULL;
}

/**
 * cbz_store_undo_dispute:
 *
 * See cbz-store-disputes.h.
 */
gboolean
cbz_store_undo_dispute (CbzStore  *self,
                        gint64     dispute_id,
                        GError   **error)
{
  static const char events_sql[] =
    "DELETE FROM events WHERE kind = 'dispute' AND debtor_id = ?2"
    " AND json_valid (data) AND json_extract (data, '$.dispute_id') = ?1";
  static const char delete_sql[] = "DELETE FROM disputes WHERE id = ?1";
  static const char status_sql[] =
    "UPDATE invoices SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'disputed'";
  g_autoptr(CbzDispute) dispute = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (!cbz_store_begin (self, error))
    return FALSE;

  dispute = cbz_store_get_dispute (self, dispute_id, error);
  if (dispute == NULL)
    goto fail;
  if (!cbz_dispute_is_open (dispute))
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, dispute_id);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Dispute number %s over invoice %s is resolved already and cannot be taken back"),
                   id, dispute->invoice_number);
      goto fail;
    }

  stmt = _cbz_store_prepare (self, events_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, dispute_id);
  sqlite3_bind_int64 (stmt, 2, dispute->debtor_id);
  if (!_cbz_store_step_done (self, stmt, events_sql, error))
    goto fail;

  stmt = _cbz_store_prepare (self, status_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, dispute->invoice_id);
  _cbz_bind_text (stmt, 2, cbz_invoice_status_to_string (dispute->prior_status));
  sqlite3_bind_int64 (stmt, 3, cbz_store_now ());
  if (!_cbz_store_step_done (self, stmt, status_sql, error))
    goto fail;

  stmt = _cbz_store_prepare (self, delete_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, dispute_id);
  if (!_cbz_store_step_done (self, stmt, delete_sql, error))
    goto fail;

  if (!cbz_store_refresh_summaries (self, &dispute->debtor_id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}
