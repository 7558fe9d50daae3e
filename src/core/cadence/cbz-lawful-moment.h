/* cbz-lawful-moment.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-contact-rules.h"
#include "cbz-holidays.h"

G_BEGIN_DECLS

/*
 * "The next lawful moment": the first instant at or after a given one when a
 * contact is allowed, in the customer's local time, and why it moved. Never
 * earlier than asked; never dropped (only a step whose own window and
 * weekdays can never meet the rules finds nothing, within a year).
 */
typedef enum
{
  CBZ_DEFER_NONE,             /* allowed at the instant asked */
  CBZ_DEFER_OUTSIDE_HOURS,    /* before or after the contact hours of the rules */
  CBZ_DEFER_OUTSIDE_WINDOW,   /* before or after the step's own send window */
  CBZ_DEFER_DAY_NOT_ALLOWED,  /* a weekday without contact hours */
  CBZ_DEFER_STEP_WEEKDAY,     /* a weekday the step does not go out on */
  CBZ_DEFER_HOLIDAY,          /* a national holiday the rules avoid */
  CBZ_DEFER_CLOSED_DAY,       /* a day the business keeps closed */
  CBZ_DEFER_FREQUENCY_CAP,    /* a frequency cap is reached that day */
  CBZ_DEFER_NEVER,            /* no lawful moment within a year */
} CbzDeferReason;

/* What to find a moment for. */
typedef struct
{
  const CbzContactRules  *rules;        /* the merged law and policy */
  GTimeZone              *zone;         /* the customer's */
  gboolean                has_window;   /* the step's send window, if any */
  CbzTimeWindow           window;
  CbzWeekdays             weekdays;     /* the step's weekdays; 0: any */
  CbzEventChannel         channel;      /* for caps; NONE: caps not checked */
  const CbzContactRecord *contacts;     /* the customer's, for caps */
  gsize                   n_contacts;
  const gint32           *contact_days; /* optional: their local days since the epoch */
} CbzLawfulQuery;

typedef struct
{
  gint64                  at;           /* the lawful instant (0 with NEVER) */
  CbzDeferReason          reason;       /* the first obstacle met */
  CbzDate                 reason_date;  /* the local day it was met on */
  const CbzHoliday       *holiday;      /* HOLIDAY: which (static) */
  const CbzFrequencyCap  *cap;          /* FREQUENCY_CAP: which (owned by the rules) */
} CbzLawfulMoment;

/* "outside-hours", "outside-window", "day-not-allowed", "step-weekday",
 * "holiday", "closed-day", "frequency-cap", "never"; NULL for NONE. */
const char *cbz_defer_reason_to_string  (CbzDeferReason         reason);

/*
 * Fills @out with the first lawful instant at or after @from. Returns FALSE
 * (reason NEVER) when there is none in the next 366 days.
 */
gboolean    cbz_lawful_moment_find      (const CbzLawfulQuery  *query,
                                         gint64                 from,
                                         CbzLawfulMoment       *out);
/* The local window open on @date for @query (the rules' hours there, cut
 * to the step's window); FALSE when the day is closed for any reason other
 * than a cap. */
gboolean    cbz_lawful_moment_day_window (const CbzLawfulQuery *query,
                                          CbzDate               date,
                                          CbzTimeWindow        *window);
/* Why it moved, for a person: "Outside contact hours (08:00–20:00)",
 * "Holiday: Good Friday", "Frequency cap: Chile: ...". NULL for NONE.
 * (transfer full) */
char       *cbz_lawful_moment_describe  (const CbzLawfulMoment *moment,
                                         const CbzLawfulQuery  *query);

G_END_DECLS
