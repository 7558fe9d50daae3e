/* cbz-cadence-step.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-cadence-channel.h"
#include "cbz-day-time.h"
#include "cbz-money.h"

G_BEGIN_DECLS

#define CBZ_CADENCE_MIN_OFFSET (-60)
#define CBZ_CADENCE_MAX_OFFSET 365
#define CBZ_CADENCE_MAX_LETTER_LEVEL 3
#define CBZ_CADENCE_MAX_REPEAT_EVERY 365
#define CBZ_CADENCE_MAX_REPEATS 52

/* The template a message step uses when it names none. */
#define CBZ_CADENCE_DEFAULT_TEMPLATE "reminder"

/*
 * One step of a cadence: what to send, when, and under which conditions.
 * A plain struct: read and fill the fields directly; strings and arrays are
 * owned by the step (freed by cbz_cadence_step_free()).
 *
 * - @offset_days: days from the due date, -60 .. +365. Steps at or before
 *   0 follow each upcoming invoice; steps after it follow the customer's
 *   oldest overdue, undisputed invoice (see cbz-planner.h).
 * - @template_name: the message template (SMS, WhatsApp, email and their
 *   by-hand links); NULL means CBZ_CADENCE_DEFAULT_TEMPLATE. Also allowed on
 *   calls (a call script); never on letters.
 * - @letter_level: 1..3 for letters, 0 for every other channel.
 * - @has_window/@window: the local send window; without one the step uses
 *   the contact hours the law (and the business policy) allow.
 * - @weekdays: the local weekdays the step may go out on; 0 means every day
 *   the law allows.
 * - @min_overdue: thresholds (CbzMoney, one per currency); the step only
 *   goes when the customer's overdue, undisputed balance in one of those
 *   currencies reaches its threshold. A customer owing only in currencies
 *   without a threshold meets the condition. NULL or empty: no minimum.
 * - @unless_replied: skip the step when the customer replied, was reached
 *   by hand, or paid since the previous step of this episode.
 * - @repeat_every_days/@repeat_max: the last step may repeat every N days,
 *   at most M more times after its first send (0: no repeat).
 * - @fallback: channels tried in order when the customer has no detail for
 *   @channel or opted out of it.
 * - @automatic: TRUE to go without a person's approval (FALSE, the default,
 *   holds it "waiting for approval").
 */
typedef struct
{
  int                offset_days;
  CbzCadenceChannel  channel;
  char              *template_name;
  int                letter_level;
  gboolean           has_window;
  CbzTimeWindow      window;
  CbzWeekdays        weekdays;
  GArray            *min_overdue;       /* of CbzMoney, nullable */
  gboolean           unless_replied;
  guint              repeat_every_days;
  guint              repeat_max;
  CbzCadenceChannel  fallback[CBZ_CADENCE_N_CHANNELS];
  guint              n_fallback;
  gboolean           automatic;
} CbzCadenceStep;

#define CBZ_TYPE_CADENCE_STEP (cbz_cadence_step_get_type ())
GType            cbz_cadence_step_get_type          (void) G_GNUC_CONST;

/* A step with the defaults: no window, the law's days, no conditions, no
 * repeat, no fallback, approval needed; letter level 1 for a letter. */
CbzCadenceStep  *cbz_cadence_step_new               (int                     offset_days,
                                                     CbzCadenceChannel       channel);
CbzCadenceStep  *cbz_cadence_step_copy              (const CbzCadenceStep   *step);
void             cbz_cadence_step_free              (CbzCadenceStep         *step);
gboolean         cbz_cadence_step_equal             (const CbzCadenceStep   *a,
                                                     const CbzCadenceStep   *b);

/* The template to use: @template_name or the default. NULL for letters. */
const char      *cbz_cadence_step_get_template      (const CbzCadenceStep   *step);
/* Sets (or replaces, for its currency) a minimum overdue balance. */
void             cbz_cadence_step_set_min_overdue   (CbzCadenceStep         *step,
                                                     CbzMoney                minimum);
/* The minimum for @currency; FALSE when the step sets none for it. */
gboolean         cbz_cadence_step_get_min_overdue   (const CbzCadenceStep   *step,
                                                     const char             *currency,
                                                     CbzMoney               *minimum);
gboolean         cbz_cadence_step_has_min_overdue   (const CbzCadenceStep   *step);
/* Appends a fallback channel; FALSE (nothing changed) when it is the step's
 * own channel or already listed. */
gboolean         cbz_cadence_step_add_fallback      (CbzCadenceStep         *step,
                                                     CbzCadenceChannel       channel);
gboolean         cbz_cadence_step_is_after_due      (const CbzCadenceStep   *step);

/*
 * Checks one step on its own: offset range, letter level, window, repeat,
 * fallbacks. @number is the step's 1-based number, named in the error
 * ("Step 2: ..."). CBZ_CADENCE_ERROR_OFFSET, _TIME, _CHANNEL or _VALUE.
 */
gboolean         cbz_cadence_step_validate          (const CbzCadenceStep   *step,
                                                     guint                   number,
                                                     GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCadenceStep, cbz_cadence_step_free)

G_END_DECLS
