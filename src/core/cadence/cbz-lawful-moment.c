/* cbz-lawful-moment.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-contact-rules-private.h"
#include "cbz-lawful-moment.h"
#include "cbz-zone-time.h"

#define SEARCH_DAYS 366

static const char * const reason_nicks[] = {
  [CBZ_DEFER_NONE] = NULL,
  [CBZ_DEFER_OUTSIDE_HOURS] = "outside-hours",
  [CBZ_DEFER_OUTSIDE_WINDOW] = "outside-window",
  [CBZ_DEFER_DAY_NOT_ALLOWED] = "day-not-allowed",
  [CBZ_DEFER_STEP_WEEKDAY] = "step-weekday",
  [CBZ_DEFER_HOLIDAY] = "holiday",
  [CBZ_DEFER_CLOSED_DAY] = "closed-day",
  [CBZ_DEFER_FREQUENCY_CAP] = "frequency-cap",
  [CBZ_DEFER_NEVER] = "never",
};

const char *
cbz_defer_reason_to_string (CbzDeferReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (reason_nicks), NULL);

  return reason_nicks[reason];
}

typedef struct
{
  CbzDeferReason         reason;
  const CbzHoliday      *holiday;
  const CbzFrequencyCap *cap;
  CbzTimeWindow          window;
} DayCheck;

/* 1 = Monday .. 7 = Sunday; 1970-01-01 was a Thursday. */
static int
weekday_of (gint32 day)
{
  return (int) (((day % 7) + 7 + 3) % 7) + 1;
}

/* Whether @day (days since the epoch) is open at all, ignoring the time of
 * day, and its window. */
static gboolean
check_day (const CbzLawfulQuery *query,
           gint32                day,
           gboolean              with_caps,
           DayCheck             *check)
{
  const CbzContactRules *rules = query->rules;
  int weekday = weekday_of (day);
  CbzTimeWindow hours = rules->hours[weekday - 1];

  check->holiday = NULL;
  check->cap = NULL;

  if (cbz_time_window_is_empty (hours))
    {
      check->reason = CBZ_DEFER_DAY_NOT_ALLOWED;
      return FALSE;
    }
  if (query->weekdays != 0 && !(query->weekdays & CBZ_WEEKDAY_BIT (weekday)))
    {
      check->reason = CBZ_DEFER_STEP_WEEKDAY;
      return FALSE;
    }
  if (rules->avoid_holidays && rules->country != NULL &&
      (check->holiday = cbz_holidays_lookup (rules->country, cbz_date_from_days (day))) != NULL)
    {
      check->reason = CBZ_DEFER_HOLIDAY;
      return FALSE;
    }
  if (rules->closed_dates->len > 0 && cbz_contact_rules_is_closed_date (rules, cbz_date_from_days (day)))
    {
      check->reason = CBZ_DEFER_CLOSED_DAY;
      return FALSE;
    }
  check->window = hours;
  if (query->has_window)
    {
      check->window = cbz_time_window_intersect (hours, query->window);
      if (cbz_time_window_is_empty (check->window))
        {
          check->reason = CBZ_DEFER_OUTSIDE_WINDOW;
          return FALSE;
        }
    }
  if (with_caps && query->channel != CBZ_EVENT_CHANNEL_NONE)
    {
      for (guint i = 0; i < rules->caps->len; i++)
        {
          const CbzFrequencyCap *cap = &g_array_index (rules->caps, CbzFrequencyCap, i);

          gboolean allowed = query->contact_days != NULL
                               ? _cbz_frequency_cap_allows_days (cap, day, query->channel,
                                                                 query->contacts, query->contact_days,
                                                                 query->n_contacts)
                               : cbz_frequency_cap_allows (cap, query->zone, cbz_date_from_days (day), query->channel,
                                                           query->contacts, query->n_contacts);

          if (!allowed)
            {
              check->reason = CBZ_DEFER_FREQUENCY_CAP;
              check->cap = cap;
              return FALSE;
            }
        }
    }
  check->reason = CBZ_DEFER_NONE;
  return TRUE;
}

gboolean
cbz_lawful_moment_day_window (const CbzLawfulQuery *query,
                              CbzDate               date,
                              CbzTimeWindow        *window)
{
  DayCheck check;

  g_return_val_if_fail (query != NULL && query->rules != NULL, FALSE);

  if (!check_day (query, cbz_date_to_days (date), FALSE, &check))
    return FALSE;
  if (window != NULL)
    *window = check.window;
  return TRUE;
}

/* Why an instant at @minutes of an open day is outside its window. */
static CbzDeferReason
time_reason (const CbzLawfulQuery *query,
             gint32                day,
             guint                 minutes)
{
  CbzTimeWindow hours = query->rules->hours[weekday_of (day) - 1];

  if (minutes < hours.start || minutes >= hours.end)
    return CBZ_DEFER_OUTSIDE_HOURS;
  return CBZ_DEFER_OUTSIDE_WINDOW;
}

static void
note (CbzLawfulMoment *out,
      CbzDeferReason   reason,
      gint32           day,
      const DayCheck  *check)
{
  if (out->reason != CBZ_DEFER_NONE || reason == CBZ_DEFER_NONE)
    return;
  out->reason = reason;
  out->reason_date = cbz_date_from_days (day);
  out->holiday = check != NULL ? check->holiday : NULL;
  out->cap = check != NULL ? check->cap : NULL;
}

gboolean
cbz_lawful_moment_find (const CbzLawfulQuery *query,
                        gint64                from,
                        CbzLawfulMoment      *out)
{
  gint32 day;
  guint minutes;

  g_return_val_if_fail (query != NULL && query->rules != NULL && query->zone != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = (CbzLawfulMoment) { 0 };
  day = cbz_zone_time_get_day (query->zone, from);
  minutes = cbz_zone_time_get_minutes (query->zone, from);

  for (guint i = 0; i < SEARCH_DAYS; i++, day++, minutes = 0)
    {
      DayCheck check;
      gint64 start, end, at;

      if (!check_day (query, day, TRUE, &check))
        {
          note (out, check.reason, day, &check);
          continue;
        }
      start = cbz_zone_time_day_to_instant (query->zone, day, check.window.start);
      end = cbz_zone_time_day_to_instant (query->zone, day, check.window.end);
      at = i == 0 ? MAX (from, start) : start;
      if (at >= end)
        {
          note (out, time_reason (query, day, minutes), day, NULL);
          continue;
        }
      if (at > from && i == 0)
        note (out, time_reason (query, day, minutes), day, NULL);
      out->at = at;
      return TRUE;
    }

  out->at = 0;
  out->reason = CBZ_DEFER_NEVER;
  out->reason_date = cbz_zone_time_get_date (query->zone, from);
  out->holiday = NULL;
  out->cap = NULL;
  return FALSE;
}

char *
cbz_lawful_moment_describe (const CbzLawfulMoment *moment,
                            const CbzLawfulQuery  *query)
{
  g_return_val_if_fail (moment != NULL, NULL);

  switch (moment->reason)
    {
    case CBZ_DEFER_NONE:
      return NULL;
    case CBZ_DEFER_OUTSIDE_HOURS:
      if (query != NULL && cbz_date_is_set (moment->reason_date))
        {
          CbzTimeWindow hours = query->rules->hours[cbz_date_get_weekday (moment->reason_date) - 1];
          g_autofree char *window = cbz_time_window_format (hours);

          return g_strdup_printf (_("Outside contact hours (%s)"), window);
        }
      return g_strdup (_("Outside contact hours"));
    case CBZ_DEFER_OUTSIDE_WINDOW:
      if (query != NULL && query->has_window)
        {
          g_autofree char *window = cbz_time_window_format (query->window);

          return g_strdup_printf (_("Outside the step’s send window (%s)"), window);
        }
      return g_strdup (_("Outside the step’s send window"));
    case CBZ_DEFER_DAY_NOT_ALLOWED:
      return g_strdup_printf (_("No contact is allowed on %s"),
                              cbz_weekday_get_label (cbz_date_get_weekday (moment->reason_date)));
    case CBZ_DEFER_STEP_WEEKDAY:
      return g_strdup_printf (_("The step does not go out on %s"),
                              cbz_weekday_get_label (cbz_date_get_weekday (moment->reason_date)));
    case CBZ_DEFER_HOLIDAY:
      {
        g_autofree char *name = moment->holiday != NULL ? cbz_holiday_get_name (moment->holiday) : g_strdup ("");

        return g_strdup_printf (_("Holiday: %s"), name);
      }
    case CBZ_DEFER_CLOSED_DAY:
      {
        g_autofree char *date = cbz_date_format_long (moment->reason_date, NULL);

        return g_strdup_printf (_("The business makes no contact on %s"), date);
      }
    case CBZ_DEFER_FREQUENCY_CAP:
      return g_strdup_printf (_("Frequency cap: %s"),
                              moment->cap != NULL && moment->cap->label != NULL ? moment->cap->label : "");
    case CBZ_DEFER_NEVER:
      return g_strdup (_("No lawful moment within a year: the step’s window and days never meet the contact hours"));
    default:
      g_return_val_if_reached (NULL);
    }
}
