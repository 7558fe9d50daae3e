/* cbz-dispute-resolution.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * How a dispute ended: the customer was right (the invoice is reduced by a
 * credit note) or not (the invoice is owed again). Each value has a stable
 * nick (what sqlite stores and the command line takes) and a translated
 * label, from one table.
 */
typedef enum
{
  CBZ_DISPUTE_RESOLUTION_UPHELD,   /* 'upheld' */
  CBZ_DISPUTE_RESOLUTION_REJECTED, /* 'rejected' */
} CbzDisputeResolution;

#define CBZ_DISPUTE_RESOLUTION_N_VALUES (CBZ_DISPUTE_RESOLUTION_REJECTED + 1)

#define CBZ_TYPE_DISPUTE_RESOLUTION (cbz_dispute_resolution_get_type ())
GType        cbz_dispute_resolution_get_type    (void) G_GNUC_CONST;

/* The stable nick: 'upheld', 'rejected'. */
const char  *cbz_dispute_resolution_to_string   (CbzDisputeResolution  value);
/* Exactly a nick; FALSE for anything else (including NULL). */
gboolean     cbz_dispute_resolution_from_string (const char           *str,
                                                 CbzDisputeResolution *value);
/* Translated, for people. */
const char  *cbz_dispute_resolution_get_label   (CbzDisputeResolution  value);
/* What a person types (the command line, a script): the nick, the English
 * or translated label or a Spanish word, in any case, with or without
 * accents. The error names the text and lists the nicks. */
gboolean     cbz_dispute_resolution_parse       (const char            *text,
                                                 CbzDisputeResolution  *value,
                                                 GError               **error);

G_END_DECLS
