/* cbz-outbox-message.c: one message of the outbox
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "cbz-outbox-private.h"

G_DEFINE_BOXED_TYPE (CbzOutboxMessage, cbz_outbox_message,
                     cbz_outbox_message_copy, cbz_outbox_message_free)

CbzOutboxMessage *
cbz_outbox_message_new (gint64      debtor_id,
                        CbzChannel  channel,
                        const char *provider,
                        const char *recipient,
                        const char *body)
{
  CbzOutboxMessage *message = g_new0 (CbzOutboxMessage, 1);

  message->debtor_id = debtor_id;
  message->channel = channel;
  message->provider = g_strdup (provider);
  message->recipient = g_strdup (recipient);
  message->body = g_strdup (body);
  message->invoice_set = g_strdup ("");
  message->cycle = g_strdup ("");
  message->state = CBZ_OUTBOX_STATE_QUEUED;
  return message;
}

CbzOutboxMessage *
cbz_outbox_message_copy (const CbzOutboxMessage *message)
{
  CbzOutboxMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_memdup2 (message, sizeof *message);
  copy->action = g_strdup (message->action);
  copy->invoice_set = g_strdup (message->invoice_set);
  copy->cycle = g_strdup (message->cycle);
  copy->provider = g_strdup (message->provider);
  copy->recipient = g_strdup (message->recipient);
  copy->template_name = g_strdup (message->template_name);
  copy->language = g_strdup (message->language);
  copy->subject = g_strdup (message->subject);
  copy->body = g_strdup (message->body);
  copy->html = g_strdup (message->html);
  copy->wa_template = g_strdup (message->wa_template);
  copy->wa_language = g_strdup (message->wa_language);
  copy->wa_params = g_strdupv (message->wa_params);
  copy->last_error = g_strdup (message->last_error);
  copy->provider_message_id = g_strdup (message->provider_message_id);
  return copy;
}

void
cbz_outbox_message_free (CbzOutboxMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->action);
  g_free (message->invoice_set);
  g_free (message->cycle);
  g_free (message->provider);
  g_free (message->recipient);
  g_free (message->template_name);
  g_free (message->language);
  g_free (message->subject);
  g_free (message->body);
  g_free (message->html);
  g_free (message->wa_template);
  g_free (message->wa_language);
  g_strfreev (message->wa_params);
  g_free (message->last_error);
  g_free (message->provider_message_id);
  g_free (message);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

void
cbz_outbox_message_set_key (CbzOutboxMessage *message,
                            const char       *action,
                            const gint64     *invoice_ids,
                            gsize             n_invoice_ids,
                            const char       *cycle)
{
  g_autofree gint64 *sorted = NULL;
  GString *set = g_string_new (NULL);

  g_return_if_fail (message != NULL);
  g_return_if_fail (action != NULL);

  sorted = g_memdup2 (invoice_ids, n_invoice_ids * sizeof (gint64));
  if (n_invoice_ids > 0)
    qsort (sorted, n_invoice_ids, sizeof (gint64), compare_ids);
  for (gsize i = 0; i < n_invoice_ids; i++)
    {
      if (i > 0 && sorted[i] == sorted[i - 1])
        continue;
      g_string_append_printf (set, "%s%" G_GINT64_FORMAT, set->len > 0 ? "," : "", sorted[i]);
    }

  g_free (message->action);
  message->action = g_strdup (action);
  g_free (message->invoice_set);
  message->invoice_set = g_string_free (set, FALSE);
  g_free (message->cycle);
  message->cycle = g_strdup (cycle != NULL ? cycle : "");
}

CbzOutboxMessage *
_cbz_outbox_message_new_from_record (const CbzOutboxRecord *row)
{
  CbzOutboxMessage *message = g_new0 (CbzOutboxMessage, 1);

  message->id = row->id;
  message->debtor_id = row->debtor_id;
  message->action = g_strdup (row->action);
  message->invoice_set = g_strdup (row->invoice_set);
  message->cycle = g_strdup (row->cycle);
  /* The table's CHECK constraint keeps other channels out. */
  if (row->channel == NULL || !cbz_channel_from_string (row->channel, &message->channel))
    message->channel = CBZ_CHANNEL_SMS;
  message->provider = g_strdup (row->provider);
  message->recipient = g_strdup (row->recipient);
  message->template_name = g_strdup (row->template_name);
  message->language = g_strdup (row->language);
  message->subject = g_strdup (row->subject);
  message->body = g_strdup (row->body);
  message->html = g_strdup (row->html);
  message->wa_template = g_strdup (row->wa_template);
  message->wa_language = g_strdup (row->wa_language);
  message->wa_params = g_strdupv ((char **) row->wa_params);
  message->state = row->state;
  message->dry_run = row->dry_run;
  message->attempts = row->attempts;
  message->next_attempt_at = row->next_attempt_at;
  message->sending_since = row->sending_since;
  message->last_error = g_strdup (row->last_error);
  message->provider_message_id = g_strdup (row->provider_message_id);
  message->event_id = row->event_id;
  message->created_at = row->created_at;
  message->updated_at = row->updated_at;
  message->expires_at = row->expires_at;
  return message;
}

void
_cbz_outbox_message_to_record (const CbzOutboxMessage *message,
                            CbzOutboxRecord           *row)
{
  row->id = message->id;
  row->debtor_id = message->debtor_id;
  row->action = message->action;
  row->invoice_set = message->invoice_set != NULL ? message->invoice_set : "";
  row->cycle = message->cycle != NULL ? message->cycle : "";
  row->channel = cbz_channel_to_string (message->channel);
  row->provider = message->provider;
  row->recipient = message->recipient;
  row->template_name = message->template_name;
  row->language = message->language;
  row->subject = message->subject;
  row->body = message->body;
  row->html = message->html;
  row->wa_template = message->wa_template;
  row->wa_language = message->wa_language;
  row->wa_params = (const char * const *) message->wa_params;
  row->state = message->state;
  row->dry_run = message->dry_run;
  row->attempts = message->attempts;
  row->next_attempt_at = message->next_attempt_at;
  row->sending_since = message->sending_since;
  row->last_error = message->last_error;
  row->provider_message_id = message->provider_message_id;
  row->event_id = message->event_id;
  row->created_at = message->created_at;
  row->updated_at = message->updated_at;
  row->expires_at = message->expires_at;
}

void
_cbz_outbox_append_record_cb (const CbzOutboxRecord *row,
                           gpointer            user_data)
{
  g_ptr_array_add (user_data, _cbz_outbox_message_new_from_record (row));
}
