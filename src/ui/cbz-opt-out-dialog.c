/* cbz-opt-out-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-opt-out-dialog.h"
#include "cbz-store-notes.h"

static const CbzEventChannel channels[] = {
  CBZ_EVENT_CHANNEL_SMS, CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_EVENT_CHANNEL_EMAIL,
  CBZ_EVENT_CHANNEL_LETTER, CBZ_EVENT_CHANNEL_PHONE,
};
#define N_CHANNELS G_N_ELEMENTS (channels)

struct _CbzOptOutDialog
{
  AdwWindow        parent_instance;

  CbzStore        *store;
  gint64           debtor_id;
  gboolean         opted_out[N_CHANNELS];   /* as stored when the form opened */
  GCancellable    *cancellable;
  gboolean         busy;

  AdwWindowTitle  *window_title;
  AdwActionRow    *sms_row;
  AdwActionRow    *whatsapp_row;
  AdwActionRow    *email_row;
  AdwActionRow    *letter_row;
  AdwActionRow    *phone_row;
  GtkSwitch       *sms_switch;
  GtkSwitch       *whatsapp_switch;
  GtkSwitch       *email_switch;
  GtkSwitch       *letter_switch;
  GtkSwitch       *phone_switch;
  AdwEntryRow     *evidence_row;
  GtkLabel        *error_label;
  GtkButton       *save_button;
};

enum {
  RECORDED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzOptOutDialog, cbz_opt_out_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static GtkSwitch *
get_switch (CbzOptOutDialog *self,
            guint            i)
{
  GtkSwitch *switches[N_CHANNELS] = {
    self->sms_switch, self->whatsapp_switch, self->email_switch, self->letter_switch, self->phone_switch,
  };

  return switches[i];
}

static AdwActionRow *
get_row (CbzOptOutDialog *self,
         guint            i)
{
  AdwActionRow *rows[N_CHANNELS] = {
    self->sms_row, self->whatsapp_row, self->email_row, self->letter_row, self->phone_row,
  };

  return rows[i];
}

/* The changes the switches ask for, against what was stored. */
static GArray *
collect_changes (CbzOptOutDialog *self)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (CbzOptOutChange));

  for (guint i = 0; i < N_CHANNELS; i++)
    {
      gboolean opt_out = !gtk_switch_get_active (get_switch (self, i));

      if (opt_out != self->opted_out[i])
        {
          CbzOptOutChange change = { channels[i], opt_out };

          g_array_append_val (changes, change);
        }
    }
  return changes;
}

static void
on_switch_changed_cb (CbzOptOutDialog *self)
{
  g_autoptr(GArray) changes = collect_changes (self);
  const char *evidence = gtk_editable_get_text (GTK_EDITABLE (self->evidence_row));

  for (guint i = 0; i < N_CHANNELS; i++)
    {
      gboolean accepts = gtk_switch_get_active (get_switch (self, i));
      const char *state;

      if (accepts)
        state = self->opted_out[i] ? _("Will be allowed again") : _("Allowed");
      else
        state = self->opted_out[i] ? _("Stopped at the customer’s request") : _("Will be stopped");
      adw_action_row_set_subtitle (get_row (self, i), state);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            !self->busy && changes->len > 0 && *evidence != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CbzOptOutDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  int n_changed;

  n_changed = cbz_store_record_opt_outs_finish (CBZ_STORE (source), result, &error);
  self->busy = FALSE;
  if (n_changed < 0)
    {
      on_switch_changed_cb (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  g_signal_emit (self, signals[RECORDED], 0, n_changed);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_clicked_cb (CbzOptOutDialog *self)
{
  g_autoptr(GArray) changes = collect_changes (self);

  if (self->busy || changes->len == 0)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  cbz_store_record_opt_outs_async (self->store, self->debtor_id,
                                   (const CbzOptOutChange *) (gpointer) changes->data, changes->len,
                                   gtk_editable_get_text (GTK_EDITABLE (self->evidence_row)),
                                   self->cancellable, recorded_cb, g_object_ref (self));
}

static void
cbz_opt_out_dialog_dispose (GObject *object)
{
  CbzOptOutDialog *self = CBZ_OPT_OUT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_OPT_OUT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_opt_out_dialog_parent_class)->dispose (object);
}

static void
cbz_opt_out_dialog_class_init (CbzOptOutDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_opt_out_dialog_dispose;

  signals[RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-opt-out-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, sms_row);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, whatsapp_row);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, letter_row);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, sms_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, whatsapp_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, email_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, letter_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, phone_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, evidence_row);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CbzOptOutDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_opt_out_dialog_init (CbzOptOutDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* Each switch is named by its row ("WhatsApp") for screen readers. */
  for (guint i = 0; i < N_CHANNELS; i++)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (get_switch (self, i)), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    get_row (self, i), NULL, -1);
}

CbzOptOutDialog *
cbz_opt_out_dialog_new (GtkWindow       *parent,
                        CbzStore        *store,
                        const CbzDebtor *debtor)
{
  CbzOptOutDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);
  g_return_val_if_fail (debtor != NULL, NULL);

  self = g_object_new (CBZ_TYPE_OPT_OUT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->debtor_id = debtor->id;
  adw_window_title_set_subtitle (self->window_title, debtor->name != NULL ? debtor->name : "");
  for (guint i = 0; i < N_CHANNELS; i++)
    {
      self->opted_out[i] = cbz_debtor_get_opt_out (debtor, channels[i]);
      gtk_switch_set_active (get_switch (self, i), !self->opted_out[i]);
    }
  on_switch_changed_cb (self);
  return self;
}

void
cbz_opt_out_dialog_set_accepts (CbzOptOutDialog *self,
                                CbzEventChannel  channel,
                                gboolean         accepts)
{
  g_return_if_fail (CBZ_IS_OPT_OUT_DIALOG (self));

  for (guint i = 0; i < N_CHANNELS; i++)
    if (channels[i] == channel)
      gtk_switch_set_active (get_switch (self, i), accepts);
}

void
cbz_opt_out_dialog_set_evidence (CbzOptOutDialog *self,
                                 const char      *evidence)
{
  g_return_if_fail (CBZ_IS_OPT_OUT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->evidence_row), evidence != NULL ? evidence : "");
}
