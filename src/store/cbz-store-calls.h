/* cbz-store-calls.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"
#include "cbz-task.h"
#include "payments/cbz-call-outcome.h"

G_BEGIN_DECLS

/*
 * Calls to customers, as a collector logs them, and the tasks they leave.
 *
 * Logging a call, in one transaction:
 * - a 'call' event (phone, outbound, recorded by the person at this
 *   computer) whose summary says the outcome, whose body is the note, and
 *   whose data is {"outcome", "follow_up", "task_id", "completed_tasks"};
 * - the customer's open tasks due on or before the call's day (the
 *   customer's local date) are done by that call: a call back, a follow-up
 *   or a cadence's call step all ask for one;
 * - with a follow-up date (on or after the call's day), a task: "call back"
 *   when the customer asked for it, else "follow up", with the note, whose
 *   source is the call;
 * - the customer's summary (last contact).
 *
 * Days are the customer's own: their time zone (debtors.time_zone), else
 * the zone of their country and region, else this computer's.
 */

typedef struct
{
  gint64   event_id;         /* the 'call' event */
  gint64   task_id;          /* the follow-up task, or 0 */
  GArray  *completed_tasks;  /* (element-type gint64) the tasks the call did */
} CbzCallLogged;

#define CBZ_TYPE_CALL_LOGGED (cbz_call_logged_get_type ())
GType          cbz_call_logged_get_type      (void) G_GNUC_CONST;
CbzCallLogged *cbz_call_logged_copy          (const CbzCallLogged *logged);
void           cbz_call_logged_free          (CbzCallLogged       *logged);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCallLogged, cbz_call_logged_free)

/* Logs a call to @debtor_id (see above). @note may be NULL or empty;
 * @follow_up may be NULL or unset for none. Refuses (CBZ_STORE_ERROR_INVALID,
 * nothing written) a follow-up date before the customer's today.
 * (transfer full): what was written, or NULL with @error set. */
CbzCallLogged *cbz_store_log_call            (CbzStore             *self,
                                              gint64                debtor_id,
                                              CbzCallOutcome        outcome,
                                              const char           *note,
                                              const CbzDate        *follow_up,
                                              GError              **error);
/* The same on one of the store's worker connections. */
void           cbz_store_log_call_async      (CbzStore             *self,
                                              gint64                debtor_id,
                                              CbzCallOutcome        outcome,
                                              const char           *note,
                                              const CbzDate        *follow_up,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
CbzCallLogged *cbz_store_log_call_finish     (CbzStore             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Takes back a call logged by mistake (the toast's Undo): removes its event
 * and the follow-up task it added, and opens again the tasks it did, in one
 * transaction. Refused when the follow-up task was done since. */
gboolean       cbz_store_undo_call           (CbzStore             *self,
                                              gint64                event_id,
                                              GError              **error);
void           cbz_store_undo_call_async     (CbzStore             *self,
                                              gint64                event_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       cbz_store_undo_call_finish    (CbzStore             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* The customer's today (their local date now, see above). */
gboolean       cbz_store_get_customer_today  (CbzStore             *self,
                                              gint64                debtor_id,
                                              CbzDate              *out_today,
                                              GError              **error);

/* What the call form shows before a call is logged. */
typedef struct
{
  CbzDate    today;      /* the customer's */
  char      *currency;   /* the customer's */
  gint64     overdue;    /* overdue and undisputed, in @currency (a promise's default) */
  GPtrArray *due_tasks;  /* (element-type CbzTask) open tasks a call now would do */
} CbzCallContext;

void            cbz_call_context_free         (CbzCallContext *context);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCallContext, cbz_call_context_free)

/* (transfer full): the context of a call to @debtor_id now, or NULL with
 * @error set. */
CbzCallContext *cbz_store_get_call_context    (CbzStore           *self,
                                               gint64              debtor_id,
                                               GError            **error);
void            cbz_store_get_call_context_async  (CbzStore            *self,
                                                   gint64               debtor_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CbzCallContext *cbz_store_get_call_context_finish (CbzStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* cbz_store_list_open_tasks (@debtor_id, any date) on a worker connection:
 * (transfer full) (element-type CbzTask). */
void           cbz_store_list_open_tasks_async  (CbzStore           *self,
                                                 gint64              debtor_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
GPtrArray     *cbz_store_list_open_tasks_finish (CbzStore           *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);
/* Marks a task done by hand ("Done" on the customer page): no event does
 * it. Refreshes nothing else. */
void           cbz_store_complete_task_async    (CbzStore           *self,
                                                 gint64              task_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean       cbz_store_complete_task_finish   (CbzStore           *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

G_END_DECLS
