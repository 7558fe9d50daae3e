/* cbz-test-util.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "cbz-core.h"
#include "cbz-test-util.h"

static char *tmp_dir;
static guint tmp_counter;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
remove_tmp_dir (void)
{
  if (tmp_dir != NULL && g_getenv ("CBZ_TEST_KEEP_TMP") == NULL)
    remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

void
cbz_test_init (int    *argc,
               char ***argv,
               ...)
{
  g_autoptr(GError) error = NULL;
  static const char *xdg[][2] = {
    { "XDG_DATA_HOME", ".local/share" },
    { "XDG_CONFIG_HOME", ".config" },
    { "XDG_CACHE_HOME", ".cache" },
    { "XDG_STATE_HOME", ".local/state" },
    { "XDG_RUNTIME_DIR", "runtime" },
  };
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");

  tmp_dir = g_dir_make_tmp ("cobranza-test-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_tmp_dir);

  g_setenv ("HOME", tmp_dir, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, xdg[i][1], NULL);

      /* Keep a real session's runtime dir: the session bus and keyring live there. */
      if (g_str_equal (xdg[i][0], "XDG_RUNTIME_DIR") && runtime_dir != NULL)
        continue;
      g_mkdir_with_parents (path, 0700);
      g_setenv (xdg[i][0], path, TRUE);
    }

  g_test_init (argc, argv, NULL);
  cbz_core_init ();
}

const char *
cbz_test_get_tmp_dir (void)
{
  g_assert_nonnull (tmp_dir);
  return tmp_dir;
}

char *
cbz_test_build_tmp_path (const char *basename)
{
  g_autofree char *unique = g_strdup_printf ("%u-%s", ++tmp_counter, basename);

  return g_build_filename (cbz_test_get_tmp_dir (), unique, NULL);
}

char *
cbz_test_get_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

gboolean
cbz_test_spin_until (gboolean (*condition) (gpointer data),
                     gpointer  data,
                     guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}
