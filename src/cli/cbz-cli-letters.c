/* cbz-cli-letters.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "cbz-cli-commands.h"
#include "cbz-letter-batch.h"

static void
print_progress_cb (guint    done,
                   guint    total,
                   gpointer user_data)
{
  gboolean *tty = user_data;

  if (*tty)
    fprintf (stderr, "\r%u/%u", done, total);
}

int
cbz_cli_letters (const char  *database,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzLetterBatchOptions) options = NULL;
  g_autoptr(CbzLetterBatchResult) result = NULL;
  g_auto(GStrv) customers = NULL;
  g_autofree char *language = NULL;
  g_autofree char *out = NULL;
  int level = 0;
  int min_days = 0;
  gboolean no_record = FALSE;
  gboolean tty = isatty (fileno (stderr));
  GOptionEntry entries[] = {
    { "level", 'l', 0, G_OPTION_ARG_INT, &level, N_("Letter level: 1 reminder, 2 formal notice, 3 final notice"), "N" },
    { "min-days-overdue", 'd', 0, G_OPTION_ARG_INT, &min_days,
      N_("Customers (and invoices) at least D days overdue, instead of everyone at the level"), "D" },
    { "customer", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &customers, N_("Only this customer (repeatable)"), "ID" },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("Write in this language instead of each customer’s (es, en)"), "LANG" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("A .pdf file for one combined PDF, else a folder for one PDF per customer"), "FILE.pdf|DIR" },
    { "no-record", 0, 0, G_OPTION_ARG_NONE, &no_record, N_("Do not add the letters to the customers’ timelines"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— write collection letters as PDF"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  if (level < CBZ_LETTER_LEVEL_REMINDER || level > CBZ_LETTER_LEVEL_FINAL)
    {
      cbz_cli_print_error (_("--level must be 1, 2 or 3"));
      return 2;
    }
  if (out == NULL)
    {
      cbz_cli_print_error (_("--out needs a .pdf file or a folder"));
      return 2;
    }
  if (language != NULL && !g_str_equal (language, "es") && !g_str_equal (language, "en"))
    {
      cbz_cli_print_error (_("--language must be “es” or “en”, not “%s”"), language);
      return 2;
    }
  if (min_days < 0)
    {
      cbz_cli_print_error (_("--min-days-overdue cannot be negative"));
      return 2;
    }

  options = cbz_letter_batch_options_new (level);
  options->language = g_strdup (language);
  options->min_days_overdue = min_days;
  options->record = !no_record;
  if (g_str_has_suffix (out, ".pdf") || g_str_has_suffix (out, ".PDF"))
    options->combined_path = g_strdup (out);
  else
    options->folder = g_strdup (out);

  if (customers != NULL)
    {
      options->debtor_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; customers[i] != NULL; i++)
        {
          gint64 id = 0;

          if (!g_ascii_string_to_signed (customers[i], 10, 1, G_MAXINT64, &id, NULL))
            {
              cbz_cli_print_error (_("--customer needs a customer number, not “%s”"), customers[i]);
              return 2;
            }
          g_array_append_val (options->debtor_ids, id);
        }
    }

  store = cbz_store_open (database, &error);
  if (store == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  result = cbz_letter_batch_run (store, options, NULL, print_progress_cb, &tty, &error);
  if (tty)
    fprintf (stderr, "\n");
  if (result == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < result->skipped->len; i++)
    fprintf (stderr, "%s\n", (const char *) g_ptr_array_index (result->skipped, i));

  if (result->n_letters == 0)
    {
      printf ("%s\n", _("No letters to write: nobody matches."));
      return 0;
    }

  {
    /* Translators: how many pages the letters take, as in "3 letters (4 pages)" */
    g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages",
                                                           result->n_pages),
                                              result->n_pages);

    /* Translators: the first %s is the number of pages ("4 pages"), the second the file or folder */
    printf (g_dngettext (GETTEXT_PACKAGE, "%u letter (%s) written to %s\n",
                         "%u letters (%s) written to %s\n", result->n_letters),
            result->n_letters, pages, out);
  }
  if (options->record)
    printf ("%s\n", _("Each letter was added to its customer’s timeline."));
  return 0;
}
