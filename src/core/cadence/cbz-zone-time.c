/* cbz-zone-time.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-zone-time.h"

#define SECONDS_PER_DAY 86400

/*
 * The planner turns instants into local days and back for every customer
 * and day it looks at; GLib answers each question with a search through the
 * zone's transitions. A small cache per thread remembers, for each day
 * asked about (a UTC day, or a local one), the zone's offset when that day
 * has a single offset throughout: every day but the two a year when clocks
 * change, which go to GLib every time. Each entry holds a reference to its
 * zone, so a zone's address cannot be reused by another while cached.
 */
#define CACHE_SIZE 4096

typedef struct
{
  GTimeZone *zone;
  gint32     day;
  gboolean   local;     /* a local day (TRUE) or a UTC one */
  gboolean   uniform;   /* one offset the whole day */
  int        offset;
} CacheEntry;

static void
free_cache (gpointer data)
{
  CacheEntry *entries = data;

  for (guint i = 0; i < CACHE_SIZE; i++)
    if (entries[i].zone != NULL)
      g_time_zone_unref (entries[i].zone);
  g_free (entries);
}

static GPrivate cache_key = G_PRIVATE_INIT (free_cache);

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static CacheEntry *
cache_slot (GTimeZone *zone,
            gint32     day,
            gboolean   local)
{
  CacheEntry *entries = g_private_get (&cache_key);
  guint index;

  if (entries == NULL)
    {
      entries = g_new0 (CacheEntry, CACHE_SIZE);
      g_private_set (&cache_key, entries);
    }
  index = ((guint) day * 2654435761u ^ (guint) (GPOINTER_TO_SIZE (zone) >> 4) ^ (guint) local) % CACHE_SIZE;
  return &entries[index];
}

static void
cache_store (CacheEntry *entry,
             GTimeZone  *zone,
             gint32      day,
             gboolean    local,
             gboolean    uniform,
             int         offset)
{
  if (entry->zone != zone)
    {
      if (entry->zone != NULL)
        g_time_zone_unref (entry->zone);
      entry->zone = g_time_zone_ref (zone);
    }
  entry->day = day;
  entry->local = local;
  entry->uniform = uniform;
  entry->offset = offset;
}

static int
glib_offset_at_utc (GTimeZone *zone,
                    gint64     secs)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, secs);

  return g_time_zone_get_offset (zone, MAX (interval, 0));
}

/* The offset at @secs UTC. */
static int
offset_at_utc (GTimeZone *zone,
               gint64     secs)
{
  gint32 day = (gint32) floor_div (secs, SECONDS_PER_DAY);
  CacheEntry *entry = cache_slot (zone, day, FALSE);
  int first, last;

  if (entry->zone != zone || entry->day != day || entry->local)
    {
      first = glib_offset_at_utc (zone, (gint64) day * SECONDS_PER_DAY);
      last = glib_offset_at_utc (zone, (gint64) day * SECONDS_PER_DAY + SECONDS_PER_DAY - 1);
      cache_store (entry, zone, day, FALSE, first == last, first);
    }
  if (entry->uniform)
    return entry->offset;
  return glib_offset_at_utc (zone, secs);
}

/* The instant of local time @local (seconds since the epoch as if the zone
 * were UTC), as GLib reads it (a skipped time moves after the jump). */
static gint64
glib_local_to_utc (GTimeZone *zone,
                   gint64     local,
                   int       *offset)
{
  int interval = g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &local);

  *offset = g_time_zone_get_offset (zone, MAX (interval, 0));
  return local - *offset;
}

int
cbz_zone_time_get_offset (GTimeZone *zone,
                          gint64     us)
{
  g_return_val_if_fail (zone != NULL, 0);

  return offset_at_utc (zone, floor_div (us, G_USEC_PER_SEC));
}

gint32
cbz_zone_time_get_day (GTimeZone *zone,
                       gint64     us)
{
  gint64 secs = floor_div (us, G_USEC_PER_SEC);

  return (gint32) floor_div (secs + offset_at_utc (zone, secs), SECONDS_PER_DAY);
}

CbzDate
cbz_zone_time_get_date (GTimeZone *zone,
                        gint64     us)
{
  return cbz_date_from_days (cbz_zone_time_get_day (zone, us));
}

guint16
cbz_zone_time_get_minutes (GTimeZone *zone,
                           gint64     us)
{
  gint64 secs = floor_div (us, G_USEC_PER_SEC);
  gint64 local = secs + offset_at_utc (zone, secs);
  gint64 in_day = local - floor_div (local, SECONDS_PER_DAY) * SECONDS_PER_DAY;

  return (guint16) (in_day / 60);
}

gint64
cbz_zone_time_day_to_instant (GTimeZone *zone,
                              gint32     day,
                              guint      minutes)
{
  gint64 local = (gint64) day * SECONDS_PER_DAY + (gint64) minutes * 60;
  CacheEntry *entry;
  int first, last;

  g_return_val_if_fail (zone != NULL, 0);

  entry = cache_slot (zone, day, TRUE);
  if (entry->zone != zone || entry->day != day || !entry->local)
    {
      gint64 start = (gint64) day * SECONDS_PER_DAY;
      gint64 first_utc = glib_local_to_utc (zone, start, &first);
      gint64 last_utc = glib_local_to_utc (zone, start + SECONDS_PER_DAY, &last);

      /* Uniform when neither end was moved and the offset did not change. */
      cache_store (entry, zone, day, TRUE,
                   first == last && first_utc == start - first && last_utc == start + SECONDS_PER_DAY - last,
                   first);
    }
  if (entry->uniform)
    return (local - entry->offset) * G_USEC_PER_SEC;
  return glib_local_to_utc (zone, local, &first) * G_USEC_PER_SEC;
}

gint64
cbz_zone_time_to_instant (GTimeZone *zone,
                          CbzDate    date,
                          guint      minutes)
{
  return cbz_zone_time_day_to_instant (zone, cbz_date_to_days (date), minutes);
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
