/* outbox.c: figures for the durable outbox.
 *
 *   1. Enqueueing 100,000 messages in one transaction (target < 2 s).
 *   2. 10,000 SMS through the standalone fake provider server on loopback
 *      with concurrency 16: messages per second from the start of the run to
 *      the last "sent" committed (target >= 500), latency of each message
 *      from "sending" committed to "sent" committed (p50, p99), and the
 *      duplicates the server saw (target 0).
 *
 *   outbox [--messages N] [--enqueue N] [--concurrency N]
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "cbz-core.h"
#include "cbz-outbox.h"
#include "cbz-sender.h"
#include "cbz-store-outbox.h"

#define FAKE_SID   "AC0123456789abcdef0123456789abcdef"
#define FAKE_TOKEN "fake-twilio-auth-token-7c1e"
#define FAKE_FROM  "+15005550006"

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "outbox benchmark: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* CPU time of this process, µs: on a busy machine wall time also counts
 * other programs' turns. */
static gint64
cpu_time (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static GArray *
make_debtors (CbzStore *store,
              guint     n)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;

  if (!cbz_store_begin (store, &error))
    die ("begin", error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();

      debtor->name = g_strdup_printf ("Cliente %05u", i);
      debtor->mobile = g_strdup_printf ("+5215530%06u", i);
      debtor->country = g_strdup ("MX");
      if (!cbz_store_save_debtor (store, debtor, &error))
        die ("save a customer", error);
      g_array_append_val (ids, debtor->id);
    }
  if (!cbz_store_commit (store, &error))
    die ("commit", error);
  return ids;
}

static GPtrArray *
make_messages (GArray     *debtors,
               guint       n,
               const char *action_prefix)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);

  for (guint i = 0; i < n; i++)
    {
      gint64 debtor = g_array_index (debtors, gint64, i % debtors->len);
      g_autofree char *to = g_strdup_printf ("+5215530%06u", i % debtors->len);
      g_autofree char *body = g_strdup_printf ("Distribuidora Norte: Cliente %05u, su saldo vencido es $ %u.00 "
                                               "(fact. F-%06u). Responda BAJA para no recibir mas SMS.",
                                               i % debtors->len, 1000 + i % 9000, i);
      g_autofree char *action = g_strdup_printf ("%s:%u", action_prefix, i);
      CbzOutboxMessage *message = cbz_outbox_message_new (debtor, CBZ_CHANNEL_SMS, "twilio", to, body);

      cbz_outbox_message_set_key (message, action, NULL, 0, "2026-11-23");
      g_ptr_array_add (messages, message);
    }
  return messages;
}

static void
bench_enqueue (const char *dir,
               guint       n)
{
  g_autofree char *path = g_build_filename (dir, "enqueue.sqlite", NULL);
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(GArray) debtors = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) again = NULL;
  GError *error = NULL;
  guint inserted = 0;
  gint64 start, elapsed, elapsed_again, cpu_start, cpu;

  store = cbz_store_open (path, &error);
  if (store == NULL)
    die ("open", error);
  outbox = cbz_outbox_new (store);
  debtors = make_debtors (store, 1000);
  messages = make_messages (debtors, n, "bench-enqueue");

  start = g_get_monotonic_time ();
  cpu_start = cpu_time ();
  if (!cbz_outbox_enqueue_many (outbox, messages, &inserted, &error))
    die ("enqueue", error);
  elapsed = g_get_monotonic_time () - start;
  cpu = cpu_time () - cpu_start;
  if (inserted != n)
    die ("enqueue: not every message was new", NULL);

  /* The same batch again: every key is already there, nothing is added. */
  again = make_messages (debtors, n, "bench-enqueue");
  start = g_get_monotonic_time ();
  if (!cbz_outbox_enqueue_many (outbox, again, &inserted, &error))
    die ("enqueue again", error);
  elapsed_again = g_get_monotonic_time () - start;

  printf ("enqueue: %u messages (with their timeline entries) in one transaction: %.3f s wall, %.3f s CPU (%.0f msg/s) — target < 2 s: %s\n",
          n, elapsed / 1e6, cpu / 1e6, n / (elapsed / 1e6), elapsed < 2 * G_USEC_PER_SEC ? "MET" : "MISSED");
  printf ("enqueue: the same %u again (all duplicates, %u added): %.3f s\n", n, inserted, elapsed_again / 1e6);
}

typedef struct
{
  gboolean         done;
  gboolean         ok;
  CbzSenderSummary summary;
  GError          *error;
} RunResult;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunResult *run = user_data;

  run->ok = cbz_sender_run_finish (CBZ_SENDER (source), result, &run->summary, &run->error);
  run->done = TRUE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  GArray *latencies;
  gint64  last_commit;
} Latencies;

static void
collect_latency_cb (const CbzOutboxRecord *row,
                    gpointer            user_data)
{
  Latencies *collected = user_data;
  gint64 latency = row->updated_at - row->sending_since;

  g_array_append_val (collected->latencies, latency);
  collected->last_commit = MAX (collected->last_commit, row->updated_at);
}

static gint64
server_duplicates (SoupSession *session,
                   const char  *url,
                   gint64      *accepted)
{
  g_autofree char *uri = g_strconcat (url, "/_fake/stats", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;
  JsonObject *stats;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL)
    die ("read the server's figures", error);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error))
    die ("parse the server's figures", error);
  stats = json_node_get_object (json_parser_get_root (parser));
  *accepted = json_object_get_int_member (stats, "accepted");
  return json_object_get_int_member (stats, "duplicates");
}

static void
bench_send (const char *dir,
            guint       n,
            guint       concurrency)
{
  g_autofree char *path = g_build_filename (dir, "send.sqlite", NULL);
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(GArray) debtors = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(CbzSender) sender = NULL;
  g_autoptr(CbzProviderAccount) account = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *url = NULL;
  RunResult run = { 0 };
  GError *error = NULL;
  gint64 start, elapsed, duplicates, accepted, last_commit = 0;
  gsize length;
  guint inserted;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             FAKE_SERVER_PATH, "--exit-on-stdin-eof", NULL);
  if (server == NULL)
    die ("start the fake provider server", error);
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  url = g_data_input_stream_read_line_utf8 (server_out, &length, NULL, &error);
  if (url == NULL)
    die ("read the fake server's address", error);

  store = cbz_store_open (path, &error);
  if (store == NULL)
    die ("open", error);
  outbox = cbz_outbox_new (store);
  debtors = make_debtors (store, n);
  messages = make_messages (debtors, n, "bench-send");
  if (!cbz_outbox_enqueue_many (outbox, messages, &inserted, &error))
    die ("enqueue", error);

  account = cbz_provider_account_new ("twilio");
  account->account = g_strdup (FAKE_SID);
  account->secret = g_strdup (FAKE_TOKEN);
  account->from = g_strdup (FAKE_FROM);
  account->base_url = g_strdup (url);
  sender = cbz_sender_new (store);
  cbz_sender_add_account (sender, account);
  /* Twilio's documented 1 segment/s is lifted: this measures Cobranza. */
  cbz_sender_set_limits (sender, "twilio", concurrency, 1e6, concurrency);
  cbz_sender_set_check_replies (sender, FALSE);
  cbz_sender_set_max_wait (sender, 0);

  start = g_get_real_time ();
  cbz_sender_run_async (sender, NULL, run_done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_real_time () - start;
  if (!run.ok)
    die ("send", run.error);

  /* From the database: when each "sending" and each "sent" was committed. */
  {
    CbzOutboxState sent = CBZ_OUTBOX_STATE_SENT;
    Latencies collected = { latencies, 0 };

    if (!cbz_store_outbox_list (store, &sent, 1, 0, 0, collect_latency_cb, &collected, &error))
      die ("read the results", error);
    last_commit = collected.last_commit;
  }
  g_array_sort (latencies, compare_gint64);
  duplicates = server_duplicates (session, url, &accepted);

  {
    double seconds = (last_commit - start) / 1e6;
    double rate = latencies->len / seconds;
    gint64 p50 = latencies->len > 0 ? g_array_index (latencies, gint64, latencies->len / 2) : 0;
    gint64 p99 = latencies->len > 0 ? g_array_index (latencies, gint64, (latencies->len * 99) / 100) : 0;
    gint64 max = latencies->len > 0 ? g_array_index (latencies, gint64, latencies->len - 1) : 0;

    printf ("send: %u messages, Twilio API on the fake server (loopback), concurrency %u\n", n, concurrency);
    printf ("send: sent %u, failed %u, unknown %u; server accepted %" G_GINT64_FORMAT ", duplicates %" G_GINT64_FORMAT " — target 0: %s\n",
            run.summary.sent, run.summary.failed, run.summary.unknown, accepted, duplicates,
            duplicates == 0 ? "MET" : "MISSED");
    printf ("send: %.0f msg/s end to end (run start to the last 'sent' committed, %.2f s; run returned after %.2f s) — target >= 500: %s\n",
            rate, seconds, elapsed / 1e6, rate >= 500 ? "MET" : "MISSED");
    printf ("send: latency 'sending' committed -> 'sent' committed: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
            p50 / 1e3, p99 / 1e3, max / 1e3);
  }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int messages = 10000;
  int enqueue = 100000;
  int concurrency = 16;
  GOptionEntry entries[] = {
    { "messages", 0, 0, G_OPTION_ARG_INT, &messages, "Messages to send (default 10000)", "N" },
    { "enqueue", 0, 0, G_OPTION_ARG_INT, &enqueue, "Messages to enqueue in one transaction (default 100000)", "N" },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency, "Requests at once (default 16)", "N" },
    { NULL }
  };

  cbz_core_init ();
  context = g_option_context_new ("- outbox figures");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);

  dir = g_dir_make_tmp ("cobranza-bench-outbox-XXXXXX", &error);
  if (dir == NULL)
    die ("make a folder", error);

  bench_enqueue (dir, (guint) MAX (enqueue, 1));
  bench_send (dir, (guint) MAX (messages, 1), (guint) MAX (concurrency, 1));

  /* The files are large; leave nothing behind. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
