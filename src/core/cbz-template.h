/* cbz-template.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The template engine shared by collection letters and SMS/WhatsApp/email
 * messages. A template is plain text with `{{variable}}` placeholders; each
 * variable has a Spanish name and an English alias ({{nombre}} = {{name}}),
 * surrounding spaces are allowed ({{ nombre }}) and accents are forgiven
 * ({{días_mora}} = {{dias_mora}}). A single `{` or `}` is literal text.
 *
 * Parsing checks every placeholder against the known variables, so an unknown
 * one is an error with its line and column and is never rendered as braces.
 */

#define CBZ_TEMPLATE_ERROR (cbz_template_error_quark ())

typedef enum
{
  CBZ_TEMPLATE_ERROR_SYNTAX,           /* `{{` without `}}`, empty or multi-line placeholder */
  CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE, /* a placeholder that names no known variable */
  CBZ_TEMPLATE_ERROR_MISSING_VALUE,    /* rendering: the context has no value for a used variable */
} CbzTemplateError;

/* The variables templates may use. */
typedef enum
{
  CBZ_TEMPLATE_VAR_NAME,              /* nombre / name: the customer's name */
  CBZ_TEMPLATE_VAR_CONTACT,           /* contacto / contact: the customer's contact person */
  CBZ_TEMPLATE_VAR_TAX_ID,            /* id_fiscal / tax_id: the customer's tax ID */
  CBZ_TEMPLATE_VAR_OVERDUE_BALANCE,   /* saldo_vencido / overdue_balance: formatted money */
  CBZ_TEMPLATE_VAR_TOTAL_BALANCE,     /* saldo_total / total_balance: all open balance */
  CBZ_TEMPLATE_VAR_TOTAL_DUE,         /* total_a_pagar / total_due: overdue + late fees */
  CBZ_TEMPLATE_VAR_LATE_FEE,          /* cargo_moratorio / late_fee */
  CBZ_TEMPLATE_VAR_DAYS_OVERDUE,      /* dias_mora / days_overdue: of the oldest invoice */
  CBZ_TEMPLATE_VAR_DUE_DATE,          /* fecha_vencimiento / due_date: oldest overdue due date */
  CBZ_TEMPLATE_VAR_INVOICES,          /* facturas / invoices: "A-1, A-2 y A-3" */
  CBZ_TEMPLATE_VAR_INVOICE,           /* factura / invoice: the (oldest) invoice number */
  CBZ_TEMPLATE_VAR_INVOICE_COUNT,     /* numero_facturas / invoice_count */
  CBZ_TEMPLATE_VAR_CURRENCY,          /* moneda / currency: ISO 4217 code */
  CBZ_TEMPLATE_VAR_PAYMENT_LINK,      /* enlace_pago / payment_link */
  CBZ_TEMPLATE_VAR_PAYMENT_REFERENCE, /* referencia_pago / payment_reference */
  CBZ_TEMPLATE_VAR_BANK,              /* banco / bank */
  CBZ_TEMPLATE_VAR_ACCOUNT,           /* cuenta / account: account number, CLABE or CBU */
  CBZ_TEMPLATE_VAR_COMPANY,           /* empresa / company: the creditor's name */
  CBZ_TEMPLATE_VAR_COMPANY_PHONE,     /* telefono_empresa / company_phone */
  CBZ_TEMPLATE_VAR_COMPANY_EMAIL,     /* correo_empresa / company_email */
  CBZ_TEMPLATE_VAR_SIGNER,            /* firmante / signer */
  CBZ_TEMPLATE_VAR_DATE,              /* fecha / date: today, long form */
  CBZ_TEMPLATE_VAR_DEADLINE,          /* fecha_limite / deadline: date by which to pay */
  CBZ_TEMPLATE_N_VARS
} CbzTemplateVar;

typedef struct
{
  CbzTemplateVar  id;
  const char     *name;        /* Spanish, canonical */
  const char     *alias;       /* English */
  const char     *description; /* untranslated: pass through _() for display */
  const char     *example;     /* an example value, for editors' help */
} CbzTemplateVariable;

/* A problem found in a template's text, for editors to show inline. */
typedef struct
{
  CbzTemplateError  code;
  guint             line;      /* 1-based */
  guint             column;    /* 1-based, in characters */
  gsize             offset;    /* byte offset of the placeholder's `{{` */
  gsize             length;    /* bytes up to and including `}}` (or to the end of the line) */
  char             *variable;  /* the name as written (NULL for empty placeholders) */
  char             *message;   /* for a person, translated */
} CbzTemplateDiagnostic;

typedef struct _CbzTemplate        CbzTemplate;
typedef struct _CbzTemplateContext CbzTemplateContext;

GQuark                     cbz_template_error_quark         (void);

/* Variables (for editors and for callers filling a context). */
const CbzTemplateVariable *cbz_template_get_variables       (guint              *n_variables);
const CbzTemplateVariable *cbz_template_lookup_variable     (const char         *name_or_alias);

/* Parsing and rendering. */
CbzTemplate               *cbz_template_new                 (const char         *text,
                                                             GError            **error);
CbzTemplate               *cbz_template_ref                 (CbzTemplate        *self);
void                       cbz_template_unref               (CbzTemplate        *self);
const char                *cbz_template_get_text            (CbzTemplate        *self);
gboolean                   cbz_template_uses                (CbzTemplate        *self,
                                                             CbzTemplateVar      var);
char                      *cbz_template_render              (CbzTemplate        *self,
                                                             CbzTemplateContext *context,
                                                             GError            **error);
char                      *cbz_template_expand              (const char         *text,
                                                             CbzTemplateContext *context,
                                                             GError            **error);

/* Every problem in @text (empty array when none), in text order. */
GPtrArray                 *cbz_template_check               (const char         *text);
void                       cbz_template_diagnostic_free     (CbzTemplateDiagnostic *diagnostic);

/* The values a template is rendered with. Not thread-safe: one per thread. */
CbzTemplateContext        *cbz_template_context_new         (void);
CbzTemplateContext        *cbz_template_context_ref         (CbzTemplateContext *self);
void                       cbz_template_context_unref       (CbzTemplateContext *self);
void                       cbz_template_context_set         (CbzTemplateContext *self,
                                                             CbzTemplateVar      var,
                                                             const char         *value);
void                       cbz_template_context_set_by_name (CbzTemplateContext *self,
                                                             const char         *name_or_alias,
                                                             const char         *value);
const char                *cbz_template_context_get         (CbzTemplateContext *self,
                                                             CbzTemplateVar      var);
CbzTemplateContext        *cbz_template_context_copy        (CbzTemplateContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzTemplate, cbz_template_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzTemplateContext, cbz_template_context_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzTemplateDiagnostic, cbz_template_diagnostic_free)

G_END_DECLS
