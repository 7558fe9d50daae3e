/* cbz-day-time.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Weekdays and times of day, as cadences and contact rules speak of them:
 * always in the CUSTOMER's local time.
 *
 * Weekdays are numbered as cbz_date_get_weekday() does: 1 = Monday ..
 * 7 = Sunday. A set of weekdays is a bit mask (CBZ_WEEKDAY_BIT (1) is
 * Monday). Their string forms are the ones of the cadence format: "mon",
 * "tue", "wed", "thu", "fri", "sat", "sun".
 *
 * A time of day is minutes since local midnight, 0 .. 1440 ("24:00" is the
 * end of the day, allowed only as the end of a window).
 */
typedef guint8 CbzWeekdays;

#define CBZ_WEEKDAY_BIT(weekday) ((CbzWeekdays) (1u << ((weekday) - 1)))
#define CBZ_WEEKDAYS_NONE    ((CbzWeekdays) 0)
#define CBZ_WEEKDAYS_MON_FRI ((CbzWeekdays) 0x1f)
#define CBZ_WEEKDAYS_MON_SAT ((CbzWeekdays) 0x3f)
#define CBZ_WEEKDAYS_ALL     ((CbzWeekdays) 0x7f)

#define CBZ_MINUTES_PER_DAY 1440

/* A span of local time on one day: [start, end) in minutes since midnight,
 * start < end <= 1440. */
typedef struct
{
  guint16 start;
  guint16 end;
} CbzTimeWindow;

/* "mon" .. "sun"; NULL outside 1..7. */
const char *cbz_weekday_to_string        (int                  weekday);
/* "mon", "Monday", "MON" (English, three letters or the full name, any
 * case). FALSE when it is none of them. */
gboolean    cbz_weekday_from_string      (const char          *text,
                                          int                 *weekday);
/* Translated full name: "Monday" / "lunes". */
const char *cbz_weekday_get_label        (int                  weekday);
/* Translated short name: "Mon" / "lun". */
const char *cbz_weekday_get_short_label  (int                  weekday);
/* "Mon, Tue, Fri" in the user's language (translated short names in
 * order); "every day" for all seven. (transfer full) */
char       *cbz_weekdays_format          (CbzWeekdays          weekdays);
guint       cbz_weekdays_count           (CbzWeekdays          weekdays);

/* Reads "HH:MM" (two-digit minutes, hours 0..23, or "24:00" when
 * @allow_end_of_day). FALSE when the text is anything else. */
gboolean    cbz_time_of_day_parse        (const char          *text,
                                          gboolean             allow_end_of_day,
                                          guint16             *minutes);
/* "09:05"; @buffer holds at least 6 bytes. Returns @buffer. */
char       *cbz_time_of_day_format       (guint16              minutes,
                                          char                *buffer);

CbzTimeWindow cbz_time_window_init       (guint16              start,
                                          guint16              end);
gboolean    cbz_time_window_is_empty     (CbzTimeWindow        window);
/* The part of the day both windows allow (empty when they do not meet). */
CbzTimeWindow cbz_time_window_intersect  (CbzTimeWindow        a,
                                          CbzTimeWindow        b);
gboolean    cbz_time_window_equal        (CbzTimeWindow        a,
                                          CbzTimeWindow        b);
/* "09:00–10:00" (transfer full). */
char       *cbz_time_window_format       (CbzTimeWindow        window);

G_END_DECLS
