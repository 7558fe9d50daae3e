/* cbz-cli-record.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cbz-date.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * What the commands that record a collector's work (call, dispute, note,
 * reason, opt-out) share: opening the portfolio for one customer, reading
 * a day, and printing one JSON object per line.
 */

/* Opens @database and finds the customer of --customer/--tax-id. NULL with
 * the message printed and *@out_status set (2: a usage error, 1: no such
 * customer or the file cannot be opened). */
CbzStore *cbz_cli_record_open_customer (const char  *database,
                                        const char  *customer,
                                        const char  *tax_id,
                                        gint64      *out_debtor_id,
                                        int         *out_status);

/* A day as people write it: 2027-03-19, 19/03/2027, 19-03-27… The error
 * names @option and the text. */
gboolean  cbz_cli_record_parse_day     (const char  *option,
                                        const char  *text,
                                        CbzDate     *out_day,
                                        GError     **error);

/* "Abarrotes La Esperanza (customer 12)", for the lines the commands
 * print; the number alone when the customer cannot be read. */
char     *cbz_cli_record_describe_customer (CbzStore *store,
                                            gint64    debtor_id);

/* Prints @builder's object as one line of JSON on standard output. */
void      cbz_cli_record_print_json    (JsonBuilder *builder);

G_END_DECLS
