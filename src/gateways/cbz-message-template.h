/* cbz-message-template.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-outbox.h"
#include "cbz-provider-types.h"
#include "cbz-sms-encoding.h"
#include "cbz-store.h"
#include "cbz-template.h"

G_BEGIN_DECLS

/*
 * The wording of a message for one channel and language. Built-in defaults
 * are resources (/io/github/cobranza/Cobranza/messages/NAME-LANG.ini); the
 * user's own versions are rows of table message_templates and win over them.
 * Every text goes through the core template engine ({{nombre}}, {{name}}…).
 */

#define CBZ_MESSAGE_TEMPLATE_ERROR (cbz_message_template_error_quark ())

typedef enum
{
  CBZ_MESSAGE_TEMPLATE_ERROR_NOT_FOUND,  /* no such template for that channel */
  CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,    /* a text the template engine refuses */
  CBZ_MESSAGE_TEMPLATE_ERROR_NOTHING_DUE,/* the customer owes nothing overdue (or only disputed) */
} CbzMessageTemplateError;
/* Reading and writing the user's wordings fails with CBZ_STORE_ERROR. */

GQuark cbz_message_template_error_quark (void);

typedef struct
{
  char       *name;          /* "reminder" */
  CbzChannel  channel;
  char       *language;      /* "es", "en" */
  char       *subject;       /* email */
  char       *body;          /* SMS / WhatsApp text / email plain text */
  char       *html;          /* email */
  char       *wa_template;   /* WhatsApp template name or Twilio ContentSid */
  char       *wa_language;   /* "es_MX" */
  char      **wa_params;     /* template texts for {{1}}, {{2}}, … */
  gboolean    sms_plain;     /* replace accents GSM-7 lacks */
  gboolean    builtin;       /* read from the resources, not the user's */
} CbzMessageTemplate;

typedef struct
{
  char        *subject;
  char        *body;
  char        *html;
  char       **wa_params;
  CbzSmsCount  sms;          /* of @body, for SMS */
} CbzRenderedMessage;

CbzMessageTemplate *cbz_message_template_new            (const char                *name,
                                                         CbzChannel                 channel,
                                                         const char                *language);
CbzMessageTemplate *cbz_message_template_copy           (const CbzMessageTemplate  *self);
void                cbz_message_template_free           (CbzMessageTemplate        *self);

CbzMessageTemplate *cbz_message_template_load_builtin   (const char                *name,
                                                         CbzChannel                 channel,
                                                         const char                *language,
                                                         GError                   **error);
/* The user's version when saved, else the built-in one. An unknown language
 * falls back to Spanish. */
CbzMessageTemplate *cbz_message_template_load           (CbzStore                  *store,
                                                         const char                *name,
                                                         CbzChannel                 channel,
                                                         const char                *language,
                                                         GError                   **error);
/* Checks every text with the template engine before saving. */
gboolean            cbz_message_template_save           (const CbzMessageTemplate  *self,
                                                         CbzStore                  *store,
                                                         GError                   **error);
/* Back to the built-in wording. */
gboolean            cbz_message_template_reset          (CbzStore                  *store,
                                                         const char                *name,
                                                         CbzChannel                 channel,
                                                         const char                *language,
                                                         GError                   **error);

/* The same three for the UI, on the store's worker connections. list_saved
 * gives every wording of @name the user saved, in any channel and
 * language (element-type CbzMessageTemplate; the built-in ones are not
 * in it). */
void                cbz_message_template_list_saved_async  (CbzStore               *store,
                                                            const char             *name,
                                                            GCancellable           *cancellable,
                                                            GAsyncReadyCallback     callback,
                                                            gpointer                user_data);
GPtrArray          *cbz_message_template_list_saved_finish (CbzStore               *store,
                                                            GAsyncResult           *result,
                                                            GError                **error);
/* Checks a copy of @self as cbz_message_template_save() does, and writes it. */
void                cbz_message_template_save_async        (const CbzMessageTemplate *self,
                                                            CbzStore               *store,
                                                            GCancellable           *cancellable,
                                                            GAsyncReadyCallback     callback,
                                                            gpointer                user_data);
gboolean            cbz_message_template_save_finish       (CbzStore               *store,
                                                            GAsyncResult           *result,
                                                            GError                **error);
void                cbz_message_template_reset_async       (CbzStore               *store,
                                                            const char             *name,
                                                            CbzChannel              channel,
                                                            const char             *language,
                                                            GCancellable           *cancellable,
                                                            GAsyncReadyCallback     callback,
                                                            gpointer                user_data);
gboolean            cbz_message_template_reset_finish      (CbzStore               *store,
                                                            GAsyncResult           *result,
                                                            GError                **error);

CbzRenderedMessage *cbz_message_template_render         (const CbzMessageTemplate  *self,
                                                         CbzTemplateContext        *context,
                                                         GError                   **error);
void                cbz_rendered_message_free           (CbzRenderedMessage        *message);

/*
 * The values of a reminder to @debtor_id: its name and contact, and its
 * overdue invoices that are not disputed (ids in @invoice_ids, sorted, for
 * the outbox key). Company values (empresa, telefono_empresa, …) come from
 * @company when given (a context filled by the caller). Fails with
 * NOTHING_DUE when nothing can be chased.
 */
CbzTemplateContext *cbz_message_context_new_for_debtor  (CbzStore                  *store,
                                                         gint64                     debtor_id,
                                                         CbzTemplateContext        *company,
                                                         GArray                   **invoice_ids,
                                                         GError                   **error);

/* The provider used for @channel when none is named: Twilio for SMS, the
 * WhatsApp Cloud API for WhatsApp, the first e-mail provider set up (in the
 * environment or Preferences) for e-mail. */
const char         *cbz_message_default_provider        (CbzChannel                 channel);
/* Mobile (else phone) for SMS, WhatsApp (else mobile), the first e-mail
 * address; NULL when the customer has none. */
char               *cbz_message_pick_recipient          (const CbzDebtor           *debtor,
                                                         CbzChannel                 channel);
/* One reminder as an outbox message (see the .c for the key). */
CbzOutboxMessage   *cbz_message_build_reminder          (CbzStore                  *store,
                                                         gint64                     debtor_id,
                                                         CbzChannel                 channel,
                                                         const char                *provider,
                                                         const char                *template_name,
                                                         CbzTemplateContext        *company,
                                                         const char                *cycle,
                                                         char                     **skip,
                                                         GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzMessageTemplate, cbz_message_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzRenderedMessage, cbz_rendered_message_free)

G_END_DECLS
