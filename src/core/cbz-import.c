/* cbz-import.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-import.h"
#include "cbz-text.h"

/*
 * Header words, in Spanish and English, after cbz_text_normalize_name()
 * (lowercase, no accents, punctuation as spaces). A rule matches when every
 * word of one of its phrases is a word of the header. Rules are tried in
 * order, most specific first: "Teléfono de contacto" is a phone, not a
 * contact; "Fecha de vencimiento" a due date, not an issue date; "Total
 * factura" an amount, not an invoice number; "RFC cliente" a tax ID.
 */
typedef struct
{
  CbzImportField  field;
  const char     *phrases;  /* phrases separated by '|' */
} HeaderRule;

static const HeaderRule header_rules[] = {
  /* Customer codes are not names: leave them out. */
  { CBZ_IMPORT_FIELD_NONE, "numero cliente|no cliente|num cliente|codigo cliente|id cliente|"
                           "clave cliente|cliente id|customer id|customer number|customer no|"
                           "customer code|client id|account number" },
  { CBZ_IMPORT_FIELD_WHATSAPP, "whatsapp|wa|wsp|whats app" },
  { CBZ_IMPORT_FIELD_MOBILE, "celular|movil|cel|mobile|cell|cellphone|telefono movil" },
  { CBZ_IMPORT_FIELD_PHONE, "telefono|tel|telefonos|phone|telephone|fono|phone number" },
  { CBZ_IMPORT_FIELD_EMAIL, "correo|email|e mail|mail|correo electronico|emails|correos" },
  { CBZ_IMPORT_FIELD_CONTACT, "contacto|contact|atencion|attn|persona contacto|contact person" },
  { CBZ_IMPORT_FIELD_TAX_ID, "rfc|rut|cuit|cuil|nit|ruc|tax id|taxid|tax|vat|identificacion fiscal|"
                             "id fiscal|nif|cif|cedula juridica|registro fiscal" },
  { CBZ_IMPORT_FIELD_DUE_DATE, "vencimiento|vence|vto|venc|due|due date|fecha limite|"
                               "fecha de pago limite|payment due" },
  { CBZ_IMPORT_FIELD_BALANCE, "saldo|balance|pendiente|adeudo|por cobrar|outstanding|amount due|"
                              "open amount|debe|owed|remaining|saldo pendiente" },
  { CBZ_IMPORT_FIELD_AMOUNT, "monto|importe|total|valor|amount|invoice amount|total amount|value" },
  { CBZ_IMPORT_FIELD_CURRENCY, "moneda|divisa|currency|mon|tipo moneda|curr" },
  { CBZ_IMPORT_FIELD_ISSUE_DATE, "emision|emitida|fecha|issue|issued|invoice date|date|"
                                 "fecha factura|fecha documento|fecha doc" },
  { CBZ_IMPORT_FIELD_STATUS, "estado|estatus|status|situacion|state of invoice" },
  { CBZ_IMPORT_FIELD_TAGS, "etiquetas|etiqueta|tags|tag|categoria|categorias|segmento|labels|label" },
  { CBZ_IMPORT_FIELD_LANGUAGE, "idioma|lengua|language|lang" },
  { CBZ_IMPORT_FIELD_DESCRIPTION, "descripcion|concepto|detalle|description|concept|memo|notes|notas" },
  { CBZ_IMPORT_FIELD_POSTAL_CODE, "codigo postal|cp|c p|zip|zip code|postal code|postcode|postal" },
  { CBZ_IMPORT_FIELD_ADDRESS, "direccion|domicilio|calle|address|street" },
  { CBZ_IMPORT_FIELD_CITY, "ciudad|municipio|localidad|comuna|poblacion|city|town" },
  { CBZ_IMPORT_FIELD_REGION, "provincia|region|departamento|entidad|entidad federativa|state|province" },
  { CBZ_IMPORT_FIELD_COUNTRY, "pais|country" },
  { CBZ_IMPORT_FIELD_INVOICE_NUMBER, "factura|folio|numero|no|num|nro|comprobante|documento|doc|"
                                     "invoice|number|invoice number|invoice no|n" },
  { CBZ_IMPORT_FIELD_CUSTOMER_NAME, "cliente|razon social|nombre|deudor|empresa|customer|name|"
                                    "company|client|debtor|nombre cliente" },
};

static const char * const field_labels[] = {
  [CBZ_IMPORT_FIELD_NONE] = NC_("import field", "Do not import"),
  [CBZ_IMPORT_FIELD_CUSTOMER_NAME] = NC_("import field", "Customer name"),
  [CBZ_IMPORT_FIELD_TAX_ID] = NC_("import field", "Tax ID (RFC, RUT, CUIT, NIT, RUC)"),
  [CBZ_IMPORT_FIELD_CONTACT] = NC_("import field", "Contact person"),
  [CBZ_IMPORT_FIELD_PHONE] = NC_("import field", "Phone"),
  [CBZ_IMPORT_FIELD_MOBILE] = NC_("import field", "Mobile"),
  [CBZ_IMPORT_FIELD_WHATSAPP] = NC_("import field", "WhatsApp"),
  [CBZ_IMPORT_FIELD_EMAIL] = NC_("import field", "Email"),
  [CBZ_IMPORT_FIELD_ADDRESS] = NC_("import field", "Address"),
  [CBZ_IMPORT_FIELD_CITY] = NC_("import field", "City"),
  [CBZ_IMPORT_FIELD_REGION] = NC_("import field", "State or province"),
  [CBZ_IMPORT_FIELD_POSTAL_CODE] = NC_("import field", "Postal code"),
  [CBZ_IMPORT_FIELD_COUNTRY] = NC_("import field", "Country"),
  [CBZ_IMPORT_FIELD_LANGUAGE] = NC_("import field", "Language"),
  [CBZ_IMPORT_FIELD_TAGS] = NC_("import field", "Tags"),
  [CBZ_IMPORT_FIELD_INVOICE_NUMBER] = NC_("import field", "Invoice number"),
  [CBZ_IMPORT_FIELD_ISSUE_DATE] = NC_("import field", "Issue date"),
  [CBZ_IMPORT_FIELD_DUE_DATE] = NC_("import field", "Due date"),
  [CBZ_IMPORT_FIELD_AMOUNT] = NC_("import field", "Amount"),
  [CBZ_IMPORT_FIELD_BALANCE] = NC_("import field", "Balance due"),
  [CBZ_IMPORT_FIELD_CURRENCY] = NC_("import field", "Currency"),
  [CBZ_IMPORT_FIELD_STATUS] = NC_("import field", "Status"),
  [CBZ_IMPORT_FIELD_DESCRIPTION] = NC_("import field", "Description"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_labels) == CBZ_IMPORT_N_FIELDS);

G_DEFINE_QUARK (cbz-import-error-quark, cbz_import_error)

G_DEFINE_ENUM_TYPE (CbzImportField, cbz_import_field,
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_CUSTOMER_NAME, "customer-name"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_TAX_ID, "tax-id"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_CONTACT, "contact"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_PHONE, "phone"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_MOBILE, "mobile"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_WHATSAPP, "whatsapp"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_ADDRESS, "address"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_CITY, "city"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_REGION, "region"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_POSTAL_CODE, "postal-code"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_COUNTRY, "country"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_LANGUAGE, "language"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_TAGS, "tags"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_INVOICE_NUMBER, "invoice-number"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_ISSUE_DATE, "issue-date"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_DUE_DATE, "due-date"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_AMOUNT, "amount"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_BALANCE, "balance"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_CURRENCY, "currency"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_STATUS, "status"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_FIELD_DESCRIPTION, "description"))

G_DEFINE_ENUM_TYPE (CbzImportMode, cbz_import_mode,
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_MODE_ALL_OR_NOTHING, "all-or-nothing"),
  G_DEFINE_ENUM_VALUE (CBZ_IMPORT_MODE_VALID_ROWS_ONLY, "valid-rows-only"))

G_DEFINE_BOXED_TYPE (CbzImportProblem, cbz_import_problem,
                     cbz_import_problem_copy, cbz_import_problem_free)

/* Does every word of @phrase appear among @words? */
static gboolean
phrase_matches (const char  *phrase,
                gsize        phrase_len,
                char       **words)
{
  g_autofree char *copy = g_strndup (phrase, phrase_len);
  g_auto(GStrv) needed = g_strsplit (copy, " ", -1);

  for (guint i = 0; needed[i] != NULL; i++)
    {
      if (!g_strv_contains ((const char * const *) words, needed[i]))
        return FALSE;
    }
  return TRUE;
}

const char *
cbz_import_field_get_label (CbzImportField field)
{
  g_return_val_if_fail (field < CBZ_IMPORT_N_FIELDS, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "import field", field_labels[field]);
}

gboolean
cbz_import_field_is_required (CbzImportField field)
{
  return field == CBZ_IMPORT_FIELD_CUSTOMER_NAME ||
         field == CBZ_IMPORT_FIELD_INVOICE_NUMBER ||
         field == CBZ_IMPORT_FIELD_DUE_DATE;
}

CbzImportField
cbz_import_field_from_header (const char *header)
{
  g_autofree char *key = NULL;
  g_autofree char *compact = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (header != NULL, CBZ_IMPORT_FIELD_NONE);

  key = cbz_text_normalize_name (header);
  if (key[0] == '\0')
    return CBZ_IMPORT_FIELD_NONE;
  words = g_strsplit (key, " ", -1);
  /* "R.U.T.", "C.P.", "E-Mail" written with dots and dashes between letters. */
  compact = g_strjoinv ("", words);

  /* Each rule's phrases, whole header first ("no" alone is a number column;
   * "no" inside "Teléfono no. 2" must not make it one). */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint r = 0; r < G_N_ELEMENTS (header_rules); r++)
        {
          const char *p = header_rules[r].phrases;

          while (*p != '\0')
            {
              const char *bar = strchr (p, '|');
              gsize len = bar != NULL ? (gsize) (bar - p) : strlen (p);

              if (pass == 0 ? ((strlen (key) == len && strncmp (key, p, len) == 0) ||
                               (strlen (compact) == len && strncmp (compact, p, len) == 0))
                            : (len > 2 && phrase_matches (p, len, words)))
                return header_rules[r].field;
              p += len;
              if (*p == '|')
                p++;
            }
        }
    }
  return CBZ_IMPORT_FIELD_NONE;
}

CbzImportProblem *
cbz_import_problem_new (guint           row,
                        int             column,
                        const char     *column_name,
                        const char     *value,
                        CbzImportError  code,
                        const char     *reason)
{
  CbzImportProblem *problem = g_new0 (CbzImportProblem, 1);

  problem->row = row;
  problem->column = column;
  problem->column_name = g_strdup (column_name);
  problem->value = g_strdup (value);
  problem->code = code;
  problem->reason = g_strdup (reason);

  if (row > 0 && column_name != NULL)
    /* Translators: “row 17, column “vencimiento”: “31/02/2024” is not a valid
     * date”. The last %s is the reason, already translated. */
    problem->message = g_strdup_printf (_("row %u, column “%s”: %s"), row, column_name, reason);
  else if (row > 0)
    /* Translators: “row 17: …” followed by the reason, already translated. */
    problem->message = g_strdup_printf (_("row %u: %s"), row, reason);
  else
    problem->message = g_strdup (reason);
  return problem;
}

CbzImportProblem *
cbz_import_warning_new (guint           row,
                        int             column,
                        const char     *column_name,
                        const char     *value,
                        CbzImportError  code,
                        const char     *reason)
{
  CbzImportProblem *problem = cbz_import_problem_new (row, column, column_name, value, code, reason);

  problem->warning = TRUE;
  return problem;
}

CbzImportProblem *
cbz_import_problem_copy (const CbzImportProblem *problem)
{
  CbzImportProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (CbzImportProblem, 1);
  *copy = *problem;
  copy->column_name = g_strdup (problem->column_name);
  copy->value = g_strdup (problem->value);
  copy->reason = g_strdup (problem->reason);
  copy->message = g_strdup (problem->message);
  return copy;
}

void
cbz_import_problem_free (CbzImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column_name);
  g_free (problem->value);
  g_free (problem->reason);
  g_free (problem->message);
  g_free (problem);
}

void
cbz_import_record_init (CbzImportRecord *record)
{
  g_return_if_fail (record != NULL);

  memset (record, 0, sizeof *record);
  record->name_key = g_string_sized_new (64);
  record->email = g_string_sized_new (64);
}

void
cbz_import_record_clear (CbzImportRecord *record)
{
  g_return_if_fail (record != NULL);

  if (record->name_key != NULL)
    g_string_free (record->name_key, TRUE);
  if (record->email != NULL)
    g_string_free (record->email, TRUE);
  memset (record, 0, sizeof *record);
}

GStrv
cbz_import_record_split_tags (const CbzImportRecord *record)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  if (record->tags != NULL)
    {
      parts = g_strsplit_set (record->tags, ",;|", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *tag = cbz_text_strip (parts[i]);
          gboolean seen = FALSE;

          if (tag[0] == '\0')
            continue;
          for (guint j = 0; j < i && !seen; j++)
            seen = g_str_equal (parts[j], tag);
          if (!seen)
            g_strv_builder_add (builder, tag);
        }
    }
  return g_strv_builder_end (builder);
}
