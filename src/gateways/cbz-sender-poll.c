/* cbz-sender-poll.c: delivery reports and inbound replies
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a run learns from the providers besides sending: whether messages
 * they accepted were delivered (asked less and less often, for three days),
 * and the customers' replies, where STOP, BAJA, … record an opt-out with
 * the reply as evidence before anything else is sent.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-clock.h"
#include "cbz-opt-out.h"
#include "cbz-sender-private.h"

#define POLL_CHECK_INTERVAL G_TIME_SPAN_SECOND

/* Delivery reports */

typedef struct
{
  CbzSenderRun     *run;
  CbzSenderLane    *lane;
  CbzOutboxMessage *message;
} Poll;

static CbzSenderSettlement *
settle_report (CbzSenderRun            *run,
               CbzOutboxMessage        *message,
               const CbzDeliveryReport *report,
               gint64                   now)
{
  switch (report->status)
    {
    case CBZ_DELIVERY_DELIVERED:
    case CBZ_DELIVERY_READ:
      return _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_DELIVERED, NULL, NULL, G_MAXINT64);
    case CBZ_DELIVERY_UNDELIVERED:
    case CBZ_DELIVERY_FAILED:
    case CBZ_DELIVERY_CANCELED:
      {
        g_autofree char *reason =
          /* Translators: %s is the provider's reason or error code. */
          g_strdup_printf (_("The provider took the message but could not deliver it: %s"),
                           report->reason != NULL ? report->reason
                           : report->provider_code != NULL ? report->provider_code
                           : cbz_delivery_status_to_string (report->status));

        return _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_FAILED, NULL, reason, G_MAXINT64);
      }
    case CBZ_DELIVERY_UNKNOWN:
    case CBZ_DELIVERY_QUEUED:
    case CBZ_DELIVERY_SENDING:
    case CBZ_DELIVERY_SENT:
    case CBZ_DELIVERY_RECEIVED:
    default:
      /* Still on its way: ask again, less and less often. */
      return _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_SENT, NULL, NULL,
                                 now + MAX (run->sender->poll_delay, now - message->sending_since));
    }
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Poll *poll = user_data;
  CbzSenderRun *run = poll->run;
  CbzOutboxMessage *message = poll->message;
  g_autoptr(CbzDeliveryReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = cbz_now ();
  CbzSenderSettlement *settlement;

  poll->lane->in_flight--;
  run->in_flight--;
  g_free (poll);

  report = cbz_provider_poll_status_finish (CBZ_PROVIDER (source), result, &error);
  if (report == NULL)
    {
      /* Transport trouble: ask again later; anything else: stop asking. */
      gint64 next = g_error_matches (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY)
                    ? now + run->sender->poll_delay : G_MAXINT64;

      settlement = _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_SENT, NULL, NULL, next);
    }
  else
    settlement = settle_report (run, message, report, now);
  settlement->follow_up = TRUE;
}

void
_cbz_sender_poll_lane (CbzSenderRun  *run,
                       CbzSenderLane *lane,
                       gint64         now)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  if (lane->provider == NULL || !cbz_provider_supports_status_polling (lane->provider) ||
      lane->in_flight >= lane->concurrency || now - lane->last_poll_check < POLL_CHECK_INTERVAL)
    return;

  lane->last_poll_check = now;
  due = _cbz_outbox_list_to_poll (run->outbox, lane->id, now, lane->concurrency - lane->in_flight, &error);
  if (due == NULL)
    {
      _cbz_sender_fail_run (run, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < due->len; i++)
    {
      Poll *poll = g_new0 (Poll, 1);

      poll->run = run;
      poll->lane = lane;
      poll->message = g_steal_pointer (&g_ptr_array_index (due, i));
      lane->in_flight++;
      run->in_flight++;
      cbz_provider_poll_status_async (lane->provider, poll->message->provider_message_id, NULL,
                                      poll_done_cb, poll);
    }
}

/* Inbound replies */

typedef struct
{
  CbzSenderRun  *run;
  CbzSenderLane *lane;
} ReplyCheck;

static gboolean
record_reply (CbzSenderRun              *run,
              const CbzProviderMessage  *reply,
              GError                   **error)
{
  g_autoptr(CbzEvent) existing = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *keyword = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *number = reply->from;
  CbzEventChannel channel = CBZ_EVENT_CHANNEL_SMS;
  CbzReplyIntent intent;
  gint64 debtor_id;

  if (reply->provider_message_id == NULL || reply->from == NULL)
    return TRUE;

  /* Already on the timeline from an earlier run. */
  existing = cbz_store_find_event_by_provider_id (run->store, reply->provider_message_id, &local_error);
  if (existing != NULL)
    return TRUE;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_str_has_prefix (number, "whatsapp:"))
    {
      number += strlen ("whatsapp:");
      channel = CBZ_EVENT_CHANNEL_WHATSAPP;
    }
  debtor_id = cbz_store_find_debtor_by_number (run->store, number, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (debtor_id == 0)
    return TRUE;  /* not from a customer of this portfolio */

  intent = cbz_opt_out_classify (reply->body != NULL ? reply->body : "", &keyword);
  event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_REPLY,
                         channel == CBZ_EVENT_CHANNEL_WHATSAPP ? _("WhatsApp reply") : _("SMS reply"));
  if (reply->date_sent != NULL)
    cbz_event_set_occurred_at (event, g_date_time_to_unix (reply->date_sent) * G_USEC_PER_SEC);
  cbz_event_set_channel (event, channel);
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_INBOUND);
  cbz_event_set_body (event, reply->body);
  cbz_event_set_provider_message_id (event, reply->provider_message_id);

  if (!cbz_store_begin (run->store, error))
    return FALSE;
  if (cbz_store_add_event (run->store, event, error) == 0)
    goto fail;

  if (intent != CBZ_REPLY_INTENT_NONE)
    {
      g_autofree char *when = reply->date_sent != NULL
        ? g_date_time_format (reply->date_sent, "%Y-%m-%d %H:%M UTC") : g_strdup ("?");
      g_autofree char *evidence =
        /* Translators: the customer's reply as evidence: 1 the text, 2 the number, 3 the date. */
        g_strdup_printf (_("Replied “%s” from %s on %s"), reply->body != NULL ? reply->body : "", number, when);

      if (!cbz_store_set_opt_out (run->store, debtor_id, channel,
                                  intent == CBZ_REPLY_INTENT_OPT_OUT, evidence, error))
        goto fail;
      if (intent == CBZ_REPLY_INTENT_OPT_OUT)
        run->summary.opt_outs++;
    }

  if (!cbz_store_commit (run->store, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (run->store);
  return FALSE;
}

static void
list_inbound_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ReplyCheck *reply_check = user_data;
  CbzSenderRun *run = reply_check->run;
  CbzSenderLane *lane = reply_check->lane;
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(GError) error = NULL;

  g_free (reply_check);
  run->replies_pending--;

  replies = cbz_provider_list_inbound_finish (CBZ_PROVIDER (source), result, &error);
  if (replies == NULL)
    {
      /* Not fatal: sending goes on, opted-out flags already set still apply. */
      g_message ("Could not read replies from %s: %s", lane->id, error->message);
      _cbz_sender_schedule_pump (run);
      return;
    }

  for (guint i = 0; i < replies->len; i++)
    {
      if (!record_reply (run, g_ptr_array_index (replies, i), &error))
        {
          _cbz_sender_fail_run (run, g_steal_pointer (&error));
          break;
        }
    }
  _cbz_sender_schedule_pump (run);
}

void
_cbz_sender_check_replies (CbzSenderRun *run)
{
  GHashTableIter iter;
  CbzSenderLane *lane;

  g_hash_table_iter_init (&iter, run->lanes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &lane))
    {
      g_autoptr(GDateTime) since = NULL;
      ReplyCheck *reply_check;

      if (lane->provider == NULL || !cbz_provider_supports_listing (lane->provider))
        continue;

      reply_check = g_new0 (ReplyCheck, 1);
      reply_check->run = run;
      reply_check->lane = lane;
      run->replies_pending++;
      /* Replies of the last week; the ones already on the timeline are skipped. */
      since = cbz_date_time_new_from_usec_utc (cbz_now () - 7 * G_TIME_SPAN_DAY);
      cbz_provider_list_inbound_async (lane->provider, NULL, since, NULL, list_inbound_cb, reply_check);
    }
}
