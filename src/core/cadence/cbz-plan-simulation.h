/* cbz-plan-simulation.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-planner.h"

G_BEGIN_DECLS

/*
 * The planner run forward over a period, as if every action went out when
 * due and nothing else happened (no payments, no replies): what a customer
 * would get, and what the portfolio would send each day and cost.
 *
 * Steps that need approval are taken as approved (their actions keep
 * @automatic FALSE so a person sees which need it). Steps held by an open
 * promise or an agreement on track are listed once as HELD and the
 * simulation moves on to the next step.
 */

/*
 * What @customer would get from @from for @days local days: each action in
 * time order, DUE at the instant it goes, or DEFERRED when it moved from
 * its nominal instant (@nominal_at) with the first reason it moved; SKIPPED
 * and HELD ones as they come. (transfer full: CbzPlanAction)
 */
GPtrArray       *cbz_planner_simulate_customer   (CbzPlanner            *planner,
                                                  const CbzPlanCustomer *customer,
                                                  gint64                 from,
                                                  guint                  days);

/* Per-message prices, in one currency, for the forecast's cost. */
typedef struct _CbzPlanPrices CbzPlanPrices;

#define CBZ_TYPE_PLAN_PRICES (cbz_plan_prices_get_type ())
GType            cbz_plan_prices_get_type        (void) G_GNUC_CONST;

CbzPlanPrices   *cbz_plan_prices_new             (const char            *currency);
CbzPlanPrices   *cbz_plan_prices_ref             (CbzPlanPrices         *prices);
void             cbz_plan_prices_unref           (CbzPlanPrices         *prices);
const char      *cbz_plan_prices_get_currency    (const CbzPlanPrices   *prices);
/* The price of one message on @channel, in minor units of the prices'
 * currency; for SMS, of one part. Channels without a price cost nothing. */
void             cbz_plan_prices_set_price       (CbzPlanPrices         *prices,
                                                  CbzCadenceChannel      channel,
                                                  gint64                 minor);
gint64           cbz_plan_prices_get_price       (const CbzPlanPrices   *prices,
                                                  CbzCadenceChannel      channel);
/* How many SMS parts @template_name takes in @language (NULL: any
 * language), as the gateways' counter measures it on the rendered text.
 * One part when not set. */
void             cbz_plan_prices_set_sms_parts   (CbzPlanPrices         *prices,
                                                  const char            *template_name,
                                                  const char            *language,
                                                  guint                  parts);
guint            cbz_plan_prices_get_sms_parts   (const CbzPlanPrices   *prices,
                                                  const char            *template_name,
                                                  const char            *language);
/* What @action costs for a customer writing in @language. */
CbzMoney         cbz_plan_prices_cost            (const CbzPlanPrices   *prices,
                                                  const CbzPlanAction   *action,
                                                  const char            *language);

/* The portfolio's next days: actions per channel per day and their cost. */
typedef struct _CbzPlanForecast CbzPlanForecast;

#define CBZ_TYPE_PLAN_FORECAST (cbz_plan_forecast_get_type ())
GType            cbz_plan_forecast_get_type      (void) G_GNUC_CONST;

/*
 * Simulates every customer of @customers (CbzPlanCustomer) from @from for
 * @days days. Day 0 is each customer's local date of @from. @prices may be
 * NULL (no cost). Messages that would go out (DUE or DEFERRED) are counted
 * on the local day they go.
 */
CbzPlanForecast *cbz_planner_forecast            (CbzPlanner            *planner,
                                                  GPtrArray             *customers,
                                                  gint64                 from,
                                                  guint                  days,
                                                  CbzPlanPrices         *prices);
void             cbz_plan_forecast_free          (CbzPlanForecast       *forecast);
CbzPlanForecast *cbz_plan_forecast_copy          (const CbzPlanForecast *forecast);

guint            cbz_plan_forecast_get_n_days    (const CbzPlanForecast *forecast);
/* Messages on @channel on day @day (0-based). */
guint            cbz_plan_forecast_get_count     (const CbzPlanForecast *forecast,
                                                  guint                  day,
                                                  CbzCadenceChannel      channel);
/* Over the whole period. */
guint            cbz_plan_forecast_get_total     (const CbzPlanForecast *forecast,
                                                  CbzCadenceChannel      channel);
CbzMoney         cbz_plan_forecast_get_cost      (const CbzPlanForecast *forecast,
                                                  guint                  day);
CbzMoney         cbz_plan_forecast_get_total_cost (const CbzPlanForecast *forecast);
/* How many of the messages went out later than their step's day said. */
guint            cbz_plan_forecast_get_n_deferred (const CbzPlanForecast *forecast);
guint            cbz_plan_forecast_get_n_held    (const CbzPlanForecast *forecast);
guint            cbz_plan_forecast_get_n_skipped (const CbzPlanForecast *forecast);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzPlanPrices, cbz_plan_prices_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzPlanForecast, cbz_plan_forecast_free)

G_END_DECLS
