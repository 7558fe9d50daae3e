/* cbz-demo.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * Writes a plausible Latin-American portfolio into @store: @n_customers
 * debtors (Mexico first, then Chile, Colombia, Peru and Argentina) with
 * contact data, 1–12 invoices each with due dates in every aging bucket
 * relative to the store's today, partial payments, promises and a few
 * timeline events. The same @seed and today give the same data. One
 * transaction; summaries refreshed.
 */
gboolean cbz_demo_generate      (CbzStore  *store,
                                 guint      n_customers,
                                 guint64    seed,
                                 GError   **error);

/* Same, with the number of invoices per customer drawn from
 * [@min_invoices, @max_invoices] (the default is 1–12; the list benchmark
 * uses 8–12 for 10 per customer on average). */
gboolean cbz_demo_generate_full (CbzStore  *store,
                                 guint      n_customers,
                                 guint      min_invoices,
                                 guint      max_invoices,
                                 guint64    seed,
                                 GError   **error);

G_END_DECLS
