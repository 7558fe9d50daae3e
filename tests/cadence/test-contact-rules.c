/* test-contact-rules.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-cadence-check.h"
#include "cbz-cadence-json.h"
#include "cbz-clock.h"
#include "cbz-contact-rules.h"
#include "cbz-lawful-moment.h"
#include "cbz-test-util.h"
#include "cbz-zone-time.h"

#define HM(h, m) ((h) * 60 + (m))

static void
test_presets (void)
{
  static const struct
  {
    const char  *country;
    CbzWeekdays  days;
    guint16      start;       /* Monday's hours */
    guint16      end;
    gboolean     holidays;
    const char  *caps;        /* ids, space-separated */
  } cases[] = {
    { "MX", CBZ_WEEKDAYS_ALL, HM (7, 0), HM (22, 0), FALSE, "" },
    { "CL", CBZ_WEEKDAYS_MON_SAT, HM (8, 0), HM (20, 0), TRUE, "cl-calls cl-messages" },
    { "CO", CBZ_WEEKDAYS_MON_SAT, HM (7, 0), HM (19, 0), TRUE, "co-daily co-one-channel" },
    { "PE", CBZ_WEEKDAYS_MON_FRI, HM (7, 0), HM (20, 0), TRUE, "" },
    { "EC", CBZ_WEEKDAYS_MON_FRI, HM (7, 0), HM (20, 0), TRUE, "ec-daily" },
    { "AR", CBZ_WEEKDAYS_MON_FRI, HM (9, 0), HM (20, 0), TRUE, "" },
    { "US", CBZ_WEEKDAYS_ALL, HM (8, 0), HM (21, 0), FALSE, "us-calls us-after-conversation" },
    { "BR", CBZ_WEEKDAYS_MON_FRI, HM (9, 0), HM (19, 0), FALSE, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzContactRules) rules = cbz_contact_rules_new_for_country (cases[i].country);
      g_autoptr(GString) caps = g_string_new (NULL);
      CbzTimeWindow monday;

      g_test_message ("%s", cases[i].country);
      g_assert_cmpuint (cbz_contact_rules_get_days (rules), ==, cases[i].days);
      g_assert_true (cbz_contact_rules_get_hours (rules, 1, &monday));
      g_assert_cmpuint (monday.start, ==, cases[i].start);
      g_assert_cmpuint (monday.end, ==, cases[i].end);
      g_assert_cmpint (rules->avoid_holidays, ==, cases[i].holidays);
      g_assert_nonnull (rules->label);
      for (guint c = 0; c < rules->caps->len; c++)
        {
          if (caps->len > 0)
            g_string_append_c (caps, ' ');
          g_string_append (caps, g_array_index (rules->caps, CbzFrequencyCap, c).id);
        }
      g_assert_cmpstr (caps->str, ==, cases[i].caps);
    }

  {
    g_autoptr(CbzContactRules) colombia = cbz_contact_rules_new_for_country ("co");
    g_autofree char *hours = cbz_contact_rules_describe_hours (colombia);
    CbzTimeWindow saturday;

    g_assert_true (cbz_contact_rules_get_hours (colombia, 6, &saturday));
    g_assert_cmpuint (saturday.start, ==, HM (8, 0));
    g_assert_cmpuint (saturday.end, ==, HM (15, 0));
    g_assert_false (cbz_contact_rules_get_hours (colombia, 7, NULL));
    g_assert_cmpstr (hours, ==, "Mon, Tue, Wed, Thu, Fri 07:00–19:00; Sat 08:00–15:00");
  }
  g_assert_true (cbz_contact_rules_has_preset ("cl"));
  g_assert_false (cbz_contact_rules_has_preset ("BR"));
}

static void
test_merge_strictest (void)
{
  g_autoptr(CbzContactRules) law = cbz_contact_rules_new_for_country ("MX");
  g_autoptr(CbzContactRules) policy = cbz_contact_rules_new ("Business policy");
  g_autoptr(CbzContactRules) merged = NULL;
  CbzFrequencyCap cap = { (char *) "weekly", (char *) "At most 3 messages a week", CBZ_EVENT_CHANNELS_ALL, 3, 7, 0, 0, 0 };
  CbzTimeWindow hours;

  cbz_contact_rules_set_hours (policy, CBZ_WEEKDAYS_ALL, cbz_time_window_init (HM (6, 0), HM (18, 0)));
  cbz_contact_rules_set_hours (policy, CBZ_WEEKDAY_BIT (6) | CBZ_WEEKDAY_BIT (7), cbz_time_window_init (0, 0));
  policy->avoid_holidays = TRUE;
  cbz_contact_rules_add_closed_date (policy, cbz_date_init (2027, 12, 24));
  cbz_contact_rules_add_cap (policy, &cap);

  merged = cbz_contact_rules_merge (law, policy);
  g_assert_cmpuint (cbz_contact_rules_get_days (merged), ==, CBZ_WEEKDAYS_MON_FRI);
  g_assert_true (cbz_contact_rules_get_hours (merged, 3, &hours));
  /* The law's start (07:00) and the policy's end (18:00). */
  g_assert_cmpuint (hours.start, ==, HM (7, 0));
  g_assert_cmpuint (hours.end, ==, HM (18, 0));
  g_assert_true (merged->avoid_holidays);
  g_assert_cmpstr (merged->country, ==, "MX");
  g_assert_true (cbz_contact_rules_is_closed_date (merged, cbz_date_init (2027, 12, 24)));
  g_assert_cmpuint (merged->caps->len, ==, 1);
  g_assert_cmpstr (g_array_index (merged->caps, CbzFrequencyCap, 0).id, ==, "weekly");

  /* A policy never loosens the law: Chile's caps stay with a lax policy. */
  {
    g_autoptr(CbzContactRules) chile = cbz_contact_rules_new_for_country ("CL");
    g_autoptr(CbzContactRules) lax = cbz_contact_rules_new ("Anything goes");
    g_autoptr(CbzContactRules) both = cbz_contact_rules_merge (chile, lax);

    g_assert_cmpuint (cbz_contact_rules_get_days (both), ==, CBZ_WEEKDAYS_MON_SAT);
    g_assert_cmpuint (both->caps->len, ==, 2);
  }
}

static gint64
at (const char *iso)
{
  gint64 us = 0;

  g_assert_true (cbz_clock_parse_instant (iso, &us, NULL));
  return us;
}

static CbzContactRecord
contact (const char      *iso,
         CbzEventChannel  channel,
         gboolean         conversation)
{
  CbzContactRecord record = {
    at (iso), channel, CBZ_EVENT_DIRECTION_OUTBOUND, CBZ_CONTACT_KIND_REMINDER, conversation
  };

  return record;
}

static const CbzFrequencyCap *
find_cap (const CbzContactRules *rules,
          const char            *id)
{
  for (guint i = 0; i < rules->caps->len; i++)
    if (g_str_equal (g_array_index (rules->caps, CbzFrequencyCap, i).id, id))
      return &g_array_index (rules->caps, CbzFrequencyCap, i);
  g_assert_not_reached ();
}

static void
test_caps (void)
{
  static const struct
  {
    const char       *country;
    const char       *cap;
    const char       *history[8];   /* "YYYY-MM-DD channel [conversation]" */
    const char       *day;
    CbzEventChannel   channel;
    gboolean          allowed;
  } cases[] = {
    /* Chile: calls and visits once a week. */
    { "CL", "cl-calls", { "2027-03-01 phone" }, "2027-03-07", CBZ_EVENT_CHANNEL_PHONE, FALSE },
    { "CL", "cl-calls", { "2027-03-01 phone" }, "2027-03-08", CBZ_EVENT_CHANNEL_PHONE, TRUE },
    { "CL", "cl-calls", { "2027-03-01 in-person" }, "2027-03-04", CBZ_EVENT_CHANNEL_PHONE, FALSE },
    { "CL", "cl-calls", { "2027-03-01 sms" }, "2027-03-01", CBZ_EVENT_CHANNEL_PHONE, TRUE },
    /* Chile: other channels twice a week, two days apart. */
    { "CL", "cl-messages", { "2027-03-01 sms" }, "2027-03-02", CBZ_EVENT_CHANNEL_EMAIL, FALSE },
    { "CL", "cl-messages", { "2027-03-01 sms" }, "2027-03-03", CBZ_EVENT_CHANNEL_EMAIL, TRUE },
    { "CL", "cl-messages", { "2027-03-01 sms", "2027-03-03 email" }, "2027-03-05", CBZ_EVENT_CHANNEL_WHATSAPP, FALSE },
    { "CL", "cl-messages", { "2027-03-01 sms", "2027-03-03 email" }, "2027-03-08", CBZ_EVENT_CHANNEL_LETTER, TRUE },
    { "CL", "cl-messages", { "2027-03-01 phone" }, "2027-03-01", CBZ_EVENT_CHANNEL_SMS, TRUE },
    /* Colombia: one contact a day, one channel a week. */
    { "CO", "co-daily", { "2027-03-01 sms" }, "2027-03-01", CBZ_EVENT_CHANNEL_PHONE, FALSE },
    { "CO", "co-daily", { "2027-03-01 sms" }, "2027-03-02", CBZ_EVENT_CHANNEL_SMS, TRUE },
    { "CO", "co-one-channel", { "2027-03-01 sms" }, "2027-03-02", CBZ_EVENT_CHANNEL_WHATSAPP, FALSE },
    { "CO", "co-one-channel", { "2027-03-01 sms" }, "2027-03-02", CBZ_EVENT_CHANNEL_SMS, TRUE },
    { "CO", "co-one-channel", { "2027-03-01 sms" }, "2027-03-08", CBZ_EVENT_CHANNEL_EMAIL, TRUE },
    /* Ecuador: one a day. */
    { "EC", "ec-daily", { "2027-03-01 email" }, "2027-03-01", CBZ_EVENT_CHANNEL_SMS, FALSE },
    { "EC", "ec-daily", { "2027-03-01 email" }, "2027-03-02", CBZ_EVENT_CHANNEL_SMS, TRUE },
    /* United States: seven calls in seven days; none for seven days from a conversation. */
    { "US", "us-calls", { "2027-03-01 phone", "2027-03-02 phone", "2027-03-03 phone", "2027-03-04 phone",
                          "2027-03-05 phone", "2027-03-06 phone", "2027-03-06 phone" },
      "2027-03-07", CBZ_EVENT_CHANNEL_PHONE, FALSE },
    { "US", "us-calls", { "2027-03-01 phone", "2027-03-02 phone", "2027-03-03 phone", "2027-03-04 phone",
                          "2027-03-05 phone", "2027-03-06 phone", "2027-03-07 phone" },
      "2027-03-08", CBZ_EVENT_CHANNEL_PHONE, TRUE },
    { "US", "us-after-conversation", { "2027-03-03 phone conversation" }, "2027-03-09", CBZ_EVENT_CHANNEL_PHONE, FALSE },
    { "US", "us-after-conversation", { "2027-03-03 phone conversation" }, "2027-03-10", CBZ_EVENT_CHANNEL_PHONE, TRUE },
    { "US", "us-after-conversation", { "2027-03-03 phone conversation" }, "2027-03-04", CBZ_EVENT_CHANNEL_SMS, TRUE },
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Santiago");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzContactRules) rules = cbz_contact_rules_new_for_country (cases[i].country);
      g_autoptr(GArray) history = g_array_new (FALSE, FALSE, sizeof (CbzContactRecord));
      CbzDate day;

      for (guint h = 0; h < G_N_ELEMENTS (cases[i].history) && cases[i].history[h] != NULL; h++)
        {
          g_auto(GStrv) parts = g_strsplit (cases[i].history[h], " ", -1);
          g_autofree char *noon = g_strdup_printf ("%sT12:00:00-04:00", parts[0]);
          CbzEventChannel channel;
          CbzContactRecord record;

          g_assert_true (cbz_event_channel_from_string (parts[1], &channel));
          record = contact (noon, channel, parts[2] != NULL);
          g_array_append_val (history, record);
        }
      g_assert_true (cbz_date_from_iso (cases[i].day, &day));
      g_test_message ("case %u: %s %s on %s", i, cases[i].country, cases[i].cap, cases[i].day);
      g_assert_cmpint (cbz_frequency_cap_allows (find_cap (rules, cases[i].cap), zone, day, cases[i].channel,
                                                 (CbzContactRecord *) history->data, history->len),
                       ==, cases[i].allowed);
    }
}

static void
test_reply_counts_for_caps (void)
{
  g_autoptr(CbzContactRules) ecuador = cbz_contact_rules_new_for_country ("EC");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Guayaquil");
  CbzContactRecord reply = {
    at ("2027-03-01T09:00:00-05:00"), CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_EVENT_DIRECTION_INBOUND, CBZ_CONTACT_KIND_REPLY, FALSE
  };

  /* The customer's own reply is a contact that day. */
  g_assert_false (cbz_frequency_cap_allows (find_cap (ecuador, "ec-daily"), zone, cbz_date_init (2027, 3, 1),
                                            CBZ_EVENT_CHANNEL_SMS, &reply, 1));
}

typedef struct
{
  const char     *country;
  const char     *zone;
  const char     *from;         /* local ISO with offset */
  const char     *window;       /* "HH:MM-HH:MM" or NULL */
  CbzWeekdays     weekdays;
  const char     *expected;     /* local ISO with offset, or NULL for never */
  CbzDeferReason  reason;
  const char     *detail;       /* holiday or cap id */
} LawfulCase;

static void
test_lawful_moment (void)
{
  static const LawfulCase cases[] = {
    /* Mexico: 07:00-22:00 every day, holidays allowed. */
    { "MX", "America/Mexico_City", "2027-03-16T10:00:00-06:00", NULL, 0, "2027-03-16T10:00:00-06:00", CBZ_DEFER_NONE, NULL },
    { "MX", "America/Mexico_City", "2027-03-16T06:00:00-06:00", NULL, 0, "2027-03-16T07:00:00-06:00", CBZ_DEFER_OUTSIDE_HOURS, NULL },
    { "MX", "America/Mexico_City", "2027-03-16T22:30:00-06:00", NULL, 0, "2027-03-17T07:00:00-06:00", CBZ_DEFER_OUTSIDE_HOURS, NULL },
    { "MX", "America/Mexico_City", "2027-03-15T10:00:00-06:00", NULL, 0, "2027-03-15T10:00:00-06:00", CBZ_DEFER_NONE, NULL },
    { "MX", "America/Tijuana", "2027-03-20T21:59:00-07:00", NULL, 0, "2027-03-20T21:59:00-07:00", CBZ_DEFER_NONE, NULL },
    { "MX", "America/Cancun", "2027-03-20T22:00:00-05:00", NULL, 0, "2027-03-21T07:00:00-05:00", CBZ_DEFER_OUTSIDE_HOURS, NULL },
    /* A step window inside the hours, and one that never meets them. */
    { "MX", "America/Mexico_City", "2027-03-16T10:30:00-06:00", "09:00-10:00", 0, "2027-03-17T09:00:00-06:00", CBZ_DEFER_OUTSIDE_WINDOW, NULL },
    { "MX", "America/Mexico_City", "2027-03-16T08:00:00-06:00", "09:00-10:00", 0, "2027-03-16T09:00:00-06:00", CBZ_DEFER_OUTSIDE_WINDOW, NULL },
    { "MX", "America/Mexico_City", "2027-03-16T08:00:00-06:00", "05:00-06:00", 0, NULL, CBZ_DEFER_NEVER, NULL },
    /* A step's weekdays: Tuesday 16 March to Monday 22. */
    { "MX", "America/Mexico_City", "2027-03-16T10:00:00-06:00", NULL, CBZ_WEEKDAY_BIT (1), "2027-03-22T07:00:00-06:00", CBZ_DEFER_STEP_WEEKDAY, NULL },
    /* Chile: Monday to Saturday 08:00-20:00, no holidays. */
    { "CL", "America/Santiago", "2027-03-21T10:00:00-03:00", NULL, 0, "2027-03-22T08:00:00-03:00", CBZ_DEFER_DAY_NOT_ALLOWED, NULL },
    { "CL", "America/Santiago", "2027-03-26T10:00:00-03:00", NULL, 0, "2027-03-29T08:00:00-03:00", CBZ_DEFER_HOLIDAY, "good-friday" },
    { "CL", "America/Santiago", "2027-03-27T19:59:00-03:00", NULL, 0, "2027-03-29T08:00:00-03:00", CBZ_DEFER_HOLIDAY, "holy-saturday" },
    /* Colombia: Monday-Friday 07-19, Saturday 08-15, never Sundays or holidays. */
    { "CO", "America/Bogota", "2027-03-20T15:30:00-05:00", NULL, 0, "2027-03-23T07:00:00-05:00", CBZ_DEFER_OUTSIDE_HOURS, NULL },
    { "CO", "America/Bogota", "2027-03-20T14:00:00-05:00", NULL, 0, "2027-03-20T14:00:00-05:00", CBZ_DEFER_NONE, NULL },
    { "CO", "America/Bogota", "2027-03-22T10:00:00-05:00", NULL, 0, "2027-03-23T07:00:00-05:00", CBZ_DEFER_HOLIDAY, "saint-joseph" },
    { "CO", "America/Bogota", "2027-03-21T10:00:00-05:00", NULL, 0, "2027-03-23T07:00:00-05:00", CBZ_DEFER_DAY_NOT_ALLOWED, NULL },
    /* Peru and Ecuador: Monday to Friday 07-20, no holidays. */
    { "PE", "America/Lima", "2027-03-20T10:00:00-05:00", NULL, 0, "2027-03-22T07:00:00-05:00", CBZ_DEFER_DAY_NOT_ALLOWED, NULL },
    { "PE", "America/Lima", "2027-03-25T10:00:00-05:00", NULL, 0, "2027-03-29T07:00:00-05:00", CBZ_DEFER_HOLIDAY, "holy-thursday" },
    { "EC", "America/Guayaquil", "2027-03-19T20:30:00-05:00", NULL, 0, "2027-03-22T07:00:00-05:00", CBZ_DEFER_OUTSIDE_HOURS, NULL },
    { "EC", "America/Guayaquil", "2027-02-08T10:00:00-05:00", NULL, 0, "2027-02-10T07:00:00-05:00", CBZ_DEFER_HOLIDAY, "carnival-monday" },
    /* Argentina: Monday to Friday 09-20 by default, no holidays. */
    { "AR", "America/Argentina/Buenos_Aires", "2027-03-22T08:00:00-03:00", NULL, 0, "2027-03-22T09:00:00-03:00", CBZ_DEFER_OUTSIDE_HOURS, NULL },
    { "AR", "America/Argentina/Buenos_Aires", "2027-03-24T10:00:00-03:00", NULL, 0, "2027-03-25T09:00:00-03:00", CBZ_DEFER_HOLIDAY, "remembrance-day" },
    /* United States, New York across the change to daylight time. */
    { "US", "America/New_York", "2027-03-13T21:30:00-05:00", NULL, 0, "2027-03-14T08:00:00-04:00", CBZ_DEFER_OUTSIDE_HOURS, NULL },
    { "US", "America/New_York", "2027-03-14T07:59:00-04:00", NULL, 0, "2027-03-14T08:00:00-04:00", CBZ_DEFER_OUTSIDE_HOURS, NULL },
    { "US", "America/New_York", "2027-07-04T10:00:00-04:00", NULL, 0, "2027-07-04T10:00:00-04:00", CBZ_DEFER_NONE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CbzContactRules) rules = cbz_contact_rules_new_for_country (cases[i].country);
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (cases[i].zone);
      CbzLawfulQuery query = { rules, zone, FALSE, { 0, 0 }, cases[i].weekdays, CBZ_EVENT_CHANNEL_NONE, NULL, 0 };
      CbzLawfulMoment moment;
      gboolean found;

      g_test_message ("case %u: %s %s", i, cases[i].country, cases[i].from);
      if (cases[i].window != NULL)
        {
          g_auto(GStrv) times = g_strsplit (cases[i].window, "-", 2);

          query.has_window = TRUE;
          g_assert_true (cbz_time_of_day_parse (times[0], FALSE, &query.window.start));
          g_assert_true (cbz_time_of_day_parse (times[1], TRUE, &query.window.end));
        }
      found = cbz_lawful_moment_find (&query, at (cases[i].from), &moment);
      g_assert_cmpint (moment.reason, ==, cases[i].reason);
      if (cases[i].expected == NULL)
        {
          g_assert_false (found);
          continue;
        }
      g_assert_true (found);
      {
        g_autofree char *got = cbz_zone_time_format_iso (zone, moment.at);

        g_assert_cmpstr (got, ==, cases[i].expected);
      }
      /* Never earlier than asked. */
      g_assert_cmpint (moment.at, >=, at (cases[i].from));
      if (cases[i].reason == CBZ_DEFER_HOLIDAY)
        g_assert_cmpstr (moment.holiday->id, ==, cases[i].detail);
      if (cases[i].reason != CBZ_DEFER_NONE)
        {
          g_autofree char *text = cbz_lawful_moment_describe (&moment, &query);

          g_assert_nonnull (text);
          g_assert_cmpstr (text, !=, "");
        }
    }
}

static void
test_lawful_moment_caps_and_closed_days (void)
{
  g_autoptr(CbzContactRules) chile = cbz_contact_rules_new_for_country ("CL");
  g_autoptr(CbzContactRules) policy = cbz_contact_rules_new ("Business policy");
  g_autoptr(CbzContactRules) rules = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Santiago");
  CbzContactRecord sms = contact ("2027-03-22T09:00:00-03:00", CBZ_EVENT_CHANNEL_SMS, FALSE);
  CbzLawfulQuery query = { NULL, zone, FALSE, { 0, 0 }, 0, CBZ_EVENT_CHANNEL_EMAIL, &sms, 1 };
  CbzLawfulMoment moment;
  g_autofree char *got = NULL;
  g_autofree char *text = NULL;
  g_autofree char *closed = NULL;

  cbz_contact_rules_add_closed_date (policy, cbz_date_init (2027, 3, 24));
  rules = cbz_contact_rules_merge (chile, policy);
  query.rules = rules;

  /* An SMS on Monday: an email can go on Wednesday at the earliest, but the
   * business is closed that day. */
  g_assert_true (cbz_lawful_moment_find (&query, at ("2027-03-23T10:00:00-03:00"), &moment));
  got = cbz_zone_time_format_iso (zone, moment.at);
  g_assert_cmpstr (got, ==, "2027-03-25T08:00:00-03:00");
  g_assert_cmpint (moment.reason, ==, CBZ_DEFER_FREQUENCY_CAP);
  g_assert_cmpstr (moment.cap->id, ==, "cl-messages");
  text = cbz_lawful_moment_describe (&moment, &query);
  g_assert_nonnull (strstr (text, "Frequency cap"));

  g_assert_true (cbz_lawful_moment_find (&query, at ("2027-03-24T10:00:00-03:00"), &moment));
  g_assert_cmpint (moment.reason, ==, CBZ_DEFER_CLOSED_DAY);
  closed = cbz_lawful_moment_describe (&moment, &query);
  g_assert_nonnull (strstr (closed, "2027"));

  /* A call is another class: it goes the same day. */
  query.channel = CBZ_EVENT_CHANNEL_PHONE;
  g_assert_true (cbz_lawful_moment_find (&query, at ("2027-03-22T10:00:00-03:00"), &moment));
  g_assert_cmpint (moment.reason, ==, CBZ_DEFER_NONE);
}

static void
test_cadence_check (void)
{
  const char *json =
    "{\"name\": \"Tight\", \"steps\": ["
    " {\"offset_days\": 1, \"channel\": \"sms\", \"window\": [\"06:00\", \"07:00\"]},"
    " {\"offset_days\": 2, \"channel\": \"email\"},"
    " {\"offset_days\": 2, \"channel\": \"call\", \"weekdays\": [\"sun\"]},"
    " {\"offset_days\": 9, \"channel\": \"email\", \"repeat\": {\"every_days\": 1, \"max\": 2}}]}";
  g_autoptr(CbzCadence) cadence = cbz_cadence_new_from_json (json, -1, NULL, NULL);
  g_autoptr(CbzContactRules) chile = cbz_contact_rules_new_for_country ("CL");
  g_autoptr(CbzContactRules) mexico = cbz_contact_rules_new_for_country ("MX");
  g_autoptr(GPtrArray) problems = cbz_cadence_check_rules (cadence, chile);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(CbzCadence) standard = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);

  g_assert_nonnull (cadence);
  for (guint i = 0; i < problems->len; i++)
    {
      CbzCadenceProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (summary, "%u:%s:%s ", problem->step,
                              problem->kind == CBZ_CADENCE_PROBLEM_NEVER_LAWFUL ? "never" : problem->cap_id, "");
      g_assert_nonnull (strstr (problem->message, "Step"));
    }
  /* 1: 06:00-07:00 is before Chile's 08:00; 2: an email a day after an
   * SMS; 3: calls on Sundays never; 4: the daily repeats break the gap. */
  g_assert_cmpstr (summary->str, ==, "1:never: 3:never: 2:cl-messages: 4:cl-messages: ");

  /* In Mexico only the 06:00 window is a problem. */
  none = cbz_cadence_check_rules (cadence, mexico);
  g_assert_cmpuint (none->len, ==, 1);

  /* The built-in Standard cadence is fine in Chile. */
  standard = cbz_cadence_new_from_json (
    "{\"name\": \"S\", \"steps\": [{\"offset_days\": -3, \"channel\": \"sms\"}, {\"offset_days\": 0, \"channel\": \"whatsapp\"},"
    " {\"offset_days\": 7, \"channel\": \"email\"}, {\"offset_days\": 15, \"channel\": \"letter\"},"
    " {\"offset_days\": 30, \"channel\": \"call\"}]}", -1, NULL, NULL);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = cbz_cadence_check_rules (standard, chile);
  g_assert_cmpuint (problems->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cadence/rules/presets", test_presets);
  g_test_add_func ("/cadence/rules/merge-strictest", test_merge_strictest);
  g_test_add_func ("/cadence/rules/caps", test_caps);
  g_test_add_func ("/cadence/rules/reply-counts-for-caps", test_reply_counts_for_caps);
  g_test_add_func ("/cadence/rules/lawful-moment", test_lawful_moment);
  g_test_add_func ("/cadence/rules/lawful-moment-caps-and-closed-days", test_lawful_moment_caps_and_closed_days);
  g_test_add_func ("/cadence/rules/cadence-check", test_cadence_check);

  return g_test_run ();
}
