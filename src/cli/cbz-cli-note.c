/* cbz-cli-note.c: `cobranza-cli note`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-commands.h"
#include "cbz-cli-record.h"
#include "cbz-store-notes.h"

/* Adds a note to a customer's timeline: the words after the options. */
int
cbz_cli_note (const char  *database,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autofree char *customer = NULL, *tax_id = NULL, *text = NULL;
  gboolean json = FALSE;
  gint64 debtor_id = 0;
  gint64 event_id;
  int status;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("The customer’s number, as the app shows it"), N_("NUMBER") },
    { "tax-id", 0, 0, G_OPTION_ARG_STRING, &tax_id, N_("The customer’s tax ID, instead of the number"), N_("TAX-ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as one JSON object"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("TEXT — add a note to a customer’s timeline"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc < 2)
    {
      cbz_cli_print_error ("%s", _("Write the note after the options, such as: note --customer 12 \"Pays on Fridays\""));
      return 2;
    }
  text = g_strjoinv (" ", argv + 1);

  store = cbz_cli_record_open_customer (database, customer, tax_id, &debtor_id, &status);
  if (store == NULL)
    return status;
  event_id = cbz_store_add_note (store, debtor_id, text, &error);
  if (event_id == 0)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "event_id");
      json_builder_add_int_value (builder, event_id);
      json_builder_set_member_name (builder, "customer");
      json_builder_add_int_value (builder, debtor_id);
      json_builder_end_object (builder);
      cbz_cli_record_print_json (builder);
    }
  else
    {
      g_autofree char *who = cbz_cli_record_describe_customer (store, debtor_id);

      /* Translators: %s is a customer */
      printf (_("Note added to the timeline of %s.\n"), who);
    }
  return 0;
}
