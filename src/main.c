/* main.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include <stdio.h>

#include "cbz-application.h"
#include "cbz-clock.h"
#include "cbz-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CbzApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  cbz_core_init ();
  textdomain (GETTEXT_PACKAGE);

  /* COBRANZA_NOW replays the app at another instant (see CbzClock). */
  if (!cbz_clock_init_from_env (&error))
    {
      fprintf (stderr, "cobranza: %s\n", error->message);
      return 2;
    }

  app = cbz_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
