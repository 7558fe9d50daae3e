/* test-providers.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The provider clients against the fake provider server: request shapes,
 * every error mapping, faults, polling progression, Twilio listing.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cbz-fake-provider.h"
#include "cbz-manual-send.h"
#include "cbz-provider.h"
#include "cbz-test-util.h"

static const char * const all_providers[] = { "twilio", "whatsapp", "sendgrid", "mailgun", "postmark" };

typedef struct
{
  CbzFakeProvider *fake;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = cbz_fake_provider_new (0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->fake);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->fake);
  /* Let closed connections finish their idle callbacks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static const char *
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

static CbzProvider *
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

static CbzProvider *
make_provider (Fixture    *fixture,
               const char *provider)
{
  return make_provider_with_secret (fixture, provider, secret_for (provider));
}

static CbzOutgoingMessage *
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

static void
on_send_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static CbzSendResult *
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

static CbzDeliveryReport *
poll_sync (CbzProvider  *provider,
           const char   *id,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cbz_provider_poll_status_async (provider, id, NULL, on_send_done_cb, &result);
  return cbz_provider_poll_status_finish (provider, wait_for (&result), error);
}

static void
assert_no_secret (const CbzSendResult *result,
                  const char          *secret)
{
  g_autofree char *text = cbz_send_result_to_string (result);

  if (result->reason != NULL)
    g_assert_null (strstr (result->reason, secret));
  g_assert_null (strstr (text, secret));
}

static JsonObject *
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

static GBytes *
sample_pdf (void)
{
  static const char pdf[] = "%PDF-1.4\n% Carta de cobranza\n\x01\x02\xff\xfe binary\n%%EOF\n";

  return g_bytes_new_static (pdf, sizeof pdf - 1);
}

/* Twilio */

static void
test_twilio_sms_shape (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) message = make_message ("twilio");
  g_autoptr(CbzSendResult) result = send_sync (provider, message);
  g_autofree char *pair = g_strdup_printf ("%s:%s", CBZ_FAKE_TWILIO_SID, CBZ_FAKE_TWILIO_TOKEN);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *expected_auth = g_strdup_printf ("Basic %s", encoded);
  CbzFakeRequest *request = cbz_fake_provider_get_last (fixture->fake, "twilio");

  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
  g_assert_cmpuint (result->http_status, ==, 201);
  g_assert_true (g_str_has_prefix (result->provider_message_id, "SM"));
  g_assert_cmpint (result->status, ==, CBZ_DELIVERY_QUEUED);

  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/2010-04-01/Accounts/" CBZ_FAKE_TWILIO_SID "/Messages.json");
  g_assert_cmpstr (request->content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (request->authorization, ==, expected_auth);
  g_assert_cmpstr (request->user_agent, ==, "Cobranza/" PACKAGE_VERSION);
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "To"), ==, "+525512345678");
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "From"), ==, CBZ_FAKE_TWILIO_FROM);
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "Body"), ==, message->body);
  g_assert_null (g_hash_table_lookup (request->fields, "ContentSid"));
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 1);
}

static void
test_twilio_whatsapp_template (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) message = cbz_outgoing_message_new (CBZ_CHANNEL_WHATSAPP, "+5215512345678", NULL);
  g_autoptr(CbzSendResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *params[] = { "Juan", "$1,250.00", NULL };
  CbzFakeRequest *request;
  JsonObject *variables;

  cbz_outgoing_message_set_template (message, "HXb5b62575e6e4ff6129ad7c8efe1f983e", "es_MX", params);
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);

  request = cbz_fake_provider_get_last (fixture->fake, "twilio");
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "To"), ==, "whatsapp:+5215512345678");
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "From"), ==, "whatsapp:+14155238886");
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "ContentSid"), ==, "HXb5b62575e6e4ff6129ad7c8efe1f983e");
  g_assert_null (g_hash_table_lookup (request->fields, "Body"));
  json_parser_load_from_data (parser, g_hash_table_lookup (request->fields, "ContentVariables"), -1, NULL);
  variables = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (variables, "1"), ==, "Juan");
  g_assert_cmpstr (json_object_get_string_member (variables, "2"), ==, "$1,250.00");
}

static void
test_twilio_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char       *to;
    CbzFakeRecipient  behavior;
    const char       *code;
    CbzFailureCode    failure;
  } cases[] = {
    { "+525500000001", CBZ_FAKE_RECIPIENT_OPTED_OUT, "21610", CBZ_FAILURE_OPTED_OUT },
    { "+525500000002", CBZ_FAKE_RECIPIENT_LANDLINE, "21614", CBZ_FAILURE_NOT_MOBILE },
    { "+525500000003", CBZ_FAKE_RECIPIENT_INVALID, "21211", CBZ_FAILURE_INVALID_NUMBER },
    { "5512345678", CBZ_FAKE_RECIPIENT_NORMAL, "21211", CBZ_FAILURE_INVALID_NUMBER },
  };
  g_autoptr(CbzProvider) provider = make_provider (fixture, "twilio");
  g_autoptr(CbzProvider) bad = make_provider_with_secret (fixture, "twilio", "wrong-token-123456");
  g_autoptr(CbzOutgoingMessage) message = make_message ("twilio");
  g_autoptr(CbzSendResult) unauthorized = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzSendResult) result = NULL;

      cbz_fake_provider_set_recipient (fixture->fake, cases[i].to, cases[i].behavior);
      g_free (message->to);
      message->to = g_strdup (cases[i].to);
      result = send_sync (provider, message);
      g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
      g_assert_cmpuint (result->http_status, ==, 400);
      g_assert_cmpstr (result->provider_code, ==, cases[i].code);
      g_assert_cmpint (result->failure, ==, cases[i].failure);
      g_assert_nonnull (result->reason);
      assert_no_secret (result, CBZ_FAKE_TWILIO_TOKEN);
    }

  g_free (message->to);
  message->to = g_strdup ("+525512345678");
  unauthorized = send_sync (bad, message);
  g_assert_cmpint (unauthorized->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
  g_assert_cmpint (unauthorized->failure, ==, CBZ_FAILURE_BAD_CREDENTIALS);
  g_assert_cmpuint (unauthorized->http_status, ==, 401);
  g_assert_cmpstr (unauthorized->provider_code, ==, "20003");
  assert_no_secret (unauthorized, "wrong-token-123456");
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, NULL), ==, 0);

  /* Local checks never reach the provider. */
  {
    g_autoptr(CbzOutgoingMessage) email = make_message ("sendgrid");
    g_autoptr(CbzSendResult) result = send_sync (provider, email);
    g_autofree char *too_long = g_strnfill (1601, 'a');
    g_autoptr(CbzSendResult) long_result = NULL;
    guint received = cbz_fake_provider_count_received (fixture->fake, NULL);

    g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_UNSUPPORTED);
    g_free (message->body);
    message->body = g_strdup (too_long);
    long_result = send_sync (provider, message);
    g_assert_cmpint (long_result->failure, ==, CBZ_FAILURE_TOO_LARGE);
    g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, NULL), ==, received);
  }
}

static void
test_twilio_poll (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) message = make_message ("twilio");
  g_autoptr(CbzSendResult) result = send_sync (provider, message);
  g_autoptr(CbzDeliveryReport) first = NULL;
  g_autoptr(CbzDeliveryReport) second = NULL;
  g_autoptr(CbzDeliveryReport) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
  first = poll_sync (provider, result->provider_message_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->status, ==, CBZ_DELIVERY_SENT);
  g_assert_cmpstr (first->provider_message_id, ==, result->provider_message_id);
  second = poll_sync (provider, result->provider_message_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->status, ==, CBZ_DELIVERY_DELIVERED);
  g_assert_cmpint (second->failure, ==, CBZ_FAILURE_NONE);
  g_assert_true (cbz_delivery_status_is_final (second->status));

  missing = poll_sync (provider, "SM00000000000000000000000000000000", &error);
  g_assert_null (missing);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_PERMANENT);
}

static void
test_twilio_poll_failures (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) sms = make_message ("twilio");
  g_autoptr(CbzOutgoingMessage) whatsapp = cbz_outgoing_message_new (CBZ_CHANNEL_WHATSAPP, "+5215500000009",
                                                                     "Hola, ¿podemos hablar de su saldo?");
  g_autoptr(CbzSendResult) sms_result = NULL;
  g_autoptr(CbzSendResult) wa_result = NULL;
  g_autoptr(GError) error = NULL;

  cbz_fake_provider_set_poll_steps (fixture->fake, 1);
  cbz_fake_provider_set_recipient (fixture->fake, "+525512345678", CBZ_FAKE_RECIPIENT_UNDELIVERABLE);
  cbz_fake_provider_set_recipient (fixture->fake, "+5215500000009", CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW);

  sms_result = send_sync (provider, sms);
  g_assert_cmpint (sms_result->outcome, ==, CBZ_SEND_ACCEPTED);
  {
    g_autoptr(CbzDeliveryReport) report = poll_sync (provider, sms_result->provider_message_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (report->status, ==, CBZ_DELIVERY_UNDELIVERED);
    g_assert_cmpstr (report->provider_code, ==, "30003");
    g_assert_cmpint (report->failure, ==, CBZ_FAILURE_UNDELIVERABLE);
    g_assert_nonnull (strstr (report->reason, "Unreachable"));
  }

  wa_result = send_sync (provider, whatsapp);
  g_assert_cmpint (wa_result->outcome, ==, CBZ_SEND_ACCEPTED);
  {
    g_autoptr(CbzDeliveryReport) report = poll_sync (provider, wa_result->provider_message_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (report->status, ==, CBZ_DELIVERY_FAILED);
    g_assert_cmpstr (report->provider_code, ==, "63016");
    g_assert_cmpint (report->failure, ==, CBZ_FAILURE_OUTSIDE_WINDOW);
  }
}

static void
test_twilio_inbound_paging (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) message = make_message ("twilio");
  g_autoptr(CbzSendResult) result = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GPtrArray) inbound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_now_utc ();
  gboolean saw_stop = FALSE;
  gboolean saw_baja = FALSE;
  gboolean saw_alto = FALSE;
  guint list_requests = 0;
  guint whatsapp_requests = 0;

  /* 120 replies: three pages of 50. */
  for (guint i = 0; i < 118; i++)
    {
      g_autofree char *from = g_strdup_printf ("+5255%08u", i);
      g_autofree char *body = g_strdup_printf ("Ya pagué la factura %u", i);

      cbz_fake_provider_add_inbound (fixture->fake, from, CBZ_FAKE_TWILIO_FROM, body, NULL);
    }
  cbz_fake_provider_add_inbound (fixture->fake, "+525512345678", CBZ_FAKE_TWILIO_FROM, "STOP", NULL);
  cbz_fake_provider_add_inbound (fixture->fake, "+525587654321", CBZ_FAKE_TWILIO_FROM, "BAJA", NULL);
  /* Through Twilio's WhatsApp sender: listed too. */
  cbz_fake_provider_add_inbound (fixture->fake, "whatsapp:+5215587654321", "whatsapp:+14155238886", "ALTO", NULL);
  /* Addressed to another number: not ours. */
  cbz_fake_provider_add_inbound (fixture->fake, "+525511111111", "+15005550009", "Hola", NULL);
  /* Our own send to a customer is not inbound. */
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);

  cbz_provider_list_inbound_async (provider, NULL, since, NULL, on_send_done_cb, &async_result);
  inbound = cbz_provider_list_inbound_finish (provider, wait_for (&async_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inbound->len, ==, 121);

  for (guint i = 0; i < inbound->len; i++)
    {
      CbzProviderMessage *row = g_ptr_array_index (inbound, i);

      g_assert_true (row->inbound);
      if (g_str_equal (row->body, "ALTO"))
        {
          saw_alto = g_str_equal (row->to, "whatsapp:+14155238886");
          continue;
        }
      g_assert_cmpstr (row->to, ==, CBZ_FAKE_TWILIO_FROM);
      g_assert_cmpint (row->status, ==, CBZ_DELIVERY_RECEIVED);
      g_assert_nonnull (row->date_sent);
      if (g_str_equal (row->body, "STOP"))
        saw_stop = g_str_equal (row->from, "+525512345678");
      if (g_str_equal (row->body, "BAJA"))
        saw_baja = g_str_equal (row->from, "+525587654321");
    }
  g_assert_true (saw_stop);
  g_assert_true (saw_baja);
  g_assert_true (saw_alto);

  for (guint i = 0; i < cbz_fake_provider_get_requests (fixture->fake)->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (cbz_fake_provider_get_requests (fixture->fake), i);

      if (g_strcmp0 (request->operation, "list") == 0)
        {
          g_assert_nonnull (strstr (request->path, "DateSent%3E="));
          if (strstr (request->path, "To=whatsapp%3A%2B14155238886") != NULL)
            whatsapp_requests++;
          else
            {
              g_assert_nonnull (strstr (request->path, "To=%2B15005550006"));
              list_requests++;
            }
        }
    }
  g_assert_cmpuint (list_requests, ==, 3);
  g_assert_cmpuint (whatsapp_requests, ==, 1);
}

static void
test_twilio_list_sent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) message = make_message ("twilio");
  g_autoptr(CbzSendResult) result = send_sync (provider, message);
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GError) error = NULL;
  CbzProviderMessage *row;

  /* What the outbox does to reconcile a message left in "sending". */
  cbz_provider_list_messages_async (provider, "+525512345678", NULL, NULL, NULL, on_send_done_cb, &async_result);
  sent = cbz_provider_list_messages_finish (provider, wait_for (&async_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 1);
  row = g_ptr_array_index (sent, 0);
  g_assert_false (row->inbound);
  g_assert_cmpstr (row->provider_message_id, ==, result->provider_message_id);
  g_assert_cmpstr (row->body, ==, message->body);
  g_assert_cmpstr (row->from, ==, CBZ_FAKE_TWILIO_FROM);
}

/* WhatsApp Cloud */

static void
test_whatsapp_template_shape (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "whatsapp");
  g_autoptr(CbzOutgoingMessage) message = make_message ("whatsapp");
  g_autoptr(CbzSendResult) result = send_sync (provider, message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  CbzFakeRequest *request = cbz_fake_provider_get_last (fixture->fake, "whatsapp");
  JsonObject *body;
  JsonObject *template;
  JsonArray *parameters;

  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
  g_assert_true (g_str_has_prefix (result->provider_message_id, "wamid."));
  g_assert_cmpuint (result->http_status, ==, 200);

  g_assert_cmpstr (request->path, ==, "/v19.0/" CBZ_FAKE_WHATSAPP_PHONE_ID "/messages");
  g_assert_cmpstr (request->authorization, ==, "Bearer " CBZ_FAKE_WHATSAPP_TOKEN);
  g_assert_cmpstr (request->content_type, ==, "application/json");
  body = parse_raw_body (request, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "messaging_product"), ==, "whatsapp");
  g_assert_cmpstr (json_object_get_string_member (body, "to"), ==, "+5215512345678");
  g_assert_cmpstr (json_object_get_string_member (body, "biz_opaque_callback_data"), ==, message->reference);
  g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "template");
  template = json_object_get_object_member (body, "template");
  g_assert_cmpstr (json_object_get_string_member (template, "name"), ==, "recordatorio_pago");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (template, "language"), "code"), ==, "es_MX");
  parameters = json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (template, "components"), 0),
                                             "parameters");
  g_assert_cmpuint (json_array_get_length (parameters), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parameters, 1), "text"), ==, "$1,250.00");
}

static void
test_whatsapp_text_and_document (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "whatsapp");
  g_autoptr(CbzOutgoingMessage) text = cbz_outgoing_message_new (CBZ_CHANNEL_WHATSAPP, "+5215512345678",
                                                                 "Gracias por su pago, Juan.");
  g_autoptr(CbzOutgoingMessage) document = cbz_outgoing_message_new (CBZ_CHANNEL_WHATSAPP, "+5215512345678",
                                                                     "Carta de cobranza");
  g_autoptr(CbzSendResult) text_result = NULL;
  g_autoptr(CbzSendResult) document_result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) pdf = sample_pdf ();
  GPtrArray *requests;
  CbzFakeRequest *upload;
  CbzFakeRequest *send;
  JsonObject *body;
  JsonObject *doc;

  text_result = send_sync (provider, text);
  g_assert_cmpint (text_result->outcome, ==, CBZ_SEND_ACCEPTED);
  body = parse_raw_body (cbz_fake_provider_get_last (fixture->fake, "whatsapp"), parser);
  g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "text"), "body"), ==,
                   "Gracias por su pago, Juan.");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (body, "text"), "preview_url"));

  cbz_outgoing_message_set_attachment (document, pdf, "carta-A-101.pdf", "application/pdf");
  document_result = send_sync (provider, document);
  g_assert_cmpint (document_result->outcome, ==, CBZ_SEND_ACCEPTED);

  requests = cbz_fake_provider_get_requests (fixture->fake);
  upload = g_ptr_array_index (requests, requests->len - 2);
  send = g_ptr_array_index (requests, requests->len - 1);
  g_assert_cmpstr (upload->operation, ==, "upload");
  g_assert_true (g_str_has_prefix (upload->content_type, "multipart/form-data"));
  g_assert_cmpstr (upload->attachment_encoding, ==, "multipart-file");
  g_assert_true (g_bytes_equal (upload->attachment, pdf));
  g_assert_cmpstr (g_hash_table_lookup (upload->fields, "messaging_product"), ==, "whatsapp");
  body = parse_raw_body (send, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "document");
  doc = json_object_get_object_member (body, "document");
  g_assert_cmpstr (json_object_get_string_member (doc, "id"), ==, upload->message_id);
  g_assert_cmpstr (json_object_get_string_member (doc, "filename"), ==, "carta-A-101.pdf");
  g_assert_cmpstr (json_object_get_string_member (doc, "caption"), ==, "Carta de cobranza");
}

static void
test_whatsapp_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "whatsapp");
  g_autoptr(CbzProvider) bad = make_provider_with_secret (fixture, "whatsapp", "EAAexpired-token-000");
  g_autoptr(CbzOutgoingMessage) text = cbz_outgoing_message_new (CBZ_CHANNEL_WHATSAPP, "+5215500000004", "Hola");
  g_autoptr(CbzOutgoingMessage) template = make_message ("whatsapp");
  g_autoptr(GError) error = NULL;

  cbz_fake_provider_set_recipient (fixture->fake, "+5215500000004", CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW);
  {
    g_autoptr(CbzSendResult) result = send_sync (provider, text);

    g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_OUTSIDE_WINDOW);
    g_assert_cmpstr (result->provider_code, ==, "131047");
    g_assert_nonnull (strstr (result->reason, "24 hours"));
  }
  {
    g_autoptr(CbzSendResult) result = NULL;

    g_free (template->template_name);
    template->template_name = g_strdup ("plantilla_inexistente");
    result = send_sync (provider, template);
    g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_TEMPLATE_NOT_APPROVED);
    g_assert_cmpstr (result->provider_code, ==, "132001");
  }
  {
    g_autoptr(CbzSendResult) result = NULL;
    const char *one[] = { "Juan", NULL };

    cbz_outgoing_message_set_template (template, "recordatorio_pago", "es_MX", one);
    result = send_sync (provider, template);
    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_TEMPLATE_MISMATCH);
    g_assert_cmpstr (result->provider_code, ==, "132000");
  }
  {
    g_autoptr(CbzSendResult) result = NULL;
    const char *two[] = { "Juan", "$1,250.00", NULL };

    cbz_outgoing_message_set_template (template, "recordatorio_pago", "es_MX", two);
    cbz_fake_provider_set_recipient (fixture->fake, template->to, CBZ_FAKE_RECIPIENT_OPTED_OUT);
    result = send_sync (provider, template);
    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_OPTED_OUT);
    g_assert_cmpstr (result->provider_code, ==, "131050");
  }
  {
    g_autoptr(CbzSendResult) result = send_sync (bad, template);

    g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_BAD_CREDENTIALS);
    g_assert_cmpstr (result->provider_code, ==, "190");
    g_assert_cmpuint (result->http_status, ==, 401);
    assert_no_secret (result, "EAAexpired-token-000");
  }
  {
    g_autoptr(CbzDeliveryReport) report = poll_sync (provider, "wamid.x", &error);

    g_assert_null (report);
    g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_NOT_SUPPORTED);
    g_assert_false (cbz_provider_supports_status_polling (provider));
    g_assert_false (cbz_provider_supports_listing (provider));
  }
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, NULL), ==, 0);
}

/* SendGrid */

static void
test_sendgrid_shape (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "sendgrid");
  g_autoptr(CbzOutgoingMessage) message = make_message ("sendgrid");
  g_autoptr(CbzSendResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) pdf = sample_pdf ();
  CbzFakeRequest *request;
  JsonObject *body;
  JsonObject *personalization;
  JsonArray *content;
  JsonObject *attachment;

  cbz_outgoing_message_set_attachment (message, pdf, "carta.pdf", "application/pdf");
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
  g_assert_cmpuint (result->http_status, ==, 202);

  request = cbz_fake_provider_get_last (fixture->fake, "sendgrid");
  g_assert_cmpstr (result->provider_message_id, ==, request->message_id);
  g_assert_cmpstr (request->path, ==, "/v3/mail/send");
  g_assert_cmpstr (request->authorization, ==, "Bearer " CBZ_FAKE_SENDGRID_KEY);
  g_assert_cmpstr (request->content_type, ==, "application/json");
  g_assert_cmpstr (request->attachment_encoding, ==, "base64-json");
  g_assert_true (g_bytes_equal (request->attachment, pdf));
  g_assert_cmpstr (request->reference, ==, message->reference);

  body = parse_raw_body (request, parser);
  personalization = json_array_get_object_element (json_object_get_array_member (body, "personalizations"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (personalization, "to"), 0), "email"),
                   ==, "juan@cliente.mx");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "from"), "email"), ==, "cobranza@ferreteria.mx");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "from"), "name"), ==, "Ferretería López");
  g_assert_cmpstr (json_object_get_string_member (body, "subject"), ==, message->subject);
  content = json_object_get_array_member (body, "content");
  g_assert_cmpuint (json_array_get_length (content), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "type"), ==, "text/plain");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 1), "type"), ==, "text/html");
  attachment = json_array_get_object_element (json_object_get_array_member (body, "attachments"), 0);
  g_assert_cmpstr (json_object_get_string_member (attachment, "filename"), ==, "carta.pdf");
  g_assert_cmpstr (json_object_get_string_member (attachment, "type"), ==, "application/pdf");
  g_assert_cmpstr (json_object_get_string_member (attachment, "disposition"), ==, "attachment");
}

static void
test_sendgrid_errors_and_poll (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "sendgrid");
  g_autoptr(CbzProvider) bad = make_provider_with_secret (fixture, "sendgrid", "SG.revoked-key.0000");
  g_autoptr(CbzOutgoingMessage) message = make_message ("sendgrid");
  g_autoptr(CbzSendResult) unauthorized = send_sync (bad, message);
  g_autoptr(CbzSendResult) accepted = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (unauthorized->failure, ==, CBZ_FAILURE_BAD_CREDENTIALS);
  g_assert_cmpuint (unauthorized->http_status, ==, 401);
  g_assert_nonnull (strstr (unauthorized->reason, "authorization grant is invalid"));
  assert_no_secret (unauthorized, "SG.revoked-key.0000");

  cbz_fake_provider_set_recipient (fixture->fake, "nadie@cliente.mx", CBZ_FAKE_RECIPIENT_INVALID);
  g_free (message->to);
  message->to = g_strdup ("nadie@cliente.mx");
  {
    g_autoptr(CbzSendResult) result = send_sync (provider, message);

    g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_INVALID_NUMBER);
    g_assert_nonnull (strstr (result->reason, "personalizations.0.to.0.email"));
  }

  g_free (message->to);
  message->to = g_strdup ("juan@cliente.mx");
  accepted = send_sync (provider, message);
  g_assert_cmpint (accepted->outcome, ==, CBZ_SEND_ACCEPTED);
  {
    g_autoptr(CbzDeliveryReport) first = poll_sync (provider, accepted->provider_message_id, &error);
    g_autoptr(CbzDeliveryReport) second = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (first->status, ==, CBZ_DELIVERY_SENDING);
    second = poll_sync (provider, accepted->provider_message_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (second->status, ==, CBZ_DELIVERY_DELIVERED);
  }
}

/* Mailgun */

static void
test_mailgun_shape (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "mailgun");
  g_autoptr(CbzOutgoingMessage) message = make_message ("mailgun");
  g_autoptr(CbzSendResult) result = NULL;
  g_autoptr(GBytes) pdf = sample_pdf ();
  g_autofree char *encoded = g_base64_encode ((const guchar *) "api:" CBZ_FAKE_MAILGUN_KEY,
                                              strlen ("api:" CBZ_FAKE_MAILGUN_KEY));
  g_autofree char *expected_auth = g_strdup_printf ("Basic %s", encoded);
  g_autoptr(GError) error = NULL;
  CbzFakeRequest *request;

  cbz_outgoing_message_set_attachment (message, pdf, "carta.pdf", "application/pdf");
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
  g_assert_cmpuint (result->http_status, ==, 200);

  request = cbz_fake_provider_get_last (fixture->fake, "mailgun");
  /* The id comes back as "<…>"; we keep it bare, as the events API wants. */
  g_assert_cmpstr (result->provider_message_id, ==, request->message_id);
  g_assert_cmpstr (request->path, ==, "/v3/" CBZ_FAKE_MAILGUN_DOMAIN "/messages");
  g_assert_cmpstr (request->authorization, ==, expected_auth);
  g_assert_true (g_str_has_prefix (request->content_type, "multipart/form-data"));
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "from"), ==,
                   "Ferretería López <cobranza@" CBZ_FAKE_MAILGUN_DOMAIN ">");
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "to"), ==, "juan@cliente.mx");
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "subject"), ==, message->subject);
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "text"), ==, message->body);
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "html"), ==, message->html);
  g_assert_cmpstr (g_hash_table_lookup (request->fields, "v:cobranza-reference"), ==, message->reference);
  g_assert_cmpstr (request->attachment_encoding, ==, "multipart-file");
  g_assert_cmpstr (request->attachment_filename, ==, "carta.pdf");
  g_assert_cmpstr (request->attachment_type, ==, "application/pdf");
  g_assert_true (g_bytes_equal (request->attachment, pdf));

  {
    g_autoptr(CbzDeliveryReport) first = poll_sync (provider, result->provider_message_id, &error);
    g_autoptr(CbzDeliveryReport) second = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (first->status, ==, CBZ_DELIVERY_QUEUED);
    second = poll_sync (provider, result->provider_message_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (second->status, ==, CBZ_DELIVERY_DELIVERED);
  }
}

static void
test_mailgun_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "mailgun");
  g_autoptr(CbzProvider) bad = make_provider_with_secret (fixture, "mailgun", "key-wrong-999999");
  g_autoptr(CbzOutgoingMessage) message = make_message ("mailgun");
  g_autoptr(CbzSendResult) unauthorized = send_sync (bad, message);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (unauthorized->failure, ==, CBZ_FAILURE_BAD_CREDENTIALS);
  g_assert_nonnull (strstr (unauthorized->reason, "Forbidden"));
  assert_no_secret (unauthorized, "key-wrong-999999");

  cbz_fake_provider_set_recipient (fixture->fake, "x@cliente.mx", CBZ_FAKE_RECIPIENT_INVALID);
  g_free (message->to);
  message->to = g_strdup ("x@cliente.mx");
  {
    g_autoptr(CbzSendResult) result = send_sync (provider, message);

    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_INVALID_NUMBER);
    g_assert_cmpuint (result->http_status, ==, 400);
  }

  cbz_fake_provider_set_poll_steps (fixture->fake, 1);
  cbz_fake_provider_set_recipient (fixture->fake, "rebota@cliente.mx", CBZ_FAKE_RECIPIENT_UNDELIVERABLE);
  g_free (message->to);
  message->to = g_strdup ("rebota@cliente.mx");
  {
    g_autoptr(CbzSendResult) result = send_sync (provider, message);
    g_autoptr(CbzDeliveryReport) report = NULL;

    g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
    report = poll_sync (provider, result->provider_message_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (report->status, ==, CBZ_DELIVERY_FAILED);
    g_assert_cmpint (report->failure, ==, CBZ_FAILURE_UNDELIVERABLE);
    g_assert_cmpstr (report->provider_code, ==, "550");
  }
}

/* Postmark */

static void
test_postmark_shape (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "postmark");
  g_autoptr(CbzOutgoingMessage) message = make_message ("postmark");
  g_autoptr(CbzSendResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) pdf = sample_pdf ();
  g_autoptr(GError) error = NULL;
  CbzFakeRequest *request;
  JsonObject *body;
  JsonObject *attachment;

  cbz_outgoing_message_set_attachment (message, pdf, "carta.pdf", NULL);
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
  request = cbz_fake_provider_get_last (fixture->fake, "postmark");
  g_assert_cmpstr (result->provider_message_id, ==, request->message_id);
  g_assert_cmpstr (request->path, ==, "/email");
  g_assert_cmpstr (request->authorization, ==, CBZ_FAKE_POSTMARK_TOKEN);
  g_assert_cmpstr (request->attachment_encoding, ==, "base64-json");
  g_assert_true (g_bytes_equal (request->attachment, pdf));

  body = parse_raw_body (request, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "From"), ==, "Ferretería López <cobranza@ferreteria.mx>");
  g_assert_cmpstr (json_object_get_string_member (body, "To"), ==, "juan@cliente.mx");
  g_assert_cmpstr (json_object_get_string_member (body, "TextBody"), ==, message->body);
  g_assert_cmpstr (json_object_get_string_member (body, "HtmlBody"), ==, message->html);
  g_assert_cmpstr (json_object_get_string_member (body, "MessageStream"), ==, "outbound");
  attachment = json_array_get_object_element (json_object_get_array_member (body, "Attachments"), 0);
  g_assert_cmpstr (json_object_get_string_member (attachment, "Name"), ==, "carta.pdf");
  g_assert_cmpstr (json_object_get_string_member (attachment, "ContentType"), ==, "application/pdf");

  {
    g_autoptr(CbzDeliveryReport) first = poll_sync (provider, result->provider_message_id, &error);
    g_autoptr(CbzDeliveryReport) second = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (first->status, ==, CBZ_DELIVERY_SENT);
    second = poll_sync (provider, result->provider_message_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (second->status, ==, CBZ_DELIVERY_DELIVERED);
  }
}

static void
test_postmark_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "postmark");
  g_autoptr(CbzProvider) bad = make_provider_with_secret (fixture, "postmark", "wrong-server-token-1");
  g_autoptr(CbzOutgoingMessage) message = make_message ("postmark");
  g_autoptr(CbzSendResult) unauthorized = send_sync (bad, message);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (unauthorized->failure, ==, CBZ_FAILURE_BAD_CREDENTIALS);
  g_assert_cmpstr (unauthorized->provider_code, ==, "10");
  assert_no_secret (unauthorized, "wrong-server-token-1");

  cbz_fake_provider_set_recipient (fixture->fake, "inactivo@cliente.mx", CBZ_FAKE_RECIPIENT_OPTED_OUT);
  g_free (message->to);
  message->to = g_strdup ("inactivo@cliente.mx");
  {
    g_autoptr(CbzSendResult) result = send_sync (provider, message);

    g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
    g_assert_cmpuint (result->http_status, ==, 422);
    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_OPTED_OUT);
    g_assert_cmpstr (result->provider_code, ==, "406");
  }
  g_free (message->to);
  message->to = g_strdup ("no es correo");
  {
    g_autoptr(CbzSendResult) result = send_sync (provider, message);

    g_assert_cmpint (result->failure, ==, CBZ_FAILURE_INVALID_NUMBER);
    g_assert_cmpstr (result->provider_code, ==, "300");
  }

  cbz_fake_provider_set_poll_steps (fixture->fake, 1);
  cbz_fake_provider_set_recipient (fixture->fake, "rebota@cliente.mx", CBZ_FAKE_RECIPIENT_UNDELIVERABLE);
  g_free (message->to);
  message->to = g_strdup ("rebota@cliente.mx");
  {
    g_autoptr(CbzSendResult) result = send_sync (provider, message);
    g_autoptr(CbzDeliveryReport) report = poll_sync (provider, result->provider_message_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (report->status, ==, CBZ_DELIVERY_UNDELIVERED);
    g_assert_cmpint (report->failure, ==, CBZ_FAILURE_UNDELIVERABLE);
  }
}

/* Faults, for every provider */

static CbzSendResult *
send_with_fault (Fixture          *fixture,
                 const char       *provider_id,
                 CbzFakeFaultKind  kind,
                 int               retry_after,
                 int               reset_in)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, provider_id);
  g_autoptr(CbzOutgoingMessage) message = make_message (provider_id);
  CbzFakeFault fault = { provider_id, kind, 0, 1, 1, 0, retry_after, reset_in };

  cbz_fake_provider_reset (fixture->fake);
  cbz_fake_provider_add_fault (fixture->fake, &fault);
  return send_sync (provider, message);
}

static void
test_faults_rate_limit (Fixture       *fixture,
                        gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      g_autoptr(CbzSendResult) with_retry_after = send_with_fault (fixture, all_providers[i], CBZ_FAKE_FAULT_429, 7, 0);
      g_autoptr(CbzSendResult) with_reset = send_with_fault (fixture, all_providers[i], CBZ_FAKE_FAULT_429, -1, 30);
      g_autoptr(CbzSendResult) without = send_with_fault (fixture, all_providers[i], CBZ_FAKE_FAULT_429, -1, 0);

      g_test_message ("%s", all_providers[i]);
      g_assert_cmpint (with_retry_after->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
      g_assert_cmpint (with_retry_after->failure, ==, CBZ_FAILURE_RATE_LIMITED);
      g_assert_cmpuint (with_retry_after->http_status, ==, 429);
      g_assert_cmpint (with_retry_after->retry_after, ==, 7);

      g_assert_cmpint (with_reset->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
      g_assert_cmpint (with_reset->retry_after, >=, 28);
      g_assert_cmpint (with_reset->retry_after, <=, 30);

      g_assert_cmpint (without->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
      g_assert_cmpint (without->failure, ==, CBZ_FAILURE_RATE_LIMITED);
      g_assert_cmpint (without->retry_after, ==, -1);
    }
}

static void
test_faults_server_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      g_autoptr(CbzSendResult) internal = send_with_fault (fixture, all_providers[i], CBZ_FAKE_FAULT_500, -1, 0);
      g_autoptr(CbzSendResult) unavailable = send_with_fault (fixture, all_providers[i], CBZ_FAKE_FAULT_503, -1, 0);

      g_test_message ("%s", all_providers[i]);
      g_assert_cmpint (internal->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
      g_assert_cmpint (internal->failure, ==, CBZ_FAILURE_SERVER_ERROR);
      g_assert_cmpuint (internal->http_status, ==, 500);
      g_assert_cmpint (unavailable->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
      g_assert_cmpint (unavailable->failure, ==, CBZ_FAILURE_SERVER_ERROR);
      g_assert_cmpuint (unavailable->http_status, ==, 503);
      g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, NULL), ==, 0);
    }
}

static void
test_faults_dropped (Fixture       *fixture,
                     gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      g_autoptr(CbzSendResult) result = send_with_fault (fixture, all_providers[i], CBZ_FAKE_FAULT_DROP, -1, 0);

      g_test_message ("%s", all_providers[i]);
      g_assert_cmpint (result->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
      g_assert_cmpint (result->failure, ==, CBZ_FAILURE_NETWORK);
      g_assert_cmpuint (result->http_status, ==, 0);
      g_assert_cmpint (result->retry_after, ==, -1);
      assert_no_secret (result, secret_for (all_providers[i]));
      /* The client never silently re-posts a send. */
      g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, all_providers[i]), ==, 1);
    }
}

static void
test_faults_malformed (Fixture       *fixture,
                       gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      g_autoptr(CbzSendResult) result = send_with_fault (fixture, all_providers[i], CBZ_FAKE_FAULT_MALFORMED, -1, 0);

      g_test_message ("%s", all_providers[i]);
      if (g_str_equal (all_providers[i], "sendgrid"))
        {
          /* 202 means accepted whatever the body: the id is in a header. */
          g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
          continue;
        }
      g_assert_cmpint (result->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
      g_assert_cmpint (result->failure, ==, CBZ_FAILURE_MALFORMED_RESPONSE);
      /* A 2xx was seen: the outbox must reconcile, not resend blindly. */
      g_assert_cmpuint (result->http_status, >=, 200);
      g_assert_cmpuint (result->http_status, <, 300);
    }
}

static void
test_faults_timeout (Fixture       *fixture,
                     gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      g_autoptr(CbzProvider) provider = make_provider (fixture, all_providers[i]);
      g_autoptr(CbzOutgoingMessage) message = make_message (all_providers[i]);
      g_autoptr(CbzSendResult) result = NULL;
      CbzFakeFault fault = { all_providers[i], CBZ_FAKE_FAULT_SLOW, 0, 1, 1, 2500, -1, 0 };

      cbz_fake_provider_reset (fixture->fake);
      cbz_fake_provider_add_fault (fixture->fake, &fault);
      cbz_provider_set_timeout (provider, 1);
      result = send_sync (provider, message);
      g_test_message ("%s", all_providers[i]);
      g_assert_cmpint (result->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
      g_assert_cmpint (result->failure, ==, CBZ_FAILURE_TIMEOUT);
    }
}

static void
test_faults_latency (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) message = make_message ("twilio");
  g_autoptr(CbzSendResult) result = NULL;
  CbzFakeFault fault = { "twilio", CBZ_FAKE_FAULT_LATENCY, 0, 1, 1, 200, -1, 0 };
  gint64 start;

  cbz_fake_provider_add_fault (fixture->fake, &fault);
  start = g_get_monotonic_time ();
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "postmark");
  g_autoptr(CbzOutgoingMessage) message = make_message ("postmark");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzSendResult) send_result = NULL;

  cbz_provider_send_async (provider, message, cancellable, on_send_done_cb, &result);
  g_cancellable_cancel (cancellable);
  send_result = cbz_provider_send_finish (provider, wait_for (&result), &error);
  g_assert_null (send_result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* URLs, secrets, manual links */

static void
test_url_rules (void)
{
  g_autoptr(CbzProviderAccount) account = cbz_provider_account_new ("sendgrid");
  g_autoptr(CbzProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  const char *allowed[] = {
    "https://api.sendgrid.com", "http://127.0.0.1:8080", "http://localhost:3000/", "http://[::1]:9000",
  };
  const char *refused[] = {
    "http://api.sendgrid.com", "http://10.0.0.5:8080", "http://127.0.0.2", "http://localhost.evil.com",
  };

  account->secret = g_strdup ("SG.key");
  account->base_url = g_strdup ("http://api.sendgrid.com");
  provider = cbz_provider_new_for_account (account, &error);
  g_assert_null (provider);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INSECURE_URL);
  g_clear_error (&error);

  g_free (account->base_url);
  account->base_url = NULL;
  provider = cbz_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cbz_provider_get_base_url (provider), ==, "https://api.sendgrid.com");

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_assert_true (cbz_provider_set_base_url (provider, allowed[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (cbz_provider_get_base_url (provider), ==, "http://[::1]:9000");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (cbz_provider_set_base_url (provider, refused[i], &error));
      g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INSECURE_URL);
      g_clear_error (&error);
    }
  g_assert_false (cbz_provider_set_base_url (provider, "ftp://example.com", &error));
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL);
}

static void
test_url_env_override (void)
{
  static const char * const variables[] = {
    "COBRANZA_TWILIO_URL", "COBRANZA_WHATSAPP_URL", "COBRANZA_SENDGRID_URL",
    "COBRANZA_MAILGUN_URL", "COBRANZA_POSTMARK_URL",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      g_unsetenv (variables[i]);
      before = cbz_provider_get_default_base_url (all_providers[i]);
      g_assert_true (g_str_has_prefix (before, "https://"));
      g_setenv (variables[i], "http://127.0.0.1:4010", TRUE);
      after = cbz_provider_get_default_base_url (all_providers[i]);
      g_assert_cmpstr (after, ==, "http://127.0.0.1:4010");
      g_unsetenv (variables[i]);
    }
  g_assert_null (cbz_provider_get_default_base_url ("carrier-pigeon"));
}

static void
test_missing_credentials (void)
{
  g_autoptr(CbzProviderAccount) twilio = cbz_provider_account_new ("twilio");
  g_autoptr(CbzProviderAccount) unknown = cbz_provider_account_new ("telegram");
  g_autoptr(CbzProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = cbz_provider_new_for_account (twilio, &error);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS);
  g_clear_error (&error);
  twilio->secret = g_strdup ("token-without-sid");
  provider = cbz_provider_new_for_account (twilio, &error);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS);
  g_assert_null (strstr (error->message, "token-without-sid"));
  g_clear_error (&error);
  unknown->secret = g_strdup ("x");
  provider = cbz_provider_new_for_account (unknown, &error);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_UNKNOWN_PROVIDER);
}

static void
test_scrub (void)
{
  g_autoptr(CbzProviderAccount) account = cbz_provider_account_new ("twilio");
  g_autoptr(CbzProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pair64 = g_base64_encode ((const guchar *) CBZ_FAKE_TWILIO_SID ":" CBZ_FAKE_TWILIO_TOKEN,
                                             strlen (CBZ_FAKE_TWILIO_SID ":" CBZ_FAKE_TWILIO_TOKEN));
  g_autofree char *text = g_strdup_printf ("token %s and header Basic %s", CBZ_FAKE_TWILIO_TOKEN, pair64);
  g_autofree char *scrubbed = NULL;

  account->account = g_strdup (CBZ_FAKE_TWILIO_SID);
  account->secret = g_strdup (CBZ_FAKE_TWILIO_TOKEN);
  provider = cbz_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  scrubbed = cbz_provider_scrub (provider, text);
  g_assert_null (strstr (scrubbed, CBZ_FAKE_TWILIO_TOKEN));
  g_assert_null (strstr (scrubbed, pair64));
  g_assert_cmpstr (scrubbed, ==, "token **** and header Basic ****");
}

static void
test_manual_uris (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wa = cbz_manual_send_build_uri (CBZ_CHANNEL_WHATSAPP, "+52 1 55 1234-5678", NULL,
                                                   "Hola Juan, su saldo es de $1,250.00 & vence mañana", &error);
  g_autofree char *sms = cbz_manual_send_build_uri (CBZ_CHANNEL_SMS, "+52 55 1234 5678", NULL,
                                                    "Saldo: $1,250.00?", &error);
  g_autofree char *mail = cbz_manual_send_build_uri (CBZ_CHANNEL_EMAIL, "juan@cliente.mx",
                                                     "Factura A-101", "Hola Juan,\nsu factura venció.", &error);
  g_autofree char *bare = cbz_manual_send_build_uri (CBZ_CHANNEL_WHATSAPP, "5512345678", NULL, NULL, &error);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (wa, ==, "https://wa.me/5215512345678?text=Hola%20Juan%2C%20su%20saldo%20es%20de%20%241%2C250.00%20%26%20vence%20ma%C3%B1ana");
  g_assert_cmpstr (sms, ==, "sms:+525512345678?body=Saldo%3A%20%241%2C250.00%3F");
  g_assert_cmpstr (mail, ==, "mailto:juan@cliente.mx?subject=Factura%20A-101&body=Hola%20Juan%2C%0D%0Asu%20factura%20venci%C3%B3.");
  g_assert_cmpstr (bare, ==, "https://wa.me/5512345678");

  bad = cbz_manual_send_build_uri (CBZ_CHANNEL_SMS, "llamar a Juan", NULL, "x", &error);
  g_assert_null (bad);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL);
  g_clear_error (&error);
  bad = cbz_manual_send_build_uri (CBZ_CHANNEL_EMAIL, "juan@cliente.mx?cc=otro@x.mx", NULL, "x", &error);
  g_assert_null (bad);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL);
}

static void
test_result_strings (void)
{
  g_autoptr(CbzSendResult) accepted = cbz_send_result_new_accepted ("SM123", CBZ_DELIVERY_QUEUED, 201);
  g_autoptr(CbzSendResult) failed = cbz_send_result_new_failure (CBZ_SEND_TEMPORARY_FAILURE, CBZ_FAILURE_RATE_LIMITED,
                                                                 "20429", "Twilio asked to slow down.", 5, 429);
  g_autofree char *a = cbz_send_result_to_string (accepted);
  g_autofree char *f = cbz_send_result_to_string (failed);
  CbzChannel channel;

  g_assert_cmpstr (a, ==, "Accepted (HTTP 201), message id SM123, status queued.");
  g_assert_cmpstr (f, ==, "Temporary failure (HTTP 429, rate-limited): Twilio asked to slow down. Retry after 5 seconds.");
  g_assert_true (cbz_channel_from_string ("WhatsApp", &channel));
  g_assert_cmpint (channel, ==, CBZ_CHANNEL_WHATSAPP);
  g_assert_false (cbz_channel_from_string ("fax", &channel));
  g_assert_cmpstr (cbz_failure_code_to_string (CBZ_FAILURE_OUTSIDE_WINDOW), ==, "outside-window");
  g_assert_cmpstr (cbz_delivery_status_to_string (CBZ_DELIVERY_UNDELIVERED), ==, "undelivered");
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gateways/twilio/sms-shape", test_twilio_sms_shape);
  ADD ("/gateways/twilio/whatsapp-template", test_twilio_whatsapp_template);
  ADD ("/gateways/twilio/errors", test_twilio_errors);
  ADD ("/gateways/twilio/poll", test_twilio_poll);
  ADD ("/gateways/twilio/poll-failures", test_twilio_poll_failures);
  ADD ("/gateways/twilio/inbound-paging", test_twilio_inbound_paging);
  ADD ("/gateways/twilio/list-sent", test_twilio_list_sent);
  ADD ("/gateways/whatsapp/template-shape", test_whatsapp_template_shape);
  ADD ("/gateways/whatsapp/text-and-document", test_whatsapp_text_and_document);
  ADD ("/gateways/whatsapp/errors", test_whatsapp_errors);
  ADD ("/gateways/sendgrid/shape", test_sendgrid_shape);
  ADD ("/gateways/sendgrid/errors-and-poll", test_sendgrid_errors_and_poll);
  ADD ("/gateways/mailgun/shape", test_mailgun_shape);
  ADD ("/gateways/mailgun/errors", test_mailgun_errors);
  ADD ("/gateways/postmark/shape", test_postmark_shape);
  ADD ("/gateways/postmark/errors", test_postmark_errors);
  ADD ("/gateways/faults/rate-limit", test_faults_rate_limit);
  ADD ("/gateways/faults/server-errors", test_faults_server_errors);
  ADD ("/gateways/faults/dropped", test_faults_dropped);
  ADD ("/gateways/faults/malformed", test_faults_malformed);
  ADD ("/gateways/faults/timeout", test_faults_timeout);
  ADD ("/gateways/faults/latency", test_faults_latency);
  ADD ("/gateways/cancel", test_cancel);
#undef ADD
  g_test_add_func ("/gateways/url/rules", test_url_rules);
  g_test_add_func ("/gateways/url/env-override", test_url_env_override);
  g_test_add_func ("/gateways/credentials/missing", test_missing_credentials);
  g_test_add_func ("/gateways/secrets/scrub", test_scrub);
  g_test_add_func ("/gateways/manual/uris", test_manual_uris);
  g_test_add_func ("/gateways/result/strings", test_result_strings);

  return g_test_run ();
}
