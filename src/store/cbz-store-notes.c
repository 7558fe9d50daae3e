/* cbz-store-notes.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-store-notes.h"
#include "cbz-store-private.h"

/* Notes, reasons for non-payment and opt-outs by hand (see
 * cbz-store-notes.h). */

static void
set_debtor_not_found (GError **error,
                      gint64   id)
{
  g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
               _("There is no customer with id %s in the portfolio"), id_str);
}

gint64
cbz_store_add_note (CbzStore    *self,
                    gint64       debtor_id,
                    const char  *text,
                    GError     **error)
{
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *trimmed = NULL;
  gint64 id;

  g_return_val_if_fail (CBZ_IS_STORE (self), 0);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID, _("A note needs some text"));
      return 0;
    }

  if (!cbz_store_begin (self, error))
    return 0;
  debtor = cbz_store_get_debtor (self, debtor_id, error);
  if (debtor == NULL)
    goto fail;

  event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_NOTE, _("Note added"));
  cbz_event_set_body (event, trimmed);
  cbz_event_set_recorded_by (event, cbz_event_get_local_user ());
  id = cbz_store_add_event (self, event, error);
  if (id == 0 || !cbz_store_commit (self, error))
    goto fail;
  return id;

fail:
  cbz_store_rollback (self);
  return 0;
}

gboolean
cbz_store_remove_note (CbzStore  *self,
                       gint64     event_id,
                       GError   **error)
{
  static const char sql[] = "DELETE FROM events WHERE id = ?1";
  g_autoptr(CbzEvent) event = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (!cbz_store_begin (self, error))
    return FALSE;
  event = cbz_store_get_event (self, event_id, error);
  if (event == NULL)
    goto fail;
  if (cbz_event_get_kind (event) != CBZ_EVENT_KIND_NOTE)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Timeline entry %s is not a note"), id);
      goto fail;
    }

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (!_cbz_store_step_done (self, stmt, sql, error) || !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

/* A whole sentence per reason: translators see each as it is said. */
static const char *
describe_reason (CbzNonpaymentReason reason)
{
  switch (reason)
    {
    case CBZ_NONPAYMENT_REASON_FORGOT:
      return _("Reason for not paying: the customer forgot");
    case CBZ_NONPAYMENT_REASON_CASH_FLOW:
      return _("Reason for not paying: cash-flow problems");
    case CBZ_NONPAYMENT_REASON_PAY_DAY_MISMATCH:
      return _("Reason for not paying: the due date falls before the customer’s pay day");
    case CBZ_NONPAYMENT_REASON_DISPUTES_AMOUNT:
      return _("Reason for not paying: the customer disputes the amount");
    case CBZ_NONPAYMENT_REASON_LOST_CONTACT:
      return _("Reason for not paying: contact with the customer was lost");
    case CBZ_NONPAYMENT_REASON_OTHER:
    default:
      return _("Reason for not paying: other");
    }
}

gint64
cbz_store_set_nonpayment_reason (CbzStore             *self,
                                 gint64                debtor_id,
                                 CbzNonpaymentReason   reason,
                                 const char           *note,
                                 GError              **error)
{
  static const char sql[] = "UPDATE debtors SET nonpayment_reason = ?2, updated_at = ?3 WHERE id = ?1";
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (CBZ_IS_STORE (self), 0);
  g_return_val_if_fail ((guint) reason < CBZ_NONPAYMENT_REASON_N_VALUES, 0);

  if (note != NULL && *note == '\0')
    note = NULL;

  if (!cbz_store_begin (self, error))
    return 0;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  _cbz_bind_text (stmt, 2, cbz_nonpayment_reason_to_string (reason));
  sqlite3_bind_int64 (stmt, 3, cbz_store_now ());
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  if (sqlite3_changes (cbz_store_get_handle (self)) == 0)
    {
      set_debtor_not_found (error, debtor_id);
      goto fail;
    }

  event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_REASON, describe_reason (reason));
  data = g_strdup_printf ("{\"reason\":\"%s\"}", cbz_nonpayment_reason_to_string (reason));
  cbz_event_set_data (event, data);
  cbz_event_set_body (event, note);
  cbz_event_set_recorded_by (event, cbz_event_get_local_user ());
  id = cbz_store_add_event (self, event, error);
  if (id == 0 || !cbz_store_commit (self, error))
    goto fail;
  return id;

fail:
  cbz_store_rollback (self);
  return 0;
}

void
cbz_reason_record_free (CbzReasonRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->recorded_by);
  g_free (record);
}

CbzReasonRecord *
cbz_store_get_nonpayment_reason (CbzStore  *self,
                                 gint64     debtor_id,
                                 GError   **error)
{
  static const char sql[] =
    "SELECT d.nonpayment_reason, e.occurred_at, e.recorded_by FROM debtors d"
    " LEFT JOIN events e ON e.id = (SELECT MAX (id) FROM events"
    "   WHERE debtor_id = d.id AND kind = 'reason')"
    " WHERE d.id = ?1";
  g_autoptr(CbzReasonRecord) record = g_new0 (CbzReasonRecord, 1);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      record->known = cbz_nonpayment_reason_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                                         &record->reason);
      if (record->known)
        {
          record->recorded_at = sqlite3_column_int64 (stmt, 1);
          record->recorded_by = _cbz_column_dup (stmt, 2);
        }
    }
  else if (rc == SQLITE_DONE)
    set_debtor_not_found (error, debtor_id);
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW ? g_steal_pointer (&record) : NULL;
}

int
cbz_store_record_opt_outs (CbzStore               *self,
                           gint64                  debtor_id,
                           const CbzOptOutChange  *changes,
                           gsize                   n_changes,
                           const char             *evidence,
                           GError                **error)
{
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autofree char *trimmed = NULL;
  int n_changed = 0;

  g_return_val_if_fail (CBZ_IS_STORE (self), -1);
  g_return_val_if_fail (changes != NULL || n_changes == 0, -1);

  /* The law asks for the record of how the customer asked. */
  trimmed = g_strstrip (g_strdup (evidence != NULL ? evidence : ""));
  if (*trimmed == '\0')
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Say how the customer asked (the evidence): by phone, in writing, in person…"));
      return -1;
    }

  if (!cbz_store_begin (self, error))
    return -1;
  debtor = cbz_store_get_debtor (self, debtor_id, error);
  if (debtor == NULL)
    goto fail;

  for (gsize i = 0; i < n_changes; i++)
    {
      if (cbz_debtor_get_opt_out (debtor, changes[i].channel) == changes[i].opt_out)
        continue;
      if (!cbz_store_set_opt_out_by_hand (self, debtor_id, changes[i].channel, changes[i].opt_out,
                                          trimmed, error))
        goto fail;
      cbz_debtor_set_opt_out (debtor, changes[i].channel, changes[i].opt_out);
      n_changed++;
    }

  if (!cbz_store_commit (self, error))
    goto fail;
  return n_changed;

fail:
  cbz_store_rollback (self);
  return -1;
}

/* On the store's worker connections */

typedef struct
{
  gint64               id;      /* debtor or event */
  char                *text;    /* note, reason's note or evidence */
  CbzNonpaymentReason  reason;
  CbzOptOutChange     *changes;
  gsize                n_changes;
} NoteJob;

static void
note_job_free (NoteJob *job)
{
  g_free (job->text);
  g_free (job->changes);
  g_free (job);
}

static NoteJob *
note_job_new (gint64      id,
              const char *text)
{
  NoteJob *job = g_new0 (NoteJob, 1);

  job->id = id;
  job->text = g_strdup (text);
  return job;
}

/* Ids and counts travel as pointers to a gint64 of their own. */
static gpointer
box_int64 (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

static gint64
unbox_int64 (gpointer boxed)
{
  gint64 value = boxed != NULL ? *(gint64 *) boxed : 0;

  g_free (boxed);
  return value;
}

static gboolean
add_note_work (CbzStore      *worker,
               gpointer       data,
               gpointer      *out_result,
               GCancellable  *cancellable,
               GError       **error)
{
  NoteJob *job = data;
  gint64 id = cbz_store_add_note (worker, job->id, job->text, error);

  *out_result = id > 0 ? box_int64 (id) : NULL;
  return id > 0;
}

void
cbz_store_add_note_async (CbzStore             *self,
                          gint64                debtor_id,
                          const char           *text,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, add_note_work, note_job_new (debtor_id, text), (GDestroyNotify) note_job_free,
                       g_free, cancellable, callback, user_data);
}

gint64
cbz_store_add_note_finish (CbzStore      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gpointer id = NULL;

  if (!cbz_store_run_finish (self, result, &id, error))
    return 0;
  return unbox_int64 (id);
}

static gboolean
remove_note_work (CbzStore      *worker,
                  gpointer       data,
                  gpointer      *out_result,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return cbz_store_remove_note (worker, ((NoteJob *) data)->id, error);
}

void
cbz_store_remove_note_async (CbzStore             *self,
                             gint64                event_id,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, remove_note_work, note_job_new (event_id, NULL),
                       (GDestroyNotify) note_job_free, NULL, cancellable, callback, user_data);
}

gboolean
cbz_store_remove_note_finish (CbzStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return cbz_store_run_finish (self, result, NULL, error);
}

static gboolean
set_reason_work (CbzStore      *worker,
                 gpointer       data,
                 gpointer      *out_result,
                 GCancellable  *cancellable,
                 GError       **error)
{
  NoteJob *job = data;
  gint64 id = cbz_store_set_nonpayment_reason (worker, job->id, job->reason, job->text, error);

  *out_result = id > 0 ? box_int64 (id) : NULL;
  return id > 0;
}

void
cbz_store_set_nonpayment_reason_async (CbzStore            *self,
                                       gint64               debtor_id,
                                       CbzNonpaymentReason  reason,
                                       const char          *note,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  NoteJob *job;

  g_return_if_fail (CBZ_IS_STORE (self));

  job = note_job_new (debtor_id, note);
  job->reason = reason;
  cbz_store_run_async (self, set_reason_work, job, (GDestroyNotify) note_job_free, g_free,
                       cancellable, callback, user_data);
}

gint64
cbz_store_set_nonpayment_reason_finish (CbzStore      *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  gpointer id = NULL;

  if (!cbz_store_run_finish (self, result, &id, error))
    return 0;
  return unbox_int64 (id);
}

static gboolean
get_reason_work (CbzStore      *worker,
                 gpointer       data,
                 gpointer      *out_result,
                 GCancellable  *cancellable,
                 GError       **error)
{
  *out_result = cbz_store_get_nonpayment_reason (worker, ((NoteJob *) data)->id, error);
  return *out_result != NULL;
}

void
cbz_store_get_nonpayment_reason_async (CbzStore            *self,
                                       gint64               debtor_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  cbz_store_run_async (self, get_reason_work, note_job_new (debtor_id, NULL),
                       (GDestroyNotify) note_job_free, (GDestroyNotify) cbz_reason_record_free,
                       cancellable, callback, user_data);
}

CbzReasonRecord *
cbz_store_get_nonpayment_reason_finish (CbzStore      *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  CbzReasonRecord *record = NULL;

  if (!cbz_store_run_finish (self, result, (gpointer *) &record, error))
    return NULL;
  return record;
}

static gboolean
opt_outs_work (CbzStore      *worker,
               gpointer       data,
               gpointer      *out_result,
               GCancellable  *cancellable,
               GError       **error)
{
  NoteJob *job = data;
  int n = cbz_store_record_opt_outs (worker, job->id, job->changes, job->n_changes, job->text, error);

  *out_result = n >= 0 ? box_int64 (n) : NULL;
  return n >= 0;
}

void
cbz_store_record_opt_outs_async (CbzStore               *self,
                                 gint64                  debtor_id,
                                 const CbzOptOutChange  *changes,
                                 gsize                   n_changes,
                                 const char             *evidence,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  NoteJob *job;

  g_return_if_fail (CBZ_IS_STORE (self));
  g_return_if_fail (changes != NULL || n_changes == 0);

  job = note_job_new (debtor_id, evidence);
  job->changes = g_memdup2 (changes, n_changes * sizeof (CbzOptOutChange));
  job->n_changes = n_changes;
  cbz_store_run_async (self, opt_outs_work, job, (GDestroyNotify) note_job_free, g_free,
                       cancellable, callback, user_data);
}

int
cbz_store_record_opt_outs_finish (CbzStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  gpointer n = NULL;

  if (!cbz_store_run_finish (self, result, &n, error))
    return -1;
  return (int) unbox_int64 (n);
}
