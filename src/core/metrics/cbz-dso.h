/* cbz-dso.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-metrics-input.h"
#include "metrics/cbz-ratio.h"

G_BEGIN_DECLS

/*
 * How fast the money comes in: days sales outstanding by the count-back
 * method, the best possible DSO, average days delinquent, and the
 * collection effectiveness index. Formulas and worked examples in
 * docs/metrics.md.
 */

/* Credit sales of one period (a calendar month, or its part up to today). */
typedef struct
{
  CbzMoney sales;
  guint    days;
} CbzSalesPeriod;

typedef struct
{
  CbzRatio days;       /* exact: 76.714285… days */
  gboolean exhausted;  /* the receivables outlasted every period given: at least @days */
} CbzDso;

/*
 * Count-back DSO: starting with the most recent period, take away each
 * period's credit sales from @receivable, counting the period's days while
 * something is left; the last period counts the fraction of its days that
 * what is left makes of its sales. @periods are most recent first, in
 * @receivable's currency (others are skipped). With AR 2,100,000 and
 * periods 900,000 (31 days), 800,000 (28), 700,000 (31): 31 + 28 +
 * 31 × 400,000 / 700,000 = 76.71 days.
 */
CbzDso  cbz_metrics_dso_count_back  (CbzMoney              receivable,
                                     const CbzSalesPeriod *periods,
                                     gsize                 n_periods);

/*
 * (element-type CbzSalesPeriod) @n_months periods of credit sales in
 * @currency, most recent first: the month of @as_of from its 1st to @as_of
 * (that many days), then whole calendar months before it. An invoice is a
 * sale on its issue date (its due date when it has none); invoices issued
 * after @as_of are not counted.
 */
GArray *cbz_metrics_monthly_sales   (const CbzMetricsInvoice *invoices,
                                     gsize                    n_invoices,
                                     const char              *currency,
                                     CbzDate                  as_of,
                                     guint                    n_months);

/* DSO, best possible DSO and average days delinquent for one currency. */
typedef struct
{
  char      currency[4];
  CbzMoney  receivable;        /* open balances, disputed included */
  CbzMoney  current;           /* not yet due */
  CbzDso    dso;               /* count-back of @receivable */
  CbzDso    best_possible;     /* count-back of @current over the same periods */
  /* DSO - BPDSO: each taken to a millionth of a day first (their exact
   * difference would need more than 64 bits), so @den is 1,000,000. */
  CbzRatio  average_days_delinquent;
} CbzDsoFigures;

/* (element-type CbzDsoFigures) per currency with open balances, sorted by
 * code, over @n_months months of credit sales up to @as_of (3 is usual). */
GArray *cbz_metrics_dso             (const CbzMetricsInvoice *invoices,
                                     gsize                    n_invoices,
                                     CbzDate                  as_of,
                                     guint                    n_months);

/*
 * Collection effectiveness index, as a fraction (× 100 for the percent):
 *
 *        B + S/N - E
 *   CEI = -----------      B: receivables at the start, S: credit sales over
 *        B + S/N - C      the N months, E: receivables at the end, C: the
 *                          part of E not yet due.
 *
 * Computed exactly as (N·B + S - N·E) / (N·B + S - N·C). With B 6,200,
 * S 10,890 over N = 3, E 6,340 and C 3,590: 55.9 %. Undefined (den 0) when
 * there was nothing to collect. All four amounts in one currency.
 */
typedef struct
{
  CbzMoney beginning_receivables;
  CbzMoney credit_sales;
  guint    n_months;
  CbzMoney ending_receivables;
  CbzMoney ending_current;
} CbzCeiInputs;

CbzRatio cbz_metrics_cei            (const CbzCeiInputs *inputs);

/* The CEI's inputs in one currency, per currency, rebuilt from the invoices
 * and what settled them: receivables at the end of the day before @first
 * and at the end of @last, credit sales issued from @first to @last, the
 * months being the calendar months the period touches. */
typedef struct
{
  char         currency[4];
  CbzCeiInputs inputs;
  CbzRatio     cei;
} CbzCeiFigures;

/* (element-type CbzCeiFigures) sorted by currency. */
GArray *cbz_metrics_cei_for_period  (const CbzMetricsInvoice    *invoices,
                                     gsize                       n_invoices,
                                     const CbzMetricsSettlement *settlements,
                                     gsize                       n_settlements,
                                     CbzDate                     first,
                                     CbzDate                     last);

G_END_DECLS
