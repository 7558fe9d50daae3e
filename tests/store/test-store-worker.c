/* test-store-worker.c: cbz_store_run_async() on the store's own connections
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-clock.h"
#include "cbz-demo.h"
#include "cbz-store.h"
#include "cbz-test-util.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  gpointer  result;
  GError   *error;
  guint     changed_before_done;
  guint     changed;
} Wait;

static void
changed_cb (CbzStore *store,
            Wait     *wait)
{
  wait->changed++;
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->changed_before_done = wait->changed;
  wait->ok = cbz_store_run_finish (CBZ_STORE (object), result, &wait->result, &wait->error);
  wait->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Wait *) data)->done;
}

static gboolean
count_job (CbzStore      *worker,
           gpointer       data,
           gpointer      *out_result,
           GCancellable  *cancellable,
           GError       **error)
{
  gint64 count = cbz_store_count_debtors (worker, error);
  gint64 *boxed;

  if (count < 0)
    return FALSE;
  /* The worker is another connection, on another thread. */
  g_assert_true (worker != data);
  boxed = g_new (gint64, 1);
  *boxed = count;
  *out_result = boxed;
  return TRUE;
}

static gboolean
verified_job (CbzStore      *worker,
              gpointer       data,
              gpointer      *out_result,
              GCancellable  *cancellable,
              GError       **error)
{
  *out_result = GINT_TO_POINTER (cbz_store_is_verified (worker) ? 2 : 1);
  return TRUE;
}

static gboolean
add_debtor_job (CbzStore      *worker,
                gpointer       data,
                gpointer      *out_result,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();

  debtor->name = g_strdup (data);
  return cbz_store_save_debtor (worker, debtor, error);
}

static gboolean
failing_job (CbzStore      *worker,
             gpointer       data,
             gpointer      *out_result,
             GCancellable  *cancellable,
             GError       **error)
{
  g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID, "refused on purpose");
  return FALSE;
}

static CbzStore *
open_demo (guint n)
{
  g_autofree char *path = cbz_test_build_tmp_path ("worker.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) first = NULL;
  CbzStore *store;

  first = cbz_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (cbz_demo_generate (first, n, 7, &error));
  g_clear_object (&first);

  /* Opened again, like the window does it: checked in the background. */
  store = cbz_store_open_with_flags (path, NULL, CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, &error);
  g_assert_no_error (error);
  return store;
}

static gboolean
is_verified (gpointer data)
{
  return cbz_store_is_verified (data);
}

static void
test_worker_reads (void)
{
  g_autoptr(CbzStore) store = open_demo (25);
  Wait wait = { 0 };

  g_assert_true (cbz_test_spin_until (is_verified, store, 10000));

  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &wait);
  cbz_store_run_async (store, count_job, store, NULL, g_free, NULL, run_done_cb, &wait);
  g_assert_true (cbz_test_spin_until (is_done, &wait, 10000));
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_cmpint (*(gint64 *) wait.result, ==, 25);
  g_assert_cmpuint (wait.changed, ==, 0);
  g_free (wait.result);

  /* A worker connection inherits the main store's verified state: it never
   * runs the integrity check again. */
  memset (&wait, 0, sizeof wait);
  cbz_store_run_async (store, verified_job, NULL, NULL, NULL, NULL, run_done_cb, &wait);
  g_assert_true (cbz_test_spin_until (is_done, &wait, 10000));
  g_assert_cmpint (GPOINTER_TO_INT (wait.result), ==, 2);
}

static void
test_worker_writes_emit_changed (void)
{
  g_autoptr(CbzStore) store = open_demo (5);
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &wait);
  cbz_store_run_async (store, add_debtor_job, g_strdup ("Ferretería Worker"), g_free, NULL,
                       NULL, run_done_cb, &wait);
  g_assert_true (cbz_test_spin_until (is_done, &wait, 10000));
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_null (wait.result);
  /* ::changed came on the main thread, before the caller heard. */
  g_assert_cmpuint (wait.changed_before_done, ==, 1);
  /* The main connection sees the write. */
  g_assert_cmpint (cbz_store_count_debtors (store, &error), ==, 6);
}

static void
test_worker_error_and_cancel (void)
{
  g_autoptr(CbzStore) store = open_demo (3);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 };
  Wait cancelled = { 0 };

  cbz_store_run_async (store, failing_job, NULL, NULL, NULL, NULL, run_done_cb, &wait);
  g_assert_true (cbz_test_spin_until (is_done, &wait, 10000));
  g_assert_false (wait.ok);
  g_assert_error (wait.error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&wait.error);

  g_cancellable_cancel (cancellable);
  cbz_store_run_async (store, add_debtor_job, g_strdup ("Never"), g_free, NULL,
                       cancellable, run_done_cb, &cancelled);
  g_assert_true (cbz_test_spin_until (is_done, &cancelled, 10000));
  g_assert_false (cancelled.ok);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  g_assert_cmpint (cbz_store_count_debtors (store, NULL), ==, 3);
}

static void
test_worker_many_at_once (void)
{
  g_autoptr(CbzStore) store = open_demo (10);
  Wait waits[12] = { { 0 } };

  /* More jobs than connections: they queue and all finish. */
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      if (i % 2 == 0)
        cbz_store_run_async (store, count_job, store, NULL, g_free, NULL, run_done_cb, &waits[i]);
      else
        cbz_store_run_async (store, add_debtor_job, g_strdup_printf ("Cliente %u", i), g_free,
                             NULL, NULL, run_done_cb, &waits[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      g_assert_true (cbz_test_spin_until (is_done, &waits[i], 20000));
      g_assert_no_error (waits[i].error);
      g_assert_true (waits[i].ok);
      g_free (waits[i].result);
    }
  g_assert_cmpint (cbz_store_count_debtors (store, NULL), ==, 16);
}

static void
test_worker_uses_the_clock (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("clock.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzClock) clock = NULL;
  g_autoptr(CbzStore) store = NULL;
  gint64 when;

  g_assert_true (cbz_clock_parse_instant ("2027-03-17T23:30:00-06:00", &when, &error));
  clock = cbz_clock_new_manual (when);
  cbz_clock_set_default (clock);

  store = cbz_store_open (path, &error);
  g_assert_no_error (error);
  /* Today is the local date of the clock, not of the machine. */
  g_assert_cmpstr (cbz_store_get_today (store), ==, "2027-03-17");
  g_assert_cmpint (cbz_store_now (), ==, when);

  cbz_clock_set_default (NULL);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/worker/reads", test_worker_reads);
  g_test_add_func ("/store/worker/writes-emit-changed", test_worker_writes_emit_changed);
  g_test_add_func ("/store/worker/error-and-cancel", test_worker_error_and_cancel);
  g_test_add_func ("/store/worker/many-at-once", test_worker_many_at_once);
  g_test_add_func ("/store/worker/uses-the-clock", test_worker_uses_the_clock);

  return g_test_run ();
}
