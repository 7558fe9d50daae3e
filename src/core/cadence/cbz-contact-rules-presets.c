/* cbz-contact-rules-presets.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The law of each country as contact rules; the table and its sources are
 * in cbz-contact-rules.h and the reference contact-rules.md.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-contact-rules.h"

#define HOURS(h1, m1, h2, m2) cbz_time_window_init ((h1) * 60 + (m1), (h2) * 60 + (m2))
#define CALLS (CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_PHONE) | CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_IN_PERSON))
#define MESSAGES (CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_SMS) | \
                  CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_WHATSAPP) | \
                  CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_EMAIL) | \
                  CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_LETTER))

static const char * const presets[] = { "AR", "CL", "CO", "EC", "MX", "PE", "US", NULL };

const char * const *
cbz_contact_rules_list_presets (void)
{
  return presets;
}

gboolean
cbz_contact_rules_has_preset (const char *country)
{
  if (country == NULL)
    return FALSE;
  for (guint i = 0; presets[i] != NULL; i++)
    if (g_ascii_strcasecmp (presets[i], country) == 0)
      return TRUE;
  return FALSE;
}

static void
add_cap (CbzContactRules  *rules,
         const char       *id,
         const char       *label,
         CbzEventChannels  channels,
         guint             max_count,
         guint             window_days,
         guint             min_gap_days,
         guint             max_channels,
         guint             quiet_days)
{
  CbzFrequencyCap cap = {
    (char *) id, (char *) label, channels, max_count, window_days, min_gap_days, max_channels, quiet_days
  };

  cbz_contact_rules_add_cap (rules, &cap);
}

static CbzContactRules *
new_preset (const char *country,
            const char *label)
{
  CbzContactRules *rules = cbz_contact_rules_new (label);

  rules->country = g_strdup (country);
  cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_ALL, cbz_time_window_init (0, 0));
  return rules;
}

CbzContactRules *
cbz_contact_rules_new_for_country (const char *country)
{
  CbzContactRules *rules;
  char code[3] = { 0 };

  if (country != NULL && country[0] != '\0' && country[1] != '\0' && country[2] == '\0')
    {
      code[0] = g_ascii_toupper (country[0]);
      code[1] = g_ascii_toupper (country[1]);
    }

  if (g_str_equal (code, "MX"))
    {
      rules = new_preset (code, _("Mexico (CONDUSEF rules for collection, 2014)"));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_ALL, HOURS (7, 0, 22, 0));
    }
  else if (g_str_equal (code, "CL"))
    {
      rules = new_preset (code, _("Chile (Ley 19.496 art. 37)"));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_MON_SAT, HOURS (8, 0, 20, 0));
      rules->avoid_holidays = TRUE;
      add_cap (rules, "cl-calls", _("Chile: calls and visits at most once a week"),
               CALLS, 1, 7, 0, 0, 0);
      add_cap (rules, "cl-messages", _("Chile: messages and letters at most twice a week, 2 days apart"),
               MESSAGES, 2, 7, 2, 0, 0);
    }
  else if (g_str_equal (code, "CO"))
    {
      rules = new_preset (code, _("Colombia (Ley 2300 de 2023)"));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_MON_FRI, HOURS (7, 0, 19, 0));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAY_BIT (6), HOURS (8, 0, 15, 0));
      rules->avoid_holidays = TRUE;
      add_cap (rules, "co-daily", _("Colombia: at most one contact a day"),
               CBZ_EVENT_CHANNELS_ALL, 1, 1, 0, 0, 0);
      add_cap (rules, "co-one-channel", _("Colombia: one channel only in a week"),
               CBZ_EVENT_CHANNELS_ALL, 0, 7, 0, 1, 0);
    }
  else if (g_str_equal (code, "PE"))
    {
      rules = new_preset (code, _("Peru (Ley 29571 art. 62)"));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_MON_FRI, HOURS (7, 0, 20, 0));
      rules->avoid_holidays = TRUE;
    }
  else if (g_str_equal (code, "EC"))
    {
      rules = new_preset (code, _("Ecuador (consumer protection reform, 2022)"));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_MON_FRI, HOURS (7, 0, 20, 0));
      rules->avoid_holidays = TRUE;
      add_cap (rules, "ec-daily", _("Ecuador: at most one contact a day"),
               CBZ_EVENT_CHANNELS_ALL, 1, 1, 0, 0, 0);
    }
  else if (g_str_equal (code, "AR"))
    {
      rules = new_preset (code, _("Argentina (prudent default; Ley 24.240 art. 8 bis)"));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_MON_FRI, HOURS (9, 0, 20, 0));
      rules->avoid_holidays = TRUE;
    }
  else if (g_str_equal (code, "US"))
    {
      rules = new_preset (code, _("United States (Regulation F, 12 CFR 1006.14)"));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_ALL, HOURS (8, 0, 21, 0));
      add_cap (rules, "us-calls", _("United States: calls at most 7 in 7 days"),
               CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_PHONE), 7, 7, 0, 0, 0);
      add_cap (rules, "us-after-conversation", _("United States: no call for 7 days after a conversation"),
               CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_PHONE), 0, 0, 0, 0, 7);
    }
  else
    {
      rules = new_preset (code[0] != '\0' ? code : NULL, _("Cautious default (no preset for this country)"));
      cbz_contact_rules_set_hours (rules, CBZ_WEEKDAYS_MON_FRI, HOURS (9, 0, 19, 0));
    }
  return rules;
}
