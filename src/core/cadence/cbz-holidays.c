/* cbz-holidays.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-holidays-private.h"

static const char * const countries[] = { "AR", "CL", "CO", "EC", "MX", "PE", "US", NULL };

/* Computed years, kept for the life of the process: a few dozen small
 * arrays at most, and lookups happen for every customer and day planned,
 * so a year once computed is read without a lock. */
#define CACHE_FIRST_YEAR 1900
#define CACHE_YEARS 300
static GArray *cache[7][CACHE_YEARS];

CbzDate
cbz_easter_sunday (int year)
{
  int a, b, c, d, e, f, g, h, i, k, l, m, month, day;

  g_return_val_if_fail (year >= 1583 && year <= 9999, (CbzDate) { 0 });

  /* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
  a = year % 19;
  b = year / 100;
  c = year % 100;
  d = b / 4;
  e = b % 4;
  f = (b + 8) / 25;
  g = (b - f + 1) / 3;
  h = (19 * a + b - d - g + 15) % 30;
  i = c / 4;
  k = c % 4;
  l = (32 + 2 * e + 2 * i - h - k) % 7;
  m = (a + 11 * h + 22 * l) / 451;
  month = (h + l - 7 * m + 114) / 31;
  day = ((h + l - 7 * m + 114) % 31) + 1;
  return cbz_date_init (year, month, day);
}

CbzDate
cbz_date_nth_weekday (int year,
                      int month,
                      int weekday,
                      int n)
{
  CbzDate date;
  int shift;

  g_return_val_if_fail (month >= 1 && month <= 12, (CbzDate) { 0 });
  g_return_val_if_fail (weekday >= 1 && weekday <= 7, (CbzDate) { 0 });

  if (n == -1)
    {
      date = cbz_date_init (year, month, cbz_date_days_in_month (year, month));
      shift = (cbz_date_get_weekday (date) - weekday + 7) % 7;
      return cbz_date_add_days (date, -shift);
    }

  g_return_val_if_fail (n >= 1 && n <= 5, (CbzDate) { 0 });

  date = cbz_date_init (year, month, 1);
  shift = (weekday - cbz_date_get_weekday (date) + 7) % 7;
  date = cbz_date_add_days (date, shift + 7 * (n - 1));
  if (date.month != month)
    return (CbzDate) { 0 };
  return date;
}

const char * const *
cbz_holidays_list_countries (void)
{
  return countries;
}

gboolean
cbz_holidays_has_country (const char *country)
{
  if (country == NULL)
    return FALSE;
  for (guint i = 0; countries[i] != NULL; i++)
    if (g_ascii_strcasecmp (country, countries[i]) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_holidays (gconstpointer a,
                  gconstpointer b)
{
  const CbzHoliday *ha = a, *hb = b;
  int cmp = cbz_date_compare (ha->date, hb->date);

  if (cmp != 0)
    return cmp;
  return strcmp (ha->id, hb->id);
}

GArray *
cbz_holidays_for_year (const char *country,
                       int         year)
{
  g_autoptr(GArray) holidays = NULL;
  char upper[3];

  if (country == NULL || strlen (country) != 2 || year < 1583 || year > 9999)
    return NULL;

  upper[0] = g_ascii_toupper (country[0]);
  upper[1] = g_ascii_toupper (country[1]);
  upper[2] = '\0';

  holidays = g_array_new (FALSE, FALSE, sizeof (CbzHoliday));
  if (!_cbz_holidays_compute (upper, year, holidays))
    return NULL;
  /* A New Year's Day on a Saturday is observed on 31 December of the year
   * before (United States, Ecuador). */
  if (year < 9999)
    {
      g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (CbzHoliday));

      _cbz_holidays_compute (upper, year + 1, next);
      for (guint i = 0; i < next->len; i++)
        if (g_array_index (next, CbzHoliday, i).date.year == year)
          g_array_append_val (holidays, g_array_index (next, CbzHoliday, i));
    }
  for (guint i = holidays->len; i > 0; i--)
    if (g_array_index (holidays, CbzHoliday, i - 1).date.year != year)
      g_array_remove_index_fast (holidays, i - 1);
  g_array_sort (holidays, compare_holidays);
  return g_steal_pointer (&holidays);
}

static int
country_index (const char *country)
{
  for (guint i = 0; countries[i] != NULL; i++)
    if (g_ascii_toupper (country[0]) == countries[i][0] && g_ascii_toupper (country[1]) == countries[i][1])
      return (int) i;
  return -1;
}

/* (transfer none) The holidays of a cached year, computing them once. */
static GArray *
lookup_year (int country,
             int year)
{
  GArray **slot = &cache[country][year - CACHE_FIRST_YEAR];
  GArray *holidays = g_atomic_pointer_get (slot);

  if (holidays != NULL)
    return holidays;

  holidays = cbz_holidays_for_year (countries[country], year);
  if (!g_atomic_pointer_compare_and_exchange (slot, NULL, holidays))
    {
      /* Another thread computed it first: use theirs. */
      g_array_unref (holidays);
      holidays = g_atomic_pointer_get (slot);
    }
  return holidays;
}

static const CbzHoliday *
find_in (const GArray *holidays,
         CbzDate       date)
{
  /* A dozen or two entries in date order. */
  for (guint i = 0; i < holidays->len; i++)
    {
      const CbzHoliday *holiday = &g_array_index (holidays, CbzHoliday, i);
      int cmp = cbz_date_compare (holiday->date, date);

      if (cmp == 0)
        return holiday;
      if (cmp > 0)
        break;
    }
  return NULL;
}

const CbzHoliday *
cbz_holidays_lookup (const char *country,
                     CbzDate     date)
{
  int index;

  if (country == NULL || country[0] == '\0' || country[1] == '\0' || country[2] != '\0' ||
      !cbz_date_is_set (date) || (index = country_index (country)) < 0)
    return NULL;

  if (date.year < CACHE_FIRST_YEAR || date.year >= CACHE_FIRST_YEAR + CACHE_YEARS)
    {
      /* Far from today: kept in a table under a lock, as rare as it is. */
      static GMutex far_lock;
      static GHashTable *far_years;  /* "CL-2400" -> GArray */
      g_autofree char *key = g_strdup_printf ("%s-%d", countries[index], date.year);
      GArray *holidays;

      g_mutex_lock (&far_lock);
      if (far_years == NULL)
        far_years = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
      holidays = g_hash_table_lookup (far_years, key);
      if (holidays == NULL && (holidays = cbz_holidays_for_year (countries[index], date.year)) != NULL)
        g_hash_table_insert (far_years, g_steal_pointer (&key), holidays);
      g_mutex_unlock (&far_lock);
      return holidays != NULL ? find_in (holidays, date) : NULL;
    }

  return find_in (lookup_year (index, date.year), date);
}

char *
cbz_holiday_get_name (const CbzHoliday *holiday)
{
  g_return_val_if_fail (holiday != NULL, NULL);

  if (cbz_date_is_set (holiday->actual))
    /* Translators: a public holiday moved to another day, "Independence Day (observed)" */
    return g_strdup_printf (_("%s (observed)"), _(holiday->name));
  return g_strdup (_(holiday->name));
}
