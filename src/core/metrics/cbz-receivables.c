/* cbz-receivables.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-metrics-private.h"
#include "cbz-receivables.h"

/* Customers are counted once per currency: a set per result while adding. */
typedef struct
{
  GHashTable *customers;
  GHashTable *overdue_customers;
} CustomerSets;

static void
set_currency (CbzReceivables *result)
{
  memcpy (result->total.currency, result->currency, 4);
  memcpy (result->current.currency, result->currency, 4);
  memcpy (result->overdue.currency, result->currency, 4);
  memcpy (result->disputed.currency, result->currency, 4);
  for (guint b = 0; b < CBZ_AGING_N_BUCKETS; b++)
    memcpy (result->buckets[b].currency, result->currency, 4);
}

GArray *
cbz_metrics_receivables (const CbzMetricsInvoice *invoices,
                         gsize                    n_invoices,
                         CbzDate                  as_of)
{
  GArray *results = g_array_new (FALSE, TRUE, sizeof (CbzReceivables));
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();

  g_return_val_if_fail (invoices != NULL || n_invoices == 0, results);

  for (gsize i = 0; i < n_invoices; i++)
    {
      const CbzMetricsInvoice *invoice = &invoices[i];
      CbzReceivables *result;
      guint position;
      CustomerSets *customer_sets;
      gint64 key = invoice->customer_id;

      if (invoice->balance.minor <= 0)
        continue;

      result = _cbz_metrics_for_currency (results, invoice->balance.currency);
      position = (guint) (((char *) result - results->data) / sizeof (CbzReceivables));
      if (position == sets->len)
        {
          customer_sets = g_new0 (CustomerSets, 1);
          customer_sets->customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          customer_sets->overdue_customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_ptr_array_add (sets, customer_sets);
        }
      customer_sets = g_ptr_array_index (sets, position);

      result->n_open++;
      result->total.minor = _cbz_metrics_add (result->total.minor, invoice->balance.minor);
      if (!g_hash_table_contains (customer_sets->customers, &key))
        g_hash_table_add (customer_sets->customers, g_memdup2 (&key, sizeof key));

      if (invoice->disputed)
        {
          result->n_disputed++;
          result->disputed.minor = _cbz_metrics_add (result->disputed.minor, invoice->balance.minor);
          continue;
        }

      {
        int days = cbz_date_days_overdue (invoice->due_date, as_of);
        CbzAgingBucket bucket = cbz_aging_bucket_for_days (days);

        result->buckets[bucket].minor = _cbz_metrics_add (result->buckets[bucket].minor,
                                                          invoice->balance.minor);
        result->bucket_invoices[bucket]++;
        if (days == 0)
          result->current.minor = _cbz_metrics_add (result->current.minor, invoice->balance.minor);
        else
          {
            result->n_overdue++;
            result->overdue.minor = _cbz_metrics_add (result->overdue.minor, invoice->balance.minor);
            if (!g_hash_table_contains (customer_sets->overdue_customers, &key))
              g_hash_table_add (customer_sets->overdue_customers, g_memdup2 (&key, sizeof key));
          }
      }
    }

  for (guint i = 0; i < results->len; i++)
    {
      CbzReceivables *result = &g_array_index (results, CbzReceivables, i);
      CustomerSets *customer_sets = g_ptr_array_index (sets, i);

      set_currency (result);
      result->overdue_share = cbz_ratio_init (result->overdue.minor, result->total.minor);
      result->n_customers = g_hash_table_size (customer_sets->customers);
      result->n_customers_overdue = g_hash_table_size (customer_sets->overdue_customers);
      g_hash_table_unref (customer_sets->customers);
      g_hash_table_unref (customer_sets->overdue_customers);
      g_free (customer_sets);
    }
  _cbz_metrics_sort_by_currency (results);
  return results;
}

static int
compare_overdue_cb (const void *a,
                    const void *b)
{
  const CbzCustomerOverdue *x = a;
  const CbzCustomerOverdue *y = b;

  if (x->overdue.minor != y->overdue.minor)
    return x->overdue.minor > y->overdue.minor ? -1 : 1;
  if (x->days_overdue != y->days_overdue)
    return x->days_overdue > y->days_overdue ? -1 : 1;
  return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
}

GArray *
cbz_metrics_top_overdue (const CbzMetricsInvoice *invoices,
                         gsize                    n_invoices,
                         CbzDate                  as_of,
                         const char              *currency,
                         guint                    limit)
{
  g_autoptr(GHashTable) positions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GArray *customers = g_array_new (FALSE, TRUE, sizeof (CbzCustomerOverdue));

  g_return_val_if_fail (invoices != NULL || n_invoices == 0, customers);
  g_return_val_if_fail (currency != NULL, customers);

  for (gsize i = 0; i < n_invoices; i++)
    {
      const CbzMetricsInvoice *invoice = &invoices[i];
      CbzCustomerOverdue *customer;
      gpointer position;
      int days;

      if (invoice->balance.minor <= 0 || invoice->disputed ||
          g_ascii_strncasecmp (invoice->balance.currency, currency, 3) != 0)
        continue;
      days = cbz_date_days_overdue (invoice->due_date, as_of);
      if (days == 0)
        continue;

      position = g_hash_table_lookup (positions, &invoice->customer_id);
      if (position == NULL)
        {
          CbzCustomerOverdue added = { invoice->customer_id, invoice->balance, 0, 0 };

          added.overdue.minor = 0;
          g_array_append_val (customers, added);
          position = GUINT_TO_POINTER (customers->len);
          g_hash_table_insert (positions, g_memdup2 (&invoice->customer_id, sizeof (gint64)), position);
        }
      customer = &g_array_index (customers, CbzCustomerOverdue, GPOINTER_TO_UINT (position) - 1);
      customer->overdue.minor = _cbz_metrics_add (customer->overdue.minor, invoice->balance.minor);
      customer->n_invoices++;
      customer->days_overdue = MAX (customer->days_overdue, days);
    }

  g_array_sort (customers, compare_overdue_cb);
  if (customers->len > limit)
    g_array_set_size (customers, limit);
  return customers;
}
