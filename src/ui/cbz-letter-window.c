/* cbz-letter-window.c: a letter to one customer, its text and its preview
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-letter-template.h"
#include "cbz-letter-window-private.h"
#include "cbz-ui-format.h"

G_DEFINE_FINAL_TYPE (CbzLetterWindow, cbz_letter_window, ADW_TYPE_WINDOW)

static CbzLetterLevel
current_level (CbzLetterWindow *self)
{
  return (CbzLetterLevel) (gtk_drop_down_get_selected (self->level_dropdown) + 1);
}

static const char *
current_language (CbzLetterWindow *self)
{
  return gtk_drop_down_get_selected (self->language_dropdown) == 1 ? "en" : "es";
}

char *
_cbz_letter_window_get_text (CbzLetterWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->editor);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
_cbz_letter_window_show_toast (CbzLetterWindow *self,
            const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
_cbz_letter_window_update_actions (CbzLetterWindow *self)
{
  gboolean ready = self->pdf != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.save", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.print", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.previous-page", ready && self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.next-page", ready && self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.zoom-in", self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.zoom-out", self->zoom > ZOOM_MIN);
}

void
_cbz_letter_window_update_labels (CbzLetterWindow *self)
{
  g_autofree char *zoom = g_strdup_printf ("%d %%", (int) (self->zoom * 100 + 0.5));

  gtk_label_set_label (self->zoom_label, zoom);
  if (self->n_pages > 0)
    {
      /* Translators: page navigation under the letter preview */
      g_autofree char *page = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->n_pages);
      gtk_label_set_label (self->page_label, page);
    }
  else
    gtk_label_set_label (self->page_label, "");
}

/* Underlines every bad placeholder and lists the problems under the editor. */
static void
check_template (CbzLetterWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->editor);
  g_autofree char *text = _cbz_letter_window_get_text (self);
  g_autoptr(GPtrArray) problems = cbz_template_check (text);
  g_autoptr(GString) messages = g_string_new (NULL);

  cbz_ui_mark_template_problems (buffer, text, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      CbzTemplateDiagnostic *d = g_ptr_array_index (problems, i);

      if (messages->len > 0)
        g_string_append_c (messages, '\n');
      g_string_append (messages, d->message);
    }

  if (messages->len == 0 && self->letter_error != NULL)
    g_string_append (messages, self->letter_error);
  gtk_label_set_label (self->problems_label, messages->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), messages->len > 0);
}

static void
on_text_changed_cb (CbzLetterWindow *self)
{
  if (self->loading_text)
    return;
  check_template (self);
  gtk_label_set_label (self->template_state_label, _("Edited for this letter"));
  _cbz_letter_window_schedule_render (self);
}

static void
load_template_text (CbzLetterWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean custom = FALSE;

  text = cbz_letter_template_load (self->store, current_level (self), current_language (self), &custom, &error);
  if (text == NULL)
    {
      _cbz_letter_window_show_toast (self, error->message);
      text = cbz_letter_template_get_builtin (current_level (self), current_language (self));
    }

  self->loading_text = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->editor), text, -1);
  self->loading_text = FALSE;
  gtk_label_set_label (self->template_state_label,
                       custom ? _("Your default text for this level") : _("Built-in text"));
  check_template (self);
}

static void
load_letter (CbzLetterWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->letter, cbz_letter_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->page = 0;
  self->n_pages = 0;

  self->letter = cbz_letter_new_from_store (self->store, self->debtor_id, current_level (self),
                                            current_language (self), 1, &error);
  g_clear_pointer (&self->letter_error, g_free);
  if (self->letter == NULL)
    {
      self->letter_error = g_strdup (error->message);
      gtk_picture_set_paintable (self->picture, NULL);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Letter to %s"), self->letter->name);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }

  load_template_text (self);
  _cbz_letter_window_update_labels (self);
  _cbz_letter_window_update_actions (self);
  _cbz_letter_window_start_render (self);
}

static void
on_choice_changed_cb (CbzLetterWindow *self)
{
  if (self->store != NULL)
    load_letter (self);
}

static void
keep_template_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = _cbz_letter_window_get_text (self);

  if (!cbz_letter_template_save (self->store, current_level (self), current_language (self), text, &error))
    {
      _cbz_letter_window_show_toast (self, error->message);
      return;
    }
  gtk_label_set_label (self->template_state_label, _("Your default text for this level"));
  _cbz_letter_window_show_toast (self, _("Every letter of this level and language will use this text"));
}

static void
reset_template_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!cbz_letter_template_reset (self->store, current_level (self), current_language (self), &error))
    {
      _cbz_letter_window_show_toast (self, error->message);
      return;
    }
  load_template_text (self);
  _cbz_letter_window_start_render (self);
}

static void
page_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);

  if (g_str_equal (action_name, "letter.next-page") && self->page + 1 < self->n_pages)
    self->page++;
  else if (g_str_equal (action_name, "letter.previous-page") && self->page > 0)
    self->page--;
  else
    return;
  _cbz_letter_window_update_labels (self);
  _cbz_letter_window_update_actions (self);
  _cbz_letter_window_start_render (self);
}

static void
zoom_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);

  if (g_str_equal (action_name, "letter.zoom-in"))
    self->zoom = MIN (self->zoom * 1.25, ZOOM_MAX);
  else
    self->zoom = MAX (self->zoom / 1.25, ZOOM_MIN);
  _cbz_letter_window_update_labels (self);
  _cbz_letter_window_update_actions (self);
  _cbz_letter_window_start_render (self);
}

static char *
variables_help (void)
{
  const CbzTemplateVariable *vars;
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = 0;

  vars = cbz_template_get_variables (&n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s{{%s}}", i > 0 ? ", " : "", vars[i].name);
  /* Translators: %s is the list of variables, "{{nombre}}, {{contacto}}, …"; keep
   * [facturas], [pago] and the example [first|second] as they are */
  return g_strdup_printf (_("Variables: %s. Paragraphs [facturas] and [pago] place the invoice table and "
                            "the payment details. A sentence with a variable that has no value is left out, "
                            "and [first|second] prints the first choice whose variables all have values."),
                          list->str);
}

static void
cbz_letter_window_dispose (GObject *object)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->render_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_LETTER_WINDOW);

  G_OBJECT_CLASS (cbz_letter_window_parent_class)->dispose (object);
}

static void
cbz_letter_window_finalize (GObject *object)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->letter, cbz_letter_free);
  g_clear_pointer (&self->profile, cbz_company_profile_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->subject);
  g_free (self->letter_error);

  G_OBJECT_CLASS (cbz_letter_window_parent_class)->finalize (object);
}

static void
cbz_letter_window_class_init (CbzLetterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_letter_window_dispose;
  object_class->finalize = cbz_letter_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-letter-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, problems_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, variables_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, template_state_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, picture);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, page_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed_cb);

  gtk_widget_class_install_action (widget_class, "letter.save", NULL, _cbz_letter_window_save_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.print", NULL, _cbz_letter_window_print_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.keep-template", NULL, keep_template_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.reset-template", NULL, reset_template_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.next-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.previous-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.zoom-in", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.zoom-out", NULL, zoom_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "letter.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "letter.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "letter.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "letter.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "letter.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "letter.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "letter.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_letter_window_init (CbzLetterWindow *self)
{
  GtkTextBuffer *buffer;
  g_autofree char *help = variables_help ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* An A4 page fits the preview pane of the default window size. */
  self->zoom = 0.8;
  buffer = gtk_text_view_get_buffer (self->editor);
  gtk_text_buffer_create_tag (buffer, "problem", "underline", PANGO_UNDERLINE_ERROR,
                              "underline-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 1.0 }, NULL);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_label_set_label (self->variables_label, help);
  _cbz_letter_window_update_labels (self);
  _cbz_letter_window_update_actions (self);
}

/**
 * cbz_letter_window_new:
 * @parent: (nullable): the main window
 * @store: the portfolio
 * @debtor_id: the customer
 */
CbzLetterWindow *
cbz_letter_window_new (GtkWindow *parent,
                       CbzStore  *store,
                       gint64     debtor_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  CbzLetterWindow *self;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_LETTER_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->debtor_id = debtor_id;
  self->profile = cbz_company_profile_load (store, &error);
  if (self->profile == NULL)
    {
      _cbz_letter_window_show_toast (self, error->message);
      self->profile = cbz_company_profile_new ();
      g_clear_error (&error);
    }

  /* The customer's own language first; the level their oldest invoice puts them at. */
  debtor = cbz_store_get_debtor (store, debtor_id, NULL);
  if (debtor != NULL && debtor->language != NULL && g_str_has_prefix (debtor->language, "en"))
    gtk_drop_down_set_selected (self->language_dropdown, 1);

  load_letter (self);
  if (self->letter != NULL)
    {
      int days = 0;

      for (guint i = 0; i < self->letter->invoices->len; i++)
        days = MAX (days, ((CbzLetterInvoice *) g_ptr_array_index (self->letter->invoices, i))->days_overdue);
      if (days >= 60)
        gtk_drop_down_set_selected (self->level_dropdown, 2);
      else if (days >= 30)
        gtk_drop_down_set_selected (self->level_dropdown, 1);
    }

  return self;
}

GBytes *
cbz_letter_window_get_pdf (CbzLetterWindow *self)
{
  g_return_val_if_fail (CBZ_IS_LETTER_WINDOW (self), NULL);

  return self->pdf;
}

guint
cbz_letter_window_get_n_pages (CbzLetterWindow *self)
{
  g_return_val_if_fail (CBZ_IS_LETTER_WINDOW (self), 0);

  return self->n_pages;
}

