/* cbz-plan-simulation.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-plan-simulation.h"
#include "cbz-planner-private.h"
#include "cbz-zone-time.h"

/* Plans per customer and period at most: each one commits, skips or moves
 * time forward, so a cadence of a dozen steps with repeats needs far less. */
#define MAX_ROUNDS 2000

struct _CbzPlanPrices
{
  gatomicrefcount  ref_count;
  char             currency[4];
  gint64           prices[CBZ_CADENCE_N_CHANNELS];
  GHashTable      *sms_parts;  /* "template\x1flanguage" or "template" -> parts */
};

struct _CbzPlanForecast
{
  guint     n_days;
  guint    *counts;      /* [day * CBZ_CADENCE_N_CHANNELS + channel] */
  gint64   *costs;       /* [day], minor units */
  char      currency[4];
  guint     n_deferred;
  guint     n_held;
  guint     n_skipped;
};

G_DEFINE_BOXED_TYPE (CbzPlanPrices, cbz_plan_prices, cbz_plan_prices_ref, cbz_plan_prices_unref)
G_DEFINE_BOXED_TYPE (CbzPlanForecast, cbz_plan_forecast, cbz_plan_forecast_copy, cbz_plan_forecast_free)

typedef void (*EmitFunc) (const CbzPlanFacts *facts,
                          CbzPlanAction      *action,
                          gpointer            user_data);

static void
add_record (CbzPlanFacts        *facts,
            const CbzPlanAction *action,
            CbzPlanOutcome       outcome,
            gint64               at)
{
  _cbz_plan_facts_add_record (facts, action->step, action->episode, action->repeat, at, outcome);
}

static void
add_contact (CbzPlanFacts        *facts,
             const CbzPlanAction *action,
             gint64               at)
{
  CbzContactRecord contact = {
    at, cbz_cadence_channel_get_event_channel (action->channel), CBZ_EVENT_DIRECTION_OUTBOUND,
    action->channel == CBZ_CADENCE_CHANNEL_CALL ? CBZ_CONTACT_KIND_CALL : CBZ_CONTACT_KIND_REMINDER, FALSE
  };

  _cbz_plan_facts_add_contact (facts, &contact);
}

static CbzPlanAction *
find_by_key (GPtrArray  *actions,
             const char *key)
{
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      CbzPlanAction *action = g_ptr_array_index (actions, i);

      if (g_str_equal (action->key, key))
        return action;
    }
  return NULL;
}

/* The simulation of one customer; @emit gets every action as it would
 * happen, and may keep a reference. */
static void
simulate (CbzPlanner            *planner,
          const CbzPlanCustomer *customer,
          gint64                 from,
          guint                  days,
          gboolean               with_text,
          EmitFunc               emit,
          gpointer               user_data)
{
  g_autoptr(GPtrArray) deferrals = NULL;
  GTimeZone *zone = cbz_planner_get_zone (planner, customer, NULL);
  CbzDate first_day = cbz_zone_time_get_date (zone, from);
  gint64 end = cbz_zone_time_to_instant (zone, cbz_date_add_days (first_day, (gint32) days), 0);
  CbzPlanFacts *facts = _cbz_plan_facts_new ();
  gint64 t = from;

  if (!_cbz_plan_facts_fill (facts, planner, customer, _cbz_planner_cadence_for (planner, customer, first_day)))
    {
      _cbz_plan_facts_free (facts);
      return;
    }


  for (guint round = 0; round < MAX_ROUNDS && t < end; round++)
    {
      gint64 next = G_MAXINT64;
      gboolean again = FALSE;
      g_autoptr(GPtrArray) actions = _cbz_planner_run (planner, facts, t, with_text, &next);

      for (guint i = 0; i < actions->len; i++)
        {
          CbzPlanAction *action = g_ptr_array_index (actions, i);
          CbzPlanAction *first;

          switch (action->status)
            {
            case CBZ_PLAN_STATUS_DUE:
              add_record (facts, action, CBZ_PLAN_OUTCOME_DONE, t);
              add_contact (facts, action, t);
              first = find_by_key (deferrals, action->key);
              if (first != NULL)
                {
                  action->status = CBZ_PLAN_STATUS_DEFERRED;
                  action->reason = first->reason;
                  action->nominal_at = first->nominal_at;
                  g_free (action->reason_detail);
                  action->reason_detail = g_strdup (first->reason_detail);
                  g_free (action->reason_text);
                  action->reason_text = g_strdup (first->reason_text);
                }
              emit (facts, action, user_data);
              again = TRUE;
              break;

            case CBZ_PLAN_STATUS_SKIPPED:
              add_record (facts, action, CBZ_PLAN_OUTCOME_SKIPPED, t);
              emit (facts, action, user_data);
              again = TRUE;
              break;

            case CBZ_PLAN_STATUS_HELD:
              if (action->reason == CBZ_PLAN_REASON_WAITING_APPROVAL)
                {
                  add_record (facts, action, CBZ_PLAN_OUTCOME_APPROVED, t);
                  again = TRUE;
                  break;
                }
              if (action->reason != CBZ_PLAN_REASON_FREQUENCY_CAP)
                {
                  /* Shown once; the simulation cannot know when it ends. */
                  add_record (facts, action, CBZ_PLAN_OUTCOME_SKIPPED, t);
                  emit (facts, action, user_data);
                  again = TRUE;
                  break;
                }
              G_GNUC_FALLTHROUGH;
            case CBZ_PLAN_STATUS_DEFERRED:
              if (action->reason != CBZ_PLAN_REASON_LATER_TODAY && find_by_key (deferrals, action->key) == NULL)
                {
                  if (deferrals == NULL)
                    deferrals = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_plan_action_unref);
                  g_ptr_array_add (deferrals, cbz_plan_action_ref (action));
                }
              next = MIN (next, action->at);
              break;

            default:
              g_assert_not_reached ();
            }
        }
      if (!again)
        t = MAX (next, t + 1);
    }
  _cbz_plan_facts_free (facts);
}

static void
collect_cb (const CbzPlanFacts *facts,
            CbzPlanAction      *action,
            gpointer            user_data)
{
  g_ptr_array_add (user_data, cbz_plan_action_ref (action));
}

GPtrArray *
cbz_planner_simulate_customer (CbzPlanner            *planner,
                               const CbzPlanCustomer *customer,
                               gint64                 from,
                               guint                  days)
{
  GPtrArray *actions = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_plan_action_unref);

  g_return_val_if_fail (planner != NULL, actions);
  g_return_val_if_fail (customer != NULL, actions);

  simulate (planner, customer, from, days, TRUE, collect_cb, actions);
  return actions;
}

CbzPlanPrices *
cbz_plan_prices_new (const char *currency)
{
  CbzPlanPrices *prices = g_new0 (CbzPlanPrices, 1);
  CbzMoney code = cbz_money_init (0, currency);

  g_atomic_ref_count_init (&prices->ref_count);
  memcpy (prices->currency, code.currency, sizeof prices->currency);
  prices->sms_parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return prices;
}

CbzPlanPrices *
cbz_plan_prices_ref (CbzPlanPrices *prices)
{
  g_return_val_if_fail (prices != NULL, NULL);

  g_atomic_ref_count_inc (&prices->ref_count);
  return prices;
}

void
cbz_plan_prices_unref (CbzPlanPrices *prices)
{
  g_return_if_fail (prices != NULL);

  if (!g_atomic_ref_count_dec (&prices->ref_count))
    return;
  g_hash_table_unref (prices->sms_parts);
  g_free (prices);
}

const char *
cbz_plan_prices_get_currency (const CbzPlanPrices *prices)
{
  g_return_val_if_fail (prices != NULL, NULL);

  return prices->currency;
}

void
cbz_plan_prices_set_price (CbzPlanPrices     *prices,
                           CbzCadenceChannel  channel,
                           gint64             minor)
{
  g_return_if_fail (prices != NULL);
  g_return_if_fail ((guint) channel < CBZ_CADENCE_N_CHANNELS);
  g_return_if_fail (minor >= 0);

  prices->prices[channel] = minor;
}

gint64
cbz_plan_prices_get_price (const CbzPlanPrices *prices,
                           CbzCadenceChannel    channel)
{
  g_return_val_if_fail (prices != NULL, 0);
  g_return_val_if_fail ((guint) channel < CBZ_CADENCE_N_CHANNELS, 0);

  return prices->prices[channel];
}

static char *
parts_key (const char *template_name,
           const char *language)
{
  return language != NULL ? g_strconcat (template_name, "\x1f", language, NULL) : g_strdup (template_name);
}

void
cbz_plan_prices_set_sms_parts (CbzPlanPrices *prices,
                               const char    *template_name,
                               const char    *language,
                               guint          parts)
{
  g_return_if_fail (prices != NULL);
  g_return_if_fail (template_name != NULL);

  g_hash_table_replace (prices->sms_parts, parts_key (template_name, language), GUINT_TO_POINTER (MAX (parts, 1)));
}

guint
cbz_plan_prices_get_sms_parts (const CbzPlanPrices *prices,
                               const char          *template_name,
                               const char          *language)
{
  gpointer parts = NULL;

  g_return_val_if_fail (prices != NULL, 1);

  if (template_name == NULL)
    return 1;
  if (language != NULL)
    {
      g_autofree char *key = parts_key (template_name, language);

      parts = g_hash_table_lookup (prices->sms_parts, key);
    }
  if (parts == NULL)
    parts = g_hash_table_lookup (prices->sms_parts, template_name);
  return parts != NULL ? GPOINTER_TO_UINT (parts) : 1;
}

CbzMoney
cbz_plan_prices_cost (const CbzPlanPrices *prices,
                      const CbzPlanAction *action,
                      const char          *language)
{
  gint64 price;

  g_return_val_if_fail (prices != NULL, cbz_money_init (0, NULL));
  g_return_val_if_fail (action != NULL, cbz_money_init (0, prices->currency));

  price = prices->prices[action->channel];
  if (action->channel == CBZ_CADENCE_CHANNEL_SMS)
    price *= cbz_plan_prices_get_sms_parts (prices, action->template_name, language);
  return cbz_money_init (price, prices->currency);
}

typedef struct
{
  CbzPlanForecast *forecast;
  CbzPlanPrices   *prices;
  CbzPlanner      *planner;
  gint64           from;
} ForecastData;

static void
count_cb (const CbzPlanFacts *facts,
          CbzPlanAction      *action,
          gpointer            user_data)
{
  ForecastData *data = user_data;
  CbzPlanForecast *forecast = data->forecast;
  gint32 day;

  switch (action->status)
    {
    case CBZ_PLAN_STATUS_SKIPPED:
      forecast->n_skipped++;
      return;
    case CBZ_PLAN_STATUS_HELD:
      forecast->n_held++;
      return;
    case CBZ_PLAN_STATUS_DEFERRED:
      forecast->n_deferred++;
      break;
    case CBZ_PLAN_STATUS_DUE:
      break;
    default:
      g_assert_not_reached ();
    }

  day = cbz_date_days_between (cbz_zone_time_get_date (facts->zone, data->from),
                               cbz_zone_time_get_date (facts->zone, action->at));
  if (day < 0 || (guint) day >= forecast->n_days)
    return;
  forecast->counts[(guint) day * CBZ_CADENCE_N_CHANNELS + action->channel]++;
  if (data->prices != NULL)
    forecast->costs[day] += cbz_plan_prices_cost (data->prices, action, facts->customer->language).minor;
}

CbzPlanForecast *
cbz_planner_forecast (CbzPlanner    *planner,
                      GPtrArray     *customers,
                      gint64         from,
                      guint          days,
                      CbzPlanPrices *prices)
{
  CbzPlanForecast *forecast;
  ForecastData data;

  g_return_val_if_fail (planner != NULL, NULL);
  g_return_val_if_fail (customers != NULL, NULL);

  forecast = g_new0 (CbzPlanForecast, 1);
  forecast->n_days = days;
  forecast->counts = g_new0 (guint, (gsize) MAX (days, 1) * CBZ_CADENCE_N_CHANNELS);
  forecast->costs = g_new0 (gint64, MAX (days, 1));
  if (prices != NULL)
    memcpy (forecast->currency, prices->currency, sizeof forecast->currency);

  data.forecast = forecast;
  data.prices = prices;
  data.planner = planner;
  data.from = from;
  for (guint i = 0; i < customers->len; i++)
    simulate (planner, g_ptr_array_index (customers, i), from, days, FALSE, count_cb, &data);
  return forecast;
}

void
cbz_plan_forecast_free (CbzPlanForecast *forecast)
{
  if (forecast == NULL)
    return;
  g_free (forecast->counts);
  g_free (forecast->costs);
  g_free (forecast);
}

CbzPlanForecast *
cbz_plan_forecast_copy (const CbzPlanForecast *forecast)
{
  CbzPlanForecast *copy;

  g_return_val_if_fail (forecast != NULL, NULL);

  copy = g_memdup2 (forecast, sizeof *forecast);
  copy->counts = g_memdup2 (forecast->counts, sizeof (guint) * MAX (forecast->n_days, 1) * CBZ_CADENCE_N_CHANNELS);
  copy->costs = g_memdup2 (forecast->costs, sizeof (gint64) * MAX (forecast->n_days, 1));
  return copy;
}

guint
cbz_plan_forecast_get_n_days (const CbzPlanForecast *forecast)
{
  g_return_val_if_fail (forecast != NULL, 0);

  return forecast->n_days;
}

guint
cbz_plan_forecast_get_count (const CbzPlanForecast *forecast,
                             guint                  day,
                             CbzCadenceChannel      channel)
{
  g_return_val_if_fail (forecast != NULL, 0);
  g_return_val_if_fail (day < forecast->n_days, 0);
  g_return_val_if_fail ((guint) channel < CBZ_CADENCE_N_CHANNELS, 0);

  return forecast->counts[day * CBZ_CADENCE_N_CHANNELS + channel];
}

guint
cbz_plan_forecast_get_total (const CbzPlanForecast *forecast,
                             CbzCadenceChannel      channel)
{
  guint total = 0;

  g_return_val_if_fail (forecast != NULL, 0);

  for (guint day = 0; day < forecast->n_days; day++)
    total += forecast->counts[day * CBZ_CADENCE_N_CHANNELS + channel];
  return total;
}

CbzMoney
cbz_plan_forecast_get_cost (const CbzPlanForecast *forecast,
                            guint                  day)
{
  g_return_val_if_fail (forecast != NULL, cbz_money_init (0, NULL));
  g_return_val_if_fail (day < forecast->n_days, cbz_money_init (0, forecast->currency));

  return cbz_money_init (forecast->costs[day], forecast->currency);
}

CbzMoney
cbz_plan_forecast_get_total_cost (const CbzPlanForecast *forecast)
{
  gint64 total = 0;

  g_return_val_if_fail (forecast != NULL, cbz_money_init (0, NULL));

  for (guint day = 0; day < forecast->n_days; day++)
    total += forecast->costs[day];
  return cbz_money_init (total, forecast->currency);
}

guint
cbz_plan_forecast_get_n_deferred (const CbzPlanForecast *forecast)
{
  g_return_val_if_fail (forecast != NULL, 0);
  return forecast->n_deferred;
}

guint
cbz_plan_forecast_get_n_held (const CbzPlanForecast *forecast)
{
  g_return_val_if_fail (forecast != NULL, 0);
  return forecast->n_held;
}

guint
cbz_plan_forecast_get_n_skipped (const CbzPlanForecast *forecast)
{
  g_return_val_if_fail (forecast != NULL, 0);
  return forecast->n_skipped;
}
