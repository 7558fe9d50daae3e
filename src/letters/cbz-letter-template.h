/* cbz-letter-template.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-company-profile.h"
#include "cbz-letter.h"
#include "cbz-store.h"
#include "cbz-template.h"

G_BEGIN_DECLS

/*
 * A letter template is template text (see cbz-template.h) in this shape:
 *
 *   Asunto: Aviso de saldo vencido — {{saldo_vencido}}     (or Subject:)
 *   Saludo: Estimado(a) {{contacto}}:                      (or Salutation:)
 *   Despedida: Atentamente,                                (or Closing:)
 *
 *   First paragraph…
 *
 *   [facturas]        (or [invoices]: where the invoice table and totals go)
 *
 *   Another paragraph…
 *
 *   [pago]            (or [payment]: where the payment instructions go)
 *
 * Paragraphs are separated by blank lines. Without [facturas] the table
 * follows the first paragraph; without [pago] the instructions follow the
 * table.
 *
 * A letter says nothing it has no value for (a company profile may hold
 * only a name): a sentence that names a variable without a value is left
 * out, and square brackets around text with a variable offer choices
 * separated by "|", of which the first whose variables all have values is
 * printed (or nothing):
 *
 *   [Llámenos al {{telefono_empresa}} o escríbanos a {{correo_empresa}}.|
 *    Llámenos al {{telefono_empresa}}.|Escríbanos a {{correo_empresa}}.]
 */

typedef enum
{
  CBZ_LETTER_BLOCK_PARAGRAPH,
  CBZ_LETTER_BLOCK_INVOICES,
  CBZ_LETTER_BLOCK_PAYMENT,
} CbzLetterBlockKind;

typedef struct
{
  CbzLetterBlockKind  kind;
  char               *text;   /* rendered, for paragraphs */
} CbzLetterBlock;

typedef struct
{
  char      *subject;
  char      *salutation;
  char      *closing;
  GPtrArray *blocks;          /* (element-type CbzLetterBlock) */
} CbzLetterContent;

/* The built-in text of @level in @language ("es" or "en"). */
char             *cbz_letter_template_get_builtin   (CbzLetterLevel     level,
                                                     const char        *language);
/* The user's edit if any, else the built-in text. */
char             *cbz_letter_template_load          (CbzStore          *store,
                                                     CbzLetterLevel     level,
                                                     const char        *language,
                                                     gboolean          *out_custom,
                                                     GError           **error);
/* Checks @text (CBZ_TEMPLATE_ERROR on an unknown variable) and keeps it. */
gboolean          cbz_letter_template_save          (CbzStore          *store,
                                                     CbzLetterLevel     level,
                                                     const char        *language,
                                                     const char        *text,
                                                     GError           **error);
/* Goes back to the built-in text. */
gboolean          cbz_letter_template_reset         (CbzStore          *store,
                                                     CbzLetterLevel     level,
                                                     const char        *language,
                                                     GError           **error);

/* The values of every variable for @letter sent by @profile. */
CbzTemplateContext *cbz_letter_build_context        (const CbzLetter          *letter,
                                                     const CbzCompanyProfile  *profile);

/* Splits and fills in @text (cbz-letter-content.c); CBZ_TEMPLATE_ERROR with
 * line and column on a bad template. */
CbzLetterContent *cbz_letter_content_new            (const char          *text,
                                                     CbzTemplateContext  *context,
                                                     GError             **error);
void              cbz_letter_content_free           (CbzLetterContent    *content);

/* Formatting in the letter's language and currency (thread-safe). */
char             *cbz_letter_format_money           (const CbzLetter     *letter,
                                                     gint64               minor);
char             *cbz_letter_format_date_long       (const CbzLetter     *letter,
                                                     CbzDate              date);
char             *cbz_letter_format_date_short      (const CbzLetter     *letter,
                                                     CbzDate              date);
/* The late fee of one invoice under @profile's terms, in minor units. */
gint64            cbz_letter_compute_late_fee       (const CbzCompanyProfile *profile,
                                                     gint64               balance,
                                                     gint32               days_overdue);
/* Days a level gives the customer to pay, counted from the letter's date. */
int               cbz_letter_level_get_grace_days   (CbzLetterLevel      level);
const char       *cbz_letter_level_get_label        (CbzLetterLevel      level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzLetterContent, cbz_letter_content_free)

G_END_DECLS
