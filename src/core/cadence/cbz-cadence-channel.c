/* cbz-cadence-channel.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-cadence-channel.h"

G_DEFINE_ENUM_TYPE (CbzCadenceChannel, cbz_cadence_channel,
  G_DEFINE_ENUM_VALUE (CBZ_CADENCE_CHANNEL_SMS, "sms"),
  G_DEFINE_ENUM_VALUE (CBZ_CADENCE_CHANNEL_WHATSAPP, "whatsapp"),
  G_DEFINE_ENUM_VALUE (CBZ_CADENCE_CHANNEL_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (CBZ_CADENCE_CHANNEL_LETTER, "letter"),
  G_DEFINE_ENUM_VALUE (CBZ_CADENCE_CHANNEL_CALL, "call"),
  G_DEFINE_ENUM_VALUE (CBZ_CADENCE_CHANNEL_WHATSAPP_LINK, "whatsapp-link"),
  G_DEFINE_ENUM_VALUE (CBZ_CADENCE_CHANNEL_SMS_LINK, "sms-link"))

static const struct
{
  const char      *nick;
  const char      *label;
  const char      *icon_name;
  CbzEventChannel  event_channel;
  CbzReach         reach;
  gboolean         uses_template;
} channels[] = {
  [CBZ_CADENCE_CHANNEL_SMS] = { "sms", N_("SMS"), "mail-send-symbolic",
                                CBZ_EVENT_CHANNEL_SMS, CBZ_REACH_MOBILE, TRUE },
  [CBZ_CADENCE_CHANNEL_WHATSAPP] = { "whatsapp", N_("WhatsApp"), "user-available-symbolic",
                                     CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_REACH_WHATSAPP, TRUE },
  [CBZ_CADENCE_CHANNEL_EMAIL] = { "email", N_("Email"), "mail-unread-symbolic",
                                  CBZ_EVENT_CHANNEL_EMAIL, CBZ_REACH_EMAIL, TRUE },
  [CBZ_CADENCE_CHANNEL_LETTER] = { "letter", N_("Letter"), "document-print-symbolic",
                                   CBZ_EVENT_CHANNEL_LETTER, CBZ_REACH_ADDRESS, FALSE },
  [CBZ_CADENCE_CHANNEL_CALL] = { "call", N_("Call"), "call-start-symbolic",
                                 CBZ_EVENT_CHANNEL_PHONE, CBZ_REACH_PHONE, FALSE },
  [CBZ_CADENCE_CHANNEL_WHATSAPP_LINK] = { "whatsapp-link", N_("WhatsApp (by hand)"), "send-to-symbolic",
                                          CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_REACH_WHATSAPP, TRUE },
  [CBZ_CADENCE_CHANNEL_SMS_LINK] = { "sms-link", N_("SMS (by hand)"), "send-to-symbolic",
                                     CBZ_EVENT_CHANNEL_SMS, CBZ_REACH_MOBILE, TRUE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (channels) == CBZ_CADENCE_N_CHANNELS);

const char *
cbz_cadence_channel_to_string (CbzCadenceChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channels), NULL);

  return channels[channel].nick;
}

gboolean
cbz_cadence_channel_from_string (const char        *text,
                                 CbzCadenceChannel *channel)
{
  g_return_val_if_fail (channel != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      if (g_str_equal (text, channels[i].nick))
        {
          *channel = (CbzCadenceChannel) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
cbz_cadence_channel_get_label (CbzCadenceChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channels), NULL);

  /* Translators: how a step of a reminder cadence reaches the customer */
  return _(channels[channel].label);
}

const char *
cbz_cadence_channel_get_icon_name (CbzCadenceChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channels), NULL);

  return channels[channel].icon_name;
}

CbzEventChannel
cbz_cadence_channel_get_event_channel (CbzCadenceChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channels), CBZ_EVENT_CHANNEL_NONE);

  return channels[channel].event_channel;
}

CbzReach
cbz_cadence_channel_get_reach (CbzCadenceChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channels), CBZ_REACH_NONE);

  return channels[channel].reach;
}

gboolean
cbz_cadence_channel_uses_template (CbzCadenceChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channels), FALSE);

  return channels[channel].uses_template;
}

const char *
cbz_cadence_channel_list_names (void)
{
  return "sms, whatsapp, email, letter, call, whatsapp-link, sms-link";
}
