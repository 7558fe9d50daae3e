/* cbz-store-migrations.c: schema versions, and the backup made before them
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema is resources/sql/NNNN-*.sql, applied in order, each in a
 * transaction of its own that also sets PRAGMA user_version. Before the
 * first migration of an existing file, the file is checked fully and copied.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "cbz-store-instance-private.h"

#define MIGRATIONS_PATH RESOURCE_BASE "/sql"

typedef struct
{
  int   version;
  char *name;
} Migration;

static void
migration_free (gpointer data)
{
  Migration *migration = data;

  g_free (migration->name);
  g_free (migration);
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  const Migration *ma = *(const Migration * const *) a;
  const Migration *mb = *(const Migration * const *) b;

  return (ma->version > mb->version) - (ma->version < mb->version);
}

/* The migrations shipped in the data resource, sorted by number. */
static GPtrArray *
list_migrations (GError **error)
{
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (migration_free);
  g_auto(GStrv) names = NULL;

  names = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      Migration *migration;
      char *end = NULL;
      guint64 version;

      if (!g_str_has_suffix (names[i], ".sql"))
        continue;
      version = g_ascii_strtoull (names[i], &end, 10);
      if (end == names[i] || *end != '-' || version == 0 || version > G_MAXINT)
        continue;

      migration = g_new0 (Migration, 1);
      migration->version = (int) version;
      migration->name = g_strdup (names[i]);
      g_ptr_array_add (migrations, migration);
    }

  g_ptr_array_sort (migrations, compare_migrations);
  return g_steal_pointer (&migrations);
}

/* A page-by-page copy through sqlite's backup API: consistent even with
 * committed data still in the -wal file, which a plain file copy would miss. */
static gboolean
make_backup (CbzStore  *self,
             int        from_version,
             GError   **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *path = NULL;
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int rc;

  path = g_strdup_printf ("%s.backup-v%d-%s", self->path, from_version, stamp);
  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s.backup-v%d-%s-%u", self->path, from_version, stamp, i);
    }

  rc = sqlite3_open_v2 (path, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (copy, "main", self->db, "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (copy);
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_BACKUP,
                   _("Could not save a backup copy of “%s” as “%s” before updating it (%s). "
                     "The file was not changed."),
                   self->path, path, copy != NULL ? sqlite3_errmsg (copy) : g_strerror (ENOMEM));
      sqlite3_close (copy);
      g_unlink (path);
      return FALSE;
    }

  sqlite3_close (copy);
  g_clear_pointer (&self->backup_path, g_free);
  self->backup_path = g_steal_pointer (&path);
  return TRUE;
}

/* A migration that rebuilds a table others refer to says so on a line of
 * its own: foreign keys must be off for its whole transaction (the pragma
 * does nothing inside one), and are checked before it commits. */
#define FOREIGN_KEYS_OFF_MARK "\n-- cobranza: foreign_keys off\n"

/* The first foreign key a migration left dangling, as "table → parent", or
 * NULL when there is none (or, with @error set, when the check failed). */
static char *
find_foreign_key_violation (CbzStore  *self,
                            GError   **error)
{
  static const char sql[] = "PRAGMA foreign_key_check";
  sqlite3_stmt *stmt = NULL;
  char *found = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    found = g_strdup_printf ("foreign key check failed: %s → %s",
                             (const char *) sqlite3_column_text (stmt, 0),
                             (const char *) sqlite3_column_text (stmt, 2));
  else if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
run_migration (CbzStore         *self,
               const Migration  *migration,
               const char       *sql,
               gboolean          check_foreign_keys,
               GError          **error)
{
  g_autofree char *set_version = NULL;
  g_autofree char *violation = NULL;
  g_autoptr(GError) local_error = NULL;
  char *message = NULL;

  if (!cbz_store_begin (self, error))
    return FALSE;

  /* user_version cannot be a bound parameter; it is our own integer. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d", migration->version);
  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (self->db, set_version, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_MIGRATION,
                   _("Could not update “%s” to schema version %d (%s): %s. "
                     "Nothing of this update was applied."),
                   self->path, migration->version, migration->name, message);
      sqlite3_free (message);
      cbz_store_rollback (self);
      return FALSE;
    }

  if (check_foreign_keys)
    violation = find_foreign_key_violation (self, &local_error);
  if (violation != NULL || local_error != NULL || !cbz_store_commit (self, &local_error))
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_MIGRATION,
                   _("Could not update “%s” to schema version %d (%s): %s. "
                     "Nothing of this update was applied."),
                   self->path, migration->version, migration->name,
                   violation != NULL ? violation : local_error->message);
      cbz_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_migration (CbzStore         *self,
                 const Migration  *migration,
                 GError          **error)
{
  g_autofree char *resource = g_strconcat (MIGRATIONS_PATH "/", migration->name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  gboolean foreign_keys_off;
  gboolean ok;
  const char *data;
  gsize len;

  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  sql = g_strndup (data, len);
  foreign_keys_off = strstr (sql, FOREIGN_KEYS_OFF_MARK) != NULL;

  if (foreign_keys_off && !_cbz_store_exec (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  ok = run_migration (self, migration, sql, foreign_keys_off, error);
  if (foreign_keys_off && !_cbz_store_exec (self, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    return FALSE;
  if (!ok)
    return FALSE;

  self->schema_version = migration->version;
  return TRUE;
}

char *
_cbz_store_switch_journal_mode (CbzStore   *self,
                                const char *mode)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = %s", mode);
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

gboolean
_cbz_store_migrate (CbzStore  *self,
                    gboolean   existed,
                    GError   **error)
{
  g_autoptr(GPtrArray) migrations = NULL;
  int current;
  int latest;
  gboolean pending = FALSE;
  gboolean is_wal;

  migrations = list_migrations (error);
  if (migrations == NULL)
    return FALSE;
  g_assert (migrations->len > 0);

  if (!_cbz_store_query_int (self, "PRAGMA user_version", &current, error))
    return FALSE;
  self->schema_version = current;
  latest = ((Migration *) g_ptr_array_index (migrations, migrations->len - 1))->version;

  if (current > latest)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_TOO_NEW,
                   _("The portfolio file “%s” was written by a newer version of Cobranza "
                     "(schema version %d; this version knows up to %d). It was not changed."),
                   self->path, current, latest);
      return FALSE;
    }

  for (guint i = 0; i < migrations->len; i++)
    pending |= ((Migration *) g_ptr_array_index (migrations, i))->version > current;

  {
    g_autofree char *journal = NULL;
    sqlite3_stmt *stmt = _cbz_store_prepare (self, "PRAGMA journal_mode", error);

    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) == SQLITE_ROW)
      journal = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    is_wal = g_strcmp0 (journal, "wal") == 0;
  }

  /* A migration is an upgrade: the file is read whole first, even when it
   * was closed cleanly. */
  if (pending && existed && self->open_check == CBZ_STORE_CHECK_QUICK)
    {
      self->open_check = CBZ_STORE_CHECK_FULL_UPGRADE;
      self->verified = FALSE;
    }
  /* Migrating or switching to WAL writes: the file must be checked first. */
  if ((pending || !is_wal) && !_cbz_store_ensure_verified (self, error))
    return FALSE;

  if (pending && existed && current > 0 && !make_backup (self, current, error))
    return FALSE;

  /* Only now, with the file checked and backed up, may anything write to it. */
  /* A new file gets larger pages than sqlite's 4 KiB default: a portfolio's
   * rows and index entries are small and many, and bulk imports then split
   * and write half as many b-tree pages. It must be set before the first
   * write (the switch to WAL below). */
  if (!existed && current == 0)
    {
      if (!_cbz_store_exec (self, "PRAGMA page_size = 8192", error))
        return FALSE;
    }
  /* Left in a rollback journal by a bulk import that is still running
   * elsewhere (see _cbz_store_begin_bulk_write), the file cannot go to WAL
   * now; it works as it is and goes back when that import ends. */
  if (!is_wal)
    {
      g_autofree char *mode = _cbz_store_switch_journal_mode (self, "WAL");

      if (mode == NULL && (sqlite3_errcode (self->db) & 0xff) != SQLITE_BUSY)
        {
          _cbz_store_set_error (self, error, "PRAGMA journal_mode = WAL");
          return FALSE;
        }
    }
  if (!_cbz_store_exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *migration = g_ptr_array_index (migrations, i);

      if (migration->version <= current)
        continue;
      if (!apply_migration (self, migration, error))
        return FALSE;
    }

  return TRUE;
}

/* Runs every migration on an empty database in memory and lists what
 * they made. */
static GStrv
build_expected_schema (GError **error)
{
  static const char sql[] =
    "SELECT m.name || '.' || p.name FROM sqlite_schema m, pragma_table_info (m.name) p"
    " WHERE m.type = 'table' ORDER BY 1";
  g_autoptr(GPtrArray) migrations = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  migrations = list_migrations (error);
  if (migrations == NULL)
    return NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL,
                   _("Could not prepare the check of the portfolio’s tables: %s"), sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  _cbz_store_add_functions (db);

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *migration = g_ptr_array_index (migrations, i);
      g_autofree char *resource = g_strconcat (MIGRATIONS_PATH "/", migration->name, NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      g_autofree char *text = NULL;
      char *message = NULL;

      if (bytes == NULL)
        {
          sqlite3_close (db);
          return NULL;
        }
      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (sqlite3_exec (db, text, NULL, NULL, &message) != SQLITE_OK)
        {
          g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_MIGRATION,
                       _("Schema update %s does not apply to an empty portfolio: %s"),
                       migration->name, message);
          sqlite3_free (message);
          sqlite3_close (db);
          return NULL;
        }
    }

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL,
                   _("Could not prepare the check of the portfolio’s tables: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

GStrv
_cbz_store_get_expected_schema (GError **error)
{
  static GStrv expected;
  static GMutex lock;
  GStrv result;

  /* Built once and kept for the life of the process: the migrations are
   * compiled in. */
  g_mutex_lock (&lock);
  if (expected == NULL)
    expected = build_expected_schema (error);
  result = expected;
  g_mutex_unlock (&lock);
  return result;
}
