/* cbz-manual-send.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "no account" channel: a URI that opens WhatsApp, the SMS app or the
 * mail client with the message ready, for the user to send by hand.
 */

#pragma once

#include <glib.h>

#include "cbz-provider-types.h"

G_BEGIN_DECLS

/*
 *   whatsapp: https://wa.me/<digits>?text=<urlencoded body>
 *   sms:      sms:<+number>?body=<urlencoded body>
 *   email:    mailto:<address>?subject=<…>&body=<…>
 * Returns NULL and sets a CBZ_PROVIDER_ERROR_INVALID_URL error when @to is
 * not a usable number / address. @subject is used for e-mail only.
 */
char *cbz_manual_send_build_uri (CbzChannel   channel,
                                 const char  *to,
                                 const char  *subject,
                                 const char  *body,
                                 GError     **error);

G_END_DECLS
