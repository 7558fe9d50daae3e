/* test-disputes.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Disputed invoices: opening one takes it out of the overdue figures, the
 * letters and the reminders; resolving it upheld with a credit moves not a
 * cent more than the credit; rejecting it brings the invoice back; a
 * failure halfway leaves nothing written.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "cbz-clock.h"
#include "cbz-store-disputes.h"
#include "cbz-store-letters.h"
#include "cbz-store-outbox.h"
#include "cbz-test-util.h"

typedef struct
{
  char     *path;
  CbzClock *clock;
  CbzStore *store;
  gint64    debtor_id;
  gint64    old_invoice;   /* F-100: 5,000.00, 60 days overdue */
  gint64    new_invoice;   /* F-200: 2,000.00, 10 days overdue */
} Fixture;

static gint64
add_invoice (CbzStore         *store,
             gint64            debtor_id,
             const char       *number,
             const char       *due,
             gint64            amount,
             gint64            balance,
             CbzInvoiceStatus  status)
{
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  g_autoptr(GError) error = NULL;

  invoice->debtor_id = debtor_id;
  invoice->number = g_strdup (number);
  invoice->due_date = g_strdup (due);
  invoice->currency = g_strdup ("MXN");
  invoice->amount = amount;
  invoice->balance = balance;
  invoice->status = status;
  g_assert_true (cbz_store_save_invoice (store, invoice, &error));
  g_assert_no_error (error);
  return invoice->id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  GDate today;
  gint64 now;

  g_assert_true (cbz_clock_parse_instant ("2027-03-17T09:00:00-06:00", &now, &error));
  fixture->clock = cbz_clock_new_manual (now);
  cbz_clock_set_default (fixture->clock);
  fixture->path = cbz_test_build_tmp_path ("disputes.sqlite");
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 17, G_DATE_MARCH, 2027);
  fixture->store = cbz_store_open_full (fixture->path, &today, &error);
  g_assert_no_error (error);

  debtor->name = g_strdup ("Ferretería del Centro");
  debtor->country = g_strdup ("MX");
  g_free (debtor->currency);
  debtor->currency = g_strdup ("MXN");
  g_assert_true (cbz_store_save_debtor (fixture->store, debtor, &error));
  fixture->debtor_id = debtor->id;
  fixture->old_invoice = add_invoice (fixture->store, debtor->id, "F-100", "2027-01-16", 500000, 500000,
                                      CBZ_INVOICE_STATUS_OPEN);
  fixture->new_invoice = add_invoice (fixture->store, debtor->id, "F-200", "2027-03-07", 200000, 200000,
                                      CBZ_INVOICE_STATUS_OPEN);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  cbz_clock_set_default (NULL);
  g_clear_object (&fixture->clock);
  g_free (fixture->path);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gboolean
array_has (GArray *ids,
           gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Everything the file says about money: the balances, payments, their
 * allocations and the customer's credit. */
#define MONEY_SQL \
  "SELECT (SELECT sum (balance) FROM invoices) || '/' || (SELECT count (*) FROM payments) || '/'" \
  " || (SELECT count (*) FROM payment_allocations) || '/' || (SELECT count (*) FROM credit_entries)"

static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzInvoice) invoice = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(GArray) recipients = NULL;
  g_autoptr(GArray) overdue = NULL;
  g_autofree char *disputed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *money_before = query_text (fixture, MONEY_SQL);
  g_autofree char *money_after = NULL;

  g_assert_cmpint (query_int (fixture, "SELECT overdue_balance FROM debtor_summaries"), ==, 700000);
  g_assert_cmpint (query_int (fixture, "SELECT days_overdue FROM debtor_summaries"), ==, 60);

  dispute = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_WRONG_AMOUNT,
                                    "El pedido fue de 40 piezas, no 50", &error);
  g_assert_no_error (error);
  g_assert_nonnull (dispute);
  g_assert_true (cbz_dispute_is_open (dispute));
  g_assert_cmpstr (dispute->invoice_number, ==, "F-100");
  g_assert_cmpint (dispute->prior_status, ==, CBZ_INVOICE_STATUS_OPEN);
  g_assert_cmpint (dispute->invoice_balance, ==, 500000);
  g_assert_cmpstr (dispute->recorded_by, ==, cbz_event_get_local_user ());

  invoice = cbz_store_get_invoice (fixture->store, fixture->old_invoice, &error);
  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_DISPUTED);
  /* Still owed, no longer overdue or aged. */
  g_assert_cmpint (query_int (fixture, "SELECT open_balance FROM debtor_summaries"), ==, 700000);
  g_assert_cmpint (query_int (fixture, "SELECT overdue_balance FROM debtor_summaries"), ==, 200000);
  g_assert_cmpint (query_int (fixture, "SELECT days_overdue FROM debtor_summaries"), ==, 10);
  g_assert_cmpint (query_int (fixture, "SELECT flags & 1 FROM debtor_summaries"), ==, CBZ_SUMMARY_FLAG_DISPUTED);
  money_after = query_text (fixture, MONEY_SQL);
  g_assert_cmpstr (money_after, ==, money_before);

  /* Its event, linked to the invoice. */
  event = cbz_store_get_event (fixture->store,
                               query_int (fixture, "SELECT max (id) FROM events WHERE kind = 'dispute'"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cbz_event_get_summary (event), ==,
                   "Invoice F-100 disputed: the customer says the amount is wrong");
  g_assert_cmpstr (cbz_event_get_body (event), ==, "El pedido fue de 40 piezas, no 50");
  g_assert_cmpint (cbz_event_get_direction (event), ==, CBZ_EVENT_DIRECTION_INTERNAL);
  g_assert_cmpstr (cbz_event_get_recorded_by (event), ==, cbz_event_get_local_user ());
  expected = g_strdup_printf ("{\"dispute_id\":%" G_GINT64_FORMAT ",\"invoice_id\":%" G_GINT64_FORMAT
                              ",\"number\":\"F-100\",\"reason\":\"wrong-amount\",\"state\":\"opened\","
                              "\"credit\":0,\"amount\":500000,\"currency\":\"MXN\"}",
                              dispute->id, fixture->old_invoice);
  g_assert_cmpstr (cbz_event_get_data (event), ==, expected);
  {
    gsize n;
    const gint64 *ids = cbz_event_get_invoice_ids (event, &n);

    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpint (ids[0], ==, fixture->old_invoice);
  }

  /* Letters for 30 days or more: the customer's only such invoice is
   * disputed, so no letter. The outbox still chases F-200 (overdue) but
   * refuses a message that names F-100. */
  recipients = cbz_store_list_letter_recipients (fixture->store, 30, G_MAXINT, &error);
  g_assert_no_error (error);
  g_assert_false (array_has (recipients, fixture->debtor_id));
  g_clear_pointer (&recipients, g_array_unref);
  recipients = cbz_store_list_letter_recipients (fixture->store, 1, 30, &error);
  g_assert_true (array_has (recipients, fixture->debtor_id));
  {
    g_autofree char *set = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                            fixture->old_invoice, fixture->new_invoice);
    g_autofree char *clean = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->new_invoice);
    g_autofree char *none = NULL;

    disputed = cbz_store_outbox_find_disputed (fixture->store, fixture->debtor_id, set, &error);
    g_assert_cmpstr (disputed, ==, "F-100");
    none = cbz_store_outbox_find_disputed (fixture->store, fixture->debtor_id, clean, &error);
    g_assert_null (none);
  }
}

static void
test_nothing_to_chase (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) first = NULL;
  g_autoptr(CbzDispute) second = NULL;
  g_autoptr(GArray) recipients = NULL;
  g_autoptr(GArray) overdue = NULL;

  first = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_QUALITY, NULL, &error);
  second = cbz_store_open_dispute (fixture->store, fixture->new_invoice, CBZ_DISPUTE_REASON_NOT_RECEIVED, NULL,
                                   &error);
  g_assert_no_error (error);

  /* Every invoice disputed: no letter, no reminder. */
  g_assert_cmpint (query_int (fixture, "SELECT overdue_balance FROM debtor_summaries"), ==, 0);
  recipients = cbz_store_list_letter_recipients (fixture->store, 1, G_MAXINT, &error);
  g_assert_false (array_has (recipients, fixture->debtor_id));
  overdue = cbz_store_list_overdue_debtor_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_false (array_has (overdue, fixture->debtor_id));

  /* Rejecting one brings the customer back to both. */
  g_clear_pointer (&first, cbz_dispute_unref);
  first = cbz_store_resolve_dispute (fixture->store, second->id, CBZ_DISPUTE_RESOLUTION_REJECTED, 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&overdue, g_array_unref);
  overdue = cbz_store_list_overdue_debtor_ids (fixture->store, &error);
  g_assert_true (array_has (overdue, fixture->debtor_id));
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) again = NULL;
  gint64 paid = add_invoice (fixture->store, fixture->debtor_id, "F-050", "2027-01-01", 10000, 0,
                             CBZ_INVOICE_STATUS_PAID);
  gint64 events_before;

  dispute = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_OTHER, NULL, &error);
  g_assert_no_error (error);
  events_before = query_int (fixture, "SELECT count (*) FROM events");

  again = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_OTHER, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "F-100 is already disputed"));
  g_clear_error (&error);

  again = cbz_store_open_dispute (fixture->store, paid, CBZ_DISPUTE_REASON_OTHER, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "F-050"));
  g_clear_error (&error);

  again = cbz_store_open_dispute (fixture->store, 9999, CBZ_DISPUTE_REASON_OTHER, NULL, &error);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A credit larger than the balance, a rejection with a credit, a second
   * resolution: refused, nothing written. */
  again = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_UPHELD, 500001, NULL,
                                     &error);
  g_assert_null (again);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The credit (MXN 5,000.01) is more than invoice F-100 still owes (MXN 5,000.00)");
  g_clear_error (&error);
  again = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_REJECTED, 100, NULL,
                                     &error);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);
  again = cbz_store_resolve_dispute (fixture->store, 9999, CBZ_DISPUTE_RESOLUTION_REJECTED, 0, NULL, &error);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM events"), ==, events_before);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM disputes WHERE resolved_at IS NULL"), ==, 1);

  again = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_REJECTED, 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&again, cbz_dispute_unref);
  again = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_UPHELD, 0, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "resolved already"));
}

static void
test_upheld_with_credit (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) resolved = NULL;
  g_autoptr(CbzInvoice) invoice = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) open = NULL;

  dispute = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_WRONG_AMOUNT, NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT sum (balance) FROM invoices"), ==, 700000);

  resolved = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_UPHELD, 100050,
                                        "Nota de crédito NC-7 por 10 piezas", &error);
  g_assert_no_error (error);
  g_assert_false (cbz_dispute_is_open (resolved));
  g_assert_cmpint (resolved->resolution, ==, CBZ_DISPUTE_RESOLUTION_UPHELD);
  g_assert_cmpint (resolved->credit, ==, 100050);
  g_assert_cmpstr (resolved->resolution_note, ==, "Nota de crédito NC-7 por 10 piezas");

  /* Exactly the credit comes off, to the cent, and nothing else moves:
   * no payment, no allocation, no credit for the customer to spend. */
  invoice = cbz_store_get_invoice (fixture->store, fixture->old_invoice, &error);
  g_assert_cmpint (invoice->balance, ==, 500000 - 100050);
  g_assert_cmpint (invoice->amount, ==, 500000);
  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_PARTIALLY_PAID);
  g_assert_cmpint (query_int (fixture, "SELECT sum (balance) FROM invoices") +
                   query_int (fixture, "SELECT sum (credit) FROM disputes"), ==, 700000);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM payments"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM payment_allocations"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM credit_entries"), ==, 0);
  /* Back in the overdue figures, for what is left. */
  g_assert_cmpint (query_int (fixture, "SELECT overdue_balance FROM debtor_summaries"), ==, 700000 - 100050);
  g_assert_cmpint (query_int (fixture, "SELECT flags & 1 FROM debtor_summaries"), ==, 0);

  event = cbz_store_get_event (fixture->store,
                               query_int (fixture, "SELECT max (id) FROM events WHERE kind = 'dispute'"), &error);
  g_assert_cmpstr (cbz_event_get_summary (event), ==,
                   "Dispute over invoice F-100 upheld; a credit of MXN 1,000.50 comes off the invoice");
  expected = g_strdup_printf ("{\"dispute_id\":%" G_GINT64_FORMAT ",\"invoice_id\":%" G_GINT64_FORMAT
                              ",\"number\":\"F-100\",\"reason\":\"wrong-amount\",\"state\":\"upheld\","
                              "\"credit\":100050,\"amount\":500000,\"currency\":\"MXN\"}",
                              dispute->id, fixture->old_invoice);
  g_assert_cmpstr (cbz_event_get_data (event), ==, expected);

  open = cbz_store_list_disputes (fixture->store, fixture->debtor_id, TRUE, &error);
  g_assert_cmpuint (open->len, ==, 0);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = cbz_store_list_disputes (fixture->store, 0, FALSE, &error);
  g_assert_cmpuint (open->len, ==, 1);
}

static void
test_upheld_in_full (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) resolved = NULL;
  g_autoptr(CbzInvoice) invoice = NULL;

  dispute = cbz_store_open_dispute (fixture->store, fixture->new_invoice, CBZ_DISPUTE_REASON_ALREADY_PAID, NULL,
                                    &error);
  resolved = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_UPHELD, 200000, NULL,
                                        &error);
  g_assert_no_error (error);
  invoice = cbz_store_get_invoice (fixture->store, fixture->new_invoice, &error);
  g_assert_cmpint (invoice->balance, ==, 0);
  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_PAID);
  g_assert_cmpint (query_int (fixture, "SELECT open_count FROM debtor_summaries"), ==, 1);
}

static void
test_rejected (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) resolved = NULL;
  g_autoptr(CbzInvoice) invoice = NULL;
  g_autoptr(CbzEvent) event = NULL;
  gint64 partial = add_invoice (fixture->store, fixture->debtor_id, "F-300", "2027-02-01", 300000, 120000,
                                CBZ_INVOICE_STATUS_PARTIALLY_PAID);

  dispute = cbz_store_open_dispute (fixture->store, partial, CBZ_DISPUTE_REASON_QUALITY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dispute->prior_status, ==, CBZ_INVOICE_STATUS_PARTIALLY_PAID);
  resolved = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_REJECTED, 0,
                                        "Las fotos no muestran daño", &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->resolution, ==, CBZ_DISPUTE_RESOLUTION_REJECTED);
  g_assert_cmpint (resolved->credit, ==, 0);

  invoice = cbz_store_get_invoice (fixture->store, partial, &error);
  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_PARTIALLY_PAID);
  g_assert_cmpint (invoice->balance, ==, 120000);
  g_assert_cmpint (query_int (fixture, "SELECT overdue_balance FROM debtor_summaries"), ==, 820000);

  event = cbz_store_get_event (fixture->store,
                               query_int (fixture, "SELECT max (id) FROM events WHERE kind = 'dispute'"), &error);
  g_assert_cmpstr (cbz_event_get_summary (event), ==, "Dispute over invoice F-300 rejected; the invoice is owed again");
  g_assert_nonnull (strstr (cbz_event_get_data (event), "\"state\":\"rejected\""));
  g_assert_cmpstr (cbz_event_get_body (event), ==, "Las fotos no muestran daño");
}

/* A payment lands on the disputed invoice while the dispute is open: the
 * invoice comes back partially paid, whatever it was before. */
static void
test_paid_during_dispute (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) resolved = NULL;
  g_autoptr(CbzInvoice) invoice = NULL;
  g_autoptr(CbzPayment) payment = cbz_payment_new ();

  dispute = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_WRONG_AMOUNT, NULL,
                                    &error);
  payment->debtor_id = fixture->debtor_id;
  payment->invoice_id = fixture->old_invoice;
  payment->paid_on = g_strdup ("2027-03-17");
  payment->currency = g_strdup ("MXN");
  payment->amount = 100000;
  g_assert_cmpint (cbz_store_add_payment (fixture->store, payment, &error), >, 0);
  g_assert_no_error (error);

  resolved = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_REJECTED, 0, NULL, &error);
  g_assert_no_error (error);
  invoice = cbz_store_get_invoice (fixture->store, fixture->old_invoice, &error);
  g_assert_cmpint (invoice->balance, ==, 400000);
  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_PARTIALLY_PAID);
}

/* An import marked the invoice disputed; the dispute is recorded later. */
static void
test_imported_disputed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) resolved = NULL;
  g_autoptr(GPtrArray) disputable = NULL;
  gint64 imported = add_invoice (fixture->store, fixture->debtor_id, "F-400", "2027-02-01", 90000, 90000,
                                 CBZ_INVOICE_STATUS_DISPUTED);

  disputable = cbz_store_list_disputable_invoices (fixture->store, fixture->debtor_id, &error);
  g_assert_cmpuint (disputable->len, ==, 3);
  dispute = cbz_store_open_dispute (fixture->store, imported, CBZ_DISPUTE_REASON_NOT_RECEIVED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dispute->prior_status, ==, CBZ_INVOICE_STATUS_OPEN);
  g_clear_pointer (&disputable, g_ptr_array_unref);
  disputable = cbz_store_list_disputable_invoices (fixture->store, fixture->debtor_id, &error);
  g_assert_cmpuint (disputable->len, ==, 2);
  g_assert_cmpstr (((CbzInvoice *) disputable->pdata[0])->number, ==, "F-100");

  resolved = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_REJECTED, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT overdue_balance FROM debtor_summaries"), ==, 790000);
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) resolved = NULL;
  g_autoptr(CbzInvoice) invoice = NULL;
  gint64 events_before = query_int (fixture, "SELECT count (*) FROM events");

  dispute = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_OTHER, NULL, &error);
  g_assert_true (cbz_store_undo_dispute (fixture->store, dispute->id, &error));
  g_assert_no_error (error);
  invoice = cbz_store_get_invoice (fixture->store, fixture->old_invoice, &error);
  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_OPEN);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM events"), ==, events_before);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM disputes"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT overdue_balance FROM debtor_summaries"), ==, 700000);

  g_clear_pointer (&dispute, cbz_dispute_unref);
  dispute = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_OTHER, NULL, &error);
  resolved = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_REJECTED, 0, NULL, &error);
  g_assert_false (cbz_store_undo_dispute (fixture->store, dispute->id, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
}

/* The event insert fails after the dispute row and the invoice's status
 * were written: nothing is left of either. */
static void
test_failure_midway (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) failed = NULL;
  g_autoptr(CbzInvoice) invoice = NULL;
  g_autofree char *money_before = NULL;
  g_autofree char *money_after = NULL;

  dispute = cbz_store_open_dispute (fixture->store, fixture->new_invoice, CBZ_DISPUTE_REASON_OTHER, NULL, &error);
  g_assert_no_error (error);
  money_before = query_text (fixture, MONEY_SQL);
  exec_sql (fixture, "CREATE TRIGGER no_events BEFORE INSERT ON events BEGIN SELECT RAISE (ABORT, 'disk full'); END");

  failed = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_OTHER, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL);
  g_clear_error (&error);
  invoice = cbz_store_get_invoice (fixture->store, fixture->old_invoice, &error);
  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_OPEN);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM disputes"), ==, 1);

  failed = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_UPHELD, 50000, NULL,
                                      &error);
  g_assert_null (failed);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL);
  g_clear_pointer (&invoice, cbz_invoice_unref);
  invoice = cbz_store_get_invoice (fixture->store, fixture->new_invoice, NULL);
  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_DISPUTED);
  g_assert_cmpint (invoice->balance, ==, 200000);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM disputes WHERE resolved_at IS NULL"), ==, 1);
  money_after = query_text (fixture, MONEY_SQL);
  g_assert_cmpstr (money_after, ==, money_before);
  g_assert_cmpint (query_int (fixture, "SELECT overdue_balance FROM debtor_summaries"), ==, 500000);
}

/* Seeded random disputes over many invoices, upheld with random credits or
 * rejected: what is owed plus what was credited never changes, and every
 * balance stays between 0 and the invoice's amount. */
static void
test_no_cent_lost (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20270317);
  g_autoptr(GError) error = NULL;
  gint64 total;

  for (int i = 0; i < 60; i++)
    {
      g_autofree char *number = g_strdup_printf ("R-%03d", i);
      gint64 amount = g_rand_int_range (rand, 1, 5000000);

      add_invoice (fixture->store, fixture->debtor_id, number, "2027-02-01", amount,
                   g_rand_int_range (rand, 1, (gint32) amount + 1), CBZ_INVOICE_STATUS_OPEN);
    }
  total = query_int (fixture, "SELECT sum (balance) FROM invoices");

  for (int round = 0; round < 3; round++)
    {
      g_autoptr(GPtrArray) invoices = cbz_store_list_disputable_invoices (fixture->store, fixture->debtor_id,
                                                                          &error);

      g_assert_no_error (error);
      for (guint i = 0; i < invoices->len; i++)
        {
          CbzInvoice *invoice = invoices->pdata[i];
          g_autoptr(CbzDispute) dispute = NULL;
          g_autoptr(CbzDispute) resolved = NULL;
          gboolean upheld = g_rand_boolean (rand);
          gint64 credit = upheld ? g_rand_int_range (rand, 0, (gint32) invoice->balance + 1) : 0;

          dispute = cbz_store_open_dispute (fixture->store, invoice->id, g_rand_int_range (rand, 0, 5), NULL,
                                            &error);
          g_assert_no_error (error);
          resolved = cbz_store_resolve_dispute (fixture->store, dispute->id,
                                                upheld ? CBZ_DISPUTE_RESOLUTION_UPHELD
                                                       : CBZ_DISPUTE_RESOLUTION_REJECTED,
                                                credit, NULL, &error);
          g_assert_no_error (error);
        }
      g_assert_cmpint (query_int (fixture, "SELECT sum (balance) FROM invoices") +
                       query_int (fixture, "SELECT sum (credit) FROM disputes"), ==, total);
      g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM invoices WHERE balance < 0 OR balance > amount"),
                       ==, 0);
      g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM invoices WHERE status = 'paid' AND balance <> 0"),
                       ==, 0);
    }
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM credit_entries"), ==, 0);
}

typedef struct
{
  GAsyncResult *result;
} AsyncWait;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ((AsyncWait *) user_data)->result = g_object_ref (result);
}

static gboolean
has_result_cb (gpointer data)
{
  return ((AsyncWait *) data)->result != NULL;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) resolved = NULL;
  g_autoptr(GPtrArray) list = NULL;
  AsyncWait wait = { NULL };

  cbz_store_list_disputable_invoices_async (fixture->store, fixture->debtor_id, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  list = cbz_store_list_disputable_invoices_finish (fixture->store, wait.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_object (&wait.result);
  g_clear_pointer (&list, g_ptr_array_unref);

  cbz_store_open_dispute_async (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_QUALITY, "Llegó roto",
                                NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  dispute = cbz_store_open_dispute_finish (fixture->store, wait.result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dispute->note, ==, "Llegó roto");
  g_clear_object (&wait.result);

  cbz_store_list_disputes_async (fixture->store, fixture->debtor_id, TRUE, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  list = cbz_store_list_disputes_finish (fixture->store, wait.result, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_object (&wait.result);

  cbz_store_resolve_dispute_async (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_UPHELD, 600000, NULL,
                                   NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  resolved = cbz_store_resolve_dispute_finish (fixture->store, wait.result, &error);
  g_assert_null (resolved);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&wait.result);

  cbz_store_undo_dispute_async (fixture->store, dispute->id, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  g_assert_true (cbz_store_undo_dispute_finish (fixture->store, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
}

#define DISPUTE_TEST(path, func) \
  g_test_add ("/store/disputes/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  DISPUTE_TEST ("open", test_open);
  DISPUTE_TEST ("nothing-to-chase", test_nothing_to_chase);
  DISPUTE_TEST ("refused", test_refused);
  DISPUTE_TEST ("upheld-with-credit", test_upheld_with_credit);
  DISPUTE_TEST ("upheld-in-full", test_upheld_in_full);
  DISPUTE_TEST ("rejected", test_rejected);
  DISPUTE_TEST ("paid-during-dispute", test_paid_during_dispute);
  DISPUTE_TEST ("imported-disputed", test_imported_disputed);
  DISPUTE_TEST ("undo", test_undo);
  DISPUTE_TEST ("failure-midway", test_failure_midway);
  DISPUTE_TEST ("no-cent-lost", test_no_cent_lost);
  DISPUTE_TEST ("async", test_async);

  return g_test_run ();
}
