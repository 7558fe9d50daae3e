/* cbz-provider-request.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP side of CbzProvider, written once for every provider: a send
 * (checked, optionally preceded by an upload, sent, its answer read), a
 * status poll, and a paged listing. Each runs as a GTask on libsoup's async
 * API; the implementation's vfuncs only describe requests and read answers.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-provider-private.h"

/* Twilio's paging can point at page after page; a bound keeps a confused
 * server from listing forever. */
#define MAX_LIST_PAGES 200

/* Requests */

void
_cbz_provider_request_init (CbzProviderRequest *request,
                            const char         *method,
                            char               *path)
{
  request->method = method;
  g_free (request->path);
  request->path = path;
}

void
_cbz_provider_request_clear (CbzProviderRequest *request)
{
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->content_type, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
}

static void
set_body (CbzProviderRequest *request,
          const char         *content_type,
          GBytes             *body)
{
  g_free (request->content_type);
  request->content_type = g_strdup (content_type);
  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = body;
}

void
_cbz_provider_request_set_json (CbzProviderRequest *request,
                                JsonBuilder        *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  set_body (request, "application/json", g_bytes_new_take (data, length));
}

void
_cbz_provider_request_set_multipart (CbzProviderRequest *request,
                                     SoupMultipart      *multipart)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  GBytes *body = NULL;

  soup_multipart_to_message (multipart, headers, &body);
  set_body (request, soup_message_headers_get_one (headers, "Content-Type"), body);
}

void
_cbz_provider_request_set_form (CbzProviderRequest *request,
                                GString            *form)
{
  set_body (request, "application/x-www-form-urlencoded", g_string_free_to_bytes (form));
}

void
_cbz_form_append (GString    *form,
                  const char *name,
                  const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0 && form->str[form->len - 1] != '?')
    g_string_append_c (form, '&');
  g_string_append (form, name);
  g_string_append_c (form, '=');
  g_string_append (form, escaped);
}

void
_cbz_provider_set_basic_auth (SoupMessage *request,
                              const char  *user,
                              const char  *password)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *value = g_strdup_printf ("Basic %s", encoded);

  memset (pair, 0, strlen (pair));
  soup_message_headers_replace (soup_message_get_request_headers (request), "Authorization", value);
  memset (value, 0, strlen (value));
}

void
_cbz_provider_set_bearer (SoupMessage *request,
                          const char  *token)
{
  g_autofree char *value = g_strdup_printf ("Bearer %s", token);

  soup_message_headers_replace (soup_message_get_request_headers (request), "Authorization", value);
  memset (value, 0, strlen (value));
}

const char *
_cbz_attachment_filename (const CbzOutgoingMessage *message)
{
  return message->attachment_filename != NULL ? message->attachment_filename : "document.pdf";
}

const char *
_cbz_attachment_mime (const CbzOutgoingMessage *message)
{
  return message->attachment_mime != NULL ? message->attachment_mime : "application/pdf";
}

gboolean
_cbz_has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Reads @body once for the implementation's parsers. */
static void
reply_init (CbzProviderReply *reply,
            SoupMessage      *message,
            GBytes           *body)
{
  reply->message = message;
  reply->body = body;
  reply->json = _cbz_provider_parse_json (body);
  reply->object = _cbz_json_object (reply->json);
}

static void
reply_clear (CbzProviderReply *reply)
{
  g_clear_pointer (&reply->json, json_node_unref);
  reply->object = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CbzProviderReply, reply_clear)

/* The SoupMessage for @request: below the base URL (the address rule
 * checked again), no redirects (a POST must not silently become a GET),
 * JSON answers asked for, and the account's credentials. */
static SoupMessage *
new_soup_message (CbzProvider         *self,
                  CbzProviderRequest  *request,
                  GError             **error)
{
  g_autofree char *url = g_strconcat (cbz_provider_get_base_url (self), request->path, NULL);
  SoupMessage *message;

  if (!cbz_provider_check_base_url (url, error))
    return NULL;

  message = soup_message_new (request->method, url);
  if (message == NULL)
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
                   _("“%s” is not a valid provider address."), url);
      return NULL;
    }
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message, request->content_type, request->body);
  CBZ_PROVIDER_GET_CLASS (self)->authorize (self, message);
  return message;
}

/* Sending */

typedef struct
{
  CbzOutgoingMessage *message;
  SoupMessage        *request;
  char               *upload_id;
  gboolean            uploading;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_pointer (&data->message, cbz_outgoing_message_free);
  g_clear_object (&data->request);
  g_clear_pointer (&data->upload_id, g_free);
  g_free (data);
}

static void
return_result (GTask         *task,
               CbzSendResult *result)
{
  g_task_return_pointer (task, result, (GDestroyNotify) cbz_send_result_free);
  g_object_unref (task);
}

static void post_send (GTask *task);

/* What the upload's answer means: the id to send with, or the result. */
static CbzSendResult *
read_upload_answer (CbzProvider            *self,
                    SendData               *data,
                    const CbzProviderReply *reply)
{
  CbzProviderClass *klass = CBZ_PROVIDER_GET_CLASS (self);
  g_auto(CbzProviderAnswer) answer = { 0 };

  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (reply->message)))
    {
      CbzSendResult *result;

      data->upload_id = klass->parse_upload (self, reply);
      if (data->upload_id != NULL)
        return NULL;
      /* Nothing was sent yet, so an unreadable upload is safe to retry from
       * the start: no "may have been accepted" marker. */
      result = _cbz_provider_malformed_result (self, reply->message);
      result->http_status = 0;
      return result;
    }

  klass->parse_error (self, reply, &answer);
  return _cbz_provider_answer_result (self, data->message->to, reply->message, &answer);
}

static CbzSendResult *
read_send_answer (CbzProvider            *self,
                  SendData               *data,
                  const CbzProviderReply *reply)
{
  CbzProviderClass *klass = CBZ_PROVIDER_GET_CLASS (self);
  guint status = soup_message_get_status (reply->message);
  g_auto(CbzProviderAnswer) answer = { .status = CBZ_DELIVERY_QUEUED };

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    klass->parse_error (self, reply, &answer);
  else if (klass->parse_send (self, reply, &answer))
    return cbz_send_result_new_accepted (answer.id, answer.status, status);
  else if (answer.failure == CBZ_FAILURE_NONE)
    return _cbz_provider_malformed_result (self, reply->message);

  return _cbz_provider_answer_result (self, data->message->to, reply->message, &answer);
}

static void
on_send_answer_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  CbzProvider *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_auto(CbzProviderReply) reply = { 0 };
  CbzSendResult *send_result;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
        }
      else
        return_result (task, _cbz_provider_transport_result (self, error));
      return;
    }

  reply_init (&reply, data->request, body);
  if (data->uploading)
    {
      data->uploading = FALSE;
      send_result = read_upload_answer (self, data, &reply);
      if (send_result == NULL)
        {
          post_send (task);
          return;
        }
    }
  else
    send_result = read_send_answer (self, data, &reply);

  return_result (task, send_result);
}

static void
post (GTask              *task,
      CbzProviderRequest *request)
{
  CbzProvider *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_object (&data->request);
  data->request = new_soup_message (self, request, &error);
  if (data->request == NULL)
    {
      return_result (task, _cbz_provider_transport_result (self, error));
      return;
    }
  soup_session_send_and_read_async (_cbz_provider_get_session (self), data->request, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_send_answer_cb, task);
}

static void
post_send (GTask *task)
{
  CbzProvider *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_auto(CbzProviderRequest) request = { 0 };

  CBZ_PROVIDER_GET_CLASS (self)->build_send (self, data->message, data->upload_id, &request);
  post (task, &request);
}

void
cbz_provider_send_async (CbzProvider              *self,
                         const CbzOutgoingMessage *message,
                         GCancellable             *cancellable,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data)
{
  CbzProviderClass *klass;
  CbzFailureCode failure = CBZ_FAILURE_INVALID_REQUEST;
  g_autofree char *problem = NULL;
  g_auto(CbzProviderRequest) upload = { 0 };
  SendData *data;
  GTask *task;

  g_return_if_fail (CBZ_IS_PROVIDER (self));
  g_return_if_fail (message != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  klass = CBZ_PROVIDER_GET_CLASS (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_provider_send_async);

  /* Refused here, it never reaches the provider. */
  problem = klass->check_message (self, message, &failure);
  if (problem != NULL)
    {
      return_result (task, _cbz_provider_refused_result (self, failure, problem));
      return;
    }

  data = g_new0 (SendData, 1);
  data->message = cbz_outgoing_message_copy (message);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  if (klass->build_upload != NULL && klass->build_upload (self, data->message, &upload))
    {
      data->uploading = TRUE;
      post (task, &upload);
    }
  else
    post_send (task);
}

CbzSendResult *
cbz_provider_send_finish (CbzProvider   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Polling and listing: one GET at a time, answers read by the vfuncs. */

typedef void (*AnswerFunc) (GTask                  *task,
                            const CbzProviderReply *reply);

typedef struct
{
  SoupMessage *request;
  AnswerFunc   on_answer;
  char        *provider_message_id; /* poll */
  GPtrArray   *messages;            /* list: CbzProviderMessage */
  guint        pages;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->request);
  g_clear_pointer (&data->provider_message_id, g_free);
  g_clear_pointer (&data->messages, g_ptr_array_unref);
  g_free (data);
}

static void
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* @format names the provider with its one %s. */
static void G_GNUC_PRINTF (3, 4)
return_provider_error (GTask            *task,
                       CbzProviderError  code,
                       const char       *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return_error (task, g_error_new_literal (CBZ_PROVIDER_ERROR, code, message));
}

static void
on_fetch_answer_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  CbzProvider *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_auto(CbzProviderReply) reply = { 0 };
  GError *error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      return_error (task, _cbz_provider_transport_error (self, error));
      return;
    }

  reply_init (&reply, data->request, body);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->request)))
    {
      g_auto(CbzProviderAnswer) answer = { 0 };

      CBZ_PROVIDER_GET_CLASS (self)->parse_error (self, &reply, &answer);
      return_error (task, _cbz_provider_http_error (self, data->request, answer.text));
      return;
    }

  data->on_answer (task, &reply);
}

static void
fetch (GTask              *task,
       CbzProviderRequest *request)
{
  CbzProvider *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_object (&data->request);
  data->request = new_soup_message (self, request, &error);
  if (data->request == NULL)
    {
      return_error (task, error);
      return;
    }
  soup_session_send_and_read_async (_cbz_provider_get_session (self), data->request, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_fetch_answer_cb, task);
}

static GTask *
new_fetch_task (CbzProvider         *self,
                gpointer             source_tag,
                AnswerFunc           on_answer,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  FetchData *data = g_new0 (FetchData, 1);

  g_task_set_source_tag (task, source_tag);
  data->on_answer = on_answer;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  return task;
}

static void
on_poll_answer (GTask                  *task,
                const CbzProviderReply *reply)
{
  CbzProvider *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  CbzDeliveryReport *report;

  report = CBZ_PROVIDER_GET_CLASS (self)->parse_poll (self, data->provider_message_id, reply);
  if (report == NULL)
    {
      return_provider_error (task, CBZ_PROVIDER_ERROR_TEMPORARY,
                             _("The answer from %s about the message could not be read."),
                             cbz_provider_get_display_name (self));
      return;
    }
  g_task_return_pointer (task, report, (GDestroyNotify) cbz_delivery_report_free);
  g_object_unref (task);
}

void
cbz_provider_poll_status_async (CbzProvider         *self,
                                const char          *provider_message_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  CbzProviderClass *klass;
  g_auto(CbzProviderRequest) request = { 0 };
  FetchData *data;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (CBZ_IS_PROVIDER (self));
  g_return_if_fail (provider_message_id != NULL);

  klass = CBZ_PROVIDER_GET_CLASS (self);
  task = new_fetch_task (self, cbz_provider_poll_status_async, on_poll_answer, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->provider_message_id = g_strdup (provider_message_id);

  if (klass->build_poll == NULL)
    {
      return_provider_error (task, CBZ_PROVIDER_ERROR_NOT_SUPPORTED,
                             _("%s has no way to ask for a message’s status; it reports it only by webhook."),
                             cbz_provider_get_display_name (self));
      return;
    }
  if (!klass->build_poll (self, provider_message_id, &request, &error))
    {
      return_error (task, error);
      return;
    }
  fetch (task, &request);
}

CbzDeliveryReport *
cbz_provider_poll_status_finish (CbzProvider   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_list_page_answer (GTask                  *task,
                     const CbzProviderReply *reply)
{
  CbzProvider *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  g_autofree char *next = NULL;
  g_auto(CbzProviderRequest) request = { 0 };

  if (!CBZ_PROVIDER_GET_CLASS (self)->parse_list_page (self, reply, data->messages, &next))
    {
      return_provider_error (task, CBZ_PROVIDER_ERROR_TEMPORARY,
                             _("The list of messages from %s could not be read."),
                             cbz_provider_get_display_name (self));
      return;
    }

  if (next == NULL || *next == '\0' || ++data->pages >= MAX_LIST_PAGES)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->messages), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  /* The next page is a path on the same host; never follow another host. */
  if (next[0] != '/')
    {
      return_provider_error (task, CBZ_PROVIDER_ERROR_PERMANENT,
                             _("%s pointed the next page at another address."),
                             cbz_provider_get_display_name (self));
      return;
    }
  _cbz_provider_request_init (&request, SOUP_METHOD_GET, g_steal_pointer (&next));
  fetch (task, &request);
}

void
cbz_provider_list_messages_async (CbzProvider         *self,
                                  const char          *to,
                                  const char          *from,
                                  GDateTime           *sent_after,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  CbzProviderClass *klass;
  g_auto(CbzProviderRequest) request = { 0 };
  FetchData *data;
  GTask *task;

  g_return_if_fail (CBZ_IS_PROVIDER (self));

  klass = CBZ_PROVIDER_GET_CLASS (self);
  task = new_fetch_task (self, cbz_provider_list_messages_async, on_list_page_answer,
                         cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_provider_message_free);

  if (klass->list_path == NULL)
    {
      return_provider_error (task, CBZ_PROVIDER_ERROR_NOT_SUPPORTED,
                             _("%s cannot list messages; replies arrive only by webhook."),
                             cbz_provider_get_display_name (self));
      return;
    }
  _cbz_provider_request_init (&request, SOUP_METHOD_GET, klass->list_path (self, to, from, sent_after));
  fetch (task, &request);
}

GPtrArray *
cbz_provider_list_messages_finish (CbzProvider   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Inbound replies: one listing per number of ours. */

typedef struct
{
  GPtrArray  *numbers;   /* our numbers still to list */
  GPtrArray  *inbound;   /* CbzProviderMessage */
  GDateTime  *sent_after;
} InboundData;

static void
inbound_data_free (InboundData *data)
{
  g_clear_pointer (&data->numbers, g_ptr_array_unref);
  g_clear_pointer (&data->inbound, g_ptr_array_unref);
  g_clear_pointer (&data->sent_after, g_date_time_unref);
  g_free (data);
}

static void list_next_number (GTask *task);

static void
on_list_for_inbound_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  InboundData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) messages = NULL;
  GError *error = NULL;

  messages = cbz_provider_list_messages_finish (CBZ_PROVIDER (source), result, &error);
  if (messages == NULL)
    {
      return_error (task, error);
      return;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      CbzProviderMessage *message = g_ptr_array_index (messages, i);

      if (message->inbound)
        g_ptr_array_add (data->inbound, cbz_provider_message_copy (message));
    }
  list_next_number (task);
}

static void
list_next_number (GTask *task)
{
  CbzProvider *self = g_task_get_source_object (task);
  InboundData *data = g_task_get_task_data (task);
  g_autofree char *number = NULL;

  if (data->numbers->len == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->inbound), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  number = g_ptr_array_steal_index (data->numbers, 0);
  cbz_provider_list_messages_async (self, number, NULL, data->sent_after, g_task_get_cancellable (task),
                                    on_list_for_inbound_cb, task);
}

void
cbz_provider_list_inbound_async (CbzProvider         *self,
                                 const char          *our_number,
                                 GDateTime           *sent_after,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  const CbzProviderAccount *account;
  InboundData *data;
  GTask *task;

  g_return_if_fail (CBZ_IS_PROVIDER (self));

  account = _cbz_provider_get_account_info (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_provider_list_inbound_async);
  data = g_new0 (InboundData, 1);
  data->numbers = g_ptr_array_new_with_free_func (g_free);
  data->inbound = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_provider_message_free);
  data->sent_after = sent_after ? g_date_time_ref (sent_after) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) inbound_data_free);

  if (our_number != NULL)
    g_ptr_array_add (data->numbers, g_strdup (our_number));
  else if (account != NULL)
    {
      /* Replies come to the SMS number and, through Twilio, to the WhatsApp
       * sender ("whatsapp:+1…"): list both. */
      const char *whatsapp = account->whatsapp_from ? account->whatsapp_from : account->from;

      if (account->from != NULL)
        g_ptr_array_add (data->numbers, g_strdup (account->from));
      if (whatsapp != NULL && cbz_provider_supports_channel (self, CBZ_CHANNEL_WHATSAPP) &&
          cbz_provider_supports_channel (self, CBZ_CHANNEL_SMS))
        g_ptr_array_add (data->numbers, g_str_has_prefix (whatsapp, "whatsapp:")
                                          ? g_strdup (whatsapp) : g_strconcat ("whatsapp:", whatsapp, NULL));
    }
  if (data->numbers->len == 0)
    g_ptr_array_add (data->numbers, NULL);

  list_next_number (task);
}

GPtrArray *
cbz_provider_list_inbound_finish (CbzProvider   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
