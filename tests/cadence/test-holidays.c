/* test-holidays.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-holidays.h"
#include "cbz-test-util.h"

static void
test_easter (void)
{
  static const char * const known[] = {
    "1999-04-04", "2000-04-23", "2019-04-21", "2024-03-31", "2025-04-20", "2026-04-05",
    "2027-03-28", "2028-04-16", "2029-04-01", "2030-04-21", "2038-04-25", "2285-03-22",
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      CbzDate expected;
      char iso[CBZ_DATE_ISO_LENGTH];

      g_assert_true (cbz_date_from_iso (known[i], &expected));
      g_assert_cmpstr (cbz_date_to_iso (cbz_easter_sunday (expected.year), iso), ==, known[i]);
    }
}

static void
test_nth_weekday (void)
{
  char iso[CBZ_DATE_ISO_LENGTH];

  g_assert_cmpstr (cbz_date_to_iso (cbz_date_nth_weekday (2026, 2, 1, 1), iso), ==, "2026-02-02");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_nth_weekday (2026, 11, 4, 4), iso), ==, "2026-11-26");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_nth_weekday (2027, 5, 1, -1), iso), ==, "2027-05-31");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_nth_weekday (2024, 2, 4, -1), iso), ==, "2024-02-29");
  /* February 2026 has no fifth Monday. */
  g_assert_false (cbz_date_is_set (cbz_date_nth_weekday (2026, 2, 1, 5)));
}

typedef struct
{
  const char *country;
  int         year;
  const char *dates;  /* every day off, space-separated MM-DD */
} YearCase;

/* Checked against the countries' published calendars for those years
 * (leaving out election days, one-off laws and the bridges decreed each
 * year, which no rule gives). */
static const YearCase years[] = {
  { "MX", 2024, "01-01 02-05 03-18 05-01 09-16 10-01 11-18 12-25" },
  { "MX", 2025, "01-01 02-03 03-17 05-01 09-16 11-17 12-25" },
  { "MX", 2026, "01-01 02-02 03-16 05-01 09-16 11-16 12-25" },
  { "MX", 2030, "01-01 02-04 03-18 05-01 09-16 10-01 11-18 12-25" },
  { "CO", 2024, "01-01 01-08 03-25 03-28 03-29 05-01 05-13 06-03 06-10 07-01 07-20 08-07 08-19 10-14 11-04 11-11 12-08 12-25" },
  { "CO", 2025, "01-01 01-06 03-24 04-17 04-18 05-01 06-02 06-23 06-30 07-20 08-07 08-18 10-13 11-03 11-17 12-08 12-25" },
  { "CO", 2026, "01-01 01-12 03-23 04-02 04-03 05-01 05-18 06-08 06-15 06-29 07-20 08-07 08-17 10-12 11-02 11-16 12-08 12-25" },
  { "CL", 2023, "01-01 01-02 04-07 04-08 05-01 05-21 06-21 06-26 07-16 08-15 09-18 09-19 10-09 10-27 11-01 12-08 12-25" },
  { "CL", 2024, "01-01 03-29 03-30 05-01 05-21 06-20 06-29 07-16 08-15 09-18 09-19 09-20 10-12 10-31 11-01 12-08 12-25" },
  { "CL", 2025, "01-01 04-18 04-19 05-01 05-21 06-20 06-29 07-16 08-15 09-18 09-19 10-12 10-31 11-01 12-08 12-25" },
  { "CL", 2026, "01-01 04-03 04-04 05-01 05-21 06-21 06-29 07-16 08-15 09-18 09-19 10-12 10-31 11-01 12-08 12-25" },
  { "PE", 2023, "01-01 04-06 04-07 05-01 06-29 07-23 07-28 07-29 08-06 08-30 10-08 11-01 12-08 12-09 12-25" },
  { "PE", 2024, "01-01 03-28 03-29 05-01 06-07 06-29 07-23 07-28 07-29 08-06 08-30 10-08 11-01 12-08 12-09 12-25" },
  { "EC", 2024, "01-01 02-12 02-13 03-29 05-03 05-24 08-09 10-11 11-01 11-04 12-25" },
  { "EC", 2025, "01-01 03-03 03-04 04-18 05-02 05-23 08-11 10-10 11-03 11-04 12-25" },
  { "EC", 2026, "01-01 02-16 02-17 04-03 05-01 05-25 08-10 10-09 11-02 11-03 12-25" },
  { "AR", 2024, "01-01 02-12 02-13 03-24 03-29 04-02 05-01 05-25 06-17 06-20 07-09 08-17 10-12 11-18 12-08 12-25" },
  { "AR", 2025, "01-01 03-03 03-04 03-24 04-02 04-18 05-01 05-25 06-16 06-20 07-09 08-17 10-12 11-24 12-08 12-25" },
  { "US", 2024, "01-01 01-15 02-19 05-27 06-19 07-04 09-02 10-14 11-11 11-28 12-25" },
  { "US", 2027, "01-01 01-18 02-15 05-31 06-18 06-19 07-04 07-05 09-06 10-11 11-11 11-25 12-24 12-25 12-31" },
};

static void
test_years (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_autoptr(GArray) holidays = cbz_holidays_for_year (years[i].country, years[i].year);
      g_auto(GStrv) expected = g_strsplit (years[i].dates, " ", -1);
      g_autoptr(GString) got = g_string_new (NULL);

      g_assert_nonnull (holidays);
      for (guint h = 0; h < holidays->len; h++)
        {
          CbzDate date = g_array_index (holidays, CbzHoliday, h).date;
          char day[6];

          g_snprintf (day, sizeof day, "%02u-%02u", date.month, date.day);
          /* Two holidays may share a day (Colombia, 30 June 2025). */
          if (got->len >= 5 && strcmp (got->str + got->len - 5, day) == 0)
            continue;
          if (got->len > 0)
            g_string_append_c (got, ' ');
          g_string_append (got, day);
        }
      g_test_message ("%s %d", years[i].country, years[i].year);
      g_assert_cmpstr (got->str, ==, years[i].dates);

      for (guint e = 0; expected[e] != NULL; e++)
        {
          CbzDate date = cbz_date_init (years[i].year, atoi (expected[e]), atoi (expected[e] + 3));

          g_assert_nonnull (cbz_holidays_lookup (years[i].country, date));
        }
    }
}

static void
test_chile_solstice_2021_2030 (void)
{
  /* Chile's National Day of Indigenous Peoples falls on the southern winter
   * solstice, in Chile's time. */
  static const char * const days[] = {
    "2021-06-21", "2022-06-21", "2023-06-21", "2024-06-20", "2025-06-20",
    "2026-06-21", "2027-06-21", "2028-06-20", "2029-06-20", "2030-06-21",
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      CbzDate date;
      const CbzHoliday *holiday;

      g_assert_true (cbz_date_from_iso (days[i], &date));
      g_test_message ("%s", days[i]);
      holiday = cbz_holidays_lookup ("CL", date);
      g_assert_nonnull (holiday);
      g_assert_cmpstr (holiday->id, ==, "indigenous-peoples-day");
    }
  g_assert_null (cbz_holidays_lookup ("CL", cbz_date_init (2020, 6, 20)));
  g_assert_null (cbz_holidays_lookup ("CL", cbz_date_init (2020, 6, 21)));
}

static void
test_rules_over_years (void)
{
  /* Rules that must hold every year, 2024..2040. */
  for (int year = 2024; year <= 2040; year++)
    {
      CbzDate easter = cbz_easter_sunday (year);
      g_autoptr(GArray) colombia = cbz_holidays_for_year ("co", year);
      g_autoptr(GArray) argentina = cbz_holidays_for_year ("AR", year);
      const CbzHoliday *holiday;

      /* Holy Thursday and Good Friday in Colombia and Peru. */
      g_assert_nonnull (cbz_holidays_lookup ("CO", cbz_date_add_days (easter, -3)));
      g_assert_nonnull (cbz_holidays_lookup ("PE", cbz_date_add_days (easter, -2)));
      /* Mexico's Monday holidays. */
      holiday = cbz_holidays_lookup ("MX", cbz_date_nth_weekday (year, 3, 1, 3));
      g_assert_nonnull (holiday);
      g_assert_cmpstr (holiday->id, ==, "benito-juarez");
      g_assert_cmpint (cbz_date_get_weekday (cbz_date_nth_weekday (year, 11, 1, 3)), ==, 1);
      /* Every moved Colombian holiday is on a Monday. */
      for (guint i = 0; i < colombia->len; i++)
        {
          const CbzHoliday *h = &g_array_index (colombia, CbzHoliday, i);

          if (cbz_date_is_set (h->actual))
            {
              g_assert_cmpint (cbz_date_get_weekday (h->date), ==, 1);
              g_assert_cmpint (cbz_date_days_between (h->actual, h->date), >, 0);
              g_assert_cmpint (cbz_date_days_between (h->actual, h->date), <, 7);
            }
        }
      /* Argentina's movable holidays never land on Tuesday to Friday. */
      for (guint i = 0; i < argentina->len; i++)
        {
          const CbzHoliday *h = &g_array_index (argentina, CbzHoliday, i);

          if (cbz_date_is_set (h->actual))
            g_assert_cmpint (cbz_date_get_weekday (h->date), ==, 1);
        }
      g_assert_cmpuint (colombia->len, ==, 18);
    }
}

static void
test_names_and_unknown (void)
{
  const CbzHoliday *holiday = cbz_holidays_lookup ("CO", cbz_date_init (2024, 1, 8));
  g_autofree char *name = NULL;
  g_autofree char *plain = NULL;

  g_assert_nonnull (holiday);
  g_assert_cmpstr (holiday->id, ==, "epiphany");
  g_assert_true (cbz_date_equal (holiday->actual, cbz_date_init (2024, 1, 6)));
  name = cbz_holiday_get_name (holiday);
  g_assert_cmpstr (name, ==, "Epiphany (observed)");

  holiday = cbz_holidays_lookup ("PE", cbz_date_init (2024, 3, 29));
  plain = cbz_holiday_get_name (holiday);
  g_assert_cmpstr (plain, ==, "Good Friday");

  g_assert_null (cbz_holidays_lookup ("CO", cbz_date_init (2024, 1, 6)));
  g_assert_null (cbz_holidays_lookup ("BR", cbz_date_init (2024, 1, 1)));
  g_assert_null (cbz_holidays_for_year ("ZZ", 2024));
  g_assert_false (cbz_holidays_has_country ("BR"));
  g_assert_true (cbz_holidays_has_country ("ec"));
}

int
main (int    argc,
      char **argv)
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cadence/holidays/easter", test_easter);
  g_test_add_func ("/cadence/holidays/nth-weekday", test_nth_weekday);
  g_test_add_func ("/cadence/holidays/years", test_years);
  g_test_add_func ("/cadence/holidays/chile-solstice", test_chile_solstice_2021_2030);
  g_test_add_func ("/cadence/holidays/rules-over-years", test_rules_over_years);
  g_test_add_func ("/cadence/holidays/names-and-unknown", test_names_and_unknown);

  return g_test_run ();
}
