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

/* One sentence per app, each translated whole. */
static GError *
new_launch_error (CbzChannel    channel,
                  const GError *error)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      /* Translators: %s is the system's reason. */
      return g_error_new (CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
                          _("Could not open WhatsApp: %s. Nothing was recorded."), error->message);
    case CBZ_CHANNEL_SMS:
      /* Translators: %s is the system's reason. */
      return g_error_new (CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
                          _("Could not open the messages app: %s. Nothing was recorded."), error->message);
    case CBZ_CHANNEL_EMAIL:
    default:
      /* Translators: %s is the system's reason. */
      return g_error_new (CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
                          _("Could not open the email program: %s. Nothing was recorded."), error->message);
    }
}

/* On a worker connection of the store. */
static gboolean
add_event_job (CbzStore      *worker,
               gpointer       data,
               gpointer      *out_result,
               GCancellable  *cancellable,
               GError       **error)
{
  gint64 id = cbz_store_add_event (worker, CBZ_EVENT (data), error);

  if (id <= 0)
    return FALSE;
  *out_result = g_memdup2 (&id, sizeof id);
  return TRUE;
}

static void
on_event_added_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree gint64 *id = NULL;
  GError *error = NULL;

  if (!cbz_store_run_finish (CBZ_STORE (source), result, (gpointer *) &id, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, *id);
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  ManualSend *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, new_launch_error (send->channel, error));
      g_object_unref (task);
      return;
    }

  /* The app is open and the message on its way: its record is not
   * cancellable. */
  cbz_store_run_async (send->store, add_event_job, g_object_ref (send->event), g_object_unref, g_free,
                       NULL, on_event_added_cb, task);
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
  cbz_event_set_channel (send->event, cbz_channel_to_event_channel (channel));
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
