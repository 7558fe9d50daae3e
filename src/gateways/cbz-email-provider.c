/* cbz-email-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-email-provider.h"

G_DEFINE_ABSTRACT_TYPE (CbzEmailProvider, cbz_email_provider, CBZ_TYPE_PROVIDER)

static char *
cbz_email_provider_check_message (CbzProvider              *provider,
                                  const CbzOutgoingMessage *message,
                                  CbzFailureCode           *failure)
{
  CbzEmailProvider *self = CBZ_EMAIL_PROVIDER (provider);
  const char *name = cbz_provider_get_display_name (provider);

  *failure = CBZ_FAILURE_INVALID_REQUEST;
  if (message->channel != CBZ_CHANNEL_EMAIL)
    {
      *failure = CBZ_FAILURE_UNSUPPORTED;
      /* Translators: %s is SendGrid, Mailgun or Postmark. */
      return g_strdup_printf (_("%s sends only e-mail."), name);
    }
  if (!_cbz_has_text (message->to))
    return g_strdup (_("The message has no recipient address."));
  if (!_cbz_has_text (_cbz_email_provider_get_sender (self, message)))
    /* Translators: %s is SendGrid, Mailgun or Postmark. */
    return g_strdup_printf (_("No sender address is configured for %s."), name);
  if (CBZ_EMAIL_PROVIDER_GET_CLASS (self)->requires_subject && !_cbz_has_text (message->subject))
    return g_strdup (_("The e-mail has no subject."));
  if (!_cbz_has_text (message->body) && !_cbz_has_text (message->html))
    return g_strdup (_("The e-mail has no text."));
  return NULL;
}

static void
cbz_email_provider_class_init (CbzEmailProviderClass *klass)
{
  CbzProviderClass *provider_class = CBZ_PROVIDER_CLASS (klass);

  provider_class->features = CBZ_PROVIDER_FEATURE_EMAIL |
                             CBZ_PROVIDER_FEATURE_ATTACHMENTS |
                             CBZ_PROVIDER_FEATURE_POLL_STATUS;
  provider_class->default_rate_per_second = 50.0;
  provider_class->default_concurrency = 8;
  provider_class->check_message = cbz_email_provider_check_message;
}

static void
cbz_email_provider_init (CbzEmailProvider *self)
{
}

const char *
_cbz_email_provider_get_sender (CbzEmailProvider         *self,
                                const CbzOutgoingMessage *message)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (CBZ_PROVIDER (self));

  return message->from != NULL ? message->from : account->from;
}

char *
_cbz_email_provider_dup_from (CbzEmailProvider         *self,
                              const CbzOutgoingMessage *message)
{
  const CbzProviderAccount *account = _cbz_provider_get_account_info (CBZ_PROVIDER (self));
  const char *from = _cbz_email_provider_get_sender (self, message);

  if (_cbz_has_text (account->from_name) && strchr (from, '<') == NULL)
    return g_strdup_printf ("%s <%s>", account->from_name, from);
  return g_strdup (from);
}

void
_cbz_email_provider_add_attachment (JsonBuilder              *builder,
                                    const CbzOutgoingMessage *message,
                                    const char               *content_key,
                                    const char               *name_key,
                                    const char               *type_key)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (message->attachment, &size);
  g_autofree char *encoded = g_base64_encode (data, size);

  _cbz_json_add_string (builder, content_key, encoded);
  _cbz_json_add_string (builder, name_key, _cbz_attachment_filename (message));
  _cbz_json_add_string (builder, type_key, _cbz_attachment_mime (message));
}
