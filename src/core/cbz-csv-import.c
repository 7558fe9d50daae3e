/* cbz-csv-import.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "cbz-csv-import.h"
#include "cbz-csv-reader.h"
#include "cbz-csv-writer.h"
#include "cbz-locale-private.h"
#include "cbz-money.h"
#include "cbz-text.h"

typedef enum
{
  ROW_VALID,
  ROW_INVALID,
  ROW_BLANK,
} RowState;

/* The typed invoice half of a valid row, kept from validation so that the
 * writer neither parses dates and amounts a second time nor goes back to the
 * cells, which it reads in customer order, far from file order (48 bytes). */
typedef struct
{
  const char *number;       /* into the table's buffer */
  const char *description;
  gint64      amount;
  gint64      balance;
  CbzDate     issue_date;
  CbzDate     due_date;
  char        currency[4];
  guint8      status;
} InvoiceCache;

struct _CbzCsvImport
{
  GObject          parent_instance;

  GFile           *file;
  char            *display_name;
  char            *encoding_option;
  char             delimiter_option;
  char            *default_country;
  char            *default_currency;

  CbzCsvTable     *table;
  guint            n_columns;
  CbzImportField  *mapping;                       /* per column */
  int              field_column[CBZ_IMPORT_N_FIELDS];
  CbzTaxIdKind     tax_id_kind_hint;              /* from a header like "RUT" */
  CbzDateOrder     date_order;

  GPtrArray       *problems;
  guint            n_problems;
  guint8          *row_state;                     /* RowState per data row */
  InvoiceCache    *invoice_cache;                 /* per data row, valid rows only */
  guint32         *customer_row;                  /* per data row: see cbz_csv_import_get_customer_row() */
  guint            n_valid;
  guint            n_invalid;
  guint            n_blank;
  gboolean         validated;
  gboolean         has_file_problems;

  gboolean         busy;
  int              progress_permille;             /* atomic */
  int              progress_pending;              /* atomic */
  GMainContext    *progress_context;
};

/* Where the checking puts the problems it finds: the first
 * CBZ_CSV_IMPORT_MAX_PROBLEMS of them, and how many there are in all. Each
 * thread checking rows has its own. */
typedef struct
{
  GPtrArray *array;
  guint      n;
} Problems;

/* Rows repeat their customer's cells (one row per invoice): the customer
 * half of a row is checked once per distinct set of cells. */
typedef struct _CustomerMemo CustomerMemo;
struct _CustomerMemo
{
  gboolean      valid;            /* the customer cells have no problem */
  guint32       first_valid_row;  /* G_MAXUINT32 until a whole row of it is valid */
  const char   *customer_key;     /* tax ID, else "\n" + name key */
  /* Checked on two threads: each has its own memos, merged by cells. */
  const char   *cells;
  CustomerMemo *merged;
};

static const CbzImportField customer_fields[] = {
  CBZ_IMPORT_FIELD_CUSTOMER_NAME, CBZ_IMPORT_FIELD_TAX_ID, CBZ_IMPORT_FIELD_CONTACT,
  CBZ_IMPORT_FIELD_PHONE, CBZ_IMPORT_FIELD_MOBILE, CBZ_IMPORT_FIELD_WHATSAPP,
  CBZ_IMPORT_FIELD_EMAIL, CBZ_IMPORT_FIELD_ADDRESS, CBZ_IMPORT_FIELD_CITY,
  CBZ_IMPORT_FIELD_REGION, CBZ_IMPORT_FIELD_POSTAL_CODE, CBZ_IMPORT_FIELD_COUNTRY,
  CBZ_IMPORT_FIELD_LANGUAGE, CBZ_IMPORT_FIELD_TAGS, CBZ_IMPORT_FIELD_CURRENCY,
};

enum {
  PROP_0,
  PROP_FILE,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CbzCsvImport, cbz_csv_import, G_TYPE_OBJECT)

#define PROGRESS_ROWS 16384

static const struct
{
  const char *word;
  const char *code;
} language_words[] = {
  { "es", "es" }, { "espanol", "es" }, { "spanish", "es" }, { "castellano", "es" },
  { "en", "en" }, { "ingles", "en" }, { "english", "en" },
  { "pt", "pt" }, { "portugues", "pt" }, { "portuguese", "pt" },
};

static const struct
{
  const char *word;
  const char *code;
} country_words[] = {
  { "mexico", "MX" }, { "chile", "CL" }, { "colombia", "CO" }, { "peru", "PE" },
  { "argentina", "AR" }, { "ecuador", "EC" }, { "guatemala", "GT" }, { "brasil", "BR" },
  { "brazil", "BR" }, { "uruguay", "UY" }, { "paraguay", "PY" }, { "bolivia", "BO" },
  { "venezuela", "VE" }, { "costa rica", "CR" }, { "panama", "PA" }, { "honduras", "HN" },
  { "nicaragua", "NI" }, { "el salvador", "SV" }, { "republica dominicana", "DO" },
  { "puerto rico", "PR" }, { "espana", "ES" }, { "spain", "ES" }, { "estados unidos", "US" },
  { "united states", "US" }, { "usa", "US" }, { "eeuu", "US" }, { "ee uu", "US" },
  { "canada", "CA" },
};

static const struct
{
  const char       *word;
  CbzInvoiceStatus  status;
} status_words[] = {
  { "open", CBZ_INVOICE_STATUS_OPEN }, { "abierta", CBZ_INVOICE_STATUS_OPEN },
  { "abierto", CBZ_INVOICE_STATUS_OPEN }, { "pendiente", CBZ_INVOICE_STATUS_OPEN },
  { "vigente", CBZ_INVOICE_STATUS_OPEN }, { "vencida", CBZ_INVOICE_STATUS_OPEN },
  { "por cobrar", CBZ_INVOICE_STATUS_OPEN }, { "unpaid", CBZ_INVOICE_STATUS_OPEN },
  { "overdue", CBZ_INVOICE_STATUS_OPEN }, { "due", CBZ_INVOICE_STATUS_OPEN },
  { "paid", CBZ_INVOICE_STATUS_PAID }, { "pagada", CBZ_INVOICE_STATUS_PAID },
  { "pagado", CBZ_INVOICE_STATUS_PAID }, { "cobrada", CBZ_INVOICE_STATUS_PAID },
  { "liquidada", CBZ_INVOICE_STATUS_PAID }, { "saldada", CBZ_INVOICE_STATUS_PAID },
  { "partially paid", CBZ_INVOICE_STATUS_PARTIALLY_PAID }, { "partial", CBZ_INVOICE_STATUS_PARTIALLY_PAID },
  { "partially paid", CBZ_INVOICE_STATUS_PARTIALLY_PAID }, { "parcial", CBZ_INVOICE_STATUS_PARTIALLY_PAID },
  { "pago parcial", CBZ_INVOICE_STATUS_PARTIALLY_PAID }, { "abonada", CBZ_INVOICE_STATUS_PARTIALLY_PAID },
  { "parcialmente pagada", CBZ_INVOICE_STATUS_PARTIALLY_PAID },
  { "disputed", CBZ_INVOICE_STATUS_DISPUTED }, { "disputa", CBZ_INVOICE_STATUS_DISPUTED },
  { "en disputa", CBZ_INVOICE_STATUS_DISPUTED }, { "disputada", CBZ_INVOICE_STATUS_DISPUTED },
  { "reclamada", CBZ_INVOICE_STATUS_DISPUTED }, { "en reclamo", CBZ_INVOICE_STATUS_DISPUTED },
  { "written off", CBZ_INVOICE_STATUS_WRITTEN_OFF }, { "write off", CBZ_INVOICE_STATUS_WRITTEN_OFF },
  { "castigada", CBZ_INVOICE_STATUS_WRITTEN_OFF }, { "incobrable", CBZ_INVOICE_STATUS_WRITTEN_OFF },
  { "cancelada", CBZ_INVOICE_STATUS_WRITTEN_OFF }, { "anulada", CBZ_INVOICE_STATUS_WRITTEN_OFF },
};

/* Progress is written by the worker and read by the main thread: the value
 * is an atomic, and at most one notification is queued at a time. */
static gboolean
notify_progress_cb (gpointer data)
{
  CbzCsvImport *self = data;

  g_atomic_int_set (&self->progress_pending, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  return G_SOURCE_REMOVE;
}

static void
set_progress (CbzCsvImport *self,
              double        fraction)
{
  int permille = (int) (CLAMP (fraction, 0.0, 1.0) * 1000);

  if (g_atomic_int_get (&self->progress_permille) == permille)
    return;
  g_atomic_int_set (&self->progress_permille, permille);

  if (self->progress_context == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
      return;
    }
  if (g_atomic_int_compare_and_exchange (&self->progress_pending, 0, 1))
    {
      GSource *source = g_idle_source_new ();

      /* Same priority as the task's completion, so the last figure arrives before it. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, notify_progress_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[cobranza] import progress");
      g_source_attach (source, self->progress_context);
      g_source_unref (source);
    }
}

static void
table_progress_cb (double   fraction,
                   gpointer user_data)
{
  /* Reading and splitting the file is the first half of loading. */
  set_progress (user_data, 0.05 + fraction * 0.45);
}

static const char *
currency_for_country (const char *country)
{
  static const char * const usd_countries[] = { "EC", "SV", "PA", "PR" };

  for (guint i = 0; i < G_N_ELEMENTS (usd_countries); i++)
    {
      if (g_strcmp0 (country, usd_countries[i]) == 0)
        return "USD";
    }
  for (const char * const *c = cbz_currency_list (); *c != NULL; c++)
    {
      if (g_strcmp0 (cbz_currency_get_country (*c), country) == 0)
        return *c;
    }
  return "MXN";
}

static const char *
cell (CbzCsvImport   *self,
      guint           index,
      CbzImportField  field)
{
  int column = self->field_column[field];
  const char *value;

  if (column < 0)
    return NULL;
  /* Without the apostrophe a CSV writer puts before a formula (ours does:
   * cbz-csv-writer.h), so an export reads back as it was. */
  value = cbz_csv_cell_unguard (cbz_csv_table_get_cell (self->table, index + 1, column));
  return value[0] != '\0' ? value : NULL;
}

static gboolean
row_is_blank (CbzCsvImport *self,
              guint         index)
{
  guint n = cbz_csv_table_get_n_fields (self->table, index + 1);

  for (guint i = 0; i < n; i++)
    {
      if (cbz_csv_table_get_cell (self->table, index + 1, i)[0] != '\0')
        return FALSE;
    }
  return TRUE;
}

/* Adds a problem (or, with @problems NULL, only says there is one). */
static void
add_problem (CbzCsvImport   *self,
             Problems       *problems,
             guint           index,
             CbzImportField  field,
             CbzImportError  code,
             const char     *reason)
{
  int column;

  if (problems == NULL)
    return;
  problems->n++;
  if (problems->array->len >= CBZ_CSV_IMPORT_MAX_PROBLEMS)
    return;
  column = field != CBZ_IMPORT_FIELD_NONE ? self->field_column[field] : -1;
  g_ptr_array_add (problems->array,
                   cbz_import_problem_new (index + 2, column,
                                           column >= 0 ? cbz_csv_import_get_header (self, column) : NULL,
                                           column >= 0 ? cbz_csv_table_get_cell (self->table, index + 1, column) : NULL,
                                           code, reason));
}

static void
add_error_problem (CbzCsvImport   *self,
                   Problems       *problems,
                   guint           index,
                   CbzImportField  field,
                   CbzImportError  code,
                   GError         *error)
{
  add_problem (self, problems, index, field, code, error->message);
}

static gboolean
lookup_word (const char *text,
             const char *table_word)
{
  return g_str_equal (text, table_word);
}

static gboolean
parse_language (const char *text,
                char        language[4])
{
  g_autofree char *key = cbz_text_normalize_name (text);
  char *underscore;

  /* "es_MX", "es-CL": the language part. */
  underscore = strpbrk (key, " _");
  if (underscore != NULL && strlen (key) <= 6)
    *underscore = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (language_words); i++)
    {
      if (lookup_word (key, language_words[i].word))
        {
          g_strlcpy (language, language_words[i].code, 4);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
parse_country (const char *text,
               char        country[3])
{
  g_autofree char *key = cbz_text_normalize_name (text);

  if (strlen (key) == 2 && g_ascii_isalpha (key[0]) && g_ascii_isalpha (key[1]))
    {
      country[0] = g_ascii_toupper (key[0]);
      country[1] = g_ascii_toupper (key[1]);
      country[2] = '\0';
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (country_words); i++)
    {
      if (lookup_word (key, country_words[i].word))
        {
          g_strlcpy (country, country_words[i].code, 3);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
parse_status (const char       *text,
              CbzInvoiceStatus *status)
{
  g_autofree char *key = NULL;
  char ascii[32];
  gsize n = 0;

  if (cbz_invoice_status_from_string (text, status))
    return TRUE;

  /* Plain lowercase ASCII ("abierta", "pagada") needs no normalising. */
  while (n < sizeof ascii - 1 && text[n] != '\0' && g_ascii_islower (text[n]))
    {
      ascii[n] = text[n];
      n++;
    }
  ascii[n] = '\0';
  key = text[n] == '\0' ? NULL : cbz_text_normalize_name (text);
  for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
    {
      if (lookup_word (key != NULL ? key : ascii, status_words[i].word))
        {
          *status = status_words[i].status;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
email_is_valid (const char *address,
                gsize       len)
{
  const char *at = memchr (address, '@', len);
  const char *dot;

  if (at == NULL || at == address || memchr (at + 1, '@', len - (at + 1 - address)) != NULL)
    return FALSE;
  dot = memchr (at + 1, '.', len - (at + 1 - address));
  if (dot == NULL || dot == at + 1 || address[len - 1] == '.')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if ((guchar) address[i] <= ' ' || address[i] == '<' || address[i] == '>' || address[i] == '"')
        return FALSE;
    }
  return TRUE;
}

/* "ana@x.mx; pagos@x.mx" -> "ana@x.mx, pagos@x.mx". */
static gboolean
parse_emails (const char *text,
              GString    *out)
{
  const char *p = text;

  g_string_truncate (out, 0);
  while (*p != '\0')
    {
      gsize len;

      while (*p == ' ' || *p == ',' || *p == ';' || *p == '\n' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      len = strcspn (p, " ,;\n\t");
      if (!email_is_valid (p, len))
        return FALSE;
      if (out->len > 0)
        g_string_append (out, ", ");
      for (gsize i = 0; i < len; i++)
        g_string_append_c (out, g_ascii_tolower (p[i]));
      p += len;
    }
  return TRUE;
}

static gboolean
parse_phone_field (CbzCsvImport    *self,
                   Problems        *problems,
                   guint            index,
                   CbzImportField   field,
                   const char      *country,
                   char             out[CBZ_PHONE_E164_SIZE])
{
  g_autoptr(GError) error = NULL;
  const char *text = cell (self, index, field);

  out[0] = '\0';
  if (text == NULL)
    return TRUE;
  if (cbz_phone_normalize_into (text, country, out, &error))
    return TRUE;
  out[0] = '\0';
  add_error_problem (self, problems, index, field, CBZ_IMPORT_ERROR_BAD_PHONE, error);
  return FALSE;
}

/* Reads an amount; the currency it names (if any) must agree with the row's. */
static gboolean
parse_amount_field (CbzCsvImport    *self,
                    Problems        *problems,
                    guint            index,
                    CbzImportField   field,
                    char             currency[4],
                    gboolean         currency_fixed,
                    gboolean        *present,
                    gint64          *minor)
{
  g_autoptr(GError) error = NULL;
  const char *text = cell (self, index, field);
  CbzMoney money;

  *present = text != NULL;
  *minor = 0;
  if (text == NULL)
    return TRUE;
  if (!cbz_money_parse (text, currency, &money, &error))
    {
      add_error_problem (self, problems, index, field, CBZ_IMPORT_ERROR_BAD_AMOUNT, error);
      return FALSE;
    }
  if (strncmp (money.currency, currency, 3) != 0)
    {
      if (currency_fixed)
        {
          g_autofree char *reason =
            /* Translators: “US$ 100” is in USD, but the row’s currency is MXN */
            g_strdup_printf (_("“%s” is in %s, but the row’s currency is %s"),
                             text, money.currency, currency);

          add_problem (self, problems, index, field, CBZ_IMPORT_ERROR_BAD_AMOUNT, reason);
          return FALSE;
        }
      memcpy (currency, money.currency, 4);
    }
  *minor = money.minor;
  return TRUE;
}

static gboolean
missing (CbzCsvImport   *self,
         Problems       *problems,
         guint           index,
         CbzImportField  field,
         const char     *reason)
{
  add_problem (self, problems, index, field, CBZ_IMPORT_ERROR_MISSING_VALUE, reason);
  return FALSE;
}

/* Types and checks data row @index into @record. With @problems, reports
 * every problem of the row; without, stops at the first. */
static gboolean
convert_row (CbzCsvImport         *self,
             guint                 index,
             CbzImportRecordParts  parts,
             CbzImportRecord      *record,
             Problems             *problems)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  gboolean currency_fixed = FALSE;
  gboolean has_amount = FALSE;
  gboolean has_balance = FALSE;
  const char *country;
  const char *text;
  const char *status_text;

#define CHECK(expr) G_STMT_START { if (!(expr)) { ok = FALSE; if (problems == NULL) return FALSE; } } G_STMT_END

  record->row = index + 2;
  g_strlcpy (record->currency, self->default_currency, sizeof record->currency);
  if (parts & CBZ_IMPORT_RECORD_CUSTOMER)
    {
      record->customer_name = cell (self, index, CBZ_IMPORT_FIELD_CUSTOMER_NAME);
      g_string_truncate (record->name_key, 0);
      if (record->customer_name == NULL)
        CHECK (missing (self, problems, index, CBZ_IMPORT_FIELD_CUSTOMER_NAME,
                        _("the customer’s name is empty")));
      else
        {
          cbz_text_normalize_name_into (record->customer_name, -1, record->name_key);
          if (record->name_key->len == 0)
            CHECK (missing (self, problems, index, CBZ_IMPORT_FIELD_CUSTOMER_NAME,
                            _("the customer’s name has no letters or digits")));
        }

      record->country[0] = '\0';
      if ((text = cell (self, index, CBZ_IMPORT_FIELD_COUNTRY)) != NULL &&
          !parse_country (text, record->country))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a country this program knows; use a two-letter code such as MX, CL or CO"), text);

          add_problem (self, problems, index, CBZ_IMPORT_FIELD_COUNTRY, CBZ_IMPORT_ERROR_BAD_COUNTRY, reason);
          CHECK (FALSE);
        }
      country = record->country[0] != '\0' ? record->country : self->default_country;

      record->has_tax_id = FALSE;
      if ((text = cell (self, index, CBZ_IMPORT_FIELD_TAX_ID)) != NULL)
        {
          if (cbz_tax_id_parse (text, country, self->tax_id_kind_hint, &record->tax_id, &error))
            record->has_tax_id = TRUE;
          else
            {
              add_error_problem (self, problems, index, CBZ_IMPORT_FIELD_TAX_ID, CBZ_IMPORT_ERROR_BAD_TAX_ID, error);
              g_clear_error (&error);
              CHECK (FALSE);
            }
        }

      /* No country column: a Chilean RUT says the phones are Chilean too. */
      if (record->country[0] == '\0' && record->has_tax_id && record->tax_id.country[0] != '\0')
        country = record->tax_id.country;

      record->contact = cell (self, index, CBZ_IMPORT_FIELD_CONTACT);
      CHECK (parse_phone_field (self, problems, index, CBZ_IMPORT_FIELD_PHONE, country, record->phone));
      CHECK (parse_phone_field (self, problems, index, CBZ_IMPORT_FIELD_MOBILE, country, record->mobile));
      CHECK (parse_phone_field (self, problems, index, CBZ_IMPORT_FIELD_WHATSAPP, country, record->whatsapp));

      g_string_truncate (record->email, 0);
      if ((text = cell (self, index, CBZ_IMPORT_FIELD_EMAIL)) != NULL && !parse_emails (text, record->email))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a valid email address"), text);

          g_string_truncate (record->email, 0);
          add_problem (self, problems, index, CBZ_IMPORT_FIELD_EMAIL, CBZ_IMPORT_ERROR_BAD_EMAIL, reason);
          CHECK (FALSE);
        }

      record->address = cell (self, index, CBZ_IMPORT_FIELD_ADDRESS);
      record->city = cell (self, index, CBZ_IMPORT_FIELD_CITY);
      record->region = cell (self, index, CBZ_IMPORT_FIELD_REGION);
      record->postal_code = cell (self, index, CBZ_IMPORT_FIELD_POSTAL_CODE);
      record->tags = cell (self, index, CBZ_IMPORT_FIELD_TAGS);

      record->language[0] = '\0';
      if ((text = cell (self, index, CBZ_IMPORT_FIELD_LANGUAGE)) != NULL &&
          !parse_language (text, record->language))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a language this program writes in (Spanish, English or Portuguese)"), text);

          add_problem (self, problems, index, CBZ_IMPORT_FIELD_LANGUAGE, CBZ_IMPORT_ERROR_BAD_LANGUAGE, reason);
          CHECK (FALSE);
        }

      /* The customer's main currency: the row's, when the file says. */
      if ((text = cell (self, index, CBZ_IMPORT_FIELD_CURRENCY)) != NULL && cbz_currency_is_known (text))
        for (guint i = 0; i < 3; i++)
          record->currency[i] = g_ascii_toupper (text[i]);
    }

  if (!(parts & CBZ_IMPORT_RECORD_INVOICE))
    return ok;

  record->invoice_number = cell (self, index, CBZ_IMPORT_FIELD_INVOICE_NUMBER);
  record->description = cell (self, index, CBZ_IMPORT_FIELD_DESCRIPTION);
  if (record->invoice_number == NULL)
    CHECK (missing (self, problems, index, CBZ_IMPORT_FIELD_INVOICE_NUMBER,
                    _("the invoice number is empty")));

  memset (&record->issue_date, 0, sizeof record->issue_date);
  if ((text = cell (self, index, CBZ_IMPORT_FIELD_ISSUE_DATE)) != NULL &&
      !cbz_date_parse (text, self->date_order, &record->issue_date, &error))
    {
      add_error_problem (self, problems, index, CBZ_IMPORT_FIELD_ISSUE_DATE, CBZ_IMPORT_ERROR_BAD_DATE, error);
      g_clear_error (&error);
      CHECK (FALSE);
    }

  memset (&record->due_date, 0, sizeof record->due_date);
  if ((text = cell (self, index, CBZ_IMPORT_FIELD_DUE_DATE)) == NULL)
    CHECK (missing (self, problems, index, CBZ_IMPORT_FIELD_DUE_DATE, _("the due date is empty")));
  else if (!cbz_date_parse (text, self->date_order, &record->due_date, &error))
    {
      add_error_problem (self, problems, index, CBZ_IMPORT_FIELD_DUE_DATE, CBZ_IMPORT_ERROR_BAD_DATE, error);
      g_clear_error (&error);
      CHECK (FALSE);
    }

  g_strlcpy (record->currency, self->default_currency, sizeof record->currency);
  if ((text = cell (self, index, CBZ_IMPORT_FIELD_CURRENCY)) != NULL)
    {
      if (cbz_currency_is_known (text))
        {
          for (guint i = 0; i < 3; i++)
            record->currency[i] = g_ascii_toupper (text[i]);
          currency_fixed = TRUE;
        }
      else if (!g_str_equal (text, "$"))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a currency code such as MXN, USD or CLP"), text);

          add_problem (self, problems, index, CBZ_IMPORT_FIELD_CURRENCY, CBZ_IMPORT_ERROR_BAD_CURRENCY, reason);
          CHECK (FALSE);
        }
    }

  CHECK (parse_amount_field (self, problems, index, CBZ_IMPORT_FIELD_AMOUNT, record->currency,
                             currency_fixed, &has_amount, &record->amount));
  currency_fixed = currency_fixed || has_amount;
  CHECK (parse_amount_field (self, problems, index, CBZ_IMPORT_FIELD_BALANCE, record->currency,
                             currency_fixed, &has_balance, &record->balance));

  record->status = CBZ_INVOICE_STATUS_OPEN;
  if ((status_text = cell (self, index, CBZ_IMPORT_FIELD_STATUS)) != NULL)
    {
      if (!parse_status (status_text, &record->status))
        {
          g_autofree char *reason =
            g_strdup_printf (_("“%s” is not an invoice status (open, partially paid, paid, disputed or written off)"), status_text);

          add_problem (self, problems, index, CBZ_IMPORT_FIELD_STATUS, CBZ_IMPORT_ERROR_BAD_STATUS, reason);
          CHECK (FALSE);
        }
    }

  if (!has_amount && !has_balance)
    {
      if (self->field_column[CBZ_IMPORT_FIELD_AMOUNT] >= 0 || self->field_column[CBZ_IMPORT_FIELD_BALANCE] >= 0)
        CHECK (missing (self, problems, index,
                        self->field_column[CBZ_IMPORT_FIELD_AMOUNT] >= 0 ? CBZ_IMPORT_FIELD_AMOUNT
                                                                         : CBZ_IMPORT_FIELD_BALANCE,
                        _("the invoice has neither an amount nor a balance")));
    }
  else if (!has_balance)
    record->balance = record->status == CBZ_INVOICE_STATUS_PAID ? 0 : record->amount;
  else if (!has_amount)
    record->amount = record->balance;

  if (has_amount && has_balance && record->amount >= 0 && record->balance > record->amount)
    {
      g_autofree char *balance = cbz_money_format (cbz_money_init (record->balance, record->currency), NULL);
      g_autofree char *amount = cbz_money_format (cbz_money_init (record->amount, record->currency), NULL);
      g_autofree char *reason = g_strdup_printf (_("the balance (%s) is larger than the invoice amount (%s)"),
                                                 balance, amount);

      add_problem (self, problems, index, CBZ_IMPORT_FIELD_BALANCE, CBZ_IMPORT_ERROR_BAD_AMOUNT, reason);
      CHECK (FALSE);
    }

  if (status_text != NULL && record->status == CBZ_INVOICE_STATUS_PAID && has_balance && record->balance != 0)
    {
      g_autofree char *balance = cbz_money_format (cbz_money_init (record->balance, record->currency), NULL);
      g_autofree char *reason = g_strdup_printf (_("the status says paid, but the balance is %s"), balance);

      add_problem (self, problems, index, CBZ_IMPORT_FIELD_STATUS, CBZ_IMPORT_ERROR_BAD_STATUS, reason);
      CHECK (FALSE);
    }
  else if (status_text == NULL)
    {
      /* No status given: the figures say it. */
      if (record->balance == 0 && record->amount != 0)
        record->status = CBZ_INVOICE_STATUS_PAID;
      else if (record->balance > 0 && record->balance < record->amount)
        record->status = CBZ_INVOICE_STATUS_PARTIALLY_PAID;
    }

#undef CHECK
  return ok;
}

static void
detect_mapping (CbzCsvImport *self)
{
  for (guint f = 0; f < CBZ_IMPORT_N_FIELDS; f++)
    self->field_column[f] = -1;
  self->tax_id_kind_hint = CBZ_TAX_ID_UNKNOWN;

  for (guint c = 0; c < self->n_columns; c++)
    {
      const char *header = cbz_csv_table_get_cell (self->table, 0, c);
      CbzImportField field = cbz_import_field_from_header (header);

      /* The first column of a kind wins; "Teléfono 2" stays out. */
      if (field != CBZ_IMPORT_FIELD_NONE && self->field_column[field] >= 0)
        field = CBZ_IMPORT_FIELD_NONE;
      self->mapping[c] = field;
      if (field != CBZ_IMPORT_FIELD_NONE)
        self->field_column[field] = c;
    }
}

static void
update_tax_id_hint (CbzCsvImport *self)
{
  int column = self->field_column[CBZ_IMPORT_FIELD_TAX_ID];
  g_autofree char *key = NULL;
  g_auto(GStrv) words = NULL;

  self->tax_id_kind_hint = CBZ_TAX_ID_UNKNOWN;
  if (column < 0)
    return;
  key = cbz_text_normalize_name (cbz_csv_table_get_cell (self->table, 0, column));
  words = g_strsplit (key, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      CbzTaxIdKind kind = cbz_tax_id_kind_from_string (words[i]);

      if (kind != CBZ_TAX_ID_UNKNOWN)
        {
          self->tax_id_kind_hint = kind;
          return;
        }
    }
}

/* 03/04/2025: day first unless the file only makes sense month first. */
static void
detect_date_order (CbzCsvImport *self)
{
  static const CbzImportField date_fields[] = { CBZ_IMPORT_FIELD_ISSUE_DATE, CBZ_IMPORT_FIELD_DUE_DATE };
  guint n_rows = cbz_csv_import_get_n_rows (self);
  guint day_first = 0;
  guint month_first = 0;

  for (guint i = 0; i < n_rows && i < 10000; i++)
    {
      for (guint f = 0; f < G_N_ELEMENTS (date_fields); f++)
        {
          const char *text = cell (self, i, date_fields[f]);
          int a = 0;
          int b = 0;
          const char *p;

          if (text == NULL)
            continue;
          for (p = text; g_ascii_isdigit (*p); p++)
            a = a * 10 + (*p - '0');
          if (p - text > 2 || (*p != '/' && *p != '-' && *p != '.'))
            continue;
          for (p++; g_ascii_isdigit (*p); p++)
            b = b * 10 + (*p - '0');
          if (a > 12 && b <= 12)
            day_first++;
          else if (b > 12 && a <= 12)
            month_first++;
        }
    }
  self->date_order = month_first > 0 && day_first == 0 ? CBZ_DATE_ORDER_MDY : CBZ_DATE_ORDER_DMY;
}

static void
add_file_problem (GPtrArray      *problems,
                  CbzImportError  code,
                  const char     *reason)
{
  g_ptr_array_add (problems, cbz_import_problem_new (0, -1, NULL, NULL, code, reason));
}

static gboolean
check_required_columns (CbzCsvImport *self,
                        GPtrArray    *problems)
{
  guint before = problems->len;

  if (self->field_column[CBZ_IMPORT_FIELD_CUSTOMER_NAME] < 0)
    add_file_problem (problems, CBZ_IMPORT_ERROR_MISSING_COLUMN,
                      _("No column holds the customer’s name (a header such as “cliente”, “razón social” or “customer”)"));
  if (self->field_column[CBZ_IMPORT_FIELD_INVOICE_NUMBER] < 0)
    add_file_problem (problems, CBZ_IMPORT_ERROR_MISSING_COLUMN,
                      _("No column holds the invoice number (a header such as “factura”, “folio” or “invoice”)"));
  if (self->field_column[CBZ_IMPORT_FIELD_DUE_DATE] < 0)
    add_file_problem (problems, CBZ_IMPORT_ERROR_MISSING_COLUMN,
                      _("No column holds the due date (a header such as “vencimiento” or “due date”)"));
  if (self->field_column[CBZ_IMPORT_FIELD_AMOUNT] < 0 && self->field_column[CBZ_IMPORT_FIELD_BALANCE] < 0)
    add_file_problem (problems, CBZ_IMPORT_ERROR_MISSING_COLUMN,
                      _("No column holds the amount or the balance (a header such as “monto”, “saldo” or “amount”)"));
  self->n_problems += problems->len - before;
  return problems->len == before;
}

/* For the two tables validate_rows() fills, a million keys of 20 to 150
 * bytes: g_str_hash() takes them a byte at a time and was a fifth of the
 * checking. Eight bytes at a time, then mixed (murmur3's finaliser) so that
 * keys differing only in their last bytes (invoice numbers) spread. */
static guint
hash_key (gconstpointer key)
{
  const char *p = key;
  gsize n = strlen (p);
  guint64 h = 0x9e3779b97f4a7c15ull ^ n;
  guint64 word;

  for (; n >= 8; p += 8, n -= 8)
    {
      memcpy (&word, p, 8);
      h = ((h << 5) | (h >> 59)) ^ word;
      h *= 0x517cc1b727220a95ull;
    }
  if (n > 0)
    {
      word = 0;
      memcpy (&word, p, n);
      h = ((h << 5) | (h >> 59)) ^ word;
      h *= 0x517cc1b727220a95ull;
    }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return (guint) h;
}

/* From this many rows on, the rows are checked by two threads ahead of
 * validate_rows()'s loop. First each thread takes one half of the file: the
 * customer half of its rows (memoised by cells, each thread with its own
 * memos) and the invoice half (numbers, dates, amounts). Checking a row only
 * reads the table, the mapping and the options; each thread keeps its own
 * record, memos and problems. Then each thread goes over the whole file for
 * the invoices seen twice, taking the keys of one hash parity (the same key
 * always falls to the same thread, so "the first row" is still the first).
 * The loop merges it all in row order, so the report is the same as on one
 * thread; a customer's first valid row is still found there. */
#define PARALLEL_MIN_ROWS 20000

enum
{
  ROW_CHECK_N_PROBLEMS = 0x1f,  /* mask: the row's problems, customer cells first */
  ROW_CHECK_EXTRA      = 0x20,  /* the row has values beyond the header's columns */
  ROW_CHECK_INVOICE_OK = 0x40,  /* the invoice cells have no problem */
  ROW_CHECK_BLANK      = 0x80,  /* the row is blank */
};

typedef struct
{
  CbzCsvImport  *self;
  GCancellable  *cancellable;
  guint          start;
  guint          end;
  guint8        *state;           /* per data row: ROW_CHECK_* */
  CustomerMemo **memo;            /* per data row: its customer cells' memo */
  guint32       *duplicate_of;    /* per data row: the row number of the same invoice before, or 0 */
  guint32       *key_hash;        /* per data row valid so far: hash_key() of its invoice's key */
  GHashTable    *customers;       /* cells -> CustomerMemo */
  GStringChunk  *chunk;
  Problems       problems;
  guint          next;            /* the first of problems.array not merged yet */
  gboolean       stopped;         /* cancelled before the end */
  gboolean       report_progress; /* the thread running validate_rows() only */
  double         progress_from;
  double         progress_to;
} RowCheck;

/* Appends the customer cells of data row @index, each ended by \x1f. */
static void
get_customer_cells (CbzCsvImport *self,
                    guint         index,
                    GString      *cells)
{
  g_string_truncate (cells, 0);
  for (guint f = 0; f < G_N_ELEMENTS (customer_fields); f++)
    {
      const char *value = cell (self, index, customer_fields[f]);

      if (value != NULL)
        g_string_append (cells, value);
      g_string_append_c (cells, '\x1f');
    }
}

/* The customer half of data row @index, @cells being its customer cells:
 * checked once per distinct set of cells, and again (each row gets its own
 * report) for cells known to be wrong. */
static CustomerMemo *
check_customer (CbzCsvImport    *self,
                guint            index,
                GString         *cells,
                GHashTable      *customers,
                GStringChunk    *chunk,
                GString         *key,
                CbzImportRecord *record,
                Problems        *problems)
{
  CustomerMemo *memo = g_hash_table_lookup (customers, cells->str);
  gboolean customer_ok;

  if (memo != NULL && memo->valid)
    return memo;
  customer_ok = convert_row (self, index, CBZ_IMPORT_RECORD_CUSTOMER, record, problems);
  if (memo == NULL)
    {
      memo = g_new0 (CustomerMemo, 1);
      memo->valid = customer_ok;
      memo->first_valid_row = G_MAXUINT32;
      if (customer_ok)
        {
          g_string_truncate (key, 0);
          if (record->has_tax_id)
            g_string_append (key, record->tax_id.normalized);
          else
            g_string_append_printf (key, "\n%s", record->name_key->str);
          memo->customer_key = g_string_chunk_insert_len (chunk, key->str, key->len);
        }
      memo->cells = g_string_chunk_insert_len (chunk, cells->str, cells->len);
      g_hash_table_insert (customers, (char *) memo->cells, memo);
    }
  return memo;
}

/* Fills check->state, check->memo and, for rows whose invoice cells have
 * no problem, self->invoice_cache. */
static gpointer
check_rows (gpointer data)
{
  RowCheck *check = data;
  CbzCsvImport *self = check->self;
  g_autoptr(GString) cells = g_string_sized_new (256);
  g_autoptr(GString) key = g_string_sized_new (128);
  CbzImportRecord record;

  cbz_import_record_init (&record);
  for (guint i = check->start; i < check->end; i++)
    {
      guint before;
      gboolean ok;
      guint extra;

      if ((i - check->start) % PROGRESS_ROWS == 0)
        {
          if (g_cancellable_is_cancelled (check->cancellable))
            {
              check->stopped = TRUE;
              break;
            }
          if (check->report_progress)
            set_progress (self, check->progress_from + (check->progress_to - check->progress_from) *
                                (i - check->start) / MAX (check->end - check->start, 1));
        }

      if (row_is_blank (self, i))
        {
          check->state[i] = ROW_CHECK_BLANK;
          continue;
        }

      before = check->problems.n;
      get_customer_cells (self, i, cells);
      check->memo[i] = check_customer (self, i, cells, check->customers, check->chunk, key,
                                       &record, &check->problems);
      ok = convert_row (self, i, CBZ_IMPORT_RECORD_INVOICE, &record, &check->problems);
      /* At most eight problems for the customer cells and ten for the invoice's. */
      check->state[i] = MIN (check->problems.n - before, ROW_CHECK_N_PROBLEMS) | (ok ? ROW_CHECK_INVOICE_OK : 0);
      extra = cbz_csv_table_get_n_fields (self->table, i + 1);
      for (guint c = self->n_columns; c < extra; c++)
        {
          if (cbz_csv_table_get_cell (self->table, i + 1, c)[0] != '\0')
            {
              check->state[i] |= ROW_CHECK_EXTRA;
              break;
            }
        }

      /* Which thread looks for the invoice twice: see find_duplicates(). */
      if (ok && check->memo[i]->valid && !(check->state[i] & ROW_CHECK_EXTRA))
        {
          g_string_truncate (key, 0);
          g_string_append (key, check->memo[i]->customer_key);
          g_string_append_c (key, '\x1f');
          g_string_append (key, record.invoice_number);
          check->key_hash[i] = hash_key (key->str);
        }
      if (ok)
        {
          InvoiceCache *c = &self->invoice_cache[i];

          c->number = record.invoice_number;
          c->description = record.description;
          c->amount = record.amount;
          c->balance = record.balance;
          c->issue_date = record.issue_date;
          c->due_date = record.due_date;
          memcpy (c->currency, record.currency, sizeof c->currency);
          c->status = record.status;
        }
    }
  cbz_import_record_clear (&record);
  return NULL;
}

/* The same invoice twice, for the rows valid so far: each check goes over
 * all the rows in order, and takes the keys of one hash parity. */
static gpointer
find_duplicates (gpointer data)
{
  RowCheck *check = data;
  CbzCsvImport *self = check->self;
  g_autoptr(GHashTable) seen = g_hash_table_new (hash_key, g_str_equal);
  g_autoptr(GString) key = g_string_sized_new (128);
  guint parity = check->start == 0 ? 0 : 1;
  guint n_rows = cbz_csv_import_get_n_rows (self);

  for (guint i = 0; i < n_rows; i++)
    {
      gpointer first_row;

      if (i % PROGRESS_ROWS == 0)
        {
          if (g_cancellable_is_cancelled (check->cancellable))
            {
              check->stopped = TRUE;
              break;
            }
          if (check->report_progress)
            set_progress (self, check->progress_from + (check->progress_to - check->progress_from) * i / n_rows);
        }

      if ((check->state[i] & (ROW_CHECK_BLANK | ROW_CHECK_EXTRA | ROW_CHECK_INVOICE_OK)) != ROW_CHECK_INVOICE_OK ||
          !check->memo[i]->valid || ((check->key_hash[i] >> 16) & 1) != parity)
        continue;

      g_string_truncate (key, 0);
      g_string_append (key, check->memo[i]->customer_key);
      g_string_append_c (key, '\x1f');
      g_string_append (key, self->invoice_cache[i].number);

      if ((first_row = g_hash_table_lookup (seen, key->str)) != NULL)
        check->duplicate_of[i] = GPOINTER_TO_UINT (first_row);
      else
        g_hash_table_insert (seen, g_string_chunk_insert_len (check->chunk, key->str, key->len),
                             GUINT_TO_POINTER (i + 2));
    }
  return NULL;
}

/* Moves the problems of data row @index from its check to @problems, as
 * add_problem() would have added them. */
static void
merge_row_problems (RowCheck *check,
                    guint     index,
                    Problems *problems)
{
  for (guint n = check->state[index] & ROW_CHECK_N_PROBLEMS; n > 0; n--)
    {
      CbzImportProblem *problem = NULL;

      /* A check keeps no more problems than @problems does: one it dropped
       * comes after the first CBZ_CSV_IMPORT_MAX_PROBLEMS here too. */
      if (check->next < check->problems.array->len)
        problem = g_ptr_array_index (check->problems.array, check->next++);
      problems->n++;
      if (problem == NULL)
        continue;
      if (problems->array->len < CBZ_CSV_IMPORT_MAX_PROBLEMS)
        g_ptr_array_add (problems->array, problem);
      else
        cbz_import_problem_free (problem);
    }
}

/* The memo of the first half for the cells of a memo of either half. */
static CustomerMemo *
merge_customer (RowCheck     *checks,
                CustomerMemo *memo)
{
  if (memo->merged == NULL)
    {
      memo->merged = g_hash_table_lookup (checks[0].customers, memo->cells);
      if (memo->merged == NULL)
        memo->merged = memo;
    }
  return memo->merged;
}

static void
row_checks_free (RowCheck *checks)
{
  if (checks == NULL)
    return;
  for (guint t = 0; t < 2; t++)
    {
      GPtrArray *array = checks[t].problems.array;

      for (guint j = checks[t].next; j < array->len; j++)
        cbz_import_problem_free (g_ptr_array_index (array, j));
      g_ptr_array_unref (array);
      g_hash_table_unref (checks[t].customers);
      g_string_chunk_free (checks[t].chunk);
    }
  g_free (checks[0].state);
  g_free (checks[0].memo);
  g_free (checks[0].duplicate_of);
  g_free (checks[0].key_hash);
  g_free (checks);
}

/* @work on @checks[1] on a second thread while this one does @checks[0]
 * (both on this thread when no thread can be started). */
static void
run_on_two_threads (GThreadFunc  work,
                    RowCheck    *checks)
{
  GThread *thread = g_thread_try_new ("cbz-import-check", work, &checks[1], NULL);

  work (&checks[0]);
  if (thread != NULL)
    g_thread_join (thread);
  else
    work (&checks[1]);
}

/* Checks the rows on two threads. Returns NULL when cancelled. */
static RowCheck *
check_rows_in_parallel (CbzCsvImport  *self,
                        GCancellable  *cancellable,
                        double         progress_from,
                        double         progress_to,
                        GError       **error)
{
  RowCheck *checks = g_new0 (RowCheck, 2);
  guint n_rows = cbz_csv_import_get_n_rows (self);
  guint8 *state = g_malloc0 (n_rows);
  CustomerMemo **memo = g_new0 (CustomerMemo *, n_rows);
  guint32 *duplicate_of = g_new0 (guint32, n_rows);
  guint32 *key_hash = g_new (guint32, n_rows);
  double progress_middle = progress_from + (progress_to - progress_from) * 2 / 3;

  /* The error domains a row's problems come in: G_DEFINE_QUARK's first
   * call registers the quark unlocked, so not on two threads at once. */
  (void) CBZ_DATE_ERROR;
  (void) CBZ_MONEY_ERROR;
  (void) CBZ_PHONE_ERROR;
  (void) CBZ_TAX_ID_ERROR;

  for (guint t = 0; t < 2; t++)
    {
      checks[t].self = self;
      checks[t].cancellable = cancellable;
      checks[t].start = t == 0 ? 0 : n_rows / 2;
      checks[t].end = t == 0 ? n_rows / 2 : n_rows;
      checks[t].state = state;
      checks[t].memo = memo;
      checks[t].duplicate_of = duplicate_of;
      checks[t].key_hash = key_hash;
      checks[t].customers = g_hash_table_new_full (hash_key, g_str_equal, NULL, g_free);
      checks[t].chunk = g_string_chunk_new (1 << 20);
      checks[t].problems.array = g_ptr_array_new ();
    }
  checks[0].report_progress = TRUE;
  checks[0].progress_from = progress_from;
  checks[0].progress_to = progress_middle;

  run_on_two_threads (check_rows, checks);

  if (!checks[0].stopped && !checks[1].stopped)
    {
      checks[0].progress_from = progress_middle;
      checks[0].progress_to = progress_to;
      run_on_two_threads (find_duplicates, checks);
    }

  if (checks[0].stopped || checks[1].stopped)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, g_dgettext ("glib20", "Operation was cancelled"));
      row_checks_free (checks);
      return NULL;
    }
  return checks;
}

static gboolean
validate_rows (CbzCsvImport  *self,
               GCancellable  *cancellable,
               double         progress_from,
               GError       **error)
{
  g_autoptr(GPtrArray) problem_array = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (hash_key, g_str_equal);
  g_autoptr(GHashTable) customers = g_hash_table_new_full (hash_key, g_str_equal, NULL, g_free);
  g_autoptr(GString) key = g_string_sized_new (128);
  g_autoptr(GString) cells = g_string_sized_new (256);
  GStringChunk *chunk = g_string_chunk_new (1 << 20);
  Problems problems = { problem_array, 0 };
  RowCheck *checks = NULL;
  CbzImportRecord record;
  guint n_rows = cbz_csv_import_get_n_rows (self);
  gboolean columns_ok;

  self->validated = FALSE;
  self->n_problems = 0;
  self->n_valid = self->n_invalid = self->n_blank = 0;
  g_clear_pointer (&self->row_state, g_free);
  self->row_state = g_malloc0 (MAX (n_rows, 1));
  g_clear_pointer (&self->invoice_cache, g_free);
  self->invoice_cache = g_new0 (InvoiceCache, MAX (n_rows, 1));
  g_clear_pointer (&self->customer_row, g_free);
  self->customer_row = g_new (guint32, MAX (n_rows, 1));

  update_tax_id_hint (self);
  columns_ok = check_required_columns (self, problem_array);
  self->has_file_problems = !columns_ok;

  if (columns_ok && n_rows >= PARALLEL_MIN_ROWS && g_get_num_processors () > 1)
    {
      /* Most of the checking. */
      double progress_to = progress_from + (1.0 - progress_from) * 0.9;

      checks = check_rows_in_parallel (self, cancellable, progress_from, progress_to, error);
      if (checks == NULL)
        {
          g_string_chunk_free (chunk);
          return FALSE;
        }
      progress_from = progress_to;
    }

  cbz_import_record_init (&record);
  for (guint i = 0; i < n_rows; i++)
    {
      CustomerMemo *memo;
      const char *invoice_number;
      guint extra;

      if (i % PROGRESS_ROWS == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              cbz_import_record_clear (&record);
              g_string_chunk_free (chunk);
              row_checks_free (checks);
              return FALSE;
            }
          set_progress (self, progress_from + (1.0 - progress_from) * i / MAX (n_rows, 1));
        }

      if (checks != NULL ? (checks[0].state[i] & ROW_CHECK_BLANK) != 0 : row_is_blank (self, i))
        {
          self->row_state[i] = ROW_BLANK;
          self->n_blank++;
          continue;
        }
      if (!columns_ok)
        {
          self->row_state[i] = ROW_INVALID;
          self->n_invalid++;
          continue;
        }

      if (checks != NULL)
        {
          /* The whole row checked ahead. */
          RowCheck *check = &checks[i < checks[1].start ? 0 : 1];

          memo = check == &checks[0] ? check->memo[i] : merge_customer (checks, check->memo[i]);
          self->row_state[i] = memo->valid ? ROW_VALID : ROW_INVALID;
          merge_row_problems (check, i, &problems);
          if (!(check->state[i] & ROW_CHECK_INVOICE_OK))
            self->row_state[i] = ROW_INVALID;
          invoice_number = self->invoice_cache[i].number;
        }
      else
        {
          get_customer_cells (self, i, cells);
          memo = check_customer (self, i, cells, customers, chunk, key, &record, &problems);
          self->row_state[i] = memo->valid ? ROW_VALID : ROW_INVALID;
          if (!convert_row (self, i, CBZ_IMPORT_RECORD_INVOICE, &record, &problems))
            self->row_state[i] = ROW_INVALID;
          invoice_number = record.invoice_number;
        }

      /* Values beyond the header's columns belong nowhere. */
      extra = checks == NULL || (checks[0].state[i] & ROW_CHECK_EXTRA) != 0
              ? cbz_csv_table_get_n_fields (self->table, i + 1) : 0;
      for (guint c = self->n_columns; c < extra; c++)
        {
          if (cbz_csv_table_get_cell (self->table, i + 1, c)[0] != '\0')
            {
              g_autofree char *reason =
                g_strdup_printf (_("the row has %u values but the header has only %u columns (is a value with a delimiter in it missing its quotes?)"),
                                 extra, self->n_columns);

              add_problem (self, &problems, i, CBZ_IMPORT_FIELD_NONE, CBZ_IMPORT_ERROR_BAD_ROW, reason);
              self->row_state[i] = ROW_INVALID;
              break;
            }
        }

      /* The same invoice twice would be imported twice, or once silently. */
      if (self->row_state[i] == ROW_VALID)
        {
          gpointer first_row;

          if (checks != NULL)
            first_row = GUINT_TO_POINTER (checks[0].duplicate_of[i]);
          else
            {
              g_string_truncate (key, 0);
              g_string_append (key, memo->customer_key);
              g_string_append_c (key, '\x1f');
              g_string_append (key, invoice_number);
              first_row = g_hash_table_lookup (seen, key->str);
            }

          if (first_row != NULL)
            {
              g_autofree char *reason =
                g_strdup_printf (_("invoice “%s” of this customer is already in row %u"),
                                 invoice_number, GPOINTER_TO_UINT (first_row));

              add_problem (self, &problems, i, CBZ_IMPORT_FIELD_INVOICE_NUMBER,
                           CBZ_IMPORT_ERROR_DUPLICATE_INVOICE, reason);
              self->row_state[i] = ROW_INVALID;
            }
          else if (checks == NULL)
            g_hash_table_insert (seen, g_string_chunk_insert_len (chunk, key->str, key->len),
                                 GUINT_TO_POINTER (i + 2));
        }

      self->customer_row[i] = i;
      if (self->row_state[i] == ROW_VALID)
        {
          InvoiceCache *c = &self->invoice_cache[i];

          if (memo->first_valid_row == G_MAXUINT32)
            memo->first_valid_row = i;
          self->customer_row[i] = memo->first_valid_row;

          if (checks == NULL)
            {
              c->number = record.invoice_number;
              c->description = record.description;
              c->amount = record.amount;
              c->balance = record.balance;
              c->issue_date = record.issue_date;
              c->due_date = record.due_date;
              memcpy (c->currency, record.currency, sizeof c->currency);
              c->status = record.status;
            }
          self->n_valid++;
        }
      else
        {
          /* The cache holds valid rows only. */
          if (checks != NULL)
            memset (&self->invoice_cache[i], 0, sizeof self->invoice_cache[i]);
          self->n_invalid++;
        }
    }
  cbz_import_record_clear (&record);
  g_hash_table_remove_all (seen);
  g_string_chunk_free (chunk);
  row_checks_free (checks);

  self->n_problems += problems.n;
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&problem_array);
  self->validated = TRUE;
  set_progress (self, 1.0);
  return TRUE;
}

static void
load_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CbzCsvImport *self = source_object;
  GError *error = NULL;

  if (cbz_csv_import_load (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
validate_thread_cb (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CbzCsvImport *self = source_object;
  GError *error = NULL;

  if (cbz_csv_import_validate (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
cbz_csv_import_finalize (GObject *object)
{
  CbzCsvImport *self = (CbzCsvImport *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->encoding_option, g_free);
  g_clear_pointer (&self->default_country, g_free);
  g_clear_pointer (&self->default_currency, g_free);
  g_clear_pointer (&self->table, cbz_csv_table_free);
  g_clear_pointer (&self->mapping, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->row_state, g_free);
  g_clear_pointer (&self->invoice_cache, g_free);
  g_clear_pointer (&self->customer_row, g_free);
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  G_OBJECT_CLASS (cbz_csv_import_parent_class)->finalize (object);
}

static void
cbz_csv_import_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CbzCsvImport *self = CBZ_CSV_IMPORT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, cbz_csv_import_get_progress (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_csv_import_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CbzCsvImport *self = CBZ_CSV_IMPORT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      if (self->file != NULL)
        self->display_name = g_file_get_basename (self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_csv_import_class_init (CbzCsvImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_csv_import_finalize;
  object_class->get_property = cbz_csv_import_get_property;
  object_class->set_property = cbz_csv_import_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cbz_csv_import_init (CbzCsvImport *self)
{
  char country[3];
  const char *locale = setlocale (LC_MONETARY, NULL);

  _cbz_locale_get_country (locale, country);
  if (cbz_phone_get_calling_code (country) == NULL)
    g_strlcpy (country, "MX", sizeof country);
  self->default_country = g_strdup (country);
  self->default_currency = g_strdup (currency_for_country (country));
  for (guint f = 0; f < CBZ_IMPORT_N_FIELDS; f++)
    self->field_column[f] = -1;
}

CbzCsvImport *
cbz_csv_import_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (CBZ_TYPE_CSV_IMPORT, "file", file, NULL);
}

GFile *
cbz_csv_import_get_file (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->file;
}

const char *
cbz_csv_import_get_display_name (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->display_name;
}

void
cbz_csv_import_set_encoding (CbzCsvImport *self,
                             const char   *encoding)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);

  g_free (self->encoding_option);
  self->encoding_option = encoding != NULL && encoding[0] != '\0' ? g_strdup (encoding) : NULL;
}

void
cbz_csv_import_set_delimiter (CbzCsvImport *self,
                              char          delimiter)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);

  self->delimiter_option = delimiter;
}

void
cbz_csv_import_set_default_country (CbzCsvImport *self,
                                    const char   *country)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (country != NULL && strlen (country) == 2);
  g_return_if_fail (!self->busy);

  g_free (self->default_country);
  self->default_country = g_ascii_strup (country, -1);
  self->validated = FALSE;
}

const char *
cbz_csv_import_get_default_country (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->default_country;
}

void
cbz_csv_import_set_default_currency (CbzCsvImport *self,
                                     const char   *currency)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (cbz_currency_is_known (currency));
  g_return_if_fail (!self->busy);

  g_free (self->default_currency);
  self->default_currency = g_ascii_strup (currency, -1);
  self->validated = FALSE;
}

const char *
cbz_csv_import_get_default_currency (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->default_currency;
}

gboolean
cbz_csv_import_load (CbzCsvImport  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  CbzCsvTable *table;
  gboolean ok;
  gint64 started;

  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (!self->busy, FALSE);

  self->busy = TRUE;
  set_progress (self, 0.0);
  started = g_get_monotonic_time ();
  table = cbz_csv_table_new_from_file (self->file, self->encoding_option, self->delimiter_option,
                                       cancellable, table_progress_cb, self, error);
  g_debug ("import: file read and split in %.3f s", (g_get_monotonic_time () - started) / 1e6);
  if (table == NULL)
    {
      self->busy = FALSE;
      return FALSE;
    }

  g_clear_pointer (&self->table, cbz_csv_table_free);
  self->table = table;
  self->n_columns = cbz_csv_table_get_n_fields (table, 0);
  g_free (self->mapping);
  self->mapping = g_new0 (CbzImportField, MAX (self->n_columns, 1));
  detect_mapping (self);
  detect_date_order (self);

  ok = validate_rows (self, cancellable, 0.5, error);
  g_debug ("import: file checked in %.3f s", (g_get_monotonic_time () - started) / 1e6);
  self->busy = FALSE;
  return ok;
}

void
cbz_csv_import_load_async (CbzCsvImport        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_csv_import_load_async);
  g_task_set_name (task, "[cobranza] load CSV");
  g_task_run_in_thread (task, load_thread_cb);
}

gboolean
cbz_csv_import_load_finish (CbzCsvImport  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cbz_csv_import_is_loaded (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);

  return self->table != NULL && !self->busy;
}

double
cbz_csv_import_get_progress (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0.0);

  return g_atomic_int_get (&self->progress_permille) / 1000.0;
}

const char *
cbz_csv_import_get_encoding (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->table != NULL ? cbz_csv_table_get_encoding (self->table) : NULL;
}

gboolean
cbz_csv_import_get_had_bom (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);

  return self->table != NULL && cbz_csv_table_get_had_bom (self->table);
}

char
cbz_csv_import_get_delimiter (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->table != NULL ? cbz_csv_table_get_delimiter (self->table) : self->delimiter_option;
}

CbzDateOrder
cbz_csv_import_get_date_order (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), CBZ_DATE_ORDER_DMY);

  return self->date_order;
}

void
cbz_csv_import_set_date_order (CbzCsvImport *self,
                               CbzDateOrder  order)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);

  if (self->date_order != order)
    {
      self->date_order = order;
      self->validated = FALSE;
    }
}

guint
cbz_csv_import_get_n_columns (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->table != NULL ? self->n_columns : 0;
}

const char *
cbz_csv_import_get_header (CbzCsvImport *self,
                           guint         column)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);
  g_return_val_if_fail (self->table != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return cbz_csv_table_get_cell (self->table, 0, column);
}

guint
cbz_csv_import_get_n_rows (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->table != NULL ? cbz_csv_table_get_n_rows (self->table) - 1 : 0;
}

const char *
cbz_csv_import_get_cell (CbzCsvImport *self,
                         guint         index,
                         guint         column)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);
  g_return_val_if_fail (self->table != NULL, NULL);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), NULL);

  return cbz_csv_table_get_cell (self->table, index + 1, column);
}

CbzImportField
cbz_csv_import_get_column_field (CbzCsvImport *self,
                                 guint         column)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), CBZ_IMPORT_FIELD_NONE);
  g_return_val_if_fail (column < cbz_csv_import_get_n_columns (self), CBZ_IMPORT_FIELD_NONE);

  return self->mapping[column];
}

void
cbz_csv_import_set_column_field (CbzCsvImport   *self,
                                 guint           column,
                                 CbzImportField  field)
{
  CbzImportField old;

  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);
  g_return_if_fail (column < cbz_csv_import_get_n_columns (self));
  g_return_if_fail (field < CBZ_IMPORT_N_FIELDS);

  old = self->mapping[column];
  if (old == field)
    return;
  if (old != CBZ_IMPORT_FIELD_NONE)
    self->field_column[old] = -1;
  if (field != CBZ_IMPORT_FIELD_NONE)
    {
      int previous = self->field_column[field];

      if (previous >= 0)
        self->mapping[previous] = CBZ_IMPORT_FIELD_NONE;
      self->field_column[field] = column;
    }
  self->mapping[column] = field;
  self->validated = FALSE;
}

int
cbz_csv_import_find_field (CbzCsvImport   *self,
                           CbzImportField  field)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), -1);
  g_return_val_if_fail (field < CBZ_IMPORT_N_FIELDS, -1);

  return field == CBZ_IMPORT_FIELD_NONE ? -1 : self->field_column[field];
}

gboolean
cbz_csv_import_validate (CbzCsvImport  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (!self->busy, FALSE);
  g_return_val_if_fail (self->table != NULL, FALSE);

  self->busy = TRUE;
  set_progress (self, 0.0);
  ok = validate_rows (self, cancellable, 0.0, error);
  self->busy = FALSE;
  return ok;
}

void
cbz_csv_import_validate_async (CbzCsvImport        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);
  g_return_if_fail (self->table != NULL);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_csv_import_validate_async);
  g_task_set_name (task, "[cobranza] validate CSV");
  g_task_run_in_thread (task, validate_thread_cb);
}

gboolean
cbz_csv_import_validate_finish (CbzCsvImport  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cbz_csv_import_is_validated (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);

  return self->validated && !self->busy;
}

GPtrArray *
cbz_csv_import_get_problems (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  if (self->problems == NULL)
    self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  return self->problems;
}

guint
cbz_csv_import_get_n_problems (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_problems;
}

gboolean
cbz_csv_import_has_file_problems (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);

  return self->has_file_problems;
}

guint
cbz_csv_import_get_n_valid_rows (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_valid;
}

guint
cbz_csv_import_get_n_invalid_rows (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_invalid;
}

guint
cbz_csv_import_get_n_blank_rows (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_blank;
}

gboolean
cbz_csv_import_row_is_valid (CbzCsvImport *self,
                             guint         index)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (self->row_state != NULL, FALSE);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), FALSE);

  return self->row_state[index] == ROW_VALID;
}

gboolean
cbz_csv_import_get_record (CbzCsvImport    *self,
                           guint            index,
                           CbzImportRecord *record)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->name_key != NULL, FALSE);
  g_return_val_if_fail (self->validated, FALSE);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), FALSE);

  if (self->row_state[index] != ROW_VALID)
    return FALSE;
  return convert_row (self, index, CBZ_IMPORT_RECORD_ALL, record, NULL);
}

/**
 * cbz_csv_import_get_customer_row:
 *
 * Returns: the first valid data row whose customer cells (name, tax ID,
 *   contact data, tags...) are exactly those of valid row @index: @index
 *   itself when it is the first. A writer needs to look at the customer of
 *   those rows only.
 */
guint
cbz_csv_import_get_customer_row (CbzCsvImport *self,
                                 guint         index)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), index);
  g_return_val_if_fail (self->validated, index);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), index);

  return self->customer_row[index];
}

gboolean
cbz_csv_import_get_record_parts (CbzCsvImport         *self,
                                 guint                 index,
                                 CbzImportRecordParts  parts,
                                 CbzImportRecord      *record)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->name_key != NULL, FALSE);
  g_return_val_if_fail (self->validated, FALSE);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), FALSE);

  if (self->row_state[index] != ROW_VALID)
    return FALSE;
  if (parts == CBZ_IMPORT_RECORD_INVOICE)
    {
      const InvoiceCache *c = &self->invoice_cache[index];

      record->row = index + 2;
      record->invoice_number = c->number;
      record->description = c->description;
      record->issue_date = c->issue_date;
      record->due_date = c->due_date;
      memcpy (record->currency, c->currency, sizeof record->currency);
      record->amount = c->amount;
      record->balance = c->balance;
      record->status = c->status;
      return TRUE;
    }
  return convert_row (self, index, parts, record, NULL);
}
