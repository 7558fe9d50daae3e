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

#include "cbz-provider-private.h"
#include "cbz-sendgrid-provider.h"

struct _CbzSendgridProvider
{
  CbzProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (CbzSendgridProvider, cbz_sendgrid_provider, CBZ_TYPE_PROVIDER)

/* {"errors":[{"message":...,"field":...,"help":...}]} -> "msg (field); msg2" */
static char *
collect_errors (GBytes  *body,
                char   **first_field)
{
  g_autoptr(JsonNode) root = _cbz_provider_parse_json (body);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  g_autoptr(GString) text = NULL;
  JsonArray *errors;

  if (object == NULL || !json_object_has_member (object, "errors") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "errors")))
    {
      gsize size = 0;
      const char *data = body ? g_bytes_get_data (body, &size) : NULL;

      /* Not the documented shape: keep a short, printable excerpt. */
      if (data != NULL && size > 0 && size < 512 && g_utf8_validate (data, (gssize) size, NULL) &&
          root == NULL)
        return g_strndup (data, size);
      return NULL;
    }

  text = g_string_new (NULL);
  errors = json_object_get_array_member (object, "errors");
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *error;
      const char *message;
      const char *field;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      error = json_node_get_object (node);
      message = _cbz_json_get_string (error, "message");
      field = _cbz_json_get_string (error, "field");
      if (first_field != NULL && *first_field == NULL && field != NULL)
        *first_field = g_strdup (field);
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, message ? message : "?");
      if (field != NULL)
        g_string_append_printf (text, " (%s)", field);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static CbzSendResult *
map_send_answer (CbzProvider *provider,
                 SoupMessage *message,
                 GBytes      *body)
{
  guint status = soup_message_get_status (message);
  g_autofree char *text = NULL;
  g_autofree char *field = NULL;

  if (status == 202 || status == 200)
    {
      const char *id = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                     "X-Message-Id");

      /* Accepted whatever the body says; without an id it cannot be polled,
       * but resending would deliver it twice. */
      return cbz_send_result_new_accepted (id, CBZ_DELIVERY_QUEUED, status);
    }

  text = collect_errors (body, &field);
  if (status == 400 && field != NULL &&
      (g_str_has_suffix (field, ".email") || strstr (field, ".to") != NULL))
    return _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_INVALID_NUMBER,
                                  message, NULL, text);
  return _cbz_provider_http_failure (provider, message, NULL, text);
}

static void
add_address (JsonBuilder *builder,
             const char  *email,
             const char  *name)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  if (name != NULL && *name != '\0')
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
    }
  json_builder_end_object (builder);
}

static void
add_content (JsonBuilder *builder,
             const char  *type,
             const char  *value)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
}

static void
cbz_sendgrid_provider_send_async (CbzProvider              *provider,
                                  const CbzOutgoingMessage *message,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;
  const char *from = message->from ? message->from : account->from;
  const char *problem = NULL;

  if (message->channel != CBZ_CHANNEL_EMAIL)
    problem = _("SendGrid sends only e-mail");
  else if (message->to == NULL || *message->to == '\0')
    problem = _("the message has no recipient address");
  else if (from == NULL || *from == '\0')
    problem = _("no sender address is configured for SendGrid");
  else if (message->subject == NULL || *message->subject == '\0')
    problem = _("the e-mail has no subject");
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

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "personalizations");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_begin_array (builder);
  add_address (builder, message->to, NULL);
  json_builder_end_array (builder);
  if (message->reference != NULL)
    {
      json_builder_set_member_name (builder, "custom_args");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cobranza_reference");
      json_builder_add_string_value (builder, message->reference);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "from");
  add_address (builder, from, account->from_name);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, message->subject);

  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  /* SendGrid requires text/plain before text/html. */
  if (message->body != NULL && *message->body != '\0')
    add_content (builder, "text/plain", message->body);
  if (message->html != NULL && *message->html != '\0')
    add_content (builder, "text/html", message->html);
  json_builder_end_array (builder);

  if (message->attachment != NULL)
    {
      gsize size = 0;
      const guchar *data = g_bytes_get_data (message->attachment, &size);
      g_autofree char *encoded = g_base64_encode (data, size);

      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, encoded);
      json_builder_set_member_name (builder, "filename");
      json_builder_add_string_value (builder, message->attachment_filename ? message->attachment_filename : "document.pdf");
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, message->attachment_mime ? message->attachment_mime : "application/pdf");
      json_builder_set_member_name (builder, "disposition");
      json_builder_add_string_value (builder, "attachment");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  request = _cbz_provider_new_message (provider, SOUP_METHOD_POST, "/v3/mail/send", &error);
  if (request == NULL)
    {
      _cbz_provider_report_result (provider, _cbz_provider_transport_failure (provider, error),
                                   callback, user_data);
      return;
    }
  _cbz_provider_set_bearer (request, account->secret);
  _cbz_provider_set_json_body (request, builder);
  _cbz_provider_send_request (provider, request, map_send_answer, cancellable, callback, user_data);
}

static CbzSendResult *
cbz_sendgrid_provider_send_finish (CbzProvider   *provider,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _cbz_provider_send_request_finish (provider, result, error);
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
  JsonArray *rows;

  body = _cbz_provider_fetch_finish (provider, result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (soup_message_get_status (message) != 200)
    {
      g_autofree char *text = collect_errors (body, NULL);

      _cbz_provider_return_http_error (provider, task, message, text);
      return;
    }

  root = _cbz_provider_parse_json (body);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || !json_object_has_member (object, "messages") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "messages")))
    {
      g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY,
                               _("SendGrid’s answer about the message could not be read."));
      return;
    }

  report = g_new0 (CbzDeliveryReport, 1);
  report->provider_message_id = g_strdup (g_task_get_task_data (task));
  report->status = CBZ_DELIVERY_QUEUED;
  rows = json_object_get_array_member (object, "messages");
  if (json_array_get_length (rows) > 0 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (rows, 0)))
    {
      JsonObject *row = json_array_get_object_element (rows, 0);

      report->status = parse_status (_cbz_json_get_string (row, "status"));
      if (report->status == CBZ_DELIVERY_UNDELIVERED)
        {
          report->failure = CBZ_FAILURE_UNDELIVERABLE;
          report->reason = g_strdup (_cbz_failure_describe (report->failure));
        }
    }
  g_task_return_pointer (task, report, (GDestroyNotify) cbz_delivery_report_free);
}

static void
cbz_sendgrid_provider_poll_status_async (CbzProvider         *provider,
                                         const char          *provider_message_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, cbz_sendgrid_provider_poll_status_async);
  g_task_set_task_data (task, g_strdup (provider_message_id), g_free);

  if (strchr (provider_message_id, '\'') != NULL)
    {
      g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_PERMANENT,
                               _("“%s” is not a SendGrid message id."), provider_message_id);
      g_object_unref (task);
      return;
    }

  query = g_strdup_printf ("msg_id LIKE '%s%%'", provider_message_id);
  escaped = g_uri_escape_string (query, NULL, FALSE);
  path = g_strdup_printf ("/v3/messages?limit=1&query=%s", escaped);
  request = _cbz_provider_new_message (provider, SOUP_METHOD_GET, path, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  _cbz_provider_set_bearer (request, account->secret);
  _cbz_provider_fetch_async (provider, request, cancellable, on_poll_cb, task);
}

static CbzDeliveryReport *
cbz_sendgrid_provider_poll_status_finish (CbzProvider   *provider,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cbz_sendgrid_provider_class_init (CbzSendgridProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);

  provider_class->id = "sendgrid";
  provider_class->features = CBZ_PROVIDER_FEATURE_EMAIL |
                             CBZ_PROVIDER_FEATURE_ATTACHMENTS |
                             CBZ_PROVIDER_FEATURE_POLL_STATUS;
  provider_class->default_rate_per_second = 50.0;
  provider_class->default_concurrency = 8;
  provider_class->send_async = cbz_sendgrid_provider_send_async;
  provider_class->send_finish = cbz_sendgrid_provider_send_finish;
  provider_class->poll_status_async = cbz_sendgrid_provider_poll_status_async;
  provider_class->poll_status_finish = cbz_sendgrid_provider_poll_status_finish;
}

static void
cbz_sendgrid_provider_init (CbzSendgridProvider *self)
{
}
