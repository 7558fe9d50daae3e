/* cbz-local-day.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-local-day.h"
#include "cbz-payments-error.h"

#define SECONDS_PER_DAY 86400

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static gint32
date_days_at_second (gint64     seconds,
                     GTimeZone *tz)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, seconds);
  gint64 local = seconds + g_time_zone_get_offset (tz, interval);

  return (gint32) floor_div (local, SECONDS_PER_DAY);
}

GTimeZone *
cbz_customer_time_zone_new (const char  *identifier,
                            GError     **error)
{
  GTimeZone *tz;

  if (identifier == NULL || identifier[0] == '\0')
    return g_time_zone_new_local ();

  tz = g_time_zone_new_identifier (identifier);
  if (tz == NULL)
    g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_TIME_ZONE,
                 _("“%s” is not a time zone this computer knows (expected a name like "
                   "America/Mexico_City)"),
                 identifier);
  return tz;
}

CbzDate
cbz_local_date_at (gint64     instant_us,
                   GTimeZone *tz)
{
  g_return_val_if_fail (tz != NULL, (CbzDate) { 0 });

  return cbz_date_from_days (date_days_at_second (floor_div (instant_us, G_USEC_PER_SEC), tz));
}

gint64
cbz_local_day_start (CbzDate    date,
                     GTimeZone *tz)
{
  gint32 day;
  gint64 lo, hi;

  g_return_val_if_fail (cbz_date_is_set (date), 0);
  g_return_val_if_fail (tz != NULL, 0);

  /* UTC offsets lie within -12 h .. +14 h, so the day starts between these
   * two seconds: lo is still on the day before everywhere, hi already on
   * the day. Clock changes happen on whole seconds; bisect to the first
   * second whose local date is @date. */
  day = cbz_date_to_days (date);
  lo = (gint64) day * SECONDS_PER_DAY - 15 * 3600;
  hi = (gint64) day * SECONDS_PER_DAY + 13 * 3600;
  g_assert (date_days_at_second (lo, tz) < day);
  g_assert (date_days_at_second (hi, tz) >= day);

  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (date_days_at_second (mid, tz) >= day)
        hi = mid;
      else
        lo = mid;
    }
  return hi * G_USEC_PER_SEC;
}
