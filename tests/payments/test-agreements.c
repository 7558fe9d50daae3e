/* test-agreements.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-clock.h"
#include "payments/cbz-agreement.h"
#include "payments/cbz-local-day.h"
#include "payments/cbz-payments-error.h"
#include "cbz-test-util.h"

#define MXN(minor) cbz_money_init ((minor), "MXN")

static gint64
instant (const char *text)
{
  gint64 us = 0;

  g_assert_true (cbz_clock_parse_instant (text, &us, NULL));
  return us;
}

static void
test_interval_parse (void)
{
  static const struct
  {
    const char     *text;
    CbzIntervalUnit unit;
    guint           count;
    const char     *canonical;
  } good[] = {
    { "1m", CBZ_INTERVAL_UNIT_MONTHS, 1, "1m" },
    { "15d", CBZ_INTERVAL_UNIT_DAYS, 15, "15d" },
    { "7d", CBZ_INTERVAL_UNIT_DAYS, 7, "7d" },
    { " 2W ", CBZ_INTERVAL_UNIT_DAYS, 14, "14d" },
    { "3 m", CBZ_INTERVAL_UNIT_MONTHS, 3, "3m" },
    { "12m", CBZ_INTERVAL_UNIT_MONTHS, 12, "12m" },
    { "366d", CBZ_INTERVAL_UNIT_DAYS, 366, "366d" },
  };
  static const char * const bad[] = { "", "m", "0d", "1", "1y", "13m", "367d", "1.5m", "-1m", "1md", "53w" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      CbzInterval interval;

      g_assert_true (cbz_interval_parse (good[i].text, &interval, &error));
      g_assert_no_error (error);
      g_assert_cmpint (interval.unit, ==, good[i].unit);
      g_assert_cmpuint (interval.count, ==, good[i].count);
      text = cbz_interval_to_string (interval);
      g_assert_cmpstr (text, ==, good[i].canonical);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("“%s” is not an interval: write a number and d (days), "
                                                   "w (weeks) or m (months), such as 1m, 15d or 7d", bad[i]);
      CbzInterval interval;

      g_assert_false (cbz_interval_parse (bad[i], &interval, &error));
      g_assert_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_INTERVAL);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_interval_labels (void)
{
  static const struct
  {
    CbzInterval interval;
    const char *label;
  } cases[] = {
    { { CBZ_INTERVAL_UNIT_MONTHS, 1 }, "Every month" },
    { { CBZ_INTERVAL_UNIT_MONTHS, 2 }, "Every 2 months" },
    { { CBZ_INTERVAL_UNIT_DAYS, 7 }, "Every week" },
    { { CBZ_INTERVAL_UNIT_DAYS, 1 }, "Every day" },
    { { CBZ_INTERVAL_UNIT_DAYS, 14 }, "Every 14 days" },
    { { CBZ_INTERVAL_UNIT_DAYS, 15 }, "Every 15 days" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = cbz_interval_get_label (cases[i].interval);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

static void
test_month_ends (void)
{
  CbzInterval monthly = { CBZ_INTERVAL_UNIT_MONTHS, 1 };
  CbzInterval quarterly = { CBZ_INTERVAL_UNIT_MONTHS, 3 };
  CbzInterval fortnight = { CBZ_INTERVAL_UNIT_DAYS, 15 };
  static const struct
  {
    CbzDate first;
    guint   which;  /* 0: monthly, 1: quarterly, 2: 15 days */
    CbzDate dates[6];
  } cases[] = {
    /* The 31st stays the 31st where the month has one; February takes its last day. */
    { { 2027, 1, 31 }, 0, { { 2027, 1, 31 }, { 2027, 2, 28 }, { 2027, 3, 31 }, { 2027, 4, 30 }, { 2027, 5, 31 }, { 2027, 6, 30 } } },
    { { 2028, 1, 31 }, 0, { { 2028, 1, 31 }, { 2028, 2, 29 }, { 2028, 3, 31 }, { 2028, 4, 30 }, { 2028, 5, 31 }, { 2028, 6, 30 } } },
    { { 2027, 1, 30 }, 0, { { 2027, 1, 30 }, { 2027, 2, 28 }, { 2027, 3, 30 }, { 2027, 4, 30 }, { 2027, 5, 30 }, { 2027, 6, 30 } } },
    { { 2026, 11, 30 }, 1, { { 2026, 11, 30 }, { 2027, 2, 28 }, { 2027, 5, 30 }, { 2027, 8, 30 }, { 2027, 11, 30 }, { 2028, 2, 29 } } },
    { { 2027, 2, 10 }, 2, { { 2027, 2, 10 }, { 2027, 2, 25 }, { 2027, 3, 12 }, { 2027, 3, 27 }, { 2027, 4, 11 }, { 2027, 4, 26 } } },
  };
  CbzInterval intervals[] = { monthly, quarterly, fortnight };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint k = 0; k < 6; k++)
      {
        CbzDate date = cbz_interval_nth_date (cases[i].first, intervals[cases[i].which], k);
        char got[CBZ_DATE_ISO_LENGTH], want[CBZ_DATE_ISO_LENGTH];

        g_assert_cmpstr (cbz_date_to_iso (date, got), ==, cbz_date_to_iso (cases[i].dates[k], want));
      }
}

static void
test_plan_equal (void)
{
  static const struct
  {
    gint64      total;
    const char *currency;
    guint       n;
    gint64      each;
    gint64      last;
  } cases[] = {
    { 100000, "MXN", 3, 33333, 33334 },      /* 1,000.00 in 3: the odd cent goes last */
    { 100000, "MXN", 4, 25000, 25000 },
    { 1000000, "CLP", 7, 142857, 142858 },   /* pesos without decimals */
    { 5, "MXN", 5, 1, 1 },
    { 123456789, "USD", 12, 10288065, 10288074 },
    { 99, "MXN", 1, 99, 99 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree CbzInstalment *plan = NULL;
      CbzMoney total = cbz_money_init (cases[i].total, cases[i].currency);
      CbzInterval monthly = { CBZ_INTERVAL_UNIT_MONTHS, 1 };
      gint64 sum = 0;

      plan = cbz_agreement_plan (total, cases[i].n, cbz_date_init (2027, 1, 31), monthly, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < cases[i].n; k++)
        {
          g_assert_cmpint (plan[k].amount.minor, ==, k + 1 < cases[i].n ? cases[i].each : cases[i].last);
          g_assert_cmpstr (plan[k].amount.currency, ==, cases[i].currency);
          g_assert_true (cbz_date_equal (plan[k].due_on,
                                         cbz_interval_nth_date (cbz_date_init (2027, 1, 31), monthly, k)));
          sum += plan[k].amount.minor;
        }
      g_assert_cmpint (sum, ==, cases[i].total);
      g_assert_true (cbz_agreement_check (total, plan, cases[i].n, &error));
      g_assert_no_error (error);
    }
}

static void
test_plan_errors (void)
{
  static const struct
  {
    gint64      total;
    guint       n;
    gboolean    dated;
    int         code;
    const char *message;
  } cases[] = {
    { 0, 3, TRUE, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT, "An agreement must be for more than zero, not MXN 0.00" },
    { 1000, 0, TRUE, CBZ_PAYMENTS_ERROR_INVALID_COUNT, "An agreement has between 1 and 120 instalments, not 0" },
    { 1000, 121, TRUE, CBZ_PAYMENTS_ERROR_INVALID_COUNT, "An agreement has between 1 and 120 instalments, not 121" },
    { 1000, 3, FALSE, CBZ_PAYMENTS_ERROR_INVALID_DATE, "An agreement needs the date of its first instalment" },
    { 2, 3, TRUE, CBZ_PAYMENTS_ERROR_INVALID_COUNT, "MXN 0.02 cannot be split into 3 instalments" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CbzInterval monthly = { CBZ_INTERVAL_UNIT_MONTHS, 1 };
      CbzDate first = cases[i].dated ? cbz_date_init (2027, 1, 1) : (CbzDate) { 0 };
      CbzInstalment *plan = cbz_agreement_plan (MXN (cases[i].total), cases[i].n, first, monthly, &error);

      g_assert_null (plan);
      g_assert_error (error, CBZ_PAYMENTS_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_edited_amounts (void)
{
  CbzInstalment plan[] = {
    { { 2027, 2, 1 }, { 40000, "MXN" } },
    { { 2027, 3, 1 }, { 30000, "MXN" } },
    { { 2027, 4, 1 }, { 30000, "MXN" } },
  };
  static const struct
  {
    guint       which;
    gint64      amount;
    CbzDate     date;
    int         code;
    const char *message;
  } cases[] = {
    { 2, 29999, { 2027, 4, 1 }, CBZ_PAYMENTS_ERROR_SUM_MISMATCH,
      "The instalments add up to MXN 999.99, MXN 0.01 less than the agreed total of MXN 1,000.00" },
    { 0, 45000, { 2027, 2, 1 }, CBZ_PAYMENTS_ERROR_SUM_MISMATCH,
      "The instalments add up to MXN 1,050.00, MXN 50.00 more than the agreed total of MXN 1,000.00" },
    { 1, 0, { 2027, 3, 1 }, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT, "Instalment 2 must be for more than zero, not MXN 0.00" },
    { 1, 30000, { 2027, 1, 15 }, CBZ_PAYMENTS_ERROR_INVALID_DATE,
      "Instalment 2 (15/01/2027) falls before instalment 1 (01/02/2027): instalments go in date order" },
    { 2, 30000, { 0, 0, 0 }, CBZ_PAYMENTS_ERROR_INVALID_DATE, "Instalment 3 has no date" },
  };
  g_autoptr(GError) ok_error = NULL;

  /* Edited one by one and still adding up: fine, two on one day included. */
  g_assert_true (cbz_agreement_check (MXN (100000), plan, G_N_ELEMENTS (plan), &ok_error));
  g_assert_no_error (ok_error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CbzInstalment edited[G_N_ELEMENTS (plan)];

      memcpy (edited, plan, sizeof plan);
      edited[cases[i].which].amount.minor = cases[i].amount;
      edited[cases[i].which].due_on = cases[i].date;
      g_assert_false (cbz_agreement_check (MXN (100000), edited, G_N_ELEMENTS (edited), &error));
      g_assert_error (error, CBZ_PAYMENTS_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  {
    g_autoptr(GError) error = NULL;
    CbzInstalment dollars[G_N_ELEMENTS (plan)];

    memcpy (dollars, plan, sizeof plan);
    dollars[1].amount = cbz_money_init (30000, "USD");
    g_assert_false (cbz_agreement_check (MXN (100000), dollars, G_N_ELEMENTS (dollars), &error));
    g_assert_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_CURRENCY_MISMATCH);
    g_assert_cmpstr (error->message, ==, "Instalment 2 is in USD and the agreement in MXN");
  }
}

/* Three instalments of 1,000.00 on 15 January, February and March 2027 in
 * Mexico City. */
static CbzAgreementEvaluation *
evaluate (const CbzPaymentRecord *payments,
          gsize                   n_payments,
          const char             *at)
{
  CbzInstalment plan[] = {
    { { 2027, 1, 15 }, { 100000, "MXN" } },
    { { 2027, 2, 15 }, { 100000, "MXN" } },
    { { 2027, 3, 15 }, { 100000, "MXN" } },
  };
  g_autoptr(GTimeZone) tz = cbz_customer_time_zone_new ("America/Mexico_City", NULL);
  g_autoptr(GError) error = NULL;
  CbzAgreementEvaluation *evaluation;

  evaluation = cbz_agreement_evaluate (plan, G_N_ELEMENTS (plan), payments, n_payments, tz,
                                       instant (at), &error);
  g_assert_no_error (error);
  g_assert_nonnull (evaluation);
  g_assert_cmpuint (evaluation->n_instalments, ==, 3);
  return evaluation;
}

static void
assert_states (const CbzAgreementEvaluation *evaluation,
               CbzInstalmentState            a,
               CbzInstalmentState            b,
               CbzInstalmentState            c)
{
  g_assert_cmpint (evaluation->instalments[0].state, ==, a);
  g_assert_cmpint (evaluation->instalments[1].state, ==, b);
  g_assert_cmpint (evaluation->instalments[2].state, ==, c);
}

static void
test_standing (void)
{
  CbzPaymentRecord first_paid[] = {
    { { 2027, 1, 14 }, 0, { 100000, "MXN" } },
  };
  g_autoptr(CbzAgreementEvaluation) on_time = NULL;
  g_autoptr(CbzAgreementEvaluation) day_ends = NULL;
  g_autoptr(CbzAgreementEvaluation) missed = NULL;

  /* 15 February, last second in Mexico City: the second instalment is due. */
  on_time = evaluate (first_paid, 1, "2027-02-15T23:59:59-06:00");
  assert_states (on_time, CBZ_INSTALMENT_STATE_PAID, CBZ_INSTALMENT_STATE_DUE, CBZ_INSTALMENT_STATE_DUE);
  g_assert_cmpint (on_time->state, ==, CBZ_AGREEMENT_STATE_ON_TRACK);
  g_assert_cmpint (on_time->next_unpaid, ==, 1);
  g_assert_cmpint (on_time->instalments[1].late_from, ==, instant ("2027-02-16T06:00:00Z"));
  g_assert_false (on_time->instalments[0].paid_late);

  /* Local midnight: late, and the agreement has a missed instalment. */
  day_ends = evaluate (first_paid, 1, "2027-02-16T00:00:00-06:00");
  assert_states (day_ends, CBZ_INSTALMENT_STATE_PAID, CBZ_INSTALMENT_STATE_LATE, CBZ_INSTALMENT_STATE_DUE);
  g_assert_cmpint (day_ends->state, ==, CBZ_AGREEMENT_STATE_MISSED);
  g_assert_cmpuint (day_ends->n_late, ==, 1);
  g_assert_cmpint (day_ends->late_amount.minor, ==, 100000);
  g_assert_cmpint (day_ends->remaining.minor, ==, 200000);

  /* Nothing paid at all by April: every instalment late. */
  missed = evaluate (NULL, 0, "2027-04-01T12:00:00-06:00");
  assert_states (missed, CBZ_INSTALMENT_STATE_LATE, CBZ_INSTALMENT_STATE_LATE, CBZ_INSTALMENT_STATE_LATE);
  g_assert_cmpuint (missed->n_late, ==, 3);
  g_assert_cmpint (missed->late_amount.minor, ==, 300000);
}

static void
test_partial_and_late_payments (void)
{
  CbzPaymentRecord payments[] = {
    /* Out of order on purpose: payments are applied by date. */
    { { 2027, 2, 20 }, 0, { 150000, "MXN" } },
    { { 2027, 1, 10 }, 0, { 60000, "MXN" } },
    { { 2027, 1, 10 }, 0, { 5000, "USD" } },   /* another currency: not this agreement's */
  };
  g_autoptr(CbzAgreementEvaluation) january = NULL;
  g_autoptr(CbzAgreementEvaluation) march = NULL;

  /* In late January only 600.00 of the first 1,000.00 is paid: late. */
  january = evaluate (payments, G_N_ELEMENTS (payments), "2027-01-31T12:00:00-06:00");
  assert_states (january, CBZ_INSTALMENT_STATE_LATE, CBZ_INSTALMENT_STATE_DUE, CBZ_INSTALMENT_STATE_DUE);
  g_assert_cmpint (january->instalments[0].paid.minor, ==, 60000);
  g_assert_cmpint (january->instalments[0].remaining.minor, ==, 40000);
  g_assert_cmpint (january->paid.minor, ==, 60000);

  /* The 1,500.00 of 20 February pays the rest of the first (late) and the
   * second (late too), and 100.00 of the third. */
  march = evaluate (payments, G_N_ELEMENTS (payments), "2027-03-01T12:00:00-06:00");
  assert_states (march, CBZ_INSTALMENT_STATE_PAID, CBZ_INSTALMENT_STATE_PAID, CBZ_INSTALMENT_STATE_DUE);
  g_assert_true (march->instalments[0].paid_late);
  g_assert_true (march->instalments[1].paid_late);
  g_assert_true (cbz_date_equal (march->instalments[1].paid_on, cbz_date_init (2027, 2, 20)));
  g_assert_cmpint (march->instalments[2].paid.minor, ==, 10000);
  g_assert_cmpint (march->state, ==, CBZ_AGREEMENT_STATE_ON_TRACK);
  g_assert_cmpint (march->next_unpaid, ==, 2);
}

static void
test_completed (void)
{
  CbzPaymentRecord payments[] = {
    { { 2027, 1, 15 }, instant ("2027-01-15T10:00:00-06:00"), { 100000, "MXN" } },
    { { 2027, 2, 15 }, instant ("2027-02-15T10:00:00-06:00"), { 100000, "MXN" } },
    { { 2027, 3, 15 }, instant ("2027-03-15T10:00:00-06:00"), { 250000, "MXN" } },
  };
  g_autoptr(CbzAgreementEvaluation) done = NULL;
  g_autoptr(CbzAgreementEvaluation) before_entry = NULL;

  done = evaluate (payments, G_N_ELEMENTS (payments), "2027-03-15T12:00:00-06:00");
  g_assert_cmpint (done->state, ==, CBZ_AGREEMENT_STATE_COMPLETED);
  g_assert_cmpint (done->next_unpaid, ==, -1);
  g_assert_cmpuint (done->n_paid, ==, 3);
  /* What is paid beyond the total is not the agreement's. */
  g_assert_cmpint (done->paid.minor, ==, 300000);
  g_assert_cmpint (done->remaining.minor, ==, 0);

  /* An hour before the last payment was entered, the last one was still due. */
  before_entry = evaluate (payments, G_N_ELEMENTS (payments), "2027-03-15T09:00:00-06:00");
  g_assert_cmpint (before_entry->state, ==, CBZ_AGREEMENT_STATE_ON_TRACK);
  g_assert_cmpint (before_entry->instalments[2].state, ==, CBZ_INSTALMENT_STATE_DUE);
}

static void
test_invalid_plan (void)
{
  CbzInstalment plan[] = {
    { { 2027, 2, 1 }, { 40000, "MXN" } },
    { { 2027, 1, 1 }, { 30000, "MXN" } },
  };
  g_autoptr(GTimeZone) tz = cbz_customer_time_zone_new ("America/Mexico_City", NULL);
  g_autoptr(GError) error = NULL;
  CbzAgreementEvaluation *evaluation;

  evaluation = cbz_agreement_evaluate (plan, G_N_ELEMENTS (plan), NULL, 0, tz, 0, &error);
  g_assert_null (evaluation);
  g_assert_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_DATE);
}

static void
test_state_names (void)
{
  static const struct
  {
    CbzInstalmentState state;
    const char        *nick;
    const char        *label;
  } instalments[] = {
    { CBZ_INSTALMENT_STATE_PAID, "paid", "Paid" },
    { CBZ_INSTALMENT_STATE_DUE, "due", "Due" },
    { CBZ_INSTALMENT_STATE_LATE, "late", "Late" },
  };
  static const struct
  {
    CbzAgreementState state;
    const char       *nick;
    const char       *label;
  } agreements[] = {
    { CBZ_AGREEMENT_STATE_ON_TRACK, "on-track", "On track" },
    { CBZ_AGREEMENT_STATE_MISSED, "missed", "Missed instalment" },
    { CBZ_AGREEMENT_STATE_COMPLETED, "completed", "Completed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (instalments); i++)
    {
      CbzInstalmentState parsed;

      g_assert_cmpstr (cbz_instalment_state_to_string (instalments[i].state), ==, instalments[i].nick);
      g_assert_cmpstr (cbz_instalment_state_get_label (instalments[i].state), ==, instalments[i].label);
      g_assert_true (cbz_instalment_state_from_string (instalments[i].nick, &parsed));
      g_assert_cmpint (parsed, ==, instalments[i].state);
    }
  for (guint i = 0; i < G_N_ELEMENTS (agreements); i++)
    {
      CbzAgreementState parsed;

      g_assert_cmpstr (cbz_agreement_state_to_string (agreements[i].state), ==, agreements[i].nick);
      g_assert_cmpstr (cbz_agreement_state_get_label (agreements[i].state), ==, agreements[i].label);
      g_assert_true (cbz_agreement_state_from_string (agreements[i].nick, &parsed));
      g_assert_cmpint (parsed, ==, agreements[i].state);
    }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payments/interval/parse", test_interval_parse);
  g_test_add_func ("/payments/interval/labels", test_interval_labels);
  g_test_add_func ("/payments/interval/month-ends", test_month_ends);
  g_test_add_func ("/payments/agreement/plan-equal", test_plan_equal);
  g_test_add_func ("/payments/agreement/plan-errors", test_plan_errors);
  g_test_add_func ("/payments/agreement/edited-amounts", test_edited_amounts);
  g_test_add_func ("/payments/agreement/standing", test_standing);
  g_test_add_func ("/payments/agreement/partial-and-late-payments", test_partial_and_late_payments);
  g_test_add_func ("/payments/agreement/completed", test_completed);
  g_test_add_func ("/payments/agreement/invalid-plan", test_invalid_plan);
  g_test_add_func ("/payments/agreement/state-names", test_state_names);

  return g_test_run ();
}
