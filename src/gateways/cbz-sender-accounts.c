/* cbz-sender-accounts.c: the accounts a run needs
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before Send Queued Now: which providers the queued messages need (read on
 * a worker connection) and their accounts (environment, GSettings and the
 * keyring, through libsecret's own async calls), so the person learns which
 * messages have no account to go with before anything is sent.
 */

#include "config.h"

#include "cbz-credentials.h"
#include "cbz-sender-private.h"

void
cbz_sender_accounts_free (CbzSenderAccounts *accounts)
{
  if (accounts == NULL)
    return;
  g_clear_pointer (&accounts->missing, g_ptr_array_unref);
  g_free (accounts);
}

static void
missing_account_free (CbzSenderMissingAccount *missing)
{
  g_free (missing->provider);
  g_free (missing->reason);
  g_free (missing);
}

typedef struct
{
  GHashTable        *needed;    /* provider -> GUINT_TO_POINTER (messages) */
  CbzSenderAccounts *accounts;
  guint              pending;
} AccountsJob;

static void
accounts_job_free (AccountsJob *job)
{
  g_clear_pointer (&job->needed, g_hash_table_unref);
  cbz_sender_accounts_free (job->accounts);
  g_free (job);
}

typedef struct
{
  GHashTable *needed;
  guint64     n_queued;
} Needed;

static void
needed_free (Needed *needed)
{
  g_clear_pointer (&needed->needed, g_hash_table_unref);
  g_free (needed);
}

static gboolean
count_needed_work (CbzStore      *worker,
                   gpointer       data,
                   gpointer      *out_result,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Needed *needed = g_new0 (Needed, 1);

  needed->needed = cbz_store_outbox_count_queued_by_provider (worker, &needed->n_queued, error);
  if (needed->needed == NULL)
    {
      needed_free (needed);
      return FALSE;
    }
  *out_result = needed;
  return TRUE;
}

static int
compare_missing (gconstpointer a,
                 gconstpointer b)
{
  const CbzSenderMissingAccount *x = *(CbzSenderMissingAccount * const *) a;
  const CbzSenderMissingAccount *y = *(CbzSenderMissingAccount * const *) b;

  return g_strcmp0 (x->provider, y->provider);
}

static void
accounts_step_done (GTask *task)
{
  AccountsJob *job = g_task_get_task_data (task);

  if (--job->pending > 0)
    return;
  g_ptr_array_sort (job->accounts->missing, compare_missing);
  g_task_return_pointer (task, g_steal_pointer (&job->accounts), (GDestroyNotify) cbz_sender_accounts_free);
}

typedef struct
{
  GTask *task;
  char  *provider;
  guint  n_messages;
} AccountLoad;

static void
account_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AccountLoad *load = user_data;
  g_autoptr(GTask) task = load->task;
  CbzSender *self = g_task_get_source_object (task);
  AccountsJob *job = g_task_get_task_data (task);
  g_autoptr(CbzProviderAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = cbz_credentials_load_account_finish (result, &error);
  if (account != NULL)
    cbz_sender_add_account (self, account);
  else
    {
      CbzSenderMissingAccount *missing = g_new0 (CbzSenderMissingAccount, 1);

      missing->provider = g_steal_pointer (&load->provider);
      missing->n_messages = load->n_messages;
      missing->reason = g_strdup (error->message);
      g_ptr_array_add (job->accounts->missing, missing);
      job->accounts->n_without_account += load->n_messages;
    }
  g_free (load->provider);
  g_free (load);
  accounts_step_done (task);
}

static void
needed_counted_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CbzSender *self = g_task_get_source_object (task);
  AccountsJob *job = g_task_get_task_data (task);
  Needed *needed = NULL;
  GError *error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!cbz_store_run_finish (CBZ_STORE (source), result, (gpointer *) &needed, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job->accounts->n_queued = needed->n_queued;
  job->needed = g_steal_pointer (&needed->needed);
  needed_free (needed);

  /* One step for the count itself, so none of the loads ends it early. */
  job->pending = 1;
  if (!self->dry_run)
    {
      g_hash_table_iter_init (&iter, job->needed);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          AccountLoad *load = g_new0 (AccountLoad, 1);

          load->task = g_object_ref (task);
          load->provider = g_strdup (key);
          load->n_messages = GPOINTER_TO_UINT (value);
          job->pending++;
          cbz_credentials_load_account_async (key, g_task_get_cancellable (task), account_loaded_cb, load);
        }
    }
  accounts_step_done (task);
}

/* Public API */

void
cbz_sender_load_accounts_async (CbzSender           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  AccountsJob *job;

  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (!self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_sender_load_accounts_async);
  job = g_new0 (AccountsJob, 1);
  job->accounts = g_new0 (CbzSenderAccounts, 1);
  job->accounts->missing = g_ptr_array_new_with_free_func ((GDestroyNotify) missing_account_free);
  g_task_set_task_data (task, job, (GDestroyNotify) accounts_job_free);
  cbz_store_run_async (self->store, count_needed_work, NULL, NULL, (GDestroyNotify) needed_free,
                       cancellable, needed_counted_cb, task);
}

CbzSenderAccounts *
cbz_sender_load_accounts_finish (CbzSender     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CBZ_IS_SENDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cbz_sender_load_accounts_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

