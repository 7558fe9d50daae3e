/* cbz-zone-time.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-date.h"

G_BEGIN_DECLS

/*
 * Instants (µs since the epoch, UTC) against a customer's local calendar,
 * without a GDateTime per call: the planner does this for every customer
 * and day it looks at. A local time that does not exist (the hour skipped
 * when clocks go forward) becomes the first instant after the jump, as
 * GLib makes it.
 */

/* The local calendar date of @us in @zone. */
CbzDate  cbz_zone_time_get_date        (GTimeZone  *zone,
                                        gint64      us);
/* The same as days since 1970-01-01 (cbz_date_to_days()). */
gint32   cbz_zone_time_get_day         (GTimeZone  *zone,
                                        gint64      us);
/* Minutes since local midnight of @us in @zone (0..1439). */
guint16  cbz_zone_time_get_minutes     (GTimeZone  *zone,
                                        gint64      us);
/* The instant of @minutes (0..1440; 1440 is the next midnight) past local
 * midnight of @date in @zone. */
gint64   cbz_zone_time_to_instant      (GTimeZone  *zone,
                                        CbzDate     date,
                                        guint       minutes);
/* The same for a day given as days since 1970-01-01. */
gint64   cbz_zone_time_day_to_instant  (GTimeZone  *zone,
                                        gint32      day,
                                        guint       minutes);
/* The UTC offset in @zone at @us, in seconds. */
int      cbz_zone_time_get_offset      (GTimeZone  *zone,
                                        gint64      us);
/* "2027-03-17T09:00:00-06:00": ISO 8601 with the zone's offset at that
 * instant, always with seconds.
 * (transfer full) */
char    *cbz_zone_time_format_iso      (GTimeZone  *zone,
                                        gint64      us);

G_END_DECLS
