/* cbz-provider.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CbzProvider: one messaging provider account (Twilio, WhatsApp Cloud,
 * SendGrid, Mailgun, Postmark) behind one async interface. The base class
 * does the HTTP work with libsoup 3's async API; nothing here touches GTK
 * or sqlite.
 *
 * A send never raises a GError for what the provider answered: every answer
 * (and every transport failure: timeout, refused or dropped connection,
 * malformed body) is mapped to a CbzSendResult that says accepted, permanent
 * failure or temporary failure. send_finish() only fails with
 * G_IO_ERROR_CANCELLED.
 */

#pragma once

#include <gio/gio.h>

#include "cbz-provider-types.h"

G_BEGIN_DECLS

#define CBZ_PROVIDER_ERROR (cbz_provider_error_quark ())

typedef enum
{
  CBZ_PROVIDER_ERROR_NOT_SUPPORTED,     /* the provider has no such operation */
  CBZ_PROVIDER_ERROR_INSECURE_URL,      /* plain http to a non-loopback host */
  CBZ_PROVIDER_ERROR_INVALID_URL,
  CBZ_PROVIDER_ERROR_UNKNOWN_PROVIDER,
  CBZ_PROVIDER_ERROR_MISSING_CREDENTIALS,
  CBZ_PROVIDER_ERROR_PERMANENT,         /* poll/list: the provider refused (e.g. bad credentials, 404) */
  CBZ_PROVIDER_ERROR_TEMPORARY,         /* poll/list: try again later */
} CbzProviderError;

GQuark cbz_provider_error_quark (void);

typedef enum
{
  CBZ_PROVIDER_FEATURE_SMS            = 1 << 0,
  CBZ_PROVIDER_FEATURE_WHATSAPP       = 1 << 1,
  CBZ_PROVIDER_FEATURE_EMAIL          = 1 << 2,
  CBZ_PROVIDER_FEATURE_ATTACHMENTS    = 1 << 3,
  CBZ_PROVIDER_FEATURE_POLL_STATUS    = 1 << 4,
  CBZ_PROVIDER_FEATURE_LIST_MESSAGES  = 1 << 5, /* list inbound / our own sends by number */
  CBZ_PROVIDER_FEATURE_TEMPLATES      = 1 << 6,
} CbzProviderFeatures;

/*
 * Everything needed to build a provider. @secret is the only secret field;
 * it lives in libsecret (CbzCredentials) or comes from the environment and is
 * never written anywhere else.
 *
 *   provider   "twilio" | "whatsapp" | "sendgrid" | "mailgun" | "postmark"
 *   account    Twilio AccountSid, WhatsApp phone number id, Mailgun domain;
 *              "default" for SendGrid/Postmark
 *   secret     Twilio auth token, WhatsApp access token, API key, server token
 *   from       default sender: "+15005550006", "cobranza@example.mx"
 *   whatsapp_from   Twilio only: the WhatsApp sender ("+1415…"), NULL = from
 *   from_name  e-mail display name
 *   base_url   NULL = COBRANZA_<PROVIDER>_URL, else the provider's default
 *   api_version WhatsApp Graph API version, e.g. "v19.0"
 */
typedef struct
{
  char   *provider;
  char   *account;
  char   *secret;
  char   *from;
  char   *whatsapp_from;
  char   *from_name;
  char   *base_url;
  char   *api_version;
  guint   timeout_seconds; /* 0 = default (30 s) */
} CbzProviderAccount;

#define CBZ_TYPE_PROVIDER_ACCOUNT (cbz_provider_account_get_type ())
GType               cbz_provider_account_get_type (void) G_GNUC_CONST;
CbzProviderAccount *cbz_provider_account_new      (const char               *provider);
CbzProviderAccount *cbz_provider_account_copy     (const CbzProviderAccount *account);
/* Wipes the secret's memory before freeing it. */
void                cbz_provider_account_free     (CbzProviderAccount       *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzProviderAccount, cbz_provider_account_free)

#define CBZ_TYPE_PROVIDER (cbz_provider_get_type ())
G_DECLARE_DERIVABLE_TYPE (CbzProvider, cbz_provider, CBZ, PROVIDER, GObject)

/* The class structure, with the vfuncs an implementation fills in, is in
 * cbz-provider-private.h: only the implementations need it. */

/* Builds the right implementation for @account->provider. Fails with
 * UNKNOWN_PROVIDER, MISSING_CREDENTIALS or INSECURE_URL. */
CbzProvider         *cbz_provider_new_for_account      (const CbzProviderAccount *account,
                                                        GError                  **error);

/* The provider ids in display order: twilio, whatsapp, sendgrid, mailgun, postmark. */
const char * const  *cbz_provider_list_ids             (void);
/* Translated display name for an id ("Twilio", "WhatsApp Cloud API", ...). */
const char          *cbz_provider_id_get_display_name  (const char *provider_id);
/* The endpoint to use when no explicit base URL is configured: the value of
 * COBRANZA_<ID>_URL when set, else the provider's public endpoint. The app
 * and the CLI both call this. Returns NULL for an unknown id. */
char                *cbz_provider_get_default_base_url (const char *provider_id);
/* TRUE when @url is https, or http to 127.0.0.1 / localhost / ::1. */
gboolean             cbz_provider_check_base_url       (const char  *url,
                                                        GError     **error);

const char          *cbz_provider_get_id               (CbzProvider *self);
const char          *cbz_provider_get_display_name     (CbzProvider *self);
const char          *cbz_provider_get_account          (CbzProvider *self);
const char          *cbz_provider_get_default_from     (CbzProvider *self);
CbzProviderFeatures  cbz_provider_get_features         (CbzProvider *self);
gboolean             cbz_provider_supports_channel     (CbzProvider *self,
                                                        CbzChannel   channel);
gboolean             cbz_provider_supports_attachments (CbzProvider *self);
gboolean             cbz_provider_supports_status_polling (CbzProvider *self);
gboolean             cbz_provider_supports_listing     (CbzProvider *self);
gboolean             cbz_provider_supports_templates   (CbzProvider *self);
double               cbz_provider_get_default_rate     (CbzProvider *self);
guint                cbz_provider_get_default_concurrency (CbzProvider *self);

const char          *cbz_provider_get_base_url         (CbzProvider *self);
/* Refuses plain http except to loopback. */
gboolean             cbz_provider_set_base_url         (CbzProvider *self,
                                                        const char  *base_url,
                                                        GError     **error);
guint                cbz_provider_get_timeout          (CbzProvider *self);
void                 cbz_provider_set_timeout          (CbzProvider *self,
                                                        guint        seconds);

void                 cbz_provider_send_async           (CbzProvider              *self,
                                                        const CbzOutgoingMessage *message,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
/* Never NULL unless cancelled (G_IO_ERROR_CANCELLED). */
CbzSendResult       *cbz_provider_send_finish          (CbzProvider              *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

/* Fails with NOT_SUPPORTED where the provider has no polling (WhatsApp Cloud:
 * webhooks only; SendGrid without the Email Activity add-on answers 403/404
 * and is reported as PERMANENT). Transport trouble is TEMPORARY. */
void                 cbz_provider_poll_status_async    (CbzProvider              *self,
                                                        const char               *provider_message_id,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
CbzDeliveryReport   *cbz_provider_poll_status_finish   (CbzProvider              *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

/* Lists messages (all pages) filtered by @to and/or @from (either may be
 * NULL) and sent on or after @sent_after's day (NULL = no date filter).
 * Returns a GPtrArray of CbzProviderMessage. Twilio only. */
void                 cbz_provider_list_messages_async  (CbzProvider              *self,
                                                        const char               *to,
                                                        const char               *from,
                                                        GDateTime                *sent_after,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
GPtrArray           *cbz_provider_list_messages_finish (CbzProvider              *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

/* Inbound replies to @our_number (NULL = the account's default sender):
 * list_messages with to = our number, keeping only inbound rows. */
void                 cbz_provider_list_inbound_async   (CbzProvider              *self,
                                                        const char               *our_number,
                                                        GDateTime                *sent_after,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
GPtrArray           *cbz_provider_list_inbound_finish  (CbzProvider              *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

/* Replaces every occurrence of the secrets this provider knows (and their
 * Basic-auth base64 forms) with "****". Used on every error text. */
char                *cbz_provider_scrub                (CbzProvider *self,
                                                        const char  *text);

G_END_DECLS
