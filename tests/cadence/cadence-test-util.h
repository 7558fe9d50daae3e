/* cadence-test-util.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-cadence-json.h"
#include "cbz-planner.h"

G_BEGIN_DECLS

/* µs since the epoch of an ISO 8601 instant with an offset. */
gint64           ct_at             (const char       *iso);
/* A cadence from JSON, failing the test on an error. */
CbzCadence      *ct_cadence        (const char       *json);
/* A customer reachable by every channel. */
CbzPlanCustomer *ct_customer       (gint64            id,
                                    const char       *country,
                                    const char       *region);
/* An invoice due on @due ("YYYY-MM-DD") with @balance minor units of MXN
 * (or @currency); @paid_on NULL while open. */
void             ct_invoice        (CbzPlanCustomer  *customer,
                                    gint64            id,
                                    const char       *due,
                                    gint64            balance,
                                    const char       *currency,
                                    gboolean          disputed,
                                    const char       *paid_on);
/* A decision on a step, made at @at. */
void             ct_record         (CbzPlanCustomer  *customer,
                                    const char       *cadence_id,
                                    guint             step,
                                    const char       *episode,
                                    guint             repeat,
                                    const char       *at,
                                    CbzPlanOutcome    outcome);
void             ct_contact        (CbzPlanCustomer  *customer,
                                    const char       *at,
                                    CbzEventChannel   channel,
                                    CbzEventDirection direction,
                                    CbzContactKind    kind);
/* "2:due:whatsapp 1:skipped:superseded:sms", actions in order;
 * repeats as "5.1". */
char            *ct_summary        (GPtrArray        *actions);
/* The first action with @status, or NULL. */
CbzPlanAction   *ct_find           (GPtrArray        *actions,
                                    CbzPlanStatus     status);
/* The action's instant in its zone, ISO 8601. */
char            *ct_local          (const CbzPlanAction *action);

G_END_DECLS
