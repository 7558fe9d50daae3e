/* import-test-util.h: what the import tests share
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "cbz-csv-import.h"
#include "cbz-import-writer.h"
#include "cbz-store-private.h"
#include "cbz-test-util.h"

G_BEGIN_DECLS

#define NBSP "\u00a0"

/* tests/fixtures/@name, loaded and checked (default country MX, or @country). */
CbzCsvImport     *load_fixture           (const char      *name,
                                          const char      *country);
/* @text written to a temporary file @name, loaded and checked. */
CbzCsvImport     *load_text              (const char      *name,
                                          const char      *text);
CbzStore         *open_store             (const char      *path);
CbzImportSummary *import_into            (CbzStore        *store,
                                          const char      *fixture,
                                          CbzImportMode    mode);
/* The rows @sql returns, one line each, columns ending in "|". */
void              dump_query             (CbzStore        *store,
                                          const char      *sql,
                                          GString         *out);
/* Every row of every portfolio table, in a stable order. */
char             *dump_database          (CbzStore        *store);
gint64            query_int              (CbzStore        *store,
                                          const char      *sql);
char             *query_text             (CbzStore        *store,
                                          const char      *sql);
char             *file_checksum          (const char      *path);
gboolean          has_problem            (CbzCsvImport    *import,
                                          CbzImportError   code,
                                          const char      *message);
/* A failed import leaves the portfolio exactly as it was. */
void              assert_import_refused  (const char      *fixture,
                                          CbzImportError   code,
                                          const char      *message);

G_END_DECLS
