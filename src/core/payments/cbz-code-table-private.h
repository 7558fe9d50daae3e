/* cbz-code-table-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One table per kind of code (payment methods, call outcomes, reasons): the
 * stable nick stored in sqlite and the label people read come from the same
 * row, so they cannot drift apart. Rows are indexed by the enum value.
 */
typedef struct
{
  const char *nick;     /* stable: stored in the database and typed on the command line */
  const char *label;    /* N_() English label, translated when read */
  const char *aliases;  /* other spellings _parse accepts, space separated, or NULL */
  const char *context;  /* the label's msgctxt (NC_), or NULL: "Paid" of an instalment
                         * is not "Paid" of an invoice in Spanish */
} CbzCodeEntry;

const char *_cbz_code_table_to_string (const CbzCodeEntry *table,
                                       guint               n_entries,
                                       int                 value);
gboolean    _cbz_code_table_from_string (const CbzCodeEntry *table,
                                         guint               n_entries,
                                         const char         *nick,
                                         int                *value);
const char *_cbz_code_table_get_label (const CbzCodeEntry *table,
                                       guint               n_entries,
                                       int                 value);
/* The nick, an alias, or the English or translated label, in any case and
 * with or without accents and dashes. */
gboolean    _cbz_code_table_parse (const CbzCodeEntry *table,
                                   guint               n_entries,
                                   const char         *text,
                                   int                *value);
/* "transfer, cash, card, …": for the error that lists what is accepted. */
char       *_cbz_code_table_list_nicks (const CbzCodeEntry *table,
                                        guint               n_entries);

G_END_DECLS
