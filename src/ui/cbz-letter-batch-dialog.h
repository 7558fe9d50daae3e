/* cbz-letter-batch-dialog.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CBZ_TYPE_LETTER_BATCH_DIALOG (cbz_letter_batch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CbzLetterBatchDialog, cbz_letter_batch_dialog, CBZ, LETTER_BATCH_DIALOG, AdwWindow)

/* Letters for everyone at a level today (or for @selected_debtor_id when
 * > 0), written off the main thread with progress and cancel. */
CbzLetterBatchDialog *cbz_letter_batch_dialog_new            (GtkWindow      *parent,
                                                              const char     *database_path,
                                                              gint64          selected_debtor_id);

/* Installs "win.batch-letters" (Ctrl+Shift+L) on the main window's class. */
void                  cbz_letter_batch_dialog_install_action (GtkWidgetClass *window_class);

G_END_DECLS
