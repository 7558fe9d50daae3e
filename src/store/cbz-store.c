/* cbz-store.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cbz-clock.h"
#include "cbz-store-private.h"
#include "cbz-text.h"

#define MIGRATIONS_PATH RESOURCE_BASE "/sql"
#define BUSY_TIMEOUT_MS 5000

struct _CbzStore
{
  GObject     parent_instance;

  char       *path;
  char       *backup_path;
  sqlite3    *db;
  GHashTable *statements;    /* SQL text → sqlite3_stmt */
  GDate       today;
  char        today_str[11];
  guint       depth;         /* open transaction levels */
  gboolean    dirty;         /* written since the outermost begin */
  int         schema_version;

  /* Integrity: verified once PRAGMA integrity_check passed on this file (or
   * the file is new); damaged holds the failure. Nothing writes before
   * verified. */
  gboolean    verified;
  GError     *damaged;
  gboolean    day_refresh_pending;
  gint64      verify_started;

  /* Times ::changed was emitted (read by the worker pool, see
   * cbz-store-worker.c) and the pool of worker connections of a main store. */
  guint       change_count;
  CbzStoreWorkers *workers;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_TODAY,
  PROP_VERIFIED,
  N_PROPS
};

enum {
  CHANGED,
  DAMAGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzStore, cbz_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (cbz-store-error-quark, cbz_store_error)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

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

static void
search_key_sql_func (sqlite3_context  *context,
                     int               argc,
                     sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  g_autofree char *key = NULL;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  key = _cbz_search_key (text);
  sqlite3_result_text (context, g_steal_pointer (&key), -1, g_free);
}

static void
set_today (CbzStore *self,
           GDate    *today)
{
  if (today != NULL && g_date_valid (today))
    self->today = *today;
  else
    cbz_clock_get_today (cbz_clock_get_default (), NULL, &self->today);

  g_snprintf (self->today_str, sizeof self->today_str, "%04u-%02u-%02u",
              g_date_get_year (&self->today),
              g_date_get_month (&self->today),
              g_date_get_day (&self->today));
}

static gboolean
query_int (CbzStore    *self,
           const char  *sql,
           int         *out,
           GError     **error)
{
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _cbz_store_set_error (self, error, sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *out = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Reads the whole file through sqlite (on @db, any connection to @path)
 * before anything is written to it, so a damaged portfolio is refused
 * untouched. Safe to run on a worker thread with its own connection. */
static gboolean
check_integrity_on (sqlite3     *db,
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

static void
set_damaged (CbzStore     *self,
             const GError *error)
{
  if (self->damaged != NULL)
    return;
  self->damaged = g_error_copy (error);
  g_signal_emit (self, signals[DAMAGED], 0, self->damaged);
}

static gboolean ensure_summaries_current (CbzStore  *self,
                                          GError   **error);

static void
set_verified (CbzStore *self)
{
  g_autoptr(GError) error = NULL;

  if (self->verified)
    return;
  self->verified = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFIED]);

  /* The day's recompute waited for the check: it writes. */
  if (self->day_refresh_pending && self->depth == 0)
    {
      self->day_refresh_pending = FALSE;
      if (!ensure_summaries_current (self, &error))
        g_warning ("Could not bring the summaries of %s up to date: %s", self->path, error->message);
    }
}

/* Called before every write: the first write on a file opened with
 * CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND runs the check now if the background
 * one has not finished. */
static gboolean
ensure_verified (CbzStore  *self,
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

  if (!check_integrity_on (self->db, self->path, &local_error))
    {
      set_damaged (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Not set_verified(): a pending day refresh runs after this write's
   * transaction, from cbz_store_commit. */
  self->verified = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFIED]);
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
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  if (!check_integrity_on (db, path, &error))
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
      set_verified (self);
    }
  else if (error->domain == CBZ_STORE_ERROR && error->code == CBZ_STORE_ERROR_DAMAGED)
    set_damaged (self, error);
  else
    g_warning ("Could not check %s in the background (%s); it will be checked before the first write",
               self->path, error->message);
}

static void
start_background_verify (CbzStore *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, verify_done_cb, NULL);

  self->verify_started = g_get_monotonic_time ();
  g_task_set_source_tag (task, start_background_verify);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, verify_thread);
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

/* The journal mode in force after "PRAGMA journal_mode = @mode", or NULL
 * when the switch failed (another connection has the file open). */
static char *
switch_journal_mode (CbzStore   *self,
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

static gboolean
migrate (CbzStore  *self,
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

  if (!query_int (self, "PRAGMA user_version", &current, error))
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

  /* Migrating or switching to WAL writes: the file must be checked first. */
  if ((pending || !is_wal) && !ensure_verified (self, error))
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
      g_autofree char *mode = switch_journal_mode (self, "WAL");

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

/* days_overdue and overdue_balance depend on today: recompute everyone's
 * when the summaries were made on another day. */
static gboolean
ensure_summaries_current (CbzStore  *self,
                          GError   **error)
{
  g_autofree char *as_of = NULL;
  g_autoptr(GError) local_error = NULL;

  as_of = cbz_store_get_meta (self, "summaries_as_of", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (g_strcmp0 (as_of, self->today_str) == 0)
    return TRUE;

  /* Opened for a background check that has not finished: the recompute
   * waits for it (see set_verified); the list shows the figures as of
   * summaries_as_of meanwhile. */
  if (!self->verified)
    {
      self->day_refresh_pending = TRUE;
      return TRUE;
    }

  if (!cbz_store_begin (self, error))
    return FALSE;
  if (!_cbz_store_refresh_for_day (self, as_of, error) ||
      !cbz_store_commit (self, error))
    {
      cbz_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static void
emit_changed (CbzStore *self)
{
  self->change_count++;
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
open_connection (CbzStore  *self,
                 int        open_flags,
                 GError   **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->db, open_flags | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_OPEN,
                   _("Could not open the portfolio file “%s”: %s"),
                   self->path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_create_function (self->db, "cbz_search_key", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, search_key_sql_func, NULL, NULL);
  return TRUE;
}

/* A worker connection on a file its main store already opened, checked and
 * migrated: no integrity check, no migration, no summary refresh. */
static gboolean
open_worker_database (CbzStore  *self,
                      GError   **error)
{
  if (!open_connection (self, SQLITE_OPEN_READWRITE, error))
    return FALSE;
  if (!_cbz_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  return query_int (self, "PRAGMA user_version", &self->schema_version, error);
}

static gboolean
open_database (CbzStore           *self,
               CbzStoreOpenFlags   flags,
               GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  GStatBuf st;
  gboolean existed;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s” for the portfolio file: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  existed = g_stat (self->path, &st) == 0 && st.st_size > 0;

  if (!open_connection (self, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error))
    return FALSE;

  /* A new file has nothing to check. An existing one is checked now, or,
   * with CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, on a worker thread while the
   * app shows it; either way before anything writes to it. */
  self->verified = !existed;
  if (existed && !(flags & CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND) && !ensure_verified (self, error))
    return FALSE;

  if (!_cbz_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  if (!migrate (self, existed, error))
    return FALSE;

  if (!ensure_summaries_current (self, error))
    return FALSE;

  if (!self->verified)
    start_background_verify (self);
  return TRUE;
}

static void
cbz_store_finalize (GObject *object)
{
  CbzStore *self = (CbzStore *) object;

  if (self->depth > 0)
    {
      g_warning ("Portfolio store closed inside an open transaction; rolling back");
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }

  g_clear_pointer (&self->workers, _cbz_store_workers_free);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_free (self->backup_path);
  g_clear_error (&self->damaged);

  G_OBJECT_CLASS (cbz_store_parent_class)->finalize (object);
}

static void
cbz_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CbzStore *self = CBZ_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_TODAY:
      g_value_set_string (value, self->today_str);
      break;
    case PROP_VERIFIED:
      g_value_set_boolean (value, self->verified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_store_class_init (CbzStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_store_finalize;
  object_class->get_property = cbz_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TODAY] =
    g_param_spec_string ("today", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * CbzStore:verified:
   *
   * Whether PRAGMA integrity_check has passed on the file (always TRUE
   * after a plain cbz_store_open()).
   */
  properties[PROP_VERIFIED] =
    g_param_spec_boolean ("verified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CbzStore::damaged:
   * @error: a %CBZ_STORE_ERROR_DAMAGED error naming the file
   *
   * The background integrity check (CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND)
   * found the file damaged. Nothing was written to it and every write now
   * fails with that error: show the message and close the portfolio.
   */
  signals[DAMAGED] =
    g_signal_new ("damaged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * CbzStore::changed:
   *
   * Data was written and committed through this store (or
   * cbz_store_mark_changed() was called): lists reading it should reload.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cbz_store_init (CbzStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

/* Private API */

sqlite3_stmt *
_cbz_store_prepare (CbzStore    *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _cbz_store_set_error (self, error, sql);
      sqlite3_finalize (stmt);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

void
_cbz_store_set_error (CbzStore    *self,
                      GError     **error,
                      const char  *doing)
{
  int code = sqlite3_errcode (self->db) & 0xff;

  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_BUSY,
                 _("The portfolio file “%s” is in use by another program; try again in a moment."),
                 self->path);
  else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED,
                 _("The portfolio file “%s” is damaged: %s"),
                 self->path, sqlite3_errmsg (self->db));
  else
    g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL,
                 _("Could not read or write the portfolio file “%s”: %s"),
                 self->path, sqlite3_errmsg (self->db));
  g_debug ("sqlite failed while running: %s", doing);
}

gboolean
_cbz_store_exec (CbzStore    *self,
                 const char  *sql,
                 GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      sqlite3_free (message);
      _cbz_store_set_error (self, error, sql);
      return FALSE;
    }
  return TRUE;
}

gboolean
_cbz_store_step_done (CbzStore      *self,
                      sqlite3_stmt  *stmt,
                      const char    *doing,
                      GError       **error)
{
  int rc;

  if (self->depth == 0 && !sqlite3_stmt_readonly (stmt) && !ensure_verified (self, error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }

  rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _cbz_store_set_error (self, error, doing);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  self->dirty = TRUE;
  return TRUE;
}

void
_cbz_bind_text (sqlite3_stmt *stmt,
                int           index,
                const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
_cbz_bind_id_or_null (sqlite3_stmt *stmt,
                      int           index,
                      gint64        id)
{
  if (id == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, id);
}

char *
_cbz_column_dup (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The same key the importer matches customers by (debtors.name_key), so
 * the name the search index holds and the query typed agree. */
char *
_cbz_search_key (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return cbz_text_normalize_name (text);
}

char *
_cbz_alnum_key (const char *text)
{
  GString *key;

  g_return_val_if_fail (text != NULL, NULL);

  key = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (key, g_unichar_toupper (c));
    }
  return g_string_free (key, FALSE);
}

/* Public API */

/**
 * cbz_store_open:
 * @path: the portfolio file; created with its folder when missing
 *
 * Returns: (transfer full): the store, or NULL with @error set. A damaged
 *   file is refused with %CBZ_STORE_ERROR_DAMAGED and left untouched.
 */
CbzStore *
cbz_store_open (const char  *path,
                GError     **error)
{
  return cbz_store_open_full (path, NULL, error);
}

/**
 * cbz_store_open_full:
 * @today: (nullable): the day to compute days overdue against; NULL for the
 *   local date
 */
CbzStore *
cbz_store_open_full (const char  *path,
                     GDate       *today,
                     GError     **error)
{
  return cbz_store_open_with_flags (path, today, CBZ_STORE_OPEN_DEFAULT, error);
}

/**
 * cbz_store_open_with_flags:
 * @today: (nullable): the day to compute days overdue against; NULL for the
 *   local date
 * @flags: %CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND to show a large portfolio at
 *   once and check its integrity on a worker thread (see ::damaged)
 */
CbzStore *
cbz_store_open_with_flags (const char         *path,
                           GDate              *today,
                           CbzStoreOpenFlags   flags,
                           GError            **error)
{
  g_autoptr(CbzStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CBZ_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  set_today (self, today);

  if (!open_database (self, flags, error))
    return NULL;

  /* Opening may have migrated or recomputed; nobody listens yet. */
  self->dirty = FALSE;
  return g_steal_pointer (&self);
}

/* Worker connections (see cbz-store-worker.c) */

CbzStore *
_cbz_store_open_worker (const char  *path,
                        GError     **error)
{
  g_autoptr(CbzStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CBZ_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  set_today (self, NULL);
  if (!open_worker_database (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
_cbz_store_sync_worker (CbzStore    *worker,
                        const GDate *today,
                        gboolean     verified)
{
  g_return_if_fail (CBZ_IS_STORE (worker));

  set_today (worker, (GDate *) today);
  /* A worker never forgets a check it ran itself. */
  worker->verified |= verified;
}

guint
_cbz_store_get_change_count (CbzStore *self)
{
  return self->change_count;
}

CbzStoreWorkers *
_cbz_store_get_workers (CbzStore *self)
{
  if (self->workers == NULL)
    self->workers = _cbz_store_workers_new ();
  return self->workers;
}

void
_cbz_store_emit_changed (CbzStore *self)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  if (self->depth > 0)
    self->dirty = TRUE;
  else
    emit_changed (self);
}

void
_cbz_store_adopt_verified (CbzStore *self)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  if (!self->verified && self->damaged == NULL)
    set_verified (self);
}

const char *
cbz_store_get_path (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  return self->path;
}

sqlite3 *
cbz_store_get_handle (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  return self->db;
}

int
cbz_store_get_schema_version (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), 0);
  return self->schema_version;
}

const char *
cbz_store_get_backup_path (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  return self->backup_path;
}

const char *
cbz_store_get_today (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  return self->today_str;
}

void
cbz_store_get_today_date (CbzStore *self,
                          GDate    *out_today)
{
  g_return_if_fail (CBZ_IS_STORE (self));
  g_return_if_fail (out_today != NULL);

  *out_today = self->today;
}

/**
 * cbz_store_set_today:
 * @today: (nullable): the new day, NULL for the local date now
 *
 * Call when the calendar day may have changed (a timer at midnight, the
 * window regaining focus): recomputes every summary when the day differs
 * from the one they were computed for, then emits ::changed.
 */
gboolean
cbz_store_set_today (CbzStore  *self,
                     GDate     *today,
                     GError   **error)
{
  char previous[sizeof self->today_str];

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  memcpy (previous, self->today_str, sizeof previous);
  set_today (self, today);
  if (!ensure_summaries_current (self, error))
    return FALSE;
  if (!g_str_equal (previous, self->today_str))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TODAY]);
  return TRUE;
}

/* WAL writes every page twice, into the -wal file at commit and into the
 * database at the checkpoint. A rollback journal keeps only the pages the
 * transaction changes that were already in the file, so the pages a big
 * import appends are written once. Leaving WAL needs the file to ourselves:
 * when anyone else has it open this fails at once and nothing changes.
 * synchronous = FULL syncs the journal's truncation at COMMIT, so the import
 * is as durable on return as it is in WAL after the checkpoint. */
gboolean
_cbz_store_begin_bulk_write (CbzStore *self)
{
  g_autofree char *mode = NULL;

  /* Inside the caller's transaction the mode cannot change. */
  if (self->depth > 0)
    return FALSE;
  if (!ensure_verified (self, NULL))
    return FALSE;
  mode = switch_journal_mode (self, "TRUNCATE");
  if (g_strcmp0 (mode, "truncate") != 0)
    {
      g_debug ("Bulk write to %s stays in WAL (%s)", self->path,
               mode != NULL ? mode : sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (!_cbz_store_exec (self, "PRAGMA synchronous = FULL", NULL))
    {
      _cbz_store_end_bulk_write (self);
      return FALSE;
    }
  return TRUE;
}

void
_cbz_store_end_bulk_write (CbzStore *self)
{
  g_autofree char *mode = NULL;

  g_return_if_fail (self->depth == 0);

  /* Someone who opened the file meanwhile keeps it from going back to WAL;
   * it works as it is, and the next cbz_store_open() switches it. */
  mode = switch_journal_mode (self, "WAL");
  if (g_strcmp0 (mode, "wal") != 0)
    g_debug ("%s could not go back to WAL yet (%s)", self->path,
             mode != NULL ? mode : sqlite3_errmsg (self->db));
  _cbz_store_exec (self, "PRAGMA synchronous = NORMAL", NULL);
}

gboolean
cbz_store_begin (CbzStore  *self,
                 GError   **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (self->depth == 0 && !ensure_verified (self, error))
    return FALSE;

  /* IMMEDIATE takes the write lock now, so a transaction never fails halfway
   * because another connection started writing first. */
  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT cbz_%u", self->depth);

  if (!_cbz_store_exec (self, sql, error))
    return FALSE;

  if (self->depth == 0)
    self->dirty = FALSE;
  self->depth++;
  return TRUE;
}

gboolean
cbz_store_commit (CbzStore  *self,
                  GError   **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE cbz_%u", self->depth - 1);

  if (!_cbz_store_exec (self, sql, error))
    return FALSE;

  self->depth--;
  if (self->depth == 0 && self->dirty)
    {
      self->dirty = FALSE;
      emit_changed (self);
    }
  if (self->depth == 0 && self->day_refresh_pending && self->verified)
    {
      g_autoptr(GError) local_error = NULL;

      self->day_refresh_pending = FALSE;
      if (!ensure_summaries_current (self, &local_error))
        g_warning ("Could not bring the summaries of %s up to date: %s", self->path, local_error->message);
    }
  return TRUE;
}

void
cbz_store_rollback (CbzStore *self)
{
  g_autofree char *sql = NULL;
  char *message = NULL;

  g_return_if_fail (CBZ_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO cbz_%u; RELEASE cbz_%u", self->depth - 1, self->depth - 1);

  /* Reset cached statements first: a statement still active can keep a
   * ROLLBACK from completing. */
  {
    GHashTableIter iter;
    gpointer stmt;

    g_hash_table_iter_init (&iter, self->statements);
    while (g_hash_table_iter_next (&iter, NULL, &stmt))
      sqlite3_reset (stmt);
  }

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_warning ("Could not roll back a transaction on %s: %s", self->path, message);
      sqlite3_free (message);
    }

  self->depth--;
  if (self->depth == 0)
    self->dirty = FALSE;
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

gboolean
cbz_store_in_transaction (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  return self->depth > 0;
}

void
cbz_store_mark_changed (CbzStore *self)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  if (self->depth > 0)
    self->dirty = TRUE;
  else
    emit_changed (self);
}

char *
cbz_store_get_meta (CbzStore    *self,
                    const char  *key,
                    GError     **error)
{
  static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = _cbz_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return value;
}

gboolean
cbz_store_set_meta (CbzStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  static const char sql[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  _cbz_bind_text (stmt, 1, key);
  _cbz_bind_text (stmt, 2, value);
  return _cbz_store_step_done (self, stmt, sql, error);
}

gint64
cbz_store_now (void)
{
  return cbz_now ();
}
