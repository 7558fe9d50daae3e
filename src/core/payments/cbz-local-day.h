/* cbz-local-day.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-date.h"

G_BEGIN_DECLS

/*
 * Days on the customer's calendar. A promise "for Friday" or an instalment
 * due on the 15th ends at midnight where the customer lives, which is not
 * midnight UTC and not always midnight on the collector's computer: these
 * turn instants (µs since the epoch, UTC) into the customer's dates and back.
 */

/* The zone named by an IANA identifier ("America/Mexico_City"); NULL or ""
 * means the computer's local zone (a customer with no zone recorded). The
 * error names the identifier. */
GTimeZone *cbz_customer_time_zone_new (const char  *identifier,
                                       GError     **error);

/* The calendar date in @tz at @instant_us. */
CbzDate    cbz_local_date_at          (gint64       instant_us,
                                       GTimeZone   *tz);

/* The first instant of @date in @tz: its midnight, or when a clock change
 * skips midnight (America/Santiago in September), the first instant that is
 * on @date. The day after @date starts at cbz_local_day_start (@date + 1). */
gint64     cbz_local_day_start        (CbzDate      date,
                                       GTimeZone   *tz);

G_END_DECLS
