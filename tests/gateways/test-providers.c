/* test-providers.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SMS and WhatsApp provider clients (Twilio, WhatsApp Cloud) against
 * the fake provider server: request shapes, error mappings, polling
 * progression, Twilio listing. E-mail providers are in
 * test-email-providers.c, faults for every provider in test-provider-faults.c.
 */

#include "config.h"

#include <string.h>

#include "provider-fixture.h"

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

/* An unreadable answer to the document upload: nothing was sent yet, so
 * it is a temporary failure without the "may have been accepted" marker,
 * and the message itself never goes out. */
static void
test_whatsapp_upload_unreadable (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "whatsapp");
  g_autoptr(CbzOutgoingMessage) document = cbz_outgoing_message_new (CBZ_CHANNEL_WHATSAPP, "+5215512345678",
                                                                     "Carta de cobranza");
  g_autoptr(GBytes) pdf = sample_pdf ();
  g_autoptr(CbzSendResult) result = NULL;
  CbzFakeFault fault = { "whatsapp", CBZ_FAKE_FAULT_MALFORMED, 0, 1, 1, 0, -1, 0 };
  GPtrArray *requests;

  cbz_outgoing_message_set_attachment (document, pdf, "carta.pdf", "application/pdf");
  cbz_fake_provider_add_fault (fixture->fake, &fault);
  result = send_sync (provider, document);

  g_assert_cmpint (result->outcome, ==, CBZ_SEND_TEMPORARY_FAILURE);
  g_assert_cmpint (result->failure, ==, CBZ_FAILURE_MALFORMED_RESPONSE);
  g_assert_cmpuint (result->http_status, ==, 0);
  requests = cbz_fake_provider_get_requests (fixture->fake);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpstr (((CbzFakeRequest *) g_ptr_array_index (requests, 0))->operation, ==, "upload");
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
  ADD ("/gateways/whatsapp/upload-unreadable", test_whatsapp_upload_unreadable);
#undef ADD

  return g_test_run ();
}
