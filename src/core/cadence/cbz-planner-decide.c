/* cbz-planner-decide.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What becomes of each step reached: fallback channels, conditions, holds,
 * approval, one message a day, and the law.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-lawful-moment.h"
#include "cbz-plan-action-private.h"
#include "cbz-planner-private.h"
#include "cbz-zone-time.h"

/* The channel the step goes by: its own, else the first fallback that can
 * reach the customer. */
static gboolean
resolve_channel (const CbzPlanRun     *run,
                 const CbzCadenceStep *step,
                 CbzCadenceChannel    *channel,
                 CbzPlanReason        *why)
{
  const CbzPlanCustomer *customer = run->customer;

  if (cbz_plan_customer_can_use (customer, step->channel))
    {
      *channel = step->channel;
      return TRUE;
    }
  for (guint i = 0; i < step->n_fallback; i++)
    if (cbz_plan_customer_can_use (customer, step->fallback[i]))
      {
        *channel = step->fallback[i];
        return TRUE;
      }
  *why = (customer->opt_outs & CBZ_EVENT_CHANNEL_BIT (cbz_cadence_channel_get_event_channel (step->channel)))
           ? CBZ_PLAN_REASON_OPTED_OUT
           : CBZ_PLAN_REASON_NO_CONTACT_DETAILS;
  return FALSE;
}

/* Whether the overdue balance meets the step's minimum; fills @text when not. */
static gboolean
meets_minimum (const CbzPlanRun     *run,
               const CbzCadenceStep *step,
               char                **text)
{
  const GArray *invoices = run->customer->invoices;
  gboolean owes_unlimited = FALSE;
  CbzMoney shown_balance = { 0 }, shown_minimum = { 0 };

  if (!cbz_cadence_step_has_min_overdue (step))
    return TRUE;

  for (guint i = 0; invoices != NULL && i < invoices->len; i++)
    {
      const CbzPlanInvoice *invoice = &g_array_index (invoices, CbzPlanInvoice, i);
      CbzMoney minimum;

      if (invoice->disputed || invoice->balance.minor <= 0 || cbz_date_compare (invoice->due_on, run->today) >= 0)
        continue;
      if (!cbz_cadence_step_get_min_overdue (step, invoice->balance.currency, &minimum))
        owes_unlimited = TRUE;
    }
  for (guint i = 0; i < step->min_overdue->len; i++)
    {
      CbzMoney minimum = g_array_index (step->min_overdue, CbzMoney, i);
      CbzMoney balance = cbz_plan_customer_get_overdue (run->customer, run->today, minimum.currency);

      if (balance.minor >= minimum.minor && balance.minor > 0)
        return TRUE;
      if (i == 0 || balance.minor > 0)
        {
          shown_balance = balance;
          shown_minimum = minimum;
        }
    }
  if (owes_unlimited)
    return TRUE;

  if (run->with_text)
    {
      g_autofree char *balance = cbz_money_format (shown_balance, NULL);
      g_autofree char *minimum = cbz_money_format (shown_minimum, NULL);

      *text = g_strdup_printf (_("The overdue balance %s is below the step’s minimum of %s"), balance, minimum);
    }
  return FALSE;
}

/* Whether the customer replied, was reached by hand, or paid after
 * @since; the local date it happened in @date. */
static CbzPlanReason
answered_since (const CbzPlanRun *run,
                gint64            since,
                CbzDate          *date)
{
  const GArray *payments = run->customer->payments;
  CbzDate since_date = cbz_zone_time_get_date (run->zone, since);

  for (guint i = 0; i < run->facts->contacts->len; i++)
    {
      const CbzContactRecord *contact = &g_array_index (run->facts->contacts, CbzContactRecord, i);

      if (contact->at <= since)
        continue;
      if (contact->kind == CBZ_CONTACT_KIND_REPLY || contact->kind == CBZ_CONTACT_KIND_MANUAL ||
          contact->direction == CBZ_EVENT_DIRECTION_INBOUND || contact->conversation)
        {
          *date = cbz_zone_time_get_date (run->zone, contact->at);
          return CBZ_PLAN_REASON_REPLIED;
        }
    }
  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      const CbzPlanPayment *payment = &g_array_index (payments, CbzPlanPayment, i);

      if (cbz_date_compare (payment->paid_on, since_date) >= 0 &&
          cbz_date_compare (payment->paid_on, run->today) <= 0)
        {
          *date = payment->paid_on;
          return CBZ_PLAN_REASON_PAID_SINCE;
        }
    }
  return CBZ_PLAN_REASON_NONE;
}

static CbzPlanAction *
new_action (const CbzPlanRun       *run,
            const CbzPlanCandidate *candidate,
            guint                   step_number,
            guint                   repeat)
{
  const CbzCadenceStep *step = cbz_cadence_get_step (run->cadence, step_number);
  CbzPlanAction *action = cbz_plan_action_new ();

  action->customer_id = run->customer->id;
  action->tax_id = g_strdup (run->customer->tax_id);
  action->cadence_id = run->facts->cadence_key;
  action->cadence_name = run->facts->cadence_name;
  action->step = step_number;
  action->repeat = repeat;
  action->episode = g_strdup (candidate->episode);
  action->step_channel = step->channel;
  action->channel = step->channel;
  action->template_name = g_ptr_array_index (run->facts->templates, step_number - 1);
  action->letter_level = step->letter_level;
  g_array_append_vals (action->invoice_ids, candidate->invoice_ids->data, candidate->invoice_ids->len);
  if (step_number == candidate->step && repeat == candidate->repeat)
    action->nominal_date = candidate->nominal_date;
  else
    action->nominal_date = cbz_date_add_days (candidate->due_on, step->offset_days +
                                              (int) (repeat * step->repeat_every_days));
  action->nominal_at = _cbz_planner_step_start (run, step, cbz_date_to_days (action->nominal_date));
  action->at = action->nominal_at;
  action->zone = run->facts->zone_id;
  action->automatic = step->automatic;
  action->key = cbz_plan_make_key (run->customer->id, run->cadence_key, step_number, candidate->episode, repeat);
  return action;
}

static void
add_skipped (CbzPlanRun             *run,
             GPtrArray              *actions,
             const CbzPlanCandidate *candidate,
             guint                   step,
             guint                   repeat,
             CbzPlanReason           reason,
             const char             *detail,
             char                   *text,
             guint                   superseded_by)
{
  CbzPlanAction *action = new_action (run, candidate, step, repeat);

  action->superseded_by = superseded_by;
  _cbz_plan_action_set_reason (action, CBZ_PLAN_STATUS_SKIPPED, reason, detail, text, run->with_text);
  g_ptr_array_add (actions, action);
}

/* Skips the candidate for a reason of its own; FALSE when it may go on. */
static gboolean
check_candidate (CbzPlanRun             *run,
                 GPtrArray              *actions,
                 const CbzPlanCandidate *candidate,
                 CbzCadenceChannel      *channel)
{
  const CbzCadenceStep *step = cbz_cadence_get_step (run->cadence, candidate->step);
  CbzPlanReason why = CBZ_PLAN_REASON_NONE;
  char *text = NULL;

  for (guint i = 0; candidate->superseded != NULL && i + 1 < candidate->superseded->len; i += 2)
    add_skipped (run, actions, candidate,
                 g_array_index (candidate->superseded, guint, i), g_array_index (candidate->superseded, guint, i + 1),
                 CBZ_PLAN_REASON_SUPERSEDED, NULL, NULL, candidate->step);

  if (candidate->skip != CBZ_PLAN_REASON_NONE)
    {
      if (candidate->skip == CBZ_PLAN_REASON_DISPUTED && run->with_text)
        {
          g_autoptr(GString) numbers = g_string_new (NULL);

          for (guint i = 0; i < candidate->invoice_ids->len; i++)
            for (guint j = 0; j < run->customer->invoices->len; j++)
              {
                const CbzPlanInvoice *invoice = &g_array_index (run->customer->invoices, CbzPlanInvoice, j);

                if (invoice->id == g_array_index (candidate->invoice_ids, gint64, i))
                  {
                    if (numbers->len > 0)
                      g_string_append (numbers, ", ");
                    g_string_append (numbers, invoice->number != NULL ? invoice->number : "");
                  }
              }
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Disputed: invoice %s", "Disputed: invoices %s",
                                               candidate->invoice_ids->len),
                                  numbers->str);
        }
      add_skipped (run, actions, candidate, candidate->step, candidate->repeat,
                   candidate->skip, candidate->skip_detail, text, 0);
      return FALSE;
    }

  if (!resolve_channel (run, step, channel, &why))
    {
      add_skipped (run, actions, candidate, candidate->step, candidate->repeat, why,
                   cbz_cadence_channel_to_string (step->channel), NULL, 0);
      return FALSE;
    }

  if (!meets_minimum (run, step, &text))
    {
      add_skipped (run, actions, candidate, candidate->step, candidate->repeat,
                   CBZ_PLAN_REASON_BELOW_MINIMUM, NULL, text, 0);
      return FALSE;
    }

  if (step->unless_replied)
    {
      guint last_passed, last_repeat;
      gint64 last_done_at;
      CbzDate date;

      _cbz_planner_scan_records (run, !candidate->after_due, candidate->episode_day,
                                 &last_passed, &last_repeat, &last_done_at);
      if (last_done_at > 0 && (why = answered_since (run, last_done_at, &date)) != CBZ_PLAN_REASON_NONE)
        {
          char iso[CBZ_DATE_ISO_LENGTH];

          add_skipped (run, actions, candidate, candidate->step, candidate->repeat, why,
                       cbz_date_to_iso (date, iso), NULL, 0);
          return FALSE;
        }
    }
  return TRUE;
}

static CbzPlanReason
plan_reason_for (CbzDeferReason reason)
{
  switch (reason)
    {
    case CBZ_DEFER_NONE:
      return CBZ_PLAN_REASON_LATER_TODAY;
    case CBZ_DEFER_OUTSIDE_HOURS:
      return CBZ_PLAN_REASON_OUTSIDE_HOURS;
    case CBZ_DEFER_OUTSIDE_WINDOW:
      return CBZ_PLAN_REASON_OUTSIDE_WINDOW;
    case CBZ_DEFER_DAY_NOT_ALLOWED:
      return CBZ_PLAN_REASON_DAY_NOT_ALLOWED;
    case CBZ_DEFER_STEP_WEEKDAY:
      return CBZ_PLAN_REASON_STEP_WEEKDAY;
    case CBZ_DEFER_HOLIDAY:
      return CBZ_PLAN_REASON_HOLIDAY;
    case CBZ_DEFER_CLOSED_DAY:
      return CBZ_PLAN_REASON_CLOSED_DAY;
    case CBZ_DEFER_FREQUENCY_CAP:
      return CBZ_PLAN_REASON_FREQUENCY_CAP;
    case CBZ_DEFER_NEVER:
      return CBZ_PLAN_REASON_NO_LAWFUL_MOMENT;
    default:
      g_return_val_if_reached (CBZ_PLAN_REASON_NONE);
    }
}

/* Holds from promises and agreements; the resume note otherwise. */
static CbzPlanReason
check_holds (CbzPlanRun    *run,
             CbzPlanAction *action,
             char         **detail,
             gint64         last_done_at)
{
  const CbzPlanCustomer *customer = run->customer;
  gboolean any_late = FALSE, any_due = FALSE;
  CbzDate resume = { 0 }, earliest_due = { 0 };
  CbzPlanNote note = CBZ_PLAN_NOTE_NONE;

  for (guint i = 0; customer->promises != NULL && i < customer->promises->len; i++)
    {
      const CbzPlanPromise *promise = &g_array_index (customer->promises, CbzPlanPromise, i);

      if (promise->state == CBZ_PLAN_PROMISE_OPEN)
        {
          *detail = cbz_date_dup_iso (promise->promised_on);
          _cbz_planner_wake_at (run, cbz_zone_time_to_instant (run->zone, cbz_date_add_days (promise->promised_on, 1), 0));
          return CBZ_PLAN_REASON_PROMISE_OPEN;
        }
      if (promise->state == CBZ_PLAN_PROMISE_BROKEN && cbz_date_compare (promise->broken_on, resume) > 0)
        {
          resume = promise->broken_on;
          note = CBZ_PLAN_NOTE_RESUMED_PROMISE_BROKEN;
        }
    }
  for (guint i = 0; customer->instalments != NULL && i < customer->instalments->len; i++)
    {
      const CbzPlanInstalment *instalment = &g_array_index (customer->instalments, CbzPlanInstalment, i);

      if (instalment->state == CBZ_PLAN_INSTALMENT_LATE)
        {
          any_late = TRUE;
          if (cbz_date_compare (instalment->due_on, resume) > 0)
            {
              resume = instalment->due_on;
              note = CBZ_PLAN_NOTE_RESUMED_INSTALMENT_MISSED;
            }
        }
      else if (instalment->state == CBZ_PLAN_INSTALMENT_DUE)
        {
          any_due = TRUE;
          if (!cbz_date_is_set (earliest_due) || cbz_date_compare (instalment->due_on, earliest_due) < 0)
            earliest_due = instalment->due_on;
        }
    }
  if (any_due && !any_late)
    {
      *detail = cbz_date_dup_iso (earliest_due);
      _cbz_planner_wake_at (run, cbz_zone_time_to_instant (run->zone, cbz_date_add_days (earliest_due, 1), 0));
      return CBZ_PLAN_REASON_AGREEMENT_ON_TRACK;
    }

  /* Resumed: say so once, with the first step after the break. */
  if (note != CBZ_PLAN_NOTE_NONE &&
      (last_done_at == 0 || cbz_date_compare (resume, cbz_zone_time_get_date (run->zone, last_done_at)) >= 0))
    {
      action->note = note;
      action->note_date = resume;
    }
  return CBZ_PLAN_REASON_NONE;
}

/* The action that goes: holds, approval, one per day, then the law. */
static void
decide (CbzPlanRun             *run,
        GPtrArray              *actions,
        const CbzPlanCandidate *winner,
        CbzCadenceChannel       channel,
        GArray                 *extra_invoices)
{
  const CbzCadenceStep *step = cbz_cadence_get_step (run->cadence, winner->step);
  CbzPlanAction *action = new_action (run, winner, winner->step, winner->repeat);
  CbzLawfulQuery query = {
    run->rules, run->zone, step->has_window, step->window, step->weekdays,
    cbz_cadence_channel_get_event_channel (channel),
    (const CbzContactRecord *) run->facts->contacts->data, run->facts->contacts->len,
    (const gint32 *) run->facts->contact_days->data,
  };
  CbzLawfulMoment moment;
  gboolean found;
  g_autofree char *detail = NULL;
  CbzPlanReason hold;
  guint last_passed, last_repeat;
  gint64 last_done_at;

  action->channel = channel;
  if (extra_invoices != NULL)
    g_array_append_vals (action->invoice_ids, extra_invoices->data, extra_invoices->len);
  g_ptr_array_add (actions, action);

  _cbz_planner_scan_records (run, !winner->after_due, winner->episode_day, &last_passed, &last_repeat, &last_done_at);
  hold = check_holds (run, action, &detail, last_done_at);

  if (hold == CBZ_PLAN_REASON_NONE && _cbz_planner_done_today (run))
    {
      gint64 tomorrow = cbz_zone_time_to_instant (run->zone, cbz_date_add_days (run->today, 1), 0);

      if (cbz_lawful_moment_find (&query, tomorrow, &moment))
        action->at = moment.at;
      _cbz_planner_wake_at (run, action->at);
      _cbz_plan_action_set_reason (action, CBZ_PLAN_STATUS_DEFERRED, CBZ_PLAN_REASON_ONE_PER_DAY,
                                   NULL, NULL, run->with_text);
      return;
    }

  found = cbz_lawful_moment_find (&query, MAX (action->nominal_at, run->now), &moment);
  if (found)
    action->at = moment.at;

  if (hold != CBZ_PLAN_REASON_NONE)
    {
      _cbz_plan_action_set_reason (action, CBZ_PLAN_STATUS_HELD, hold, detail, NULL, run->with_text);
      return;
    }
  if (!step->automatic &&
      !_cbz_planner_is_approved (run, !winner->after_due, winner->episode_day, winner->step, winner->repeat))
    {
      _cbz_plan_action_set_reason (action, CBZ_PLAN_STATUS_HELD, CBZ_PLAN_REASON_WAITING_APPROVAL,
                                   NULL, NULL, run->with_text);
      return;
    }
  if (!found)
    {
      action->at = action->nominal_at;
      _cbz_plan_action_set_reason (action, CBZ_PLAN_STATUS_HELD, CBZ_PLAN_REASON_NO_LAWFUL_MOMENT, NULL,
                                   run->with_text ? cbz_lawful_moment_describe (&moment, &query) : NULL,
                                   run->with_text);
      return;
    }
  if (moment.at <= run->now)
    {
      action->at = run->now;
      action->status = CBZ_PLAN_STATUS_DUE;
      return;
    }

  _cbz_planner_wake_at (run, moment.at);
  if (moment.reason == CBZ_DEFER_NONE)
    {
      char time[6];

      cbz_time_of_day_format (cbz_zone_time_get_minutes (run->zone, moment.at), time);
      _cbz_plan_action_set_reason (action, CBZ_PLAN_STATUS_DEFERRED, CBZ_PLAN_REASON_LATER_TODAY,
                                   time, NULL, run->with_text);
    }
  else
    {
      const char *reason_detail = moment.holiday != NULL ? moment.holiday->id
                                  : moment.cap != NULL ? moment.cap->id : NULL;

      _cbz_plan_action_set_reason (action,
                                   moment.reason == CBZ_DEFER_FREQUENCY_CAP ? CBZ_PLAN_STATUS_HELD : CBZ_PLAN_STATUS_DEFERRED,
                                   plan_reason_for (moment.reason), reason_detail,
                                   run->with_text ? cbz_lawful_moment_describe (&moment, &query) : NULL,
                                   run->with_text);
    }
}

GPtrArray *
_cbz_planner_run (CbzPlanner         *planner,
                  const CbzPlanFacts *facts,
                  gint64              now,
                  gboolean            with_text,
                  gint64             *next_check)
{
  GPtrArray *actions = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_plan_action_unref);
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) extra_invoices = NULL;
  CbzPlanRun run = { 0 };
  CbzPlanCandidate *winner = NULL;
  CbzCadenceChannel winner_channel = CBZ_CADENCE_CHANNEL_SMS;
  guint winner_index = 0;
  gboolean *live;

  run.planner = planner;
  run.facts = facts;
  run.customer = facts->customer;
  run.cadence = facts->cadence;
  run.cadence_key = facts->cadence_key;
  run.rules = facts->rules;
  run.zone = facts->zone;
  run.now = now;
  run.today = cbz_zone_time_get_date (run.zone, now);
  run.today_days = cbz_date_to_days (run.today);
  run.with_text = with_text;
  run.done_today = -1;
  run.next_check = G_MAXINT64;

  candidates = _cbz_planner_find_candidates (&run);
  live = g_newa (gboolean, candidates->len + 1);
  for (guint i = 0; i < candidates->len; i++)
    {
      CbzPlanCandidate *candidate = g_ptr_array_index (candidates, i);
      CbzCadenceChannel channel;

      live[i] = check_candidate (&run, actions, candidate, &channel);
      if (!live[i])
        continue;
      /* The overdue episode's step comes first; then the nearest due date. */
      if (winner == NULL)
        {
          winner = candidate;
          winner_channel = channel;
          winner_index = i;
        }
    }

  for (guint i = 0; winner != NULL && i < candidates->len; i++)
    {
      CbzPlanCandidate *candidate = g_ptr_array_index (candidates, i);

      if (!live[i] || i == winner_index)
        continue;
      /* A reminder of an invoice now overdue gives way to the overdue
       * episode's step; one for another due date joins the message. */
      if (winner->after_due && cbz_date_compare (candidate->due_on, run.today) < 0)
        {
          add_skipped (&run, actions, candidate, candidate->step, candidate->repeat,
                       CBZ_PLAN_REASON_SUPERSEDED, NULL, NULL, winner->step);
          continue;
        }
      add_skipped (&run, actions, candidate, candidate->step, candidate->repeat,
                   CBZ_PLAN_REASON_COMBINED, NULL, NULL, winner->step);
      if (extra_invoices == NULL)
        extra_invoices = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_vals (extra_invoices, candidate->invoice_ids->data, candidate->invoice_ids->len);
    }

  if (winner != NULL)
    decide (&run, actions, winner, winner_channel, extra_invoices);

  if (next_check != NULL)
    *next_check = run.next_check;
  return actions;
}
