/* cbz-interval.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-interval.h"
#include "cbz-payments-error.h"

static gboolean
set_invalid (const char  *text,
             GError     **error)
{
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_INTERVAL,
               _("“%s” is not an interval: write a number and d (days), w (weeks) or m "
                 "(months), such as 1m, 15d or 7d"),
               text);
  return FALSE;
}

gboolean
cbz_interval_parse (const char   *text,
                    CbzInterval  *interval,
                    GError      **error)
{
  g_autofree char *copy = NULL;
  guint64 count = 0;
  char *end = NULL;
  char unit;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (interval != NULL, FALSE);

  copy = g_strstrip (g_ascii_strdown (text, -1));
  if (!g_ascii_isdigit (copy[0]))
    return set_invalid (text, error);
  count = g_ascii_strtoull (copy, &end, 10);
  while (*end == ' ')
    end++;
  unit = end[0];
  if (unit == '\0' || end[1] != '\0' || count == 0 || count > CBZ_INTERVAL_MAX_DAYS)
    return set_invalid (text, error);

  switch (unit)
    {
    case 'd':
      *interval = (CbzInterval) { CBZ_INTERVAL_UNIT_DAYS, (guint) count };
      return TRUE;
    case 'w':
      if (count * 7 > CBZ_INTERVAL_MAX_DAYS)
        return set_invalid (text, error);
      *interval = (CbzInterval) { CBZ_INTERVAL_UNIT_DAYS, (guint) count * 7 };
      return TRUE;
    case 'm':
      if (count > CBZ_INTERVAL_MAX_MONTHS)
        return set_invalid (text, error);
      *interval = (CbzInterval) { CBZ_INTERVAL_UNIT_MONTHS, (guint) count };
      return TRUE;
    default:
      return set_invalid (text, error);
    }
}

char *
cbz_interval_to_string (CbzInterval interval)
{
  switch (interval.unit)
    {
    case CBZ_INTERVAL_UNIT_DAYS:
      return g_strdup_printf ("%ud", interval.count);
    case CBZ_INTERVAL_UNIT_MONTHS:
      return g_strdup_printf ("%um", interval.count);
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
cbz_interval_get_label (CbzInterval interval)
{
  switch (interval.unit)
    {
    case CBZ_INTERVAL_UNIT_DAYS:
      if (interval.count == 1)
        return g_strdup (_("Every day"));
      if (interval.count == 7)
        return g_strdup (_("Every week"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u day", "Every %u days",
                                           interval.count),
                              interval.count);
    case CBZ_INTERVAL_UNIT_MONTHS:
      if (interval.count == 1)
        return g_strdup (_("Every month"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u month", "Every %u months",
                                           interval.count),
                              interval.count);
    default:
      g_return_val_if_reached (NULL);
    }
}

CbzDate
cbz_interval_nth_date (CbzDate     first,
                       CbzInterval interval,
                       guint       index)
{
  g_return_val_if_fail (cbz_date_is_set (first), first);

  switch (interval.unit)
    {
    case CBZ_INTERVAL_UNIT_DAYS:
      return cbz_date_add_days (first, (gint32) (index * interval.count));
    case CBZ_INTERVAL_UNIT_MONTHS:
      /* From @first every time: chaining would lose the 31st after February. */
      return cbz_date_add_months (first, (int) (index * interval.count));
    default:
      g_return_val_if_reached (first);
    }
}
