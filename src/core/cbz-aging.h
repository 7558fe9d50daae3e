/* cbz-aging.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * How late a debt is, in the buckets collection work is organised by. A
 * debtor's bucket comes from the days overdue of their oldest open invoice.
 */
typedef enum
{
  CBZ_AGING_NOT_DUE,     /* 0 days overdue (not yet due, or due today) */
  CBZ_AGING_1_30,
  CBZ_AGING_31_60,
  CBZ_AGING_61_90,
  CBZ_AGING_91_120,
  CBZ_AGING_OVER_120,
} CbzAgingBucket;

#define CBZ_AGING_N_BUCKETS (CBZ_AGING_OVER_120 + 1)

#define CBZ_TYPE_AGING_BUCKET (cbz_aging_bucket_get_type ())
GType           cbz_aging_bucket_get_type      (void) G_GNUC_CONST;

CbzAgingBucket  cbz_aging_bucket_for_days      (gint64          days_overdue);
void            cbz_aging_bucket_get_range     (CbzAgingBucket  bucket,
                                                gint64         *min_days,
                                                gint64         *max_days);
const char     *cbz_aging_bucket_get_label     (CbzAgingBucket  bucket);
const char     *cbz_aging_bucket_get_css_class (CbzAgingBucket  bucket);
const char     *cbz_aging_bucket_to_string     (CbzAgingBucket  bucket);
gboolean        cbz_aging_bucket_from_string   (const char     *str,
                                                CbzAgingBucket *bucket);

G_END_DECLS
