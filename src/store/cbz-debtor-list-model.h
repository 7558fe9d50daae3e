/* cbz-debtor-list-model.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-debtor-row.h"
#include "cbz-store.h"

G_BEGIN_DECLS

typedef enum
{
  CBZ_DEBTOR_SORT_NAME,
  CBZ_DEBTOR_SORT_TAX_ID,
  CBZ_DEBTOR_SORT_OVERDUE_BALANCE,
  CBZ_DEBTOR_SORT_OPEN_BALANCE,
  CBZ_DEBTOR_SORT_DAYS_OVERDUE,
  CBZ_DEBTOR_SORT_OPEN_COUNT,
  CBZ_DEBTOR_SORT_LAST_CONTACT,
  CBZ_DEBTOR_SORT_NEXT_ACTION,
} CbzDebtorSort;

#define CBZ_TYPE_DEBTOR_SORT (cbz_debtor_sort_get_type ())
GType cbz_debtor_sort_get_type (void) G_GNUC_CONST;

/* Which debtors by age of debt: everyone, everyone with something overdue,
 * or one aging bucket. */
typedef enum
{
  CBZ_AGING_FILTER_ALL,
  CBZ_AGING_FILTER_OVERDUE,
  CBZ_AGING_FILTER_NOT_DUE,
  CBZ_AGING_FILTER_1_30,
  CBZ_AGING_FILTER_31_60,
  CBZ_AGING_FILTER_61_90,
  CBZ_AGING_FILTER_91_120,
  CBZ_AGING_FILTER_OVER_120,
} CbzAgingFilter;

#define CBZ_TYPE_AGING_FILTER (cbz_aging_filter_get_type ())
GType cbz_aging_filter_get_type (void) G_GNUC_CONST;

CbzAgingFilter cbz_aging_filter_for_bucket (CbzAgingBucket bucket);

/*
 * CbzDebtorListModel: a GListModel of CbzDebtorRow over the debtors and
 * their summaries, filtered and sorted in sqlite. It keeps only the ordered
 * ids of the matching debtors; rows are read a page at a time when asked for
 * and a bounded number of pages is cached. Any property change reloads it,
 * and so does the store's ::changed; a reload emits the smallest
 * items-changed that turns the old list into the new one.
 *
 * Reloads run synchronously on the thread that owns @store (they are built
 * to take a few milliseconds on a 100,000-debtor portfolio: see
 * benchmarks/list).
 */
#define CBZ_TYPE_DEBTOR_LIST_MODEL (cbz_debtor_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CbzDebtorListModel, cbz_debtor_list_model, CBZ, DEBTOR_LIST_MODEL, GObject)

CbzDebtorListModel *cbz_debtor_list_model_new               (CbzStore            *store);
CbzStore           *cbz_debtor_list_model_get_store         (CbzDebtorListModel  *self);

/* Words to find in the name, the tax ID or an invoice number; case and
 * accents do not matter. NULL or "" = no search. */
const char         *cbz_debtor_list_model_get_search_text   (CbzDebtorListModel  *self);
void                cbz_debtor_list_model_set_search_text   (CbzDebtorListModel  *self,
                                                             const char          *text);
CbzAgingFilter      cbz_debtor_list_model_get_aging_filter  (CbzDebtorListModel  *self);
void                cbz_debtor_list_model_set_aging_filter  (CbzDebtorListModel  *self,
                                                             CbzAgingFilter       filter);
/* Only debtors with this tag; NULL = any. */
const char         *cbz_debtor_list_model_get_tag           (CbzDebtorListModel  *self);
void                cbz_debtor_list_model_set_tag           (CbzDebtorListModel  *self,
                                                             const char          *tag);
CbzDebtorSort       cbz_debtor_list_model_get_sort_key      (CbzDebtorListModel  *self);
void                cbz_debtor_list_model_set_sort_key      (CbzDebtorListModel  *self,
                                                             CbzDebtorSort        key);
gboolean            cbz_debtor_list_model_get_descending    (CbzDebtorListModel  *self);
void                cbz_debtor_list_model_set_descending    (CbzDebtorListModel  *self,
                                                             gboolean             descending);

/* Re-reads the list from the store now. Returns FALSE and sets @error when
 * the query fails (the model then keeps its previous content). */
gboolean            cbz_debtor_list_model_reload            (CbzDebtorListModel  *self,
                                                             GError             **error);
/* The id at @position, without reading the row (0 when out of range). */
gint64              cbz_debtor_list_model_get_id            (CbzDebtorListModel  *self,
                                                             guint                position);
/* Position of debtor @id, or -1 when it is not in the list. */
int                 cbz_debtor_list_model_find_id           (CbzDebtorListModel  *self,
                                                             gint64               id);
/* How many pages of rows are in memory now (for tests and benchmarks). */
guint               cbz_debtor_list_model_get_n_cached_pages (CbzDebtorListModel *self);

G_END_DECLS
