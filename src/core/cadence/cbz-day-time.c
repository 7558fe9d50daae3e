/* cbz-day-time.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-day-time.h"

static const struct
{
  const char *nick;
  const char *name;
  const char *label;
  const char *short_label;
} weekdays[] = {
  { "mon", "monday", N_("Monday"), NC_("weekday", "Mon") },
  { "tue", "tuesday", N_("Tuesday"), NC_("weekday", "Tue") },
  { "wed", "wednesday", N_("Wednesday"), NC_("weekday", "Wed") },
  { "thu", "thursday", N_("Thursday"), NC_("weekday", "Thu") },
  { "fri", "friday", N_("Friday"), NC_("weekday", "Fri") },
  { "sat", "saturday", N_("Saturday"), NC_("weekday", "Sat") },
  { "sun", "sunday", N_("Sunday"), NC_("weekday", "Sun") },
};

const char *
cbz_weekday_to_string (int weekday)
{
  if (weekday < 1 || weekday > 7)
    return NULL;
  return weekdays[weekday - 1].nick;
}

gboolean
cbz_weekday_from_string (const char *text,
                         int        *weekday)
{
  g_return_val_if_fail (weekday != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (weekdays); i++)
    {
      if (g_ascii_strcasecmp (text, weekdays[i].nick) == 0 ||
          g_ascii_strcasecmp (text, weekdays[i].name) == 0)
        {
          *weekday = (int) i + 1;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
cbz_weekday_get_label (int weekday)
{
  g_return_val_if_fail (weekday >= 1 && weekday <= 7, NULL);

  return _(weekdays[weekday - 1].label);
}

const char *
cbz_weekday_get_short_label (int weekday)
{
  g_return_val_if_fail (weekday >= 1 && weekday <= 7, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "weekday", weekdays[weekday - 1].short_label);
}

guint
cbz_weekdays_count (CbzWeekdays days)
{
  guint n = 0;

  for (int wd = 1; wd <= 7; wd++)
    if (days & CBZ_WEEKDAY_BIT (wd))
      n++;
  return n;
}

char *
cbz_weekdays_format (CbzWeekdays days)
{
  GString *out;

  if ((days & CBZ_WEEKDAYS_ALL) == CBZ_WEEKDAYS_ALL)
    return g_strdup (_("every day"));

  out = g_string_new (NULL);
  for (int wd = 1; wd <= 7; wd++)
    {
      if (!(days & CBZ_WEEKDAY_BIT (wd)))
        continue;
      if (out->len > 0)
        /* Translators: separates the days in a list like "Mon, Tue, Fri" */
        g_string_append (out, _(", "));
      g_string_append (out, cbz_weekday_get_short_label (wd));
    }
  return g_string_free (out, FALSE);
}

gboolean
cbz_time_of_day_parse (const char *text,
                       gboolean    allow_end_of_day,
                       guint16    *minutes)
{
  int hours, mins;

  g_return_val_if_fail (minutes != NULL, FALSE);

  if (text == NULL || strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  hours = (text[0] - '0') * 10 + (text[1] - '0');
  mins = (text[3] - '0') * 10 + (text[4] - '0');
  if (mins > 59)
    return FALSE;
  if (hours == 24 && mins == 0 && allow_end_of_day)
    {
      *minutes = CBZ_MINUTES_PER_DAY;
      return TRUE;
    }
  if (hours > 23)
    return FALSE;
  *minutes = (guint16) (hours * 60 + mins);
  return TRUE;
}

char *
cbz_time_of_day_format (guint16  minutes,
                        char    *buffer)
{
  g_return_val_if_fail (buffer != NULL, NULL);

  g_snprintf (buffer, 6, "%02u:%02u", (guint) (minutes / 60) % 100, (guint) minutes % 60);
  return buffer;
}

CbzTimeWindow
cbz_time_window_init (guint16 start,
                      guint16 end)
{
  CbzTimeWindow window = { start, end };

  return window;
}

gboolean
cbz_time_window_is_empty (CbzTimeWindow window)
{
  return window.start >= window.end;
}

CbzTimeWindow
cbz_time_window_intersect (CbzTimeWindow a,
                           CbzTimeWindow b)
{
  CbzTimeWindow out;

  out.start = MAX (a.start, b.start);
  out.end = MIN (a.end, b.end);
  if (out.start >= out.end)
    out.start = out.end = 0;
  return out;
}

gboolean
cbz_time_window_equal (CbzTimeWindow a,
                       CbzTimeWindow b)
{
  return a.start == b.start && a.end == b.end;
}

char *
cbz_time_window_format (CbzTimeWindow window)
{
  char start[6], end[6];

  cbz_time_of_day_format (window.start, start);
  cbz_time_of_day_format (window.end, end);
  /* Translators: a span of time of day, "09:00–10:00" */
  return g_strdup_printf (_("%s–%s"), start, end);
}
