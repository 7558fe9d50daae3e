/* cbz-risk.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-plan-customer.h"

G_BEGIN_DECLS

/*
 * How likely a customer is to pay late, judged from their own history only
 * (no bureau data): how late they paid the invoices they paid, the promises
 * they broke in the last year, the invoices they dispute. Every assessment
 * comes with its reasons, for the customer page.
 *
 * Points: paying on average 30 days late or more: 2 (8 days or more: 1);
 * two broken promises in the last 365 days or more: 2 (one: 1); disputing
 * three invoices or more: 2 (one or two: 1). Low below 2 points, medium
 * below 4, high from 4.
 */
typedef enum
{
  CBZ_RISK_LOW,
  CBZ_RISK_MEDIUM,
  CBZ_RISK_HIGH,
} CbzRiskLevel;

typedef struct
{
  CbzRiskLevel  level;
  guint         points;
  int           average_days_late;  /* over paid invoices, rounded; -1 without any */
  guint         paid_invoices;
  guint         broken_promises;    /* broken in the 365 days up to the day assessed */
  guint         disputed_invoices;
  GPtrArray    *reasons;            /* of char *: translated sentences */
} CbzRiskAssessment;

#define CBZ_TYPE_RISK_ASSESSMENT (cbz_risk_assessment_get_type ())
GType              cbz_risk_assessment_get_type  (void) G_GNUC_CONST;

/* "low", "medium", "high". */
const char        *cbz_risk_level_to_string      (CbzRiskLevel              level);
gboolean           cbz_risk_level_from_string    (const char               *text,
                                                  CbzRiskLevel             *level);
/* Translated: "Low", "Medium", "High". */
const char        *cbz_risk_level_get_label      (CbzRiskLevel              level);

/* @today: the local date the history is judged at. */
CbzRiskAssessment *cbz_risk_assess               (const CbzPlanCustomer    *customer,
                                                  CbzDate                   today);
CbzRiskAssessment *cbz_risk_assessment_copy      (const CbzRiskAssessment  *assessment);
void               cbz_risk_assessment_free      (CbzRiskAssessment        *assessment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzRiskAssessment, cbz_risk_assessment_free)

G_END_DECLS
