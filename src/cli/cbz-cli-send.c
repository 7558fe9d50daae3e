/* cbz-cli-send.c: `cobranza-cli send`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cbz-cli-commands.h"
#include "cbz-company-profile.h"
#include "cbz-credentials.h"
#include "cbz-message-template.h"
#include "cbz-outbox.h"
#include "cbz-sender.h"
#include "cbz-store-outbox.h"

typedef struct
{
  GMainLoop        *loop;
  GCancellable     *cancellable;
  CbzSenderSummary  summary;
  GError           *error;
  gboolean          ok;
  gboolean          tty;
  guint             interrupts;
  guint64           last_done;
} SendState;

/* The outcome, one whole sentence per figure. */
static void
print_queued (guint n_inserted,
              guint n_existing,
              guint n_skipped)
{
  printf (g_dngettext (GETTEXT_PACKAGE, "Queued %u new message.", "Queued %u new messages.", n_inserted),
          n_inserted);
  putchar ('\n');
  if (n_existing > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u message was already in the outbox.",
                           "%u messages were already in the outbox.", n_existing), n_existing);
      putchar ('\n');
    }
  if (n_skipped > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u customer skipped.", "%u customers skipped.", n_skipped),
              n_skipped);
      putchar ('\n');
    }
}

static void
print_summary (const CbzSenderSummary *summary)
{
  printf (g_dngettext (GETTEXT_PACKAGE, "%u message sent.", "%u messages sent.", summary->sent), summary->sent);
  putchar ('\n');
  if (summary->failed > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u message failed.", "%u messages failed.", summary->failed),
              summary->failed);
      putchar ('\n');
    }
  if (summary->unknown > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u message held as unknown.", "%u messages held as unknown.",
                           summary->unknown), summary->unknown);
      putchar ('\n');
    }
  if (summary->dry_run > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u message recorded without sending (dry run).",
                           "%u messages recorded without sending (dry run).", summary->dry_run),
              summary->dry_run);
      putchar ('\n');
    }
  if (summary->opt_outs > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u opt-out recorded.", "%u opt-outs recorded.", summary->opt_outs),
              summary->opt_outs);
      putchar ('\n');
    }
  if (summary->waiting > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u message still queued.", "%u messages still queued.",
                           summary->waiting), summary->waiting);
      putchar ('\n');
    }
  if (summary->delivered > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u earlier message delivered.", "%u earlier messages delivered.",
                           summary->delivered), summary->delivered);
      putchar ('\n');
    }
  if (summary->undelivered > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u earlier message could not be delivered.",
                           "%u earlier messages could not be delivered.", summary->undelivered),
              summary->undelivered);
      putchar ('\n');
    }
}

static void
progress_cb (CbzSender *sender,
             guint64    done,
             guint64    total,
             gpointer   user_data)
{
  SendState *state = user_data;

  if (state->tty)
    {
      fprintf (stderr, "\r%s", "");
      /* Translators: a progress line, "Sending: 120 of 1000" */
      fprintf (stderr, _("Sending: %llu of %llu"), (unsigned long long) done, (unsigned long long) total);
      fflush (stderr);
    }
  else if (done == total || done / 100 != state->last_done / 100)
    {
      fprintf (stderr, _("Sending: %llu of %llu"), (unsigned long long) done, (unsigned long long) total);
      fputc ('\n', stderr);
    }
  state->last_done = done;
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendState *state = user_data;

  state->ok = cbz_sender_run_finish (CBZ_SENDER (source), result, &state->summary, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  SendState *state = user_data;

  if (++state->interrupts == 1)
    {
      fprintf (stderr, "\n%s\n", _("Stopping after the messages already on their way… (Ctrl+C again to quit now)"));
      g_cancellable_cancel (state->cancellable);
      return G_SOURCE_CONTINUE;
    }
  /* Nothing is lost: messages in "sending" are checked on the next run. */
  _exit (130);
}

int
cbz_cli_send (const char  *database,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(CbzSender) sender = NULL;
  g_autoptr(CbzTemplateContext) company = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GArray) customers = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *channel_name = NULL;
  g_autofree char *template_name = NULL;
  g_autofree char *provider = NULL;
  g_auto(GStrv) customer_args = NULL;
  gboolean all_overdue = FALSE;
  gboolean dry_run = FALSE;
  gboolean queue_only = FALSE;
  int concurrency = 0;
  double rate = 0;
  int max_wait = 300;
  double reconcile_after = 60;
  guint n_inserted = 0;
  guint n_skipped = 0;
  guint signal_id;
  CbzChannel channel;
  SendState state = { 0 };
  GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel_name, N_("sms, whatsapp or email"), N_("CHANNEL") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_name, N_("Message template (default: reminder)"), N_("NAME") },
    { "customer", 0, 0, G_OPTION_ARG_STRING_ARRAY, &customer_args, N_("Customer id (repeat for several)"), N_("ID") },
    { "all-overdue", 0, 0, G_OPTION_ARG_NONE, &all_overdue, N_("Every customer with an overdue balance"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Render and record the messages without sending them"), NULL },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("twilio, whatsapp, sendgrid, mailgun or postmark"), N_("PROVIDER") },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency, N_("Requests at once (default: the provider’s)"), N_("N") },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, N_("Messages per second (default: the provider’s documented limit)"), N_("R") },
    { "max-wait", 0, 0, G_OPTION_ARG_INT, &max_wait, N_("Seconds to wait for retries before leaving them queued (default 300)"), N_("SECONDS") },
    { "reconcile-after", 0, 0, G_OPTION_ARG_DOUBLE, &reconcile_after, N_("Seconds before asking the provider about an interrupted message (default 60)"), N_("SECONDS") },
    { "queue-only", 0, 0, G_OPTION_ARG_NONE, &queue_only, N_("Only add the messages to the outbox"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Queue one reminder per customer in the outbox and send it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  if (channel_name == NULL || !cbz_channel_from_string (channel_name, &channel))
    {
      cbz_cli_print_error (_("--channel must be sms, whatsapp or email"));
      return 2;
    }
  if (all_overdue == (customer_args != NULL))
    {
      cbz_cli_print_error (_("Give either --customer ID (one or more) or --all-overdue"));
      return 2;
    }
  if (template_name == NULL)
    template_name = g_strdup ("reminder");
  if (provider == NULL)
    provider = g_strdup (cbz_message_default_provider (channel));

  store = cbz_store_open (database, &error);
  if (store == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  outbox = cbz_outbox_new (store);

  if (all_overdue)
    {
      customers = cbz_store_list_overdue_debtor_ids (store, &error);
      if (customers == NULL)
        {
          cbz_cli_print_error ("%s", error->message);
          return 1;
        }
    }
  else
    {
      customers = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; customer_args[i] != NULL; i++)
        {
          gint64 id = g_ascii_strtoll (customer_args[i], NULL, 10);

          if (id <= 0)
            {
              cbz_cli_print_error (_("“%s” is not a customer id"), customer_args[i]);
              return 2;
            }
          g_array_append_val (customers, id);
        }
    }

  company = cbz_company_profile_load_sender_context (store, &error);
  if (company == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  for (guint i = 0; i < customers->len; i++)
    {
      g_autofree char *skip = NULL;
      CbzOutboxMessage *message = cbz_message_build_reminder (store, g_array_index (customers, gint64, i),
                                                              channel, provider, template_name, company,
                                                              cbz_store_get_today (store), &skip, &error);

      if (message != NULL)
        {
          message->dry_run = dry_run;
          g_ptr_array_add (messages, message);
        }
      else if (skip != NULL)
        {
          fprintf (stderr, _("Skipped: %s"), skip);
          fputc ('\n', stderr);
          n_skipped++;
        }
      else
        {
          cbz_cli_print_error ("%s", error->message);
          return 1;
        }
    }

  if (!cbz_outbox_enqueue_many (outbox, messages, &n_inserted, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  print_queued (n_inserted, messages->len - n_inserted, n_skipped);
  fflush (stdout);
  if (queue_only)
    return 0;

  sender = cbz_sender_new (store);
  cbz_sender_set_dry_run (sender, dry_run);
  cbz_sender_set_max_wait (sender, (gint64) MAX (max_wait, 0) * G_USEC_PER_SEC);
  cbz_sender_set_reconcile_delay (sender, (gint64) (MAX (reconcile_after, 0) * G_USEC_PER_SEC));
  if (concurrency > 0 || rate > 0)
    cbz_sender_set_limits (sender, provider, (guint) MAX (concurrency, 0), rate, 0);
  if (!dry_run)
    {
      g_autoptr(CbzProviderAccount) account = cbz_credentials_load_account_sync (provider, NULL, &error);

      if (account == NULL)
        {
          cbz_cli_print_error ("%s", error->message);
          cbz_cli_print_error (_("The messages stay queued; run the command again when the account is set up."));
          return 1;
        }
      cbz_sender_add_account (sender, account);
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  state.loop = loop;
  state.cancellable = cancellable;
  state.tty = isatty (STDERR_FILENO);
  g_signal_connect (sender, "progress", G_CALLBACK (progress_cb), &state);
  signal_id = g_unix_signal_add (SIGINT, interrupted_cb, &state);

  cbz_sender_run_async (sender, cancellable, run_done_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (signal_id);
  if (state.tty)
    fputc ('\n', stderr);

  if (!state.ok)
    {
      cbz_cli_print_error ("%s", state.error->message);
      g_clear_error (&state.error);
      return 1;
    }

  print_summary (&state.summary);
  if (state.summary.unknown > 0)
    {
      printf ("%s\n", _("Check the messages held as unknown with “cobranza-cli outbox --state unknown” before resending them."));
    }
  return 0;
}
