/* cbz-postmark-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Postmark: POST /email with X-Postmark-Server-Token, JSON with base64
 * attachments; 200 {"MessageID":…,"ErrorCode":0}. Errors carry ErrorCode
 * (422 for request problems). Status from /messages/outbound/{id}/details.
 */

#include "config.h"

#include <string.h>

#include "cbz-postmark-provider.h"

struct _CbzPostmarkProvider
{
  CbzEmailProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (CbzPostmarkProvider, cbz_postmark_provider, CBZ_TYPE_EMAIL_PROVIDER)

static CbzFailureCode
failure_for_code (gint64 code)
{
  switch (code)
    {
    case 10:
      return CBZ_FAILURE_BAD_CREDENTIALS;
    case 300:
    case 409:
    case 411:
      return CBZ_FAILURE_INVALID_REQUEST;
    case 400:
    case 401:
    case 405:
    case 412:
      return CBZ_FAILURE_FORBIDDEN;
    case 406:
      return CBZ_FAILURE_OPTED_OUT;
    default:
      return CBZ_FAILURE_NONE;
    }
}

/* {"ErrorCode":n,"Message":…}, in error answers and in a 200 that still
 * refuses the message. */
static void
cbz_postmark_provider_parse_error (CbzProvider            *provider,
                                   const CbzProviderReply *reply,
                                   CbzProviderAnswer      *answer)
{
  answer->code = _cbz_json_dup_code (reply->object, "ErrorCode");
  /* 0 is Postmark's "no error", not a code to show. */
  if (g_strcmp0 (answer->code, "0") == 0)
    g_clear_pointer (&answer->code, g_free);
  answer->text = g_strdup (_cbz_json_get_string (reply->object, "Message"));
  answer->failure = failure_for_code (answer->code ? g_ascii_strtoll (answer->code, NULL, 10) : 0);
  if (answer->failure == CBZ_FAILURE_INVALID_REQUEST && answer->text != NULL && strstr (answer->text, "'To'") != NULL)
    answer->failure = CBZ_FAILURE_INVALID_NUMBER;
}

static void
cbz_postmark_provider_authorize (CbzProvider *provider,
                                 SoupMessage *request)
{
  soup_message_headers_replace (soup_message_get_request_headers (request), "X-Postmark-Server-Token",
                                _cbz_provider_get_account_info (provider)->secret);
}

static void
cbz_postmark_provider_build_send (CbzProvider              *provider,
                                  const CbzOutgoingMessage *message,
                                  const char               *upload_id,
                                  CbzProviderRequest       *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *from = _cbz_email_provider_dup_from (CBZ_EMAIL_PROVIDER (provider), message);

  json_builder_begin_object (builder);
  _cbz_json_add_string (builder, "From", from);
  _cbz_json_add_string (builder, "To", message->to);
  if (message->subject != NULL)
    _cbz_json_add_string (builder, "Subject", message->subject);
  if (_cbz_has_text (message->body))
    _cbz_json_add_string (builder, "TextBody", message->body);
  if (_cbz_has_text (message->html))
    _cbz_json_add_string (builder, "HtmlBody", message->html);
  _cbz_json_add_string (builder, "MessageStream", "outbound");
  if (message->reference != NULL)
    {
      json_builder_set_member_name (builder, "Metadata");
      json_builder_begin_object (builder);
      _cbz_json_add_string (builder, "cobranza-reference", message->reference);
      json_builder_end_object (builder);
    }
  if (message->attachment != NULL)
    {
      json_builder_set_member_name (builder, "Attachments");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      _cbz_email_provider_add_attachment (builder, message, "Content", "Name", "ContentType");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  _cbz_provider_request_init (request, SOUP_METHOD_POST, g_strdup ("/email"));
  _cbz_provider_request_set_json (request, builder);
}

static gboolean
cbz_postmark_provider_parse_send (CbzProvider            *provider,
                                  const CbzProviderReply *reply,
                                  CbzProviderAnswer      *answer)
{
  const char *message_id = _cbz_json_get_string (reply->object, "MessageID");

  if (!_cbz_has_text (message_id))
    return FALSE;

  /* A 200 with an ErrorCode is a refusal all the same. */
  cbz_postmark_provider_parse_error (provider, reply, answer);
  if (answer->code != NULL)
    {
      if (answer->failure == CBZ_FAILURE_NONE)
        answer->failure = CBZ_FAILURE_INVALID_REQUEST;
      return FALSE;
    }

  answer->id = g_strdup (message_id);
  answer->status = CBZ_DELIVERY_QUEUED;
  return TRUE;
}

static gboolean
cbz_postmark_provider_build_poll (CbzProvider         *provider,
                                  const char          *provider_message_id,
                                  CbzProviderRequest  *request,
                                  GError             **error)
{
  g_autofree char *escaped = g_uri_escape_string (provider_message_id, NULL, FALSE);

  _cbz_provider_request_init (request, SOUP_METHOD_GET,
                              g_strdup_printf ("/messages/outbound/%s/details", escaped));
  return TRUE;
}

/* A bounce ends the story; opens and clicks mean read; "Transient" means
 * the receiving server asked to try again. */
static gboolean
apply_event (CbzProvider       *provider,
             CbzDeliveryReport *report,
             JsonObject        *event,
             const char        *recipient)
{
  const char *type = _cbz_json_get_string (event, "Type");

  if (g_strcmp0 (type, "Delivered") == 0 && report->status != CBZ_DELIVERY_READ &&
      report->status != CBZ_DELIVERY_UNDELIVERED)
    report->status = CBZ_DELIVERY_DELIVERED;
  else if (g_strcmp0 (type, "Opened") == 0 || g_strcmp0 (type, "LinkClicked") == 0)
    report->status = CBZ_DELIVERY_READ;
  else if (g_strcmp0 (type, "Bounced") == 0)
    {
      report->status = CBZ_DELIVERY_UNDELIVERED;
      _cbz_provider_report_failure (provider, report, CBZ_FAILURE_UNDELIVERABLE, recipient, NULL,
                                    _cbz_json_get_string (_cbz_json_get_object (event, "Details"), "Summary"));
      return FALSE;
    }
  else if (g_strcmp0 (type, "Transient") == 0 && report->status == CBZ_DELIVERY_SENT)
    report->status = CBZ_DELIVERY_SENDING;
  return TRUE;
}

/* {"MessageID":…,"To":…,"Status":"Sent","MessageEvents":[{"Type":…}]} */
static CbzDeliveryReport *
cbz_postmark_provider_parse_poll (CbzProvider            *provider,
                                  const char             *provider_message_id,
                                  const CbzProviderReply *reply)
{
  JsonObject *object = reply->object;
  CbzDeliveryReport *report;
  JsonArray *events;
  const char *status;

  if (object == NULL)
    return NULL;

  report = g_new0 (CbzDeliveryReport, 1);
  report->provider_message_id = g_strdup (_cbz_json_get_string (object, "MessageID"));
  status = _cbz_json_get_string (object, "Status");
  if (g_strcmp0 (status, "Sent") == 0)
    report->status = CBZ_DELIVERY_SENT;
  else if (g_strcmp0 (status, "Queued") == 0 || g_strcmp0 (status, "Processed") == 0)
    report->status = CBZ_DELIVERY_QUEUED;
  else
    report->status = CBZ_DELIVERY_UNKNOWN;

  events = _cbz_json_get_array (object, "MessageEvents");
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonObject *event = _cbz_json_object (json_array_get_element (events, i));

      if (event != NULL && !apply_event (provider, report, event, _cbz_json_get_string (object, "To")))
        break;
    }
  return report;
}

static void
cbz_postmark_provider_class_init (CbzPostmarkProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);

  provider_class->id = "postmark";
  provider_class->authorize = cbz_postmark_provider_authorize;
  provider_class->build_send = cbz_postmark_provider_build_send;
  provider_class->parse_send = cbz_postmark_provider_parse_send;
  provider_class->parse_error = cbz_postmark_provider_parse_error;
  provider_class->build_poll = cbz_postmark_provider_build_poll;
  provider_class->parse_poll = cbz_postmark_provider_parse_poll;
}

static void
cbz_postmark_provider_init (CbzPostmarkProvider *self)
{
}
