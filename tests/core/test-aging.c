/* test-aging.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-aging.h"
#include "cbz-test-util.h"

static void
test_boundaries (void)
{
  static const struct
  {
    gint64         days;
    CbzAgingBucket bucket;
  } cases[] = {
    { -400, CBZ_AGING_NOT_DUE },
    { -1, CBZ_AGING_NOT_DUE },
    { 0, CBZ_AGING_NOT_DUE },
    { 1, CBZ_AGING_1_30 },
    { 30, CBZ_AGING_1_30 },
    { 31, CBZ_AGING_31_60 },
    { 60, CBZ_AGING_31_60 },
    { 61, CBZ_AGING_61_90 },
    { 90, CBZ_AGING_61_90 },
    { 91, CBZ_AGING_91_120 },
    { 120, CBZ_AGING_91_120 },
    { 121, CBZ_AGING_OVER_120 },
    { 5000, CBZ_AGING_OVER_120 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (cbz_aging_bucket_for_days (cases[i].days), ==, cases[i].bucket);
}

static void
test_ranges (void)
{
  gint64 previous_max = -1;

  /* The ranges tile the days with no gap or overlap, and each bucket's own
   * range maps back to it. */
  for (guint b = 0; b < CBZ_AGING_N_BUCKETS; b++)
    {
      gint64 lo, hi;

      cbz_aging_bucket_get_range (b, &lo, &hi);
      g_assert_cmpint (lo, ==, previous_max + 1);
      g_assert_cmpint (cbz_aging_bucket_for_days (lo), ==, b);
      if (b == CBZ_AGING_OVER_120)
        g_assert_cmpint (hi, ==, -1);
      else
        {
          g_assert_cmpint (hi, >=, lo);
          g_assert_cmpint (cbz_aging_bucket_for_days (hi), ==, b);
          g_assert_cmpint (cbz_aging_bucket_for_days (hi + 1), ==, b + 1);
        }
      previous_max = hi;
    }
}

static void
test_names (void)
{
  static const char * const css[] = {
    "not-due", "days-1-30", "days-31-60", "days-61-90", "days-91-120", "days-over-120",
  };
  static const char * const labels[] = {
    "Not due", "1–30 days", "31–60 days", "61–90 days", "91–120 days", "Over 120 days",
  };

  for (guint b = 0; b < CBZ_AGING_N_BUCKETS; b++)
    {
      CbzAgingBucket parsed = CBZ_AGING_NOT_DUE;

      g_assert_cmpstr (cbz_aging_bucket_get_css_class (b), ==, css[b]);
      /* LANG=C.UTF-8 in tests: the English labels. */
      g_assert_cmpstr (cbz_aging_bucket_get_label (b), ==, labels[b]);
      g_assert_true (cbz_aging_bucket_from_string (cbz_aging_bucket_to_string (b), &parsed));
      g_assert_cmpint (parsed, ==, b);
    }
  {
    CbzAgingBucket parsed;

    g_assert_false (cbz_aging_bucket_from_string ("31-61", &parsed));
    g_assert_false (cbz_aging_bucket_from_string (NULL, &parsed));
  }
  g_assert_true (g_type_is_a (CBZ_TYPE_AGING_BUCKET, G_TYPE_ENUM));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/aging/boundaries", test_boundaries);
  g_test_add_func ("/core/aging/ranges", test_ranges);
  g_test_add_func ("/core/aging/names", test_names);

  return g_test_run ();
}
