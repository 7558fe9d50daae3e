/* cbz-paths.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cbz_paths_get_data_dir         (void);
char *cbz_paths_get_default_database (void);
char *cbz_paths_get_documents_dir    (void);

G_END_DECLS
