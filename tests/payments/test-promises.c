/* test-promises.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-clock.h"
#include "payments/cbz-local-day.h"
#include "payments/cbz-payments-error.h"
#include "payments/cbz-promise-evaluation.h"
#include "cbz-test-util.h"

static gint64
instant (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 us = 0;

  g_assert_true (cbz_clock_parse_instant (text, &us, &error));
  g_assert_no_error (error);
  return us;
}

static GTimeZone *
zone (const char *identifier)
{
  g_autoptr(GError) error = NULL;
  GTimeZone *tz = cbz_customer_time_zone_new (identifier, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tz);
  return tz;
}

static void
test_day_start (void)
{
  /* Expected values from the IANA database (Python's zoneinfo). */
  static const struct
  {
    const char *zone;
    CbzDate     date;
    const char *start;
  } cases[] = {
    { "America/Mexico_City", { 2027, 3, 13 }, "2027-03-13T06:00:00Z" },
    { "America/Tijuana", { 2027, 3, 13 }, "2027-03-13T08:00:00Z" },
    { "America/Tijuana", { 2027, 3, 15 }, "2027-03-15T07:00:00Z" },     /* after the US change */
    { "America/New_York", { 2026, 3, 8 }, "2026-03-08T05:00:00Z" },     /* a 23-hour day */
    { "America/New_York", { 2026, 3, 9 }, "2026-03-09T04:00:00Z" },
    { "America/Santiago", { 2026, 9, 5 }, "2026-09-05T04:00:00Z" },
    { "America/Santiago", { 2026, 9, 6 }, "2026-09-06T04:00:00Z" },     /* midnight skipped: starts at 01:00 */
    { "America/Santiago", { 2026, 4, 4 }, "2026-04-04T03:00:00Z" },
    { "America/Santiago", { 2026, 4, 5 }, "2026-04-05T04:00:00Z" },     /* a 25-hour 4 April before it */
    { "UTC", { 2026, 1, 1 }, "2026-01-01T00:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GTimeZone) tz = zone (cases[i].zone);
      gint64 start = cbz_local_day_start (cases[i].date, tz);
      CbzDate on = cbz_local_date_at (start, tz);
      CbzDate before = cbz_local_date_at (start - 1, tz);

      g_assert_cmpint (start, ==, instant (cases[i].start));
      g_assert_true (cbz_date_equal (on, cases[i].date));
      g_assert_true (cbz_date_equal (before, cbz_date_add_days (cases[i].date, -1)));
    }
}

static void
test_unknown_zone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) local = NULL;
  GTimeZone *tz = cbz_customer_time_zone_new ("America/Ciudad_Gotica", &error);

  g_assert_null (tz);
  g_assert_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_TIME_ZONE);
  g_assert_cmpstr (error->message, ==,
                   "“America/Ciudad_Gotica” is not a time zone this computer knows (expected a name like America/Mexico_City)");

  /* No zone recorded: the computer's own (TZ=America/Mexico_City in tests). */
  local = cbz_customer_time_zone_new (NULL, NULL);
  g_assert_cmpint (cbz_local_day_start (cbz_date_init (2027, 3, 13), local), ==,
                   instant ("2027-03-13T06:00:00Z"));
}

static CbzPromiseEvaluation
evaluate (const CbzPromiseTerms  *terms,
          const CbzPaymentRecord *payments,
          gsize                   n_payments,
          const char             *zone_name,
          const char             *at)
{
  g_autoptr(GTimeZone) tz = zone (zone_name);
  g_autoptr(GError) error = NULL;
  CbzPromiseEvaluation result = { 0 };

  g_assert_true (cbz_promise_evaluate (terms, payments, n_payments, tz, instant (at), &result, &error));
  g_assert_no_error (error);
  return result;
}

/* Promised on Wednesday 10 March for Friday 12 March 2027, 5,000.00 MXN. */
static CbzPromiseTerms
friday_promise (void)
{
  return (CbzPromiseTerms) {
    instant ("2027-03-10T16:00:00-06:00"), { 2027, 3, 12 }, { 500000, "MXN" }
  };
}

static void
test_day_boundary (void)
{
  CbzPromiseTerms terms = friday_promise ();
  CbzPaymentRecord paid[] = {
    { { 2027, 3, 12 }, instant ("2027-03-12T12:00:00-06:00"), { 500000, "MXN" } },
  };
  static const struct
  {
    const char      *at;
    gboolean         with_payment;
    CbzPromiseStatus status;
    gint64           shortfall;
  } cases[] = {
    /* Friday, last second in Mexico City: still open, paid or not. */
    { "2027-03-12T23:59:59-06:00", FALSE, CBZ_PROMISE_STATUS_PENDING, 500000 },
    { "2027-03-12T23:59:59-06:00", TRUE, CBZ_PROMISE_STATUS_PENDING, 0 },
    /* Midnight UTC came six hours before: not the customer's midnight. */
    { "2027-03-13T00:00:00Z", FALSE, CBZ_PROMISE_STATUS_PENDING, 500000 },
    /* Saturday 00:00 in Mexico City: decided. */
    { "2027-03-13T00:00:00-06:00", FALSE, CBZ_PROMISE_STATUS_BROKEN, 500000 },
    { "2027-03-13T00:00:00-06:00", TRUE, CBZ_PROMISE_STATUS_KEPT, 0 },
    { "2027-04-01T12:00:00-06:00", TRUE, CBZ_PROMISE_STATUS_KEPT, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CbzPromiseEvaluation result = evaluate (&terms, paid, cases[i].with_payment ? 1 : 0,
                                              "America/Mexico_City", cases[i].at);

      g_assert_cmpint (result.status, ==, cases[i].status);
      g_assert_cmpint (result.shortfall.minor, ==, cases[i].shortfall);
      g_assert_cmpint (result.decides_at, ==, instant ("2027-03-13T06:00:00Z"));
    }
}

static void
test_partly_covered (void)
{
  CbzPromiseTerms terms = friday_promise ();
  CbzPaymentRecord payments[] = {
    { { 2027, 3, 11 }, instant ("2027-03-11T10:00:00-06:00"), { 200000, "MXN" } },
    { { 2027, 3, 12 }, instant ("2027-03-12T18:00:00-06:00"), { 150000, "MXN" } },
  };
  CbzPromiseEvaluation result = evaluate (&terms, payments, G_N_ELEMENTS (payments),
                                          "America/Mexico_City", "2027-03-13T09:00:00-06:00");

  g_assert_cmpint (result.status, ==, CBZ_PROMISE_STATUS_BROKEN);
  g_assert_cmpint (result.paid.minor, ==, 350000);
  g_assert_cmpint (result.shortfall.minor, ==, 150000);
  g_assert_cmpstr (result.shortfall.currency, ==, "MXN");
}

static void
test_what_counts (void)
{
  CbzPromiseTerms terms = friday_promise ();
  static const struct
  {
    const char *label;
    CbzDate     paid_on;
    const char *recorded_at;  /* NULL: unknown */
    const char *currency;
    gboolean    counts;
  } cases[] = {
    { "entered that morning, before the call", { 2027, 3, 10 }, "2027-03-10T09:00:00-06:00", "MXN", FALSE },
    { "entered after the call, same day", { 2027, 3, 10 }, "2027-03-10T17:00:00-06:00", "MXN", TRUE },
    { "dated the week before, entered later", { 2027, 3, 3 }, "2027-03-11T09:00:00-06:00", "MXN", FALSE },
    { "paid on the day", { 2027, 3, 12 }, NULL, "MXN", TRUE },
    { "paid the day after: late", { 2027, 3, 13 }, "2027-03-13T10:00:00-06:00", "MXN", FALSE },
    { "in dollars", { 2027, 3, 11 }, "2027-03-11T10:00:00-06:00", "USD", FALSE },
    { "dated Friday, imported Monday", { 2027, 3, 12 }, "2027-03-15T10:00:00-06:00", "MXN", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CbzPaymentRecord payment = {
        cases[i].paid_on,
        cases[i].recorded_at != NULL ? instant (cases[i].recorded_at) : 0,
        cbz_money_init (500000, cases[i].currency),
      };
      CbzPromiseEvaluation result = evaluate (&terms, &payment, 1, "America/Mexico_City",
                                              "2027-03-20T12:00:00-06:00");

      g_test_message ("%s", cases[i].label);
      g_assert_cmpint (result.status, ==, cases[i].counts ? CBZ_PROMISE_STATUS_KEPT : CBZ_PROMISE_STATUS_BROKEN);
    }
}

static void
test_known_at_the_time (void)
{
  CbzPromiseTerms terms = friday_promise ();
  /* Dated Friday but only imported (from the bank statement) on Monday. */
  CbzPaymentRecord late_entry = {
    { 2027, 3, 12 }, instant ("2027-03-15T10:00:00-06:00"), { 500000, "MXN" }
  };
  CbzPromiseEvaluation saturday = evaluate (&terms, &late_entry, 1, "America/Mexico_City",
                                            "2027-03-13T08:00:00-06:00");
  CbzPromiseEvaluation monday = evaluate (&terms, &late_entry, 1, "America/Mexico_City",
                                          "2027-03-15T11:00:00-06:00");

  /* On Saturday nobody knew of the payment: broken then, kept once known. */
  g_assert_cmpint (saturday.status, ==, CBZ_PROMISE_STATUS_BROKEN);
  g_assert_cmpint (monday.status, ==, CBZ_PROMISE_STATUS_KEPT);
}

static void
test_zone_edited (void)
{
  CbzPromiseTerms terms = friday_promise ();
  /* 00:30 on Saturday in Mexico City is 22:30 on Friday in Tijuana. */
  const char *at = "2027-03-13T06:30:00Z";
  CbzPromiseEvaluation mexico = evaluate (&terms, NULL, 0, "America/Mexico_City", at);
  CbzPromiseEvaluation tijuana = evaluate (&terms, NULL, 0, "America/Tijuana", at);
  CbzPromiseEvaluation tijuana_later = evaluate (&terms, NULL, 0, "America/Tijuana", "2027-03-13T08:00:00Z");

  g_assert_cmpint (mexico.status, ==, CBZ_PROMISE_STATUS_BROKEN);
  g_assert_cmpint (tijuana.status, ==, CBZ_PROMISE_STATUS_PENDING);
  g_assert_cmpint (tijuana.decides_at, ==, instant ("2027-03-13T08:00:00Z"));
  g_assert_cmpint (tijuana_later.status, ==, CBZ_PROMISE_STATUS_BROKEN);
}

static void
test_zone_edited_east (void)
{
  /* Promised at 23:30 in Tijuana for that same day; the zone is then edited
   * to Mexico City, where it was already the next day: the promise still
   * counts the payment made on its day. */
  CbzPromiseTerms terms = {
    instant ("2027-03-12T23:30:00-08:00"), { 2027, 3, 12 }, { 10000, "MXN" }
  };
  CbzPaymentRecord payment = {
    { 2027, 3, 12 }, instant ("2027-03-12T23:45:00-08:00"), { 10000, "MXN" }
  };
  CbzPromiseEvaluation result = evaluate (&terms, &payment, 1, "America/Mexico_City",
                                          "2027-03-14T00:00:00Z");

  g_assert_cmpint (result.status, ==, CBZ_PROMISE_STATUS_KEPT);
}

static void
test_daylight_saving (void)
{
  static const struct
  {
    const char      *zone;
    CbzDate          promised_on;
    const char      *before;
    const char      *after;
  } cases[] = {
    /* New York springs forward on Sunday 8 March 2026 at 02:00. */
    { "America/New_York", { 2026, 3, 7 }, "2026-03-08T04:59:59Z", "2026-03-08T05:00:00Z" },
    { "America/New_York", { 2026, 3, 8 }, "2026-03-09T03:59:59Z", "2026-03-09T04:00:00Z" },
    /* New York falls back on Sunday 1 November 2026. */
    { "America/New_York", { 2026, 11, 1 }, "2026-11-02T04:59:59Z", "2026-11-02T05:00:00Z" },
    /* Santiago skips midnight on 6 September 2026 (00:00 becomes 01:00). */
    { "America/Santiago", { 2026, 9, 5 }, "2026-09-06T03:59:59Z", "2026-09-06T04:00:00Z" },
    /* Santiago repeats 23:00-24:00 on 4 April 2026: the promise stays open
     * through the repeated hour. */
    { "America/Santiago", { 2026, 4, 4 }, "2026-04-05T03:59:59Z", "2026-04-05T04:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CbzPromiseTerms terms = {
        instant ("2026-01-02T12:00:00Z"), cases[i].promised_on, { 1000, "USD" }
      };
      CbzPromiseEvaluation before = evaluate (&terms, NULL, 0, cases[i].zone, cases[i].before);
      CbzPromiseEvaluation after = evaluate (&terms, NULL, 0, cases[i].zone, cases[i].after);

      g_assert_cmpint (before.status, ==, CBZ_PROMISE_STATUS_PENDING);
      g_assert_cmpint (after.status, ==, CBZ_PROMISE_STATUS_BROKEN);
      g_assert_cmpint (after.decides_at, ==, instant (cases[i].after));
    }
}

static void
test_invalid_terms (void)
{
  g_autoptr(GTimeZone) tz = zone ("America/Mexico_City");
  static const struct
  {
    CbzDate     promised_on;
    gint64      amount;
    int         code;
    const char *message;
  } cases[] = {
    { { 0, 0, 0 }, 100, CBZ_PAYMENTS_ERROR_INVALID_DATE, "A promise to pay needs the date the customer will pay by" },
    { { 2027, 3, 12 }, 0, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT, "A promise to pay must be for more than zero, not MXN 0.00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CbzPromiseTerms terms = { 0, cases[i].promised_on, { cases[i].amount, "MXN" } };
      CbzPromiseEvaluation result;

      g_assert_false (cbz_promise_evaluate (&terms, NULL, 0, tz, 0, &result, &error));
      g_assert_error (error, CBZ_PAYMENTS_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payments/local-day/start", test_day_start);
  g_test_add_func ("/payments/local-day/unknown-zone", test_unknown_zone);
  g_test_add_func ("/payments/promise/day-boundary", test_day_boundary);
  g_test_add_func ("/payments/promise/partly-covered", test_partly_covered);
  g_test_add_func ("/payments/promise/what-counts", test_what_counts);
  g_test_add_func ("/payments/promise/known-at-the-time", test_known_at_the_time);
  g_test_add_func ("/payments/promise/zone-edited", test_zone_edited);
  g_test_add_func ("/payments/promise/zone-edited-east", test_zone_edited_east);
  g_test_add_func ("/payments/promise/daylight-saving", test_daylight_saving);
  g_test_add_func ("/payments/promise/invalid-terms", test_invalid_terms);

  return g_test_run ();
}
