/* cbz-cli-export.c: `cobranza-cli export`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "cbz-cli-commands.h"
#include "cbz-store.h"

int
cbz_cli_export (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  guint rows = 0;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &path, N_("Write to FILE instead of standard output (“-” is standard output)"), N_("FILE") },
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

  /* "-" is standard output, as for other command-line tools. */
  if (g_strcmp0 (path, "-") == 0)
    g_clear_pointer (&path, g_free);

  if (path != NULL)
    {
      /* Written to a temporary file and renamed: never half a CSV. */
      file = g_file_new_for_commandline_arg (path);
      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));
    }
  else
    out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  if (out == NULL ||
      !cbz_store_export_csv (store, out, &rows, NULL, &error) ||
      !g_output_stream_close (out, NULL, &error))
    {
      cbz_cli_print_error (_("Could not write the CSV: %s"), error->message);
      return 1;
    }

  if (path != NULL)
    /* Translators: %u invoices, then a file name */
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Exported %u open invoice to %s\n",
                                  "Exported %u open invoices to %s\n", rows), rows, path);
  return 0;
}
