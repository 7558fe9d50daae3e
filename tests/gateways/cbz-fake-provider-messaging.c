/* cbz-fake-provider-messaging.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Twilio (SMS, WhatsApp through Twilio, polling, listing) and the
 * WhatsApp Cloud API (templates, text, documents, media upload).
 */

#include "config.h"

#include <string.h>

#include "cbz-fake-provider-private.h"

/* Twilio */

static JsonNode *
twilio_resource (CbzFakeProvider *self,
                 FakeMessage     *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *date = _cbz_fake_format_rfc2822 (message->created);
  g_autofree char *uri = g_strdup_printf ("/2010-04-01/Accounts/%s/Messages/%s.json",
                                          CBZ_FAKE_TWILIO_SID, message->id);
  const char *status = _cbz_fake_current_status (self, message);
  guint length = message->body ? g_utf8_strlen (message->body, -1) : 0;
  g_autofree char *segments = g_strdup_printf ("%u", length <= 160 ? 1 : (length + 152) / 153);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sid");
  json_builder_add_string_value (b, message->id);
  json_builder_set_member_name (b, "account_sid");
  json_builder_add_string_value (b, CBZ_FAKE_TWILIO_SID);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, message->to);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, message->from);
  json_builder_set_member_name (b, "body");
  json_builder_add_string_value (b, message->body ? message->body : "");
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, status);
  json_builder_set_member_name (b, "direction");
  json_builder_add_string_value (b, message->inbound ? "inbound" : "outbound-api");
  json_builder_set_member_name (b, "num_segments");
  json_builder_add_string_value (b, segments);
  json_builder_set_member_name (b, "num_media");
  json_builder_add_string_value (b, "0");
  json_builder_set_member_name (b, "error_code");
  if (g_str_equal (status, "undelivered"))
    json_builder_add_int_value (b, 30003);
  else if (g_str_equal (status, "failed"))
    json_builder_add_int_value (b, 63016);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "error_message");
  if (g_str_equal (status, "undelivered"))
    json_builder_add_string_value (b, "Unreachable destination handset");
  else if (g_str_equal (status, "failed"))
    json_builder_add_string_value (b, "Failed to send freeform message because you are outside the allowed window.");
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "date_created");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "date_updated");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "date_sent");
  if (message->polls > 0 || message->inbound)
    json_builder_add_string_value (b, date);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "price");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "price_unit");
  json_builder_add_string_value (b, "USD");
  json_builder_set_member_name (b, "api_version");
  json_builder_add_string_value (b, "2010-04-01");
  json_builder_set_member_name (b, "messaging_service_sid");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "uri");
  json_builder_add_string_value (b, uri);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
_cbz_fake_twilio_send (CbzFakeProvider   *self,
                       SoupServerMessage *msg,
                       CbzFakeRequest    *request,
                       GBytes            *body)
{
  GHashTable *fields;
  const char *to;
  const char *from;
  const char *service;
  const char *text;
  const char *content_sid;
  const char *variables;
  const char *media;
  gboolean whatsapp;
  FakeMessage *message;
  g_autoptr(JsonNode) resource = NULL;

  if (g_strcmp0 (request->content_type, "application/x-www-form-urlencoded") != 0)
    {
      _cbz_fake_twilio_error (msg, 400, 20001, "Content-Type must be application/x-www-form-urlencoded");
      return;
    }
  request->fields = fields = _cbz_fake_parse_form (body);
  to = g_hash_table_lookup (fields, "To");
  from = g_hash_table_lookup (fields, "From");
  service = g_hash_table_lookup (fields, "MessagingServiceSid");
  text = g_hash_table_lookup (fields, "Body");
  content_sid = g_hash_table_lookup (fields, "ContentSid");
  variables = g_hash_table_lookup (fields, "ContentVariables");
  media = g_hash_table_lookup (fields, "MediaUrl");
  request->to = g_strdup (to);
  request->from = g_strdup (from ? from : service);
  request->body = g_strdup (text);
  request->template_name = g_strdup (content_sid);

  if (to == NULL || *to == '\0')
    return _cbz_fake_twilio_error (msg, 400, 21604, "A 'To' phone number is required.");
  if ((from == NULL || *from == '\0') && (service == NULL || *service == '\0'))
    return _cbz_fake_twilio_error (msg, 400, 21603, "A 'From' phone number is required.");
  if ((text == NULL || *text == '\0') && content_sid == NULL && media == NULL)
    return _cbz_fake_twilio_error (msg, 400, 21602, "Message body is required.");
  if (text != NULL && g_utf8_strlen (text, -1) > 1600)
    return _cbz_fake_twilio_error (msg, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");

  whatsapp = g_str_has_prefix (to, "whatsapp:");
  if (from != NULL && whatsapp != g_str_has_prefix (from, "whatsapp:"))
    return _cbz_fake_twilio_error (msg, 400, 21910, "Invalid From and To pair. From and To should be of the same channel");
  if (!_cbz_fake_is_e164 (whatsapp ? to + strlen ("whatsapp:") : to))
    {
      g_autofree char *text_error = g_strdup_printf ("The 'To' number %s is not a valid phone number.", to);
      return _cbz_fake_twilio_error (msg, 400, 21211, text_error);
    }
  if (from != NULL && !_cbz_fake_is_e164 (whatsapp ? from + strlen ("whatsapp:") : from))
    {
      g_autofree char *text_error = g_strdup_printf ("The 'From' number %s is not a valid phone number, shortcode, or alphanumeric sender ID.", from);
      return _cbz_fake_twilio_error (msg, 400, 21212, text_error);
    }
  if (content_sid != NULL && !g_str_has_prefix (content_sid, "HX"))
    return _cbz_fake_twilio_error (msg, 400, 21655, "The ContentSid is Invalid.");
  if (variables != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GBytes) bytes = g_bytes_new_static (variables, strlen (variables));

      if (_cbz_fake_parse_json_object (bytes, parser) == NULL)
        return _cbz_fake_twilio_error (msg, 400, 21656, "The ContentVariables Parameter is invalid.");
    }

  switch (_cbz_fake_recipient_behavior (self, to))
    {
    case CBZ_FAKE_RECIPIENT_OPTED_OUT:
      return _cbz_fake_twilio_error (msg, 400, 21610, "Attempt to send to unsubscribed recipient");
    case CBZ_FAKE_RECIPIENT_LANDLINE:
      return _cbz_fake_twilio_error (msg, 400, 21614, "'To' number is not a valid mobile number");
    case CBZ_FAKE_RECIPIENT_INVALID:
      {
        g_autofree char *text_error = g_strdup_printf ("The 'To' number %s is not a valid phone number.", to);
        return _cbz_fake_twilio_error (msg, 400, 21211, text_error);
      }
    case CBZ_FAKE_RECIPIENT_NORMAL:
    case CBZ_FAKE_RECIPIENT_UNDELIVERABLE:
    case CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW:
    default:
      break;
    }

  message = _cbz_fake_remember_message (self, request, whatsapp);
  /* Templates are allowed outside the window; only free text fails there. */
  if (content_sid != NULL && message->behavior == CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW)
    message->behavior = CBZ_FAKE_RECIPIENT_NORMAL;
  _cbz_fake_mark_accepted (self, request);
  resource = twilio_resource (self, message);
  _cbz_fake_respond_node (msg, 201, resource);
}

void
_cbz_fake_twilio_poll (CbzFakeProvider   *self,
                       SoupServerMessage *msg,
                       const Route       *route)
{
  FakeMessage *message = g_hash_table_lookup (self->messages, route->id);
  g_autoptr(JsonNode) resource = NULL;
  gboolean failure;

  if (message == NULL || g_strcmp0 (message->provider, "twilio") != 0)
    {
      g_autofree char *text = g_strdup_printf ("The requested resource /2010-04-01/Accounts/%s/Messages/%s.json was not found",
                                               route->account, route->id);
      _cbz_fake_twilio_error (msg, 404, 20404, text);
      return;
    }
  _cbz_fake_advance_status (self, message, &failure);
  resource = twilio_resource (self, message);
  _cbz_fake_respond_node (msg, 200, resource);
}

void
_cbz_fake_twilio_list (CbzFakeProvider   *self,
                       SoupServerMessage *msg,
                       const Route       *route,
                       GHashTable        *query)
{
  const char *to = query ? g_hash_table_lookup (query, "To") : NULL;
  const char *from = query ? g_hash_table_lookup (query, "From") : NULL;
  const char *after = query ? g_hash_table_lookup (query, "DateSent>") : NULL;
  const char *size_text = query ? g_hash_table_lookup (query, "PageSize") : NULL;
  const char *page_text = query ? g_hash_table_lookup (query, "Page") : NULL;
  guint page_size = size_text ? (guint) g_ascii_strtoull (size_text, NULL, 10) : 50;
  guint page = page_text ? (guint) g_ascii_strtoull (page_text, NULL, 10) : 0;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint start;
  guint end;

  if (page_size == 0 || page_size > 1000)
    page_size = 50;

  for (guint i = self->message_order->len; i > 0; i--)
    {
      FakeMessage *message = g_ptr_array_index (self->message_order, i - 1);

      if (g_strcmp0 (message->provider, "twilio") != 0)
        continue;
      if (to != NULL && g_strcmp0 (message->to, to) != 0)
        continue;
      if (from != NULL && g_strcmp0 (message->from, from) != 0)
        continue;
      if (after != NULL)
        {
          g_autofree char *day = g_date_time_format (message->created, "%Y-%m-%d");

          if (strcmp (day, after) < 0)
            continue;
        }
      g_ptr_array_add (matches, message);
    }

  start = MIN (page * page_size, matches->len);
  end = MIN (start + page_size, matches->len);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  for (guint i = start; i < end; i++)
    json_builder_add_value (b, twilio_resource (self, g_ptr_array_index (matches, i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, page);
  json_builder_set_member_name (b, "page_size");
  json_builder_add_int_value (b, page_size);
  json_builder_set_member_name (b, "next_page_uri");
  if (end < matches->len)
    {
      g_autoptr(GString) next = g_string_new (NULL);

      g_string_append_printf (next, "/2010-04-01/Accounts/%s/Messages.json?", route->account);
      if (to != NULL)
        {
          g_autofree char *e = g_uri_escape_string (to, NULL, FALSE);
          g_string_append_printf (next, "To=%s&", e);
        }
      if (from != NULL)
        {
          g_autofree char *e = g_uri_escape_string (from, NULL, FALSE);
          g_string_append_printf (next, "From=%s&", e);
        }
      if (after != NULL)
        g_string_append_printf (next, "DateSent%%3E=%s&", after);
      g_string_append_printf (next, "PageSize=%u&Page=%u&PageToken=PASM%u", page_size, page + 1, end);
      json_builder_add_string_value (b, next->str);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}

/* WhatsApp Cloud */

void
_cbz_fake_whatsapp_send (CbzFakeProvider   *self,
                         SoupServerMessage *msg,
                         CbzFakeRequest    *request,
                         GBytes            *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = NULL;
  JsonObject *object;
  const char *type;
  const char *to;
  FakeMessage *message;
  g_autoptr(GString) digits = NULL;

  if (g_strcmp0 (request->content_type, "application/json") != 0)
    return _cbz_fake_whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "Content-Type must be application/json");
  object = _cbz_fake_parse_json_object (body, parser);
  if (object == NULL)
    return _cbz_fake_whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "The request body is not JSON");
  _cbz_fake_copy_string_members (request, object);

  to = _cbz_fake_jstr (object, "to");
  type = _cbz_fake_jstr (object, "type");
  request->to = g_strdup (to);
  request->reference = g_strdup (_cbz_fake_jstr (object, "biz_opaque_callback_data"));

  if (g_strcmp0 (_cbz_fake_jstr (object, "messaging_product"), "whatsapp") != 0)
    return _cbz_fake_whatsapp_error (msg, 400, 100, "(#100) The parameter messaging_product is required.", NULL);
  if (to == NULL || *to == '\0')
    return _cbz_fake_whatsapp_error (msg, 400, 100, "(#100) The parameter to is required.", NULL);
  if (_cbz_fake_recipient_behavior (self, to) == CBZ_FAKE_RECIPIENT_INVALID ||
      !_cbz_fake_is_e164 (to[0] == '+' ? to : NULL))
    return _cbz_fake_whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "Invalid WhatsApp recipient phone number");
  if (type == NULL)
    type = "text";

  if (g_str_equal (type, "text"))
    {
      JsonObject *text = _cbz_fake_jobj (object, "text");

      request->body = g_strdup (_cbz_fake_jstr (text, "body"));
      if (request->body == NULL || *request->body == '\0')
        return _cbz_fake_whatsapp_error (msg, 400, 131008, "(#131008) Required parameter is missing", "text.body is required");
      if (_cbz_fake_recipient_behavior (self, to) == CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW)
        return _cbz_fake_whatsapp_error (msg, 400, 131047, "(#131047) Re-engagement message",
                               "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    }
  else if (g_str_equal (type, "template"))
    {
      JsonObject *template = _cbz_fake_jobj (object, "template");
      const char *name = _cbz_fake_jstr (template, "name");
      const char *language = _cbz_fake_jstr (_cbz_fake_jobj (template, "language"), "code");
      JsonArray *components = _cbz_fake_jarr (template, "components");
      g_autofree char *key = NULL;
      g_autoptr(GString) params = g_string_new (NULL);
      guint n_params = 0;
      gpointer expected;

      request->template_name = g_strdup (name);
      if (name == NULL || language == NULL)
        return _cbz_fake_whatsapp_error (msg, 400, 131008, "(#131008) Required parameter is missing", "template.name and template.language.code are required");
      key = g_strdup_printf ("%s|%s", name, language);
      if (!g_hash_table_lookup_extended (self->templates, key, NULL, &expected))
        {
          g_autofree char *details = g_strdup_printf ("template name (%s) does not exist in %s", name, language);
          return _cbz_fake_whatsapp_error (msg, 404, 132001, "(#132001) Template name does not exist in the translation", details);
        }
      for (guint i = 0; components != NULL && i < json_array_get_length (components); i++)
        {
          JsonObject *component = json_array_get_object_element (components, i);
          JsonArray *parameters = _cbz_fake_jarr (component, "parameters");

          if (g_strcmp0 (_cbz_fake_jstr (component, "type"), "body") != 0 || parameters == NULL)
            continue;
          for (guint j = 0; j < json_array_get_length (parameters); j++)
            {
              JsonObject *parameter = json_array_get_object_element (parameters, j);

              if (g_strcmp0 (_cbz_fake_jstr (parameter, "type"), "text") != 0 || _cbz_fake_jstr (parameter, "text") == NULL)
                return _cbz_fake_whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "body parameters must be {\"type\":\"text\",\"text\":...}");
              g_string_append_printf (params, "%s%s", n_params ? "|" : "", _cbz_fake_jstr (parameter, "text"));
              n_params++;
            }
        }
      if (n_params != GPOINTER_TO_UINT (expected))
        {
          g_autofree char *details = g_strdup_printf ("body: number of localizable_params (%u) does not match the expected number of params (%u)",
                                                      n_params, GPOINTER_TO_UINT (expected));
          return _cbz_fake_whatsapp_error (msg, 400, 132000, "(#132000) Number of parameters does not match the expected number of params", details);
        }
      request->body = g_string_free (g_steal_pointer (&params), FALSE);
    }
  else if (g_str_equal (type, "document"))
    {
      JsonObject *document = _cbz_fake_jobj (object, "document");
      const char *link = _cbz_fake_jstr (document, "link");
      const char *id = _cbz_fake_jstr (document, "id");

      request->body = g_strdup (_cbz_fake_jstr (document, "caption"));
      request->attachment_filename = g_strdup (_cbz_fake_jstr (document, "filename"));
      if (link == NULL && id == NULL)
        return _cbz_fake_whatsapp_error (msg, 400, 131008, "(#131008) Required parameter is missing", "document.link or document.id is required");
      if (id != NULL && !g_hash_table_contains (self->media, id))
        return _cbz_fake_whatsapp_error (msg, 400, 131053, "(#131053) Media upload error", "Unknown media id");
      if (_cbz_fake_recipient_behavior (self, to) == CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW)
        return _cbz_fake_whatsapp_error (msg, 400, 131047, "(#131047) Re-engagement message",
                               "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    }
  else
    return _cbz_fake_whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "Unsupported message type");

  if (_cbz_fake_recipient_behavior (self, to) == CBZ_FAKE_RECIPIENT_OPTED_OUT)
    return _cbz_fake_whatsapp_error (msg, 400, 131050, "(#131050) Unable to deliver the message",
                           "The user has stopped marketing messages from this business.");

  message = _cbz_fake_remember_message (self, request, TRUE);
  (void) message;
  _cbz_fake_mark_accepted (self, request);

  digits = g_string_new (NULL);
  for (const char *p = to; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "messaging_product");
  json_builder_add_string_value (b, "whatsapp");
  json_builder_set_member_name (b, "contacts");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "input");
  json_builder_add_string_value (b, to);
  json_builder_set_member_name (b, "wa_id");
  json_builder_add_string_value (b, digits->str);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, request->message_id);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}

void
_cbz_fake_whatsapp_upload (CbzFakeProvider   *self,
                           SoupServerMessage *msg,
                           CbzFakeRequest    *request,
                           GBytes            *body)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *id = NULL;

  if (request->content_type == NULL || !g_str_has_prefix (request->content_type, "multipart/form-data"))
    return _cbz_fake_whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "multipart/form-data required");
  request->fields = _cbz_fake_parse_multipart (msg, body, request);
  if (request->fields == NULL || request->attachment == NULL ||
      g_strcmp0 (g_hash_table_lookup (request->fields, "messaging_product"), "whatsapp") != 0 ||
      g_hash_table_lookup (request->fields, "type") == NULL)
    return _cbz_fake_whatsapp_error (msg, 400, 131008, "(#131008) Required parameter is missing",
                           "messaging_product, type and file are required");

  id = g_strdup_printf ("%u%u", 1000000 + ++self->counter, g_random_int_range (1000, 9999));
  g_hash_table_add (self->media, g_strdup (id));
  request->message_id = g_strdup (id);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}
