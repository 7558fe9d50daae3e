/* cbz-twilio-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Twilio Programmable Messaging: SMS, and WhatsApp through Twilio (approved
 * templates as ContentSid + ContentVariables). Form-encoded POST with Basic
 * auth AccountSid:AuthToken; 201 with the message resource.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-provider-private.h"
#include "cbz-twilio-provider.h"

#define TWILIO_MAX_BODY 1600
#define TWILIO_PAGE_SIZE 50
#define TWILIO_MAX_PAGES 200

struct _CbzTwilioProvider
{
  CbzProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (CbzTwilioProvider, cbz_twilio_provider, CBZ_TYPE_PROVIDER)

static CbzDeliveryStatus
parse_status (const char *status)
{
  static const struct { const char *name; CbzDeliveryStatus value; } map[] = {
    { "queued", CBZ_DELIVERY_QUEUED },
    { "accepted", CBZ_DELIVERY_QUEUED },
    { "scheduled", CBZ_DELIVERY_QUEUED },
    { "sending", CBZ_DELIVERY_SENDING },
    { "sent", CBZ_DELIVERY_SENT },
    { "delivered", CBZ_DELIVERY_DELIVERED },
    { "partially_delivered", CBZ_DELIVERY_DELIVERED },
    { "read", CBZ_DELIVERY_READ },
    { "undelivered", CBZ_DELIVERY_UNDELIVERED },
    { "failed", CBZ_DELIVERY_FAILED },
    { "receiving", CBZ_DELIVERY_RECEIVED },
    { "received", CBZ_DELIVERY_RECEIVED },
    { "canceled", CBZ_DELIVERY_CANCELED },
  };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (map); i++)
    {
      if (g_str_equal (map[i].name, status))
        return map[i].value;
    }
  return CBZ_DELIVERY_UNKNOWN;
}

/* Twilio error codes (https://www.twilio.com/docs/api/errors) to our reasons. */
static CbzFailureCode
failure_for_code (const char *code,
                  gboolean   *temporary)
{
  gint64 value = code ? g_ascii_strtoll (code, NULL, 10) : 0;

  *temporary = FALSE;
  switch (value)
    {
    case 20003:
    case 20005:
      return CBZ_FAILURE_BAD_CREDENTIALS;
    case 20429:
    case 14107:
      *temporary = TRUE;
      return CBZ_FAILURE_RATE_LIMITED;
    case 21211:
    case 21217:
    case 21401:
    case 21421:
    case 30005:
    case 63024:
      return CBZ_FAILURE_INVALID_NUMBER;
    case 21610:
    case 30004:
      return CBZ_FAILURE_OPTED_OUT;
    case 21614:
    case 21635:
    case 30006:
      return CBZ_FAILURE_NOT_MOBILE;
    case 21612:
    case 21408:
    case 21606:
    case 21608:
    case 20404:
      return CBZ_FAILURE_FORBIDDEN;
    case 21617:
      return CBZ_FAILURE_TOO_LARGE;
    case 63016:
      return CBZ_FAILURE_OUTSIDE_WINDOW;
    case 63027:
    case 63028:
      return CBZ_FAILURE_TEMPLATE_MISMATCH;
    case 63013:
    case 63032:
    case 63041:
      return CBZ_FAILURE_TEMPLATE_NOT_APPROVED;
    case 30003:
    case 30007:
    case 30008:
    case 63003:
      return CBZ_FAILURE_UNDELIVERABLE;
    case 30001:
    case 30002:
    case 20500:
    case 20503:
      *temporary = TRUE;
      return CBZ_FAILURE_SERVER_ERROR;
    default:
      return CBZ_FAILURE_NONE;
    }
}

static GDateTime *
parse_date (JsonObject *object,
            const char *member)
{
  const char *text = _cbz_json_get_string (object, member);

  if (text == NULL || *text == '\0')
    return NULL;
  return soup_date_time_new_from_http_string (text);
}

static char *
with_channel_prefix (CbzChannel  channel,
                     const char *number)
{
  if (channel == CBZ_CHANNEL_WHATSAPP && !g_str_has_prefix (number, "whatsapp:"))
    return g_strconcat ("whatsapp:", number, NULL);
  return g_strdup (number);
}

static char *
build_content_variables (char **parameters)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; parameters != NULL && parameters[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("%u", i + 1);

      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, parameters[i]);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char *
account_path (CbzProvider *provider,
              const char  *suffix)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autofree char *sid = g_uri_escape_string (account->account, NULL, FALSE);

  return g_strdup_printf ("/2010-04-01/Accounts/%s/%s", sid, suffix);
}

static void
append_form_field (GString    *form,
                   const char *name,
                   const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append (form, name);
  g_string_append_c (form, '=');
  g_string_append (form, escaped);
}

static SoupMessage *
new_request (CbzProvider  *provider,
             const char   *method,
             const char   *path,
             GError      **error)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  SoupMessage *message = _cbz_provider_new_message (provider, method, path, error);

  if (message != NULL)
    _cbz_provider_set_basic_auth (message, account->account, account->secret);
  return message;
}

/* Reads Twilio's error body {"code":21211,"message":...,"status":400}. */
static CbzSendResult *
map_error (CbzProvider *provider,
           SoupMessage *message,
           GBytes      *body)
{
  g_autoptr(JsonNode) root = _cbz_provider_parse_json (body);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  g_autofree char *code = _cbz_json_dup_code (object, "code");
  const char *text = _cbz_json_get_string (object, "message");
  guint status = soup_message_get_status (message);
  gboolean temporary = FALSE;
  CbzFailureCode failure = failure_for_code (code, &temporary);

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
  const char *sid;

  if (status != 200 && status != 201)
    return map_error (provider, message, body);

  root = _cbz_provider_parse_json (body);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return _cbz_provider_malformed (provider, message);

  object = json_node_get_object (root);
  sid = _cbz_json_get_string (object, "sid");
  if (sid == NULL || *sid == '\0')
    return _cbz_provider_malformed (provider, message);

  return cbz_send_result_new_accepted (sid, parse_status (_cbz_json_get_string (object, "status")),
                                       status);
}

static void
cbz_twilio_provider_send_async (CbzProvider              *provider,
                                const CbzOutgoingMessage *message,
                                GCancellable             *cancellable,
                                GAsyncReadyCallback       callback,
                                gpointer                  user_data)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) form_bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GString) form = NULL;
  const char *sender;

  if (message->channel == CBZ_CHANNEL_EMAIL)
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_UNSUPPORTED,
                               NULL, NULL, _("Twilio sends SMS and WhatsApp, not e-mail")),
        callback, user_data);
      return;
    }

  if (message->channel == CBZ_CHANNEL_WHATSAPP)
    sender = message->from ? message->from : account->whatsapp_from ? account->whatsapp_from : account->from;
  else
    sender = message->from ? message->from : account->from;

  if (message->to == NULL || *message->to == '\0' || sender == NULL || *sender == '\0')
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_INVALID_REQUEST,
                               NULL, NULL,
                               message->to == NULL || *message->to == '\0'
                                 ? _("the message has no recipient number")
                                 : _("no sender number is configured for Twilio")),
        callback, user_data);
      return;
    }

  if (message->template_name == NULL &&
      (message->body == NULL || *message->body == '\0') &&
      message->attachment_url == NULL)
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_INVALID_REQUEST,
                               NULL, NULL, _("the message is empty")),
        callback, user_data);
      return;
    }

  if (message->body != NULL && message->template_name == NULL &&
      g_utf8_strlen (message->body, -1) > TWILIO_MAX_BODY)
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_TOO_LARGE,
                               NULL, NULL, _("the text is longer than Twilio’s 1,600 characters")),
        callback, user_data);
      return;
    }

  if (message->attachment != NULL && message->attachment_url == NULL)
    {
      _cbz_provider_report_result (provider,
        _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_UNSUPPORTED,
                               NULL, NULL, _("Twilio can only attach a file by its public link")),
        callback, user_data);
      return;
    }

  to = with_channel_prefix (message->channel, message->to);
  from = with_channel_prefix (message->channel, sender);

  form = g_string_new (NULL);
  append_form_field (form, "To", to);
  if (g_str_has_prefix (sender, "MG"))
    append_form_field (form, "MessagingServiceSid", sender);
  else
    append_form_field (form, "From", from);
  if (message->template_name != NULL)
    {
      g_autofree char *variables = build_content_variables (message->template_parameters);

      append_form_field (form, "ContentSid", message->template_name);
      append_form_field (form, "ContentVariables", variables);
    }
  else if (message->body != NULL && *message->body != '\0')
    append_form_field (form, "Body", message->body);
  if (message->attachment_url != NULL)
    append_form_field (form, "MediaUrl", message->attachment_url);

  path = account_path (provider, "Messages.json");
  request = new_request (provider, SOUP_METHOD_POST, path, &error);
  if (request == NULL)
    {
      _cbz_provider_report_result (provider, _cbz_provider_transport_failure (provider, error),
                                   callback, user_data);
      return;
    }

  form_bytes = g_string_free_to_bytes (g_steal_pointer (&form));
  soup_message_set_request_body_from_bytes (request, "application/x-www-form-urlencoded", form_bytes);
  _cbz_provider_send_request (provider, request, map_send_answer, cancellable, callback, user_data);
}

static CbzSendResult *
cbz_twilio_provider_send_finish (CbzProvider   *provider,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _cbz_provider_send_request_finish (provider, result, error);
}

static void
fill_failure_from_code (CbzDeliveryReport *report,
                        JsonObject        *object)
{
  gboolean temporary;

  report->provider_code = _cbz_json_dup_code (object, "error_code");
  if (report->provider_code != NULL && g_str_equal (report->provider_code, "0"))
    g_clear_pointer (&report->provider_code, g_free);
  if (report->provider_code == NULL)
    return;

  report->failure = failure_for_code (report->provider_code, &temporary);
  if (report->failure == CBZ_FAILURE_NONE)
    report->failure = CBZ_FAILURE_UNDELIVERABLE;
  if (_cbz_json_get_string (object, "error_message") != NULL)
    report->reason = g_strdup_printf ("%s (Twilio %s: %s)", _cbz_failure_describe (report->failure),
                                      report->provider_code,
                                      _cbz_json_get_string (object, "error_message"));
  else
    report->reason = g_strdup_printf ("%s (Twilio %s)", _cbz_failure_describe (report->failure),
                                      report->provider_code);
}

static char *
dup_error_message (GBytes *body)
{
  g_autoptr(JsonNode) root = _cbz_provider_parse_json (body);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  return g_strdup (_cbz_json_get_string (object, "message"));
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

  body = _cbz_provider_fetch_finish (provider, result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (soup_message_get_status (message) != 200)
    {
      g_autofree char *text = dup_error_message (body);

      _cbz_provider_return_http_error (provider, task, message, text);
      return;
    }

  root = _cbz_provider_parse_json (body);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY,
                               _("Twilio’s answer about the message could not be read."));
      return;
    }

  object = json_node_get_object (root);
  report = g_new0 (CbzDeliveryReport, 1);
  report->provider_message_id = g_strdup (_cbz_json_get_string (object, "sid"));
  report->status = parse_status (_cbz_json_get_string (object, "status"));
  if (cbz_delivery_status_is_failure (report->status))
    fill_failure_from_code (report, object);
  g_task_return_pointer (task, report, (GDestroyNotify) cbz_delivery_report_free);
}

static void
cbz_twilio_provider_poll_status_async (CbzProvider         *provider,
                                       const char          *provider_message_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = g_uri_escape_string (provider_message_id, NULL, FALSE);
  g_autofree char *suffix = g_strdup_printf ("Messages/%s.json", escaped);
  g_autofree char *path = account_path (provider, suffix);
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, cbz_twilio_provider_poll_status_async);
  request = new_request (provider, SOUP_METHOD_GET, path, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  _cbz_provider_fetch_async (provider, request, cancellable, on_poll_cb, task);
}

static CbzDeliveryReport *
cbz_twilio_provider_poll_status_finish (CbzProvider   *provider,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GPtrArray *messages;
  guint      pages;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->messages, g_ptr_array_unref);
  g_free (data);
}

static CbzProviderMessage *
parse_message (JsonObject *object)
{
  CbzProviderMessage *message = g_new0 (CbzProviderMessage, 1);
  const char *direction = _cbz_json_get_string (object, "direction");

  message->provider_message_id = g_strdup (_cbz_json_get_string (object, "sid"));
  message->inbound = g_strcmp0 (direction, "inbound") == 0;
  message->from = g_strdup (_cbz_json_get_string (object, "from"));
  message->to = g_strdup (_cbz_json_get_string (object, "to"));
  message->body = g_strdup (_cbz_json_get_string (object, "body"));
  message->status = parse_status (_cbz_json_get_string (object, "status"));
  message->error_code = _cbz_json_dup_code (object, "error_code");
  message->date_sent = parse_date (object, "date_sent");
  message->date_created = parse_date (object, "date_created");
  return message;
}

static void fetch_page (CbzProvider *provider,
                        GTask       *task,
                        const char  *path);

static void
on_list_page_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CbzProvider *provider = CBZ_PROVIDER (source);
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *object;
  JsonNode *rows;
  const char *next;

  body = _cbz_provider_fetch_finish (provider, result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (soup_message_get_status (message) != 200)
    {
      g_autofree char *text = dup_error_message (body);

      _cbz_provider_return_http_error (provider, task, message, text);
      g_object_unref (task);
      return;
    }

  root = _cbz_provider_parse_json (body);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  rows = object && json_object_has_member (object, "messages")
         ? json_object_get_member (object, "messages") : NULL;
  if (rows == NULL || !JSON_NODE_HOLDS_ARRAY (rows))
    {
      g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY,
                               _("Twilio’s list of messages could not be read."));
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      JsonNode *row = json_array_get_element (json_node_get_array (rows), i);

      if (JSON_NODE_HOLDS_OBJECT (row))
        g_ptr_array_add (data->messages, parse_message (json_node_get_object (row)));
    }

  next = _cbz_json_get_string (object, "next_page_uri");
  if (next != NULL && *next != '\0' && ++data->pages < TWILIO_MAX_PAGES)
    {
      /* next_page_uri is a path on the same host; never follow another host. */
      if (next[0] != '/')
        {
          g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_PERMANENT,
                                   _("Twilio pointed the next page at another address."));
          g_object_unref (task);
          return;
        }
      fetch_page (provider, task, next);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->messages), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

static void
fetch_page (CbzProvider *provider,
            GTask       *task,
            const char  *path)
{
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;

  request = new_request (provider, SOUP_METHOD_GET, path, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  _cbz_provider_fetch_async (provider, request, g_task_get_cancellable (task), on_list_page_cb, task);
}

static void
cbz_twilio_provider_list_messages_async (CbzProvider         *provider,
                                         const char          *to,
                                         const char          *from,
                                         GDateTime           *sent_after,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GString) query = g_string_new ("Messages.json?");
  g_autofree char *path = NULL;
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  g_task_set_source_tag (task, cbz_twilio_provider_list_messages_async);
  data->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_provider_message_free);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  if (to != NULL)
    append_form_field (query, "To", to);
  if (from != NULL)
    append_form_field (query, "From", from);
  if (sent_after != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (sent_after);
      g_autofree char *day = g_date_time_format (utc, "%Y-%m-%d");

      /* Twilio's inequality filter is spelled into the parameter name. */
      g_string_append_printf (query, "%sDateSent%%3E=%s", query->len > 14 ? "&" : "", day);
    }
  g_string_append_printf (query, "%sPageSize=%d", query->len > 14 ? "&" : "", TWILIO_PAGE_SIZE);

  path = account_path (provider, query->str);
  fetch_page (provider, task, path);
}

static GPtrArray *
cbz_twilio_provider_list_messages_finish (CbzProvider   *provider,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cbz_twilio_provider_class_init (CbzTwilioProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);

  provider_class->id = "twilio";
  provider_class->features = CBZ_PROVIDER_FEATURE_SMS |
                             CBZ_PROVIDER_FEATURE_WHATSAPP |
                             CBZ_PROVIDER_FEATURE_POLL_STATUS |
                             CBZ_PROVIDER_FEATURE_LIST_MESSAGES |
                             CBZ_PROVIDER_FEATURE_TEMPLATES;
  /* A long code sends about one segment per second. */
  provider_class->default_rate_per_second = 1.0;
  provider_class->default_concurrency = 4;
  provider_class->send_async = cbz_twilio_provider_send_async;
  provider_class->send_finish = cbz_twilio_provider_send_finish;
  provider_class->poll_status_async = cbz_twilio_provider_poll_status_async;
  provider_class->poll_status_finish = cbz_twilio_provider_poll_status_finish;
  provider_class->list_messages_async = cbz_twilio_provider_list_messages_async;
  provider_class->list_messages_finish = cbz_twilio_provider_list_messages_finish;
}

static void
cbz_twilio_provider_init (CbzTwilioProvider *self)
{
}
