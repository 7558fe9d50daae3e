/* cbz-store-disputes-async.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-store-disputes.h"

/* The _async forms of cbz-store-disputes.c, on the store's worker
 * connections (cbz_store_run_async()). */

typedef struct
{
  gint64                id;          /* invoice, dispute or debtor */
  CbzDisputeReason      reason;
  CbzDisputeResolution  resolution;
  gint64                credit;
  gboolean              open_only;
  char                 *note;
} DisputeJob;

static void
dispute_job_free (DisputeJob *job)
{
  g_free (job->note);
  g_free (job);
}

static DisputeJob *
dispute_job_new (gint64      id,
                 const char *note)
{
  DisputeJob *job = g_new0 (DisputeJob, 1);

  job->id = id;
  job->note = g_strdup (note);
  return job;
}

static gboolean
open_work (CbzStore      *worker,
           gpointer       data,
           gpointer      *out_result,
           GCancellable  *cancellable,
           GError       **error)
{
  DisputeJob *job = data;

  *out_result = cbz_store_open_dispute (worker, job->id, job->reason, job->note, error);
  return *out_result != NULL;
}

void
cbz_store_open_dispute_async (CbzStore             *self,
                              gint64                invoice_id,
                              CbzDisputeReason      reason,
                              const char           *note,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  DisputeJob *job;

  g_return_if_fail (CBZ_IS_STORE (self));

  job = dispute_job_new (invoice_id, note);
  job->reason = reason;
  cbz_store_run_async (self, open_work, job, (GDestroyNotify) dispute_job_free,
                       (GDestroyNotify) cbz_dispute_unref, cancellable, callback, user_data);
}

CbzDispute *
cbz_store_open_dispute_finish (CbzStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  CbzDispute *dispute = NULL;

  if (!cbz_store_run_finish (self, result, (gpointer *) &dispute, error))
    return NULL;
  return dispute;
}

static gboolean
resolve_work (CbzStore      *worker,
              gpointer       data,
              gpointer      *out_result,
              GCancellable  *cancellable,
              GError       **error)
{
  DisputeJob *job = data;

  *out_result = cbz_store_resolve_dispute (worker, job->id, job->resolution, job->credit, job->note, error);
  return *out_result != NULL;
}

void
cbz_store_resolve_dispute_async (CbzStore             *self,
                                 gint64                dispute_id,
                                 CbzDisputeResolution  resolution,
                                 gint64                credit,
                                 const char           *note,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  DisputeJob *job;

  g_return_if_fail (CBZ_IS_STORE (self));

  job = dispute_job_new (dispute_id, note);
  job->resolution = resolution;
  job->credit = credit;
  cbz_store_run_async (self, resolve_work, job, (GDestroyNotify) dispute_job_free,
                       (GDestroyNotify) cbz_dispute_unref, cancellable, callback, user_data);
}

CbzDispute *
cbz_store_resolve_dispute_finish (CbzStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  CbzDispute *dispute = NULL;

  if (!cbz_store_run_finish (self, result, (gpointer *) &dispute, error))
    return NULL;
  return dispute;
}

static gboolean
undo_work (CbzStore      *worker,
           gpointer       data,
           gpointer      *out_result,
           GCancellable  *cancellable,
           GError       **error)
{
  return cbz_store_undo_dispute (worker, ((DisputeJob *) data)->id, error);
}

void
cbz_store_undo_dispute_async (CbzStore             *self,
                              gint64                dispute_id,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, undo_work, dispute_job_new (dispute_id, NULL),
                       (GDestroyNotify) dispute_job_free, NULL, cancellable, callback, user_data);
}

gboolean
cbz_store_undo_dispute_finish (CbzStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return cbz_store_run_finish (self, result, NULL, error);
}

static gboolean
list_work (CbzStore      *worker,
           gpointer       data,
           gpointer      *out_result,
           GCancellable  *cancellable,
           GError       **error)
{
  DisputeJob *job = data;

  *out_result = cbz_store_list_disputes (worker, job->id, job->open_only, error);
  return *out_result != NULL;
}

void
cbz_store_list_disputes_async (CbzStore             *self,
                               gint64                debtor_id,
                               gboolean              open_only,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  DisputeJob *job;

  g_return_if_fail (CBZ_IS_STORE (self));

  job = dispute_job_new (debtor_id, NULL);
  job->open_only = open_only;
  cbz_store_run_async (self, list_work, job, (GDestroyNotify) dispute_job_free,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
cbz_store_list_disputes_finish (CbzStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  GPtrArray *disputes = NULL;

  if (!cbz_store_run_finish (self, result, (gpointer *) &disputes, error))
    return NULL;
  return disputes;
}

static gboolean
disputable_work (CbzStore      *worker,
                 gpointer       data,
                 gpointer      *out_result,
                 GCancellable  *cancellable,
                 GError       **error)
{
  *out_result = cbz_store_list_disputable_invoices (worker, ((DisputeJob *) data)->id, error);
  return *out_result != NULL;
}

void
cbz_store_list_disputable_invoices_async (CbzStore            *self,
                                          gint64               debtor_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, disputable_work, dispute_job_new (debtor_id, NULL),
                       (GDestroyNotify) dispute_job_free, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, user_data);
}

GPtrArray *
cbz_store_list_disputable_invoices_finish (CbzStore            *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  GPtrArray *invoices = NULL;

  if (!cbz_store_run_finish (self, result, (gpointer *) &invoices, error))
    return NULL;
  return invoices;
}
