/* cbz-cli-import.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cbz-cli-commands.h"
#include "cbz-csv-import.h"
#include "cbz-import-writer.h"
#include "cbz-money.h"
#include "cbz-store.h"

static gboolean
parse_delimiter (const char  *text,
                 char        *delimiter)
{
  if (text == NULL)
    {
      *delimiter = 0;
      return TRUE;
    }
  if (g_ascii_strcasecmp (text, "tab") == 0 || g_str_equal (text, "\\t") || g_str_equal (text, "\t"))
    {
      *delimiter = '\t';
      return TRUE;
    }
  if (strlen (text) == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r')
    {
      *delimiter = text[0];
      return TRUE;
    }
  return FALSE;
}

static const char *
describe_delimiter (char delimiter)
{
  switch (delimiter)
    {
    case '\t':
      return C_("delimiter", "tab");
    case ',':
      return C_("delimiter", "comma");
    case ';':
      return C_("delimiter", "semicolon");
    case '|':
      return C_("delimiter", "vertical bar");
    default:
      return NULL;
    }
}

/* Problems in row order; warnings (the row was, or would be, imported
 * anyway) say so. */
static void
print_problems (GPtrArray *problems,
                guint      n_total)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const CbzImportProblem *problem = g_ptr_array_index (problems, i);

      if (problem->warning)
        /* Translators: before a problem the row is imported with: "warning: row 3, column “RFC”: …". */
        fprintf (stderr, _("warning: %s\n"), problem->message);
      else
        fprintf (stderr, "%s\n", problem->message);
    }
  if (n_total > problems->len)
    fprintf (stderr,
             g_dngettext (GETTEXT_PACKAGE, "… and %u more problem\n", "… and %u more problems\n",
                          n_total - problems->len),
             n_total - problems->len);
}

static void
print_warnings (const CbzImportSummary *summary)
{
  guint n = summary->n_warnings;

  if (n == 0)
    return;
  print_problems (summary->warnings, n);
  cbz_cli_print_error (g_dngettext (GETTEXT_PACKAGE,
                                    "%u warning: its row was imported all the same.",
                                    "%u warnings: their rows were imported all the same.",
                                    n),
                       n);
  fprintf (stderr, "%s\n",
           _("A tax ID that does not check out is kept as written and marked as unverified until "
             "someone corrects it on the customer’s page; a phone number, email address, language or "
             "country that cannot be read is left out; an invoice status that cannot be read is taken "
             "from the amounts."));
}

/* "Filas vacías:" lines up with the rest. */
static void
print_line (const char *label,
            guint       value)
{
  printf ("  %s%*s %u\n", label, cbz_cli_padding (label, 28), "", value);
}

static void
print_text_line (const char *label,
                 const char *value)
{
  printf ("  %s%*s %s\n", label, cbz_cli_padding (label, 28), "", value);
}

static void
print_summary (CbzCsvImport           *import,
               const CbzImportSummary *summary)
{
  const char *delimiter = describe_delimiter (cbz_csv_import_get_delimiter (import));
  g_autofree char *other = NULL;

  if (delimiter == NULL)
    delimiter = other = g_strdup_printf ("“%c”", cbz_csv_import_get_delimiter (import));

  if (summary->dry_run)
    printf (_("Checked “%s” (dry run: nothing was written).\n"), cbz_csv_import_get_display_name (import));
  else
    printf (_("Imported “%s”.\n"), cbz_csv_import_get_display_name (import));

  print_text_line (_("Encoding:"), cbz_csv_import_get_encoding (import));
  print_text_line (_("Separator:"), delimiter);
  print_line (_("Rows imported:"), summary->rows_imported);
  if (summary->rows_skipped > 0)
    print_line (_("Rows skipped (problems):"), summary->rows_skipped);
  if (summary->rows_blank > 0)
    print_line (_("Blank rows:"), summary->rows_blank);
  if (summary->n_warnings > 0)
    print_line (_("Warnings:"), summary->n_warnings);
  if (summary->tax_ids_unverified > 0)
    print_line (_("Unverified tax IDs:"), summary->tax_ids_unverified);
  print_line (_("Customers created:"), summary->customers_created);
  print_line (_("Customers updated:"), summary->customers_updated);
  print_line (_("Customers unchanged:"), summary->customers_unchanged);
  print_line (_("Invoices created:"), summary->invoices_created);
  print_line (_("Invoices updated:"), summary->invoices_updated);
  print_line (_("Invoices unchanged:"), summary->invoices_unchanged);
  if (summary->invoices_not_in_file > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u invoice of these customers is not in this file; it was left as it was.\n",
                         "%u invoices of these customers are not in this file; they were left as they were.\n",
                         summary->invoices_not_in_file),
            summary->invoices_not_in_file);
}

int
cbz_cli_import (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *delimiter_text = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *country = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *date_order = NULL;
  gboolean valid_rows_only = FALSE;
  gboolean dry_run = FALSE;
  char delimiter = 0;
  CbzImportMode mode;
  const GOptionEntry entries[] = {
    { "valid-rows-only", 0, 0, G_OPTION_ARG_NONE, &valid_rows_only,
      N_("Import the rows without problems and skip the others (default: import nothing when any row has a problem; warnings, such as a tax ID that does not check out, are no problem)"), NULL },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter_text,
      N_("The character between values: , ; tab or | (default: detected)"), N_("CHAR") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      N_("The file’s text encoding, e.g. UTF-8 or WINDOWS-1252 (default: detected)"), N_("ENCODING") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &country,
      N_("Country for phone numbers without a country code and for tax IDs, e.g. MX, CL, CO"), N_("CC") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency,
      N_("Currency of rows that do not say, e.g. MXN, CLP, USD"), N_("CODE") },
    { "date-order", 0, 0, G_OPTION_ARG_STRING, &date_order,
      N_("How to read 03/04/2025: dmy (3 April) or mdy (March 4) (default: detected)"), N_("ORDER") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check everything and report what would change, without writing"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — import invoices from a CSV file"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("One row per invoice. Customers are matched by tax ID, else by name; "
                                  "importing the same file again updates invoices instead of duplicating them."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc != 2)
    {
      cbz_cli_print_error (_("import needs exactly one CSV file"));
      return 2;
    }
  if (!parse_delimiter (delimiter_text, &delimiter))
    {
      cbz_cli_print_error (_("“%s” is not a delimiter; use , ; tab or |"), delimiter_text);
      return 2;
    }
  if (country != NULL && (strlen (country) != 2 || !g_ascii_isalpha (country[0]) || !g_ascii_isalpha (country[1])))
    {
      cbz_cli_print_error (_("“%s” is not a two-letter country code such as MX or CL"), country);
      return 2;
    }
  if (currency != NULL && !cbz_currency_is_known (currency))
    {
      cbz_cli_print_error (_("“%s” is not a currency code this program knows"), currency);
      return 2;
    }
  if (date_order != NULL && g_ascii_strcasecmp (date_order, "dmy") != 0 && g_ascii_strcasecmp (date_order, "mdy") != 0)
    {
      cbz_cli_print_error (_("“%s” is not a date order; use dmy or mdy"), date_order);
      return 2;
    }
  mode = valid_rows_only ? CBZ_IMPORT_MODE_VALID_ROWS_ONLY : CBZ_IMPORT_MODE_ALL_OR_NOTHING;

  file = g_file_new_for_commandline_arg (argv[1]);
  import = cbz_csv_import_new (file);
  cbz_csv_import_set_encoding (import, encoding);
  cbz_csv_import_set_delimiter (import, delimiter);
  if (country != NULL)
    {
      cbz_csv_import_set_default_country (import, country);
      if (currency == NULL)
        {
          /* The country's own currency, unless told otherwise. */
          for (const char * const *c = cbz_currency_list (); *c != NULL; c++)
            {
              if (g_ascii_strcasecmp (cbz_currency_get_country (*c), country) == 0)
                cbz_csv_import_set_default_currency (import, *c);
            }
        }
    }
  if (currency != NULL)
    cbz_csv_import_set_default_currency (import, currency);

  if (!cbz_csv_import_load (import, NULL, &error))
    {
      cbz_cli_print_error ("%s: %s", cbz_csv_import_get_display_name (import), error->message);
      return 1;
    }
  if (date_order != NULL)
    {
      cbz_csv_import_set_date_order (import, g_ascii_strcasecmp (date_order, "mdy") == 0
                                               ? CBZ_DATE_ORDER_MDY : CBZ_DATE_ORDER_DMY);
      if (!cbz_csv_import_validate (import, NULL, &error))
        {
          cbz_cli_print_error ("%s", error->message);
          return 1;
        }
    }

  if (cbz_csv_import_has_file_problems (import) ||
      (mode == CBZ_IMPORT_MODE_ALL_OR_NOTHING && cbz_csv_import_get_n_invalid_rows (import) > 0))
    {
      guint n = cbz_csv_import_get_n_invalid_rows (import);

      print_problems (cbz_csv_import_get_problems (import), cbz_csv_import_get_n_problems (import));
      if (cbz_csv_import_has_file_problems (import))
        cbz_cli_print_error (_("Nothing was imported."));
      else
        cbz_cli_print_error (g_dngettext (GETTEXT_PACKAGE,
                                          "%u row has problems, so nothing was imported. Fix it, or use --valid-rows-only to import the other rows.",
                                          "%u rows have problems, so nothing was imported. Fix them, or use --valid-rows-only to import the other rows.",
                                          n),
                             n);
      return 1;
    }

  store = cbz_store_open (database, &error);
  if (store == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  summary = cbz_import_writer_run (store, import, mode, dry_run, NULL, &error);
  if (summary == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  if (summary->rows_skipped > 0)
    print_problems (summary->skipped, cbz_csv_import_get_n_problems (import) - summary->n_warnings);
  print_warnings (summary);
  print_summary (import, summary);
  return 0;
}
