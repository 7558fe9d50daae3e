/* cbz-letter-batch-dialog.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"

G_BEGIN_DECLS

#define CBZ_TYPE_LETTER_BATCH_DIALOG (cbz_letter_batch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CbzLetterBatchDialog, cbz_letter_batch_dialog, CBZ, LETTER_BATCH_DIALOG, AdwWindow)

/* Letters for everyone at a level today, or for the customers selected in
 * the list (@selected_ids, element-type gint64, may be NULL or empty),
 * written on one of @store's worker connections with progress and cancel. */
CbzLetterBatchDialog *cbz_letter_batch_dialog_new            (GtkWindow      *parent,
                                                              CbzStore       *store,
                                                              GArray         *selected_ids);

void                  cbz_letter_batch_dialog_run_to         (CbzLetterBatchDialog *self,
                                                              const char           *combined_path,
                                                              const char           *folder);
gboolean              cbz_letter_batch_dialog_is_running     (CbzLetterBatchDialog *self);
/* What the dialog says under the progress bar ("2 letters written …"). */
const char           *cbz_letter_batch_dialog_get_status     (CbzLetterBatchDialog *self);

/* Installs "win.batch-letters" (Ctrl+Shift+L) on the main window's class. */
void                  cbz_letter_batch_dialog_install_action (GtkWidgetClass *window_class);

G_END_DECLS
