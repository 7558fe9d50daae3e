/* cbz-credentials.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "cbz-credentials.h"

#define PROVIDERS_SCHEMA_ID APP_ID ".Providers"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    CBZ_CREDENTIALS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static const char *
account_or_default (const char *account)
{
  return account != NULL && *account != '\0' ? account : "default";
}

static char *
build_label (const char *provider,
             const char *account)
{
  /* The label is shown by Seahorse; it names the account, never the secret. */
  return g_strdup_printf (_("Cobranza: %s (%s)"), cbz_provider_id_get_display_name (provider),
                          account_or_default (account));
}

void
cbz_credentials_free_secret (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* Async */

static void
on_store_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cbz_credentials_store_async (const char          *provider,
                             const char          *account,
                             const char          *secret,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (provider != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_credentials_store_async);
  label = build_label (provider, account);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, on_store_cb, task,
                         "provider", provider,
                         "account", account_or_default (account),
                         NULL);
}

gboolean
cbz_credentials_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_lookup_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) cbz_credentials_free_secret);
}

void
cbz_credentials_lookup_async (const char          *provider,
                              const char          *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (provider != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_credentials_lookup_async);
  secret_password_lookup (get_schema (), cancellable, on_lookup_cb, task,
                          "provider", provider,
                          "account", account_or_default (account),
                          NULL);
}

char *
cbz_credentials_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_clear_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without error: there was nothing to remove, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cbz_credentials_clear_async (const char          *provider,
                             const char          *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (provider != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_credentials_clear_async);
  secret_password_clear (get_schema (), cancellable, on_clear_cb, task,
                         "provider", provider,
                         "account", account_or_default (account),
                         NULL);
}

gboolean
cbz_credentials_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Sync */

gboolean
cbz_credentials_store_sync (const char    *provider,
                            const char    *account,
                            const char    *secret,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (provider != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  label = build_label (provider, account);
  return secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                                     cancellable, error,
                                     "provider", provider,
                                     "account", account_or_default (account),
                                     NULL);
}

char *
cbz_credentials_lookup_sync (const char    *provider,
                             const char    *account,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (provider != NULL, NULL);

  return secret_password_lookup_sync (get_schema (), cancellable, error,
                                      "provider", provider,
                                      "account", account_or_default (account),
                                      NULL);
}

gboolean
cbz_credentials_clear_sync (const char    *provider,
                            const char    *account,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (provider != NULL, FALSE);

  secret_password_clear_sync (get_schema (), cancellable, &local_error,
                              "provider", provider,
                              "account", account_or_default (account),
                              NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Settings and environment */

static GSettings *
get_provider_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, PROVIDERS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (PROVIDERS_SCHEMA_ID);
}

static char *
dup_setting (GSettings  *settings,
             const char *provider,
             const char *field)
{
  g_autofree char *key = g_strdup_printf ("%s-%s", provider, field);
  g_autoptr(GSettingsSchema) schema = NULL;
  char *value;

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, key))
    return NULL;
  value = g_settings_get_string (settings, key);
  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gboolean
is_known (const char *provider)
{
  const char * const *ids = cbz_provider_list_ids ();

  return provider != NULL && g_strv_contains (ids, provider);
}

static const char *
account_field (const char *provider)
{
  if (g_strcmp0 (provider, "twilio") == 0)
    return "account-sid";
  if (g_strcmp0 (provider, "whatsapp") == 0)
    return "phone-number-id";
  if (g_strcmp0 (provider, "mailgun") == 0)
    return "domain";
  return NULL;
}

CbzProviderAccount *
cbz_credentials_account_from_settings (const char *provider)
{
  g_autoptr(GSettings) settings = NULL;
  CbzProviderAccount *account;
  const char *field;

  if (!is_known (provider))
    return NULL;

  account = cbz_provider_account_new (provider);
  settings = get_provider_settings ();
  if (settings == NULL)
    {
      if (account_field (provider) == NULL)
        account->account = g_strdup ("default");
      return account;
    }

  field = account_field (provider);
  account->account = field ? dup_setting (settings, provider, field) : g_strdup ("default");
  account->from = dup_setting (settings, provider, "from");
  account->whatsapp_from = dup_setting (settings, provider, "whatsapp-from");
  account->from_name = dup_setting (settings, provider, "from-name");
  account->base_url = dup_setting (settings, provider, "base-url");
  account->api_version = dup_setting (settings, provider, "api-version");
  account->timeout_seconds = g_settings_get_uint (settings, "request-timeout");

  if (account->base_url == NULL && g_str_equal (provider, "mailgun"))
    {
      g_autofree char *region = dup_setting (settings, provider, "region");

      /* An explicit COBRANZA_MAILGUN_URL still wins over the region switch. */
      if (g_strcmp0 (region, "eu") == 0 && g_getenv ("COBRANZA_MAILGUN_URL") == NULL)
        account->base_url = g_strdup ("https://api.eu.mailgun.net");
    }
  return account;
}

static void
take_env (char       **field,
          const char  *variable)
{
  const char *value = g_getenv (variable);

  if (value != NULL && *value != '\0')
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

CbzProviderAccount *
cbz_credentials_account_from_env (const char *provider)
{
  static const struct
  {
    const char *provider;
    const char *secret;
    const char *account;
    const char *from;
  } env[] = {
    { "twilio", "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "TWILIO_FROM" },
    { "whatsapp", "WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", NULL },
    { "sendgrid", "SENDGRID_API_KEY", NULL, "SENDGRID_FROM" },
    { "mailgun", "MAILGUN_API_KEY", "MAILGUN_DOMAIN", "MAILGUN_FROM" },
    { "postmark", "POSTMARK_SERVER_TOKEN", NULL, "POSTMARK_FROM" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (env); i++)
    {
      CbzProviderAccount *account;

      if (g_strcmp0 (env[i].provider, provider) != 0)
        continue;
      if (g_getenv (env[i].secret) == NULL || *g_getenv (env[i].secret) == '\0')
        return NULL;
      if (env[i].account != NULL &&
          (g_getenv (env[i].account) == NULL || *g_getenv (env[i].account) == '\0'))
        return NULL;

      /* Settings give the non-secret defaults; the environment overrides. */
      account = cbz_credentials_account_from_settings (provider);
      take_env (&account->secret, env[i].secret);
      if (env[i].account != NULL)
        take_env (&account->account, env[i].account);
      if (env[i].from != NULL)
        take_env (&account->from, env[i].from);
      if (g_str_equal (provider, "twilio"))
        take_env (&account->whatsapp_from, "TWILIO_WHATSAPP_FROM");
      if (g_str_equal (provider, "whatsapp"))
        take_env (&account->api_version, "WHATSAPP_API_VERSION");
      return account;
    }
  return NULL;
}

gboolean
cbz_credentials_is_enabled (const char *provider)
{
  g_autoptr(GSettings) settings = get_provider_settings ();
  g_autofree char *key = g_strdup_printf ("%s-enabled", provider);

  return settings != NULL && is_known (provider) && g_settings_get_boolean (settings, key);
}

gboolean
cbz_credentials_get_dry_run (void)
{
  g_autoptr(GSettings) settings = get_provider_settings ();

  return settings != NULL && g_settings_get_boolean (settings, "dry-run");
}

CbzProviderAccount *
cbz_credentials_load_account_sync (const char    *provider,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(CbzProviderAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!is_known (provider))
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_UNKNOWN_PROVIDER,
                   _("“%s” is not a known provider (use twilio, whatsapp, sendgrid, mailgun or postmark)."),
                   provider ? provider : "");
      return NULL;
    }

  account = cbz_credentials_account_from_env (provider);
  if (account != NULL)
    return g_steal_pointer (&account);

  account = cbz_credentials_account_from_settings (provider);
  if (account->account == NULL)
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS,
                   _("%s is not set up: fill in its account in Preferences or set its environment variables."),
                   cbz_provider_id_get_display_name (provider));
      return NULL;
    }

  account->secret = cbz_credentials_lookup_sync (provider, account->account, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS,
                   _("Could not read the %s credentials from the keyring: %s"),
                   cbz_provider_id_get_display_name (provider), local_error->message);
      return NULL;
    }
  if (account->secret == NULL)
    {
      g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS,
                   _("No credentials are stored for %s (account %s)."),
                   cbz_provider_id_get_display_name (provider), account->account);
      return NULL;
    }
  return g_steal_pointer (&account);
}

static void
load_account_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  CbzProviderAccount *account;

  account = cbz_credentials_load_account_sync (task_data, cancellable, &error);
  if (account == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, account, (GDestroyNotify) cbz_provider_account_free);
}

void
cbz_credentials_load_account_async (const char          *provider,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, cbz_credentials_load_account_async);
  g_task_set_task_data (task, g_strdup (provider), g_free);
  g_task_run_in_thread (task, load_account_thread);
}

CbzProviderAccount *
cbz_credentials_load_account_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
