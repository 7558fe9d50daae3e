/* cbz-csv-import.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-date.h"
#include "cbz-import.h"

G_BEGIN_DECLS

/*
 * CbzCsvImport: one CSV file on its way in. How the import dialog drives it:
 *
 *   1. import = cbz_csv_import_new (file);
 *      optionally cbz_csv_import_set_encoding/_set_delimiter (NULL / 0 detect),
 *      _set_default_country ("MX"), _set_default_currency ("MXN").
 *   2. cbz_csv_import_load_async (): on a worker thread reads and decodes the
 *      file, finds the delimiter, splits it into cells, recognises the headers
 *      (the column mapping) and validates every row. Watch :progress (0..1,
 *      notified on the thread-default main context of the caller) for a
 *      progress bar; cancel with the GCancellable.
 *   3. Show what was found: _get_encoding, _get_delimiter, _get_n_columns,
 *      _get_header, _get_column_field (the detected mapping), a preview from
 *      _get_n_rows/_get_cell, and the problems (_get_problems: row, column,
 *      value and a sentence in the user's language).
 *   4. The person changes a column's meaning: _set_column_field (), then
 *      cbz_csv_import_validate_async () again. Changing the encoding or the
 *      delimiter needs _load_async () again.
 *   5. Write it: cbz_import_writer_commit_async () in src/store/cbz-import-writer.h
 *      (all or nothing by default, or valid rows only), with a summary at the end.
 *
 * Threads: between an _async call and its callback the object belongs to the
 * worker; call nothing on it but the :progress getter. Everything else is
 * for the thread that created it.
 */

#define CBZ_TYPE_CSV_IMPORT (cbz_csv_import_get_type ())
G_DECLARE_FINAL_TYPE (CbzCsvImport, cbz_csv_import, CBZ, CSV_IMPORT, GObject)

/* Problems beyond this many are counted (cbz_csv_import_get_n_problems) but
 * not kept: a file where every row is wrong needs one fix, not a million lines. */
#define CBZ_CSV_IMPORT_MAX_PROBLEMS 10000

CbzCsvImport     *cbz_csv_import_new                  (GFile          *file);
GFile            *cbz_csv_import_get_file             (CbzCsvImport   *self);
/* The file's base name, as shown to people and recorded in import events. */
const char       *cbz_csv_import_get_display_name     (CbzCsvImport   *self);

/* Options (before loading). NULL/0: detect. */
void              cbz_csv_import_set_encoding         (CbzCsvImport   *self,
                                                       const char     *encoding);
void              cbz_csv_import_set_delimiter        (CbzCsvImport   *self,
                                                       char            delimiter);
/* Reads national phone numbers and settles tax ID shapes; default from the
 * locale's country, else "MX". */
void              cbz_csv_import_set_default_country  (CbzCsvImport   *self,
                                                       const char     *country);
const char       *cbz_csv_import_get_default_country  (CbzCsvImport   *self);
/* For rows without a currency column or value; default: the country's currency. */
void              cbz_csv_import_set_default_currency (CbzCsvImport   *self,
                                                       const char     *currency);
const char       *cbz_csv_import_get_default_currency (CbzCsvImport   *self);

void              cbz_csv_import_load_async           (CbzCsvImport        *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          cbz_csv_import_load_finish          (CbzCsvImport        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* The same, blocking (CLI, tests, worker threads). */
gboolean          cbz_csv_import_load                 (CbzCsvImport        *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gboolean          cbz_csv_import_is_loaded            (CbzCsvImport        *self);
/* 0..1 while loading or validating. */
double            cbz_csv_import_get_progress         (CbzCsvImport        *self);

/* What was found. */
const char       *cbz_csv_import_get_encoding         (CbzCsvImport   *self);
gboolean          cbz_csv_import_get_had_bom          (CbzCsvImport   *self);
char              cbz_csv_import_get_delimiter        (CbzCsvImport   *self);
/* Day-first or month-first, decided from the dates in the file. */
CbzDateOrder      cbz_csv_import_get_date_order       (CbzCsvImport   *self);
void              cbz_csv_import_set_date_order       (CbzCsvImport   *self,
                                                       CbzDateOrder    order);
guint             cbz_csv_import_get_n_columns        (CbzCsvImport   *self);
const char       *cbz_csv_import_get_header           (CbzCsvImport   *self,
                                                       guint           column);
/* Data rows (the header not counted). Row @index is spreadsheet row @index + 2. */
guint             cbz_csv_import_get_n_rows           (CbzCsvImport   *self);
const char       *cbz_csv_import_get_cell             (CbzCsvImport   *self,
                                                       guint           index,
                                                       guint           column);

/* The column mapping. Setting one field on a column takes it off any other
 * column. Validation results are stale until the next validate. */
CbzImportField    cbz_csv_import_get_column_field     (CbzCsvImport   *self,
                                                       guint           column);
void              cbz_csv_import_set_column_field     (CbzCsvImport   *self,
                                                       guint           column,
                                                       CbzImportField  field);
/* The column holding @field, or -1. */
int               cbz_csv_import_find_field           (CbzCsvImport   *self,
                                                       CbzImportField  field);

void              cbz_csv_import_validate_async       (CbzCsvImport        *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          cbz_csv_import_validate_finish      (CbzCsvImport        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
gboolean          cbz_csv_import_validate             (CbzCsvImport        *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gboolean          cbz_csv_import_is_validated         (CbzCsvImport        *self);

/* Validation results. (element-type CbzImportProblem) (transfer none), in
 * row order; file-level problems (a missing column) come first with row 0.
 * Warnings (problem->warning) are among them; they do not make a row
 * invalid. A customer's (its tax ID, phones, email, language or country)
 * are told once, at its first row. */
GPtrArray        *cbz_csv_import_get_problems         (CbzCsvImport   *self);
/* All problems, warnings included, and those beyond CBZ_CSV_IMPORT_MAX_PROBLEMS. */
guint             cbz_csv_import_get_n_problems       (CbzCsvImport   *self);
/* How many of them are warnings. */
guint             cbz_csv_import_get_n_warnings       (CbzCsvImport   *self);
/* A missing required column: no row can be imported. */
gboolean          cbz_csv_import_has_file_problems    (CbzCsvImport   *self);
guint             cbz_csv_import_get_n_valid_rows     (CbzCsvImport   *self);
guint             cbz_csv_import_get_n_invalid_rows   (CbzCsvImport   *self);
/* Rows with nothing in them: skipped silently. */
guint             cbz_csv_import_get_n_blank_rows     (CbzCsvImport   *self);
gboolean          cbz_csv_import_row_is_valid         (CbzCsvImport   *self,
                                                       guint           index);

/* Which half of a record to fill: the customer's fields (name, tax ID,
 * contact data, tags, and the currency column) or the invoice's (number,
 * dates, currency, amounts, status, description). A writer that handles
 * customers and invoices in separate passes converts each cell once. */
typedef enum
{
  CBZ_IMPORT_RECORD_CUSTOMER = 1 << 0,
  CBZ_IMPORT_RECORD_INVOICE  = 1 << 1,
  CBZ_IMPORT_RECORD_ALL      = CBZ_IMPORT_RECORD_CUSTOMER | CBZ_IMPORT_RECORD_INVOICE,
} CbzImportRecordParts;

/* The invoice half of a valid row, typed and normalised: the fields
 * cbz_csv_import_get_record_parts (CBZ_IMPORT_RECORD_INVOICE) fills, as
 * the checking kept them. Strings point into the import's buffer. */
typedef struct
{
  const char       *number;
  const char       *description;  /* NULL when empty */
  gint64            amount;       /* minor units */
  gint64            balance;
  CbzDate           issue_date;   /* may be unset */
  CbzDate           due_date;
  char              currency[4];
  CbzInvoiceStatus  status;
} CbzImportInvoice;

/* The invoice halves of valid rows @rows[0] to @rows[@n_rows - 1], copied
 * into @invoices in that order. For a writer that takes a million rows in
 * customer order: one pass that fetches ahead, instead of a wait for
 * memory at every row. */
void              cbz_csv_import_get_invoices         (CbzCsvImport           *self,
                                                       const guint32          *rows,
                                                       guint                   n_rows,
                                                       CbzImportInvoice       *invoices);

/* Fills @record (initialised with cbz_import_record_init) with data row
 * @index typed and normalised. FALSE for a blank or invalid row. Safe to call
 * from the worker thread that owns the import during a commit. */
gboolean          cbz_csv_import_get_record           (CbzCsvImport    *self,
                                                       guint            index,
                                                       CbzImportRecord *record);
/* The first valid row with exactly the customer cells of valid row @index
 * (@index itself when it is the first): the rows whose customer a writer
 * has to look at. */
guint             cbz_csv_import_get_customer_row     (CbzCsvImport    *self,
                                                       guint            index);
/* The same for part of the record; the other fields are left as they were. */
gboolean          cbz_csv_import_get_record_parts     (CbzCsvImport         *self,
                                                       guint                 index,
                                                       CbzImportRecordParts  parts,
                                                       CbzImportRecord      *record);

G_END_DECLS
