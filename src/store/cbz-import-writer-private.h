/* cbz-import-writer-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "cbz-import-writer.h"
#include "cbz-search-builder-private.h"
#include "cbz-store-private.h"

G_BEGIN_DECLS

/*
 * What the files of the import writer share:
 *   cbz-import-writer.c            the transaction, the order of the passes, events, indexes;
 *   cbz-import-writer-customers.c  pass 1, every row's customer found or created;
 *   cbz-import-writer-invoices.c   pass 2, the invoices, and the summaries they add up to;
 *   cbz-import-writer-rows.c       new customers' invoices, read by sqlite as a table.
 */

/* What happened to one customer in this import. */
typedef struct
{
  gint64   id;
  guint    slot;             /* its place in CbzImportWriter.stats_order */
  gboolean created;
  gboolean fields_changed;
  gboolean tax_id_unverified;  /* this import gave it a tax ID that did not check out */
  guint    existing_invoices;
  guint    invoices_created;
  guint    invoices_updated;
  guint    invoices_unchanged;
  /* Its summary, counted as its invoices are written (CbzImportWriter.count_summaries). */
  char     currency[4];
  gboolean other_currencies;
  gint64   open_count;
  gint64   open_balance;
  gint64   overdue_balance;
  CbzDate  oldest_due_date;
  gboolean disputed;
} CbzImportDebtor;

typedef struct
{
  CbzStore      *store;
  sqlite3       *db;
  gint64         now;
  gint64         started;      /* monotonic, for the debug timings */
  GHashTable    *by_tax_id;     /* normalised tax ID -> id */
  GHashTable    *by_name_key;   /* name key -> id (the oldest such customer) */
  GHashTable    *has_tax_id;    /* set of ids */
  GHashTable    *stats;         /* id -> CbzImportDebtor */
  GPtrArray     *stats_order;   /* CbzImportDebtor in the order first met */
  gboolean       had_debtors;
  /* Into a portfolio with no debtors, every invoice written is counted into
   * its debtor's summary as it goes (see count_invoice); anything but a
   * plain insert turns this off and the summaries are computed in SQL. */
  gboolean       count_summaries;
  CbzDate        today;
  /* Prepared once (the store caches them for its lifetime): thousands of
   * rows share them, and each use rebinds every parameter. */
  sqlite3_stmt  *insert_debtor;
  sqlite3_stmt  *insert_tag;
  sqlite3_stmt  *insert_event;
  sqlite3_stmt  *insert_invoice;
  sqlite3_stmt  *select_invoice;
  /* A first big import's search index, built on a second thread. */
  CbzSearchBuilder *search;
  gboolean       search_copied;   /* into the portfolio's debtor_search */
  CbzImportDebtor **row_stats;    /* each row's, NULL when not written */
  /* The written rows grouped by customer, in stats_order's order and in
   * file order within (a customer's (debtor, ...) index entries grow at
   * their end that way); customer slot k's are order[group_start[k]] to
   * order[group_start[k + 1] - 1]. */
  guint32       *order;
  guint32       *group_start;
  /* Per position in order: the row's invoice (numbers and descriptions
   * copied into texts, together) and its customer. */
  CbzImportInvoice *invoices;
  CbzImportDebtor **position_stats;
  GStringChunk  *texts;
  /* Foreign keys are not checked while a first import writes: see
   * write_rows(). The connection's setting to put back. */
  gboolean       foreign_keys_off;
  int            foreign_keys;
} CbzImportWriter;

/* From this many rows on an import is written with a rollback journal when
 * it can be (see _cbz_store_begin_bulk_write). */
#define BULK_ROWS 10000

/* cbz-import-writer.c */
void          _cbz_import_writer_bind_static          (sqlite3_stmt           *stmt,
                                                       int                     index,
                                                       const char             *text);
const char   *_cbz_import_writer_empty_to_null        (const char             *text);
gboolean      _cbz_import_writer_step_done            (CbzImportWriter        *w,
                                                       sqlite3_stmt           *stmt,
                                                       const char             *sql,
                                                       GError                **error);
gboolean      _cbz_import_writer_query_int64          (CbzImportWriter        *w,
                                                       const char             *sql,
                                                       gint64                 *value,
                                                       GError                **error);
GPtrArray    *_cbz_import_writer_drop_secondary_indexes (CbzImportWriter      *w,
                                                       const char             *table,
                                                       const char             *keep_led_by,
                                                       GError                **error);
gboolean      _cbz_import_writer_create_indexes       (CbzImportWriter        *w,
                                                       GPtrArray              *definitions,
                                                       GError                **error);

/* cbz-import-writer-customers.c */
gboolean      _cbz_import_writer_prepare_customers    (CbzImportWriter        *w,
                                                       GError                **error);
gboolean      _cbz_import_writer_load_debtors         (CbzImportWriter        *w,
                                                       GError                **error);
gboolean      _cbz_import_writer_write_customers      (CbzImportWriter        *w,
                                                       CbzCsvImport           *import,
                                                       GCancellable           *cancellable,
                                                       GError                **error);

/* cbz-import-writer-invoices.c */
gboolean      _cbz_import_writer_prepare_invoices     (CbzImportWriter        *w,
                                                       GError                **error);
/* Fills order, group_start, invoices, position_stats and texts from
 * row_stats. */
void          _cbz_import_writer_group_rows           (CbzImportWriter        *w,
                                                       CbzCsvImport           *import);
gboolean      _cbz_import_writer_write_invoices       (CbzImportWriter        *w,
                                                       CbzCsvImport           *import,
                                                       CbzImportSummary       *summary,
                                                       GCancellable           *cancellable,
                                                       GError                **error);
gboolean      _cbz_import_writer_write_counted_summaries (CbzImportWriter     *w,
                                                       GError                **error);

/* cbz-import-writer-rows.c */
gboolean      _cbz_import_writer_insert_new_invoices  (CbzImportWriter        *w,
                                                       const CbzImportInvoice *invoices,
                                                       CbzImportDebtor *const *stats,
                                                       guint                   n_rows,
                                                       GCancellable           *cancellable,
                                                       guint                  *n_inserted,
                                                       GError                **error);

G_END_DECLS
