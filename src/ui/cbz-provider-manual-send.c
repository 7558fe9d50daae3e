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

gint64
cbz_provider_manual_send (GtkWindow    *parent,
                          CbzStore     *store,
                          gint64        debtor_id,
                          CbzChannel    channel,
                          const char   *to,
                          const char   *subject,
                          const char   *body,
                          const gint64 *invoice_ids,
                          guint         n_invoices,
                          GError      **error)
{
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), 0);
  g_return_val_if_fail (CBZ_IS_STORE (store), 0);
  g_return_val_if_fail (to != NULL, 0);

  uri = cbz_manual_send_build_uri (channel, to, subject, body, error);
  if (uri == NULL)
    return 0;

  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);

  event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_REMINDER, summary_for (channel));
  cbz_event_set_channel (event, event_channel (channel));
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_OUTBOUND);
  cbz_event_set_delivery_state (event, CBZ_DELIVERY_STATE_BY_HAND);
  if (subject != NULL && channel == CBZ_CHANNEL_EMAIL && body != NULL)
    {
      g_autofree char *full = g_strdup_printf ("%s\n\n%s", subject, body);
      cbz_event_set_body (event, full);
    }
  else
    cbz_event_set_body (event, body);

  data = build_data (to, uri);
  cbz_event_set_data (event, data);
  for (guint i = 0; invoice_ids != NULL && i < n_invoices; i++)
    cbz_event_add_invoice_id (event, invoice_ids[i]);

  return cbz_store_add_event (store, event, error);
}
