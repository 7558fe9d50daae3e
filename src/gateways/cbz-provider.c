/* cbz-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base class itself: the account it was made for, the session, the
 * address rules, and the list of known providers. Requests, answers and
 * failures are in cbz-provider-request.c and cbz-provider-failure.c.
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

/* In display order. */
static const struct
{
  const char *id;
  GType     (*get_type) (void);
  const char *display_name;    /* a brand, except the WhatsApp one */
  const char *env;
  const char *url;
  const char *missing_account; /* NULL: no account needed besides the secret */
} known_providers[] = {
  { "twilio", cbz_twilio_provider_get_type, "Twilio",
    "COBRANZA_TWILIO_URL", "https://api.twilio.com",
    N_("The Twilio Account SID is missing.") },
  { "whatsapp", cbz_whatsapp_cloud_provider_get_type, N_("WhatsApp Cloud API"),
    "COBRANZA_WHATSAPP_URL", "https://graph.facebook.com",
    N_("The WhatsApp phone number ID is missing.") },
  { "sendgrid", cbz_sendgrid_provider_get_type, "SendGrid",
    "COBRANZA_SENDGRID_URL", "https://api.sendgrid.com", NULL },
  { "mailgun", cbz_mailgun_provider_get_type, "Mailgun",
    "COBRANZA_MAILGUN_URL", "https://api.mailgun.net",
    N_("The Mailgun sending domain is missing.") },
  { "postmark", cbz_postmark_provider_get_type, "Postmark",
    "COBRANZA_POSTMARK_URL", "https://api.postmarkapp.com", NULL },
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
wipe_string (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
add_secret_form (CbzProviderPrivate *priv,
                 const char         *text)
{
  if (text != NULL && strlen (text) >= 4)
    g_ptr_array_add (priv->secrets, g_strdup (text));
}

/* The secret as it may appear in a text: itself, URL-escaped, and inside a
 * Basic authorization header. */
static void
remember_secret (CbzProviderPrivate       *priv,
                 const CbzProviderAccount *account)
{
  g_autofree char *escaped = g_uri_escape_string (account->secret, NULL, FALSE);
  g_autofree char *pair = g_strdup_printf ("%s:%s",
                                           account->account && g_str_equal (account->provider, "twilio")
                                             ? account->account : "api",
                                           account->secret);
  g_autofree char *pair64 = g_base64_encode ((const guchar *) pair, strlen (pair));

  add_secret_form (priv, account->secret);
  add_secret_form (priv, escaped);
  add_secret_form (priv, pair64);
  memset (pair, 0, strlen (pair));
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
cbz_provider_class_init (CbzProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_provider_finalize;

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

/* Public API */

const char * const *
cbz_provider_list_ids (void)
{
  static const char * const ids[] = { "twilio", "whatsapp", "sendgrid", "mailgun", "postmark", NULL };

  G_STATIC_ASSERT (G_N_ELEMENTS (ids) == G_N_ELEMENTS (known_providers) + 1);
  return ids;
}

const char *
cbz_provider_id_get_display_name (const char *provider_id)
{
  int index = find_known_provider (provider_id);

  if (index < 0)
    return provider_id;
  /* Brands are not in the catalog and come back as they are. */
  return _(known_providers[index].display_name);
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
  int index;

  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  index = find_known_provider (account->provider);
  if (index < 0)
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
  if (known_providers[index].missing_account != NULL &&
      (account->account == NULL || *account->account == '\0'))
    {
      g_set_error_literal (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS,
                           _(known_providers[index].missing_account));
      return NULL;
    }

  self = g_object_new (known_providers[index].get_type (), NULL);
  priv = cbz_provider_get_instance_private (self);
  priv->account = cbz_provider_account_copy (account);
  remember_secret (priv, account);

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
