/* cbz-contact-rules.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-cadence-channel.h"
#include "cbz-date.h"
#include "cbz-day-time.h"
#include "cbz-event.h"

G_BEGIN_DECLS

/*
 * When a customer may be contacted: the contact hours of each local weekday,
 * the national holidays to avoid, days the business keeps closed, and
 * frequency caps. The law of each country is a preset
 * (cbz_contact_rules_new_for_country(), from the reference
 * contact-rules.md); the business may add a stricter policy of its own, and
 * cbz_contact_rules_merge() keeps the strictest of both. Not legal advice.
 *
 * Presets (times in the customer's local time):
 * MX  07:00-22:00 every day, holidays allowed; no fixed cap.
 * CL  08:00-20:00 Monday to Saturday, not on holidays; calls and visits at
 *     most 1 in 7 days; SMS, WhatsApp, email and letters at most 2 in 7 days
 *     and at least 2 days apart (Ley 19.496 art. 37, Ley 21.320).
 * CO  Monday-Friday 07:00-19:00, Saturday 08:00-15:00, never Sundays or
 *     holidays; at most 1 contact a day, and one channel only in 7 days (Ley
 *     2300 de 2023).
 * PE  07:00-20:00 Monday to Friday, not on holidays (Ley 29571 art. 62).
 * EC  07:00-20:00 Monday to Friday, not on holidays; at most 1 contact a day.
 * AR  09:00-20:00 Monday to Friday, not on holidays (no legal hours found:
 *     a prudent default; Ley 24.240 art. 8 bis asks for dignified treatment).
 * US  08:00-21:00 every day; calls at most 7 in 7 days, and none in the 7
 *     days that start with a conversation (Regulation F, 12 CFR 1006.14,
 *     which counts per debt: counted per customer here, which is stricter).
 * Any other country: 09:00-19:00 Monday to Friday, no caps (a cautious
 * default until its law is added).
 */

/* One contact on the customer's timeline, as rules and the planner see it. */
typedef enum
{
  CBZ_CONTACT_KIND_REMINDER,  /* a message or letter sent to the customer */
  CBZ_CONTACT_KIND_REPLY,     /* the customer wrote back */
  CBZ_CONTACT_KIND_CALL,      /* a call, either way */
  CBZ_CONTACT_KIND_MANUAL,    /* a contact a person recorded by hand (a visit, a chat) */
} CbzContactKind;

typedef struct
{
  gint64             at;            /* µs since the epoch, UTC */
  CbzEventChannel    channel;
  CbzEventDirection  direction;
  CbzContactKind     kind;
  gboolean           conversation;  /* a call or visit that reached the person */
} CbzContactRecord;

/*
 * A limit on how often a customer is contacted, counted on the customer's
 * local calendar days over every contact on the channels it counts (every
 * direction: a reply or a contact recorded by hand counts too). Each limit
 * set (non-zero) applies:
 * - @max_count contacts in any @window_days consecutive days;
 * - at least @min_gap_days days between two contacts (Monday then Wednesday
 *   is 2 days apart);
 * - at most @max_channels different channels in any @window_days days;
 * - no contact in the @quiet_days_after_conversation days that start with
 *   the day of a conversation.
 */
typedef struct
{
  char              *id;       /* stable: "cl-calls", "co-daily", or the business's own */
  char              *label;    /* for a person: "calls and visits: at most 1 a week (Chile)" */
  CbzEventChannels   channels;
  guint              max_count;
  guint              window_days;
  guint              min_gap_days;
  guint              max_channels;
  guint              quiet_days_after_conversation;
} CbzFrequencyCap;

/* Every channel a contact can be counted under. */
#define CBZ_EVENT_CHANNELS_ALL (CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_SMS) | \
                                CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_WHATSAPP) | \
                                CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_EMAIL) | \
                                CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_LETTER) | \
                                CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_PHONE) | \
                                CBZ_EVENT_CHANNEL_BIT (CBZ_EVENT_CHANNEL_IN_PERSON))

/* Copies the strings into @dest. */
void      cbz_frequency_cap_copy_into   (CbzFrequencyCap          *dest,
                                         const CbzFrequencyCap    *src);
/* Frees the strings (for a cap inside an array). */
void      cbz_frequency_cap_clear       (CbzFrequencyCap          *cap);
gboolean  cbz_frequency_cap_counts      (const CbzFrequencyCap    *cap,
                                         CbzEventChannel           channel);
/*
 * Whether one more contact on @channel on the local @day keeps every limit
 * of @cap, given the customer's @contacts (any order). @zone turns their
 * instants into local days.
 */
gboolean  cbz_frequency_cap_allows      (const CbzFrequencyCap    *cap,
                                         GTimeZone                *zone,
                                         CbzDate                   day,
                                         CbzEventChannel           channel,
                                         const CbzContactRecord   *contacts,
                                         gsize                     n_contacts);

typedef struct
{
  char          *country;          /* ISO 3166-1 alpha-2 whose holidays apply, or NULL */
  char          *label;            /* "Chile", "Business policy" */
  CbzTimeWindow  hours[7];         /* per weekday, [0] = Monday; empty: no contact that day */
  gboolean       avoid_holidays;   /* no contact on @country's national holidays */
  GArray        *closed_dates;     /* of CbzDate: days the business makes no contact */
  GArray        *caps;             /* of CbzFrequencyCap */
} CbzContactRules;

#define CBZ_TYPE_CONTACT_RULES (cbz_contact_rules_get_type ())
GType            cbz_contact_rules_get_type          (void) G_GNUC_CONST;

/* Nothing restricted: every day 00:00-24:00, no caps. A base for a policy. */
CbzContactRules *cbz_contact_rules_new               (const char             *label);
/* The preset for @country (see above; any case). */
CbzContactRules *cbz_contact_rules_new_for_country   (const char             *country);
gboolean         cbz_contact_rules_has_preset        (const char             *country);
/* "AR", "CL", "CO", "EC", "MX", "PE", "US". */
const char * const *cbz_contact_rules_list_presets   (void);
CbzContactRules *cbz_contact_rules_ref               (CbzContactRules        *rules);
void             cbz_contact_rules_unref             (CbzContactRules        *rules);
CbzContactRules *cbz_contact_rules_copy              (const CbzContactRules  *rules);

/* Sets the hours of every weekday in @days (an empty window closes them). */
void             cbz_contact_rules_set_hours         (CbzContactRules        *rules,
                                                      CbzWeekdays             days,
                                                      CbzTimeWindow           hours);
/* The weekdays with contact hours. */
CbzWeekdays      cbz_contact_rules_get_days          (const CbzContactRules  *rules);
/* FALSE when @weekday has no contact hours. */
gboolean         cbz_contact_rules_get_hours         (const CbzContactRules  *rules,
                                                      int                     weekday,
                                                      CbzTimeWindow          *hours);
void             cbz_contact_rules_add_cap           (CbzContactRules        *rules,
                                                      const CbzFrequencyCap  *cap);
void             cbz_contact_rules_add_closed_date   (CbzContactRules        *rules,
                                                      CbzDate                 date);
gboolean         cbz_contact_rules_is_closed_date    (const CbzContactRules  *rules,
                                                      CbzDate                 date);
/*
 * The strictest of @law and @policy: the hours both allow on each weekday,
 * the holidays either avoids (of @law's country), every closed date and
 * every cap of both. @policy may be NULL (a copy of @law).
 */
CbzContactRules *cbz_contact_rules_merge             (const CbzContactRules  *law,
                                                      const CbzContactRules  *policy);

/* "Mon–Sat 08:00–20:00" style summary, one line per distinct set of hours,
 * joined by "; " (transfer full). */
char            *cbz_contact_rules_describe_hours    (const CbzContactRules  *rules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzContactRules, cbz_contact_rules_unref)

G_END_DECLS
