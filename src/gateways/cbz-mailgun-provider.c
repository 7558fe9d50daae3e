/* cbz-mailgun-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mailgun: POST /v3/{domain}/messages as multipart/form-data (the PDF is a
 * file part, not base64), Basic auth api:KEY; 200 {"id":"<…>","message":…}.
 * The EU region is another base URL (https://api.eu.mailgun.net). Status
 * comes from the events API.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-mailgun-provider.h"
#include "cbz-provider-private.h"

struct _CbzMailgunProvider
{
  CbzProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (CbzMailgunProvider, cbz_mailgun_provider, CBZ_TYPE_PROVIDER)

static char *
domain_path (CbzProvider *provider,
             const char  *what)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autofree char *domain = g_uri_escape_string (account->account, NULL, FALSE);

  return g_strdup_printf ("/v3/%s/%s", domain, what);
}

/* Mailgun errors are {"message": …} or, from its proxies, plain text. */
static char *
dup_error_text (GBytes *body)
{
  g_autoptr(JsonNode) root = _cbz_provider_parse_json (body);
  gsize size = 0;
  const char *data;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (_cbz_json_get_string (json_node_get_object (root), "message"));

  data = body ? g_bytes_get_data (body, &size) : NULL;
  if (data != NULL && size > 0 && size < 512 && g_utf8_validate (data, (gssize) size, NULL))
    return g_strstrip (g_strndup (data, size));
  return NULL;
}

static CbzSendResult *
map_send_answer (CbzProvider *provider,
                 SoupMessage *message,
                 GBytes      *body)
{
  guint status = soup_message_get_status (message);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  const char *raw_id;

  if (status != 200)
    {
      text = dup_error_text (body);
      if (status == 400 && text != NULL &&
          (strstr (text, "to parameter") != NULL || strstr (text, "valid address") != NULL))
        return _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_INVALID_NUMBER,
                                      message, NULL, text);
      if (status == 404)
        return _cbz_provider_failure (provider, CBZ_SEND_PERMANENT_FAILURE, CBZ_FAILURE_FORBIDDEN,
                                      message, NULL, text ? text : _("sending domain not found"));
      return _cbz_provider_http_failure (provider, message, NULL, text);
    }

  root = _cbz_provider_parse_json (body);
  raw_id = root && JSON_NODE_HOLDS_OBJECT (root) ? _cbz_json_get_string (json_node_get_object (root), "id") : NULL;
  if (raw_id == NULL || *raw_id == '\0')
    return _cbz_provider_malformed (provider, message);

  /* "<2026…@mg.example.mx>": the events API wants it without the brackets. */
  id = g_strdup (raw_id);
  if (id[0] == '<' && g_str_has_suffix (id, ">"))
    {
      id[strlen (id) - 1] = '\0';
      memmove (id, id + 1, strlen (id));
    }
  return cbz_send_result_new_accepted (id, CBZ_DELIVERY_QUEUED, status);
}

static void
cbz_mailgun_provider_send_async (CbzProvider              *provider,
                                 const CbzOutgoingMessage *message,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *from_header = NULL;
  const char *from = message->from ? message->from : account->from;
  const char *problem = NULL;

  if (message->channel != CBZ_CHANNEL_EMAIL)
    problem = _("Mailgun sends only e-mail");
  else if (message->to == NULL || *message->to == '\0')
    problem = _("the message has no recipient address");
  else if (from == NULL || *from == '\0')
    problem = _("no sender address is configured for Mailgun");
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

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "from", from_header);
  soup_multipart_append_form_string (multipart, "to", message->to);
  if (message->subject != NULL)
    soup_multipart_append_form_string (multipart, "subject", message->subject);
  if (message->body != NULL && *message->body != '\0')
    soup_multipart_append_form_string (multipart, "text", message->body);
  if (message->html != NULL && *message->html != '\0')
    soup_multipart_append_form_string (multipart, "html", message->html);
  if (message->reference != NULL)
    soup_multipart_append_form_string (multipart, "v:cobranza-reference", message->reference);
  if (message->attachment != NULL)
    soup_multipart_append_form_file (multipart, "attachment",
                                     message->attachment_filename ? message->attachment_filename : "document.pdf",
                                     message->attachment_mime ? message->attachment_mime : "application/pdf",
                                     message->attachment);

  path = domain_path (provider, "messages");
  request = _cbz_provider_new_message (provider, SOUP_METHOD_POST, path, &error);
  if (request == NULL)
    {
      _cbz_provider_report_result (provider, _cbz_provider_transport_failure (provider, error),
                                   callback, user_data);
      return;
    }
  _cbz_provider_set_basic_auth (request, "api", account->secret);
  _cbz_provider_set_multipart_body (request, multipart);
  _cbz_provider_send_request (provider, request, map_send_answer, cancellable, callback, user_data);
}

static CbzSendResult *
cbz_mailgun_provider_send_finish (CbzProvider   *provider,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _cbz_provider_send_request_finish (provider, result, error);
}

/* Events in order of how far the message got; the furthest one wins. */
static int
event_rank (const char *event,
            const char *severity,
            CbzDeliveryStatus *status)
{
  if (g_strcmp0 (event, "accepted") == 0)
    return *status = CBZ_DELIVERY_QUEUED, 1;
  if (g_strcmp0 (event, "failed") == 0 && g_strcmp0 (severity, "temporary") == 0)
    return *status = CBZ_DELIVERY_SENDING, 2;
  if (g_strcmp0 (event, "delivered") == 0)
    return *status = CBZ_DELIVERY_DELIVERED, 4;
  if (g_strcmp0 (event, "failed") == 0 || g_strcmp0 (event, "rejected") == 0)
    return *status = CBZ_DELIVERY_FAILED, 5;
  if (g_strcmp0 (event, "opened") == 0 || g_strcmp0 (event, "clicked") == 0)
    return *status = CBZ_DELIVERY_READ, 6;
  if (g_strcmp0 (event, "unsubscribed") == 0 || g_strcmp0 (event, "complained") == 0)
    return *status = CBZ_DELIVERY_DELIVERED, 3;
  return 0;
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
  JsonArray *items;
  int best = 0;

  body = _cbz_provider_fetch_finish (provider, result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (soup_message_get_status (message) != 200)
    {
      g_autofree char *text = dup_error_text (body);

      _cbz_provider_return_http_error (provider, task, message, text);
      return;
    }

  root = _cbz_provider_parse_json (body);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || !json_object_has_member (object, "items") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "items")))
    {
      g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY,
                               _("Mailgun’s answer about the message could not be read."));
      return;
    }

  report = g_new0 (CbzDeliveryReport, 1);
  report->provider_message_id = g_strdup (g_task_get_task_data (task));
  report->status = CBZ_DELIVERY_QUEUED;
  items = json_object_get_array_member (object, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      CbzDeliveryStatus status = CBZ_DELIVERY_UNKNOWN;
      JsonObject *item;
      int rank;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      rank = event_rank (_cbz_json_get_string (item, "event"),
                         _cbz_json_get_string (item, "severity"), &status);
      if (rank <= best)
        continue;
      best = rank;
      report->status = status;
      g_clear_pointer (&report->reason, g_free);
      g_clear_pointer (&report->provider_code, g_free);
      report->failure = CBZ_FAILURE_NONE;
      if (status == CBZ_DELIVERY_FAILED)
        {
          const char *description = NULL;

          if (json_object_has_member (item, "delivery-status") &&
              JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "delivery-status")))
            {
              JsonObject *delivery = json_object_get_object_member (item, "delivery-status");

              description = _cbz_json_get_string (delivery, "description");
              if (description == NULL || *description == '\0')
                description = _cbz_json_get_string (delivery, "message");
              report->provider_code = _cbz_json_dup_code (delivery, "code");
            }
          report->failure = g_strcmp0 (_cbz_json_get_string (item, "reason"), "suppress-unsubscribe") == 0
                            ? CBZ_FAILURE_OPTED_OUT : CBZ_FAILURE_UNDELIVERABLE;
          report->reason = description
                           ? g_strdup_printf ("%s (Mailgun: %s)", _cbz_failure_describe (report->failure), description)
                           : g_strdup (_cbz_failure_describe (report->failure));
        }
    }
  g_task_return_pointer (task, report, (GDestroyNotify) cbz_delivery_report_free);
}

static void
cbz_mailgun_provider_poll_status_async (CbzProvider         *provider,
                                        const char          *provider_message_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autoptr(SoupMessage) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = g_uri_escape_string (provider_message_id, NULL, FALSE);
  g_autofree char *what = g_strdup_printf ("events?message-id=%s", escaped);
  g_autofree char *path = domain_path (provider, what);
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, cbz_mailgun_provider_poll_status_async);
  g_task_set_task_data (task, g_strdup (provider_message_id), g_free);
  request = _cbz_provider_new_message (provider, SOUP_METHOD_GET, path, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  _cbz_provider_set_basic_auth (request, "api", account->secret);
  _cbz_provider_fetch_async (provider, request, cancellable, on_poll_cb, task);
}

static CbzDeliveryReport *
cbz_mailgun_provider_poll_status_finish (CbzProvider   *provider,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cbz_mailgun_provider_class_init (CbzMailgunProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);

  provider_class->id = "mailgun";
  provider_class->features = CBZ_PROVIDER_FEATURE_EMAIL |
                             CBZ_PROVIDER_FEATURE_ATTACHMENTS |
                             CBZ_PROVIDER_FEATURE_POLL_STATUS;
  provider_class->default_rate_per_second = 50.0;
  provider_class->default_concurrency = 8;
  provider_class->send_async = cbz_mailgun_provider_send_async;
  provider_class->send_finish = cbz_mailgun_provider_send_finish;
  provider_class->poll_status_async = cbz_mailgun_provider_poll_status_async;
  provider_class->poll_status_finish = cbz_mailgun_provider_poll_status_finish;
}

static void
cbz_mailgun_provider_init (CbzMailgunProvider *self)
{
}
