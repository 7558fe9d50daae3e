/* cbz-outbox-window-decisions.c: the person's decisions about one message
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resend (a held or failed message), Don't Resend (with a reason for the
 * timeline) and withdraw (a queued one). The questions are asked here; the
 * outbox records the answer on a worker connection of the store.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-outbox-window-private.h"

/* A decision holds its window until the answer comes; a window closed
 * meanwhile only lets go of it. */
typedef struct
{
  CbzOutboxWindow   *window;
  CbzOutboxDecision  decision;
} Decided;

static void
on_decided_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Decided *decided = user_data;
  g_autoptr(CbzOutboxWindow) self = decided->window;
  CbzOutboxDecision decision = decided->decision;
  g_autoptr(GError) error = NULL;

  g_free (decided);
  self->n_decisions--;
  if (!cbz_outbox_decide_finish (CBZ_OUTBOX (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
        return;
      _cbz_outbox_window_show_toast (self, error->message);
      _cbz_outbox_window_schedule_reload (self);
      return;
    }
  if (self->disposed)
    return;

  switch (decision)
    {
    case CBZ_OUTBOX_DECISION_RESEND:
      {
        AdwToast *toast = adw_toast_new (_("Queued again: it goes out with the next send"));

        adw_toast_set_button_label (toast, _("Send _Now"));
        adw_toast_set_action_name (toast, "outbox.send-queued");
        adw_toast_set_timeout (toast, 8);
        adw_toast_overlay_add_toast (self->toast_overlay, toast);
      }
      break;
    case CBZ_OUTBOX_DECISION_DONT_RESEND:
      _cbz_outbox_window_show_toast (self, _("Recorded as failed on the customer’s timeline"));
      break;
    case CBZ_OUTBOX_DECISION_CANCEL:
      _cbz_outbox_window_show_toast (self, _("Message withdrawn"));
      break;
    default:
      g_assert_not_reached ();
    }
  /* The store emitted ::changed before this: the main window's list and
   * timeline, and this window, are reading again already. */
}

static void
decide (CbzOutboxWindow   *self,
        CbzOutboxDecision  decision,
        gint64             id,
        const char        *reason)
{
  Decided *decided = g_new0 (Decided, 1);

  decided->window = g_object_ref (self);
  decided->decision = decision;
  self->n_decisions++;
  cbz_outbox_decide_async (self->outbox, decision, id, reason, self->cancellable, on_decided_cb, decided);
}

static gint64
dialog_message_id (AdwMessageDialog *dialog)
{
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "message-id");

  return id != NULL ? *id : 0;
}

static AdwMessageDialog *
new_decision_dialog (CbzOutboxWindow *self,
                     gint64           id,
                     const char      *heading,
                     const char      *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  g_object_set_data_full (G_OBJECT (dialog), "message-id", g_memdup2 (&id, sizeof id), g_free);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
on_resend_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CbzOutboxWindow  *self)
{
  if (g_strcmp0 (response, "resend") == 0)
    decide (self, CBZ_OUTBOX_DECISION_RESEND, dialog_message_id (dialog), NULL);
}

static void
resend_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(CbzOutboxItem) item = _cbz_outbox_window_find_item (self, id);
  const CbzOutboxMessage *message = item != NULL ? cbz_outbox_item_get_message (item) : NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (message != NULL && message->state == CBZ_OUTBOX_STATE_FAILED)
    body = g_strdup_printf (_("The message to %s (%s) failed: %s\n\n"
                              "It will be queued again and go out with the next send."),
                            cbz_outbox_item_get_customer_name (item), message->recipient,
                            message->last_error != NULL ? message->last_error : _("no reason given"));
  else if (message != NULL)
    body = g_strdup_printf (_("Cobranza stopped while sending this message to %s (%s), and the "
                              "provider cannot tell whether it went out. If it did, the customer "
                              "will receive it twice.\n\n"
                              "Check with the customer or in the provider’s log before resending."),
                            cbz_outbox_item_get_customer_name (item), message->recipient);
  else
    body = g_strdup (_("If the message already went out, the customer will receive it twice."));

  dialog = new_decision_dialog (self, id, _("Resend This Message?"), body);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "resend", _("_Resend"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "resend", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_resend_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_dont_resend_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            CbzOutboxWindow  *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *reason = NULL;

  if (g_strcmp0 (response, "dont-resend") != 0)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  decide (self, CBZ_OUTBOX_DECISION_DONT_RESEND, dialog_message_id (dialog), *reason != '\0' ? reason : NULL);
}

static void
on_reason_activated_cb (GtkEntry         *entry,
                        AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "dont-resend");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
dont_resend_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(CbzOutboxItem) item = _cbz_outbox_window_find_item (self, id);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (item != NULL)
    body = g_strdup_printf (_("The message to %s (%s) will be recorded as failed on the "
                              "customer’s timeline, with the reason below. It stays in the "
                              "Needs Attention list, where it can still be resent."),
                            cbz_outbox_item_get_customer_name (item),
                            cbz_outbox_item_get_message (item)->recipient);
  else
    body = g_strdup (_("The message will be recorded as failed on the customer’s timeline, with the reason below."));

  dialog = new_decision_dialog (self, id, _("Don’t Resend This Message?"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. the customer confirmed receiving it"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_reason_activated_cb), dialog, 0);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "dont-resend", _("_Don’t Resend"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "dont-resend", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dont_resend_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  /* A queued reminder is not out yet: withdrawing it needs no warning. */
  decide (CBZ_OUTBOX_WINDOW (widget), CBZ_OUTBOX_DECISION_CANCEL, g_variant_get_int64 (parameter), NULL);
}

void
_cbz_outbox_window_class_init_decisions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "outbox.resend", "x", resend_action_cb);
  gtk_widget_class_install_action (widget_class, "outbox.dont-resend", "x", dont_resend_action_cb);
  gtk_widget_class_install_action (widget_class, "outbox.cancel", "x", cancel_action_cb);
}
