/* cbz-interval.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-date.h"

G_BEGIN_DECLS

/*
 * How far apart the instalments of an agreement fall: every N days or every
 * N months. Written "1m", "15d", "7d" (also "2w" = "14d") on the command
 * line (`agreement --every`) and in the database.
 */
typedef enum
{
  CBZ_INTERVAL_UNIT_DAYS,
  CBZ_INTERVAL_UNIT_MONTHS,
} CbzIntervalUnit;

typedef struct
{
  CbzIntervalUnit unit;
  guint           count;  /* 1..366 days, or 1..12 months */
} CbzInterval;

#define CBZ_INTERVAL_MAX_DAYS   366
#define CBZ_INTERVAL_MAX_MONTHS 12

/* "1m", "15d", "7d", "2w", in any case and with spaces around; the error
 * names the text and says how to write it. */
gboolean  cbz_interval_parse       (const char   *text,
                                    CbzInterval  *interval,
                                    GError      **error);
/* "1m", "15d": what cbz_interval_parse() reads back. */
char     *cbz_interval_to_string   (CbzInterval   interval);
/* For people, translated: "Every month", "Every 15 days". */
char     *cbz_interval_get_label   (CbzInterval   interval);

/*
 * The date of instalment @index (0 is @first). Months count from @first,
 * not from the previous instalment, keeping @first's day of the month when
 * the month has it and taking the month's last day when it does not:
 * 31 January, 28 (or 29) February, 31 March, 30 April, 31 May…
 */
CbzDate   cbz_interval_nth_date    (CbzDate       first,
                                    CbzInterval   interval,
                                    guint         index);

G_END_DECLS
