/* cbz-message-templates-page.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-provider-types.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The Messages page of Preferences: the wording of the payment reminder per
 * channel (SMS, WhatsApp, email) and language, previewed for a real customer
 * of the open portfolio. Valid edits are saved a moment after typing stops;
 * a text the template engine refuses is marked where it fails and never
 * saved. The page never waits for the store on the main thread.
 */
#define CBZ_TYPE_MESSAGE_TEMPLATES_PAGE (cbz_message_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (CbzMessageTemplatesPage, cbz_message_templates_page, CBZ, MESSAGE_TEMPLATES_PAGE, AdwPreferencesPage)

GtkWidget   *cbz_message_templates_page_new                (void);
CbzStore    *cbz_message_templates_page_get_store          (CbzMessageTemplatesPage *self);
void         cbz_message_templates_page_set_store          (CbzMessageTemplatesPage *self,
                                                            CbzStore                *store);
void         cbz_message_templates_page_select             (CbzMessageTemplatesPage *self,
                                                            CbzChannel               channel,
                                                            const char              *language);
/* Saves the text shown now, on the store's worker connections: TRUE once
 * the write is queued (the page stops being dirty when it is done); FALSE
 * (CBZ_MESSAGE_TEMPLATE_ERROR_INVALID with the first problem) when a text
 * has a problem, or when no portfolio is open. */
gboolean     cbz_message_templates_page_save               (CbzMessageTemplatesPage *self,
                                                            GError                 **error);

/* For tests and tools. */
GtkTextView *cbz_message_templates_page_get_body_view      (CbzMessageTemplatesPage *self);
GtkSwitch   *cbz_message_templates_page_get_plain_switch   (CbzMessageTemplatesPage *self);
const char  *cbz_message_templates_page_get_counter_text   (CbzMessageTemplatesPage *self);
/* The first problem shown inline, or NULL. */
const char  *cbz_message_templates_page_get_problem_text   (CbzMessageTemplatesPage *self);
/* The rendered text (SMS, WhatsApp text, email plain text), or NULL. */
const char  *cbz_message_templates_page_get_preview_text   (CbzMessageTemplatesPage *self);
/* The customer the preview is for; 0 when example values are used. */
gint64       cbz_message_templates_page_get_sample_debtor  (CbzMessageTemplatesPage *self);
gboolean     cbz_message_templates_page_get_dirty          (CbzMessageTemplatesPage *self);
/* TRUE while the page reads from or writes to the store. */
gboolean     cbz_message_templates_page_get_busy           (CbzMessageTemplatesPage *self);

G_END_DECLS
