/* cbz-dispute-reason.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Why a customer disputes an invoice. Each value has a stable nick (what
 * sqlite stores and the command line takes) and a translated label, from
 * one table.
 */
typedef enum
{
  CBZ_DISPUTE_REASON_WRONG_AMOUNT, /* 'wrong-amount' */
  CBZ_DISPUTE_REASON_NOT_RECEIVED, /* 'not-received' */
  CBZ_DISPUTE_REASON_ALREADY_PAID, /* 'already-paid' */
  CBZ_DISPUTE_REASON_QUALITY,      /* 'quality' */
  CBZ_DISPUTE_REASON_OTHER,        /* 'other' */
} CbzDisputeReason;

#define CBZ_DISPUTE_REASON_N_VALUES (CBZ_DISPUTE_REASON_OTHER + 1)

#define CBZ_TYPE_DISPUTE_REASON (cbz_dispute_reason_get_type ())
GType        cbz_dispute_reason_get_type    (void) G_GNUC_CONST;

/* The stable nick: 'wrong-amount', 'not-received', 'already-paid', 'quality',
 * 'other'. */
const char  *cbz_dispute_reason_to_string   (CbzDisputeReason  value);
/* Exactly a nick; FALSE for anything else (including NULL). */
gboolean     cbz_dispute_reason_from_string (const char       *str,
                                             CbzDisputeReason *value);
/* Translated, for people. */
const char  *cbz_dispute_reason_get_label   (CbzDisputeReason  value);
/* What a person types (the command line, a script): the nick, the English
 * or translated label or a Spanish word, in any case, with or without
 * accents. The error names the text and lists the nicks. */
gboolean     cbz_dispute_reason_parse       (const char        *text,
                                             CbzDisputeReason  *value,
                                             GError           **error);

G_END_DECLS
