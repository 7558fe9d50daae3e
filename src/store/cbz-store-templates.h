/* cbz-store-templates.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The user's own wordings of a message (table message_templates), one per
 * message name, channel (SMS, WhatsApp or e-mail) and language. Built-in
 * wordings are not here: they are resources of the gateways layer, which
 * falls back to them when the store has none.
 */
typedef struct
{
  char            *name;        /* "reminder" */
  CbzEventChannel  channel;     /* SMS, WHATSAPP or EMAIL */
  char            *language;    /* "es", "en" */
  char            *subject;     /* e-mail */
  char            *body;        /* never NULL once saved */
  char            *html;        /* e-mail */
  char            *wa_template; /* WhatsApp template name or Twilio ContentSid */
  char            *wa_language; /* "es_MX" */
  char           **wa_params;   /* the texts for {{1}}, {{2}}, … (NULL: none) */
  gboolean         sms_plain;   /* replace the accents GSM-7 lacks */
  gint64           updated_at;  /* µs since the epoch; set by save */
} CbzStoreMessageTemplate;

CbzStoreMessageTemplate *cbz_store_message_template_new   (const char                    *name,
                                                           CbzEventChannel                channel,
                                                           const char                    *language);
CbzStoreMessageTemplate *cbz_store_message_template_copy  (const CbzStoreMessageTemplate *self);
void                     cbz_store_message_template_free  (CbzStoreMessageTemplate       *self);

/* The saved wording of @name for @channel and @language: TRUE with
 * *@out_template NULL when there is none, FALSE with @error when the file
 * cannot be read. */
gboolean                 cbz_store_lookup_message_template (CbzStore                     *self,
                                                            const char                   *name,
                                                            CbzEventChannel               channel,
                                                            const char                   *language,
                                                            CbzStoreMessageTemplate     **out_template,
                                                            GError                      **error);
/* Every saved wording of @name, by channel then language
 * (element-type CbzStoreMessageTemplate), or NULL with @error. */
GPtrArray               *cbz_store_list_message_templates  (CbzStore                     *self,
                                                            const char                   *name,
                                                            GError                      **error);
/* Inserts or replaces @template and sets its updated_at. Refuses
 * (CBZ_STORE_ERROR_INVALID) a channel other than SMS, WhatsApp or e-mail
 * and an empty text. */
gboolean                 cbz_store_save_message_template   (CbzStore                     *self,
                                                            CbzStoreMessageTemplate      *template,
                                                            GError                      **error);
/* Forgets the saved wording (the built-in one applies again); TRUE also
 * when there was none. */
gboolean                 cbz_store_delete_message_template (CbzStore                     *self,
                                                            const char                   *name,
                                                            CbzEventChannel               channel,
                                                            const char                   *language,
                                                            GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzStoreMessageTemplate, cbz_store_message_template_free)

G_END_DECLS
