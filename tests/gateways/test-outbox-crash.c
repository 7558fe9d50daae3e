/* test-outbox-crash.c: THE crash test. `cobranza-cli send` sends a batch of
 * 1,000 SMS reminders to the standalone fake provider server and is killed
 * with SIGKILL at random moments, then run again until it finishes. At the
 * end the fake server must have accepted each message at most once, and
 * every message must be sent, failed with a reason, or held as unknown:
 * never silently gone. Repeated 20 times.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "cbz-company-profile.h"
#include "cbz-fake-provider.h"
#include "cbz-store.h"
#include "cbz-test-util.h"

#define N_MESSAGES   1000
#define N_ROUNDS     20
#define MAX_KILLS    2

typedef struct
{
  GSubprocess *server;
  char        *url;
  SoupSession *session;
  char        *template_db;
  char        *cli;
  guint        kills;
  guint        kills_mid_batch;
  guint        reconciled;
  guint        unknown;
  gint64       started;
  guint        full_run_ms;
} Crash;

static Crash crash;

/* The fake server, through its admin endpoints */

static JsonNode *
admin_call (const char *method,
            const char *path)
{
  g_autofree char *uri = g_strconcat (crash.url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_str_equal (method, "POST"))
    {
      g_autoptr(GBytes) empty = g_bytes_new_static ("{}", 2);
      soup_message_set_request_body_from_bytes (msg, "application/json", empty);
    }
  body = soup_session_send_and_read (crash.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  if (g_bytes_get_size (body) == 0)
    return NULL;
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = g_test_build_filename (G_TEST_BUILT, "gateways", "fake-provider-server", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  gsize length;

  crash.server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                   server, "--exit-on-stdin-eof", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (crash.server));
  crash.url = g_data_input_stream_read_line_utf8 (out, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (crash.url, "http://127.0.0.1:"));
}

static void
stop_server (void)
{
  g_subprocess_send_signal (crash.server, SIGTERM);
  g_subprocess_wait (crash.server, NULL, NULL);
  g_clear_object (&crash.server);
  g_clear_pointer (&crash.url, g_free);
}

/* The portfolio: 1,000 customers, each with its own number and one overdue
 * invoice, written once and copied for every round. */
static void
make_template_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autofree char *wal = NULL;
  CbzCompanyProfile *profile;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  crash.template_db = cbz_test_build_tmp_path ("crash-template.sqlite");
  wal = g_strconcat (crash.template_db, "-wal", NULL);
  store = cbz_store_open_full (crash.template_db, &today, &error);
  g_assert_no_error (error);

  g_assert_true (cbz_store_begin (store, &error));
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
      g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();

      debtor->name = g_strdup_printf ("Cliente %04u", i);
      debtor->mobile = g_strdup_printf ("+5215520%06u", i);
      debtor->country = g_strdup ("MX");
      g_assert_true (cbz_store_save_debtor (store, debtor, &error));
      g_assert_no_error (error);

      invoice->debtor_id = debtor->id;
      invoice->number = g_strdup_printf ("F-%04u", i);
      invoice->due_date = g_strdup ("2020-01-31");
      invoice->currency = g_strdup ("MXN");
      invoice->amount = 100000 + i;
      invoice->balance = 100000 + i;
      invoice->status = CBZ_INVOICE_STATUS_OPEN;
      g_assert_true (cbz_store_save_invoice (store, invoice, &error));
      g_assert_no_error (error);
    }
  g_assert_true (cbz_store_commit (store, &error));
  g_assert_true (cbz_store_refresh_summaries (store, NULL, 0, &error));

  profile = cbz_company_profile_new ();
  profile->name = g_strdup ("Distribuidora Norte");
  g_assert_true (cbz_company_profile_save (profile, store, &error));
  g_assert_no_error (error);
  cbz_company_profile_free (profile);

  /* The last connection to close moves the WAL into the file, so the
   * rounds copy one complete file. */
  g_clear_object (&store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static GSubprocess *
spawn_send (const char *db)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "TWILIO_ACCOUNT_SID", CBZ_FAKE_TWILIO_SID, TRUE);
  g_subprocess_launcher_setenv (launcher, "TWILIO_AUTH_TOKEN", CBZ_FAKE_TWILIO_TOKEN, TRUE);
  g_subprocess_launcher_setenv (launcher, "TWILIO_FROM", CBZ_FAKE_TWILIO_FROM, TRUE);
  g_subprocess_launcher_setenv (launcher, "COBRANZA_TWILIO_URL", crash.url, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, crash.cli, "--database", db, "send",
                                         "--channel", "sms", "--all-overdue", "--provider", "twilio",
                                         "--concurrency", "16", "--rate", "100000",
                                         "--reconcile-after", "0.3", "--max-wait", "60", NULL);
  g_assert_no_error (error);
  return process;
}

static gboolean
wait_or_kill (GSubprocess *process,
              guint        kill_after_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) kill_after_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_subprocess_get_identifier (process) == NULL)
        return FALSE;
      g_usleep (2000);
    }
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, NULL);
  return TRUE;
}

static gint64
accepted_so_far (void)
{
  g_autoptr(JsonNode) stats = admin_call ("GET", "/_fake/stats");

  return json_object_get_int_member (json_node_get_object (stats), "accepted");
}

/* Kills the sender once the server has taken @target messages: a moment
 * in the middle of the batch, whatever the machine's speed. */
static gboolean
kill_at_progress (GSubprocess *process,
                  gint64       target)
{
  while (accepted_so_far () < target)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_subprocess_get_identifier (process) == NULL)
        return FALSE;
      g_usleep (1000);
    }
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, NULL);
  return TRUE;
}

static gint64
count_in (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static void
check_round (const char *db_path,
             guint       round)
{
  g_autoptr(JsonNode) requests_node = admin_call ("GET", "/_fake/requests");
  g_autoptr(JsonNode) stats_node = admin_call ("GET", "/_fake/stats");
  g_autoptr(GHashTable) accepted_by_to = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) accepted_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *requests = json_node_get_array (requests_node);
  JsonObject *stats = json_node_get_object (stats_node);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_accepted = 0;
  int rc;

  /* At most once, per recipient (each customer has its own number). */
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *to;
      guint seen;

      if (!json_object_get_boolean_member (request, "accepted"))
        continue;
      to = json_object_get_string_member (request, "to");
      seen = GPOINTER_TO_UINT (g_hash_table_lookup (accepted_by_to, to));
      if (seen > 0)
        g_error ("round %u: the fake server accepted the message to %s twice", round, to);
      g_hash_table_insert (accepted_by_to, g_strdup (to), GUINT_TO_POINTER (seen + 1));
      if (json_object_has_member (request, "message_id") && !json_object_get_null_member (request, "message_id"))
        g_hash_table_add (accepted_ids, g_strdup (json_object_get_string_member (request, "message_id")));
      n_accepted++;
    }
  g_assert_cmpint (json_object_get_int_member (stats, "duplicates"), ==, 0);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* Nothing lost: all 1,000 are there, and none is left in between. */
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM outbox"), ==, N_MESSAGES);
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM outbox WHERE state = 'failed' AND last_error IS NULL"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM outbox WHERE state = 'unknown' AND last_error IS NULL"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM outbox WHERE state NOT IN ('sent', 'delivered', 'failed', 'unknown')"), ==, 0);

  /* Each message the provider took is recorded as sent with its id (or
   * held for the user); each message recorded as sent was taken. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT recipient, state, provider_message_id FROM outbox",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *to = (const char *) sqlite3_column_text (stmt, 0);
      const char *state = (const char *) sqlite3_column_text (stmt, 1);
      const char *id = (const char *) sqlite3_column_text (stmt, 2);
      gboolean taken = g_hash_table_contains (accepted_by_to, to);

      if (g_str_equal (state, "sent") || g_str_equal (state, "delivered"))
        {
          if (!taken)
            g_error ("round %u: %s is recorded as sent but the provider never got it", round, to);
          g_assert_nonnull (id);
          g_assert_true (g_hash_table_contains (accepted_ids, id));
        }
      else if (g_str_equal (state, "failed") && taken)
        g_error ("round %u: %s was delivered to the provider but recorded as failed", round, to);
      else if (g_str_equal (state, "unknown"))
        crash.unknown++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* Every reminder is on its customer's timeline, in the same state. */
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM outbox o JOIN events e ON e.id = o.event_id"
                                 " WHERE e.delivery_state = o.state"), ==, N_MESSAGES);
  crash.reconciled += (guint) count_in (db, "SELECT count(*) FROM events WHERE kind = 'status'"
                                            " AND body LIKE 'The provider never received it%'");
  sqlite3_close (db);

  g_assert_cmpuint (n_accepted, <=, N_MESSAGES);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) destination = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (source, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* How long one uninterrupted run takes here (ASan makes it several times
 * slower), so the kills land anywhere from start-up to the last message. */
static void
calibrate (void)
{
  g_autofree char *db = cbz_test_build_tmp_path ("calibrate.sqlite");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  start_server ();
  copy_file (crash.template_db, db);
  start = g_get_monotonic_time ();
  process = spawn_send (db);
  g_assert_true (g_subprocess_communicate (process, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  crash.full_run_ms = (guint) ((g_get_monotonic_time () - start) / 1000);
  check_round (db, 0);
  stop_server ();
  g_test_message ("an uninterrupted run of %u messages takes %u ms", N_MESSAGES, crash.full_run_ms);
}

static void
test_crash_rounds (void)
{
  calibrate ();

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *db = cbz_test_build_tmp_path ("crash.sqlite");
      guint kills = (guint) g_test_rand_int_range (1, MAX_KILLS + 1);
      gboolean finished = FALSE;
      guint runs = 0;

      /* A fresh server each round: its request log is this round's. */
      start_server ();
      copy_file (crash.template_db, db);

      while (!finished)
        {
          g_autoptr(GSubprocess) process = spawn_send (db);
          g_autoptr(GError) error = NULL;

          runs++;
          if (runs <= kills)
            {
              /* The first kill lands when the server has taken a random
               * number of messages; a second one at a random time (start-up,
               * queueing, reconciling or sending). */
              gint64 before = accepted_so_far ();
              /* (Only the first run aims at a count; later runs may start
               * with all but the last message taken, an empty range.) */
              gint64 target = before + 1 < N_MESSAGES
                              ? g_test_rand_int_range ((gint32) before + 1, N_MESSAGES) : N_MESSAGES;
              guint after = (guint) g_test_rand_int_range (10, MAX (20, (gint32) crash.full_run_ms));
              gboolean killed = runs == 1 ? kill_at_progress (process, target) : wait_or_kill (process, after);

              if (killed)
                {
                  gint64 accepted = accepted_so_far ();

                  crash.kills++;
                  if (accepted > before && accepted < N_MESSAGES)
                    crash.kills_mid_batch++;
                  if (runs == 1)
                    g_test_message ("round %u: killed at %" G_GINT64_FORMAT " accepted (target %" G_GINT64_FORMAT ")",
                                    round, accepted, target);
                  else
                    g_test_message ("round %u: killed again after %u ms, %" G_GINT64_FORMAT " accepted",
                                    round, after, accepted);
                  continue;
                }
            }

          {
            gint64 start = g_get_monotonic_time ();
            g_autofree char *errors = NULL;
            g_autoptr(GBytes) bytes = NULL;

            g_assert_true (g_subprocess_communicate (process, NULL, NULL, NULL, &bytes, &error));
            g_assert_no_error (error);
            errors = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
            if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
              g_error ("round %u: cobranza-cli send failed: %s", round, errors);
            g_test_message ("round %u: last run took %.2f s", round, (g_get_monotonic_time () - start) / 1e6);
            if (g_get_monotonic_time () - start > 10 * G_USEC_PER_SEC)
              g_test_message ("%s", errors);
          }
          finished = TRUE;
        }

      check_round (db, round);
      stop_server ();
    }

  g_test_message ("%u rounds, %u kills (%u in the middle of the batch), %u messages found unsent and "
                  "sent again after a crash, %u held as unknown, %.1f s",
                  N_ROUNDS, crash.kills, crash.kills_mid_batch, crash.reconciled, crash.unknown,
                  (g_get_monotonic_time () - crash.started) / 1e6);
  /* The test is only worth something when kills land mid-batch. */
  g_assert_cmpuint (crash.kills_mid_batch, >=, N_ROUNDS);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  cbz_test_init (&argc, &argv, NULL);

  crash.started = g_get_monotonic_time ();
  crash.cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "cobranza-cli", NULL);
  crash.session = soup_session_new ();
  make_template_db ();

  g_test_add_func ("/outbox/crash/sigkill-20-rounds", test_crash_rounds);
  status = g_test_run ();

  g_clear_object (&crash.session);
  g_free (crash.template_db);
  g_free (crash.cli);
  return status;
}
