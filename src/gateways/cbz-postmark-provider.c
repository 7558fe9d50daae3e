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

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-postmark-provider.h"
#include "cbz-provider-private.h"

struct _CbzPostmarkProvider
{
  CbzProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (CbzPostmarkProvider, cbz_postmark_provider, CBZ_TYPE_PROVIDER)

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

static CbzSendResult *
map_send_answer (CbzProvider *provider,
                 SoupMessage *message,
                 GBytes      *body)
{
  guint status = soup_message_get_status (message);
  g_autoptr(JsonNode) root = _cbz_provider_parse_json (body);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  g_autofree char *code = _cbz_json_dup_code (object, "ErrorCode");
  const char *text = _cbz_json_get_string (object, "Message");
  gint64 code_value = code ? g_ascii_strtoll (code, NULL, 10) : 0;
  CbzFailureCode failure;

  if (status == 200)
    {
      const char *id = _cbz_json_get_string (object, "MessageID");

      if (object == NULL || id == NULL || *id == '\0')
        return _cbz_provider_malformed (provider, message);
      if (code_value != 0)
        return _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE,
                                      failure_for_code (code_value) ? failure_for_code (code_value)
                                                                    : CBZ_FAILURE_INVALID_REQUEST,
                                      message, code, text);
      return cbz_send_result_new_accepted (id, CBZ_DELIVERY_QUEUED, status);
    }

  if (status == 429 || status >= 500)
    return _cbz_provider_http_failure (provider, message, code, text);

  failure = failure_for_code (code_value);
  if (failure == CBZ_FAILURE_INVALID_REQUEST && text != NULL && strstr (text, "'To'") != NULL)
    failure = CBZ_FAILURE_INVALID_NUMBER;
  if (failure != CBZ_FAILURE_NONE)
    return _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, failure, message, code, text);
  return _cbz_provider_http_failure (provider, message, code, text);
}

static void
cbz_postmark_provider_send_async (CbzProvider              *provider,
                                  const CbzOutgoingMessage *message,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_header = NULL;
  const char *from = message->from ? message->from : account->from;
  const char *problem = NULL;

  if (message->channel != CBZ_CHANNEL_EMAIL)
    problem = _("Postmark sends only e-mail");
  else if (message->to == NULL || *message->to == '\0')
    problem = _("the message has no recipient address");
  else if (from == NULL || *from == '\0')
    problem = _("no sender address is configured for Postmark");
  else if ((message->body == NULL || *message->body == '\0') &&
           (message->html == NULL || *message->html == '\0'))
    problem = _("the e-mail has no text");
  if (problem != NULL)
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE,
                               message->channel != CBZ_CHANNEL_EMAIL ? CBZ_FAILURE_UNSUPPORTED
                                                                     : CBZ_FAILURE_INVALID_REQUEST,
                               NULL, NULL, problem),
        callback, user_data);
      return;
    }

  if (account->from_name != NULL && *account->from_name != '\0' && strchr (from, '<') == NULL)
    from_header = g_strdup_printf ("%s <%s>", account->from_name, from);
  else
    from_header = g_strdup (from);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "From");
  json_builder_add_string_value (builder, from_header);
  json_builder_set_member_name (builder, "To");
  json_builder_add_string_value (builder, message->to);
  if (message->subject != NULL)
    {
      json_builder_set_member_name (builder, "Subject");
      json_builder_add_string_value (builder, message->subject);
    }
  if (message->body != NULL && *message->body != '\0')
    {
      json_builder_set_member_name (builder, "TextBody");
      json_builder_add_string_value (builder, message->body);
    }
  if (message->html != NULL && *message->html != '\0')
    {
      json_builder_set_member_name (builder, "HtmlBody");
      json_builder_add_string_value (builder, message->html);
    }
  json_builder_set_member_name (builder, "MessageStream");
  json_builder_add_string_value (builder, "outbound");
  if (message->reference != NULL)
    {
      json_builder_set_member_name (builder, "Metadata");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cobranza-reference");
      json_builder_add_string_value (builder, message->reference);
      json_builder_end_object (builder);
    }
  if (message->attachment != NULL)
    {
      gsize size = 0;
      const guchar *data = g_bytes_get_data (message->attachment, &size);
      g_autofree char *encoded = g_base64_encode (data, size);

      json_builder_set_member_name (builder, "Attachments");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Name");
      json_builder_add_string_value (builder, message->attachment_filename ? message->attachment_filename : "document.pdf");
      json_builder_set_member_name (builder, "Content");
      json_builder_add_string_value (builder, encoded);
      json_builder_set_member_name (builder, "ContentType");
      json_builder_add_string_value (builder, message->attachment_mime ? message->attachment_mime : "application/pdf");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  request = _cbz_provider_new_message (provider, SOUP_METHOD_POST, "/email", &error);
  if (request == NULL)
    {
      _cbz_provider_report_result (provider, _cbz_provider_transport_failure (provider, error),
                                   callback, user_data);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (request),
                                "X-Postmark-Server-Token", account->secret);
  _cbz_provider_set_json_body (request, builder);
  _cbz_provider_send_request (provider, request, map_send_answer, cancellable, callback, user_data);
}

static CbzSendResult *
cbz_postmark_provider_send_finish (CbzProvider   *provider,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _cbz_provider_send_request_finish (provider, result, error);
}

static void
on_poll_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CbzProvider *provider = CBZ_PROVIDER (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  CbzDeliveryReport *report;
  GError *error = NULL;
  JsonObject *object;
  const char *status;

  body = _cbz_provider_fetch_finish (provider, result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = _cbz_provider_parse_json (body);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (soup_message_get_status (message) != 200)
    {
      _cbz_provider_return_http_error (provider, task, message, _cbz_json_get_string (object, "Message"));
      return;
    }
  if (object == NULL)
    {
      g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY,
                               _("Postmark’s answer about the message could not be read."));
      return;
    }

  report = g_new0 (CbzDeliveryReport, 1);
  report->provider_message_id = g_strdup (_cbz_json_get_string (object, "MessageID"));
  status = _cbz_json_get_string (object, "Status");
  if (g_strcmp0 (status, "Sent") == 0)
    report->status = CBZ_DELIVERY_SENT;
  else if (g_strcmp0 (status, "Queued") == 0 || g_strcmp0 (status, "Processed") == 0)
    report->status = CBZ_DELIVERY_QUEUED;
  else
    report->status = CBZ_DELIVERY_UNKNOWN;

  if (json_object_has_member (object, "MessageEvents") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "MessageEvents")))
    {
      JsonArray *events = json_object_get_array_member (object, "MessageEvents");

      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonNode *node = json_array_get_element (events, i);
          const char *type;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          type = _cbz_json_get_string (json_node_get_object (node), "Type");
          if (g_strcmp0 (type, "Delivered") == 0 && report->status != CBZ_DELIVERY_READ &&
              report->status != CBZ_DELIVERY_UNDELIVERED)
            report->status = CBZ_DELIVERY_DELIVERED;
          else if (g_strcmp0 (type, "Opened") == 0 || g_strcmp0 (type, "LinkClicked") == 0)
            report->status = CBZ_DELIVERY_READ;
          else if (g_strcmp0 (type, "Bounced") == 0)
            {
              JsonObject *details = NULL;
              const char *summary = NULL;

              report->status = CBZ_DELIVERY_UNDELIVERED;
              report->failure = CBZ_FAILURE_UNDELIVERABLE;
              if (json_object_has_member (json_node_get_object (node), "Details") &&
                  JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (node), "Details")))
                details = json_object_get_object_member (json_node_get_object (node), "Details");
              summary = _cbz_json_get_string (details, "Summary");
              g_free (report->reason);
              report->reason = summary
                               ? g_strdup_printf ("%s (Postmark: %s)", _cbz_failure_describe (report->failure), summary)
                               : g_strdup (_cbz_failure_describe (report->failure));
              break;
            }
          else if (g_strcmp0 (type, "Transient") == 0 && report->status == CBZ_DELIVERY_SENT)
            report->status = CBZ_DELIVERY_SENDING;
        }
    }
  g_task_return_pointer (task, report, (GDestroyNotify) cbz_delivery_report_free);
}

static void
cbz_postmark_provider_poll_status_async (CbzProvider         *provider,
                                         const char          *provider_message_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = g_uri_escape_string (provider_message_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/messages/outbound/%s/details", escaped);
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, cbz_postmark_provider_poll_status_async);
  request = _cbz_provider_new_message (provider, SOUP_METHOD_GET, path, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (request),
                                "X-Postmark-Server-Token", account->secret);
  _cbz_provider_fetch_async (provider, request, cancellable, on_poll_cb, task);
}

static CbzDeliveryReport *
cbz_postmark_provider_poll_status_finish (CbzProvider   *provider,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cbz_postmark_provider_class_init (CbzPostmarkProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);

  provider_class->id = "postmark";
  provider_class->features = CBZ_PROVIDER_FEATURE_EMAIL |
                             CBZ_PROVIDER_FEATURE_ATTACHMENTS |
                             CBZ_PROVIDER_FEATURE_POLL_STATUS;
  provider_class->default_rate_per_second = 50.0;
  provider_class->default_concurrency = 8;
  provider_class->send_async = cbz_postmark_provider_send_async;
  provider_class->send_finish = cbz_postmark_provider_send_finish;
  provider_class->poll_status_async = cbz_postmark_provider_poll_status_async;
  provider_class->poll_status_finish = cbz_postmark_provider_poll_status_finish;
}

static void
cbz_postmark_provider_init (CbzPostmarkProvider *self)
{
}
