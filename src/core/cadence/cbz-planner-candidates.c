/* cbz-planner-candidates.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which steps a customer has reached: the anchors, the overdue episode, the
 * catch-up after days without planning.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-planner-private.h"
#include "cbz-zone-time.h"

/* How far back paid invoices tell when an episode began or ended. */
#define PAID_HORIZON_DAYS 400

typedef struct
{
  gint32 start;   /* first overdue day (days since the epoch) */
  gint32 end;     /* first day no longer overdue; G_MAXINT32 while open */
  guint  index;   /* into the customer's invoices */
} Interval;

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
  candidate->superseded = g_array_new (FALSE, FALSE, sizeof (guint));
  return candidate;
}

static void
add_superseded (CbzPlanCandidate *candidate,
                guint             step,
                guint             repeat)
{
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

static void
wake_on_day (CbzPlanRun *run,
             CbzDate     date)
{
  if (cbz_date_compare (date, run->today) > 0)
    _cbz_planner_wake_at (run, cbz_zone_time_to_instant (run->zone, date, 0));
}

static void
scan_array (const CbzPlanRun *run,
            const GArray     *records,
            const char       *episode,
            guint            *last_passed,
            guint            *last_repeat,
            gint64           *last_done_at)
{
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const CbzPlanRecord *record = &g_array_index (records, CbzPlanRecord, i);

      if (record->outcome == CBZ_PLAN_OUTCOME_APPROVED ||
          g_strcmp0 (record->episode, episode) != 0 ||
          g_strcmp0 (record->cadence_id, run->cadence_key) != 0)
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

void
_cbz_planner_scan_records (const CbzPlanRun *run,
                           const char       *episode,
                           guint            *last_passed,
                           guint            *last_repeat,
                           gint64           *last_done_at)
{
  *last_passed = 0;
  *last_repeat = 0;
  *last_done_at = 0;
  scan_array (run, run->customer->records, episode, last_passed, last_repeat, last_done_at);
  scan_array (run, run->extra_records, episode, last_passed, last_repeat, last_done_at);
}

static gboolean
array_has_approval (const CbzPlanRun *run,
                    const GArray     *records,
                    const char       *episode,
                    guint             step,
                    guint             repeat)
{
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const CbzPlanRecord *record = &g_array_index (records, CbzPlanRecord, i);

      if (record->outcome == CBZ_PLAN_OUTCOME_APPROVED && record->step == step &&
          record->repeat == repeat && g_strcmp0 (record->episode, episode) == 0 &&
          g_strcmp0 (record->cadence_id, run->cadence_key) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
_cbz_planner_is_approved (const CbzPlanRun *run,
                          const char       *episode,
                          guint             step,
                          guint             repeat)
{
  return array_has_approval (run, run->customer->records, episode, step, repeat) ||
         array_has_approval (run, run->extra_records, episode, step, repeat);
}

static gboolean
array_done_today (const CbzPlanRun *run,
                  const GArray     *records)
{
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const CbzPlanRecord *record = &g_array_index (records, CbzPlanRecord, i);

      if (record->outcome == CBZ_PLAN_OUTCOME_DONE &&
          g_strcmp0 (record->cadence_id, run->cadence_key) == 0 &&
          cbz_date_equal (cbz_zone_time_get_date (run->zone, record->at), run->today))
        return TRUE;
    }
  return FALSE;
}

gboolean
_cbz_planner_done_today (const CbzPlanRun *run)
{
  return array_done_today (run, run->customer->records) || array_done_today (run, run->extra_records);
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const Interval *ia = a, *ib = b;

  if (ia->start != ib->start)
    return ia->start < ib->start ? -1 : 1;
  return (ia->index > ib->index) - (ia->index < ib->index);
}

/* The stretches of time the customer had an overdue balance (disputed
 * invoices counted or not), merged, in order. */
static GArray *
overdue_components (const CbzPlanRun *run,
                    gboolean          with_disputed)
{
  const GArray *invoices = run->customer->invoices;
  gint32 today = cbz_date_to_days (run->today);
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (Interval));
  GArray *components = g_array_new (FALSE, FALSE, sizeof (Interval));

  for (guint i = 0; invoices != NULL && i < invoices->len; i++)
    {
      const CbzPlanInvoice *invoice = &g_array_index (invoices, CbzPlanInvoice, i);
      Interval interval = { cbz_date_to_days (invoice->due_on) + 1, G_MAXINT32, i };

      if (invoice->disputed && !with_disputed)
        continue;
      if (invoice->balance.minor <= 0)
        {
          if (!cbz_date_is_set (invoice->paid_on))
            continue;
          interval.end = cbz_date_to_days (invoice->paid_on);
          if (interval.end < today - PAID_HORIZON_DAYS)
            continue;
        }
      if (interval.end <= interval.start || interval.start > today)
        continue;
      g_array_append_val (intervals, interval);
    }
  g_array_sort (intervals, compare_intervals);

  for (guint i = 0; i < intervals->len; i++)
    {
      Interval *next = &g_array_index (intervals, Interval, i);
      Interval *last = components->len > 0 ? &g_array_index (components, Interval, components->len - 1) : NULL;

      if (last != NULL && next->start <= last->end)
        {
          /* Overlapping or touching: the balance never reached zero. The
           * component remembers the invoice that ended it last. */
          if (next->end > last->end || (next->end == last->end && next->index < last->index))
            {
              last->end = next->end;
              last->index = next->index;
            }
        }
      else
        g_array_append_val (components, *next);
    }
  return components;
}

static void
episode_name (CbzDate  first_day,
              char    *out)
{
  cbz_date_to_iso (first_day, out);
}

static int
compare_invoices (const CbzPlanInvoice *a,
                  const CbzPlanInvoice *b)
{
  int cmp = cbz_date_compare (a->due_on, b->due_on);

  if (cmp != 0)
    return cmp;
  return (a->id > b->id) - (a->id < b->id);
}

/* Invoice indexes, ordered by due date then id. */
static GArray *
sorted_indexes (const CbzPlanRun *run,
                gboolean (*keep) (const CbzPlanInvoice *, CbzDate))
{
  const GArray *invoices = run->customer->invoices;
  GArray *indexes = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; invoices != NULL && i < invoices->len; i++)
    {
      const CbzPlanInvoice *invoice = &g_array_index (invoices, CbzPlanInvoice, i);
      guint at;

      if (!keep (invoice, run->today))
        continue;
      at = indexes->len;
      while (at > 0 &&
             compare_invoices (&g_array_index (invoices, CbzPlanInvoice, g_array_index (indexes, guint, at - 1)),
                               invoice) > 0)
        at--;
      g_array_insert_val (indexes, at, i);
    }
  return indexes;
}

static gboolean
is_chased_overdue (const CbzPlanInvoice *invoice,
                   CbzDate               today)
{
  return !invoice->disputed && invoice->balance.minor > 0 && cbz_date_compare (invoice->due_on, today) < 0;
}

static gboolean
is_disputed_overdue (const CbzPlanInvoice *invoice,
                     CbzDate               today)
{
  return invoice->disputed && invoice->balance.minor > 0 && cbz_date_compare (invoice->due_on, today) < 0;
}

/* Invoices whose steps before the due date may still matter: due from a
 * year ago on (the latest a step after it can fall), open or paid. */
static gboolean
is_recent (const CbzPlanInvoice *invoice,
           CbzDate               today)
{
  if (cbz_date_days_between (invoice->due_on, today) > CBZ_CADENCE_MAX_OFFSET + 1)
    return FALSE;
  return invoice->balance.minor > 0 || cbz_date_is_set (invoice->paid_on);
}

static const CbzPlanInvoice *
invoice_at (const CbzPlanRun *run,
            guint             index)
{
  return &g_array_index (run->customer->invoices, CbzPlanInvoice, index);
}

static guint
first_after_due (const CbzCadence *cadence)
{
  for (guint n = 1; n <= cbz_cadence_get_n_steps (cadence); n++)
    if (cbz_cadence_get_step (cadence, n)->offset_days > 0)
      return n;
  return 0;
}

/* The overdue episode: the latest step its anchor reached, or the last
 * step's latest repeat. */
static CbzPlanCandidate *
overdue_candidate (CbzPlanRun *run,
                   guint       first_post,
                   gboolean   *in_episode)
{
  const CbzCadence *cadence = run->cadence;
  guint n_steps = cbz_cadence_get_n_steps (cadence);
  g_autoptr(GArray) overdue = sorted_indexes (run, is_chased_overdue);
  g_autoptr(GArray) components = NULL;
  const CbzPlanInvoice *anchor;
  const CbzCadenceStep *last;
  CbzPlanCandidate *candidate = NULL;
  char episode[CBZ_EPISODE_SIZE];
  guint last_passed, last_repeat, best = 0, from;
  gint64 last_done_at;
  int days;

  *in_episode = overdue->len > 0;
  if (overdue->len == 0)
    return NULL;

  components = overdue_components (run, FALSE);
  g_assert (components->len > 0);
  episode_name (cbz_date_from_days (g_array_index (components, Interval, components->len - 1).start), episode);

  anchor = invoice_at (run, g_array_index (overdue, guint, 0));
  days = cbz_date_days_between (anchor->due_on, run->today);
  _cbz_planner_scan_records (run, episode, &last_passed, &last_repeat, &last_done_at);

  from = MAX (first_post, last_passed + 1);
  for (guint n = from; n <= n_steps; n++)
    {
      int offset = cbz_cadence_get_step (cadence, n)->offset_days;

      if (offset > days)
        {
          wake_on_day (run, cbz_date_add_days (anchor->due_on, offset));
          break;
        }
      best = n;
    }

  last = cbz_cadence_get_step (cadence, n_steps);
  if (best > 0)
    {
      candidate = new_candidate (best, 0);
      candidate->nominal_date = cbz_date_add_days (anchor->due_on, cbz_cadence_get_step (cadence, best)->offset_days);
      for (guint n = from; n < best; n++)
        add_superseded (candidate, n, 0);
      if (best == n_steps && last->repeat_every_days > 0)
        wake_on_day (run, cbz_date_add_days (candidate->nominal_date, (gint32) last->repeat_every_days));
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
          candidate->nominal_date = cbz_date_add_days (anchor->due_on,
                                                       last->offset_days + (gint32) (reached * last->repeat_every_days));
          for (guint k = last_repeat + 1; k < reached; k++)
            add_superseded (candidate, n_steps, k);
        }
      if (MAX (reached, last_repeat) < last->repeat_max)
        wake_on_day (run, cbz_date_add_days (anchor->due_on,
                                             last->offset_days +
                                             (gint32) ((MAX (reached, last_repeat) + 1) * last->repeat_every_days)));
    }

  if (candidate == NULL)
    return NULL;

  candidate->after_due = TRUE;
  candidate->due_on = anchor->due_on;
  memcpy (candidate->episode, episode, sizeof episode);
  for (guint i = 0; i < overdue->len; i++)
    g_array_append_val (candidate->invoice_ids, invoice_at (run, g_array_index (overdue, guint, i))->id);
  return candidate;
}

/* Without an overdue episode: a step whose day is today for an episode
 * that just ended (paid), or for invoices that are all disputed, is
 * reported as skipped rather than silently missing. */
static CbzPlanCandidate *
stopped_candidate (CbzPlanRun *run,
                   guint       first_post)
{
  g_autoptr(GArray) disputed = sorted_indexes (run, is_disputed_overdue);
  g_autoptr(GArray) components = NULL;
  CbzPlanCandidate *candidate = NULL;
  const CbzPlanInvoice *anchor;
  char episode[CBZ_EPISODE_SIZE];
  guint last_passed, last_repeat;
  gint64 last_done_at;
  CbzPlanReason skip;

  if (disputed->len > 0)
    {
      g_autoptr(GArray) with_disputed = overdue_components (run, TRUE);

      anchor = invoice_at (run, g_array_index (disputed, guint, 0));
      episode_name (cbz_date_from_days (g_array_index (with_disputed, Interval, with_disputed->len - 1).start), episode);
      skip = CBZ_PLAN_REASON_DISPUTED;
    }
  else
    {
      components = overdue_components (run, FALSE);
      if (components->len == 0)
        return NULL;
      anchor = invoice_at (run, g_array_index (components, Interval, components->len - 1).index);
      episode_name (cbz_date_from_days (g_array_index (components, Interval, components->len - 1).start), episode);
      skip = CBZ_PLAN_REASON_PAID;
    }

  /* Only the next step, on its own day: the one the stop replaced. */
  _cbz_planner_scan_records (run, episode, &last_passed, &last_repeat, &last_done_at);
  for (guint n = MAX (first_post, last_passed + 1); n <= cbz_cadence_get_n_steps (run->cadence); n++)
    {
      CbzDate day = cbz_date_add_days (anchor->due_on, cbz_cadence_get_step (run->cadence, n)->offset_days);

      if (!cbz_date_equal (day, run->today))
        break;
      candidate = new_candidate (n, 0);
      candidate->nominal_date = day;
      candidate->after_due = TRUE;
      candidate->due_on = anchor->due_on;
      memcpy (candidate->episode, episode, sizeof episode);
      candidate->skip = skip;
      if (skip == CBZ_PLAN_REASON_PAID)
        candidate->skip_detail = cbz_date_dup_iso (anchor->paid_on);
      for (guint i = 0; i < disputed->len; i++)
        g_array_append_val (candidate->invoice_ids, invoice_at (run, g_array_index (disputed, guint, i))->id);
      if (disputed->len == 0)
        g_array_append_val (candidate->invoice_ids, anchor->id);
      break;
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
  const CbzCadence *cadence = run->cadence;
  guint last_pre = first_post > 0 ? first_post - 1 : cbz_cadence_get_n_steps (cadence);
  int grace = first_post > 0 ? cbz_cadence_get_step (cadence, first_post)->offset_days : 8;
  g_autoptr(GArray) upcoming = sorted_indexes (run, is_recent);
  guint i = 0;

  while (i < upcoming->len)
    {
      const CbzPlanInvoice *first = invoice_at (run, g_array_index (upcoming, guint, i));
      CbzDate due = first->due_on;
      guint end = i, chased = 0, disputed = 0;
      guint last_passed, last_repeat, best = 0, from;
      gint64 last_done_at;
      char episode[CBZ_EPISODE_SIZE];
      CbzPlanCandidate *candidate;

      while (end < upcoming->len && cbz_date_equal (invoice_at (run, g_array_index (upcoming, guint, end))->due_on, due))
        {
          const CbzPlanInvoice *invoice = invoice_at (run, g_array_index (upcoming, guint, end));

          if (invoice->balance.minor > 0 && !invoice->disputed)
            chased++;
          else if (invoice->balance.minor > 0)
            disputed++;
          end++;
        }

      if (cbz_date_compare (due, run->today) < 0 &&
          (chased == 0 || cbz_date_days_between (due, run->today) >= grace))
        {
          i = end;
          continue;
        }

      /* A future overdue episode starts with this invoice's first step
       * after the due date, unless an older one is already overdue. */
      if (first_post > 0 && chased > 0)
        wake_on_day (run, cbz_date_add_days (due, cbz_cadence_get_step (cadence, first_post)->offset_days));

      if (last_pre == 0)
        {
          i = end;
          continue;
        }

      g_snprintf (episode, sizeof episode, "due-");
      cbz_date_to_iso (due, episode + 4);
      _cbz_planner_scan_records (run, episode, &last_passed, &last_repeat, &last_done_at);
      from = last_passed + 1;
      for (guint n = from; n <= last_pre; n++)
        {
          CbzDate day = cbz_date_add_days (due, cbz_cadence_get_step (cadence, n)->offset_days);

          if (cbz_date_compare (day, run->today) > 0)
            {
              if (chased > 0)
                wake_on_day (run, day);
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
      candidate->due_on = due;
      candidate->nominal_date = cbz_date_add_days (due, cbz_cadence_get_step (cadence, best)->offset_days);
      memcpy (candidate->episode, episode, sizeof episode);
      for (guint n = from; n < best; n++)
        add_superseded (candidate, n, 0);

      for (guint k = i; k < end; k++)
        {
          const CbzPlanInvoice *invoice = invoice_at (run, g_array_index (upcoming, guint, k));

          if (chased > 0 ? (invoice->balance.minor > 0 && !invoice->disputed)
                         : disputed > 0 ? invoice->disputed : TRUE)
            g_array_append_val (candidate->invoice_ids, invoice->id);
        }
      if (chased == 0)
        {
          candidate->skip = disputed > 0 ? CBZ_PLAN_REASON_DISPUTED : CBZ_PLAN_REASON_PAID;
          if (disputed == 0)
            candidate->skip_detail = cbz_date_dup_iso (first->paid_on);
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
