/* cbz-cadence.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-cadence-step.h"

G_BEGIN_DECLS

/*
 * A reminder cadence: a name and an ordered list of steps ("SMS three days
 * before the due date, WhatsApp on the day, an email a week later, a letter
 * at +15, a call at +30"). Steps are kept in order of their offset (steps
 * with the same offset keep the order they were added in); a step's
 * NUMBER is its 1-based position in that order, and is what the planner,
 * the outbox key and every message name.
 *
 * A reference-counted plain struct: read the fields directly; change the
 * steps through the functions below so they stay in order.
 *
 * - @id: a stable key for the cadence (built-ins: "gentle", "standard",
 *   "firm"; the store may use its row id). It is part of every idempotency
 *   key, so renaming a cadence does not resend its steps. NULL: the name is
 *   used instead.
 * - @name: what people see ("Estándar").
 * - @language: "es", "en"... the language of the name and description.
 */
typedef struct
{
  char      *id;
  char      *name;
  char      *language;
  char      *description;
  GPtrArray *steps;        /* of CbzCadenceStep */
} CbzCadence;

#define CBZ_CADENCE_ERROR (cbz_cadence_error_quark ())

typedef enum
{
  CBZ_CADENCE_ERROR_SYNTAX,     /* not JSON at all */
  CBZ_CADENCE_ERROR_STRUCTURE,  /* a key missing or of the wrong type; no steps */
  CBZ_CADENCE_ERROR_CHANNEL,    /* an unknown channel, or a fallback that cannot be */
  CBZ_CADENCE_ERROR_TIME,       /* a window time that is not HH:MM, or ends before it starts */
  CBZ_CADENCE_ERROR_WEEKDAY,    /* an unknown weekday, or none */
  CBZ_CADENCE_ERROR_OFFSET,     /* an offset outside -60..365 */
  CBZ_CADENCE_ERROR_VALUE,      /* a letter level, amount, repeat... out of range */
  CBZ_CADENCE_ERROR_NOT_FOUND,  /* no such built-in cadence */
} CbzCadenceError;

GQuark           cbz_cadence_error_quark      (void);

#define CBZ_TYPE_CADENCE (cbz_cadence_get_type ())
GType            cbz_cadence_get_type         (void) G_GNUC_CONST;

CbzCadence      *cbz_cadence_new              (const char          *name);
CbzCadence      *cbz_cadence_ref              (CbzCadence          *cadence);
void             cbz_cadence_unref            (CbzCadence          *cadence);
/* A deep copy (for the editor's undo). */
CbzCadence      *cbz_cadence_copy             (const CbzCadence    *cadence);
gboolean         cbz_cadence_equal            (const CbzCadence    *a,
                                               const CbzCadence    *b);

/* The key used in idempotency keys: @id, or @name when there is no id. */
const char      *cbz_cadence_get_key          (const CbzCadence    *cadence);
guint            cbz_cadence_get_n_steps      (const CbzCadence    *cadence);
/* @number is 1-based. (transfer none) */
CbzCadenceStep  *cbz_cadence_get_step         (const CbzCadence    *cadence,
                                               guint                number);
/* Inserts @step (taking it) after the steps with an offset lower or equal to
 * its own; returns its number. */
guint            cbz_cadence_add_step         (CbzCadence          *cadence,
                                               CbzCadenceStep      *step);
/* Removes step @number and returns it (transfer full). */
CbzCadenceStep  *cbz_cadence_take_step        (CbzCadence          *cadence,
                                               guint                number);
/* Changes the offset of step @number and moves it into place (what a drag
 * in the editor does); returns its new number. */
guint            cbz_cadence_move_step        (CbzCadence          *cadence,
                                               guint                number,
                                               int                  offset_days);
/* Puts the steps back in order of offset (stable) after their fields were
 * changed directly; TRUE if any moved. */
gboolean         cbz_cadence_sort_steps       (CbzCadence          *cadence);
/* The number of the last step (the one that may repeat); 0 when empty. */
guint            cbz_cadence_get_last_number  (const CbzCadence    *cadence);

/*
 * Checks the whole cadence: a name, at least one step, every step valid
 * (cbz_cadence_step_validate()), and a repeat only on the last step.
 */
gboolean         cbz_cadence_validate         (const CbzCadence    *cadence,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCadence, cbz_cadence_unref)

G_END_DECLS
