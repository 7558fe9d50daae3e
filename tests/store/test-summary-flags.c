/* test-summary-flags.c: disputes leave the overdue figures; the list's marks
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-store-private.h"
#include "cbz-test-util.h"

typedef struct
{
  gint64 overdue;
  gint64 open;
  gint64 days;
  guint  flags;
} Summary;

static Summary
read_summary (CbzStore *store,
              gint64    debtor_id)
{
  sqlite3_stmt *stmt = NULL;
  Summary s = { 0 };

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store),
                                       "SELECT overdue_balance, open_balance, days_overdue, flags"
                                       " FROM debtor_summaries WHERE debtor_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  s.overdue = sqlite3_column_int64 (stmt, 0);
  s.open = sqlite3_column_int64 (stmt, 1);
  s.days = sqlite3_column_int64 (stmt, 2);
  s.flags = (guint) sqlite3_column_int (stmt, 3);
  sqlite3_finalize (stmt);
  return s;
}

static gint64
add_invoice (CbzStore   *store,
             gint64      debtor_id,
             const char *number,
             const char *due,
             gint64      amount)
{
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  g_autoptr(GError) error = NULL;

  invoice->debtor_id = debtor_id;
  invoice->number = g_strdup (number);
  invoice->due_date = g_strdup (due);
  invoice->currency = g_strdup ("MXN");
  invoice->amount = invoice->balance = amount;
  g_assert_true (cbz_store_save_invoice (store, invoice, &error));
  g_assert_no_error (error);
  return invoice->id;
}

static void
exec (CbzStore   *store,
      const char *sql)
{
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_summary_flags (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("flags.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(CbzPromise) promise = cbz_promise_new ();
  g_autoptr(CbzStore) store = NULL;
  GDate today;
  gint64 old_id, id = 0;
  Summary s;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, 3, 2027);
  store = cbz_store_open_full (path, &today, &error);
  g_assert_no_error (error);
  debtor->name = g_strdup ("Papelería El Lápiz");
  g_free (debtor->currency);
  debtor->currency = g_strdup ("MXN");
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  id = debtor->id;

  /* 60 days late 1,000.00 and 10 days late 500.00. */
  old_id = add_invoice (store, id, "A-1", "2026-12-31", 100000);
  add_invoice (store, id, "A-2", "2027-02-19", 50000);
  s = read_summary (store, id);
  g_assert_cmpint (s.overdue, ==, 150000);
  g_assert_cmpint (s.days, ==, 60);
  g_assert_cmpuint (s.flags, ==, 0);

  /* Disputing the old one: still owed, no longer overdue nor aged. */
  g_assert_true (cbz_store_set_invoice_status (store, old_id, CBZ_INVOICE_STATUS_DISPUTED, &error));
  g_assert_no_error (error);
  s = read_summary (store, id);
  g_assert_cmpint (s.open, ==, 150000);
  g_assert_cmpint (s.overdue, ==, 50000);
  g_assert_cmpint (s.days, ==, 10);
  g_assert_cmpuint (s.flags, ==, CBZ_SUMMARY_FLAG_DISPUTED);

  /* A pending promise. */
  promise->debtor_id = id;
  promise->promised_on = g_strdup ("2027-03-05");
  promise->currency = g_strdup ("MXN");
  promise->amount = 50000;
  g_assert_cmpint (cbz_store_add_promise (store, promise, &error), >, 0);
  g_assert_no_error (error);
  s = read_summary (store, id);
  g_assert_cmpuint (s.flags, ==, CBZ_SUMMARY_FLAG_DISPUTED | CBZ_SUMMARY_FLAG_PROMISE_PENDING);

  /* An agreement with a late instalment (written here as the agreements'
   * store functions would). */
  exec (store, "INSERT INTO agreements (id, debtor_id, currency, total, every, created_at)"
               " SELECT 1, id, 'MXN', 50000, '15d', 0 FROM debtors");
  exec (store, "INSERT INTO agreement_instalments (agreement_id, seq, due_date, amount, state)"
               " VALUES (1, 1, '2027-02-20', 25000, 'late'), (1, 2, '2027-03-07', 25000, 'due')");
  g_assert_true (cbz_store_refresh_summaries (store, &id, 1, &error));
  s = read_summary (store, id);
  g_assert_cmpuint (s.flags, ==, CBZ_SUMMARY_FLAG_DISPUTED | CBZ_SUMMARY_FLAG_PROMISE_PENDING |
                                 CBZ_SUMMARY_FLAG_AGREEMENT | CBZ_SUMMARY_FLAG_INSTALMENT_LATE);

  /* The whole portfolio's refresh agrees with the per-debtor one. */
  g_assert_true (cbz_store_refresh_summaries (store, NULL, 0, &error));
  g_assert_cmpuint (read_summary (store, id).flags, ==, s.flags);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/summaries/flags-and-disputes", test_summary_flags);

  return g_test_run ();
}
