/* cbz-debtor.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-event.h"
#include "cbz-tax-id.h"

G_BEGIN_DECLS

/*
 * A customer who owes money: every column of the `debtors` table plus its
 * tags. A reference-counted plain struct: read and fill the fields directly;
 * strings are owned by the struct (g_free'd by the last unref), NULL when the
 * column is NULL.
 */
typedef struct
{
  gint64    id;
  char     *name;
  char     *name_key;        /* normalised for matching */
  char     *tax_id;          /* normalised (uppercase, no spaces, dots or dashes) when it
                              * checked out; as written when it did not */
  char     *tax_id_kind;     /* 'RFC', 'RUT', 'CUIT', 'NIT', 'RUC' or NULL */
  char     *tax_id_problem;  /* NULL when the tax ID checked out (or there is none);
                              * 'check-digit' or 'invalid': kept as written, unverified */
  char     *contact_person;
  char     *phone;           /* E.164 */
  char     *mobile;          /* E.164 */
  char     *whatsapp;        /* E.164 */
  char     *email;           /* one or more, separated by ", " */
  char     *address;
  char     *city;
  char     *region;
  char     *postal_code;
  char     *country;         /* ISO 3166-1 alpha-2 */
  char     *language;        /* 'es' unless told otherwise */
  char     *currency;        /* main currency, ISO 4217 */
  gboolean  opt_out_sms;
  gboolean  opt_out_whatsapp;
  gboolean  opt_out_email;
  gboolean  opt_out_letter;
  gboolean  opt_out_call;
  char     *notes;
  gint64    created_at;      /* µs since the epoch, UTC */
  gint64    updated_at;
  GStrv     tags;            /* NULL-terminated, sorted; never NULL once read from the store */
} CbzDebtor;

#define CBZ_TYPE_DEBTOR (cbz_debtor_get_type ())
GType       cbz_debtor_get_type        (void) G_GNUC_CONST;

CbzDebtor  *cbz_debtor_new             (void);
CbzDebtor  *cbz_debtor_ref             (CbzDebtor       *debtor);
void        cbz_debtor_unref           (CbzDebtor       *debtor);

/* The opt-out flag for @channel: SMS, WhatsApp, email, letter and phone
 * (calls) have one; other channels are never opted out. */
gboolean    cbz_debtor_get_opt_out     (const CbzDebtor *debtor,
                                        CbzEventChannel  channel);
void        cbz_debtor_set_opt_out     (CbzDebtor       *debtor,
                                        CbzEventChannel  channel,
                                        gboolean         opt_out);
gboolean    cbz_debtor_has_tag         (const CbzDebtor *debtor,
                                        const char      *tag);

/* Sets tax_id, tax_id_kind and tax_id_problem from what a person typed or
 * a file said, checked as cbz_tax_id_parse() does (the customer's country
 * settles shared shapes). An ID that checks out is stored normalised; one
 * that does not is kept as written, marked unverified: the ID is set
 * either way. Empty text removes the ID. Returns TRUE when the ID checked
 * out (or was removed), FALSE with @error saying why it did not. */
gboolean    cbz_debtor_set_tax_id      (CbzDebtor       *debtor,
                                        const char      *text,
                                        GError         **error);
/* FALSE for a tax ID kept as written because it did not check out. */
gboolean    cbz_debtor_tax_id_is_verified (const CbzDebtor *debtor);
/* Why the customer's tax ID is unverified, in a sentence for the person
 * ("“GODE561231GR9” is not a valid RFC: its check digit does not match…"),
 * or NULL when it is verified or there is none. */
char       *cbz_debtor_describe_tax_id_problem (const CbzDebtor *debtor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzDebtor, cbz_debtor_unref)

G_END_DECLS
