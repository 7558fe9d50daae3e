/* cbz-import-dialog.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"

G_BEGIN_DECLS

#define CBZ_TYPE_IMPORT_DIALOG (cbz_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CbzImportDialog, cbz_import_dialog, CBZ, IMPORT_DIALOG, AdwWindow)

CbzImportDialog *cbz_import_dialog_new          (GtkWindow       *parent,
                                                 CbzStore        *store);
/* Asks for a file (a portal-friendly native chooser), then opens it. */
void             cbz_import_dialog_choose_file  (CbzImportDialog *self);
/* Reads @file on a worker thread and shows the preview. */
void             cbz_import_dialog_open_file    (CbzImportDialog *self,
                                                 GFile           *file);
/* "choose", "busy", "preview", "done" or "error". */
const char      *cbz_import_dialog_get_state    (CbzImportDialog *self);

G_END_DECLS
