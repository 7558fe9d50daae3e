/* cbz-test-gtk.h: helpers for the tests that open windows
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the default main context for @ms milliseconds (layout, drawing,
 * idle callbacks), whatever happens meanwhile. */
void cbz_test_spin                (guint       ms);

/* Writes what @widget shows now as a PNG at @path (for docs screenshots). */
void cbz_test_save_screenshot     (GtkWidget  *widget,
                                   const char *path);

G_END_DECLS
