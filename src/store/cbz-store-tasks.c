/* cbz-store-tasks.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-event.h"
#include "cbz-store-private.h"
#include "cbz-store-tasks.h"

#define TASK_COLUMNS \
  "id, debtor_id, kind, due_on, note, source_event, key, created_at, done_at, done_event, recorded_by"

static CbzTask *
task_from_row (sqlite3_stmt *stmt)
{
  CbzTask *task = cbz_task_new ();
  CbzTaskKind kind = CBZ_TASK_KIND_FOLLOW_UP;

  task->id = sqlite3_column_int64 (stmt, 0);
  task->debtor_id = sqlite3_column_int64 (stmt, 1);
  if (cbz_task_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind))
    task->kind = kind;
  else
    task->kind = CBZ_TASK_KIND_FOLLOW_UP;
  if (!cbz_date_from_iso ((const char *) sqlite3_column_text (stmt, 3), &task->due_on))
    task->due_on = cbz_date_init (0, 0, 0);
  task->note = _cbz_column_dup (stmt, 4);
  task->source_event = sqlite3_column_int64 (stmt, 5);
  task->key = _cbz_column_dup (stmt, 6);
  task->created_at = sqlite3_column_int64 (stmt, 7);
  task->done_at = sqlite3_column_int64 (stmt, 8);
  task->done_event = sqlite3_column_int64 (stmt, 9);
  task->recorded_by = _cbz_column_dup (stmt, 10);
  return task;
}

static gint64
find_task_by_key (CbzStore    *self,
                  const char  *key,
                  GError     **error)
{
  static const char sql[] = "SELECT id FROM tasks WHERE key = ?1";
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  _cbz_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

gint64
cbz_store_add_task (CbzStore  *self,
                    CbzTask   *task,
                    GError   **error)
{
  static const char sql[] =
    "INSERT INTO tasks (debtor_id, kind, due_on, note, source_event, key, created_at, recorded_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  char due[11];
  sqlite3_stmt *stmt;
  gint64 existing;

  g_return_val_if_fail (CBZ_IS_STORE (self), 0);
  g_return_val_if_fail (task != NULL && task->id == 0, 0);

  if (!cbz_date_is_set (task->due_on))
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("A task needs the day it is due"));
      return 0;
    }

  if (!cbz_store_begin (self, error))
    return 0;

  if (task->key != NULL)
    {
      existing = find_task_by_key (self, task->key, error);
      if (existing < 0)
        goto fail;
      if (existing > 0)
        {
          cbz_store_rollback (self);
          task->id = existing;
          return existing;
        }
    }

  if (task->recorded_by == NULL && task->kind != CBZ_TASK_KIND_CADENCE_CALL)
    task->recorded_by = g_strdup (cbz_event_get_local_user ());
  task->created_at = cbz_store_now ();

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, task->debtor_id);
  _cbz_bind_text (stmt, 2, cbz_task_kind_to_string (task->kind));
  _cbz_bind_text (stmt, 3, cbz_date_to_iso (task->due_on, due));
  _cbz_bind_text (stmt, 4, task->note);
  _cbz_bind_id_or_null (stmt, 5, task->source_event);
  _cbz_bind_text (stmt, 6, task->key);
  sqlite3_bind_int64 (stmt, 7, task->created_at);
  _cbz_bind_text (stmt, 8, task->recorded_by);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  task->id = sqlite3_last_insert_rowid (cbz_store_get_handle (self));

  if (!cbz_store_commit (self, error))
    goto fail;
  return task->id;

fail:
  cbz_store_rollback (self);
  task->id = 0;
  return 0;
}

gboolean
cbz_store_complete_task (CbzStore  *self,
                         gint64     task_id,
                         gint64     done_event,
                         GError   **error)
{
  static const char sql[] =
    "UPDATE tasks SET done_at = ?2, done_event = ?3 WHERE id = ?1 AND done_at IS NULL";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task_id);
  sqlite3_bind_int64 (stmt, 2, cbz_store_now ());
  _cbz_bind_id_or_null (stmt, 3, done_event);
  return _cbz_store_step_done (self, stmt, sql, error);
}

GPtrArray *
cbz_store_list_open_tasks (CbzStore       *self,
                           gint64          debtor_id,
                           const CbzDate  *due_until,
                           GError        **error)
{
  static const char sql[] =
    "SELECT " TASK_COLUMNS " FROM tasks"
    " WHERE done_at IS NULL AND (?1 = 0 OR debtor_id = ?1) AND (?2 IS NULL OR due_on <= ?2)"
    " ORDER BY due_on, id";
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_task_unref);
  char until[11];
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  _cbz_bind_text (stmt, 2, due_until != NULL ? cbz_date_to_iso (*due_until, until) : NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tasks, task_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_steal_pointer (&tasks);
}

CbzTask *
cbz_store_get_task (CbzStore  *self,
                    gint64     task_id,
                    GError   **error)
{
  static const char sql[] = "SELECT " TASK_COLUMNS " FROM tasks WHERE id = ?1";
  sqlite3_stmt *stmt;
  CbzTask *task = NULL;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, task_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    task = task_from_row (stmt);
  else if (rc == SQLITE_DONE)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, task_id);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   _("There is no task number %s"), number);
    }
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return task;
}
