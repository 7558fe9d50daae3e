/* cbz-fake-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cbz-fake-provider.h"

typedef struct
{
  char             *provider;
  CbzFakeFaultKind  kind;
  guint             skip;
  int               count;
  guint             every;
  guint             delay_ms;
  int               retry_after;
  int               reset_in;
  guint             matched;
} Fault;

typedef struct
{
  char             *id;
  char             *provider;
  char             *to;
  char             *from;
  char             *body;
  char             *subject;
  CbzFakeRecipient  behavior;
  gboolean          whatsapp;
  gboolean          inbound;
  guint             polls;
  GDateTime        *created;
} FakeMessage;

typedef struct
{
  const char *provider;
  const char *operation;
  char       *account;   /* Twilio SID, WhatsApp phone id, Mailgun domain */
  char       *version;   /* WhatsApp API version */
  char       *id;        /* message id for polls */
} Route;

struct _CbzFakeProvider
{
  GObject     parent_instance;

  SoupServer *server;
  char       *url;
  guint       port;

  GPtrArray  *requests;
  GHashTable *seen_sends;   /* duplicate key -> GUINT count */
  guint       duplicates;
  GHashTable *messages;     /* id -> FakeMessage */
  GPtrArray  *message_order;/* FakeMessage, borrowed from messages, oldest first */
  GHashTable *recipients;   /* number/address -> GINT behavior */
  GPtrArray  *faults;       /* Fault */
  GHashTable *templates;    /* "name|lang" -> GUINT parameter count */
  GHashTable *media;        /* uploaded media ids */
  guint       seq;
  guint       counter;
  guint       poll_steps;
  guint       in_flight;
  guint       max_in_flight;
};

G_DEFINE_FINAL_TYPE (CbzFakeProvider, cbz_fake_provider, G_TYPE_OBJECT)

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
static void
fake_request_free (CbzFakeRequest *request)
{
  g_rc_box_release_full (request, (GDestroyNotify) fake_request_clear);
}

static void
fake_message_free (FakeMessage *message)
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

static void
fault_free (Fault *fault)
{
  g_free (fault->provider);
  g_free (fault);
}

static void
route_clear (Route *route)
{
  g_clear_pointer (&route->account, g_free);
  g_clear_pointer (&route->version, g_free);
  g_clear_pointer (&route->id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Route, route_clear)

static const char *
fault_name (CbzFakeFaultKind kind)
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

static gboolean
fault_kind_from_name (const char       *name,
                      CbzFakeFaultKind *kind)
{
  for (int i = CBZ_FAKE_FAULT_LATENCY; i <= CBZ_FAKE_FAULT_MALFORMED; i++)
    {
      if (g_strcmp0 (fault_name ((CbzFakeFaultKind) i), name) == 0)
        {
          *kind = (CbzFakeFaultKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
recipient_from_name (const char       *name,
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

static gboolean
is_e164 (const char *number)
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
static char *
extract_address (const char *text)
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

static gboolean
is_base64 (const char *text)
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

static CbzFakeRecipient
recipient_behavior (CbzFakeProvider *self,
                    const char      *to)
{
  gpointer value;

  if (to != NULL && g_str_has_prefix (to, "whatsapp:"))
    to += strlen ("whatsapp:");
  if (to != NULL && g_hash_table_lookup_extended (self->recipients, to, NULL, &value))
    return (CbzFakeRecipient) GPOINTER_TO_INT (value);
  return CBZ_FAKE_RECIPIENT_NORMAL;
}

static char *
format_rfc2822 (GDateTime *time)
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

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  respond (msg, status, "application/json", text);
}

static void
respond_builder (SoupServerMessage *msg,
                 guint              status,
                 JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  respond_node (msg, status, root);
}

static void
twilio_error (SoupServerMessage *msg,
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
  respond_builder (msg, status, b);
}

static void
whatsapp_error (SoupServerMessage *msg,
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
  respond_builder (msg, status, b);
}

static void
sendgrid_error (SoupServerMessage *msg,
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
  respond_builder (msg, status, b);
}

static void
mailgun_error (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  respond_builder (msg, status, b);
}

static void
postmark_error (SoupServerMessage *msg,
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
  respond_builder (msg, status, b);
}

/* The error each provider gives for a fault status. */
static void
respond_fault_status (CbzFakeProvider   *self,
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
        twilio_error (msg, 429, 20429, "Too Many Requests");
      else
        twilio_error (msg, status, status == 503 ? 20503 : 20500,
                      status == 503 ? "Service Unavailable" : "Internal Server Error");
    }
  else if (g_strcmp0 (provider, "whatsapp") == 0)
    {
      if (status == 429)
        whatsapp_error (msg, 429, 130429, "(#130429) Rate limit hit",
                        "Cloud API message throughput has been reached.");
      else if (status == 503)
        whatsapp_error (msg, 503, 2, "(#2) Service temporarily unavailable", NULL);
      else
        whatsapp_error (msg, 500, 131000, "(#131000) Something went wrong", NULL);
    }
  else if (g_strcmp0 (provider, "sendgrid") == 0)
    sendgrid_error (msg, status, status == 429 ? "too many requests" : "Internal server error", NULL);
  else if (g_strcmp0 (provider, "mailgun") == 0)
    {
      if (status == 429)
        mailgun_error (msg, 429, "Too many requests");
      else
        respond (msg, status, "text/plain", status == 503 ? "Service Unavailable" : "Internal Server Error");
    }
  else if (g_strcmp0 (provider, "postmark") == 0)
    {
      if (status == 429)
        postmark_error (msg, 429, 429, "Rate limit exceeded.");
      else
        postmark_error (msg, status, 0, status == 503 ? "Service Unavailable" : "Internal Server Error");
    }
  else
    respond (msg, status, "text/plain", "fault");
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

static FakeMessage *
remember_message (CbzFakeProvider *self,
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
  message->behavior = recipient_behavior (self, request->to);
  message->whatsapp = whatsapp;
  message->created = g_date_time_new_now_utc ();
  g_hash_table_insert (self->messages, message->id, message);
  g_ptr_array_add (self->message_order, message);

  request->message_id = g_strdup (message->id);
  return message;
}

static void
mark_accepted (CbzFakeProvider *self,
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
static const char *
advance_status (CbzFakeProvider *self,
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

static const char *
current_status (CbzFakeProvider *self,
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

static GHashTable *
parse_multipart (SoupServerMessage *msg,
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

static GHashTable *
parse_form (GBytes *body)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  g_autofree char *text = g_strndup (data, size);

  return soup_form_decode (text);
}

static JsonObject *
parse_json_object (GBytes     *body,
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

static const char *
jstr (JsonObject *object,
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

static JsonObject *
jobj (JsonObject *object,
      const char *member)
{
  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, member)))
    return NULL;
  return json_object_get_object_member (object, member);
}

static JsonArray *
jarr (JsonObject *object,
      const char *member)
{
  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    return NULL;
  return json_object_get_array_member (object, member);
}

static void
copy_string_members (CbzFakeRequest *request,
                     JsonObject     *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  request->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = jstr (object, l->data);

      if (value != NULL)
        g_hash_table_replace (request->fields, g_strdup (l->data), g_strdup (value));
    }
}

/* Auth */

static gboolean
check_basic (SoupServerMessage *msg,
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

static gboolean
check_bearer (SoupServerMessage *msg,
              const char        *token)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *expected = g_strdup_printf ("Bearer %s", token);

  return g_strcmp0 (header, expected) == 0;
}

/* Twilio */

static JsonNode *
twilio_resource (CbzFakeProvider *self,
                 FakeMessage     *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *date = format_rfc2822 (message->created);
  g_autofree char *uri = g_strdup_printf ("/2010-04-01/Accounts/%s/Messages/%s.json",
                                          CBZ_FAKE_TWILIO_SID, message->id);
  const char *status = current_status (self, message);
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

static void
twilio_send (CbzFakeProvider   *self,
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
      twilio_error (msg, 400, 20001, "Content-Type must be application/x-www-form-urlencoded");
      return;
    }
  request->fields = fields = parse_form (body);
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
    return twilio_error (msg, 400, 21604, "A 'To' phone number is required.");
  if ((from == NULL || *from == '\0') && (service == NULL || *service == '\0'))
    return twilio_error (msg, 400, 21603, "A 'From' phone number is required.");
  if ((text == NULL || *text == '\0') && content_sid == NULL && media == NULL)
    return twilio_error (msg, 400, 21602, "Message body is required.");
  if (text != NULL && g_utf8_strlen (text, -1) > 1600)
    return twilio_error (msg, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");

  whatsapp = g_str_has_prefix (to, "whatsapp:");
  if (from != NULL && whatsapp != g_str_has_prefix (from, "whatsapp:"))
    return twilio_error (msg, 400, 21910, "Invalid From and To pair. From and To should be of the same channel");
  if (!is_e164 (whatsapp ? to + strlen ("whatsapp:") : to))
    {
      g_autofree char *text_error = g_strdup_printf ("The 'To' number %s is not a valid phone number.", to);
      return twilio_error (msg, 400, 21211, text_error);
    }
  if (from != NULL && !is_e164 (whatsapp ? from + strlen ("whatsapp:") : from))
    {
      g_autofree char *text_error = g_strdup_printf ("The 'From' number %s is not a valid phone number, shortcode, or alphanumeric sender ID.", from);
      return twilio_error (msg, 400, 21212, text_error);
    }
  if (content_sid != NULL && !g_str_has_prefix (content_sid, "HX"))
    return twilio_error (msg, 400, 21655, "The ContentSid is Invalid.");
  if (variables != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GBytes) bytes = g_bytes_new_static (variables, strlen (variables));

      if (parse_json_object (bytes, parser) == NULL)
        return twilio_error (msg, 400, 21656, "The ContentVariables Parameter is invalid.");
    }

  switch (recipient_behavior (self, to))
    {
    case CBZ_FAKE_RECIPIENT_OPTED_OUT:
      return twilio_error (msg, 400, 21610, "Attempt to send to unsubscribed recipient");
    case CBZ_FAKE_RECIPIENT_LANDLINE:
      return twilio_error (msg, 400, 21614, "'To' number is not a valid mobile number");
    case CBZ_FAKE_RECIPIENT_INVALID:
      {
        g_autofree char *text_error = g_strdup_printf ("The 'To' number %s is not a valid phone number.", to);
        return twilio_error (msg, 400, 21211, text_error);
      }
    case CBZ_FAKE_RECIPIENT_NORMAL:
    case CBZ_FAKE_RECIPIENT_UNDELIVERABLE:
    case CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW:
    default:
      break;
    }

  message = remember_message (self, request, whatsapp);
  /* Templates are allowed outside the window; only free text fails there. */
  if (content_sid != NULL && message->behavior == CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW)
    message->behavior = CBZ_FAKE_RECIPIENT_NORMAL;
  mark_accepted (self, request);
  resource = twilio_resource (self, message);
  respond_node (msg, 201, resource);
}

static void
twilio_poll (CbzFakeProvider   *self,
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
      twilio_error (msg, 404, 20404, text);
      return;
    }
  advance_status (self, message, &failure);
  resource = twilio_resource (self, message);
  respond_node (msg, 200, resource);
}

static void
twilio_list (CbzFakeProvider   *self,
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
  respond_builder (msg, 200, b);
}

/* WhatsApp Cloud */

static void
whatsapp_send (CbzFakeProvider   *self,
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
    return whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "Content-Type must be application/json");
  object = parse_json_object (body, parser);
  if (object == NULL)
    return whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "The request body is not JSON");
  copy_string_members (request, object);

  to = jstr (object, "to");
  type = jstr (object, "type");
  request->to = g_strdup (to);
  request->reference = g_strdup (jstr (object, "biz_opaque_callback_data"));

  if (g_strcmp0 (jstr (object, "messaging_product"), "whatsapp") != 0)
    return whatsapp_error (msg, 400, 100, "(#100) The parameter messaging_product is required.", NULL);
  if (to == NULL || *to == '\0')
    return whatsapp_error (msg, 400, 100, "(#100) The parameter to is required.", NULL);
  if (recipient_behavior (self, to) == CBZ_FAKE_RECIPIENT_INVALID ||
      !is_e164 (to[0] == '+' ? to : NULL))
    return whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "Invalid WhatsApp recipient phone number");
  if (type == NULL)
    type = "text";

  if (g_str_equal (type, "text"))
    {
      JsonObject *text = jobj (object, "text");

      request->body = g_strdup (jstr (text, "body"));
      if (request->body == NULL || *request->body == '\0')
        return whatsapp_error (msg, 400, 131008, "(#131008) Required parameter is missing", "text.body is required");
      if (recipient_behavior (self, to) == CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW)
        return whatsapp_error (msg, 400, 131047, "(#131047) Re-engagement message",
                               "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    }
  else if (g_str_equal (type, "template"))
    {
      JsonObject *template = jobj (object, "template");
      const char *name = jstr (template, "name");
      const char *language = jstr (jobj (template, "language"), "code");
      JsonArray *components = jarr (template, "components");
      g_autofree char *key = NULL;
      g_autoptr(GString) params = g_string_new (NULL);
      guint n_params = 0;
      gpointer expected;

      request->template_name = g_strdup (name);
      if (name == NULL || language == NULL)
        return whatsapp_error (msg, 400, 131008, "(#131008) Required parameter is missing", "template.name and template.language.code are required");
      key = g_strdup_printf ("%s|%s", name, language);
      if (!g_hash_table_lookup_extended (self->templates, key, NULL, &expected))
        {
          g_autofree char *details = g_strdup_printf ("template name (%s) does not exist in %s", name, language);
          return whatsapp_error (msg, 404, 132001, "(#132001) Template name does not exist in the translation", details);
        }
      for (guint i = 0; components != NULL && i < json_array_get_length (components); i++)
        {
          JsonObject *component = json_array_get_object_element (components, i);
          JsonArray *parameters = jarr (component, "parameters");

          if (g_strcmp0 (jstr (component, "type"), "body") != 0 || parameters == NULL)
            continue;
          for (guint j = 0; j < json_array_get_length (parameters); j++)
            {
              JsonObject *parameter = json_array_get_object_element (parameters, j);

              if (g_strcmp0 (jstr (parameter, "type"), "text") != 0 || jstr (parameter, "text") == NULL)
                return whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "body parameters must be {\"type\":\"text\",\"text\":...}");
              g_string_append_printf (params, "%s%s", n_params ? "|" : "", jstr (parameter, "text"));
              n_params++;
            }
        }
      if (n_params != GPOINTER_TO_UINT (expected))
        {
          g_autofree char *details = g_strdup_printf ("body: number of localizable_params (%u) does not match the expected number of params (%u)",
                                                      n_params, GPOINTER_TO_UINT (expected));
          return whatsapp_error (msg, 400, 132000, "(#132000) Number of parameters does not match the expected number of params", details);
        }
      request->body = g_string_free (g_steal_pointer (&params), FALSE);
    }
  else if (g_str_equal (type, "document"))
    {
      JsonObject *document = jobj (object, "document");
      const char *link = jstr (document, "link");
      const char *id = jstr (document, "id");

      request->body = g_strdup (jstr (document, "caption"));
      request->attachment_filename = g_strdup (jstr (document, "filename"));
      if (link == NULL && id == NULL)
        return whatsapp_error (msg, 400, 131008, "(#131008) Required parameter is missing", "document.link or document.id is required");
      if (id != NULL && !g_hash_table_contains (self->media, id))
        return whatsapp_error (msg, 400, 131053, "(#131053) Media upload error", "Unknown media id");
      if (recipient_behavior (self, to) == CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW)
        return whatsapp_error (msg, 400, 131047, "(#131047) Re-engagement message",
                               "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    }
  else
    return whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "Unsupported message type");

  if (recipient_behavior (self, to) == CBZ_FAKE_RECIPIENT_OPTED_OUT)
    return whatsapp_error (msg, 400, 131050, "(#131050) Unable to deliver the message",
                           "The user has stopped marketing messages from this business.");

  message = remember_message (self, request, TRUE);
  (void) message;
  mark_accepted (self, request);

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
  respond_builder (msg, 200, b);
}

static void
whatsapp_upload (CbzFakeProvider   *self,
                 SoupServerMessage *msg,
                 CbzFakeRequest    *request,
                 GBytes            *body)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *id = NULL;

  if (request->content_type == NULL || !g_str_has_prefix (request->content_type, "multipart/form-data"))
    return whatsapp_error (msg, 400, 100, "(#100) Invalid parameter", "multipart/form-data required");
  request->fields = parse_multipart (msg, body, request);
  if (request->fields == NULL || request->attachment == NULL ||
      g_strcmp0 (g_hash_table_lookup (request->fields, "messaging_product"), "whatsapp") != 0 ||
      g_hash_table_lookup (request->fields, "type") == NULL)
    return whatsapp_error (msg, 400, 131008, "(#131008) Required parameter is missing",
                           "messaging_product, type and file are required");

  id = g_strdup_printf ("%u%u", 1000000 + ++self->counter, g_random_int_range (1000, 9999));
  g_hash_table_add (self->media, g_strdup (id));
  request->message_id = g_strdup (id);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

/* SendGrid */

static void
sendgrid_send (CbzFakeProvider   *self,
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
    return sendgrid_error (msg, 415, "Content-Type should be application/json.", NULL);
  object = parse_json_object (body, parser);
  if (object == NULL)
    return sendgrid_error (msg, 400, "Bad Request", NULL);
  copy_string_members (request, object);

  personalizations = jarr (object, "personalizations");
  if (personalizations == NULL || json_array_get_length (personalizations) == 0)
    return sendgrid_error (msg, 400, "The personalizations field is required and must have at least one personalization.", "personalizations");
  first = json_array_get_object_element (personalizations, 0);
  to_list = jarr (first, "to");
  if (to_list == NULL || json_array_get_length (to_list) == 0)
    return sendgrid_error (msg, 400, "The to array is required for all personalization objects, and must have at least one email object with a valid email address.", "personalizations.0.to");
  request->to = g_strdup (jstr (json_array_get_object_element (to_list, 0), "email"));
  request->reference = g_strdup (jstr (jobj (first, "custom_args"), "cobranza_reference"));
  address = extract_address (request->to);
  if (address == NULL || recipient_behavior (self, request->to) == CBZ_FAKE_RECIPIENT_INVALID)
    return sendgrid_error (msg, 400, "Does not contain a valid address.", "personalizations.0.to.0.email");

  from = jstr (jobj (object, "from"), "email");
  request->from = g_strdup (from);
  {
    g_autofree char *from_address = extract_address (from);

    if (from_address == NULL)
      return sendgrid_error (msg, 400, "The from email does not contain a valid address.", "from.email");
  }

  request->subject = g_strdup (jstr (object, "subject"));
  if (request->subject == NULL || *request->subject == '\0')
    return sendgrid_error (msg, 400, "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject");

  content = jarr (object, "content");
  if (content == NULL || json_array_get_length (content) == 0)
    return sendgrid_error (msg, 400, "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.", "content");
  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);
      const char *type = jstr (part, "type");

      if (type == NULL || jstr (part, "value") == NULL)
        return sendgrid_error (msg, 400, "Content blocks need a type and a value.", "content");
      if (i > 0 && g_str_equal (type, "text/plain"))
        return sendgrid_error (msg, 400, "If present, text/plain content must be first, followed by any other content.", "content");
      if (g_str_equal (type, "text/plain"))
        request->body = g_strdup (jstr (part, "value"));
      else if (g_str_equal (type, "text/html"))
        request->html = g_strdup (jstr (part, "value"));
    }

  attachments = jarr (object, "attachments");
  if (attachments != NULL && json_array_get_length (attachments) > 0)
    {
      JsonObject *attachment = json_array_get_object_element (attachments, 0);
      const char *data = jstr (attachment, "content");
      gsize length = 0;
      guchar *decoded;

      if (!is_base64 (data))
        return sendgrid_error (msg, 400, "The attachment content must be base64 encoded.", "attachments.0.content");
      if (jstr (attachment, "filename") == NULL)
        return sendgrid_error (msg, 400, "The attachment filename parameter is required.", "attachments.0.filename");
      decoded = g_base64_decode (data, &length);
      request->attachment = g_bytes_new_take (decoded, length);
      request->attachment_filename = g_strdup (jstr (attachment, "filename"));
      request->attachment_type = g_strdup (jstr (attachment, "type"));
      request->attachment_encoding = g_strdup ("base64-json");
    }

  remember_message (self, request, FALSE);
  mark_accepted (self, request);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Message-Id", request->message_id);
  soup_server_message_set_status (msg, 202, NULL);
}

static void
sendgrid_poll (CbzFakeProvider   *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *filter = query ? g_hash_table_lookup (query, "query") : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  FakeMessage *found = NULL;

  if (filter == NULL || !g_str_has_prefix (filter, "msg_id LIKE '"))
    return sendgrid_error (msg, 400, "invalid query", "query");

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
      const char *status = advance_status (self, found, &failure);

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
  respond_builder (msg, 200, b);
}

/* Mailgun */

static void
mailgun_send (CbzFakeProvider   *self,
              SoupServerMessage *msg,
              CbzFakeRequest    *request,
              GBytes            *body)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *address = NULL;

  if (request->content_type != NULL && g_str_has_prefix (request->content_type, "multipart/form-data"))
    request->fields = parse_multipart (msg, body, request);
  else if (g_strcmp0 (request->content_type, "application/x-www-form-urlencoded") == 0)
    request->fields = parse_form (body);
  if (request->fields == NULL)
    return mailgun_error (msg, 400, "Expected multipart/form-data or application/x-www-form-urlencoded");

  request->from = g_strdup (g_hash_table_lookup (request->fields, "from"));
  request->to = g_strdup (g_hash_table_lookup (request->fields, "to"));
  request->subject = g_strdup (g_hash_table_lookup (request->fields, "subject"));
  request->body = g_strdup (g_hash_table_lookup (request->fields, "text"));
  request->html = g_strdup (g_hash_table_lookup (request->fields, "html"));
  request->reference = g_strdup (g_hash_table_lookup (request->fields, "v:cobranza-reference"));

  if (request->from == NULL)
    return mailgun_error (msg, 400, "'from' parameter is missing");
  if (request->to == NULL)
    return mailgun_error (msg, 400, "'to' parameter is missing");
  address = extract_address (request->to);
  if (address == NULL || recipient_behavior (self, request->to) == CBZ_FAKE_RECIPIENT_INVALID)
    return mailgun_error (msg, 400, "to parameter is not a valid address. please check documentation");
  if (request->body == NULL && request->html == NULL && g_hash_table_lookup (request->fields, "template") == NULL)
    return mailgun_error (msg, 400, "Need at least one of 'text', 'html' or 'template' parameters specified");

  remember_message (self, request, FALSE);
  mark_accepted (self, request);

  id_text = g_strdup_printf ("<%s>", request->message_id);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id_text);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, "Queued. Thank you.");
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
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

static void
mailgun_events (CbzFakeProvider   *self,
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
      const char *status = advance_status (self, message, &failure);

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
  respond_builder (msg, 200, b);
}

/* Postmark */

static void
postmark_send (CbzFakeProvider   *self,
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
    return postmark_error (msg, 422, 409, "JSON data required.");
  object = parse_json_object (body, parser);
  if (object == NULL)
    return postmark_error (msg, 422, 402, "Invalid JSON.");
  copy_string_members (request, object);

  request->from = g_strdup (jstr (object, "From"));
  request->to = g_strdup (jstr (object, "To"));
  request->subject = g_strdup (jstr (object, "Subject"));
  request->body = g_strdup (jstr (object, "TextBody"));
  request->html = g_strdup (jstr (object, "HtmlBody"));
  request->reference = g_strdup (jstr (jobj (object, "Metadata"), "cobranza-reference"));

  g_free (to_address);
  to_address = extract_address (request->from);
  if (to_address == NULL)
    {
      g_autofree char *text = g_strdup_printf ("Invalid 'From' address: '%s'.", request->from ? request->from : "");
      return postmark_error (msg, 422, 300, text);
    }
  g_free (to_address);
  to_address = extract_address (request->to);
  if (to_address == NULL || recipient_behavior (self, request->to) == CBZ_FAKE_RECIPIENT_INVALID)
    {
      g_autofree char *text = g_strdup_printf ("Invalid 'To' address: '%s'.", request->to ? request->to : "");
      return postmark_error (msg, 422, 300, text);
    }
  if (request->body == NULL && request->html == NULL)
    return postmark_error (msg, 422, 300, "Provide either email TextBody or HtmlBody or both.");
  if (g_strcmp0 (jstr (object, "MessageStream"), "outbound") != 0 && jstr (object, "MessageStream") != NULL)
    return postmark_error (msg, 422, 1235, "The message stream for the provided 'ID' was not found.");

  attachments = jarr (object, "Attachments");
  if (attachments != NULL && json_array_get_length (attachments) > 0)
    {
      JsonObject *attachment = json_array_get_object_element (attachments, 0);
      const char *data = jstr (attachment, "Content");
      gsize length = 0;
      guchar *decoded;

      if (!is_base64 (data))
        return postmark_error (msg, 422, 300, "Invalid attachment content - illegal base64 string.");
      if (jstr (attachment, "Name") == NULL)
        return postmark_error (msg, 422, 300, "Attachment Name is required.");
      decoded = g_base64_decode (data, &length);
      request->attachment = g_bytes_new_take (decoded, length);
      request->attachment_filename = g_strdup (jstr (attachment, "Name"));
      request->attachment_type = g_strdup (jstr (attachment, "ContentType"));
      request->attachment_encoding = g_strdup ("base64-json");
    }

  if (recipient_behavior (self, request->to) == CBZ_FAKE_RECIPIENT_OPTED_OUT)
    return postmark_error (msg, 422, 406, "You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: "
                           "they unsubscribed. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.");

  remember_message (self, request, FALSE);
  mark_accepted (self, request);

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
  respond_builder (msg, 200, b);
}

static void
postmark_details (CbzFakeProvider   *self,
                  SoupServerMessage *msg,
                  const Route       *route)
{
  FakeMessage *message = g_hash_table_lookup (self->messages, route->id);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean failure;
  const char *status;

  if (message == NULL || !g_str_equal (message->provider, "postmark"))
    return postmark_error (msg, 422, 701, "This message was not found.");

  status = advance_status (self, message, &failure);
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
  respond_builder (msg, 200, b);
}

/* Routing */

static gboolean
route_request (const char *method,
               const char *path,
               Route      *route)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  /* parts[0] is "" (leading slash). */
  if (n == 5 && g_str_equal (parts[1], "2010-04-01") && g_str_equal (parts[2], "Accounts") &&
      g_str_equal (parts[4], "Messages.json"))
    {
      route->provider = "twilio";
      route->operation = g_str_equal (method, "POST") ? "send" : "list";
      route->account = g_strdup (parts[3]);
      return TRUE;
    }
  if (n == 6 && g_str_equal (parts[1], "2010-04-01") && g_str_equal (parts[2], "Accounts") &&
      g_str_equal (parts[4], "Messages") && g_str_has_suffix (parts[5], ".json"))
    {
      route->provider = "twilio";
      route->operation = "poll";
      route->account = g_strdup (parts[3]);
      route->id = g_strndup (parts[5], strlen (parts[5]) - strlen (".json"));
      return TRUE;
    }
  /* Graph versions look like "v19.0"; Mailgun's "/v3/…" has no dot. */
  if (n == 4 && parts[1][0] == 'v' && g_ascii_isdigit (parts[1][1]) && strchr (parts[1], '.') != NULL &&
      (g_str_equal (parts[3], "messages") || g_str_equal (parts[3], "media")))
    {
      route->provider = "whatsapp";
      route->operation = g_str_equal (parts[3], "messages") ? "send" : "upload";
      route->version = g_strdup (parts[1]);
      route->account = g_strdup (parts[2]);
      return TRUE;
    }
  if (n == 4 && g_str_equal (parts[1], "v3") && g_str_equal (parts[2], "mail") && g_str_equal (parts[3], "send"))
    {
      route->provider = "sendgrid";
      route->operation = "send";
      return TRUE;
    }
  if (n == 3 && g_str_equal (parts[1], "v3") && g_str_equal (parts[2], "messages"))
    {
      route->provider = "sendgrid";
      route->operation = "poll";
      return TRUE;
    }
  if (n == 4 && g_str_equal (parts[1], "v3") &&
      (g_str_equal (parts[3], "messages") || g_str_equal (parts[3], "events")))
    {
      route->provider = "mailgun";
      route->operation = g_str_equal (parts[3], "messages") ? "send" : "poll";
      route->account = g_strdup (parts[2]);
      return TRUE;
    }
  if (n == 2 && g_str_equal (parts[1], "email"))
    {
      route->provider = "postmark";
      route->operation = "send";
      return TRUE;
    }
  if (n == 5 && g_str_equal (parts[1], "messages") && g_str_equal (parts[2], "outbound") &&
      g_str_equal (parts[4], "details"))
    {
      route->provider = "postmark";
      route->operation = "poll";
      route->id = g_strdup (parts[3]);
      return TRUE;
    }
  return FALSE;
}

/* Answers a 401 (or 404 for an unknown account) and returns FALSE when the
 * request is not authorized. */
static gboolean
authorize (SoupServerMessage *msg,
           const Route       *route)
{
  if (g_str_equal (route->provider, "twilio"))
    {
      if (!check_basic (msg, CBZ_FAKE_TWILIO_SID, CBZ_FAKE_TWILIO_TOKEN) ||
          g_strcmp0 (route->account, CBZ_FAKE_TWILIO_SID) != 0)
        {
          twilio_error (msg, 401, 20003, "Authenticate");
          return FALSE;
        }
    }
  else if (g_str_equal (route->provider, "whatsapp"))
    {
      if (!check_bearer (msg, CBZ_FAKE_WHATSAPP_TOKEN))
        {
          whatsapp_error (msg, 401, 190, "Error validating access token: Session has expired.", NULL);
          return FALSE;
        }
      if (g_strcmp0 (route->account, CBZ_FAKE_WHATSAPP_PHONE_ID) != 0)
        {
          g_autofree char *text = g_strdup_printf ("Unsupported post request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                                                   route->account);
          whatsapp_error (msg, 400, 100, text, NULL);
          return FALSE;
        }
    }
  else if (g_str_equal (route->provider, "sendgrid"))
    {
      if (!check_bearer (msg, CBZ_FAKE_SENDGRID_KEY))
        {
          sendgrid_error (msg, 401, "The provided authorization grant is invalid, expired, or revoked", NULL);
          return FALSE;
        }
    }
  else if (g_str_equal (route->provider, "mailgun"))
    {
      if (!check_basic (msg, "api", CBZ_FAKE_MAILGUN_KEY))
        {
          respond (msg, 401, "text/plain", "Forbidden");
          return FALSE;
        }
      if (g_strcmp0 (route->account, CBZ_FAKE_MAILGUN_DOMAIN) != 0)
        {
          g_autofree char *text = g_strdup_printf ("Domain not found: %s", route->account);
          mailgun_error (msg, 404, text);
          return FALSE;
        }
    }
  else if (g_str_equal (route->provider, "postmark"))
    {
      const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                        "X-Postmark-Server-Token");

      if (g_strcmp0 (token, CBZ_FAKE_POSTMARK_TOKEN) != 0)
        {
          postmark_error (msg, 401, 10, "The Server Token you provided in the X-Postmark-Server-Token request header was invalid. Please verify that you are using a valid token.");
          return FALSE;
        }
    }
  return TRUE;
}

static void
handle_provider (CbzFakeProvider   *self,
                 SoupServerMessage *msg,
                 CbzFakeRequest    *request,
                 const Route       *route,
                 GHashTable        *query)
{
  GBytes *body = request->raw_body;
  const char *method = request->method;

  if (!authorize (msg, route))
    return;

  if (g_str_equal (route->provider, "twilio"))
    {
      if (g_str_equal (route->operation, "send"))
        twilio_send (self, msg, request, body);
      else if (g_str_equal (route->operation, "poll") && g_str_equal (method, "GET"))
        twilio_poll (self, msg, route);
      else if (g_str_equal (route->operation, "list") && g_str_equal (method, "GET"))
        twilio_list (self, msg, route, query);
      else
        twilio_error (msg, 405, 20004, "Method not allowed");
    }
  else if (g_str_equal (route->provider, "whatsapp"))
    {
      if (!g_str_equal (method, "POST"))
        whatsapp_error (msg, 400, 100, "Unsupported get request.", NULL);
      else if (g_str_equal (route->operation, "send"))
        whatsapp_send (self, msg, request, body);
      else
        whatsapp_upload (self, msg, request, body);
    }
  else if (g_str_equal (route->provider, "sendgrid"))
    {
      if (g_str_equal (route->operation, "send") && g_str_equal (method, "POST"))
        sendgrid_send (self, msg, request, body);
      else if (g_str_equal (route->operation, "poll") && g_str_equal (method, "GET"))
        sendgrid_poll (self, msg, query);
      else
        sendgrid_error (msg, 405, "Method not allowed", NULL);
    }
  else if (g_str_equal (route->provider, "mailgun"))
    {
      if (g_str_equal (route->operation, "send") && g_str_equal (method, "POST"))
        mailgun_send (self, msg, request, body);
      else if (g_str_equal (route->operation, "poll") && g_str_equal (method, "GET"))
        mailgun_events (self, msg, query);
      else
        mailgun_error (msg, 405, "Method not allowed");
    }
  else if (g_str_equal (route->provider, "postmark"))
    {
      if (g_str_equal (route->operation, "send") && g_str_equal (method, "POST"))
        postmark_send (self, msg, request, body);
      else if (g_str_equal (route->operation, "poll") && g_str_equal (method, "GET"))
        postmark_details (self, msg, route);
      else
        postmark_error (msg, 405, 0, "Method not allowed");
    }
}

static void
drop_connection (CbzFakeProvider   *self,
                 SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  /* A stolen connection never reports request-finished. */
  if (self->in_flight > 0)
    self->in_flight--;

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static Fault *
match_fault (CbzFakeProvider *self,
             const char      *provider)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);
      guint index;

      if (fault->provider != NULL && g_strcmp0 (fault->provider, provider) != 0)
        continue;
      if (fault->count == 0)
        continue;
      index = fault->matched++;
      if (index < fault->skip)
        continue;
      if (fault->every > 1 && (index - fault->skip) % fault->every != 0)
        continue;
      if (fault->count > 0)
        fault->count--;
      return fault;
    }
  return NULL;
}

typedef struct
{
  CbzFakeProvider   *self;
  SoupServerMessage *msg;
  CbzFakeRequest    *request;
  Route              route;
  GHashTable        *query;
  gboolean           handle;    /* LATENCY: handle when the delay ends */
  gboolean           malformed;
} Delayed;

static void
delayed_free (Delayed *delayed)
{
  g_clear_object (&delayed->self);
  g_clear_object (&delayed->msg);
  g_clear_pointer (&delayed->request, fake_request_free);
  route_clear (&delayed->route);
  g_clear_pointer (&delayed->query, g_hash_table_unref);
  g_free (delayed);
}

static void
break_body (SoupServerMessage *msg,
            CbzFakeRequest    *request)
{
  guint status = soup_server_message_get_status (msg);

  if (status >= 200 && status < 300)
    {
      /* A truncated body with the success status the provider would use. */
      respond (msg, status, "application/json", "{\"sid\": \"SM");
    }
}

static gboolean
on_delay_elapsed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  if (delayed->handle)
    handle_provider (delayed->self, delayed->msg, delayed->request, &delayed->route, delayed->query);
  delayed->request->status = soup_server_message_get_status (delayed->msg);
  soup_server_message_unpause (delayed->msg);
  return G_SOURCE_REMOVE;
}

static void
handle_admin (CbzFakeProvider   *self,
              SoupServerMessage *msg,
              const char        *path);

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  CbzFakeProvider *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_auto(Route) route = { 0 };
  CbzFakeRequest *request;
  Fault *fault;
  const char *header;

  if (g_str_has_prefix (path, "/_fake/"))
    {
      handle_admin (self, msg, path);
      return;
    }

  request = g_rc_box_new0 (CbzFakeRequest);
  request->seq = ++self->seq;
  request->method = g_strdup (soup_server_message_get_method (msg));
  {
    GUri *uri = soup_server_message_get_uri (msg);
    const char *q = g_uri_get_query (uri);

    request->path = q ? g_strdup_printf ("%s?%s", path, q) : g_strdup (path);
  }
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  header = soup_message_headers_get_one (headers, "Authorization");
  if (header == NULL)
    header = soup_message_headers_get_one (headers, "X-Postmark-Server-Token");
  request->authorization = g_strdup (header);
  request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  {
    g_autoptr(GBytes) flat = soup_message_body_flatten (body);
    request->raw_body = g_bytes_ref (flat);
  }
  g_ptr_array_add (self->requests, request);

  if (!route_request (request->method, path, &route))
    {
      respond (msg, 404, "application/json", "{\"message\":\"The requested resource was not found\"}");
      request->status = 404;
      return;
    }
  request->provider = g_strdup (route.provider);
  request->operation = g_strdup (route.operation);

  fault = match_fault (self, route.provider);
  if (fault != NULL)
    {
      request->fault = g_strdup (fault_name (fault->kind));
      switch (fault->kind)
        {
        case CBZ_FAKE_FAULT_DROP:
          request->status = 0;
          drop_connection (self, msg);
          return;

        case CBZ_FAKE_FAULT_500:
        case CBZ_FAKE_FAULT_503:
        case CBZ_FAKE_FAULT_429:
          respond_fault_status (self, msg, route.provider,
                                fault->kind == CBZ_FAKE_FAULT_500 ? 500 :
                                fault->kind == CBZ_FAKE_FAULT_503 ? 503 : 429, fault);
          request->status = soup_server_message_get_status (msg);
          return;

        case CBZ_FAKE_FAULT_LATENCY:
        case CBZ_FAKE_FAULT_SLOW:
          {
            Delayed *delayed = g_new0 (Delayed, 1);

            delayed->self = g_object_ref (self);
            delayed->msg = g_object_ref (msg);
            delayed->request = g_rc_box_acquire (request);
            delayed->route = route;
            memset (&route, 0, sizeof route);
            delayed->query = query ? g_hash_table_ref (query) : NULL;
            delayed->handle = fault->kind == CBZ_FAKE_FAULT_LATENCY;
            if (!delayed->handle)
              handle_provider (self, msg, request, &delayed->route, query);
            soup_server_message_pause (msg);
            g_timeout_add_full (G_PRIORITY_DEFAULT, fault->delay_ms, on_delay_elapsed_cb,
                                delayed, (GDestroyNotify) delayed_free);
            return;
          }

        case CBZ_FAKE_FAULT_DROP_AFTER_ACCEPT:
          handle_provider (self, msg, request, &route, query);
          request->status = 0;
          drop_connection (self, msg);
          return;

        case CBZ_FAKE_FAULT_MALFORMED:
          handle_provider (self, msg, request, &route, query);
          break_body (msg, request);
          request->status = soup_server_message_get_status (msg);
          return;

        default:
          break;
        }
    }

  handle_provider (self, msg, request, &route, query);
  request->status = soup_server_message_get_status (msg);
}

/* Admin endpoints */

static void
add_optional_string (JsonBuilder *b,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
admin_requests (CbzFakeProvider   *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < self->requests->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, request->seq);
      add_optional_string (b, "provider", request->provider);
      add_optional_string (b, "operation", request->operation);
      add_optional_string (b, "method", request->method);
      add_optional_string (b, "path", request->path);
      add_optional_string (b, "content_type", request->content_type);
      json_builder_set_member_name (b, "status");
      json_builder_add_int_value (b, request->status);
      json_builder_set_member_name (b, "accepted");
      json_builder_add_boolean_value (b, request->accepted);
      json_builder_set_member_name (b, "duplicate");
      json_builder_add_boolean_value (b, request->duplicate);
      add_optional_string (b, "fault", request->fault);
      add_optional_string (b, "to", request->to);
      add_optional_string (b, "from", request->from);
      add_optional_string (b, "subject", request->subject);
      add_optional_string (b, "body", request->body);
      add_optional_string (b, "template", request->template_name);
      add_optional_string (b, "reference", request->reference);
      add_optional_string (b, "message_id", request->message_id);
      add_optional_string (b, "attachment_encoding", request->attachment_encoding);
      add_optional_string (b, "attachment_filename", request->attachment_filename);
      json_builder_set_member_name (b, "attachment_size");
      json_builder_add_int_value (b, request->attachment ? (gint64) g_bytes_get_size (request->attachment) : 0);
      add_optional_string (b, "user_agent", request->user_agent);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  respond_builder (msg, 200, b);
}

static void
admin_stats (CbzFakeProvider   *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char * const providers[] = { "twilio", "whatsapp", "sendgrid", "mailgun", "postmark" };
  guint faults = 0;
  guint rejected = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (request->fault != NULL)
        faults++;
      if (request->status >= 400)
        rejected++;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "received");
  json_builder_add_int_value (b, cbz_fake_provider_count_received (self, NULL));
  json_builder_set_member_name (b, "accepted");
  json_builder_add_int_value (b, cbz_fake_provider_count_accepted (self, NULL));
  json_builder_set_member_name (b, "duplicates");
  json_builder_add_int_value (b, self->duplicates);
  json_builder_set_member_name (b, "rejected");
  json_builder_add_int_value (b, rejected);
  json_builder_set_member_name (b, "faults");
  json_builder_add_int_value (b, faults);
  json_builder_set_member_name (b, "in_flight");
  json_builder_add_int_value (b, self->in_flight);
  json_builder_set_member_name (b, "max_in_flight");
  json_builder_add_int_value (b, self->max_in_flight);
  json_builder_set_member_name (b, "by_provider");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      json_builder_set_member_name (b, providers[i]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "received");
      json_builder_add_int_value (b, cbz_fake_provider_count_received (self, providers[i]));
      json_builder_set_member_name (b, "accepted");
      json_builder_add_int_value (b, cbz_fake_provider_count_accepted (self, providers[i]));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static JsonObject *
admin_body (SoupServerMessage *msg,
            JsonParser        *parser)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  return parse_json_object (body, parser);
}

static gint64
jint (JsonObject *object,
      const char *member,
      gint64      fallback)
{
  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, member)))
    return fallback;
  return json_object_get_int_member (object, member);
}

static void
handle_admin (CbzFakeProvider   *self,
              SoupServerMessage *msg,
              const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_str_equal (path, "/_fake/requests") && g_str_equal (method, "GET"))
    admin_requests (self, msg);
  else if (g_str_equal (path, "/_fake/stats") && g_str_equal (method, "GET"))
    admin_stats (self, msg);
  else if (g_str_equal (path, "/_fake/reset") && g_str_equal (method, "POST"))
    {
      cbz_fake_provider_reset (self);
      respond (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/_fake/faults") && g_str_equal (method, "DELETE"))
    {
      cbz_fake_provider_clear_faults (self);
      respond (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/_fake/faults") && g_str_equal (method, "POST"))
    {
      JsonObject *object = admin_body (msg, parser);
      CbzFakeFault fault = { 0 };

      if (object == NULL || !fault_kind_from_name (jstr (object, "kind"), &fault.kind))
        {
          respond (msg, 400, "application/json", "{\"message\":\"kind must be latency, slow, drop, drop-after-accept, 500, 503, 429 or malformed\"}");
          return;
        }
      fault.provider = jstr (object, "provider");
      fault.skip = (guint) jint (object, "skip", 0);
      fault.count = (int) jint (object, "count", 1);
      fault.every = (guint) jint (object, "every", 1);
      fault.delay_ms = (guint) jint (object, "delay_ms", 0);
      fault.retry_after = (int) jint (object, "retry_after", -1);
      fault.reset_in = (int) jint (object, "reset_in", 0);
      cbz_fake_provider_add_fault (self, &fault);
      respond (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/_fake/recipients") && g_str_equal (method, "POST"))
    {
      JsonObject *object = admin_body (msg, parser);
      CbzFakeRecipient behavior;

      if (object == NULL || jstr (object, "to") == NULL ||
          !recipient_from_name (jstr (object, "behavior"), &behavior))
        {
          respond (msg, 400, "application/json", "{\"message\":\"to and behavior (normal, opted-out, landline, invalid, undeliverable, outside-window) are required\"}");
          return;
        }
      cbz_fake_provider_set_recipient (self, jstr (object, "to"), behavior);
      respond (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/_fake/inbound") && g_str_equal (method, "POST"))
    {
      JsonObject *object = admin_body (msg, parser);

      if (object == NULL || jstr (object, "from") == NULL || jstr (object, "to") == NULL ||
          jstr (object, "body") == NULL)
        {
          respond (msg, 400, "application/json", "{\"message\":\"from, to and body are required\"}");
          return;
        }
      cbz_fake_provider_add_inbound (self, jstr (object, "from"), jstr (object, "to"),
                                     jstr (object, "body"), NULL);
      respond (msg, 200, "application/json", "{}");
    }
  else
    respond (msg, 404, "application/json", "{\"message\":\"unknown admin endpoint\"}");
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  CbzFakeProvider *self = user_data;

  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
}

static void
on_request_done_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  CbzFakeProvider *self = user_data;

  if (self->in_flight > 0)
    self->in_flight--;
}

static void
add_default_templates (CbzFakeProvider *self)
{
  cbz_fake_provider_add_template (self, "recordatorio_pago", "es_MX", 2);
  cbz_fake_provider_add_template (self, "recordatorio_pago", "es", 2);
}

static void
cbz_fake_provider_finalize (GObject *object)
{
  CbzFakeProvider *self = CBZ_FAKE_PROVIDER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->seen_sends, g_hash_table_unref);
  g_clear_pointer (&self->message_order, g_ptr_array_unref);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_clear_pointer (&self->recipients, g_hash_table_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_hash_table_unref);
  g_clear_pointer (&self->media, g_hash_table_unref);

  G_OBJECT_CLASS (cbz_fake_provider_parent_class)->finalize (object);
}

static void
cbz_fake_provider_class_init (CbzFakeProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cbz_fake_provider_finalize;
}

static void
cbz_fake_provider_init (CbzFakeProvider *self)
{
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_request_free);
  self->seen_sends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) fake_message_free);
  self->message_order = g_ptr_array_new ();
  self->recipients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->poll_steps = 2;
  add_default_templates (self);
}

CbzFakeProvider *
cbz_fake_provider_new (guint    port,
                       GError **error)
{
  g_autoptr(CbzFakeProvider) self = g_object_new (CBZ_TYPE_FAKE_PROVIDER, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;

  self->server = soup_server_new ("server-header", "cobranza-fake-provider ", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started_cb), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (on_request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (on_request_done_cb), self);

  /* Our own socket, for a listen backlog that takes a burst of 16+ new
   * connections at once (GSocket's default of 10 made clients wait ~1 s
   * for a SYN retry, which the benchmark then measured). Always 127.0.0.1. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, 256);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  if (!soup_server_listen_socket (self->server, socket, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  self->port = (guint) g_uri_get_port (uris->data);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&self);
}

const char *
cbz_fake_provider_get_url (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), NULL);
  return self->url;
}

guint
cbz_fake_provider_get_port (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);
  return self->port;
}

void
cbz_fake_provider_reset (CbzFakeProvider *self)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));

  g_ptr_array_set_size (self->requests, 0);
  g_hash_table_remove_all (self->seen_sends);
  self->duplicates = 0;
  g_ptr_array_set_size (self->message_order, 0);
  g_hash_table_remove_all (self->messages);
  g_hash_table_remove_all (self->recipients);
  g_ptr_array_set_size (self->faults, 0);
  g_hash_table_remove_all (self->media);
  g_hash_table_remove_all (self->templates);
  add_default_templates (self);
  self->seq = 0;
  self->max_in_flight = self->in_flight;
  self->poll_steps = 2;
}

void
cbz_fake_provider_set_recipient (CbzFakeProvider  *self,
                                 const char       *to,
                                 CbzFakeRecipient  behavior)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));
  g_return_if_fail (to != NULL);

  g_hash_table_replace (self->recipients, g_strdup (to), GINT_TO_POINTER (behavior));
}

void
cbz_fake_provider_add_fault (CbzFakeProvider    *self,
                             const CbzFakeFault *fault)
{
  Fault *copy;

  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));
  g_return_if_fail (fault != NULL);

  copy = g_new0 (Fault, 1);
  copy->provider = g_strdup (fault->provider);
  copy->kind = fault->kind;
  copy->skip = fault->skip;
  copy->count = fault->count;
  copy->every = fault->every;
  copy->delay_ms = fault->delay_ms;
  copy->retry_after = fault->retry_after;
  copy->reset_in = fault->reset_in;
  g_ptr_array_add (self->faults, copy);
}

void
cbz_fake_provider_clear_faults (CbzFakeProvider *self)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));
  g_ptr_array_set_size (self->faults, 0);
}

void
cbz_fake_provider_add_inbound (CbzFakeProvider *self,
                               const char      *from,
                               const char      *to,
                               const char      *body,
                               GDateTime       *date_sent)
{
  FakeMessage *message;

  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));

  message = g_new0 (FakeMessage, 1);
  message->id = g_strdup_printf ("SM%08x%024x", g_random_int (), ++self->counter);
  message->provider = g_strdup ("twilio");
  message->from = g_strdup (from);
  message->to = g_strdup (to);
  message->body = g_strdup (body);
  message->inbound = TRUE;
  message->created = date_sent ? g_date_time_to_utc (date_sent) : g_date_time_new_now_utc ();
  g_hash_table_insert (self->messages, message->id, message);
  g_ptr_array_add (self->message_order, message);
}

void
cbz_fake_provider_add_template (CbzFakeProvider *self,
                                const char      *name,
                                const char      *language,
                                guint            n_parameters)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));

  g_hash_table_replace (self->templates, g_strdup_printf ("%s|%s", name, language),
                        GUINT_TO_POINTER (n_parameters));
}

void
cbz_fake_provider_set_poll_steps (CbzFakeProvider *self,
                                  guint            steps)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));
  self->poll_steps = MAX (steps, 1);
}

GPtrArray *
cbz_fake_provider_get_requests (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), NULL);
  return self->requests;
}

CbzFakeRequest *
cbz_fake_provider_get_last (CbzFakeProvider *self,
                            const char      *provider)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), NULL);

  for (guint i = self->requests->len; i > 0; i--)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i - 1);

      if (provider == NULL || g_strcmp0 (request->provider, provider) == 0)
        return request;
    }
  return NULL;
}

guint
cbz_fake_provider_count_received (CbzFakeProvider *self,
                                  const char      *provider)
{
  guint count = 0;

  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (provider == NULL || g_strcmp0 (request->provider, provider) == 0)
        count++;
    }
  return count;
}

guint
cbz_fake_provider_count_accepted (CbzFakeProvider *self,
                                  const char      *provider)
{
  guint count = 0;

  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (request->accepted && (provider == NULL || g_strcmp0 (request->provider, provider) == 0))
        count++;
    }
  return count;
}

guint
cbz_fake_provider_count_duplicates (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);
  return self->duplicates;
}

guint
cbz_fake_provider_get_max_in_flight (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);
  return self->max_in_flight;
}

gboolean
cbz_fake_fault_parse (const char    *spec,
                      CbzFakeFault  *fault,
                      char         **provider,
                      GError       **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  memset (fault, 0, sizeof *fault);
  fault->count = -1;
  fault->retry_after = -1;
  *provider = NULL;

  if (parts[0] == NULL || !fault_kind_from_name (parts[0], &fault->kind))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s”: a fault starts with latency, slow, drop, drop-after-accept, 500, 503, 429 or malformed",
                   spec);
      return FALSE;
    }
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *key = NULL;
      const char *value;

      if (eq == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "“%s”: expected key=value", parts[i]);
          return FALSE;
        }
      key = g_strndup (parts[i], (gsize) (eq - parts[i]));
      value = eq + 1;
      if (g_str_equal (key, "provider"))
        {
          g_free (*provider);
          *provider = g_strdup (value);
        }
      else if (g_str_equal (key, "count"))
        fault->count = atoi (value);
      else if (g_str_equal (key, "skip"))
        fault->skip = (guint) atoi (value);
      else if (g_str_equal (key, "every"))
        fault->every = (guint) atoi (value);
      else if (g_str_equal (key, "delay"))
        fault->delay_ms = (guint) atoi (value);
      else if (g_str_equal (key, "retry-after"))
        fault->retry_after = atoi (value);
      else if (g_str_equal (key, "reset-in"))
        fault->reset_in = atoi (value);
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "“%s”: unknown fault option (provider, count, skip, every, delay, retry-after, reset-in)",
                       key);
          g_clear_pointer (provider, g_free);
          return FALSE;
        }
    }
  fault->provider = *provider;
  return TRUE;
}
