/* cbz-metrics.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/*
 * The dashboard's figures (core/metrics/): pure functions over plain arrays
 * (cbz-metrics-input.h), per currency, exact until shown (cbz-ratio.h).
 * Every formula, with a worked example, is in docs/metrics.md.
 *
 *   cbz-receivables.h  total, current, overdue and its share, disputed, aging
 *                      buckets, the top customers by overdue money
 *   cbz-dso.h          DSO (count-back), best possible DSO, average days
 *                      delinquent, collection effectiveness index
 *   cbz-activity.h     collected this month against last, promises kept,
 *                      agreements on track, messages by channel, reasons for
 *                      non-payment
 */

#include "cbz-activity.h"
#include "cbz-dso.h"
#include "cbz-metrics-input.h"
#include "cbz-ratio.h"
#include "cbz-receivables.h"
