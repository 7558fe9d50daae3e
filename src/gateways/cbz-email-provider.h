/* cbz-email-provider.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CbzEmailProvider: what SendGrid, Mailgun and Postmark have in common. It
 * checks an e-mail before it goes out (recipient, sender, subject where
 * the provider needs one, a text or HTML part), knows the sender and its
 * display name, and writes a base64 attachment into a JSON body. Each
 * subclass only spells its request and reads its answers. For the provider
 * implementations only.
 */

#pragma once

#include "cbz-provider-private.h"

G_BEGIN_DECLS

#define CBZ_TYPE_EMAIL_PROVIDER (cbz_email_provider_get_type ())
G_DECLARE_DERIVABLE_TYPE (CbzEmailProvider, cbz_email_provider, CBZ, EMAIL_PROVIDER, CbzProvider)

struct _CbzEmailProviderClass
{
  CbzProviderClass parent_class;

  /* Set in class_init: the provider refuses an e-mail without a subject. */
  gboolean requires_subject;

  gpointer padding[4];
};

/* The sender's address: the message's own, else the account's. */
const char *_cbz_email_provider_get_sender     (CbzEmailProvider         *self,
                                                const CbzOutgoingMessage *message);
/* "Name <address>" when the account has a display name and the address
 * has none; the bare address otherwise. */
char       *_cbz_email_provider_dup_from       (CbzEmailProvider         *self,
                                                const CbzOutgoingMessage *message);
/* Adds @message's attachment, base64, to the JSON object being built:
 * members named @content_key, @name_key and @type_key. */
void        _cbz_email_provider_add_attachment (JsonBuilder              *builder,
                                                const CbzOutgoingMessage *message,
                                                const char               *content_key,
                                                const char               *name_key,
                                                const char               *type_key);

G_END_DECLS
