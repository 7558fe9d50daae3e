/* test-simulation.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cadence-test-util.h"
#include "cbz-cadence-builtin.h"
#include "cbz-plan-simulation.h"
#include "cbz-test-util.h"

static CbzPlanner *
new_planner (void)
{
  CbzPlanner *planner = cbz_planner_new ();
  g_autoptr(CbzCadence) standard = cbz_cadence_builtin_load ("standard", "es", NULL);

  g_assert_nonnull (standard);
  cbz_planner_add_cadence (planner, standard);
  return planner;
}

/* "step channel local-time status[ reason]" per action, one per line. */
static char *
describe (GPtrArray *actions)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < actions->len; i++)
    {
      CbzPlanAction *action = g_ptr_array_index (actions, i);
      g_autofree char *at = ct_local (action);

      g_string_append_printf (out, "%u %s %s %s", action->step, cbz_cadence_channel_to_string (action->channel),
                              at, cbz_plan_status_to_string (action->status));
      if (action->reason != CBZ_PLAN_REASON_NONE)
        g_string_append_printf (out, " %s", cbz_plan_reason_to_string (action->reason));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
test_customer_mexico (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", "Nuevo León");
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *text = NULL;

  ct_invoice (customer, 1, "2027-03-10", 150000, NULL, FALSE, NULL);
  actions = cbz_planner_simulate_customer (planner, customer, ct_at ("2027-03-01T00:00:00-06:00"), 45);
  text = describe (actions);
  g_assert_cmpstr (text, ==,
                   "1 sms 2027-03-07T09:00:00-06:00 due\n"
                   "2 whatsapp 2027-03-10T10:00:00-06:00 due\n"
                   "3 email 2027-03-17T09:00:00-06:00 due\n"
                   "4 letter 2027-03-25T07:00:00-06:00 due\n"
                   "5 call 2027-04-09T10:00:00-06:00 due\n");
  /* The built-in steps all wait for approval: the simulation says so. */
  for (guint i = 0; i < actions->len; i++)
    g_assert_false (((CbzPlanAction *) g_ptr_array_index (actions, i))->automatic);
}

static void
test_customer_colombia (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  g_autoptr(CbzPlanCustomer) customer = ct_customer (2, "CO", "Cundinamarca");
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *text = NULL;

  /* Colombia: one channel a week, no Sundays or holidays (Holy Thursday
   * and Good Friday are 25 and 26 March 2027). The WhatsApp of the due
   * date waits a week after the SMS; the email of +7 falls on Good Friday
   * and then waits a week after the WhatsApp; the letter of +15 (a
   * Saturday) a week after the email. Nothing is dropped; every move says
   * why it first moved. The call of +30 falls after the 45 days. */
  ct_invoice (customer, 1, "2027-03-19", 150000, "COP", FALSE, NULL);
  actions = cbz_planner_simulate_customer (planner, customer, ct_at ("2027-03-01T00:00:00-05:00"), 45);
  text = describe (actions);
  g_assert_cmpstr (text, ==,
                   "1 sms 2027-03-16T09:00:00-05:00 due\n"
                   "2 whatsapp 2027-03-23T10:00:00-05:00 deferred frequency-cap\n"
                   "3 email 2027-03-30T09:00:00-05:00 deferred holiday\n"
                   "4 letter 2027-04-06T07:00:00-05:00 deferred frequency-cap\n");
  {
    CbzPlanAction *email = g_ptr_array_index (actions, 2);
    g_autofree char *nominal = NULL;

    g_assert_cmpstr (email->reason_text, ==, "Holiday: Good Friday");
    g_assert_cmpint (email->nominal_at, ==, ct_at ("2027-03-26T09:00:00-05:00"));
    g_assert_true (cbz_date_equal (email->nominal_date, cbz_date_init (2027, 3, 26)));
    nominal = g_strdup (((CbzPlanAction *) g_ptr_array_index (actions, 1))->reason_text);
    g_assert_true (g_str_has_prefix (nominal, "Frequency cap: Colombia"));
  }
}

static void
test_customer_held_and_stopped (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  g_autoptr(CbzPlanCustomer) promised = ct_customer (3, "MX", NULL);
  g_autoptr(CbzPlanCustomer) opted_out = ct_customer (4, "MX", NULL);
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autofree char *held_text = NULL;
  g_autofree char *skipped_text = NULL;
  CbzPlanPromise promise = { ct_at ("2027-03-05T10:00:00-06:00"), { 0 }, cbz_money_init (150000, "MXN"),
                             CBZ_PLAN_PROMISE_OPEN, { 0 } };

  /* Five days overdue with an open promise, and nothing sent yet: the
   * latest step reached (the due date's) supersedes the one before; every
   * step then shows once as held. */
  promise.promised_on = cbz_date_init (2027, 4, 30);
  ct_invoice (promised, 1, "2027-03-01", 150000, NULL, FALSE, NULL);
  cbz_plan_customer_add_promise (promised, &promise);
  held = cbz_planner_simulate_customer (planner, promised, ct_at ("2027-03-06T00:00:00-06:00"), 30);
  held_text = describe (held);
  g_assert_cmpstr (held_text, ==,
                   "1 sms 2027-02-26T09:00:00-06:00 skipped superseded\n"
                   "2 whatsapp 2027-03-06T10:00:00-06:00 held promise-open\n"
                   "3 email 2027-03-08T09:00:00-06:00 held promise-open\n"
                   "4 letter 2027-03-16T07:00:00-06:00 held promise-open\n"
                   "5 call 2027-03-31T10:00:00-06:00 held promise-open\n");

  /* No phone and no mobile, and out of email: what cannot go is skipped. */
  opted_out->reach = CBZ_REACH_ADDRESS | CBZ_REACH_WHATSAPP;
  cbz_plan_customer_set_opt_out (opted_out, CBZ_EVENT_CHANNEL_EMAIL, TRUE);
  ct_invoice (opted_out, 1, "2027-03-10", 150000, NULL, FALSE, NULL);
  skipped = cbz_planner_simulate_customer (planner, opted_out, ct_at ("2027-03-01T00:00:00-06:00"), 45);
  skipped_text = describe (skipped);
  g_assert_cmpstr (skipped_text, ==,
                   "1 sms 2027-03-07T09:00:00-06:00 skipped no-contact-details\n"
                   "2 whatsapp 2027-03-10T10:00:00-06:00 due\n"
                   "3 email 2027-03-17T09:00:00-06:00 skipped opted-out\n"
                   "4 letter 2027-03-25T07:00:00-06:00 due\n"
                   "5 call 2027-04-09T10:00:00-06:00 skipped no-contact-details\n");
}

static void
test_forecast (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_plan_customer_unref);
  g_autoptr(CbzPlanPrices) prices = cbz_plan_prices_new ("MXN");
  g_autoptr(CbzPlanForecast) forecast = NULL;
  g_autoptr(CbzPlanForecast) copy = NULL;
  const char *dues[] = { "2027-03-10", "2027-03-10", "2027-03-12", "2027-02-20" };

  for (guint i = 0; i < G_N_ELEMENTS (dues); i++)
    {
      CbzPlanCustomer *customer = ct_customer (i + 1, "MX", NULL);

      ct_invoice (customer, i + 1, dues[i], 100000, NULL, FALSE, NULL);
      g_ptr_array_add (customers, customer);
    }
  /* The last one already had the steps up to +7. */
  ct_record (g_ptr_array_index (customers, 3), "standard", 3, "2027-02-21", 0, "2027-02-27T10:00:00-06:00",
             CBZ_PLAN_OUTCOME_DONE);

  cbz_plan_prices_set_price (prices, CBZ_CADENCE_CHANNEL_SMS, 45);
  cbz_plan_prices_set_price (prices, CBZ_CADENCE_CHANNEL_WHATSAPP, 80);
  cbz_plan_prices_set_price (prices, CBZ_CADENCE_CHANNEL_LETTER, 1500);
  cbz_plan_prices_set_sms_parts (prices, "reminder-before", "es", 2);
  g_assert_cmpuint (cbz_plan_prices_get_sms_parts (prices, "reminder-before", "es"), ==, 2);
  g_assert_cmpuint (cbz_plan_prices_get_sms_parts (prices, "reminder-before", "en"), ==, 1);

  forecast = cbz_planner_forecast (planner, customers, ct_at ("2027-03-01T00:00:00-06:00"), 30, prices);
  g_assert_cmpuint (cbz_plan_forecast_get_n_days (forecast), ==, 30);
  /* SMS on the 7th (two customers) and the 9th; WhatsApp on the 10th and
   * 12th; email on the 17th and 19th; letters on the 7th (the customer
   * due in February), 25th (two) and 27th; that customer's call on the 22nd. */
  g_assert_cmpuint (cbz_plan_forecast_get_count (forecast, 6, CBZ_CADENCE_CHANNEL_SMS), ==, 2);
  g_assert_cmpuint (cbz_plan_forecast_get_count (forecast, 8, CBZ_CADENCE_CHANNEL_SMS), ==, 1);
  g_assert_cmpuint (cbz_plan_forecast_get_count (forecast, 9, CBZ_CADENCE_CHANNEL_WHATSAPP), ==, 2);
  g_assert_cmpuint (cbz_plan_forecast_get_count (forecast, 11, CBZ_CADENCE_CHANNEL_WHATSAPP), ==, 1);
  g_assert_cmpuint (cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_SMS), ==, 3);
  g_assert_cmpuint (cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_WHATSAPP), ==, 3);
  g_assert_cmpuint (cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_EMAIL), ==, 3);
  g_assert_cmpuint (cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_LETTER), ==, 4);
  g_assert_cmpuint (cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_CALL), ==, 1);
  /* Each SMS is two parts at 0.45: 3 x 0.90; WhatsApp 3 x 0.80; letters 4 x 15.00. */
  g_assert_cmpint (cbz_plan_forecast_get_cost (forecast, 6).minor, ==, 180 + 1500);
  g_assert_cmpuint (cbz_plan_forecast_get_count (forecast, 6, CBZ_CADENCE_CHANNEL_LETTER), ==, 1);
  g_assert_cmpuint (cbz_plan_forecast_get_count (forecast, 24, CBZ_CADENCE_CHANNEL_LETTER), ==, 2);
  g_assert_cmpuint (cbz_plan_forecast_get_count (forecast, 21, CBZ_CADENCE_CHANNEL_CALL), ==, 1);
  g_assert_cmpint (cbz_plan_forecast_get_total_cost (forecast).minor, ==, 270 + 240 + 6000);
  g_assert_cmpstr (cbz_plan_forecast_get_total_cost (forecast).currency, ==, "MXN");

  copy = cbz_plan_forecast_copy (forecast);
  g_assert_cmpuint (cbz_plan_forecast_get_total (copy, CBZ_CADENCE_CHANNEL_LETTER), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cadence/simulation/customer-mexico", test_customer_mexico);
  g_test_add_func ("/cadence/simulation/customer-colombia", test_customer_colombia);
  g_test_add_func ("/cadence/simulation/customer-held-and-stopped", test_customer_held_and_stopped);
  g_test_add_func ("/cadence/simulation/forecast", test_forecast);

  return g_test_run ();
}
