/* test-planner.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cadence-test-util.h"
#include "cbz-test-util.h"

/* The shape of "Estándar", every step automatic so only the law waits. */
static const char *cadence_json =
  "{\"id\": \"t\", \"name\": \"T\", \"steps\": ["
  " {\"offset_days\": -3, \"channel\": \"sms\", \"automatic\": true},"
  " {\"offset_days\": 0, \"channel\": \"whatsapp\", \"automatic\": true},"
  " {\"offset_days\": 7, \"channel\": \"email\", \"automatic\": true},"
  " {\"offset_days\": 15, \"channel\": \"letter\", \"letter_level\": 2, \"automatic\": true},"
  " {\"offset_days\": 30, \"channel\": \"call\", \"automatic\": true}]}";

static CbzPlanner *
new_planner (const char *json)
{
  CbzPlanner *planner = cbz_planner_new ();
  g_autoptr(CbzCadence) cadence = ct_cadence (json != NULL ? json : cadence_json);

  cbz_planner_add_cadence (planner, cadence);
  return planner;
}

/* "due-2027-03-10:1 2027-03-11:3" -> DONE records of cadence "t". */
static void
add_records (CbzPlanCustomer *customer,
             const char      *records,
             const char      *at)
{
  g_auto(GStrv) items = NULL;

  if (records == NULL)
    return;
  items = g_strsplit (records, " ", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *colon = strrchr (items[i], ':');
      g_autofree char *episode = g_strndup (items[i], colon - items[i]);
      guint step = 0, repeat = 0;

      if (sscanf (colon + 1, "%u.%u", &step, &repeat) < 1)
        g_assert_not_reached ();
      ct_record (customer, "t", step, episode, repeat, at, CBZ_PLAN_OUTCOME_DONE);
    }
}

static char *
plan_summary (CbzPlanner      *planner,
              CbzPlanCustomer *customer,
              const char      *now)
{
  g_autoptr(GPtrArray) actions = cbz_planner_plan_customer (planner, customer, ct_at (now), NULL);

  return ct_summary (actions);
}

static void
test_due_dates (void)
{
  static const struct
  {
    const char *due;
    const char *now;
    const char *records;
    const char *expected;
  } cases[] = {
    { "2027-03-10", "2027-03-06T12:00:00-06:00", NULL, "" },
    { "2027-03-10", "2027-03-07T12:00:00-06:00", NULL, "1:due:sms" },
    { "2027-03-10", "2027-03-07T06:00:00-06:00", NULL, "1:deferred:later-today:sms" },
    { "2027-03-10", "2027-03-07T23:00:00-06:00", NULL, "1:deferred:outside-hours:sms" },
    { "2027-03-10", "2027-03-10T12:00:00-06:00", NULL, "1:skipped:superseded:sms 2:due:whatsapp" },
    { "2027-03-10", "2027-03-10T12:00:00-06:00", "due-2027-03-10:1", "2:due:whatsapp" },
    { "2027-03-10", "2027-03-16T12:00:00-06:00", "due-2027-03-10:1 due-2027-03-10:2", "" },
    { "2027-03-10", "2027-03-17T12:00:00-06:00", "due-2027-03-10:1 due-2027-03-10:2", "3:due:email" },
    { "2027-03-10", "2027-03-25T12:00:00-06:00", "2027-03-11:3", "4:due:letter" },
    { "2027-03-10", "2027-04-09T12:00:00-06:00", "2027-03-11:3 2027-03-11:4", "5:due:call" },
    { "2027-03-10", "2027-04-20T12:00:00-06:00", "2027-03-11:3 2027-03-11:4 2027-03-11:5", "" },
    /* Month ends and leap years. */
    { "2028-03-01", "2028-02-26T12:00:00-06:00", NULL, "" },
    { "2028-03-01", "2028-02-27T12:00:00-06:00", NULL, "1:due:sms" },
    { "2028-03-02", "2028-02-28T12:00:00-06:00", NULL, "1:due:sms" },
    { "2028-03-03", "2028-02-28T12:00:00-06:00", NULL, "" },
    { "2028-03-03", "2028-02-29T12:00:00-06:00", NULL, "1:due:sms" },
    { "2027-03-03", "2027-02-28T12:00:00-06:00", NULL, "1:due:sms" },
    { "2027-01-31", "2027-02-07T12:00:00-06:00", "due-2027-01-31:1 due-2027-01-31:2", "3:due:email" },
    { "2027-01-31", "2027-03-02T12:00:00-06:00", "2027-02-01:3 2027-02-01:4", "5:due:call" },
    { "2027-01-31", "2027-03-01T12:00:00-06:00", "2027-02-01:3 2027-02-01:4", "" },
    { "2027-12-31", "2028-01-07T12:00:00-06:00", "due-2027-12-31:2", "3:due:email" },
  };
  g_autoptr(CbzPlanner) planner = new_planner (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", "Jalisco");
      g_autofree char *summary = NULL;

      ct_invoice (customer, 10, cases[i].due, 100000, NULL, FALSE, NULL);
      add_records (customer, cases[i].records, "2027-01-01T12:00:00-06:00");
      summary = plan_summary (planner, customer, cases[i].now);
      g_test_message ("case %u: due %s at %s", i, cases[i].due, cases[i].now);
      g_assert_cmpstr (summary, ==, cases[i].expected);
    }
}

static void
test_action_fields (void)
{
  g_autoptr(CbzPlanner) planner = new_planner (NULL);
  g_autoptr(CbzPlanCustomer) customer = ct_customer (7, "MX", "Jalisco");
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *at = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  CbzPlanAction *action;

  ct_invoice (customer, 10, "2027-03-01", 100000, NULL, FALSE, NULL);
  ct_invoice (customer, 11, "2027-03-05", 50000, NULL, FALSE, NULL);
  ct_invoice (customer, 12, "2027-02-20", 70000, NULL, TRUE, NULL);
  ct_record (customer, "t", 3, "2027-03-02", 0, "2027-03-08T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);

  actions = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-16T09:30:00-06:00"), NULL);
  g_assert_cmpuint (actions->len, ==, 1);
  action = g_ptr_array_index (actions, 0);

  g_assert_cmpint (action->status, ==, CBZ_PLAN_STATUS_DUE);
  g_assert_cmpint (action->customer_id, ==, 7);
  g_assert_cmpstr (action->tax_id, ==, "TAX7");
  g_assert_cmpstr (action->cadence_id, ==, "t");
  g_assert_cmpstr (action->cadence_name, ==, "T");
  g_assert_cmpuint (action->step, ==, 4);
  g_assert_cmpint (action->channel, ==, CBZ_CADENCE_CHANNEL_LETTER);
  g_assert_cmpint (action->letter_level, ==, 2);
  g_assert_null (action->template_name);
  /* One consolidated action for the two undisputed overdue invoices, the
   * oldest (the anchor) first; the disputed one is left out. */
  g_assert_cmpuint (action->invoice_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (action->invoice_ids, gint64, 0), ==, 10);
  g_assert_cmpint (g_array_index (action->invoice_ids, gint64, 1), ==, 11);
  g_assert_cmpstr (action->episode, ==, "2027-03-02");
  g_assert_cmpstr (action->key, ==, "7:t:4:2027-03-02:0");
  g_assert_cmpstr (action->zone, ==, "America/Mexico_City");
  g_assert_true (cbz_date_equal (action->nominal_date, cbz_date_init (2027, 3, 16)));
  at = ct_local (action);
  g_assert_cmpstr (at, ==, "2027-03-16T09:30:00-06:00");
  g_assert_null (action->reason_text);

  json = cbz_plan_action_to_json (action);
  g_assert_null (strchr (json, '\n'));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "customer_id"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (object, "tax_id"), ==, "TAX7");
  g_assert_cmpstr (json_object_get_string_member (object, "cadence"), ==, "T");
  g_assert_cmpint (json_object_get_int_member (object, "step"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "channel"), ==, "letter");
  g_assert_cmpstr (json_object_get_string_member (object, "at"), ==, "2027-03-16T09:30:00-06:00");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "due");
  g_assert_false (json_object_has_member (object, "reason"));
  g_assert_cmpstr (json_object_get_string_member (object, "key"), ==, "7:t:4:2027-03-02:0");

  /* A deferred one carries its reason, the sentence and the code. */
  {
    g_autoptr(GPtrArray) later = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-16T23:30:00-06:00"), NULL);
    g_autofree char *text = cbz_plan_action_to_json (g_ptr_array_index (later, 0));
    g_autoptr(JsonParser) p = json_parser_new ();
    JsonObject *o;

    g_assert_true (json_parser_load_from_data (p, text, -1, NULL));
    o = json_node_get_object (json_parser_get_root (p));
    g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "deferred");
    g_assert_cmpstr (json_object_get_string_member (o, "reason_code"), ==, "outside-hours");
    g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, "Outside contact hours (07:00–22:00)");
    g_assert_cmpstr (json_object_get_string_member (o, "at"), ==, "2027-03-17T07:00:00-06:00");
  }
}

static void
test_time_zones (void)
{
  /* One instant, customers around the region; the step's day is 17 March
   * for an invoice due on the 10th (step 3, +7). */
  static const struct
  {
    const char *country;
    const char *region;
    const char *now;
    const char *status;
    const char *at;
  } cases[] = {
    { "MX", "Baja California", "2027-03-17T13:30:00Z", "deferred", "2027-03-17T07:00:00-07:00" },
    { "MX", "Sonora", "2027-03-17T13:30:00Z", "deferred", "2027-03-17T07:00:00-07:00" },
    { "MX", "Jalisco", "2027-03-17T13:30:00Z", "due", "2027-03-17T07:30:00-06:00" },
    { "MX", "Quintana Roo", "2027-03-17T13:30:00Z", "due", "2027-03-17T08:30:00-05:00" },
    { "CL", "Valparaíso", "2027-03-17T13:30:00Z", "due", "2027-03-17T10:30:00-03:00" },
    { "CO", "Antioquia", "2027-03-17T13:30:00Z", "due", "2027-03-17T08:30:00-05:00" },
    { "US", "NY", "2027-03-17T13:30:00Z", "due", "2027-03-17T09:30:00-04:00" },
    /* Local midnight decides the day: at 05:30 UTC it is still the 16th in
     * Mexico City (nothing yet) but already the 17th in Cancún. */
    { "MX", "Jalisco", "2027-03-17T05:30:00Z", NULL, NULL },
    { "MX", "Quintana Roo", "2027-03-17T05:30:00Z", "deferred", "2027-03-17T07:00:00-05:00" },
    /* Nothing before the step's day, on the night clocks change. */
    { "US", "New York", "2027-03-14T02:00:00Z", NULL, NULL },
  };
  g_autoptr(CbzPlanner) planner = new_planner (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, cases[i].country, cases[i].region);
      g_autoptr(GPtrArray) actions = NULL;

      ct_invoice (customer, 10, "2027-03-10", 100000, NULL, FALSE, NULL);
      ct_record (customer, "t", 2, "due-2027-03-10", 0, "2027-03-10T12:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);
      actions = cbz_planner_plan_customer (planner, customer, ct_at (cases[i].now), NULL);
      g_test_message ("case %u: %s %s", i, cases[i].country, cases[i].region);
      if (cases[i].status == NULL)
        {
          g_assert_cmpuint (actions->len, ==, 0);
          continue;
        }
      g_assert_cmpuint (actions->len, ==, 1);
      {
        CbzPlanAction *action = g_ptr_array_index (actions, 0);
        g_autofree char *at = ct_local (action);

        g_assert_cmpstr (cbz_plan_status_to_string (action->status), ==, cases[i].status);
        g_assert_cmpstr (at, ==, cases[i].at);
        g_assert_cmpint (action->at, >=, ct_at (cases[i].now));
      }
    }

  /* Across New York's change: the step window 09:00-10:00 local. */
  {
    g_autoptr(CbzPlanner) windowed = new_planner (
      "{\"id\": \"t\", \"name\": \"T\", \"steps\": [{\"offset_days\": 1, \"channel\": \"sms\","
      " \"window\": [\"09:00\", \"10:00\"], \"automatic\": true}]}");
    g_autoptr(CbzPlanCustomer) before = ct_customer (2, "US", "NY");
    g_autoptr(CbzPlanCustomer) after = ct_customer (3, "US", "NY");
    g_autoptr(GPtrArray) a = NULL;
    g_autoptr(GPtrArray) b = NULL;

    ct_invoice (before, 20, "2027-03-12", 5000, "USD", FALSE, NULL);
    ct_invoice (after, 30, "2027-03-13", 5000, "USD", FALSE, NULL);
    a = cbz_planner_plan_customer (windowed, before, ct_at ("2027-03-13T12:00:00Z"), NULL);
    b = cbz_planner_plan_customer (windowed, after, ct_at ("2027-03-14T12:00:00Z"), NULL);
    /* Saturday 09:00 EST is 14:00 UTC; Sunday 09:00 EDT is 13:00 UTC. */
    g_assert_cmpint (((CbzPlanAction *) g_ptr_array_index (a, 0))->at, ==, ct_at ("2027-03-13T14:00:00Z"));
    g_assert_cmpint (((CbzPlanAction *) g_ptr_array_index (b, 0))->at, ==, ct_at ("2027-03-14T13:00:00Z"));
  }
}

static void
test_anchor_moves (void)
{
  const char *json =
    "{\"id\": \"t\", \"name\": \"T\", \"steps\": ["
    " {\"offset_days\": 7, \"channel\": \"email\", \"automatic\": true},"
    " {\"offset_days\": 15, \"channel\": \"sms\", \"automatic\": true},"
    " {\"offset_days\": 30, \"channel\": \"call\", \"automatic\": true}]}";
  g_autoptr(CbzPlanner) planner = new_planner (json);
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
  g_autofree char *on_20 = NULL;
  g_autofree char *on_25 = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  CbzPlanAction *action;

  /* A (due 1 March) is paid on the 12th; B (due 10 March) stays unpaid:
   * the overdue balance never reached zero, so the episode goes on. */
  ct_invoice (customer, 1, "2027-03-01", 0, NULL, FALSE, "2027-03-12");
  ct_invoice (customer, 2, "2027-03-10", 20000, NULL, FALSE, NULL);
  ct_record (customer, "t", 1, "2027-03-02", 0, "2027-03-08T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);

  /* On the 20th B is 10 days late: step 1 is never repeated, and step 2
   * waits until B is 15 days late. */
  on_20 = plan_summary (planner, customer, "2027-03-20T12:00:00-06:00");
  g_assert_cmpstr (on_20, ==, "");
  on_25 = plan_summary (planner, customer, "2027-03-25T12:00:00-06:00");
  g_assert_cmpstr (on_25, ==, "2:due:sms");

  actions = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-25T12:00:00-06:00"), NULL);
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpstr (action->episode, ==, "2027-03-02");
  g_assert_cmpuint (action->invoice_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (action->invoice_ids, gint64, 0), ==, 2);
}

static void
test_new_episode (void)
{
  const char *json =
    "{\"id\": \"t\", \"name\": \"T\", \"steps\": ["
    " {\"offset_days\": 7, \"channel\": \"email\", \"automatic\": true},"
    " {\"offset_days\": 15, \"channel\": \"sms\", \"automatic\": true}]}";
  g_autoptr(CbzPlanner) planner = new_planner (json);
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
  g_autoptr(GPtrArray) actions = NULL;
  CbzPlanAction *action;

  /* A was paid on the 10th, before B (due the 20th) fell due: the balance
   * went to zero in between, so B starts a new episode from step 1. */
  ct_invoice (customer, 1, "2027-03-01", 0, NULL, FALSE, "2027-03-10");
  ct_invoice (customer, 2, "2027-03-20", 20000, NULL, FALSE, NULL);
  ct_record (customer, "t", 1, "2027-03-02", 0, "2027-03-08T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);

  actions = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-27T12:00:00-06:00"), NULL);
  g_assert_cmpuint (actions->len, ==, 1);
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpuint (action->step, ==, 1);
  g_assert_cmpint (action->status, ==, CBZ_PLAN_STATUS_DUE);
  g_assert_cmpstr (action->episode, ==, "2027-03-21");
  g_assert_cmpstr (action->key, ==, "1:t:1:2027-03-21:0");
}

static void
test_catch_up_after_ten_days (void)
{
  const char *json =
    "{\"id\": \"t\", \"name\": \"T\", \"steps\": ["
    " {\"offset_days\": 1, \"channel\": \"sms\", \"automatic\": true},"
    " {\"offset_days\": 3, \"channel\": \"whatsapp\", \"automatic\": true},"
    " {\"offset_days\": 5, \"channel\": \"email\", \"automatic\": true},"
    " {\"offset_days\": 7, \"channel\": \"letter\", \"automatic\": true},"
    " {\"offset_days\": 20, \"channel\": \"call\", \"automatic\": true}]}";
  g_autoptr(CbzPlanner) planner = new_planner (json);
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *summary = NULL;
  guint not_skipped = 0;

  /* Step 1 went on the 2nd; the app was closed from the 3rd to the 12th. */
  ct_invoice (customer, 1, "2027-03-01", 20000, NULL, FALSE, NULL);
  ct_record (customer, "t", 1, "2027-03-02", 0, "2027-03-02T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);

  actions = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-12T10:00:00-06:00"), NULL);
  summary = ct_summary (actions);
  /* ONE action, the latest step due; the earlier ones superseded by it. */
  g_assert_cmpstr (summary, ==, "2:skipped:superseded:whatsapp 3:skipped:superseded:email 4:due:letter");
  for (guint i = 0; i < actions->len; i++)
    {
      CbzPlanAction *action = g_ptr_array_index (actions, i);

      if (action->status != CBZ_PLAN_STATUS_SKIPPED)
        not_skipped++;
      else
        {
          g_assert_cmpuint (action->superseded_by, ==, 4);
          g_assert_cmpstr (action->reason_text, ==, "Superseded by step 4");
        }
    }
  g_assert_cmpuint (not_skipped, ==, 1);

  /* Recorded as decided, they are not reported again. */
  ct_record (customer, "t", 2, "2027-03-02", 0, "2027-03-12T10:00:00-06:00", CBZ_PLAN_OUTCOME_SKIPPED);
  ct_record (customer, "t", 3, "2027-03-02", 0, "2027-03-12T10:00:00-06:00", CBZ_PLAN_OUTCOME_SKIPPED);
  g_clear_pointer (&summary, g_free);
  summary = plan_summary (planner, customer, "2027-03-12T10:05:00-06:00");
  g_assert_cmpstr (summary, ==, "4:due:letter");
}

static void
test_idempotent (void)
{
  g_autoptr(CbzPlanner) planner = new_planner (NULL);
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_plan_customer_unref);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 now = ct_at ("2027-03-17T12:00:00-06:00");
  guint due = 0;

  for (gint64 id = 1; id <= 40; id++)
    {
      CbzPlanCustomer *customer = ct_customer (id, id % 2 ? "MX" : "CO", NULL);

      ct_invoice (customer, id * 10, id % 3 ? "2027-03-10" : "2027-03-19", 10000 * id, NULL, FALSE, NULL);
      ct_invoice (customer, id * 10 + 1, "2027-02-15", id % 4 ? 0 : 5000, NULL, FALSE, id % 4 ? "2027-03-01" : NULL);
      g_ptr_array_add (customers, customer);
    }

  first = cbz_planner_plan (planner, customers, now);
  second = cbz_planner_plan (planner, customers, now);
  g_assert_cmpuint (first->len, ==, second->len);
  g_assert_cmpuint (first->len, >, 0);
  for (guint i = 0; i < first->len; i++)
    {
      CbzPlanAction *a = g_ptr_array_index (first, i);
      CbzPlanAction *b = g_ptr_array_index (second, i);

      g_assert_cmpstr (a->key, ==, b->key);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpint (a->at, ==, b->at);
    }

  /* Record what was due (as the outbox would) and plan again, even after
   * a "crash" a minute later: nothing new is due under a key already used. */
  for (guint i = 0; i < first->len; i++)
    {
      CbzPlanAction *action = g_ptr_array_index (first, i);

      if (action->status == CBZ_PLAN_STATUS_DUE || action->status == CBZ_PLAN_STATUS_SKIPPED)
        {
          for (guint c = 0; c < customers->len; c++)
            {
              CbzPlanCustomer *customer = g_ptr_array_index (customers, c);

              if (customer->id == action->customer_id)
                ct_record (customer, action->cadence_id, action->step, action->episode, action->repeat,
                           "2027-03-17T12:00:00-06:00",
                           action->status == CBZ_PLAN_STATUS_DUE ? CBZ_PLAN_OUTCOME_DONE : CBZ_PLAN_OUTCOME_SKIPPED);
            }
          if (action->status == CBZ_PLAN_STATUS_DUE)
            due++;
        }
    }
  g_assert_cmpuint (due, >, 0);
  after = cbz_planner_plan (planner, customers, now + 60 * G_USEC_PER_SEC);
  for (guint i = 0; i < after->len; i++)
    {
      CbzPlanAction *action = g_ptr_array_index (after, i);

      g_assert_cmpint (action->status, !=, CBZ_PLAN_STATUS_DUE);
      for (guint j = 0; j < first->len; j++)
        {
          CbzPlanAction *old = g_ptr_array_index (first, j);

          if (old->status == CBZ_PLAN_STATUS_DUE)
            g_assert_cmpstr (old->key, !=, action->key);
        }
    }
}

static void
test_one_message_per_day (void)
{
  g_autoptr(CbzPlanner) planner = new_planner (NULL);
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *summary = NULL;
  CbzPlanAction *due;

  /* Two invoices due the 10th (one message lists both), and one due the
   * 13th, whose -3 step falls on the same day as the others' day-0 step. */
  ct_invoice (customer, 1, "2027-03-10", 10000, NULL, FALSE, NULL);
  ct_invoice (customer, 2, "2027-03-10", 20000, NULL, FALSE, NULL);
  ct_invoice (customer, 3, "2027-03-13", 30000, NULL, FALSE, NULL);
  ct_record (customer, "t", 1, "due-2027-03-10", 0, "2027-03-07T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);

  actions = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-10T12:00:00-06:00"), NULL);
  summary = ct_summary (actions);
  g_assert_cmpstr (summary, ==, "1:skipped:combined:sms 2:due:whatsapp");
  due = ct_find (actions, CBZ_PLAN_STATUS_DUE);
  g_assert_cmpuint (due->invoice_ids->len, ==, 3);
  g_assert_cmpstr (due->episode, ==, "due-2027-03-10");
  g_assert_cmpstr (((CbzPlanAction *) g_ptr_array_index (actions, 0))->episode, ==, "due-2027-03-13");

  /* Once a message went today, another step reached later the same day
   * waits for tomorrow. */
  ct_record (customer, "t", 2, "due-2027-03-10", 0, "2027-03-10T12:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);
  ct_invoice (customer, 4, "2027-03-13", 30000, NULL, FALSE, NULL);
  g_clear_pointer (&summary, g_free);
  summary = plan_summary (planner, customer, "2027-03-10T13:00:00-06:00");
  g_assert_cmpstr (summary, ==, "1:deferred:one-per-day:sms");
}

static void
test_opt_out_and_fallback (void)
{
  const char *json =
    "{\"id\": \"t\", \"name\": \"T\", \"steps\": ["
    " {\"offset_days\": 1, \"channel\": \"whatsapp\", \"fallback\": [\"sms\", \"email\"], \"automatic\": true},"
    " {\"offset_days\": 5, \"channel\": \"sms\", \"automatic\": true}]}";
  g_autoptr(CbzPlanner) planner = new_planner (json);
  static const struct
  {
    CbzReach          reach;
    CbzEventChannels  opt_outs;
    const char       *now;
    const char       *expected;
  } cases[] = {
    { CBZ_REACH_WHATSAPP | CBZ_REACH_MOBILE | CBZ_REACH_EMAIL, 0, "2027-03-02T12:00:00-06:00", "1:due:whatsapp" },
    { CBZ_REACH_WHATSAPP | CBZ_REACH_MOBILE | CBZ_REACH_EMAIL, CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_WHATSAPP),
      "2027-03-02T12:00:00-06:00", "1:due:sms" },
    { CBZ_REACH_WHATSAPP | CBZ_REACH_MOBILE | CBZ_REACH_EMAIL,
      CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_WHATSAPP) | CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_SMS),
      "2027-03-02T12:00:00-06:00", "1:due:email" },
    { CBZ_REACH_EMAIL, 0, "2027-03-02T12:00:00-06:00", "1:due:email" },
    { CBZ_REACH_WHATSAPP | CBZ_REACH_MOBILE, CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_WHATSAPP) |
      CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_SMS), "2027-03-02T12:00:00-06:00", "1:skipped:opted-out:whatsapp" },
    /* Without a fallback. */
    { CBZ_REACH_MOBILE, CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_SMS), "2027-03-06T12:00:00-06:00",
      "1:skipped:superseded:whatsapp 2:skipped:opted-out:sms" },
    { CBZ_REACH_EMAIL, 0, "2027-03-06T12:00:00-06:00", "1:skipped:superseded:whatsapp 2:skipped:no-contact-details:sms" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
      g_autofree char *summary = NULL;

      customer->reach = cases[i].reach;
      customer->opt_outs = cases[i].opt_outs;
      ct_invoice (customer, 1, "2027-03-01", 10000, NULL, FALSE, NULL);
      summary = plan_summary (planner, customer, cases[i].now);
      g_test_message ("case %u", i);
      g_assert_cmpstr (summary, ==, cases[i].expected);
    }

  {
    g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
    g_autoptr(GPtrArray) actions = NULL;
    CbzPlanAction *action;

    cbz_plan_customer_set_opt_out (customer, CBZ_EVENT_CHANNEL_WHATSAPP, TRUE);
    ct_invoice (customer, 1, "2027-03-01", 10000, NULL, FALSE, NULL);
    actions = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-02T12:00:00-06:00"), NULL);
    action = g_ptr_array_index (actions, 0);
    g_assert_cmpint (action->channel, ==, CBZ_CADENCE_CHANNEL_SMS);
    g_assert_cmpint (action->step_channel, ==, CBZ_CADENCE_CHANNEL_WHATSAPP);
  }
}

static void
test_approval (void)
{
  g_autoptr(CbzPlanner) planner = new_planner (
    "{\"id\": \"t\", \"name\": \"T\", \"steps\": [{\"offset_days\": 1, \"channel\": \"sms\"}]}");
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "CO", NULL);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *at = NULL;
  CbzPlanAction *action;

  ct_invoice (customer, 1, "2027-03-05", 10000, "COP", FALSE, NULL);
  /* Saturday the 6th at 16:00 in Bogotá: waiting for approval, and it
   * would go on Monday 07:00 once approved (Saturday ends at 15:00). */
  actions = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-06T16:00:00-05:00"), NULL);
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpint (action->status, ==, CBZ_PLAN_STATUS_HELD);
  g_assert_cmpint (action->reason, ==, CBZ_PLAN_REASON_WAITING_APPROVAL);
  g_assert_false (action->automatic);
  g_assert_cmpstr (action->reason_text, ==, "Waiting for approval");
  at = ct_local (action);
  g_assert_cmpstr (at, ==, "2027-03-08T07:00:00-05:00");

  ct_record (customer, "t", 1, "2027-03-06", 0, "2027-03-06T16:05:00-05:00", CBZ_PLAN_OUTCOME_APPROVED);
  summary = plan_summary (planner, customer, "2027-03-06T16:10:00-05:00");
  g_assert_cmpstr (summary, ==, "1:deferred:outside-hours:sms");
  g_clear_pointer (&summary, g_free);
  summary = plan_summary (planner, customer, "2027-03-08T07:00:00-05:00");
  g_assert_cmpstr (summary, ==, "1:due:sms");
}

static void
test_law_defers_never_early (void)
{
  static const struct
  {
    const char *country;
    const char *due;
    const char *now;
    const char *expected;
    const char *at;
  } cases[] = {
    /* Colombia: Sunday; San José moved to Monday 22 March 2027. */
    { "CO", "2027-03-20", "2027-03-21T10:00:00-05:00", "1:deferred:day-not-allowed:sms", "2027-03-23T07:00:00-05:00" },
    /* Chile: Good Friday, then Holy Saturday, then Sunday. */
    { "CL", "2027-03-25", "2027-03-26T10:00:00-03:00", "1:deferred:holiday:sms", "2027-03-29T08:00:00-03:00" },
    /* Peru: Saturday. */
    { "PE", "2027-03-19", "2027-03-20T10:00:00-05:00", "1:deferred:day-not-allowed:sms", "2027-03-22T07:00:00-05:00" },
    /* Ecuador: after 20:00 on Friday. */
    { "EC", "2027-03-18", "2027-03-19T20:30:00-05:00", "1:deferred:outside-hours:sms", "2027-03-22T07:00:00-05:00" },
    /* Argentina: before 09:00. */
    { "AR", "2027-03-21", "2027-03-22T08:00:00-03:00", "1:deferred:later-today:sms", "2027-03-22T09:00:00-03:00" },
    /* Mexico allows a holiday (Benito Juárez, 15 March 2027). */
    { "MX", "2027-03-14", "2027-03-15T10:00:00-06:00", "1:due:sms", "2027-03-15T10:00:00-06:00" },
  };
  g_autoptr(CbzPlanner) planner = new_planner (
    "{\"id\": \"t\", \"name\": \"T\", \"steps\": [{\"offset_days\": 1, \"channel\": \"sms\", \"automatic\": true}]}");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, cases[i].country, NULL);
      g_autoptr(GPtrArray) actions = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *at = NULL;

      ct_invoice (customer, 1, cases[i].due, 10000, NULL, FALSE, NULL);
      actions = cbz_planner_plan_customer (planner, customer, ct_at (cases[i].now), NULL);
      summary = ct_summary (actions);
      g_test_message ("case %u: %s", i, cases[i].country);
      g_assert_cmpstr (summary, ==, cases[i].expected);
      at = ct_local (g_ptr_array_index (actions, 0));
      g_assert_cmpstr (at, ==, cases[i].at);
    }
}

static void
test_frequency_caps (void)
{
  g_autoptr(CbzPlanner) planner = new_planner (
    "{\"id\": \"t\", \"name\": \"T\", \"steps\": [{\"offset_days\": 1, \"channel\": \"email\", \"automatic\": true}]}");
  g_autoptr(CbzPlanCustomer) chile = ct_customer (1, "CL", NULL);
  g_autoptr(CbzPlanCustomer) colombia = ct_customer (2, "CO", NULL);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *at = NULL;
  CbzPlanAction *action;

  /* Chile: an SMS yesterday (sent by hand, outside the cadence): the email
   * waits until two days have passed. */
  ct_invoice (chile, 1, "2027-03-22", 10000, "CLP", FALSE, NULL);
  ct_contact (chile, "2027-03-22T10:00:00-03:00", CBZ_EVENT_CHANNEL_SMS, CBZ_EVENT_DIRECTION_OUTBOUND,
              CBZ_CONTACT_KIND_MANUAL);
  actions = cbz_planner_plan_customer (planner, chile, ct_at ("2027-03-23T10:00:00-03:00"), NULL);
  summary = ct_summary (actions);
  g_assert_cmpstr (summary, ==, "1:held:frequency-cap:email");
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpstr (action->reason_detail, ==, "cl-messages");
  at = ct_local (action);
  g_assert_cmpstr (at, ==, "2027-03-24T08:00:00-03:00");

  /* Colombia: the customer wrote on WhatsApp today: one contact a day. */
  ct_invoice (colombia, 2, "2027-03-22", 10000, "COP", FALSE, NULL);
  ct_contact (colombia, "2027-03-23T08:00:00-05:00", CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_EVENT_DIRECTION_INBOUND,
              CBZ_CONTACT_KIND_REPLY);
  g_clear_pointer (&summary, g_free);
  summary = plan_summary (planner, colombia, "2027-03-23T10:00:00-05:00");
  g_assert_cmpstr (summary, ==, "1:held:frequency-cap:email");
}

static void
test_repeat (void)
{
  g_autoptr(CbzPlanner) planner = new_planner (
    "{\"id\": \"t\", \"name\": \"T\", \"steps\": [{\"offset_days\": 45, \"channel\": \"email\", \"automatic\": true,"
    " \"repeat\": {\"every_days\": 7, \"max\": 3}}]}");
  static const struct
  {
    const char *now;
    const char *records;
    const char *expected;
  } cases[] = {
    { "2027-02-14T12:00:00-06:00", NULL, "" },
    { "2027-02-15T12:00:00-06:00", NULL, "1:due:email" },
    { "2027-02-21T12:00:00-06:00", "2027-01-02:1", "" },
    { "2027-02-22T12:00:00-06:00", "2027-01-02:1", "1.1:due:email" },
    /* Closed for two weeks: the latest repeat, the one before superseded. */
    { "2027-03-08T12:00:00-06:00", "2027-01-02:1", "1.1:skipped:superseded:email 1.2:skipped:superseded:email 1.3:due:email" },
    { "2027-03-30T12:00:00-06:00", "2027-01-02:1 2027-01-02:1.1 2027-01-02:1.2 2027-01-02:1.3", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
      g_autofree char *summary = NULL;

      ct_invoice (customer, 1, "2027-01-01", 10000, NULL, FALSE, NULL);
      add_records (customer, cases[i].records, "2027-01-01T12:00:00-06:00");
      summary = plan_summary (planner, customer, cases[i].now);
      g_test_message ("case %u", i);
      g_assert_cmpstr (summary, ==, cases[i].expected);
    }
}

static void
test_spanish (void)
{
  g_autoptr(CbzPlanner) planner = new_planner (NULL);
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "CL", NULL);
  g_autoptr(CbzPlanCustomer) late = ct_customer (2, "MX", NULL);
  g_autoptr(GPtrArray) holiday = NULL;
  g_autoptr(GPtrArray) night = NULL;

  if (setlocale (LC_ALL, "es_MX.UTF-8") == NULL)
    {
      g_test_skip ("The es_MX.UTF-8 locale is not installed");
      return;
    }

  /* Most users read the reasons in Spanish. */
  ct_invoice (customer, 1, "2027-03-29", 100000, "CLP", FALSE, NULL);
  holiday = cbz_planner_plan_customer (planner, customer, ct_at ("2027-03-26T10:00:00-03:00"), NULL);
  g_assert_cmpstr (((CbzPlanAction *) g_ptr_array_index (holiday, 0))->reason_text, ==, "Feriado: Viernes Santo");
  g_assert_cmpstr (cbz_plan_status_get_label (CBZ_PLAN_STATUS_DEFERRED), ==, "Aplazada");

  ct_invoice (late, 2, "2027-03-01", 100000, NULL, FALSE, NULL);
  night = cbz_planner_plan_customer (planner, late, ct_at ("2027-03-16T23:00:00-06:00"), NULL);
  g_assert_cmpstr (((CbzPlanAction *) g_ptr_array_index (night, 0))->reason_text, ==,
                   "Reemplazada por el paso 4");
  g_assert_cmpstr (((CbzPlanAction *) g_ptr_array_index (night, 1))->reason_text, ==,
                   "Fuera del horario de contacto (07:00–22:00)");
  g_assert_cmpstr (cbz_cadence_channel_get_label (CBZ_CADENCE_CHANNEL_WHATSAPP_LINK), ==, "WhatsApp (a mano)");

  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int    argc,
      char **argv)
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cadence/planner/due-dates", test_due_dates);
  g_test_add_func ("/cadence/planner/action-fields", test_action_fields);
  g_test_add_func ("/cadence/planner/time-zones", test_time_zones);
  g_test_add_func ("/cadence/planner/anchor-moves", test_anchor_moves);
  g_test_add_func ("/cadence/planner/new-episode", test_new_episode);
  g_test_add_func ("/cadence/planner/catch-up-after-ten-days", test_catch_up_after_ten_days);
  g_test_add_func ("/cadence/planner/idempotent", test_idempotent);
  g_test_add_func ("/cadence/planner/one-message-per-day", test_one_message_per_day);
  g_test_add_func ("/cadence/planner/opt-out-and-fallback", test_opt_out_and_fallback);
  g_test_add_func ("/cadence/planner/approval", test_approval);
  g_test_add_func ("/cadence/planner/law-defers-never-early", test_law_defers_never_early);
  g_test_add_func ("/cadence/planner/frequency-caps", test_frequency_caps);
  g_test_add_func ("/cadence/planner/repeat", test_repeat);
  g_test_add_func ("/cadence/planner/spanish", test_spanish);

  return g_test_run ();
}
