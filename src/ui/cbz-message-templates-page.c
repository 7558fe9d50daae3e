/* cbz-message-templates-page.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page edits one wording at a time (a channel and a language) and
 * keeps the others it touched: the user's saved wordings, read once from
 * the store; drafts with problems, for as long as the window is open. It
 * reaches the store only through its worker connections
 * (cbz-message-templates-page-store.c); what the widgets show is in
 * cbz-message-templates-page-editor.c; the parameters and the preview are
 * widgets of their own (CbzMessageParamsGroup, CbzMessagePreviewGroup).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-message-templates-page-private.h"
#include "cbz-window.h"

#define SAVE_DELAY_MS 600

static const char * const languages[] = { "es", "en" };

G_DEFINE_FINAL_TYPE (CbzMessageTemplatesPage, cbz_message_templates_page, ADW_TYPE_PREFERENCES_PAGE)

/* Helpers */

CbzChannel
_cbz_message_templates_page_get_channel (CbzMessageTemplatesPage *self)
{
  switch (adw_combo_row_get_selected (self->channel_row))
    {
    case 1:
      return CBZ_CHANNEL_WHATSAPP;
    case 2:
      return CBZ_CHANNEL_EMAIL;
    default:
      return CBZ_CHANNEL_SMS;
    }
}

const char *
_cbz_message_templates_page_get_language (CbzMessageTemplatesPage *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);

  return languages[selected < G_N_ELEMENTS (languages) ? selected : 0];
}

char *
_cbz_message_templates_page_key (const CbzMessageTemplate *template)
{
  return g_strdup_printf ("%s/%s", cbz_channel_to_string (template->channel), template->language);
}

void
_cbz_message_templates_page_show_toast (CbzMessageTemplatesPage *self,
                                        const char              *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
  else
    g_warning ("%s", text);
}

/* Keeps what was typed for the template shown: saved when it can be, held
 * as a draft for this window otherwise. */
static void
put_away_current (CbzMessageTemplatesPage *self)
{
  CbzMessageTemplate *template;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->template == NULL || !self->dirty)
    return;
  if (cbz_message_templates_page_save (self, NULL))
    return;

  template = _cbz_message_templates_page_collect (self);
  g_hash_table_replace (self->drafts, _cbz_message_templates_page_key (template), template);
}

static void
create_variables_popup_cb (GtkMenuButton *button,
                           gpointer       user_data)
{
  _cbz_message_templates_page_build_variables_menu (CBZ_MESSAGE_TEMPLATES_PAGE (user_data));
}

/* Callbacks */

static gboolean
save_timeout_cb (gpointer user_data)
{
  CbzMessageTemplatesPage *self = user_data;

  self->save_id = 0;
  cbz_message_templates_page_save (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_text_changed_cb (CbzMessageTemplatesPage *self)
{
  if (self->filling || self->template == NULL)
    return;

  self->dirty = TRUE;
  _cbz_message_templates_page_update (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->valid && self->store != NULL)
    self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
on_selection_changed_cb (CbzMessageTemplatesPage *self)
{
  if (self->template != NULL &&
      self->template->channel == _cbz_message_templates_page_get_channel (self) &&
      g_str_equal (self->template->language, _cbz_message_templates_page_get_language (self)))
    return;

  put_away_current (self);
  _cbz_message_templates_page_load_current (self);
  /* Names follow the language; the menu is built on first use. */
  if (gtk_menu_button_get_menu_model (self->variables_button) != NULL)
    _cbz_message_templates_page_build_variables_menu (self);
}

static void
on_store_changed_cb (CbzMessageTemplatesPage *self)
{
  /* The company or the customers may have changed: a new sample. */
  _cbz_message_templates_page_load_sample (self);
}

static void
insert_variable_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  _cbz_message_templates_page_insert_variable (CBZ_MESSAGE_TEMPLATES_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
on_reset_response_cb (AdwMessageDialog        *dialog,
                      const char              *response,
                      CbzMessageTemplatesPage *self)
{
  if (!g_str_equal (response, "reset") || self->store == NULL || self->template == NULL)
    return;

  g_clear_handle_id (&self->save_id, g_source_remove);
  /* Behind any save still waiting, so the built-in wording is what stays. */
  _cbz_message_templates_page_queue_write (self, cbz_message_template_copy (self->template), TRUE);
}

static void
reset_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CbzMessageTemplatesPage *self = CBZ_MESSAGE_TEMPLATES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Reset to the Built-in Wording?"),
                                   _("Your wording of this message in this language will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Virtual methods */

/* Preferences open from the main window: its portfolio is the one to edit. */
static void
cbz_message_templates_page_map (GtkWidget *widget)
{
  CbzMessageTemplatesPage *self = CBZ_MESSAGE_TEMPLATES_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (cbz_message_templates_page_parent_class)->map (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root) && self->focus_handler == 0)
    self->focus_handler = g_signal_connect_object (root, "notify::focus-widget",
                                                   G_CALLBACK (_cbz_message_templates_page_track_focus), self, 0);

  if (self->store == NULL)
    {
      GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

      if (CBZ_IS_WINDOW (parent) && cbz_window_get_store (CBZ_WINDOW (parent)) != NULL)
        cbz_message_templates_page_set_store (self, cbz_window_get_store (CBZ_WINDOW (parent)));
    }
}

static void
cbz_message_templates_page_unmap (GtkWidget *widget)
{
  CbzMessageTemplatesPage *self = CBZ_MESSAGE_TEMPLATES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->focus_handler != 0 && root != NULL)
    g_signal_handler_disconnect (root, self->focus_handler);
  self->focus_handler = 0;

  GTK_WIDGET_CLASS (cbz_message_templates_page_parent_class)->unmap (widget);
}

static void
cbz_message_templates_page_dispose (GObject *object)
{
  CbzMessageTemplatesPage *self = CBZ_MESSAGE_TEMPLATES_PAGE (object);

  /* Keep what was typed in the last moment before closing; the writes
   * already queued go on without the page. */
  if (!self->disposed && self->store != NULL && self->dirty && self->valid)
    cbz_message_templates_page_save (self, NULL);
  self->disposed = TRUE;
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->sample_cancellable);
  /* Nothing the children say while going away is an edit. */
  self->filling = TRUE;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_weak_pointer (&self->insert_target);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_MESSAGE_TEMPLATES_PAGE);
  g_clear_pointer (&self->template, cbz_message_template_free);
  g_clear_pointer (&self->drafts, g_hash_table_unref);
  g_clear_pointer (&self->saved, g_hash_table_unref);
  g_clear_pointer (&self->first_problem, g_free);
  g_clear_pointer (&self->queue, _cbz_template_write_queue_close);

  G_OBJECT_CLASS (cbz_message_templates_page_parent_class)->dispose (object);
}

static void
cbz_message_templates_page_finalize (GObject *object)
{
  CbzMessageTemplatesPage *self = CBZ_MESSAGE_TEMPLATES_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->sample_cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_message_templates_page_parent_class)->finalize (object);
}

static void
cbz_message_templates_page_class_init (CbzMessageTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_message_templates_page_dispose;
  object_class->finalize = cbz_message_templates_page_finalize;
  widget_class->map = cbz_message_templates_page_map;
  widget_class->unmap = cbz_message_templates_page_unmap;

  g_type_ensure (CBZ_TYPE_MESSAGE_PARAMS_GROUP);
  g_type_ensure (CBZ_TYPE_MESSAGE_PREVIEW_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-message-templates-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CbzMessageTemplatesPage, name)
  BIND (channel_row);
  BIND (language_row);
  BIND (whatsapp_group);
  BIND (wa_template_row);
  BIND (wa_language_row);
  BIND (params_group);
  BIND (subject_group);
  BIND (subject_row);
  BIND (subject_problem);
  BIND (text_group);
  BIND (variables_button);
  BIND (body_view);
  BIND (body_problem);
  BIND (counter_label);
  BIND (sms_group);
  BIND (plain_switch);
  BIND (html_group);
  BIND (html_view);
  BIND (html_problem);
  BIND (preview_group);
  BIND (status_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_install_action (widget_class, "templates.insert-variable", "s", insert_variable_action_cb);
  gtk_widget_class_install_action (widget_class, "templates.reset", NULL, reset_action_cb);
}

static void
cbz_message_templates_page_init (CbzMessageTemplatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cbz_message_template_free);
  self->queue = _cbz_template_write_queue_new (self);

  for (guint i = 0; i < 2; i++)
    {
      GtkTextView *view = i == 0 ? self->body_view : self->html_view;
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

      gtk_text_buffer_create_tag (buffer, "problem", "underline", PANGO_UNDERLINE_ERROR, NULL);
      g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_changed_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_menu_button_set_create_popup_func (self->variables_button, create_variables_popup_cb, self, NULL);
  _cbz_message_templates_page_load_sample (self);
  _cbz_message_templates_page_load_current (self);
}

/* Public API */

GtkWidget *
cbz_message_templates_page_new (void)
{
  return g_object_new (CBZ_TYPE_MESSAGE_TEMPLATES_PAGE, NULL);
}

CbzStore *
cbz_message_templates_page_get_store (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), NULL);

  return self->store;
}

void
cbz_message_templates_page_set_store (CbzMessageTemplatesPage *self,
                                      CbzStore                *store)
{
  g_return_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self));
  g_return_if_fail (store == NULL || CBZ_IS_STORE (store));

  if (self->store == store)
    return;

  /* Saved to the portfolio it was typed for; the queued writes finish
   * there before anything is written to the new one. */
  put_away_current (self);
  g_hash_table_remove_all (self->drafts);
  g_clear_pointer (&self->saved, g_hash_table_unref);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->listing = FALSE;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->template, cbz_message_template_free);

  _cbz_message_templates_page_load_sample (self);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
      _cbz_message_templates_page_read_saved (self);
    }
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  _cbz_message_templates_page_load_current (self);
}

void
cbz_message_templates_page_select (CbzMessageTemplatesPage *self,
                                   CbzChannel               channel,
                                   const char              *language)
{
  g_return_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self));
  g_return_if_fail (language != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i], language))
      adw_combo_row_set_selected (self->language_row, i);
  adw_combo_row_set_selected (self->channel_row, (guint) channel);
}

gboolean
cbz_message_templates_page_save (CbzMessageTemplatesPage  *self,
                                 GError                  **error)
{
  CbzMessageTemplate *template;

  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->store == NULL || self->template == NULL || self->saved == NULL)
    {
      g_set_error_literal (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOT_FOUND,
                           _("No portfolio is open"));
      return FALSE;
    }

  template = _cbz_message_templates_page_collect (self);
  if (!_cbz_message_templates_page_check (self, template))
    {
      self->valid = FALSE;
      _cbz_message_templates_page_show_status (self);
      g_set_error_literal (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
                           self->first_problem);
      cbz_message_template_free (template);
      return FALSE;
    }

  self->valid = TRUE;
  _cbz_message_templates_page_show_status (self);
  _cbz_message_templates_page_queue_write (self, template, FALSE);
  return TRUE;
}

GtkTextView *
cbz_message_templates_page_get_body_view (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), NULL);

  return self->body_view;
}

GtkSwitch *
cbz_message_templates_page_get_plain_switch (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), NULL);

  return self->plain_switch;
}

const char *
cbz_message_templates_page_get_counter_text (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), NULL);

  return gtk_label_get_label (self->counter_label);
}

const char *
cbz_message_templates_page_get_problem_text (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), NULL);

  return self->first_problem;
}

const char *
cbz_message_templates_page_get_preview_text (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), NULL);

  return self->valid ? cbz_message_preview_group_get_text (self->preview_group) : NULL;
}

gint64
cbz_message_templates_page_get_sample_debtor (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), 0);

  return cbz_message_preview_group_get_sample (self->preview_group)->debtor_id;
}

gboolean
cbz_message_templates_page_get_dirty (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), FALSE);

  return self->dirty;
}

gboolean
cbz_message_templates_page_get_busy (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), FALSE);

  return self->listing || self->sample_cancellable != NULL ||
         (self->queue != NULL && !g_queue_is_empty (&self->queue->writes));
}
