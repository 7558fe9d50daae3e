/* provider-fixture.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "provider-fixture.h"

const char * const all_providers[] = { "twilio", "whatsapp", "sendgrid", "mailgun", "postmark", NULL };

void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = cbz_fake_provider_new (0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->fake);
}

void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->fake);
  /* Let closed connections finish their idle callbacks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

const char *
secret_for (const char *provider)
{
  if (g_str_equal (provider, "twilio"))
    return CBZ_FAKE_TWILIO_TOKEN;
  if (g_str_equal (provider, "whatsapp"))
    return CBZ_FAKE_WHATSAPP_TOKEN;
  if (g_str_equal (provider, "sendgrid"))
    return CBZ_FAKE_SENDGRID_KEY;
  if (g_str_equal (provider, "mailgun"))
    return CBZ_FAKE_MAILGUN_KEY;
  return CBZ_FAKE_POSTMARK_TOKEN;
}

CbzProvider *
make_provider_with_secret (Fixture    *fixture,
                           const char *provider,
                           const char *secret)
{
  g_autoptr(CbzProviderAccount) account = cbz_provider_account_new (provider);
  g_autoptr(GError) error = NULL;
  CbzProvider *self;

  account->secret = g_strdup (secret);
  account->base_url = g_strdup (cbz_fake_provider_get_url (fixture->fake));
  if (g_str_equal (provider, "twilio"))
    {
      account->account = g_strdup (CBZ_FAKE_TWILIO_SID);
      account->from = g_strdup (CBZ_FAKE_TWILIO_FROM);
      account->whatsapp_from = g_strdup ("+14155238886");
    }
  else if (g_str_equal (provider, "whatsapp"))
    account->account = g_strdup (CBZ_FAKE_WHATSAPP_PHONE_ID);
  else if (g_str_equal (provider, "mailgun"))
    {
      account->account = g_strdup (CBZ_FAKE_MAILGUN_DOMAIN);
      account->from = g_strdup ("cobranza@" CBZ_FAKE_MAILGUN_DOMAIN);
      account->from_name = g_strdup ("Ferretería López");
    }
  else
    {
      account->account = g_strdup ("default");
      account->from = g_strdup ("cobranza@ferreteria.mx");
      account->from_name = g_strdup ("Ferretería López");
    }

  self = cbz_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self);
  return self;
}

CbzProvider *
make_provider (Fixture    *fixture,
               const char *provider)
{
  return make_provider_with_secret (fixture, provider, secret_for (provider));
}

CbzOutgoingMessage *
make_message (const char *provider)
{
  CbzOutgoingMessage *message;

  if (g_str_equal (provider, "twilio"))
    message = cbz_outgoing_message_new (CBZ_CHANNEL_SMS, "+525512345678",
                                        "Hola Juan, su saldo de $1,250.00 venció el 15/11.");
  else if (g_str_equal (provider, "whatsapp"))
    {
      const char *params[] = { "Juan", "$1,250.00", NULL };

      message = cbz_outgoing_message_new (CBZ_CHANNEL_WHATSAPP, "+5215512345678", NULL);
      cbz_outgoing_message_set_template (message, "recordatorio_pago", "es_MX", params);
    }
  else
    {
      message = cbz_outgoing_message_new (CBZ_CHANNEL_EMAIL, "juan@cliente.mx",
                                          "Estimado Juan:\nSu factura A-101 venció.");
      message->subject = g_strdup ("Recordatorio de pago — factura A-101");
      message->html = g_strdup ("<p>Estimado Juan:</p><p>Su factura <b>A-101</b> venció.</p>");
    }
  message->reference = g_strdup ("debtor-7/step-2/inv-101/cycle-1");
  return message;
}

void
on_send_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

CbzSendResult *
send_sync (CbzProvider              *provider,
           const CbzOutgoingMessage *message)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CbzSendResult *send_result;

  cbz_provider_send_async (provider, message, NULL, on_send_done_cb, &result);
  send_result = cbz_provider_send_finish (provider, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (send_result);
  {
    g_autofree char *text = cbz_send_result_to_string (send_result);
    g_test_message ("%s: %s", cbz_provider_get_id (provider), text);
  }
  return send_result;
}

CbzDeliveryReport *
poll_sync (CbzProvider  *provider,
           const char   *id,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cbz_provider_poll_status_async (provider, id, NULL, on_send_done_cb, &result);
  return cbz_provider_poll_status_finish (provider, wait_for (&result), error);
}

void
assert_no_secret (const CbzSendResult *result,
                  const char          *secret)
{
  g_autofree char *text = cbz_send_result_to_string (result);

  if (result->reason != NULL)
    g_assert_null (strstr (result->reason, secret));
  g_assert_null (strstr (text, secret));
}

JsonObject *
parse_raw_body (CbzFakeRequest *request,
                JsonParser     *parser)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (request->raw_body, &size);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

GBytes *
sample_pdf (void)
{
  static const char pdf[] = "%PDF-1.4\n% Carta de cobranza\n\x01\x02\xff\xfe binary\n%%EOF\n";

  return g_bytes_new_static (pdf, sizeof pdf - 1);
}
