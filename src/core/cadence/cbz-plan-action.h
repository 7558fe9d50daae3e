/* cbz-plan-action.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cbz-cadence-channel.h"
#include "cbz-date.h"

G_BEGIN_DECLS

/*
 * One thing the planner says about a customer and a cadence step.
 *
 * - DUE: send now (the instant is the planning instant).
 * - DEFERRED: not now; @at is the next lawful moment, @reason why it moved
 *   (outside hours or the step's window, a weekday, a holiday, a closed day,
 *   one message per customer and day, or simply later today).
 * - HELD: waiting for something: an open promise to pay, an agreement on
 *   track, a person's approval, a frequency cap (@at: when the cap allows
 *   it), or a step that can never be lawful. Never dropped.
 * - SKIPPED: decided not to, for good: superseded by a later step (catch-up
 *   after days closed), combined into another message the same day, paid,
 *   disputed, a condition not met, opted out with no fallback.
 *
 * Every status but DUE has a reason: a code with a stable string form and a
 * translated sentence.
 *
 * @key is the idempotency key: customer, cadence, step, episode and repeat,
 * "<customer>:<cadence>:<step>:<episode>:<repeat>" (":" and "%" in the
 * cadence key are written %3A and %25). Planning twice gives the same keys;
 * the outbox refuses a key it already has.
 *
 * The episode: for steps at or before the due date, "due-YYYY-MM-DD" (the
 * invoices due that day); for steps after it, "YYYY-MM-DD", the first day of
 * the customer's current run of overdue balance (it ends when the overdue,
 * undisputed balance reaches zero).
 */
typedef enum
{
  CBZ_PLAN_STATUS_DUE,
  CBZ_PLAN_STATUS_DEFERRED,
  CBZ_PLAN_STATUS_SKIPPED,
  CBZ_PLAN_STATUS_HELD,
} CbzPlanStatus;

typedef enum
{
  CBZ_PLAN_REASON_NONE,
  /* deferred */
  CBZ_PLAN_REASON_OUTSIDE_HOURS,
  CBZ_PLAN_REASON_OUTSIDE_WINDOW,
  CBZ_PLAN_REASON_DAY_NOT_ALLOWED,
  CBZ_PLAN_REASON_STEP_WEEKDAY,
  CBZ_PLAN_REASON_HOLIDAY,
  CBZ_PLAN_REASON_CLOSED_DAY,
  CBZ_PLAN_REASON_ONE_PER_DAY,
  CBZ_PLAN_REASON_LATER_TODAY,
  /* held */
  CBZ_PLAN_REASON_FREQUENCY_CAP,
  CBZ_PLAN_REASON_PROMISE_OPEN,
  CBZ_PLAN_REASON_AGREEMENT_ON_TRACK,
  CBZ_PLAN_REASON_WAITING_APPROVAL,
  CBZ_PLAN_REASON_NO_LAWFUL_MOMENT,
  /* skipped */
  CBZ_PLAN_REASON_SUPERSEDED,
  CBZ_PLAN_REASON_COMBINED,
  CBZ_PLAN_REASON_PAID,
  CBZ_PLAN_REASON_DISPUTED,
  CBZ_PLAN_REASON_BELOW_MINIMUM,
  CBZ_PLAN_REASON_REPLIED,
  CBZ_PLAN_REASON_PAID_SINCE,
  CBZ_PLAN_REASON_OPTED_OUT,
  CBZ_PLAN_REASON_NO_CONTACT_DETAILS,
} CbzPlanReason;

/* Something the timeline should say once when the action goes out. */
typedef enum
{
  CBZ_PLAN_NOTE_NONE,
  CBZ_PLAN_NOTE_RESUMED_PROMISE_BROKEN,     /* @note_date: the day it broke */
  CBZ_PLAN_NOTE_RESUMED_INSTALMENT_MISSED,  /* @note_date: the instalment's due date */
} CbzPlanNote;

/*
 * A plain reference-counted struct. The strings marked "interned" come from
 * g_intern_string() (a handful of distinct values, kept for the life of the
 * process): never free them; set them with g_intern_string() too.
 */
typedef struct
{
  gint64             customer_id;
  char              *tax_id;
  const char        *cadence_id;      /* interned: cbz_cadence_get_key() */
  const char        *cadence_name;    /* interned */
  guint              step;            /* 1-based */
  guint              repeat;          /* 0: the first send; 1.. the repeats of the last step */
  char              *episode;
  CbzCadenceChannel  channel;         /* after fallback */
  CbzCadenceChannel  step_channel;    /* as the step says */
  const char        *template_name;   /* interned; NULL for letters */
  int                letter_level;    /* letters: 1..3 */
  GArray            *invoice_ids;     /* of gint64: what the message is about, the anchor first */
  CbzDate            nominal_date;    /* the local day the step falls on */
  gint64             nominal_at;      /* when it was meant to go, µs UTC */
  gint64             at;              /* when it goes (DUE: now), µs UTC */
  const char        *zone;            /* interned: the customer's IANA zone */
  CbzPlanStatus      status;
  CbzPlanReason      reason;
  char              *reason_detail;   /* holiday or cap id, a date, a channel... or NULL */
  char              *reason_text;     /* translated sentence; NULL for DUE */
  guint              superseded_by;   /* SUPERSEDED, COMBINED: the step that goes instead */
  gboolean           automatic;       /* FALSE: the step needs a person's approval */
  CbzPlanNote        note;
  CbzDate            note_date;
  char              *key;
} CbzPlanAction;

#define CBZ_TYPE_PLAN_ACTION (cbz_plan_action_get_type ())
GType           cbz_plan_action_get_type          (void) G_GNUC_CONST;

CbzPlanAction  *cbz_plan_action_new               (void);
CbzPlanAction  *cbz_plan_action_ref               (CbzPlanAction       *action);
void            cbz_plan_action_unref             (CbzPlanAction       *action);
CbzPlanAction  *cbz_plan_action_copy              (const CbzPlanAction *action);

/* "due", "deferred", "skipped", "held". */
const char     *cbz_plan_status_to_string         (CbzPlanStatus        status);
gboolean        cbz_plan_status_from_string       (const char          *text,
                                                   CbzPlanStatus       *status);
/* Translated: "Due", "Deferred", "Skipped", "Held". */
const char     *cbz_plan_status_get_label         (CbzPlanStatus        status);
/* "outside-hours", "holiday", "frequency-cap", "waiting-approval",
 * "superseded", "opted-out"...; NULL for NONE. */
const char     *cbz_plan_reason_to_string         (CbzPlanReason        reason);
gboolean        cbz_plan_reason_from_string       (const char          *text,
                                                   CbzPlanReason       *reason);
/* "resumed-promise-broken", "resumed-instalment-missed"; NULL for NONE. */
const char     *cbz_plan_note_to_string           (CbzPlanNote          note);

/* The idempotency key (see above). (transfer full) */
char           *cbz_plan_make_key                 (gint64               customer_id,
                                                   const char          *cadence_id,
                                                   guint                step,
                                                   const char          *episode,
                                                   guint                repeat);

/* @at in ISO 8601 with the customer's UTC offset at that instant:
 * "2027-03-17T09:00:00-06:00". (transfer full) */
char           *cbz_plan_action_format_at         (const CbzPlanAction *action);
/*
 * The action as one JSON object (what `cobranza-cli run-due --json` and
 * `plan --json` print, one per line): customer_id, tax_id, cadence
 * (the name), cadence_id, step, repeat, episode, channel, step_channel,
 * template or letter_level, invoices, nominal_date, at, status, reason (the
 * sentence, absent for due), reason_code, automatic, note, key.
 * (transfer full)
 */
JsonNode       *cbz_plan_action_to_json_node      (const CbzPlanAction *action);
/* The same on one line, without a trailing newline. (transfer full) */
char           *cbz_plan_action_to_json           (const CbzPlanAction *action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzPlanAction, cbz_plan_action_unref)

G_END_DECLS
