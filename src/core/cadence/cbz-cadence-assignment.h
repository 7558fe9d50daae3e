/* cbz-cadence-assignment.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-money.h"
#include "cbz-plan-customer.h"
#include "cbz-risk.h"

G_BEGIN_DECLS

/*
 * Which cadence applies to a customer, and why. In order:
 * 1. the cadence assigned by hand (the customer's @cadence_id);
 * 2. the first rule, in the order given, whose every condition holds;
 * 3. the portfolio's default cadence.
 *
 * A rule's conditions (each optional, all must hold):
 * - @tag: the customer has this tag;
 * - @min_overdue: the overdue, undisputed balance in that currency is at
 *   least this much;
 * - @min_days_late: the oldest overdue, undisputed invoice is at least this
 *   many days late;
 * - @min_risk: the customer's risk (cbz_risk_assess()) is at least this.
 */
typedef struct
{
  char          *cadence_id;
  char          *tag;             /* NULL: any */
  CbzMoney       min_overdue;     /* currency "": any */
  int            min_days_late;   /* 0: any */
  CbzRiskLevel   min_risk;        /* LOW: any */
} CbzCadenceRule;

typedef enum
{
  CBZ_ASSIGNMENT_BY_HAND,
  CBZ_ASSIGNMENT_BY_RULE,
  CBZ_ASSIGNMENT_DEFAULT,
} CbzAssignmentSource;

typedef struct
{
  char                *cadence_id;
  CbzAssignmentSource  source;
  guint                rule;       /* BY_RULE: 1-based number of the rule */
  char                *reason;     /* translated: "Assigned by hand", "Rule 2: tag “mayorista”" */
} CbzAssignmentResult;

typedef struct _CbzCadenceAssignment CbzCadenceAssignment;

#define CBZ_TYPE_CADENCE_ASSIGNMENT (cbz_cadence_assignment_get_type ())
#define CBZ_TYPE_ASSIGNMENT_RESULT (cbz_assignment_result_get_type ())
GType                 cbz_cadence_assignment_get_type    (void) G_GNUC_CONST;
GType                 cbz_assignment_result_get_type     (void) G_GNUC_CONST;

CbzCadenceAssignment *cbz_cadence_assignment_new         (const char                 *default_cadence_id);
CbzCadenceAssignment *cbz_cadence_assignment_ref         (CbzCadenceAssignment       *assignment);
void                  cbz_cadence_assignment_unref       (CbzCadenceAssignment       *assignment);

const char           *cbz_cadence_assignment_get_default (const CbzCadenceAssignment *assignment);
void                  cbz_cadence_assignment_set_default (CbzCadenceAssignment       *assignment,
                                                          const char                 *cadence_id);
/* Appends a copy of @rule; returns its 1-based number. */
guint                 cbz_cadence_assignment_add_rule    (CbzCadenceAssignment       *assignment,
                                                          const CbzCadenceRule       *rule);
guint                 cbz_cadence_assignment_get_n_rules (const CbzCadenceAssignment *assignment);
/* (transfer none) @number is 1-based. */
const CbzCadenceRule *cbz_cadence_assignment_get_rule    (const CbzCadenceAssignment *assignment,
                                                          guint                       number);
void                  cbz_cadence_assignment_remove_rule (CbzCadenceAssignment       *assignment,
                                                          guint                       number);
/* Whether any rule needs the risk (so callers know to compute it). */
gboolean              cbz_cadence_assignment_uses_risk   (const CbzCadenceAssignment *assignment);

/*
 * The cadence for @customer as of the local date @today. @risk may be
 * NULL; it is computed when a rule needs it.
 */
CbzAssignmentResult  *cbz_cadence_assignment_resolve     (const CbzCadenceAssignment *assignment,
                                                          const CbzPlanCustomer      *customer,
                                                          CbzDate                     today,
                                                          const CbzRiskAssessment    *risk);
/* "Rule 1: tag “vip”, overdue balance at least $5,000.00" (transfer full). */
char                 *cbz_cadence_rule_describe          (const CbzCadenceRule       *rule,
                                                          guint                       number);

CbzAssignmentResult  *cbz_assignment_result_copy         (const CbzAssignmentResult  *result);
void                  cbz_assignment_result_free         (CbzAssignmentResult        *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCadenceAssignment, cbz_cadence_assignment_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzAssignmentResult, cbz_assignment_result_free)

G_END_DECLS
