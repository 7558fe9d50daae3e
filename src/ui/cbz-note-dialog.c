/* cbz-note-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-note-dialog.h"
#include "cbz-store-notes.h"

struct _CbzNoteDialog
{
  AdwWindow        parent_instance;

  CbzStore        *store;
  gint64           debtor_id;
  GCancellable    *cancellable;
  gboolean         busy;

  AdwWindowTitle  *window_title;
  GtkTextView     *text_view;
  GtkLabel        *error_label;
  GtkButton       *add_button;
};

enum {
  ADDED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzNoteDialog, cbz_note_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static char *
get_text (CbzNoteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_text_changed_cb (CbzNoteDialog *self)
{
  g_autofree char *text = get_text (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !self->busy && *g_strstrip (text) != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CbzNoteDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 event_id;

  event_id = cbz_store_add_note_finish (CBZ_STORE (source), result, &error);
  self->busy = FALSE;
  if (event_id == 0)
    {
      on_text_changed_cb (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  g_signal_emit (self, signals[ADDED], 0, event_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_add_clicked_cb (CbzNoteDialog *self)
{
  g_autofree char *text = get_text (self);

  if (self->busy || *g_strstrip (text) == '\0')
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  cbz_store_add_note_async (self->store, self->debtor_id, text, self->cancellable, added_cb, g_object_ref (self));
}

/* Enter starts a new line in a note: Ctrl+Enter adds it, caught before
 * the text view makes a line of it. */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   CbzNoteDialog         *self)
{
  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter) || (state & GDK_CONTROL_MASK) == 0)
    return GDK_EVENT_PROPAGATE;
  on_add_clicked_cb (self);
  return GDK_EVENT_STOP;
}

static void
cbz_note_dialog_dispose (GObject *object)
{
  CbzNoteDialog *self = CBZ_NOTE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_NOTE_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_note_dialog_parent_class)->dispose (object);
}

static void
cbz_note_dialog_class_init (CbzNoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_note_dialog_dispose;

  signals[ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-note-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzNoteDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzNoteDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, CbzNoteDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CbzNoteDialog, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_note_dialog_init (CbzNoteDialog *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_text_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

CbzNoteDialog *
cbz_note_dialog_new (GtkWindow *parent,
                     CbzStore  *store,
                     gint64     debtor_id)
{
  CbzNoteDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_NOTE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->debtor_id = debtor_id;
  return self;
}

void
cbz_note_dialog_set_customer (CbzNoteDialog   *self,
                              const CbzDebtor *debtor)
{
  g_return_if_fail (CBZ_IS_NOTE_DIALOG (self));
  g_return_if_fail (debtor != NULL);

  adw_window_title_set_subtitle (self->window_title, debtor->name != NULL ? debtor->name : "");
}

void
cbz_note_dialog_set_text (CbzNoteDialog *self,
                          const char    *text)
{
  g_return_if_fail (CBZ_IS_NOTE_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
}
