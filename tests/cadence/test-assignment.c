/* test-assignment.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cadence-test-util.h"
#include "cbz-risk.h"
#include "cbz-test-util.h"

static void
add_broken_promise (CbzPlanCustomer *customer,
                    const char      *broken_on)
{
  CbzPlanPromise promise = { ct_at ("2026-01-01T10:00:00-06:00"), { 0 }, cbz_money_init (100, "MXN"),
                             CBZ_PLAN_PROMISE_BROKEN, { 0 } };

  g_assert_true (cbz_date_from_iso (broken_on, &promise.broken_on));
  promise.promised_on = cbz_date_add_days (promise.broken_on, -1);
  cbz_plan_customer_add_promise (customer, &promise);
}

static void
test_risk (void)
{
  CbzDate today = cbz_date_init (2027, 3, 1);
  g_autoptr(CbzPlanCustomer) punctual = ct_customer (1, "MX", NULL);
  g_autoptr(CbzPlanCustomer) late = ct_customer (2, "MX", NULL);
  g_autoptr(CbzPlanCustomer) fresh = ct_customer (3, "MX", NULL);
  g_autoptr(CbzRiskAssessment) low = NULL;
  g_autoptr(CbzRiskAssessment) high = NULL;
  g_autoptr(CbzRiskAssessment) unknown = NULL;

  /* Paid 0 and 3 days late: on average 2 (rounded half up from 1.5). */
  ct_invoice (punctual, 1, "2027-01-01", 0, NULL, FALSE, "2027-01-01");
  ct_invoice (punctual, 2, "2027-02-01", 0, NULL, FALSE, "2027-02-04");
  low = cbz_risk_assess (punctual, today);
  g_assert_cmpint (low->level, ==, CBZ_RISK_LOW);
  g_assert_cmpint (low->average_days_late, ==, 2);
  g_assert_cmpuint (low->paid_invoices, ==, 2);
  g_assert_cmpuint (low->reasons->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (low->reasons, 0), ==, "Pays on average 2 days late");

  /* 40 days late on average, two broken promises this year (one older
   * than a year does not count), one dispute: 2 + 2 + 1 points. */
  ct_invoice (late, 1, "2026-10-01", 0, NULL, FALSE, "2026-11-20");
  ct_invoice (late, 2, "2026-12-01", 0, NULL, FALSE, "2027-01-01");
  ct_invoice (late, 3, "2027-02-01", 5000, NULL, TRUE, NULL);
  add_broken_promise (late, "2026-06-01");
  add_broken_promise (late, "2027-01-15");
  add_broken_promise (late, "2025-12-01");
  high = cbz_risk_assess (late, today);
  g_assert_cmpint (high->average_days_late, ==, 41);
  g_assert_cmpuint (high->broken_promises, ==, 2);
  g_assert_cmpuint (high->disputed_invoices, ==, 1);
  g_assert_cmpuint (high->points, ==, 5);
  g_assert_cmpint (high->level, ==, CBZ_RISK_HIGH);
  g_assert_cmpuint (high->reasons->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (high->reasons, 1), ==, "Broke 2 promises to pay in the last year");
  g_assert_cmpstr (g_ptr_array_index (high->reasons, 2), ==, "Disputes 1 invoice");
  g_assert_cmpstr (cbz_risk_level_to_string (high->level), ==, "high");
  g_assert_cmpstr (cbz_risk_level_get_label (high->level), ==, "High");

  unknown = cbz_risk_assess (fresh, today);
  g_assert_cmpint (unknown->level, ==, CBZ_RISK_LOW);
  g_assert_cmpint (unknown->average_days_late, ==, -1);
  g_assert_cmpstr (g_ptr_array_index (unknown->reasons, 0), ==, "No invoices paid yet to judge by");
}

static CbzCadenceAssignment *
new_assignment (void)
{
  CbzCadenceAssignment *assignment = cbz_cadence_assignment_new ("standard");
  CbzCadenceRule vip = { (char *) "gentle", (char *) "vip", { 0 }, 0, CBZ_RISK_LOW };
  CbzCadenceRule big = { (char *) "firm", NULL, cbz_money_init (5000000, "MXN"), 0, CBZ_RISK_LOW };
  CbzCadenceRule very_late = { (char *) "firm", NULL, { 0 }, 60, CBZ_RISK_LOW };
  CbzCadenceRule risky = { (char *) "firm", NULL, { 0 }, 0, CBZ_RISK_MEDIUM };

  g_assert_cmpuint (cbz_cadence_assignment_add_rule (assignment, &vip), ==, 1);
  g_assert_cmpuint (cbz_cadence_assignment_add_rule (assignment, &big), ==, 2);
  g_assert_cmpuint (cbz_cadence_assignment_add_rule (assignment, &very_late), ==, 3);
  g_assert_cmpuint (cbz_cadence_assignment_add_rule (assignment, &risky), ==, 4);
  return assignment;
}

static void
test_resolve (void)
{
  g_autoptr(CbzCadenceAssignment) assignment = new_assignment ();
  CbzDate today = cbz_date_init (2027, 3, 1);
  static const struct
  {
    const char          *tag;
    gint64               overdue;
    const char          *due;
    gboolean             broken;
    const char          *by_hand;
    const char          *cadence;
    CbzAssignmentSource  source;
    guint                rule;
    const char          *reason;
  } cases[] = {
    { NULL, 100000, "2027-02-20", FALSE, NULL, "standard", CBZ_ASSIGNMENT_DEFAULT, 0, "The portfolio’s default cadence" },
    { "vip", 9000000, "2026-11-01", TRUE, NULL, "gentle", CBZ_ASSIGNMENT_BY_RULE, 1, "Rule 1: tag “vip”" },
    { NULL, 5000000, "2027-02-20", FALSE, NULL, "firm", CBZ_ASSIGNMENT_BY_RULE, 2, NULL },
    { NULL, 4999999, "2027-02-20", FALSE, NULL, "standard", CBZ_ASSIGNMENT_DEFAULT, 0, NULL },
    { NULL, 100000, "2026-12-31", FALSE, NULL, "firm", CBZ_ASSIGNMENT_BY_RULE, 3, "Rule 3: at least 60 days late" },
    { NULL, 100000, "2027-02-20", TRUE, NULL, "firm", CBZ_ASSIGNMENT_BY_RULE, 4, "Rule 4: risk Medium or higher" },
    { "vip", 100000, "2027-02-20", FALSE, "standard", "standard", CBZ_ASSIGNMENT_BY_HAND, 0, "Assigned by hand" },
  };

  g_assert_true (cbz_cadence_assignment_uses_risk (assignment));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzPlanCustomer) customer = ct_customer (1, "MX", NULL);
      g_autoptr(CbzAssignmentResult) result = NULL;

      if (cases[i].tag != NULL)
        {
          const char *tags[] = { "mayorista", cases[i].tag, NULL };

          customer->tags = g_strdupv ((char **) tags);
        }
      customer->cadence_id = g_strdup (cases[i].by_hand);
      ct_invoice (customer, 1, cases[i].due, cases[i].overdue, NULL, FALSE, NULL);
      if (cases[i].broken)
        {
          add_broken_promise (customer, "2027-01-10");
          add_broken_promise (customer, "2027-02-10");
        }
      result = cbz_cadence_assignment_resolve (assignment, customer, today, NULL);
      g_test_message ("case %u", i);
      g_assert_cmpstr (result->cadence_id, ==, cases[i].cadence);
      g_assert_cmpint (result->source, ==, cases[i].source);
      g_assert_cmpuint (result->rule, ==, cases[i].rule);
      if (cases[i].reason != NULL)
        g_assert_cmpstr (result->reason, ==, cases[i].reason);
      g_assert_nonnull (result->reason);
    }
}

static void
test_rule_describe (void)
{
  CbzCadenceRule all = { (char *) "firm", (char *) "vip", cbz_money_init (500000, "MXN"), 30, CBZ_RISK_HIGH };
  CbzCadenceRule none = { (char *) "firm", NULL, { 0 }, 0, CBZ_RISK_LOW };
  g_autofree char *text = cbz_cadence_rule_describe (&all, 2);
  g_autofree char *every = cbz_cadence_rule_describe (&none, 1);

  g_assert_true (g_str_has_prefix (text, "Rule 2: tag “vip”, overdue balance at least "));
  g_assert_nonnull (strstr (text, "5,000.00"));
  g_assert_true (g_str_has_suffix (text, ", at least 30 days late, risk High or higher"));
  g_assert_cmpstr (every, ==, "Rule 1: every customer");
}

static void
test_planner_uses_assignment (void)
{
  g_autoptr(CbzPlanner) planner = cbz_planner_new ();
  g_autoptr(CbzCadenceAssignment) assignment = new_assignment ();
  g_autoptr(CbzPlanCustomer) vip = ct_customer (1, "MX", NULL);
  g_autoptr(CbzPlanCustomer) plain = ct_customer (2, "MX", NULL);
  g_autoptr(GPtrArray) vip_actions = NULL;
  g_autoptr(GPtrArray) plain_actions = NULL;
  g_autoptr(CbzAssignmentResult) why = NULL;
  const char *ids[] = { "standard", "gentle", "firm" };
  const char *tags[] = { "vip", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"name\": \"%s\", \"steps\": "
                                               "[{\"offset_days\": 1, \"channel\": \"sms\", \"automatic\": true}]}",
                                               ids[i], ids[i]);
      g_autoptr(CbzCadence) cadence = ct_cadence (json);

      cbz_planner_add_cadence (planner, cadence);
    }
  cbz_planner_set_assignment (planner, assignment);

  vip->tags = g_strdupv ((char **) tags);
  ct_invoice (vip, 1, "2027-03-01", 1000, NULL, FALSE, NULL);
  ct_invoice (plain, 2, "2027-03-01", 1000, NULL, FALSE, NULL);
  vip_actions = cbz_planner_plan_customer (planner, vip, ct_at ("2027-03-02T12:00:00-06:00"), NULL);
  plain_actions = cbz_planner_plan_customer (planner, plain, ct_at ("2027-03-02T12:00:00-06:00"), NULL);
  g_assert_cmpstr (((CbzPlanAction *) g_ptr_array_index (vip_actions, 0))->cadence_id, ==, "gentle");
  g_assert_cmpstr (((CbzPlanAction *) g_ptr_array_index (plain_actions, 0))->cadence_id, ==, "standard");

  why = cbz_planner_assign (planner, vip, cbz_date_init (2027, 3, 2));
  g_assert_cmpstr (why->cadence_id, ==, "gentle");
  g_assert_cmpstr (why->reason, ==, "Rule 1: tag “vip”");
}

int
main (int    argc,
      char **argv)
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cadence/assignment/risk", test_risk);
  g_test_add_func ("/cadence/assignment/resolve", test_resolve);
  g_test_add_func ("/cadence/assignment/rule-describe", test_rule_describe);
  g_test_add_func ("/cadence/assignment/planner-uses-assignment", test_planner_uses_assignment);

  return g_test_run ();
}
