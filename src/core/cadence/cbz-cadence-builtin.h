/* cbz-cadence-builtin.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-cadence.h"

G_BEGIN_DECLS

/*
 * The three cadences Cobranza ships, each in Spanish and English (the JSON
 * files in resources/cadences/, in the cadence format):
 * - "gentle" ("Preventiva amable"): email at -5, WhatsApp at -1 and +3,
 *   email at +10 unless the customer replied;
 * - "standard" ("Estándar", the default): SMS at -3, WhatsApp on the due
 *   date, email at +7, a level 2 letter at +15, a call at +30;
 * - "firm" ("Firme"): SMS at -1, WhatsApp at +1, email at +5, a call at
 *   +10, letters of level 2 at +15 and 3 at +30, and a final email at +45
 *   repeated every 7 days, at most 3 times, unless the customer replied.
 * Every step waits for approval, as every new step does.
 *
 * They name the message templates "reminder-before", "reminder-due",
 * "reminder" and "final".
 */

#define CBZ_CADENCE_BUILTIN_DEFAULT "standard"

/* "gentle", "standard", "firm". */
const char * const *cbz_cadence_builtin_list_ids   (void);
gboolean            cbz_cadence_builtin_is_builtin (const char  *cadence_id);
/* The name in the user's language: "Estándar" / "Standard". */
const char         *cbz_cadence_builtin_get_name   (const char  *cadence_id);
/*
 * The built-in cadence @cadence_id written in @language ("es", "es_MX",
 * "en"...; Spanish for any "es", English otherwise; NULL: the user's
 * language). CBZ_CADENCE_ERROR_NOT_FOUND for an unknown id.
 */
CbzCadence         *cbz_cadence_builtin_load       (const char  *cadence_id,
                                                    const char  *language,
                                                    GError     **error);

G_END_DECLS
