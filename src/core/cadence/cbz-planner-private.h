/* cbz-planner-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-planner.h"

G_BEGIN_DECLS

#define CBZ_EPISODE_SIZE 24

/* An invoice as the planner looks at it: days since the epoch, no dates. */
typedef struct
{
  guint    index;      /* into the customer's invoices */
  gint64   id;
  gint32   due;
  gint32   paid;       /* the day the balance reached zero; G_MAXINT32 while open */
  gboolean open;       /* a balance is owed */
  gboolean disputed;
} CbzPlanInvoiceFact;

/* A stretch of days with an overdue balance: [start, end). */
typedef struct
{
  gint32 start;
  gint32 end;        /* G_MAXINT32 while still overdue */
  guint  index;      /* the invoice that ended it last (into the customer's invoices) */
} CbzPlanInterval;

/* A decision on a step of the facts' cadence, with its episode read once:
 * "due-YYYY-MM-DD" (before the due date) or "YYYY-MM-DD" (overdue). */
typedef struct
{
  gboolean        before_due;
  gint32          episode_day;
  guint           step;
  guint           repeat;
  gint64          at;
  CbzPlanOutcome  outcome;
} CbzPlanRecordFact;

/*
 * What the planner derives once from a customer's snapshot and keeps for
 * every plan of that customer (a simulation plans one customer many times):
 * the cadence, rules and zone that apply, the invoices in order of due
 * date, the stretches of overdue balance, and the contacts with their local
 * days. A simulation appends its own contacts here.
 */
typedef struct
{
  const CbzPlanCustomer *customer;
  const CbzCadence      *cadence;
  const char            *cadence_key;   /* interned */
  const char            *cadence_name;  /* interned */
  GPtrArray             *templates;     /* interned template of each step, [number - 1] */
  const CbzContactRules *rules;
  GTimeZone             *zone;
  const char            *zone_id;       /* interned */
  GArray                *invoices;      /* of CbzPlanInvoiceFact, by due date then id */
  GArray                *overdue;       /* of CbzPlanInterval, disputed invoices left out */
  GArray                *overdue_all;   /* of CbzPlanInterval, disputed invoices counted */
  GArray                *scratch;       /* of CbzPlanInterval, for computing the two above */
  GArray                *contacts;      /* of CbzContactRecord */
  GArray                *contact_days;  /* of gint32, the local day of each contact */
  GArray                *records;       /* of CbzPlanRecordFact, this cadence's only */
} CbzPlanFacts;

/* A step reached for one anchor: what the planner decides about. */
typedef struct
{
  guint          step;            /* 1-based */
  guint          repeat;
  char           episode[CBZ_EPISODE_SIZE];
  gint32         episode_day;     /* the episode's day, as in its name */
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
  const CbzPlanFacts    *facts;
  const CbzPlanCustomer *customer;
  const CbzCadence      *cadence;
  const char            *cadence_key;
  const CbzContactRules *rules;
  GTimeZone             *zone;
  gint64                 now;
  CbzDate                today;
  gint32                 today_days;
  gboolean               with_text;
  int                    done_today;      /* -1 until known */
  gint64                 next_check;
} CbzPlanRun;

/* Empty facts, to fill (and fill again, for another customer). */
CbzPlanFacts *_cbz_plan_facts_new           (void);
/* The facts of @customer planned with @cadence; FALSE (and nothing to plan)
 * when no cadence applies. */
gboolean      _cbz_plan_facts_fill          (CbzPlanFacts          *facts,
                                             CbzPlanner            *planner,
                                             const CbzPlanCustomer *customer,
                                             const CbzCadence      *cadence);
void          _cbz_plan_facts_free          (CbzPlanFacts          *facts);
/* Counts one more contact (a simulation's). */
void          _cbz_plan_facts_add_contact   (CbzPlanFacts          *facts,
                                             const CbzContactRecord *contact);
/* Counts one more decision on a step (a simulation's); FALSE when the
 * episode is not one the planner writes. */
gboolean      _cbz_plan_facts_add_record    (CbzPlanFacts          *facts,
                                             guint                  step,
                                             const char            *episode,
                                             guint                  repeat,
                                             gint64                 at,
                                             CbzPlanOutcome         outcome);
/* Reads an episode name into its kind and day; FALSE if it is not one. */
gboolean      _cbz_plan_parse_episode       (const char            *episode,
                                             gboolean              *before_due,
                                             gint32                *day);

/* Records of the run's cadence and the episode (@before_due, @day): the
 * highest step number done or skipped (0 for none), the highest repeat
 * passed of that step, and the latest instant a step was done (0 for
 * none). */
void      _cbz_planner_scan_records     (const CbzPlanRun *run,
                                         gboolean          before_due,
                                         gint32            day,
                                         guint            *last_passed,
                                         guint            *last_repeat,
                                         gint64           *last_done_at);
gboolean  _cbz_planner_is_approved      (const CbzPlanRun *run,
                                         gboolean          before_due,
                                         gint32            day,
                                         guint             step,
                                         guint             repeat);
/* Whether a step of the run's cadence was done on the run's local day. */
gboolean  _cbz_planner_done_today       (CbzPlanRun       *run);
/* The steps reached at the run's instant (CbzPlanCandidate, owned by the
 * array), the overdue episode's first; also lowers run->next_check to the
 * next step's moment. */
GPtrArray *_cbz_planner_find_candidates (CbzPlanRun       *run);
/* When @step is meant to go on @day (days since the epoch): the start of
 * its window within the rules' hours of that weekday, before any holiday,
 * cap or closed day moves it. */
gint64    _cbz_planner_step_start       (const CbzPlanRun     *run,
                                         const CbzCadenceStep *step,
                                         gint32                day);
/* Lowers run->next_check to @instant. */
void      _cbz_planner_wake_at          (CbzPlanRun       *run,
                                         gint64            instant);

/* Plans with @facts at @now. */
GPtrArray *_cbz_planner_run             (CbzPlanner            *planner,
                                         const CbzPlanFacts    *facts,
                                         gint64                 now,
                                         gboolean               with_text,
                                         gint64                *next_check);
/* The cadence for @customer (the assignment's choice, if the planner has
 * it, else the default). (transfer none) */
CbzCadence *_cbz_planner_cadence_for    (CbzPlanner            *planner,
                                         const CbzPlanCustomer *customer,
                                         CbzDate                today);
/* "YYYY-MM-DD" of a day number into @out (11 bytes). */
char       *_cbz_planner_format_day     (gint32                 days,
                                         char                  *out);

G_END_DECLS
