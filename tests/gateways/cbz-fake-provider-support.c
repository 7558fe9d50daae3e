/* cbz-fake-provider-support.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every fake provider needs: the records of requests and messages,
 * names of faults and recipients, address checks, answers and error bodies
 * in each provider's shape, status progression, body parsing and auth.
 */

#include "config.h"

#include <string.h>

#include "cbz-fake-provider-private.h"

/* Records */

static void
fake_request_clear (CbzFakeRequest *request)
{
  g_free (request->provider);
  g_free (request->operation);
  g_free (request->method);
  g_free (request->path);
  g_free (request->content_type);
  g_free (request->authorization);
  g_free (request->user_agent);
  g_free (request->fault);
  g_free (request->to);
  g_free (request->from);
  g_free (request->body);
  g_free (request->subject);
  g_free (request->html);
  g_free (request->template_name);
  g_free (request->reference);
  g_free (request->message_id);
  g_clear_pointer (&request->fields, g_hash_table_unref);
  g_free (request->attachment_encoding);
  g_free (request->attachment_filename);
  g_free (request->attachment_type);
  g_clear_pointer (&request->attachment, g_bytes_unref);
  g_clear_pointer (&request->raw_body, g_bytes_unref);
}

/* Requests are reference counted: a delayed answer may outlive a reset. */
void
_cbz_fake_request_free (CbzFakeRequest *request)
{
  g_rc_box_release_full (request, (GDestroyNotify) fake_request_clear);
}

void
_cbz_fake_message_free (FakeMessage *message)
{
  g_free (message->id);
  g_free (message->provider);
  g_free (message->to);
  g_free (message->from);
  g_free (message->body);
  g_free (message->subject);
  g_clear_pointer (&message->created, g_date_time_unref);
  g_free (message);
}

void
_cbz_fake_fault_free (Fault *fault)
{
  g_free (fault->provider);
  g_free (fault);
}

void
_cbz_fake_route_clear (Route *route)
{
  g_clear_pointer (&route->account, g_free);
  g_clear_pointer (&route->version, g_free);
  g_clear_pointer (&route->id, g_free);
}

const char *
_cbz_fake_fault_name (CbzFakeFaultKind kind)
{
  switch (kind)
    {
    case CBZ_FAKE_FAULT_LATENCY: return "latency";
    case CBZ_FAKE_FAULT_SLOW: return "slow";
    case CBZ_FAKE_FAULT_DROP: return "drop";
    case CBZ_FAKE_FAULT_DROP_AFTER_ACCEPT: return "drop-after-accept";
    case CBZ_FAKE_FAULT_500: return "500";
    case CBZ_FAKE_FAULT_503: return "503";
    case CBZ_FAKE_FAULT_429: return "429";
    case CBZ_FAKE_FAULT_MALFORMED: return "malformed";
    default: return "?";
    }
}

gboolean
_cbz_fake_fault_kind_from_name (const char       *name,
                                CbzFakeFaultKind *kind)
{
  for (int i = CBZ_FAKE_FAULT_LATENCY; i <= CBZ_FAKE_FAULT_MALFORMED; i++)
    {
      if (g_strcmp0 (_cbz_fake_fault_name ((CbzFakeFaultKind) i), name) == 0)
        {
          *kind = (CbzFakeFaultKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
_cbz_fake_recipient_from_name (const char       *name,
                               CbzFakeRecipient *behavior)
{
  static const char * const names[] = {
    "normal", "opted-out", "landline", "invalid", "undeliverable", "outside-window",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_strcmp0 (names[i], name) == 0)
        {
          *behavior = (CbzFakeRecipient) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Validation helpers */

gboolean
_cbz_fake_is_e164 (const char *number)
{
  guint digits = 0;

  if (number == NULL || number[0] != '+' || number[1] < '1' || number[1] > '9')
    return FALSE;
  for (const char *p = number + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      digits++;
    }
  return digits >= 7 && digits <= 15;
}

/* "Name <a@b.mx>" or "a@b.mx" -> "a@b.mx"; NULL when not an address. */
char *
_cbz_fake_extract_address (const char *text)
{
  g_autofree char *address = NULL;
  const char *lt;
  const char *at;

  if (text == NULL)
    return NULL;
  lt = strchr (text, '<');
  if (lt != NULL)
    {
      const char *gt = strchr (lt, '>');

      if (gt == NULL)
        return NULL;
      address = g_strndup (lt + 1, (gsize) (gt - lt - 1));
    }
  else
    address = g_strstrip (g_strdup (text));

  at = strchr (address, '@');
  if (at == NULL || at == address || strchr (at + 1, '.') == NULL || strchr (address, ' ') != NULL ||
      strchr (at + 1, '@') != NULL)
    return NULL;
  return g_steal_pointer (&address);
}

gboolean
_cbz_fake_is_base64 (const char *text)
{
  gsize length = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++, length++)
    {
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
        return FALSE;
    }
  return length % 4 == 0;
}

CbzFakeRecipient
_cbz_fake_recipient_behavior (CbzFakeProvider *self,
                              const char      *to)
{
  gpointer value;

  if (to != NULL && g_str_has_prefix (to, "whatsapp:"))
    to += strlen ("whatsapp:");
  if (to != NULL && g_hash_table_lookup_extended (self->recipients, to, NULL, &value))
    return (CbzFakeRecipient) GPOINTER_TO_INT (value);
  return CBZ_FAKE_RECIPIENT_NORMAL;
}

char *
_cbz_fake_format_rfc2822 (GDateTime *time)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

/* Responses */

void
_cbz_fake_respond (SoupServerMessage *msg,
                   guint              status,
                   const char        *content_type,
                   const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

void
_cbz_fake_respond_node (SoupServerMessage *msg,
                        guint              status,
                        JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  _cbz_fake_respond (msg, status, "application/json", text);
}

void
_cbz_fake_respond_builder (SoupServerMessage *msg,
                           guint              status,
                           JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  _cbz_fake_respond_node (msg, status, root);
}

void
_cbz_fake_twilio_error (SoupServerMessage *msg,
                        guint              status,
                        int                code,
                        const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "more_info");
  {
    g_autofree char *info = g_strdup_printf ("https://www.twilio.com/docs/errors/%d", code);
    json_builder_add_string_value (b, info);
  }
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, status, b);
}

void
_cbz_fake_whatsapp_error (SoupServerMessage *msg,
                          guint              status,
                          int                code,
                          const char        *message,
                          const char        *details)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "OAuthException");
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, code);
  if (details != NULL)
    {
      json_builder_set_member_name (b, "error_data");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "messaging_product");
      json_builder_add_string_value (b, "whatsapp");
      json_builder_set_member_name (b, "details");
      json_builder_add_string_value (b, details);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "fbtrace_id");
  json_builder_add_string_value (b, "AfakeTraceId0");
  json_builder_end_object (b);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, status, b);
}

void
_cbz_fake_sendgrid_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *message,
                          const char        *field)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "field");
  if (field != NULL)
    json_builder_add_string_value (b, field);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "help");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, status, b);
}

void
_cbz_fake_mailgun_error (SoupServerMessage *msg,
                         guint              status,
                         const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, status, b);
}

void
_cbz_fake_postmark_error (SoupServerMessage *msg,
                          guint              status,
                          int                code,
                          const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ErrorCode");
  json_builder_add_int_value (b, code);
  json_builder_set_member_name (b, "Message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, status, b);
}

/* The error each provider gives for a fault status. */
void
_cbz_fake_respond_fault_status (CbzFakeProvider   *self,
                                SoupServerMessage *msg,
                                const char        *provider,
                                guint              status,
                                const Fault       *fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (status == 429)
    {
      if (fault->retry_after >= 0)
        {
          g_autofree char *value = g_strdup_printf ("%d", fault->retry_after);
          soup_message_headers_replace (headers, "Retry-After", value);
        }
      if (fault->reset_in > 0)
        {
          g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                    g_get_real_time () / G_USEC_PER_SEC + fault->reset_in);
          soup_message_headers_replace (headers, "X-RateLimit-Reset", value);
          soup_message_headers_replace (headers, "X-RateLimit-Limit", "600");
          soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
        }
    }

  if (g_strcmp0 (provider, "twilio") == 0)
    {
      if (status == 429)
        _cbz_fake_twilio_error (msg, 429, 20429, "Too Many Requests");
      else
        _cbz_fake_twilio_error (msg, status, status == 503 ? 20503 : 20500,
                      status == 503 ? "Service Unavailable" : "Internal Server Error");
    }
  else if (g_strcmp0 (provider, "whatsapp") == 0)
    {
      if (status == 429)
        _cbz_fake_whatsapp_error (msg, 429, 130429, "(#130429) Rate limit hit",
                        "Cloud API message throughput has been reached.");
      else if (status == 503)
        _cbz_fake_whatsapp_error (msg, 503, 2, "(#2) Service temporarily unavailable", NULL);
      else
        _cbz_fake_whatsapp_error (msg, 500, 131000, "(#131000) Something went wrong", NULL);
    }
  else if (g_strcmp0 (provider, "sendgrid") == 0)
    _cbz_fake_sendgrid_error (msg, status, status == 429 ? "too many requests" : "Internal server error", NULL);
  else if (g_strcmp0 (provider, "mailgun") == 0)
    {
      if (status == 429)
        _cbz_fake_mailgun_error (msg, 429, "Too many requests");
      else
        _cbz_fake_respond (msg, status, "text/plain", status == 503 ? "Service Unavailable" : "Internal Server Error");
    }
  else if (g_strcmp0 (provider, "postmark") == 0)
    {
      if (status == 429)
        _cbz_fake_postmark_error (msg, 429, 429, "Rate limit exceeded.");
      else
        _cbz_fake_postmark_error (msg, status, 0, status == 503 ? "Service Unavailable" : "Internal Server Error");
    }
  else
    _cbz_fake_respond (msg, status, "text/plain", "fault");
}

/* Request bookkeeping */

static char *
next_id (CbzFakeProvider *self,
         const char      *provider)
{
  guint n = ++self->counter;

  if (g_str_equal (provider, "twilio"))
    return g_strdup_printf ("SM%08x%024x", g_random_int (), n);
  if (g_str_equal (provider, "whatsapp"))
    return g_strdup_printf ("wamid.HBgMNTIxNTUxMjM0NTY3OBUCABEYEj%08X%06u", g_random_int (), n);
  if (g_str_equal (provider, "sendgrid"))
    return g_strdup_printf ("fk%06uSGx%08x", n, g_random_int ());
  if (g_str_equal (provider, "mailgun"))
    return g_strdup_printf ("20261123.%u.%08x@%s", n, g_random_int (), CBZ_FAKE_MAILGUN_DOMAIN);
  if (g_str_equal (provider, "postmark"))
    return g_strdup_printf ("%08x-0000-4000-8000-%012u", g_random_int (), n);
  return g_strdup_printf ("media%u", n);
}

FakeMessage *
_cbz_fake_remember_message (CbzFakeProvider *self,
                            CbzFakeRequest  *request,
                            gboolean         whatsapp)
{
  FakeMessage *message = g_new0 (FakeMessage, 1);

  message->id = next_id (self, request->provider);
  message->provider = g_strdup (request->provider);
  message->to = g_strdup (request->to);
  message->from = g_strdup (request->from);
  message->body = g_strdup (request->body);
  message->subject = g_strdup (request->subject);
  message->behavior = _cbz_fake_recipient_behavior (self, request->to);
  message->whatsapp = whatsapp;
  message->created = g_date_time_new_now_utc ();
  g_hash_table_insert (self->messages, message->id, message);
  g_ptr_array_add (self->message_order, message);

  request->message_id = g_strdup (message->id);
  return message;
}

void
_cbz_fake_mark_accepted (CbzFakeProvider *self,
                         CbzFakeRequest  *request)
{
  g_autofree char *key = NULL;
  guint seen;

  request->accepted = TRUE;
  key = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", request->provider,
                         request->reference ? request->reference : "",
                         request->to ? request->to : "",
                         request->subject ? request->subject : "",
                         request->body ? request->body : "",
                         request->template_name ? request->template_name : "",
                         request->fields ? (const char *) g_hash_table_lookup (request->fields, "ContentVariables") ?: "" : "");
  seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->seen_sends, key));
  if (seen > 0)
    {
      request->duplicate = TRUE;
      self->duplicates++;
    }
  g_hash_table_insert (self->seen_sends, g_steal_pointer (&key), GUINT_TO_POINTER (seen + 1));
}

/* Status progression: queued at send, sent after one poll, final after
 * poll_steps polls. */
const char *
_cbz_fake_advance_status (CbzFakeProvider *self,
                          FakeMessage     *message,
                          gboolean        *final_failure)
{
  *final_failure = FALSE;
  if (message->inbound)
    return "received";

  message->polls++;
  if (message->polls < self->poll_steps)
    return "sent";

  switch (message->behavior)
    {
    case CBZ_FAKE_RECIPIENT_UNDELIVERABLE:
      *final_failure = TRUE;
      return "undelivered";
    case CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW:
      if (message->whatsapp)
        {
          *final_failure = TRUE;
          return "failed";
        }
      return "delivered";
    case CBZ_FAKE_RECIPIENT_NORMAL:
    case CBZ_FAKE_RECIPIENT_OPTED_OUT:
    case CBZ_FAKE_RECIPIENT_LANDLINE:
    case CBZ_FAKE_RECIPIENT_INVALID:
    default:
      return "delivered";
    }
}

const char *
_cbz_fake_current_status (CbzFakeProvider *self,
                          FakeMessage     *message)
{
  if (message->inbound)
    return "received";
  if (message->polls == 0)
    return "queued";
  if (message->polls < self->poll_steps)
    return "sent";
  if (message->behavior == CBZ_FAKE_RECIPIENT_UNDELIVERABLE)
    return "undelivered";
  if (message->behavior == CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW && message->whatsapp)
    return "failed";
  return "delivered";
}

/* Body parsing */

GHashTable *
_cbz_fake_parse_multipart (SoupServerMessage *msg,
                           GBytes            *body,
                           CbzFakeRequest    *request)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  GHashTable *fields;

  multipart = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), body);
  if (multipart == NULL)
    return NULL;

  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers = NULL;
      GBytes *part = NULL;
      g_autofree char *disposition = NULL;
      g_autoptr(GHashTable) params = NULL;
      const char *name;
      const char *filename;

      if (!soup_multipart_get_part (multipart, i, &headers, &part))
        continue;
      if (!soup_message_headers_get_content_disposition (headers, &disposition, &params))
        continue;
      name = g_hash_table_lookup (params, "name");
      filename = g_hash_table_lookup (params, "filename");
      if (name == NULL)
        continue;
      if (filename != NULL)
        {
          /* Only the first file part is kept as "the attachment". */
          if (request->attachment == NULL)
            {
              request->attachment = g_bytes_ref (part);
              request->attachment_filename = g_strdup (filename);
              request->attachment_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
              request->attachment_encoding = g_strdup ("multipart-file");
            }
          g_hash_table_replace (fields, g_strdup (name), g_strdup_printf ("@%s", filename));
        }
      else
        {
          gsize size = 0;
          const char *data = g_bytes_get_data (part, &size);

          g_hash_table_replace (fields, g_strdup (name), g_strndup (data, size));
        }
    }
  return fields;
}

GHashTable *
_cbz_fake_parse_form (GBytes *body)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  g_autofree char *text = g_strndup (data, size);

  return soup_form_decode (text);
}

JsonObject *
_cbz_fake_parse_json_object (GBytes     *body,
                             JsonParser *parser)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

const char *
_cbz_fake_jstr (JsonObject *object,
                const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_cbz_fake_jobj (JsonObject *object,
                const char *member)
{
  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, member)))
    return NULL;
  return json_object_get_object_member (object, member);
}

JsonArray *
_cbz_fake_jarr (JsonObject *object,
                const char *member)
{
  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    return NULL;
  return json_object_get_array_member (object, member);
}

void
_cbz_fake_copy_string_members (CbzFakeRequest *request,
                               JsonObject     *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  request->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = _cbz_fake_jstr (object, l->data);

      if (value != NULL)
        g_hash_table_replace (request->fields, g_strdup (l->data), g_strdup (value));
    }
}

/* Auth */

gboolean
_cbz_fake_check_basic (SoupServerMessage *msg,
                       const char        *user,
                       const char        *password)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *expected_pair = g_strdup_printf ("%s:%s", user, password);
  g_autofree guchar *decoded = NULL;
  gsize length = 0;

  if (header == NULL || !g_str_has_prefix (header, "Basic "))
    return FALSE;
  decoded = g_base64_decode (header + 6, &length);
  return length == strlen (expected_pair) && memcmp (decoded, expected_pair, length) == 0;
}

gboolean
_cbz_fake_check_bearer (SoupServerMessage *msg,
                        const char        *token)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *expected = g_strdup_printf ("Bearer %s", token);

  return g_strcmp0 (header, expected) == 0;
}
