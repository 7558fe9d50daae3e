/* cbz-csv-writer.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * CbzCsvWriter: every CSV the program writes goes through it. RFC 4180
 * (comma, double quotes, CRLF, UTF-8), and safe to open in a spreadsheet:
 * a text cell that starts with =, +, -, @, a tab or a carriage return, which
 * Excel, LibreOffice Calc and Google Sheets would run as a formula (OWASP,
 * "CSV Injection"), is written with an apostrophe before it and quoted, so
 * the spreadsheet shows it as text. Numbers go in number cells, written as
 * they are: -12.50 stays a negative number.
 *
 * Rows are built in memory and written to the stream in large blocks.
 */
typedef struct _CbzCsvWriter CbzCsvWriter;

/* @out: (transfer none): where the rows go; closed by the caller. */
CbzCsvWriter *cbz_csv_writer_new            (GOutputStream  *out);
void          cbz_csv_writer_free           (CbzCsvWriter   *self);

/* A cell of text (NULL: an empty cell), neutralised when a spreadsheet
 * would read it as a formula. */
void          cbz_csv_writer_add_text       (CbzCsvWriter   *self,
                                             const char     *text);
/* A whole number. */
void          cbz_csv_writer_add_integer    (CbzCsvWriter   *self,
                                             gint64          value);
/* An amount in minor units of @currency, as a plain decimal number with
 * the currency's digits and a point ("-12.50", "15000" for CLP). */
void          cbz_csv_writer_add_amount     (CbzCsvWriter   *self,
                                             gint64          minor,
                                             const char     *currency);
/* Ends the row (CRLF); writes the buffer out when it is full. */
gboolean      cbz_csv_writer_end_row        (CbzCsvWriter   *self,
                                             GCancellable   *cancellable,
                                             GError        **error);
/* Writes out what is left (the stream is not closed). */
gboolean      cbz_csv_writer_flush          (CbzCsvWriter   *self,
                                             GCancellable   *cancellable,
                                             GError        **error);

/* Appends one text cell to @out as cbz_csv_writer_add_text() writes it
 * (no separator). */
void          cbz_csv_append_text_cell      (GString        *out,
                                             const char     *text);
/* TRUE when a spreadsheet would read @text as a formula. */
gboolean      cbz_csv_text_is_formula       (const char     *text);
/* The text of a cell as it was before cbz_csv_append_text_cell()
 * neutralised it: without the apostrophe it put before a formula
 * character (a pointer into @cell). For readers of CSV files: a cell
 * typed as '=x in a spreadsheet is saved as =x, so an apostrophe followed
 * by one of those characters is always the writer's. */
const char   *cbz_csv_cell_unguard          (const char     *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCsvWriter, cbz_csv_writer_free)

G_END_DECLS
