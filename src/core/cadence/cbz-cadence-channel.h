/* cbz-cadence-channel.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-event.h"

G_BEGIN_DECLS

/*
 * The ways a cadence step reaches a customer. The string forms are the ones
 * of the cadence format (docs/cadence-format.md) and of the planner's JSON
 * output: "sms", "whatsapp", "email", "letter", "call", "whatsapp-link",
 * "sms-link" (the last two: a person sends the message by hand through a
 * wa.me or sms: link).
 */
typedef enum
{
  CBZ_CADENCE_CHANNEL_SMS,
  CBZ_CADENCE_CHANNEL_WHATSAPP,
  CBZ_CADENCE_CHANNEL_EMAIL,
  CBZ_CADENCE_CHANNEL_LETTER,
  CBZ_CADENCE_CHANNEL_CALL,
  CBZ_CADENCE_CHANNEL_WHATSAPP_LINK,
  CBZ_CADENCE_CHANNEL_SMS_LINK,
} CbzCadenceChannel;

#define CBZ_CADENCE_N_CHANNELS 7

/*
 * What a customer can be reached by: the contact details on file. The store
 * fills this from the customer's row (a WhatsApp number, or a mobile when
 * the business treats mobiles as WhatsApp numbers, gives WHATSAPP).
 */
typedef enum
{
  CBZ_REACH_NONE     = 0,
  CBZ_REACH_MOBILE   = 1 << 0,  /* SMS and SMS links */
  CBZ_REACH_WHATSAPP = 1 << 1,  /* WhatsApp and WhatsApp links */
  CBZ_REACH_EMAIL    = 1 << 2,
  CBZ_REACH_ADDRESS  = 1 << 3,  /* a postal address, for letters */
  CBZ_REACH_PHONE    = 1 << 4,  /* a number to call (a mobile also counts) */
} CbzReach;

/* A set of timeline channels (CbzEventChannel), one bit each: what an
 * opt-out or a frequency cap applies to. */
typedef guint32 CbzEventChannels;
#define CBZ_EVENT_CHANNEL_BIT(channel) ((CbzEventChannels) (1u << (channel)))

#define CBZ_TYPE_CADENCE_CHANNEL (cbz_cadence_channel_get_type ())
GType           cbz_cadence_channel_get_type          (void) G_GNUC_CONST;

const char     *cbz_cadence_channel_to_string         (CbzCadenceChannel  channel);
gboolean        cbz_cadence_channel_from_string       (const char        *text,
                                                       CbzCadenceChannel *channel);
/* Translated: "SMS", "WhatsApp", "Email", "Letter", "Call", "WhatsApp (by
 * hand)", "SMS (by hand)". */
const char     *cbz_cadence_channel_get_label         (CbzCadenceChannel  channel);
/* A symbolic icon name for the editor and the agenda. */
const char     *cbz_cadence_channel_get_icon_name     (CbzCadenceChannel  channel);
/* The timeline channel a contact through @channel is recorded under (and
 * counted under, for frequency caps and opt-outs): links are SMS and
 * WhatsApp, a call is PHONE. */
CbzEventChannel cbz_cadence_channel_get_event_channel (CbzCadenceChannel  channel);
/* The contact detail @channel needs. */
CbzReach        cbz_cadence_channel_get_reach         (CbzCadenceChannel  channel);
/* TRUE for channels whose step names a message template (SMS, WhatsApp,
 * email and their links); letters use a letter level, calls neither. */
gboolean        cbz_cadence_channel_uses_template     (CbzCadenceChannel  channel);
/* "sms, whatsapp, email, letter, call, whatsapp-link, sms-link": for error
 * messages. */
const char     *cbz_cadence_channel_list_names        (void);

G_END_DECLS
