/* cbz-message-preview-group.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-message-sample.h"
#include "cbz-message-template.h"

G_BEGIN_DECLS

/*
 * The Preview group of the Messages page: a wording rendered for a sample
 * customer, as the customer will read it (the subject or the WhatsApp
 * template above the text), and the SMS counter of what was rendered
 * ("148 characters · GSM-7 · 1 part"), which the page shows under the text.
 */
#define CBZ_TYPE_MESSAGE_PREVIEW_GROUP (cbz_message_preview_group_get_type ())
G_DECLARE_FINAL_TYPE (CbzMessagePreviewGroup, cbz_message_preview_group, CBZ, MESSAGE_PREVIEW_GROUP, AdwPreferencesGroup)

/* Takes @sample; says whose values they are (@have_store: a portfolio is
 * open) and what sending would still need. */
void        cbz_message_preview_group_set_sample       (CbzMessagePreviewGroup   *self,
                                                        CbzMessageSample         *sample,
                                                        gboolean                  have_store);
const CbzMessageSample *cbz_message_preview_group_get_sample (CbzMessagePreviewGroup *self);
/* Renders @template with the sample; NULL @template: the texts have
 * problems, and the preview says to correct them. */
void        cbz_message_preview_group_show             (CbzMessagePreviewGroup   *self,
                                                        const CbzMessageTemplate *template);
/* The rendered text, or NULL when nothing could be rendered. */
const char *cbz_message_preview_group_get_text         (CbzMessagePreviewGroup   *self);
/* The SMS counter of the rendered text, "" when nothing was rendered. */
const char *cbz_message_preview_group_get_counter_text (CbzMessagePreviewGroup   *self);

G_END_DECLS
