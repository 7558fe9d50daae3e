/* cbz-search-builder-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "cbz-csv-import.h"
#include "cbz-store-private.h"

G_BEGIN_DECLS

/*
 * The customer search index (debtor_search) of a first big import, built on
 * a second thread while the import writes the invoices: in a private
 * in-memory database with the same fts5 table, from the customers the
 * import created and the invoice numbers of the file. The writer then copies
 * its tables into the portfolio's, inside the import's transaction.
 */
CbzSearchBuilder *_cbz_search_builder_new        (const char       *table_sql);
/* Before _start(), in increasing @id order: a customer as stored. */
void              _cbz_search_builder_add_debtor (CbzSearchBuilder *self,
                                                  gint64            id,
                                                  const char       *name,
                                                  const char       *tax_id);
/* Before _start(): a customer added before has another tax ID now. */
void              _cbz_search_builder_set_tax_id (CbzSearchBuilder *self,
                                                  gint64            id,
                                                  const char       *tax_id);
/* Starts the thread. The invoices of the k-th customer added are
 * @invoices[@group_start[k]] to @invoices[@group_start[k + 1] - 1]
 * (@n_groups customers); both must stay unchanged until _finish() or
 * _free(). */
void              _cbz_search_builder_start      (CbzSearchBuilder       *self,
                                                  const CbzImportInvoice *invoices,
                                                  const guint32          *group_start,
                                                  guint                   n_groups);
/* Waits for the thread and replaces the contents of @store's debtor_search
 * with what it built. Run inside a transaction, on a portfolio whose
 * debtors are exactly the ones added. Afterwards the connection's own fts5
 * table may hold a stale picture of its index: once the transaction has
 * ended, call _cbz_store_reload_search(). */
gboolean          _cbz_search_builder_finish     (CbzSearchBuilder *self,
                                                  CbzStore         *store,
                                                  GError          **error);
/* Stops the thread if it still runs. */
void              _cbz_search_builder_free       (CbzSearchBuilder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzSearchBuilder, _cbz_search_builder_free)

G_END_DECLS
