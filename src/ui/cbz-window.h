/* cbz-window.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-application.h"
#include "cbz-store.h"

G_BEGIN_DECLS

#define CBZ_TYPE_WINDOW (cbz_window_get_type ())

G_DECLARE_FINAL_TYPE (CbzWindow, cbz_window, CBZ, WINDOW, AdwApplicationWindow)

/* Opens the portfolio at @database_path (on a worker thread first, so
 * checking and migrating a big file never freezes the window). */
CbzWindow   *cbz_window_new               (CbzApplication *application,
                                           const char     *database_path);
/* The open portfolio, or NULL while it is being opened or when it failed. */
CbzStore    *cbz_window_get_store         (CbzWindow      *self);
const char  *cbz_window_get_database_path (CbzWindow      *self);
/* Starts the import flow: asks for a file when @file is NULL. */
void         cbz_window_import            (CbzWindow      *self,
                                           GFile          *file);
void         cbz_window_add_toast         (CbzWindow      *self,
                                           AdwToast       *toast);
/* Shows the customer's detail page (and selects them in the list). */
void         cbz_window_show_debtor       (CbzWindow      *self,
                                           gint64          debtor_id);

G_END_DECLS
