/* cbz-receivables.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-aging.h"
#include "cbz-metrics-input.h"
#include "metrics/cbz-ratio.h"

G_BEGIN_DECLS

/*
 * Where the money is, per currency, as of a date: the dashboard's first row
 * and its aging bars. docs/metrics.md states each figure with an example.
 *
 *   total      every open balance, disputed invoices included;
 *   disputed   the balances of disputed invoices (in total, in no bucket);
 *   current    balances not yet due (due on @as_of or later) and not disputed;
 *   overdue    balances past their due date and not disputed;
 *   overdue %  overdue / total;
 *   buckets    the undisputed balances by days overdue (cbz-aging.h), the
 *              first bucket being current.
 */
typedef struct
{
  char     currency[4];
  CbzMoney total;
  CbzMoney current;
  CbzMoney overdue;
  CbzMoney disputed;
  CbzRatio overdue_share;
  CbzMoney buckets[CBZ_AGING_N_BUCKETS];
  guint    bucket_invoices[CBZ_AGING_N_BUCKETS];
  guint    n_open;           /* invoices with a balance */
  guint    n_overdue;
  guint    n_disputed;
  guint    n_customers;      /* with a balance in this currency */
  guint    n_customers_overdue;
} CbzReceivables;

/* (element-type CbzReceivables) one per currency with an open balance,
 * sorted by currency code. */
GArray *cbz_metrics_receivables (const CbzMetricsInvoice *invoices,
                                 gsize                    n_invoices,
                                 CbzDate                  as_of);

/* One customer's overdue money in one currency. */
typedef struct
{
  gint64   customer_id;
  CbzMoney overdue;
  guint    n_invoices;        /* overdue ones */
  gint32   days_overdue;      /* of the oldest */
} CbzCustomerOverdue;

/* (element-type CbzCustomerOverdue) the @limit customers owing the most
 * overdue (undisputed) money in @currency, most first; ties go to the
 * longer overdue, then the lower customer id. The dashboard asks for 10. */
GArray *cbz_metrics_top_overdue  (const CbzMetricsInvoice *invoices,
                                  gsize                    n_invoices,
                                  CbzDate                  as_of,
                                  const char              *currency,
                                  guint                    limit);

G_END_DECLS
