/* cbz-zone-time.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-zone-time.h"

#define SECONDS_PER_DAY 86400

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int
cbz_zone_time_get_offset (GTimeZone *zone,
                          gint64     us)
{
  gint64 secs = floor_div (us, G_USEC_PER_SEC);
  int interval;

  g_return_val_if_fail (zone != NULL, 0);

  interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, secs);
  if (interval < 0)
    interval = 0;
  return g_time_zone_get_offset (zone, interval);
}

CbzDate
cbz_zone_time_get_date (GTimeZone *zone,
                        gint64     us)
{
  gint64 local = floor_div (us, G_USEC_PER_SEC) + cbz_zone_time_get_offset (zone, us);

  return cbz_date_from_days ((gint32) floor_div (local, SECONDS_PER_DAY));
}

guint16
cbz_zone_time_get_minutes (GTimeZone *zone,
                           gint64     us)
{
  gint64 local = floor_div (us, G_USEC_PER_SEC) + cbz_zone_time_get_offset (zone, us);
  gint64 in_day = local - floor_div (local, SECONDS_PER_DAY) * SECONDS_PER_DAY;

  return (guint16) (in_day / 60);
}

gint64
cbz_zone_time_to_instant (GTimeZone *zone,
                          CbzDate    date,
                          guint      minutes)
{
  gint64 local;
  int interval;

  g_return_val_if_fail (zone != NULL, 0);

  local = (gint64) cbz_date_to_days (date) * SECONDS_PER_DAY + (gint64) minutes * 60;
  interval = g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &local);
  if (interval < 0)
    interval = 0;
  return (local - g_time_zone_get_offset (zone, interval)) * G_USEC_PER_SEC;
}

char *
cbz_zone_time_format_iso (GTimeZone *zone,
                          gint64     us)
{
  int offset = cbz_zone_time_get_offset (zone, us);
  gint64 local = floor_div (us, G_USEC_PER_SEC) + offset;
  CbzDate date = cbz_date_from_days ((gint32) floor_div (local, SECONDS_PER_DAY));
  gint64 in_day = local - floor_div (local, SECONDS_PER_DAY) * SECONDS_PER_DAY;
  int abs_offset = ABS (offset);

  return g_strdup_printf ("%04u-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                          date.year, date.month, date.day,
                          (int) (in_day / 3600), (int) (in_day / 60 % 60), (int) (in_day % 60),
                          offset < 0 ? '-' : '+', abs_offset / 3600, abs_offset / 60 % 60);
}
