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
#include "cbz-enum.h"
#include "cbz-store-instance-private.h"
#include "cbz-text.h"

/*
 * The object, opening, the statement cache and meta. The integrity checks,
 * the migrations and transactions are in files of their own (see
 * cbz-store-instance-private.h).
 */

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

G_DEFINE_ENUM_TYPE (CbzStoreCheck, cbz_store_check,
  G_DEFINE_ENUM_VALUE (CBZ_STORE_CHECK_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CBZ_STORE_CHECK_QUICK, "quick"),
  G_DEFINE_ENUM_VALUE (CBZ_STORE_CHECK_FULL_UNCLEAN, "full-unclean"),
  G_DEFINE_ENUM_VALUE (CBZ_STORE_CHECK_FULL_UNKNOWN, "full-unknown"),
  G_DEFINE_ENUM_VALUE (CBZ_STORE_CHECK_FULL_UPGRADE, "full-upgrade"))

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

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

void
_cbz_store_add_functions (sqlite3 *db)
{
  sqlite3_create_function (db, "cbz_search_key", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, search_key_sql_func, NULL, NULL);
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

gboolean
_cbz_store_query_int (CbzStore    *self,
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

/* days_overdue and overdue_balance depend on today: recompute everyone's
 * when the summaries were made on another day. */
gboolean
_cbz_store_ensure_summaries_current (CbzStore  *self,
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
   * waits for it (see _cbz_store_set_verified); the list shows the figures as of
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

void
_cbz_store_emit_changed_now (CbzStore *self)
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
  sqlite3_busy_timeout (self->db, CBZ_STORE_BUSY_TIMEOUT_MS);
  _cbz_store_add_functions (self->db);
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
  return _cbz_store_query_int (self, "PRAGMA user_version", &self->schema_version, error);
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

  /* Whether Cobranza can vouch for the file (cbz-store-session.c); a
   * header that does not add up is read whole to know. */
  self->session = _cbz_store_session_open (self->path, !existed, &self->open_check);
  if (self->open_check == CBZ_STORE_CHECK_QUICK && !_cbz_store_header_is_sane (self->path))
    self->open_check = CBZ_STORE_CHECK_FULL_UNKNOWN;
  g_debug ("Opening %s (%s check)", self->path,
           cbz_enum_to_nick (CBZ_TYPE_STORE_CHECK, self->open_check));

  if (!open_connection (self, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error))
    return FALSE;

  /* A new file has nothing to check, and one as Cobranza left it only the
   * cheap checks. Any other is checked fully now, or, with
   * CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, on a worker thread while the app
   * shows it; either way before anything writes to it. */
  self->verified = self->open_check == CBZ_STORE_CHECK_NONE ||
                   self->open_check == CBZ_STORE_CHECK_QUICK;
  if (!self->verified && !(flags & CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND) &&
      !_cbz_store_ensure_verified (self, error))
    return FALSE;

  if (!_cbz_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  if (!_cbz_store_migrate (self, existed, error))
    return FALSE;

  if (!_cbz_store_check_schema (self, error))
    return FALSE;

  if (!_cbz_store_ensure_summaries_current (self, error))
    return FALSE;

  if (!self->verified)
    _cbz_store_start_background_verify (self);
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
  /* After every connection of this store is closed: the last session to
   * end records how the file was left. */
  g_clear_pointer (&self->session, _cbz_store_session_close);
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
   * Whether the file is known sound: the full check passed, or the file is
   * as Cobranza left it (see CbzStoreCheck). Always TRUE after a plain
   * cbz_store_open().
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

void
_cbz_store_notify_verified (CbzStore *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFIED]);
}

void
_cbz_store_emit_damaged (CbzStore *self)
{
  g_signal_emit (self, signals[DAMAGED], 0, self->damaged);
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

  if (self->depth == 0 && !sqlite3_stmt_readonly (stmt) && !_cbz_store_ensure_verified (self, error))
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
    _cbz_store_emit_changed_now (self);
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
  if (!_cbz_store_ensure_summaries_current (self, error))
    return FALSE;
  if (!g_str_equal (previous, self->today_str))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TODAY]);
  return TRUE;
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

