/* test-dso.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "metrics/cbz-dso.h"
#include "cbz-test-util.h"

#define MXN(minor) cbz_money_init ((minor), "MXN")

static void
assert_days (CbzRatio    days,
             const char *expected)
{
  g_autofree char *text = cbz_ratio_to_string (days, 2);

  g_assert_cmpstr (text, ==, expected);
}

/* The worked example: AR 2,100,000; credit sales 900,000 (31 days),
 * 800,000 (28), 700,000 (31), most recent first: 76.71 days. */
static void
test_count_back_example (void)
{
  const CbzSalesPeriod periods[] = {
    { MXN (90000000), 31 },
    { MXN (80000000), 28 },
    { MXN (70000000), 31 },
  };
  CbzDso dso = cbz_metrics_dso_count_back (MXN (210000000), periods, G_N_ELEMENTS (periods));

  assert_days (dso.days, "76.71");
  g_assert_false (dso.exhausted);
  /* Exactly 59 + 31 × 400,000 / 700,000. */
  g_assert_cmpint (dso.days.num * 700, ==, (59 * 700 + 31 * 400) * dso.days.den);
}

static void
test_count_back_edges (void)
{
  const CbzSalesPeriod periods[] = {
    { MXN (90000000), 31 },
    { MXN (0), 28 },           /* a month without sales counts whole */
    { MXN (70000000), 31 },
  };
  static const struct
  {
    gint64      receivable;
    const char *days;
    gboolean    exhausted;
  } cases[] = {
    { 0, "0.00", FALSE },
    { 45000000, "15.50", FALSE },   /* half of the last month's sales: half its days */
    { 90000000, "31.00", FALSE },
    { 90000001, "59.00", FALSE },   /* into the empty month: its 28 days, then a sliver */
    { 160000000, "90.00", FALSE },
    { 200000000, "90.00", TRUE },   /* more than every sale given: at least 90 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CbzDso dso = cbz_metrics_dso_count_back (MXN (cases[i].receivable), periods, G_N_ELEMENTS (periods));

      assert_days (dso.days, cases[i].days);
      g_assert_cmpint (dso.exhausted, ==, cases[i].exhausted);
    }
}

/* The same example built from invoices, as of 31 March 2027: March sales
 * 900,000 (31 days to the 31st), February 800,000 (28), January 700,000
 * (31); open 2,100,000 of which 900,000 is not yet due. */
static const CbzMetricsInvoice invoices[] = {
  { 1, 1, { 70000000, "MXN" }, { 40000000, "MXN" }, { 2027, 1, 10 }, { 2027, 2, 9 }, FALSE },
  { 2, 2, { 80000000, "MXN" }, { 80000000, "MXN" }, { 2027, 2, 10 }, { 2027, 3, 12 }, FALSE },
  { 3, 3, { 50000000, "MXN" }, { 50000000, "MXN" }, { 2027, 3, 5 }, { 2027, 4, 4 }, FALSE },
  { 4, 1, { 40000000, "MXN" }, { 40000000, "MXN" }, { 2027, 3, 25 }, { 2027, 4, 24 }, FALSE },
  { 5, 2, { 99000000, "MXN" }, { 0, "MXN" }, { 2026, 12, 10 }, { 2027, 1, 9 }, FALSE },    /* before the months */
  { 6, 3, { 55500000, "MXN" }, { 55500000, "MXN" }, { 2027, 4, 2 }, { 2027, 5, 2 }, FALSE }, /* after as_of */
  { 7, 4, { 1000000, "USD" }, { 1000000, "USD" }, { 2027, 3, 1 }, { 2027, 3, 31 }, FALSE },
};

static void
test_monthly_sales (void)
{
  g_autoptr(GArray) mid_month = NULL;
  g_autoptr(GArray) periods = cbz_metrics_monthly_sales (invoices, G_N_ELEMENTS (invoices), "MXN",
                                                         cbz_date_init (2027, 3, 31), 3);
  static const struct { gint64 sales; guint days; } expected[] = {
    { 90000000, 31 }, { 80000000, 28 }, { 70000000, 31 },
  };

  g_assert_cmpuint (periods->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (g_array_index (periods, CbzSalesPeriod, i).sales.minor, ==, expected[i].sales);
      g_assert_cmpuint (g_array_index (periods, CbzSalesPeriod, i).days, ==, expected[i].days);
    }

  /* On 20 March the month so far has 20 days and one sale. */
  mid_month = cbz_metrics_monthly_sales (invoices, G_N_ELEMENTS (invoices), "MXN",
                                         cbz_date_init (2027, 3, 20), 2);
  g_assert_cmpint (g_array_index (mid_month, CbzSalesPeriod, 0).sales.minor, ==, 50000000);
  g_assert_cmpuint (g_array_index (mid_month, CbzSalesPeriod, 0).days, ==, 20);
}

static void
test_dso_per_currency (void)
{
  g_autoptr(GArray) results = cbz_metrics_dso (invoices, G_N_ELEMENTS (invoices), cbz_date_init (2027, 3, 31), 3);
  const CbzDsoFigures *mxn, *usd;

  g_assert_cmpuint (results->len, ==, 2);
  mxn = &g_array_index (results, CbzDsoFigures, 0);
  usd = &g_array_index (results, CbzDsoFigures, 1);
  g_assert_cmpstr (mxn->currency, ==, "MXN");
  /* The invoice of April is open too: 2,100,000 + 555,000. */
  g_assert_cmpint (mxn->receivable.minor, ==, 265500000);
  g_assert_cmpint (mxn->current.minor, ==, 145500000);
  g_assert_cmpstr (usd->currency, ==, "USD");
  /* 10,000 dollars open, all sold this month: 31 × 10,000 / 10,000. */
  assert_days (usd->dso.days, "31.00");
}

static void
test_best_possible_and_add (void)
{
  /* Without the April invoice: exactly the worked example's portfolio. */
  g_autoptr(GArray) results = cbz_metrics_dso (invoices, 5, cbz_date_init (2027, 3, 31), 3);
  const CbzDsoFigures *mxn = &g_array_index (results, CbzDsoFigures, 0);
  g_autofree char *add = cbz_ratio_to_string (mxn->average_days_delinquent, 2);

  g_assert_cmpint (mxn->receivable.minor, ==, 210000000);
  g_assert_cmpint (mxn->current.minor, ==, 90000000);
  assert_days (mxn->dso.days, "76.71");
  /* BPDSO: the 900,000 not yet due is March's whole sales: 31 days. */
  assert_days (mxn->best_possible.days, "31.00");
  /* ADD = 76.714286 - 31 = 45.71 days. */
  g_assert_cmpint (mxn->average_days_delinquent.den, ==, 1000000);
  g_assert_cmpint (mxn->average_days_delinquent.num, ==, 45714286);
  g_assert_cmpstr (add, ==, "45.71");
}

/* The worked example: beginning AR 6,200, credit sales 10,890 over 3
 * months, ending AR 6,340, ending current AR 3,590: 55.9 %. */
static void
test_cei_example (void)
{
  CbzCeiInputs inputs = { MXN (620000), MXN (1089000), 3, MXN (634000), MXN (359000) };
  CbzRatio cei = cbz_metrics_cei (&inputs);
  g_autofree char *percent = cbz_ratio_to_percent_string (cei, 1);
  CbzCeiInputs nothing = { MXN (0), MXN (0), 1, MXN (0), MXN (0) };

  g_assert_cmpstr (percent, ==, "55.9");
  g_assert_cmpint (cei.num, ==, 3 * 620000 + 1089000 - 3 * 634000);
  g_assert_cmpint (cei.den, ==, 3 * 620000 + 1089000 - 3 * 359000);
  g_assert_false (cbz_ratio_is_defined (cbz_metrics_cei (&nothing)));
}

/* March 2027, by hand: beginning AR 2,400 (1,000 + 2,000 sold in February,
 * 600 paid then), sales 4,500, ending AR 3,500, ending current 2,000:
 * (2,400 + 4,500 - 3,500) / (2,400 + 4,500 - 2,000) = 3,400 / 4,900 = 69.4 %. */
static void
test_cei_for_period (void)
{
  static const CbzMetricsInvoice history[] = {
    { 1, 1, { 100000, "MXN" }, { 0, "MXN" }, { 2027, 2, 10 }, { 2027, 3, 10 }, FALSE },
    { 2, 1, { 200000, "MXN" }, { 0, "MXN" }, { 2027, 2, 20 }, { 2027, 3, 20 }, FALSE },
    { 3, 2, { 300000, "MXN" }, { 200000, "MXN" }, { 2027, 3, 5 }, { 2027, 4, 5 }, FALSE },
    { 4, 2, { 150000, "MXN" }, { 100000, "MXN" }, { 2027, 3, 15 }, { 2027, 3, 25 }, FALSE },
    { 5, 3, { 999900, "MXN" }, { 999900, "MXN" }, { 2027, 4, 2 }, { 2027, 5, 2 }, FALSE },
    { 6, 3, { 5000, "USD" }, { 5000, "USD" }, { 2027, 3, 2 }, { 2027, 4, 2 }, FALSE },
  };
  static const CbzMetricsSettlement settled[] = {
    { 1, { 2027, 2, 25 }, { 60000, "MXN" } },
    { 1, { 2027, 3, 8 }, { 40000, "MXN" } },
    { 2, { 2027, 3, 18 }, { 200000, "MXN" } },
    { 3, { 2027, 3, 30 }, { 100000, "MXN" } },
    { 4, { 2027, 4, 3 }, { 50000, "MXN" } },     /* after the period */
    { 99, { 2027, 3, 3 }, { 70000, "MXN" } },    /* an invoice not given: ignored */
  };
  g_autoptr(GArray) results = cbz_metrics_cei_for_period (history, G_N_ELEMENTS (history), settled,
                                                          G_N_ELEMENTS (settled), cbz_date_init (2027, 3, 1),
                                                          cbz_date_init (2027, 3, 31));
  const CbzCeiFigures *mxn, *usd;
  g_autofree char *percent = NULL;

  g_assert_cmpuint (results->len, ==, 2);
  mxn = &g_array_index (results, CbzCeiFigures, 0);
  usd = &g_array_index (results, CbzCeiFigures, 1);
  g_assert_cmpstr (mxn->currency, ==, "MXN");
  g_assert_cmpint (mxn->inputs.beginning_receivables.minor, ==, 240000);
  g_assert_cmpint (mxn->inputs.credit_sales.minor, ==, 450000);
  g_assert_cmpuint (mxn->inputs.n_months, ==, 1);
  g_assert_cmpint (mxn->inputs.ending_receivables.minor, ==, 350000);
  g_assert_cmpint (mxn->inputs.ending_current.minor, ==, 200000);
  percent = cbz_ratio_to_percent_string (mxn->cei, 1);
  g_assert_cmpstr (percent, ==, "69.4");

  /* Dollars: 50 sold this month and not due yet: nothing was there to
   * collect, so no index (shown as a dash). */
  g_assert_cmpstr (usd->currency, ==, "USD");
  g_assert_cmpint (usd->inputs.credit_sales.minor, ==, 5000);
  g_assert_false (cbz_ratio_is_defined (usd->cei));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/dso/count-back-example", test_count_back_example);
  g_test_add_func ("/metrics/dso/count-back-edges", test_count_back_edges);
  g_test_add_func ("/metrics/dso/monthly-sales", test_monthly_sales);
  g_test_add_func ("/metrics/dso/per-currency", test_dso_per_currency);
  g_test_add_func ("/metrics/dso/best-possible-and-add", test_best_possible_and_add);
  g_test_add_func ("/metrics/cei/example", test_cei_example);
  g_test_add_func ("/metrics/cei/for-period", test_cei_for_period);

  return g_test_run ();
}
