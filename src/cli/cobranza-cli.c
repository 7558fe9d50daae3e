/* cobranza-cli.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cbz-cli-commands.h"
#include "cbz-clock.h"
#include "cbz-core.h"
#include "cbz-paths.h"

typedef struct
{
  const char        *name;
  CbzCliCommandFunc  func;
  const char        *summary;
} CbzCliCommand;

static const CbzCliCommand commands[] = {
  { "import", cbz_cli_import, N_("Import invoices from a CSV file") },
  { "outbox", cbz_cli_outbox, N_("List the outbox by state; resend or give up held messages") },
  { "send", cbz_cli_send, N_("Queue reminders in the outbox and send them") },
  { "send-test", cbz_cli_send_test, N_("Send one test message through a provider and show its answer") },
  { "letters", cbz_cli_letters, N_("Write collection letters as PDF for printing or mailing") },
  { "company", cbz_cli_company, N_("Show or change the company profile used in letters") },
  { "demo", cbz_cli_demo, N_("Write a realistic demo portfolio into the database") },
  { "export", cbz_cli_export, N_("Export the open invoices with customer data as CSV") },
  { "call", cbz_cli_call, N_("Log a call to a customer, with its outcome and a follow-up") },
  { "dispute", cbz_cli_dispute, N_("Dispute an invoice, resolve a dispute, or list them") },
  { "note", cbz_cli_note, N_("Add a note to a customer’s timeline") },
  { "reason", cbz_cli_reason, N_("Record why a customer has not paid") },
  { "opt-out", cbz_cli_opt_out, N_("Record a customer’s request not to be contacted on a channel") },
  { NULL, NULL, NULL }
};

void
cbz_cli_print_error (const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "cobranza-cli: %s\n", message);
}

int
cbz_cli_padding (const char *text,
                 int         width)
{
  return (int) MAX (0, width - g_utf8_strlen (text, -1));
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: cobranza-cli [--database PATH] [--now DATE-TIME] COMMAND [OPTIONS…]"));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “cobranza-cli COMMAND --help” for a command’s options."));
}

/* Takes a global `--NAME VALUE` / `--NAME=VALUE` (--database, --now) out
 * of argv wherever it stands, so both `cobranza-cli --database x import f.csv`
 * and `cobranza-cli import f.csv --database x` work. */
static gboolean
take_value_option (int          *argc,
                   char        **argv,
                   const char   *option,
                   const char   *missing,
                   char        **value,
                   GError      **error)
{
  g_autofree char *with_equals = g_strconcat (option, "=", NULL);
  int out = 0;

  for (int i = 0; i < *argc; i++)
    {
      if (g_str_equal (argv[i], option))
        {
          if (i + 1 >= *argc)
            {
              g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, missing);
              return FALSE;
            }
          g_free (*value);
          *value = g_strdup (argv[++i]);
          continue;
        }
      if (g_str_has_prefix (argv[i], with_equals))
        {
          g_free (*value);
          *value = g_strdup (argv[i] + strlen (with_equals));
          continue;
        }
      argv[out++] = argv[i];
    }

  argv[out] = NULL;
  *argc = out;
  return TRUE;
}

/* --now (or COBRANZA_NOW): the command runs as if it were that instant;
 * time then passes normally from there. */
static gboolean
set_clock (const char  *now,
           GError     **error)
{
  g_autoptr(CbzClock) clock = NULL;
  gint64 start;

  if (now == NULL)
    return cbz_clock_init_from_env (error);

  if (!cbz_clock_parse_instant (now, &start, error))
    {
      g_prefix_error (error, "--now: ");
      return FALSE;
    }
  clock = cbz_clock_new_from (start);
  cbz_clock_set_default (clock);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *now = NULL;
  const char *name;

  setlocale (LC_ALL, "");
  cbz_core_init ();
  textdomain (GETTEXT_PACKAGE);

  /* Whole sentences, each for its option: translators see them as they
   * are said. */
  if (!take_value_option (&argc, argv, "--database", _("--database needs a file path"),
                          &database, &error) ||
      !take_value_option (&argc, argv, "--now",
                          _("--now needs a date and time such as 2027-03-17T09:00:00-06:00"),
                          &now, &error) ||
      !set_clock (now, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("cobranza-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (database == NULL)
    database = cbz_paths_get_default_database ();

  name = argv[1];
  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (g_str_equal (commands[i].name, name))
        return commands[i].func (database, argc - 1, argv + 1);
    }

  cbz_cli_print_error (_("unknown command “%s”"), name);
  print_usage (stderr);
  return 2;
}
