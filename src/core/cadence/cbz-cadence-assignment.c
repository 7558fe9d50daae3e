/* cbz-cadence-assignment.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-cadence-assignment-private.h"

struct _CbzCadenceAssignment
{
  gatomicrefcount  ref_count;
  char            *default_cadence_id;
  GArray          *rules;   /* of CbzCadenceRule */
};

G_DEFINE_BOXED_TYPE (CbzCadenceAssignment, cbz_cadence_assignment, cbz_cadence_assignment_ref, cbz_cadence_assignment_unref)
G_DEFINE_BOXED_TYPE (CbzAssignmentResult, cbz_assignment_result, cbz_assignment_result_copy, cbz_assignment_result_free)

static void
clear_rule (CbzCadenceRule *rule)
{
  g_clear_pointer (&rule->cadence_id, g_free);
  g_clear_pointer (&rule->tag, g_free);
}

CbzCadenceAssignment *
cbz_cadence_assignment_new (const char *default_cadence_id)
{
  CbzCadenceAssignment *assignment = g_new0 (CbzCadenceAssignment, 1);

  g_atomic_ref_count_init (&assignment->ref_count);
  assignment->default_cadence_id = g_strdup (default_cadence_id);
  assignment->rules = g_array_new (FALSE, TRUE, sizeof (CbzCadenceRule));
  g_array_set_clear_func (assignment->rules, (GDestroyNotify) clear_rule);
  return assignment;
}

CbzCadenceAssignment *
cbz_cadence_assignment_ref (CbzCadenceAssignment *assignment)
{
  g_return_val_if_fail (assignment != NULL, NULL);

  g_atomic_ref_count_inc (&assignment->ref_count);
  return assignment;
}

void
cbz_cadence_assignment_unref (CbzCadenceAssignment *assignment)
{
  g_return_if_fail (assignment != NULL);

  if (!g_atomic_ref_count_dec (&assignment->ref_count))
    return;
  g_free (assignment->default_cadence_id);
  g_array_unref (assignment->rules);
  g_free (assignment);
}

const char *
cbz_cadence_assignment_get_default (const CbzCadenceAssignment *assignment)
{
  g_return_val_if_fail (assignment != NULL, NULL);

  return assignment->default_cadence_id;
}

void
cbz_cadence_assignment_set_default (CbzCadenceAssignment *assignment,
                                    const char           *cadence_id)
{
  g_return_if_fail (assignment != NULL);

  g_free (assignment->default_cadence_id);
  assignment->default_cadence_id = g_strdup (cadence_id);
}

guint
cbz_cadence_assignment_add_rule (CbzCadenceAssignment *assignment,
                                 const CbzCadenceRule *rule)
{
  CbzCadenceRule copy;

  g_return_val_if_fail (assignment != NULL, 0);
  g_return_val_if_fail (rule != NULL && rule->cadence_id != NULL, 0);

  copy = *rule;
  copy.cadence_id = g_strdup (rule->cadence_id);
  copy.tag = g_strdup (rule->tag);
  g_array_append_val (assignment->rules, copy);
  return assignment->rules->len;
}

guint
cbz_cadence_assignment_get_n_rules (const CbzCadenceAssignment *assignment)
{
  g_return_val_if_fail (assignment != NULL, 0);

  return assignment->rules->len;
}

const CbzCadenceRule *
cbz_cadence_assignment_get_rule (const CbzCadenceAssignment *assignment,
                                 guint                       number)
{
  g_return_val_if_fail (assignment != NULL, NULL);
  g_return_val_if_fail (number >= 1 && number <= assignment->rules->len, NULL);

  return &g_array_index (assignment->rules, CbzCadenceRule, number - 1);
}

void
cbz_cadence_assignment_remove_rule (CbzCadenceAssignment *assignment,
                                    guint                 number)
{
  g_return_if_fail (assignment != NULL);
  g_return_if_fail (number >= 1 && number <= assignment->rules->len);

  g_array_remove_index (assignment->rules, number - 1);
}

gboolean
cbz_cadence_assignment_uses_risk (const CbzCadenceAssignment *assignment)
{
  g_return_val_if_fail (assignment != NULL, FALSE);

  for (guint i = 0; i < assignment->rules->len; i++)
    if (g_array_index (assignment->rules, CbzCadenceRule, i).min_risk > CBZ_RISK_LOW)
      return TRUE;
  return FALSE;
}

char *
cbz_cadence_rule_describe (const CbzCadenceRule *rule,
                           guint                 number)
{
  g_autoptr(GString) conditions = g_string_new (NULL);

  g_return_val_if_fail (rule != NULL, NULL);

  if (rule->tag != NULL)
    {
      /* Translators: a condition of a cadence rule */
      g_string_append_printf (conditions, _("tag “%s”"), rule->tag);
    }
  if (rule->min_overdue.currency[0] != '\0')
    {
      g_autofree char *amount = cbz_money_format (rule->min_overdue, NULL);

      if (conditions->len > 0)
        g_string_append (conditions, _(", "));
      g_string_append_printf (conditions, _("overdue balance at least %s"), amount);
    }
  if (rule->min_days_late > 0)
    {
      if (conditions->len > 0)
        g_string_append (conditions, _(", "));
      g_string_append_printf (conditions,
                              g_dngettext (GETTEXT_PACKAGE, "at least %d day late", "at least %d days late",
                                           rule->min_days_late),
                              rule->min_days_late);
    }
  if (rule->min_risk > CBZ_RISK_LOW)
    {
      if (conditions->len > 0)
        g_string_append (conditions, _(", "));
      g_string_append_printf (conditions, _("risk %s or higher"), cbz_risk_level_get_label (rule->min_risk));
    }
  if (conditions->len == 0)
    g_string_append (conditions, _("every customer"));

  /* Translators: "Rule 2: tag “vip”, overdue balance at least $5,000.00" */
  return g_strdup_printf (_("Rule %u: %s"), number, conditions->str);
}

static gboolean
rule_matches (const CbzCadenceRule     *rule,
              const CbzPlanCustomer    *customer,
              CbzDate                   today,
              const CbzRiskAssessment  *risk)
{
  if (rule->tag != NULL && !cbz_plan_customer_has_tag (customer, rule->tag))
    return FALSE;
  if (rule->min_overdue.currency[0] != '\0' &&
      cbz_plan_customer_get_overdue (customer, today, rule->min_overdue.currency).minor < rule->min_overdue.minor)
    return FALSE;
  if (rule->min_days_late > 0 && cbz_plan_customer_get_days_late (customer, today) < rule->min_days_late)
    return FALSE;
  if (rule->min_risk > CBZ_RISK_LOW && (risk == NULL || risk->level < rule->min_risk))
    return FALSE;
  return TRUE;
}

CbzAssignmentResult *
cbz_cadence_assignment_resolve (const CbzCadenceAssignment *assignment,
                                const CbzPlanCustomer      *customer,
                                CbzDate                     today,
                                const CbzRiskAssessment    *risk)
{
  g_autoptr(CbzRiskAssessment) own_risk = NULL;
  CbzAssignmentResult *result;

  g_return_val_if_fail (assignment != NULL, NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  result = g_new0 (CbzAssignmentResult, 1);
  if (customer->cadence_id != NULL)
    {
      result->cadence_id = g_strdup (customer->cadence_id);
      result->source = CBZ_ASSIGNMENT_BY_HAND;
      result->reason = g_strdup (_("Assigned by hand"));
      return result;
    }

  if (risk == NULL && cbz_cadence_assignment_uses_risk (assignment))
    risk = own_risk = cbz_risk_assess (customer, today);

  for (guint i = 0; i < assignment->rules->len; i++)
    {
      const CbzCadenceRule *rule = &g_array_index (assignment->rules, CbzCadenceRule, i);

      if (rule_matches (rule, customer, today, risk))
        {
          result->cadence_id = g_strdup (rule->cadence_id);
          result->source = CBZ_ASSIGNMENT_BY_RULE;
          result->rule = i + 1;
          result->reason = cbz_cadence_rule_describe (rule, i + 1);
          return result;
        }
    }

  result->cadence_id = g_strdup (assignment->default_cadence_id);
  result->source = CBZ_ASSIGNMENT_DEFAULT;
  result->reason = g_strdup (_("The portfolio’s default cadence"));
  return result;
}

const char *
_cbz_cadence_assignment_pick (const CbzCadenceAssignment *assignment,
                              const CbzPlanCustomer      *customer,
                              CbzDate                     today)
{
  g_autoptr(CbzRiskAssessment) risk = NULL;

  if (customer->cadence_id != NULL)
    return customer->cadence_id;
  for (guint i = 0; i < assignment->rules->len; i++)
    {
      const CbzCadenceRule *rule = &g_array_index (assignment->rules, CbzCadenceRule, i);

      if (rule->min_risk > CBZ_RISK_LOW && risk == NULL)
        risk = cbz_risk_assess (customer, today);
      if (rule_matches (rule, customer, today, risk))
        return rule->cadence_id;
    }
  return assignment->default_cadence_id;
}

CbzAssignmentResult *
cbz_assignment_result_copy (const CbzAssignmentResult *result)
{
  CbzAssignmentResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->cadence_id = g_strdup (result->cadence_id);
  copy->reason = g_strdup (result->reason);
  return copy;
}

void
cbz_assignment_result_free (CbzAssignmentResult *result)
{
  if (result == NULL)
    return;
  g_free (result->cadence_id);
  g_free (result->reason);
  g_free (result);
}
