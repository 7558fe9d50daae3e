/* test-date.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cbz-date.h"
#include "cbz-test-util.h"

static void
assert_parses_to (const char   *text,
                  CbzDateOrder  order,
                  const char   *iso)
{
  g_autoptr(GError) error = NULL;
  char buffer[CBZ_DATE_ISO_LENGTH];
  CbzDate date;

  if (!cbz_date_parse (text, order, &date, &error))
    g_error ("“%s” does not parse: %s", text, error->message);
  g_assert_cmpstr (cbz_date_to_iso (date, buffer), ==, iso);
}

static void
assert_parse_fails (const char *text,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  CbzDate date;

  g_assert_false (cbz_date_parse (text, CBZ_DATE_ORDER_DMY, &date, &error));
  g_assert_error (error, CBZ_DATE_ERROR, code);
  g_assert_nonnull (strstr (error->message, text));
}

static void
test_date_leap_years (void)
{
  g_assert_true (cbz_date_is_leap_year (2024));
  g_assert_true (cbz_date_is_leap_year (2000));
  g_assert_false (cbz_date_is_leap_year (1900));
  g_assert_false (cbz_date_is_leap_year (2100));
  g_assert_false (cbz_date_is_leap_year (2026));
  g_assert_cmpint (cbz_date_days_in_month (2024, 2), ==, 29);
  g_assert_cmpint (cbz_date_days_in_month (2023, 2), ==, 28);
  g_assert_cmpint (cbz_date_days_in_month (1900, 2), ==, 28);
  g_assert_cmpint (cbz_date_days_in_month (2000, 2), ==, 29);
  g_assert_cmpint (cbz_date_days_in_month (2026, 4), ==, 30);
  g_assert_cmpint (cbz_date_days_in_month (2026, 12), ==, 31);
  g_assert_true (cbz_date_valid_dmy (29, 2, 2024));
  g_assert_false (cbz_date_valid_dmy (29, 2, 2023));
  g_assert_false (cbz_date_valid_dmy (31, 4, 2026));
  g_assert_false (cbz_date_valid_dmy (0, 1, 2026));
  g_assert_false (cbz_date_valid_dmy (1, 13, 2026));
  g_assert_false (cbz_date_is_set (cbz_date_init (2023, 2, 29)));
}

static void
test_date_month_ends (void)
{
  char b[CBZ_DATE_ISO_LENGTH];

  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_months (cbz_date_init (2024, 1, 31), 1), b), ==, "2024-02-29");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_months (cbz_date_init (2023, 1, 31), 1), b), ==, "2023-02-28");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_months (cbz_date_init (2024, 3, 31), -1), b), ==, "2024-02-29");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_months (cbz_date_init (2024, 10, 31), 2), b), ==, "2024-12-31");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_months (cbz_date_init (2024, 11, 30), 3), b), ==, "2025-02-28");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_months (cbz_date_init (2024, 2, 29), 12), b), ==, "2025-02-28");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_months (cbz_date_init (2024, 1, 15), -13), b), ==, "2022-12-15");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_end_of_month (cbz_date_init (2024, 2, 3)), b), ==, "2024-02-29");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_end_of_month (cbz_date_init (2026, 6, 30)), b), ==, "2026-06-30");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_days (cbz_date_init (2024, 2, 28), 1), b), ==, "2024-02-29");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_days (cbz_date_init (2023, 2, 28), 1), b), ==, "2023-03-01");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_days (cbz_date_init (2026, 12, 31), 1), b), ==, "2027-01-01");
  g_assert_cmpstr (cbz_date_to_iso (cbz_date_add_days (cbz_date_init (2026, 1, 1), -1), b), ==, "2025-12-31");
}

static void
test_date_days (void)
{
  CbzDate epoch = cbz_date_init (1970, 1, 1);
  CbzDate d;

  g_assert_cmpint (cbz_date_to_days (epoch), ==, 0);
  g_assert_cmpint (cbz_date_to_days (cbz_date_init (2000, 3, 1)), ==, 11017);
  g_assert_cmpint (cbz_date_to_days (cbz_date_init (1969, 12, 31)), ==, -1);
  g_assert_cmpint (cbz_date_days_between (cbz_date_init (2024, 1, 1), cbz_date_init (2025, 1, 1)), ==, 366);
  g_assert_cmpint (cbz_date_days_between (cbz_date_init (2023, 1, 1), cbz_date_init (2024, 1, 1)), ==, 365);
  /* Every day for four centuries round-trips, and GDate agrees. */
  for (gint32 n = -30000; n < 150000; n++)
    {
      GDate g;

      d = cbz_date_from_days (n);
      g_assert_cmpint (cbz_date_to_days (d), ==, n);
      g_date_clear (&g, 1);
      g_date_set_dmy (&g, d.day, d.month, d.year);
      g_assert_cmpint ((int) g_date_get_julian (&g) - 719163, ==, n);
      g_assert_cmpint (cbz_date_get_weekday (d), ==, (int) g_date_get_weekday (&g));
    }

  g_assert_cmpint (cbz_date_days_overdue (cbz_date_init (2026, 11, 1), cbz_date_init (2026, 11, 23)), ==, 22);
  g_assert_cmpint (cbz_date_days_overdue (cbz_date_init (2026, 11, 23), cbz_date_init (2026, 11, 23)), ==, 0);
  g_assert_cmpint (cbz_date_days_overdue (cbz_date_init (2026, 12, 1), cbz_date_init (2026, 11, 23)), ==, 0);
  g_assert_cmpint (cbz_date_days_overdue (cbz_date_init (2024, 2, 1), cbz_date_init (2024, 3, 1)), ==, 29);
  g_assert_cmpint (cbz_date_compare (cbz_date_init (2026, 1, 2), cbz_date_init (2025, 12, 31)), >, 0);
  g_assert_true (cbz_date_equal (cbz_date_init (2026, 1, 2), cbz_date_init (2026, 1, 2)));
}

static void
test_date_parse (void)
{
  assert_parses_to ("23/11/2026", CBZ_DATE_ORDER_DMY, "2026-11-23");
  assert_parses_to ("2026-11-23", CBZ_DATE_ORDER_DMY, "2026-11-23");
  assert_parses_to ("2026/11/23", CBZ_DATE_ORDER_MDY, "2026-11-23");
  assert_parses_to ("23-11-2026", CBZ_DATE_ORDER_DMY, "2026-11-23");
  assert_parses_to ("23.11.2026", CBZ_DATE_ORDER_DMY, "2026-11-23");
  assert_parses_to ("5/3/26", CBZ_DATE_ORDER_DMY, "2026-03-05");
  assert_parses_to ("5/3/99", CBZ_DATE_ORDER_DMY, "1999-03-05");
  assert_parses_to ("05/03/2026", CBZ_DATE_ORDER_DMY, "2026-03-05");
  assert_parses_to ("05/03/2026", CBZ_DATE_ORDER_MDY, "2026-05-03");
  assert_parses_to ("29/02/2024", CBZ_DATE_ORDER_DMY, "2024-02-29");
  assert_parses_to (" 2024-05-31 00:00:00 ", CBZ_DATE_ORDER_DMY, "2024-05-31");
  assert_parses_to ("2024-05-31T00:00", CBZ_DATE_ORDER_DMY, "2024-05-31");
  assert_parses_to ("23-nov-2026", CBZ_DATE_ORDER_DMY, "2026-11-23");
  assert_parses_to ("5 Ene 2026", CBZ_DATE_ORDER_MDY, "2026-01-05");
  assert_parses_to ("1-dic.-25", CBZ_DATE_ORDER_DMY, "2025-12-01");
}

static void
test_date_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  CbzDate date;

  assert_parse_fails ("31/02/2024", CBZ_DATE_ERROR_INVALID);
  assert_parse_fails ("29/02/2023", CBZ_DATE_ERROR_INVALID);
  assert_parse_fails ("31/04/2026", CBZ_DATE_ERROR_INVALID);
  assert_parse_fails ("00/01/2026", CBZ_DATE_ERROR_INVALID);
  assert_parse_fails ("12/13/2026", CBZ_DATE_ERROR_INVALID);
  assert_parse_fails ("2026-02-30", CBZ_DATE_ERROR_INVALID);
  assert_parse_fails ("", CBZ_DATE_ERROR_FORMAT);
  assert_parse_fails ("mañana", CBZ_DATE_ERROR_FORMAT);
  assert_parse_fails ("23/11", CBZ_DATE_ERROR_FORMAT);
  assert_parse_fails ("23/11-2026", CBZ_DATE_ERROR_FORMAT);
  assert_parse_fails ("23/11/202", CBZ_DATE_ERROR_FORMAT);
  assert_parse_fails ("2026-11-23x", CBZ_DATE_ERROR_FORMAT);
  assert_parse_fails ("123/11/2026", CBZ_DATE_ERROR_FORMAT);
  assert_parse_fails ("46001", CBZ_DATE_ERROR_FORMAT);

  g_assert_false (cbz_date_parse ("31/02/2024", CBZ_DATE_ORDER_DMY, &date, &error));
  g_assert_cmpstr (error->message, ==, "“31/02/2024” is not a valid date");
}

static void
test_date_iso (void)
{
  CbzDate date;
  g_autofree char *iso = cbz_date_dup_iso (cbz_date_init (987, 6, 5));

  g_assert_cmpstr (iso, ==, "0987-06-05");
  g_assert_true (cbz_date_from_iso ("2024-02-29", &date));
  g_assert_cmpint (date.year, ==, 2024);
  g_assert_cmpint (date.month, ==, 2);
  g_assert_cmpint (date.day, ==, 29);
  g_assert_false (cbz_date_from_iso ("2023-02-29", &date));
  g_assert_false (cbz_date_from_iso ("2023-2-28", &date));
  g_assert_false (cbz_date_from_iso ("28/02/2023", &date));
  g_assert_false (cbz_date_from_iso (NULL, &date));
}

static void
test_date_format (void)
{
  CbzDate date = cbz_date_init (2026, 11, 3);
  g_autofree char *es_long = cbz_date_format_long (date, "es_MX");
  g_autofree char *pt_long = cbz_date_format_long (date, "pt_BR.UTF-8");
  g_autofree char *en_long = cbz_date_format_long (date, "en");
  g_autofree char *c_long = NULL;
  g_autofree char *es_short = cbz_date_format_short (date, "es_CL");
  g_autofree char *us_short = cbz_date_format_short (date, "en_US.UTF-8");

  g_assert_cmpstr (es_long, ==, "3 de noviembre de 2026");
  g_assert_cmpstr (pt_long, ==, "3 de novembro de 2026");
  g_assert_cmpstr (en_long, ==, "November 3, 2026");
  g_assert_cmpstr (es_short, ==, "03/11/2026");
  g_assert_cmpstr (us_short, ==, "11/03/2026");

  /* The user's language (the tests run untranslated). */
  setlocale (LC_ALL, "C.UTF-8");
  c_long = cbz_date_format_long (date, NULL);
  g_assert_cmpstr (c_long, ==, "November 3, 2026");
  g_assert_cmpstr (cbz_date_get_month_name (1), ==, "January");
  g_assert_cmpstr (cbz_date_get_month_name (12), ==, "December");
}

static void
test_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  CbzDate today = cbz_date_today ();
  CbzDate from_now = cbz_date_from_date_time (now);

  /* Midnight may pass between the two calls; they are at most a day apart. */
  g_assert_cmpint (ABS (cbz_date_days_between (today, from_now)), <=, 1);
  g_assert_true (cbz_date_is_set (today));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/date/leap-years", test_date_leap_years);
  g_test_add_func ("/core/date/month-ends", test_date_month_ends);
  g_test_add_func ("/core/date/days", test_date_days);
  g_test_add_func ("/core/date/parse", test_date_parse);
  g_test_add_func ("/core/date/parse-errors", test_date_parse_errors);
  g_test_add_func ("/core/date/iso", test_date_iso);
  g_test_add_func ("/core/date/format", test_date_format);
  g_test_add_func ("/core/date/today", test_date_today);

  return g_test_run ();
}
