/* cbz-contact-rules.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-contact-rules.h"

typedef struct
{
  CbzContactRules rules;
  gatomicrefcount ref_count;
} CbzContactRulesPrivate;

G_DEFINE_BOXED_TYPE (CbzContactRules, cbz_contact_rules, cbz_contact_rules_ref, cbz_contact_rules_unref)

void
cbz_frequency_cap_copy_into (CbzFrequencyCap       *dest,
                             const CbzFrequencyCap *src)
{
  g_return_if_fail (dest != NULL && src != NULL);

  *dest = *src;
  dest->id = g_strdup (src->id);
  dest->label = g_strdup (src->label);
}

void
cbz_frequency_cap_clear (CbzFrequencyCap *cap)
{
  g_return_if_fail (cap != NULL);

  g_clear_pointer (&cap->id, g_free);
  g_clear_pointer (&cap->label, g_free);
}

static GArray *
new_caps_array (void)
{
  GArray *caps = g_array_new (FALSE, TRUE, sizeof (CbzFrequencyCap));

  g_array_set_clear_func (caps, (GDestroyNotify) cbz_frequency_cap_clear);
  return caps;
}

CbzContactRules *
cbz_contact_rules_new (const char *label)
{
  CbzContactRulesPrivate *priv = g_new0 (CbzContactRulesPrivate, 1);
  CbzContactRules *rules = &priv->rules;

  g_atomic_ref_count_init (&priv->ref_count);
  rules->label = g_strdup (label);
  for (guint i = 0; i < 7; i++)
    rules->hours[i] = cbz_time_window_init (0, CBZ_MINUTES_PER_DAY);
  rules->closed_dates = g_array_new (FALSE, FALSE, sizeof (CbzDate));
  rules->caps = new_caps_array ();
  return rules;
}

CbzContactRules *
cbz_contact_rules_ref (CbzContactRules *rules)
{
  CbzContactRulesPrivate *priv = (CbzContactRulesPrivate *) rules;

  g_return_val_if_fail (rules != NULL, NULL);

  g_atomic_ref_count_inc (&priv->ref_count);
  return rules;
}

void
cbz_contact_rules_unref (CbzContactRules *rules)
{
  CbzContactRulesPrivate *priv = (CbzContactRulesPrivate *) rules;

  g_return_if_fail (rules != NULL);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_free (rules->country);
  g_free (rules->label);
  g_array_unref (rules->closed_dates);
  g_array_unref (rules->caps);
  g_free (priv);
}

CbzContactRules *
cbz_contact_rules_copy (const CbzContactRules *rules)
{
  CbzContactRules *copy;

  g_return_val_if_fail (rules != NULL, NULL);

  copy = cbz_contact_rules_new (rules->label);
  copy->country = g_strdup (rules->country);
  memcpy (copy->hours, rules->hours, sizeof copy->hours);
  copy->avoid_holidays = rules->avoid_holidays;
  g_array_append_vals (copy->closed_dates, rules->closed_dates->data, rules->closed_dates->len);
  for (guint i = 0; i < rules->caps->len; i++)
    cbz_contact_rules_add_cap (copy, &g_array_index (rules->caps, CbzFrequencyCap, i));
  return copy;
}

void
cbz_contact_rules_set_hours (CbzContactRules *rules,
                             CbzWeekdays      days,
                             CbzTimeWindow    hours)
{
  g_return_if_fail (rules != NULL);
  g_return_if_fail (hours.end <= CBZ_MINUTES_PER_DAY);

  if (cbz_time_window_is_empty (hours))
    hours = cbz_time_window_init (0, 0);
  for (int wd = 1; wd <= 7; wd++)
    if (days & CBZ_WEEKDAY_BIT (wd))
      rules->hours[wd - 1] = hours;
}

CbzWeekdays
cbz_contact_rules_get_days (const CbzContactRules *rules)
{
  CbzWeekdays days = 0;

  g_return_val_if_fail (rules != NULL, 0);

  for (int wd = 1; wd <= 7; wd++)
    if (!cbz_time_window_is_empty (rules->hours[wd - 1]))
      days |= CBZ_WEEKDAY_BIT (wd);
  return days;
}

gboolean
cbz_contact_rules_get_hours (const CbzContactRules *rules,
                             int                    weekday,
                             CbzTimeWindow         *hours)
{
  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail (weekday >= 1 && weekday <= 7, FALSE);

  if (hours != NULL)
    *hours = rules->hours[weekday - 1];
  return !cbz_time_window_is_empty (rules->hours[weekday - 1]);
}

void
cbz_contact_rules_add_cap (CbzContactRules       *rules,
                           const CbzFrequencyCap *cap)
{
  CbzFrequencyCap copy;

  g_return_if_fail (rules != NULL);
  g_return_if_fail (cap != NULL);

  cbz_frequency_cap_copy_into (&copy, cap);
  g_array_append_val (rules->caps, copy);
}

void
cbz_contact_rules_add_closed_date (CbzContactRules *rules,
                                   CbzDate          date)
{
  g_return_if_fail (rules != NULL);

  if (!cbz_contact_rules_is_closed_date (rules, date))
    g_array_append_val (rules->closed_dates, date);
}

gboolean
cbz_contact_rules_is_closed_date (const CbzContactRules *rules,
                                  CbzDate                date)
{
  g_return_val_if_fail (rules != NULL, FALSE);

  for (guint i = 0; i < rules->closed_dates->len; i++)
    if (cbz_date_equal (g_array_index (rules->closed_dates, CbzDate, i), date))
      return TRUE;
  return FALSE;
}

CbzContactRules *
cbz_contact_rules_merge (const CbzContactRules *law,
                         const CbzContactRules *policy)
{
  CbzContactRules *merged;

  g_return_val_if_fail (law != NULL, NULL);

  merged = cbz_contact_rules_copy (law);
  if (policy == NULL)
    return merged;

  for (guint i = 0; i < 7; i++)
    merged->hours[i] = cbz_time_window_intersect (law->hours[i], policy->hours[i]);
  merged->avoid_holidays = law->avoid_holidays || policy->avoid_holidays;
  if (merged->country == NULL)
    merged->country = g_strdup (policy->country);
  for (guint i = 0; i < policy->closed_dates->len; i++)
    cbz_contact_rules_add_closed_date (merged, g_array_index (policy->closed_dates, CbzDate, i));
  for (guint i = 0; i < policy->caps->len; i++)
    cbz_contact_rules_add_cap (merged, &g_array_index (policy->caps, CbzFrequencyCap, i));
  return merged;
}

char *
cbz_contact_rules_describe_hours (const CbzContactRules *rules)
{
  GString *out = g_string_new (NULL);
  gboolean done[7] = { FALSE };

  g_return_val_if_fail (rules != NULL, NULL);

  for (int wd = 1; wd <= 7; wd++)
    {
      CbzTimeWindow hours = rules->hours[wd - 1];
      CbzWeekdays days = 0;
      g_autofree char *day_list = NULL;
      g_autofree char *window = NULL;

      if (done[wd - 1] || cbz_time_window_is_empty (hours))
        continue;
      for (int other = wd; other <= 7; other++)
        if (cbz_time_window_equal (rules->hours[other - 1], hours))
          {
            days |= CBZ_WEEKDAY_BIT (other);
            done[other - 1] = TRUE;
          }
      day_list = cbz_weekdays_format (days);
      window = cbz_time_window_format (hours);
      if (out->len > 0)
        g_string_append (out, "; ");
      /* Translators: days and hours of contact, "Mon, Tue, Wed 08:00–20:00" */
      g_string_append_printf (out, _("%s %s"), day_list, window);
    }
  if (out->len == 0)
    g_string_append (out, _("no contact on any day"));
  return g_string_free (out, FALSE);
}
