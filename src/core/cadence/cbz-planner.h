/* cbz-planner.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-cadence.h"
#include "cbz-cadence-assignment.h"
#include "cbz-contact-rules.h"
#include "cbz-plan-action.h"
#include "cbz-plan-customer.h"

G_BEGIN_DECLS

/*
 * The planner: a PURE function of a snapshot (the cadences, the rules, each
 * customer's CbzPlanCustomer) and an instant. It writes nothing; the caller
 * hands DUE actions to the outbox (keyed by the action's key), records each
 * decision as a CbzPlanRecord, and plans again. Planning twice with nothing
 * recorded in between gives the same actions and keys.
 *
 * For each customer, with the cadence that applies (by hand, by rule, or the
 * default: cbz-cadence-assignment.h):
 *
 * Anchors. Steps at or before the due date (offset <= 0) follow each
 * upcoming invoice: invoices due the same day share one message. Steps
 * after it follow the customer's oldest overdue, undisputed invoice: ONE
 * consolidated action lists every overdue, undisputed invoice. When the
 * oldest is paid the anchor moves to the next; a step done in the episode
 * is never repeated and the next one waits until the new anchor reaches its
 * offset, so escalation passes every step in order. The episode ends when
 * the overdue, undisputed balance is zero. At most one message per
 * customer and day: other steps reached that day are combined into it.
 *
 * Catch-up. After days without planning, a customer gets ONE action, the
 * latest step reached; the earlier ones are skipped "superseded by step N".
 * The last step's repeats (every N days, at most M) catch up the same way.
 *
 * Stops and resumes. Paid: the episode ends. An open promise to pay or an
 * agreement on track holds the cadence; a broken promise or a missed
 * instalment resumes it (the action carries a note for the timeline).
 * Disputed invoices leave the anchor and the listing. A reply, a contact
 * recorded by hand, or a payment after the previous step meets a step's
 * "unless replied" condition; every contact counts for frequency caps.
 *
 * Law and time. Times are the customer's local time in their IANA zone. The
 * rules are the law of the customer's country merged with the business
 * policy (the strictest wins). An action outside what is allowed is
 * DEFERRED to the next lawful moment (HELD when a frequency cap stops it),
 * never dropped and never early. A step needing approval (the default) is
 * HELD "waiting for approval" until a record says APPROVED. A channel the
 * customer cannot be reached by, or opted out of, falls back to the step's
 * fallback channels in order, or the step is SKIPPED.
 *
 * What the caller records, so the next plan knows (CbzPlanRecord, keyed by
 * the action's key): DONE when a DUE action is handed to the outbox, the
 * letters or the agenda; SKIPPED for each SKIPPED action (otherwise it is
 * reported again, harmlessly, on every plan); APPROVED when a person
 * approves a HELD "waiting for approval" action. Messages and calls that go
 * out are also contacts on the timeline (CbzContactRecord): frequency caps
 * count them.
 *
 * Thread-safe once set up: configure the planner, then plan from any thread.
 */
typedef struct _CbzPlanner CbzPlanner;

#define CBZ_TYPE_PLANNER (cbz_planner_get_type ())
GType            cbz_planner_get_type             (void) G_GNUC_CONST;

CbzPlanner      *cbz_planner_new                  (void);
CbzPlanner      *cbz_planner_ref                  (CbzPlanner            *planner);
void             cbz_planner_unref                (CbzPlanner            *planner);

/* Makes @cadence available under cbz_cadence_get_key() (replacing one with
 * the same key). The first one added is the default until an assignment
 * says otherwise. */
void             cbz_planner_add_cadence          (CbzPlanner            *planner,
                                                   CbzCadence            *cadence);
/* (transfer none) */
CbzCadence      *cbz_planner_get_cadence          (CbzPlanner            *planner,
                                                   const char            *cadence_id);
void             cbz_planner_set_assignment       (CbzPlanner            *planner,
                                                   CbzCadenceAssignment  *assignment);
/* The business's own, stricter rules, merged with every country's law. */
void             cbz_planner_set_policy           (CbzPlanner            *planner,
                                                   CbzContactRules       *policy);
/* Replaces the law preset used for @country. */
void             cbz_planner_set_law              (CbzPlanner            *planner,
                                                   const char            *country,
                                                   CbzContactRules       *law);
/* For customers without a country. "MX" unless set. */
void             cbz_planner_set_default_country  (CbzPlanner            *planner,
                                                   const char            *country);

/* The merged rules for @country (NULL: the default country). (transfer none) */
const CbzContactRules *cbz_planner_get_rules      (CbzPlanner            *planner,
                                                   const char            *country);
/* The customer's zone: theirs if the system knows it, else derived from
 * country and region. (transfer none) */
GTimeZone       *cbz_planner_get_zone             (CbzPlanner            *planner,
                                                   const CbzPlanCustomer *customer,
                                                   const char           **zone_id);
/* The cadence that applies to @customer and why. */
CbzAssignmentResult *cbz_planner_assign           (CbzPlanner            *planner,
                                                   const CbzPlanCustomer *customer,
                                                   CbzDate                today);

/*
 * What is to be done for @customer at @now: DUE actions to send, and what
 * is deferred, held or skipped, with reasons (transfer full: a new array of
 * CbzPlanAction). @next_check (optional): the earliest later instant at
 * which the plan could change with no new input (a deferral ends, a step's
 * day comes); G_MAXINT64 when nothing is ahead.
 */
GPtrArray       *cbz_planner_plan_customer        (CbzPlanner            *planner,
                                                   const CbzPlanCustomer *customer,
                                                   gint64                 now,
                                                   gint64                *next_check);
/* The same for each customer of @customers (CbzPlanCustomer), in order. */
GPtrArray       *cbz_planner_plan                 (CbzPlanner            *planner,
                                                   GPtrArray             *customers,
                                                   gint64                 now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzPlanner, cbz_planner_unref)

G_END_DECLS
