/* cbz-message-templates-page-editor.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wording in the widgets of the Messages page: collected into a
 * template, checked with the template engine (every problem marked where
 * it is), shown again for another channel or language, and the variables
 * inserted where the person last typed.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-message-templates-page-private.h"
#include "cbz-ui-format.h"

/* TRUE when @a and @b would be stored alike. */
gboolean
_cbz_message_templates_page_same (const CbzMessageTemplate *a,
                                  const CbzMessageTemplate *b)
{
  const char * const *pa = (const char * const *) a->wa_params;
  const char * const *pb = (const char * const *) b->wa_params;

  return a->channel == b->channel && g_str_equal (a->language, b->language) &&
         g_strcmp0 (a->subject, b->subject) == 0 && g_strcmp0 (a->body, b->body) == 0 &&
         g_strcmp0 (a->html, b->html) == 0 && g_strcmp0 (a->wa_template, b->wa_template) == 0 &&
         g_strcmp0 (a->wa_language, b->wa_language) == 0 && a->sms_plain == b->sms_plain &&
         (pa == pb || (pa != NULL && pb != NULL && g_strv_equal (pa, pb)));
}

static char *
get_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_buffer_text (GtkTextView *view,
                 const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static char *
dup_entry_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
replace_string (char **field,
                char  *value)
{
  g_free (*field);
  *field = value;
}

/* The template as the widgets show it: the loaded one with the fields of the
 * current channel replaced. */
CbzMessageTemplate *
_cbz_message_templates_page_collect (CbzMessageTemplatesPage *self)
{
  CbzMessageTemplate *template;

  if (self->template == NULL)
    return NULL;

  template = cbz_message_template_copy (self->template);
  template->builtin = FALSE;
  replace_string (&template->body, get_buffer_text (self->body_view));

  switch (template->channel)
    {
    case CBZ_CHANNEL_SMS:
      template->sms_plain = gtk_switch_get_active (self->plain_switch);
      break;

    case CBZ_CHANNEL_WHATSAPP:
      replace_string (&template->wa_template, dup_entry_text (self->wa_template_row));
      replace_string (&template->wa_language, dup_entry_text (self->wa_language_row));
      g_strfreev (template->wa_params);
      template->wa_params = cbz_message_params_group_dup_params (self->params_group);
      break;

    case CBZ_CHANNEL_EMAIL:
      replace_string (&template->subject, g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row))));
      replace_string (&template->html, get_buffer_text (self->html_view));
      if (*template->html == '\0')
        g_clear_pointer (&template->html, g_free);
      break;

    default:
      g_assert_not_reached ();
    }
  return template;
}

/* The first problem in @text as a sentence for the person, or NULL; every
 * problem is underlined in @view when given. */
static char *
check_text (const char  *text,
            GtkTextView *view)
{
  g_autoptr(GPtrArray) problems = cbz_template_check (text);

  if (view != NULL)
    cbz_ui_mark_template_problems (gtk_text_view_get_buffer (view), text, problems);

  if (problems->len == 0)
    return NULL;
  return g_strdup (((CbzTemplateDiagnostic *) g_ptr_array_index (problems, 0))->message);
}

static void
show_problem (GtkLabel   *label,
              const char *problem)
{
  gtk_label_set_label (label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (label), problem != NULL);
}

/* Marks every problem of the current channel's texts; TRUE when none. The
 * first one, in the order of the page, is kept for the status. */
gboolean
_cbz_message_templates_page_check (CbzMessageTemplatesPage *self,
                                   CbzMessageTemplate      *template)
{
  g_autofree char *params_problem = NULL;
  g_autofree char *subject_problem = NULL;
  g_autofree char *body_problem = NULL;
  g_autofree char *html_problem = NULL;

  if (template->channel == CBZ_CHANNEL_WHATSAPP)
    params_problem = cbz_message_params_group_check (self->params_group);

  if (template->channel == CBZ_CHANNEL_EMAIL)
    {
      subject_problem = check_text (template->subject != NULL ? template->subject : "", NULL);
      if (subject_problem == NULL && is_blank (template->subject))
        subject_problem = g_strdup (_("An email needs a subject"));
      html_problem = check_text (template->html != NULL ? template->html : "", self->html_view);
    }

  body_problem = check_text (template->body, self->body_view);
  if (body_problem == NULL && is_blank (template->body))
    body_problem = g_strdup (_("The message has no text"));

  show_problem (self->subject_problem, subject_problem);
  show_problem (self->body_problem, body_problem);
  show_problem (self->html_problem, html_problem);

  g_free (self->first_problem);
  self->first_problem = g_strdup (params_problem ? params_problem
                                  : subject_problem ? subject_problem
                                  : body_problem ? body_problem : html_problem);
  return self->first_problem == NULL;
}

void
_cbz_message_templates_page_show_status (CbzMessageTemplatesPage *self)
{
  const char *status;

  if (self->template == NULL)
    status = "";
  else if (self->dirty && !self->valid)
    status = _("Not saved: correct the problems marked above");
  else if (self->dirty && self->write_failed)
    status = _("Not saved");
  else if (self->dirty)
    status = _("Saving…");
  else if (self->template->builtin)
    status = _("Built-in wording");
  else
    status = _("Your own wording, saved");

  gtk_label_set_label (self->status_label, status);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.reset",
                                 self->store != NULL && self->template != NULL &&
                                 (!self->template->builtin || self->dirty));
}

static void
show_channel (CbzMessageTemplatesPage *self,
              CbzChannel               channel)
{
  gtk_widget_set_visible (GTK_WIDGET (self->whatsapp_group), channel == CBZ_CHANNEL_WHATSAPP);
  gtk_widget_set_visible (GTK_WIDGET (self->params_group), channel == CBZ_CHANNEL_WHATSAPP);
  gtk_widget_set_visible (GTK_WIDGET (self->subject_group), channel == CBZ_CHANNEL_EMAIL);
  gtk_widget_set_visible (GTK_WIDGET (self->html_group), channel == CBZ_CHANNEL_EMAIL);
  gtk_widget_set_visible (GTK_WIDGET (self->sms_group), channel == CBZ_CHANNEL_SMS);

  switch (channel)
    {
    case CBZ_CHANNEL_SMS:
      adw_preferences_group_set_title (self->text_group, _("Text"));
      adw_preferences_group_set_description (self->text_group, NULL);
      break;
    case CBZ_CHANNEL_WHATSAPP:
      adw_preferences_group_set_title (self->text_group, _("Text"));
      adw_preferences_group_set_description (self->text_group,
                                             _("Sent instead of the template inside the 24-hour window "
                                               "through Twilio, and when sending by hand."));
      break;
    case CBZ_CHANNEL_EMAIL:
      adw_preferences_group_set_title (self->text_group, _("Plain Text"));
      adw_preferences_group_set_description (self->text_group, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Everything that follows from the texts: problems, preview, counter. */
void
_cbz_message_templates_page_update (CbzMessageTemplatesPage *self)
{
  g_autoptr(CbzMessageTemplate) template = _cbz_message_templates_page_collect (self);
  const char *counter;

  if (template == NULL)
    return;
  self->valid = _cbz_message_templates_page_check (self, template);
  cbz_message_preview_group_show (self->preview_group, self->valid ? template : NULL);
  counter = cbz_message_preview_group_get_counter_text (self->preview_group);
  gtk_label_set_label (self->counter_label, counter);
  gtk_widget_set_visible (GTK_WIDGET (self->counter_label),
                          template->channel == CBZ_CHANNEL_SMS && *counter != '\0');
  _cbz_message_templates_page_show_status (self);
}

static void
show_template (CbzMessageTemplatesPage *self,
               CbzMessageTemplate      *template,
               gboolean                 dirty)
{
  g_clear_pointer (&self->template, cbz_message_template_free);
  self->template = template;
  self->dirty = dirty;

  self->filling = TRUE;
  set_buffer_text (self->body_view, template->body);
  set_buffer_text (self->html_view, template->html);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), template->subject != NULL ? template->subject : "");
  gtk_editable_set_text (GTK_EDITABLE (self->wa_template_row),
                         template->wa_template != NULL ? template->wa_template : "");
  gtk_editable_set_text (GTK_EDITABLE (self->wa_language_row),
                         template->wa_language != NULL ? template->wa_language : "");
  gtk_switch_set_active (self->plain_switch, template->sms_plain);
  cbz_message_params_group_set_params (self->params_group, template->wa_params);
  self->filling = FALSE;

  show_channel (self, template->channel);
  _cbz_message_templates_page_update (self);
}

/* The draft typed here, else the user's saved wording, else the built-in
 * one: all at hand, nothing read from the store. */
void
_cbz_message_templates_page_load_current (CbzMessageTemplatesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzMessageTemplate) wanted = cbz_message_template_new (CBZ_MESSAGE_TEMPLATES_PAGE_NAME,
                                                                   _cbz_message_templates_page_get_channel (self),
                                                                   _cbz_message_templates_page_get_language (self));
  g_autofree char *key = _cbz_message_templates_page_key (wanted);
  CbzMessageTemplate *template;
  gpointer stolen_key;
  gpointer draft;

  if (g_hash_table_steal_extended (self->drafts, key, &stolen_key, &draft))
    {
      g_free (stolen_key);
      show_template (self, draft, TRUE);
      return;
    }

  template = self->saved != NULL ? g_hash_table_lookup (self->saved, key) : NULL;
  if (template != NULL)
    template = cbz_message_template_copy (template);
  else
    template = cbz_message_template_load_builtin (CBZ_MESSAGE_TEMPLATES_PAGE_NAME, wanted->channel,
                                                  wanted->language, &error);
  if (template == NULL)
    {
      g_warning ("%s", error->message);
      template = g_steal_pointer (&wanted);
      template->builtin = TRUE;
      template->body = g_strdup ("");
    }
  /* Wordings that fall back to Spanish still belong to the language shown. */
  replace_string (&template->language, g_strdup (_cbz_message_templates_page_get_language (self)));
  show_template (self, template, FALSE);
}

void
_cbz_message_templates_page_build_variables_menu (CbzMessageTemplatesPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  gboolean english = g_str_equal (_cbz_message_templates_page_get_language (self), "en");
  guint n_variables;
  const CbzTemplateVariable *variables = cbz_template_get_variables (&n_variables);

  for (guint i = 0; i < n_variables; i++)
    {
      const CbzTemplateVariable *v = &variables[i];
      const char *inserted = english ? v->alias : v->name;
      const char *other = english ? v->name : v->alias;
      /* Translators: 1 a variable's description; 2 its name; 3 its other-language name. */
      g_autofree char *label = g_strdup_printf (_("%s — {{%s}} or {{%s}}"), _(v->description), inserted, other);
      g_auto(GStrv) pieces = g_strsplit (label, "_", -1);
      /* Menu labels take "_" as a mnemonic: variable names need it doubled. */
      g_autofree char *escaped = g_strjoinv ("__", pieces);
      g_autoptr(GMenuItem) item = g_menu_item_new (escaped, NULL);

      g_menu_item_set_action_and_target (item, "templates.insert-variable", "s", inserted);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->variables_button, G_MENU_MODEL (menu));
}

/* Variables go where the person last typed: a text or an entry row. */
void
_cbz_message_templates_page_track_focus (GtkWindow               *window,
                                         GParamSpec              *pspec,
                                         CbzMessageTemplatesPage *self)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  GtkWidget *target;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return;
  target = GTK_IS_TEXT_VIEW (focus) ? focus : gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW);
  if (target != NULL)
    g_set_weak_pointer (&self->insert_target, target);
}

void
_cbz_message_templates_page_insert_variable (CbzMessageTemplatesPage *self,
                                             const char              *name)
{
  g_autofree char *placeholder = g_strdup_printf ("{{%s}}", name);
  GtkWidget *target = self->insert_target;

  if (target == NULL || !gtk_widget_get_mapped (target))
    target = GTK_WIDGET (self->body_view);

  if (GTK_IS_TEXT_VIEW (target))
    gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (target)), placeholder, -1);
  else if (GTK_IS_EDITABLE (target))
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (target));

      gtk_editable_insert_text (GTK_EDITABLE (target), placeholder, -1, &position);
      gtk_editable_set_position (GTK_EDITABLE (target), position);
    }
  gtk_widget_grab_focus (target);
}
