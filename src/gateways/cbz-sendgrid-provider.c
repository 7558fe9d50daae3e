/* cbz-sendgrid-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SendGrid v3 Mail Send: JSON with base64 attachments, Bearer API key;
 * success is 202 with an empty body and the id in X-Message-Id. Status needs
 * the Email Activity add-on (GET /v3/messages?query=...).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-sendgrid-provider.h"

struct _CbzSendgridProvider
{
  CbzEmailProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (CbzSendgridProvider, cbz_sendgrid_provider, CBZ_TYPE_EMAIL_PROVIDER)

/* {"@key": @value, "@other_key": @other}, the second member only when it
 * has text: an address with its name, a content part with its type. */
static void
add_pair (JsonBuilder *builder,
          const char  *key,
          const char  *value,
          const char  *other_key,
          const char  *other)
{
  json_builder_begin_object (builder);
  _cbz_json_add_string (builder, key, value);
  if (_cbz_has_text (other))
    _cbz_json_add_string (builder, other_key, other);
  json_builder_end_object (builder);
}

static void
cbz_sendgrid_provider_authorize (CbzProvider *provider,
                                 SoupMessage *request)
{
  _cbz_provider_set_bearer (request, _cbz_provider_get_account_info (provider)->secret);
}

static void
cbz_sendgrid_provider_build_send (CbzProvider              *provider,
                                  const CbzOutgoingMessage *message,
                                  const char               *upload_id,
                                  CbzProviderRequest       *request)
{
  CbzEmailProvider *email = CBZ_EMAIL_PROVIDER (provider);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "personalizations");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_begin_array (builder);
  add_pair (builder, "email", message->to, "name", NULL);
  json_builder_end_array (builder);
  if (message->reference != NULL)
    {
      json_builder_set_member_name (builder, "custom_args");
      json_builder_begin_object (builder);
      _cbz_json_add_string (builder, "cobranza_reference", message->reference);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "from");
  add_pair (builder, "email", _cbz_email_provider_get_sender (email, message),
            "name", _cbz_provider_get_account_info (provider)->from_name);
  _cbz_json_add_string (builder, "subject", message->subject);

  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  /* SendGrid requires text/plain before text/html. */
  if (_cbz_has_text (message->body))
    add_pair (builder, "type", "text/plain", "value", message->body);
  if (_cbz_has_text (message->html))
    add_pair (builder, "type", "text/html", "value", message->html);
  json_builder_end_array (builder);

  if (message->attachment != NULL)
    {
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      _cbz_email_provider_add_attachment (builder, message, "content", "filename", "type");
      _cbz_json_add_string (builder, "disposition", "attachment");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  _cbz_provider_request_init (request, SOUP_METHOD_POST, g_strdup ("/v3/mail/send"));
  _cbz_provider_request_set_json (request, builder);
}

/* 202, empty body, the id in a header. */
static gboolean
cbz_sendgrid_provider_parse_send (CbzProvider            *provider,
                                  const CbzProviderReply *reply,
                                  CbzProviderAnswer      *answer)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (reply->message);

  /* Accepted whatever the body says; without an id it cannot be polled,
   * but resending would deliver it twice. */
  answer->id = g_strdup (soup_message_headers_get_one (headers, "X-Message-Id"));
  answer->status = CBZ_DELIVERY_QUEUED;
  return TRUE;
}

/* {"errors":[{"message":...,"field":...,"help":...}]} -> "msg (field); msg2";
 * a 400 about a recipient field is an invalid address. */
static void
cbz_sendgrid_provider_parse_error (CbzProvider            *provider,
                                   const CbzProviderReply *reply,
                                   CbzProviderAnswer      *answer)
{
  JsonArray *errors = _cbz_json_get_array (reply->object, "errors");
  g_autoptr(GString) text = NULL;
  const char *first_field = NULL;

  if (errors == NULL)
    {
      /* Not the documented shape: keep a short, printable excerpt. */
      if (reply->json == NULL)
        answer->text = _cbz_body_excerpt (reply->body);
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *error = _cbz_json_object (json_array_get_element (errors, i));
      const char *message = _cbz_json_get_string (error, "message");
      const char *field = _cbz_json_get_string (error, "field");

      if (error == NULL)
        continue;
      if (first_field == NULL)
        first_field = field;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, message ? message : "?");
      if (field != NULL)
        g_string_append_printf (text, " (%s)", field);
    }
  if (text->len > 0)
    answer->text = g_string_free (g_steal_pointer (&text), FALSE);

  if (soup_message_get_status (reply->message) == 400 && first_field != NULL &&
      (g_str_has_suffix (first_field, ".email") || strstr (first_field, ".to") != NULL))
    answer->failure = CBZ_FAILURE_INVALID_NUMBER;
}

static gboolean
cbz_sendgrid_provider_build_poll (CbzProvider         *provider,
                                  const char          *provider_message_id,
                                  CbzProviderRequest  *request,
                                  GError             **error)
{
  g_autofree char *query = NULL;
  g_autofree char *escaped = NULL;

  /* The id goes inside a quoted query: a quote would end it. */
  if (strchr (provider_message_id, '\'') != NULL)
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_PERMANENT,
                   _("“%s” is not a SendGrid message id."), provider_message_id);
      return FALSE;
    }

  query = g_strdup_printf ("msg_id LIKE '%s%%'", provider_message_id);
  escaped = g_uri_escape_string (query, NULL, FALSE);
  _cbz_provider_request_init (request, SOUP_METHOD_GET,
                              g_strdup_printf ("/v3/messages?limit=1&query=%s", escaped));
  return TRUE;
}

static CbzDeliveryStatus
parse_status (const char *status)
{
  if (g_strcmp0 (status, "delivered") == 0)
    return CBZ_DELIVERY_DELIVERED;
  if (g_strcmp0 (status, "not_delivered") == 0)
    return CBZ_DELIVERY_UNDELIVERED;
  if (g_strcmp0 (status, "processed") == 0)
    return CBZ_DELIVERY_SENDING;
  return CBZ_DELIVERY_UNKNOWN;
}

/* {"messages":[{"msg_id":…,"to_email":…,"status":"delivered"}]}; none
 * yet means still queued. */
static CbzDeliveryReport *
cbz_sendgrid_provider_parse_poll (CbzProvider            *provider,
                                  const char             *provider_message_id,
                                  const CbzProviderReply *reply)
{
  JsonArray *rows = _cbz_json_get_array (reply->object, "messages");
  CbzDeliveryReport *report;
  JsonObject *row;

  if (rows == NULL)
    return NULL;

  report = g_new0 (CbzDeliveryReport, 1);
  report->provider_message_id = g_strdup (provider_message_id);
  report->status = CBZ_DELIVERY_QUEUED;
  row = json_array_get_length (rows) > 0 ? _cbz_json_object (json_array_get_element (rows, 0)) : NULL;
  if (row == NULL)
    return report;

  report->status = parse_status (_cbz_json_get_string (row, "status"));
  if (report->status == CBZ_DELIVERY_UNDELIVERED)
    _cbz_provider_report_failure (provider, report, CBZ_FAILURE_UNDELIVERABLE,
                                  _cbz_json_get_string (row, "to_email"), NULL, NULL);
  return report;
}

static void
cbz_sendgrid_provider_class_init (CbzSendgridProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);
  CbzEmailProviderClass *email_class = CBZ_EMAIL_PROVIDER_CLASS (klass);

  provider_class->id = "sendgrid";
  provider_class->authorize = cbz_sendgrid_provider_authorize;
  provider_class->build_send = cbz_sendgrid_provider_build_send;
  provider_class->parse_send = cbz_sendgrid_provider_parse_send;
  provider_class->parse_error = cbz_sendgrid_provider_parse_error;
  provider_class->build_poll = cbz_sendgrid_provider_build_poll;
  provider_class->parse_poll = cbz_sendgrid_provider_parse_poll;
  email_class->requires_subject = TRUE;
}

static void
cbz_sendgrid_provider_init (CbzSendgridProvider *self)
{
}
