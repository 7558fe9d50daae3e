/* cbz-dispute-status.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-clock.h"
#include "cbz-date.h"
#include "cbz-dispute-resolve-dialog.h"
#include "cbz-dispute-status.h"
#include "cbz-money.h"
#include "cbz-store-disputes.h"
#include "cbz-ui-format.h"
#include "cbz-window.h"

/* A customer has a handful of open disputes at most: the rows are built
 * for each reading rather than kept in a list model. */
struct _CbzDisputeStatus
{
  AdwBin        parent_instance;

  CbzStore     *store;
  gint64        debtor_id;
  GCancellable *cancellable;   /* the reading under way */
  GPtrArray    *disputes;      /* (element-type CbzDispute) shown */

  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (CbzDisputeStatus, cbz_dispute_status, ADW_TYPE_BIN)

static void reload (CbzDisputeStatus *self);

static void
on_resolved_cb (CbzDisputeResolveDialog *dialog,
                CbzDispute              *dispute,
                CbzDisputeStatus        *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *text = NULL;

  if (!CBZ_IS_WINDOW (root))
    return;
  if (dispute->resolution == CBZ_DISPUTE_RESOLUTION_REJECTED)
    /* Translators: %s is an invoice number */
    text = g_strdup_printf (_("Dispute rejected: invoice %s is chased again"), dispute->invoice_number);
  else
    /* Translators: %s is an invoice number */
    text = g_strdup_printf (_("Dispute upheld: invoice %s is updated"), dispute->invoice_number);
  cbz_window_add_toast (CBZ_WINDOW (root), adw_toast_new (text));
}

static void
on_resolve_clicked_cb (GtkButton        *button,
                       CbzDisputeStatus *self)
{
  CbzDispute *dispute = g_object_get_data (G_OBJECT (button), "dispute");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CbzDisputeResolveDialog *dialog;

  if (dispute == NULL || self->store == NULL)
    return;
  dialog = cbz_dispute_resolve_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, dispute);
  g_signal_connect_object (dialog, "resolved", G_CALLBACK (on_resolved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_row (CbzDisputeStatus *self,
          CbzDispute       *dispute)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Resolve…"));
  g_autofree char *balance = cbz_money_format (cbz_money_init (dispute->invoice_balance, dispute->currency), NULL);
  g_autoptr(GDateTime) opened = cbz_date_time_new_from_usec_utc (dispute->opened_at);
  g_autoptr(GDateTime) local = g_date_time_to_local (opened);
  g_autofree char *since = cbz_date_format_short (cbz_date_from_date_time (local), NULL);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *spoken = NULL;

  /* Translators: first %s is an invoice number, second a reason such as "Wrong amount" */
  title = g_strdup_printf (_("Invoice %s disputed: %s"), dispute->invoice_number,
                           cbz_dispute_reason_get_label (dispute->reason));
  /* Translators: what the invoice owes and the day the dispute was opened */
  subtitle = g_strdup_printf (_("%s owed, not chased · since %s"), balance, since);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-warning-symbolic");
  if (dispute->note != NULL)
    gtk_widget_set_tooltip_text (row, dispute->note);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: %s is an invoice number */
  spoken = g_strdup_printf (_("Resolve the dispute over invoice %s"), dispute->invoice_number);
  gtk_widget_set_tooltip_text (button, spoken);
  g_object_set_data_full (G_OBJECT (button), "dispute", cbz_dispute_ref (dispute), (GDestroyNotify) cbz_dispute_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_resolve_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_disputes (CbzDisputeStatus *self,
               GPtrArray        *disputes)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->disputes, g_ptr_array_unref);
  self->disputes = disputes != NULL ? g_ptr_array_ref (disputes) : NULL;
  if (disputes != NULL)
    for (guint i = 0; i < disputes->len; i++)
      gtk_list_box_append (self->list, make_row (self, disputes->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self), disputes != NULL && disputes->len > 0);
}

static void
disputes_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CbzDisputeStatus) self = user_data;
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(GError) error = NULL;

  disputes = cbz_store_list_disputes_finish (CBZ_STORE (source), result, &error);
  if (disputes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the customer’s disputes: %s", error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  show_disputes (self, disputes);
}

static void
reload (CbzDisputeStatus *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL || self->debtor_id <= 0)
    {
      show_disputes (self, NULL);
      return;
    }
  self->cancellable = g_cancellable_new ();
  cbz_store_list_disputes_async (self->store, self->debtor_id, TRUE, self->cancellable, disputes_read_cb,
                                 g_object_ref (self));
}

static void
cbz_dispute_status_dispose (GObject *object)
{
  CbzDisputeStatus *self = CBZ_DISPUTE_STATUS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->disputes, g_ptr_array_unref);
  /* AdwBin unparents its child itself: give it up first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_DISPUTE_STATUS);

  G_OBJECT_CLASS (cbz_dispute_status_parent_class)->dispose (object);
}

static void
cbz_dispute_status_class_init (CbzDisputeStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_dispute_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-dispute-status.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeStatus, list);
}

static void
cbz_dispute_status_init (CbzDisputeStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open disputes"), -1);
}

GtkWidget *
cbz_dispute_status_new (void)
{
  return g_object_new (CBZ_TYPE_DISPUTE_STATUS, NULL);
}

void
cbz_dispute_status_show (CbzDisputeStatus *self,
                         CbzStore         *store,
                         gint64            debtor_id)
{
  g_return_if_fail (CBZ_IS_DISPUTE_STATUS (self));
  g_return_if_fail (store == NULL || CBZ_IS_STORE (store));

  if (self->store != store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
    }
  if (self->debtor_id != debtor_id)
    {
      self->debtor_id = debtor_id;
      /* Another customer's disputes never show under this one's name. */
      show_disputes (self, NULL);
    }
  reload (self);
}

guint
cbz_dispute_status_get_n_open (CbzDisputeStatus *self)
{
  g_return_val_if_fail (CBZ_IS_DISPUTE_STATUS (self), 0);

  return self->disputes != NULL ? self->disputes->len : 0;
}
