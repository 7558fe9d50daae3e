/* cbz-outbox-async.c: the outbox's work on the store's worker connections
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each _async function runs the plain function on one of the store's own
 * worker connections (cbz_store_run_async()), through an outbox of that
 * connection with this one's maximum age, and reports on the calling
 * thread. Nothing here opens the portfolio file again.
 */

#include "config.h"

#include "cbz-message-template.h"
#include "cbz-outbox-private.h"

/* What every job needs to act as this outbox on a worker connection. */
typedef struct
{
  gint64             max_age;
  CbzOutboxFilter    filter;
  guint              limit;
  CbzOutboxDecision  decision;
  gint64             id;
  char              *reason;
  CbzOutboxMessage  *message;
  gint64             debtor_id;
  CbzChannel         channel;
  char              *provider;
  char              *template_name;
  CbzOutboxCompanyFunc company;
} Job;

static void
job_free (Job *job)
{
  g_free (job->reason);
  g_clear_pointer (&job->message, cbz_outbox_message_free);
  g_free (job->provider);
  g_free (job->template_name);
  g_free (job);
}

static Job *
job_new (CbzOutbox *self)
{
  Job *job = g_new0 (Job, 1);

  job->max_age = cbz_outbox_get_max_age (self);
  return job;
}

static CbzOutbox *
worker_outbox (CbzStore *worker,
               Job      *job)
{
  CbzOutbox *outbox = cbz_outbox_new (worker);

  cbz_outbox_set_max_age (outbox, job->max_age);
  return outbox;
}

/* A message with what enqueueing or preparing said about it. */
typedef struct
{
  CbzOutboxMessage *message;
  gboolean          inserted;
  char             *skip;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->message, cbz_outbox_message_free);
  g_free (outcome->skip);
  g_free (outcome);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GDestroyNotify result_free = g_task_get_task_data (task);
  gpointer value = NULL;
  GError *error = NULL;

  if (!cbz_store_run_finish (CBZ_STORE (source), result, &value, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, result_free);
}

static void
run_job (CbzOutbox           *self,
         gpointer             source_tag,
         CbzStoreWorkFunc     func,
         Job                 *job,
         GDestroyNotify       result_free,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, result_free, NULL);
  cbz_store_run_async (cbz_outbox_get_store (self), func, job, (GDestroyNotify) job_free, result_free,
                       cancellable, job_done_cb, task);
}

static gpointer
finish_job (CbzOutbox     *self,
            GAsyncResult  *result,
            gpointer       source_tag,
            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Listing */

static gboolean
list_filter_work (CbzStore      *worker,
                  gpointer       data,
                  gpointer      *out_result,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Job *job = data;
  g_autoptr(CbzOutbox) outbox = worker_outbox (worker, job);

  *out_result = cbz_outbox_list_filter (outbox, job->filter, job->limit, error);
  return *out_result != NULL;
}

void
cbz_outbox_list_filter_async (CbzOutbox           *self,
                              CbzOutboxFilter      filter,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CBZ_IS_OUTBOX (self));

  job = job_new (self);
  job->filter = filter;
  job->limit = limit;
  run_job (self, cbz_outbox_list_filter_async, list_filter_work, job,
           (GDestroyNotify) cbz_outbox_listing_free, cancellable, callback, user_data);
}

CbzOutboxListing *
cbz_outbox_list_filter_finish (CbzOutbox     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);

  return finish_job (self, result, cbz_outbox_list_filter_async, error);
}

/* Deciding */

static gboolean
decide_work (CbzStore      *worker,
             gpointer       data,
             gpointer      *out_result,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;
  g_autoptr(CbzOutbox) outbox = worker_outbox (worker, job);

  return cbz_outbox_decide (outbox, job->decision, job->id, job->reason, error);
}

void
cbz_outbox_decide_async (CbzOutbox           *self,
                         CbzOutboxDecision    decision,
                         gint64               id,
                         const char          *reason,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CBZ_IS_OUTBOX (self));

  job = job_new (self);
  job->decision = decision;
  job->id = id;
  job->reason = g_strdup (reason);
  run_job (self, cbz_outbox_decide_async, decide_work, job, NULL, cancellable, callback, user_data);
}

gboolean
cbz_outbox_decide_finish (CbzOutbox     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);

  finish_job (self, result, cbz_outbox_decide_async, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Reading one message */

static gboolean
get_work (CbzStore      *worker,
          gpointer       data,
          gpointer      *out_result,
          GCancellable  *cancellable,
          GError       **error)
{
  Job *job = data;
  g_autoptr(CbzOutbox) outbox = worker_outbox (worker, job);

  *out_result = cbz_outbox_get (outbox, job->id, error);
  return *out_result != NULL;
}

void
cbz_outbox_get_async (CbzOutbox           *self,
                      gint64               id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CBZ_IS_OUTBOX (self));

  job = job_new (self);
  job->id = id;
  run_job (self, cbz_outbox_get_async, get_work, job, (GDestroyNotify) cbz_outbox_message_free,
           cancellable, callback, user_data);
}

CbzOutboxMessage *
cbz_outbox_get_finish (CbzOutbox     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);

  return finish_job (self, result, cbz_outbox_get_async, error);
}

/* Enqueueing one message */

static gboolean
enqueue_work (CbzStore      *worker,
              gpointer       data,
              gpointer      *out_result,
              GCancellable  *cancellable,
              GError       **error)
{
  Job *job = data;
  g_autoptr(CbzOutbox) outbox = worker_outbox (worker, job);
  Outcome *outcome;
  gboolean inserted = FALSE;

  if (!cbz_outbox_enqueue (outbox, job->message, &inserted, error))
    return FALSE;
  outcome = g_new0 (Outcome, 1);
  outcome->message = g_steal_pointer (&job->message);
  outcome->inserted = inserted;
  *out_result = outcome;
  return TRUE;
}

void
cbz_outbox_enqueue_async (CbzOutbox              *self,
                          const CbzOutboxMessage *message,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  Job *job;

  g_return_if_fail (CBZ_IS_OUTBOX (self));
  g_return_if_fail (message != NULL);

  job = job_new (self);
  job->message = cbz_outbox_message_copy (message);
  run_job (self, cbz_outbox_enqueue_async, enqueue_work, job, (GDestroyNotify) outcome_free,
           cancellable, callback, user_data);
}

CbzOutboxMessage *
cbz_outbox_enqueue_finish (CbzOutbox     *self,
                           GAsyncResult  *result,
                           gboolean      *inserted,
                           GError       **error)
{
  Outcome *outcome;
  CbzOutboxMessage *message;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);

  outcome = finish_job (self, result, cbz_outbox_enqueue_async, error);
  if (outcome == NULL)
    return NULL;
  if (inserted != NULL)
    *inserted = outcome->inserted;
  message = g_steal_pointer (&outcome->message);
  outcome_free (outcome);
  return message;
}

/* Preparing a reminder */

static gboolean
prepare_reminder_work (CbzStore      *worker,
                       gpointer       data,
                       gpointer      *out_result,
                       GCancellable  *cancellable,
                       GError       **error)
{
  Job *job = data;
  g_autoptr(CbzTemplateContext) company = NULL;
  Outcome *outcome;

  company = job->company (worker, error);
  if (company == NULL)
    return FALSE;

  outcome = g_new0 (Outcome, 1);
  outcome->message = cbz_message_build_reminder (worker, job->debtor_id, job->channel, job->provider,
                                                 job->template_name, company, cbz_store_get_today (worker),
                                                 &outcome->skip, error);
  if (outcome->message == NULL && outcome->skip == NULL)
    {
      outcome_free (outcome);
      return FALSE;
    }
  *out_result = outcome;
  return TRUE;
}

void
cbz_outbox_prepare_reminder_async (CbzOutbox            *self,
                                   gint64                debtor_id,
                                   CbzChannel            channel,
                                   const char           *provider,
                                   const char           *template_name,
                                   CbzOutboxCompanyFunc  company,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  Job *job;

  g_return_if_fail (CBZ_IS_OUTBOX (self));
  g_return_if_fail (debtor_id > 0);
  g_return_if_fail (provider != NULL);
  g_return_if_fail (template_name != NULL);
  g_return_if_fail (company != NULL);

  job = job_new (self);
  job->debtor_id = debtor_id;
  job->channel = channel;
  job->provider = g_strdup (provider);
  job->template_name = g_strdup (template_name);
  job->company = company;
  run_job (self, cbz_outbox_prepare_reminder_async, prepare_reminder_work, job,
           (GDestroyNotify) outcome_free, cancellable, callback, user_data);
}

CbzOutboxMessage *
cbz_outbox_prepare_reminder_finish (CbzOutbox     *self,
                                    GAsyncResult  *result,
                                    char         **skip,
                                    GError       **error)
{
  Outcome *outcome;
  CbzOutboxMessage *message;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);

  outcome = finish_job (self, result, cbz_outbox_prepare_reminder_async, error);
  if (outcome == NULL)
    return NULL;
  message = g_steal_pointer (&outcome->message);
  if (skip != NULL)
    *skip = g_steal_pointer (&outcome->skip);
  outcome_free (outcome);
  return message;
}
