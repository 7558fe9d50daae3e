/* cbz-store-integrity.c: making sure the file is sound before writing to it
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two levels. The full check, PRAGMA integrity_check, reads every page: it
 * runs when cbz-store-session.c says Cobranza cannot vouch for the file (a
 * crash while it was open, a change by another program, a new version),
 * on the opening thread or, for the window, on a worker thread while the
 * list already shows. Every open also checks what costs nothing: the sqlite
 * header against the file's size (here, before the connection opens) and
 * the tables and columns against what the migrations make (after
 * migrating). A header that does not add up is not refused by itself: it
 * sends the open to the full check, which decides.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cbz-store-instance-private.h"

#define SQLITE_HEADER_SIZE 100

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

gboolean
_cbz_store_header_is_sane (const char *path)
{
  static const char magic[] = "SQLite format 3";
  guchar header[SQLITE_HEADER_SIZE];
  struct stat st;
  guint32 page_size;
  ssize_t n;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  n = read (fd, header, sizeof header);
  if (fstat (fd, &st) != 0)
    n = -1;
  close (fd);
  if (n != SQLITE_HEADER_SIZE || memcmp (header, magic, sizeof magic) != 0)
    return FALSE;

  /* Offset 16: the page size, a power of two from 512 to 65536 (1 means
   * 65536). The file is whole pages. */
  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0)
    return FALSE;
  if (st.st_size < (goffset) page_size || st.st_size % page_size != 0)
    return FALSE;

  /* Offset 28: the size in pages, valid when the change counter (24)
   * equals version-valid-for (92), as sqlite itself decides. A file with
   * frames still in its -wal may be longer than its header says until the
   * next checkpoint, never shorter. */
  if (read_be32 (header + 24) == read_be32 (header + 92) &&
      (goffset) read_be32 (header + 28) * page_size > st.st_size)
    return FALSE;
  return TRUE;
}

gboolean
_cbz_store_check_integrity_on (sqlite3     *db,
                               const char  *path,
                               GError     **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  const char *line;
  int rc;
  guint n = 0;

  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check(20)", -1, &stmt, NULL);
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        break;
      line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (n++ < 3)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      const char *message = sqlite3_errmsg (db);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED,
                   _("The portfolio file “%s” is damaged or is not a Cobranza database (%s). "
                     "It was not changed; restore a backup copy or choose another file."),
                   path, message);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (n > 0)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED,
                   _("The portfolio file “%s” is damaged (%s). "
                     "It was not changed; restore a backup copy or choose another file."),
                   path, problems->str);
      return FALSE;
    }
  return TRUE;
}

void
_cbz_store_set_damaged (CbzStore     *self,
                        const GError *error)
{
  if (self->damaged != NULL)
    return;
  self->damaged = g_error_copy (error);
  _cbz_store_emit_damaged (self);
}

void
_cbz_store_set_verified (CbzStore *self)
{
  g_autoptr(GError) error = NULL;

  if (self->verified)
    return;
  self->verified = TRUE;
  if (self->session != NULL)
    _cbz_store_session_set_sound (self->session);
  _cbz_store_notify_verified (self);

  /* The day's recompute waited for the check: it writes. */
  if (self->day_refresh_pending && self->depth == 0)
    {
      self->day_refresh_pending = FALSE;
      if (!_cbz_store_ensure_summaries_current (self, &error))
        g_warning ("Could not bring the summaries of %s up to date: %s", self->path, error->message);
    }
}

/* The first write on a file whose background check has not finished runs
 * the check now. */
gboolean
_cbz_store_ensure_verified (CbzStore  *self,
                            GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->damaged != NULL)
    {
      g_propagate_error (error, g_error_copy (self->damaged));
      return FALSE;
    }
  if (self->verified)
    return TRUE;

  if (!_cbz_store_check_integrity_on (self->db, self->path, &local_error))
    {
      _cbz_store_set_damaged (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Not _cbz_store_set_verified(): a pending day refresh runs after this
   * write's transaction, from cbz_store_commit. */
  self->verified = TRUE;
  if (self->session != NULL)
    _cbz_store_session_set_sound (self->session);
  _cbz_store_notify_verified (self);
  return TRUE;
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* Its own read-only connection: one connection per thread. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (&error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_OPEN,
                   _("Could not open the portfolio file “%s”: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sqlite3_busy_timeout (db, CBZ_STORE_BUSY_TIMEOUT_MS);

  if (!_cbz_store_check_integrity_on (db, path, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  sqlite3_close (db);
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CbzStore *self = CBZ_STORE (object);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_debug ("Integrity check of %s passed in %.0f ms", self->path,
               (g_get_monotonic_time () - self->verify_started) / 1000.0);
      _cbz_store_set_verified (self);
    }
  else if (error->domain == CBZ_STORE_ERROR && error->code == CBZ_STORE_ERROR_DAMAGED)
    _cbz_store_set_damaged (self, error);
  else
    g_warning ("Could not check %s in the background (%s); it will be checked before the first write",
               self->path, error->message);
}

void
_cbz_store_start_background_verify (CbzStore *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, verify_done_cb, NULL);

  self->verify_started = g_get_monotonic_time ();
  g_task_set_source_tag (task, _cbz_store_start_background_verify);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, verify_thread);
}

/* The file's tables and columns, as _cbz_store_get_expected_schema lists
 * them. */
static GHashTable *
read_schema (CbzStore  *self,
             GError   **error)
{
  static const char sql[] =
    "SELECT m.name || '.' || p.name FROM sqlite_schema m, pragma_table_info (m.name) p"
    " WHERE m.type = 'table'";
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&names);
}

gboolean
_cbz_store_check_schema (CbzStore  *self,
                         GError   **error)
{
  g_autoptr(GHashTable) present = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *list = NULL;
  GStrv expected;

  expected = _cbz_store_get_expected_schema (error);
  if (expected == NULL)
    return FALSE;
  present = read_schema (self, error);
  if (present == NULL)
    return FALSE;

  for (guint i = 0; expected[i] != NULL; i++)
    {
      if (!g_hash_table_contains (present, expected[i]) && missing->len < 4)
        g_ptr_array_add (missing, expected[i]);
    }
  if (missing->len == 0)
    return TRUE;

  g_ptr_array_add (missing, NULL);
  list = g_strjoinv (", ", (char **) missing->pdata);
  g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED,
               /* Translators: the second %s lists tables and columns, e.g. “debtors.name, invoices.balance” */
               _("The portfolio file “%s” is not a complete Cobranza database: it lacks %s. "
                 "It was not changed; restore a backup copy or choose another file."),
               self->path, list);
  return FALSE;
}

const GError *
cbz_store_get_damage (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  return self->damaged;
}

gboolean
cbz_store_is_verified (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  return self->verified;
}

CbzStoreCheck
cbz_store_get_open_check (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), CBZ_STORE_CHECK_FULL_UNKNOWN);
  return self->open_check;
}

void
_cbz_store_adopt_verified (CbzStore *self)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  if (!self->verified && self->damaged == NULL)
    _cbz_store_set_verified (self);
}
