/* cbz-rate-limit.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A token bucket: @rate tokens per second, at most @burst saved up. Every
 * function takes the current time in microseconds (monotonic or wall, as long
 * as the caller is consistent), so tests drive it with their own clock.
 */
typedef struct
{
  double rate;
  double burst;
  double tokens;
  gint64 last_refill;
  gint64 blocked_until; /* a provider's 429 hint: no token before this */
} CbzTokenBucket;

void   cbz_token_bucket_init        (CbzTokenBucket *bucket,
                                     double          rate,
                                     double          burst,
                                     gint64          now);
gint64 cbz_token_bucket_take        (CbzTokenBucket *bucket,
                                     gint64          now);
void   cbz_token_bucket_block_until (CbzTokenBucket *bucket,
                                     gint64          until);
/* Charges @extra more tokens for something already taken (the other parts
 * of a long SMS); the bucket may go into debt, paid off before the next. */
void   cbz_token_bucket_charge      (CbzTokenBucket *bucket,
                                     double          extra);

/*
 * Exponential backoff with "equal jitter": the delay before attempt
 * @attempt + 1 is half of min(@cap, @base * 2^(@attempt - 1)) plus a random
 * share of the other half. @random01 is a number in [0, 1) (g_random_double()
 * in production, a fixed value in tests).
 */
gint64 cbz_backoff_delay            (guint           attempt,
                                     gint64          base,
                                     gint64          cap,
                                     double          random01);

G_END_DECLS
