/* test-activity.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "metrics/cbz-activity.h"
#include "cbz-test-util.h"

static void
assert_percent (CbzRatio    ratio,
                const char *expected)
{
  g_autofree char *text = cbz_ratio_to_percent_string (ratio, 1);

  g_assert_cmpstr (text, ==, expected);
}

static const CbzMetricsPayment payments[] = {
  { { 2027, 3, 1 }, { 100000, "MXN" } },
  { { 2027, 3, 15 }, { 200000, "MXN" } },
  { { 2027, 3, 16 }, { 50000, "MXN" } },   /* after as_of (15 March) */
  { { 2027, 2, 10 }, { 150000, "MXN" } },
  { { 2027, 2, 20 }, { 70000, "MXN" } },   /* last month, after its 15th */
  { { 2027, 1, 31 }, { 99900, "MXN" } },   /* two months ago */
  { { 2027, 2, 28 }, { 10000, "USD" } },
};

static void
test_collected (void)
{
  g_autoptr(GArray) results = cbz_metrics_collected (payments, G_N_ELEMENTS (payments), cbz_date_init (2027, 3, 15));
  const CbzCollected *mxn, *usd;

  g_assert_cmpuint (results->len, ==, 2);
  mxn = &g_array_index (results, CbzCollected, 0);
  usd = &g_array_index (results, CbzCollected, 1);
  g_assert_cmpstr (mxn->currency, ==, "MXN");
  g_assert_cmpint (mxn->this_month.minor, ==, 300000);
  g_assert_cmpint (mxn->last_month.minor, ==, 220000);
  g_assert_cmpint (mxn->last_month_to_date.minor, ==, 150000);
  g_assert_cmpstr (mxn->this_month.currency, ==, "MXN");
  /* 3,000 against 1,500 by the same day: twice as much, +100 %. */
  assert_percent (mxn->change, "100.0");

  g_assert_cmpstr (usd->currency, ==, "USD");
  g_assert_cmpint (usd->this_month.minor, ==, 0);
  g_assert_cmpint (usd->last_month.minor, ==, 10000);
  g_assert_cmpint (usd->last_month_to_date.minor, ==, 0);
  g_assert_false (cbz_ratio_is_defined (usd->change));
}

static void
test_collected_month_end (void)
{
  /* On 31 March, February up to "the same day" is all of February. */
  g_autoptr(GArray) results = cbz_metrics_collected (payments, G_N_ELEMENTS (payments), cbz_date_init (2027, 3, 31));
  const CbzCollected *mxn = &g_array_index (results, CbzCollected, 0);

  g_assert_cmpint (mxn->this_month.minor, ==, 350000);
  g_assert_cmpint (mxn->last_month_to_date.minor, ==, 220000);
  /* (3,500 - 2,200) / 2,200 = 59.1 %. */
  assert_percent (mxn->change, "59.1");
}

static void
test_promises (void)
{
  static const CbzMetricsPromise promises[] = {
    { CBZ_PROMISE_STATUS_KEPT, { 2027, 3, 1 } },
    { CBZ_PROMISE_STATUS_KEPT, { 2027, 3, 5 } },
    { CBZ_PROMISE_STATUS_KEPT, { 2027, 3, 9 } },
    { CBZ_PROMISE_STATUS_BROKEN, { 2027, 3, 10 } },
    { CBZ_PROMISE_STATUS_PENDING, { 2027, 3, 30 } },
    { CBZ_PROMISE_STATUS_PENDING, { 2027, 3, 31 } },
    { CBZ_PROMISE_STATUS_CANCELLED, { 2027, 3, 12 } },
    { CBZ_PROMISE_STATUS_BROKEN, { 2027, 1, 10 } },    /* before the window */
  };
  CbzPromiseFigures march, all;

  cbz_metrics_promises (promises, G_N_ELEMENTS (promises), cbz_date_init (2027, 3, 1),
                        cbz_date_init (2027, 3, 31), &march);
  g_assert_cmpuint (march.n_kept, ==, 3);
  g_assert_cmpuint (march.n_broken, ==, 1);
  g_assert_cmpuint (march.n_pending, ==, 2);
  g_assert_cmpuint (march.n_cancelled, ==, 1);
  /* Decided ones only: 3 kept of 4. */
  assert_percent (march.kept_rate, "75.0");

  cbz_metrics_promises (promises, G_N_ELEMENTS (promises), (CbzDate) { 0 }, (CbzDate) { 0 }, &all);
  g_assert_cmpuint (all.n_broken, ==, 2);
  assert_percent (all.kept_rate, "60.0");
}

static void
test_agreements (void)
{
  static const CbzAgreementState states[] = {
    CBZ_AGREEMENT_STATE_ON_TRACK, CBZ_AGREEMENT_STATE_COMPLETED, CBZ_AGREEMENT_STATE_MISSED,
    CBZ_AGREEMENT_STATE_ON_TRACK, CBZ_AGREEMENT_STATE_COMPLETED, CBZ_AGREEMENT_STATE_COMPLETED,
    CBZ_AGREEMENT_STATE_COMPLETED,
  };
  CbzAgreementFigures figures, none;

  cbz_metrics_agreements (states, G_N_ELEMENTS (states), &figures);
  g_assert_cmpuint (figures.n_on_track, ==, 2);
  g_assert_cmpuint (figures.n_missed, ==, 1);
  g_assert_cmpuint (figures.n_completed, ==, 4);
  /* Running ones only: 2 of 3. */
  assert_percent (figures.on_track_rate, "66.7");

  cbz_metrics_agreements (NULL, 0, &none);
  g_assert_false (cbz_ratio_is_defined (none.on_track_rate));
}

static void
test_messages (void)
{
  static const CbzMetricsMessage messages[] = {
    { CBZ_EVENT_CHANNEL_SMS, CBZ_DELIVERY_STATE_DELIVERED },
    { CBZ_EVENT_CHANNEL_SMS, CBZ_DELIVERY_STATE_DELIVERED },
    { CBZ_EVENT_CHANNEL_SMS, CBZ_DELIVERY_STATE_DELIVERED },
    { CBZ_EVENT_CHANNEL_SMS, CBZ_DELIVERY_STATE_FAILED },
    { CBZ_EVENT_CHANNEL_SMS, CBZ_DELIVERY_STATE_SENT },
    { CBZ_EVENT_CHANNEL_SMS, CBZ_DELIVERY_STATE_QUEUED },
    { CBZ_EVENT_CHANNEL_SMS, CBZ_DELIVERY_STATE_DRY_RUN },
    { CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_DELIVERY_STATE_READ },
    { CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_DELIVERY_STATE_READ },
    { CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_DELIVERY_STATE_DELIVERED },
    { CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_DELIVERY_STATE_UNKNOWN },
    { CBZ_EVENT_CHANNEL_EMAIL, CBZ_DELIVERY_STATE_BY_HAND },
    { CBZ_EVENT_CHANNEL_EMAIL, CBZ_DELIVERY_STATE_BY_HAND },
  };
  g_autoptr(GArray) results = cbz_metrics_messages (messages, G_N_ELEMENTS (messages));
  const CbzChannelFigures *sms, *whatsapp, *email;

  /* In channel order: SMS, WhatsApp, email. */
  g_assert_cmpuint (results->len, ==, 3);
  sms = &g_array_index (results, CbzChannelFigures, 0);
  whatsapp = &g_array_index (results, CbzChannelFigures, 1);
  email = &g_array_index (results, CbzChannelFigures, 2);

  g_assert_cmpint (sms->channel, ==, CBZ_EVENT_CHANNEL_SMS);
  g_assert_cmpuint (sms->n_messages, ==, 7);
  g_assert_cmpuint (sms->n_attempted, ==, 5);
  g_assert_cmpuint (sms->n_delivered, ==, 3);
  g_assert_cmpuint (sms->n_failed, ==, 1);
  g_assert_cmpuint (sms->n_pending, ==, 1);
  g_assert_cmpuint (sms->n_not_sent, ==, 1);
  assert_percent (sms->delivery_rate, "60.0");

  g_assert_cmpint (whatsapp->channel, ==, CBZ_EVENT_CHANNEL_WHATSAPP);
  g_assert_cmpuint (whatsapp->n_attempted, ==, 4);
  assert_percent (whatsapp->delivery_rate, "75.0");

  /* Sent by hand: no receipt can come back, so no rate. */
  g_assert_cmpint (email->channel, ==, CBZ_EVENT_CHANNEL_EMAIL);
  g_assert_cmpuint (email->n_not_sent, ==, 2);
  g_assert_false (cbz_ratio_is_defined (email->delivery_rate));
}

static void
test_reasons (void)
{
  static const CbzNonpaymentReason reasons[] = {
    CBZ_NONPAYMENT_REASON_CASH_FLOW, CBZ_NONPAYMENT_REASON_FORGOT, CBZ_NONPAYMENT_REASON_CASH_FLOW,
    CBZ_NONPAYMENT_REASON_PAY_DAY_MISMATCH, CBZ_NONPAYMENT_REASON_CASH_FLOW, CBZ_NONPAYMENT_REASON_OTHER,
  };
  static const guint expected[CBZ_NONPAYMENT_REASON_N_VALUES] = { 1, 3, 1, 0, 0, 1 };
  guint counts[CBZ_NONPAYMENT_REASON_N_VALUES];

  cbz_metrics_nonpayment_reasons (reasons, G_N_ELEMENTS (reasons), counts);
  for (guint i = 0; i < CBZ_NONPAYMENT_REASON_N_VALUES; i++)
    g_assert_cmpuint (counts[i], ==, expected[i]);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/collected/mid-month", test_collected);
  g_test_add_func ("/metrics/collected/month-end", test_collected_month_end);
  g_test_add_func ("/metrics/promises/kept-rate", test_promises);
  g_test_add_func ("/metrics/agreements/on-track", test_agreements);
  g_test_add_func ("/metrics/messages/by-channel", test_messages);
  g_test_add_func ("/metrics/reasons/counts", test_reasons);

  return g_test_run ();
}
