/* cbz-locale-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Number conventions per country. Kept in our own table rather than asked of
 * the C library: a machine usually has one or two locales installed, but a
 * Mexican business still writes to customers in Chile and Colombia.
 */
typedef struct
{
  const char *country;
  const char *decimal;
  const char *group;
  gboolean    symbol_after;  /* "1.234,56 €" */
} CbzNumberStyle;

/* "es_CL.UTF-8@x" -> "CL"; "" when the name has no country ("C", "es"). */
void                  _cbz_locale_get_country       (const char *locale,
                                                     char        country[3]);
/* "es_CL.UTF-8" -> "es"; "" for "C"/"POSIX". */
void                  _cbz_locale_get_language      (const char *locale,
                                                     char        language[4]);
const CbzNumberStyle *_cbz_number_style_for_country (const char *country);

G_END_DECLS
