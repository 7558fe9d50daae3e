/* cbz-rate-limit.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cbz-rate-limit.h"

void
cbz_token_bucket_init (CbzTokenBucket *bucket,
                       double          rate,
                       double          burst,
                       gint64          now)
{
  g_return_if_fail (bucket != NULL);
  g_return_if_fail (rate > 0);

  bucket->rate = rate;
  bucket->burst = MAX (burst, 1.0);
  bucket->tokens = bucket->burst;
  bucket->last_refill = now;
  bucket->blocked_until = 0;
}

static void
refill (CbzTokenBucket *bucket,
        gint64          now)
{
  if (now > bucket->last_refill)
    {
      bucket->tokens += (double) (now - bucket->last_refill) * bucket->rate / G_USEC_PER_SEC;
      bucket->tokens = MIN (bucket->tokens, bucket->burst);
      bucket->last_refill = now;
    }
}

/**
 * cbz_token_bucket_take:
 * @bucket: a bucket
 * @now: the current time, microseconds
 *
 * Takes one token when there is one.
 *
 * Returns: 0 when a token was taken, else how many microseconds to wait before
 *   asking again
 */
gint64
cbz_token_bucket_take (CbzTokenBucket *bucket,
                       gint64          now)
{
  g_return_val_if_fail (bucket != NULL, 0);

  if (now < bucket->blocked_until)
    return bucket->blocked_until - now;

  refill (bucket, now);
  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return 0;
    }

  return MAX ((gint64) 1, (gint64) ceil ((1.0 - bucket->tokens) * G_USEC_PER_SEC / bucket->rate));
}

/**
 * cbz_token_bucket_block_until:
 * @bucket: a bucket
 * @until: time before which no token is handed out
 *
 * Honours a provider's "slow down" (429 with Retry-After or a reset time): the
 * bucket is emptied, so sending resumes gently rather than in a burst.
 */
void
cbz_token_bucket_block_until (CbzTokenBucket *bucket,
                              gint64          until)
{
  g_return_if_fail (bucket != NULL);

  if (until > bucket->blocked_until)
    {
      bucket->blocked_until = until;
      bucket->tokens = 0;
      bucket->last_refill = MAX (bucket->last_refill, until);
    }
}

void
cbz_token_bucket_charge (CbzTokenBucket *bucket,
                         double          extra)
{
  g_return_if_fail (bucket != NULL);

  if (extra > 0)
    bucket->tokens -= extra;
}

gint64
cbz_backoff_delay (guint  attempt,
                   gint64 base,
                   gint64 cap,
                   double random01)
{
  gint64 delay = base;

  g_return_val_if_fail (base > 0, 0);
  g_return_val_if_fail (cap >= base, base);

  for (guint i = 1; i < attempt && delay < cap; i++)
    delay *= 2;
  delay = MIN (delay, cap);

  random01 = CLAMP (random01, 0.0, 1.0);
  return delay / 2 + (gint64) ((double) (delay - delay / 2) * random01);
}
