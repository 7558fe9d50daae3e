/* cbz-text.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The key customers are matched by when they have no tax ID: casefolded,
 * accents stripped, every run of spaces and punctuation made one space,
 * trimmed. "  Ferretería  LÓPEZ, S.A. de C.V." -> "ferreteria lopez s a de c v".
 * Legal suffixes are kept: "López SA" and "López" may well be two customers.
 */
char *cbz_text_normalize_name      (const char *text);
/* Same, appended to @out (no allocation when @out is large enough): for
 * loops over a million rows. @length may be -1 for NUL-terminated @text. */
void  cbz_text_normalize_name_into (const char *text,
                                    gssize      length,
                                    GString    *out);
/* Trims ASCII and Unicode white space (no-break spaces from spreadsheets)
 * at both ends, in place; returns @text. */
char *cbz_text_strip               (char       *text);

G_END_DECLS
