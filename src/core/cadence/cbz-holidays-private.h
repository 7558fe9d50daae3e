/* cbz-holidays-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-holidays.h"

G_BEGIN_DECLS

/* Appends the holidays of @country in @year to @out (unsorted); FALSE for a
 * country without a calendar. */
gboolean _cbz_holidays_compute         (const char *country,
                                        int         year,
                                        GArray     *out);
/* The instant of the June solstice of @year, in seconds since the epoch
 * (Meeus, Astronomical Algorithms, ch. 27; within a minute for 1000..3000). */
gint64   _cbz_holidays_june_solstice   (int         year);

G_END_DECLS
