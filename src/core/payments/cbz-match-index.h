/* cbz-match-index.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-date.h"
#include "cbz-money.h"

G_BEGIN_DECLS

/*
 * The open invoices a bank statement is matched against, indexed once by
 * amount, by invoice number, by the customer's tax ID and by the customer's
 * name, so that each bank line costs a few lookups whatever the size of the
 * portfolio (5,000 lines against 1,000,000 invoices in well under a second).
 *
 * Fill it from the store (customers first, then their open invoices), call
 * cbz_match_index_build() once, then hand it to cbz_bank_match(), from any
 * thread: a built index is read-only. Strings are copied.
 */
typedef struct _CbzMatchIndex CbzMatchIndex;

CbzMatchIndex *cbz_match_index_new            (void);
void           cbz_match_index_free           (CbzMatchIndex *index);

/* @name: as people know it; @tax_id: as written (NULL or "" when unknown).
 * Adding a customer id twice keeps the first. */
void           cbz_match_index_add_customer   (CbzMatchIndex *index,
                                               gint64         customer_id,
                                               const char    *name,
                                               const char    *tax_id);
/* An open invoice (@balance > 0; others are ignored). When @customer_id
 * was not added, the invoice can still be found by its number and amount. */
void           cbz_match_index_add_invoice    (CbzMatchIndex *index,
                                               gint64         invoice_id,
                                               gint64         customer_id,
                                               const char    *number,
                                               CbzMoney       balance,
                                               CbzDate        due_date);
/* Sorts and hashes what was added; nothing can be added afterwards. */
void           cbz_match_index_build          (CbzMatchIndex *index);
gboolean       cbz_match_index_is_built       (const CbzMatchIndex *index);

guint          cbz_match_index_get_n_invoices  (const CbzMatchIndex *index);
guint          cbz_match_index_get_n_customers (const CbzMatchIndex *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzMatchIndex, cbz_match_index_free)

G_END_DECLS
