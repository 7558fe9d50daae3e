/* cbz-cli-call.c: `cobranza-cli call`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-commands.h"
#include "cbz-cli-record.h"
#include "cbz-store-calls.h"

static void
print_logged (CbzStore            *store,
              gint64               debtor_id,
              CbzCallOutcome       outcome,
              const CbzDate       *follow_up,
              const CbzCallLogged *logged,
              gboolean             json)
{
  char day[CBZ_DATE_ISO_LENGTH];

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "event_id");
      json_builder_add_int_value (builder, logged->event_id);
      json_builder_set_member_name (builder, "customer");
      json_builder_add_int_value (builder, debtor_id);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, cbz_call_outcome_to_string (outcome));
      json_builder_set_member_name (builder, "follow_up");
      if (follow_up != NULL)
        json_builder_add_string_value (builder, cbz_date_to_iso (*follow_up, day));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "task_id");
      if (logged->task_id != 0)
        json_builder_add_int_value (builder, logged->task_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "completed_tasks");
      json_builder_begin_array (builder);
      for (guint i = 0; i < logged->completed_tasks->len; i++)
        json_builder_add_int_value (builder, g_array_index (logged->completed_tasks, gint64, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      cbz_cli_record_print_json (builder);
      return;
    }

  {
    g_autofree char *who = cbz_cli_record_describe_customer (store, debtor_id);

    /* Translators: first %s is a customer, second a call outcome such as "No answer" */
    printf (_("Call to %s logged: %s.\n"), who, cbz_call_outcome_get_label (outcome));
  }
  if (logged->task_id != 0)
    {
      g_autofree char *task = g_strdup_printf ("%" G_GINT64_FORMAT, logged->task_id);

      /* Translators: first %s is a task number, second a date */
      printf (_("Follow-up task %s on %s.\n"), task, cbz_date_to_iso (*follow_up, day));
    }
  if (logged->completed_tasks->len > 0)
    printf (g_dngettext (NULL, "This call did %u open task.\n", "This call did %u open tasks.\n",
                         logged->completed_tasks->len),
            logged->completed_tasks->len);
}

/* Logs a call to a customer: its outcome, a note, a follow-up day. */
int
cbz_cli_call (const char  *database,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzCallLogged) logged = NULL;
  g_autofree char *customer = NULL, *tax_id = NULL, *outcome_text = NULL;
  g_autofree char *note = NULL, *follow_up_text = NULL;
  gboolean json = FALSE;
  CbzCallOutcome outcome;
  CbzDate follow_up = { 0, };
  gint64 debtor_id = 0;
  int status;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("The customer’s number, as the app shows it"), N_("NUMBER") },
    { "tax-id", 0, 0, G_OPTION_ARG_STRING, &tax_id, N_("The customer’s tax ID, instead of the number"), N_("TAX-ID") },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome_text,
      N_("What came of it: no-answer, wrong-number, left-message, promised-to-pay, disputes, call-back, "
         "paid-already, other (or their names in English or Spanish)"), N_("OUTCOME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What was said"), N_("TEXT") },
    { "follow-up", 0, 0, G_OPTION_ARG_STRING, &follow_up_text,
      N_("Add a task to call again on this day (the customer’s)"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as one JSON object"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— log a call to a customer"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      cbz_cli_print_error (_("unexpected argument “%s”"), argv[1]);
      return 2;
    }
  if (outcome_text == NULL)
    {
      cbz_cli_print_error ("%s", _("Say what came of the call with --outcome"));
      return 2;
    }
  if (!cbz_call_outcome_parse (outcome_text, &outcome, &error) ||
      (follow_up_text != NULL && !cbz_cli_record_parse_day ("--follow-up", follow_up_text, &follow_up, &error)))
    {
      if (error->domain != G_OPTION_ERROR)
        g_prefix_error (&error, "--outcome: ");
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  store = cbz_cli_record_open_customer (database, customer, tax_id, &debtor_id, &status);
  if (store == NULL)
    return status;

  logged = cbz_store_log_call (store, debtor_id, outcome, note, follow_up_text != NULL ? &follow_up : NULL, &error);
  if (logged == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  print_logged (store, debtor_id, outcome, follow_up_text != NULL ? &follow_up : NULL, logged, json);
  return 0;
}
