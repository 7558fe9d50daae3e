/* cbz-holidays-countries.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each country's calendar; the rules and their laws are listed in
 * cbz-holidays.h.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cbz-holidays-private.h"

typedef enum
{
  MOVE_NONE,
  MOVE_NEXT_MONDAY,        /* Colombia, Ley Emiliani */
  MOVE_CL_19668,           /* Tue-Thu: Monday of that week; Fri: next Monday */
  MOVE_CL_20299,           /* Tue: Friday before; Wed: Friday after */
  MOVE_EC_2016,            /* Tue: Monday before; Wed-Thu: Friday; Sat: Friday before; Sun: Monday after */
  MOVE_EC_WEEKEND,         /* only off weekends: Sat to Friday, Sun to Monday */
  MOVE_AR_27399,           /* Tue-Wed: Monday before; Thu-Fri: Monday after */
  MOVE_US_OBSERVED,        /* also observed Friday (Sat) or Monday (Sun) */
} MoveRule;

static void
add (GArray     *out,
     CbzDate     date,
     const char *id,
     const char *name)
{
  CbzHoliday holiday = { date, id, name, { 0 } };

  g_array_append_val (out, holiday);
}

static void
add_moved (GArray     *out,
           CbzDate     actual,
           MoveRule    rule,
           const char *id,
           const char *name)
{
  int weekday = cbz_date_get_weekday (actual);
  int shift = 0;
  CbzHoliday holiday = { actual, id, name, { 0 } };

  switch (rule)
    {
    case MOVE_NONE:
      break;
    case MOVE_NEXT_MONDAY:
      shift = weekday == 1 ? 0 : 8 - weekday;
      break;
    case MOVE_CL_19668:
      if (weekday >= 2 && weekday <= 4)
        shift = 1 - weekday;
      else if (weekday == 5)
        shift = 3;
      break;
    case MOVE_CL_20299:
      if (weekday == 2)
        shift = -4;
      else if (weekday == 3)
        shift = 2;
      break;
    case MOVE_EC_2016:
      if (weekday == 2)
        shift = -1;
      else if (weekday == 3 || weekday == 4)
        shift = 5 - weekday;
      else if (weekday == 6)
        shift = -1;
      else if (weekday == 7)
        shift = 1;
      break;
    case MOVE_EC_WEEKEND:
      if (weekday == 6)
        shift = -1;
      else if (weekday == 7)
        shift = 1;
      break;
    case MOVE_AR_27399:
      if (weekday == 2 || weekday == 3)
        shift = 1 - weekday;
      else if (weekday == 4 || weekday == 5)
        shift = 8 - weekday;
      break;
    case MOVE_US_OBSERVED:
      /* The day itself stays a holiday; the observed day is one more. */
      g_array_append_val (out, holiday);
      if (weekday == 6 || weekday == 7)
        {
          holiday.actual = actual;
          holiday.date = cbz_date_add_days (actual, weekday == 6 ? -1 : 1);
          g_array_append_val (out, holiday);
        }
      return;
    default:
      g_assert_not_reached ();
    }

  if (shift != 0)
    {
      holiday.date = cbz_date_add_days (actual, shift);
      holiday.actual = actual;
    }
  g_array_append_val (out, holiday);
}

static CbzDate
from_easter (int year,
             int days)
{
  return cbz_date_add_days (cbz_easter_sunday (year), days);
}

static void
compute_mexico (int     year,
                GArray *out)
{
  add (out, cbz_date_init (year, 1, 1), "new-year", N_("New Year’s Day"));
  if (year >= 2006)
    {
      add (out, cbz_date_nth_weekday (year, 2, 1, 1), "constitution-day", N_("Constitution Day"));
      add (out, cbz_date_nth_weekday (year, 3, 1, 3), "benito-juarez", N_("Benito Juárez’s Birthday"));
      add (out, cbz_date_nth_weekday (year, 11, 1, 3), "revolution-day", N_("Revolution Day"));
    }
  else
    {
      add (out, cbz_date_init (year, 2, 5), "constitution-day", N_("Constitution Day"));
      add (out, cbz_date_init (year, 3, 21), "benito-juarez", N_("Benito Juárez’s Birthday"));
      add (out, cbz_date_init (year, 11, 20), "revolution-day", N_("Revolution Day"));
    }
  add (out, cbz_date_init (year, 5, 1), "labour-day", N_("Labour Day"));
  add (out, cbz_date_init (year, 9, 16), "independence-day", N_("Independence Day"));
  if (year >= 2024 && (year - 2024) % 6 == 0)
    add (out, cbz_date_init (year, 10, 1), "change-of-government", N_("Change of Federal Government"));
  else if (year <= 2018 && year >= 1934 && (2018 - year) % 6 == 0)
    add (out, cbz_date_init (year, 12, 1), "change-of-government", N_("Change of Federal Government"));
  add (out, cbz_date_init (year, 12, 25), "christmas", N_("Christmas Day"));
}

gint64
_cbz_holidays_june_solstice (int year)
{
  static const double terms[24][3] = {
    { 485, 324.96, 1934.136 }, { 203, 337.23, 32964.467 }, { 199, 342.08, 20.186 },
    { 182, 27.85, 445267.112 }, { 156, 73.14, 45036.886 }, { 136, 171.52, 22518.443 },
    { 77, 222.54, 65928.934 }, { 74, 296.72, 3034.906 }, { 70, 243.58, 9037.513 },
    { 58, 119.81, 33718.147 }, { 52, 297.17, 150.678 }, { 50, 21.02, 2281.226 },
    { 45, 247.54, 29929.562 }, { 44, 325.15, 31555.956 }, { 29, 60.93, 4443.417 },
    { 18, 155.12, 67555.328 }, { 17, 288.79, 4562.452 }, { 16, 198.04, 62894.029 },
    { 14, 199.76, 31436.921 }, { 12, 95.39, 14577.848 }, { 12, 287.11, 31931.756 },
    { 12, 320.81, 34777.259 }, { 9, 227.73, 1222.114 }, { 8, 15.45, 16859.074 },
  };
  double y = (year - 2000) / 1000.0;
  double jde0 = 2451716.56767 + 365241.62603 * y + 0.00325 * y * y + 0.00888 * y * y * y
                - 0.00030 * y * y * y * y;
  double t = (jde0 - 2451545.0) / 36525.0;
  double w = (35999.373 * t - 2.47) * G_PI / 180.0;
  double dl = 1 + 0.0334 * cos (w) + 0.0007 * cos (2 * w);
  double s = 0;
  double jde;

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    s += terms[i][0] * cos ((terms[i][1] + terms[i][2] * t) * G_PI / 180.0);
  jde = jde0 + 0.00001 * s / dl;

  /* Dynamical time is about a minute ahead of universal time this century;
   * the holiday only needs the day. */
  return (gint64) llround ((jde - 2440587.5) * 86400.0) - 69;
}

static CbzDate
chile_winter_solstice (int year)
{
  g_autoptr(GTimeZone) santiago = g_time_zone_new_identifier ("America/Santiago");
  gint64 secs = _cbz_holidays_june_solstice (year);
  int interval;
  gint64 local;

  if (santiago == NULL)
    santiago = g_time_zone_new_offset (-4 * 3600);
  interval = g_time_zone_find_interval (santiago, G_TIME_TYPE_UNIVERSAL, secs);
  local = secs + g_time_zone_get_offset (santiago, MAX (interval, 0));
  return cbz_date_from_days ((gint32) (local >= 0 ? local / 86400 : (local - 86399) / 86400));
}

static void
compute_chile (int     year,
               GArray *out)
{
  CbzDate sep18 = cbz_date_init (year, 9, 18);
  int sep18_weekday = cbz_date_get_weekday (sep18);

  add (out, cbz_date_init (year, 1, 1), "new-year", N_("New Year’s Day"));
  if (year >= 2017 && cbz_date_get_weekday (cbz_date_init (year, 1, 1)) == 7)
    add (out, cbz_date_init (year, 1, 2), "new-year-monday", N_("New Year holiday"));
  add (out, from_easter (year, -2), "good-friday", N_("Good Friday"));
  add (out, from_easter (year, -1), "holy-saturday", N_("Holy Saturday"));
  add (out, cbz_date_init (year, 5, 1), "labour-day", N_("Labour Day"));
  add (out, cbz_date_init (year, 5, 21), "navy-day", N_("Navy Day"));
  /* Ley 21.357 fixed its first year by hand: the solstice of 2021 came at
   * 23:32 of 20 June in Chile, the holiday was Monday 21. */
  if (year == 2021)
    add (out, cbz_date_init (year, 6, 21), "indigenous-peoples-day", N_("National Day of Indigenous Peoples"));
  else if (year > 2021)
    add (out, chile_winter_solstice (year), "indigenous-peoples-day", N_("National Day of Indigenous Peoples"));
  add_moved (out, cbz_date_init (year, 6, 29), MOVE_CL_19668, "saint-peter-and-paul", N_("Saint Peter and Saint Paul"));
  add (out, cbz_date_init (year, 7, 16), "our-lady-of-mount-carmel", N_("Our Lady of Mount Carmel"));
  add (out, cbz_date_init (year, 8, 15), "assumption", N_("Assumption of Mary"));
  if ((year >= 2007 && sep18_weekday == 2) || (year >= 2017 && sep18_weekday == 6))
    add (out, cbz_date_init (year, 9, 17), "national-holiday", N_("National Holiday"));
  add (out, sep18, "independence-day", N_("Independence Day"));
  add (out, cbz_date_init (year, 9, 19), "army-day", N_("Army Day"));
  if (year >= 2007 && cbz_date_get_weekday (cbz_date_init (year, 9, 20)) == 5)
    add (out, cbz_date_init (year, 9, 20), "national-holiday", N_("National Holiday"));
  add_moved (out, cbz_date_init (year, 10, 12), MOVE_CL_19668, "meeting-of-two-worlds", N_("Meeting of Two Worlds"));
  if (year >= 2008)
    add_moved (out, cbz_date_init (year, 10, 31), MOVE_CL_20299, "reformation-day",
               N_("Day of the Evangelical and Protestant Churches"));
  add (out, cbz_date_init (year, 11, 1), "all-saints", N_("All Saints’ Day"));
  add (out, cbz_date_init (year, 12, 8), "immaculate-conception", N_("Immaculate Conception"));
  add (out, cbz_date_init (year, 12, 25), "christmas", N_("Christmas Day"));
}

static void
compute_colombia (int     year,
                  GArray *out)
{
  add (out, cbz_date_init (year, 1, 1), "new-year", N_("New Year’s Day"));
  add_moved (out, cbz_date_init (year, 1, 6), MOVE_NEXT_MONDAY, "epiphany", N_("Epiphany"));
  add_moved (out, cbz_date_init (year, 3, 19), MOVE_NEXT_MONDAY, "saint-joseph", N_("Saint Joseph’s Day"));
  add (out, from_easter (year, -3), "holy-thursday", N_("Holy Thursday"));
  add (out, from_easter (year, -2), "good-friday", N_("Good Friday"));
  add (out, cbz_date_init (year, 5, 1), "labour-day", N_("Labour Day"));
  add_moved (out, from_easter (year, 39), MOVE_NEXT_MONDAY, "ascension", N_("Ascension Day"));
  add_moved (out, from_easter (year, 60), MOVE_NEXT_MONDAY, "corpus-christi", N_("Corpus Christi"));
  add_moved (out, from_easter (year, 68), MOVE_NEXT_MONDAY, "sacred-heart", N_("Sacred Heart"));
  add_moved (out, cbz_date_init (year, 6, 29), MOVE_NEXT_MONDAY, "saint-peter-and-paul", N_("Saint Peter and Saint Paul"));
  add (out, cbz_date_init (year, 7, 20), "independence-day", N_("Independence Day"));
  add (out, cbz_date_init (year, 8, 7), "battle-of-boyaca", N_("Battle of Boyacá"));
  add_moved (out, cbz_date_init (year, 8, 15), MOVE_NEXT_MONDAY, "assumption", N_("Assumption of Mary"));
  add_moved (out, cbz_date_init (year, 10, 12), MOVE_NEXT_MONDAY, "columbus-day", N_("Columbus Day"));
  add_moved (out, cbz_date_init (year, 11, 1), MOVE_NEXT_MONDAY, "all-saints", N_("All Saints’ Day"));
  add_moved (out, cbz_date_init (year, 11, 11), MOVE_NEXT_MONDAY, "independence-of-cartagena",
             N_("Independence of Cartagena"));
  add (out, cbz_date_init (year, 12, 8), "immaculate-conception", N_("Immaculate Conception"));
  add (out, cbz_date_init (year, 12, 25), "christmas", N_("Christmas Day"));
}

static void
compute_peru (int     year,
              GArray *out)
{
  add (out, cbz_date_init (year, 1, 1), "new-year", N_("New Year’s Day"));
  add (out, from_easter (year, -3), "holy-thursday", N_("Holy Thursday"));
  add (out, from_easter (year, -2), "good-friday", N_("Good Friday"));
  add (out, cbz_date_init (year, 5, 1), "labour-day", N_("Labour Day"));
  if (year >= 2024)
    add (out, cbz_date_init (year, 6, 7), "flag-day", N_("Battle of Arica and Flag Day"));
  add (out, cbz_date_init (year, 6, 29), "saint-peter-and-paul", N_("Saint Peter and Saint Paul"));
  if (year >= 2023)
    add (out, cbz_date_init (year, 7, 23), "air-force-day", N_("Peruvian Air Force Day"));
  add (out, cbz_date_init (year, 7, 28), "independence-day", N_("Independence Day"));
  add (out, cbz_date_init (year, 7, 29), "independence-day-2", N_("Independence Day (second day)"));
  if (year >= 2022)
    add (out, cbz_date_init (year, 8, 6), "battle-of-junin", N_("Battle of Junín"));
  add (out, cbz_date_init (year, 8, 30), "saint-rose-of-lima", N_("Saint Rose of Lima"));
  add (out, cbz_date_init (year, 10, 8), "battle-of-angamos", N_("Battle of Angamos"));
  add (out, cbz_date_init (year, 11, 1), "all-saints", N_("All Saints’ Day"));
  add (out, cbz_date_init (year, 12, 8), "immaculate-conception", N_("Immaculate Conception"));
  if (year >= 2022)
    add (out, cbz_date_init (year, 12, 9), "battle-of-ayacucho", N_("Battle of Ayacucho"));
  add (out, cbz_date_init (year, 12, 25), "christmas", N_("Christmas Day"));
}

/* The 2016 reform's rule for two holidays on consecutive days (2 and 3
 * November): they stay together, next to a weekend. */
static void
add_ecuador_november_pair (int     year,
                           GArray *out)
{
  CbzDate nov2 = cbz_date_init (year, 11, 2);
  CbzDate nov3 = cbz_date_init (year, 11, 3);
  CbzHoliday dead = { nov2, "all-souls", N_("All Souls’ Day"), { 0 } };
  CbzHoliday cuenca = { nov3, "independence-of-cuenca", N_("Independence of Cuenca"), { 0 } };

  switch (cbz_date_get_weekday (nov2))
    {
    case 2: /* Tue + Wed: Wednesday's to the Monday before */
      cuenca.date = cbz_date_init (year, 11, 1);
      break;
    case 3: /* Wed + Thu: Wednesday's to the Friday */
      dead.date = cbz_date_init (year, 11, 4);
      break;
    case 5: /* Fri + Sat: Saturday's to the Thursday before */
      cuenca.date = cbz_date_init (year, 11, 1);
      break;
    case 6: /* Sat + Sun: to the Friday before and the Monday after */
      dead.date = cbz_date_init (year, 11, 1);
      cuenca.date = cbz_date_init (year, 11, 4);
      break;
    case 7: /* Sun + Mon: Sunday's to the Tuesday */
      dead.date = cbz_date_init (year, 11, 4);
      break;
    default: /* Mon + Tue, Thu + Fri: stay */
      break;
    }
  if (!cbz_date_equal (dead.date, nov2))
    dead.actual = nov2;
  if (!cbz_date_equal (cuenca.date, nov3))
    cuenca.actual = nov3;
  g_array_append_val (out, dead);
  g_array_append_val (out, cuenca);
}

static void
compute_ecuador (int     year,
                 GArray *out)
{
  MoveRule rule = year >= 2017 ? MOVE_EC_2016 : MOVE_NONE;
  MoveRule fixed_rule = year >= 2017 ? MOVE_EC_WEEKEND : MOVE_NONE;

  add_moved (out, cbz_date_init (year, 1, 1), fixed_rule, "new-year", N_("New Year’s Day"));
  add (out, from_easter (year, -48), "carnival-monday", N_("Carnival Monday"));
  add (out, from_easter (year, -47), "carnival-tuesday", N_("Carnival Tuesday"));
  add (out, from_easter (year, -2), "good-friday", N_("Good Friday"));
  add_moved (out, cbz_date_init (year, 5, 1), rule, "labour-day", N_("Labour Day"));
  add_moved (out, cbz_date_init (year, 5, 24), rule, "battle-of-pichincha", N_("Battle of Pichincha"));
  add_moved (out, cbz_date_init (year, 8, 10), rule, "first-cry-of-independence", N_("First Cry of Independence"));
  add_moved (out, cbz_date_init (year, 10, 9), rule, "independence-of-guayaquil", N_("Independence of Guayaquil"));
  if (year >= 2017)
    add_ecuador_november_pair (year, out);
  else
    {
      add (out, cbz_date_init (year, 11, 2), "all-souls", N_("All Souls’ Day"));
      add (out, cbz_date_init (year, 11, 3), "independence-of-cuenca", N_("Independence of Cuenca"));
    }
  add_moved (out, cbz_date_init (year, 12, 25), fixed_rule, "christmas", N_("Christmas Day"));
}

static void
compute_argentina (int     year,
                   GArray *out)
{
  MoveRule rule = year >= 2017 ? MOVE_AR_27399 : MOVE_NONE;

  add (out, cbz_date_init (year, 1, 1), "new-year", N_("New Year’s Day"));
  add (out, from_easter (year, -48), "carnival-monday", N_("Carnival Monday"));
  add (out, from_easter (year, -47), "carnival-tuesday", N_("Carnival Tuesday"));
  add (out, cbz_date_init (year, 3, 24), "remembrance-day", N_("Day of Remembrance for Truth and Justice"));
  add (out, cbz_date_init (year, 4, 2), "malvinas-day", N_("Malvinas Day"));
  add (out, from_easter (year, -2), "good-friday", N_("Good Friday"));
  add (out, cbz_date_init (year, 5, 1), "labour-day", N_("Labour Day"));
  add (out, cbz_date_init (year, 5, 25), "may-revolution", N_("May Revolution Day"));
  add_moved (out, cbz_date_init (year, 6, 17), rule, "guemes-day", N_("General Güemes Day"));
  add (out, cbz_date_init (year, 6, 20), "flag-day", N_("Flag Day"));
  add (out, cbz_date_init (year, 7, 9), "independence-day", N_("Independence Day"));
  add_moved (out, cbz_date_init (year, 8, 17), rule, "san-martin-day", N_("General San Martín Day"));
  add_moved (out, cbz_date_init (year, 10, 12), rule, "cultural-diversity-day", N_("Day of Respect for Cultural Diversity"));
  add_moved (out, cbz_date_init (year, 11, 20), rule, "national-sovereignty-day", N_("National Sovereignty Day"));
  add (out, cbz_date_init (year, 12, 8), "immaculate-conception", N_("Immaculate Conception"));
  add (out, cbz_date_init (year, 12, 25), "christmas", N_("Christmas Day"));
}

static void
compute_united_states (int     year,
                       GArray *out)
{
  add_moved (out, cbz_date_init (year, 1, 1), MOVE_US_OBSERVED, "new-year", N_("New Year’s Day"));
  add (out, cbz_date_nth_weekday (year, 1, 1, 3), "martin-luther-king-day", N_("Martin Luther King Jr. Day"));
  add (out, cbz_date_nth_weekday (year, 2, 1, 3), "washingtons-birthday", N_("Washington’s Birthday"));
  add (out, cbz_date_nth_weekday (year, 5, 1, -1), "memorial-day", N_("Memorial Day"));
  if (year >= 2021)
    add_moved (out, cbz_date_init (year, 6, 19), MOVE_US_OBSERVED, "juneteenth", N_("Juneteenth"));
  add_moved (out, cbz_date_init (year, 7, 4), MOVE_US_OBSERVED, "independence-day", N_("Independence Day"));
  add (out, cbz_date_nth_weekday (year, 9, 1, 1), "labor-day", N_("Labor Day"));
  add (out, cbz_date_nth_weekday (year, 10, 1, 2), "columbus-day", N_("Columbus Day"));
  add_moved (out, cbz_date_init (year, 11, 11), MOVE_US_OBSERVED, "veterans-day", N_("Veterans Day"));
  add (out, cbz_date_nth_weekday (year, 11, 4, 4), "thanksgiving", N_("Thanksgiving Day"));
  add_moved (out, cbz_date_init (year, 12, 25), MOVE_US_OBSERVED, "christmas", N_("Christmas Day"));
}

gboolean
_cbz_holidays_compute (const char *country,
                       int         year,
                       GArray     *out)
{
  if (g_str_equal (country, "MX"))
    compute_mexico (year, out);
  else if (g_str_equal (country, "CL"))
    compute_chile (year, out);
  else if (g_str_equal (country, "CO"))
    compute_colombia (year, out);
  else if (g_str_equal (country, "PE"))
    compute_peru (year, out);
  else if (g_str_equal (country, "EC"))
    compute_ecuador (year, out);
  else if (g_str_equal (country, "AR"))
    compute_argentina (year, out);
  else if (g_str_equal (country, "US"))
    compute_united_states (year, out);
  else
    return FALSE;
  return TRUE;
}
