/* cbz-outbox.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox's policy over the store's rows: what a message must have, the
 * timeline entries that follow each change, and the user's decisions. The
 * sender's side is in cbz-outbox-sending.c, the views in
 * cbz-outbox-filter.c, the _async functions in cbz-outbox-async.c.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-clock.h"
#include "cbz-outbox-private.h"

#define DEFAULT_MAX_AGE (24 * G_TIME_SPAN_HOUR)

struct _CbzOutbox
{
  GObject   parent_instance;

  CbzStore *store;
  gint64    max_age;
};

G_DEFINE_FINAL_TYPE (CbzOutbox, cbz_outbox, G_TYPE_OBJECT)
G_DEFINE_QUARK (cbz-outbox-error-quark, cbz_outbox_error)

/* Helpers */

void
_cbz_outbox_adopt_store_error (GError **error)
{
  if (error != NULL && g_error_matches (*error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND))
    {
      (*error)->domain = CBZ_OUTBOX_ERROR;
      (*error)->code = CBZ_OUTBOX_ERROR_NOT_FOUND;
    }
}

static CbzEventChannel
channel_to_event (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return CBZ_EVENT_CHANNEL_WHATSAPP;
    case CBZ_CHANNEL_EMAIL:
      return CBZ_EVENT_CHANNEL_EMAIL;
    case CBZ_CHANNEL_SMS:
    default:
      return CBZ_EVENT_CHANNEL_SMS;
    }
}

static CbzDeliveryState
state_to_delivery (CbzOutboxState state)
{
  switch (state)
    {
    case CBZ_OUTBOX_STATE_QUEUED:
      return CBZ_DELIVERY_STATE_QUEUED;
    case CBZ_OUTBOX_STATE_SENDING:
      return CBZ_DELIVERY_STATE_SENDING;
    case CBZ_OUTBOX_STATE_SENT:
      return CBZ_DELIVERY_STATE_SENT;
    case CBZ_OUTBOX_STATE_DELIVERED:
      return CBZ_DELIVERY_STATE_DELIVERED;
    case CBZ_OUTBOX_STATE_UNKNOWN:
      return CBZ_DELIVERY_STATE_UNKNOWN;
    case CBZ_OUTBOX_STATE_DRY_RUN:
      return CBZ_DELIVERY_STATE_DRY_RUN;
    case CBZ_OUTBOX_STATE_FAILED:
    case CBZ_OUTBOX_STATE_CANCELLED:
    case CBZ_OUTBOX_N_STATES:
    default:
      return CBZ_DELIVERY_STATE_FAILED;
    }
}

/* What the timeline says of a change, one whole sentence per channel so
 * each language can word it its own way. */
typedef enum
{
  SUMMARY_REMINDER,
  SUMMARY_FAILED,
  SUMMARY_HELD,
  SUMMARY_CANCELLED,
  SUMMARY_RETRY,
  SUMMARY_QUEUED_AGAIN,
  N_SUMMARIES
} Summary;

static const char *
summary_text (CbzChannel channel,
              Summary    summary)
{
  static const char * const sms[N_SUMMARIES] = {
    N_("SMS reminder"),
    N_("SMS reminder failed"),
    N_("SMS reminder held: check before resending"),
    N_("SMS reminder cancelled"),
    N_("SMS reminder will be retried"),
    N_("SMS reminder queued again"),
  };
  static const char * const whatsapp[N_SUMMARIES] = {
    N_("WhatsApp reminder"),
    N_("WhatsApp reminder failed"),
    N_("WhatsApp reminder held: check before resending"),
    N_("WhatsApp reminder cancelled"),
    N_("WhatsApp reminder will be retried"),
    N_("WhatsApp reminder queued again"),
  };
  static const char * const email[N_SUMMARIES] = {
    N_("Email reminder"),
    N_("Email reminder failed"),
    N_("Email reminder held: check before resending"),
    N_("Email reminder cancelled"),
    N_("Email reminder will be retried"),
    N_("Email reminder queued again"),
  };

  g_assert (summary < N_SUMMARIES);

  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return _(whatsapp[summary]);
    case CBZ_CHANNEL_EMAIL:
      return _(email[summary]);
    case CBZ_CHANNEL_SMS:
    default:
      return _(sms[summary]);
    }
}

/* The 'status' entry for a change, or NULL when the reminder's own entry
 * says enough. */
static const char *
status_summary (CbzChannel      channel,
                CbzOutboxState  from,
                CbzOutboxState  to)
{
  switch (to)
    {
    case CBZ_OUTBOX_STATE_FAILED:
      return summary_text (channel, SUMMARY_FAILED);
    case CBZ_OUTBOX_STATE_UNKNOWN:
      return summary_text (channel, SUMMARY_HELD);
    case CBZ_OUTBOX_STATE_CANCELLED:
      return summary_text (channel, SUMMARY_CANCELLED);
    case CBZ_OUTBOX_STATE_QUEUED:
      if (from == CBZ_OUTBOX_STATE_SENDING)
        return summary_text (channel, SUMMARY_RETRY);
      if (from == CBZ_OUTBOX_STATE_UNKNOWN || from == CBZ_OUTBOX_STATE_FAILED)
        return summary_text (channel, SUMMARY_QUEUED_AGAIN);
      return NULL;
    case CBZ_OUTBOX_STATE_SENDING:
    case CBZ_OUTBOX_STATE_SENT:
    case CBZ_OUTBOX_STATE_DELIVERED:
    case CBZ_OUTBOX_STATE_DRY_RUN:
    case CBZ_OUTBOX_N_STATES:
    default:
      return NULL;
    }
}

static gboolean
add_status_event (CbzOutbox               *self,
                  const CbzOutboxMessage  *message,
                  const char              *summary,
                  const char              *body,
                  GError                 **error)
{
  g_autoptr(CbzEvent) event = cbz_event_new (message->debtor_id, CBZ_EVENT_KIND_STATUS, summary);
  g_autofree char *data = g_strdup_printf ("{\"outbox_id\":%" G_GINT64_FORMAT "}", message->id);

  cbz_event_set_channel (event, channel_to_event (message->channel));
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_INTERNAL);
  cbz_event_set_body (event, body);
  cbz_event_set_data (event, data);
  return cbz_store_add_event (self->store, event, error) != 0;
}

static void
set_no_address_error (const CbzOutboxMessage  *message,
                      GError                 **error)
{
  long long id = (long long) message->debtor_id;

  switch (message->channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID,
                   /* Translators: %lld is the customer's number in the portfolio. */
                   _("Customer %lld has no WhatsApp number to send to"), id);
      break;
    case CBZ_CHANNEL_EMAIL:
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID,
                   /* Translators: %lld is the customer's number in the portfolio. */
                   _("Customer %lld has no email address to send to"), id);
      break;
    case CBZ_CHANNEL_SMS:
    default:
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID,
                   /* Translators: %lld is the customer's number in the portfolio. */
                   _("Customer %lld has no mobile number to send SMS to"), id);
      break;
    }
}

static gboolean
validate_message (const CbzOutboxMessage  *message,
                  GError                 **error)
{
  if (message->debtor_id <= 0)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID,
                   _("A message needs a customer"));
      return FALSE;
    }
  if (message->recipient == NULL || *message->recipient == '\0')
    {
      set_no_address_error (message, error);
      return FALSE;
    }
  if (message->body == NULL || message->provider == NULL || message->action == NULL)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID,
                   _("The message for customer %lld has no text, provider or action"),
                   (long long) message->debtor_id);
      return FALSE;
    }
  return TRUE;
}

/* Lifecycle */

static void
cbz_outbox_finalize (GObject *object)
{
  CbzOutbox *self = (CbzOutbox *) object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_outbox_parent_class)->finalize (object);
}

static void
cbz_outbox_class_init (CbzOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_outbox_finalize;
}

static void
cbz_outbox_init (CbzOutbox *self)
{
  self->max_age = DEFAULT_MAX_AGE;
}

/* Public API */

/**
 * cbz_outbox_new:
 * @store: the connection to work on (this thread's)
 *
 * Returns: (transfer full): a new outbox
 */
CbzOutbox *
cbz_outbox_new (CbzStore *store)
{
  CbzOutbox *self;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  return self;
}

CbzStore *
cbz_outbox_get_store (CbzOutbox *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);
  return self->store;
}

gint64
cbz_outbox_get_max_age (CbzOutbox *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), 0);
  return self->max_age;
}

void
cbz_outbox_set_max_age (CbzOutbox *self,
                        gint64     max_age_usec)
{
  g_return_if_fail (CBZ_IS_OUTBOX (self));
  g_return_if_fail (max_age_usec > 0);
  self->max_age = max_age_usec;
}

gboolean
cbz_outbox_enqueue (CbzOutbox         *self,
                    CbzOutboxMessage  *message,
                    gboolean          *inserted,
                    GError           **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  guint n_inserted = 0;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  g_ptr_array_add (one, message);
  if (!cbz_outbox_enqueue_many (self, one, &n_inserted, error))
    return FALSE;
  if (inserted != NULL)
    *inserted = n_inserted == 1;
  return TRUE;
}

gboolean
cbz_outbox_enqueue_many (CbzOutbox  *self,
                         GPtrArray  *messages,
                         guint      *n_inserted,
                         GError    **error)
{
  g_autofree CbzOutboxInsert *inserts = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  const char *reminder_summaries[3];
  gint64 now = cbz_now ();
  guint count = 0;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (messages != NULL, FALSE);

  /* Translated once for the batch, not once per message. */
  reminder_summaries[0] = summary_text (CBZ_CHANNEL_SMS, SUMMARY_REMINDER);
  reminder_summaries[1] = summary_text (CBZ_CHANNEL_WHATSAPP, SUMMARY_REMINDER);
  reminder_summaries[2] = summary_text (CBZ_CHANNEL_EMAIL, SUMMARY_REMINDER);
  inserts = g_new0 (CbzOutboxInsert, messages->len);
  bodies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < messages->len; i++)
    {
      CbzOutboxMessage *message = g_ptr_array_index (messages, i);
      CbzOutboxInsert *insert = &inserts[i];

      if (!validate_message (message, error))
        return FALSE;

      /* A rehearsal must not take the key of the real message it rehearses. */
      if (message->dry_run && !g_str_has_prefix (message->action, "dry-run:"))
        {
          char *action = g_strconcat ("dry-run:", message->action, NULL);

          g_free (message->action);
          message->action = action;
        }
      if (message->expires_at <= 0)
        message->expires_at = now + self->max_age;

      _cbz_outbox_message_to_record (message, &insert->row);
      insert->event_summary = reminder_summaries[message->channel == CBZ_CHANNEL_WHATSAPP ? 1
                                                 : message->channel == CBZ_CHANNEL_EMAIL ? 2 : 0];
      if (message->subject != NULL)
        {
          char *body = g_strdup_printf ("%s\n\n%s", message->subject, message->body);

          g_ptr_array_add (bodies, body);
          insert->event_body = body;
        }
    }

  if (!cbz_store_outbox_enqueue (self->store, inserts, messages->len, now, &count, error))
    return FALSE;

  for (guint i = 0; i < messages->len; i++)
    {
      CbzOutboxMessage *message = g_ptr_array_index (messages, i);
      const CbzOutboxRecord *row = &inserts[i].row;

      message->id = row->id;
      if (!inserts[i].inserted)
        continue;
      message->state = row->state;
      message->attempts = row->attempts;
      message->next_attempt_at = row->next_attempt_at;
      message->created_at = row->created_at;
      message->updated_at = row->updated_at;
      message->event_id = row->event_id;
    }
  if (n_inserted != NULL)
    *n_inserted = count;
  return TRUE;
}

CbzOutboxMessage *
cbz_outbox_get (CbzOutbox  *self,
                gint64      id,
                GError    **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  if (!cbz_store_outbox_get (self->store, id, _cbz_outbox_append_record_cb, found, error))
    {
      _cbz_outbox_adopt_store_error (error);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

GPtrArray *
cbz_outbox_list (CbzOutbox  *self,
                 int         state,
                 gint64      debtor_id,
                 guint       limit,
                 GError    **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  CbzOutboxState one = (CbzOutboxState) state;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (state >= -1 && state < CBZ_OUTBOX_N_STATES, NULL);

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  if (!cbz_store_outbox_list (self->store, &one, state >= 0 ? 1 : 0, debtor_id, limit,
                              _cbz_outbox_append_record_cb, messages, error))
    return NULL;
  return g_steal_pointer (&messages);
}

gboolean
cbz_outbox_count_by_state (CbzOutbox  *self,
                           guint64    *counts,
                           GError    **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  return cbz_store_outbox_count_by_state (self->store, counts, error);
}

/* Decisions */

static gboolean
user_decision (CbzOutbox       *self,
               gint64           id,
               CbzOutboxState   allowed_from_a,
               CbzOutboxState   allowed_from_b,
               CbzOutboxState   to,
               const char      *reason,
               GError         **error)
{
  g_autoptr(CbzOutboxMessage) message = NULL;
  gint64 now = cbz_now ();

  if (!cbz_store_begin (self->store, error))
    return FALSE;

  message = cbz_outbox_get (self, id, error);
  if (message == NULL)
    goto fail;

  if (message->state != allowed_from_a && message->state != allowed_from_b)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_WRONG_STATE,
                   _("Message %lld is “%s”; that cannot be changed now"),
                   (long long) id, cbz_outbox_state_get_label (message->state));
      goto fail;
    }

  if (!_cbz_outbox_transition (self, message, to, NULL, reason, now, error))
    goto fail;
  /* The user looked and decided: a message sent again starts over, with a
   * fresh expiry. */
  if (to == CBZ_OUTBOX_STATE_QUEUED &&
      !cbz_store_outbox_set_expiry (self->store, id, now + self->max_age, error))
    goto fail;

  if (!cbz_store_commit (self->store, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self->store);
  return FALSE;
}

gboolean
cbz_outbox_resend (CbzOutbox  *self,
                   gint64      id,
                   GError    **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);

  return user_decision (self, id, CBZ_OUTBOX_STATE_UNKNOWN, CBZ_OUTBOX_STATE_FAILED,
                        CBZ_OUTBOX_STATE_QUEUED, _("Sent again at the user’s request"), error);
}

gboolean
cbz_outbox_mark_failed (CbzOutbox   *self,
                        gint64       id,
                        const char  *reason,
                        GError     **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);

  return user_decision (self, id, CBZ_OUTBOX_STATE_UNKNOWN, CBZ_OUTBOX_STATE_QUEUED,
                        CBZ_OUTBOX_STATE_FAILED,
                        reason != NULL ? reason : _("Marked as failed by the user"), error);
}

gboolean
cbz_outbox_cancel (CbzOutbox  *self,
                   gint64      id,
                   GError    **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);

  return user_decision (self, id, CBZ_OUTBOX_STATE_QUEUED, CBZ_OUTBOX_STATE_QUEUED,
                        CBZ_OUTBOX_STATE_CANCELLED, _("Cancelled by the user"), error);
}

gboolean
cbz_outbox_decide (CbzOutbox          *self,
                   CbzOutboxDecision   decision,
                   gint64              id,
                   const char         *reason,
                   GError            **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);

  switch (decision)
    {
    case CBZ_OUTBOX_DECISION_RESEND:
      return cbz_outbox_resend (self, id, error);
    case CBZ_OUTBOX_DECISION_DONT_RESEND:
      return cbz_outbox_mark_failed (self, id, reason, error);
    case CBZ_OUTBOX_DECISION_CANCEL:
      return cbz_outbox_cancel (self, id, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Transitions */

gboolean
_cbz_outbox_transition (CbzOutbox         *self,
                        CbzOutboxMessage  *message,
                        CbzOutboxState     state,
                        const char        *provider_message_id,
                        const char        *reason,
                        gint64             next_attempt_at,
                        GError           **error)
{
  const char *summary;
  gint64 now = cbz_now ();
  CbzOutboxState from = message->state;
  gboolean moved = FALSE;
  gboolean own;

  /* One change, whole: the row, its reminder entry and the status entry
   * (in the caller's transaction when one is open, as the sender's are). */
  own = !cbz_store_in_transaction (self->store);
  if (own && !cbz_store_begin (self->store, error))
    return FALSE;
  if (!cbz_store_outbox_set_state (self->store, message->id, from, state, reason, provider_message_id,
                                   next_attempt_at, now, &moved, error))
    goto fail;
  if (!moved)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_WRONG_STATE,
                   _("Message %lld is no longer “%s”"),
                   (long long) message->id, cbz_outbox_state_get_label (from));
      goto fail;
    }
  if (message->event_id != 0 &&
      !cbz_store_update_event_delivery (self->store, message->event_id, state_to_delivery (state),
                                        provider_message_id, error))
    goto fail;
  summary = status_summary (message->channel, from, state);
  if (summary != NULL && !add_status_event (self, message, summary, reason, error))
    goto fail;
  if (own && !cbz_store_commit (self->store, error))
    goto fail;

  message->state = state;
  g_free (message->last_error);
  message->last_error = g_strdup (reason);
  if (provider_message_id != NULL)
    {
      g_free (message->provider_message_id);
      message->provider_message_id = g_strdup (provider_message_id);
    }
  message->next_attempt_at = next_attempt_at;
  message->updated_at = now;
  if (state == CBZ_OUTBOX_STATE_SENDING)
    {
      message->attempts++;
      message->sending_since = now;
    }
  return TRUE;

fail:
  if (own)
    cbz_store_rollback (self->store);
  return FALSE;
}
