/* cbz-planner-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-planner.h"

G_BEGIN_DECLS

#define CBZ_EPISODE_SIZE 24

/* A step reached for one anchor: what the planner decides about. */
typedef struct
{
  guint          step;            /* 1-based */
  guint          repeat;
  char           episode[CBZ_EPISODE_SIZE];
  gboolean       after_due;
  CbzDate        due_on;          /* the anchor's due date */
  CbzDate        nominal_date;
  GArray        *invoice_ids;     /* of gint64 */
  CbzPlanReason  skip;            /* PAID or DISPUTED: reported, never sent */
  char          *skip_detail;
  GArray        *superseded;      /* of guint pairs (step, repeat) reached earlier and passed over */
} CbzPlanCandidate;

/* One customer planned at one instant. */
typedef struct
{
  CbzPlanner            *planner;
  const CbzPlanCustomer *customer;
  const CbzCadence      *cadence;
  const char            *cadence_key;
  const CbzContactRules *rules;
  GTimeZone             *zone;
  const char            *zone_id;
  gint64                 now;
  CbzDate                today;
  const GArray          *extra_records;   /* of CbzPlanRecord: a simulation's own, or NULL */
  const GArray          *extra_contacts;  /* of CbzContactRecord: a simulation's own, or NULL */
  GArray                *contacts;        /* every contact to count, owned when extras exist */
  gboolean               with_text;
  gint64                 next_check;
} CbzPlanRun;

/* Records of the run's cadence and @episode: the highest step number done or
 * skipped (0 for none), the highest repeat passed of that step, and the
 * latest instant a step was done (0 for none). */
void      _cbz_planner_scan_records     (const CbzPlanRun *run,
                                         const char       *episode,
                                         guint            *last_passed,
                                         guint            *last_repeat,
                                         gint64           *last_done_at);
gboolean  _cbz_planner_is_approved      (const CbzPlanRun *run,
                                         const char       *episode,
                                         guint             step,
                                         guint             repeat);
/* Whether a step of the run's cadence was done on the run's local day. */
gboolean  _cbz_planner_done_today       (const CbzPlanRun *run);
/* The steps reached at the run's instant (CbzPlanCandidate, owned by the
 * array), the overdue episode's first; also lowers run->next_check to the
 * next step's day. */
GPtrArray *_cbz_planner_find_candidates (CbzPlanRun       *run);
/* Lowers run->next_check to @instant. */
void      _cbz_planner_wake_at          (CbzPlanRun       *run,
                                         gint64            instant);

/* Plans @customer with @cadence at @now, counting @extra_records and
 * @extra_contacts as the customer's own (a simulation's). */
GPtrArray *_cbz_planner_run             (CbzPlanner            *planner,
                                         const CbzPlanCustomer *customer,
                                         const CbzCadence      *cadence,
                                         gint64                 now,
                                         const GArray          *extra_records,
                                         const GArray          *extra_contacts,
                                         gboolean               with_text,
                                         gint64                *next_check);
/* The cadence for @customer (the assignment's choice, if the planner has
 * it, else the default). (transfer none) */
CbzCadence *_cbz_planner_cadence_for    (CbzPlanner            *planner,
                                         const CbzPlanCustomer *customer,
                                         CbzDate                today);

G_END_DECLS
