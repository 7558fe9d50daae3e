/* cbz-whatsapp-cloud-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Meta WhatsApp Cloud API: POST /{version}/{phone-number-id}/messages with a
 * Bearer token and a JSON body. A reminder is normally an approved template
 * with body parameters; free text is allowed only inside the 24-hour
 * customer-service window; a letter PDF is uploaded to /media first and then
 * sent as a document (or as the template's document header).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-provider-private.h"
#include "cbz-whatsapp-cloud-provider.h"

#define DEFAULT_API_VERSION "v19.0"

struct _CbzWhatsappCloudProvider
{
  CbzProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (CbzWhatsappCloudProvider, cbz_whatsapp_cloud_provider, CBZ_TYPE_PROVIDER)

static CbzFailureCode
failure_for_code (gint64    code,
                  gboolean *temporary)
{
  *temporary = FALSE;
  switch (code)
    {
    case 190:
    case 0:
      return CBZ_FAILURE_BAD_CREDENTIALS;
    case 10:
    case 200:
    case 131031:
      return CBZ_FAILURE_FORBIDDEN;
    case 131021:
    case 131030:
      return CBZ_FAILURE_INVALID_NUMBER;
    case 131047:
      return CBZ_FAILURE_OUTSIDE_WINDOW;
    case 131026:
      return CBZ_FAILURE_UNDELIVERABLE;
    case 131050:
      return CBZ_FAILURE_OPTED_OUT;
    case 132000:
    case 132012:
      return CBZ_FAILURE_TEMPLATE_MISMATCH;
    case 132001:
    case 132015:
    case 132016:
      return CBZ_FAILURE_TEMPLATE_NOT_APPROVED;
    case 131052:
    case 131053:
      return CBZ_FAILURE_TOO_LARGE;
    case 100:
    case 131008:
    case 131009:
    case 131051:
      return CBZ_FAILURE_INVALID_REQUEST;
    case 4:
    case 80007:
    case 130429:
    case 131048:
    case 131056:
      *temporary = TRUE;
      return CBZ_FAILURE_RATE_LIMITED;
    case 1:
    case 2:
    case 131000:
    case 131016:
      *temporary = TRUE;
      return CBZ_FAILURE_SERVER_ERROR;
    default:
      return CBZ_FAILURE_NONE;
    }
}

static char *
messages_path (CbzProvider *provider,
               const char  *what)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autofree char *version = g_uri_escape_string (account->api_version && *account->api_version
                                                  ? account->api_version : DEFAULT_API_VERSION,
                                                  NULL, FALSE);
  g_autofree char *phone = g_uri_escape_string (account->account, NULL, FALSE);

  return g_strdup_printf ("/%s/%s/%s", version, phone, what);
}

static CbzSendResult *
map_error (CbzProvider *provider,
           SoupMessage *message,
           GBytes      *body)
{
  g_autoptr(JsonNode) root = _cbz_provider_parse_json (body);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonObject *error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;
  guint status = soup_message_get_status (message);
  gboolean temporary = FALSE;
  CbzFailureCode failure = CBZ_FAILURE_NONE;

  if (object != NULL && json_object_has_member (object, "error") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    error = json_object_get_object_member (object, "error");

  if (error != NULL)
    {
      const char *message_text = _cbz_json_get_string (error, "message");
      const char *details = NULL;

      code = _cbz_json_dup_code (error, "code");
      if (json_object_has_member (error, "error_data") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (error, "error_data")))
        details = _cbz_json_get_string (json_object_get_object_member (error, "error_data"), "details");

      if (details != NULL && g_strcmp0 (details, message_text) != 0)
        text = g_strdup_printf ("%s: %s", message_text ? message_text : "", details);
      else
        text = g_strdup (message_text);
      if (code != NULL)
        failure = failure_for_code (g_ascii_strtoll (code, NULL, 10), &temporary);
    }

  if (status == 401 && failure == CBZ_FAILURE_NONE)
    failure = CBZ_FAILURE_BAD_CREDENTIALS;
  if (status == 429 || status >= 500)
    return _cbz_provider_http_failure (provider, message, code, text);
  if (failure != CBZ_FAILURE_NONE)
    return _cbz_provider_failure (provider,
                                  temporary ? CBZ_SEND_TEMPORARY_FAILURE : CBZ_SEND_PERMANENT_FAILURE,
                                  failure, message, code, text);
  return _cbz_provider_http_failure (provider, message, code, text);
}

static CbzSendResult *
map_send_answer (CbzProvider *provider,
                 SoupMessage *message,
                 GBytes      *body)
{
  guint status = soup_message_get_status (message);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *messages;
  JsonArray *array;
  JsonNode *first;
  const char *id;

  if (status != 200)
    return map_error (provider, message, body);

  root = _cbz_provider_parse_json (body);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return _cbz_provider_malformed (provider, message);

  object = json_node_get_object (root);
  messages = json_object_has_member (object, "messages") ? json_object_get_member (object, "messages") : NULL;
  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    return _cbz_provider_malformed (provider, message);
  array = json_node_get_array (messages);
  if (json_array_get_length (array) == 0)
    return _cbz_provider_malformed (provider, message);
  first = json_array_get_element (array, 0);
  id = JSON_NODE_HOLDS_OBJECT (first) ? _cbz_json_get_string (json_node_get_object (first), "id") : NULL;
  if (id == NULL || *id == '\0')
    return _cbz_provider_malformed (provider, message);

  /* Accepted, not delivered: delivery is reported by webhook only. */
  return cbz_send_result_new_accepted (id, CBZ_DELIVERY_QUEUED, status);
}

static void
add_document (JsonBuilder              *builder,
              const CbzOutgoingMessage *message,
              const char               *media_id,
              gboolean                  with_caption)
{
  json_builder_begin_object (builder);
  if (media_id != NULL)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, media_id);
    }
  else
    {
      json_builder_set_member_name (builder, "link");
      json_builder_add_string_value (builder, message->attachment_url);
    }
  if (message->attachment_filename != NULL)
    {
      json_builder_set_member_name (builder, "filename");
      json_builder_add_string_value (builder, message->attachment_filename);
    }
  if (with_caption && message->body != NULL && *message->body != '\0')
    {
      json_builder_set_member_name (builder, "caption");
      json_builder_add_string_value (builder, message->body);
    }
  json_builder_end_object (builder);
}

static GBytes *
build_message_body (const CbzOutgoingMessage *message,
                    const char               *media_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean has_document = media_id != NULL || message->attachment_url != NULL;
  gsize length = 0;
  char *data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messaging_product");
  json_builder_add_string_value (builder, "whatsapp");
  json_builder_set_member_name (builder, "recipient_type");
  json_builder_add_string_value (builder, "individual");
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, message->to);
  if (message->reference != NULL)
    {
      /* Echoed back in status webhooks: lets a reply be matched to the outbox row. */
      json_builder_set_member_name (builder, "biz_opaque_callback_data");
      json_builder_add_string_value (builder, message->reference);
    }

  if (message->template_name != NULL)
    {
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "template");
      json_builder_set_member_name (builder, "template");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, message->template_name);
      json_builder_set_member_name (builder, "language");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, message->template_language ? message->template_language : "es_MX");
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "components");
      json_builder_begin_array (builder);
      if (has_document)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "header");
          json_builder_set_member_name (builder, "parameters");
          json_builder_begin_array (builder);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "document");
          json_builder_set_member_name (builder, "document");
          add_document (builder, message, media_id, FALSE);
          json_builder_end_object (builder);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      if (message->template_parameters != NULL && message->template_parameters[0] != NULL)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "body");
          json_builder_set_member_name (builder, "parameters");
          json_builder_begin_array (builder);
          for (guint i = 0; message->template_parameters[i] != NULL; i++)
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "type");
              json_builder_add_string_value (builder, "text");
              json_builder_set_member_name (builder, "text");
              json_builder_add_string_value (builder, message->template_parameters[i]);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  else if (has_document)
    {
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "document");
      json_builder_set_member_name (builder, "document");
      add_document (builder, message, media_id, TRUE);
    }
  else
    {
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "text");
      json_builder_set_member_name (builder, "text");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "preview_url");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, message->body);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

static void
post_message (CbzProvider              *provider,
              const CbzOutgoingMessage *message,
              const char               *media_id,
              GCancellable             *cancellable,
              GAsyncReadyCallback       callback,
              gpointer                  user_data)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = messages_path (provider, "messages");

  request = _cbz_provider_new_message (provider, SOUP_METHOD_POST, path, &error);
  if (request == NULL)
    {
      _cbz_provider_report_result (provider, _cbz_provider_transport_failure (provider, error),
                                   callback, user_data);
      return;
    }
  _cbz_provider_set_bearer (request, account->secret);
  body = build_message_body (message, media_id);
  soup_message_set_request_body_from_bytes (request, "application/json", body);
  _cbz_provider_send_request (provider, request, map_send_answer, cancellable, callback, user_data);
}

/* Document upload, then the message that refers to it. */

static void
on_message_sent_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CbzSendResult *send_result;

  send_result = _cbz_provider_send_request_finish (CBZ_PROVIDER (source), result, &error);
  if (send_result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, send_result, (GDestroyNotify) cbz_send_result_free);
}

static CbzSendResult *
map_upload_answer (CbzProvider *provider,
                   SoupMessage *message,
                   GBytes      *body)
{
  g_autoptr(JsonNode) root = NULL;
  const char *id;

  if (soup_message_get_status (message) != 200)
    return map_error (provider, message, body);

  root = _cbz_provider_parse_json (body);
  id = root && JSON_NODE_HOLDS_OBJECT (root) ? _cbz_json_get_string (json_node_get_object (root), "id") : NULL;
  if (id == NULL || *id == '\0')
    return _cbz_provider_malformed (provider, message);

  /* Not the message yet: the media id, carried to the second step. */
  return cbz_send_result_new_accepted (id, CBZ_DELIVERY_UNKNOWN, 200);
}

static void
on_media_uploaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CbzProvider *provider = CBZ_PROVIDER (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzSendResult) upload = NULL;
  const CbzOutgoingMessage *message = g_task_get_task_data (task);

  upload = _cbz_provider_send_request_finish (provider, result, &error);
  if (upload == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (upload->outcome != CBZ_SEND_ACCEPTED)
    {
      /* Nothing was sent yet, so a 2xx-but-unreadable upload is safe to retry
       * from the start: drop the "may have been accepted" marker. */
      if (upload->failure == CBZ_FAILURE_MALFORMED_RESPONSE)
        upload->http_status = 0;
      g_task_return_pointer (task, g_steal_pointer (&upload), (GDestroyNotify) cbz_send_result_free);
      return;
    }

  post_message (provider, message, upload->provider_message_id, g_task_get_cancellable (task),
                on_message_sent_cb, g_object_ref (task));
}

static void
upload_media (CbzProvider              *provider,
              const CbzOutgoingMessage *message,
              GTask                    *task)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = messages_path (provider, "media");
  const char *mime = message->attachment_mime ? message->attachment_mime : "application/pdf";

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "messaging_product", "whatsapp");
  soup_multipart_append_form_string (multipart, "type", mime);
  soup_multipart_append_form_file (multipart, "file",
                                   message->attachment_filename ? message->attachment_filename : "document.pdf",
                                   mime, message->attachment);

  request = _cbz_provider_new_message (provider, SOUP_METHOD_POST, path, &error);
  if (request == NULL)
    {
      g_task_return_pointer (task, _cbz_provider_transport_failure (provider, error),
                             (GDestroyNotify) cbz_send_result_free);
      g_object_unref (task);
      return;
    }
  _cbz_provider_set_bearer (request, account->secret);
  _cbz_provider_set_multipart_body (request, multipart);

  _cbz_provider_send_request (provider, request, map_upload_answer, g_task_get_cancellable (task),
                              on_media_uploaded_cb, task);
}

static void
cbz_whatsapp_cloud_provider_send_async (CbzProvider              *provider,
                                        const CbzOutgoingMessage *message,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  GTask *task;

  if (message->channel != CBZ_CHANNEL_WHATSAPP)
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_UNSUPPORTED,
                               NULL, NULL, _("the WhatsApp Cloud API sends only WhatsApp messages")),
        callback, user_data);
      return;
    }
  if (message->to == NULL || *message->to == '\0')
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_INVALID_REQUEST,
                               NULL, NULL, _("the message has no recipient number")),
        callback, user_data);
      return;
    }
  if (message->template_name == NULL && message->attachment == NULL &&
      message->attachment_url == NULL && (message->body == NULL || *message->body == '\0'))
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_INVALID_REQUEST,
                               NULL, NULL, _("the message is empty")),
        callback, user_data);
      return;
    }

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_whatsapp_cloud_provider_send_async);
  g_task_set_task_data (task, cbz_outgoing_message_copy (message),
                        (GDestroyNotify) cbz_outgoing_message_free);

  if (message->attachment != NULL && message->attachment_url == NULL)
    upload_media (provider, g_task_get_task_data (task), task);
  else
    post_message (provider, g_task_get_task_data (task), NULL, cancellable, on_message_sent_cb, task);
}

static CbzSendResult *
cbz_whatsapp_cloud_provider_send_finish (CbzProvider   *provider,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cbz_whatsapp_cloud_provider_class_init (CbzWhatsappCloudProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);

  provider_class->id = "whatsapp";
  provider_class->features = CBZ_PROVIDER_FEATURE_WHATSAPP |
                             CBZ_PROVIDER_FEATURE_ATTACHMENTS |
                             CBZ_PROVIDER_FEATURE_TEMPLATES;
  /* Default throughput of a business number. */
  provider_class->default_rate_per_second = 80.0;
  provider_class->default_concurrency = 16;
  provider_class->send_async = cbz_whatsapp_cloud_provider_send_async;
  provider_class->send_finish = cbz_whatsapp_cloud_provider_send_finish;
}

static void
cbz_whatsapp_cloud_provider_init (CbzWhatsappCloudProvider *self)
{
}
