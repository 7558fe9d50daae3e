/* test-planner-stops.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cadence-test-util.h"
#include "cbz-test-util.h"

static const char *cadence_json =
  "{\"id\": \"t\", \"name\": \"T\", \"steps\": ["
  " {\"offset_days\": -2, \"channel\": \"sms\", \"automatic\": true},"
  " {\"offset_days\": 3, \"channel\": \"whatsapp\", \"automatic\": true},"
  " {\"offset_days\": 10, \"channel\": \"email\", \"automatic\": true, \"unless_replied\": true},"
  " {\"offset_days\": 20, \"channel\": \"call\", \"automatic\": true,"
  "  \"min_overdue\": [{\"amount\": \"1000.00\", \"currency\": \"MXN\"}, {\"amount\": 50, \"currency\": \"USD\"}]}]}";

static CbzPlanner *
new_planner (void)
{
  CbzPlanner *planner = cbz_planner_new ();
  g_autoptr(CbzCadence) cadence = ct_cadence (cadence_json);

  cbz_planner_add_cadence (planner, cadence);
  return planner;
}

static GPtrArray *
plan (CbzPlanner      *planner,
      CbzPlanCustomer *customer,
      const char      *now)
{
  return cbz_planner_plan_customer (planner, customer, ct_at (now), NULL);
}

static char *
summary (CbzPlanner      *planner,
         CbzPlanCustomer *customer,
         const char      *now)
{
  g_autoptr(GPtrArray) actions = plan (planner, customer, now);

  return ct_summary (actions);
}

static void
add_promise (CbzPlanCustomer     *customer,
             const char          *made_at,
             const char          *promised_on,
             CbzPlanPromiseState  state,
             const char          *broken_on)
{
  CbzPlanPromise promise = { ct_at (made_at), { 0 }, cbz_money_init (50000, "MXN"), state, { 0 } };

  g_assert_true (cbz_date_from_iso (promised_on, &promise.promised_on));
  if (broken_on != NULL)
    g_assert_true (cbz_date_from_iso (broken_on, &promise.broken_on));
  cbz_plan_customer_add_promise (customer, &promise);
}

static void
add_instalment (CbzPlanCustomer        *customer,
                const char             *due,
                CbzPlanInstalmentState  state)
{
  CbzPlanInstalment instalment = { 5, { 0 }, cbz_money_init (25000, "MXN"), state };

  g_assert_true (cbz_date_from_iso (due, &instalment.due_on));
  cbz_plan_customer_add_instalment (customer, &instalment);
}

static void
test_paid_ends_episode (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *before = NULL;
  g_autofree char *later = NULL;
  CbzPlanAction *action;

  ct_invoice (customer, 1, "2027-03-01", 0, NULL, FALSE, "2027-03-06");
  ct_record (customer, "t", 2, "2027-03-02", 0, "2027-03-04T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);

  /* Paid on the 6th: step 3 (day +10, the 11th) is skipped "paid" on its
   * day, and nothing follows. */
  before = summary (planner, customer, "2027-03-10T12:00:00-06:00");
  g_assert_cmpstr (before, ==, "");
  actions = plan (planner, customer, "2027-03-11T12:00:00-06:00");
  g_assert_cmpuint (actions->len, ==, 1);
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpint (action->status, ==, CBZ_PLAN_STATUS_SKIPPED);
  g_assert_cmpint (action->reason, ==, CBZ_PLAN_REASON_PAID);
  g_assert_cmpuint (action->step, ==, 3);
  g_assert_cmpstr (action->reason_detail, ==, "2027-03-06");
  g_assert_nonnull (strstr (action->reason_text, "Paid on"));
  later = summary (planner, customer, "2027-03-21T12:00:00-06:00");
  g_assert_cmpstr (later, ==, "");

  /* An upcoming invoice paid early: its reminder is skipped "paid". */
  {
    g_autoptr(CbzPlanCustomer) early = ct_customer (2, "MX", NULL);
    g_autofree char *text = NULL;

    ct_invoice (early, 2, "2027-03-20", 0, NULL, FALSE, "2027-03-15");
    text = summary (planner, early, "2027-03-18T12:00:00-06:00");
    g_assert_cmpstr (text, ==, "1:skipped:paid:sms");
  }
}

static void
test_promise (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  static const struct
  {
    CbzPlanPromiseState  state;
    const char          *broken_on;
    const char          *expected;
    CbzPlanNote          note;
  } cases[] = {
    { CBZ_PLAN_PROMISE_OPEN, NULL, "2:held:promise-open:whatsapp", CBZ_PLAN_NOTE_NONE },
    { CBZ_PLAN_PROMISE_BROKEN, "2027-03-04", "2:due:whatsapp", CBZ_PLAN_NOTE_RESUMED_PROMISE_BROKEN },
    { CBZ_PLAN_PROMISE_KEPT, NULL, "2:due:whatsapp", CBZ_PLAN_NOTE_NONE },
    { CBZ_PLAN_PROMISE_CANCELLED, NULL, "2:due:whatsapp", CBZ_PLAN_NOTE_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
      g_autoptr(GPtrArray) actions = NULL;
      g_autofree char *text = NULL;
      CbzPlanAction *action;

      /* A kept promise covered only part of the balance: still overdue. */
      ct_invoice (customer, 1, "2027-03-01", 100000, NULL, FALSE, NULL);
      ct_record (customer, "t", 1, "due-2027-03-01", 0, "2027-02-27T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);
      add_promise (customer, "2027-03-02T10:00:00-06:00", "2027-03-05", cases[i].state, cases[i].broken_on);
      actions = plan (planner, customer, "2027-03-04T12:00:00-06:00");
      text = ct_summary (actions);
      g_test_message ("case %u", i);
      g_assert_cmpstr (text, ==, cases[i].expected);
      action = g_ptr_array_index (actions, 0);
      g_assert_cmpint (action->note, ==, cases[i].note);
      if (cases[i].state == CBZ_PLAN_PROMISE_OPEN)
        {
          g_assert_cmpstr (action->reason_detail, ==, "2027-03-05");
          g_assert_nonnull (strstr (action->reason_text, "promised to pay"));
        }
      if (cases[i].note != CBZ_PLAN_NOTE_NONE)
        {
          g_autofree char *json = cbz_plan_action_to_json (action);

          g_assert_true (cbz_date_equal (action->note_date, cbz_date_init (2027, 3, 4)));
          g_assert_nonnull (strstr (json, "\"note\":\"resumed-promise-broken\""));
        }
    }
}

static void
test_agreement (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  g_autoptr(CbzPlanCustomer) on_track = ct_customer (1, "MX", NULL);
  g_autoptr(CbzPlanCustomer) missed = ct_customer (2, "MX", NULL);
  g_autoptr(CbzPlanCustomer) completed = ct_customer (3, "MX", NULL);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *a = NULL;
  g_autofree char *c = NULL;
  CbzPlanAction *action;

  ct_invoice (on_track, 1, "2027-03-01", 100000, NULL, FALSE, NULL);
  add_instalment (on_track, "2027-02-20", CBZ_PLAN_INSTALMENT_PAID);
  add_instalment (on_track, "2027-03-20", CBZ_PLAN_INSTALMENT_DUE);
  a = summary (planner, on_track, "2027-03-11T12:00:00-06:00");
  g_assert_cmpstr (a, ==, "2:skipped:superseded:whatsapp 3:held:agreement-on-track:email");

  ct_invoice (missed, 1, "2027-03-01", 100000, NULL, FALSE, NULL);
  add_instalment (missed, "2027-03-05", CBZ_PLAN_INSTALMENT_LATE);
  add_instalment (missed, "2027-04-05", CBZ_PLAN_INSTALMENT_DUE);
  ct_record (missed, "t", 2, "2027-03-02", 0, "2027-03-04T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);
  actions = plan (planner, missed, "2027-03-11T12:00:00-06:00");
  action = ct_find (actions, CBZ_PLAN_STATUS_DUE);
  g_assert_nonnull (action);
  g_assert_cmpuint (action->step, ==, 3);
  g_assert_cmpint (action->note, ==, CBZ_PLAN_NOTE_RESUMED_INSTALMENT_MISSED);
  g_assert_true (cbz_date_equal (action->note_date, cbz_date_init (2027, 3, 5)));

  ct_invoice (completed, 1, "2027-03-01", 100000, NULL, FALSE, NULL);
  add_instalment (completed, "2027-02-20", CBZ_PLAN_INSTALMENT_PAID);
  ct_record (completed, "t", 2, "2027-03-02", 0, "2027-03-04T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);
  c = summary (planner, completed, "2027-03-11T12:00:00-06:00");
  g_assert_cmpstr (c, ==, "3:due:email");
}

static void
test_disputed (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  g_autoptr(CbzPlanCustomer) only_disputed = ct_customer (1, "MX", NULL);
  g_autoptr(CbzPlanCustomer) mixed = ct_customer (2, "MX", NULL);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;
  CbzPlanAction *action;

  ct_invoice (only_disputed, 1, "2027-03-01", 100000, NULL, TRUE, NULL);
  before = summary (planner, only_disputed, "2027-03-03T12:00:00-06:00");
  g_assert_cmpstr (before, ==, "");
  actions = plan (planner, only_disputed, "2027-03-04T12:00:00-06:00");
  g_assert_cmpuint (actions->len, ==, 1);
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpint (action->status, ==, CBZ_PLAN_STATUS_SKIPPED);
  g_assert_cmpint (action->reason, ==, CBZ_PLAN_REASON_DISPUTED);
  g_assert_cmpstr (action->reason_text, ==, "Disputed: invoice F-1");

  /* A disputed invoice leaves the anchor: the other one leads, alone. */
  ct_invoice (mixed, 1, "2027-02-20", 100000, NULL, TRUE, NULL);
  ct_invoice (mixed, 2, "2027-03-01", 100000, NULL, FALSE, NULL);
  g_clear_pointer (&actions, g_ptr_array_unref);
  actions = plan (planner, mixed, "2027-03-04T12:00:00-06:00");
  text = ct_summary (actions);
  g_assert_cmpstr (text, ==, "2:due:whatsapp");
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpuint (action->invoice_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (action->invoice_ids, gint64, 0), ==, 2);
  g_assert_cmpstr (action->episode, ==, "2027-03-02");
}

static void
test_unless_replied (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  static const struct
  {
    const char        *what;
    const char        *expected;
    const char        *detail;
  } cases[] = {
    { "nothing", "3:due:email", NULL },
    { "reply", "3:skipped:replied:email", "2027-03-06" },
    { "manual", "3:skipped:replied:email", "2027-03-07" },
    { "reply-before", "3:due:email", NULL },
    { "payment", "3:skipped:paid-since:email", "2027-03-08" },
    { "outbound", "3:due:email", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
      g_autoptr(GPtrArray) actions = NULL;
      g_autofree char *text = NULL;

      ct_invoice (customer, 1, "2027-03-01", 100000, NULL, FALSE, NULL);
      ct_record (customer, "t", 2, "2027-03-02", 0, "2027-03-04T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);
      if (g_str_equal (cases[i].what, "reply"))
        ct_contact (customer, "2027-03-06T18:00:00-06:00", CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_EVENT_DIRECTION_INBOUND,
                    CBZ_CONTACT_KIND_REPLY);
      else if (g_str_equal (cases[i].what, "manual"))
        ct_contact (customer, "2027-03-07T11:00:00-06:00", CBZ_EVENT_CHANNEL_IN_PERSON, CBZ_EVENT_DIRECTION_OUTBOUND,
                    CBZ_CONTACT_KIND_MANUAL);
      else if (g_str_equal (cases[i].what, "reply-before"))
        ct_contact (customer, "2027-03-03T18:00:00-06:00", CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_EVENT_DIRECTION_INBOUND,
                    CBZ_CONTACT_KIND_REPLY);
      else if (g_str_equal (cases[i].what, "outbound"))
        ct_contact (customer, "2027-03-04T10:00:00-06:00", CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_EVENT_DIRECTION_OUTBOUND,
                    CBZ_CONTACT_KIND_REMINDER);
      else if (g_str_equal (cases[i].what, "payment"))
        {
          CbzPlanPayment payment = { cbz_date_init (2027, 3, 8), cbz_money_init (10000, "MXN") };

          cbz_plan_customer_add_payment (customer, &payment);
        }
      actions = plan (planner, customer, "2027-03-11T12:00:00-06:00");
      text = ct_summary (actions);
      g_test_message ("case %u: %s", i, cases[i].what);
      g_assert_cmpstr (text, ==, cases[i].expected);
      if (cases[i].detail != NULL)
        g_assert_cmpstr (((CbzPlanAction *) g_ptr_array_index (actions, 0))->reason_detail, ==, cases[i].detail);
    }
}

static void
test_min_overdue (void)
{
  g_autoptr(CbzPlanner) planner = new_planner ();
  static const struct
  {
    gint64      balance;
    const char *currency;
    const char *expected;
  } cases[] = {
    { 100000, "MXN", "4:due:call" },
    { 99999, "MXN", "4:skipped:below-minimum:call" },
    { 5000, "USD", "4:due:call" },
    { 4999, "USD", "4:skipped:below-minimum:call" },
    /* A currency without a threshold meets the condition. */
    { 100, "CLP", "4:due:call" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
      g_autoptr(GPtrArray) actions = NULL;
      g_autofree char *text = NULL;

      ct_invoice (customer, 1, "2027-03-01", cases[i].balance, cases[i].currency, FALSE, NULL);
      ct_record (customer, "t", 3, "2027-03-02", 0, "2027-03-11T10:00:00-06:00", CBZ_PLAN_OUTCOME_DONE);
      actions = plan (planner, customer, "2027-03-21T12:00:00-06:00");
      text = ct_summary (actions);
      g_test_message ("case %u", i);
      g_assert_cmpstr (text, ==, cases[i].expected);
      if (g_str_has_suffix (cases[i].expected, "below-minimum:call"))
        g_assert_nonnull (strstr (((CbzPlanAction *) g_ptr_array_index (actions, 0))->reason_text, "below"));
    }
}

static void
test_assigned_cadence_and_none (void)
{
  g_autoptr(CbzPlanner) planner = cbz_planner_new ();
  g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(CbzCadence) gentle = ct_cadence (
    "{\"id\": \"gentle\", \"name\": \"G\", \"steps\": [{\"offset_days\": 2, \"channel\": \"email\", \"automatic\": true}]}");
  g_autoptr(CbzCadence) firm = ct_cadence (
    "{\"id\": \"firm\", \"name\": \"F\", \"steps\": [{\"offset_days\": 1, \"channel\": \"call\", \"automatic\": true}]}");
  g_autofree char *by_default = NULL;
  g_autofree char *by_hand = NULL;

  ct_invoice (customer, 1, "2027-03-01", 100000, NULL, FALSE, NULL);
  /* No cadence at all: nothing to plan. */
  nothing = plan (planner, customer, "2027-03-04T12:00:00-06:00");
  g_assert_cmpuint (nothing->len, ==, 0);

  cbz_planner_add_cadence (planner, gentle);
  cbz_planner_add_cadence (planner, firm);
  by_default = summary (planner, customer, "2027-03-04T12:00:00-06:00");
  g_assert_cmpstr (by_default, ==, "1:due:email");
  customer->cadence_id = g_strdup ("firm");
  by_hand = summary (planner, customer, "2027-03-04T12:00:00-06:00");
  g_assert_cmpstr (by_hand, ==, "1:due:call");
}

int
main (int    argc,
      char **argv)
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cadence/planner/stops/paid", test_paid_ends_episode);
  g_test_add_func ("/cadence/planner/stops/promise", test_promise);
  g_test_add_func ("/cadence/planner/stops/agreement", test_agreement);
  g_test_add_func ("/cadence/planner/stops/disputed", test_disputed);
  g_test_add_func ("/cadence/planner/stops/unless-replied", test_unless_replied);
  g_test_add_func ("/cadence/planner/stops/min-overdue", test_min_overdue);
  g_test_add_func ("/cadence/planner/stops/assigned-cadence", test_assigned_cadence_and_none);

  return g_test_run ();
}
