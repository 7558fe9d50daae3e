/* cbz-debtor-list-model-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-debtor-list-model.h"

G_BEGIN_DECLS

/* What the customer list shows (cbz-debtor-list-query.c). */
typedef struct
{
  const char          *search_text;   /* NULL: no search */
  CbzAgingFilter       aging_filter;
  const char          *tag;           /* NULL: any */
  CbzDebtorSort        sort_key;
  gboolean             descending;
  /* Sorting by an amount groups by currency, in this order (the most
   * common first); NULL: by code. */
  const char * const  *currencies;
} CbzDebtorListQuery;

/* The ordered ids of the debtors @query matches. */
GArray     *_cbz_debtor_list_query_ids            (CbzStore                  *store,
                                                   const CbzDebtorListQuery  *query,
                                                   guint                      size_hint,
                                                   GError                   **error);
/* The currencies the debtors' figures are in, by code. */
GPtrArray  *_cbz_debtor_list_query_currencies     (CbzStore                  *store,
                                                   GError                   **error);
/* The same, the most common first. */
GStrv       _cbz_debtor_list_query_currency_order (CbzStore                  *store,
                                                   GError                   **error);

G_END_DECLS
