/* test-credentials.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Provider secrets through libsecret, settings and the environment. Run
 * inside dbus-run-session with tools/with-keyring; without a Secret Service
 * the keyring cases are skipped (and say so).
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "cbz-credentials.h"
#include "cbz-test-util.h"

#define SECRET "tok-3f9d1c7a2b-no-debe-filtrarse"

static gboolean
keyring_available (void)
{
  g_autoptr(GError) error = NULL;

  if (!cbz_credentials_store_sync ("postmark", "probe", "probe-secret", NULL, &error))
    {
      g_test_skip_printf ("no Secret Service: %s", error->message);
      return FALSE;
    }
  cbz_credentials_clear_sync ("postmark", "probe", NULL, NULL);
  return TRUE;
}

static void
test_keyring_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  if (!keyring_available ())
    return;

  g_assert_true (cbz_credentials_store_sync ("twilio", "AC0123", SECRET, NULL, &error));
  g_assert_no_error (error);
  secret = cbz_credentials_lookup_sync ("twilio", "AC0123", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, SECRET);
  cbz_credentials_free_secret (secret);

  /* One item per account: storing again replaces it. */
  g_assert_true (cbz_credentials_store_sync ("twilio", "AC0123", "second", NULL, &error));
  secret = cbz_credentials_lookup_sync ("twilio", "AC0123", NULL, &error);
  g_assert_cmpstr (secret, ==, "second");
  cbz_credentials_free_secret (secret);

  /* Another account or provider does not see it. */
  secret = cbz_credentials_lookup_sync ("twilio", "AC9999", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  secret = cbz_credentials_lookup_sync ("sendgrid", "AC0123", NULL, &error);
  g_assert_null (secret);

  g_assert_true (cbz_credentials_clear_sync ("twilio", "AC0123", NULL, &error));
  g_assert_no_error (error);
  secret = cbz_credentials_lookup_sync ("twilio", "AC0123", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_keyring_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  char *secret;

  if (!keyring_available ())
    return;

  cbz_credentials_store_async ("mailgun", "mg.example.mx", SECRET, NULL, on_done_cb, &stored);
  g_assert_true (cbz_credentials_store_finish (wait_for (&stored), &error));
  g_assert_no_error (error);
  cbz_credentials_lookup_async ("mailgun", "mg.example.mx", NULL, on_done_cb, &looked_up);
  secret = cbz_credentials_lookup_finish (wait_for (&looked_up), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, SECRET);
  cbz_credentials_free_secret (secret);
  cbz_credentials_clear_async ("mailgun", "mg.example.mx", NULL, on_done_cb, &cleared);
  g_assert_true (cbz_credentials_clear_finish (wait_for (&cleared), &error));
  cbz_credentials_lookup_async ("mailgun", "mg.example.mx", NULL, on_done_cb, &again);
  secret = cbz_credentials_lookup_finish (wait_for (&again), &error);
  g_assert_no_error (error);
  g_assert_null (secret);
}

static void
assert_settings_free_of (GSettings  *settings,
                         const char *secret)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, secret));
    }
}

static void
test_settings_and_keyring (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID ".Providers");
  g_autoptr(CbzProviderAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_set_string (settings, "twilio-account-sid", "AC0123456789abcdef0123456789abcdef");
  g_settings_set_string (settings, "twilio-from", "+15005550006");
  g_settings_set_string (settings, "twilio-base-url", "http://127.0.0.1:4010");
  g_settings_set_string (settings, "mailgun-domain", "mg.example.mx");
  g_settings_set_string (settings, "mailgun-region", "eu");

  account = cbz_credentials_account_from_settings ("twilio");
  g_assert_cmpstr (account->account, ==, "AC0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (account->from, ==, "+15005550006");
  g_assert_cmpstr (account->base_url, ==, "http://127.0.0.1:4010");
  g_assert_null (account->secret);
  g_clear_pointer (&account, cbz_provider_account_free);

  account = cbz_credentials_account_from_settings ("mailgun");
  g_assert_cmpstr (account->base_url, ==, "https://api.eu.mailgun.net");
  g_clear_pointer (&account, cbz_provider_account_free);

  g_unsetenv ("TWILIO_AUTH_TOKEN");
  g_unsetenv ("TWILIO_ACCOUNT_SID");
  if (!keyring_available ())
    return;

  /* Nothing stored yet: a clear error that names no secret. */
  account = cbz_credentials_load_account_sync ("twilio", NULL, &error);
  g_assert_null (account);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS);
  g_clear_error (&error);

  g_assert_true (cbz_credentials_store_sync ("twilio", "AC0123456789abcdef0123456789abcdef", SECRET, NULL, &error));
  account = cbz_credentials_load_account_sync ("twilio", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->secret, ==, SECRET);
  g_assert_cmpstr (account->from, ==, "+15005550006");
  assert_settings_free_of (settings, SECRET);
  cbz_credentials_clear_sync ("twilio", "AC0123456789abcdef0123456789abcdef", NULL, NULL);
  g_clear_pointer (&account, cbz_provider_account_free);

  {
    g_autoptr(GAsyncResult) result = NULL;

    g_assert_true (cbz_credentials_store_sync ("twilio", "AC0123456789abcdef0123456789abcdef", SECRET, NULL, &error));
    cbz_credentials_load_account_async ("twilio", NULL, on_done_cb, &result);
    account = cbz_credentials_load_account_finish (wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (account->secret, ==, SECRET);
    cbz_credentials_clear_sync ("twilio", "AC0123456789abcdef0123456789abcdef", NULL, NULL);
  }
}

static void
test_environment (void)
{
  g_autoptr(CbzProviderAccount) twilio = NULL;
  g_autoptr(CbzProviderAccount) whatsapp = NULL;
  g_autoptr(CbzProviderAccount) sendgrid = NULL;
  g_autoptr(CbzProviderAccount) mailgun = NULL;
  g_autoptr(CbzProviderAccount) postmark = NULL;
  g_autoptr(CbzProviderAccount) half = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("TWILIO_ACCOUNT_SID", "ACenv", TRUE);
  g_setenv ("TWILIO_AUTH_TOKEN", "env-twilio-token", TRUE);
  g_setenv ("TWILIO_FROM", "+15005550007", TRUE);
  g_setenv ("WHATSAPP_TOKEN", "env-wa-token", TRUE);
  g_setenv ("WHATSAPP_PHONE_NUMBER_ID", "1234567890", TRUE);
  g_setenv ("SENDGRID_API_KEY", "SG.env", TRUE);
  g_setenv ("MAILGUN_API_KEY", "key-env", TRUE);
  g_setenv ("MAILGUN_DOMAIN", "mg.env.mx", TRUE);
  g_setenv ("POSTMARK_SERVER_TOKEN", "pm-env", TRUE);

  twilio = cbz_credentials_load_account_sync ("twilio", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twilio->account, ==, "ACenv");
  g_assert_cmpstr (twilio->secret, ==, "env-twilio-token");
  g_assert_cmpstr (twilio->from, ==, "+15005550007");
  whatsapp = cbz_credentials_load_account_sync ("whatsapp", NULL, &error);
  g_assert_cmpstr (whatsapp->account, ==, "1234567890");
  g_assert_cmpstr (whatsapp->secret, ==, "env-wa-token");
  sendgrid = cbz_credentials_load_account_sync ("sendgrid", NULL, &error);
  g_assert_cmpstr (sendgrid->secret, ==, "SG.env");
  mailgun = cbz_credentials_load_account_sync ("mailgun", NULL, &error);
  g_assert_cmpstr (mailgun->account, ==, "mg.env.mx");
  g_assert_cmpstr (mailgun->secret, ==, "key-env");
  postmark = cbz_credentials_load_account_sync ("postmark", NULL, &error);
  g_assert_cmpstr (postmark->secret, ==, "pm-env");
  g_assert_no_error (error);

  /* A token without its account id is not enough. */
  g_unsetenv ("MAILGUN_DOMAIN");
  half = cbz_credentials_account_from_env ("mailgun");
  g_assert_null (half);

  for (guint i = 0; i < 9; i++)
    {
      static const char * const names[] = {
        "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "WHATSAPP_TOKEN",
        "WHATSAPP_PHONE_NUMBER_ID", "SENDGRID_API_KEY", "MAILGUN_API_KEY", "MAILGUN_DOMAIN",
        "POSTMARK_SERVER_TOKEN",
      };
      g_unsetenv (names[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gateways/credentials/keyring-roundtrip", test_keyring_roundtrip);
  g_test_add_func ("/gateways/credentials/keyring-async", test_keyring_async);
  g_test_add_func ("/gateways/credentials/settings-and-keyring", test_settings_and_keyring);
  g_test_add_func ("/gateways/credentials/environment", test_environment);

  return g_test_run ();
}
