/* cbz-cli-export.c: `cobranza-cli export`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cbz-cli-commands.h"
#include "cbz-money.h"
#include "cbz-store.h"

/*
 * The open invoices with their customers' data as CSV (RFC 4180: comma,
 * double quotes, CRLF), one row per invoice, with the Spanish headers the
 * importer recognises, so `export` then `import` gives the same portfolio.
 * Amounts are plain ("1234.56", "15000" for currencies without decimals) and
 * dates ISO, so no locale can misread them.
 */

static const char * const headers[] = {
  "cliente", "id fiscal", "contacto", "telefono", "celular", "whatsapp", "correo",
  "direccion", "ciudad", "region", "codigo postal", "pais", "idioma", "etiquetas",
  "factura", "emision", "vencimiento", "moneda", "monto", "saldo", "estado", "descripcion",
};

static const char export_sql[] =
  "SELECT d.name, d.tax_id, d.contact_person, d.phone, d.mobile, d.whatsapp, d.email,"
  " d.address, d.city, d.region, d.postal_code, d.country, d.language,"
  " (SELECT group_concat (tag, ', ') FROM (SELECT tag FROM debtor_tags t"
  "   WHERE t.debtor_id = d.id ORDER BY tag)),"
  " i.number, i.issue_date, i.due_date, i.currency, i.amount, i.balance, i.status, i.description"
  " FROM invoices i JOIN debtors d ON d.id = i.debtor_id"
  " WHERE i.balance > 0 AND i.status IN ('open', 'partially-paid', 'disputed')"
  " ORDER BY d.name_key, d.id, i.due_date, i.id";

static void
write_field (GString    *out,
             const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
write_amount (GString    *out,
              gint64      minor,
              const char *currency)
{
  int digits = cbz_currency_is_known (currency) ? cbz_currency_get_digits (currency) : 2;
  guint64 scale = 1;
  guint64 abs_minor = minor < 0 ? (guint64) -minor : (guint64) minor;

  for (int i = 0; i < digits; i++)
    scale *= 10;

  if (minor < 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, abs_minor / scale);
  if (digits > 0)
    g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, digits, abs_minor % scale);
}

int
cbz_cli_export (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;
  int rc;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &path, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Writes the open invoices with their customers’ data as CSV, "
                                           "in columns “cobranza-cli import” reads back."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  store = cbz_store_open (database, &error);
  if (store == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_field (out, headers[i]);
    }
  g_string_append (out, "\r\n");

  if (sqlite3_prepare_v2 (cbz_store_get_handle (store), export_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      cbz_cli_print_error (_("Could not read the invoices from “%s”: %s"), database,
                           sqlite3_errmsg (cbz_store_get_handle (store)));
      return 1;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, 17);

      for (int c = 0; c < (int) G_N_ELEMENTS (headers); c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          if (c == 18 || c == 19)
            write_amount (out, sqlite3_column_int64 (stmt, c), currency);
          else
            write_field (out, (const char *) sqlite3_column_text (stmt, c));
        }
      g_string_append (out, "\r\n");
      rows++;
    }
  if (rc != SQLITE_DONE)
    {
      cbz_cli_print_error (_("Could not read the invoices from “%s”: %s"), database,
                           sqlite3_errmsg (cbz_store_get_handle (store)));
      sqlite3_finalize (stmt);
      return 1;
    }
  sqlite3_finalize (stmt);

  if (path == NULL)
    {
      if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
        {
          cbz_cli_print_error (_("Could not write the CSV: %s"), g_strerror (errno));
          return 1;
        }
      return 0;
    }

  if (!g_file_set_contents (path, out->str, (gssize) out->len, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  /* Translators: %u invoices, then a file name */
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Exported %u open invoice to %s\n",
                                "Exported %u open invoices to %s\n", rows), rows, path);
  return 0;
}
