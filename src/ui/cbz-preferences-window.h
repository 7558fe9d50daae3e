/* cbz-preferences-window.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CBZ_TYPE_PREFERENCES_WINDOW (cbz_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CbzPreferencesWindow, cbz_preferences_window, CBZ, PREFERENCES_WINDOW, AdwPreferencesWindow)

CbzPreferencesWindow *cbz_preferences_window_new (GtkWindow *parent);

G_END_DECLS
