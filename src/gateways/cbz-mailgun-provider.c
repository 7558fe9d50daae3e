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

struct _CbzMailgunProvider
{
  CbzEmailProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (CbzMailgunProvider, cbz_mailgun_provider, CBZ_TYPE_EMAIL_PROVIDER)

static char *
domain_path (CbzProvider *provider,
             const char  *what)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (provider);
  g_autofree char *domain = g_uri_escape_string (account->account, NULL, FALSE);

  return g_strdup_printf ("/v3/%s/%s", domain, what);
}

static void
cbz_mailgun_provider_authorize (CbzProvider *provider,
                                SoupMessage *request)
{
  _cbz_provider_set_basic_auth (request, "api", _cbz_provider_get_account_info (provider)->secret);
}

static void
cbz_mailgun_provider_build_send (CbzProvider              *provider,
                                 const CbzOutgoingMessage *message,
                                 const char               *upload_id,
                                 CbzProviderRequest       *request)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autofree char *from = _cbz_email_provider_dup_from (CBZ_EMAIL_PROVIDER (provider), message);

  soup_multipart_append_form_string (multipart, "from", from);
  soup_multipart_append_form_string (multipart, "to", message->to);
  if (message->subject != NULL)
    soup_multipart_append_form_string (multipart, "subject", message->subject);
  if (_cbz_has_text (message->body))
    soup_multipart_append_form_string (multipart, "text", message->body);
  if (_cbz_has_text (message->html))
    soup_multipart_append_form_string (multipart, "html", message->html);
  if (message->reference != NULL)
    soup_multipart_append_form_string (multipart, "v:cobranza-reference", message->reference);
  if (message->attachment != NULL)
    soup_multipart_append_form_file (multipart, "attachment", _cbz_attachment_filename (message),
                                     _cbz_attachment_mime (message), message->attachment);

  _cbz_provider_request_init (request, SOUP_METHOD_POST, domain_path (provider, "messages"));
  _cbz_provider_request_set_multipart (request, multipart);
}

static gboolean
cbz_mailgun_provider_parse_send (CbzProvider            *provider,
                                 const CbzProviderReply *reply,
                                 CbzProviderAnswer      *answer)
{
  const char *raw_id = _cbz_json_get_string (reply->object, "id");
  gsize length;

  if (!_cbz_has_text (raw_id))
    return FALSE;

  /* "<2026…@mg.example.mx>": the events API wants it without the brackets. */
  length = strlen (raw_id);
  if (raw_id[0] == '<' && length >= 2 && raw_id[length - 1] == '>')
    answer->id = g_strndup (raw_id + 1, length - 2);
  else
    answer->id = g_strdup (raw_id);
  answer->status = CBZ_DELIVERY_QUEUED;
  return TRUE;
}

/* {"message": …} or, from its proxies, plain text. */
static void
cbz_mailgun_provider_parse_error (CbzProvider            *provider,
                                  const CbzProviderReply *reply,
                                  CbzProviderAnswer      *answer)
{
  guint status = soup_message_get_status (reply->message);

  if (reply->object != NULL)
    answer->text = g_strdup (_cbz_json_get_string (reply->object, "message"));
  else
    answer->text = _cbz_body_excerpt (reply->body);

  if (status == 400 && answer->text != NULL &&
      (strstr (answer->text, "to parameter") != NULL || strstr (answer->text, "valid address") != NULL))
    answer->failure = CBZ_FAILURE_INVALID_NUMBER;
  else if (status == 404)
    {
      answer->failure = CBZ_FAILURE_FORBIDDEN;
      if (answer->text == NULL)
        answer->text = g_strdup (_("sending domain not found"));
    }
}

static gboolean
cbz_mailgun_provider_build_poll (CbzProvider         *provider,
                                 const char          *provider_message_id,
                                 CbzProviderRequest  *request,
                                 GError             **error)
{
  g_autofree char *escaped = g_uri_escape_string (provider_message_id, NULL, FALSE);
  g_autofree char *what = g_strdup_printf ("events?message-id=%s", escaped);

  _cbz_provider_request_init (request, SOUP_METHOD_GET, domain_path (provider, what));
  return TRUE;
}

/* Events in order of how far the message got; the furthest one wins. */
static int
event_rank (const char        *event,
            const char        *severity,
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

/* A failed event: why, in the receiving server's words when it gave some. */
static void
report_failed_event (CbzProvider       *provider,
                     CbzDeliveryReport *report,
                     JsonObject        *item)
{
  JsonObject *delivery = _cbz_json_get_object (item, "delivery-status");
  const char *description = _cbz_json_get_string (delivery, "description");
  g_autofree char *code = _cbz_json_dup_code (delivery, "code");
  gboolean unsubscribed = g_strcmp0 (_cbz_json_get_string (item, "reason"), "suppress-unsubscribe") == 0;

  if (!_cbz_has_text (description))
    description = _cbz_json_get_string (delivery, "message");
  _cbz_provider_report_failure (provider, report,
                                unsubscribed ? CBZ_FAILURE_OPTED_OUT : CBZ_FAILURE_UNDELIVERABLE,
                                _cbz_json_get_string (item, "recipient"), code, description);
}

/* {"items":[{"event":"delivered",…},…]} */
static CbzDeliveryReport *
cbz_mailgun_provider_parse_poll (CbzProvider            *provider,
                                 const char             *provider_message_id,
                                 const CbzProviderReply *reply)
{
  JsonArray *items = _cbz_json_get_array (reply->object, "items");
  CbzDeliveryReport *report;
  int best = 0;

  if (items == NULL)
    return NULL;

  report = g_new0 (CbzDeliveryReport, 1);
  report->provider_message_id = g_strdup (provider_message_id);
  report->status = CBZ_DELIVERY_QUEUED;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = _cbz_json_object (json_array_get_element (items, i));
      CbzDeliveryStatus status = CBZ_DELIVERY_UNKNOWN;
      int rank;

      if (item == NULL)
        continue;
      rank = event_rank (_cbz_json_get_string (item, "event"), _cbz_json_get_string (item, "severity"), &status);
      if (rank <= best)
        continue;
      best = rank;
      report->status = status;
      report->failure = CBZ_FAILURE_NONE;
      g_clear_pointer (&report->reason, g_free);
      g_clear_pointer (&report->provider_code, g_free);
      if (status == CBZ_DELIVERY_FAILED)
        report_failed_event (provider, report, item);
    }
  return report;
}

static void
cbz_mailgun_provider_class_init (CbzMailgunProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);

  provider_class->id = "mailgun";
  provider_class->authorize = cbz_mailgun_provider_authorize;
  provider_class->build_send = cbz_mailgun_provider_build_send;
  provider_class->parse_send = cbz_mailgun_provider_parse_send;
  provider_class->parse_error = cbz_mailgun_provider_parse_error;
  provider_class->build_poll = cbz_mailgun_provider_build_poll;
  provider_class->parse_poll = cbz_mailgun_provider_parse_poll;
}

static void
cbz_mailgun_provider_init (CbzMailgunProvider *self)
{
}
