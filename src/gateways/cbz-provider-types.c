/* cbz-provider-types.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-provider-types.h"

G_DEFINE_BOXED_TYPE (CbzOutgoingMessage, cbz_outgoing_message,
                     cbz_outgoing_message_copy, cbz_outgoing_message_free)
G_DEFINE_BOXED_TYPE (CbzSendResult, cbz_send_result,
                     cbz_send_result_copy, cbz_send_result_free)
G_DEFINE_BOXED_TYPE (CbzDeliveryReport, cbz_delivery_report,
                     cbz_delivery_report_copy, cbz_delivery_report_free)
G_DEFINE_BOXED_TYPE (CbzProviderMessage, cbz_provider_message,
                     cbz_provider_message_copy, cbz_provider_message_free)

static const char * const channel_names[] = { "sms", "whatsapp", "email" };

const char *
cbz_channel_to_string (CbzChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_names), NULL);

  return channel_names[channel];
}

gboolean
cbz_channel_from_string (const char *text,
                         CbzChannel *channel)
{
  g_return_val_if_fail (channel != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (channel_names); i++)
    {
      if (g_ascii_strcasecmp (text, channel_names[i]) == 0)
        {
          *channel = (CbzChannel) i;
          return TRUE;
        }
    }
  return FALSE;
}

CbzEventChannel
cbz_channel_to_event_channel (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_SMS:
      return CBZ_EVENT_CHANNEL_SMS;
    case CBZ_CHANNEL_WHATSAPP:
      return CBZ_EVENT_CHANNEL_WHATSAPP;
    case CBZ_CHANNEL_EMAIL:
      return CBZ_EVENT_CHANNEL_EMAIL;
    default:
      g_return_val_if_reached (CBZ_EVENT_CHANNEL_NONE);
    }
}

static const char * const status_names[] = {
  "unknown", "queued", "sending", "sent", "delivered", "read",
  "undelivered", "failed", "received", "canceled",
};

const char *
cbz_delivery_status_to_string (CbzDeliveryStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), "unknown");

  return status_names[status];
}

gboolean
cbz_delivery_status_is_final (CbzDeliveryStatus status)
{
  switch (status)
    {
    case CBZ_DELIVERY_DELIVERED:
    case CBZ_DELIVERY_READ:
    case CBZ_DELIVERY_UNDELIVERED:
    case CBZ_DELIVERY_FAILED:
    case CBZ_DELIVERY_RECEIVED:
    case CBZ_DELIVERY_CANCELED:
      return TRUE;
    case CBZ_DELIVERY_UNKNOWN:
    case CBZ_DELIVERY_QUEUED:
    case CBZ_DELIVERY_SENDING:
    case CBZ_DELIVERY_SENT:
    default:
      return FALSE;
    }
}

gboolean
cbz_delivery_status_is_failure (CbzDeliveryStatus status)
{
  return status == CBZ_DELIVERY_UNDELIVERED ||
         status == CBZ_DELIVERY_FAILED ||
         status == CBZ_DELIVERY_CANCELED;
}

static const char * const failure_names[] = {
  "none",
  "bad-credentials",
  "forbidden",
  "invalid-number",
  "not-mobile",
  "opted-out",
  "template-not-approved",
  "template-mismatch",
  "outside-window",
  "undeliverable",
  "too-large",
  "invalid-request",
  "unsupported",
  "insecure-url",
  "rate-limited",
  "server-error",
  "timeout",
  "network",
  "malformed-response",
  "unknown",
};

G_STATIC_ASSERT (G_N_ELEMENTS (failure_names) == CBZ_FAILURE_UNKNOWN + 1);

const char *
cbz_failure_code_to_string (CbzFailureCode code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (failure_names), "unknown");

  return failure_names[code];
}

CbzOutgoingMessage *
cbz_outgoing_message_new (CbzChannel  channel,
                          const char *to,
                          const char *body)
{
  CbzOutgoingMessage *message = g_new0 (CbzOutgoingMessage, 1);

  message->channel = channel;
  message->to = g_strdup (to);
  message->body = g_strdup (body);
  return message;
}

CbzOutgoingMessage *
cbz_outgoing_message_copy (const CbzOutgoingMessage *message)
{
  CbzOutgoingMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_new0 (CbzOutgoingMessage, 1);
  copy->channel = message->channel;
  copy->to = g_strdup (message->to);
  copy->from = g_strdup (message->from);
  copy->subject = g_strdup (message->subject);
  copy->body = g_strdup (message->body);
  copy->html = g_strdup (message->html);
  copy->template_name = g_strdup (message->template_name);
  copy->template_language = g_strdup (message->template_language);
  copy->template_parameters = g_strdupv (message->template_parameters);
  copy->attachment = message->attachment ? g_bytes_ref (message->attachment) : NULL;
  copy->attachment_filename = g_strdup (message->attachment_filename);
  copy->attachment_mime = g_strdup (message->attachment_mime);
  copy->attachment_url = g_strdup (message->attachment_url);
  copy->reference = g_strdup (message->reference);
  return copy;
}

void
cbz_outgoing_message_free (CbzOutgoingMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->to);
  g_free (message->from);
  g_free (message->subject);
  g_free (message->body);
  g_free (message->html);
  g_free (message->template_name);
  g_free (message->template_language);
  g_strfreev (message->template_parameters);
  g_clear_pointer (&message->attachment, g_bytes_unref);
  g_free (message->attachment_filename);
  g_free (message->attachment_mime);
  g_free (message->attachment_url);
  g_free (message->reference);
  g_free (message);
}

void
cbz_outgoing_message_set_template (CbzOutgoingMessage *message,
                                   const char         *name,
                                   const char         *language,
                                   const char * const *parameters)
{
  g_return_if_fail (message != NULL);

  g_free (message->template_name);
  message->template_name = g_strdup (name);
  g_free (message->template_language);
  message->template_language = g_strdup (language);
  g_strfreev (message->template_parameters);
  message->template_parameters = g_strdupv ((char **) parameters);
}

void
cbz_outgoing_message_set_attachment (CbzOutgoingMessage *message,
                                     GBytes             *bytes,
                                     const char         *filename,
                                     const char         *mime_type)
{
  g_return_if_fail (message != NULL);

  g_clear_pointer (&message->attachment, g_bytes_unref);
  message->attachment = bytes ? g_bytes_ref (bytes) : NULL;
  g_free (message->attachment_filename);
  message->attachment_filename = g_strdup (filename);
  g_free (message->attachment_mime);
  message->attachment_mime = g_strdup (mime_type);
}

CbzSendResult *
cbz_send_result_new_accepted (const char        *provider_message_id,
                              CbzDeliveryStatus  status,
                              guint              http_status)
{
  CbzSendResult *result = g_new0 (CbzSendResult, 1);

  result->outcome = CBZ_SEND_ACCEPTED;
  result->provider_message_id = g_strdup (provider_message_id);
  result->status = status;
  result->failure = CBZ_FAILURE_NONE;
  result->retry_after = -1;
  result->http_status = http_status;
  return result;
}

CbzSendResult *
cbz_send_result_new_failure (CbzSendOutcome  outcome,
                             CbzFailureCode  failure,
                             const char     *provider_code,
                             const char     *reason,
                             gint64          retry_after,
                             guint           http_status)
{
  CbzSendResult *result;

  g_return_val_if_fail (outcome != CBZ_SEND_ACCEPTED, NULL);

  result = g_new0 (CbzSendResult, 1);
  result->outcome = outcome;
  result->status = CBZ_DELIVERY_UNKNOWN;
  result->failure = failure;
  result->provider_code = g_strdup (provider_code);
  result->reason = g_strdup (reason);
  result->retry_after = outcome == CBZ_SEND_TEMPORARY_FAILURE ? retry_after : -1;
  result->http_status = http_status;
  return result;
}

CbzSendResult *
cbz_send_result_copy (const CbzSendResult *result)
{
  CbzSendResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->provider_message_id = g_strdup (result->provider_message_id);
  copy->provider_code = g_strdup (result->provider_code);
  copy->reason = g_strdup (result->reason);
  return copy;
}

void
cbz_send_result_free (CbzSendResult *result)
{
  if (result == NULL)
    return;

  g_free (result->provider_message_id);
  g_free (result->provider_code);
  g_free (result->reason);
  g_free (result);
}

/* Each form is one sentence for translators; the failure's stable name
 * ("invalid-number") stays as it is, for logs and scripts. */
static char *
describe_outcome (const CbzSendResult *result)
{
  const char *failure = cbz_failure_code_to_string (result->failure);
  gboolean permanent = result->outcome == CBZ_SEND_PERMANENT_FAILURE;
  const char *reason = result->reason != NULL ? result->reason : "";

  if (result->http_status == 0)
    return permanent ? g_strdup_printf (_("Permanent failure (no HTTP answer, %1$s): %2$s"), failure, reason)
                     : g_strdup_printf (_("Temporary failure (no HTTP answer, %1$s): %2$s"), failure, reason);
  return permanent ? g_strdup_printf (_("Permanent failure (HTTP %1$u, %2$s): %3$s"),
                                      result->http_status, failure, reason)
                   : g_strdup_printf (_("Temporary failure (HTTP %1$u, %2$s): %3$s"),
                                      result->http_status, failure, reason);
}

char *
cbz_send_result_to_string (const CbzSendResult *result)
{
  g_autofree char *outcome = NULL;
  g_autofree char *retry = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  switch (result->outcome)
    {
    case CBZ_SEND_ACCEPTED:
      if (result->provider_message_id == NULL)
        return g_strdup_printf (_("Accepted (HTTP %1$u) without a message id, status %2$s."),
                                result->http_status, cbz_delivery_status_to_string (result->status));
      return g_strdup_printf (_("Accepted (HTTP %1$u), message id %2$s, status %3$s."),
                              result->http_status, result->provider_message_id,
                              cbz_delivery_status_to_string (result->status));

    case CBZ_SEND_PERMANENT_FAILURE:
      return describe_outcome (result);

    case CBZ_SEND_TEMPORARY_FAILURE:
      outcome = describe_outcome (result);
      if (result->retry_after >= 0)
        {
          gulong seconds = (gulong) MIN (result->retry_after, G_MAXINT);

          retry = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Retry after %lu second.", "Retry after %lu seconds.",
                                                seconds),
                                   seconds);
        }
      else
        retry = g_strdup (_("Retry with a growing pause."));
      return g_strjoin (" ", outcome, retry, NULL);

    default:
      g_assert_not_reached ();
    }
}

CbzDeliveryReport *
cbz_delivery_report_copy (const CbzDeliveryReport *report)
{
  CbzDeliveryReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_memdup2 (report, sizeof *report);
  copy->provider_message_id = g_strdup (report->provider_message_id);
  copy->provider_code = g_strdup (report->provider_code);
  copy->reason = g_strdup (report->reason);
  return copy;
}

void
cbz_delivery_report_free (CbzDeliveryReport *report)
{
  if (report == NULL)
    return;

  g_free (report->provider_message_id);
  g_free (report->provider_code);
  g_free (report->reason);
  g_free (report);
}

CbzProviderMessage *
cbz_provider_message_copy (const CbzProviderMessage *message)
{
  CbzProviderMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_memdup2 (message, sizeof *message);
  copy->provider_message_id = g_strdup (message->provider_message_id);
  copy->from = g_strdup (message->from);
  copy->to = g_strdup (message->to);
  copy->body = g_strdup (message->body);
  copy->error_code = g_strdup (message->error_code);
  copy->date_sent = message->date_sent ? g_date_time_ref (message->date_sent) : NULL;
  copy->date_created = message->date_created ? g_date_time_ref (message->date_created) : NULL;
  return copy;
}

void
cbz_provider_message_free (CbzProviderMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->provider_message_id);
  g_free (message->from);
  g_free (message->to);
  g_free (message->body);
  g_free (message->error_code);
  g_clear_pointer (&message->date_sent, g_date_time_unref);
  g_clear_pointer (&message->date_created, g_date_time_unref);
  g_free (message);
}
