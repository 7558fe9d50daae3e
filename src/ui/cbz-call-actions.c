/* cbz-call-actions.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-call-actions-private.h"
#include "cbz-call-dialog.h"
#include "cbz-call-tasks.h"
#include "cbz-dispute-status.h"
#include "cbz-reason-status.h"
#include "cbz-store-calls.h"
#include "cbz-window.h"

#define DATA_KEY "cbz-call-actions"

enum {
  PROMISE_REQUESTED,
  PAYMENT_REQUESTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzCallActions, cbz_call_actions, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

GtkWindow *
_cbz_call_actions_get_window (CbzCallActions *self)
{
  GtkRoot *root;

  if (self->detail == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self->detail));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

typedef struct
{
  CbzCallActionsUndo  undo;
  gpointer            data;
  GDestroyNotify      data_free;
} Undo;

static void
undo_free (Undo *undo)
{
  if (undo->data_free != NULL)
    undo->data_free (undo->data);
  g_free (undo);
}

static void
on_undo_clicked_cb (AdwToast *toast,
                    Undo     *undo)
{
  undo->undo (undo->data);
}

void
_cbz_call_actions_toast (CbzCallActions     *self,
                         const char         *text,
                         CbzCallActionsUndo  undo,
                         gpointer            data,
                         GDestroyNotify      data_free)
{
  GtkWindow *window = _cbz_call_actions_get_window (self);
  AdwToast *toast;

  if (!CBZ_IS_WINDOW (window))
    {
      if (data_free != NULL)
        data_free (data);
      return;
    }
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 8);
  if (undo != NULL)
    {
      Undo *pending = g_new0 (Undo, 1);

      pending->undo = undo;
      pending->data = data;
      pending->data_free = data_free;
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), pending,
                             (GClosureNotify) (void (*) (void)) undo_free, 0);
    }
  else if (data_free != NULL)
    data_free (data);
  cbz_window_add_toast (CBZ_WINDOW (window), toast);
}

/* Undo of a toast: the store and the row to take back. */
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

static void
call_undone_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CbzCallActions) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cbz_store_undo_call_finish (CBZ_STORE (source), result, &error))
    _cbz_call_actions_toast (self, error->message, NULL, NULL, NULL);
  else
    _cbz_call_actions_toast (self, _("Call taken back"), NULL, NULL, NULL);
}

static void
undo_call (gpointer data)
{
  Taken *taken = data;

  if (taken->self == NULL)
    return;
  cbz_store_undo_call_async (taken->store, taken->id, NULL, call_undone_cb, g_object_ref (taken->self));
}

static void
on_call_logged_cb (CbzCallDialog  *dialog,
                   gint64          event_id,
                   CbzCallActions *self)
{
  CbzStore *store = self->detail != NULL ? cbz_debtor_detail_get_store (self->detail) : NULL;

  if (store == NULL)
    return;
  _cbz_call_actions_toast (self, _("Call logged on the timeline"), undo_call,
                           taken_new (self, store, event_id), (GDestroyNotify) taken_free);
}

static void
on_promise_requested_cb (CbzCallDialog  *dialog,
                         gint64          debtor_id,
                         const char     *date,
                         gint64          amount,
                         const char     *currency,
                         CbzCallActions *self)
{
  g_signal_emit (self, signals[PROMISE_REQUESTED], 0, debtor_id, date, amount, currency);
}

static void
on_payment_requested_cb (CbzCallDialog  *dialog,
                         gint64          debtor_id,
                         CbzCallActions *self)
{
  g_signal_emit (self, signals[PAYMENT_REQUESTED], 0, debtor_id);
}

/* The call's note says what the customer disputes: it starts the dispute's. */
static void
on_dispute_requested_cb (CbzCallDialog  *dialog,
                         gint64          debtor_id,
                         CbzCallActions *self)
{
  if (self->detail != NULL && cbz_debtor_detail_get_debtor_id (self->detail) == debtor_id)
    _cbz_call_actions_open_dispute (self, cbz_call_dialog_get_note (dialog));
}

static void
log_call_activated_cb (GSimpleAction  *action,
                       GVariant       *parameter,
                       CbzCallActions *self)
{
  CbzStore *store;
  CbzDebtor *debtor;
  CbzCallDialog *dialog;

  if (self->detail == NULL || (store = cbz_debtor_detail_get_store (self->detail)) == NULL ||
      (debtor = cbz_debtor_detail_get_debtor (self->detail)) == NULL)
    return;

  dialog = cbz_call_dialog_new (_cbz_call_actions_get_window (self), store, debtor->id);
  cbz_call_dialog_set_customer (dialog, debtor);
  g_signal_connect_object (dialog, "logged", G_CALLBACK (on_call_logged_cb), self, 0);
  g_signal_connect_object (dialog, "promise-requested", G_CALLBACK (on_promise_requested_cb), self, 0);
  g_signal_connect_object (dialog, "payment-requested", G_CALLBACK (on_payment_requested_cb), self, 0);
  g_signal_connect_object (dialog, "dispute-requested", G_CALLBACK (on_dispute_requested_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The page shows another customer (or none), or got its store. */
static void
on_detail_changed_cb (CbzCallActions *self)
{
  CbzStore *store;
  gint64 debtor_id;
  gboolean enabled;
  GSimpleActionGroup *groups[] = {
    self->call_group, self->note_group, self->dispute_group, self->reason_group, self->opt_out_group,
  };

  if (self->detail == NULL)
    return;
  store = cbz_debtor_detail_get_store (self->detail);
  debtor_id = cbz_debtor_detail_get_debtor_id (self->detail);
  enabled = store != NULL && debtor_id > 0;
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_auto(GStrv) names = g_action_group_list_actions (G_ACTION_GROUP (groups[i]));

      for (guint j = 0; names[j] != NULL; j++)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (groups[i]),
                                                                                  names[j])),
                                     enabled);
    }
  cbz_call_tasks_show (CBZ_CALL_TASKS (self->tasks), store, debtor_id);
  cbz_dispute_status_show (CBZ_DISPUTE_STATUS (self->disputes), store, debtor_id);
  cbz_reason_status_show (CBZ_REASON_STATUS (self->reason), store, debtor_id);
}

static void
cbz_call_actions_dispose (GObject *object)
{
  CbzCallActions *self = CBZ_CALL_ACTIONS (object);

  g_clear_weak_pointer (&self->detail);
  g_clear_object (&self->call_group);
  g_clear_object (&self->note_group);
  g_clear_object (&self->dispute_group);
  g_clear_object (&self->reason_group);
  g_clear_object (&self->opt_out_group);

  G_OBJECT_CLASS (cbz_call_actions_parent_class)->dispose (object);
}

static void
cbz_call_actions_class_init (CbzCallActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cbz_call_actions_dispose;

  signals[PROMISE_REQUESTED] =
    g_signal_new ("promise-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING);
  signals[PAYMENT_REQUESTED] =
    g_signal_new ("payment-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
cbz_call_actions_init (CbzCallActions *self)
{
  self->call_group = g_simple_action_group_new ();
  self->note_group = g_simple_action_group_new ();
  self->dispute_group = g_simple_action_group_new ();
  self->reason_group = g_simple_action_group_new ();
  self->opt_out_group = g_simple_action_group_new ();
}

CbzCallActions *
cbz_call_actions_add_to_detail (CbzDebtorDetail *detail)
{
  CbzCallActions *self;
  g_autoptr(GSimpleAction) log = g_simple_action_new ("log", NULL);
  GtkWidget *button;

  g_return_val_if_fail (CBZ_IS_DEBTOR_DETAIL (detail), NULL);

  self = g_object_new (CBZ_TYPE_CALL_ACTIONS, NULL);
  g_set_weak_pointer (&self->detail, detail);
  g_object_set_data_full (G_OBJECT (detail), DATA_KEY, self, g_object_unref);

  g_signal_connect_object (log, "activate", G_CALLBACK (log_call_activated_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->call_group), G_ACTION (log));
  gtk_widget_insert_action_group (GTK_WIDGET (detail), "call", G_ACTION_GROUP (self->call_group));

  /* An icon: the page's action row does not wrap, and a narrow window must
   * still hold every button. The tooltip and the accessible name say it. */
  button = gtk_button_new_from_icon_name ("call-start-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "call.log");
  gtk_widget_set_tooltip_text (button, _("Log Call: how a call to the customer went, and when to call again"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Log Call"), -1);
  cbz_debtor_detail_add_action_widget (detail, button);
  cbz_debtor_detail_add_record_item (detail, CBZ_DEBTOR_DETAIL_RECORD_CONTACT, _("Log _Call…"), "call.log");

  _cbz_call_actions_add_records (self);

  self->tasks = cbz_call_tasks_new ();
  self->disputes = cbz_dispute_status_new ();
  self->reason = cbz_reason_status_new ();
  cbz_debtor_detail_add_status_widget (detail, self->tasks);
  cbz_debtor_detail_add_status_widget (detail, self->disputes);
  cbz_debtor_detail_add_status_widget (detail, self->reason);

  g_signal_connect_object (detail, "notify::debtor-id", G_CALLBACK (on_detail_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (detail, "notify::store", G_CALLBACK (on_detail_changed_cb), self, G_CONNECT_SWAPPED);
  on_detail_changed_cb (self);
  return self;
}

CbzCallActions *
cbz_call_actions_get_for_detail (CbzDebtorDetail *detail)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_DETAIL (detail), NULL);

  return g_object_get_data (G_OBJECT (detail), DATA_KEY);
}

GtkWidget *
cbz_call_actions_get_tasks (CbzCallActions *self)
{
  g_return_val_if_fail (CBZ_IS_CALL_ACTIONS (self), NULL);

  return self->tasks;
}

GtkWidget *
cbz_call_actions_get_disputes (CbzCallActions *self)
{
  g_return_val_if_fail (CBZ_IS_CALL_ACTIONS (self), NULL);

  return self->disputes;
}

GtkWidget *
cbz_call_actions_get_reason (CbzCallActions *self)
{
  g_return_val_if_fail (CBZ_IS_CALL_ACTIONS (self), NULL);

  return self->reason;
}
