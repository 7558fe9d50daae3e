/* cbz-store-letters.h: what the portfolio keeps for collection letters
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"

G_BEGIN_DECLS

/* The user's own text of the letter of @level (1-3) in @language ("es",
 * "en"): TRUE with *@out_text NULL when none is kept (the built-in text
 * applies), FALSE with @error set when it could not be read. */
gboolean      cbz_store_get_letter_template     (CbzStore     *self,
                                                 int           level,
                                                 const char   *language,
                                                 char        **out_text,
                                                 GError      **error);
/* Keeps @text as that letter's text, replacing any before. */
gboolean      cbz_store_set_letter_template     (CbzStore     *self,
                                                 int           level,
                                                 const char   *language,
                                                 const char   *text,
                                                 GError      **error);
/* Forgets it: the built-in text applies again. */
gboolean      cbz_store_reset_letter_template   (CbzStore     *self,
                                                 int           level,
                                                 const char   *language,
                                                 GError      **error);

/* The customers a batch of letters goes to: an overdue balance whose
 * oldest invoice is at least @min_days and fewer than @max_days overdue
 * today (G_MAXINT: no upper limit), who did not ask for no letters; in the
 * order of the customer list (by name). (element-type gint64) */
GArray       *cbz_store_list_letter_recipients  (CbzStore     *self,
                                                 int           min_days,
                                                 int           max_days,
                                                 GError      **error);

G_END_DECLS
