/* cbz-core.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-core.h"
#include "cbz-data-resources.h"

/**
 * cbz_core_init:
 *
 * Registers the data resources (SQL migrations, built-in templates) and the
 * translation domain (LOCALEDIR, or $COBRANZA_LOCALEDIR when set). Every entry point (the GUI, the CLI, each test) calls it
 * once before touching the other layers; calling it again does nothing.
 */
void
cbz_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char *localedir = g_getenv ("COBRANZA_LOCALEDIR");

      cbz_data_register_resource ();
      /* COBRANZA_LOCALEDIR lets the uninstalled build (tools/run-demo, tests)
       * use the catalogs compiled into the build folder. */
      bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&initialized, 1);
    }
}
