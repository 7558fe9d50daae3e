/* cbz-fake-provider-email.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SendGrid, Mailgun and Postmark: sends, their encodings and attachments,
 * and status polling.
 */

#include "config.h"

#include <string.h>

#include "cbz-fake-provider-private.h"

/* SendGrid */

void
_cbz_fake_sendgrid_send (CbzFakeProvider   *self,
                         SoupServerMessage *msg,
                         CbzFakeRequest    *request,
                         GBytes            *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *personalizations;
  JsonArray *to_list;
  JsonArray *content;
  JsonArray *attachments;
  JsonObject *first;
  g_autofree char *address = NULL;
  const char *from;

  if (g_strcmp0 (request->content_type, "application/json") != 0)
    return _cbz_fake_sendgrid_error (msg, 415, "Content-Type should be application/json.", NULL);
  object = _cbz_fake_parse_json_object (body, parser);
  if (object == NULL)
    return _cbz_fake_sendgrid_error (msg, 400, "Bad Request", NULL);
  _cbz_fake_copy_string_members (request, object);

  personalizations = _cbz_fake_jarr (object, "personalizations");
  if (personalizations == NULL || json_array_get_length (personalizations) == 0)
    return _cbz_fake_sendgrid_error (msg, 400, "The personalizations field is required and must have at least one personalization.", "personalizations");
  first = json_array_get_object_element (personalizations, 0);
  to_list = _cbz_fake_jarr (first, "to");
  if (to_list == NULL || json_array_get_length (to_list) == 0)
    return _cbz_fake_sendgrid_error (msg, 400, "The to array is required for all personalization objects, and must have at least one email object with a valid email address.", "personalizations.0.to");
  request->to = g_strdup (_cbz_fake_jstr (json_array_get_object_element (to_list, 0), "email"));
  request->reference = g_strdup (_cbz_fake_jstr (_cbz_fake_jobj (first, "custom_args"), "cobranza_reference"));
  address = _cbz_fake_extract_address (request->to);
  if (address == NULL || _cbz_fake_recipient_behavior (self, request->to) == CBZ_FAKE_RECIPIENT_INVALID)
    return _cbz_fake_sendgrid_error (msg, 400, "Does not contain a valid address.", "personalizations.0.to.0.email");

  from = _cbz_fake_jstr (_cbz_fake_jobj (object, "from"), "email");
  request->from = g_strdup (from);
  {
    g_autofree char *from_address = _cbz_fake_extract_address (from);

    if (from_address == NULL)
      return _cbz_fake_sendgrid_error (msg, 400, "The from email does not contain a valid address.", "from.email");
  }

  request->subject = g_strdup (_cbz_fake_jstr (object, "subject"));
  if (request->subject == NULL || *request->subject == '\0')
    return _cbz_fake_sendgrid_error (msg, 400, "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject");

  content = _cbz_fake_jarr (object, "content");
  if (content == NULL || json_array_get_length (content) == 0)
    return _cbz_fake_sendgrid_error (msg, 400, "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.", "content");
  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);
      const char *type = _cbz_fake_jstr (part, "type");

      if (type == NULL || _cbz_fake_jstr (part, "value") == NULL)
        return _cbz_fake_sendgrid_error (msg, 400, "Content blocks need a type and a value.", "content");
      if (i > 0 && g_str_equal (type, "text/plain"))
        return _cbz_fake_sendgrid_error (msg, 400, "If present, text/plain content must be first, followed by any other content.", "content");
      if (g_str_equal (type, "text/plain"))
        request->body = g_strdup (_cbz_fake_jstr (part, "value"));
      else if (g_str_equal (type, "text/html"))
        request->html = g_strdup (_cbz_fake_jstr (part, "value"));
    }

  attachments = _cbz_fake_jarr (object, "attachments");
  if (attachments != NULL && json_array_get_length (attachments) > 0)
    {
      JsonObject *attachment = json_array_get_object_element (attachments, 0);
      const char *data = _cbz_fake_jstr (attachment, "content");
      gsize length = 0;
      guchar *decoded;

      if (!_cbz_fake_is_base64 (data))
        return _cbz_fake_sendgrid_error (msg, 400, "The attachment content must be base64 encoded.", "attachments.0.content");
      if (_cbz_fake_jstr (attachment, "filename") == NULL)
        return _cbz_fake_sendgrid_error (msg, 400, "The attachment filename parameter is required.", "attachments.0.filename");
      decoded = g_base64_decode (data, &length);
      request->attachment = g_bytes_new_take (decoded, length);
      request->attachment_filename = g_strdup (_cbz_fake_jstr (attachment, "filename"));
      request->attachment_type = g_strdup (_cbz_fake_jstr (attachment, "type"));
      request->attachment_encoding = g_strdup ("base64-json");
    }

  _cbz_fake_remember_message (self, request, FALSE);
  _cbz_fake_mark_accepted (self, request);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Message-Id", request->message_id);
  soup_server_message_set_status (msg, 202, NULL);
}

void
_cbz_fake_sendgrid_poll (CbzFakeProvider   *self,
                         SoupServerMessage *msg,
                         GHashTable        *query)
{
  const char *filter = query ? g_hash_table_lookup (query, "query") : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  FakeMessage *found = NULL;

  if (filter == NULL || !g_str_has_prefix (filter, "msg_id LIKE '"))
    return _cbz_fake_sendgrid_error (msg, 400, "invalid query", "query");

  for (guint i = 0; i < self->message_order->len && found == NULL; i++)
    {
      FakeMessage *message = g_ptr_array_index (self->message_order, i);

      if (g_str_equal (message->provider, "sendgrid") &&
          g_str_has_prefix (filter + strlen ("msg_id LIKE '"), message->id))
        found = message;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  if (found != NULL)
    {
      gboolean failure;
      const char *status = _cbz_fake_advance_status (self, found, &failure);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "msg_id");
      json_builder_add_string_value (b, found->id);
      json_builder_set_member_name (b, "to_email");
      json_builder_add_string_value (b, found->to);
      json_builder_set_member_name (b, "subject");
      json_builder_add_string_value (b, found->subject ? found->subject : "");
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, failure ? "not_delivered"
                                               : g_str_equal (status, "delivered") ? "delivered" : "processed");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}

/* Mailgun */

void
_cbz_fake_mailgun_send (CbzFakeProvider   *self,
                        SoupServerMessage *msg,
                        CbzFakeRequest    *request,
                        GBytes            *body)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *address = NULL;

  if (request->content_type != NULL && g_str_has_prefix (request->content_type, "multipart/form-data"))
    request->fields = _cbz_fake_parse_multipart (msg, body, request);
  else if (g_strcmp0 (request->content_type, "application/x-www-form-urlencoded") == 0)
    request->fields = _cbz_fake_parse_form (body);
  if (request->fields == NULL)
    return _cbz_fake_mailgun_error (msg, 400, "Expected multipart/form-data or application/x-www-form-urlencoded");

  request->from = g_strdup (g_hash_table_lookup (request->fields, "from"));
  request->to = g_strdup (g_hash_table_lookup (request->fields, "to"));
  request->subject = g_strdup (g_hash_table_lookup (request->fields, "subject"));
  request->body = g_strdup (g_hash_table_lookup (request->fields, "text"));
  request->html = g_strdup (g_hash_table_lookup (request->fields, "html"));
  request->reference = g_strdup (g_hash_table_lookup (request->fields, "v:cobranza-reference"));

  if (request->from == NULL)
    return _cbz_fake_mailgun_error (msg, 400, "'from' parameter is missing");
  if (request->to == NULL)
    return _cbz_fake_mailgun_error (msg, 400, "'to' parameter is missing");
  address = _cbz_fake_extract_address (request->to);
  if (address == NULL || _cbz_fake_recipient_behavior (self, request->to) == CBZ_FAKE_RECIPIENT_INVALID)
    return _cbz_fake_mailgun_error (msg, 400, "to parameter is not a valid address. please check documentation");
  if (request->body == NULL && request->html == NULL && g_hash_table_lookup (request->fields, "template") == NULL)
    return _cbz_fake_mailgun_error (msg, 400, "Need at least one of 'text', 'html' or 'template' parameters specified");

  _cbz_fake_remember_message (self, request, FALSE);
  _cbz_fake_mark_accepted (self, request);

  id_text = g_strdup_printf ("<%s>", request->message_id);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id_text);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, "Queued. Thank you.");
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}

static void
add_mailgun_event (JsonBuilder *b,
                   const char  *event,
                   const char  *severity,
                   FakeMessage *message)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, event);
  if (severity != NULL)
    {
      json_builder_set_member_name (b, "severity");
      json_builder_add_string_value (b, severity);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, "bounce");
      json_builder_set_member_name (b, "delivery-status");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_int_value (b, 550);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, "550 5.1.1 The email account that you tried to reach does not exist.");
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "recipient");
  json_builder_add_string_value (b, message->to);
  json_builder_set_member_name (b, "message");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "headers");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message-id");
  json_builder_add_string_value (b, message->id);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

void
_cbz_fake_mailgun_events (CbzFakeProvider   *self,
                          SoupServerMessage *msg,
                          GHashTable        *query)
{
  const char *id = query ? g_hash_table_lookup (query, "message-id") : NULL;
  FakeMessage *message = id ? g_hash_table_lookup (self->messages, id) : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  if (message != NULL && g_str_equal (message->provider, "mailgun"))
    {
      gboolean failure;
      const char *status = _cbz_fake_advance_status (self, message, &failure);

      add_mailgun_event (b, "accepted", NULL, message);
      if (failure)
        add_mailgun_event (b, "failed", "permanent", message);
      else if (g_str_equal (status, "delivered"))
        add_mailgun_event (b, "delivered", NULL, message);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "paging");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}

/* Postmark */

void
_cbz_fake_postmark_send (CbzFakeProvider   *self,
                         SoupServerMessage *msg,
                         CbzFakeRequest    *request,
                         GBytes            *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *submitted = NULL;
  g_autofree char *to_address = NULL;
  JsonObject *object;
  JsonArray *attachments;

  if (g_strcmp0 (request->content_type, "application/json") != 0)
    return _cbz_fake_postmark_error (msg, 422, 409, "JSON data required.");
  object = _cbz_fake_parse_json_object (body, parser);
  if (object == NULL)
    return _cbz_fake_postmark_error (msg, 422, 402, "Invalid JSON.");
  _cbz_fake_copy_string_members (request, object);

  request->from = g_strdup (_cbz_fake_jstr (object, "From"));
  request->to = g_strdup (_cbz_fake_jstr (object, "To"));
  request->subject = g_strdup (_cbz_fake_jstr (object, "Subject"));
  request->body = g_strdup (_cbz_fake_jstr (object, "TextBody"));
  request->html = g_strdup (_cbz_fake_jstr (object, "HtmlBody"));
  request->reference = g_strdup (_cbz_fake_jstr (_cbz_fake_jobj (object, "Metadata"), "cobranza-reference"));

  g_free (to_address);
  to_address = _cbz_fake_extract_address (request->from);
  if (to_address == NULL)
    {
      g_autofree char *text = g_strdup_printf ("Invalid 'From' address: '%s'.", request->from ? request->from : "");
      return _cbz_fake_postmark_error (msg, 422, 300, text);
    }
  g_free (to_address);
  to_address = _cbz_fake_extract_address (request->to);
  if (to_address == NULL || _cbz_fake_recipient_behavior (self, request->to) == CBZ_FAKE_RECIPIENT_INVALID)
    {
      g_autofree char *text = g_strdup_printf ("Invalid 'To' address: '%s'.", request->to ? request->to : "");
      return _cbz_fake_postmark_error (msg, 422, 300, text);
    }
  if (request->body == NULL && request->html == NULL)
    return _cbz_fake_postmark_error (msg, 422, 300, "Provide either email TextBody or HtmlBody or both.");
  if (g_strcmp0 (_cbz_fake_jstr (object, "MessageStream"), "outbound") != 0 && _cbz_fake_jstr (object, "MessageStream") != NULL)
    return _cbz_fake_postmark_error (msg, 422, 1235, "The message stream for the provided 'ID' was not found.");

  attachments = _cbz_fake_jarr (object, "Attachments");
  if (attachments != NULL && json_array_get_length (attachments) > 0)
    {
      JsonObject *attachment = json_array_get_object_element (attachments, 0);
      const char *data = _cbz_fake_jstr (attachment, "Content");
      gsize length = 0;
      guchar *decoded;

      if (!_cbz_fake_is_base64 (data))
        return _cbz_fake_postmark_error (msg, 422, 300, "Invalid attachment content - illegal base64 string.");
      if (_cbz_fake_jstr (attachment, "Name") == NULL)
        return _cbz_fake_postmark_error (msg, 422, 300, "Attachment Name is required.");
      decoded = g_base64_decode (data, &length);
      request->attachment = g_bytes_new_take (decoded, length);
      request->attachment_filename = g_strdup (_cbz_fake_jstr (attachment, "Name"));
      request->attachment_type = g_strdup (_cbz_fake_jstr (attachment, "ContentType"));
      request->attachment_encoding = g_strdup ("base64-json");
    }

  if (_cbz_fake_recipient_behavior (self, request->to) == CBZ_FAKE_RECIPIENT_OPTED_OUT)
    return _cbz_fake_postmark_error (msg, 422, 406, "You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: "
                           "they unsubscribed. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.");

  _cbz_fake_remember_message (self, request, FALSE);
  _cbz_fake_mark_accepted (self, request);

  now = g_date_time_new_now_utc ();
  submitted = g_date_time_format_iso8601 (now);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "To");
  json_builder_add_string_value (b, request->to);
  json_builder_set_member_name (b, "SubmittedAt");
  json_builder_add_string_value (b, submitted);
  json_builder_set_member_name (b, "MessageID");
  json_builder_add_string_value (b, request->message_id);
  json_builder_set_member_name (b, "ErrorCode");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "Message");
  json_builder_add_string_value (b, "OK");
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}

void
_cbz_fake_postmark_details (CbzFakeProvider   *self,
                            SoupServerMessage *msg,
                            const Route       *route)
{
  FakeMessage *message = g_hash_table_lookup (self->messages, route->id);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean failure;
  const char *status;

  if (message == NULL || !g_str_equal (message->provider, "postmark"))
    return _cbz_fake_postmark_error (msg, 422, 701, "This message was not found.");

  status = _cbz_fake_advance_status (self, message, &failure);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "MessageID");
  json_builder_add_string_value (b, message->id);
  json_builder_set_member_name (b, "To");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Email");
  json_builder_add_string_value (b, message->to);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "Status");
  json_builder_add_string_value (b, "Sent");
  json_builder_set_member_name (b, "MessageEvents");
  json_builder_begin_array (b);
  if (failure || g_str_equal (status, "delivered"))
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "Recipient");
      json_builder_add_string_value (b, message->to);
      json_builder_set_member_name (b, "Type");
      json_builder_add_string_value (b, failure ? "Bounced" : "Delivered");
      json_builder_set_member_name (b, "Details");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "Summary");
      json_builder_add_string_value (b, failure ? "The server was unable to deliver your message (ex: unknown user, mailbox not found)."
                                                : "smtp;250 2.0.0 OK");
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}
