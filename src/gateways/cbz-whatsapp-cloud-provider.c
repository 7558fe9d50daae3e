/* cbz-whatsapp-cloud-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Meta WhatsApp Cloud API: POST /{version}/{phone-number-id}/messages with a
 * Bearer token and a JSON body. A reminder is normally an approved template
 * with body parameters; free text is allowed only inside the 24-hour
 * customer-service window; a letter PDF is uploaded to /media first and then
 * sent as a document (or as the template's document header). Delivery is
 * reported only by webhook: no polling, no listing.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

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
phone_path (CbzProvider *provider,
            const char  *what)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autofree char *version = g_uri_escape_string (_cbz_has_text (account->api_version)
                                                  ? account->api_version : DEFAULT_API_VERSION,
                                                  NULL, FALSE);
  g_autofree char *phone = g_uri_escape_string (account->account, NULL, FALSE);

  return g_strdup_printf ("/%s/%s/%s", version, phone, what);
}

static void
add_document (JsonBuilder              *builder,
              const CbzOutgoingMessage *message,
              const char               *media_id,
              gboolean                  with_caption)
{
  json_builder_begin_object (builder);
  if (media_id != NULL)
    _cbz_json_add_string (builder, "id", media_id);
  else
    _cbz_json_add_string (builder, "link", message->attachment_url);
  if (message->attachment_filename != NULL)
    _cbz_json_add_string (builder, "filename", message->attachment_filename);
  if (with_caption && _cbz_has_text (message->body))
    _cbz_json_add_string (builder, "caption", message->body);
  json_builder_end_object (builder);
}

/* {"type": @type, "parameters": [ ... ]}: opened for the caller to fill. */
static void
begin_component (JsonBuilder *builder,
                 const char  *type)
{
  json_builder_begin_object (builder);
  _cbz_json_add_string (builder, "type", type);
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_array (builder);
}

static void
end_component (JsonBuilder *builder)
{
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_template (JsonBuilder              *builder,
              const CbzOutgoingMessage *message,
              const char               *media_id,
              gboolean                  has_document)
{
  _cbz_json_add_string (builder, "type", "template");
  json_builder_set_member_name (builder, "template");
  json_builder_begin_object (builder);
  _cbz_json_add_string (builder, "name", message->template_name);
  json_builder_set_member_name (builder, "language");
  json_builder_begin_object (builder);
  _cbz_json_add_string (builder, "code", message->template_language ? message->template_language : "es_MX");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "components");
  json_builder_begin_array (builder);
  if (has_document)
    {
      begin_component (builder, "header");
      json_builder_begin_object (builder);
      _cbz_json_add_string (builder, "type", "document");
      json_builder_set_member_name (builder, "document");
      add_document (builder, message, media_id, FALSE);
      json_builder_end_object (builder);
      end_component (builder);
    }
  if (message->template_parameters != NULL && message->template_parameters[0] != NULL)
    {
      begin_component (builder, "body");
      for (guint i = 0; message->template_parameters[i] != NULL; i++)
        {
          json_builder_begin_object (builder);
          _cbz_json_add_string (builder, "type", "text");
          _cbz_json_add_string (builder, "text", message->template_parameters[i]);
          json_builder_end_object (builder);
        }
      end_component (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
cbz_whatsapp_cloud_provider_authorize (CbzProvider *provider,
                                       SoupMessage *request)
{
  _cbz_provider_set_bearer (request, _cbz_provider_get_account_info (provider)->secret);
}

static char *
cbz_whatsapp_cloud_provider_check_message (CbzProvider              *provider,
                                           const CbzOutgoingMessage *message,
                                           CbzFailureCode           *failure)
{
  *failure = CBZ_FAILURE_INVALID_REQUEST;
  if (message->channel != CBZ_CHANNEL_WHATSAPP)
    {
      *failure = CBZ_FAILURE_UNSUPPORTED;
      return g_strdup (_("The WhatsApp Cloud API sends only WhatsApp messages."));
    }
  if (!_cbz_has_text (message->to))
    return g_strdup (_("The message has no recipient number."));
  if (message->template_name == NULL && message->attachment == NULL &&
      message->attachment_url == NULL && !_cbz_has_text (message->body))
    return g_strdup (_("The message is empty."));
  return NULL;
}

/* A document given as bytes goes to /media first; one with a link does not. */
static gboolean
cbz_whatsapp_cloud_provider_build_upload (CbzProvider              *provider,
                                          const CbzOutgoingMessage *message,
                                          CbzProviderRequest       *request)
{
  g_autoptr(SoupMultipart) multipart = NULL;

  if (message->attachment == NULL || message->attachment_url != NULL)
    return FALSE;

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "messaging_product", "whatsapp");
  soup_multipart_append_form_string (multipart, "type", _cbz_attachment_mime (message));
  soup_multipart_append_form_file (multipart, "file", _cbz_attachment_filename (message),
                                   _cbz_attachment_mime (message), message->attachment);
  _cbz_provider_request_init (request, SOUP_METHOD_POST, phone_path (provider, "media"));
  _cbz_provider_request_set_multipart (request, multipart);
  return TRUE;
}

static char *
cbz_whatsapp_cloud_provider_parse_upload (CbzProvider            *provider,
                                          const CbzProviderReply *reply)
{
  const char *id = _cbz_json_get_string (reply->object, "id");

  return _cbz_has_text (id) ? g_strdup (id) : NULL;
}

static void
cbz_whatsapp_cloud_provider_build_send (CbzProvider              *provider,
                                        const CbzOutgoingMessage *message,
                                        const char               *upload_id,
                                        CbzProviderRequest       *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean has_document = upload_id != NULL || message->attachment_url != NULL;

  json_builder_begin_object (builder);
  _cbz_json_add_string (builder, "messaging_product", "whatsapp");
  _cbz_json_add_string (builder, "recipient_type", "individual");
  _cbz_json_add_string (builder, "to", message->to);
  /* Echoed back in status webhooks: lets a reply be matched to the outbox row. */
  if (message->reference != NULL)
    _cbz_json_add_string (builder, "biz_opaque_callback_data", message->reference);

  if (message->template_name != NULL)
    add_template (builder, message, upload_id, has_document);
  else if (has_document)
    {
      _cbz_json_add_string (builder, "type", "document");
      json_builder_set_member_name (builder, "document");
      add_document (builder, message, upload_id, TRUE);
    }
  else
    {
      _cbz_json_add_string (builder, "type", "text");
      json_builder_set_member_name (builder, "text");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "preview_url");
      json_builder_add_boolean_value (builder, FALSE);
      _cbz_json_add_string (builder, "body", message->body);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  _cbz_provider_request_init (request, SOUP_METHOD_POST, phone_path (provider, "messages"));
  _cbz_provider_request_set_json (request, builder);
}

/* {"messaging_product":"whatsapp","contacts":[…],"messages":[{"id":"wamid…"}]} */
static gboolean
cbz_whatsapp_cloud_provider_parse_send (CbzProvider            *provider,
                                        const CbzProviderReply *reply,
                                        CbzProviderAnswer      *answer)
{
  JsonArray *messages = _cbz_json_get_array (reply->object, "messages");
  JsonObject *first;
  const char *wamid;

  if (messages == NULL || json_array_get_length (messages) == 0)
    return FALSE;
  first = _cbz_json_object (json_array_get_element (messages, 0));
  wamid = _cbz_json_get_string (first, "id");
  if (!_cbz_has_text (wamid))
    return FALSE;

  /* Accepted, not delivered: delivery is reported by webhook only. */
  answer->id = g_strdup (wamid);
  answer->status = CBZ_DELIVERY_QUEUED;
  return TRUE;
}

/* {"error":{"message":…,"type":…,"code":N,"error_data":{"details":…}}} */
static void
cbz_whatsapp_cloud_provider_parse_error (CbzProvider            *provider,
                                         const CbzProviderReply *reply,
                                         CbzProviderAnswer      *answer)
{
  JsonObject *error = _cbz_json_get_object (reply->object, "error");
  const char *message = _cbz_json_get_string (error, "message");
  const char *details = _cbz_json_get_string (_cbz_json_get_object (error, "error_data"), "details");

  if (error == NULL)
    return;

  answer->code = _cbz_json_dup_code (error, "code");
  if (details != NULL && g_strcmp0 (details, message) != 0)
    answer->text = g_strdup_printf ("%s: %s", message ? message : "", details);
  else
    answer->text = g_strdup (message);
  if (answer->code != NULL)
    answer->failure = failure_for_code (g_ascii_strtoll (answer->code, NULL, 10), &answer->temporary);
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
  provider_class->authorize = cbz_whatsapp_cloud_provider_authorize;
  provider_class->check_message = cbz_whatsapp_cloud_provider_check_message;
  provider_class->build_upload = cbz_whatsapp_cloud_provider_build_upload;
  provider_class->parse_upload = cbz_whatsapp_cloud_provider_parse_upload;
  provider_class->build_send = cbz_whatsapp_cloud_provider_build_send;
  provider_class->parse_send = cbz_whatsapp_cloud_provider_parse_send;
  provider_class->parse_error = cbz_whatsapp_cloud_provider_parse_error;
}

static void
cbz_whatsapp_cloud_provider_init (CbzWhatsappCloudProvider *self)
{
}
