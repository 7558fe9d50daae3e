/* cbz-cli-customer.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * `--customer N` (the customer number the app shows: the customer's id) or
 * `--tax-id X`, as every command that records something for one customer
 * takes them. Exactly one must be given; the error names the value.
 */
gint64 cbz_cli_resolve_customer (CbzStore    *store,
                                 const char  *customer,
                                 const char  *tax_id,
                                 GError     **error);

G_END_DECLS
