/* cbz-test-util.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Call first in every test's main() instead of g_test_init(): points HOME and
 * the XDG folders at a fresh temporary tree (removed at exit), then calls
 * g_test_init() and cbz_core_init(). No test touches real user data.
 */
void        cbz_test_init          (int    *argc,
                                    char ***argv,
                                    ...) G_GNUC_NULL_TERMINATED;

/* The temporary folder made by cbz_test_init(). */
const char *cbz_test_get_tmp_dir   (void);

/* A fresh, unique path inside the temporary folder (the file does not exist). */
char       *cbz_test_build_tmp_path (const char *basename);

/* Path of a file in tests/fixtures/. */
char       *cbz_test_get_fixture    (const char *name);

/* Runs the default main context until @condition is TRUE or @timeout_ms passes;
 * returns the condition's final value. */
gboolean    cbz_test_spin_until     (gboolean (*condition) (gpointer data),
                                     gpointer  data,
                                     guint     timeout_ms);

G_END_DECLS
