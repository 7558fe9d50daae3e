/* cbz-dso.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-dso.h"
#include "cbz-metrics-private.h"

#define MICRO 1000000

CbzDso
cbz_metrics_dso_count_back (CbzMoney              receivable,
                            const CbzSalesPeriod *periods,
                            gsize                 n_periods)
{
  gint64 remaining = receivable.minor;
  guint64 full_days = 0;

  g_return_val_if_fail (periods != NULL || n_periods == 0, ((CbzDso) { { 0, 0 }, FALSE }));

  for (gsize i = 0; i < n_periods && remaining > 0; i++)
    {
      const CbzSalesPeriod *period = &periods[i];
      guint64 whole, part, num;

      if (!cbz_money_same_currency (period->sales, receivable))
        continue;
      if (remaining > period->sales.minor)
        {
          full_days += period->days;
          remaining -= MAX (period->sales.minor, 0);
          continue;
        }
      /* What is left is a fraction of this period's sales: that fraction
       * of its days. */
      if (!g_uint64_checked_mul (&whole, full_days, (guint64) period->sales.minor) ||
          !g_uint64_checked_mul (&part, (guint64) remaining, period->days) ||
          !g_uint64_checked_add (&num, whole, part) || num > G_MAXINT64)
        return (CbzDso) { { 0, 0 }, FALSE };
      return (CbzDso) { cbz_ratio_init ((gint64) num, period->sales.minor), FALSE };
    }
  return (CbzDso) { cbz_ratio_init ((gint64) full_days, 1), remaining > 0 };
}

static CbzDate
sale_date (const CbzMetricsInvoice *invoice)
{
  return cbz_date_is_set (invoice->issue_date) ? invoice->issue_date : invoice->due_date;
}

static int
month_number (CbzDate date)
{
  return date.year * 12 + date.month - 1;
}

GArray *
cbz_metrics_monthly_sales (const CbzMetricsInvoice *invoices,
                           gsize                    n_invoices,
                           const char              *currency,
                           CbzDate                  as_of,
                           guint                    n_months)
{
  GArray *periods = g_array_sized_new (FALSE, TRUE, sizeof (CbzSalesPeriod), n_months);
  int this_month = month_number (as_of);

  g_return_val_if_fail (invoices != NULL || n_invoices == 0, periods);
  g_return_val_if_fail (currency != NULL, periods);
  g_return_val_if_fail (cbz_date_is_set (as_of), periods);

  g_array_set_size (periods, n_months);
  for (guint k = 0; k < n_months; k++)
    {
      CbzSalesPeriod *period = &g_array_index (periods, CbzSalesPeriod, k);
      int month = this_month - (int) k;

      period->sales = cbz_money_init (0, currency);
      period->days = k == 0 ? as_of.day : (guint) cbz_date_days_in_month (month / 12, month % 12 + 1);
    }

  for (gsize i = 0; i < n_invoices; i++)
    {
      const CbzMetricsInvoice *invoice = &invoices[i];
      CbzDate date = sale_date (invoice);
      int k;

      if (g_ascii_strncasecmp (invoice->amount.currency, currency, 3) != 0 ||
          !cbz_date_is_set (date) || cbz_date_compare (date, as_of) > 0)
        continue;
      k = this_month - month_number (date);
      if (k >= 0 && (guint) k < n_months)
        {
          CbzSalesPeriod *period = &g_array_index (periods, CbzSalesPeriod, k);

          period->sales.minor = _cbz_metrics_add (period->sales.minor, invoice->amount.minor);
        }
    }
  return periods;
}

static gint64
to_micro_days (CbzRatio days)
{
  gint64 scaled = 0;

  cbz_ratio_to_scaled (days, 6, &scaled);
  return scaled;
}

GArray *
cbz_metrics_dso (const CbzMetricsInvoice *invoices,
                 gsize                    n_invoices,
                 CbzDate                  as_of,
                 guint                    n_months)
{
  GArray *results = g_array_new (FALSE, TRUE, sizeof (CbzDsoFigures));

  g_return_val_if_fail (invoices != NULL || n_invoices == 0, results);

  for (gsize i = 0; i < n_invoices; i++)
    {
      const CbzMetricsInvoice *invoice = &invoices[i];
      CbzDsoFigures *figures;

      if (invoice->balance.minor <= 0)
        continue;
      figures = _cbz_metrics_for_currency (results, invoice->balance.currency);
      figures->receivable.minor = _cbz_metrics_add (figures->receivable.minor, invoice->balance.minor);
      if (!invoice->disputed && cbz_date_days_overdue (invoice->due_date, as_of) == 0)
        figures->current.minor = _cbz_metrics_add (figures->current.minor, invoice->balance.minor);
    }

  for (guint c = 0; c < results->len; c++)
    {
      CbzDsoFigures *figures = &g_array_index (results, CbzDsoFigures, c);
      g_autoptr(GArray) periods = NULL;

      memcpy (figures->receivable.currency, figures->currency, 4);
      memcpy (figures->current.currency, figures->currency, 4);
      periods = cbz_metrics_monthly_sales (invoices, n_invoices, figures->currency, as_of, n_months);
      figures->dso = cbz_metrics_dso_count_back (figures->receivable, (CbzSalesPeriod *) periods->data,
                                                 periods->len);
      figures->best_possible = cbz_metrics_dso_count_back (figures->current,
                                                           (CbzSalesPeriod *) periods->data,
                                                           periods->len);
      if (cbz_ratio_is_defined (figures->dso.days) && cbz_ratio_is_defined (figures->best_possible.days))
        figures->average_days_delinquent = cbz_ratio_init (to_micro_days (figures->dso.days) -
                                                           to_micro_days (figures->best_possible.days),
                                                           MICRO);
    }
  _cbz_metrics_sort_by_currency (results);
  return results;
}

CbzRatio
cbz_metrics_cei (const CbzCeiInputs *inputs)
{
  gint64 nb, ne, nc, base, num, den;
  gint64 n;

  g_return_val_if_fail (inputs != NULL, cbz_ratio_init (0, 0));

  n = MAX (inputs->n_months, 1);
  /* Multiplied through by N: no division until display. */
  if (!cbz_money_same_currency (inputs->beginning_receivables, inputs->credit_sales) ||
      !cbz_money_same_currency (inputs->beginning_receivables, inputs->ending_receivables) ||
      !cbz_money_same_currency (inputs->beginning_receivables, inputs->ending_current) ||
      !_cbz_metrics_checked_mul (&nb, n, inputs->beginning_receivables.minor) ||
      !_cbz_metrics_checked_mul (&ne, n, inputs->ending_receivables.minor) ||
      !_cbz_metrics_checked_mul (&nc, n, inputs->ending_current.minor) ||
      !_cbz_metrics_checked_add (&base, nb, inputs->credit_sales.minor) ||
      !_cbz_metrics_checked_sub (&num, base, ne) ||
      !_cbz_metrics_checked_sub (&den, base, nc) || den <= 0)
    return cbz_ratio_init (0, 0);
  return cbz_ratio_init (num, den);
}

/* Receivables at the end of a day: the invoices sold by then, less what
 * settled them by then. */
typedef struct
{
  char   currency[4];
  gint64 beginning;
  gint64 ending;
  gint64 ending_current;
  gint64 sales;
} CeiSums;

GArray *
cbz_metrics_cei_for_period (const CbzMetricsInvoice    *invoices,
                            gsize                       n_invoices,
                            const CbzMetricsSettlement *settlements,
                            gsize                       n_settlements,
                            CbzDate                     first,
                            CbzDate                     last)
{
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (CeiSums));
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GArray *results = g_array_new (FALSE, TRUE, sizeof (CbzCeiFigures));
  CbzDate before = cbz_date_add_days (first, -1);
  guint n_months;

  g_return_val_if_fail (invoices != NULL || n_invoices == 0, results);
  g_return_val_if_fail (settlements != NULL || n_settlements == 0, results);
  g_return_val_if_fail (cbz_date_compare (first, last) <= 0, results);

  n_months = (guint) (month_number (last) - month_number (first) + 1);

  for (gsize i = 0; i < n_invoices; i++)
    {
      const CbzMetricsInvoice *invoice = &invoices[i];
      CbzDate sold = sale_date (invoice);
      CeiSums *sum;

      if (!cbz_date_is_set (sold) || cbz_date_compare (sold, last) > 0)
        continue;
      g_hash_table_insert (by_id, g_memdup2 (&invoice->invoice_id, sizeof (gint64)), GSIZE_TO_POINTER (i + 1));
      sum = _cbz_metrics_for_currency (sums, invoice->amount.currency);
      sum->ending = _cbz_metrics_add (sum->ending, invoice->amount.minor);
      if (cbz_date_compare (invoice->due_date, last) >= 0)
        sum->ending_current = _cbz_metrics_add (sum->ending_current, invoice->amount.minor);
      if (cbz_date_compare (sold, before) <= 0)
        sum->beginning = _cbz_metrics_add (sum->beginning, invoice->amount.minor);
      else
        sum->sales = _cbz_metrics_add (sum->sales, invoice->amount.minor);
    }

  for (gsize i = 0; i < n_settlements; i++)
    {
      const CbzMetricsSettlement *settlement = &settlements[i];
      gsize position = GPOINTER_TO_SIZE (g_hash_table_lookup (by_id, &settlement->invoice_id));
      const CbzMetricsInvoice *invoice;
      CeiSums *sum;

      if (position == 0 || cbz_date_compare (settlement->settled_on, last) > 0)
        continue;
      invoice = &invoices[position - 1];
      sum = _cbz_metrics_for_currency (sums, invoice->amount.currency);
      sum->ending = _cbz_metrics_add (sum->ending, -settlement->amount.minor);
      if (cbz_date_compare (invoice->due_date, last) >= 0)
        sum->ending_current = _cbz_metrics_add (sum->ending_current, -settlement->amount.minor);
      if (cbz_date_compare (settlement->settled_on, before) <= 0 &&
          cbz_date_compare (sale_date (invoice), before) <= 0)
        sum->beginning = _cbz_metrics_add (sum->beginning, -settlement->amount.minor);
    }

  for (guint c = 0; c < sums->len; c++)
    {
      const CeiSums *sum = &g_array_index (sums, CeiSums, c);
      CbzCeiFigures figures = { { 0 } };

      memcpy (figures.currency, sum->currency, 4);
      figures.inputs.beginning_receivables = cbz_money_init (sum->beginning, sum->currency);
      figures.inputs.credit_sales = cbz_money_init (sum->sales, sum->currency);
      figures.inputs.n_months = n_months;
      figures.inputs.ending_receivables = cbz_money_init (sum->ending, sum->currency);
      figures.inputs.ending_current = cbz_money_init (sum->ending_current, sum->currency);
      figures.cei = cbz_metrics_cei (&figures.inputs);
      g_array_append_val (results, figures);
    }
  _cbz_metrics_sort_by_currency (results);
  return results;
}
