/* test-email-providers.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The e-mail provider clients (SendGrid, Mailgun, Postmark) against the
 * fake provider server: request shapes and encodings, attachments, error
 * mappings, polling, and the checks their CbzEmailProvider base makes.
 */

#include "config.h"

#include <string.h>

#include "provider-fixture.h"

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

/* What CbzEmailProvider checks for all three before anything goes out. */
static void
test_email_checks (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const email_providers[] = { "sendgrid", "mailgun", "postmark" };

  for (guint i = 0; i < G_N_ELEMENTS (email_providers); i++)
    {
      const char *id = email_providers[i];
      g_autoptr(CbzProvider) provider = make_provider (fixture, id);
      g_autoptr(CbzOutgoingMessage) sms = make_message ("twilio");
      g_autoptr(CbzOutgoingMessage) message = make_message (id);
      g_autoptr(CbzSendResult) not_email = NULL;
      g_autoptr(CbzSendResult) no_to = NULL;
      g_autoptr(CbzSendResult) no_text = NULL;
      g_autoptr(CbzSendResult) no_subject = NULL;
      g_autofree char *only_email = g_strdup_printf ("%s sends only e-mail.", cbz_provider_get_display_name (provider));

      g_test_message ("%s", id);
      not_email = send_sync (provider, sms);
      g_assert_cmpint (not_email->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
      g_assert_cmpint (not_email->failure, ==, CBZ_FAILURE_UNSUPPORTED);
      g_assert_cmpstr (not_email->reason, ==, only_email);

      g_free (message->to);
      message->to = g_strdup ("");
      no_to = send_sync (provider, message);
      g_assert_cmpint (no_to->failure, ==, CBZ_FAILURE_INVALID_REQUEST);
      g_assert_cmpstr (no_to->reason, ==, "The message has no recipient address.");

      g_free (message->to);
      message->to = g_strdup ("juan@cliente.mx");
      g_clear_pointer (&message->body, g_free);
      g_clear_pointer (&message->html, g_free);
      no_text = send_sync (provider, message);
      g_assert_cmpint (no_text->failure, ==, CBZ_FAILURE_INVALID_REQUEST);
      g_assert_cmpstr (no_text->reason, ==, "The e-mail has no text.");

      /* Only SendGrid refuses an e-mail without a subject. */
      message->body = g_strdup ("Su factura A-101 venció.");
      g_clear_pointer (&message->subject, g_free);
      no_subject = send_sync (provider, message);
      if (g_str_equal (id, "sendgrid"))
        {
          g_assert_cmpint (no_subject->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
          g_assert_cmpstr (no_subject->reason, ==, "The e-mail has no subject.");
          g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, id), ==, 0);
        }
      else
        {
          g_assert_cmpint (no_subject->outcome, ==, CBZ_SEND_ACCEPTED);
          g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, id), ==, 1);
        }
    }
}

/* An account without a sender address cannot send, and says for which
 * provider; the sender's display name goes with the address. */
static void
test_email_sender (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CbzProviderAccount) account = cbz_provider_account_new ("postmark");
  g_autoptr(CbzProvider) provider = NULL;
  g_autoptr(CbzOutgoingMessage) message = make_message ("postmark");
  g_autoptr(CbzSendResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  account->secret = g_strdup (CBZ_FAKE_POSTMARK_TOKEN);
  account->base_url = g_strdup (cbz_fake_provider_get_url (fixture->fake));
  account->from_name = g_strdup ("Ferretería López");
  provider = cbz_provider_new_for_account (account, &error);
  g_assert_no_error (error);

  result = send_sync (provider, message);
  g_assert_cmpint (result->failure, ==, CBZ_FAILURE_INVALID_REQUEST);
  g_assert_cmpstr (result->reason, ==, "No sender address is configured for Postmark.");
  g_clear_pointer (&result, cbz_send_result_free);

  /* The message's own sender, already with a name, is used as it is. */
  message->from = g_strdup ("Cobranza <cobranza@ferreteria.mx>");
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_ACCEPTED);
  g_assert_cmpstr (json_object_get_string_member (parse_raw_body (cbz_fake_provider_get_last (fixture->fake, "postmark"),
                                                                  parser), "From"),
                   ==, "Cobranza <cobranza@ferreteria.mx>");
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gateways/sendgrid/shape", test_sendgrid_shape);
  ADD ("/gateways/sendgrid/errors-and-poll", test_sendgrid_errors_and_poll);
  ADD ("/gateways/mailgun/shape", test_mailgun_shape);
  ADD ("/gateways/mailgun/errors", test_mailgun_errors);
  ADD ("/gateways/postmark/shape", test_postmark_shape);
  ADD ("/gateways/postmark/errors", test_postmark_errors);
  ADD ("/gateways/email/checks", test_email_checks);
  ADD ("/gateways/email/sender", test_email_sender);
#undef ADD

  return g_test_run ();
}
