/* provider-fixture.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the provider tests share: a fake provider server per test, a
 * provider pointed at it with the credentials it accepts, a typical
 * message per provider, and sending or polling while spinning the main
 * loop.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cbz-fake-provider.h"
#include "cbz-provider.h"
#include "cbz-test-util.h"

/* twilio, whatsapp, sendgrid, mailgun, postmark, NULL */
extern const char * const all_providers[];

typedef struct
{
  CbzFakeProvider *fake;
} Fixture;

void                fixture_setup             (Fixture              *fixture,
                                               gconstpointer         data);
void                fixture_teardown          (Fixture              *fixture,
                                               gconstpointer         data);
/* The secret the fake accepts for @provider. */
const char         *secret_for                (const char           *provider);
CbzProvider        *make_provider_with_secret (Fixture              *fixture,
                                               const char           *provider,
                                               const char           *secret);
CbzProvider        *make_provider             (Fixture              *fixture,
                                               const char           *provider);
/* A reminder as @provider sends it: SMS, WhatsApp template or e-mail. */
CbzOutgoingMessage *make_message              (const char           *provider);
/* Keeps the result (a reference) in the GAsyncResult ** at @user_data. */
void                on_send_done_cb           (GObject              *source,
                                               GAsyncResult         *result,
                                               gpointer              user_data);
GAsyncResult       *wait_for                  (GAsyncResult        **slot);
/* Never NULL: a send fails only when cancelled. */
CbzSendResult      *send_sync                 (CbzProvider          *provider,
                                               const CbzOutgoingMessage *message);
CbzDeliveryReport  *poll_sync                 (CbzProvider          *provider,
                                               const char           *id,
                                               GError              **error);
void                assert_no_secret          (const CbzSendResult  *result,
                                               const char           *secret);
JsonObject         *parse_raw_body            (CbzFakeRequest       *request,
                                               JsonParser           *parser);
/* A small PDF with binary bytes in it. */
GBytes             *sample_pdf                (void);
