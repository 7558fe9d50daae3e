/* cbz-letter-preferences-page.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"

G_BEGIN_DECLS

#define CBZ_TYPE_LETTER_PREFERENCES_PAGE (cbz_letter_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (CbzLetterPreferencesPage, cbz_letter_preferences_page, CBZ, LETTER_PREFERENCES_PAGE,
                      AdwPreferencesPage)

/* The company profile letters are written with. Without a store set, the
 * page uses the portfolio of the main window its preferences window
 * belongs to, once shown. */
GtkWidget *cbz_letter_preferences_page_new       (void);
void       cbz_letter_preferences_page_set_store (CbzLetterPreferencesPage *self,
                                                  CbzStore                 *store);

G_END_DECLS
