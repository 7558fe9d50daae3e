/* cbz-store-notes.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"
#include "payments/cbz-nonpayment-reason.h"

G_BEGIN_DECLS

/*
 * What a collector learns about a customer and writes down: notes, the
 * reason they have not paid, and their requests to stop (or start again)
 * being contacted on a channel. Each is one transaction with its event,
 * recorded by the person at this computer.
 */

/* A 'note' event (internal) whose body is @text (not empty). Returns the
 * event's id, 0 with @error set. */
gint64     cbz_store_add_note                 (CbzStore              *self,
                                               gint64                 debtor_id,
                                               const char            *text,
                                               GError               **error);
/* Takes back a note added by mistake (the toast's Undo). */
gboolean   cbz_store_remove_note              (CbzStore              *self,
                                               gint64                 event_id,
                                               GError               **error);

/* Keeps @reason in debtors.nonpayment_reason (the latest one counts) and
 * adds a 'reason' event {"reason": nick} with @note (nullable) as its body.
 * Returns the event's id, 0 with @error set. */
gint64     cbz_store_set_nonpayment_reason    (CbzStore              *self,
                                               gint64                 debtor_id,
                                               CbzNonpaymentReason    reason,
                                               const char            *note,
                                               GError               **error);

/* The customer's reason for non-payment, as the page shows it. */
typedef struct
{
  gboolean             known;        /* FALSE: nobody recorded one */
  CbzNonpaymentReason  reason;
  gint64               recorded_at;  /* when it was recorded (its event), µs; 0 when unknown */
  char                *recorded_by;  /* nullable */
} CbzReasonRecord;

void       cbz_reason_record_free             (CbzReasonRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzReasonRecord, cbz_reason_record_free)

/* (transfer full): the customer's reason, or NULL with @error set. */
CbzReasonRecord *cbz_store_get_nonpayment_reason (CbzStore           *self,
                                                  gint64              debtor_id,
                                                  GError            **error);

/* One channel's change in an opt-out request. */
typedef struct
{
  CbzEventChannel  channel;  /* SMS, WhatsApp, email, letter or phone */
  gboolean         opt_out;  /* TRUE: stop; FALSE: contact again */
} CbzOptOutChange;

/* Records the customer's request for every channel in @changes, with
 * @evidence (how they asked: required), in one transaction: one 'opt-out'
 * event per channel whose state changes (channels already as asked are
 * left alone). Returns how many channels changed, -1 with @error set. */
int        cbz_store_record_opt_outs          (CbzStore              *self,
                                               gint64                 debtor_id,
                                               const CbzOptOutChange *changes,
                                               gsize                  n_changes,
                                               const char            *evidence,
                                               GError               **error);

/* The same on the store's worker connections. */
void       cbz_store_add_note_async           (CbzStore              *self,
                                               gint64                 debtor_id,
                                               const char            *text,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gint64     cbz_store_add_note_finish          (CbzStore              *self,
                                               GAsyncResult          *result,
                                               GError               **error);
void       cbz_store_remove_note_async        (CbzStore              *self,
                                               gint64                 event_id,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean   cbz_store_remove_note_finish       (CbzStore              *self,
                                               GAsyncResult          *result,
                                               GError               **error);
void       cbz_store_set_nonpayment_reason_async  (CbzStore           *self,
                                                   gint64              debtor_id,
                                                   CbzNonpaymentReason reason,
                                                   const char         *note,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gint64     cbz_store_set_nonpayment_reason_finish (CbzStore           *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);
void       cbz_store_get_nonpayment_reason_async  (CbzStore           *self,
                                                   gint64              debtor_id,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
CbzReasonRecord *cbz_store_get_nonpayment_reason_finish (CbzStore     *self,
                                                         GAsyncResult *result,
                                                         GError      **error);
void       cbz_store_record_opt_outs_async    (CbzStore              *self,
                                               gint64                 debtor_id,
                                               const CbzOptOutChange *changes,
                                               gsize                  n_changes,
                                               const char            *evidence,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
int        cbz_store_record_opt_outs_finish   (CbzStore              *self,
                                               GAsyncResult          *result,
                                               GError               **error);

G_END_DECLS
