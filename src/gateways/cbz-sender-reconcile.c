/* cbz-sender-reconcile.c: messages left in "sending"
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message in "sending" that no request of this run is carrying was cut
 * off: by a crash, or by a request whose answer never came. It is never
 * resent blindly. Where the provider can list what it received, the run
 * asks (after the reconcile delay, so a request still being processed can
 * land): found, it is sent; not found, it never arrived and goes again.
 * Where it cannot, the message is held as unknown for the person to decide.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-clock.h"
#include "cbz-sender-private.h"

typedef struct
{
  CbzSenderRun    *run;
  CbzSenderOrphan *orphan;
} Check;

void
_cbz_sender_orphan_free (CbzSenderOrphan *orphan)
{
  cbz_outbox_message_free (orphan->message);
  g_free (orphan);
}

void
_cbz_sender_add_orphan (CbzSenderRun     *run,
                        CbzOutboxMessage *message,
                        gint64            check_at)
{
  CbzSenderOrphan *orphan = g_new0 (CbzSenderOrphan, 1);

  orphan->message = message;
  orphan->check_at = check_at;
  g_ptr_array_add (run->orphans, orphan);
}

/* Removes @orphan from the run and hands back its message. */
static CbzOutboxMessage *
take_orphan (CbzSenderRun    *run,
             CbzSenderOrphan *orphan)
{
  CbzOutboxMessage *message = g_steal_pointer (&orphan->message);
  guint index;

  if (g_ptr_array_find (run->orphans, orphan, &index))
    g_ptr_array_remove_index_fast (run->orphans, index);
  return message;
}

char *
_cbz_sender_unknown_reason (const char *detail)
{
  if (detail == NULL)
    return g_strdup (_("Cobranza stopped (or the connection broke) while this message was being sent, "
                       "and the provider cannot tell whether it arrived. Check with the customer or in "
                       "the provider’s console before resending."));
  /* Translators: %s is what the provider or the connection said. */
  return g_strdup_printf (_("Cobranza stopped (or the connection broke) while this message was being sent, "
                            "and the provider cannot tell whether it arrived. Check with the customer or in "
                            "the provider’s console before resending. What the provider said: %s"),
                          detail);
}

static gboolean
same_number (const char *a,
             const char *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  if (g_str_has_prefix (a, "whatsapp:"))
    a += strlen ("whatsapp:");
  if (g_str_has_prefix (b, "whatsapp:"))
    b += strlen ("whatsapp:");
  return g_str_equal (a, b);
}

static gboolean
same_body (const char *provider_body,
           const char *our_body)
{
  if (provider_body == NULL || our_body == NULL)
    return FALSE;
  /* Trial accounts prefix the body ("Sent from your Twilio trial account - "). */
  return g_str_equal (provider_body, our_body) || g_str_has_suffix (provider_body, our_body);
}

static const CbzProviderMessage *
find_match (GPtrArray              *found,
            const CbzOutboxMessage *message)
{
  for (guint i = 0; i < found->len; i++)
    {
      const CbzProviderMessage *candidate = g_ptr_array_index (found, i);

      /* Created before this attempt (less a minute of clock skew): an
       * earlier, separate reminder with the same words. */
      if (candidate->date_created != NULL &&
          g_date_time_to_unix (candidate->date_created) * G_USEC_PER_SEC < message->sending_since - G_TIME_SPAN_MINUTE)
        continue;
      if (!candidate->inbound && same_number (candidate->to, message->recipient) &&
          same_body (candidate->body, message->body))
        return candidate;
    }
  return NULL;
}

static void
list_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Check *check = user_data;
  CbzSenderRun *run = check->run;
  CbzSenderOrphan *orphan = check->orphan;
  CbzOutboxMessage *message = orphan->message;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = cbz_now ();
  const CbzProviderMessage *match;

  g_free (check);
  run->in_flight--;
  found = cbz_provider_list_messages_finish (CBZ_PROVIDER (source), result, &error);

  if (found == NULL)
    {
      if (g_error_matches (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY) &&
          now < message->expires_at)
        {
          orphan->checking = FALSE;
          orphan->check_at = now + run->sender->backoff_base;
          _cbz_sender_schedule_pump (run);
        }
      else
        {
          g_autofree char *reason = _cbz_sender_unknown_reason (error->message);

          _cbz_sender_settle (run, take_orphan (run, orphan), CBZ_OUTBOX_STATE_UNKNOWN, NULL, reason, now);
        }
      return;
    }

  match = find_match (found, message);
  message = take_orphan (run, orphan);
  if (match != NULL)
    _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_SENT, match->provider_message_id, NULL,
                        _cbz_sender_first_poll_at (run, message->provider, now));
  else
    /* The provider has no such message: it never arrived, so sending it now
     * cannot make a duplicate. */
    _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_QUEUED, NULL,
                        _("The provider never received it when sending was interrupted; sending again"), now);
}

void
_cbz_sender_check_orphans (CbzSenderRun *run,
                           gint64        now,
                           gint64       *next_due)
{
  for (guint i = 0; i < run->orphans->len; i++)
    {
      CbzSenderOrphan *orphan = g_ptr_array_index (run->orphans, i);
      CbzOutboxMessage *message = orphan->message;
      CbzSenderLane *lane = g_hash_table_lookup (run->lanes, message->provider);
      Check *check;

      if (orphan->checking || lane == NULL)
        continue;

      if (lane->provider == NULL || !cbz_provider_supports_listing (lane->provider))
        {
          g_autofree char *reason = _cbz_sender_unknown_reason (NULL);

          _cbz_sender_settle (run, take_orphan (run, orphan), CBZ_OUTBOX_STATE_UNKNOWN, NULL, reason, now);
          i--;
          continue;
        }

      if (now < orphan->check_at)
        {
          *next_due = MIN (*next_due, orphan->check_at);
          continue;
        }

      orphan->checking = TRUE;
      check = g_new0 (Check, 1);
      check->run = run;
      check->orphan = orphan;
      run->in_flight++;
      /* No date filter: Twilio filters on the day a message was *sent*, and
       * one still in its queue has none. Messages to one customer are few;
       * older ones are told apart by their creation time above. */
      cbz_provider_list_messages_async (lane->provider, message->recipient, NULL, NULL,
                                        NULL, list_sent_cb, check);
    }
}
