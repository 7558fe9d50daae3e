/* cbz-plan-action-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-plan-action.h"

G_BEGIN_DECLS

/* Sets @status, @reason, @detail and the sentence: @text (taken) or, when
 * NULL, the standard one for @reason built from the action's fields and
 * @detail. With @with_text FALSE no sentence is made (forecasts). */
void _cbz_plan_action_set_reason (CbzPlanAction *action,
                                  CbzPlanStatus  status,
                                  CbzPlanReason  reason,
                                  const char    *detail,
                                  char          *text,
                                  gboolean       with_text);

G_END_DECLS
