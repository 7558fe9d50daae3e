/* cbz-ratio.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * An exact fraction, for the figures of the dashboard: DSO in days, rates
 * and shares. Figures made of money are computed on integer minor units and
 * kept as num/den; only showing them rounds, half away from zero, to the
 * decimals asked (76.714285… days shows as 76.71; 0.55929… as 55.9 %).
 * A ratio with @den 0 is undefined (a rate over nothing): show a dash.
 */
typedef struct
{
  gint64 num;
  gint64 den;  /* > 0, or 0 for "undefined" */
} CbzRatio;

/* @den may be negative (the sign moves to @num) or 0 (undefined). */
CbzRatio  cbz_ratio_init            (gint64    num,
                                     gint64    den);
gboolean  cbz_ratio_is_defined      (CbzRatio  ratio);
/* Compares exactly: -1, 0, 1. Undefined ratios sort first. */
int       cbz_ratio_compare         (CbzRatio  a,
                                     CbzRatio  b);

/* @ratio × 10^@decimals rounded half away from zero into @scaled: 76.714…
 * with 2 decimals is 7671. FALSE when undefined or too large. */
gboolean  cbz_ratio_to_scaled       (CbzRatio  ratio,
                                     guint     decimals,
                                     gint64   *scaled);
/* "76.71": with a dot, for files and JSON. NULL when undefined. */
char     *cbz_ratio_to_string       (CbzRatio  ratio,
                                     guint     decimals);
/* "76.71" or "76,71": the decimal mark of the current LC_NUMERIC locale.
 * NULL when undefined. */
char     *cbz_ratio_format          (CbzRatio  ratio,
                                     guint     decimals);
/* The same for @ratio × 100, without the % sign: 0.55929… -> "55.9". */
char     *cbz_ratio_to_percent_string (CbzRatio ratio,
                                       guint    decimals);
char     *cbz_ratio_format_percent  (CbzRatio  ratio,
                                     guint     decimals);

G_END_DECLS
