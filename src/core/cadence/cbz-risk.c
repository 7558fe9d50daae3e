/* cbz-risk.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-risk.h"

G_DEFINE_BOXED_TYPE (CbzRiskAssessment, cbz_risk_assessment, cbz_risk_assessment_copy, cbz_risk_assessment_free)

static const struct
{
  const char *nick;
  const char *label;
} levels[] = {
  [CBZ_RISK_LOW] = { "low", NC_("risk", "Low") },
  [CBZ_RISK_MEDIUM] = { "medium", NC_("risk", "Medium") },
  [CBZ_RISK_HIGH] = { "high", NC_("risk", "High") },
};

const char *
cbz_risk_level_to_string (CbzRiskLevel level)
{
  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (levels), NULL);

  return levels[level].nick;
}

gboolean
cbz_risk_level_from_string (const char   *text,
                            CbzRiskLevel *level)
{
  g_return_val_if_fail (level != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (levels); i++)
    if (g_str_equal (text, levels[i].nick))
      {
        *level = (CbzRiskLevel) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cbz_risk_level_get_label (CbzRiskLevel level)
{
  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (levels), NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "risk", levels[level].label);
}

CbzRiskAssessment *
cbz_risk_assess (const CbzPlanCustomer *customer,
                 CbzDate                today)
{
  CbzRiskAssessment *risk;
  gint64 days_late_sum = 0;
  CbzDate year_ago = cbz_date_add_days (today, -365);

  g_return_val_if_fail (customer != NULL, NULL);

  risk = g_new0 (CbzRiskAssessment, 1);
  risk->reasons = g_ptr_array_new_with_free_func (g_free);
  risk->average_days_late = -1;

  for (guint i = 0; customer->invoices != NULL && i < customer->invoices->len; i++)
    {
      const CbzPlanInvoice *invoice = &g_array_index (customer->invoices, CbzPlanInvoice, i);

      if (invoice->disputed)
        risk->disputed_invoices++;
      if (invoice->balance.minor <= 0 && cbz_date_is_set (invoice->paid_on))
        {
          risk->paid_invoices++;
          days_late_sum += MAX (0, cbz_date_days_between (invoice->due_on, invoice->paid_on));
        }
    }
  for (guint i = 0; customer->promises != NULL && i < customer->promises->len; i++)
    {
      const CbzPlanPromise *promise = &g_array_index (customer->promises, CbzPlanPromise, i);

      if (promise->state == CBZ_PLAN_PROMISE_BROKEN && cbz_date_compare (promise->broken_on, year_ago) > 0 &&
          cbz_date_compare (promise->broken_on, today) <= 0)
        risk->broken_promises++;
    }

  if (risk->paid_invoices > 0)
    {
      /* Rounded half up, in integers. */
      risk->average_days_late = (int) ((days_late_sum * 2 + risk->paid_invoices) / (2 * risk->paid_invoices));
      if (risk->average_days_late >= 30)
        risk->points += 2;
      else if (risk->average_days_late >= 8)
        risk->points += 1;
      g_ptr_array_add (risk->reasons,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Pays on average %d day late",
                                                     "Pays on average %d days late",
                                                     risk->average_days_late),
                                        risk->average_days_late));
    }
  else
    g_ptr_array_add (risk->reasons, g_strdup (_("No invoices paid yet to judge by")));

  if (risk->broken_promises >= 2)
    risk->points += 2;
  else if (risk->broken_promises == 1)
    risk->points += 1;
  if (risk->broken_promises > 0)
    g_ptr_array_add (risk->reasons,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Broke %u promise to pay in the last year",
                                                   "Broke %u promises to pay in the last year",
                                                   risk->broken_promises),
                                      risk->broken_promises));

  if (risk->disputed_invoices >= 3)
    risk->points += 2;
  else if (risk->disputed_invoices > 0)
    risk->points += 1;
  if (risk->disputed_invoices > 0)
    g_ptr_array_add (risk->reasons,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Disputes %u invoice",
                                                   "Disputes %u invoices",
                                                   risk->disputed_invoices),
                                      risk->disputed_invoices));

  risk->level = risk->points >= 4 ? CBZ_RISK_HIGH : risk->points >= 2 ? CBZ_RISK_MEDIUM : CBZ_RISK_LOW;
  return risk;
}

CbzRiskAssessment *
cbz_risk_assessment_copy (const CbzRiskAssessment *assessment)
{
  CbzRiskAssessment *copy;

  g_return_val_if_fail (assessment != NULL, NULL);

  copy = g_memdup2 (assessment, sizeof *assessment);
  copy->reasons = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < assessment->reasons->len; i++)
    g_ptr_array_add (copy->reasons, g_strdup (g_ptr_array_index (assessment->reasons, i)));
  return copy;
}

void
cbz_risk_assessment_free (CbzRiskAssessment *assessment)
{
  if (assessment == NULL)
    return;
  g_ptr_array_unref (assessment->reasons);
  g_free (assessment);
}
