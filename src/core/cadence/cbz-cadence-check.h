/* cbz-cadence-check.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-cadence.h"
#include "cbz-contact-rules.h"

G_BEGIN_DECLS

/*
 * What the editor warns about inline, for a country (or the merged rules of
 * a country and the business policy): a step that can never go out lawfully
 * there, and steps that fall closer together than a frequency cap allows
 * (their offsets taken as days, repeats of the last step included).
 */
typedef enum
{
  CBZ_CADENCE_PROBLEM_NEVER_LAWFUL,   /* the step's window or weekdays never meet the rules */
  CBZ_CADENCE_PROBLEM_FREQUENCY_CAP,  /* the step comes too soon after earlier ones */
} CbzCadenceProblemKind;

typedef struct
{
  guint                  step;     /* 1-based */
  CbzCadenceProblemKind  kind;
  char                  *cap_id;   /* FREQUENCY_CAP: which cap */
  char                  *message;  /* translated, names the step and the rule */
} CbzCadenceProblem;

#define CBZ_TYPE_CADENCE_PROBLEM (cbz_cadence_problem_get_type ())
GType              cbz_cadence_problem_get_type (void) G_GNUC_CONST;
CbzCadenceProblem *cbz_cadence_problem_copy     (const CbzCadenceProblem *problem);
void               cbz_cadence_problem_free     (CbzCadenceProblem       *problem);

/* The problems of @cadence under @rules, in step order (transfer full: an
 * array of CbzCadenceProblem, empty when there are none). */
GPtrArray         *cbz_cadence_check_rules      (const CbzCadence        *cadence,
                                                 const CbzContactRules   *rules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCadenceProblem, cbz_cadence_problem_free)

G_END_DECLS
