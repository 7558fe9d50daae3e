/* cbz-paths.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-paths.h"

/*
 * Inside Flatpak, XDG_DATA_HOME already points at ~/.var/app/<app-id>/data, so
 * g_get_user_data_dir() is right in both worlds; the app-id subfolder keeps a
 * host install from mixing its file with other programs' data.
 */

/**
 * cbz_paths_get_data_dir:
 *
 * Returns: (transfer full): the folder that holds the database and the
 *   documents the app keeps (letters as sent, backups). Created if missing.
 */
char *
cbz_paths_get_data_dir (void)
{
  char *dir = g_build_filename (g_get_user_data_dir (), APP_ID, NULL);

  g_mkdir_with_parents (dir, 0700);
  return dir;
}

/**
 * cbz_paths_get_default_database:
 *
 * Returns: (transfer full): the path of the portfolio database used when no
 *   `--database` is given.
 */
char *
cbz_paths_get_default_database (void)
{
  g_autofree char *dir = cbz_paths_get_data_dir ();

  return g_build_filename (dir, "cobranza.sqlite", NULL);
}

/**
 * cbz_paths_get_documents_dir:
 *
 * Returns: (transfer full): the folder where produced documents (letter PDFs,
 *   stored by content hash) are kept. Created if missing.
 */
char *
cbz_paths_get_documents_dir (void)
{
  g_autofree char *dir = cbz_paths_get_data_dir ();
  char *docs = g_build_filename (dir, "documents", NULL);

  g_mkdir_with_parents (docs, 0700);
  return docs;
}
