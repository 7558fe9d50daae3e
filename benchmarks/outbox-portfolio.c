/* outbox-portfolio.c: the outbox on the list benchmark's portfolio
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: outbox-portfolio [DATABASE]
 *
 * On the 100,000-customer / 1,000,000-invoice portfolio of benchmarks/list
 * (built with the demo generator into $XDG_CACHE_HOME/cobranza-benchmarks
 * when missing) with one SMS reminder per customer with an overdue balance
 * in the outbox, in the states a few weeks of sending leave (cached as
 * outbox-100k.sqlite), prints, with the file in the page cache:
 *
 *   1. `cobranza-cli outbox` as a subprocess, start to exit, and what the
 *      command does after opening the file (counts by state and the newest
 *      50 messages) measured in-process, next to the open itself;
 *   2. the Outbox window's listing (cbz_outbox_list_filter_async(), each
 *      view, its first 2,000 rows, the counts and the customers' names);
 *   3. preparing a reminder for one customer, as Send Reminder does
 *      (cbz_outbox_prepare_reminder_async(), then enqueueing it as a dry
 *      run, so nothing is ever sent).
 *
 * Targets: < 100 ms each.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "cbz-clock.h"
#include "cbz-company-profile.h"
#include "cbz-core.h"
#include "cbz-demo.h"
#include "cbz-outbox-private.h"
#include "cbz-outbox.h"
#include "cbz-store-outbox.h"

#define N_CUSTOMERS 100000
#define MAX_ROWS    2000
#define N_RUNS      9
#define N_REMINDERS 20

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "outbox-portfolio: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this process, ms: the machine is shared, and wall time also
 * counts other programs' turns. The work measured runs on a worker thread
 * of this process, so it is counted here too. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static double
maximum (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len - 1);
}

static const char *
verdict (double ms)
{
  return ms < 100.0 ? "MET" : "MISSED";
}

/* Building the files (once, cached) */

static void
build_list_portfolio (const char *path)
{
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(CbzStore) store = NULL;
  GError *error = NULL;
  double start = now_ms ();

  printf ("Building %s (%d customers, 8–12 invoices each)…\n", path, N_CUSTOMERS);
  g_unlink (partial);
  store = cbz_store_open (partial, &error);
  if (store == NULL || !cbz_demo_generate_full (store, N_CUSTOMERS, 8, 12, 2026, &error))
    die ("build the portfolio", error);
  g_clear_object (&store);
  if (g_rename (partial, path) != 0)
    die ("rename the portfolio", NULL);
  printf ("Built in %.1f s\n", (now_ms () - start) / 1000.0);
}

/* The states a few weeks of sending leave, by message: most sent or
 * delivered, some failed, a few held, some still queued. */
static CbzOutboxState
state_for (guint i)
{
  guint slot = i % 100;

  if (slot < 2)
    return CBZ_OUTBOX_STATE_UNKNOWN;
  if (slot < 7)
    return CBZ_OUTBOX_STATE_FAILED;
  if (slot < 12)
    return CBZ_OUTBOX_STATE_QUEUED;
  if (slot < 45)
    return CBZ_OUTBOX_STATE_SENT;
  return CBZ_OUTBOX_STATE_DELIVERED;
}

static void
fill_outbox (const char *path)
{
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(GArray) overdue = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  g_autoptr(CbzCompanyProfile) profile = cbz_company_profile_new ();
  GError *error = NULL;
  guint inserted = 0;
  double start = now_ms ();

  store = cbz_store_open (path, &error);
  if (store == NULL)
    die ("open the copy", error);
  outbox = cbz_outbox_new (store);
  profile->name = g_strdup ("Distribuidora Norte");
  profile->phone = g_strdup ("+52 55 5555 0100");
  if (!cbz_company_profile_save (profile, store, &error))
    die ("save the company profile", error);

  overdue = cbz_store_list_overdue_debtor_ids (store, &error);
  if (overdue == NULL)
    die ("list the overdue customers", error);
  printf ("Filling the outbox: one reminder for each of %u overdue customers…\n", overdue->len);
  for (guint i = 0; i < overdue->len; i++)
    {
      gint64 debtor = g_array_index (overdue, gint64, i);
      g_autofree char *to = g_strdup_printf ("+52155%08u", i);
      g_autofree char *body = g_strdup_printf ("Distribuidora Norte: su saldo vencido es $ %u.00 (fact. F-%06u). "
                                               "Responda BAJA para no recibir mas SMS.", 1000 + i % 9000, i);
      CbzOutboxMessage *message = cbz_outbox_message_new (debtor, CBZ_CHANNEL_SMS, "twilio", to, body);

      cbz_outbox_message_set_key (message, "cadence:standard:2", &debtor, 1, "2026-10-15");
      /* Old enough not to expire while the file is reused. */
      message->expires_at = G_MAXINT64 / 2;
      g_ptr_array_add (messages, message);
    }
  if (!cbz_outbox_enqueue_many (outbox, messages, &inserted, &error))
    die ("enqueue", error);

  if (!cbz_store_begin (store, &error))
    die ("begin", error);
  for (guint i = 0; i < messages->len; i++)
    {
      CbzOutboxMessage *message = g_ptr_array_index (messages, i);
      CbzOutboxState state = state_for (i);

      if (state == CBZ_OUTBOX_STATE_QUEUED)
        continue;
      if (!_cbz_outbox_transition (outbox, message, CBZ_OUTBOX_STATE_SENDING, NULL, NULL, 0, &error) ||
          !_cbz_outbox_transition (outbox, message,
                                   state == CBZ_OUTBOX_STATE_DELIVERED ? CBZ_OUTBOX_STATE_SENT : state,
                                   state == CBZ_OUTBOX_STATE_FAILED || state == CBZ_OUTBOX_STATE_UNKNOWN
                                   ? NULL : "SM0123",
                                   state == CBZ_OUTBOX_STATE_FAILED ? "The number cannot receive SMS (21614)"
                                   : state == CBZ_OUTBOX_STATE_UNKNOWN ? "Held: check before resending" : NULL,
                                   G_MAXINT64, &error) ||
          (state == CBZ_OUTBOX_STATE_DELIVERED &&
           !_cbz_outbox_transition (outbox, message, CBZ_OUTBOX_STATE_DELIVERED, NULL, NULL, G_MAXINT64, &error)))
        die ("move a message", error);
    }
  if (!cbz_store_commit (store, &error))
    die ("commit", error);
  printf ("Filled in %.1f s (%u messages)\n", (now_ms () - start) / 1000.0, inserted);
}

static void
build_outbox_portfolio (const char *list_path,
                        const char *path)
{
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (list_path);
  g_autoptr(GFile) to = g_file_new_for_path (partial);
  GError *error = NULL;

  if (!g_file_test (list_path, G_FILE_TEST_EXISTS))
    build_list_portfolio (list_path);
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    die ("copy the portfolio", error);
  fill_outbox (partial);
  if (g_rename (partial, path) != 0)
    die ("rename the outbox portfolio", NULL);
}

/* Measuring */

typedef struct
{
  GAsyncResult *result;
} Waited;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ((Waited *) user_data)->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Waited *waited)
{
  while (waited->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return waited->result;
}

static void
measure_cli (const char *path)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run < 5; run++)
    {
      const char *argv[] = { CLI_PATH, "--database", path, "outbox", NULL };
      GError *error = NULL;
      int status = 0;
      double start = now_ms (), elapsed;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        die ("run cobranza-cli outbox", error);
      elapsed = now_ms () - start;
      g_array_append_val (times, elapsed);
    }
  printf ("`cobranza-cli outbox`, start to exit:        median %7.1f ms  max %7.1f ms  (target < 100 ms: %s)\n",
          median (times), maximum (times), verdict (median (times)));
}

static void
measure_cli_parts (const char *path)
{
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_cpu = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run < 3; run++)
    {
      g_autoptr(CbzStore) store = NULL;
      g_autoptr(CbzOutbox) outbox = NULL;
      GError *error = NULL;
      double start = now_ms (), opened, done;

      store = cbz_store_open (path, &error);
      if (store == NULL)
        die ("open", error);
      opened = now_ms ();
      outbox = cbz_outbox_new (store);
      /* What the command does once the file is open. */
      for (guint i = 0; i < N_RUNS; i++)
        {
          g_autoptr(GPtrArray) messages = NULL;
          guint64 counts[CBZ_OUTBOX_N_STATES];
          double t = now_ms (), c = cpu_ms (), used;

          if (!cbz_outbox_count_by_state (outbox, counts, &error) ||
              (messages = cbz_outbox_list (outbox, -1, 0, 50, &error)) == NULL)
            die ("list", error);
          done = now_ms () - t;
          used = cpu_ms () - c;
          g_array_append_val (after, done);
          g_array_append_val (after_cpu, used);
        }
      done = opened - start;
      g_array_append_val (opens, done);
    }
  printf ("  of which opening the file (cbz_store_open): median %7.1f ms\n", median (opens));
  printf ("  of which the command's own work after open:  median %7.1f ms wall, %6.1f ms CPU  max %7.1f ms  (target < 100 ms: %s)\n",
          median (after), median (after_cpu), maximum (after), verdict (median (after)));
}

static void
measure_listing (CbzOutbox *outbox)
{
  for (CbzOutboxFilter filter = CBZ_OUTBOX_FILTER_ATTENTION; filter <= CBZ_OUTBOX_FILTER_ALL; filter++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
      guint rows = 0;
      guint64 shown = 0;

      for (guint run = 0; run < N_RUNS; run++)
        {
          g_autoptr(CbzOutboxListing) listing = NULL;
          Waited waited = { 0 };
          GError *error = NULL;
          double start = now_ms (), cpu_start = cpu_ms (), elapsed, used;

          cbz_outbox_list_filter_async (outbox, filter, MAX_ROWS, NULL, got_result_cb, &waited);
          listing = cbz_outbox_list_filter_finish (outbox, wait_result (&waited), &error);
          g_clear_object (&waited.result);
          if (listing == NULL)
            die ("list a view", error);
          elapsed = now_ms () - start;
          used = cpu_ms () - cpu_start;
          g_array_append_val (times, elapsed);
          g_array_append_val (cpu, used);
          rows = listing->messages->len;
          shown = cbz_outbox_filter_count (filter, listing->counts);
        }
      printf ("  %-10s %4u of %6" G_GUINT64_FORMAT ":  median %6.1f ms wall, %6.1f ms CPU  max %6.1f ms wall  (target < 100 ms: %s)\n",
              cbz_outbox_filter_to_string (filter), rows, shown, median (times), median (cpu), maximum (times),
              verdict (median (times)));
    }
}

static void
measure_reminders (CbzOutbox *outbox,
                   GArray    *overdue)
{
  g_autoptr(GArray) prepared = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) enqueued = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *sample = NULL;
  guint skipped = 0;

  for (guint i = 0; i < N_REMINDERS; i++)
    {
      gint64 debtor = g_array_index (overdue, gint64, (overdue->len / N_REMINDERS) * i);
      g_autoptr(CbzOutboxMessage) message = NULL;
      g_autoptr(CbzOutboxMessage) queued = NULL;
      g_autofree char *skip = NULL;
      Waited waited = { 0 };
      GError *error = NULL;
      double start = now_ms (), ready, done;

      cbz_outbox_prepare_reminder_async (outbox, debtor, CBZ_CHANNEL_SMS, "twilio", "reminder",
                                         cbz_company_profile_load_sender_context, NULL, got_result_cb, &waited);
      message = cbz_outbox_prepare_reminder_finish (outbox, wait_result (&waited), &skip, &error);
      g_clear_object (&waited.result);
      ready = now_ms () - start;
      g_array_append_val (prepared, ready);
      if (message == NULL)
        {
          if (skip == NULL)
            die ("prepare a reminder", error);
          skipped++;
          continue;
        }

      if (sample == NULL)
        sample = g_strdup_printf ("%s → %s", message->recipient, message->body);
      /* A rehearsal: recorded, never sent. */
      message->dry_run = TRUE;
      cbz_outbox_enqueue_async (outbox, message, NULL, got_result_cb, &waited);
      queued = cbz_outbox_enqueue_finish (outbox, wait_result (&waited), NULL, &error);
      g_clear_object (&waited.result);
      if (queued == NULL)
        die ("enqueue a reminder", error);
      done = now_ms () - start;
      g_array_append_val (enqueued, done);
    }
  printf ("  prepared (read, render):    median %7.2f ms  max %7.2f ms  (%u customers, %u with nothing to send; target < 100 ms: %s)\n",
          median (prepared), maximum (prepared), N_REMINDERS, skipped, verdict (median (prepared)));
  if (sample != NULL)
    printf ("  e.g. %s\n", sample);
  if (enqueued->len > 0)
    printf ("  prepared and enqueued:      median %7.2f ms  max %7.2f ms  (target < 100 ms: %s)\n",
            median (enqueued), maximum (enqueued), verdict (median (enqueued)));
}

static int
measure (const char *path)
{
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(GArray) overdue = NULL;
  GError *error = NULL;
  double start, opened;

  printf ("Outbox on a %d-customer portfolio: %s\n\n", N_CUSTOMERS, path);

  printf ("1. The command line\n");
  measure_cli (path);
  measure_cli_parts (path);

  /* The window's way: shown at once, checked in the background. */
  start = now_ms ();
  store = cbz_store_open_with_flags (path, NULL, CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, &error);
  if (store == NULL)
    die ("open", error);
  opened = now_ms ();
  outbox = cbz_outbox_new (store);

  printf ("\n2. The Outbox window's listing (first %d rows of a view, counts, names; on a worker connection)\n",
          MAX_ROWS);
  /* Measured once the background check is done: while it runs it takes a
   * core of its own, and this process's CPU time would count it. */
  while (!cbz_store_is_verified (store))
    g_main_context_iteration (NULL, TRUE);
  printf ("  (the app opened the file in %.1f ms; the background integrity check took %.1f s more)\n",
          opened - start, (now_ms () - opened) / 1000.0);
  {
    Waited waited = { 0 };
    g_autoptr(CbzOutboxListing) listing = NULL;
    double first = now_ms ();

    cbz_outbox_list_filter_async (outbox, CBZ_OUTBOX_FILTER_ATTENTION, MAX_ROWS, NULL, got_result_cb, &waited);
    listing = cbz_outbox_list_filter_finish (outbox, wait_result (&waited), &error);
    g_clear_object (&waited.result);
    if (listing == NULL)
      die ("list", error);
    printf ("  first call (opens the worker connection): %7.1f ms\n", now_ms () - first);
  }
  measure_listing (outbox);

  overdue = cbz_store_list_overdue_debtor_ids (store, &error);
  if (overdue == NULL || overdue->len < N_REMINDERS)
    die ("list the overdue customers", error);
  printf ("\n3. Send Reminder for one customer (on worker connections)\n");
  measure_reminders (outbox, overdue);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "cobranza-benchmarks", NULL);
  g_autofree char *list_path = g_build_filename (dir, "list-100k.sqlite", NULL);
  g_autofree char *path = NULL;

  cbz_core_init ();
  g_mkdir_with_parents (dir, 0700);
  path = argc > 1 ? g_strdup (argv[1]) : g_build_filename (dir, "outbox-100k.sqlite", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
      char *args[] = { self_exe, path, NULL };
      GError *error = NULL;
      int status = 1;

      build_outbox_portfolio (list_path, path);
      /* Measure in a fresh process that starts with the file in place. */
      fflush (stdout);
      if (!g_spawn_sync (NULL, args, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                         NULL, NULL, &status, &error))
        die ("run again", error);
      return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
    }
  return measure (path);
}
