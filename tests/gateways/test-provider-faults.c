/* test-provider-faults.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every provider client has in common, since the CbzProvider base
 * class does it for all: faults (429 with and without Retry-After, 5xx,
 * dropped connections, unreadable answers, timeouts), cancellation,
 * answers no provider should give (a redirect, a foreign next page), the
 * sentences a person reads, address rules, secrets, by-hand links.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cbz-manual-send.h"
#include "provider-fixture.h"

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
  for (guint i = 0; all_providers[i] != NULL; i++)
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
  for (guint i = 0; all_providers[i] != NULL; i++)
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
  for (guint i = 0; all_providers[i] != NULL; i++)
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
  for (guint i = 0; all_providers[i] != NULL; i++)
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
  for (guint i = 0; all_providers[i] != NULL; i++)
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

/* Sentences for a person */

static void
test_reasons_sentences (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CbzProvider) twilio = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) message = make_message ("twilio");
  g_autoptr(CbzSendResult) landline = NULL;
  g_autoptr(CbzSendResult) nobody = NULL;
  g_autoptr(CbzSendResult) accepted = NULL;
  g_autoptr(CbzDeliveryReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* What happened, to whom; then the provider's own words and code. */
  cbz_fake_provider_set_recipient (fixture->fake, "+525500000002", CBZ_FAKE_RECIPIENT_LANDLINE);
  g_free (message->to);
  message->to = g_strdup ("+525500000002");
  landline = send_sync (twilio, message);
  g_assert_cmpstr (landline->reason, ==,
                   "Twilio could not send to +525500000002: it is a landline or cannot receive messages. "
                   "Twilio said: “'To' number is not a valid mobile number” (error 21614).");

  /* Refused before anything went out: one sentence of its own. */
  g_free (message->to);
  message->to = g_strdup ("");
  nobody = send_sync (twilio, message);
  g_assert_cmpstr (nobody->reason, ==, "The message has no recipient number.");

  /* Reported by polling: the recipient from the provider's answer. */
  cbz_fake_provider_set_poll_steps (fixture->fake, 1);
  cbz_fake_provider_set_recipient (fixture->fake, "+525512345678", CBZ_FAKE_RECIPIENT_UNDELIVERABLE);
  g_free (message->to);
  message->to = g_strdup ("+525512345678");
  accepted = send_sync (twilio, message);
  report = poll_sync (twilio, accepted->provider_message_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (report->reason, "Twilio could not deliver the message to +525512345678. Twilio said: “"));
  g_assert_true (g_str_has_suffix (report->reason, "” (error 30003)."));
}

static void
test_reasons_transport (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CbzSendResult) dropped = send_with_fault (fixture, "sendgrid", CBZ_FAKE_FAULT_DROP, -1, 0);

  g_assert_true (g_str_has_prefix (dropped->reason, "The connection to SendGrid failed. The system said: “"));
}

/* The same sentences, whole, in Spanish. */
static void
test_reasons_spanish (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzProvider) twilio = make_provider (fixture, "twilio");
  g_autoptr(CbzOutgoingMessage) message = make_message ("twilio");
  g_autoptr(CbzSendResult) landline = NULL;
  g_autoptr(CbzSendResult) retry = NULL;
  g_autofree char *text = NULL;
  g_autofree char *saved_locale = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, "es_MX.UTF-8") == NULL)
    {
      g_test_skip ("no es_MX.UTF-8 locale");
      return;
    }

  cbz_fake_provider_set_recipient (fixture->fake, "+525500000002", CBZ_FAKE_RECIPIENT_LANDLINE);
  g_free (message->to);
  message->to = g_strdup ("+525500000002");
  landline = send_sync (twilio, message);
  retry = cbz_send_result_new_failure (CBZ_SEND_TEMPORARY_FAILURE, CBZ_FAILURE_RATE_LIMITED, NULL,
                                       "Twilio pidió ir más despacio.", 1, 429);
  text = cbz_send_result_to_string (retry);
  setlocale (LC_ALL, saved_locale);

  g_assert_true (g_str_has_prefix (landline->reason,
                                   "Twilio no pudo enviar a +525500000002: es un teléfono fijo o no puede recibir mensajes. "
                                   "Twilio respondió: “"));
  g_assert_cmpstr (text, ==, "Falla temporal (HTTP 429, rate-limited): Twilio pidió ir más despacio. "
                             "Reintentar en 1 segundo.");
}

/* Answers no provider should give, from a server that says only that. */

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       status;
  const char *body;
  const char *location;
  guint       requests;
} Canned;

static void
canned_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Canned *canned = user_data;

  canned->requests++;
  if (canned->location != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", canned->location);
  soup_server_message_set_status (msg, canned->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, canned->body, strlen (canned->body));
}

static void
canned_start (Canned *canned)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  canned->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (canned->server, NULL, canned_cb, canned, NULL);
  g_assert_true (soup_server_listen_local (canned->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (canned->server);
  canned->url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  while (g_str_has_suffix (canned->url, "/"))
    canned->url[strlen (canned->url) - 1] = '\0';
}

static void
canned_stop (Canned *canned)
{
  soup_server_disconnect (canned->server);
  g_clear_object (&canned->server);
  g_clear_pointer (&canned->url, g_free);
}

static CbzProvider *
make_canned_provider (Canned     *canned,
                      const char *id)
{
  g_autoptr(CbzProviderAccount) account = cbz_provider_account_new (id);
  g_autoptr(GError) error = NULL;
  CbzProvider *provider;

  account->secret = g_strdup (secret_for (id));
  account->account = g_strdup (g_str_equal (id, "twilio") ? CBZ_FAKE_TWILIO_SID : "default");
  account->from = g_strdup (g_str_equal (id, "twilio") ? CBZ_FAKE_TWILIO_FROM : "cobranza@ferreteria.mx");
  account->base_url = g_strdup (canned->url);
  provider = cbz_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  return provider;
}

/* A redirect is not followed (a POST must not become a GET elsewhere). */
static void
test_answer_redirect (void)
{
  Canned canned = { .status = 302, .body = "{}", .location = "https://example.com/elsewhere" };
  g_autoptr(CbzProvider) provider = NULL;
  g_autoptr(CbzOutgoingMessage) message = make_message ("postmark");
  g_autoptr(CbzSendResult) result = NULL;

  canned_start (&canned);
  provider = make_canned_provider (&canned, "postmark");
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
  g_assert_cmpint (result->failure, ==, CBZ_FAILURE_INVALID_REQUEST);
  g_assert_cmpuint (result->http_status, ==, 302);
  g_assert_nonnull (strstr (result->reason, "redirection (HTTP 302); check the provider address"));
  g_assert_cmpuint (canned.requests, ==, 1);
  canned_stop (&canned);
}

/* Postmark can say no in a 200: an ErrorCode is a refusal all the same. */
static void
test_answer_refusal_in_200 (void)
{
  Canned canned = { .status = 200,
                    .body = "{\"To\":\"juan@cliente.mx\",\"MessageID\":\"0a129aee-e1cd-480d-b08d-4f48548ff48d\","
                            "\"ErrorCode\":406,\"Message\":\"You tried to send to a recipient that has been marked as inactive.\"}" };
  g_autoptr(CbzProvider) provider = NULL;
  g_autoptr(CbzOutgoingMessage) message = make_message ("postmark");
  g_autoptr(CbzSendResult) result = NULL;

  canned_start (&canned);
  provider = make_canned_provider (&canned, "postmark");
  result = send_sync (provider, message);
  g_assert_cmpint (result->outcome, ==, CBZ_SEND_PERMANENT_FAILURE);
  g_assert_cmpint (result->failure, ==, CBZ_FAILURE_OPTED_OUT);
  g_assert_cmpstr (result->provider_code, ==, "406");
  g_assert_cmpuint (result->http_status, ==, 200);
  canned_stop (&canned);
}

/* Paging follows paths on the same host only. */
static void
test_answer_foreign_next_page (void)
{
  Canned canned = { .status = 200,
                    .body = "{\"messages\":[],\"next_page_uri\":\"https://evil.example/2010-04-01/Messages.json?Page=1\"}" };
  g_autoptr(CbzProvider) provider = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  canned_start (&canned);
  provider = make_canned_provider (&canned, "twilio");
  cbz_provider_list_messages_async (provider, "+525512345678", NULL, NULL, NULL, on_send_done_cb, &result);
  messages = cbz_provider_list_messages_finish (provider, wait_for (&result), &error);
  g_assert_null (messages);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_PERMANENT);
  g_assert_cmpuint (canned.requests, ==, 1);
  canned_stop (&canned);
}

/* Listing and polling where a provider has neither. */
static void
test_not_supported (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CbzProvider) provider = make_provider (fixture, "sendgrid");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  cbz_provider_list_messages_async (provider, "juan@cliente.mx", NULL, NULL, NULL, on_send_done_cb, &result);
  messages = cbz_provider_list_messages_finish (provider, wait_for (&result), &error);
  g_assert_null (messages);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gateways/faults/rate-limit", test_faults_rate_limit);
  ADD ("/gateways/faults/server-errors", test_faults_server_errors);
  ADD ("/gateways/faults/dropped", test_faults_dropped);
  ADD ("/gateways/faults/malformed", test_faults_malformed);
  ADD ("/gateways/faults/timeout", test_faults_timeout);
  ADD ("/gateways/faults/latency", test_faults_latency);
  ADD ("/gateways/cancel", test_cancel);
  ADD ("/gateways/reasons/sentences", test_reasons_sentences);
  ADD ("/gateways/reasons/transport", test_reasons_transport);
  ADD ("/gateways/reasons/spanish", test_reasons_spanish);
  ADD ("/gateways/not-supported", test_not_supported);
#undef ADD
  g_test_add_func ("/gateways/answers/redirect", test_answer_redirect);
  g_test_add_func ("/gateways/answers/refusal-in-200", test_answer_refusal_in_200);
  g_test_add_func ("/gateways/answers/foreign-next-page", test_answer_foreign_next_page);
  g_test_add_func ("/gateways/url/rules", test_url_rules);
  g_test_add_func ("/gateways/url/env-override", test_url_env_override);
  g_test_add_func ("/gateways/credentials/missing", test_missing_credentials);
  g_test_add_func ("/gateways/secrets/scrub", test_scrub);
  g_test_add_func ("/gateways/manual/uris", test_manual_uris);
  g_test_add_func ("/gateways/result/strings", test_result_strings);

  return g_test_run ();
}
