/* test-outbox-policy.c: token bucket, backoff with jitter, 429 hints. All
 * with an injected clock and an injected random draw: nothing here waits.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-rate-limit.h"
#include "cbz-sender.h"
#include "cbz-test-util.h"

#define SEC ((gint64) G_USEC_PER_SEC)

static void
test_bucket_burst_then_rate (void)
{
  CbzTokenBucket bucket;
  gint64 t = 1000 * SEC;
  guint taken = 0;

  cbz_token_bucket_init (&bucket, 10.0, 5.0, t);

  /* The burst is available at once. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (cbz_token_bucket_take (&bucket, t), ==, 0);

  /* Then one token every 100 ms: the wait says exactly that. */
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t), ==, SEC / 10);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + SEC / 20), ==, SEC / 20);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + SEC / 10), ==, 0);

  /* Over ten simulated seconds, asking every millisecond, the bucket hands
   * out rate × time tokens (plus nothing saved: it was empty). */
  t += SEC / 10;
  for (gint64 now = t; now < t + 10 * SEC; now += 1000)
    if (cbz_token_bucket_take (&bucket, now) == 0)
      taken++;
  g_assert_cmpuint (taken, >=, 99);
  g_assert_cmpuint (taken, <=, 100);

  /* Idle for a minute: only the burst is saved up, not 600 tokens. */
  t += 70 * SEC;
  taken = 0;
  while (cbz_token_bucket_take (&bucket, t) == 0)
    taken++;
  g_assert_cmpuint (taken, ==, 5);
}

static void
test_bucket_slow_rate (void)
{
  CbzTokenBucket bucket;
  gint64 t = 0;

  /* Twilio long code: one segment per second. */
  cbz_token_bucket_init (&bucket, 1.0, 1.0, t);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t), ==, 0);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t), ==, SEC);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + SEC / 4), ==, 3 * SEC / 4);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + SEC), ==, 0);

  /* A clock that goes backwards (wall-time adjustments) never adds tokens. */
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t), >, 0);
}

static void
test_bucket_blocked_by_hint (void)
{
  CbzTokenBucket bucket;
  gint64 t = 50 * SEC;

  cbz_token_bucket_init (&bucket, 100.0, 10.0, t);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t), ==, 0);

  /* 429 with Retry-After: 30 */
  cbz_token_bucket_block_until (&bucket, t + 30 * SEC);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t), ==, 30 * SEC);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + 29 * SEC), ==, SEC);
  /* At the hinted time the bucket restarts empty: one token after 10 ms, no burst. */
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + 30 * SEC), ==, SEC / 100);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + 30 * SEC + SEC / 100), ==, 0);

  /* An earlier hint never shortens a later one. */
  cbz_token_bucket_block_until (&bucket, t + 60 * SEC);
  cbz_token_bucket_block_until (&bucket, t + 40 * SEC);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + 45 * SEC), ==, 15 * SEC);
}

static void
test_bucket_charges_sms_parts (void)
{
  CbzTokenBucket bucket;
  gint64 t = 0;

  /* One segment per second; a three-part SMS takes one token and is
   * charged two more: the next message waits three seconds, not one. */
  cbz_token_bucket_init (&bucket, 1.0, 1.0, t);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t), ==, 0);
  cbz_token_bucket_charge (&bucket, 2);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t), ==, 3 * SEC);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + 2 * SEC), ==, SEC);
  g_assert_cmpint (cbz_token_bucket_take (&bucket, t + 3 * SEC), ==, 0);
}

static void
test_backoff_bounds (void)
{
  const gint64 base = 30 * SEC;
  const gint64 cap = 30 * 60 * SEC;
  gint64 previous_max = 0;

  for (guint attempt = 1; attempt <= 20; attempt++)
    {
      gint64 full = base;
      gint64 lo, hi;

      for (guint i = 1; i < attempt && full < cap; i++)
        full *= 2;
      full = MIN (full, cap);

      lo = cbz_backoff_delay (attempt, base, cap, 0.0);
      hi = cbz_backoff_delay (attempt, base, cap, 0.999999);

      /* Equal jitter: between half and all of the exponential delay. */
      g_assert_cmpint (lo, ==, full / 2);
      g_assert_cmpint (hi, <=, full);
      g_assert_cmpint (hi, >=, full - full / 1000);
      g_assert_cmpint (hi, >=, previous_max / 2);
      previous_max = hi;

      for (guint draw = 0; draw < 100; draw++)
        {
          gint64 delay = cbz_backoff_delay (attempt, base, cap, draw / 100.0);
          g_assert_cmpint (delay, >=, full / 2);
          g_assert_cmpint (delay, <=, full);
        }
    }

  g_assert_cmpint (cbz_backoff_delay (1, base, cap, 0.5), ==, base / 2 + base / 4);
  g_assert_cmpint (cbz_backoff_delay (3, base, cap, 0.0), ==, 2 * base);
  g_assert_cmpint (cbz_backoff_delay (1000, base, cap, 0.0), ==, cap / 2);
}

static void
test_retry_honours_hints (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("policy.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = cbz_store_open (path, &error);
  g_autoptr(CbzSender) sender = NULL;
  g_autoptr(CbzSendResult) hinted = NULL;
  g_autoptr(CbzSendResult) zero = NULL;
  g_autoptr(CbzSendResult) plain = NULL;
  gint64 now = 1700000000 * SEC;

  g_assert_no_error (error);
  sender = cbz_sender_new (store);
  cbz_sender_set_backoff (sender, 10 * SEC, 600 * SEC);

  /* 429 with Retry-After: 120 (or X-RateLimit-Reset 120 s away). */
  hinted = cbz_send_result_new_failure (CBZ_SEND_TEMPORARY_FAILURE, CBZ_FAILURE_RATE_LIMITED,
                                        "20429", "Too many requests", 120, 429);
  g_assert_cmpint (cbz_sender_compute_retry_at (sender, hinted, 1, now, 0.0), ==, now + 120 * SEC);
  g_assert_cmpint (cbz_sender_compute_retry_at (sender, hinted, 1, now, 0.99), ==, now + 120 * SEC);
  /* A short hint is obeyed even when the backoff would wait longer. */
  g_assert_cmpint (cbz_sender_compute_retry_at (sender, hinted, 9, now, 0.99), ==, now + 120 * SEC);

  /* Retry-After: 0 still waits a second. */
  zero = cbz_send_result_new_failure (CBZ_SEND_TEMPORARY_FAILURE, CBZ_FAILURE_RATE_LIMITED,
                                      NULL, "Too many requests", 0, 429);
  g_assert_cmpint (cbz_sender_compute_retry_at (sender, zero, 1, now, 0.5), ==, now + SEC);

  /* No hint (-1): exponential backoff with jitter. */
  plain = cbz_send_result_new_failure (CBZ_SEND_TEMPORARY_FAILURE, CBZ_FAILURE_SERVER_ERROR,
                                       NULL, "Service unavailable", -1, 503);
  g_assert_cmpint (cbz_sender_compute_retry_at (sender, plain, 1, now, 0.0), ==, now + 5 * SEC);
  g_assert_cmpint (cbz_sender_compute_retry_at (sender, plain, 2, now, 0.0), ==, now + 10 * SEC);
  g_assert_cmpint (cbz_sender_compute_retry_at (sender, plain, 3, now, 0.5), ==, now + 30 * SEC);
  g_assert_cmpint (cbz_sender_compute_retry_at (sender, plain, 30, now, 0.0), ==, now + 300 * SEC);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/policy/bucket-burst-then-rate", test_bucket_burst_then_rate);
  g_test_add_func ("/outbox/policy/bucket-slow-rate", test_bucket_slow_rate);
  g_test_add_func ("/outbox/policy/bucket-blocked-by-hint", test_bucket_blocked_by_hint);
  g_test_add_func ("/outbox/policy/bucket-charges-sms-parts", test_bucket_charges_sms_parts);
  g_test_add_func ("/outbox/policy/backoff-bounds", test_backoff_bounds);
  g_test_add_func ("/outbox/policy/retry-honours-hints", test_retry_honours_hints);

  return g_test_run ();
}
