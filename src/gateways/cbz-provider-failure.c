/* cbz-provider-failure.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What went wrong with a message, in two forms: for the outbox (outcome,
 * failure code, retry-after) and for a person. The person reads whole
 * sentences, each translated as one: what the provider did with the message
 * and to whom ("Twilio could not send to +525500000002: it is a landline
 * or cannot receive messages."), then what the provider said in its own
 * words and code. Secrets are scrubbed from both.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-provider-private.h"

void
_cbz_provider_answer_clear (CbzProviderAnswer *answer)
{
  g_clear_pointer (&answer->id, g_free);
  g_clear_pointer (&answer->code, g_free);
  g_clear_pointer (&answer->text, g_free);
  answer->failure = CBZ_FAILURE_NONE;
  answer->temporary = FALSE;
  answer->status = CBZ_DELIVERY_UNKNOWN;
}

gint64
_cbz_provider_get_retry_after (SoupMessage *answer)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (answer);
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  const char *reset = soup_message_headers_get_one (headers, "X-RateLimit-Reset");
  /* Both headers count from the server's wall clock, not from cbz_now(). */
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (retry_after != NULL)
    {
      char *end = NULL;
      gint64 seconds = g_ascii_strtoll (retry_after, &end, 10);

      if (end != retry_after && *end == '\0' && seconds >= 0)
        return seconds;
      else
        {
          g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (retry_after);

          if (when != NULL)
            return MAX (g_date_time_to_unix (when) - now, 0);
        }
    }

  if (reset != NULL)
    {
      char *end = NULL;
      gint64 value = g_ascii_strtoll (reset, &end, 10);

      if (end != reset && value >= 0)
        {
          /* Epoch seconds (SendGrid); small values are a delta (some proxies). */
          if (value > 1000000000)
            return MAX (value - now, 0);
          return value;
        }
    }

  return -1;
}

/* The failure an HTTP status means when the provider named none. */
static CbzFailureCode
failure_for_status (guint     status,
                    gboolean *temporary)
{
  *temporary = status == 408 || status == 429 || status >= 500;

  if (status == 401)
    return CBZ_FAILURE_BAD_CREDENTIALS;
  if (status == 402 || status == 403)
    return CBZ_FAILURE_FORBIDDEN;
  if (status == 408)
    return CBZ_FAILURE_TIMEOUT;
  if (status == 413)
    return CBZ_FAILURE_TOO_LARGE;
  if (status == 429)
    return CBZ_FAILURE_RATE_LIMITED;
  if (status >= 500)
    return CBZ_FAILURE_SERVER_ERROR;
  /* Other 4xx; 1xx/3xx (redirects are not followed) too. */
  return CBZ_FAILURE_INVALID_REQUEST;
}

/* The first sentence: what happened to the message. @recipient may be NULL. */
static char *
describe_failure (const char     *provider,
                  CbzFailureCode  failure,
                  const char     *recipient)
{
  gboolean named = recipient != NULL && *recipient != '\0';

  switch (failure)
    {
    case CBZ_FAILURE_BAD_CREDENTIALS:
      return g_strdup_printf (_("%s refused the account’s credentials; check them in Preferences."), provider);
    case CBZ_FAILURE_FORBIDDEN:
      return g_strdup_printf (_("%s does not allow this account to send the message."), provider);
    case CBZ_FAILURE_INVALID_NUMBER:
      return named ? g_strdup_printf (_("%1$s could not send to %2$s: it is not a valid number or address."),
                                      provider, recipient)
                   : g_strdup_printf (_("%s could not send the message: the number or address is not valid."),
                                      provider);
    case CBZ_FAILURE_NOT_MOBILE:
      return named ? g_strdup_printf (_("%1$s could not send to %2$s: it is a landline or cannot receive messages."),
                                      provider, recipient)
                   : g_strdup_printf (_("%s could not send the message: the number is a landline or cannot receive messages."),
                                      provider);
    case CBZ_FAILURE_OPTED_OUT:
      return named ? g_strdup_printf (_("%1$s will not send to %2$s: the recipient has opted out of these messages."),
                                      provider, recipient)
                   : g_strdup_printf (_("%s will not send the message: the recipient has opted out of these messages."),
                                      provider);
    case CBZ_FAILURE_TEMPLATE_NOT_APPROVED:
      return g_strdup_printf (_("%s refused the message: its template does not exist or is not approved for that language."),
                              provider);
    case CBZ_FAILURE_TEMPLATE_MISMATCH:
      return g_strdup_printf (_("%s refused the message: its parameters do not match the approved template."),
                              provider);
    case CBZ_FAILURE_OUTSIDE_WINDOW:
      return named ? g_strdup_printf (_("%1$s could not send to %2$s: more than 24 hours have passed since the customer last wrote, and only an approved template can be sent."),
                                      provider, recipient)
                   : g_strdup_printf (_("%s could not send the message: more than 24 hours have passed since the customer last wrote, and only an approved template can be sent."),
                                      provider);
    case CBZ_FAILURE_UNDELIVERABLE:
      return named ? g_strdup_printf (_("%1$s could not deliver the message to %2$s."), provider, recipient)
                   : g_strdup_printf (_("%s could not deliver the message."), provider);
    case CBZ_FAILURE_TOO_LARGE:
      return g_strdup_printf (_("%s refused the message: it or its attachment is too large."), provider);
    case CBZ_FAILURE_UNSUPPORTED:
      return g_strdup_printf (_("%s cannot send this kind of message."), provider);
    case CBZ_FAILURE_INSECURE_URL:
      return g_strdup_printf (_("The address of %s is not secure: plain http is allowed only to this computer."),
                              provider);
    case CBZ_FAILURE_RATE_LIMITED:
      return g_strdup_printf (_("%s asked to slow down and did not take the message."), provider);
    case CBZ_FAILURE_SERVER_ERROR:
      return g_strdup_printf (_("%s had an internal error and did not take the message."), provider);
    case CBZ_FAILURE_TIMEOUT:
      return g_strdup_printf (_("%s did not answer in time."), provider);
    case CBZ_FAILURE_NETWORK:
      return g_strdup_printf (_("The connection to %s failed."), provider);
    case CBZ_FAILURE_MALFORMED_RESPONSE:
      return g_strdup_printf (_("The answer from %s could not be read."), provider);
    case CBZ_FAILURE_INVALID_REQUEST:
    case CBZ_FAILURE_NONE:
    case CBZ_FAILURE_UNKNOWN:
    default:
      return g_strdup_printf (_("%s refused the message."), provider);
    }
}

/* The second sentence: the provider's own code and words, or the HTTP
 * status when it gave neither. NULL when there is nothing to add. */
static char *
describe_answer (const char *provider,
                 const char *code,
                 const char *text,
                 guint       status)
{
  g_autofree char *words = NULL;

  if (_cbz_has_text (text))
    {
      /* Quoted, its own closing period would stand before ours. */
      words = g_strstrip (g_strdup (text));
      if (g_str_has_suffix (words, ".") && !g_str_has_suffix (words, ".."))
        words[strlen (words) - 1] = '\0';
    }

  if (words != NULL && code != NULL)
    /* Translators: 1 the provider; 2 its message in its language (often English); 3 its error code. */
    return g_strdup_printf (_("%1$s said: “%2$s” (error %3$s)."), provider, words, code);
  if (words != NULL)
    return g_strdup_printf (_("%1$s said: “%2$s”."), provider, words);
  if (code != NULL)
    return g_strdup_printf (_("%1$s gave error %2$s."), provider, code);
  if (status >= 100 && status < 200)
    return g_strdup_printf (_("%1$s answered in an unexpected way (HTTP %2$u); check the provider address."),
                            provider, status);
  if (status >= 300 && status < 400)
    return g_strdup_printf (_("%1$s answered with a redirection (HTTP %2$u); check the provider address."),
                            provider, status);
  if (status != 0)
    return g_strdup_printf (_("%1$s answered with HTTP status %2$u."), provider, status);
  return NULL;
}

static char *
compose_reason (CbzProvider    *self,
                CbzFailureCode  failure,
                const char     *recipient,
                const char     *code,
                const char     *text,
                guint           status)
{
  const char *provider = cbz_provider_get_display_name (self);
  g_autofree char *what = describe_failure (provider, failure, recipient);
  g_autofree char *said = describe_answer (provider, code, text, status);
  g_autofree char *reason = said != NULL ? g_strjoin (" ", what, said, NULL) : g_strdup (what);

  return cbz_provider_scrub (self, reason);
}

CbzSendResult *
_cbz_provider_answer_result (CbzProvider             *self,
                             const char              *recipient,
                             SoupMessage             *message,
                             const CbzProviderAnswer *answer)
{
  guint status = soup_message_get_status (message);
  CbzFailureCode failure = answer->failure;
  gboolean temporary = answer->temporary;
  CbzSendOutcome outcome;
  g_autofree char *reason = NULL;

  /* Throttling and outages are the status's to say, whatever the body
   * names: the message was not taken and can go again later. */
  if (failure == CBZ_FAILURE_NONE || status == 429 || status >= 500)
    failure = failure_for_status (status, &temporary);

  outcome = temporary ? CBZ_SEND_TEMPORARY_FAILURE : CBZ_SEND_PERMANENT_FAILURE;
  reason = compose_reason (self, failure, recipient, answer->code, answer->text, status);
  return cbz_send_result_new_failure (outcome, failure, answer->code, reason,
                                      temporary ? _cbz_provider_get_retry_after (message) : -1,
                                      status);
}

CbzSendResult *
_cbz_provider_refused_result (CbzProvider    *self,
                              CbzFailureCode  failure,
                              const char     *reason)
{
  g_autofree char *scrubbed = cbz_provider_scrub (self, reason);

  return cbz_send_result_new_failure (CBZ_SEND_PERMANENT_FAILURE, failure, NULL, scrubbed, -1, 0);
}

CbzSendResult *
_cbz_provider_transport_result (CbzProvider  *self,
                                const GError *error)
{
  const char *provider = cbz_provider_get_display_name (self);
  g_autofree char *what = NULL;
  g_autofree char *said = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *scrubbed = NULL;
  CbzFailureCode failure = CBZ_FAILURE_NETWORK;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    failure = CBZ_FAILURE_TIMEOUT;
  else if (g_error_matches (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INSECURE_URL))
    /* Its own sentence says all, and no retry can help. */
    return _cbz_provider_refused_result (self, CBZ_FAILURE_INSECURE_URL, error->message);

  if (error->domain == CBZ_PROVIDER_ERROR)
    reason = g_strdup (error->message);
  else
    {
      what = describe_failure (provider, failure, NULL);
      /* Translators: %s is the reason the system gave (network, TLS…). */
      said = g_strdup_printf (_("The system said: “%s”."), error->message);
      reason = g_strjoin (" ", what, said, NULL);
    }
  scrubbed = cbz_provider_scrub (self, reason);
  return cbz_send_result_new_failure (CBZ_SEND_TEMPORARY_FAILURE, failure, NULL, scrubbed, -1, 0);
}

CbzSendResult *
_cbz_provider_malformed_result (CbzProvider *self,
                                SoupMessage *answer)
{
  guint status = soup_message_get_status (answer);
  g_autofree char *reason = compose_reason (self, CBZ_FAILURE_MALFORMED_RESPONSE, NULL, NULL, NULL, 0);

  return cbz_send_result_new_failure (CBZ_SEND_TEMPORARY_FAILURE, CBZ_FAILURE_MALFORMED_RESPONSE, NULL,
                                      reason, _cbz_provider_get_retry_after (answer), status);
}

void
_cbz_provider_report_failure (CbzProvider       *self,
                              CbzDeliveryReport *report,
                              CbzFailureCode     failure,
                              const char        *recipient,
                              const char        *code,
                              const char        *text)
{
  report->failure = failure;
  g_free (report->provider_code);
  report->provider_code = g_strdup (code);
  g_free (report->reason);
  report->reason = compose_reason (self, failure, recipient, code, text, 0);
}

GError *
_cbz_provider_transport_error (CbzProvider *self,
                               GError      *error)
{
  g_autofree char *scrubbed = NULL;
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || error->domain == CBZ_PROVIDER_ERROR)
    return error;

  scrubbed = cbz_provider_scrub (self, error->message);
  /* Translators: 1 the provider; 2 the system's reason. */
  mapped = g_error_new (CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY, _("Could not reach %s: %s"),
                        cbz_provider_get_display_name (self), scrubbed);
  g_error_free (error);
  return mapped;
}

GError *
_cbz_provider_http_error (CbzProvider *self,
                          SoupMessage *answer,
                          const char  *provider_text)
{
  guint status = soup_message_get_status (answer);
  g_autofree char *scrubbed = cbz_provider_scrub (self, provider_text ? provider_text : "");
  gboolean temporary = status == 408 || status == 429 || status >= 500;

  /* Translators: 1 the provider; 2 an HTTP status; 3 the provider's words. */
  return g_error_new (CBZ_PROVIDER_ERROR,
                      temporary ? CBZ_PROVIDER_ERROR_TEMPORARY : CBZ_PROVIDER_ERROR_PERMANENT,
                      _("%s answered HTTP %u: %s"), cbz_provider_get_display_name (self), status,
                      *scrubbed ? scrubbed : soup_message_get_reason_phrase (answer));
}
