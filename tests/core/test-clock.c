/* test-clock.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-clock.h"
#include "cbz-date.h"
#include "cbz-test-util.h"

static void
test_clock_manual (void)
{
  g_autoptr(CbzClock) clock = cbz_clock_new_manual (1000);

  g_assert_cmpint (cbz_clock_now (clock), ==, 1000);
  g_assert_cmpint (cbz_clock_now (clock), ==, 1000);
  cbz_clock_advance (clock, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (cbz_clock_now (clock), ==, 1000 + 5 * G_USEC_PER_SEC);
  cbz_clock_set (clock, 42);
  g_assert_cmpint (cbz_clock_now (clock), ==, 42);
  g_assert_false (cbz_clock_is_system (clock));
}

static void
test_clock_running_from (void)
{
  gint64 start = G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;
  g_autoptr(CbzClock) clock = cbz_clock_new_from (start);
  gint64 first = cbz_clock_now (clock);
  gint64 second;

  /* It starts where it was told and never runs backwards. */
  g_assert_cmpint (first, >=, start);
  g_assert_cmpint (first - start, <, 10 * G_USEC_PER_SEC);
  second = cbz_clock_now (clock);
  g_assert_cmpint (second, >=, first);
  cbz_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpint (cbz_clock_now (clock), >=, second + G_USEC_PER_SEC);
}

static void
test_clock_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) mexico = g_time_zone_new_identifier ("America/Mexico_City");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) when = NULL;
  gint64 us = 0;

  g_assert_true (cbz_clock_parse_instant ("2027-03-17T23:30:00-06:00", &us, &error));
  g_assert_no_error (error);
  /* 2027-03-18 05:30:00 UTC */
  g_assert_cmpint (us, ==, G_GINT64_CONSTANT (1805347800) * G_USEC_PER_SEC);

  g_assert_true (cbz_clock_parse_instant ("2027-03-18T05:30:00Z", &us, &error));
  g_assert_cmpint (us, ==, G_GINT64_CONSTANT (1805347800) * G_USEC_PER_SEC);

  /* Without an offset: local time (the tests run in America/Mexico_City). */
  g_assert_true (cbz_clock_parse_instant ("2027-03-17", &us, &error));
  utc = cbz_date_time_new_from_usec_utc (us);
  when = g_date_time_to_timezone (utc, mexico);
  g_assert_cmpint (g_date_time_get_day_of_month (when), ==, 17);
  g_assert_cmpint (g_date_time_get_hour (when), ==, 0);

  g_assert_false (cbz_clock_parse_instant ("next tuesday", &us, &error));
  g_assert_error (error, CBZ_CLOCK_ERROR, CBZ_CLOCK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "next tuesday"));
}

static void
test_clock_usec_round_trip (void)
{
  const gint64 values[] = { 0, 1, -1, 999999, -1000001,
                            G_GINT64_CONSTANT (1805347800123456) };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GDateTime) dt = cbz_date_time_new_from_usec_utc (values[i]);

      g_assert_cmpint (cbz_date_time_to_usec (dt), ==, values[i]);
    }
}

static void
test_clock_default (void)
{
  g_autoptr(CbzClock) clock = NULL;
  g_autoptr(GError) error = NULL;
  CbzDate today;
  gint64 us;

  g_assert_true (cbz_clock_is_system (cbz_clock_get_default ()));

  /* The local date follows the default clock: just before midnight in
   * Mexico City it is still the 17th, UTC is already on the 18th. */
  g_assert_true (cbz_clock_parse_instant ("2027-03-17T23:30:00-06:00", &us, &error));
  clock = cbz_clock_new_manual (us);
  cbz_clock_set_default (clock);
  g_assert_true (cbz_clock_get_default () == clock);
  g_assert_cmpint (cbz_now (), ==, us);
  today = cbz_date_today ();
  g_assert_cmpint (today.day, ==, 17);
  cbz_clock_advance (clock, 31 * 60 * G_USEC_PER_SEC);
  today = cbz_date_today ();
  g_assert_cmpint (today.day, ==, 18);

  cbz_clock_set_default (NULL);
  g_assert_true (cbz_clock_is_system (cbz_clock_get_default ()));
}

static void
test_clock_env (void)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("COBRANZA_NOW", "2027-01-02T03:04:05Z", TRUE);
  g_assert_true (cbz_clock_init_from_env (&error));
  g_assert_no_error (error);
  g_assert_cmpint (cbz_now () / G_USEC_PER_SEC, >=, G_GINT64_CONSTANT (1798859045));
  g_assert_cmpint (cbz_now () / G_USEC_PER_SEC, <, G_GINT64_CONSTANT (1798859045) + 60);

  g_setenv ("COBRANZA_NOW", "yesterday", TRUE);
  g_assert_false (cbz_clock_init_from_env (&error));
  g_assert_nonnull (strstr (error->message, "COBRANZA_NOW"));
  g_assert_nonnull (strstr (error->message, "yesterday"));

  g_unsetenv ("COBRANZA_NOW");
  cbz_clock_set_default (NULL);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/clock/manual", test_clock_manual);
  g_test_add_func ("/core/clock/running-from", test_clock_running_from);
  g_test_add_func ("/core/clock/parse", test_clock_parse);
  g_test_add_func ("/core/clock/usec-round-trip", test_clock_usec_round_trip);
  g_test_add_func ("/core/clock/default", test_clock_default);
  g_test_add_func ("/core/clock/env", test_clock_env);

  return g_test_run ();
}
