/* cbz-payment-method.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * How a payment arrived. The nicks are the values of payments.method. Each
 * value has a stable nick (what sqlite stores and the command line takes)
 * and a translated label, from one table.
 */
typedef enum
{
  CBZ_PAYMENT_METHOD_TRANSFER, /* 'transfer': a bank transfer (SPEI in Mexico) */
  CBZ_PAYMENT_METHOD_CASH,     /* 'cash' */
  CBZ_PAYMENT_METHOD_CARD,     /* 'card' */
  CBZ_PAYMENT_METHOD_CHECK,    /* 'check' */
  CBZ_PAYMENT_METHOD_DEPOSIT,  /* 'deposit' */
  CBZ_PAYMENT_METHOD_OTHER,    /* 'other' */
} CbzPaymentMethod;

#define CBZ_PAYMENT_METHOD_N_VALUES (CBZ_PAYMENT_METHOD_OTHER + 1)

#define CBZ_TYPE_PAYMENT_METHOD (cbz_payment_method_get_type ())
GType        cbz_payment_method_get_type    (void) G_GNUC_CONST;

/* The stable nick: 'transfer', 'cash', 'card', 'check', 'deposit', 'other'. */
const char  *cbz_payment_method_to_string   (CbzPaymentMethod  value);
/* Exactly a nick; FALSE for anything else (including NULL). */
gboolean     cbz_payment_method_from_string (const char       *str,
                                             CbzPaymentMethod *value);
/* Translated, for people. */
const char  *cbz_payment_method_get_label   (CbzPaymentMethod  value);
/* What a person types (the command line, a script): the nick, the English
 * or translated label or a Spanish word, in any case, with or without
 * accents. The error names the text and lists the nicks. */
gboolean     cbz_payment_method_parse       (const char        *text,
                                             CbzPaymentMethod  *value,
                                             GError           **error);

G_END_DECLS
