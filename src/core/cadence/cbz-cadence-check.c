/* cbz-cadence-check.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-cadence-check.h"

G_DEFINE_BOXED_TYPE (CbzCadenceProblem, cbz_cadence_problem, cbz_cadence_problem_copy, cbz_cadence_problem_free)

CbzCadenceProblem *
cbz_cadence_problem_copy (const CbzCadenceProblem *problem)
{
  CbzCadenceProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_memdup2 (problem, sizeof *problem);
  copy->cap_id = g_strdup (problem->cap_id);
  copy->message = g_strdup (problem->message);
  return copy;
}

void
cbz_cadence_problem_free (CbzCadenceProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->cap_id);
  g_free (problem->message);
  g_free (problem);
}

static void
add_problem (GPtrArray             *problems,
             guint                  step,
             CbzCadenceProblemKind  kind,
             const char            *cap_id,
             char                  *message)
{
  CbzCadenceProblem *problem = g_new0 (CbzCadenceProblem, 1);

  problem->step = step;
  problem->kind = kind;
  problem->cap_id = g_strdup (cap_id);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

static void
check_lawful (const CbzCadenceStep  *step,
              guint                  number,
              const CbzContactRules *rules,
              GPtrArray             *problems)
{
  gboolean day_possible = FALSE;
  g_autofree char *hours = NULL;

  for (int wd = 1; wd <= 7; wd++)
    {
      CbzTimeWindow window = rules->hours[wd - 1];

      if (cbz_time_window_is_empty (window))
        continue;
      if (step->weekdays != 0 && !(step->weekdays & CBZ_WEEKDAY_BIT (wd)))
        continue;
      day_possible = TRUE;
      if (!step->has_window || !cbz_time_window_is_empty (cbz_time_window_intersect (window, step->window)))
        return;
    }

  hours = cbz_contact_rules_describe_hours (rules);
  if (!day_possible)
    {
      g_autofree char *days = cbz_weekdays_format (step->weekdays);

      add_problem (problems, number, CBZ_CADENCE_PROBLEM_NEVER_LAWFUL, NULL,
                   g_strdup_printf (_("Step %u: none of its days (%s) is a contact day under %s (%s)"),
                                    number, days, rules->label != NULL ? rules->label : "", hours));
    }
  else
    {
      g_autofree char *window = cbz_time_window_format (step->window);

      add_problem (problems, number, CBZ_CADENCE_PROBLEM_NEVER_LAWFUL, NULL,
                   g_strdup_printf (_("Step %u: its window %s is never within the contact hours of %s (%s)"),
                                    number, window, rules->label != NULL ? rules->label : "", hours));
    }
}

GPtrArray *
cbz_cadence_check_rules (const CbzCadence      *cadence,
                         const CbzContactRules *rules)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_cadence_problem_free);
  g_autoptr(GArray) contacts = g_array_new (FALSE, FALSE, sizeof (CbzContactRecord));
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  CbzDate base = cbz_date_init (2001, 1, 1);
  guint n_steps;

  g_return_val_if_fail (cadence != NULL, problems);
  g_return_val_if_fail (rules != NULL, problems);

  n_steps = cbz_cadence_get_n_steps (cadence);
  for (guint n = 1; n <= n_steps; n++)
    check_lawful (cbz_cadence_get_step (cadence, n), n, rules, problems);

  /* The steps as contacts on the days their offsets say, in order, with
   * the last step's repeats. */
  for (guint n = 1; n <= n_steps; n++)
    {
      const CbzCadenceStep *step = cbz_cadence_get_step (cadence, n);
      guint sends = 1 + (n == n_steps ? step->repeat_max : 0);

      for (guint k = 0; k < sends; k++)
        {
          CbzDate day = cbz_date_add_days (base, step->offset_days + (int) (k * step->repeat_every_days));
          CbzEventChannel channel = cbz_cadence_channel_get_event_channel (step->channel);
          CbzContactRecord contact = {
            ((gint64) cbz_date_to_days (day) * 86400 + 12 * 3600) * G_USEC_PER_SEC,
            channel, CBZ_EVENT_DIRECTION_OUTBOUND, CBZ_CONTACT_KIND_REMINDER, FALSE
          };

          for (guint c = 0; c < rules->caps->len; c++)
            {
              const CbzFrequencyCap *cap = &g_array_index (rules->caps, CbzFrequencyCap, c);

              if (cbz_frequency_cap_allows (cap, utc, day, channel,
                                            (const CbzContactRecord *) contacts->data, contacts->len))
                continue;
              /* One warning per step and cap is enough. */
              if (problems->len > 0)
                {
                  CbzCadenceProblem *last = g_ptr_array_index (problems, problems->len - 1);

                  if (last->step == n && g_strcmp0 (last->cap_id, cap->id) == 0)
                    continue;
                }
              add_problem (problems, n, CBZ_CADENCE_PROBLEM_FREQUENCY_CAP, cap->id,
                           k == 0
                             ? g_strdup_printf (_("Step %u comes too soon after the steps before it: %s"),
                                                n, cap->label != NULL ? cap->label : "")
                             : g_strdup_printf (_("Step %u repeats too often: %s"),
                                                n, cap->label != NULL ? cap->label : ""));
            }
          g_array_append_val (contacts, contact);
        }
    }
  return problems;
}
