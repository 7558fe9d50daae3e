/* cbz-holidays.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-date.h"

G_BEGIN_DECLS

/*
 * National public holidays, computed for any year from the rules in each
 * country's law: fixed dates, dates counted from Easter Sunday (computed with
 * the anonymous Gregorian algorithm), "the nth weekday of the month", and the
 * rules that move a holiday to a Monday or a Friday. What each country has,
 * and the law it comes from:
 *
 * MX  Ley Federal del Trabajo art. 74 (days of obligatory rest): 1 Jan; the
 *     first Monday of February (Constitution); the third Monday of March
 *     (Benito Juárez); 1 May; 16 Sep; the third Monday of November
 *     (Revolution); 25 Dec; and 1 Oct every six years from 2024 when a new
 *     president takes office (1 Dec every six years up to 2018).
 * CL  Ley 2.977 and later laws: 1 Jan (and 2 Jan when 1 Jan is a Sunday,
 *     Ley 20.983); Good Friday and Holy Saturday; 1 May; 21 May; the
 *     National Day of Indigenous Peoples on the day of the southern winter
 *     solstice (Ley 21.357, from 2021, when it was 21 Jun by the law itself;
 *     the solstice is computed with Meeus' algorithm, in Chile's time); 29 Jun and 12 Oct (moved to the Monday of
 *     the same week when on Tuesday to Thursday, to the next Monday when on
 *     Friday, Ley 19.668); 16 Jul; 15 Aug; 18 and 19 Sep (plus 17 Sep when it
 *     is a Monday and 20 Sep when it is a Friday, Ley 20.215; 17 Sep when 18
 *     and 19 fall on the weekend, Ley 20.983); 31 Oct (from 2008; moved to
 *     the Friday before when on Tuesday and to the Friday after when on
 *     Wednesday, Ley 20.299); 1 Nov; 8 Dec; 25 Dec. Election days and
 *     one-off laws are not included.
 * CO  Ley 51 de 1983 ("Ley Emiliani"): fixed 1 Jan, 1 May, 20 Jul, 7 Aug,
 *     8 Dec, 25 Dec; Holy Thursday and Good Friday; moved to the following
 *     Monday: 6 Jan, 19 Mar, 29 Jun, 15 Aug, 12 Oct, 1 Nov, 11 Nov, and
 *     Ascension (Easter + 43), Corpus Christi (Easter + 64) and the Sacred
 *     Heart (Easter + 71), already Mondays.
 * PE  Decreto Legislativo 713 art. 6 as amended: 1 Jan; Holy Thursday and
 *     Good Friday; 1 May; 7 Jun (added for 2024 on); 29 Jun; 23 Jul (added
 *     for 2023 on); 28 and 29 Jul; 6 Aug (added for 2022 on); 30 Aug; 8 Oct;
 *     1 Nov; 8 Dec; 9 Dec (Ley 31381, from 2022); 25 Dec.
 * EC  Código del Trabajo art. 65 and the 2016 reform of it and of the LOSEP
 *     (from 2017): 1 Jan; Carnival Monday and Tuesday; Good Friday; 1 May;
 *     24 May; 10 Aug; 9 Oct; 2 and 3 Nov; 25 Dec. A holiday on Tuesday moves
 *     to the Monday before, on Wednesday or Thursday to the Friday of that
 *     week, on Saturday to the Friday before, on Sunday to the Monday after
 *     (1 Jan and 25 Dec only move off weekends; Carnival and Good Friday
 *     never move), and the 2-3 Nov pair moves as the reform's pair rule says.
 *     Bridges decreed each year are not included.
 * AR  Ley 27.399: fixed 1 Jan, Carnival Monday and Tuesday, 24 Mar, 2 Apr,
 *     Good Friday, 1 May, 25 May, 20 Jun, 9 Jul, 8 Dec, 25 Dec; movable 17
 *     Jun, 17 Aug, 12 Oct and 20 Nov (on Tuesday or Wednesday to the Monday
 *     before, on Thursday or Friday to the Monday after). The yearly
 *     "tourist" bridge days and case-by-case moves decided by decree are not
 *     included.
 * US  5 U.S.C. 6103 (federal holidays): 1 Jan; the third Monday of January
 *     (Martin Luther King Jr.) and of February (Washington's Birthday); the
 *     last Monday of May (Memorial Day); 19 Jun (from 2021); 4 Jul; the first
 *     Monday of September (Labor Day); the second Monday of October
 *     (Columbus Day); 11 Nov; the fourth Thursday of November
 *     (Thanksgiving); 25 Dec; a fixed holiday on a Saturday is also observed
 *     the Friday before, on a Sunday the Monday after.
 */
typedef struct
{
  CbzDate      date;       /* the day off */
  const char  *id;         /* stable: "good-friday", "independence-day" */
  const char  *name;       /* English, untranslated; see cbz_holiday_get_name() */
  CbzDate      actual;     /* the date it commemorates when moved; unset otherwise */
} CbzHoliday;

/* Easter Sunday (Gregorian calendar, anonymous algorithm), 1583..9999. */
CbzDate             cbz_easter_sunday             (int          year);
/* The @n-th (1..5) @weekday (1 = Monday) of @month, or with @n = -1 the
 * last one. Unset when there is no such day. */
CbzDate             cbz_date_nth_weekday          (int          year,
                                                   int          month,
                                                   int          weekday,
                                                   int          n);

/* Countries with a calendar: "AR", "CL", "CO", "EC", "MX", "PE", "US". */
const char * const *cbz_holidays_list_countries   (void);
gboolean            cbz_holidays_has_country      (const char  *country);
/* The holidays of @country in @year, in date order (transfer full: an array
 * of CbzHoliday whose strings are static). NULL for a country without a
 * calendar or a year outside 1583..9999. */
GArray             *cbz_holidays_for_year         (const char  *country,
                                                   int          year);
/* The holiday on @date, or NULL. Computed years are kept for the life of
 * the process; safe from any thread. (transfer none) */
const CbzHoliday   *cbz_holidays_lookup           (const char  *country,
                                                   CbzDate      date);
/* Translated name: "Viernes Santo"; a holiday moved to another day says so
 * ("Independence Day (observed)"). (transfer full) */
char               *cbz_holiday_get_name          (const CbzHoliday *holiday);

G_END_DECLS
