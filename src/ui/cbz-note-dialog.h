/* cbz-note-dialog.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The form for adding a note to a customer's timeline (several lines; Ctrl+
 * Enter adds it). Written on the store's worker connections
 * (cbz_store_add_note_async); ::added (gint64 event_id) is emitted before
 * the form closes.
 */
#define CBZ_TYPE_NOTE_DIALOG (cbz_note_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CbzNoteDialog, cbz_note_dialog, CBZ, NOTE_DIALOG, AdwWindow)

CbzNoteDialog *cbz_note_dialog_new          (GtkWindow       *parent,
                                             CbzStore        *store,
                                             gint64           debtor_id);
void           cbz_note_dialog_set_customer (CbzNoteDialog   *self,
                                             const CbzDebtor *debtor);
void           cbz_note_dialog_set_text     (CbzNoteDialog   *self,
                                             const char      *text);

G_END_DECLS
