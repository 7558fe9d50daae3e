/* cbz-store-worker.c: the store's own worker connections
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A main store (the one the window or the command line opened) runs slow
 * work on worker threads through cbz_store_run_async(). Each job borrows one
 * of a few connections the store keeps open to the same file, so nothing on
 * a worker opens the file again or repeats its integrity check. A connection
 * is used by one thread at a time (sqlite's multi-thread mode), handed from
 * job to job through the pool.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "cbz-store-private.h"

/* Reading the list while a send runs and a decision is saved: three jobs at
 * once are ordinary; more wait for a connection. */
#define MAX_WORKER_CONNECTIONS 4

struct _CbzStoreWorkers
{
  GMutex  lock;
  GCond   returned;
  GQueue  idle;       /* CbzStore *, ready for a job */
  guint   n_open;     /* idle + lent */
};

typedef struct
{
  char             *path;
  CbzStoreWorkFunc  func;
  gpointer          data;
  GDestroyNotify    data_free;
  GDestroyNotify    result_free;
  GDate             today;
  gboolean          verified;

  /* Filled on the worker. */
  gpointer          result;
  gboolean          changed;
  gboolean          checked;   /* the worker ran the integrity check */
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  if (job->result_free != NULL)
    g_clear_pointer (&job->result, job->result_free);
  g_free (job->path);
  g_free (job);
}

CbzStoreWorkers *
_cbz_store_workers_new (void)
{
  CbzStoreWorkers *workers = g_new0 (CbzStoreWorkers, 1);

  g_mutex_init (&workers->lock);
  g_cond_init (&workers->returned);
  g_queue_init (&workers->idle);
  return workers;
}

void
_cbz_store_workers_free (CbzStoreWorkers *workers)
{
  /* Every job holds its main store, so none is running now. */
  g_assert (workers->n_open == workers->idle.length);

  g_queue_clear_full (&workers->idle, g_object_unref);
  g_cond_clear (&workers->returned);
  g_mutex_clear (&workers->lock);
  g_free (workers);
}

static CbzStore *
borrow_connection (CbzStoreWorkers  *workers,
                   const char       *path,
                   GError          **error)
{
  CbzStore *worker = NULL;
  gboolean open_new = FALSE;

  g_mutex_lock (&workers->lock);
  while (workers->idle.length == 0 && workers->n_open >= MAX_WORKER_CONNECTIONS)
    g_cond_wait (&workers->returned, &workers->lock);
  if (workers->idle.length > 0)
    worker = g_queue_pop_head (&workers->idle);
  else
    {
      workers->n_open++;
      open_new = TRUE;
    }
  g_mutex_unlock (&workers->lock);

  if (!open_new)
    return worker;

  worker = _cbz_store_open_worker (path, error);
  if (worker == NULL)
    {
      g_mutex_lock (&workers->lock);
      workers->n_open--;
      g_cond_signal (&workers->returned);
      g_mutex_unlock (&workers->lock);
    }
  return worker;
}

static void
return_connection (CbzStoreWorkers *workers,
                   CbzStore        *worker)
{
  g_mutex_lock (&workers->lock);
  g_queue_push_head (&workers->idle, worker);
  g_cond_signal (&workers->returned);
  g_mutex_unlock (&workers->lock);
}

static gboolean
run_job (CbzStore      *worker,
         Job           *job,
         GCancellable  *cancellable,
         GError       **error)
{
  guint changes_before;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  _cbz_store_sync_worker (worker, &job->today, job->verified);
  changes_before = _cbz_store_get_change_count (worker);

  ok = job->func (worker, job->data, &job->result, cancellable, error);

  if (cbz_store_in_transaction (worker))
    {
      g_critical ("A store job returned inside an open transaction on %s; rolling back",
                  cbz_store_get_path (worker));
      while (cbz_store_in_transaction (worker))
        cbz_store_rollback (worker);
    }

  job->changed = _cbz_store_get_change_count (worker) != changes_before;
  job->checked = !job->verified && cbz_store_is_verified (worker);
  return ok;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CbzStore *main_store = source_object;
  Job *job = task_data;
  CbzStoreWorkers *workers;
  CbzStore *worker;
  GError *error = NULL;
  gboolean ok;

  /* The pool was made on the main thread, when the job was queued. */
  workers = _cbz_store_get_workers (main_store);
  worker = borrow_connection (workers, job->path, &error);
  if (worker == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  ok = run_job (worker, job, cancellable, &error);
  return_connection (workers, worker);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CbzStore *self = CBZ_STORE (object);
  g_autoptr(GTask) outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  /* Before the caller hears of it, so what it reloads sees the write. */
  if (job->checked)
    _cbz_store_adopt_verified (self);
  if (job->changed)
    _cbz_store_emit_changed (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  g_task_return_pointer (outer, g_steal_pointer (&job->result), job->result_free);
}

void
cbz_store_run_async (CbzStore            *self,
                     CbzStoreWorkFunc     func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  const GError *damage;
  Job *job;

  g_return_if_fail (CBZ_IS_STORE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cbz_store_run_async);
  /* Kept so cbz_store_run_finish() can free a result nobody takes. */
  g_task_set_task_data (outer, result_free, NULL);

  damage = cbz_store_get_damage (self);
  if (damage != NULL)
    {
      if (data_free != NULL && data != NULL)
        data_free (data);
      g_task_return_error (outer, g_error_copy (damage));
      return;
    }

  job = g_new0 (Job, 1);
  job->path = g_strdup (cbz_store_get_path (self));
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  cbz_store_get_today_date (self, &job->today);
  job->verified = cbz_store_is_verified (self);
  (void) _cbz_store_get_workers (self);

  inner = g_task_new (self, cancellable, job_done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, job_thread);
  g_task_set_name (inner, "[cobranza] store job");
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (inner, job_thread);
}

gboolean
cbz_store_run_finish (CbzStore      *self,
                      GAsyncResult  *result,
                      gpointer      *out_result,
                      GError       **error)
{
  GDestroyNotify result_free;
  gpointer value;
  GError *local_error = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cbz_store_run_async, FALSE);

  result_free = (GDestroyNotify) g_task_get_task_data (G_TASK (result));
  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (out_result != NULL)
    *out_result = value;
  else if (value != NULL && result_free != NULL)
    result_free (value);
  return TRUE;
}

gboolean
cbz_store_run_sync (CbzStore          *self,
                    CbzStoreWorkFunc   func,
                    gpointer           data,
                    gpointer          *out_result,
                    GCancellable      *cancellable,
                    GError           **error)
{
  gpointer result = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!func (self, data, &result, cancellable, error))
    return FALSE;
  if (out_result != NULL)
    *out_result = result;
  else
    g_warn_if_fail (result == NULL);
  return TRUE;
}
