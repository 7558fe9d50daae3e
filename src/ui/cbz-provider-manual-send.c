/* cbz-provider-manual-send.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cbz-event.h"
#include "cbz-manual-send.h"
#include "cbz-provider.h"
#include "cbz-provider-manual-send.h"

static CbzEventChannel
event_channel (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_SMS:
      return CBZ_EVENT_CHANNEL_SMS;
    case CBZ_CHANNEL_WHATSAPP:
      return CBZ_EVENT_CHANNEL_WHATSAPP;
    case CBZ_CHANNEL_EMAIL:
      return CBZ_EVENT_CHANNEL_EMAIL;
    default:
      return CBZ_EVENT_CHANNEL_NONE;
    }
}

static const char *
summary_for (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_SMS:
      return _("SMS reminder sent by hand");
    case CBZ_CHANNEL_WHATSAPP:
      return _("WhatsApp reminder sent by hand");
    case CBZ_CHANNEL_EMAIL:
      return _("E-mail reminder sent by hand");
    default:
      return _("Reminder sent by hand");
    }
}

static char *
build_data (const char *to,
            const char *uri)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "via");
  json_builder_add_string_value (builder, g_str_has_prefix (uri, "https://wa.me/") ? "wa.me"
                                          : g_str_has_prefix (uri, "sms:") ? "sms" : "mailto");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

typedef struct
{
  CbzStore   *store;
  CbzEvent   *event;
  CbzChannel  channel;
} ManualSend;

static void
manual_send_free (ManualSend *send)
{
  g_clear_object (&send->store);
  g_clear_object (&send->event);
  g_free (send);
}

static const char *
app_name_for (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return _("WhatsApp");
    case CBZ_CHANNEL_SMS:
      return _("the messages app");
    case CBZ_CHANNEL_EMAIL:
    default:
      return _("the email program");
    }
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ManualSend *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GError *store_error = NULL;
  gint64 id;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        /* Translators: the first %s is "WhatsApp", "the messages app" or
         * "the email program"; the second is the system's reason */
        g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
                                 _("Could not open %s: %s. Nothing was recorded."),
                                 app_name_for (send->channel), error->message);
      return;
    }

  id = cbz_store_add_event (send->store, send->event, &store_error);
  if (id <= 0)
    g_task_return_error (task, store_error);
  else
    g_task_return_int (task, id);
}

void
cbz_provider_manual_send_async (GtkWindow           *parent,
                                CbzStore            *store,
                                gint64               debtor_id,
                                CbzChannel           channel,
                                const char          *to,
                                const char          *subject,
                                const char          *body,
                                const gint64        *invoice_ids,
                                guint                n_invoices,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *data = NULL;
  ManualSend *send;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (CBZ_IS_STORE (store));
  g_return_if_fail (to != NULL);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_provider_manual_send_async);

  uri = cbz_manual_send_build_uri (channel, to, subject, body, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send = g_new0 (ManualSend, 1);
  send->store = g_object_ref (store);
  send->channel = channel;
  send->event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_REMINDER, summary_for (channel));
  cbz_event_set_channel (send->event, event_channel (channel));
  cbz_event_set_direction (send->event, CBZ_EVENT_DIRECTION_OUTBOUND);
  cbz_event_set_delivery_state (send->event, CBZ_DELIVERY_STATE_BY_HAND);
  if (subject != NULL && channel == CBZ_CHANNEL_EMAIL && body != NULL)
    {
      g_autofree char *full = g_strdup_printf ("%s\n\n%s", subject, body);
      cbz_event_set_body (send->event, full);
    }
  else
    cbz_event_set_body (send->event, body);

  data = build_data (to, uri);
  cbz_event_set_data (send->event, data);
  for (guint i = 0; invoice_ids != NULL && i < n_invoices; i++)
    cbz_event_add_invoice_id (send->event, invoice_ids[i]);
  g_task_set_task_data (task, send, (GDestroyNotify) manual_send_free);

  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, cancellable, launched_cb, g_steal_pointer (&task));
}

gint64
cbz_provider_manual_send_finish (GAsyncResult  *result,
                                 GError       **error)
{
  gssize id;

  g_return_val_if_fail (G_IS_TASK (result), 0);
  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? (gint64) id : 0;
}
