/* cbz-import.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-date.h"
#include "cbz-invoice.h"
#include "cbz-phone.h"
#include "cbz-tax-id.h"

G_BEGIN_DECLS

/*
 * Types shared by the CSV importer (core, CbzCsvImport), the import writer
 * (store, cbz-import-writer.h), the CLI and the import dialog.
 */

#define CBZ_IMPORT_ERROR (cbz_import_error_quark ())

typedef enum
{
  CBZ_IMPORT_ERROR_ENCODING,          /* the bytes are not text in the (given) encoding */
  CBZ_IMPORT_ERROR_EMPTY_FILE,        /* no header, or a header and no rows */
  CBZ_IMPORT_ERROR_TOO_LARGE,         /* over 4 GiB */
  CBZ_IMPORT_ERROR_BAD_QUOTING,       /* a quoted field never closed */
  CBZ_IMPORT_ERROR_BAD_ROW,           /* more values than the header has columns */
  CBZ_IMPORT_ERROR_MISSING_COLUMN,    /* no column for a field every invoice needs */
  CBZ_IMPORT_ERROR_MISSING_VALUE,     /* an empty cell where a value is needed */
  CBZ_IMPORT_ERROR_BAD_DATE,
  CBZ_IMPORT_ERROR_BAD_AMOUNT,
  CBZ_IMPORT_ERROR_BAD_CURRENCY,
  CBZ_IMPORT_ERROR_BAD_TAX_ID,
  CBZ_IMPORT_ERROR_BAD_PHONE,
  CBZ_IMPORT_ERROR_BAD_EMAIL,
  CBZ_IMPORT_ERROR_BAD_STATUS,
  CBZ_IMPORT_ERROR_BAD_LANGUAGE,
  CBZ_IMPORT_ERROR_BAD_COUNTRY,
  CBZ_IMPORT_ERROR_DUPLICATE_INVOICE, /* the same customer and invoice number twice in the file */
  CBZ_IMPORT_ERROR_HAS_PROBLEMS,      /* all-or-nothing commit refused: rows have problems */
  CBZ_IMPORT_ERROR_NOT_VALIDATED,     /* commit before load/validate finished */
} CbzImportError;

/* What a column holds. */
typedef enum
{
  CBZ_IMPORT_FIELD_NONE,            /* ignored */
  CBZ_IMPORT_FIELD_CUSTOMER_NAME,
  CBZ_IMPORT_FIELD_TAX_ID,
  CBZ_IMPORT_FIELD_CONTACT,
  CBZ_IMPORT_FIELD_PHONE,
  CBZ_IMPORT_FIELD_MOBILE,
  CBZ_IMPORT_FIELD_WHATSAPP,
  CBZ_IMPORT_FIELD_EMAIL,
  CBZ_IMPORT_FIELD_ADDRESS,
  CBZ_IMPORT_FIELD_CITY,
  CBZ_IMPORT_FIELD_REGION,
  CBZ_IMPORT_FIELD_POSTAL_CODE,
  CBZ_IMPORT_FIELD_COUNTRY,
  CBZ_IMPORT_FIELD_LANGUAGE,
  CBZ_IMPORT_FIELD_TAGS,
  CBZ_IMPORT_FIELD_INVOICE_NUMBER,
  CBZ_IMPORT_FIELD_ISSUE_DATE,
  CBZ_IMPORT_FIELD_DUE_DATE,
  CBZ_IMPORT_FIELD_AMOUNT,
  CBZ_IMPORT_FIELD_BALANCE,
  CBZ_IMPORT_FIELD_CURRENCY,
  CBZ_IMPORT_FIELD_STATUS,
  CBZ_IMPORT_FIELD_DESCRIPTION,
  CBZ_IMPORT_N_FIELDS
} CbzImportField;

typedef enum
{
  CBZ_IMPORT_MODE_ALL_OR_NOTHING,   /* any bad row: nothing is written (the default) */
  CBZ_IMPORT_MODE_VALID_ROWS_ONLY,  /* bad rows are skipped and reported */
} CbzImportMode;

#define CBZ_TYPE_IMPORT_FIELD (cbz_import_field_get_type ())
#define CBZ_TYPE_IMPORT_MODE (cbz_import_mode_get_type ())
#define CBZ_TYPE_IMPORT_PROBLEM (cbz_import_problem_get_type ())

GType           cbz_import_field_get_type      (void) G_GNUC_CONST;
GType           cbz_import_mode_get_type       (void) G_GNUC_CONST;
GQuark          cbz_import_error_quark         (void);

/* A short translated name for the column chooser: "Due date". */
const char     *cbz_import_field_get_label     (CbzImportField field);
/* Whether every file needs a column for it (name, number, due date, amount or balance). */
gboolean        cbz_import_field_is_required   (CbzImportField field);
/* Recognises a header as written in Spanish or English ("Fecha de
 * vencimiento", "RAZÓN SOCIAL", "Amount due"); CBZ_IMPORT_FIELD_NONE when
 * it is not one we know. */
CbzImportField  cbz_import_field_from_header   (const char    *header);

/*
 * One problem, as the person will read it: @row is the spreadsheet row
 * (the header is row 1; 0 for problems with the whole file), @column the
 * column index (-1 for the whole row or file), @column_name the header as
 * written in the file, @value the cell as written. @message is the full
 * sentence ("row 17, column “vencimiento”: “31/02/2024” is not a valid
 * date"), @reason the part after the colon.
 *
 * A @warning does not stop its row: a tax ID that does not check out is
 * imported as written and the customer's ID marked unverified; a phone
 * number, email address, language or country that cannot be read is left
 * out; a status that cannot be read is taken from the amounts. Only what
 * makes a row unusable is an error, and refuses the row: no name, no
 * invoice number, no due date, a date or amount that cannot be read, an
 * unknown currency, figures that contradict each other, values beyond the
 * header's columns, the same invoice twice.
 */
typedef struct
{
  guint           row;
  int             column;
  char           *column_name;
  char           *value;
  CbzImportError  code;
  char           *reason;
  char           *message;
  gboolean        warning;
} CbzImportProblem;

GType             cbz_import_problem_get_type  (void) G_GNUC_CONST;
CbzImportProblem *cbz_import_problem_new       (guint             row,
                                                int               column,
                                                const char       *column_name,
                                                const char       *value,
                                                CbzImportError    code,
                                                const char       *reason);
/* The same, for a warning. */
CbzImportProblem *cbz_import_warning_new       (guint             row,
                                                int               column,
                                                const char       *column_name,
                                                const char       *value,
                                                CbzImportError    code,
                                                const char       *reason);
CbzImportProblem *cbz_import_problem_copy      (const CbzImportProblem *problem);
void              cbz_import_problem_free      (CbzImportProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzImportProblem, cbz_import_problem_free)

/*
 * One valid row, typed and normalised (see cbz_csv_import_get_record()).
 * Strings point into the import's own buffer and are valid until the import
 * is reloaded or freed; empty cells are NULL. Reuse one record for many
 * rows: the fetch overwrites it without allocating.
 */
typedef struct
{
  guint             row;              /* spreadsheet row */
  const char       *customer_name;
  GString          *name_key;         /* cbz_text_normalize_name (customer_name) */
  gboolean          has_tax_id;       /* a tax ID that checked out, in tax_id */
  CbzTaxId          tax_id;           /* else kind and country say what unverified_tax_id was taken for */
  const char       *unverified_tax_id; /* one that did not check out, as written; NULL otherwise */
  CbzTaxIdError     tax_id_problem;   /* why not (CHECK_DIGIT or INVALID), with unverified_tax_id */
  const char       *contact;
  char              phone[CBZ_PHONE_E164_SIZE];     /* "" when none */
  char              mobile[CBZ_PHONE_E164_SIZE];
  char              whatsapp[CBZ_PHONE_E164_SIZE];
  GString          *email;            /* addresses joined with ", "; empty when none */
  const char       *address;
  const char       *city;
  const char       *region;
  const char       *postal_code;
  char              country[3];       /* ISO 3166-1, "" when none */
  char              language[4];      /* "es", "en", "pt"; "" when none */
  const char       *tags;             /* as written; split with cbz_import_record_split_tags() */
  const char       *invoice_number;
  CbzDate           issue_date;       /* may be unset */
  CbzDate           due_date;
  char              currency[4];
  gint64            amount;           /* minor units */
  gint64            balance;
  CbzInvoiceStatus  status;
  const char       *description;
} CbzImportRecord;

void   cbz_import_record_init         (CbzImportRecord *record);
void   cbz_import_record_clear        (CbzImportRecord *record);
/* "vip, norte; mayoreo" -> { "vip", "norte", "mayoreo" } (transfer full) */
GStrv  cbz_import_record_split_tags   (const CbzImportRecord *record);

G_END_DECLS
