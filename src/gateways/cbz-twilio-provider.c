/* cbz-twilio-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Twilio Programmable Messaging: SMS, and WhatsApp through Twilio (approved
 * templates as ContentSid + ContentVariables). Form-encoded POST with Basic
 * auth AccountSid:AuthToken; 201 with the message resource. The one
 * provider that can be polled for a message and can list messages.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-provider-private.h"
#include "cbz-twilio-provider.h"

#define TWILIO_MAX_BODY 1600
#define TWILIO_PAGE_SIZE "50"

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

/* {"1":"Juan","2":"$1,250.00"}: the template's parameters by position. */
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

      _cbz_json_add_string (builder, key, parameters[i]);
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

static const char *
get_sender (CbzProvider              *provider,
            const CbzOutgoingMessage *message)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);

  if (message->from != NULL)
    return message->from;
  if (message->channel == CBZ_CHANNEL_WHATSAPP && account->whatsapp_from != NULL)
    return account->whatsapp_from;
  return account->from;
}

static void
cbz_twilio_provider_authorize (CbzProvider *provider,
                               SoupMessage *request)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);

  _cbz_provider_set_basic_auth (request, account->account, account->secret);
}

static char *
cbz_twilio_provider_check_message (CbzProvider              *provider,
                                   const CbzOutgoingMessage *message,
                                   CbzFailureCode           *failure)
{
  if (message->channel == CBZ_CHANNEL_EMAIL)
    {
      *failure = CBZ_FAILURE_UNSUPPORTED;
      return g_strdup (_("Twilio sends SMS and WhatsApp messages, not e-mail."));
    }
  *failure = CBZ_FAILURE_INVALID_REQUEST;
  if (!_cbz_has_text (message->to))
    return g_strdup (_("The message has no recipient number."));
  if (!_cbz_has_text (get_sender (provider, message)))
    return g_strdup (_("No sender number is configured for Twilio."));
  if (message->template_name == NULL && !_cbz_has_text (message->body) && message->attachment_url == NULL)
    return g_strdup (_("The message is empty."));
  if (message->template_name == NULL && message->body != NULL &&
      g_utf8_strlen (message->body, -1) > TWILIO_MAX_BODY)
    {
      *failure = CBZ_FAILURE_TOO_LARGE;
      return g_strdup (_("The text is longer than the 1,600 characters Twilio sends."));
    }
  if (message->attachment != NULL && message->attachment_url == NULL)
    {
      *failure = CBZ_FAILURE_UNSUPPORTED;
      return g_strdup (_("Twilio can attach a file only by its public link."));
    }
  return NULL;
}

static void
cbz_twilio_provider_build_send (CbzProvider              *provider,
                                const CbzOutgoingMessage *message,
                                const char               *upload_id,
                                CbzProviderRequest       *request)
{
  const char *sender = get_sender (provider, message);
  g_autofree char *to = with_channel_prefix (message->channel, message->to);
  g_autofree char *from = with_channel_prefix (message->channel, sender);
  GString *form = g_string_new (NULL);

  _cbz_form_append (form, "To", to);
  if (g_str_has_prefix (sender, "MG"))
    _cbz_form_append (form, "MessagingServiceSid", sender);
  else
    _cbz_form_append (form, "From", from);
  if (message->template_name != NULL)
    {
      g_autofree char *variables = build_content_variables (message->template_parameters);

      _cbz_form_append (form, "ContentSid", message->template_name);
      _cbz_form_append (form, "ContentVariables", variables);
    }
  else if (_cbz_has_text (message->body))
    _cbz_form_append (form, "Body", message->body);
  if (message->attachment_url != NULL)
    _cbz_form_append (form, "MediaUrl", message->attachment_url);

  _cbz_provider_request_init (request, SOUP_METHOD_POST, account_path (provider, "Messages.json"));
  _cbz_provider_request_set_form (request, form);
}

/* 201 with the message resource: {"sid":"SM…","status":"queued",…} */
static gboolean
cbz_twilio_provider_parse_send (CbzProvider            *provider,
                                const CbzProviderReply *reply,
                                CbzProviderAnswer      *answer)
{
  const char *sid = _cbz_json_get_string (reply->object, "sid");

  if (!_cbz_has_text (sid))
    return FALSE;
  answer->id = g_strdup (sid);
  answer->status = parse_status (_cbz_json_get_string (reply->object, "status"));
  return TRUE;
}

/* {"code":21211,"message":...,"more_info":...,"status":400} */
static void
cbz_twilio_provider_parse_error (CbzProvider            *provider,
                                 const CbzProviderReply *reply,
                                 CbzProviderAnswer      *answer)
{
  answer->code = _cbz_json_dup_code (reply->object, "code");
  answer->text = g_strdup (_cbz_json_get_string (reply->object, "message"));
  answer->failure = failure_for_code (answer->code, &answer->temporary);
}

static gboolean
cbz_twilio_provider_build_poll (CbzProvider         *provider,
                                const char          *provider_message_id,
                                CbzProviderRequest  *request,
                                GError             **error)
{
  g_autofree char *escaped = g_uri_escape_string (provider_message_id, NULL, FALSE);
  g_autofree char *suffix = g_strdup_printf ("Messages/%s.json", escaped);

  _cbz_provider_request_init (request, SOUP_METHOD_GET, account_path (provider, suffix));
  return TRUE;
}

static CbzDeliveryReport *
cbz_twilio_provider_parse_poll (CbzProvider            *provider,
                                const char             *provider_message_id,
                                const CbzProviderReply *reply)
{
  JsonObject *object = reply->object;
  g_autofree char *code = NULL;
  CbzDeliveryReport *report;
  CbzFailureCode failure;
  gboolean temporary;

  if (object == NULL)
    return NULL;

  report = g_new0 (CbzDeliveryReport, 1);
  report->provider_message_id = g_strdup (_cbz_json_get_string (object, "sid"));
  report->status = parse_status (_cbz_json_get_string (object, "status"));
  if (!cbz_delivery_status_is_failure (report->status))
    return report;

  /* A failed message carries why in error_code (0 or null: no reason). */
  code = _cbz_json_dup_code (object, "error_code");
  if (code == NULL || g_str_equal (code, "0"))
    return report;
  failure = failure_for_code (code, &temporary);
  _cbz_provider_report_failure (provider, report,
                                failure != CBZ_FAILURE_NONE ? failure : CBZ_FAILURE_UNDELIVERABLE,
                                _cbz_json_get_string (object, "to"), code,
                                _cbz_json_get_string (object, "error_message"));
  return report;
}

static char *
cbz_twilio_provider_list_path (CbzProvider *provider,
                               const char  *to,
                               const char  *from,
                               GDateTime   *sent_after)
{
  g_autoptr(GString) query = g_string_new ("Messages.json?");

  if (to != NULL)
    _cbz_form_append (query, "To", to);
  if (from != NULL)
    _cbz_form_append (query, "From", from);
  if (sent_after != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (sent_after);
      g_autofree char *day = g_date_time_format (utc, "%Y-%m-%d");

      /* Twilio's inequality filter is spelled into the parameter name. */
      _cbz_form_append (query, "DateSent%3E", day);
    }
  _cbz_form_append (query, "PageSize", TWILIO_PAGE_SIZE);
  return account_path (provider, query->str);
}

static CbzProviderMessage *
parse_message (JsonObject *object)
{
  CbzProviderMessage *message = g_new0 (CbzProviderMessage, 1);

  message->provider_message_id = g_strdup (_cbz_json_get_string (object, "sid"));
  message->inbound = g_strcmp0 (_cbz_json_get_string (object, "direction"), "inbound") == 0;
  message->from = g_strdup (_cbz_json_get_string (object, "from"));
  message->to = g_strdup (_cbz_json_get_string (object, "to"));
  message->body = g_strdup (_cbz_json_get_string (object, "body"));
  message->status = parse_status (_cbz_json_get_string (object, "status"));
  message->error_code = _cbz_json_dup_code (object, "error_code");
  message->date_sent = parse_date (object, "date_sent");
  message->date_created = parse_date (object, "date_created");
  return message;
}

/* {messages[], next_page_uri (null on the last page), ...} */
static gboolean
cbz_twilio_provider_parse_list_page (CbzProvider             *provider,
                                     const CbzProviderReply  *reply,
                                     GPtrArray               *messages,
                                     char                   **next_path)
{
  JsonArray *rows = _cbz_json_get_array (reply->object, "messages");

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = _cbz_json_object (json_array_get_element (rows, i));

      if (row != NULL)
        g_ptr_array_add (messages, parse_message (row));
    }
  *next_path = g_strdup (_cbz_json_get_string (reply->object, "next_page_uri"));
  return TRUE;
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
  provider_class->authorize = cbz_twilio_provider_authorize;
  provider_class->check_message = cbz_twilio_provider_check_message;
  provider_class->build_send = cbz_twilio_provider_build_send;
  provider_class->parse_send = cbz_twilio_provider_parse_send;
  provider_class->parse_error = cbz_twilio_provider_parse_error;
  provider_class->build_poll = cbz_twilio_provider_build_poll;
  provider_class->parse_poll = cbz_twilio_provider_parse_poll;
  provider_class->list_path = cbz_twilio_provider_list_path;
  provider_class->parse_list_page = cbz_twilio_provider_parse_list_page;
}

static void
cbz_twilio_provider_init (CbzTwilioProvider *self)
{
}
