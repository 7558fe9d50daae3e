/* cbz-import-writer.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-csv-import.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * Writes a loaded and validated CbzCsvImport into the portfolio, in ONE
 * transaction:
 *
 *  - customers are matched by tax ID, else by normalised name (a customer
 *    without a tax ID who now has one gets it); new ones are created, and
 *    known ones get the contact data the file has (empty cells never erase);
 *  - invoices are matched by customer and number: new ones are inserted,
 *    changed ones updated (amount, balance, dates, status), the rest counted
 *    as unchanged; an invoice of these customers the file does not list is
 *    left as it was, only counted in invoices_not_in_file;
 *  - every customer the import changed gets one 'import' event on its
 *    timeline (file name and counts), and its summary is refreshed.
 *
 * CBZ_IMPORT_MODE_ALL_OR_NOTHING refuses (CBZ_IMPORT_ERROR_HAS_PROBLEMS,
 * nothing written) when any row has a problem; VALID_ROWS_ONLY writes the
 * good rows and lists the others in the summary. A missing required column
 * is refused in both modes. Any failure rolls everything back. Warnings
 * refuse nothing: a tax ID that does not check out is stored as written
 * and marked unverified (debtors.tax_id_problem), and never matches a
 * customer by itself.
 */

typedef struct
{
  gboolean   dry_run;               /* everything was checked and rolled back */
  guint      customers_created;
  guint      customers_updated;     /* known customers whose data or tags changed */
  guint      customers_unchanged;
  guint      invoices_created;
  guint      invoices_updated;
  guint      invoices_unchanged;
  guint      invoices_not_in_file;  /* of these customers, kept as they were */
  guint      rows_imported;
  guint      rows_skipped;          /* rows with problems (valid-rows-only) */
  guint      rows_blank;
  guint      n_warnings;            /* problems the rows were imported with */
  guint      tax_ids_unverified;    /* customers given a tax ID that did not check out */
  GPtrArray *skipped;               /* (element-type CbzImportProblem): why rows were skipped */
  GPtrArray *warnings;              /* (element-type CbzImportProblem): the first warnings */
} CbzImportSummary;

#define CBZ_TYPE_IMPORT_SUMMARY (cbz_import_summary_get_type ())

GType             cbz_import_summary_get_type     (void) G_GNUC_CONST;
CbzImportSummary *cbz_import_summary_copy         (const CbzImportSummary *summary);
void              cbz_import_summary_free         (CbzImportSummary       *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzImportSummary, cbz_import_summary_free)

/*
 * Blocking, on @store's thread (CLI, tests, or a worker with its own store).
 * With @dry_run, does all the work inside the transaction, then rolls it
 * back: the summary says what an import would do.
 */
CbzImportSummary *cbz_import_writer_run           (CbzStore             *store,
                                                   CbzCsvImport         *import,
                                                   CbzImportMode         mode,
                                                   gboolean              dry_run,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

/*
 * For the UI: runs the import on one of @store's worker connections
 * (cbz_store_run_async()), which @store emits ::changed for before the
 * callback. @import must be loaded and validated, and must not be touched
 * until the callback. Cancelling writes nothing.
 */
void              cbz_import_writer_commit_async  (CbzStore             *store,
                                                   CbzCsvImport         *import,
                                                   CbzImportMode         mode,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
CbzImportSummary *cbz_import_writer_commit_finish (CbzStore             *store,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
