/* test-ratio.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "metrics/cbz-ratio.h"
#include "cbz-test-util.h"

static void
test_rounding (void)
{
  static const struct
  {
    gint64      num;
    gint64      den;
    guint       decimals;
    const char *text;
    const char *percent;
  } cases[] = {
    { 1, 8, 2, "0.13", "12.50" },             /* half away from zero */
    { -1, 8, 2, "-0.13", "-12.50" },
    { 2, 3, 2, "0.67", "66.67" },
    { 5, 2, 0, "3", "250" },
    { -5, 2, 0, "-3", "-250" },
    { 1, 3, 1, "0.3", "33.3" },
    { 537, 7, 2, "76.71", "7671.43" },        /* 76.714285… */
    { 10470, 18720, 1, "0.6", "55.9" },       /* 0.559294… */
    { 0, 5, 2, "0.00", "0.00" },
    { 7, -2, 1, "-3.5", "-350.0" },           /* the sign moves to the numerator */
    { G_MAXINT64, G_MAXINT64 - 1, 3, "1.000", "100.000" },
    { 1, G_MAXINT64, 2, "0.00", "0.00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CbzRatio ratio = cbz_ratio_init (cases[i].num, cases[i].den);
      g_autofree char *text = cbz_ratio_to_string (ratio, cases[i].decimals);
      g_autofree char *percent = cbz_ratio_to_percent_string (ratio, cases[i].decimals);
      g_autofree char *formatted = cbz_ratio_format (ratio, cases[i].decimals);

      g_assert_true (cbz_ratio_is_defined (ratio));
      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpstr (percent, ==, cases[i].percent);
      /* LANG=C.UTF-8 in tests: a dot. */
      g_assert_cmpstr (formatted, ==, cases[i].text);
    }
}

static void
test_undefined_and_overflow (void)
{
  CbzRatio nothing = cbz_ratio_init (3, 0);
  CbzRatio huge = cbz_ratio_init (G_MAXINT64, 1);
  gint64 scaled = 42;

  g_assert_false (cbz_ratio_is_defined (nothing));
  g_assert_null (cbz_ratio_to_string (nothing, 2));
  g_assert_null (cbz_ratio_format_percent (nothing, 1));
  g_assert_false (cbz_ratio_to_scaled (nothing, 2, &scaled));
  g_assert_false (cbz_ratio_to_scaled (huge, 1, &scaled));
  g_assert_cmpint (scaled, ==, 42);
  g_assert_true (cbz_ratio_to_scaled (huge, 0, &scaled));
  g_assert_cmpint (scaled, ==, G_MAXINT64);
}

static void
test_compare (void)
{
  static const struct
  {
    CbzRatio a;
    CbzRatio b;
    int      order;
  } cases[] = {
    { { 1, 3 }, { 2, 6 }, 0 },
    { { 1, 3 }, { 333333, 1000000 }, 1 },
    { { -1, 3 }, { 1, 3 }, -1 },
    { { -1, 3 }, { -1, 2 }, 1 },
    { { 0, 0 }, { -5, 1 }, -1 },
    { { 0, 0 }, { 0, 0 }, 0 },
    { { G_MAXINT64 - 1, G_MAXINT64 }, { G_MAXINT64 - 2, G_MAXINT64 - 1 }, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (cbz_ratio_compare (cases[i].a, cases[i].b), ==, cases[i].order);
      g_assert_cmpint (cbz_ratio_compare (cases[i].b, cases[i].a), ==, -cases[i].order);
    }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/ratio/rounding", test_rounding);
  g_test_add_func ("/metrics/ratio/undefined-and-overflow", test_undefined_and_overflow);
  g_test_add_func ("/metrics/ratio/compare", test_compare);

  return g_test_run ();
}
