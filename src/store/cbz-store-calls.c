/* cbz-store-calls.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-clock.h"
#include "cbz-customer-zone.h"
#include "cbz-store-calls.h"
#include "cbz-store-private.h"
#include "cbz-store-tasks.h"
#include "payments/cbz-local-day.h"

/* Calls to customers and the tasks they leave (see cbz-store-calls.h). */

G_DEFINE_BOXED_TYPE (CbzCallLogged, cbz_call_logged, cbz_call_logged_copy, cbz_call_logged_free)

CbzCallLogged *
cbz_call_logged_copy (const CbzCallLogged *logged)
{
  CbzCallLogged *copy;

  g_return_val_if_fail (logged != NULL, NULL);

  copy = g_new0 (CbzCallLogged, 1);
  copy->event_id = logged->event_id;
  copy->task_id = logged->task_id;
  copy->completed_tasks = g_array_copy (logged->completed_tasks);
  return copy;
}

void
cbz_call_logged_free (CbzCallLogged *logged)
{
  if (logged == NULL)
    return;
  g_clear_pointer (&logged->completed_tasks, g_array_unref);
  g_free (logged);
}

/* The customer's zone: theirs, else their country's and region's, else
 * this computer's (NULL). */
static char *
read_customer_zone (CbzStore  *self,
                    gint64     debtor_id,
                    gboolean  *found,
                    GError   **error)
{
  static const char sql[] = "SELECT time_zone, country, region FROM debtors WHERE id = ?1";
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);
  char *zone = NULL;
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *own = (const char *) sqlite3_column_text (stmt, 0);
      const char *country = (const char *) sqlite3_column_text (stmt, 1);
      const char *region = (const char *) sqlite3_column_text (stmt, 2);

      *found = TRUE;
      if (own != NULL && cbz_customer_zone_is_valid (own))
        zone = g_strdup (own);
      else if (country != NULL)
        zone = g_strdup (cbz_customer_zone_for_region (country, region));
    }
  else if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, debtor_id);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   _("There is no customer with id %s in the portfolio"), id);
    }
  return zone;
}

gboolean
cbz_store_get_customer_today (CbzStore  *self,
                              gint64     debtor_id,
                              CbzDate   *out_today,
                              GError   **error)
{
  g_autofree char *zone = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  gboolean found;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_today != NULL, FALSE);

  zone = read_customer_zone (self, debtor_id, &found, error);
  if (!found)
    return FALSE;
  tz = cbz_customer_time_zone_new (zone, NULL);
  if (tz == NULL)
    tz = g_time_zone_new_local ();
  *out_today = cbz_local_date_at (cbz_now (), tz);
  return TRUE;
}

/* A whole sentence per outcome: translators see each as it is said. */
static const char *
describe_outcome (CbzCallOutcome outcome)
{
  switch (outcome)
    {
    case CBZ_CALL_OUTCOME_NO_ANSWER:
      return _("Called; nobody answered");
    case CBZ_CALL_OUTCOME_WRONG_NUMBER:
      return _("Called; the number was wrong");
    case CBZ_CALL_OUTCOME_LEFT_MESSAGE:
      return _("Called and left a message");
    case CBZ_CALL_OUTCOME_PROMISED_TO_PAY:
      return _("Called; the customer promised to pay");
    case CBZ_CALL_OUTCOME_DISPUTES:
      return _("Called; the customer disputes the debt");
    case CBZ_CALL_OUTCOME_CALL_BACK:
      return _("Called; the customer asked to be called back");
    case CBZ_CALL_OUTCOME_PAID_ALREADY:
      return _("Called; the customer says it is paid already");
    case CBZ_CALL_OUTCOME_OTHER:
    default:
      return _("Called the customer");
    }
}

/* The customer's open tasks due on or before @day, which a call on @day
 * does. */
static GArray *
list_due_tasks (CbzStore  *self,
                gint64     debtor_id,
                CbzDate    day,
                GError   **error)
{
  g_autoptr(GPtrArray) tasks = cbz_store_list_open_tasks (self, debtor_id, &day, error);
  GArray *ids;

  if (tasks == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), tasks->len);
  for (guint i = 0; i < tasks->len; i++)
    g_array_append_val (ids, ((CbzTask *) tasks->pdata[i])->id);
  return ids;
}

static char *
build_call_data (CbzCallOutcome  outcome,
                 const CbzDate  *follow_up,
                 gint64          task_id,
                 GArray         *completed)
{
  GString *data = g_string_new ("{\"outcome\":\"");
  char day[CBZ_DATE_ISO_LENGTH];

  g_string_append (data, cbz_call_outcome_to_string (outcome));
  g_string_append (data, "\",\"follow_up\":");
  if (follow_up != NULL)
    g_string_append_printf (data, "\"%s\"", cbz_date_to_iso (*follow_up, day));
  else
    g_string_append (data, "null");
  g_string_append (data, ",\"task_id\":");
  if (task_id != 0)
    g_string_append_printf (data, "%" G_GINT64_FORMAT, task_id);
  else
    g_string_append (data, "null");
  g_string_append (data, ",\"completed_tasks\":[");
  for (guint i = 0; i < completed->len; i++)
    g_string_append_printf (data, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (completed, gint64, i));
  g_string_append (data, "]}");
  return g_string_free (data, FALSE);
}

static gboolean
set_event_data (CbzStore    *self,
                gint64       event_id,
                const char  *data,
                GError     **error)
{
  static const char sql[] = "UPDATE events SET data = ?2 WHERE id = ?1";
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  _cbz_bind_text (stmt, 2, data);
  return _cbz_store_step_done (self, stmt, sql, error);
}

/**
 * cbz_store_log_call:
 *
 * See cbz-store-calls.h.
 */
CbzCallLogged *
cbz_store_log_call (CbzStore        *self,
                    gint64           debtor_id,
                    CbzCallOutcome   outcome,
                    const char      *note,
                    const CbzDate   *follow_up,
                    GError         **error)
{
  g_autoptr(CbzCallLogged) logged = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *data = NULL;
  CbzDate today;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) outcome < CBZ_CALL_OUTCOME_N_VALUES, NULL);

  if (note != NULL && *note == '\0')
    note = NULL;
  if (follow_up != NULL && !cbz_date_is_set (*follow_up))
    follow_up = NULL;

  if (!cbz_store_begin (self, error))
    return NULL;
  if (!cbz_store_get_customer_today (self, debtor_id, &today, error))
    goto fail;

  if (follow_up != NULL && cbz_date_compare (*follow_up, today) < 0)
    {
      char day[CBZ_DATE_ISO_LENGTH], now[CBZ_DATE_ISO_LENGTH];

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("The follow-up date %s is before the customer’s today (%s)"),
                   cbz_date_to_iso (*follow_up, day), cbz_date_to_iso (today, now));
      goto fail;
    }

  logged = g_new0 (CbzCallLogged, 1);
  logged->completed_tasks = list_due_tasks (self, debtor_id, today, error);
  if (logged->completed_tasks == NULL)
    goto fail;

  event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_CALL, describe_outcome (outcome));
  cbz_event_set_channel (event, CBZ_EVENT_CHANNEL_PHONE);
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_OUTBOUND);
  cbz_event_set_body (event, note);
  cbz_event_set_recorded_by (event, cbz_event_get_local_user ());
  logged->event_id = cbz_store_add_event (self, event, error);
  if (logged->event_id == 0)
    goto fail;

  for (guint i = 0; i < logged->completed_tasks->len; i++)
    {
      if (!cbz_store_complete_task (self, g_array_index (logged->completed_tasks, gint64, i),
                                    logged->event_id, error))
        goto fail;
    }

  if (follow_up != NULL)
    {
      g_autoptr(CbzTask) task = cbz_task_new ();

      task->debtor_id = debtor_id;
      task->kind = outcome == CBZ_CALL_OUTCOME_CALL_BACK ? CBZ_TASK_KIND_CALL_BACK
                                                         : CBZ_TASK_KIND_FOLLOW_UP;
      task->due_on = *follow_up;
      task->note = g_strdup (note);
      task->source_event = logged->event_id;
      logged->task_id = cbz_store_add_task (self, task, error);
      if (logged->task_id == 0)
        goto fail;
    }

  data = build_call_data (outcome, follow_up, logged->task_id, logged->completed_tasks);
  if (!set_event_data (self, logged->event_id, data, error) ||
      !cbz_store_refresh_summaries (self, &debtor_id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&logged);

fail:
  cbz_store_rollback (self);
  return NULL;
}

/**
 * cbz_store_undo_call:
 *
 * See cbz-store-calls.h.
 */
gboolean
cbz_store_undo_call (CbzStore  *self,
                     gint64     event_id,
                     GError   **error)
{
  static const char done_sql[] =
    "SELECT count(*) FROM tasks WHERE source_event = ?1 AND done_at IS NOT NULL";
  static const char delete_task_sql[] = "DELETE FROM tasks WHERE source_event = ?1";
  static const char reopen_sql[] =
    "UPDATE tasks SET done_at = NULL, done_event = NULL WHERE done_event = ?1";
  static const char delete_event_sql[] = "DELETE FROM events WHERE id = ?1";
  g_autoptr(CbzEvent) event = NULL;
  sqlite3_stmt *stmt;
  gint64 debtor_id;
  gint64 n_done = 0;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (!cbz_store_begin (self, error))
    return FALSE;

  event = cbz_store_get_event (self, event_id, error);
  if (event == NULL)
    goto fail;
  if (cbz_event_get_kind (event) != CBZ_EVENT_KIND_CALL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Timeline entry %s is not a call"), id);
      goto fail;
    }
  debtor_id = cbz_event_get_debtor_id (event);

  stmt = _cbz_store_prepare (self, done_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n_done = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (n_done > 0)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("The call cannot be taken back: its follow-up task is done already"));
      goto fail;
    }

  stmt = _cbz_store_prepare (self, delete_task_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (!_cbz_store_step_done (self, stmt, delete_task_sql, error))
    goto fail;

  stmt = _cbz_store_prepare (self, reopen_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (!_cbz_store_step_done (self, stmt, reopen_sql, error))
    goto fail;

  stmt = _cbz_store_prepare (self, delete_event_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (!_cbz_store_step_done (self, stmt, delete_event_sql, error))
    goto fail;

  /* Last contact goes back to what it was before the call. */
  if (!cbz_store_refresh_summaries (self, &debtor_id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

void
cbz_call_context_free (CbzCallContext *context)
{
  if (context == NULL)
    return;
  g_free (context->currency);
  g_clear_pointer (&context->due_tasks, g_ptr_array_unref);
  g_free (context);
}

CbzCallContext *
cbz_store_get_call_context (CbzStore  *self,
                            gint64     debtor_id,
                            GError   **error)
{
  static const char sql[] =
    "SELECT d.currency, COALESCE (s.overdue_balance, 0) FROM debtors d"
    " LEFT JOIN debtor_summaries s ON s.debtor_id = d.id WHERE d.id = ?1";
  g_autoptr(CbzCallContext) context = g_new0 (CbzCallContext, 1);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  if (!cbz_store_get_customer_today (self, debtor_id, &context->today, error))
    return NULL;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      context->currency = _cbz_column_dup (stmt, 0);
      context->overdue = sqlite3_column_int64 (stmt, 1);
    }
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return NULL;
  context->due_tasks = cbz_store_list_open_tasks (self, debtor_id, &context->today, error);
  if (context->due_tasks == NULL)
    return NULL;
  return g_steal_pointer (&context);
}

/* On the store's worker connections */

typedef struct
{
  gint64          id;        /* debtor, event or task */
  CbzCallOutcome  outcome;
  char           *note;
  CbzDate         follow_up;
} CallJob;

static void
call_job_free (CallJob *job)
{
  g_free (job->note);
  g_free (job);
}

static CallJob *
call_job_new (gint64 id)
{
  CallJob *job = g_new0 (CallJob, 1);

  job->id = id;
  return job;
}

static gboolean
log_call_work (CbzStore      *worker,
               gpointer       data,
               gpointer      *out_result,
               GCancellable  *cancellable,
               GError       **error)
{
  CallJob *job = data;

  *out_result = cbz_store_log_call (worker, job->id, job->outcome, job->note, &job->follow_up, error);
  return *out_result != NULL;
}

void
cbz_store_log_call_async (CbzStore             *self,
                          gint64                debtor_id,
                          CbzCallOutcome        outcome,
                          const char           *note,
                          const CbzDate        *follow_up,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  CallJob *job;

  g_return_if_fail (CBZ_IS_STORE (self));

  job = call_job_new (debtor_id);
  job->outcome = outcome;
  job->note = g_strdup (note);
  if (follow_up != NULL)
    job->follow_up = *follow_up;
  cbz_store_run_async (self, log_call_work, job, (GDestroyNotify) call_job_free,
                       (GDestroyNotify) cbz_call_logged_free, cancellable, callback, user_data);
}

CbzCallLogged *
cbz_store_log_call_finish (CbzStore      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  CbzCallLogged *logged = NULL;

  if (!cbz_store_run_finish (self, result, (gpointer *) &logged, error))
    return NULL;
  return logged;
}

static gboolean
undo_call_work (CbzStore      *worker,
                gpointer       data,
                gpointer      *out_result,
                GCancellable  *cancellable,
                GError       **error)
{
  return cbz_store_undo_call (worker, ((CallJob *) data)->id, error);
}

void
cbz_store_undo_call_async (CbzStore             *self,
                           gint64                event_id,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, undo_call_work, call_job_new (event_id), (GDestroyNotify) call_job_free,
                       NULL, cancellable, callback, user_data);
}

gboolean
cbz_store_undo_call_finish (CbzStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return cbz_store_run_finish (self, result, NULL, error);
}

static gboolean
list_tasks_work (CbzStore      *worker,
                 gpointer       data,
                 gpointer      *out_result,
                 GCancellable  *cancellable,
                 GError       **error)
{
  *out_result = cbz_store_list_open_tasks (worker, ((CallJob *) data)->id, NULL, error);
  return *out_result != NULL;
}

void
cbz_store_list_open_tasks_async (CbzStore            *self,
                                 gint64               debtor_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, list_tasks_work, call_job_new (debtor_id), (GDestroyNotify) call_job_free,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
cbz_store_list_open_tasks_finish (CbzStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  GPtrArray *tasks = NULL;

  if (!cbz_store_run_finish (self, result, (gpointer *) &tasks, error))
    return NULL;
  return tasks;
}

static gboolean
complete_task_work (CbzStore      *worker,
                    gpointer       data,
                    gpointer      *out_result,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gint64 task_id = ((CallJob *) data)->id;
  g_autoptr(CbzTask) task = NULL;

  /* A task that is not there says so, rather than nothing happening; the
   * transaction makes the main store tell the page. */
  if (!cbz_store_begin (worker, error))
    return FALSE;
  task = cbz_store_get_task (worker, task_id, error);
  if (task == NULL || !cbz_store_complete_task (worker, task_id, 0, error) ||
      !cbz_store_commit (worker, error))
    {
      cbz_store_rollback (worker);
      return FALSE;
    }
  return TRUE;
}

void
cbz_store_complete_task_async (CbzStore            *self,
                               gint64               task_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, complete_task_work, call_job_new (task_id), (GDestroyNotify) call_job_free,
                       NULL, cancellable, callback, user_data);
}

gboolean
cbz_store_complete_task_finish (CbzStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return cbz_store_run_finish (self, result, NULL, error);
}

static gboolean
call_context_work (CbzStore      *worker,
                   gpointer       data,
                   gpointer      *out_result,
                   GCancellable  *cancellable,
                   GError       **error)
{
  *out_result = cbz_store_get_call_context (worker, ((CallJob *) data)->id, error);
  return *out_result != NULL;
}

void
cbz_store_get_call_context_async (CbzStore            *self,
                                  gint64               debtor_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, call_context_work, call_job_new (debtor_id), (GDestroyNotify) call_job_free,
                       (GDestroyNotify) cbz_call_context_free, cancellable, callback, user_data);
}

CbzCallContext *
cbz_store_get_call_context_finish (CbzStore      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  CbzCallContext *context = NULL;

  if (!cbz_store_run_finish (self, result, (gpointer *) &context, error))
    return NULL;
  return context;
}
