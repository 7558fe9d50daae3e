/* cbz-match-index-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-match-index.h"

G_BEGIN_DECLS

/* Everything lives in flat arrays; strings are offsets into one buffer
 * (offset 0 is ""). */
typedef struct
{
  gint64  id;
  guint32 name;           /* as given */
  guint32 name_key;       /* _cbz_bank_name_key () */
  guint32 tax_id;         /* compact */
  guint32 first_invoice;  /* into by_customer */
  guint32 n_invoices;
} CbzIndexCustomer;

typedef struct
{
  gint64  id;
  gint64  balance;        /* minor units of currencies[currency] */
  guint32 customer;       /* into customers */
  guint32 number;         /* as given */
  CbzDate due_date;
  guint8  currency;
} CbzIndexInvoice;

typedef struct
{
  guint64 hash;
  guint32 index;          /* an invoice or a customer */
} CbzIndexHash;

struct _CbzMatchIndex
{
  GString          *strings;
  GArray           *customers;      /* CbzIndexCustomer */
  GArray           *invoices;       /* CbzIndexInvoice */
  GHashTable       *customer_ids;   /* id -> index + 1, while adding */
  char              currencies[256][4];
  guint             n_currencies;
  gboolean          built;

  guint32          *by_amount;      /* invoices by currency, balance, due date, id */
  guint32          *by_customer;    /* invoices by customer, due date, id */
  CbzIndexHash     *by_number;      /* compact invoice numbers */
  guint             n_by_number;
  CbzIndexHash     *by_tax_id;      /* compact tax IDs */
  guint             n_by_tax_id;
  CbzIndexHash     *by_name;        /* name keys */
  guint             n_by_name;
};

static inline const char *
_cbz_match_index_string (const CbzMatchIndex *index,
                         guint32              offset)
{
  return index->strings->str + offset;
}

static inline const CbzIndexInvoice *
_cbz_match_index_invoice (const CbzMatchIndex *index,
                          guint32              i)
{
  return &g_array_index (index->invoices, CbzIndexInvoice, i);
}

static inline const CbzIndexCustomer *
_cbz_match_index_customer (const CbzMatchIndex *index,
                           guint32              i)
{
  return &g_array_index (index->customers, CbzIndexCustomer, i);
}

/* -1 when no invoice is in @currency. */
int   _cbz_match_index_find_currency (const CbzMatchIndex *index,
                                      const char          *currency);
/* The range [*first, *last) of by_amount with balances in [@min, @max]. */
void  _cbz_match_index_amount_range  (const CbzMatchIndex *index,
                                      int                  currency,
                                      gint64               min,
                                      gint64               max,
                                      guint               *first,
                                      guint               *last);
/* The range [*first, *last) of @table whose hash is @hash. */
void  _cbz_match_index_hash_range    (const CbzIndexHash  *table,
                                      guint                n_table,
                                      guint64              hash,
                                      guint               *first,
                                      guint               *last);

G_END_DECLS
