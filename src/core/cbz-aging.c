/* cbz-aging.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-aging.h"

G_DEFINE_ENUM_TYPE (CbzAgingBucket, cbz_aging_bucket,
  G_DEFINE_ENUM_VALUE (CBZ_AGING_NOT_DUE, "not-due"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_1_30, "1-30"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_31_60, "31-60"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_61_90, "61-90"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_91_120, "91-120"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_OVER_120, "over-120"))

static const struct
{
  gint64      min_days;
  gint64      max_days;  /* -1: no upper end */
  const char *nick;
  const char *css_class;
  const char *label;
} buckets[CBZ_AGING_N_BUCKETS] = {
  [CBZ_AGING_NOT_DUE]  = { 0, 0, "not-due", "not-due", N_("Not due") },
  [CBZ_AGING_1_30]     = { 1, 30, "1-30", "days-1-30", N_("1–30 days") },
  [CBZ_AGING_31_60]    = { 31, 60, "31-60", "days-31-60", N_("31–60 days") },
  [CBZ_AGING_61_90]    = { 61, 90, "61-90", "days-61-90", N_("61–90 days") },
  [CBZ_AGING_91_120]   = { 91, 120, "91-120", "days-91-120", N_("91–120 days") },
  [CBZ_AGING_OVER_120] = { 121, -1, "over-120", "days-over-120", N_("Over 120 days") },
};

/**
 * cbz_aging_bucket_for_days:
 * @days_overdue: days past the due date; 0 or less means not yet overdue
 *
 * Returns: the bucket @days_overdue falls in.
 */
CbzAgingBucket
cbz_aging_bucket_for_days (gint64 days_overdue)
{
  if (days_overdue <= 0)
    return CBZ_AGING_NOT_DUE;
  if (days_overdue <= 30)
    return CBZ_AGING_1_30;
  if (days_overdue <= 60)
    return CBZ_AGING_31_60;
  if (days_overdue <= 90)
    return CBZ_AGING_61_90;
  if (days_overdue <= 120)
    return CBZ_AGING_91_120;
  return CBZ_AGING_OVER_120;
}

/**
 * cbz_aging_bucket_get_range:
 * @min_days: (out) (optional): the first day count in the bucket
 * @max_days: (out) (optional): the last day count, or -1 for the open-ended
 *   last bucket
 */
void
cbz_aging_bucket_get_range (CbzAgingBucket  bucket,
                            gint64         *min_days,
                            gint64         *max_days)
{
  g_return_if_fail ((guint) bucket < CBZ_AGING_N_BUCKETS);

  if (min_days != NULL)
    *min_days = buckets[bucket].min_days;
  if (max_days != NULL)
    *max_days = buckets[bucket].max_days;
}

/**
 * cbz_aging_bucket_get_label:
 *
 * Returns: a translated name for people, such as "31–60 days".
 */
const char *
cbz_aging_bucket_get_label (CbzAgingBucket bucket)
{
  g_return_val_if_fail ((guint) bucket < CBZ_AGING_N_BUCKETS, NULL);

  return _(buckets[bucket].label);
}

/**
 * cbz_aging_bucket_get_css_class:
 *
 * Returns: the style class for badges of this bucket: "not-due",
 *   "days-1-30", …, "days-over-120".
 */
const char *
cbz_aging_bucket_get_css_class (CbzAgingBucket bucket)
{
  g_return_val_if_fail ((guint) bucket < CBZ_AGING_N_BUCKETS, NULL);

  return buckets[bucket].css_class;
}

/**
 * cbz_aging_bucket_to_string:
 *
 * Returns: a stable name for settings and files: "not-due", "1-30", …,
 *   "over-120".
 */
const char *
cbz_aging_bucket_to_string (CbzAgingBucket bucket)
{
  g_return_val_if_fail ((guint) bucket < CBZ_AGING_N_BUCKETS, NULL);

  return buckets[bucket].nick;
}

gboolean
cbz_aging_bucket_from_string (const char     *str,
                              CbzAgingBucket *bucket)
{
  g_return_val_if_fail (bucket != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < CBZ_AGING_N_BUCKETS; i++)
    {
      if (g_str_equal (str, buckets[i].nick))
        {
          *bucket = (CbzAgingBucket) i;
          return TRUE;
        }
    }
  return FALSE;
}
