/* cbz-call-actions-records.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-call-actions-private.h"
#include "cbz-dispute-dialog.h"
#include "cbz-note-dialog.h"
#include "cbz-opt-out-dialog.h"
#include "cbz-reason-dialog.h"
#include "cbz-store-disputes.h"
#include "cbz-store-notes.h"

/* Disputes, notes, reasons for non-payment and opt-outs on the customer
 * page (see cbz-call-actions.h). */

typedef struct
{
  CbzStore       *store;
  gint64          id;
  CbzCallActions *self;   /* weak */
} Taken;

static Taken *
taken_new (CbzCallActions *self,
           CbzStore       *store,
           gint64          id)
{
  Taken *taken = g_new0 (Taken, 1);

  taken->store = g_object_ref (store);
  taken->id = id;
  g_set_weak_pointer (&taken->self, self);
  return taken;
}

static void
taken_free (Taken *taken)
{
  g_clear_object (&taken->store);
  g_clear_weak_pointer (&taken->self);
  g_free (taken);
}

static CbzStore *
get_store (CbzCallActions *self)
{
  return self->detail != NULL ? cbz_debtor_detail_get_store (self->detail) : NULL;
}

static CbzDebtor *
get_debtor (CbzCallActions *self)
{
  return self->detail != NULL ? cbz_debtor_detail_get_debtor (self->detail) : NULL;
}

/* Disputes */

static void
dispute_undone_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CbzCallActions) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cbz_store_undo_dispute_finish (CBZ_STORE (source), result, &error))
    _cbz_call_actions_toast (self, error->message, NULL, NULL, NULL);
  else
    _cbz_call_actions_toast (self, _("Dispute taken back"), NULL, NULL, NULL);
}

static void
undo_dispute (gpointer data)
{
  Taken *taken = data;

  if (taken->self == NULL)
    return;
  cbz_store_undo_dispute_async (taken->store, taken->id, NULL, dispute_undone_cb, g_object_ref (taken->self));
}

static void
on_dispute_opened_cb (CbzDisputeDialog *dialog,
                      CbzDispute       *dispute,
                      CbzCallActions   *self)
{
  CbzStore *store = get_store (self);
  g_autofree char *text = NULL;

  if (store == NULL)
    return;
  /* Translators: %s is an invoice number */
  text = g_strdup_printf (_("Invoice %s disputed: it is not chased until the dispute is resolved"),
                          dispute->invoice_number);
  _cbz_call_actions_toast (self, text, undo_dispute, taken_new (self, store, dispute->id),
                           (GDestroyNotify) taken_free);
}

void
_cbz_call_actions_open_dispute (CbzCallActions *self,
                                const char     *note)
{
  CbzStore *store = get_store (self);
  CbzDebtor *debtor = get_debtor (self);
  CbzDisputeDialog *dialog;

  if (store == NULL || debtor == NULL)
    return;
  dialog = cbz_dispute_dialog_new (_cbz_call_actions_get_window (self), store, debtor->id);
  cbz_dispute_dialog_set_customer (dialog, debtor);
  cbz_dispute_dialog_set_note (dialog, note);
  g_signal_connect_object (dialog, "opened", G_CALLBACK (on_dispute_opened_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dispute_activated_cb (GSimpleAction  *action,
                      GVariant       *parameter,
                      CbzCallActions *self)
{
  _cbz_call_actions_open_dispute (self, NULL);
}

/* Notes */

static void
note_removed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzCallActions) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cbz_store_remove_note_finish (CBZ_STORE (source), result, &error))
    _cbz_call_actions_toast (self, error->message, NULL, NULL, NULL);
}

static void
undo_note (gpointer data)
{
  Taken *taken = data;

  if (taken->self == NULL)
    return;
  cbz_store_remove_note_async (taken->store, taken->id, NULL, note_removed_cb, g_object_ref (taken->self));
}

static void
on_note_added_cb (CbzNoteDialog  *dialog,
                  gint64          event_id,
                  CbzCallActions *self)
{
  CbzStore *store = get_store (self);

  if (store == NULL)
    return;
  _cbz_call_actions_toast (self, _("Note added to the timeline"), undo_note, taken_new (self, store, event_id),
                           (GDestroyNotify) taken_free);
}

static void
note_activated_cb (GSimpleAction  *action,
                   GVariant       *parameter,
                   CbzCallActions *self)
{
  CbzStore *store = get_store (self);
  CbzDebtor *debtor = get_debtor (self);
  CbzNoteDialog *dialog;

  if (store == NULL || debtor == NULL)
    return;
  dialog = cbz_note_dialog_new (_cbz_call_actions_get_window (self), store, debtor->id);
  cbz_note_dialog_set_customer (dialog, debtor);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_note_added_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Reasons */

static void
on_reason_recorded_cb (CbzReasonDialog *dialog,
                       gint64           event_id,
                       CbzCallActions  *self)
{
  _cbz_call_actions_toast (self, _("Reason for non-payment recorded"), NULL, NULL, NULL);
}

static void
reason_activated_cb (GSimpleAction  *action,
                     GVariant       *parameter,
                     CbzCallActions *self)
{
  CbzStore *store = get_store (self);
  CbzDebtor *debtor = get_debtor (self);
  CbzReasonDialog *dialog;

  if (store == NULL || debtor == NULL)
    return;
  dialog = cbz_reason_dialog_new (_cbz_call_actions_get_window (self), store, debtor->id);
  cbz_reason_dialog_set_customer (dialog, debtor);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (on_reason_recorded_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opt-outs */

static void
on_opt_outs_recorded_cb (CbzOptOutDialog *dialog,
                         int              n_changed,
                         CbzCallActions  *self)
{
  g_autofree char *text = NULL;

  if (n_changed == 0)
    return;
  text = g_strdup_printf (g_dngettext (NULL, "%d channel changed; it is on the timeline",
                                       "%d channels changed; each is on the timeline", n_changed),
                          n_changed);
  _cbz_call_actions_toast (self, text, NULL, NULL, NULL);
}

static void
opt_out_activated_cb (GSimpleAction  *action,
                      GVariant       *parameter,
                      CbzCallActions *self)
{
  CbzStore *store = get_store (self);
  CbzDebtor *debtor = get_debtor (self);
  CbzOptOutDialog *dialog;

  if (store == NULL || debtor == NULL)
    return;
  dialog = cbz_opt_out_dialog_new (_cbz_call_actions_get_window (self), store, debtor);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (on_opt_outs_recorded_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (CbzCallActions     *self,
            GSimpleActionGroup *group,
            const char         *prefix,
            const char         *name,
            GCallback           activated)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, NULL);

  g_signal_connect_object (action, "activate", activated, self, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (self->detail), prefix, G_ACTION_GROUP (group));
}

void
_cbz_call_actions_add_records (CbzCallActions *self)
{
  add_action (self, self->note_group, "note", "add", G_CALLBACK (note_activated_cb));
  add_action (self, self->dispute_group, "dispute", "open", G_CALLBACK (dispute_activated_cb));
  add_action (self, self->reason_group, "reason", "record", G_CALLBACK (reason_activated_cb));
  add_action (self, self->opt_out_group, "opt-out", "edit", G_CALLBACK (opt_out_activated_cb));

  cbz_debtor_detail_add_record_item (self->detail, CBZ_DEBTOR_DETAIL_RECORD_CONTACT, _("Add _Note…"), "note.add");
  cbz_debtor_detail_add_record_item (self->detail, CBZ_DEBTOR_DETAIL_RECORD_INVOICE, _("_Dispute an Invoice…"),
                                     "dispute.open");
  cbz_debtor_detail_add_record_item (self->detail, CBZ_DEBTOR_DETAIL_RECORD_CUSTOMER,
                                     _("Reason for _Non-payment…"), "reason.record");
  cbz_debtor_detail_add_record_item (self->detail, CBZ_DEBTOR_DETAIL_RECORD_CUSTOMER, _("C_hannels…"),
                                     "opt-out.edit");
}
