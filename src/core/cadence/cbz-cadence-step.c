/* cbz-cadence-step.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-cadence.h"
#include "cbz-cadence-step.h"

G_DEFINE_BOXED_TYPE (CbzCadenceStep, cbz_cadence_step, cbz_cadence_step_copy, cbz_cadence_step_free)

CbzCadenceStep *
cbz_cadence_step_new (int               offset_days,
                      CbzCadenceChannel channel)
{
  CbzCadenceStep *step = g_new0 (CbzCadenceStep, 1);

  step->offset_days = offset_days;
  step->channel = channel;
  step->letter_level = channel == CBZ_CADENCE_CHANNEL_LETTER ? 1 : 0;
  return step;
}

CbzCadenceStep *
cbz_cadence_step_copy (const CbzCadenceStep *step)
{
  CbzCadenceStep *copy;

  g_return_val_if_fail (step != NULL, NULL);

  copy = g_memdup2 (step, sizeof *step);
  copy->template_name = g_strdup (step->template_name);
  if (step->min_overdue != NULL)
    {
      copy->min_overdue = g_array_sized_new (FALSE, FALSE, sizeof (CbzMoney), step->min_overdue->len);
      g_array_append_vals (copy->min_overdue, step->min_overdue->data, step->min_overdue->len);
    }
  return copy;
}

void
cbz_cadence_step_free (CbzCadenceStep *step)
{
  if (step == NULL)
    return;

  g_free (step->template_name);
  g_clear_pointer (&step->min_overdue, g_array_unref);
  g_free (step);
}

static guint
count_min_overdue (const CbzCadenceStep *step)
{
  return step->min_overdue != NULL ? step->min_overdue->len : 0;
}

gboolean
cbz_cadence_step_equal (const CbzCadenceStep *a,
                        const CbzCadenceStep *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->offset_days != b->offset_days ||
      a->channel != b->channel ||
      g_strcmp0 (a->template_name, b->template_name) != 0 ||
      a->letter_level != b->letter_level ||
      a->has_window != b->has_window ||
      (a->has_window && !cbz_time_window_equal (a->window, b->window)) ||
      a->weekdays != b->weekdays ||
      a->unless_replied != b->unless_replied ||
      a->repeat_every_days != b->repeat_every_days ||
      a->repeat_max != b->repeat_max ||
      a->n_fallback != b->n_fallback ||
      a->automatic != b->automatic ||
      count_min_overdue (a) != count_min_overdue (b))
    return FALSE;

  if (memcmp (a->fallback, b->fallback, a->n_fallback * sizeof a->fallback[0]) != 0)
    return FALSE;

  for (guint i = 0; i < count_min_overdue (a); i++)
    {
      CbzMoney m = g_array_index (a->min_overdue, CbzMoney, i);
      CbzMoney other;

      if (!cbz_cadence_step_get_min_overdue (b, m.currency, &other) || !cbz_money_equal (m, other))
        return FALSE;
    }
  return TRUE;
}

const char *
cbz_cadence_step_get_template (const CbzCadenceStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);

  if (step->channel == CBZ_CADENCE_CHANNEL_LETTER)
    return NULL;
  if (step->template_name != NULL && step->template_name[0] != '\0')
    return step->template_name;
  if (step->channel == CBZ_CADENCE_CHANNEL_CALL)
    return NULL;
  return CBZ_CADENCE_DEFAULT_TEMPLATE;
}

void
cbz_cadence_step_set_min_overdue (CbzCadenceStep *step,
                                  CbzMoney        minimum)
{
  g_return_if_fail (step != NULL);

  if (step->min_overdue == NULL)
    step->min_overdue = g_array_new (FALSE, FALSE, sizeof (CbzMoney));

  for (guint i = 0; i < step->min_overdue->len; i++)
    {
      CbzMoney *m = &g_array_index (step->min_overdue, CbzMoney, i);

      if (cbz_money_same_currency (*m, minimum))
        {
          *m = minimum;
          return;
        }
    }
  g_array_append_val (step->min_overdue, minimum);
}

gboolean
cbz_cadence_step_get_min_overdue (const CbzCadenceStep *step,
                                  const char           *currency,
                                  CbzMoney             *minimum)
{
  g_return_val_if_fail (step != NULL, FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);

  for (guint i = 0; i < count_min_overdue (step); i++)
    {
      CbzMoney m = g_array_index (step->min_overdue, CbzMoney, i);

      if (g_ascii_strcasecmp (m.currency, currency) == 0)
        {
          if (minimum != NULL)
            *minimum = m;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
cbz_cadence_step_has_min_overdue (const CbzCadenceStep *step)
{
  g_return_val_if_fail (step != NULL, FALSE);

  return count_min_overdue (step) > 0;
}

gboolean
cbz_cadence_step_add_fallback (CbzCadenceStep    *step,
                               CbzCadenceChannel  channel)
{
  g_return_val_if_fail (step != NULL, FALSE);
  g_return_val_if_fail ((guint) channel < CBZ_CADENCE_N_CHANNELS, FALSE);

  if (channel == step->channel)
    return FALSE;
  for (guint i = 0; i < step->n_fallback; i++)
    if (step->fallback[i] == channel)
      return FALSE;
  if (step->n_fallback >= G_N_ELEMENTS (step->fallback))
    return FALSE;
  step->fallback[step->n_fallback++] = channel;
  return TRUE;
}

gboolean
cbz_cadence_step_is_after_due (const CbzCadenceStep *step)
{
  g_return_val_if_fail (step != NULL, FALSE);

  return step->offset_days > 0;
}

gboolean
cbz_cadence_step_validate (const CbzCadenceStep  *step,
                           guint                  number,
                           GError               **error)
{
  g_return_val_if_fail (step != NULL, FALSE);

  if (step->offset_days < CBZ_CADENCE_MIN_OFFSET || step->offset_days > CBZ_CADENCE_MAX_OFFSET)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_OFFSET,
                   _("Step %u: the offset %d is outside %d..%d days from the due date"),
                   number, step->offset_days, CBZ_CADENCE_MIN_OFFSET, CBZ_CADENCE_MAX_OFFSET);
      return FALSE;
    }
  if ((guint) step->channel >= CBZ_CADENCE_N_CHANNELS)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_CHANNEL,
                   _("Step %u: unknown channel %d"), number, (int) step->channel);
      return FALSE;
    }
  if (step->channel == CBZ_CADENCE_CHANNEL_LETTER)
    {
      if (step->letter_level < 1 || step->letter_level > CBZ_CADENCE_MAX_LETTER_LEVEL)
        {
          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                       _("Step %u: the letter level %d is not between 1 and %d"),
                       number, step->letter_level, CBZ_CADENCE_MAX_LETTER_LEVEL);
          return FALSE;
        }
      if (step->template_name != NULL)
        {
          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                       _("Step %u: a letter step takes a letter level, not the template “%s”"),
                       number, step->template_name);
          return FALSE;
        }
    }
  else if (step->letter_level != 0)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                   _("Step %u: only letter steps have a letter level (this one is %s)"),
                   number, cbz_cadence_channel_to_string (step->channel));
      return FALSE;
    }
  if (step->has_window &&
      (step->window.start >= step->window.end || step->window.end > CBZ_MINUTES_PER_DAY))
    {
      g_autofree char *window = cbz_time_window_format (step->window);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_TIME,
                   _("Step %u: the window %s ends before it starts"), number, window);
      return FALSE;
    }
  if ((step->repeat_every_days == 0) != (step->repeat_max == 0) ||
      step->repeat_every_days > CBZ_CADENCE_MAX_REPEAT_EVERY ||
      step->repeat_max > CBZ_CADENCE_MAX_REPEATS)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                   _("Step %u: a repeat needs every 1..%u days, at most 1..%u times (not every %u days, %u times)"),
                   number, CBZ_CADENCE_MAX_REPEAT_EVERY, CBZ_CADENCE_MAX_REPEATS,
                   step->repeat_every_days, step->repeat_max);
      return FALSE;
    }
  for (guint i = 0; i < step->n_fallback; i++)
    {
      if ((guint) step->fallback[i] >= CBZ_CADENCE_N_CHANNELS)
        {
          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_CHANNEL,
                       _("Step %u: unknown fallback channel %d"), number, (int) step->fallback[i]);
          return FALSE;
        }
      if (step->fallback[i] == step->channel)
        {
          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_CHANNEL,
                       _("Step %u: the fallback “%s” is the step’s own channel"),
                       number, cbz_cadence_channel_to_string (step->fallback[i]));
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (step->fallback[j] == step->fallback[i])
          {
            g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_CHANNEL,
                         _("Step %u: the fallback “%s” is listed twice"),
                         number, cbz_cadence_channel_to_string (step->fallback[i]));
            return FALSE;
          }
    }
  for (guint i = 0; i < count_min_overdue (step); i++)
    {
      CbzMoney m = g_array_index (step->min_overdue, CbzMoney, i);

      if (!cbz_currency_is_known (m.currency) || m.minor < 0)
        {
          g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, m.minor);

          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                       _("Step %u: the minimum overdue balance %s %s is not a valid amount"),
                       number, amount, m.currency);
          return FALSE;
        }
    }
  return TRUE;
}
