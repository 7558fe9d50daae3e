/* cbz-cli-outbox.c: `cobranza-cli outbox`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-commands.h"
#include "cbz-outbox.h"
#include "cbz-store.h"

static char *
format_instant (gint64 usec)
{
  g_autoptr(GDateTime) when = NULL;

  /* 0: never; past year 9999: "no next attempt" (G_MAXINT64). */
  if (usec <= 0 || (when = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC)) == NULL)
    return g_strdup ("-");
  return g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
}

static void
print_message (const CbzOutboxMessage *message)
{
  g_autofree char *updated = format_instant (message->updated_at);
  g_autofree char *next = format_instant (message->next_attempt_at);

  printf ("%-7lld %-10s %-9s %-9s %-8lld %-24s %u  %s\n",
          (long long) message->id,
          cbz_outbox_state_to_string (message->state),
          cbz_channel_to_string (message->channel),
          message->provider,
          (long long) message->debtor_id,
          message->recipient,
          message->attempts,
          updated);
  if (message->provider_message_id != NULL)
    printf ("        %s %s\n", _("provider id:"), message->provider_message_id);
  if (message->state == CBZ_OUTBOX_STATE_QUEUED && message->attempts > 0)
    printf ("        %s %s\n", _("next attempt:"), next);
  if (message->last_error != NULL)
    printf ("        %s\n", message->last_error);
}

int
cbz_cli_outbox (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *state_name = NULL;
  g_autofree char *reason = NULL;
  gint64 resend_id = 0;
  gint64 failed_id = 0;
  gint64 cancel_id = 0;
  gint64 customer = 0;
  int limit = 50;
  int state = -1;
  guint64 counts[CBZ_OUTBOX_N_STATES];
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_name,
      N_("Only messages in this state: queued, sending, sent, delivered, failed, unknown, dry-run, cancelled"), N_("STATE") },
    { "customer", 0, 0, G_OPTION_ARG_INT64, &customer, N_("Only this customer’s messages"), N_("ID") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N messages, newest first (0: all; default 50)"), N_("N") },
    { "resend", 0, 0, G_OPTION_ARG_INT64, &resend_id, N_("Send a message held as unknown (or failed) again"), N_("ID") },
    { "mark-failed", 0, 0, G_OPTION_ARG_INT64, &failed_id, N_("Record a message held as unknown as failed"), N_("ID") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for --mark-failed (shown on the timeline)"), N_("TEXT") },
    { "cancel", 0, 0, G_OPTION_ARG_INT64, &cancel_id, N_("Withdraw a queued message"), N_("ID") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("List the outbox by state, and decide about messages held as unknown."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  if (state_name != NULL)
    {
      CbzOutboxState parsed;

      if (!cbz_outbox_state_from_string (state_name, &parsed))
        {
          cbz_cli_print_error (_("“%s” is not a state: use queued, sending, sent, delivered, failed, unknown, dry-run or cancelled"),
                               state_name);
          return 2;
        }
      state = (int) parsed;
    }

  store = cbz_store_open (database, &error);
  if (store == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  outbox = cbz_outbox_new (store);

  if (resend_id > 0 || failed_id > 0 || cancel_id > 0)
    {
      gboolean ok;

      if (resend_id > 0)
        ok = cbz_outbox_resend (outbox, resend_id, &error);
      else if (failed_id > 0)
        ok = cbz_outbox_mark_failed (outbox, failed_id, reason, &error);
      else
        ok = cbz_outbox_cancel (outbox, cancel_id, &error);
      if (!ok)
        {
          cbz_cli_print_error ("%s", error->message);
          return 1;
        }
      if (resend_id > 0)
        printf (_("Message %lld is queued again; run “cobranza-cli send” or open Cobranza to send it."),
                (long long) resend_id);
      else if (failed_id > 0)
        printf (_("Message %lld is recorded as failed."), (long long) failed_id);
      else
        printf (_("Message %lld is cancelled."), (long long) cancel_id);
      putchar ('\n');
      return 0;
    }

  if (!cbz_outbox_count_by_state (outbox, counts, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < CBZ_OUTBOX_N_STATES; i++)
    printf ("%s%s %llu", i > 0 ? ", " : "", cbz_outbox_state_to_string ((CbzOutboxState) i),
            (unsigned long long) counts[i]);
  putchar ('\n');

  messages = cbz_outbox_list (outbox, state, customer, (guint) MAX (limit, 0), &error);
  if (messages == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  if (messages->len == 0)
    {
      printf ("%s\n", _("No messages."));
      return 0;
    }

  printf ("%-7s %-10s %-9s %-9s %-8s %-24s %s  %s\n", _("ID"), _("STATE"), _("CHANNEL"),
          _("PROVIDER"), _("CUSTOMER"), _("TO"), _("TRIES"), _("UPDATED"));
  for (guint i = 0; i < messages->len; i++)
    print_message (g_ptr_array_index (messages, i));
  return 0;
}
