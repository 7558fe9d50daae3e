/* cbz-instalment-state.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Where one instalment of a payment agreement stands at an instant. Each
 * value has a stable nick (what sqlite stores and the command line takes)
 * and a translated label, from one table.
 */
typedef enum
{
  CBZ_INSTALMENT_STATE_PAID, /* 'paid': paid in full */
  CBZ_INSTALMENT_STATE_DUE,  /* 'due': not paid in full yet, and its day has not ended */
  CBZ_INSTALMENT_STATE_LATE, /* 'late': its day has ended (customer's zone) and it is not paid in full */
} CbzInstalmentState;

#define CBZ_INSTALMENT_STATE_N_VALUES (CBZ_INSTALMENT_STATE_LATE + 1)

#define CBZ_TYPE_INSTALMENT_STATE (cbz_instalment_state_get_type ())
GType        cbz_instalment_state_get_type    (void) G_GNUC_CONST;

/* The stable nick: 'paid', 'due', 'late'. */
const char  *cbz_instalment_state_to_string   (CbzInstalmentState  value);
/* Exactly a nick; FALSE for anything else (including NULL). */
gboolean     cbz_instalment_state_from_string (const char         *str,
                                               CbzInstalmentState *value);
/* Translated, for people. */
const char  *cbz_instalment_state_get_label   (CbzInstalmentState  value);
/* What a person types (the command line, a script): the nick, the English
 * or translated label or a Spanish word, in any case, with or without
 * accents. The error names the text and lists the nicks. */
gboolean     cbz_instalment_state_parse       (const char          *text,
                                               CbzInstalmentState  *value,
                                               GError             **error);

G_END_DECLS
