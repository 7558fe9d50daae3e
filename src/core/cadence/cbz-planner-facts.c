/* cbz-planner-facts.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the planner derives once per customer: invoices as day numbers in
 * due-date order, the stretches of overdue balance, contacts' local days.
 */

#include "config.h"

#include "cbz-planner-private.h"
#include "cbz-zone-time.h"

static int
compare_facts (gconstpointer a,
               gconstpointer b)
{
  const CbzPlanInvoiceFact *fa = a, *fb = b;

  if (fa->due != fb->due)
    return fa->due < fb->due ? -1 : 1;
  return (fa->id > fb->id) - (fa->id < fb->id);
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const CbzPlanInterval *ia = a, *ib = b;

  if (ia->start != ib->start)
    return ia->start < ib->start ? -1 : 1;
  return (ia->index > ib->index) - (ia->index < ib->index);
}

/* The stretches of time the customer had an overdue balance, merged, in
 * order, into @merged. An invoice is overdue from the day after its due
 * date until the day it was paid. Computed for every day at once: a stretch
 * that starts in the future never touches one that ended in the past. */
static void
overdue_stretches (const GArray *facts,
                   gboolean      with_disputed,
                   GArray       *intervals,
                   GArray       *merged)
{
  g_array_set_size (intervals, 0);
  g_array_set_size (merged, 0);
  for (guint i = 0; i < facts->len; i++)
    {
      const CbzPlanInvoiceFact *fact = &g_array_index (facts, CbzPlanInvoiceFact, i);
      CbzPlanInterval interval = { fact->due + 1, fact->open ? G_MAXINT32 : fact->paid, fact->index };

      if (fact->disputed && !with_disputed)
        continue;
      if (interval.end <= interval.start)
        continue;
      g_array_append_val (intervals, interval);
    }
  g_array_sort (intervals, compare_intervals);

  for (guint i = 0; i < intervals->len; i++)
    {
      CbzPlanInterval *next = &g_array_index (intervals, CbzPlanInterval, i);
      CbzPlanInterval *last = merged->len > 0 ? &g_array_index (merged, CbzPlanInterval, merged->len - 1) : NULL;

      if (last != NULL && next->start <= last->end)
        {
          /* The balance never reached zero in between; remember the invoice
           * that ended the stretch last. */
          if (next->end > last->end)
            {
              last->end = next->end;
              last->index = next->index;
            }
        }
      else
        g_array_append_val (merged, *next);
    }
}

CbzPlanFacts *
_cbz_plan_facts_new (void)
{
  CbzPlanFacts *facts = g_new0 (CbzPlanFacts, 1);

  facts->invoices = g_array_new (FALSE, FALSE, sizeof (CbzPlanInvoiceFact));
  facts->overdue = g_array_new (FALSE, FALSE, sizeof (CbzPlanInterval));
  facts->overdue_all = g_array_new (FALSE, FALSE, sizeof (CbzPlanInterval));
  facts->scratch = g_array_new (FALSE, FALSE, sizeof (CbzPlanInterval));
  facts->contacts = g_array_new (FALSE, FALSE, sizeof (CbzContactRecord));
  facts->contact_days = g_array_new (FALSE, FALSE, sizeof (gint32));
  facts->records = g_array_new (FALSE, FALSE, sizeof (CbzPlanRecordFact));
  facts->templates = g_ptr_array_new ();
  return facts;
}

gboolean
_cbz_plan_facts_fill (CbzPlanFacts          *facts,
                      CbzPlanner            *planner,
                      const CbzPlanCustomer *customer,
                      const CbzCadence      *cadence)
{
  const GArray *invoices = customer->invoices;
  guint n_invoices = invoices != NULL ? invoices->len : 0;
  guint n_contacts = customer->contacts != NULL ? customer->contacts->len : 0;

  if (cadence == NULL || cbz_cadence_get_n_steps (cadence) == 0)
    return FALSE;

  facts->customer = customer;
  if (facts->cadence != cadence)
    {
      facts->cadence = cadence;
      facts->cadence_key = g_intern_string (cbz_cadence_get_key (cadence));
      facts->cadence_name = g_intern_string (cadence->name);
      g_ptr_array_set_size (facts->templates, 0);
      for (guint n = 1; n <= cbz_cadence_get_n_steps (cadence); n++)
        g_ptr_array_add (facts->templates,
                         (gpointer) g_intern_string (cbz_cadence_step_get_template (cbz_cadence_get_step (cadence, n))));
    }
  facts->rules = cbz_planner_get_rules (planner, customer->country);
  facts->zone = cbz_planner_get_zone (planner, customer, &facts->zone_id);

  g_array_set_size (facts->invoices, 0);
  for (guint i = 0; i < n_invoices; i++)
    {
      const CbzPlanInvoice *invoice = &g_array_index (invoices, CbzPlanInvoice, i);
      CbzPlanInvoiceFact fact = { i, invoice->id, cbz_date_to_days (invoice->due_on), G_MAXINT32,
                                  invoice->balance.minor > 0, invoice->disputed };

      if (!fact.open)
        {
          /* Paid, but the day is unknown: it tells nothing of episodes. */
          if (!cbz_date_is_set (invoice->paid_on))
            continue;
          fact.paid = cbz_date_to_days (invoice->paid_on);
        }
      g_array_append_val (facts->invoices, fact);
    }
  g_array_sort (facts->invoices, compare_facts);
  overdue_stretches (facts->invoices, FALSE, facts->scratch, facts->overdue);
  overdue_stretches (facts->invoices, TRUE, facts->scratch, facts->overdue_all);

  g_array_set_size (facts->contacts, 0);
  g_array_set_size (facts->contact_days, 0);
  for (guint i = 0; i < n_contacts; i++)
    _cbz_plan_facts_add_contact (facts, &g_array_index (customer->contacts, CbzContactRecord, i));

  g_array_set_size (facts->records, 0);
  for (guint i = 0; customer->records != NULL && i < customer->records->len; i++)
    {
      const CbzPlanRecord *record = &g_array_index (customer->records, CbzPlanRecord, i);

      if (g_strcmp0 (record->cadence_id, facts->cadence_key) == 0)
        _cbz_plan_facts_add_record (facts, record->step, record->episode, record->repeat, record->at, record->outcome);
    }
  return TRUE;
}

void
_cbz_plan_facts_add_contact (CbzPlanFacts           *facts,
                             const CbzContactRecord *contact)
{
  gint32 day = cbz_date_to_days (cbz_zone_time_get_date (facts->zone, contact->at));

  g_array_append_vals (facts->contacts, contact, 1);
  g_array_append_val (facts->contact_days, day);
}

void
_cbz_plan_facts_free (CbzPlanFacts *facts)
{
  if (facts == NULL)
    return;
  g_array_unref (facts->invoices);
  g_array_unref (facts->overdue);
  g_array_unref (facts->overdue_all);
  g_array_unref (facts->scratch);
  g_array_unref (facts->contacts);
  g_array_unref (facts->contact_days);
  g_array_unref (facts->records);
  g_ptr_array_unref (facts->templates);
  g_free (facts);
}

char *
_cbz_planner_format_day (gint32  days,
                         char   *out)
{
  return cbz_date_to_iso (cbz_date_from_days (days), out);
}

gboolean
_cbz_plan_parse_episode (const char *episode,
                         gboolean   *before_due,
                         gint32     *day)
{
  CbzDate date;

  if (episode == NULL)
    return FALSE;
  *before_due = g_str_has_prefix (episode, "due-");
  if (!cbz_date_from_iso (*before_due ? episode + 4 : episode, &date))
    return FALSE;
  *day = cbz_date_to_days (date);
  return TRUE;
}

gboolean
_cbz_plan_facts_add_record (CbzPlanFacts   *facts,
                            guint           step,
                            const char     *episode,
                            guint           repeat,
                            gint64          at,
                            CbzPlanOutcome  outcome)
{
  CbzPlanRecordFact fact = { FALSE, 0, step, repeat, at, outcome };

  if (!_cbz_plan_parse_episode (episode, &fact.before_due, &fact.episode_day))
    return FALSE;
  g_array_append_val (facts->records, fact);
  return TRUE;
}
