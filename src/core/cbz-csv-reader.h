/* cbz-csv-reader.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The bytes-to-cells half of the importer: encoding detection and
 * conversion, delimiter detection and an RFC 4180 parser (quoted fields with
 * delimiters, line breaks and doubled quotes inside). The whole file is held
 * as one buffer and every cell is a NUL-terminated string inside it, trimmed
 * of surrounding spaces: a million rows cost no allocation per cell.
 *
 * Rows are records, not lines: a quoted cell with a line break is still one
 * row, as in a spreadsheet. Row 0 is the header.
 */
typedef struct _CbzCsvTable CbzCsvTable;

typedef void (*CbzCsvProgressFunc) (double   fraction,
                                    gpointer user_data);

/* Encodings: NULL to detect (UTF-8, UTF-8 with BOM, UTF-16 with BOM, else
 * Windows-1252), or an iconv name. Delimiter: 0 to detect among , ; tab |.
 * Takes ownership of @contents (g_malloc'ed, @length bytes). */
CbzCsvTable *cbz_csv_table_new_from_data     (char               *contents,
                                              gsize               length,
                                              const char         *encoding,
                                              char                delimiter,
                                              GCancellable       *cancellable,
                                              CbzCsvProgressFunc  progress,
                                              gpointer            progress_data,
                                              GError            **error);
CbzCsvTable *cbz_csv_table_new_from_file     (GFile              *file,
                                              const char         *encoding,
                                              char                delimiter,
                                              GCancellable       *cancellable,
                                              CbzCsvProgressFunc  progress,
                                              gpointer            progress_data,
                                              GError            **error);
void         cbz_csv_table_free              (CbzCsvTable        *table);

/* "UTF-8", "WINDOWS-1252", "UTF-16LE", or the name given. */
const char  *cbz_csv_table_get_encoding      (CbzCsvTable        *table);
gboolean     cbz_csv_table_get_had_bom       (CbzCsvTable        *table);
char         cbz_csv_table_get_delimiter     (CbzCsvTable        *table);
/* Rows including the header. */
guint        cbz_csv_table_get_n_rows        (CbzCsvTable        *table);
guint        cbz_csv_table_get_n_fields      (CbzCsvTable        *table,
                                              guint               row);
/* "" beyond the row's last field. */
const char  *cbz_csv_table_get_cell          (CbzCsvTable        *table,
                                              guint               row,
                                              guint               field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCsvTable, cbz_csv_table_free)

G_END_DECLS
