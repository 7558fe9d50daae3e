/* cbz-credentials.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Provider secrets in the user's keyring (libsecret), one item per provider
 * account: schema "io.github.cobranza.Cobranza.Provider", attributes
 * provider + account. Non-secret account settings live in GSettings
 * (io.github.cobranza.Cobranza.Providers). Scripts may instead use the
 * providers' conventional environment variables (TWILIO_ACCOUNT_SID, ...).
 */

#pragma once

#include <gio/gio.h>

#include "cbz-provider.h"

G_BEGIN_DECLS

#define CBZ_CREDENTIALS_SCHEMA_NAME APP_ID ".Provider"

/* Stores @secret for (@provider, @account); replaces an existing item. */
void     cbz_credentials_store_async  (const char          *provider,
                                       const char          *account,
                                       const char          *secret,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean cbz_credentials_store_finish (GAsyncResult        *result,
                                       GError             **error);
/* Returns NULL without error when no item exists. Free with
 * cbz_credentials_free_secret (). */
void     cbz_credentials_lookup_async  (const char          *provider,
                                        const char          *account,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char    *cbz_credentials_lookup_finish (GAsyncResult        *result,
                                        GError             **error);
void     cbz_credentials_clear_async   (const char          *provider,
                                        const char          *account,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean cbz_credentials_clear_finish  (GAsyncResult        *result,
                                        GError             **error);

/* Blocking variants for the CLI and tests (never from the GTK main loop). */
gboolean cbz_credentials_store_sync   (const char   *provider,
                                       const char   *account,
                                       const char   *secret,
                                       GCancellable *cancellable,
                                       GError      **error);
char    *cbz_credentials_lookup_sync  (const char   *provider,
                                       const char   *account,
                                       GCancellable *cancellable,
                                       GError      **error);
gboolean cbz_credentials_clear_sync   (const char   *provider,
                                       const char   *account,
                                       GCancellable *cancellable,
                                       GError      **error);

/* Zeroes and frees a secret. */
void     cbz_credentials_free_secret  (char *secret);

/* The account from the environment variables alone, or NULL when the
 * provider's variables are not set (TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN,
 * WHATSAPP_TOKEN + WHATSAPP_PHONE_NUMBER_ID, SENDGRID_API_KEY,
 * MAILGUN_API_KEY + MAILGUN_DOMAIN, POSTMARK_SERVER_TOKEN). */
CbzProviderAccount *cbz_credentials_account_from_env (const char *provider);

/* The account from GSettings (non-secret fields) without its secret; NULL
 * when the provider is unknown. */
CbzProviderAccount *cbz_credentials_account_from_settings (const char *provider);

/* Whether the user turned the provider on in Preferences. */
gboolean cbz_credentials_is_enabled (const char *provider);

/* Whether messages are only rendered and recorded ("not sent (dry run)"). */
gboolean cbz_credentials_get_dry_run (void);

/* The full account to send with: the environment variables when set, else
 * GSettings + the keyring secret. Fails with
 * CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS when no secret is found. Blocking
 * (keyring D-Bus call): CLI, worker threads and tests only. */
CbzProviderAccount *cbz_credentials_load_account_sync (const char    *provider,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
void                cbz_credentials_load_account_async  (const char          *provider,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
CbzProviderAccount *cbz_credentials_load_account_finish (GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
