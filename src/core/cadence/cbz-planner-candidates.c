/* cbz-planner-candidates.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which steps a customer has reached: the anchors, the overdue episode, the
 * catch-up after days without planning.
 */

#include "config.h"

#include <string.h>

#include "cbz-planner-private.h"
#include "cbz-zone-time.h"

#define FACT(run, i) (&g_array_index ((run)->facts->invoices, CbzPlanInvoiceFact, (i)))

static void
free_candidate (CbzPlanCandidate *candidate)
{
  g_clear_pointer (&candidate->invoice_ids, g_array_unref);
  g_clear_pointer (&candidate->superseded, g_array_unref);
  g_free (candidate->skip_detail);
  g_free (candidate);
}

static CbzPlanCandidate *
new_candidate (guint step,
               guint repeat)
{
  CbzPlanCandidate *candidate = g_new0 (CbzPlanCandidate, 1);

  candidate->step = step;
  candidate->repeat = repeat;
  candidate->invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return candidate;
}

static void
add_superseded (CbzPlanCandidate *candidate,
                guint             step,
                guint             repeat)
{
  if (candidate->superseded == NULL)
    candidate->superseded = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (candidate->superseded, step);
  g_array_append_val (candidate->superseded, repeat);
}

void
_cbz_planner_wake_at (CbzPlanRun *run,
                      gint64      instant)
{
  if (instant > run->now && instant < run->next_check)
    run->next_check = instant;
}

gint64
_cbz_planner_step_start (const CbzPlanRun     *run,
                         const CbzCadenceStep *step,
                         gint32                day)
{
  CbzTimeWindow hours = run->rules->hours[((day % 7) + 7 + 3) % 7];
  guint minutes = 0;

  if (!cbz_time_window_is_empty (hours))
    minutes = step->has_window ? MAX (hours.start, step->window.start) : hours.start;
  else if (step->has_window)
    minutes = step->window.start;
  return cbz_zone_time_day_to_instant (run->zone, day, minutes);
}

/* The plan changes when step @number's day @day comes, at its start. */
static void
wake_for_step (CbzPlanRun *run,
               gint32      day,
               guint       number)
{
  if (day <= run->today_days)
    return;
  _cbz_planner_wake_at (run, _cbz_planner_step_start (run, cbz_cadence_get_step (run->cadence, number), day));
}

void
_cbz_planner_scan_records (const CbzPlanRun *run,
                           gboolean          before_due,
                           gint32            day,
                           guint            *last_passed,
                           guint            *last_repeat,
                           gint64           *last_done_at)
{
  const GArray *records = run->facts->records;

  *last_passed = 0;
  *last_repeat = 0;
  *last_done_at = 0;
  for (guint i = 0; i < records->len; i++)
    {
      const CbzPlanRecordFact *record = &g_array_index (records, CbzPlanRecordFact, i);

      if (record->outcome == CBZ_PLAN_OUTCOME_APPROVED || record->episode_day != day ||
          record->before_due != before_due)
        continue;
      if (record->step > *last_passed)
        {
          *last_passed = record->step;
          *last_repeat = record->repeat;
        }
      else if (record->step == *last_passed && record->repeat > *last_repeat)
        *last_repeat = record->repeat;
      if (record->outcome == CBZ_PLAN_OUTCOME_DONE && record->at > *last_done_at)
        *last_done_at = record->at;
    }
}

gboolean
_cbz_planner_is_approved (const CbzPlanRun *run,
                          gboolean          before_due,
                          gint32            day,
                          guint             step,
                          guint             repeat)
{
  const GArray *records = run->facts->records;

  for (guint i = 0; i < records->len; i++)
    {
      const CbzPlanRecordFact *record = &g_array_index (records, CbzPlanRecordFact, i);

      if (record->outcome == CBZ_PLAN_OUTCOME_APPROVED && record->step == step && record->repeat == repeat &&
          record->episode_day == day && record->before_due == before_due)
        return TRUE;
    }
  return FALSE;
}

gboolean
_cbz_planner_done_today (CbzPlanRun *run)
{
  const GArray *records = run->facts->records;

  if (run->done_today >= 0)
    return run->done_today > 0;

  run->done_today = 0;
  for (guint i = 0; i < records->len; i++)
    {
      const CbzPlanRecordFact *record = &g_array_index (records, CbzPlanRecordFact, i);

      if (record->outcome == CBZ_PLAN_OUTCOME_DONE && cbz_zone_time_get_day (run->zone, record->at) == run->today_days)
        {
          run->done_today = 1;
          break;
        }
    }
  return run->done_today > 0;
}

static guint
first_after_due (const CbzCadence *cadence)
{
  for (guint n = 1; n <= cbz_cadence_get_n_steps (cadence); n++)
    if (cbz_cadence_get_step (cadence, n)->offset_days > 0)
      return n;
  return 0;
}

static int
offset_of (const CbzPlanRun *run,
           guint             number)
{
  return cbz_cadence_get_step (run->cadence, number)->offset_days;
}

/* The stretch of overdue balance containing today, or else the last one
 * that ended by today; NULL when there is none. */
static const CbzPlanInterval *
stretch_at (const CbzPlanRun *run,
            const GArray     *stretches)
{
  const CbzPlanInterval *found = NULL;

  for (guint i = 0; i < stretches->len; i++)
    {
      const CbzPlanInterval *stretch = &g_array_index (stretches, CbzPlanInterval, i);

      if (stretch->start > run->today_days)
        break;
      found = stretch;
    }
  return found;
}

static void
set_episode_from_day (char   *episode,
                      gint32  first_day)
{
  _cbz_planner_format_day (first_day, episode);
}

/* The overdue episode: the latest step its anchor reached, or the last
 * step's latest repeat. *in_episode says whether there is an episode. */
static CbzPlanCandidate *
overdue_candidate (CbzPlanRun *run,
                   guint       first_post,
                   gboolean   *in_episode)
{
  const CbzCadence *cadence = run->cadence;
  const GArray *facts = run->facts->invoices;
  guint n_steps = cbz_cadence_get_n_steps (cadence);
  const CbzPlanInvoiceFact *anchor = NULL;
  const CbzPlanInterval *stretch;
  const CbzCadenceStep *last;
  CbzPlanCandidate *candidate = NULL;
  char episode[CBZ_EPISODE_SIZE];
  guint last_passed, last_repeat, best = 0, from;
  gint64 last_done_at;
  gint32 episode_day;
  int days;

  for (guint i = 0; i < facts->len && FACT (run, i)->due < run->today_days; i++)
    if (FACT (run, i)->open && !FACT (run, i)->disputed)
      {
        anchor = FACT (run, i);
        break;
      }
  *in_episode = anchor != NULL;
  if (anchor == NULL)
    return NULL;

  /* The stretch always exists here: the anchor itself is overdue. */
  stretch = stretch_at (run, run->facts->overdue);
  episode_day = stretch != NULL ? stretch->start : anchor->due + 1;
  set_episode_from_day (episode, episode_day);
  days = run->today_days - anchor->due;
  _cbz_planner_scan_records (run, FALSE, episode_day, &last_passed, &last_repeat, &last_done_at);

  from = MAX (first_post, last_passed + 1);
  for (guint n = from; n <= n_steps; n++)
    {
      if (offset_of (run, n) > days)
        {
          wake_for_step (run, anchor->due + offset_of (run, n), n);
          break;
        }
      best = n;
    }

  last = cbz_cadence_get_step (cadence, n_steps);
  if (best > 0)
    {
      candidate = new_candidate (best, 0);
      candidate->nominal_date = cbz_date_from_days (anchor->due + offset_of (run, best));
      for (guint n = from; n < best; n++)
        add_superseded (candidate, n, 0);
      if (best == n_steps && last->repeat_every_days > 0)
        wake_for_step (run, anchor->due + last->offset_days + (gint32) last->repeat_every_days, n_steps);
    }
  else if (last_passed == n_steps && last->repeat_every_days > 0 && last->offset_days > 0 &&
           last_repeat < last->repeat_max)
    {
      guint reached = days >= last->offset_days
                        ? MIN (last->repeat_max, (guint) (days - last->offset_days) / last->repeat_every_days)
                        : 0;

      if (reached > last_repeat)
        {
          candidate = new_candidate (n_steps, reached);
          candidate->nominal_date = cbz_date_from_days (anchor->due + last->offset_days +
                                                        (gint32) (reached * last->repeat_every_days));
          for (guint k = last_repeat + 1; k < reached; k++)
            add_superseded (candidate, n_steps, k);
        }
      if (MAX (reached, last_repeat) < last->repeat_max)
        wake_for_step (run, anchor->due + last->offset_days +
                            (gint32) ((MAX (reached, last_repeat) + 1) * last->repeat_every_days), n_steps);
    }

  if (candidate == NULL)
    return NULL;

  candidate->after_due = TRUE;
  candidate->due_on = cbz_date_from_days (anchor->due);
  memcpy (candidate->episode, episode, sizeof episode);
  candidate->episode_day = episode_day;
  for (guint i = 0; i < facts->len && FACT (run, i)->due < run->today_days; i++)
    if (FACT (run, i)->open && !FACT (run, i)->disputed)
      g_array_append_val (candidate->invoice_ids, FACT (run, i)->id);
  return candidate;
}

/* Without an overdue episode: the next step, on its own day, of an
 * episode that just ended (paid) or whose invoices are all disputed, is
 * reported as skipped rather than silently missing. */
static CbzPlanCandidate *
stopped_candidate (CbzPlanRun *run,
                   guint       first_post)
{
  const GArray *facts = run->facts->invoices;
  const CbzPlanInvoiceFact *disputed = NULL;
  const CbzPlanInterval *stretch;
  const CbzPlanInvoice *anchor;
  CbzPlanCandidate *candidate;
  char episode[CBZ_EPISODE_SIZE];
  guint last_passed, last_repeat, next;
  gint64 last_done_at;
  CbzDate day;

  for (guint i = 0; i < facts->len && FACT (run, i)->due < run->today_days; i++)
    if (FACT (run, i)->open && FACT (run, i)->disputed)
      {
        disputed = FACT (run, i);
        break;
      }

  stretch = stretch_at (run, disputed != NULL ? run->facts->overdue_all : run->facts->overdue);
  if (stretch == NULL)
    return NULL;
  anchor = &g_array_index (run->customer->invoices, CbzPlanInvoice,
                           disputed != NULL ? disputed->index : stretch->index);
  set_episode_from_day (episode, stretch->start);

  _cbz_planner_scan_records (run, FALSE, stretch->start, &last_passed, &last_repeat, &last_done_at);
  next = MAX (first_post, last_passed + 1);
  if (next > cbz_cadence_get_n_steps (run->cadence))
    return NULL;
  day = cbz_date_add_days (anchor->due_on, offset_of (run, next));
  if (!cbz_date_equal (day, run->today))
    return NULL;

  candidate = new_candidate (next, 0);
  candidate->nominal_date = day;
  candidate->after_due = TRUE;
  candidate->due_on = anchor->due_on;
  memcpy (candidate->episode, episode, sizeof episode);
  candidate->episode_day = stretch->start;
  if (disputed != NULL)
    {
      candidate->skip = CBZ_PLAN_REASON_DISPUTED;
      for (guint i = 0; i < facts->len && FACT (run, i)->due < run->today_days; i++)
        if (FACT (run, i)->open && FACT (run, i)->disputed)
          g_array_append_val (candidate->invoice_ids, FACT (run, i)->id);
    }
  else
    {
      candidate->skip = CBZ_PLAN_REASON_PAID;
      candidate->skip_detail = cbz_date_dup_iso (anchor->paid_on);
      g_array_append_val (candidate->invoice_ids, anchor->id);
    }
  return candidate;
}

/* One candidate per due date with a step before it reached. A step held
 * back past the due date (a cap, a holiday) is never dropped: it stays a
 * candidate until the first step after the due date is reached, which
 * supersedes it (a week when the cadence has none). */
static void
upcoming_candidates (CbzPlanRun *run,
                     GPtrArray  *candidates,
                     guint       first_post)
{
  const GArray *facts = run->facts->invoices;
  guint last_pre = first_post > 0 ? first_post - 1 : cbz_cadence_get_n_steps (run->cadence);
  int grace = first_post > 0 ? offset_of (run, first_post) : 8;
  guint i = 0;

  /* Skip the due dates too old to matter. */
  while (i < facts->len && FACT (run, i)->due < run->today_days - CBZ_CADENCE_MAX_OFFSET - 1)
    i++;

  while (i < facts->len)
    {
      gint32 due = FACT (run, i)->due;
      guint end = i, chased = 0, disputed = 0;
      guint last_passed, last_repeat, best = 0, from;
      gint64 last_done_at;
      char episode[CBZ_EPISODE_SIZE];
      CbzPlanCandidate *candidate;

      while (end < facts->len && FACT (run, end)->due == due)
        {
          if (FACT (run, end)->open && !FACT (run, end)->disputed)
            chased++;
          else if (FACT (run, end)->open)
            disputed++;
          end++;
        }

      if (due < run->today_days && (chased == 0 || run->today_days - due >= grace))
        {
          i = end;
          continue;
        }

      /* A future overdue episode starts with this invoice's first step
       * after the due date, unless an older one is already overdue. */
      if (first_post > 0 && chased > 0)
        wake_for_step (run, due + offset_of (run, first_post), first_post);

      if (last_pre == 0)
        {
          i = end;
          continue;
        }

      memcpy (episode, "due-", 4);
      _cbz_planner_format_day (due, episode + 4);
      _cbz_planner_scan_records (run, TRUE, due, &last_passed, &last_repeat, &last_done_at);
      from = last_passed + 1;
      for (guint n = from; n <= last_pre; n++)
        {
          if (due + offset_of (run, n) > run->today_days)
            {
              if (chased > 0)
                wake_for_step (run, due + offset_of (run, n), n);
              break;
            }
          best = n;
        }
      if (best == 0)
        {
          i = end;
          continue;
        }

      candidate = new_candidate (best, 0);
      candidate->due_on = cbz_date_from_days (due);
      candidate->nominal_date = cbz_date_from_days (due + offset_of (run, best));
      memcpy (candidate->episode, episode, sizeof episode);
      candidate->episode_day = due;
      for (guint n = from; n < best; n++)
        add_superseded (candidate, n, 0);

      for (guint k = i; k < end; k++)
        {
          const CbzPlanInvoiceFact *fact = FACT (run, k);

          if (chased > 0 ? (fact->open && !fact->disputed) : disputed > 0 ? fact->disputed : TRUE)
            g_array_append_val (candidate->invoice_ids, fact->id);
        }
      if (chased == 0)
        {
          candidate->skip = disputed > 0 ? CBZ_PLAN_REASON_DISPUTED : CBZ_PLAN_REASON_PAID;
          if (disputed == 0)
            candidate->skip_detail = _cbz_planner_format_day (FACT (run, i)->paid, g_malloc (CBZ_DATE_ISO_LENGTH));
        }
      g_ptr_array_add (candidates, candidate);
      i = end;
    }
}

GPtrArray *
_cbz_planner_find_candidates (CbzPlanRun *run)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) free_candidate);
  guint first_post = first_after_due (run->cadence);
  CbzPlanCandidate *overdue = NULL;

  if (first_post > 0)
    {
      gboolean in_episode = FALSE;

      overdue = overdue_candidate (run, first_post, &in_episode);
      if (!in_episode)
        overdue = stopped_candidate (run, first_post);
    }
  if (overdue != NULL)
    g_ptr_array_add (candidates, overdue);
  upcoming_candidates (run, candidates, first_post);
  return candidates;
}
