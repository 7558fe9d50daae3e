/* main.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include <stdio.h>
#include <stdlib.h>

#include "cbz-application.h"
#include "cbz-clock.h"
#include "cbz-core.h"

/* Without its schemas, the first g_settings_new() aborts the process deep in
 * GIO with a message about a schema nobody has heard of. Say instead, in one
 * sentence, what is missing and how to get it. */
static const char *
find_missing_schema (void)
{
  static const char * const schema_ids[] = { APP_ID, APP_ID ".Providers" };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (schema_ids); i++)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, schema_ids[i], TRUE);
      if (schema == NULL)
        return schema_ids[i];
    }

  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CbzApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  const char *missing_schema;

  setlocale (LC_ALL, "");
  cbz_core_init ();
  textdomain (GETTEXT_PACKAGE);

  /* COBRANZA_NOW replays the app at another instant (see CbzClock). */
  if (!cbz_clock_init_from_env (&error))
    {
      fprintf (stderr, "cobranza: %s\n", error->message);
      return 2;
    }

  missing_schema = find_missing_schema ();
  if (missing_schema != NULL)
    {
      /* Translators: %s is a settings schema ID such as io.github.cobranza.Cobranza. */
      fprintf (stderr, _("Cobranza cannot start: its settings schema %s is not installed. "
                         "Run it from “meson devenv -C _build” or install it."),
               missing_schema);
      fputc ('\n', stderr);
      return EXIT_FAILURE;
    }

  app = cbz_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
