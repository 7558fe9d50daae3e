/* cbz-letter.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-date.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * Everything one collection letter says about its recipient: who, which
 * overdue invoices, in which language, at which level, on which date. A plain
 * value built from the store (cbz_letter_new_from_store) or by hand (tests,
 * benchmarks); the renderer turns it into pages.
 */

#define CBZ_LETTER_ERROR (cbz_letter_error_quark ())

typedef enum
{
  CBZ_LETTER_ERROR_NO_COMPANY,     /* the company profile has no name */
  CBZ_LETTER_ERROR_NOTHING_OVERDUE,/* the customer owes nothing overdue */
  CBZ_LETTER_ERROR_OPTED_OUT,      /* the customer asked for no letters */
  CBZ_LETTER_ERROR_TEMPLATE,       /* the template cannot be used (see the message) */
  CBZ_LETTER_ERROR_IMAGE,          /* the logo or signature is not a readable PNG */
  CBZ_LETTER_ERROR_WRITE,          /* the PDF could not be written */
} CbzLetterError;

typedef enum
{
  CBZ_LETTER_LEVEL_REMINDER = 1,   /* friendly reminder */
  CBZ_LETTER_LEVEL_NOTICE   = 2,   /* formal notice */
  CBZ_LETTER_LEVEL_FINAL    = 3,   /* final notice before escalation */
} CbzLetterLevel;

#define CBZ_LETTER_N_LEVELS 3

typedef struct
{
  gint64  invoice_id;    /* 0 when not from the store */
  char   *number;
  CbzDate issue_date;    /* may be unset */
  CbzDate due_date;
  gint32  days_overdue;
  gint64  balance;       /* minor units of the letter's currency */
} CbzLetterInvoice;

typedef struct
{
  gint64          debtor_id;       /* 0 when not from the store */
  char           *name;
  char           *contact_person;
  char           *tax_id;
  char           *tax_id_kind;
  char           *address;
  char           *city;
  char           *region;
  char           *postal_code;
  char           *country;         /* ISO 3166-1 alpha-2 */
  char           *language;        /* "es" or "en" */
  char           *currency;        /* ISO 4217; every invoice is in it */
  CbzDate         date;            /* the letter's date */
  CbzLetterLevel  level;
  GPtrArray      *invoices;        /* (element-type CbzLetterInvoice), oldest due first */
} CbzLetter;

GQuark            cbz_letter_error_quark       (void);

#define CBZ_TYPE_LETTER (cbz_letter_get_type ())
GType             cbz_letter_get_type          (void) G_GNUC_CONST;

CbzLetter        *cbz_letter_new               (void);
CbzLetter        *cbz_letter_copy              (const CbzLetter *self);
void              cbz_letter_free              (CbzLetter       *self);
CbzLetterInvoice *cbz_letter_add_invoice       (CbzLetter       *self,
                                                const char      *number,
                                                CbzDate          issue_date,
                                                CbzDate          due_date,
                                                gint64           balance);
gint64            cbz_letter_get_overdue_total (const CbzLetter *self);
/* "es" or "en": the languages letters are written in. */
const char       *cbz_letter_get_language      (const CbzLetter *self);

/*
 * Builds the letter for @debtor_id from the store: the debtor's overdue,
 * undisputed invoices in the debtor's main currency, with at least
 * @min_days_overdue days overdue, as of the store's today. @language NULL
 * uses the debtor's.
 */
CbzLetter        *cbz_letter_new_from_store    (CbzStore        *store,
                                                gint64           debtor_id,
                                                CbzLetterLevel   level,
                                                const char      *language,
                                                int              min_days_overdue,
                                                GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzLetter, cbz_letter_free)

G_END_DECLS
