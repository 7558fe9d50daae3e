/* cbz-metrics-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Results are few per currency: an array of structs whose first member is
 * the currency code (char[4]), searched linearly and sorted at the end. */
gpointer _cbz_metrics_for_currency (GArray     *results,
                                    const char *currency);
void     _cbz_metrics_sort_by_currency (GArray *results);

/* a + b, clamped instead of overflowing (sums of a whole portfolio in minor
 * units stay far below 2^63; this only keeps a corrupt row from wrapping). */
static inline gint64
_cbz_metrics_add (gint64 a,
                  gint64 b)
{
  if (b > 0 && a > G_MAXINT64 - b)
    return G_MAXINT64;
  if (b < 0 && a < G_MININT64 - b)
    return G_MININT64;
  return a + b;
}

/* Exact signed arithmetic: FALSE on overflow (GLib has only unsigned ones). */
static inline gboolean
_cbz_metrics_checked_mul (gint64 *dest,
                          gint64  a,
                          gint64  b)
{
  return !__builtin_mul_overflow (a, b, dest);
}

static inline gboolean
_cbz_metrics_checked_add (gint64 *dest,
                          gint64  a,
                          gint64  b)
{
  return !__builtin_add_overflow (a, b, dest);
}

static inline gboolean
_cbz_metrics_checked_sub (gint64 *dest,
                          gint64  a,
                          gint64  b)
{
  return !__builtin_sub_overflow (a, b, dest);
}

G_END_DECLS
