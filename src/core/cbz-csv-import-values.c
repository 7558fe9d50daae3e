/* cbz-csv-import-values.c: one row's cells, typed and checked
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-csv-import-private.h"
#include "cbz-money.h"
#include "cbz-text.h"

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

static void
add_problem (CbzCsvImport   *self,
             Problems       *problems,
             guint           index,
             CbzImportField  field,
             CbzImportError  code,
             const char     *reason,
             gboolean        warning)
{
  CbzImportProblem *problem;
  int column;

  if (problems == NULL)
    return;
  problems->n++;
  problems->n_warnings += warning;
  if (problems->array->len >= CBZ_CSV_IMPORT_MAX_PROBLEMS)
    return;
  column = field != CBZ_IMPORT_FIELD_NONE ? self->field_column[field] : -1;
  problem = cbz_import_problem_new (index + 2, column,
                                    column >= 0 ? cbz_csv_import_get_header (self, column) : NULL,
                                    column >= 0 ? cbz_csv_table_get_cell (self->table, index + 1, column) : NULL,
                                    code, reason);
  problem->warning = warning;
  g_ptr_array_add (problems->array, problem);
}

/* Adds a problem that refuses the row (or, with @problems NULL, only says
 * there is one). */
void
_cbz_csv_import_add_problem (CbzCsvImport   *self,
                             Problems       *problems,
                             guint           index,
                             CbzImportField  field,
                             CbzImportError  code,
                             const char     *reason)
{
  add_problem (self, problems, index, field, code, reason, FALSE);
}

/* Adds a problem the row is imported with. */
void
_cbz_csv_import_add_warning (CbzCsvImport   *self,
                             Problems       *problems,
                             guint           index,
                             CbzImportField  field,
                             CbzImportError  code,
                             const char     *reason)
{
  add_problem (self, problems, index, field, code, reason, TRUE);
}

static void
add_error_problem (CbzCsvImport   *self,
                   Problems       *problems,
                   guint           index,
                   CbzImportField  field,
                   CbzImportError  code,
                   GError         *error)
{
  _cbz_csv_import_add_problem (self, problems, index, field, code, error->message);
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

/* The status words by word: a million rows look one up each. */
static GHashTable *
get_status_table (void)
{
  static gsize table;

  if (g_once_init_enter (&table))
    {
      GHashTable *words = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
        g_hash_table_insert (words, (gpointer) status_words[i].word,
                             GUINT_TO_POINTER (status_words[i].status + 1));
      g_once_init_leave (&table, (gsize) words);
    }
  return (GHashTable *) table;
}

gboolean
_cbz_csv_import_parse_status (const char       *text,
                              CbzInvoiceStatus *status)
{
  g_autofree char *key = NULL;
  char ascii[32];
  gsize n = 0;
  gpointer found;

  if (cbz_invoice_status_from_string (text, status))
    return TRUE;

  /* Lowercase ASCII words with single spaces ("abierta", "en disputa") are
   * their own normalised form. */
  while (n < sizeof ascii - 1 &&
         (g_ascii_islower (text[n]) || (text[n] == ' ' && n > 0 && text[n - 1] != ' ' && text[n + 1] != '\0')))
    {
      ascii[n] = text[n];
      n++;
    }
  ascii[n] = '\0';
  key = text[n] == '\0' ? NULL : cbz_text_normalize_name (text);
  found = g_hash_table_lookup (get_status_table (), key != NULL ? key : ascii);
  if (found == NULL)
    return FALSE;
  *status = GPOINTER_TO_UINT (found) - 1;
  return TRUE;
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

/* A phone number that cannot be read is left out, with a warning: the
 * customer can still be reached some other way. */
static void
parse_phone_field (CbzCsvImport   *self,
                   Problems       *problems,
                   guint           index,
                   CbzImportField  field,
                   const char     *country,
                   char            out[CBZ_PHONE_E164_SIZE])
{
  g_autoptr(GError) error = NULL;
  const char *text = _cbz_csv_import_cell (self, index, field);

  out[0] = '\0';
  if (text == NULL || cbz_phone_normalize_into (text, country, out, &error))
    return;
  out[0] = '\0';
  _cbz_csv_import_add_warning (self, problems, index, field, CBZ_IMPORT_ERROR_BAD_PHONE, error->message);
}

/* The amounts most exports write ("1234.56", "1,234.56", "1234"), read here
 * at a fraction of cbz_money_parse()'s cost with its result (a test compares
 * them over many shapes); anything else is left to it. */
gboolean
_cbz_csv_import_parse_plain_amount (const char *text,
                                    int         digits,
                                    gint64     *minor)
{
  const char *p = text;
  guint64 units = 0;
  guint n_digits = 0;
  guint group = 0;
  gboolean grouped = FALSE;

  for (;; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          units = units * 10 + (guint64) (*p - '0');
          group++;
          if (++n_digits > 15)
            return FALSE;
        }
      /* "1,234,567.89": commas every three digits. */
      else if (*p == ',' && n_digits > 0 && (grouped ? group == 3 : group <= 3))
        {
          grouped = TRUE;
          group = 0;
        }
      else
        break;
    }
  if (n_digits == 0)
    return FALSE;
  if (*p == '\0')
    {
      /* "1,234" alone may be written either way round: the full parser decides. */
      if (grouped || digits < 0 || digits > 2)
        return FALSE;
      *minor = (gint64) units * (digits == 2 ? 100 : digits == 1 ? 10 : 1);
      return TRUE;
    }
  if (*p != '.' || digits != 2 || (grouped && group != 3) ||
      !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || p[3] != '\0')
    return FALSE;
  *minor = (gint64) (units * 100 + (guint64) (p[1] - '0') * 10 + (guint64) (p[2] - '0'));
  return TRUE;
}

/* Reads an amount; the currency it names (if any) must agree with the row's. */
static gboolean
parse_amount_field (CbzCsvImport   *self,
                    Problems       *problems,
                    guint           index,
                    CbzImportField  field,
                    char            currency[4],
                    gboolean        currency_fixed,
                    gboolean       *present,
                    gint64         *minor)
{
  g_autoptr(GError) error = NULL;
  const char *text = _cbz_csv_import_cell (self, index, field);
  CbzMoney money;

  *present = text != NULL;
  *minor = 0;
  if (text == NULL)
    return TRUE;
  if (_cbz_csv_import_parse_plain_amount (text, cbz_currency_get_digits (currency), minor))
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

          _cbz_csv_import_add_problem (self, problems, index, field, CBZ_IMPORT_ERROR_BAD_AMOUNT, reason);
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
  _cbz_csv_import_add_problem (self, problems, index, field, CBZ_IMPORT_ERROR_MISSING_VALUE, reason);
  return FALSE;
}

/* Types and checks data row @index into @record. With @problems, reports
 * every problem of the row; without, stops at the first. */
gboolean
_cbz_csv_import_convert_row (CbzCsvImport         *self,
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
      record->customer_name = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_CUSTOMER_NAME);
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

      /* Only the name is needed of the customer's cells: the rest, when it
       * cannot be read, is left out (or kept as written, for a tax ID) with
       * a warning. */
      record->country[0] = '\0';
      if ((text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_COUNTRY)) != NULL &&
          !parse_country (text, record->country))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a country this program knows; use a two-letter code such as MX, CL or CO"), text);

          _cbz_csv_import_add_warning (self, problems, index, CBZ_IMPORT_FIELD_COUNTRY, CBZ_IMPORT_ERROR_BAD_COUNTRY, reason);
        }
      country = record->country[0] != '\0' ? record->country : self->default_country;

      record->has_tax_id = FALSE;
      record->unverified_tax_id = NULL;
      if ((text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_TAX_ID)) != NULL)
        {
          if (cbz_tax_id_parse (text, country, self->tax_id_kind_hint, &record->tax_id, &error))
            record->has_tax_id = TRUE;
          else if (!g_error_matches (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_EMPTY))
            {
              /* Spreadsheets carry mistyped RFCs, and the customer still
               * owes: the row goes in, the ID as written and unverified. */
              record->unverified_tax_id = text;
              record->tax_id_problem = error->code;
              _cbz_csv_import_add_warning (self, problems, index, CBZ_IMPORT_FIELD_TAX_ID,
                                           CBZ_IMPORT_ERROR_BAD_TAX_ID, error->message);
            }
          g_clear_error (&error);
        }

      /* No country column: a Chilean RUT says the phones are Chilean too. */
      if (record->country[0] == '\0' && record->has_tax_id && record->tax_id.country[0] != '\0')
        country = record->tax_id.country;

      record->contact = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_CONTACT);
      parse_phone_field (self, problems, index, CBZ_IMPORT_FIELD_PHONE, country, record->phone);
      parse_phone_field (self, problems, index, CBZ_IMPORT_FIELD_MOBILE, country, record->mobile);
      parse_phone_field (self, problems, index, CBZ_IMPORT_FIELD_WHATSAPP, country, record->whatsapp);

      g_string_truncate (record->email, 0);
      if ((text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_EMAIL)) != NULL && !parse_emails (text, record->email))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a valid email address"), text);

          g_string_truncate (record->email, 0);
          _cbz_csv_import_add_warning (self, problems, index, CBZ_IMPORT_FIELD_EMAIL, CBZ_IMPORT_ERROR_BAD_EMAIL, reason);
        }

      record->address = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_ADDRESS);
      record->city = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_CITY);
      record->region = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_REGION);
      record->postal_code = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_POSTAL_CODE);
      record->tags = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_TAGS);

      record->language[0] = '\0';
      if ((text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_LANGUAGE)) != NULL &&
          !parse_language (text, record->language))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a language this program writes in (Spanish, English or Portuguese)"), text);

          _cbz_csv_import_add_warning (self, problems, index, CBZ_IMPORT_FIELD_LANGUAGE, CBZ_IMPORT_ERROR_BAD_LANGUAGE, reason);
        }

      /* The customer's main currency: the row's, when the file says. */
      if ((text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_CURRENCY)) != NULL && cbz_currency_is_known (text))
        for (guint i = 0; i < 3; i++)
          record->currency[i] = g_ascii_toupper (text[i]);
    }

  if (!(parts & CBZ_IMPORT_RECORD_INVOICE))
    return ok;

  record->invoice_number = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_INVOICE_NUMBER);
  record->description = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_DESCRIPTION);
  if (record->invoice_number == NULL)
    CHECK (missing (self, problems, index, CBZ_IMPORT_FIELD_INVOICE_NUMBER,
                    _("the invoice number is empty")));

  memset (&record->issue_date, 0, sizeof record->issue_date);
  if ((text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_ISSUE_DATE)) != NULL &&
      !cbz_date_parse (text, self->date_order, &record->issue_date, &error))
    {
      add_error_problem (self, problems, index, CBZ_IMPORT_FIELD_ISSUE_DATE, CBZ_IMPORT_ERROR_BAD_DATE, error);
      g_clear_error (&error);
      CHECK (FALSE);
    }

  memset (&record->due_date, 0, sizeof record->due_date);
  if ((text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_DUE_DATE)) == NULL)
    CHECK (missing (self, problems, index, CBZ_IMPORT_FIELD_DUE_DATE, _("the due date is empty")));
  else if (!cbz_date_parse (text, self->date_order, &record->due_date, &error))
    {
      add_error_problem (self, problems, index, CBZ_IMPORT_FIELD_DUE_DATE, CBZ_IMPORT_ERROR_BAD_DATE, error);
      g_clear_error (&error);
      CHECK (FALSE);
    }

  g_strlcpy (record->currency, self->default_currency, sizeof record->currency);
  if ((text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_CURRENCY)) != NULL)
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

          _cbz_csv_import_add_problem (self, problems, index, CBZ_IMPORT_FIELD_CURRENCY, CBZ_IMPORT_ERROR_BAD_CURRENCY, reason);
          CHECK (FALSE);
        }
    }

  CHECK (parse_amount_field (self, problems, index, CBZ_IMPORT_FIELD_AMOUNT, record->currency,
                             currency_fixed, &has_amount, &record->amount));
  currency_fixed = currency_fixed || has_amount;
  CHECK (parse_amount_field (self, problems, index, CBZ_IMPORT_FIELD_BALANCE, record->currency,
                             currency_fixed, &has_balance, &record->balance));

  /* A status that cannot be read is a warning: the figures say it. */
  record->status = CBZ_INVOICE_STATUS_OPEN;
  if ((status_text = _cbz_csv_import_cell (self, index, CBZ_IMPORT_FIELD_STATUS)) != NULL &&
      !_cbz_csv_import_parse_status (status_text, &record->status))
    {
      g_autofree char *reason =
        g_strdup_printf (_("“%s” is not an invoice status (open, partially paid, paid, disputed or written off)"), status_text);

      _cbz_csv_import_add_warning (self, problems, index, CBZ_IMPORT_FIELD_STATUS, CBZ_IMPORT_ERROR_BAD_STATUS, reason);
      record->status = CBZ_INVOICE_STATUS_OPEN;
      status_text = NULL;
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

      _cbz_csv_import_add_problem (self, problems, index, CBZ_IMPORT_FIELD_BALANCE, CBZ_IMPORT_ERROR_BAD_AMOUNT, reason);
      CHECK (FALSE);
    }

  if (status_text != NULL && record->status == CBZ_INVOICE_STATUS_PAID && has_balance && record->balance != 0)
    {
      g_autofree char *balance = cbz_money_format (cbz_money_init (record->balance, record->currency), NULL);
      g_autofree char *reason = g_strdup_printf (_("the status says paid, but the balance is %s"), balance);

      _cbz_csv_import_add_problem (self, problems, index, CBZ_IMPORT_FIELD_STATUS, CBZ_IMPORT_ERROR_BAD_STATUS, reason);
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
