/* cbz-letter-window.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-debtor-detail.h"
#include "cbz-store.h"

G_BEGIN_DECLS

#define CBZ_TYPE_LETTER_WINDOW (cbz_letter_window_get_type ())

G_DECLARE_FINAL_TYPE (CbzLetterWindow, cbz_letter_window, CBZ, LETTER_WINDOW, AdwWindow)

/* A collection letter for one customer: level, language, the template text
 * with instant preview, Save PDF and Print. */
CbzLetterWindow *cbz_letter_window_new            (GtkWindow       *parent,
                                                   CbzStore        *store,
                                                   gint64           debtor_id);
/* The page's current PDF (NULL until the first preview is ready). */
GBytes          *cbz_letter_window_get_pdf        (CbzLetterWindow *self);
guint            cbz_letter_window_get_n_pages    (CbzLetterWindow *self);
/* Writes the letter to @file and adds it to the customer's timeline, as
 * Save does once its file chooser answers (for scripts and tests). */
void             cbz_letter_window_save_to        (CbzLetterWindow *self,
                                                   GFile           *file);

/* Adds a “Write Letter” button to a customer's detail page, and opens the
 * PDF kept with a letter when it is activated on the timeline. */
void             cbz_letter_window_add_to_detail  (CbzDebtorDetail *detail);

G_END_DECLS
