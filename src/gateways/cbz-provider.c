/* cbz-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-mailgun-provider.h"
#include "cbz-postmark-provider.h"
#include "cbz-provider-private.h"
#include "cbz-sendgrid-provider.h"
#include "cbz-twilio-provider.h"
#include "cbz-whatsapp-cloud-provider.h"

#define DEFAULT_TIMEOUT_SECONDS 30

typedef struct
{
  SoupSession        *session;
  CbzProviderAccount *account;
  char               *base_url;
  guint               timeout;
  GPtrArray          *secrets; /* every form of the secret to scrub from text */
} CbzProviderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CbzProvider, cbz_provider, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CbzProviderAccount, cbz_provider_account,
                     cbz_provider_account_copy, cbz_provider_account_free)

G_DEFINE_QUARK (cbz-provider-error-quark, cbz_provider_error)

static const struct
{
  const char *id;
  const char *env;
  const char *url;
} known_providers[] = {
  { "twilio", "COBRANZA_TWILIO_URL", "https://api.twilio.com" },
  { "whatsapp", "COBRANZA_WHATSAPP_URL", "https://graph.facebook.com" },
  { "sendgrid", "COBRANZA_SENDGRID_URL", "https://api.sendgrid.com" },
  { "mailgun", "COBRANZA_MAILGUN_URL", "https://api.mailgun.net" },
  { "postmark", "COBRANZA_POSTMARK_URL", "https://api.postmarkapp.com" },
};

static int
find_known_provider (const char *provider_id)
{
  for (guint i = 0; provider_id != NULL && i < G_N_ELEMENTS (known_providers); i++)
    {
      if (g_str_equal (known_providers[i].id, provider_id))
        return (int) i;
    }
  return -1;
}

static gboolean
is_loopback_host (const char *host)
{
  return host != NULL &&
         (g_ascii_strcasecmp (host, "127.0.0.1") == 0 ||
          g_ascii_strcasecmp (host, "localhost") == 0 ||
          g_ascii_strcasecmp (host, "::1") == 0 ||
          g_ascii_strcasecmp (host, "[::1]") == 0);
}

static void
add_secret_form (CbzProviderPrivate *priv,
                 const char         *text)
{
  if (text != NULL && strlen (text) >= 4)
    g_ptr_array_add (priv->secrets, g_strdup (text));
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
cbz_provider_finalize (GObject *object)
{
  CbzProvider *self = CBZ_PROVIDER (object);
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);

  g_clear_object (&priv->session);
  g_clear_pointer (&priv->account, cbz_provider_account_free);
  g_clear_pointer (&priv->base_url, g_free);
  g_clear_pointer (&priv->secrets, g_ptr_array_unref);

  G_OBJECT_CLASS (cbz_provider_parent_class)->finalize (object);
}

static void
cbz_provider_real_list_messages_async (CbzProvider         *self,
                                       const char          *to,
                                       const char          *from,
                                       GDateTime           *sent_after,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, cbz_provider_list_messages_async,
                           CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_NOT_SUPPORTED,
                           _("%s cannot list messages; replies arrive only by webhook."),
                           cbz_provider_get_display_name (self));
}

static GPtrArray *
cbz_provider_real_list_messages_finish (CbzProvider   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cbz_provider_real_poll_status_async (CbzProvider         *self,
                                     const char          *provider_message_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, cbz_provider_poll_status_async,
                           CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_NOT_SUPPORTED,
                           _("%s has no way to ask for a message’s status; it reports it only by webhook."),
                           cbz_provider_get_display_name (self));
}

static CbzDeliveryReport *
cbz_provider_real_poll_status_finish (CbzProvider   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cbz_provider_class_init (CbzProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_provider_finalize;

  klass->poll_status_async = cbz_provider_real_poll_status_async;
  klass->poll_status_finish = cbz_provider_real_poll_status_finish;
  klass->list_messages_async = cbz_provider_real_list_messages_async;
  klass->list_messages_finish = cbz_provider_real_list_messages_finish;
  klass->default_rate_per_second = 1.0;
  klass->default_concurrency = 1;
}

static void
cbz_provider_init (CbzProvider *self)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);
  g_autofree char *user_agent = g_strdup_printf ("Cobranza/%s", PACKAGE_VERSION);

  priv->timeout = DEFAULT_TIMEOUT_SECONDS;
  priv->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) wipe_string);
  /* TLS verification is libsoup's default (system trust store); nothing here
   * ever connects to accept-certificate. */
  priv->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", priv->timeout,
                                                 "max-conns-per-host", 32,
                                                 "max-conns", 64,
                                                 NULL);
}

/* Account */

CbzProviderAccount *
cbz_provider_account_new (const char *provider)
{
  CbzProviderAccount *account = g_new0 (CbzProviderAccount, 1);

  account->provider = g_strdup (provider);
  return account;
}

CbzProviderAccount *
cbz_provider_account_copy (const CbzProviderAccount *account)
{
  CbzProviderAccount *copy;

  g_return_val_if_fail (account != NULL, NULL);

  copy = g_new0 (CbzProviderAccount, 1);
  copy->provider = g_strdup (account->provider);
  copy->account = g_strdup (account->account);
  copy->secret = g_strdup (account->secret);
  copy->from = g_strdup (account->from);
  copy->whatsapp_from = g_strdup (account->whatsapp_from);
  copy->from_name = g_strdup (account->from_name);
  copy->base_url = g_strdup (account->base_url);
  copy->api_version = g_strdup (account->api_version);
  copy->timeout_seconds = account->timeout_seconds;
  return copy;
}

void
cbz_provider_account_free (CbzProviderAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->provider);
  g_free (account->account);
  wipe_string (account->secret);
  g_free (account->from);
  g_free (account->whatsapp_from);
  g_free (account->from_name);
  g_free (account->base_url);
  g_free (account->api_version);
  g_free (account);
}

/* Private API */

SoupSession *
_cbz_provider_get_session (CbzProvider *self)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);

  return priv->session;
}

const CbzProviderAccount *
_cbz_provider_get_account_info (CbzProvider *self)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);

  return priv->account;
}

SoupMessage *
_cbz_provider_new_message (CbzProvider  *self,
                           const char   *method,
                           const char   *path_and_query,
                           GError      **error)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);
  g_autofree char *url = NULL;
  SoupMessage *message;

  if (g_str_has_prefix (path_and_query, "https://") || g_str_has_prefix (path_and_query, "http://"))
    url = g_strdup (path_and_query);
  else
    url = g_strconcat (priv->base_url, path_and_query, NULL);

  if (!cbz_provider_check_base_url (url, error))
    return NULL;

  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
                   _("“%s” is not a valid provider address."), url);
      return NULL;
    }
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");
  return message;
}

void
_cbz_provider_set_basic_auth (SoupMessage *message,
                              const char  *user,
                              const char  *password)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *value = g_strdup_printf ("Basic %s", encoded);

  memset (pair, 0, strlen (pair));
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", value);
  memset (value, 0, strlen (value));
}

void
_cbz_provider_set_bearer (SoupMessage *message,
                          const char  *token)
{
  g_autofree char *value = g_strdup_printf ("Bearer %s", token);

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", value);
  memset (value, 0, strlen (value));
}

gint64
_cbz_provider_get_retry_after (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  const char *reset = soup_message_headers_get_one (headers, "X-RateLimit-Reset");

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
            {
              gint64 delta = g_date_time_to_unix (when) - g_get_real_time () / G_USEC_PER_SEC;
              return MAX (delta, 0);
            }
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
            return MAX (value - g_get_real_time () / G_USEC_PER_SEC, 0);
          return value;
        }
    }

  return -1;
}

const char *
_cbz_failure_describe (CbzFailureCode failure)
{
  switch (failure)
    {
    case CBZ_FAILURE_NONE:
      return _("No error");
    case CBZ_FAILURE_BAD_CREDENTIALS:
      return _("The provider refused the credentials");
    case CBZ_FAILURE_FORBIDDEN:
      return _("The provider account is not allowed to send this message");
    case CBZ_FAILURE_INVALID_NUMBER:
      return _("The recipient’s number or address is not valid");
    case CBZ_FAILURE_NOT_MOBILE:
      return _("The number is a landline or cannot receive messages");
    case CBZ_FAILURE_OPTED_OUT:
      return _("The recipient has opted out of these messages");
    case CBZ_FAILURE_TEMPLATE_NOT_APPROVED:
      return _("The message template does not exist or is not approved for that language");
    case CBZ_FAILURE_TEMPLATE_MISMATCH:
      return _("The template parameters do not match the approved template");
    case CBZ_FAILURE_OUTSIDE_WINDOW:
      return _("More than 24 hours have passed since the customer last wrote; only an approved template can be sent");
    case CBZ_FAILURE_UNDELIVERABLE:
      return _("The message could not be delivered");
    case CBZ_FAILURE_TOO_LARGE:
      return _("The message or its attachment is too large");
    case CBZ_FAILURE_INVALID_REQUEST:
      return _("The provider rejected the message");
    case CBZ_FAILURE_UNSUPPORTED:
      return _("This provider cannot send this kind of message");
    case CBZ_FAILURE_INSECURE_URL:
      return _("The provider address is not secure (plain http is allowed only for this computer)");
    case CBZ_FAILURE_RATE_LIMITED:
      return _("The provider asked to slow down");
    case CBZ_FAILURE_SERVER_ERROR:
      return _("The provider had an internal error");
    case CBZ_FAILURE_TIMEOUT:
      return _("The provider did not answer in time");
    case CBZ_FAILURE_NETWORK:
      return _("The connection to the provider failed");
    case CBZ_FAILURE_MALFORMED_RESPONSE:
      return _("The provider’s answer could not be read");
    case CBZ_FAILURE_UNKNOWN:
    default:
      return _("Unknown error");
    }
}

CbzSendResult *
_cbz_provider_failure (CbzProvider    *self,
                       CbzSendOutcome  outcome,
                       CbzFailureCode  failure,
                       SoupMessage    *message,
                       const char     *provider_code,
                       const char     *provider_message)
{
  g_autofree char *reason = NULL;
  g_autofree char *scrubbed = NULL;
  guint status = message ? soup_message_get_status (message) : 0;
  gint64 retry_after = -1;

  if (provider_message != NULL && *provider_message != '\0')
    {
      if (provider_code != NULL)
        reason = g_strdup_printf ("%s (%s %s: %s)", _cbz_failure_describe (failure),
                                  cbz_provider_get_display_name (self), provider_code,
                                  provider_message);
      else
        reason = g_strdup_printf ("%s (%s: %s)", _cbz_failure_describe (failure),
                                  cbz_provider_get_display_name (self), provider_message);
    }
  else if (provider_code != NULL)
    reason = g_strdup_printf ("%s (%s %s)", _cbz_failure_describe (failure),
                              cbz_provider_get_display_name (self), provider_code);
  else if (status != 0)
    reason = g_strdup_printf ("%s (HTTP %u)", _cbz_failure_describe (failure), status);
  else
    reason = g_strdup (_cbz_failure_describe (failure));

  scrubbed = cbz_provider_scrub (self, reason);
  if (outcome == CBZ_SEND_TEMPORARY_FAILURE && message != NULL)
    retry_after = _cbz_provider_get_retry_after (message);

  return cbz_send_result_new_failure (outcome, failure, provider_code, scrubbed,
                                      retry_after, status);
}

CbzSendResult *
_cbz_provider_transport_failure (CbzProvider  *self,
                                 const GError *error)
{
  CbzFailureCode failure = CBZ_FAILURE_NETWORK;
  g_autofree char *reason = NULL;
  g_autofree char *scrubbed = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    failure = CBZ_FAILURE_TIMEOUT;
  else if (error->domain == CBZ_PROVIDER_ERROR && error->code == CBZ_PROVIDER_ERROR_INSECURE_URL)
    failure = CBZ_FAILURE_INSECURE_URL;

  reason = g_strdup_printf ("%s (%s)", _cbz_failure_describe (failure), error->message);
  scrubbed = cbz_provider_scrub (self, reason);

  if (failure == CBZ_FAILURE_INSECURE_URL)
    return cbz_send_result_new_failure (CBZ_SEND_PERMANENT_FAILURE, failure, NULL, scrubbed, -1, 0);
  return cbz_send_result_new_failure (CBZ_SEND_TEMPORARY_FAILURE, failure, NULL, scrubbed, -1, 0);
}

CbzSendResult *
_cbz_provider_http_failure (CbzProvider *self,
                            SoupMessage *message,
                            const char  *provider_code,
                            const char  *provider_message)
{
  guint status = soup_message_get_status (message);
  CbzSendOutcome outcome = CBZ_SEND_PERMANENT_FAILURE;
  CbzFailureCode failure;

  if (status == 401)
    failure = CBZ_FAILURE_BAD_CREDENTIALS;
  else if (status == 402 || status == 403)
    failure = CBZ_FAILURE_FORBIDDEN;
  else if (status == 408)
    {
      outcome = CBZ_SEND_TEMPORARY_FAILURE;
      failure = CBZ_FAILURE_TIMEOUT;
    }
  else if (status == 413)
    failure = CBZ_FAILURE_TOO_LARGE;
  else if (status == 429)
    {
      outcome = CBZ_SEND_TEMPORARY_FAILURE;
      failure = CBZ_FAILURE_RATE_LIMITED;
    }
  else if (status >= 500)
    {
      outcome = CBZ_SEND_TEMPORARY_FAILURE;
      failure = CBZ_FAILURE_SERVER_ERROR;
    }
  else if (status >= 400)
    failure = CBZ_FAILURE_INVALID_REQUEST;
  else
    {
      /* 1xx/3xx (redirects are not followed): a misconfigured base URL. */
      failure = CBZ_FAILURE_INVALID_REQUEST;
      if (provider_message == NULL)
        provider_message = _("unexpected answer; check the provider address");
    }

  return _cbz_provider_failure (self, outcome, failure, message, provider_code, provider_message);
}

CbzSendResult *
_cbz_provider_malformed (CbzProvider *self,
                         SoupMessage *message)
{
  return _cbz_provider_failure (self, CBZ_SEND_TEMPORARY_FAILURE, CBZ_FAILURE_MALFORMED_RESPONSE,
                                message, NULL, NULL);
}

JsonNode *
_cbz_provider_parse_json (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize size = 0;
  const char *data;
  JsonNode *root;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (size == 0)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || (!JSON_NODE_HOLDS_OBJECT (root) && !JSON_NODE_HOLDS_ARRAY (root)))
    return NULL;

  return json_node_copy (root);
}

const char *
_cbz_json_get_string (JsonObject *object,
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

char *
_cbz_json_dup_code (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.0f", json_node_get_double (node));
  return NULL;
}

void
_cbz_provider_propagate_transport_error (CbzProvider *self,
                                         GTask       *task,
                                         GError      *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == CBZ_PROVIDER_ERROR)
    {
      g_task_return_error (task, error);
      return;
    }

  message = cbz_provider_scrub (self, error->message);
  g_task_return_new_error (task, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY,
                           _("Could not reach %s: %s"),
                           cbz_provider_get_display_name (self), message);
  g_error_free (error);
}

void
_cbz_provider_return_http_error (CbzProvider *self,
                                 GTask       *task,
                                 SoupMessage *message,
                                 const char  *provider_message)
{
  guint status = soup_message_get_status (message);
  g_autofree char *scrubbed = cbz_provider_scrub (self, provider_message ? provider_message : "");
  gboolean temporary = status == 408 || status == 429 || status >= 500;

  g_task_return_new_error (task, CBZ_PROVIDER_ERROR,
                           temporary ? CBZ_PROVIDER_ERROR_TEMPORARY : CBZ_PROVIDER_ERROR_PERMANENT,
                           _("%s answered HTTP %u: %s"),
                           cbz_provider_get_display_name (self), status,
                           *scrubbed ? scrubbed : soup_message_get_reason_phrase (message));
}

/* Public API */

const char * const *
cbz_provider_list_ids (void)
{
  static const char * const ids[] = { "twilio", "whatsapp", "sendgrid", "mailgun", "postmark", NULL };

  return ids;
}

const char *
cbz_provider_id_get_display_name (const char *provider_id)
{
  if (g_strcmp0 (provider_id, "twilio") == 0)
    return "Twilio";
  if (g_strcmp0 (provider_id, "whatsapp") == 0)
    return _("WhatsApp Cloud API");
  if (g_strcmp0 (provider_id, "sendgrid") == 0)
    return "SendGrid";
  if (g_strcmp0 (provider_id, "mailgun") == 0)
    return "Mailgun";
  if (g_strcmp0 (provider_id, "postmark") == 0)
    return "Postmark";
  return provider_id;
}

char *
cbz_provider_get_default_base_url (const char *provider_id)
{
  int index = find_known_provider (provider_id);
  const char *env;

  if (index < 0)
    return NULL;

  env = g_getenv (known_providers[index].env);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_strdup (known_providers[index].url);
}

gboolean
cbz_provider_check_base_url (const char  *url,
                             GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
                   _("“%s” is not a valid provider address."), url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (is_loopback_host (g_uri_get_host (uri)))
        return TRUE;
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INSECURE_URL,
                   _("Refusing plain http to “%s”: use https (http is allowed only for 127.0.0.1, localhost and ::1)."),
                   g_uri_get_host (uri));
      return FALSE;
    }

  g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
               _("“%s” is not an https address."), url);
  return FALSE;
}

CbzProvider *
cbz_provider_new_for_account (const CbzProviderAccount  *account,
                              GError                   **error)
{
  g_autoptr(CbzProvider) self = NULL;
  CbzProviderPrivate *priv;
  g_autofree char *base_url = NULL;
  GType type;
  gboolean needs_account;

  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (account->provider, "twilio") == 0)
    type = CBZ_TYPE_TWILIO_PROVIDER, needs_account = TRUE;
  else if (g_strcmp0 (account->provider, "whatsapp") == 0)
    type = CBZ_TYPE_WHATSAPP_CLOUD_PROVIDER, needs_account = TRUE;
  else if (g_strcmp0 (account->provider, "sendgrid") == 0)
    type = CBZ_TYPE_SENDGRID_PROVIDER, needs_account = FALSE;
  else if (g_strcmp0 (account->provider, "mailgun") == 0)
    type = CBZ_TYPE_MAILGUN_PROVIDER, needs_account = TRUE;
  else if (g_strcmp0 (account->provider, "postmark") == 0)
    type = CBZ_TYPE_POSTMARK_PROVIDER, needs_account = FALSE;
  else
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_UNKNOWN_PROVIDER,
                   _("“%s” is not a known provider (use twilio, whatsapp, sendgrid, mailgun or postmark)."),
                   account->provider ? account->provider : "");
      return NULL;
    }

  if (account->secret == NULL || *account->secret == '\0')
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS,
                   _("No credentials are stored for %s."),
                   cbz_provider_id_get_display_name (account->provider));
      return NULL;
    }
  if (needs_account && (account->account == NULL || *account->account == '\0'))
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS,
                   g_str_equal (account->provider, "twilio") ? _("The Twilio Account SID is missing.")
                   : g_str_equal (account->provider, "whatsapp") ? _("The WhatsApp phone number ID is missing.")
                   : _("The Mailgun sending domain is missing."));
      return NULL;
    }

  self = g_object_new (type, NULL);
  priv = cbz_provider_get_instance_private (self);
  priv->account = cbz_provider_account_copy (account);

  add_secret_form (priv, account->secret);
  {
    g_autofree char *escaped = g_uri_escape_string (account->secret, NULL, FALSE);
    g_autofree char *pair = g_strdup_printf ("%s:%s",
                                             account->account && g_str_equal (account->provider, "twilio")
                                               ? account->account : "api",
                                             account->secret);
    g_autofree char *pair64 = g_base64_encode ((const guchar *) pair, strlen (pair));

    add_secret_form (priv, escaped);
    add_secret_form (priv, pair64);
    memset (pair, 0, strlen (pair));
  }

  base_url = account->base_url && *account->base_url
             ? g_strdup (account->base_url)
             : cbz_provider_get_default_base_url (account->provider);
  if (!cbz_provider_set_base_url (self, base_url, error))
    return NULL;
  if (account->timeout_seconds > 0)
    cbz_provider_set_timeout (self, account->timeout_seconds);

  return g_steal_pointer (&self);
}

const char *
cbz_provider_get_id (CbzProvider *self)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  return CBZ_PROVIDER_GET_CLASS (self)->id;
}

const char *
cbz_provider_get_display_name (CbzProvider *self)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  return cbz_provider_id_get_display_name (CBZ_PROVIDER_GET_CLASS (self)->id);
}

const char *
cbz_provider_get_account (CbzProvider *self)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);

  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  return priv->account ? priv->account->account : NULL;
}

const char *
cbz_provider_get_default_from (CbzProvider *self)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);

  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  return priv->account ? priv->account->from : NULL;
}

CbzProviderFeatures
cbz_provider_get_features (CbzProvider *self)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), 0);

  return CBZ_PROVIDER_GET_CLASS (self)->features;
}

gboolean
cbz_provider_supports_channel (CbzProvider *self,
                               CbzChannel   channel)
{
  CbzProviderFeatures features = cbz_provider_get_features (self);

  switch (channel)
    {
    case CBZ_CHANNEL_SMS:
      return (features & CBZ_PROVIDER_FEATURE_SMS) != 0;
    case CBZ_CHANNEL_WHATSAPP:
      return (features & CBZ_PROVIDER_FEATURE_WHATSAPP) != 0;
    case CBZ_CHANNEL_EMAIL:
      return (features & CBZ_PROVIDER_FEATURE_EMAIL) != 0;
    default:
      return FALSE;
    }
}

gboolean
cbz_provider_supports_attachments (CbzProvider *self)
{
  return (cbz_provider_get_features (self) & CBZ_PROVIDER_FEATURE_ATTACHMENTS) != 0;
}

gboolean
cbz_provider_supports_status_polling (CbzProvider *self)
{
  return (cbz_provider_get_features (self) & CBZ_PROVIDER_FEATURE_POLL_STATUS) != 0;
}

gboolean
cbz_provider_supports_listing (CbzProvider *self)
{
  return (cbz_provider_get_features (self) & CBZ_PROVIDER_FEATURE_LIST_MESSAGES) != 0;
}

gboolean
cbz_provider_supports_templates (CbzProvider *self)
{
  return (cbz_provider_get_features (self) & CBZ_PROVIDER_FEATURE_TEMPLATES) != 0;
}

double
cbz_provider_get_default_rate (CbzProvider *self)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), 1.0);

  return CBZ_PROVIDER_GET_CLASS (self)->default_rate_per_second;
}

guint
cbz_provider_get_default_concurrency (CbzProvider *self)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), 1);

  return CBZ_PROVIDER_GET_CLASS (self)->default_concurrency;
}

const char *
cbz_provider_get_base_url (CbzProvider *self)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);

  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  return priv->base_url;
}

gboolean
cbz_provider_set_base_url (CbzProvider  *self,
                           const char   *base_url,
                           GError      **error)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (CBZ_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (base_url != NULL, FALSE);

  normalized = g_strstrip (g_strdup (base_url));
  while (g_str_has_suffix (normalized, "/"))
    normalized[strlen (normalized) - 1] = '\0';

  if (!cbz_provider_check_base_url (normalized, error))
    return FALSE;

  g_free (priv->base_url);
  priv->base_url = g_steal_pointer (&normalized);
  return TRUE;
}

guint
cbz_provider_get_timeout (CbzProvider *self)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);

  g_return_val_if_fail (CBZ_IS_PROVIDER (self), 0);

  return priv->timeout;
}

void
cbz_provider_set_timeout (CbzProvider *self,
                          guint        seconds)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);

  g_return_if_fail (CBZ_IS_PROVIDER (self));
  g_return_if_fail (seconds > 0);

  priv->timeout = seconds;
  g_object_set (priv->session, "timeout", seconds, NULL);
}

void
cbz_provider_send_async (CbzProvider              *self,
                         const CbzOutgoingMessage *message,
                         GCancellable             *cancellable,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data)
{
  g_return_if_fail (CBZ_IS_PROVIDER (self));
  g_return_if_fail (message != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  CBZ_PROVIDER_GET_CLASS (self)->send_async (self, message, cancellable, callback, user_data);
}

CbzSendResult *
cbz_provider_send_finish (CbzProvider   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  return CBZ_PROVIDER_GET_CLASS (self)->send_finish (self, result, error);
}

void
cbz_provider_poll_status_async (CbzProvider         *self,
                                const char          *provider_message_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CBZ_IS_PROVIDER (self));
  g_return_if_fail (provider_message_id != NULL);

  CBZ_PROVIDER_GET_CLASS (self)->poll_status_async (self, provider_message_id, cancellable,
                                                    callback, user_data);
}

CbzDeliveryReport *
cbz_provider_poll_status_finish (CbzProvider   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  return CBZ_PROVIDER_GET_CLASS (self)->poll_status_finish (self, result, error);
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
  g_return_if_fail (CBZ_IS_PROVIDER (self));

  CBZ_PROVIDER_GET_CLASS (self)->list_messages_async (self, to, from, sent_after, cancellable,
                                                      callback, user_data);
}

GPtrArray *
cbz_provider_list_messages_finish (CbzProvider   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  return CBZ_PROVIDER_GET_CLASS (self)->list_messages_finish (self, result, error);
}

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
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  messages = cbz_provider_list_messages_finish (CBZ_PROVIDER (source), result, &error);
  if (messages == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
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
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);
  InboundData *data;
  GTask *task;

  g_return_if_fail (CBZ_IS_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_provider_list_inbound_async);
  data = g_new0 (InboundData, 1);
  data->numbers = g_ptr_array_new_with_free_func (g_free);
  data->inbound = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_provider_message_free);
  data->sent_after = sent_after ? g_date_time_ref (sent_after) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) inbound_data_free);

  if (our_number != NULL)
    g_ptr_array_add (data->numbers, g_strdup (our_number));
  else if (priv->account != NULL)
    {
      /* Replies come to the SMS number and, through Twilio, to the WhatsApp
       * sender ("whatsapp:+1…"): list both. */
      const char *whatsapp = priv->account->whatsapp_from ? priv->account->whatsapp_from : priv->account->from;

      if (priv->account->from != NULL)
        g_ptr_array_add (data->numbers, g_strdup (priv->account->from));
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

char *
cbz_provider_scrub (CbzProvider *self,
                    const char  *text)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (CBZ_IS_PROVIDER (self), NULL);

  if (text == NULL)
    return NULL;

  out = g_string_new (text);
  for (guint i = 0; i < priv->secrets->len; i++)
    g_string_replace (out, g_ptr_array_index (priv->secrets, i), "****", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Request plumbing shared by the implementations */

typedef struct
{
  SoupMessage        *message;
  CbzProviderMapFunc  map;
} SendRequestData;

static void
send_request_data_free (SendRequestData *data)
{
  g_clear_object (&data->message);
  g_free (data);
}

static void
on_send_request_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CbzProvider *self = g_task_get_source_object (task);
  SendRequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, _cbz_provider_transport_failure (self, error),
                               (GDestroyNotify) cbz_send_result_free);
      return;
    }

  g_task_return_pointer (task, data->map (self, data->message, body),
                         (GDestroyNotify) cbz_send_result_free);
}

void
_cbz_provider_send_request (CbzProvider         *self,
                            SoupMessage         *message,
                            CbzProviderMapFunc   map,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);
  SendRequestData *data;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cbz_provider_send_request);
  data = g_new0 (SendRequestData, 1);
  data->message = g_object_ref (message);
  data->map = map;
  g_task_set_task_data (task, data, (GDestroyNotify) send_request_data_free);

  soup_session_send_and_read_async (priv->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    on_send_request_cb, task);
}

CbzSendResult *
_cbz_provider_send_request_finish (CbzProvider   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_cbz_provider_report_result (CbzProvider         *self,
                             CbzSendResult       *result,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, _cbz_provider_send_request);
  g_task_return_pointer (task, result, (GDestroyNotify) cbz_send_result_free);
}

static void
on_fetch_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CbzProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  GBytes *body;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      _cbz_provider_propagate_transport_error (self, task, error);
      return;
    }
  g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

void
_cbz_provider_fetch_async (CbzProvider         *self,
                           SoupMessage         *message,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  CbzProviderPrivate *priv = cbz_provider_get_instance_private (self);
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cbz_provider_fetch_async);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);

  soup_session_send_and_read_async (priv->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    on_fetch_cb, task);
}

GBytes *
_cbz_provider_fetch_finish (CbzProvider   *self,
                            GAsyncResult  *result,
                            SoupMessage  **message,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (message != NULL)
    *message = g_object_ref (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_cbz_provider_set_multipart_body (SoupMessage   *message,
                                  SoupMultipart *multipart)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;

  soup_multipart_to_message (multipart, headers, &body);
  content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  soup_message_set_request_body_from_bytes (message, content_type, body);
}

void
_cbz_provider_set_json_body (SoupMessage *message,
                             JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(GBytes) body = NULL;
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (data, length);
  soup_message_set_request_body_from_bytes (message, "application/json", body);
}
