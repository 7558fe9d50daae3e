/* cbz-call-outcome.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * What came of a phone call to a customer, logged on the timeline. Each
 * value has a stable nick (what sqlite stores and the command line takes)
 * and a translated label, from one table.
 */
typedef enum
{
  CBZ_CALL_OUTCOME_NO_ANSWER,       /* 'no-answer' */
  CBZ_CALL_OUTCOME_WRONG_NUMBER,    /* 'wrong-number' */
  CBZ_CALL_OUTCOME_LEFT_MESSAGE,    /* 'left-message' */
  CBZ_CALL_OUTCOME_PROMISED_TO_PAY, /* 'promised-to-pay': the UI then opens the promise form */
  CBZ_CALL_OUTCOME_DISPUTES,        /* 'disputes' */
  CBZ_CALL_OUTCOME_CALL_BACK,       /* 'call-back' */
  CBZ_CALL_OUTCOME_PAID_ALREADY,    /* 'paid-already' */
  CBZ_CALL_OUTCOME_OTHER,           /* 'other' */
} CbzCallOutcome;

#define CBZ_CALL_OUTCOME_N_VALUES (CBZ_CALL_OUTCOME_OTHER + 1)

#define CBZ_TYPE_CALL_OUTCOME (cbz_call_outcome_get_type ())
GType        cbz_call_outcome_get_type    (void) G_GNUC_CONST;

/* The stable nick: 'no-answer', 'wrong-number', 'left-message',
 * 'promised-to-pay', 'disputes', 'call-back', 'paid-already', 'other'. */
const char  *cbz_call_outcome_to_string   (CbzCallOutcome  value);
/* Exactly a nick; FALSE for anything else (including NULL). */
gboolean     cbz_call_outcome_from_string (const char     *str,
                                           CbzCallOutcome *value);
/* Translated, for people. */
const char  *cbz_call_outcome_get_label   (CbzCallOutcome  value);
/* What a person types (the command line, a script): the nick, the English
 * or translated label or a Spanish word, in any case, with or without
 * accents. The error names the text and lists the nicks. */
gboolean     cbz_call_outcome_parse       (const char      *text,
                                           CbzCallOutcome  *value,
                                           GError         **error);

G_END_DECLS
