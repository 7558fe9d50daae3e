/* cbz-nonpayment-reason.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Why a customer says they have not paid; counted on the dashboard. Each
 * value has a stable nick (what sqlite stores and the command line takes)
 * and a translated label, from one table.
 */
typedef enum
{
  CBZ_NONPAYMENT_REASON_FORGOT,           /* 'forgot' */
  CBZ_NONPAYMENT_REASON_CASH_FLOW,        /* 'cash-flow' */
  CBZ_NONPAYMENT_REASON_PAY_DAY_MISMATCH, /* 'pay-day-mismatch' */
  CBZ_NONPAYMENT_REASON_DISPUTES_AMOUNT,  /* 'disputes-amount' */
  CBZ_NONPAYMENT_REASON_LOST_CONTACT,     /* 'lost-contact' */
  CBZ_NONPAYMENT_REASON_OTHER,            /* 'other' */
} CbzNonpaymentReason;

#define CBZ_NONPAYMENT_REASON_N_VALUES (CBZ_NONPAYMENT_REASON_OTHER + 1)

#define CBZ_TYPE_NONPAYMENT_REASON (cbz_nonpayment_reason_get_type ())
GType        cbz_nonpayment_reason_get_type    (void) G_GNUC_CONST;

/* The stable nick: 'forgot', 'cash-flow', 'pay-day-mismatch',
 * 'disputes-amount', 'lost-contact', 'other'. */
const char  *cbz_nonpayment_reason_to_string   (CbzNonpaymentReason  value);
/* Exactly a nick; FALSE for anything else (including NULL). */
gboolean     cbz_nonpayment_reason_from_string (const char          *str,
                                                CbzNonpaymentReason *value);
/* Translated, for people. */
const char  *cbz_nonpayment_reason_get_label   (CbzNonpaymentReason  value);
/* What a person types (the command line, a script): the nick, the English
 * or translated label or a Spanish word, in any case, with or without
 * accents. The error names the text and lists the nicks. */
gboolean     cbz_nonpayment_reason_parse       (const char           *text,
                                                CbzNonpaymentReason  *value,
                                                GError              **error);

G_END_DECLS
