/* planner.c: the reminder planner on a 100,000-customer / 1,000,000-invoice portfolio
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: planner [CUSTOMERS]
 *
 * Builds a synthetic portfolio in memory (no database: this is the core
 * part; the figure with the store comes with the store's tables): customers
 * in the seven countries with presets and their regions (so several time
 * zones), ten invoices each (six in ten paid, some late, some disputed),
 * promises, agreements, recent contacts and the steps already done, and the
 * three built-in cadences assigned by rules. Then prints, for three runs:
 *   - today's actions for every customer (target < 1 s), the first time,
 *     with no decision recorded yet: the costliest case, every catch-up
 *     reported;
 *   - the same a minute later, once those decisions are recorded (what the
 *     scheduler does every minute);
 *   - the simulation of the next 30 days for the whole portfolio, with
 *     actions per channel and their cost (target < 3 s).
 * Each figure is wall-clock time and the process's CPU time (the machine
 * may be shared).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cbz-cadence-builtin.h"
#include "cbz-clock.h"
#include "cbz-core.h"
#include "cbz-plan-simulation.h"
#include "cbz-planner.h"
#include "cbz-zone-time.h"

#define DEFAULT_CUSTOMERS 100000
#define INVOICES_PER_CUSTOMER 10
#define RUNS 3

static const struct
{
  const char *country;
  const char *currency;
  int         percent;
  const char *regions[5];
} countries[] = {
  { "MX", "MXN", 50, { "Jalisco", "Baja California", "Sonora", "Quintana Roo", "Nuevo León" } },
  { "CO", "COP", 15, { "Antioquia", "Cundinamarca", NULL } },
  { "CL", "CLP", 10, { "Región Metropolitana", "Magallanes", NULL } },
  { "PE", "PEN", 10, { "Lima", NULL } },
  { "EC", "USD", 5, { "Pichincha", "Guayas", NULL } },
  { "AR", "ARS", 5, { "Córdoba", NULL } },
  { "US", "USD", 5, { "NY", "California", "Texas", NULL } },
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this process: on a shared machine, wall-clock time also
 * counts the time others had the processor. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static long
vm_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;
  long kb = -1;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmRSS:")) != NULL)
    sscanf (line + strlen ("VmRSS:"), "%ld", &kb);
  return kb;
}

static CbzPlanCustomer *
make_customer (GRand *rand,
               gint64 id,
               gint64 now,
               CbzDate today)
{
  CbzPlanCustomer *customer = cbz_plan_customer_new (id);
  int pick = g_rand_int_range (rand, 0, 100);
  guint c = 0;
  guint n_regions = 0;
  gboolean overdue = FALSE;
  CbzDate oldest_overdue = { 0 };

  while (pick >= countries[c].percent)
    pick -= countries[c++].percent;
  while (n_regions < G_N_ELEMENTS (countries[c].regions) && countries[c].regions[n_regions] != NULL)
    n_regions++;

  customer->tax_id = g_strdup_printf ("RFC%08" G_GINT64_FORMAT, id);
  customer->country = g_strdup (countries[c].country);
  customer->region = g_strdup (countries[c].regions[g_rand_int_range (rand, 0, (gint32) n_regions)]);
  customer->language = g_strdup (g_str_equal (countries[c].country, "US") ? "en" : "es");
  customer->reach = CBZ_REACH_EMAIL | CBZ_REACH_ADDRESS;
  if (g_rand_int_range (rand, 0, 10) < 8)
    customer->reach |= CBZ_REACH_MOBILE | CBZ_REACH_PHONE | CBZ_REACH_WHATSAPP;
  if (g_rand_int_range (rand, 0, 50) == 0)
    cbz_plan_customer_set_opt_out (customer, CBZ_EVENT_CHANNEL_SMS, TRUE);
  if (g_rand_int_range (rand, 0, 20) == 0)
    {
      const char *tags[] = { "vip", NULL };

      customer->tags = g_strdupv ((char **) tags);
    }

  for (guint i = 0; i < INVOICES_PER_CUSTOMER; i++)
    {
      CbzPlanInvoice invoice = { 0 };
      char number[24];
      int due_offset = g_rand_int_range (rand, -200, 60);

      g_snprintf (number, sizeof number, "F-%" G_GINT64_FORMAT, id * INVOICES_PER_CUSTOMER + i);
      invoice.id = id * INVOICES_PER_CUSTOMER + i;
      invoice.number = number;
      invoice.due_on = cbz_date_add_days (today, due_offset);
      invoice.balance = cbz_money_init (g_rand_int_range (rand, 1000, 5000000), countries[c].currency);
      invoice.disputed = g_rand_int_range (rand, 0, 33) == 0;
      if (due_offset < 0 && g_rand_int_range (rand, 0, 10) < 7)
        {
          CbzDate paid = cbz_date_add_days (invoice.due_on, g_rand_int_range (rand, -5, 40));

          if (cbz_date_compare (paid, today) < 0)
            {
              invoice.paid_on = paid;
              invoice.balance.minor = 0;
            }
        }
      if (invoice.balance.minor > 0 && !invoice.disputed && due_offset < 0)
        {
          overdue = TRUE;
          if (!cbz_date_is_set (oldest_overdue) || cbz_date_compare (invoice.due_on, oldest_overdue) < 0)
            oldest_overdue = invoice.due_on;
        }
      cbz_plan_customer_add_invoice (customer, &invoice);
    }

  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      CbzPlanPromise promise = { now - 5 * G_TIME_SPAN_DAY, cbz_date_add_days (today, g_rand_int_range (rand, -10, 10)),
                                 cbz_money_init (100000, countries[c].currency), CBZ_PLAN_PROMISE_OPEN, { 0 } };

      if (cbz_date_compare (promise.promised_on, today) < 0)
        {
          promise.state = g_rand_boolean (rand) ? CBZ_PLAN_PROMISE_BROKEN : CBZ_PLAN_PROMISE_KEPT;
          promise.broken_on = cbz_date_add_days (promise.promised_on, 1);
        }
      cbz_plan_customer_add_promise (customer, &promise);
    }
  if (g_rand_int_range (rand, 0, 30) == 0)
    {
      for (int k = 0; k < 4; k++)
        {
          CbzPlanInstalment instalment = { id, cbz_date_add_days (today, 30 * (k - 1)),
                                           cbz_money_init (50000, countries[c].currency),
                                           k == 0 ? CBZ_PLAN_INSTALMENT_PAID : CBZ_PLAN_INSTALMENT_DUE };

          cbz_plan_customer_add_instalment (customer, &instalment);
        }
    }
  for (int k = g_rand_int_range (rand, 0, 4); k > 0; k--)
    {
      CbzContactRecord contact = {
        now - g_rand_int_range (rand, 1, 30) * G_TIME_SPAN_DAY,
        (CbzEventChannel) g_rand_int_range (rand, CBZ_EVENT_CHANNEL_SMS, CBZ_EVENT_CHANNEL_PHONE + 1),
        g_rand_int_range (rand, 0, 5) == 0 ? CBZ_EVENT_DIRECTION_INBOUND : CBZ_EVENT_DIRECTION_OUTBOUND,
        CBZ_CONTACT_KIND_REMINDER, FALSE
      };

      cbz_plan_customer_add_contact (customer, &contact);
    }
  /* Most overdue customers already had the first steps of their episode;
   * the episode's name only matters when it matches, so some do. */
  if (overdue && g_rand_int_range (rand, 0, 2) == 0)
    {
      char episode[CBZ_DATE_ISO_LENGTH];
      CbzPlanRecord record = { (char *) "standard", 3, cbz_date_to_iso (cbz_date_add_days (oldest_overdue, 1), episode),
                               0, now - 3 * G_TIME_SPAN_DAY, CBZ_PLAN_OUTCOME_DONE };

      cbz_plan_customer_add_record (customer, &record);
    }
  return customer;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(CbzPlanner) planner = cbz_planner_new ();
  g_autoptr(CbzCadenceAssignment) assignment = cbz_cadence_assignment_new (CBZ_CADENCE_BUILTIN_DEFAULT);
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(CbzPlanPrices) prices = cbz_plan_prices_new ("MXN");
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(GTimeZone) mexico = g_time_zone_new_identifier ("America/Mexico_City");
  CbzCadenceRule vip = { (char *) "gentle", (char *) "vip", { 0 }, 0, CBZ_RISK_LOW };
  CbzCadenceRule late = { (char *) "firm", NULL, { 0 }, 60, CBZ_RISK_LOW };
  const char * const *ids = cbz_cadence_builtin_list_ids ();
  guint n_customers = argc > 1 ? (guint) atoi (argv[1]) : DEFAULT_CUSTOMERS;
  gint64 now = 0;
  CbzDate today;
  double start;
  guint n_invoices = 0;

  cbz_core_init ();
  g_assert_true (n_customers > 0);
  g_assert_true (cbz_clock_parse_instant ("2027-03-17T10:00:00-06:00", &now, NULL));
  today = cbz_zone_time_get_date (mexico, now);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(CbzCadence) cadence = cbz_cadence_builtin_load (ids[i], "es", NULL);

      cbz_planner_add_cadence (planner, cadence);
    }
  cbz_cadence_assignment_add_rule (assignment, &vip);
  cbz_cadence_assignment_add_rule (assignment, &late);
  cbz_planner_set_assignment (planner, assignment);
  cbz_plan_prices_set_price (prices, CBZ_CADENCE_CHANNEL_SMS, 45);
  cbz_plan_prices_set_price (prices, CBZ_CADENCE_CHANNEL_WHATSAPP, 80);
  cbz_plan_prices_set_price (prices, CBZ_CADENCE_CHANNEL_LETTER, 1500);
  cbz_plan_prices_set_sms_parts (prices, "reminder", NULL, 2);

  start = now_ms ();
  customers = g_ptr_array_new_full (n_customers, (GDestroyNotify) cbz_plan_customer_unref);
  for (guint i = 0; i < n_customers; i++)
    {
      CbzPlanCustomer *customer = make_customer (rand, i + 1, now, today);

      n_invoices += customer->invoices->len;
      g_ptr_array_add (customers, customer);
    }
  printf ("portfolio: %u customers, %u invoices in memory, built in %.0f ms, %ld MB resident\n",
          n_customers, n_invoices, now_ms () - start, vm_rss_kb () / 1024);

  for (int run = 1; run <= RUNS; run++)
    {
      g_autoptr(GPtrArray) actions = NULL;
      guint by_status[4] = { 0 };
      double elapsed, cpu;

      start = now_ms ();
      cpu = cpu_ms ();
      actions = cbz_planner_plan (planner, customers, now);
      elapsed = now_ms () - start;
      cpu = cpu_ms () - cpu;
      for (guint i = 0; i < actions->len; i++)
        by_status[((CbzPlanAction *) g_ptr_array_index (actions, i))->status]++;
      printf ("run %d: today's actions: %.0f ms (%.0f ms of CPU; target < 1000 ms): "
              "%u due, %u deferred, %u held, %u skipped\n",
              run, elapsed, cpu, by_status[CBZ_PLAN_STATUS_DUE], by_status[CBZ_PLAN_STATUS_DEFERRED],
              by_status[CBZ_PLAN_STATUS_HELD], by_status[CBZ_PLAN_STATUS_SKIPPED]);
    }

  /* The scheduler's next minute: each decision of the first plan recorded
   * (what went to the outbox as done, what was skipped as skipped), so only
   * what still waits comes back. */
  {
    g_autoptr(GPtrArray) first = cbz_planner_plan (planner, customers, now);
    guint c = 0;

    for (guint i = 0; i < first->len; i++)
      {
        CbzPlanAction *action = g_ptr_array_index (first, i);
        CbzPlanRecord record = { (char *) action->cadence_id, action->step, action->episode, action->repeat, now,
                                 action->status == CBZ_PLAN_STATUS_SKIPPED ? CBZ_PLAN_OUTCOME_SKIPPED
                                                                           : CBZ_PLAN_OUTCOME_DONE };

        if (action->status != CBZ_PLAN_STATUS_SKIPPED && action->status != CBZ_PLAN_STATUS_DUE)
          continue;
        while (((CbzPlanCustomer *) g_ptr_array_index (customers, c))->id != action->customer_id)
          c++;
        cbz_plan_customer_add_record (g_ptr_array_index (customers, c), &record);
      }
  }
  for (int run = 1; run <= RUNS; run++)
    {
      g_autoptr(GPtrArray) actions = NULL;
      double elapsed, cpu;

      start = now_ms ();
      cpu = cpu_ms ();
      actions = cbz_planner_plan (planner, customers, now + 60 * G_USEC_PER_SEC);
      elapsed = now_ms () - start;
      cpu = cpu_ms () - cpu;
      printf ("run %d: a minute later, decisions recorded: %.0f ms (%.0f ms of CPU): %u actions still waiting\n",
              run, elapsed, cpu, actions->len);
    }

  for (int run = 1; run <= RUNS; run++)
    {
      g_autoptr(CbzPlanForecast) forecast = NULL;
      g_autofree char *cost = NULL;
      double elapsed, cpu;

      start = now_ms ();
      cpu = cpu_ms ();
      forecast = cbz_planner_forecast (planner, customers, now, 30, prices);
      elapsed = now_ms () - start;
      cpu = cpu_ms () - cpu;
      cost = cbz_money_format (cbz_plan_forecast_get_total_cost (forecast), "es_MX");
      printf ("run %d: next 30 days: %.0f ms (%.0f ms of CPU; target < 3000 ms): %u SMS, %u WhatsApp, %u email, "
              "%u letters, %u calls; %u moved by the law or caps, %u held, %u skipped; cost %s\n",
              run, elapsed, cpu,
              cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_SMS),
              cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_WHATSAPP),
              cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_EMAIL),
              cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_LETTER),
              cbz_plan_forecast_get_total (forecast, CBZ_CADENCE_CHANNEL_CALL),
              cbz_plan_forecast_get_n_deferred (forecast), cbz_plan_forecast_get_n_held (forecast),
              cbz_plan_forecast_get_n_skipped (forecast), cost);
    }
  printf ("resident memory at the end: %ld MB\n", vm_rss_kb () / 1024);
  return 0;
}
