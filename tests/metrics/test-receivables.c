/* test-receivables.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "metrics/cbz-receivables.h"
#include "cbz-test-util.h"

/* The hand-computed fixture of docs/metrics.md, as of 31 March 2027
 * (amounts in minor units). */
static const CbzMetricsInvoice invoices[] = {
  { 1, 1, { 1000000, "MXN" }, { 1000000, "MXN" }, { 2027, 3, 16 }, { 2027, 4, 15 }, FALSE },  /* not due */
  { 2, 1, { 500000, "MXN" }, { 500000, "MXN" }, { 2027, 3, 1 }, { 2027, 3, 31 }, FALSE },     /* due today */
  { 3, 2, { 800000, "MXN" }, { 800000, "MXN" }, { 2027, 1, 30 }, { 2027, 3, 1 }, FALSE },     /* 30 days */
  { 4, 2, { 300000, "MXN" }, { 200000, "MXN" }, { 2027, 1, 29 }, { 2027, 2, 28 }, FALSE },    /* 31 days */
  { 5, 3, { 1200000, "MXN" }, { 1200000, "MXN" }, { 2026, 12, 1 }, { 2026, 12, 31 }, FALSE }, /* 90 days */
  { 6, 3, { 300000, "MXN" }, { 300000, "MXN" }, { 2026, 11, 1 }, { 2026, 12, 1 }, FALSE },    /* 120 days */
  { 7, 4, { 400000, "MXN" }, { 400000, "MXN" }, { 2026, 10, 31 }, { 2026, 11, 30 }, FALSE },  /* 121 days */
  { 8, 4, { 600000, "MXN" }, { 600000, "MXN" }, { 2026, 12, 16 }, { 2027, 1, 15 }, TRUE },    /* disputed */
  { 9, 5, { 700000, "MXN" }, { 0, "MXN" }, { 2027, 1, 2 }, { 2027, 2, 1 }, FALSE },           /* paid */
  { 10, 5, { 150000, "USD" }, { 150000, "USD" }, { 2027, 2, 8 }, { 2027, 3, 10 }, FALSE },    /* 21 days */
  { 11, 6, { 50000, "USD" }, { 50000, "USD" }, { 2027, 4, 1 }, { 2027, 5, 1 }, FALSE },       /* not due */
  { 12, 7, { 400000, "MXN" }, { 400000, "MXN" }, { 2027, 2, 19 }, { 2027, 3, 21 }, FALSE },   /* 10 days */
};

static const CbzDate as_of = { 2027, 3, 31 };

static void
test_receivables (void)
{
  g_autoptr(GArray) results = cbz_metrics_receivables (invoices, G_N_ELEMENTS (invoices), as_of);
  const CbzReceivables *mxn, *usd;
  static const gint64 mxn_buckets[] = { 1500000, 1200000, 200000, 1200000, 300000, 400000 };
  static const guint mxn_counts[] = { 2, 2, 1, 1, 1, 1 };
  g_autofree char *share = NULL;
  g_autofree char *usd_share = NULL;

  /* Never pesos and dollars added together: one result each, by code. */
  g_assert_cmpuint (results->len, ==, 2);
  mxn = &g_array_index (results, CbzReceivables, 0);
  usd = &g_array_index (results, CbzReceivables, 1);
  g_assert_cmpstr (mxn->currency, ==, "MXN");
  g_assert_cmpstr (usd->currency, ==, "USD");

  g_assert_cmpint (mxn->total.minor, ==, 5400000);
  g_assert_cmpstr (mxn->total.currency, ==, "MXN");
  g_assert_cmpint (mxn->disputed.minor, ==, 600000);
  g_assert_cmpint (mxn->current.minor, ==, 1500000);
  g_assert_cmpint (mxn->overdue.minor, ==, 3300000);
  g_assert_cmpint (mxn->current.minor + mxn->overdue.minor + mxn->disputed.minor, ==, mxn->total.minor);
  share = cbz_ratio_to_percent_string (mxn->overdue_share, 1);
  g_assert_cmpstr (share, ==, "61.1");
  for (guint b = 0; b < CBZ_AGING_N_BUCKETS; b++)
    {
      g_assert_cmpint (mxn->buckets[b].minor, ==, mxn_buckets[b]);
      g_assert_cmpstr (mxn->buckets[b].currency, ==, "MXN");
      g_assert_cmpuint (mxn->bucket_invoices[b], ==, mxn_counts[b]);
    }
  g_assert_cmpuint (mxn->n_open, ==, 9);
  g_assert_cmpuint (mxn->n_overdue, ==, 6);
  g_assert_cmpuint (mxn->n_disputed, ==, 1);
  g_assert_cmpuint (mxn->n_customers, ==, 5);
  g_assert_cmpuint (mxn->n_customers_overdue, ==, 4);

  g_assert_cmpint (usd->total.minor, ==, 200000);
  g_assert_cmpint (usd->current.minor, ==, 50000);
  g_assert_cmpint (usd->overdue.minor, ==, 150000);
  g_assert_cmpint (usd->buckets[CBZ_AGING_1_30].minor, ==, 150000);
  usd_share = cbz_ratio_to_percent_string (usd->overdue_share, 1);
  g_assert_cmpstr (usd_share, ==, "75.0");
  g_assert_cmpuint (usd->n_customers, ==, 2);
}

static void
test_nothing_open (void)
{
  g_autoptr(GArray) none = cbz_metrics_receivables (NULL, 0, as_of);
  g_autoptr(GArray) paid = cbz_metrics_receivables (&invoices[8], 1, as_of);

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (paid->len, ==, 0);
}

static void
test_top_overdue (void)
{
  g_autoptr(GArray) top = cbz_metrics_top_overdue (invoices, G_N_ELEMENTS (invoices), as_of, "MXN", 10);
  g_autoptr(GArray) two = cbz_metrics_top_overdue (invoices, G_N_ELEMENTS (invoices), as_of, "MXN", 2);
  g_autoptr(GArray) usd = cbz_metrics_top_overdue (invoices, G_N_ELEMENTS (invoices), as_of, "usd", 10);
  static const struct
  {
    gint64 customer;
    gint64 overdue;
    guint  n_invoices;
    gint32 days;
  } expected[] = {
    { 3, 1500000, 2, 120 },
    { 2, 1000000, 2, 31 },
    { 4, 400000, 1, 121 },   /* its disputed invoice does not count; ties go to the longer overdue */
    { 7, 400000, 1, 10 },
  };

  g_assert_cmpuint (top->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < top->len; i++)
    {
      const CbzCustomerOverdue *customer = &g_array_index (top, CbzCustomerOverdue, i);

      g_assert_cmpint (customer->customer_id, ==, expected[i].customer);
      g_assert_cmpint (customer->overdue.minor, ==, expected[i].overdue);
      g_assert_cmpstr (customer->overdue.currency, ==, "MXN");
      g_assert_cmpuint (customer->n_invoices, ==, expected[i].n_invoices);
      g_assert_cmpint (customer->days_overdue, ==, expected[i].days);
    }
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpint (g_array_index (two, CbzCustomerOverdue, 1).customer_id, ==, 2);
  g_assert_cmpuint (usd->len, ==, 1);
  g_assert_cmpint (g_array_index (usd, CbzCustomerOverdue, 0).customer_id, ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/receivables/fixture", test_receivables);
  g_test_add_func ("/metrics/receivables/nothing-open", test_nothing_open);
  g_test_add_func ("/metrics/receivables/top-overdue", test_top_overdue);

  return g_test_run ();
}
